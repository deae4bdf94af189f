// SPDX-License-Identifier: GPL-2.0
/*
 * The objects' lives, as their kernel callers write them: allocation and
 * publication in the lookup table (obj_create), the lookup under the slot's
 * guard with refcount_inc_not_zero() / kref_get_unless_zero() (obj_lookup),
 * the holders' gets, uses and puts, and the free path of whoever's put
 * returned true: unpublish under the guard (already held after
 * refcount_dec_and_lock() and kref_put_lock(), whose release drops it), then
 * free at once, or after a grace period for RCU-guarded slots (kfree_rcu).
 *
 * The guards, per slot (set when its object is created):
 *   lock   lookups take table_lock; removal under table_lock; free at once
 *   mutex  the same with table_mutex
 *   rcu    lookups run in an RCU read side; removal under table_lock; the
 *          free waits for the read sides (locks.c)
 * Each is correct with refcount_inc_not_zero() lookups and any put: a
 * lookup that finds an object whose last put is under way fails its get,
 * and nobody can find it once it is unpublished.
 */
#include "world_internal.h"

#include <stdlib.h>
#include <string.h>

void rc_obj_reset(void)
{
	int id;

	for (id = 0; id < RC_MAX_OBJS; id++) {
		free(rc_objs[id].mem);
		memset(&rc_objs[id], 0, sizeof(rc_objs[id]));
		rc_objs[id].id = id;
		rc_table[id] = NULL;
		rc_slot_guard[id] = RC_GUARD_LOCK;
	}
}

/* A new lifetime at @id, live in the ledger before anybody can find it. */
static struct robj *obj_alloc(int id, int guard, int64_t refs, int64_t bg)
{
	struct robj *o = &rc_objs[id];
	struct lobj *lo = &rc_ledger.obj[id];

	wmm_lock_acquire(RC_WLOCK_ALLOC(id));	/* the allocator: after the last free */
	o->mem = calloc(1, RC_MEM_SIZE);
	lo->gen++;
	lo->state = LO_LIVE;
	lo->guard = (uint8_t)guard;
	lo->refs = refs;
	lo->bg_refs = bg;
	lo->last_put_thread = -1;
	rc_contents_init(id);
	return o;
}

/* Background references by class (ops.c's bg names): near-max is the variant's limit. */
static int64_t bg_refs(int cls)
{
	switch (cls & 3) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 1024;
	default: return (rc_opts & RC_OPT_SATURATION) ? rc_limit - 64 : 1 << 20;
	}
}

void rc_setup_obj(int t, int id, int refs, int guard, int bg_class)
{
	struct lobj *lo = &rc_ledger.obj[id];
	int64_t bg = bg_refs(bg_class);
	struct robj *o;

	if (lo->state == LO_LIVE || !rc_ledger_room(t))
		return;
	o = obj_alloc(id, guard, refs + bg, bg);
	refcount_set(o, (int)(unsigned int)(refs + bg));
	rc_table[id] = o;
	rc_ledger_add_hold(t, id, refs);
}

/* ---- obj_create ---- */

static void slot_lock(int g)
{
	if (g == RC_GUARD_MUTEX)
		rc_mutex_lock(&rc_table_mutex);
	else
		rc_spin_lock(&rc_table_lock);
}

static void slot_unlock(int g)
{
	if (g == RC_GUARD_MUTEX)
		rc_mutex_unlock(&rc_table_mutex);
	else
		rc_spin_unlock(&rc_table_lock);
}

void rc_op_create(int t, int id, int guard)
{
	struct lobj *lo = &rc_ledger.obj[id];
	struct robj *o;

	if (!rc_ledger_room(t)) {
		STEP("skipped: no room for another reference", 0, 0, 0);
		return;
	}
	if (lo->state == LO_LIVE || lo->state == LO_DEAD) {
		STEP("skipped: id %d is in use", id, 0, 0);
		return;
	}
	o = obj_alloc(id, guard, 1, 0);
	STEP("kmalloc(id %d), contents initialised", id, 0, 0);
	APIV("refcount_set", RCC_RELAXED, refcount_set(o, 1));
	rc_ledger_add_hold(t, id, 1);
	/* publish under the slot's updaters' lock; for RCU, rcu_assign_pointer() */
	slot_lock(guard);
	if (guard == RC_GUARD_RCU)
		wmm_lock_release(RC_WLOCK_SLOT(id));
	sched_point_world_at(&rc_table[id], true);
	rc_table[id] = o;
	STEP("table[%d] = object (lifetime %u)", id, (int)lo->gen, 0);
	slot_unlock(guard);
}

/* ---- the free path ---- */

/*
 * What follows a put that returned true: kref's release function, or the
 * caller's code after refcount_dec_and_test() and friends. A lock the put
 * took (refcount_dec_and_lock(), kref_put_lock()) is held here, and dropped
 * here, as a release function must.
 */
void rc_obj_free_path(int t, struct robj *o)
{
	int id = o->id, g = rc_slot_guard[id];
	spinlock_t *guard = g == RC_GUARD_MUTEX ? &rc_table_mutex.wait_lock : &rc_table_lock;

	rc_api_end(true);	/* the put decided to free: its ordering is settled here */
	STEP("obj_release(id %d)", id, 0, 0);
	rc_oracle_release(t, id, cur_caller);
	/*
	 * What the freeing CPU may assume of the object's contents: every
	 * holder's writes, when its put acquires on success. refcount_dec_if_one()
	 * promises release and a control dependency only (lib/refcount.c):
	 * its caller's reads are not ordered, so they are not judged.
	 */
	if (rc_put_acquires(t))
		rc_contents_read_data(t, id, "the last put");
	else
		STEP("(refcount_dec_if_one promises no acquire: its reads are not judged)", 0, 0, 0);
	(void)((volatile unsigned char *)o->mem)[t];
	/* unpublish, under the guard (which the put may hold already) */
	if (guard->owner != t && !(g == RC_GUARD_MUTEX ? rc_mutex_lock(&rc_table_mutex) :
				   rc_spin_lock(&rc_table_lock)))
		return;
	sched_point_world_at(&rc_table[id], true);
	if (rc_table[id] == o) {
		rc_table[id] = NULL;
		STEP("table[%d] = NULL", id, 0, 0);
	}
	if (g == RC_GUARD_MUTEX)
		rc_mutex_unlock(&rc_table_mutex);
	else
		rc_spin_unlock(&rc_table_lock);
	if (g == RC_GUARD_RCU) {
		rc_call_rcu(t, o);
		return;
	}
	STEP("kfree(id %d)", id, 0, 0);
	rc_oracle_free(t, id, cur_caller);
	free(o->mem);
	o->mem = NULL;
	wmm_lock_release(RC_WLOCK_ALLOC(id));	/* free() before the next alloc() */
}

void rc_obj_release(struct robj *o)
{
	sched_world_enter();
	rc_obj_free_path(sched_current(), o);
	sched_world_exit_to_variant();
}

/* ---- obj_lookup ---- */

static const char *getter_name(bool kref, bool acquire, int nr)
{
	if (kref)
		return "kref_get_unless_zero";
	if (acquire)
		return nr == 1 ? "refcount_inc_not_zero_acquire" : "refcount_add_not_zero_acquire";
	return nr == 1 ? "refcount_inc_not_zero" : "refcount_add_not_zero";
}

static bool lookup_get(struct robj *o, bool kref, bool acquire, int nr, const char *getter)
{
	if (kref)
		return API(getter, RCC_RELAXED, kref_get_unless_zero(o));
	if (acquire)
		return nr == 1 ? API(getter, RCC_ACQ_ON_SUCCESS, refcount_inc_not_zero_acquire(o)) :
				 API(getter, RCC_ACQ_ON_SUCCESS, refcount_add_not_zero_acquire(nr, o));
	return nr == 1 ? API(getter, RCC_RELAXED, refcount_inc_not_zero(o)) :
			 API(getter, RCC_RELAXED, refcount_add_not_zero(nr, o));
}

/* Drop @nr references taken by a lookup that does not keep them. */
static void put_back(int t, struct robj *o, int nr, bool kref)
{
	struct lobj *lo = &rc_ledger.obj[o->id];
	bool last;

	lo->refs -= nr;
	lo->last_put_thread = (int8_t)t;
	lo->last_put_op = RC_LOOKUP;
	if (kref) {
		API("kref_put", RCC_REL_ACQ_ON_SUCCESS, kref_put(o));
		rc_contents_released(t, o->id);
		return;
	}
	last = nr == 1 ? API("refcount_dec_and_test", RCC_REL_ACQ_ON_SUCCESS, refcount_dec_and_test(o)) :
			 API("refcount_sub_and_test", RCC_REL_ACQ_ON_SUCCESS, refcount_sub_and_test(nr, o));
	if (last)
		rc_obj_free_path(t, o);
	else
		rc_contents_released(t, o->id);
}

void rc_op_lookup(int t, int id, uint8_t arg)
{
	bool kref = arg & RC_ARG_KREF, keep = rc_lookup_keep(arg), acquire = !kref && rc_lookup_acquire(arg);
	int nr = kref ? 1 : rc_mag(arg, rc_opts), g = rc_slot_guard[id];
	const char *getter;
	struct robj *o;
	int how;
	bool ok;

	if (!rc_ledger_room(t)) {
		STEP("skipped: no room for another reference", 0, 0, 0);
		return;
	}
	if (acquire && !rc_api->inc_not_zero_acquire) {
		STEP("(this refcount.h has no _acquire getters: the plain one)", 0, 0, 0);
		acquire = false;
	}
	getter = getter_name(kref, acquire, nr);
	if (g == RC_GUARD_RCU)
		rc_rcu_read_lock(t);
	else
		slot_lock(g);
	sched_point_world_at(&rc_table[id], false);
	o = rc_table[id];
	if (!o) {
		STEP("table[%d] = NULL: not found", id, 0, 0);
		goto out;
	}
	if (g == RC_GUARD_RCU)
		wmm_lock_acquire(RC_WLOCK_SLOT(id));	/* rcu_dereference(): the publication */
	STEP("table[%d] = object (lifetime %u)", id, (int)rc_ledger.obj[id].gen, 0);
	how = rc_inc_begin(t, id, nr);
	ok = lookup_get(o, kref, acquire, nr, getter);
	rc_inc_end(t, id, nr, how, ok, getter);
	if (!ok) {
		STEP("= false: its last put is under way", 0, 0, 0);
		o = NULL;
		goto out;
	}
	if (how != RC_INC_OVERFLOW)
		rc_oracle_got(t, id, nr, getter, cur_caller);
out:
	if (g == RC_GUARD_RCU)
		rc_rcu_read_unlock(t);
	else
		slot_unlock(g);
	if (!o)
		return;
	/* what the get lets the caller assume: the publication; an acquire, what was released */
	if (acquire)
		rc_contents_read_acquired(t, id, getter);
	else
		rc_contents_read_ident(t, id, getter);
	if (keep)
		rc_ledger_add_hold(t, id, nr);
	else
		put_back(t, o, nr, kref);
}

/* ---- holders: get, add, use, the puts ---- */

static struct robj *held_obj(int t, int id, struct lhold **hp)
{
	struct lhold *h = rc_held(t, id);

	if (!h || !rc_oracle_hold_valid(t, h, cur_caller))
		return NULL;
	*hp = h;
	return &rc_objs[h->id];
}

void rc_op_get(int t, int id, uint8_t arg)
{
	bool kref = rc_cur_op[t] == RC_GET && (arg & RC_ARG_KREF);
	int nr = rc_cur_op[t] == RC_GET ? 1 : rc_mag(arg, rc_opts);
	const char *api = kref ? "kref_get" : rc_cur_op[t] == RC_GET ? "refcount_inc" : "refcount_add";
	struct lhold *h;
	struct robj *o;
	int how;

	if (!(o = held_obj(t, id, &h)))
		return;
	how = rc_inc_begin(t, id, nr);
	if (kref)
		APIV(api, RCC_RELAXED, kref_get(o));
	else if (rc_cur_op[t] == RC_GET)
		APIV(api, RCC_RELAXED, refcount_inc(o));
	else
		APIV(api, RCC_RELAXED, refcount_add(nr, o));
	rc_inc_end(t, id, nr, how, true, api);
	if (how != RC_INC_OVERFLOW)
		rc_ledger.obj[id].refs += nr;
	h->n += nr;
}

void rc_op_use(int t, int id)
{
	struct lhold *h;

	if (held_obj(t, id, &h))
		rc_contents_use(t, h->id);
}

/* refcount_dec_and_lock() and kref_put_lock() with the slot's own lock */
static bool put_lock(struct robj *o, bool kref, bool irqsave)
{
	bool mutex = rc_slot_guard[o->id] == RC_GUARD_MUTEX;

	if (kref && mutex)
		return API("kref_put_mutex", RCC_REL_ACQ_ON_SUCCESS, kref_put_mutex(o, &rc_table_mutex));
	if (kref)
		return API("kref_put_lock", RCC_REL_ACQ_ON_SUCCESS, kref_put_lock(o, &rc_table_lock));
	if (mutex)
		return API("refcount_dec_and_mutex_lock", RCC_REL_ACQ_ON_SUCCESS,
			   refcount_dec_and_mutex_lock(o, &rc_table_mutex));
	if (irqsave)
		return API("refcount_dec_and_lock_irqsave", RCC_REL_ACQ_ON_SUCCESS,
			   refcount_dec_and_lock_irqsave(o, &rc_table_lock));
	return API("refcount_dec_and_lock", RCC_REL_ACQ_ON_SUCCESS, refcount_dec_and_lock(o, &rc_table_lock));
}

void rc_op_put(int t, int id, uint8_t arg)
{
	bool kref = arg & RC_ARG_KREF, last;
	int op = rc_cur_op[t], n;
	struct lhold *h;
	struct robj *o;

	if (!(o = held_obj(t, id, &h)))
		return;
	id = o->id;
	switch (op) {
	case RC_PUT:
		rc_ledger_put(t, h, 1);
		if (kref) {
			API("kref_put", RCC_REL_ACQ_ON_SUCCESS, kref_put(o));
			rc_contents_released(t, id);
			return;
		}
		last = API("refcount_dec_and_test", RCC_REL_ACQ_ON_SUCCESS, refcount_dec_and_test(o));
		break;
	case RC_PUT_MANY:
		n = rc_mag(arg, rc_opts);
		if (n > h->n)
			n = (int)h->n;
		rc_ledger_put(t, h, n);
		last = API("refcount_sub_and_test", RCC_REL_ACQ_ON_SUCCESS, refcount_sub_and_test(n, o));
		break;
	case RC_PUT_LOCK:
		rc_ledger_put(t, h, 1);
		if (kref) {
			put_lock(o, true, false);
			rc_contents_released(t, id);
			return;
		}
		last = put_lock(o, false, rc_put_lock_irqsave(arg));
		break;
	case RC_PUT_IF_ONE:
		rc_ledger_put(t, h, 1);
		last = API("refcount_dec_if_one", RCC_RELEASE, refcount_dec_if_one(o));
		if (!last) {
			/* somebody else holds it too: ours stays */
			STEP("= false: not the only reference, kept", 0, 0, 0);
			rc_ledger.obj[id].refs++;
			rc_ledger_add_hold(t, id, 1);
			return;
		}
		break;
	default:	/* RC_DEC */
		if (h->n < 2) {
			STEP("skipped: CPU%d holds one reference to id %d, refcount_dec() is for others", t, id, 0);
			return;
		}
		rc_ledger_put(t, h, 1);
		APIV("refcount_dec", RCC_RELEASE, refcount_dec(o));
		rc_contents_released(t, id);
		return;
	}
	if (last) {
		rc_obj_free_path(t, o);
		return;
	}
	STEP("= false: not the last reference", 0, 0, 0);
	rc_contents_released(t, id);
}
