/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The folio refcount API over the page one, for a page_ref.h from before
 * folios (v4.6 .. v5.15): CUSTOMISED FOR TESTING. tools/variant.py includes
 * it after such a header (PAGEREF_NO_FOLIO). Each function is the one-line
 * wrapper v5.16 added to page_ref.h, so the world's folio callers run the
 * old header's page_* code and nothing else; folio_ref_try_add_rcu is the
 * SMP (non-TINY_RCU) form. A header that already has some of them (a partial
 * folio backport) keeps its own: tools/variant.py defines
 * PAGEREF_DEFINES_<name> for each it finds.
 */
#ifndef _SHIM_FOLIO_COMPAT_H
#define _SHIM_FOLIO_COMPAT_H

#ifndef PAGEREF_DEFINES_folio_ref_count
static inline int folio_ref_count(const struct folio *folio)
{
	return page_ref_count(&folio->page);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_add
static inline void folio_ref_add(struct folio *folio, int nr)
{
	page_ref_add(&folio->page, nr);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_sub
static inline void folio_ref_sub(struct folio *folio, int nr)
{
	page_ref_sub(&folio->page, nr);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_inc
static inline void folio_ref_inc(struct folio *folio)
{
	page_ref_inc(&folio->page);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_dec
static inline void folio_ref_dec(struct folio *folio)
{
	page_ref_dec(&folio->page);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_sub_and_test
static inline int folio_ref_sub_and_test(struct folio *folio, int nr)
{
	return page_ref_sub_and_test(&folio->page, nr);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_dec_and_test
static inline int folio_ref_dec_and_test(struct folio *folio)
{
	return page_ref_dec_and_test(&folio->page);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_add_unless
static inline bool folio_ref_add_unless(struct folio *folio, int nr, int u)
{
	return page_ref_add_unless(&folio->page, nr, u);
}
#endif

#ifndef PAGEREF_DEFINES_folio_try_get
static inline bool folio_try_get(struct folio *folio)
{
	return folio_ref_add_unless(folio, 1, 0);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_try_add_rcu
static inline bool folio_ref_try_add_rcu(struct folio *folio, int count)
{
	return folio_ref_add_unless(folio, count, 0);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_freeze
static inline int folio_ref_freeze(struct folio *folio, int count)
{
	return page_ref_freeze(&folio->page, count);
}
#endif

#ifndef PAGEREF_DEFINES_folio_ref_unfreeze
static inline void folio_ref_unfreeze(struct folio *folio, int count)
{
	page_ref_unfreeze(&folio->page, count);
}
#endif

#endif
