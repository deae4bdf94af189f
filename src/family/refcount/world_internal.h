/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The refcount world's shared state and calls, for its files and nobody
 * else:
 *   world.c     the state, the op dispatch, setup, the run, quiescence
 *   objects.c   the objects' lives: create, lookup, the puts, release, free
 *   locks.c     the table's spinlock and mutex, RCU read sides and grace periods
 *   contents.c  the objects' contents as published plain accesses
 *   misuse.c    misuse mode, and the saturation world's overflows
 * The world is compiled once; the variant of the run is rc_api (api.h),
 * and refcount_t's and kref's API is spelled below as the kernel spells it.
 *
 * Ordering contract with the ledger (ledger.h), as in the page_ref world: a
 * holder gives up references in the ledger *before* the API call that drops
 * them, and a getter records them *after* the call that took them returned
 * true, so at every scheduling point the ledger never counts more than the
 * variant should. An object becomes live in the ledger before the counter
 * is set and it is published; it becomes dead when a put returns true and
 * freed when its memory goes back. With fibers the code between two
 * scheduling points runs alone; on real threads these rules keep the
 * ledger true (the world's code runs under the world lock, src/runtime).
 */
#ifndef PR_REFCOUNT_WORLD_INTERNAL_H
#define PR_REFCOUNT_WORLD_INTERNAL_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "api.h"
#include "ledger.h"
#include "world.h"
#include "../../memory/orderings.h"
#include "../../memory/wmm.h"
#include "../../runtime/sched.h"
#include "../../runtime/trace.h"

#define RC_MEM_SIZE	64

/* ---- the state (world.c) ---- */
extern struct robj rc_objs[RC_MAX_OBJS];
extern struct robj *rc_table[RC_MAX_OBJS];	/* the lookup structure: id -> object */
extern uint8_t rc_slot_guard[RC_MAX_OBJS];		/* enum rc_guard of the slot's objects */
extern spinlock_t rc_table_lock;			/* guards lock- and RCU-slots' updates */
extern struct mutex rc_table_mutex;		/* guards mutex-slots */
extern const struct program *rc_prog;
extern int rc_opts;
extern bool rc_abandoned;	/* an unchecked misuse ended the run early */

/* Per simulated CPU: the op running, and the API call in progress. */
extern const char *rc_caller[PR_MAX_THREADS];
extern uint8_t rc_cur_op[PR_MAX_THREADS];
extern const char *rc_api_name[PR_MAX_THREADS];
#define cur_caller rc_caller[sched_current()]

/* The variant of this run (world.c). */
extern const struct refcount_api *rc_api;

/* ---- the variant's API, as the kernel spells it (on a struct robj) ---- */
#define refcount_set(o, n)			(rc_api->set(o, n))
#define refcount_set_release(o, n)		(rc_api->set_release(o, n))
#define refcount_read(o)			(rc_api->read(o))
#define refcount_inc(o)				(rc_api->inc(o))
#define refcount_add(nr, o)			(rc_api->add(o, nr))
#define refcount_inc_not_zero(o)		(rc_api->inc_not_zero(o))
#define refcount_add_not_zero(nr, o)		(rc_api->add_not_zero(o, nr))
#define refcount_inc_not_zero_acquire(o)	(rc_api->inc_not_zero_acquire(o))
#define refcount_add_not_zero_acquire(nr, o)	(rc_api->add_not_zero_acquire(o, nr))
#define refcount_dec_and_test(o)		(rc_api->dec_and_test(o))
#define refcount_sub_and_test(nr, o)		(rc_api->sub_and_test(o, nr))
#define refcount_dec(o)				(rc_api->dec(o))
#define refcount_dec_if_one(o)			(rc_api->dec_if_one(o))
#define refcount_dec_and_lock(o, l)		(rc_api->dec_and_lock(o, l))
#define refcount_dec_and_lock_irqsave(o, l)	(rc_api->dec_and_lock_irqsave(o, l))
#define refcount_dec_and_mutex_lock(o, l)	(rc_api->dec_and_mutex_lock(o, l))
#define kref_init(o)				(rc_api->kref_init(o))
#define kref_get(o)				(rc_api->kref_get(o))
#define kref_put(o)				(rc_api->kref_put(o))
#define kref_put_lock(o, l)			(rc_api->kref_put_lock(o, l))
#define kref_put_mutex(o, l)			(rc_api->kref_put_mutex(o, l))
#define kref_get_unless_zero(o)			(rc_api->kref_get_unless_zero(o))

/*
 * Calls into the variant. In the real-thread mode they run without the world
 * lock (src/runtime/sched.h); with fibers these are plain calls.
 */
#define VCALL(expr) ({ sched_vcall_enter(); __typeof__(expr) __vret = (expr); sched_vcall_exit(); __vret; })
#define VCALLV(stmt) do { sched_vcall_enter(); stmt; sched_vcall_exit(); } while (0)

/*
 * What refcount.h documents for each call (its header comment, and
 * Documentation/core-api/refcount-vs-atomic.rst), the contract the memory
 * model judges the variant's real orderings against (world.c):
 *   RCC_RELAXED       increments, inc_not_zero (a control dependency
 *                     orders only later stores), set, read
 *   RCC_RELEASE       refcount_dec, dec_if_one, dec_not_one: release (and
 *                     a control dependency to the free)
 *   RCC_ACQ_ON_SUCCESS  the v6.15 _acquire getters
 *   RCC_REL_ACQ_ON_SUCCESS  dec_and_test, sub_and_test, the *_lock helpers
 *                     and kref_put*: release, and acquire when they
 *                     return true (47b8f3ab9c49)
 */
enum rc_contract { RCC_RELAXED, RCC_RELEASE, RCC_ACQ_ON_SUCCESS, RCC_REL_ACQ_ON_SUCCESS };

#define API(name, c, expr) ({ rc_api_begin(name, c); __typeof__(expr) __ar = VCALL(expr); \
			      rc_api_end(!!__ar); __ar; })
#define APIV(name, c, stmt) do { rc_api_begin(name, c); VCALLV(stmt); rc_api_end(true); } while (0)
void rc_api_begin(const char *name, enum rc_contract c);
/* The call returned (or, in its release callback, decided to free): settle its contract. */
void rc_api_end(bool success);
/* CPU @t's last call promises acquire on success (dec_and_test and kin, not dec_if_one) */
bool rc_put_acquires(int t);

/* The world's locks, for the memory model (wmm_lock_*). */
#define RC_WLOCK_TABLE		0
#define RC_WLOCK_MUTEX		1
#define RC_WLOCK_SLOT(id)	(2 + (id))			/* rcu_assign_pointer / rcu_dereference */
#define RC_WLOCK_ALLOC(id)	(2 + RC_MAX_OBJS + (id))	/* free() before the next alloc() */

/* ---- steps in the trace ---- */
#define STEP(fmt, a, b, c) trace_add(EV_STEP, sched_current(), NULL, fmt, a, b, c)

/* ---- holdings (world.c) ---- */
/* CPU @t's reference to @id, or NULL (and a step saying so). */
struct lhold *rc_held(int t, int id);
/* Drop @n references of holding @h from the ledger (before the API call). */
void rc_ledger_put(int t, struct lhold *h, int64_t n);

/* ---- objects.c ---- */
void rc_obj_reset(void);
void rc_setup_obj(int t, int id, int refs, int guard, int bg);
void rc_op_create(int t, int id, int guard);
void rc_op_lookup(int t, int id, uint8_t arg);
void rc_op_get(int t, int id, uint8_t arg);
void rc_op_put(int t, int id, uint8_t arg);
void rc_op_use(int t, int id);
/* the caller's free path after a put returned true (lock: a lock it holds) */
void rc_obj_free_path(int t, struct robj *o);

/* ---- locks.c ---- */
void rc_locks_reset(void);
/* world code takes and drops the table's locks with these (the shim's are the variant's) */
bool rc_spin_lock(spinlock_t *lock);
void rc_spin_unlock(spinlock_t *lock);
bool rc_mutex_lock(struct mutex *lock);
void rc_mutex_unlock(struct mutex *lock);
void rc_rcu_read_lock(int t);
void rc_rcu_read_unlock(int t);
/* kfree_rcu(): @o is freed once no CPU is in a read side that began before */
void rc_call_rcu(int t, struct robj *o);
/* every CPU finished: the grace periods still pending end */
void rc_rcu_barrier(void);
/* the lock still held by someone at quiescence, or NULL */
const char *rc_lock_held(void);

/* ---- contents.c ---- */
extern int rc_ident[RC_MAX_OBJS];	/* written once per lifetime, before publication */
extern int rc_data[RC_MAX_OBJS];	/* written by holders through their references */
void rc_contents_init(int id);
void rc_contents_use(int t, int id);
/* judged reads: what @after's ordering promises @t */
void rc_contents_read_ident(int t, int id, const char *after);
void rc_contents_read_data(int t, int id, const char *after);
void rc_contents_read_acquired(int t, int id, const char *after);
/* CPU @t's put of @id returned (its decrement released its writes) */
void rc_contents_released(int t, int id);

/* ---- misuse.c ---- */
void rc_op_misuse(int t, int id, uint8_t arg);
/*
 * Increments (get, add, a lookup's get), misuse.c: in the saturation world
 * each runs alone, and one that takes the counter past the variant's limit
 * is an overflow, which the header's checks are there to catch (misuse
 * protocol, kind "overflow"; the ledger then has the references already).
 * The call runs between rc_inc_begin() and rc_inc_end(); @took: the call
 * took the references.
 */
enum { RC_INC_PLAIN, RC_INC_ALONE, RC_INC_OVERFLOW };
int rc_inc_begin(int t, int id, int64_t nr);
void rc_inc_end(int t, int id, int64_t nr, int how, bool took, const char *api);

#endif
