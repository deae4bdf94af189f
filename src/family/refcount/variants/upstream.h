/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VARIANT upstream -- refcount_t and kref as in mainline since v6.15:
 * include/linux/refcount.h, the out-of-line half of lib/refcount.c and
 * include/linux/kref.h, in that order, in one file. Written for the harness
 * after the kernel's semantics and structure (not copied): one inline
 * implementation (since v5.5), an int counter that saturates at
 * REFCOUNT_SATURATED, the warnings out of line in refcount_warn_saturate();
 * __refcount_sub_and_test() reports a subtraction from 0 (v6.11-rc4,
 * f91f7ac900e7); dec_and_test and sub_and_test acquire on success (since
 * 47b8f3ab9c49); the v6.15 _acquire/_release helpers for memory that may be
 * reused for another object (SLAB_TYPESAFE_BY_RCU).
 * Source: mainline; status: shipped. Keep in sync with the kernel.
 */

/* ===================== include/linux/refcount.h ===================== */
#ifndef _LINUX_REFCOUNT_H
#define _LINUX_REFCOUNT_H

/*
 * The counter is an int. 1 .. REFCOUNT_MAX are references; 0 means the
 * object is gone (an increment from 0 is a use after free); negative values
 * are "bad": an operation that leaves the counter there reports it and sets
 * REFCOUNT_SATURATED, half-way between INT_MAX and UINT_MAX, from where the
 * counter never comes back (the object is leaked, never freed twice). The
 * check comes after the atomic, not in a cmpxchg loop: another CPU may move
 * the counter in between, which is harmless while the moves are small.
 *
 * Orderings: increments are relaxed (whoever found the object ordered the
 * lookup: a lock, or RCU's dependent load). inc_not_zero's control
 * dependency orders later stores after a successful increment. Decrements
 * release; dec_and_test and sub_and_test also acquire when they return
 * true, so the freeing CPU sees every access made under the references
 * dropped before. The _acquire getters and refcount_set_release() pair up
 * where the memory may already hold another object when the getter wins.
 */

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/refcount_types.h>
#include <linux/spinlock_types.h>

struct mutex;

#define REFCOUNT_INIT(n)	{ .refs = ATOMIC_INIT(n), }
#define REFCOUNT_MAX		INT_MAX
#define REFCOUNT_SATURATED	(INT_MIN / 2)

enum refcount_saturation_type {
	REFCOUNT_ADD_NOT_ZERO_OVF,
	REFCOUNT_ADD_OVF,
	REFCOUNT_ADD_UAF,
	REFCOUNT_SUB_UAF,
	REFCOUNT_DEC_LEAK,
};

void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t);

/* refcount_set - set the counter (no ordering) */
static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

/*
 * refcount_set_release - set the counter once the object is initialised:
 * every store to it is visible to whoever takes a reference afterwards,
 * even one that found the memory while it held the previous object.
 */
static inline void refcount_set_release(refcount_t *r, int n)
{
	atomic_set_release(&r->refs, n);
}

/* refcount_read - the counter's value */
static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}

static inline __must_check bool __refcount_add_not_zero(int i, refcount_t *r, int *oldp)
{
	int old = refcount_read(r);

	do {
		if (!old)
			break;
	} while (!atomic_try_cmpxchg_relaxed(&r->refs, &old, old + i));

	if (oldp)
		*oldp = old;

	if (unlikely(old < 0 || old + i < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_NOT_ZERO_OVF);

	return old;
}

/*
 * refcount_add_not_zero - add @i unless the counter is 0. No ordering but a
 * control dependency (later stores happen only on success); the caller keeps
 * the memory stable (RCU, a lock). Returns false if the counter was 0.
 */
static inline __must_check bool refcount_add_not_zero(int i, refcount_t *r)
{
	return __refcount_add_not_zero(i, r, NULL);
}

/* As above with acquire on success, refusing to go above @limit. */
static inline __must_check bool
__refcount_add_not_zero_limited_acquire(int i, refcount_t *r, int *oldp, int limit)
{
	int old = refcount_read(r);

	do {
		if (!old)
			break;

		if (i > limit - old) {
			if (oldp)
				*oldp = old;
			return false;
		}
	} while (!atomic_try_cmpxchg_acquire(&r->refs, &old, old + i));

	if (oldp)
		*oldp = old;

	if (unlikely(old < 0 || old + i < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_NOT_ZERO_OVF);

	return old;
}

static inline __must_check bool
__refcount_inc_not_zero_limited_acquire(refcount_t *r, int *oldp, int limit)
{
	return __refcount_add_not_zero_limited_acquire(1, r, oldp, limit);
}

static inline __must_check bool __refcount_add_not_zero_acquire(int i, refcount_t *r, int *oldp)
{
	return __refcount_add_not_zero_limited_acquire(i, r, oldp, INT_MAX);
}

/*
 * refcount_add_not_zero_acquire - refcount_add_not_zero() with acquire on
 * success: checks that the object is still the one looked up (its memory
 * may have been reused) come after the increment.
 */
static inline __must_check bool refcount_add_not_zero_acquire(int i, refcount_t *r)
{
	return __refcount_add_not_zero_acquire(i, r, NULL);
}

static inline void __refcount_add(int i, refcount_t *r, int *oldp)
{
	int old = atomic_fetch_add_relaxed(i, &r->refs);

	if (oldp)
		*oldp = old;

	if (unlikely(!old))
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF);
	else if (unlikely(old < 0 || old + i < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF);
}

/*
 * refcount_add - add @i; the caller already holds a reference. Relaxed.
 * From 0 it reports a use after free; past REFCOUNT_MAX it saturates.
 */
static inline void refcount_add(int i, refcount_t *r)
{
	__refcount_add(i, r, NULL);
}

static inline __must_check bool __refcount_inc_not_zero(refcount_t *r, int *oldp)
{
	return __refcount_add_not_zero(1, r, oldp);
}

/* refcount_inc_not_zero - take a reference unless the counter is 0 */
static inline __must_check bool refcount_inc_not_zero(refcount_t *r)
{
	return __refcount_inc_not_zero(r, NULL);
}

static inline __must_check bool __refcount_inc_not_zero_acquire(refcount_t *r, int *oldp)
{
	return __refcount_add_not_zero_acquire(1, r, oldp);
}

/* refcount_inc_not_zero_acquire - refcount_inc_not_zero(), acquire on success */
static inline __must_check bool refcount_inc_not_zero_acquire(refcount_t *r)
{
	return __refcount_inc_not_zero_acquire(r, NULL);
}

static inline void __refcount_inc(refcount_t *r, int *oldp)
{
	__refcount_add(1, r, oldp);
}

/* refcount_inc - take one more reference; the caller holds one */
static inline void refcount_inc(refcount_t *r)
{
	__refcount_inc(r, NULL);
}

static inline __must_check bool __refcount_sub_and_test(int i, refcount_t *r, int *oldp)
{
	int old = atomic_fetch_sub_release(i, &r->refs);

	if (oldp)
		*oldp = old;

	if (old > 0 && old == i) {
		smp_acquire__after_ctrl_dep();
		return true;
	}

	if (unlikely(old <= 0 || old - i < 0))
		refcount_warn_saturate(r, REFCOUNT_SUB_UAF);

	return false;
}

/*
 * refcount_sub_and_test - drop @i references; true if they were the last.
 * Release, and acquire when it returns true: the caller then frees. A
 * counter at 0 or below reports a use after free and returns false.
 */
static inline __must_check bool refcount_sub_and_test(int i, refcount_t *r)
{
	return __refcount_sub_and_test(i, r, NULL);
}

static inline __must_check bool __refcount_dec_and_test(refcount_t *r, int *oldp)
{
	return __refcount_sub_and_test(1, r, oldp);
}

/* refcount_dec_and_test - drop one reference; true if it was the last */
static inline __must_check bool refcount_dec_and_test(refcount_t *r)
{
	return __refcount_dec_and_test(r, NULL);
}

static inline void __refcount_dec(refcount_t *r, int *oldp)
{
	int old = atomic_fetch_sub_release(1, &r->refs);

	if (oldp)
		*oldp = old;

	if (unlikely(old <= 1))
		refcount_warn_saturate(r, REFCOUNT_DEC_LEAK);
}

/*
 * refcount_dec - drop a reference that is known not to be the last.
 * Release. Dropping the last one this way leaks the object: reported.
 */
static inline void refcount_dec(refcount_t *r)
{
	__refcount_dec(r, NULL);
}

extern __must_check bool refcount_dec_if_one(refcount_t *r);
extern __must_check bool refcount_dec_not_one(refcount_t *r);
extern __must_check bool refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock) __cond_acquires(true, lock);
extern __must_check bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock) __cond_acquires(true, lock);
extern __must_check bool refcount_dec_and_lock_irqsave(refcount_t *r,
						       spinlock_t *lock,
						       unsigned long *flags) __cond_acquires(true, lock);
#endif /* _LINUX_REFCOUNT_H */

/* ========================== lib/refcount.c ========================== */
#ifndef __HARNESS_LIB_REFCOUNT_C
#define __HARNESS_LIB_REFCOUNT_C

#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/bug.h>

#define REFCOUNT_WARN(str)	WARN_ONCE(1, "refcount_t: " str ".\n")

/* The counter went bad: pin it at REFCOUNT_SATURATED first, then say why. */
void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)
{
	refcount_set(r, REFCOUNT_SATURATED);

	switch (t) {
	case REFCOUNT_ADD_NOT_ZERO_OVF:
		REFCOUNT_WARN("saturated; leaking memory");
		break;
	case REFCOUNT_ADD_OVF:
		REFCOUNT_WARN("saturated; leaking memory");
		break;
	case REFCOUNT_ADD_UAF:
		REFCOUNT_WARN("addition on 0; use-after-free");
		break;
	case REFCOUNT_SUB_UAF:
		REFCOUNT_WARN("underflow; use-after-free");
		break;
	case REFCOUNT_DEC_LEAK:
		REFCOUNT_WARN("decrement hit 0; leaking memory");
		break;
	default:
		REFCOUNT_WARN("unknown saturation event!?");
	}
}
EXPORT_SYMBOL(refcount_warn_saturate);

/*
 * refcount_dec_if_one - the 1 -> 0 transition or nothing: a "delete if
 * nobody else holds it". Release and a control dependency; no acquire.
 */
bool refcount_dec_if_one(refcount_t *r)
{
	int val = 1;

	return atomic_try_cmpxchg_release(&r->refs, &val, 0);
}
EXPORT_SYMBOL(refcount_dec_if_one);

/*
 * refcount_dec_not_one - decrement unless the counter is 1 (then false):
 * the fast path of the *_lock helpers below. Release. A saturated counter
 * stays; a counter at 0 is reported and left alone.
 */
bool refcount_dec_not_one(refcount_t *r)
{
	unsigned int new, val = atomic_read(&r->refs);

	do {
		if (unlikely(val == REFCOUNT_SATURATED))
			return true;

		if (val == 1)
			return false;

		new = val - 1;
		if (new > val) {
			WARN_ONCE(new > val, "refcount_t: underflow; use-after-free.\n");
			return true;
		}

	} while (!atomic_try_cmpxchg_release(&r->refs, &val, new));

	return true;
}
EXPORT_SYMBOL(refcount_dec_not_one);

/*
 * refcount_dec_and_mutex_lock - drop a reference; if it is the last, return
 * true with @lock held (the caller unpublishes the object under it).
 * Decrements other than the last do not take the lock.
 */
bool refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock)
{
	if (refcount_dec_not_one(r))
		return false;

	mutex_lock(lock);
	if (!refcount_dec_and_test(r)) {
		mutex_unlock(lock);
		return false;
	}

	return true;
}
EXPORT_SYMBOL(refcount_dec_and_mutex_lock);

/* refcount_dec_and_lock - refcount_dec_and_mutex_lock() with a spinlock */
bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock)
{
	if (refcount_dec_not_one(r))
		return false;

	spin_lock(lock);
	if (!refcount_dec_and_test(r)) {
		spin_unlock(lock);
		return false;
	}

	return true;
}
EXPORT_SYMBOL(refcount_dec_and_lock);

/* refcount_dec_and_lock_irqsave - the same, with interrupts off under the lock */
bool refcount_dec_and_lock_irqsave(refcount_t *r, spinlock_t *lock,
				   unsigned long *flags)
{
	if (refcount_dec_not_one(r))
		return false;

	spin_lock_irqsave(lock, *flags);
	if (!refcount_dec_and_test(r)) {
		spin_unlock_irqrestore(lock, *flags);
		return false;
	}

	return true;
}
EXPORT_SYMBOL(refcount_dec_and_lock_irqsave);
#endif /* __HARNESS_LIB_REFCOUNT_C */

/* ======================= include/linux/kref.h ======================= */
#ifndef _KREF_H_
#define _KREF_H_

#include <linux/spinlock.h>
#include <linux/refcount.h>

/*
 * A kref is a refcount_t with a release callback. Objects found through a
 * lookup structure are taken with kref_get_unless_zero() and removed from
 * that structure by their release function (or, with kref_put_lock() and
 * kref_put_mutex(), under the lock those hold when release runs: release
 * drops it).
 */
struct kref {
	refcount_t refcount;
};

#define KREF_INIT(n)	{ .refcount = REFCOUNT_INIT(n), }

static inline void kref_init(struct kref *kref)
{
	refcount_set(&kref->refcount, 1);
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return refcount_read(&kref->refcount);
}

static inline void kref_get(struct kref *kref)
{
	refcount_inc(&kref->refcount);
}

/*
 * kref_put - drop a reference, calling @release on the last. Returns 1 if
 * this call released the object; 0 says nothing about whether it still
 * exists.
 */
static inline int kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	if (refcount_dec_and_test(&kref->refcount)) {
		release(kref);
		return 1;
	}
	return 0;
}

static inline int kref_put_mutex(struct kref *kref,
				 void (*release)(struct kref *kref),
				 struct mutex *mutex)
{
	if (refcount_dec_and_mutex_lock(&kref->refcount, mutex)) {
		release(kref);
		return 1;
	}
	return 0;
}

static inline int kref_put_lock(struct kref *kref,
				void (*release)(struct kref *kref),
				spinlock_t *lock)
{
	if (refcount_dec_and_lock(&kref->refcount, lock)) {
		release(kref);
		return 1;
	}
	return 0;
}

/* kref_get_unless_zero - a lookup's get: fails once the last put happened */
static inline int __must_check kref_get_unless_zero(struct kref *kref)
{
	return refcount_inc_not_zero(&kref->refcount);
}
#endif /* _KREF_H_ */
