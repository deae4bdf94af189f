/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Explorer-guided mutation (guided.c): a fuzzer's mutation that explores
 * one page pair's slice of an input and takes the tape of a finding the
 * campaign has not filed. Used by the libFuzzer target's custom mutator.
 */
#ifndef PR_GUIDED_H
#define PR_GUIDED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "family.h"

/*
 * One in GUIDED_EVERY structure-aware mutations is guided. Slices @data
 * (@seed picks the object and the window) and explores it on @v with the
 * campaign's options @allowed; a finding whose title @known() says the
 * campaign has not filed becomes the mutant (its size returned), else 0.
 * Executions spent are added to *@runs.
 */
#define GUIDED_EVERY	256
size_t guided_mutant(const struct world_variant *v, int allowed, uint8_t *data, size_t size,
		     size_t max_size, unsigned int seed, bool (*known)(const char *title), long *runs);

#endif
