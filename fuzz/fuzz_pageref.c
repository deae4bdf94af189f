// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer (and AFL++ via its libFuzzer driver) entry point, built once per
 * variant: -DFUZZ_WORLD=world_<id>. Thin by design: a run is the engine's
 * (src/harness/engine.c), a finding the campaign's (src/harness/campaign.h:
 * filed in-process with PAGEREF_INBOX, else printed and abort()ed so the
 * engine saves a crash), mutation the harness's (mutator.c, guided.c).
 *
 * PAGEREF_WORLD (environment): the campaign's world options
 * ("misuse,caller-dtor,overflow,weak"; default none, or the target's own
 * FUZZ_DEFAULT_WORLD; weak: --memory weak). They apply to every input,
 * whatever its own option bits say.
 * PAGEREF_MUTATOR=0: byte-level mutation only (libFuzzer's own); otherwise
 * three mutations in four are structure-aware (src/harness/mutator.c).
 * PAGEREF_WATCHDOG: CPU seconds one input may spin without an atomic before
 * it is a soft lockup (default 2; build.sh passes libFuzzer a longer -timeout).
 * PAGEREF_FEEDBACK=0: no concurrency feedback (src/runtime/feedback.c), edge
 * coverage only: the scoreboard's column without it.
 * PAGEREF_EXPLORE=0: no explorer-guided mutation (src/harness/guided.c).
 * The campaign's own: PAGEREF_TITLES_FILE, PAGEREF_INBOX, PAGEREF_FIRST,
 * PAGEREF_STATS, PAGEREF_CHECKS_OUT (campaign.h).
 */
#include "../src/harness/campaign.h"
#include "../src/harness/engine.h"
#include "../src/harness/guided.h"
#include "../src/harness/mutator.h"
#include "../src/oracle/oracle.h"
#include "../src/runtime/sched.h"
#include "../src/runtime/trace.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __AFL_COMPILER
#define FUZZ_WATCHDOG_S 0
#else
#define FUZZ_WATCHDOG_S 2
#endif

extern const struct world_variant FUZZ_WORLD;
#ifdef FUZZ_BASE
/* A mutant's base variant: a finding the base shares on the input is not the mutant's. */
extern const struct world_variant FUZZ_BASE;
#endif
static int allowed_opts;
static int structured = 1;
static bool explore_on = true;	/* explorer-guided mutation, below */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *w = getenv("PAGEREF_WORLD");

#ifdef FUZZ_DEFAULT_WORLD
	/* a target per world (OSS-Fuzz): the environment can still override it */
	if (!w)
		w = FUZZ_DEFAULT_WORLD;
#endif

	const char *m = getenv("PAGEREF_MUTATOR");

	(void)argc;
	(void)argv;
	structured = !(m && !strcmp(m, "0"));
	sched_init();
	sched_set_feedback(!(getenv("PAGEREF_FEEDBACK") && !strcmp(getenv("PAGEREF_FEEDBACK"), "0")));
	explore_on = !(getenv("PAGEREF_EXPLORE") && !strcmp(getenv("PAGEREF_EXPLORE"), "0"));
	/*
	 * AFL++ instruments every function (no_sanitize("coverage") does not
	 * reach its pass), so a timer signal's handler would add edges at
	 * random points of a run: under AFL++ its own hang detection (-t, filed
	 * as a timeout) stands in for the watchdog.
	 */
	sched_set_watchdog(getenv("PAGEREF_WATCHDOG") ? atoi(getenv("PAGEREF_WATCHDOG")) : FUZZ_WATCHDOG_S);
	if (ops_opt_parse(FUZZ_WORLD.family->ops, w, &allowed_opts)) {
		const struct op_table *tab = FUZZ_WORLD.family->ops;

		fprintf(stderr, "PAGEREF_WORLD=%s: unknown world option (%s's:", w, tab->api);
		for (int i = 0; i < NR_FAMILY_OPTS && tab->opt_names[i]; i++)
			fprintf(stderr, " %s,", tab->opt_names[i]);
		fprintf(stderr, " weak)\n");
		exit(2);
	}
	campaign_init(&FUZZ_WORLD, allowed_opts);
	return 0;
}

/*
 * The fault handlers go in at the first input, after libFuzzer has installed
 * its own (it leaves a signal alone that already has a handler): outside a
 * run a signal is handed on to it, so its crash report and artifact still
 * happen. No coverage here, so the first input has no edge of its own.
 */
__attribute__((no_sanitize("coverage"), noinline))
static void faults_once(void)
{
	static bool done;

	if (!done) {
		done = true;
		sched_fault_install();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	faults_once();
	campaign_count();
	if (engine_run(&FUZZ_WORLD, data, size, allowed_opts | ENGINE_FORCE_OPTS, false) != VERDICT_FINDING)
		return 0;
#ifdef FUZZ_BASE
	/* the base's check catching a misuse it was promised to catch is the base being right */
	if (engine_run(&FUZZ_BASE, data, size, allowed_opts | ENGINE_FORCE_OPTS, false) == VERDICT_FINDING)
		return 0;
	engine_run(&FUZZ_WORLD, data, size, allowed_opts | ENGINE_FORCE_OPTS, false);
#endif
	campaign_finding(&FUZZ_WORLD, allowed_opts | ENGINE_FORCE_OPTS, data, size);
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	size_t n, e;

	if (!structured || seed % 4 == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	if (explore_on && (seed >> 2) % GUIDED_EVERY == 0) {
		long runs = 0;

		/* the input as the corpus holds it first, then its mutant */
		n = guided_mutant(&FUZZ_WORLD, allowed_opts, data, size, max_size, seed >> 12,
				  campaign_title_known, &runs);
		if (!n) {
			n = pr_mutate(FUZZ_WORLD.family->ops, data, size, max_size, seed);
			e = guided_mutant(&FUZZ_WORLD, allowed_opts, data, n, max_size, seed >> 12,
					  campaign_title_known, &runs);
			n = e ? e : n;
		}
		campaign_explored(runs);
		return n;
	}
	return pr_mutate(FUZZ_WORLD.family->ops, data, size, max_size, seed);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
				 uint8_t *out, size_t max_out, unsigned int seed)
{
	if (!structured) {
		size_t n = s1 < max_out ? s1 : max_out;

		memcpy(out, d1, n);
		return LLVMFuzzerMutate(out, n, max_out);
	}
	return pr_crossover(FUZZ_WORLD.family->ops, d1, s1, d2, s2, out, max_out, seed);
}
