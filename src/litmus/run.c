// SPDX-License-Identifier: GPL-2.0
/*
 * A litmus test on the fuzzer's own weak memory model: each thread is a
 * fiber of the scheduler (src/runtime/sched.c), each access goes to
 * src/memory/wmm.c with the ordering linux-kernel.def gives it, and a
 * depth-first search over the scheduler's choosers enumerates every
 * schedule and every reads-from choice (stateless: each execution re-runs
 * from the start). Each execution's graph (events, reads-from from the
 * model's store ids, coherence from its modification order) is checked
 * against the LKMM (lkmm.c): an execution the LKMM forbids is a bug of the
 * model, counted and described.
 *
 * Why the search is complete with few schedules: a load changes nothing
 * another CPU can see (only its own view), and the later it runs the more
 * stores it may read; so a CPU's loads run just before its next access
 * that others can see (a store, an RMW, smp_mb, a lock or RCU operation),
 * and only there is a scheduling point. Every outcome of the model is
 * still reached: delaying a load to that point only adds choices.
 *
 * How the model sees the test's constructs (what it adds to wmm.c):
 *  - spinlocks are RMWs on the lock's location (acquire) and release
 *    stores of 0, plus the world's lock calls (wmm_lock_*: the LKMM's
 *    unlock-then-lock ordering); spin_lock spins while the lock is held;
 *  - RCU as a reader-writer lock: rcu_read_lock acquires what the grace
 *    periods released, rcu_read_unlock releases; synchronize_rcu is a full
 *    barrier that releases, waits until no CPU is in a read-side critical
 *    section, acquires what the readers released, and is a full barrier
 *    again (a toy RCU, as Documentation/RCU/whatisRCU.rst has it: stronger
 *    than the LKMM, never weaker);
 *  - an address dependency as an acquire: a load whose register is used
 *    as an address is run as an acquire (conservative: it also orders the
 *    CPU's other later accesses);
 *  - load buffering: interp.c's early stores.
 */
#include "interp.h"
#include "../memory/wmm.h"
#include "../runtime/sched.h"

#include "../abi/shim_abi.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DEPTH	512
#define LOCK_BASE	8	/* wmm lock ids of the test's spinlocks (the world's are below) */
#define RCU_GP_LOCK	6
#define RCU_RD_LOCK	7
#define SEEN_BITS	18

#define SITE(name, ord) { name, "litmus", "litmus", 0, ord }
static const struct shim_site load_site[] = {
	SITE("READ_ONCE(plain)", SHIM_ORDER_NONE), SITE("READ_ONCE", SHIM_ORDER_RELAXED),
	SITE("smp_load_acquire", SHIM_ORDER_ACQUIRE),
};
static const struct shim_site store_site[] = {
	SITE("WRITE_ONCE(plain)", SHIM_ORDER_NONE), SITE("WRITE_ONCE", SHIM_ORDER_RELAXED),
	SITE("smp_store_release", SHIM_ORDER_RELEASE),
};
static const struct shim_site rmw_site[] = {
	SITE("rmw_relaxed", SHIM_ORDER_RELAXED), SITE("rmw_acquire", SHIM_ORDER_ACQUIRE),
	SITE("rmw_release", SHIM_ORDER_RELEASE), SITE("rmw", SHIM_ORDER_FULL),
};
static const struct shim_site fence_mb = SITE("smp_mb", SHIM_ORDER_FULL);
static const struct shim_site fence_rmb = SITE("smp_rmb", SHIM_ORDER_ACQUIRE);
static const struct shim_site fence_wmb = SITE("smp_wmb", SHIM_ORDER_RELEASE);
static const struct shim_site fence_before = SITE("smp_mb__before_atomic", SHIM_ORDER_FULL);
static const struct shim_site fence_after = SITE("smp_mb__after_atomic", SHIM_ORDER_FULL);
static const struct shim_site point_site = SITE("litmus step", SHIM_ORDER_NONE);

/* What a step touched: locations read and written, global fence, RCU, locks. */
struct fp {
	uint16_t r, w;
	uint8_t flags;		/* FP_FENCE, FP_RCU, FP_ALL */
	uint16_t locks;
};
#define FP_FENCE	1
#define FP_RCU		2
#define FP_ALL		4

static bool conflict(const struct fp *a, const struct fp *b)
{
	if ((a->flags | b->flags) & FP_ALL)
		return true;
	if (a->w & (b->r | b->w) || b->w & a->r)
		return true;
	return (a->flags & b->flags & (FP_FENCE | FP_RCU)) || (a->locks & b->locks);
}

/*
 * A node of the search: a scheduling decision (which CPU runs its next
 * step) or a value choice inside a step (a load's store, an early store).
 * Sleep sets (Godefroid) at scheduling nodes: once the branch of CPU A is
 * explored, A sleeps in its siblings' subtrees until a step that conflicts
 * with A's (any of its value variants: their footprints are joined) runs;
 * a run where every runnable CPU sleeps is equivalent to one explored.
 */
struct node {
	bool sched;
	int8_t n, choice;	/* value node: options and the one taken */
	int8_t chosen;		/* sched node: the CPU chosen */
	uint8_t runnable, done, sleep;
	int8_t deflt;		/* the CPU that goes on without preemption, or -1 */
	struct fp sfp[LT_MAX_THREADS];	/* sleepers' steps */
	struct fp bfp[LT_MAX_THREADS];	/* explored branches' steps, all variants */
};

static struct {
	const struct litmus *t;
	int32_t mem[LT_MAX_LOCS];
	struct lt_interp in[LT_MAX_THREADS];
	struct node node[MAX_DEPTH];
	int depth, pos;		/* nodes on the path; next node of this run */
	int last_sched;		/* the last scheduling node of this run, or -1 */
	bool overflow, stuck, blocked;
	struct fp step[LT_MAX_THREADS];	/* each CPU's current step */
	int readers, rcu_depth[LT_MAX_THREADS];
	uint64_t *seen;
	struct lt_result *r;
	struct lt_exec x;
	long blocked_runs;
} G;

static struct fp *fp_cur(int t)
{
	return &G.step[t];
}

/* The step that began at the last scheduling node has ended: join its footprint. */
static void step_ended(void)
{
	struct node *n;
	struct fp *f;

	if (G.last_sched < 0)
		return;
	n = &G.node[G.last_sched];
	f = &n->bfp[n->chosen];
	f->r |= G.step[n->chosen].r;
	f->w |= G.step[n->chosen].w;
	f->flags |= G.step[n->chosen].flags;
	f->locks |= G.step[n->chosen].locks;
}

static int first_option(const struct node *n)
{
	int k, t;

	for (k = -1; k < LT_MAX_THREADS; k++) {
		t = k < 0 ? n->deflt : k;
		if (t >= 0 && (n->runnable >> t & 1) && !(n->done >> t & 1) && !(n->sleep >> t & 1))
			return t;
	}
	return -1;
}

static int chooser(int cur, int step, const struct shim_site *site, void *arg)
{
	struct node *n;
	uint8_t runnable;
	int t, d = G.pos;

	(void)step, (void)site, (void)arg;
	if (G.blocked || G.overflow)
		return -1;
	step_ended();
	sched_choice_options(&runnable);
	if (d == MAX_DEPTH) {
		G.overflow = true;
		return -1;
	}
	n = &G.node[d];
	if (d == G.depth) {	/* a new node */
		const struct node *p = G.last_sched >= 0 ? &G.node[G.last_sched] : NULL;

		memset(n, 0, sizeof(*n));
		n->sched = true;
		n->runnable = runnable;
		n->deflt = (int8_t)(cur >= 0 && (runnable >> cur & 1) ? cur : -1);
		if (p) {
			const struct fp *ran = &G.step[p->chosen];

			for (t = 0; t < LT_MAX_THREADS; t++) {
				const struct fp *f;

				if (t == p->chosen || !(runnable >> t & 1))
					continue;
				if (p->sleep >> t & 1)
					f = &p->sfp[t];
				else if (p->done >> t & 1)
					f = &p->bfp[t];
				else
					continue;
				if (!conflict(f, ran)) {
					n->sleep |= (uint8_t)(1u << t);
					n->sfp[t] = *f;
				}
			}
		}
		t = first_option(n);
		if (t < 0) {
			G.blocked = true;
			return -1;
		}
		n->chosen = (int8_t)t;
		G.depth++;
	}
	G.pos++;
	G.last_sched = d;
	t = n->chosen;
	memset(&G.step[t], 0, sizeof(G.step[t]));
	return t == cur ? -1 : t;
}

static int value_chooser(int cur, int idx, int nv, void *arg)
{
	struct node *n;
	int d = G.pos;

	(void)cur, (void)idx, (void)arg;
	if (G.blocked || G.overflow)
		return 0;
	if (d == MAX_DEPTH) {
		G.overflow = true;
		return 0;
	}
	n = &G.node[d];
	if (d == G.depth) {
		memset(n, 0, sizeof(*n));
		n->n = (int8_t)nv;
		G.depth++;
	}
	G.pos++;
	return n->choice;
}

/* The next path: false when the tree is done. */
static bool backtrack(void)
{
	while (G.depth > 0) {
		struct node *n = &G.node[G.depth - 1];

		if (!n->sched) {
			if (n->choice + 1 < n->n) {
				n->choice++;
				return true;
			}
		} else {
			int t;

			n->done |= (uint8_t)(1u << n->chosen);
			t = first_option(n);
			if (t >= 0) {
				n->chosen = (int8_t)t;
				return true;
			}
		}
		G.depth--;
	}
	return false;
}

static void record(struct lt_event *e, bool read, bool write)
{
	int rs, ws;

	wmm_last(&rs, &ws);
	if (read)
		e->src = rs;	/* a store id until the graph is built */
	if (write)
		e->sid = ws;
}

static int32_t e_load(struct lt_interp *in, struct lt_event *e)
{
	int k = e->tag == LT_PLAIN ? 0 : e->tag == LT_ACQUIRE || in->addr_load ? 2 : 1;
	int32_t v = wmm_load(&load_site[k], &G.mem[e->loc], G.mem[e->loc]);

	fp_cur(in->thread)->r |= (uint16_t)(1u << e->loc);
	record(e, true, false);
	e->val = v;
	return v;
}

static void e_store(struct lt_interp *in, struct lt_event *e)
{
	int k = e->tag == LT_PLAIN ? 0 : e->tag == LT_RELEASE || e->lock == LT_UL ? 2 : 1;

	fp_cur(in->thread)->w |= (uint16_t)(1u << e->loc);
	G.mem[e->loc] = e->val;
	wmm_store(&store_site[k], &G.mem[e->loc], e->val);
	record(e, false, true);
	if (e->lock == LT_UL)
		wmm_lock_release(LOCK_BASE + e->loc);
}

static void spin_until(bool (*ok)(int), int arg, int me)
{
	while (!ok(arg)) {
		fp_cur(me)->flags |= FP_ALL;	/* a spin hands the CPU on: no reduction */
		if (!sched_spin()) {
			G.stuck = true;	/* a deadlock: no execution (herd7: none either) */
			sched_stop_run();
		}
	}
}

static bool lock_free(int l)
{
	return G.mem[l] == 0;
}

static void e_rmw(struct lt_interp *in, struct lt_event *r, struct lt_event *w, struct lt_rmw *d)
{
	int l = r->loc, k;
	int32_t new;

	fp_cur(in->thread)->r |= (uint16_t)(1u << l);
	fp_cur(in->thread)->w |= (uint16_t)(1u << l);
	if (d->kind == LT_C_LOCK)
		spin_until(lock_free, l, in->thread);
	r->val = G.mem[l];
	d->stored = lt_rmw_apply(d, r->val, &new);
	if (d->stored) {
		G.mem[l] = new;
		w->val = new;
	}
	if (d->kind == LT_C_LOCK || d->kind == LT_C_TRYLOCK)
		k = 1;
	else
		k = d->tag == LT_MB ? 3 : d->tag == LT_ACQUIRE ? 1 : d->tag == LT_RELEASE ? 2 : 0;
	wmm_rmw(&rmw_site[k], &G.mem[l], d->stored ? new : r->val, d->stored);
	record(r, true, false);
	if (d->stored)
		record(w, false, true);
	if (d->stored && (d->kind == LT_C_LOCK || d->kind == LT_C_TRYLOCK))
		wmm_lock_acquire(LOCK_BASE + l);
}

/* A grace period inside the CPU's own read-side section never ends (herd7: no execution). */
static bool no_readers(int me)
{
	(void)me;
	return G.readers == 0;
}

static void e_fence(struct lt_interp *in, struct lt_event *e)
{
	int me = in->thread;

	if (e->tag != LT_F_RMB && e->tag != LT_F_WMB && e->tag != LT_F_BARRIER)
		fp_cur(me)->flags |= FP_FENCE;
	if (e->tag == LT_F_RCU_LOCK || e->tag == LT_F_RCU_UNLOCK || e->tag == LT_F_SYNC_RCU)
		fp_cur(me)->flags |= FP_RCU;
	switch (e->tag) {
	case LT_F_MB:
	case LT_F_AFTER_SPINLOCK:
	case LT_F_AFTER_UNLOCK_LOCK:
		wmm_fence(&fence_mb);
		break;
	case LT_F_RMB:
		wmm_fence(&fence_rmb);
		break;
	case LT_F_WMB:
		wmm_fence(&fence_wmb);
		break;
	case LT_F_BEFORE_ATOMIC:
		wmm_fence(&fence_before);
		break;
	case LT_F_AFTER_ATOMIC:
		wmm_fence(&fence_after);
		break;
	case LT_F_RCU_LOCK:
		if (!G.rcu_depth[me]++)
			G.readers++;
		wmm_lock_acquire(RCU_GP_LOCK);
		break;
	case LT_F_RCU_UNLOCK:
		wmm_lock_release(RCU_RD_LOCK);
		if (G.rcu_depth[me] > 0 && !--G.rcu_depth[me])
			G.readers--;
		break;
	case LT_F_SYNC_RCU:
		wmm_fence(&fence_mb);
		wmm_lock_release(RCU_GP_LOCK);
		spin_until(no_readers, me, me);
		wmm_lock_acquire(RCU_RD_LOCK);
		wmm_fence(&fence_mb);
		break;
	}
}

static void e_point(struct lt_interp *in)
{
	(void)in;
	shim_before(&point_site);
}

static int e_choose(struct lt_interp *in, int n)
{
	(void)in;
	return sched_choose_value(n);
}

static const struct lt_mem_ops engine_ops = { e_load, e_store, e_rmw, e_fence, e_point, e_choose };

static void thread_fn(int t)
{
	lt_interp_run(&G.in[t]);
}

/* An execution seen before (herd7 counts executions, not schedules). */
static bool seen_before(const struct lt_exec *x)
{
	uint64_t h = 0xcbf29ce484222325ull, mask = (1ull << SEEN_BITS) - 1, i;
	int k, l;

	for (k = 0; k < x->n; k++) {
		const struct lt_event *e = &x->ev[k];

		h = (h ^ (uint64_t)(e->kind | e->thread << 8 | (uint8_t)e->loc << 16)) * 0x100000001b3ull;
		h = (h ^ (uint32_t)e->val) * 0x100000001b3ull;
		h = (h ^ (uint32_t)(e->src + 1) ^ (uint64_t)e->po << 20) * 0x100000001b3ull;
	}
	for (l = 0; l < LT_MAX_LOCS; l++)
		for (k = 0; k < x->nco[l]; k++)
			h = (h ^ (uint32_t)x->co[l][k]) * 0x100000001b3ull;
	if (!h)
		h = 1;
	for (i = h & mask; G.seen[i]; i = (i + 1) & mask)
		if (G.seen[i] == h)
			return true;
	G.seen[i] = h;
	return false;
}

static void describe(const struct lt_exec *x, int axiom, char *buf, size_t len)
{
	int k, off;

	off = snprintf(buf, len, "%s:", lkmm_axiom_names[axiom]);
	for (k = 0; k < x->n && off < (int)len - 40; k++) {
		const struct lt_event *e = &x->ev[k];

		if (e->thread < 0)
			continue;
		if (e->kind == 'F')
			off += snprintf(buf + off, len - (size_t)off, " P%d:F%d", e->thread, e->tag);
		else
			off += snprintf(buf + off, len - (size_t)off, " P%d:%c%s[%s]=%d%s%d", e->thread, e->kind,
					lt_tag_name(e->tag), G.t->loc[e->loc].name, e->val,
					e->kind == 'R' ? "<-" : "", e->kind == 'R' ? e->src : 0);
	}
}

/* The graph of the run that just ended: store ids to events, mo to co. */
static bool graph(void)
{
	const struct litmus *t = G.t;
	const struct lt_event *ev[LT_MAX_THREADS];
	int nev[LT_MAX_THREADS], th, i, l;
	static int map[LT_MAX_THREADS][LT_MAX_TEV];
	int by_sid[4 * LT_MAX_EV];
	struct lt_exec *x = &G.x;

	for (th = 0; th < t->nthreads; th++) {
		ev[th] = G.in[th].ev;
		nev[th] = G.in[th].nev;
	}
	if (!lt_exec_build(x, t, ev, nev, map))
		return false;
	for (i = 0; i < 4 * LT_MAX_EV; i++)
		by_sid[i] = -1;
	for (i = 0; i < x->n; i++)
		if (x->ev[i].kind == 'W' && x->ev[i].thread >= 0 && x->ev[i].sid < 4 * LT_MAX_EV)
			by_sid[x->ev[i].sid] = i;
	for (i = 0; i < x->n; i++) {
		struct lt_event *e = &x->ev[i];

		if (e->kind != 'R')
			continue;
		if (e->src <= 0)
			e->src = e->loc;	/* the initial write */
		else if (e->src < 4 * LT_MAX_EV && by_sid[e->src] >= 0)
			e->src = by_sid[e->src];
		else
			return false;
	}
	for (l = 0; l < t->nlocs; l++) {
		int sids[LT_MAX_EV], k = wmm_mo(&G.mem[l], sids, LT_MAX_EV);

		x->nco[l] = 1;
		x->co[l][0] = l;
		if (k < 0)
			return false;
		for (i = 1; i < k; i++) {
			if (sids[i] >= 4 * LT_MAX_EV || by_sid[sids[i]] < 0)
				return false;
			x->co[l][x->nco[l]++] = by_sid[sids[i]];
		}
	}
	for (th = 0; th < t->nthreads; th++)
		memcpy(x->reg[th], G.in[th].reg, sizeof(x->reg[th]));
	return true;
}

int litmus_run_engine(const struct litmus *t, struct lt_result *r, long max_execs)
{
	static const struct shim_site init_site = SITE("init", SHIM_ORDER_RELAXED);
	struct timespec a, b;
	int th, l;

	clock_gettime(CLOCK_MONOTONIC, &a);
	memset(&G.in, 0, sizeof(G.in));
	G.t = t;
	G.r = r;
	G.depth = 0;
	G.overflow = false;
	G.blocked_runs = 0;
	if (!G.seen)
		G.seen = calloc((size_t)1 << SEEN_BITS, sizeof(*G.seen));
	else
		memset(G.seen, 0, sizeof(*G.seen) << SEEN_BITS);
	if (!G.seen)
		abort();
	sched_set_chooser(chooser, NULL);
	sched_set_value_chooser(value_chooser);
	for (;;) {
		G.pos = 0;
		G.last_sched = -1;
		G.blocked = false;
		memset(G.step, 0, sizeof(G.step));
		G.stuck = false;
		G.readers = 0;
		memset(G.rcu_depth, 0, sizeof(G.rcu_depth));
		wmm_reset(true);
		for (l = 0; l < t->nlocs; l++) {	/* before the CPUs start: everybody sees it */
			G.mem[l] = t->loc[l].init;
			wmm_store(&init_site, &G.mem[l], G.mem[l]);
		}
		for (th = 0; th < t->nthreads; th++) {
			lt_interp_init(&G.in[th], t, th, &engine_ops, NULL);
			G.in[th].hoist = true;
		}
		sched_run(t->nthreads, NULL, 0, thread_fn);
		if (!G.blocked)
			step_ended();
		r->execs++;
		G.blocked_runs += G.blocked;
		for (th = 0; th < t->nthreads; th++)
			if (G.in[th].overflow)
				r->too_big = true;
		if (!G.stuck && !sched_stats.budget_exhausted && !G.overflow && !G.blocked) {
			bool done = true;
			uint8_t left;

			sched_choice_options(&left);
			for (th = 0; th < t->nthreads; th++)
				if (G.in[th].dead && !G.in[th].overflow)
					done = false;
			if (left)
				done = false;
			if (done && graph()) {
				if (!seen_before(&G.x)) {
					int ax = lkmm_check(&G.x);

					if (ax != LKMM_OK) {
						if (!r->bad++)
							describe(&G.x, ax, r->first_bad, sizeof(r->first_bad));
					}
					litmus_tally(t, &G.x, r);
				}
			} else if (done) {
				r->too_big = true;
			}
		}
		if (G.overflow)
			r->too_big = true;
		if (!backtrack())
			break;
		if (max_execs && r->execs >= max_execs) {
			r->too_big = true;
			break;
		}
	}
	sched_set_chooser(NULL, NULL);
	sched_set_value_chooser(NULL);
	wmm_reset(false);
	clock_gettime(CLOCK_MONOTONIC, &b);
	r->seconds = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	return 0;
}
