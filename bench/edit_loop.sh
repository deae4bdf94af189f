#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# edit_loop.sh [CHECKOUT]: the edit-fuzz loop a kernel developer lives in,
# timed from start to exit of `./build.sh fuzz --variant my.h --runs 1`
# (a benchmark, not a test: it prints seconds, it asserts nothing).
#   cold: a header never seen before (the shared objects already built once)
#   warm: the same header again, unchanged
# CHECKOUT defaults to this one; its build directory is a fresh one under
# $TMPDIR so the figures do not depend on what was built before, except the
# shared objects, which are built once first (not timed).
set -u
root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PAGEREF_BUILD_DIR="$work/build" PAGEREF_FINDINGS_DIR="$work/findings"
mkdir -p "$work/my"
# the shared objects (built-in variants, libraries): built once, not timed
nice -n 10 "$root/build.sh" fuzz --variant v4 --runs 1 --corpus "$work/c0" >/dev/null 2>&1
cp "$root/shim/variants/upstream.h" "$work/my/my.h"
run() {
	local t0 t1
	t0=$(date +%s.%N)
	nice -n 10 "$root/build.sh" fuzz --variant "$work/my/my.h" --runs 1 --corpus "$work/c1" >"$work/$1.log" 2>&1
	t1=$(date +%s.%N)
	printf '%s: %.1f s (exit %s)\n' "$1" "$(echo "$t1 - $t0" | bc)" "$(tail -1 "$work/$1.log" | cut -c1-60)"
}
run cold
run warm
# an edit: one comment line added, so the content (and only it) changes
echo '/* edited */' >> "$work/my/my.h"
run edited
