/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The folio refcount API over the page one, for a page_ref.h from before
 * folios (v4.6 .. v5.15): CUSTOMISED FOR TESTING. tools/variant.py includes
 * it after such a header (PAGEREF_NO_FOLIO). Each function is the one-line
 * wrapper v5.16 added to page_ref.h, so the world's folio callers run the
 * old header's page_* code and nothing else; folio_ref_try_add_rcu is the
 * SMP (non-TINY_RCU) form.
 */
#ifndef _SHIM_FOLIO_COMPAT_H
#define _SHIM_FOLIO_COMPAT_H

static inline int folio_ref_count(const struct folio *folio)
{
	return page_ref_count(&folio->page);
}

static inline void folio_ref_add(struct folio *folio, int nr)
{
	page_ref_add(&folio->page, nr);
}

static inline void folio_ref_sub(struct folio *folio, int nr)
{
	page_ref_sub(&folio->page, nr);
}

static inline void folio_ref_inc(struct folio *folio)
{
	page_ref_inc(&folio->page);
}

static inline void folio_ref_dec(struct folio *folio)
{
	page_ref_dec(&folio->page);
}

static inline int folio_ref_sub_and_test(struct folio *folio, int nr)
{
	return page_ref_sub_and_test(&folio->page, nr);
}

static inline int folio_ref_dec_and_test(struct folio *folio)
{
	return page_ref_dec_and_test(&folio->page);
}

static inline bool folio_ref_add_unless(struct folio *folio, int nr, int u)
{
	return page_ref_add_unless(&folio->page, nr, u);
}

static inline bool folio_try_get(struct folio *folio)
{
	return folio_ref_add_unless(folio, 1, 0);
}

static inline bool folio_ref_try_add_rcu(struct folio *folio, int count)
{
	return folio_ref_add_unless(folio, count, 0);
}

static inline int folio_ref_freeze(struct folio *folio, int count)
{
	return page_ref_freeze(&folio->page, count);
}

static inline void folio_ref_unfreeze(struct folio *folio, int count)
{
	page_ref_unfreeze(&folio->page, count);
}

#endif
