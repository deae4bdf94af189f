#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rcuref_trees.sh BUILD.SH: the rcuref family on kernel trees (--api rcuref).
#  1. Each test tree (include/linux/rcuref.h and lib/rcuref.c, cut here from
#     the built-ins v6.4 and upstream at their section marker, so no kernel
#     copy is kept) builds unmodified and gives, on every rcuref scenario,
#     the verdict of the built-in it was cut from.
#  2. TREE@REV: a git tree made here, the v6.4 code, then the fix of bug B
#     (b9a49520679e's change, as the upstream files): the bug's scenario
#     shows the false "imbalanced put()" WARNING at the commit before the
#     fix (exit 1) and nothing at the fix (exit 0).
#  3. Bad input says why in one line and exits 2: a tree without rcuref.h,
#     one without lib/rcuref.c, a page_ref.h, a refcount.h.
#  4. A campaign on the v6.4 tree files bug B; the finding's lkml block
#     (./build.sh report) is at most 80 columns, names the tree by its
#     directory and cites rcuref.h/rcuref.c lines in its trace.
# The build directory is the suite's own (PAGEREF_BUILD_DIR).
set -u
buildsh=$1
root=$(cd "$(dirname "$buildsh")" && pwd)
trees=$root/tests/trees
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
scn=("$root"/corpus/scenarios/rcuref-*.scn)
. "$root/tests/lib.sh"	# cut_tree
# the trees live in the build directory, rewritten each run with the same
# content at the same place, so their builds are cached from run to run
rt=${PAGEREF_BUILD_DIR:-$root/build}/rcuref-test-trees
rm -rf "$rt" && mkdir -p "$rt" || exit 2
for v in v6.4 upstream; do
	cut_tree "$root/src/family/rcuref/variants/$v.h" "$rt/rcuref-$v" include/linux/rcuref.h
done

# 1. each tree is its built-in
for pair in rcuref-v6.4:v6.4 rcuref-upstream:upstream; do
	tree=${pair%%:*} same=${pair##*:}
	want=$("$buildsh" replay --api rcuref --variant "$same" --quiet "${scn[@]}" 2>"$work/err")
	got=$("$buildsh" replay --api rcuref --variant "$rt/$tree" --quiet "${scn[@]}" 2>>"$work/err")
	if grep -q '^build.sh:' "$work/err"; then bad "$tree: $(grep '^build.sh:' "$work/err")"; continue; fi
	if [ -z "$want" ] || [ "$want" != "$got" ]; then
		bad "$tree differs from the built-in $same:"; diff <(echo "$want") <(echo "$got") | head -10; continue
	fi
	echo "ok   $tree gives $same's verdict on all ${#scn[@]} rcuref scenarios ($(grep -vc ': no finding' <<<"$want") findings)"
done

# 2. TREE@REV, before and after the fix
repo=$work/linux
mkdir -p "$repo" && git -C "$repo" init -q
cp -r "$rt/rcuref-v6.4/." "$repo/"
git -C "$repo" add -A && git -C "$repo" -c user.name=t -c user.email=t@t commit -qm "v6.4 rcuref"
cp -r "$rt/rcuref-upstream/." "$repo/"
git -C "$repo" add -A && git -C "$repo" -c user.name=t -c user.email=t@t commit -qm "rcuref: Plug slowpath race in rcuref_put()"
b=$root/corpus/scenarios/rcuref-b9a49520-imbalanced-put.scn
for rev in HEAD~1:1:"WARNING in rcuref_put_slowpath" HEAD:0:"no finding"; do
	r=${rev%%:*} rest=${rev#*:} rc_want=${rest%%:*} title=${rest#*:}
	out=$("$buildsh" replay --api rcuref --variant "$repo@$r" --quiet "$b" 2>&1); rc=$?
	if [ $rc = "$rc_want" ] && [ "$(tail -1 <<<"$out")" = "$b: $title" ]; then
		echo "ok   linux@$r: $title (exit $rc)"
	else
		bad "linux@$r: exit $rc, want $rc_want and '$title': $(tail -2 <<<"$out")"
	fi
done

# 3. bad input: exit 2, one line naming what is wrong
mkdir -p "$work/half/include/linux" "$work/ref/include/linux"
cp "$rt/rcuref-v6.4/include/linux/rcuref.h" "$work/half/include/linux/"
printf 'typedef struct refcount_struct { atomic_t refs; } refcount_t;\nstatic inline bool refcount_inc_not_zero(refcount_t *r) { return true; }\n' \
	> "$work/ref/include/linux/rcuref.h"
for c in "$trees/linux-next|no include/linux/rcuref.h in it" "$work/half|has no lib/rcuref.c" \
	 "$root/shim/variants/v4.h|a file that is not a rcuref.h" "$work/ref|a refcount.h or kref.h, not an rcuref.h"; do
	v=${c%%|*} want=${c#*|}
	# (build.sh's own progress lines, "[build.sh] building ...", aside)
	"$buildsh" replay --api rcuref --variant "$v" "${scn[0]}" >"$work/out" 2>&1; rc=$?
	out=$(grep -v '^\[build.sh\] ' "$work/out")
	if [ $rc = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -qF -- "$want" <<<"$out"; then
		echo "ok   bad --variant $(basename "$v"): $out"
	else
		bad "--variant $v: exit $rc, want 2 and one line with '$want': $out"
	fi
done

# 4. a campaign on the v6.4 tree, and its lkml block
out=$(PAGEREF_FINDINGS_DIR="$work/findings" "$buildsh" fuzz --api rcuref --variant "$rt/rcuref-v6.4" \
	--runs 2000 --corpus "$work/corpus" 2>&1); rc=$?
dir=$(ls -d "$work"/findings/*/WARNING_in_rcuref_put_slowpath*/ 2>/dev/null | head -1)
if [ $rc != 1 ] || [ -z "$dir" ]; then
	bad "campaign on rcuref-v6.4: exit $rc, no WARNING in rcuref_put_slowpath: $(tail -5 <<<"$out")"
else
	block=$("$buildsh" report "$dir") || bad "./build.sh report $dir failed"
	wide=$(awk 'length($0) > 80' <<<"$block")
	[ -z "$wide" ] || bad "lines over 80 columns: $wide"
	head -1 <<<"$block" | grep -q '^pageref-fuzz: WARNING in rcuref_put_slowpath$' || bad "title line: $(head -1 <<<"$block")"
	grep -q '^Variant: tree rcuref-v6.4$' <<<"$block" || bad "the tree is not named by its directory"
	grep -q "$rt" <<<"$block" && bad "the block names a local path"
	grep -qE ' rcuref\.(h|c):[0-9]+$' <<<"$block" || bad "no rcuref.h/rcuref.c:LINE per step"
	grep -qF 'rcuref - imbalanced put()' <<<"$block" || bad "the WARNING's message is not in the block"
	[ $fail = 0 ] && echo "ok   campaign on rcuref-v6.4: WARNING in rcuref_put_slowpath, lkml block of $(wc -l <<<"$block") lines"
fi
exit $fail
