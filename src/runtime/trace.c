// SPDX-License-Identifier: GPL-2.0
#include "trace.h"

#include "../abi/shim_abi.h"

#include <stdlib.h>
#include <string.h>

bool trace_on;
void (*trace_describe_op)(uint32_t packed, int thread, char *buf, int len);
static struct trace_ev trace_buf[TRACE_MAX];
static int trace_n;
static int trace_dropped;

void trace_reset(bool on)
{
	trace_on = on;
	trace_n = 0;
	trace_dropped = 0;
}

int trace_len(void)
{
	return trace_n;
}

const struct trace_ev *trace_get(int i)
{
	return &trace_buf[i];
}

void trace_record(int kind, int thread, const struct shim_site *site, const char *fmt,
		  int32_t a, int32_t b, int32_t c)
{
	struct trace_ev *e;

	if (trace_n >= TRACE_MAX) {
		trace_dropped++;
		return;
	}
	e = &trace_buf[trace_n++];
	e->kind = (uint8_t)kind;
	e->thread = (uint8_t)thread;
	e->site = site;
	e->fmt = fmt;
	e->a = a;
	e->b = b;
	e->c = c;
}

void trace_finding(int thread, const char *title)
{
	trace_add(EV_FINDING, thread < 0 ? 0 : thread, NULL, title, 0, 0, 0);
}

/* Small values in decimal, refcounts near the sign bit in hex. */
static void fmt_val(char *buf, size_t len, int32_t v)
{
	if (v > -(1 << 20) && v < (1 << 20))
		snprintf(buf, len, "%d", v);
	else
		snprintf(buf, len, "%#x", (unsigned int)v);
}

const char *trace_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int is_cas(const char *op)
{
	return strstr(op, "cmpxchg") != NULL;
}

static int is_bool_ret(const char *op)
{
	return strstr(op, "_and_test") || strstr(op, "try_cmpxchg") || strstr(op, "negative");
}

#define CELL_MAX 96

struct row {
	int thread;
	char cell[CELL_MAX];
	char site[64];
};

static int format_event(const struct trace_ev *e, const char **last_func, struct row *r)
{
	char o[24], n[24], v[24];
	const struct shim_site *s = e->site;
	int len = 0;

	r->thread = e->thread;
	r->site[0] = 0;
	switch (e->kind) {
	case EV_OP: {
		*last_func = NULL;
		if (trace_describe_op)
			trace_describe_op((uint32_t)e->b, e->thread, r->cell, CELL_MAX);
		else
			snprintf(r->cell, CELL_MAX, "op %#x", (unsigned int)e->b);
		return 1;
	}
	case EV_STEP:
		len = snprintf(r->cell, CELL_MAX, "  ");
		snprintf(r->cell + len, CELL_MAX - len, e->fmt, e->a, e->b, e->c);
		return 1;
	case EV_ASSERT:
		snprintf(r->cell, CELL_MAX, "    !! %s", e->fmt);
		snprintf(r->site, sizeof(r->site), "%s:%d", trace_basename(s->file), s->line);
		return 1;
	case EV_FINDING:
		snprintf(r->cell, CELL_MAX, "==> %s", e->fmt);
		return 1;
	case EV_ATOMIC:
		if (!strncmp(s->op, "smp_", 4)) {	/* a barrier */
			snprintf(r->cell, CELL_MAX, "    %s()", s->op);
			snprintf(r->site, sizeof(r->site), "%s %s:%d", s->func, trace_basename(s->file), s->line);
			*last_func = s->func;
			return 1;
		}
		fmt_val(o, sizeof(o), e->a);
		fmt_val(n, sizeof(n), e->b);
		if (is_cas(s->op) && !strstr(s->op, "try_"))
			snprintf(v, sizeof(v), "%s", e->a == e->b ? " (fail)" : "");
		else if (is_bool_ret(s->op))
			snprintf(v, sizeof(v), " = %s", e->c ? "true" : "false");
		else
			v[0] = 0;
		if (strstr(s->op, "try_cmpxchg") && !e->c)
			snprintf(v, sizeof(v), " (fail: saw %s)", o);
		if (e->a == e->b && !is_cas(s->op))
			snprintf(r->cell, CELL_MAX, "    %s: %s%s", s->op, o, v);
		else
			snprintf(r->cell, CELL_MAX, "    %s: %s -> %s%s", s->op, o, n, v);
		snprintf(r->site, sizeof(r->site), "%s %s:%d", s->func, trace_basename(s->file), s->line);
		*last_func = s->func;
		return 1;
	}
	return 0;
}

static void put_padded(FILE *out, const char *text, int width)
{
	fprintf(out, "%-*s", width, text);
}

/* Trailing blanks trimmed: the trace is meant to be pasted into a mail. */
static void end_line(FILE *out, char *line)
{
	size_t len = strlen(line);

	while (len && line[len - 1] == ' ')
		line[--len] = 0;
	fprintf(out, "%s\n", line);
}

static void trace_print_narrow(FILE *out, int nthreads);

void trace_print(FILE *out, int nthreads, int opts)
{
	if (opts & TRACE_OPT_NARROW) {
		trace_print_narrow(out, nthreads);
		return;
	}
	static struct row rows[TRACE_MAX];
	static char line[8 * CELL_MAX + 128];
	const char *last_func[8] = { 0 };
	int width[8] = { 0 }, used[8] = { 0 };
	int nrows = 0, i, t;
	FILE *mem;

	for (i = 0; i < trace_n; i++) {
		struct row *r = &rows[nrows];

		if (format_event(&trace_buf[i], &last_func[trace_buf[i].thread & 7], r))
			nrows++;
	}
	for (i = 0; i < nrows; i++) {
		int l = (int)strlen(rows[i].cell);

		t = rows[i].thread & 7;
		used[t] = 1;
		if (l > width[t])
			width[t] = l;
	}
	/* header: only the CPUs that did something */
	mem = fmemopen(line, sizeof(line), "w");
	for (t = 0; t < nthreads; t++) {
		char name[8];

		if (!used[t])
			continue;
		if (width[t] < 6)
			width[t] = 6;
		snprintf(name, sizeof(name), "CPU%d", t);
		put_padded(mem, name, width[t] + 2);
	}
	if (opts & TRACE_OPT_SITES)
		fprintf(mem, "variant site");
	fputc(0, mem);
	fclose(mem);
	end_line(out, line);
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		bool site = (opts & TRACE_OPT_SITES) && r->site[0];

		mem = fmemopen(line, sizeof(line), "w");
		for (t = 0; t < nthreads; t++) {
			if (!used[t])
				continue;
			if (t == r->thread)
				put_padded(mem, r->cell, width[t] + 2);
			else if (t < r->thread || site)
				put_padded(mem, "", width[t] + 2);
		}
		if (site)
			fprintf(mem, "%s", r->site);
		fputc(0, mem);
		fclose(mem);
		end_line(out, line);
	}
	if (trace_dropped)
		fprintf(out, "(trace truncated: %d events not recorded)\n", trace_dropped);
}

/*
 * The lkml form (TRACE_OPT_NARROW): at most TRACE_LKML_COLS columns, so it
 * pastes into a reply as it is. Every row is one event of one CPU, so the
 * columns need not be wide enough for the longest cell: each CPU's column
 * starts a fixed step to the right of the previous one and a cell may run
 * past the next column's start. The right edge carries the header's
 * file:line of the step; atomics drop their "atomic_" prefix. A cell too
 * long for its column is wrapped, never cut.
 */
#define TRACE_LKML_COLS 80

static void narrow_row(FILE *out, int off, const char *cell, const char *site, int region, int refw)
{
	char text[CELL_MAX + 8];
	const char *p = cell;
	int room = region - off, first = 1;

	if (room < 16)
		room = 16;
	while (*p || first) {
		int n = (int)strlen(p), cut = n;
		char line[TRACE_LKML_COLS * 2];

		if (n > room) {
			for (cut = room; cut > room / 2 && p[cut] != ' '; cut--)
				;
			if (cut <= room / 2)
				cut = room;
		}
		snprintf(text, sizeof(text), "%s%.*s", first ? "" : "    ", cut, p);
		if (first && site[0])
			snprintf(line, sizeof(line), "%*s%-*s %*s", off, "", region - off, text, refw, site);
		else
			snprintf(line, sizeof(line), "%*s%s", off, "", text);
		end_line(out, line);
		p += cut;
		while (*p == ' ')
			p++;
		if (!first && !*p)
			break;
		if (first)
			room -= 4;	/* continuation lines are indented by 4 */
		first = 0;
	}
}

static void trace_print_narrow(FILE *out, int nthreads)
{
	static struct row rows[TRACE_MAX];
	const char *last_func[8] = { 0 };
	int used[8] = { 0 }, off[8] = { 0 };
	int nrows = 0, ncpu = 0, i, t, refw = 4, longest = 0, step, region;
	char line[TRACE_LKML_COLS * 2];
	FILE *mem;

	for (i = 0; i < trace_n; i++) {
		struct row *r = &rows[nrows];
		char *a;

		if (!format_event(&trace_buf[i], &last_func[trace_buf[i].thread & 7], r))
			continue;
		if (trace_buf[i].kind == EV_ATOMIC || trace_buf[i].kind == EV_ASSERT)
			snprintf(r->site, sizeof(r->site), "%s:%d", trace_basename(trace_buf[i].site->file),
				 trace_buf[i].site->line);
		a = strstr(r->cell, "atomic_");
		if (a && trace_buf[i].kind == EV_ATOMIC)
			memmove(a, a + 7, strlen(a + 7) + 1);
		if ((int)strlen(r->site) > refw)
			refw = (int)strlen(r->site);
		nrows++;
	}
	for (i = 0; i < nrows; i++) {
		int l = (int)strlen(rows[i].cell);

		used[rows[i].thread & 7] = 1;
		if (l > longest)
			longest = l;
	}
	for (t = 0; t < nthreads && t < 8; t++)
		ncpu += used[t];
	region = TRACE_LKML_COLS - refw - 1;
	if (longest > 40)
		longest = 40;
	step = ncpu > 1 ? (region - longest) / (ncpu - 1) : 0;
	if (step > 24)
		step = 24;
	if (step < 8)
		step = 8;
	for (t = 0, i = 0; t < nthreads && t < 8; t++)
		if (used[t])
			off[t] = step * i++;
	mem = fmemopen(line, sizeof(line), "w");
	for (t = 0, i = 0; t < nthreads && t < 8; t++) {
		char name[8];

		if (!used[t])
			continue;
		snprintf(name, sizeof(name), "CPU%d", t);
		fprintf(mem, "%*s%s", off[t] - i, "", name);
		i = off[t] + (int)strlen(name);
	}
	fprintf(mem, "%*s", region + 1 - i + refw - 4, "");
	fprintf(mem, "site");
	fputc(0, mem);
	fclose(mem);
	end_line(out, line);
	for (i = 0; i < nrows; i++)
		narrow_row(out, off[rows[i].thread & 7], rows[i].cell, rows[i].site, region, refw);
	if (trace_dropped)
		fprintf(out, "(trace truncated: %d events not recorded)\n", trace_dropped);
}

void trace_wrap(FILE *out, const char *text, int cols)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p), cut = n;

		if (n > cols) {
			for (cut = cols; cut > cols / 2 && p[cut] != ' '; cut--)
				;
			if (cut <= cols / 2)
				cut = cols;
		}
		fprintf(out, "%.*s\n", cut, p);
		p += cut;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
	}
}
