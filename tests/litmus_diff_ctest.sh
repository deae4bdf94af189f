#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The differential against herd7 at a small fixed N (the 2,000-test figure is
# bench/litmus_diff.sh's): 0 unsound, and the LKMM enumeration is herd7 on
# every test. Skipped (77) when herd7 is absent.
# Usage: litmus_diff_ctest.sh PAGEREF SRCDIR N SEED
PAGEREF=$1 HERD7=${HERD7:-$2/../shared/tools/herd7/herd7} exec "$2"/bench/litmus_diff.sh "$3" "$4" \
	"$(dirname "$1")/litmus-diff-$4"
