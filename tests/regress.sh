#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# regress.sh PAGEREF SCENARIO VARIANT: 'pageref regress' turns a finding into a
# new scenario whose expect lines are marked unreviewed (check refuses them)
# and, once reviewed, pass 'pageref check --all'; it refuses to overwrite it.
set -u
pageref=$1 input=$2 variant=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$pageref" regress --quiet --variant "$variant" "$input" "$work/new.scn" >/dev/null 2>&1 || { echo "FAIL: regress"; exit 1; }
cat "$work/new.scn"
# its expect lines are proposals: check refuses them until reviewed
out=$("$pageref" check --all "$work/new.scn"); rc=$?
[ $rc = 1 ] && grep -q 'unreviewed expect line' <<<"$out" || { echo "FAIL: check accepted unreviewed lines (exit $rc)"; exit 1; }
grep -q '^unreviewed expect ' "$work/new.scn" || { echo "FAIL: no line marked unreviewed"; exit 1; }
sed 's/^unreviewed //' "$work/new.scn" >"$work/reviewed.scn"
"$pageref" check --all "$work/reviewed.scn" || { echo "FAIL: the reviewed case does not check"; exit 1; }
if "$pageref" regress --variant "$variant" "$input" "$work/new.scn" >/dev/null 2>&1; then
	echo "FAIL: regress overwrote an existing file"; exit 1
fi
echo "ok: regress wrote a checked case and refused to overwrite it"
