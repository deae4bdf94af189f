#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# refcount_mutants.sh PAGEREF ROOT: every mutant of the refcount family
# (src/family/refcount/mutants/*.patch) is found by seeded random programs in
# its own world (the patch's "World:" line), within RUNS runs, and the
# finding is the mutant's own (upstream, its base, has none on that input).
set -u
pageref=$1 root=$2 runs=${3:-20000}
failed=0
for p in "$root"/src/family/refcount/mutants/*.patch; do
	m=mut-$(basename "$p" .patch)
	w=$(sed -n 's/^World: //p' "$p")
	case "$w" in
	weak) args=(--memory weak);;
	none) args=();;
	*) args=(--world "$w");;
	esac
	out=$("$pageref" stress --api refcount --variant "$m" "${args[@]}" --baseline upstream --runs "$runs" \
		--seed 1 --quiet); rc=$?
	if [ $rc = 1 ]; then
		echo "ok: $m ($w): $(head -1 <<<"$out")"
	else
		echo "FAIL: $m ($w): not found in $runs runs (exit $rc)"; failed=1
	fi
done
exit $failed
