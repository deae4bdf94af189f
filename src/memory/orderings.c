// SPDX-License-Identifier: GPL-2.0
/*
 * Observed orderings (pageref orderings): per world API call, the atomics and barriers the variant really executed, the atomics and barriers the variant really executed,
 * in order, with their ordering; from them the call's class: "full" when a
 * full barrier (smp_mb or a fully ordered RMW) comes at or before its first
 * store and at or after its last access, "release"/"acquire" for the halves,
 * "relaxed" otherwise. Observed in any memory model, from the shim's hooks:
 * never from the header's text.
 */
#include "orderings.h"

#include "../abi/shim_abi.h"

#include <stdlib.h>
#include <string.h>

#define NT	WMM_MAX_THREADS
#define OBS_ROWS	128
#define OBS_SIG		200
#define OBS_EVENTS	16

struct obs_event {
	const char *op;
	uint8_t order;
	bool store, read, failed;
};

struct obs_row {
	const char *api;
	int contract;
	bool success;
	char sig[OBS_SIG];
	char cls[16];
	unsigned long n;
};

struct obs_set {
	int n;
	struct obs_row row[OBS_ROWS];
};

static struct obs_set obs;
static struct {
	const char *api;
	int contract;
	int depth, n;
	struct obs_event ev[OBS_EVENTS];
} oth[NT];

/* A run that ends inside a call (a finding) leaves nothing behind. */
void orderings_reset_run(void)
{
	memset(oth, 0, sizeof(oth));
}

static bool observing;

void orderings_observe(bool on)
{
	observing = on;
}

bool orderings_observing(void)
{
	return observing;
}

void orderings_api_begin(int t, const char *api, enum wmm_contract c)
{
	if (t < 0 || !observing)
		return;
	if (oth[t].depth++)
		return;
	oth[t].api = api;
	oth[t].contract = (int)c;
	oth[t].n = 0;
}

void orderings_access(int t, const struct shim_site *s, bool read, bool store, bool failed)
{
	if (t < 0 || !observing || !oth[t].depth || oth[t].n == OBS_EVENTS)
		return;
	/* a failed cmpxchg orders nothing */
	oth[t].ev[oth[t].n++] = (struct obs_event){ s->op, failed ? SHIM_ORDER_RELAXED : s->order,
						    store, read, failed };
}

static bool is_fence(const struct obs_event *e)
{
	return !strncmp(e->op, "smp_", 4);
}

static bool full_at(const struct obs_event *e)
{
	return e->order == SHIM_ORDER_FULL && (e->store || (is_fence(e) && !strcmp(e->op, "smp_mb")) ||
					       strstr(e->op, "before_atomic") || strstr(e->op, "after_atomic"));
}

static void obs_classify(const struct obs_event *ev, int n, char *cls, size_t len)
{
	int i, first_store = -1, last = -1;
	bool pre = false, post = false, rel = false, acq = false;

	for (i = 0; i < n; i++) {
		if (ev[i].store && first_store < 0)
			first_store = i;
		if ((ev[i].store || ev[i].read) && !is_fence(&ev[i]))
			last = i;
	}
	if (last < 0) {
		snprintf(cls, len, "%s", n ? "barrier" : "none");
		return;
	}
	for (i = 0; i < n; i++) {
		if (full_at(&ev[i]) && (first_store < 0 || i <= first_store))
			pre = true;
		if (full_at(&ev[i]) && i >= last)
			post = true;
	}
	if (first_store >= 0 && (ev[first_store].order == SHIM_ORDER_RELEASE || ev[first_store].order == SHIM_ORDER_FULL))
		rel = true;
	if (ev[last].read && (ev[last].order == SHIM_ORDER_ACQUIRE || ev[last].order == SHIM_ORDER_FULL))
		acq = true;
	if (first_store < 0)	/* a pure read: its ordering is the read's */
		pre = post;
	if (pre && post)
		snprintf(cls, len, "full");
	else if ((pre || rel) && (post || acq))
		snprintf(cls, len, "acq+rel");
	else if (pre || rel)
		snprintf(cls, len, "release");
	else if (post || acq)
		snprintf(cls, len, "acquire");
	else
		snprintf(cls, len, "relaxed");
}

static const char *const order_names[] = { "plain", "relaxed", "acquire", "release", "full" };

void orderings_api_end(int t, bool success)
{
	char sig[OBS_SIG], cls[16];
	int i, off = 0;

	if (t < 0 || !observing)
		return;
	if (!oth[t].depth || --oth[t].depth)
		return;
	sig[0] = 0;
	for (i = 0; i < oth[t].n && off < OBS_SIG - 1; i++) {
		const struct obs_event *e = &oth[t].ev[i];

		off += snprintf(sig + off, OBS_SIG - (size_t)off, "%s%s(%s%s)", i ? " " : "", e->op,
				e->failed ? "failed: " : "", order_names[e->order]);
	}
	obs_classify(oth[t].ev, oth[t].n, cls, sizeof(cls));
	for (i = 0; i < obs.n; i++)
		if (obs.row[i].api == oth[t].api && obs.row[i].success == success &&
		    !strcmp(obs.row[i].sig, sig))
			break;
	if (i == obs.n) {
		if (obs.n == OBS_ROWS)
			return;
		obs.row[i].api = oth[t].api;
		obs.row[i].contract = oth[t].contract;
		obs.row[i].success = success;
		snprintf(obs.row[i].sig, OBS_SIG, "%s", sig);
		snprintf(obs.row[i].cls, sizeof(obs.row[i].cls), "%s", cls);
		obs.n++;
	}
	obs.row[i].n++;
}

void *orderings_snapshot(void)
{
	struct obs_set *copy = malloc(sizeof(*copy));

	if (copy)
		*copy = obs;
	return copy;
}

/* A snapshot as lines "api TAB contract TAB success TAB class TAB calls TAB atomics". */
void orderings_save(FILE *f, void *snap)
{
	const struct obs_set *o = snap;
	int i;

	for (i = 0; o && i < o->n; i++)
		fprintf(f, "%s\t%d\t%d\t%s\t%lu\t%s\n", o->row[i].api, o->row[i].contract,
			o->row[i].success, o->row[i].cls, o->row[i].n, o->row[i].sig);
}

void *orderings_load(FILE *f)
{
	struct obs_set *o = calloc(1, sizeof(*o));
	char line[OBS_SIG + 256];

	while (o && o->n < OBS_ROWS && fgets(line, sizeof(line), f)) {
		struct obs_row *r = &o->row[o->n];
		char api[128];
		int success;

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%127[^\t]\t%d\t%d\t%15[^\t]\t%lu\t%199[^\n]", api, &r->contract, &success,
			   r->cls, &r->n, r->sig) < 5)
			continue;
		r->api = strdup(api);	/* the snapshot's, for the process's life */
		r->success = success;
		o->n++;
	}
	return o;
}

void orderings_reset(void)
{
	memset(&obs, 0, sizeof(obs));
	memset(oth, 0, sizeof(oth));
}

static const char *const rank[] = { "none", "barrier", "relaxed", "acquire", "release", "acq+rel", "full" };

static int rank_of(const char *cls)
{
	int k;

	for (k = 0; k < 7; k++)
		if (!strcmp(rank[k], cls))
			return k;
	return -1;
}

/* "same", "stronger", "**weaker**" or "differs" (acquire against release) */
static const char *compare(const char *mine, const char *theirs)
{
	int a = rank_of(mine), b = rank_of(theirs);

	if (a == b)
		return "same";
	if ((a == 3 && b == 4) || (a == 4 && b == 3))
		return "**differs**";
	return a > b ? "stronger" : "**weaker**";
}

/* What the kernel's documentation promises (wmm_api_begin's contract). */
static const char *documented(int c, bool success)
{
	switch (c) {
	case WMM_C_RELEASE: return "release";
	case WMM_C_FULL: return "full";
	case WMM_C_FULL_ON_SUCCESS: return success ? "full" : "relaxed";
	default: return "relaxed";
	}
}

/* The class of (api, outcome) over every signature seen: the weakest one. */
static const char *class_of(const struct obs_set *o, const char *api, bool success, int *nsig)
{
	int i, k, best = 99;

	*nsig = 0;
	for (i = 0; i < o->n; i++) {
		if (strcmp(o->row[i].api, api) || o->row[i].success != success)
			continue;
		(*nsig)++;
		for (k = 0; k < 7; k++)
			if (!strcmp(rank[k], o->row[i].cls) && k < best)
				best = k;
	}
	return best == 99 ? "-" : rank[best];
}

static int cmp_row(const void *a, const void *b)
{
	const struct obs_row *x = a, *y = b;
	int d = strcmp(x->api, y->api);

	if (d)
		return d;
	if (x->success != y->success)
		return y->success - x->success;
	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/*
 * The table: every API call and outcome with its class (the weakest seen)
 * and each atomics sequence seen; with @against, that variant's class beside
 * it and a mark where they differ.
 */
void orderings_print(FILE *f, void *against)
{
	struct obs_set *me = orderings_snapshot(), *them = against;
	int i, nsig, nsig2;

	if (!me)
		return;
	qsort(me->row, (size_t)me->n, sizeof(me->row[0]), cmp_row);
	for (i = 0; i < me->n; i++) {
		const struct obs_row *r = &me->row[i];
		bool first = !i || strcmp(me->row[i - 1].api, r->api) || me->row[i - 1].success != r->success;
		const char *cls, *cls2 = NULL;

		if (!first) {
			fprintf(f, "|  |  |  |  | %s (%lu) |%s\n", r->sig, r->n, them ? "  |  |" : "");
			continue;
		}
		cls = class_of(me, r->api, r->success, &nsig);
		if (them)
			cls2 = class_of(them, r->api, r->success, &nsig2);
		fprintf(f, "| %s | %s | %s | %s (%s) | %s (%lu) |", r->api, r->success ? "success" : "failure",
			documented(r->contract, r->success), cls,
			compare(cls, documented(r->contract, r->success)), r->sig, r->n);
		if (them)
			fprintf(f, " %s | %s |", cls2, !strcmp(cls2, "-") ? "new" : compare(cls, cls2));
		fprintf(f, "\n");
	}
	if (them) {	/* calls the other variant makes and this one never did */
		for (i = 0; i < them->n; i++) {
			int k, n1;

			for (k = 0; k < i; k++)
				if (!strcmp(them->row[k].api, them->row[i].api) &&
				    them->row[k].success == them->row[i].success)
					break;
			if (k < i || strcmp(class_of(me, them->row[i].api, them->row[i].success, &n1), "-"))
				continue;
			fprintf(f, "| %s | %s | %s | - | (never observed) | %s | **missing** |\n", them->row[i].api,
				them->row[i].success ? "success" : "failure",
				documented(them->row[i].contract, them->row[i].success),
				class_of(them, them->row[i].api, them->row[i].success, &n1));
		}
	}
	free(me);
}
