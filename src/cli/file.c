// SPDX-License-Identifier: GPL-2.0
/*
 * pageref file: the finding pipeline. An input that shows a finding (a
 * campaign's, a crash file, a scenario) becomes one bug's directory under
 * findings/<label>/, in one process and one place:
 *   canonicalise -> replay (the title and the full report) -> minimise (the
 *   smallest program with the same title, its racing sites) -> dedup by
 *   one key, the title *and* the racing sites -> write, never overwrite.
 *
 * A bug directory holds repro-raw.bin (the input as found), repro.bin (its
 * canonical form), report.txt (the lkml block, then the full report),
 * minimized.scn and minimized.txt (the regression case and its trace),
 * sites and count; a finding under --memory weak also finding.litmus, its
 * minimal run as a kernel C litmus test (src/litmus/out.c) with our
 * model's verdict on it and herd7's when herd7 is at hand, so a reviewer
 * checks it with the LKMM's own tool (issue 20). A bug seen before only adds to its count; two races with
 * one title are two bugs, the second filed as <title>@<hash of its sites>.
 * Campaigns (build.sh), the fuzz targets' inboxes and people all file
 * through here.
 */
#include "cli.h"
#include "../harness/engine.h"
#include "../harness/minimize.h"
#include "../litmus/litmus.h"
#include "../memory/wmm.h"
#include "../oracle/oracle.h"
#include "../runtime/trace.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPORT_MARK "=== full report (pageref-fuzz) ==="

struct file_opts {
	const struct world_variant *v;
	const char *root;	/* findings/ */
	const char *label;	/* findings/<label>/ */
	const char *about;	/* the variant's description lines, or NULL: a built-in */
	const char *reproduce;	/* --variant ... of the reproduce line */
	int allowed;
	bool quiet;
};

static int filed, again, unfiled, unconfirmed;
/* titles filed by this process: their hits only add to the count */
static char new_titles[64][ORACLE_TITLE_MAX];
static int nnew;

/* @path as printed: relative to the working directory when under it. */
static const char *shown(const char *path)
{
	static char cwd[PATH_MAX];
	size_t n;

	if (!cwd[0] && !getcwd(cwd, sizeof(cwd)))
		return path;
	n = strlen(cwd);
	return !strncmp(path, cwd, n) && path[n] == '/' ? path + n + 1 : path;
}

/* The directory name of a title: [A-Za-z0-9_.-], runs of others as one _. */
static void slug_of(const char *title, char *out, size_t len)
{
	size_t n = 0;

	for (; *title && n + 1 < len && n < 100; title++) {
		char c = *title;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '.' || c == '-';

		if (!ok)
			c = '_';
		if (c == '_' && (n == 0 || out[n - 1] == '_'))
			continue;
		out[n++] = c;
	}
	while (n && out[n - 1] == '_')
		n--;
	out[n] = 0;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, 0, f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Write @len bytes to a file that must not exist yet. */
static int write_new_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	if (close(fd) || n != (ssize_t)len)
		return -1;
	return 0;
}

/* Replace @path's content (the count): a new file renamed over it. */
static int replace_file(const char *path, const char *text)
{
	char tmp[PATH_MAX];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fputs(text, f);
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

/*
 * The directory of the bug with @title and @sites, filed or to be filed (a
 * directory filed before racing sites were kept matches by title). Returns
 * true if it exists.
 */
static bool finding_dir(const struct file_opts *fo, const char *title, const char *sites,
			char *dir, size_t len)
{
	char slug[128], base[PATH_MAX], pattern[PATH_MAX + 4], sfile[PATH_MAX + 8], *have;
	unsigned int h = 2166136261u;
	glob_t g = { 0 };
	size_t k;
	bool found = false;
	const char *c;

	slug_of(title, slug, sizeof(slug));
	snprintf(base, sizeof(base), "%s/%s/%s", fo->root, fo->label, slug);
	snprintf(pattern, sizeof(pattern), "%s@*", base);
	glob(pattern, 0, NULL, &g);
	/* the plain name first, then every NAME@HASH */
	for (k = 0; k <= g.gl_pathc && !found; k++) {
		const char *d = k ? g.gl_pathv[k - 1] : base;
		struct stat st;

		if (stat(d, &st) || !S_ISDIR(st.st_mode))
			continue;
		snprintf(sfile, sizeof(sfile), "%s/sites", d);
		have = read_text(sfile);
		have = have ? (have[strcspn(have, "\n")] = 0, have) : NULL;
		if ((!have && !k) || (have && !strcmp(have, sites))) {
			snprintf(dir, len, "%s", d);
			found = true;
		}
		free(have);
	}
	globfree(&g);
	if (found)
		return true;
	for (c = sites; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	if (access(base, F_OK) == 0)
		snprintf(dir, len, "%s@%08x", base, h);
	else
		snprintf(dir, len, "%s", base);
	return false;
}

/* The block a reviewer pastes into an lkml reply: at most 80 columns. */
static void lkml_block(FILE *f, const struct file_opts *fo, const char *title)
{
	char *about = fo->about ? read_text(fo->about) : NULL;

	fprintf(f, "pageref-fuzz: %s\n\n", title);
	if (about) {
		char *line, *save = NULL;

		for (line = strtok_r(about, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, "Name:", 5))
				fprintf(f, "%s\n", line);
		free(about);
	} else if (fo->v->family == families[0]) {
		fprintf(f, "Variant: built-in %s (pageref-fuzz shim/variants)\n", fo->v->name);
	} else {
		fprintf(f, "Variant: built-in %s of %s (pageref-fuzz src/family/%s)\n", fo->v->name,
			fo->v->family->name, fo->v->family->name);
	}
	cli_print_lkml(f);
	fprintf(f, "\nReproduce (pageref-fuzz; minimized.scn from the finding's directory):\n");
	if (strlen("  ./build.sh replay  minimized.scn") + strlen(fo->reproduce) <= 80)
		fprintf(f, "  ./build.sh replay %s minimized.scn\n", fo->reproduce);
	else	/* 80 columns: a shell line continued */
		fprintf(f, "  ./build.sh replay %s \\\n      minimized.scn\n", fo->reproduce);
	if (strchr(fo->reproduce, '<'))
		fprintf(f, "  (<...>: your own checkout or copy of it)\n");
}

/*
 * herd7's Observation verdict on @path: $HERD7, else herd7 on PATH, given
 * at most HERD7_TIMEOUT seconds (default 120). Writes a word to @out:
 * Never/Sometimes/Always, or why there is none.
 */
static void herd7_verdict(const char *path, char *out, size_t len)
{
	const char *herd = getenv("HERD7"), *limit = getenv("HERD7_TIMEOUT");
	char buf[4096], *obs;
	size_t n = 0;
	ssize_t k;
	int pfd[2], status;
	pid_t pid;

	snprintf(out, len, "not run (no herd7 on PATH; HERD7=... names one)");
	if (!herd || !*herd)
		herd = "herd7";
	if (pipe(pfd))
		return;
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		close(pfd[1]);
		execlp("timeout", "timeout", limit && *limit ? limit : "120", herd, path, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		return;
	}
	while (n < sizeof(buf) - 1 && (k = read(pfd[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += (size_t)k;
	buf[n] = 0;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	obs = strstr(buf, "\nObservation ");
	if (!obs && !strncmp(buf, "Observation ", 12))
		obs = buf - 1;
	if (obs) {
		char name[128], verdict[32];

		if (sscanf(obs + 1, "Observation %127s %31s", name, verdict) == 2)
			snprintf(out, len, "%s", verdict);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 124) {
		snprintf(out, len, "did not finish in %s s", limit && *limit ? limit : "120");
	} else if (!(WIFEXITED(status) && WEXITSTATUS(status) == 127)) {
		snprintf(out, len, "no verdict (herd7 said: %.60s)", buf);
		out[strcspn(out, "\n")] = 0;
	}
}

/*
 * A weak-memory finding as a litmus test: the minimal run @enc again with
 * the access log on, written to DIR/finding.litmus; returns the lines for
 * the lkml block (our model's verdict, herd7's), or NULL if the run does
 * not fit a litmus test.
 */
static char *finding_litmus(const struct world_variant *v, const uint8_t *enc, size_t len,
			    const char *dir, const char *title)
{
	char path[PATH_MAX + 32], doc[1024], herd[160], *note = NULL, *text = NULL;
	size_t nlen = 0, tlen = 0;
	struct lt_result r;
	struct litmus *t;
	FILE *f;
	int rc;

	wmm_log(true);
	engine_run(v, enc, len, WOPT_ALL, true);
	wmm_log(false);
	snprintf(doc, sizeof(doc),
		 " * pageref-fuzz: %s\n"
		 " * on %s: the finding's minimal run (minimized.scn), each CPU's accesses\n"
		 " * to the refcount, ref0.., and the page contents, data0.., with the\n"
		 " * header's own orderings; exists: every value the run read.\n", title, v->name);
	f = open_memstream(&text, &tlen);
	rc = litmus_from_log(f, "pageref-finding", doc, true);
	fclose(f);
	snprintf(path, sizeof(path), "%s/finding.litmus", dir);
	if (rc || write_new_file(path, text, tlen)) {
		free(text);
		return NULL;
	}
	free(text);
	memset(&r, 0, sizeof(r));
	t = litmus_parse(path);
	if (!t)
		return NULL;
	litmus_run_engine(t, &r, 2000000);
	herd7_verdict(path, herd, sizeof(herd));
	f = open_memstream(&note, &nlen);
	fprintf(f, "\nThe run as a litmus test (LKMM), finding.litmus in the finding's directory:\n");
	fprintf(f, "  pageref litmus: %s%s\n", litmus_verdict(&r), r.bad ? " (and an execution the LKMM forbids)" : "");
	fprintf(f, "  herd7:          %s\n", herd);
	fprintf(f, "  (herd7 with the kernel's tools/memory-model: herd7 finding.litmus)\n");
	fclose(f);
	litmus_result_free(&r);
	litmus_free(t);
	return note;
}

/* One input; returns 1 if it was filed or counted, 0 if not a finding. */
static int file_one(const struct file_opts *fo, const char *input)
{
	static uint8_t canon[PR_MAX_INPUT], menc[PR_MAX_INPUT];
	static struct scenario meta;
	size_t mlen_enc;
	char *lit = NULL;
	const struct world_variant *v = fo->v;
	struct program p, m;
	struct min_stats st;
	char title[ORACLE_TITLE_MAX], sites[1024], dir[PATH_MAX], path[PATH_MAX + 32];
	char *report = NULL, *block = NULL, *min = NULL, *cut;
	size_t size, nc, rlen = 0, blen = 0, mlen = 0;
	uint8_t *raw = cli_load_input_for(input, &size, NULL, v);
	FILE *f;
	bool exists;
	int rc = 0;

	program_decode(&p, v->family->ops, raw, size);
	program_canon(&p);
	if (fo->allowed & ENGINE_FORCE_OPTS)
		p.opts = (uint8_t)(fo->allowed & WOPT_ALL);	/* the campaign's world */
	nc = program_encode(&p, canon);

	/* the title and the full report, with the check table of this input alone */
	oracle_checks_clear();
	oracle_checks_counting = true;
	engine_run(v, canon, nc, WOPT_ALL, false);
	oracle_checks_counting = false;
	if (engine_run(v, canon, nc, WOPT_ALL, true) != VERDICT_FINDING) {
		const char *base = strrchr(input, '/');

		/*
		 * A hang the engine timed by the wall clock (libFuzzer's
		 * -timeout, AFL++'s hangs/) on a loaded machine: the run is
		 * deterministic and the watchdog times CPU, so a real hang
		 * would be this run's finding. Kept, not a finding.
		 */
		if (!strncmp(base ? base + 1 : input, "timeout-", 8)) {
			fprintf(stderr, "note: %s: a wall-clock timeout of the fuzzing engine; it does not hang "
				"or find anything on %s here (not confirmed; kept)\n", shown(input), v->name);
			unconfirmed++;
		} else {
			fprintf(stderr, "warning: %s does not reproduce a finding on %s (kept)\n", shown(input),
				v->name);
			unfiled++;
		}
		free(raw);
		return 0;
	}
	snprintf(title, sizeof(title), "%s", engine_title());
	f = open_memstream(&report, &rlen);
	fprintf(f, "repro.bin: %s\n", title);
	engine_print_report(f, v, TRACE_OPT_SITES);
	fprintf(f, "== the header's checks over 1 input(s) (%s)\n", v->generation);
	oracle_checks_print(f, v->checks_tu, &v->family->oracle, true);
	fclose(f);

	/* the smallest program with the same title, and its racing sites */
	m = p;
	if (minimize_program(v, &m, &st)) {
		fprintf(stderr, "warning: %s: the finding does not minimise (kept)\n", shown(input));
		unfiled++;
		goto out;
	}
	mlen_enc = program_encode(&m, menc);
	/* the lkml block shows the smallest run, the one a reviewer reads */
	engine_run(v, menc, mlen_enc, WOPT_ALL, true);
	f = open_memstream(&block, &blen);
	lkml_block(f, fo, title);
	fclose(f);
	cli_min_story(&meta, v, &m, &st);
	snprintf(meta.expect[0].variant, sizeof(meta.expect[0].variant), "%s", v->name);
	snprintf(meta.expect[0].verdict, sizeof(meta.expect[0].verdict), "%s", engine_title());
	meta.expect[0].reached = -1;
	meta.nexpect = 1;
	f = open_memstream(&min, &mlen);
	cli_min_print(f, v, &m, &meta, 0);
	fclose(f);
	cut = strstr(min, "\nracing sites: ");
	snprintf(sites, sizeof(sites), "%s", cut ? cut + 15 : "unknown\n");
	sites[strcspn(sites, "\n")] = 0;
	if (cut)
		cut[1] = 0;

	exists = finding_dir(fo, title, sites, dir, sizeof(dir));
	if (exists) {
		char num[32], *c;
		long n;

		snprintf(path, sizeof(path), "%s/count", dir);
		c = read_text(path);
		n = (c ? atol(c) : 1) + 1;
		free(c);
		snprintf(num, sizeof(num), "%ld\n", n);
		replace_file(path, num);
		printf("AGAIN: %s (hit %ld times; %s/)\n", title, n, shown(dir));
		again++;
		rc = 1;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", fo->root, fo->label);
	if (mkdir_p(path) || mkdir(dir, 0755)) {
		if (errno == EEXIST) {	/* another campaign filed it a moment ago */
			printf("AGAIN: %s (%s/)\n", title, shown(dir));
			again++;
			rc = 1;
			goto out;
		}
		fprintf(stderr, "error: cannot write %s/: '%s' not filed (reproducer kept: %s): %s\n",
			shown(dir), title, shown(input), strerror(errno));
		unfiled++;
		goto out;
	}
	{
		char *rep;
		size_t replen;
		const char *scn_end = strstr(min, "\nexpect ");
		size_t scn_len = scn_end ? (size_t)(strchr(scn_end + 1, '\n') - min) + 1 : strlen(min);
		int bad = 0;

		if (m.opts & WOPT_WEAK)
			lit = finding_litmus(v, menc, mlen_enc, dir, title);
		f = open_memstream(&rep, &replen);
		fprintf(f, "%s%s%s\n%s", block, lit ? lit : "", REPORT_MARK, report);
		fclose(f);
#define NEWF(name, data, len) (snprintf(path, sizeof(path), "%s/" name, dir), \
			       bad |= write_new_file(path, data, len))
		NEWF("repro-raw.bin", raw, size);
		NEWF("repro.bin", canon, program_encode(&p, canon));
		NEWF("report.txt", rep, replen);
		NEWF("minimized.txt", min, strlen(min));
		NEWF("minimized.scn", min, scn_len);
		strcat(sites, "\n");
		NEWF("sites", sites, strlen(sites));
		sites[strlen(sites) - 1] = 0;
		NEWF("count", "1\n", 2);
#undef NEWF
		free(rep);
		if (bad) {
			fprintf(stderr, "error: cannot write %s/: '%s' not filed completely (reproducer kept: %s)\n",
				shown(dir), title, shown(input));
			unfiled++;
			goto out;
		}
	}
	if (nnew < 64)
		snprintf(new_titles[nnew++], sizeof(new_titles[0]), "%s", title);
	printf("FOUND: %s\n", title);
	if (strcmp(sites, "none"))
		printf("  racing sites: %s\n", sites);
	printf("  reproducer: %s/repro.bin (raw: repro-raw.bin)\n", shown(dir));
	printf("  minimised:  %s/minimized.scn (trace: minimized.txt)\n", shown(dir));
	if (lit)
		printf("  litmus:     %s/finding.litmus (report.txt: the verdicts on it)\n", shown(dir));
	printf("  replay:     ./build.sh replay %s %s/repro.bin\n", fo->reproduce, shown(dir));
	filed++;
	rc = 1;
out:
	free(lit);
	free(raw);
	free(report);
	free(block);
	free(min);
	return rc;
}

/*
 * --hits FILE: titles a campaign saw again without filing them, "COUNT
 * TITLE" lines (several lines may name one title): added to their counts.
 */
static void count_hits(const struct file_opts *fo, const char *hits)
{
	char *text = read_text(hits), *line, *save = NULL;
	static char seen[64][ORACLE_TITLE_MAX];
	static long n[64];
	int k, i, nt = 0;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *title = strchr(line, ' ');

		if (!title)
			continue;
		*title++ = 0;
		for (k = 0; k < nt && strcmp(seen[k], title); k++)
			;
		if (k == nt && nt < 64)
			snprintf(seen[nt++], sizeof(seen[0]), "%s", title);
		if (k < 64)
			n[k] += atol(line);
	}
	free(text);
	for (k = 0; k < nt; k++) {
		char slug[128], path[PATH_MAX], num[32], *c;
		long total;

		slug_of(seen[k], slug, sizeof(slug));
		snprintf(path, sizeof(path), "%s/%s/%s/count", fo->root, fo->label, slug);
		if (!(c = read_text(path)))
			continue;
		total = atol(c) + n[k];
		free(c);
		snprintf(num, sizeof(num), "%ld\n", total);
		replace_file(path, num);
		path[strlen(path) - 6] = 0;
		for (i = 0; i < nnew && strcmp(new_titles[i], seen[k]); i++)
			;
		if (i < nnew)
			continue;	/* filed just now: its hits are its count */
		printf("AGAIN: %s (+%ld, %ld hits in all; %s/)\n", seen[k], n[k], total, shown(path));
		again++;
	}
}

int cli_file(int argc, char **argv)
{
	static char reproduce[512];
	struct file_opts fo = { 0 };
	const char *hits = NULL;
	char **args = malloc((size_t)argc * sizeof(*args));
	int i, n = 0;
	struct cli_opts *o;

	/* its own flags first; the rest are the common ones */
	args[n++] = argv[0];
	args[n++] = argv[1];
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--findings") || !strcmp(a, "--label") || !strcmp(a, "--about") ||
		    !strcmp(a, "--reproduce") || !strcmp(a, "--hits")) {
			if (!val) {
				fprintf(stderr, "pageref file: %s needs a value\n", a);
				free(args);
				return 2;
			}
			if (!strcmp(a, "--findings")) fo.root = val;
			else if (!strcmp(a, "--label")) fo.label = val;
			else if (!strcmp(a, "--about")) fo.about = val;
			else if (!strcmp(a, "--reproduce")) fo.reproduce = val;
			else hits = val;
			i++;
		} else {
			args[n++] = argv[i];
		}
	}
	o = cli_parse(n, args);
	if (!o) {
		free(args);
		return 2;
	}
	fo.v = cli_need_variant(o->variant);
	fo.allowed = o->allowed;
	fo.quiet = o->quiet;
	if (!fo.root)
		fo.root = getenv("PAGEREF_FINDINGS_DIR") ? getenv("PAGEREF_FINDINGS_DIR") : "findings";
	if (!fo.label)
		fo.label = fo.v->name;
	if (!fo.reproduce) {
		if (fo.v->family == families[0])
			snprintf(reproduce, sizeof(reproduce), "--variant %s", fo.v->name);
		else
			snprintf(reproduce, sizeof(reproduce), "--api %s --variant %s", fo.v->family->name,
				 fo.v->name);
		fo.reproduce = reproduce;
	}
	if (!o->nfiles && !hits) {
		fprintf(stderr, "pageref file: no inputs\n");
		free(args);
		return 2;
	}
	for (i = 0; i < o->nfiles; i++)
		file_one(&fo, o->files[i]);
	if (hits)
		count_hits(&fo, hits);
	printf("file: %d new finding(s), %d seen again%s%s\n", filed, again,
	       unfiled ? ", some not filed (see above)" : "",
	       unconfirmed ? ", wall-clock timeouts not confirmed (see above)" : "");
	free(args);
	return filed || again || unfiled ? 1 : 0;
}
