#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rcuref_stress.sh PAGEREF VARIANT WORLD MEMORY SEED RUNS: seeded random
# programs of the rcuref family on VARIANT, in world WORLD under memory
# model MEMORY: no finding in RUNS runs (the correct upstream: clean in
# every world and both models).
set -u
[ $# = 6 ] || { echo "usage: rcuref_stress.sh PAGEREF VARIANT WORLD MEMORY SEED RUNS"; exit 2; }
P=$1 v=$2 world=$3 mem=$4 seed=$5 runs=$6
out=$("$P" stress --api rcuref --variant "$v" --world "$world" --memory "$mem" --runs "$runs" --seed "$seed" --quiet 2>&1); rc=$?
echo "$out" | tail -3
[ $rc = 0 ] && grep -q "^stress: variant $v, $runs runs, 0 finding(s)" <<<"$out" ||
	{ echo "FAIL: rcuref $v, world $world, memory $mem, seed $seed: $(grep '^run' <<<"$out" | head -1)"; exit 1; }
echo "ok: rcuref $v, world $world, memory $mem, seed $seed: $runs runs, no finding"
