#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fuzz_explore_mutation.sh FUZZ_DIR PAGEREF SCN
#   Explorer-guided mutation (fuzz/fuzz_pageref.c): seeded with the ABA's
#   operations and no schedule, a libFuzzer run of at most 20,000 inputs on
#   v4 (caller-dtor) must find a wrong-destructor title, and the input it
#   saved must replay to it. The seed alone shows nothing (checked first).
# Exit 77 (skipped) when the fuzz build is missing.
set -u
fuzzdir=$1 pageref=$2 scn=$3
bin="$fuzzdir/pageref_fuzz_v4"
[ -x "$bin" ] || { echo "no fuzz build at $fuzzdir (./build.sh test makes it)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/art"
"$pageref" compile "$scn" "$work/corpus/aba-ops.bin" || exit 1
"$pageref" replay --quiet --variant v4 --world caller-dtor "$work/corpus/aba-ops.bin"; rc=$?
[ $rc = 0 ] || { echo "FAIL: the seed itself shows a finding (exit $rc): the test proves nothing"; exit 1; }
PAGEREF_WORLD=caller-dtor "$bin" -runs=20000 -seed=1 -artifact_prefix="$work/art/" \
	-max_len=1300 "$work/corpus" >"$work/log" 2>&1
crash=$(ls "$work"/art/crash-* 2>/dev/null | head -1)
[ -n "$crash" ] || { tail -5 "$work/log"; echo "FAIL: nothing found in 20,000 runs"; exit 1; }
title=$(sed -n 's/^PAGEREF-FINDING: //p' "$work/log")
echo "found after $(sed -n 's/^PAGEREF-EXECUTIONS: //p' "$work/log") executions: $title"
echo "$title" | grep -Eq '^BUG: [a-z]+ destructor run on [a-z]+ folio in ' ||
	{ echo "FAIL: unexpected title"; exit 1; }
got=$("$pageref" replay --quiet --variant v4 --world caller-dtor "$crash" | sed 's/^[^:]*: //')
[ "$got" = "$title" ] || { echo "FAIL: the saved input replays to '$got'"; exit 1; }
echo "ok: the saved input replays to the same title"
