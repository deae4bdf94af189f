/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/refcount_types.h>: DUPLICATED in substance from the kernel (v6.12
 * and later keep the type here; before, refcount.h defines it itself, under
 * the same name). A tree's own copy, when it has one, is included instead.
 */
#ifndef _LINUX_REFCOUNT_TYPES_H
#define _LINUX_REFCOUNT_TYPES_H

#include <linux/atomic.h>
#include <linux/types.h>

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#endif
