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
