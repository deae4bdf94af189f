/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario files: the text form of a program, for people.
 *
 *   # The story, in a few lines.            (leading comments: the story)
 *   threads 2
 *   world none                              (misuse, caller-dtor, overflow)
 *   page T0 pfn=0 order=0 type=file hold    (setup; also: frozen, offline)
 *   T0 put pfn=0                            (thread ops, in program order)
 *   T1 pfn_walk pfn=0 keep
 *   tape T0 T1 - T1                         (the schedule: who takes each step)
 *   expect v4 none                          (verdict per variant)
 *   expect rfc BUG: folio_try_get succeeded on free page in do_migrate_range
 *
 * It compiles to the binary input and decompiles from any input; the
 * decompiled text is canonical, so decompile(compile(text)) == text for
 * canonical text and compile(decompile(bytes)) == canonical bytes.
 */
#ifndef PR_SCENARIO_H
#define PR_SCENARIO_H

#include <stdio.h>

#include "../format/program.h"

#define SCN_MAX_EXPECT 16
#define SCN_MAX_SEGMENTS 32
#define SCN_STORY_MAX 4096

/*
 * An expect line proves it was tested: it counts only if the run reached
 * what the scenario's interleaving asks for. By default every schedule
 * segment (or, for a tape, every decision); "expect V reached=N VERDICT"
 * says that on V exactly N are reached (a variant without that atomic), and
 * a comment above it says why. "unreviewed expect ..." is what `regress`
 * proposes: check refuses it until a person has reviewed the verdict.
 */
struct scn_expect {
	char variant[40];
	char verdict[160];	/* a title, "none" or "expected" */
	int line;
	int reached;		/* -1: all */
	int unreviewed;
};

/* How a schedule segment ends: "schedule T1", "... until NAME", "... through NAME". */
enum scn_seg_mode { SEG_TO_END, SEG_UNTIL, SEG_THROUGH };

/*
 * A readable schedule segment: "schedule T0 through atomic_dec_and_test"
 * (T0 runs that step, then the next segment's thread takes over), "until"
 * (stop before it), or just "schedule T1" (T1 runs until it ends). NAME is
 * an atomic (atomic_cmpxchg_relaxed) or the API function performing it
 * (page_ref_dec_and_test); NAME#2 means its second occurrence.
 */
struct scn_segment {
	int line;
	int thread;
	int mode;		/* enum scn_seg_mode */
	char name[64];
	int nth;
};

struct scenario {
	struct program prog;
	int nseg;
	struct scn_segment seg[SCN_MAX_SEGMENTS];
	char story[SCN_STORY_MAX];
	int nexpect;
	struct scn_expect expect[SCN_MAX_EXPECT];
	/* the last scenario_resolve(): segments reached, the first one not */
	int seg_reached;
	int seg_missing;
};

/* 0 on success; else -1 with "path:line: what is wrong" in err. */
int scenario_parse(const char *path, const char *text, struct scenario *sc, char *err, int errlen);
struct world_variant;
/*
 * A scenario with a schedule becomes a tape by running it once on @v
 * (schedules name atomics, and variants differ in their atomics). Without
 * a schedule this is a no-op. Returns 0; err holds a note (or "") when a
 * segment was never reached on @v; sc->seg_reached counts the segments
 * reached (a named one: its atomic was performed; "schedule Tk": its turn
 * came) and sc->seg_missing is the first one not (-1: none).
 */
int scenario_resolve(struct scenario *sc, const struct world_variant *v, char *err, int errlen);
/* Segment @i as written ("schedule T1 through atomic_dec_and_test"). */
void scenario_segment_name(const struct scenario *sc, int i, char *buf, int len);

/* The canonical text of @p (story and expectations, if any, included). */
void scenario_print(FILE *out, const struct program *p, const struct scenario *meta);
/* The same, just after running @p: the tape bytes it read as reads-from choices print as rK. */
void scenario_print_ran(FILE *out, const struct program *p, const struct scenario *meta);

#endif
