// SPDX-License-Identifier: GPL-2.0
/* The refcount family's op table (ops.h), and the values of its fields. */
#include "ops.h"

const char *const rc_guard_names[NR_RC_GUARDS] = { "lock", "rcu", "mutex" };
const char *const rc_misuse_names[NR_RC_MISUSE] = {
	"get-dead", "get-free", "put-dead", "put-free", "put-unowned", "dec-last", "put-lock-dead",
	"overflow",
};

/* background references, by class: world.c turns "near-max" into the variant's limit */
static const char *const bg_names[4] = { "0", "1", "many", "near-max" };
/* put_many and misuse n=: the natural value first, so that it is the default */
static const char *const misuse_n_names[4] = { "1", "0", "2", "3" };

/* a slot's guard: the first obj or create record naming it says (world.c) */
#define F_GUARD	{ .key = "guard", .kind = OPF_NAME, .shift = 2, .width = 2, .nvals = NR_RC_GUARDS, \
		  .names = rc_guard_names, .min = true }
#define F_MAG(k)	{ .key = k, .kind = OPF_MAG, .width = 3, .min = true }

const struct op_desc rc_ops[NR_RC_OPS] = {
	[RC_S_OBJ] = { "obj", .f = {
		{ .key = "refs", .kind = OPF_NUM, .width = 2, .nvals = 4, .lo = 1, .min = true },
		F_GUARD,
		{ .key = "bg", .kind = OPF_NAME, .shift = 4, .width = 2, .nvals = 4, .names = bg_names,
		  .min = true } } },
	[RC_S_REF] = { .name = "ref" },
	[RC_GET] = { "get", .alias = "kref_get", .alias_bit = RC_ARG_KREF, .caller = "refcount_inc",
		.describe = "refcount_inc(id {id})", .alias_describe = "kref_get(id {id})" },
	[RC_ADD] = { "add", .caller = "refcount_add", .describe = "refcount_add({nr}, id {id})",
		.f = { F_MAG("nr") } },
	[RC_PUT] = { "put", .alias = "kref_put", .alias_bit = RC_ARG_KREF, .caller = "refcount_dec_and_test",
		.describe = "refcount_dec_and_test(id {id}) -> obj_free",
		.alias_describe = "kref_put(id {id}, obj_release)" },
	[RC_PUT_MANY] = { "put_many", .caller = "refcount_sub_and_test",
		.describe = "refcount_sub_and_test({n}, id {id}) -> obj_free", .f = { F_MAG("n") } },
	/* the lock is the slot's (its lookups'): table_mutex on mutex slots, table_lock on the others */
	[RC_PUT_LOCK] = { "put_lock", .alias = "kref_put_lock", .alias_bit = RC_ARG_KREF,
		.caller = "refcount_dec_and_lock",
		.describe = "refcount_dec_and_(mutex_)lock{irqsave:_irqsave}(id {id}) -> obj_free",
		.alias_describe = "kref_put_lock/_mutex(id {id}, obj_release)",
		.f = { { .key = "irqsave", .kind = OPF_FLAG, .width = 1, .min = true } } },
	[RC_PUT_IF_ONE] = { "put_if_one", .caller = "refcount_dec_if_one",
		.describe = "refcount_dec_if_one(id {id}) -> obj_free" },
	[RC_DEC] = { "dec", .caller = "refcount_dec", .describe = "refcount_dec(id {id})" },
	[RC_USE] = { "use", .caller = "obj_use", .describe = "use contents of id {id}" },
	[RC_LOOKUP] = { "lookup", .alias = "kref_lookup", .alias_bit = RC_ARG_KREF, .caller = "obj_lookup",
		.describe = "obj_lookup(id {id}, +{nr}{acquire:, acquire}){keep: (keep)}",
		.alias_describe = "obj_lookup(id {id}, kref_get_unless_zero){keep: (keep)}",
		.f = { F_MAG("nr"),
		       { .key = "keep", .kind = OPF_FLAG, .shift = 6, .width = 1, .min = true },
		       { .key = "acquire", .kind = OPF_FLAG, .shift = 5, .width = 1, .min = true } } },
	[RC_CREATE] = { "create", .caller = "obj_create", .describe = "obj_create(id {id}, {guard})",
		.f = { F_GUARD } },
	[RC_MISUSE] = { "misuse", .describe = "MISUSE {kind}(id {id}, n {n})",
		.f = { { .key = "kind", .kind = OPF_NAME, .width = 3, .nvals = NR_RC_MISUSE_OPS,
			 .names = rc_misuse_names, .required = true },
		       { .key = "n", .kind = OPF_NAME, .shift = 3, .width = 2, .nvals = 4,
			 .names = misuse_n_names, .min = true } } },
};

/*
 * Magnitudes of refcount_add(nr), refcount_sub_and_test(n) and a lookup's
 * refcount_add_not_zero(nr). Realistic: what callers pass (one, a few,
 * a batch). Near the limit (RC_OPT_SATURATION, bit RC_ARG_BIG): large
 * batches, all below 1 << 28, so that four CPUs racing in the window
 * between an overflowing fetch_add and its refcount_set(SATURATED) cannot
 * carry the counter from INT_MIN back to 1 (refcount.h's own argument: the
 * race it documents needs increments of 1 << 30 or more, "no practical
 * avenue of attack"; docs/families.md, "refcount_t and kref").
 */
static const int mag_realistic[OP_MAG_VALUES] = { 1, 2, 3, 4, 16, 127, 512, 4096 };
static const int mag_big[OP_MAG_VALUES] = {
	1 << 16, 1 << 20, 1 << 24, 1 << 26, 1 << 27, (1 << 28) - 1, 1 << 28, 0x7fff,
};

const struct op_table refcount_optable = {
	.api = "refcount",
	.op = rc_ops,
	.nops = NR_RC_OPS,
	.nsetup = NR_RC_SETUP_OPS,
	.obj_key = "id",
	.nobjs = RC_MAX_OBJS,
	.opt_names = { "misuse", "saturation" },
	.mag = { mag_realistic, mag_big },
	.mag_big = RC_ARG_BIG,
	.mag_opt = RC_OPT_SATURATION,
	.real_opts = 0,
	.canon = &(struct op_canon){ 0 },
};

OPS_CANON_INIT(refcount_optable)

int rc_obj_refs(uint8_t arg)
{
	return (arg & 3) + 1;
}

int rc_obj_guard(uint8_t arg)
{
	return ((arg >> 2) & 3) % NR_RC_GUARDS;
}

int rc_obj_bg_class(uint8_t arg)
{
	return (arg >> 4) & 3;
}

int rc_mag(uint8_t arg, int opts)
{
	return ops_mag(&refcount_optable, arg, opts);
}

int rc_lookup_keep(uint8_t arg)
{
	return !!(arg & 0x40);
}

int rc_lookup_acquire(uint8_t arg)
{
	return !!(arg & 0x20);
}

int rc_put_lock_irqsave(uint8_t arg)
{
	return arg & 1;
}

int rc_misuse_kind(uint8_t arg)
{
	return (arg & 7) % NR_RC_MISUSE_OPS;
}

/* 1, 0, 2, 3 (misuse_n_names) */
int rc_misuse_n(uint8_t arg)
{
	static const int n[4] = { 1, 0, 2, 3 };

	return n[(arg >> 3) & 3];
}
