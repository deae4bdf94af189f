#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# custom_variant.sh BUILD.SH BASE.h PATCH: a user's page_ref.h, copied outside
# the tree, builds and fuzzes through './build.sh fuzz --variant PATH' without
# editing the harness.
#  1. The header is buggy (PATCH applied to BASE.h: page_ref_inc dereferences
#     NULL), laid out as a tree's include/linux/page_ref.h: the campaign files
#     that bug (a crash in the header is a finding), with its reproducer, and
#     runs its whole --runs.
#  2. BASE.h itself, under the name v4.h: its name comes from its source and
#     content, so it is not the built-in v4, and a second run of the
#     unchanged header builds nothing.
set -u
buildsh=$1 base=$2 patchfile=$3
work=$(mktemp -d)
# the variants made from this test's temporary sources go with them
cleanup() {
	local d
	for d in "${PAGEREF_BUILD_DIR:-$(cd "$(dirname "$buildsh")" && pwd)/build}"/variants/*/; do
		grep -qF "$work" "$d/source.txt" 2>/dev/null && rm -rf "$d"
	done
	rm -rf "$work"
}
trap cleanup EXIT
fail=0
mkdir -p "$work/tree/include/linux"
patch -s -o "$work/tree/include/linux/page_ref.h" "$base" "$patchfile" || { echo "FAIL: $patchfile does not apply"; exit 1; }
cp "$base" "$work/v4.h"
fuzz() { (cd "$work" && PAGEREF_FINDINGS_DIR="$work/findings" "$buildsh" fuzz --variant "$1" --runs 20000 \
	--corpus "$work/corpus-$2" 2>&1); }

want="general protection fault in page_ref_inc"
out=$(fuzz "$work/tree" a); rc=$?
echo "$out" | grep -E '^(FOUND|AGAIN|summary)' | tail -4
name=$(sed -nE 's/^summary: variant ([^,]+), .*/\1/p' <<<"$out")
runs=$(sed -nE 's/^summary: variant [^,]+, .*, ([0-9]+) runs in .*/\1/p' <<<"$out")
[[ "$name" =~ ^tree-[0-9a-f]{8}$ ]] || { echo "FAIL: the tree's variant is named '$name'"; fail=1; }
[ $rc = 1 ] || { echo "FAIL: exit $rc, want 1 (a finding)"; fail=1; }
grep -qxF "FOUND: $want" <<<"$out" || { echo "FAIL: '$want' was not filed"; fail=1; }
[ "${runs:-0}" -ge 20000 ] || { echo "FAIL: ran ${runs:-?} of 20000 runs"; fail=1; }
dir="$work/findings/$name/$(printf '%s' "$want" | tr -c 'A-Za-z0-9_.-' '_' | sed -E 's/_+/_/g; s/^_//; s/_$//')"
[ -s "$dir/repro.bin" ] && [ -s "$dir/report.txt" ] || { echo "FAIL: no reproducer in $dir"; fail=1; }
title=$("$buildsh" replay --variant "$name" --quiet "$dir/repro.bin" 2>/dev/null | sed 's/^[^:]*: //')
[ "$title" = "$want" ] || { echo "FAIL: the reproducer replays to '$title'"; fail=1; }
[ -z "$(ls "$work" | grep -v -e tree -e v4.h -e findings -e corpus)" ] || { echo "FAIL: stray files: $(ls "$work")"; fail=1; }

out=$(fuzz "$work/v4.h" b); rc=$?
echo "$out" | tail -1
[ $rc = 0 ] && grep -qE '^summary: variant v4-[0-9a-f]{8}, ' <<<"$out" || { echo "FAIL: v4.h: exit $rc"; fail=1; }
out=$(fuzz "$work/v4.h" b); rc=$?
[ $rc = 0 ] && ! grep -q 'building pageref' <<<"$out" || { echo "FAIL: the unchanged v4.h was built again"; fail=1; }
[ $fail = 0 ] && echo "ok: --variant PATH filed '$want' in $runs runs; v4.h is not the built-in v4 and is cached"
exit $fail
