/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page_ref family's ground truth, the ledger, and its verdicts.
 *
 * The ledger is kept beside struct page: for every pfn, the lifetime
 * (generation) it is in, its state (free, live, frozen, tail, offline) and
 * the references that holders really hold; for every simulated thread, the
 * references it believes it holds. The variant's counter is compared
 * against it, never the other way round. The world reports what it did
 * through the functions below (ledger.c); the verdicts are judge.c's, filed
 * through the oracle core (src/oracle).
 */
#ifndef PR_PAGE_REF_LEDGER_H
#define PR_PAGE_REF_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "ops.h"
#include "../../format/program.h"
#include "../../oracle/oracle.h"

enum lp_state { LP_OFFLINE, LP_FREE, LP_LIVE, LP_FROZEN, LP_TAIL };

struct lpage {
	uint8_t state;		/* enum lp_state */
	uint8_t type;		/* enum world_type, head pages */
	uint8_t order;
	uint8_t frozen_by;	/* LP_FROZEN: owning thread, or 0xff for a freeze */
	uint32_t gen;		/* lifetime counter, bumped at every allocation */
	int64_t refs;		/* references really held on this lifetime */
	int64_t cache_refs;	/* of which the page cache holds */
	int64_t bg_refs;	/* of which setup's background holders hold */
	uint32_t freed_gen;	/* last lifetime freed, for double-free reports */
	int8_t last_put_thread;	/* who dropped the last ledger reference */
	uint8_t last_put_op;
};

enum lh_kind { LH_NONE, LH_REF, LH_PIN, LH_FROZEN };

struct lhold {
	uint8_t kind;		/* enum lh_kind */
	uint8_t pfn;		/* head pfn when taken */
	uint8_t type_seen;	/* the type the holder believes the folio has */
	uint32_t gen;
	int64_t n;		/* references held (pins: in units of the pin's nr) */
	int32_t nr_each;	/* LH_PIN: refcount units per pin */
};

struct ledger {
	struct lpage page[WORLD_MAX_PFNS];
	struct lhold hold[4][WORLD_MAX_HOLDINGS];
	/* an index kept by ledger_add_hold/ledger_drop_hold: most ops find nothing held */
	uint8_t nholds[4];			/* holdings in use, per CPU */
	uint8_t nheld[4][WORLD_MAX_PFNS][4];	/* of which on each head pfn, by enum lh_kind */
};

extern struct ledger ledger;

/* ---- the ledger's verdicts on what the world did (judge.c) ---- */
struct page;
struct wmm_read;
void oracle_bad_page(int t, const struct page *page, const char *reason, const char *caller);
/* @pfn is freed by CPU @t: double free, bad state, freed while referenced */
void oracle_free(int t, int pfn, const char *caller);
/* the freeing side runs destructor @dtor on a folio of type @type */
void oracle_destructor(int t, int pfn, int dtor, int type, const char *dtor_name, const char *caller);
/* a held reference is used: it must be to the page's current lifetime */
bool oracle_hold_valid(int t, const struct lhold *h, const char *caller);
/* a speculative get of @nr returned true: account it, check overflow */
void oracle_spec_account(int t, int head, int64_t nr, const char *caller);
/* the caller's recheck passed: the reference must be to a live page */
void oracle_spec_verify(int t, const struct page *page, int head, const char *getter, const char *caller);
/* a freeze expecting @expected succeeded: nobody else may hold one */
void oracle_frozen(int t, int pfn, int expected, const char *caller);
/*
 * a stale read of a folio's published field (weak memory; fields.c decides
 * it is older than promised and of another value): @saw and @want shown
 */
void oracle_field(int t, int pfn, const char *field, const struct wmm_read *r, const char *saw,
		  const char *want, int saw_gen, int saw_write, int want_gen, int want_write,
		  const char *after, const char *use, const char *caller);
/* every CPU finished: the count agrees with the ledger, nothing leaked */
bool oracle_quiescent(int pfn, const struct page *page, int count);

/*
 * ---- what the world reports (ledger.c): the only writes to the ledger ----
 * Each is called where the world_internal.h ordering contract says: a
 * reference given up before the call that drops it, one taken after the
 * call that took it, a page live before the atomic that lets others in.
 */
/* @npages from @pfn went to the buddy allocator: free, nobody's */
void ledger_freed_pages(int pfn, int npages);
/* __free_pages_core(): boot memory, frozen until the buddy takes it */
void ledger_onlined(int pfn);
/* alloc_frozen_pages() by CPU @t: a new lifetime of @head, frozen; its tails */
void ledger_allocated(int t, int head, int order, int type);
/* the page is live with @refs references (set_page_refcounted, setup) */
void ledger_live(int head, int64_t refs);
/* setup: background holders and the page cache hold some of them */
void ledger_held_by_others(int head, int64_t bg, int64_t cache);
/* a freeze succeeded (by split/migration: 0xff), and its unfreeze */
void ledger_frozen(int head, int by);
void ledger_unfrozen(int head);
/* the page cache takes (@n > 0) or gives up (@n < 0) references */
void ledger_cache_refs(int head, int64_t n);
/* a getter gives back the @n it took, its recheck having failed (before the put) */
void ledger_returned(int head, int64_t n);
/* CPU @t gives up @n of holding @h (before the API call that drops them) */
void ledger_put(int t, struct lhold *h, int64_t n, uint8_t op);
/* one more reference on a holding (folio_get) */
void ledger_hold_get(struct lhold *h);
/* a frozen allocation made refcounted by its owner: one reference */
void ledger_set_refcounted(struct lhold *h);
/* the type the holder believes the folio has (what its recheck saw) */
void ledger_hold_seen(struct lhold *h, int type);

/* ---- ledger ---- */
void ledger_reset(void);
/* CPU @t's holding of @kind on @head_pfn, or NULL */
static inline struct lhold *ledger_find(int t, int head_pfn, int kind)
{
	int i;

	if (!ledger.nheld[t][head_pfn][kind & 3])
		return NULL;
	for (i = 0; i < WORLD_MAX_HOLDINGS; i++) {
		struct lhold *h = &ledger.hold[t][i];

		if (h->kind == kind && h->pfn == head_pfn)
			return h;
	}
	return NULL;
}

/* room for one more holding of CPU @t */
static inline bool ledger_room(int t)
{
	return ledger.nholds[t] < WORLD_MAX_HOLDINGS;
}

struct lhold *ledger_add_hold(int t, int kind, int head_pfn, int64_t n, int32_t nr_each);
void ledger_drop_hold(struct lhold *h);
const char *lp_state_name(int state);

#endif
