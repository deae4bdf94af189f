/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The weak memory model (--memory weak): see wmm.c for the contract.
 *
 * Three users: the shim's atomics (every atomic_t access and barrier, through
 * shim/hooks.h), the world's published plain accesses (the page's contents:
 * wmm_payload_*), and the world's kernel locks and API-call boundaries
 * (wmm_lock_*, wmm_api_*). Off (sequentially consistent) unless
 * wmm_enable() was called for the run.
 */
#ifndef PR_WMM_H
#define PR_WMM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct shim_site;

#define WMM_MAX_THREADS	4	/* CPUs the model keeps views for */
#define WMM_MAX_CHOICES	7	/* stores one load chooses among */

/*
 * What the model needs from the runtime, handed to it once
 * (src/runtime/shim_hooks.c): the model never calls up into the scheduler.
 */
struct wmm_env {
	int (*current)(void);		/* the CPU running, -1 outside a run */
	int (*choose)(int n);		/* which of @n stores a load reads (the tape) */
	void (*note)(int t, const char *fmt, int a, int b);	/* a line of the trace */
};
void wmm_set_env(const struct wmm_env *env);

/* What the kernel's API documentation promises for one call (atomic_t.txt). */
enum wmm_contract {
	WMM_C_RELAXED,		/* void ops, plain read/set */
	WMM_C_RELEASE,		/* page_ref_unfreeze: atomic_set_release */
	WMM_C_FULL,		/* value-returning RMWs: *_and_test, *_return */
	WMM_C_FULL_ON_SUCCESS,	/* conditional: try_get, freeze (cmpxchg) */
};

/* Per run. */
void wmm_reset(bool weak);
/*
 * The model is on for this run (wmm_reset). Read inline, so that the
 * entry points below that a world calls on every op cost a sequentially
 * consistent run one test, not a call (issue 23).
 */
extern bool wmm_enabled;
static inline bool wmm_on(void)
{
	return wmm_enabled;
}

/* The shim's hooks (shim/hooks.h): a load may return an older store. */
int wmm_load(const struct shim_site *s, const void *loc, int latest);
void wmm_store(const struct shim_site *s, const void *loc, int value);
/* An RMW that read the newest value and, if @stored, wrote @value. */
void wmm_rmw(const struct shim_site *s, const void *loc, int value, bool stored);
void wmm_fence(const struct shim_site *s);

/*
 * The litmus runner's view of a run (src/litmus/run.c): each store has an
 * id (0: the initial value); after an access, the id of the store the
 * current CPU last read and last wrote; a location's stores in
 * modification order (-1: more than the model keeps).
 */
void wmm_last(int *read_sid, int *write_sid);
int wmm_mo(const void *addr, int *sids, int max);

/*
 * The access log, for litmus out (src/litmus/out.c): with wmm_log(true),
 * each access of the run under the weak model, in execution order, with
 * its site (the variant's call and ordering); INIT: a location's value
 * before the CPUs started; LOCK/UNLOCK: the world's locks (read = lock id).
 */
#define WMM_LOG_MAX	4096
enum { WMM_A_INIT, WMM_A_LOAD, WMM_A_STORE, WMM_A_RMW, WMM_A_FENCE, WMM_A_LOCK, WMM_A_UNLOCK };
struct wmm_access {
	uint8_t kind;
	int8_t thread;
	bool stored;			/* an RMW that wrote (a failed cmpxchg did not) */
	const struct shim_site *site;	/* NULL for INIT before the run, LOCK, UNLOCK */
	const void *addr;
	int read, written;
};
void wmm_log(bool on);
int wmm_log_get(const struct wmm_access **a);
/* The site of the page contents' accesses (wmm_payload_*). */
bool wmm_is_payload(const struct shim_site *s);

/* Kernel locks of the world (zone lock, i_pages lock, folio lock). */
void wmm_lock_acquire_on(int lock);
void wmm_lock_release_on(int lock);
static inline void wmm_lock_acquire(int lock)
{
	if (wmm_on())
		wmm_lock_acquire_on(lock);
}
static inline void wmm_lock_release(int lock)
{
	if (wmm_on())
		wmm_lock_release_on(lock);
}

/* An API call the world makes, with its documented ordering. */
void wmm_api_begin(const char *api, enum wmm_contract c);
void wmm_api_end(bool success);

/*
 * The page contents, as published plain accesses. A store is a token the
 * world chooses; a load may read any store the model allows (a choice on
 * the tape). wmm_payload_load() also says which store the kernel's contract
 * promised at least (the newest store that happens-before the reader when
 * every API call is as ordered as documented): a read older than that is
 * the variant's ordering bug.
 */
struct wmm_read {
	int value;		/* the token read */
	int writer;		/* CPU that wrote it, -1: setup */
	int promised;		/* token of the newest store the contract promises */
	int promised_writer;
	bool stale;		/* value is older than promised */
};
void wmm_payload_store_on(const void *loc, int token);
static inline void wmm_payload_store(const void *loc, int token)
{
	if (wmm_on())
		wmm_payload_store_on(loc, token);
}
void wmm_payload_load(const void *loc, struct wmm_read *r);
/*
 * A published location the model learns of only when a CPU first touches
 * it (the folio's fields, src/family/page_ref/fields.c): if the model has
 * no such location yet, it starts with @initial, its value when the CPUs
 * started. Call it before that CPU's first wmm_payload_store/_load of @loc.
 */
void wmm_payload_init(const void *loc, int initial);

#endif
