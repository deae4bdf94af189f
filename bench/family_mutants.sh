#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A family's mutant scoreboard: for every mutant of --api FAMILY, the
# executions to its first own finding (its base clean on the input: the
# fuzz target checks), libFuzzer with the structure-aware mutator, from the
# family's corpus scenarios (seed 1) and from nothing (seeds 1..N), each
# cell within BUDGET seconds; then the mutant's first finding from nothing,
# minimised, as CPU columns. A benchmark: it prints markdown and exits 0
# unless it could not run.
#
#   bench/family_mutants.sh --api FAMILY [--seeds N] [--budget SECONDS] [--no-traces]
#                           [--fuzz-dir DIR] [--tool PAGEREF]
#
# Each mutant's world is its patch's "World:" line (src/family/FAMILY/mutants/).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
api="" seeds=3 budget=60 traces=1 fuzzdir="$ROOT/build/fuzz" tool="$ROOT/build/plain/pageref"
while [ $# -gt 0 ]; do
	case "$1" in
	--api) api=${2:-}; shift 2;;
	--seeds) seeds=${2:-}; shift 2;;
	--budget) budget=${2:-}; shift 2;;
	--no-traces) traces=0; shift;;
	--fuzz-dir) fuzzdir=${2:-}; shift 2;;
	--tool) tool=${2:-}; shift 2;;
	*) echo "family_mutants.sh: unknown flag $1" >&2; exit 2;;
	esac
done
[ -n "$api" ] || { echo "family_mutants.sh: --api FAMILY is required" >&2; exit 2; }
[[ "$seeds" =~ ^[1-9][0-9]*$ ]] || { echo "family_mutants.sh: --seeds $seeds: expected a number" >&2; exit 2; }
[[ "$budget" =~ ^[1-9][0-9]*$ ]] || { echo "family_mutants.sh: --budget $budget: expected seconds" >&2; exit 2; }
[ -x "$tool" ] || { echo "family_mutants.sh: no $tool (./build.sh test builds it)" >&2; exit 2; }
mutants=$("$tool" list --api "$api" --class mutant --quiet) ||
	{ echo "family_mutants.sh: --api $api: no such family" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# world MUTANT: the World: line of its patch ("none" if it has none)
world() {
	local p="$ROOT/src/family/$api/mutants/${1#mut-}.patch" w
	w=$(sed -n 's/^World: *//p' "$p" 2>/dev/null | head -1 | awk '{ print $1 }')	# its first world
	echo "${w:-none}"
}

# seeds_for MUTANT DIR: the family's scenarios compiled for MUTANT into DIR
seeds_for() {
	local f
	mkdir -p "$2"
	local scns=()
	mapfile -t scns < <("$tool" scenarios --api "$api" "$ROOT/corpus/scenarios")
	for f in "${scns[@]}"; do
		"$tool" compile --quiet --api "$api" --variant "$1" "$f" "$2/$(basename "$f" .scn)" 2>/dev/null
	done
}

# cell BIN WORLD SEED CORPUS: "execs title" of the first finding, or "- execs -"
cell() {
	local d=$work/cell e title
	rm -rf "$d"; mkdir -p "$d/a"; cp -r "$4" "$d/c"
	PAGEREF_WORLD="$([ "$2" = none ] || echo "$2")" "$1" -seed="$3" -max_total_time="$budget" \
		-max_len=1300 -artifact_prefix="$d/a/" "$d/c" >"$d/log" 2>&1
	e=$(sed -n 's/^PAGEREF-EXECUTIONS: //p' "$d/log")
	[ -n "$e" ] || e=$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$d/log")
	title=$(sed -n 's/^PAGEREF-FINDING: //p' "$d/log" | head -1)
	if ls "$d"/a/crash-* >/dev/null 2>&1 && [ -n "$title" ]; then
		cp "$(ls "$d"/a/crash-* | head -1)" "$work/last-crash"
		echo "${e:-?} $title"
	else
		echo "- ${e:-?} -"
	fi
}

echo "| mutant | world | from the corpus (seed 1) | from nothing, seeds 1..$seeds | title (from nothing, seed 1) |"
echo "| --- | --- | --- | --- | --- |"
for m in $mutants; do
	bin="$fuzzdir/pageref_fuzz_${api}_${m//-/_}"
	[ -x "$bin" ] || { echo "| $m | | no fuzz target $bin | | |"; continue; }
	w=$(world "$m")
	rm -rf "$work/seeds" "$work/empty"; seeds_for "$m" "$work/seeds"; mkdir -p "$work/empty"
	c=$(cell "$bin" "$w" 1 "$work/seeds")
	nothing="" t1="" sep=""
	for s in $(seq 1 "$seeds"); do
		r=$(cell "$bin" "$w" "$s" "$work/empty")
		nothing="$nothing$sep${r%% *}"; sep=" / "
		if [ "$s" = 1 ]; then
			t1=${r#* }
			[ "${r%% *}" = - ] || cp "$work/last-crash" "$work/first-$m"
		fi
	done
	echo "| $m | $w | ${c%% *} | $nothing | $t1 |"
done
[ "$traces" = 1 ] || exit 0
echo
for m in $mutants; do
	[ -f "$work/first-$m" ] || continue
	w=$(world "$m")
	echo "### $m ($w): the first finding from nothing, minimised"
	echo
	echo '```'
	# the campaign's world, as the fuzz target forces it on every input
	"$tool" minimize --api "$api" --variant "$m" --world "$w" "$work/first-$m" 2>&1 | sed "s|$work/||g"
	echo '```'
	echo
done
exit 0
