// SPDX-License-Identifier: GPL-2.0
#include "oracle.h"
#include "../runtime/sched.h"
#include "../runtime/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/mm_types.h>
#include <linux/page-flags.h>

#include "../world/world.h"

#include <shim/hooks.h>

struct ledger ledger;
const struct world_variant *oracle_world;
unsigned int shim_run_gen;
struct finding oracle_finding;

static const char *const lp_names[] = { "offline", "free", "live", "frozen", "tail" };

const char *lp_state_name(int state)
{
	return state >= 0 && state <= LP_TAIL ? lp_names[state] : "?";
}

void oracle_reset(void)
{
	oracle_finding.verdict = VERDICT_NONE;
	oracle_finding.title[0] = 0;
	oracle_finding.report[0] = 0;
	oracle_finding.thread = -1;
}

void oracle_note(const char *fmt, ...)
{
	size_t len = strlen(oracle_finding.report);
	va_list ap;

	if (len >= sizeof(oracle_finding.report) - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(oracle_finding.report + len, sizeof(oracle_finding.report) - len, fmt, ap);
	va_end(ap);
}

/* The first verdict of a run wins; either way the run stops here. */
static void oracle_record(int verdict, int thread, const char *fmt, va_list ap)
{
	if (oracle_finding.verdict == VERDICT_NONE) {
		oracle_finding.verdict = verdict;
		oracle_finding.thread = thread;
		oracle_finding.step = trace_len();
		vsnprintf(oracle_finding.title, sizeof(oracle_finding.title), fmt, ap);
		trace_finding(thread, oracle_finding.title);
	}
	if (sched_in_run())
		sched_stop_run();
}

void oracle_fail(int thread, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	oracle_record(VERDICT_FINDING, thread, fmt, ap);
	va_end(ap);
}

static void oracle_expected_fmt(int thread, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	oracle_record(VERDICT_EXPECTED, thread, fmt, ap);
	va_end(ap);
}

void oracle_expected(int thread, const char *what)
{
	oracle_expected_fmt(thread, "expected: %s", what);
}

void ledger_reset(void)
{
	memset(&ledger, 0, sizeof(ledger));
}

struct lhold *ledger_find(int t, int head_pfn, int kind)
{
	int i;

	for (i = 0; i < WORLD_MAX_HOLDINGS; i++) {
		struct lhold *h = &ledger.hold[t][i];

		if (h->kind == kind && h->pfn == head_pfn)
			return h;
	}
	return NULL;
}

struct lhold *ledger_add_hold(int t, int kind, int head_pfn, int64_t n, int32_t nr_each)
{
	struct lhold *h = kind == LH_PIN ? NULL : ledger_find(t, head_pfn, kind);
	struct lpage *lp = &ledger.page[head_pfn];
	int i;

	if (h && h->gen == lp->gen) {
		h->n += n;
		return h;
	}
	for (i = 0; i < WORLD_MAX_HOLDINGS && !h; i++)
		if (ledger.hold[t][i].kind == LH_NONE)
			h = &ledger.hold[t][i];
	if (!h)
		return NULL;	/* caller checks room first */
	h->kind = kind;
	h->pfn = head_pfn;
	h->type_seen = lp->type;
	h->gen = lp->gen;
	h->n = n;
	h->nr_each = nr_each;
	return h;
}

void ledger_drop_hold(struct lhold *h)
{
	memset(h, 0, sizeof(*h));
}

/* ---- the shim's assertion and dump_page hooks (shim/hooks.h) ---- */

void shim_dump_page(const struct page *page, const char *reason)
{
	const struct page *p = page;
	unsigned long flags;
	int pfn, count, raw;

	if (!page) {
		oracle_note("page dumped because: %s\n", reason);
		return;
	}
	pfn = (int)p->__shim_pfn;
	sched_suspend();
	count = oracle_world ? oracle_world->page_ref_count(pfn) : 0;
	raw = oracle_world ? oracle_world->raw_count(pfn) : 0;
	sched_resume();
	flags = p->flags;
	oracle_note("page: refcount:%d mapcount:%d mapping:%s index:%#lx pfn:%#x\n",
		    count, p->_mapcount.counter,
		    p->mapping ? "ffff888100a0c000" : "0000000000000000", p->index, pfn);
	if (p->compound_head & 1)
		oracle_note("head: pfn:%#x (tail page)\n",
			    (int)((const struct page *)(p->compound_head - 1))->__shim_pfn);
	{
		char names[64] = "";

		if ((flags >> PG_head) & 1) strcat(names, "|head");
		if ((flags >> PG_reserved) & 1) strcat(names, "|reserved");
		if ((flags >> PG_buddy) & 1) strcat(names, "|buddy");
		if (p->mapping) strcat(names, "|file");
		oracle_note("flags: %#lx(%s)\n", flags, names[0] ? names + 1 : "");
	}
	oracle_note("raw: _refcount=%#x (harness: the counter as stored)\n", (unsigned int)raw);
	oracle_note("page dumped because: %s\n", reason);
}

void shim_assert_fired(enum shim_assert_kind kind, const struct shim_site *site,
		       const struct page *page, const char *cond)
{
	int t = sched_in_run() ? sched_current() : 0;

	sched_world_enter();	/* real-thread mode: the report is world state */
	trace_add(EV_ASSERT, t, site, cond, 0, 0, 0);
	if (page && oracle_finding.verdict == VERDICT_NONE)
		shim_dump_page(page, cond);
	else if (oracle_finding.verdict == VERDICT_NONE)
		oracle_note("%s\n", cond);
	if (oracle_misuse_active(t)) {
		char what[160];

		snprintf(what, sizeof(what), "%s in %s caught %s",
			 kind == SHIM_BUG ? "kernel BUG" : "WARNING", site->func,
			 world_misuse_names[oracle_misuse_kind_of(t)]);
		oracle_misuse_clear(t);
		oracle_expected(t, what);
		return;
	}
	oracle_fail(t, "%s in %s", kind == SHIM_BUG ? "kernel BUG" : "WARNING", site->func);
}
