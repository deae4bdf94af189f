/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runtime's bounds: simulated CPUs, the ops of one program it keeps
 * spans for, and the choice tape (sched.h says how a tape byte is read).
 */
#ifndef PR_TAPE_H
#define PR_TAPE_H

#define SCHED_MAX_THREADS	4
#define SCHED_MAX_OPS		64
#define SCHED_MAX_TAPE		1024

/* Tape bytes: a thread id picks that thread; TAPE_NONE means no preemption. */
#define TAPE_NONE		7

#endif
