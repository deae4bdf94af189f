#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A refactoring's witness: runs a fixed battery of `pageref` commands (every
# command that prints something deterministic, on the built-in variants and
# the corpus) and writes each one's stdout, stderr and exit code to
# OUTDIR/NNN-name.txt. Run it before and after a change that must not alter
# behaviour, then `diff -r BEFORE AFTER`: no line may differ.
#
#   tools/outputs.sh build/plain/pageref /tmp/before
#
# Timings (exec/s, seconds) are masked; real-thread commands are left out
# (not deterministic).
set -u
tool=${1:?usage: tools/outputs.sh PAGEREF OUTDIR}
out=${2:?usage: tools/outputs.sh PAGEREF OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out" || exit 2
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: one output file, paths under the checkout made relative
run() {
	local name=$1 rc; shift
	n=$((n + 1))
	# stdout, then stderr: one stream would interleave them by timing
	(cd "$root" && "$@") >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	{ cat "$tmp/stdout"; echo "--- stderr"; cat "$tmp/stderr"; echo "exit: $rc"; } |
		sed -E "s|$root/||g; s|$tmp/||g; s/[0-9.]+ (exec\/s|s\b|seconds)/N \1/g" \
		> "$out/$(printf '%03d' $n)-$name.txt"
}

run list "$tool" list
for s in corpus/scenarios/*.scn tests/oracles/*.scn tests/explore/*.scn tests/dedup/*.scn; do
	run "check-$(basename "$s" .scn)" "$tool" check --all "$s"
done
for v in v4 upstream rfc alive-bit; do
	mapfile -t scns < <("$tool" scenarios corpus/scenarios)	# page_ref's
	for s in "${scns[@]}"; do
		run "replay-$v-$(basename "$s" .scn)" "$tool" replay --variant "$v" "$s"
	done
done
run replay-lkml "$tool" replay --lkml --variant v4 corpus/scenarios/aba-caller-dtor.scn
run replay-lkml-weak "$tool" replay --lkml --variant v4 corpus/scenarios/weak-zero-then-get-split.scn
run replay-checks "$tool" replay --quiet --variant v4 --world misuse --checks "$tmp/checks.txt" corpus/scenarios
run checks-file cat "$tmp/checks.txt"
for s in corpus/scenarios/*.scn; do
	b=$(basename "$s" .scn)
	"$tool" compile --quiet --variant v4 "$s" "$tmp/$b.bin" >/dev/null 2>&1
	run "decompile-$b" "$tool" decompile "$tmp/$b.bin"
	run "canon-$b" "$tool" canon --world misuse "$tmp/$b.bin" "$tmp/$b.canon"
	run "canon-bytes-$b" od -An -tx1 "$tmp/$b.canon"
done
run minimize-aba "$tool" minimize --variant v4 --world caller-dtor "$tmp/aba-caller-dtor.bin"
run minimize-overflow "$tool" minimize --variant v4 "$tmp/overflow-concurrent-undo.bin"
run minimize-weak "$tool" minimize --variant v4 "$tmp/weak-zero-then-get-split.bin"
for s in tests/explore/*.scn corpus/scenarios/aba-caller-dtor.scn corpus/scenarios/zero-then-get.scn; do
	run "explore-$(basename "$s" .scn)" "$tool" explore --variant v4 --all --preemptions 2 "$s"
done
run explore-weak "$tool" explore --variant v4 --all --preemptions 2 corpus/scenarios/weak-zero-then-get-split.scn
run orderings "$tool" orderings --variant v4 --baseline upstream --runs 3000 --seed 1 corpus/scenarios/*.scn
for v in rfc v4 v2-frozen-zero mut-lost-cas; do
	run "stress-$v" "$tool" stress --variant "$v" --runs 3000 --seed 2
	run "stress-weak-$v" "$tool" stress --variant "$v" --memory weak --runs 3000 --seed 2
	run "stress-misuse-$v" "$tool" stress --variant "$v" --world misuse --runs 3000 --seed 2
done
run regress "$tool" regress --variant v4 --world caller-dtor "$tmp/aba-caller-dtor.bin" "$tmp/new.scn"
run regress-file cat "$tmp/new.scn"
echo "$n outputs in $out"
