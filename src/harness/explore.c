// SPDX-License-Identifier: GPL-2.0
/*
 * The explorer: a chooser over the scheduler (sched.h) that enumerates the
 * schedules of a program depth-first, re-running it from the start for each
 * one. A node is one decision (where sched.c would read a tape byte); its
 * options are the runnable threads; choosing one runs that thread's next
 * step (its code up to its next scheduling point): a "transition".
 *
 * Why the reduction keeps every outcome (the contract this file relies on):
 *  - A transition's footprint is what the observer saw while it ran: each
 *    atomic_t with whether it changed the value. Two transitions conflict
 *    when they share an atomic_t and one of them changed it, or when either
 *    ran untracked plain world code: a transition that starts at a world
 *    point (sched_point_world: page-cache loads, compound_head, a
 *    destructor), or crosses an op boundary or a spin.
 *    Those conflict with everything (conservative; a world point that names
 *    its location would let them commute).
 *  - Non-conflicting adjacent transitions of different threads commute:
 *    same final state, same finding.
 *  - Sleep sets (Godefroid): after a branch p of a node is explored, later
 *    branches carry p asleep until a transition conflicting with p's runs.
 *    A schedule that runs p while asleep is equivalent to one explored, so
 *    its run is stopped being counted as new ("redundant").
 *  - With a preemption bound, the equivalent schedule may itself need more
 *    preemptions than the bound and never have been run (Coons et al.,
 *    "Bounded partial-order reduction", 2013). So a branch enters sleep sets
 *    only if no branch below it was cut by the bound: it was then explored
 *    completely. With --unbounded nothing is cut.
 *  - DPOR (Flanagan-Godefroid) runs only without a bound: a node explores
 *    its first choice, and a thread joins its backtrack set when a later
 *    transition of that thread conflicts with the node's transition. We add
 *    it at every earlier conflicting transition, not only the latest one not
 *    ordered by happens-before: a superset, so still complete.
 *  - Under the weak memory model a load's reads-from choice is a node too
 *    (a "value" node: its options are the stores the model lets the load
 *    read, it costs no preemption). Reduction is then off: the conflict
 *    footprints above do not capture which store a load read, so sleep
 *    sets and DPOR could drop a reads-from combination. Every schedule
 *    within the bound times every reads-from choice is run.
 * The verdict is then: no finding in any schedule with <= K preemptions
 * (or in any schedule at all when the bound never cut), never "correct".
 *
 * Why one file: the node stack, the chooser the scheduler calls, the
 * footprints and the sleep and backtrack sets are one search's state, and
 * the contract above holds only if they change together.
 */
#include "explore.h"
#include "engine.h"
#include "../runtime/sched.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EX_MAX_DEPTH	PR_MAX_TAPE
#define EX_MAX_ACC	6		/* atomics remembered per transition */
#define EX_STATE_BITS	21
#define EX_MAX_EVENTS	(2 * PR_MAX_TAPE)

struct ex_fp {
	bool world;		/* conflicts with everything */
	uint8_t n;
	uint8_t wr;		/* bit i: loc[i] was changed */
	const void *loc[EX_MAX_ACC];
};

struct ex_node {
	bool value;		/* a reads-from choice: options 0..n-1, no preemption */
	int8_t cur;		/* thread at the point; -1 at the first pick */
	bool mid;		/* cur can go on: another choice is a preemption */
	uint8_t runnable, deflt, chosen;
	uint8_t done;		/* branches explored */
	uint8_t todo;		/* DPOR backtrack set */
	uint8_t sleep;		/* asleep on entry */
	uint8_t donec;		/* explored completely: may sleep in later branches */
	bool own_cut;		/* the bound excluded a branch here */
	bool branch_cut;	/* ... or below the current branch */
	uint8_t preempts;	/* preemptions before this node */
	struct ex_fp fp;	/* the chosen transition */
	struct ex_fp sfp[PR_MAX_THREADS];	/* asleep threads' transitions */
	struct ex_fp dfp[PR_MAX_THREADS];	/* explored branches' transitions */
};

/* A thread's code between two switches: what DPOR compares. */
struct ex_event {
	int16_t node;		/* the node that chose it, or -1 (ran unchosen) */
	int8_t thread;
	struct ex_fp fp;
};

static struct {
	struct ex_node node[EX_MAX_DEPTH];
	struct ex_event ev[EX_MAX_EVENTS];
	int nev;
	int nnode;		/* nodes of the current path */
	int prefix;		/* replayed from the path before new nodes start */
	int depth;		/* decisions taken in this run */
	int bound;		/* INT_MAX-like when unbounded */
	bool reduce, dpor;
	bool blocked;		/* this run hit a node where everybody sleeps */
	bool overflow;
	bool any_cut;		/* the bound excluded some branch */
	uint8_t pend_world;	/* threads paused at an unnamed world point */
	struct ex_fp pend_fp[PR_MAX_THREADS];	/* ... or at a named one */
	int node_ev;		/* the event the last decision started */
	long pruned;
} X;

static uint64_t *state_set;
static long state_count;

static bool state_add(uint64_t h)
{
	size_t mask = ((size_t)1 << EX_STATE_BITS) - 1, i;

	if (!state_set)
		state_set = calloc(mask + 1, sizeof(*state_set));
	if (!h)
		h = 1;
	if (state_count >= (long)(mask / 2))
		return false;	/* full: counted as seen (figures say ">=") */
	for (i = h & mask; state_set[i]; i = (i + 1) & mask)
		if (state_set[i] == h)
			return false;
	state_set[i] = h;
	state_count++;
	return true;
}

static bool fp_conflict(const struct ex_fp *a, const struct ex_fp *b)
{
	int i, j;

	if (a->world || b->world)
		return true;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (a->loc[i] == b->loc[j] &&
			    ((a->wr >> i) & 1 || (b->wr >> j) & 1))
				return true;
	return false;
}

static void fp_add(struct ex_fp *f, const void *loc, bool write)
{
	int i;

	if (f->world)
		return;
	if (!loc) {
		f->world = true;
		return;
	}
	for (i = 0; i < f->n; i++)
		if (f->loc[i] == loc) {
			f->wr |= (uint8_t)(write << i);
			return;
		}
	if (f->n == EX_MAX_ACC) {
		f->world = true;
		return;
	}
	f->wr |= (uint8_t)(write << f->n);
	f->loc[f->n++] = loc;
}

static bool ev_push(int node, int thread)
{
	struct ex_event *e;

	if (X.nev == EX_MAX_EVENTS) {
		X.overflow = true;
		return false;
	}
	e = &X.ev[X.nev++];
	memset(e, 0, sizeof(*e));
	e->node = (int16_t)node;
	e->thread = (int8_t)thread;
	return true;
}

/* A thread's step begins: with what its world point said it would touch. */
static bool ev_begin(int node, int t)
{
	struct ex_event *e;

	if (!ev_push(node, t))
		return false;
	e = &X.ev[X.nev - 1];
	e->fp = X.pend_fp[t];
	memset(&X.pend_fp[t], 0, sizeof(X.pend_fp[t]));
	if ((X.pend_world >> t) & 1) {
		e->fp.world = true;
		X.pend_world &= (uint8_t)~(1u << t);
	}
	return true;
}

/*
 * Events split a run by the thread that really ran: a thread's end hands
 * the CPU on without a decision (to the last one left), and so does a spin
 * (which conflicts with everything). A node's footprint is its event's.
 */
static void ex_observe(const void *loc, bool write, void *arg)
{
	int t = sched_current();

	(void)arg;
	if (X.blocked || X.overflow)
		return;
	if ((!X.nev || X.ev[X.nev - 1].thread != t) && !ev_begin(-1, t))
		return;
	fp_add(&X.ev[X.nev - 1].fp, loc, write);
}

static int cost(const struct ex_node *n, int t)
{
	return n->mid && t != n->cur;
}

/* The next branch of @n to explore, default thread first; -1: none. */
static int pick(struct ex_node *n)
{
	uint8_t cand = (X.dpor ? n->todo : n->runnable) & ~n->done & ~n->sleep;
	int t, k;

	for (k = 0; k <= PR_MAX_THREADS; k++) {
		t = k == 0 ? n->deflt : k - 1;
		if (!((cand >> t) & 1))
			continue;
		if (n->preempts + cost(n, t) > X.bound) {
			n->own_cut = X.any_cut = true;
			continue;
		}
		return t;
	}
	return -1;
}

static int ex_chooser(int cur, int step, const struct shim_site *site, void *arg)
{
	struct ex_node *n;
	uint8_t runnable;
	int deflt = sched_choice_options(&runnable), d = X.depth, t;

	(void)arg;
	if (X.blocked || X.overflow)
		return -1;
	if (d > 0)
		X.node[d - 1].fp = X.ev[X.node_ev].fp;
	if (cur >= 0 && step >= 0 && !site) {
		bool wr;
		const void *loc = sched_point_location(&wr);

		if (loc)
			fp_add(&X.pend_fp[cur], loc, wr);
		else
			X.pend_world |= (uint8_t)(1u << cur);
	}
	if (d >= EX_MAX_DEPTH) {
		X.overflow = true;
		return -1;
	}
	n = &X.node[d];
	if (d >= X.prefix) {
		struct ex_node *p = d ? &X.node[d - 1] : NULL;

		memset(n, 0, sizeof(*n));
		n->cur = (int8_t)cur;
		n->mid = cur >= 0 && step >= 0;
		n->runnable = runnable;
		n->deflt = (uint8_t)deflt;
		n->preempts = (uint8_t)(p ? p->preempts + cost(p, p->chosen) : 0);
		if (p && X.reduce) {
			for (t = 0; t < PR_MAX_THREADS; t++) {
				const struct ex_fp *f;

				if (t == p->chosen || !((runnable >> t) & 1))
					continue;
				if ((p->sleep >> t) & 1)
					f = &p->sfp[t];
				else if ((p->donec >> t) & 1)
					f = &p->dfp[t];
				else
					continue;
				if (!fp_conflict(f, &p->fp)) {
					n->sleep |= (uint8_t)(1u << t);
					n->sfp[t] = *f;
				}
			}
		}
		n->todo = runnable;
		if (X.dpor) {
			n->todo = 0;
			for (t = 0; t <= PR_MAX_THREADS; t++) {
				int c = t == 0 ? deflt : t - 1;

				if ((runnable >> c) & 1 && !((n->sleep >> c) & 1)) {
					n->todo = (uint8_t)(1u << c);
					break;
				}
			}
		}
		t = pick(n);
		if (t < 0) {
			/* every thread the bound allows sleeps: nothing new below */
			if (n->own_cut && d > 0)
				X.node[d - 1].branch_cut = true;
			X.blocked = true;
			return -1;
		}
		n->chosen = (uint8_t)t;
		X.nnode = d + 1;
	}
	X.depth = d + 1;
	t = n->chosen;
	if (!ev_begin(d, t))
		return -1;
	X.node_ev = X.nev - 1;
	return t;
}

/* A reads-from choice of the weak memory model (sched_choose_value). */
static int ex_value_chooser(int cur, int idx, int nvals, void *arg)
{
	struct ex_node *n;
	int d = X.depth, t;

	(void)cur, (void)idx, (void)arg;
	if (X.blocked || X.overflow)
		return 0;
	if (d >= EX_MAX_DEPTH) {
		X.overflow = true;
		return 0;
	}
	n = &X.node[d];
	if (d >= X.prefix) {
		struct ex_node *p = d ? &X.node[d - 1] : NULL;

		memset(n, 0, sizeof(*n));
		n->value = true;
		n->cur = -1;
		n->runnable = n->todo = (uint8_t)((1u << nvals) - 1);
		n->preempts = (uint8_t)(p ? p->preempts + cost(p, p->chosen) : 0);
		t = pick(n);
		n->chosen = (uint8_t)(t < 0 ? 0 : t);
		X.nnode = d + 1;
	}
	X.depth = d + 1;
	return n->chosen;
}

/*
 * DPOR: a thread's code backtracks at every earlier decision whose chosen
 * code, of another thread, conflicts with it.
 */
static void ex_races(void)
{
	int i, j;

	for (j = 1; j < X.nev; j++) {
		const struct ex_event *b = &X.ev[j];

		for (i = 0; i < j; i++) {
			const struct ex_event *a = &X.ev[i];
			struct ex_node *n;

			if (a->node < 0 || a->node >= X.nnode || a->thread == b->thread ||
			    !fp_conflict(&a->fp, &b->fp))
				continue;
			n = &X.node[a->node];
			if ((n->runnable >> b->thread) & 1)
				n->todo |= (uint8_t)(1u << b->thread);
			else
				n->todo |= n->runnable;
		}
	}
}

/* Move to the next branch; false when the tree is done. */
static bool ex_backtrack(void)
{
	int d, t;

	for (d = X.nnode - 1; d >= 0; d--) {
		struct ex_node *n = &X.node[d];

		n->done |= (uint8_t)(1u << n->chosen);
		if (X.reduce && !n->branch_cut) {
			n->donec |= (uint8_t)(1u << n->chosen);
			n->dfp[n->chosen] = n->fp;
		}
		t = pick(n);
		if (t >= 0) {
			n->chosen = (uint8_t)t;
			n->branch_cut = false;
			X.nnode = X.prefix = d + 1;
			return true;
		}
		for (t = 0; t < PR_MAX_THREADS; t++)
			if ((n->runnable & ~n->done) >> t & 1 && n->preempts + cost(n, t) <= X.bound)
				X.pruned++;
		if (d > 0)
			X.node[d - 1].branch_cut |= n->branch_cut || n->own_cut;
	}
	return false;
}

static double ex_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int preemptions_of_path(void)
{
	int d = X.nnode - 1;

	return d < 0 ? 0 : X.node[d].preempts + cost(&X.node[d], X.node[d].chosen);
}

static void keep_finding(struct explore_result *r, const char *title)
{
	struct explore_finding *f;
	const uint8_t *tape;
	int i, pre = preemptions_of_path();

	for (i = 0; i < r->nfindings; i++)
		if (!strcmp(r->finding[i].title, title))
			break;
	if (i == EXPLORE_MAX_FINDINGS)
		return;
	f = &r->finding[i];
	if (i < r->nfindings && f->preemptions <= pre)
		return;
	if (i == r->nfindings)
		r->nfindings++;
	snprintf(f->title, sizeof(f->title), "%s", title);
	f->preemptions = pre;
	f->fewest = X.bound < (1 << 30);
	f->ntape = sched_recorded_tape(&tape);
	memcpy(f->tape, tape, (size_t)f->ntape);
	while (f->ntape > 0 && f->tape[f->ntape - 1] == TAPE_NONE)
		f->ntape--;
}

void explore_target(const struct explore_target *tg, const struct explore_opts *o,
		    struct explore_result *r)
{
	double t0 = ex_now(), last = t0;
	int k, kmax = o->bound == EXPLORE_UNBOUNDED ? 0 : o->bound;

	memset(r, 0, sizeof(*r));
	r->bound = -1;
	if (state_set)
		memset(state_set, 0, sizeof(*state_set) << EX_STATE_BITS);
	state_count = 0;
	sched_set_chooser(ex_chooser, NULL);
	sched_set_value_chooser(ex_value_chooser);
	sched_set_observer(ex_observe, NULL);
	for (k = 0; k <= kmax; k++) {
		bool more = true;

		memset(&X, 0, sizeof(X));
		X.bound = o->bound == EXPLORE_UNBOUNDED ? 1 << 30 : k;
		X.reduce = !o->no_reduction && !o->weak;
		X.dpor = X.reduce && o->bound == EXPLORE_UNBOUNDED;
		r->schedules = 0;
		r->redundant = 0;
		while (more) {
			int verdict, k2;

			X.depth = 0;
			X.nev = 0;
			X.blocked = false;
			X.pend_world = 0;
			memset(X.pend_fp, 0, sizeof(X.pend_fp));
			verdict = tg->run(tg->arg);
			if (X.depth > 0 && !X.blocked && !X.overflow)
				X.node[X.depth - 1].fp = X.ev[X.node_ev].fp;
			r->runs++;
			if (X.overflow) {
				r->too_deep = true;
				break;
			}
			if (X.blocked) {
				r->redundant++;
			} else {
				r->schedules++;
				state_add(tg->state(tg->arg) ^ (uint64_t)verdict * 0x9e3779b97f4a7c15ull);
				if (verdict == VERDICT_FINDING)
					keep_finding(r, tg->title(tg->arg));
			}
			if (X.dpor) {
				uint8_t left;

				/* a run cut short (a finding) leaves steps never run:
				 * unknown, so they conflict with everything */
				sched_choice_options(&left);
				for (k2 = 0; k2 < PR_MAX_THREADS && !X.blocked; k2++)
					if ((left >> k2) & 1 && ev_push(-1, k2))
						X.ev[X.nev - 1].fp.world = true;
				ex_races();
			}
			if (r->nfindings && !o->all)
				break;
			more = ex_backtrack();
			if ((o->stop && *o->stop) || (o->max_runs && r->runs >= o->max_runs)) {
				r->interrupted = more;
				break;
			}
			if (o->progress_s > 0 && (r->runs & 255) == 0 && ex_now() - last >= o->progress_s) {
				last = ex_now();
				char b[16];

				if (o->bound == EXPLORE_UNBOUNDED)
					snprintf(b, sizeof(b), "none");
				else
					snprintf(b, sizeof(b), "%d", k);
				fprintf(o->progress, "explore: bound %s: %ld schedules, %ld redundant, %ld pruned, "
					"%ld states, %.0f s\n", b, r->schedules, r->redundant,
					X.pruned, state_count, last - t0);
			}
		}
		r->pruned += X.pruned;
		if (o->log && !r->too_deep && !r->interrupted) {
			char b[16];

			if (o->bound == EXPLORE_UNBOUNDED)
				snprintf(b, sizeof(b), "none");
			else
				snprintf(b, sizeof(b), "%d", k);
			fprintf(o->log, "  bound %s: %ld schedule(s), %ld redundant, %ld pruned, %ld state(s) so far, "
				"%.2f s%s%s\n", b, r->schedules,
				r->redundant, X.pruned, state_count, ex_now() - t0,
				r->nfindings ? ": finding" : "", X.any_cut ? "" : ": nothing cut by the bound");
		}
		if (r->too_deep || r->interrupted || (r->nfindings && !o->all && more))
			break;
		r->bound = k;
		r->unbounded = o->bound == EXPLORE_UNBOUNDED;
		r->exhaustive = !X.any_cut;
		if (r->exhaustive || (r->nfindings && !o->all))
			break;
	}
	sched_set_chooser(NULL, NULL);
	sched_set_value_chooser(NULL);
	sched_set_observer(NULL, NULL);
	r->states = state_count;
	r->seconds = ex_now() - t0;
}

/* ---- a program on a variant ---- */

struct ex_program {
	const struct world_variant *v;
	uint8_t buf[PR_MAX_INPUT];
	size_t n;
	int allowed;
};

static int exp_run(void *arg)
{
	struct ex_program *e = arg;

	return engine_run(e->v, e->buf, e->n, e->allowed, false);
}

static const char *exp_title(void *arg)
{
	(void)arg;
	return engine_title();
}

/* What a run leaves: the family's final state (counters, ledger), and the verdict. */
static uint64_t exp_state(void *arg)
{
	struct ex_program *e = arg;
	uint64_t h = e->v->family->state_hash(e->v);
	const char *s = engine_title();

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	return h;
}

void explore_program(const struct world_variant *v, const struct program *p, int allowed,
		     const struct explore_opts *o, struct explore_result *r)
{
	static struct ex_program e;
	struct program q = *p;
	struct explore_target t = { exp_run, exp_title, exp_state, &e };

	q.ntape = 0;
	e.v = v;
	e.n = program_encode(&q, e.buf);
	e.allowed = allowed;
	explore_target(&t, o, r);
}

struct ex_counter {
	const struct program *p;
	int pos, preempts;
};

/* Reads the tape as sched.c does, counting switches away from a thread that could go on. */
static int count_chooser(int cur, int step, const struct shim_site *site, void *arg)
{
	struct ex_counter *c = arg;
	uint8_t runnable;
	int b;

	(void)site;
	sched_choice_options(&runnable);
	if (c->pos >= c->p->ntape)
		return -1;
	b = c->p->tape[c->pos++] & 7;
	if (b >= c->p->nthreads || !((runnable >> b) & 1))
		return -1;
	if (cur >= 0 && step >= 0 && b != cur)
		c->preempts++;
	return b;
}

int explore_preemptions(const struct world_variant *v, const struct program *p, int allowed)
{
	static uint8_t buf[PR_MAX_INPUT];
	struct ex_counter c = { p, 0, 0 };
	size_t n = program_encode(p, buf);

	sched_set_chooser(count_chooser, &c);
	engine_run(v, buf, n, allowed, false);
	sched_set_chooser(NULL, NULL);
	return c.preempts;
}

void explore_print_verdict(FILE *out, const struct explore_result *r, int max_bound)
{
	char bound[64];

	if (r->bound < 0)
		snprintf(bound, sizeof(bound), "- (the first bound did not finish)");
	else if (r->unbounded)
		snprintf(bound, sizeof(bound), "none (unbounded)");
	else
		snprintf(bound, sizeof(bound), "%d", r->bound);
	fprintf(out, "figures: %ld schedule(s) at the last bound, %ld run(s) in all, %ld redundant "
		"(sleep-set blocked), %ld branch(es) pruned, %ld distinct final state(s), "
		"bound reached: %s, %.2f s\n", r->schedules, r->runs, r->redundant, r->pruned,
		r->states, bound, r->seconds);
	if (r->too_deep)
		fprintf(out, "verdict: not explored: a run takes more than %d decisions\n", PR_MAX_TAPE);
	else if (r->nfindings)
		fprintf(out, "verdict: %s (%d preemption(s))%s\n", r->finding[0].title,
			r->finding[0].preemptions, r->interrupted ? " (interrupted: titles found so far)" : "");
	else if (r->interrupted)
		fprintf(out, "verdict: interrupted: no finding in %ld schedule(s) so far%s\n", r->schedules,
			r->bound >= 0 ? " (the bounds listed above finished)" : "");
	else if (r->exhaustive)
		fprintf(out, "verdict: exhaustive: all %ld schedule(s), no bound%s: no finding\n", r->schedules,
			r->pruned || r->redundant ? " (up to reordering independent steps)" : "");
	else
		fprintf(out, "verdict: no finding in %ld schedule(s) with <=%d preemption(s)\n",
			r->schedules, r->bound >= 0 ? r->bound : max_bound);
}
