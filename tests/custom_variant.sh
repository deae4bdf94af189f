#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# custom_variant.sh BUILD.SH BASE.h PATCH: a user's page_ref.h, copied
# outside the tree under the kernel's name, builds and fuzzes through
# './build.sh fuzz --variant PATH' without editing the harness (its own build
# directory). The header is buggy (PATCH applied to BASE.h: page_ref_inc
# dereferences NULL), and the campaign must file that bug: a crash in the
# header is a finding, with its reproducer, and --runs is run to the end.
set -u
buildsh=$1 base=$2 patchfile=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/include/linux"
patch -s -o "$work/include/linux/page_ref.h" "$base" "$patchfile" || { echo "FAIL: $patchfile does not apply"; exit 1; }
want="general protection fault in page_ref_inc"
out=$(cd "$work" && PAGEREF_BUILD_DIR="$work/build" PAGEREF_FINDINGS_DIR="$work/findings" "$buildsh" fuzz \
	--variant "$work/include/linux/page_ref.h" --runs 20000 --corpus "$work/corpus" 2>&1); rc=$?
echo "$out" | grep -E '^(FOUND|AGAIN|summary)' | tail -4
runs=$(sed -nE 's/^summary: variant page_ref, .*, ([0-9]+) runs in .*/\1/p' <<<"$out")
dir="$work/findings/page_ref/$(printf '%s' "$want" | tr -c 'A-Za-z0-9_.-' '_' | sed -E 's/_+/_/g; s/^_//; s/_$//')"
fail=0
[ $rc = 1 ] || { echo "FAIL: exit $rc, want 1 (a finding)"; fail=1; }
grep -qxF "FOUND: $want" <<<"$out" || { echo "FAIL: '$want' was not filed"; fail=1; }
[ "${runs:-0}" -ge 20000 ] || { echo "FAIL: ran ${runs:-?} of 20000 runs"; fail=1; }
[ -s "$dir/repro.bin" ] && [ -s "$dir/report.txt" ] || { echo "FAIL: no reproducer in $dir"; fail=1; }
title=$(PAGEREF_BUILD_DIR="$work/build" "$buildsh" replay --variant page_ref --quiet "$dir/repro.bin" 2>/dev/null | sed 's/^[^:]*: //')
[ "$title" = "$want" ] || { echo "FAIL: the reproducer replays to '$title'"; fail=1; }
[ -z "$(ls "$work" | grep -v -e include -e build -e findings -e corpus)" ] || { echo "FAIL: stray files: $(ls "$work")"; fail=1; }
[ $fail = 0 ] && echo "ok: --variant PATH built, fuzzed $runs runs and filed '$want'"
exit $fail
