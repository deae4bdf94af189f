/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rcuref world's shared state and calls, for its files and nobody else:
 *   world.c     the state, the op dispatch, setup, the run, quiescence
 *   rcu.c       the RCU model: read-side sections, preemption, grace
 *               periods, call_rcu()'s callbacks (and the shim's hooks for it)
 *   objects.c   the users: create, lookup, get, put, use, peek, the last
 *               put's destruction; the contents; KASAN for the counters
 *   misuse.c    misuse mode
 * The world is compiled once; the variant of the run is rw_api (api.h), and
 * rcuref's API is spelled below as the kernel spells it.
 *
 * The objects live in a table looked up under RCU, lib/rcuref.c's "common
 * usage pattern": a lookup takes rcu_read_lock(), loads the pointer and
 * calls rcuref_get(); the put that returns true unpublishes the object and
 * frees it after a grace period (kfree_rcu). Object memory is a slot of
 * rw_objs[] (a lifetime of it per creation); its contents are heap memory
 * from creation to the free, so AddressSanitizer sees a stale use too.
 *
 * Ordering contract with the ledger (ledger.h): a holder gives up a
 * reference in the ledger *before* the API call that drops it, and a getter
 * records one *after* rcuref_get() returned true, so at every scheduling
 * point the ledger never counts more than the variant should. An object
 * is live in the ledger before it is published; it is dead once the put
 * that returned true has returned, freed when its grace period has ended.
 */
#ifndef PR_RCUREF_WORLD_INTERNAL_H
#define PR_RCUREF_WORLD_INTERNAL_H

#include <linux/compiler.h>

#include "api.h"
#include "ledger.h"
#include "world.h"
#include "../../memory/orderings.h"
#include "../../memory/wmm.h"
#include "../../runtime/sched.h"
#include "../../runtime/trace.h"

#define OBJ_MEM_SIZE	64

/* rcuref's zones, the same in every version (the variant's own are its header's) */
#define W_RCUREF_MAXREF		0x7FFFFFFFU
#define W_RCUREF_SATURATED	0xA0000000U
#define W_RCUREF_RELEASED	0xC0000000U
#define W_RCUREF_DEAD		0xE0000000U
#define W_RCUREF_NOREF		0xFFFFFFFFU

/* One object of the lookup table: what a kernel user embeds an rcuref_t in. */
struct rcuref_obj {
	rcuref_t ref;
	unsigned char *mem;	/* its contents: heap memory of one lifetime */
};

/* ---- the state (world.c) ---- */
extern struct rcuref_obj rw_objs[RCUREF_MAX_OBJS];
extern struct rcuref_obj *rw_table[RCUREF_MAX_OBJS];	/* the RCU-protected lookup table */
extern const struct program *rw_prog;
extern int rw_opts;
extern bool rw_abandoned;	/* an unchecked misuse ended the run early */
extern const struct rcuref_api *rw_api;	/* the variant of this run */

/* Per simulated CPU: the op running, and the object lifetime its call works on. */
extern const char *rw_caller[PR_MAX_THREADS];
extern uint8_t rw_op[PR_MAX_THREADS];
extern int8_t rw_target[PR_MAX_THREADS];	/* the object id of the API call, or -1 */
extern uint32_t rw_target_gen[PR_MAX_THREADS];
#define rw_cur_caller rw_caller[sched_current()]
#define rw_cur_op rw_op[sched_current()]

static inline int obj_id(const struct rcuref_obj *o)
{
	return (int)(o - rw_objs);
}

/* ---- rcuref.h, as the kernel spells it ---- */
#define rcuref_init(ref, cnt)		(rw_api->init(ref, cnt))
#define rcuref_read(ref)		(rw_api->read(ref))
#define rcuref_get(ref)			(rw_api->get(ref))
#define rcuref_put(ref)			(rw_api->put(ref))
#define rcuref_put_rcusafe(ref)		(rw_api->put_rcusafe(ref))
#define rcuref_is_dead(ref)		(rw_api->is_dead(ref))

/*
 * Calls into the variant. In the real-thread mode they run without the world
 * lock (src/runtime/sched.h); with fibers these are plain calls.
 */
#define VCALL(expr) ({ sched_vcall_enter(); __typeof__(expr) __vret = (expr); sched_vcall_exit(); __vret; })

/*
 * An API call on object lifetime (id, gen), with the ordering rcuref.h
 * documents (src/memory/wmm.c judges the variant's real orderings against
 * it). While it runs, the CPU's accesses to the object are judged against
 * that lifetime (rcuref_world_access).
 */
#define API(name, c, o, expr) ({ rw_api_begin(name, c, o); __typeof__(expr) __ar = VCALL(expr); \
				 rw_api_end(__ar); __ar; })
void rw_api_begin(const char *name, enum wmm_contract c, const struct rcuref_obj *o);
void rw_api_end(bool success);
/* A put's success also acquires (rcuref.h: "acquire ordering on success"). */
void rw_api_acquire_on_success(bool success);

/* The kernel locks of the world, for the memory model: a slot's publication. */
#define LOCK_SLOT(id)	(1 + (id))

/* ---- steps in the trace ---- */
#define STEP(fmt, a, b, c) trace_add(EV_STEP, sched_current(), NULL, fmt, a, b, c)

/* ---- rcu.c: the RCU model ---- */
void rw_rcu_model_reset(bool on);
void rw_rcu_read_lock(int t);
void rw_rcu_read_unlock(int t);
/* leave every read-side section: the CPU's task returns to user space */
void rw_rcu_thread_exit(int t);
bool rw_rcu_in_reader(int t);
/* kfree_rcu(): free lifetime @gen of @id once every reader of now has left */
void rw_rcu_call_free(int t, int id, uint32_t gen);
/* invoke the callbacks whose grace period has ended (@all: at quiescence) */
void rw_rcu_run_callbacks(bool all);
/* synchronize_rcu(): wait until every reader of now has left, then invoke */
void rw_rcu_synchronize(int t);
#define rcu_read_lock()		rw_rcu_read_lock(sched_current())
#define rcu_read_unlock()	rw_rcu_read_unlock(sched_current())

/* ---- objects.c ---- */
extern int rw_contents[RCUREF_MAX_OBJS];
void rw_contents_write(int t, int id);
void rw_contents_released(int t, int id);
void rw_contents_read(int t, int id, const char *after, bool last_put);
void rw_obj_setup(int t, int id, uint8_t arg);
void rw_obj_destroy(int t, struct rcuref_obj *o, uint32_t gen, const char *caller);
void rw_obj_free(int id);
void rw_create(int t, int id);
void rw_lookup(int t, int id, bool keep);
void rw_get(int t, int id);
void rw_put(int t, int id, bool rcusafe);
void rw_use(int t, int id);
void rw_peek(int t, int id);

/* ---- judge.c: the report's view of an object (dump_page's counterpart) ---- */
void rcuref_dump(int id, const char *reason);

/* ---- misuse.c ---- */
void rw_misuse(int t, int id, int kind);
/* the kind of misuse CPU @t is making now (family.c's witness), or -1 */
int rw_misuse_kind_now(int t);
void rcuref_misuse_reset(void);

#endif
