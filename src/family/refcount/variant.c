// SPDX-License-Identifier: GPL-2.0
/*
 * One variant of refcount_t and kref, as the world calls it (api.h):
 * compiled once per variant with -DPAGEREF_VARIANT_HEADER="..." (a built-in
 * variant file, or a tree's variant.h that includes the tree's refcount.h,
 * lib/refcount.c and kref.h, unmodified), -DWORLD_ID, -DWORLD_NAME,
 * -DWORLD_CLASSES and the RC_HAS_* probes of its API generation
 * (family.cmake). Everything the variant's code and its WARN sites run
 * through is in this translation unit.
 *
 * Out-of-line functions (lib/refcount.c's) get a symbol of their own per
 * variant with #pragma redefine_extname, so every variant links into one
 * binary while its C names, __func__ and so its traces and schedules, stay
 * the kernel's.
 */
#include "world.h"
#include "../../harness/variant_entry.h"

#define __VSTR1(x...) #x
#define __VSTR(x...) __VSTR1(x)
#define RC_OWN_SYMBOL(sym) _Pragma(__VSTR(redefine_extname sym __VCAT(WORLD_ID, __VCAT(__, sym))))

RC_OWN_SYMBOL(refcount_warn_saturate)
RC_OWN_SYMBOL(refcount_dec_if_one)
RC_OWN_SYMBOL(refcount_dec_not_one)
RC_OWN_SYMBOL(refcount_dec_and_mutex_lock)
RC_OWN_SYMBOL(refcount_dec_and_lock)
RC_OWN_SYMBOL(refcount_dec_and_lock_irqsave)
/* before v5.5: lib/refcount.c's checked implementation */
RC_OWN_SYMBOL(refcount_add_not_zero_checked)
RC_OWN_SYMBOL(refcount_add_checked)
RC_OWN_SYMBOL(refcount_inc_not_zero_checked)
RC_OWN_SYMBOL(refcount_inc_checked)
RC_OWN_SYMBOL(refcount_sub_and_test_checked)
RC_OWN_SYMBOL(refcount_dec_and_test_checked)
RC_OWN_SYMBOL(refcount_dec_checked)

/*
 * The kernel configuration: before v5.5, CONFIG_REFCOUNT_FULL selects the
 * checked C implementation in lib/refcount.c (what arm and arm64 always
 * selected, and where 47b8f3ab9c49 changed the orderings);
 * CONFIG_ARCH_HAS_REFCOUNT (x86's asm) is never set. Later kernels ignore it.
 */
#define CONFIG_REFCOUNT_FULL 1

/* As the kernel builds it: -Wno-pointer-sign, and no -Wextra (sign-compare) */
#pragma GCC diagnostic ignored "-Wpointer-sign"
#pragma GCC diagnostic ignored "-Wsign-compare"

#include PAGEREF_VARIANT_HEADER

#ifndef _LINUX_REFCOUNT_H
#error "the variant has no include/linux/refcount.h"
#endif
#ifndef _KREF_H_
#error "the variant has no include/linux/kref.h"
#endif

#include "api.h"

_Static_assert(sizeof(refcount_t) == sizeof(atomic_t), "refcount_t is one atomic_t");
_Static_assert(sizeof(struct kref) == sizeof(atomic_t), "struct kref is one refcount_t");

/*
 * The API generation, read from the header's definitions, never from its
 * name or comments: which checks it carries (src/oracle/checks.c, rule 1)
 * and where its counter saturates.
 */
#if defined(REFCOUNT_SATURATED)
#define RC_CHECKS "refcount_warn_saturate() (v5.5+): an increment from 0, a decrement " \
		  "from 0 or below, refcount_dec() to 0 and an overflow each WARN"
#define RC_LIMIT ((unsigned int)REFCOUNT_MAX)
#if defined(RC_HAS_refcount_inc_not_zero_acquire)
#define GENERATION "v6.15+ inline refcount.h, refcount_warn_saturate(), _acquire/_release helpers"
#else
#define GENERATION "v5.5+ inline refcount.h, refcount_warn_saturate()"
#endif
#elif defined(RC_HAS_refcount_inc_checked)
#define RC_CHECKS "REFCOUNT_FULL (lib/refcount.c, before v5.5): an increment from 0, an " \
		  "underflow, refcount_dec() to 0 and a saturation each WARN"
#define RC_LIMIT (UINT_MAX - 1)
#define GENERATION "before v5.5, REFCOUNT_FULL: lib/refcount.c's checked cmpxchg loops, saturation at UINT_MAX"
#else
#define RC_CHECKS NULL
#define RC_LIMIT UINT_MAX
#define GENERATION "plain atomic_t wrappers: no checks"
#endif

#define RC(o) ((refcount_t *)&(o)->ref)
#define KREF(o) ((struct kref *)&(o)->ref)

static void v_release(struct kref *kref)
{
	rc_obj_release((struct robj *)kref);
}

static void v_set(struct robj *o, int n)
{
	refcount_set(RC(o), n);
}

#if defined(RC_HAS_refcount_set_release)
static void v_set_release(struct robj *o, int n)
{
	refcount_set_release(RC(o), n);
}
#endif

static unsigned int v_read(struct robj *o)
{
	return refcount_read(RC(o));
}

static void v_inc(struct robj *o)
{
	refcount_inc(RC(o));
}

static void v_add(struct robj *o, int nr)
{
	refcount_add(nr, RC(o));
}

static bool v_inc_not_zero(struct robj *o)
{
	return refcount_inc_not_zero(RC(o));
}

static bool v_add_not_zero(struct robj *o, int nr)
{
	return refcount_add_not_zero(nr, RC(o));
}

#if defined(RC_HAS_refcount_inc_not_zero_acquire)
static bool v_inc_not_zero_acquire(struct robj *o)
{
	return refcount_inc_not_zero_acquire(RC(o));
}

static bool v_add_not_zero_acquire(struct robj *o, int nr)
{
	return refcount_add_not_zero_acquire(nr, RC(o));
}
#endif

static bool v_dec_and_test(struct robj *o)
{
	return refcount_dec_and_test(RC(o));
}

static bool v_sub_and_test(struct robj *o, int nr)
{
	return refcount_sub_and_test(nr, RC(o));
}

static void v_dec(struct robj *o)
{
	refcount_dec(RC(o));
}

static bool v_dec_if_one(struct robj *o)
{
	return refcount_dec_if_one(RC(o));
}

static bool v_dec_and_lock(struct robj *o, spinlock_t *lock)
{
	return refcount_dec_and_lock(RC(o), lock);
}

static bool v_dec_and_lock_irqsave(struct robj *o, spinlock_t *lock)
{
	unsigned long flags;

	return refcount_dec_and_lock_irqsave(RC(o), lock, &flags);
}

static bool v_dec_and_mutex_lock(struct robj *o, struct mutex *lock)
{
	return refcount_dec_and_mutex_lock(RC(o), lock);
}

static void v_kref_init(struct robj *o)
{
	kref_init(KREF(o));
}

static void v_kref_get(struct robj *o)
{
	kref_get(KREF(o));
}

static int v_kref_put(struct robj *o)
{
	return kref_put(KREF(o), v_release);
}

static int v_kref_put_lock(struct robj *o, spinlock_t *lock)
{
	return kref_put_lock(KREF(o), v_release, lock);
}

static int v_kref_put_mutex(struct robj *o, struct mutex *lock)
{
	return kref_put_mutex(KREF(o), v_release, lock);
}

static int v_kref_get_unless_zero(struct robj *o)
{
	return kref_get_unless_zero(KREF(o));
}

static const struct refcount_api api = {
	.set = v_set,
#if defined(RC_HAS_refcount_set_release)
	.set_release = v_set_release,
#endif
	.read = v_read,
	.inc = v_inc,
	.add = v_add,
	.inc_not_zero = v_inc_not_zero,
	.add_not_zero = v_add_not_zero,
#if defined(RC_HAS_refcount_inc_not_zero_acquire)
	.inc_not_zero_acquire = v_inc_not_zero_acquire,
	.add_not_zero_acquire = v_add_not_zero_acquire,
#endif
	.dec_and_test = v_dec_and_test,
	.sub_and_test = v_sub_and_test,
	.dec = v_dec,
	.dec_if_one = v_dec_if_one,
	.dec_and_lock = v_dec_and_lock,
	.dec_and_lock_irqsave = v_dec_and_lock_irqsave,
	.dec_and_mutex_lock = v_dec_and_mutex_lock,
	.kref_init = v_kref_init,
	.kref_get = v_kref_get,
	.kref_put = v_kref_put,
	.kref_put_lock = v_kref_put_lock,
	.kref_put_mutex = v_kref_put_mutex,
	.kref_get_unless_zero = v_kref_get_unless_zero,
	.limit = RC_LIMIT,
	.checks = RC_CHECKS,
};

WORLD_VARIANT(refcount_family, GENERATION, api);
