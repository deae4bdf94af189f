// SPDX-License-Identifier: GPL-2.0
/*
 * pageref stress, bench and threads: running programs many times. stress
 * and bench run seeded random programs (on fibers, or --real threads);
 * threads runs each input on pthreads without the tape, to see how often
 * its finding shows on real hardware.
 */
#include "cli.h"
#include "../harness/engine.h"
#include "../harness/gen.h"
#include "../oracle/oracle.h"
#include "../runtime/trace.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Real threads leave some world options off (optable.h, real_opts): say which, once. */
static void real_opts_note(const struct op_table *tab, int opts, bool quiet)
{
	static int said = -1;
	int off = ops_real_off(tab, opts);
	char buf[64];

	if (!off || off == said || quiet)
		return;
	said = off;
	ops_opt_format(tab, off, buf, sizeof(buf));
	fprintf(stderr, "pageref: real threads: world option(s) %s off (judged on fibers only: "
		"another CPU may change the object between a check and its verdict)\n", buf);
}

/* stress: stop at the first finding; bench: count executions per second. */
static int run_seeded(const struct cli_opts *o, bool bench)
{
	const struct world_variant *v = cli_need_variant(o->variant);
	static uint8_t buf[PR_MAX_INPUT];
	int wopts = (o->world ? o->allowed & WOPT_ALL : 0) | (o->memflags & ENGINE_MEMORY_WEAK ? WOPT_WEAK : 0);
	double t0 = cli_now(), dt;
	long r, findings = 0, expected = 0;

	struct gen_rng rng = { (uint64_t)o->seed };

	if (o->real)
		real_opts_note(v->family->ops, wopts, o->quiet);
	for (r = 0; r < o->runs; r++) {
		size_t n = gen_program(&rng, v->family->ops, buf, (int)o->threads, (int)o->ops, wopts, 1);
		int verdict = o->real ? engine_run_real(v, buf, n, wopts) :
			      engine_run(v, buf, n, wopts | o->memflags, false);

		if (verdict == VERDICT_EXPECTED)
			expected++;
		if (verdict != VERDICT_FINDING || bench)
			continue;
		/* a mutant's finding counts only where its base is clean */
		/* (an expected check on the base, a misuse it caught, is the base being right) */
		if (o->baseline && engine_run(cli_need_variant(o->baseline), buf, n, wopts | o->memflags, false) ==
		    VERDICT_FINDING)
			continue;
		findings++;
		if (o->real) {
			/* a real-thread run is not replayable: report what it said */
			printf("run %ld: %s (real threads)\n%s", r, engine_title(), oracle_finding.report);
		} else {
			engine_run(v, buf, n, wopts | o->memflags, true);
			printf("run %ld: %s\n", r, engine_title());
			if (!o->quiet)
				engine_print_report(stdout, v, TRACE_OPT_SITES);
		}
		if (o->save) {
			char path[4096];
			FILE *f;

			snprintf(path, sizeof(path), "%s/stress-%s-seed%ld-run%ld.bin", o->save, v->name, o->seed, r);
			f = fopen(path, "wbx");
			if (!f) {
				fprintf(stderr, "pageref: %s: %s\n", path, strerror(errno));
				return 2;
			}
			fwrite(buf, 1, n, f);
			fclose(f);
			printf("saved: %s\n", path);
		}
		break;
	}
	dt = cli_now() - t0;
	if (bench) {
		printf("bench: variant %s, %s, %ld runs (%ld threads, %ld ops), %.2f s, %.0f exec/s\n",
		       v->name, o->real ? "real threads" : "fibers", o->runs, o->threads, o->ops, dt, o->runs / dt);
		return 0;
	}
	printf("stress: variant %s, %ld runs, %ld finding(s), %ld expected check(s)\n",
	       v->name, r < o->runs ? r + 1 : o->runs, findings, expected);
	return findings ? 1 : 0;
}

int cli_stress(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);

	return o ? run_seeded(o, false) : 2;
}

int cli_bench(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);

	return o ? run_seeded(o, true) : 2;
}

static int tsan_build(void)
{
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
	return 1;
#endif
#endif
	return 0;
}

int cli_threads(int argc, char **argv)
{
	const struct cli_opts *o = cli_parse(argc, argv);
	const struct world_variant *v;
	static char titles[16][ORACLE_TITLE_MAX];
	long counts[16], none, expected, r;
	int ntitles, k, found = 0, allowed, i, ninputs;
	char **inputs;

	if (!o)
		return 2;
	v = cli_need_variant(o->variant);
	if (!o->nfiles) {
		fprintf(stderr, "pageref threads: no inputs\n");
		return 2;
	}
	allowed = o->world ? o->allowed : WOPT_ALL;
	/* a directory: its inputs of the variant's family */
	ninputs = cli_expand_dirs(o->files, o->nfiles, v->family, &inputs);
	for (i = 0; i < ninputs; i++) {
		const char *path = inputs[i];
		size_t size;
		static struct scenario sc;
		/* real threads ignore the tape: a schedule need not be resolved */
		uint8_t *data = cli_load_input_for(path, &size, &sc, NULL);
		static char want_buf[ORACLE_TITLE_MAX];
		const char *want = NULL;

		/* what the fiber engine says, for comparison (not under TSan:
		 * fibers there would need __tsan_switch_to_fiber) */
		if (!tsan_build() && sc.nseg) {
			free(data);
			data = cli_load_input_for(path, &size, &sc, v);
		}
		if (!tsan_build() && engine_run(v, data, size, allowed, false) == VERDICT_FINDING) {
			snprintf(want_buf, sizeof(want_buf), "%s", engine_title());
			want = want_buf;
		}
		if (cli_has_suffix(path, ".scn"))
			real_opts_note(v->family->ops, sc.prog.opts & allowed, o->quiet);
		ntitles = 0;
		none = expected = 0;
		for (r = 0; r < o->runs; r++) {
			int verdict = engine_run_real(v, data, size, allowed);

			if (verdict == VERDICT_NONE) {
				none++;
				continue;
			}
			if (verdict == VERDICT_EXPECTED) {
				expected++;
				continue;
			}
			for (k = 0; k < ntitles && strcmp(titles[k], engine_title()); k++)
				;
			if (k == ntitles && ntitles < 16) {
				snprintf(titles[ntitles], sizeof(titles[0]), "%s", engine_title());
				counts[ntitles++] = 0;
			}
			if (k < 16)
				counts[k]++;
		}
		if (want) {
			long hits = 0;

			for (k = 0; k < ntitles; k++)
				if (!strcmp(titles[k], want))
					hits = counts[k];
			printf("%s: %s: reproduced in %ld of %ld real-thread runs (fibers: %s)\n",
			       path, v->name, hits, o->runs, want);
		} else {
			printf("%s: %s: %s; real threads: %ld of %ld runs clean\n",
			       path, v->name, tsan_build() ? "(TSan build: no fiber run)" :
			       "fibers: no finding", none + expected, o->runs);
		}
		for (k = 0; k < ntitles; k++)
			if (!want || strcmp(titles[k], want))
				printf("    also %ld x %s\n", counts[k], titles[k]);
		/* a finding, on fibers or on real threads, is exit 1 */
		found |= want || ntitles;
		free(data);
	}
	cli_free_list(inputs, ninputs);
	return found ? 1 : 0;
}
