#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The differential against herd7: N random litmus tests (pageref litmus-gen,
# seed SEED) through herd7 and through pageref's two models, compared test by
# test, state by state (every register and location is in the tests'
# locations clause, so a States line is a whole final state):
#   lkmm   (pageref litmus --model lkmm, the axiomatic enumeration) must be
#          herd7 exactly: verdict, POS/NEG counts, states;
#   engine (the fuzzer's weak model): unsound = it reaches a state herd7 does
#          not allow (or Sometimes/Always where herd7 says Never), incomplete =
#          herd7 says Sometimes or Always and the engine never reaches a
#          positive state; its share of herd7's states and Sometimes reached.
# Usage: bench/litmus_diff.sh N SEED [OUTDIR]
#   PAGEREF (default build/plain/pageref), HERD7 (default ../shared/tools/herd7/herd7),
#   LITMUS_MAX (engine executions per test, default 2000000).
# Exit 0 when lkmm agrees everywhere and the engine is never unsound, 1 otherwise,
# 77 when herd7 is absent (ctest: skipped).
set -u
n=${1:?usage: litmus_diff.sh N SEED [OUTDIR]}
seed=${2:?usage: litmus_diff.sh N SEED [OUTDIR]}
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=${PAGEREF:-$here/build/plain/pageref}
herd=${HERD7:-$here/../shared/tools/herd7/herd7}
max=${LITMUS_MAX:-2000000}
if [ ! -x "$herd" ]; then
	echo "litmus_diff: herd7 not found at $herd (set HERD7): skipped"
	exit 77
fi
out=${3:-$(mktemp -d)}
mkdir -p "$out"
rm -rf "$out/tests"
"$pageref" litmus-gen --seed "$seed" --count "$n" --out "$out/tests" || exit 2

now() { date +%s.%N; }
t0=$(now)
(cd "$out/tests" && ls | sort -V | xargs -n 64 "$herd") > "$out/herd.out" 2> "$out/herd.err"
t1=$(now)
(cd "$out/tests" && ls | sort -V | xargs -n 64 "$pageref" litmus --model lkmm) > "$out/lkmm.out" 2> "$out/lkmm.err"
t2=$(now)
(cd "$out/tests" && ls | sort -V | xargs -n 64 "$pageref" litmus --model engine --max "$max") \
	> "$out/engine.out" 2> "$out/engine.err"
t3=$(now)

# Each output as records: NAME S state | NAME O verdict pos neg | NAME B (not exhaustive) | NAME U (LKMM-forbidden)
records() {
	awk -v tag="$1" '
	/^Model .*NOT exhaustive/ { partial = 1 }
	/^Test / { name = $2; if (partial) print tag, name, "B"; partial = 0 }
	/^States / { k = $2; next }
	k > 0 { k--; line = $0; sub(/ +$/, "", line); print tag, name, "S", line; next }
	/^Observation / { print tag, $2, "O", $3, $4, $5 }
	/^UNSOUND / { sub(/:$/, "", $2); print tag, $2, "U" }
	' "$2"
}
{ records H "$out/herd.out"; records L "$out/lkmm.out"; records E "$out/engine.out"; } > "$out/records"

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; printf "%.3f", (d > 0.001 ? d : 0.001) }'; }
awk -v n="$n" -v th="$(elapsed "$t1" "$t0")" -v tl="$(elapsed "$t2" "$t1")" \
    -v te="$(elapsed "$t3" "$t2")" -v dir="$out" '
{
	tool = $1; name = $2; kind = $3
	names[name] = 1
	if (kind == "O") { verdict[tool, name] = $4; cnt[tool, name] = $5 " " $6; seen[tool, name] = 1 }
	else if (kind == "B") partial[tool, name] = 1
	else if (kind == "U") forbidden[name] = 1
	else if (kind == "S") {
		s = $0; sub(/^[^ ]+ [^ ]+ S /, "", s)
		st[tool, name, s] = 1; nst[tool, name]++
		list[tool, name] = list[tool, name] "\n" s
	}
}
END {
	for (name in names) {
		if (!seen["H", name]) { herd_fail++; continue }
		total++
		h = verdict["H", name]
		if (h == "Sometimes") hsome++
		if (h != "Never") hpos++
		# lkmm against herd7: verdict, counts, states
		ok = seen["L", name] && verdict["L", name] == h && cnt["L", name] == cnt["H", name] && \
		     nst["L", name] == nst["H", name]
		if (ok) {
			m = split(list["L", name], a, "\n")
			for (i = 2; i <= m; i++) if (!st["H", name, a[i]]) ok = 0
		}
		if (ok) lagree++; else { ldis++; print "lkmm differs from herd7: " dir "/tests/" name ".litmus" }
		if (partial["L", name]) lpart++
		# the engine
		if (!seen["E", name]) { emiss++; continue }
		e = verdict["E", name]
		bad = forbidden[name] || (h == "Never" && e != "Never")
		m = split(list["E", name], a, "\n")
		for (i = 2; i <= m; i++) if (!st["H", name, a[i]]) bad = 1
		if (bad) { unsound++; print "UNSOUND engine: " dir "/tests/" name ".litmus" }
		if (h != "Never" && e == "Never") { incomplete++; print "incomplete engine: " dir "/tests/" name ".litmus (herd7 " h ")" }
		if (h == "Sometimes" && e != "Never") esome++
		if (e == h) eagree++
		if (partial["E", name]) epart++
		hs += nst["H", name]
		m = split(list["H", name], a, "\n")
		for (i = 2; i <= m; i++) if (st["E", name, a[i]]) es++
	}
	printf "differential: %d generated tests, %d judged by herd7 (%d rejected by herd7)\n", n, total, herd_fail
	printf "  speed: herd7 %.1f tests/s (%.1f s), pageref lkmm %.1f tests/s (%.1f s), pageref engine %.1f tests/s (%.1f s)\n", \
		total / th, th, total / tl, tl, total / te, te
	printf "  lkmm vs herd7: %d agree (verdict, counts and states), %d differ, %d not exhaustive\n", lagree, ldis, lpart
	printf "  engine vs herd7: %d same verdict, %d unsound, %d incomplete (herd7 Sometimes/Always, engine Never), %d cut by --max\n", \
		eagree, unsound, incomplete, epart
	printf "  engine reaches %d of %d herd7 Sometimes (%.1f%%), %d of %d herd7 states (%.1f%%)\n", \
		esome, hsome, hsome ? 100 * esome / hsome : 100, es, hs, hs ? 100 * es / hs : 100
	exit (ldis || unsound) ? 1 : 0
}' "$out/records"
