// SPDX-License-Identifier: GPL-2.0
/*
 * Engine properties, over seeded random inputs (fixed seeds and counts):
 *  - the decoder is total and canonical: any bytes decode; canon is
 *    idempotent; encode(decode(canon)) round-trips;
 *  - the scenario text round-trips: parse(print(p)) == p for canonical p;
 *  - runs are deterministic: the same input gives the same report twice;
 *  - upstream and v4 give callers the same results on sequential legal
 *    programs (the series promises the same public semantics);
 *  - the explorer counts schedules as by hand: two threads of two atomics
 *    have 6 interleavings, 2 without preemption, 4 with at most one; when
 *    the threads touch different atomics the reduction runs fewer, and
 *    world points are conservative unless they name their location.
 */
#define _GNU_SOURCE
#include "harness/engine.h"
#include "harness/explore.h"
#include "harness/gen.h"
#include "harness/scenario.h"
#include "family/page_ref/ops.h"
#include "oracle/oracle.h"
#include "runtime/sched.h"
#include "runtime/trace.h"

#include <shim/hooks.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			failures++;                                            \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);   \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n");                                 \
			if (failures > 20)                                     \
				exit(1);                                       \
		}                                                              \
	} while (0)

static uint8_t buf[PR_MAX_INPUT], buf2[PR_MAX_INPUT];

static void test_decoder_total(void)
{
	struct gen_rng r = { 42 };
	struct program p, q;
	int i;

	for (i = 0; i < 100000; i++) {
		size_t n = gen_next(&r) % (PR_MAX_INPUT + 64), k, m;

		for (k = 0; k < n && k < sizeof(buf); k++)
			buf[k] = (uint8_t)gen_next(&r);
		if (n > sizeof(buf))
			n = sizeof(buf);
		program_decode(&p, &page_ref_optable, buf, n);
		CHECK(p.nthreads >= 1 && p.nthreads <= PR_MAX_THREADS, "nthreads %d", p.nthreads);
		CHECK(p.nrec <= PR_MAX_RECORDS && p.ntape <= PR_MAX_TAPE, "bounds");
		program_canon(&p);
		m = program_encode(&p, buf2);
		program_decode(&q, &page_ref_optable, buf2, m);
		program_canon(&q);
		CHECK(q.nrec == p.nrec && q.ntape == p.ntape && q.nthreads == p.nthreads &&
		      q.opts == p.opts && !memcmp(q.rec, p.rec, p.nrec * sizeof(p.rec[0])) &&
		      !memcmp(q.tape, p.tape, p.ntape), "canonical round trip, input %d", i);
	}
	printf("decoder: 100000 random inputs decode, canon and round-trip\n");
}

static void test_scenario_roundtrip(void)
{
	struct gen_rng r = { 7 };
	static struct scenario sc;
	struct program p;
	char err[512];
	int i;

	for (i = 0; i < 10000; i++) {
		size_t n = gen_next(&r) % PR_MAX_INPUT, k;
		char *text = NULL, *text2 = NULL;
		size_t len = 0, len2 = 0;
		FILE *f;

		for (k = 0; k < n; k++)
			buf[k] = (uint8_t)gen_next(&r);
		program_decode(&p, &page_ref_optable, buf, n);
		program_canon(&p);
		f = open_memstream(&text, &len);
		scenario_print(f, &p, NULL);
		fclose(f);
		if (scenario_parse("roundtrip", text, &sc, err, sizeof(err))) {
			CHECK(0, "input %d: decompiled text does not parse: %s\n%s", i, err, text);
			free(text);
			continue;
		}
		CHECK(sc.prog.nrec == p.nrec && sc.prog.ntape == p.ntape &&
		      sc.prog.nthreads == p.nthreads && sc.prog.opts == p.opts &&
		      !memcmp(sc.prog.rec, p.rec, p.nrec * sizeof(p.rec[0])) &&
		      !memcmp(sc.prog.tape, p.tape, p.ntape), "input %d: compile(decompile) != canon\n%s", i, text);
		f = open_memstream(&text2, &len2);
		scenario_print(f, &sc.prog, NULL);
		fclose(f);
		CHECK(!strcmp(text, text2), "input %d: decompile(compile(text)) != text", i);
		free(text);
		free(text2);
	}
	printf("scenarios: 10000 random inputs round-trip through text\n");
}

static void test_deterministic(void)
{
	struct gen_rng r = { 3 };
	int i, vi;

	for (vi = 0; world_variants[vi]; vi++) {
		for (i = 0; i < 300; i++) {
			size_t n = gen_program(&r, &page_ref_optable, buf, 3, 40, (int)(gen_next(&r) % 8), 1);
			char *a = engine_report_text(world_variants[vi], buf, n, WOPT_ALL, TRACE_OPT_SITES);
			char *b = engine_report_text(world_variants[vi], buf, n, WOPT_ALL, TRACE_OPT_SITES);

			CHECK(!strcmp(a, b), "%s: input %d: two runs differ", world_variants[vi]->name, i);
			free(a);
			free(b);
		}
	}
	printf("determinism: 300 inputs x %d variants, identical reports twice\n", vi);
}

/* What callers saw: ops and their results, without the atomics. */
static char *caller_view(const struct world_variant *v, const uint8_t *d, size_t n, int *verdict)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int i;

	*verdict = engine_run(v, d, n, 0, true);
	for (i = 0; i < trace_len(); i++) {
		const struct trace_ev *e = trace_get(i);

		if (e->kind == EV_OP)
			fprintf(f, "op %d\n", e->a);
		else if (e->kind == EV_STEP)
			fprintf(f, e->fmt, e->a, e->b, e->c), fputc('\n', f);
	}
	fclose(f);
	return text;
}

static void test_differential(void)
{
	const struct world_variant *up = world_variant_find(NULL, "upstream");
	const struct world_variant *v4 = world_variant_find(NULL, "v4");
	struct gen_rng r = { 11 };
	int i, compared = 0;

	for (i = 0; i < 20000; i++) {
		/* sequential: one thread, so there is no interleaving to differ in */
		size_t n = gen_program(&r, &page_ref_optable, buf, 1, 40, 0, 0);
		int va, vb;
		char *a = caller_view(up, buf, n, &va);
		char *b = caller_view(v4, buf, n, &vb);

		CHECK(va == VERDICT_NONE && vb == VERDICT_NONE, "input %d: a finding on a legal "
		      "sequential program (upstream %d, v4 %d)", i, va, vb);
		CHECK(!strcmp(a, b), "input %d: upstream and v4 callers saw different results:\n"
		      "--- upstream\n%s--- v4\n%s", i, a, b);
		compared++;
		free(a);
		free(b);
	}
	printf("differential: %d sequential programs, upstream and v4 callers agree\n", compared);
}

/* Synthetic threads: T0 and T1 each apply two non-commuting writes. */
static int syn_x, syn_y, syn_plain[2];
static bool syn_shared;
static int syn_world;	/* 1: a named world point first, 2: an unnamed one */
static const struct shim_site syn_site[2] = {
	{ "atomic_xchg", "syn_t0", __FILE__, __LINE__, SHIM_ORDER_FULL },
	{ "atomic_xchg", "syn_t1", __FILE__, __LINE__, SHIM_ORDER_FULL },
};

static void syn_thread(int t)
{
	int *loc = syn_shared || t == 0 ? &syn_x : &syn_y, i;

	if (syn_world == 1)
		sched_point_world_at(&syn_plain[t], true);
	else if (syn_world == 2)
		sched_point_world();
	if (syn_world)
		syn_plain[t]++;
	for (i = 0; i < 2; i++) {
		int old;

		shim_before(&syn_site[t]);
		old = *loc;
		*loc = old * 3 + t + 1;
		shim_after(&syn_site[t], loc, old, *loc, old);
	}
}

static int syn_run(void *arg)
{
	syn_x = syn_y = syn_plain[0] = syn_plain[1] = 0;
	sched_run(2, NULL, 0, syn_thread);
	return VERDICT_NONE;
}

static const char *syn_title(void *arg)
{
	return "";
}

static uint64_t syn_state(void *arg)
{
	return (uint64_t)(uint32_t)syn_x << 32 | (uint32_t)syn_y;
}

static void syn_explore(bool shared, int bound, bool reduce, long schedules, long states)
{
	struct explore_target t = { syn_run, syn_title, syn_state, NULL };
	struct explore_opts o = { .bound = bound, .no_reduction = !reduce };
	static struct explore_result r;

	syn_shared = shared;
	explore_target(&t, &o, &r);
	CHECK(r.schedules == schedules && r.states == states && !r.nfindings,
	      "explore %s, bound %d, %s: %ld schedules (want %ld), %ld states (want %ld)",
	      shared ? "conflicting" : "independent", bound, reduce ? "reduced" : "no reduction",
	      r.schedules, schedules, r.states, states);
	printf("explore: %s, bound %d, %s: %ld schedules, %ld pruned, %ld states\n",
	       shared ? "conflicting" : "independent", bound, reduce ? "reduced" : "no reduction",
	       r.schedules, r.pruned, r.states);
}

static void test_explore_counts(void)
{
	sched_init();
	/* a1 a2 | b1 b2 on one atomic: C(4,2) = 6 orders, 6 different values */
	syn_explore(true, EXPLORE_UNBOUNDED, false, 6, 6);
	syn_explore(true, EXPLORE_UNBOUNDED, true, 6, 6);	/* nothing commutes */
	/* no preemption: a1a2b1b2, b1b2a1a2; one more: a1b1b2a2, b1a1a2b2 */
	syn_explore(true, 0, false, 2, 2);
	syn_explore(true, 1, false, 4, 4);
	syn_explore(true, 1, true, 4, 4);
	/* a's on x, b's on y: 6 schedules, 1 outcome; DPOR (unbounded) runs one */
	syn_explore(false, EXPLORE_UNBOUNDED, false, 6, 1);
	syn_explore(false, EXPLORE_UNBOUNDED, true, 1, 1);
	/* sleep sets alone (bounded): a1a2b1b2, a1b1b2a2, b1b2a1a2 (a1b1a2b2
	 * and the b1a1 ones have the other thread asleep) */
	syn_explore(false, 3, true, 3, 1);
	/*
	 * A world point first (w0 a1 a2 | w1 b1 b2): C(6,3) = 20 orders. A
	 * point naming its (thread-own) location commutes: 1. An unnamed one
	 * conflicts with every step: w0 before w1, and w1 before a1, between
	 * a1 and a2, or after a2 (3), or the same mirrored (3): 6.
	 */
	syn_world = 1;
	syn_explore(false, EXPLORE_UNBOUNDED, false, 20, 1);
	syn_explore(false, EXPLORE_UNBOUNDED, true, 1, 1);
	syn_world = 2;
	syn_explore(false, EXPLORE_UNBOUNDED, true, 6, 1);
	syn_world = 0;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : "";

	registry_set(families, world_variants);
	/* the test-*-inc variants crash and hang: findings, as in the tool */
	sched_init();
	sched_fault_install();
	sched_set_watchdog(1);

	if (!*only || !strcmp(only, "decoder"))
		test_decoder_total();
	if (!*only || !strcmp(only, "scenario"))
		test_scenario_roundtrip();
	if (!*only || !strcmp(only, "determinism"))
		test_deterministic();
	if (!*only || !strcmp(only, "differential"))
		test_differential();
	if (!*only || !strcmp(only, "explore"))
		test_explore_counts();
	printf("%s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
