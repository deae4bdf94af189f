/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/lockdep.h>: STUBBED. Nothing of lockdep is on a refcount path;
 * what rcuref.h uses of it (RCU_LOCKDEP_WARN, rcu_read_lock_held) is
 * <linux/rcupdate.h>'s.
 */
#ifndef __LINUX_LOCKDEP_H
#define __LINUX_LOCKDEP_H

#define lockdep_assert_held(l)		do { (void)(l); } while (0)
#define lockdep_assert_irqs_disabled()	do { } while (0)

#endif /* __LINUX_LOCKDEP_H */
