#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# weak_stress.sh PAGEREF VARIANT SEED RUNS [TITLE]
#   Seeded random programs under --memory weak. Without TITLE: no finding in
#   RUNS runs. With TITLE: the first finding is TITLE (the variant's one known
#   weak-memory race), and the saved input replays to it.
set -u
[ $# -ge 4 ] || { echo "usage: weak_stress.sh PAGEREF VARIANT SEED RUNS [TITLE]"; exit 2; }
pageref=$1 variant=$2 seed=$3 runs=$4 want=${5:-}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$("$pageref" stress --variant "$variant" --memory weak --runs "$runs" --seed "$seed" --quiet --save "$tmp")
echo "$out" | tail -3
echo "$out" | grep -q "^stress: variant $variant, " || { echo "FAIL: stress did not run"; exit 1; }
got=$(echo "$out" | sed -n 's/^run [0-9]*: //p' | head -1)
if [ -z "$want" ]; then
	[ -z "$got" ] || { echo "FAIL: $variant, seed $seed: $got"; exit 1; }
	echo "ok: $variant, seed $seed: $runs runs under --memory weak, no finding"
	exit 0
fi
[ "$got" = "$want" ] || { echo "FAIL: $variant, seed $seed: want '$want', got '${got:-no finding}'"; exit 1; }
f=$(ls "$tmp"/*.bin | head -1)
again=$("$pageref" replay --quiet --variant "$variant" "$f" | sed 's/^[^:]*: //')
[ "$again" = "$want" ] || { echo "FAIL: the saved input replays to '$again'"; exit 1; }
echo "ok: $variant, seed $seed: the known weak-memory race, and it replays"
