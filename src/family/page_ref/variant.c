// SPDX-License-Identifier: GPL-2.0
/*
 * One variant of page_ref.h, as the world calls it (api.h): compiled once
 * per variant with -DPAGEREF_VARIANT_HEADER="..." (the header, unmodified),
 * -DWORLD_ID, -DWORLD_NAME, -DWORLD_CLASSES and the PAGEREF_HAS_* probes of its API
 * generation (CMakeLists.txt, tools/variant.py). Everything the header's
 * code and its checks run through is here: page_ref.h itself, mm.h's
 * callers, mm/internal.h and mm/gup.c's helpers.
 */
#include <linux/mm.h>
#include <mm/gup.h>
#include <mm/internal.h>

#include "api.h"
#include "world.h"
#include "../../harness/variant_entry.h"

/*
 * The API generation, read from the header's definitions, never from its
 * name or comments: the series' frozen state carries patch 1's contract
 * (src/oracle/checks.c, rule 1).
 */
#if defined(PAGEREF_FROZEN_BIT)
#define SERIES_MARK "PAGEREF_FROZEN_BIT"
#elif defined(PAGEREF_HAS_set_page_count_frozen)
#define SERIES_MARK "set_page_count_frozen()"
#elif defined(PAGEREF_HAS_set_page_count_as_frozen)
#define SERIES_MARK "set_page_count_as_frozen()"
#elif defined(PAGEREF_HAS_page_ref_add_unless_frozen)
#define SERIES_MARK "page_ref_add_unless_frozen()"
#endif

#ifdef SERIES_MARK
#define GENERATION "the series (" SERIES_MARK "): patch 1's frozen-page checks"
#elif defined(PAGEREF_HAS_page_ref_add_unless_zero)
#define GENERATION "linux-next (page_ref_add_unless_zero): mm.h's checks only"
#define SERIES_MARK NULL
#else
#define GENERATION "pre-series (zero means frozen): mm.h's checks only"
#define SERIES_MARK NULL
#endif

static int v_page_ref_count(const struct page *page)
{
	return page_ref_count((struct page *)page);
}

static void v_set_page_count(struct page *page, int v)
{
	set_page_count(page, v);
}

static void v_init_page_count(struct page *page)
{
	init_page_count(page);
}

/* What __free_pages_core() writes: the generation's frozen state. */
static void v_set_page_count_frozen(struct page *page)
{
#if defined(PAGEREF_HAS_set_page_count_frozen)
	set_page_count_frozen(page);
#elif defined(PAGEREF_HAS_set_page_count_as_frozen)
	set_page_count_as_frozen(page);
#else
	set_page_count(page, 0);
#endif
}

static void v_page_ref_inc(struct page *page)
{
	page_ref_inc(page);
}

static void v_page_ref_dec(struct page *page)
{
	page_ref_dec(page);
}

static void v_folio_ref_add(struct folio *folio, int nr)
{
	folio_ref_add(folio, nr);
}

static void v_folio_ref_sub(struct folio *folio, int nr)
{
	folio_ref_sub(folio, nr);
}

static bool v_folio_try_get(struct folio *folio)
{
	return folio_try_get(folio);
}

static bool v_folio_ref_try_add(struct folio *folio, int nr)
{
	return folio_ref_try_add(folio, nr);
}

static int v_folio_ref_freeze(struct folio *folio, int count)
{
	return folio_ref_freeze(folio, count);
}

static void v_folio_ref_unfreeze(struct folio *folio, int count)
{
	folio_ref_unfreeze(folio, count);
}

static void v_folio_get(struct folio *folio)
{
	folio_get(folio);
}

static void v_folio_put(struct folio *folio)
{
	folio_put(folio);
}

static void v_folio_put_refs(struct folio *folio, int refs)
{
	folio_put_refs(folio, refs);
}

static void v_set_page_refcounted(struct page *page)
{
	set_page_refcounted(page);
}

static bool v_try_grab_folio_fast(struct folio *folio)
{
	return try_grab_folio_fast(folio);
}

static const struct page_ref_api api = {
	.page_ref_count = v_page_ref_count,
	.set_page_count = v_set_page_count,
	.init_page_count = v_init_page_count,
	.set_page_count_frozen = v_set_page_count_frozen,
	.page_ref_inc = v_page_ref_inc,
	.page_ref_dec = v_page_ref_dec,
	.folio_ref_add = v_folio_ref_add,
	.folio_ref_sub = v_folio_ref_sub,
	.folio_try_get = v_folio_try_get,
	.folio_ref_try_add = v_folio_ref_try_add,
	.folio_ref_freeze = v_folio_ref_freeze,
	.folio_ref_unfreeze = v_folio_ref_unfreeze,
	.folio_get = v_folio_get,
	.folio_put = v_folio_put,
	.folio_put_refs = v_folio_put_refs,
	.set_page_refcounted = v_set_page_refcounted,
	.try_grab_folio_fast = v_try_grab_folio_fast,
	.series_mark = SERIES_MARK,
};

WORLD_VARIANT(page_ref_family, GENERATION, api);
