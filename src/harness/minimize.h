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
 * the passes can reach. Deterministic: same input, same result.
 */
#ifndef PR_MINIMIZE_H
#define PR_MINIMIZE_H

#include "../runtime/program.h"
#include "../world/world.h"

struct min_stats {
	long runs;
	int switches;
};

/* Returns 0 and the reduced program in @p, or -1 if @p has no finding. */
int minimize_program(const struct world_variant *v, struct program *p, struct min_stats *st);

#endif
