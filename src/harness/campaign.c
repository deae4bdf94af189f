// SPDX-License-Identifier: GPL-2.0
/* The fuzz target's side of a campaign: see campaign.h for the contract. */
#include "campaign.h"
#include "engine.h"
#include "../oracle/oracle.h"
#include "../runtime/trace.h"

#include "../abi/shim_abi.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HITS_MAX	64

static struct {
	const struct world_variant *v;
	const char *titles, *inbox, *stats, *checks;
	bool first;
	unsigned long execs, explored, found;
	char *known;			/* "\ntitle\ntitle\n" as last read */
	struct { char title[ORACLE_TITLE_MAX]; unsigned long n; } hit[HITS_MAX];
	int nhits;
	time_t last;
} C;

static void stats_write(void)
{
	char tmp[PATH_MAX];
	FILE *f;
	int i;

	if (!C.stats)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", C.stats);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "execs %lu\nexplored %lu\nfound %lu\n", C.execs, C.explored, C.found);
	for (i = 0; i < C.nhits; i++)
		fprintf(f, "hit %lu %s\n", C.hit[i].n, C.hit[i].title);
	if (!fclose(f))
		rename(tmp, C.stats);
}

/* The check table's raw counts: "file:line function evals fired w0 w1 w2 mevals mfired". */
static void checks_write(void)
{
	struct shim_check *s[512];
	int n, i;
	FILE *f;

	if (!C.checks || !C.v)
		return;
	f = fopen(C.checks, "w");
	if (!f)
		return;
	n = oracle_checks_list(C.v->checks_tu, s, 512);
	for (i = 0; i < n; i++)
		fprintf(f, "site %s:%d %lu %lu %lu %lu %lu %lu %lu\n", trace_basename(s[i]->file), s[i]->line,
			s[i]->evals, s[i]->fired, s[i]->on_witness[0], s[i]->on_witness[1],
			s[i]->on_witness[2], s[i]->misuse_evals, s[i]->misuse_fired);
	for (i = 0; i < ORACLE_MAX_MISUSE; i++)
		if (oracle_unchecked[i])
			fprintf(f, "unchecked %d %lu\n", i, oracle_unchecked[i]);
	fclose(f);
}

static void campaign_exit(void)
{
	stats_write();
	checks_write();
}

void campaign_init(const struct world_variant *v, int allowed)
{
	(void)allowed;
	C.v = v;
	C.titles = getenv("PAGEREF_TITLES_FILE");
	C.inbox = getenv("PAGEREF_INBOX");
	C.stats = getenv("PAGEREF_STATS");
	C.checks = getenv("PAGEREF_CHECKS_OUT");
	C.first = getenv("PAGEREF_FIRST") && !strcmp(getenv("PAGEREF_FIRST"), "1");
	if (C.stats || C.checks)
		atexit(campaign_exit);
}

void campaign_explored(long runs)
{
	C.explored += (unsigned long)runs;
}

void campaign_count(void)
{
	time_t now;

	C.execs++;
	if (!C.stats || (C.execs & 1023))
		return;
	now = time(NULL);
	if (now != C.last) {
		C.last = now;
		stats_write();
	}
}

bool campaign_title_known(const char *title)
{
	char key[ORACLE_TITLE_MAX + 2];
	FILE *f;
	long len;

	if (!C.titles)
		return false;
	snprintf(key, sizeof(key), "\n%s\n", title);
	/* titles are only ever added: what is known stays known */
	if (C.known && strstr(C.known, key))
		return true;
	/* reread: another process of the campaign may have added titles */
	f = fopen(C.titles, "r");
	if (f) {
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		free(C.known);
		C.known = calloc(1, (size_t)len + 3);
		C.known[0] = '\n';
		if (fread(C.known + 1, 1, (size_t)len, f) != (size_t)len)
			C.known[1] = 0;
		fclose(f);
	}
	return C.known && strstr(C.known, key);
}

static void title_add(const char *title)
{
	FILE *f;

	if (!C.titles)
		return;
	f = fopen(C.titles, "a");
	if (f) {
		fprintf(f, "%s\n", title);
		fclose(f);
	}
}

static void hit(const char *title)
{
	int i;

	for (i = 0; i < C.nhits && strcmp(C.hit[i].title, title); i++)
		;
	if (i == C.nhits) {
		if (C.nhits == HITS_MAX)
			return;
		snprintf(C.hit[C.nhits++].title, sizeof(C.hit[0].title), "%s", title);
	}
	C.hit[i].n++;
}

/* The input into the inbox, named after its content: written whole, then renamed. */
static void inbox_put(const uint8_t *data, size_t size)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	int fd;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	snprintf(path, sizeof(path), "%s/finding-%016llx", C.inbox, (unsigned long long)h);
	snprintf(tmp, sizeof(tmp), "%s.tmp%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd)) {
		perror("pageref: the campaign's inbox");
		abort();	/* nothing may be lost: the engine saves it as a crash */
	}
	rename(tmp, path);
}

void campaign_finding(const struct world_variant *v, int allowed, const uint8_t *data, size_t size)
{
	const char *title = engine_title();

	if (campaign_title_known(title)) {
		hit(title);	/* counted, not filed again */
		return;
	}
	title_add(title);
	C.found++;
	if (C.inbox) {
		inbox_put(data, size);
		fprintf(stderr, "PAGEREF-FINDING: %s\n", title);
		if (C.first) {
			campaign_exit();
			_exit(0);
		}
		return;
	}
	/* no inbox: a crash the engine saves, with the report first */
	engine_run(v, data, size, allowed, true);
	engine_print_report(stderr, v, TRACE_OPT_SITES);
	fprintf(stderr, "PAGEREF-FINDING: %s\n", title);
	fprintf(stderr, "PAGEREF-EXECUTIONS: %lu\n", C.execs);
	fflush(stderr);
	abort();
}
