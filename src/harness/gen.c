// SPDX-License-Identifier: GPL-2.0
#include "gen.h"
#include "../format/program.h"

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
	int nsetup = 1 + (int)(gen_next(r) % 4), i, n = 0;
	size_t off = PR_HEADER_SIZE;

	buf[0] = PR_FORMAT_VERSION;
	buf[1] = (uint8_t)((threads - 1) | opts << 2);
	for (i = 0; i < nsetup; i++, n++) {
		buf[off++] = (uint8_t)(gen_next(r) % (uint64_t)tab->nsetup);
		buf[off++] = (uint8_t)(gen_next(r) % threads);
		buf[off++] = (uint8_t)(gen_next(r) % (uint64_t)tab->nobjs);
		buf[off++] = (uint8_t)gen_next(r);
	}
	for (i = 0; i < ops && n < PR_MAX_RECORDS; i++, n++) {
		buf[off++] = (uint8_t)(tab->nsetup + gen_next(r) % (uint64_t)(tab->nops - tab->nsetup));
		buf[off++] = (uint8_t)(gen_next(r) % threads);
		buf[off++] = (uint8_t)(gen_next(r) % (uint64_t)tab->nobjs);
		buf[off++] = (uint8_t)gen_next(r);
	}
	buf[2] = (uint8_t)n;
	buf[3] = 0;
	if (tape) {
		tape = 16 + (int)(gen_next(r) % 112);
		for (i = 0; i < tape; i++)
			buf[off++] = (uint8_t)(gen_next(r) % 8);
	}
	return off;
}
