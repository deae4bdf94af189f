// SPDX-License-Identifier: GPL-2.0
/*
 * The weak memory model against the kernel's own litmus tests
 * (tools/memory-model/litmus-tests/, one .litmus file each): each test below is written
 * with the shim's atomics and barriers, every schedule and every reads-from
 * choice of the model is enumerated (a small depth-first enumerator over the
 * scheduler's choosers: stateless, each execution re-runs from the start),
 * and the verdict — the "exists" clause holds in all, some or none of the
 * reachable outcomes — must be herd7's Always / Sometimes / Never from the
 * file's header. A deliberate deviation of the model is marked with the
 * reason; the test then asserts the verdict the model gives instead, so the
 * deviation cannot change silently (README, "Weak memory").
 *
 * Mapping: READ_ONCE/WRITE_ONCE = atomic_read/atomic_set,
 * smp_load_acquire/smp_store_release = atomic_read_acquire/
 * atomic_set_release, xchg/cmpxchg and their _relaxed/_acquire/_release
 * forms = the atomic_t ones; smp_mb/smp_rmb/smp_wmb and
 * smp_mb__{before,after}_atomic as in <asm/barrier.h>.
 */
#include "memory/wmm.h"
#include "runtime/sched.h"

#include <linux/atomic.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS	4
#define MAX_DEPTH	256

static atomic_t x, y, z;
static int r[MAX_THREADS][4];

enum verdict { NEVER, SOMETIMES, ALWAYS };
static const char *const verdict_names[] = { "Never", "Sometimes", "Always" };

struct litmus {
	const char *name;		/* the kernel's file name, without .litmus */
	enum verdict herd;		/* its "Result:" line */
	int nthreads;
	void (*thread[MAX_THREADS])(void);
	int init_x, init_y;	/* nonzero initial values ("init" of the file) */
	bool (*exists)(void);
	const char *deviation;		/* why the model gives another verdict, or NULL */
	enum verdict model;		/* that verdict */
};

/* ---- the enumerator ---- */

static struct { int n, v; } stack[MAX_DEPTH];
static int depth, pos, nthreads_now;
static const struct litmus *cur_test;

static int next_choice(int n)
{
	if (pos < depth)
		return stack[pos++].v;
	if (depth == MAX_DEPTH) {
		fprintf(stderr, "litmus: more than %d decisions\n", MAX_DEPTH);
		exit(1);
	}
	stack[depth].n = n;
	stack[depth].v = 0;
	depth++;
	pos++;
	return 0;
}

/* option 0: no preemption; k: the k-th other thread */
static int sched_choice(int cur, int step, const struct shim_site *site, void *arg)
{
	int k = next_choice(nthreads_now);

	(void)step, (void)site, (void)arg;
	if (!k)
		return -1;
	return cur < 0 ? k - 1 : (cur + k) % nthreads_now;
}

static int value_choice(int cur, int idx, int n, void *arg)
{
	(void)cur, (void)idx, (void)arg;
	return next_choice(n);
}

static void run_thread(int t)
{
	cur_test->thread[t]();
}

/* Every execution; returns how many, and how many satisfy "exists". */
static long enumerate(const struct litmus *t, long *hits)
{
	long runs = 0;

	cur_test = t;
	nthreads_now = t->nthreads;
	depth = 0;
	*hits = 0;
	sched_set_chooser(sched_choice, NULL);
	sched_set_value_chooser(value_choice);
	for (;;) {
		pos = 0;
		memset(r, 0, sizeof(r));
		wmm_reset(true);
		/* the initial values, stored before the CPUs start */
		atomic_set(&x, t->init_x);
		atomic_set(&y, t->init_y);
		atomic_set(&z, 0);
		sched_run(t->nthreads, NULL, 0, run_thread);
		runs++;
		*hits += t->exists();
		while (depth > 0 && stack[depth - 1].v + 1 >= stack[depth - 1].n)
			depth--;
		if (!depth)
			break;
		stack[depth - 1].v++;	/* the prefix up to here is replayed */
		if (runs > 2000000) {
			fprintf(stderr, "litmus %s: too many executions\n", t->name);
			exit(1);
		}
	}
	sched_set_chooser(NULL, NULL);
	sched_set_value_chooser(NULL);
	return runs;
}

/* ---- the tests: the kernel's files, written with the shim's atomics ---- */

#define P(name, body) static void name(void) { body; }
#define R(t, i) r[t][i]
#define X(v) atomic_read(&(v))	/* a final value, after every CPU finished */

/* MP: message passing */
P(mp_w_once, atomic_set(&x, 1); atomic_set(&y, 1))
P(mp_r_once, R(1, 0) = atomic_read(&y); R(1, 1) = atomic_read(&x))
P(mp_w_release, atomic_set(&x, 1); atomic_set_release(&y, 1))
P(mp_r_acquire, R(1, 0) = atomic_read_acquire(&y); R(1, 1) = atomic_read(&x))
P(mp_w_wmb, atomic_set(&x, 1); smp_wmb(); atomic_set(&y, 1))
P(mp_r_rmb, R(1, 0) = atomic_read(&y); smp_rmb(); R(1, 1) = atomic_read(&x))
static bool mp_exists(void) { return R(1, 0) == 1 && R(1, 1) == 0; }

/* SB: store buffering */
P(sb_0_once, atomic_set(&x, 1); R(0, 0) = atomic_read(&y))
P(sb_1_once, atomic_set(&y, 1); R(1, 0) = atomic_read(&x))
P(sb_0_mb, atomic_set(&x, 1); smp_mb(); R(0, 0) = atomic_read(&y))
P(sb_1_mb, atomic_set(&y, 1); smp_mb(); R(1, 0) = atomic_read(&x))
P(sb_0_rfi, atomic_set(&x, 1); R(0, 1) = atomic_read(&x); R(0, 0) = atomic_read(&y))
P(sb_1_rfi, atomic_set(&y, 1); R(1, 1) = atomic_read(&y); R(1, 0) = atomic_read(&x))
static bool sb_exists(void) { return R(0, 0) == 0 && R(1, 0) == 0; }

/* LB: load buffering */
P(lb_0_once, R(0, 0) = atomic_read(&x); atomic_set(&y, 1))
P(lb_1_once, R(1, 0) = atomic_read(&y); atomic_set(&x, 1))
P(lb_0_acq, R(0, 0) = atomic_read(&x); atomic_set_release(&y, 1))
P(lb_1_rel, R(1, 0) = atomic_read_acquire(&y); atomic_set(&x, 1))
P(lb_0_ctrl, R(0, 0) = atomic_read(&x); if (R(0, 0)) atomic_set(&y, 1))
P(lb_1_mb, R(1, 0) = atomic_read(&y); smp_mb(); atomic_set(&x, 1))
static bool lb_exists(void) { return R(0, 0) == 1 && R(1, 0) == 1; }

/* R */
P(r_0_once, atomic_set(&x, 1); atomic_set(&y, 1))
P(r_1_once, atomic_set(&y, 2); R(1, 0) = atomic_read(&x))
P(r_0_mb, atomic_set(&x, 1); smp_mb(); atomic_set(&y, 1))
P(r_1_mb, atomic_set(&y, 2); smp_mb(); R(1, 0) = atomic_read(&x))
static bool r_exists(void) { return X(y) == 2 && R(1, 0) == 0; }

/* S */
P(s_0_once, atomic_set(&x, 2); atomic_set(&y, 1))
P(s_1_once, R(1, 0) = atomic_read(&y); atomic_set(&x, 1))
P(s_0_wmb, atomic_set(&x, 2); smp_wmb(); atomic_set(&y, 1))
P(s_1_acq, R(1, 0) = atomic_read_acquire(&y); atomic_set(&x, 1))
static bool s_exists(void) { return X(x) == 2 && R(1, 0) == 1; }

/* Co*: coherence */
P(co_w1, atomic_set(&x, 1))
P(co_w2, atomic_set(&x, 2))
P(corr_1, R(1, 0) = atomic_read(&x); R(1, 1) = atomic_read(&x))
static bool corr_exists(void) { return R(1, 0) == 1 && R(1, 1) == 0; }
P(corw_0, R(0, 0) = atomic_read(&x); atomic_set(&x, 1))
static bool corw_exists(void) { return X(x) == 2 && R(0, 0) == 2; }
P(cowr_0, atomic_set(&x, 1); R(0, 0) = atomic_read(&x))
static bool cowr_exists(void) { return X(x) == 1 && R(0, 0) == 2; }
P(coww_0, atomic_set(&x, 1); atomic_set(&x, 2))
static bool coww_exists(void) { return X(x) == 1; }

/* IRIW, ISA2, WRC, Z6.0: three and four CPUs */
P(iriw_0, atomic_set(&x, 1))
P(iriw_1, R(1, 0) = atomic_read(&x); R(1, 1) = atomic_read(&y))
P(iriw_2, atomic_set(&y, 1))
P(iriw_3, R(3, 0) = atomic_read(&y); R(3, 1) = atomic_read(&x))
P(iriw_1_mb, R(1, 0) = atomic_read(&x); smp_mb(); R(1, 1) = atomic_read(&y))
P(iriw_3_mb, R(3, 0) = atomic_read(&y); smp_mb(); R(3, 1) = atomic_read(&x))
static bool iriw_exists(void) { return R(1, 0) == 1 && R(1, 1) == 0 && R(3, 0) == 1 && R(3, 1) == 0; }

P(isa2_0, atomic_set(&x, 1); atomic_set(&y, 1))
P(isa2_1, R(1, 0) = atomic_read(&y); atomic_set(&z, 1))
P(isa2_2, R(2, 0) = atomic_read(&z); R(2, 1) = atomic_read(&x))
P(isa2_0_rel, atomic_set(&x, 1); atomic_set_release(&y, 1))
P(isa2_1_acqrel, R(1, 0) = atomic_read_acquire(&y); atomic_set_release(&z, 1))
P(isa2_2_acq, R(2, 0) = atomic_read_acquire(&z); R(2, 1) = atomic_read(&x))
static bool isa2_exists(void) { return R(1, 0) == 1 && R(2, 0) == 1 && R(2, 1) == 0; }

P(wrc_0, atomic_set(&x, 1))
P(wrc_1, R(1, 0) = atomic_read(&x); atomic_set(&y, 1))
P(wrc_2, R(2, 0) = atomic_read(&y); R(2, 1) = atomic_read(&x))
P(wrc_1_rel, R(1, 0) = atomic_read(&x); atomic_set_release(&y, 1))
P(wrc_2_rmb, R(2, 0) = atomic_read(&y); smp_rmb(); R(2, 1) = atomic_read(&x))
static bool wrc_exists(void) { return R(1, 0) == 1 && R(2, 0) == 1 && R(2, 1) == 0; }

P(z6_2_mb, atomic_set(&z, 2); smp_mb(); R(2, 1) = atomic_read(&x))
static bool z6_exists(void) { return R(1, 0) == 1 && X(z) == 2 && R(2, 1) == 0; }

/* Documentation/litmus-tests/atomic: a failed cmpxchg orders nothing */
P(cfo1_0, atomic_set(&x, 1); R(0, 1) = atomic_cmpxchg(&z, 1, 0); smp_mb__after_atomic();
  R(0, 0) = atomic_read(&y))
P(cfo1_1, atomic_set(&y, 1); R(1, 1) = atomic_cmpxchg(&z, 1, 0); smp_mb__after_atomic();
  R(1, 0) = atomic_read(&x))
P(cfu1_0, atomic_set(&x, 1); R(0, 1) = atomic_cmpxchg(&z, 1, 0); R(0, 0) = atomic_read(&y))
P(cfu1_1, atomic_set(&y, 1); R(1, 1) = atomic_cmpxchg(&z, 1, 0); R(1, 0) = atomic_read(&x))
static bool cf1_exists(void) { return R(0, 0) == 0 && R(1, 0) == 0; }
P(cf2_0, atomic_set(&x, 1); R(0, 1) = atomic_cmpxchg(&y, 0, 1))
P(cfo2_1, R(1, 1) = atomic_cmpxchg(&y, 0, 1); smp_mb__after_atomic(); R(1, 2) = atomic_read(&x))
P(cfu2_1, R(1, 1) = atomic_cmpxchg(&y, 0, 1); R(1, 2) = atomic_read(&x))
static bool cf2_exists(void) { return R(0, 1) == 0 && R(1, 1) == 1 && R(1, 2) == 0; }
P(rmw_mb_0, R(0, 0) = atomic_read(&x); smp_rmb(); R(0, 1) = atomic_read(&y))
P(rmw_mb_1, atomic_inc(&y); smp_mb__after_atomic(); atomic_set(&x, 1))
static bool rmw_mb_exists(void) { return R(0, 0) == 1 && R(0, 1) == 0; }
P(rmw_set_0, (void)atomic_add_unless(&x, 1, 0))
P(rmw_set_1, atomic_set(&x, 0))
static bool rmw_set_exists(void) { return X(x) == 2; }

#define LB_DEVIATION "loads never read stores that have not executed yet (no load buffering)"
#define S_DEVIATION "stores enter modification order when they execute: a store cannot be " \
		    "ordered before one its CPU has not seen"
#define T(name, herd, n, ...) { name, herd, n, __VA_ARGS__ }

static const struct litmus tests[] = {
	T("MP+poonceonces", SOMETIMES, 2, { mp_w_once, mp_r_once }, 0, 0, mp_exists, NULL, NEVER),
	T("MP+pooncerelease+poacquireonce", NEVER, 2, { mp_w_release, mp_r_acquire }, 0, 0, mp_exists, NULL, NEVER),
	T("MP+fencewmbonceonce+fencermbonceonce", NEVER, 2, { mp_w_wmb, mp_r_rmb }, 0, 0, mp_exists, NULL, NEVER),
	T("SB+poonceonces", SOMETIMES, 2, { sb_0_once, sb_1_once }, 0, 0, sb_exists, NULL, NEVER),
	T("SB+fencembonceonces", NEVER, 2, { sb_0_mb, sb_1_mb }, 0, 0, sb_exists, NULL, NEVER),
	T("SB+rfionceonce-poonceonces", SOMETIMES, 2, { sb_0_rfi, sb_1_rfi }, 0, 0, sb_exists, NULL, NEVER),
	T("LB+poonceonces", SOMETIMES, 2, { lb_0_once, lb_1_once }, 0, 0, lb_exists, LB_DEVIATION, NEVER),
	T("LB+poacquireonce+pooncerelease", NEVER, 2, { lb_0_acq, lb_1_rel }, 0, 0, lb_exists, NULL, NEVER),
	T("LB+fencembonceonce+ctrlonceonce", NEVER, 2, { lb_0_ctrl, lb_1_mb }, 0, 0, lb_exists, NULL, NEVER),
	T("R+poonceonces", SOMETIMES, 2, { r_0_once, r_1_once }, 0, 0, r_exists, NULL, NEVER),
	T("R+fencembonceonces", NEVER, 2, { r_0_mb, r_1_mb }, 0, 0, r_exists, NULL, NEVER),
	T("S+poonceonces", SOMETIMES, 2, { s_0_once, s_1_once }, 0, 0, s_exists, S_DEVIATION, NEVER),
	T("S+fencewmbonceonce+poacquireonce", NEVER, 2, { s_0_wmb, s_1_acq }, 0, 0, s_exists, NULL, NEVER),
	T("CoRR+poonceonce+Once", NEVER, 2, { co_w1, corr_1 }, 0, 0, corr_exists, NULL, NEVER),
	T("CoRW+poonceonce+Once", NEVER, 2, { corw_0, co_w2 }, 0, 0, corw_exists, NULL, NEVER),
	T("CoWR+poonceonce+Once", NEVER, 2, { cowr_0, co_w2 }, 0, 0, cowr_exists, NULL, NEVER),
	T("CoWW+poonceonce", NEVER, 1, { coww_0 }, 0, 0, coww_exists, NULL, NEVER),
	T("IRIW+poonceonces+OnceOnce", SOMETIMES, 4, { iriw_0, iriw_1, iriw_2, iriw_3 }, 0, 0, iriw_exists, NULL, NEVER),
	T("IRIW+fencembonceonces+OnceOnce", NEVER, 4, { iriw_0, iriw_1_mb, iriw_2, iriw_3_mb }, 0, 0, iriw_exists, NULL, NEVER),
	T("ISA2+poonceonces", SOMETIMES, 3, { isa2_0, isa2_1, isa2_2 }, 0, 0, isa2_exists, NULL, NEVER),
	T("ISA2+pooncerelease+poacquirerelease+poacquireonce", NEVER, 3, { isa2_0_rel, isa2_1_acqrel, isa2_2_acq },
	  0, 0, isa2_exists, NULL, NEVER),
	T("WRC+poonceonces+Once", SOMETIMES, 3, { wrc_0, wrc_1, wrc_2 }, 0, 0, wrc_exists, NULL, NEVER),
	T("WRC+pooncerelease+fencermbonceonce+Once", NEVER, 3, { wrc_0, wrc_1_rel, wrc_2_rmb }, 0, 0, wrc_exists, NULL, NEVER),
	T("Z6.0+pooncerelease+poacquirerelease+fencembonceonce", SOMETIMES, 3,
	  { isa2_0_rel, isa2_1_acqrel, z6_2_mb }, 0, 0, z6_exists, NULL, NEVER),
	T("cmpxchg-fail-ordered-1", NEVER, 2, { cfo1_0, cfo1_1 }, 0, 0, cf1_exists, NULL, NEVER),
	T("cmpxchg-fail-ordered-2", NEVER, 2, { cf2_0, cfo2_1 }, 0, 0, cf2_exists, NULL, NEVER),
	T("cmpxchg-fail-unordered-1", SOMETIMES, 2, { cfu1_0, cfu1_1 }, 0, 0, cf1_exists, NULL, NEVER),
	T("cmpxchg-fail-unordered-2", SOMETIMES, 2, { cf2_0, cfu2_1 }, 0, 0, cf2_exists, NULL, NEVER),
	T("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire", NEVER, 2, { rmw_mb_0, rmw_mb_1 }, 0, 0,
	  rmw_mb_exists, NULL, NEVER),
	T("Atomic-RMW-ops-are-atomic-WRT-atomic_set", NEVER, 2, { rmw_set_0, rmw_set_1 }, 1, 0, rmw_set_exists,
	  NULL, NEVER),
};

int main(int argc, char **argv)
{
	size_t i;
	int failures = 0;

	(void)argc, (void)argv;
	sched_init();
	printf("%-46s %-10s %-10s %10s %8s\n", "litmus test", "herd7", "model", "executions", "exists");
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		const struct litmus *t = &tests[i];
		long hits, runs = enumerate(t, &hits);
		enum verdict got = !hits ? NEVER : hits == runs ? ALWAYS : SOMETIMES;
		enum verdict want = t->deviation ? t->model : t->herd;
		bool ok = got == want;

		printf("%-46s %-10s %-10s %10ld %8ld  %s%s%s%s\n", t->name, verdict_names[t->herd],
		       verdict_names[got], runs, hits, ok ? "ok" : "FAIL",
		       t->deviation ? " (deviation: " : "", t->deviation ? t->deviation : "",
		       t->deviation ? ")" : "");
		failures += !ok;
	}
	printf("%d passed, %d failed\n", (int)(sizeof(tests) / sizeof(tests[0])) - failures, failures);
	return failures ? 1 : 0;
}
