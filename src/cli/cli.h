/* SPDX-License-Identifier: GPL-2.0 */
/* The pageref tool's command families that live in their own files. */
#ifndef PR_CLI_H
#define PR_CLI_H

/* pageref explore ... (src/cli/explore.c); argv[1] is "explore". */
int cli_explore(int argc, char **argv);

#endif
