#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The front door. See README.md; `./build.sh help` lists the commands.
#
#   ./build.sh                  the main job: a fuzzing campaign on v4
#   ./build.sh fuzz [flags]     a campaign (exit 0: nothing found, 1: found, 2: usage/build)
#   ./build.sh test             build and run the whole test suite (ctest)
#   ./build.sh bench            executions per second, plain and ASan+UBSan
#   ./build.sh replay --variant NAME [--world OPTS] FILE...
set -u
ROOT=$(cd "$(dirname "$0")" && pwd)
BUILD=${PAGEREF_BUILD_DIR:-$ROOT/build}
FINDINGS=${PAGEREF_FINDINGS_DIR:-$ROOT/findings}
CC_BIN=""
say() { printf '[build.sh] %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 2; }

usage() {
	cat <<'U'
usage: ./build.sh [COMMAND] [FLAGS]
  (no command)     the main job: fuzz v4 for 120 s with progress, then a summary
  fuzz             --variant NAME|PATH|TREE|TREE@REV  (default v4; PATH: your own page_ref.h;
                                 TREE: a kernel tree; TREE@REV: a git tree at a revision)
                   --patch FILE  a patch or mbox series applied to the variant first (repeatable)
                   --runs N | --time SECONDS  (default --time 120)
                   --seed S  (default 1)
                   --world OPTS  misuse,caller-dtor,overflow (default none)
                   --memory sc|weak  the memory model (default sc; weak: src/memory/wmm.c)
                   --corpus DIR  where new inputs go (default fuzz-work/corpus/<variant>/,
                                 AFL++: fuzz-work/afl/<variant>/; grows across runs, a
                                 second run resumes from it)
                   --engine libfuzzer|afl  (default libfuzzer)
                   --jobs J  parallel instances (libFuzzer fork mode; AFL++ main + secondaries)
                   --no-seeds  start from nothing: no regression scenarios, no corpus/<variant>/,
                               a fresh corpus under fuzz-work/no-seeds/ (unless --corpus)
  test             build everything and run the test suite through ctest
  bench            [--results DIR]: executions per second of the fiber engine, plain and
                   ASan+UBSan, and the scalability benchmark (DIR/scale.csv, .png;
                   default build/bench-results, --results bench/results updates the committed)
  scoreboard       [--seeds N] [--budget S]: the mutation scoreboard (bench/scoreboard.sh);
                   --feedback [--jobs J] [--rows races|mutants|all]: from an empty corpus,
                   each engine with and without the concurrency feedback
  reproduce        [--runs N]: how often each corpus race shows on real threads (pthreads)
  coverage         [--variant NAME] [--corpus DIR]: llvm-cov HTML report of the code the
                   corpus reaches (build/coverage-html/index.html)
  replay           --variant NAME|PATH|TREE|TREE@REV [--patch FILE] [--world OPTS]
                   [--memory sc|weak] FILE...:
                   trace and verdict of each input
  report           FINDING_DIR: the finding's lkml-ready block (80 columns)
  orderings        --variant NAME [--against OTHER] [--runs N]: each API call's ordering class
                   as the shim observed the variant execute it, against the documented one
  explore          --variant NAME [--world OPTS] [--preemptions K] [--unbounded] [--all] FILE...:
                   every schedule of each scenario's operations within K preemptions
                   (default 3), the smallest finding's trace and schedule (pageref explore --help)
  litmus           [pageref litmus flags] FILE.litmus...: kernel C litmus tests through the
                   fuzzer's weak model and the LKMM (docs/weak-memory.md); --kernel: the
                   kernel's own tests (Debian's linux-source-6.1, installed if missing)
  file             --variant NAME [--world OPTS] FILE...: file inputs as findings, as a
                   campaign files its crashes (one directory per title and racing sites)
  oss-fuzz         the OSS-Fuzz/ClusterFuzzLite build: targets, seed corpora, dictionaries
                   and options in $OUT (needs CC CXX CFLAGS LIB_FUZZING_ENGINE OUT)
  help             this text
Exit status: 0 nothing found / success, 1 a finding (or failed tests), 2 bad usage or build error.
U
}

# ---- dependencies: a fresh Debian machine has none of these ----------------
need_pkgs() {
	local missing=()
	command -v cmake >/dev/null || missing+=(cmake)
	command -v ninja >/dev/null || missing+=(ninja-build)
	command -v patch >/dev/null || missing+=(patch)
	command -v python3 >/dev/null || missing+=(python3)
	if ! command -v clang-14 >/dev/null && ! command -v clang >/dev/null; then missing+=(clang-14); fi
	if ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
		missing+=(libclang-rt-14-dev)
	fi
	if [ ${#missing[@]} -gt 0 ]; then
		say "installing Debian packages: ${missing[*]}"
		[ "$(id -u)" = 0 ] || die "need root to install ${missing[*]} (or install them yourself)"
		export DEBIAN_FRONTEND=noninteractive
		say "apt-get update"
		apt-get update -qq >&2 || die "apt-get update failed"
		say "apt-get install ${missing[*]}"
		apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
	fi
	if command -v clang-14 >/dev/null; then CC_BIN=clang-14; else CC_BIN=clang; fi
}

# configure_build DIR [cmake args...]
configure_build() {
	local dir=$1 lockfd; shift
	mkdir -p "$(dirname "$dir")" || die "cannot create $(dirname "$dir")"
	# two campaigns at once build one directory one after the other
	exec {lockfd}>"$dir.lock" && flock "$lockfd" || die "cannot lock $dir.lock"
	if [ ! -f "$dir/build.ninja" ] || [ -n "${RECONFIGURE:-}" ]; then
		say "configuring $dir"
		cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_C_COMPILER="$CC_BIN" "$@" >"$dir.cmake.log" 2>&1 ||
			{ cat "$dir.cmake.log" >&2; die "cmake failed for $dir (log: $dir.cmake.log)"; }
	fi
	say "building $dir"
	ninja -C "$dir" ${NINJA_TARGETS:-} >"$dir.ninja.log" 2>&1 || { tail -40 "$dir.ninja.log" >&2; die "build failed in $dir (log: $dir.ninja.log)"; }
	exec {lockfd}>&-
}

build_plain() { mkdir -p "$BUILD"; configure_build "$BUILD/plain" "$@"; }
build_fuzz() { mkdir -p "$BUILD"; configure_build "$BUILD/fuzz" -DPAGEREF_FUZZERS=ON "$@"; }
build_asan() { mkdir -p "$BUILD"; configure_build "$BUILD/asan" -DPAGEREF_SANITIZE=asan "$@"; }
# the CMPLOG build: the same targets with comparison logging, for AFL++'s -c
build_afl_cmplog() {
	need_afl
	CC_BIN=afl-clang-fast AFL_QUIET=1 AFL_LLVM_CMPLOG=1 configure_build "$BUILD/afl-cmplog" \
		-DPAGEREF_FUZZERS=ON -DPAGEREF_OSSFUZZ=ON -DPAGEREF_FUZZ_ENGINE=-fsanitize=fuzzer "$@"
}
build_tsan() { mkdir -p "$BUILD"; NINJA_TARGETS=pageref configure_build "$BUILD/tsan" -DPAGEREF_SANITIZE=tsan "$@"; }
build_afl() {
	need_afl
	CC_BIN=afl-clang-fast AFL_QUIET=1 configure_build "$BUILD/afl" -DPAGEREF_FUZZERS=ON -DPAGEREF_OSSFUZZ=ON \
		-DPAGEREF_FUZZ_ENGINE=-fsanitize=fuzzer "$@"
}

# ---- custom variants: a header file, a kernel tree, TREE@REV, --patch ---------
# A built-in variant's name (the built-ins are shim/variants/*.h and the
# generated patch variants in build/plain/variants/).
is_builtin() {
	case "$1" in */*|*.h|*@*|"") return 1;; esac
	[ -f "$ROOT/shim/variants/$1.h" ] || [ -f "$BUILD/plain/variants/$1.h" ]
}

# resolve_custom SPEC [PATCH...]: tools/variant.py stages the source, applies
# the patches and takes what the tree must supply; sets VARIANT_NAME (the
# variant's identity: label and content hash), VARIANT_DIR, VARIANT_KEY
# (the corpus: follows the source through edits). Bad input: its one line, exit 2.
resolve_custom() {
	local spec=$1 p out pargs=(); shift
	for p in "$@"; do pargs+=(--patch "$p"); done
	command -v python3 >/dev/null || need_pkgs
	out=$(python3 "$ROOT/tools/variant.py" --root "$ROOT" --build "$BUILD" --cc "$CC_BIN" \
		"${pargs[@]}" "$spec") || exit 2
	eval "$out"
}

# build_custom DIR TARGET: TARGET of build DIR for $VARIANT_DIR, cached as
# $VARIANT_DIR/bin/<dir>/TARGET with a stamp of what it was linked from (the
# build's libraries and the sources world.c sees), so an unchanged variant
# starts at once; otherwise only world.c is compiled and the target linked.
# Prints the binary's path.
build_custom() {
	local dir=$1 target=$2 sub cached stamp fd err
	sub=$(basename "$dir"); cached="$VARIANT_DIR/bin/$sub/$target"
	stamp=$(cat "$dir/libpageref_core.a" "$ROOT"/src/world/*.[ch] "$ROOT"/shim/include/*/*.h \
		"$ROOT"/src/cli/*.[ch] "$ROOT"/fuzz/fuzz_pageref.c "$VARIANT_DIR/variant.h" 2>/dev/null | sha1sum | cut -c1-16)
	if [ -x "$cached" ] && [ "$(cat "$cached.stamp" 2>/dev/null)" = "$stamp" ]; then
		echo "$cached"; return 0
	fi
	say "building $target for $VARIANT_NAME (world.c only)"
	mkdir -p "$VARIANT_DIR/bin/$sub"
	exec {fd}>"$dir/custom.lock"; flock "$fd"
	cmp -s "$VARIANT_DIR/variant.h" "$dir/custom/variant.h" || cp "$VARIANT_DIR/variant.h" "$dir/custom/variant.h"
	if ! ninja -C "$dir" "$target" >"$dir/custom.ninja.log" 2>&1; then
		err=$(grep -m1 -E ': (fatal )?error: |undefined reference' "$dir/custom.ninja.log")
		printf 'build.sh: --variant %s: does not build: %s (log: %s)\n' "$VARIANT_NAME" \
			"${err:-see the log}" "$dir/custom.ninja.log" >&2
		exec {fd}>&-; return 2
	fi
	cp "$dir/$target" "$cached.new" && mv "$cached.new" "$cached" && echo "$stamp" > "$cached.stamp"
	exec {fd}>&-
	echo "$cached"
}

# ---- fuzz -------------------------------------------------------------------
cmd_fuzz() {
	local variant=v4 runs="" time="" seed=1 world="" corpus="" engine=libfuzzer jobs=1 memory=sc patches=() no_seeds=""
	while [ $# -gt 0 ]; do
		case "$1" in
		--variant) [ $# -ge 2 ] || die "--variant needs a value"; variant=$2; shift 2;;
		--runs) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--runs ${2:-}: expected a number"; runs=$2; shift 2;;
		--time) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "--time ${2:-}: expected seconds, at least 1"; time=$2; shift 2;;
		--seed) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--seed ${2:-}: expected a number"; seed=$2; shift 2;;
		--world) [ $# -ge 2 ] || die "--world needs a value"; world=$2; shift 2;;
		--memory) case "${2:-}" in sc|weak) memory=$2;; *) die "--memory ${2:-}: expected sc or weak";; esac; shift 2;;
		--corpus) [ $# -ge 2 ] || die "--corpus needs a directory"; corpus=$2; shift 2;;
		--jobs) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "--jobs ${2:-}: expected a positive number"; jobs=$2; shift 2;;
		--engine) case "${2:-}" in libfuzzer|afl) engine=$2;; *) die "--engine ${2:-}: expected libfuzzer or afl";; esac; shift 2;;
		--patch) [ -f "${2:-}" ] || die "--patch ${2:-}: no such file"; patches+=("$2"); shift 2;;
		--no-seeds) no_seeds=1; shift;;
		*) die "fuzz: unknown flag $1 (see ./build.sh help)";;
		esac
	done
	[ -n "$runs" ] && [ -n "$time" ] && die "give --runs or --time, not both"
	[ -n "$runs" ] && [ "$engine" = afl ] && die "--runs: AFL++ campaigns take --time"
	[ -z "$runs" ] && [ -z "$time" ] && time=120
	if [ -n "$world" ]; then
		local w; for w in ${world//,/ }; do
			case "$w" in misuse|caller-dtor|overflow|none) ;; *) die "--world $world: unknown option '$w' (known: misuse, caller-dtor, overflow; the memory model is --memory)";; esac
		done
	fi
	[ "$world" = none ] && world=""
	# the weak memory model is carried like a world option (src/memory/wmm.c)
	[ "$memory" = weak ] && world="${world:+$world,}weak"
	need_pkgs
	[ "$engine" = afl ] && need_afl
	local name=$variant fuzzdir="$BUILD/fuzz" bin ckey
	build_plain
	TOOL="$BUILD/plain/pageref"
	if [ ${#patches[@]} -gt 0 ] || ! is_builtin "$variant"; then
		resolve_custom "$variant" "${patches[@]}"
		name=$VARIANT_NAME ckey=$VARIANT_KEY
		TOOL=$(build_custom "$BUILD/plain" pageref_custom) || exit 2
		if [ "$engine" = libfuzzer ]; then
			build_fuzz
			bin=$(build_custom "$BUILD/fuzz" pageref_fuzz_custom) || exit 2
		else
			build_afl
			bin=$(AFL_QUIET=1 build_custom "$BUILD/afl" pageref_fuzz_custom) || exit 2
		fi
		cat "$VARIANT_DIR/about.txt"
	else
		local id=${name//-/_}
		if [ "$engine" = libfuzzer ]; then
			build_fuzz
		else
			fuzzdir="$BUILD/afl"
			build_afl
			NINJA_TARGETS="pageref_fuzz_$id" build_afl_cmplog
		fi
		bin="$fuzzdir/pageref_fuzz_$id"
	fi
	[ -x "$bin" ] || die "no fuzz target $bin"

	# seeds: the regression scenarios, compiled afresh (a format change
	# regenerates them), plus any binary seeds kept in corpus/<variant>/
	local seeddir scn
	seeddir=$(mktemp -d "$BUILD/seeds.XXXXXX")
	# --no-seeds: the fuzzer's own power, from nothing: one empty program (AFL++
	# needs an input) and, unless --corpus names one, a corpus of its own
	if [ -n "$no_seeds" ]; then
		printf '\0' > "$seeddir/empty"
		[ -n "$corpus" ] || corpus="$ROOT/fuzz-work/no-seeds/$name-$(date +%Y%m%d-%H%M%S)-$$"
	fi
	for scn in "$ROOT"/corpus/scenarios/*.scn; do
		[ -z "$no_seeds" ] || break
		[ -f "$scn" ] || continue
		"$TOOL" compile --quiet --variant "$name" "$scn" "$seeddir/$(basename "$scn" .scn).bin" 2>/dev/null ||
			say "warning: $scn does not compile (run: $TOOL check $scn)"
	done
	[ -z "$no_seeds" ] && [ -d "$ROOT/corpus/$name" ] && cp -n "$ROOT/corpus/$name"/* "$seeddir/" 2>/dev/null

	ART=$(mktemp -d "$BUILD/artifacts.XXXXXX")
	# titles already filed crash no more: each distinct bug once per campaign
	export PAGEREF_TITLES_FILE="$ART/titles"
	local known
	for known in "$FINDINGS/$name"/*/report.txt; do
		[ -f "$known" ] && title_of_report < "$known" >> "$PAGEREF_TITLES_FILE"
	done
	touch "$PAGEREF_TITLES_FILE"
	local t0=$SECONDS found=0 execs=0 ncorp=0
	if [ "$engine" = libfuzzer ]; then
		[ -n "$corpus" ] || corpus="$ROOT/fuzz-work/corpus/${ckey:-$name}"
		mkdir -p "$corpus" || die "cannot create corpus $corpus"
		run_libfuzzer "$bin" "$world" "$seed" "$jobs" "$corpus" "$seeddir" "$runs" "$time"
		execs=$LAST_EXECS
		ncorp=$(find "$corpus" -maxdepth 1 -type f | wc -l)
	else
		[ -n "$corpus" ] || corpus="$ROOT/fuzz-work/afl/${ckey:-$name}"
		run_afl "$bin" "$world" "$seed" "$jobs" "$corpus" "$seeddir" "$time"
		execs=$LAST_EXECS
		ncorp=$LAST_CORPUS
	fi
	# the merge runs every input again: what it surfaces is filed too
	merge_corpus "$engine" "$bin" "$corpus" "$world"
	local f
	for f in "$ART"/crash-* "$ART"/timeout-* "$ART"/oom-* "$ART"/merge-crash-* "$ART"/merge-timeout-* "$ART"/merge-oom-*; do
		[ -f "$f" ] || continue
		save_finding "$name" "$world" "$f" && found=$((found + 1))
	done
	count_hits "$name"
	checks_table "$name" "$world" "$corpus" "$engine"
	rm -rf "$seeddir"
	local lost=""
	[ "${UNFILED:-0}" -gt 0 ] && lost=", $UNFILED crash(es) not filed (kept in $(rel "$ART")/)"
	echo "summary: variant $name, engine $engine, jobs $jobs, world ${world:-none}, seed $seed, ${execs:-0} runs in $((SECONDS - t0)) s, corpus $ncorp inputs, $found new finding(s), $(find "$FINDINGS/$name" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l) known title(s)$lost"
	# nothing is lost: a crash that was not filed keeps its directory
	[ "${UNFILED:-0}" -gt 0 ] || rm -rf "$ART"
	[ $found -gt 0 ] || [ "${FOUND_AGAIN:-0}" -gt 0 ] || [ "${UNFILED:-0}" -gt 0 ] && exit 1
	exit 0
}

# run_libfuzzer BIN WORLD SEED JOBS CORPUS SEEDS RUNS TIME: artifacts land in $ART
run_libfuzzer() {
	local bin=$1 world=$2 seed=$3 jobs=$4 corpus=$5 seeds=$6 runs=$7 time=$8
	local log="$ART/libfuzzer.log" limit=()
	[ -n "$runs" ] && limit=(-runs="$runs") || limit=(-max_total_time="$time")
	# Fork mode for every job count, one job included: a crash, a timeout or
	# an out-of-memory ends a child, never the campaign, so it runs its whole
	# --runs/--time and every new title is filed; each new input is merged
	# into the corpus. (Known titles do not crash at all: the target counts
	# them.) -timeout backs up the target's own watchdog (PAGEREF_WATCHDOG).
	say "fuzzing with libFuzzer (world: ${world:-none}, seed $seed, jobs $jobs, ${runs:+$runs runs}${time:+$time s}), corpus $corpus"
	PAGEREF_WORLD="$world" "$bin" "${limit[@]}" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 \
		-ignore_ooms=1 -timeout="${PAGEREF_TIMEOUT:-10}" -seed="$seed" -artifact_prefix="$ART/" \
		-print_final_stats=1 -max_len=1300 -reload=0 "$corpus" "$seeds" >"$log" 2>&1 &
	watch_progress $! "$log" libfuzzer
	# fork mode: the parent's "#N:" lines count every child's executions
	LAST_EXECS=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+).*/\1/')
	if grep -q -E 'ERROR: libFuzzer' "$log" && ! compgen -G "$ART/crash-*" >/dev/null &&
		! compgen -G "$ART/timeout-*" >/dev/null && ! compgen -G "$ART/oom-*" >/dev/null; then
		tail -30 "$log" >&2; die "libFuzzer failed without an artifact (log kept: $log)"
	fi
}

# run_afl BIN WORLD SEED JOBS SYNCDIR SEEDS TIME: one main, JOBS-1 secondaries
run_afl() {
	local bin=$1 world=$2 seed=$3 jobs=$4 sync=$5 seeds=$6 time=$7 i pids=() input
	mkdir -p "$sync" || die "cannot create $sync"
	# an existing sync directory is resumed ("-i -"), never overwritten
	local first=main; [ -n "${PAGEREF_AFL_MACHINE:-}" ] && first="$PAGEREF_AFL_MACHINE-s0"
	input=$seeds; [ -d "$sync/$first/queue" ] && input=-
	say "fuzzing with AFL++ (world: ${world:-none}, seed $seed, jobs $jobs, $time s), sync dir $sync${input:+, resuming}"
	local mut=""; [ -f "$BUILD/plain/libpageref_afl_mutator.so" ] && mut="$BUILD/plain/libpageref_afl_mutator.so"
	# PAGEREF_AFL_MACHINE=NAME: this machine joins a sync directory another
	# machine's main instance owns; all its instances are secondaries NAME-s<i>
	local machine=${PAGEREF_AFL_MACHINE:-} tag="pageref-$$-$RANDOM-$SECONDS"
	for i in $(seq 0 $((jobs - 1))); do
		local role=(-S "s$i"); [ $i = 0 ] && role=(-M main)
		[ -n "$machine" ] && role=(-S "$machine-s$i")
		# the first instance also runs the CMPLOG build (input-to-state solving)
		local cmplog="$BUILD/afl-cmplog/$(basename "$bin")"
		[ $i = 0 ] && [ -x "$cmplog" ] && role+=(-c "$cmplog")
		# each instance leads a process group of its own (setsid), so that
		# everything it starts, the CMPLOG forkserver included, is reaped
		PAGEREF_WORLD="$world" AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
			AFL_CUSTOM_MUTATOR_LIBRARY="$mut" AFL_NO_AFFINITY=1 PAGEREF_CAMPAIGN_TAG="$tag" \
			setsid afl-fuzz -i "$input" -o "$sync" "${role[@]}" -s "$((seed + i))" -V "$time" \
			-- "$bin" >"$ART/afl-$i.log" 2>&1 &
		pids+=($!)
	done
	watch_progress "${pids[*]}" "$sync/$first/fuzzer_stats" afl
	local p
	# a stopped forkserver (state T) only dies of SIGKILL or after SIGCONT
	for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; kill -CONT -- "-$p" 2>/dev/null; done
	sleep 0.5
	for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
	# AFL++'s forkservers start sessions of their own: reap by the tag they inherit
	reap_tagged "$tag"
	local d
	# crashes, and hangs (the tool's watchdog turns a hang into a soft lockup)
	for d in "$sync"/*/crashes "$sync"/*/hangs; do
		local kind=crash; [ "$(basename "$d")" = hangs ] && kind=timeout
		for i in "$d"/id:*; do [ -f "$i" ] && cp -n "$i" "$ART/$kind-afl-$(basename "$(dirname "$d")")-$(sha1sum "$i" | cut -c1-12)"; done
	done
	LAST_EXECS=$(cat "$sync"/*/fuzzer_stats 2>/dev/null | awk '/^execs_done/ {s += $3} END {print s+0}')
	LAST_CORPUS=$(find "$sync"/*/queue -maxdepth 1 -type f -name 'id:*' 2>/dev/null | wc -l)
}

# reap_tagged TAG: kill every process whose environment carries
# PAGEREF_CAMPAIGN_TAG=TAG (what a campaign started, however it detached)
reap_tagged() {
	local f pid
	for f in /proc/[0-9]*/environ; do
		pid=${f#/proc/}; pid=${pid%/environ}
		tr '\0' '\n' < "$f" 2>/dev/null | grep -qxF "PAGEREF_CAMPAIGN_TAG=$1" && kill -KILL "$pid" 2>/dev/null
	done
	return 0
}

# merge_corpus ENGINE BIN CORPUS WORLD: the campaign's corpus minimised
# (libFuzzer -merge=1 / afl-cmin) into CORPUS.min/, keeping every input that
# adds coverage. The corpus itself is never pruned; CORPUS.min is derived
# from it and rebuilt (in a fresh directory, then swapped in) each run.
merge_corpus() {
	local engine=$1 bin=$2 corpus=$3 world=$4 fresh n lock lockfd
	# Concurrent campaigns on one corpus: a lock serialises the merges (the
	# later one merges both campaigns' inputs) and each merges into a
	# directory of its own, swapped in when complete.
	lock="$corpus.min.lock"
	exec {lockfd}>"$lock" && flock "$lockfd" || { say "warning: cannot lock $lock: no merge"; return; }
	fresh=$(mktemp -d "$corpus.min.new.XXXXXX") || { say "warning: cannot create a merge directory"; exec {lockfd}>&-; return; }
	if [ "$engine" = libfuzzer ]; then
		# an input that crashes here is an artifact ("$ART"/merge-crash-*), filed like any
		PAGEREF_WORLD="$world" PAGEREF_TITLES_FILE="$PAGEREF_TITLES_FILE" "$bin" -merge=1 \
			-artifact_prefix="$ART/merge-" -timeout="${PAGEREF_TIMEOUT:-10}" \
			-max_len=1300 "$fresh" "$corpus" >"$ART/merge.log" 2>&1 || { say "warning: corpus merge failed (log: $ART/merge.log)"; rm -rf "$fresh"; exec {lockfd}>&-; return; }
	else
		local q queues=()
		for q in "$corpus"/*/queue; do [ -d "$q" ] && queues+=("$q"); done
		[ ${#queues[@]} -gt 0 ] || { rm -rf "$fresh"; exec {lockfd}>&-; return; }
		mkdir -p "$ART/queues"
		for q in "${queues[@]}"; do cp -n "$q"/id:* "$ART/queues/" 2>/dev/null; done
		PAGEREF_WORLD="$world" PAGEREF_TITLES_FILE="$PAGEREF_TITLES_FILE" AFL_SKIP_CPUFREQ=1 AFL_ALLOW_TMP=1 \
			afl-cmin -i "$ART/queues" -o "$fresh/q" -- "$bin" >"$ART/merge.log" 2>&1 ||
			{ say "warning: afl-cmin failed (log: $ART/merge.log)"; rm -rf "$fresh"; exec {lockfd}>&-; return; }
		mv "$fresh/q"/* "$fresh/" 2>/dev/null; rmdir "$fresh/q" 2>/dev/null
	fi
	chmod 755 "$fresh"
	rm -rf "$corpus.min"; mv "$fresh" "$corpus.min"
	exec {lockfd}>&-
	n=$(find "$corpus.min" -maxdepth 1 -type f | wc -l)
	echo "corpus: $(find "$corpus" -type f -path '*' | wc -l) inputs kept; minimised set with the same coverage: $n in $(rel "$corpus.min")/"
}

# checks_table NAME WORLD CORPUS ENGINE: the header's checks over the
# campaign's corpus and its findings, each input run once (src/oracle/checks.c):
# the summary lines here (dead checks, unchecked misuses), the full table in
# CORPUS.checks.txt, rebuilt each run like CORPUS.min
checks_table() {
	local name=$1 world=$2 corpus=$3 engine=$4 out="$3.checks.txt" inputs=() d
	if [ "$engine" = afl ]; then
		for d in "$corpus"/*/queue; do [ -d "$d" ] && inputs+=("$d"); done
	else
		inputs+=("$corpus")
	fi
	for d in "$FINDINGS/$name"/*/repro.bin; do [ -f "$d" ] && inputs+=("$d"); done
	[ ${#inputs[@]} -gt 0 ] || return 0
	"$TOOL" replay --quiet --variant "$name" --world "${world:-none}" --checks "$out.$$" "${inputs[@]}" \
		>/dev/null 2>"$ART/checks.log"
	[ -s "$out.$$" ] || { say "warning: no check table (log: $ART/checks.log)"; rm -f "$out.$$"; return 0; }
	mv "$out.$$" "$out"
	grep -E '^(checks|dead check|unchecked):' "$out"
	echo "check table: $(rel "$out")"
}

# watch_progress "PIDS" STATS KIND: a line every 5 s; Ctrl-C stops the fuzzers,
# and what they found so far is still collected
watch_progress() {
	local pids=$1 stats=$2 kind=$3 tick=0 t0=$SECONDS p
	trap 'for p in $pids; do kill -INT $p 2>/dev/null; done' INT TERM
	while :; do
		local alive=0
		for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ $alive = 1 ] || break
		sleep 1; tick=$((tick + 1)); [ $((tick % 5)) = 0 ] || continue
		if [ "$kind" = libfuzzer ]; then
			# fields by name, whatever separates them ("#N:" in fork mode, tabs otherwise)
			local line; line=$(grep -E '^#[0-9]+' "$stats" | tail -1 | tr '\t' ' ' | awk '{
				n = substr($1, 2); sub(/:$/, "", n)
				for (i = 2; i < NF; i++) {
					if ($i == "cov:") c = $(i + 1)
					if ($i == "corp:") { p = $(i + 1); sub(/\/.*/, "", p) }
					if ($i == "exec/s" || $i == "exec/s:") e = $(i + 1)
				}
				if (c != "") printf "execs %s  cov %s  corpus %s  exec/s %s", n, c, p, e }')
			[ -n "$line" ] && printf 'progress: %s s  %s  findings %s\n' $((SECONDS - t0)) "$line" \
				"$(ls "$ART"/crash-* "$ART"/timeout-* "$ART"/oom-* 2>/dev/null | wc -l)"
		elif [ -f "$stats" ]; then
			printf 'progress: %s s  execs %s  exec/s %s  corpus %s  edges %s  stability %s  findings %s\n' $((SECONDS - t0)) \
				"$(awk '/^execs_done/ {print $3}' "$stats")" "$(awk '/^execs_per_sec/ {print $3}' "$stats")" \
				"$(awk '/^corpus_count/ {print $3}' "$stats")" "$(awk '/^edges_found/ {print $3}' "$stats")" \
				"$(awk '/^stability/ {print $3}' "$stats")" "$(awk '/^saved_crashes/ {print $3}' "$stats")"
		fi
	done
	for p in $pids; do wait "$p" 2>/dev/null; done
	trap - INT TERM
}

# save_finding NAME WORLD CRASHFILE: one directory per bug under
# findings/<variant>/: the raw and canonical reproducers, the full report,
# the minimised scenario and its trace, its racing sites and a count of hits.
# A bug is a title *and* its racing sites (the variant file:line of the
# atomics around each preemption of the minimised reproducer): two races
# with one title are two bugs, the second filed as <title>@<hash of sites>.
# A bug seen before only adds to its count. Nothing is ever overwritten.
save_finding() {
	local name=$1 world=$2 crash=$3 title dir canon out n min sites
	canon="$crash.canon"
	"$TOOL" canon --world "${world:-none}" "$crash" "$canon" || die "cannot canonicalise $crash"
	# the report names the input by where it is filed, not by a temporary path
	out=$("$TOOL" replay --variant "$name" "$canon" 2>/dev/null | sed "1s|^[^:]*: |repro.bin: |")
	title=$(printf '%s\n' "$out" | title_of_report)
	if [ -z "$title" ] || [ "$title" = "no finding" ]; then
		say "warning: $(rel "$crash") does not reproduce a finding on $name (kept, with $(rel "$ART")/)"
		UNFILED=$(( ${UNFILED:-0} + 1 ))
		return 1
	fi
	min="$crash.min"
	"$TOOL" minimize --quiet --variant "$name" "$canon" >"$min" 2>/dev/null
	sites=$(sed -n 's/^racing sites: //p' "$min"); [ -n "$sites" ] || sites=unknown
	dir=$(finding_dir "$name" "$title" "$sites")
	if [ -d "$dir" ]; then
		n=$(( $(cat "$dir/count" 2>/dev/null || echo 1) + 1 ))
		echo "$n" > "$dir/count.new" && mv "$dir/count.new" "$dir/count"
		echo "AGAIN: $title (hit $n times; $(rel "$dir")/)"
		FOUND_AGAIN=$(( ${FOUND_AGAIN:-0} + 1 ))
		return 1
	fi
	if ! { mkdir -p "$dir" && cp -n "$crash" "$dir/repro-raw.bin" && cp -n "$canon" "$dir/repro.bin" &&
		{ lkml_block "$name" "$canon"; echo "$REPORT_MARK"; printf '%s\n' "$out"; } > "$dir/report.txt" &&
		printf '%s\n' "$sites" > "$dir/sites"; } 2>/dev/null; then
		say "error: cannot write $(rel "$dir")/: '$title' not filed (reproducer kept: $(rel "$crash"))"
		UNFILED=$(( ${UNFILED:-0} + 1 ))
		return 1
	fi
	sed '/^racing sites: /d' "$min" > "$dir/minimized.txt"
	grep -q '^expect ' "$dir/minimized.txt" && sed -n '1,/^expect /p' "$dir/minimized.txt" > "$dir/minimized.scn"
	echo 1 > "$dir/count"
	echo "FOUND: $title"
	[ "$sites" != none ] && echo "  racing sites: $sites"
	echo "  reproducer: $(rel "$dir")/repro.bin (raw: repro-raw.bin)"
	echo "  minimised:  $(rel "$dir")/minimized.scn (trace: minimized.txt)"
	echo "  replay:     ./build.sh replay --variant $name $(rel "$dir")/repro.bin"
	return 0
}

# lkml_block NAME INPUT: what a reviewer pastes into a reply, at most 80
# columns: title, the variant (tree, revision, patches, what was taken from
# the tree), the world, the narrow CPU-column trace with file:line per step.
REPORT_MARK="=== full report (pageref-fuzz) ==="
lkml_block() {
	local name=$1 input=$2 out
	out=$("$TOOL" replay --lkml --variant "$name" "$input" 2>/dev/null)
	printf 'pageref-fuzz: %s\n\n' "$(printf '%s\n' "$out" | title_of_report)"
	if [ -f "$BUILD/variants/$name/about.txt" ]; then grep -v '^Name:' "$BUILD/variants/$name/about.txt"
	else echo "Variant: built-in $name (pageref-fuzz shim/variants)"; fi
	printf '%s\n' "$out" | sed 1d
	echo
	echo "Reproduce (pageref-fuzz; repro.bin from the finding's directory):"
	echo "  ./build.sh replay --variant $name repro.bin"
}

# finding_dir NAME TITLE SITES: the directory of that bug, filed or to be
# filed (a directory filed before racing sites were kept matches by title)
finding_dir() {
	local base d
	base="$FINDINGS/$1/$(slug_of "$2")"
	for d in "$base" "$base"@*; do
		[ -d "$d" ] || continue
		if [ ! -f "$d/sites" ] || [ "$(cat "$d/sites")" = "$3" ]; then echo "$d"; return; fi
	done
	if [ -d "$base" ]; then echo "$base@$(printf '%s' "$3" | sha1sum | cut -c1-8)"; else echo "$base"; fi
}

# file --variant NAME [--world OPTS] FILE...: file inputs found elsewhere as
# findings, exactly as a campaign files its crashes
cmd_file() {
	local variant="" world="" files=() f found=0
	while [ $# -gt 0 ]; do
		case "$1" in
		--variant) [ $# -ge 2 ] || die "file: --variant needs a value"; variant=$2; shift 2;;
		--world) [ $# -ge 2 ] || die "file: --world needs a value"; world=$2; shift 2;;
		-*) die "file: unknown flag $1";;
		*) [ -f "$1" ] || die "file: $1: no such file"; files+=("$1"); shift;;
		esac
	done
	[ -n "$variant" ] || die "file: --variant is required"
	[ ${#files[@]} -gt 0 ] || die "file: no inputs"
	need_pkgs
	build_plain
	TOOL="$BUILD/plain/pageref"
	"$TOOL" list | awk '{print $1}' | grep -qx -- "$variant" || die "file: --variant $variant: no such built-in variant"
	ART=$(mktemp -d "$BUILD/artifacts.XXXXXX") || die "cannot create a directory in $BUILD"
	for f in "${files[@]}"; do
		cp "$f" "$ART/input-$(sha1sum "$f" | cut -c1-12)-$(basename "$f")"
	done
	for f in "$ART"/input-*; do
		save_finding "$variant" "$world" "$f" && found=$((found + 1))
	done
	echo "file: $found new finding(s), ${FOUND_AGAIN:-0} seen before"
	[ "${UNFILED:-0}" -gt 0 ] || rm -rf "$ART"
	[ $found -gt 0 ] || [ "${FOUND_AGAIN:-0}" -gt 0 ] || [ "${UNFILED:-0}" -gt 0 ] && exit 1
	exit 0
}

# the directory name of a title under findings/<variant>/
slug_of() { printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' '_' | sed -E 's/_+/_/g; s/^_//; s/_$//' | cut -c1-100; }
# the title a replay report starts with ("FILE: TITLE")
title_of_report() { sed -n '1s/^[^:]*: //p'; }

rel() { case "$1" in "$ROOT"/*) echo "${1#$ROOT/}";; *) echo "$1";; esac; }

# count_hits NAME: repeats of known titles that the target counted instead of crashing
count_hits() {
	local name=$1 title n dir total
	[ -s "$PAGEREF_TITLES_FILE.hits" ] || return 0
	while read -r n title; do
		dir="$FINDINGS/$name/$(slug_of "$title")"
		[ -d "$dir" ] || continue
		total=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + n ))
		echo "$total" > "$dir/count.new" && mv "$dir/count.new" "$dir/count"
		echo "AGAIN: $title (+$n, $total hits in all; $(rel "$dir")/)"
		FOUND_AGAIN=$(( ${FOUND_AGAIN:-0} + 1 ))
	done < <(sort "$PAGEREF_TITLES_FILE.hits" | uniq -c)
}

need_afl() {
	command -v afl-fuzz >/dev/null && command -v afl-clang-fast >/dev/null && return
	say "installing Debian package afl++"
	[ "$(id -u)" = 0 ] || die "need root to install afl++ (or install it yourself)"
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >&2 ||
		die "apt-get install afl++ failed"
}

cmd_test() {
	need_pkgs
	build_plain; build_fuzz; build_asan; build_afl; NINJA_TARGETS=pageref_fuzz_v4 build_afl_cmplog; build_tsan
	say "running the test suite"
	(cd "$BUILD/plain" && ctest --output-on-failure -j2 2>&1) | tee "$BUILD/ctest.log"
	local rc=${PIPESTATUS[0]}
	local line; line=$(grep -E 'tests passed|tests failed' "$BUILD/ctest.log" | tail -1)
	local pass fail total
	total=$(echo "$line" | sed -nE 's/.* out of ([0-9]+).*/\1/p')
	fail=$(echo "$line" | sed -nE 's/.* ([0-9]+) tests failed.*/\1/p'); fail=${fail:-0}
	pass=$(( ${total:-0} - fail ))
	echo "$pass passed, $fail failed"
	[ "$rc" = 0 ] || exit 1
}

# bench [--results DIR]: the figures go to DIR (default build/bench-results;
# --results bench/results updates the committed ones)
cmd_bench() {
	local results="$BUILD/bench-results"
	while [ $# -gt 0 ]; do
		case "$1" in
		--results) [ $# -ge 2 ] || die "bench: --results needs a directory"; results=$2; shift 2;;
		*) die "bench: unknown flag $1 (see ./build.sh help)";;
		esac
	done
	need_pkgs
	if ! command -v gnuplot >/dev/null; then
		say "installing Debian package gnuplot-nox (for the scalability plot)"
		[ "$(id -u)" = 0 ] && { apt-get update -qq >&2; apt-get install -y -qq gnuplot-nox >&2; } ||
			say "warning: no gnuplot; the plot is skipped"
	fi
	build_plain; build_asan
	local v
	local fib real asan
	rate() { sed -nE 's/.* ([0-9]+) exec\/s$/\1/p'; }
	echo "== throughput: the same seeded programs (3 threads, 60 ops, seed 1)"
	echo "| variant | fibers, plain | fibers, ASan+UBSan | real threads, plain | fibers / real threads |"
	echo "| --- | --- | --- | --- | --- |"
	for v in v4 upstream; do
		fib=$("$BUILD/plain/pageref" bench --variant $v --runs 300000 --seed 1 | rate)
		asan=$(ASAN_OPTIONS=detect_leaks=0 "$BUILD/asan/pageref" bench --variant $v --runs 100000 --seed 1 | rate)
		real=$("$BUILD/plain/pageref" bench --real --variant $v --runs 20000 --seed 1 | rate)
		echo "| $v | $fib exec/s | $asan exec/s | $real exec/s | $(( fib / (real > 0 ? real : 1) ))x |"
	done
	echo
	echo "== the memory model: the same seeded programs under --memory sc and weak (fibers, plain)"
	echo "| variant | sc | weak | weak / sc |"
	echo "| --- | --- | --- | --- |"
	local sc weak
	for v in v4 upstream; do
		sc=$("$BUILD/plain/pageref" bench --variant $v --memory sc --runs 300000 --seed 1 | rate)
		weak=$("$BUILD/plain/pageref" bench --variant $v --memory weak --runs 300000 --seed 1 | rate)
		echo "| $v | $sc exec/s | $weak exec/s | $(( 100 * weak / (sc > 0 ? sc : 1) ))% |"
	done
	echo
	echo "== how cost grows (fibers, plain, v4, seed 1; exec/s)"
	local t o line
	printf '| threads \\ ops |'; for o in 8 16 32 60; do printf ' %s |' $o; done; echo
	printf '| --- |'; for o in 8 16 32 60; do printf ' --- |'; done; echo
	for t in 1 2 3 4; do
		line="| $t |"
		for o in 8 16 32 60; do
			line="$line $("$BUILD/plain/pageref" bench --variant v4 --threads $t --ops $o --runs 100000 --seed 1 | rate) |"
		done
		echo "$line"
	done
	echo "== scalability ($(rel "$results")/scale.csv, scale.png)"
	"$ROOT/bench/scale.sh" "$BUILD/plain" "$results" 2
}

# reproduce [--runs N]: how often each regression race shows on real threads
# (pthreads, no tape), against the fiber engine's deterministic verdict
cmd_reproduce() {
	local runs=200
	while [ $# -gt 0 ]; do
		case "$1" in
		--runs) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--runs ${2:-}: expected a number"; runs=$2; shift 2;;
		*) die "reproduce: unknown flag $1";;
		esac
	done
	need_pkgs
	build_plain
	local v
	for v in upstream v4 rfc v2-frozen-zero v2-inverted-assert alive-bit; do
		"$BUILD/plain/pageref" threads --variant "$v" --runs "$runs" "$ROOT"/corpus/scenarios/*.scn |
			sed "s|$ROOT/||"
	done
}

# coverage [--variant NAME] [--corpus DIR]: an llvm-cov HTML report of the
# shim, world and variant code the corpus reaches (the campaign corpus and
# the regression scenarios), in build/coverage-html/index.html
cmd_coverage() {
	local variant=v4 corpus=""
	while [ $# -gt 0 ]; do
		case "$1" in
		--variant) [ $# -ge 2 ] || die "coverage: --variant needs a value"; variant=$2; shift 2;;
		--corpus) [ $# -ge 2 ] || die "coverage: --corpus needs a directory"; corpus=$2; shift 2;;
		*) die "coverage: unknown flag $1";;
		esac
	done
	need_pkgs
	command -v llvm-profdata-14 >/dev/null || { say "installing Debian package llvm-14"; apt-get install -y -qq llvm-14 >&2 || die "cannot install llvm-14"; }
	configure_build "$BUILD/coverage" -DPAGEREF_COVERAGE=ON
	[ -n "$corpus" ] || corpus="$ROOT/fuzz-work/corpus/$variant"
	local prof inputs=()
	prof=$(mktemp -d "$BUILD/coverage-prof.XXXXXX") || die "cannot create a profile directory in $BUILD"
	[ -d "$corpus" ] && inputs+=("$corpus"/*)
	inputs+=("$ROOT"/corpus/scenarios/*.scn)
	say "replaying ${#inputs[@]} inputs on $variant"
	printf '%s\0' "${inputs[@]}" | LLVM_PROFILE_FILE="$prof/%p-%m.profraw" \
		xargs -0 -n 500 "$BUILD/coverage/pageref" replay --quiet --variant "$variant" >/dev/null 2>&1
	llvm-profdata-14 merge -sparse "$prof"/*.profraw -o "$prof/merged.profdata" || die "llvm-profdata failed"
	rm -rf "$BUILD/coverage-html"
	llvm-cov-14 show "$BUILD/coverage/pageref" -instr-profile="$prof/merged.profdata" -format=html \
		-output-dir="$BUILD/coverage-html" "$ROOT/src/world" "$ROOT/shim" "$BUILD/coverage/variants" >/dev/null ||
		die "llvm-cov failed"
	llvm-cov-14 report "$BUILD/coverage/pageref" -instr-profile="$prof/merged.profdata" \
		"$ROOT/src/world" "$ROOT/shim/variants/$variant.h" | tail -3
	rm -rf "$prof"
	echo "coverage report: $(rel "$BUILD/coverage-html")/index.html"
}

# orderings --variant V [--against W] [--runs N] [--seed S]: the ordering
# class of each API call, observed over the corpus scenarios and N seeded
# programs (src/memory/wmm.c), against the documented one and W's
cmd_orderings() {
	local variant=v4 against="" runs=20000 seed=1
	while [ $# -gt 0 ]; do
		case "$1" in
		--variant) [ $# -ge 2 ] || die "--variant needs a value"; variant=$2; shift 2;;
		--against) [ $# -ge 2 ] || die "--against needs a variant"; against=$2; shift 2;;
		--runs) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--runs ${2:-}: expected a number"; runs=$2; shift 2;;
		--seed) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--seed ${2:-}: expected a number"; seed=$2; shift 2;;
		*) die "orderings: unknown flag $1 (see ./build.sh help)";;
		esac
	done
	need_pkgs
	build_plain
	"$BUILD/plain/pageref" orderings --variant "$variant" ${against:+--baseline "$against"} \
		--runs "$runs" --seed "$seed" "$ROOT"/corpus/scenarios/*.scn 2>/dev/null
}

# litmus [--kernel] [pageref litmus flags] FILE...: docs/weak-memory.md
cmd_litmus() {
	need_pkgs
	build_plain
	if [ "${1:-}" = --kernel ]; then
		[ -f /usr/src/linux-source-6.1.tar.xz ] || { say "installing linux-source-6.1 (139 MB) for its litmus tests"; \
			apt-get install -y linux-source-6.1 >/dev/null || die "cannot install linux-source-6.1"; }
		"$ROOT/tests/litmus_kernel.sh" "$BUILD/plain/pageref" "$BUILD/plain"
		return
	fi
	"$BUILD/plain/pageref" litmus "$@"
}

cmd_scoreboard() {
	need_pkgs
	build_fuzz
	"$ROOT/bench/scoreboard.sh" "$@"
}

# replay --variant NAME|PATH|TREE|TREE@REV [--patch FILE]... [pageref replay flags] FILE...
cmd_replay() {
	need_pkgs
	build_plain
	local v="" args=() patches=() tool
	while [ $# -gt 0 ]; do
		case "$1" in
		--variant) [ $# -ge 2 ] || die "--variant needs a value"; v=$2; shift 2;;
		--patch) [ -f "${2:-}" ] || die "--patch ${2:-}: no such file"; patches+=("$2"); shift 2;;
		*) args+=("$1"); shift;;
		esac
	done
	[ -n "$v" ] || die "replay: --variant is required"
	tool="$BUILD/plain/pageref"
	if [ ${#patches[@]} = 0 ] && [ -f "$BUILD/variants/$v/variant.h" ]; then
		# a name a campaign printed: its cached build (rebuilt if stale)
		VARIANT_NAME=$v VARIANT_DIR="$BUILD/variants/$v"
		tool=$(build_custom "$BUILD/plain" pageref_custom) || exit 2
	elif [ ${#patches[@]} -gt 0 ] || ! is_builtin "$v"; then
		resolve_custom "$v" "${patches[@]}"
		v=$VARIANT_NAME
		tool=$(build_custom "$BUILD/plain" pageref_custom) || exit 2
	fi
	exec "$tool" replay --variant "$v" "${args[@]}"
}

# report FINDING_DIR: the lkml block at the top of the finding's report.txt
cmd_report() {
	local dir=${1:-}
	[ $# = 1 ] || die "report: expected one finding directory (findings/<variant>/<title>/)"
	[ -f "$dir/report.txt" ] || die "report: $dir: no report.txt (expected findings/<variant>/<title>/)"
	grep -qxF "$REPORT_MARK" "$dir/report.txt" ||
		die "report: $dir/report.txt has no lkml block (filed before it existed; replay it instead)"
	sed "/^$REPORT_MARK\$/,\$d" "$dir/report.txt"
}

cmd_explore() {
	need_pkgs
	NINJA_TARGETS=pageref build_plain
	exec "$BUILD/plain/pageref" explore "$@"
}

# ---- the OSS-Fuzz / ClusterFuzzLite build contract ---------------------------
# With $CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $OUT set (as OSS-Fuzz's
# and ClusterFuzzLite's builders set them): one target per built-in variant
# in $OUT, each with <target>_seed_corpus.zip (the corpus scenarios),
# <target>.dict and <target>.options. Run as `./build.sh oss-fuzz`.
cmd_oss_fuzz() {
	local v
	for v in CC CXX OUT LIB_FUZZING_ENGINE; do
		[ -n "${!v:-}" ] || die "oss-fuzz: \$$v is not set (the OSS-Fuzz build contract sets CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE OUT)"
	done
	command -v cmake >/dev/null && command -v ninja >/dev/null || need_pkgs
	mkdir -p "$OUT" || die "cannot create \$OUT=$OUT"
	local dir="$BUILD/oss-fuzz" tooldir="$BUILD/oss-fuzz-tool"
	mkdir -p "$BUILD"
	say "configuring $dir with \$CC=$CC \$CFLAGS=${CFLAGS:-}"
	cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="${CFLAGS:-}" \
		-DCMAKE_BUILD_TYPE=Release -DPAGEREF_FUZZERS=ON -DPAGEREF_OSSFUZZ=ON \
		-DPAGEREF_LINKER="$CXX ${CXXFLAGS:-}" -DPAGEREF_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -DPAGEREF_WORLD_TARGETS=ON \
		>"$dir.cmake.log" 2>&1 || { cat "$dir.cmake.log" >&2; die "cmake failed (log: $dir.cmake.log)"; }
	ninja -C "$dir" >"$dir.ninja.log" 2>&1 || { tail -40 "$dir.ninja.log" >&2; die "build failed (log: $dir.ninja.log)"; }
	# the scenario compiler, built without the fuzzing flags
	cmake -S "$ROOT" -B "$tooldir" -G Ninja -DCMAKE_C_COMPILER="$CC" >"$tooldir.cmake.log" 2>&1 &&
		ninja -C "$tooldir" pageref >"$tooldir.ninja.log" 2>&1 || die "cannot build the scenario compiler"
	local t name seeds
	# one target per built-in variant (world none) and per variant x world
	# option (pageref_fuzz_<variant>_world_<option>): each world's oracles
	# get fuzzing time of their own, and its seeds are the scenarios in it
	for t in "$dir"/pageref_fuzz_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		case "$name" in pageref_fuzz_mut_*|pageref_fuzz_test_*) continue;; esac
		cp "$t" "$OUT/$name"
		seeds=$(mktemp -d "$BUILD/ossfuzz-seeds.XXXXXX")
		local scn vname=${name#pageref_fuzz_} wname=none
		case "$vname" in *_world_*) wname=${vname##*_world_}; wname=${wname//_/-}; vname=${vname%_world_*};; esac
		vname=$("$tooldir/pageref" list | awk '{print $1}' | while read -r n; do
			[ "${n//-/_}" = "$vname" ] && echo "$n"; done)
		# the tool inherits $CFLAGS (a sanitizer, maybe): it only compiles here
		for scn in "$ROOT"/corpus/scenarios/*.scn; do
			ASAN_OPTIONS=detect_leaks=0 "$tooldir/pageref" compile --quiet --variant "$vname" "$scn" \
				"$seeds/raw-$(basename "$scn" .scn)" 2>/dev/null &&
				ASAN_OPTIONS=detect_leaks=0 "$tooldir/pageref" canon --world "$wname" \
					"$seeds/raw-$(basename "$scn" .scn)" "$seeds/$(basename "$scn" .scn)-$wname" 2>/dev/null
			rm -f "$seeds/raw-$(basename "$scn" .scn)"
		done
		rm -f "$OUT/${name}_seed_corpus.zip"
		(cd "$seeds" && python3 -m zipfile -c "$OUT/${name}_seed_corpus.zip" ./*) >/dev/null ||
			die "cannot write $OUT/${name}_seed_corpus.zip"
		rm -rf "$seeds"
		cp "$ROOT/fuzz/pageref_fuzz.dict" "$OUT/$name.dict"
		cp "$ROOT/fuzz/pageref_fuzz.options" "$OUT/$name.options"
		echo "oss-fuzz: $OUT/$name (+ _seed_corpus.zip .dict .options)"
	done
}

case "${1:-}" in
"") cmd_fuzz --variant v4 --time 120;;
oss-fuzz) shift; cmd_oss_fuzz;;
fuzz) shift; cmd_fuzz "$@";;
test) shift; [ $# = 0 ] || die "test takes no flags"; cmd_test;;
bench) shift; cmd_bench "$@";;
scoreboard) shift; cmd_scoreboard "$@";;
coverage) shift; cmd_coverage "$@";;
reproduce) shift; cmd_reproduce "$@";;
replay) shift; cmd_replay "$@";;
explore) shift; cmd_explore "$@";;
litmus) shift; cmd_litmus "$@";;
orderings) shift; cmd_orderings "$@";;
report) shift; cmd_report "$@";;
file) shift; cmd_file "$@";;
help|-h|--help) usage;;
*) usage >&2; die "unknown command '$1'";;
esac
