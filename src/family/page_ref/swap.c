// SPDX-License-Identifier: GPL-2.0
/*
 * __folio_put and the destructors, as mm/swap.c.
 */
#include "world_internal.h"

void __folio_put(struct folio *folio)
{
	int pfn, type, dtor;

	sched_world_enter();
	api_end(true);	/* the put decided to free: its ordering is settled */
	pfn = folio_pfn(folio);
	contents_read(sched_current(), pfn, "the last put");
	field_read(sched_current(), FIELD_FLAGS, pfn, "the last put",
		   "picks the destructor and the order it frees by from them (folio_test_hugetlb, folio_order)");
	field_read(sched_current(), FIELD_MAPPING, pfn, "the last put",
		   "checks it in free_pages_prepare() (a non-NULL mapping is Bad page state)");
	type = folio->__shim_type;
	dtor = type;
	if ((world_opts & WOPT_CALLER_DTOR) && put_intent >= 0)
		dtor = put_intent;
	cpu_freed[sched_current()] = true;
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
