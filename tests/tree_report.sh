#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tree_report.sh BUILD.SH: a campaign on a tree with a patch finds the bug the
# patch brings, and the finding's report.txt starts with the lkml block that
# `./build.sh report DIR` prints: at most 80 columns, the title, the tree, the
# patch, what was taken from page-flags.h, and the trace with page_ref.h:LINE
# per atomic step.
set -u
buildsh=$1
root=$(cd "$(dirname "$buildsh")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
tree="$root/tests/trees/series-v4" patch="$root/tests/trees/patches/frozen-zero.patch"
out=$(PAGEREF_FINDINGS_DIR="$work/findings" "$buildsh" fuzz --variant "$tree" --patch "$patch" \
	--runs 200 --corpus "$work/corpus" 2>&1); rc=$?
[ $rc = 1 ] || fail "campaign exited $rc (expected 1, a finding): $(tail -5 <<<"$out")"
grep -q '^Took:    PAGEREF_FROZEN_BIT (macro) from include/linux/page-flags.h:' <<<"$out" ||
	fail "the campaign does not say what it took from the tree"
dir=$(ls -d "$work"/findings/*/*/ | head -1)
block=$("$buildsh" report "$dir") || fail "./build.sh report $dir failed"
echo "$block"
wide=$(awk 'length($0) > 80' <<<"$block")
[ -z "$wide" ] || fail "lines over 80 columns: $wide"
head -1 <<<"$block" | grep -q '^pageref-fuzz: BUG: ' || fail "no title line"
grep -q "^Variant: tree $(basename "$tree")\$" <<<"$block" || fail "the tree is not named by its directory"
grep -q "$(dirname "$tree")" <<<"$block" && fail "the block names a local path"
# (a line over 80 columns is continued with a backslash: joined here)
sed -e ':a' -e '/\\$/N; s/ *\\\n */ /; ta' <<<"$block" |
	grep -qE '^  \./build\.sh replay --variant <series-v4> --patch <frozen-zero\.patch> minimized\.scn$' ||
	fail "the reproduce line does not work on the reader's own copy"
grep -q '^Patch:   frozen-zero.patch: 1 hunk(s) applied' <<<"$block" || fail "the patch is not named"
grep -q '^Took:    PAGEREF_FROZEN_BIT' <<<"$block" || fail "the extracted definition is not named"
grep -qE '^CPU0 .* site$' <<<"$block" || fail "no CPU-column header"
grep -qE ' page_ref\.h:[0-9]+$' <<<"$block" || fail "no page_ref.h:LINE per step"
# the report's first line still gives the title the campaign files it under
[ "$(sed -n '1s/^[^:]*: //p' "$dir/report.txt")" = "$(head -1 <<<"$block" | sed 's/^pageref-fuzz: //')" ] ||
	fail "report.txt's title line"
grep -qxF '=== full report (pageref-fuzz) ===' "$dir/report.txt" || fail "no full report after the block"
echo "ok: lkml block of $(basename "$dir"), $(wc -l <<<"$block") lines, at most 80 columns"
