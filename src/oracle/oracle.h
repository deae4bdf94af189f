/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Oracles: what counts as a finding, judged independently of the variant.
 *
 * The ledger is the ground truth the world keeps beside struct page: for
 * every pfn, the lifetime (generation) it is in, its state (free, live,
 * frozen, tail, offline) and the references that holders really hold; for
 * every simulated thread, the references it believes it holds. The variant's
 * counter is compared against it, never the other way round.
 *
 * The first finding of a run wins and stops the run (panic_on_warn).
 */
#ifndef PR_ORACLE_H
#define PR_ORACLE_H

#include <stdbool.h>
#include <stdint.h>

#include "../format/program.h"
#include "../world/ops.h"

#define ORACLE_TITLE_MAX	160
#define ORACLE_REPORT_MAX	2048

enum run_verdict {
	VERDICT_NONE,		/* nothing found */
	VERDICT_FINDING,	/* a bug: title set */
	VERDICT_EXPECTED,	/* misuse mode: the variant's check caught the misuse */
};

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
};

extern struct ledger ledger;

/* ---- findings ---- */
struct finding {
	int verdict;
	char title[ORACLE_TITLE_MAX];
	char report[ORACLE_REPORT_MAX];	/* dump_page and details */
	int thread;
	int step;			/* trace position */
};

extern struct finding oracle_finding;

struct world_variant;
/* The variant being run, for dump_page. */
extern const struct world_variant *oracle_world;

void oracle_reset(void);
/* Record a finding (if none yet) and stop the run. */
void oracle_fail(int thread, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append a line to the report of the current finding. */
void oracle_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Misuse mode: the variant's check fired as it should. */
void oracle_expected(int thread, const char *what);

/* ---- the header's checks and misuse (checks.c) ---- */
struct shim_check;
#include <stdio.h>

/* Every run: no misuse in progress, no subject page. */
void oracle_checks_reset_run(void);
/* The page thread @t's current op works on (for checks that name none). */
void oracle_set_subject(int t, int pfn);
/* Misuse mode: around the misused API call (see checks.c). */
void oracle_misuse_begin(int t, int kind, int pfn);
bool oracle_misuse_active(int t);
void oracle_misuse_clear(int t);
int oracle_misuse_kind_of(int t);
/*
 * The call returned without a check firing. @gen_promise: what the API
 * generation promises for this misuse, or NULL. Returns true (and files the
 * finding) when it was promised; false: unchecked, counted.
 */
bool oracle_misuse_end(int t, const char *api, const char *page_state, const char *gen_promise);
/* Sites compiled into translation unit @tu (NULL: all), by file and line. */
int oracle_checks_list(const void *tu, struct shim_check **out, int max);
bool oracle_check_is_dead(const struct shim_check *c);
/* The check table: summary lines, and with @full every site. */
void oracle_checks_print(FILE *f, const void *tu, bool full);
extern unsigned long oracle_unchecked[NR_WORLD_MISUSE];
/* Off: runs leave the table alone (a replay's repeated runs). */
extern bool oracle_checks_counting;

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
/* a read of a page's contents (weak memory): older than promised? */
void oracle_contents(int t, int pfn, const struct wmm_read *r, const char *after, const char *caller);
/* every CPU finished: the count agrees with the ledger, nothing leaked */
bool oracle_quiescent(int pfn, const struct page *page, int count);

/* ---- ledger ---- */
void ledger_reset(void);
struct lhold *ledger_find(int t, int head_pfn, int kind);
struct lhold *ledger_add_hold(int t, int kind, int head_pfn, int64_t n, int32_t nr_each);
void ledger_drop_hold(struct lhold *h);
const char *lp_state_name(int state);

#endif
