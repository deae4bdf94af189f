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

struct lhold *ledger_find(int t, int head_pfn, int kind)
{
	int i;

	for (i = 0; i < WORLD_MAX_HOLDINGS; i++) {
		struct lhold *h = &ledger.hold[t][i];

		if (h->kind == kind && h->pfn == head_pfn)
			return h;
	}
	return NULL;
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
	memset(h, 0, sizeof(*h));
}
