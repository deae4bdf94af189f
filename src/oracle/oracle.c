// SPDX-License-Identifier: GPL-2.0
#include "oracle.h"
#include "../runtime/sched.h"
#include "../runtime/trace.h"
#include "../memory/wmm.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../abi/shim_abi.h"

const struct oracle_family *oracle_fam;
unsigned int shim_run_gen;
struct finding oracle_finding;

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

/* ---- the shim's assertion hook (shim/hooks.h) ---- */

void shim_assert_fired(enum shim_assert_kind kind, const struct shim_site *site,
		       const struct page *page, const char *cond)
{
	int t = sched_in_run() ? sched_current() : 0;

	sched_world_enter();	/* real-thread mode: the report is world state */
	trace_add(EV_ASSERT, t, site, cond, 0, 0, 0);
	if (page && oracle_finding.verdict == VERDICT_NONE)
		oracle_fam->dump(page, cond);
	else if (oracle_finding.verdict == VERDICT_NONE)
		oracle_note("%s\n", cond);
	if (oracle_misuse_active(t)) {
		char what[160];

		snprintf(what, sizeof(what), "%s in %s caught %s",
			 kind == SHIM_BUG ? "kernel BUG" : "WARNING", site->func,
			 oracle_fam->misuse_names[oracle_misuse_kind_of(t)]);
		oracle_misuse_clear(t);
		oracle_expected(t, what);
		return;
	}
	oracle_fail(t, "%s in %s", kind == SHIM_BUG ? "kernel BUG" : "WARNING", site->func);
}

const char *oracle_writer(int cpu, char buf[16])
{
	if (cpu < 0)
		return "setup";
	snprintf(buf, 16, "CPU%d", cpu);
	return buf;
}

void oracle_contents(int t, int obj, const struct wmm_read *r, const char *promise,
		     const char *after, const char *caller)
{
	char b1[16], b2[16];

	if (!r->stale)
		return;
	oracle_note("after %s, CPU%d read %s %d's contents as written by %s\n"
		    "(lifetime %d, write %d), but %s promise %s's\n"
		    "later write (lifetime %d, write %d): the variant lacks a barrier its API\n"
		    "promises\n", after, t, oracle_fam->key, obj, oracle_writer(r->writer, b1), r->value >> 8,
		    r->value & 0xff, promise, oracle_writer(r->promised_writer, b2), r->promised >> 8,
		    r->promised & 0xff);
	oracle_fail(t, "BUG: stale %s contents after %s in %s", oracle_fam->noun, after, caller);
}
