// SPDX-License-Identifier: GPL-2.0
/*
 * What the pageref commands share: the flags (one parser for every command
 * but explore, so each takes them all), variant lookup, number parsing,
 * reading files and inputs (binary or scenario), directory expansion.
 */
#include "cli.h"
#include "../harness/engine.h"
#include "../runtime/sched.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

/* Reachable to the end (the files array too), for the leak checkers. */
static struct cli_opts opts;

struct cli_opts *cli_parse(int argc, char **argv)
{
	struct cli_opts *o = &opts;
	int i;

	o->cmd = argv[1];
	o->fam = families[0];
	o->runs = 100000;
	o->seed = 1;
	o->threads = 3;
	o->ops = 60;
	o->repeat = 1;
	o->allowed = WOPT_ALL;
	o->files = malloc((size_t)(argc > 0 ? argc : 1) * sizeof(*o->files));
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--variant")) o->variant = val, i++;
		else if (!strcmp(a, "--class")) o->class = val, i++;
		else if (!strcmp(a, "--api")) {
			o->api = val;
			if (!val || !(o->fam = family_find(val))) {
				fprintf(stderr, "pageref: --api %s: no such family\n", val ? val : "(missing)");
				return NULL;
			}
			i++;
		}
		else if (!strcmp(a, "--world")) o->world = val, i++;
		else if (!strcmp(a, "--runs")) o->runs = need_num(a, val), i++;
		else if (!strcmp(a, "--seed")) o->seed = need_num(a, val), i++;
		else if (!strcmp(a, "--threads")) o->threads = need_num(a, val), i++;
		else if (!strcmp(a, "--ops")) o->ops = need_num(a, val), i++;
		else if (!strcmp(a, "--repeat")) o->repeat = need_num(a, val), i++;
		else if (!strcmp(a, "--save")) o->save = val, i++;
		else if (!strcmp(a, "--baseline")) o->baseline = val, i++;
		else if (!strcmp(a, "--checks")) o->checks_out = val, i++;
		else if (!strcmp(a, "--memory")) {
			if (!val || (strcmp(val, "sc") && strcmp(val, "weak"))) {
				fprintf(stderr, "pageref: --memory %s: expected sc or weak\n", val ? val : "(missing)");
				return NULL;
			}
			o->memflags = !strcmp(val, "weak") ? ENGINE_MEMORY_WEAK : ENGINE_MEMORY_SC;
			i++;
		}
		else if (!strcmp(a, "--quiet")) o->quiet = 1;
		else if (!strcmp(a, "--all")) o->all_variants = 1;
		else if (!strcmp(a, "--real")) o->real = 1;
		else if (!strcmp(a, "--lkml")) o->lkml = 1;
		else if (a[0] == '-') {
			fprintf(stderr, "pageref %s: unknown flag %s (pageref --help lists every command's)\n",
				o->cmd, a);
			return NULL;
		} else
			o->files[o->nfiles++] = argv[i];
	}
	/* a variant spinning without atomics: a finding after this much CPU time */
	sched_init();
	sched_fault_install();
	sched_set_watchdog(getenv("PAGEREF_WATCHDOG") ? atoi(getenv("PAGEREF_WATCHDOG")) : 2);
	if (o->world && ops_opt_parse(o->fam->ops, o->world, &o->allowed)) {
		char known[128] = "";
		int b, off = 0;

		for (b = 0; b < NR_FAMILY_OPTS; b++)
			if (o->fam->ops->opt_names[b])
				off += snprintf(known + off, sizeof(known) - off, "%s, ", o->fam->ops->opt_names[b]);
		fprintf(stderr, "pageref: --world %s: unknown option (known: %sweak)\n", o->world, known);
		return NULL;
	}
	/* --world is a campaign's world: it applies to every input, as in the fuzz target */
	if (o->world)
		o->allowed |= ENGINE_FORCE_OPTS;
	o->allowed |= o->memflags;
	if (o->threads < 1 || o->threads > PR_MAX_THREADS) {
		fprintf(stderr, "pageref: --threads %ld: must be 1..%d\n", o->threads, PR_MAX_THREADS);
		return NULL;
	}
	return o;
}

const struct world_variant *cli_need_variant(const char *name)
{
	const struct world_variant *v;
	int i;

	if (!name) {
		fprintf(stderr, "pageref: --variant is required\n");
		exit(2);
	}
	v = world_variant_find(opts.fam, name);
	if (!v) {
		fprintf(stderr, "pageref: --variant %s: no such variant (built:", name);
		for (i = 0; world_variants[i]; i++)
			if (world_variants[i]->family == opts.fam)
				fprintf(stderr, " %s", world_variants[i]->name);
		fprintf(stderr, ")\n");
		exit(2);
	}
	return v;
}

int cli_has_class(const struct world_variant *v, const char *class)
{
	size_t n = strlen(class);
	const char *c;

	for (c = v->classes; (c = strstr(c, class)); c += n)
		if ((c == v->classes || c[-1] == ' ') && (c[n] == ' ' || !c[n]))
			return 1;
	return 0;
}

int cli_builtin_variant(const struct world_variant *v)
{
	return cli_has_class(v, "shipped");
}

int cli_has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

uint8_t *cli_read_file(const char *path, size_t *size)
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

uint8_t *cli_load_input(const char *path, size_t *size, struct scenario *sc)
{
	return cli_load_input_for(path, size, sc, NULL);
}

uint8_t *cli_load_input_for(const char *path, size_t *size, struct scenario *sc,
			    const struct world_variant *v)
{
	static struct scenario local;
	uint8_t *data = cli_read_file(path, size);
	bool want_meta = sc != NULL;	/* check: resolves per variant itself */
	char err[512];

	if (!cli_has_suffix(path, ".scn"))
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
	/* a scenario's bytes mean something only in its own family's op table */
	if (v && sc->prog.tab != v->family->ops) {
		fprintf(stderr, "%s: a scenario of api %s, but variant %s is %s's (give --api %s and "
			"one of its variants)\n", path, sc->prog.tab->api, v->name, v->family->name,
			sc->prog.tab->api);
		exit(2);
	}
	if (sc->nseg && !(want_meta && !v)) {
		if (!v) {
			fprintf(stderr, "%s: has a schedule, which names atomics: give --variant to compile it\n", path);
			exit(2);
		}
		scenario_resolve(sc, v, err, sizeof(err));
		/* --quiet: without the resolver's notes */
		if (err[0] && !opts.quiet)
			fprintf(stderr, "%s:%s\n", path, err);
	}
	data = malloc(PR_MAX_INPUT);
	*size = program_encode(&sc->prog, data);
	return data;
}

/*
 * The family of the scenario at @path, as the scenario parser reads its
 * "api" line; NULL for an input that is not a .scn file, or a scenario the
 * parser rejects (its load says why).
 */
const struct family *cli_scenario_family(const char *path)
{
	static struct scenario sc;
	const struct family *fam = NULL;
	char err[256];
	size_t size;
	uint8_t *text;

	if (!cli_has_suffix(path, ".scn"))
		return NULL;
	text = cli_read_file(path, &size);
	text = realloc(text, size + 1);
	text[size] = 0;
	if (!memchr(text, 0, size) && !scenario_parse(path, (const char *)text, &sc, err, sizeof(err)))
		fam = family_find(sc.prog.tab->api);
	free(text);
	return fam;
}

/* @path is a scenario of another family than @fam's (to leave out of a directory or glob). */
bool cli_other_family(const char *path, const struct family *fam)
{
	const struct family *f = cli_scenario_family(path);

	return f && f != fam;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_expand_dirs(char **args, int n, const struct family *fam, char ***out)
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
			if (e->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode) ||
			    cli_other_family(path, fam))
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

void cli_free_list(char **list, int n)
{
	while (n--)
		free(list[n]);
	free(list);
}

double cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
