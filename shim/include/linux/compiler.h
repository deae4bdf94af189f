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
/* sparse and context-analysis annotations (refcount.h's *_lock declarations): none */
#ifndef __cond_acquires
#define __cond_acquires(x...)
#endif
#ifndef __acquires
#define __acquires(x...)
#define __releases(x...)
#endif
/* UBSan's signed-wrap opt-out (refcount.h, 2024-2026): the harness builds with -fwrapv */
#ifndef __signed_wrap
#define __signed_wrap
#endif
/*
 * CUSTOMISED: relaxed atomics rather than volatile accesses, which is what
 * the kernel means by them and what ThreadSanitizer understands in the
 * real-thread mode (volatile would be reported as a data race).
 */
#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val) __atomic_store_n(&(x), (val), __ATOMIC_RELAXED)

#endif
