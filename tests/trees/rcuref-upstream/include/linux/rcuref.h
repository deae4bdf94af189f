/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST TREE rcuref-upstream: the built-in upstream.h split into a kernel tree's two
 * files (this include/linux/rcuref.h and lib/rcuref.c), for the tree tests.
 * VARIANT upstream -- rcuref as in Linux v6.16 and later: both halves of it,
 * include/linux/rcuref.h then lib/rcuref.c, in the one file a variant is.
 * Status: shipped. Written for the harness from the kernel's semantics
 * (not copied): the put's fast path keeps the result of its decrement and
 * hands it to the slow path ("rcuref: Plug slowpath race in rcuref_put()",
 * v6.14-rc5), the slow path marks the object dead with
 * atomic_try_cmpxchg_release() (v6.7), and rcuref_is_dead() exists (v6.16).
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
 * Keep in sync with the kernel.
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

/*
 * The references held (0 .. N). Zero does not say the object may be
 * destroyed: a put may be between its decrement and marking it dead, and
 * a get may still revive it (rcuref_is_dead() says whether it is dead).
 */
static inline unsigned int rcuref_read(rcuref_t *ref)
{
	unsigned int c = atomic_read(&ref->refcnt);

	/* anywhere in the dead zone: nobody holds it */
	return c >= RCUREF_RELEASED ? 0 : c + 1;
}

/* True once a put has marked it dead (that put returned true). */
static inline bool rcuref_is_dead(rcuref_t *ref)
{
	unsigned int c = atomic_read(&ref->refcnt);

	/* NOREF is not dead yet: a get can still take it back to ONEREF */
	return c >= RCUREF_RELEASED && c < RCUREF_NOREF;
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

extern __must_check bool rcuref_put_slowpath(rcuref_t *ref, unsigned int cnt);

/* Both puts: never call it directly. */
static __always_inline __must_check bool __rcuref_put(rcuref_t *ref)
{
	int cnt;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held() && preemptible(),
			 "suspicious rcuref_put_rcusafe() usage");
	/* the zones leave room for the decrement too */
	cnt = atomic_sub_return_release(1, &ref->refcnt);
	if (likely(cnt >= 0))
		return false;

	/* the last reference, or a saturated or dead count: as it was after our decrement */
	return rcuref_put_slowpath(ref, cnt);
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
