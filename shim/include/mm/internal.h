/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/internal.h: set_page_refcounted(), DUPLICATED from the kernel (v6.12 ..
 * v6.17; keep in sync). Compiled with the variant (src/family/page_ref/
 * variant.c), so its checks are the variant's.
 */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include <linux/mm.h>

static inline void set_page_refcounted(struct page *page)
{
	VM_BUG_ON_PAGE(PageTail(page), page);
	VM_BUG_ON_PAGE(page_ref_count(page), page);
	init_page_count(page);
}

#endif
