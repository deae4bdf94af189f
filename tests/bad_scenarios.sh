#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every file in tests/bad/ is a broken scenario whose first line says
# "# error: TEXT"; pageref must exit 2 naming the file, the line and TEXT.
set -u
pageref=$1 dir=$2 fail=0 n=0
for f in "$dir"/*.scn; do
	want=$(sed -n '1s/^# error: //p' "$f")
	line=$(sed -n '2s/^# line: //p' "$f")
	out=$("$pageref" replay --variant v4 "$f" 2>&1); rc=$?
	n=$((n + 1))
	if [ $rc != 2 ] || ! grep -qF "$f:$line: " <<<"$out" || ! grep -qF "$want" <<<"$out"; then
		echo "FAIL $f: exit $rc, wanted '$f:$line: ...$want...', got: $out"; fail=1
	else
		echo "ok   $(basename "$f"): $out"
	fi
done
[ $n -gt 0 ] || { echo "no bad scenarios found in $dir"; exit 1; }
exit $fail
