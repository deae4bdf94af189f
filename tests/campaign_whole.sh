#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# campaign_whole.sh BUILD.SH BUILD_DIR: campaigns never lose a bug.
#  - a --jobs 1 libFuzzer campaign on rfc runs its whole --runs (300,000)
#    and files more than one title (it used to stop at the first);
#  - nothing is dropped in the working directory and no temporary
#    directory is left behind;
#  - two campaigns at once on one corpus both finish, and the corpus keeps
#    what both found (each writes its new inputs there as it finds them).
set -u
buildsh=$1 build=$2 fail=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PAGEREF_BUILD_DIR=$build PAGEREF_FINDINGS_DIR="$work/findings"
mkdir -p "$work/cwd"
before=$(ls -d "$build"/campaigns/* 2>/dev/null)
(cd "$work/cwd" && "$buildsh" fuzz --variant rfc --jobs 1 --runs 300000 --corpus "$work/corpus" >"$work/one" 2>&1); rc=$?
tail -1 "$work/one"
runs=$(sed -nE 's/^summary: .*, ([0-9]+) runs in .*/\1/p' "$work/one")
titles=$(find "$work/findings/rfc" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ $rc = 1 ] || { echo "FAIL: exit $rc, want 1"; fail=1; }
[ "${runs:-0}" -ge 300000 ] || { echo "FAIL: ran ${runs:-?} of 300000 runs"; fail=1; }
[ "$titles" -gt 1 ] || { echo "FAIL: $titles title(s) filed, want more than one"; fail=1; }
[ -z "$(ls -A "$work/cwd")" ] || { echo "FAIL: files left in the working directory: $(ls "$work/cwd")"; fail=1; }
left=$(ls -d "$build"/campaigns/* 2>/dev/null | grep -vxF -- "$before")
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
grep -q '^summary: ' "$work/a" && grep -q '^summary: ' "$work/b" || { echo "FAIL: a concurrent campaign did not finish"; fail=1; }
# each campaign's own corpus count at its end, and the corpus after both
ca=$(sed -nE 's/^summary: .*, corpus ([0-9]+) inputs.*/\1/p' "$work/a")
cb=$(sed -nE 's/^summary: .*, corpus ([0-9]+) inputs.*/\1/p' "$work/b")
c=$(find "$work/shared" -maxdepth 1 -type f | wc -l)
[ "$c" -gt 0 ] && [ "$c" -ge "${ca:-0}" ] && [ "$c" -ge "${cb:-0}" ] ||
	{ echo "FAIL: the shared corpus has $c inputs, the campaigns ended with ${ca:-?} and ${cb:-?}"; fail=1; }
left=$(ls -d "$build"/campaigns/* 2>/dev/null | grep -vxF -- "$before")
[ -z "$left" ] || { echo "FAIL: campaign directories left: $left"; fail=1; }
[ $fail = 0 ] && echo "ok: two concurrent campaigns on one corpus: both finished, the corpus holds $c inputs"
exit $fail
