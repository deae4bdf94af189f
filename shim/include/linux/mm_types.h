/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/mm_types.h>: CUSTOMISED FOR TESTING. struct page and struct folio
 * keep the kernel's field names for everything page_ref.h and mm.h touch
 * (_refcount, flags, compound_head, mapping, index, _mapcount); struct folio
 * overlays struct page as in the kernel, so &folio->page and folio->_refcount
 * alias. Fields prefixed __shim_ exist only in the harness's toy mm.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/atomic.h>

struct address_space;

#define __SHIM_PAGE_FIELDS                                                     \
	unsigned long flags;                                                   \
	unsigned long compound_head;	/* bit 0 set: tail page */              \
	struct address_space *mapping;                                         \
	unsigned long index;                                                   \
	atomic_t _mapcount;                                                    \
	atomic_t _refcount;                                                    \
	unsigned int __shim_pfn;                                               \
	unsigned char __shim_order;	/* head page: folio order */            \
	unsigned char __shim_type;	/* head page: type, selects destructor */ \
	unsigned short __shim_pad;                                             \
	void *__shim_mem;		/* head page: contents, on the heap */

struct page {
	__SHIM_PAGE_FIELDS
};

struct folio {
	union {
		struct {
			__SHIM_PAGE_FIELDS
		};
		struct page page;
	};
};

_Static_assert(__builtin_offsetof(struct folio, _refcount) ==
	       __builtin_offsetof(struct page, _refcount), "folio/page overlay");

#endif
