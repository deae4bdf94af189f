// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger's verdicts on what the refcount world did: every finding the
 * world can produce besides the header's own WARNs is decided here, from
 * the ledger, never from the variant's view of the count. The world reports
 * what happened (a release, a free, a lookup's get that succeeded, a read
 * of an object's contents, the state at quiescence) and these functions
 * judge it. Each files at most one finding (the first of a run wins).
 */
#include "ledger.h"
#include "../../memory/wmm.h"
#include "../../runtime/sched.h"

#include <stdio.h>

bool rc_oracle_hold_valid(int t, const struct lhold *h, const char *caller)
{
	const struct lobj *lo = &rc_ledger.obj[h->id];

	if (h->gen == lo->gen && lo->state == LO_LIVE)
		return true;
	oracle_note("CPU%d's reference is to lifetime %u of object %d; the object is %s, lifetime %u\n",
		    t, h->gen, h->id, rc_state_name(rc_obj_state(h->id)), lo->gen);
	oracle_fail(t, "BUG: use after free in %s", caller);
	return false;
}

static void note_holders(int id)
{
	const struct lobj *lo = &rc_ledger.obj[id];
	int u;

	for (u = 0; u < PR_MAX_THREADS; u++) {
		const struct lhold *h = rc_ledger_find(u, id);

		if (h && h->gen == lo->gen)
			oracle_note("CPU%d still holds %lld reference(s) to it\n", u, (long long)h->n);
	}
	if (lo->bg_refs)
		oracle_note("holders outside the program hold %lld reference(s)\n", (long long)lo->bg_refs);
}

void rc_oracle_release(int t, int id, const char *caller)
{
	struct lobj *lo = &rc_ledger.obj[id];

	switch (lo->state) {
	case LO_LIVE:
		break;
	case LO_DEAD:
		oracle_note("object %d lifetime %u was already released (its last put returned true "
			    "before)\n", id, lo->gen);
		oracle_fail(t, "double free in %s", caller);
		return;
	case LO_FREED:
		oracle_note("object %d lifetime %u was already freed\n", id, lo->freed_gen);
		oracle_fail(t, "double free in %s", caller);
		return;
	default:
		oracle_note("object %d was never allocated\n", id);
		oracle_fail(t, "BUG: release of an unallocated object in %s", caller);
		return;
	}
	if (lo->refs != 0) {
		oracle_note("the put returned true on object %d lifetime %u, which %lld reference(s) "
			    "still hold\n", id, lo->gen, (long long)lo->refs);
		note_holders(id);
		oracle_fail(t, "BUG: object freed while referenced in %s", caller);
		return;
	}
	lo->state = LO_DEAD;
}

void rc_oracle_free(int t, int id, const char *caller)
{
	struct lobj *lo = &rc_ledger.obj[id];

	if (lo->state != LO_DEAD) {
		oracle_note("object %d is %s\n", id, rc_state_name(rc_obj_state(id)));
		oracle_fail(t, "double free in %s", caller);
		return;
	}
	lo->state = LO_FREED;
	lo->freed_gen = lo->gen;
}

/*
 * A get that returned true while the object's last put is still in flight
 * (the ledger's references at 0, the putter's decrement not yet done) is
 * legal: the putter's decrement then does not reach 0. Once a put returned
 * true (dead) or the object is gone, nothing may take a reference again.
 */
void rc_oracle_got(int t, int id, int64_t nr, const char *getter, const char *caller)
{
	struct lobj *lo = &rc_ledger.obj[id];

	if (lo->state != LO_LIVE) {
		oracle_note("object %d lifetime %u is %s: %s returned true, so its caller now uses it\n",
			    id, lo->gen, rc_state_name(rc_obj_state(id)), getter);
		oracle_fail(t, "BUG: %s succeeded on %s object in %s", getter,
			    rc_state_name(rc_obj_state(id)), caller);
		return;
	}
	lo->refs += nr;
}


bool rc_oracle_quiescent(int id, int count)
{
	const struct lobj *lo = &rc_ledger.obj[id];

	if (lo->state == LO_LIVE && lo->refs == 0) {
		oracle_note("object %d lifetime %u: no holder, never freed; refcount_read() = %u\n", id,
			    lo->gen, (unsigned int)count);
		oracle_fail(lo->last_put_thread, "memory leak in %s",
			    rc_ops[lo->last_put_op].caller ? rc_ops[lo->last_put_op].caller :
			    rc_ops[lo->last_put_op].name);
		return false;
	}
	if (lo->state == LO_LIVE && (int64_t)(unsigned int)count != lo->refs) {
		oracle_note("object %d lifetime %u: refcount_read() = %u, references held = %lld\n", id,
			    lo->gen, (unsigned int)count, (long long)lo->refs);
		note_holders(id);
		oracle_fail(0, "BUG: refcount mismatch at quiescence for live object");
		return false;
	}
	if (lo->state == LO_DEAD) {
		oracle_note("object %d lifetime %u: its last put returned true, it was never freed\n", id,
			    lo->gen);
		oracle_fail(lo->last_put_thread, "memory leak in %s", "obj_release");
		return false;
	}
	return true;
}
