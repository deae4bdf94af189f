// SPDX-License-Identifier: GPL-2.0
/*
 * GUP pins, as mm/gup.c: gup_fast's try_grab_folio_fast() (the variant's:
 * shim/include/mm/gup.h) and plain folio_ref_try_add.
 */
#include "world_internal.h"

/* mm/gup.c: gup_fast -> try_grab_folio_fast(); plain folio_ref_try_add */
void op_gup_pin(int t, int pfn, uint8_t arg)
{
	struct page *page = pfn_to_page(pfn);
	struct folio *folio;
	int pin, refs, nr, head, seen;

	if (!pfn_online[pfn] || !ledger_room(t))
		return;
	refs = world_gup_nr(arg, world_opts, &pin);
	sched_point_world();
	folio = page_folio(page);
	head = folio_pfn(folio);
	seen = folio->__shim_type;
	/* small folios: each pin counts GUP_PIN_COUNTING_BIAS references */
	nr = refs;
	if (pin && !folio_test_large(folio))
		nr = (int)((unsigned int)refs * GUP_PIN_COUNTING_BIAS);
	STEP("page_folio(pfn %d) = pfn %d", pfn, head, 0);
	if (!VCALL(try_grab_folio_fast(folio)))
		return;
	if (!API("folio_ref_try_add", WMM_C_FULL_ON_SUCCESS, folio_ref_try_add(folio, nr))) {
		STEP("folio_ref_try_add(%#x) = false", nr, 0, 0);
		return;
	}
	oracle_spec_account(t, head, (int64_t)(unsigned int)nr, cur_caller);
	sched_point_world();
	if (page_folio(page) != folio) {
		STEP("recheck page_folio(pfn %d) != pfn %d: put_refs", pfn, head, 0);
		ledger_returned(head, (unsigned int)nr);
		/*
		 * The folio is not the one looked up: the caller has no belief
		 * about it (its type was read before it held a reference), so
		 * even a caller-chosen destructor is the folio's own.
		 */
		put_intent = -1;
		APIV("folio_put_refs", WMM_C_FULL, folio_put_refs(folio, nr));
		return;
	}
	STEP("folio_ref_try_add(%#x) = true, recheck ok", nr, 0, 0);
	oracle_spec_verify(t, pfn_to_page(head), head, pin ? "try_grab_folio" : "folio_ref_try_add", cur_caller);
	contents_read(t, head, pin ? "try_grab_folio" : "folio_ref_try_add");
	field_read(t, FIELD_FLAGS, head, pin ? "try_grab_folio" : "folio_ref_try_add",
		   "counts the pin by the folio's size (folio_test_large)");
	field_read(t, FIELD_MAPPING, head, pin ? "try_grab_folio" : "folio_ref_try_add",
		   "decides from it whether the pin is allowed (gup_fast_folio_allowed)");
	seen = folio->__shim_type;
	{
		struct lhold *h = ledger_add_hold(t, LH_PIN, head, 1, nr);

		ledger_hold_seen(h, seen);
	}
}
