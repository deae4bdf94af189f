/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzz target's side of a campaign (campaign.c): what happens to a
 * finding, and what the supervisor (build.sh) sees while it runs.
 *
 * Environment (each optional):
 *   PAGEREF_TITLES_FILE  titles already filed, one a line; a finding with
 *                        one is counted (a hit), not filed again. A new
 *                        title is appended, so the campaign's other
 *                        processes skip it too.
 *   PAGEREF_INBOX=DIR    in-process filing: a new finding's input is
 *                        written to DIR (named after its content) and the
 *                        run goes on; build.sh files DIR with `pageref file`
 *                        (src/cli/file.c). Unset: the target aborts on a new
 *                        finding, so libFuzzer, AFL++ and OSS-Fuzz see a
 *                        crash (the report is printed first).
 *   PAGEREF_FIRST=1      with the inbox: end the process at the first new
 *                        finding (build.sh --first).
 *   PAGEREF_STATS=FILE   about once a second, and at exit: executions,
 *                        explorer-guided executions, new findings, and
 *                        the titles seen again ("hit COUNT TITLE" lines).
 *   PAGEREF_CHECKS_OUT=FILE  at exit: the header's check sites and their
 *                        counts over every run of the process
 *                        (`pageref checks` sums several into a table).
 * Why in-process: every verdict of the harness is deterministic and does
 * no memory corruption, so a finding need not end the process; only a real
 * crash does, and build.sh restarts the process on the corpus it has kept.
 */
#ifndef PR_CAMPAIGN_H
#define PR_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "family.h"

void campaign_init(const struct world_variant *v, int allowed);
/* One execution done; @runs explorer-guided ones done (guided.c). */
void campaign_count(void);
void campaign_explored(long runs);
/* Is @title filed already (by this campaign or before it)? */
bool campaign_title_known(const char *title);
/*
 * The last run of @data found @title: count a hit, or file it (inbox) or
 * report it and abort (no inbox).
 */
void campaign_finding(const struct world_variant *v, int allowed, const uint8_t *data, size_t size);

#endif
