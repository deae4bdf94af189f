// SPDX-License-Identifier: GPL-2.0
/*
 * Faults and hangs (sched.h): the variant's crash or spin is a finding.
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
 * run, and the process goes on to the next (real.c).
 */
#include "sched_internal.h"
#include "trace.h"

#include "../abi/shim_abi.h"

#include <stdio.h>
#include <string.h>
#include <sys/time.h>

sigjmp_buf sched_fault_jmp;
static sched_fault_fn fault_fn;
static const int fault_sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
static struct sigaction fault_prev[sizeof(fault_sigs) / sizeof(fault_sigs[0])];
static struct fault_rec F;	/* the fibers' */
int sched_wd_limit;		/* watchdog ticks (250 ms of CPU time each); 0: off */
static volatile sig_atomic_t wd_ticks;
static volatile unsigned long wd_serial;

void sched_set_fault_fn(sched_fault_fn fn)
{
	fault_fn = fn;
}

void sched_fault_stop(int kind, int sig, void *addr)
{
	struct sched_thread *me = &sched_S.th[sched_now.cur];

	sched_stats.fault = kind;
	F.kind = kind;
	F.thread = sched_now.cur;
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
		siglongjmp(sched_fault_jmp, 1);
	}
	sched_now.active = false;
	fiber_exit_to(&me->fib, &sched_S.main);
}

/* The title and the first lines of the report of fault @f. */
void sched_fault_describe(const struct fault_rec *f, char *title, size_t tsize,
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
			 f->thread, sched_now.lone);
		break;
	case SCHED_FAULT_BUDGET:
		snprintf(title, tsize, "INFO: rcu detected stall in %s", fn);
		snprintf(detail, dsize, "the run used its %d steps without ending (CPU%d current)\n",
			 SCHED_MAX_STEPS, f->thread);
		break;
	default:
		snprintf(title, tsize, "BUG: soft lockup in %s", fn);
		snprintf(detail, dsize, "CPU%d made no scheduling point for %d.%02d s of CPU time (watchdog)\n",
			 f->thread, sched_wd_limit / 4, sched_wd_limit % 4 * 25);
	}
	if (f->site)
		snprintf(detail + strlen(detail), dsize - strlen(detail),
			 "last atomic entered: %s in %s %s:%d\n", f->site->op, f->site->func,
			 trace_basename(f->site->file), f->site->line);
}

void sched_fault_file(void)
{
	char title[160], detail[320];

	sched_fault_describe(&F, title, sizeof(title), detail, sizeof(detail));
	sched_fault_report(F.thread, title, detail);
}

void sched_fault_report(int thread, const char *title, const char *detail)
{
	if (fault_fn)
		fault_fn(thread, title, detail);
}


/* Inside a fiber, in the variant's code: the only place a fault is ours. */
static bool fault_is_ours(void)
{
	return sched_now.active && !__atomic_load_n(&sched_now.real, __ATOMIC_RELAXED) && sched_now.vdepth[sched_now.cur] > 0;
}

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	size_t i;

	if (fault_is_ours())
		sched_fault_stop(SCHED_FAULT_SIGNAL, sig, si->si_addr);
	if (real_fault_is_ours())
		real_fault_enter(sig, si->si_addr);
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
	if (!sched_now.active || __atomic_load_n(&sched_now.real, __ATOMIC_RELAXED) || wd_serial != sched_S.serial) {
		wd_serial = sched_S.serial;
		wd_ticks = 0;
		return;
	}
	/* outside variant code (world code mid-update) only at twice the limit */
	if (++wd_ticks >= sched_wd_limit && (fault_is_ours() || wd_ticks >= 2 * sched_wd_limit))
		sched_fault_stop(SCHED_FAULT_WATCHDOG, sig, NULL);
}

void sched_set_watchdog(int seconds)
{
	struct itimerval it = { { 0, 250000 }, { 0, 250000 } };
	struct sigaction sa;

	sched_wd_limit = seconds * 4;
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
