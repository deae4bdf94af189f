/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/limits.h>: STUBBED to the C library's limits plus the kernel's
 * fixed-width ones. The system's <linux/limits.h> (the UAPI one: PATH_MAX,
 * NAME_MAX, ...) comes first: the C library's <limits.h> includes it by
 * this name, and finds this file on the harness's include path (hence a
 * guard of our own: the UAPI header's is _LINUX_LIMITS_H).
 */
#ifndef _SHIM_LINUX_LIMITS_H
#define _SHIM_LINUX_LIMITS_H

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

#endif /* _SHIM_LINUX_LIMITS_H */
