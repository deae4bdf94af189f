/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one boundary between the kernel-facing shim and the runtime.
 *
 * Why this file exists: every atomic operation a page_ref.h variant performs
 * and every debug assertion it evaluates must reach the engine, so that
 *   (1) the scheduler can switch simulated CPUs *before* the atomic executes
 *       (shim_before), which is what makes interleavings data, and
 *   (2) the execution record sees the atomic's old -> new value, memory order
 *       and variant file:line (shim_after), and
 *   (3) a VM_BUG_ON/WARN becomes a finding (shim_assert_fired).
 * The shim never decides anything itself; it only reports to these hooks.
 * Sites are static, so recording one costs a pointer store.
 */
#ifndef _SHIM_HOOKS_H
#define _SHIM_HOOKS_H

#include <stdbool.h>

struct page;

enum shim_order {
	SHIM_ORDER_NONE,	/* plain read/set: no ordering */
	SHIM_ORDER_RELAXED,
	SHIM_ORDER_ACQUIRE,
	SHIM_ORDER_RELEASE,
	SHIM_ORDER_FULL,	/* fully ordered (value-returning RMW) */
};

struct shim_site {
	const char *op;		/* "atomic_dec_and_test" */
	const char *func;	/* enclosing function: "page_ref_dec_and_test" */
	const char *file;
	int line;
	unsigned char order;	/* enum shim_order */
};

enum shim_assert_kind {
	SHIM_BUG,		/* VM_BUG_ON*, BUG_ON: kernel BUG */
	SHIM_WARN,		/* VM_WARN_ON*, WARN_ON*: WARNING (panic_on_warn) */
};

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
#else
/* Runtime side (src/runtime): */
void shim_before(const struct shim_site *site);
void shim_after(const struct shim_site *site, const void *v, int old, int new, int ret);
void shim_assert_fired(enum shim_assert_kind kind, const struct shim_site *site,
		       const struct page *page, const char *cond);
void shim_dump_page(const struct page *page, const char *reason);
#endif

#endif /* _SHIM_HOOKS_H */
