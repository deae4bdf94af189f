/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler: simulated CPUs are fibers on one OS thread, and the input's
 * choice tape decides which one performs the next atomic step.
 *
 * Protocol (the contract every caller relies on):
 *  - A scheduling point is taken *before* every atomic (shim_before) and at
 *    the few plain accesses the world marks with sched_point_world()
 *    (page-cache loads, compound_head reads) where real CPUs race too.
 *  - At a point with two or more runnable threads, one tape byte is read:
 *    a byte naming a runnable thread (byte & 7 == id) hands it the next
 *    step; any other byte, or the current thread's id, means no preemption.
 *    With one runnable thread nothing is read.
 *  - A thread handed the step performs it without reading the tape again.
 *  - When the tape runs out the policy is fixed: the current thread runs on;
 *    when it ends, the lowest-numbered runnable thread after it runs.
 *  - A retry loop calls sched_spin(): the spinning thread yields to the next
 *    runnable thread without reading the tape, so a spin never starves the
 *    thread it waits for; spinning alone SCHED_SPIN_LIMIT times is a lockup
 *    (the world reports it).
 * Same input + same build => same interleaving, every time.
 */
#ifndef PR_SCHED_H
#define PR_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "tape.h"

struct shim_site;

#define SCHED_MAX_STEPS		20000	/* atomics + points per run */
#define SCHED_SPIN_LIMIT	64	/* retries with nobody else runnable */
#define SCHED_LONE_LIMIT	2000	/* steps of one variant call with nobody else runnable */

typedef void (*sched_thread_fn)(int thread);

/*
 * The run as everybody may read it; only the scheduler's files write it.
 * Why it is public: the world asks who runs, whether to stop, where each op
 * begins and enters every variant call a few hundred times a run, and a
 * call into the scheduler cost more than its answer (issue 23), so the
 * readers below are inline.
 */
struct sched_now {
	bool active;		/* fibers run (not in setup or the final checks) */
	bool real;		/* a real-thread run is in progress */
	bool observed;		/* an observer is set (sched_set_observer) */
	int cur;		/* fibers: the CPU running */
	int suspended;		/* sched_suspend() depth */
	int lone;		/* steps of this variant call with nobody else runnable */
	int steps[SCHED_MAX_THREADS];	/* fibers: scheduling points each CPU reached */
	int vdepth[SCHED_MAX_THREADS];	/* fibers: each CPU inside a variant call (VCALL) */
};

extern struct sched_now sched_now;
/* On real threads: this thread's CPU (a thread-local, read without a call). */
extern __thread int sched_real_cpu;

/* The slow halves of the inline readers (real threads, the observer). */
bool sched_real_on_cpu(void);
bool sched_real_should_stop(void);
void sched_real_vcall_enter(void);
void sched_real_vcall_exit(void);
void sched_observe_world(void);

struct sched_stats {
	uint32_t steps;		/* scheduling points taken */
	uint32_t switches;	/* context switches */
	uint32_t tape_used;	/* tape bytes consumed */
	bool budget_exhausted;
	int fault;		/* enum sched_fault: how the run ended abnormally */
};

extern struct sched_stats sched_stats;

/*
 * A chooser replaces the tape (minimisation, readable schedules): it is
 * asked exactly where a tape byte would be read, with the current thread,
 * that thread's own count of scheduling points so far (-1 at its end; the
 * first pick of a run has cur == -1), and the site about to execute (NULL at
 * world points). It returns a thread id or -1 for no preemption. Every
 * answer is also recorded as a tape byte, so the run can be replayed
 * without the chooser.
 */
typedef int (*sched_chooser_fn)(int cur, int step, const struct shim_site *site, void *arg);
void sched_set_chooser(sched_chooser_fn fn, void *arg);
/*
 * A choice among @n >= 2 values that is not a scheduling decision (the
 * weak memory model: which store a load reads). Read from the tape; a
 * value chooser, when set, answers instead (and is recorded).
 */
int sched_choose_value(int n);
/* The last run read tape byte @pos as a value choice (printed rK, not TK). */
bool sched_tape_was_value(int pos);
/* @cur: the choosing thread; @idx: its own count of value choices so far. */
typedef int (*sched_value_chooser_fn)(int cur, int idx, int n, void *arg);
void sched_set_value_chooser(sched_value_chooser_fn fn);
/* The tape recorded while a chooser ran. */
int sched_recorded_tape(const uint8_t **tape);

/*
 * For the explorer (src/harness/explore.c), inside a chooser: the runnable
 * threads (bit t) and the thread that runs if the chooser returns -1.
 * After a run: the threads that never finished (a finding stopped it).
 */
int sched_choice_options(uint8_t *runnable);
/*
 * An observer sees what each step touches: every atomic as (its atomic_t,
 * whether the value changed), and (NULL, true) where untracked plain world
 * code runs inside a step (op boundaries, a spin): the explorer treats NULL
 * as conflicting with everything.
 */
typedef void (*sched_access_fn)(const void *loc, bool write, void *arg);
void sched_set_observer(sched_access_fn fn, void *arg);

/*
 * Op spans, for the minimiser: the world calls sched_op_begin(idx) and
 * sched_op_end(idx) around record idx; sched_op_span[idx] is then the
 * thread's own step count at both ends ({-1, -1}: the op did not run).
 */
extern int sched_op_span[SCHED_MAX_OPS][2];

static inline void sched_op_begin(int idx)
{
	if (sched_now.observed)
		sched_observe_world();	/* op boundaries run plain world code */
	if (idx >= 0 && idx < SCHED_MAX_OPS)
		sched_op_span[idx][0] = sched_now.steps[sched_now.cur];
}

static inline void sched_op_end(int idx)
{
	if (sched_now.observed)
		sched_observe_world();
	if (idx >= 0 && idx < SCHED_MAX_OPS)
		sched_op_span[idx][1] = sched_now.steps[sched_now.cur];
}

/*
 * The real-thread mode: the same threads on pthreads, without the tape,
 * for ThreadSanitizer and for how often a race shows on real hardware.
 * The world's own code runs under one world lock (it stands in for the
 * kernel locks the toy mm models: zone lock, i_pages lock, the ledger's
 * bookkeeping); every call into the variant drops it (sched_vcall_enter /
 * sched_vcall_exit), so the variant's code, plain accesses included, runs
 * truly concurrently. A finding stops the run: the finder leaves its thread
 * and the others stop at their next op or spin. A crash or a hang in the
 * variant's code is filed as on fibers (below) and stops the run the same
 * way; a CPU still inside a variant call is kicked out of it.
 */
void sched_real_run(int nthreads, sched_thread_fn fn);

static inline bool sched_is_real(void)
{
	return sched_now.real;
}

static inline bool sched_should_stop(void)
{
	return sched_now.real && sched_real_should_stop();
}

static inline void sched_vcall_enter(void)
{
	if (sched_now.active && sched_now.vdepth[sched_now.cur]++ == 0)
		sched_now.lone = 0;
	if (sched_now.real)
		sched_real_vcall_enter();
}

static inline void sched_vcall_exit(void)
{
	if (sched_now.active && sched_now.vdepth[sched_now.cur] > 0)
		sched_now.vdepth[sched_now.cur]--;
	if (sched_now.real)
		sched_real_vcall_exit();
}
/* World code called from the variant's side takes the lock, and gives it back. */
void sched_world_enter(void);
void sched_world_exit_to_variant(void);

/*
 * Crashes and hangs in the variant's code are findings, as an oops or a
 * soft lockup is in the kernel. The run ends there and @fn (the engine's)
 * files it with the trace so far:
 *  - SIGSEGV/SIGBUS/SIGABRT/SIGFPE/SIGILL while a CPU is inside a variant
 *    call ("general protection fault in F", "BUG: stack guard page was hit
 *    in F", "kernel panic: abort in F", ...);
 *  - SCHED_LONE_LIMIT steps of one variant call with no other CPU runnable
 *    ("BUG: soft lockup in F");
 *  - the step budget spent with several CPUs runnable ("INFO: rcu detected
 *    stall in F");
 *  - the watchdog: one run using its CPU time limit ("BUG: soft lockup in F",
 *    a spin without atomics, which no step count can see).
 * F is the function of the last atomic the CPU entered (its variant site).
 * On real threads: the signals, each thread's own guard page, and a
 * watchdog on each thread's CPU clock ("BUG: soft lockup in F"); the run
 * ends, the process goes on (sched.c).
 * Outside a run, or outside variant code, a signal goes to whoever handled
 * it before (libFuzzer, ASan) or kills the process as usual.
 */
enum sched_fault {
	SCHED_FAULT_NONE,
	SCHED_FAULT_SIGNAL,
	SCHED_FAULT_LONE,
	SCHED_FAULT_BUDGET,
	SCHED_FAULT_WATCHDOG,
};
typedef void (*sched_fault_fn)(int thread, const char *title, const char *detail);
void sched_set_fault_fn(sched_fault_fn fn);
/*
 * Install the fault handlers (once per process; after the engine's own, so
 * that a signal outside a run goes on to it).
 */
void sched_fault_install(void);
/* CPU seconds one run may use before the watchdog fires (0: off, the default). */
void sched_set_watchdog(int seconds);

/* The concurrency feedback counters for fuzzers (on by default; no-op outside fuzz builds). */
void sched_set_feedback(bool on);

/*
 * The shim's fast path (shim/hooks.h, shim_hooks.c) for one run: the engine
 * begins it once the run's memory model, trace and observer are set, and
 * ends it after the run's final checks; sched_run() decides it again for
 * its fibers (for callers that run the scheduler without the engine) and
 * gives back what it found.
 */
void sched_fast_begin(void);
void sched_fast_end(void);

/* One-time setup (fiber stacks); entry points call it before the first input. */
void sched_init(void);

/* Run @fn(t) for t in [0, nthreads) as fibers, interleaved by @tape. */
void sched_run(int nthreads, const uint8_t *tape, int ntape, sched_thread_fn fn);
/* Inside a run: */
static inline int sched_current(void)
{
	return sched_now.real ? sched_real_cpu : sched_now.cur;
}

/*
 * True while fibers run (false in setup and final checks); on real threads,
 * on a CPU's own thread (a real run's main thread, the watchdog filing a
 * lockup, is not in the run).
 */
static inline bool sched_in_run(void)
{
	return sched_now.active || (sched_now.real && sched_real_on_cpu());
}
void sched_point_world(void);
/*
 * A world point that names what the plain code after it (up to the thread's
 * next scheduling point) touches: one location, read or written. The
 * explorer lets such steps commute with steps elsewhere; after a plain
 * sched_point_world() it must assume the step touches anything.
 */
void sched_point_world_at(const void *loc, bool write);
/* Inside a chooser at a world point: its location, or NULL if unnamed. */
const void *sched_point_location(bool *write);
/*
 * A retry loop spins: yield to the next runnable thread (no tape read).
 * Returns false when nobody else can run; the caller counts those and
 * reports a lockup past SCHED_SPIN_LIMIT.
 */
bool sched_spin(void);
void sched_stop_run(void) __attribute__((noreturn));
/*
 * No preemption (fibers): scheduling points still count and trace, but the
 * current CPU keeps running and no tape byte is read. For a call whose
 * judgement needs the world to hold still (misuse mode). Nests.
 */
void sched_preempt_disable(void);
void sched_preempt_enable(void);
/* Suspend scheduling and tracing (reports, dump_page). Nests. */
void sched_suspend(void);
void sched_resume(void);

#endif
