// SPDX-License-Identifier: GPL-2.0
#include "../harness/family.h"

#include <string.h>

const struct world_variant *world_variant_find(const char *name)
{
	int i;

	for (i = 0; world_variants[i]; i++)
		if (!strcmp(world_variants[i]->name, name))
			return world_variants[i];
	return NULL;
}
