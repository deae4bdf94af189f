// SPDX-License-Identifier: GPL-2.0
/* The refcount family: what the engine knows of it (src/harness/family.h). */
#include "world_internal.h"

/* What a run leaves: every object's counter, its ledger state, lifetime and references. */
static uint64_t refcount_state_hash(const struct world_variant *v)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int id;

	(void)v;
	for (id = 0; id < RC_MAX_OBJS; id++) {
		const struct lobj *lo = &rc_ledger.obj[id];

		h = (h ^ (uint32_t)refcount_world_raw_count(id)) * 0x100000001b3ull;
		h = (h ^ (uint64_t)(lo->state | lo->guard << 8)) * 0x100000001b3ull;
		h = (h ^ lo->gen) * 0x100000001b3ull;
		h = (h ^ (uint64_t)lo->refs) * 0x100000001b3ull;
		h = (h ^ (uint64_t)(uintptr_t)rc_table[id]) * 0x100000001b3ull;
	}
	return h;
}

static int robj_id(const void *obj)
{
	return ((const struct robj *)obj)->id;
}

/* As the kernel's WARN shows the object: its counter, and the ledger's view. */
static void robj_dump(const void *obj, const char *reason)
{
	int id = robj_id(obj);
	const struct lobj *lo = &rc_ledger.obj[id];

	oracle_note("object id %d: refcount %u (raw %#x), %s, lifetime %u, %lld reference(s) held\n", id,
		    (unsigned int)refcount_world_raw_count(id), (unsigned int)refcount_world_raw_count(id),
		    rc_state_name(rc_obj_state(id)), lo->gen, (long long)lo->refs);
	oracle_note("object dumped because: %s\n", reason);
}

/*
 * The objects a check exists to catch, in the check table's column order:
 * a dead one (its last put returned true), a freed one, and one whose
 * real references are past what the counter holds.
 */
static const int8_t rc_witness[NR_RS] = {
	[RS_UNUSED] = -1, [RS_LIVE] = -1, [RS_DEAD] = 0, [RS_FREED] = 1, [RS_OVERFLOW] = 2,
};

const struct family refcount_family = {
	.name = "refcount",
	.ops = &refcount_optable,
	.run = refcount_world_run,
	.run_real = refcount_world_run_real,
	.state_hash = refcount_state_hash,
	.oracle = {
		.obj_of = robj_id,
		.obj_state = rc_obj_state,
		.state_name = rc_state_name,
		.noun = "object",
		.key = "id",
		.witness = rc_witness,
		.nstates = NR_RS,
		.witness_names = { "dead", "freed", "overflow" },
		.misuse_names = rc_misuse_names,
		.nmisuse = NR_RC_MISUSE,
		.dump = robj_dump,
	},
};
