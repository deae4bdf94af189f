// SPDX-License-Identifier: GPL-2.0
/* Variant-independent facts about ops: names, canonical fields, magnitudes. */
#include "ops.h"

#include <stdio.h>
#include <string.h>

const char *const world_op_names[NR_WORLD_OPS] = {
	[OP_S_PAGE] = "page",
	[OP_S_FROZEN] = "frozen",
	[OP_S_OFFLINE] = "offline",
	[OP_ALLOC] = "alloc",
	[OP_ALLOC_FROZEN] = "alloc_frozen",
	[OP_SET_REFCOUNTED] = "set_refcounted",
	[OP_FREE_FROZEN] = "free_frozen",
	[OP_FREE_PAGES_CORE] = "free_pages_core",
	[OP_GET] = "get",
	[OP_PUT] = "put",
	[OP_PUT_REFS] = "put_refs",
	[OP_USE] = "use",
	[OP_CACHE_ADD] = "cache_add",
	[OP_CACHE_LOOKUP] = "cache_lookup",
	[OP_CACHE_DELETE] = "cache_delete",
	[OP_PFN_WALK] = "pfn_walk",
	[OP_GUP_PIN] = "gup_pin",
	[OP_GUP_UNPIN] = "gup_unpin",
	[OP_FREEZE] = "freeze",
	[OP_MISUSE] = "misuse",
};

const char *const world_type_names[NR_WORLD_TYPES] = { "anon", "file", "hugetlb" };

const char *const world_misuse_names[NR_WORLD_MISUSE] = {
	"inc-frozen", "dec-frozen", "add-frozen", "sub-frozen", "put-frozen", "get-frozen",
	"get-free", "put-free", "put-unowned",
};

/*
 * Magnitudes of nr for folio_ref_try_add / GUP. Realistic: what kernel
 * callers pass (1 for folio_try_get, small batches, up to 4096 pages of a
 * large folio; a GUP pin of a small folio multiplies by
 * GUP_PIN_COUNTING_BIAS = 1024). Opt-in (WOPT_OVERFLOW): values near the
 * 1 << 30 undo limit and bit 31, reached only by refcount-overflow attacks
 * or bugs.
 */
static const int gup_realistic[8] = { 1, 2, 3, 4, 16, 127, 512, 4096 };
static const int gup_overflow[8] = {
	1 << 20, 1 << 24, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, 0x7fffff00, 0x7fffffff, 0x60000000,
};

int world_gup_nr(uint8_t arg, int opts, int *pin)
{
	int idx = arg & 7;

	*pin = !(arg & 8);
	if ((opts & WOPT_OVERFLOW) && (arg & 0x10))
		return gup_overflow[idx];
	return gup_realistic[idx];
}

/* Background references a setup page starts with, by class 0..3. */
int world_bg_refs(int cls, int opts)
{
	switch (cls & 3) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 1024;
	default: return (opts & WOPT_OVERFLOW) ? 0x7fffff80 : 1 << 20;
	}
}

int world_put_refs_nr(uint8_t arg)
{
	return (arg & 3) + 1;
}

struct pr_record ops_canon(struct pr_record r, int nthreads, int opts)
{
	struct pr_record c;

	c.op = r.op % NR_WORLD_OPS;
	c.thread = (r.thread & 3) % nthreads;
	c.pfn = r.pfn % WORLD_MAX_PFNS;
	c.arg = 0;
	switch (c.op) {
	case OP_S_PAGE:
		/* order 0..2 | type << 2 | cache << 4 | hold << 5 | bg << 6 */
		c.arg = ((r.arg & 3) % 3) | ((((r.arg >> 2) & 3) % 3) << 2) | (r.arg & 0xf0);
		break;
	case OP_S_FROZEN:
	case OP_ALLOC:
	case OP_ALLOC_FROZEN:
		c.arg = ((r.arg & 3) % 3) | ((((r.arg >> 2) & 3) % 3) << 2);
		break;
	case OP_PUT_REFS:
		c.arg = r.arg & 3;
		break;
	case OP_CACHE_ADD:
		c.arg = r.arg % WORLD_CACHE_SLOTS;
		break;
	case OP_CACHE_LOOKUP:
		c.arg = (r.arg & 0x80) | (r.arg & 0x7f) % WORLD_CACHE_SLOTS;
		break;
	case OP_PFN_WALK:
		c.arg = r.arg & 1;
		break;
	case OP_GUP_PIN:
		c.arg = r.arg & ((opts & WOPT_OVERFLOW) ? 0x1f : 0x0f);
		break;
	case OP_MISUSE:
		c.arg = r.arg % NR_WORLD_MISUSE;
		break;
	default:
		break;
	}
	/* offline pages have no holder */
	if (c.op == OP_S_OFFLINE)
		c.thread = 0;
	/* pfn means nothing for a lookup by index */
	if (c.op == OP_CACHE_LOOKUP)
		c.pfn = 0;
	return c;
}

static const struct {
	const char *name;
	int bit;
} wopt_names[] = {
	{ "misuse", WOPT_MISUSE },
	{ "caller-dtor", WOPT_CALLER_DTOR },
	{ "overflow", WOPT_OVERFLOW },
	{ "weak", WOPT_WEAK },
};

int world_opt_parse(const char *s, int *opts)
{
	char buf[128];
	char *tok, *save = NULL;
	size_t i;

	*opts = 0;
	if (!s || !*s || !strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(wopt_names) / sizeof(wopt_names[0]); i++)
			if (!strcmp(tok, wopt_names[i].name))
				break;
		if (i == sizeof(wopt_names) / sizeof(wopt_names[0]))
			return -1;
		*opts |= wopt_names[i].bit;
	}
	return 0;
}

void world_opt_format(int opts, char *buf, int len)
{
	size_t i;
	int off = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(wopt_names) / sizeof(wopt_names[0]); i++)
		if (opts & wopt_names[i].bit)
			off += snprintf(buf + off, len - off, "%s%s", off ? "," : "", wopt_names[i].name);
	if (!off)
		snprintf(buf, len, "none");
}

void ops_describe(struct pr_record r, int opts, char *buf, int len)
{
	int pin, nr;

	switch (r.op) {
	case OP_ALLOC:
	case OP_ALLOC_FROZEN:
		snprintf(buf, len, "%s(order %d, %s) near pfn %d", r.op == OP_ALLOC ?
			 "alloc_pages" : "alloc_frozen_pages", r.arg & 3,
			 world_type_names[((r.arg >> 2) & 3) % NR_WORLD_TYPES], r.pfn);
		break;
	case OP_SET_REFCOUNTED: snprintf(buf, len, "set_page_refcounted(pfn %d)", r.pfn); break;
	case OP_FREE_FROZEN: snprintf(buf, len, "free_frozen_pages(pfn %d)", r.pfn); break;
	case OP_FREE_PAGES_CORE: snprintf(buf, len, "__free_pages_core(pfn %d)", r.pfn); break;
	case OP_GET: snprintf(buf, len, "folio_get(pfn %d)", r.pfn); break;
	case OP_PUT: snprintf(buf, len, "folio_put(pfn %d)", r.pfn); break;
	case OP_PUT_REFS:
		snprintf(buf, len, "folio_put_refs(pfn %d, %d)", r.pfn, world_put_refs_nr(r.arg));
		break;
	case OP_USE: snprintf(buf, len, "use contents of pfn %d", r.pfn); break;
	case OP_CACHE_ADD: snprintf(buf, len, "filemap_add_folio(pfn %d, index %d)", r.pfn, r.arg); break;
	case OP_CACHE_LOOKUP:
		snprintf(buf, len, "filemap_get_entry(index %d)%s", r.arg & 0x7f,
			 (r.arg & 0x80) ? " (keep)" : "");
		break;
	case OP_CACHE_DELETE: snprintf(buf, len, "filemap_remove_folio(pfn %d)", r.pfn); break;
	case OP_PFN_WALK:
		snprintf(buf, len, "do_migrate_range(pfn %d)%s", r.pfn, (r.arg & 1) ? " (keep)" : "");
		break;
	case OP_GUP_PIN:
		nr = world_gup_nr(r.arg, opts, &pin);
		snprintf(buf, len, pin ? "gup_fast(pfn %d, FOLL_PIN, refs %d)" :
			 "folio_ref_try_add(pfn %d, %d)", r.pfn, nr);
		break;
	case OP_GUP_UNPIN: snprintf(buf, len, "unpin_user_page(pfn %d)", r.pfn); break;
	case OP_FREEZE: snprintf(buf, len, "split: freeze/unfreeze(pfn %d)", r.pfn); break;
	case OP_MISUSE:
		snprintf(buf, len, "MISUSE %s(pfn %d)", world_misuse_names[r.arg % NR_WORLD_MISUSE], r.pfn);
		break;
	default:
		snprintf(buf, len, "%s(pfn %d, %#x)", world_op_names[r.op % NR_WORLD_OPS], r.pfn, r.arg);
	}
}
