// SPDX-License-Identifier: GPL-2.0
/*
 * The users of rcuref: objects created and published in a table, looked up
 * under RCU, held, used and put, as lib/rcuref.c's "common usage pattern"
 * and its users (net's dst_entry, ucounts, the futex private hash) do:
 *
 *   lookup:  rcu_read_lock(); p = rcu_dereference(table[id]);
 *            if (p && !rcuref_get(&p->ref)) p = NULL; rcu_read_unlock();
 *   put:     if (rcuref_put(&p->ref)) { remove_pointer(p); kfree_rcu(p); }
 *
 * and KASAN for the objects' counters.
 */
#include "world_internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * ---- an object's contents, as published plain accesses ----
 * What its users write into it (a route's metrics, a hash's buckets) is
 * one location per slot for the memory model: a token (lifetime, write
 * number). Written at creation, before the object is published, and by a
 * holder's use; read by a reader after its get, by a holder's use, and by
 * the CPU whose put returned true, before it destroys the object. Under
 * --memory weak a read may see an older token (which one is a choice on
 * the tape); one older than rcuref.h's documented orderings promise is a
 * finding (judge.c).
 *
 * The promise, rcuref.h's own (docs/families.md, rcuref): a put
 * releases what its CPU did before it; the put that marks the object dead
 * also acquires, through the counter's release sequence, every earlier
 * put's. So the destructor is promised every write a holder made before
 * its put, and the creator's (the publication: rcu_assign_pointer, then
 * rcu_dereference); a reader or a holder, the creator's and its own, no
 * more (gets are relaxed). The family computes it here, per object:
 * wmm.c's contract clock would make every store after a release API call
 * carry the call's view, a release fence, which rcuref never promises
 * (cumulativity through another object's counter is not judged either:
 * the promise is never more than the kernel's).
 */
int rw_contents[RCUREF_MAX_OBJS];
static uint8_t rw_contents_nwrites[RCUREF_MAX_OBJS];
static uint8_t rw_own_write[PR_MAX_THREADS][RCUREF_MAX_OBJS];	/* CPU's last write number */
static uint8_t rw_released_write[RCUREF_MAX_OBJS];	/* newest write a put released */
static int8_t rw_released_by[RCUREF_MAX_OBJS];

#define CONTENTS_TOKEN(gen, n)	((int)((gen) << 8 | ((n) & 0xff)))

void rw_contents_write(int t, int id)
{
	int n = ++rw_contents_nwrites[id];
	int tok = CONTENTS_TOKEN(rledger.obj[id].gen, n);

	wmm_payload_store(&rw_contents[id], tok);
	rw_contents[id] = tok;
	if (t >= 0)
		rw_own_write[t][id] = (uint8_t)n;
}

/* CPU @t puts a reference to @id: its put releases its writes before it. */
void rw_contents_released(int t, int id)
{
	if (rw_own_write[t][id] > rw_released_write[id]) {
		rw_released_write[id] = rw_own_write[t][id];
		rw_released_by[id] = (int8_t)t;
	}
}

void rw_contents_read(int t, int id, const char *after, bool last_put)
{
	uint32_t gen = rledger.obj[id].gen;
	int promised = 1, by = rw_released_by[id] == t ? t : -2;
	struct wmm_read r;

	if (!wmm_on())
		return;
	if (last_put && rw_released_write[id] > promised) {
		promised = rw_released_write[id];
		by = rw_released_by[id];
	}
	if (rw_own_write[t][id] > promised) {
		promised = rw_own_write[t][id];
		by = t;
	}
	wmm_payload_load(&rw_contents[id], &r);
	r.promised = CONTENTS_TOKEN(gen, promised);
	r.promised_writer = by;
	r.stale = r.value < r.promised;
	if (r.stale)
		STEP("reads id %d contents: lifetime %d, write %d (stale)", id, r.value >> 8, r.value & 0xff);
	oracle_contents(t, id, &r, "rcuref.h's orderings", after, rw_caller[t]);
}

/* A new lifetime of slot @id: its memory, its contents' first state. */
static struct rcuref_obj *rw_obj_new(int id)
{
	struct lobj *lo = &rledger.obj[id];
	struct rcuref_obj *o = &rw_objs[id];
	int t;

	lo->gen++;
	lo->refs = lo->bg = lo->inflight = 0;
	lo->dead_by = lo->seen_dead_by = -1;
	free(o->mem);
	o->mem = calloc(1, OBJ_MEM_SIZE);
	rw_contents_nwrites[id] = 0;
	for (t = 0; t < PR_MAX_THREADS; t++)
		rw_own_write[t][id] = 0;
	rw_released_write[id] = 1;	/* the creator's write: published */
	rw_released_by[id] = -1;
	rw_contents_write(-1, id);
	return o;
}

/*
 * Setup: an object published before the CPUs start, held by CPU @t if @arg
 * says hold. Another record for the same id adds its holder and its
 * background references to the object (at most 2^31 in all).
 */
void rw_obj_setup(int t, int id, uint8_t arg)
{
	struct lobj *lo = &rledger.obj[id];
	bool hold = arg & ROBJ_HOLD, sat = (arg & ROBJ_SATURATED) && (rw_opts & ROPT_OVERFLOW);
	int64_t bg = ops_mag(&rcuref_optable, arg, rw_opts), refs;
	struct rcuref_obj *o = &rw_objs[id];

	if (!rledger_room(t))
		return;
	if (lo->state != LO_EMPTY) {
		refs = lo->refs + (hold ? 1 : 0) + bg;
		if (refs > (int64_t)W_RCUREF_MAXREF + 1)
			return;
		if (lo->state == LO_LIVE)
			rcuref_init(&o->ref, (unsigned int)refs);
		lo->refs = refs;
		lo->bg += bg;
		if (hold)
			rledger_add_hold(t, id, 1);
		return;
	}
	refs = (hold ? 1 : 0) + bg;
	if (refs == 0) {	/* nobody would hold it: hold it */
		hold = true;
		refs = 1;
	}
	o = rw_obj_new(id);
	/* a saturated object: 2^31 gets ago, leaked for good since */
	rcuref_init(&o->ref, sat ? W_RCUREF_SATURATED + 1 : (unsigned int)refs);
	lo->state = sat ? LO_SATURATED : LO_LIVE;
	lo->refs = refs;
	lo->bg = bg;
	if (hold)
		rledger_add_hold(t, id, 1);
	rw_table[id] = o;
}

/* ---- KASAN for the counters (variant.c calls it after every atomic) ---- */

void rcuref_world_access(const struct shim_site *site, const void *v, int old, int new)
{
	const struct lobj *lo;
	uint32_t gen;
	int t, id, kind;

	if (!v || !sched_in_run() || sched_is_real())
		return;
	for (id = 0; id < RCUREF_MAX_OBJS && v != &rw_objs[id].ref.refcnt; id++)
		;
	if (id == RCUREF_MAX_OBJS)
		return;
	t = sched_current();
	kind = rw_misuse_kind_now(t);
	if (kind == RMIS_PUT_FREED || kind == RMIS_GET_FREED)
		return;	/* the misuse under judgement is this very access */
	lo = &rledger.obj[id];
	gen = rw_target[t] == id ? rw_target_gen[t] : lo->gen;
	if (lo->gen == gen && lo->state != LO_FREED)
		return;
	rj_use_after_free(t, id, gen, site, old != new || strstr(site->op, "set"));
}

/* ---- the last put: destruction ---- */

/*
 * rcuref_put() returned true on lifetime @gen of @o: this CPU is the one
 * to destroy it. The destructor reads what the holders left in it (the
 * put's acquire promises it all), unpublishes it, and frees it after a
 * grace period: the readers that may still have found it keep it until
 * they leave their read-side sections.
 */
void rw_obj_destroy(int t, struct rcuref_obj *o, uint32_t gen, const char *caller)
{
	int id = obj_id(o);

	rj_released(t, id, gen, caller);
	rw_contents_read(t, id, "the last put", true);
	sched_point_world_at(&rw_table[id], true);
	if (rw_table[id] == o && rledger.obj[id].gen == gen) {
		rw_table[id] = NULL;	/* remove_pointer() */
		STEP("table[%d] = NULL", id, 0, 0);
	}
	rw_rcu_call_free(t, id, gen);
}

/* The grace period ended (rcu.c): kfree. */
void rw_obj_free(int id)
{
	int t = sched_in_run() ? sched_current() : 0;

	rj_free(t, id, "obj_free_rcu");
	free(rw_objs[id].mem);
	rw_objs[id].mem = NULL;
}

/* ---- holdings ---- */

/*
 * The op starts: a scheduling point before its first atomic (a CPU may
 * stall right there), named by the object it works on.
 */
static struct lhold *rw_held(int t, int id)
{
	struct lhold *h;

	sched_point_world_at(&rw_objs[id], false);
	h = rledger_find(t, id);

	if (!h)
		STEP("skipped: CPU%d holds no reference to id %d", t, id, 0);
	return h;
}

/*
 * No user holds more than MAXREF + 1 references (2^31: a leak or an
 * attack); a get that would make it more is the misuse get-overflow.
 * Counts the gets and puts between their ledger entry and their atomic.
 */
static bool rw_room_for_get(const struct lobj *lo)
{
	/*
	 * A saturated object's gets warn again: the kernel's WARN_ONCE went
	 * off when it saturated, long before, and a run starts afresh. Its puts
	 * are what the saturation zone is for (and the misuse get-overflow
	 * makes one saturate, with its warning).
	 */
	if (lo->state == LO_SATURATED) {
		STEP("skipped: saturated (its get would warn again)", 0, 0, 0);
		return false;
	}
	if (lo->refs + lo->inflight + 1 <= (int64_t)W_RCUREF_MAXREF + 1)
		return true;
	STEP("skipped: MAXREF + 1 references are held (misuse get-overflow)", 0, 0, 0);
	return false;
}

/* Drop one reference of lifetime @gen: rcuref_put (under RCU: put_rcusafe). */
static bool rw_put_ref(int t, struct rcuref_obj *o, uint32_t gen, bool rcusafe)
{
	struct lobj *lo = &rledger.obj[obj_id(o)];
	bool ret;

	/* the ledger first: the reference is gone before the count says so */
	lo->refs--;
	lo->last_put_thread = (int8_t)t;
	lo->last_put_op = rw_cur_op;
	lo->inflight++;
	rw_contents_released(t, obj_id(o));
	if (rcusafe)
		ret = API("rcuref_put_rcusafe", WMM_C_RELEASE, o, rcuref_put_rcusafe(&o->ref));
	else
		ret = API("rcuref_put", WMM_C_RELEASE, o, rcuref_put(&o->ref));
	lo->inflight--;
	rw_api_acquire_on_success(ret);
	if (ret)
		rw_obj_destroy(t, o, gen, rw_caller[t]);
	else
		STEP("rcuref_put = false: not the last", 0, 0, 0);
	return ret;
}

/* ---- the ops ---- */

void rw_create(int t, int id)
{
	struct lobj *lo = &rledger.obj[id];
	struct rcuref_obj *o;

	sched_point_world_at(&rw_objs[id], false);
	if (!rledger_room(t)) {
		STEP("skipped: no room for another reference", 0, 0, 0);
		return;
	}
	if (lo->state != LO_EMPTY && lo->state != LO_FREED) {
		STEP("skipped: id %d is in use (%d)", id, lo->state, 0);
		return;
	}
	/* kmalloc, initialise: nobody else can see it yet */
	o = rw_obj_new(id);
	lo->state = LO_LIVE;
	lo->refs = 1;
	rledger_add_hold(t, id, 1);
	API("rcuref_init", WMM_C_RELAXED, o, (rcuref_init(&o->ref, 1), true));
	/* rcu_assign_pointer(): the contents and the count before the pointer */
	sched_point_world_at(&rw_table[id], true);
	rw_table[id] = o;
	wmm_lock_release(LOCK_SLOT(id));
	STEP("rcu_assign_pointer(table[%d]): lifetime %d, held", id, lo->gen, 0);
}

/* lib/rcuref.c's get(): a reader finds the object under RCU and takes a reference. */
void rw_lookup(int t, int id, bool keep)
{
	struct lobj *lo = &rledger.obj[id];
	struct rcuref_obj *o;
	uint32_t gen;
	bool ok;

	if (keep && !rledger_room(t)) {
		STEP("skipped: no room for another reference", 0, 0, 0);
		return;
	}
	rcu_read_lock();
	sched_point_world_at(&rw_table[id], false);
	o = rw_table[id];
	if (!o) {
		STEP("rcu_dereference(table[%d]) = NULL", id, 0, 0);
		rcu_read_unlock();
		return;
	}
	wmm_lock_acquire(LOCK_SLOT(id));	/* the pointer's publication */
	gen = lo->gen;
	STEP("rcu_dereference(table[%d]) = lifetime %d", id, gen, 0);
	if (!rw_room_for_get(lo)) {
		rcu_read_unlock();
		return;
	}
	lo->inflight++;
	ok = API("rcuref_get", WMM_C_RELAXED, o, rcuref_get(&o->ref));
	lo->inflight--;
	if (!ok) {
		STEP("rcuref_get = false: dead", 0, 0, 0);
		rj_get_failed(t, id, gen, rw_cur_caller);
		rcu_read_unlock();
		return;
	}
	rj_get_succeeded(t, id, gen, rw_cur_caller);
	/* the reader uses it: promised what was published, nothing more */
	rw_contents_read(t, id, "rcuref_get", false);
	if (keep) {
		rledger_add_hold(t, id, 1);
		rcu_read_unlock();
		STEP("= id %d, kept", id, 0, 0);
		return;
	}
	/* a short reader drops it again while still under RCU */
	rw_put_ref(t, o, gen, true);
	rcu_read_unlock();
}

/* An owner takes another reference: it holds one, so the get must succeed. */
void rw_get(int t, int id)
{
	struct lobj *lo = &rledger.obj[id];
	struct rcuref_obj *o = &rw_objs[id];
	struct lhold *h;
	bool ok;

	if (!(h = rw_held(t, id)) || !rj_hold_valid(t, h, rw_cur_caller) || !rw_room_for_get(lo))
		return;
	lo->inflight++;
	ok = API("rcuref_get", WMM_C_RELAXED, o, rcuref_get(&o->ref));
	lo->inflight--;
	if (!ok) {
		rj_get_failed(t, id, h->gen, rw_cur_caller);
		return;
	}
	rj_get_succeeded(t, id, h->gen, rw_cur_caller);
	h->n++;
}

void rw_put(int t, int id, bool rcusafe)
{
	struct lhold *h;
	uint32_t gen;

	if (!(h = rw_held(t, id)) || !rj_hold_valid(t, h, rw_cur_caller))
		return;
	gen = h->gen;
	if (--h->n <= 0)
		rledger_drop_hold(h);
	if (rcusafe)
		rcu_read_lock();
	rw_put_ref(t, &rw_objs[id], gen, rcusafe);
	if (rcusafe)
		rcu_read_unlock();
}

void rw_use(int t, int id)
{
	struct lhold *h;

	if (!(h = rw_held(t, id)) || !rj_hold_valid(t, h, rw_cur_caller))
		return;
	rw_contents_read(t, id, "getting the reference it uses", false);
	((volatile unsigned char *)rw_objs[id].mem)[t] ^= 1;
	rw_contents_write(t, id);
}

/* rcuref_is_dead() (v6.16+): may this CPU schedule the object's destruction? */
void rw_peek(int t, int id)
{
	struct rcuref_obj *o;
	uint32_t gen;
	bool dead;

	if (!rw_api->is_dead) {
		STEP("skipped: this rcuref.h has no rcuref_is_dead() (v6.16+)", 0, 0, 0);
		return;
	}
	rcu_read_lock();
	sched_point_world_at(&rw_table[id], false);
	o = rw_table[id];
	if (!o) {
		STEP("rcu_dereference(table[%d]) = NULL", id, 0, 0);
		rcu_read_unlock();
		return;
	}
	wmm_lock_acquire(LOCK_SLOT(id));
	gen = rledger.obj[id].gen;
	dead = API("rcuref_is_dead", WMM_C_RELAXED, o, rcuref_is_dead(&o->ref));
	STEP("rcuref_is_dead = %d", dead, 0, 0);
	rj_is_dead(t, id, gen, dead, rw_cur_caller);
	rcu_read_unlock();
}
