// SPDX-License-Identifier: GPL-2.0
/*
 * herd7's enumeration, in C: every candidate execution of a test, each
 * checked against the LKMM (lkmm.c).
 *
 * A candidate is: one path of each thread (the values its reads return
 * decide its branches), a reads-from (each read takes a write of its
 * location with the value it returned), and a coherence order (per
 * location, its writes after the initial one). The values a read may
 * return are found first: start from the initial values, run every thread
 * with reads returning any value known for their location, add the values
 * written, repeat until nothing new (a value no write can produce has no
 * reads-from and drops out). Then paths x reads-from x coherence, with the
 * per-location coherence checked as soon as a location's order is chosen.
 */
#include "interp.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DOM		64
#define MAX_ROUNDS	12
#define MAX_CHOICES	64

struct trace {
	int nev;
	struct lt_event ev[LT_MAX_TEV];
	int32_t reg[LT_MAX_REGS];
};

struct tlist {
	int n, cap;
	struct trace *v;
};

static struct {
	const struct litmus *t;
	int32_t dom[LT_MAX_LOCS][MAX_DOM];
	int ndom[LT_MAX_LOCS];
	int nread[LT_MAX_LOCS];	/* values a read may take this round: those known at its start */
	bool grew, dom_full;
	int stack[MAX_CHOICES], nstack[MAX_CHOICES], depth, pos;
	bool too_deep;
	struct tlist tr[LT_MAX_THREADS];
	const struct trace *pick[LT_MAX_THREADS];
	struct lt_exec x;
	int reads[LT_MAX_EV], nreads;
	int cand[LT_MAX_EV][LT_MAX_EV], ncand[LT_MAX_EV];
	int writes[LT_MAX_LOCS][LT_MAX_EV], nwrites[LT_MAX_LOCS];
	struct lt_result *r;
	long budget;
	bool stop;
	int maxw[LT_MAX_THREADS];
	/* values each thread may write per location (the last round's), for pruning */
	int32_t tw[LT_MAX_THREADS][LT_MAX_LOCS][MAX_DOM];
	int ntw[LT_MAX_THREADS][LT_MAX_LOCS];
	int cur_thread;
	bool prune;
	long combos;
} E;

static void dom_add(int l, int32_t v)
{
	int i;

	for (i = 0; i < E.ndom[l]; i++)
		if (E.dom[l][i] == v)
			return;
	if (E.ndom[l] == MAX_DOM) {
		E.dom_full = true;
		return;
	}
	E.dom[l][E.ndom[l]++] = v;
	E.grew = true;
}

static int choose(int n)
{
	if (E.pos < E.depth)
		return E.stack[E.pos++];
	if (E.depth == MAX_CHOICES) {
		E.too_deep = true;
		return 0;
	}
	E.stack[E.depth] = 0;
	E.nstack[E.depth++] = n;
	E.pos++;
	return 0;
}

/*
 * A value a read of @l by the current thread can have: the initial one, one
 * another thread may write, or one this thread wrote before (a later one of
 * its own would break coherence). Others have no reads-from: the path dies
 * at once instead of at the reads-from stage.
 */
static bool readable(const struct lt_interp *in, int l, int32_t v)
{
	int t, i;

	if (!E.prune || v == E.t->loc[l].init)
		return true;
	for (t = 0; t < E.t->nthreads; t++)
		if (t != in->thread)
			for (i = 0; i < E.ntw[t][l]; i++)
				if (E.tw[t][l][i] == v)
					return true;
	for (i = 0; i < in->nev; i++)
		if (in->ev[i].kind == 'W' && in->ev[i].loc == l && in->ev[i].val == v)
			return true;
	return false;
}

static int32_t m_load(struct lt_interp *in, struct lt_event *e)
{
	e->val = E.dom[e->loc][choose(E.nread[e->loc])];
	if (!readable(in, e->loc, e->val))
		in->dead = true;
	return e->val;
}

static void m_store(struct lt_interp *in, struct lt_event *e)
{
	(void)in;
	(void)e;
}

static void m_rmw(struct lt_interp *in, struct lt_event *r, struct lt_event *w, struct lt_rmw *d)
{
	int32_t new;

	r->val = E.dom[r->loc][choose(E.nread[r->loc])];
	if (!readable(in, r->loc, r->val))
		in->dead = true;
	d->stored = lt_rmw_apply(d, r->val, &new);
	w->val = new;
}

static void m_fence(struct lt_interp *in, struct lt_event *e)
{
	(void)in;
	(void)e;
}

static const struct lt_mem_ops guess_ops = { m_load, m_store, m_rmw, m_fence, NULL, NULL };

/* Every path of thread @th with the current value sets. */
static void paths(int th, bool collect)
{
	struct lt_interp in;
	struct tlist *tl = &E.tr[th];

	E.depth = 0;
	tl->n = 0;
	for (;;) {
		int i;

		E.pos = 0;
		lt_interp_init(&in, E.t, th, &guess_ops, NULL);
		lt_interp_run(&in);
		if (in.overflow)
			E.r->too_big = true;
		if (!in.dead) {
			int nw = 0;

			for (i = 0; i < in.nev; i++)
				if (in.ev[i].kind == 'W') {
					if (!collect) {
						int l = in.ev[i].loc, k;

						dom_add(l, in.ev[i].val);
						for (k = 0; k < E.ntw[th][l] && E.tw[th][l][k] != in.ev[i].val; k++)
							;
						if (k == E.ntw[th][l] && k < MAX_DOM)
							E.tw[th][l][E.ntw[th][l]++] = in.ev[i].val;
					}
					nw += E.t->loc[in.ev[i].loc].type != LT_SPINLOCK;
				}
			if (nw > E.maxw[th])
				E.maxw[th] = nw;
			if (collect) {
				struct trace *t;

				if (tl->n == tl->cap) {
					tl->cap = tl->cap ? 2 * tl->cap : 16;
					tl->v = realloc(tl->v, sizeof(*tl->v) * (size_t)tl->cap);
					if (!tl->v)
						abort();
				}
				t = &tl->v[tl->n++];
				t->nev = in.nev;
				memcpy(t->ev, in.ev, sizeof(in.ev[0]) * (size_t)in.nev);
				memcpy(t->reg, in.reg, sizeof(in.reg));
			}
		}
		while (E.depth > 0 && E.stack[E.depth - 1] + 1 >= E.nstack[E.depth - 1])
			E.depth--;
		if (!E.depth)
			break;
		E.stack[E.depth - 1]++;
	}
}

/* Coherence of one location alone: po-loc | rf | co | fr acyclic on it. */
static bool loc_coherent(int l)
{
	const struct lt_exec *x = &E.x;
	int rank[LT_MAX_EV], i, j;

	/* the position in co of each write of l */
	for (i = 0; i < x->n; i++)
		rank[i] = -1;
	for (i = 0; i < x->nco[l]; i++)
		rank[x->co[l][i]] = i;
	/*
	 * Per thread, in program order, the co position of what it reads or
	 * writes at l must never go back; a write must be strictly after what
	 * came before (it is newer than anything the thread saw).
	 */
	for (i = 0; i < E.t->nthreads; i++) {
		int seen = -1;

		for (j = 0; j < x->n; j++) {
			const struct lt_event *e = &x->ev[j];
			int k;

			if (e->thread != i || e->loc != l || e->kind == 'F')
				continue;
			if (e->kind == 'W') {
				k = rank[j];
				if (k <= seen)
					return false;
			} else {
				k = rank[e->src];
				if (k < seen)
					return false;
			}
			seen = k;
		}
	}
	return true;
}

static void check_one(void)
{
	int th;

	E.r->execs++;
	if (E.budget && E.r->execs > E.budget) {
		E.r->too_big = E.stop = true;
		return;
	}
	for (th = 0; th < E.t->nthreads; th++)
		memcpy(E.x.reg[th], E.pick[th]->reg, sizeof(E.x.reg[th]));
	if (lkmm_check(&E.x) != LKMM_OK)
		return;
	litmus_tally(E.t, &E.x, E.r);
}

/* Coherence orders, location by location (the initial write first). */
static void co_loc(int l)
{
	int *w = E.writes[l], n = E.nwrites[l], i;
	int perm[LT_MAX_EV];
	bool used[LT_MAX_EV];

	if (E.stop)
		return;
	if (l == E.t->nlocs) {
		check_one();
		return;
	}
	if (n <= 1) {
		E.x.co[l][0] = l;
		E.x.nco[l] = 1;
		if (n == 1) {
			E.x.co[l][1] = w[0];
			E.x.nco[l] = 2;
		}
		if (loc_coherent(l))
			co_loc(l + 1);
		return;
	}
	/* permutations, iteratively (Heap would be shorter; this keeps order) */
	memset(used, 0, sizeof(used));
	{
		int d = 0;

		perm[0] = -1;
		while (d >= 0) {
			int k = perm[d] + 1;

			if (perm[d] >= 0)
				used[perm[d]] = false;
			while (k < n && used[k])
				k++;
			if (k == n) {
				perm[d] = -1;
				d--;
				continue;
			}
			perm[d] = k;
			used[k] = true;
			if (d == n - 1) {
				E.x.co[l][0] = l;
				for (i = 0; i < n; i++)
					E.x.co[l][i + 1] = w[perm[i]];
				E.x.nco[l] = n + 1;
				if (loc_coherent(l))
					co_loc(l + 1);
				if (E.stop)
					return;
				continue;
			}
			d++;
			perm[d] = -1;
		}
	}
}

static void rf_read(int i)
{
	int k;

	if (E.stop)
		return;
	if (i == E.nreads) {
		co_loc(0);
		return;
	}
	for (k = 0; k < E.ncand[i]; k++) {
		E.x.ev[E.reads[i]].src = E.cand[i][k];
		rf_read(i + 1);
	}
}

static void combine(int th)
{
	int i, j;

	if (E.stop)
		return;
	if (++E.combos > 200000000) {
		E.r->too_big = E.stop = true;
		return;
	}
	if (th < E.t->nthreads) {
		for (i = 0; i < E.tr[th].n; i++) {
			E.pick[th] = &E.tr[th].v[i];
			combine(th + 1);
		}
		return;
	}
	{
		const struct lt_event *ev[LT_MAX_THREADS];
		int nev[LT_MAX_THREADS];
		static int map[LT_MAX_THREADS][LT_MAX_TEV];

		for (i = 0; i < E.t->nthreads; i++) {
			ev[i] = E.pick[i]->ev;
			nev[i] = E.pick[i]->nev;
		}
		if (!lt_exec_build(&E.x, E.t, ev, nev, map)) {
			E.r->too_big = E.stop = true;
			return;
		}
	}
	memset(E.nwrites, 0, sizeof(E.nwrites));
	E.nreads = 0;
	for (i = 0; i < E.x.n; i++) {
		const struct lt_event *e = &E.x.ev[i];

		if (e->kind == 'W' && e->thread >= 0)
			E.writes[e->loc][E.nwrites[e->loc]++] = i;
	}
	for (i = 0; i < E.x.n; i++) {
		const struct lt_event *e = &E.x.ev[i];

		if (e->kind != 'R')
			continue;
		E.ncand[E.nreads] = 0;
		for (j = 0; j < E.x.n; j++) {
			const struct lt_event *w = &E.x.ev[j];

			if (w->kind == 'W' && w->loc == e->loc && w->val == e->val && j != e->rmw_w)
				E.cand[E.nreads][E.ncand[E.nreads]++] = j;
		}
		if (!E.ncand[E.nreads])
			return;		/* a value nobody wrote */
		E.reads[E.nreads++] = i;
	}
	rf_read(0);
}

int lkmm_enumerate(const struct litmus *t, struct lt_result *r)
{
	struct timespec a, b;
	int l, th, round, rounds;

	clock_gettime(CLOCK_MONOTONIC, &a);
	memset(&E, 0, sizeof(E));
	E.t = t;
	E.r = r;
	E.budget = 20000000;
	for (l = 0; l < t->nlocs; l++) {
		E.ndom[l] = 1;
		E.dom[l][0] = t->loc[l].init;
		if (t->loc[l].type == LT_SPINLOCK) {
			E.ndom[l] = 2;
			E.dom[l][0] = 0;
			E.dom[l][1] = 1;
		}
	}
	/*
	 * Round k reads only the values known when it began, so it adds the
	 * values of write chains of length k: rounds = most writes an
	 * execution makes + 1 find every value an execution can have; the
	 * values an RMW chain would make beyond (an inc read from a value no
	 * execution has) have no reads-from and drop out.
	 */
	for (round = 0, rounds = 1; round < rounds; round++) {
		E.grew = false;
		memcpy(E.nread, E.ndom, sizeof(E.nread));
		for (th = 0; th < t->nthreads; th++)
			paths(th, false);
		{
			int want = 1;

			for (th = 0; th < t->nthreads; th++)
				want += E.maxw[th];
			if (want > rounds)
				rounds = want < MAX_ROUNDS ? want : MAX_ROUNDS;
		}
		if (!E.grew)
			break;
	}
	memcpy(E.nread, E.ndom, sizeof(E.nread));
	E.prune = !E.dom_full;	/* every value a thread may write is known */
	for (th = 0; th < t->nthreads; th++)
		paths(th, true);
	if (E.too_deep || E.dom_full)
		r->too_big = true;
	combine(0);
	for (th = 0; th < t->nthreads; th++)
		free(E.tr[th].v);
	clock_gettime(CLOCK_MONOTONIC, &b);
	r->seconds = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	return 0;
}
