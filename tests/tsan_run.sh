#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tsan_run.sh PAGEREF WANT ARGS...: run the ThreadSanitizer build in the
# real-thread mode. WANT=clean: exit 0 and no TSan report. WANT=race: TSan
# must report a data race (exit 66). Skipped (77) without the TSan build.
set -u
bin=$1 want=$2; shift 2
[ -x "$bin" ] || { echo "no TSan build at $bin (./build.sh test makes it)"; exit 77; }
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
out=$("$bin" "$@" 2>&1); rc=$?
echo "$out" | grep -v '^    ' | tail -5
if [ "$want" = race ]; then
	[ $rc = 66 ] && grep -q 'WARNING: ThreadSanitizer: data race' <<<"$out" && { echo "ok: TSan reported the race"; exit 0; }
	echo "FAIL: no TSan report (exit $rc)"; exit 1
fi
# race-free: no TSan report; "clean" also wants no finding, "tsan-clean" only
# the absence of a report (threads exits 1 when an input's finding shows)
ok_rc=0; [ "$want" = tsan-clean ] && [ $rc = 1 ] && ok_rc=1
[ $rc = $ok_rc ] && ! grep -q 'ThreadSanitizer' <<<"$out" && { echo "ok: TSan-clean"; exit 0; }
echo "$out" | grep -A20 'WARNING: ThreadSanitizer' | head -30
echo "FAIL: exit $rc"; exit 1
