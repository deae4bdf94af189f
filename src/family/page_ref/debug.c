// SPDX-License-Identifier: GPL-2.0
/*
 * dump_page(), as mm/debug.c: the shim's hook (shim/hooks.h) for the
 * header's VM_BUG_ON_PAGE and the oracles' reports, in the kernel's format.
 */
#include "world_internal.h"

#include <string.h>

void shim_dump_page(const struct page *page, const char *reason)
{
	const struct page *p = page;
	unsigned long flags;
	int pfn, count, raw;

	if (!page) {
		oracle_note("page dumped because: %s\n", reason);
		return;
	}
	pfn = (int)p->__shim_pfn;
	sched_suspend();
	count = pr_api ? page_ref_count(&mem_map[pfn]) : 0;
	raw = page_ref_world_raw_count(pfn);
	sched_resume();
	flags = p->flags;
	oracle_note("page: refcount:%d mapcount:%d mapping:%s index:%#lx pfn:%#x\n",
		    count, p->_mapcount.counter,
		    p->mapping ? "ffff888100a0c000" : "0000000000000000", p->index, pfn);
	if (p->compound_head & 1)
		oracle_note("head: pfn:%#x (tail page)\n",
			    (int)((const struct page *)(p->compound_head - 1))->__shim_pfn);
	{
		char names[64] = "";

		if ((flags >> PG_head) & 1) strcat(names, "|head");
		if ((flags >> PG_reserved) & 1) strcat(names, "|reserved");
		if ((flags >> PG_buddy) & 1) strcat(names, "|buddy");
		if (p->mapping) strcat(names, "|file");
		oracle_note("flags: %#lx(%s)\n", flags, names[0] ? names + 1 : "");
	}
	oracle_note("raw: _refcount=%#x (harness: the counter as stored)\n", (unsigned int)raw);
	oracle_note("page dumped because: %s\n", reason);
}
