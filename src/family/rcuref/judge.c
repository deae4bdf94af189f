// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger's verdicts on what the rcuref world did: every finding the
 * world can produce is decided here, from the ledger, never from the
 * variant's own view of its counter. The world reports what happened (a
 * get's result, a put that returned true, rcuref_is_dead()'s answer, a
 * free at the end of a grace period, an access to a freed counter, a read
 * of an object's contents, the state at quiescence) and these functions
 * judge it. Each files at most one finding (the first of a run wins).
 */
#include "world_internal.h"

#include <stdio.h>
#include <string.h>

#include <shim/hooks.h>

/* Who holds lifetime @gen of @id, for the report. */
static void note_holders(int id, uint32_t gen)
{
	const struct lobj *lo = &rledger.obj[id];
	int u;

	for (u = 0; u < PR_MAX_THREADS; u++) {
		const struct lhold *h = rledger_find(u, id);

		if (h && h->gen == gen)
			oracle_note("CPU%d holds %lld reference(s) to it\n", u, (long long)h->n);
	}
	if (lo->bg)
		oracle_note("other holders hold %lld reference(s)\n", (long long)lo->bg);
}

void rcuref_dump(int id, const char *reason)
{
	const struct lobj *lo = &rledger.obj[id];
	unsigned int c = rcuref_world_raw_count(id);
	const char *zone = c <= W_RCUREF_MAXREF ? "valid" : c < W_RCUREF_RELEASED ? "saturated" :
			   c == W_RCUREF_NOREF ? "NOREF" : "dead";

	oracle_note("rcuref: refcnt:0x%08x (%s zone) id:%d lifetime:%u state:%s references held:%lld\n",
		    c, zone, id, lo->gen, rledger_state_name(lo->state), (long long)lo->refs);
	oracle_note("object dumped because: %s\n", reason);
}

bool rj_hold_valid(int t, const struct lhold *h, const char *caller)
{
	const struct lobj *lo = &rledger.obj[h->id];

	if (h->gen == lo->gen && lo->state != LO_FREED)
		return true;
	oracle_note("CPU%d's reference is to lifetime %u of id %d; the object is %s, lifetime %u\n",
		    t, h->gen, h->id, rledger_state_name(lo->state), lo->gen);
	oracle_fail(t, "use after free in %s", caller);
	return false;
}

void rj_get_succeeded(int t, int id, uint32_t gen, const char *caller)
{
	struct lobj *lo = &rledger.obj[id];

	if (gen == lo->gen && (lo->state == LO_LIVE || lo->state == LO_SATURATED) && lo->seen_dead_by < 0) {
		lo->refs++;
		return;
	}
	sched_suspend();
	rcuref_dump(id, "rcuref_get() succeeded on an object that is dead");
	sched_resume();
	if (gen != lo->gen || lo->state == LO_FREED)
		oracle_note("lifetime %u of id %d was freed after its grace period\n", gen, id);
	else if (lo->state == LO_DEAD)
		oracle_note("CPU%d's rcuref_put() returned true on it: nothing can revive it\n", lo->dead_by);
	else
		oracle_note("CPU%d's rcuref_is_dead() said it was dead: nothing can revive it\n",
			    lo->seen_dead_by);
	oracle_fail(t, "BUG: rcuref_get succeeded on dead object in %s", caller);
}

void rj_get_failed(int t, int id, uint32_t gen, const char *caller)
{
	const struct lobj *lo = &rledger.obj[id];

	if (gen != lo->gen)
		return;
	if (lo->state == LO_SATURATED || (lo->state == LO_LIVE && lo->refs > 0)) {
		sched_suspend();
		rcuref_dump(id, "rcuref_get() failed on an object others hold");
		sched_resume();
		note_holders(id, gen);
		oracle_fail(t, "BUG: rcuref_get failed on %s object in %s", rledger_state_name(lo->state), caller);
	}
}

void rj_released(int t, int id, uint32_t gen, const char *caller)
{
	struct lobj *lo = &rledger.obj[id];

	if (gen != lo->gen || lo->state == LO_DEAD || lo->state == LO_FREED) {
		oracle_note("lifetime %u of id %d: CPU%d's rcuref_put() returned true on it before\n",
			    gen, id, lo->dead_by);
		oracle_fail(t, "double free in %s", caller);
		return;
	}
	if (lo->state == LO_SATURATED) {
		sched_suspend();
		rcuref_dump(id, "rcuref_put() returned true on a saturated object");
		sched_resume();
		oracle_fail(t, "BUG: saturated object released in %s", caller);
		return;
	}
	if (lo->refs != 0) {
		sched_suspend();
		rcuref_dump(id, "rcuref_put() returned true while references are held");
		sched_resume();
		note_holders(id, gen);
		oracle_fail(t, "BUG: object freed while referenced in %s", caller);
		return;
	}
	lo->state = LO_DEAD;
	lo->dead_by = (int8_t)t;
}

void rj_is_dead(int t, int id, uint32_t gen, bool dead, const char *caller)
{
	struct lobj *lo = &rledger.obj[id];

	/*
	 * Real threads: the ledger records a put or a get after its atomic,
	 * so it may lag the counter another CPU's rcuref_is_dead() reads.
	 */
	if (gen != lo->gen || sched_is_real())
		return;
	if (dead && lo->state == LO_LIVE && lo->refs > 0) {
		sched_suspend();
		rcuref_dump(id, "rcuref_is_dead() is true while references are held");
		sched_resume();
		note_holders(id, gen);
		oracle_fail(t, "BUG: rcuref_is_dead true on live object in %s", caller);
		return;
	}
	/*
	 * Sequentially consistent only: under --memory weak a reader with no
	 * happens-before to that put may still read the counter as it was.
	 */
	if (!dead && lo->state == LO_DEAD && !wmm_on()) {
		sched_suspend();
		rcuref_dump(id, "rcuref_is_dead() is false after a put returned true");
		sched_resume();
		oracle_note("CPU%d's rcuref_put() returned true on it\n", lo->dead_by);
		oracle_fail(t, "BUG: rcuref_is_dead false on dead object in %s", caller);
		return;
	}
	/* a CPU may now destroy it (futex_private_hash): no get may succeed after this */
	if (dead && lo->seen_dead_by < 0)
		lo->seen_dead_by = (int8_t)t;
}

void rj_free(int t, int id, const char *caller)
{
	struct lobj *lo = &rledger.obj[id];

	if (lo->refs != 0) {
		sched_suspend();
		rcuref_dump(id, "freed after its grace period while references are held");
		sched_resume();
		note_holders(id, lo->gen);
		oracle_fail(t, "BUG: object freed while referenced in %s", caller);
		return;
	}
	lo->state = LO_FREED;
	lo->freed_gen = lo->gen;
}

void rj_use_after_free(int t, int id, uint32_t gen, const struct shim_site *site, bool write)
{
	const struct lobj *lo = &rledger.obj[id];

	oracle_note("%s of 4 bytes by CPU%d at %s:%d (%s)\n", write ? "Write" : "Read", t,
		    trace_basename(site->file), site->line, site->op);
	if (lo->gen == gen)
		oracle_note("id %d lifetime %u was freed after its grace period (put by CPU%d)\n", id, gen,
			    lo->dead_by);
	else
		oracle_note("id %d lifetime %u was freed, and the slot now holds lifetime %u\n", id, gen,
			    lo->gen);
	oracle_fail(t, "KASAN: slab-use-after-free %s in %s", write ? "Write" : "Read", site->func);
}


bool rj_quiescent(int id, unsigned int read, int is_dead)
{
	const struct lobj *lo = &rledger.obj[id];

	switch (lo->state) {
	case LO_LIVE:
		if (lo->refs == 0) {
			rcuref_dump(id, "no holder, never released");
			oracle_fail(lo->last_put_thread >= 0 ? lo->last_put_thread : 0, "memory leak in %s",
				    rcuref_optable.op[lo->last_put_op].caller ?
				    rcuref_optable.op[lo->last_put_op].caller : "obj_put");
			return false;
		}
		if (read == (uint64_t)lo->refs && is_dead <= 0)
			return true;
		break;
	case LO_SATURATED:
		/* leaked for good: the counter stays in its zone, whatever the puts and gets */
		if (read - 1 > W_RCUREF_MAXREF && read - 1 < W_RCUREF_RELEASED && is_dead <= 0)
			return true;
		break;
	case LO_DEAD:
		if (read == 0 && is_dead != 0)
			return true;
		break;
	default:
		return true;
	}
	rcuref_dump(id, "rcuref_read() or rcuref_is_dead() disagrees with the references held");
	oracle_note("id %d is %s: rcuref_read() = %u%s, references held = %lld\n", id,
		    rledger_state_name(lo->state), read, is_dead < 0 ? "" : is_dead ? ", rcuref_is_dead()" :
		    ", !rcuref_is_dead()", (long long)lo->refs);
	oracle_fail(0, "BUG: refcount mismatch at quiescence for %s object", rledger_state_name(lo->state));
	return false;
}
