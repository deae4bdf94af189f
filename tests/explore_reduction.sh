#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The reduction loses nothing: on every scenario given, for upstream, v4 and
# rfc, explore --all with and without --no-reduction lists the same titles
# and the same number of distinct final states, unbounded and at bound 2.
# usage: explore_reduction.sh PAGEREF SCENARIO...
set -u
P=$1; shift
fail=0; n=0
titles() { sed -n 's/^finding [0-9]*: \(.*\) ([0-9]* preemption.*/\1/p' | sort; }
states() { sed -n 's/.* \([0-9]*\) distinct final state.*/\1/p'; }
for f in "$@"; do
	for v in upstream v4 rfc; do
		for mode in --unbounded "--preemptions 2"; do
			a=$("$P" explore --all --quiet --memory sc --variant $v $mode "$f" 2>/dev/null)
			b=$("$P" explore --all --quiet --memory sc --no-reduction --variant $v $mode "$f" 2>/dev/null)
			n=$((n + 1))
			if [ "$(titles <<<"$a")" != "$(titles <<<"$b")" ] || [ "$(states <<<"$a")" != "$(states <<<"$b")" ]; then
				echo "FAIL $(basename "$f") $v $mode: reduced and full exploration differ"
				echo "  reduced: $(grep '^figures' <<<"$a") $(titles <<<"$a" | tr '\n' ';')"
				echo "  full:    $(grep '^figures' <<<"$b") $(titles <<<"$b" | tr '\n' ';')"
				fail=1
			fi
		done
	done
done
echo "explore-reduction: $n comparisons, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
