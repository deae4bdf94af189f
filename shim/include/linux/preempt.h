/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/preempt.h>: CUSTOMISED FOR TESTING. The preemption count is what
 * RCU's grace periods look at (since v4.20 a preempt-disabled region is a
 * read-side critical section of the one consolidated RCU flavour), so it
 * reaches the world that models RCU (the rcuref family's:
 * src/family/rcuref/rcu.c), per simulated CPU. Disabling preemption does
 * not stop the engine from switching CPUs: a simulated CPU models a CPU,
 * and another CPU runs on while this one sits in its critical section
 * (an interrupt, a vCPU preemption); what it stops is a grace period
 * ending meanwhile. Not a scheduling point, no atomics.
 */
#ifndef __LINUX_PREEMPT_H
#define __LINUX_PREEMPT_H

#include <linux/compiler.h>

#ifndef barrier
#define barrier() __asm__ __volatile__("" : : : "memory")
#endif

#ifndef irqs_disabled
#define irqs_disabled() 0
#endif

#ifdef SHIM_NO_HOOKS
static inline void preempt_count_add(int val) { (void)val; }
static inline void preempt_count_sub(int val) { (void)val; }
static inline int preempt_count(void) { return 0; }
#else
/* The world's RCU model: this CPU's preemption count. */
void preempt_count_add(int val);
void preempt_count_sub(int val);
int preempt_count(void);
#endif

#define preempt_count_inc()	preempt_count_add(1)
#define preempt_count_dec()	preempt_count_sub(1)
#define preempt_disable()	do { preempt_count_inc(); barrier(); } while (0)
/* no rescheduling point: the engine's CPUs are always "running" */
#define preempt_enable()	do { barrier(); preempt_count_dec(); } while (0)
#define preempt_disable_notrace()	preempt_disable()
#define preempt_enable_notrace()	preempt_enable()
/* CONFIG_PREEMPT_COUNT: the count is kept */
#define preemptible()		(preempt_count() == 0 && !irqs_disabled())

#endif /* __LINUX_PREEMPT_H */
