#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# cmin.sh BUILD.SH BUILD_DIR: ./build.sh cmin minimises a campaign corpus into
# a new directory and leaves the old one as it was; it refuses a non-empty
# --out and a missing one; a campaign resumes from the result.
set -u
. "$(dirname "$0")/lib.sh"
buildsh=$1 build=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PAGEREF_BUILD_DIR=$build PAGEREF_FINDINGS_DIR="$work/findings"
"$buildsh" fuzz --variant v4 --runs 20000 --corpus "$work/c" >"$work/fuzz" 2>&1 || fail "the campaign: $(tail -1 "$work/fuzz")"
before=$(cd "$work/c" && sha1sum * | sha1sum)
n=$(ls "$work/c" | wc -l)
out=$("$buildsh" cmin --variant v4 --corpus "$work/c" --out "$work/m" 2>&1); rc=$?
m=$(ls "$work/m" 2>/dev/null | wc -l)
[ $rc = 0 ] && [ "$m" -gt 0 ] && [ "$m" -le "$n" ] || fail "cmin: exit $rc, $n -> $m inputs: $(tail -1 <<<"$out")"
[ "$(cd "$work/c" && sha1sum * | sha1sum)" = "$before" ] || fail "cmin changed the corpus it read"
"$buildsh" cmin --variant v4 --corpus "$work/c" --out "$work/m" >"$work/again" 2>&1; rc=$?
[ $rc = 2 ] && grep -q 'not empty' "$work/again" || fail "a non-empty --out: exit $rc"
"$buildsh" cmin --variant v4 --corpus "$work/c" >"$work/noout" 2>&1; rc=$?
[ $rc = 2 ] && grep -q -- '--out NEW is required' "$work/noout" || fail "no --out: exit $rc"
# (runs enough that the campaign replays the corpus rather than skip it)
"$buildsh" fuzz --variant v4 --runs $((10 * m + 1000)) --corpus "$work/m" >"$work/resume" 2>&1 ||
	fail "resuming from the result: $(tail -1 "$work/resume")"
sum=$(grep '^summary' "$work/resume")
k=$(sed -nE 's/.*, corpus ([0-9]+) inputs.*/\1/p' <<<"$sum")
! grep -q 'corpus not replayed' <<<"$sum" && [ "${k:-0}" -ge "$m" ] || fail "resuming: '$sum'"
[ $failed = 0 ] && echo "ok: cmin $n -> $m inputs into a new directory, the corpus untouched; --out must be new; a campaign resumes from it"
exit $failed
