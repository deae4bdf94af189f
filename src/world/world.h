/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One instance of the toy mm per variant: src/world/world.c is compiled once
 * for each page_ref.h, and exports only its variant table (named world_<id>).
 */
#ifndef PR_WORLD_H
#define PR_WORLD_H

#include "ops.h"
#include "../harness/family.h"

extern const struct family page_ref_family;

#endif
