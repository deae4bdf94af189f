/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimisation: reduce a failing program while it keeps the same finding
 * title. Greedy passes, repeated until none makes progress:
 *   drop a whole thread (renumbering the rest and the tape), drop one record,
 *   simplify a record's arguments (setup background refs, cache, order,
 *   magnitudes), cut the tape at the shortest prefix, turn a preemption into
 *   "no preemption", delete a tape byte.
 * A candidate is kept only if the title is unchanged and the run takes no
 * more context switches than before, so the result has the fewest switches
 * the passes can reach. Then the explorer runs every schedule of the result's
 * operations with fewer preemptions than its own: if one shows the same
 * title, it becomes the schedule (the first found has the fewest); either
 * way the result is then minimal in preemptions for these operations.
 * Deterministic: same input, same result.
 */
#ifndef PR_MINIMIZE_H
#define PR_MINIMIZE_H

#include <stdbool.h>

#include "../format/program.h"
#include "family.h"

struct min_stats {
	long runs;
	int switches;
	int preemptions;	/* of the result's schedule; -1: weak model, not counted */
	bool minimal_in_preemptions;	/* explore: no schedule with fewer shows it */
	long explored;		/* schedules explore ran to establish that */
};

/* Returns 0 and the reduced program in @p, or -1 if @p has no finding. */
int minimize_program(const struct world_variant *v, struct program *p, struct min_stats *st);

#endif
