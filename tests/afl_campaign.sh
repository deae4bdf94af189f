#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# afl_campaign.sh AFL_DIR PAGEREF MODE VARIANT
#   find:      AFL++ (persistent mode, from an empty program, ending at its
#              first crash, at most 2,000,000 executions) finds a bug; afl-tmin
#              shrinks the crash and the result still reproduces the same title.
#   stability: 300,000 executions on VARIANT; AFL++ must measure 100% stability.
# Exit 77 (skipped) when the AFL++ build or afl-fuzz is missing.
set -u
afldir=$1 pageref=$2 mode=$3 variant=$4
bin="$afldir/pageref_fuzz_${variant//-/_}"
command -v afl-fuzz >/dev/null && [ -x "$bin" ] || { echo "no AFL++ build at $afldir"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"; printf '\001\002\000\000' > "$work/in/empty"
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# find: AFL++ stops at its first crash, so the budget is a ceiling with room
# (its schedule is timing-dependent even with -s); stability: a fixed count
execs=2000000; [ "$mode" = stability ] && execs=300000
[ "$mode" = find ] && export AFL_BENCH_UNTIL_CRASH=1
afl-fuzz -i "$work/in" -o "$work/out" -s 1 -E "$execs" -- "$bin" >"$work/log" 2>&1
stats="$work/out/default/fuzzer_stats"
[ -f "$stats" ] || { tail -20 "$work/log"; echo "FAIL: afl-fuzz did not run"; exit 1; }
stab=$(awk '/^stability/ {print $3}' "$stats")
done_=$(awk '/^execs_done/ {print $3}' "$stats")
echo "$variant: $done_ executions, stability $stab, $(awk '/^saved_crashes/ {print $3}' "$stats") saved crash(es)"
if [ "$mode" = stability ]; then
	[ "$stab" = "100.00%" ] || { echo "FAIL: stability $stab, want 100.00%"; exit 1; }
	echo "ok: AFL++ stability 100% on $variant"; exit 0
fi
crash=$(ls "$work"/out/default/crashes/id:* 2>/dev/null | head -1)
[ -n "$crash" ] || { echo "FAIL: AFL++ found nothing on $variant in $done_ executions"; exit 1; }
title_of() { local out; out=$("$pageref" replay --quiet --variant "$variant" "$1"); echo "${out#"$1: "}"; }
want=$(title_of "$crash")
afl-tmin -i "$crash" -o "$work/min" -- "$bin" >"$work/tmin.log" 2>&1 || { tail "$work/tmin.log"; echo "FAIL: afl-tmin"; exit 1; }
got=$(title_of "$work/min")
echo "crash: $(stat -c %s "$crash") bytes, '$want'; afl-tmin: $(stat -c %s "$work/min") bytes, '$got'"
case "$want" in "no finding"*) echo "FAIL: the crash does not replay"; exit 1;; esac
[ "$got" = "$want" ] && echo "ok: AFL++ found $variant's bug; afl-tmin's result reproduces it" && exit 0
# afl-tmin keeps *a* crash; say so rather than pass silently
echo "FAIL: afl-tmin's result gives '$got'"; exit 1
