#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tree_inputs.sh BUILD.SH: --variant TREE@REV reads a git tree at a revision
# (never its working copy), and every bad --variant/--patch input is one
# clear line and exit 2, leaving nothing half-built: the next run works.
set -u
buildsh=$1
root=$(cd "$(dirname "$buildsh")" && pwd)
work=$(mktemp -d); touch "$work/started"
# the variants made from this test's temporary sources go with them
cleanup() {
	local d
	for d in "${PAGEREF_BUILD_DIR:-$(cd "$(dirname "$buildsh")" && pwd)/build}"/variants/*/; do
		grep -qF "$work" "$d/source.txt" 2>/dev/null && rm -rf "$d"
	done
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# ---- TREE@REV: two revisions of one repository, then the working copy broken
repo="$work/linux"
mkdir -p "$repo" && cp -r "$root/tests/trees/linux-next/include" "$repo/"
git -C "$repo" init -q && git -C "$repo" -c user.name=t -c user.email=t@t add -A &&
	git -C "$repo" -c user.name=t -c user.email=t@t commit -qm base || fail "git init"
cp "$root"/tests/trees/series-v4/include/linux/*.h "$repo/include/linux/"
git -C "$repo" -c user.name=t -c user.email=t@t commit -qam series || fail "git commit"
git -C "$repo" tag series
echo 'this does not compile' > "$repo/include/linux/page_ref.h"	# must not be read
"$root/tests/tree_matrix.sh" "$buildsh" upstream "$repo@HEAD~1" || fail "$repo@HEAD~1"
"$root/tests/tree_matrix.sh" "$buildsh" v4 "$repo@series" || fail "$repo@series"
[ "$(cat "$repo/include/linux/page_ref.h")" = 'this does not compile' ] || fail "the working copy changed"

# ---- bad input: one line, exit 2
bad() {	# EXPECTED-TEXT ARGS...: the error names what is wrong
	local want=$1 out rc errs; shift
	out=$("$buildsh" fuzz --runs 1 --corpus "$work/corpus" "$@" 2>&1); rc=$?
	errs=$(grep -c '^build.sh:' <<<"$out")
	[ $rc = 2 ] || fail "$* exited $rc, not 2: $out"
	[ "$errs" = 1 ] || fail "$*: $errs error lines: $out"
	grep -q -e cmake -e ninja: -e CMake <<<"$out" && fail "$*: build-system noise: $out"
	grep '^build.sh:' <<<"$out" | grep -qF -- "$want" || fail "$*: error does not say '$want': $out"
	echo "ok: $(grep '^build.sh:' <<<"$out")"
}
echo 'just text' > "$work/notes.txt"
bad "neither a header file nor a kernel tree" --variant "$work/notes.txt"
bad "no such file, directory or built-in variant" --variant "$work/nothing-here"
mkdir -p "$work/empty-tree/include/linux"
bad "no include/linux/page_ref.h" --variant "$work/empty-tree"
bad "no revision 'v9.99'" --variant "$repo@v9.99"
bad "is not a git tree" --variant "$work/empty-tree@HEAD"
printf -- '--- a/include/linux/page_ref.h\n+++ b/include/linux/page_ref.h\n@@ -1,3 +1,3 @@ nowhere\n static inline int no_such_function(void)\n-{\n+{ \n' > "$work/stale.patch"
bad "hunk 1 of include/linux/page_ref.h" --variant "$root/tests/trees/linux-next" --patch "$work/stale.patch"
# a header that does not compile: the compiler's first error at its file:line
mkdir -p "$work/broken/include/linux"
sed '/^static inline int page_ref_count/,/^}/s/return atomic_read(&page->_refcount);/return atomic_read(\&page->_refcount)/' \
	"$root/tests/trees/writable/include/linux/page_ref.h" > "$work/broken/include/linux/page_ref.h"
line=$(grep -n 'return atomic_read(&page->_refcount)$' "$work/broken/include/linux/page_ref.h" | cut -d: -f1)
bad "$work/broken/include/linux/page_ref.h:$line:" --variant "$work/broken"
# a tree that lacks a definition page_ref.h needs: the symbol and the files searched
mkdir -p "$work/nobit/include/linux"
cp "$root/tests/trees/series-v4/include/linux/page_ref.h" "$work/nobit/include/linux/"
bad "PAGEREF_FROZEN_BIT (used at $work/nobit/include/linux/page_ref.h:" --variant "$work/nobit"
# a header without an API the world calls (as a 2021 hardening RFC renamed set_page_count)
mkdir -p "$work/noset/include/linux"
sed 's/\bset_page_count\b/set_page_count_renamed/g' "$root/tests/trees/writable/include/linux/page_ref.h" \
	> "$work/noset/include/linux/page_ref.h"
bad "set_page_count (needed by the harness's world) is defined neither by the shim nor in" --variant "$work/noset"
# (this test's: one a killed run left earlier is not its doing)
left=$(find "$root/build/variants" "${PAGEREF_BUILD_DIR:-$root/build}/variants" -maxdepth 1 -name '.staging.*' \
	-newer "$work/started" 2>/dev/null)
[ -z "$left" ] || fail "staging directories left behind: $left"
# nothing half-built: the next run of a good tree works
"$root/tests/tree_matrix.sh" "$buildsh" upstream "$root/tests/trees/writable" || fail "a good tree after bad ones"
