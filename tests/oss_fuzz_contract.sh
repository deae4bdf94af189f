#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# oss_fuzz_contract.sh BUILD.SH: build.sh with the OSS-Fuzz variables set puts
# a target, a seed corpus zip, a dictionary and an options file in $OUT for
# every built-in variant and for every variant x world option
# (pageref_fuzz_<v>_world_<option>: ClusterFuzzLite fuzzes every world); a
# target runs on its seed corpus; rfc's seeds already hold one of its bugs
# (the regression corpus), v4's do not, but v4's caller-dtor target's seeds
# hold the ABA of the v4 review: the world is the target's. Every target's
# seeds are its family's scenarios (upstream's are page_ref's, though
# refcount and rcuref have an upstream too).
set -u
buildsh=$1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export CC=clang CXX=clang++ OUT="$work/out" LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize=fuzzer-no-link"
export CXXFLAGS="-fsanitize=address"
PAGEREF_BUILD_DIR="$work/build" "$buildsh" oss-fuzz >"$work/log" 2>&1 || { cat "$work/log"; echo "FAIL: build"; exit 1; }
fail=0
for v in upstream v4 rfc v2_frozen_zero v2_inverted_assert alive_bit; do
	for t in $v ${v}_world_caller_dtor ${v}_world_misuse ${v}_world_overflow; do
		for f in pageref_fuzz_$t pageref_fuzz_${t}_seed_corpus.zip pageref_fuzz_$t.dict pageref_fuzz_$t.options; do
			[ -s "$OUT/$f" ] || { echo "FAIL: \$OUT/$f missing"; fail=1; }
		done
	done
done
for v in v4 rfc v4_world_caller_dtor upstream refcount_upstream rcuref_upstream; do
	mkdir -p "$work/seeds-$v" && (cd "$work/seeds-$v" && python3 -m zipfile -e "$OUT/pageref_fuzz_${v}_seed_corpus.zip" .)
	n=$(ls "$work/seeds-$v" | wc -l)
	ASAN_OPTIONS=detect_leaks=0 "$OUT/pageref_fuzz_$v" -runs=0 -dict="$OUT/pageref_fuzz_$v.dict" \
		"$work/seeds-$v" >"$work/run-$v" 2>&1; rc=$?
	echo "$v: $n seeds, exit $rc, $(grep -c PAGEREF-FINDING "$work/run-$v") finding(s)"
	# each target's seeds are its own family's scenarios, compiled for its variant
	[ "$n" -gt 0 ] || { echo "FAIL: $v: an empty seed corpus"; fail=1; }
	if [ $v = v4 ] && [ $rc != 0 ]; then echo "FAIL: v4 seeds crash"; fail=1; fi
	if [ $v = rfc ] && ! grep -q 'PAGEREF-FINDING' "$work/run-$v"; then echo "FAIL: rfc seeds find nothing"; fail=1; fi
	if [ $v = v4_world_caller_dtor ] && ! grep -q 'PAGEREF-FINDING: BUG: file destructor run on hugetlb folio' "$work/run-$v"; then
		echo "FAIL: v4's caller-dtor target does not find the ABA in its seeds"; fail=1
	fi
done
[ $fail = 0 ] && echo "ok: the OSS-Fuzz contract holds"
exit $fail
