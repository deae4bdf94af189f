// SPDX-License-Identifier: GPL-2.0
/*
 * The refcount world: RC_MAX_OBJS objects, each with a refcount_t (used as
 * such, or as the refcount_t inside a struct kref), published in a lookup
 * table, looked up under a lock or RCU, used and dropped by their holders,
 * and freed by whoever drops the last reference; each caller is written as
 * a kernel user of refcount.h and kref.h writes it (objects.c). This file
 * holds the state, the API-call boundaries with their documented orderings,
 * the op dispatch, setup, the run and the quiescent checks. The world
 * reports what happened; its oracles (ledger.c, judge.c) judge it.
 */
#include "world_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct robj rc_objs[RC_MAX_OBJS];
struct robj *rc_table[RC_MAX_OBJS];
uint8_t rc_slot_guard[RC_MAX_OBJS];
spinlock_t rc_table_lock;
struct mutex rc_table_mutex;
const struct program *rc_prog;
int rc_opts;
bool rc_abandoned;
const struct refcount_api *rc_api;

const char *rc_caller[PR_MAX_THREADS];
uint8_t rc_cur_op[PR_MAX_THREADS];
const char *rc_api_name[PR_MAX_THREADS];
static enum rc_contract api_contract[PR_MAX_THREADS];
static bool api_open[PR_MAX_THREADS];

/* ---- API-call boundaries: the memory model's contract, the orderings table ---- */

/*
 * The contract clock of the memory model (src/memory/wmm.c) is told what
 * refcount.h documents for the call (world_internal.h, enum rc_contract).
 * The model's contracts are atomic_t's: relaxed, release, fully ordered,
 * fully ordered on success. refcount_t's are weaker: a release whose
 * success alone acquires (dec_and_test), an acquire on success only (the
 * _acquire getters). They are given as the release or relaxed contract
 * for the call, then, when it succeeded, an acquire of what the call read:
 * an empty fully-ordered-on-success call, whose only effect on the contract
 * is that acquire (and a release fence of what this CPU now sees, which
 * later relaxed stores of this CPU then carry: a promise stronger than the
 * kernel's only for readers that acquire such a store and then read an
 * object this CPU wrote; the world's judged reads are of objects whose
 * writers released them through the counter, where it adds nothing).
 */
static void contract_acquire(void)
{
	wmm_api_begin("acquire on success", WMM_C_FULL_ON_SUCCESS);
	wmm_api_end(true);
}

/* The last put's documented ordering acquires (the free path's judged read). */
bool rc_put_acquires(int t)
{
	return api_contract[t] == RCC_REL_ACQ_ON_SUCCESS;
}

void rc_api_begin(const char *name, enum rc_contract c)
{
	int t = sched_in_run() ? sched_current() : -1;
	enum wmm_contract wc = c == RCC_RELEASE || c == RCC_REL_ACQ_ON_SUCCESS ? WMM_C_RELEASE :
			       WMM_C_RELAXED;

	if (t >= 0) {
		rc_api_name[t] = name;
		api_contract[t] = c;
		api_open[t] = true;
	}
	orderings_api_begin(t, name, wc);
	wmm_api_begin(name, wc);
}

void rc_api_end(bool success)
{
	int t = sched_in_run() ? sched_current() : -1;

	if (t >= 0 && !api_open[t])
		return;	/* settled already, in the call's release callback */
	orderings_api_end(t, success);
	wmm_api_end(success);
	if (t < 0)
		return;
	api_open[t] = false;
	if (success && (api_contract[t] == RCC_ACQ_ON_SUCCESS || api_contract[t] == RCC_REL_ACQ_ON_SUCCESS))
		contract_acquire();
}

/* ---- holdings ---- */

struct lhold *rc_held(int t, int id)
{
	struct lhold *h = rc_ledger_find(t, id);

	if (!h)
		STEP("skipped: CPU%d holds no reference to id %d", t, id, 0);
	return h;
}

void rc_ledger_put(int t, struct lhold *h, int64_t n)
{
	struct lobj *lo = &rc_ledger.obj[h->id];

	lo->refs -= n;
	lo->last_put_thread = (int8_t)t;
	lo->last_put_op = rc_cur_op[t];
	h->n -= n;
	if (h->n <= 0)
		rc_ledger_drop_hold(h);
}

/* ---- the ops: one program record at a time ---- */

static void run_op(int t, int idx, const struct pr_record *r)
{
	const struct op_desc *d = &rc_ops[r->op];
	int id = r->obj % RC_MAX_OBJS;

	rc_caller[t] = (r->arg & d->alias_bit) && d->alias && r->op != RC_LOOKUP ? d->alias :
		       d->caller ? d->caller : d->name;
	rc_cur_op[t] = r->op;
	rc_api_name[t] = NULL;
	oracle_set_subject(t, id);
	trace_add(EV_OP, t, NULL, NULL, idx, r->op | r->obj << 8 | r->arg << 16, 0);
	switch (r->op) {
	case RC_GET:
	case RC_ADD:
		rc_op_get(t, id, r->arg);
		break;
	case RC_PUT:
	case RC_PUT_MANY:
	case RC_PUT_LOCK:
	case RC_PUT_IF_ONE:
	case RC_DEC:
		rc_op_put(t, id, r->arg);
		break;
	case RC_USE:
		rc_op_use(t, id);
		break;
	case RC_LOOKUP:
		rc_op_lookup(t, id, r->arg);
		break;
	case RC_CREATE:
		rc_op_create(t, id, rc_slot_guard[id]);
		break;
	case RC_MISUSE:
		rc_op_misuse(t, id, r->arg);
		break;
	}
}

static void world_thread(int t)
{
	int i;

	for (i = 0; i < rc_prog->nrec; i++) {
		const struct pr_record *r = &rc_prog->rec[i];

		if (sched_should_stop())
			return;
		if (!ops_is_setup(&refcount_optable, r->op) && r->thread == t) {
			sched_op_begin(i);
			run_op(t, i, r);
			sched_op_end(i);
		}
	}
}

/* ---- setup: the program's setup records, before the CPUs start ---- */

/*
 * A slot's guard is the table's design, fixed for the run: the one the
 * first obj or create record naming the slot gives (lock if none), so that
 * a lookup and the creation it races with agree on it.
 */
static void world_guards(void)
{
	bool set[RC_MAX_OBJS] = { false };
	int i;

	for (i = 0; i < rc_prog->nrec; i++) {
		const struct pr_record *r = &rc_prog->rec[i];
		int id = r->obj % RC_MAX_OBJS;

		if ((r->op == RC_S_OBJ || r->op == RC_CREATE) && !set[id]) {
			rc_slot_guard[id] = (uint8_t)rc_obj_guard(r->arg);
			set[id] = true;
		}
	}
}

static void world_setup(void)
{
	int i;

	world_guards();

	for (i = 0; i < rc_prog->nrec; i++) {
		const struct pr_record *r = &rc_prog->rec[i];
		int id = r->obj % RC_MAX_OBJS, t = r->thread;
		struct lobj *lo = &rc_ledger.obj[id];

		if (r->op == RC_S_OBJ) {
			rc_setup_obj(t, id, rc_obj_refs(r->arg), rc_slot_guard[id], rc_obj_bg_class(r->arg));
		} else if (r->op == RC_S_REF && lo->state == LO_LIVE && rc_ledger_room(t) &&
			   lo->refs < rc_limit) {
			lo->refs++;
			refcount_set(&rc_objs[id], (int)(unsigned int)lo->refs);
			rc_ledger_add_hold(t, id, 1);
		}
	}
}

/* ---- quiescent checks: every CPU has finished ---- */

static void world_final_checks(void)
{
	const char *lock;
	int id, count;

	rc_rcu_barrier();
	if (oracle_finding.verdict != VERDICT_NONE)
		return;
	if ((lock = rc_lock_held())) {
		oracle_note("%s is still held by CPU%d: a put's failure path kept it\n", lock,
			    rc_table_lock.owner >= 0 ? rc_table_lock.owner : rc_table_mutex.wait_lock.owner);
		oracle_fail(rc_table_lock.owner >= 0 ? rc_table_lock.owner : rc_table_mutex.wait_lock.owner,
			    "WARNING: lock held when returning to user space!");
		return;
	}
	for (id = 0; id < RC_MAX_OBJS; id++) {
		sched_suspend();
		count = rc_ledger.obj[id].state == LO_LIVE ? (int)refcount_read(&rc_objs[id]) : 0;
		sched_resume();
		if (!rc_oracle_quiescent(id, count))
			return;
	}
}

/* Set up the world for @p on @v; false if setup itself found something. */
static bool world_prepare(const struct world_variant *v, const struct program *p)
{
	int t;

	rc_api = v->api;
	rc_limit = rc_api->limit;
	rc_prog = p;
	rc_opts = p->opts;
	rc_abandoned = false;
	for (t = 0; t < PR_MAX_THREADS; t++) {
		rc_caller[t] = "setup";
		rc_api_name[t] = NULL;
		api_open[t] = false;
		api_contract[t] = RCC_RELAXED;
	}
	rc_obj_reset();
	rc_ledger_reset();
	rc_locks_reset();
	memset(rc_ident, 0, sizeof(rc_ident));
	memset(rc_data, 0, sizeof(rc_data));
	world_setup();
	return oracle_finding.verdict == VERDICT_NONE;
}

/*
 * refcount_t's WARNs are all one function's since v5.5 (refcount_warn_saturate,
 * one WARN per kind), so the engine's title, "WARNING in <function of the
 * check>", would be one title for every refcount_t bug. As syzbot does
 * ("WARNING: refcount bug in ..."), the title says what the WARN said and
 * which call of the world's it came from:
 *   WARNING: refcount_t: underflow; use-after-free in refcount_dec_and_test
 * The report keeps the site (file:line, function) of the check.
 */
static void refine_title(void)
{
	struct finding *f = &oracle_finding;
	const char *prefix = f->verdict == VERDICT_EXPECTED ? "expected: WARNING in " : "WARNING in ";
	const char *rest, *api, *m;
	char msg[96], title[ORACLE_TITLE_MAX];
	size_t n, line = strcspn(f->report, "\n");

	if (f->verdict == VERDICT_NONE || strncmp(f->title, prefix, strlen(prefix)))
		return;
	/* the check's text opens the report: "WARN_ONCE(1): refcount_t: underflow; ...\n" */
	m = strstr(f->report, "refcount_t: ");
	if (!m || (size_t)(m - f->report) > line)
		return;
	n = strcspn(m, "\n");
	if (n >= sizeof(msg))
		n = sizeof(msg) - 1;
	memcpy(msg, m, n);
	msg[n] = 0;
	if (n && msg[n - 1] == '.')
		msg[n - 1] = 0;
	api = f->thread >= 0 && f->thread < PR_MAX_THREADS && rc_api_name[f->thread] ?
	      rc_api_name[f->thread] : "refcount";
	rest = strstr(f->title + strlen(prefix), " caught ");	/* misuse: what it caught */
	snprintf(title, sizeof(title), "%sWARNING: %s in %s%s",
		 f->verdict == VERDICT_EXPECTED ? "expected: " : "", msg, api, rest ? rest : "");
	snprintf(f->title, sizeof(f->title), "%s", title);
}

void refcount_world_run(const struct world_variant *v, const struct program *p)
{
	if (world_prepare(v, p)) {
		sched_run(p->nthreads, p->tape, p->ntape, world_thread);
		if (oracle_finding.verdict == VERDICT_NONE && !sched_stats.budget_exhausted && !rc_abandoned)
			world_final_checks();
	}
	refine_title();
}

void refcount_world_run_real(const struct world_variant *v, const struct program *p)
{
	if (world_prepare(v, p)) {
		sched_real_run(p->nthreads, world_thread);
		if (oracle_finding.verdict == VERDICT_NONE && !rc_abandoned)
			world_final_checks();
	}
	refine_title();
}

int refcount_world_raw_count(int id)
{
	/* other CPUs may be mid-atomic on it (real-thread mode): no plain load */
	return __atomic_load_n(&rc_objs[id].ref.counter, __ATOMIC_RELAXED);
}
