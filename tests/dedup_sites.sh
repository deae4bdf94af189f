#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# dedup_sites.sh BUILD.SH BUILD_DIR DIR: a bug is a title and its racing sites.
# DIR/one-title-{sequential,raced}.scn reach one title on mut-try-get-no-frozen-check by two
# different ways: filed, they stay two findings; filing one again counts it.
set -u
buildsh=$1 build=$2 dir=$3 fail=0 pageref=$2/plain/pageref
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PAGEREF_FINDINGS_DIR="$work/findings" PAGEREF_BUILD_DIR=$build
for n in sequential raced; do
	"$pageref" compile --variant mut-try-get-no-frozen-check "$dir/one-title-$n.scn" "$work/$n.bin" || exit 1
done
"$buildsh" file --variant mut-try-get-no-frozen-check "$work/sequential.bin" "$work/raced.bin" >"$work/out" 2>&1; rc=$?
cat "$work/out" | grep -E '^(FOUND|AGAIN|  racing|file:)'
n=$(find "$work/findings/mut-try-get-no-frozen-check" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ $rc = 1 ] && [ "$n" = 2 ] || { echo "FAIL: exit $rc, $n finding directories, want 2"; fail=1; }
[ "$(grep -c '^FOUND: BUG: folio_try_get succeeded on frozen page in do_migrate_range$' "$work/out")" = 2 ] ||
	{ echo "FAIL: the two races were not filed as two findings"; fail=1; }
"$buildsh" file --variant mut-try-get-no-frozen-check "$work/raced.bin" >"$work/again" 2>&1
grep -q '^AGAIN: ' "$work/again" && [ "$(find "$work/findings/mut-try-get-no-frozen-check" -mindepth 1 -maxdepth 1 -type d | wc -l)" = 2 ] ||
	{ cat "$work/again"; echo "FAIL: the same race filed again"; fail=1; }
# a findings directory that cannot be written: an error, no FOUND, exit 1
touch "$work/afile"
PAGEREF_FINDINGS_DIR="$work/afile/findings" "$buildsh" file --variant mut-try-get-no-frozen-check "$work/raced.bin" >"$work/ro" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'cannot write .*not filed' "$work/ro" && ! grep -q '^FOUND' "$work/ro" ||
	{ cat "$work/ro"; echo "FAIL: unwritable findings directory: exit $rc"; fail=1; }
# an input filed without --world runs in the world it carries (a weak finding's repro.bin)
"$pageref" compile --variant mut-freeze-relaxed "$dir/../oracles/weak-freeze-relaxed.scn" "$work/weak.bin" || exit 1
"$buildsh" file --variant mut-freeze-relaxed "$work/weak.bin" >"$work/weak" 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^FOUND: BUG: stale page contents' "$work/weak" ||
	{ cat "$work/weak"; echo "FAIL: a weak input filed without --world: exit $rc"; fail=1; }
[ $fail = 0 ] && echo "ok: one title, two racing-site sets: two findings; a repeat is counted; an unwritable findings directory is an error; an input's own world"
exit $fail
