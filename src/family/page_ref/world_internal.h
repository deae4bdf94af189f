/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The toy mm's shared state and calls, for its files and nobody else:
 *   world.c           the state, the op dispatch, setup, the run
 *   page_alloc.c      the buddy allocator (mm/page_alloc.c)
 *   swap.c            __folio_put and the destructors (mm/swap.c)
 *   filemap.c         the page cache and its lockless lookup (mm/filemap.c)
 *   memory_hotplug.c  the pfn walker (do_migrate_range)
 *   gup.c             GUP pins (mm/gup.c)
 *   huge_memory.c     split and migration: freeze, work, unfreeze
 *   misuse.c          misuse mode
 *   contents.c        the page's contents as published plain accesses
 *   fields.c          the folio's mapping, index and flags, published likewise
 * The world is compiled once; the variant of the run is pr_api (api.h), and
 * the page refcount API is spelled below as the kernel spells it.
 *
 * Ordering contract with the ledger (ledger.h): a holder gives up a
 * reference in the ledger *before* the API call that drops it, and a getter
 * records one *after* the API call that took it returned true, so at every
 * scheduling point the ledger never counts more than the variant should.
 * A page becomes live (or unfrozen) in the ledger *before* the atomic that
 * lets other CPUs take references; it becomes frozen or free *after* the
 * atomic that stops them. With fibers the code between two atomics runs
 * alone; on real threads (sched_real_run) these rules are what keeps the
 * ledger true.
 */
#ifndef PR_PAGE_REF_WORLD_INTERNAL_H
#define PR_PAGE_REF_WORLD_INTERNAL_H

#include <linux/compiler.h>
#include <linux/mm_types.h>
#include <linux/page-flags.h>
#include <linux/rcupdate.h>

#include "api.h"
#include "ledger.h"
#include "world.h"
#include "../../memory/orderings.h"
#include "../../memory/wmm.h"
#include "../../runtime/sched.h"
#include "../../runtime/trace.h"

#define PAGE_MEM_SIZE		64
#define GUP_PIN_COUNTING_BIAS	(1U << 10)

/* ---- the state (world.c) ---- */
extern struct page mem_map[WORLD_MAX_PFNS];
extern int8_t buddy_order[WORLD_MAX_PFNS];	/* free block head: order, else -1 */
extern uint32_t buddy_mask[WORLD_MAX_ORDER + 1];	/* the same, as a set of pfns per order */
extern bool pfn_online[WORLD_MAX_PFNS];
extern int8_t lock_owner[WORLD_MAX_PFNS];	/* folio lock (PG_locked) holder, or -1 */
extern struct folio *i_pages[WORLD_CACHE_SLOTS];	/* the page cache */
extern const struct program *world_prog;
extern int world_opts;
extern bool world_abandoned;	/* an unchecked misuse ended the run early */
extern struct address_space { int unused; } the_mapping;	/* never printed */
extern const char *const dtor_names[NR_WORLD_TYPES];

/* Per simulated CPU: the op running, for titles and the destructor choice. */
extern const char *cpu_caller[PR_MAX_THREADS];
extern uint8_t cpu_op[PR_MAX_THREADS];
extern int cpu_intent[PR_MAX_THREADS];	/* caller-dtor: the type the putter believes */
extern bool cpu_freed[PR_MAX_THREADS];	/* this op's put freed the folio */
#define cur_caller cpu_caller[sched_current()]
#define cur_op cpu_op[sched_current()]
#define put_intent cpu_intent[sched_current()]

/* The variant of this run (world.c). */
extern const struct page_ref_api *pr_api;

static inline struct page *pfn_to_page(int pfn)
{
	return &mem_map[pfn];
}

static inline int page_to_pfn(const struct page *page)
{
	return (int)(page - mem_map);
}

static inline int folio_pfn(const struct folio *folio)
{
	return page_to_pfn(&folio->page);
}

/* ---- the variant's API, as the kernel spells it ---- */
#define page_ref_count(page)		(pr_api->page_ref_count(page))
#define set_page_count(page, v)		(pr_api->set_page_count(page, v))
#define init_page_count(page)		(pr_api->init_page_count(page))
#define set_page_count_frozen(page)	(pr_api->set_page_count_frozen(page))
#define page_ref_inc(page)		(pr_api->page_ref_inc(page))
#define page_ref_dec(page)		(pr_api->page_ref_dec(page))
#define folio_ref_add(folio, nr)	(pr_api->folio_ref_add(folio, nr))
#define folio_ref_sub(folio, nr)	(pr_api->folio_ref_sub(folio, nr))
#define folio_try_get(folio)		(pr_api->folio_try_get(folio))
#define folio_ref_try_add(folio, nr)	(pr_api->folio_ref_try_add(folio, nr))
#define folio_ref_freeze(folio, c)	(pr_api->folio_ref_freeze(folio, c))
#define folio_ref_unfreeze(folio, c)	(pr_api->folio_ref_unfreeze(folio, c))
#define folio_get(folio)		(pr_api->folio_get(folio))
#define folio_put(folio)		(pr_api->folio_put(folio))
#define folio_put_refs(folio, refs)	(pr_api->folio_put_refs(folio, refs))
#define set_page_refcounted(page)	(pr_api->set_page_refcounted(page))
#define try_grab_folio_fast(folio)	(pr_api->try_grab_folio_fast(folio))

/*
 * Calls into the variant. In the real-thread mode they run without the world
 * lock (src/runtime/sched.h); with fibers these are plain calls.
 */
#define VCALL(expr) ({ sched_vcall_enter(); __typeof__(expr) __vret = (expr); sched_vcall_exit(); __vret; })
#define VCALLV(stmt) do { sched_vcall_enter(); stmt; sched_vcall_exit(); } while (0)

/*
 * A call of the page_ref API with the ordering its documentation promises
 * (src/memory/wmm.c judges the variant's real orderings against it).
 */
#define API(name, c, expr) ({ api_begin(name, c); __typeof__(expr) __ar = VCALL(expr); \
			      api_end(__ar); __ar; })
#define APIV(name, c, stmt) do { api_begin(name, c); VCALLV(stmt); api_end(true); } while (0)
void api_begin(const char *name, enum wmm_contract c);
void api_end(bool success);

/* The kernel locks of the world, for the memory model. */
#define LOCK_ZONE		0
#define LOCK_SLOT(index)	(1 + (index))
#define LOCK_FOLIO(pfn)		(1 + WORLD_CACHE_SLOTS + (pfn))

/* ---- steps in the trace ---- */
#define STEP(fmt, a, b, c)							\
	do {									\
		if (trace_on)							\
			trace_record(EV_STEP, sched_current(), NULL, fmt, a, b, c);	\
	} while (0)

/*
 * A page's contents from allocation to free: heap memory under
 * AddressSanitizer, so a use through a stale pointer is its report too; a
 * buffer of the pfn's own otherwise (no allocator on the hot path).
 */
#if defined(__SANITIZE_ADDRESS__)
#define PAGE_MEM_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PAGE_MEM_HEAP 1
#endif
#endif
void *page_mem_alloc(int pfn);
void page_mem_free(void *mem);

/* ---- holdings (world.c) ---- */
/* the head of the folio @pfn is in (the pfn itself when it is not a tail) */
static inline int head_pfn_of(int pfn)
{
	return folio_pfn(page_folio(pfn_to_page(pfn)));
}
/* CPU @t drops @n references of holding @h from the ledger (before the API call). */
void world_put(int t, struct lhold *h, int64_t n);

/* ---- contents.c ---- */
extern int contents[WORLD_MAX_PFNS];
extern uint8_t contents_nwrites[WORLD_MAX_PFNS];
void contents_write(int pfn);
void contents_read_weak(int t, int pfn, const char *after);
/* CPU @t reads the contents of @pfn, held since @after (judged under --memory weak only) */
static inline void contents_read(int t, int pfn, const char *after)
{
	if (wmm_on())	/* sc runs pay no call (issue 23) */
		contents_read_weak(t, pfn, after);
}
void use_contents(int t, struct lhold *h, const char *caller);

/* ---- fields.c ---- */
enum folio_field { FIELD_MAPPING, FIELD_INDEX, FIELD_FLAGS, NR_FOLIO_FIELDS };
void fields_reset(void);
void field_write_weak(int field, int pfn, bool freed);
void field_read_weak(int t, int field, int pfn, const char *after, const char *use);
/* the world has just written @field of the folio at @pfn (@freed: free_pages_prepare) */
static inline void field_write(int field, int pfn, bool freed)
{
	if (wmm_on())	/* the model's locations only: sc runs pay no call */
		field_write_weak(field, pfn, freed);
}
/* CPU @t, holding the folio at @pfn since @after, reads @field; @use: what for */
static inline void field_read(int t, int field, int pfn, const char *after, const char *use)
{
	if (wmm_on())
		field_read_weak(t, field, pfn, after, use);
}

/* ---- page_alloc.c ---- */
void free_frozen_pages(struct page *page, int order, const char *caller);
void __free_pages_core(struct page *page, int order);
/* Returns the head pfn, frozen, or -1. */
int alloc_frozen_pages(int t, int want, int order, int type);
void op_alloc(int t, const struct pr_record *r, bool frozen);
void op_set_refcounted(int t, struct lhold *h);

/* ---- filemap.c ---- */
bool folio_lock(int t, int head);
void folio_unlock(int head);
void op_cache_add(int t, struct lhold *h, int index);
void op_cache_delete(int t, struct lhold *h);
void op_cache_lookup(int t, int index, bool keep);

/* ---- memory_hotplug.c, gup.c, huge_memory.c, misuse.c ---- */
void op_pfn_walk(int t, int pfn, bool keep);
void op_gup_pin(int t, int pfn, uint8_t arg);
void op_freeze(int t, struct lhold *h);
void op_misuse(int t, int pfn, int kind);

#endif
