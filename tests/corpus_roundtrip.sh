#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# corpus_roundtrip.sh PAGEREF SCENARIO...: for every corpus entry (resolved on
# v4; another family's on its upstream), compile -> decompile -> compile gives the same bytes, and decompile of
# that is the same text: the canonical form is stable.
set -u
pageref=$1; shift
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
for f in "$@"; do
	b=$(basename "$f" .scn)
	# another family's scenario ("api NAME"): its upstream, its vocabulary
	api=$(sed -n 's/^api //p' "$f" | head -1)
	a=(); v=v4
	[ -z "$api" ] || { a=(--api "$api"); v=upstream; }
	"$pageref" compile --quiet "${a[@]}" --variant $v "$f" "$work/$b.1.bin" || { echo "FAIL $f: compile"; fail=1; continue; }
	"$pageref" decompile "${a[@]}" "$work/$b.1.bin" > "$work/$b.1.scn"
	"$pageref" compile "$work/$b.1.scn" "$work/$b.2.bin" || { echo "FAIL $f: recompile"; fail=1; continue; }
	"$pageref" decompile "${a[@]}" "$work/$b.2.bin" > "$work/$b.2.scn"
	if cmp -s "$work/$b.1.bin" "$work/$b.2.bin" && cmp -s "$work/$b.1.scn" "$work/$b.2.scn"; then
		echo "ok   $b: $(stat -c %s "$work/$b.1.bin") bytes"
	else
		echo "FAIL $f: not stable"; diff "$work/$b.1.scn" "$work/$b.2.scn"; fail=1
	fi
done
exit $fail
