#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fuzz_campaign.sh find|clean FUZZ_DIR PAGEREF VARIANT SEED [WORLD]
#   find:  a libFuzzer campaign (at most 2,000,000 runs) must find a bug whose
#          title matches the variant's known bugs; the canonical reproducer
#          must replay to the same report 100 times out of 100.
#   clean: 1,000,000 runs must find nothing (twelve such runs a suite: the
#          suite's time budget, with the weak and explore checks beside them).
# Exit 77 (skipped) when the fuzz build is missing.
set -u
mode=$1 fuzzdir=$2 pageref=$3 variant=$4 seed=$5 world=${6:-}
bin="$fuzzdir/pageref_fuzz_${variant//-/_}"
[ -x "$bin" ] || { echo "no fuzz build at $fuzzdir (./build.sh test makes it)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/art"
runs=2000000; [ "$mode" = clean ] && runs=1000000
PAGEREF_WORLD="$world" "$bin" -runs=$runs -seed="$seed" -artifact_prefix="$work/art/" \
	-max_len=1300 -len_control=20 -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1
crash=$(ls "$work"/art/crash-* 2>/dev/null | head -1)
runs=$(grep stat::number_of_executed_units "$work/log" | awk '{print $2}')
if [ "$mode" = clean ]; then
	if [ -n "$crash" ]; then
		grep -A60 '^=====' "$work/log" | head -80
		echo "FAIL: $variant found something with seed $seed"; exit 1
	fi
	grep -q 'Done [0-9]* runs' "$work/log" || { tail -20 "$work/log"; echo "FAIL: libFuzzer did not finish"; exit 1; }
	echo "ok: $variant, seed $seed: $runs runs, no finding"
	exit 0
fi
case "$variant" in
rfc|v2-frozen-zero) want='succeeded on (free|frozen|tail) page|double free|Bad page state|refcount overflow|freed while referenced';;
v2-inverted-assert) want='^kernel BUG in page_ref_(inc|dec|add|sub)';;
v4) want='destructor run on';;
*) echo "FAIL: no list of known bugs for $variant: say which titles it must find"; exit 1;;
esac
[ -n "$crash" ] || { tail -5 "$work/log"; echo "FAIL: $variant: nothing found in $runs runs (seed $seed)"; exit 1; }
"$pageref" canon --world "${world:-none}" "$crash" "$work/repro.bin" || exit 1
title=$("$pageref" replay --quiet --variant "$variant" "$work/repro.bin" | sed 's/^[^:]*: //')
execs=$(grep -E '^#[0-9]+' "$work/log" | tail -1 | sed -E 's/^#([0-9]+).*/\1/')
echo "found after about ${execs:-?} executions: $title"
echo "$title" | grep -Eq "$want" || { echo "FAIL: unexpected title for $variant (want /$want/)"; exit 1; }
# replay exits 1 for a finding, which is what a reproducer must give
"$pageref" replay --variant "$variant" --repeat 100 "$work/repro.bin" >"$work/replay" 2>&1; rc=$?
cat "$work/replay"
[ $rc = 1 ] && ! grep -q 'NOT DETERMINISTIC' "$work/replay" || { echo "FAIL: reproducer not deterministic (exit $rc)"; exit 1; }
echo "ok: $variant: reproducer replays to the same report 100 times out of 100"
"$pageref" minimize --quiet --variant "$variant" "$work/repro.bin" >"$work/min" 2>&1 || { cat "$work/min"; echo "FAIL: minimisation"; exit 1; }
cat "$work/min"
grep -q "^expect $variant $title\$" "$work/min" || { echo "FAIL: minimised title differs"; exit 1; }
