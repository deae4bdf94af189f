/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel C litmus tests (tools/memory-model, Documentation/litmus-tests):
 * the parsed test, the events one execution of it makes, and the three
 * things done with them:
 *  - lkmm.c: the Linux-kernel memory model as axioms over one candidate
 *    execution (linux-kernel.cat, .bell, lock.cat), and herd7's exhaustive
 *    enumeration of candidate executions (--model lkmm);
 *  - run.c: the same test run by the fuzzer's operational model
 *    (src/memory/wmm.c on the scheduler's fibers), every execution it
 *    reaches checked against the axioms (--model engine, the default);
 *  - gen.c: random tests over the supported vocabulary, for the
 *    differential against herd7.
 * Both runners print herd7's own lines (Test, States, Observation), so a
 * script can diff the tools.
 */
#ifndef PR_LITMUS_H
#define PR_LITMUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define LT_MAX_THREADS	4	/* the scheduler's PR_MAX_THREADS */
#define LT_MAX_LOCS	16
#define LT_MAX_REGS	24	/* per thread */
#define LT_MAX_TEV	40	/* events of one thread in one execution */
#define LT_MAX_EV	64	/* events of one execution, initial writes included */
#define LT_MAX_STMTS	256	/* statements of one test */
#define LT_NAME		64

/* A pointer to location i is the value LT_PTR + i (NULL is 0). */
#define LT_PTR		0x7f000000
#define LT_IS_PTR(v)	((v) >= LT_PTR && (v) < LT_PTR + LT_MAX_LOCS)

/* Annotations of an access, as linux-kernel.def tags it. */
enum lt_tag {
	LT_PLAIN, LT_ONCE, LT_ACQUIRE, LT_RELEASE, LT_MB, LT_NORETURN,
};

/* Fences (F events) and the kinds of lock events. */
enum lt_fence {
	LT_F_MB = 1, LT_F_RMB, LT_F_WMB, LT_F_BEFORE_ATOMIC, LT_F_AFTER_ATOMIC,
	LT_F_AFTER_SPINLOCK, LT_F_AFTER_UNLOCK_LOCK, LT_F_BARRIER,
	LT_F_RCU_LOCK, LT_F_RCU_UNLOCK, LT_F_SYNC_RCU,
};
enum lt_lockev { LT_LK_NONE, LT_LKR, LT_LKW, LT_UL, LT_LF, LT_RL, LT_RU };

enum lt_loc_type { LT_INT, LT_ATOMIC, LT_SPINLOCK, LT_PTRTYPE };

struct lt_loc {
	char name[LT_NAME];
	int type;		/* enum lt_loc_type */
	int32_t init;
};

/* ---- the program ---- */

enum lt_expr_kind {
	LT_E_CONST, LT_E_REG, LT_E_DEREF, LT_E_CALL, LT_E_BIN, LT_E_NOT, LT_E_NEG, LT_E_INV,
};

/* What a call does (linux-kernel.def), its operands in struct lt_expr a, b, c. */
enum lt_call_kind {
	LT_C_LOAD,		/* a: address */
	LT_C_STORE,		/* a: address, b: value */
	LT_C_STORE_MB,		/* smp_store_mb */
	LT_C_FENCE,
	LT_C_XCHG,		/* a: address, b: value; returns old */
	LT_C_CMPXCHG,		/* a: address, b: old, c: new; returns old */
	LT_C_OP,		/* void op: a: address, b: operand */
	LT_C_OP_RETURN,		/* returns new */
	LT_C_FETCH_OP,		/* returns old */
	LT_C_ADD_UNLESS,	/* a: address, b: add, c: unless; returns 1 if added */
	LT_C_LOCK, LT_C_UNLOCK, LT_C_TRYLOCK, LT_C_ISLOCKED,
};

/* The binary operators of expressions and of RMWs. */
enum lt_binop {
	LT_ADD, LT_SUB, LT_AND, LT_OR, LT_XOR, LT_ANDNOT, LT_MUL,
	LT_EQ, LT_NE, LT_LT, LT_GT, LT_LE, LT_GE, LT_LAND, LT_LOR,
};

struct lt_expr {
	uint8_t kind;		/* enum lt_expr_kind */
	uint8_t op;		/* LT_E_BIN: enum lt_binop */
	int16_t reg;		/* LT_E_REG */
	int32_t val;		/* LT_E_CONST (a location's address too) */
	const struct lt_callspec *call;
	struct lt_expr *a, *b, *c;
	int line;
};

struct lt_callspec {
	const char *name;
	uint8_t kind;		/* enum lt_call_kind */
	uint8_t tag;		/* enum lt_tag, or enum lt_fence for LT_C_FENCE */
	uint8_t op;		/* RMW: enum lt_binop */
	int8_t test;		/* result: 0 plain, 1 "== 0", 2 "< 0" */
	uint8_t nargs;
	bool lvalue;		/* first argument written *x (READ_ONCE), not x */
	bool value_first;	/* atomic_add(V, X): operand before the address */
};

enum lt_stmt_kind { LT_S_EXPR, LT_S_SETREG, LT_S_STORE, LT_S_IF, LT_S_BLOCK };

struct lt_stmt {
	uint8_t kind;
	int16_t reg;		/* LT_S_SETREG */
	int id;			/* program order: preorder number in its thread */
	int line;
	struct lt_expr *e;	/* value, condition, or the expression statement */
	struct lt_expr *addr;	/* LT_S_STORE: *addr = e (a plain store) */
	struct lt_stmt *then, *els;
	struct lt_stmt **body;	/* LT_S_BLOCK */
	int n;
};

struct lt_thread {
	int nregs;
	char reg[LT_MAX_REGS][LT_NAME];
	bool reg_ptr[LT_MAX_REGS];	/* declared int *r */
	int32_t reg_init[LT_MAX_REGS];
	struct lt_stmt *body;		/* a block */
	int nstmts;
};

/* The final condition: a proposition over registers and locations. */
enum lt_prop_kind { LT_P_TRUE, LT_P_ATOM, LT_P_NOT, LT_P_AND, LT_P_OR };
struct lt_prop {
	uint8_t kind;
	int8_t thread;		/* atom: -1 for a location */
	int16_t index;		/* register or location */
	int32_t val;
	struct lt_prop *a, *b;
};

enum lt_quant { LT_EXISTS, LT_NOT_EXISTS, LT_FORALL };

struct litmus {
	char name[128];
	char file[512];
	char result[32];	/* the "Result:" line of the header comment, or "" */
	int nlocs;
	struct lt_loc loc[LT_MAX_LOCS];
	int nthreads;
	struct lt_thread th[LT_MAX_THREADS];
	int quant;		/* enum lt_quant */
	struct lt_prop *cond, *filter;
	/* what the states show: registers and locations named in the clauses */
	int nshow;
	struct { int8_t thread; int16_t index; } show[64];
	void *arena;		/* every node of the test */
};

/*
 * Parse @path. On error: "FILE:LINE: message" on stderr and NULL (the
 * caller exits 2): an unsupported construct is named, never skipped.
 */
struct litmus *litmus_parse(const char *path);
void litmus_free(struct litmus *t);

/* ---- one execution ---- */

struct lt_event {
	uint8_t kind;		/* 'R', 'W', 'F'; initial writes are 'W' with thread -1 */
	int8_t thread;
	int8_t loc;		/* -1 for a fence */
	uint8_t tag;		/* enum lt_tag; for 'F' enum lt_fence */
	uint8_t lock;		/* enum lt_lockev */
	bool rmw;		/* made by an RMW instruction (failed ones too) */
	int8_t rmw_w;		/* a successful RMW's read: index of its write, else -1 */
	int32_t val;
	int po;			/* program-order key within the thread */
	uint64_t addr, data, ctrl;	/* dependencies: bits of this execution's events */
	int src;		/* 'R': the event read from */
	int sid;		/* the engine's store id: of a write, or of what a read read */
};

struct lt_exec {
	int n;
	struct lt_event ev[LT_MAX_EV];
	int co[LT_MAX_LOCS][LT_MAX_EV];	/* per location, its writes in coherence order */
	int nco[LT_MAX_LOCS];
	int32_t reg[LT_MAX_THREADS][LT_MAX_REGS];	/* final registers */
};

/* Which axiom an execution breaks (lkmm_check), or LKMM_OK. */
enum lkmm_axiom {
	LKMM_OK, LKMM_COHERENCE, LKMM_ATOMIC, LKMM_HB, LKMM_PB, LKMM_RCU,
	LKMM_PLAIN, LKMM_LOCK,
};
extern const char *const lkmm_axiom_names[];
/*
 * Check @x against the LKMM; @x's events are in program order per thread
 * with the initial writes first. Returns the first broken axiom.
 */
int lkmm_check(const struct lt_exec *x);

/* ---- verdicts ---- */

struct lt_state {
	int32_t v[64];		/* litmus->show order */
	bool pos;
};

struct lt_result {
	long pos, neg;		/* executions (after the filter) that satisfy, or not */
	long execs;		/* executions explored or enumerated (before the filter) */
	long bad;		/* engine executions the LKMM forbids: model bugs */
	int nstates;
	struct lt_state *state;	/* distinct final states */
	int cap;
	char first_bad[256];	/* the first model bug, described */
	bool too_big;		/* a bound was hit: the verdict is not exhaustive */
	double seconds;
};

/* Final value of the proposition over an execution's final state. */
bool litmus_eval(const struct litmus *t, const struct lt_prop *p, const struct lt_exec *x);
/* Add @x's final state and count it (after the filter). */
void litmus_tally(const struct litmus *t, const struct lt_exec *x, struct lt_result *r);
const char *litmus_verdict(const struct lt_result *r);	/* Never, Sometimes, Always */
/* herd7's lines: Test, States, Ok/No, Witnesses, Condition, Observation. */
void litmus_print(FILE *f, const struct litmus *t, const struct lt_result *r);
void litmus_result_free(struct lt_result *r);

/* Every candidate execution the LKMM allows (herd7's enumeration). */
int lkmm_enumerate(const struct litmus *t, struct lt_result *r);
/* Every execution the operational model reaches, each checked against the LKMM. */
int litmus_run_engine(const struct litmus *t, struct lt_result *r, long max_execs);

/*
 * Litmus out (out.c): the last run's access log (wmm_log) as a litmus test
 * named @name, @doc (lines starting " * ") in its header comment; @lean:
 * without the unordered reads of the refcount. -1 if the run does not fit
 * (more than 4 CPUs or 16 locations, log full).
 */
int litmus_from_log(FILE *f, const char *name, const char *doc, bool lean);

/* Random tests (gen.c): @seed, into @f. */
void litmus_generate(FILE *f, unsigned long seed, const char *name);

/* The name of a tag, fence or call for messages. */
const char *lt_tag_name(int tag);

#endif
