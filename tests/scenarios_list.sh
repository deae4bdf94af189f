#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scenarios_list.sh PAGEREF CORPUS_DIR: `pageref scenarios --api F DIR` lists
# each scenario of DIR under exactly one family, its own by the parser's
# reading of the api line (an explicit "api page_ref" is page_ref's), and
# a missing file is exit 2 with its name.
set -u
pageref=$1 corpus=$2 fail=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
all=$(ls "$corpus"/*.scn | wc -l)
: >"$work/every"
for fam in page_ref refcount rcuref; do
	"$pageref" scenarios --api "$fam" "$corpus" >"$work/$fam" || { echo "FAIL: exit $? for $fam"; fail=1; }
	[ -s "$work/$fam" ] || { echo "FAIL: no $fam scenarios in $corpus"; fail=1; }
	cat "$work/$fam" >>"$work/every"
done
listed=$(sort -u "$work/every" | wc -l)
[ "$(wc -l <"$work/every")" = "$all" ] && [ "$listed" = "$all" ] ||
	{ echo "FAIL: $all scenarios, $(wc -l <"$work/every") listed, $listed distinct"; fail=1; }
grep -q "rcuref-maxref-boundary.scn" "$work/rcuref" || { echo "FAIL: an 'api rcuref' scenario is not rcuref's"; fail=1; }
grep -q "/aba-caller-dtor.scn" "$work/page_ref" || { echo "FAIL: a scenario without api is not page_ref's"; fail=1; }
# the api line after the story's comments, spelled out for the default family
{ echo "# a story"; echo "api page_ref"; grep -v '^#' "$corpus/aba-caller-dtor.scn"; } >"$work/explicit.scn"
[ "$("$pageref" scenarios --api page_ref "$work/explicit.scn")" = "$work/explicit.scn" ] &&
	[ -z "$("$pageref" scenarios --api refcount "$work")" ] ||
	{ echo "FAIL: 'api page_ref' not read as page_ref's"; fail=1; }
# one the parser rejects is the default family's only (check says why)
printf 'threads 99\n' >"$work/bad.scn"
[ "$("$pageref" scenarios --api page_ref "$work/bad.scn")" = "$work/bad.scn" ] &&
	[ -z "$("$pageref" scenarios --api rcuref "$work/bad.scn")" ] ||
	{ echo "FAIL: a scenario the parser rejects is not the default family's alone"; fail=1; }
out=$("$pageref" scenarios "$work/missing.scn" 2>&1); rc=$?
[ $rc = 2 ] && grep -q "missing.scn" <<<"$out" || { echo "FAIL: a missing file: exit $rc, '$out'"; fail=1; }
[ $fail = 0 ] && echo "ok: $all scenarios, each under one family ($(wc -l <"$work/page_ref") page_ref," \
	"$(wc -l <"$work/refcount") refcount, $(wc -l <"$work/rcuref") rcuref)"
exit $fail
