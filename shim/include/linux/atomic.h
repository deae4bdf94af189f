/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/atomic.h> for the harness: the atomic_t API that page_ref.h
 * variants use. CUSTOMISED FOR TESTING (not duplicated from the kernel).
 *
 * Contract: every operation below is one step of the engine. It calls
 * shim_before() (a scheduling point: another simulated CPU may run first),
 * performs the access, then calls shim_after() with old -> new so the
 * execution record sees it. On real threads (shim_smp) the access is the
 * real atomic with the kernel's memory order mapped to the C11 one; on the
 * fibers of one OS thread, a plain load and store (__shim_rmw below).
 * Arithmetic wraps (the kernel builds with -fno-strict-overflow).
 *
 * Composite operations that the kernel implements as a loop of simpler
 * atomics on x86 (atomic_fetch_add_unless and friends, the generic
 * fallbacks in include/linux/atomic/atomic-arch-fallback.h) are written as
 * that loop here, so each read and each try_cmpxchg is its own step.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <shim/hooks.h>
#include <asm/barrier.h>

typedef struct {
	int counter;
} atomic_t;

#define ATOMIC_INIT(i) { (i) }

#define __SHIM_MO_NONE    __ATOMIC_RELAXED
#define __SHIM_MO_RELAXED __ATOMIC_RELAXED
#define __SHIM_MO_ACQUIRE __ATOMIC_ACQUIRE
#define __SHIM_MO_RELEASE __ATOMIC_RELEASE
#define __SHIM_MO_FULL    __ATOMIC_SEQ_CST

static inline int __shim_wrap_add(int a, int b)
{
	return (int)((unsigned int)a + (unsigned int)b);
}

/* Negation that wraps for INT_MIN instead of being undefined. */
static inline int __shim_neg(int i)
{
	return (int)(0u - (unsigned int)i);
}

/*
 * The accesses themselves. Fibers run on one OS thread and switch only at
 * shim_before(), so a read-modify-write is a load and a store there; the
 * locked instructions are for real threads only (shim/hooks.h, shim_smp).
 */
enum { __SHIM_ADD, __SHIM_XCHG, __SHIM_AND, __SHIM_OR, __SHIM_XOR, __SHIM_ANDNOT };

static inline int __shim_rmw(int *p, int i, int op, int mo)
{
	int old;

	if (shim_smp) {
		switch (op) {
		case __SHIM_ADD: return __atomic_fetch_add(p, i, mo);
		case __SHIM_XCHG: return __atomic_exchange_n(p, i, mo);
		case __SHIM_AND: return __atomic_fetch_and(p, i, mo);
		case __SHIM_OR: return __atomic_fetch_or(p, i, mo);
		case __SHIM_XOR: return __atomic_fetch_xor(p, i, mo);
		default: return __atomic_fetch_and(p, ~i, mo);
		}
	}
	old = __atomic_load_n(p, __ATOMIC_RELAXED);
	switch (op) {
	case __SHIM_ADD: __atomic_store_n(p, __shim_wrap_add(old, i), __ATOMIC_RELAXED); break;
	case __SHIM_XCHG: __atomic_store_n(p, i, __ATOMIC_RELAXED); break;
	case __SHIM_AND: __atomic_store_n(p, old & i, __ATOMIC_RELAXED); break;
	case __SHIM_OR: __atomic_store_n(p, old | i, __ATOMIC_RELAXED); break;
	case __SHIM_XOR: __atomic_store_n(p, old ^ i, __ATOMIC_RELAXED); break;
	default: __atomic_store_n(p, old & ~i, __ATOMIC_RELAXED); break;
	}
	return old;
}

/* Stores @new if *@p is *@expected; else *@expected gets what it was. */
static inline bool __shim_cas(int *p, int *expected, int new, int mo)
{
	int cur;

	if (shim_smp)
		return __atomic_compare_exchange_n(p, expected, new, false, mo, __ATOMIC_RELAXED);
	cur = __atomic_load_n(p, __ATOMIC_RELAXED);
	if (cur == *expected) {
		__atomic_store_n(p, new, __ATOMIC_RELAXED);
		return true;
	}
	*expected = cur;
	return false;
}

/* ---- plain accesses ---- */

static inline int __shim_atomic_read(const atomic_t *v, const struct shim_site *s, int mo)
{
	int val;

	shim_before(s);
	val = shim_load(s, v, __atomic_load_n(&v->counter, mo));
	shim_after(s, v, val, val, val);
	return val;
}

static inline void __shim_atomic_set(atomic_t *v, int i, const struct shim_site *s, int mo)
{
	int old;

	shim_before(s);
	old = __shim_rmw(&v->counter, i, __SHIM_XCHG, mo);
	shim_store(s, v, i, 0, 1);
	shim_after(s, v, old, i, 0);
}

#define atomic_read(v)         __shim_atomic_read((v), SHIM_SITE("atomic_read", SHIM_ORDER_NONE), __SHIM_MO_NONE)
#define atomic_read_acquire(v) __shim_atomic_read((v), SHIM_SITE("atomic_read_acquire", SHIM_ORDER_ACQUIRE), __SHIM_MO_ACQUIRE)
#define atomic_set(v, i)       __shim_atomic_set((v), (i), SHIM_SITE("atomic_set", SHIM_ORDER_NONE), __SHIM_MO_NONE)
#define atomic_set_release(v, i) __shim_atomic_set((v), (i), SHIM_SITE("atomic_set_release", SHIM_ORDER_RELEASE), __SHIM_MO_RELEASE)

/* ---- read-modify-write: one body, returns the old value ---- */

static inline int __shim_atomic_fetch_add(atomic_t *v, int i, const struct shim_site *s, int mo, int retkind)
{
	int old, new, ret;

	shim_before(s);
	old = __shim_rmw(&v->counter, i, __SHIM_ADD, mo);
	new = __shim_wrap_add(old, i);
	shim_store(s, v, new, 1, 1);
	switch (retkind) {
	case 0: ret = old; break;		/* fetch_* and void ops */
	case 1: ret = new; break;		/* *_return */
	case 2: ret = new == 0; break;		/* *_and_test */
	default: ret = new < 0; break;		/* add_negative */
	}
	shim_after(s, v, old, new, ret);
	return ret;
}

#define __SHIM_RMW(name, v, i, ord, retkind) \
	__shim_atomic_fetch_add((v), (i), SHIM_SITE(name, SHIM_ORDER_##ord), __SHIM_MO_##ord, retkind)

/* void: unordered */
#define atomic_add(i, v) ((void)__SHIM_RMW("atomic_add", v, (i), RELAXED, 0))
#define atomic_sub(i, v) ((void)__SHIM_RMW("atomic_sub", v, __shim_neg(i), RELAXED, 0))
#define atomic_inc(v)    ((void)__SHIM_RMW("atomic_inc", v, 1, RELAXED, 0))
#define atomic_dec(v)    ((void)__SHIM_RMW("atomic_dec", v, -1, RELAXED, 0))

/* value-returning: fully ordered unless suffixed */
#define atomic_add_return(i, v)         __SHIM_RMW("atomic_add_return", v, (i), FULL, 1)
#define atomic_add_return_relaxed(i, v) __SHIM_RMW("atomic_add_return_relaxed", v, (i), RELAXED, 1)
#define atomic_add_return_acquire(i, v) __SHIM_RMW("atomic_add_return_acquire", v, (i), ACQUIRE, 1)
#define atomic_add_return_release(i, v) __SHIM_RMW("atomic_add_return_release", v, (i), RELEASE, 1)
#define atomic_sub_return(i, v)         __SHIM_RMW("atomic_sub_return", v, __shim_neg(i), FULL, 1)
#define atomic_sub_return_relaxed(i, v) __SHIM_RMW("atomic_sub_return_relaxed", v, __shim_neg(i), RELAXED, 1)
#define atomic_sub_return_acquire(i, v) __SHIM_RMW("atomic_sub_return_acquire", v, __shim_neg(i), ACQUIRE, 1)
#define atomic_sub_return_release(i, v) __SHIM_RMW("atomic_sub_return_release", v, __shim_neg(i), RELEASE, 1)
#define atomic_inc_return(v)            __SHIM_RMW("atomic_inc_return", v, 1, FULL, 1)
#define atomic_inc_return_relaxed(v)    __SHIM_RMW("atomic_inc_return_relaxed", v, 1, RELAXED, 1)
#define atomic_inc_return_acquire(v)    __SHIM_RMW("atomic_inc_return_acquire", v, 1, ACQUIRE, 1)
#define atomic_inc_return_release(v)    __SHIM_RMW("atomic_inc_return_release", v, 1, RELEASE, 1)
#define atomic_dec_return(v)            __SHIM_RMW("atomic_dec_return", v, -1, FULL, 1)
#define atomic_dec_return_relaxed(v)    __SHIM_RMW("atomic_dec_return_relaxed", v, -1, RELAXED, 1)
#define atomic_dec_return_acquire(v)    __SHIM_RMW("atomic_dec_return_acquire", v, -1, ACQUIRE, 1)
#define atomic_dec_return_release(v)    __SHIM_RMW("atomic_dec_return_release", v, -1, RELEASE, 1)
#define atomic_fetch_add(i, v)          __SHIM_RMW("atomic_fetch_add", v, (i), FULL, 0)
#define atomic_fetch_add_relaxed(i, v)  __SHIM_RMW("atomic_fetch_add_relaxed", v, (i), RELAXED, 0)
#define atomic_fetch_add_acquire(i, v)  __SHIM_RMW("atomic_fetch_add_acquire", v, (i), ACQUIRE, 0)
#define atomic_fetch_add_release(i, v)  __SHIM_RMW("atomic_fetch_add_release", v, (i), RELEASE, 0)
#define atomic_fetch_sub(i, v)          __SHIM_RMW("atomic_fetch_sub", v, __shim_neg(i), FULL, 0)
#define atomic_fetch_sub_relaxed(i, v)  __SHIM_RMW("atomic_fetch_sub_relaxed", v, __shim_neg(i), RELAXED, 0)
#define atomic_fetch_sub_acquire(i, v)  __SHIM_RMW("atomic_fetch_sub_acquire", v, __shim_neg(i), ACQUIRE, 0)
#define atomic_fetch_sub_release(i, v)  __SHIM_RMW("atomic_fetch_sub_release", v, __shim_neg(i), RELEASE, 0)
#define atomic_fetch_inc(v)             __SHIM_RMW("atomic_fetch_inc", v, 1, FULL, 0)
#define atomic_fetch_inc_relaxed(v)     __SHIM_RMW("atomic_fetch_inc_relaxed", v, 1, RELAXED, 0)
#define atomic_fetch_inc_acquire(v)     __SHIM_RMW("atomic_fetch_inc_acquire", v, 1, ACQUIRE, 0)
#define atomic_fetch_inc_release(v)     __SHIM_RMW("atomic_fetch_inc_release", v, 1, RELEASE, 0)
#define atomic_fetch_dec(v)             __SHIM_RMW("atomic_fetch_dec", v, -1, FULL, 0)
#define atomic_fetch_dec_relaxed(v)     __SHIM_RMW("atomic_fetch_dec_relaxed", v, -1, RELAXED, 0)
#define atomic_fetch_dec_acquire(v)     __SHIM_RMW("atomic_fetch_dec_acquire", v, -1, ACQUIRE, 0)
#define atomic_fetch_dec_release(v)     __SHIM_RMW("atomic_fetch_dec_release", v, -1, RELEASE, 0)
#define atomic_dec_and_test(v)          __SHIM_RMW("atomic_dec_and_test", v, -1, FULL, 2)
#define atomic_inc_and_test(v)          __SHIM_RMW("atomic_inc_and_test", v, 1, FULL, 2)
#define atomic_sub_and_test(i, v)       __SHIM_RMW("atomic_sub_and_test", v, __shim_neg(i), FULL, 2)
#define atomic_add_negative(i, v)       __SHIM_RMW("atomic_add_negative", v, (i), FULL, 3)
#define atomic_add_negative_relaxed(i, v) __SHIM_RMW("atomic_add_negative_relaxed", v, (i), RELAXED, 3)
#define atomic_add_negative_acquire(i, v) __SHIM_RMW("atomic_add_negative_acquire", v, (i), ACQUIRE, 3)
#define atomic_add_negative_release(i, v) __SHIM_RMW("atomic_add_negative_release", v, (i), RELEASE, 3)

/* ---- bitwise read-modify-write: one body, returns the old value ---- */

static inline int __shim_atomic_fetch_op(atomic_t *v, int i, int op, const struct shim_site *s, int mo)
{
	int old, new;

	shim_before(s);
	old = __shim_rmw(&v->counter, i, op, mo);
	switch (op) {
	case __SHIM_AND: new = old & i; break;
	case __SHIM_OR: new = old | i; break;
	case __SHIM_XOR: new = old ^ i; break;
	default: new = old & ~i; break;
	}
	shim_store(s, v, new, 1, 1);
	shim_after(s, v, old, new, old);
	return old;
}

#define __SHIM_BITOP(name, v, i, op, ord) \
	__shim_atomic_fetch_op((v), (i), op, SHIM_SITE(name, SHIM_ORDER_##ord), __SHIM_MO_##ord)
#define atomic_and(i, v)    ((void)__SHIM_BITOP("atomic_and", v, (i), __SHIM_AND, RELAXED))
#define atomic_or(i, v)     ((void)__SHIM_BITOP("atomic_or", v, (i), __SHIM_OR, RELAXED))
#define atomic_xor(i, v)    ((void)__SHIM_BITOP("atomic_xor", v, (i), __SHIM_XOR, RELAXED))
#define atomic_andnot(i, v) ((void)__SHIM_BITOP("atomic_andnot", v, (i), __SHIM_ANDNOT, RELAXED))
#define atomic_fetch_and(i, v)            __SHIM_BITOP("atomic_fetch_and", v, (i), __SHIM_AND, FULL)
#define atomic_fetch_and_relaxed(i, v)    __SHIM_BITOP("atomic_fetch_and_relaxed", v, (i), __SHIM_AND, RELAXED)
#define atomic_fetch_and_acquire(i, v)    __SHIM_BITOP("atomic_fetch_and_acquire", v, (i), __SHIM_AND, ACQUIRE)
#define atomic_fetch_and_release(i, v)    __SHIM_BITOP("atomic_fetch_and_release", v, (i), __SHIM_AND, RELEASE)
#define atomic_fetch_or(i, v)             __SHIM_BITOP("atomic_fetch_or", v, (i), __SHIM_OR, FULL)
#define atomic_fetch_or_relaxed(i, v)     __SHIM_BITOP("atomic_fetch_or_relaxed", v, (i), __SHIM_OR, RELAXED)
#define atomic_fetch_or_acquire(i, v)     __SHIM_BITOP("atomic_fetch_or_acquire", v, (i), __SHIM_OR, ACQUIRE)
#define atomic_fetch_or_release(i, v)     __SHIM_BITOP("atomic_fetch_or_release", v, (i), __SHIM_OR, RELEASE)
#define atomic_fetch_xor(i, v)            __SHIM_BITOP("atomic_fetch_xor", v, (i), __SHIM_XOR, FULL)
#define atomic_fetch_xor_relaxed(i, v)    __SHIM_BITOP("atomic_fetch_xor_relaxed", v, (i), __SHIM_XOR, RELAXED)
#define atomic_fetch_xor_acquire(i, v)    __SHIM_BITOP("atomic_fetch_xor_acquire", v, (i), __SHIM_XOR, ACQUIRE)
#define atomic_fetch_xor_release(i, v)    __SHIM_BITOP("atomic_fetch_xor_release", v, (i), __SHIM_XOR, RELEASE)
#define atomic_fetch_andnot(i, v)         __SHIM_BITOP("atomic_fetch_andnot", v, (i), __SHIM_ANDNOT, FULL)
#define atomic_fetch_andnot_relaxed(i, v) __SHIM_BITOP("atomic_fetch_andnot_relaxed", v, (i), __SHIM_ANDNOT, RELAXED)
#define atomic_fetch_andnot_acquire(i, v) __SHIM_BITOP("atomic_fetch_andnot_acquire", v, (i), __SHIM_ANDNOT, ACQUIRE)
#define atomic_fetch_andnot_release(i, v) __SHIM_BITOP("atomic_fetch_andnot_release", v, (i), __SHIM_ANDNOT, RELEASE)

/* ---- exchange and compare-and-swap ---- */

static inline int __shim_atomic_xchg(atomic_t *v, int i, const struct shim_site *s, int mo)
{
	int old;

	shim_before(s);
	old = __shim_rmw(&v->counter, i, __SHIM_XCHG, mo);
	shim_store(s, v, i, 1, 1);
	shim_after(s, v, old, i, old);
	return old;
}

/* Returns the value found; stores @new only if it equalled @old. */
static inline int __shim_atomic_cmpxchg(atomic_t *v, int old, int new, const struct shim_site *s, int mo)
{
	int cur = old;
	bool ok;

	shim_before(s);
	ok = __shim_cas(&v->counter, &cur, new, mo);
	shim_store(s, v, ok ? new : cur, 1, ok);
	shim_after(s, v, cur, ok ? new : cur, cur);
	return cur;
}

static inline bool __shim_atomic_try_cmpxchg(atomic_t *v, int *old, int new, const struct shim_site *s, int mo)
{
	int cur = *old;
	bool ok;

	shim_before(s);
	ok = __shim_cas(&v->counter, &cur, new, mo);
	shim_store(s, v, ok ? new : cur, 1, ok);
	shim_after(s, v, cur, ok ? new : cur, ok);
	if (!ok)
		*old = cur;
	return ok;
}

#define atomic_xchg(v, i)                 __shim_atomic_xchg((v), (i), SHIM_SITE("atomic_xchg", SHIM_ORDER_FULL), __SHIM_MO_FULL)
#define atomic_xchg_relaxed(v, i)         __shim_atomic_xchg((v), (i), SHIM_SITE("atomic_xchg_relaxed", SHIM_ORDER_RELAXED), __SHIM_MO_RELAXED)
#define atomic_xchg_acquire(v, i)         __shim_atomic_xchg((v), (i), SHIM_SITE("atomic_xchg_acquire", SHIM_ORDER_ACQUIRE), __SHIM_MO_ACQUIRE)
#define atomic_xchg_release(v, i)         __shim_atomic_xchg((v), (i), SHIM_SITE("atomic_xchg_release", SHIM_ORDER_RELEASE), __SHIM_MO_RELEASE)
#define atomic_cmpxchg(v, o, n)           __shim_atomic_cmpxchg((v), (o), (n), SHIM_SITE("atomic_cmpxchg", SHIM_ORDER_FULL), __SHIM_MO_FULL)
#define atomic_cmpxchg_relaxed(v, o, n)   __shim_atomic_cmpxchg((v), (o), (n), SHIM_SITE("atomic_cmpxchg_relaxed", SHIM_ORDER_RELAXED), __SHIM_MO_RELAXED)
#define atomic_cmpxchg_acquire(v, o, n)   __shim_atomic_cmpxchg((v), (o), (n), SHIM_SITE("atomic_cmpxchg_acquire", SHIM_ORDER_ACQUIRE), __SHIM_MO_ACQUIRE)
#define atomic_cmpxchg_release(v, o, n)   __shim_atomic_cmpxchg((v), (o), (n), SHIM_SITE("atomic_cmpxchg_release", SHIM_ORDER_RELEASE), __SHIM_MO_RELEASE)
#define atomic_try_cmpxchg(v, po, n)         __shim_atomic_try_cmpxchg((v), (po), (n), SHIM_SITE("atomic_try_cmpxchg", SHIM_ORDER_FULL), __SHIM_MO_FULL)
#define atomic_try_cmpxchg_relaxed(v, po, n) __shim_atomic_try_cmpxchg((v), (po), (n), SHIM_SITE("atomic_try_cmpxchg_relaxed", SHIM_ORDER_RELAXED), __SHIM_MO_RELAXED)
#define atomic_try_cmpxchg_acquire(v, po, n) __shim_atomic_try_cmpxchg((v), (po), (n), SHIM_SITE("atomic_try_cmpxchg_acquire", SHIM_ORDER_ACQUIRE), __SHIM_MO_ACQUIRE)
#define atomic_try_cmpxchg_release(v, po, n) __shim_atomic_try_cmpxchg((v), (po), (n), SHIM_SITE("atomic_try_cmpxchg_release", SHIM_ORDER_RELEASE), __SHIM_MO_RELEASE)

/*
 * The generic fetch_add_unless loop (x86 has no arch version): read, then
 * try_cmpxchg until it lands or the value equals @u. Fully ordered on
 * success, relaxed on failure, as documented for atomic_add_unless().
 */
static inline int __shim_atomic_fetch_add_unless(atomic_t *v, int a, int u,
						 const struct shim_site *rd,
						 const struct shim_site *cas)
{
	int c = __shim_atomic_read(v, rd, __SHIM_MO_NONE);

	do {
		if (unlikely(c == u))
			break;
	} while (!__shim_atomic_try_cmpxchg(v, &c, __shim_wrap_add(c, a), cas, __SHIM_MO_FULL));
	return c;
}

#define atomic_fetch_add_unless(v, a, u)                                             \
	__shim_atomic_fetch_add_unless((v), (a), (u),                                \
		SHIM_SITE("atomic_fetch_add_unless:read", SHIM_ORDER_NONE),           \
		SHIM_SITE("atomic_fetch_add_unless:try_cmpxchg", SHIM_ORDER_FULL))
#define atomic_add_unless(v, a, u)                                                   \
	(__shim_atomic_fetch_add_unless((v), (a), (u),                               \
		SHIM_SITE("atomic_add_unless:read", SHIM_ORDER_NONE),                 \
		SHIM_SITE("atomic_add_unless:try_cmpxchg", SHIM_ORDER_FULL)) != (u))
#define atomic_inc_not_zero(v)                                                       \
	(__shim_atomic_fetch_add_unless((v), 1, 0,                                   \
		SHIM_SITE("atomic_inc_not_zero:read", SHIM_ORDER_NONE),               \
		SHIM_SITE("atomic_inc_not_zero:try_cmpxchg", SHIM_ORDER_FULL)) != 0)

/*
 * The generic conditional loops of include/linux/atomic/atomic-arch-fallback.h,
 * each read and each try_cmpxchg its own step: fully ordered on success,
 * relaxed on failure.
 */
static inline bool __shim_atomic_inc_unless_negative(atomic_t *v, const struct shim_site *rd,
						     const struct shim_site *cas)
{
	int c = __shim_atomic_read(v, rd, __SHIM_MO_NONE);

	do {
		if (unlikely(c < 0))
			return false;
	} while (!__shim_atomic_try_cmpxchg(v, &c, __shim_wrap_add(c, 1), cas, __SHIM_MO_FULL));
	return true;
}

static inline bool __shim_atomic_dec_unless_positive(atomic_t *v, const struct shim_site *rd,
						     const struct shim_site *cas)
{
	int c = __shim_atomic_read(v, rd, __SHIM_MO_NONE);

	do {
		if (unlikely(c > 0))
			return false;
	} while (!__shim_atomic_try_cmpxchg(v, &c, __shim_wrap_add(c, -1), cas, __SHIM_MO_FULL));
	return true;
}

static inline int __shim_atomic_dec_if_positive(atomic_t *v, const struct shim_site *rd,
						const struct shim_site *cas)
{
	int dec, c = __shim_atomic_read(v, rd, __SHIM_MO_NONE);

	do {
		dec = __shim_wrap_add(c, -1);
		if (unlikely(dec < 0))
			break;
	} while (!__shim_atomic_try_cmpxchg(v, &c, dec, cas, __SHIM_MO_FULL));
	return dec;
}

#define atomic_inc_unless_negative(v)                                                \
	__shim_atomic_inc_unless_negative((v),                                       \
		SHIM_SITE("atomic_inc_unless_negative:read", SHIM_ORDER_NONE),        \
		SHIM_SITE("atomic_inc_unless_negative:try_cmpxchg", SHIM_ORDER_FULL))
#define atomic_dec_unless_positive(v)                                                \
	__shim_atomic_dec_unless_positive((v),                                       \
		SHIM_SITE("atomic_dec_unless_positive:read", SHIM_ORDER_NONE),        \
		SHIM_SITE("atomic_dec_unless_positive:try_cmpxchg", SHIM_ORDER_FULL))
#define atomic_dec_if_positive(v)                                                    \
	__shim_atomic_dec_if_positive((v),                                           \
		SHIM_SITE("atomic_dec_if_positive:read", SHIM_ORDER_NONE),            \
		SHIM_SITE("atomic_dec_if_positive:try_cmpxchg", SHIM_ORDER_FULL))

#endif /* _LINUX_ATOMIC_H */
