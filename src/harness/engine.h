/* SPDX-License-Identifier: GPL-2.0 */
/* Decode, run and report one input: what every entry point calls. */
#ifndef PR_ENGINE_H
#define PR_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../format/program.h"
#include "family.h"

/*
 * Runs @data on @v; returns the verdict. World options: the input's own,
 * masked by @allowed; with ENGINE_FORCE_OPTS in @allowed, exactly the
 * options in @allowed (a campaign's world applies to every input).
 */
#define ENGINE_FORCE_OPTS 0x100
/* --memory weak|sc: the memory model, whatever the input or the world say. */
#define ENGINE_MEMORY_WEAK 0x200
#define ENGINE_MEMORY_SC 0x400
int engine_run(const struct world_variant *v, const uint8_t *data, size_t size,
	       int allowed, bool trace);
/* The same on pthreads (no tape, no trace): for TSan and reproduction rates. */
int engine_run_real(const struct world_variant *v, const uint8_t *data, size_t size, int allowed);
/* The program of the last run, canonical and masked. */
const struct program *engine_program(void);
const char *engine_title(void);
/* Run @data traced and return its whole report as text (free() it). */
char *engine_report_text(const struct world_variant *v, const uint8_t *data, size_t size,
			 int allowed, int trace_opts);
/* Title, page report and CPU-column trace of the last (traced) run. */
void engine_print_report(FILE *out, const struct world_variant *v, int trace_opts);

#endif
