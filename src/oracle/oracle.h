/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Oracles: what counts as a finding, judged independently of the variant.
 * This is their core, the same for every family: a run's verdict (the
 * first finding of a run wins and stops the run, as panic_on_warn), and
 * the header's own checks (checks.c). What a family's world did is judged
 * by the family's own oracles against its ground truth (page_ref: the
 * ledger, src/family/page_ref/ledger.h), which file their findings here.
 */
#ifndef PR_ORACLE_H
#define PR_ORACLE_H

#include <stdbool.h>
#include <stdint.h>

#include "../format/program.h"

#define ORACLE_TITLE_MAX	160
#define ORACLE_REPORT_MAX	2048

enum run_verdict {
	VERDICT_NONE,		/* nothing found */
	VERDICT_FINDING,	/* a bug: title set */
	VERDICT_EXPECTED,	/* misuse mode: the variant's check caught the misuse */
};

/* ---- findings ---- */
struct finding {
	int verdict;
	char title[ORACLE_TITLE_MAX];
	char report[ORACLE_REPORT_MAX];	/* dump_page and details */
	int thread;
	int step;			/* trace position */
};

extern struct finding oracle_finding;

#define ORACLE_WITNESSES	3
#define ORACLE_MAX_MISUSE	16

/*
 * What the core asks of the family of the run (src/harness/family.h; the
 * engine sets oracle_fam per run): the object a check names (a struct page
 * *, say) and the state its ground truth gives it now; witness[state] >= 0
 * for a state a check exists to catch, a column of the check table named
 * witness_names[]; the misuse kinds of its op table; how a report shows an
 * object (dump_page).
 */
struct oracle_family {
	int (*obj_of)(const void *obj);
	int (*obj_state)(int obj);
	const char *(*state_name)(int state);
	const char *noun, *key;		/* "page", "pfn": how findings name an object */
	const int8_t *witness;
	int nstates;
	const char *witness_names[ORACLE_WITNESSES];
	const char *const *misuse_names;
	int nmisuse;
	void (*dump)(const void *obj, const char *reason);
};

extern const struct oracle_family *oracle_fam;

void oracle_reset(void);
/* Record a finding (if none yet) and stop the run. */
void oracle_fail(int thread, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append a line to the report of the current finding. */
void oracle_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Misuse mode: the variant's check fired as it should. */
void oracle_expected(int thread, const char *what);
/*
 * Under the weak model: CPU @t read object @obj's contents (@r, from
 * wmm_payload_load) after @after; older than @promise promises is "BUG:
 * stale <noun> contents after @after in @caller". Nothing if @r is fresh.
 */
struct wmm_read;
/* Who wrote a value a report names: "CPU<n>", or "setup" (@cpu < 0), in @buf. */
const char *oracle_writer(int cpu, char buf[16]);
void oracle_contents(int t, int obj, const struct wmm_read *r, const char *promise,
		     const char *after, const char *caller);

/* ---- the header's checks and misuse (checks.c) ---- */
struct shim_check;
#include <stdio.h>

/* Every run: no misuse in progress, no subject page. */
void oracle_checks_reset_run(void);
/* The object thread @t's current op works on (for checks that name none). */
extern int oracle_subject[PR_MAX_THREADS];
static inline void oracle_set_subject(int t, int obj)
{
	if ((unsigned int)t < PR_MAX_THREADS)
		oracle_subject[t] = obj;
}
/* Misuse mode: around the misused API call (see checks.c). */
void oracle_misuse_begin(int t, int kind, int obj);
bool oracle_misuse_active(int t);
void oracle_misuse_clear(int t);
int oracle_misuse_kind_of(int t);
/*
 * The call returned without a check firing. @gen_promise: what the API
 * generation promises for this misuse, or NULL. Returns true (and files the
 * finding) when it was promised; false: unchecked, counted.
 */
bool oracle_misuse_end(int t, const char *api, const char *obj_state, const char *gen_promise);
/* Sites compiled into translation unit @tu (NULL: all), by file and line. */
int oracle_checks_list(const void *tu, struct shim_check **out, int max);
bool oracle_check_is_dead(const struct shim_check *c);
/* Every site's counts back to zero (a table per input). */
void oracle_checks_clear(void);
/* The check table: summary lines, and with @full every site. */
void oracle_checks_print(FILE *f, const void *tu, const struct oracle_family *of, bool full);
extern unsigned long oracle_unchecked[ORACLE_MAX_MISUSE];
/* Off: runs leave the table alone (a replay's repeated runs). */
extern bool oracle_checks_counting;

#endif
