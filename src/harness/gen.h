/* SPDX-License-Identifier: GPL-2.0 */
/* Seeded random programs (benchmarks, stress, tests): deterministic in the seed. */
#ifndef PR_GEN_H
#define PR_GEN_H

#include <stddef.h>
#include <stdint.h>

struct op_table;

struct gen_rng {
	uint64_t state;
};

uint64_t gen_next(struct gen_rng *r);
/*
 * A typical program of @tab's ops: 1..4 setup ops, @ops thread ops on the same objects,
 * and a tape of 16..127 decisions (@tape: 0 for none). Returns its size;
 * @buf must hold PR_MAX_INPUT bytes.
 */
size_t gen_program(struct gen_rng *r, const struct op_table *tab, uint8_t *buf, int threads,
		   int ops, int opts, int tape);

#endif
