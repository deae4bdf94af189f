/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/page-flags.h>: CUSTOMISED FOR TESTING. The flag bits and compound
 * page encoding follow the kernel (tail pages carry head | 1 in
 * compound_head). PG_buddy is a flag here where the kernel uses a page type;
 * nothing on the refcount path depends on that difference.
 */
#ifndef PAGE_FLAGS_H
#define PAGE_FLAGS_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/mm_types.h>

enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_lru,
	PG_head,
	PG_reserved,
	PG_buddy,
	PG_offline,
	__NR_PAGEFLAGS,
};

#define NR_PAGEFLAGS __NR_PAGEFLAGS
#define PAGEFLAGS_MASK ((1UL << NR_PAGEFLAGS) - 1)

static __always_inline unsigned long _compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	if (unlikely(head & 1))
		return head - 1;
	return (unsigned long)page;
}

#define compound_head(page)	((__typeof__(page))_compound_head(page))
#define page_folio(p)		((struct folio *)_compound_head(p))
#define folio_page(folio, n)	(&(folio)->page + (n))

static __always_inline int PageTail(const struct page *page)
{
	return READ_ONCE(page->compound_head) & 1;
}

static __always_inline int PageHead(const struct page *page)
{
	return (page->flags >> PG_head) & 1;
}

static __always_inline int PageCompound(const struct page *page)
{
	return PageHead(page) || PageTail(page);
}

#define __SHIM_PAGEFLAG(uname, lname)                                          \
	static inline int Page##uname(const struct page *page)                 \
	{ return (page->flags >> PG_##lname) & 1; }                            \
	static inline void __SetPage##uname(struct page *page)                 \
	{ page->flags |= 1UL << PG_##lname; }                                  \
	static inline void __ClearPage##uname(struct page *page)               \
	{ page->flags &= ~(1UL << PG_##lname); }

__SHIM_PAGEFLAG(Reserved, reserved)
__SHIM_PAGEFLAG(Buddy, buddy)
__SHIM_PAGEFLAG(Offline, offline)
__SHIM_PAGEFLAG(Lru, lru)

static inline bool folio_test_large(const struct folio *folio)
{
	return PageHead(&folio->page);
}

static inline unsigned int folio_order(const struct folio *folio)
{
	return folio_test_large(folio) ? folio->__shim_order : 0;
}

static inline long folio_nr_pages(const struct folio *folio)
{
	return 1L << folio_order(folio);
}

/*
 * STUBBED: the HugeTLB vmemmap optimisation guard (v6.12+ takes the value
 * the caller must not increment from; the Feb 2026 series took none). The
 * toy mm never remaps vmemmap, so every struct page is writable.
 */
#define page_count_writable(page, ...) ((void)(page), true)

/*
 * STUBBED: v5.17 .. v6.12's spelling of the same guard, which page_ref.h
 * called directly ("avoid writing to the vmemmap area being remapped"):
 * no struct page of the toy mm is a fake head.
 */
static inline bool page_is_fake_head(const struct page *page)
{
	(void)page;
	return false;
}

#endif
