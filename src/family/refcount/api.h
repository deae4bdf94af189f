/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A variant as the refcount world calls it: refcount_t's and kref's API of
 * one refcount.h + lib/refcount.c + kref.h, compiled with them (variant.c,
 * once per variant). The world is compiled once and calls the variant of the
 * run through this table; world_internal.h spells the calls as the kernel
 * does. Each variant's checks (its WARN_ONCE sites) are compiled into its
 * own variant.c, so its check table lists its own sites.
 *
 * The counter lives in the world's object (struct robj's first field, an
 * atomic_t): refcount_t and struct kref are both exactly one atomic_t in
 * every kernel version, which variant.c asserts.
 */
#ifndef PR_REFCOUNT_API_H
#define PR_REFCOUNT_API_H

#include <stdbool.h>

#include <linux/mutex.h>
#include <linux/spinlock_types.h>

struct robj;

struct refcount_api {
	/* include/linux/refcount.h */
	void (*set)(struct robj *o, int n);
	void (*set_release)(struct robj *o, int n);	/* NULL: before v6.15 */
	unsigned int (*read)(struct robj *o);
	void (*inc)(struct robj *o);
	void (*add)(struct robj *o, int nr);
	bool (*inc_not_zero)(struct robj *o);
	bool (*add_not_zero)(struct robj *o, int nr);
	bool (*inc_not_zero_acquire)(struct robj *o);	/* NULL: before v6.15 */
	bool (*add_not_zero_acquire)(struct robj *o, int nr);
	bool (*dec_and_test)(struct robj *o);
	bool (*sub_and_test)(struct robj *o, int nr);
	void (*dec)(struct robj *o);
	/* lib/refcount.c */
	bool (*dec_if_one)(struct robj *o);
	bool (*dec_and_lock)(struct robj *o, spinlock_t *lock);
	bool (*dec_and_lock_irqsave)(struct robj *o, spinlock_t *lock);
	bool (*dec_and_mutex_lock)(struct robj *o, struct mutex *lock);
	/* include/linux/kref.h; release is the world's obj_release() */
	void (*kref_init)(struct robj *o);
	void (*kref_get)(struct robj *o);
	int (*kref_put)(struct robj *o);
	int (*kref_put_lock)(struct robj *o, spinlock_t *lock);
	int (*kref_put_mutex)(struct robj *o, struct mutex *lock);
	int (*kref_get_unless_zero)(struct robj *o);
	/*
	 * What the header is, read from its definitions (variant.c): the
	 * largest count it keeps without saturating, and the checks its API
	 * generation carries (src/oracle/checks.c, rule 1), or NULL.
	 */
	unsigned int limit;
	const char *checks;
};

#endif
