// SPDX-License-Identifier: GPL-2.0
/*
 * pageref: the standalone tool. Replays inputs (any file, failing or not,
 * with its CPU-column trace), runs seeded random programs without a fuzzing
 * engine, and measures executions per second.
 *
 * Why this file is only a table: each command is one function,
 * int cli_<name>(int argc, char **argv), in the file of its family
 * (replay.c: replay, check; run.c: stress, bench, threads; orderings.c;
 * corpus.c: canon, compile, decompile, minimize, regress; explore.c), and
 * main() finds argv[1] in commands[] and returns what it returns. A command
 * parses its own flags: all but explore through cli_parse() (common.c), so
 * each takes every flag, as when one main() held them all.
 *
 * The exit code is the contract scripts rely on: 0 success or nothing
 * found, 1 a finding (or a failed check), 2 bad usage or unreadable input
 * (explore adds 130: interrupted).
 */
#include "cli.h"

#include <string.h>

static void cli_usage(FILE *out)
{
	fprintf(out,
		"usage: pageref list    [--api FAMILY] [--class shipped|mutant|test] [--quiet]  (the built-in variants)\n"
		"       pageref replay  --variant NAME [--world OPTS] [--quiet] [--repeat N] [--checks OUT] [--lkml]\n"
		"                       FILE|DIR...\n"
		"                       (and the table of the header's checks: evaluated, fired, on which pages;\n"
		"                        --checks writes it to OUT)\n"
		"       pageref stress  --variant NAME [--world OPTS] [--runs N] [--seed S] [--save DIR]\n"
		"                       [--baseline NAME]  (count a finding only if NAME has none on it)\n"
		"       pageref bench   --variant NAME [--runs N] [--seed S] [--threads T] [--ops K] [--real]\n"
		"       pageref orderings --variant NAME [--baseline OTHER] [--runs N] [--seed S] [FILE...]\n"
		"                       (each API call's ordering class on success and failure, as the shim\n"
		"                        observed the variant execute it; with --baseline, beside OTHER's)\n"
		"       pageref threads --variant NAME [--world OPTS] [--runs N] FILE...\n"
		"                       (run each input N times on pthreads, without the tape: how often\n"
		"                        does its finding show on real hardware? also the TSan mode)\n"
		"       pageref canon   [--world OPTS] IN OUT   (canonical form; --world: exactly these options)\n"
		"       pageref compile [--variant V] SCENARIO OUT  (text -> binary input; a named schedule is\n"
		"                        resolved on V; OUT must not exist)\n"
		"       pageref decompile FILE          (binary input -> canonical scenario text)\n"
		"       pageref check   [--all] [--variant V] SCENARIO...  (verdicts against the expect lines; V: its own)\n"
		"       pageref minimize --variant NAME [--world OPTS] FILE   (smallest program, same title)\n"
		"       pageref explore --variant NAME [--world OPTS] [--preemptions K] [--unbounded] [--all] FILE...\n"
		"                       (every schedule within a preemption bound: pageref explore --help)\n"
		"       pageref file    --variant NAME [--world OPTS] [--findings DIR] [--label L] [--about FILE]\n"
		"                       [--reproduce ARGS] [--hits FILE] INPUT...\n"
		"                       (file each input as a finding: canonical, replayed, minimised, one\n"
		"                        directory per title and racing sites under DIR/L/; src/cli/file.c)\n"
		"       pageref checks  --variant NAME [--checks OUT] RAW...  (a campaign's check table,\n"
		"                        summed over its processes' PAGEREF_CHECKS_OUT counts)\n"
		"       pageref regress --variant NAME [--world OPTS] FILE NEW.scn\n"
		"                       (minimise a finding into a regression scenario with the verdict of\n"
		"                        every built-in variant; NEW.scn must not exist)\n"
		"       pageref scenarios [--api FAMILY] DIR|FILE...  (the family's .scn scenarios among them,\n"
		"                        one path a line, as every command that takes a DIR reads them)\n"
		"       pageref litmus [--model engine|lkmm|both] [--check] FILE.litmus...  (pageref litmus --help)\n"
		"       pageref litmus-trace [--full] --variant NAME [--memory weak] FILE OUT.litmus  (a run as a litmus\n"
		"                        test; --full: with every refcount read, which herd7 may take hours on)\n"
		"replay takes binary inputs and .scn scenario files alike.\n"
		"OPTS: comma-separated misuse,caller-dtor,overflow,weak (replay default: as the file says)\n"
		"--memory sc|weak: the memory model (replay, stress, bench, check, minimize), whatever the\n"
		"                  input says; weak = the world option 'weak' (src/memory/wmm.c)\n"
		"--api FAMILY: with every command that takes --variant; a scenario's 'api' line says its\n"
		"              own (docs/families.md). The families:");
	for (int i = 0; families[i]; i++)
		fprintf(out, " %s%s", families[i]->name, i ? "" : " (default)");
	fprintf(out, "\n");
}

int cli_list(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	const struct family *shown = NULL;
	int i;

	if (!o)
		return 2;
	for (i = 0; world_variants[i]; i++) {
		const struct world_variant *v = world_variants[i];

		if (o->api && v->family != o->fam)
			continue;
		if (o->class && !cli_has_class(v, o->class))
			continue;
		/* every family's: each under its name (an upstream in each) */
		if (!o->api && !o->quiet && v->family != shown) {
			shown = v->family;
			printf("== --api %s%s\n", shown->name, shown == family_default() ? " (the default)" : "");
		}
		if (o->quiet)
			printf("%s\n", v->name);
		else
			printf("%-20s %s\n", v->name, v->header);
	}
	return 0;
}

/* The scenarios of the family among @files (a scenario's family: cli_scenario_family). */
static int cli_scenarios(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	char **list;
	int i, n;

	if (!o)
		return 2;
	if (!o->nfiles) {
		fprintf(stderr, "pageref scenarios: expected DIR|FILE...\n");
		return 2;
	}
	n = cli_expand_dirs(o->files, o->nfiles, o->fam, &list);
	for (i = 0; i < n; i++) {
		/* one family each: one the parser rejects is the default's (its load says why) */
		const struct family *f = cli_has_suffix(list[i], ".scn") ? cli_scenario_family(list[i]) : NULL;

		if (cli_has_suffix(list[i], ".scn") && (f ? f : family_default()) == o->fam)
			printf("%s\n", list[i]);
	}
	cli_free_list(list, n);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "list", cli_list },
	{ "replay", cli_replay },
	{ "check", cli_check },
	{ "checks", cli_checks },
	{ "stress", cli_stress },
	{ "bench", cli_bench },
	{ "threads", cli_threads },
	{ "orderings", cli_orderings },
	{ "canon", cli_canon },
	{ "compile", cli_compile },
	{ "decompile", cli_decompile },
	{ "minimize", cli_minimize },
	{ "regress", cli_regress },
	{ "explore", cli_explore },
	{ "file", cli_file },
	{ "scenarios", cli_scenarios },
	{ "litmus", cli_litmus }, { "litmus-gen", cli_litmus_gen }, { "litmus-trace", cli_litmus_trace },
};

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	size_t i;

	registry_set(families, world_variants);
	if (!cmd || !strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		cli_usage(cmd ? stdout : stderr);
		return cmd ? 0 : 2;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc, argv);
	/* a bad flag is reported before an unknown command */
	if (!cli_parse(argc, argv))
		return 2;
	fprintf(stderr, "pageref: unknown command %s (pageref --help lists them)\n", cmd);
	return 2;
}
