/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/gup.c: try_grab_folio_fast()'s overflow guard, DUPLICATED from the
 * kernel (v6.12 .. v6.17; keep in sync): a negative count (close to
 * overflow) refuses the grab. Compiled with the variant, so a WARN names
 * the kernel's function and counts as the variant's check.
 */
#ifndef _MM_GUP_H
#define _MM_GUP_H

#include <linux/mm.h>

static inline bool try_grab_folio_fast(struct folio *folio)
{
	return !WARN_ON_ONCE(folio_ref_count(folio) < 0);
}

#endif
