// SPDX-License-Identifier: GPL-2.0
/*
 * pageref litmus: kernel C litmus tests through the fuzzer's weak memory
 * model (--model engine, the default) or the LKMM's own enumeration
 * (--model lkmm), printing herd7's lines so a script can diff the tools.
 * pageref litmus-gen: random tests over the same vocabulary (src/litmus).
 */
#include "cli.h"
#include "../litmus/litmus.h"
#include "../harness/engine.h"
#include "../oracle/oracle.h"
#include "../memory/wmm.h"
#include "../runtime/sched.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void litmus_usage(FILE *out)
{
	fprintf(out,
		"usage: pageref litmus [--model engine|lkmm|both] [--check] [--max N] [--quiet] FILE.litmus...\n"
		"  every execution of each test: engine = the fuzzer's weak memory model (src/memory/wmm.c),\n"
		"  each execution checked against the LKMM; lkmm = the LKMM's candidate executions, as\n"
		"  herd7 enumerates them; both = the two, the engine's states checked to be the LKMM's.\n"
		"  Prints herd7's lines (Test, States, Ok/No, Witnesses, Condition, Observation).\n"
		"  --check: the verdict must be the file's 'Result:' line (the engine may miss a\n"
		"  Sometimes: it says so, exit 0); --max N: at most N engine executions per test (default\n"
		"  2000000); --quiet: the Observation lines only.\n"
		"  exit 0: fine, 1: an engine execution the LKMM forbids, or a --check mismatch, 2: bad\n"
		"  usage or a construct not supported (FILE:LINE names it).\n"
		"       pageref litmus-gen --seed S --count N --out DIR\n"
		"  N random tests (2-4 CPUs, 2-4 locations, every ordering form, locks, RCU, dependencies)\n"
		"  into DIR/gen-S-K.litmus.\n");
}

static const char *expected(const char *result)
{
	if (!strcmp(result, "DEADLOCK"))
		return "Never";
	return result;
}

static int run_one(const char *path, int model, bool check, long max, bool quiet)
{
	struct litmus *t = litmus_parse(path);
	struct lt_result eng, lk;
	int rc = 0;

	if (!t)
		return 2;
	memset(&eng, 0, sizeof(eng));
	memset(&lk, 0, sizeof(lk));
	if (model != 0)
		lkmm_enumerate(t, &lk);
	if (model != 1)
		litmus_run_engine(t, &eng, max);
	if (model == 1 || model == 2) {
		if (!quiet) {
			printf("%sModel lkmm: %ld candidate execution(s), %.2f s%s\n", model == 2 ? "" : "",
			       lk.execs, lk.seconds, lk.too_big ? " (NOT exhaustive: a bound was hit)" : "");
			litmus_print(stdout, t, &lk);
		} else {
			printf("Observation %s %s %ld %ld%s\n", t->name, litmus_verdict(&lk), lk.pos, lk.neg,
			       model == 2 ? " lkmm" : "");
		}
	}
	if (model != 1) {
		if (!quiet) {
			printf("Model engine: %ld run(s), %ld LKMM-forbidden execution(s), %.2f s%s\n", eng.execs,
			       eng.bad, eng.seconds, eng.too_big ? " (NOT exhaustive: a bound was hit)" : "");
			litmus_print(stdout, t, &eng);
		} else {
			printf("Observation %s %s %ld %ld%s\n", t->name, litmus_verdict(&eng), eng.pos, eng.neg,
			       model == 2 ? " engine" : "");
		}
		if (eng.bad) {
			printf("UNSOUND %s: the engine reached %ld execution(s) the LKMM forbids; first: %s\n",
			       t->name, eng.bad, eng.first_bad);
			rc = 1;
		}
	}
	if (model == 2) {
		int i, j, missing = 0;

		/* the engine's states must be the LKMM's; the LKMM's it misses are listed */
		for (i = 0; i < eng.nstates; i++) {
			for (j = 0; j < lk.nstates; j++)
				if (!memcmp(eng.state[i].v, lk.state[j].v, sizeof(eng.state[i].v[0]) * (size_t)t->nshow))
					break;
			if (j == lk.nstates) {
				printf("UNSOUND %s: an engine state the LKMM has not\n", t->name);
				rc = 1;
			}
		}
		for (j = 0; j < lk.nstates; j++) {
			for (i = 0; i < eng.nstates; i++)
				if (!memcmp(eng.state[i].v, lk.state[j].v, sizeof(eng.state[i].v[0]) * (size_t)t->nshow))
					break;
			missing += i == eng.nstates;
		}
		printf("Compare %s lkmm %s engine %s: %d of %d LKMM state(s) reached%s\n", t->name,
		       litmus_verdict(&lk), litmus_verdict(&eng), lk.nstates - missing, lk.nstates,
		       strcmp(litmus_verdict(&lk), litmus_verdict(&eng)) ? " (verdicts differ)" : "");
	}
	if (check) {
		const char *want = expected(t->result);
		const char *got = litmus_verdict(model != 0 ? &lk : &eng);

		if (!t->result[0]) {
			printf("CHECK %s: no 'Result:' line\n", t->name);
			rc = 1;
		} else if (model == 0 && !strcmp(want, "Sometimes") && !strcmp(got, "Never")) {
			/* the engine is less complete than the LKMM, never more: a limit, not a mismatch */
			printf("CHECK %s: the engine never reaches it, the file says %s: a Sometimes the engine"
			       " misses (--model lkmm answers as herd7)\n", t->name, t->result);
		} else if (strcmp(want, got)) {
			printf("CHECK %s: %s, but the file says %s\n", t->name, got, t->result);
			rc = 1;
		} else {
			printf("CHECK %s: %s as the file says\n", t->name, got);
		}
		if (model == 2 && strcmp(litmus_verdict(&eng), got))
			printf("CHECK %s: the engine says %s (%s)\n", t->name, litmus_verdict(&eng),
			       !strcmp(got, "Sometimes") ? "incomplete: a Sometimes it misses" : "differs");
	}
	litmus_result_free(&eng);
	litmus_result_free(&lk);
	litmus_free(t);
	return rc;
}

int cli_litmus(int argc, char **argv)
{
	int i, model = 0, rc = 0, n = 0;
	bool check = false, quiet = false;
	long max = 2000000;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--model") && i + 1 < argc) {
			i++;
			if (!strcmp(argv[i], "engine"))
				model = 0;
			else if (!strcmp(argv[i], "lkmm"))
				model = 1;
			else if (!strcmp(argv[i], "both"))
				model = 2;
			else {
				fprintf(stderr, "pageref litmus: --model engine, lkmm or both, not %s\n", argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "--check")) {
			check = true;
		} else if (!strcmp(argv[i], "--quiet")) {
			quiet = true;
		} else if (!strcmp(argv[i], "--max") && i + 1 < argc) {
			char *end;

			max = strtol(argv[++i], &end, 10);
			if (*end || max < 0) {
				fprintf(stderr, "pageref litmus: bad --max %s\n", argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			litmus_usage(stdout);
			return 0;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "pageref litmus: unknown flag %s\n", argv[i]);
			litmus_usage(stderr);
			return 2;
		}
	}
	sched_init();
	for (i = 2; i < argc; i++) {
		int r;

		if (!strcmp(argv[i], "--model") || !strcmp(argv[i], "--max")) {
			i++;
			continue;
		}
		if (argv[i][0] == '-')
			continue;
		n++;
		r = run_one(argv[i], model, check, max, quiet);
		if (r == 2)
			return 2;
		if (r)
			rc = 1;
		fflush(stdout);
	}
	if (!n) {
		litmus_usage(stderr);
		return 2;
	}
	return rc;
}

int cli_litmus_gen(int argc, char **argv)
{
	long seed = -1, count = -1, k;
	const char *out = NULL;
	int i;

	for (i = 2; i < argc; i++) {
		char *end = NULL;

		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtol(argv[++i], &end, 10);
		else if (!strcmp(argv[i], "--count") && i + 1 < argc)
			count = strtol(argv[++i], &end, 10);
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else {
			litmus_usage(stderr);
			return 2;
		}
		if (end && *end) {
			fprintf(stderr, "pageref litmus-gen: bad number %s\n", argv[i]);
			return 2;
		}
	}
	if (seed < 0 || count < 0 || !out) {
		litmus_usage(stderr);
		return 2;
	}
	if (mkdir(out, 0777) && errno != EEXIST) {
		fprintf(stderr, "pageref litmus-gen: %s: %s\n", out, strerror(errno));
		return 2;
	}
	for (k = 0; k < count; k++) {
		char path[4096], name[64];
		FILE *f;

		snprintf(name, sizeof(name), "gen-%ld-%ld", seed, k);
		snprintf(path, sizeof(path), "%s/%s.litmus", out, name);
		f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "pageref litmus-gen: %s: %s\n", path, strerror(errno));
			return 2;
		}
		litmus_generate(f, (unsigned long)seed * 1000003ul + (unsigned long)k, name);
		fclose(f);
	}
	return 0;
}

/*
 * pageref litmus-trace [--full] --variant NAME [--memory weak] FILE OUT.litmus:
 * run FILE once (its finding's minimal trace, say) and write what its CPUs
 * did to the refcount and the page contents as a litmus test
 * (src/litmus/out.c). Without the unordered refcount reads, as a finding's
 * finding.litmus, unless --full: herd7 answers those in seconds, and may
 * take hours on a test that pins every read (--lean, the default, is
 * accepted).
 */
int cli_litmus_trace(int argc, char **argv)
{
	bool lean = true;
	int i, k;

	/* our own flags, anywhere (build.sh tool puts --api first) */
	for (i = k = 0; i < argc; i++) {
		if (i >= 2 && (!strcmp(argv[i], "--lean") || !strcmp(argv[i], "--full")))
			lean = !strcmp(argv[i], "--lean");
		else
			argv[k++] = argv[i];
	}
	argc = k;
	argv[argc] = NULL;
	struct cli_opts *o;
	const struct world_variant *v;
	char doc[1024], name[128];
	const char *base, *dot;
	uint8_t *data;
	size_t size;
	FILE *f;
	int verdict, rc;

	o = cli_parse(argc, argv);
	if (!o)
		return 2;
	if (o->nfiles != 2) {
		fprintf(stderr, "usage: pageref litmus-trace [--full] --variant NAME [--memory weak] FILE OUT.litmus\n");
		return 2;
	}
	v = cli_need_variant(o->variant);
	data = cli_load_input_for(o->files[0], &size, NULL, v);
	wmm_log(true);
	verdict = engine_run(v, data, size, o->allowed, true);
	wmm_log(false);
	base = strrchr(o->files[1], '/');
	base = base ? base + 1 : o->files[1];
	dot = strrchr(base, '.');
	snprintf(name, sizeof(name), "%.*s", dot ? (int)(dot - base) : (int)strlen(base), base);
	snprintf(doc, sizeof(doc),
		 " * Made by pageref litmus-trace from %s on variant %s:\n"
		 " * %s\n"
		 " * Each CPU's accesses to the refcount, ref0.., and the page contents, data0..,\n"
		 " * with the header's own orderings; exists: every value the run read.\n",
		 o->files[0], v->name, verdict == VERDICT_FINDING ? engine_title() : "no finding");
	f = fopen(o->files[1], "w");
	if (!f) {
		fprintf(stderr, "pageref litmus-trace: %s: %s\n", o->files[1], strerror(errno));
		return 2;
	}
	rc = litmus_from_log(f, name, doc, lean);
	fclose(f);
	free(data);
	if (rc) {
		fprintf(stderr, "pageref litmus-trace: the run does not fit a litmus test (CPUs, locations or log)\n");
		return 2;
	}
	printf("%s: %s -> %s\n", o->files[0], verdict == VERDICT_FINDING ? engine_title() : "no finding",
	       o->files[1]);
	return 0;
}
