// SPDX-License-Identifier: GPL-2.0
/*
 * pageref explore: every schedule of a scenario's operations, within a
 * preemption bound (src/harness/explore.c), with the smallest finding's
 * trace and the schedule as a scenario that replay and check reproduce.
 */
#include "cli.h"
#include "../harness/engine.h"
#include "../harness/explore.h"
#include "../harness/scenario.h"
#include "../runtime/trace.h"

#include <errno.h>
#include <unistd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t explore_stop;

static void on_stop(int sig)
{
	(void)sig;
	explore_stop = 1;
}

static void explore_usage(FILE *out)
{
	fprintf(out,
		"usage: pageref explore --variant NAME [--world OPTS] [--memory sc] [--preemptions K]\n"
		"                       [--unbounded] [--all] [--no-reduction] [--save NEW.scn] [--time S]\n"
		"                       [--quiet] FILE...\n"
		"  every schedule of each FILE's operations (its own schedule or tape ignored), by\n"
		"  increasing preemption bound 0..K (default 3); --unbounded: no bound; --all: go on\n"
		"  after a finding and list each title once with its smallest schedule; --save: write\n"
		"  the first finding as a scenario (one FILE only; NEW.scn must not exist); --time: stop\n"
		"  after S seconds, as Ctrl-C does, with the verdict so far (the bounds that finished);\n"
		"  --quiet: traces without the variant-site column.\n"
		"  exit 0: no finding, 1: a finding, 2: bad usage, 130: interrupted.\n");
}

static void explore_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void explore_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pageref explore: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

/* A .scn scenario or a binary input, as a program without its tape. */
static void explore_load(const struct world_variant *v, const char *path, struct program *p)
{
	static struct scenario sc;
	static char text[1 << 16];
	char err[512];
	size_t len, pl = strlen(path);
	FILE *f = fopen(path, "rb");

	if (!f)
		explore_die("%s: %s", path, strerror(errno));
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = 0;
	if (pl > 4 && !strcmp(path + pl - 4, ".scn")) {
		if (scenario_parse(path, text, &sc, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			exit(2);
		}
		*p = sc.prog;
	} else {
		program_decode(p, v->family->ops, (const uint8_t *)text, len);
		program_canon(p);
	}
	p->ntape = 0;
}

/* Replay @f's tape traced; print the report and the scenario. 0: it reproduces. */
static int explore_show(const struct world_variant *v, const struct program *p,
			const struct explore_finding *f, const char *path, FILE *scn, bool quiet)
{
	static uint8_t buf[PR_MAX_INPUT];
	static struct scenario meta;
	struct program q = *p;
	size_t n;
	int verdict;

	memcpy(q.tape, f->tape, (size_t)f->ntape);
	q.ntape = (uint16_t)f->ntape;
	n = program_encode(&q, buf);
	verdict = engine_run(v, buf, n, WOPT_ALL, true);
	memset(&meta, 0, sizeof(meta));
	snprintf(meta.story, sizeof(meta.story),
		 "# %s on %s: found by pageref explore from %s,\n"
		 "# %d preemption(s)%s.\n",
		 f->title, v->name, path, f->preemptions,
		 f->fewest ? ": no schedule with fewer shows this finding" : " (unbounded: first found, not fewest)");
	snprintf(meta.expect[0].variant, sizeof(meta.expect[0].variant), "%s", v->name);
	snprintf(meta.expect[0].verdict, sizeof(meta.expect[0].verdict), "%s", f->title);
	meta.expect[0].reached = -1;	/* its tape is taken to the end */
	meta.nexpect = 1;
	if (verdict != VERDICT_FINDING || strcmp(engine_title(), f->title)) {
		printf("explore: INTERNAL ERROR: the tape of '%s' replays as '%s'\n", f->title,
		       verdict == VERDICT_FINDING ? engine_title() : "no finding");
		return -1;
	}
	engine_print_report(stdout, v, quiet ? 0 : TRACE_OPT_SITES);
	printf("schedule as a scenario (pageref replay --variant %s reproduces it):\n", v->name);
	scenario_print(stdout, &q, &meta);
	if (scn)
		scenario_print(scn, &q, &meta);
	return 0;
}

int cli_explore(int argc, char **argv)
{
	const char *variant = NULL, *world = NULL, *save = NULL;
	const struct world_variant *v;
	const struct family *fam = NULL;
	struct explore_opts o = { .bound = 3, .progress_s = 5, .progress = stderr, .log = stdout,
				  .stop = &explore_stop };
	static struct explore_result r;
	int allowed = WOPT_ALL, i, k, nfiles = 0, found = 0, interrupted = 0;
	long seconds = 0;
	bool memory_sc = false, memory_weak = false;
	bool quiet = false;
	char *files[argc > 0 ? argc : 1];

	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--variant") || !strcmp(a, "--world") || !strcmp(a, "--memory") || !strcmp(a, "--api") ||
		    !strcmp(a, "--preemptions") || !strcmp(a, "--save") || !strcmp(a, "--time")) {
			if (!val)
				explore_die("%s needs a value", a);
			i++;
		}
		if (!strcmp(a, "--variant")) {
			variant = val;
		} else if (!strcmp(a, "--api")) {
			if (!(fam = family_find(val)))
				explore_die("--api %s: no such family", val);
		} else if (!strcmp(a, "--world")) {
			world = val;
		} else if (!strcmp(a, "--save")) {
			save = val;
		} else if (!strcmp(a, "--memory")) {
			if (strcmp(val, "sc") && strcmp(val, "weak"))
				explore_die("--memory %s: unknown model (known: sc, weak)", val);
			memory_sc = !strcmp(val, "sc");
			memory_weak = !strcmp(val, "weak");
		} else if (!strcmp(a, "--preemptions")) {
			char *end;
			long b = strtol(val, &end, 10);

			if (*end || !*val || b < 0 || b > 64)
				explore_die("--preemptions %s: expected a number 0..64", val);
			o.bound = (int)b;
		} else if (!strcmp(a, "--time")) {
			char *end;

			seconds = strtol(val, &end, 10);
			if (*end || !*val || seconds <= 0)
				explore_die("--time %s: expected seconds > 0", val);
		} else if (!strcmp(a, "--unbounded")) {
			o.bound = EXPLORE_UNBOUNDED;
		} else if (!strcmp(a, "--all")) {
			o.all = true;
		} else if (!strcmp(a, "--no-reduction")) {
			o.no_reduction = true;
		} else if (!strcmp(a, "--quiet")) {
			quiet = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			explore_usage(stdout);
			return 0;
		} else if (a[0] == '-') {
			fprintf(stderr, "pageref explore: unknown flag %s\n", a);
			explore_usage(stderr);
			return 2;
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (!variant)
		explore_die("--variant is required");
	v = world_variant_find(fam, variant);
	if (!v)
		explore_die("--variant %s: no such variant (pageref list shows them)", variant);
	if (world && ops_opt_parse(v->family->ops, world, &allowed))
		explore_die("--world %s: unknown option (known: misuse, caller-dtor, overflow)", world);
	if (!nfiles)
		explore_die("no input files");
	if (save && nfiles != 1)
		explore_die("--save %s: takes one FILE, got more", save);
	if (save && access(save, F_OK) == 0)
		explore_die("--save %s: exists; explore never overwrites a file", save);
	if (world)
		allowed |= ENGINE_FORCE_OPTS;
	signal(SIGINT, on_stop);
	signal(SIGALRM, on_stop);
	if (seconds)
		alarm((unsigned int)seconds);
	for (i = 0; i < nfiles && !interrupted; i++) {
		struct program p;
		char wopts[64];
		FILE *out = NULL;

		explore_load(v, files[i], &p);
		if (allowed & ENGINE_FORCE_OPTS)
			p.opts = (uint8_t)(allowed & WOPT_ALL);
		if (memory_sc)
			p.opts &= (uint8_t)~WOPT_WEAK;
		if (memory_weak)
			p.opts |= WOPT_WEAK;
		/* every reads-from choice too, reduction off (src/harness/explore.c) */
		o.weak = p.opts & WOPT_WEAK;
		ops_opt_format(p.tab, p.opts, wopts, sizeof(wopts));
		printf("explore %s: variant %s, world %s, %d thread(s), %d record(s), ", files[i], v->name,
		       wopts, p.nthreads, p.nrec);
		if (o.bound == EXPLORE_UNBOUNDED)
			printf("no preemption bound\n");
		else
			printf("preemptions 0..%d\n", o.bound);
		explore_program(v, &p, WOPT_ALL, &o, &r);
		explore_print_verdict(stdout, &r, o.bound);
		if (save && r.nfindings) {
			out = fopen(save, "wx");
			if (!out)
				explore_die("--save %s: %s", save, strerror(errno));
		}
		for (k = 0; k < r.nfindings; k++) {
			printf("\nfinding %d: %s (%d preemption(s))\n", k + 1, r.finding[k].title,
			       r.finding[k].preemptions);
			if (explore_show(v, &p, &r.finding[k], files[i], k == 0 ? out : NULL, quiet))
				found = 1;
		}
		if (out) {
			fclose(out);
			printf("wrote %s\n", save);
		}
		found |= r.nfindings > 0;
		interrupted = r.interrupted;
	}
	return interrupted && !found ? 130 : found ? 1 : 0;
}
