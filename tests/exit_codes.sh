#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# exit_codes.sh PAGEREF CORPUS_DIR: threads, stress, check, replay and file
# exit 1 on a finding (or a failed expectation) and 0 on none.
set -u
pageref=$1 corpus=$2 fail=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
want() { # want RC cmd...
	local rc=$1; shift
	"$@" >"$work/out" 2>&1; got=$?
	if [ $got = "$rc" ]; then echo "ok   exit $got: ${*#$pageref }"
	else echo "FAIL exit $got, want $rc: $*"; tail -5 "$work/out"; fail=1; fi
}
aba=$corpus/aba-caller-dtor.scn
# the ABA of the v4 review: a finding on fibers, whatever real threads show
want 1 "$pageref" threads --variant v4 --runs 3 "$aba"
want 0 "$pageref" threads --variant upstream --runs 3 "$corpus/zero-then-get.scn"
# a directory: the variant's family's scenarios in it (the ABA among them)
want 1 "$pageref" threads --variant v4 --runs 2 "$corpus"
want 1 "$pageref" replay --quiet --variant v4 "$aba"
want 0 "$pageref" replay --quiet --variant upstream "$corpus/zero-then-get.scn"
want 1 "$pageref" stress --variant rfc --runs 1000 --seed 1 --quiet
want 0 "$pageref" stress --variant v4 --runs 1000 --seed 1 --quiet
want 0 "$pageref" check --quiet "$aba"
# file: an input that does not reproduce is kept and not filed (exit 1),
# unless it is an engine's wall-clock timeout (timeout-*): not confirmed, exit 0
"$pageref" compile --variant upstream "$corpus/zero-then-get.scn" "$work/clean" >/dev/null 2>&1
cp "$work/clean" "$work/crash-x"; cp "$work/clean" "$work/timeout-x"
want 1 "$pageref" file --variant upstream --findings "$work/f" "$work/crash-x"
want 0 "$pageref" file --variant upstream --findings "$work/f" "$work/timeout-x"
grep -q 'not confirmed; kept' "$work/out" || { echo "FAIL: no note for the timeout"; fail=1; }
# an expect line that does not hold
sed 's/^expect v4 .*/expect v4 none/' "$aba" >"$work/wrong.scn"
want 1 "$pageref" check --quiet "$work/wrong.scn"
exit $fail
