/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operations a program is made of. Each mirrors a real caller of the
 * page refcount API (kernel-facts.md, "mm.h and mm/ callers that matter").
 * Setup ops run before the threads start, unscheduled and untraced; thread
 * ops run on the simulated CPUs.
 *
 * A record is 4 bytes: op, thread, pfn, arg. Every byte value means
 * something (the decoder is total); ops_canon() gives each field its
 * canonical value so text and binary forms round-trip.
 */
#ifndef PR_WORLD_OPS_H
#define PR_WORLD_OPS_H

#include <stdbool.h>
#include <stdint.h>

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

/* World options: input header bits, masked by what the campaign allows. */
#define WOPT_MISUSE	0x01	/* generate API misuse (expected checks) */
#define WOPT_CALLER_DTOR 0x02	/* caller picks the destructor (ABA hazard) */
#define WOPT_OVERFLOW	0x04	/* opt-in magnitudes near the 31/32-bit limits */
#define WOPT_WEAK	0x08	/* the weak memory model (--memory weak, src/memory) */
#define WOPT_ALL	0x0f

struct pr_record {
	uint8_t op, thread, pfn, arg;
};

/*
 * The table of ops: each op described once, for the decoder (ops_canon), the
 * trace (ops_describe), the text form (src/harness/scenario.c) and the
 * minimiser. Executing an op is the world's: world.c maps ops to its
 * functions. A new op: an enum value above, a row in world_ops (ops.c), its
 * function in world.c's table.
 */
enum op_field_kind {
	OPF_NUM,	/* key=N: N = lo + the field's bits */
	OPF_NAME,	/* key=NAME: names[the field's bits] */
	OPF_FLAG,	/* key alone: the bit is set */
	OPF_MAG,	/* key=N: world_gup_nr() of the arg (the bits index its table) */
};

struct op_field {
	const char *key;	/* in the text form; alt_key when the op goes by its alias */
	const char *alt_key;
	uint8_t kind;		/* enum op_field_kind */
	uint8_t shift, width;	/* bits of the arg byte */
	uint8_t nvals;		/* values it takes (canon: modulo nvals); 0: every bit pattern */
	int8_t lo;		/* OPF_NUM: the text value of bits 0 */
	bool required;		/* the text form must give it */
	bool min;		/* the minimiser tries it at 0 (last field first) */
	const char *const *names;	/* OPF_NAME */
};

#define OP_MAX_FIELDS	5

#define OPD_NO_THREAD	0x01	/* a setup op nobody holds: thread 0, not written */
#define OPD_NO_PFN	0x02	/* pfn means nothing: 0, not written */

struct op_desc {
	const char *name;	/* in the text form, traces' headers and titles */
	const char *alias;	/* the name of the op with alias_bit set in arg */
	uint8_t alias_bit;
	uint8_t flags;		/* OPD_* */
	const char *caller;	/* the kernel caller, for titles; NULL: name */
	/* the trace line: {pfn}, {KEY} a field's value, {KEY:TEXT} TEXT if the flag is set */
	const char *describe, *alias_describe;
	struct op_field f[OP_MAX_FIELDS];	/* in text order; key NULL ends */
};

extern const struct op_desc world_ops[NR_WORLD_OPS];
extern const char *const world_type_names[NR_WORLD_TYPES];
extern const char *const world_misuse_names[NR_WORLD_MISUSE];

/* Setup ops come first in enum world_op. */
#define NR_SETUP_OPS	(OP_S_OFFLINE + 1)

static inline int op_is_setup(int op)
{
	return op < NR_SETUP_OPS;
}

/* Magnitudes (documented in README "Magnitudes"). */
#define GUP_ARG_PLAIN	0x08	/* plain folio_ref_try_add, not a FOLL_PIN */
#define GUP_ARG_BIG	0x10	/* with WOPT_OVERFLOW: the table near the limits */
int world_gup_nr(uint8_t arg, int opts, int *pin);
int world_bg_refs(int cls, int opts);
int world_put_refs_nr(uint8_t arg);

/* The arg bits of field @f (in place). */
static inline uint8_t ops_field_mask(const struct op_field *f)
{
	return (uint8_t)(((1u << f->width) - 1) << f->shift);
}

/* The field of @d named @key (or alt_key); NULL if none. */
const struct op_field *ops_field(const struct op_desc *d, const char *key);
/* The text value of field @f in @arg: a number, an index in names, or 0/1. */
long ops_field_value(const struct op_field *f, uint8_t arg, int opts);
/* Set field @f of @arg to text value @v; -1 if the field has no such value. */
int ops_field_set(const struct op_field *f, long v, uint8_t *arg, int opts);

/* Canonical form of one record (fields reduced to what they mean). */
struct pr_record ops_canon(struct pr_record r, int nthreads, int opts);

/* One line for the trace: the kernel call the op makes. */
void ops_describe(struct pr_record r, int opts, char *buf, int len);

int world_opt_parse(const char *s, int *opts);	/* "misuse,caller-dtor" */
void world_opt_format(int opts, char *buf, int len);

#endif
