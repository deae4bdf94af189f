#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Litmus out: for each memory-order mutant whose weak finding the suite keeps
# (tests/oracles/weak-*.scn) and for v4's own race
# (corpus/scenarios/weak-zero-then-get-split.scn), pageref litmus-trace
# writes the finding's run as a litmus test; it must be Sometimes (the LKMM
# enumeration, the engine, and herd7 when present), and the same test with
# the header's ordering restored at the patched line (the mutant's patch
# reversed; for v4, tests/variants/cas-acquire.patch applied) must be Never.
# herd7 gets HERD7_TIMEOUT seconds a test (default 60): a timeout is reported, not failed.
# Usage: litmus_findings.sh PAGEREF SRCDIR [OUTDIR]
set -u
pageref=$1
src=$2
out=${3:-$(mktemp -d)}
herd=${HERD7:-$src/../shared/tools/herd7/herd7}
mkdir -p "$out"
fail=0

# The patched calls: "FROM TO TEXT" with TEXT the patched line as the traced
# header has it (side new: the patch's + side, old: its - side) and FROM/TO
# the ordering suffixes to swap there.
sites() {
	awk -v side="$2" '
	function sfx(s) {
		if (s ~ /_relaxed\(/) return "_relaxed"
		if (s ~ /_acquire\(/) return "_acquire"
		if (s ~ /_release\(/) return "_release"
		return "-"
	}
	/^-[^-]/ && /atomic_[a-z_]*\(/ { ot[++no] = substr($0, 2); os[no] = sfx($0) }
	/^\+[^+]/ && /atomic_[a-z_]*\(/ { nt[++nn] = substr($0, 2); ns[nn] = sfx($0) }
	END {
		for (i = 1; i <= no; i++)
			if (side == "new") print ns[i], os[i], nt[i]; else print os[i], ns[i], ot[i]
	}' "$1"
}

# Swap the ordering of the litmus calls on the lines naming the patched
# lines of HEADER (found by their text: the trace names the built header's lines).
fix() {
	local lit=$1 header=$2 file
	file=$(basename "$header")
	cp "$lit" "$lit.fixed"
	while read -r from to text; do
		[ "$from" = - ] && from=""
		[ "$to" = - ] && to=""
		grep -nF -- "$text" "$header" | cut -d: -f1 | while read -r line; do
			if [ -z "$from" ] && [ "$to" = _release ]; then	# atomic_set -> atomic_set_release
				sed -i -E "/${file//./\\.}:${line}\$/ s/atomic_set\(/atomic_set_release(/" "$lit.fixed"
			else
				sed -i -E "/${file//./\\.}:${line}\$/ s/(atomic_[a-z]+(_[a-z]+)*)${from}\(/\1${to}(/" \
					"$lit.fixed"
			fi
		done
	done
	sed -i "s/^C \(.*\)/C \1-fixed/" "$lit.fixed"
}

verdicts() {	# FILE -> "lkmm engine [herd7]"
	local o h=""
	o=$("$pageref" litmus --model both --quiet "$1")
	if [ -x "$herd" ]; then
		h=$(timeout "${HERD7_TIMEOUT:-60}" "$herd" "$1" | awk '/^Observation/ {print $3}')
		[ -n "$h" ] || h=herd7-timeout
	fi
	echo "$(echo "$o" | awk '/^Observation .* lkmm$/ {print $3}') $(echo "$o" | awk '/^Observation .* engine$/ {print $3}') $h"
}

check() {	# NAME SCENARIO VARIANT PATCH SIDE
	local name=$1 scn=$2 var=$3 patch=$4 side=$5 lit=$out/$1.litmus want_fix got got_fix
	# lean by default (no unordered refcount read), its flags after --api as build.sh tool passes them
	if ! "$pageref" litmus-trace --api page_ref --variant "$var" --memory weak "$scn" "$lit" | grep -q "stale page contents"; then
		echo "FAIL $name: no weak finding on $var"
		fail=1
		return
	fi
	if grep -q 'atomic_read(' "$lit" || ! "$pageref" litmus-trace --api page_ref --full --variant "$var" \
		--memory weak "$scn" "$lit.full" >/dev/null || ! grep -q 'atomic_read(' "$lit.full"; then
		echo "FAIL $name: the default is not lean, or --full not full ($lit, $lit.full)"
		fail=1
	fi
	sites "$patch" "$side" | fix "$lit" "$("$pageref" list | awk -v v="$var" '$1 == v {print $2}')"
	if [ "$(diff "$lit" "$lit.fixed" | grep -c '^>')" -lt 2 ]; then
		echo "FAIL $name: the patched line is not in the litmus test"
		fail=1
		return
	fi
	got=$(verdicts "$lit")
	got_fix=$(verdicts "$lit.fixed")
	want="Sometimes Sometimes"
	want_fix="Never Never"
	if [ -x "$herd" ]; then
		want="$want Sometimes"
		want_fix="$want_fix Never"
	fi
	printf '%-28s finding: %-30s fixed: %s\n' "$name" "$got" "$got_fix"
	# herd7 may take minutes on a long RMW chain (HERD7_TIMEOUT): not a failure
	got=${got/herd7-timeout/Sometimes (herd7 timed out)}
	got_fix=${got_fix/herd7-timeout/Never (herd7 timed out)}
	if [ "${got% (herd7 timed out)}" != "$want" ] || [ "${got_fix% (herd7 timed out)}" != "$want_fix" ]; then
		echo "FAIL $name: want '$want' and '$want_fix' ($lit)"
		fail=1
	fi
}

[ -x "$herd" ] && echo "(lkmm engine herd7)" || echo "(lkmm engine; herd7 not found at $herd)"
for m in unfreeze-relaxed dec-and-test-relaxed freeze-relaxed sub-and-test-release try-get-relaxed; do
	check "$m" "$src/tests/oracles/weak-$m.scn" "mut-$m" "$src/bench/mutants/$m.patch" new
done
check v4-zero-then-get-split "$src/corpus/scenarios/weak-zero-then-get-split.scn" v4 \
	"$src/tests/variants/cas-acquire.patch" old
exit $fail
