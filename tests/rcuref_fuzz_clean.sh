#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rcuref_fuzz_clean.sh TARGET WORLD SEED RUNS: a libFuzzer campaign of RUNS
# runs (from nothing) on a correct rcuref variant's target, in WORLD: no
# crash. Exit 77 (skipped) without the fuzz build.
set -u
bin=$1 world=$2 seed=$3 runs=$4
[ -x "$bin" ] || { echo "no fuzz build at $bin (./build.sh test makes it)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/art"
PAGEREF_WORLD="$world" "$bin" -runs="$runs" -seed="$seed" -artifact_prefix="$work/art/" \
	-max_len=1300 -len_control=20 "$work/corpus" >"$work/log" 2>&1
if ls "$work"/art/crash-* >/dev/null 2>&1; then
	grep -A40 '^=====' "$work/log" | head -50
	echo "FAIL: $(basename "$bin") found something (world $world, seed $seed)"; exit 1
fi
grep -q "Done $runs runs" "$work/log" || { tail -5 "$work/log"; echo "FAIL: libFuzzer did not finish"; exit 1; }
echo "ok: $(basename "$bin"), world $world, seed $seed: $runs runs, no finding"
