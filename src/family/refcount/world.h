/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The refcount family (src/family/refcount/): refcount_t and kref
 * (include/linux/refcount.h, lib/refcount.c, include/linux/kref.h) and their
 * callers: objects in a lookup table. What the engine calls (family.c) and
 * what each variant's variant.c refers to.
 */
#ifndef PR_REFCOUNT_WORLD_H
#define PR_REFCOUNT_WORLD_H

#include <linux/atomic.h>

#include "ops.h"
#include "../../harness/family.h"

/*
 * An object: the counter first (the variant's refcount_t, or the refcount_t
 * inside its struct kref: one atomic_t in every kernel version), then the
 * rest of it, on the heap from creation to free so that AddressSanitizer
 * sees a use through a stale pointer.
 */
struct robj {
	atomic_t ref;
	int id;
	unsigned char *mem;
};

extern const struct family refcount_family;

/* Run @p on variant @v, on fibers or on pthreads (world.c). */
void refcount_world_run(const struct world_variant *v, const struct program *p);
void refcount_world_run_real(const struct world_variant *v, const struct program *p);
/* An object's counter as stored, read without scheduling (reports, the explorer). */
int refcount_world_raw_count(int id);
/* The kref release function every kref_put*() of the world passes (objects.c). */
void rc_obj_release(struct robj *o);

#endif
