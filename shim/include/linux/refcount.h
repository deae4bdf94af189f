/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/refcount.h>: the variant under test (src/family/refcount). The
 * build passes -DPAGEREF_VARIANT_HEADER="..." (a built-in variant, or a
 * tree's variant.h that includes the tree's refcount.h, lib/refcount.c and
 * kref.h unmodified, refcount.h first). By the time kref.h or lib/refcount.c
 * say #include <linux/refcount.h>, the variant's refcount.h is in: this file
 * only lets those lines resolve.
 */
#ifndef _LINUX_REFCOUNT_H
#ifndef PAGEREF_VARIANT_HEADER
#error "build with -DPAGEREF_VARIANT_HEADER=\"path/to/the variant\""
#endif
#include PAGEREF_VARIANT_HEADER
#endif
