// SPDX-License-Identifier: GPL-2.0
/*
 * The toy mm: a buddy allocator over WORLD_MAX_PFNS struct pages, a page
 * cache, a pfn walker, GUP pins and freeze/unfreeze, each written like the
 * kernel caller it mirrors (kernel-facts.md) and calling the variant's
 * page_ref.h. Compiled once per variant (-DPAGEREF_VARIANT_HEADER,
 * -DWORLD_ID); everything is static except the exported world_<id> table.
 *
 * Ordering contract with the ledger (src/oracle): a holder gives up a
 * reference in the ledger *before* the API call that drops it, and a getter
 * records one *after* the API call that took it returned true, so at every
 * scheduling point the ledger never counts more than the variant should.
 * A page becomes live (or unfrozen) in the ledger *before* the atomic that
 * lets other CPUs take references; it becomes frozen or free *after* the
 * atomic that stops them. With fibers the code between two atomics runs
 * alone; on real threads (sched_real_run) these rules are what keeps the
 * ledger true.
 * Page contents are heap memory from allocation to free, so AddressSanitizer
 * sees a use through a stale reference even if the ledger did not.
 */
#include <linux/mm.h>

#include "world.h"
#include "../oracle/oracle.h"
#include "../runtime/sched.h"
#include "../runtime/trace.h"
#include "../memory/wmm.h"

#include <stdlib.h>
#include <string.h>

#define __WSTR2(x) #x
#define __WSTR(x) __WSTR2(x)
#define __WCAT2(a, b) a##b
#define __WCAT(a, b) __WCAT2(a, b)

#define PAGE_MEM_SIZE 64

static struct page mem_map[WORLD_MAX_PFNS];
static int8_t buddy_order[WORLD_MAX_PFNS];	/* free block head: order, else -1 */
static bool online[WORLD_MAX_PFNS];
static int8_t lock_owner[WORLD_MAX_PFNS];	/* folio lock (PG_locked) holder, or -1 */
static struct folio *i_pages[WORLD_CACHE_SLOTS];	/* the page cache */
static const struct program *prog;
static int opts;
static bool run_abandoned;	/* an unchecked misuse ended the run early */

/* The one address_space of the world; its address is never printed. */
static struct address_space { int unused; } the_mapping;

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

static const char *const dtor_names[NR_WORLD_TYPES] = {
	"free_unref_folio", "page_cache_release", "free_huge_folio",
};

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
#define API(name, c, expr) ({ wmm_api_begin(name, c); __typeof__(expr) __ar = VCALL(expr); \
			      wmm_api_end(__ar); __ar; })
#define APIV(name, c, stmt) do { wmm_api_begin(name, c); VCALLV(stmt); wmm_api_end(true); } while (0)

/* The kernel locks of the world, for the memory model. */
#define LOCK_ZONE		0
#define LOCK_SLOT(index)	(1 + (index))
#define LOCK_FOLIO(pfn)		(1 + WORLD_CACHE_SLOTS + (pfn))

/* ---- steps in the trace ---- */
#define STEP(fmt, a, b, c) trace_add(EV_STEP, sched_current(), NULL, fmt, a, b, c)

/* Per simulated CPU: the op running, for titles and the destructor choice. */
static const char *caller_of[PR_MAX_THREADS];
static uint8_t op_of[PR_MAX_THREADS];
static int intent_of[PR_MAX_THREADS];	/* caller-dtor: the type the putter believes */
#define cur_caller caller_of[sched_current()]
#define cur_op op_of[sched_current()]
#define put_intent intent_of[sched_current()]
static bool freed_by[PR_MAX_THREADS];	/* this op's put freed the folio */

/*
 * ---- the page's contents, as published plain accesses ----
 * What an owner writes into the page (its type, mapping, data) is one
 * location per pfn for the memory model: a token (lifetime, write number).
 * Written at allocation, by a holder's use and by split/migration; read
 * after a successful get, freeze or use, and by the CPU that frees the page.
 * Under --memory weak a read may see an older token; one older than the
 * documented orderings promise is a finding (the variant's barriers are
 * weaker than its API). Sequentially consistent: no effect.
 */
static int contents[WORLD_MAX_PFNS];
static uint8_t contents_nwrites[WORLD_MAX_PFNS];

#define CONTENTS_TOKEN(gen, n)	((int)((gen) << 8 | ((n) & 0xff)))

static void contents_write(int pfn)
{
	int tok = CONTENTS_TOKEN(ledger.page[pfn].gen, ++contents_nwrites[pfn]);

	wmm_payload_store(&contents[pfn], tok);
	contents[pfn] = tok;
}

static void contents_read(int t, int pfn, const char *after)
{
	struct wmm_read r;

	if (!wmm_on())
		return;
	wmm_payload_load(&contents[pfn], &r);
	if (r.stale)
		STEP("reads pfn %d contents: lifetime %d, write %d (stale)", pfn, r.value >> 8, r.value & 0xff);
	oracle_contents(t, pfn, &r, after, caller_of[t]);
}

/* ---- the allocator: mm/page_alloc.c, trimmed ---- */

static void world_set_page_count_frozen(struct page *page)
{
#if defined(PAGEREF_HAS_set_page_count_frozen)
	set_page_count_frozen(page);
#elif defined(PAGEREF_HAS_set_page_count_as_frozen)
	set_page_count_as_frozen(page);
#else
	set_page_count(page, 0);
#endif
}

/* mm/internal.h */
static void set_page_refcounted(struct page *page)
{
	VM_BUG_ON_PAGE(PageTail(page), page);
	VM_BUG_ON_PAGE(page_ref_count(page), page);
	init_page_count(page);
}


static void buddy_add(int pfn, int order)
{
	int i;

	for (;;) {
		int b = pfn ^ (1 << order);

		if (order >= WORLD_MAX_ORDER || buddy_order[b] != order)
			break;
		buddy_order[b] = -1;
		__ClearPageBuddy(&mem_map[b]);
		if (b < pfn)
			pfn = b;
		order++;
	}
	buddy_order[pfn] = (int8_t)order;
	__SetPageBuddy(&mem_map[pfn]);
	for (i = 0; i < (1 << order); i++) {
		ledger.page[pfn + i].state = LP_FREE;
		ledger.page[pfn + i].refs = 0;
	}
}

/* Take the free block holding @want (or the first one at or after it). */
static int buddy_take(int want, int order)
{
	int k, o, head = -1, ho = -1;

	for (o = 0; o <= WORLD_MAX_ORDER && head < 0; o++) {
		int h = want & ~((1 << o) - 1);

		if (buddy_order[h] == o && o >= order) {
			head = h;
			ho = o;
		}
	}
	for (k = 0; k < WORLD_MAX_PFNS && head < 0; k++) {
		int p = (want + k) % WORLD_MAX_PFNS;

		if (buddy_order[p] >= order) {
			head = p;
			ho = buddy_order[p];
			want = p;
		}
	}
	if (head < 0)
		return -1;
	buddy_order[head] = -1;
	__ClearPageBuddy(&mem_map[head]);
	while (ho > order) {
		int half;

		ho--;
		half = (want & (1 << ho)) ? head : head + (1 << ho);
		if (half == head)
			head += 1 << ho;
		buddy_order[half] = (int8_t)ho;
		__SetPageBuddy(&mem_map[half]);
	}
	return head;
}

static void free_pages_prepare(struct page *page, int order, const char *caller)
{
	int i;

	for (i = 0; i < (1 << order); i++) {
		struct page *p = page + i;

		if (unlikely(VCALL(page_ref_count(p)) != 0))
			oracle_bad_page(sched_current(), p, "nonzero _refcount", caller);
		if (i)
			WRITE_ONCE(p->compound_head, 0);
	}
	page->flags &= ~(1UL << PG_head);
	page->__shim_order = 0;
	page->mapping = NULL;
}


static void free_frozen_pages(struct page *page, int order, const char *caller)
{
	int pfn = page_to_pfn(page);

	wmm_lock_acquire(LOCK_ZONE);
	oracle_free(sched_current(), pfn, caller);
	free_pages_prepare(page, order, caller);
	free(page->__shim_mem);
	page->__shim_mem = NULL;
	buddy_add(pfn, order);
	wmm_lock_release(LOCK_ZONE);
}

static void __free_pages_core(struct page *page, int order)
{
	int i, pfn = page_to_pfn(page);

	for (i = 0; i < (1 << order); i++) {
		__ClearPageReserved(page + i);
		VCALLV(world_set_page_count_frozen(page + i));
	}
	for (i = 0; i < (1 << order); i++) {
		online[pfn + i] = true;
		ledger.page[pfn + i].state = LP_FROZEN;
	}
	free_pages_prepare(page, order, "__free_pages_core");
	/* __free_pages() takes the zone lock after the counts are written */
	wmm_lock_acquire(LOCK_ZONE);
	buddy_add(pfn, order);
	wmm_lock_release(LOCK_ZONE);
}

/* Returns the head pfn, frozen, or -1. */
static int alloc_frozen_pages(int t, int want, int order, int type)
{
	struct page *page;
	struct lpage *lp;
	int pfn, i;

	wmm_lock_acquire(LOCK_ZONE);
	pfn = buddy_take(want, order);
	if (pfn < 0) {
		wmm_lock_release(LOCK_ZONE);
		return -1;
	}
	page = pfn_to_page(pfn);
	for (i = 0; i < (1 << order); i++) {
		/* check_new_page() */
		if (unlikely(VCALL(page_ref_count(page + i)) != 0))
			oracle_bad_page(sched_current(), page + i, "nonzero _refcount", "alloc_pages");
	}
	/* prep_compound_page(): tails keep whatever refcount they had */
	if (order) {
		page->flags |= 1UL << PG_head;
		page->__shim_order = (unsigned char)order;
		for (i = 1; i < (1 << order); i++) {
			WRITE_ONCE(page[i].compound_head, (unsigned long)page | 1);
			ledger.page[pfn + i].state = LP_TAIL;
		}
	}
	page->__shim_type = (unsigned char)type;
	page->__shim_mem = calloc(1, PAGE_MEM_SIZE);
	lp = &ledger.page[pfn];
	lp->state = LP_FROZEN;
	lp->frozen_by = (uint8_t)t;
	lp->type = (uint8_t)type;
	lp->order = (uint8_t)order;
	lp->gen++;
	lp->refs = lp->cache_refs = lp->bg_refs = 0;
	contents_nwrites[pfn] = 0;
	contents_write(pfn);	/* prep_new_page(): the new owner's initial state */
	wmm_lock_release(LOCK_ZONE);
	return pfn;
}

/* ---- destructor and __folio_put: mm/swap.c ---- */


static void __folio_put(struct folio *folio)
{
	int pfn, type, dtor;

	sched_world_enter();
	wmm_api_end(true);	/* the put decided to free: its ordering is settled */
	pfn = folio_pfn(folio);
	contents_read(sched_current(), pfn, "the last put");
	type = folio->__shim_type;
	dtor = type;
	if ((opts & WOPT_CALLER_DTOR) && put_intent >= 0)
		dtor = put_intent;
	freed_by[sched_current()] = true;
	/* the destructor's work (uncharge, LRU removal) before the buddy free */
	sched_point_world();
	trace_add(EV_STEP, sched_current(), NULL, dtor == TYPE_ANON ?
		  "__folio_put(pfn %d) -> free_unref_folio" : dtor == TYPE_FILE ?
		  "__folio_put(pfn %d) -> page_cache_release" :
		  "__folio_put(pfn %d) -> free_huge_folio", pfn, 0, 0);
	oracle_destructor(sched_current(), pfn, dtor, type, dtor_names[dtor], cur_caller);
	free_frozen_pages(&folio->page, folio_order(folio), cur_caller);
	sched_world_exit_to_variant();
}

/* ---- holdings ---- */

static int head_pfn_of(int pfn)
{
	return folio_pfn(page_folio(pfn_to_page(pfn)));
}

static bool room(int t)
{
	int i;

	for (i = 0; i < WORLD_MAX_HOLDINGS; i++)
		if (ledger.hold[t][i].kind == LH_NONE)
			return true;
	return false;
}


static void use_contents(int t, struct lhold *h, const char *caller)
{
	struct page *page = pfn_to_page(h->pfn);

	if (!oracle_hold_valid(t, h, caller))
		return;
	contents_read(t, h->pfn, "getting the reference it uses");
	((volatile unsigned char *)page->__shim_mem)[t] ^= 1;
	contents_write(h->pfn);
}

/* Drop @n references of holding @h from the ledger (before the API call). */
static void ledger_put(int t, struct lhold *h, int64_t n)
{
	struct lpage *lp = &ledger.page[h->pfn];

	lp->refs -= n;
	lp->last_put_thread = (int8_t)t;
	lp->last_put_op = cur_op;
	h->n -= h->kind == LH_PIN ? 1 : n;
	put_intent = h->type_seen;
	if (h->n <= 0)
		ledger_drop_hold(h);
}



/* ---- the ops ---- */

static void op_alloc(int t, const struct pr_record *r, bool frozen)
{
	int order = r->arg & 3, type = (r->arg >> 2) & 3;
	int pfn;

	if (!room(t)) {
		STEP("skipped: no room for another reference", 0, 0, 0);
		return;
	}
	pfn = alloc_frozen_pages(t, r->pfn, order, type);
	if (pfn < 0) {
		STEP("= NULL (no free block of order %d)", order, 0, 0);
		return;
	}
	if (frozen) {
		ledger_add_hold(t, LH_FROZEN, pfn, 0, 0);
		STEP("= pfn %d (frozen)", pfn, 0, 0);
		return;
	}
	/* live in the ledger before the count that lets others in is published */
	ledger.page[pfn].state = LP_LIVE;
	ledger.page[pfn].refs = 1;
	ledger_add_hold(t, LH_REF, pfn, 1, 0);
	APIV("set_page_refcounted", WMM_C_RELAXED, set_page_refcounted(pfn_to_page(pfn)));
	STEP("= pfn %d", pfn, 0, 0);
}

static void op_set_refcounted(int t, struct lhold *h)
{
	h->kind = LH_REF;
	h->n = 1;
	ledger.page[h->pfn].state = LP_LIVE;
	ledger.page[h->pfn].refs = 1;
	APIV("set_page_refcounted", WMM_C_RELAXED, set_page_refcounted(pfn_to_page(h->pfn)));
	(void)t;
}

/*
 * folio_lock()/folio_unlock(): page cache insertion and removal and
 * split/migration all run with the folio locked, so they never interleave
 * with each other (lockless lookups, pfn walkers and GUP still do). A
 * waiter yields to the holder like a sleeping folio_lock(); the lock is not
 * a refcount atomic, so it is a world step, not a variant one.
 */
static bool folio_lock(int t, int head)
{
	int lonely = 0;

	sched_point_world();
	while (lock_owner[head] >= 0 && lock_owner[head] != t) {
		STEP("folio_lock(pfn %d): held by CPU%d, waiting", head, lock_owner[head], 0);
		if (!sched_spin() && ++lonely > SCHED_SPIN_LIMIT) {
			oracle_note("pfn %d stays locked by CPU%d, which has finished\n", head,
				    lock_owner[head]);
			oracle_fail(t, "INFO: task hung in folio_lock");
			return false;
		}
	}
	lock_owner[head] = (int8_t)t;
	wmm_lock_acquire(LOCK_FOLIO(head));
	return true;
}

static void folio_unlock(int head)
{
	wmm_lock_release(LOCK_FOLIO(head));
	lock_owner[head] = -1;
}

static void op_cache_add(int t, struct lhold *h, int index)
{
	struct folio *folio = page_folio(pfn_to_page(h->pfn));
	struct lpage *lp = &ledger.page[h->pfn];
	long nr = folio_nr_pages(folio);
	int i;

	if (folio->__shim_type != TYPE_FILE || folio->mapping || i_pages[index]) {
		STEP("skipped: not a file folio, or cached, or index %d busy", index, 0, 0);
		return;
	}
	for (i = 0; i < WORLD_CACHE_SLOTS; i++)
		if (i_pages[i] == folio)
			return;
	/* __filemap_add_folio(): the cache's references first, then the entry */
	APIV("folio_ref_add", WMM_C_RELAXED, folio_ref_add(folio, (int)nr));
	lp->refs += nr;
	lp->cache_refs += nr;
	folio->mapping = &the_mapping;
	folio->index = index;
	i_pages[index] = folio;
	wmm_lock_release(LOCK_SLOT(index));	/* rcu_assign_pointer() */
	STEP("i_pages[%d] = pfn %d", index, h->pfn, 0);
	(void)t;
}

static void op_cache_delete(int t, struct lhold *h)
{
	struct folio *folio = page_folio(pfn_to_page(h->pfn));
	struct lpage *lp = &ledger.page[h->pfn];
	long nr = folio_nr_pages(folio);
	int index;

	if (!folio->mapping) {
		STEP("skipped: not in the page cache", 0, 0, 0);
		return;
	}
	/* filemap_remove_folio(): the entry goes, then the cache's references */
	index = (int)folio->index;
	i_pages[index] = NULL;
	folio->mapping = NULL;
	STEP("i_pages[%d] = NULL", index, 0, 0);
	lp->refs -= nr;
	lp->cache_refs -= nr;
	put_intent = TYPE_FILE;
	APIV("folio_put_refs", WMM_C_FULL, folio_put_refs(folio, (int)nr));
	(void)t;
}

/* mm/filemap.c: filemap_get_entry() */
static void op_cache_lookup(int t, int index, bool keep)
{
	struct folio *folio;
	int head, lonely = 0;

	if (!room(t)) {
		STEP("skipped: no room for another reference", 0, 0, 0);
		return;
	}
	rcu_read_lock();
repeat:
	sched_point_world();
	folio = i_pages[index];
	if (!folio) {
		STEP("xas_load(%d) = NULL", index, 0, 0);
		rcu_read_unlock();
		return;
	}
	head = folio_pfn(folio);
	wmm_lock_acquire(LOCK_SLOT(index));	/* rcu_dereference(): the entry's publication */
	STEP("xas_load(%d) = pfn %d", index, head, 0);
	if (!API("folio_try_get", WMM_C_FULL_ON_SUCCESS, folio_try_get(folio))) {
		STEP("folio_try_get = false: retry", 0, 0, 0);
		if (!sched_spin() && ++lonely > SCHED_SPIN_LIMIT) {
			oracle_note("the entry at index %d stays unreferenceable\n", index);
			oracle_fail(t, "BUG: soft lockup in filemap_get_entry");
		}
		goto repeat;
	}
	oracle_spec_account(t, head, 1, cur_caller);
	sched_point_world();
	if (unlikely(folio != i_pages[index])) {
		STEP("xas_reload(%d) != pfn %d: put, retry", index, head, 0);
		ledger.page[head].refs -= 1;
		put_intent = TYPE_FILE;
		APIV("folio_put", WMM_C_FULL, folio_put(folio));
		goto repeat;
	}
	rcu_read_unlock();
	STEP("= pfn %d (xas_reload matches)", head, 0, 0);
	oracle_spec_verify(t, pfn_to_page(head), head, "folio_try_get", cur_caller);
	contents_read(t, head, "folio_try_get");
	if (keep) {
		struct lhold *h = ledger_add_hold(t, LH_REF, head, 1, 0);

		h->type_seen = TYPE_FILE;
	} else {
		ledger.page[head].refs -= 1;
		put_intent = TYPE_FILE;
		APIV("folio_put", WMM_C_FULL, folio_put(folio));
	}
}

/* mm/memory_hotplug.c: do_migrate_range(), one pfn */
static void op_pfn_walk(int t, int pfn, bool keep)
{
	struct page *page = pfn_to_page(pfn);
	struct folio *folio;
	int head, seen;

	if (!online[pfn]) {
		STEP("pfn_to_online_page(%d) = NULL", pfn, 0, 0);
		return;
	}
	if (keep && !room(t))
		return;
	sched_point_world();
	folio = page_folio(page);
	head = folio_pfn(folio);
	seen = folio->__shim_type;
	STEP("page_folio(pfn %d) = pfn %d", pfn, head, 0);
	if (!API("folio_try_get", WMM_C_FULL_ON_SUCCESS, folio_try_get(folio))) {
		STEP("folio_try_get = false: skip", 0, 0, 0);
		return;
	}
	oracle_spec_account(t, head, 1, cur_caller);
	sched_point_world();
	if (page_folio(page) != folio) {
		STEP("recheck page_folio(pfn %d) != pfn %d: put", pfn, head, 0);
		ledger.page[head].refs -= 1;
		put_intent = seen;
		APIV("folio_put", WMM_C_FULL, folio_put(folio));
		return;
	}
	STEP("folio_try_get = true, recheck ok", 0, 0, 0);
	oracle_spec_verify(t, pfn_to_page(head), head, "folio_try_get", cur_caller);
	contents_read(t, head, "folio_try_get");
	/* a success that passed the recheck: the caller now knows what it holds */
	seen = folio->__shim_type;
	/* isolate + migrate: reads the contents */
	((volatile unsigned char *)folio->__shim_mem)[0] += 0;
	if (keep) {
		struct lhold *h = ledger_add_hold(t, LH_REF, head, 1, 0);

		h->type_seen = (uint8_t)seen;
	} else {
		ledger.page[head].refs -= 1;
		put_intent = seen;
		APIV("folio_put", WMM_C_FULL, folio_put(folio));
	}
}

/* mm/gup.c: gup_fast -> try_grab_folio_fast(); plain folio_ref_try_add */
static void op_gup_pin(int t, int pfn, uint8_t arg)
{
	struct page *page = pfn_to_page(pfn);
	struct folio *folio;
	int pin, refs, nr, head, seen;

	if (!online[pfn] || !room(t))
		return;
	refs = world_gup_nr(arg, opts, &pin);
	sched_point_world();
	folio = page_folio(page);
	head = folio_pfn(folio);
	seen = folio->__shim_type;
	/* small folios: each pin counts GUP_PIN_COUNTING_BIAS references */
	nr = refs;
	if (pin && !folio_test_large(folio))
		nr = (int)((unsigned int)refs * GUP_PIN_COUNTING_BIAS);
	STEP("page_folio(pfn %d) = pfn %d", pfn, head, 0);
	if (VCALL(WARN_ON_ONCE(folio_ref_count(folio) < 0)))
		return;
	if (!API("folio_ref_try_add", WMM_C_FULL_ON_SUCCESS, folio_ref_try_add(folio, nr))) {
		STEP("folio_ref_try_add(%#x) = false", nr, 0, 0);
		return;
	}
	oracle_spec_account(t, head, (int64_t)(unsigned int)nr, cur_caller);
	sched_point_world();
	if (page_folio(page) != folio) {
		STEP("recheck page_folio(pfn %d) != pfn %d: put_refs", pfn, head, 0);
		ledger.page[head].refs -= (unsigned int)nr;
		put_intent = seen;
		APIV("folio_put_refs", WMM_C_FULL, folio_put_refs(folio, nr));
		return;
	}
	STEP("folio_ref_try_add(%#x) = true, recheck ok", nr, 0, 0);
	oracle_spec_verify(t, pfn_to_page(head), head, pin ? "try_grab_folio" : "folio_ref_try_add", cur_caller);
	contents_read(t, head, pin ? "try_grab_folio" : "folio_ref_try_add");
	seen = folio->__shim_type;
	{
		struct lhold *h = ledger_add_hold(t, LH_PIN, head, 1, nr);

		h->type_seen = (uint8_t)seen;
	}
}

/* mm/huge_memory.c / mm/migrate.c: freeze, work, unfreeze */
static void op_freeze(int t, struct lhold *h)
{
	struct folio *folio = page_folio(pfn_to_page(h->pfn));
	struct lpage *lp = &ledger.page[h->pfn];
	int expected = (int)(h->n + lp->cache_refs);

	if (!API("folio_ref_freeze", WMM_C_FULL_ON_SUCCESS, folio_ref_freeze(folio, expected))) {
		STEP("folio_ref_freeze(%d) = false: -EAGAIN", expected, 0, 0);
		return;
	}
	STEP("folio_ref_freeze(%d) = true", expected, 0, 0);
	oracle_frozen(t, h->pfn, expected, cur_caller);
	lp->state = LP_FROZEN;
	lp->frozen_by = 0xff;
	contents_read(t, h->pfn, "folio_ref_freeze");
	sched_point_world();	/* split or copy the folio */
	STEP("(split/migrate work)", 0, 0, 0);
	contents_write(h->pfn);
	lp->state = LP_LIVE;
	APIV("folio_ref_unfreeze", WMM_C_RELEASE, folio_ref_unfreeze(folio, expected));
}

/*
 * The API generation's promise (src/oracle/checks.c, rule 1): a header with
 * the series' frozen state carries patch 1's contract, under CONFIG_DEBUG_VM
 * every increment, decrement, add or sub of a frozen page trips a check.
 * Read from the header's definitions, never from its name or comments.
 */
#if defined(PAGEREF_FROZEN_BIT)
#define WORLD_SERIES_MARK "PAGEREF_FROZEN_BIT"
#elif defined(PAGEREF_HAS_set_page_count_frozen)
#define WORLD_SERIES_MARK "set_page_count_frozen()"
#elif defined(PAGEREF_HAS_set_page_count_as_frozen)
#define WORLD_SERIES_MARK "set_page_count_as_frozen()"
#elif defined(PAGEREF_HAS_page_ref_add_unless_frozen)
#define WORLD_SERIES_MARK "page_ref_add_unless_frozen()"
#endif

#ifdef WORLD_SERIES_MARK
#define WORLD_GENERATION "the series (" WORLD_SERIES_MARK "): patch 1's frozen-page checks"
#elif defined(PAGEREF_HAS_page_ref_add_unless_zero)
#define WORLD_GENERATION "linux-next (page_ref_add_unless_zero): mm.h's checks only"
#else
#define WORLD_GENERATION "pre-series (zero means frozen): mm.h's checks only"
#endif

static const char *generation_promise(int kind)
{
#ifdef WORLD_SERIES_MARK
	if (kind <= MISUSE_SUB_FROZEN)
		return "the series' frozen state (" WORLD_SERIES_MARK "):\n"
		       "  patch 1: every inc, dec, add or sub of a frozen page trips a check";
#endif
	return NULL;
}

static const char *const misuse_api[NR_WORLD_MISUSE] = {
	"page_ref_inc", "page_ref_dec", "folio_ref_add", "folio_ref_sub", "folio_put", "folio_get",
	"folio_get", "folio_put", "folio_put",
};

/*
 * Which page a misuse may act on, judged by the ledger now; the call then
 * runs with preemption disabled, so that is still the page's state when
 * the variant acts on it. Returns the page state's name, or NULL to skip.
 */
static const char *misuse_target(int t, int pfn, int kind, int *headp)
{
	int head = head_pfn_of(pfn);
	struct lpage *lp = &ledger.page[head];

	*headp = head;
	switch (kind) {
	case MISUSE_GET_FREE:
	case MISUSE_PUT_FREE:
		*headp = pfn;
		if (ledger.page[pfn].state != LP_FREE) {
			STEP("skipped: pfn %d is not free", pfn, 0, 0);
			return NULL;
		}
		return "free";
	case MISUSE_PUT_UNOWNED:
		/* others hold at least two: a correct put frees nothing */
		if (lp->state != LP_LIVE || ledger_find(t, head, LH_REF) || ledger_find(t, head, LH_PIN) ||
		    lp->refs < 2) {
			STEP("skipped: pfn %d is not a live folio others hold twice", head, 0, 0);
			return NULL;
		}
		return "unowned";
	default:
		/*
		 * A frozen allocation this CPU owns (alloc_frozen_pages, as in
		 * patch 1's example): nobody else can change its state.
		 */
		if (lp->state != LP_FROZEN || !ledger_find(t, head, LH_FROZEN)) {
			STEP("skipped: CPU%d owns no frozen allocation at pfn %d", t, head, 0);
			return NULL;
		}
		return "frozen";
	}
}

static void op_misuse(int t, int pfn, int kind)
{
	struct page *page;
	struct folio *folio;
	const char *state;
	int head;
	bool caught_or_promised;

	if (!(opts & WOPT_MISUSE)) {
		STEP("skipped: misuse mode is off", 0, 0, 0);
		return;
	}
	state = misuse_target(t, pfn, kind, &head);
	if (!state)
		return;
	page = pfn_to_page(head);
	folio = (struct folio *)page;
	sched_preempt_disable();
	oracle_misuse_begin(t, kind, head);
	sched_vcall_enter();
	switch (kind) {
	case MISUSE_INC_FROZEN: page_ref_inc(page); break;
	case MISUSE_DEC_FROZEN: page_ref_dec(page); break;
	case MISUSE_ADD_FROZEN: folio_ref_add(folio, 2); break;
	case MISUSE_SUB_FROZEN: folio_ref_sub(folio, 1); break;
	case MISUSE_GET_FROZEN:
	case MISUSE_GET_FREE: folio_get(folio); break;
	default: folio_put(folio); break;
	}
	sched_vcall_exit();
	caught_or_promised = oracle_misuse_end(t, misuse_api[kind],
					       kind == MISUSE_PUT_UNOWNED ? "live" : state,
					       generation_promise(kind));
	sched_preempt_enable();
	if (caught_or_promised)
		return;
	/* nothing promised it: the world is now inconsistent; end the run, no verdict */
	STEP("(misuse not checked by this header: run ends)", 0, 0, 0);
	run_abandoned = true;
	sched_stop_run();
}

static struct lhold *held(int t, int pfn, int kind)
{
	int head = head_pfn_of(pfn);
	struct lhold *h = ledger_find(t, head, kind);

	if (!h) {
		STEP("skipped: CPU%d holds no reference to pfn %d", t, head, 0);
		return NULL;
	}
	return h;
}

static void run_op(int t, int idx, const struct pr_record *r)
{
	struct lhold *h;

	cur_caller = world_op_names[r->op];
	cur_op = r->op;
	oracle_set_subject(t, r->pfn < WORLD_MAX_PFNS ? head_pfn_of(r->pfn) : -1);
	put_intent = -1;
	trace_add(EV_OP, t, NULL, NULL, idx, r->op | r->pfn << 8 | r->arg << 16, 0);
	switch (r->op) {
	case OP_ALLOC:
		cur_caller = "alloc_pages";
		op_alloc(t, r, false);
		break;
	case OP_ALLOC_FROZEN:
		cur_caller = "alloc_frozen_pages";
		op_alloc(t, r, true);
		break;
	case OP_SET_REFCOUNTED:
		if ((h = held(t, r->pfn, LH_FROZEN)))
			op_set_refcounted(t, h);
		break;
	case OP_FREE_FROZEN:
		cur_caller = "free_frozen_pages";
		if ((h = held(t, r->pfn, LH_FROZEN))) {
			int pfn = h->pfn;

			ledger_drop_hold(h);
			free_frozen_pages(pfn_to_page(pfn), ledger.page[pfn].order, cur_caller);
		}
		break;
	case OP_FREE_PAGES_CORE:
		if (!online[r->pfn] && PageReserved(pfn_to_page(r->pfn)))
			__free_pages_core(pfn_to_page(r->pfn), 0);
		else
			STEP("skipped: pfn %d is online", r->pfn, 0, 0);
		break;
	case OP_GET:
		cur_caller = "folio_get";
		if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
			APIV("folio_get", WMM_C_RELAXED, folio_get(page_folio(pfn_to_page(h->pfn))));
			h->n++;
			oracle_spec_account(t, h->pfn, 1, cur_caller);
		}
		break;
	case OP_PUT:
	case OP_PUT_REFS:
		cur_caller = r->op == OP_PUT ? "folio_put" : "folio_put_refs";
		if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
			int pfn = h->pfn;
			int n = r->op == OP_PUT ? 1 : world_put_refs_nr(r->arg);

			if (n > h->n)
				n = (int)h->n;
			ledger_put(t, h, n);
			freed_by[t] = false;
			if (r->op == OP_PUT)
				APIV("folio_put", WMM_C_FULL, folio_put(page_folio(pfn_to_page(pfn))));
			else
				APIV("folio_put_refs", WMM_C_FULL, folio_put_refs(page_folio(pfn_to_page(pfn)), n));
			if (!freed_by[t])
				STEP("put_page_testzero = false: not freed here", 0, 0, 0);
		}
		break;
	case OP_USE:
		if ((h = held(t, r->pfn, LH_REF)) || (h = held(t, r->pfn, LH_PIN)))
			use_contents(t, h, "folio_use");
		break;
	case OP_CACHE_ADD:
		cur_caller = "filemap_add_folio";
		if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
			int head = h->pfn;

			if (folio_lock(t, head)) {
				op_cache_add(t, h, r->arg % WORLD_CACHE_SLOTS);
				folio_unlock(head);
			}
		}
		break;
	case OP_CACHE_DELETE:
		cur_caller = "filemap_remove_folio";
		if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
			int head = h->pfn;

			if (folio_lock(t, head)) {
				op_cache_delete(t, h);
				folio_unlock(head);
			}
		}
		break;
	case OP_CACHE_LOOKUP:
		cur_caller = "filemap_get_entry";
		op_cache_lookup(t, (r->arg & 0x7f) % WORLD_CACHE_SLOTS, r->arg & 0x80);
		break;
	case OP_PFN_WALK:
		cur_caller = "do_migrate_range";
		op_pfn_walk(t, r->pfn, r->arg & 1);
		break;
	case OP_GUP_PIN:
		cur_caller = "gup_fast";
		op_gup_pin(t, r->pfn, r->arg);
		break;
	case OP_GUP_UNPIN:
		cur_caller = "unpin_user_page";
		if ((h = held(t, r->pfn, LH_PIN)) && oracle_hold_valid(t, h, cur_caller)) {
			int pfn = h->pfn, nr = h->nr_each;

			ledger_put(t, h, (unsigned int)nr);
			APIV("folio_put_refs", WMM_C_FULL, folio_put_refs(page_folio(pfn_to_page(pfn)), nr));
		}
		break;
	case OP_FREEZE:
		cur_caller = "split_folio";
		if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
			int head = h->pfn;

			/* the expected count is read under the lock, in op_freeze */
			if (folio_lock(t, head)) {
				op_freeze(t, h);
				folio_unlock(head);
			}
		}
		break;
	case OP_MISUSE:
		cur_caller = "misuse";
		op_misuse(t, r->pfn, r->arg % NR_WORLD_MISUSE);
		break;
	}
}

static void world_thread(int t)
{
	int i;

	for (i = 0; i < prog->nrec; i++) {
		const struct pr_record *r = &prog->rec[i];

		if (sched_should_stop())
			return;
		if (!op_is_setup(r->op) && r->thread == t) {
			sched_op_begin(i);
			run_op(t, i, r);
			sched_op_end(i);
		}
	}
}

/* ---- setup: boot, then the program's setup records, unscheduled ---- */

static void world_reset(void)
{
	int pfn, i;

	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++) {
		free(mem_map[pfn].__shim_mem);
		memset(&mem_map[pfn], 0, sizeof(mem_map[pfn]));
		mem_map[pfn].__shim_pfn = (unsigned int)pfn;
		buddy_order[pfn] = -1;
		lock_owner[pfn] = -1;
		online[pfn] = false;
		/* __init_single_page(): memmap init gives every page a count of 1 */
		init_page_count(&mem_map[pfn]);
		__SetPageReserved(&mem_map[pfn]);
	}
	for (i = 0; i < WORLD_CACHE_SLOTS; i++)
		i_pages[i] = NULL;
	memset(contents, 0, sizeof(contents));
	memset(contents_nwrites, 0, sizeof(contents_nwrites));
	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++)	/* before the CPUs start */
		wmm_payload_store(&contents[pfn], 0);
	ledger_reset();
}

static void world_setup(void)
{
	bool keep_offline[WORLD_MAX_PFNS] = { 0 };
	int i, pfn;

	for (i = 0; i < prog->nrec; i++)
		if (prog->rec[i].op == OP_S_OFFLINE)
			keep_offline[prog->rec[i].pfn] = true;
	/* memblock_free_all(): hand every online page to the buddy */
	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++)
		if (!keep_offline[pfn])
			__free_pages_core(pfn_to_page(pfn), 0);

	for (i = 0; i < prog->nrec; i++) {
		const struct pr_record *r = &prog->rec[i];
		int order = r->arg & 3, type = (r->arg >> 2) & 3;
		int t = r->thread, head;

		if (r->op != OP_S_PAGE && r->op != OP_S_FROZEN)
			continue;
		if (!room(t))
			continue;
		/* exactly at pfn: a setup page is placed, not searched for */
		head = r->pfn & ~((1 << order) - 1);
		if (buddy_order[head & ~3] < 0 && buddy_order[head & ~1] < 0 &&
		    buddy_order[head] < 0)
			continue;
		head = alloc_frozen_pages(t, head, order, type);
		if (head < 0 || head != (r->pfn & ~((1 << order) - 1))) {
			if (head >= 0)	/* not where asked: give it back */
				free_frozen_pages(pfn_to_page(head), order, "setup");
			continue;
		}
		if (r->op == OP_S_FROZEN) {
			ledger_add_hold(t, LH_FROZEN, head, 0, 0);
			continue;
		}
		{
			struct lpage *lp = &ledger.page[head];
			struct folio *folio = page_folio(pfn_to_page(head));
			int bg = world_bg_refs(r->arg >> 6, opts);
			bool hold = r->arg & 0x20, cache = (r->arg & 0x10) && type == TYPE_FILE;
			int refs = (hold ? 1 : 0) + bg;

			if (cache) {
				int idx;

				for (idx = 0; idx < WORLD_CACHE_SLOTS && i_pages[idx]; idx++)
					;
				if (idx == WORLD_CACHE_SLOTS)
					cache = false;
				else {
					i_pages[idx] = folio;
					folio->mapping = &the_mapping;
					folio->index = idx;
					lp->cache_refs = folio_nr_pages(folio);
					refs += (int)lp->cache_refs;
				}
			}
			if (refs == 0) {	/* nobody would hold it: hold it */
				hold = true;
				refs = 1;
			}
			set_page_count(&folio->page, refs);
			lp->state = LP_LIVE;
			lp->refs = refs;
			lp->bg_refs = bg;
			if (hold)
				ledger_add_hold(t, LH_REF, head, 1, 0);
		}
	}
}

/* ---- quiescent checks: every thread has finished ---- */

static void world_final_checks(void)
{
	int pfn, count;

	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++) {
		sched_suspend();
		count = page_ref_count(pfn_to_page(pfn));
		sched_resume();
		if (!oracle_quiescent(pfn, pfn_to_page(pfn), count))
			return;
	}
}

/* Boot and set up the world for @p; false if setup itself found something. */
static bool world_prepare(const struct program *p, bool real)
{
	int t;

	prog = p;
	opts = p->opts;
	/* the weak memory model runs on fibers only */
	wmm_reset(!real && (opts & WOPT_WEAK), p->nthreads);
	run_abandoned = false;
	for (t = 0; t < PR_MAX_THREADS; t++) {
		caller_of[t] = "setup";
		intent_of[t] = -1;
	}
	world_reset();
	world_setup();
	return oracle_finding.verdict == VERDICT_NONE;
}

static void world_run(const struct program *p)
{
	if (!world_prepare(p, false))
		return;
	sched_run(p->nthreads, p->tape, p->ntape, world_thread);
	if (oracle_finding.verdict == VERDICT_NONE && !sched_stats.budget_exhausted && !run_abandoned)
		world_final_checks();
}

static void world_run_real(const struct program *p)
{
	if (!world_prepare(p, true))
		return;
	sched_real_run(p->nthreads, world_thread);
	if (oracle_finding.verdict == VERDICT_NONE && !run_abandoned)
		world_final_checks();
}

static int world_page_ref_count(int pfn)
{
	return page_ref_count(&mem_map[pfn]);
}

static int world_raw_count(int pfn)
{
	/* other CPUs may be mid-atomic on it (real-thread mode): no plain load */
	return __atomic_load_n(&mem_map[pfn]._refcount.counter, __ATOMIC_RELAXED);
}

const struct world_variant __WCAT(world_, WORLD_ID) = {
	.name = WORLD_NAME,
	.header = PAGEREF_VARIANT_HEADER,
	.generation = WORLD_GENERATION,
	.checks_tu = &__shim_tu,
	.run = world_run,
	.run_real = world_run_real,
	.page_ref_count = world_page_ref_count,
	.raw_count = world_raw_count,
};
