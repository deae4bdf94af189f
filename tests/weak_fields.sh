#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# weak_fields.sh PAGEREF ROOT: the folio's published fields under the weak
# memory model (src/family/page_ref/fields.c, docs/weak-memory.md), by
# explore (every schedule with <= 3 preemptions times every reads-from
# choice):
#  - each field scenario: its mutant shows the field's title; v4, upstream
#    and v4 with cas-acquire show nothing;
#  - weak-mapping-*: every finding the mutant has there is the field's (no
#    contents finding: nobody writes the contents, only the field shows it);
#  - what stays unreachable: a field the folio lock or the page cache slot
#    publishes shows nothing even on the mutants; the toy's split publishes
#    contents only (its findings are never a field's).
set -u
pageref=$1 root=$2
o=$root/tests/oracles
fail() { echo "FAIL: $*"; exit 1; }
verdict() { "$pageref" explore --variant "$1" --preemptions 3 "$2" 2>&1 | sed -n 's/^verdict: //p'; }
titles() { "$pageref" explore --all --variant "$1" --preemptions 3 "$2" 2>&1 |
	sed -n 's/^finding [0-9]*: \(.*\) ([0-9]* preemption(s))$/\1/p'; }
clean() {	# VARIANT SCENARIO
	case "$(verdict "$1" "$2")" in
	"no finding in "*|"exhaustive: "*) ;;
	*) fail "$1 on $(basename "$2"): $(verdict "$1" "$2")" ;;
	esac
}

while read -r m scn title; do
	got=$(verdict "$m" "$o/$scn")
	case "$got" in "$title ("*) ;; *) fail "$m on $scn: want '$title', got '$got'" ;; esac
	for v in v4 upstream test-cas-acquire; do
		clean $v "$o/$scn"
	done
done <<'EOF'
mut-dec-and-test-relaxed weak-mapping-last-put.scn BUG: stale folio->mapping after the last put in folio_put
mut-try-get-relaxed weak-mapping-try-get.scn BUG: stale folio->mapping after folio_try_get in do_migrate_range
mut-freeze-relaxed weak-flags-freeze.scn BUG: stale folio->flags after folio_ref_freeze in split_folio
EOF
echo "ok: three memory-order mutants found through folio->mapping and folio->flags; v4, upstream and the fix are clean"

for x in "mut-dec-and-test-relaxed weak-mapping-last-put.scn" "mut-try-get-relaxed weak-mapping-try-get.scn"; do
	set -- $x
	t=$(titles "$1" "$o/$2")
	[ -n "$t" ] || fail "$1 on $2: no finding"
	echo "$t" | grep -qv '^BUG: stale folio->mapping ' && fail "$1 on $2: not only the field: $t"
done
echo "ok: on weak-mapping-*.scn only the field shows the mutants (no contents finding in any schedule)"

for m in mut-freeze-relaxed mut-unfreeze-relaxed; do	# the split's own orderings
	clean $m "$o/weak-fields-folio-lock.scn"
done
for m in mut-try-get-relaxed mut-unfreeze-relaxed mut-dec-and-test-relaxed; do
	clean $m "$o/weak-fields-slot.scn"
done
for m in mut-unfreeze-relaxed mut-try-get-relaxed; do
	t=$(titles $m "$o/weak-fields-split.scn")
	[ -n "$t" ] || fail "$m on weak-fields-split.scn: no finding"
	echo "$t" | grep -q 'folio->' && fail "$m on weak-fields-split.scn: a field finding: $t"
done
echo "ok: unreachable as documented: fields under the folio lock or the page cache slot; the toy split's fields"
