// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger's verdicts on what the world did: every finding the toy mm can
 * produce is decided here, from the ledger, never from the variant's own
 * view of the count. The world (world.c and its files) reports what happened — a free,
 * a successful speculative get, a freeze, a destructor chosen, a read of a
 * page's contents, the state at quiescence — and these functions judge it.
 * Each files at most one finding (the first of a run wins, src/oracle).
 */
#include "ledger.h"
#include "../../memory/wmm.h"
#include "../../runtime/sched.h"

#include <shim/hooks.h>

#include <limits.h>
#include <stdio.h>

#include <linux/mm_types.h>

void oracle_bad_page(int t, const struct page *page, const char *reason, const char *caller)
{
	sched_suspend();
	shim_dump_page(page, reason);
	sched_resume();
	oracle_fail(t, "BUG: Bad page state in %s", caller);
}

void oracle_free(int t, int pfn, const char *caller)
{
	struct lpage *lp = &ledger.page[pfn];
	int u;

	switch (lp->state) {
	case LP_LIVE:
	case LP_FROZEN:
		break;
	case LP_FREE:
		oracle_note("pfn %d lifetime %u was already freed\n", pfn, lp->freed_gen);
		oracle_fail(t, "double free in %s", caller);
		break;
	default:
		oracle_note("pfn %d is a %s page\n", pfn, lp_state_name(lp->state));
		oracle_fail(t, "BUG: Bad page state in %s", caller);
	}
	if (lp->refs != 0) {
		for (u = 0; u < PR_MAX_THREADS; u++) {
			struct lhold *h = ledger_find(u, pfn, LH_REF);

			if (!h)
				h = ledger_find(u, pfn, LH_PIN);
			if (h && h->gen == lp->gen)
				oracle_note("CPU%d still holds %lld reference(s) to it\n", u, (long long)h->n);
		}
		if (lp->cache_refs)
			oracle_note("the page cache still holds %lld reference(s)\n", (long long)lp->cache_refs);
		if (lp->bg_refs)
			oracle_note("other holders still hold %lld reference(s)\n", (long long)lp->bg_refs);
		oracle_fail(t, "BUG: page freed while referenced in %s", caller);
	}
	lp->freed_gen = lp->gen;
	lp->state = LP_FREE;
}

void oracle_destructor(int t, int pfn, int dtor, int type, const char *dtor_name, const char *caller)
{
	if (dtor == type)
		return;
	oracle_note("%s (the %s destructor, chosen by the caller) ran on pfn %d, now a %s folio\n",
		    dtor_name, world_type_names[dtor], pfn, world_type_names[type]);
	oracle_fail(t, "BUG: %s destructor run on %s folio in %s", world_type_names[dtor],
		    world_type_names[type], caller);
}

bool oracle_hold_valid(int t, const struct lhold *h, const char *caller)
{
	const struct lpage *lp = &ledger.page[h->pfn];

	if (h->gen == lp->gen && lp->state == LP_LIVE)
		return true;
	oracle_note("CPU%d's reference is to lifetime %u of pfn %d; the page is %s, lifetime %u\n",
		    t, h->gen, h->pfn, lp_state_name(lp->state), lp->gen);
	oracle_fail(t, "use after free in %s", caller);
	return false;
}

void oracle_spec_account(int t, int head, int64_t nr, const char *caller)
{
	struct lpage *lp = &ledger.page[head];

	lp->refs += nr;
	if (lp->refs > INT_MAX) {
		oracle_note("pfn %d: %lld references really held\n", head, (long long)lp->refs);
		oracle_fail(t, "BUG: refcount overflow in %s", caller);
	}
}

void oracle_spec_verify(int t, const struct page *page, int head, const char *getter, const char *caller)
{
	const struct lpage *lp = &ledger.page[head];

	if (lp->state == LP_LIVE)
		return;
	sched_suspend();
	shim_dump_page(page, "speculative reference to a page that is not live");
	sched_resume();
	oracle_note("pfn %d is %s (lifetime %u): the caller's recheck passed, so it now uses it\n",
		    head, lp_state_name(lp->state), lp->gen);
	oracle_fail(t, "BUG: %s succeeded on %s page in %s", getter, lp_state_name(lp->state), caller);
}

void oracle_frozen(int t, int pfn, int expected, const char *caller)
{
	const struct lpage *lp = &ledger.page[pfn];

	if (lp->refs == expected)
		return;
	oracle_note("pfn %d: expected %d references, %lld really held\n", pfn, expected, (long long)lp->refs);
	oracle_fail(t, "BUG: folio frozen while referenced in %s", caller);
}

void oracle_field(int t, int pfn, const char *field, const struct wmm_read *r, const char *saw,
		  const char *want, int saw_gen, int saw_write, int want_gen, int want_write,
		  const char *after, const char *use, const char *caller)
{
	char b1[16], b2[16];

	oracle_note("after %s, CPU%d read pfn %d's folio->%s as %s, written by %s\n"
		    "(lifetime %d, write %d), but the documented orderings promise %s's\n"
		    "later %s (lifetime %d, write %d): the variant lacks a barrier its API\n"
		    "promises. The caller %s.\n", after, t, pfn, field, saw, oracle_writer(r->writer, b1),
		    saw_gen, saw_write, oracle_writer(r->promised_writer, b2), want, want_gen, want_write, use);
	oracle_fail(t, "BUG: stale folio->%s after %s in %s", field, after, caller);
}

bool oracle_quiescent(int pfn, const struct page *page, int count)
{
	const struct lpage *lp = &ledger.page[pfn];
	int64_t want = lp->state == LP_LIVE ? lp->refs : 0;

	if (lp->state == LP_OFFLINE)
		return true;
	if (lp->state == LP_LIVE && lp->refs == 0) {
		shim_dump_page(page, "no holder, never freed");
		oracle_fail(lp->last_put_thread, "memory leak in %s", world_ops[lp->last_put_op].name);
		return false;
	}
	if (count != want) {
		shim_dump_page(page, "page_ref_count() disagrees with the references held");
		oracle_note("pfn %d is %s: page_ref_count() = %d, references held = %lld\n", pfn,
			    lp_state_name(lp->state), count, (long long)want);
		oracle_fail(0, "BUG: refcount mismatch at quiescence for %s page", lp_state_name(lp->state));
		return false;
	}
	return true;
}
