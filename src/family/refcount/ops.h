/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The refcount family's operations: objects with a refcount_t (or a kref)
 * published in a lookup table, found under a lock or RCU, used, and dropped
 * by their holders; each op is the kernel call a caller of
 * include/linux/refcount.h or include/linux/kref.h makes. Setup ops run
 * before the CPUs start; thread ops run on the simulated CPUs.
 *
 * A record is 4 bytes: op, thread, id (the object's slot), arg. Every byte
 * value means something; ops_canon() (src/format) reduces each field.
 *
 *   obj T0 id=1 refs=2 guard=rcu        T0 holds 2 references to object 1
 *   ref T1 id=1                         T1 holds one more
 *   T0 put id=1                         refcount_dec_and_test(), free on true
 *   T1 kref_put_lock id=1               kref_put_lock(): release under the lock
 *   T1 lookup id=1 keep                 find it in the table, take a reference
 *   T0 misuse id=1 kind=put-free n=0    misuse mode: refcount_sub_and_test(0, freed)
 */
#ifndef PR_REFCOUNT_OPS_H
#define PR_REFCOUNT_OPS_H

#include "../../format/optable.h"

#define RC_MAX_OBJS		4	/* table slots, and objects */
#define RC_MAX_HOLDINGS		4	/* objects one CPU holds references to */

enum rc_op {
	/* setup */
	RC_S_OBJ,		/* an object published at id; the thread holds refs */
	RC_S_REF,		/* the thread holds one more reference */
	/* references held */
	RC_GET,			/* refcount_inc / kref_get */
	RC_ADD,			/* refcount_add(nr) */
	RC_PUT,			/* refcount_dec_and_test / kref_put */
	RC_PUT_MANY,		/* refcount_sub_and_test(n) */
	RC_PUT_LOCK,		/* refcount_dec_and_lock / kref_put_lock (_mutex on mutex slots) */
	RC_PUT_IF_ONE,		/* refcount_dec_if_one: delete if nobody else holds it */
	RC_DEC,			/* refcount_dec: a reference that is not the last */
	RC_USE,			/* write the object's contents through a reference */
	/* the table */
	RC_LOOKUP,		/* find id, refcount_inc_not_zero / kref_get_unless_zero */
	RC_CREATE,		/* allocate, initialise, publish at a free id */
	RC_MISUSE,		/* misuse mode only; arg: kind */
	NR_RC_OPS
};

/* How an object's table slot is guarded: what its lookups hold. */
enum rc_guard { RC_GUARD_LOCK, RC_GUARD_RCU, RC_GUARD_MUTEX, NR_RC_GUARDS };


enum rc_misuse {
	RC_MISUSE_GET_DEAD,	/* refcount_inc on an object whose last put happened */
	RC_MISUSE_GET_FREE,	/* refcount_inc on a freed object */
	RC_MISUSE_PUT_DEAD,	/* refcount_sub_and_test(n) on an object at 0 */
	RC_MISUSE_PUT_FREE,	/* refcount_sub_and_test(n) on a freed object */
	RC_MISUSE_PUT_UNOWNED,	/* refcount_dec_and_test by a CPU holding none (others do) */
	RC_MISUSE_DEC_LAST,	/* refcount_dec of the only reference */
	RC_MISUSE_PUT_LOCK_DEAD,	/* refcount_dec_and_lock on an object at 0 */
	RC_MISUSE_OVERFLOW,	/* not an op: an increment past the counter's range (saturation world) */
	NR_RC_MISUSE
};
#define NR_RC_MISUSE_OPS	RC_MISUSE_OVERFLOW	/* kinds a misuse op names */

/* World options (program header bits 0..2). */
#define RC_OPT_MISUSE		0x01	/* generate API misuse (expected checks) */
#define RC_OPT_SATURATION	0x02	/* counts and magnitudes near the counter's limit */

#define RC_ARG_KREF		0x80	/* the kref alias of get, put, put_lock, lookup */
#define RC_ARG_BIG		0x08	/* with RC_OPT_SATURATION: magnitudes near the limit */

extern const struct op_table refcount_optable;
extern const struct op_desc rc_ops[NR_RC_OPS];
extern const char *const rc_guard_names[NR_RC_GUARDS];
extern const char *const rc_misuse_names[NR_RC_MISUSE];

#define NR_RC_SETUP_OPS	(RC_S_REF + 1)

/* Field values of a record (ops.c): what the world acts on. */
int rc_obj_refs(uint8_t arg);
int rc_obj_guard(uint8_t arg);
int rc_obj_bg_class(uint8_t arg);
int rc_mag(uint8_t arg, int opts);	/* add nr=, put_many n=, lookup nr= */
int rc_lookup_keep(uint8_t arg);
int rc_lookup_acquire(uint8_t arg);
int rc_put_lock_irqsave(uint8_t arg);
int rc_misuse_kind(uint8_t arg);
int rc_misuse_n(uint8_t arg);

#endif
