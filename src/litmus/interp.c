// SPDX-License-Identifier: GPL-2.0
/*
 * One litmus thread, run over a memory backend: herd7's enumeration
 * (lkmm.c: a read returns a guessed value) or the fuzzer's model (run.c: a
 * read goes to src/memory/wmm.c). The interpreter records the events in
 * herd7's terms: each access with its annotation, each RMW as a read and,
 * if it writes, a write, and the dependencies herd7 derives from registers:
 *  - addr: the access's address was computed from the read;
 *  - data: the stored value was;
 *  - ctrl: the condition of an if whose branch holds the access was (herd7
 *    gives no ctrl to the accesses after the if).
 * Program order is the statement's preorder number: with no loops, a
 * statement runs at most once per execution, so it orders the events of any
 * path, also when the engine ran a later store early (below).
 *
 * Load buffering (LB) in the engine: at a statement, the engine may run a
 * later store of the same block first, as a weak CPU retires an independent
 * store before a load that misses. Only a WRITE_ONCE, atomic_set or plain
 * store may go early, only over loads and such stores of other, already
 * known locations (no acquire, release, fence, RMW, lock, RCU or if
 * between), and only if neither its address nor its value uses a register
 * those statements set: exactly the R->W and W->W pairs that no dependency,
 * fence or annotation orders in the LKMM (ppo), so the choice adds LB, S and
 * 2+2W outcomes without adding one the LKMM forbids.
 */
#include "interp.h"

#include <string.h>

struct val {
	int32_t v;
	uint64_t dep;
};

static int32_t binop(int op, int32_t a, int32_t b)
{
	uint32_t x = (uint32_t)a, y = (uint32_t)b;

	switch (op) {
	case LT_ADD: return (int32_t)(x + y);
	case LT_SUB: return (int32_t)(x - y);
	case LT_AND: return (int32_t)(x & y);
	case LT_OR: return (int32_t)(x | y);
	case LT_XOR: return (int32_t)(x ^ y);
	case LT_ANDNOT: return (int32_t)(x & ~y);
	case LT_MUL: return (int32_t)(x * y);
	case LT_EQ: return a == b;
	case LT_NE: return a != b;
	case LT_LT: return a < b;
	case LT_GT: return a > b;
	case LT_LE: return a <= b;
	case LT_GE: return a >= b;
	case LT_LAND: return a && b;
	case LT_LOR: return a || b;
	}
	return 0;
}

bool lt_rmw_apply(const struct lt_rmw *d, int32_t old, int32_t *new)
{
	switch (d->kind) {
	case LT_C_XCHG:
		*new = d->b;
		return true;
	case LT_C_CMPXCHG:
		*new = d->c;
		return old == d->b;
	case LT_C_ADD_UNLESS:
		*new = binop(LT_ADD, old, d->b);
		return old != d->c;
	case LT_C_LOCK:
	case LT_C_TRYLOCK:
		*new = 1;
		return old == 0;
	default:
		*new = binop(d->op, old, d->b);
		return true;
	}
}

static struct lt_event *new_event(struct lt_interp *in, int kind, int loc, int tag, int po)
{
	struct lt_event *e;

	if (in->nev == LT_MAX_TEV) {
		in->overflow = true;
		in->dead = true;
		return NULL;
	}
	e = &in->ev[in->nev++];
	memset(e, 0, sizeof(*e));
	e->kind = (uint8_t)kind;
	e->thread = (int8_t)in->thread;
	e->loc = (int8_t)loc;
	e->tag = (uint8_t)tag;
	e->rmw_w = -1;
	e->src = -1;
	e->po = po;
	e->ctrl = in->ctrl;
	return e;
}

static int loc_of(struct lt_interp *in, struct val a, int line)
{
	if (!LT_IS_PTR(a.v)) {
		/* herd7 has no execution there either: not a location */
		(void)line;
		in->dead = true;
		in->bad_address = true;
		return -1;
	}
	return a.v - LT_PTR;
}

static void before_access(struct lt_interp *in, bool global)
{
	if (in->need_point && in->ops->point)
		in->ops->point(in);
	in->need_point = false;
	if (global)
		in->need_point = true;
}

static struct val eval(struct lt_interp *in, const struct lt_expr *e, int *sub, int sid);

static struct val do_call(struct lt_interp *in, const struct lt_expr *e, int *sub, int sid)
{
	const struct lt_callspec *c = e->call;
	struct val a = { 0, 0 }, b = { 0, 0 }, cc = { 0, 0 }, r = { 0, 0 };
	struct lt_event *ev, *w;
	struct lt_rmw d;
	int l, po;

	if (c->kind != LT_C_FENCE) {
		a = eval(in, e->a, sub, sid);
		if (e->b)
			b = eval(in, e->b, sub, sid);
		if (e->c)
			cc = eval(in, e->c, sub, sid);
		if (in->dead)
			return r;
		l = loc_of(in, a, e->line);
		if (l < 0)
			return r;
	} else {
		l = -1;
	}
	po = sid * 64 + (*sub)++;
	switch (c->kind) {
	case LT_C_LOAD:
		before_access(in, false);
		ev = new_event(in, 'R', l, c->tag, po);
		if (!ev)
			return r;
		ev->addr = a.dep;
		r.v = in->ops->load(in, ev);
		r.dep = 1ull << (ev - in->ev);
		return r;
	case LT_C_STORE:
	case LT_C_STORE_MB:
	case LT_C_UNLOCK:
		before_access(in, true);
		ev = new_event(in, 'W', l, c->kind == LT_C_UNLOCK ? LT_ONCE : c->tag, po);
		if (!ev)
			return r;
		if (c->kind == LT_C_UNLOCK)
			ev->lock = LT_UL;
		ev->addr = a.dep;
		ev->data = b.dep;
		ev->val = c->kind == LT_C_UNLOCK ? 0 : b.v;
		in->ops->store(in, ev);
		if (c->kind == LT_C_STORE_MB) {
			ev = new_event(in, 'F', -1, LT_F_MB, sid * 64 + (*sub)++);
			if (ev)
				in->ops->fence(in, ev);
		}
		return r;
	case LT_C_FENCE:
		before_access(in, c->tag != LT_F_RMB && c->tag != LT_F_WMB && c->tag != LT_F_BARRIER);
		ev = new_event(in, 'F', -1, c->tag, po);
		if (ev)
			in->ops->fence(in, ev);
		return r;
	case LT_C_ISLOCKED:
		before_access(in, false);
		ev = new_event(in, 'R', l, LT_ONCE, po);
		if (!ev)
			return r;
		ev->addr = a.dep;
		r.v = in->ops->load(in, ev) != 0;
		ev->lock = r.v ? LT_RL : LT_RU;
		r.dep = 1ull << (ev - in->ev);
		return r;
	default:
		break;
	}
	/* an RMW: its read, then its write if it stores */
	before_access(in, true);
	memset(&d, 0, sizeof(d));
	d.kind = c->kind;
	d.op = c->op;
	d.tag = c->tag;
	d.b = b.v;
	d.c = cc.v;
	ev = new_event(in, 'R', l, c->kind == LT_C_LOCK || c->kind == LT_C_TRYLOCK ? LT_ONCE : c->tag, po);
	w = new_event(in, 'W', l, ev ? ev->tag : 0, sid * 64 + (*sub)++);
	if (!ev || !w)
		return r;
	ev->addr = w->addr = a.dep;
	w->data = b.dep | cc.dep;
	ev->rmw = w->rmw = c->kind != LT_C_LOCK && c->kind != LT_C_TRYLOCK;
	if (c->kind == LT_C_LOCK || c->kind == LT_C_TRYLOCK) {
		ev->lock = LT_LKR;
		w->lock = LT_LKW;
	}
	in->ops->rmw(in, ev, w, &d);
	if (in->dead)
		return r;
	r.dep = 1ull << (ev - in->ev);
	if (!d.stored) {
		in->nev--;	/* no write */
		if (c->kind == LT_C_TRYLOCK)
			ev->lock = LT_LF;
		if (c->kind == LT_C_LOCK)
			in->dead = true;	/* spins: the backend never lets it fail */
	} else {
		ev->rmw_w = (int8_t)(w - in->ev);
	}
	switch (c->kind) {
	case LT_C_OP_RETURN:
		r.v = d.stored ? w->val : 0;
		if (c->test == 1)
			r.v = r.v == 0;
		else if (c->test == 2)
			r.v = r.v < 0;
		break;
	case LT_C_ADD_UNLESS:
	case LT_C_TRYLOCK:
		r.v = d.stored;
		break;
	default:
		r.v = ev->val;	/* the old value */
	}
	return r;
}

static struct val eval(struct lt_interp *in, const struct lt_expr *e, int *sub, int sid)
{
	struct val r = { 0, 0 }, a, b;
	struct lt_event *ev;
	int l;

	if (!e || in->dead)
		return r;
	switch (e->kind) {
	case LT_E_CONST:
		r.v = e->val;
		return r;
	case LT_E_REG:
		r.v = in->reg[e->reg];
		r.dep = in->regdep[e->reg];
		return r;
	case LT_E_DEREF:	/* a plain load */
		a = eval(in, e->a, sub, sid);
		l = loc_of(in, a, e->line);
		if (l < 0)
			return r;
		before_access(in, false);
		ev = new_event(in, 'R', l, LT_PLAIN, sid * 64 + (*sub)++);
		if (!ev)
			return r;
		ev->addr = a.dep;
		r.v = in->ops->load(in, ev);
		r.dep = 1ull << (ev - in->ev);
		return r;
	case LT_E_CALL:
		return do_call(in, e, sub, sid);
	case LT_E_BIN:
		a = eval(in, e->a, sub, sid);
		b = eval(in, e->b, sub, sid);
		r.v = binop(e->op, a.v, b.v);
		r.dep = a.dep | b.dep;
		return r;
	case LT_E_NOT:
	case LT_E_NEG:
	case LT_E_INV:
		a = eval(in, e->a, sub, sid);
		r.v = e->kind == LT_E_NOT ? !a.v : e->kind == LT_E_NEG ? (int32_t)(0u - (uint32_t)a.v) : ~a.v;
		r.dep = a.dep;
		return r;
	}
	return r;
}

static bool is_done(const struct lt_interp *in, int id)
{
	return (in->done[id / 64] >> (id % 64)) & 1;
}

/* ---- the engine's early stores (LB, S, 2+2W) ---- */

static bool pure(const struct lt_expr *e)
{
	if (!e)
		return true;
	if (e->kind == LT_E_CALL || e->kind == LT_E_DEREF)
		return false;
	return pure(e->a) && pure(e->b) && pure(e->c);
}

static uint64_t regs_of(const struct lt_expr *e)
{
	if (!e)
		return 0;
	return (e->kind == LT_E_REG ? 1ull << e->reg : 0) | regs_of(e->a) | regs_of(e->b) | regs_of(e->c);
}

/* A simple access statement: its address and, for a store, value expression. */
struct simple {
	bool store;
	const struct lt_expr *addr, *val;
	int reg;		/* a load's destination, or -1 */
};

static bool simple_access(const struct lt_stmt *s, struct simple *a)
{
	const struct lt_expr *e = s->e;

	a->reg = -1;
	if (s->kind == LT_S_STORE) {
		a->store = true;
		a->addr = s->addr;
		a->val = s->e;
		return pure(a->addr) && pure(a->val);
	}
	if (s->kind == LT_S_SETREG) {
		a->store = false;
		a->reg = s->reg;
		if (pure(e)) {	/* register arithmetic */
			a->addr = NULL;
			a->val = e;
			return true;
		}
		if (e->kind == LT_E_DEREF) {
			a->addr = e->a;
			return pure(a->addr);
		}
		if (e->kind == LT_E_CALL && e->call->kind == LT_C_LOAD && e->call->tag == LT_ONCE) {
			a->addr = e->a;
			return pure(a->addr);
		}
		return false;
	}
	if (s->kind == LT_S_EXPR && e && e->kind == LT_E_CALL && e->call->kind == LT_C_STORE &&
	    e->call->tag == LT_ONCE) {
		a->store = true;
		a->addr = e->a;
		a->val = e->b;
		return pure(a->addr) && pure(a->val);
	}
	if (s->kind == LT_S_BLOCK && !s->n) {	/* a declaration without value */
		a->store = false;
		a->addr = a->val = NULL;
		return true;
	}
	return false;
}

static int32_t now(const struct lt_interp *in, const struct lt_expr *e)
{
	int sub = 0;

	return eval((struct lt_interp *)in, e, &sub, 0).v;
}

/*
 * Before statement @i of @b: the stores that may run now, ahead of it.
 * Returns how many (their indices in @cand).
 */
static int early_stores(struct lt_interp *in, const struct lt_stmt *b, int i, int *cand)
{
	uint64_t set = 0;	/* registers the skipped statements assign */
	uint32_t locs = 0;	/* locations they access */
	int j, n = 0;

	for (j = i; j < b->n && n < 4; j++) {
		const struct lt_stmt *s = b->body[j];
		struct simple a;
		int l = -1;

		if (is_done(in, s->id))
			continue;
		if (!simple_access(s, &a))
			break;
		if (a.addr) {
			int32_t p;

			if (regs_of(a.addr) & set)
				break;	/* an unknown address: stop looking */
			p = now(in, a.addr);
			if (!LT_IS_PTR(p))
				break;
			l = p - LT_PTR;
			if (in->t->loc[l].type == LT_SPINLOCK)
				break;
		}
		if (a.store && j > i && l >= 0 && !((locs >> l) & 1) &&
		    !((regs_of(a.addr) | regs_of(a.val)) & set))
			cand[n++] = j;
		if (l >= 0)
			locs |= 1u << l;
		if (a.reg >= 0)
			set |= 1ull << a.reg;
	}
	return n;
}

/* ---- statements ---- */

static void exec(struct lt_interp *in, const struct lt_stmt *s);

static void exec_block(struct lt_interp *in, const struct lt_stmt *b)
{
	int i;

	for (i = 0; i < b->n && !in->dead; i++) {
		if (in->hoist && in->ops->choose) {
			int cand[4], n;

			while (!in->dead && (n = early_stores(in, b, i, cand)) > 0) {
				int k = in->ops->choose(in, n + 1);

				if (!k)
					break;
				in->done[b->body[cand[k - 1]]->id / 64] |= 1ull << (b->body[cand[k - 1]]->id % 64);
				in->early = true;
				exec(in, b->body[cand[k - 1]]);
				in->early = false;
			}
		}
		exec(in, b->body[i]);
	}
}

static void exec(struct lt_interp *in, const struct lt_stmt *s)
{
	struct val v, a;
	int sub = 0, l;
	struct lt_event *ev;

	if (!s || in->dead)
		return;
	if (is_done(in, s->id) && !in->early)
		return;
	switch (s->kind) {
	case LT_S_BLOCK:
		exec_block(in, s);
		return;
	case LT_S_EXPR:
		eval(in, s->e, &sub, s->id);
		return;
	case LT_S_SETREG:
		in->addr_load = in->addr_regs >> s->reg & 1;
		v = eval(in, s->e, &sub, s->id);
		in->addr_load = false;
		in->reg[s->reg] = v.v;
		in->regdep[s->reg] = v.dep;
		return;
	case LT_S_STORE:
		a = eval(in, s->addr, &sub, s->id);
		v = eval(in, s->e, &sub, s->id);
		l = loc_of(in, a, s->line);
		if (l < 0 || in->dead)
			return;
		before_access(in, true);
		ev = new_event(in, 'W', l, LT_PLAIN, s->id * 64 + sub++);
		if (!ev)
			return;
		ev->addr = a.dep;
		ev->data = v.dep;
		ev->val = v.v;
		in->ops->store(in, ev);
		return;
	case LT_S_IF: {
		uint64_t outer = in->ctrl;

		/* herd7's ctrl reaches the branches' events, not those after the if */
		v = eval(in, s->e, &sub, s->id);
		in->ctrl |= v.dep;
		if (v.v)
			exec(in, s->then);
		else
			exec(in, s->els);
		in->ctrl = outer;
		return;
	}
	}
}

/* Registers whose value is used as an address, and those they are computed from. */
static void addr_uses(const struct lt_expr *e, uint64_t *set)
{
	if (!e)
		return;
	if (e->kind == LT_E_DEREF || (e->kind == LT_E_CALL && e->call->kind != LT_C_FENCE))
		*set |= regs_of(e->a);
	addr_uses(e->a, set);
	addr_uses(e->b, set);
	addr_uses(e->c, set);
}

static void addr_stmt(const struct lt_stmt *s, uint64_t *set, bool flow)
{
	int i;

	if (!s)
		return;
	if (!flow) {
		addr_uses(s->e, set);
		if (s->kind == LT_S_STORE)
			*set |= regs_of(s->addr);
	} else if (s->kind == LT_S_SETREG && (*set >> s->reg & 1)) {
		*set |= regs_of(s->e);
	}
	addr_stmt(s->then, set, flow);
	addr_stmt(s->els, set, flow);
	for (i = 0; i < s->n; i++)
		addr_stmt(s->body[i], set, flow);
}

void lt_interp_init(struct lt_interp *in, const struct litmus *t, int thread,
		    const struct lt_mem_ops *ops, void *arg)
{
	uint64_t set = 0, before;
	int i;

	memset(in, 0, sizeof(*in));
	in->t = t;
	in->thread = thread;
	in->ops = ops;
	in->arg = arg;
	in->need_point = true;
	for (i = 0; i < t->th[thread].nregs; i++)
		in->reg[i] = t->th[thread].reg_init[i];
	addr_stmt(t->th[thread].body, &set, false);
	do {
		before = set;
		addr_stmt(t->th[thread].body, &set, true);
	} while (set != before);
	in->addr_regs = set;
}

void lt_interp_run(struct lt_interp *in)
{
	exec(in, in->t->th[in->thread].body);
}
