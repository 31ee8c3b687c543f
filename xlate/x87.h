/*
 * x87.h - the x87 FPU state, kept inside struct x86_cpu's fpu_state. Each
 * register is stored in the 80-bit extended format (64-bit mantissa with
 * an explicit integer bit, 15-bit exponent, sign), so that FXSAVE, FLD
 * m80 and the MMX registers (which alias the mantissas) see exact bits.
 * On x86-64 hosts the computing instructions run on the host's own x87
 * (bit-exact by construction, x87.c); elsewhere, or with x87_soft_backend,
 * in software over the soft-float f80.c (x87_soft.c).
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

/* Status word bits */
#define SW_IE 0x0001
#define SW_DE 0x0002
#define SW_ZE 0x0004
#define SW_OE 0x0008
#define SW_UE 0x0010
#define SW_PE 0x0020
#define SW_SF 0x0040
#define SW_ES 0x0080
#define SW_C0 0x0100
#define SW_C1 0x0200
#define SW_C2 0x0400
#define SW_C3 0x4000
#define SW_B  0x8000
#define SW_CC (SW_C0 | SW_C1 | SW_C2 | SW_C3)
#define SW_TOP_SHIFT 11

static inline unsigned top(const struct x87 *f) { return (f->sw >> SW_TOP_SHIFT) & 7; }
static inline void set_top(struct x87 *f, unsigned t) { f->sw = (uint16_t)((f->sw & ~(7u << SW_TOP_SHIFT)) | ((t & 7) << SW_TOP_SHIFT)); }
static inline unsigned phys(const struct x87 *f, unsigned i) { return (top(f) + i) & 7; }
static inline bool empty(const struct x87 *f, unsigned i) { return ((f->tag >> (2 * phys(f, i))) & 3) == 3; }

static inline unsigned tag_of(struct f80 v)
{
    unsigned e = v.sexp & 0x7fff;
    if (e == 0x7fff)
        return 2;                       /* special */
    if (e == 0)
        return v.mant ? 2 : 1;          /* denormal: special; zero */
    return (v.mant >> 63) ? 0 : 2;      /* valid, or unnormal: special */
}

static inline void set_tag(struct x87 *f, unsigned p, unsigned t)
{
    f->tag = (uint16_t)((f->tag & ~(3u << (2 * p))) | (t << (2 * p)));
}

/* What a memory form does with its operand (x87.c's table). */
enum { M_UD, M_LOAD, M_STORE, M_CTL };

/* Run the computing instructions in software (x87_soft.c) rather than on
 * the host's x87: always on hosts without one; on x86-64 with
 * -DX87_FORCE_SOFT or when a test sets it. */
extern bool x87_soft_backend;

struct x86_inst;
void x87_soft_compute(struct x86_cpu *cpu, const struct x86_inst *d, uint64_t la, unsigned kind, unsigned size);
/* 2, 4, 8 or 10 bytes of guest memory (10: faults name the right page). */
void x87_mem_read_bytes(struct x86_cpu *cpu, uint64_t la, uint8_t *b, unsigned n);
void x87_mem_write_bytes(struct x86_cpu *cpu, uint64_t la, const uint8_t *b, unsigned n);

#endif
