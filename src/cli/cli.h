/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pageref tool: its commands (one function each, dispatched by main.c)
 * and the helpers they share (common.c).
 */
#ifndef PR_CLI_H
#define PR_CLI_H

#include "../harness/scenario.h"
#include "../harness/family.h"

#include <stdint.h>
#include <stdio.h>

/*
 * Each command: argv[1] is its name; 0 success or nothing found, 1 a
 * finding (or a failed check), 2 bad usage or input.
 */
int cli_list(int argc, char **argv);		/* main.c */
int cli_replay(int argc, char **argv);		/* replay.c */
int cli_check(int argc, char **argv);
int cli_checks(int argc, char **argv);
int cli_stress(int argc, char **argv);		/* run.c */
int cli_bench(int argc, char **argv);
int cli_threads(int argc, char **argv);
int cli_orderings(int argc, char **argv);	/* orderings.c */
int cli_canon(int argc, char **argv);		/* corpus.c */
int cli_compile(int argc, char **argv);
int cli_decompile(int argc, char **argv);
int cli_minimize(int argc, char **argv);
int cli_regress(int argc, char **argv);
int cli_explore(int argc, char **argv);		/* explore.c: its own flags */
int cli_file(int argc, char **argv);		/* file.c */
int cli_litmus(int argc, char **argv);		/* litmus.c: its own flags */
int cli_litmus_gen(int argc, char **argv);
int cli_litmus_trace(int argc, char **argv);

/* The flags every command but explore takes, parsed by cli_parse. */
struct cli_opts {
	const char *cmd;		/* argv[1] */
	const struct family *fam;	/* --api (default: the first family) */
	const char *api, *class;	/* as given, or NULL */
	const char *variant, *world, *save, *baseline, *checks_out;
	long runs, seed, threads, ops, repeat;
	int quiet, allowed, all_variants, real, memflags, lkml;
	char **files;			/* the arguments that are not flags */
	int nfiles;
};

/*
 * Parse argv[2..] and set up the scheduler. NULL: bad usage, the message
 * printed (the command returns 2); a bad number exits 2 itself. The options
 * are static: one parse per process.
 */
struct cli_opts *cli_parse(int argc, char **argv);

/* The variant called @name; exits 2 if none (or no --variant). */
const struct world_variant *cli_need_variant(const char *name);
/* The shipped variants; mutants and tests exist for the scoreboard and the suite. */
int cli_builtin_variant(const struct world_variant *v);
/* @v is of registry class @class (src/family/<name>/variants.txt). */
int cli_has_class(const struct world_variant *v, const char *class);
int cli_has_suffix(const char *s, const char *suf);
/* A whole file (malloc'd); exits 2 if unreadable. */
uint8_t *cli_read_file(const char *path, size_t *size);
/*
 * A binary input or a scenario, as bytes. Exits 2 with file:line on error.
 * A scenario's schedule is resolved against @v; @sc (may be NULL) receives
 * the parsed scenario.
 */
uint8_t *cli_load_input(const char *path, size_t *size, struct scenario *sc);
uint8_t *cli_load_input_for(const char *path, size_t *size, struct scenario *sc,
			    const struct world_variant *v);
/*
 * Arguments with every directory replaced by its regular files, sorted
 * (cli_free_list); a directory's scenarios of another family than @fam are left out.
 */
int cli_expand_dirs(char **args, int n, const struct family *fam, char ***out);
const struct family *cli_scenario_family(const char *path);
bool cli_other_family(const char *path, const struct family *fam);
void cli_free_list(char **list, int n);
/* Monotonic seconds. */
double cli_now(void);

/* The lkml form of the last traced run (replay.c). */
void cli_print_lkml(FILE *out);
/* The racing sites of the last traced run, "none" if it has none (corpus.c). */
void cli_racing_sites(char *buf, size_t len);
struct min_stats;
/* A minimised program's story, and what minimize prints for it (corpus.c). */
void cli_min_story(struct scenario *meta, const struct world_variant *v, const struct program *p,
		   const struct min_stats *st);
void cli_min_print(FILE *f, const struct world_variant *v, const struct program *p,
		   const struct scenario *meta, int trace_opts);

#endif
