/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exhaustive exploration: every schedule of one program's operations, within
 * a preemption bound, by re-running it from the start for each schedule
 * (stateless model checking). See explore.c for the reduction and why it
 * keeps every schedule's outcome.
 */
#ifndef PR_EXPLORE_H
#define PR_EXPLORE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../oracle/oracle.h"
#include "../format/program.h"
#include "family.h"

#define EXPLORE_MAX_FINDINGS	16
#define EXPLORE_UNBOUNDED	(-1)

/* What is run: one execution with the explorer's chooser installed. */
struct explore_target {
	int (*run)(void *arg);			/* returns a VERDICT_* */
	const char *(*title)(void *arg);	/* of the last run's finding */
	uint64_t (*state)(void *arg);		/* hash of the final state */
	void *arg;
};

struct explore_opts {
	int bound;		/* largest preemption bound, or EXPLORE_UNBOUNDED */
	bool all;		/* go on after a finding: every distinct title */
	bool no_reduction;	/* every schedule, no sleep sets, no DPOR */
	bool weak;		/* weak memory: reads-from choices too (reduction off) */
	long max_runs;		/* stop after so many executions (0: no limit), as interrupted */
	double progress_s;	/* progress line every so many seconds (0: none) */
	FILE *progress;
	FILE *log;		/* a line per bound finished (NULL: none) */
	volatile sig_atomic_t *stop;	/* set (by a signal): stop, keep figures */
};

struct explore_finding {
	char title[ORACLE_TITLE_MAX];
	int preemptions;
	bool fewest;		/* found by deepening: no schedule with fewer shows it */
	int ntape;
	uint8_t tape[PR_MAX_TAPE];	/* reproduces it through the tape */
};

struct explore_result {
	long runs;		/* executions, every bound */
	long schedules;		/* complete schedules at the last bound run */
	long redundant;		/* runs stopped being new: sleep-set blocked */
	long pruned;		/* branches never run: sleep sets and DPOR */
	long states;		/* distinct final states */
	int bound;		/* last bound finished; -1 none */
	bool unbounded;		/* explored without a bound */
	bool exhaustive;	/* the bound never cut a branch: all schedules */
	bool interrupted;
	bool too_deep;		/* more decisions than PR_MAX_TAPE */
	double seconds;
	int nfindings;
	struct explore_finding finding[EXPLORE_MAX_FINDINGS];
};

/* The generic explorer (tests drive it with synthetic threads). */
void explore_target(const struct explore_target *t, const struct explore_opts *o,
		    struct explore_result *r);

/* A program's operations on @v, its tape ignored; @allowed as engine_run takes it. */
void explore_program(const struct world_variant *v, const struct program *p, int allowed,
		     const struct explore_opts *o, struct explore_result *r);

/* Preemptions of @p's own tape: switches away from a thread that could go on. */
int explore_preemptions(const struct world_variant *v, const struct program *p, int allowed);

/* The verdict line: the finding, "no finding in ..." or "exhaustive: ...". */
void explore_print_verdict(FILE *out, const struct explore_result *r, int max_bound);

#endif
