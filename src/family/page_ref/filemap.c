// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache, as mm/filemap.c: the folio lock, insertion, removal and
 * filemap_get_entry's lockless lookup with its recheck.
 */
#include "world_internal.h"

/*
 * folio_lock()/folio_unlock(): page cache insertion and removal and
 * split/migration all run with the folio locked, so they never interleave
 * with each other (lockless lookups, pfn walkers and GUP still do). A
 * waiter yields to the holder like a sleeping folio_lock(); the lock is not
 * a refcount atomic, so it is a world step, not a variant one.
 */
bool folio_lock(int t, int head)
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

void folio_unlock(int head)
{
	wmm_lock_release(LOCK_FOLIO(head));
	lock_owner[head] = -1;
}

void op_cache_add(int t, struct lhold *h, int index)
{
	struct folio *folio = page_folio(pfn_to_page(h->pfn));
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
	ledger_cache_refs(h->pfn, nr);
	folio->mapping = &the_mapping;
	folio->index = index;
	field_write(FIELD_MAPPING, h->pfn, false);
	field_write(FIELD_INDEX, h->pfn, false);
	i_pages[index] = folio;
	wmm_lock_release(LOCK_SLOT(index));	/* rcu_assign_pointer() */
	STEP("i_pages[%d] = pfn %d", index, h->pfn, 0);
	(void)t;
}

void op_cache_delete(int t, struct lhold *h)
{
	struct folio *folio = page_folio(pfn_to_page(h->pfn));
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
	field_write(FIELD_MAPPING, h->pfn, false);
	STEP("i_pages[%d] = NULL", index, 0, 0);
	ledger_cache_refs(h->pfn, -nr);
	put_intent = TYPE_FILE;
	APIV("folio_put_refs", WMM_C_FULL, folio_put_refs(folio, (int)nr));
	(void)t;
}

/* mm/filemap.c: filemap_get_entry() */
void op_cache_lookup(int t, int index, bool keep)
{
	struct folio *folio;
	int head, lonely = 0;

	if (!ledger_room(t)) {
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
		ledger_returned(head, 1);
		put_intent = -1;	/* no longer the entry looked up: no belief about it (gup.c) */
		APIV("folio_put", WMM_C_FULL, folio_put(folio));
		goto repeat;
	}
	rcu_read_unlock();
	STEP("= pfn %d (xas_reload matches)", head, 0, 0);
	oracle_spec_verify(t, pfn_to_page(head), head, "folio_try_get", cur_caller);
	contents_read(t, head, "folio_try_get");
	/* filemap_get_read_batch(): folio_next_index() */
	field_read(t, FIELD_INDEX, head, "folio_try_get", "steps to the next index from it (folio_next_index)");
	field_read(t, FIELD_FLAGS, head, "folio_try_get", "steps to the next index by its order (folio_next_index)");
	if (keep) {
		struct lhold *h = ledger_add_hold(t, LH_REF, head, 1, 0);

		ledger_hold_seen(h, TYPE_FILE);
	} else {
		ledger_returned(head, 1);
		put_intent = TYPE_FILE;
		APIV("folio_put", WMM_C_FULL, folio_put(folio));
	}
}
