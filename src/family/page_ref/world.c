// SPDX-License-Identifier: GPL-2.0
/*
 * The toy mm: a buddy allocator over WORLD_MAX_PFNS struct pages, a page
 * cache, a pfn walker, GUP pins and freeze/unfreeze, each written like the
 * kernel caller it mirrors (in mm/) and calling the variant of the
 * run (api.h). This file holds the world's state, the op dispatch, setup and
 * the run; each caller family is a file of its own, as mm/ is split
 * (world_internal.h lists them, with the ordering contract every one keeps
 * with the ledger). The world reports what happened; its oracles
 * (ledger.c, judge.c) judge it.
 * Page contents are heap memory from allocation to free, so AddressSanitizer
 * sees a use through a stale reference even if the ledger did not.
 */
#include "world_internal.h"

#include <stdlib.h>
#include <string.h>

struct page mem_map[WORLD_MAX_PFNS];
int8_t buddy_order[WORLD_MAX_PFNS];
uint32_t buddy_mask[WORLD_MAX_ORDER + 1];
_Static_assert(WORLD_MAX_PFNS <= 32, "buddy_mask holds a pfn a bit");
bool pfn_online[WORLD_MAX_PFNS];
int8_t lock_owner[WORLD_MAX_PFNS];
struct folio *i_pages[WORLD_CACHE_SLOTS];
const struct program *world_prog;
int world_opts;
bool world_abandoned;
struct address_space the_mapping;
const struct page_ref_api *pr_api;

const char *const dtor_names[NR_WORLD_TYPES] = {
	"free_unref_folio", "page_cache_release", "free_huge_folio",
};

/* the program split once per run (world_prepare): the setup records, then each thread's ops in order */
static int nsetup_recs;
static uint8_t setup_recs[PR_MAX_RECORDS];
static uint8_t thread_ops[PR_MAX_THREADS][PR_MAX_RECORDS];
static int nthread_ops[PR_MAX_THREADS];

#ifdef PAGE_MEM_HEAP
void *page_mem_alloc(int pfn)
{
	(void)pfn;
	return calloc(1, PAGE_MEM_SIZE);
}

void page_mem_free(void *mem)
{
	free(mem);
}
#else
static unsigned char page_mem[WORLD_MAX_PFNS][PAGE_MEM_SIZE];

void *page_mem_alloc(int pfn)
{
	memset(page_mem[pfn], 0, PAGE_MEM_SIZE);
	return page_mem[pfn];
}

void page_mem_free(void *mem)
{
	(void)mem;
}
#endif

const char *cpu_caller[PR_MAX_THREADS];
uint8_t cpu_op[PR_MAX_THREADS];
int cpu_intent[PR_MAX_THREADS];
bool cpu_freed[PR_MAX_THREADS];

/*
 * An API call's boundaries: for the memory model and the orderings table
 * (neither on: shim_full says so, hooks.h's fast path).
 */
void api_begin(const char *name, enum wmm_contract c)
{
	if (!(shim_full & SHIM_FULL_MEM))
		return;
	orderings_api_begin(sched_in_run() ? sched_current() : -1, name, c);
	wmm_api_begin(name, c);
}

void api_end(bool success)
{
	if (!(shim_full & SHIM_FULL_MEM))
		return;
	orderings_api_end(sched_in_run() ? sched_current() : -1, success);
	wmm_api_end(success);
}

/* ---- holdings ---- */

void world_put(int t, struct lhold *h, int64_t n)
{
	put_intent = h->type_seen;
	ledger_put(t, h, n, cur_op);
}

/* ---- the ops: one program record at a time ---- */

static struct lhold *held(int t, int pfn, int kind)
{
	int head = head_pfn_of(pfn);
	struct lhold *h = ledger_find(t, head, kind);

	if (!h) {
		STEP("skipped: CPU%d holds no reference to pfn %d", t, head, 0);
		return NULL;
	}
	return h;
}

static void exec_alloc(int t, const struct pr_record *r)
{
	op_alloc(t, r, r->op == OP_ALLOC_FROZEN);
}

static void exec_set_refcounted(int t, const struct pr_record *r)
{
	struct lhold *h;

	if ((h = held(t, r->pfn, LH_FROZEN)))
		op_set_refcounted(t, h);
}

static void exec_free_frozen(int t, const struct pr_record *r)
{
	struct lhold *h;

	if ((h = held(t, r->pfn, LH_FROZEN))) {
		int pfn = h->pfn;

		ledger_drop_hold(h);
		free_frozen_pages(pfn_to_page(pfn), ledger.page[pfn].order, cur_caller);
	}
}

static void exec_free_pages_core(int t, const struct pr_record *r)
{
	(void)t;
	if (!pfn_online[r->pfn] && PageReserved(pfn_to_page(r->pfn)))
		__free_pages_core(pfn_to_page(r->pfn), 0);
	else
		STEP("skipped: pfn %d is online", r->pfn, 0, 0);
}

static void exec_get(int t, const struct pr_record *r)
{
	struct lhold *h;

	if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
		APIV("folio_get", WMM_C_RELAXED, folio_get(page_folio(pfn_to_page(h->pfn))));
		ledger_hold_get(h);
		oracle_spec_account(t, h->pfn, 1, cur_caller);
	}
}

/* put and put_refs */
static void exec_put(int t, const struct pr_record *r)
{
	struct lhold *h;

	if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
		int pfn = h->pfn;
		int n = r->op == OP_PUT ? 1 : world_put_refs_nr(r->arg);

		if (n > h->n)
			n = (int)h->n;
		world_put(t, h, n);
		cpu_freed[t] = false;
		if (r->op == OP_PUT)
			APIV("folio_put", WMM_C_FULL, folio_put(page_folio(pfn_to_page(pfn))));
		else
			APIV("folio_put_refs", WMM_C_FULL, folio_put_refs(page_folio(pfn_to_page(pfn)), n));
		if (!cpu_freed[t])
			STEP("put_page_testzero = false: not freed here", 0, 0, 0);
	}
}

static void exec_use(int t, const struct pr_record *r)
{
	struct lhold *h;

	if ((h = held(t, r->pfn, LH_REF)) || (h = held(t, r->pfn, LH_PIN)))
		use_contents(t, h, "folio_use");
}

/* cache_add and cache_delete: under the folio lock */
static void exec_cache_change(int t, const struct pr_record *r)
{
	struct lhold *h;

	if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
		int head = h->pfn;

		if (folio_lock(t, head)) {
			if (r->op == OP_CACHE_ADD)
				op_cache_add(t, h, r->arg % WORLD_CACHE_SLOTS);
			else
				op_cache_delete(t, h);
			folio_unlock(head);
		}
	}
}

static void exec_cache_lookup(int t, const struct pr_record *r)
{
	op_cache_lookup(t, (r->arg & 0x7f) % WORLD_CACHE_SLOTS, r->arg & 0x80);
}

static void exec_pfn_walk(int t, const struct pr_record *r)
{
	op_pfn_walk(t, r->pfn, r->arg & 1);
}

static void exec_gup_pin(int t, const struct pr_record *r)
{
	op_gup_pin(t, r->pfn, r->arg);
}

static void exec_gup_unpin(int t, const struct pr_record *r)
{
	struct lhold *h;

	if ((h = held(t, r->pfn, LH_PIN)) && oracle_hold_valid(t, h, cur_caller)) {
		int pfn = h->pfn, nr = h->nr_each;

		world_put(t, h, (unsigned int)nr);
		APIV("folio_put_refs", WMM_C_FULL, folio_put_refs(page_folio(pfn_to_page(pfn)), nr));
	}
}

static void exec_freeze(int t, const struct pr_record *r)
{
	struct lhold *h;

	if ((h = held(t, r->pfn, LH_REF)) && oracle_hold_valid(t, h, cur_caller)) {
		int head = h->pfn;

		/* the expected count is read under the lock, in op_freeze */
		if (folio_lock(t, head)) {
			op_freeze(t, h);
			folio_unlock(head);
		}
	}
}

static void exec_misuse(int t, const struct pr_record *r)
{
	op_misuse(t, r->pfn, r->arg % NR_WORLD_MISUSE);
}

/*
 * What each thread op does. world_ops (ops.c) describes the ops for the
 * whole harness; the map from op to the function running it lives here,
 * beside the functions. Setup ops run in world_setup().
 */
static void (*const op_exec[NR_WORLD_OPS])(int t, const struct pr_record *r) = {
	[OP_ALLOC] = exec_alloc,
	[OP_ALLOC_FROZEN] = exec_alloc,
	[OP_SET_REFCOUNTED] = exec_set_refcounted,
	[OP_FREE_FROZEN] = exec_free_frozen,
	[OP_FREE_PAGES_CORE] = exec_free_pages_core,
	[OP_GET] = exec_get,
	[OP_PUT] = exec_put,
	[OP_PUT_REFS] = exec_put,
	[OP_USE] = exec_use,
	[OP_CACHE_ADD] = exec_cache_change,
	[OP_CACHE_LOOKUP] = exec_cache_lookup,
	[OP_CACHE_DELETE] = exec_cache_change,
	[OP_PFN_WALK] = exec_pfn_walk,
	[OP_GUP_PIN] = exec_gup_pin,
	[OP_GUP_UNPIN] = exec_gup_unpin,
	[OP_FREEZE] = exec_freeze,
	[OP_MISUSE] = exec_misuse,
};

/* each op's kernel caller, for titles (world_ops' caller, else its name) */
static const char *op_caller[NR_WORLD_OPS];

__attribute__((constructor)) static void op_caller_init(void)
{
	int op;

	for (op = 0; op < NR_WORLD_OPS; op++)
		op_caller[op] = world_ops[op].caller ? world_ops[op].caller : world_ops[op].name;
}

/* CPU @t (the current one) runs record @idx */
static void run_op(int t, int idx, const struct pr_record *r)
{
	cpu_caller[t] = op_caller[r->op];
	cpu_op[t] = r->op;
	cpu_intent[t] = -1;
	oracle_set_subject(t, r->pfn < WORLD_MAX_PFNS ? head_pfn_of(r->pfn) : -1);
	trace_add(EV_OP, t, NULL, NULL, idx, r->op | r->pfn << 8 | r->arg << 16, 0);
	op_exec[r->op](t, r);
}

static void world_thread(int t)
{
	int k;

	for (k = 0; k < nthread_ops[t]; k++) {
		int i = thread_ops[t][k];

		if (sched_should_stop())
			return;
		sched_op_begin(i);
		run_op(t, i, &world_prog->rec[i]);
		sched_op_end(i);
	}
}

/* ---- setup: boot, then the program's setup records, unscheduled ---- */

static void world_reset(void)
{
	int pfn, i;

	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++) {
		page_mem_free(mem_map[pfn].__shim_mem);
		memset(&mem_map[pfn], 0, sizeof(mem_map[pfn]));
		mem_map[pfn].__shim_pfn = (unsigned int)pfn;
		buddy_order[pfn] = -1;
		lock_owner[pfn] = -1;
		pfn_online[pfn] = false;
		/* __init_single_page(): memmap init gives every page a count of 1 */
		init_page_count(&mem_map[pfn]);
		__SetPageReserved(&mem_map[pfn]);
	}
	memset(buddy_mask, 0, sizeof(buddy_mask));
	for (i = 0; i < WORLD_CACHE_SLOTS; i++)
		i_pages[i] = NULL;
	memset(contents, 0, sizeof(contents));
	memset(contents_nwrites, 0, sizeof(contents_nwrites));
	fields_reset();
	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++)	/* before the CPUs start */
		wmm_payload_store(&contents[pfn], 0);
	ledger_reset();
}

static void world_setup(void)
{
	bool keep_offline[WORLD_MAX_PFNS] = { 0 };
	int i, pfn;

	for (i = 0; i < nsetup_recs; i++)
		if (world_prog->rec[setup_recs[i]].op == OP_S_OFFLINE)
			keep_offline[world_prog->rec[setup_recs[i]].pfn] = true;
	/* memblock_free_all(): hand every online page to the buddy */
	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++)
		if (!keep_offline[pfn])
			__free_pages_core(pfn_to_page(pfn), 0);

	for (i = 0; i < nsetup_recs; i++) {
		const struct pr_record *r = &world_prog->rec[setup_recs[i]];
		int order = r->arg & 3, type = (r->arg >> 2) & 3;
		int t = r->thread, head;

		if (r->op != OP_S_PAGE && r->op != OP_S_FROZEN)
			continue;
		if (!ledger_room(t))
			continue;
		/* exactly at pfn: a setup page is placed, not searched for */
		head = r->pfn & ~((1 << order) - 1);
		if (buddy_order[head & ~3] < 0 && buddy_order[head & ~1] < 0 &&
		    buddy_order[head] < 0)
			continue;
		head = alloc_frozen_pages(t, head, order, type);
		if (head < 0 || head != (r->pfn & ~((1 << order) - 1))) {
			if (head >= 0)	/* not where asked: give it back */
				free_frozen_pages(pfn_to_page(head), order, "setup");
			continue;
		}
		if (r->op == OP_S_FROZEN) {
			ledger_add_hold(t, LH_FROZEN, head, 0, 0);
			continue;
		}
		{
			struct folio *folio = page_folio(pfn_to_page(head));
			long cache_refs = 0;
			int bg = world_bg_refs(r->arg >> 6, world_opts);
			bool hold = r->arg & 0x20, cache = (r->arg & 0x10) && type == TYPE_FILE;
			int refs = (hold ? 1 : 0) + bg;

			if (cache) {
				int idx;

				for (idx = 0; idx < WORLD_CACHE_SLOTS && i_pages[idx]; idx++)
					;
				if (idx == WORLD_CACHE_SLOTS)
					cache = false;
				else {
					i_pages[idx] = folio;
					folio->mapping = &the_mapping;
					folio->index = idx;
					field_write(FIELD_MAPPING, head, false);
					field_write(FIELD_INDEX, head, false);
					cache_refs = folio_nr_pages(folio);
					refs += (int)cache_refs;
				}
			}
			if (refs == 0) {	/* nobody would hold it: hold it */
				hold = true;
				refs = 1;
			}
			set_page_count(&folio->page, refs);
			ledger_live(head, refs);
			ledger_held_by_others(head, bg, cache_refs);
			if (hold)
				ledger_add_hold(t, LH_REF, head, 1, 0);
		}
	}
}

/* ---- quiescent checks: every thread has finished ---- */

static void world_final_checks(void)
{
	int pfn, count;

	for (pfn = 0; pfn < WORLD_MAX_PFNS; pfn++) {
		sched_suspend();
		count = page_ref_count(pfn_to_page(pfn));
		sched_resume();
		if (!oracle_quiescent(pfn, pfn_to_page(pfn), count))
			return;
	}
}

/* Boot and set up the world for @p on @v; false if setup itself found something. */
static bool world_prepare(const struct world_variant *v, const struct program *p)
{
	int n[PR_MAX_THREADS] = { 0 }, ns = 0, nrec = p->nrec, i, t;

	pr_api = v->api;
	world_prog = p;
	world_opts = p->opts;
	world_abandoned = false;
	for (t = 0; t < PR_MAX_THREADS; t++) {
		cpu_caller[t] = "setup";
		cpu_intent[t] = -1;
	}
	/* the setup records, and each thread's ops, in program order */
	for (i = 0; i < nrec; i++) {
		struct pr_record r = p->rec[i];

		if (op_is_setup(r.op))
			setup_recs[ns++] = (uint8_t)i;
		else
			thread_ops[r.thread][n[r.thread]++] = (uint8_t)i;
	}
	nsetup_recs = ns;
	for (t = 0; t < PR_MAX_THREADS; t++)
		nthread_ops[t] = n[t];
	world_reset();
	world_setup();
	return oracle_finding.verdict == VERDICT_NONE;
}

void page_ref_world_run(const struct world_variant *v, const struct program *p)
{
	if (!world_prepare(v, p))
		return;
	sched_run(p->nthreads, p->tape, p->ntape, world_thread);
	if (oracle_finding.verdict == VERDICT_NONE && !sched_stats.budget_exhausted && !world_abandoned)
		world_final_checks();
}

void page_ref_world_run_real(const struct world_variant *v, const struct program *p)
{
	if (!world_prepare(v, p))
		return;
	sched_real_run(p->nthreads, world_thread);
	if (oracle_finding.verdict == VERDICT_NONE && !world_abandoned)
		world_final_checks();
}

int page_ref_world_raw_count(int pfn)
{
	/* other CPUs may be mid-atomic on it (real-thread mode): no plain load */
	return __atomic_load_n(&mem_map[pfn]._refcount.counter, __ATOMIC_RELAXED);
}
