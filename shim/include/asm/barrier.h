/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <asm/barrier.h>: CUSTOMISED FOR TESTING. The barriers page_ref.h and the
 * atomics rely on: each is a step of the engine (a scheduling point, traced)
 * and, under --memory weak, a fence of the memory model (src/memory/wmm.c):
 * smp_mb() full, smp_mb__{before,after}_atomic() full around an RMW only,
 * smp_rmb() orders earlier loads, smp_wmb() the CPU's own earlier stores. Sequentially consistent: a real
 * fence, nothing else. (Pre-v4.19 page_ref_unfreeze() puts smp_mb() before
 * a plain atomic_set(); later kernels use atomic_set_release.)
 */
#ifndef _ASM_BARRIER_H
#define _ASM_BARRIER_H

#include <shim/hooks.h>

static inline void __shim_barrier(const struct shim_site *s)
{
	shim_before(s);
	shim_fence(s);
	shim_after(s, NULL, 0, 0, 0);
}

#define smp_mb()		__shim_barrier(SHIM_SITE("smp_mb", SHIM_ORDER_FULL))
#define smp_rmb()		__shim_barrier(SHIM_SITE("smp_rmb", SHIM_ORDER_ACQUIRE))
#define smp_wmb()		__shim_barrier(SHIM_SITE("smp_wmb", SHIM_ORDER_RELEASE))
#define smp_mb__before_atomic()	__shim_barrier(SHIM_SITE("smp_mb__before_atomic", SHIM_ORDER_FULL))
#define smp_mb__after_atomic()	__shim_barrier(SHIM_SITE("smp_mb__after_atomic", SHIM_ORDER_FULL))
/* the kernel's generic one is smp_rmb(): with the control dependency, an acquire */
#define smp_acquire__after_ctrl_dep()	__shim_barrier(SHIM_SITE("smp_rmb", SHIM_ORDER_ACQUIRE))

#endif
