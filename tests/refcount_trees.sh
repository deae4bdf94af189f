#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# refcount_trees.sh BUILD.SH: the refcount family read from kernel trees.
# The trees are made here from the built-in variants, each cut into the
# kernel's files at its section markers (include/linux/refcount.h,
# lib/refcount.c, include/linux/kref.h), so nothing of a kernel is in the
# repository:
#  1. a v4.19-shaped tree (REFCOUNT_FULL in lib/refcount.c) builds through
#     build.sh --api refcount and gives the built-in v4.19's verdict on every
#     refcount scenario of the corpus;
#  2. a refcount.h alone (upstream's, by path) is completed by the harness's
#     rendition of lib/refcount.c and kref.h, says so, and gives upstream's;
#  3. TREE@REV: a git tree whose first commit is v4.19's files and second
#     v5.4's (47b8f3ab9c49's acquire) shows bug A at the first, not the second;
#  4. bad input: a tree without refcount.h, a header of another family: one
#     line, exit 2;
#  5. a finding on a tree: report.txt opens with the lkml block (80 columns,
#     the tree named by its directory, lib/refcount.c:LINE per step).
# The build directory is the suite's (PAGEREF_BUILD_DIR).
set -u
buildsh=$1
root=$(cd "$(dirname "$buildsh")" && pwd)
build=${PAGEREF_BUILD_DIR:-$root/build}
plain=$build/plain
# the trees live in the build directory, rewritten each run with the same
# content at the same place: the variants' names (their source and content)
# stay the same, so their builds are cached from one run to the next
work=$build/refcount-test-trees
rm -rf "$work" && mkdir -p "$work" || exit 2
trap 'rm -rf "$work/findings" "$work/corpus"' EXIT
. "$root/tests/lib.sh"	# fail, cut_tree
scn=("$root"/corpus/scenarios/refcount-*.scn)

"$buildsh" replay --api refcount --variant upstream --quiet "${scn[0]}" >/dev/null 2>&1	# the plain build
v54="$plain/variants/refcount-v5.4.h"
[ -f "$v54" ] || { echo "FAIL: no $v54 (the built-in v5.4, a patch variant)"; exit 1; }
cut_tree "$root/src/family/refcount/variants/v4.19.h" "$work/v4.19" include/linux/refcount.h
cut_tree "$v54" "$work/v5.4" include/linux/refcount.h
mkdir -p "$work/lone" && cut_tree "$root/src/family/refcount/variants/upstream.h" "$work/up" include/linux/refcount.h &&
	cp "$work/up/include/linux/refcount.h" "$work/lone/refcount.h"

# 1, 2: the same verdicts as the built-in of the same semantics
same() {	# same BUILTIN SPEC
	local want got err
	want=$("$buildsh" replay --api refcount --variant "$1" --quiet "${scn[@]}" 2>/dev/null)
	got=$("$buildsh" replay --api refcount --variant "$2" --quiet "${scn[@]}" 2>"$work/err")
	err=$(grep '^build.sh:' "$work/err")
	[ -z "$err" ] || { fail "$2 does not build: $err"; return; }
	[ -n "$want" ] && [ "$want" = "$got" ] || { fail "$2 differs from $1:"; diff <(echo "$want") <(echo "$got") | head; return; }
	echo "ok: $(basename "$2") gives $1's verdicts on ${#scn[@]} scenarios ($(grep -vc ': no finding' <<<"$got") not clean)"
}
same v4.19 "$work/v4.19"
same upstream "$work/lone/refcount.h"
about=$(grep -h -A3 '^Variant: file refcount.h' "$build"/variants/refcount-refcount-*/about.txt 2>/dev/null)
grep -q "^Harness: lib/refcount.c, include/linux/kref.h not beside the header" <<<"$about" ||
	fail "a lone refcount.h: about.txt does not say the harness completed it ($about)"

# 3: TREE@REV, bug A before 47b8f3ab9c49 and not after
export GIT_AUTHOR_DATE="2019-01-01T00:00:00Z" GIT_COMMITTER_DATE="2019-01-01T00:00:00Z"
git init -q "$work/git" && cp -r "$work/v4.19/." "$work/git/" &&
	git -C "$work/git" add -A && git -C "$work/git" -c user.name=t -c user.email=t@t commit -qm "v4.19-like" &&
	git -C "$work/git" tag before-acquire &&
	cp -r "$work/v5.4/." "$work/git/" && git -C "$work/git" add -A &&
	git -C "$work/git" -c user.name=t -c user.email=t@t commit -qm "dec_and_test: acquire on success" &&
	git -C "$work/git" tag after-acquire || fail "cannot make the git tree"
a="$root/corpus/scenarios/refcount-last-put-acquire.scn"
t1=$("$buildsh" replay --api refcount --variant "$work/git@before-acquire" --quiet "$a" 2>&1 | tail -1)
t2=$("$buildsh" replay --api refcount --variant "$work/git@after-acquire" --quiet "$a" 2>&1 | tail -1)
grep -q ': BUG: stale object contents after the last put in kref_put$' <<<"$t1" ||
	fail "TREE@before-acquire: '$t1' (expected bug A)"
grep -q ': no finding$' <<<"$t2" || fail "TREE@after-acquire: '$t2' (expected no finding)"
[ $failed = 1 ] || echo "ok: TREE@REV: bug A before the acquire, clean after"

# 4: bad input, one line and exit 2
bad() {	# bad WHAT EXPECTED-TEXT ARGS...
	local what=$1 want=$2 out rc; shift 2
	out=$("$buildsh" replay "$@" --quiet "$a" 2>&1); rc=$?
	[ $rc = 2 ] && grep -q "^build.sh: .*$want" <<<"$out" && [ "$(grep -c '^build.sh:' <<<"$out")" = 1 ] ||
		{ fail "$what: exit $rc: $out"; return; }
	echo "ok: $what: $(grep '^build.sh:' <<<"$out")"
}
bad "a page_ref tree as refcount" "no include/linux/refcount.h in it" --api refcount --variant "$root/tests/trees/pre-folio"
bad "a page_ref.h as refcount" "not a refcount.h" --api refcount --variant "$root/shim/variants/upstream.h"
bad "a refcount tree as page_ref" "no include/linux/page_ref.h in it" --variant "$work/v4.19"

# 5: a finding's lkml block
out=$(PAGEREF_FINDINGS_DIR="$work/findings" "$buildsh" fuzz --api refcount --variant "$work/v4.19" \
	--memory weak --runs 300 --corpus "$work/corpus" 2>&1); rc=$?
[ $rc = 1 ] || fail "campaign on the v4.19 tree exited $rc (expected 1: bug A): $(tail -3 <<<"$out")"
dir=$(ls -d "$work"/findings/*/*/ 2>/dev/null | head -1)
# the variant's directory is its name, as the campaign's Name: line says
name=$(sed -n 's/^Name: *//p' <<<"$out" | head -1)
[ -n "$name" ] && [ -d "$work/findings/$name" ] ||
	fail "findings directory is not the variant's name '$name': $(ls "$work/findings")"
if [ -n "$dir" ]; then
	block=$("$buildsh" report "$dir") || fail "./build.sh report $dir failed"
	[ -z "$(awk 'length($0) > 80' <<<"$block")" ] || fail "lkml block: lines over 80 columns"
	head -1 <<<"$block" | grep -q '^pageref-fuzz: BUG: stale object contents after the last put in ' ||
		fail "lkml block: title line: $(head -1 <<<"$block")"
	grep -q '^Variant: tree v4.19$' <<<"$block" || fail "lkml block: the tree is not named by its directory"
	grep -q "$work" <<<"$block" && fail "lkml block: names a local path"
	grep -qE ' refcount\.c:[0-9]+$' <<<"$block" || fail "lkml block: no lib/refcount.c:LINE per step"
	[ $failed = 1 ] || echo "ok: lkml block of $(basename "$dir"), $(wc -l <<<"$block") lines"
fi
exit $failed
