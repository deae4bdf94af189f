// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator, as mm/page_alloc.c: buddy lists, frozen allocation, the
 * free and alloc refcount checks (set_page_refcounted is the variant's:
 * shim/include/mm/internal.h).
 */
#include "world_internal.h"

#include <stdlib.h>

/* The free block heading @pfn is now of @order (-1: none); the only writer of buddy_order. */
static void buddy_set(int pfn, int order)
{
	if (buddy_order[pfn] >= 0)
		buddy_mask[buddy_order[pfn]] &= ~(1u << pfn);
	buddy_order[pfn] = (int8_t)order;
	if (order >= 0)
		buddy_mask[order] |= 1u << pfn;
}

static void buddy_add(int pfn, int order)
{
	for (;;) {
		int b = pfn ^ (1 << order);

		if (order >= WORLD_MAX_ORDER || buddy_order[b] != order)
			break;
		buddy_set(b, -1);
		__ClearPageBuddy(&mem_map[b]);
		if (b < pfn)
			pfn = b;
		order++;
	}
	buddy_set(pfn, order);
	__SetPageBuddy(&mem_map[pfn]);
	ledger_freed_pages(pfn, 1 << order);
}

/* Take the free block holding @want (or the first one at or after it). */
static int buddy_take(int want, int order)
{
	uint32_t all = (1u << WORLD_MAX_PFNS) - 1, avail = 0, rot;
	int o, head = -1, ho = -1;

	for (o = order; o <= WORLD_MAX_ORDER && head < 0; o++) {
		int h = want & ~((1 << o) - 1);

		if (buddy_mask[o] & (1u << h)) {
			head = h;
			ho = o;
		}
	}
	for (o = order; o <= WORLD_MAX_ORDER && head < 0; o++)
		avail |= buddy_mask[o];
	/* the first free block at or after @want, wrapping at the end */
	rot = ((avail >> want) | (avail << (WORLD_MAX_PFNS - want))) & all;
	if (head < 0 && rot) {
		want = (want + __builtin_ctz(rot)) % WORLD_MAX_PFNS;
		head = want;
		ho = buddy_order[want];
	}
	if (head < 0)
		return -1;
	buddy_set(head, -1);
	__ClearPageBuddy(&mem_map[head]);
	while (ho > order) {
		int half;

		ho--;
		half = (want & (1 << ho)) ? head : head + (1 << ho);
		if (half == head)
			head += 1 << ho;
		buddy_set(half, ho);
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
	field_write(FIELD_FLAGS, page_to_pfn(page), true);
	field_write(FIELD_MAPPING, page_to_pfn(page), false);
}

void free_frozen_pages(struct page *page, int order, const char *caller)
{
	int pfn = page_to_pfn(page);

	wmm_lock_acquire(LOCK_ZONE);
	oracle_free(sched_current(), pfn, caller);
	free_pages_prepare(page, order, caller);
	page_mem_free(page->__shim_mem);
	page->__shim_mem = NULL;
	buddy_add(pfn, order);
	wmm_lock_release(LOCK_ZONE);
}

void __free_pages_core(struct page *page, int order)
{
	int i, pfn = page_to_pfn(page);

	for (i = 0; i < (1 << order); i++) {
		__ClearPageReserved(page + i);
		VCALLV(set_page_count_frozen(page + i));
	}
	for (i = 0; i < (1 << order); i++) {
		pfn_online[pfn + i] = true;
		ledger_onlined(pfn + i);
	}
	free_pages_prepare(page, order, "__free_pages_core");
	/* __free_pages() takes the zone lock after the counts are written */
	wmm_lock_acquire(LOCK_ZONE);
	buddy_add(pfn, order);
	wmm_lock_release(LOCK_ZONE);
}

/* Returns the head pfn, frozen, or -1. */
int alloc_frozen_pages(int t, int want, int order, int type)
{
	struct page *page;
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
		}
	}
	page->__shim_type = (unsigned char)type;
	page->__shim_mem = page_mem_alloc(pfn);
	ledger_allocated(t, pfn, order, type);
	contents_nwrites[pfn] = 0;
	contents_write(pfn);	/* prep_new_page(): the new owner's initial state */
	field_write(FIELD_FLAGS, pfn, false);
	wmm_lock_release(LOCK_ZONE);
	return pfn;
}

void op_alloc(int t, const struct pr_record *r, bool frozen)
{
	int order = r->arg & 3, type = (r->arg >> 2) & 3;
	int pfn;

	if (!ledger_room(t)) {
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
	ledger_live(pfn, 1);
	ledger_add_hold(t, LH_REF, pfn, 1, 0);
	APIV("set_page_refcounted", WMM_C_RELAXED, set_page_refcounted(pfn_to_page(pfn)));
	STEP("= pfn %d", pfn, 0, 0);
}

void op_set_refcounted(int t, struct lhold *h)
{
	ledger_set_refcounted(h);
	APIV("set_page_refcounted", WMM_C_RELAXED, set_page_refcounted(pfn_to_page(h->pfn)));
	(void)t;
}
