// SPDX-License-Identifier: GPL-2.0
/*
 * Misuse mode: refcount_t calls the ledger knows are wrong, and what the
 * header promised about them (src/oracle/checks.c); and the saturation
 * world's overflows, judged the same way.
 *
 * The misuses are the ones refcount_t exists to catch: a get on an object
 * whose last put happened (dead, its memory still there, e.g. during a
 * grace period) or that was freed; a put on one (with n = 0, the
 * refcount_sub_and_test(0) of f91f7ac900e7); refcount_dec() of the only
 * reference (it leaks); and a put by a CPU that holds no reference while
 * others do, which nothing in the counter can tell from a legal put. The
 * call runs with preemption disabled, so the ledger's state is the state
 * the variant acts on. If the call says "that was the last reference"
 * (returns true), its caller frees, as the kernel's would: the ledger then
 * judges that free (a double free, a free while referenced) before the
 * misuse itself is.
 */
#include "world_internal.h"

#include <stdio.h>

/*
 * The API generation's promise (src/oracle/checks.c, rule 1), read from the
 * header's definitions (variant.c): with refcount_warn_saturate() (v5.5+)
 * or REFCOUNT_FULL's checked functions, an increment from 0, a decrement
 * from 0 (by at least one), refcount_dec() to 0 and an overflow each WARN.
 * A subtraction of 0 is not a decrement: nothing promised it before
 * f91f7ac900e7 said so in code. A put by a non-holder: nothing can.
 */
static const char *generation_promise(int kind, int n)
{
	static char promise[256];

	if (!rc_api->checks || kind == RC_MISUSE_PUT_UNOWNED)
		return NULL;
	if ((kind == RC_MISUSE_PUT_DEAD || kind == RC_MISUSE_PUT_FREE) && n == 0)
		return NULL;
	snprintf(promise, sizeof(promise), "%s", rc_api->checks);
	return promise;
}

/*
 * Which object a misuse may act on, judged by the ledger now (and the
 * counter as stored: no other CPU may be half-way through a put of it).
 * Returns the state's name, or NULL to skip.
 */
static const char *misuse_target(int t, int id, int kind)
{
	const struct lobj *lo = &rc_ledger.obj[id];
	const struct lhold *h = rc_ledger_find(t, id);
	int raw = refcount_world_raw_count(id);

	switch (kind) {
	case RC_MISUSE_PUT_LOCK_DEAD:
		/* the call may take table_lock: free, it stays free while the call runs alone */
		if (rc_table_lock.owner >= 0) {
			STEP("skipped: table_lock is held", 0, 0, 0);
			return NULL;
		}
		/* fall through */
	case RC_MISUSE_GET_DEAD:
	case RC_MISUSE_PUT_DEAD:
		if (lo->state != LO_DEAD || raw != 0) {
			STEP("skipped: id %d is not dead (its last put not done, or freed)", id, 0, 0);
			return NULL;
		}
		return "dead";
	case RC_MISUSE_GET_FREE:
	case RC_MISUSE_PUT_FREE:
		if (lo->state != LO_FREED || raw != 0) {
			STEP("skipped: id %d is not freed", id, 0, 0);
			return NULL;
		}
		return "freed";
	case RC_MISUSE_PUT_UNOWNED:
		if (lo->state != LO_LIVE || (h && h->gen == lo->gen) || lo->refs < 2) {
			STEP("skipped: id %d is not a live object others hold twice", id, 0, 0);
			return NULL;
		}
		return "live";
	default:	/* RC_MISUSE_DEC_LAST */
		if (lo->state != LO_LIVE || !h || h->gen != lo->gen || h->n != 1 || lo->refs != 1 ||
		    raw != 1) {
			STEP("skipped: CPU%d does not hold the only reference to id %d", t, id, 0);
			return NULL;
		}
		return "live";
	}
}

static const char *const misuse_api[NR_RC_MISUSE] = {
	"refcount_inc", "refcount_inc", "refcount_sub_and_test", "refcount_sub_and_test",
	"refcount_dec_and_test", "refcount_dec", "refcount_dec_and_lock", "refcount_add",
};

/* An unchecked misuse leaves the world inconsistent: the run ends, no verdict. */
static void abandon(void)
{
	STEP("(misuse not checked by this header: run ends)", 0, 0, 0);
	rc_abandoned = true;
	sched_stop_run();
}

void rc_op_misuse(int t, int id, uint8_t arg)
{
	int kind = rc_misuse_kind(arg), n = rc_misuse_n(arg);
	struct robj *o = &rc_objs[id];
	const char *state, *api;
	bool last = false, caught;

	if (!(rc_opts & RC_OPT_MISUSE)) {
		STEP("skipped: misuse mode is off", 0, 0, 0);
		return;
	}
	state = misuse_target(t, id, kind);
	if (!state)
		return;
	api = misuse_api[kind];
	if ((kind == RC_MISUSE_PUT_DEAD || kind == RC_MISUSE_PUT_FREE) && n == 1)
		api = "refcount_dec_and_test";
	rc_api_name[t] = api;
	rc_caller[t] = api;	/* what a finding names: the misused call */
	sched_preempt_disable();
	if (kind == RC_MISUSE_DEC_LAST)	/* the CPU gives its reference up, as it believes */
		rc_ledger_put(t, rc_ledger_find(t, id), 1);
	oracle_misuse_begin(t, kind, id);
	switch (kind) {
	case RC_MISUSE_GET_DEAD:
	case RC_MISUSE_GET_FREE:
		VCALLV(refcount_inc(o));
		break;
	case RC_MISUSE_PUT_DEAD:
	case RC_MISUSE_PUT_FREE:
		last = n == 1 ? VCALL(refcount_dec_and_test(o)) : VCALL(refcount_sub_and_test(n, o));
		break;
	case RC_MISUSE_PUT_UNOWNED:
		last = VCALL(refcount_dec_and_test(o));
		break;
	case RC_MISUSE_DEC_LAST:
		VCALLV(refcount_dec(o));
		break;
	default:
		last = VCALL(refcount_dec_and_lock(o, &rc_table_lock));
		break;
	}
	if (last) {
		/* "that was the last reference": its caller frees, as the kernel's would */
		STEP("= true: the caller frees id %d", id, 0, 0);
		rc_obj_free_path(t, o);
	}
	caught = oracle_misuse_end(t, api, state, generation_promise(kind, n));
	sched_preempt_enable();
	if (!caught)
		abandon();
}

/* ---- the saturation world ---- */

/*
 * Near the limit an increment must run alone, from the look at the counter
 * to its end: two increments that each fit could overflow together, and a
 * put given up in the ledger but not yet done leaves the counter above the
 * ledger. So in the saturation world every increment runs with preemption
 * disabled, and is an overflow when the counter as stored plus @nr is past
 * the variant's limit (whatever the ledger says, the counter is what
 * overflows; it is never below the ledger). Outside that world no count
 * comes near a limit (bg and magnitudes, ops.c).
 */
int rc_inc_begin(int t, int id, int64_t nr)
{
	struct lobj *lo = &rc_ledger.obj[id];
	int64_t raw = (unsigned int)refcount_world_raw_count(id);

	if (!(rc_opts & RC_OPT_SATURATION))
		return RC_INC_PLAIN;
	sched_preempt_disable();
	if (lo->state != LO_LIVE || raw == 0 || raw + nr <= rc_limit)
		return RC_INC_ALONE;
	/* past the counter's range: the ledger has it first, so the checks see it */
	lo->refs += nr;
	oracle_misuse_begin(t, RC_MISUSE_OVERFLOW, id);
	return RC_INC_OVERFLOW;
}

void rc_inc_end(int t, int id, int64_t nr, int how, bool took, const char *api)
{
	bool caught;

	if (how == RC_INC_PLAIN)
		return;
	if (how == RC_INC_ALONE) {
		sched_preempt_enable();
		return;
	}
	if (!took) {
		/* refused (a limited _acquire getter): nothing happened */
		rc_ledger.obj[id].refs -= nr;
		oracle_misuse_clear(t);
		sched_preempt_enable();
		return;
	}
	caught = oracle_misuse_end(t, api, "overflowing", generation_promise(RC_MISUSE_OVERFLOW, 1));
	sched_preempt_enable();
	if (!caught)
		abandon();
}
