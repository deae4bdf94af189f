// SPDX-License-Identifier: GPL-2.0
/*
 * AFL++ custom mutator (AFL_CUSTOM_MUTATOR_LIBRARY): the same structure-aware
 * mutation libFuzzer uses (src/harness/mutator.c). AFL++ 4.04c does not call
 * LLVMFuzzerCustomMutator, hence this library. PAGEREF_API names the family
 * whose programs it mutates (default page_ref).
 */
#include "../src/harness/mutator.h"
#include "../src/format/program.h"
#include "../src/family/page_ref/ops.h"
#include "../src/family/refcount/ops.h"
#include "../src/family/rcuref/ops.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pr_afl {
	uint8_t buf[PR_MAX_INPUT];
	unsigned int seed;
	const struct op_table *tab;
};

/* The families' op tables: only their vocabulary is needed here. */
static const struct op_table *const tables[] = { &page_ref_optable, &refcount_optable,
						  &rcuref_optable, NULL };

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct pr_afl *m = calloc(1, sizeof(*m));

	const char *api = getenv("PAGEREF_API");
	int i;

	(void)afl;
	if (!m)
		return NULL;
	m->seed = seed;
	m->tab = tables[0];
	for (i = 0; api && tables[i]; i++)
		if (!strcmp(tables[i]->api, api))
			m->tab = tables[i];
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
		n = pr_crossover(m->tab, m->buf, n, add, add_size, m->buf, lim, m->seed);
	else
		n = pr_mutate(m->tab, m->buf, n, lim, m->seed);
	*out = m->buf;
	return n;
}

void afl_custom_deinit(void *data)
{
	free(data);
}
