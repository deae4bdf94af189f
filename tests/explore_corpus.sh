#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# explore on every corpus scenario x built-in variant (default bound 0..3):
#  A. where the scenario's pinned schedule shows a finding (its expect line),
#     explore --all lists the same title;
#  B. explore's verdict is "none" or a title the corpus expects for that
#     variant in a scenario of the same world, or one TABLE allows with its
#     reason ("# allow VARIANT TITLE"): no finding nobody has checked;
#  C. the verdict and its preemption count equal the table (TABLE), whose
#     header says why each verdict that differs from the pinned one is right.
# A scenario of the weak memory model is explored under it: every schedule
# within the bound times every reads-from choice, judged by the same rules.
# An expect line's reached=N (how far its pinned schedule goes) is not part of
# its verdict.
# usage: explore_corpus.sh PAGEREF TABLE SCENARIO...
set -u
. "$(dirname "$0")/lib.sh"
P=$1; TABLE=$2; shift 2
fail=0; n=0
# the scenarios' family (their "api" line; one family per run, page_ref if none)
api=$(sed -n 's/^api //p' "$1" | head -1); api=${api:-page_ref}
variants=$("$P" list --api "$api" --class shipped --quiet)
got=$(mktemp); trap 'rm -f "$got"' EXIT
known() {	# known VARIANT WORLD TITLE: some scenario of WORLD expects TITLE on VARIANT
	local f
	grep -qxF "# allow $1 $3" "$TABLE" && return 0
	for f in "${ALL[@]}"; do
		grep -q "^world $2\$" "$f" && [ "$(expect_of "$f" "$1")" = "$3" ] && return 0
	done
	return 1
}
ALL=("$@")
for f in "$@"; do
	world=$(sed -n 's/^world //p' "$f")
	mem=()
	for v in $variants; do
		n=$((n + 1))
		pinned=$(expect_of "$f" "$v")
		out=$("$P" explore --api "$api" --quiet "${mem[@]}" --variant "$v" "$f")
		verdict=$(echo "$out" | sed -n 's/^verdict: //p')
		case "$verdict" in
		"no finding"*|"exhaustive:"*) title=none; pre=-;;
		*) title=$(echo "$verdict" | sed 's/ ([0-9]* preemption(s))$//')
		   pre=$(echo "$verdict" | sed -n 's/.* (\([0-9]*\) preemption(s))$/\1/p');;
		esac
		echo "$(basename "$f")${mem[*]:+ (${mem[*]})} $v $pre $title" >>"$got"
		if [ "$pinned" != none ] && [ "$pinned" != expected ]; then
			if ! "$P" explore --api "$api" --all --quiet --variant "$v" "$f" |
			     sed -n 's/^finding [0-9]*: \(.*\) ([0-9]* preemption.*/\1/p' | grep -qxF "$pinned"; then
				echo "FAIL A $(basename "$f") $v: pinned '$pinned' not found by explore --all"; fail=1
			fi
		fi
		if [ "$title" != none ] && ! known "$v" "$world" "$title"; then
			echo "FAIL B $(basename "$f") $v: explore finds '$title', which no $world-world scenario expects on $v"; fail=1
		fi
	done
done
if ! diff <(grep -v '^#' "$TABLE" | sort) <(sort "$got"); then
	echo "FAIL C: verdicts differ from $TABLE (< table, > now)"; fail=1
fi
echo "explore-corpus: $n scenario x variant verdicts, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
