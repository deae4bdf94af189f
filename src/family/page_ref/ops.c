// SPDX-License-Identifier: GPL-2.0
/* page_ref's ops: the table every program of the family is read with, and magnitudes. */
#include "ops.h"

#include <stdio.h>
#include <string.h>

const char *const world_type_names[NR_WORLD_TYPES] = { "anon", "file", "hugetlb" };

const char *const world_misuse_names[NR_WORLD_MISUSE] = {
	"inc-frozen", "dec-frozen", "add-frozen", "sub-frozen", "put-frozen", "get-frozen",
	"get-free", "put-free", "put-unowned",
};

static const char *const bg_names[4] = { "0", "1", "1024", "big" };	/* world_bg_refs() */

#define F_ORDER	{ .key = "order", .kind = OPF_NUM, .width = 2, .nvals = WORLD_MAX_ORDER + 1, .min = true }
#define F_TYPE	{ .key = "type", .kind = OPF_NAME, .shift = 2, .width = 2, .nvals = NR_WORLD_TYPES, \
		  .names = world_type_names }
#define F_KEEP(bit)	{ .key = "keep", .kind = OPF_FLAG, .shift = bit, .width = 1, .min = true }

const struct op_desc world_ops[NR_WORLD_OPS] = {
	[OP_S_PAGE] = { "page", .f = { F_ORDER, F_TYPE,
		{ .key = "cache", .kind = OPF_FLAG, .shift = 4, .width = 1, .min = true },
		{ .key = "hold", .kind = OPF_FLAG, .shift = 5, .width = 1 },
		{ .key = "bg", .kind = OPF_NAME, .shift = 6, .width = 2, .nvals = 4, .names = bg_names,
		  .min = true } } },
	[OP_S_FROZEN] = { "frozen", .f = { F_ORDER, F_TYPE } },
	[OP_S_OFFLINE] = { "offline", .flags = OPD_NO_THREAD },
	[OP_ALLOC] = { "alloc", .caller = "alloc_pages",
		.describe = "alloc_pages(order {order}, {type}) near pfn {pfn}", .f = { F_ORDER, F_TYPE } },
	[OP_ALLOC_FROZEN] = { "alloc_frozen", .caller = "alloc_frozen_pages",
		.describe = "alloc_frozen_pages(order {order}, {type}) near pfn {pfn}", .f = { F_ORDER, F_TYPE } },
	[OP_SET_REFCOUNTED] = { "set_refcounted", .describe = "set_page_refcounted(pfn {pfn})" },
	[OP_FREE_FROZEN] = { "free_frozen", .caller = "free_frozen_pages",
		.describe = "free_frozen_pages(pfn {pfn})" },
	[OP_FREE_PAGES_CORE] = { "free_pages_core", .describe = "__free_pages_core(pfn {pfn})" },
	[OP_GET] = { "get", .caller = "folio_get", .describe = "folio_get(pfn {pfn})" },
	[OP_PUT] = { "put", .caller = "folio_put", .describe = "folio_put(pfn {pfn})" },
	[OP_PUT_REFS] = { "put_refs", .caller = "folio_put_refs", .describe = "folio_put_refs(pfn {pfn}, {n})",
		.f = { { .key = "n", .kind = OPF_NUM, .width = 2, .nvals = 4, .lo = 1 } } },
	[OP_USE] = { "use", .describe = "use contents of pfn {pfn}" },
	[OP_CACHE_ADD] = { "cache_add", .caller = "filemap_add_folio",
		.describe = "filemap_add_folio(pfn {pfn}, index {index})",
		.f = { { .key = "index", .kind = OPF_NUM, .width = 8, .nvals = WORLD_CACHE_SLOTS } } },
	[OP_CACHE_LOOKUP] = { "cache_lookup", .flags = OPD_NO_PFN, .caller = "filemap_get_entry",
		.describe = "filemap_get_entry(index {index}){keep: (keep)}",
		.f = { { .key = "index", .kind = OPF_NUM, .width = 7, .nvals = WORLD_CACHE_SLOTS }, F_KEEP(7) } },
	[OP_CACHE_DELETE] = { "cache_delete", .caller = "filemap_remove_folio",
		.describe = "filemap_remove_folio(pfn {pfn})" },
	[OP_PFN_WALK] = { "pfn_walk", .caller = "do_migrate_range",
		.describe = "do_migrate_range(pfn {pfn}){keep: (keep)}", .f = { F_KEEP(0) } },
	[OP_GUP_PIN] = { "gup_pin", .alias = "try_add", .alias_bit = GUP_ARG_PLAIN, .caller = "gup_fast",
		.describe = "gup_fast(pfn {pfn}, FOLL_PIN, refs {refs})",
		.alias_describe = "folio_ref_try_add(pfn {pfn}, {nr})",
		.f = { { .key = "refs", .alt_key = "nr", .kind = OPF_MAG, .width = 3, .required = true,
			 .min = true } } },
	[OP_GUP_UNPIN] = { "gup_unpin", .caller = "unpin_user_page", .describe = "unpin_user_page(pfn {pfn})" },
	[OP_FREEZE] = { "freeze", .caller = "split_folio", .describe = "split: freeze/unfreeze(pfn {pfn})" },
	[OP_MISUSE] = { "misuse", .describe = "MISUSE {kind}(pfn {pfn})",
		.f = { { .key = "kind", .kind = OPF_NAME, .width = 8, .nvals = NR_WORLD_MISUSE,
			 .names = world_misuse_names, .required = true } } },
};

/*
 * Magnitudes of nr for folio_ref_try_add / GUP. Realistic: what kernel
 * callers pass (1 for folio_try_get, small batches, up to 4096 pages of a
 * large folio; a GUP pin of a small folio multiplies by
 * GUP_PIN_COUNTING_BIAS = 1024). Opt-in (WOPT_OVERFLOW): values near the
 * 1 << 30 undo limit and bit 31, reached only by refcount-overflow attacks
 * or bugs.
 */
static const int gup_realistic[OP_MAG_VALUES] = { 1, 2, 3, 4, 16, 127, 512, 4096 };
static const int gup_overflow[OP_MAG_VALUES] = {
	1 << 20, 1 << 24, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, 0x7fffff00, 0x7fffffff, 0x60000000,
};

const struct op_table page_ref_optable = {
	.api = "page_ref",
	.op = world_ops,
	.nops = NR_WORLD_OPS,
	.nsetup = NR_SETUP_OPS,
	.obj_key = "pfn",
	.nobjs = WORLD_MAX_PFNS,
	.opt_names = { "misuse", "caller-dtor", "overflow" },
	.mag = { gup_realistic, gup_overflow },
	.mag_big = GUP_ARG_BIG,
	.mag_opt = WOPT_OVERFLOW,
	.real_opts = WOPT_CALLER_DTOR,
	.canon = &(struct op_canon){ 0 },
};

OPS_CANON_INIT(page_ref_optable)

int world_gup_nr(uint8_t arg, int opts, int *pin)
{
	*pin = !(arg & GUP_ARG_PLAIN);
	return ops_mag(&page_ref_optable, arg, opts);
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
