// SPDX-License-Identifier: GPL-2.0
/*
 * One variant of rcuref, as the world calls it (api.h): compiled once per
 * variant with -DPAGEREF_VARIANT_HEADER="..." (a built-in's one file, or a
 * tree's include/linux/rcuref.h and lib/rcuref.c through the variant.h
 * tools/variant.py writes), -DWORLD_ID, -DWORLD_NAME, -DWORLD_CLASSES and
 * the RCUREF_HAS_* probes of its generation (family.cmake). Everything the
 * variant's code and its WARNs run through is here.
 */
#include <shim/hooks.h>

void rcuref_world_access(const struct shim_site *site, const void *v, int old, int new);

/*
 * KASAN for the world's objects: every atomic of the variant reaches
 * shim_after() with its atomic_t, here first, so an access to an object
 * whose grace period has ended (a put still inside its slow path, the
 * "Deconstruction race" of lib/rcuref.c) is a use after free at the very
 * access (rcuref_world_access, objects.c). The atomics are the shim's,
 * unchanged; only this translation unit's calls go through the check.
 */
static inline void rcuref_shim_after(const struct shim_site *site, const void *v, int old, int new,
				     int ret)
{
	shim_after(site, v, old, new, ret);
	rcuref_world_access(site, v, old, new);
}
#define shim_after rcuref_shim_after

/* everything that includes <linux/atomic.h> comes after the define */
#include "api.h"
#include "rcuref_types.h"
#include "world.h"
#include "../../harness/variant_entry.h"

/*
 * lib/rcuref.c's functions are global in the kernel; here every variant
 * has its own, in one program: declared static first, their definitions
 * keep internal linkage (C11 6.2.2), under their own names (titles and
 * traces name rcuref_put_slowpath, as the kernel's reports do). Declared
 * without a prototype, so one declaration fits every version's
 * parameters (rcuref_put_slowpath(ref) before v6.14-rc5, (ref, cnt) since).
 */
#pragma clang diagnostic ignored "-Wunknown-warning-option"
#pragma clang diagnostic ignored "-Wstrict-prototypes"
#pragma clang diagnostic ignored "-Wdeprecated-non-prototype"
static bool rcuref_get_slowpath();
static bool rcuref_put_slowpath();

/* try_cmpxchg on v6.7+'s unsigned cnt: the kernel's macro takes any int pointer */
#pragma clang diagnostic ignored "-Wpointer-sign"
#pragma GCC diagnostic ignored "-Wpointer-sign"
/* v6.4: cmpxchg's int result against RCUREF_NOREF (unsigned), as in the kernel */
#pragma clang diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wsign-compare"

#include PAGEREF_VARIANT_HEADER

/* The generation, read from the variant's definitions (family.cmake's probes). */
#ifdef RCUREF_HAS_put_slowpath_cnt
#define GEN_PUT "v6.14-rc5+: the slow path takes the decrement's result"
#elif defined(RCUREF_HAS_try_cmpxchg)
#define GEN_PUT "v6.7..v6.14-rc4: the slow path re-reads the counter (try_cmpxchg)"
#else
#define GEN_PUT "v6.4..v6.6: the slow path re-reads the counter (cmpxchg)"
#endif
#ifdef RCUREF_HAS_rcuref_is_dead
#define GENERATION GEN_PUT "; rcuref_is_dead (v6.16+)"
#else
#define GENERATION GEN_PUT
#endif

static void v_init(rcuref_t *ref, unsigned int cnt)
{
	rcuref_init(ref, cnt);
}

static unsigned int v_read(rcuref_t *ref)
{
	return rcuref_read(ref);
}

static bool v_get(rcuref_t *ref)
{
	return rcuref_get(ref);
}

static bool v_put(rcuref_t *ref)
{
	return rcuref_put(ref);
}

static bool v_put_rcusafe(rcuref_t *ref)
{
	return rcuref_put_rcusafe(ref);
}

#ifdef RCUREF_HAS_rcuref_is_dead
static bool v_is_dead(rcuref_t *ref)
{
	return rcuref_is_dead(ref);
}
#else
#define v_is_dead NULL
#endif

static const struct rcuref_api api = {
	.init = v_init,
	.read = v_read,
	.get = v_get,
	.put = v_put,
	.put_rcusafe = v_put_rcusafe,
	.is_dead = v_is_dead,
};

WORLD_VARIANT(rcuref_family, GENERATION, api);
