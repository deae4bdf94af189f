/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PR_FIBER_H
#define PR_FIBER_H

#include <stdbool.h>
#include <stddef.h>

struct fiber {
	void *sp;		/* saved stack pointer (x86-64 switch) */
	void *stack;		/* pooled, never freed */
	void *guard;		/* PROT_NONE page just below the stack */
	size_t guard_size;
	size_t stack_size;
	void (*fn)(void *);
	void *arg;
	void *asan_fake_stack;
	int finished;
};

/* The OS thread's own context, used as the scheduler's fiber. */
void fiber_init_main(struct fiber *main);
/* Prepare @f to run fn(arg) on its pooled stack the next time it is switched to. */
void fiber_prepare(struct fiber *f, void (*fn)(void *), void *arg);
/* Switch from @from (saved) to @to. Returns when something switches back. */
void fiber_switch(struct fiber *from, struct fiber *to);
/* True if @addr lies in @f's guard page (a stack overflow). */
bool fiber_guard_hit(const struct fiber *f, const void *addr);
/* Last switch out of a finished fiber: its stack frame is abandoned. */
void fiber_exit_to(struct fiber *from, struct fiber *to) __attribute__((noreturn));

#endif
