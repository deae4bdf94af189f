#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Litmus out through the finding pipeline: a finding under --memory weak,
# filed by `pageref file` (as every campaign files), brings finding.litmus,
# which `pageref litmus` calls Sometimes, and the lkml block gives both
# verdicts (herd7's when HERD7 or PATH has it); a finding under sequential
# consistency brings none.
# Usage: file_litmus.sh PAGEREF SRCDIR
set -u
. "$(dirname "$0")/lib.sh"
pageref=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
herd=${HERD7:-$src/../shared/tools/herd7/herd7}
[ -x "$herd" ] || { herd=""; echo "note: no herd7 ($src/../shared/tools/herd7/herd7): its verdict is not checked"; }

HERD7=$herd "$pageref" file --variant mut-freeze-relaxed --findings "$work/f" \
	"$src/tests/oracles/weak-freeze-relaxed.scn" >"$work/out" 2>&1 || true
dir=$(ls -d "$work"/f/mut-freeze-relaxed/*/ 2>/dev/null | head -1)
if [ -z "$dir" ] || [ ! -s "$dir/finding.litmus" ]; then
	fail "weak finding: no finding.litmus"; cat "$work/out"
else
	grep -q "^  litmus: .*finding.litmus" "$work/out" || fail "pageref file does not name finding.litmus"
	grep -q "^  pageref litmus: Sometimes$" "$dir/report.txt" || fail "lkml block: our verdict is not Sometimes"
	"$pageref" litmus --quiet "$dir/finding.litmus" | grep -q "^Observation pageref-finding Sometimes " ||
		fail "pageref litmus finding.litmus: not Sometimes"
	if [ -n "$herd" ]; then
		grep -q "^  herd7:          Sometimes$" "$dir/report.txt" || fail "lkml block: herd7's verdict is not Sometimes"
	fi
	# the block ends before the full report, the litmus lines in it
	awk '/^=== full report/ { exit } /herd7:/ { h = 1 } END { exit !h }' "$dir/report.txt" ||
		fail "herd7's line is not in the lkml block"
fi

# sequentially consistent: no litmus test
"$pageref" file --variant v4 --findings "$work/g" "$src/corpus/scenarios/aba-caller-dtor.scn" >"$work/out2" 2>&1 || true
d2=$(ls -d "$work"/g/v4/*/ 2>/dev/null | head -1)
[ -n "$d2" ] || fail "the SC finding was not filed"
[ -z "$d2" ] || [ ! -e "$d2/finding.litmus" ] || fail "an SC finding has a finding.litmus"
[ $failed = 0 ] && echo "ok: finding.litmus for a weak finding (ours: Sometimes${herd:+, herd7: Sometimes}), none for an SC one"
exit $failed
