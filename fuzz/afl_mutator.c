// SPDX-License-Identifier: GPL-2.0
/*
 * AFL++ custom mutator (AFL_CUSTOM_MUTATOR_LIBRARY): the same structure-aware
 * mutation libFuzzer uses (src/harness/mutator.c). AFL++ 4.04c does not call
 * LLVMFuzzerCustomMutator, hence this library.
 */
#include "../src/harness/mutator.h"
#include "../src/runtime/program.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pr_afl {
	uint8_t buf[PR_MAX_INPUT];
	unsigned int seed;
};

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct pr_afl *m = calloc(1, sizeof(*m));

	(void)afl;
	if (m)
		m->seed = seed;
	return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *in, size_t in_size, uint8_t **out,
		       uint8_t *add, size_t add_size, size_t max_size)
{
	struct pr_afl *m = data;
	size_t n = in_size < sizeof(m->buf) ? in_size : sizeof(m->buf);
	size_t lim = max_size < sizeof(m->buf) ? max_size : sizeof(m->buf);

	memcpy(m->buf, in, n);
	m->seed = m->seed * 1103515245u + 12345u;
	if (add && add_size && (m->seed >> 16) % 8 == 0)
		n = pr_crossover(m->buf, n, add, add_size, m->buf, lim, m->seed);
	else
		n = pr_mutate(m->buf, n, lim, m->seed);
	*out = m->buf;
	return n;
}

void afl_custom_deinit(void *data)
{
	free(data);
}
