/*
 * interp.h - what the interpreter's instruction handlers share: the
 * handler type, operand access (registers, ModRM memory, immediates), the
 * lazy-flag setters and condition codes. Handlers live in interp_*.c, one
 * file per instruction family; interp.c holds the dispatch table and loop.
 *
 * A handler runs with cpu->rip already pointing at the next instruction
 * (branches overwrite it) and returns EXIT_NONE to go on, or an exit. A
 * fault raised inside a handler (x86_fault) unwinds to the loop.
 */
#ifndef MIMIC_XLATE_INTERP_H
#define MIMIC_XLATE_INTERP_H

#include "xlate/cpu.h"

#include <string.h>

typedef enum x86_exit (*x86_handler)(struct x86_cpu *cpu, const struct x86_inst *d);
#define HANDLER(name) enum x86_exit name(struct x86_cpu *cpu, const struct x86_inst *d)

/* Raise a fault at the current instruction: never returns (longjmp to the loop). */
__attribute__((noreturn)) void x86_fault(struct x86_cpu *cpu, int vector, uint64_t code, uint64_t addr);
/* #UD with the bytes named under --trace-unimpl. */
__attribute__((noreturn)) void x86_undefined(struct x86_cpu *cpu, const struct x86_inst *d);

/* The start of the current instruction (for faults and RIP-relative math). */
extern __thread uint64_t x86_insn_rip;
/* Set around the read of a read-modify-write memory operand: the hardware
 * reports a fault on it as a write (#PF error code bit 1). */
extern __thread bool x86_rmw;

static inline uint64_t mask_of(unsigned size)
{
    return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

static inline int64_t sext(uint64_t v, unsigned size)
{
    switch (size) {
    case 1: return (int8_t)v;
    case 2: return (int16_t)v;
    case 4: return (int32_t)v;
    default: return (int64_t)v;
    }
}

/* ---- registers ---- */

static inline uint64_t reg_get(const struct x86_cpu *cpu, const struct x86_inst *d, unsigned reg, unsigned size)
{
    if (size == 1 && !d->rex && reg >= 4 && reg < 8)
        return (cpu->r[reg - 4] >> 8) & 0xff;   /* AH, CH, DH, BH */
    return cpu->r[reg] & mask_of(size);
}

static inline void reg_set(struct x86_cpu *cpu, const struct x86_inst *d, unsigned reg, unsigned size, uint64_t v)
{
    switch (size) {
    case 1:
        if (!d->rex && reg >= 4 && reg < 8)
            cpu->r[reg - 4] = (cpu->r[reg - 4] & ~0xff00ull) | ((v & 0xff) << 8);
        else
            cpu->r[reg] = (cpu->r[reg] & ~0xffull) | (v & 0xff);
        break;
    case 2: cpu->r[reg] = (cpu->r[reg] & ~0xffffull) | (v & 0xffff); break;
    case 4: cpu->r[reg] = (uint32_t)v; break;   /* 32-bit writes zero the upper half */
    default: cpu->r[reg] = v; break;
    }
}

/* ---- memory ---- */

/* Segment-relative effective address of the ModRM memory operand, with the
 * segment base added (FS/GS in 64-bit mode; any segment otherwise). */
static inline uint64_t modrm_addr(const struct x86_cpu *cpu, const struct x86_inst *d)
{
    uint64_t a = (uint64_t)d->disp;
    if (d->base >= 0)
        a += cpu->r[d->base];
    if (d->index >= 0)
        a += cpu->r[d->index] << d->scale;
    if (d->rip_relative)
        a += cpu->rip;                   /* the next instruction's address */
    a &= mask_of(d->asize);
    unsigned seg = d->seg;
    if (cpu->mode == X86_MODE_64)
        return seg == SEG_NONE ? a : a + cpu->seg_base[seg];
    if (seg == SEG_NONE)
        seg = (d->base == RSP || d->base == RBP) ? SEG_SS : SEG_DS;
    return (uint32_t)(a + cpu->seg_base[seg]);   /* linear addresses wrap at 4 GiB */
}

/* Linear address of offset in segment seg (SEG_NONE: none): 64-bit mode adds
 * only FS/GS bases; other modes add the base and wrap at 4 GiB. */
static inline uint64_t seg_linear(const struct x86_cpu *cpu, unsigned seg, uint64_t offset)
{
    if (cpu->mode == X86_MODE_64)
        return seg == SEG_NONE ? offset : offset + cpu->seg_base[seg];
    return (uint32_t)(offset + (seg == SEG_NONE ? 0 : cpu->seg_base[seg]));
}

/* Guest memory accesses: the address is the guest's, and one that is bad
 * (NULL included) is meant to fault in the host and come back as #PF, so
 * UBSan's null-pointer check (which would abort first) does not apply. */
#define GUEST_MEM __attribute__((no_sanitize("null")))

/* System mode (cpu->sys != NULL, xlate/mmu.c): every access goes through
 * the soft MMU. User mode pays one predictable branch per access. */
uint64_t x86_sys_read(struct x86_cpu *cpu, uint64_t la, unsigned size);
void x86_sys_write(struct x86_cpu *cpu, uint64_t la, unsigned size, uint64_t v);
void *x86_sys_ptr(struct x86_cpu *cpu, uint64_t la, unsigned size, bool write);
void x86_sys_probe(struct x86_cpu *cpu, uint64_t la, unsigned n, bool write);

/* A host pointer for size bytes at guest linear address la, that the
 * instruction will write (and may read). User mode: identity; a bad address
 * faults in the host and comes back as #PF. System mode: RAM directly, or a
 * buffer written back when the instruction completes (MMIO, a page-table
 * page, two pages that are not adjacent in RAM). */
static inline void *mem_ptr(struct x86_cpu *cpu, uint64_t la, unsigned size)
{
    if (__builtin_expect(cpu->sys != NULL, 0))
        return x86_sys_ptr(cpu, la, size, true);
    return (void *)(uintptr_t)la;
}

/* The same for an operand the instruction only reads. */
static inline const void *mem_ptr_ro(struct x86_cpu *cpu, uint64_t la, unsigned size)
{
    if (__builtin_expect(cpu->sys != NULL, 0))
        return x86_sys_ptr(cpu, la, size, false);
    return (const void *)(uintptr_t)la;
}

/* Touch an access of n bytes at la, and the first byte of the 4 KiB page it
 * runs into: a fault then reports the address the hardware would (the start
 * of the missing page), whatever order the host copy uses. */
GUEST_MEM static inline void mem_probe(struct x86_cpu *cpu, uint64_t la, unsigned n)
{
    if (__builtin_expect(cpu->sys != NULL, 0)) {
        x86_sys_probe(cpu, la, n, false);
        return;
    }
    (void)*(volatile const uint8_t *)(uintptr_t)la;
    if ((la & 4095) + n > 4096)
        (void)*(volatile const uint8_t *)(uintptr_t)((la | 4095) + 1);
}

/* The same for a write of n bytes (nothing is written). */
GUEST_MEM static inline void mem_probe_write(struct x86_cpu *cpu, uint64_t la, unsigned n)
{
    if (__builtin_expect(cpu->sys != NULL, 0)) {
        x86_sys_probe(cpu, la, n, true);
        return;
    }
    __atomic_fetch_or((volatile uint8_t *)(uintptr_t)la, 0, __ATOMIC_RELAXED);
    if ((la & 4095) + n > 4096)
        __atomic_fetch_or((volatile uint8_t *)(uintptr_t)((la | 4095) + 1), 0, __ATOMIC_RELAXED);
}

GUEST_MEM static inline uint64_t mem_read(struct x86_cpu *cpu, uint64_t la, unsigned size)
{
    if (__builtin_expect(cpu->sys != NULL, 0))
        return x86_sys_read(cpu, la, size);
    const void *p = (const void *)(uintptr_t)la;
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

GUEST_MEM static inline void mem_write(struct x86_cpu *cpu, uint64_t la, unsigned size, uint64_t v)
{
    if (__builtin_expect(cpu->sys != NULL, 0)) {
        x86_sys_write(cpu, la, size, v);
        return;
    }
    void *p = (void *)(uintptr_t)la;
    switch (size) {
    case 1: *(uint8_t *)p = (uint8_t)v; break;
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

/* ---- r/m operands ---- */

static inline uint64_t rm_read(struct x86_cpu *cpu, const struct x86_inst *d, unsigned size)
{
    if (d->mod == 3)
        return reg_get(cpu, d, d->rm, size);
    return mem_read(cpu, modrm_addr(cpu, d), size);
}

static inline void rm_write(struct x86_cpu *cpu, const struct x86_inst *d, unsigned size, uint64_t v)
{
    if (d->mod == 3)
        reg_set(cpu, d, d->rm, size, v);
    else
        mem_write(cpu, modrm_addr(cpu, d), size, v);
}

/* ---- stack ---- */

static inline unsigned stack_size(const struct x86_cpu *cpu)
{
    return cpu->mode == X86_MODE_64 ? 8 : cpu->mode == X86_MODE_32 ? 4 : 2;
}

static inline void push(struct x86_cpu *cpu, unsigned size, uint64_t v)
{
    uint64_t sp = cpu->r[RSP] - size;
    if (cpu->mode != X86_MODE_64)
        sp &= 0xffffffffull;
    mem_write(cpu, sp + (cpu->mode == X86_MODE_64 ? 0 : cpu->seg_base[SEG_SS]), size, v);
    if (cpu->mode == X86_MODE_64)
        cpu->r[RSP] = sp;
    else
        cpu->r[RSP] = (cpu->r[RSP] & ~0xffffffffull) | sp;
}

static inline uint64_t pop(struct x86_cpu *cpu, unsigned size)
{
    uint64_t sp = cpu->r[RSP];
    if (cpu->mode != X86_MODE_64)
        sp &= 0xffffffffull;
    uint64_t v = mem_read(cpu, sp + (cpu->mode == X86_MODE_64 ? 0 : cpu->seg_base[SEG_SS]), size);
    if (cpu->mode == X86_MODE_64)
        cpu->r[RSP] = sp + size;
    else
        cpu->r[RSP] = (cpu->r[RSP] & ~0xffffffffull) | ((sp + size) & 0xffffffffull);
    return v;
}

/* ---- lazy flags ---- */

static inline void set_lazy(struct x86_cpu *cpu, enum lazy_op op, unsigned size, uint64_t a, uint64_t b, uint64_t res)
{
    cpu->lazy_op = op;
    cpu->lazy_size = size;
    cpu->lazy_a = a;
    cpu->lazy_b = b;
    cpu->lazy_res = res;
}

/* CF alone, without materialising the other five flags (ADC, SBB, INC,
 * DEC, RCL/RCR read only the carry). Mirrors flags.c's rules per op. */
static inline bool get_cf(struct x86_cpu *cpu)
{
    uint64_t m = mask_of(cpu->lazy_size);
    uint64_t a = cpu->lazy_a & m, b = cpu->lazy_b & m, r = cpu->lazy_res & m;
    switch (cpu->lazy_op) {
    case LAZY_NONE: return cpu->flags & F_CF;
    case LAZY_ADD: return r < a;
    case LAZY_ADC: return cpu->lazy_cf ? r <= a : r < a;
    case LAZY_SUB: return a < b;
    case LAZY_SBB: return cpu->lazy_cf ? a <= b : a < b;
    case LAZY_LOGIC: return false;
    default: return cpu->lazy_cf & 1;   /* INC/DEC (kept CF), shifts, MUL/IMUL */
    }
}

/* Condition code cc (0-15) of materialised EFLAGS f. */
static inline bool cond_of_flags(uint64_t f, unsigned cc)
{
    bool r;
    switch (cc >> 1) {
    case 0: r = f & F_OF; break;
    case 1: r = f & F_CF; break;
    case 2: r = f & F_ZF; break;
    case 3: r = f & (F_CF | F_ZF); break;
    case 4: r = f & F_SF; break;
    case 5: r = f & F_PF; break;
    case 6: r = !(f & F_SF) != !(f & F_OF); break;
    default: r = (f & F_ZF) || (!(f & F_SF) != !(f & F_OF)); break;
    }
    return (cc & 1) ? !r : r;
}

/* Condition codes 0-15 (the low nibble of Jcc/SETcc/CMOVcc). */
static inline bool cond(struct x86_cpu *cpu, unsigned cc)
{
    /* Fast paths for the usual producers: no flag materialisation. */
    unsigned size = cpu->lazy_size;
    switch (cpu->lazy_op) {
    case LAZY_SUB: {
        uint64_t m = mask_of(size);
        uint64_t a = cpu->lazy_a & m, b = cpu->lazy_b & m;
        int64_t sa = sext(a, size), sb = sext(b, size);
        switch (cc) {
        case 2: return a < b;
        case 3: return a >= b;
        case 4: return a == b;
        case 5: return a != b;
        case 6: return a <= b;
        case 7: return a > b;
        case 12: return sa < sb;
        case 13: return sa >= sb;
        case 14: return sa <= sb;
        case 15: return sa > sb;
        }
        break;
    }
    case LAZY_LOGIC: {
        /* CF = OF = 0: B/BE/L/LE reduce to ZF and SF. */
        int64_t r = sext(cpu->lazy_res & mask_of(size), size);
        switch (cc) {
        case 0: case 2: return false;
        case 1: case 3: return true;
        case 4: case 6: return r == 0;
        case 5: case 7: return r != 0;
        case 8: case 12: return r < 0;
        case 9: case 13: return r >= 0;
        case 14: return r <= 0;
        case 15: return r > 0;
        }
        break;
    }
    case LAZY_ADD: case LAZY_INC: case LAZY_DEC: {
        int64_t r = sext(cpu->lazy_res & mask_of(size), size);
        switch (cc) {
        case 4: return r == 0;
        case 5: return r != 0;
        case 8: return r < 0;
        case 9: return r >= 0;
        }
        break;
    }
    }
    return cond_of_flags(x86_get_flags(cpu), cc);
}

/* Operand size of a byte-or-full-size opcode pair (even opcode: byte). */
static inline unsigned opsize_bw(const struct x86_inst *d)
{
    return (d->opcode & 1) ? d->osize : 1;
}

#endif
