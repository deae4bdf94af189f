// SPDX-License-Identifier: GPL-2.0
/*
 * The weak memory model: an operational, view-based model of the kernel's
 * ordering rules (Documentation/atomic_t.txt, tools/memory-model), run by
 * the same deterministic fibers as the sequentially consistent engine.
 *
 * Why it is built this way (the contract every user relies on):
 *  - Every location (an atomic_t, a page's published contents) keeps its
 *    last WMM_HIST stores in modification order, which is the order the
 *    stores executed in. Each store records its writer and the view it
 *    releases, if any.
 *  - A view says, per location, the oldest store a CPU may still read. Each
 *    simulated CPU keeps one: it grows with what the CPU reads and writes
 *    (coherence) and with the views it acquires (happens-before), so a
 *    release also carries what its CPU has observed (cumulativity). A plain,
 *    relaxed or acquire load may read any store its view allows. *Which* one is a choice
 *    read from the input's tape (sched_choose_value), so the same input
 *    gives the same execution: replay, minimisation and the corpus work as
 *    under SC. Byte 7 ('-') and an exhausted tape read the newest store.
 *  - RMWs read the newest store. Release stores (and RMWs, which continue
 *    the release sequence of the store they read) carry the writer's view;
 *    an acquire that reads them joins it. A relaxed read's view waits in
 *    "acq" for a later smp_rmb or full fence.
 *  - smp_mb() and every fully ordered RMW (an implicit smp_mb() before and
 *    after, only when it succeeds) are acquire-release operations on one
 *    global fence location: fences are totally ordered in execution order
 *    and each sees what the earlier ones saw (as strong as the LKMM for
 *    SB, stronger where two barriers never communicate). smp_wmb() makes
 *    later stores carry the CPU's own earlier stores (it is not
 *    A-cumulative); smp_rmb() acquires what earlier relaxed reads saw;
 *    smp_mb__before_atomic() is a full barrier before the CPU's next RMW,
 *    smp_mb__after_atomic() one only after an RMW (a failed one too).
 *  - Beside the real clock each CPU keeps a *contract* clock, computed as if
 *    every API call the world makes were exactly as ordered as documented
 *    (wmm_api_begin: a try_get fully ordered on success, a put fully
 *    ordered, an unfreeze a release), and whose barriers promise only what
 *    reads-from carries (never the global fence order, which the LKMM does
 *    not promise). A published read older than what the
 *    contract clock promises is the variant's ordering bug: the judgement
 *    compares the header with the documented API, not with a guess.
 *  - The world's kernel locks (zone lock, i_pages, folio lock) synchronise
 *    both clocks (wmm_lock_*); a lock taken after an unlock also orders the
 *    CPU's accesses before it with those after it for every CPU (the LKMM's
 *    po-unlock-lock-po), on the real clock.
 *  - Sound to the LKMM, checked rather than argued: src/litmus runs litmus
 *    tests on this model and checks every execution it reaches against the
 *    LKMM's axioms (docs/weak-memory.md): none forbidden on the kernel's 47
 *    tests, our own and 2,000 generated ones.
 * Deliberate limits (docs/weak-memory.md, "What stays unreachable"): stores
 * enter modification order when they execute and RMWs read the newest
 * store, and loads never read from stores that have not executed yet; the
 * litmus interpreter adds early stores (LB, S, 2+2W) for litmus tests only.
 * Why one file: the views, the stores' history and the lock and contract
 * clocks are one model's state, and every rule above touches several; the
 * orderings table, which only observes, lives apart (orderings.c).
 */
#include "wmm.h"

#include "../abi/shim_abi.h"
#include <string.h>
#include <stdlib.h>

#define WMM_HIST	8	/* stores kept per location (Loom keeps 7) */
#define WMM_LOCS	32	/* locations touched in one run (hashed) */
#define WMM_LOCKS	16
#define NT		WMM_MAX_THREADS

/* A view: per location, the oldest store (its seq) a CPU may still read. */
struct vclock {
	uint32_t c[WMM_LOCS];
};

struct wstore {
	int value;
	int sid;		/* store id in this run; 0: written before the CPUs started */
	int8_t tid;		/* -1: written before the CPUs started */
	bool has_msg, has_cmsg;
	struct vclock msg, cmsg;	/* released views: real, contract */
};

struct wloc {
	const void *addr;
	uint32_t n;		/* stores so far; the newest has seq n - 1 */
	struct wstore h[WMM_HIST];
};

struct wthread {
	struct vclock vc, cvc;		/* happens-before: real, contract */
	struct vclock acq, cacq;	/* seen by relaxed reads, not yet acquired */
	struct vclock rel, crel;	/* what this CPU's later stores carry (fences, unlock+lock) */
	bool has_rel, has_crel;
	struct vclock own;		/* its own newest store per location (smp_wmb) */
	bool did_rmw;			/* an RMW ran, failed ones too (smp_mb__after_atomic) */
	bool before_atomic;		/* smp_mb__before_atomic waits for the next RMW */
	bool did_unlock;		/* it released a lock (po-unlock-lock-po) */
	/* the API call in progress (the world's, outermost) */
	int depth;
	int contract;
	struct vclock api_reads;	/* contract views read during the call */
	struct vclock api_cvc;		/* the contract clock when it began */
	int napi_stores;		/* its stores: released only if it succeeds */
	struct { int li; uint32_t seq; } api_store[4];
	int read_sid, write_sid;	/* the last store read, and written (wmm_last) */
};

/* Outside any run (tests of the model alone): one CPU, the newest store. */
static int env_none_current(void)
{
	return -1;
}

static int env_none_choose(int n)
{
	return 0;
}

static void env_none_note(int t, const char *fmt, int a, int b)
{
}

static const struct wmm_env env_none = { env_none_current, env_none_choose, env_none_note };

bool wmm_enabled;

static struct {
	const struct wmm_env *env;
	int nused;
	uint8_t used[WMM_LOCS];		/* locations to clear at the next reset */
	struct wloc loc[WMM_LOCS];
	struct wthread th[NT];
	struct vclock fence;
	struct vclock lock[WMM_LOCKS], clock[WMM_LOCKS];
	uint32_t released;		/* locks released at least once in this run */
	int next_sid;
} W = { .env = &env_none };

static void vjoin(struct vclock *a, const struct vclock *b)
{
	int i;

	for (i = 0; i < WMM_LOCS; i++)
		if (b->c[i] > a->c[i])
			a->c[i] = b->c[i];
}

/* The access log (wmm_log): what litmus out turns into a litmus test. */
static struct {
	bool on;
	int n;
	struct wmm_access a[WMM_LOG_MAX];
} L;

static void log_add(int kind, int t, const struct shim_site *site, const void *addr, int read,
		    int written, bool stored)
{
	struct wmm_access *a;

	if (!L.on || L.n == WMM_LOG_MAX)
		return;
	a = &L.a[L.n++];
	a->kind = (uint8_t)kind;
	a->thread = (int8_t)t;
	a->site = site;
	a->addr = addr;
	a->read = read;
	a->written = written;
	a->stored = stored;
}

void wmm_log(bool on)
{
	L.on = on;
}

int wmm_log_get(const struct wmm_access **a)
{
	*a = L.a;
	return L.n;
}

/* Per run: only what the last run touched is cleared (a run costs little). */
void wmm_reset(bool weak)
{
	int i;

	for (i = 0; i < W.nused; i++)
		W.loc[W.used[i]].addr = NULL;
	W.nused = 0;
	memset(W.th, 0, sizeof(W.th));
	memset(&W.fence, 0, sizeof(W.fence));
	memset(W.lock, 0, sizeof(W.lock));
	memset(W.clock, 0, sizeof(W.clock));
	W.next_sid = 1;
	W.released = 0;
	L.n = 0;
	wmm_enabled = weak;
}

static int cur(void)
{
	return W.env->current();
}

void wmm_set_env(const struct wmm_env *env)
{
	W.env = env ? env : &env_none;
}

/* The location of @addr, created with its current value as initial store. */
static int loc_of(const void *addr, int value)
{
	uintptr_t k = (uintptr_t)addr;
	int i = (int)((k >> 2) ^ (k >> 9)) & (WMM_LOCS - 1), n;

	for (n = 0; n < WMM_LOCS; n++, i = (i + 1) & (WMM_LOCS - 1)) {
		struct wloc *l = &W.loc[i];

		if (l->addr == addr)
			return i;
		if (!l->addr) {
			l->addr = addr;
			l->n = 1;
			memset(&l->h[0], 0, sizeof(l->h[0]));
			l->h[0].value = value;
			l->h[0].tid = -1;
			W.used[W.nused++] = (uint8_t)i;
			log_add(WMM_A_INIT, -1, NULL, addr, 0, value, true);
			return i;
		}
	}
	return -1;	/* full: treated as sequentially consistent */
}

static struct wstore *at(struct wloc *l, uint32_t seq)
{
	return &l->h[seq % WMM_HIST];
}

/*
 * Oldest seq of @l that CPU @t may read: its view, which holds both
 * coherence (what it read or wrote there) and happens-before (what the
 * views it acquired say), and the history kept.
 */
static uint32_t oldest_readable(struct wthread *th, int li)
{
	struct wloc *l = &W.loc[li];
	uint32_t lo = th->vc.c[li];

	if (l->n > WMM_HIST && lo < l->n - WMM_HIST)
		lo = l->n - WMM_HIST;
	return lo;
}

/* smp_mb(): on the real clock (@real), the contract clock (@contract), or both. */
static void fence2(struct wthread *th, bool real, bool contract_too)
{
	if (real) {
		vjoin(&th->vc, &th->acq);
		vjoin(&th->vc, &W.fence);
		W.fence = th->vc;
		th->rel = th->vc;
		th->has_rel = true;
	}
	/*
	 * The contract's smp_mb() promises only what reads-from carries: an
	 * acquire of what was read and a release of what was seen. It is not
	 * joined through the global fence order, which is stronger than the
	 * LKMM (two CPUs' barriers order nothing without a store one of them
	 * reads), so a promise is never one the kernel does not make.
	 */
	if (contract_too) {
		vjoin(&th->cvc, &th->cacq);
		th->crel = th->cvc;
		th->has_crel = true;
	}
}

static void fence(struct wthread *th, bool contract_too)
{
	fence2(th, true, contract_too);
}

static bool in_api(const struct wthread *th)
{
	return th->depth > 0;
}

/* What reading @s does to both clocks, for a read of ordering @ord. */
static void read_views(struct wthread *th, const struct wstore *s, int ord)
{
	bool acquire = ord == SHIM_ORDER_ACQUIRE || ord == SHIM_ORDER_FULL;

	if (s->has_msg)
		vjoin(acquire ? &th->vc : &th->acq, &s->msg);
	if (!s->has_cmsg)
		return;
	if (in_api(th))
		vjoin(&th->api_reads, &s->cmsg);	/* settled at wmm_api_end */
	else
		vjoin(acquire ? &th->cvc : &th->cacq, &s->cmsg);
}

static void append(struct wthread *th, int t, int li, int value, int ord,
		   const struct wstore *rmw_from)
{
	struct wloc *l = &W.loc[li];
	struct wstore *s = at(l, l->n);
	bool release = ord == SHIM_ORDER_RELEASE || ord == SHIM_ORDER_FULL;
	bool crelease = in_api(th) ? th->contract == WMM_C_FULL || th->contract == WMM_C_RELEASE : release;

	th->vc.c[li] = th->cvc.c[li] = th->own.c[li] = l->n;	/* its own store: program order */
	memset(s, 0, sizeof(*s));
	s->value = value;
	s->tid = (int8_t)t;
	s->sid = th->write_sid = W.next_sid++;
	if (release || th->has_rel) {
		s->msg = release ? th->vc : th->rel;
		s->has_msg = true;
	}
	if (crelease || th->has_crel) {
		s->cmsg = crelease ? th->cvc : th->crel;
		s->has_cmsg = true;
	}
	/* an RMW continues the release sequence of the store it read */
	if (rmw_from && rmw_from->has_msg) {
		vjoin(&s->msg, &rmw_from->msg);
		s->has_msg = true;
	}
	if (rmw_from && rmw_from->has_cmsg) {
		vjoin(&s->cmsg, &rmw_from->cmsg);
		s->has_cmsg = true;
	}
	if (in_api(th) && th->contract == WMM_C_FULL_ON_SUCCESS && th->napi_stores < 4) {
		th->api_store[th->napi_stores].li = li;
		th->api_store[th->napi_stores++].seq = l->n;
	}
	l->n++;
}

/* ---- the shim's accesses ---- */

int wmm_load(const struct shim_site *site, const void *addr, int latest)
{
	int t = cur(), li, k;
	struct wthread *th;
	struct wloc *l;
	uint32_t lo, seq;

	if (!wmm_enabled || t < 0 || (li = loc_of(addr, latest)) < 0)
		return latest;
	th = &W.th[t];
	l = &W.loc[li];
	lo = oldest_readable(th, li);
	k = (int)(l->n - lo);
	if (k > WMM_MAX_CHOICES)
		k = WMM_MAX_CHOICES;
	k = W.env->choose(k);
	seq = l->n - 1 - (uint32_t)k;
	th->vc.c[li] = seq;	/* coherence: never older again */
	if (th->cvc.c[li] < seq)
		th->cvc.c[li] = seq;
	if (k) {
		const struct wstore *s = at(l, seq);

		if (s->tid < 0)
			W.env->note(t, "  (weak: reads setup's store, %d newer hidden)", k, 0);
		else
			W.env->note(t, "  (weak: reads CPU%d's store, %d newer hidden)", s->tid, k);
	}
	read_views(th, at(l, seq), site->order);
	th->read_sid = at(l, seq)->sid;
	log_add(WMM_A_LOAD, t, site, addr, at(l, seq)->value, 0, false);
	return at(l, seq)->value;
}

void wmm_store(const struct shim_site *site, const void *addr, int value)
{
	int t = wmm_enabled ? cur() : -1, li;

	if (!wmm_enabled || (li = loc_of(addr, value)) < 0)
		return;
	if (t < 0) {	/* before the CPUs start: everybody sees it */
		struct wloc *l = &W.loc[li];

		l->n = 1;
		memset(&l->h[0], 0, sizeof(l->h[0]));
		l->h[0].value = value;
		l->h[0].tid = -1;
		log_add(WMM_A_INIT, -1, site, addr, 0, value, true);
		return;
	}
	append(&W.th[t], t, li, value, site->order, NULL);
	log_add(WMM_A_STORE, t, site, addr, 0, value, true);
}

void wmm_rmw(const struct shim_site *site, const void *addr, int value, bool stored)
{
	int t = cur(), li, ord = site->order;
	struct wthread *th;
	struct wloc *l;
	struct wstore from;

	if (!wmm_enabled || (li = loc_of(addr, value)) < 0)
		return;
	if (t < 0)
		return wmm_store(site, addr, value);
	th = &W.th[t];
	l = &W.loc[li];
	if (!stored)
		ord = SHIM_ORDER_RELAXED;	/* a failed cmpxchg orders nothing */
	if (th->before_atomic) {	/* smp_mb__before_atomic(): a barrier before this RMW */
		th->before_atomic = false;
		fence(th, !in_api(th));
	}
	th->did_rmw = true;
	if (ord == SHIM_ORDER_FULL)
		fence(th, !in_api(th));
	from = *at(l, l->n - 1);
	th->read_sid = from.sid;
	th->vc.c[li] = l->n - 1;
	if (th->cvc.c[li] < l->n - 1)
		th->cvc.c[li] = l->n - 1;
	read_views(th, &from, ord);
	if (stored)
		append(th, t, li, value, ord, &from);
	log_add(WMM_A_RMW, t, site, addr, from.value, value, stored);
	if (ord == SHIM_ORDER_FULL)
		fence(th, !in_api(th));
}

/* smp_mb, smp_rmb, smp_wmb, smp_mb__{before,after}_atomic (site->op) */
void wmm_fence(const struct shim_site *site)
{
	int t = wmm_enabled ? cur() : -1;
	struct wthread *th;
	bool c;

	if (!wmm_enabled || t < 0)
		return;
	th = &W.th[t];
	c = !in_api(th);
	log_add(WMM_A_FENCE, t, site, NULL, 0, 0, false);
	if (!strcmp(site->op, "smp_rmb")) {
		vjoin(&th->vc, &th->acq);
		if (c)
			vjoin(&th->cvc, &th->cacq);
	} else if (!strcmp(site->op, "smp_wmb")) {
		/* later stores carry this CPU's earlier stores, not what it read */
		vjoin(&th->rel, &th->own);
		th->has_rel = true;
		if (c) {
			vjoin(&th->crel, &th->own);
			th->has_crel = true;
		}
	} else if (!strcmp(site->op, "smp_mb__before_atomic")) {
		th->before_atomic = true;	/* orders nothing until an RMW comes */
	} else if (!strcmp(site->op, "smp_mb__after_atomic")) {
		if (th->did_rmw)		/* a barrier only after an RMW */
			fence(th, c);
	} else {
		fence(th, c);
	}
}

/* ---- what a run did, for the litmus runner's execution graph ---- */

void wmm_last(int *read_sid, int *write_sid)
{
	int t = cur();

	*read_sid = *write_sid = -1;
	if (!wmm_enabled || t < 0)
		return;
	*read_sid = W.th[t].read_sid;
	*write_sid = W.th[t].write_sid;
}

int wmm_mo(const void *addr, int *sids, int max)
{
	int li, k = 0;
	uint32_t seq;
	struct wloc *l;

	for (li = 0; li < WMM_LOCS; li++)
		if (W.loc[li].addr == addr)
			break;
	if (li == WMM_LOCS)
		return 0;
	l = &W.loc[li];
	if (l->n > WMM_HIST)
		return -1;	/* the oldest stores are gone */
	for (seq = 0; seq < l->n && k < max; seq++)
		sids[k++] = at(l, seq)->sid;
	return k;
}

/* ---- the world's locks and API calls ---- */

void wmm_lock_acquire_on(int lock)
{
	int t = wmm_enabled ? cur() : -1;
	struct wthread *th;

	if (!wmm_enabled || t < 0)
		return;
	lock %= WMM_LOCKS;
	th = &W.th[t];
	log_add(WMM_A_LOCK, t, NULL, NULL, lock, 0, false);
	vjoin(&th->vc, &W.lock[lock]);
	vjoin(&th->cvc, &W.clock[lock]);
	/*
	 * po-unlock-lock-po: a lock taken after an unlock (this CPU's, or the
	 * one it takes the lock from) orders the CPU's accesses before it
	 * with those after it, also for CPUs that never take the lock: what
	 * it read is acquired, and its later stores carry what it has seen.
	 * The contract clock is left as it was (promises only release/acquire).
	 */
	if (th->did_unlock || (W.released >> lock & 1)) {
		vjoin(&th->vc, &th->acq);
		vjoin(&th->rel, &th->vc);
		th->has_rel = true;
	}
}

void wmm_lock_release_on(int lock)
{
	int t = wmm_enabled ? cur() : -1;

	if (!wmm_enabled || t < 0)
		return;
	lock %= WMM_LOCKS;
	log_add(WMM_A_UNLOCK, t, NULL, NULL, lock, 0, false);
	vjoin(&W.lock[lock], &W.th[t].vc);
	vjoin(&W.clock[lock], &W.th[t].cvc);
	W.th[t].did_unlock = true;
	W.released |= 1u << lock;
}

void wmm_api_begin(const char *api, enum wmm_contract c)
{
	int t;
	struct wthread *th;

	if (!wmm_enabled || (t = cur()) < 0)
		return;
	th = &W.th[t];
	if (th->depth++)
		return;
	th->contract = (int)c;
	th->napi_stores = 0;
	memset(&th->api_reads, 0, sizeof(th->api_reads));
	if (c == WMM_C_FULL) {
		fence2(th, false, true);	/* the contract's own smp_mb() */
	} else if (c == WMM_C_FULL_ON_SUCCESS) {
		th->api_cvc = th->cvc;		/* its smp_mb(), if it succeeds: at the end */
	} else if (c == WMM_C_RELEASE) {
		th->crel = th->cvc;
		th->has_crel = true;
	}
}

void wmm_api_end(bool success)
{
	int t;
	struct wthread *th;

	if (!wmm_enabled || (t = cur()) < 0)
		return;
	th = &W.th[t];
	if (!th->depth || --th->depth)
		return;
	if (th->contract == WMM_C_FULL_ON_SUCCESS && success) {
		int i;

		/* the barrier before: its stores release what came before the call */
		for (i = 0; i < th->napi_stores; i++) {
			struct wloc *l = &W.loc[th->api_store[i].li];
			struct wstore *st = at(l, th->api_store[i].seq);

			if (l->n > WMM_HIST && th->api_store[i].seq < l->n - WMM_HIST)
				continue;
			vjoin(&st->cmsg, &th->api_cvc);
			st->has_cmsg = true;
		}
		vjoin(&th->cvc, &th->cacq);
	}
	if (th->contract == WMM_C_FULL || (th->contract == WMM_C_FULL_ON_SUCCESS && success)) {
		vjoin(&th->cvc, &th->api_reads);
		fence2(th, false, true);
	} else {
		vjoin(&th->cacq, &th->api_reads);
	}
}

/* ---- published plain accesses ---- */

static const struct shim_site payload_site = { "payload", "page", __FILE__, __LINE__, SHIM_ORDER_NONE };

bool wmm_is_payload(const struct shim_site *s)
{
	return s == &payload_site;
}

void wmm_payload_store_on(const void *addr, int token)
{
	wmm_store(&payload_site, addr, token);
}

void wmm_payload_init(const void *addr, int initial)
{
	if (wmm_enabled)
		loc_of(addr, initial);
}

void wmm_payload_load(const void *addr, struct wmm_read *r)
{
	int t = wmm_enabled ? cur() : -1, li;
	struct wthread *th;
	struct wloc *l;
	uint32_t seq, promised;

	memset(r, 0, sizeof(*r));
	r->writer = r->promised_writer = -1;
	if (!wmm_enabled || t < 0 || (li = loc_of(addr, 0)) < 0)
		return;
	th = &W.th[t];
	l = &W.loc[li];
	/* the newest store the documented orderings promise this CPU */
	promised = th->cvc.c[li];
	if (l->n > WMM_HIST && promised < l->n - WMM_HIST)
		promised = l->n - WMM_HIST;
	r->value = wmm_load(&payload_site, addr, at(l, l->n - 1)->value);
	seq = th->vc.c[li];
	r->writer = at(l, seq)->tid;
	r->promised = at(l, promised)->value;
	r->promised_writer = at(l, promised)->tid;
	r->stale = seq < promised;
}
