// SPDX-License-Identifier: GPL-2.0
/*
 * Why switch events: a tape byte means "the n-th decision of the whole run",
 * so deleting one op shifts every later decision and the interleaving falls
 * apart. While minimising, the schedule is held as switch events instead:
 * "when thread A reaches its own k-th scheduling point, thread B takes the
 * next step" (k = -1: when A ends). Dropping an op of another thread leaves
 * them in place. At the end the events are replayed once through the
 * scheduler's chooser, which records the equivalent tape. Under the weak
 * memory model a reads-from choice is held the same way: "thread A's k-th
 * value choice is v" (sched_choose_value).
 */
#include "minimize.h"
#include "engine.h"
#include "explore.h"
#include "../oracle/oracle.h"
#include "../runtime/sched.h"

#include <string.h>

#define MIN_MAX_EVENTS 256
#define MIN_EXPLORE_RUNS 200000	/* explore's budget below the found schedule */

struct sw_event {
	int8_t from;		/* -1: the first pick of the run */
	int16_t step;		/* the from-thread's own step; -1: at its end */
	int8_t to;
};

struct val_event {
	int8_t t;
	int16_t idx;		/* the thread's own value-choice count */
	int8_t val;
};

struct events {
	int n;
	struct sw_event ev[MIN_MAX_EVENTS];
	int nv;
	struct val_event v[MIN_MAX_EVENTS];
};

static char want[ORACLE_TITLE_MAX];
static const struct world_variant *cur_variant;
static struct min_stats *stats;

static int events_chooser(int cur, int step, const struct shim_site *site, void *arg)
{
	const struct events *e = arg;
	int i;

	(void)site;
	for (i = 0; i < e->n; i++)
		if (e->ev[i].from == cur && e->ev[i].step == step)
			return e->ev[i].to;
	return -1;
}

static int events_value_chooser(int cur, int idx, int n, void *arg)
{
	const struct events *e = arg;
	int i;

	for (i = 0; i < e->nv; i++)
		if (e->v[i].t == cur && e->v[i].idx == idx)
			return e->v[i].val < n ? e->v[i].val : 0;
	return 0;
}

/* Reads a tape the way sched.c does, noting every switch as an event. */
struct tape_reader {
	const struct program *p;
	int pos;
	struct events *out;
};

static int tape_chooser(int cur, int step, const struct shim_site *site, void *arg)
{
	struct tape_reader *r = arg;
	int b;

	(void)site;
	if (r->pos >= r->p->ntape)
		return -1;
	b = r->p->tape[r->pos++] & 7;
	if (b >= r->p->nthreads || b == cur)
		return -1;
	if (r->out->n < MIN_MAX_EVENTS)
		r->out->ev[r->out->n++] = (struct sw_event){ (int8_t)cur, (int16_t)step, (int8_t)b };
	return b;
}

static int tape_value_chooser(int cur, int idx, int n, void *arg)
{
	struct tape_reader *r = arg;
	int b;

	if (r->pos >= r->p->ntape)
		return 0;
	b = r->p->tape[r->pos++] & 7;
	if (b >= n)
		return 0;
	if (b && r->out->nv < MIN_MAX_EVENTS)
		r->out->v[r->out->nv++] = (struct val_event){ (int8_t)cur, (int16_t)idx, (int8_t)b };
	return b;
}

static int run_with(const struct world_variant *v, const struct program *p, sched_chooser_fn fn,
		    void *arg, bool trace)
{
	static uint8_t buf[PR_MAX_INPUT];
	size_t n = program_encode(p, buf);
	int verdict;

	sched_set_chooser(fn, arg);
	sched_set_value_chooser(fn == tape_chooser ? tape_value_chooser : events_value_chooser);
	verdict = engine_run(v, buf, n, WOPT_ALL, trace);
	sched_set_chooser(NULL, NULL);
	sched_set_value_chooser(NULL);
	return verdict;
}

/* Same title, and no more context switches than @max_sw. */
static bool still_fails(const struct world_variant *v, const struct program *p,
			const struct events *e, int *sw, int max_sw)
{
	stats->runs++;
	if (run_with(v, p, events_chooser, (void *)e, false) != VERDICT_FINDING)
		return false;
	if (strcmp(engine_title(), want))
		return false;
	*sw = (int)sched_stats.switches;
	return *sw <= max_sw;
}

static int run_with(const struct world_variant *v, const struct program *p, sched_chooser_fn fn,
		    void *arg, bool trace);
static void drop_event(struct events *e, int i);

static void drop_record(struct program *p, int i)
{
	memmove(&p->rec[i], &p->rec[i + 1], (size_t)(p->nrec - i - 1) * sizeof(p->rec[0]));
	p->nrec--;
}

static void drop_event(struct events *e, int i)
{
	memmove(&e->ev[i], &e->ev[i + 1], (size_t)(e->n - i - 1) * sizeof(e->ev[0]));
	e->n--;
}

/*
 * Record @i is about to go: the switch events its thread takes after it move
 * back by the steps it took (measured on the current program), and the ones
 * inside it move to where it began.
 */
static void shift_events(const struct program *p, struct events *e, int i)
{
	const struct pr_record *r = &p->rec[i];
	int a, b, j, len;

	if (ops_is_setup(p->tab, r->op))
		return;
	(void)run_with(cur_variant, p, events_chooser, e, false);
	a = sched_op_span[i][0];
	b = sched_op_span[i][1];
	if (a < 0 || b < a)
		return;
	len = b - a;
	for (j = e->n - 1; j >= 0; j--) {
		struct sw_event *ev = &e->ev[j];

		if (ev->from != r->thread || ev->step < 0)
			continue;
		if (ev->step > a && ev->step <= b)
			ev->step = (int16_t)(a + 1);	/* switch where the op would have begun */
		else if (ev->step > b)
			ev->step = (int16_t)(ev->step - len);
	}
}

/* Remove thread @k: its ops and switches go, higher threads move down. */
static void drop_thread(struct program *p, struct events *e, int k)
{
	int i;

	for (i = p->nrec - 1; i >= 0; i--) {
		struct pr_record *r = &p->rec[i];

		if (r->thread == k && !ops_is_setup(p->tab, r->op))
			drop_record(p, i);
		else if (r->thread == k)
			r->thread = 0;	/* its setup stays, held by T0 */
		else if (r->thread > k)
			r->thread--;
	}
	for (i = e->nv - 1; i >= 0; i--) {
		if (e->v[i].t == k) {
			memmove(&e->v[i], &e->v[i + 1], (size_t)(e->nv - i - 1) * sizeof(e->v[0]));
			e->nv--;
		} else if (e->v[i].t > k) {
			e->v[i].t--;
		}
	}
	for (i = e->n - 1; i >= 0; i--) {
		struct sw_event *ev = &e->ev[i];

		if (ev->from == k || ev->to == k) {
			drop_event(e, i);
			continue;
		}
		if (ev->from > k)
			ev->from--;
		if (ev->to > k)
			ev->to--;
	}
	p->nthreads--;
}

/*
 * Simpler argument values for a record: each field the table marks min
 * (background refs, the cache, order, magnitude, keep) at 0, last field first.
 */
static int simpler_args(const struct program *p, const struct pr_record *r,
			uint8_t out[OP_MAX_FIELDS])
{
	const struct op_field *f = p->tab->op[r->op].f;
	int n = 0, k;

	for (k = OP_MAX_FIELDS - 1; k >= 0; k--)
		if (f[k].min && (r->arg & ops_field_mask(&f[k])))
			out[n++] = r->arg & ~ops_field_mask(&f[k]);
	return n;
}

/* Explore below the schedule's preemptions; a schedule with fewer replaces it. */
static void minimize_preemptions(const struct world_variant *v, struct program *p,
				 struct min_stats *st)
{
	static struct explore_result r;
	static uint8_t buf[PR_MAX_INPUT];
	/*
	 * A budget: a program the passes could not shrink may have more
	 * schedules below its bound than a minimiser should wait for; past it,
	 * the result is not called minimal in preemptions.
	 */
	struct explore_opts o = { .all = true, .max_runs = MIN_EXPLORE_RUNS };
	int i;

	/* under the weak model, every reads-from choice too */
	o.weak = p->opts & WOPT_WEAK;
	st->preemptions = explore_preemptions(v, p, WOPT_ALL);
	st->minimal_in_preemptions = st->preemptions == 0;
	st->explored = 0;
	if (st->preemptions == 0)
		return;
	o.bound = st->preemptions - 1;
	explore_program(v, p, WOPT_ALL, &o, &r);
	st->explored = r.runs;
	if (r.too_deep || r.interrupted)
		return;
	st->minimal_in_preemptions = true;
	for (i = 0; i < r.nfindings; i++) {
		if (strcmp(r.finding[i].title, want))
			continue;
		memcpy(p->tape, r.finding[i].tape, (size_t)r.finding[i].ntape);
		p->ntape = (uint16_t)r.finding[i].ntape;
		st->preemptions = r.finding[i].preemptions;
		engine_run(v, buf, program_encode(p, buf), WOPT_ALL, false);
		st->switches = (int)sched_stats.switches;
	}
}

int minimize_program(const struct world_variant *v, struct program *p, struct min_stats *st)
{
	static struct events e, ce;
	struct tape_reader tr = { p, 0, &e };
	const uint8_t *tape;
	struct program c;
	bool progress = true;
	int sw, cur_sw, i, k, n;

	stats = st;
	cur_variant = v;
	st->runs = 0;
	program_canon(p);
	e.n = e.nv = 0;
	if (run_with(v, p, tape_chooser, &tr, false) != VERDICT_FINDING)
		return -1;
	strcpy(want, engine_title());
	cur_sw = (int)sched_stats.switches;
	if (!still_fails(v, p, &e, &sw, 1 << 30))
		return -1;	/* cannot happen: the events replay the tape */
	cur_sw = sw;

	while (progress) {
		progress = false;
		for (k = p->nthreads - 1; k >= 0 && p->nthreads > 1; k--) {
			c = *p, ce = e;
			drop_thread(&c, &ce, k);
			if (still_fails(v, &c, &ce, &sw, 1 << 30))
				*p = c, e = ce, cur_sw = sw, progress = true;
		}
		for (i = p->nrec - 1; i >= 0; i--) {
			c = *p, ce = e;
			shift_events(p, &ce, i);
			drop_record(&c, i);
			if (still_fails(v, &c, &ce, &sw, 1 << 30))
				*p = c, e = ce, cur_sw = sw, progress = true;
		}
		for (i = 0; i < p->nrec; i++) {
			uint8_t alt[OP_MAX_FIELDS];
			int na = simpler_args(p, &p->rec[i], alt), a;

			for (a = 0; a < na; a++) {
				c = *p;
				c.rec[i].arg = alt[a];
				program_canon(&c);
				if (still_fails(v, &c, &e, &sw, 1 << 30)) {
					*p = c, cur_sw = sw, progress = true;
					break;
				}
			}
		}
		for (i = e.n - 1; i >= 0; i--) {
			ce = e;
			drop_event(&ce, i);
			if (still_fails(v, p, &ce, &sw, cur_sw))
				e = ce, cur_sw = sw, progress = true;
		}
		for (i = e.nv - 1; i >= 0; i--) {	/* reads-from: the newest store where it can */
			ce = e;
			memmove(&ce.v[i], &ce.v[i + 1], (size_t)(ce.nv - i - 1) * sizeof(ce.v[0]));
			ce.nv--;
			if (still_fails(v, p, &ce, &sw, cur_sw))
				e = ce, cur_sw = sw, progress = true;
		}
	}
	/* back to a tape: replay the events once and keep what was recorded */
	run_with(v, p, events_chooser, &e, false);
	n = sched_recorded_tape(&tape);
	while (n > 0 && tape[n - 1] == TAPE_NONE)
		n--;
	memcpy(p->tape, tape, (size_t)n);
	p->ntape = (uint16_t)n;
	st->switches = cur_sw;
	minimize_preemptions(v, p, st);
	return 0;
}
