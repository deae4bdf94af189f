/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VARIANT v6.4 -- rcuref as it was added in Linux v6.4 ("atomics: Provide
 * rcuref - scalable reference counting", ee1ee6db0779) and stayed until
 * v6.14-rc4, but for v6.7's try_cmpxchg (v6.7.patch): both halves,
 * include/linux/rcuref.h then lib/rcuref.c, in the one file a variant is.
 * Status: KNOWN BUGGY (fixed by b9a49520679e, "rcuref: Plug slowpath race
 * in rcuref_put()", v6.14-rc5). Written for the harness from the kernel's
 * semantics (not copied). The put's fast path tests the sign of its
 * decrement (atomic_add_negative_release) and throws the value away; the
 * slow path reads the counter again. Between the two, a get and the last
 * put of another CPU can mark the object dead, and the re-read then sees
 * DEAD: "rcuref - imbalanced put()" on a balanced user (the kernel test
 * robot's report). No rcuref_is_dead() yet (v6.16).
 *
 * The counter holds the number of references minus one, read as unsigned:
 *
 *   0x00000000 .. 0x7fffffff   valid: ONEREF (one reference) .. MAXREF
 *   0x80000000 .. 0xbfffffff   saturation zone, SATURATED in its middle
 *   0xc0000000 .. 0xffffffff   dead zone: RELEASED, DEAD in its middle,
 *                              NOREF (no reference, not yet dead) at the top
 *
 * Gets and puts add and subtract unconditionally and look at the result
 * afterwards; only a result outside the valid zone takes a slow path.
 */
#ifndef _LINUX_RCUREF_H
#define _LINUX_RCUREF_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/limits.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>

#define RCUREF_ONEREF		0x00000000U
#define RCUREF_MAXREF		0x7FFFFFFFU
#define RCUREF_SATURATED	0xA0000000U
#define RCUREF_RELEASED		0xC0000000U
#define RCUREF_DEAD		0xE0000000U
#define RCUREF_NOREF		0xFFFFFFFFU

/* @cnt references to start with (usually one): stored biased by one. */
static inline void rcuref_init(rcuref_t *ref, unsigned int cnt)
{
	atomic_set(&ref->refcnt, cnt - 1);
}

/* The references held (0 .. N). */
static inline unsigned int rcuref_read(rcuref_t *ref)
{
	unsigned int c = atomic_read(&ref->refcnt);

	/* anywhere in the dead zone: nobody holds it */
	return c >= RCUREF_RELEASED ? 0 : c + 1;
}

extern __must_check bool rcuref_get_slowpath(rcuref_t *ref);

/*
 * Take a reference: like atomic_inc_not_zero(), but saturating. No memory
 * ordering: whatever gave the caller the object (RCU, a lock) orders it;
 * the control dependency orders later stores after a successful get.
 * Returns false once the last reference is gone.
 */
static inline __must_check bool rcuref_get(rcuref_t *ref)
{
	/* the zones leave room for the increment to land anywhere */
	if (likely(!atomic_add_negative_relaxed(1, &ref->refcnt)))
		return true;

	/* saturated or dead */
	return rcuref_get_slowpath(ref);
}

extern __must_check bool rcuref_put_slowpath(rcuref_t *ref);

/* Both puts: never call it directly. */
static __always_inline __must_check bool __rcuref_put(rcuref_t *ref)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held() && preemptible(),
			 "suspicious rcuref_put_rcusafe() usage");
	/* the zones leave room for the decrement too */
	if (likely(!atomic_add_negative_release(-1, &ref->refcnt)))
		return false;

	/* the last reference, or a saturated or dead count */
	return rcuref_put_slowpath(ref);
}

/*
 * Drop a reference from a context where no grace period can end until it
 * returns (rcu_read_lock() held, or preemption or interrupts disabled).
 * Release ordering; on success also acquire, so the caller's free comes
 * after every access of the other holders. Returns true when this was the
 * last reference and no get can succeed any more: the caller may release
 * the object (after a grace period).
 */
static inline __must_check bool rcuref_put_rcusafe(rcuref_t *ref)
{
	return __rcuref_put(ref);
}

/*
 * The same from any context: preemption is off around it, so no grace
 * period can end while this CPU is between its decrement and marking the
 * object dead (see "Deconstruction race" in lib/rcuref.c).
 */
static inline __must_check bool rcuref_put(rcuref_t *ref)
{
	bool released;

	preempt_disable();
	released = __rcuref_put(ref);
	preempt_enable();
	return released;
}

#endif /* _LINUX_RCUREF_H */

/* ---- lib/rcuref.c ---- */

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
 * A put whose decrement left the valid zone. True if this put dropped the
 * last reference and no get can revive the object: the caller may
 * schedule its destruction.
 */
bool rcuref_put_slowpath(rcuref_t *ref)
{
	unsigned int cnt = atomic_read(&ref->refcnt);

	/* the last reference? */
	if (likely(cnt == RCUREF_NOREF)) {
		/*
		 * Mark it dead, unless a get revived it meanwhile or that get's
		 * put marked it dead already: both legal, and then the object
		 * is not ours to destroy. No retry.
		 */
		if (atomic_cmpxchg_release(&ref->refcnt, RCUREF_NOREF, RCUREF_DEAD) != RCUREF_NOREF)
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
