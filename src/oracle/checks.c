// SPDX-License-Identifier: GPL-2.0
/*
 * The header's own checks: what it promises, and whether the promise holds.
 *
 * Why this file exists: a misuse that passes silently is a bug only where
 * the header promised to catch it, and the promise must come from the
 * header as it is in the user's tree, never from text added for us. Two
 * things promise (docs/oracles.md, "Misuse"):
 *   (1) the API generation (the world knows it from the header's
 *       definitions): page_ref's series carries patch 1's contract, every
 *       inc/dec/add/sub of a frozen page trips a check;
 *   (2) the checks themselves: a VM_BUG_ON* / VM_WARN_ON* evaluated inside
 *       the misused API call, on an object the family's ground truth knows
 *       is in a witness state (page_ref: frozen, free or a tail page),
 *       exists to catch exactly that call; if it does not fire, it is a
 *       dead check and the misuse is a finding.
 * A misuse on an object whose state no check can tell from a legal one (a
 * put by a CPU that holds no reference, while others do) is never
 * promised: it is counted as unchecked, a fact about the world, not about
 * the header. The family says what its states and witnesses are
 * (struct oracle_family, oracle_fam).
 *
 * Protocol with the world (page_ref: op_misuse in src/family/page_ref/misuse.c): oracle_misuse_begin() before
 * the call, oracle_misuse_end() after it returned; in between, every check
 * the calling CPU evaluates is recorded (shim_check_eval). A check that
 * fires in between ends the run as *expected* (shim_assert_fired). The
 * world runs the call with preemption disabled, so the ledger state seen at
 * each check is the state the call really acted on.
 *
 * Counting: every site's evaluations, firings and the object's state at
 * each evaluation accumulate over all runs of the process (the check table
 * of a replay or a campaign's corpus). Real-thread mode counts with relaxed
 * atomics (fibers, on one OS thread, with plain increments) and does not
 * read the ground truth (its owner holds the world lock).
 */
#include "oracle.h"
#include "../runtime/sched.h"
#include "../runtime/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../abi/shim_abi.h"

/* Every site compiled in (shim/hooks.h puts a pointer to each here). */
extern struct shim_check *const __start_shim_checks[] __attribute__((weak));
extern struct shim_check *const __stop_shim_checks[] __attribute__((weak));

#define MISUSE_SITES	8

struct misuse_ctx {
	int kind;		/* the family's misuse kind, -1: none */
	int obj;
	uint8_t state;		/* the object's state at the call */
	int nsites;
	struct shim_check *site[MISUSE_SITES];
	uint8_t site_state[MISUSE_SITES];
};

static struct misuse_ctx mctx[PR_MAX_THREADS];
int oracle_subject[PR_MAX_THREADS];
unsigned long oracle_unchecked[ORACLE_MAX_MISUSE];
bool oracle_checks_counting = true;

/*
 * Real threads count at once: a relaxed atomic add. Fibers all run on one
 * OS thread, so a plain increment counts the same, without the locked
 * instruction (a few per check evaluation, issue 23).
 */
static inline void count(unsigned long *c)
{
	if (sched_is_real())
		__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
	else
		(*c)++;
}

void oracle_checks_reset_run(void)
{
	int t;

	for (t = 0; t < PR_MAX_THREADS; t++) {
		mctx[t].kind = -1;
		oracle_subject[t] = -1;
	}
}

bool oracle_misuse_active(int t)
{
	return t >= 0 && t < PR_MAX_THREADS && mctx[t].kind >= 0;
}

void oracle_misuse_clear(int t)
{
	if (t >= 0 && t < PR_MAX_THREADS)
		mctx[t].kind = -1;
}

int oracle_misuse_kind_of(int t)
{
	return oracle_misuse_active(t) ? mctx[t].kind : -1;
}

/* The check table's column of a state a check exists to catch, or -1. */
static int witness_of(int state)
{
	return state >= 0 && state < oracle_fam->nstates ? oracle_fam->witness[state] : -1;
}

void shim_check_eval(struct shim_check *c, const struct page *page, int fired)
{
	int t = sched_in_run() ? sched_current() : -1;
	int obj = page ? oracle_fam->obj_of(page) : (t >= 0 ? oracle_subject[t] : -1);
	bool counting = oracle_checks_counting;
	int state = -1, w;

	if (!sched_is_real() && obj >= 0)
		state = oracle_fam->obj_state(obj);
	if (counting) {
		count(&c->evals);
		if (fired)
			count(&c->fired);
		if ((w = witness_of(state)) >= 0)
			count(&c->on_witness[w]);
	}
	if (t >= 0 && oracle_misuse_active(t)) {
		struct misuse_ctx *m = &mctx[t];
		int i;

		if (state < 0)
			state = m->state;
		if (counting && witness_of(state) >= 0) {
			count(&c->misuse_evals);
			if (fired)
				count(&c->misuse_fired);
		}
		for (i = 0; i < m->nsites && m->site[i] != c; i++)
			;
		if (i == m->nsites && i < MISUSE_SITES) {
			m->site[i] = c;
			m->site_state[i] = (uint8_t)state;
			m->nsites++;
		}
	}
}

void oracle_misuse_begin(int t, int kind, int obj)
{
	struct misuse_ctx *m = &mctx[t];

	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->obj = obj;
	oracle_subject[t] = obj;
	m->state = (uint8_t)oracle_fam->obj_state(obj);	/* the world holds its lock here */
}

static const char *site_file(const struct shim_check *c)
{
	return trace_basename(c->file);
}

bool oracle_misuse_end(int t, const char *api, const char *obj_state, const char *gen_promise)
{
	struct misuse_ctx *m = &mctx[t];
	int i, witnesses = 0;

	for (i = 0; i < m->nsites; i++)
		if (witness_of(m->site_state[i]) >= 0)
			witnesses++;
	if (!witnesses && !gen_promise) {
		if (oracle_checks_counting)
			count(&oracle_unchecked[m->kind]);
		m->kind = -1;
		return false;
	}
	oracle_note("%s on %s %s %d passed silently.\n", api, obj_state, oracle_fam->key, m->obj);
	if (gen_promise)
		oracle_note("promised by the API generation: %s\n", gen_promise);
	for (i = 0; i < m->nsites; i++) {
		struct shim_check *c = m->site[i];

		oracle_note("%s at %s:%d in %s: evaluated on a %s %s, did not fire%s\n",
			    c->name, site_file(c), c->line, c->func,
			    oracle_fam->state_name(m->site_state[i]), oracle_fam->noun,
			    witness_of(m->site_state[i]) >= 0 ? " (dead check)" : "");
	}
	if (!m->nsites)
		oracle_note("no check was evaluated in %s\n", api);
	m->kind = -1;
	oracle_fail(t, "BUG: misuse not caught: %s on %s %s", api, obj_state, oracle_fam->noun);
	return true;
}

/* ---- the check table ---- */

static int cmp_site(const void *a, const void *b)
{
	const struct shim_check *x = *(struct shim_check *const *)a;
	const struct shim_check *y = *(struct shim_check *const *)b;
	int d = strcmp(site_file(x), site_file(y));

	return d ? d : x->line - y->line;
}

int oracle_checks_list(const void *tu, struct shim_check **out, int max)
{
	struct shim_check *const *p;
	int n = 0;

	if (!__start_shim_checks)
		return 0;
	for (p = __start_shim_checks; p < __stop_shim_checks && n < max; p++)
		if (!tu || (*p)->tu == tu)
			out[n++] = *p;
	qsort(out, (size_t)n, sizeof(*out), cmp_site);
	return n;
}

void oracle_checks_clear(void)
{
	struct shim_check *const *p;

	for (p = __start_shim_checks; __start_shim_checks && p < __stop_shim_checks; p++) {
		struct shim_check *c = *p;

		c->evals = c->fired = c->misuse_evals = c->misuse_fired = 0;
		memset(c->on_witness, 0, sizeof(c->on_witness));
	}
	memset(oracle_unchecked, 0, sizeof(oracle_unchecked));
}

/* Evaluated inside misused calls on the pages it exists to catch; never fired. */
bool oracle_check_is_dead(const struct shim_check *c)
{
	return c->misuse_evals > 0 && c->misuse_fired == 0;
}

#define TABLE_MAX 256

void oracle_checks_print(FILE *f, const void *tu, const struct oracle_family *of, bool full)
{
	const char *const *w = of->witness_names;
	struct shim_check *s[TABLE_MAX];
	int n = oracle_checks_list(tu, s, TABLE_MAX), i, evaluated = 0, fired = 0, dead = 0;
	unsigned long unchecked = 0;

	for (i = 0; i < n; i++) {
		evaluated += s[i]->evals > 0;
		fired += s[i]->fired > 0;
		dead += oracle_check_is_dead(s[i]);
	}
	for (i = 0; i < of->nmisuse; i++)
		unchecked += oracle_unchecked[i];
	fprintf(f, "checks: %d sites, %d evaluated, %d fired, %d dead; %lu unchecked misuse(s)\n",
		n, evaluated, fired, dead, unchecked);
	for (i = 0; i < n; i++)
		if (oracle_check_is_dead(s[i]))
			fprintf(f, "dead check: %s at %s:%d in %s: evaluated %lu times in misused calls "
				"(%lu on %s, %lu on %s, %lu on %s %ss), never fired\n",
				s[i]->name, site_file(s[i]), s[i]->line, s[i]->func, s[i]->misuse_evals,
				s[i]->on_witness[0], w[0], s[i]->on_witness[1], w[1], s[i]->on_witness[2], w[2],
				of->noun);
	for (i = 0; i < of->nmisuse; i++)
		if (oracle_unchecked[i])
			fprintf(f, "unchecked: %s x%lu (nothing in the header promised to catch it)\n",
				of->misuse_names[i], oracle_unchecked[i]);
	if (!full)
		return;
	fprintf(f, "%-30s %-26s %-20s %9s %7s %8s %7s %7s %8s %8s\n", "site", "function", "check",
		"evaluated", "fired", w[0], w[1], w[2], "misuse", "m-fired");
	for (i = 0; i < n; i++) {
		char where[64];

		snprintf(where, sizeof(where), "%s:%d", site_file(s[i]), s[i]->line);
		fprintf(f, "%-30s %-26s %-20s %9lu %7lu %8lu %7lu %7lu %8lu %8lu%s\n", where, s[i]->func,
			s[i]->name, s[i]->evals, s[i]->fired, s[i]->on_witness[0], s[i]->on_witness[1],
			s[i]->on_witness[2], s[i]->misuse_evals, s[i]->misuse_fired,
			oracle_check_is_dead(s[i]) ? "  DEAD" : "");
	}
}
