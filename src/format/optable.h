/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A family's vocabulary: the op table every program record is read with.
 *
 * A record is 4 bytes: op, thread, object (a pfn for page_ref), arg. Every
 * byte value means something (the decoder is total); ops_canon() gives each
 * field its canonical value so text and binary forms round-trip. A family
 * (src/family/<name>/) describes each of its ops once, in a struct op_table:
 * the decoder, the trace, the scenario parser and printer, the mutator and
 * the minimiser all read that table, and nothing else, about its ops.
 *
 * Option bits (the program header's opts): bits 0..2 are the family's
 * world options (names in the table), bit 3 is the memory model.
 */
#ifndef PR_OPTABLE_H
#define PR_OPTABLE_H

#include <stdbool.h>
#include <stdint.h>

#define WOPT_WEAK	0x08	/* the weak memory model (--memory weak, src/memory) */
#define WOPT_FAMILY	0x07	/* the family's world options */
#define WOPT_ALL	0x0f
#define NR_FAMILY_OPTS	3

struct pr_record {
	uint8_t op, thread;
	union {
		uint8_t obj;	/* what the op works on: an index the family defines */
		uint8_t pfn;	/* page_ref's name for it */
	};
	uint8_t arg;
};

enum op_field_kind {
	OPF_NUM,	/* key=N: N = lo + the field's bits */
	OPF_NAME,	/* key=NAME: names[the field's bits] */
	OPF_FLAG,	/* key alone: the bit is set */
	OPF_MAG,	/* key=N: a magnitude, from the table's mag[] (the bits index it) */
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
#define OPD_NO_PFN	0x02	/* the object means nothing: 0, not written */

struct op_desc {
	const char *name;	/* in the text form, traces' headers and titles */
	const char *alias;	/* the name of the op with alias_bit set in arg */
	uint8_t alias_bit;
	uint8_t flags;		/* OPD_* */
	const char *caller;	/* the kernel caller, for titles; NULL: name */
	/* the trace line: {pfn} the object, {KEY} a field's value, {KEY:TEXT} TEXT if the flag is set */
	const char *describe, *alias_describe;
	struct op_field f[OP_MAX_FIELDS];	/* in text order; key NULL ends */
};

#define OP_MAG_VALUES	8
#define OP_MAX_OPS	32

/*
 * ops_canon()'s answers, one table lookup a field: built from the op table
 * once per process, before any input runs (OPS_CANON_INIT in the family's
 * ops.c: a constructor, so no first execution is unlike the others).
 */
struct op_canon {
	bool built;
	uint8_t op[256];			/* op byte -> op */
	uint8_t obj[256];			/* object byte -> object */
	uint8_t flags[OP_MAX_OPS];		/* op -> its OPD_* flags */
	uint8_t arg[2][OP_MAX_OPS][256];	/* [magnitude option on][op][arg byte] */
};

struct op_table {
	const char *api;		/* the family: "page_ref" */
	const struct op_desc *op;	/* nops ops; the first nsetup run before the CPUs start */
	int nops, nsetup;
	const char *obj_key;		/* the object's key in the text form: "pfn" */
	int nobjs;			/* objects: the key's values are 0 .. nobjs-1 */
	const char *opt_names[NR_FAMILY_OPTS];	/* world option bits 0..2 */
	/*
	 * OPF_MAG fields: the arg's low 3 bits index mag[0]; with option
	 * mag_opt on and bit mag_big set, mag[1] (values near the limits).
	 */
	const int *mag[2];
	uint8_t mag_big, mag_opt;
	/*
	 * The world options real threads can judge; the others are off there.
	 * Misuse and counts near a limit are judged against the world's state
	 * at a check, which another real CPU may change in between (fibers
	 * stop there; an increment near a limit runs alone).
	 */
	uint8_t real_opts;
	struct op_canon *canon;		/* the family's storage for it */
};

/* Build @tab's canon tables (OPS_CANON_INIT does it at start-up). */
void ops_canon_build(const struct op_table *tab);
#define OPS_CANON_INIT(tab)						\
	__attribute__((constructor)) static void tab##_canon_init(void)	\
	{								\
		ops_canon_build(&tab);					\
	}

/* The world options in @opts that real threads leave off (real_opts above). */
static inline int ops_real_off(const struct op_table *tab, int opts)
{
	return opts & WOPT_ALL & ~WOPT_WEAK & ~tab->real_opts;
}

static inline bool ops_is_setup(const struct op_table *tab, int op)
{
	return op < tab->nsetup;
}

/* The arg bits of field @f (in place). */
static inline uint8_t ops_field_mask(const struct op_field *f)
{
	return (uint8_t)(((1u << f->width) - 1) << f->shift);
}

/* The field of @d named @key (or alt_key); NULL if none. */
const struct op_field *ops_field(const struct op_desc *d, const char *key);
/* The magnitude an OPF_MAG arg stands for. */
int ops_mag(const struct op_table *tab, uint8_t arg, int opts);
/* The text value of field @f in @arg: a number, an index in names, or 0/1. */
long ops_field_value(const struct op_table *tab, const struct op_field *f, uint8_t arg, int opts);
/* Set field @f of @arg to text value @v; -1 if the field has no such value. */
int ops_field_set(const struct op_table *tab, const struct op_field *f, long v, uint8_t *arg,
		  int opts);

/* (t & 3) % n for n = 1..4, indexed [n - 1][t & 3]: a record's thread, without a divide */
static const uint8_t ops_thread_mod[4][4] = {
	{ 0, 0, 0, 0 }, { 0, 1, 0, 1 }, { 0, 1, 2, 0 }, { 0, 1, 2, 3 },
};

/* Canonical form of one record (fields reduced to what they mean); 1 <= nthreads <= 4. */
static inline struct pr_record ops_canon(const struct op_table *tab, struct pr_record r, int nthreads,
					 int opts)
{
	const struct op_canon *c = tab->canon;
	struct pr_record o;

	o.op = c->op[r.op];
	o.thread = (c->flags[o.op] & OPD_NO_THREAD) ? 0 : ops_thread_mod[(nthreads - 1) & 3][r.thread & 3];
	o.obj = (c->flags[o.op] & OPD_NO_PFN) ? 0 : c->obj[r.obj];
	o.arg = c->arg[(opts & tab->mag_opt) != 0][o.op][r.arg];
	return o;
}

/* One line for the trace: the kernel call the op makes. */
void ops_describe(const struct op_table *tab, struct pr_record r, int opts, char *buf, int len);

/* World options as text: "misuse,caller-dtor", "weak"; "none" for 0. */
int ops_opt_parse(const struct op_table *tab, const char *s, int *opts);
void ops_opt_format(const struct op_table *tab, int opts, char *buf, int len);

#endif
