// SPDX-License-Identifier: GPL-2.0
/*
 * The rcuref world: a lookup table of RCU-managed objects, their owners
 * and readers, each written like the kernel user it mirrors and calling the
 * variant of the run (api.h). This file holds the world's state, the op
 * dispatch, setup, the run and the quiescent checks; the RCU model is
 * rcu.c's, the users objects.c's (world_internal.h lists them, with the
 * ordering contract every one keeps with the ledger). The world reports
 * what happened; its oracles (ledger.c, judge.c) judge it.
 */
#include "world_internal.h"

#include <stdlib.h>
#include <string.h>

struct rcuref_obj rw_objs[RCUREF_MAX_OBJS];
struct rcuref_obj *rw_table[RCUREF_MAX_OBJS];
const struct program *rw_prog;
int rw_opts;
bool rw_abandoned;
const struct rcuref_api *rw_api;

const char *rw_caller[PR_MAX_THREADS];
uint8_t rw_op[PR_MAX_THREADS];
int8_t rw_target[PR_MAX_THREADS];
uint32_t rw_target_gen[PR_MAX_THREADS];

/* An API call's boundaries: the memory model, the orderings table, KASAN's lifetime. */
void rw_api_begin(const char *name, enum wmm_contract c, const struct rcuref_obj *o)
{
	int t = sched_in_run() ? sched_current() : -1;

	if (t >= 0 && o) {
		rw_target[t] = (int8_t)obj_id(o);
		rw_target_gen[t] = rledger.obj[obj_id(o)].gen;
	}
	orderings_api_begin(t, name, c);
	wmm_api_begin(name, c);
}

void rw_api_end(bool success)
{
	int t = sched_in_run() ? sched_current() : -1;

	orderings_api_end(t, success);
	wmm_api_end(success);
	if (t >= 0)
		rw_target[t] = -1;
}

/*
 * wmm.h's contracts have release (a put) and full-on-success, not
 * "release, and acquire when it succeeds": the put is judged as a release
 * and, when it returned true, an empty call that is fully ordered on
 * success follows. Its acquire is the one rcuref.h promises; its release
 * half releases only what the acquire brought, to stores this CPU makes
 * after freeing (docs/families.md: the weak-memory contract).
 */
void rw_api_acquire_on_success(bool success)
{
	if (!success)
		return;
	wmm_api_begin("rcuref_put: acquire on success", WMM_C_FULL_ON_SUCCESS);
	wmm_api_end(true);
}

/* ---- the ops: one program record at a time ---- */

static void exec_create(int t, const struct pr_record *r)
{
	rw_create(t, r->obj);
}

static void exec_get(int t, const struct pr_record *r)
{
	rw_get(t, r->obj);
}

static void exec_put(int t, const struct pr_record *r)
{
	rw_put(t, r->obj, r->arg & RPUT_RCUSAFE);
}

static void exec_use(int t, const struct pr_record *r)
{
	rw_use(t, r->obj);
}

static void exec_lookup(int t, const struct pr_record *r)
{
	rw_lookup(t, r->obj, r->arg & RLOOKUP_KEEP);
}

static void exec_peek(int t, const struct pr_record *r)
{
	rw_peek(t, r->obj);
}

static void exec_read_lock(int t, const struct pr_record *r)
{
	(void)r;
	rcu_read_lock();
	(void)t;
}

static void exec_read_unlock(int t, const struct pr_record *r)
{
	(void)r;
	if (!rw_rcu_in_reader(t)) {
		STEP("skipped: not in rcu_read_lock()", 0, 0, 0);
		return;
	}
	rcu_read_unlock();
}

static void exec_sync(int t, const struct pr_record *r)
{
	(void)r;
	rw_rcu_synchronize(t);
}

static void exec_misuse(int t, const struct pr_record *r)
{
	rw_misuse(t, r->obj, r->arg % NR_RCUREF_MISUSE);
}

static void (*const op_exec[NR_RCUREF_OPS])(int t, const struct pr_record *r) = {
	[ROP_CREATE] = exec_create,
	[ROP_GET] = exec_get,
	[ROP_PUT] = exec_put,
	[ROP_USE] = exec_use,
	[ROP_LOOKUP] = exec_lookup,
	[ROP_PEEK] = exec_peek,
	[ROP_READ_LOCK] = exec_read_lock,
	[ROP_READ_UNLOCK] = exec_read_unlock,
	[ROP_SYNC] = exec_sync,
	[ROP_MISUSE] = exec_misuse,
};

static void run_op(int t, int idx, const struct pr_record *r)
{
	const struct op_desc *d = &rcuref_optable.op[r->op];

	rw_cur_caller = d->caller ? d->caller : d->name;
	rw_cur_op = r->op;
	oracle_set_subject(t, (d->flags & OPD_NO_PFN) ? -1 : r->obj);
	trace_add(EV_OP, t, NULL, NULL, idx, r->op | r->obj << 8 | r->arg << 16, 0);
	op_exec[r->op](t, r);
	/* the CPU's softirq: callbacks whose grace period has ended run here */
	if (!sched_is_real() || !sched_should_stop())
		rw_rcu_run_callbacks(false);
}

static void world_thread(int t)
{
	int i;

	for (i = 0; i < rw_prog->nrec; i++) {
		const struct pr_record *r = &rw_prog->rec[i];

		if (sched_should_stop())
			break;
		if (!rcuref_op_is_setup(r->op) && r->thread == t) {
			sched_op_begin(i);
			run_op(t, i, r);
			sched_op_end(i);
		}
	}
	rw_rcu_thread_exit(t);
}

/* ---- setup: the program's objects, unscheduled ---- */

static void world_reset(void)
{
	int id, t;

	for (id = 0; id < RCUREF_MAX_OBJS; id++) {
		free(rw_objs[id].mem);
		memset(&rw_objs[id], 0, sizeof(rw_objs[id]));
		rw_table[id] = NULL;
	}
	memset(rw_contents, 0, sizeof(rw_contents));
	for (id = 0; id < RCUREF_MAX_OBJS; id++)	/* before the CPUs start */
		wmm_payload_store(&rw_contents[id], 0);
	for (t = 0; t < PR_MAX_THREADS; t++) {
		rw_caller[t] = "setup";
		rw_target[t] = -1;
	}
	rledger_reset();
}

static void world_setup(void)
{
	int i;

	for (i = 0; i < rw_prog->nrec; i++) {
		const struct pr_record *r = &rw_prog->rec[i];

		if (r->op == ROP_S_OBJECT)
			rw_obj_setup(r->thread, r->obj, r->arg);
	}
}

/* ---- quiescent checks: every CPU has finished ---- */

static void world_final_checks(void)
{
	int id;

	for (id = 0; id < RCUREF_MAX_OBJS; id++) {
		const struct lobj *lo = &rledger.obj[id];
		unsigned int read = 0;
		int dead = -1;

		if (lo->state == LO_EMPTY || lo->state == LO_FREED)
			continue;
		sched_suspend();
		read = rcuref_read(&rw_objs[id].ref);
		if (rw_api->is_dead)
			dead = rcuref_is_dead(&rw_objs[id].ref);
		sched_resume();
		if (!rj_quiescent(id, read, dead))
			return;
	}
	/* every reader has left: the last grace periods end */
	rw_rcu_run_callbacks(true);
}

/* Set up the world for @p on @v; false if setup itself found something. */
static bool world_prepare(const struct world_variant *v, const struct program *p)
{
	rw_api = v->api;
	rw_prog = p;
	rw_opts = p->opts;
	rw_abandoned = false;
	world_reset();
	rcuref_misuse_reset();
	rw_rcu_model_reset(true);
	world_setup();
	return oracle_finding.verdict == VERDICT_NONE;
}

void rcuref_world_run(const struct world_variant *v, const struct program *p)
{
	if (world_prepare(v, p)) {
		sched_run(p->nthreads, p->tape, p->ntape, world_thread);
		if (oracle_finding.verdict == VERDICT_NONE && !sched_stats.budget_exhausted && !rw_abandoned)
			world_final_checks();
	}
	rw_rcu_model_reset(false);
}

void rcuref_world_run_real(const struct world_variant *v, const struct program *p)
{
	if (world_prepare(v, p)) {
		sched_real_run(p->nthreads, world_thread);
		if (oracle_finding.verdict == VERDICT_NONE && !rw_abandoned)
			world_final_checks();
	}
	rw_rcu_model_reset(false);
}

unsigned int rcuref_world_raw_count(int id)
{
	/* other CPUs may be mid-atomic on it (real-thread mode): no plain load */
	return (unsigned int)__atomic_load_n(&rw_objs[id].ref.refcnt.counter, __ATOMIC_RELAXED);
}
