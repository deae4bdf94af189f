// SPDX-License-Identifier: GPL-2.0
/*
 * Split and migration, as mm/huge_memory.c and mm/migrate.c: freeze, work,
 * unfreeze.
 */
#include "world_internal.h"

/* mm/huge_memory.c / mm/migrate.c: freeze, work, unfreeze */
void op_freeze(int t, struct lhold *h)
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
	ledger_frozen(h->pfn, 0xff);
	contents_read(t, h->pfn, "folio_ref_freeze");
	field_read(t, FIELD_FLAGS, h->pfn, "folio_ref_freeze", "splits the folio by its order");
	field_read(t, FIELD_MAPPING, h->pfn, "folio_ref_freeze", "gives the new folios its mapping");
	field_read(t, FIELD_INDEX, h->pfn, "folio_ref_freeze", "gives the new folios their index from it");
	sched_point_world();	/* split or copy the folio */
	STEP("(split/migrate work)", 0, 0, 0);
	contents_write(h->pfn);
	ledger_unfrozen(h->pfn);
	APIV("folio_ref_unfreeze", WMM_C_RELEASE, folio_ref_unfreeze(folio, expected));
}
