// SPDX-License-Identifier: GPL-2.0
#include "sched.h"
#include "../memory/wmm.h"
#include "fiber.h"
#include "trace.h"

#include <shim/hooks.h>

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>

struct sched_thread {
	struct fiber fib;
	bool finished;
	bool granted;		/* handed the next step before reaching a point */
	int steps;		/* scheduling points this thread has reached */
	int vchoices;		/* value choices (reads-from) it has made */
	int vdepth;		/* inside a variant call (VCALL) */
	const struct shim_site *last_site;	/* the last atomic it entered */
};

static struct {
	struct fiber main;
	struct sched_thread th[PR_MAX_THREADS];
	int nthreads;
	int nrunnable;
	int cur;
	const uint8_t *tape;
	int ntape;
	int tape_pos;
	bool active;
	int suspended;
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
	uint8_t rec[PR_MAX_TAPE];
	int nrec;
	int lone;		/* steps of this variant call with nobody else runnable */
	unsigned long serial;	/* runs started, for the watchdog */
} S;

static void sched_fault_stop(int kind, int sig, void *addr) __attribute__((noreturn));

int sched_op_span[PR_MAX_RECORDS][2];

/* Explorer support: everything here is a no-op without an observer. */
static inline void sched_observe(const void *loc, bool write)
{
	if (S.observer && S.active && !S.suspended)
		S.observer(loc, write, S.observer_arg);
}

void sched_set_observer(sched_access_fn fn, void *arg)
{
	S.observer = fn;
	S.observer_arg = arg;
}

int sched_choice_options(uint8_t *runnable)
{
	int t;

	*runnable = 0;
	for (t = 0; t < S.nthreads; t++)
		if (!S.th[t].finished)
			*runnable |= (uint8_t)(1u << t);
	return S.choice_default;
}

void sched_op_begin(int idx)
{
	sched_observe(NULL, true);	/* op boundaries run plain world code */
	if (idx >= 0 && idx < PR_MAX_RECORDS)
		sched_op_span[idx][0] = S.th[S.cur].steps;
}

void sched_op_end(int idx)
{
	sched_observe(NULL, true);
	if (idx >= 0 && idx < PR_MAX_RECORDS)
		sched_op_span[idx][1] = S.th[S.cur].steps;
}

void sched_set_chooser(sched_chooser_fn fn, void *arg)
{
	S.chooser = fn;
	S.chooser_arg = arg;
}

int sched_recorded_tape(const uint8_t **tape)
{
	*tape = S.rec;
	return S.nrec;
}

struct sched_stats sched_stats;

/* ---- the real-thread mode ---- */

/*
 * Each real CPU runs on a stack of its own with RT_GUARD_SIZE inaccessible
 * bytes below it (an overflow there is "stack guard page was hit"), and
 * takes its signals on an alternate stack of its own. What a CPU's thread
 * records about itself (where it is, how it faulted) lives in its slot of
 * RC, written by that thread only; the main thread reads it for the
 * watchdog. A thread leaves its run through its jmp (back to real_thread())
 * after a fault, a stop (a finding) or a kick (below).
 */
#define RT_STACK_SIZE		(1024 * 1024)
#define RT_GUARD_SIZE		(64 * 1024)
#define RT_ALTSTACK_SIZE	(64 * 1024)
#define RT_WAIT_MS		100	/* the main thread's watch period */
#define RT_KICK_SIG		(SIGRTMIN + 1)

enum { RT_JMP_FAULT = 1, RT_JMP_STOP, RT_JMP_KICKED };

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

static struct rt_cpu RC[PR_MAX_THREADS];
static char rt_altstack[PR_MAX_THREADS][RT_ALTSTACK_SIZE];

static struct {
	bool on;			/* a real-thread run is in progress */
	pthread_mutex_t world;		/* held while world code runs */
	pthread_barrier_t start;
	int running;			/* threads not yet finished */
	int stop;			/* a finding: everybody stops */
	sched_thread_fn fn;
	pthread_mutex_t done_mu;	/* ndone, done_cv: the main thread waits */
	pthread_cond_t done_cv;
	int ndone;
} R = { .world = PTHREAD_MUTEX_INITIALIZER, .done_mu = PTHREAD_MUTEX_INITIALIZER };

static __thread int rt_self;
static __thread bool rt_holds_world;
static __thread struct rt_cpu *rt_me;	/* NULL outside a real CPU's thread */

/* The world lock; a kick never lands between the mutex and the flag. */
static void world_lock(void)
{
	if (rt_me)
		rt_me->in_lock = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	pthread_mutex_lock(&R.world);
	rt_holds_world = true;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (rt_me)
		rt_me->in_lock = 0;
}

static void world_unlock(void)
{
	if (rt_me)
		rt_me->in_lock = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	rt_holds_world = false;
	pthread_mutex_unlock(&R.world);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (rt_me)
		rt_me->in_lock = 0;
}

bool sched_is_real(void)
{
	return R.on;
}

bool sched_should_stop(void)
{
	return R.on && __atomic_load_n(&R.stop, __ATOMIC_ACQUIRE);
}

void sched_vcall_enter(void)
{
	if (S.active && S.th[S.cur].vdepth++ == 0)
		S.lone = 0;
	if (R.on && rt_me) {
		__atomic_store_n(&rt_me->vdepth, rt_me->vdepth + 1, __ATOMIC_RELAXED);
		if (rt_holds_world)
			world_unlock();
	}
}

void sched_vcall_exit(void)
{
	if (S.active && S.th[S.cur].vdepth > 0)
		S.th[S.cur].vdepth--;
	if (R.on && rt_me) {
		if (rt_me->vdepth > 0)
			__atomic_store_n(&rt_me->vdepth, rt_me->vdepth - 1, __ATOMIC_RELAXED);
		if (!rt_holds_world)
			world_lock();
	}
}

static void real_fault_file(int t) __attribute__((noreturn));

static void *real_thread(void *arg)
{
	int t = (int)(intptr_t)arg;
	struct rt_cpu *me = &RC[t];
	stack_t ss = { .ss_sp = rt_altstack[t], .ss_size = RT_ALTSTACK_SIZE }, prev;
	int why;

	rt_self = t;
	rt_me = me;
	/* a sanitizer's own alternate stack is given back at the end: it frees it */
	sigaltstack(&ss, &prev);
	why = sigsetjmp(me->jmp, 1);
	if (!why) {
		pthread_barrier_wait(&R.start);
		world_lock();
		R.fn(t);
		world_unlock();
	} else {
		if (rt_holds_world)
			world_unlock();
		__atomic_store_n(&me->vdepth, 0, __ATOMIC_RELAXED);
		if (why == RT_JMP_FAULT)
			real_fault_file(t);	/* comes back here as a stop */
	}
	__atomic_fetch_sub(&R.running, 1, __ATOMIC_ACQ_REL);
	sigaltstack(&prev, NULL);
	rt_me = NULL;
	pthread_mutex_lock(&R.done_mu);
	R.ndone++;
	__atomic_store_n(&me->done, true, __ATOMIC_RELEASE);
	pthread_cond_signal(&R.done_cv);
	pthread_mutex_unlock(&R.done_mu);
	return NULL;
}

static void real_kick_handler(int sig, siginfo_t *si, void *uc);

/* Once: the stacks with their guards, the kick's handler, the wait's clock. */
static void real_init(void)
{
	static bool inited;
	pthread_condattr_t ca;
	struct sigaction sa;
	int t;

	if (inited)
		return;
	inited = true;
	for (t = 0; t < PR_MAX_THREADS; t++) {
		char *base = mmap(NULL, RT_GUARD_SIZE + RT_STACK_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

		if (base == MAP_FAILED || mprotect(base, RT_GUARD_SIZE, PROT_NONE)) {
			perror("sched: real-thread stack");
			abort();
		}
		RC[t].guard = base;
		RC[t].stack = base + RT_GUARD_SIZE;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = real_kick_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigaction(RT_KICK_SIG, &sa, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&R.done_cv, &ca);
	pthread_condattr_destroy(&ca);
}

static void real_watch(int nthreads);

void sched_real_run(int nthreads, sched_thread_fn fn)
{
	pthread_attr_t attr;
	struct timespec ts;
	int t;

	real_init();
	R.fn = fn;
	R.running = nthreads;
	R.stop = 0;
	R.ndone = 0;
	for (t = 0; t < nthreads; t++) {
		RC[t].vdepth = 0;
		RC[t].last_site = NULL;
		RC[t].in_lock = 0;
		RC[t].done = false;
	}
	sched_stats = (struct sched_stats){ 0 };
	pthread_barrier_init(&R.start, NULL, (unsigned int)nthreads);
	__atomic_store_n(&R.on, true, __ATOMIC_RELEASE);
	for (t = 0; t < nthreads; t++) {
		pthread_attr_init(&attr);
		pthread_attr_setstack(&attr, RC[t].stack, RT_STACK_SIZE);
		pthread_create(&RC[t].tid, &attr, real_thread, (void *)(intptr_t)t);
		pthread_attr_destroy(&attr);
	}
	/* wait for every thread; every RT_WAIT_MS, the watchdog and the kicks */
	pthread_mutex_lock(&R.done_mu);
	while (R.ndone < nthreads) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += RT_WAIT_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&R.done_cv, &R.done_mu, &ts) != ETIMEDOUT)
			continue;
		pthread_mutex_unlock(&R.done_mu);
		real_watch(nthreads);
		pthread_mutex_lock(&R.done_mu);
	}
	pthread_mutex_unlock(&R.done_mu);
	for (t = 0; t < nthreads; t++)
		pthread_join(RC[t].tid, NULL);
	__atomic_store_n(&R.on, false, __ATOMIC_RELEASE);
	pthread_barrier_destroy(&R.start);
}

static void real_stop(void) __attribute__((noreturn));
static void real_stop(void)
{
	__atomic_store_n(&R.stop, 1, __ATOMIC_RELEASE);
	if (rt_holds_world)
		world_unlock();
	siglongjmp(rt_me->jmp, RT_JMP_STOP);
}

/* World code entered from the variant's side (__folio_put, a fired check). */
void sched_world_enter(void)
{
	if (R.on && !rt_holds_world)
		world_lock();
}

void sched_world_exit_to_variant(void)
{
	if (R.on && rt_holds_world)
		world_unlock();
}

int sched_current(void)
{
	return R.on ? rt_self : S.cur;
}

/* On a real run's main thread (the watchdog filing a lockup): not in the run. */
bool sched_in_run(void)
{
	return S.active || (R.on && rt_me);
}

void sched_preempt_disable(void)
{
	S.no_preempt++;
}

void sched_preempt_enable(void)
{
	S.no_preempt--;
}

void sched_suspend(void)
{
	S.suspended++;
}

void sched_resume(void)
{
	S.suspended--;
}

static int next_runnable_after(int t);

/* A decision answered by a chooser: kept, so the run replays from the tape. */
static void tape_record(int b)
{
	if (S.nrec < PR_MAX_TAPE)
		S.rec[S.nrec++] = (uint8_t)b;
	sched_stats.tape_used++;
}

/* The next tape byte (0..7), or -1 when the tape has run out. */
static int tape_read(void)
{
	if (S.tape_pos >= S.ntape)
		return -1;
	sched_stats.tape_used++;
	return S.tape[S.tape_pos++] & 7;
}

/* -1: no preemption. @step: the current thread's step, -1 at its end. */
static int sched_choose_at(int cur, int step)
{
	int b;

	if (S.chooser) {
		S.choice_default = cur < 0 ? 0 : step < 0 ? next_runnable_after(cur) : cur;
		b = S.chooser(cur, step, S.site, S.chooser_arg);
		if (b >= S.nthreads || (b >= 0 && S.th[b].finished))
			b = -1;
		tape_record(b < 0 ? TAPE_NONE : b);
		return b;
	}
	b = tape_read();
	if (b < 0 || b >= S.nthreads || S.th[b].finished)
		return -1;
	return b;
}

/*
 * A choice among @n values (the memory model: which store a load reads),
 * read from the tape like a scheduling decision: byte & 7 below @n picks
 * it, anything else (TAPE_NONE, an exhausted tape) gives 0, the newest.
 */
int sched_choose_value(int n)
{
	int b;

	if (n < 2 || !S.active || S.suspended)
		return 0;
	if (S.value_chooser) {
		b = S.value_chooser(S.cur, S.th[S.cur].vchoices++, n, S.chooser_arg);
		if (b < 0 || b >= n)
			b = 0;
		tape_record(b ? b : TAPE_NONE);
		return b;
	}
	S.th[S.cur].vchoices++;
	if (S.chooser) {	/* a scheduling chooser alone: the newest store */
		tape_record(TAPE_NONE);
		return 0;
	}
	b = tape_read();
	return b >= 0 && b < n ? b : 0;
}

void sched_set_value_chooser(sched_value_chooser_fn fn)
{
	S.value_chooser = fn;
}

static int next_runnable_after(int t)
{
	int i;

	for (i = 1; i <= S.nthreads; i++) {
		int c = (t + i) % S.nthreads;

		if (!S.th[c].finished)
			return c;
	}
	return -1;
}

static void switch_to(int next)
{
	struct sched_thread *me = &S.th[S.cur];

	sched_stats.switches++;
	S.th[next].granted = true;
	S.cur = next;
	fiber_switch(&me->fib, &S.th[next].fib);
	/* resumed: we were handed the next step */
	me->granted = false;
}

static void sched_point(const struct shim_site *site)
{
	struct sched_thread *me;
	int next;

	if (!S.active || S.suspended)
		return;
	me = &S.th[S.cur];
	if (site)
		me->last_site = site;
	if (++sched_stats.steps > SCHED_MAX_STEPS) {
		sched_stats.budget_exhausted = true;
		sched_fault_stop(S.nrunnable < 2 ? SCHED_FAULT_LONE : SCHED_FAULT_BUDGET, 0, NULL);
	}
	me->steps++;
	if (me->granted) {
		me->granted = false;
		/* a fresh thread passes its first point unasked: the explorer
		 * still learns what the world code after it touches */
		if (!site)
			sched_observe(S.point_loc, !S.point_loc || S.point_write);
		return;
	}
	if (S.nrunnable < 2) {
		if (me->vdepth && ++S.lone > SCHED_LONE_LIMIT)
			sched_fault_stop(SCHED_FAULT_LONE, 0, NULL);
		return;
	}
	if (S.no_preempt)
		return;
	S.site = site;
	next = sched_choose_at(S.cur, me->steps);
	if (next < 0 || next == S.cur)
		return;
	switch_to(next);
}

void sched_point_world(void)
{
	S.point_loc = NULL;
	sched_point(NULL);
}

void sched_point_world_at(const void *loc, bool write)
{
	S.point_loc = loc;
	S.point_write = write;
	sched_point(NULL);
	S.point_loc = NULL;
}

const void *sched_point_location(bool *write)
{
	*write = S.point_write;
	return S.point_loc;
}

bool sched_spin(void)
{
	if (R.on) {
		if (sched_should_stop())
			real_stop();
		world_unlock();
		sched_yield();
		world_lock();
		return __atomic_load_n(&R.running, __ATOMIC_ACQUIRE) > 1;
	}
	if (!S.active || S.nrunnable < 2)
		return false;
	sched_observe(NULL, true);	/* another thread's code runs unchosen */
	switch_to(next_runnable_after(S.cur));
	return true;
}

static void thread_entry(void *arg)
{
	int t = (int)(intptr_t)arg;
	struct sched_thread *me = &S.th[t];
	int next;

	S.fn(t);
	me->finished = true;
	S.nrunnable--;
	next = -1;
	if (S.nrunnable >= 2) {
		S.site = NULL;
		next = sched_choose_at(t, -1);
	}
	if (next < 0)
		next = next_runnable_after(t);
	if (next < 0) {
		fiber_exit_to(&me->fib, &S.main);
	} else {
		sched_stats.switches++;
		S.th[next].granted = true;
		S.cur = next;
		fiber_exit_to(&me->fib, &S.th[next].fib);
	}
}

void sched_stop_run(void)
{
	struct sched_thread *me = &S.th[S.cur];

	if (R.on && rt_me)
		real_stop();
	S.active = false;
	fiber_exit_to(&me->fib, &S.main);
}


/*
 * ---- faults and hangs (sched.h): the variant's crash or spin is a finding ----
 *
 * A signal inside a variant call records what happened and jumps back to
 * sched_run() on the main stack (the fibers' stacks are abandoned; the next
 * run prepares them afresh); a lockup seen at a scheduling point leaves
 * through the main fiber like sched_stop_run(). Either way sched_run() then
 * hands the title to the engine, which files it like any oracle's finding.
 * Handlers run on their own stack, so a fiber's overflow into its guard
 * page is reported too.
 *
 * On real threads (a fault can come from any of them at once) each thread
 * records its own fault in its RC slot and jumps back to its own
 * real_thread() frame, which files it under the world lock (the first
 * verdict wins, as always) and stops the run. The other CPUs stop at their
 * next op or spin; one still inside a variant call is kicked out of it
 * (RT_KICK_SIG), its call abandoned as a fiber's is: variant code holds no
 * lock and no library state, only atomics on the world's pages. The main
 * thread is the real-thread watchdog: a CPU that has used the watchdog's
 * CPU time in this run is a soft lockup, filed by the main thread, and
 * every CPU is then stopped the same way. So a crash or a hang ends one
 * run, and the process goes on to the next.
 */
static sigjmp_buf fault_jmp;
static sched_fault_fn fault_fn;
static const int fault_sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
static struct sigaction fault_prev[sizeof(fault_sigs) / sizeof(fault_sigs[0])];
struct fault_rec {
	int kind, thread, sig;
	void *addr;
	const struct shim_site *site;
	bool guard;
};
static struct fault_rec F;	/* the fibers' */
static int wd_limit;		/* watchdog ticks (250 ms of CPU time each); 0: off */
static volatile sig_atomic_t wd_ticks;
static volatile unsigned long wd_serial;

void sched_set_fault_fn(sched_fault_fn fn)
{
	fault_fn = fn;
}

static void sched_fault_stop(int kind, int sig, void *addr)
{
	struct sched_thread *me = &S.th[S.cur];

	sched_stats.fault = kind;
	F.kind = kind;
	F.thread = S.cur;
	F.sig = sig;
	F.addr = addr;
	F.site = me->last_site;
	F.guard = fiber_guard_hit(&me->fib, addr);
	if (kind == SCHED_FAULT_SIGNAL || kind == SCHED_FAULT_WATCHDOG) {
		sigset_t set;

		/* the handler's signal is blocked: unblock it for the next run */
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		siglongjmp(fault_jmp, 1);
	}
	S.active = false;
	fiber_exit_to(&me->fib, &S.main);
}

/* The title and the first lines of the report of fault @f. */
static void fault_describe(const struct fault_rec *f, char *title, size_t tsize,
			   char *detail, size_t dsize)
{
	const char *fn = f->site ? f->site->func : "the variant";
	const char *what;

	switch (f->kind) {
	case SCHED_FAULT_SIGNAL:
		what = f->guard ? "BUG: stack guard page was hit" :
		       f->sig == SIGABRT ? "kernel panic: abort" :
		       f->sig == SIGFPE ? "divide error" :
		       f->sig == SIGILL ? "invalid opcode" : "general protection fault";
		snprintf(title, tsize, "%s in %s", what, fn);
		if (f->sig == SIGSEGV || f->sig == SIGBUS)
			snprintf(detail, dsize, "CPU%d: %s at address %p inside the variant's code\n",
				 f->thread, strsignal(f->sig), f->addr);
		else
			snprintf(detail, dsize, "CPU%d: %s inside the variant's code\n",
				 f->thread, strsignal(f->sig));
		break;
	case SCHED_FAULT_LONE:
		snprintf(title, tsize, "BUG: soft lockup in %s", fn);
		snprintf(detail, dsize, "CPU%d spins in one variant call: %d steps with no other CPU runnable\n",
			 f->thread, S.lone);
		break;
	case SCHED_FAULT_BUDGET:
		snprintf(title, tsize, "INFO: rcu detected stall in %s", fn);
		snprintf(detail, dsize, "the run used its %d steps without ending (CPU%d current)\n",
			 SCHED_MAX_STEPS, f->thread);
		break;
	default:
		snprintf(title, tsize, "BUG: soft lockup in %s", fn);
		snprintf(detail, dsize, "CPU%d made no scheduling point for %d.%02d s of CPU time (watchdog)\n",
			 f->thread, wd_limit / 4, wd_limit % 4 * 25);
	}
	if (f->site)
		snprintf(detail + strlen(detail), dsize - strlen(detail),
			 "last atomic entered: %s in %s %s:%d\n", f->site->op, f->site->func,
			 trace_basename(f->site->file), f->site->line);
}

static void sched_fault_file(void)
{
	char title[160], detail[320];

	fault_describe(&F, title, sizeof(title), detail, sizeof(detail));
	if (fault_fn)
		fault_fn(F.thread, title, detail);
}

/* Real threads: CPU @t files its own fault, then stops (real_thread()). */
static void real_fault_file(int t)
{
	struct rt_cpu *me = &RC[t];
	char title[160], detail[320];
	struct fault_rec f = {
		.kind = SCHED_FAULT_SIGNAL, .thread = t, .sig = me->sig, .addr = me->addr,
		.site = me->last_site,
		.guard = (char *)me->addr >= me->guard && (char *)me->addr < me->guard + RT_GUARD_SIZE,
	};

	world_lock();
	fault_describe(&f, title, sizeof(title), detail, sizeof(detail));
	if (fault_fn)
		fault_fn(t, title, detail);	/* a finding stops this CPU: real_stop() */
	real_stop();
}

static bool real_fault_is_ours(void)
{
	return rt_me && __atomic_load_n(&R.on, __ATOMIC_RELAXED) &&
	       __atomic_load_n(&rt_me->vdepth, __ATOMIC_RELAXED) > 0;
}

/* A CPU still in a variant call after the run stopped leaves it. */
static void real_kick_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)si; (void)uc;
	if (rt_me && !rt_holds_world && !rt_me->in_lock &&
	    __atomic_load_n(&rt_me->vdepth, __ATOMIC_RELAXED) > 0 && sched_should_stop())
		siglongjmp(rt_me->jmp, RT_JMP_KICKED);
}

static long cpu_ms(pthread_t tid)
{
	clockid_t c;
	struct timespec ts;

	if (pthread_getcpuclockid(tid, &c) || clock_gettime(c, &ts))
		return 0;
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * The main thread, every RT_WAIT_MS while CPUs run: a CPU that has used the
 * watchdog's CPU time in this run (each run's threads are new, so their
 * clocks are the run's) is a soft lockup, named after the spinning CPU
 * inside a variant call that used the most; once the run is stopped, kick
 * whoever is still inside a variant call.
 */
static void real_watch(int nthreads)
{
	long ms[PR_MAX_THREADS], limit = wd_limit * 250L;
	int t, worst = -1;

	if (!sched_should_stop() && limit) {
		bool over = false;

		for (t = 0; t < nthreads; t++) {
			ms[t] = __atomic_load_n(&RC[t].done, __ATOMIC_ACQUIRE) ? -1 : cpu_ms(RC[t].tid);
			over |= ms[t] >= limit;
		}
		for (t = 0; over && t < nthreads; t++) {
			bool in_v = ms[t] >= 0 && __atomic_load_n(&RC[t].vdepth, __ATOMIC_RELAXED) > 0;
			bool worst_in_v = worst >= 0 && __atomic_load_n(&RC[worst].vdepth, __ATOMIC_RELAXED) > 0;

			if (ms[t] >= 0 && (worst < 0 || (in_v && !worst_in_v) ||
					   (in_v == worst_in_v && ms[t] > ms[worst])))
				worst = t;
		}
	}
	if (worst >= 0) {
		const struct shim_site *site = __atomic_load_n(&RC[worst].last_site, __ATOMIC_RELAXED);
		char title[160], detail[1024];
		size_t n;

		snprintf(title, sizeof(title), "BUG: soft lockup in %s", site ? site->func : "the variant");
		n = (size_t)snprintf(detail, sizeof(detail),
				     "CPU%d spun for %ld.%02ld s of CPU time in one run (watchdog, real threads)\n",
				     worst, ms[worst] / 1000, ms[worst] % 1000 / 10);
		for (t = 0; t < nthreads && n < sizeof(detail); t++) {
			site = __atomic_load_n(&RC[t].last_site, __ATOMIC_RELAXED);
			if (ms[t] < 0)
				continue;
			n += (size_t)snprintf(detail + n, sizeof(detail) - n,
					      "CPU%d: %ld.%02ld s, %s; last atomic entered: %s in %s %s:%d\n",
					      t, ms[t] / 1000, ms[t] % 1000 / 10,
					      __atomic_load_n(&RC[t].vdepth, __ATOMIC_RELAXED) > 0 ?
					      "in a variant call" : "in world code",
					      site ? site->op : "-", site ? site->func : "-",
					      site ? trace_basename(site->file) : "-", site ? site->line : 0);
		}
		/* the first verdict wins: under the world lock, as the CPUs' */
		pthread_mutex_lock(&R.world);
		sched_stats.fault = SCHED_FAULT_WATCHDOG;
		if (fault_fn)
			fault_fn(worst, title, detail);
		__atomic_store_n(&R.stop, 1, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&R.world);
	}
	if (sched_should_stop())
		for (t = 0; t < nthreads; t++)
			if (!__atomic_load_n(&RC[t].done, __ATOMIC_ACQUIRE))
				pthread_kill(RC[t].tid, RT_KICK_SIG);
}

/* Inside a fiber, in the variant's code: the only place a fault is ours. */
static bool fault_is_ours(void)
{
	return S.active && !__atomic_load_n(&R.on, __ATOMIC_RELAXED) && S.th[S.cur].vdepth > 0;
}

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	size_t i;

	if (fault_is_ours())
		sched_fault_stop(SCHED_FAULT_SIGNAL, sig, si->si_addr);
	if (real_fault_is_ours()) {
		rt_me->sig = sig;
		rt_me->addr = si->si_addr;
		__atomic_store_n(&R.stop, 1, __ATOMIC_RELEASE);
		siglongjmp(rt_me->jmp, RT_JMP_FAULT);	/* the mask is restored there */
	}
	/*
	 * Not ours: give the signal back to whoever had it before (libFuzzer's
	 * crash report, ASan's), or to the default action: a fault re-executes
	 * into it, abort() re-raises by itself.
	 */
	for (i = 0; i < sizeof(fault_sigs) / sizeof(fault_sigs[0]); i++) {
		struct sigaction *prev = &fault_prev[i];

		if (fault_sigs[i] != sig)
			continue;
		sigaction(sig, prev, NULL);
		if ((prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction)
			prev->sa_sigaction(sig, si, uc);
		else if (!(prev->sa_flags & SA_SIGINFO) && prev->sa_handler != SIG_DFL &&
			 prev->sa_handler != SIG_IGN)
			prev->sa_handler(sig);
	}
}

/*
 * No coverage: it interrupts runs at random points of CPU time, and edges it
 * added there would make the same input look different to AFL++ (stability).
 */
__attribute__((no_sanitize("coverage")))
static void watchdog_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si; (void)uc;
	if (!S.active || __atomic_load_n(&R.on, __ATOMIC_RELAXED) || wd_serial != S.serial) {
		wd_serial = S.serial;
		wd_ticks = 0;
		return;
	}
	/* outside variant code (world code mid-update) only at twice the limit */
	if (++wd_ticks >= wd_limit && (fault_is_ours() || wd_ticks >= 2 * wd_limit))
		sched_fault_stop(SCHED_FAULT_WATCHDOG, sig, NULL);
}

void sched_set_watchdog(int seconds)
{
	struct itimerval it = { { 0, 250000 }, { 0, 250000 } };
	struct sigaction sa;

	wd_limit = seconds * 4;
	if (!seconds)
		it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = watchdog_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigaction(SIGVTALRM, &sa, NULL);
	/* CPU time: a spin uses it, a loaded machine does not stretch it */
	setitimer(ITIMER_VIRTUAL, &it, NULL);
}

/* no coverage: an engine that installs it at its first input sees no new edge */
__attribute__((no_sanitize("coverage")))
void sched_fault_install(void)
{
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;
	size_t i;

	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	for (i = 0; i < sizeof(fault_sigs) / sizeof(fault_sigs[0]); i++)
		sigaction(fault_sigs[i], &sa, &fault_prev[i]);
}

static void sched_feedback_reset(void);

/*
 * Everything done once per process happens here, before the first input:
 * an engine that sees an edge only in its first execution reports the
 * target as unstable (AFL++), so nothing is initialised lazily.
 */
void sched_init(void)
{
	static bool inited;
	int t;

	if (inited)
		return;
	inited = true;
	fiber_init_main(&S.main);
	for (t = 0; t < PR_MAX_THREADS; t++)
		fiber_prepare(&S.th[t].fib, NULL, NULL);
}

void sched_run(int nthreads, const uint8_t *tape, int ntape, sched_thread_fn fn)
{
	int t, first;

	sched_init();
	sched_feedback_reset();
	S.nthreads = nthreads;
	S.nrunnable = nthreads;
	S.tape = tape;
	S.ntape = ntape;
	S.tape_pos = 0;
	S.fn = fn;
	S.suspended = 0;
	S.no_preempt = 0;
	sched_stats = (struct sched_stats){ 0 };
	S.lone = 0;
	S.serial++;
	for (t = 0; t < nthreads; t++) {
		S.th[t].finished = false;
		S.th[t].granted = false;
		S.th[t].steps = 0;
		S.th[t].vchoices = 0;
		S.th[t].vdepth = 0;
		S.th[t].last_site = NULL;
		fiber_prepare(&S.th[t].fib, thread_entry, (void *)(intptr_t)t);
	}
	S.nrec = 0;
	S.site = NULL;
	memset(sched_op_span, 0xff, sizeof(sched_op_span));
	first = nthreads >= 2 ? sched_choose_at(-1, 0) : -1;
	if (first < 0)
		first = 0;
	S.cur = first;
	S.th[first].granted = true;
	S.active = true;
	/* a fault in the variant's code comes back here (sched_fault_stop) */
	if (!sigsetjmp(fault_jmp, 0))
		fiber_switch(&S.main, &S.th[first].fib);
	S.active = false;
	if (sched_stats.fault)
		sched_fault_file();
}

/*
 * Concurrency feedback for coverage-guided engines. Edge coverage does not
 * see interleavings, so every atomic also bumps a counter for
 *   (its site, the class of the old and new value), and
 *   (the site that last touched this counter from another CPU, its site)
 *   when the two conflict (one of them changed the value, as the explorer
 *   counts conflicts): a new ordered pair of conflicting sites on one
 *   counter is new coverage. libFuzzer reads
 * the counters from the __libfuzzer_extra_counters section. AFL++ reads
 * only its edge map, so under afl-clang-fast each counter is a block of
 * its own (feedback_hit(): one switch case per counter, kept apart by an
 * asm operand) and its guard is the counter. sched_set_feedback(false)
 * turns the signal off, to measure what it is worth.
 */
#ifdef PAGEREF_EXTRA_COUNTERS
#define FEEDBACK_SIZE 8192
__attribute__((section("__libfuzzer_extra_counters"), used))
static uint8_t feedback[FEEDBACK_SIZE];
static bool feedback_on = true;

void sched_set_feedback(bool on)
{
	feedback_on = on;
}

#ifdef __AFL_COMPILER
#define FB1(n) case (n): __asm__ volatile("" :: "i"(n)); break;
#define FB2(n) FB1(n) FB1((n) + 1)
#define FB4(n) FB2(n) FB2((n) + 2)
#define FB8(n) FB4(n) FB4((n) + 4)
#define FB16(n) FB8(n) FB8((n) + 8)
#define FB32(n) FB16(n) FB16((n) + 16)
#define FB64(n) FB32(n) FB32((n) + 32)
#define FB128(n) FB64(n) FB64((n) + 64)
#define FB256(n) FB128(n) FB128((n) + 128)
#define FB512(n) FB256(n) FB256((n) + 256)
#define FB1024(n) FB512(n) FB512((n) + 512)
#define FB2048(n) FB1024(n) FB1024((n) + 1024)
#define FB4096(n) FB2048(n) FB2048((n) + 2048)
#define FB8192(n) FB4096(n) FB4096((n) + 4096)
_Static_assert(FEEDBACK_SIZE == 8192, "feedback_hit() has one case per counter");

static void feedback_hit(unsigned int h)
{
	switch (h) {
	FB8192(0)
	}
}
#else
static inline void feedback_hit(unsigned int h)
{
	feedback[h]++;
}
#endif

static struct {
	const void *addr;
	const struct shim_site *site;	/* the last access */
	int8_t thread;
	const struct shim_site *wsite;	/* the last write */
	int8_t wthread;
} last_touch[16];

static int value_class(int v)
{
	if (v == 0) return 0;
	if (v == 1) return 1;
	if (v > 1 && v < 1024) return 2;
	if (v > 0) return 3;
	if (v == INT_MIN) return 4;		/* exactly the frozen bit */
	if ((unsigned int)v >= 0xc0000000u) return 5;	/* past the undo limit */
	return 6;
}

static void sched_feedback(const struct shim_site *site, const void *v, int old, int new)
{
	/* offsets from an object of this module: stable under ASLR, so a seed
	 * gives the same campaign in every process */
	uintptr_t base = (uintptr_t)feedback;
	uintptr_t s = (uintptr_t)site - base;
	unsigned int slot = (unsigned int)((((uintptr_t)v - base) >> 3) % 16);
	const struct shim_site *p;
	int pt;
	unsigned int h;

	if (!feedback_on)
		return;
	h = (unsigned int)((s >> 3) * 31 + value_class(old) * 7 + value_class(new));
	feedback_hit(h % (FEEDBACK_SIZE / 2));
	if (last_touch[slot].addr != v) {
		last_touch[slot].addr = v;
		last_touch[slot].thread = last_touch[slot].wthread = -1;
	}
	/* a write follows the last access; a read follows the last write */
	p = old != new ? last_touch[slot].site : last_touch[slot].wsite;
	pt = old != new ? last_touch[slot].thread : last_touch[slot].wthread;
	if (pt >= 0 && pt != S.cur) {
		h = (unsigned int)((((uintptr_t)p - base) >> 3) * 2654435761u ^ (s >> 3));
		feedback_hit((h % (FEEDBACK_SIZE / 2)) + FEEDBACK_SIZE / 2);
	}
	last_touch[slot].site = site;
	last_touch[slot].thread = (int8_t)S.cur;
	if (old != new) {
		last_touch[slot].wsite = site;
		last_touch[slot].wthread = (int8_t)S.cur;
	}
}
/* Feedback is per input: nothing of one run may steer the next. */
static void sched_feedback_reset(void)
{
	memset(last_touch, 0, sizeof(last_touch));
}
#else
void sched_set_feedback(bool on)
{
}

static inline void sched_feedback(const struct shim_site *site, const void *v, int old, int new)
{
}

static void sched_feedback_reset(void)
{
}
#endif

/* ---- the shim's hooks (shim/hooks.h) ---- */

void shim_before(const struct shim_site *site)
{
	if (rt_me) {	/* a real CPU: only where it is, for its fault or lockup */
		__atomic_store_n(&rt_me->last_site, site, __ATOMIC_RELAXED);
		return;
	}
	sched_point(site);
}

int shim_load(const struct shim_site *site, const void *v, int latest)
{
	if (S.active && !S.suspended)
		wmm_observe_access(site, true, false, false);
	if (!S.active || S.suspended || !wmm_on())
		return latest;
	return wmm_load(site, v, latest);
}

void shim_store(const struct shim_site *site, const void *v, int value, int rmw, int stored)
{
	if (S.active && !S.suspended)
		wmm_observe_access(site, rmw, stored, rmw && !stored);
	if (R.on || S.suspended || !wmm_on())
		return;
	if (rmw)
		wmm_rmw(site, v, value, stored);
	else
		wmm_store(site, v, value);
}

void shim_fence(const struct shim_site *site)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (S.active && !S.suspended)
		wmm_observe_access(site, false, false, false);
	if (S.active && !S.suspended && wmm_on())
		wmm_fence(site);
}

void shim_after(const struct shim_site *site, const void *v, int old, int new, int ret)
{
	if (S.active && !S.suspended)
		sched_feedback(site, v, old, new);
	sched_observe(v, old != new);
	if (trace_on && S.active && !S.suspended)
		trace_add(EV_ATOMIC, S.cur, site, NULL, old, new, ret);
}
