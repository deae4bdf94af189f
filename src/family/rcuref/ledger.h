/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rcuref family's ground truth, the ledger, and its verdicts.
 *
 * For every slot of the lookup table: the lifetime (generation) of the
 * object in it and that object's state (live, dead: a put returned true
 * and the free waits for a grace period, freed, or saturated for good),
 * and the references holders really hold; for every simulated CPU, the
 * references it believes it holds. The variant's counter is compared
 * against it, never the other way round. The world reports what happened
 * (objects.c, rcu.c); these verdicts are judge.c's, filed through the
 * oracle core (src/oracle).
 */
#ifndef PR_RCUREF_LEDGER_H
#define PR_RCUREF_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "ops.h"
#include "../../format/program.h"
#include "../../oracle/oracle.h"

enum lo_state {
	LO_EMPTY,	/* the slot never held an object */
	LO_LIVE,
	LO_DEAD,	/* a put returned true: unpublished, freed after a grace period */
	LO_FREED,
	LO_SATURATED,	/* leaked for good: the count stays in the saturation zone */
	/* what the check table sees (family.c), never stored */
	LO_AT_MAXREF,	/* live, MAXREF + 1 references held: a get would saturate */
	LO_UNSAFE_CTX,	/* live, put by a CPU outside RCU and preemptible */
	NR_LO_STATES
};

struct lobj {
	uint8_t state;		/* enum lo_state */
	uint32_t gen;		/* lifetime, bumped at every creation */
	int64_t refs;		/* references really held on this lifetime */
	int64_t bg;		/* of which setup's background holders hold */
	int64_t inflight;	/* gets and puts between their ledger entry and their atomic */
	uint32_t freed_gen;	/* last lifetime freed, for reports */
	int8_t dead_by;		/* the CPU whose put returned true */
	int8_t last_put_thread;	/* who dropped the last ledger reference */
	uint8_t last_put_op;
	int8_t seen_dead_by;	/* a CPU whose rcuref_is_dead() was true, or -1 */
};

struct lhold {
	bool used;
	uint8_t id;
	uint32_t gen;
	int64_t n;
};

struct rledger {
	struct lobj obj[RCUREF_MAX_OBJS];
	struct lhold hold[PR_MAX_THREADS][RCUREF_MAX_HOLDINGS];
};

extern struct rledger rledger;

/* ---- ledger (ledger.c) ---- */
void rledger_reset(void);
struct lhold *rledger_find(int t, int id);
struct lhold *rledger_add_hold(int t, int id, int64_t n);
void rledger_drop_hold(struct lhold *h);
bool rledger_room(int t);
const char *rledger_state_name(int state);

/* ---- the ledger's verdicts (judge.c) ---- */
struct wmm_read;
struct shim_site;
/* a held reference is used: it must be to a lifetime not yet freed */
bool rj_hold_valid(int t, const struct lhold *h, const char *caller);
/* rcuref_get() returned true on lifetime @gen of @id: account it, judge the zone */
void rj_get_succeeded(int t, int id, uint32_t gen, const char *caller);
/* rcuref_get() returned false */
void rj_get_failed(int t, int id, uint32_t gen, const char *caller);
/* rcuref_put() returned true: this CPU now destroys the object */
void rj_released(int t, int id, uint32_t gen, const char *caller);
/* rcuref_is_dead() answered @dead */
void rj_is_dead(int t, int id, uint32_t gen, bool dead, const char *caller);
/* the grace period ended: the object is freed now */
void rj_free(int t, int id, const char *caller);
/* an atomic of the variant on a freed object's counter */
void rj_use_after_free(int t, int id, uint32_t gen, const struct shim_site *site, bool write);
/* every CPU finished: the count agrees with the ledger, nothing leaked */
bool rj_quiescent(int id, unsigned int read, int is_dead);

#endif
