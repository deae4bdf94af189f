#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# pageref explore from the command line: hand-counted schedules, a found
# schedule that replay and check reproduce, verdict lines, exit codes, and
# bad flags. usage: explore_cli.sh PAGEREF TESTS_DIR CORPUS_DIR
set -u
P=$1; T=$2; C=$3
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL: $*"; fail=1; }

out=$("$P" explore --variant upstream --unbounded --no-reduction "$T/explore/two-gets.scn"); rc=$?
echo "$out" | grep -q "^verdict: exhaustive: all 6 schedule(s), no bound: no finding$" || bad "two-gets: not 6 schedules: $out"
[ $rc = 0 ] || bad "two-gets: exit $rc, want 0"

out=$("$P" explore --variant v4 --preemptions 1 "$C/aba-caller-dtor.scn"); rc=$?
echo "$out" | grep -q "^verdict: no finding in [0-9]* schedule(s) with <=1 preemption(s)$" || bad "aba bound 1: $out"
[ $rc = 0 ] || bad "aba bound 1: exit $rc, want 0"

out=$("$P" explore --variant v4 --quiet --save "$tmp/aba.scn" "$C/aba-caller-dtor.scn"); rc=$?
[ $rc = 1 ] || bad "aba: exit $rc, want 1"
echo "$out" | grep -q "^verdict: BUG: file destructor run on hugetlb folio in folio_put (2 preemption(s))$" || bad "aba: $out"
"$P" check --quiet "$tmp/aba.scn" | grep -q "1 verdict(s), 0 failed" || bad "the saved schedule does not check"
"$P" replay --variant v4 --quiet "$tmp/aba.scn" | grep -q ": BUG: file destructor run on hugetlb folio in folio_put$" || bad "the saved schedule does not replay"
"$P" explore --variant v4 --quiet --save "$tmp/aba.scn" "$C/aba-caller-dtor.scn" >/dev/null 2>&1
[ $? = 2 ] || bad "--save overwrote an existing file"

# --memory weak: every reads-from choice too; zero-then-get has no finding under it on v4
out=$("$P" explore --variant v4 --memory weak "$C/zero-then-get.scn" 2>&1); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "world weak" || bad "--memory weak: exit $rc: $out"
"$P" explore --variant v4 --memory strong "$C/zero-then-get.scn" >/dev/null 2>&1
[ $? = 2 ] || bad "--memory strong: not refused"
for args in "--preemptions x" "--variant nope" "--frob" "--variant v4"; do
	"$P" explore $args "$C/zero-then-get.scn" >/dev/null 2>&1; rc=$?
	[ "$args" = "--variant v4" ] && { [ $rc = 0 ] || bad "explore $args: exit $rc, want 0"; continue; }
	[ $rc = 2 ] || bad "explore $args: exit $rc, want 2"
done
echo "explore-cli: $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
