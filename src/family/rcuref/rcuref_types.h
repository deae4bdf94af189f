/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rcuref_t: include/linux/types.h's in the kernel (v6.4+), which every
 * rcuref.h takes for granted. The shim's types.h has no atomic_t (that is
 * linux/atomic.h's), so the family's adapter (variant.c) and its world
 * define it here, before the variant is included. Keep in sync.
 */
#ifndef PR_RCUREF_TYPES_H
#define PR_RCUREF_TYPES_H

#include <linux/atomic.h>

typedef struct {
	atomic_t refcnt;
} rcuref_t;

#define RCUREF_INIT(i)	{ .refcnt = ATOMIC_INIT(i - 1) }

#endif
