// SPDX-License-Identifier: GPL-2.0
#include "scenario.h"
#include "engine.h"
#include "../oracle/oracle.h"
#include "../runtime/sched.h"

#include <shim/hooks.h>

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

static int find_name(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
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

static int gup_index(struct pctx *c, long nr, int pin, int opts, uint8_t *arg)
{
	int i, big, dummy;

	for (big = 0; big <= ((opts & WOPT_OVERFLOW) ? 1 : 0); big++)
		for (i = 0; i < 8; i++) {
			uint8_t a = (uint8_t)(i | (pin ? 0 : 8) | (big ? 0x10 : 0));

			if (world_gup_nr(a, opts, &dummy) == nr) {
				*arg = a;
				return 0;
			}
		}
	return fail(c, "%s=%ld: not a known magnitude (realistic: 1 2 3 4 16 127 512 4096; "
		    "near the limits with 'world overflow')", pin ? "refs" : "nr", nr);
}

int scenario_parse(const char *path, const char *text, struct scenario *sc, char *err, int errlen)
{
	struct pctx c = { path, 0, err, errlen };
	struct program *p = &sc->prog;
	const char *cur = text;
	bool story_open = true, seen_threads = false;
	char line[1024];

	memset(sc, 0, sizeof(*sc));
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

			if (ntok != 2 || world_opt_parse(tok[1], &o))
				return fail(&c, "world: expected none or a list of misuse,caller-dtor,overflow,weak");
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
			g->mode = 0;
			g->nth = 1;
			if (ntok == 4) {
				char *hash = strchr(tok[3], '#');
				long nth = 1;

				if (!strcmp(tok[2], "until"))
					g->mode = 1;
				else if (!strcmp(tok[2], "through"))
					g->mode = 2;
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
		/* a record: setup (page/frozen/offline) or "T<k> op ..." */
		{
			struct pr_record r = { 0 };
			int op, first = 1, t = 0;
			long pfn = -1, order = 0, n = 1, index = 0, nr = -1;
			int type = 0, keep = 0, cache = 0, hold = 0, bg = 0, kind = -1, plain = 0;

			if (p->nrec == PR_MAX_RECORDS)
				return fail(&c, "more than %d pages and ops", PR_MAX_RECORDS);
			if (tok[0][0] == 'T') {
				if (parse_thread(&c, tok[0], p->nthreads, &t))
					return -1;
				if (ntok < 2)
					return fail(&c, "%s: which op?", tok[0]);
				op = find_name(world_op_names, NR_WORLD_OPS, tok[1]);
				if (op < 0 && !strcmp(tok[1], "try_add")) {
					op = OP_GUP_PIN;
					plain = 1;
				}
				if (op < 0 || op_is_setup(op))
					return fail(&c, "'%s': unknown op", tok[1]);
				first = 2;
			} else {
				op = find_name(world_op_names, NR_WORLD_OPS, tok[0]);
				if (op < 0 || !op_is_setup(op))
					return fail(&c, "'%s': unknown directive (threads, world, page, frozen, "
						    "offline, T<k> OP, schedule, tape, expect)", tok[0]);
				if (op != OP_S_OFFLINE) {
					if (ntok < 2 || (tok[1][0] != 'T'))
						return fail(&c, "%s: name the holder first (T0..)", tok[0]);
					if (parse_thread(&c, tok[1], p->nthreads, &t))
						return -1;
					first = 2;
				}
			}
			for (i = first; i < ntok; i++) {
				char *eq = strchr(tok[i], '=');
				const char *key = tok[i], *val = eq ? eq + 1 : NULL;
				long v = 0;

				if (eq)
					*eq = 0;
				if (val && (!strcmp(key, "pfn") || !strcmp(key, "order") || !strcmp(key, "n") ||
					    !strcmp(key, "index") || !strcmp(key, "refs") || !strcmp(key, "nr")) &&
				    parse_num(val, &v))
					return fail(&c, "%s=%s: expected a number", key, val);
				if (!strcmp(key, "pfn") && val) {
					if (v < 0 || v >= WORLD_MAX_PFNS)
						return fail(&c, "pfn=%ld: out of range 0..%d", v, WORLD_MAX_PFNS - 1);
					pfn = v;
				} else if (!strcmp(key, "order") && val) {
					if (v < 0 || v > WORLD_MAX_ORDER)
						return fail(&c, "order=%ld: out of range 0..%d", v, WORLD_MAX_ORDER);
					order = v;
				} else if (!strcmp(key, "type") && val) {
					type = find_name(world_type_names, NR_WORLD_TYPES, val);
					if (type < 0)
						return fail(&c, "type=%s: expected anon, file or hugetlb", val);
				} else if (!strcmp(key, "n") && val) {
					if (v < 1 || v > 4)
						return fail(&c, "n=%ld: out of range 1..4", v);
					n = v;
				} else if (!strcmp(key, "index") && val) {
					if (v < 0 || v >= WORLD_CACHE_SLOTS)
						return fail(&c, "index=%ld: out of range 0..%d", v, WORLD_CACHE_SLOTS - 1);
					index = v;
				} else if ((!strcmp(key, "refs") || !strcmp(key, "nr")) && val) {
					nr = v;
				} else if (!strcmp(key, "kind") && val) {
					kind = find_name(world_misuse_names, NR_WORLD_MISUSE, val);
					if (kind < 0)
						return fail(&c, "kind=%s: unknown misuse", val);
				} else if (!strcmp(key, "bg") && val) {
					if (!strcmp(val, "big"))
						bg = 3;
					else if (parse_num(val, &v) == 0 && (v == 0 || v == 1 || v == 1024))
						bg = v == 0 ? 0 : v == 1 ? 1 : 2;
					else
						return fail(&c, "bg=%s: expected 0, 1, 1024 or big", val);
				} else if (!strcmp(key, "keep") && !val) {
					keep = 1;
				} else if (!strcmp(key, "cache") && !val) {
					cache = 1;
				} else if (!strcmp(key, "hold") && !val) {
					hold = 1;
				} else {
					return fail(&c, "'%s%s%s': not an argument of %s", key, val ? "=" : "",
						    val ? val : "", world_op_names[op]);
				}
			}
			if (pfn < 0 && op != OP_CACHE_LOOKUP)
				return fail(&c, "%s: pfn=N is required", world_op_names[op]);
			r.op = (uint8_t)op;
			r.thread = (uint8_t)t;
			r.pfn = (uint8_t)(pfn < 0 ? 0 : pfn);
			switch (op) {
			case OP_S_PAGE:
				r.arg = (uint8_t)(order | type << 2 | cache << 4 | hold << 5 | bg << 6);
				break;
			case OP_S_FROZEN:
			case OP_ALLOC:
			case OP_ALLOC_FROZEN:
				r.arg = (uint8_t)(order | type << 2);
				break;
			case OP_PUT_REFS:
				r.arg = (uint8_t)(n - 1);
				break;
			case OP_CACHE_ADD:
				r.arg = (uint8_t)index;
				break;
			case OP_CACHE_LOOKUP:
				r.arg = (uint8_t)(index | (keep ? 0x80 : 0));
				break;
			case OP_PFN_WALK:
				r.arg = (uint8_t)keep;
				break;
			case OP_GUP_PIN:
				if (nr < 0)
					return fail(&c, "%s: %s=N is required", plain ? "try_add" : "gup_pin",
						    plain ? "nr" : "refs");
				if (gup_index(&c, nr, !plain, p->opts, &r.arg))
					return -1;
				break;
			case OP_MISUSE:
				if (kind < 0)
					return fail(&c, "misuse: kind=K is required (inc-frozen, dec-frozen, "
						    "add-frozen, sub-frozen, put-frozen, get-frozen, get-free, "
						    "put-free, put-unowned)");
				r.arg = (uint8_t)kind;
				break;
			}
			p->rec[p->nrec++] = r;
		}
	}
	return 0;
}

static const char *bg_name(int cls)
{
	static const char *const names[4] = { "0", "1", "1024", "big" };

	return names[cls & 3];
}

void scenario_print(FILE *out, const struct program *p, const struct scenario *meta)
{
	char wopts[64];
	int i, pin;

	if (meta && meta->story[0])
		fputs(meta->story, out);
	world_opt_format(p->opts, wopts, sizeof(wopts));
	fprintf(out, "threads %d\nworld %s\n", p->nthreads, wopts);
	for (i = 0; i < p->nrec; i++) {
		struct pr_record r = p->rec[i];
		int order = r.arg & 3, type = (r.arg >> 2) & 3;

		switch (r.op) {
		case OP_S_PAGE:
			fprintf(out, "page T%d pfn=%d order=%d type=%s%s%s bg=%s\n", r.thread, r.pfn, order,
				world_type_names[type], (r.arg & 0x10) ? " cache" : "",
				(r.arg & 0x20) ? " hold" : "", bg_name(r.arg >> 6));
			break;
		case OP_S_FROZEN:
			fprintf(out, "frozen T%d pfn=%d order=%d type=%s\n", r.thread, r.pfn, order,
				world_type_names[type]);
			break;
		case OP_S_OFFLINE:
			fprintf(out, "offline pfn=%d\n", r.pfn);
			break;
		case OP_ALLOC:
		case OP_ALLOC_FROZEN:
			fprintf(out, "T%d %s pfn=%d order=%d type=%s\n", r.thread, world_op_names[r.op],
				r.pfn, order, world_type_names[type]);
			break;
		case OP_PUT_REFS:
			fprintf(out, "T%d put_refs pfn=%d n=%d\n", r.thread, r.pfn, world_put_refs_nr(r.arg));
			break;
		case OP_CACHE_ADD:
			fprintf(out, "T%d cache_add pfn=%d index=%d\n", r.thread, r.pfn, r.arg);
			break;
		case OP_CACHE_LOOKUP:
			fprintf(out, "T%d cache_lookup index=%d%s\n", r.thread, r.arg & 0x7f,
				(r.arg & 0x80) ? " keep" : "");
			break;
		case OP_PFN_WALK:
			fprintf(out, "T%d pfn_walk pfn=%d%s\n", r.thread, r.pfn, (r.arg & 1) ? " keep" : "");
			break;
		case OP_GUP_PIN: {
			int nr = world_gup_nr(r.arg, p->opts, &pin);

			fprintf(out, "T%d %s pfn=%d %s=%d\n", r.thread, pin ? "gup_pin" : "try_add", r.pfn,
				pin ? "refs" : "nr", nr);
			break;
		}
		case OP_MISUSE:
			fprintf(out, "T%d misuse pfn=%d kind=%s\n", r.thread, r.pfn,
				world_misuse_names[r.arg % NR_WORLD_MISUSE]);
			break;
		default:
			fprintf(out, "T%d %s pfn=%d\n", r.thread, world_op_names[r.op], r.pfn);
		}
	}
	for (i = 0; i < p->ntape; i++) {
		if (i % 32 == 0)
			fprintf(out, "%stape", i ? "\n" : "");
		if (p->tape[i] == TAPE_NONE)
			fprintf(out, " -");
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
	if (g->mode && seg_matches(g, site) && ++st->count == g->nth) {
		st->matched_any[st->i] = true;
		if (g->mode == 1)
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
		if (p->rec[i].thread == t && !op_is_setup(p->rec[i].op) && sched_op_span[i][1] < 0)
			return false;
	return true;
}

void scenario_segment_name(const struct scenario *sc, int i, char *buf, int len)
{
	const struct scn_segment *g = &sc->seg[i];

	if (!g->mode)
		snprintf(buf, len, "schedule T%d", g->thread);
	else if (g->nth > 1)
		snprintf(buf, len, "schedule T%d %s %s#%d", g->thread, g->mode == 1 ? "until" : "through",
			 g->name, g->nth);
	else
		snprintf(buf, len, "schedule T%d %s %s", g->thread, g->mode == 1 ? "until" : "through",
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
		if (sc->seg[i].mode ? st.matched_any[i] :
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
