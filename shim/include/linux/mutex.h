/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/mutex.h>: CUSTOMISED FOR TESTING. A mutex is a sleeping lock of the
 * world (src/family/refcount/locks.c): a waiter yields to the holder, as
 * with a spinlock_t; there is no sleeping otherwise.
 */
#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H

#include <linux/export.h>
#include <linux/spinlock_types.h>

struct mutex {
	spinlock_t wait_lock;
};

void shim_mutex_lock(struct mutex *lock);
void shim_mutex_unlock(struct mutex *lock);

#define mutex_lock(lock)	shim_mutex_lock(lock)
#define mutex_unlock(lock)	shim_mutex_unlock(lock)

#endif
