// SPDX-License-Identifier: GPL-2.0
/*
 * Fibers: user-level contexts on one OS thread.
 *
 * Why hand-written: swapcontext() makes a sigprocmask syscall per switch,
 * which capped a 3-fiber toy at ~24k exec/s against ~125k without; this saves
 * the six callee-saved registers and the stack pointer and makes no syscall.
 * Under AddressSanitizer every switch is bracketed by
 * __sanitizer_start_switch_fiber / __sanitizer_finish_switch_fiber so ASan
 * knows which stack is live; stacks are pooled and never freed, because a
 * freed fiber stack reused as heap gives false reports.
 *
 * Every stack has an inaccessible guard page below it: a variant recursing
 * without end faults there (the scheduler files it as a stack overflow)
 * instead of silently writing over the next fiber's stack.
 */
#define _GNU_SOURCE
#include "fiber.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FIBER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FIBER_ASAN 1
#endif

#ifdef FIBER_ASAN
#include <sanitizer/common_interface_defs.h>
#define FIBER_STACK_SIZE (256 * 1024)
#else
#define FIBER_STACK_SIZE (64 * 1024)
#endif

#if !defined(__x86_64__)
#error "fiber.c: only x86-64 has a context switch so far"
#endif

/* void __fiber_swap(void **save_sp, void *load_sp) */
__asm__(".text\n"
	".globl __fiber_swap\n"
	".type __fiber_swap,@function\n"
	"__fiber_swap:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size __fiber_swap,.-__fiber_swap\n");
void __fiber_swap(void **save_sp, void *load_sp);

static struct fiber *fiber_starting;

static void asan_finish(struct fiber *self)
{
#ifdef FIBER_ASAN
	__sanitizer_finish_switch_fiber(self->asan_fake_stack, NULL, NULL);
#else
	(void)self;
#endif
}

static void asan_start(struct fiber *from, struct fiber *to, int exiting)
{
#ifdef FIBER_ASAN
	/* main's bounds were recorded by fiber_init_main */
	__sanitizer_start_switch_fiber(exiting ? NULL : &from->asan_fake_stack,
				       to->stack, to->stack_size);
#else
	(void)from; (void)to; (void)exiting;
#endif
}

static void fiber_trampoline(void)
{
	struct fiber *self = fiber_starting;

	asan_finish(self);
	self->fn(self->arg);
	/* fn must not return: it ends with fiber_exit_to(). */
	fprintf(stderr, "fiber: entry function returned\n");
	abort();
}

void fiber_init_main(struct fiber *main)
{
	main->finished = 0;
	main->stack = NULL;
	main->stack_size = 0;
	main->guard = NULL;
#ifdef FIBER_ASAN
	{
		/* ASan needs the main stack's bounds to switch back to it. */
		pthread_attr_t attr;
		void *addr;
		size_t size;

		if (pthread_getattr_np(pthread_self(), &attr) == 0) {
			pthread_attr_getstack(&attr, &addr, &size);
			main->stack = addr;
			main->stack_size = size;
			pthread_attr_destroy(&attr);
		}
	}
#endif
}

void fiber_prepare(struct fiber *f, void (*fn)(void *), void *arg)
{
	void **sp;
	int i;

	if (!f->stack) {
		size_t guard = (size_t)sysconf(_SC_PAGESIZE);
		char *base = mmap(NULL, guard + FIBER_STACK_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

		if (base == MAP_FAILED || mprotect(base, guard, PROT_NONE)) {
			perror("fiber: stack");
			abort();
		}
		f->guard = base;
		f->guard_size = guard;
		f->stack = base + guard;
		f->stack_size = FIBER_STACK_SIZE;
	}
	f->fn = fn;
	f->arg = arg;
	f->finished = 0;
	f->asan_fake_stack = NULL;

	/* Top, 16-byte aligned; ret pops the trampoline, rsp % 16 == 8 at entry. */
	sp = (void **)((char *)f->stack + f->stack_size);
	*--sp = NULL;				/* fake return address */
	*--sp = (void *)fiber_trampoline;
	for (i = 0; i < 6; i++)
		*--sp = NULL;			/* rbp rbx r12 r13 r14 r15 */
	f->sp = sp;
}

void fiber_switch(struct fiber *from, struct fiber *to)
{
	fiber_starting = to;
	asan_start(from, to, 0);
	__fiber_swap(&from->sp, to->sp);
	asan_finish(from);
}

void fiber_exit_to(struct fiber *from, struct fiber *to)
{
	from->finished = 1;
	fiber_starting = to;
	asan_start(from, to, 1);
	__fiber_swap(&from->sp, to->sp);
	abort();
}

bool fiber_guard_hit(const struct fiber *f, const void *addr)
{
	const char *a = addr, *g = f->guard;

	return g && a >= g && a < g + f->guard_size;
}
