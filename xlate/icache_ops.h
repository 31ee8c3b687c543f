/*
 * icache_ops.h - what the specialised handlers of icache_ops.c (integer
 * ALU and moves), icache_ctl.c (conditions, branches, the stack) and
 * icache_simd.c (SSE2 integer and moves) share: finding the cache entry
 * from the x86_inst, the threaded dispatch to the next instruction, the
 * precomputed memory address, fixed-size operand access and inlined
 * condition codes.
 *
 * A specialised handler must behave exactly as the generic handler it
 * replaces: the differential CPU test (tests/unit/test_cpu) runs through
 * them. Guest memory is reached only through interp.h's mem_read/mem_write/
 * mem_ptr, so that system mode could use these handlers later.
 */
#ifndef MIMIC_XLATE_ICACHE_OPS_H
#define MIMIC_XLATE_ICACHE_OPS_H

#include "xlate/icache.h"

#include <stddef.h>

/* Threaded dispatch needs the handlers' calls of the next handler to be
 * jumps (GCC does that from -O2; ask for it at -O1 too). interp.c bounds
 * the chain where it cannot count on it. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE__)
#pragma GCC optimize("optimize-sibling-calls")
#endif

#define ENTRY(d) ((const struct icache_entry *)(const void *)((const char *)(d) - offsetof(struct icache_entry, d)))

/* Threaded dispatch (see icache.h): every handler here ends by running the
 * next instruction's handler, when it hits in the cache, as a tail call
 * (one indirect jump per instruction, each predicted on its own, instead of
 * a return to the loop and one shared indirect call). A miss or an
 * exhausted chain returns to the loop of interp.c, which decodes, counts
 * and checks the budget; a generic handler at the end of a chain returns
 * its exit straight to the loop. Compilers that do not turn this call into
 * a jump only use more stack: the chain is bounded (CHAIN_MAX). */
static inline __attribute__((always_inline)) enum x86_exit next(struct x86_cpu *cpu)
{
    struct icache_run *run = &icache_run;
    uint64_t chain = run->chain;
    if (__builtin_expect(chain == 0, 0))
        return EXIT_NONE;
    uint64_t rip = cpu->rip;
    const struct icache_entry *e = icache_slot(run->table, rip);
    if (__builtin_expect(e->tag != (rip | run->mode_tag), 0) || __builtin_expect(!icache_valid(e, rip), 0))
        return EXIT_NONE;
    run->chain = chain - 1;
    x86_insn_rip = rip;
    cpu->rip = e->next;
    return e->h(cpu, &e->d);
}

static inline uint64_t ea_of(const struct x86_cpu *cpu, const struct icache_entry *e)
{
    uint64_t a = e->ea_disp + (cpu->r[e->ea_base] & -(uint64_t)e->ea_has_base) +
                 ((cpu->r[e->ea_index] & -(uint64_t)e->ea_has_index) << e->d.scale);
    if (e->ea_seg != SEG_NONE)
        a += cpu->seg_base[e->ea_seg];
    return e->ea_asize == 8 ? a : a & mask_of(e->ea_asize);
}

/* Address kinds with a shorter computation than ea_of's, for the most
 * frequent memory handlers (a variant each): in 64-bit mode without a
 * segment override or address-size prefix, [base + disp], an absolute or
 * RIP-relative address (folded into ea_disp at fill) and [base + index *
 * scale + disp]; in 32-bit mode with 32-bit addressing, the same plus the
 * segment's base, wrapped at 4 GiB. Valid after icache_prepare_ea. */
enum { EA_ANY, EA_BASE, EA_ABS, EA_BIS, EA_BASE32, EA_ABS32, EA_BIS32, EA_KINDS };

static inline int ea_kind(const struct icache_entry *e, enum x86_mode mode)
{
    int k;
    if (e->ea_has_index)
        k = e->ea_has_base ? EA_BIS : EA_ANY;
    else
        k = e->ea_has_base ? EA_BASE : EA_ABS;
    if (k == EA_ANY)
        return EA_ANY;
    if (mode == X86_MODE_64 && e->ea_seg == SEG_NONE && e->ea_asize == 8)
        return k;
    if (mode == X86_MODE_32 && e->ea_seg != SEG_NONE && e->ea_asize == 4)
        return k + (EA_BASE32 - EA_BASE);
    return EA_ANY;
}

static inline __attribute__((always_inline)) uint64_t ea_k(const struct x86_cpu *cpu, const struct icache_entry *e,
                                                           int kind)
{
    uint64_t a = e->ea_disp;
    switch (kind) {
    case EA_BASE: return a + cpu->r[e->ea_base];
    case EA_ABS: return a;
    case EA_BIS: return a + cpu->r[e->ea_base] + (cpu->r[e->ea_index] << e->d.scale);
    case EA_BASE32: return (uint32_t)(a + cpu->r[e->ea_base] + cpu->seg_base[e->ea_seg]);
    case EA_ABS32: return (uint32_t)(a + cpu->seg_base[e->ea_seg]);
    case EA_BIS32:
        return (uint32_t)(a + cpu->r[e->ea_base] + (cpu->r[e->ea_index] << e->d.scale) + cpu->seg_base[e->ea_seg]);
    default: return ea_of(cpu, e);
    }
}

/* Guest memory and registers at a size fixed per handler (1, 2, 4 or 8):
 * the switches fold away. Byte registers here are never AH-BH (the
 * selection leaves those to the generic handlers). */
static inline uint64_t ld(struct x86_cpu *cpu, uint64_t la, unsigned size)
{
    return mem_read(cpu, la, size);
}

static inline void st(struct x86_cpu *cpu, uint64_t la, unsigned size, uint64_t v)
{
    mem_write(cpu, la, size, v);
}

static inline uint64_t rd(const struct x86_cpu *cpu, unsigned reg, unsigned size)
{
    return cpu->r[reg] & mask_of(size);
}

static inline void wr(struct x86_cpu *cpu, unsigned reg, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: cpu->r[reg] = (cpu->r[reg] & ~0xffull) | (v & 0xff); break;
    case 2: cpu->r[reg] = (cpu->r[reg] & ~0xffffull) | (v & 0xffff); break;
    case 4: cpu->r[reg] = (uint32_t)v; break;   /* 32-bit writes zero the upper half */
    default: cpu->r[reg] = v; break;
    }
}

/* Around the read of a read-modify-write operand (see x86_rmw): the
 * barriers keep the compiler from moving the flag past the guest access
 * that may fault. */
static inline void rmw_begin(bool w)
{
    x86_rmw = w;
    __asm__ volatile("" ::: "memory");
}

static inline void rmw_end(void)
{
    __asm__ volatile("" ::: "memory");
    x86_rmw = false;
}

/* ---- conditions ---- */

/* cond(), out of line (icache_ctl.c) */
bool icache_slow_cond(struct x86_cpu *cpu, unsigned cc);

/* cond() for a condition fixed per handler, inlined: the usual producers
 * (CMP/SUB, TEST/logic, ADD, INC/DEC, shifts) answer without materialising
 * EFLAGS. Shifting the recorded values left by 64 - 8 * size drops the bits
 * above the operand size and keeps both the unsigned and the signed order,
 * so no mask or sign extension is needed. ZF and SF are those of lazy_res
 * for every lazy op (flags.c). */
static inline __attribute__((always_inline)) bool fast_cond(struct x86_cpu *cpu, unsigned cc)
{
    /* & 63: lazy_size is meaningless (maybe 0) when op is LAZY_NONE */
    unsigned op = cpu->lazy_op, sh = (64 - 8u * cpu->lazy_size) & 63;
    uint64_t r = cpu->lazy_res << sh;
    if (op == LAZY_SUB) {
        uint64_t a = cpu->lazy_a << sh, b = cpu->lazy_b << sh;
        switch (cc) {
        case 2: return a < b;
        case 3: return a >= b;
        case 4: return a == b;
        case 5: return a != b;
        case 6: return a <= b;
        case 7: return a > b;
        case 8: return (int64_t)r < 0;
        case 9: return (int64_t)r >= 0;
        case 12: return (int64_t)a < (int64_t)b;
        case 13: return (int64_t)a >= (int64_t)b;
        case 14: return (int64_t)a <= (int64_t)b;
        case 15: return (int64_t)a > (int64_t)b;
        }
        return icache_slow_cond(cpu, cc);
    }
    if (op == LAZY_LOGIC) {   /* CF = OF = 0 */
        switch (cc) {
        case 0: case 2: return false;
        case 1: case 3: return true;
        case 4: case 6: return r == 0;
        case 5: case 7: return r != 0;
        case 8: case 12: return (int64_t)r < 0;
        case 9: case 13: return (int64_t)r >= 0;
        case 14: return (int64_t)r <= 0;
        case 15: return (int64_t)r > 0;
        }
        return icache_slow_cond(cpu, cc);
    }
    if (op == LAZY_NONE)   /* EFLAGS as they are (after POPF, BT, ROL ...) */
        return cond_of_flags(cpu->flags, cc);
    switch (cc) {
    case 4: return r == 0;
    case 5: return r != 0;
    case 8: return (int64_t)r < 0;
    case 9: return (int64_t)r >= 0;
    case 2: case 3: case 6: case 7: {
        /* CF as get_cf() has it: ADD's from the operands, INC/DEC, shifts
         * and MUL/IMUL's recorded (ADC/SBB: out of line) */
        if (op == LAZY_ADC || op == LAZY_SBB)
            break;
        bool cf = op == LAZY_ADD ? r < cpu->lazy_a << sh : cpu->lazy_cf & 1;
        switch (cc) {
        case 2: return cf;
        case 3: return !cf;
        case 6: return cf || r == 0;
        default: return !cf && r != 0;
        }
    }
    }
    return icache_slow_cond(cpu, cc);
}

/* ---- ALU ops: compute, record lazy flags, return the result ---- */

/* Each operand is evaluated once (it may be a guest memory read). ADC/SBB
 * read CF first, as alu() does. */
#define OP_LAZY(a, b, S, LOP, EXPR) \
    ({ uint64_t a_ = (a), b_ = (b), r_ = (EXPR); set_lazy(cpu, LOP, S, a_, b_, r_); r_; })
#define OP_ADD(a, b, S) OP_LAZY(a, b, S, LAZY_ADD, a_ + b_)
#define OP_SUB(a, b, S) OP_LAZY(a, b, S, LAZY_SUB, a_ - b_)
#define OP_AND(a, b, S) OP_LAZY(a, b, S, LAZY_LOGIC, a_ & b_)
#define OP_OR(a, b, S)  OP_LAZY(a, b, S, LAZY_LOGIC, a_ | b_)
#define OP_XOR(a, b, S) OP_LAZY(a, b, S, LAZY_LOGIC, a_ ^ b_)
#define OP_ADC(a, b, S) \
    ({ uint64_t a_ = (a), b_ = (b), c_ = get_cf(cpu), r_ = a_ + b_ + c_;            \
       set_lazy(cpu, LAZY_ADC, S, a_, b_, r_); cpu->lazy_cf = c_; r_; })
#define OP_SBB(a, b, S) \
    ({ uint64_t a_ = (a), b_ = (b), c_ = get_cf(cpu), r_ = a_ - b_ - c_;            \
       set_lazy(cpu, LAZY_SBB, S, a_, b_, r_); cpu->lazy_cf = c_; r_; })

/* Selection (icache_ops.c calls the others): a specialised handler for
 * e's instruction, or NULL. prepare_ea fills the address fields and says
 * whether the fast address computation reproduces the instruction's. */
bool icache_prepare_ea(struct icache_entry *e, uint64_t rip, enum x86_mode mode, bool lea);
uint64_t icache_branch_target(const struct icache_entry *e, uint64_t rip, enum x86_mode mode);
x86_handler icache_select_ctl(struct icache_entry *e, uint64_t rip, enum x86_mode mode);
x86_handler icache_select_simd(struct icache_entry *e, uint64_t rip, enum x86_mode mode);
/* A CMP/TEST whose handler is h, followed by a Jcc: the fused handler, or h. */
x86_handler icache_fuse(struct icache_entry *e, uint64_t rip, enum x86_mode mode, x86_handler h);

#endif
