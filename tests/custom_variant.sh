#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# custom_variant.sh BUILD.SH VARIANT.h: a user's page_ref.h, copied outside the
# tree under another name, builds and fuzzes through './build.sh fuzz
# --variant PATH' without editing the harness (its own build directory).
set -u
buildsh=$1 src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/include/linux"
cp "$src" "$work/include/linux/page_ref.h"
out=$(PAGEREF_BUILD_DIR="$work/build" "$buildsh" fuzz --variant "$work/include/linux/page_ref.h" \
	--runs 20000 --corpus "$work/corpus" 2>&1); rc=$?
echo "$out" | tail -3
[ $rc = 0 ] && grep -q '^summary: variant page_ref, engine libfuzzer, jobs 1, world none, seed 1, 20000 runs' <<<"$out" ||
	{ echo "FAIL: exit $rc"; exit 1; }
echo "ok: --variant PATH built and fuzzed $src as 'page_ref'"
