// SPDX-License-Identifier: GPL-2.0
#include "../harness/family.h"

#include <string.h>

const struct world_variant *world_variant_find(const struct family *f, const char *name)
{
	int i;

	if (!f)
		f = families[0];
	for (i = 0; world_variants[i]; i++)
		if (world_variants[i]->family == f && !strcmp(world_variants[i]->name, name))
			return world_variants[i];
	return NULL;
}
