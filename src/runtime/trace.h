/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The execution record. Recording is a few stores per event (formats and
 * sites are static; nothing is formatted until printing), and it is off
 * while fuzzing: a failing input is simply run again with it on, which
 * gives the same interleaving because runs are deterministic.
 */
#ifndef PR_TRACE_H
#define PR_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct shim_site;

#define TRACE_MAX 8192

enum trace_kind {
	EV_OP,		/* an op starts: fmt + args */
	EV_STEP,	/* a caller-level step or result: fmt + args */
	EV_ATOMIC,	/* one atomic: site, old, new, ret */
	EV_ASSERT,	/* a check fired: site, text */
	EV_FINDING,	/* the verdict, at the point it happened */
};

struct trace_ev {
	uint8_t kind;
	uint8_t thread;
	const struct shim_site *site;
	const char *fmt;
	int32_t a, b, c;
};

extern bool trace_on;
/* How an EV_OP event prints (op | object << 8 | arg << 16): the engine's. */
extern void (*trace_describe_op)(uint32_t packed, int thread, char *buf, int len);

void trace_reset(bool on);
int trace_len(void);
const struct trace_ev *trace_get(int i);
void trace_record(int kind, int thread, const struct shim_site *site, const char *fmt,
		  int32_t a, int32_t b, int32_t c);

/* Inline: the world traces every op and step, and most runs trace nothing (issue 23). */
static inline void trace_add(int kind, int thread, const struct shim_site *site, const char *fmt,
			     int32_t a, int32_t b, int32_t c)
{
	if (trace_on)
		trace_record(kind, thread, site, fmt, a, b, c);
}
void trace_finding(int thread, const char *title);
/* A site's file as reports show it: the name without its directories. */
const char *trace_basename(const char *path);

#define TRACE_OPT_SITES 1	/* print the variant file:line column */
#define TRACE_OPT_NARROW 2	/* the lkml form: at most 80 columns */

/* Print the CPU-column trace: one column per simulated thread (or, with
 * TRACE_OPT_NARROW, staggered columns that fit 80 columns). */
void trace_print(FILE *out, int nthreads, int opts);

/* TEXT word-wrapped at COLS columns (the lkml form's prose). */
void trace_wrap(FILE *out, const char *text, int cols);

#endif
