// SPDX-License-Identifier: GPL-2.0
/* The ledger (ledger.h): the rcuref family's ground truth. */
#include "ledger.h"

#include <string.h>

struct rledger rledger;

static const char *const lo_names[NR_LO_STATES] = {
	"empty", "live", "dead", "freed", "saturated", "live at MAXREF", "live, put outside RCU",
};

const char *rledger_state_name(int state)
{
	return state >= 0 && state < NR_LO_STATES ? lo_names[state] : "?";
}

void rledger_reset(void)
{
	int id;

	memset(&rledger, 0, sizeof(rledger));
	for (id = 0; id < RCUREF_MAX_OBJS; id++) {
		rledger.obj[id].dead_by = -1;
		rledger.obj[id].seen_dead_by = -1;
		rledger.obj[id].last_put_thread = -1;
	}
}

/* CPU @t's holding of object @id's current lifetime, or of an older one. */
struct lhold *rledger_find(int t, int id)
{
	int i;

	for (i = 0; i < RCUREF_MAX_HOLDINGS; i++) {
		struct lhold *h = &rledger.hold[t][i];

		if (h->used && h->id == id)
			return h;
	}
	return NULL;
}

bool rledger_room(int t)
{
	int i;

	for (i = 0; i < RCUREF_MAX_HOLDINGS; i++)
		if (!rledger.hold[t][i].used)
			return true;
	return false;
}

struct lhold *rledger_add_hold(int t, int id, int64_t n)
{
	struct lhold *h = rledger_find(t, id);
	int i;

	if (h && h->gen == rledger.obj[id].gen) {
		h->n += n;
		return h;
	}
	h = NULL;
	for (i = 0; i < RCUREF_MAX_HOLDINGS && !h; i++)
		if (!rledger.hold[t][i].used)
			h = &rledger.hold[t][i];
	if (!h)
		return NULL;	/* callers check room first */
	h->used = true;
	h->id = (uint8_t)id;
	h->gen = rledger.obj[id].gen;
	h->n = n;
	return h;
}

void rledger_drop_hold(struct lhold *h)
{
	memset(h, 0, sizeof(*h));
}
