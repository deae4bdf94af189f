// SPDX-License-Identifier: GPL-2.0
/* Fibers, the tape and its choosers, scheduling points, the run (sched.h). */
#include "sched_internal.h"
#include "trace.h"

#include "../abi/shim_abi.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sched_fibers sched_S;
struct sched_now sched_now;

int sched_op_span[SCHED_MAX_OPS][2];

/* Explorer support: everything here is a no-op without an observer. */
void sched_set_observer(sched_access_fn fn, void *arg)
{
	sched_S.observer = fn;
	sched_S.observer_arg = arg;
	sched_now.observed = fn != NULL;
}

void sched_observe_world(void)
{
	sched_observe(NULL, true);
}

int sched_choice_options(uint8_t *runnable)
{
	int t;

	*runnable = 0;
	for (t = 0; t < sched_S.nthreads; t++)
		if (!sched_S.th[t].finished)
			*runnable |= (uint8_t)(1u << t);
	return sched_S.choice_default;
}

void sched_set_chooser(sched_chooser_fn fn, void *arg)
{
	sched_S.chooser = fn;
	sched_S.chooser_arg = arg;
}

int sched_recorded_tape(const uint8_t **tape)
{
	*tape = sched_S.rec;
	return sched_S.nrec;
}

struct sched_stats sched_stats;

void sched_preempt_disable(void)
{
	sched_S.no_preempt++;
}

void sched_preempt_enable(void)
{
	sched_S.no_preempt--;
}

void sched_suspend(void)
{
	sched_now.suspended++;
}

void sched_resume(void)
{
	sched_now.suspended--;
}

static int next_runnable_after(int t);

/* A decision answered by a chooser: kept, so the run replays from the tape. */
static void tape_record(int b)
{
	if (sched_S.nrec < SCHED_MAX_TAPE)
		sched_S.rec[sched_S.nrec++] = (uint8_t)b;
	sched_stats.tape_used++;
}

/* The next tape byte (0..7), or -1 when the tape has run out. */
static inline int tape_read(void)
{
	if (sched_S.tape_pos >= sched_S.ntape)
		return -1;
	sched_stats.tape_used++;
	return sched_S.tape[sched_S.tape_pos++] & 7;
}

/* -1: no preemption. @step: the current thread's step, -1 at its end. */
static inline __attribute__((always_inline)) int sched_choose_at(int cur, int step)
{
	int b;

	if (sched_S.chooser) {
		sched_S.choice_default = cur < 0 ? 0 : step < 0 ? next_runnable_after(cur) : cur;
		b = sched_S.chooser(cur, step, sched_S.site, sched_S.chooser_arg);
		if (b >= sched_S.nthreads || (b >= 0 && sched_S.th[b].finished))
			b = -1;
		tape_record(b < 0 ? TAPE_NONE : b);
		return b;
	}
	b = tape_read();
	if (b < 0 || b >= sched_S.nthreads || sched_S.th[b].finished)
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

	if (n < 2 || !sched_now.active || sched_now.suspended)
		return 0;
	if (sched_S.value_chooser) {
		b = sched_S.value_chooser(sched_now.cur, sched_S.th[sched_now.cur].vchoices++, n, sched_S.chooser_arg);
		if (b < 0 || b >= n)
			b = 0;
		tape_record(b ? b : TAPE_NONE);
		return b;
	}
	sched_S.th[sched_now.cur].vchoices++;
	if (sched_S.chooser) {	/* a scheduling chooser alone: the newest store */
		tape_record(TAPE_NONE);
		return 0;
	}
	if (sched_S.tape_pos < sched_S.ntape)
		sched_S.value_at[sched_S.tape_pos] = sched_S.serial;
	b = tape_read();
	return b >= 0 && b < n ? b : 0;
}

bool sched_tape_was_value(int pos)
{
	return pos >= 0 && pos < SCHED_MAX_TAPE && sched_S.serial && sched_S.value_at[pos] == sched_S.serial;
}

void sched_set_value_chooser(sched_value_chooser_fn fn)
{
	sched_S.value_chooser = fn;
}

static int next_runnable_after(int t)
{
	int i;

	for (i = 1; i <= sched_S.nthreads; i++) {
		int c = (t + i) % sched_S.nthreads;

		if (!sched_S.th[c].finished)
			return c;
	}
	return -1;
}

static void switch_to(int next)
{
	struct sched_thread *me = &sched_S.th[sched_now.cur];

	sched_stats.switches++;
	sched_S.th[next].granted = true;
	sched_now.cur = next;
	fiber_switch(&me->fib, &sched_S.th[next].fib);
	/* resumed: we were handed the next step */
	me->granted = false;
}

void sched_point(const struct shim_site *site)
{
	struct sched_thread *me;
	int next;

	if (!sched_now.active || sched_now.suspended)
		return;
	me = &sched_S.th[sched_now.cur];
	if (site)
		me->last_site = site;
	if (++sched_stats.steps > SCHED_MAX_STEPS) {
		sched_stats.budget_exhausted = true;
		sched_fault_stop(sched_S.nrunnable < 2 ? SCHED_FAULT_LONE : SCHED_FAULT_BUDGET, 0, NULL);
	}
	sched_now.steps[sched_now.cur]++;
	if (me->granted) {
		me->granted = false;
		/* a fresh thread passes its first point unasked: the explorer
		 * still learns what the world code after it touches */
		if (!site)
			sched_observe(sched_S.point_loc, !sched_S.point_loc || sched_S.point_write);
		return;
	}
	if (sched_S.nrunnable < 2) {
		if (sched_now.vdepth[sched_now.cur] && ++sched_now.lone > SCHED_LONE_LIMIT)
			sched_fault_stop(SCHED_FAULT_LONE, 0, NULL);
		return;
	}
	if (sched_S.no_preempt)
		return;
	sched_S.site = site;
	next = sched_choose_at(sched_now.cur, sched_now.steps[sched_now.cur]);
	if (next < 0 || next == sched_now.cur)
		return;
	switch_to(next);
}

void sched_point_world(void)
{
	sched_S.point_loc = NULL;
	sched_point(NULL);
}

void sched_point_world_at(const void *loc, bool write)
{
	sched_S.point_loc = loc;
	sched_S.point_write = write;
	sched_point(NULL);
	sched_S.point_loc = NULL;
}

const void *sched_point_location(bool *write)
{
	*write = sched_S.point_write;
	return sched_S.point_loc;
}

bool sched_spin(void)
{
	if (sched_now.real)
		return real_spin();
	if (!sched_now.active || sched_S.nrunnable < 2)
		return false;
	sched_observe(NULL, true);	/* another thread's code runs unchosen */
	switch_to(next_runnable_after(sched_now.cur));
	return true;
}

static void thread_entry(void *arg)
{
	int t = (int)(intptr_t)arg;
	struct sched_thread *me = &sched_S.th[t];
	int next;

	sched_S.fn(t);
	me->finished = true;
	sched_S.nrunnable--;
	next = -1;
	if (sched_S.nrunnable >= 2) {
		sched_S.site = NULL;
		next = sched_choose_at(t, -1);
	}
	if (next < 0)
		next = next_runnable_after(t);
	if (next < 0) {
		fiber_exit_to(&me->fib, &sched_S.main);
	} else {
		sched_stats.switches++;
		sched_S.th[next].granted = true;
		sched_now.cur = next;
		fiber_exit_to(&me->fib, &sched_S.th[next].fib);
	}
}

void sched_stop_run(void)
{
	struct sched_thread *me = &sched_S.th[sched_now.cur];

	if (sched_now.real && rt_me)
		real_stop();
	sched_now.active = false;
	fiber_exit_to(&me->fib, &sched_S.main);
}

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
	hooks_init();
	fiber_init_main(&sched_S.main);
	for (t = 0; t < SCHED_MAX_THREADS; t++)
		fiber_prepare(&sched_S.th[t].fib, NULL, NULL);
}

void sched_run(int nthreads, const uint8_t *tape, int ntape, sched_thread_fn fn)
{
	int t, first;
	unsigned char full;

	sched_init();
	sched_feedback_reset();
	sched_S.nthreads = nthreads;
	sched_S.nrunnable = nthreads;
	sched_S.tape = tape;
	sched_S.ntape = ntape;
	sched_S.tape_pos = 0;
	sched_S.fn = fn;
	sched_now.suspended = 0;
	sched_S.no_preempt = 0;
	sched_stats = (struct sched_stats){ 0 };
	sched_now.lone = 0;
	sched_S.serial++;
	for (t = 0; t < nthreads; t++) {
		sched_S.th[t].finished = false;
		sched_S.th[t].granted = false;
		sched_now.steps[t] = 0;
		sched_S.th[t].vchoices = 0;
		sched_now.vdepth[t] = 0;
		sched_S.th[t].last_site = NULL;
		fiber_prepare(&sched_S.th[t].fib, thread_entry, (void *)(intptr_t)t);
	}
	sched_S.nrec = 0;
	sched_S.site = NULL;
	memset(sched_op_span, 0xff, sizeof(sched_op_span));
	first = nthreads >= 2 ? sched_choose_at(-1, 0) : -1;
	if (first < 0)
		first = 0;
	sched_now.cur = first;
	sched_S.th[first].granted = true;
	sched_now.active = true;
	full = shim_full;
	sched_fast_begin();
	/* a fault in the variant's code comes back here (sched_fault_stop) */
	if (!sigsetjmp(sched_fault_jmp, 0))
		fiber_switch(&sched_S.main, &sched_S.th[first].fib);
	shim_full = full;
	sched_now.active = false;
	if (sched_stats.fault)
		sched_fault_file();
}
