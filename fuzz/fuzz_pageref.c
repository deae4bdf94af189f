// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer (and AFL++ via its libFuzzer driver) entry point, built once per
 * variant: -DFUZZ_WORLD=world_<id>. Thin by design: all logic lives in the
 * library. A finding is printed with its trace (the input is run a second
 * time with the execution record on: runs are deterministic) and ends in
 * abort(), so the engine saves the input as a crash.
 *
 * PAGEREF_WORLD (environment): the campaign's world options
 * ("misuse,caller-dtor,overflow,weak"; default none, or the target's own
 * FUZZ_DEFAULT_WORLD; weak: --memory weak). They apply to every input,
 * whatever its own option bits say.
 * PAGEREF_MUTATOR=0: byte-level mutation only (libFuzzer's own); otherwise
 * three mutations in four are structure-aware (src/harness/mutator.c).
 * PAGEREF_TITLES_FILE: titles already found, one a line. A finding with a
 * known title is not a crash (it is appended to PAGEREF_TITLES_FILE.hits,
 * for the count); a new one is appended before the abort, so
 * the next process of the campaign (fork mode, AFL++ instances) skips it
 * too and each distinct bug crashes once per campaign.
 * A crash or a hang in the variant's code is a finding like any other
 * (sched.h): it is counted or reported here, in-process.
 * PAGEREF_WATCHDOG: CPU seconds one input may spin without an atomic before
 * it is a soft lockup (default 2; build.sh passes libFuzzer a longer -timeout).
 * PAGEREF_FEEDBACK=0: no concurrency feedback (sched.c), edge coverage only:
 * the scoreboard's column without it.
 * PAGEREF_EXPLORE=0: no explorer-guided mutation (LLVMFuzzerCustomMutator).
 */
#include "../src/harness/engine.h"
#include "../src/harness/explore.h"
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
static unsigned long executions;
static const char *titles_file;
static char *known_titles;	/* "\ntitle\ntitle\n" */

static bool title_known(const char *title)
{
	char key[ORACLE_TITLE_MAX + 2];
	FILE *f;
	long len;

	if (!titles_file)
		return false;
	/* reread: another process of the campaign may have added titles */
	f = fopen(titles_file, "r");
	if (f) {
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		free(known_titles);
		known_titles = calloc(1, (size_t)len + 3);
		known_titles[0] = '\n';
		if (fread(known_titles + 1, 1, (size_t)len, f) != (size_t)len)
			known_titles[1] = 0;
		fclose(f);
	}
	snprintf(key, sizeof(key), "\n%s\n", title);
	return known_titles && strstr(known_titles, key);
}

static void title_add(const char *title)
{
	FILE *f;

	if (!titles_file)
		return;
	f = fopen(titles_file, "a");
	if (f) {
		fprintf(f, "%s\n", title);
		fclose(f);
	}
}

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
	titles_file = getenv("PAGEREF_TITLES_FILE");
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
		fprintf(stderr, "PAGEREF_WORLD=%s: unknown world option (known: misuse, caller-dtor, overflow, weak)\n", w);
		exit(2);
	}
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
	executions++;
	if (engine_run(&FUZZ_WORLD, data, size, allowed_opts | ENGINE_FORCE_OPTS, false) != VERDICT_FINDING)
		return 0;
#ifdef FUZZ_BASE
	if (engine_run(&FUZZ_BASE, data, size, allowed_opts | ENGINE_FORCE_OPTS, false) != VERDICT_NONE)
		return 0;
#endif
	if (title_known(engine_title())) {
		/* counted, not crashed: build.sh adds these to the title's count */
		char hits[4096];
		FILE *f;

		snprintf(hits, sizeof(hits), "%s.hits", titles_file);
		f = fopen(hits, "a");
		if (f) {
			fprintf(f, "%s\n", engine_title());
			fclose(f);
		}
		return 0;
	}
	title_add(engine_title());
	engine_run(&FUZZ_WORLD, data, size, allowed_opts | ENGINE_FORCE_OPTS, true);
	engine_print_report(stderr, &FUZZ_WORLD, TRACE_OPT_SITES);
	fprintf(stderr, "PAGEREF-FINDING: %s\n", engine_title());
	fprintf(stderr, "PAGEREF-EXECUTIONS: %lu\n", executions);
	fflush(stderr);
	abort();
}

/*
 * Explorer-guided mutation. A race that needs two or three preemptions at
 * exact points is a needle for tape mutation even once the corpus holds the
 * operations that can show it (the v4 ABA: 5 of 4,219 inputs of a 60 s
 * campaign had them, none got the schedule). So, one mutation in
 * EXPLORE_EVERY, the input as the corpus holds it, then its mutant, is cut
 * down to the operations on one page (and its buddy, where allocations
 * land), a window of at most EXPLORE_OPS of them at a random start (the
 * first ones always: the weak zero-then-get from an empty corpus in 2 of 8
 * 60 s campaigns; a random window: 6 of 8), and that slice is explored
 * (explore.c: preemption bound EXPLORE_BOUND, at most EXPLORE_RUNS runs;
 * under weak memory every reads-from choice too). If a schedule shows a
 * finding whose title the campaign has not filed, the slice with that tape
 * is the mutant: the engine runs it, crashes and saves an input that
 * replays like any other. A slice is explored once per process (a hash set).
 * PAGEREF_EXPLORE=0: off.
 */
#define EXPLORE_BOUND	2
#define EXPLORE_RUNS	2000
#define EXPLORE_OPS	8
#define EXPLORE_EVERY	256
#define EXPLORE_SEEN	(1 << 16)

static uint64_t explored[EXPLORE_SEEN];

static bool explored_before(const struct program *p)
{
	uint64_t h = 1469598103934665603ULL;
	const uint8_t *b = (const uint8_t *)p->rec;
	size_t i, n = (size_t)p->nrec * sizeof(p->rec[0]);
	uint32_t slot;

	h = (h ^ p->nthreads) * 1099511628211ULL;
	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	h |= 1;
	for (slot = (uint32_t)(h % EXPLORE_SEEN); explored[slot]; slot = (slot + 1) % EXPLORE_SEEN)
		if (explored[slot] == h)
			return true;
	explored[slot] = h;
	return false;
}

/* An operation (not setup) on @pfn's pair: the page and its buddy. */
static bool on_pair(const struct pr_record *rec, int pfn)
{
	return !ops_is_setup(FUZZ_WORLD.family->ops, rec->op) && (rec->obj ^ pfn) <= 1;
}

/*
 * Keep the setup and a window of at most EXPLORE_OPS consecutive operations
 * on @pfn's pair, starting at the @start'th of them (modulo where a full
 * window still fits), and only the threads that have one, renumbered (a
 * setup record's thread, the holder of its reference, keeps a number of its
 * own). False when fewer than two threads have operations: nothing to
 * interleave.
 */
static bool slice_page(struct program *p, int pfn, unsigned int start)
{
	int i, n = 0, ops = 0, total = 0, map[PR_MAX_THREADS], nthreads = 0;
	bool keep[PR_MAX_RECORDS];

	for (i = 0; i < p->nrec; i++)
		total += on_pair(&p->rec[i], pfn);
	if (total > EXPLORE_OPS)
		start %= (unsigned int)(total - EXPLORE_OPS + 1);
	else
		start = 0;
	for (i = 0; i < PR_MAX_THREADS; i++)
		map[i] = -1;
	for (i = 0; i < p->nrec; i++) {
		const struct pr_record *rec = &p->rec[i];

		if (on_pair(rec, pfn)) {
			keep[i] = ops >= (int)start && ops < (int)start + EXPLORE_OPS;
			ops++;
		} else {
			keep[i] = ops_is_setup(p->tab, rec->op);
		}
		if (keep[i] && !ops_is_setup(p->tab, rec->op) && map[rec->thread % p->nthreads] < 0)
			map[rec->thread % p->nthreads] = nthreads++;
	}
	if (nthreads < 2)
		return false;
	for (i = 0; i < p->nrec; i++) {
		struct pr_record rec = p->rec[i];
		int t = rec.thread % p->nthreads;

		if (!keep[i])
			continue;
		if (map[t] < 0)
			map[t] = nthreads++;
		rec.thread = (uint8_t)map[t];
		p->rec[n++] = rec;
	}
	p->nrec = (uint8_t)n;
	p->nthreads = (uint8_t)nthreads;
	p->ntape = 0;
	return true;
}

static size_t explore_mutant(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	static struct program p;
	static struct explore_result r;
	static uint8_t buf[PR_MAX_INPUT];
	struct explore_opts o = { .bound = EXPLORE_BOUND, .all = true, .max_runs = EXPLORE_RUNS };
	size_t n;
	int i;

	program_decode(&p, FUZZ_WORLD.family->ops, data, size);
	if (p.nthreads < 2 || !p.nrec)
		return 0;
	if (!slice_page(&p, p.rec[seed % p.nrec].obj, seed / PR_MAX_RECORDS))
		return 0;
	program_canon(&p);
	/* under weak memory every reads-from choice too (no reduction then) */
	o.weak = allowed_opts & WOPT_WEAK;
	if (explored_before(&p))
		return 0;
	explore_program(&FUZZ_WORLD, &p, allowed_opts | ENGINE_FORCE_OPTS, &o, &r);
	for (i = 0; i < r.nfindings; i++) {
		if (title_known(r.finding[i].title))
			continue;
		p.ntape = (uint16_t)r.finding[i].ntape;
		memcpy(p.tape, r.finding[i].tape, p.ntape);
		n = program_encode(&p, buf);
		if (n > max_size)
			return 0;
		memcpy(data, buf, n);
		return n;
	}
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	size_t n, e;

	if (!structured || seed % 4 == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	if (explore_on && (seed >> 2) % EXPLORE_EVERY == 0) {
		/* the input as the corpus holds it first, then its mutant */
		n = explore_mutant(data, size, max_size, seed >> 12);
		if (n)
			return n;
		n = pr_mutate(FUZZ_WORLD.family->ops, data, size, max_size, seed);
		e = explore_mutant(data, n, max_size, seed >> 12);
		return e ? e : n;
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
