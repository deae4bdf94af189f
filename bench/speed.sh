#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# speed.sh: the engine's speed figures, printed in one run.
#
#   bench/speed.sh [--pairs N] [--runs R] [--variant V] [--seed S] [--base REV]
#                  [--sections LIST] [--fuzz-runs N]
#
# Defaults: 7 pairs, 300000 runs (--fuzz-runs: 300000 for the campaign), v4,
# seed 1, base 52ede6d, every section.
# Sections (LIST is comma-separated; each is one function below, so a new
# figure is a new function and one line in SECTIONS):
#   bench    `pageref bench` today vs REV: CPU seconds, exec/s and the
#            ratio (today's CPU efficiency over REV's), N paired runs
#   weak     today's `pageref bench --memory weak` vs sc: weak/sc
#   campaign the main job's exec/s (`./build.sh fuzz --jobs 1`, from its
#            summary) against the same fuzz target run in-process by
#            libFuzzer alone, same seed, runs, corpus and environment:
#            their ratio (goal >= 0.8)
#   edit     the edit loop: `./build.sh fuzz --variant my.h --runs 1` with
#            a 5,000-input corpus, cold (first build of my.h) and warm
#            (goal: warm <= 2 s)
# Both trees are this checkout's plain build (build/plain, as build.sh
# makes it) and REV's plain build in build/base-REV/: a cached scratch
# clone of this repository's own history (git clone --shared, checked out
# at REV) built by REV's own CMakeLists.txt, so nothing here touches the
# checkout or its build. Same generator, same seeds: the bench runs the
# same programs in both (see issue 23).
#
# bench and weak figures are CPU seconds (user + sys, bash's `time`), not
# wall time: a shared machine's wall clock counts other people's work;
# campaign and edit are wall time, what the user waits for. Runs alternate
# (REV, today, REV, today, ...) so that a slow minute hits both; each
# figure is the median over the pairs. A benchmark, not a test: it asserts
# nothing, it prints the figures and the goals beside them.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${PAGEREF_BUILD_DIR:-$ROOT/build}
PAIRS=7 RUNS=300000 VARIANT=v4 SEED=1 BASE_REV=52ede6d
SECTIONS=bench,weak,campaign,edit
FUZZ_RUNS=300000
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
	--fuzz-runs) FUZZ_RUNS=${2:?}; shift 2;;
	-h|--help) sed -n '3,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
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

# wall seconds of CMD... (its output in $TMP/last.log)
wall() {
	local t0=${EPOCHREALTIME/,/.}
	"$@" >"$TMP/last.log" 2>&1 || { tail -5 "$TMP/last.log" >&2; die "failed: $*"; }
	awk -v a="$t0" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.2f\n", b - a }'
}

section_campaign() {
	local bin="$BUILD/fuzz/pageref_fuzz_$VARIANT" i c r t camp=() inproc=() line
	export PAGEREF_FINDINGS_DIR="$TMP/findings"
	# a corpus to start from: a short campaign's, copied for each run
	say "a starting corpus: ./build.sh fuzz --variant $VARIANT --runs 20000"
	"$ROOT/build.sh" fuzz --variant "$VARIANT" --runs 20000 --seed "$SEED" --corpus "$TMP/corpus0" \
		>"$TMP/warm.log" 2>&1 || { tail -5 "$TMP/warm.log" >&2; die "the warm-up campaign failed"; }
	[ -x "$bin" ] || die "no fuzz target $bin (./build.sh fuzz builds it)"
	for ((i = 1; i <= 3; i++)); do
		rm -rf "$TMP/c" "$TMP/inbox" "$TMP/findings"; cp -r "$TMP/corpus0" "$TMP/c"
		line=$("$ROOT/build.sh" fuzz --variant "$VARIANT" --runs "$FUZZ_RUNS" --seed "$SEED" --jobs 1 \
			--corpus "$TMP/c" 2>/dev/null | grep '^summary') || die "the campaign failed"
		c=$(sed -nE 's/.* ([0-9]+) runs in ([0-9.]+) s .*/\1 \2/p' <<<"$line" | awk '{ printf "%d", ($2 > 0 ? $1 / $2 : 0) }')
		camp+=("$c")
		rm -rf "$TMP/c" "$TMP/inbox"; cp -r "$TMP/corpus0" "$TMP/c"; mkdir -p "$TMP/inbox"
		# libFuzzer's own average divides by whole seconds: timed here instead
		t=$(PAGEREF_INBOX="$TMP/inbox" PAGEREF_TITLES_FILE="$TMP/titles" PAGEREF_STATS="$TMP/in.stats" \
			wall "$bin" -runs="$FUZZ_RUNS" -seed="$SEED" -max_len=1300 -timeout=10 -reload=1 \
			-print_final_stats=1 -artifact_prefix="$TMP/" "$TMP/c") || exit 2
		r=$(awk -v t="$t" '$1 == "stat::number_of_executed_units:" { printf "%d", $2 / t }' "$TMP/last.log")
		inproc+=("$r")
		say "round $i/3: campaign $c exec/s, in-process $r exec/s"
	done
	c=$(printf '%s\n' "${camp[@]}" | median); r=$(printf '%s\n' "${inproc[@]}" | median)
	echo "campaign: $FUZZ_RUNS runs of $VARIANT, seed $SEED, jobs 1, from the same corpus (median of 3)"
	printf '  campaign    %9.0f exec/s  (./build.sh fuzz: its summary'"'"'s runs over its fuzzing seconds)\n' "$c"
	printf '  in-process  %9.0f exec/s  (the fuzz target under libFuzzer alone)\n' "$r"
	awk -v a="$c" -v b="$r" 'BEGIN { printf "  ratio       %.2f (goal: >= 0.8)\n", (b > 0 ? a / b : 0) }'
}

section_edit() {
	local n cold warm
	export PAGEREF_FINDINGS_DIR="$TMP/findings"
	mkdir -p "$TMP/my" "$TMP/c5000"
	cp "$ROOT/shim/variants/upstream.h" "$TMP/my/my.h"
	# 5,000 inputs: random bytes (the decoder is total), fixed seed
	python3 - "$TMP/c5000" <<'PY' || die "cannot write the corpus"
import os, random, sys
rng = random.Random(1)
for i in range(5000):
    with open(os.path.join(sys.argv[1], "in-%05d" % i), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(rng.randrange(8, 300))))
PY
	n=$(ls "$TMP/c5000" | wc -l)
	cold=$(wall "$ROOT/build.sh" fuzz --variant "$TMP/my/my.h" --runs 1 --corpus "$TMP/c5000")
	warm=$(wall "$ROOT/build.sh" fuzz --variant "$TMP/my/my.h" --runs 1 --corpus "$TMP/c5000")
	echo "edit loop: ./build.sh fuzz --variant my.h --runs 1, a corpus of $n inputs (wall seconds)"
	echo "  cold      $cold s  (my.h never built before)"
	echo "  warm      $warm s  (goal: <= 2 s)"
}

TMP=$(mktemp -d) || die "mktemp"
trap 'rm -rf "$TMP"' EXIT
for s in ${SECTIONS//,/ }; do
	declare -F "section_$s" >/dev/null || die "no section '$s' (bench, weak, campaign, edit)"
	"section_$s"
done
