// SPDX-License-Identifier: GPL-2.0
/*
 * The refcount world's locks and RCU: the table's spinlock and mutex (what
 * lookups of lock- and mutex-guarded slots hold, what
 * refcount_dec_and_lock() and kref_put_lock() take), and RCU read sides
 * with the grace periods that delay kfree_rcu().
 *
 * Locks are world code, as page_ref's folio lock is: taking one is a world
 * scheduling point, a waiter yields to the holder (sched_spin), and the
 * handoff is a lock of the memory model (wmm_lock_*: whatever the holder did
 * before its unlock is seen after the next lock). The shim's spin_lock() and
 * mutex_lock() (<linux/spinlock.h>, <linux/mutex.h>) come here from the
 * variant's code (lib/refcount.c), entering the world.
 *
 * RCU: a CPU is in a read side between rc_rcu_read_lock() and
 * rc_rcu_read_unlock(). kfree_rcu() frees at once if no CPU is in one;
 * otherwise when the last CPU that was in one at the call leaves it (a grace
 * period), in that CPU's context. A read side that starts later does not
 * delay it, and it may not: such a reader cannot find the object, removed
 * from the table before the call.
 */
#include "world_internal.h"

#include <stdlib.h>
#include <string.h>

static int rcu_nesting[PR_MAX_THREADS];
static struct {
	bool pending;
	uint32_t gen;
	uint8_t waiting;	/* CPUs still in the read sides the free waits for */
} rcu_free[RC_MAX_OBJS];

void rc_locks_reset(void)
{
	rc_table_lock = (spinlock_t){ .owner = -1, .id = RC_WLOCK_TABLE, .name = "table_lock" };
	rc_table_mutex.wait_lock = (spinlock_t){ .owner = -1, .id = RC_WLOCK_MUTEX, .name = "table_mutex" };
	memset(rcu_nesting, 0, sizeof(rcu_nesting));
	memset(rcu_free, 0, sizeof(rcu_free));
}

/* The trace's lines for the two locks (a step's arguments are numbers). */
static const char *const take_fmt[2] = { "spin_lock(table_lock)", "mutex_lock(table_mutex)" };
static const char *const wait_fmt[2] = {
	"spin_lock(table_lock): held by CPU%d, waiting", "mutex_lock(table_mutex): held by CPU%d, sleeping",
};
static const char *const drop_fmt[2] = { "spin_unlock(table_lock)", "mutex_unlock(table_mutex)" };
static const char *const lock_fn[2] = { "spin_lock", "mutex_lock" };

/*
 * A holder runs a few steps under the lock; on fibers a wait this long is a
 * deadlock. Real threads count no spins (a preempted holder makes any count
 * a wall-clock limit): a holder that finished is still a lockup at once, and
 * two CPUs waiting on each other are the watchdog's, by CPU time.
 */
#define RC_LOCK_SPIN_LIMIT	4096

/* Take @lock for CPU @t; false (and a finding) if its holder never lets go. */
static bool lock_take(spinlock_t *lock)
{
	int t = sched_current(), lonely = 0, spins = 0, k = lock->id == RC_WLOCK_MUTEX;

	sched_point_world_at(lock, true);
	STEP(take_fmt[k], 0, 0, 0);
	if (lock->owner == t) {
		oracle_note("CPU%d takes %s, which it holds already\n", t, lock->name);
		oracle_fail(t, "BUG: %s recursion on CPU#%d in %s", k ? "mutex" : "spinlock", t, cur_caller);
		return false;
	}
	if (lock->owner >= 0)
		STEP(wait_fmt[k], lock->owner, 0, 0);
	while (lock->owner >= 0) {
		/* alone, or for long with others runnable: its holder is stuck too */
		if ((!sched_spin() && ++lonely > SCHED_SPIN_LIMIT) ||
		    (!sched_is_real() && ++spins > RC_LOCK_SPIN_LIMIT)) {
			oracle_note("%s stays held by CPU%d%s\n", lock->name, lock->owner,
				    lonely > SCHED_SPIN_LIMIT ? ", which has finished" : "");
			/* a CPU spinning forever; a task sleeping forever */
			oracle_fail(t, k ? "INFO: task hung in %s" : "BUG: soft lockup in %s", lock_fn[k]);
			return false;
		}
	}
	lock->owner = t;
	wmm_lock_acquire(lock->id);
	return true;
}

static void lock_drop(spinlock_t *lock)
{
	int t = sched_current(), k = lock->id == RC_WLOCK_MUTEX;

	STEP(drop_fmt[k], 0, 0, 0);
	if (lock->owner != t) {
		oracle_note("CPU%d releases %s, held by %s%d\n", t, lock->name,
			    lock->owner < 0 ? "nobody: " : "CPU", lock->owner);
		oracle_fail(t, "WARNING: bad unlock balance detected! in %s", cur_caller);
		return;
	}
	wmm_lock_release(lock->id);
	lock->owner = -1;
}

bool rc_spin_lock(spinlock_t *lock)
{
	return lock_take(lock);
}

void rc_spin_unlock(spinlock_t *lock)
{
	lock_drop(lock);
}

bool rc_mutex_lock(struct mutex *lock)
{
	return lock_take(&lock->wait_lock);
}

void rc_mutex_unlock(struct mutex *lock)
{
	lock_drop(&lock->wait_lock);
}

/* ---- the shim's, called from the variant's code (lib/refcount.c) ---- */

void shim_spin_lock(spinlock_t *lock)
{
	sched_world_enter();
	if (!lock_take(lock))
		sched_stop_run();
	sched_world_exit_to_variant();
}

void shim_spin_unlock(spinlock_t *lock)
{
	sched_world_enter();
	lock_drop(lock);
	sched_world_exit_to_variant();
}

void shim_mutex_lock(struct mutex *lock)
{
	shim_spin_lock(&lock->wait_lock);
}

void shim_mutex_unlock(struct mutex *lock)
{
	shim_spin_unlock(&lock->wait_lock);
}

const char *rc_lock_held(void)
{
	if (rc_table_lock.owner >= 0)
		return rc_table_lock.name;
	if (rc_table_mutex.wait_lock.owner >= 0)
		return rc_table_mutex.wait_lock.name;
	return NULL;
}

/* ---- RCU ---- */

static void rcu_free_now(int t, int id)
{
	struct robj *o = &rc_objs[id];

	rcu_free[id].pending = false;
	STEP("RCU grace period over: kfree(id %d)", id, 0, 0);
	rc_oracle_free(t, id, "rcu_do_batch");
	free(o->mem);
	o->mem = NULL;
	wmm_lock_release(RC_WLOCK_ALLOC(id));	/* free() before the next alloc() */
}

void rc_rcu_read_lock(int t)
{
	rcu_nesting[t]++;
}

void rc_rcu_read_unlock(int t)
{
	int id;

	if (--rcu_nesting[t])
		return;
	for (id = 0; id < RC_MAX_OBJS; id++) {
		if (!rcu_free[id].pending || !(rcu_free[id].waiting & 1u << t))
			continue;
		rcu_free[id].waiting &= (uint8_t)~(1u << t);
		if (!rcu_free[id].waiting)
			rcu_free_now(t, id);
	}
}

void rc_call_rcu(int t, struct robj *o)
{
	int id = o->id, u;
	uint8_t waiting = 0;

	for (u = 0; u < PR_MAX_THREADS; u++)
		if (rcu_nesting[u])
			waiting |= (uint8_t)(1u << u);
	rcu_free[id].pending = true;
	rcu_free[id].gen = rc_ledger.obj[id].gen;
	rcu_free[id].waiting = waiting;
	if (!waiting) {
		rcu_free_now(t, id);
		return;
	}
	STEP("kfree_rcu(id %d): waits for a grace period", id, 0, 0);
}

void rc_rcu_barrier(void)
{
	int id;

	for (id = 0; id < RC_MAX_OBJS; id++)
		if (rcu_free[id].pending)
			rcu_free_now(0, id);
}
