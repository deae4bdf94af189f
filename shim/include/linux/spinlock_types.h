/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/spinlock_types.h>: CUSTOMISED FOR TESTING. A spinlock_t is a lock
 * of the world that owns it (src/family/refcount/locks.c: waiting is a
 * scheduling point, a handoff is a lock of the memory model), not the
 * kernel's: refcount.h only names the type, lib/refcount.c takes and drops
 * it through <linux/spinlock.h>.
 */
#ifndef __LINUX_SPINLOCK_TYPES_H
#define __LINUX_SPINLOCK_TYPES_H

typedef struct spinlock {
	int owner;		/* the CPU holding it, -1: free */
	int id;			/* the world's number for it (the memory model's lock) */
	const char *name;	/* for traces and reports */
} spinlock_t;

#endif
