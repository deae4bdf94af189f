// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "engine.h"
#include "../oracle/oracle.h"
#include "../memory/orderings.h"
#include "../memory/wmm.h"
#include "../runtime/sched.h"
#include "../runtime/trace.h"

#include <linux/bug.h>

#include <string.h>

static struct program engine_prog;

/* An op's line in the trace: the family's table says what it calls. */
static void engine_describe_op(uint32_t packed, int thread, char *buf, int len)
{
	struct pr_record r = { .op = (uint8_t)packed, .thread = (uint8_t)thread,
			       .obj = (uint8_t)(packed >> 8), .arg = (uint8_t)(packed >> 16) };

	ops_describe(engine_prog.tab, r, engine_prog.opts, buf, len);
}

/* A crash or hang in the variant's code (sched.h) is filed like any finding. */
static void engine_fault(int thread, const char *title, const char *detail)
{
	/* real threads: another CPU's verdict may have come first, and wins */
	if (oracle_finding.verdict == VERDICT_NONE)
		oracle_note("%s", detail);
	oracle_fail(thread, "%s", title);
}

/* Decode, canonicalise, apply the world options, reset the oracles. */
static void engine_prepare(const struct world_variant *v, const uint8_t *data, size_t size,
			   int allowed, bool trace, bool real)
{
	bool weak;

	program_decode(&engine_prog, v->family->ops, data, size);
	program_canon(&engine_prog);
	if (allowed & ENGINE_FORCE_OPTS)
		engine_prog.opts = (uint8_t)(allowed & WOPT_ALL);
	else
		engine_prog.opts &= allowed;
	if (allowed & ENGINE_MEMORY_WEAK)
		engine_prog.opts |= WOPT_WEAK;
	if (allowed & ENGINE_MEMORY_SC)
		engine_prog.opts &= (uint8_t)~WOPT_WEAK;
	if (real)
		engine_prog.opts &= (uint8_t)~ops_real_off(engine_prog.tab, engine_prog.opts);
	oracle_reset();
	/*
	 * The weak memory model runs on fibers only. Off, it records nothing
	 * (every wmm.c entry point returns at !wmm_on()), so after a run with it
	 * off there is nothing to clear: a sequentially consistent run skips
	 * the reset's ~9 KB of memset (issue 23).
	 */
	weak = !real && (engine_prog.opts & WOPT_WEAK);
	if (weak || wmm_on())
		wmm_reset(weak);
	orderings_reset_run();
	sched_set_fault_fn(engine_fault);
	oracle_fam = &v->family->oracle;
	oracle_checks_reset_run();
	shim_run_gen++;
	trace_reset(trace);
	trace_describe_op = engine_describe_op;
	sched_fast_begin();	/* the run's settings are made */
}

int engine_run(const struct world_variant *v, const uint8_t *data, size_t size,
	       int allowed, bool trace)
{
	engine_prepare(v, data, size, allowed, trace, false);
	v->family->run(v, &engine_prog);
	sched_fast_end();
	return oracle_finding.verdict;
}

int engine_run_real(const struct world_variant *v, const uint8_t *data, size_t size, int allowed)
{
	engine_prepare(v, data, size, allowed, false, true);
	v->family->run_real(v, &engine_prog);
	sched_fast_end();
	return oracle_finding.verdict;
}

const struct program *engine_program(void)
{
	return &engine_prog;
}

const char *engine_title(void)
{
	return oracle_finding.verdict == VERDICT_NONE ? "" : oracle_finding.title;
}

void engine_print_report(FILE *out, const struct world_variant *v, int trace_opts)
{
	char wopts[64];

	ops_opt_format(engine_prog.tab, engine_prog.opts, wopts, sizeof(wopts));
	fprintf(out, "==================================================================\n");
	if (oracle_finding.verdict == VERDICT_FINDING)
		fprintf(out, "%s\n", oracle_finding.title);
	else if (oracle_finding.verdict == VERDICT_EXPECTED)
		fprintf(out, "no finding (%s)\n", oracle_finding.title);
	else
		fprintf(out, "no finding\n");
	fprintf(out, "variant: %s   world: %s   threads: %d   ops: %d   tape: %d/%d bytes used\n",
		v->name, wopts, engine_prog.nthreads, engine_prog.nrec,
		sched_stats.tape_used, engine_prog.ntape);
	if (oracle_finding.report[0])
		fprintf(out, "\n%s", oracle_finding.report);
	fprintf(out, "\n");
	trace_print(out, engine_prog.nthreads, trace_opts);
	fprintf(out, "==================================================================\n");
}

char *engine_report_text(const struct world_variant *v, const uint8_t *data, size_t size,
			 int allowed, int trace_opts)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	engine_run(v, data, size, allowed, true);
	engine_print_report(f, v, trace_opts);
	fclose(f);
	return buf;
}
