/* SPDX-License-Identifier: GPL-2.0 */
/* Seeded random programs (benchmarks, stress, tests): deterministic in the seed. */
#ifndef PR_GEN_H
#define PR_GEN_H

#include <stddef.h>
#include <stdint.h>

struct gen_rng {
	uint64_t state;
};

uint64_t gen_next(struct gen_rng *r);
/*
 * A typical program: 1..4 setup pages, @ops thread ops on the same pfns,
 * and a tape of 16..127 decisions (@tape: 0 for none). Returns its size;
 * @buf must hold PR_MAX_INPUT bytes.
 */
size_t gen_program(struct gen_rng *r, uint8_t *buf, int threads, int ops, int opts, int tape);

#endif
