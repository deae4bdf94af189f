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
#                       [--feedback [--jobs J] [--rows races|mutants|all]]
# (AFL++ columns when DIR/pageref_fuzz_v4 and afl-fuzz exist.)
#
# --feedback: the empty-corpus scoreboard. Rows: each race of the list on
# a built-in variant it is real on (the time to that title: other titles
# on the way are filed and the campaign carries on, as ./build.sh fuzz
# does), then each mutant; columns: each engine with the concurrency
# feedback (sched.c) and without it (PAGEREF_FEEDBACK=0), structure-aware
# mutator on. J cells run at once (default 1: one core a cell).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
seeds=5 budget=30 fuzzdir="$ROOT/build/fuzz" afldir="$ROOT/build/afl" only="" fp=1
fbmode=0 jobs=1 rows=all
mutlib="$ROOT/build/plain/libpageref_afl_mutator.so"
while [ $# -gt 0 ]; do
	case "$1" in
	--seeds) seeds=$2; shift 2;;
	--budget) budget=$2; shift 2;;
	--fuzz-dir) fuzzdir=$2; shift 2;;
	--afl-dir) afldir=$2; shift 2;;
	--only) only=$2; fp=0; shift 2;;
	--false-positives-only) only=none; fp=1; shift;;
	--feedback) fbmode=1; shift;;
	--jobs) jobs=$2; shift 2;;
	--rows) rows=$2; shift 2;;
	*) echo "scoreboard.sh: unknown flag $1" >&2; exit 2;;
	esac
done
[ -x "$fuzzdir/pageref_fuzz_v4" ] || { echo "scoreboard.sh: no fuzz build in $fuzzdir (./build.sh test builds it)" >&2; exit 2; }
work=$(mktemp -d)

# The engines' processes are reaped at exit, whatever happens.
cleanup() {
	local pg
	for pg in $(cat "$work"/pgids 2>/dev/null); do kill -- -"$pg" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }

# run_one TARGET WORLD SEED MUTATOR [FEEDBACK TITLE DIR]
#   -> "seconds execs title..." or "- execs -"
# With TITLE, other titles on the way are filed (PAGEREF_TITLES_FILE) and
# libFuzzer starts again on the same corpus with the budget left, until
# TITLE or the end of the budget; execs add up over the restarts.
# title_is TITLE TARGET: TARGET is a title, or "~ERE" for a family of titles
title_is() {
	case $2 in
	"~"*) printf '%s\n' "$1" | grep -Eq -- "${2#\~}";;
	*) [ "$1" = "$2" ];;
	esac
}

run_one() {
	local bin=$1 world=$2 seed=$3 mut=$4 fb=${5:-1} target=${6:-} d=${7:-$work/run}
	local t0 left e execs=0 k=0 title
	rm -rf "$d"; mkdir -p "$d/c" "$d/a"; : > "$d/titles"
	t0=$(now)
	while :; do
		left=$(echo "$budget - ($(now) - $t0)" | bc | sed 's/\..*//')
		[ "${left:-0}" -ge 1 ] 2>/dev/null || break
		rm -f "$d"/a/crash-*
		PAGEREF_WORLD="$world" PAGEREF_MUTATOR=$mut PAGEREF_FEEDBACK=$fb PAGEREF_TITLES_FILE="$d/titles" \
			"$bin" -seed="$((seed * 1000 + k))" -max_total_time="$left" -max_len=1300 \
			-artifact_prefix="$d/a/" "$d/c" >"$d/log" 2>&1
		e=$(sed -n 's/^PAGEREF-EXECUTIONS: //p' "$d/log")
		[ -n "$e" ] || e=$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$d/log")
		execs=$((execs + ${e:-0}))
		ls "$d"/a/crash-* >/dev/null 2>&1 || break
		title=$(sed -n 's/^PAGEREF-FINDING: //p' "$d/log")
		if [ -z "$target" ] || title_is "$title" "$target"; then
			printf '%s %s %s\n' "$(echo "$(now) - $t0" | bc)" "$execs" "$title"
			return
		fi
		k=$((k + 1))
	done
	echo "- $execs -"
}

# afl_title VARIANT WORLD FILE: the title pageref replays FILE to ("" if none)
afl_title() {
	"$ROOT/build/plain/pageref" replay --quiet --variant "$1" --world "${2:-none}" "$3" 2>/dev/null |
		awk -v f="$3: " 'index($0, f) == 1 { print substr($0, length(f) + 1); exit }'
}

# run_afl_one TARGET WORLD SEED MUTATOR VARIANT [FEEDBACK TITLE DIR]
#   -> "seconds execs title..." or "- - -"
# Without TITLE: the first crash (AFL_BENCH_UNTIL_CRASH). With TITLE: the
# crashes are replayed as they come; the first with TITLE ends the run.
run_afl_one() {
	local bin=$1 world=$2 seed=$3 mut=$4 v=$5 fb=${6:-1} target=${7:-} d=${8:-$work/afl}
	local crash name secs execs pid seen="" t0 title found=""
	rm -rf "$d"; mkdir -p "$d/in"; printf '\001\002\000\000' > "$d/in/empty"; : > "$d/titles"
	t0=$(now)
	PAGEREF_WORLD="$world" PAGEREF_FEEDBACK=$fb PAGEREF_TITLES_FILE="$d/titles" AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
		AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_ALLOW_TMP=1 \
		AFL_BENCH_UNTIL_CRASH=$([ -z "$target" ] && echo 1) \
		AFL_CUSTOM_MUTATOR_LIBRARY=$([ "$mut" = 1 ] && echo "$mutlib") \
		setsid afl-fuzz -i "$d/in" -o "$d/out" -s "$seed" -V "$budget" -- "$bin" >"$d/log" 2>&1 &
	pid=$!
	echo "$pid" >> "$work/pgids"
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		[ -n "$target" ] || continue
		for crash in "$d"/out/default/crashes/id:*; do
			[ -f "$crash" ] || continue
			case " $seen " in *" $crash "*) continue;; esac
			seen="$seen $crash"
			title=$(afl_title "$v" "$world" "$crash")
			title_is "$title" "$target" && { found=$crash; break; }
		done
		[ -z "$found" ] || { kill -- -"$pid" 2>/dev/null; break; }
		# past the budget (+ slack): AFL++ did not stop by itself
		[ "$(echo "$(now) - $t0 > $budget + 30" | bc)" = 1 ] && { kill -- -"$pid" 2>/dev/null; break; }
	done
	wait "$pid" 2>/dev/null
	kill -- -"$pid" 2>/dev/null
	crash=$found
	[ -n "$target" ] || crash=$(ls "$d"/out/default/crashes/id:* 2>/dev/null | head -1)
	if [ -z "$crash" ] && [ -z "$target" ] &&
		grep -q -E 'PROGRAM ABORT.*crash|All test cases crash|Test case .* results in a crash' "$d/log"; then
		# AFL++ refuses to start when the seed itself crashes: found at its dry run
		printf '0.00 1 %s\n' "$(afl_title "$v" "$world" "$d/in/empty")"
		return
	fi
	if [ -z "$crash" ]; then
		execs=$(sed -nE 's/^execs_done *: *([0-9]+).*/\1/p' "$d/out/default/fuzzer_stats" 2>/dev/null)
		echo "- ${execs:--} -"; return
	fi
	name=$(basename "$crash")
	secs=$(echo "$name" | sed -nE 's/.*,time:([0-9]+),.*/\1/p'); execs=$(echo "$name" | sed -nE 's/.*,execs:([0-9]+),.*/\1/p')
	printf '%s %s %s\n' "$(echo "scale=2; $secs / 1000" | bc)" "$execs" "$(afl_title "$v" "$world" "$crash")"
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
	awk '$1 != "-" { print $2 }' "$1" | median_max | awk '{ printf "%s %s\n", $1, $2 }'
}

use_afl=0
command -v afl-fuzz >/dev/null && [ -x "$afldir/pageref_fuzz_v4" ] && [ -f "$mutlib" ] && use_afl=1

# The races of the list, each on a built-in variant it is real on, with the
# title its corpus scenario shows there (corpus/scenarios/*.scn expect lines):
# label|variant|world|title. The ABA's title names the two folio types and
# the caller, which depend on the operations the fuzzer picked: any
# destructor run on a folio of another type is that race (the caller-dtor
# world has no other way to it; upstream never shows one), so its row takes
# the family ("~ERE"). So does the weak zero-then-get: its title names the
# caller whose put was the last (folio_put, folio_put_refs, the pfn
# walker's put in do_migrate_range), and every one of them is the last
# put's relaxed 0 -> FROZEN cmpxchg: the campaigns' inputs with each title
# are clean on upstream and with cmpxchg_acquire (test-cas-acquire). Since
# the folio's fields are the model's too, the freeing CPU's stale read may
# be of folio->flags or ->mapping first: the same race (test-cas-acquire is
# clean under weak in 6 x 2,000,000 runs with every field judged).
races=(
"set_page_count(0) + pfn walker (zero-outside-allocator)|rfc|none|BUG: folio_try_get succeeded on free page in do_migrate_range"
"set_page_count(0) + pfn walker, frozen (zero-outside-allocator-frozen)|v2-frozen-zero|none|BUG: folio_try_get succeeded on frozen page in do_migrate_range"
"ABA on the 0 -> FROZEN cmpxchg, caller's destructor (aba-caller-dtor; any wrong-destructor title)|v4|caller-dtor|~^BUG: [a-z]+ destructor run on [a-z]+ folio in "
"overflow: concurrent try_add undo (overflow-concurrent-undo)|v4|overflow|BUG: folio_ref_try_add succeeded on frozen page in gup_fast"
"overflow: huge nr on a live folio (overflow-huge-nr-live)|v4|overflow|kernel BUG in put_page_testzero"
"zero-then-get under weak memory (weak-zero-then-get-split; any last-put caller)|v4|weak|~^BUG: stale (page contents|folio->[a-z]+) after the last put in "
"debug checks that do not check (frozen-debug-checks)|v2-frozen-zero|misuse|BUG: misuse not caught: page_ref_inc on frozen page"
"inverted assertion on a legal get (v2-inverted-assert-legal-get)|v2-inverted-assert|none|kernel BUG in page_ref_inc"
)

# fb_cell ROW ENGINE FEEDBACK SEED: one cell run, its line to $work/fb/ROW.ENGINE.FEEDBACK.SEED
fb_cell() {
	local row=$1 eng=$2 fb=$3 seed=$4 spec label v world title id out="$work/fb/$1.$2.$3.$4"
	spec=${rowspec[$row]}
	IFS='|' read -r label v world title <<< "$spec"
	[ "$world" = none ] && world=""
	id=${v//-/_}
	if [ "$eng" = lf ]; then
		run_one "$fuzzdir/pageref_fuzz_$id" "$world" "$seed" 1 "$fb" "$title" "$work/cell.$row.$eng.$fb.$seed" > "$out"
	else
		run_afl_one "$afldir/pageref_fuzz_$id" "$world" "$seed" 1 "$v" "$fb" "$title" "$work/cell.$row.$eng.$fb.$seed" > "$out"
	fi
	rm -rf "$work/cell.$row.$eng.$fb.$seed"
}

if [ $fbmode = 1 ]; then
	rowspec=()
	if [ "$rows" != mutants ]; then
		for r in "${races[@]}"; do rowspec+=("$r"); done
	fi
	if [ "$rows" != races ]; then
		for p in "$ROOT"/bench/mutants/*.patch; do
			m=$(basename "$p" .patch)
			world=$(sed -n 's/^World: //p' "$p"); reach=$(sed -n 's/^Reach: //p' "$p")
			case "$reach" in out\ of\ reach*) continue;; esac
			[ -z "$only" ] || [ "mut-$m" = "$only" ] || continue
			# a mutant's own finding: the target drops what its base shares
			rowspec+=("mutant: $reach|mut-$m|$world|")
		done
	fi
	engines="lf"; [ $use_afl = 1 ] && engines="lf afl"
	mkdir -p "$work/fb"
	running=0
	for row in "${!rowspec[@]}"; do
		for eng in $engines; do
			for fb in 1 0; do
				for s in $(seq 1 "$seeds"); do
					if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
					fb_cell "$row" "$eng" "$fb" "$s" &
					running=$((running + 1))
				done
			done
		done
	done
	wait
	echo "## Empty-corpus scoreboard ($seeds seeds, ${budget} s budget per run, $jobs run(s) at once on $(nproc) cores)"
	echo
	echo "Each cell: median / max seconds to the title (median executions), runs that found it; a run that did not counts as the whole budget."
	echo
	hdr="| race or mutant | variant | world | libFuzzer, feedback | libFuzzer, no feedback |"
	sep="| --- | --- | --- | --- | --- |"
	[ $use_afl = 1 ] && hdr="$hdr AFL++, feedback | AFL++, no feedback |" && sep="$sep --- | --- |"
	echo "$hdr title |"
	echo "$sep --- |"
	for row in "${!rowspec[@]}"; do
		IFS='|' read -r label v world title <<< "${rowspec[$row]}"
		line="| $label | $v | $world |"
		for eng in $engines; do
			for fb in 1 0; do
				cat "$work"/fb/"$row.$eng.$fb".* > "$work/res"
				read -r med max found < <(stats "$work/res")
				read -r emed emax < <(estats "$work/res")
				line="$line $med / $max ($emed), $found |"
				# a family row shows the first title found
				[ -n "$title" ] && [ "${title#\~}" = "$title" ] || title=$(awk '$1 != "-" { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' "$work/res")
			done
		done
		echo "$line ${title:--} |"
	done
	exit 0
fi

echo "## Mutation scoreboard ($seeds seeds, ${budget} s budget per run)"
echo
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
