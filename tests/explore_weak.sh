#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# explore_weak.sh PAGEREF ROOT: explore under the weak memory model runs every
# schedule within the bound times every reads-from choice.
#  - the race of corpus/scenarios/weak-zero-then-get-split.scn: v4 shows it at
#    exactly 2 preemptions (none with fewer), upstream and the cmpxchg_acquire
#    fix show nothing in any schedule with <= 3;
#  - each memory-order mutant's oracle scenario: the mutant shows its bug,
#    v4 shows nothing within the bound.
set -u
pageref=$1 root=$2
fail() { echo "FAIL: $*"; exit 1; }
verdict() { "$pageref" explore --variant "$1" --preemptions 3 "$2" 2>&1 | sed -n 's/^verdict: //p'; }
scn=$root/corpus/scenarios/weak-zero-then-get-split.scn
got=$(verdict v4 "$scn")
[ "$got" = "BUG: stale page contents after the last put in folio_put (2 preemption(s))" ] || fail "v4: $got"
for v in upstream test-cas-acquire; do
	got=$(verdict $v "$scn")
	case "$got" in "no finding in "*" schedule(s) with <=3 preemption(s)") ;; *) fail "$v: $got";; esac
done
echo "ok: the relaxed 0 -> FROZEN race needs 2 preemptions on v4; upstream and the fix are clean"
for m in unfreeze-relaxed dec-and-test-relaxed try-get-relaxed freeze-relaxed sub-and-test-release; do
	scn=$root/tests/oracles/weak-$m.scn
	got=$(verdict mut-$m "$scn")
	case "$got" in "BUG: stale page contents after "*) ;; *) fail "mut-$m: $got";; esac
	got=$(verdict v4 "$scn")
	case "$got" in "no finding in "*|"exhaustive: "*) ;; *) fail "v4 on weak-$m.scn: $got";; esac
done
echo "ok: every memory-order mutant is found by explore under weak memory, v4 is not"
