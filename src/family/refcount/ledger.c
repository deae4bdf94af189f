// SPDX-License-Identifier: GPL-2.0
/* The ledger (ledger.h): the refcount family's ground truth. */
#include "ledger.h"

#include <string.h>

struct rc_ledger rc_ledger;
int64_t rc_limit;

static const char *const rs_names[NR_RS] = { "unused", "live", "dead", "freed", "overflowing" };

const char *rc_state_name(int state)
{
	return state >= 0 && state < NR_RS ? rs_names[state] : "?";
}

/*
 * The state a check sees: the ledger's, and a live object whose real
 * references are past what the counter can hold is "overflowing" (the
 * saturation checks exist for it).
 */
int rc_obj_state(int id)
{
	const struct lobj *lo;

	if (id < 0 || id >= RC_MAX_OBJS)
		return -1;
	lo = &rc_ledger.obj[id];
	switch (lo->state) {
	case LO_LIVE:
		return lo->refs > rc_limit ? RS_OVERFLOW : RS_LIVE;
	case LO_DEAD:
		return RS_DEAD;
	case LO_FREED:
		return RS_FREED;
	default:
		return RS_UNUSED;
	}
}

void rc_ledger_reset(void)
{
	memset(&rc_ledger, 0, sizeof(rc_ledger));
}

/* CPU @t's holding of @id's current lifetime, or of an older one */
struct lhold *rc_ledger_find(int t, int id)
{
	int i;

	for (i = 0; i < RC_MAX_HOLDINGS; i++) {
		struct lhold *h = &rc_ledger.hold[t][i];

		if (h->used && h->id == id)
			return h;
	}
	return NULL;
}

bool rc_ledger_room(int t)
{
	int i;

	for (i = 0; i < RC_MAX_HOLDINGS; i++)
		if (!rc_ledger.hold[t][i].used)
			return true;
	return false;
}

/* @n more references of CPU @t to @id's current lifetime */
struct lhold *rc_ledger_add_hold(int t, int id, int64_t n)
{
	const struct lobj *lo = &rc_ledger.obj[id];
	struct lhold *h = rc_ledger_find(t, id);
	int i;

	if (h && h->gen == lo->gen) {
		h->n += n;
		return h;
	}
	h = NULL;	/* an old lifetime's holding stays: its use is a use after free */
	for (i = 0; i < RC_MAX_HOLDINGS && !h; i++)
		if (!rc_ledger.hold[t][i].used)
			h = &rc_ledger.hold[t][i];
	if (!h)
		return NULL;	/* the caller checks room first */
	h->used = true;
	h->id = (uint8_t)id;
	h->gen = lo->gen;
	h->n = n;
	return h;
}

void rc_ledger_drop_hold(struct lhold *h)
{
	memset(h, 0, sizeof(*h));
}
