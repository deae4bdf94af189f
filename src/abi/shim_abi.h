/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the shim and the runtime, the ground floor every
 * room stands on: what a site and a check site are, and the hooks the
 * runtime defines (src/runtime/shim_hooks.c, src/oracle/checks.c) for the
 * shim's headers to call (shim/include/shim/hooks.h: why they exist, and
 * the inline fast path in front of them). Types and prototypes only: it
 * includes nothing of the project and calls nothing.
 */
#ifndef PR_SHIM_ABI_H
#define PR_SHIM_ABI_H

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

/*
 * A check site: one VM_BUG_ON* / VM_WARN_ON* / WARN_ON* / BUG_ON expansion.
 * Each is a static object whose address is also placed in the "shim_checks"
 * section, so the runtime can list every site compiled in, evaluated or
 * not; @tu tells which translation unit (which variant's world) it is in.
 * The counters are the runtime's (relaxed atomics: real-thread mode).
 */
struct shim_check {
	const char *name;	/* "VM_BUG_ON_PAGE" */
	const char *func;	/* enclosing function: "page_ref_inc" */
	const char *file;
	int line;
	unsigned char kind;	/* enum shim_assert_kind */
	const char *cond;	/* "VM_BUG_ON_PAGE(cond)" as written */
	const void *tu;
	unsigned long evals, fired;
	unsigned long on_witness[3];	/* the ground truth's state: page_ref's frozen, free, tail */
	unsigned long misuse_evals, misuse_fired;	/* in a misused call, on such a page */
};

#ifndef SHIM_NO_HOOKS	/* bench/scale.c: hooks.h's inline no-ops instead */
void shim_before(const struct shim_site *site);
/*
 * 1 while CPUs are real threads (src/runtime/real.c): the shim's accesses
 * are then the real atomics with their orderings. 0 while CPUs are fibers
 * of one OS thread: nothing can run between an access's load and its
 * store, so they are plain ones (no locked instruction, no fence), and the
 * memory model, not the hardware, says what a load may see.
 */
extern unsigned char shim_smp;
void shim_assert_fired(enum shim_assert_kind kind, const struct shim_site *site,
		       const struct page *page, const char *cond);
void shim_dump_page(const struct page *page, const char *reason);

/* shim_full: which hooks have work in this run (shim/hooks.h's fast path) */
#define SHIM_FULL_MEM	1	/* shim_load/store/fence: the memory model, the orderings table */
#define SHIM_FULL_AFTER	2	/* shim_after: the trace, the observer, the feedback */
extern unsigned char shim_full;
void shim_after_full(const struct shim_site *site, const void *v, int old, int new, int ret);
int shim_load_full(const struct shim_site *s, const void *v, int latest);
void shim_store_full(const struct shim_site *s, const void *v, int value, int rmw, int stored);
void shim_fence_full(const struct shim_site *s);

/* Every evaluation of a check site; @page: the page it names, or NULL. */
void shim_check_eval(struct shim_check *c, const struct page *page, int fired);
#endif

#endif /* PR_SHIM_ABI_H */
