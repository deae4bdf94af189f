/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/limits.h>: STUBBED to the C library's limits plus the kernel's fixed-width ones. */
#ifndef __SHIM_LINUX_LIMITS_H
#define __SHIM_LINUX_LIMITS_H

/*
 * The C library's <limits.h> takes PATH_MAX and friends from the system's
 * <linux/limits.h>, which this file stands in front of: include it too
 * (its guard is _LINUX_LIMITS_H: this file's is another).
 */
#include_next <linux/limits.h>
#include <limits.h>
#include <stdint.h>

#ifndef U8_MAX
#define U8_MAX		UINT8_MAX
#define S8_MAX		INT8_MAX
#define S8_MIN		INT8_MIN
#define U16_MAX		UINT16_MAX
#define S16_MAX		INT16_MAX
#define S16_MIN		INT16_MIN
#define U32_MAX		UINT32_MAX
#define S32_MAX		INT32_MAX
#define S32_MIN		INT32_MIN
#define U64_MAX		UINT64_MAX
#define S64_MAX		INT64_MAX
#define S64_MIN		INT64_MIN
#endif

#endif /* __SHIM_LINUX_LIMITS_H */
