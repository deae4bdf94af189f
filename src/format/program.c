// SPDX-License-Identifier: GPL-2.0
#include "program.h"

#include <string.h>

void program_decode(struct program *p, const struct op_table *tab, const uint8_t *data,
		    size_t size)
{
	size_t n, avail;

	memset(p, 0, offsetof(struct program, rec));
	p->tab = tab;
	p->nthreads = 1;
	p->ntape = 0;
	if (size < PR_HEADER_SIZE) {
		p->version = size > 0 ? data[0] : PR_FORMAT_VERSION;
		p->nthreads = size > 1 ? (data[1] & 3) + 1 : 1;
		p->opts = size > 1 ? (data[1] >> 2) & WOPT_ALL : 0;
		return;
	}
	p->version = data[0];
	p->nthreads = (data[1] & 3) + 1;
	p->opts = (data[1] >> 2) & WOPT_ALL;
	n = data[2] % (PR_MAX_RECORDS + 1);
	avail = (size - PR_HEADER_SIZE) / PR_RECORD_SIZE;
	if (n > avail)
		n = avail;
	p->nrec = (uint8_t)n;
	memcpy(p->rec, data + PR_HEADER_SIZE, n * PR_RECORD_SIZE);
	data += PR_HEADER_SIZE + n * PR_RECORD_SIZE;
	size -= PR_HEADER_SIZE + n * PR_RECORD_SIZE;
	if (size > PR_MAX_TAPE)
		size = PR_MAX_TAPE;
	p->ntape = (uint16_t)size;
	memcpy(p->tape, data, size);
}

/* Fields in locals: stores through uint8_t may alias anything, @p included. */
void program_canon(struct program *p)
{
	const struct op_table *tab = p->tab;
	struct pr_record set[PR_MAX_RECORDS], ops[PR_MAX_RECORDS];
	int nthreads = p->nthreads, opts = p->opts, nrec = p->nrec, ntape = p->ntape;
	int i, nset = 0, nops = 0;
	uint8_t *tape = p->tape;

	p->version = PR_FORMAT_VERSION;
	/* setup runs before any thread: list it first, both in their own order */
	for (i = 0; i < nrec; i++) {
		struct pr_record r = ops_canon(tab, p->rec[i], nthreads, opts);

		if (ops_is_setup(tab, r.op))
			set[nset++] = r;
		else
			ops[nops++] = r;
	}
	memcpy(p->rec, set, (size_t)nset * sizeof(set[0]));
	memcpy(p->rec + nset, ops, (size_t)nops * sizeof(ops[0]));
	for (i = 0; i < ntape; i++) {
		uint8_t t = tape[i] & 7;

		tape[i] = t < nthreads ? t : TAPE_NONE;
	}
}

size_t program_encode(const struct program *p, uint8_t *buf)
{
	size_t off = 0;

	buf[off++] = p->version;
	buf[off++] = (uint8_t)((p->nthreads - 1) | (p->opts << 2));
	buf[off++] = p->nrec;
	buf[off++] = 0;
	memcpy(buf + off, p->rec, p->nrec * PR_RECORD_SIZE);
	off += p->nrec * PR_RECORD_SIZE;
	memcpy(buf + off, p->tape, p->ntape);
	off += p->ntape;
	return off;
}
