/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For a family's variant.c, compiled once per variant with -DWORLD_ID,
 * -DWORLD_NAME and -DWORLD_CLASSES (a custom variant: its variant.h names
 * it, and it has no classes): WORLD_VARIANT() ends the file with the
 * variant's entry in the registry, world_<WORLD_ID>, which the build's
 * generated variants.c lists.
 */
#ifndef PR_VARIANT_ENTRY_H
#define PR_VARIANT_ENTRY_H

#include "family.h"

#ifndef WORLD_CLASSES
#define WORLD_CLASSES ""	/* a custom variant: none of the registry's */
#endif

#define __VCAT2(a, b) a##b
#define __VCAT(a, b) __VCAT2(a, b)

/* @fam's variant built from PAGEREF_VARIANT_HEADER; @api_ as @fam's world calls it */
#define WORLD_VARIANT(fam, gen, api_)					\
	const struct world_variant __VCAT(world_, WORLD_ID) = {		\
		.family = &(fam),					\
		.name = WORLD_NAME,					\
		.header = PAGEREF_VARIANT_HEADER,			\
		.generation = (gen),					\
		.classes = WORLD_CLASSES,				\
		.checks_tu = &__shim_tu,				\
		.api = &(api_),						\
	}

#endif
