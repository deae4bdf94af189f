// SPDX-License-Identifier: GPL-2.0
/*
 * Litmus out: a run under --memory weak (its access log, src/memory/wmm.c)
 * as a kernel C litmus test a reviewer can give herd7 without our tool.
 *
 * What it keeps and how (the contract of the test it writes):
 *  - each CPU's accesses to the refcount (every atomic_t the variant
 *    touched: ref0, ref1, ...) and to the pages' published contents (data0,
 *    ...), in the order that CPU ran them, each written with the ordering
 *    the header's own call has: atomic_read/atomic_set and their
 *    acquire/release forms as such; an RMW as the atomic_t call of
 *    linux-kernel.def with the same ordering (a fully ordered
 *    *_and_test or *_return as atomic_add_return, a cmpxchg or
 *    try_cmpxchg as atomic_cmpxchg with its suffix, a void op as
 *    atomic_add); a failed cmpxchg as one that cannot succeed (it orders
 *    nothing, a read); barriers as themselves; each line names the
 *    variant's function, file and line;
 *  - the contents as WRITE_ONCE/READ_ONCE of the token the world wrote;
 *  - the world's locks: taken and released by one CPU, spin_lock and
 *    spin_unlock; a publication released by one CPU and taken by another
 *    (the page cache's slots), smp_store_release and smp_load_acquire of a
 *    fresh value;
 *  - an exists clause pinning every value the run read: the test is
 *    "Sometimes" exactly when the LKMM allows this execution's reads, so a
 *    finding's test is Sometimes and the same test with the header's
 *    barrier restored is Never.
 * Initial values are the locations' values when the CPUs started. Lean
 * (for herd7, slow on long RMW chains): without the unordered reads of the
 * refcount (a debug check's atomic_read); they order nothing, so dropping
 * them only drops what the exists clause pinned.
 */
#include "litmus.h"
#include "../memory/wmm.h"
#include "../runtime/trace.h"

#include "../abi/shim_abi.h"
#include <string.h>

#define OUT_LOCS	16
#define OUT_REGS	64

struct oloc {
	const void *addr;	/* a location, or NULL for a lock */
	int lock;
	bool payload, atomic, slot, init_set;
	int32_t init;
	char name[16];
};

static const char *suffix(int order)
{
	switch (order) {
	case SHIM_ORDER_RELAXED: return "_relaxed";
	case SHIM_ORDER_ACQUIRE: return "_acquire";
	case SHIM_ORDER_RELEASE: return "_release";
	default: return "";
	}
}

static int find(struct oloc *l, int *n, const void *addr, int lock)
{
	int i;

	for (i = 0; i < *n; i++)
		if (l[i].addr == addr && (addr || l[i].lock == lock))
			return i;
	if (*n == OUT_LOCS)
		return -1;
	memset(&l[*n], 0, sizeof(l[*n]));
	l[*n].addr = addr;
	l[*n].lock = lock;
	return (*n)++;
}

static void site_comment(FILE *f, const struct shim_site *s)
{
	if (s && s->file && s->line)
		fprintf(f, "\t// %s %s:%d", s->func, trace_basename(s->file), s->line);
	fputc('\n', f);
}

/* An unordered read of the refcount (atomic_read: a debug check's page_ref_count). */
static bool lean_skip(const struct wmm_access *x, bool lean)
{
	return lean && x->kind == WMM_A_LOAD && x->site && !wmm_is_payload(x->site) &&
	       x->site->order != SHIM_ORDER_ACQUIRE;
}

int litmus_from_log(FILE *f, const char *name, const char *doc, bool lean)
{
	const struct wmm_access *a;
	int n = wmm_log_get(&a), i, t, nl = 0, nthreads = 0, nref = 0, ndata = 0, nlock = 0;
	struct oloc loc[OUT_LOCS];
	int reg_of[WMM_LOG_MAX];
	int nregs[LT_MAX_THREADS] = { 0 };
	bool started = false;
	bool matched[WMM_LOG_MAX];
	int slotval = 0, slot_written[WMM_LOG_MAX];

	if (n == WMM_LOG_MAX)
		return -1;
	/* the locations the CPUs touched */
	for (i = 0; i < n; i++) {
		int k;

		if (a[i].thread < 0 || a[i].kind == WMM_A_INIT || a[i].kind == WMM_A_FENCE)
			continue;
		if (a[i].kind == WMM_A_LOCK || a[i].kind == WMM_A_UNLOCK)
			k = find(loc, &nl, NULL, a[i].read);
		else
			k = find(loc, &nl, a[i].addr, 0);
		if (k < 0)
			return -1;
		if (a[i].thread + 1 > nthreads)
			nthreads = a[i].thread + 1;
		if (a[i].site && wmm_is_payload(a[i].site))
			loc[k].payload = true;
		else if (a[i].site && !strncmp(a[i].site->op, "atomic_", 7))
			loc[k].atomic = true;
	}
	/* their values when the CPUs started (or when first touched) */
	for (i = 0; i < n; i++) {
		int k;

		if (a[i].thread >= 0 && a[i].kind != WMM_A_INIT)
			started = true;
		if (a[i].kind != WMM_A_INIT)
			continue;
		for (k = 0; k < nl; k++)
			if (loc[k].addr == a[i].addr)
				break;
		if (k < nl && (!started || !loc[k].init_set))
			loc[k].init = a[i].written;
		if (k < nl)
			loc[k].init_set = true;
	}
	if (nthreads > LT_MAX_THREADS || !nthreads)
		return -1;
	/* locks: balanced on one CPU, or a publication between CPUs */
	memset(matched, 0, sizeof(matched));
	for (i = 0; i < n; i++) {
		int j;

		if (a[i].kind != WMM_A_LOCK)
			continue;
		for (j = i + 1; j < n; j++)
			if (a[j].thread == a[i].thread && (a[j].kind == WMM_A_LOCK || a[j].kind == WMM_A_UNLOCK) &&
			    a[j].read == a[i].read)
				break;
		if (j < n && a[j].kind == WMM_A_UNLOCK && !matched[j]) {
			matched[i] = matched[j] = true;
		}
	}
	for (i = 0; i < n; i++)
		if ((a[i].kind == WMM_A_LOCK || a[i].kind == WMM_A_UNLOCK) && !matched[i])
			loc[find(loc, &nl, NULL, a[i].read)].slot = true;
	for (i = 0; i < nl; i++) {
		if (!loc[i].addr)
			snprintf(loc[i].name, sizeof(loc[i].name), "%s%d", loc[i].slot ? "slot" : "lock", nlock++);
		else if (loc[i].payload)
			snprintf(loc[i].name, sizeof(loc[i].name), "data%d", ndata++);
		else
			snprintf(loc[i].name, sizeof(loc[i].name), "ref%d", nref++);
	}

	fprintf(f, "C %s\n\n(*\n%s *)\n\n{\n", name, doc ? doc : "");
	for (i = 0; i < nl; i++) {
		if (!loc[i].addr && !loc[i].slot)
			continue;	/* a spinlock: declared by its parameter only */
		if (loc[i].atomic)
			fprintf(f, "\tatomic_t %s = ATOMIC_INIT(%d);\n", loc[i].name, loc[i].init);
		else
			fprintf(f, "\tint %s = %d;\n", loc[i].name, loc[i].addr ? loc[i].init : 0);
	}
	fprintf(f, "}\n");
	for (i = 0; i < n; i++)
		reg_of[i] = -1;
	for (t = 0; t < nthreads; t++) {
		int nr = 0;

		for (i = 0; i < n; i++) {	/* the registers it needs */
			const struct wmm_access *x = &a[i];
			int k;

			if (x->thread != t || x->kind == WMM_A_FENCE || x->kind == WMM_A_INIT ||
			    x->kind == WMM_A_STORE || x->kind == WMM_A_UNLOCK || lean_skip(x, lean))
				continue;
			if (x->kind == WMM_A_LOCK) {
				k = find(loc, &nl, NULL, x->read);
				nr += loc[k].slot;
				continue;
			}
			if (x->kind == WMM_A_RMW && x->site->order == SHIM_ORDER_RELAXED && !strstr(x->site->op, "xchg") &&
			    (!strcmp(x->site->op, "atomic_add") || !strcmp(x->site->op, "atomic_sub") ||
			     !strcmp(x->site->op, "atomic_inc") || !strcmp(x->site->op, "atomic_dec")))
				continue;
			nr++;
		}
		fprintf(f, "\nP%d(", t);
		for (i = 0; i < nl; i++)
			fprintf(f, "%s%s *%s", i ? ", " : "",
				loc[i].atomic ? "atomic_t" : !loc[i].addr && !loc[i].slot ? "spinlock_t" : "int",
				loc[i].name);
		fprintf(f, ")\n{\n");
		for (i = 0; i < nr; i++)
			fprintf(f, "\tint r%d;\n", i);
		if (nr)
			fputc('\n', f);
		for (i = 0; i < n; i++) {
			const struct wmm_access *x = &a[i];
			const struct shim_site *s = x->site;
			const char *op = s ? s->op : "";
			int k;

			if (x->thread != t || lean_skip(x, lean))
				continue;
			if (x->kind == WMM_A_FENCE) {
				fprintf(f, "\t%s();", op);
				site_comment(f, s);
				continue;
			}
			if (x->kind == WMM_A_LOCK || x->kind == WMM_A_UNLOCK) {
				k = find(loc, &nl, NULL, x->read);
				if (!loc[k].slot) {
					fprintf(f, "\tspin_%s(%s);\n", x->kind == WMM_A_LOCK ? "lock" : "unlock",
						loc[k].name);
				} else if (x->kind == WMM_A_UNLOCK) {
					slot_written[i] = ++slotval;
					fprintf(f, "\tsmp_store_release(%s, %d);\n", loc[k].name, slotval);
				} else {
					int j, last = 0;

					/* the publication it takes: the last one before it */
					for (j = 0; j < i; j++)
						if (a[j].kind == WMM_A_UNLOCK && a[j].read == x->read && !matched[j])
							last = slot_written[j];
					reg_of[i] = nregs[t]++;
					slot_written[i] = last;
					fprintf(f, "\tr%d = smp_load_acquire(%s);\n", reg_of[i], loc[k].name);
				}
				continue;
			}
			k = find(loc, &nl, x->addr, 0);
			if (x->kind == WMM_A_INIT)
				continue;
			if (loc[k].payload) {
				if (x->kind == WMM_A_STORE) {
					fprintf(f, "\tWRITE_ONCE(*%s, %d);", loc[k].name, x->written);
				} else {
					reg_of[i] = nregs[t]++;
					fprintf(f, "\tr%d = READ_ONCE(*%s);", reg_of[i], loc[k].name);
				}
				fprintf(f, "\t// the page's contents\n");
				continue;
			}
			if (x->kind == WMM_A_STORE) {
				fprintf(f, "\tatomic_set%s(%s, %d);", s->order == SHIM_ORDER_RELEASE ? "_release" : "",
					loc[k].name, x->written);
			} else if (x->kind == WMM_A_LOAD) {
				reg_of[i] = nregs[t]++;
				fprintf(f, "\tr%d = atomic_read%s(%s);", reg_of[i],
					s->order == SHIM_ORDER_ACQUIRE ? "_acquire" : "", loc[k].name);
			} else if (strstr(op, "cmpxchg")) {
				reg_of[i] = nregs[t]++;
				if (x->stored)
					fprintf(f, "\tr%d = atomic_cmpxchg%s(%s, %d, %d);", reg_of[i], suffix(s->order),
						loc[k].name, x->read, x->written);
				else	/* it failed: expects a value no store makes */
					fprintf(f, "\tr%d = atomic_cmpxchg%s(%s, %d, %d);", reg_of[i], suffix(s->order),
						loc[k].name, x->read ^ 0x40000001, x->read);
			} else if (strstr(op, "xchg")) {
				reg_of[i] = nregs[t]++;
				fprintf(f, "\tr%d = atomic_xchg%s(%s, %d);", reg_of[i], suffix(s->order), loc[k].name,
					x->written);
			} else if (s->order == SHIM_ORDER_RELAXED && (!strcmp(op, "atomic_add") ||
				   !strcmp(op, "atomic_sub") || !strcmp(op, "atomic_inc") || !strcmp(op, "atomic_dec"))) {
				fprintf(f, "\tatomic_add(%d, %s);", (int32_t)((uint32_t)x->written - (uint32_t)x->read),
					loc[k].name);
			} else {
				reg_of[i] = nregs[t]++;
				fprintf(f, "\tr%d = atomic_fetch_add%s(%d, %s);", reg_of[i], suffix(s->order),
					(int32_t)((uint32_t)x->written - (uint32_t)x->read), loc[k].name);
			}
			site_comment(f, s);
		}
		fprintf(f, "}\n");
	}
	/* every value the run read */
	fprintf(f, "\nexists (");
	for (i = 0, t = 0; i < n; i++) {
		if (reg_of[i] < 0)
			continue;
		fprintf(f, "%s%d:r%d=%d", t++ ? " /\\ " : "", a[i].thread, reg_of[i],
			a[i].kind == WMM_A_LOCK ? slot_written[i] : a[i].read);
	}
	if (!t)
		fprintf(f, "true");
	fprintf(f, ")\n");
	return 0;
}
