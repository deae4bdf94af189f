#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Bad flags get exit 2 and a message naming the flag.
set -u
pageref=$1 buildsh=$2 fail=0
expect() { # expect WANT_TEXT cmd...
	local want=$1; shift
	out=$("$@" 2>&1 </dev/null); rc=$?
	if [ $rc = 2 ] && grep -qF -- "$want" <<<"$out"; then echo "ok   $*: $out" | head -1
	else echo "FAIL $*: exit $rc, wanted '$want', got: $out"; fail=1; fi
}
expect "--variant nosuch: no such variant" "$pageref" replay --variant nosuch /dev/null
expect "--runs x: expected a non-negative number" "$pageref" stress --variant v4 --runs x
expect "--world bogus: unknown option" "$pageref" replay --variant v4 --world bogus /dev/null
expect "unknown flag --frob" "$pageref" replay --frob
expect "--threads 9: must be 1..4" "$pageref" bench --variant v4 --threads 9
expect "fuzz: unknown flag --bogus" "$buildsh" fuzz --bogus
expect "--runs abc: expected a number" "$buildsh" fuzz --runs abc
expect "give --runs or --time, not both" "$buildsh" fuzz --runs 1 --time 1
expect "--world frob: unknown option 'frob'" "$buildsh" fuzz --world frob
expect "unknown command 'frobnicate'" "$buildsh" frobnicate
# --time 0 is not "forever"; a flag without its value, or unknown, is an
# error before anything is installed or built
expect "--time 0: expected a number from 1 to" "$buildsh" fuzz --time 0
expect "coverage: --variant needs a value" "$buildsh" coverage --variant
expect "bench: unknown flag --frob" "$buildsh" bench --frob
expect "--variant needs a value" "$buildsh" file --variant
exit $fail
