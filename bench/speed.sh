#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# speed.sh: the engine's speed figures, printed in one run.
#
#   bench/speed.sh [--pairs N] [--runs R] [--variant V] [--seed S] [--base REV]
#                  [--sections LIST]
#
# Defaults: 7 pairs, 300000 runs, v4, seed 1, base 52ede6d, every section.
# Sections (LIST is comma-separated; each is one function below, so a new
# figure is a new function and one line in SECTIONS):
#   bench    `pageref bench` today vs REV: CPU seconds, exec/s and the
#            ratio (today's CPU efficiency over REV's), N paired runs
#   weak     today's `pageref bench --memory weak` vs sc: weak/sc
# Both trees are this checkout's plain build (build/plain, as build.sh
# makes it) and REV's plain build in build/base-REV/: a cached scratch
# clone of this repository's own history (git clone --shared, checked out
# at REV) built by REV's own CMakeLists.txt, so nothing here touches the
# checkout or its build. Same generator, same seeds: the bench runs the
# same programs in both (see issue 23).
#
# Figures are CPU seconds (user + sys, bash's `time`), never wall time: a
# shared machine's wall clock counts other people's work. Runs alternate
# (REV, today, REV, today, ...) so that a slow minute hits both; each
# figure is the median over the pairs. A benchmark, not a test: it asserts
# nothing, it prints the figures and the goals beside them.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${PAGEREF_BUILD_DIR:-$ROOT/build}
PAIRS=7 RUNS=300000 VARIANT=v4 SEED=1 BASE_REV=52ede6d
SECTIONS=bench,weak
die() { printf 'speed.sh: %s\n' "$*" >&2; exit 2; }
say() { printf '[speed.sh] %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--pairs) PAIRS=${2:?}; shift 2;;
	--runs) RUNS=${2:?}; shift 2;;
	--variant) VARIANT=${2:?}; shift 2;;
	--seed) SEED=${2:?}; shift 2;;
	--base) BASE_REV=${2:?}; shift 2;;
	--sections) SECTIONS=${2:?}; shift 2;;
	-h|--help) sed -n '3,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
	*) die "unknown flag '$1' (--help)";;
	esac
done
CC_BIN=$(command -v clang-14 || command -v clang) || die "no clang (./build.sh test installs it)"

# ---- builds ----------------------------------------------------------------

# build_tree SRC DIR: a plain (RelWithDebInfo) build of SRC's pageref in DIR.
build_tree() {
	local src=$1 dir=$2 lockfd
	# build.sh's lock: a campaign building the same directory goes first
	exec {lockfd}>"$dir.lock" && flock "$lockfd" || die "cannot lock $dir.lock"
	if [ ! -f "$dir/build.ninja" ]; then
		cmake -S "$src" -B "$dir" -G Ninja -DCMAKE_C_COMPILER="$CC_BIN" >"$dir.cmake.log" 2>&1 ||
			{ tail -20 "$dir.cmake.log" >&2; die "cmake failed for $dir"; }
	fi
	ninja -C "$dir" pageref >"$dir.ninja.log" 2>&1 ||
		{ tail -20 "$dir.ninja.log" >&2; die "build failed in $dir (log: $dir.ninja.log)"; }
	exec {lockfd}>&-
}

# The base revision: a scratch clone under build/, made once, then cached.
build_base() {
	local rev dir
	rev=$(git -C "$ROOT" rev-parse --verify -q "$BASE_REV^{commit}") || die "no commit $BASE_REV here"
	dir="$BUILD/base-$BASE_REV"
	if [ "$(git -C "$dir/src" rev-parse -q HEAD 2>/dev/null)" != "$rev" ]; then
		say "cloning $BASE_REV into $dir/src"
		rm -rf "$dir"
		mkdir -p "$dir"
		git clone -q --shared --no-checkout "$ROOT" "$dir/src" &&
			git -C "$dir/src" checkout -q --detach "$rev" || die "cannot check out $BASE_REV in $dir/src"
	fi
	build_tree "$dir/src" "$dir/plain"
	BASE_BIN="$dir/plain/pageref"
}

build_today() {
	mkdir -p "$BUILD"
	build_tree "$ROOT" "$BUILD/plain"
	TODAY_BIN="$BUILD/plain/pageref"
}

# ---- measuring -------------------------------------------------------------

# cpu CMD...: prints CMD's CPU seconds (user + sys); its output is dropped.
cpu() {
	local TIMEFORMAT='%3U %3S' t
	t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || die "failed: $*"
	awk '{ printf "%.3f\n", $1 + $2 }' <<<"$t"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# pairs NAME_A NAME_B: N runs of each, alternating, commands in CMD_A and
# CMD_B (arrays); per pair A, B and B's efficiency over A's into $TMP/NAME.*
pairs() {
	local a=$1 b=$2 i ta tb
	: >"$TMP/$a" ; : >"$TMP/$b"; : >"$TMP/$a-$b"
	for ((i = 1; i <= PAIRS; i++)); do
		ta=$(cpu "${CMD_A[@]}") && tb=$(cpu "${CMD_B[@]}") || exit 2
		echo "$ta" >>"$TMP/$a"; echo "$tb" >>"$TMP/$b"
		awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.4f\n", a / b }' >>"$TMP/$a-$b"
		say "pair $i/$PAIRS: $a $ta s, $b $tb s"
	done
}

# line NAME FILE: median CPU seconds and exec/s
line() {
	local m
	m=$(median <"$2")
	awk -v n="$1" -v m="$m" -v r="$RUNS" 'BEGIN { printf "  %-9s %7.3f s CPU  %9.0f exec/s\n", n, m, r / m }'
}

# ---- sections --------------------------------------------------------------

section_bench() {
	build_base
	build_today
	CMD_A=("$BASE_BIN" bench --variant "$VARIANT" --runs "$RUNS" --seed "$SEED")
	CMD_B=("$TODAY_BIN" bench --variant "$VARIANT" --runs "$RUNS" --seed "$SEED")
	pairs base today
	echo "bench: pageref bench --variant $VARIANT --runs $RUNS --seed $SEED (median of $PAIRS paired runs)"
	line "$BASE_REV" "$TMP/base"
	line today "$TMP/today"
	echo "            (today: $(git -C "$ROOT" describe --always --dirty))"
	awk -v r="$(median <"$TMP/base-today")" -v rev="$BASE_REV" \
		-v goal="$([ "$BASE_REV" = 52ede6d ] && echo ' (goal: >= 1.45x)')" \
		'BEGIN { printf "  ratio     %.2fx the CPU efficiency of %s%s\n", r, rev, goal }'
}

section_weak() {
	build_today
	CMD_A=("$TODAY_BIN" bench --variant "$VARIANT" --runs "$RUNS" --seed "$SEED")
	CMD_B=("$TODAY_BIN" bench --variant "$VARIANT" --runs "$RUNS" --seed "$SEED" --memory weak)
	pairs sc weak
	echo "weak/sc: the same bench under --memory weak (median of $PAIRS paired runs)"
	line sc "$TMP/sc"
	line weak "$TMP/weak"
	awk -v r="$(median <"$TMP/sc-weak")" \
		'BEGIN { printf "  weak/sc   %.2f (goal: >= 0.33)\n", r }'
}

TMP=$(mktemp -d) || die "mktemp"
trap 'rm -rf "$TMP"' EXIT
for s in ${SECTIONS//,/ }; do
	declare -F "section_$s" >/dev/null || die "no section '$s' (bench, weak)"
	"section_$s"
done
