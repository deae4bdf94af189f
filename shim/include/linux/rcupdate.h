/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/rcupdate.h>: STUBBED. struct pages live in a static mem_map that is
 * never freed, which is all the RCU read side guarantees the refcount path.
 * Not on the refcount path: no atomics here.
 */
#ifndef __LINUX_RCUPDATE_H
#define __LINUX_RCUPDATE_H
static inline void rcu_read_lock(void) { }
static inline void rcu_read_unlock(void) { }
#define in_atomic() 1
#define irqs_disabled() 0
#endif
