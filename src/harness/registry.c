// SPDX-License-Identifier: GPL-2.0
/*
 * The families and variants of this binary, as its entry point hands them
 * over (registry_set): the engine never names a family itself.
 */
#include "family.h"

#include <stddef.h>
#include <string.h>

static const struct family *const *fams;
static const struct world_variant *const *vars;

void registry_set(const struct family *const *f, const struct world_variant *const *v)
{
	fams = f;
	vars = v;
}

const struct family *family_default(void)
{
	return fams ? fams[0] : NULL;
}

const struct family *family_find(const char *name)
{
	int i;

	for (i = 0; fams && fams[i]; i++)
		if (!strcmp(fams[i]->name, name))
			return fams[i];
	return NULL;
}

const struct world_variant *world_variant_find(const struct family *f, const char *name)
{
	int i;

	if (!f)
		f = family_default();
	for (i = 0; vars && vars[i]; i++)
		if (vars[i]->family == f && !strcmp(vars[i]->name, name))
			return vars[i];
	return NULL;
}
