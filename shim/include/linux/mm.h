/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/mm.h>: the refcount callers of include/linux/mm.h, DUPLICATED from
 * the kernel (v6.12 .. v6.17 semantics; keep in sync): folio_get,
 * try_get_page, put_page_testzero, folio_put, folio_put_refs. __folio_put is
 * the world's (src/family/page_ref/swap.c), as mm/swap.c's is the kernel's.
 *
 * The variant's API generation is detected by the build (PAGEREF_HAS_*), so
 * pre-series kernels, linux-next and the series all build unmodified.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/kernel.h>
#include <linux/mmdebug.h>
#include <linux/mm_types.h>
#include <linux/page-flags.h>
#include <linux/page_ref.h>

#define GUP_PIN_COUNTING_BIAS (1U << 10)

void __folio_put(struct folio *folio);

static inline bool folio_ref_zero_or_close_to_overflow(struct folio *folio)
{
	return ((unsigned int)folio_ref_count(folio) + 127u <= 127u);
}

static inline void folio_get(struct folio *folio)
{
	VM_BUG_ON_FOLIO(folio_ref_zero_or_close_to_overflow(folio), folio);
	folio_ref_inc(folio);
}

static inline __must_check bool try_get_page(struct page *page)
{
	page = compound_head(page);
	if (WARN_ON_ONCE(page_ref_count(page) <= 0))
		return false;
	page_ref_inc(page);
	return true;
}

static inline int put_page_testzero(struct page *page)
{
	VM_BUG_ON_PAGE(page_ref_count(page) == 0, page);
	return page_ref_dec_and_test(page);
}

static inline int folio_put_testzero(struct folio *folio)
{
	return put_page_testzero(&folio->page);
}

static inline void folio_put(struct folio *folio)
{
	if (folio_put_testzero(folio))
		__folio_put(folio);
}

static inline void folio_put_refs(struct folio *folio, int refs)
{
	if (folio_ref_sub_and_test(folio, refs))
		__folio_put(folio);
}

static inline bool get_page_unless_zero(struct page *page)
{
#if defined(PAGEREF_HAS_page_ref_add_unless_frozen)
	return page_ref_add_unless_frozen(page, 1);
#elif defined(PAGEREF_HAS_page_ref_add_unless_zero)
	return page_ref_add_unless_zero(page, 1);
#else
	return page_ref_add_unless(page, 1, 0);
#endif
}

/* Kernels before v6.12 spell folio_ref_try_add as folio_ref_try_add_rcu. */
#if !defined(PAGEREF_HAS_folio_ref_try_add) && defined(PAGEREF_HAS_folio_ref_try_add_rcu)
#define folio_ref_try_add folio_ref_try_add_rcu
#endif

#endif
