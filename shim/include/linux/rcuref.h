/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/rcuref.h>: CUSTOMISED FOR TESTING. There is no rcuref.h of the
 * shim: the variant's own (a tree's include/linux/rcuref.h, or the first
 * half of a built-in variant) is included by the rcuref family's adapter
 * (src/family/rcuref/variant.c) before the variant's lib/rcuref.c, whose
 * "#include <linux/rcuref.h>" lands here and finds it already defined.
 */
#ifndef _LINUX_RCUREF_H
#error "linux/rcuref.h: the variant's rcuref.h must come first (src/family/rcuref/variant.c)"
#endif
