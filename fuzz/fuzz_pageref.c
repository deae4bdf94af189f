// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer (and AFL++ via its libFuzzer driver) entry point, built once per
 * variant: -DFUZZ_WORLD=world_<id>. Thin by design: all logic lives in the
 * library. A finding is printed with its trace (the input is run a second
 * time with the execution record on: runs are deterministic) and ends in
 * abort(), so the engine saves the input as a crash.
 *
 * PAGEREF_WORLD (environment): world options the campaign allows
 * ("misuse,caller-dtor,overflow"; default none). The input's own option
 * bits are masked by it.
 */
#include "../src/harness/engine.h"
#include "../src/oracle/oracle.h"
#include "../src/runtime/trace.h"

#include <stdio.h>
#include <stdlib.h>

extern const struct world_variant FUZZ_WORLD;
static int allowed_opts;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *w = getenv("PAGEREF_WORLD");

	(void)argc;
	(void)argv;
	if (world_opt_parse(w, &allowed_opts)) {
		fprintf(stderr, "PAGEREF_WORLD=%s: unknown world option (known: misuse, caller-dtor, overflow)\n", w);
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (engine_run(&FUZZ_WORLD, data, size, allowed_opts, false) != VERDICT_FINDING)
		return 0;
	engine_run(&FUZZ_WORLD, data, size, allowed_opts, true);
	engine_print_report(stderr, &FUZZ_WORLD, TRACE_OPT_SITES);
	fprintf(stderr, "PAGEREF-FINDING: %s\n", engine_title());
	fflush(stderr);
	abort();
}
