/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/tracepoint-defs.h>: STUBBED. CONFIG_DEBUG_PAGE_REF is off, so
 * page_ref.h's tracepoint hooks compile to empty inlines; the execution
 * record comes from the atomics themselves (linux/atomic.h).
 */
#ifndef TRACEPOINT_DEFS_H
#define TRACEPOINT_DEFS_H 1
#define DECLARE_TRACEPOINT(tp) struct __shim_tracepoint_##tp
#define tracepoint_enabled(tp) false
#endif
