/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler's state, shared by its files and nobody else:
 *   sched.c      fibers, the tape and choosers, scheduling points, the run
 *   real.c       the real-thread mode (pthreads, the world lock)
 *   fault.c      crashes and hangs in the variant's code, the watchdog
 *   feedback.c   the concurrency feedback counters for fuzzers
 *   shim_hooks.c the shim's hooks (shim/hooks.h): the one file that knows
 *                the scheduler and the memory model both
 */
#ifndef PR_SCHED_INTERNAL_H
#define PR_SCHED_INTERNAL_H

#include "sched.h"
#include "fiber.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>

struct sched_thread {
	struct fiber fib;
	bool finished;
	bool granted;		/* handed the next step before reaching a point */
	int vchoices;		/* value choices (reads-from) it has made */
	const struct shim_site *last_site;	/* the last atomic it entered */
};

/* The fibers' run. */
struct sched_fibers {
	struct fiber main;
	struct sched_thread th[SCHED_MAX_THREADS];
	int nthreads;
	int nrunnable;
	const uint8_t *tape;
	int ntape;
	int tape_pos;
	int no_preempt;
	sched_thread_fn fn;
	const struct shim_site *site;	/* about to execute (NULL: world point) */
	sched_chooser_fn chooser;
	sched_value_chooser_fn value_chooser;
	void *chooser_arg;
	sched_access_fn observer;
	void *observer_arg;
	int choice_default;		/* runs on without a preemption */
	const void *point_loc;		/* the world point's location (NULL: unknown) */
	bool point_write;
	uint8_t rec[SCHED_MAX_TAPE];
	int nrec;
	unsigned long serial;	/* runs started, for the watchdog */
	unsigned long value_at[SCHED_MAX_TAPE];	/* serial of the run that read it as a value */
};

extern struct sched_fibers sched_S;

/* Once, from sched_init(): the memory model's view of the runtime (shim_hooks.c). */
void hooks_init(void);

/* A scheduling point before @site's atomic (NULL: a world point). */
void sched_point(const struct shim_site *site);

/* Explorer support: a no-op without an observer. */
static inline void sched_observe(const void *loc, bool write)
{
	if (sched_S.observer && sched_now.active && !sched_now.suspended)
		sched_S.observer(loc, write, sched_S.observer_arg);
}

/* ---- real threads (real.c) ---- */

/*
 * What a real CPU's thread records about itself (where it is, how it
 * faulted), written by that thread only; the main thread reads it for the
 * watchdog.
 */
struct rt_cpu {
	pthread_t tid;
	char *guard, *stack;
	sigjmp_buf jmp;
	int vdepth;				/* inside a variant call */
	const struct shim_site *last_site;	/* the last atomic it entered */
	volatile sig_atomic_t in_lock;		/* taking or dropping the world lock */
	bool done;
	int sig;				/* its fault */
	void *addr;
};

struct sched_real {
	/* sched_now.real: a real-thread run is in progress */
	pthread_mutex_t world;		/* held while world code runs */
	pthread_barrier_t start;
	int running;			/* threads not yet finished */
	int stop;			/* a finding: everybody stops */
	sched_thread_fn fn;
	pthread_mutex_t done_mu;	/* ndone, done_cv: the main thread waits */
	pthread_cond_t done_cv;
	int ndone;
};

extern struct sched_real sched_R;
extern struct rt_cpu sched_RC[SCHED_MAX_THREADS];
/* NULL outside a real CPU's thread */
extern __thread struct rt_cpu *rt_me;
extern __thread bool rt_holds_world;

void real_stop(void) __attribute__((noreturn));
/* sched_spin() on real threads */
bool real_spin(void);
/* A fault signal on a real CPU inside a variant call: leaves the call. */
bool real_fault_is_ours(void);
void real_fault_enter(int sig, void *addr) __attribute__((noreturn));

/* ---- faults (fault.c) ---- */

struct fault_rec {
	int kind, thread, sig;
	void *addr;
	const struct shim_site *site;
	bool guard;
};

/* The run ends here with fault @kind (fibers): filed by sched_run(). */
void sched_fault_stop(int kind, int sig, void *addr) __attribute__((noreturn));
/* sched_run(): where a fault in the variant's code comes back to */
extern sigjmp_buf sched_fault_jmp;
/* sched_run(): after a run that ended in a fault */
void sched_fault_file(void);
/* The title and the first lines of the report of fault @f. */
void sched_fault_describe(const struct fault_rec *f, char *title, size_t tsize,
			  char *detail, size_t dsize);
/* The engine's, for real threads too. */
void sched_fault_report(int thread, const char *title, const char *detail);
/* The watchdog's limit in ticks of 250 ms of CPU time (0: off). */
extern int sched_wd_limit;

/* ---- feedback (feedback.c) ---- */

#ifdef PAGEREF_EXTRA_COUNTERS
void sched_feedback(const struct shim_site *site, const void *v, int old, int new);
void sched_feedback_reset(void);
bool sched_feedback_on(void);
#else
static inline bool sched_feedback_on(void)
{
	return false;
}

static inline void sched_feedback(const struct shim_site *site, const void *v, int old, int new)
{
}

static inline void sched_feedback_reset(void)
{
}
#endif

#endif
