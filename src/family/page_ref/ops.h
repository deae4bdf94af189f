/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operations a program is made of. Each mirrors a real caller of the
 * page refcount API (the kernel's mm.h and mm/ callers that matter).
 * Setup ops run before the threads start, unscheduled and untraced; thread
 * ops run on the simulated CPUs.
 *
 * A record is 4 bytes: op, thread, pfn, arg. Every byte value means
 * something (the decoder is total); ops_canon() gives each field its
 * canonical value so text and binary forms round-trip.
 */
#ifndef PR_WORLD_OPS_H
#define PR_WORLD_OPS_H

#include "../../format/optable.h"

#define WORLD_MAX_PFNS		8	/* struct pages in mem_map */
#define WORLD_MAX_ORDER		2	/* largest folio: 4 pages */
#define WORLD_CACHE_SLOTS	4	/* page cache indices */
#define WORLD_MAX_HOLDINGS	8	/* references one thread tracks */

enum world_op {
	/* setup */
	OP_S_PAGE,		/* pfn: folio at pfn; arg: order type cache hold bg */
	OP_S_FROZEN,		/* pfn: thread owns a frozen allocation; arg: order type */
	OP_S_OFFLINE,		/* pfn: block stays offline at boot */
	/* allocator */
	OP_ALLOC,		/* alloc_pages at/after pfn; arg: order type */
	OP_ALLOC_FROZEN,	/* alloc_frozen_pages */
	OP_SET_REFCOUNTED,	/* set_page_refcounted on own frozen allocation */
	OP_FREE_FROZEN,		/* free_frozen_pages on own frozen allocation */
	OP_FREE_PAGES_CORE,	/* __free_pages_core: online an offline block */
	/* references held */
	OP_GET,			/* folio_get on a folio this thread holds */
	OP_PUT,			/* folio_put */
	OP_PUT_REFS,		/* folio_put_refs; arg: how many */
	OP_USE,			/* touch the contents through a held reference */
	/* speculative getters */
	OP_CACHE_ADD,		/* filemap_add_folio; arg: index */
	OP_CACHE_LOOKUP,	/* filemap_get_entry; arg: index (bit 7: keep ref) */
	OP_CACHE_DELETE,	/* filemap_remove_folio + drop the cache's refs */
	OP_PFN_WALK,		/* do_migrate_range on one pfn; arg bit 0: keep ref */
	OP_GUP_PIN,		/* gup_fast pin; arg: magnitude, bit 3: plain try_add */
	OP_GUP_UNPIN,		/* unpin_user_page / drop the try_add refs */
	OP_FREEZE,		/* folio_ref_freeze(expected) .. unfreeze (split/migrate) */
	OP_MISUSE,		/* misuse mode only; arg: kind */
	NR_WORLD_OPS
};

enum world_type { TYPE_ANON, TYPE_FILE, TYPE_HUGETLB, NR_WORLD_TYPES };

enum world_misuse {
	MISUSE_INC_FROZEN,	/* page_ref_inc on a frozen page */
	MISUSE_DEC_FROZEN,	/* page_ref_dec on a frozen page */
	MISUSE_ADD_FROZEN,	/* folio_ref_add on a frozen page */
	MISUSE_SUB_FROZEN,	/* folio_ref_sub on a frozen page */
	MISUSE_PUT_FROZEN,	/* folio_put on a frozen page */
	MISUSE_GET_FROZEN,	/* folio_get on a frozen page */
	MISUSE_GET_FREE,	/* folio_get on a page free in the buddy allocator */
	MISUSE_PUT_FREE,	/* folio_put on a page free in the buddy allocator */
	MISUSE_PUT_UNOWNED,	/* folio_put by a CPU holding no reference (others do) */
	NR_WORLD_MISUSE
};

/* World options (input header bits 0..2, masked by what the campaign allows). */
#define WOPT_MISUSE	0x01	/* generate API misuse (expected checks) */
#define WOPT_CALLER_DTOR 0x02	/* caller picks the destructor (ABA hazard) */
#define WOPT_OVERFLOW	0x04	/* opt-in magnitudes near the 31/32-bit limits */

/* The op table (ops.c): every record of the family is read with it. */
extern const struct op_table page_ref_optable;
extern const struct op_desc world_ops[NR_WORLD_OPS];
extern const char *const world_type_names[NR_WORLD_TYPES];
extern const char *const world_misuse_names[NR_WORLD_MISUSE];

/* Setup ops come first in enum world_op. */
#define NR_SETUP_OPS	(OP_S_OFFLINE + 1)

static inline int op_is_setup(int op)
{
	return ops_is_setup(&page_ref_optable, op);
}

/* Magnitudes (docs/scenarios.md, "Magnitudes"). */
#define GUP_ARG_PLAIN	0x08	/* plain folio_ref_try_add, not a FOLL_PIN */
#define GUP_ARG_BIG	0x10	/* with WOPT_OVERFLOW: the table near the limits */
int world_gup_nr(uint8_t arg, int opts, int *pin);
int world_bg_refs(int cls, int opts);
int world_put_refs_nr(uint8_t arg);

#endif
