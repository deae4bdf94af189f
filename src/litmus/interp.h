/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The litmus interpreter (interp.c): one thread of a test over a memory
 * backend, recording herd7's events. See interp.c for what it promises.
 */
#ifndef PR_LITMUS_INTERP_H
#define PR_LITMUS_INTERP_H

#include "litmus.h"

/* An RMW as the backend performs it: kind and operands (struct lt_callspec). */
struct lt_rmw {
	int kind, op, tag;
	int32_t b, c;
	bool stored;		/* set by the backend */
};
/* The value an RMW writes for @old, and whether it writes at all. */
bool lt_rmw_apply(const struct lt_rmw *d, int32_t old, int32_t *new);

struct lt_interp;
struct lt_mem_ops {
	int32_t (*load)(struct lt_interp *in, struct lt_event *e);
	void (*store)(struct lt_interp *in, struct lt_event *e);
	/* sets r->val (old), and if it writes, w->val and d->stored */
	void (*rmw)(struct lt_interp *in, struct lt_event *r, struct lt_event *w, struct lt_rmw *d);
	void (*fence)(struct lt_interp *in, struct lt_event *e);
	/* the engine's scheduling point before an access (NULL: none) */
	void (*point)(struct lt_interp *in);
	/* a choice among @n (the engine's early stores); NULL: never */
	int (*choose)(struct lt_interp *in, int n);
};

struct lt_interp {
	const struct litmus *t;
	int thread;
	const struct lt_mem_ops *ops;
	void *arg;
	struct lt_event ev[LT_MAX_TEV];	/* in the order they ran; deps are bits of ev[] */
	int nev;
	int32_t reg[LT_MAX_REGS];
	uint64_t regdep[LT_MAX_REGS];
	uint64_t ctrl;
	uint64_t addr_regs;		/* registers used as addresses (and their sources) */
	bool addr_load;			/* the load being run feeds an address */
	bool need_point;
	bool dead;			/* this path has no execution (or overflowed) */
	bool overflow, bad_address;
	bool hoist, early;
	uint64_t done[LT_MAX_STMTS / 64];
};

void lt_interp_init(struct lt_interp *in, const struct litmus *t, int thread,
		    const struct lt_mem_ops *ops, void *arg);
void lt_interp_run(struct lt_interp *in);

/*
 * One execution's events from each thread's (in the order they ran, deps
 * as bits of that array): initial writes first (event l is location l's),
 * then each thread in program order. map[t][k]: where thread t's k-th went.
 * False if more than LT_MAX_EV events.
 */
bool lt_exec_build(struct lt_exec *x, const struct litmus *t, const struct lt_event *const ev[],
		   const int nev[], int map[][LT_MAX_TEV]);

#endif
