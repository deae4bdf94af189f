#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# minimize.sh PAGEREF DIR: every scenario in DIR carries "# min: VARIANT
# THREADS CALLS"; it must minimise, keeping its title, to at most that many
# threads and thread ops, and the result must replay to the same title and
# be minimal in preemptions (explore ran every schedule with fewer).
set -u
pageref=$1 dir=$2 fail=0
for f in "$dir"/*.scn; do
	read -r variant maxt maxo < <(sed -n 's/^# min: //p' "$f")
	title=$("$pageref" replay --quiet --variant "$variant" "$f" | sed 's/^[^:]*: //')
	out=$("$pageref" minimize --variant "$variant" "$f" 2>&1)
	t=$(sed -n 's/^threads //p' <<<"$out")
	o=$(grep -cE '^T[0-9] ' <<<"$out")
	tmp=$(mktemp --suffix=.scn); sed -n '/^threads/,/^expect/p' <<<"$out" > "$tmp"
	again=$("$pageref" replay --quiet --variant "$variant" "$tmp" | sed 's/^[^:]*: //'); rm -f "$tmp"
	if [ -z "$t" ] || [ "$t" -gt "$maxt" ] || [ "$o" -gt "$maxo" ] || [ "$again" != "$title" ] ||
	   ! grep -q "preemption(s): minimal in preemptions" <<<"$out"; then
		echo "FAIL $f: $t threads / $o calls (max $maxt / $maxo), title '$again' (want '$title')"
		echo "$out"; fail=1
	else
		echo "ok   $(basename "$f"): $title -> $t threads, $o calls; $(grep '^minimised' <<<"$out")"
	fi
done
exit $fail
