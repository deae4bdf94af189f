// SPDX-License-Identifier: GPL-2.0
/*
 * Misuse mode: rcuref calls the ledger knows are wrong, and whether the
 * header's own checks catch them (src/oracle/checks.c). What rcuref.h and
 * lib/rcuref.c check:
 *  - "rcuref - imbalanced put()": a put that finds the count dead
 *    (witness: a dead or freed object);
 *  - "rcuref saturated - leaking memory": a get past MAXREF (witness: an
 *    object whose users hold MAXREF + 1 references already);
 *  - RCU_LOCKDEP_WARN "suspicious rcuref_put_rcusafe() usage" under
 *    CONFIG_PROVE_RCU (the world option prove-rcu): rcuref_put_rcusafe()
 *    from a preemptible context outside rcu_read_lock() (witness: that
 *    context).
 * A check evaluated inside the misused call on its witness exists to
 * catch it: if it does not fire, the misuse is a finding. A get on a
 * freed object, or a put by a CPU that holds nothing while others hold
 * references, is nothing any check can tell from legal use: counted as
 * unchecked, never a finding. No API generation promises more than its
 * checks (every rcuref has had these three since v6.4).
 */
#include "world_internal.h"

static int8_t misuse_now[PR_MAX_THREADS] = { -1, -1, -1, -1 };

int rw_misuse_kind_now(int t)
{
	return t >= 0 && t < PR_MAX_THREADS ? misuse_now[t] : -1;
}

static const char *const misuse_api[NR_RCUREF_MISUSE] = {
	"rcuref_put", "rcuref_put", "rcuref_put", "rcuref_get", "rcuref_get", "rcuref_put_rcusafe",
};

/*
 * Which object a misuse may act on, judged by the ledger now; the call then
 * runs with preemption disabled (the engine's: no other CPU steps), so that
 * is still the object's state when the variant acts on it. Returns the
 * state's name, or NULL to skip.
 */
static const char *misuse_target(int t, int id, int kind)
{
	const struct lobj *lo = &rledger.obj[id];
	const struct lhold *h = rledger_find(t, id);
	bool holds = h && h->gen == lo->gen;

	switch (kind) {
	case RMIS_PUT_DEAD:
		/* a put returned true on it; its grace period has not ended */
		if (lo->state == LO_DEAD && !holds)
			return "dead";
		break;
	case RMIS_PUT_FREED:
	case RMIS_GET_FREED:
		/* freed, and the slot not reused: the counter is still the dead one's */
		if (lo->state == LO_FREED)
			return "freed";
		break;
	case RMIS_PUT_UNOWNED:
		/* others hold at least two: a correct put frees nothing */
		if (lo->state == LO_LIVE && !holds && lo->refs >= 2)
			return "live";
		break;
	case RMIS_GET_OVERFLOW:
		if (lo->state == LO_LIVE && lo->refs + lo->inflight >= (int64_t)W_RCUREF_MAXREF + 1)
			return "live";
		break;
	case RMIS_PUT_RCUSAFE_UNSAFE:
		/* a balanced put, in the wrong context */
		if (lo->state == LO_LIVE && holds && !rw_rcu_in_reader(t))
			return "live";
		break;
	}
	STEP("skipped: id %d is not what misuse %d needs", id, kind, 0);
	return NULL;
}

void rw_misuse(int t, int id, int kind)
{
	struct rcuref_obj *o = &rw_objs[id];
	struct lobj *lo = &rledger.obj[id];
	const char *state;
	uint32_t gen;
	bool ret, caught_or_promised;

	if (!(rw_opts & ROPT_MISUSE)) {
		STEP("skipped: misuse mode is off", 0, 0, 0);
		return;
	}
	sched_point_world_at(&rw_objs[id], false);
	state = misuse_target(t, id, kind);
	if (!state)
		return;
	gen = lo->gen;
	if (kind == RMIS_PUT_RCUSAFE_UNSAFE) {
		struct lhold *h = rledger_find(t, id);

		if (--h->n <= 0)
			rledger_drop_hold(h);
		lo->refs--;
		lo->last_put_thread = (int8_t)t;
		lo->last_put_op = rw_cur_op;
		rw_contents_released(t, id);
	}
	sched_preempt_disable();
	misuse_now[t] = (int8_t)kind;
	oracle_misuse_begin(t, kind, id);
	rw_target[t] = (int8_t)id;
	rw_target_gen[t] = gen;
	sched_vcall_enter();
	switch (kind) {
	case RMIS_GET_FREED:
	case RMIS_GET_OVERFLOW:
		ret = rcuref_get(&o->ref);
		break;
	case RMIS_PUT_RCUSAFE_UNSAFE:
		ret = rcuref_put_rcusafe(&o->ref);
		break;
	default:
		ret = rcuref_put(&o->ref);
	}
	sched_vcall_exit();
	rw_target[t] = -1;
	caught_or_promised = oracle_misuse_end(t, misuse_api[kind], state, NULL);
	misuse_now[t] = -1;
	sched_preempt_enable();
	if (caught_or_promised)
		return;
	switch (kind) {
	case RMIS_PUT_RCUSAFE_UNSAFE:
		/* nothing checked the context: the put itself was balanced, the world goes on */
		if (ret)
			rw_obj_destroy(t, o, gen, rw_cur_caller);
		return;
	case RMIS_GET_FREED:
		/* the counter is the dead one's: a get must fail, whoever calls it */
		if (ret)
			rj_get_succeeded(t, id, gen, rw_cur_caller);
		return;
	}
	/* nothing promised it: the world is now inconsistent; end the run, no verdict */
	STEP("(misuse not checked by this header: run ends)", 0, 0, 0);
	rw_abandoned = true;
	sched_stop_run();
}

void rcuref_misuse_reset(void)
{
	int t;

	for (t = 0; t < PR_MAX_THREADS; t++)
		misuse_now[t] = -1;
}
