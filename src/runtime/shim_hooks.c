// SPDX-License-Identifier: GPL-2.0
/*
 * The shim's hooks (shim/hooks.h): where the variant's atomics reach the
 * scheduler, the memory model, the trace and the fuzzers' feedback. The
 * one file that knows both the scheduler and the memory model.
 */
#include "sched_internal.h"
#include "trace.h"
#include "../memory/orderings.h"
#include "../memory/wmm.h"

#include "../abi/shim_abi.h"

_Static_assert(SCHED_MAX_THREADS <= WMM_MAX_THREADS, "the memory model keeps a view per CPU");
_Static_assert(TAPE_NONE == WMM_MAX_CHOICES, "a tape byte chooses among at most 7 stores");

static int env_current(void)
{
	return sched_in_run() ? sched_current() : -1;
}

static void env_note(int t, const char *fmt, int a, int b)
{
	trace_add(EV_STEP, t, NULL, fmt, a, b, 0);
}

static const struct wmm_env hooks_env = { env_current, sched_choose_value, env_note };

void hooks_init(void)
{
	wmm_set_env(&hooks_env);
}

/* Until a run says otherwise, every hook takes its full path. */
unsigned char shim_full = SHIM_FULL_MEM | SHIM_FULL_AFTER;

/*
 * Which hooks take their fast path (shim/hooks.h): the memory hooks while
 * neither the memory model nor the orderings table is on, shim_after while
 * neither the trace, the observer nor the feedback counters are. Off, each
 * of those makes the full path a no-op at every point of a run (setup,
 * fibers, final checks, real threads), so the fast path changes nothing.
 * Decided once the run's settings are made (none changes during a run).
 */
void sched_fast_begin(void)
{
	shim_full = (wmm_on() || orderings_observing() ? SHIM_FULL_MEM : 0) |
		    (trace_on || sched_now.observed || sched_feedback_on() ? SHIM_FULL_AFTER : 0);
}

void sched_fast_end(void)
{
	shim_full = SHIM_FULL_MEM | SHIM_FULL_AFTER;
}

void shim_before(const struct shim_site *site)
{
	if (rt_me) {	/* a real CPU: only where it is, for its fault or lockup */
		__atomic_store_n(&rt_me->last_site, site, __ATOMIC_RELAXED);
		return;
	}
	sched_point(site);
}

int shim_load_full(const struct shim_site *site, const void *v, int latest)
{
	if (sched_now.active && !sched_now.suspended)
		orderings_access(sched_now.cur, site, true, false, false);
	if (!sched_now.active || sched_now.suspended || !wmm_on())
		return latest;
	return wmm_load(site, v, latest);
}

void shim_store_full(const struct shim_site *site, const void *v, int value, int rmw, int stored)
{
	if (sched_now.active && !sched_now.suspended)
		orderings_access(sched_now.cur, site, rmw, stored, rmw && !stored);
	if (sched_now.real || sched_now.suspended || !wmm_on())
		return;
	if (rmw)
		wmm_rmw(site, v, value, stored);
	else
		wmm_store(site, v, value);
}

/* After the fence itself (shim/hooks.h). */
void shim_fence_full(const struct shim_site *site)
{
	if (sched_now.active && !sched_now.suspended)
		orderings_access(sched_now.cur, site, false, false, false);
	if (sched_now.active && !sched_now.suspended && wmm_on())
		wmm_fence(site);
}

void shim_after_full(const struct shim_site *site, const void *v, int old, int new, int ret)
{
	if (sched_now.active && !sched_now.suspended)
		sched_feedback(site, v, old, new);
	sched_observe(v, old != new);
	if (trace_on && sched_now.active && !sched_now.suspended)
		trace_add(EV_ATOMIC, sched_now.cur, site, NULL, old, new, ret);
}
