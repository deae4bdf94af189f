// SPDX-License-Identifier: GPL-2.0
/* The rcuref family's ops: the table every program of the family is read with. */
#include "ops.h"

#include <limits.h>

const char *const rcuref_misuse_names[NR_RCUREF_MISUSE] = {
	"put-dead", "put-freed", "put-unowned", "get-freed", "get-overflow", "put-rcusafe-unsafe",
};

static const struct op_desc rcuref_ops[NR_RCUREF_OPS] = {
	[ROP_S_OBJECT] = { "object", .f = {
		{ .key = "hold", .kind = OPF_FLAG, .shift = 4, .width = 1 },
		{ .key = "bg", .kind = OPF_MAG, .width = 3, .min = true },
		{ .key = "saturated", .kind = OPF_FLAG, .shift = 5, .width = 1, .min = true } } },
	[ROP_CREATE] = { "create", .caller = "obj_create", .describe = "obj_create(id {id})" },
	[ROP_GET] = { "get", .caller = "obj_get", .describe = "obj_get(id {id}): rcuref_get, held" },
	[ROP_PUT] = { "put", .alias = "put_rcusafe", .alias_bit = RPUT_RCUSAFE, .caller = "obj_put",
		.describe = "obj_put(id {id}): rcuref_put",
		.alias_describe = "obj_put(id {id}): rcuref_put_rcusafe under rcu_read_lock" },
	[ROP_USE] = { "use", .caller = "obj_use", .describe = "use contents of id {id}" },
	[ROP_LOOKUP] = { "lookup", .caller = "obj_lookup",
		.describe = "obj_lookup(id {id}){keep: (keep)}",
		.f = { { .key = "keep", .kind = OPF_FLAG, .width = 1, .min = true } } },
	[ROP_PEEK] = { "peek", .caller = "obj_peek", .describe = "obj_peek(id {id}): rcuref_is_dead" },
	[ROP_READ_LOCK] = { "rcu_read_lock", .flags = OPD_NO_PFN, .describe = "rcu_read_lock()" },
	[ROP_READ_UNLOCK] = { "rcu_read_unlock", .flags = OPD_NO_PFN, .describe = "rcu_read_unlock()" },
	[ROP_SYNC] = { "synchronize_rcu", .flags = OPD_NO_PFN, .describe = "synchronize_rcu()" },
	[ROP_MISUSE] = { "misuse", .describe = "MISUSE {kind}(id {id})",
		.f = { { .key = "kind", .kind = OPF_NAME, .width = 8, .nvals = NR_RCUREF_MISUSE,
			 .names = rcuref_misuse_names, .required = true } } },
};

/*
 * Background references an object starts with: holders that never put
 * (a cache, a socket), so the count sits where the table puts it.
 * Realistic: small counts. Opt-in (ROPT_OVERFLOW, bit ROBJ_BG_BIG): counts
 * at the top of the valid zone, where one or two more gets reach
 * RCUREF_MAXREF (0x7fffffff, i.e. INT_MAX + 1 references), the
 * saturation boundary; 2^31 references only a leak or an attack reaches.
 */
static const int bg_realistic[OP_MAG_VALUES] = { 0, 1, 2, 3, 7, 64, 1024, 1 << 20 };
static const int bg_overflow[OP_MAG_VALUES] = {
	INT_MAX - 7, INT_MAX - 3, INT_MAX - 2, INT_MAX - 1, INT_MAX, INT_MAX - 1024,
	0x40000000, 0x60000000,
};

const struct op_table rcuref_optable = {
	.api = "rcuref",
	.op = rcuref_ops,
	.nops = NR_RCUREF_OPS,
	.nsetup = NR_RCUREF_SETUP,
	.obj_key = "id",
	.nobjs = RCUREF_MAX_OBJS,
	.opt_names = { "misuse", "prove-rcu", "overflow" },
	.mag = { bg_realistic, bg_overflow },
	.mag_big = ROBJ_BG_BIG,
	.mag_opt = ROPT_OVERFLOW,
	.real_opts = ROPT_PROVE_RCU,
	.canon = &(struct op_canon){ 0 },
};

OPS_CANON_INIT(rcuref_optable)
