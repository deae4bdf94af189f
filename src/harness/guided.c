// SPDX-License-Identifier: GPL-2.0
#include "guided.h"
#include "engine.h"
#include "explore.h"

#include <string.h>

/*
 * Explorer-guided mutation. A race that needs two or three preemptions at
 * exact points is a needle for tape mutation even once the corpus holds the
 * operations that can show it (the v4 ABA: 5 of 4,219 inputs of a 60 s
 * campaign had them, none got the schedule). So, one mutation in
 * GUIDED_EVERY, the input as the corpus holds it, then its mutant, is cut
 * down to the operations on one page (and its buddy, where allocations
 * land), a window of at most GUIDED_OPS of them at a random start (the
 * first ones always: the weak zero-then-get from an empty corpus in 2 of 8
 * 60 s campaigns; a random window: 6 of 8), and that slice is explored
 * (explore.c: preemption bound GUIDED_BOUND, at most GUIDED_RUNS runs;
 * under weak memory every reads-from choice too). If a schedule shows a
 * finding whose title the campaign has not filed, the slice with that tape
 * is the mutant: the engine runs it, files it and saves an input that
 * replays like any other. A slice is explored once per process (a hash set).
 */
#define GUIDED_BOUND	2
#define GUIDED_RUNS	2000
#define GUIDED_OPS	8
#define GUIDED_SEEN	(1 << 16)

static uint64_t explored[GUIDED_SEEN];

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
	for (slot = (uint32_t)(h % GUIDED_SEEN); explored[slot]; slot = (slot + 1) % GUIDED_SEEN)
		if (explored[slot] == h)
			return true;
	explored[slot] = h;
	return false;
}

/* An operation (not setup) on @pfn's pair: the page and its buddy. */
static bool on_pair(const struct op_table *tab, const struct pr_record *rec, int pfn)
{
	return !ops_is_setup(tab, rec->op) && (rec->obj ^ pfn) <= 1;
}

/*
 * Keep the setup and a window of at most GUIDED_OPS consecutive operations
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
		total += on_pair(p->tab, &p->rec[i], pfn);
	if (total > GUIDED_OPS)
		start %= (unsigned int)(total - GUIDED_OPS + 1);
	else
		start = 0;
	for (i = 0; i < PR_MAX_THREADS; i++)
		map[i] = -1;
	for (i = 0; i < p->nrec; i++) {
		const struct pr_record *rec = &p->rec[i];

		if (on_pair(p->tab, rec, pfn)) {
			keep[i] = ops >= (int)start && ops < (int)start + GUIDED_OPS;
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

size_t guided_mutant(const struct world_variant *v, int allowed, uint8_t *data, size_t size,
		     size_t max_size, unsigned int seed, bool (*known)(const char *title), long *runs)
{
	static struct program p;
	static struct explore_result r;
	static uint8_t buf[PR_MAX_INPUT];
	struct explore_opts o = { .bound = GUIDED_BOUND, .all = true, .max_runs = GUIDED_RUNS };
	size_t n;
	int i;

	program_decode(&p, v->family->ops, data, size);
	if (p.nthreads < 2 || !p.nrec)
		return 0;
	if (!slice_page(&p, p.rec[seed % p.nrec].obj, seed / PR_MAX_RECORDS))
		return 0;
	program_canon(&p);
	/* under weak memory every reads-from choice too (no reduction then) */
	o.weak = allowed & WOPT_WEAK;
	if (explored_before(&p))
		return 0;
	explore_program(v, &p, allowed | ENGINE_FORCE_OPTS, &o, &r);
	*runs += r.runs;
	for (i = 0; i < r.nfindings; i++) {
		if (known(r.finding[i].title))
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
