// SPDX-License-Identifier: GPL-2.0
/*
 * The folio's published fields (the weak memory model): folio->mapping,
 * folio->index and folio->flags (PG_head, the order and the type that picks
 * the destructor), beside the contents (contents.c).
 *
 * Why it is built this way (the contract with wmm.c and judge.c):
 *  - Each field of each head pfn is a location of the model, as the
 *    contents are, from the first store a CPU makes to it
 *    (wmm_payload_init gives the model the field's value when the CPUs
 *    started): the model keeps few locations (WMM_LOCS). A field no CPU
 *    has stored to has one value to read and is not read through the model.
 *  - The world writes the struct's real field as before, then calls
 *    field_write(): the model gets a token (lifetime, write number, value).
 *    A write that leaves the value as it was is not a store of the model:
 *    no reader could see a difference (the toy's split and migration keep
 *    the folio whole, so they change none of the three; docs/weak-memory.md).
 *  - A CPU that got its reference through the refcount reads a field where
 *    the kernel caller it mirrors does (field_read), after the contents:
 *    the model picks the store (a tape choice). A store older than the
 *    documented orderings promise, with another value than the promised
 *    one, is a finding naming the field (judge.c). An older store of the
 *    same value is one the kernel reads too.
 *  - The world goes on with the folio's real state: what the caller would
 *    do with a stale value is in the finding's report, not a new path.
 *  - Under --memory weak only; sequentially consistent runs return at once.
 *
 * Writers: mapping and index by filemap_add_folio, mapping by
 * filemap_remove_folio and free_pages_prepare; flags by prep_new_page at
 * allocation and free_pages_prepare at free; setup's, before the CPUs start.
 */
#include "world_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const field_names[NR_FOLIO_FIELDS] = { "mapping", "index", "flags" };
static const char *const field_steps[NR_FOLIO_FIELDS] = {
	"reads pfn %d folio->mapping: write %d, not %d (stale)",
	"reads pfn %d folio->index: write %d, not %d (stale)",
	"reads pfn %d folio->flags: write %d, not %d (stale)",
};

/* the newest token of each field (a location of the model), and its writes this run */
static int field_tok[NR_FOLIO_FIELDS][WORLD_MAX_PFNS];
static uint8_t field_nwrites[NR_FOLIO_FIELDS][WORLD_MAX_PFNS];
/* the fields a CPU stored to in this run: only those have an older store to read */
static uint32_t field_stored;
_Static_assert(NR_FOLIO_FIELDS * WORLD_MAX_PFNS <= 32, "field_stored holds a field a bit");
#define FIELD_BIT(field, pfn)	(1u << ((field) * WORLD_MAX_PFNS + (pfn)))

#define FIELD_TOKEN(gen, n, v)	((int)(((gen) & 0x7fff) << 16 | ((n) & 0xff) << 8 | ((v) & 0xff)))
#define FIELD_VALUE(tok)	((tok) & 0xff)
#define FIELD_WRITE(tok)	(((tok) >> 8) & 0xff)
#define FIELD_GEN(tok)		((tok) >> 16)

void fields_reset(void)
{
	memset(field_tok, 0, sizeof(field_tok));
	memset(field_nwrites, 0, sizeof(field_nwrites));
	field_stored = 0;
}

/* The value of @field of the folio at @pfn as the model keeps it. */
static int field_value(int field, int pfn, bool freed)
{
	const struct page *page = pfn_to_page(pfn);

	switch (field) {
	case FIELD_MAPPING:
		return page->mapping ? 1 : 0;
	case FIELD_INDEX:
		return (int)(page->index & 0xff);
	default:	/* 0: a free page, no type; else PG_head, the order, the type */
		if (freed)
			return 0;
		return 0x80 | (page->flags >> PG_head & 1) << 4 | page->__shim_order << 2 | page->__shim_type;
	}
}

static void field_show(int field, int v, char *buf, size_t n)
{
	switch (field) {
	case FIELD_MAPPING:
		snprintf(buf, n, "%s", v ? "&mapping" : "NULL");
		break;
	case FIELD_INDEX:
		snprintf(buf, n, "%d", v);
		break;
	default:
		if (!v)
			snprintf(buf, n, "free (no type)");
		else
			snprintf(buf, n, "%s%s, order %d", world_type_names[(v & 3) % NR_WORLD_TYPES],
				 v & 0x10 ? ", PG_head" : "", v >> 2 & 3);
	}
}

/* The world has just written @field of the folio at @pfn (@freed: by free_pages_prepare). */
void field_write_weak(int field, int pfn, bool freed)
{
	int *loc = &field_tok[field][pfn];
	int v, tok;

	v = field_value(field, pfn, freed);
	if (v == FIELD_VALUE(*loc))
		return;
	tok = FIELD_TOKEN(ledger.page[pfn].gen, ++field_nwrites[field][pfn], v);
	if (sched_in_run()) {	/* before the CPUs start, the token is all there is */
		wmm_payload_init(loc, *loc);
		wmm_payload_store(loc, tok);
		field_stored |= FIELD_BIT(field, pfn);
	}
	*loc = tok;
}

/*
 * CPU @t reads @field of the folio at @pfn, which it holds through the
 * refcount since @after; @use: what its caller does with it (the report).
 */
void field_read_weak(int t, int field, int pfn, const char *after, const char *use)
{
	int *loc = &field_tok[field][pfn];
	char saw[32], want[32];
	struct wmm_read r;
	bool differs;

	/* no store since the CPUs started: the one value there is, never stale */
	if (!(field_stored & FIELD_BIT(field, pfn)))
		return;
	wmm_payload_load(loc, &r);
	differs = FIELD_VALUE(r.value) != FIELD_VALUE(r.promised);
	if (!r.stale || !differs)
		return;
	field_show(field, FIELD_VALUE(r.value), saw, sizeof(saw));
	field_show(field, FIELD_VALUE(r.promised), want, sizeof(want));
	STEP(field_steps[field], pfn, FIELD_WRITE(r.value), FIELD_WRITE(r.promised));
	oracle_field(t, pfn, field_names[field], &r, saw, want, FIELD_GEN(r.value), FIELD_WRITE(r.value),
		     FIELD_GEN(r.promised), FIELD_WRITE(r.promised), after, use, cpu_caller[t]);
}
