#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# header_crash.sh PAGEREF CORPUS_DIR [asan]: a crash or a hang in the header is a
# finding with a title of its own and its trace, never "no finding"
# (tests/variants/*-inc.patch: page_ref_inc dereferencing NULL, calling
# abort(), recursing into the stack's guard page, spinning on an atomic,
# spinning without one). --runs bounds the run; the reproducer replays to the
# same title; the tool exits 1 and the process lives on. The same on real
# threads (stress --real, threads): each crash or hang ends its run, not the
# process. With asan, PAGEREF is the ASan+UBSan build (skipped, 77, when
# absent): UBSan sees the NULL dereference before it happens and reports it
# itself (the sanitizer's report is the finding there); the rest are ours.
set -u
pageref=$1 corpus=$2 mode=${3:-plain} fail=0
[ -x "$pageref" ] || { echo "no build at $pageref"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# the watchdog's limit in CPU seconds: an endless loop trips any limit
export PAGEREF_WATCHDOG=1
clean=$corpus/zero-then-get.scn	# never calls page_ref_inc
crash=$(dirname "$0")/crash/page-ref-inc.scn	# CPU0 calls it on every schedule
check() { # check VARIANT TITLE
	local v=$1 want=$2 out rc title repro
	mkdir -p "$work/$v"
	out=$("$pageref" stress --variant "$v" --runs 1000 --seed 1 --save "$work/$v" 2>&1); rc=$?
	title=$(sed -n 's/^run [0-9]*: //p' <<<"$out" | head -1)
	# the summary line: the process outlived the crash
	if [ $rc != 1 ] || [ "$title" != "$want" ] || ! grep -qF "==> $want" <<<"$out" ||
	   ! grep -q "^stress: variant $v, [0-9]* runs, 1 finding" <<<"$out"; then
		echo "FAIL $v: stress exit $rc, title '$title', want '$want' with its trace"; fail=1; return
	fi
	repro=$(ls "$work/$v"/*.bin)
	# twice in one process: the stacks and handlers serve again after a crash
	out=$("$pageref" replay --quiet --variant "$v" "$repro" "$repro" 2>&1); rc=$?
	[ $rc = 1 ] && [ "$out" = "$repro: $want"$'\n'"$repro: $want" ] ||
		{ echo "FAIL $v: replay exit $rc: $out"; fail=1; return; }
	# --runs: the runs before the first crash are run, and nothing more
	out=$("$pageref" stress --variant "$v" --runs 2 --seed 1 --quiet 2>&1); rc=$?
	[ $rc = 0 ] && grep -q "^stress: variant $v, 2 runs, 0 finding" <<<"$out" ||
		{ echo "FAIL $v: --runs 2: exit $rc: $out"; fail=1; return; }
	echo "ok   $v: $want (stress and replay exit 1)"
}
# check_real VARIANT TITLE RUNS: the same on real threads, where the CPU
# and the function are named in the report, and threads goes on to the next
# run and the next input after each crash or hang
check_real() {
	local v=$1 want=$2 runs=$3 out rc
	out=$("$pageref" stress --real --variant "$v" --runs 1000 --seed 1 --quiet 2>&1); rc=$?
	if [ $rc != 1 ] || [ "$(sed -n 's/^run [0-9]*: //p' <<<"$out" | head -1)" != "$want (real threads)" ] ||
	   ! grep -q '^CPU[0-9]' <<<"$out" || ! grep -q 'last atomic entered: [a-z_]* in page_ref_inc ' <<<"$out" ||
	   ! grep -q "^stress: variant $v, [0-9]* runs, 1 finding" <<<"$out"; then
		echo "FAIL $v: stress --real exit $rc, want '$want':"; head -5 <<<"$out"; fail=1; return
	fi
	out=$("$pageref" threads --variant "$v" --runs "$runs" "$crash" "$clean" 2>&1); rc=$?
	if [ $rc != 1 ] || grep -q '^    also' <<<"$out" ||
	   ! grep -qF "$crash: $v: reproduced in $runs of $runs real-thread runs (fibers: $want)" <<<"$out" ||
	   ! grep -qF "$clean: $v: fibers: no finding; real threads: $runs of $runs runs clean" <<<"$out"; then
		echo "FAIL $v: threads exit $rc, want '$want':"; cat <<<"$out"; fail=1; return
	fi
	echo "ok   $v on real threads: $want (stress --real and threads exit 1)"
}
if [ "$mode" = asan ]; then
	out=$("$pageref" stress --variant test-null-inc --runs 1000 --seed 1 --quiet 2>&1); rc=$?
	if [ $rc = 0 ] || ! grep -q 'runtime error: member access within null pointer' <<<"$out" ||
	   ! grep -q '#0 .* in page_ref_inc ' <<<"$out"; then
		echo "FAIL test-null-inc: want UBSan's report in page_ref_inc, exit $rc:"; head -5 <<<"$out"; fail=1
	else
		echo "ok   test-null-inc: UBSan's report: member access within null pointer in page_ref_inc"
	fi
else
	check test-null-inc "general protection fault in page_ref_inc"
	"$pageref" check --quiet "$crash" >/dev/null || { echo "FAIL: check $crash"; fail=1; }
fi
check test-abort-inc "kernel panic: abort in page_ref_inc"
check test-recurse-inc "BUG: stack guard page was hit in page_ref_inc"
check test-spin-inc "BUG: soft lockup in page_ref_inc"
check test-hang-inc "BUG: soft lockup in page_ref_inc"
[ "$mode" = asan ] || check_real test-null-inc "general protection fault in page_ref_inc" 20
check_real test-abort-inc "kernel panic: abort in page_ref_inc" 20
check_real test-recurse-inc "BUG: stack guard page was hit in page_ref_inc" 20
# each hang costs the watchdog's CPU second: a few runs
check_real test-spin-inc "BUG: soft lockup in page_ref_inc" 3
# the same variant is clean where page_ref_inc is never called, and the
# process survives many crashing runs (minimisation reruns the crash)
v=test-null-inc want="general protection fault in page_ref_inc"
[ "$mode" = asan ] && v=test-abort-inc want="kernel panic: abort in page_ref_inc"
out=$("$pageref" minimize --quiet --variant $v "$(ls "$work/$v"/*.bin)" 2>&1)
grep -q "^expect $v $want\$" <<<"$out" ||
	{ echo "FAIL: minimising $v: $out"; fail=1; }
exit $fail
