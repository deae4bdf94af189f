#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# front_door.sh BUILD.SH BUILD_DIR: the main job never surprises.
#  1. ./build.sh FLAGS is the main job with those flags;
#  2. numbers out of range and --jobs above the cores are one-line errors,
#     exit 2, before anything runs (--seed 99999999999999999999 used to
#     abort inside libFuzzer and exit 0);
#  3. an unwritable findings directory is an error before the fuzzing;
#  4. SIGTERM and SIGINT, once the campaign reports progress, stop it
#     (not a time bound): it files what it found, says "interrupted", exits 143/130
#     (1 if it found something) and leaves no temporary file or directory;
#  5. --first ends a campaign at its first new finding, filed, exit 1;
#  6. --runs far below the corpus size does not replay the corpus.
set -u
. "$(dirname "$0")/lib.sh"
buildsh=$1 build=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PAGEREF_BUILD_DIR=$build PAGEREF_FINDINGS_DIR="$work/findings"
campaigns() { ls -d "$build"/campaigns/* 2>/dev/null | grep -vxF -- "$before"; }
before=$(ls -d "$build"/campaigns/* 2>/dev/null)

# 1. flags without a command: the main job
out=$("$buildsh" --runs 2000 --corpus "$work/c1" 2>&1); rc=$?
grep -q '^summary: variant v4, engine libfuzzer, jobs 1, .* 2[0-9]\{3\} runs in' <<<"$out" ||
	fail "./build.sh --runs 2000 is not the main job (exit $rc): $(tail -2 <<<"$out")"

# 2. one line, exit 2
one_line() {	# WANT ARGS...
	local want=$1 o r; shift
	o=$("$buildsh" "$@" 2>&1); r=$?
	[ $r = 2 ] && [ "$(wc -l <<<"$o")" = 1 ] && grep -q -- "$want" <<<"$o" ||
		fail "$*: exit $r, want 2 and one line with '$want': $o"
}
one_line "--seed 99999999999999999999: expected a number from 0 to 4294967295" --seed 99999999999999999999 --runs 10
one_line "--jobs 1000: this machine has" fuzz --jobs 1000 --runs 10
one_line "--runs 0: expected a number" fuzz --runs 0
one_line "--time 99999999999: expected a number" --time 99999999999

# 3. the findings directory is checked first
touch "$work/afile"
out=$(PAGEREF_FINDINGS_DIR="$work/afile/f" "$buildsh" fuzz --time 60 --corpus "$work/c1" 2>&1); rc=$?
[ $rc = 2 ] && grep -q 'findings directory .*cannot be created or written' <<<"$out" && ! grep -q '^summary' <<<"$out" ||
	fail "an unwritable findings directory: exit $rc: $(tail -1 <<<"$out")"

# 4. signals, sent once the campaign reports progress (its traps are set)
tmp_before=$(ls -d /tmp/libFuzzerTemp.* 2>/dev/null | wc -l)
# started_then SIG PID LOG: wait for LOG's first progress line, send SIG, reap
started_then() {
	for _ in $(seq 120); do grep -q '^progress: ' "$3" && break; sleep 0.5; done
	kill "-$1" "$2"
	wait "$2"
}
"$buildsh" fuzz --variant v4 --time 120 --corpus "$work/c2" >"$work/term" 2>&1 &
started_then TERM $! "$work/term"; rc=$?
grep -q '^summary (interrupted by SIGTERM): ' "$work/term" || fail "SIGTERM: no interrupted summary: $(tail -2 "$work/term")"
[ $rc = 143 ] || fail "SIGTERM: exit $rc, want 143"
set -m	# a background job of a shell with job control gets SIGINT
"$buildsh" fuzz --variant v4 --time 120 --corpus "$work/c3" >"$work/int" 2>&1 &
pid=$!
set +m
started_then INT "$pid" "$work/int"; rc=$?
[ $rc = 130 ] || fail "SIGINT: exit $rc, want 130"
grep -q '^summary (interrupted by SIGINT): ' "$work/int" || fail "SIGINT: no interrupted summary: $(tail -2 "$work/int")"
[ -z "$(campaigns)" ] || fail "campaign directories left: $(campaigns)"
[ "$(ls -d /tmp/libFuzzerTemp.* 2>/dev/null | wc -l)" = "$tmp_before" ] || fail "libFuzzer temporary files left in /tmp"

# 5. --first: the first new finding ends it
t0=$SECONDS
out=$("$buildsh" fuzz --variant rfc --first --time 120 --corpus "$work/c4" 2>&1); rc=$?
n=$(grep -c '^FOUND: ' <<<"$out")
[ $rc = 1 ] && [ "$n" -ge 1 ] && [ $((SECONDS - t0)) -lt 100 ] ||
	fail "--first: exit $rc, $n finding(s), $((SECONDS - t0)) s: $(tail -2 <<<"$out")"

# 6. the edit loop: --runs 1 against a corpus of hundreds does not replay it
out=$("$buildsh" fuzz --variant v4 --runs 1 --corpus "$work/c1" 2>&1)
grep -q 'corpus not replayed (--runs 1 < 10 x its' <<<"$out" || fail "--runs 1 replayed the corpus: $(tail -1 <<<"$out")"
[ $failed = 0 ] && echo "ok: the main job takes flags; bad numbers are one line; SIGTERM/SIGINT stop cleanly; --first stops at a finding; --runs 1 skips the corpus"
exit $failed
