// SPDX-License-Identifier: GPL-2.0
/* The families the tool knows; the first is the default (--api). */
#include "page_ref/world.h"
#include "rcuref/world.h"

#include <string.h>

const struct family *const families[] = {
	&page_ref_family,
	&rcuref_family,
	NULL
};

const struct family *family_find(const char *name)
{
	int i;

	for (i = 0; families[i]; i++)
		if (!strcmp(families[i]->name, name))
			return families[i];
	return NULL;
}
