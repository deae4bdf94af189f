// SPDX-License-Identifier: GPL-2.0
/* The families the tool knows; the first is the default (--api). */
#include "page_ref/world.h"
#include "refcount/world.h"
#include "rcuref/world.h"


const struct family *const families[] = {
	&page_ref_family,
	&refcount_family,
	&rcuref_family,
	NULL
};
