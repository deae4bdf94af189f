/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The binary program format (what the fuzzers mutate).
 *
 *   header  4 bytes: version, (nthreads-1) | opts << 2, nrec, reserved
 *   records nrec x 4 bytes: op, thread, pfn, arg   (ops.h)
 *   tape    the rest: one byte per scheduling decision, and under the weak
 *           memory model per reads-from decision (sched.c)
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

#include "../world/ops.h"

#define PR_FORMAT_VERSION	2	/* 2: option bit 3, the weak memory model */
#define PR_MAX_THREADS		4
#define PR_MAX_RECORDS		64
#define PR_MAX_TAPE		1024
#define PR_HEADER_SIZE		4
#define PR_RECORD_SIZE		4
#define PR_MAX_INPUT	(PR_HEADER_SIZE + PR_MAX_RECORDS * PR_RECORD_SIZE + PR_MAX_TAPE)

/* Tape bytes: a thread id picks that thread; TAPE_NONE means no preemption. */
#define TAPE_NONE		7

struct program {
	uint8_t version;
	uint8_t nthreads;	/* 1 .. PR_MAX_THREADS */
	uint8_t opts;		/* WOPT_* */
	uint8_t nrec;
	struct pr_record rec[PR_MAX_RECORDS];
	uint16_t ntape;
	uint8_t tape[PR_MAX_TAPE];
};

void program_decode(struct program *p, const uint8_t *data, size_t size);
/* Canonicalise every field in place (what decompile -> compile yields). */
void program_canon(struct program *p);
/* Encode; returns bytes written (buf must hold PR_MAX_INPUT). */
size_t program_encode(const struct program *p, uint8_t *buf);

#endif
