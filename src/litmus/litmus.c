// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's C litmus format (herd7's C dialect with linux-kernel.def):
 *
 *   C NAME
 *   (* comment, with "Result: Never" *)
 *   { int x = 1; atomic_t v = ATOMIC_INIT(1); int *p = &x; q=y; spinlock_t s; }
 *   P0(int *x, int **p, spinlock_t *s) { int r0; r0 = READ_ONCE(*x); ... }
 *   locations [x; 0:r0]      filter (...)      exists|~exists|forall (...)
 *
 * Anything outside that vocabulary (a loop, a call linux-kernel.def does not
 * define, SRCU) is an error naming file:line and the construct: a test is
 * never run with a part of it silently ignored.
 *
 * Why one file of this size: it is one recursive-descent grammar over one
 * token stream (the call table, expressions, statements, the init block,
 * the clauses), and a test's life is its parse and its free; split by
 * construct, every piece would need the lexer's state and the test under
 * construction.
 */
#include "litmus.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- the calls of linux-kernel.def ---- */

#define LD(n, t, lv) { n, LT_C_LOAD, t, 0, 0, 1, lv, false }
#define ST(n, t, lv) { n, LT_C_STORE, t, 0, 0, 2, lv, false }
#define FN(n, f) { n, LT_C_FENCE, f, 0, 0, 0, false, false }
#define XC(n, t) { n, LT_C_XCHG, t, 0, 0, 2, false, false }
#define CX(n, t) { n, LT_C_CMPXCHG, t, 0, 0, 3, false, false }
#define OPV(n, o) { n, LT_C_OP, LT_NORETURN, o, 0, 2, false, true }
#define OP1(n, o) { n, LT_C_OP, LT_NORETURN, o, 0, 1, false, true }
#define RET(n, t, o, k) { n, LT_C_OP_RETURN, t, o, k, 2, false, true }
#define RET1(n, t, o, k) { n, LT_C_OP_RETURN, t, o, k, 1, false, true }
#define FET(n, t, o) { n, LT_C_FETCH_OP, t, o, 0, 2, false, true }
#define FET1(n, t, o) { n, LT_C_FETCH_OP, t, o, 0, 1, false, true }
#define FOUR(M, base, o) M(base, LT_MB, o), M(base "_relaxed", LT_ONCE, o), \
	M(base "_acquire", LT_ACQUIRE, o), M(base "_release", LT_RELEASE, o)
#define RETF(n, t, o) RET(n, t, o, 0)
#define RETF1(n, t, o) RET1(n, t, o, 0)
#define XCF(n, t, o) XC(n, t)
#define CXF(n, t, o) CX(n, t)

static const struct lt_callspec calls[] = {
	LD("READ_ONCE", LT_ONCE, true), ST("WRITE_ONCE", LT_ONCE, true),
	LD("smp_load_acquire", LT_ACQUIRE, false), ST("smp_store_release", LT_RELEASE, false),
	LD("rcu_dereference", LT_ONCE, true), ST("rcu_assign_pointer", LT_RELEASE, true),
	{ "smp_store_mb", LT_C_STORE_MB, LT_ONCE, 0, 0, 2, true, false },
	LD("atomic_read", LT_ONCE, false), ST("atomic_set", LT_ONCE, false),
	LD("atomic_read_acquire", LT_ACQUIRE, false), ST("atomic_set_release", LT_RELEASE, false),
	FN("smp_mb", LT_F_MB), FN("smp_rmb", LT_F_RMB), FN("smp_wmb", LT_F_WMB),
	FN("smp_mb__before_atomic", LT_F_BEFORE_ATOMIC), FN("smp_mb__after_atomic", LT_F_AFTER_ATOMIC),
	FN("smp_mb__after_spinlock", LT_F_AFTER_SPINLOCK),
	FN("smp_mb__after_unlock_lock", LT_F_AFTER_UNLOCK_LOCK), FN("barrier", LT_F_BARRIER),
	FN("rcu_read_lock", LT_F_RCU_LOCK), FN("rcu_read_unlock", LT_F_RCU_UNLOCK),
	FN("synchronize_rcu", LT_F_SYNC_RCU), FN("synchronize_rcu_expedited", LT_F_SYNC_RCU),
	FOUR(XCF, "xchg", 0), FOUR(CXF, "cmpxchg", 0),
	FOUR(XCF, "atomic_xchg", 0), FOUR(CXF, "atomic_cmpxchg", 0),
	OPV("atomic_add", LT_ADD), OPV("atomic_sub", LT_SUB), OPV("atomic_and", LT_AND),
	OPV("atomic_or", LT_OR), OPV("atomic_xor", LT_XOR), OPV("atomic_andnot", LT_ANDNOT),
	OP1("atomic_inc", LT_ADD), OP1("atomic_dec", LT_SUB),
	FOUR(RETF, "atomic_add_return", LT_ADD), FOUR(RETF, "atomic_sub_return", LT_SUB),
	FOUR(RETF1, "atomic_inc_return", LT_ADD), FOUR(RETF1, "atomic_dec_return", LT_SUB),
	FOUR(FET, "atomic_fetch_add", LT_ADD), FOUR(FET, "atomic_fetch_sub", LT_SUB),
	FOUR(FET, "atomic_fetch_and", LT_AND), FOUR(FET, "atomic_fetch_or", LT_OR),
	FOUR(FET, "atomic_fetch_xor", LT_XOR), FOUR(FET, "atomic_fetch_andnot", LT_ANDNOT),
	FOUR(FET1, "atomic_fetch_inc", LT_ADD), FOUR(FET1, "atomic_fetch_dec", LT_SUB),
	RET("atomic_sub_and_test", LT_MB, LT_SUB, 1), RET1("atomic_dec_and_test", LT_MB, LT_SUB, 1),
	RET1("atomic_inc_and_test", LT_MB, LT_ADD, 1),
	RET("atomic_add_negative", LT_MB, LT_ADD, 2), RET("atomic_add_negative_relaxed", LT_ONCE, LT_ADD, 2),
	RET("atomic_add_negative_acquire", LT_ACQUIRE, LT_ADD, 2),
	RET("atomic_add_negative_release", LT_RELEASE, LT_ADD, 2),
	{ "atomic_add_unless", LT_C_ADD_UNLESS, LT_MB, LT_ADD, 0, 3, false, false },
	{ "spin_lock", LT_C_LOCK, LT_ACQUIRE, 0, 0, 1, false, false },
	{ "spin_unlock", LT_C_UNLOCK, LT_RELEASE, 0, 0, 1, false, false },
	{ "spin_trylock", LT_C_TRYLOCK, LT_ACQUIRE, 0, 0, 1, false, false },
	{ "spin_is_locked", LT_C_ISLOCKED, LT_ONCE, 0, 0, 1, false, false },
};

/* the inc/dec forms take the address alone: their operand is 1 */
static bool one_operand(const struct lt_callspec *c)
{
	return c->nargs == 1 && c->value_first;
}

const char *lt_tag_name(int tag)
{
	static const char *const n[] = { "plain", "once", "acquire", "release", "mb", "noreturn" };

	return tag >= 0 && tag <= LT_NORETURN ? n[tag] : "?";
}

/* ---- arena and errors ---- */

struct parser {
	const char *path;
	char *src;
	const char *p;
	int line;
	struct litmus *t;
	int cur;		/* thread being parsed, -1 outside */
	int stmt_id;
	char *arena;
	size_t used, cap;
	char tok[LT_NAME * 2];
	int toktype;		/* 'i' identifier, 'n' number, 'p' punctuation, 0 end */
	long num;
	int tokline;
	bool failed;
};

#define ARENA	(1 << 20)

static void *alloc(struct parser *ps, size_t n)
{
	void *r;

	n = (n + 15) & ~(size_t)15;
	if (ps->used + n > ps->cap)
		return NULL;
	r = ps->arena + ps->used;
	ps->used += n;
	memset(r, 0, n);
	return r;
}

static void fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = true;
	fprintf(stderr, "%s:%d: ", ps->path, ps->tokline ? ps->tokline : ps->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- lexer ---- */

static void skip_space(struct parser *ps)
{
	for (;;) {
		while (*ps->p && isspace((unsigned char)*ps->p)) {
			if (*ps->p == '\n')
				ps->line++;
			ps->p++;
		}
		/* (* comments *) only outside threads: READ_ONCE(*x) is code */
		if (ps->p[0] == '(' && ps->p[1] == '*' && ps->cur < 0) {
			int depth = 0;

			do {
				if (ps->p[0] == '(' && ps->p[1] == '*') {
					depth++;
					ps->p += 2;
				} else if (ps->p[0] == '*' && ps->p[1] == ')') {
					depth--;
					ps->p += 2;
				} else {
					ps->line += *ps->p == '\n';
					ps->p++;
				}
			} while (depth && *ps->p);
			continue;
		}
		if (ps->p[0] == '/' && ps->p[1] == '*') {
			ps->p += 2;
			while (*ps->p && !(ps->p[0] == '*' && ps->p[1] == '/'))
				ps->line += *ps->p++ == '\n';
			if (*ps->p)
				ps->p += 2;
			continue;
		}
		if (ps->p[0] == '/' && ps->p[1] == '/') {
			while (*ps->p && *ps->p != '\n')
				ps->p++;
			continue;
		}
		return;
	}
}

static void next(struct parser *ps)
{
	static const char *const two[] = { "==", "!=", "<=", ">=", "&&", "||", "/\\", "\\/", "&~" };
	size_t i;

	skip_space(ps);
	ps->tokline = ps->line;
	ps->tok[0] = 0;
	if (!*ps->p) {
		ps->toktype = 0;
		return;
	}
	if (isalpha((unsigned char)*ps->p) || *ps->p == '_') {
		int n = 0;

		while ((isalnum((unsigned char)*ps->p) || *ps->p == '_') && n < (int)sizeof(ps->tok) - 1)
			ps->tok[n++] = *ps->p++;
		ps->tok[n] = 0;
		ps->toktype = 'i';
		return;
	}
	if (isdigit((unsigned char)*ps->p)) {
		char *end;

		errno = 0;
		ps->num = strtol(ps->p, &end, 0);
		snprintf(ps->tok, sizeof(ps->tok), "%.*s", (int)(end - ps->p), ps->p);
		ps->p = end;
		ps->toktype = 'n';
		return;
	}
	for (i = 0; i < sizeof(two) / sizeof(two[0]); i++)
		if (!strncmp(ps->p, two[i], 2)) {
			/* "&~" is only atomic_andnot's spelling in herd; in C it is & ~ */
			if (i == 8)
				break;
			memcpy(ps->tok, two[i], 2);
			ps->tok[2] = 0;
			ps->p += 2;
			ps->toktype = 'p';
			return;
		}
	ps->tok[0] = *ps->p++;
	ps->tok[1] = 0;
	ps->toktype = 'p';
}

static bool is(struct parser *ps, const char *s)
{
	return ps->toktype && !strcmp(ps->tok, s);
}

static bool accept(struct parser *ps, const char *s)
{
	if (!is(ps, s))
		return false;
	next(ps);
	return true;
}

static void expect(struct parser *ps, const char *s, const char *where)
{
	if (!accept(ps, s))
		fail(ps, "expected '%s' %s, found '%s'", s, where, ps->toktype ? ps->tok : "end of file");
}

/* ---- locations and registers ---- */

static int find_loc(struct litmus *t, const char *name)
{
	int i;

	for (i = 0; i < t->nlocs; i++)
		if (!strcmp(t->loc[i].name, name))
			return i;
	return -1;
}

static int add_loc(struct parser *ps, const char *name, int type)
{
	struct litmus *t = ps->t;
	int i = find_loc(t, name);

	if (i >= 0) {
		if (type != LT_INT && t->loc[i].type == LT_INT)
			t->loc[i].type = type;
		return i;
	}
	if (t->nlocs == LT_MAX_LOCS) {
		fail(ps, "more than %d shared locations", LT_MAX_LOCS);
		return 0;
	}
	snprintf(t->loc[t->nlocs].name, LT_NAME, "%s", name);
	t->loc[t->nlocs].type = type;
	return t->nlocs++;
}

static int find_reg(const struct lt_thread *th, const char *name)
{
	int i;

	for (i = 0; i < th->nregs; i++)
		if (!strcmp(th->reg[i], name))
			return i;
	return -1;
}

static int add_reg(struct parser *ps, struct lt_thread *th, const char *name)
{
	int i = find_reg(th, name);

	if (i >= 0)
		return i;
	if (th->nregs == LT_MAX_REGS) {
		fail(ps, "more than %d registers in one thread", LT_MAX_REGS);
		return 0;
	}
	snprintf(th->reg[th->nregs], LT_NAME, "%s", name);
	return th->nregs++;
}

/* ---- expressions ---- */

static struct lt_expr *expr(struct parser *ps);

static struct lt_expr *node(struct parser *ps, int kind)
{
	struct lt_expr *e = alloc(ps, sizeof(*e));

	if (!e) {
		fail(ps, "test too large");
		return NULL;
	}
	e->kind = (uint8_t)kind;
	e->line = ps->tokline;
	return e;
}

static const struct lt_callspec *find_call(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(calls[i].name, name))
			return &calls[i];
	return NULL;
}

static struct lt_expr *call(struct parser *ps, const char *name)
{
	const struct lt_callspec *c = find_call(name);
	struct lt_expr *e, *args[3] = { NULL, NULL, NULL };
	int n = 0;

	if (!c) {
		if (!strncmp(name, "srcu_", 5) || !strncmp(name, "synchronize_srcu", 16))
			fail(ps, "unsupported: %s (SRCU is not modelled)", name);
		else
			fail(ps, "unsupported call %s (not in linux-kernel.def, or not modelled)", name);
		return NULL;
	}
	e = node(ps, LT_E_CALL);
	if (!e)
		return NULL;
	e->call = c;
	if (!accept(ps, ")")) {
		do {
			if (n == 3) {
				fail(ps, "%s: too many arguments", name);
				return NULL;
			}
			args[n++] = expr(ps);
		} while (!ps->failed && accept(ps, ","));
		expect(ps, ")", "after the arguments");
	}
	if (ps->failed)
		return NULL;
	if (n != c->nargs) {
		fail(ps, "%s takes %d argument(s), not %d", name, c->nargs, n);
		return NULL;
	}
	if (c->lvalue) {
		if (!args[0] || args[0]->kind != LT_E_DEREF) {
			fail(ps, "%s: the first argument must be written *p", name);
			return NULL;
		}
		args[0] = args[0]->a;
	}
	if (c->value_first && n == 2) {
		e->a = args[1];
		e->b = args[0];
	} else if (one_operand(c)) {
		e->a = args[0];
		e->b = node(ps, LT_E_CONST);
		if (e->b)
			e->b->val = 1;
	} else {
		e->a = args[0];
		e->b = args[1];
		e->c = args[2];
	}
	return e;
}

static struct lt_expr *primary(struct parser *ps)
{
	struct lt_expr *e;
	char name[sizeof(ps->tok)];

	if (ps->failed)
		return NULL;
	if (ps->toktype == 'n') {
		e = node(ps, LT_E_CONST);
		if (e)
			e->val = (int32_t)ps->num;
		next(ps);
		return e;
	}
	if (accept(ps, "(")) {
		if (accept(ps, "void")) {	/* (void)expr */
			expect(ps, ")", "after (void");
			return primary(ps);
		}
		e = expr(ps);
		expect(ps, ")", "closing the expression");
		return e;
	}
	if (accept(ps, "*")) {
		e = node(ps, LT_E_DEREF);
		if (e)
			e->a = primary(ps);
		return e;
	}
	if (accept(ps, "!") || is(ps, "-") || is(ps, "~")) {
		int k = ps->tok[0] == '-' ? LT_E_NEG : ps->tok[0] == '~' ? LT_E_INV : LT_E_NOT;

		if (k != LT_E_NOT)
			next(ps);
		e = node(ps, k);
		if (e)
			e->a = primary(ps);
		return e;
	}
	if (accept(ps, "&")) {
		int l;

		if (ps->toktype != 'i') {
			fail(ps, "unsupported: & of an expression (only &location)");
			return NULL;
		}
		l = find_loc(ps->t, ps->tok);
		if (l < 0) {
			fail(ps, "unknown location %s", ps->tok);
			return NULL;
		}
		next(ps);
		e = node(ps, LT_E_CONST);
		if (e)
			e->val = LT_PTR + l;
		return e;
	}
	if (ps->toktype != 'i') {
		fail(ps, "expected an expression, found '%s'", ps->toktype ? ps->tok : "end of file");
		return NULL;
	}
	snprintf(name, sizeof(name), "%s", ps->tok);
	next(ps);
	if (accept(ps, "("))
		return call(ps, name);
	if (!strcmp(name, "NULL")) {
		e = node(ps, LT_E_CONST);
		return e;
	}
	if (ps->cur >= 0) {
		struct lt_thread *th = &ps->t->th[ps->cur];
		int r = find_reg(th, name), l;

		if (r >= 0) {
			e = node(ps, LT_E_REG);
			if (e)
				e->reg = (int16_t)r;
			return e;
		}
		l = find_loc(ps->t, name);
		if (l >= 0) {
			e = node(ps, LT_E_CONST);
			if (e)
				e->val = LT_PTR + l;
			return e;
		}
		/* herd7 takes a register it has not seen declared */
		r = add_reg(ps, th, name);
		e = node(ps, LT_E_REG);
		if (e)
			e->reg = (int16_t)r;
		return e;
	}
	fail(ps, "unknown name %s", name);
	return NULL;
}

static const struct {
	const char *s;
	int op, prec;
} binops[] = {
	{ "||", LT_LOR, 1 }, { "&&", LT_LAND, 2 }, { "|", LT_OR, 3 }, { "^", LT_XOR, 4 },
	{ "&", LT_AND, 5 }, { "==", LT_EQ, 6 }, { "!=", LT_NE, 6 }, { "<", LT_LT, 7 },
	{ ">", LT_GT, 7 }, { "<=", LT_LE, 7 }, { ">=", LT_GE, 7 }, { "+", LT_ADD, 8 },
	{ "-", LT_SUB, 8 }, { "*", LT_MUL, 9 },
};

static struct lt_expr *binary(struct parser *ps, int minprec)
{
	struct lt_expr *l = primary(ps);

	while (!ps->failed && ps->toktype == 'p') {
		size_t i;
		struct lt_expr *e;

		for (i = 0; i < sizeof(binops) / sizeof(binops[0]); i++)
			if (!strcmp(ps->tok, binops[i].s))
				break;
		if (i == sizeof(binops) / sizeof(binops[0]) || binops[i].prec < minprec)
			break;
		next(ps);
		e = node(ps, LT_E_BIN);
		if (!e)
			return NULL;
		e->op = (uint8_t)binops[i].op;
		e->a = l;
		e->b = binary(ps, binops[i].prec + 1);
		l = e;
	}
	return l;
}

static struct lt_expr *expr(struct parser *ps)
{
	return binary(ps, 1);
}

/* ---- statements ---- */

static struct lt_stmt *stmt(struct parser *ps);

static struct lt_stmt *snode(struct parser *ps, int kind)
{
	struct lt_stmt *s = alloc(ps, sizeof(*s));

	if (!s) {
		fail(ps, "test too large");
		return NULL;
	}
	s->kind = (uint8_t)kind;
	s->line = ps->tokline;
	s->id = ps->stmt_id++;
	if (s->id >= LT_MAX_STMTS)
		fail(ps, "more than %d statements in one thread", LT_MAX_STMTS);
	return s;
}

static struct lt_stmt *block(struct parser *ps)
{
	struct lt_stmt *b = snode(ps, LT_S_BLOCK), *list[128];
	int n = 0;

	if (!b)
		return NULL;
	while (!ps->failed && !is(ps, "}")) {
		struct lt_stmt *s;

		if (!ps->toktype) {
			fail(ps, "unexpected end of file in a block");
			return NULL;
		}
		s = stmt(ps);
		if (s && n < 128)
			list[n++] = s;
		else if (s)
			fail(ps, "more than 128 statements in one block");
	}
	expect(ps, "}", "closing the block");
	b->body = alloc(ps, sizeof(*b->body) * (size_t)(n ? n : 1));
	if (b->body)
		memcpy(b->body, list, sizeof(*list) * (size_t)n);
	b->n = n;
	return b;
}

static bool is_type(struct parser *ps)
{
	return is(ps, "int") || is(ps, "atomic_t") || is(ps, "spinlock_t") || is(ps, "long") ||
	       is(ps, "unsigned") || is(ps, "intptr_t");
}

/* int r0; int r1 = e; int *r2; int r3, r4; */
static struct lt_stmt *decl(struct parser *ps)
{
	struct lt_thread *th = &ps->t->th[ps->cur];
	struct lt_stmt *first = NULL, *b = NULL;

	if (is(ps, "atomic_t") || is(ps, "spinlock_t")) {
		fail(ps, "unsupported: a local %s (shared variables are the thread's parameters)", ps->tok);
		return NULL;
	}
	while (is(ps, "int") || is(ps, "long") || is(ps, "unsigned") || is(ps, "intptr_t"))
		next(ps);
	do {
		bool ptr = false;
		int r;

		while (accept(ps, "*"))
			ptr = true;
		if (ps->toktype != 'i') {
			fail(ps, "expected a register name in a declaration");
			return NULL;
		}
		if (find_loc(ps->t, ps->tok) >= 0) {
			fail(ps, "register %s has the name of a shared location", ps->tok);
			return NULL;
		}
		r = add_reg(ps, th, ps->tok);
		th->reg_ptr[r] = ptr;
		next(ps);
		if (accept(ps, "=")) {
			struct lt_stmt *s = snode(ps, LT_S_SETREG);

			if (!s)
				return NULL;
			s->reg = (int16_t)r;
			s->e = expr(ps);
			if (!first) {
				first = s;
			} else {
				if (!b) {
					b = snode(ps, LT_S_BLOCK);
					if (!b)
						return NULL;
					b->body = alloc(ps, sizeof(*b->body) * 16);
					b->body[b->n++] = first;
				}
				if (b->n < 16)
					b->body[b->n++] = s;
			}
		}
	} while (!ps->failed && accept(ps, ","));
	expect(ps, ";", "after the declaration");
	if (b)
		return b;
	if (!first)
		first = snode(ps, LT_S_BLOCK);	/* an empty block */
	return first;
}

static struct lt_stmt *stmt(struct parser *ps)
{
	struct lt_stmt *s;

	if (ps->failed)
		return NULL;
	if (accept(ps, "{"))
		return block(ps);
	if (accept(ps, ";"))
		return snode(ps, LT_S_BLOCK);
	if (is_type(ps))
		return decl(ps);
	if (is(ps, "while") || is(ps, "for") || is(ps, "do") || is(ps, "goto") || is(ps, "switch") ||
	    is(ps, "return")) {
		fail(ps, "unsupported: %s (litmus threads here are loop-free)", ps->tok);
		return NULL;
	}
	if (accept(ps, "if")) {
		s = snode(ps, LT_S_IF);
		if (!s)
			return NULL;
		expect(ps, "(", "after if");
		s->e = expr(ps);
		expect(ps, ")", "closing the condition");
		s->then = stmt(ps);
		if (accept(ps, "else"))
			s->els = stmt(ps);
		return s;
	}
	if (accept(ps, "*")) {	/* *p = e: a plain store */
		s = snode(ps, LT_S_STORE);
		if (!s)
			return NULL;
		s->addr = primary(ps);
		expect(ps, "=", "in the store");
		s->e = expr(ps);
		expect(ps, ";", "after the store");
		return s;
	}
	if (ps->toktype == 'i') {
		const char *save = ps->p;
		int line = ps->line;
		char name[sizeof(ps->tok)];

		snprintf(name, sizeof(name), "%s", ps->tok);
		next(ps);
		if (accept(ps, "=")) {
			struct lt_thread *th = &ps->t->th[ps->cur];

			if (find_reg(th, name) < 0 && find_loc(ps->t, name) >= 0) {
				fail(ps, "unsupported: assignment to shared %s (write WRITE_ONCE(*%s, ...) or *%s = ...)",
				     name, name, name);
				return NULL;
			}
			s = snode(ps, LT_S_SETREG);
			if (!s)
				return NULL;
			s->reg = (int16_t)add_reg(ps, th, name);
			s->e = expr(ps);
			expect(ps, ";", "after the assignment");
			return s;
		}
		ps->p = save;	/* an expression statement: parse again from the name */
		ps->line = line;
		snprintf(ps->tok, sizeof(ps->tok), "%s", name);
		ps->toktype = 'i';
	}
	s = snode(ps, LT_S_EXPR);
	if (!s)
		return NULL;
	s->e = expr(ps);
	expect(ps, ";", "after the statement");
	return s;
}

/* ---- the init block, threads, clauses ---- */

static int32_t init_value(struct parser *ps)
{
	int32_t v = 0;

	if (accept(ps, "ATOMIC_INIT")) {
		expect(ps, "(", "after ATOMIC_INIT");
		v = init_value(ps);
		expect(ps, ")", "closing ATOMIC_INIT");
		return v;
	}
	if (accept(ps, "&") || ps->toktype == 'i') {
		int l;

		if (ps->toktype != 'i') {
			fail(ps, "expected a location name");
			return 0;
		}
		if (!strcmp(ps->tok, "NULL")) {
			next(ps);
			return 0;
		}
		l = add_loc(ps, ps->tok, LT_INT);
		next(ps);
		return LT_PTR + l;
	}
	if (accept(ps, "-")) {
		v = -(int32_t)ps->num;
	} else if (ps->toktype == 'n') {
		v = (int32_t)ps->num;
	} else {
		fail(ps, "expected an initial value, found '%s'", ps->tok);
		return 0;
	}
	next(ps);
	return v;
}

static void init_block(struct parser *ps)
{
	while (!ps->failed && !accept(ps, "}")) {
		int type = LT_INT, l;
		bool ptr = false;

		if (accept(ps, ";"))
			continue;
		if (accept(ps, "atomic_t"))
			type = LT_ATOMIC;
		else if (accept(ps, "spinlock_t"))
			type = LT_SPINLOCK;
		else
			while (accept(ps, "int") || accept(ps, "long") || accept(ps, "unsigned") ||
			       accept(ps, "intptr_t"))
				;
		while (accept(ps, "*"))
			ptr = true;
		if (ps->toktype == 'n') {
			fail(ps, "unsupported: initial register values (N:reg=v)");
			return;
		}
		if (ps->toktype != 'i') {
			fail(ps, "expected a location in the init block, found '%s'", ps->tok);
			return;
		}
		l = add_loc(ps, ps->tok, ptr ? LT_PTRTYPE : type);
		next(ps);
		if (accept(ps, "="))
			ps->t->loc[l].init = init_value(ps);
		if (!is(ps, "}"))
			expect(ps, ";", "after an init entry");
	}
}

static void thread(struct parser *ps)
{
	struct litmus *t = ps->t;
	int n;

	if (ps->tok[0] != 'P' || !isdigit((unsigned char)ps->tok[1])) {
		fail(ps, "expected a thread P0, P1, ... found '%s'", ps->tok);
		return;
	}
	n = atoi(ps->tok + 1);
	if (n != t->nthreads) {
		fail(ps, "thread %s out of order (expected P%d)", ps->tok, t->nthreads);
		return;
	}
	if (n >= LT_MAX_THREADS) {
		fail(ps, "more than %d threads", LT_MAX_THREADS);
		return;
	}
	t->nthreads++;
	ps->cur = n;
	ps->stmt_id = 0;
	next(ps);
	expect(ps, "(", "after the thread name");
	while (!ps->failed && !accept(ps, ")")) {
		int type = LT_INT, stars = 0;

		if (accept(ps, "atomic_t"))
			type = LT_ATOMIC;
		else if (accept(ps, "spinlock_t"))
			type = LT_SPINLOCK;
		else if (!(accept(ps, "int") || accept(ps, "volatile") || accept(ps, "long") ||
			   accept(ps, "intptr_t"))) {
			if (ps->toktype == 'i' && !strncmp(ps->tok, "struct", 6))
				fail(ps, "unsupported parameter type struct");
			else
				fail(ps, "unsupported parameter type '%s'", ps->tok);
			return;
		}
		while (accept(ps, "int") || accept(ps, "volatile"))
			;
		while (accept(ps, "*"))
			stars++;
		if (ps->toktype != 'i' || !stars) {
			fail(ps, "expected a pointer parameter (int *x)");
			return;
		}
		add_loc(ps, ps->tok, stars > 1 ? LT_PTRTYPE : type);
		next(ps);
		accept(ps, ",");
	}
	expect(ps, "{", "opening the thread's body");
	t->th[n].body = block(ps);
	t->th[n].nstmts = ps->stmt_id;
	ps->cur = -1;
}

static struct lt_prop *prop(struct parser *ps);

static struct lt_prop *pnode(struct parser *ps, int kind)
{
	struct lt_prop *p = alloc(ps, sizeof(*p));

	if (!p)
		fail(ps, "test too large");
	else
		p->kind = (uint8_t)kind;
	return p;
}

static void show_add(struct litmus *t, int thread, int index)
{
	int i;

	for (i = 0; i < t->nshow; i++)
		if (t->show[i].thread == thread && t->show[i].index == index)
			return;
	if (t->nshow < 64) {
		t->show[t->nshow].thread = (int8_t)thread;
		t->show[t->nshow++].index = (int16_t)index;
	}
}

/* N:reg or loc or [loc]; returns false on error */
static bool variable(struct parser *ps, int *thread, int *index)
{
	struct litmus *t = ps->t;

	if (ps->toktype == 'n') {
		int n = (int)ps->num, r;

		next(ps);
		expect(ps, ":", "after the thread number");
		if (n < 0 || n >= t->nthreads || ps->toktype != 'i') {
			fail(ps, "bad register %d:%s", n, ps->tok);
			return false;
		}
		r = find_reg(&t->th[n], ps->tok);
		if (r < 0)
			r = add_reg(ps, &t->th[n], ps->tok);	/* never written: 0, as herd7 has it */
		next(ps);
		*thread = n;
		*index = r;
		return true;
	}
	if (accept(ps, "[")) {
		bool ok = variable(ps, thread, index);

		expect(ps, "]", "closing [location]");
		return ok;
	}
	if (ps->toktype == 'i') {
		int l = find_loc(t, ps->tok);

		if (l < 0) {
			fail(ps, "unknown location %s", ps->tok);
			return false;
		}
		next(ps);
		*thread = -1;
		*index = l;
		return true;
	}
	fail(ps, "expected a register or a location, found '%s'", ps->tok);
	return false;
}

static struct lt_prop *atom(struct parser *ps)
{
	struct lt_prop *p;
	int th, ix;

	if (accept(ps, "(")) {
		p = prop(ps);
		expect(ps, ")", "closing the proposition");
		return p;
	}
	if (accept(ps, "~")) {
		p = pnode(ps, LT_P_NOT);
		if (p)
			p->a = atom(ps);
		return p;
	}
	if (accept(ps, "true"))
		return pnode(ps, LT_P_TRUE);
	if (accept(ps, "false")) {
		p = pnode(ps, LT_P_NOT);
		if (p)
			p->a = pnode(ps, LT_P_TRUE);
		return p;
	}
	if (!variable(ps, &th, &ix))
		return NULL;
	p = pnode(ps, LT_P_ATOM);
	if (!p)
		return NULL;
	p->thread = (int8_t)th;
	p->index = (int16_t)ix;
	show_add(ps->t, th, ix);
	if (accept(ps, "!=")) {
		struct lt_prop *n = pnode(ps, LT_P_NOT);

		if (n)
			n->a = p;
		p->val = init_value(ps);
		return n;
	}
	expect(ps, "=", "in the condition");
	p->val = init_value(ps);
	return p;
}

static struct lt_prop *conj(struct parser *ps)
{
	struct lt_prop *l = atom(ps);

	while (!ps->failed && accept(ps, "/\\")) {
		struct lt_prop *p = pnode(ps, LT_P_AND);

		if (!p)
			return NULL;
		p->a = l;
		p->b = atom(ps);
		l = p;
	}
	return l;
}

static struct lt_prop *prop(struct parser *ps)
{
	struct lt_prop *l = conj(ps);

	while (!ps->failed && accept(ps, "\\/")) {
		struct lt_prop *p = pnode(ps, LT_P_OR);

		if (!p)
			return NULL;
		p->a = l;
		p->b = conj(ps);
		l = p;
	}
	return l;
}

static void clauses(struct parser *ps)
{
	struct litmus *t = ps->t;
	bool have_cond = false;

	while (!ps->failed && ps->toktype) {
		if (accept(ps, "locations")) {
			expect(ps, "[", "after locations");
			while (!ps->failed && !accept(ps, "]")) {
				int th, ix;

				if (accept(ps, ";"))
					continue;
				if (variable(ps, &th, &ix))
					show_add(t, th, ix);
			}
		} else if (accept(ps, "filter")) {
			t->filter = prop(ps);
		} else if (!have_cond && (is(ps, "exists") || is(ps, "~") || is(ps, "forall"))) {
			if (accept(ps, "~")) {
				t->quant = LT_NOT_EXISTS;
				expect(ps, "exists", "after ~");
			} else if (accept(ps, "forall")) {
				t->quant = LT_FORALL;
			} else {
				next(ps);
				t->quant = LT_EXISTS;
			}
			t->cond = prop(ps);
			have_cond = true;
		} else {
			fail(ps, "unsupported clause '%s' (locations, filter, exists, ~exists, forall)", ps->tok);
		}
	}
	if (!have_cond && !ps->failed)
		fail(ps, "no exists, ~exists or forall clause");
}

/* "Result: Never" in the header comment */
static void result_line(struct litmus *t, const char *src)
{
	const char *r = strstr(src, "Result:");
	int n = 0;

	if (!r)
		return;
	r += 7;
	while (*r == ' ' || *r == '\t')
		r++;
	while (isalpha((unsigned char)r[n]) && n < (int)sizeof(t->result) - 1)
		n++;
	snprintf(t->result, sizeof(t->result), "%.*s", n, r);
}

static int cmp_show(const void *a, const void *b, void *tp)
{
	const struct litmus *t = tp;
	const typeof(t->show[0]) *x = a, *y = b;

	if ((x->thread < 0) != (y->thread < 0))
		return x->thread < 0 ? 1 : -1;
	if (x->thread < 0)
		return strcmp(t->loc[x->index].name, t->loc[y->index].name);
	if (x->thread != y->thread)
		return x->thread - y->thread;
	return strcmp(t->th[x->thread].reg[x->index], t->th[y->thread].reg[y->index]);
}

static void sort_show(struct litmus *t)
{
	int i, j;

	/* insertion sort: a handful of entries */
	for (i = 1; i < t->nshow; i++)
		for (j = i; j > 0 && cmp_show(&t->show[j - 1], &t->show[j], t) > 0; j--) {
			typeof(t->show[0]) tmp = t->show[j];

			t->show[j] = t->show[j - 1];
			t->show[j - 1] = tmp;
		}
}

struct litmus *litmus_parse(const char *path)
{
	struct parser ps;
	struct litmus *t;
	FILE *f = fopen(path, "r");
	long size;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	memset(&ps, 0, sizeof(ps));
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	ps.src = calloc(1, (size_t)size + 1);
	t = calloc(1, sizeof(*t));
	ps.arena = malloc(ARENA);
	if (!ps.src || !t || !ps.arena || fread(ps.src, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "%s: cannot read\n", path);
		fclose(f);
		free(ps.src);
		free(t);
		free(ps.arena);
		return NULL;
	}
	fclose(f);
	ps.cap = ARENA;
	ps.path = path;
	ps.p = ps.src;
	ps.line = 1;
	ps.t = t;
	ps.cur = -1;
	t->arena = ps.arena;
	snprintf(t->file, sizeof(t->file), "%s", path);
	result_line(t, ps.src);
	skip_space(&ps);
	if (strncmp(ps.p, "C ", 2) && strncmp(ps.p, "C\t", 2)) {
		ps.tokline = ps.line;
		fail(&ps, "not a C litmus test: the first line must be 'C NAME'");
	} else {
		const char *e;

		ps.p += 2;
		while (*ps.p == ' ' || *ps.p == '\t')
			ps.p++;
		e = ps.p;
		while (*e && !isspace((unsigned char)*e))
			e++;
		snprintf(t->name, sizeof(t->name), "%.*s", (int)(e - ps.p), ps.p);
		ps.p = e;
		ps.toktype = 0;
		next(&ps);
		if (ps.toktype == 'p' && ps.tok[0] == '"') {	/* a quoted doc string */
			while (*ps.p && *ps.p != '"')
				ps.line += *ps.p++ == '\n';
			if (*ps.p)
				ps.p++;
			next(&ps);
		}
		expect(&ps, "{", "opening the init block");
		init_block(&ps);
		while (!ps.failed && ps.toktype == 'i' && ps.tok[0] == 'P' && isdigit((unsigned char)ps.tok[1]))
			thread(&ps);
		if (!ps.failed && !t->nthreads)
			fail(&ps, "no thread P0");
		clauses(&ps);
	}
	free(ps.src);
	if (ps.failed) {
		litmus_free(t);
		return NULL;
	}
	sort_show(t);
	return t;
}

void litmus_free(struct litmus *t)
{
	if (!t)
		return;
	free(t->arena);
	free(t);
}
