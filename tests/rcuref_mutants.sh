#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rcuref_mutants.sh PAGEREF ROOT: every mutant of the rcuref family
# (src/family/rcuref/mutants/*.patch) is shown by the regression corpus:
# some rcuref scenario gives its own bug's title on it (the table below:
# what each planted bug must look like), while every shipped variant keeps
# the scenario's expected verdict (corpus-verdicts); and explore finds the
# same title from that scenario's operations alone (its schedule ignored).
set -u
P=$1 root=$2 fail=0
bad() { echo "FAIL: $*"; fail=1; }
declare -A want=(
	[mut-put-relaxed]="BUG: stale object contents after the last put in obj_put"
	[mut-no-acquire]="BUG: stale object contents after the last put in obj_put"
	[mut-no-preempt]="KASAN: slab-use-after-free Read in rcuref_put_slowpath"
	[mut-reread]="WARNING in rcuref_put_slowpath"
	[mut-cmpxchg-ignored]="BUG: object freed while referenced in obj_put"
	[mut-is-dead-noref]="BUG: rcuref_get succeeded on dead object in obj_lookup"
	[mut-saturation-late]="BUG: misuse not caught: rcuref_get on live object"
)
scn=("$root"/corpus/scenarios/rcuref-*.scn)
muts=$("$P" list --api rcuref --class mutant --quiet)
[ "$(wc -w <<<"$muts")" -ge 5 ] || bad "fewer than five rcuref mutants: $muts"
for m in $muts; do
	[ -n "${want[$m]:-}" ] || { bad "$m: no expected title in this test's table"; continue; }
	hit=$("$P" replay --quiet --api rcuref --variant "$m" "${scn[@]}" 2>/dev/null |
		grep -F ": ${want[$m]}" | head -1 | sed 's/: .*//')
	[ -n "$hit" ] || { bad "$m: no corpus scenario shows '${want[$m]}'"; continue; }
	got=$("$P" explore --api rcuref --variant "$m" --all --quiet "$hit" 2>/dev/null |
		sed -n 's/^finding [0-9]*: \(.*\) ([0-9]* preemption.*/\1/p')
	grep -qxF "${want[$m]}" <<<"$got" || { bad "$m: explore of $(basename "$hit") finds: ${got:-nothing}"; continue; }
	echo "ok   $m: $(basename "$hit" .scn): ${want[$m]} (and explore finds it)"
done
exit $fail
