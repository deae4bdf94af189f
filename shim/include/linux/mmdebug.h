/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/mmdebug.h>: CUSTOMISED FOR TESTING, as built with CONFIG_DEBUG_VM=y.
 * VM_BUG_ON_PAGE dumps the page then BUGs, like the kernel; the dump and the
 * BUG both go to the runtime (see shim/hooks.h).
 */
#ifndef LINUX_MM_DEBUG_H
#define LINUX_MM_DEBUG_H 1

#include <linux/bug.h>

struct page;
struct folio;

#define CONFIG_DEBUG_VM 1

static inline void dump_page(const struct page *page, const char *reason)
{
	shim_dump_page(page, reason);
}

#define __SHIM_VM_BUG(name, page, cond, text)                                  \
	do {                                                                   \
		if (unlikely(__SHIM_CHECK(SHIM_BUG, name, page, cond, text)))  \
			__SHIM_FIRE(SHIM_BUG, name, (page), text);             \
	} while (0)

#define VM_BUG_ON(cond) __SHIM_VM_BUG("VM_BUG_ON", NULL, cond, "VM_BUG_ON(" #cond ")")
#define VM_BUG_ON_PAGE(cond, page) \
	__SHIM_VM_BUG("VM_BUG_ON_PAGE", (page), cond, "VM_BUG_ON_PAGE(" #cond ")")
#define VM_BUG_ON_FOLIO(cond, folio) \
	__SHIM_VM_BUG("VM_BUG_ON_FOLIO", &(folio)->page, cond, "VM_BUG_ON_FOLIO(" #cond ")")

#define VM_WARN_ON(cond)        __SHIM_WARN("VM_WARN_ON", NULL, 0, cond, "VM_WARN_ON(" #cond ")")
#define VM_WARN_ON_ONCE(cond)   __SHIM_WARN("VM_WARN_ON_ONCE", NULL, 1, cond, "VM_WARN_ON_ONCE(" #cond ")")
#define VM_WARN_ON_PAGE(cond, page) \
	__SHIM_WARN("VM_WARN_ON_PAGE", (page), 0, cond, "VM_WARN_ON_PAGE(" #cond ")")
#define VM_WARN_ON_ONCE_PAGE(cond, page) \
	__SHIM_WARN("VM_WARN_ON_ONCE_PAGE", (page), 1, cond, "VM_WARN_ON_ONCE_PAGE(" #cond ")")
#define VM_WARN_ON_FOLIO(cond, folio) \
	__SHIM_WARN("VM_WARN_ON_FOLIO", &(folio)->page, 0, cond, "VM_WARN_ON_FOLIO(" #cond ")")
#define VM_WARN_ON_ONCE_FOLIO(cond, folio) \
	__SHIM_WARN("VM_WARN_ON_ONCE_FOLIO", &(folio)->page, 1, cond, "VM_WARN_ON_ONCE_FOLIO(" #cond ")")
#define VM_WARN_ONCE(cond, format...) \
	__SHIM_WARN("VM_WARN_ONCE", NULL, 1, cond, "VM_WARN_ONCE(" #cond ")")
#define VM_WARN(cond, format...) \
	__SHIM_WARN("VM_WARN", NULL, 0, cond, "VM_WARN(" #cond ")")

#endif
