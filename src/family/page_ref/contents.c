// SPDX-License-Identifier: GPL-2.0
/*
 * The page's contents as published plain accesses (the weak memory model).
 */
#include "world_internal.h"

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
int contents[WORLD_MAX_PFNS];
uint8_t contents_nwrites[WORLD_MAX_PFNS];

#define CONTENTS_TOKEN(gen, n)	((int)((gen) << 8 | ((n) & 0xff)))

void contents_write(int pfn)
{
	int tok = CONTENTS_TOKEN(ledger.page[pfn].gen, ++contents_nwrites[pfn]);

	wmm_payload_store(&contents[pfn], tok);
	contents[pfn] = tok;
}

void contents_read_weak(int t, int pfn, const char *after)
{
	struct wmm_read r;

	wmm_payload_load(&contents[pfn], &r);
	if (r.stale)
		STEP("reads pfn %d contents: lifetime %d, write %d (stale)", pfn, r.value >> 8, r.value & 0xff);
	oracle_contents(t, pfn, &r, "the documented orderings", after, cpu_caller[t]);
}

void use_contents(int t, struct lhold *h, const char *caller)
{
	struct page *page = pfn_to_page(h->pfn);

	if (!oracle_hold_valid(t, h, caller))
		return;
	contents_read(t, h->pfn, "getting the reference it uses");
	((volatile unsigned char *)page->__shim_mem)[t] ^= 1;
	contents_write(h->pfn);
}
