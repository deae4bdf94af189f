// SPDX-License-Identifier: GPL-2.0
#include "gen.h"
#include "../format/program.h"

/*
 * x % d without a divide (a 64-bit divide costs tens of cycles, and a
 * program takes three a record): Lemire's exact remainder by a divisor
 * fixed in advance. With M = floor((2^128 - 1) / d) + 1, x % d is the top
 * 64 bits of the 192-bit product (M * x mod 2^128) * d, for every 64-bit x
 * and d >= 1 (d = 1: M wraps to 0, and so does the result). The programs
 * are the same as with x % d, bit for bit.
 */
struct gen_div {
	unsigned __int128 m;
	uint64_t d;
};

static inline struct gen_div gen_div(uint64_t d)
{
	return (struct gen_div){ .m = ~(unsigned __int128)0 / d + 1, .d = d };
}

static inline uint64_t gen_mod(uint64_t x, const struct gen_div *v)
{
	unsigned __int128 low = v->m * x;
	unsigned __int128 lo = (unsigned __int128)(uint64_t)low * v->d;
	unsigned __int128 hi = (low >> 64) * v->d;

	return (uint64_t)((hi + (lo >> 64)) >> 64);
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
