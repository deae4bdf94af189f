// SPDX-License-Identifier: GPL-2.0
/*
 * The objects' contents as published plain accesses (the weak memory
 * model, src/memory/wmm.c). Two locations per object, each a token
 * (lifetime, write number):
 *   rc_ident  what the creator writes before it publishes the object (its
 *             key, its type): read by a lookup after its get succeeded;
 *   rc_data   what holders write through their references (obj_use): read
 *             by the CPU whose put was the last, before it frees, and by a
 *             lookup whose get acquires (the v6.15 _acquire getters).
 * A read older than what the documented orderings promise the reader is the
 * variant's ordering bug. Sequentially consistent: no effect.
 *
 * What is promised, and how it is computed:
 *  - after a lookup's get (any): the creator's writes, through the
 *    publication (the table's lock, or rcu_assign_pointer/rcu_dereference);
 *    the get itself adds nothing (a control dependency orders only later
 *    stores). The memory model's contract clock (wmm_payload_load: every
 *    API call exactly as refcount.h documents it, world.c) computes it.
 *  - after the last put (dec_and_test, sub_and_test, the *_lock helpers,
 *    kref_put*): every write a holder made before its put, since every put
 *    releases and the last one acquires on success. The contract clock
 *    again.
 *  - after an _acquire getter (v6.15): what every put of this lifetime
 *    released before the getter's increment: the getter reads the newest
 *    counter value, whose release sequence carries them all. An acquire
 *    promises no more (not what other reads before it saw), which the
 *    contract clock cannot say (its acquire is a barrier's), so the
 *    promise is computed here: for each put that returned, the newest data
 *    its CPU had written (released_tok).
 */
#include "world_internal.h"

int rc_ident[RC_MAX_OBJS];
int rc_data[RC_MAX_OBJS];
static uint8_t ndata[RC_MAX_OBJS];
static int written_tok[PR_MAX_THREADS][RC_MAX_OBJS];	/* each CPU's newest data write */
static int released_tok[RC_MAX_OBJS], released_by[RC_MAX_OBJS];

#define TOKEN(gen, n)	((int)((gen) << 8 | ((n) & 0xff)))

/* A new lifetime's contents, written before anybody can find it. */
void rc_contents_init(int id)
{
	uint32_t gen = rc_ledger.obj[id].gen;

	int t;

	ndata[id] = 0;
	for (t = 0; t < PR_MAX_THREADS; t++)
		written_tok[t][id] = 0;
	released_tok[id] = 0;
	released_by[id] = -1;
	rc_ident[id] = TOKEN(gen, 1);
	wmm_payload_store(&rc_ident[id], rc_ident[id]);
	rc_data[id] = TOKEN(gen, 0);
	wmm_payload_store(&rc_data[id], rc_data[id]);
}

void rc_contents_use(int t, int id)
{
	struct robj *o = &rc_objs[id];

	((volatile unsigned char *)o->mem)[t] ^= 1;
	rc_data[id] = TOKEN(rc_ledger.obj[id].gen, ++ndata[id]);
	wmm_payload_store(&rc_data[id], rc_data[id]);
	written_tok[t][id] = rc_data[id];
}

/* CPU @t's put of @id returned: its decrement released what it had written. */
void rc_contents_released(int t, int id)
{
	if (rc_ledger.obj[id].state != LO_LIVE || written_tok[t][id] <= released_tok[id] ||
	    written_tok[t][id] >> 8 != (int)rc_ledger.obj[id].gen)
		return;
	released_tok[id] = written_tok[t][id];
	released_by[id] = t;
}

static void read_judged(int t, int id, int *loc, const char *what, const char *after)
{
	struct wmm_read r;

	if (!wmm_on())
		return;
	wmm_payload_load(loc, &r);
	if (r.stale)
		STEP(what, id, r.value >> 8, r.value & 0xff);
	oracle_contents(t, id, &r, "the documented orderings", after, cur_caller);
}

void rc_contents_read_ident(int t, int id, const char *after)
{
	read_judged(t, id, &rc_ident[id], "reads id %d's identity: lifetime %d, write %d (stale)", after);
}

void rc_contents_read_data(int t, int id, const char *after)
{
	read_judged(t, id, &rc_data[id], "reads id %d's data: lifetime %d, write %d (stale)", after);
}

/* After an _acquire getter: the data every returned put released (above). */
void rc_contents_read_acquired(int t, int id, const char *after)
{
	struct wmm_read r;

	if (!wmm_on())
		return;
	wmm_payload_load(&rc_data[id], &r);
	r.promised = released_tok[id];
	r.promised_writer = released_by[id];
	r.stale = released_tok[id] && r.value < released_tok[id];
	if (r.stale)
		STEP("reads id %d's data: lifetime %d, write %d (stale)", id, r.value >> 8, r.value & 0xff);
	oracle_contents(t, id, &r, "the documented orderings", after, cur_caller);
}
