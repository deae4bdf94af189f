#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# asan_run.sh PAGEREF ARGS...: run the ASan+UBSan build; skip (77) if absent.
set -u
bin=$1; shift
[ -x "$bin" ] || { echo "no ASan build at $bin (./build.sh test makes it)"; exit 77; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
exec "$bin" "$@"
