/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A variant as the page_ref world calls it: the page refcount API of one
 * page_ref.h, with mm.h's callers and the kernel helpers that carry their
 * own checks, compiled with that header (variant.c, once per variant). The
 * world is compiled once and calls whichever variant the run is for
 * through this table (world_internal.h spells the calls as the kernel
 * does).
 *
 * Why a table and not one world per variant: the world is the same code
 * for every header; only these calls differ. Each variant's checks
 * (VM_BUG_ON*, WARN*) are compiled into its own variant.c, so the check
 * table of a variant lists its own sites and nobody else's.
 */
#ifndef PR_PAGE_REF_API_H
#define PR_PAGE_REF_API_H

#include <stdbool.h>

struct page;
struct folio;

struct page_ref_api {
	/* page_ref.h */
	int (*page_ref_count)(const struct page *page);
	void (*set_page_count)(struct page *page, int v);
	void (*init_page_count)(struct page *page);
	/* what the allocator sets a freed page to: the header's frozen state */
	void (*set_page_count_frozen)(struct page *page);
	void (*page_ref_inc)(struct page *page);
	void (*page_ref_dec)(struct page *page);
	void (*folio_ref_add)(struct folio *folio, int nr);
	void (*folio_ref_sub)(struct folio *folio, int nr);
	bool (*folio_try_get)(struct folio *folio);
	bool (*folio_ref_try_add)(struct folio *folio, int nr);
	int (*folio_ref_freeze)(struct folio *folio, int count);
	void (*folio_ref_unfreeze)(struct folio *folio, int count);
	/* mm.h */
	void (*folio_get)(struct folio *folio);
	void (*folio_put)(struct folio *folio);
	void (*folio_put_refs)(struct folio *folio, int refs);
	/* mm/internal.h, mm/gup.c */
	void (*set_page_refcounted)(struct page *page);
	bool (*try_grab_folio_fast)(struct folio *folio);
	/*
	 * The API generation's promise (src/oracle/checks.c, rule 1): what in
	 * the header's definitions marks the series' frozen state
	 * ("PAGEREF_FROZEN_BIT", ...), or NULL.
	 */
	const char *series_mark;
};

#endif
