// SPDX-License-Identifier: GPL-2.0
/*
 * Executions into herd7's verdict: the final state of each execution the
 * filter keeps, the proposition over it, the distinct states, and herd7's
 * own lines ("Observation NAME Never|Sometimes|Always POS NEG", POS and NEG
 * counting executions as herd7 does), so the two tools can be diffed.
 */
#include "interp.h"

#include <stdlib.h>
#include <string.h>

bool lt_exec_build(struct lt_exec *x, const struct litmus *t, const struct lt_event *const ev[],
		   const int nev[], int map[][LT_MAX_TEV])
{
	int th, i, j, l;

	memset(x->nco, 0, sizeof(x->nco));
	x->n = 0;
	for (l = 0; l < t->nlocs; l++) {
		struct lt_event *e = &x->ev[x->n++];

		memset(e, 0, sizeof(*e));
		e->kind = 'W';
		e->thread = -1;
		e->loc = (int8_t)l;
		e->tag = LT_ONCE;
		e->val = t->loc[l].init;
		e->rmw_w = -1;
		e->src = -1;
	}
	for (th = 0; th < t->nthreads; th++) {
		int order[LT_MAX_TEV], base = x->n;

		if (x->n + nev[th] > LT_MAX_EV)
			return false;
		for (i = 0; i < nev[th]; i++)
			order[i] = i;
		for (i = 1; i < nev[th]; i++)	/* program order */
			for (j = i; j > 0 && ev[th][order[j - 1]].po > ev[th][order[j]].po; j--) {
				int k = order[j];

				order[j] = order[j - 1];
				order[j - 1] = k;
			}
		for (i = 0; i < nev[th]; i++)
			map[th][order[i]] = base + i;
		for (i = 0; i < nev[th]; i++) {
			const struct lt_event *s = &ev[th][order[i]];
			struct lt_event *e = &x->ev[base + i];
			uint64_t m;

			*e = *s;
			e->addr = e->data = e->ctrl = 0;
			for (m = s->addr; m; m &= m - 1)
				e->addr |= 1ull << map[th][__builtin_ctzll(m)];
			for (m = s->data; m; m &= m - 1)
				e->data |= 1ull << map[th][__builtin_ctzll(m)];
			for (m = s->ctrl; m; m &= m - 1)
				e->ctrl |= 1ull << map[th][__builtin_ctzll(m)];
			if (s->rmw_w >= 0)
				e->rmw_w = (int8_t)map[th][s->rmw_w];
		}
		x->n += nev[th];
	}
	return true;
}

static int32_t final_of(const struct lt_exec *x, int l, const struct litmus *t)
{
	if (!x->nco[l])
		return t->loc[l].init;
	return x->ev[x->co[l][x->nco[l] - 1]].val;
}

static int32_t var(const struct litmus *t, const struct lt_exec *x, int thread, int index)
{
	return thread < 0 ? final_of(x, index, t) : x->reg[thread][index];
}

bool litmus_eval(const struct litmus *t, const struct lt_prop *p, const struct lt_exec *x)
{
	if (!p)
		return true;
	switch (p->kind) {
	case LT_P_TRUE: return true;
	case LT_P_ATOM: return var(t, x, p->thread, p->index) == p->val;
	case LT_P_NOT: return !litmus_eval(t, p->a, x);
	case LT_P_AND: return litmus_eval(t, p->a, x) && litmus_eval(t, p->b, x);
	case LT_P_OR: return litmus_eval(t, p->a, x) || litmus_eval(t, p->b, x);
	}
	return false;
}

void litmus_tally(const struct litmus *t, const struct lt_exec *x, struct lt_result *r)
{
	struct lt_state s;
	bool pos;
	int i;

	if (t->filter && !litmus_eval(t, t->filter, x))
		return;
	pos = litmus_eval(t, t->cond, x);
	if (pos)
		r->pos++;
	else
		r->neg++;
	memset(&s, 0, sizeof(s));
	for (i = 0; i < t->nshow; i++)
		s.v[i] = var(t, x, t->show[i].thread, t->show[i].index);
	s.pos = pos;
	for (i = 0; i < r->nstates; i++)
		if (!memcmp(r->state[i].v, s.v, sizeof(s.v[0]) * (size_t)t->nshow))
			return;
	if (r->nstates == r->cap) {
		struct lt_state *n;

		r->cap = r->cap ? 2 * r->cap : 16;
		n = realloc(r->state, sizeof(*n) * (size_t)r->cap);
		if (!n)
			abort();
		r->state = n;
	}
	r->state[r->nstates++] = s;
}

const char *litmus_verdict(const struct lt_result *r)
{
	return !r->pos ? "Never" : !r->neg ? "Always" : "Sometimes";
}

static void print_val(FILE *f, const struct litmus *t, int32_t v)
{
	if (LT_IS_PTR(v) && v - LT_PTR < t->nlocs)
		fprintf(f, "%s", t->loc[v - LT_PTR].name);
	else
		fprintf(f, "%d", v);
}

static void print_var(FILE *f, const struct litmus *t, int thread, int index)
{
	if (thread < 0)
		fprintf(f, "[%s]", t->loc[index].name);
	else
		fprintf(f, "%d:%s", thread, t->th[thread].reg[index]);
}

static void print_prop(FILE *f, const struct litmus *t, const struct lt_prop *p, int prec)
{
	switch (p->kind) {
	case LT_P_TRUE:
		fprintf(f, "true");
		return;
	case LT_P_ATOM:
		print_var(f, t, p->thread, p->index);
		fputc('=', f);
		print_val(f, t, p->val);
		return;
	case LT_P_NOT:
		fprintf(f, "~");
		print_prop(f, t, p->a, 3);
		return;
	case LT_P_AND:
	case LT_P_OR:
		if (prec > (p->kind == LT_P_AND ? 2 : 1))
			fputc('(', f);
		print_prop(f, t, p->a, p->kind == LT_P_AND ? 2 : 1);
		fprintf(f, p->kind == LT_P_AND ? " /\\ " : " \\/ ");
		print_prop(f, t, p->b, p->kind == LT_P_AND ? 2 : 1);
		if (prec > (p->kind == LT_P_AND ? 2 : 1))
			fputc(')', f);
		return;
	}
}

static int cmp_state(const void *a, const void *b, void *n)
{
	const struct lt_state *x = a, *y = b;
	int i, k = *(int *)n;

	for (i = 0; i < k; i++)
		if (x->v[i] != y->v[i])
			return x->v[i] < y->v[i] ? -1 : 1;
	return 0;
}

void litmus_print(FILE *f, const struct litmus *t, const struct lt_result *r)
{
	static const char *const kind[] = { "Allowed", "Forbidden", "Required" };
	static const char *const qname[] = { "exists", "~exists", "forall" };
	int i, j, k = t->nshow;
	bool ok;
	long p = r->pos, q = r->neg;

	/* sorted, as herd7 prints them */
	for (i = 1; i < r->nstates; i++)
		for (j = i; j > 0 && cmp_state(&r->state[j - 1], &r->state[j], &k) > 0; j--) {
			struct lt_state s = r->state[j];

			r->state[j] = r->state[j - 1];
			r->state[j - 1] = s;
		}
	fprintf(f, "Test %s %s\nStates %d\n", t->name, kind[t->quant], r->nstates);
	for (i = 0; i < r->nstates; i++) {
		for (j = 0; j < k; j++) {
			if (j)
				fputc(' ', f);
			print_var(f, t, t->show[j].thread, t->show[j].index);
			fputc('=', f);
			/* herd7 prints an atomic_t's final value unsigned */
			if (t->show[j].thread < 0 && t->loc[t->show[j].index].type == LT_ATOMIC)
				fprintf(f, "%u", (uint32_t)r->state[i].v[j]);
			else
				print_val(f, t, r->state[i].v[j]);
			fputc(';', f);
		}
		fputc('\n', f);
	}
	if (t->quant == LT_EXISTS)
		ok = p > 0;
	else if (t->quant == LT_NOT_EXISTS)
		ok = p == 0;
	else
		ok = q == 0;
	if (t->quant == LT_NOT_EXISTS) {
		long s = p;

		p = q;
		q = s;
	}
	fprintf(f, "%s\nWitnesses\nPositive: %ld Negative: %ld\n", ok ? "Ok" : "No", p, q);
	fprintf(f, "Condition %s (", qname[t->quant]);
	print_prop(f, t, t->cond, 0);
	fprintf(f, ")\nObservation %s %s %ld %ld\n", t->name, litmus_verdict(r), r->pos, r->neg);
}

void litmus_result_free(struct lt_result *r)
{
	free(r->state);
	memset(r, 0, sizeof(*r));
}
