// SPDX-License-Identifier: GPL-2.0
/* The page_ref family: what the engine knows of it (src/harness/family.h). */
#include "world.h"
#include "ledger.h"

#include <linux/mm_types.h>
#include <shim/hooks.h>

/*
 * What a run leaves: every page's counter, its ledger state, lifetime and
 * references really held.
 */
static uint64_t page_ref_state_hash(const struct world_variant *v)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int pfn;

	(void)v;
	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++) {
		const struct lpage *lp = &ledger.page[pfn];

		h = (h ^ (uint32_t)page_ref_world_raw_count(pfn)) * 0x100000001b3ull;
		h = (h ^ (uint64_t)(lp->state | lp->type << 8 | lp->order << 16)) * 0x100000001b3ull;
		h = (h ^ lp->gen) * 0x100000001b3ull;
		h = (h ^ (uint64_t)lp->refs) * 0x100000001b3ull;
	}
	return h;
}

static int page_obj_of(const void *page)
{
	return (int)((const struct page *)page)->__shim_pfn;
}

static int page_state(int pfn)
{
	return pfn >= 0 && pfn < WORLD_MAX_PFNS ? ledger.page[pfn].state : -1;
}

static void page_dump(const void *page, const char *reason)
{
	shim_dump_page(page, reason);
}

/* The pages a check exists to catch, in the check table's column order. */
static const int8_t page_witness[] = {
	[LP_OFFLINE] = -1, [LP_FREE] = 1, [LP_LIVE] = -1, [LP_FROZEN] = 0, [LP_TAIL] = 2,
};

const struct family page_ref_family = {
	.name = "page_ref",
	.ops = &page_ref_optable,
	.run = page_ref_world_run,
	.run_real = page_ref_world_run_real,
	.state_hash = page_ref_state_hash,
	.oracle = {
		.obj_of = page_obj_of,
		.obj_state = page_state,
		.state_name = lp_state_name,
		.noun = "page",
		.key = "pfn",
		.witness = page_witness,
		.nstates = sizeof(page_witness) / sizeof(page_witness[0]),
		.witness_names = { "frozen", "free", "tail" },
		.misuse_names = world_misuse_names,
		.nmisuse = NR_WORLD_MISUSE,
		.dump = page_dump,
	},
};
