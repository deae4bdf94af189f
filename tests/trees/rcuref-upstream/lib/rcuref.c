// SPDX-License-Identifier: GPL-2.0
/*
 * TEST TREE rcuref-upstream: lib/rcuref.c of the built-in upstream.h (v6.16:
 * the slow-path fix and rcuref_is_dead).
 */

/*
 * Why it works (the kernel's comment tells it at length):
 *  - The last put leaves the counter at NOREF and takes the slow path,
 *    which tries cmpxchg(NOREF -> DEAD). Between the two a get may revive
 *    the object (NOREF + 1 = ONEREF, a plain success), and then the
 *    cmpxchg fails and this put returns false; or that get's own put may
 *    mark it dead first. Exactly one put wins.
 *  - After DEAD, a get lands at DEAD + 1, inside the dead zone: its slow
 *    path puts DEAD back and fails.
 *  - A put that finds the count already dead is imbalanced: it warns.
 *  - Past MAXREF the count is saturated for good: the object leaks, but
 *    the count never wraps back into the valid zone.
 * Ordering: gets are relaxed; puts release, and the put that marks the
 * object dead also acquires (smp_acquire__after_ctrl_dep after the
 * successful cmpxchg), so the freeing side sees every holder's accesses.
 * A grace period must not end between a put's decrement and its cmpxchg,
 * or the cmpxchg could hit freed memory: rcuref_put() disables preemption.
 */

#include <linux/export.h>
#include <linux/rcuref.h>

/* A get whose increment left the valid zone: false if it is dead. */
bool rcuref_get_slowpath(rcuref_t *ref)
{
	unsigned int cnt = atomic_read(&ref->refcnt);

	/* dead: undo our increment by putting DEAD back, in the middle of the zone */
	if (cnt >= RCUREF_RELEASED) {
		atomic_set(&ref->refcnt, RCUREF_DEAD);
		return false;
	}

	/*
	 * Saturated (just now, or long ago): warn, and keep the counter in the
	 * middle of the saturation zone. The object leaks, which is better
	 * than a count that wraps.
	 */
	if (WARN_ONCE(cnt > RCUREF_MAXREF, "rcuref saturated - leaking memory"))
		atomic_set(&ref->refcnt, RCUREF_SATURATED);
	return true;
}
EXPORT_SYMBOL_GPL(rcuref_get_slowpath);

/*
 * A put whose decrement left the valid zone; @cnt is the counter as that
 * decrement left it (never read again: a concurrent get and put may have
 * marked it dead since). True if this put dropped the last reference and
 * no get can revive the object: the caller may schedule its destruction.
 */
bool rcuref_put_slowpath(rcuref_t *ref, unsigned int cnt)
{
	/* the last reference? */
	if (likely(cnt == RCUREF_NOREF)) {
		/*
		 * Mark it dead, unless a get revived it meanwhile or that get's
		 * put marked it dead already: both legal, and then the object
		 * is not ours to destroy. No retry.
		 */
		if (!atomic_try_cmpxchg_release(&ref->refcnt, &cnt, RCUREF_DEAD))
			return false;

		/* ours: the destruction comes after every holder's accesses */
		smp_acquire__after_ctrl_dep();
		return true;
	}

	/* already dead: this put has no reference to drop */
	if (WARN_ONCE(cnt >= RCUREF_RELEASED, "rcuref - imbalanced put()")) {
		atomic_set(&ref->refcnt, RCUREF_DEAD);
		return false;
	}

	/* saturated: stay in the middle of the zone, never destroy */
	if (cnt > RCUREF_MAXREF)
		atomic_set(&ref->refcnt, RCUREF_SATURATED);
	return false;
}
EXPORT_SYMBOL_GPL(rcuref_put_slowpath);
