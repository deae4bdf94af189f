#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rcuref_checks.sh PAGEREF ROOT: rcuref's own checks judge misuse (misuse.c).
#  - every misuse scenario of the corpus is caught by a check of the header
#    on every shipped variant (expected), and the check table names no dead
#    check there;
#  - a check evaluated in a misused call on its witness and never firing is
#    a dead check and a finding (mut-saturation-late: the saturation WARN
#    one past MAXREF), named in the table with its witness column;
#  - misuse no check can see is counted as unchecked, never a finding
#    (a put by a non-holder, a get on a freed object, put_rcusafe outside
#    RCU without CONFIG_PROVE_RCU).
set -u
P=$1 root=$2 fail=0
bad() { echo "FAIL: $*"; fail=1; }
c=$root/corpus/scenarios
caught=("$c/rcuref-misuse-put-dead.scn" "$c/rcuref-misuse-put-freed.scn" "$c/rcuref-r5-saturation-warns.scn"
	"$c/rcuref-r4-rcusafe-outside-rcu.scn")
for v in $("$P" list --api rcuref --class shipped --quiet); do
	out=$("$P" replay --api rcuref --variant "$v" "${caught[@]}" 2>&1)
	n=$(grep -c ': no finding (expected check fired)$' <<<"$out")
	[ "$n" = ${#caught[@]} ] || bad "$v: $n of ${#caught[@]} misuses caught"
	grep -q "^checks: 3 sites, 3 evaluated, 3 fired, 0 dead; 0 unchecked misuse(s)$" <<<"$out" ||
		bad "$v: check table: $(grep '^checks:' <<<"$out")"
	[ $fail = 0 ] && echo "ok   $v: all ${#caught[@]} misuses caught by the header's three checks"
done
out=$("$P" replay --api rcuref --variant mut-saturation-late "$c/rcuref-r5-saturation-warns.scn" 2>&1); rc=$?
[ $rc = 1 ] && grep -q ': BUG: misuse not caught: rcuref_get on live object$' <<<"$out" &&
	grep -qE '^dead check: WARN_ONCE at rcuref-mut-saturation-late\.h:[0-9]+ in rcuref_get_slowpath: evaluated 1 times in misused calls \(0 on dead, 1 on maxref, 0 on unsafe-ctx objects\), never fired$' <<<"$out" &&
	echo "ok   mut-saturation-late: its saturation WARN is a dead check, and a finding" ||
	bad "mut-saturation-late: exit $rc: $(grep -E '^(dead|checks|.*: )' <<<"$out" | head -4)"
for s in put-unowned:put-unowned rcusafe-no-prove:put-rcusafe-unsafe get-freed:get-freed; do
	f=$root/tests/rcuref/${s%%:*}.scn kind=${s##*:}
	out=$("$P" replay --api rcuref --variant upstream "$f" 2>&1); rc=$?
	[ $rc = 0 ] && grep -q ": no finding$" <<<"$out" && grep -q "^unchecked: $kind x1 " <<<"$out" &&
		echo "ok   $kind: unchecked, counted, no finding" ||
		bad "$kind: exit $rc: $(grep -E '^(unchecked|checks|.*: )' <<<"$out" | head -3)"
done
"$P" check --quiet "$root"/tests/rcuref/*.scn >/dev/null || bad "check tests/rcuref/*.scn"
exit $fail
