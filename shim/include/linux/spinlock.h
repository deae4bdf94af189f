/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/spinlock.h>: CUSTOMISED FOR TESTING. spin_lock() and friends on the
 * world's toy locks (<linux/spinlock_types.h>). The functions are the
 * world's (src/family/refcount/locks.c): called from a variant's code
 * (refcount_dec_and_lock() in lib/refcount.c) they are world steps, not
 * atomics of the variant. Interrupts do not exist here: the _irqsave forms
 * only set the flags.
 */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H

#include <linux/export.h>
#include <linux/spinlock_types.h>

void shim_spin_lock(spinlock_t *lock);
void shim_spin_unlock(spinlock_t *lock);

#define spin_lock(lock)		shim_spin_lock(lock)
#define spin_unlock(lock)	shim_spin_unlock(lock)
#define spin_lock_irqsave(lock, flags)	do { (flags) = 0; shim_spin_lock(lock); } while (0)
#define spin_unlock_irqrestore(lock, flags)	do { (void)(flags); shim_spin_unlock(lock); } while (0)

#endif
