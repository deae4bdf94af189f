/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/page_ref.h>: the variant under test. The build passes
 * -DPAGEREF_VARIANT_HEADER="/path/to/variant.h"; that file is included
 * unmodified, exactly as a kernel tree's include/linux/page_ref.h would be.
 */
#ifndef _SHIM_PAGE_REF_REDIRECT_H
#define _SHIM_PAGE_REF_REDIRECT_H
#ifndef PAGEREF_VARIANT_HEADER
#error "build with -DPAGEREF_VARIANT_HEADER=\"path/to/page_ref.h\""
#endif
#include <linux/mmdebug.h>
#include <linux/rcupdate.h>
#include PAGEREF_VARIANT_HEADER
#endif
