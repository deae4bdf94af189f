// SPDX-License-Identifier: GPL-2.0
/*
 * Misuse mode: API calls the ledger knows are wrong, and what the header
 * promised about them (src/oracle/checks.c).
 */
#include "world_internal.h"

#include <stdio.h>

/*
 * The API generation's promise (src/oracle/checks.c, rule 1): a header with
 * the series' frozen state carries patch 1's contract, under CONFIG_DEBUG_VM
 * every increment, decrement, add or sub of a frozen page trips a check.
 * Read from the header's definitions (variant.c), never from its name or
 * comments.
 */
static const char *generation_promise(int kind)
{
	static char promise[160];

	if (!pr_api->series_mark || kind > MISUSE_SUB_FROZEN)
		return NULL;
	snprintf(promise, sizeof(promise), "the series' frozen state (%s):\n"
		 "  patch 1: every inc, dec, add or sub of a frozen page trips a check",
		 pr_api->series_mark);
	return promise;
}

static const char *const misuse_api[NR_WORLD_MISUSE] = {
	"page_ref_inc", "page_ref_dec", "folio_ref_add", "folio_ref_sub", "folio_put", "folio_get",
	"folio_get", "folio_put", "folio_put",
};

/*
 * Which page a misuse may act on, judged by the ledger now; the call then
 * runs with preemption disabled, so that is still the page's state when
 * the variant acts on it. Returns the page state's name, or NULL to skip.
 */
static const char *misuse_target(int t, int pfn, int kind, int *headp)
{
	int head = head_pfn_of(pfn);
	struct lpage *lp = &ledger.page[head];

	*headp = head;
	switch (kind) {
	case MISUSE_GET_FREE:
	case MISUSE_PUT_FREE:
		*headp = pfn;
		if (ledger.page[pfn].state != LP_FREE) {
			STEP("skipped: pfn %d is not free", pfn, 0, 0);
			return NULL;
		}
		return "free";
	case MISUSE_PUT_UNOWNED:
		/* others hold at least two: a correct put frees nothing */
		if (lp->state != LP_LIVE || ledger_find(t, head, LH_REF) || ledger_find(t, head, LH_PIN) ||
		    lp->refs < 2) {
			STEP("skipped: pfn %d is not a live folio others hold twice", head, 0, 0);
			return NULL;
		}
		return "unowned";
	default:
		/*
		 * A frozen allocation this CPU owns (alloc_frozen_pages, as in
		 * patch 1's example): nobody else can change its state.
		 */
		if (lp->state != LP_FROZEN || !ledger_find(t, head, LH_FROZEN)) {
			STEP("skipped: CPU%d owns no frozen allocation at pfn %d", t, head, 0);
			return NULL;
		}
		return "frozen";
	}
}

void op_misuse(int t, int pfn, int kind)
{
	struct page *page;
	struct folio *folio;
	const char *state;
	int head;
	bool caught_or_promised;

	if (!(world_opts & WOPT_MISUSE)) {
		STEP("skipped: misuse mode is off", 0, 0, 0);
		return;
	}
	/*
	 * Under weak memory the header's checks read the count as this CPU
	 * may see it, an older value than the world's: a check that did not
	 * fire on a page the world calls free proves nothing. Misuse is
	 * judged under sequential consistency.
	 */
	if (wmm_on()) {
		STEP("skipped: misuse is judged under --memory sc only", 0, 0, 0);
		return;
	}
	state = misuse_target(t, pfn, kind, &head);
	if (!state)
		return;
	page = pfn_to_page(head);
	folio = (struct folio *)page;
	sched_preempt_disable();
	oracle_misuse_begin(t, kind, head);
	sched_vcall_enter();
	switch (kind) {
	case MISUSE_INC_FROZEN: page_ref_inc(page); break;
	case MISUSE_DEC_FROZEN: page_ref_dec(page); break;
	case MISUSE_ADD_FROZEN: folio_ref_add(folio, 2); break;
	case MISUSE_SUB_FROZEN: folio_ref_sub(folio, 1); break;
	case MISUSE_GET_FROZEN:
	case MISUSE_GET_FREE: folio_get(folio); break;
	default: folio_put(folio); break;
	}
	sched_vcall_exit();
	caught_or_promised = oracle_misuse_end(t, misuse_api[kind],
					       kind == MISUSE_PUT_UNOWNED ? "live" : state,
					       generation_promise(kind));
	sched_preempt_enable();
	/*
	 * Caught by a WARN, the kernel goes on, with a count the misuse made
	 * wrong: what follows is the caller's doing, not the header's. The
	 * run ends on its expected check.
	 */
	if (caught_or_promised && oracle_finding.verdict == VERDICT_EXPECTED) {
		STEP("(misuse caught: run ends)", 0, 0, 0);
		world_abandoned = true;
		sched_stop_run();
	}
	if (caught_or_promised)
		return;
	/* nothing promised it: the world is now inconsistent; end the run, no verdict */
	STEP("(misuse not checked by this header: run ends)", 0, 0, 0);
	world_abandoned = true;
	sched_stop_run();
}
