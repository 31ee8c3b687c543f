/*
 * x87.h - the x87 FPU state, kept inside struct x86_cpu's fpu_state. Each
 * register is stored in the 80-bit extended format (64-bit mantissa with
 * an explicit integer bit, 15-bit exponent, sign), so that FXSAVE, FLD
 * m80 and the MMX registers (which alias the mantissas) see exact bits.
 * On x86-64 hosts the arithmetic instructions run on the host's own x87
 * (bit-exact by construction); elsewhere, or built with -DX87_FORCE_SOFT,
 * they go through the soft-float f80.c.
 */
#ifndef MIMIC_XLATE_X87_H
#define MIMIC_XLATE_X87_H

#include "xlate/cpu.h"
#include "xlate/f80.h"

struct x87 {
    struct f80 st[8];        /* physical registers R0-R7 */
    uint16_t cw, sw;         /* control, status (TOP lives in sw bits 11-13) */
    uint16_t tag;            /* full tag word: 2 bits per physical register (3 = empty) */
    uint16_t fop;
    uint64_t fip, fdp;
};
_Static_assert(sizeof(struct x87) <= 192, "fits in x86_cpu.fpu_state");

static inline struct x87 *x87_of(struct x86_cpu *cpu) { return (struct x87 *)(void *)cpu->fpu_state; }

#endif
