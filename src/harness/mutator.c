// SPDX-License-Identifier: GPL-2.0
#include "mutator.h"
#include "gen.h"
#include "../format/program.h"

#include <stdbool.h>
#include <string.h>

static uint32_t rnd(struct gen_rng *r, uint32_t n)
{
	return n ? (uint32_t)(gen_next(r) % n) : 0;
}

static struct pr_record random_record(struct gen_rng *r, const struct program *p, bool setup)
{
	struct pr_record rec;

	rec.op = (uint8_t)(setup ? rnd(r, (uint32_t)p->tab->nsetup) :
			   p->tab->nsetup + rnd(r, (uint32_t)(p->tab->nops - p->tab->nsetup)));
	rec.thread = (uint8_t)rnd(r, p->nthreads);
	/* favour objects the program already uses: races need shared ones */
	rec.obj = (uint8_t)(p->nrec && rnd(r, 4) ? p->rec[rnd(r, p->nrec)].obj : rnd(r, (uint32_t)p->tab->nobjs));
	rec.arg = (uint8_t)gen_next(r);
	return rec;
}

static void insert_record(struct program *p, int at, struct pr_record rec)
{
	if (p->nrec >= PR_MAX_RECORDS)
		return;
	memmove(&p->rec[at + 1], &p->rec[at], (size_t)(p->nrec - at) * sizeof(rec));
	p->rec[at] = rec;
	p->nrec++;
}

static void delete_record(struct program *p, int at)
{
	memmove(&p->rec[at], &p->rec[at + 1], (size_t)(p->nrec - at - 1) * sizeof(p->rec[0]));
	p->nrec--;
}

static void insert_tape(struct program *p, int at, uint8_t b)
{
	if (p->ntape >= PR_MAX_TAPE)
		return;
	memmove(&p->tape[at + 1], &p->tape[at], (size_t)(p->ntape - at));
	p->tape[at] = b;
	p->ntape++;
}

/*
 * Seeded random programs (gen.c: 3 threads, 60 operations, a random tape of
 * 16..127 decisions) find the v4 ABA under caller-dtor every 87,000 to
 * 285,000 programs (pageref stress, seeds 1-3), where coverage-guided
 * growth from an empty corpus had not in 60 s: dense programs with chaotic
 * schedules are a distribution the fuzzer should draw from too, and then
 * keep what reaches new coverage.
 */
static void fresh_program(struct gen_rng *r, struct program *p)
{
	static uint8_t buf[PR_MAX_INPUT];
	int threads = 2 + (int)rnd(r, PR_MAX_THREADS - 1);
	size_t n = gen_program(r, p->tab, buf, threads, 4 + (int)rnd(r, 57), p->opts, 1);
	int i;

	program_decode(p, p->tab, buf, n);
	/* half of them on two pages: races need several CPUs on one page */
	if (rnd(r, 2))
		for (i = 0; i < p->nrec; i++)
			p->rec[i].obj &= 1;
}

static void mutate_once(struct gen_rng *r, struct program *p)
{
	int i, j;

	switch (rnd(r, 16)) {
	case 0:	/* insert an op */
		insert_record(p, (int)rnd(r, p->nrec + 1), random_record(r, p, false));
		break;
	case 1:	/* insert a setup record */
		insert_record(p, 0, random_record(r, p, true));
		break;
	case 2:	/* delete an op */
		if (p->nrec)
			delete_record(p, (int)rnd(r, p->nrec));
		break;
	case 3:	/* swap two ops */
		if (p->nrec >= 2) {
			struct pr_record t;

			i = (int)rnd(r, p->nrec);
			j = (int)rnd(r, p->nrec);
			t = p->rec[i], p->rec[i] = p->rec[j], p->rec[j] = t;
		}
		break;
	case 4:	/* duplicate an op, maybe onto another thread */
		if (p->nrec) {
			struct pr_record t = p->rec[rnd(r, p->nrec)];

			if (rnd(r, 2))
				t.thread = (uint8_t)rnd(r, p->nthreads);
			insert_record(p, (int)rnd(r, p->nrec + 1), t);
		}
		break;
	case 5:	/* change one field of one op */
		if (p->nrec) {
			struct pr_record *t = &p->rec[rnd(r, p->nrec)];

			switch (rnd(r, 4)) {
			case 0: t->op = (uint8_t)rnd(r, (uint32_t)p->tab->nops); break;
			case 1: t->thread = (uint8_t)rnd(r, p->nthreads); break;
			case 2: t->obj = (uint8_t)(rnd(r, 2) ? t->obj ^ 1 : rnd(r, (uint32_t)p->tab->nobjs)); break;
			default: t->arg ^= (uint8_t)(1u << rnd(r, 8)); break;
			}
		}
		break;
	case 6:	/* add a thread, giving it some ops */
		if (p->nthreads < PR_MAX_THREADS) {
			p->nthreads++;
			for (i = 0; i < p->nrec; i++)
				if (!ops_is_setup(p->tab, p->rec[i].op) && !rnd(r, 3))
					p->rec[i].thread = (uint8_t)(p->nthreads - 1);
		}
		break;
	case 7:	/* drop the last thread */
		if (p->nthreads > 1) {
			p->nthreads--;
			for (i = p->nrec - 1; i >= 0; i--)
				if (p->rec[i].thread >= p->nthreads)
					p->rec[i].thread = (uint8_t)rnd(r, p->nthreads);
		}
		break;
	case 8:	/* insert a preemption */
		insert_tape(p, (int)rnd(r, p->ntape + 1), (uint8_t)rnd(r, p->nthreads));
		break;
	case 9:	/* a run of no-preemption before a switch: move it later */
		insert_tape(p, (int)rnd(r, p->ntape + 1), TAPE_NONE);
		break;
	case 10: /* delete a decision: later switches move earlier */
		if (p->ntape) {
			i = (int)rnd(r, p->ntape);
			memmove(&p->tape[i], &p->tape[i + 1], (size_t)(p->ntape - i - 1));
			p->ntape--;
		}
		break;
	case 11: /* retarget a decision */
		if (p->ntape)
			p->tape[rnd(r, p->ntape)] = (uint8_t)(rnd(r, 3) ? rnd(r, p->nthreads) : TAPE_NONE);
		break;
	case 12: /* swap two decisions (move a preemption) */
		if (p->ntape >= 2) {
			uint8_t t;

			i = (int)rnd(r, p->ntape);
			j = (int)rnd(r, p->ntape);
			t = p->tape[i], p->tape[i] = p->tape[j], p->tape[j] = t;
		}
		break;
	case 13: /* a fresh random schedule for these operations */
		p->ntape = (uint16_t)(16 + rnd(r, 112));
		for (i = 0; i < p->ntape; i++)
			p->tape[i] = (uint8_t)rnd(r, 8);
		break;
	case 14: /* a fresh program, as pageref stress draws them */
		fresh_program(r, p);
		break;
	default: /* world options */
		p->opts ^= (uint8_t)(1u << rnd(r, 3));
		break;
	}
}

static size_t finish(struct program *p, uint8_t *out, size_t max_size)
{
	static uint8_t buf[PR_MAX_INPUT];
	size_t n;

	program_canon(p);
	n = program_encode(p, buf);
	if (n > max_size) {
		size_t over = n - max_size;

		if (over > p->ntape)
			return 0;
		p->ntape = (uint16_t)(p->ntape - over);
		n = program_encode(p, buf);
	}
	memcpy(out, buf, n);
	return n;
}

size_t pr_mutate(const struct op_table *tab, uint8_t *data, size_t size, size_t max_size,
		 unsigned int seed)
{
	static struct program p;
	struct gen_rng r = { seed * 0x9e3779b97f4a7c15ULL + 1 };
	int k, n = 1 + (int)rnd(&r, 3);

	program_decode(&p, tab, data, size);
	for (k = 0; k < n; k++)
		mutate_once(&r, &p);
	n = (int)finish(&p, data, max_size);
	return n ? (size_t)n : size;
}

size_t pr_crossover(const struct op_table *tab, const uint8_t *a, size_t asz, const uint8_t *b,
		    size_t bsz, uint8_t *out, size_t max_size, unsigned int seed)
{
	static struct program pa, pb;
	struct gen_rng r = { seed * 0x9e3779b97f4a7c15ULL + 7 };
	int i, cut;

	program_decode(&pa, tab, a, asz);
	program_decode(&pb, tab, b, bsz);
	if (pb.nthreads > pa.nthreads)
		pa.nthreads = pb.nthreads;
	cut = (int)rnd(&r, pa.nrec + 1);
	pa.nrec = (uint8_t)cut;
	for (i = (int)rnd(&r, pb.nrec + 1); i < pb.nrec && pa.nrec < PR_MAX_RECORDS; i++)
		pa.rec[pa.nrec++] = pb.rec[i];
	if (rnd(&r, 2)) {
		memcpy(pa.tape, pb.tape, pb.ntape);
		pa.ntape = pb.ntape;
	}
	return finish(&pa, out, max_size);
}
