/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rcuref family (src/family/rcuref/): rcuref.h's API and its users, a
 * table of RCU-managed objects. What the engine calls (family.c), and what
 * each variant's variant.c refers to.
 */
#ifndef PR_RCUREF_WORLD_H
#define PR_RCUREF_WORLD_H

#include "ops.h"
#include "../../harness/family.h"

struct shim_site;

extern const struct family rcuref_family;

/* Run @p on variant @v, on fibers or on pthreads (world.c). */
void rcuref_world_run(const struct world_variant *v, const struct program *p);
void rcuref_world_run_real(const struct world_variant *v, const struct program *p);
/* An object's counter as stored, read without scheduling (reports, the explorer). */
unsigned int rcuref_world_raw_count(int id);
/* Every atomic of a variant, after it executed: KASAN for the objects (objects.c). */
void rcuref_world_access(const struct shim_site *site, const void *v, int old, int new);

#endif
