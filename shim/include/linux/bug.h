/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/bug.h>: CUSTOMISED FOR TESTING. BUG and WARN report to the
 * runtime, which turns them into findings (WARN counts, as with
 * panic_on_warn) or, in misuse mode, into the expected outcome. "Once"
 * means once per run, so every run starts from the same state. Every
 * evaluation of a check is counted at its site (shim/hooks.h), fired or not.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>
#include <shim/hooks.h>

/* Bumped by the runtime at the start of every run. */
#ifdef SHIM_NO_HOOKS
static unsigned int shim_run_gen;
#else
extern unsigned int shim_run_gen;
#endif

#define __SHIM_FIRE(kind, name, page, cond)                                    \
	shim_assert_fired(kind, SHIM_SITE(name, SHIM_ORDER_NONE), page, cond)

/*
 * A check: count its evaluation (fired or not) at its own site, then fire.
 * Evaluates to whether the condition held.
 */
#define __SHIM_CHECK(kind, name, page, cond, text)                             \
	({                                                                     \
		int __chk = !!(cond);                                          \
		shim_check_eval(SHIM_CHECK_SITE(name, kind, text), (page), __chk); \
		__chk;                                                         \
	})

#define BUG() __SHIM_FIRE(SHIM_BUG, "BUG", NULL, "BUG()")
#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (unlikely(__SHIM_CHECK(SHIM_BUG, "BUG_ON", NULL, cond, "BUG_ON(" #cond ")"))) \
			__SHIM_FIRE(SHIM_BUG, "BUG_ON", NULL, "BUG_ON(" #cond ")"); \
	} while (0)

#define __SHIM_WARN(name, page, once, cond, text)                              \
	({                                                                     \
		int __ret_warn = __SHIM_CHECK(SHIM_WARN, name, page, cond, text); \
		/* the kernel's once flag races benignly: relaxed, for TSan */ \
		static unsigned int __warned_gen;                              \
		if (unlikely(__ret_warn) && (!(once) ||                        \
		    __atomic_load_n(&__warned_gen, __ATOMIC_RELAXED) != shim_run_gen)) { \
			__atomic_store_n(&__warned_gen, shim_run_gen, __ATOMIC_RELAXED); \
			__SHIM_FIRE(SHIM_WARN, name, page, text);              \
		}                                                              \
		unlikely(__ret_warn);                                          \
	})

#define WARN_ON(cond)      __SHIM_WARN("WARN_ON", NULL, 0, cond, "WARN_ON(" #cond ")")
#define WARN_ON_ONCE(cond) __SHIM_WARN("WARN_ON_ONCE", NULL, 1, cond, "WARN_ON_ONCE(" #cond ")")
/* with a message (a string literal, as every caller the families read): its text is the report's */
#define WARN(cond, fmt, ...)      __SHIM_WARN("WARN", NULL, 0, cond, "WARN(" #cond "): " fmt)
#define WARN_ONCE(cond, fmt, ...) __SHIM_WARN("WARN_ONCE", NULL, 1, cond, "WARN_ONCE(" #cond "): " fmt)

#endif
