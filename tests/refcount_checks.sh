#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# refcount_checks.sh PAGEREF ROOT: the refcount family's check table.
#  - a WARN removed from refcount.h (mut-add-no-uaf-check) is still promised
#    by the API generation (refcount_warn_saturate), and the report says no
#    check ran in the misused call;
#  - a put by a non-holder is counted as unchecked, not a finding;
#  - --checks writes the table with the family's witness columns (dead,
#    freed, overflow), the header's own sites (lib/refcount.c's checked
#    functions before v5.5), and the ones the corpus reaches counted.
set -u
pageref=$1 root=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
o="$root/tests/refcount/oracles"

out=$("$pageref" replay --api refcount --variant mut-add-no-uaf-check "$o/misuse-get-dead.scn"); rc=$?
[ $rc = 1 ] || fail "removed check: replay exit $rc, want 1"
head -1 <<<"$out" | grep -q ': BUG: misuse not caught: refcount_inc on dead object$' || fail "title: $(head -1 <<<"$out")"
grep -q '^promised by the API generation: refcount_warn_saturate() (v5.5+)' <<<"$out" || fail "no generation promise"
grep -q '^no check was evaluated in refcount_inc$' <<<"$out" || fail "the report does not say no check ran"
echo "ok: a removed WARN is still promised by refcount_warn_saturate()'s generation"

out=$("$pageref" replay --api refcount --variant upstream "$o/misuse-put-unowned.scn"); rc=$?
[ $rc = 0 ] || fail "unchecked misuse: replay exit $rc, want 0"
grep -q '^unchecked: put-unowned x1 ' <<<"$out" || fail "the unchecked misuse is not counted"
echo "ok: a put by a non-holder is counted, not judged"

"$pageref" replay --api refcount --quiet --variant v4.19 --checks "$tmp/t.txt" \
	"$root"/corpus/scenarios/refcount-*.scn "$o" >/dev/null
grep -q '^api generation: before v5.5, REFCOUNT_FULL' "$tmp/t.txt" || fail "--checks: no generation line"
grep -qE '^site +function +check +evaluated +fired +dead +freed +overflow ' "$tmp/t.txt" || fail "--checks: columns"
for f in refcount_add_not_zero_checked refcount_inc_checked refcount_sub_and_test_checked refcount_dec_checked; do
	grep -qE "^v4\.19\.h:[0-9]+ +$f +WARN_ONCE +[1-9]" "$tmp/t.txt" || fail "--checks: $f's WARN not evaluated"
done
grep -qE '^v4\.19\.h:[0-9]+ +refcount_inc_checked +WARN_ONCE +[0-9]+ +[1-9][0-9]* +[1-9]' "$tmp/t.txt" ||
	fail "--checks: refcount_inc_checked's WARN did not fire on a dead object"
echo "ok: --checks: v4.19's own sites, witness columns dead/freed/overflow"
