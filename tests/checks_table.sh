#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checks_table.sh PAGEREF ROOT: the header's checks, judged by behaviour.
#  - a check that tests the wrong condition is named dead, in the finding's
#    report and in the check table;
#  - a check removed from a series-generation header is still promised;
#  - upstream's unchecked misuse is counted, not a finding, and an old
#    PAGEREF_HARNESS_PROMISES line changes nothing;
#  - --checks writes the full table, and every check of v4 that the corpus
#    reaches is counted.
set -u
pageref=$1 root=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

out=$("$pageref" replay --variant test-dead-dec-check "$root/tests/oracles/misuse-dead-check.scn"); rc=$?
[ $rc = 1 ] || fail "dead check: replay exit $rc, want 1"
grep -Eq '^VM_BUG_ON_PAGE at test-dead-dec-check\.h:[0-9]+ in page_ref_dec: evaluated on a frozen page, did not fire \(dead check\)$' <<<"$out" ||
	fail "the report does not name the dead check"
grep -Eq '^dead check: VM_BUG_ON_PAGE at test-dead-dec-check\.h:[0-9]+ in page_ref_dec: evaluated 1 times' <<<"$out" ||
	fail "the check table does not name the dead check"
echo "ok: the wrong-condition check is named dead"

out=$("$pageref" replay --variant test-no-sub-check "$root/tests/oracles/misuse-check-removed.scn"); rc=$?
[ $rc = 1 ] || fail "removed check: replay exit $rc, want 1"
grep -q '^promised by the API generation: .*PAGEREF_FROZEN_BIT' <<<"$out" || fail "no generation promise in the report"
grep -q '^no check was evaluated in folio_ref_sub$' <<<"$out" || fail "the report does not say no check ran"
echo "ok: a removed check is still promised by the series' frozen state"

for v in upstream test-promises-line; do
	out=$("$pageref" replay --variant $v "$root/tests/oracles/misuse-unchecked.scn"); rc=$?
	[ $rc = 0 ] || fail "$v: unchecked misuse: replay exit $rc, want 0"
	head -1 <<<"$out" | grep -q ': no finding$' || fail "$v: unchecked misuse gave a verdict"
	grep -q '^unchecked: inc-frozen x1 ' <<<"$out" || fail "$v: the unchecked misuse is not counted"
	grep -q '^checks: .* 0 dead; 1 unchecked misuse(s)$' <<<"$out" || fail "$v: summary line"
done
echo "ok: upstream's unchecked misuse is counted, with or without the old annotation"

"$pageref" replay --quiet --variant v4 --checks "$tmp/v4.txt" "$root/corpus/scenarios" >/dev/null
grep -q '^api generation: the series (PAGEREF_FROZEN_BIT)' "$tmp/v4.txt" || fail "--checks: no generation line"
# page_ref_inc's check: evaluated and fired on the corpus (frozen-debug-checks.scn)
awk '$1 ~ /^v4\.h:/ && $2 == "page_ref_inc" { if ($4 >= 1 && $5 >= 1 && $6 >= 1) ok = 1 } END { exit !ok }' "$tmp/v4.txt" ||
	{ cat "$tmp/v4.txt"; fail "--checks: v4's page_ref_inc check not counted as evaluated, fired, on a frozen page"; }
grep -q 'DEAD' "$tmp/v4.txt" && { cat "$tmp/v4.txt"; fail "v4 has a dead check on its corpus"; }
echo "ok: --checks writes the full table; v4's checks have no dead one on the corpus"
