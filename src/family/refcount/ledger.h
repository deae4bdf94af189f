/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The refcount family's ground truth, the ledger, and its verdicts.
 *
 * For every table slot: the lifetime (generation) of the object in it, its
 * state (unused, live, dead: its last reference is gone and it is being
 * released, freed) and the references really held; for every simulated CPU,
 * the references it believes it holds, to which lifetime. The variant's
 * counter is compared against it, never the other way round. The world
 * reports what it did (ledger.c); judge.c decides, through the oracle core.
 */
#ifndef PR_REFCOUNT_LEDGER_H
#define PR_REFCOUNT_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "ops.h"
#include "../../format/program.h"
#include "../../oracle/oracle.h"

enum lo_state { LO_UNUSED, LO_LIVE, LO_DEAD, LO_FREED };

/* The states checks see (family.c): an overflowing object is a live one past the limit. */
enum rc_obj_state { RS_UNUSED, RS_LIVE, RS_DEAD, RS_FREED, RS_OVERFLOW, NR_RS };

struct lobj {
	uint8_t state;		/* enum lo_state */
	uint8_t guard;		/* enum rc_guard: what its lookups hold */
	uint32_t gen;		/* lifetime, bumped at every creation */
	int64_t refs;		/* references really held on this lifetime */
	int64_t bg_refs;	/* of which holders outside the program hold */
	uint32_t freed_gen;	/* last lifetime freed, for double-free reports */
	int8_t last_put_thread;	/* who dropped the last ledger reference */
	uint8_t last_put_op;
};

struct lhold {
	bool used;
	uint8_t id;
	uint32_t gen;
	int64_t n;		/* references held */
};

struct rc_ledger {
	struct lobj obj[RC_MAX_OBJS];
	struct lhold hold[4][RC_MAX_HOLDINGS];
};

extern struct rc_ledger rc_ledger;
/* the variant's limit (api.h), for the states checks see */
extern int64_t rc_limit;

/* ---- the ledger's verdicts on what the world did (judge.c) ---- */
struct wmm_read;
/* a held reference is used: it must be to the object's current lifetime */
bool rc_oracle_hold_valid(int t, const struct lhold *h, const char *caller);
/* the last put returned true on @id: released (not twice, not while referenced) */
void rc_oracle_release(int t, int id, const char *caller);
/* the object's memory goes back to the allocator */
void rc_oracle_free(int t, int id, const char *caller);
/* a lookup's get returned true: on a live object, within the counter's range */
void rc_oracle_got(int t, int id, int64_t nr, const char *getter, const char *caller);
/* every CPU finished: the counter agrees with the ledger, nothing leaked */
bool rc_oracle_quiescent(int id, int count);

/* ---- ledger ---- */
void rc_ledger_reset(void);
struct lhold *rc_ledger_find(int t, int id);
struct lhold *rc_ledger_add_hold(int t, int id, int64_t n);
void rc_ledger_drop_hold(struct lhold *h);
bool rc_ledger_room(int t);
const char *rc_state_name(int state);
int rc_obj_state(int id);

#endif
