/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST TREE series-v4: the linux-next test tree's page-flags.h with the
 * series' PAGEREF_FROZEN_BIT hunk applied. The linux-next description follows:
 * a page-flags.h written
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

/* Most significant bit in page refcount */
#define PAGEREF_FROZEN_BIT BIT(31)

/* Page reference counter can be in 4 logical states,
 * which are described below with their value representation
 * state | value
 * (1) safe with owners | 1...INT_MAX
 * (2) safe with no owners | 0
 * (3) frozen | INT_MIN....-1
 *
 * State (2) can be only temporally inside dec_and_test.
 */

#ifndef __GENERATING_BOUNDS_H

/*
 * Not what the harness wants: it has its own compound_head().
 */
#define compound_head(page)	((typeof(page))_compound_head(page))

#endif /* !__GENERATING_BOUNDS_H */

#endif /* PAGE_FLAGS_H */
