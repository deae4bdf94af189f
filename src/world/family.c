// SPDX-License-Identifier: GPL-2.0
/* The page_ref family: what the engine knows of it (src/harness/family.h). */
#include "world.h"
#include "../oracle/oracle.h"

/*
 * What a run leaves: every page's counter, its ledger state, lifetime and
 * references really held.
 */
static uint64_t page_ref_state_hash(const struct world_variant *v)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int pfn;

	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++) {
		const struct lpage *lp = &ledger.page[pfn];

		h = (h ^ (uint32_t)v->raw_count(pfn)) * 0x100000001b3ull;
		h = (h ^ (uint64_t)(lp->state | lp->type << 8 | lp->order << 16)) * 0x100000001b3ull;
		h = (h ^ lp->gen) * 0x100000001b3ull;
		h = (h ^ (uint64_t)lp->refs) * 0x100000001b3ull;
	}
	return h;
}

const struct family page_ref_family = {
	.name = "page_ref",
	.ops = &page_ref_optable,
	.state_hash = page_ref_state_hash,
};
