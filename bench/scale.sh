#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scale.sh BUILD_DIR OUT_DIR [SECONDS]: the scalability benchmark for every
# correct variant, 1..nproc pinned threads; writes OUT_DIR/scale.csv and,
# with gnuplot, OUT_DIR/scale.png (ops/s against threads). Figures, not a test.
set -u
build=$1 out=$2 secs=${3:-2}
mkdir -p "$out"
n=$(nproc)
{
	echo "variant,threads,ops_per_sec"
	for v in upstream v4 alive-bit; do "$build/bench_scale_${v//-/_}" "$n" "$secs" || exit 1; done
} > "$out/scale.csv"
cat "$out/scale.csv"
awk -F, 'NR > 1 { v[$1 FS $2] = $3 } END {
	for (t = 1; t <= '"$n"'; t++) if (v["upstream" FS t] > 0)
		printf "threads %d: v4 %+.1f%%, alive-bit %+.1f%% against upstream\n", t,
			100 * (v["v4" FS t] / v["upstream" FS t] - 1), 100 * (v["alive-bit" FS t] / v["upstream" FS t] - 1) }' "$out/scale.csv"
if command -v gnuplot >/dev/null; then
	gnuplot <<GP
set terminal png size 720,480 noenhanced
set output "$out/scale.png"
set datafile separator ","
set title "folio_try_get + recheck + folio_put on one hot page ($(nproc) CPUs)"
set xlabel "threads (pinned)"
set ylabel "operations per second"
set xtics 1
set key right top
set yrange [0:*]
plot for [v in "upstream v4 alive-bit"] "< grep '^".v.",' $out/scale.csv" using 2:3 with linespoints title v
GP
	echo "plot: $out/scale.png"
fi
