/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Observed orderings (pageref orderings): what each API call of the world
 * really executed, in any memory model, classified against the documented
 * contract (wmm.h's enum wmm_contract). Fed by the shim's hooks (accesses)
 * and the world (API-call boundaries); @t is the CPU, -1 outside a run.
 */
#ifndef PR_ORDERINGS_H
#define PR_ORDERINGS_H

#include "wmm.h"

void orderings_observe(bool on);
bool orderings_observing(void);
/* Per run: a run that ends inside a call leaves nothing behind. */
void orderings_reset_run(void);
void orderings_api_begin(int t, const char *api, enum wmm_contract c);
void orderings_api_end(int t, bool success);
void orderings_access(int t, const struct shim_site *s, bool read, bool store, bool failed);
/* The table over every run since the last reset. */
void orderings_reset(void);
void *orderings_snapshot(void);	/* free() it */
void orderings_print(FILE *f, void *against);
/* A snapshot to a file and back (another process's variant to compare with). */
void orderings_save(FILE *f, void *snap);
void *orderings_load(FILE *f);

#endif
