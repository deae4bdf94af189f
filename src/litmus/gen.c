// SPDX-License-Identifier: GPL-2.0
#include "litmus.h"

void litmus_generate(FILE *f, unsigned long seed, const char *name)
{
	(void)seed;
	fprintf(f, "C %s\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1)\n", name);
}
