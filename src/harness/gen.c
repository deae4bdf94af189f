// SPDX-License-Identifier: GPL-2.0
#include "gen.h"
#include "../format/program.h"

#include <stdbool.h>

/*
 * x % d without a divide (a 64-bit divide costs tens of cycles, and a
 * program takes three a record): the quotient by a multiplication with a
 * magic number fixed in advance (Granlund and Montgomery, "Division by
 * invariant integers using multiplication", 1994: the round-up method with
 * its 65-bit "add" case), then x - q * d. Exact for every 64-bit x and
 * d >= 1, so the programs are the same as with x % d, bit for bit.
 */
struct gen_div {
	uint64_t magic, d;	/* magic 0: d is a power of two */
	uint8_t shift;
	bool add;
};

static struct gen_div gen_div(uint64_t d)
{
	struct gen_div v = { .d = d, .shift = (uint8_t)(63 - __builtin_clzll(d)) };
	unsigned __int128 num;
	uint64_t m, rem;

	if (!(d & (d - 1)))
		return v;
	num = (unsigned __int128)1 << (64 + v.shift);
	m = (uint64_t)(num / d);
	rem = (uint64_t)(num % d);
	if (d - rem >= (1ULL << v.shift)) {	/* the magic needs 65 bits */
		uint64_t twice = rem + rem;

		m += m;
		if (twice >= d || twice < rem)
			m++;
		v.add = true;
	}
	v.magic = m + 1;
	return v;
}

static inline uint64_t gen_mod(uint64_t x, const struct gen_div *v)
{
	uint64_t q, t;

	if (!v->magic) {
		q = x >> v->shift;
	} else {
		t = (uint64_t)(((unsigned __int128)x * v->magic) >> 64);
		q = (v->add ? ((x - t) >> 1) + t : t) >> v->shift;
	}
	return x - q * v->d;
}

/* splitmix64 */
static inline uint64_t splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t gen_next(struct gen_rng *r)
{
	return splitmix(&r->state);
}

/*
 * The state and the table's sizes are kept in locals: @buf is bytes, which
 * may alias anything, so through @r and @tab every store would reload them.
 */
size_t gen_program(struct gen_rng *r, const struct op_table *tab, uint8_t *buf, int threads,
		   int ops, int opts, int tape)
{
	uint64_t st = r->state;
	struct gen_div dsetup = gen_div((uint64_t)tab->nsetup), dthreads = gen_div((uint64_t)threads);
	struct gen_div dobjs = gen_div((uint64_t)tab->nobjs);
	struct gen_div dops = gen_div((uint64_t)(tab->nops - tab->nsetup));
	uint8_t first_op = (uint8_t)tab->nsetup;
	int nsetup = 1 + (int)(splitmix(&st) % 4), i, n = 0;
	size_t off = PR_HEADER_SIZE;

	buf[0] = PR_FORMAT_VERSION;
	buf[1] = (uint8_t)((threads - 1) | opts << 2);
	for (i = 0; i < nsetup; i++, n++) {
		buf[off++] = (uint8_t)gen_mod(splitmix(&st), &dsetup);
		buf[off++] = (uint8_t)gen_mod(splitmix(&st), &dthreads);
		buf[off++] = (uint8_t)gen_mod(splitmix(&st), &dobjs);
		buf[off++] = (uint8_t)splitmix(&st);
	}
	for (i = 0; i < ops && n < PR_MAX_RECORDS; i++, n++) {
		buf[off++] = (uint8_t)(first_op + gen_mod(splitmix(&st), &dops));
		buf[off++] = (uint8_t)gen_mod(splitmix(&st), &dthreads);
		buf[off++] = (uint8_t)gen_mod(splitmix(&st), &dobjs);
		buf[off++] = (uint8_t)splitmix(&st);
	}
	buf[2] = (uint8_t)n;
	buf[3] = 0;
	if (tape) {
		tape = 16 + (int)(splitmix(&st) % 112);
#pragma clang loop vectorize(disable)	/* SSE2 has no 64-bit multiply: slower */
		for (i = 0; i < tape; i++)
			buf[off++] = (uint8_t)(splitmix(&st) % 8);
	}
	r->state = st;
	return off;
}
