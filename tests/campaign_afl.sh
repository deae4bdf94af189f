#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# campaign_afl.sh BUILD.SH BUILD_DIR: an AFL++ campaign through the front door
# (two instances, the main one with the CMPLOG build) on v4: it finds nothing,
# reports 100% stability, keeps its sync directory, leaves no process
# running and prints nothing while it reaps them. Skipped (77) without afl-fuzz.
set -u
buildsh=$1 build=$2
command -v afl-fuzz >/dev/null || { echo "no afl-fuzz"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PAGEREF_BUILD_DIR=$build PAGEREF_FINDINGS_DIR="$work/findings"
"$buildsh" fuzz --variant v4 --engine afl --jobs 2 --time 10 --corpus "$work/sync" >"$work/log" 2>&1; rc=$?
tail -3 "$work/log"
fail=0
[ $rc = 0 ] || { echo "FAIL: exit $rc"; fail=1; }
grep -q -- "-c $build/afl-cmplog/pageref_fuzz_v4" "$work/sync/main/fuzzer_stats" || { echo "FAIL: the main instance ran without CMPLOG"; fail=1; }
[ -f "$work/sync/s1/fuzzer_stats" ] || { echo "FAIL: no secondary instance"; fail=1; }
grep -q '^stability *: 100.00%' "$work/sync/main/fuzzer_stats" || { echo "FAIL: stability $(grep stability "$work/sync/main/fuzzer_stats")"; fail=1; }
! grep -q 'environ' "$work/log" || { echo "FAIL: reaping printed errors: $(grep -m2 environ "$work/log")"; fail=1; }
# every process the campaign started is gone, the CMPLOG forkserver included
left=$(ps -eo pid,args | grep -F -e "$work/sync" -e "$build/afl-cmplog/pageref_fuzz_v4" -e "$build/afl/pageref_fuzz_v4" | grep -v grep)
[ -z "$left" ] || { echo "FAIL: processes left running: $left"; fail=1; }
[ $fail = 0 ] && echo "ok: AFL++ campaign with CMPLOG, 100% stability, corpus kept, reaped quietly"
exit $fail
