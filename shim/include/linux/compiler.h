/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/compiler.h>: DUPLICATED in spirit (kernel v6.12 names), trimmed. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#ifndef __always_inline
#define __always_inline	inline __attribute__((__always_inline__))
#endif
#define __must_check	__attribute__((__warn_unused_result__))
#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#endif
