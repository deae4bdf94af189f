#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The explorer's figures (a benchmark, not a test): for each scenario and
# variant: runs at the default bound (0..3, every title), schedules per
# second on one core (the no-reduction run, when it takes >= 0.05 s), the
# reduction ratio (schedules
# run without reduction / with it, unbounded), and the deepest preemption
# bound finished within BENCH_TIME seconds (default 60).
# usage: bench/explore.sh [PAGEREF] [SCENARIO...]
#   (default: build/plain/pageref, corpus/scenarios/*.scn tests/min/*.scn)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
P=${1:-$ROOT/build/plain/pageref}; shift || true
T=${BENCH_TIME:-60}
VARIANTS=${BENCH_VARIANTS:-"v4 upstream"}
[ $# -gt 0 ] || set -- "$ROOT"/corpus/scenarios/*.scn "$ROOT"/tests/min/*.scn
fig() { sed -n 's/^figures: \([0-9]*\) schedule.*, \([0-9]*\) run(s) in all.*bound reached: \(.*\), \([0-9.]*\) s$/\1 \2 \4 \3/p'; }
printf '%-34s %-9s %10s %8s %10s %10s %6s  %s\n' scenario variant "runs 0..3" "runs/s" "unbounded" "no-reduct" ratio "deepest bound in ${T}s"
allr=0; allt=0
for f in "$@"; do
	for v in $VARIANTS; do
		read -r s1 r1 t1 b1 < <("$P" explore --all --quiet --variant "$v" "$f" 2>/dev/null | fig)
		ou=$("$P" explore --all --quiet --unbounded --time "$T" --variant "$v" "$f" 2>/dev/null)
		read -r su _ _ _ < <(echo "$ou" 2>/dev/null | fig)
		on=$("$P" explore --all --quiet --unbounded --no-reduction --time "$T" --variant "$v" "$f" 2>/dev/null)
		read -r sn rn tn _ < <(echo "$on" 2>/dev/null | fig)
		allr=$((allr + rn)); allt=$(awk -v a="$allt" -v b="$tn" 'BEGIN { print a + b }')
		rate=$(awk -v r="$rn" -v t="$tn" 'BEGIN { if (t >= 0.05) printf("%.0f", r / t); else printf("-") }')
		grep -q '^verdict: interrupted' <<<"$ou" && su=">$su"
		grep -q '^verdict: interrupted' <<<"$on" && sn=">$sn"
		ratio=$(awk -v a="${su#>}" -v b="${sn#>}" 'BEGIN { if (a > 0) printf("%.2f", b / a); else printf("-") }')
		[[ $su == \>* || $sn == \>* ]] && ratio="n/a"
		od=$("$P" explore --all --quiet --preemptions 64 --time "$T" --variant "$v" "$f" 2>/dev/null)
		deep=$(echo "$od" | fig | awk '{ print $4 }')
		grep -q "nothing cut by the bound" <<<"$od" && deep="$deep (exhaustive)"
		printf '%-34s %-9s %10s %8s %10s %10s %6s  %s\n' "$(basename "$f")" "$v" "$r1" "$rate" "$su" "$sn" "$ratio" "$deep"
	done
done
awk -v r="$allr" -v t="$allt" 'BEGIN { if (t > 0) printf("no-reduction runs, all rows: %d in %.2f s: %.0f schedules/s on one core\n", r, t, r / t) }'
