// SPDX-License-Identifier: GPL-2.0
/*
 * pageref: the standalone tool. Replays inputs (any file, failing or not,
 * with its CPU-column trace), runs seeded random programs without a fuzzing
 * engine, and measures executions per second.
 */
#include "../src/cli/cli.h"
#include "../src/harness/engine.h"
#include "../src/harness/gen.h"
#include "../src/harness/minimize.h"
#include "../src/harness/scenario.h"
#include "../src/oracle/oracle.h"
#include "../src/runtime/sched.h"
#include "../src/runtime/trace.h"
#include "../src/memory/wmm.h"

#include <dirent.h>
#include <shim/hooks.h>

#include <errno.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pageref list\n"
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
		"       pageref compile SCENARIO OUT    (text -> binary input; OUT must not exist)\n"
		"       pageref decompile FILE          (binary input -> canonical scenario text)\n"
		"       pageref check   [--all] SCENARIO...  (verdicts against the expect lines)\n"
		"       pageref minimize --variant NAME [--world OPTS] FILE   (smallest program, same title)\n"
		"       pageref explore --variant NAME [--world OPTS] [--preemptions K] [--unbounded] [--all] FILE...\n"
		"                       (every schedule within a preemption bound: pageref explore --help)\n"
		"       pageref regress --variant NAME [--world OPTS] FILE NEW.scn\n"
		"                       (minimise a finding into a regression scenario with the verdict of\n"
		"                        every built-in variant; NEW.scn must not exist)\n"
		"replay takes binary inputs and .scn scenario files alike.\n"
		"OPTS: comma-separated misuse,caller-dtor,overflow,weak (replay default: as the file says)\n"
		"--memory sc|weak: the memory model (replay, stress, bench, check, minimize), whatever the\n"
		"                  input says; weak = the world option 'weak' (src/memory/wmm.c)\n");
}

static const struct world_variant *need_variant(const char *name)
{
	const struct world_variant *v;
	int i;

	if (!name) {
		fprintf(stderr, "pageref: --variant is required\n");
		exit(2);
	}
	v = world_variant_find(name);
	if (!v) {
		fprintf(stderr, "pageref: --variant %s: no such variant (built:", name);
		for (i = 0; world_variants[i]; i++)
			fprintf(stderr, " %s", world_variants[i]->name);
		fprintf(stderr, ")\n");
		exit(2);
	}
	return v;
}

static long need_num(const char *flag, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s ? s : "", &end, 0);
	if (!s || *end || errno || v < 0) {
		fprintf(stderr, "pageref: %s %s: expected a non-negative number\n", flag, s ? s : "(missing)");
		exit(2);
	}
	return v;
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f) {
		fprintf(stderr, "pageref: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len > 0 ? (size_t)len : 1);
	if (len > 0 && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "pageref: %s: short read\n", path);
		exit(2);
	}
	fclose(f);
	*size = (size_t)len;
	return buf;
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

/* The shipped variants; test-* and mut-* exist for the suite and the scoreboard. */
static int builtin_variant(const struct world_variant *v)
{
	return strncmp(v->name, "test-", 5) && strncmp(v->name, "mut-", 4);
}

static int has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

/* A binary input or a scenario, as bytes. Exits 2 with file:line on error. */
static uint8_t *load_input_for(const char *path, size_t *size, struct scenario *sc,
			       const struct world_variant *v);
static int quiet_notes;

static uint8_t *load_input(const char *path, size_t *size, struct scenario *sc)
{
	return load_input_for(path, size, sc, NULL);
}

static uint8_t *load_input_for(const char *path, size_t *size, struct scenario *sc,
			       const struct world_variant *v)
{
	static struct scenario local;
	uint8_t *data = read_file(path, size);
	bool want_meta = sc != NULL;	/* check: resolves per variant itself */
	char err[512];

	if (!has_suffix(path, ".scn"))
		return data;
	if (!sc)
		sc = &local;
	if (memchr(data, 0, *size)) {
		const uint8_t *nul = memchr(data, 0, *size), *q;
		int line = 1;

		for (q = data; q < nul; q++)
			line += *q == '\n';
		fprintf(stderr, "%s:%d: a NUL byte in a scenario (is it a binary input named .scn?)\n",
			path, line);
		exit(2);
	}
	data = realloc(data, *size + 1);
	data[*size] = 0;
	if (scenario_parse(path, (const char *)data, sc, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	free(data);
	if (sc->nseg && !(want_meta && !v)) {
		if (!v) {
			fprintf(stderr, "%s: has a schedule, which names atomics: give --variant to compile it\n", path);
			exit(2);
		}
		scenario_resolve(sc, v, err, sizeof(err));
		if (err[0] && !quiet_notes)
			fprintf(stderr, "%s:%s\n", path, err);
	}
	data = malloc(PR_MAX_INPUT);
	*size = program_encode(&sc->prog, data);
	return data;
}

/*
 * An expect line proves it was tested: on its variant the run just made
 * reached every schedule segment (or every tape decision), or exactly the
 * reached=N it states. Prints the FAIL line and returns 1 otherwise.
 */
static int check_reached(const char *path, const struct scenario *sc, const struct scn_expect *e)
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
			       e->variant, seg, got, sc->nseg, e->line,
			       e->reached < 0 ? "if all are (or say reached=N and why)" : "with the reached= it states");
		} else {
			printf("FAIL %s:%d: variant %s: all %d schedule segments were reached, the expect "
			       "line says reached=%d\n", path, e->line, e->variant, got, want);
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
	       "counts only %s\n", path, e->line, e->variant, got, p->ntape,
	       e->reached < 0 ? "if it takes them all (or say reached=N and why)" : "with the reached= it states");
	return 1;
}

/*
 * The racing sites of the last traced run: where a CPU was preempted in the
 * middle of an op, the variant file:line of its last atomic before, the
 * first atomic of the CPU that took over, and its own first atomic after
 * (sorted, distinct). On a minimised reproducer these are the atomics that
 * decide the race; a finding is one bug per title *and* racing sites.
 */
static void racing_sites(char *buf, size_t len)
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

/* Arguments with every directory replaced by its regular files, sorted (free_list). */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int expand_dirs(char **args, int n, char ***out)
{
	char **list = NULL;
	int k = 0, cap = 0, i;

	for (i = 0; i < n; i++) {
		DIR *d = opendir(args[i]);
		struct dirent *e;
		int first = k;

		if (!d) {
			if (k == cap)
				list = realloc(list, (size_t)(cap = cap * 2 + 16) * sizeof(*list));
			list[k++] = strdup(args[i]);
			continue;
		}
		while ((e = readdir(d))) {
			char path[4096];
			struct stat st;

			snprintf(path, sizeof(path), "%s/%s", args[i], e->d_name);
			if (e->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode))
				continue;
			if (k == cap)
				list = realloc(list, (size_t)(cap = cap * 2 + 16) * sizeof(*list));
			list[k++] = strdup(path);
		}
		closedir(d);
		qsort(list + first, (size_t)(k - first), sizeof(*list), cmp_str);
	}
	*out = list;
	return k;
}

static void free_list(char **list, int n)
{
	while (n--)
		free(list[n]);
	free(list);
}

/* The full check table of a replay, for a campaign's work directory. */
static int write_checks(const char *path, const struct world_variant *v, int ninputs)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "pageref: --checks %s: %s\n", path, strerror(errno));
		return 1;
	}
	fprintf(f, "variant: %s (%s)\napi generation: %s\ninputs: %d, each run once\n",
		v->name, v->header, v->generation, ninputs);
	oracle_checks_print(f, v->checks_tu, true);
	fclose(f);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The lkml form of the last run: at most 80 columns (build.sh adds the title and the variant). */
static void print_lkml(FILE *out)
{
	const struct program *p = engine_program();
	char wopts[64];

	world_opt_format(p->opts, wopts, sizeof(wopts));
	fprintf(out, "World: %s; %d CPUs, %d ops\n", wopts, p->nthreads, p->nrec);
	if (oracle_finding.report[0]) {
		fprintf(out, "\n");
		trace_wrap(out, oracle_finding.report, 78);
	}
	fprintf(out, "\n");
	trace_print(out, p->nthreads, TRACE_OPT_NARROW);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	const char *variant = NULL, *world = NULL, *save = NULL, *baseline = NULL, *checks_out = NULL;
	long runs = 100000, seed = 1, threads = 3, ops = 60, repeat = 1;
	int quiet = 0, allowed = WOPT_ALL, i, nfiles = 0, all_variants = 0, real = 0, memflags = 0, lkml = 0;
	char *files[argc > 0 ? argc : 1];

	if (!cmd || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(cmd ? stdout : stderr);
		return cmd ? 0 : 2;
	}
	if (!strcmp(cmd, "explore"))
		return cli_explore(argc, argv);
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--variant")) variant = val, i++;
		else if (!strcmp(a, "--world")) world = val, i++;
		else if (!strcmp(a, "--runs")) runs = need_num(a, val), i++;
		else if (!strcmp(a, "--seed")) seed = need_num(a, val), i++;
		else if (!strcmp(a, "--threads")) threads = need_num(a, val), i++;
		else if (!strcmp(a, "--ops")) ops = need_num(a, val), i++;
		else if (!strcmp(a, "--repeat")) repeat = need_num(a, val), i++;
		else if (!strcmp(a, "--save")) save = val, i++;
		else if (!strcmp(a, "--baseline")) baseline = val, i++;
		else if (!strcmp(a, "--checks")) checks_out = val, i++;
		else if (!strcmp(a, "--memory")) {
			if (!val || (strcmp(val, "sc") && strcmp(val, "weak"))) {
				fprintf(stderr, "pageref: --memory %s: expected sc or weak\n", val ? val : "(missing)");
				return 2;
			}
			memflags = !strcmp(val, "weak") ? ENGINE_MEMORY_WEAK : ENGINE_MEMORY_SC;
			i++;
		}
		else if (!strcmp(a, "--quiet")) quiet = quiet_notes = 1;
		else if (!strcmp(a, "--all")) all_variants = 1;
		else if (!strcmp(a, "--real")) real = 1;
		else if (!strcmp(a, "--lkml")) lkml = 1;
		else if (a[0] == '-') {
			fprintf(stderr, "pageref %s: unknown flag %s\n", cmd, a);
			usage(stderr);
			return 2;
		} else
			files[nfiles++] = argv[i];
	}
	/* a variant spinning without atomics: a finding after this much CPU time */
	sched_init();
	sched_fault_install();
	sched_set_watchdog(getenv("PAGEREF_WATCHDOG") ? atoi(getenv("PAGEREF_WATCHDOG")) : 2);
	if (world && world_opt_parse(world, &allowed)) {
		fprintf(stderr, "pageref: --world %s: unknown option (known: misuse, caller-dtor, overflow, weak)\n", world);
		return 2;
	}
	/* --world is a campaign's world: it applies to every input, as in the fuzz target */
	if (world)
		allowed |= ENGINE_FORCE_OPTS;
	allowed |= memflags;
	if (threads < 1 || threads > PR_MAX_THREADS) {
		fprintf(stderr, "pageref: --threads %ld: must be 1..%d\n", threads, PR_MAX_THREADS);
		return 2;
	}

	if (!strcmp(cmd, "list")) {
		for (i = 0; world_variants[i]; i++)
			printf("%-20s %s\n", world_variants[i]->name, world_variants[i]->header);
		return 0;
	}
	if (!strcmp(cmd, "threads")) {
		const struct world_variant *v = need_variant(variant);
		static char titles[16][ORACLE_TITLE_MAX];
		long counts[16], none, expected, r;
		int ntitles, k, found = 0;

		if (!nfiles) {
			fprintf(stderr, "pageref threads: no inputs\n");
			return 2;
		}
		if (!world)
			allowed = WOPT_ALL;
		for (i = 0; i < nfiles; i++) {
			size_t size;
			static struct scenario sc;
			/* real threads ignore the tape: a schedule need not be resolved */
			uint8_t *data = load_input_for(files[i], &size, &sc, NULL);
			static char want_buf[ORACLE_TITLE_MAX];
			const char *want = NULL;

			/* what the fiber engine says, for comparison (not under TSan:
			 * fibers there would need __tsan_switch_to_fiber) */
			if (!tsan_build() && sc.nseg) {
				free(data);
				data = load_input_for(files[i], &size, &sc, v);
			}
			if (!tsan_build() && engine_run(v, data, size, allowed, false) == VERDICT_FINDING) {
				snprintf(want_buf, sizeof(want_buf), "%s", engine_title());
				want = want_buf;
			}
			ntitles = 0;
			none = expected = 0;
			for (r = 0; r < runs; r++) {
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
				       files[i], v->name, hits, runs, want);
			} else {
				printf("%s: %s: %s; real threads: %ld of %ld runs clean\n",
				       files[i], v->name, tsan_build() ? "(TSan build: no fiber run)" :
				       "fibers: no finding", none + expected, runs);
			}
			for (k = 0; k < ntitles; k++)
				if (!want || strcmp(titles[k], want))
					printf("    also %ld x %s\n", counts[k], titles[k]);
			/* a finding, on fibers or on real threads, is exit 1 */
			found |= want || ntitles;
			free(data);
		}
		return found ? 1 : 0;
	}
	if (!strcmp(cmd, "compile") || !strcmp(cmd, "decompile")) {
		static uint8_t out[PR_MAX_INPUT];
		struct program p;
		size_t size, n;
		uint8_t *data;
		FILE *f;

		if (nfiles != (!strcmp(cmd, "compile") ? 2 : 1)) {
			fprintf(stderr, "pageref %s: expected %s\n", cmd,
				!strcmp(cmd, "compile") ? "SCENARIO OUT" : "FILE");
			return 2;
		}
		if (!strcmp(cmd, "decompile")) {
			data = load_input(files[0], &size, NULL);
			program_decode(&p, data, size);
			program_canon(&p);
			scenario_print(stdout, &p, NULL);
			return 0;
		}
		if (!has_suffix(files[0], ".scn")) {
			fprintf(stderr, "pageref compile: %s: expected a .scn scenario\n", files[0]);
			return 2;
		}
		data = load_input_for(files[0], &size, NULL, variant ? need_variant(variant) : NULL);
		program_decode(&p, data, size);
		n = program_encode(&p, out);
		f = fopen(files[1], "wbx");
		if (!f) {
			fprintf(stderr, "pageref compile: %s: %s\n", files[1], strerror(errno));
			return 2;
		}
		fwrite(out, 1, n, f);
		fclose(f);
		free(data);
		return 0;
	}
	if (!strcmp(cmd, "check")) {
		static struct scenario sc;
		int failed = 0, checked = 0, j, k;

		if (!nfiles) {
			fprintf(stderr, "pageref check: no scenarios\n");
			return 2;
		}
		for (i = 0; i < nfiles; i++) {
			size_t size;
			uint8_t *data = load_input(files[i], &size, &sc);

			for (j = 0; j < sc.nexpect; j++) {
				const struct scn_expect *e = &sc.expect[j];
				const struct world_variant *v = world_variant_find(e->variant);
				const char *got;
				int verdict;

				if (!v) {
					fprintf(stderr, "%s:%d: expect %s: no such variant\n", files[i], e->line, e->variant);
					return 2;
				}
				if (sc.nseg) {	/* a schedule resolves per variant */
					free(data);
					data = load_input_for(files[i], &size, &sc, v);
				}
				verdict = engine_run(v, data, size, WOPT_ALL, false);
				got = verdict == VERDICT_FINDING ? engine_title() :
				      verdict == VERDICT_EXPECTED ? "expected" : "none";
				checked++;
				if (e->unreviewed) {
					failed++;
					printf("FAIL %s:%d: variant %s: unreviewed expect line: check the verdict against "
					       "the seeds, write the reason in a comment above it, and drop "
					       "'unreviewed'\n", files[i], e->line, e->variant);
					continue;
				}
				/* the verdict counts only if the interleaving it is about happened */
				if (check_reached(files[i], &sc, e)) {
					failed++;
					continue;
				}
				if (strcmp(got, e->verdict)) {
					failed++;
					printf("FAIL %s:%d: variant %s: expected '%s', got '%s'\n", files[i],
					       e->line, e->variant, e->verdict, got);
				} else if (!quiet) {
					printf("ok   %s: %s: %s\n", files[i], e->variant, got);
				}
			}
			/* --all: every built-in variant must have a verdict */
			for (k = 0; world_variants[k] && all_variants; k++) {
				int has = 0;

				if (!builtin_variant(world_variants[k]))
					continue;
				for (j = 0; j < sc.nexpect; j++)
					has |= !strcmp(sc.expect[j].variant, world_variants[k]->name);
				if (!has) {
					failed++;
					printf("FAIL %s: no expect line for variant %s\n", files[i], world_variants[k]->name);
				}
			}
			free(data);
		}
		printf("check: %d verdict(s), %d failed\n", checked, failed);
		return failed ? 1 : 0;
	}
	if (!strcmp(cmd, "minimize") || !strcmp(cmd, "regress")) {
		const struct world_variant *v = need_variant(variant);
		static struct scenario meta;
		static uint8_t out[PR_MAX_INPUT];
		struct min_stats st;
		char pre[80];
		struct program p;
		size_t size, n;
		uint8_t *data;
		double t0 = now();
		int k, ops = 0;
		FILE *f = stdout;

		if (nfiles != (!strcmp(cmd, "regress") ? 2 : 1)) {
			fprintf(stderr, "pageref %s: expected %s\n", cmd,
				!strcmp(cmd, "regress") ? "FILE NEW.scn" : "FILE");
			return 2;
		}
		data = load_input(files[0], &size, NULL);
		program_decode(&p, data, size);
		free(data);
		program_canon(&p);
		if (allowed & ENGINE_FORCE_OPTS)
			p.opts = (uint8_t)(allowed & WOPT_ALL);
		if (minimize_program(v, &p, &st)) {
			fprintf(stderr, "pageref %s: %s: no finding on %s to minimise\n", cmd, files[0], v->name);
			return 2;
		}
		n = program_encode(&p, out);
		engine_run(v, out, n, WOPT_ALL, true);
		for (k = 0; k < p.nrec; k++)
			ops += !op_is_setup(p.rec[k].op);
		memset(&meta, 0, sizeof(meta));
		pre[0] = 0;
		if (st.preemptions >= 0)
			snprintf(pre, sizeof(pre), ", %d preemption(s)%s", st.preemptions,
				 st.minimal_in_preemptions ? ": minimal in preemptions" : "");
		snprintf(meta.story, sizeof(meta.story),
			 "# %s on %s, minimised by pageref:\n"
			 "# %d thread(s), %d op(s), %d context switch(es)%s.\n",
			 engine_title(), v->name, p.nthreads, ops, st.switches, pre);
		if (!strcmp(cmd, "regress")) {
			/*
			 * Proposals, not verdicts: the binary that checks them wrote
			 * them, so `check` refuses them until a person has reviewed
			 * each and written its reason.
			 */
			snprintf(meta.story + strlen(meta.story), sizeof(meta.story) - strlen(meta.story),
				 "# The expect lines below are proposals from running this build: check\n"
				 "# each against the seeds (the patch series and its review), write why\n"
				 "# above it, and drop 'unreviewed' (check refuses unreviewed lines).\n");
			for (k = 0; world_variants[k] && meta.nexpect < SCN_MAX_EXPECT; k++) {
				int verdict;

				if (!builtin_variant(world_variants[k]))
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
			f = fopen(files[1], "wx");
			if (!f) {
				fprintf(stderr, "pageref regress: %s: %s\n", files[1], strerror(errno));
				return 2;
			}
		} else {
			snprintf(meta.expect[0].variant, sizeof(meta.expect[0].variant), "%s", v->name);
			snprintf(meta.expect[0].verdict, sizeof(meta.expect[0].verdict), "%s", engine_title());
			meta.expect[0].reached = -1;
			meta.nexpect = 1;
		}
		scenario_print(f, &p, &meta);
		if (f != stdout) {
			fclose(f);
			printf("wrote %s\n", files[1]);
		}
		engine_run(v, out, n, WOPT_ALL, true);
		printf("\n");
		engine_print_report(stdout, v, quiet ? 0 : TRACE_OPT_SITES);
		{
			char sites[1024];

			racing_sites(sites, sizeof(sites));
			printf("racing sites: %s\n", sites);
		}
		fprintf(stderr, "minimised in %ld runs, %.2f s: %d thread(s), %d op(s), %d context switch(es)%s%s\n",
			st.runs, now() - t0, p.nthreads, ops, st.switches, pre,
			st.minimal_in_preemptions ? " (explore ran every schedule with fewer)" : "");
		return 0;
	}
	if (!strcmp(cmd, "canon")) {
		static uint8_t out[PR_MAX_INPUT];
		struct program p;
		size_t size, n;
		uint8_t *data;
		FILE *f;

		if (nfiles != 2) {
			fprintf(stderr, "pageref canon: expected IN OUT\n");
			return 2;
		}
		data = read_file(files[0], &size);
		program_decode(&p, data, size);
		program_canon(&p);
		if (world)
			p.opts = (uint8_t)(allowed & WOPT_ALL);	/* a campaign's world applies to every input */
		n = program_encode(&p, out);
		f = fopen(files[1], "wbx");
		if (!f) {
			fprintf(stderr, "pageref canon: %s: %s\n", files[1], strerror(errno));
			return 2;
		}
		fwrite(out, 1, n, f);
		fclose(f);
		free(data);
		return 0;
	}
	if (!strcmp(cmd, "replay")) {
		const struct world_variant *v = need_variant(variant);
		char **inputs;
		int found = 0, ninputs;

		if (!nfiles) {
			fprintf(stderr, "pageref replay: no input files\n");
			return 2;
		}
		ninputs = expand_dirs(files, nfiles, &inputs);
		for (i = 0; i < ninputs; i++) {
			size_t size;
			uint8_t *data = load_input_for(inputs[i], &size, NULL, v);
			int verdict;

			if (size > 0 && data[0] != PR_FORMAT_VERSION && !quiet)
				fprintf(stderr, "pageref: %s: format version %u, decoding as %u\n",
					inputs[i], data[0], PR_FORMAT_VERSION);
			/* the check table counts each input once */
			oracle_checks_counting = true;
			verdict = engine_run(v, data, size, allowed, true);
			oracle_checks_counting = false;
			if (repeat > 1 && replay_repeat(v, data, size, allowed, repeat)) {
				printf("%s: NOT DETERMINISTIC\n", inputs[i]);
				return 1;
			}
			engine_run(v, data, size, allowed, true);
			printf("%s: %s\n", inputs[i], verdict == VERDICT_FINDING ? engine_title() :
			       verdict == VERDICT_EXPECTED ? "no finding (expected check fired)" : "no finding");
			if (lkml)
				print_lkml(stdout);
			else if (!quiet)
				engine_print_report(stdout, v, TRACE_OPT_SITES);
			found |= verdict == VERDICT_FINDING;
			free(data);
		}
		free_list(inputs, ninputs);
		if (!quiet && !lkml) {
			printf("== the header's checks over %d input(s) (%s)\n", ninputs, v->generation);
			oracle_checks_print(stdout, v->checks_tu, true);
		}
		if (checks_out && write_checks(checks_out, v, ninputs))
			return 2;
		return found ? 1 : 0;
	}
	if (!strcmp(cmd, "orderings")) {
		const struct world_variant *v = need_variant(variant);
		const struct world_variant *w = baseline ? need_variant(baseline) : NULL;
		void *theirs = NULL;
		int pass;

		/* the same inputs for both: FILE... (scenarios, binaries) and seeded programs */
		for (pass = w ? 0 : 1; pass < 2; pass++) {
			const struct world_variant *cv = pass ? v : w;
			static uint8_t buf[PR_MAX_INPUT];
			struct gen_rng rng = { (uint64_t)seed };
			long r;

			wmm_orderings_reset();
			wmm_observe(true);
			for (i = 0; i < nfiles; i++) {
				size_t size;
				uint8_t *data = load_input_for(files[i], &size, NULL, cv);

				engine_run(cv, data, size, allowed, false);
				free(data);
			}
			for (r = 0; r < runs; r++) {
				size_t n = gen_program(&rng, buf, (int)threads, (int)ops,
						       (world ? allowed & WOPT_ALL : 0), 1);

				engine_run(cv, buf, n, (world ? allowed & WOPT_ALL : 0) | memflags, false);
			}
			wmm_observe(false);
			if (!pass)
				theirs = wmm_orderings_snapshot();
		}
		printf("Orderings observed: %d input(s) and %ld seeded program(s), seed %ld; class = the weakest\n"
		       "seen for that call and outcome (full: a full barrier before its first store and after\n"
		       "its last access; release/acquire: one half; relaxed: neither).\n\n", nfiles, runs, seed);
		if (w)
			printf("| API call | outcome | documented | %s (vs documented) | %s: atomics, in order (calls) | %s | %s vs %s |\n"
			       "| --- | --- | --- | --- | --- | --- | --- |\n", v->name, v->name, w->name, v->name, w->name);
		else
			printf("| API call | outcome | documented | %s (vs documented) | atomics, in order (calls) |\n"
			       "| --- | --- | --- | --- | --- |\n", v->name);
		wmm_orderings_print(stdout, theirs);
		free(theirs);
		return 0;
	}
	if (!strcmp(cmd, "stress") || !strcmp(cmd, "bench")) {
		const struct world_variant *v = need_variant(variant);
		static uint8_t buf[PR_MAX_INPUT];
		int wopts = (world ? allowed & WOPT_ALL : 0) | (memflags & ENGINE_MEMORY_WEAK ? WOPT_WEAK : 0);
		double t0 = now(), dt;
		long r, findings = 0, expected = 0;

		struct gen_rng rng = { (uint64_t)seed };

		for (r = 0; r < runs; r++) {
			size_t n = gen_program(&rng, buf, (int)threads, (int)ops, wopts, 1);
			int verdict = real ? engine_run_real(v, buf, n, wopts) :
				      engine_run(v, buf, n, wopts | memflags, false);

			if (verdict == VERDICT_EXPECTED)
				expected++;
			if (verdict != VERDICT_FINDING || !strcmp(cmd, "bench"))
				continue;
			/* a mutant's finding counts only where its base is clean */
			if (baseline && engine_run(need_variant(baseline), buf, n, wopts | memflags, false) != VERDICT_NONE)
				continue;
			findings++;
			if (real) {
				/* a real-thread run is not replayable: report what it said */
				printf("run %ld: %s (real threads)\n%s", r, engine_title(), oracle_finding.report);
			} else {
				engine_run(v, buf, n, wopts | memflags, true);
				printf("run %ld: %s\n", r, engine_title());
				if (!quiet)
					engine_print_report(stdout, v, TRACE_OPT_SITES);
			}
			if (save) {
				char path[4096];
				FILE *f;

				snprintf(path, sizeof(path), "%s/stress-%s-seed%ld-run%ld.bin", save, v->name, seed, r);
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
		dt = now() - t0;
		if (!strcmp(cmd, "bench")) {
			printf("bench: variant %s, %s, %ld runs (%ld threads, %ld ops), %.2f s, %.0f exec/s\n",
			       v->name, real ? "real threads" : "fibers", runs, threads, ops, dt, runs / dt);
			return 0;
		}
		printf("stress: variant %s, %ld runs, %ld finding(s), %ld expected check(s)\n",
		       v->name, r < runs ? r + 1 : runs, findings, expected);
		return findings ? 1 : 0;
	}
	fprintf(stderr, "pageref: unknown command %s\n", cmd);
	usage(stderr);
	return 2;
}
