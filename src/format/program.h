/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The binary program format (what the fuzzers mutate).
 *
 *   header  4 bytes: version, (nthreads-1) | opts << 2, nrec, reserved
 *   records nrec x 4 bytes: op, thread, object, arg   (optable.h)
 *   tape    the rest: one byte per scheduling decision, and under the weak
 *           memory model per reads-from decision (runtime/sched.c)
 *
 * The decoder is total: every byte string decodes to a valid program
 * (counts are clamped to what is present, fields reduced modulo their
 * range). Records have a fixed width, so a mutation of one byte changes one
 * field of one op. The version byte is recorded but never rejected:
 * fuzzers must be able to flip it; tools warn when it differs.
 */
#ifndef PR_PROGRAM_H
#define PR_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "optable.h"
#include "../runtime/tape.h"

#define PR_FORMAT_VERSION	2	/* 2: option bit 3, the weak memory model */
#define PR_MAX_THREADS		SCHED_MAX_THREADS
#define PR_MAX_RECORDS		SCHED_MAX_OPS
#define PR_MAX_TAPE		SCHED_MAX_TAPE
#define PR_HEADER_SIZE		4
#define PR_RECORD_SIZE		4
#define PR_MAX_INPUT	(PR_HEADER_SIZE + PR_MAX_RECORDS * PR_RECORD_SIZE + PR_MAX_TAPE)

struct program {
	const struct op_table *tab;	/* the family's ops the records are read with */
	uint8_t version;
	uint8_t nthreads;	/* 1 .. PR_MAX_THREADS */
	uint8_t opts;		/* WOPT_* */
	uint8_t nrec;
	struct pr_record rec[PR_MAX_RECORDS];
	uint16_t ntape;
	uint8_t tape[PR_MAX_TAPE];
};

void program_decode(struct program *p, const struct op_table *tab, const uint8_t *data,
		    size_t size);
/* Canonicalise every field in place (what decompile -> compile yields). */
void program_canon(struct program *p);
/* Encode; returns bytes written (buf must hold PR_MAX_INPUT). */
size_t program_encode(const struct program *p, uint8_t *buf);

#endif
