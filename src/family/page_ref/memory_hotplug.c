// SPDX-License-Identifier: GPL-2.0
/*
 * The pfn walker, as mm/memory_hotplug.c's do_migrate_range().
 */
#include "world_internal.h"

/* mm/memory_hotplug.c: do_migrate_range(), one pfn */
void op_pfn_walk(int t, int pfn, bool keep)
{
	struct page *page = pfn_to_page(pfn);
	struct folio *folio;
	int head, seen;

	if (!pfn_online[pfn]) {
		STEP("pfn_to_online_page(%d) = NULL", pfn, 0, 0);
		return;
	}
	if (keep && !ledger_room(t))
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
		ledger_returned(head, 1);
		put_intent = -1;	/* not the folio looked up: no belief about it (gup.c) */
		APIV("folio_put", WMM_C_FULL, folio_put(folio));
		return;
	}
	STEP("folio_try_get = true, recheck ok", 0, 0, 0);
	oracle_spec_verify(t, pfn_to_page(head), head, "folio_try_get", cur_caller);
	contents_read(t, head, "folio_try_get");
	field_read(t, FIELD_FLAGS, head, "folio_try_get",
		   "skips the folio's pages and isolates it by its type (folio_test_large, folio_test_hugetlb)");
	field_read(t, FIELD_MAPPING, head, "folio_try_get", "migrates it through its mapping (folio_mapping)");
	/* a success that passed the recheck: the caller now knows what it holds */
	seen = folio->__shim_type;
	/* isolate + migrate: reads the contents */
	((volatile unsigned char *)folio->__shim_mem)[0] += 0;
	if (keep) {
		struct lhold *h = ledger_add_hold(t, LH_REF, head, 1, 0);

		ledger_hold_seen(h, seen);
	} else {
		ledger_returned(head, 1);
		put_intent = seen;
		APIV("folio_put", WMM_C_FULL, folio_put(folio));
	}
}
