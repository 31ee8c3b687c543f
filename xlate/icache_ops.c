/*
 * icache_ops.c - handlers specialised when an instruction enters the
 * decoded-instruction cache (icache.h): the most frequent integer forms
 * (MOV, the ALU ops, TEST, LEA, MOVSXD, MOVZX, Jcc/JMP/CALL/RET, PUSH/POP)
 * with their operand size (4 or 8) and register/memory form fixed, the
 * memory operand's address computed without branches from precomputed
 * fields, and branch targets computed once. Everything else, and every
 * unusual variant (byte/word sizes, LOCK, 16-bit addressing, address-size
 * overrides in 64-bit mode), keeps its generic handler from interp.c.
 *
 * A specialised handler finds its cache entry from the x86_inst it is given
 * (the x86_inst is always the one inside an entry, see x86_run), and must
 * behave exactly as the generic handler: the differential CPU test
 * (tests/unit/test_cpu) runs through them.
 */
#include "xlate/icache.h"

#include <stddef.h>

#define ENTRY(d) ((const struct icache_entry *)(const void *)((const char *)(d) - offsetof(struct icache_entry, d)))

/* Defined here, where the handlers use it on every instruction, so that
 * access is one %fs-relative load (local-exec TLS). */
__thread struct icache_run icache_run;

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

/* Guest memory and registers at a size fixed per handler (1, 2, 4 or 8):
 * the switches fold away. Byte registers here are never AH-BH (the
 * selection leaves those to the generic handlers). */
static inline uint64_t ld(uint64_t la, unsigned size)
{
    const void *p = (const void *)(uintptr_t)la;
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void st(uint64_t la, unsigned size, uint64_t v)
{
    void *p = (void *)(uintptr_t)la;
    switch (size) {
    case 1: *(uint8_t *)p = (uint8_t)v; break;
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
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

/* ---- ALU ops: compute, record lazy flags, return the result ---- */

#define OP_ADD(a, b, S) ({ uint64_t r_ = (a) + (b); set_lazy(cpu, LAZY_ADD, S, a, b, r_); r_; })
#define OP_SUB(a, b, S) ({ uint64_t r_ = (a) - (b); set_lazy(cpu, LAZY_SUB, S, a, b, r_); r_; })
#define OP_AND(a, b, S) ({ uint64_t r_ = (a) & (b); set_lazy(cpu, LAZY_LOGIC, S, a, b, r_); r_; })
#define OP_OR(a, b, S)  ({ uint64_t r_ = (a) | (b); set_lazy(cpu, LAZY_LOGIC, S, a, b, r_); r_; })
#define OP_XOR(a, b, S) ({ uint64_t r_ = (a) ^ (b); set_lazy(cpu, LAZY_LOGIC, S, a, b, r_); r_; })

/* Six forms per op and size: r/m,reg (register), reg,r/m (register),
 * mem,reg, reg,mem, r/m,imm (register), mem,imm. W: whether the result is
 * written (not for CMP/TEST). */
#define ALU_FORMS(name, OP, W, S)                                                          \
    static HANDLER(name##_rr##S)                                                          \
    {                                                                                     \
        uint64_t r = OP(rd(cpu, d->rm, S), rd(cpu, d->reg, S), S);                        \
        if (W) wr(cpu, d->rm, S, r);                                                      \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_rrl##S)                                                         \
    {                                                                                     \
        uint64_t r = OP(rd(cpu, d->reg, S), rd(cpu, d->rm, S), S);                        \
        if (W) wr(cpu, d->reg, S, r);                                                     \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_mr##S)                                                          \
    {                                                                                     \
        uint64_t la = ea_of(cpu, ENTRY(d));                                               \
        rmw_begin(W);                                                                     \
        uint64_t r = OP(ld(la, S), rd(cpu, d->reg, S), S);                                \
        if (W) st(la, S, r);                                                              \
        rmw_end();                                                                        \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_rm##S)                                                          \
    {                                                                                     \
        uint64_t v = ld(ea_of(cpu, ENTRY(d)), S);                                         \
        uint64_t r = OP(rd(cpu, d->reg, S), v, S);                                        \
        if (W) wr(cpu, d->reg, S, r);                                                     \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_ri##S)                                                          \
    {                                                                                     \
        uint64_t r = OP(rd(cpu, d->rm, S), ENTRY(d)->target, S);                          \
        if (W) wr(cpu, d->rm, S, r);                                                      \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_ai##S)                                                          \
    {                                                                                     \
        uint64_t r = OP(rd(cpu, RAX, S), ENTRY(d)->target, S);                            \
        if (W) wr(cpu, RAX, S, r);                                                        \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_mi##S)                                                          \
    {                                                                                     \
        const struct icache_entry *e = ENTRY(d);                                          \
        uint64_t la = ea_of(cpu, e);                                                      \
        rmw_begin(W);                                                                     \
        uint64_t r = OP(ld(la, S), e->target, S);                                         \
        if (W) st(la, S, r);                                                              \
        rmw_end();                                                                        \
        return next(cpu);                                                                 \
    }

#define ALU_BOTH(name, OP, W) \
    ALU_FORMS(name, OP, W, 1) ALU_FORMS(name, OP, W, 2) ALU_FORMS(name, OP, W, 4) ALU_FORMS(name, OP, W, 8)
ALU_BOTH(add, OP_ADD, true)
ALU_BOTH(or, OP_OR, true)
ALU_BOTH(and, OP_AND, true)
ALU_BOTH(sub, OP_SUB, true)
ALU_BOTH(xor, OP_XOR, true)
ALU_BOTH(cmp, OP_SUB, false)
ALU_BOTH(test, OP_AND, false)

#define ALU_FORM_ROW(name, S) \
    { name##_rr##S, name##_rrl##S, name##_mr##S, name##_rm##S, name##_ri##S, name##_mi##S, name##_ai##S }
#define ALU_TABLE(name) { ALU_FORM_ROW(name, 1), ALU_FORM_ROW(name, 2), ALU_FORM_ROW(name, 4), ALU_FORM_ROW(name, 8) }
enum { F_RR, F_RRL, F_MR, F_RM, F_RI, F_MI, F_AI };
/* [alu op (ModRM.reg numbering: ADD OR ADC SBB AND SUB XOR CMP)][size 1/2/4/8][form]; NULL: generic */
static const x86_handler alu_tab[8][4][7] = {
    ALU_TABLE(add), ALU_TABLE(or), { { 0 } } /* ADC */, { { 0 } } /* SBB */,
    ALU_TABLE(and), ALU_TABLE(sub), ALU_TABLE(xor), ALU_TABLE(cmp),
};
static const x86_handler test_tab[4][7] = ALU_TABLE(test);

/* ---- moves ---- */

#define MOV_FORMS(S)                                                                      \
    static HANDLER(mov_rr##S) { wr(cpu, d->rm, S, rd(cpu, d->reg, S)); return next(cpu); }   \
    static HANDLER(mov_rrl##S) { wr(cpu, d->reg, S, rd(cpu, d->rm, S)); return next(cpu); }  \
    static HANDLER(mov_st##S) { st(ea_of(cpu, ENTRY(d)), S, rd(cpu, d->reg, S)); return next(cpu); } \
    static HANDLER(mov_ld##S) { wr(cpu, d->reg, S, ld(ea_of(cpu, ENTRY(d)), S)); return next(cpu); } \
    static HANDLER(mov_sti##S)                                                            \
    {                                                                                     \
        const struct icache_entry *e = ENTRY(d);                                          \
        st(ea_of(cpu, e), S, e->target);                                                  \
        return next(cpu);                                                                 \
    }
MOV_FORMS(1)
MOV_FORMS(2)
MOV_FORMS(4)
MOV_FORMS(8)
static HANDLER(lea2) { wr(cpu, d->reg, 2, ea_of(cpu, ENTRY(d))); return next(cpu); }
static HANDLER(lea4) { wr(cpu, d->reg, 4, ea_of(cpu, ENTRY(d))); return next(cpu); }
static HANDLER(lea8) { wr(cpu, d->reg, 8, ea_of(cpu, ENTRY(d))); return next(cpu); }

static const x86_handler mov_tab[4][5] = {
    { mov_rr1, mov_rrl1, mov_st1, mov_ld1, mov_sti1 }, { mov_rr2, mov_rrl2, mov_st2, mov_ld2, mov_sti2 },
    { mov_rr4, mov_rrl4, mov_st4, mov_ld4, mov_sti4 }, { mov_rr8, mov_rrl8, mov_st8, mov_ld8, mov_sti8 },
};

static HANDLER(movsxd_r) { cpu->r[d->reg] = (uint64_t)(int64_t)(int32_t)cpu->r[d->rm]; return next(cpu); }
static HANDLER(movsxd_m)
{
    cpu->r[d->reg] = (uint64_t)(int64_t)(int32_t)ld(ea_of(cpu, ENTRY(d)), 4);
    return next(cpu);
}

/* MOVZX r32/r64, m8/m16 (the destination's upper half is zeroed either way) */
static HANDLER(movzx_m8) { cpu->r[d->reg] = *(const uint8_t *)(uintptr_t)ea_of(cpu, ENTRY(d)); return next(cpu); }
static HANDLER(movzx_m16)
{
    uint16_t v;
    memcpy(&v, (const void *)(uintptr_t)ea_of(cpu, ENTRY(d)), 2);
    cpu->r[d->reg] = v;
    return next(cpu);
}

/* MOVZX/MOVSX r32/r64, r8/r16 (no AH-CH-DH-BH source: the caller checks) */
static HANDLER(movzx_r8) { cpu->r[d->reg] = (uint8_t)cpu->r[d->rm]; return next(cpu); }
static HANDLER(movzx_r16) { cpu->r[d->reg] = (uint16_t)cpu->r[d->rm]; return next(cpu); }
#define MOVSX_FORMS(S)                                                                    \
    static HANDLER(movsx_r8_##S) { wr(cpu, d->reg, S, (uint64_t)(int64_t)(int8_t)cpu->r[d->rm]); return next(cpu); } \
    static HANDLER(movsx_r16_##S) { wr(cpu, d->reg, S, (uint64_t)(int64_t)(int16_t)cpu->r[d->rm]); return next(cpu); } \
    static HANDLER(movsx_m8_##S)                                                          \
    {                                                                                     \
        wr(cpu, d->reg, S, (uint64_t)(int64_t)*(const int8_t *)(uintptr_t)ea_of(cpu, ENTRY(d))); \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(movsx_m16_##S)                                                         \
    {                                                                                     \
        int16_t v;                                                                        \
        memcpy(&v, (const void *)(uintptr_t)ea_of(cpu, ENTRY(d)), 2);                     \
        wr(cpu, d->reg, S, (uint64_t)(int64_t)v);                                         \
        return next(cpu);                                                                 \
    }
MOVSX_FORMS(4)
MOVSX_FORMS(8)

/* MOV r, imm (B8-BF): the immediate is precomputed (zero-extended for 32 bits). */
static HANDLER(mov_ri)
{
    cpu->r[(d->opcode & 7) | (d->rex & 1 ? 8 : 0)] = ENTRY(d)->target;
    return next(cpu);
}

/* CMOVcc: the source is read either way; a 32-bit destination is
 * zero-extended even when the condition is false. */
#define CMOV_FORMS(S)                                                                     \
    static HANDLER(cmov_r##S)                                                             \
    {                                                                                     \
        uint64_t v = cpu->r[d->rm];                                                       \
        wr(cpu, d->reg, S, cond(cpu, d->opcode & 15) ? v : cpu->r[d->reg]);               \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(cmov_m##S)                                                             \
    {                                                                                     \
        uint64_t v = ld(ea_of(cpu, ENTRY(d)), S);                                         \
        wr(cpu, d->reg, S, cond(cpu, d->opcode & 15) ? v : cpu->r[d->reg]);               \
        return next(cpu);                                                                 \
    }
CMOV_FORMS(4)
CMOV_FORMS(8)

/* SHL/SHR/SAR r, imm8 or 1 with a non-zero masked count (in target):
 * flags as op_grp2 records them. */
#define SHIFT_FORMS(S)                                                                    \
    static HANDLER(shl_ri##S)                                                             \
    {                                                                                     \
        unsigned c = (unsigned)ENTRY(d)->target;                                          \
        uint64_t a = rd(cpu, d->rm, S), r = (a << c) & mask_of(S);                        \
        set_lazy(cpu, LAZY_SHL, S, a, c, r);                                              \
        cpu->lazy_cf = (a >> (S * 8 - c)) & 1;                                            \
        wr(cpu, d->rm, S, r);                                                             \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(shr_ri##S)                                                             \
    {                                                                                     \
        unsigned c = (unsigned)ENTRY(d)->target;                                          \
        uint64_t a = rd(cpu, d->rm, S), r = a >> c;                                       \
        set_lazy(cpu, LAZY_SHR, S, a, c, r);                                              \
        cpu->lazy_cf = (a >> (c - 1)) & 1;                                                \
        wr(cpu, d->rm, S, r);                                                             \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(sar_ri##S)                                                             \
    {                                                                                     \
        unsigned c = (unsigned)ENTRY(d)->target;                                          \
        uint64_t a = rd(cpu, d->rm, S);                                                   \
        int64_t sa = sext(a, S);                                                          \
        uint64_t r = (uint64_t)(sa >> c) & mask_of(S);                                    \
        set_lazy(cpu, LAZY_SAR, S, a, c, r);                                              \
        cpu->lazy_cf = (uint64_t)(sa >> (c - 1)) & 1;                                     \
        wr(cpu, d->rm, S, r);                                                             \
        return next(cpu);                                                                 \
    }
SHIFT_FORMS(4)
SHIFT_FORMS(8)

/* IMUL r, r/m (0F AF) and IMUL r, r/m, imm (69/6B; imm in target). */
static inline void imul_done(struct x86_cpu *cpu, const struct x86_inst *d, unsigned size, int64_t a, int64_t b)
{
    __int128 p = (__int128)a * b;
    uint64_t lo = (uint64_t)p & mask_of(size);
    wr(cpu, d->reg, size, lo);
    set_lazy(cpu, LAZY_IMUL, size, (uint64_t)a, (uint64_t)b, lo);
    cpu->lazy_cf = p != (__int128)sext(lo, size);
}
#define IMUL_FORMS(S)                                                                     \
    static HANDLER(imul_rr##S)                                                            \
    {                                                                                     \
        imul_done(cpu, d, S, sext(rd(cpu, d->rm, S), S), sext(rd(cpu, d->reg, S), S));    \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(imul_rm##S)                                                            \
    {                                                                                     \
        uint64_t v = ld(ea_of(cpu, ENTRY(d)), S);                                         \
        imul_done(cpu, d, S, sext(v, S), sext(rd(cpu, d->reg, S), S));                    \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(imul_rri##S)                                                           \
    {                                                                                     \
        imul_done(cpu, d, S, sext(rd(cpu, d->rm, S), S), (int64_t)ENTRY(d)->target);      \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(imul_rmi##S)                                                           \
    {                                                                                     \
        const struct icache_entry *e = ENTRY(d);                                          \
        imul_done(cpu, d, S, sext(ld(ea_of(cpu, e), S), S), (int64_t)e->target);          \
        return next(cpu);                                                                 \
    }
IMUL_FORMS(4)
IMUL_FORMS(8)

/* ---- control flow ---- */

/* One Jcc handler per condition: cond() folds to the one test. */
#define JCC(cc)                                                                           \
    static HANDLER(jcc_##cc)                                                              \
    {                                                                                     \
        if (cond(cpu, cc))                                                                \
            cpu->rip = ENTRY(d)->target;                                                  \
        return next(cpu);                                                                 \
    }
JCC(0) JCC(1) JCC(2) JCC(3) JCC(4) JCC(5) JCC(6) JCC(7)
JCC(8) JCC(9) JCC(10) JCC(11) JCC(12) JCC(13) JCC(14) JCC(15)
static const x86_handler jcc_tab[16] = {
    jcc_0, jcc_1, jcc_2, jcc_3, jcc_4, jcc_5, jcc_6, jcc_7,
    jcc_8, jcc_9, jcc_10, jcc_11, jcc_12, jcc_13, jcc_14, jcc_15,
};

static HANDLER(jmp_fast)
{
    cpu->rip = ENTRY(d)->target;
    return next(cpu);
}

/* 64-bit mode only: 8-byte stack slots, no SS base. */
static HANDLER(call64)
{
    uint64_t sp = cpu->r[RSP] - 8;
    st(sp, 8, cpu->rip);
    cpu->r[RSP] = sp;
    cpu->rip = ENTRY(d)->target;
    return next(cpu);
}

/* FF /2 and FF /4 in 64-bit mode: CALL/JMP r/m64 */
static HANDLER(call_ind_r64)
{
    uint64_t target = cpu->r[d->rm], sp = cpu->r[RSP] - 8;
    st(sp, 8, cpu->rip);
    cpu->r[RSP] = sp;
    cpu->rip = target;
    return next(cpu);
}

static HANDLER(call_ind_m64)
{
    uint64_t target = ld(ea_of(cpu, ENTRY(d)), 8), sp = cpu->r[RSP] - 8;
    st(sp, 8, cpu->rip);
    cpu->r[RSP] = sp;
    cpu->rip = target;
    return next(cpu);
}

static HANDLER(jmp_ind_r64) { cpu->rip = cpu->r[d->rm]; return next(cpu); }
static HANDLER(jmp_ind_m64) { cpu->rip = ld(ea_of(cpu, ENTRY(d)), 8); return next(cpu); }

/* 32-bit mode, 32-bit operand size: the stack through SS, ESP wrapping at 4 GiB
 * (as push()/pop() in interp.h). */
static inline void push32(struct x86_cpu *cpu, uint32_t v)
{
    uint64_t sp = (cpu->r[RSP] - 4) & 0xffffffffull;
    st(sp + cpu->seg_base[SEG_SS], 4, v);
    cpu->r[RSP] = (cpu->r[RSP] & ~0xffffffffull) | sp;
}

static inline uint32_t pop32(struct x86_cpu *cpu)
{
    uint64_t sp = cpu->r[RSP] & 0xffffffffull;
    uint32_t v = (uint32_t)ld(sp + cpu->seg_base[SEG_SS], 4);
    cpu->r[RSP] = (cpu->r[RSP] & ~0xffffffffull) | ((sp + 4) & 0xffffffffull);
    return v;
}

static HANDLER(push32_r) { push32(cpu, (uint32_t)cpu->r[d->opcode & 7]); return next(cpu); }
static HANDLER(pop32_r)
{
    uint32_t v = pop32(cpu);
    cpu->r[d->opcode & 7] = v;   /* after the ESP update, as op_pop_r */
    return next(cpu);
}
static HANDLER(call32)
{
    push32(cpu, (uint32_t)cpu->rip);
    cpu->rip = ENTRY(d)->target;
    return next(cpu);
}
static HANDLER(ret32) { cpu->rip = pop32(cpu); return next(cpu); }

static HANDLER(ret64)
{
    uint64_t sp = cpu->r[RSP];
    cpu->rip = ld(sp, 8);
    cpu->r[RSP] = sp + 8;
    return next(cpu);
}

static HANDLER(push64)
{
    uint64_t v = cpu->r[(d->opcode & 7) | (d->rex & 1 ? 8 : 0)];
    uint64_t sp = cpu->r[RSP] - 8;
    st(sp, 8, v);
    cpu->r[RSP] = sp;
    return next(cpu);
}

static HANDLER(pop64)
{
    uint64_t sp = cpu->r[RSP];
    uint64_t v = ld(sp, 8);
    cpu->r[RSP] = sp + 8;
    cpu->r[(d->opcode & 7) | (d->rex & 1 ? 8 : 0)] = v;   /* after the RSP update: POP RSP loads the value */
    return next(cpu);
}

/* ---- selection ---- */

/* A direct branch's target, wrapped as the generic jump() does. */
static uint64_t branch_target(const struct icache_entry *e, uint64_t rip, enum x86_mode mode)
{
    const struct x86_inst *d = &e->d;
    uint64_t next = rip + d->len;
    if (mode != X86_MODE_64)
        next &= 0xffffffffull;
    uint64_t t = next + (uint64_t)sext(d->imm, d->imm_size);
    if (mode == X86_MODE_64)
        return t;
    return d->osize == 2 ? t & 0xffff : t & 0xffffffffull;
}

/* Fill the address fields; false when the memory form is not one the
 * fast address computation reproduces exactly. */
static bool prepare_ea(struct icache_entry *e, uint64_t rip, enum x86_mode mode, bool lea)
{
    const struct x86_inst *d = &e->d;
    e->ea_base = d->base >= 0 ? (uint8_t)d->base : 0;
    e->ea_has_base = d->base >= 0;
    e->ea_index = d->index >= 0 ? (uint8_t)d->index : 0;
    e->ea_has_index = d->index >= 0;
    e->ea_disp = (uint64_t)d->disp + (d->rip_relative ? rip + d->len : 0);
    if (lea) {
        /* LEA: the offset only, truncated to the address size. */
        e->ea_seg = SEG_NONE;
        e->ea_asize = d->asize;
        return true;
    }
    if (mode == X86_MODE_64 && d->asize == 8) {
        e->ea_seg = d->seg;   /* as modrm_addr: an override adds that base */
        e->ea_asize = 8;
        return true;
    }
    if (mode == X86_MODE_32 && d->asize == 4 && !d->rip_relative) {
        e->ea_seg = d->seg != SEG_NONE ? d->seg : (d->base == RSP || d->base == RBP) ? SEG_SS : SEG_DS;
        e->ea_asize = 4;   /* linear addresses wrap at 4 GiB */
        return true;
    }
    return false;
}

x86_handler icache_specialise(struct icache_entry *e, uint64_t rip, enum x86_mode mode, x86_handler generic)
{
    const struct x86_inst *d = &e->d;
    if (d->map > MAP_0F || (d->prefixes & (PFX_LOCK | PFX_VEX)))
        return generic;
    unsigned op = d->opcode;
    bool reg = d->has_modrm && d->mod == 3;
    unsigned sz = d->osize == 8 ? 1 : 0;
    bool full = d->osize == 4 || d->osize == 8;

    if (d->map == MAP_0F) {
        if (op >= 0x80 && op <= 0x8f)
            goto jcc;
        /* byte registers 4-7 without REX are AH-BH: generic */
        bool hi8 = reg && !d->rex && d->rm >= 4 && d->rm < 8;
        if ((op == 0xb6 || op == 0xb7) && full) {
            if (reg)
                return op == 0xb7 ? movzx_r16 : hi8 ? generic : movzx_r8;
            if (prepare_ea(e, rip, mode, false))
                return op == 0xb6 ? movzx_m8 : movzx_m16;
            return generic;
        }
        if ((op == 0xbe || op == 0xbf) && full) {
            if (reg) {
                if (op == 0xbf)
                    return sz ? movsx_r16_8 : movsx_r16_4;
                return hi8 ? generic : sz ? movsx_r8_8 : movsx_r8_4;
            }
            if (!prepare_ea(e, rip, mode, false))
                return generic;
            return op == 0xbe ? (sz ? movsx_m8_8 : movsx_m8_4) : (sz ? movsx_m16_8 : movsx_m16_4);
        }
        if (op >= 0x40 && op <= 0x4f && full) {
            if (reg)
                return sz ? cmov_r8 : cmov_r4;
            return prepare_ea(e, rip, mode, false) ? (sz ? cmov_m8 : cmov_m4) : generic;
        }
        if (op == 0xaf && full) {
            if (reg)
                return sz ? imul_rr8 : imul_rr4;
            return prepare_ea(e, rip, mode, false) ? (sz ? imul_rm8 : imul_rm4) : generic;
        }
        return generic;
    }
    /* ALU, TEST, MOV: byte forms (even opcodes) and 16/32/64-bit ones. */
    unsigned bsize = (op & 1) ? d->osize : 1;
    unsigned si = bsize == 1 ? 0 : bsize == 2 ? 1 : bsize == 4 ? 2 : 3;
    /* a byte register operand 4-7 without REX is AH-BH: generic */
    bool reg_hi8 = bsize == 1 && !d->rex && d->reg >= 4 && d->reg < 8;
    bool rm_hi8 = bsize == 1 && reg && !d->rex && d->rm >= 4 && d->rm < 8;
    if (op < 0x40 && (op & 7) <= 5) {
        const x86_handler *t = alu_tab[op >> 3][si];
        if (!t[0])
            return generic;
        if ((op & 7) >= 4) {
            e->target = bsize == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm & mask_of(bsize);
            return t[F_AI];
        }
        if (reg_hi8 || rm_hi8)
            return generic;
        if (reg)
            return t[(op & 2) ? F_RRL : F_RR];
        return prepare_ea(e, rip, mode, false) ? t[(op & 2) ? F_RM : F_MR] : generic;
    }
    if (op == 0x80 || op == 0x81 || op == 0x83) {
        const x86_handler *t = alu_tab[(d->modrm >> 3) & 7][si];
        if (!t[0] || rm_hi8)
            return generic;
        uint64_t imm = op == 0x83 ? (uint64_t)(int64_t)(int8_t)d->imm : (uint64_t)(int64_t)(int32_t)d->imm;
        e->target = imm & mask_of(bsize);
        if (reg)
            return t[F_RI];
        return prepare_ea(e, rip, mode, false) ? t[F_MI] : generic;
    }
    if (op == 0xa8 || op == 0xa9) {
        e->target = bsize == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm & mask_of(bsize);
        return test_tab[si][F_AI];
    }
    if (op == 0x84 || op == 0x85) {
        if (reg_hi8 || rm_hi8)
            return generic;
        if (reg)
            return test_tab[si][F_RR];
        return prepare_ea(e, rip, mode, false) ? test_tab[si][F_MR] : generic;
    }
    if (op >= 0x88 && op <= 0x8b) {
        if (reg_hi8 || rm_hi8)
            return generic;
        if (reg)
            return mov_tab[si][op & 2 ? 1 : 0];
        return prepare_ea(e, rip, mode, false) ? mov_tab[si][op & 2 ? 3 : 2] : generic;
    }
    if ((op == 0xc6 || op == 0xc7) && !reg && ((d->modrm >> 3) & 7) == 0 && prepare_ea(e, rip, mode, false)) {
        e->target = bsize == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm & mask_of(bsize);
        return mov_tab[si][4];
    }
    if (op == 0x8d && !reg && prepare_ea(e, rip, mode, true))
        return d->osize == 8 ? lea8 : d->osize == 4 ? lea4 : lea2;
    if (op == 0x63 && mode == X86_MODE_64 && d->osize == 8) {
        if (reg)
            return movsxd_r;
        return prepare_ea(e, rip, mode, false) ? movsxd_m : generic;
    }
    if ((op == 0x69 || op == 0x6b) && full) {
        e->target = (uint64_t)(op == 0x6b ? (int64_t)(int8_t)d->imm : (int64_t)(int32_t)d->imm);
        if (reg)
            return sz ? imul_rri8 : imul_rri4;
        return prepare_ea(e, rip, mode, false) ? (sz ? imul_rmi8 : imul_rmi4) : generic;
    }
    if ((op == 0xc1 || op == 0xd1) && full && reg) {
        unsigned r = (d->modrm >> 3) & 7;
        unsigned count = (op == 0xc1 ? (unsigned)d->imm : 1u) & (sz ? 63u : 31u);
        if (!count || (r != 4 && r != 5 && r != 7))
            return generic;
        e->target = count;
        if (r == 4)
            return sz ? shl_ri8 : shl_ri4;
        return r == 5 ? (sz ? shr_ri8 : shr_ri4) : (sz ? sar_ri8 : sar_ri4);
    }
    if (op >= 0xb8 && op <= 0xbf && full) {
        e->target = d->osize == 8 ? d->imm : (uint32_t)d->imm;
        return mov_ri;
    }
    if (op >= 0x70 && op <= 0x7f)
        goto jcc;
    if (op == 0xe9 || op == 0xeb) {
        e->target = branch_target(e, rip, mode);
        return jmp_fast;
    }
    if (mode == X86_MODE_64 && d->osize == 8) {
        if (op == 0xe8) {
            e->target = branch_target(e, rip, mode);
            return call64;
        }
        if (op == 0xc3)
            return ret64;
        if (op >= 0x50 && op <= 0x57)
            return push64;
        if (op >= 0x58 && op <= 0x5f)
            return pop64;
        if (op == 0xff && (((d->modrm >> 3) & 7) == 2 || ((d->modrm >> 3) & 7) == 4)) {
            bool call = ((d->modrm >> 3) & 7) == 2;
            if (reg)
                return call ? call_ind_r64 : jmp_ind_r64;
            if (prepare_ea(e, rip, mode, false))
                return call ? call_ind_m64 : jmp_ind_m64;
            return generic;
        }
    }
    if (mode == X86_MODE_32 && d->osize == 4) {
        if (op == 0xe8) {
            e->target = branch_target(e, rip, mode);
            return call32;
        }
        if (op == 0xc3)
            return ret32;
        if (op >= 0x50 && op <= 0x57)
            return push32_r;
        if (op >= 0x58 && op <= 0x5f)
            return pop32_r;
    }
    return generic;
jcc:
    e->target = branch_target(e, rip, mode);
    return jcc_tab[op & 15];
}
