// SPDX-License-Identifier: GPL-2.0
/* The ledger (ledger.h): the page_ref family's ground truth. */
#include "ledger.h"

#include <string.h>

struct ledger ledger;

static const char *const lp_names[] = { "offline", "free", "live", "frozen", "tail" };

const char *lp_state_name(int state)
{
	return state >= 0 && state <= LP_TAIL ? lp_names[state] : "?";
}

void ledger_reset(void)
{
	memset(&ledger, 0, sizeof(ledger));
}

struct lhold *ledger_add_hold(int t, int kind, int head_pfn, int64_t n, int32_t nr_each)
{
	struct lhold *h = kind == LH_PIN ? NULL : ledger_find(t, head_pfn, kind);
	struct lpage *lp = &ledger.page[head_pfn];
	int i;

	if (h && h->gen == lp->gen) {
		h->n += n;
		return h;
	}
	for (i = 0; i < WORLD_MAX_HOLDINGS && !h; i++)
		if (ledger.hold[t][i].kind == LH_NONE)
			h = &ledger.hold[t][i];
	if (!h)
		return NULL;	/* caller checks room first */
	if (h->kind == LH_NONE) {
		ledger.nholds[t]++;
		ledger.nheld[t][head_pfn][kind & 3]++;
	}
	h->kind = kind;
	h->pfn = head_pfn;
	h->type_seen = lp->type;
	h->gen = lp->gen;
	h->n = n;
	h->nr_each = nr_each;
	return h;
}

void ledger_drop_hold(struct lhold *h)
{
	int t = (int)(h - &ledger.hold[0][0]) / WORLD_MAX_HOLDINGS;

	if (h->kind != LH_NONE) {
		ledger.nholds[t]--;
		ledger.nheld[t][h->pfn][h->kind & 3]--;
	}
	memset(h, 0, sizeof(*h));
}

/* ---- what the world reports ---- */

void ledger_freed_pages(int pfn, int npages)
{
	int i;

	for (i = 0; i < npages; i++) {
		ledger.page[pfn + i].state = LP_FREE;
		ledger.page[pfn + i].refs = 0;
	}
}

void ledger_onlined(int pfn)
{
	ledger.page[pfn].state = LP_FROZEN;
}

void ledger_allocated(int t, int head, int order, int type)
{
	struct lpage *lp = &ledger.page[head];
	int i;

	for (i = 1; i < (1 << order); i++)
		ledger.page[head + i].state = LP_TAIL;
	lp->state = LP_FROZEN;
	lp->frozen_by = (uint8_t)t;
	lp->type = (uint8_t)type;
	lp->order = (uint8_t)order;
	lp->gen++;
	lp->refs = lp->cache_refs = lp->bg_refs = 0;
}

void ledger_live(int head, int64_t refs)
{
	ledger.page[head].state = LP_LIVE;
	ledger.page[head].refs = refs;
}

void ledger_held_by_others(int head, int64_t bg, int64_t cache)
{
	ledger.page[head].bg_refs = bg;
	ledger.page[head].cache_refs = cache;
}

void ledger_frozen(int head, int by)
{
	ledger.page[head].state = LP_FROZEN;
	ledger.page[head].frozen_by = (uint8_t)by;
}

void ledger_unfrozen(int head)
{
	ledger.page[head].state = LP_LIVE;
}

void ledger_cache_refs(int head, int64_t n)
{
	ledger.page[head].refs += n;
	ledger.page[head].cache_refs += n;
}

void ledger_returned(int head, int64_t n)
{
	ledger.page[head].refs -= n;
}

void ledger_put(int t, struct lhold *h, int64_t n, uint8_t op)
{
	struct lpage *lp = &ledger.page[h->pfn];

	lp->refs -= n;
	lp->last_put_thread = (int8_t)t;
	lp->last_put_op = op;
	h->n -= h->kind == LH_PIN ? 1 : n;
	if (h->n <= 0)
		ledger_drop_hold(h);
}

void ledger_hold_get(struct lhold *h)
{
	h->n++;
}

void ledger_set_refcounted(struct lhold *h)
{
	int t = (int)(h - &ledger.hold[0][0]) / WORLD_MAX_HOLDINGS;

	ledger.nheld[t][h->pfn][h->kind & 3]--;
	ledger.nheld[t][h->pfn][LH_REF]++;
	h->kind = LH_REF;
	h->n = 1;
	ledger_live(h->pfn, 1);
}

void ledger_hold_seen(struct lhold *h, int type)
{
	h->type_seen = (uint8_t)type;
}
