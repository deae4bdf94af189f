// SPDX-License-Identifier: GPL-2.0
#include "scenario.h"
#include "engine.h"
#include "../oracle/oracle.h"
#include "../runtime/sched.h"

#include "../abi/shim_abi.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define SCN_MAX_TOKENS 64

struct pctx {
	const char *path;
	int line;
	char *err;
	int errlen;
};

static int fail(struct pctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct pctx *c, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->errlen, "%s:%d: ", c->path, c->line);

	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_num(const char *s, long *v)
{
	char *end;

	if (!*s)
		return -1;
	*v = strtol(s, &end, 0);
	return *end ? -1 : 0;
}

/* Parse "T<k>" into k, checked against the thread count. */
static int parse_thread(struct pctx *c, const char *tok, int nthreads, int *t)
{
	long v;

	if (tok[0] != 'T' || parse_num(tok + 1, &v) || v < 0 || v >= PR_MAX_THREADS)
		return fail(c, "'%s': expected a thread T0..T%d", tok, PR_MAX_THREADS - 1);
	if (v >= nthreads)
		return fail(c, "'%s': the scenario has %d thread(s) (say 'threads N' first)", tok, nthreads);
	*t = (int)v;
	return 0;
}

static int find_op(const struct op_table *tab, const char *s, bool *alias)
{
	int op;

	for (op = 0; op < tab->nops; op++)
		if (!strcmp(tab->op[op].name, s))
			return op;
	for (op = 0; op < tab->nops; op++)
		if (tab->op[op].alias && !strcmp(tab->op[op].alias, s)) {
			*alias = true;
			return op;
		}
	return -1;
}

/* A name of @f, or the number one of them stands for ("bg=0x400"). */
static int find_value(const struct op_field *f, const char *s)
{
	long v, w;
	int i;

	for (i = 0; i < f->nvals; i++)
		if (!strcmp(f->names[i], s) ||
		    (!parse_num(s, &v) && !parse_num(f->names[i], &w) && v == w))
			return i;
	return -1;
}

/* "a, b" then @last before the last name */
static void list_names(const struct op_field *f, const char *last, char *buf, int len)
{
	int i, off = 0;

	buf[0] = 0;
	for (i = 0; i < f->nvals && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i == 0 ? "" :
				i == f->nvals - 1 ? last : ", ", f->names[i]);
}

/* A required field missing, or a magnitude with no encoding. */
static int field_error(struct pctx *c, const struct op_table *tab, const struct op_desc *d,
		       const struct op_field *f, bool alias, long v, bool missing)
{
	const char *key = alias && f->alt_key ? f->alt_key : f->key;
	char vals[256];
	int i, off = 0;

	if (missing && f->kind == OPF_NAME) {
		list_names(f, ", ", vals, sizeof(vals));
		return fail(c, "%s: %s=K is required (%s)", alias ? d->alias : d->name, key, vals);
	}
	if (missing)
		return fail(c, "%s: %s=N is required", alias ? d->alias : d->name, key);
	/* the realistic table is what the arg's index bits pick without the option */
	for (i = 0; i < 1 << f->width; i++)
		off += snprintf(vals + off, sizeof(vals) - off, " %d", ops_mag(tab, (uint8_t)i, 0));
	return fail(c, "%s=%ld: not a known magnitude (realistic:%s; near the limits with 'world %s')",
		    key, v, vals, tab->opt_names[__builtin_ctz(tab->mag_opt)]);
}

/* A record: setup "page Tk pfn=N ...", "offline pfn=N" or "Tk OP ...". */
static int parse_record(struct pctx *c, struct program *p, char **tok, int ntok)
{
	struct pr_record r = { 0 };
	const struct op_desc *d;
	const struct op_field *f;
	long pfn = -1, val[OP_MAX_FIELDS];
	bool given[OP_MAX_FIELDS] = { false }, alias = false;
	int op, first = 1, t = 0, i, k;

	if (p->nrec == PR_MAX_RECORDS)
		return fail(c, "more than %d pages and ops", PR_MAX_RECORDS);
	if (tok[0][0] == 'T') {
		if (parse_thread(c, tok[0], p->nthreads, &t))
			return -1;
		if (ntok < 2)
			return fail(c, "%s: which op?", tok[0]);
		op = find_op(p->tab, tok[1], &alias);
		if (op < 0 || ops_is_setup(p->tab, op))
			return fail(c, "'%s': unknown op", tok[1]);
		first = 2;
	} else {
		op = find_op(p->tab, tok[0], &alias);
		if (op < 0 || !ops_is_setup(p->tab, op))
			return fail(c, "'%s': unknown directive (threads, world, page, frozen, "
				    "offline, T<k> OP, schedule, tape, expect)", tok[0]);
		if (!(p->tab->op[op].flags & OPD_NO_THREAD)) {
			if (ntok < 2 || (tok[1][0] != 'T'))
				return fail(c, "%s: name the holder first (T0..)", tok[0]);
			if (parse_thread(c, tok[1], p->nthreads, &t))
				return -1;
			first = 2;
		}
	}
	d = &p->tab->op[op];
	for (i = first; i < ntok; i++) {
		char *eq = strchr(tok[i], '=');
		const char *key = tok[i], *v = eq ? eq + 1 : NULL;
		long n = 0;

		if (eq)
			*eq = 0;
		f = ops_field(d, key);
		if (v && (!strcmp(key, p->tab->obj_key) || (f && (f->kind == OPF_NUM || f->kind == OPF_MAG))) &&
		    parse_num(v, &n))
			return fail(c, "%s=%s: expected a number", key, v);
		if (!strcmp(key, p->tab->obj_key) && v) {
			if (n < 0 || n >= p->tab->nobjs)
				return fail(c, "%s=%ld: out of range 0..%d", key, n, p->tab->nobjs - 1);
			pfn = n;
			continue;
		}
		if (!f || !v != (f->kind == OPF_FLAG))
			return fail(c, "'%s%s%s': not an argument of %s", key, v ? "=" : "", v ? v : "", d->name);
		if (f->kind == OPF_NUM && (n < f->lo || n >= f->lo + f->nvals))
			return fail(c, "%s=%ld: out of range %d..%d", key, n, f->lo, f->lo + f->nvals - 1);
		if (f->kind == OPF_NAME && (n = find_value(f, v)) < 0) {
			char vals[256];

			list_names(f, " or ", vals, sizeof(vals));
			return fail(c, "%s=%s: expected %s", key, v, vals);
		}
		if (f->kind == OPF_FLAG)
			n = 1;
		k = (int)(f - d->f);
		val[k] = n;
		given[k] = true;
	}
	if (pfn < 0 && !(d->flags & OPD_NO_PFN))
		return fail(c, "%s: %s=N is required", d->name, p->tab->obj_key);
	r.op = (uint8_t)op;
	r.thread = (uint8_t)t;
	r.obj = (uint8_t)(pfn < 0 ? 0 : pfn);
	r.arg = alias ? d->alias_bit : 0;
	for (k = 0; k < OP_MAX_FIELDS && d->f[k].key; k++) {
		f = &d->f[k];
		if (!given[k] && f->required)
			return field_error(c, p->tab, d, f, alias, 0, true);
		if (given[k] && ops_field_set(p->tab, f, val[k], &r.arg, p->opts))
			return field_error(c, p->tab, d, f, alias, val[k], false);
	}
	p->rec[p->nrec++] = r;
	return 0;
}

int scenario_parse(const char *path, const char *text, struct scenario *sc, char *err, int errlen)
{
	struct pctx c = { path, 0, err, errlen };
	struct program *p = &sc->prog;
	const char *cur = text;
	bool story_open = true, seen_threads = false;
	char line[1024];

	memset(sc, 0, sizeof(*sc));
	p->tab = family_default()->ops;	/* the first family, unless "api" says */
	p->version = PR_FORMAT_VERSION;
	p->nthreads = 1;
	while (*cur) {
		const char *nl = strchr(cur, '\n');
		size_t len = nl ? (size_t)(nl - cur) : strlen(cur);
		char *tok[SCN_MAX_TOKENS], *save = NULL, *w;
		int ntok = 0, i;

		c.line++;
		if (len >= sizeof(line))
			return fail(&c, "line too long (%zu characters)", len);
		memcpy(line, cur, len);
		line[len] = 0;
		cur += len + (nl ? 1 : 0);
		if (line[0] == '#') {
			if (story_open) {
				size_t sl = strlen(sc->story);
				snprintf(sc->story + sl, sizeof(sc->story) - sl, "%s\n", line);
			}
			continue;
		}
		story_open = false;
		/* expect: the verdict is the rest of the line, verbatim */
		if (!strncmp(line, "expect ", 7) || !strncmp(line, "unreviewed expect ", 18)) {
			int unreviewed = line[0] == 'u';
			char *v = line + (unreviewed ? 18 : 7), *sp, *verdict;
			struct scn_expect *e;
			long reached = -1;

			while (*v == ' ')
				v++;
			sp = strchr(v, ' ');
			if (!sp || !sp[1])
				return fail(&c, "expect: say 'expect VARIANT [reached=N] VERDICT' (VERDICT: a title, none or expected)");
			if (sc->nexpect == SCN_MAX_EXPECT)
				return fail(&c, "more than %d expect lines", SCN_MAX_EXPECT);
			*sp = 0;
			verdict = sp + 1;
			if (!strncmp(verdict, "reached=", 8)) {
				char *end = strchr(verdict, ' ');

				if (!end || !end[1])
					return fail(&c, "expect: reached=N needs a verdict after it");
				*end = 0;
				if (parse_num(verdict + 8, &reached) || reached < 0)
					return fail(&c, "expect: '%s': expected reached=N, N >= 0", verdict);
				verdict = end + 1;
			}
			e = &sc->expect[sc->nexpect++];
			snprintf(e->variant, sizeof(e->variant), "%s", v);
			snprintf(e->verdict, sizeof(e->verdict), "%s", verdict);
			e->line = c.line;
			e->reached = (int)reached;
			e->unreviewed = unreviewed;
			continue;
		}
		for (w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
			if (ntok == SCN_MAX_TOKENS)
				return fail(&c, "more than %d words on one line", SCN_MAX_TOKENS);
			tok[ntok++] = w;
		}
		if (!ntok)
			continue;
		if (!strcmp(tok[0], "api")) {
			const struct family *f = ntok == 2 ? family_find(tok[1]) : NULL;

			if (!f)
				return fail(&c, "api: expected one of the families (pageref list --api)");
			if (p->nrec || seen_threads || p->opts)
				return fail(&c, "api: must come first, before threads, world and any op");
			p->tab = f->ops;
			continue;
		}
		if (!strcmp(tok[0], "threads")) {
			long v;

			if (ntok != 2 || parse_num(tok[1], &v) || v < 1 || v > PR_MAX_THREADS)
				return fail(&c, "threads: expected a number 1..%d", PR_MAX_THREADS);
			if (p->nrec || seen_threads)
				return fail(&c, "threads: must come once, before any page or op");
			p->nthreads = (uint8_t)v;
			seen_threads = true;
			continue;
		}
		if (!strcmp(tok[0], "world")) {
			int o;

			if (ntok != 2 || ops_opt_parse(p->tab, tok[1], &o)) {
				char names[128] = "";
				int b, off = 0;

				for (b = 0; b < NR_FAMILY_OPTS; b++)
					if (p->tab->opt_names[b])
						off += snprintf(names + off, sizeof(names) - off, "%s,", p->tab->opt_names[b]);
				return fail(&c, "world: expected none or a list of %sweak", names);
			}
			if (p->nrec)
				return fail(&c, "world: must come before any page or op");
			p->opts = (uint8_t)o;
			continue;
		}
		if (!strcmp(tok[0], "schedule")) {
			struct scn_segment *g;
			int t;

			if (p->ntape)
				return fail(&c, "schedule: this scenario already has a tape (use one or the other)");
			if (ntok != 2 && ntok != 4)
				return fail(&c, "schedule: say 'schedule Tk', 'schedule Tk until NAME' or "
					    "'schedule Tk through NAME'");
			if (parse_thread(&c, tok[1], p->nthreads, &t))
				return -1;
			if (sc->nseg == SCN_MAX_SEGMENTS)
				return fail(&c, "more than %d schedule segments", SCN_MAX_SEGMENTS);
			g = &sc->seg[sc->nseg++];
			g->line = c.line;
			g->thread = t;
			g->mode = SEG_TO_END;
			g->nth = 1;
			if (ntok == 4) {
				char *hash = strchr(tok[3], '#');
				long nth = 1;

				if (!strcmp(tok[2], "until"))
					g->mode = SEG_UNTIL;
				else if (!strcmp(tok[2], "through"))
					g->mode = SEG_THROUGH;
				else
					return fail(&c, "schedule: '%s': expected until or through", tok[2]);
				if (hash) {
					*hash = 0;
					if (parse_num(hash + 1, &nth) || nth < 1)
						return fail(&c, "schedule: '#%s': expected an occurrence number >= 1", hash + 1);
				}
				g->nth = (int)nth;
				snprintf(g->name, sizeof(g->name), "%s", tok[3]);
			}
			continue;
		}
		if (!strcmp(tok[0], "tape")) {
			if (sc->nseg)
				return fail(&c, "tape: this scenario already has a schedule (use one or the other)");
			for (i = 1; i < ntok; i++) {
				int t;

				if (p->ntape == PR_MAX_TAPE)
					return fail(&c, "tape: more than %d decisions", PR_MAX_TAPE);
				if (!strcmp(tok[i], "-")) {
					p->tape[p->ntape++] = TAPE_NONE;
					continue;
				}
				/* weak memory: rK reads the K-th newer store back (r0, '-': the newest) */
				if (tok[i][0] == 'r' && tok[i][1] >= '0' && tok[i][1] < '0' + TAPE_NONE && !tok[i][2]) {
					p->tape[p->ntape++] = (uint8_t)(tok[i][1] - '0');
					continue;
				}
				if (parse_thread(&c, tok[i], p->nthreads, &t))
					return -1;
				p->tape[p->ntape++] = (uint8_t)t;
			}
			continue;
		}
		if (parse_record(&c, p, tok, ntok))
			return -1;
	}
	return 0;
}

static void print_record(FILE *out, const struct op_table *tab, struct pr_record r, int opts)
{
	const struct op_desc *d = &tab->op[r.op];
	bool alias = r.arg & d->alias_bit;
	const char *name = alias ? d->alias : d->name;
	const struct op_field *f;

	if (!ops_is_setup(tab, r.op))
		fprintf(out, "T%d %s", r.thread, name);
	else if (d->flags & OPD_NO_THREAD)
		fprintf(out, "%s", name);
	else
		fprintf(out, "%s T%d", name, r.thread);
	if (!(d->flags & OPD_NO_PFN))
		fprintf(out, " %s=%d", tab->obj_key, r.obj);
	for (f = d->f; f < d->f + OP_MAX_FIELDS && f->key; f++) {
		const char *key = alias && f->alt_key ? f->alt_key : f->key;
		long v = ops_field_value(tab, f, r.arg, opts);

		if (f->kind == OPF_NAME)
			fprintf(out, " %s=%s", key, f->names[v]);
		else if (f->kind != OPF_FLAG)
			fprintf(out, " %s=%ld", key, v);
		else if (v)
			fprintf(out, " %s", key);
	}
	fputc('\n', out);
}

static void print(FILE *out, const struct program *p, const struct scenario *meta, bool ran)
{
	char wopts[64];
	int i;

	if (meta && meta->story[0])
		fputs(meta->story, out);
	ops_opt_format(p->tab, p->opts, wopts, sizeof(wopts));
	if (p->tab != family_default()->ops)
		fprintf(out, "api %s\n", p->tab->api);
	fprintf(out, "threads %d\nworld %s\n", p->nthreads, wopts);
	for (i = 0; i < p->nrec; i++)
		print_record(out, p->tab, p->rec[i], p->opts);
	for (i = 0; i < p->ntape; i++) {
		if (i % 32 == 0)
			fprintf(out, "%stape", i ? "\n" : "");
		if (p->tape[i] == TAPE_NONE)
			fprintf(out, " -");
		else if (ran && sched_tape_was_value(i))
			fprintf(out, " r%d", p->tape[i]);
		else
			fprintf(out, " T%d", p->tape[i]);
	}
	if (p->ntape)
		fprintf(out, "\n");
	for (i = 0; meta && i < meta->nexpect; i++) {
		const struct scn_expect *e = &meta->expect[i];

		fprintf(out, "%sexpect %s ", e->unreviewed ? "unreviewed " : "", e->variant);
		if (e->reached >= 0)
			fprintf(out, "reached=%d ", e->reached);
		fprintf(out, "%s\n", e->verdict);
	}
}

void scenario_print(FILE *out, const struct program *p, const struct scenario *meta)
{
	print(out, p, meta, false);
}

void scenario_print_ran(FILE *out, const struct program *p, const struct scenario *meta)
{
	print(out, p, meta, true);
}

/* ---- schedules -> tape ---- */

struct seg_state {
	const struct scenario *sc;
	int i;			/* current segment */
	int count;		/* matches of its NAME so far */
	bool pending;		/* "through" matched: switch at the next decision */
	bool matched_any[SCN_MAX_SEGMENTS];	/* a named segment's atomic was performed */
	bool turn[SCN_MAX_SEGMENTS];		/* the segment's turn came */
};

/* NAME may list alternatives, "atomic_dec_and_test|atomic_sub_return",
 * for schedules meant to run on variants built from different atomics. */
static bool seg_matches(const struct scn_segment *g, const struct shim_site *site)
{
	const char *p = g->name;

	if (!site)
		return false;
	while (*p) {
		size_t len = strcspn(p, "|");

		if ((strlen(site->op) == len && !strncmp(site->op, p, len)) ||
		    (strlen(site->func) == len && !strncmp(site->func, p, len)))
			return true;
		p += len + (p[len] == '|');
	}
	return false;
}

static int seg_next(struct seg_state *st)
{
	st->i++;
	st->count = 0;
	st->pending = false;
	return st->i < st->sc->nseg ? st->sc->seg[st->i].thread : -1;
}

static int seg_chooser(int cur, int step, const struct shim_site *site, void *arg)
{
	struct seg_state *st = arg;
	const struct scn_segment *g;

	if (st->i >= st->sc->nseg)
		return -1;
	g = &st->sc->seg[st->i];
	st->turn[st->i] = true;
	if (cur < 0)
		return g->thread;
	if (cur != g->thread)
		return g->thread;
	if (step < 0)			/* the segment's thread has ended */
		return seg_next(st);
	if (st->pending)
		return seg_next(st);
	if (g->mode != SEG_TO_END && seg_matches(g, site) && ++st->count == g->nth) {
		st->matched_any[st->i] = true;
		if (g->mode == SEG_UNTIL)
			return seg_next(st);
		st->pending = true;
	}
	return -1;
}

/* Every op of thread @t ran to its end in the last run. */
static bool thread_ended(int t)
{
	const struct program *p = engine_program();
	int i;

	for (i = 0; i < p->nrec && i < PR_MAX_RECORDS; i++)
		if (p->rec[i].thread == t && !ops_is_setup(p->tab, p->rec[i].op) && sched_op_span[i][1] < 0)
			return false;
	return true;
}

void scenario_segment_name(const struct scenario *sc, int i, char *buf, int len)
{
	const struct scn_segment *g = &sc->seg[i];

	if (g->mode == SEG_TO_END)
		snprintf(buf, len, "schedule T%d", g->thread);
	else if (g->nth > 1)
		snprintf(buf, len, "schedule T%d %s %s#%d", g->thread, g->mode == SEG_UNTIL ? "until" : "through",
			 g->name, g->nth);
	else
		snprintf(buf, len, "schedule T%d %s %s", g->thread, g->mode == SEG_UNTIL ? "until" : "through",
			 g->name);
}

int scenario_resolve(struct scenario *sc, const struct world_variant *v, char *err, int errlen)
{
	static uint8_t buf[PR_MAX_INPUT];
	struct seg_state st = { sc, 0, 0, false, { false }, { false } };
	const uint8_t *tape;
	size_t n;
	int i, len;

	if (!sc->nseg)
		return 0;
	sc->prog.ntape = 0;
	n = program_encode(&sc->prog, buf);
	sched_set_chooser(seg_chooser, &st);
	engine_run(v, buf, n, WOPT_ALL, false);
	sched_set_chooser(NULL, NULL);
	/*
	 * A segment the run never completed is not an error: on another variant
	 * the same ops can take another path. The rest of the run follows the
	 * fixed policy; the note says where the schedule stopped applying.
	 */
	err[0] = 0;
	sc->seg_reached = 0;
	sc->seg_missing = -1;
	for (i = 0; i < sc->nseg; i++) {
		/*
		 * "schedule Tk" (to its end) whose turn never came at a decision:
		 * no decision is taken with one thread left, so Tk ran alone after
		 * the previous segment's thread ended, if it did end (a finding
		 * may have stopped the run first).
		 */
		if (sc->seg[i].mode != SEG_TO_END ? st.matched_any[i] :
		    st.turn[i] || (i > 0 && thread_ended(sc->seg[i - 1].thread))) {
			sc->seg_reached++;
			continue;
		}
		if (sc->seg_missing >= 0)
			continue;
		sc->seg_missing = i;
		snprintf(err, errlen, "%d: note: on %s, schedule segment %d (", sc->seg[i].line, v->name, i + 1);
		scenario_segment_name(sc, i, err + strlen(err), errlen - (int)strlen(err));
		snprintf(err + strlen(err), errlen - strlen(err),
			 ") was never reached; the run went on with the fixed policy");
	}
	len = sched_recorded_tape(&tape);
	while (len > 0 && tape[len - 1] == TAPE_NONE)
		len--;
	memcpy(sc->prog.tape, tape, (size_t)len);
	sc->prog.ntape = (uint16_t)len;
	return 0;
}
