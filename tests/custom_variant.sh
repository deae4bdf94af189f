#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# custom_variant.sh BUILD.SH VARIANT.h: a user's page_ref.h, copied outside the
# tree under another name, builds and fuzzes through './build.sh fuzz
# --variant PATH' without editing the harness; its name comes from its source
# and content, so a file called v4.h is not the built-in v4, and a second run
# of the unchanged header builds nothing.
set -u
buildsh=$1 src=$2
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
mkdir -p "$work/include/linux"
cp "$src" "$work/include/linux/page_ref.h"
cp "$src" "$work/v4.h"
fuzz() { PAGEREF_FINDINGS_DIR="$work/findings" "$buildsh" fuzz --variant "$1" --runs 20000 --corpus "$work/corpus-$2" 2>&1; }
out=$(fuzz "$work/include/linux/page_ref.h" a); rc=$?
echo "$out" | tail -3
[ $rc = 0 ] && grep -qE "^summary: variant $(basename "$work")-[0-9a-f]{8}, engine libfuzzer, jobs 1, world none, seed 1, 20000 runs" <<<"$out" ||
	{ echo "FAIL: exit $rc"; exit 1; }
out=$(fuzz "$work/v4.h" b); rc=$?
echo "$out" | tail -1
[ $rc = 0 ] && grep -qE '^summary: variant v4-[0-9a-f]{8}, ' <<<"$out" || { echo "FAIL: v4.h: exit $rc"; exit 1; }
out=$(fuzz "$work/v4.h" b); rc=$?
[ $rc = 0 ] && ! grep -q 'building pageref' <<<"$out" || { echo "FAIL: the unchanged v4.h was built again"; exit 1; }
echo "ok: --variant PATH built and fuzzed $src (as a tree's page_ref.h and as v4.h, not the built-in v4; cached the second time)"
