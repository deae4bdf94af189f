#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# header_crash.sh PAGEREF: a crash or a hang in the header is a finding with
# a title of its own and its trace, never "no finding" (tests/variants/*-inc.patch:
# page_ref_inc dereferencing NULL, calling abort(), spinning on an atomic,
# spinning without one). --runs bounds the run; the reproducer replays to the
# same title; the tool exits 1.
set -u
pageref=$1 fail=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# the watchdog's limit in CPU seconds: an endless loop trips any limit
export PAGEREF_WATCHDOG=1
check() { # check VARIANT TITLE
	local v=$1 want=$2 out rc title repro
	mkdir -p "$work/$v"
	out=$("$pageref" stress --variant "$v" --runs 1000 --seed 1 --save "$work/$v" 2>&1); rc=$?
	title=$(sed -n 's/^run [0-9]*: //p' <<<"$out" | head -1)
	if [ $rc != 1 ] || [ "$title" != "$want" ] || ! grep -qF "==> $want" <<<"$out"; then
		echo "FAIL $v: stress exit $rc, title '$title', want '$want' with its trace"; fail=1; return
	fi
	repro=$(ls "$work/$v"/*.bin)
	out=$("$pageref" replay --quiet --variant "$v" "$repro" 2>&1); rc=$?
	[ $rc = 1 ] && [ "$out" = "$repro: $want" ] ||
		{ echo "FAIL $v: replay exit $rc: $out"; fail=1; return; }
	# --runs: the runs before the first crash are run, and nothing more
	out=$("$pageref" stress --variant "$v" --runs 2 --seed 1 --quiet 2>&1); rc=$?
	[ $rc = 0 ] && grep -q "^stress: variant $v, 2 runs, 0 finding" <<<"$out" ||
		{ echo "FAIL $v: --runs 2: exit $rc: $out"; fail=1; return; }
	echo "ok   $v: $want (stress and replay exit 1)"
}
check test-null-inc "general protection fault in page_ref_inc"
check test-abort-inc "kernel panic: abort in page_ref_inc"
check test-spin-inc "BUG: soft lockup in page_ref_inc"
check test-hang-inc "BUG: soft lockup in page_ref_inc"
# the same variant is clean where page_ref_inc is never called, and the
# process survives many crashing runs (minimisation reruns the crash)
out=$("$pageref" minimize --quiet --variant test-null-inc "$(ls "$work/test-null-inc"/*.bin)" 2>&1)
grep -q '^expect test-null-inc general protection fault in page_ref_inc$' <<<"$out" ||
	{ echo "FAIL: minimising the NULL dereference: $out"; fail=1; }
exit $fail
