// SPDX-License-Identifier: GPL-2.0
/* The rcuref family: what the engine knows of it (src/harness/family.h). */
#include "world_internal.h"

/*
 * What a run leaves: every object's counter, its ledger state, lifetime
 * and references really held, and what each CPU believes it holds.
 */
static uint64_t rcuref_state_hash(const struct world_variant *v)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int id, t, i;

	(void)v;
	for (id = 0; id < RCUREF_MAX_OBJS; id++) {
		const struct lobj *lo = &rledger.obj[id];

		h = (h ^ rcuref_world_raw_count(id)) * 0x100000001b3ull;
		h = (h ^ (uint64_t)(lo->state | (rw_table[id] != NULL) << 8)) * 0x100000001b3ull;
		h = (h ^ lo->gen) * 0x100000001b3ull;
		h = (h ^ (uint64_t)lo->refs) * 0x100000001b3ull;
	}
	for (t = 0; t < PR_MAX_THREADS; t++)
		for (i = 0; i < RCUREF_MAX_HOLDINGS; i++) {
			const struct lhold *hd = &rledger.hold[t][i];

			h = (h ^ (uint64_t)(hd->used ? hd->id | hd->gen << 8 : 0xff)) * 0x100000001b3ull;
			h = (h ^ (uint64_t)hd->n) * 0x100000001b3ull;
		}
	return h;
}

static int rcuref_obj_of(const void *obj)
{
	return obj_id(obj);
}

/*
 * The state the check table sees: the ledger's, but an object its users
 * hold MAXREF + 1 times is "at MAXREF" (what the saturation WARN is for),
 * and in the misuse put-rcusafe-unsafe the CPU's context is what is wrong
 * (what RCU_LOCKDEP_WARN is for).
 */
static int rcuref_obj_state(int id)
{
	const struct lobj *lo;
	int t = sched_in_run() ? sched_current() : -1;

	if (id < 0 || id >= RCUREF_MAX_OBJS)
		return -1;
	lo = &rledger.obj[id];
	if (rw_misuse_kind_now(t) == RMIS_PUT_RCUSAFE_UNSAFE)
		return LO_UNSAFE_CTX;
	if (lo->state == LO_LIVE && lo->refs + lo->inflight >= (int64_t)W_RCUREF_MAXREF + 1)
		return LO_AT_MAXREF;
	return lo->state;
}

static void rcuref_obj_dump(const void *obj, const char *reason)
{
	rcuref_dump(obj_id(obj), reason);
}

/* The objects a check exists to catch, in the check table's column order. */
static const int8_t rcuref_witness[NR_LO_STATES] = {
	[LO_EMPTY] = -1, [LO_LIVE] = -1, [LO_DEAD] = 0, [LO_FREED] = 0, [LO_SATURATED] = -1,
	[LO_AT_MAXREF] = 1, [LO_UNSAFE_CTX] = 2,
};

const struct family rcuref_family = {
	.name = "rcuref",
	.ops = &rcuref_optable,
	.run = rcuref_world_run,
	.run_real = rcuref_world_run_real,
	.state_hash = rcuref_state_hash,
	.oracle = {
		.obj_of = rcuref_obj_of,
		.obj_state = rcuref_obj_state,
		.state_name = rledger_state_name,
		.noun = "object",
		.key = "id",
		.witness = rcuref_witness,
		.nstates = NR_LO_STATES,
		.witness_names = { "dead", "maxref", "unsafe-ctx" },
		.misuse_names = rcuref_misuse_names,
		.nmisuse = NR_RCUREF_MISUSE,
		.dump = rcuref_obj_dump,
	},
};
