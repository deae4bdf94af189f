#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# campaign.sh BUILD.SH BUILD_DIR: a two-job libFuzzer campaign through the
# front door on rfc (fixed runs): it shows progress, keeps its corpus, files
# each distinct title once, writes the check table of its runs; a second run
# resumes from the corpus and counts the titles it sees again instead of
# filing them twice.
set -u
buildsh=$1 build=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PAGEREF_BUILD_DIR=$build PAGEREF_FINDINGS_DIR="$work/findings"
"$buildsh" fuzz --variant rfc --jobs 2 --runs 300000 --corpus "$work/corpus" >"$work/one" 2>&1; rc1=$?
n1=$(find "$work/corpus" -type f | wc -l)
t1=$(find "$work/findings/rfc" -mindepth 1 -maxdepth 1 -type d | wc -l)
"$buildsh" fuzz --variant rfc --jobs 2 --runs 300000 --corpus "$work/corpus" >"$work/two" 2>&1; rc2=$?
n2=$(find "$work/corpus" -type f | wc -l)
tail -2 "$work/one"; tail -2 "$work/two"
fail=0
[ $rc1 = 1 ] && [ $rc2 = 1 ] || { echo "FAIL: exit $rc1/$rc2, want 1 (findings)"; fail=1; }
[ "$t1" -ge 1 ] || { echo "FAIL: no title filed"; fail=1; }
[ "$n1" -gt 0 ] && [ "$n2" -ge "$n1" ] || { echo "FAIL: corpus $n1 -> $n2 (must be kept and grow)"; fail=1; }
for d in "$work/findings/rfc"/*/; do
	[ -s "$d/repro.bin" ] && [ -s "$d/minimized.scn" ] && [ -s "$d/report.txt" ] && [ -s "$d/count" ] ||
		{ echo "FAIL: $d incomplete"; fail=1; }
done
grep -q '^AGAIN: ' "$work/two" || { echo "FAIL: the second run saw no known title again"; fail=1; }
# the header's checks over every run of both processes: the campaign's table
grep -q '^checks: ' "$work/corpus.checks.txt" 2>/dev/null || { echo "FAIL: no check table (corpus.checks.txt)"; fail=1; }
grep -q '^progress: ' "$work/one" || { echo "FAIL: no progress line"; fail=1; }
t2=$(find "$work/findings/rfc" -mindepth 1 -maxdepth 1 -type d | wc -l)
dups=$(ls "$work/findings/rfc" | sort | uniq -d | wc -l)
[ "$dups" = 0 ] || { echo "FAIL: a title filed twice"; fail=1; }
[ $fail = 0 ] && echo "ok: $t1 -> $t2 distinct title(s), corpus $n1 -> $n2 inputs, repeats counted"
exit $fail
