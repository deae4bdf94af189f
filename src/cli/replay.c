// SPDX-License-Identifier: GPL-2.0
/*
 * pageref replay and pageref check: run inputs and scenarios once each,
 * traced; replay prints the report (or the lkml form) and the header's
 * check table, check compares each verdict with the scenario's expect lines.
 */
#include "cli.h"
#include "../harness/engine.h"
#include "../oracle/oracle.h"
#include "../runtime/sched.h"
#include "../runtime/trace.h"

#include "../abi/shim_abi.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * An expect line proves it was tested: on its variant the run just made
 * reached every schedule segment (or every tape decision), or exactly the
 * reached=N it states. Prints the FAIL line and returns 1 otherwise.
 */
static int check_reached(const char *path, const struct scenario *sc, const struct scn_expect *e,
			 const struct world_variant *v)
{
	const struct program *p = &sc->prog;
	int want, got;
	char seg[128];

	if (sc->nseg) {
		want = e->reached < 0 ? sc->nseg : e->reached;
		got = sc->seg_reached;
		if (got == want)
			return 0;
		if (sc->seg_missing >= 0) {
			scenario_segment_name(sc, sc->seg_missing, seg, sizeof(seg));
			printf("FAIL %s:%d: variant %s: '%s' was never reached (%d of %d segments); "
			       "the expect line at %d counts only %s\n", path, sc->seg[sc->seg_missing].line,
			       v->name, seg, got, sc->nseg, e->line,
			       e->reached < 0 ? "if all are (or say reached=N and why)" : "with the reached= it states");
		} else {
			printf("FAIL %s:%d: variant %s: all %d schedule segments were reached, the expect "
			       "line says reached=%d\n", path, e->line, v->name, got, want);
		}
		return 1;
	}
	if (!p->ntape)
		return 0;
	want = e->reached < 0 ? p->ntape : e->reached;
	got = (int)sched_stats.tape_used;
	if (got == want)
		return 0;
	printf("FAIL %s:%d: variant %s: the run took %d of the tape's %d decisions; the expect line "
	       "counts only %s\n", path, e->line, v->name, got, p->ntape,
	       e->reached < 0 ? "if it takes them all (or say reached=N and why)" : "with the reached= it states");
	return 1;
}

/* Run @n times; 0 if every report is identical to the first. */
static int replay_repeat(const struct world_variant *v, const uint8_t *data, size_t size,
			 int allowed, long n)
{
	char *first = engine_report_text(v, data, size, allowed, TRACE_OPT_SITES);
	long k;
	int bad = 0;

	for (k = 1; k < n && !bad; k++) {
		char *again = engine_report_text(v, data, size, allowed, TRACE_OPT_SITES);

		bad = strcmp(first, again) != 0;
		if (bad)
			fprintf(stderr, "pageref: run %ld differs from run 0\n", k);
		free(again);
	}
	free(first);
	return bad;
}

/* The full check table of a replay, for a campaign's work directory. */
static int write_checks(const char *path, const struct world_variant *v, int ninputs)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "pageref: --checks %s: %s\n", path, strerror(errno));
		return 1;
	}
	fprintf(f, "variant: %s (%s)\napi generation: %s\n", v->name, v->header, v->generation);
	if (ninputs >= 0)
		fprintf(f, "inputs: %d, each run once\n", ninputs);
	else
		fprintf(f, "every run of the campaign counted\n");
	oracle_checks_print(f, v->checks_tu, &v->family->oracle, true);
	fclose(f);
	return 0;
}

/* The lkml form of the last run: at most 80 columns (file.c adds the title and the variant). */
void cli_print_lkml(FILE *out)
{
	const struct program *p = engine_program();
	char wopts[64];

	ops_opt_format(p->tab, p->opts, wopts, sizeof(wopts));
	fprintf(out, "World: %s; %d CPUs, %d ops\n", wopts, p->nthreads, p->nrec);
	if (oracle_finding.report[0]) {
		fprintf(out, "\n");
		trace_wrap(out, oracle_finding.report, 78);
	}
	fprintf(out, "\n");
	trace_print(out, p->nthreads, TRACE_OPT_NARROW);
}

int cli_replay(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	const struct world_variant *v;
	char **inputs;
	int found = 0, ninputs, i;

	if (!o)
		return 2;
	v = cli_need_variant(o->variant);
	if (!o->nfiles) {
		fprintf(stderr, "pageref replay: no input files\n");
		return 2;
	}
	ninputs = cli_expand_dirs(o->files, o->nfiles, v->family, &inputs);
	for (i = 0; i < ninputs; i++) {
		size_t size;
		uint8_t *data = cli_load_input_for(inputs[i], &size, NULL, v);
		int verdict;

		if (size > 0 && data[0] != PR_FORMAT_VERSION && !o->quiet)
			fprintf(stderr, "pageref: %s: format version %u, decoding as %u\n",
				inputs[i], data[0], PR_FORMAT_VERSION);
		/* the check table counts each input once */
		oracle_checks_counting = true;
		verdict = engine_run(v, data, size, o->allowed, true);
		oracle_checks_counting = false;
		if (o->repeat > 1 && replay_repeat(v, data, size, o->allowed, o->repeat)) {
			printf("%s: NOT DETERMINISTIC\n", inputs[i]);
			return 1;
		}
		engine_run(v, data, size, o->allowed, true);
		printf("%s: %s\n", inputs[i], verdict == VERDICT_FINDING ? engine_title() :
		       verdict == VERDICT_EXPECTED ? "no finding (expected check fired)" : "no finding");
		if (o->lkml)
			cli_print_lkml(stdout);
		else if (!o->quiet)
			engine_print_report(stdout, v, TRACE_OPT_SITES);
		found |= verdict == VERDICT_FINDING;
		free(data);
	}
	cli_free_list(inputs, ninputs);
	if (!o->quiet && !o->lkml) {
		printf("== the header's checks over %d input(s) (%s)\n", ninputs, v->generation);
		oracle_checks_print(stdout, v->checks_tu, &v->family->oracle, true);
	}
	if (o->checks_out && write_checks(o->checks_out, v, ninputs))
		return 2;
	return found ? 1 : 0;
}

/*
 * One expect line on one variant: run it, compare, print. Returns 1 if it
 * failed. @e->variant may be "*", the line of every built-in variant the
 * scenario names no other line for.
 */
static int check_one(const struct cli_opts *o, const char *path, struct scenario *sc,
		     const struct scn_expect *e, const struct world_variant *v, uint8_t **data,
		     size_t *size)
{
	const char *got;
	int verdict;

	if (sc->nseg) {	/* a schedule resolves per variant */
		free(*data);
		*data = cli_load_input_for(path, size, sc, v);
	}
	verdict = engine_run(v, *data, *size, WOPT_ALL, false);
	got = verdict == VERDICT_FINDING ? engine_title() :
	      verdict == VERDICT_EXPECTED ? "expected" : "none";
	if (e->unreviewed) {
		printf("FAIL %s:%d: variant %s: unreviewed expect line: check the verdict against "
		       "the seeds, write the reason in a comment above it, and drop "
		       "'unreviewed'\n", path, e->line, v->name);
		return 1;
	}
	/* the verdict counts only if the interleaving it is about happened */
	if (check_reached(path, sc, e, v))
		return 1;
	if (strcmp(got, e->verdict)) {
		printf("FAIL %s:%d: variant %s: expected '%s', got '%s'\n", path, e->line, v->name,
		       e->verdict, got);
		return 1;
	}
	if (!o->quiet)
		printf("ok   %s: %s: %s\n", path, v->name, got);
	return 0;
}

/* The scenario has an expect line naming @v itself. */
static bool named(const struct scenario *sc, const struct world_variant *v)
{
	int j;

	for (j = 0; j < sc->nexpect; j++)
		if (!strcmp(sc->expect[j].variant, v->name))
			return true;
	return false;
}

int cli_check(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	static struct scenario sc;
	int failed = 0, checked = 0, i, j, k;

	if (!o)
		return 2;
	if (!o->nfiles) {
		fprintf(stderr, "pageref check: no scenarios\n");
		return 2;
	}
	for (i = 0; i < o->nfiles; i++) {
		const char *path = o->files[i];
		size_t size;
		uint8_t *data = cli_load_input(path, &size, &sc);
		bool star = false;

		if (!sc.nexpect) {
			fprintf(stderr, "%s: no expect line: nothing to check\n", path);
			return 2;
		}
		/* --variant V: V's own expect line, else the '*' line (a tree, a header) */
		if (o->variant) {
			const struct world_variant *v = cli_need_variant(o->variant);
			const struct scn_expect *e = NULL;

			for (j = 0; j < sc.nexpect; j++)
				if (!strcmp(sc.expect[j].variant, v->name) ||
				    (!e && !strcmp(sc.expect[j].variant, "*")))
					e = &sc.expect[j];
			if (!e || v->family->ops != sc.prog.tab) {
				printf("FAIL %s: no expect line for variant %s (nor a '*' line of its family)\n",
				       path, v->name);
				failed++;
			} else {
				failed += check_one(o, path, &sc, e, v, &data, &size);
				checked++;
			}
			free(data);
			continue;
		}
		for (j = 0; j < sc.nexpect; j++) {
			const struct scn_expect *e = &sc.expect[j];
			const struct world_variant *v;

			if (!strcmp(e->variant, "*")) {
				star = true;
				/* every shipped variant of the scenario's family no line names */
				for (k = 0; world_variants[k]; k++) {
					v = world_variants[k];
					if (v->family->ops != sc.prog.tab || !cli_builtin_variant(v) ||
					    named(&sc, v))
						continue;
					failed += check_one(o, path, &sc, e, v, &data, &size);
					checked++;
				}
				continue;
			}
			v = world_variant_find(family_find(sc.prog.tab->api), e->variant);
			if (!v) {
				fprintf(stderr, "%s:%d: expect %s: no such variant\n", path, e->line, e->variant);
				return 2;
			}
			failed += check_one(o, path, &sc, e, v, &data, &size);
			checked++;
		}
		/* --all: every built-in variant must have a verdict */
		for (k = 0; world_variants[k] && o->all_variants && !star; k++) {
			if (!cli_builtin_variant(world_variants[k]) ||
			    world_variants[k]->family->ops != sc.prog.tab)
				continue;
			if (!named(&sc, world_variants[k])) {
				failed++;
				printf("FAIL %s: no expect line for variant %s\n", path, world_variants[k]->name);
			}
		}
		free(data);
	}
	printf("check: %d verdict(s), %d failed\n", checked, failed);
	return failed ? 1 : 0;
}

/*
 * checks --variant V [--checks OUT] RAW...: the check table of a campaign,
 * summed over its processes' raw counts (PAGEREF_CHECKS_OUT, campaign.h):
 * the summary lines here, the whole table in OUT.
 */
int cli_checks(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	const struct world_variant *v;
	struct shim_check *s[512];
	int n, i, k;

	if (!o)
		return 2;
	v = cli_need_variant(o->variant);
	n = oracle_checks_list(v->checks_tu, s, 512);
	oracle_checks_clear();
	for (i = 0; i < o->nfiles; i++) {
		FILE *f = fopen(o->files[i], "r");
		char line[512], where[256];
		unsigned long c[7];

		if (!f) {
			fprintf(stderr, "pageref checks: %s: %s\n", o->files[i], strerror(errno));
			return 2;
		}
		while (fgets(line, sizeof(line), f)) {
			int kind;

			if (sscanf(line, "unchecked %d %lu", &kind, &c[0]) == 2 && kind >= 0 &&
			    kind < ORACLE_MAX_MISUSE) {
				oracle_unchecked[kind] += c[0];
				continue;
			}
			if (sscanf(line, "site %255s %lu %lu %lu %lu %lu %lu %lu", where, &c[0], &c[1], &c[2],
				   &c[3], &c[4], &c[5], &c[6]) != 8)
				continue;
			for (k = 0; k < n; k++) {
				char me[256];

				snprintf(me, sizeof(me), "%s:%d", trace_basename(s[k]->file), s[k]->line);
				if (strcmp(me, where))
					continue;
				s[k]->evals += c[0];
				s[k]->fired += c[1];
				s[k]->on_witness[0] += c[2];
				s[k]->on_witness[1] += c[3];
				s[k]->on_witness[2] += c[4];
				s[k]->misuse_evals += c[5];
				s[k]->misuse_fired += c[6];
				break;
			}
		}
		fclose(f);
	}
	oracle_checks_print(stdout, v->checks_tu, &v->family->oracle, false);
	if (o->checks_out && write_checks(o->checks_out, v, -1))
		return 2;
	return 0;
}
