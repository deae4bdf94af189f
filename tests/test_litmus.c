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
	int init_x, init_y;
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
		wmm_reset(true, t->nthreads);
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

/* ---- the tests ---- */

#define P(name, body) static void name(void) { body; }
#define R(t, i) r[t][i]

/* MP: message passing */
P(mp_w_once, atomic_set(&x, 1); atomic_set(&y, 1))
P(mp_r_once, R(1, 0) = atomic_read(&y); R(1, 1) = atomic_read(&x))
P(mp_w_release, atomic_set(&x, 1); atomic_set_release(&y, 1))
P(mp_r_acquire, R(1, 0) = atomic_read_acquire(&y); R(1, 1) = atomic_read(&x))
P(mp_w_wmb, atomic_set(&x, 1); smp_wmb(); atomic_set(&y, 1))
P(mp_r_rmb, R(1, 0) = atomic_read(&y); smp_rmb(); R(1, 1) = atomic_read(&x))
P(mp_w_mb, atomic_set(&x, 1); smp_mb(); atomic_set(&y, 1))
P(mp_r_mb, R(1, 0) = atomic_read(&y); smp_mb(); R(1, 1) = atomic_read(&x))
static bool mp_exists(void) { return R(1, 0) == 1 && R(1, 1) == 0; }

/* SB: store buffering */
P(sb_0_once, atomic_set(&x, 1); R(0, 0) = atomic_read(&y))
P(sb_1_once, atomic_set(&y, 1); R(1, 0) = atomic_read(&x))
P(sb_0_mb, atomic_set(&x, 1); smp_mb(); R(0, 0) = atomic_read(&y))
P(sb_1_mb, atomic_set(&y, 1); smp_mb(); R(1, 0) = atomic_read(&x))
static bool sb_exists(void) { return R(0, 0) == 0 && R(1, 0) == 0; }

/* LB: load buffering */
P(lb_0_once, R(0, 0) = atomic_read(&x); atomic_set(&y, 1))
P(lb_1_once, R(1, 0) = atomic_read(&y); atomic_set(&x, 1))
P(lb_0_acq, R(0, 0) = atomic_read_acquire(&x); atomic_set(&y, 1))
P(lb_1_rel, R(1, 0) = atomic_read(&y); atomic_set_release(&x, 1))
static bool lb_exists(void) { return R(0, 0) == 1 && R(1, 0) == 1; }

/* 2+2W */
P(w22_0_once, atomic_set(&x, 1); atomic_set(&y, 2))
P(w22_1_once, atomic_set(&y, 1); atomic_set(&x, 2))
P(w22_0_mb, atomic_set(&x, 1); smp_mb(); atomic_set(&y, 2))
P(w22_1_mb, atomic_set(&y, 1); smp_mb(); atomic_set(&x, 2))
static bool w22_exists(void) { return atomic_read(&x) == 1 && atomic_read(&y) == 1; }

/* R */
P(r_0_once, atomic_set(&x, 1); atomic_set(&y, 1))
P(r_1_once, atomic_set(&y, 2); R(1, 0) = atomic_read(&x))
P(r_0_mb, atomic_set(&x, 1); smp_mb(); atomic_set(&y, 1))
P(r_1_mb, atomic_set(&y, 2); smp_mb(); R(1, 0) = atomic_read(&x))
static bool r_exists(void) { return atomic_read(&y) == 2 && R(1, 0) == 0; }

/* S */
P(s_0_once, atomic_set(&x, 2); atomic_set(&y, 1))
P(s_1_once, R(1, 0) = atomic_read(&y); atomic_set(&x, 1))
P(s_0_wmb, atomic_set(&x, 2); smp_wmb(); atomic_set(&y, 1))
P(s_1_acq, R(1, 0) = atomic_read_acquire(&y); atomic_set(&x, 1))
static bool s_exists(void) { return atomic_read(&x) == 2 && R(1, 0) == 1; }

/* cmpxchg-fail-ordered/unordered: a failed cmpxchg orders nothing */
P(cf_0, atomic_set(&x, 1); R(0, 0) = atomic_cmpxchg(&z, 1, 0); R(0, 1) = atomic_read(&y))
P(cf_1, atomic_set(&y, 1); smp_mb(); R(1, 0) = atomic_read(&x))
P(cf_0_mb, atomic_set(&x, 1); R(0, 0) = atomic_cmpxchg(&z, 1, 0); smp_mb__after_atomic();
  R(0, 1) = atomic_read(&y))
static bool cf_exists(void) { return R(0, 0) == 0 && R(0, 1) == 0 && R(1, 0) == 0; }

#define LB_DEVIATION "loads never read stores that have not executed yet (no load buffering)"
#define W22_DEVIATION "stores enter modification order when they execute (no 2+2W reordering)"

static const struct litmus tests[] = {
	{ "MP+poonceonces", SOMETIMES, 2, { mp_w_once, mp_r_once }, 0, 0, mp_exists, NULL, NEVER },
	{ "MP+pooncerelease+poacquireonce", NEVER, 2, { mp_w_release, mp_r_acquire }, 0, 0, mp_exists, NULL, NEVER },
	{ "MP+fencewmbonceonce+fencermbonceonce", NEVER, 2, { mp_w_wmb, mp_r_rmb }, 0, 0, mp_exists, NULL, NEVER },
	{ "MP+pooncerelease+poonceonce (release alone)", SOMETIMES, 2, { mp_w_release, mp_r_once }, 0, 0, mp_exists, NULL, NEVER },
	{ "MP+fencembonceonces", NEVER, 2, { mp_w_mb, mp_r_mb }, 0, 0, mp_exists, NULL, NEVER },
	{ "SB+poonceonces", SOMETIMES, 2, { sb_0_once, sb_1_once }, 0, 0, sb_exists, NULL, NEVER },
	{ "SB+fencembonceonces", NEVER, 2, { sb_0_mb, sb_1_mb }, 0, 0, sb_exists, NULL, NEVER },
	{ "LB+poonceonces", SOMETIMES, 2, { lb_0_once, lb_1_once }, 0, 0, lb_exists, LB_DEVIATION, NEVER },
	{ "LB+poacquireonce+pooncerelease", NEVER, 2, { lb_0_acq, lb_1_rel }, 0, 0, lb_exists, NULL, NEVER },
	{ "2+2W+poonceonces", SOMETIMES, 2, { w22_0_once, w22_1_once }, 0, 0, w22_exists, W22_DEVIATION, NEVER },
	{ "2+2W+fencembonceonces", NEVER, 2, { w22_0_mb, w22_1_mb }, 0, 0, w22_exists, NULL, NEVER },
	{ "R+poonceonces", SOMETIMES, 2, { r_0_once, r_1_once }, 0, 0, r_exists, NULL, NEVER },
	{ "R+fencembonceonces", NEVER, 2, { r_0_mb, r_1_mb }, 0, 0, r_exists, NULL, NEVER },
	{ "S+poonceonces", SOMETIMES, 2, { s_0_once, s_1_once }, 0, 0, s_exists, W22_DEVIATION, NEVER },
	{ "S+fencewmbonceonce+poacquireonce", NEVER, 2, { s_0_wmb, s_1_acq }, 0, 0, s_exists, NULL, NEVER },
	{ "cmpxchg-fail-unordered-1", SOMETIMES, 2, { cf_0, cf_1 }, 0, 0, cf_exists, NULL, NEVER },
	{ "cmpxchg-fail-ordered-1", NEVER, 2, { cf_0_mb, cf_1 }, 0, 0, cf_exists, NULL, NEVER },
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
