/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rcuref family's operations: a table of objects looked up under RCU
 * (lib/rcuref.c's "common usage pattern"), their owners and readers, and
 * the misuse the header's checks are there for. Each op mirrors what a
 * kernel user of rcuref does (net's dst entries, ucounts, the futex private
 * hash): the object id is the key the op works on.
 *
 *   object T0 id=0 hold bg=0        setup: rcuref_init(), published, T0 holds
 *   T1 lookup id=0 keep             rcu_read_lock; rcuref_get; check; unlock
 *   T0 put id=0                     rcuref_put; the last one frees after a GP
 *   T0 put_rcusafe id=0             the same inside rcu_read_lock()
 *
 * A record is 4 bytes: op, thread, object id, arg (src/format/optable.h).
 */
#ifndef PR_RCUREF_OPS_H
#define PR_RCUREF_OPS_H

#include "../../format/optable.h"

#define RCUREF_MAX_OBJS		4	/* slots of the lookup table */
#define RCUREF_MAX_HOLDINGS	8	/* references one thread tracks */

enum rcuref_op {
	/* setup */
	ROP_S_OBJECT,		/* id: object in slot id; arg: bg mag, hold, saturated */
	/* owners */
	ROP_CREATE,		/* allocate, rcuref_init(1), publish: the creator holds it */
	ROP_GET,		/* rcuref_get on an object this CPU holds: must succeed */
	ROP_PUT,		/* rcuref_put (arg bit 0: rcuref_put_rcusafe under RCU) */
	ROP_USE,		/* read and write the contents through a held reference */
	/* readers */
	ROP_LOOKUP,		/* rcu_read_lock; rcuref_get; unlock (arg bit 0: keep) */
	ROP_PEEK,		/* rcuref_is_dead() under rcu_read_lock (v6.16+) */
	ROP_READ_LOCK,		/* rcu_read_lock(): a read-side section across ops */
	ROP_READ_UNLOCK,	/* rcu_read_unlock() */
	ROP_SYNC,		/* synchronize_rcu(): wait for a grace period */
	ROP_MISUSE,		/* misuse mode only; arg: kind */
	NR_RCUREF_OPS
};

#define NR_RCUREF_SETUP	(ROP_S_OBJECT + 1)

enum rcuref_misuse {
	RMIS_PUT_DEAD,		/* rcuref_put by a non-holder on a dead object (in its grace period) */
	RMIS_PUT_FREED,		/* rcuref_put on an object already freed */
	RMIS_PUT_UNOWNED,	/* rcuref_put by a CPU holding no reference (others hold two) */
	RMIS_GET_FREED,		/* rcuref_get on an object already freed */
	RMIS_GET_OVERFLOW,	/* rcuref_get when MAXREF + 1 references are held */
	RMIS_PUT_RCUSAFE_UNSAFE,	/* rcuref_put_rcusafe preemptible, outside RCU */
	NR_RCUREF_MISUSE
};

/* World options (input header bits 0..2). */
#define ROPT_MISUSE	0x01	/* generate API misuse (expected checks) */
#define ROPT_PROVE_RCU	0x02	/* CONFIG_PROVE_RCU: RCU_LOCKDEP_WARN is evaluated */
#define ROPT_OVERFLOW	0x04	/* counts near MAXREF and saturated objects */

/* The setup's arg: background references (a magnitude), hold, saturated. */
#define ROBJ_BG_BIG	0x08	/* with ROPT_OVERFLOW: the table near MAXREF */
#define ROBJ_HOLD	0x10
#define ROBJ_SATURATED	0x20	/* with ROPT_OVERFLOW: the count starts saturated */
#define RPUT_RCUSAFE	0x01
#define RLOOKUP_KEEP	0x01

extern const struct op_table rcuref_optable;
extern const char *const rcuref_misuse_names[NR_RCUREF_MISUSE];

static inline int rcuref_op_is_setup(int op)
{
	return ops_is_setup(&rcuref_optable, op);
}

#endif
