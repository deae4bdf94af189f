// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux-kernel memory model as a check of one candidate execution:
 * the relations of tools/memory-model's linux-kernel.bell, linux-kernel.cat
 * and lock.cat ("lkmmv2", as herd7 7.58 runs them), computed over the
 * execution's events with 64-bit rows, then the axioms in the order the
 * model states them: coherence, atomic, happens-before, propagation, rcu,
 * plain-coherence. The flags (data-race, mixed accesses) change no verdict
 * and are not computed.
 *
 * Why a second model beside src/memory/wmm.c: herd7 is the ground truth,
 * but it is not always installed; this checker answers as herd7 does
 * (validated against it on the kernel's tests and on generated ones), so
 * every execution the fuzzer's operational model reaches can be checked:
 * one the LKMM forbids is a bug of the model, counted and shown.
 *
 * Locks follow lock.cat through values: a spinlock holds 0 (free) or 1;
 * spin_lock is an RMW (LKR reads 0, LKW writes 1), spin_unlock a write of 0
 * (UL), a failed trylock or spin_is_locked a read (LF, RL: 1; RU: 0). The
 * coherence and atomic axioms then leave exactly lock.cat's executions
 * (each LKR reads its LKW's coherence predecessor, which is IW or a UL; a
 * UL follows its LKW in co).
 *
 * Why one file: the relations are built in the order the .bell and .cat
 * files define them, each from the ones before, and the axioms read them
 * all; kept together, the file reads beside linux-kernel.cat line by line.
 */
#include "litmus.h"

#include <string.h>

const char *const lkmm_axiom_names[] = {
	"ok", "coherence", "atomic", "happens-before", "propagation", "rcu", "plain-coherence", "lock",
};

#define N LT_MAX_EV

typedef struct {
	uint64_t r[N];
} rel;

static int n;		/* events of the execution being checked */

static void r_zero(rel *a)
{
	memset(a->r, 0, sizeof(a->r[0]) * (size_t)n);
}

static void r_or(rel *a, const rel *b)
{
	int i;

	for (i = 0; i < n; i++)
		a->r[i] |= b->r[i];
}

/* a ; b */
static void r_seq(rel *out, const rel *a, const rel *b)
{
	rel t;
	int i;

	for (i = 0; i < n; i++) {
		uint64_t m = a->r[i], acc = 0;

		while (m) {
			int j = __builtin_ctzll(m);

			m &= m - 1;
			acc |= b->r[j];
		}
		t.r[i] = acc;
	}
	memcpy(out->r, t.r, sizeof(t.r[0]) * (size_t)n);
}

/* [S] ; a ; [T] */
static void r_restrict(rel *out, const rel *a, uint64_t s, uint64_t t)
{
	int i;

	for (i = 0; i < n; i++)
		out->r[i] = (s >> i & 1) ? a->r[i] & t : 0;
}

static void r_plus(rel *a)
{
	int i, k;

	for (k = 0; k < n; k++)
		for (i = 0; i < n; i++)
			if (a->r[i] >> k & 1)
				a->r[i] |= a->r[k];
}

/* reflexive-transitive closure */
static void r_star(rel *a)
{
	int i;

	r_plus(a);
	for (i = 0; i < n; i++)
		a->r[i] |= 1ull << i;
}

static void r_opt(rel *a)
{
	int i;

	for (i = 0; i < n; i++)
		a->r[i] |= 1ull << i;
}

static void r_inv(rel *out, const rel *a)
{
	rel t;
	int i, j;

	memset(t.r, 0, sizeof(t.r[0]) * (size_t)n);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (a->r[i] >> j & 1)
				t.r[j] |= 1ull << i;
	memcpy(out->r, t.r, sizeof(t.r[0]) * (size_t)n);
}

static bool r_acyclic(const rel *a)
{
	rel t = *a;
	int i;

	r_plus(&t);
	for (i = 0; i < n; i++)
		if (t.r[i] >> i & 1)
			return false;
	return true;
}

static bool r_irreflexive(const rel *a)
{
	int i;

	for (i = 0; i < n; i++)
		if (a->r[i] >> i & 1)
			return false;
	return true;
}

static bool r_empty(const rel *a)
{
	int i;

	for (i = 0; i < n; i++)
		if (a->r[i])
			return false;
	return true;
}

/* a & b */
static void r_and(rel *out, const rel *a, const rel *b)
{
	int i;

	for (i = 0; i < n; i++)
		out->r[i] = a->r[i] & b->r[i];
}

/* a \ b */
static void r_minus(rel *out, const rel *a, const rel *b)
{
	int i;

	for (i = 0; i < n; i++)
		out->r[i] = a->r[i] & ~b->r[i];
}

/* a & int, a & ext */
static uint64_t same_thread[N];

static void r_int(rel *out, const rel *a)
{
	int i;

	for (i = 0; i < n; i++)
		out->r[i] = a->r[i] & same_thread[i];
}

static void r_ext(rel *out, const rel *a)
{
	int i;

	for (i = 0; i < n; i++)
		out->r[i] = a->r[i] & ~same_thread[i];
}

static void r_id(rel *out, uint64_t s)
{
	int i;

	for (i = 0; i < n; i++)
		out->r[i] = s >> i & 1 ? 1ull << i : 0;
}

/* fencerel(S) = po ; [S] ; po */
static void fencerel(rel *out, const rel *po, uint64_t s)
{
	rel a;

	r_restrict(&a, po, ~0ull, s);
	r_seq(out, &a, po);
}

/* r? ; x, with r? = r | id */
static void seq3(rel *out, const rel *a, const rel *b, const rel *c)
{
	rel t;

	r_seq(&t, a, b);
	r_seq(out, &t, c);
}

int lkmm_check(const struct lt_exec *x)
{
	uint64_t R = 0, W = 0, M, IW = 0, RMW = 0, ACQ = 0, REL = 0, MB = 0, NORET = 0,
		 PLAIN = 0, LKR = 0, LKW = 0, UL = 0, RCU_L = 0, RCU_U = 0, SYNC = 0, FAILED, INRMW = 0,
		 Acq, Rel, Mb, Noret, Marked, R4rmb, all, f_mb = 0, f_rmb = 0, f_wmb = 0, f_before = 0,
		 f_after = 0, f_aspin = 0, f_aul = 0;
	rel po, rf, co, fr, rmw, loc, addr, data, ctrl, t1, t2, t3, poloc, com, rfe, rfi, coe, fre,
	    mb, gp, strong, polock, acqpo, porel, nonrw, fence, ppo, hb, prop, cumul, rmwseq, pb,
	    overwrite, dep;
	int i, j;
	bool plain = false, rcu = false;

	n = x->n;
	all = n == 64 ? ~0ull : (1ull << n) - 1;
	r_zero(&po);
	r_zero(&rf);
	r_zero(&co);
	r_zero(&rmw);
	r_zero(&loc);
	r_zero(&addr);
	r_zero(&data);
	r_zero(&ctrl);
	for (i = 0; i < n; i++) {
		const struct lt_event *e = &x->ev[i];
		uint64_t b = 1ull << i;

		same_thread[i] = 0;
		for (j = 0; j < n; j++) {
			const struct lt_event *f = &x->ev[j];

			if (e->thread == f->thread && e->thread >= 0)
				same_thread[i] |= 1ull << j;
			if (e->thread == f->thread && e->thread >= 0 && e->po < f->po)
				po.r[i] |= 1ull << j;
			if (e->kind != 'F' && f->kind != 'F' && e->loc == f->loc)
				loc.r[i] |= 1ull << j;
		}
		if (e->thread < 0)
			same_thread[i] = b;
		if (e->kind == 'R')
			R |= b;
		else if (e->kind == 'W')
			W |= b;
		if (e->kind == 'W' && e->thread < 0)
			IW |= b;
		if (e->kind == 'F') {
			switch (e->tag) {
			case LT_F_MB: f_mb |= b; break;
			case LT_F_RMB: f_rmb |= b; break;
			case LT_F_WMB: f_wmb |= b; break;
			case LT_F_BEFORE_ATOMIC: f_before |= b; break;
			case LT_F_AFTER_ATOMIC: f_after |= b; break;
			case LT_F_AFTER_SPINLOCK: f_aspin |= b; break;
			case LT_F_AFTER_UNLOCK_LOCK: f_aul |= b; break;
			case LT_F_RCU_LOCK: RCU_L |= b; rcu = true; break;
			case LT_F_RCU_UNLOCK: RCU_U |= b; rcu = true; break;
			case LT_F_SYNC_RCU: SYNC |= b; rcu = true; break;
			}
			continue;
		}
		if (e->rmw)
			RMW |= b;
		if (e->tag == LT_ACQUIRE)
			ACQ |= b;
		if (e->tag == LT_RELEASE)
			REL |= b;
		if (e->tag == LT_MB)
			MB |= b;
		if (e->tag == LT_NORETURN)
			NORET |= b;
		if (e->tag == LT_PLAIN && e->thread >= 0) {
			PLAIN |= b;
			plain = true;
		}
		if (e->lock == LT_LKR)
			LKR |= b;
		if (e->lock == LT_LKW)
			LKW |= b;
		if (e->lock == LT_UL)
			UL |= b;
		if (e->kind == 'R' && e->src >= 0)
			rf.r[e->src] |= b;
		if (e->kind == 'R' && e->rmw_w >= 0) {
			rmw.r[i] |= 1ull << e->rmw_w;
			INRMW |= b | 1ull << e->rmw_w;
		}
		addr.r[i] = 0;
	}
	/* dependencies: the events' bits are sources */
	for (i = 0; i < n; i++) {
		const struct lt_event *e = &x->ev[i];
		uint64_t m;

		for (m = e->addr; m; m &= m - 1)
			addr.r[__builtin_ctzll(m)] |= 1ull << i;
		for (m = e->data; m; m &= m - 1)
			data.r[__builtin_ctzll(m)] |= 1ull << i;
		for (m = e->ctrl; m; m &= m - 1)
			ctrl.r[__builtin_ctzll(m)] |= 1ull << i;
	}
	for (i = 0; i < LT_MAX_LOCS; i++)
		for (j = 0; j < x->nco[i]; j++) {
			int k;

			for (k = j + 1; k < x->nco[i]; k++)
				co.r[x->co[i][j]] |= 1ull << x->co[i][k];
		}
	M = R | W;
	/* fr = rf^-1 ; co */
	r_inv(&t1, &rf);
	r_seq(&fr, &t1, &co);

	/* ---- coherence: acyclic po-loc | rf | co | fr ---- */
	r_and(&poloc, &po, &loc);
	r_restrict(&poloc, &poloc, M, M);
	com = rf;
	r_or(&com, &co);
	r_or(&com, &fr);
	t1 = poloc;
	r_or(&t1, &com);
	if (!r_acyclic(&t1))
		return LKMM_COHERENCE;
	/* ---- atomic: empty rmw & (fre ; coe) ---- */
	r_ext(&fre, &fr);
	r_ext(&coe, &co);
	r_seq(&t1, &fre, &coe);
	r_and(&t1, &t1, &rmw);
	if (!r_empty(&t1))
		return LKMM_ATOMIC;

	/* ---- the bell's sets ---- */
	FAILED = RMW & ~INRMW;
	Acq = (ACQ & ~W & ~FAILED) | LKR;
	Rel = (REL & ~R & ~FAILED) | UL;
	Mb = MB & ~FAILED;
	Noret = NORET & ~W;
	Marked = (all & ~M) | IW | (M & ~PLAIN);
	R4rmb = R & ~Noret;
	r_int(&rfi, &rf);
	r_ext(&rfe, &rf);
	/* carry-dep = (data ; rfi)* */
	r_seq(&t1, &data, &rfi);
	r_star(&t1);
	r_seq(&addr, &t1, &addr);
	r_seq(&ctrl, &t1, &ctrl);
	r_seq(&data, &t1, &data);

	/* ---- basic relations ---- */
	r_restrict(&acqpo, &po, Acq, M);
	r_restrict(&porel, &po, M, Rel);
	/* po-unlock-lock-po = po ; [UL] ; (po|rf) ; [LKR] ; po */
	t1 = po;
	r_or(&t1, &rf);
	r_restrict(&t1, &t1, UL, LKR);
	seq3(&polock, &po, &t1, &po);
	/* mb */
	fencerel(&mb, &po, f_mb | Mb);
	r_restrict(&mb, &mb, M, M);
	r_restrict(&t1, &po, M, Mb & R);
	r_or(&mb, &t1);
	r_restrict(&t1, &po, Mb & W, M);
	r_or(&mb, &t1);
	t2 = po;
	r_opt(&t2);
	fencerel(&t1, &po, f_before);
	r_restrict(&t1, &t1, M, RMW);
	r_seq(&t1, &t1, &t2);
	r_restrict(&t1, &t1, M, M);
	r_or(&mb, &t1);
	fencerel(&t3, &po, f_after);
	r_restrict(&t1, &t2, M, RMW);
	r_seq(&t1, &t1, &t3);
	r_restrict(&t1, &t1, M, M);
	r_or(&mb, &t1);
	fencerel(&t3, &po, f_aspin);
	r_restrict(&t1, &t2, M, LKW);
	r_seq(&t1, &t1, &t3);
	r_restrict(&t1, &t1, M, M);
	r_or(&mb, &t1);
	r_restrict(&t1, &polock, M, f_aul);
	r_seq(&t1, &t1, &po);
	r_restrict(&t1, &t1, M, M);
	r_or(&mb, &t1);
	/* gp = po ; [Sync-rcu] ; po? */
	r_restrict(&t1, &po, all, SYNC);
	r_seq(&gp, &t1, &t2);
	strong = mb;
	r_or(&strong, &gp);
	nonrw = strong;
	r_or(&nonrw, &porel);
	r_or(&nonrw, &acqpo);
	{
		rel rmb, wmb;

		fencerel(&rmb, &po, f_rmb);
		r_restrict(&rmb, &rmb, R4rmb, R4rmb);
		fencerel(&wmb, &po, f_wmb);
		r_restrict(&wmb, &wmb, W, W);
		fence = nonrw;
		r_or(&fence, &wmb);
		r_or(&fence, &rmb);

		/* ---- ppo ---- */
		dep = addr;
		r_or(&dep, &data);
		overwrite = co;
		r_or(&overwrite, &fr);
		t1 = dep;
		r_or(&t1, &ctrl);
		r_restrict(&ppo, &t1, all, W);		/* rwdep */
		r_int(&t1, &overwrite);
		r_or(&ppo, &t1);
		r_restrict(&t1, &addr, all, PLAIN);
		r_seq(&t1, &t1, &wmb);
		r_or(&ppo, &t1);			/* to-w */
		r_restrict(&t1, &addr, all, R);
		r_or(&ppo, &t1);
		r_restrict(&t1, &dep, all, Marked);
		r_seq(&t1, &t1, &rfi);
		r_or(&ppo, &t1);			/* to-r */
		r_int(&t1, &fence);
		r_or(&ppo, &t1);
		r_int(&t1, &polock);
		r_or(&ppo, &t1);

		/* ---- propagation ---- */
		rmwseq = rf;
		r_seq(&rmwseq, &rmwseq, &rmw);
		r_star(&rmwseq);
		/* A-cumul(strong-fence | po-rel) = (rfe ; [Marked])? ; (strong | po-rel) */
		t1 = strong;
		r_or(&t1, &porel);
		r_restrict(&t2, &rfe, all, Marked);
		r_opt(&t2);
		r_seq(&cumul, &t2, &t1);
		r_or(&cumul, &wmb);
		r_or(&cumul, &polock);
		r_restrict(&cumul, &cumul, Marked, Marked);
		r_seq(&cumul, &cumul, &rmwseq);
	}
	/* prop = [Marked] ; (overwrite & ext)? ; cumul-fence* ; [Marked] ; rfe? ; [Marked] */
	r_ext(&t1, &overwrite);
	r_opt(&t1);
	r_restrict(&t1, &t1, Marked, all);
	t2 = cumul;
	r_star(&t2);
	r_seq(&t1, &t1, &t2);
	r_restrict(&t1, &t1, all, Marked);
	t2 = rfe;
	r_opt(&t2);
	r_restrict(&t2, &t2, Marked, Marked);
	r_seq(&prop, &t1, &t2);
	/* hb = [Marked] ; (ppo | rfe | ((prop \ id) & int)) ; [Marked] */
	hb = ppo;
	r_or(&hb, &rfe);
	r_int(&t1, &prop);
	for (i = 0; i < n; i++)
		t1.r[i] &= ~(1ull << i);
	r_or(&hb, &t1);
	r_restrict(&hb, &hb, Marked, Marked);
	if (!r_acyclic(&hb))
		return LKMM_HB;
	/* pb = prop ; strong-fence ; hb* ; [Marked] */
	{
		rel hbs = hb;

		r_star(&hbs);
		seq3(&pb, &prop, &strong, &hbs);
		r_restrict(&pb, &pb, all, Marked);
		if (!r_acyclic(&pb))
			return LKMM_PB;
		if (!rcu && !plain)
			return LKMM_OK;
		{
			rel rscsi, link, order, rcufence, pbs, xb, sf2, fence2;
			uint64_t stack[LT_MAX_THREADS][16];
			int sp[LT_MAX_THREADS] = { 0 };

			/* rcu-rscs: matching nested rcu_read_lock/unlock, per thread in po */
			r_zero(&rscsi);
			r_zero(&order);
			for (i = 0; i < n; i++) {
				const struct lt_event *e = &x->ev[i];
				int t = e->thread;

				if (t < 0)
					continue;
				if (RCU_L >> i & 1 && sp[t] < 16)
					stack[t][sp[t]++] = (uint64_t)i;
				else if (RCU_U >> i & 1 && sp[t] > 0)
					rscsi.r[i] |= 1ull << stack[t][--sp[t]];
			}
			pbs = pb;
			r_star(&pbs);
			/* rcu-link = po? ; hb* ; pb* ; prop ; po */
			t1 = po;
			r_opt(&t1);
			r_seq(&t1, &t1, &hbs);
			r_seq(&t1, &t1, &pbs);
			r_seq(&t1, &t1, &prop);
			r_seq(&link, &t1, &po);
			if (rcu) {
				rel g, next, a, b;

				r_id(&g, SYNC);
				for (;;) {
					next = g;
					seq3(&a, &g, &link, &rscsi);
					r_or(&next, &a);
					seq3(&a, &rscsi, &link, &g);
					r_or(&next, &a);
					seq3(&a, &g, &link, &order);
					seq3(&b, &a, &link, &rscsi);
					r_or(&next, &b);
					seq3(&a, &rscsi, &link, &order);
					seq3(&b, &a, &link, &g);
					r_or(&next, &b);
					seq3(&a, &order, &link, &order);
					r_or(&next, &a);
					if (!memcmp(next.r, order.r, sizeof(next.r[0]) * (size_t)n))
						break;
					order = next;
				}
			}
			/* rcu-fence = po ; rcu-order ; po? */
			t1 = po;
			r_opt(&t1);
			seq3(&rcufence, &po, &order, &t1);
			/* rb = prop ; rcu-fence ; hb* ; pb* ; [Marked] */
			seq3(&t1, &prop, &rcufence, &hbs);
			r_seq(&t1, &t1, &pbs);
			r_restrict(&t1, &t1, all, Marked);
			if (!r_irreflexive(&t1))
				return LKMM_RCU;
			if (!plain)
				return LKMM_OK;
			/* ---- plain-coherence ---- */
			fence2 = fence;
			r_or(&fence2, &rcufence);
			sf2 = strong;
			r_or(&sf2, &rcufence);
			xb = hb;
			r_or(&xb, &pb);
			r_or(&xb, &t1);		/* rb */
			r_star(&xb);
			{
				rel vis, wpre, rpre, wpost, rpost, wwvis, wrvis, rwx, pre, rmbr, a, b, inc;
				uint64_t Pl = PLAIN;

				/* vis = cumul-fence* ; rfe? ; [Marked] ; ((strong ; [Marked] ; xb*) | (xb* & int)) */
				a = cumul;
				r_star(&a);
				b = rfe;
				r_opt(&b);
				r_seq(&a, &a, &b);
				r_restrict(&a, &a, all, Marked);
				r_restrict(&b, &sf2, all, Marked);
				r_seq(&b, &b, &xb);
				r_int(&t2, &xb);
				r_or(&b, &t2);
				r_seq(&vis, &a, &b);
				/* w-pre-bounded = [Marked] ; (addr | fence)? */
				wpre = addr;
				r_or(&wpre, &fence2);
				r_opt(&wpre);
				r_restrict(&wpre, &wpre, Marked, all);
				/* r-pre-bounded = [Marked] ; (addr | nonrw-fence | ([R4rmb] ; fencerel(Rmb) ; [~Noreturn]))? */
				fencerel(&rmbr, &po, f_rmb);
				r_restrict(&a, &rmbr, R4rmb, all & ~Noret);
				rpre = addr;
				r_or(&rpre, &nonrw);
				r_or(&rpre, &a);
				r_opt(&rpre);
				r_restrict(&rpre, &rpre, Marked, all);
				/* w-post-bounded = fence? ; [Marked] ; rmw-sequence */
				wpost = fence2;
				r_opt(&wpost);
				r_restrict(&wpost, &wpost, all, Marked);
				r_seq(&wpost, &wpost, &rmwseq);
				/* r-post-bounded = (nonrw-fence | ([~Noreturn] ; fencerel(Rmb) ; [R4rmb]))? ; [Marked] */
				r_restrict(&a, &rmbr, all & ~Noret, R4rmb);
				rpost = nonrw;
				r_or(&rpost, &a);
				r_opt(&rpost);
				r_restrict(&rpost, &rpost, all, Marked);
				/* ww-vis, wr-vis, rw-xbstar */
				seq3(&a, &sf2, &xb, &wpre);
				seq3(&b, &wpost, &vis, &wpre);
				wwvis = fence2;
				r_or(&wwvis, &a);
				r_or(&wwvis, &b);
				seq3(&a, &sf2, &xb, &rpre);
				seq3(&b, &wpost, &vis, &rpre);
				wrvis = fence2;
				r_or(&wrvis, &a);
				r_or(&wrvis, &b);
				seq3(&a, &rpost, &xb, &wpre);
				rwx = fence2;
				r_or(&rwx, &a);
				/* pre-race = ext & ((Plain * M) | ((M \ IW) * Plain)) */
				for (i = 0; i < n; i++) {
					uint64_t row = 0;

					if (Pl >> i & 1)
						row |= M;
					if ((M & ~IW) >> i & 1)
						row |= Pl;
					pre.r[i] = row & ~same_thread[i];
				}
				r_inv(&a, &rwx);
				r_and(&inc, &pre, &rf);
				r_and(&inc, &inc, &a);
				if (!r_empty(&inc))
					return LKMM_PLAIN;
				r_inv(&a, &wrvis);
				r_and(&inc, &pre, &fr);
				r_and(&inc, &inc, &a);
				if (!r_empty(&inc))
					return LKMM_PLAIN;
				r_inv(&a, &wwvis);
				r_and(&inc, &pre, &co);
				r_and(&inc, &inc, &a);
				if (!r_empty(&inc))
					return LKMM_PLAIN;
			}
		}
	}
	(void)r_minus;
	return LKMM_OK;
}
