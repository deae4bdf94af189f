// SPDX-License-Identifier: GPL-2.0
/*
 * Random litmus tests over the supported vocabulary, for the differential
 * against herd7 (bench/litmus_diff.sh): 2-4 CPUs, 2-4 locations, every
 * ordering form of loads, stores and RMWs (linux-kernel.def), every barrier,
 * spinlock sections, RCU read-side sections and grace periods, and data,
 * control and address dependencies (a pointer location p, first &x).
 * Every register and location is listed in a locations clause, so herd7's
 * States line shows the whole final state and the tools can be compared
 * state by state, not only by the verdict of the exists clause (a random
 * conjunction over what the test can read). Same seed, same test.
 */
#include "litmus.h"

#include <string.h>

struct rng {
	uint64_t s;
};

static unsigned rnd(struct rng *g, unsigned n)
{
	g->s ^= g->s << 13;
	g->s ^= g->s >> 7;
	g->s ^= g->s << 17;
	return (unsigned)(g->s >> 11) % n;
}

static const char *const locs[] = { "x", "y", "z", "w" };

struct gen {
	struct rng g;
	FILE *f;
	int nthreads, nlocs;
	bool atomic_a, pointer, lock, rcu;
	int nregs[LT_MAX_THREADS];
	int regloc[LT_MAX_THREADS][16];	/* what each register read: loc index, 'a', 'p' */
	int nextval;
	int written[6][8], nwritten[6];	/* values written per location (a: 4, p: 5) */
	int depth_rcu, in_lock;
	bool sync_done;
};

static void wrote(struct gen *s, int l, int v)
{
	if (s->nwritten[l] < 8)
		s->written[l][s->nwritten[l]++] = v;
}

static int newreg(struct gen *s, int t, int what)
{
	int r = s->nregs[t]++;

	s->regloc[t][r] = what;
	return r;
}

/* A register of this thread with a plain value (not a pointer), or -1. */
static int some_reg(struct gen *s, int t)
{
	int tries;

	for (tries = 0; tries < 4 && s->nregs[t]; tries++) {
		int r = (int)rnd(&s->g, (unsigned)s->nregs[t]);

		if (s->regloc[t][r] != 5 && s->regloc[t][r] != 6)
			return r;
	}
	return -1;
}

static void indent(struct gen *s, int d)
{
	while (d-- > 0)
		fputc('\t', s->f);
}

/* The value a store writes: a fresh constant, or a data dependency. */
static void value(struct gen *s, int t, int l, bool *dep_used)
{
	int r = rnd(&s->g, 4) == 0 ? some_reg(s, t) : -1;

	*dep_used = r >= 0;
	if (r >= 0) {
		static const char *const forms[] = { "r%d", "r%d + %d", "(r%d & 0) + %d" };
		int k = (int)rnd(&s->g, 3), v = ++s->nextval;

		fprintf(s->f, forms[k], r, v);
		wrote(s, l, v);
		if (k == 0 || k == 1) {	/* may write what was read (+v): values stay small */
			int i;

			for (i = 0; i < 3; i++)
				wrote(s, l, k ? i + v : i);
		}
		return;
	}
	s->nextval++;
	fprintf(s->f, "%d", s->nextval);
	wrote(s, l, s->nextval);
}

static void load(struct gen *s, int t, int d)
{
	unsigned k = rnd(&s->g, 10);
	int l = (int)rnd(&s->g, (unsigned)s->nlocs), r;

	indent(s, d);
	if (s->pointer && k == 0) {		/* a pointer, then through it: addr dep */
		int rp = newreg(s, t, 6), rv;

		fprintf(s->f, "r%d = %s(*p);\n", rp, rnd(&s->g, 2) ? "rcu_dereference" : "READ_ONCE");
		indent(s, d);
		if (rnd(&s->g, 3) == 0) {
			s->nextval++;
			fprintf(s->f, "WRITE_ONCE(*r%d, %d);\n", rp, s->nextval);
			wrote(s, 0, s->nextval);
			wrote(s, 1, s->nextval);
			return;
		}
		rv = newreg(s, t, 7);
		fprintf(s->f, "r%d = READ_ONCE(*r%d);\n", rv, rp);
		return;
	}
	if (s->atomic_a && k == 1) {
		r = newreg(s, t, 4);
		fprintf(s->f, "r%d = %s(a);\n", r, rnd(&s->g, 2) ? "atomic_read" : "atomic_read_acquire");
		return;
	}
	r = newreg(s, t, l);
	switch (rnd(&s->g, 8)) {
	case 0: case 1: case 2: case 3:
		fprintf(s->f, "r%d = READ_ONCE(*%s);\n", r, locs[l]);
		break;
	case 4: case 5:
		fprintf(s->f, "r%d = smp_load_acquire(%s);\n", r, locs[l]);
		break;
	case 6:
		fprintf(s->f, "r%d = rcu_dereference(*%s);\n", r, locs[l]);
		break;
	default:
		fprintf(s->f, "r%d = *%s;\n", r, locs[l]);
	}
}

static void store(struct gen *s, int t, int d)
{
	unsigned k = rnd(&s->g, 10);
	int l = (int)rnd(&s->g, (unsigned)s->nlocs);
	bool dep;

	indent(s, d);
	if (s->pointer && k == 0) {
		const char *to = locs[rnd(&s->g, 2)];

		fprintf(s->f, rnd(&s->g, 2) ? "rcu_assign_pointer(*p, %s);\n" : "WRITE_ONCE(*p, %s);\n", to);
		return;
	}
	if (s->atomic_a && k == 1) {
		fprintf(s->f, "%s(a, ", rnd(&s->g, 2) ? "atomic_set" : "atomic_set_release");
		value(s, t, 4, &dep);
		fprintf(s->f, ");\n");
		return;
	}
	switch (rnd(&s->g, 8)) {
	case 0: case 1: case 2: case 3:
		fprintf(s->f, "WRITE_ONCE(*%s, ", locs[l]);
		break;
	case 4: case 5:
		fprintf(s->f, "smp_store_release(%s, ", locs[l]);
		break;
	case 6:
		fprintf(s->f, "smp_store_mb(*%s, ", locs[l]);
		break;
	default:
		fprintf(s->f, "*%s = ", locs[l]);
		value(s, t, l, &dep);
		fprintf(s->f, ";\n");
		return;
	}
	value(s, t, l, &dep);
	fprintf(s->f, ");\n");
}

static const char *const suffix[] = { "", "_relaxed", "_acquire", "_release" };

static void rmw(struct gen *s, int t, int d)
{
	int l = (int)rnd(&s->g, (unsigned)s->nlocs), r, v;
	const char *sf = suffix[rnd(&s->g, 4)];

	indent(s, d);
	if (!s->atomic_a || rnd(&s->g, 2)) {	/* on an int location */
		r = newreg(s, t, l);
		v = ++s->nextval;
		wrote(s, l, v);
		if (rnd(&s->g, 2))
			fprintf(s->f, "r%d = xchg%s(%s, %d);\n", r, sf, locs[l], v);
		else
			fprintf(s->f, "r%d = cmpxchg%s(%s, %d, %d);\n", r, sf, locs[l],
				s->nwritten[l] > 1 && rnd(&s->g, 2) ? s->written[l][0] : 0, v);
		return;
	}
	switch (rnd(&s->g, 9)) {
	case 0:
		fprintf(s->f, "atomic_inc(a);\n");
		break;
	case 1:
		fprintf(s->f, "atomic_add(%d, a);\n", 1 + (int)rnd(&s->g, 2));
		break;
	case 2:
		r = newreg(s, t, 4);
		fprintf(s->f, "r%d = atomic_inc_return%s(a);\n", r, sf);
		break;
	case 3:
		r = newreg(s, t, 4);
		fprintf(s->f, "r%d = atomic_fetch_add%s(%d, a);\n", r, sf, 1 + (int)rnd(&s->g, 2));
		break;
	case 4:
		r = newreg(s, t, 4);
		v = ++s->nextval;
		fprintf(s->f, "r%d = atomic_xchg%s(a, %d);\n", r, sf, v);
		wrote(s, 4, v);
		break;
	case 5:
		r = newreg(s, t, 4);
		v = ++s->nextval;
		fprintf(s->f, "r%d = atomic_cmpxchg%s(a, %d, %d);\n", r, sf, (int)rnd(&s->g, 2), v);
		wrote(s, 4, v);
		break;
	case 6:
		r = newreg(s, t, 8);
		fprintf(s->f, "r%d = atomic_dec_and_test(a);\n", r);
		break;
	case 7:
		r = newreg(s, t, 8);
		fprintf(s->f, "r%d = atomic_add_unless(a, 1, %d);\n", r, (int)rnd(&s->g, 2));
		break;
	default:
		r = newreg(s, t, 4);
		fprintf(s->f, "r%d = atomic_fetch_andnot%s(1, a);\n", r, sf);
		break;
	}
	/* an inc or add: small values */
	for (v = 1; v <= 4; v++)
		wrote(s, 4, v);
	wrote(s, 4, -1);
}

static void fence(struct gen *s, int d)
{
	static const char *const f[] = { "smp_mb", "smp_mb", "smp_rmb", "smp_wmb", "smp_mb__before_atomic",
					 "smp_mb__after_atomic" };

	indent(s, d);
	fprintf(s->f, "%s();\n", f[rnd(&s->g, 6)]);
}

static void instr(struct gen *s, int t, int d, int budget);

static void block_of(struct gen *s, int t, int d, int n)
{
	while (n-- > 0)
		instr(s, t, d, 0);
}

static void instr(struct gen *s, int t, int d, int nest)
{
	unsigned k = rnd(&s->g, 100);

	if (k < 30) {
		load(s, t, d);
	} else if (k < 58) {
		store(s, t, d);
	} else if (k < 70) {
		rmw(s, t, d);
	} else if (k < 84) {
		fence(s, d);
	} else if (k < 91 && !nest) {		/* a control dependency */
		int r = some_reg(s, t);

		if (r < 0) {
			store(s, t, d);
			return;
		}
		indent(s, d);
		fprintf(s->f, "if (r%d == %d) {\n", r, (int)rnd(&s->g, 3));
		store(s, t, d + 1);
		indent(s, d);
		if (rnd(&s->g, 3) == 0) {
			fprintf(s->f, "} else {\n");
			instr(s, t, d + 1, 1);
			indent(s, d);
		}
		fprintf(s->f, "}\n");
	} else if (k < 96 && !nest && s->lock && !s->in_lock) {
		indent(s, d);
		fprintf(s->f, "spin_lock(s);\n");
		s->in_lock = 1;
		if (rnd(&s->g, 4) == 0) {
			indent(s, d);
			fprintf(s->f, "smp_mb__after_spinlock();\n");
		}
		block_of(s, t, d, 1 + (int)rnd(&s->g, 2));
		indent(s, d);
		fprintf(s->f, "spin_unlock(s);\n");
		s->in_lock = 0;
	} else if (!nest && s->rcu) {
		if (rnd(&s->g, 3) == 0 && !s->sync_done) {
			indent(s, d);
			fprintf(s->f, "synchronize_rcu();\n");
			s->sync_done = true;
			return;
		}
		indent(s, d);
		fprintf(s->f, "rcu_read_lock();\n");
		block_of(s, t, d, 1 + (int)rnd(&s->g, 2));
		indent(s, d);
		fprintf(s->f, "rcu_read_unlock();\n");
	} else {
		load(s, t, d);
	}
}

static void pick_value(struct gen *s, int what)
{
	if (what == 6) {	/* a pointer register */
		fprintf(s->f, "%s", locs[rnd(&s->g, 2)]);
		return;
	}
	if (what == 8) {	/* a boolean */
		fprintf(s->f, "%d", (int)rnd(&s->g, 2));
		return;
	}
	if (what == 7)
		what = (int)rnd(&s->g, 2);
	if (!s->nwritten[what] || rnd(&s->g, 3) == 0)
		fprintf(s->f, "0");
	else
		fprintf(s->f, "%d", s->written[what][rnd(&s->g, (unsigned)s->nwritten[what])]);
}

void litmus_generate(FILE *f, unsigned long seed, const char *name)
{
	struct gen s;
	int t, i, l, atoms = 0;
	char body[LT_MAX_THREADS][4096];

	memset(&s, 0, sizeof(s));
	s.g.s = seed * 0x9e3779b97f4a7c15ull + 0x1234567ull;
	for (i = 0; i < 4; i++)
		rnd(&s.g, 2);
	s.nthreads = 2 + (int)rnd(&s.g, 3);
	s.nlocs = 2 + (int)rnd(&s.g, 2);
	s.atomic_a = rnd(&s.g, 3) == 0;
	s.pointer = rnd(&s.g, 5) == 0;
	s.lock = rnd(&s.g, 4) == 0;
	s.rcu = rnd(&s.g, 6) == 0;
	/* each thread's body first (into memory): the values written are then known */
	for (t = 0; t < s.nthreads; t++) {
		FILE *m = fmemopen(body[t], sizeof(body[t]), "w");
		/* herd7's time grows fast with events: about 8 instructions in all */
		int n = s.nthreads == 4 ? 2 : s.nthreads == 3 ? 2 + (int)rnd(&s.g, 2) : 2 + (int)rnd(&s.g, 3);

		s.f = m;
		block_of(&s, t, 1, n);
		fputc(0, m);
		fclose(m);
	}
	s.f = f;
	fprintf(f, "C %s\n\n(* pageref litmus-gen, seed %lu *)\n\n{\n", name, seed);
	for (l = 0; l < s.nlocs; l++)
		fprintf(f, "\tint %s;\n", locs[l]);
	if (s.pointer)
		fprintf(f, "\tint *p = &x;\n");
	if (s.atomic_a)
		fprintf(f, "\tatomic_t a;\n");
	fprintf(f, "}\n");
	for (t = 0; t < s.nthreads; t++) {
		fprintf(f, "\nP%d(", t);
		for (l = 0; l < s.nlocs; l++)
			fprintf(f, "%sint *%s", l ? ", " : "", locs[l]);
		if (s.pointer)
			fprintf(f, ", int **p");
		if (s.atomic_a)
			fprintf(f, ", atomic_t *a");
		if (s.lock)
			fprintf(f, ", spinlock_t *s");
		fprintf(f, ")\n{\n");
		for (i = 0; i < s.nregs[t]; i++)
			fprintf(f, "\tint %sr%d;\n", s.regloc[t][i] == 6 ? "*" : "", i);
		if (s.nregs[t])
			fputc('\n', f);
		fprintf(f, "%s}\n", body[t]);
	}
	fprintf(f, "\nlocations [");
	for (t = 0; t < s.nthreads; t++)
		for (i = 0; i < s.nregs[t]; i++)
			fprintf(f, "%d:r%d; ", t, i);
	for (l = 0; l < s.nlocs; l++)
		fprintf(f, "%s; ", locs[l]);
	if (s.pointer)
		fprintf(f, "p; ");
	if (s.atomic_a)
		fprintf(f, "a; ");
	fprintf(f, "]\nexists (");
	for (t = 0; t < s.nthreads; t++)
		for (i = 0; i < s.nregs[t]; i++) {
			if (rnd(&s.g, 3) == 0 && atoms)
				continue;
			fprintf(f, "%s%d:r%d=", atoms++ ? " /\\ " : "", t, i);
			pick_value(&s, s.regloc[t][i]);
		}
	if (!atoms || rnd(&s.g, 3) == 0) {
		l = (int)rnd(&s.g, (unsigned)s.nlocs);
		fprintf(f, "%s%s=", atoms++ ? " /\\ " : "", locs[l]);
		pick_value(&s, l);
	}
	fprintf(f, ")\n");
}
