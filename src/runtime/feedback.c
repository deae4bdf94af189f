// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency feedback for coverage-guided engines. Edge coverage does not
 * see interleavings, so every atomic also bumps a counter for
 *   (its site, the class of the old and new value), and
 *   (the site that last touched this counter from another CPU, its site)
 *   when the two conflict (one of them changed the value, as the explorer
 *   counts conflicts): a new ordered pair of conflicting sites on one
 *   counter is new coverage. libFuzzer reads
 * the counters from the __libfuzzer_extra_counters section. AFL++ reads
 * only its edge map, so under afl-clang-fast each counter is a block of
 * its own (feedback_hit(): one switch case per counter, kept apart by an
 * asm operand) and its guard is the counter. sched_set_feedback(false)
 * turns the signal off, to measure what it is worth.
 */
#include "sched_internal.h"

#include "../abi/shim_abi.h"

#include <limits.h>
#include <string.h>

#ifdef PAGEREF_EXTRA_COUNTERS
#define FEEDBACK_SIZE 8192
__attribute__((section("__libfuzzer_extra_counters"), used))
static uint8_t feedback[FEEDBACK_SIZE];
static bool feedback_on = true;

void sched_set_feedback(bool on)
{
	feedback_on = on;
}

bool sched_feedback_on(void)
{
	return feedback_on;
}

#ifdef __AFL_COMPILER
#define FB1(n) case (n): __asm__ volatile("" :: "i"(n)); break;
#define FB2(n) FB1(n) FB1((n) + 1)
#define FB4(n) FB2(n) FB2((n) + 2)
#define FB8(n) FB4(n) FB4((n) + 4)
#define FB16(n) FB8(n) FB8((n) + 8)
#define FB32(n) FB16(n) FB16((n) + 16)
#define FB64(n) FB32(n) FB32((n) + 32)
#define FB128(n) FB64(n) FB64((n) + 64)
#define FB256(n) FB128(n) FB128((n) + 128)
#define FB512(n) FB256(n) FB256((n) + 256)
#define FB1024(n) FB512(n) FB512((n) + 512)
#define FB2048(n) FB1024(n) FB1024((n) + 1024)
#define FB4096(n) FB2048(n) FB2048((n) + 2048)
#define FB8192(n) FB4096(n) FB4096((n) + 4096)
_Static_assert(FEEDBACK_SIZE == 8192, "feedback_hit() has one case per counter");

static void feedback_hit(unsigned int h)
{
	switch (h) {
	FB8192(0)
	}
}
#else
static inline void feedback_hit(unsigned int h)
{
	feedback[h]++;
}
#endif

static struct {
	const void *addr;
	const struct shim_site *site;	/* the last access */
	int8_t thread;
	const struct shim_site *wsite;	/* the last write */
	int8_t wthread;
} last_touch[16];

static int value_class(int v)
{
	if (v == 0) return 0;
	if (v == 1) return 1;
	if (v > 1 && v < 1024) return 2;
	if (v > 0) return 3;
	if (v == INT_MIN) return 4;		/* exactly the frozen bit */
	if ((unsigned int)v >= 0xc0000000u) return 5;	/* past the undo limit */
	return 6;
}

void sched_feedback(const struct shim_site *site, const void *v, int old, int new)
{
	/* offsets from an object of this module: stable under ASLR, so a seed
	 * gives the same campaign in every process */
	uintptr_t base = (uintptr_t)feedback;
	uintptr_t s = (uintptr_t)site - base;
	unsigned int slot = (unsigned int)((((uintptr_t)v - base) >> 3) % 16);
	const struct shim_site *p;
	int pt;
	unsigned int h;

	if (!feedback_on)
		return;
	h = (unsigned int)((s >> 3) * 31 + value_class(old) * 7 + value_class(new));
	feedback_hit(h % (FEEDBACK_SIZE / 2));
	if (last_touch[slot].addr != v) {
		last_touch[slot].addr = v;
		last_touch[slot].thread = last_touch[slot].wthread = -1;
	}
	/* a write follows the last access; a read follows the last write */
	p = old != new ? last_touch[slot].site : last_touch[slot].wsite;
	pt = old != new ? last_touch[slot].thread : last_touch[slot].wthread;
	if (pt >= 0 && pt != sched_now.cur) {
		h = (unsigned int)((((uintptr_t)p - base) >> 3) * 2654435761u ^ (s >> 3));
		feedback_hit((h % (FEEDBACK_SIZE / 2)) + FEEDBACK_SIZE / 2);
	}
	last_touch[slot].site = site;
	last_touch[slot].thread = (int8_t)sched_now.cur;
	if (old != new) {
		last_touch[slot].wsite = site;
		last_touch[slot].wthread = (int8_t)sched_now.cur;
	}
}
/* Feedback is per input: nothing of one run may steer the next. */
void sched_feedback_reset(void)
{
	memset(last_touch, 0, sizeof(last_touch));
}
#else
void sched_set_feedback(bool on)
{
}
#endif
