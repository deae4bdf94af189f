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
  (no command)     the main job: fuzz v4 for 120 s with progress, then a summary;
                   ./build.sh --time 30 ... is the main job with fuzz's flags
  fuzz             [--api FAMILY]  page_ref (default), or another family (src/family/)
                   --variant NAME|PATH|TREE|TREE@REV  (default v4; PATH: your own header;
                                 TREE: a kernel tree; TREE@REV: a git tree at a revision)
                   --patch FILE  a patch or mbox series applied to the variant first (repeatable)
                   --runs N | --time SECONDS  (default --time 120)
                   --first  end at the first new finding (filed as usual, exit 1)
                   --seed S  (default 1)
                   --world OPTS  the family's world options (page_ref: misuse,caller-dtor,overflow)
                   --memory sc|weak  the memory model (default sc; weak: src/memory/wmm.c)
                   --corpus DIR  where new inputs go (default fuzz-work/corpus/<variant>/,
                                 AFL++: fuzz-work/afl/<variant>/; grows across runs, a
                                 second run resumes from it)
                   --engine libfuzzer|afl  (default libfuzzer)
                   --jobs J  parallel fuzzer processes, at most the machine's cores (--force)
                   --no-seeds  start from nothing: no regression scenarios, no corpus/<variant>/,
                               a fresh corpus under fuzz-work/no-seeds/ (unless --corpus)
  cmin             [--api F] [--variant V] [--world OPTS] [--memory weak] [--corpus DIR] --out NEW:
                   the campaign corpus minimised into NEW (libFuzzer -merge=1, in that world);
                   DIR is kept, NEW must be new or empty; then fuzz --corpus NEW
  test             build everything and run the test suite through ctest
  bench            [--results DIR]: executions per second of the fiber engine, plain and
                   ASan+UBSan, and the scalability benchmark (DIR/scale.csv, .png;
                   default build/bench-results, --results bench/results updates the committed)
  scoreboard       [--seeds N] [--budget S]: the mutation scoreboard (bench/scoreboard.sh);
                   --api refcount|rcuref: that family's (bench/family_mutants.sh);
                   --feedback [--jobs J] [--rows races|mutants|all]: from an empty corpus,
                   each engine with and without the concurrency feedback
  reproduce        [--runs N]: how often each corpus race shows on real threads (pthreads)
  coverage         [--variant NAME] [--corpus DIR]: llvm-cov HTML report of the code the
                   corpus reaches (build/coverage-html/index.html)
  replay, explore, minimize, check
                   [--api A] --variant NAME|PATH|TREE|TREE@REV [--patch FILE] ARGS...:
                   that pageref command on the variant in any form (pageref help)
  tool CMD         the same for any pageref command CMD
  report           FINDING_DIR: the finding's lkml-ready block (80 columns)
  results          [check | record NAME -- COMMAND...]: docs/results.md from bench/results/
  orderings        [--api A] --variant SPEC [--against SPEC] [--runs N]: each API call's
                   ordering class as the shim observed the variant execute it, against the
                   documented one (and W's); every form of --variant
  litmus           [pageref litmus flags] FILE.litmus...: kernel C litmus tests through the
                   fuzzer's weak model and the LKMM (docs/weak-memory.md); --kernel: the
                   kernel's own tests (Debian's linux-source-6.1, installed if missing)
  file             [--api A] --variant SPEC [--world OPTS] [--memory weak] FILE...: file inputs,
                   as a campaign files its own (one directory per title and racing sites);
                   without --world each in the world it carries (repro.bin, .scn: theirs; a
                   raw engine artifact needs its campaign's --world/--memory)
  oss-fuzz         the OSS-Fuzz/ClusterFuzzLite build: targets, seed corpora, dictionaries
                   and options in $OUT (needs CC CXX CFLAGS LIB_FUZZING_ENGINE OUT)
  help             this text
Exit status: 0 nothing found / success, 1 a finding (or failed tests), 2 bad usage or
build error; a campaign stopped by SIGINT/SIGTERM: 130/143 (1 if it found something).
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
	local t0=$SECONDS
	if ninja -C "$dir" -n ${NINJA_TARGETS:-} 2>/dev/null | grep -q '^\['; then
		say "building $(rel "$dir")${NINJA_TARGETS:+ ($NINJA_TARGETS)}"
		ninja -C "$dir" ${NINJA_TARGETS:-} >"$dir.ninja.log" 2>&1 || { tail -40 "$dir.ninja.log" >&2; die "build failed in $dir (log: $dir.ninja.log)"; }
		say "built $(rel "$dir") in $((SECONDS - t0)) s"
	fi
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

# ---- variants: every form resolved in one place ------------------------------
# resolve_variant API SPEC [PATCH...]: SPEC is a built-in name, a header PATH,
# a kernel TREE or TREE@REV (tools/variant.py stages a custom one, applies
# the patches and takes what the tree must supply; bad input: its one line,
# exit 2). Sets V_API, V_NAME (the variant's name in the tool), V_KEY (its
# corpus: a custom variant's follows its source through edits), V_CUSTOM
# (1 for a custom one), V_DIR, V_ABOUT (its about.txt, or empty: a
# built-in) and V_REPRO (the --variant ... of a reproduce line that works on
# the reader's own checkout).
resolve_variant() {
	local api=$1 spec=$2 p out pargs=(); shift 2
	V_API=$api V_NAME=$spec V_KEY=$spec V_CUSTOM=0 V_DIR="" V_ABOUT="" V_REPRO=""
	[ "$api" = page_ref ] || V_KEY="$api-$spec"
	if [ $# = 0 ] && builtin_variant "$api" "$spec"; then
		V_REPRO="--variant $spec"; [ "$api" = page_ref ] || V_REPRO="--api $api $V_REPRO"
		return 0
	fi
	if [ $# = 0 ] && [ -f "$BUILD/variants/$spec/variant.h" ]; then
		# a name a campaign printed: its cached source
		V_DIR="$BUILD/variants/$spec"
	else
		for p in "$@"; do pargs+=(--patch "$p"); done
		command -v python3 >/dev/null || need_pkgs
		out=$(python3 "$ROOT/tools/variant.py" --root "$ROOT" --build "$BUILD" --cc "$CC_BIN" \
			--api "$api" "${pargs[@]}" "$spec") || exit 2
		eval "$out"
		V_NAME=$VARIANT_NAME V_KEY=$VARIANT_KEY V_DIR=$VARIANT_DIR
	fi
	V_CUSTOM=1 V_ABOUT="$V_DIR/about.txt"
	V_REPRO=$(cat "$V_DIR/reproduce.txt" 2>/dev/null) || V_REPRO="--variant $V_NAME"
	[ "$api" = page_ref ] || case "$V_REPRO" in --api*) ;; *) V_REPRO="--api $api $V_REPRO";; esac
}

# builtin_variant API NAME: the registry has it (src/family/API/variants.txt, and its patch globs)
builtin_variant() {
	case "$2" in */*|*.h|*@*|"") return 1;; esac
	[ -x "$BUILD/plain/pageref" ] || build_plain
	"$BUILD/plain/pageref" list --api "$1" --quiet | grep -qxF -- "$2"
}

# variant_tool: the pageref that has the resolved variant (a custom one's
# own build, cached by build_custom)
variant_tool() {
	if [ "$V_CUSTOM" = 1 ]; then build_custom "$BUILD/plain" "pageref_custom_$V_API"
	else echo "$BUILD/plain/pageref"; fi
}

# findings_label: the variant's directory under findings/; a built-in beyond
# the first family is named with its family (a custom variant's name has it)
findings_label() {
	if [ "$V_API" = page_ref ] || [ "$V_CUSTOM" = 1 ]; then echo "$V_NAME"
	else echo "$V_API-$V_NAME"; fi
}

# variant_id: a built-in's build id (fuzz targets are pageref_fuzz_<id>)
variant_id() {
	local id=${V_NAME//[^A-Za-z0-9_]/_}
	[ "$V_API" = page_ref ] || id="${V_API}_$id"
	echo "$id"
}

# build_custom DIR TARGET: TARGET of build DIR for $V_DIR, cached as
# $V_DIR/bin/<dir>/TARGET with a stamp of what it was linked from (the
# build's libraries and the sources variant.c sees), so an unchanged variant
# starts at once; otherwise only variant.c is compiled and the target linked.
# Prints the binary's path.
build_custom() {
	local dir=$1 target=$2 sub cached stamp fd err
	sub=$(basename "$dir"); cached="$V_DIR/bin/$sub/$target"
	stamp=$(cat "$dir/libpageref_core.a" "$ROOT"/src/family/"$V_API"/*.[ch] "$ROOT"/src/*/*.h "$ROOT"/shim/include/*/*.h \
		"$ROOT"/src/cli/*.[ch] "$ROOT"/fuzz/fuzz_pageref.c "$V_DIR/variant.h" 2>/dev/null | sha1sum | cut -c1-16)
	if [ -x "$cached" ] && [ "$(cat "$cached.stamp" 2>/dev/null)" = "$stamp" ]; then
		echo "$cached"; return 0
	fi
	say "building $target for $V_NAME (variant.c only)"
	mkdir -p "$V_DIR/bin/$sub" "$dir/custom/$V_API"
	exec {fd}>"$dir/custom.lock"; flock "$fd"
	cmp -s "$V_DIR/variant.h" "$dir/custom/$V_API/variant.h" || cp "$V_DIR/variant.h" "$dir/custom/$V_API/variant.h"
	if ! ninja -C "$dir" "$target" >"$dir/custom.ninja.log" 2>&1; then
		err=$(grep -m1 -E ': (fatal )?error: |undefined reference' "$dir/custom.ninja.log")
		printf 'build.sh: --variant %s: does not build: %s (log: %s)\n' "$V_NAME" \
			"${err:-see the log}" "$dir/custom.ninja.log" >&2
		exec {fd}>&-; return 2
	fi
	cp "$dir/$target" "$cached.new" && mv "$cached.new" "$cached" && echo "$stamp" > "$cached.stamp"
	exec {fd}>&-
	echo "$cached"
}

# variant_flags ARGS...: takes --api, --variant and --patch out of ARGS into
# VF_API, VF_SPEC, VF_PATCHES; the rest stay in VF_REST.
variant_flags() {
	VF_API=page_ref VF_SPEC="" VF_PATCHES=() VF_REST=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--api) [ $# -ge 2 ] || die "--api needs a family (page_ref, ...)"; VF_API=$2; shift 2
		       [ -d "$ROOT/src/family/$VF_API" ] || die "--api $VF_API: no such family (known: $(ls "$ROOT/src/family" | grep -v '\.' | tr '\n' ' '))";;
		--variant) [ $# -ge 2 ] || die "--variant needs a value"; VF_SPEC=$2; shift 2;;
		--patch) [ -f "${2:-}" ] || die "--patch ${2:-}: no such file"; VF_PATCHES+=("$2"); shift 2;;
		*) VF_REST+=("$1"); shift;;
		esac
	done
}

# default_variant: without --variant, the campaign default: v4, or another
# family's upstream
default_variant() {
	[ -n "$VF_SPEC" ] || VF_SPEC=v4
	[ "$VF_API" = page_ref ] || [ "$VF_SPEC" != v4 ] || VF_SPEC=upstream
}

# need_memory VALUE: --memory's value (sc or weak), or a one-line error
need_memory() {
	case "$1" in sc|weak) echo "$1";; *) die "--memory $1: expected sc or weak";; esac
}

# a number in [LO, HI] or a one-line error
need_num() {	# FLAG VALUE LO HI
	[[ "$2" =~ ^[0-9]+$ ]] && [ ${#2} -le 19 ] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] ||
		die "$1 ${2:-}: expected a number from $3 to $4"
}

rel() { case "$1" in "$ROOT"/*) echo "${1#$ROOT/}";; *) echo "$1";; esac; }
# The regression scenarios of family $1, one per line, as the tool ($2,
# default the plain build's) reads a scenario's family.
family_scenarios() {
	"${2:-$BUILD/plain/pageref}" scenarios --api "$1" "$ROOT/corpus/scenarios"
}

# ---- fuzz: a campaign --------------------------------------------------------
# The campaign is J processes of the variant's fuzz target, each one long
# process (no fork mode): the target files its own findings into an inbox
# (src/harness/campaign.h), so a finding never ends a process; only a real
# crash does, and the process starts again on the corpus with what is left
# of the budget. Every input the fuzzers keep goes to the corpus as they
# find it; the inbox, the crash artifacts and the counts of titles seen
# again are filed by `pageref file` at the end (or at the first finding,
# --first). SIGINT and SIGTERM end the campaign the same way, quickly.

# campaign_world WORLD MEMORY: the fuzz targets' PAGEREF_WORLD for --world
# WORLD (checked against $VF_API's options) and --memory MEMORY
campaign_world() {
	local world=$1 w known
	if [ -n "$world" ]; then
		known=$(sed -n 's/^set(PAGEREF_'"$VF_API"'_WORLDS \(.*\))$/\1/p' "$ROOT/src/family/$VF_API/family.cmake")
		for w in ${world//,/ }; do
			case " $known none " in *" $w "*) ;; *) die "--world $world: unknown option '$w' (known: ${known// /, }; the memory model is --memory)";; esac
		done
	fi
	[ "$world" = none ] && world=""
	# the weak memory model is carried like a world option (src/memory/wmm.c)
	[ "$2" = weak ] && world="${world:+$world,}weak"
	echo "$world"
}

# fuzz_target ENGINE: the variant's fuzz target for ENGINE, built
fuzz_target() {
	local bin
	if [ "$V_CUSTOM" = 1 ]; then
		if [ "$1" = libfuzzer ]; then build_fuzz >&2; bin=$(build_custom "$BUILD/fuzz" "pageref_fuzz_custom_$V_API") || exit 2
		else build_afl >&2; bin=$(AFL_QUIET=1 build_custom "$BUILD/afl" "pageref_fuzz_custom_$V_API") || exit 2; fi
	elif [ "$1" = libfuzzer ]; then
		build_fuzz >&2; bin="$BUILD/fuzz/pageref_fuzz_$(variant_id)"
	else
		build_afl >&2; NINJA_TARGETS="pageref_fuzz_$(variant_id)" build_afl_cmplog >&2
		bin="$BUILD/afl/pageref_fuzz_$(variant_id)"
	fi
	[ -x "$bin" ] || die "no fuzz target $bin"
	echo "$bin"
}

cmd_fuzz() {
	local runs="" time="" seed=1 world="" corpus="" engine=libfuzzer jobs=1 memory=sc no_seeds="" first="" force=""
	variant_flags "$@"; set -- "${VF_REST[@]}"
	default_variant
	while [ $# -gt 0 ]; do
		case "$1" in
		--runs) need_num --runs "${2:-}" 1 1000000000000; runs=$2; shift 2;;
		--time) need_num --time "${2:-}" 1 10000000; time=$2; shift 2;;
		--seed) need_num --seed "${2:-}" 0 4294967295; seed=$2; shift 2;;
		--world) [ $# -ge 2 ] || die "--world needs a value"; world=$2; shift 2;;
		--memory) memory=$(need_memory "${2:-}") || exit 2; shift 2;;
		--corpus) [ $# -ge 2 ] || die "--corpus needs a directory"; corpus=$2; shift 2;;
		--jobs) need_num --jobs "${2:-}" 1 4096; jobs=$2; shift 2;;
		--engine) case "${2:-}" in libfuzzer|afl) engine=$2;; *) die "--engine ${2:-}: expected libfuzzer or afl";; esac; shift 2;;
		--no-seeds) no_seeds=1; shift;;
		--first) first=1; shift;;
		--force) force=1; shift;;
		*) die "fuzz: unknown flag $1 (see ./build.sh help)";;
		esac
	done
	[ -n "$runs" ] && [ -n "$time" ] && die "give --runs or --time, not both"
	[ -n "$runs" ] && [ "$engine" = afl ] && die "--runs: AFL++ campaigns take --time"
	[ -z "$runs" ] && [ -z "$time" ] && time=120
	local cores; cores=$(nproc 2>/dev/null || echo 1)
	[ "$jobs" -le "$cores" ] || [ -n "$force" ] ||
		die "--jobs $jobs: this machine has $cores core(s); more jobs than cores only slows each down (--force to insist)"
	world=$(campaign_world "$world" "$memory") || exit 2
	need_pkgs
	[ "$engine" = afl ] && need_afl

	local t_start=$SECONDS
	build_plain
	resolve_variant "$VF_API" "$VF_SPEC" "${VF_PATCHES[@]}"
	TOOL=$(variant_tool) || exit 2
	local bin label
	label=$(findings_label)
	bin=$(fuzz_target "$engine") || exit 2
	[ "$V_CUSTOM" = 1 ] && cat "$V_ABOUT"

	# the findings directory must take a filing before the fuzzing starts
	mkdir -p "$FINDINGS/$label" 2>/dev/null && [ -w "$FINDINGS/$label" ] ||
		die "findings directory $FINDINGS/$label: cannot be created or written (PAGEREF_FINDINGS_DIR)"
	# --no-seeds: the fuzzer's own power, from nothing: a corpus of its own too
	[ -n "$corpus" ] || [ -z "$no_seeds" ] || corpus="$ROOT/fuzz-work/no-seeds/$label-$(date +%Y%m%d-%H%M%S)-$$"
	[ -n "$corpus" ] || corpus="$ROOT/fuzz-work/$([ "$engine" = afl ] && echo afl || echo corpus)/$V_KEY"
	mkdir -p "$corpus" 2>/dev/null && [ -w "$corpus" ] || die "corpus $corpus: cannot be created or written"

	# the campaign's own directory: everything temporary lives and dies here
	mkdir -p "$BUILD/campaigns"
	ART=$(mktemp -d "$BUILD/campaigns/$label.XXXXXX") || die "cannot create a campaign directory in $BUILD"
	mkdir -p "$ART/inbox" "$ART/seeds" "$ART/tmp" "$ART/stats"
	export TMPDIR="$ART/tmp"
	: > "$ART/titles"
	local known_before=0 d
	for d in "$FINDINGS/$label"/*/report.txt; do
		[ -f "$d" ] || continue
		sed -n '1s/^pageref-fuzz: //p' "$d" >> "$ART/titles"
		known_before=$((known_before + 1))
	done

	# seeds: the family's regression scenarios, compiled afresh (a format
	# change regenerates them), plus any binary seeds kept in corpus/<variant>/
	local scn
	if [ -n "$no_seeds" ]; then
		printf '\0' > "$ART/seeds/empty"	# AFL++ needs an input
	else
		local scns=()
		mapfile -t scns < <(family_scenarios "$VF_API")
		for scn in "${scns[@]}"; do
			"$TOOL" compile --quiet --api "$VF_API" --variant "$V_NAME" "$scn" "$ART/seeds/$(basename "$scn" .scn).bin" 2>/dev/null ||
				say "warning: $(rel "$scn") does not compile (run: $TOOL check $scn)"
		done
		[ -d "$ROOT/corpus/$V_NAME" ] && cp -n "$ROOT/corpus/$V_NAME"/* "$ART/seeds/" 2>/dev/null
	fi

	# --runs far below the corpus size: the edit loop; the corpus is not replayed
	local ncorpus skip_corpus=""
	ncorpus=$(find "$corpus" -maxdepth 1 -type f | wc -l)
	if [ -n "$runs" ] && [ "$engine" = libfuzzer ] && [ "$runs" -lt $((10 * ncorpus)) ]; then
		skip_corpus=1
		mkdir -p "$ART/new"
	fi
	CAMPAIGN_CORPUS=$corpus; [ -n "$skip_corpus" ] && CAMPAIGN_CORPUS="$ART/new"

	STOP="" SIGNAL=""
	trap 'campaign_signal INT' INT
	trap 'campaign_signal TERM' TERM
	local t0=$SECONDS t0r=${EPOCHREALTIME/,/.}
	if [ "$engine" = libfuzzer ]; then
		run_libfuzzer "$bin" "$world" "$seed" "$jobs" "$corpus" "$runs" "$time" "$skip_corpus" "$first"
	else
		run_afl "$bin" "$world" "$seed" "$jobs" "$corpus" "$time" "$first"
	fi
	local t_fuzz=$((SECONDS - t0)) t_real
	t_real=$(awk -v a="$t0r" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.1f", b - a }')
	trap '' INT TERM	# filing is short: let it finish
	[ -z "$skip_corpus" ] || cp -n "$ART/new"/* "$corpus/" 2>/dev/null

	# file: the inbox, then real crashes and hangs, then the hit counts
	local inputs=() f t1=$SECONDS out rc
	for f in "$ART"/inbox/finding-* "$ART"/crash-* "$ART"/timeout-* "$ART"/oom-*; do
		[ -f "$f" ] && inputs+=("$f")
	done
	cat "$ART"/stats/*.stats 2>/dev/null | sed -n 's/^hit //p' > "$ART/hits"
	out=$("$TOOL" file --api "$VF_API" --variant "$V_NAME" --world "${world:-none}" --findings "$FINDINGS" \
		--label "$label" ${V_ABOUT:+--about "$V_ABOUT"} --reproduce "$V_REPRO" --hits "$ART/hits" \
		"${inputs[@]}" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -v '^file: '
	local found again unfiled
	found=$(grep -c '^FOUND: ' <<<"$out"); again=$(grep -c '^AGAIN: ' <<<"$out")
	unfiled=$(grep -c '^\(warning: .*does not reproduce\|error: cannot write\)' <<<"$out")
	local unconfirmed; unconfirmed=$(grep -c '^note: .*(not confirmed; kept)' <<<"$out")
	# the header's checks over every run of the campaign (src/oracle/checks.c)
	if compgen -G "$ART/stats/*.checks" >/dev/null; then
		"$TOOL" checks --api "$VF_API" --variant "$V_NAME" --checks "$corpus.checks.txt" "$ART"/stats/*.checks 2>/dev/null &&
			echo "check table: $(rel "$corpus.checks.txt")"
	fi
	local execs explored ncorp
	execs=$(awk '$1 == "execs" {s += $2} END {print s + 0}' "$ART"/stats/*.stats 2>/dev/null)
	explored=$(awk '$1 == "explored" {s += $2} END {print s + 0}' "$ART"/stats/*.stats 2>/dev/null)
	[ "$engine" = afl ] && execs=${LAST_EXECS:-$execs}
	ncorp=$(find "$corpus" -type f -path "$corpus/*" ! -name '*.checks.txt' | wc -l)
	local why=""
	[ -n "$time" ] && [ $t_fuzz -gt $((time + time / 10 + 1)) ] && why=" (over --time: the last process took $((t_fuzz - time)) s to stop)"
	[ -n "$skip_corpus" ] && why="$why; corpus not replayed (--runs $runs < 10 x its $ncorpus inputs)"
	local lost=""
	[ "${unfiled:-0}" -gt 0 ] && lost=", $unfiled not filed (kept in $(rel "$ART")/)"
	[ "${unconfirmed:-0}" -gt 0 ] && lost="$lost, $unconfirmed wall-clock timeout(s) not confirmed (kept in $(rel "$ART")/)"
	echo "summary${SIGNAL:+ (interrupted by SIG$SIGNAL)}: variant $label, engine $engine, jobs $jobs, world ${world:-none}, seed $seed, ${execs:-0} runs in $t_real s ($(awk -v n="${execs:-0}" -v t="$t_real" 'BEGIN { printf "%d", (t > 0 ? n / t : 0) }') exec/s; +${explored:-0} explorer-guided; filing $((SECONDS - t1)) s${why}), corpus $ncorp inputs, $found new finding(s), $again seen again, $known_before title(s) known before$lost"
	# nothing is lost: an input that was not filed keeps its directory
	[ "${unfiled:-0}" -gt 0 ] || [ "${unconfirmed:-0}" -gt 0 ] || rm -rf "$ART"
	[ "$rc" = 1 ] && exit 1
	[ "$SIGNAL" = INT ] && exit 130
	[ "$SIGNAL" = TERM ] && exit 143
	exit 0
}

# SIGINT/SIGTERM during the fuzzing: stop the workers; filing follows
campaign_signal() {
	SIGNAL=$1 STOP=1
	touch "$ART/stop" 2>/dev/null
	stop_workers
}

# every worker's current fuzzer, then the workers themselves
stop_workers() {
	local p
	for p in $(cat "$ART"/stats/*.pid 2>/dev/null) ${WORKERS:-}; do kill -TERM "$p" 2>/dev/null; done
}

# run_libfuzzer BIN WORLD SEED JOBS CORPUS RUNS TIME SKIP_CORPUS FIRST: JOBS
# workers, each one libFuzzer process that files in-process and is started
# again after a real crash with what is left of its budget
run_libfuzzer() {
	local bin=$1 world=$2 seed=$3 jobs=$4 corpus=$5 runs=$6 time=$7 skip=$8 first=$9 i
	local dirs=("$corpus" "$ART/seeds") deadline=""
	[ -n "$skip" ] && dirs=("$ART/new" "$ART/seeds")
	[ -n "$time" ] && deadline=$((SECONDS + time))
	say "fuzzing with libFuzzer (world: ${world:-none}, seed $seed, jobs $jobs, ${runs:+$runs runs}${time:+$time s}), corpus $(rel "$corpus")"
	WORKERS=""
	for i in $(seq 0 $((jobs - 1))); do
		local mine=""
		[ -n "$runs" ] && mine=$(( runs / jobs + (i < runs % jobs ? 1 : 0) ))
		worker "$bin" "$world" $((seed + i)) "$i" "$mine" "$deadline" "$first" "${dirs[@]}" &
		WORKERS="$WORKERS $!"
	done
	watch_progress
	local p; for p in $WORKERS; do wait "$p" 2>/dev/null; done
	WORKERS=""
}

# worker BIN WORLD SEED I RUNS DEADLINE FIRST DIRS...: one libFuzzer process
# at a time until its runs or the deadline are spent, or a stop
worker() {
	local bin=$1 world=$2 seed=$3 i=$4 runs=$5 deadline=$6 first=$7 k=0 done_runs=0 limit left rc; shift 7
	local stats="$ART/stats/w$i"
	while [ ! -e "$ART/stop" ]; do
		if [ -n "$runs" ]; then
			left=$((runs - done_runs)); [ $left -gt 0 ] || break; limit=(-runs="$left")
		else
			left=$((deadline - SECONDS)); [ $left -gt 0 ] || break; limit=(-max_total_time="$left")
		fi
		PAGEREF_WORLD="$world" PAGEREF_TITLES_FILE="$ART/titles" PAGEREF_INBOX="$ART/inbox" \
			PAGEREF_STATS="$stats.$k.stats" PAGEREF_CHECKS_OUT="$stats.$k.checks" PAGEREF_FIRST=${first:-0} \
			"$bin" "${limit[@]}" -seed=$((seed + 1000 * k)) -artifact_prefix="$ART/" \
			-timeout="${PAGEREF_TIMEOUT:-10}" -max_len=1300 -reload=1 -print_final_stats=1 \
			"$@" >"$stats.$k.log" 2>&1 &
		echo $! > "$stats.pid"
		wait $! 2>/dev/null; rc=$?
		rm -f "$stats.pid"
		done_runs=$((done_runs + $(awk '$1 == "execs" {print $2}' "$stats.$k.stats" 2>/dev/null || echo 0)))
		# a new finding with --first, a stop, or the budget spent: done
		if [ -n "$first" ] && compgen -G "$ART/inbox/finding-*" >/dev/null; then touch "$ART/stop"; break; fi
		[ $rc = 0 ] && break
		# a real crash (or a libFuzzer timeout): its artifact is filed at the end; go on
		compgen -G "$ART/crash-*" >/dev/null || compgen -G "$ART/timeout-*" >/dev/null ||
			compgen -G "$ART/oom-*" >/dev/null || { [ -e "$ART/stop" ] || tail -20 "$stats.$k.log" >&2; break; }
		k=$((k + 1))
	done
}

# watch_progress: a line every 5 s from the workers' stats files, with the
# rate over those 5 s; a worker that wrote nothing since is said to be so.
# A campaign over within 5 s gets one line at its end.
watch_progress() {
	local t0=$SECONDS tick=0 prev=0 now alive p
	while :; do
		alive=0
		for p in $WORKERS; do kill -0 "$p" 2>/dev/null && alive=1; done
		if [ $alive = 0 ]; then
			# a campaign over before its first 5 s still gets its one line
			[ $tick -lt 5 ] && progress_line $((SECONDS - t0)) 0 $((tick > 0 ? tick : 1)) 0
			break
		fi
		sleep 1; tick=$((tick + 1)); [ $((tick % 5)) = 0 ] || continue
		local fresh stale=0 f
		for f in "$ART"/stats/w*.pid; do
			[ -f "$f" ] || continue
			fresh=$(find "$ART/stats" -name "$(basename "$f" .pid).*.stats" -newermt '-3 seconds' 2>/dev/null | head -1)
			[ -n "$fresh" ] || stale=$((stale + 1))
		done
		progress_line $((SECONDS - t0)) "$prev" 5 "$stale"
		prev=$now
	done
}

# progress_line ELAPSED PREV_EXECS INTERVAL STALE: one progress line; sets now
progress_line() {
	now=$(awk '$1 == "execs" {s += $2} END {print s + 0}' "$ART"/stats/*.stats 2>/dev/null)
	now=${now:-0}
	printf 'progress: %s s  execs %s  exec/s %s  explored %s  corpus %s  findings %s%s\n' "$1" \
		"$now" $(( (now - $2) / $3 )) \
		"$(awk '$1 == "explored" {s += $2} END {print s + 0}' "$ART"/stats/*.stats 2>/dev/null)" \
		"$(find "$CAMPAIGN_CORPUS" -maxdepth 1 -type f 2>/dev/null | wc -l)" \
		"$(ls "$ART"/inbox/finding-* 2>/dev/null | wc -l)" \
		"$([ "$4" -gt 0 ] && echo "  ($4 worker(s) silent for 3 s or more: starting or stuck)")"
}

# run_afl BIN WORLD SEED JOBS SYNCDIR TIME FIRST: one main, JOBS-1
# secondaries, filing in-process like libFuzzer's workers
run_afl() {
	local bin=$1 world=$2 seed=$3 jobs=$4 sync=$5 time=$6 first=$7 i pids=() input
	# an existing sync directory is resumed ("-i -"), never overwritten
	local lead=main; [ -n "${PAGEREF_AFL_MACHINE:-}" ] && lead="$PAGEREF_AFL_MACHINE-s0"
	input="$ART/seeds"; [ -d "$sync/$lead/queue" ] && input=-
	say "fuzzing with AFL++ (world: ${world:-none}, seed $seed, jobs $jobs, $time s), sync dir $(rel "$sync")$([ "$input" = - ] && echo ", resuming")"
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
			PAGEREF_API="$V_API" PAGEREF_TITLES_FILE="$ART/titles" PAGEREF_INBOX="$ART/inbox" \
			PAGEREF_FIRST=${first:-0} \
			setsid afl-fuzz -i "$input" -o "$sync" "${role[@]}" -s "$((seed + i))" -V "$time" \
			-- "$bin" >"$ART/afl-$i.log" 2>&1 &
		pids+=($!)
	done
	WORKERS="${pids[*]}"
	watch_afl "$sync/$lead/fuzzer_stats" "$first"
	local p
	# a stopped forkserver (state T) only dies of SIGKILL or after SIGCONT
	for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; kill -CONT -- "-$p" 2>/dev/null; done
	sleep 0.5
	for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
	# AFL++'s forkservers start sessions of their own: reap by the tag they inherit
	reap_tagged "$tag"
	WORKERS=""
	local d
	# real crashes, and hangs (AFL++'s own hang detection)
	for d in "$sync"/*/crashes "$sync"/*/hangs; do
		local kind=crash; [ "$(basename "$d")" = hangs ] && kind=timeout
		for i in "$d"/id:*; do [ -f "$i" ] && cp -n "$i" "$ART/$kind-afl-$(basename "$(dirname "$d")")-$(sha1sum "$i" | cut -c1-12)"; done
	done
	LAST_EXECS=$(cat "$sync"/*/fuzzer_stats 2>/dev/null | awk '/^execs_done/ {s += $3} END {print s+0}')
}

# watch_afl STATS FIRST: AFL++'s own figures every 5 s; with FIRST, the first filing ends it
watch_afl() {
	local stats=$1 first=$2 t0=$SECONDS tick=0 alive p
	while :; do
		alive=0
		for p in $WORKERS; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ $alive = 1 ] && [ -z "$STOP" ] || break
		[ -n "$first" ] && compgen -G "$ART/inbox/finding-*" >/dev/null && break
		sleep 1; tick=$((tick + 1)); [ $((tick % 5)) = 0 ] && [ -f "$stats" ] || continue
		printf 'progress: %s s  execs %s  exec/s %s  corpus %s  edges %s  stability %s  findings %s\n' $((SECONDS - t0)) \
			"$(awk '/^execs_done/ {print $3}' "$stats")" "$(awk '/^execs_per_sec/ {print $3}' "$stats")" \
			"$(awk '/^corpus_count/ {print $3}' "$stats")" "$(awk '/^edges_found/ {print $3}' "$stats")" \
			"$(awk '/^stability/ {print $3}' "$stats")" "$(ls "$ART"/inbox/finding-* 2>/dev/null | wc -l)"
	done
}

# reap_tagged TAG: kill every process whose environment carries
# PAGEREF_CAMPAIGN_TAG=TAG (what a campaign started, however it detached)
reap_tagged() {
	local f pid
	for f in /proc/[0-9]*/environ; do
		pid=${f#/proc/}; pid=${pid%/environ}
		{ tr '\0' '\n' < "$f" | grep -qxF "PAGEREF_CAMPAIGN_TAG=$1"; } 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	done
	return 0
}

# cmin [--api A] [--variant V] [--world OPTS] [--memory weak] [--corpus DIR]
# --out NEW: the campaign corpus DIR (default: the variant's) minimised into
# NEW by libFuzzer's -merge=1 in the campaign's world: the inputs that keep
# its coverage and concurrency features. DIR is left as it is; NEW must be
# new or empty; a campaign resumes from it with --corpus NEW.
cmd_cmin() {
	local world="" memory=sc corpus="" out="" n m
	variant_flags "$@"; set -- "${VF_REST[@]}"
	default_variant
	while [ $# -gt 0 ]; do
		case "$1" in
		--world) [ $# -ge 2 ] || die "cmin: --world needs a value"; world=$2; shift 2;;
		--memory) memory=$(need_memory "${2:-}") || exit 2; shift 2;;
		--corpus) [ $# -ge 2 ] || die "cmin: --corpus needs a directory"; corpus=$2; shift 2;;
		--out) [ $# -ge 2 ] || die "cmin: --out needs a directory"; out=$2; shift 2;;
		*) die "cmin: unknown flag $1 (see ./build.sh help)";;
		esac
	done
	[ -n "$out" ] || die "cmin: --out NEW is required (the corpus is never rewritten in place)"
	world=$(campaign_world "$world" "$memory") || exit 2
	need_pkgs
	build_plain
	resolve_variant "$VF_API" "$VF_SPEC" "${VF_PATCHES[@]}"
	[ -n "$corpus" ] || corpus="$ROOT/fuzz-work/corpus/$V_KEY"
	[ -d "$corpus" ] || die "cmin: corpus $corpus: no such directory"
	[ ! -e "$out" ] || [ -z "$(ls -A "$out" 2>/dev/null)" ] || die "cmin: --out $out: not empty (nothing is overwritten)"
	mkdir -p "$out" && [ -w "$out" ] || die "cmin: --out $out: cannot be created or written"
	local bin tmp
	bin=$(fuzz_target libfuzzer) || exit 2
	tmp=$(mktemp -d "$BUILD/cmin.XXXXXX") || die "cannot create a directory in $BUILD"
	n=$(find "$corpus" -maxdepth 1 -type f ! -name '*.checks.txt' | wc -l)
	say "minimising $(rel "$corpus") ($n inputs, world ${world:-none}) into $(rel "$out")"
	# findings go to a scratch inbox (they are a campaign's to file): no crash stops the merge
	mkdir -p "$tmp/inbox" "$tmp/tmp"
	if ! TMPDIR="$tmp/tmp" PAGEREF_WORLD="$world" PAGEREF_INBOX="$tmp/inbox" "$bin" -merge=1 -max_len=1300 \
		-timeout="${PAGEREF_TIMEOUT:-10}" -artifact_prefix="$tmp/" "$out" "$corpus" >"$tmp/log" 2>&1; then
		tail -5 "$tmp/log" >&2; rm -rf "$tmp"; die "cmin: libFuzzer's merge failed"
	fi
	rm -rf "$tmp"
	m=$(find "$out" -maxdepth 1 -type f | wc -l)
	echo "cmin: $n inputs -> $m in $(rel "$out") ($(rel "$corpus") kept; resume with --corpus $(rel "$out"))"
}

# file [--api A] --variant V [--world OPTS] [--memory weak] FILE...: file inputs found
# elsewhere as findings, exactly as a campaign files its own (pageref file)
cmd_file() {
	local world="" memory="" files=() f label
	variant_flags "$@"; set -- "${VF_REST[@]}"
	while [ $# -gt 0 ]; do
		case "$1" in
		--world) [ $# -ge 2 ] || die "file: --world needs a value"; world=$2; shift 2;;
		--memory) memory=$(need_memory "${2:-}") || exit 2; shift 2;;
		-*) die "file: unknown flag $1";;
		*) [ -f "$1" ] || die "file: $1: no such file"; files+=("$1"); shift;;
		esac
	done
	[ -n "$VF_SPEC" ] || die "file: --variant is required"
	[ ${#files[@]} -gt 0 ] || die "file: no inputs"
	# either flag: that world for every input (none: none at all)
	if [ -n "$world$memory" ]; then
		world=$(campaign_world "${world:-none}" "$memory") || exit 2
		world=${world:-none}
	fi
	need_pkgs
	build_plain
	resolve_variant "$VF_API" "$VF_SPEC" "${VF_PATCHES[@]}"
	TOOL=$(variant_tool) || exit 2
	label=$(findings_label)
	# without --world, each input runs in the world it carries (repro.bin has its campaign's)
	exec "$TOOL" file --api "$VF_API" --variant "$V_NAME" ${world:+--world "$world"} --findings "$FINDINGS" \
		--label "$label" ${V_ABOUT:+--about "$V_ABOUT"} --reproduce "$V_REPRO" "${files[@]}"
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
	# one suite at a time in a build directory, its builds included: tests
	# clean and compare its scratch directories (refcount-test-trees, campaigns/)
	local fd
	mkdir -p "$BUILD"
	exec {fd}>"$BUILD/ctest.lock"
	flock -n "$fd" || { say "another test suite runs in $(rel "$BUILD"); waiting for it"; flock "$fd"; }
	build_plain; build_fuzz; build_asan; build_afl; NINJA_TARGETS=pageref_fuzz_v4 build_afl_cmplog; build_tsan
	say "running the test suite"
	# (the tests do not inherit the lock: a process one leaves cannot hold it)
	(cd "$BUILD/plain" && ctest --output-on-failure -j2 2>&1) {fd}>&- | tee "$BUILD/ctest.log"
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
	local v fam d
	for d in "$ROOT"/src/family/*/variants.txt; do
		fam=$(basename "$(dirname "$d")")
		for v in $("$BUILD/plain/pageref" list --api "$fam" --class shipped --quiet); do
			# a directory: threads takes the family's scenarios in it
			"$BUILD/plain/pageref" threads --api "$fam" --variant "$v" --runs "$runs" \
				"$ROOT/corpus/scenarios" | sed "s|$ROOT/||"
		done
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
	mapfile -t -O "${#inputs[@]}" inputs < <(LLVM_PROFILE_FILE=/dev/null family_scenarios page_ref "$BUILD/coverage/pageref")
	say "replaying ${#inputs[@]} inputs on $variant"
	printf '%s\0' "${inputs[@]}" | LLVM_PROFILE_FILE="$prof/%p-%m.profraw" \
		xargs -0 -n 500 "$BUILD/coverage/pageref" replay --quiet --variant "$variant" >/dev/null 2>&1
	llvm-profdata-14 merge -sparse "$prof"/*.profraw -o "$prof/merged.profdata" || die "llvm-profdata failed"
	rm -rf "$BUILD/coverage-html"
	llvm-cov-14 show "$BUILD/coverage/pageref" -instr-profile="$prof/merged.profdata" -format=html \
		-output-dir="$BUILD/coverage-html" "$ROOT/src/family" "$ROOT/shim" "$BUILD/coverage/variants" >/dev/null ||
		die "llvm-cov failed"
	llvm-cov-14 report "$BUILD/coverage/pageref" -instr-profile="$prof/merged.profdata" \
		"$ROOT/src/family" "$ROOT/shim/variants/$variant.h" | tail -3
	rm -rf "$prof"
	echo "coverage report: $(rel "$BUILD/coverage-html")/index.html"
}

# orderings [--api A] --variant V [--against W] [--runs N] [--seed S]: the
# ordering class of each API call, observed over the family's corpus
# scenarios and N seeded programs (src/memory/orderings.c), against the
# documented one and W's. V and W take every form (built-in, PATH, TREE,
# TREE@REV, --patch): W's table is observed first, by its own tool.
cmd_orderings() {
	local against="" runs=20000 seed=1 rest=() scn table out rc
	variant_flags "$@"; set -- "${VF_REST[@]}"
	default_variant
	while [ $# -gt 0 ]; do
		case "$1" in
		--against) [ $# -ge 2 ] || die "--against needs a variant"; against=$2; shift 2;;
		--runs) need_num --runs "${2:-}" 0 1000000000; runs=$2; shift 2;;
		--seed) need_num --seed "${2:-}" 0 4294967295; seed=$2; shift 2;;
		*) die "orderings: unknown flag $1 (see ./build.sh help)";;
		esac
	done
	need_pkgs
	build_plain
	mapfile -t scn < <(family_scenarios "$VF_API")
	table=$(mktemp "$BUILD/orderings.XXXXXX") || die "cannot create a file in $BUILD"
	if [ -n "$against" ]; then
		resolve_variant "$VF_API" "$against"
		TOOL=$(variant_tool) || { rm -f "$table"; exit 2; }
		"$TOOL" orderings --api "$VF_API" --variant "$V_NAME" --runs "$runs" --seed "$seed" \
			--save-table "$table" "${scn[@]}" >/dev/null 2>&1 ||
			{ rm -f "$table"; die "orderings: --against $against: its table could not be observed"; }
		rest=(--against-table "$table" --against-name "$V_NAME")
	fi
	resolve_variant "$VF_API" "$VF_SPEC" "${VF_PATCHES[@]}"
	TOOL=$(variant_tool) || { rm -f "$table"; exit 2; }
	out=$("$TOOL" orderings --api "$VF_API" --variant "$V_NAME" --runs "$runs" --seed "$seed" \
		"${rest[@]}" "${scn[@]}" 2>&1); rc=$?
	rm -f "$table"
	[ $rc = 0 ] && [ -n "$out" ] || die "orderings: no table for $V_NAME (exit $rc): $(tail -1 <<<"$out")"
	printf '%s\n' "$out"
}

# tool CMD [--api A] --variant SPEC [--patch P]... ARGS...: pageref CMD on
# the variant in any form (resolved as fuzz resolves it, built and cached)
cmd_tool() {
	local cmd=$1; shift
	variant_flags "$@"
	[ -n "$VF_SPEC" ] || die "$cmd: --variant is required"
	need_pkgs
	NINJA_TARGETS=pageref build_plain
	resolve_variant "$VF_API" "$VF_SPEC" "${VF_PATCHES[@]}"
	TOOL=$(variant_tool) || exit 2
	exec "$TOOL" "$cmd" --api "$VF_API" --variant "$V_NAME" "${VF_REST[@]}"
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
	# another family: its mutants' scoreboard (bench/family_mutants.sh)
	if [ "${1:-}" = --api ] && [ "${2:-page_ref}" != page_ref ]; then
		build_plain
		"$ROOT/bench/family_mutants.sh" "$@"
		return
	fi
	"$ROOT/bench/scoreboard.sh" "$@"
}

# report FINDING_DIR: the lkml block at the top of the finding's report.txt
REPORT_MARK="=== full report (pageref-fuzz) ==="
cmd_report() {
	local dir=${1:-}
	[ $# = 1 ] || die "report: expected one finding directory (findings/<variant>/<title>/)"
	[ -f "$dir/report.txt" ] || die "report: $dir: no report.txt (expected findings/<variant>/<title>/)"
	grep -qxF "$REPORT_MARK" "$dir/report.txt" ||
		die "report: $dir/report.txt has no lkml block (filed before it existed; replay it instead)"
	sed "/^$REPORT_MARK\$/,\$d" "$dir/report.txt"
}

# ---- the OSS-Fuzz / ClusterFuzzLite build contract ---------------------------
# With $CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $OUT set (as OSS-Fuzz's
# and ClusterFuzzLite's builders set them): one target per built-in variant
# in $OUT, each with <target>_seed_corpus.zip (the corpus scenarios),
# <target>.dict and <target>.options. Run as `./build.sh oss-fuzz`.
# oss_fuzz_variant TOOL ID: "FAMILY VARIANT" of the built-in whose build id
# (variant_id) is ID
oss_fuzz_variant() {
	local d V_API V_NAME
	for d in "$ROOT"/src/family/*/variants.txt; do
		V_API=$(basename "$(dirname "$d")")
		for V_NAME in $(ASAN_OPTIONS=detect_leaks=0 "$1" list --api "$V_API" --quiet); do
			[ "$(variant_id)" = "$2" ] && { echo "$V_API $V_NAME"; return; }
		done
	done
}

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
		local scn id=${name#pageref_fuzz_} wname=none fam="" vname=""
		case "$id" in *_world_*) wname=${id##*_world_}; wname=${wname//_/-}; id=${id%_world_*};; esac
		# which family's variant the target is: its id as variant_id makes it
		read -r fam vname < <(oss_fuzz_variant "$tooldir/pageref" "$id")
		[ -n "$vname" ] || die "oss-fuzz: $name: no built-in variant has the id $id"
		# the tool inherits $CFLAGS (a sanitizer, maybe): it only compiles here
		local scns=()
		mapfile -t scns < <(ASAN_OPTIONS=detect_leaks=0 family_scenarios "$fam" "$tooldir/pageref")
		for scn in "${scns[@]}"; do
			ASAN_OPTIONS=detect_leaks=0 "$tooldir/pageref" compile --quiet --api "$fam" --variant "$vname" "$scn" \
				"$seeds/raw-$(basename "$scn" .scn)" 2>/dev/null &&
				ASAN_OPTIONS=detect_leaks=0 "$tooldir/pageref" canon --api "$fam" --world "$wname" \
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
"") cmd_fuzz;;
--*) cmd_fuzz "$@";;	# the main job with flags: ./build.sh --time 30
oss-fuzz) shift; cmd_oss_fuzz;;
fuzz) shift; cmd_fuzz "$@";;
cmin) shift; cmd_cmin "$@";;
test) shift; [ $# = 0 ] || die "test takes no flags"; cmd_test;;
bench) shift; cmd_bench "$@";;
scoreboard) shift; cmd_scoreboard "$@";;
coverage) shift; cmd_coverage "$@";;
reproduce) shift; cmd_reproduce "$@";;
replay|explore|minimize|check) c=$1; shift; cmd_tool "$c" "$@";;
tool) shift; [ $# -ge 1 ] || die "tool: which pageref command?"; cmd_tool "$@";;
litmus) shift; cmd_litmus "$@";;
orderings) shift; cmd_orderings "$@";;
report) shift; cmd_report "$@";;
results) shift; exec "$ROOT/bench/results.sh" "$@";;
file) shift; cmd_file "$@";;
help|-h|--help) usage;;
*) usage >&2; die "unknown command '$1'";;
esac
