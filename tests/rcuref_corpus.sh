#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rcuref_corpus.sh PAGEREF ROOT: the rcuref regression corpus
# (corpus/scenarios/rcuref-*.scn) as data:
#  - compile -> decompile -> compile is the identity on every scenario's
#    canonical form (resolved on upstream), and the text is stable;
#  - explore (every schedule within 3 preemptions, under the weak model
#    every reads-from choice too) on every scenario and shipped variant:
#    (A) a finding the scenario pins is among explore --all's titles;
#    (B) explore's first finding is one the corpus expects on that variant
#        in some scenario: nothing on upstream, bug B on v6.4 and v6.7.
set -u
. "$(dirname "$0")/lib.sh"
P=$1 root=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
scn=("$root"/corpus/scenarios/rcuref-*.scn)
for f in "${scn[@]}"; do
	b=$(basename "$f" .scn)
	"$P" compile --quiet --api rcuref --variant upstream "$f" "$work/$b.1.bin" || { fail "$b: compile"; continue; }
	"$P" decompile --api rcuref "$work/$b.1.bin" > "$work/$b.1.scn"
	"$P" compile --api rcuref "$work/$b.1.scn" "$work/$b.2.bin" || { fail "$b: recompile"; continue; }
	"$P" decompile --api rcuref "$work/$b.2.bin" > "$work/$b.2.scn"
	cmp -s "$work/$b.1.bin" "$work/$b.2.bin" && cmp -s "$work/$b.1.scn" "$work/$b.2.scn" || fail "$b: not stable"
done
[ $failed = 0 ] && echo "ok   ${#scn[@]} rcuref scenarios round-trip"
expected_somewhere() {	# VARIANT TITLE
	local f
	for f in "${scn[@]}"; do [ "$(expect_of "$f" "$1")" = "$2" ] && return 0; done
	return 1
}
n=0
for v in $("$P" list --api rcuref --class shipped --quiet); do
	for f in "${scn[@]}"; do
		n=$((n + 1))
		pinned=$(expect_of "$f" "$v")
		out=$("$P" explore --api rcuref --variant "$v" --all --quiet "$f" 2>&1)
		titles=$(sed -n 's/^finding [0-9]*: \(.*\) ([0-9]* preemption.*/\1/p' <<<"$out")
		if [ "$pinned" != none ] && [ "$pinned" != expected ] && ! grep -qxF "$pinned" <<<"$titles"; then
			fail "A $(basename "$f") $v: pinned '$pinned' not found by explore --all"
		fi
		while read -r t; do
			[ -z "$t" ] || expected_somewhere "$v" "$t" ||
				fail "B $(basename "$f") $v: explore finds '$t', which no rcuref scenario expects on $v"
		done <<<"$titles"
	done
done
[ $failed = 0 ] && echo "ok   explore on $n rcuref scenario x variant pairs: pinned findings found, nothing unexpected"
exit $failed
