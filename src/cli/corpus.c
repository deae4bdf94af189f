// SPDX-License-Identifier: GPL-2.0
/*
 * pageref's corpus commands: canon (canonical binary form), compile
 * (scenario text -> binary input), decompile (binary -> canonical text),
 * minimize (smallest program with the same finding, as a scenario) and
 * regress (the same, written as a regression scenario with every built-in
 * variant's verdict proposed).
 */
#include "cli.h"
#include "../harness/engine.h"
#include "../harness/minimize.h"
#include "../oracle/oracle.h"
#include "../runtime/sched.h"
#include "../runtime/trace.h"

#include "../abi/shim_abi.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Encode @p into @path, which must not exist (nothing is overwritten). */
static int write_new(const char *cmd, const char *path, const struct program *p)
{
	static uint8_t out[PR_MAX_INPUT];
	size_t n = program_encode(p, out);
	FILE *f = fopen(path, "wbx");

	if (!f) {
		fprintf(stderr, "pageref %s: %s: %s\n", cmd, path, strerror(errno));
		return 2;
	}
	fwrite(out, 1, n, f);
	fclose(f);
	return 0;
}

int cli_canon(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	struct program p;
	size_t size;
	uint8_t *data;

	if (!o)
		return 2;
	if (o->nfiles != 2) {
		fprintf(stderr, "pageref canon: expected IN OUT\n");
		return 2;
	}
	data = cli_read_file(o->files[0], &size);
	program_decode(&p, o->fam->ops, data, size);
	program_canon(&p);
	if (o->world)
		p.opts = (uint8_t)(o->allowed & WOPT_ALL);	/* a campaign's world applies to every input */
	free(data);
	return write_new("canon", o->files[1], &p);
}

int cli_compile(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	struct program p;
	size_t size;
	uint8_t *data;

	if (!o)
		return 2;
	if (o->nfiles != 2) {
		fprintf(stderr, "pageref compile: expected SCENARIO OUT\n");
		return 2;
	}
	if (!cli_has_suffix(o->files[0], ".scn")) {
		fprintf(stderr, "pageref compile: %s: expected a .scn scenario\n", o->files[0]);
		return 2;
	}
	data = cli_load_input_for(o->files[0], &size, NULL, o->variant ? cli_need_variant(o->variant) : NULL);
	program_decode(&p, o->fam->ops, data, size);
	free(data);
	return write_new("compile", o->files[1], &p);
}

int cli_decompile(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	struct program p;
	size_t size;
	uint8_t *data;

	if (!o)
		return 2;
	if (o->nfiles != 1) {
		fprintf(stderr, "pageref decompile: expected FILE\n");
		return 2;
	}
	data = cli_load_input(o->files[0], &size, NULL);
	program_decode(&p, o->fam->ops, data, size);
	program_canon(&p);
	scenario_print(stdout, &p, NULL);
	return 0;
}

/*
 * The racing sites of the last traced run: where a CPU was preempted in the
 * middle of an op, the variant file:line of its last atomic before, the
 * first atomic of the CPU that took over, and its own first atomic after
 * (sorted, distinct). On a minimised reproducer these are the atomics that
 * decide the race; a finding is one bug per title *and* racing sites.
 */
void cli_racing_sites(char *buf, size_t len)
{
	static char names[3 * 64][96];
	const char *site[3 * 64];
	int n = 0, i, j, k, nev = trace_len();

	for (i = 0; i < nev && n + 3 <= (int)(sizeof(site) / sizeof(site[0])); i++) {
		const struct trace_ev *a = trace_get(i), *b = NULL, *resume = NULL;

		if (a->kind != EV_ATOMIC)
			continue;
		for (j = i + 1; j < nev && !b; j++)
			if (trace_get(j)->kind == EV_ATOMIC)
				b = trace_get(j);
		if (!b || b->thread == a->thread)
			continue;
		/* preempted mid-op: a's CPU comes back without starting a new op */
		for (k = j; k < nev && !resume; k++) {
			const struct trace_ev *e = trace_get(k);

			if (e->thread != a->thread)
				continue;
			if (e->kind == EV_OP)
				break;
			if (e->kind == EV_ATOMIC)
				resume = e;
		}
		/* a run the finding ended before a's CPU came back: a and b decide it */
		if (!resume && trace_get(nev - 1)->kind != EV_FINDING)
			continue;
		{
			const struct trace_ev *ev[3] = { a, b, resume };
			int m;

			for (m = 0; m < (resume ? 3 : 2); m++, n++) {
				snprintf(names[n], sizeof(names[0]), "%s:%d", trace_basename(ev[m]->site->file),
					 ev[m]->site->line);
				site[n] = names[n];
			}
		}
	}
	/* sort, distinct */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(site[j - 1], site[j]) > 0; j--) {
			const char *t = site[j];

			site[j] = site[j - 1];
			site[j - 1] = t;
		}
	buf[0] = 0;
	for (i = 0; i < n; i++)
		if (!i || strcmp(site[i], site[i - 1]))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? " " : "", site[i]);
	if (!buf[0])
		snprintf(buf, len, "none");
}

/*
 * The story of a minimised program @p with the finding of @v on it (run
 * traced last), for its scenario: title, variant, size, preemptions.
 */
void cli_min_story(struct scenario *meta, const struct world_variant *v, const struct program *p,
		   const struct min_stats *st)
{
	char pre[80];
	int k, ops = 0;

	for (k = 0; k < p->nrec; k++)
		ops += !ops_is_setup(p->tab, p->rec[k].op);
	memset(meta, 0, sizeof(*meta));
	pre[0] = 0;
	if (st->preemptions >= 0)
		snprintf(pre, sizeof(pre), ", %d preemption(s)%s", st->preemptions,
			 st->minimal_in_preemptions ? ": minimal in preemptions" : "");
	snprintf(meta->story, sizeof(meta->story),
		 "# %s on %s, minimised by pageref:\n"
		 "# %d thread(s), %d op(s), %d context switch(es)%s.\n",
		 engine_title(), v->name, p->nthreads, ops, st->switches, pre);
}

/*
 * What minimize prints for @p (already minimised): the scenario, the report
 * of its traced run and its racing sites (the last line).
 */
void cli_min_print(FILE *f, const struct world_variant *v, const struct program *p,
		   const struct scenario *meta, int trace_opts)
{
	static uint8_t out[PR_MAX_INPUT];
	size_t n = program_encode(p, out);
	char sites[1024];

	engine_run(v, out, n, WOPT_ALL, true);
	scenario_print_ran(f, p, meta);
	fprintf(f, "\n");
	engine_print_report(f, v, trace_opts);
	cli_racing_sites(sites, sizeof(sites));
	fprintf(f, "racing sites: %s\n", sites);
}

/*
 * minimize: the smallest program with the same finding, printed as a
 * scenario; regress: written to NEW.scn, with every built-in variant's
 * verdict as an unreviewed expect line.
 */
static int minimize_to(const struct cli_opts *o, bool regress)
{
	const char *cmd = regress ? "regress" : "minimize";
	const struct world_variant *v = cli_need_variant(o->variant);
	static struct scenario meta;
	static uint8_t out[PR_MAX_INPUT];
	struct min_stats st;
	char pre[80];
	struct program p;
	size_t size, n;
	uint8_t *data;
	double t0 = cli_now();
	int k, ops = 0;
	FILE *f = stdout;

	if (o->nfiles != (regress ? 2 : 1)) {
		fprintf(stderr, "pageref %s: expected %s\n", cmd, regress ? "FILE NEW.scn" : "FILE");
		return 2;
	}
	/* a scenario's schedule names atomics: it resolves on the variant */
	data = cli_load_input_for(o->files[0], &size, NULL, v);
	program_decode(&p, v->family->ops, data, size);
	free(data);
	program_canon(&p);
	if (o->allowed & ENGINE_FORCE_OPTS)
		p.opts = (uint8_t)(o->allowed & WOPT_ALL);
	if (minimize_program(v, &p, &st)) {
		fprintf(stderr, "pageref %s: %s: no finding on %s to minimise\n", cmd, o->files[0], v->name);
		return 2;
	}
	n = program_encode(&p, out);
	engine_run(v, out, n, WOPT_ALL, true);
	for (k = 0; k < p.nrec; k++)
		ops += !ops_is_setup(p.tab, p.rec[k].op);
	cli_min_story(&meta, v, &p, &st);
	pre[0] = 0;
	if (st.preemptions >= 0)
		snprintf(pre, sizeof(pre), ", %d preemption(s)%s", st.preemptions,
			 st.minimal_in_preemptions ? ": minimal in preemptions" : "");
	if (regress) {
		/*
		 * Proposals, not verdicts: the binary that checks them wrote
		 * them, so `check` refuses them until a person has reviewed
		 * each and written its reason.
		 */
		snprintf(meta.story + strlen(meta.story), sizeof(meta.story) - strlen(meta.story),
			 "# The expect lines below are proposals from running this build: check\n"
			 "# each against the seeds (the patch series and its review), write why\n"
			 "# above it, and drop 'unreviewed' (check refuses unreviewed lines).\n");
		/* a custom variant's binary holds it alone: its own line, and where the others' come from */
		if (!*v->classes)
			snprintf(meta.story + strlen(meta.story), sizeof(meta.story) - strlen(meta.story),
				 "# This build holds %s alone: the built-in variants'\n"
				 "# lines come from replaying this scenario on each of them\n"
				 "# (build/plain/pageref replay --variant NAME).\n", v->name);
		for (k = 0; world_variants[k] && meta.nexpect < SCN_MAX_EXPECT; k++) {
			int verdict;

			if (world_variants[k]->family != v->family ||
			    (!cli_builtin_variant(world_variants[k]) && world_variants[k] != v))
				continue;
			verdict = engine_run(world_variants[k], out, n, WOPT_ALL, false);
			snprintf(meta.expect[meta.nexpect].variant, sizeof(meta.expect[0].variant), "%s",
				 world_variants[k]->name);
			snprintf(meta.expect[meta.nexpect].verdict, sizeof(meta.expect[0].verdict), "%s",
				 verdict == VERDICT_FINDING ? engine_title() :
				 verdict == VERDICT_EXPECTED ? "expected" : "none");
			meta.expect[meta.nexpect].unreviewed = 1;
			/* the tape decisions this variant's run took, if not all */
			meta.expect[meta.nexpect].reached =
				(int)sched_stats.tape_used < p.ntape ? (int)sched_stats.tape_used : -1;
			meta.nexpect++;
		}
		f = fopen(o->files[1], "wx");
		if (!f) {
			fprintf(stderr, "pageref regress: %s: %s\n", o->files[1], strerror(errno));
			return 2;
		}
	} else {
		snprintf(meta.expect[0].variant, sizeof(meta.expect[0].variant), "%s", v->name);
		snprintf(meta.expect[0].verdict, sizeof(meta.expect[0].verdict), "%s", engine_title());
		meta.expect[0].reached = -1;
		meta.nexpect = 1;
	}
	if (f != stdout) {
		scenario_print(f, &p, &meta);
		fclose(f);
		printf("wrote %s\n", o->files[1]);
		engine_run(v, out, n, WOPT_ALL, true);
		printf("\n");
		engine_print_report(stdout, v, o->quiet ? 0 : TRACE_OPT_SITES);
		{
			char sites[1024];

			cli_racing_sites(sites, sizeof(sites));
			printf("racing sites: %s\n", sites);
		}
	} else {
		cli_min_print(stdout, v, &p, &meta, o->quiet ? 0 : TRACE_OPT_SITES);
	}
	fflush(stdout);
	fprintf(stderr, "minimised in %ld runs, %.2f s: %d thread(s), %d op(s), %d context switch(es)%s%s\n",
		st.runs, cli_now() - t0, p.nthreads, ops, st.switches, pre,
		st.minimal_in_preemptions ? " (explore ran every schedule with fewer)" : "");
	return 0;
}

int cli_minimize(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);

	return o ? minimize_to(o, false) : 2;
}

int cli_regress(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);

	return o ? minimize_to(o, true) : 2;
}
