// SPDX-License-Identifier: GPL-2.0
/*
 * pageref: the standalone tool. Replays inputs (any file, failing or not,
 * with its CPU-column trace), runs seeded random programs without a fuzzing
 * engine, and measures executions per second.
 */
#include "../src/harness/engine.h"
#include "../src/oracle/oracle.h"
#include "../src/runtime/trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pageref list\n"
		"       pageref replay  --variant NAME [--world OPTS] [--quiet] FILE...\n"
		"       pageref stress  --variant NAME [--world OPTS] [--runs N] [--seed S] [--save DIR]\n"
		"       pageref bench   --variant NAME [--runs N] [--seed S] [--threads T] [--ops K]\n"
		"OPTS: comma-separated misuse,caller-dtor,overflow (replay default: as the file says)\n");
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

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * A typical program: a few setup pages, then ops on the same pfns, and a
 * tape of random decisions. Deterministic in the seed.
 */
static size_t gen_program(uint8_t *buf, int threads, int ops, int opts)
{
	int nsetup = 1 + (int)(rng() % 4), i, n = 0, tape;
	size_t off = 4;

	buf[0] = PR_FORMAT_VERSION;
	buf[1] = (uint8_t)((threads - 1) | opts << 2);
	for (i = 0; i < nsetup; i++, n++) {
		buf[off++] = (uint8_t)(rng() % 3);
		buf[off++] = (uint8_t)(rng() % threads);
		buf[off++] = (uint8_t)(rng() % WORLD_MAX_PFNS);
		buf[off++] = (uint8_t)rng();
	}
	for (i = 0; i < ops && n < PR_MAX_RECORDS; i++, n++) {
		buf[off++] = (uint8_t)(3 + rng() % (NR_WORLD_OPS - 3));
		buf[off++] = (uint8_t)(rng() % threads);
		buf[off++] = (uint8_t)(rng() % WORLD_MAX_PFNS);
		buf[off++] = (uint8_t)rng();
	}
	buf[2] = (uint8_t)n;
	buf[3] = 0;
	tape = 16 + (int)(rng() % 112);
	for (i = 0; i < tape; i++)
		buf[off++] = (uint8_t)(rng() % 8);
	return off;
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

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	const char *variant = NULL, *world = NULL, *save = NULL;
	long runs = 100000, seed = 1, threads = 3, ops = 60;
	int quiet = 0, allowed = WOPT_ALL, i, nfiles = 0;
	char **files = calloc((size_t)argc, sizeof(char *));

	if (!cmd || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(cmd ? stdout : stderr);
		return cmd ? 0 : 2;
	}
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--variant")) variant = val, i++;
		else if (!strcmp(a, "--world")) world = val, i++;
		else if (!strcmp(a, "--runs")) runs = need_num(a, val), i++;
		else if (!strcmp(a, "--seed")) seed = need_num(a, val), i++;
		else if (!strcmp(a, "--threads")) threads = need_num(a, val), i++;
		else if (!strcmp(a, "--ops")) ops = need_num(a, val), i++;
		else if (!strcmp(a, "--save")) save = val, i++;
		else if (!strcmp(a, "--quiet")) quiet = 1;
		else if (a[0] == '-') {
			fprintf(stderr, "pageref %s: unknown flag %s\n", cmd, a);
			usage(stderr);
			return 2;
		} else
			files[nfiles++] = argv[i];
	}
	if (world && world_opt_parse(world, &allowed)) {
		fprintf(stderr, "pageref: --world %s: unknown option (known: misuse, caller-dtor, overflow)\n", world);
		return 2;
	}
	if (threads < 1 || threads > PR_MAX_THREADS) {
		fprintf(stderr, "pageref: --threads %ld: must be 1..%d\n", threads, PR_MAX_THREADS);
		return 2;
	}

	if (!strcmp(cmd, "list")) {
		for (i = 0; world_variants[i]; i++)
			printf("%-20s %s\n", world_variants[i]->name, world_variants[i]->header);
		return 0;
	}
	if (!strcmp(cmd, "replay")) {
		const struct world_variant *v = need_variant(variant);
		int found = 0;

		if (!nfiles) {
			fprintf(stderr, "pageref replay: no input files\n");
			return 2;
		}
		for (i = 0; i < nfiles; i++) {
			size_t size;
			uint8_t *data = read_file(files[i], &size);
			int verdict = engine_run(v, data, size, allowed, true);

			if (size > 0 && data[0] != PR_FORMAT_VERSION)
				fprintf(stderr, "pageref: %s: format version %u, decoding as %u\n",
					files[i], data[0], PR_FORMAT_VERSION);
			printf("%s: %s\n", files[i], verdict == VERDICT_FINDING ? engine_title() :
			       verdict == VERDICT_EXPECTED ? "no finding (expected check fired)" : "no finding");
			if (!quiet)
				engine_print_report(stdout, v, TRACE_OPT_SITES);
			found |= verdict == VERDICT_FINDING;
			free(data);
		}
		return found ? 1 : 0;
	}
	if (!strcmp(cmd, "stress") || !strcmp(cmd, "bench")) {
		const struct world_variant *v = need_variant(variant);
		static uint8_t buf[PR_MAX_INPUT];
		int wopts = world ? allowed : 0;
		double t0 = now(), dt;
		long r, findings = 0, expected = 0;

		rng_state = (uint64_t)seed;
		for (r = 0; r < runs; r++) {
			size_t n = gen_program(buf, (int)threads, (int)ops, wopts);
			int verdict = engine_run(v, buf, n, wopts, false);

			if (verdict == VERDICT_EXPECTED)
				expected++;
			if (verdict != VERDICT_FINDING || !strcmp(cmd, "bench"))
				continue;
			findings++;
			engine_run(v, buf, n, wopts, true);
			printf("run %ld: %s\n", r, engine_title());
			if (!quiet)
				engine_print_report(stdout, v, TRACE_OPT_SITES);
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
			printf("bench: variant %s, %ld runs (%ld threads, %ld ops), %.2f s, %.0f exec/s\n",
			       v->name, runs, threads, ops, dt, runs / dt);
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
