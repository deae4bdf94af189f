/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST TREE linux-next (pageref-fuzz tests/trees): a page-flags.h written
 * for the test suite with the layout the series' page-flags.h hunk patches
 * (the frozen bit goes after PAGEFLAGS_MASK). The harness never includes it:
 * it takes named definitions out of it, and only those page_ref.h lacks.
 */
#ifndef PAGE_FLAGS_H
#define PAGE_FLAGS_H

#include <linux/types.h>
#include <linux/bug.h>

enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_lru,
	PG_head,
	__NR_PAGEFLAGS,
};

#define NR_PAGEFLAGS __NR_PAGEFLAGS
#define PAGEFLAGS_MASK		((1UL << NR_PAGEFLAGS) - 1)

#ifndef __GENERATING_BOUNDS_H

/*
 * Not what the harness wants: it has its own compound_head().
 */
#define compound_head(page)	((typeof(page))_compound_head(page))

#endif /* !__GENERATING_BOUNDS_H */

#endif /* PAGE_FLAGS_H */
