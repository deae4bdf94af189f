// SPDX-License-Identifier: GPL-2.0
/*
 * The real-thread mode (sched.h): the same threads on pthreads, without the
 * tape, for ThreadSanitizer and for how often a race shows on hardware.
 *
 * Each real CPU runs on a stack of its own with RT_GUARD_SIZE inaccessible
 * bytes below it (an overflow there is "stack guard page was hit"), and
 * takes its signals on an alternate stack of its own. What a CPU's thread
 * records about itself (where it is, how it faulted) lives in its slot of
 * sched_RC, written by that thread only; the main thread reads it for the
 * watchdog. A thread leaves its run through its jmp (back to real_thread())
 * after a fault, a stop (a finding) or a kick (below).
 */
#include "sched_internal.h"
#include "trace.h"

#include "../abi/shim_abi.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define RT_STACK_SIZE		(1024 * 1024)
#define RT_GUARD_SIZE		(64 * 1024)
#define RT_ALTSTACK_SIZE	(64 * 1024)
#define RT_WAIT_MS		100	/* the main thread's watch period */
#define RT_KICK_SIG		(SIGRTMIN + 1)

enum { RT_JMP_FAULT = 1, RT_JMP_STOP, RT_JMP_KICKED };

struct rt_cpu sched_RC[SCHED_MAX_THREADS];
static char rt_altstack[SCHED_MAX_THREADS][RT_ALTSTACK_SIZE];

struct sched_real sched_R = {
	.world = PTHREAD_MUTEX_INITIALIZER, .done_mu = PTHREAD_MUTEX_INITIALIZER
};

unsigned char shim_smp;
__thread int sched_real_cpu;
__thread bool rt_holds_world;
__thread struct rt_cpu *rt_me;

/* The world lock; a kick never lands between the mutex and the flag. */
static void world_lock(void)
{
	if (rt_me)
		rt_me->in_lock = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	pthread_mutex_lock(&sched_R.world);
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
	pthread_mutex_unlock(&sched_R.world);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (rt_me)
		rt_me->in_lock = 0;
}

bool sched_real_on_cpu(void)
{
	return rt_me != NULL;
}

bool sched_real_should_stop(void)
{
	return __atomic_load_n(&sched_R.stop, __ATOMIC_ACQUIRE);
}

/* sched_vcall_enter() on real threads */
void sched_real_vcall_enter(void)
{
	if (rt_me) {
		__atomic_store_n(&rt_me->vdepth, rt_me->vdepth + 1, __ATOMIC_RELAXED);
		if (rt_holds_world)
			world_unlock();
	}
}

void sched_real_vcall_exit(void)
{
	if (rt_me) {
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
	struct rt_cpu *me = &sched_RC[t];
	stack_t ss = { .ss_sp = rt_altstack[t], .ss_size = RT_ALTSTACK_SIZE }, prev;
	int why;

	sched_real_cpu = t;
	rt_me = me;
	/* a sanitizer's own alternate stack is given back at the end: it frees it */
	sigaltstack(&ss, &prev);
	why = sigsetjmp(me->jmp, 1);
	if (!why) {
		pthread_barrier_wait(&sched_R.start);
		world_lock();
		sched_R.fn(t);
		world_unlock();
	} else {
		if (rt_holds_world)
			world_unlock();
		__atomic_store_n(&me->vdepth, 0, __ATOMIC_RELAXED);
		if (why == RT_JMP_FAULT)
			real_fault_file(t);	/* comes back here as a stop */
	}
	__atomic_fetch_sub(&sched_R.running, 1, __ATOMIC_ACQ_REL);
	sigaltstack(&prev, NULL);
	rt_me = NULL;
	pthread_mutex_lock(&sched_R.done_mu);
	sched_R.ndone++;
	__atomic_store_n(&me->done, true, __ATOMIC_RELEASE);
	pthread_cond_signal(&sched_R.done_cv);
	pthread_mutex_unlock(&sched_R.done_mu);
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
	for (t = 0; t < SCHED_MAX_THREADS; t++) {
		char *base = mmap(NULL, RT_GUARD_SIZE + RT_STACK_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

		if (base == MAP_FAILED || mprotect(base, RT_GUARD_SIZE, PROT_NONE)) {
			perror("sched: real-thread stack");
			abort();
		}
		sched_RC[t].guard = base;
		sched_RC[t].stack = base + RT_GUARD_SIZE;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = real_kick_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigaction(RT_KICK_SIG, &sa, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&sched_R.done_cv, &ca);
	pthread_condattr_destroy(&ca);
}

static void real_watch(int nthreads);

void sched_real_run(int nthreads, sched_thread_fn fn)
{
	pthread_attr_t attr;
	struct timespec ts;
	int t;

	real_init();
	sched_R.fn = fn;
	sched_R.running = nthreads;
	sched_R.stop = 0;
	sched_R.ndone = 0;
	for (t = 0; t < nthreads; t++) {
		sched_RC[t].vdepth = 0;
		sched_RC[t].last_site = NULL;
		sched_RC[t].in_lock = 0;
		sched_RC[t].done = false;
	}
	sched_stats = (struct sched_stats){ 0 };
	pthread_barrier_init(&sched_R.start, NULL, (unsigned int)nthreads);
	shim_smp = 1;	/* the shim's accesses are the real atomics from now */
	__atomic_store_n(&sched_now.real, true, __ATOMIC_RELEASE);
	for (t = 0; t < nthreads; t++) {
		int err, tries = 0;

		pthread_attr_init(&attr);
		pthread_attr_setstack(&attr, sched_RC[t].stack, RT_STACK_SIZE);
		/* the others wait at the start barrier: a CPU missing is a hang */
		while ((err = pthread_create(&sched_RC[t].tid, &attr, real_thread, (void *)(intptr_t)t)) == EAGAIN &&
		       ++tries < 100)
			nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000000L }, NULL);
		if (err) {
			fprintf(stderr, "sched: cannot start real CPU %d: %s\n", t, strerror(err));
			abort();
		}
		pthread_attr_destroy(&attr);
	}
	/* wait for every thread; every RT_WAIT_MS, the watchdog and the kicks */
	pthread_mutex_lock(&sched_R.done_mu);
	while (sched_R.ndone < nthreads) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += RT_WAIT_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&sched_R.done_cv, &sched_R.done_mu, &ts) != ETIMEDOUT)
			continue;
		pthread_mutex_unlock(&sched_R.done_mu);
		real_watch(nthreads);
		pthread_mutex_lock(&sched_R.done_mu);
	}
	pthread_mutex_unlock(&sched_R.done_mu);
	for (t = 0; t < nthreads; t++)
		pthread_join(sched_RC[t].tid, NULL);
	__atomic_store_n(&sched_now.real, false, __ATOMIC_RELEASE);
	shim_smp = 0;	/* every CPU's thread has been joined */
	pthread_barrier_destroy(&sched_R.start);
}

void real_stop(void)
{
	__atomic_store_n(&sched_R.stop, 1, __ATOMIC_RELEASE);
	if (rt_holds_world)
		world_unlock();
	siglongjmp(rt_me->jmp, RT_JMP_STOP);
}

bool real_spin(void)
{
	if (sched_should_stop())
		real_stop();
	world_unlock();
	sched_yield();
	world_lock();
	return __atomic_load_n(&sched_R.running, __ATOMIC_ACQUIRE) > 1;
}

/* World code entered from the variant's side (__folio_put, a fired check). */
void sched_world_enter(void)
{
	if (sched_now.real && !rt_holds_world)
		world_lock();
}

void sched_world_exit_to_variant(void)
{
	if (sched_now.real && rt_holds_world)
		world_unlock();
}

/* Real threads: CPU @t files its own fault, then stops (real_thread()). */
static void real_fault_file(int t)
{
	struct rt_cpu *me = &sched_RC[t];
	char title[160], detail[320];
	struct fault_rec f = {
		.kind = SCHED_FAULT_SIGNAL, .thread = t, .sig = me->sig, .addr = me->addr,
		.site = me->last_site,
		.guard = (char *)me->addr >= me->guard && (char *)me->addr < me->guard + RT_GUARD_SIZE,
	};

	world_lock();
	sched_fault_describe(&f, title, sizeof(title), detail, sizeof(detail));
	sched_fault_report(t, title, detail);	/* a finding stops this CPU: real_stop() */
	real_stop();
}

bool real_fault_is_ours(void)
{
	return rt_me && __atomic_load_n(&sched_now.real, __ATOMIC_RELAXED) &&
	       __atomic_load_n(&rt_me->vdepth, __ATOMIC_RELAXED) > 0;
}

void real_fault_enter(int sig, void *addr)
{
	rt_me->sig = sig;
	rt_me->addr = addr;
	__atomic_store_n(&sched_R.stop, 1, __ATOMIC_RELEASE);
	siglongjmp(rt_me->jmp, RT_JMP_FAULT);	/* the mask is restored there */
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
	long ms[SCHED_MAX_THREADS], limit = sched_wd_limit * 250L;
	int t, worst = -1;

	if (!sched_should_stop() && limit) {
		bool over = false;

		for (t = 0; t < nthreads; t++) {
			ms[t] = __atomic_load_n(&sched_RC[t].done, __ATOMIC_ACQUIRE) ? -1 : cpu_ms(sched_RC[t].tid);
			over |= ms[t] >= limit;
		}
		for (t = 0; over && t < nthreads; t++) {
			bool in_v = ms[t] >= 0 && __atomic_load_n(&sched_RC[t].vdepth, __ATOMIC_RELAXED) > 0;
			bool worst_in_v = worst >= 0 && __atomic_load_n(&sched_RC[worst].vdepth, __ATOMIC_RELAXED) > 0;

			if (ms[t] >= 0 && (worst < 0 || (in_v && !worst_in_v) ||
					   (in_v == worst_in_v && ms[t] > ms[worst])))
				worst = t;
		}
	}
	if (worst >= 0) {
		const struct shim_site *site = __atomic_load_n(&sched_RC[worst].last_site, __ATOMIC_RELAXED);
		char title[160], detail[1024];
		size_t n;

		snprintf(title, sizeof(title), "BUG: soft lockup in %s", site ? site->func : "the variant");
		n = (size_t)snprintf(detail, sizeof(detail),
				     "CPU%d spun for %ld.%02ld s of CPU time in one run (watchdog, real threads)\n",
				     worst, ms[worst] / 1000, ms[worst] % 1000 / 10);
		for (t = 0; t < nthreads && n < sizeof(detail); t++) {
			site = __atomic_load_n(&sched_RC[t].last_site, __ATOMIC_RELAXED);
			if (ms[t] < 0)
				continue;
			n += (size_t)snprintf(detail + n, sizeof(detail) - n,
					      "CPU%d: %ld.%02ld s, %s; last atomic entered: %s in %s %s:%d\n",
					      t, ms[t] / 1000, ms[t] % 1000 / 10,
					      __atomic_load_n(&sched_RC[t].vdepth, __ATOMIC_RELAXED) > 0 ?
					      "in a variant call" : "in world code",
					      site ? site->op : "-", site ? site->func : "-",
					      site ? trace_basename(site->file) : "-", site ? site->line : 0);
		}
		/* the first verdict wins: under the world lock, as the CPUs' */
		pthread_mutex_lock(&sched_R.world);
		sched_stats.fault = SCHED_FAULT_WATCHDOG;
		sched_fault_report(worst, title, detail);
		__atomic_store_n(&sched_R.stop, 1, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&sched_R.world);
	}
	if (sched_should_stop())
		for (t = 0; t < nthreads; t++)
			if (!__atomic_load_n(&sched_RC[t].done, __ATOMIC_ACQUIRE))
				pthread_kill(sched_RC[t].tid, RT_KICK_SIG);
}

