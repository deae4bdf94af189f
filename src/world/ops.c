// SPDX-License-Identifier: GPL-2.0
/* Variant-independent facts about ops: the table of ops, canonical fields, magnitudes. */
#include "ops.h"

#include <stdio.h>
#include <string.h>

const char *const world_type_names[NR_WORLD_TYPES] = { "anon", "file", "hugetlb" };

const char *const world_misuse_names[NR_WORLD_MISUSE] = {
	"inc-frozen", "dec-frozen", "add-frozen", "sub-frozen", "put-frozen", "get-frozen",
	"get-free", "put-free", "put-unowned",
};

static const char *const bg_names[4] = { "0", "1", "1024", "big" };	/* world_bg_refs() */

#define F_ORDER	{ .key = "order", .kind = OPF_NUM, .width = 2, .nvals = WORLD_MAX_ORDER + 1, .min = true }
#define F_TYPE	{ .key = "type", .kind = OPF_NAME, .shift = 2, .width = 2, .nvals = NR_WORLD_TYPES, \
		  .names = world_type_names }
#define F_KEEP(bit)	{ .key = "keep", .kind = OPF_FLAG, .shift = bit, .width = 1, .min = true }

const struct op_desc world_ops[NR_WORLD_OPS] = {
	[OP_S_PAGE] = { "page", .f = { F_ORDER, F_TYPE,
		{ .key = "cache", .kind = OPF_FLAG, .shift = 4, .width = 1, .min = true },
		{ .key = "hold", .kind = OPF_FLAG, .shift = 5, .width = 1 },
		{ .key = "bg", .kind = OPF_NAME, .shift = 6, .width = 2, .nvals = 4, .names = bg_names,
		  .min = true } } },
	[OP_S_FROZEN] = { "frozen", .f = { F_ORDER, F_TYPE } },
	[OP_S_OFFLINE] = { "offline", .flags = OPD_NO_THREAD },
	[OP_ALLOC] = { "alloc", .caller = "alloc_pages",
		.describe = "alloc_pages(order {order}, {type}) near pfn {pfn}", .f = { F_ORDER, F_TYPE } },
	[OP_ALLOC_FROZEN] = { "alloc_frozen", .caller = "alloc_frozen_pages",
		.describe = "alloc_frozen_pages(order {order}, {type}) near pfn {pfn}", .f = { F_ORDER, F_TYPE } },
	[OP_SET_REFCOUNTED] = { "set_refcounted", .describe = "set_page_refcounted(pfn {pfn})" },
	[OP_FREE_FROZEN] = { "free_frozen", .caller = "free_frozen_pages",
		.describe = "free_frozen_pages(pfn {pfn})" },
	[OP_FREE_PAGES_CORE] = { "free_pages_core", .describe = "__free_pages_core(pfn {pfn})" },
	[OP_GET] = { "get", .caller = "folio_get", .describe = "folio_get(pfn {pfn})" },
	[OP_PUT] = { "put", .caller = "folio_put", .describe = "folio_put(pfn {pfn})" },
	[OP_PUT_REFS] = { "put_refs", .caller = "folio_put_refs", .describe = "folio_put_refs(pfn {pfn}, {n})",
		.f = { { .key = "n", .kind = OPF_NUM, .width = 2, .nvals = 4, .lo = 1 } } },
	[OP_USE] = { "use", .describe = "use contents of pfn {pfn}" },
	[OP_CACHE_ADD] = { "cache_add", .caller = "filemap_add_folio",
		.describe = "filemap_add_folio(pfn {pfn}, index {index})",
		.f = { { .key = "index", .kind = OPF_NUM, .width = 8, .nvals = WORLD_CACHE_SLOTS } } },
	[OP_CACHE_LOOKUP] = { "cache_lookup", .flags = OPD_NO_PFN, .caller = "filemap_get_entry",
		.describe = "filemap_get_entry(index {index}){keep: (keep)}",
		.f = { { .key = "index", .kind = OPF_NUM, .width = 7, .nvals = WORLD_CACHE_SLOTS }, F_KEEP(7) } },
	[OP_CACHE_DELETE] = { "cache_delete", .caller = "filemap_remove_folio",
		.describe = "filemap_remove_folio(pfn {pfn})" },
	[OP_PFN_WALK] = { "pfn_walk", .caller = "do_migrate_range",
		.describe = "do_migrate_range(pfn {pfn}){keep: (keep)}", .f = { F_KEEP(0) } },
	[OP_GUP_PIN] = { "gup_pin", .alias = "try_add", .alias_bit = GUP_ARG_PLAIN, .caller = "gup_fast",
		.describe = "gup_fast(pfn {pfn}, FOLL_PIN, refs {refs})",
		.alias_describe = "folio_ref_try_add(pfn {pfn}, {nr})",
		.f = { { .key = "refs", .alt_key = "nr", .kind = OPF_MAG, .width = 3, .required = true,
			 .min = true } } },
	[OP_GUP_UNPIN] = { "gup_unpin", .caller = "unpin_user_page", .describe = "unpin_user_page(pfn {pfn})" },
	[OP_FREEZE] = { "freeze", .caller = "split_folio", .describe = "split: freeze/unfreeze(pfn {pfn})" },
	[OP_MISUSE] = { "misuse", .describe = "MISUSE {kind}(pfn {pfn})",
		.f = { { .key = "kind", .kind = OPF_NAME, .width = 8, .nvals = NR_WORLD_MISUSE,
			 .names = world_misuse_names, .required = true } } },
};

/*
 * Magnitudes of nr for folio_ref_try_add / GUP. Realistic: what kernel
 * callers pass (1 for folio_try_get, small batches, up to 4096 pages of a
 * large folio; a GUP pin of a small folio multiplies by
 * GUP_PIN_COUNTING_BIAS = 1024). Opt-in (WOPT_OVERFLOW): values near the
 * 1 << 30 undo limit and bit 31, reached only by refcount-overflow attacks
 * or bugs.
 */
static const int gup_realistic[8] = { 1, 2, 3, 4, 16, 127, 512, 4096 };
static const int gup_overflow[8] = {
	1 << 20, 1 << 24, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, 0x7fffff00, 0x7fffffff, 0x60000000,
};

int world_gup_nr(uint8_t arg, int opts, int *pin)
{
	int idx = arg & 7;

	*pin = !(arg & GUP_ARG_PLAIN);
	if ((opts & WOPT_OVERFLOW) && (arg & GUP_ARG_BIG))
		return gup_overflow[idx];
	return gup_realistic[idx];
}

/* Background references a setup page starts with, by class 0..3. */
int world_bg_refs(int cls, int opts)
{
	switch (cls & 3) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 1024;
	default: return (opts & WOPT_OVERFLOW) ? 0x7fffff80 : 1 << 20;
	}
}

int world_put_refs_nr(uint8_t arg)
{
	return (arg & 3) + 1;
}

/* The field's bits of @arg, reduced to the values it takes. */
static uint8_t field_canon(const struct op_field *f, uint8_t arg, int opts)
{
	unsigned int v = (arg & ops_field_mask(f)) >> f->shift;

	if (f->nvals)
		v %= f->nvals;
	/* a magnitude's table near the limits exists with the option only */
	if (f->kind == OPF_MAG && (opts & WOPT_OVERFLOW))
		v |= (arg & GUP_ARG_BIG) >> f->shift;
	return (uint8_t)(v << f->shift);
}

long ops_field_value(const struct op_field *f, uint8_t arg, int opts)
{
	int pin;

	if (f->kind == OPF_MAG)
		return world_gup_nr(arg, opts, &pin);
	return f->lo + (field_canon(f, arg, opts) >> f->shift);
}

int ops_field_set(const struct op_field *f, long v, uint8_t *arg, int opts)
{
	uint8_t rest = *arg & ~ops_field_mask(f);
	int i, big;

	switch (f->kind) {
	case OPF_MAG:
		rest &= ~GUP_ARG_BIG;
		for (big = 0; big <= ((opts & WOPT_OVERFLOW) ? 1 : 0); big++)
			for (i = 0; i < 1 << f->width; i++) {
				uint8_t a = (uint8_t)(rest | i << f->shift | (big ? GUP_ARG_BIG : 0));

				if (ops_field_value(f, a, opts) == v) {
					*arg = a;
					return 0;
				}
			}
		return -1;
	case OPF_FLAG:
		v = !!v;
		break;
	default:
		v -= f->lo;
		if (v < 0 || v >= (f->nvals ? f->nvals : 1 << f->width))
			return -1;
	}
	*arg = (uint8_t)(rest | v << f->shift);
	return 0;
}

struct pr_record ops_canon(struct pr_record r, int nthreads, int opts)
{
	const struct op_desc *d = &world_ops[r.op % NR_WORLD_OPS];
	const struct op_field *f;
	struct pr_record c;

	c.op = r.op % NR_WORLD_OPS;
	c.thread = (d->flags & OPD_NO_THREAD) ? 0 : (r.thread & 3) % nthreads;
	c.pfn = (d->flags & OPD_NO_PFN) ? 0 : r.pfn % WORLD_MAX_PFNS;
	c.arg = r.arg & d->alias_bit;
	for (f = d->f; f < d->f + OP_MAX_FIELDS && f->key; f++)
		c.arg |= field_canon(f, r.arg, opts);
	return c;
}

static const struct {
	const char *name;
	int bit;
} wopt_names[] = {
	{ "misuse", WOPT_MISUSE },
	{ "caller-dtor", WOPT_CALLER_DTOR },
	{ "overflow", WOPT_OVERFLOW },
	{ "weak", WOPT_WEAK },
};

int world_opt_parse(const char *s, int *opts)
{
	char buf[128];
	char *tok, *save = NULL;
	size_t i;

	*opts = 0;
	if (!s || !*s || !strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(wopt_names) / sizeof(wopt_names[0]); i++)
			if (!strcmp(tok, wopt_names[i].name))
				break;
		if (i == sizeof(wopt_names) / sizeof(wopt_names[0]))
			return -1;
		*opts |= wopt_names[i].bit;
	}
	return 0;
}

void world_opt_format(int opts, char *buf, int len)
{
	size_t i;
	int off = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(wopt_names) / sizeof(wopt_names[0]); i++)
		if (opts & wopt_names[i].bit)
			off += snprintf(buf + off, len - off, "%s%s", off ? "," : "", wopt_names[i].name);
	if (!off)
		snprintf(buf, len, "none");
}

static const struct op_field *field_find(const struct op_desc *d, const char *key, size_t len)
{
	const struct op_field *f;

	for (f = d->f; f < d->f + OP_MAX_FIELDS && f->key; f++)
		if ((strlen(f->key) == len && !strncmp(f->key, key, len)) ||
		    (f->alt_key && strlen(f->alt_key) == len && !strncmp(f->alt_key, key, len)))
			return f;
	return NULL;
}

const struct op_field *ops_field(const struct op_desc *d, const char *key)
{
	return field_find(d, key, strlen(key));
}

void ops_describe(struct pr_record r, int opts, char *buf, int len)
{
	const struct op_desc *d = &world_ops[r.op % NR_WORLD_OPS];
	const char *s = (r.arg & d->alias_bit) ? d->alias_describe : d->describe;
	int off = 0;

	if (!s) {
		snprintf(buf, len, "%s(pfn %d, %#x)", d->name, r.pfn, r.arg);
		return;
	}
	buf[0] = 0;
	while (*s && off < len - 1) {
		const char *end = strchr(s, '}'), *text;
		const struct op_field *f;
		size_t klen;

		if (*s != '{' || !end) {
			buf[off++] = *s++;
			buf[off] = 0;
			continue;
		}
		text = memchr(s, ':', (size_t)(end - s));
		klen = (size_t)((text ? text : end) - s - 1);
		f = field_find(d, s + 1, klen);
		if (klen == 3 && !strncmp(s + 1, "pfn", 3))
			off += snprintf(buf + off, len - off, "%d", r.pfn);
		else if (!f)
			off += snprintf(buf + off, len - off, "{?}");
		else if (f->kind == OPF_FLAG)
			off += ops_field_value(f, r.arg, opts) ? snprintf(buf + off, len - off, "%.*s",
						(int)(end - text - 1), text + 1) : 0;
		else if (f->kind == OPF_NAME)
			off += snprintf(buf + off, len - off, "%s", f->names[ops_field_value(f, r.arg, opts)]);
		else
			off += snprintf(buf + off, len - off, "%ld", ops_field_value(f, r.arg, opts));
		s = end + 1;
	}
}
