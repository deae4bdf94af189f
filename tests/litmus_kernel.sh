#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own litmus tests (tools/memory-model/litmus-tests and
# Documentation/litmus-tests) through pageref litmus: each file's Result line
# from the LKMM enumeration, and the engine never unsound. The project keeps
# no copy of them: they come from KERNEL_LITMUS (a directory), else from
# Debian's linux-source-6.1 package when installed (/usr/src/linux-source-6.1.tar.xz,
# extracted into BUILDDIR/kernel-litmus: about 10 s), else the test is skipped.
# TABLE=1: print docs/weak-memory.md's table instead (herd7's column from HERD7).
# Usage: litmus_kernel.sh PAGEREF BUILDDIR
set -u
pageref=$1
dir=${KERNEL_LITMUS:-}
if [ -z "$dir" ]; then
	tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
	dir=$2/kernel-litmus
	if [ ! -d "$dir" ]; then
		if [ ! -f "$tarball" ]; then
			echo "litmus_kernel: no kernel litmus tests: set KERNEL_LITMUS=DIR, or install Debian's"
			echo "linux-source-6.1 (apt-get install linux-source-6.1; 139 MB): skipped"
			exit 77
		fi
		mkdir -p "$dir.tmp"
		tar -xJf "$tarball" -C "$dir.tmp" --wildcards 'linux-source-6.1/tools/memory-model/litmus-tests/*' \
			'linux-source-6.1/Documentation/litmus-tests/*' || exit 2
		mv "$dir.tmp" "$dir"
	fi
fi
files=$(find "$dir" -name '*.litmus' | sort)
[ -n "$files" ] || { echo "litmus_kernel: no .litmus file under $dir"; exit 2; }
if [ -n "${TABLE:-}" ]; then	# docs/weak-memory.md's table (herd7 from HERD7 when set)
	echo "| test | Result line | herd7 | pageref lkmm | pageref engine | engine runs |"
	echo "| --- | --- | --- | --- | --- | --- |"
	for f in $files; do
		o=$("$pageref" litmus --model both "$f")
		h=-
		[ -n "${HERD7:-}" ] && h=$("$HERD7" "$f" | awk '/^Observation/ {print $3, $4, $5}')
		echo "| $(basename "$f" .litmus) | $(sed -n 's/^ \* Result: *\([A-Za-z]*\).*/\1/p' "$f" | head -1) | $h" \
			"| $(echo "$o" | awk '/^Model lkmm/ {m = 1} /^Model engine/ {m = 2} /^Observation/ && m == 1 {print $3, $4, $5}')" \
			"| $(echo "$o" | awk '/^Model lkmm/ {m = 1} /^Model engine/ {m = 2} /^Observation/ && m == 2 {print $3, $4, $5}')" \
			"| $(echo "$o" | sed -n 's/^Model engine: \([0-9]*\) run.*/\1/p') |"
	done
	exit 0
fi
out=$(echo "$files" | xargs "$pageref" litmus --model both --check --quiet)
echo "$out" | grep -E "^(CHECK|UNSOUND)" | grep -v "as the file says"
n=$(echo "$files" | wc -l)
ok=$(echo "$out" | grep -c "as the file says")
unsound=$(echo "$out" | grep -c "^UNSOUND")
engine=$(echo "$out" | grep -c "the engine says")
echo "kernel litmus tests: $n, LKMM enumeration = Result line: $ok, engine unsound: $unsound, engine verdict differs: $engine"
[ "$ok" -eq "$n" ] && [ "$unsound" -eq 0 ]
