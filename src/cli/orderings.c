// SPDX-License-Identifier: GPL-2.0
/*
 * pageref orderings: each API call's ordering class on success and failure,
 * as the shim observed the variant execute it (src/memory/wmm.c), over the
 * given inputs and seeded programs; with --baseline, beside another's.
 */
#include "cli.h"
#include "../harness/engine.h"
#include "../harness/gen.h"
#include "../memory/orderings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Besides the common flags: --save-table FILE writes the observations
 * instead of the table (for another process to compare with), and
 * --against-table FILE --against-name NAME compares with such a file:
 * how build.sh compares two variants that live in different tools.
 */
int cli_orderings(int argc, char **argv)
{
	const char *save = NULL, *against = NULL, *against_name = "baseline";
	char **args = malloc((size_t)argc * sizeof(*args));
	const struct cli_opts *o;
	const struct world_variant *v, *w;
	void *theirs = NULL;
	int pass, i, n = 0, ninputs;

	for (i = 0; i < argc; i++) {
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (i >= 2 && val && !strcmp(argv[i], "--save-table"))
			save = argv[++i];
		else if (i >= 2 && val && !strcmp(argv[i], "--against-table"))
			against = argv[++i];
		else if (i >= 2 && val && !strcmp(argv[i], "--against-name"))
			against_name = argv[++i];
		else
			args[n++] = argv[i];
	}
	o = cli_parse(n, args);
	if (!o) {
		free(args);
		return 2;
	}
	v = cli_need_variant(o->variant);
	w = o->baseline ? cli_need_variant(o->baseline) : NULL;
	if (against) {
		FILE *f = fopen(against, "r");

		if (!f) {
			fprintf(stderr, "pageref orderings: --against-table %s: %s\n", against, strerror(errno));
			free(args);
			return 2;
		}
		theirs = orderings_load(f);
		fclose(f);
	}
	/* the same inputs for both: FILE... (scenarios, binaries) and seeded programs */
	for (pass = w ? 0 : 1; pass < 2; pass++) {
		const struct world_variant *cv = pass ? v : w;
		static uint8_t buf[PR_MAX_INPUT];
		struct gen_rng rng = { (uint64_t)o->seed };
		long r;

		orderings_reset();
		orderings_observe(true);
		for (i = 0; i < o->nfiles; i++) {
			size_t size;
			uint8_t *data;

			/* a corpus glob holds every family's scenarios: this family's count */
			if (cli_other_family(o->files[i], cv->family))
				continue;
			data = cli_load_input_for(o->files[i], &size, NULL, cv);

			engine_run(cv, data, size, o->allowed, false);
			free(data);
		}
		for (r = 0; r < o->runs; r++) {
			size_t n = gen_program(&rng, cv->family->ops, buf, (int)o->threads, (int)o->ops,
					       (o->world ? o->allowed & WOPT_ALL : 0), 1);

			engine_run(cv, buf, n, (o->world ? o->allowed & WOPT_ALL : 0) | o->memflags, false);
		}
		orderings_observe(false);
		if (!pass)
			theirs = orderings_snapshot();
	}
	if (save) {
		FILE *f = fopen(save, "w");
		void *mine = orderings_snapshot();

		if (!f) {
			fprintf(stderr, "pageref orderings: --save-table %s: %s\n", save, strerror(errno));
			free(mine);
			free(args);
			return 2;
		}
		orderings_save(f, mine);
		free(mine);
		free(args);
		return fclose(f) ? 2 : 0;
	}
	for (i = ninputs = 0; i < o->nfiles; i++)
		ninputs += !cli_other_family(o->files[i], v->family);
	printf("Orderings observed: %d input(s) and %ld seeded program(s), seed %ld; class = the weakest\n"
	       "seen for that call and outcome (full: a full barrier before its first store and after\n"
	       "its last access; release/acquire: one half; relaxed: neither).\n\n", ninputs, o->runs, o->seed);
	if (w || theirs)
		printf("| API call | outcome | documented | %s (vs documented) | %s: atomics, in order (calls) | %s | %s vs %s |\n"
		       "| --- | --- | --- | --- | --- | --- | --- |\n", v->name, v->name, w ? w->name : against_name,
		       v->name, w ? w->name : against_name);
	else
		printf("| API call | outcome | documented | %s (vs documented) | atomics, in order (calls) |\n"
		       "| --- | --- | --- | --- | --- |\n", v->name);
	orderings_print(stdout, theirs);
	free(theirs);
	free(args);
	return 0;
}
