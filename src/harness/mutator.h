/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Structure-aware mutation: edits a program at the level of ops, threads
 * and schedule (insert, delete, swap, duplicate an op; change one field;
 * add or drop a thread; insert, delete or move a preemption) instead of
 * bytes. One body, used by libFuzzer (LLVMFuzzerCustomMutator and
 * LLVMFuzzerCustomCrossOver in fuzz/fuzz_pageref.c) and by AFL++
 * (fuzz/afl_mutator.c, an AFL_CUSTOM_MUTATOR_LIBRARY). Deterministic in the
 * seed; the output is always a valid (canonical) program.
 */
#ifndef PR_MUTATOR_H
#define PR_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

struct op_table;

/* Mutate @data (size bytes, buffer of max_size) in place; returns the new size. */
size_t pr_mutate(const struct op_table *tab, uint8_t *data, size_t size, size_t max_size,
		 unsigned int seed);
/* Splice two programs: setup and ops from both, the tape of one. */
size_t pr_crossover(const struct op_table *tab, const uint8_t *a, size_t asz, const uint8_t *b,
		    size_t bsz, uint8_t *out, size_t max_size, unsigned int seed);

#endif
