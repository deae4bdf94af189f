#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Correct variants stay clean: seeded random programs (pageref stress) on
# each variant x world x memory model x seed, J at once; a markdown row per
# cell (runs, findings, expected checks, seconds) and the first finding's
# report, if any, below the table. A benchmark: it prints figures and exits
# 0 unless it could not run (a finding is a figure here, and a bug to read).
#
#   bench/clean_matrix.sh [--api FAMILY] --variants "V..." --worlds "W..."
#                         [--memory "sc weak"] [--seeds "1 2 3"] [--runs N] [--jobs J]
#                         [--tool PAGEREF]
# A world is the family's option list ("none", "misuse,caller-dtor", ...).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
api=page_ref variants="" worlds="none" memories="sc weak" seeds="1 2 3" runs=2000000 jobs=1
tool="$ROOT/build/plain/pageref"
while [ $# -gt 0 ]; do
	case "$1" in
	--api) api=${2:-}; shift 2;;
	--variants) variants=${2:-}; shift 2;;
	--worlds) worlds=${2:-}; shift 2;;
	--memory) memories=${2:-}; shift 2;;
	--seeds) seeds=${2:-}; shift 2;;
	--runs) runs=${2:-}; shift 2;;
	--jobs) jobs=${2:-}; shift 2;;
	--tool) tool=${2:-}; shift 2;;
	*) echo "clean_matrix.sh: unknown flag $1" >&2; exit 2;;
	esac
done
[ -n "$variants" ] || { echo "clean_matrix.sh: --variants is required" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "clean_matrix.sh: --runs $runs: expected a number" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] && [ "$jobs" -le "$(nproc)" ] ||
	{ echo "clean_matrix.sh: --jobs $jobs: 1..$(nproc) (the machine's cores)" >&2; exit 2; }
[ -x "$tool" ] || { echo "clean_matrix.sh: no $tool (./build.sh test builds it)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# one cell: VARIANT WORLD MEMORY SEED -> $work/cells/N (its row), $work/reports/N
cell() {
	local n=$1 v=$2 w=$3 m=$4 s=$5 t0 t1 out line
	t0=$(date +%s.%N)
	out=$("$tool" stress --api "$api" --variant "$v" --world "$w" --memory "$m" --runs "$runs" \
		--seed "$s" 2>&1)
	t1=$(date +%s.%N)
	line=$(grep '^stress: ' <<<"$out" | tail -1)
	[ -n "$line" ] || line="stress: (no summary: $(tail -1 <<<"$out"))"
	printf '%s|%s|%s|%s|%s|%.0f\n' "$v" "$w" "$m" "$s" \
		"$(sed -E 's/^stress: variant [^,]+, //' <<<"$line")" "$(echo "$t1 - $t0" | bc)" \
		> "$work/cells/$n"
	grep -q ' 0 finding(s)' <<<"$line" || printf '%s\n' "$out" > "$work/reports/$n"
}
export -f cell
export api runs tool work
mkdir -p "$work/cells" "$work/reports"
n=0
for v in $variants; do for w in $worlds; do for m in $memories; do for s in $seeds; do
	n=$((n + 1)); printf '%s %s %s %s %s\n' "$n" "$v" "$w" "$m" "$s"
done; done; done; done > "$work/list"
xargs -P "$jobs" -L 1 bash -c 'cell "$@"' _ < "$work/list"
echo "| variant | world | memory | seed | result | seconds |"
echo "| --- | --- | --- | --- | --- | --- |"
for i in $(seq 1 "$n"); do
	[ -f "$work/cells/$i" ] && awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$work/cells/$i"
done
for i in $(seq 1 "$n"); do
	[ -f "$work/reports/$i" ] || continue
	echo; echo "cell $i: $(cut -d'|' -f1-4 "$work/cells/$i")"; echo '```'; head -60 "$work/reports/$i"; echo '```'
done
exit 0
