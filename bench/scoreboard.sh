#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The bug-finding scoreboard: for every mutant in bench/mutants/, time and
# executions to the first finding that is the mutant's own (its base variant
# is clean on the same input), over SEEDS seeds, with the structure-aware
# mutator and with byte-level mutation only; then the false-positive check:
# every correct variant fuzzed for the same budget must find nothing.
# A benchmark, not a test: it prints figures (markdown) and always exits 0
# unless it could not run.
#
#   bench/scoreboard.sh [--seeds N] [--budget SECONDS] [--fuzz-dir DIR] [--afl-dir DIR]
#                       [--only mut-NAME]   (one mutant's row, no false-positive runs)
#                       [--false-positives-only]
# (AFL++ columns when DIR/pageref_fuzz_v4 and afl-fuzz exist.)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
seeds=5 budget=30 fuzzdir="$ROOT/build/fuzz" afldir="$ROOT/build/afl" only="" fp=1
mutlib="$ROOT/build/plain/libpageref_afl_mutator.so"
while [ $# -gt 0 ]; do
	case "$1" in
	--seeds) seeds=$2; shift 2;;
	--budget) budget=$2; shift 2;;
	--fuzz-dir) fuzzdir=$2; shift 2;;
	--afl-dir) afldir=$2; shift 2;;
	--only) only=$2; fp=0; shift 2;;
	--false-positives-only) only=none; fp=1; shift;;
	*) echo "scoreboard.sh: unknown flag $1" >&2; exit 2;;
	esac
done
[ -x "$fuzzdir/pageref_fuzz_v4" ] || { echo "scoreboard.sh: no fuzz build in $fuzzdir (./build.sh test builds it)" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# run_one TARGET WORLD SEED MUTATOR -> "seconds execs title..." or "- - -"
run_one() {
	local bin=$1 world=$2 seed=$3 mut=$4 d="$work/run" t0 t1
	rm -rf "$d"; mkdir -p "$d/c" "$d/a"
	t0=$(date +%s.%N)
	PAGEREF_WORLD="$world" PAGEREF_MUTATOR=$mut "$bin" -seed="$seed" -max_total_time="$budget" \
		-max_len=1300 -artifact_prefix="$d/a/" "$d/c" >"$d/log" 2>&1
	t1=$(date +%s.%N)
	if ls "$d"/a/crash-* >/dev/null 2>&1; then
		printf '%s %s %s\n' "$(echo "$t1 - $t0" | bc)" "$(sed -n 's/^PAGEREF-EXECUTIONS: //p' "$d/log")" \
			"$(sed -n 's/^PAGEREF-FINDING: //p' "$d/log")"
	else
		echo "- - -"
	fi
}

# run_afl_one TARGET WORLD SEED MUTATOR -> "seconds execs title..." or "- - -"
run_afl_one() {
	local bin=$1 world=$2 seed=$3 mut=$4 d="$work/afl" crash name secs execs
	rm -rf "$d"; mkdir -p "$d/in"; printf '\001\002\000\000' > "$d/in/empty"
	PAGEREF_WORLD="$world" AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		AFL_NO_AFFINITY=1 AFL_BENCH_UNTIL_CRASH=1 AFL_CUSTOM_MUTATOR_LIBRARY=$([ "$mut" = 1 ] && echo "$mutlib") \
		afl-fuzz -i "$d/in" -o "$d/out" -s "$seed" -V "$budget" -- "$bin" >"$d/log" 2>&1
	crash=$(ls "$d"/out/default/crashes/id:* 2>/dev/null | head -1)
	if [ -z "$crash" ] && grep -q -E 'PROGRAM ABORT.*crash|All test cases crash|Test case .* results in a crash' "$d/log"; then
		# AFL++ refuses to start when the seed itself crashes: found at its dry run
		printf '0.00 1 %s\n' "$("$ROOT/build/plain/pageref" replay --quiet --variant "$5" --world "${world:-none}" "$d/in/empty" | sed "s|^[^:]*: ||")"
		return
	fi
	if [ -z "$crash" ]; then echo "- - -"; return; fi
	name=$(basename "$crash")
	secs=$(echo "$name" | sed -nE 's/.*,time:([0-9]+),.*/\1/p'); execs=$(echo "$name" | sed -nE 's/.*,execs:([0-9]+),.*/\1/p')
	printf '%s %s %s\n' "$(echo "scale=2; $secs / 1000" | bc)" "$execs" \
		"$("$ROOT/build/plain/pageref" replay --quiet --variant "$5" --world "${world:-none}" "$crash" | sed "s|^.*crashes/[^:]*:[^:]*:[^ ]*: ||")"
}

# median_max: the median and the maximum of the numbers on stdin
median_max() {
	sort -g | awk '{ a[NR] = $1 } END { if (!NR) { print "- -"; exit }
		m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print m, a[NR] }'
}

# stats FILE: "median max found/total" of the seconds ("-": the whole budget)
stats() {
	local mm found total
	mm=$(awk -v b="$budget" '{ print ($1 == "-") ? b : $1 }' "$1" | median_max)
	found=$(awk '$1 != "-"' "$1" | wc -l); total=$(wc -l < "$1")
	printf '%.2f %.2f %s/%s\n' $mm "$found" "$total"
}
# estats FILE: median and max executions of the runs that found something
estats() {
	awk '$2 != "-" { print $2 }' "$1" | median_max | awk '{ printf "%s %s\n", $1, $2 }'
}

echo "## Mutation scoreboard ($seeds seeds, ${budget} s budget per run)"
echo
use_afl=0
command -v afl-fuzz >/dev/null && [ -x "$afldir/pageref_fuzz_v4" ] && [ -f "$mutlib" ] && use_afl=1
hdr="| mutant | world | reach | libFuzzer, structure-aware | libFuzzer, bytes only |"
sep="| --- | --- | --- | --- | --- |"
[ $use_afl = 1 ] && hdr="$hdr AFL++, structure-aware | AFL++, bytes only |" && sep="$sep --- | --- |"
echo "Each cell: median / max seconds to the mutant's first own finding (median executions), runs that found it."
echo
echo "$hdr first title |"
echo "$sep --- |"
for p in "$ROOT"/bench/mutants/*.patch; do
	m=$(basename "$p" .patch) id=mut_$(basename "$p" .patch | tr - _)
	[ -z "$only" ] || [ "mut-$m" = "$only" ] || continue
	world=$(sed -n 's/^World: //p' "$p"); reach=$(sed -n 's/^Reach: //p' "$p")
	[ "$world" = none ] && wopt="" || wopt=$world
	row="| mut-$m | $world | $reach |"
	title=""
	for mut in 1 0; do
		: > "$work/res"
		for s in $(seq 1 "$seeds"); do run_one "$fuzzdir/pageref_fuzz_$id" "$wopt" "$s" "$mut" >> "$work/res"; done
		read -r med max found < <(stats "$work/res")
		read -r emed emax < <(estats "$work/res")
		row="$row $med / $max ($emed), $found |"
		[ -n "$title" ] || title=$(awk '$1 != "-" { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' "$work/res")
	done
	for mut in 1 0; do
		[ $use_afl = 1 ] || break
		: > "$work/res"
		for s in $(seq 1 "$seeds"); do run_afl_one "$afldir/pageref_fuzz_$id" "$wopt" "$s" "$mut" "mut-$m" >> "$work/res"; done
		read -r med max found < <(stats "$work/res")
		read -r emed emax < <(estats "$work/res")
		row="$row $med / $max ($emed), $found |"
	done
	echo "$row ${title:--} |"
done
[ $fp = 1 ] || exit 0
echo
echo "## False positives (correct variants, same budget, $seeds seeds, structure-aware)"
echo
echo "| variant | world | runs with a finding |"
echo "| --- | --- | --- |"
for v in upstream v4 alive-bit; do
	[ -x "$fuzzdir/pageref_fuzz_${v//-/_}" ] || continue
	: > "$work/res"
	for s in $(seq 1 "$seeds"); do run_one "$fuzzdir/pageref_fuzz_${v//-/_}" "" "$s" 1 >> "$work/res"; done
	echo "| $v | none | $(awk '$1 != "-"' "$work/res" | wc -l) of $seeds |"
done
