/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page_ref family (src/family/page_ref/): the page refcount API of
 * include/linux/page_ref.h and its callers in a toy mm. What the engine
 * calls (family.c), and what each variant's variant.c refers to.
 */
#ifndef PR_PAGE_REF_WORLD_H
#define PR_PAGE_REF_WORLD_H

#include "ops.h"
#include "../../harness/family.h"

extern const struct family page_ref_family;

/* Run @p on variant @v, on fibers or on pthreads (world.c). */
void page_ref_world_run(const struct world_variant *v, const struct program *p);
void page_ref_world_run_real(const struct world_variant *v, const struct program *p);
/* A page's counter as stored, read without scheduling (reports, the explorer). */
int page_ref_world_raw_count(int pfn);

#endif
