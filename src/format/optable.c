// SPDX-License-Identifier: GPL-2.0
/* Reading records through a family's op table (optable.h). */
#include "optable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ops_mag(const struct op_table *tab, uint8_t arg, int opts)
{
	int idx = arg & (OP_MAG_VALUES - 1);

	if ((opts & tab->mag_opt) && (arg & tab->mag_big))
		return tab->mag[1][idx];
	return tab->mag[0][idx];
}

/* The field's bits of @arg, reduced to the values it takes. */
static uint8_t field_canon(const struct op_table *tab, const struct op_field *f, uint8_t arg, int opts)
{
	unsigned int v = (arg & ops_field_mask(f)) >> f->shift;

	if (f->nvals)
		v %= f->nvals;
	/* a magnitude's table near the limits exists with the option only */
	if (f->kind == OPF_MAG && (opts & tab->mag_opt))
		v |= (arg & tab->mag_big) >> f->shift;
	return (uint8_t)(v << f->shift);
}

long ops_field_value(const struct op_table *tab, const struct op_field *f, uint8_t arg, int opts)
{
	if (f->kind == OPF_MAG)
		return ops_mag(tab, arg, opts);
	return f->lo + (field_canon(tab, f, arg, opts) >> f->shift);
}

int ops_field_set(const struct op_table *tab, const struct op_field *f, long v, uint8_t *arg,
		  int opts)
{
	uint8_t rest = *arg & ~ops_field_mask(f);
	int i, big;

	switch (f->kind) {
	case OPF_MAG:
		rest &= (uint8_t)~tab->mag_big;
		for (big = 0; big <= ((opts & tab->mag_opt) ? 1 : 0); big++)
			for (i = 0; i < 1 << f->width; i++) {
				uint8_t a = (uint8_t)(rest | i << f->shift | (big ? tab->mag_big : 0));

				if (ops_field_value(tab, f, a, opts) == v) {
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

/* The arg byte @arg of op @d, every field reduced to what it means. */
static uint8_t arg_canon(const struct op_table *tab, const struct op_desc *d, uint8_t arg, int opts)
{
	const struct op_field *f;
	uint8_t c = arg & d->alias_bit;

	for (f = d->f; f < d->f + OP_MAX_FIELDS && f->key; f++)
		c |= field_canon(tab, f, arg, opts);
	return c;
}

void ops_canon_build(const struct op_table *tab)
{
	struct op_canon *c = tab->canon;
	int b, op, mag;

	if (c->built)
		return;
	if (tab->nops > OP_MAX_OPS) {
		fprintf(stderr, "op table %s: %d ops, more than OP_MAX_OPS (%d)\n", tab->api, tab->nops,
			OP_MAX_OPS);
		abort();
	}
	for (b = 0; b < 256; b++) {
		c->op[b] = (uint8_t)(b % tab->nops);
		c->obj[b] = (uint8_t)(b % tab->nobjs);
	}
	for (op = 0; op < tab->nops; op++)
		c->flags[op] = tab->op[op].flags;
	for (mag = 0; mag < 2; mag++)
		for (op = 0; op < tab->nops; op++)
			for (b = 0; b < 256; b++)
				c->arg[mag][op][b] = arg_canon(tab, &tab->op[op], (uint8_t)b,
							       mag ? tab->mag_opt : 0);
	c->built = true;
}

/* Option bit @i's name: the family's, then the memory model's. */
static const char *opt_name(const struct op_table *tab, int i)
{
	return i < NR_FAMILY_OPTS ? tab->opt_names[i] : "weak";
}

int ops_opt_parse(const struct op_table *tab, const char *s, int *opts)
{
	char buf[128];
	char *tok, *save = NULL;
	int i;

	*opts = 0;
	if (!s || !*s || !strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i <= NR_FAMILY_OPTS; i++)
			if (opt_name(tab, i) && !strcmp(tok, opt_name(tab, i)))
				break;
		if (i > NR_FAMILY_OPTS)
			return -1;
		*opts |= 1 << i;
	}
	return 0;
}

void ops_opt_format(const struct op_table *tab, int opts, char *buf, int len)
{
	int i, off = 0;

	buf[0] = 0;
	for (i = 0; i <= NR_FAMILY_OPTS; i++)
		if ((opts & 1 << i) && opt_name(tab, i))
			off += snprintf(buf + off, len - off, "%s%s", off ? "," : "", opt_name(tab, i));
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

void ops_describe(const struct op_table *tab, struct pr_record r, int opts, char *buf, int len)
{
	const struct op_desc *d = &tab->op[r.op % tab->nops];
	const char *s = (r.arg & d->alias_bit) ? d->alias_describe : d->describe;
	int off = 0;

	if (!s) {
		snprintf(buf, len, "%s(%s %d, %#x)", d->name, tab->obj_key, r.obj, r.arg);
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
		if (klen == strlen(tab->obj_key) && !strncmp(s + 1, tab->obj_key, klen))
			off += snprintf(buf + off, len - off, "%d", r.obj);
		else if (!f)
			off += snprintf(buf + off, len - off, "{?}");
		else if (f->kind == OPF_FLAG)
			off += ops_field_value(tab, f, r.arg, opts) ? snprintf(buf + off, len - off, "%.*s",
						(int)(end - text - 1), text + 1) : 0;
		else if (f->kind == OPF_NAME)
			off += snprintf(buf + off, len - off, "%s", f->names[ops_field_value(tab, f, r.arg, opts)]);
		else
			off += snprintf(buf + off, len - off, "%ld", ops_field_value(tab, f, r.arg, opts));
		s = end + 1;
	}
}
