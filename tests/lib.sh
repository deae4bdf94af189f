# SPDX-License-Identifier: GPL-2.0
# Shell the test scripts share: source it (. "$(dirname "$0")/lib.sh").

# expect_of SCENARIO VARIANT: the verdict SCENARIO expects on VARIANT, its
# reached=N dropped: the line naming it, else the "expect *" line (every
# shipped variant no other line names); empty if neither.
expect_of() {
	local v
	v=$(sed -n "s/^expect $2 //p" "$1" | sed 's/^reached=[0-9]* //')
	[ -n "$v" ] || v=$(sed -n 's/^expect \* //p' "$1" | sed 's/^reached=[0-9]* //')
	printf '%s\n' "$v"
}

# fail MSG: print it and remember the test failed (check $failed at the end)
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# cut_tree BUILTIN TREE FIRST: a built-in variant file cut into a kernel
# tree's files at its section markers ("/* ==== lib/refcount.c ==== */",
# "/* ---- lib/rcuref.c ---- */"); the lines before the first marker go to
# FIRST. The trees the tests read are made so: no kernel copy is kept.
cut_tree() {
	mkdir -p "$2/$(dirname "$3")"
	awk -v d="$2" -v first="$3" '
		/^\/\* (=+|-+) [A-Za-z0-9_\/.-]+\.[ch] (=+|-+) \*\/$/ {
			f = $0; sub(/^\/\* [=-]+ /, "", f); sub(/ [=-]+ \*\/$/, "", f)
			dir = d "/" f; sub(/\/[^\/]*$/, "", dir); system("mkdir -p \"" dir "\"")
			f = d "/" f
		}
		{ print > (f ? f : d "/" first) }' "$1"
}
