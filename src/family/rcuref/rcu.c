// SPDX-License-Identifier: GPL-2.0
/*
 * The world's RCU: read-side critical sections, grace periods and
 * call_rcu()'s callbacks, per simulated CPU, deterministic.
 *
 * Why it is modelled and not stubbed: rcuref is correct only with RCU
 * underneath. A get may touch an object whose last put already returned
 * (it fails, and the memory is still there because the lookup holds
 * rcu_read_lock()); and a put may sit between its decrement and marking
 * the object dead while another CPU revives, drops and frees it (the
 * "Deconstruction race" of lib/rcuref.c): only a grace period that cannot
 * end meanwhile keeps that put's cmpxchg off freed memory. So:
 *  - A CPU is in a read-side critical section while it holds
 *    rcu_read_lock() (the world's readers) or has preemption disabled
 *    (the variant's preempt_disable(), through <linux/preempt.h>): the one
 *    consolidated flavour since v4.20, where a preempt-off region counts.
 *  - kfree_rcu() snapshots the CPUs inside a section; its grace period
 *    ends when each of them has left it (a quiescent state) at least once.
 *    A CPU outside every section is quiescent already: nothing waits for it.
 *  - Callbacks run where a kernel would run them, at a CPU's softirq: the
 *    end of every op of every CPU (world.c), in synchronize_rcu(), and at
 *    quiescence. The free is then observable: the object is freed in the
 *    ledger, its contents' memory is given back, and any later access to
 *    its counter by the variant is a use after free (objects.c).
 * Nothing here is a scheduling point: sections begin and end between two
 * steps, and the tape decides who runs when, as for everything else.
 * Per-CPU counts are relaxed atomics: on real threads the variant's
 * preempt_disable() runs without the world lock.
 */
/* the shim's declarations first: world_internal.h names the world's rcu_read_lock() */
#include <linux/preempt.h>
#include <linux/rcupdate.h>

#include "world_internal.h"

#include <string.h>

#define RCU_MAX_CBS	(2 * RCUREF_MAX_OBJS)

struct rcu_cb {
	bool used;
	int8_t id;
	uint32_t gen;
	int64_t snap[PR_MAX_THREADS];	/* the CPU's quiescent count then, -1: not in a section */
};

static struct {
	bool on;			/* this family's world is running */
	int nest[PR_MAX_THREADS];	/* rcu_read_lock() depth */
	int preempt[PR_MAX_THREADS];	/* preempt_count() */
	int64_t qs[PR_MAX_THREADS];	/* sections left so far */
	struct rcu_cb cb[RCU_MAX_CBS];
} R;

static int ld(const int *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void st(int *p, int v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

void rw_rcu_model_reset(bool on)
{
	memset(&R, 0, sizeof(R));
	R.on = on;
}

bool rw_rcu_in_reader(int t)
{
	return ld(&R.nest[t]) > 0 || ld(&R.preempt[t]) > 0;
}

/* The CPU left its outermost section: a quiescent state. */
static void rcu_quiescent(int t)
{
	if (!rw_rcu_in_reader(t))
		__atomic_fetch_add(&R.qs[t], 1, __ATOMIC_RELAXED);
}

void rw_rcu_read_lock(int t)
{
	st(&R.nest[t], ld(&R.nest[t]) + 1);
}

void rw_rcu_read_unlock(int t)
{
	st(&R.nest[t], ld(&R.nest[t]) - 1);
	rcu_quiescent(t);
}

void rw_rcu_thread_exit(int t)
{
	if (ld(&R.nest[t]) > 0) {
		STEP("returns to user space: rcu_read_unlock() x%d", ld(&R.nest[t]), 0, 0);
		st(&R.nest[t], 0);
		rcu_quiescent(t);
	}
	if (!sched_should_stop())
		rw_rcu_run_callbacks(false);
}

void rw_rcu_call_free(int t, int id, uint32_t gen)
{
	struct rcu_cb *cb = NULL;
	int i, n = 0;

	for (i = 0; i < RCU_MAX_CBS && !cb; i++)
		if (!R.cb[i].used)
			cb = &R.cb[i];
	if (!cb) {	/* more lifetimes than the table: cannot happen, each waits once */
		oracle_fail(t, "BUG: rcu callback table full in kfree_rcu");
		return;
	}
	cb->used = true;
	cb->id = (int8_t)id;
	cb->gen = gen;
	for (i = 0; i < PR_MAX_THREADS; i++) {
		cb->snap[i] = rw_rcu_in_reader(i) ? __atomic_load_n(&R.qs[i], __ATOMIC_RELAXED) : -1;
		n += cb->snap[i] >= 0;
	}
	STEP("kfree_rcu(id %d): the grace period waits for %d CPU(s)", id, n, 0);
}

static bool gp_over(const struct rcu_cb *cb)
{
	int i;

	for (i = 0; i < PR_MAX_THREADS; i++)
		if (cb->snap[i] >= 0 && __atomic_load_n(&R.qs[i], __ATOMIC_RELAXED) == cb->snap[i])
			return false;
	return true;
}

void rw_rcu_run_callbacks(bool all)
{
	int i;

	for (i = 0; i < RCU_MAX_CBS; i++) {
		struct rcu_cb *cb = &R.cb[i];

		if (!cb->used || (!all && !gp_over(cb)))
			continue;
		cb->used = false;
		if (rledger.obj[cb->id].gen != cb->gen)
			continue;	/* reported when it was queued twice */
		if (sched_in_run())
			STEP("grace period over: id %d freed (obj_free_rcu)", cb->id, 0, 0);
		rw_obj_free(cb->id);
		if (oracle_finding.verdict != VERDICT_NONE)
			return;
	}
}

void rw_rcu_synchronize(int t)
{
	struct rcu_cb snap = { .used = true };
	int i, lonely = 0;

	if (rw_rcu_in_reader(t)) {
		/* the kernel: a deadlock; the world's program: skip it */
		STEP("skipped: synchronize_rcu() inside a read-side section", 0, 0, 0);
		return;
	}
	for (i = 0; i < PR_MAX_THREADS; i++)
		snap.snap[i] = rw_rcu_in_reader(i) ? __atomic_load_n(&R.qs[i], __ATOMIC_RELAXED) : -1;
	while (!gp_over(&snap)) {
		sched_point_world();
		if (!sched_spin() && ++lonely > SCHED_SPIN_LIMIT) {
			oracle_note("a CPU stays in its read-side section, and nobody else runs\n");
			oracle_fail(t, "INFO: rcu detected stall in synchronize_rcu");
			return;
		}
	}
	STEP("synchronize_rcu(): grace period over", 0, 0, 0);
	rw_rcu_run_callbacks(false);
}

/* ---- the shim's hooks (<linux/preempt.h>, <linux/rcupdate.h>) ---- */

static int rcu_cpu(void)
{
	return R.on && sched_in_run() ? sched_current() : -1;
}

void preempt_count_add(int val)
{
	int t = rcu_cpu();

	if (t >= 0)
		st(&R.preempt[t], ld(&R.preempt[t]) + val);
}

void preempt_count_sub(int val)
{
	int t = rcu_cpu();

	if (t < 0)
		return;
	st(&R.preempt[t], ld(&R.preempt[t]) - val);
	rcu_quiescent(t);
}

int preempt_count(void)
{
	int t = rcu_cpu();

	return t >= 0 ? ld(&R.preempt[t]) : 0;
}

/* lockdep's rcu_read_lock_held() (CONFIG_PROVE_RCU): rcu_read_lock() itself */
int rcu_read_lock_held(void)
{
	int t = rcu_cpu();

	return t >= 0 ? ld(&R.nest[t]) > 0 : 1;
}

/*
 * The world option prove-rcu: a CONFIG_PROVE_RCU kernel, RCU_LOCKDEP_WARN
 * on. Off inside a misused call made from a proper context (a put on a
 * dead object, say): lockdep would not fire there either, and a check
 * evaluated in a misused call counts as one that exists to catch it
 * (src/oracle/checks.c), which the context check does not.
 */
int debug_lockdep_rcu_enabled(void)
{
	int t = rcu_cpu();
	int kind = t >= 0 ? rw_misuse_kind_now(t) : -1;

	return R.on && (rw_opts & ROPT_PROVE_RCU) && (kind < 0 || kind == RMIS_PUT_RCUSAFE_UNSAFE);
}
