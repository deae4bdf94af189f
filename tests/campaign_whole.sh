#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# campaign_whole.sh BUILD.SH BUILD_DIR: campaigns never lose a bug.
#  - a --jobs 1 libFuzzer campaign on rfc runs its whole --runs (300,000)
#    and files more than one title (it used to stop at the first);
#  - nothing is dropped in the working directory (the merge has an artifact
#    directory) and no temporary directory is left behind;
#  - two campaigns at once on one corpus both finish and both merge, and
#    the corpus.min left behind was merged from everything both found.
set -u
buildsh=$1 build=$2 fail=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PAGEREF_BUILD_DIR=$build PAGEREF_FINDINGS_DIR="$work/findings"
mkdir -p "$work/cwd"
before=$(ls -d "$build"/artifacts.* 2>/dev/null)
(cd "$work/cwd" && "$buildsh" fuzz --variant rfc --jobs 1 --runs 300000 --corpus "$work/corpus" >"$work/one" 2>&1); rc=$?
tail -1 "$work/one"
runs=$(sed -nE 's/^summary: .*, ([0-9]+) runs in .*/\1/p' "$work/one")
titles=$(find "$work/findings/rfc" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ $rc = 1 ] || { echo "FAIL: exit $rc, want 1"; fail=1; }
[ "${runs:-0}" -ge 300000 ] || { echo "FAIL: ran ${runs:-?} of 300000 runs"; fail=1; }
[ "$titles" -gt 1 ] || { echo "FAIL: $titles title(s) filed, want more than one"; fail=1; }
[ -z "$(ls -A "$work/cwd")" ] || { echo "FAIL: files left in the working directory: $(ls "$work/cwd")"; fail=1; }
left=$(ls -d "$build"/artifacts.* "$work"/corpus.min.new.* 2>/dev/null | grep -vxF -- "$before")
[ -z "$left" ] || { echo "FAIL: temporary directories left: $left"; fail=1; }
[ $fail = 0 ] && echo "ok: --jobs 1 ran $runs runs and filed $titles titles"

# two at once, one corpus (each its own findings directory)
PAGEREF_FINDINGS_DIR="$work/fa" "$buildsh" fuzz --variant v4 --runs 30000 --seed 11 --corpus "$work/shared" >"$work/a" 2>&1 &
a=$!
PAGEREF_FINDINGS_DIR="$work/fb" "$buildsh" fuzz --variant v4 --runs 30000 --seed 12 --corpus "$work/shared" >"$work/b" 2>&1 &
b=$!
wait $a; ra=$?; wait $b; rb=$?
tail -n 2 "$work/a" "$work/b"
[ $ra = 0 ] && [ $rb = 0 ] || { echo "FAIL: concurrent campaigns exit $ra/$rb"; fail=1; }
grep -q '^corpus: .*minimised set' "$work/a" && grep -q '^corpus: .*minimised set' "$work/b" ||
	{ echo "FAIL: a concurrent campaign's merge failed"; fail=1; }
# the minimised set keeps what both found: the merge that ran last (under
# the lock) read every input of both campaigns
m=$(find "$work/shared.min" -maxdepth 1 -type f 2>/dev/null | wc -l)
c=$(find "$work/shared" -maxdepth 1 -type f | wc -l)
last=$(sed -nE 's/^corpus: ([0-9]+) inputs kept.*/\1/p' "$work/a" "$work/b" | sort -n | tail -1)
[ "$m" -gt 0 ] && [ "${last:-0}" = "$c" ] ||
	{ echo "FAIL: shared.min ($m inputs) was merged from ${last:-?} inputs, the corpus has $c"; fail=1; }
ls -d "$work"/shared.min.new.* 2>/dev/null | grep -q . && { echo "FAIL: a merge directory was left behind"; fail=1; }
[ $fail = 0 ] && echo "ok: two concurrent campaigns: both merged; shared.min ($m inputs) merged from all $c inputs of both"
exit $fail
