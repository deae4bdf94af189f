/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/bits.h>: DUPLICATED from the kernel (v6.12), the one macro used. */
#ifndef __LINUX_BITS_H
#define __LINUX_BITS_H

/* unsigned long, as in the kernel: BIT(31) converted to int is INT_MIN. */
#define BIT(nr)		(1UL << (nr))

#endif
