/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A variant as the rcuref world calls it: rcuref.h's API, compiled with one
 * variant's rcuref.h and lib/rcuref.c (variant.c, once per variant). The
 * world is compiled once and calls the run's variant through this table;
 * each variant's WARNs are compiled into its own variant.c, so its check
 * table lists its own sites.
 */
#ifndef PR_RCUREF_API_H
#define PR_RCUREF_API_H

#include <stdbool.h>

#include "rcuref_types.h"

struct rcuref_api {
	void (*init)(rcuref_t *ref, unsigned int cnt);
	unsigned int (*read)(rcuref_t *ref);
	bool (*get)(rcuref_t *ref);
	bool (*put)(rcuref_t *ref);
	bool (*put_rcusafe)(rcuref_t *ref);
	bool (*is_dead)(rcuref_t *ref);		/* NULL: before v6.16 */
};

#endif
