/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one boundary between the kernel-facing shim and the runtime.
 *
 * Why this file exists: every atomic operation a page_ref.h variant performs
 * and every debug assertion it evaluates must reach the engine, so that
 *   (1) the scheduler can switch simulated CPUs *before* the atomic executes
 *       (shim_before), which is what makes interleavings data, and
 *   (2) the execution record sees the atomic's old -> new value, memory order
 *       and variant file:line (shim_after), and under --memory weak the
 *       memory model decides which store a load reads (shim_load,
 *       shim_store, shim_fence), and
 *   (3) a VM_BUG_ON/WARN becomes a finding (shim_assert_fired), and
 *   (4) every evaluation of a check, fired or not, is counted per site
 *       (shim_check_eval): a check that is evaluated on the pages it exists
 *       to catch and never fires is how "asserts that were never firing"
 *       shows, and a check evaluated inside a misused API call is the
 *       header's own promise that the misuse is caught (src/oracle).
 * The shim never decides anything itself; it only reports to these hooks.
 * Sites are static, so recording one costs a pointer store.
 */
#ifndef _SHIM_HOOKS_H
#define _SHIM_HOOKS_H

#include <stdbool.h>

#include "../../../src/abi/shim_abi.h"	/* the types and the runtime's prototypes */

/* One per translation unit: tells apart the sites of each variant's world. */
static const char __shim_tu __attribute__((unused));

#define SHIM_CHECK_SITE(nm, k, text)                                           \
	({                                                                     \
		static struct shim_check __shim_check = {                      \
			.name = nm, .func = __func__, .file = __FILE__,        \
			.line = __LINE__, .kind = k, .cond = text,             \
			.tu = &__shim_tu };                                    \
		static struct shim_check *const __shim_check_ptr               \
			__attribute__((section("shim_checks"), used)) =        \
				&__shim_check;                                 \
		(void)__shim_check_ptr;                                        \
		&__shim_check;                                                 \
	})

/* Declare a static site at the point of use. */
#define SHIM_SITE(opname, ord)                                                 \
	({                                                                     \
		static const struct shim_site __shim_site = {                  \
			opname, __func__, __FILE__, __LINE__, ord };           \
		&__shim_site;                                                  \
	})

#ifdef SHIM_NO_HOOKS
/*
 * Real atomics and nothing else (bench/scale.c): no scheduling point, no
 * record; a check that fires aborts, as BUG() would.
 */
#include <stdio.h>
#include <stdlib.h>
#define shim_smp 1
static inline void shim_before(const struct shim_site *site) { (void)site; }
static inline void shim_after(const struct shim_site *site, const void *v, int old, int new, int ret)
{
	(void)site; (void)v; (void)old; (void)new; (void)ret;
}
static inline void shim_assert_fired(enum shim_assert_kind kind, const struct shim_site *site,
				     const struct page *page, const char *cond)
{
	(void)kind; (void)page;
	fprintf(stderr, "%s in %s: %s\n", kind == SHIM_BUG ? "kernel BUG" : "WARNING", site->func, cond);
	abort();
}
static inline void shim_dump_page(const struct page *page, const char *reason)
{
	(void)page; (void)reason;
}
static inline void shim_check_eval(struct shim_check *c, const struct page *page, int fired)
{
	(void)c; (void)page; (void)fired;
}
static inline int shim_load(const struct shim_site *s, const void *v, int latest)
{
	(void)s; (void)v;
	return latest;
}
static inline void shim_store(const struct shim_site *s, const void *v, int value, int rmw, int stored)
{
	(void)s; (void)v; (void)value; (void)rmw; (void)stored;
}
static inline void shim_fence(const struct shim_site *s)
{
	(void)s;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
#else
/*
 * The runtime's side is declared in src/abi/shim_abi.h. The fast path. Why: the hooks cost more than the atomics they report
 * (issue 23). In a sequentially consistent run without the orderings
 * table, shim_load, shim_store and shim_fence have nothing to do but the
 * access itself; with no trace, no observer and no feedback counters
 * either, neither has shim_after. The runtime says which of the two holds
 * for the run (src/runtime/shim_hooks.c, sched_fast_begin) in shim_full,
 * and these inline hooks then cost one test. Otherwise (--memory weak, `pageref
 * orderings`, a traced replay, the explorer, a fuzz build's feedback)
 * they call their full path, as before.
 */
static inline void shim_after(const struct shim_site *site, const void *v, int old, int new, int ret)
{
	if (shim_full & SHIM_FULL_AFTER)
		shim_after_full(site, v, old, new, ret);
}

/*
 * The memory model (src/memory, --memory weak): a load may return an older
 * store than @latest (the value in memory); every store and RMW (@rmw; a
 * failed cmpxchg has !@stored) and every barrier is recorded with the
 * site's ordering. Sequentially consistent: @latest, and nothing recorded.
 */
static inline int shim_load(const struct shim_site *s, const void *v, int latest)
{
	return shim_full & SHIM_FULL_MEM ? shim_load_full(s, v, latest) : latest;
}

static inline void shim_store(const struct shim_site *s, const void *v, int value, int rmw, int stored)
{
	if (shim_full & SHIM_FULL_MEM)
		shim_store_full(s, v, value, rmw, stored);
}

static inline void shim_fence(const struct shim_site *s)
{
	if (shim_smp)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (shim_full & SHIM_FULL_MEM)
		shim_fence_full(s);
}

#endif

#endif /* _SHIM_HOOKS_H */
