#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# expect_proves.sh PAGEREF CORPUS_DIR: an expect line counts only if the
# interleaving it is about happened. A scenario whose schedule no longer
# applies (a segment naming an atomic the variant never performs) fails
# `check`, --quiet or not, naming the segment's file:line; so does one
# whose reached=N is wrong; a tape the run does not use up likewise.
set -u
pageref=$1 corpus=$2 fail=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
want_fail() { # want_fail WHAT FILE GREP
	out=$("$pageref" check --quiet "$2" 2>&1); rc=$?
	if [ $rc = 1 ] && grep -qE -- "$3" <<<"$out"; then echo "ok   $1: $(grep -m1 FAIL <<<"$out")"
	else echo "FAIL $1: exit $rc, wanted /$3/: $out"; fail=1; fi
}
# zero-then-get, its first segment renamed to an atomic no variant has
sed 's/^schedule T0 through .*/schedule T0 through atomic_frobnicate/' "$corpus/zero-then-get.scn" >"$work/stale.scn"
line=$(grep -n '^schedule T0 through' "$work/stale.scn" | cut -d: -f1)
want_fail "unreached segment" "$work/stale.scn" "^FAIL $work/stale.scn:$line: variant [a-z0-9-]+: 'schedule T0 through atomic_frobnicate' was never reached"
# a reached=N that is not what happens
sed 's/^expect upstream reached=3 /expect upstream reached=2 /' "$corpus/aba-page-dtor.scn" >"$work/reached.scn"
want_fail "wrong reached=" "$work/reached.scn" "^FAIL $work/reached.scn:[0-9]+: variant upstream: .* was never reached \(3 of 4 segments\)"
# a tape with decisions the run never takes
printf 'threads 2\nworld none\npage T0 pfn=0 order=0 type=file hold bg=0\nT0 put pfn=0\nT1 pfn_walk pfn=0\ntape - - T1 T0 T1 T0 T1 T0 T1 T0 T1 T0\nexpect v4 none\n' >"$work/tape.scn"
want_fail "unused tape" "$work/tape.scn" "^FAIL $work/tape.scn:7: variant v4: the run took [0-9]+ of the tape's 12 decisions"
exit $fail
