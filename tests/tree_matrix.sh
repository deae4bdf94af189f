#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tree_matrix.sh BUILD.SH SAME-AS VARIANT [--patch FILE]...: a tree (or any
# --variant source) builds from its layout through build.sh and gives, on
# every regression scenario, the same verdict as the built-in SAME-AS.
# The build directory is the suite's own (the cached objects are reused).
set -u
buildsh=$1 same=$2; shift 2
root=$(cd "$(dirname "$buildsh")" && pwd)
scn=("$root/corpus/scenarios")	# a directory: the family's scenarios in it
err=$(mktemp); trap 'rm -f "$err"' EXIT
want=$("$buildsh" replay --variant "$same" --quiet "${scn[@]}" 2>"$err")
got=$("$buildsh" replay --variant "$@" --quiet "${scn[@]}" 2>>"$err")
grep -q '^build.sh:' "$err" && { grep '^build.sh:' "$err"; echo "FAIL: $* does not build"; exit 1; }
[ -n "$want" ] || { echo "FAIL: no verdicts from $same"; exit 1; }
if [ "$want" != "$got" ]; then
	echo "FAIL: $* differs from $same:"
	diff <(echo "$want") <(echo "$got") | head -20
	exit 1
fi
echo "ok: $* gives $same's verdict on all $(wc -l <<<"$want") scenarios ($(grep -vc ': no finding' <<<"$want") findings)"
