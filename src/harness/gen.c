// SPDX-License-Identifier: GPL-2.0
#include "gen.h"
#include "../format/program.h"

/*
 * x % n for the small n a program's fields take: a switch of constant
 * divisors, which the compiler turns into multiplications (a 64-bit divide
 * costs tens of cycles); the same results as x % n.
 */
#define GEN_MOD1(k) case (k): return x % (k);
#define GEN_MOD8(k) GEN_MOD1(k) GEN_MOD1(k + 1) GEN_MOD1(k + 2) GEN_MOD1(k + 3) \
		    GEN_MOD1(k + 4) GEN_MOD1(k + 5) GEN_MOD1(k + 6) GEN_MOD1(k + 7)
static inline uint64_t gen_mod(uint64_t x, uint64_t n)
{
	switch (n) {
	GEN_MOD8(1) GEN_MOD8(9) GEN_MOD8(17) GEN_MOD8(25)
	GEN_MOD8(33) GEN_MOD8(41) GEN_MOD8(49) GEN_MOD8(57)
	default: return x % n;
	}
}

uint64_t gen_next(struct gen_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

size_t gen_program(struct gen_rng *r, const struct op_table *tab, uint8_t *buf, int threads,
		   int ops, int opts, int tape)
{
	int nsetup = 1 + (int)(gen_mod(gen_next(r), 4)), i, n = 0;
	size_t off = PR_HEADER_SIZE;

	buf[0] = PR_FORMAT_VERSION;
	buf[1] = (uint8_t)((threads - 1) | opts << 2);
	for (i = 0; i < nsetup; i++, n++) {
		buf[off++] = (uint8_t)(gen_mod(gen_next(r), (uint64_t)tab->nsetup));
		buf[off++] = (uint8_t)(gen_mod(gen_next(r), (uint64_t)threads));
		buf[off++] = (uint8_t)(gen_mod(gen_next(r), (uint64_t)tab->nobjs));
		buf[off++] = (uint8_t)gen_next(r);
	}
	for (i = 0; i < ops && n < PR_MAX_RECORDS; i++, n++) {
		buf[off++] = (uint8_t)(tab->nsetup + gen_mod(gen_next(r), (uint64_t)(tab->nops - tab->nsetup)));
		buf[off++] = (uint8_t)(gen_mod(gen_next(r), (uint64_t)threads));
		buf[off++] = (uint8_t)(gen_mod(gen_next(r), (uint64_t)tab->nobjs));
		buf[off++] = (uint8_t)gen_next(r);
	}
	buf[2] = (uint8_t)n;
	buf[3] = 0;
	if (tape) {
		tape = 16 + (int)(gen_mod(gen_next(r), 112));
		for (i = 0; i < tape; i++)
			buf[off++] = (uint8_t)(gen_mod(gen_next(r), 8));
	}
	return off;
}
