/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/rcupdate.h>: STUBBED. struct pages live in a static mem_map that is
 * never freed, which is all the RCU read side guarantees the refcount path.
 * Not on the refcount path: no atomics here.
 */
#ifndef __LINUX_RCUPDATE_H
#define __LINUX_RCUPDATE_H

#include <linux/bug.h>

static inline void rcu_read_lock(void) { }
static inline void rcu_read_unlock(void) { }
#define in_atomic() 1
#define irqs_disabled() 0

/*
 * CUSTOMISED: lockdep's view of RCU (CONFIG_PROVE_RCU), for headers that
 * check their callers' context (rcuref.h's RCU_LOCKDEP_WARN). A world that
 * models RCU read-side sections answers (src/family/rcuref/rcu.c); the
 * check is evaluated, and can fire, only while it says lockdep is on.
 */
#ifdef SHIM_NO_HOOKS
static inline int debug_lockdep_rcu_enabled(void) { return 0; }
static inline int rcu_read_lock_held(void) { return 1; }
#else
int debug_lockdep_rcu_enabled(void);
int rcu_read_lock_held(void);
#endif
#define RCU_LOCKDEP_WARN(c, s)							\
	do {									\
		if (debug_lockdep_rcu_enabled())				\
			(void)__SHIM_WARN("RCU_LOCKDEP_WARN", NULL, 1, c,	\
					  "RCU_LOCKDEP_WARN(" #c "): " s);	\
	} while (0)
#endif
