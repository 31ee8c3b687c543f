/*
 * icache_ctl.c - specialised handlers (see icache_ops.h) for what reads
 * conditions or moves RIP and the stack: Jcc, CMOVcc and SETcc with one
 * handler per condition (fast_cond() folds to one test for the usual flag
 * producers), JMP/CALL/RET with precomputed targets, PUSH/POP, and indirect
 * CALL/JMP in 64-bit mode.
 */
#include "xlate/icache_ops.h"

bool icache_slow_cond(struct x86_cpu *cpu, unsigned cc)
{
    return cond(cpu, cc);
}

/* CMOVcc, one handler per condition and size: the source is read either
 * way; a 32-bit destination is zero-extended even when the condition is
 * false. */
#define CMOV_FORMS(cc, S)                                                                 \
    static HANDLER(cmov_r##S##_##cc)                                                      \
    {                                                                                     \
        uint64_t v = cpu->r[d->rm];                                                       \
        wr(cpu, d->reg, S, fast_cond(cpu, cc) ? v : cpu->r[d->reg]);                      \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(cmov_m##S##_##cc)                                                      \
    {                                                                                     \
        uint64_t v = ld(cpu, ea_of(cpu, ENTRY(d)), S);                                         \
        wr(cpu, d->reg, S, fast_cond(cpu, cc) ? v : cpu->r[d->reg]);                      \
        return next(cpu);                                                                 \
    }
/* SETcc r8 (no AH-BH: the selection checks) */
#define SETCC_FORM(cc)                                                                    \
    static HANDLER(setcc_r_##cc)                                                          \
    {                                                                                     \
        wr(cpu, d->rm, 1, fast_cond(cpu, cc));                                            \
        return next(cpu);                                                                 \
    }
#define CC_FORMS(cc) CMOV_FORMS(cc, 4) CMOV_FORMS(cc, 8) SETCC_FORM(cc)
CC_FORMS(0) CC_FORMS(1) CC_FORMS(2) CC_FORMS(3) CC_FORMS(4) CC_FORMS(5) CC_FORMS(6) CC_FORMS(7)
CC_FORMS(8) CC_FORMS(9) CC_FORMS(10) CC_FORMS(11) CC_FORMS(12) CC_FORMS(13) CC_FORMS(14) CC_FORMS(15)
#define CC_ROW(pfx) { pfx##0, pfx##1, pfx##2, pfx##3, pfx##4, pfx##5, pfx##6, pfx##7, \
                      pfx##8, pfx##9, pfx##10, pfx##11, pfx##12, pfx##13, pfx##14, pfx##15 }
/* [register/memory][size 4/8][condition] */
static const x86_handler cmov_tab[2][2][16] = {
    { CC_ROW(cmov_r4_), CC_ROW(cmov_r8_) }, { CC_ROW(cmov_m4_), CC_ROW(cmov_m8_) },
};
static const x86_handler setcc_tab[16] = CC_ROW(setcc_r_);

/* ---- control flow ---- */

/* One Jcc handler per condition: fast_cond() folds to the one test. */
#define JCC(cc)                                                                           \
    static HANDLER(jcc_##cc)                                                              \
    {                                                                                     \
        if (fast_cond(cpu, cc))                                                           \
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
    st(cpu, sp, 8, cpu->rip);
    cpu->r[RSP] = sp;
    cpu->rip = ENTRY(d)->target;
    return next(cpu);
}

/* FF /2 and FF /4 in 64-bit mode: CALL/JMP r/m64 */
static HANDLER(call_ind_r64)
{
    uint64_t target = cpu->r[d->rm], sp = cpu->r[RSP] - 8;
    st(cpu, sp, 8, cpu->rip);
    cpu->r[RSP] = sp;
    cpu->rip = target;
    return next(cpu);
}

static HANDLER(call_ind_m64)
{
    uint64_t target = ld(cpu, ea_of(cpu, ENTRY(d)), 8), sp = cpu->r[RSP] - 8;
    st(cpu, sp, 8, cpu->rip);
    cpu->r[RSP] = sp;
    cpu->rip = target;
    return next(cpu);
}

static HANDLER(jmp_ind_r64) { cpu->rip = cpu->r[d->rm]; return next(cpu); }
static HANDLER(jmp_ind_m64) { cpu->rip = ld(cpu, ea_of(cpu, ENTRY(d)), 8); return next(cpu); }

/* 32-bit mode, 32-bit operand size: the stack through SS, ESP wrapping at 4 GiB
 * (as push()/pop() in interp.h). */
static inline void push32(struct x86_cpu *cpu, uint32_t v)
{
    uint64_t sp = (cpu->r[RSP] - 4) & 0xffffffffull;
    st(cpu, sp + cpu->seg_base[SEG_SS], 4, v);
    cpu->r[RSP] = (cpu->r[RSP] & ~0xffffffffull) | sp;
}

static inline uint32_t pop32(struct x86_cpu *cpu)
{
    uint64_t sp = cpu->r[RSP] & 0xffffffffull;
    uint32_t v = (uint32_t)ld(cpu, sp + cpu->seg_base[SEG_SS], 4);
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

/* FF /2, /4, /6 at 32 bits: the operand is read before the push */
static HANDLER(call_ind_r32)
{
    uint32_t target = (uint32_t)cpu->r[d->rm];
    push32(cpu, (uint32_t)cpu->rip);
    cpu->rip = target;
    return next(cpu);
}
static HANDLER(call_ind_m32)
{
    uint32_t target = (uint32_t)ld(cpu, ea_of(cpu, ENTRY(d)), 4);
    push32(cpu, (uint32_t)cpu->rip);
    cpu->rip = target;
    return next(cpu);
}
static HANDLER(jmp_ind_r32) { cpu->rip = (uint32_t)cpu->r[d->rm]; return next(cpu); }
static HANDLER(jmp_ind_m32) { cpu->rip = (uint32_t)ld(cpu, ea_of(cpu, ENTRY(d)), 4); return next(cpu); }
static HANDLER(push32_m) { push32(cpu, (uint32_t)ld(cpu, ea_of(cpu, ENTRY(d)), 4)); return next(cpu); }
static HANDLER(push32_i) { push32(cpu, (uint32_t)ENTRY(d)->target); return next(cpu); }

/* PUSH r/m64 (FF /6) and PUSH imm (68/6A, sign-extended into target) */
static inline void push64v(struct x86_cpu *cpu, uint64_t v)
{
    uint64_t sp = cpu->r[RSP] - 8;
    st(cpu, sp, 8, v);
    cpu->r[RSP] = sp;
}
static HANDLER(push64_rm) { push64v(cpu, cpu->r[d->rm]); return next(cpu); }
static HANDLER(push64_m) { push64v(cpu, ld(cpu, ea_of(cpu, ENTRY(d)), 8)); return next(cpu); }
static HANDLER(push64_i) { push64v(cpu, ENTRY(d)->target); return next(cpu); }

static HANDLER(ret64)
{
    uint64_t sp = cpu->r[RSP];
    cpu->rip = ld(cpu, sp, 8);
    cpu->r[RSP] = sp + 8;
    return next(cpu);
}

static HANDLER(push64)
{
    uint64_t v = cpu->r[(d->opcode & 7) | (d->rex & 1 ? 8 : 0)];
    uint64_t sp = cpu->r[RSP] - 8;
    st(cpu, sp, 8, v);
    cpu->r[RSP] = sp;
    return next(cpu);
}

static HANDLER(pop64)
{
    uint64_t sp = cpu->r[RSP];
    uint64_t v = ld(cpu, sp, 8);
    cpu->r[RSP] = sp + 8;
    cpu->r[(d->opcode & 7) | (d->rex & 1 ? 8 : 0)] = v;   /* after the RSP update: POP RSP loads the value */
    return next(cpu);
}

/* ---- selection ---- */

x86_handler icache_select_ctl(struct icache_entry *e, uint64_t rip, enum x86_mode mode)
{
    const struct x86_inst *d = &e->d;
    unsigned op = d->opcode;
    bool reg = d->has_modrm && d->mod == 3;
    unsigned sz = d->osize == 8 ? 1 : 0;
    bool full = d->osize == 4 || d->osize == 8;

    if (d->map == MAP_0F) {
        if (op >= 0x80 && op <= 0x8f)
            goto jcc;
        if (op >= 0x40 && op <= 0x4f && full) {
            if (reg)
                return cmov_tab[0][sz][op & 15];
            return icache_prepare_ea(e, rip, mode, false) ? cmov_tab[1][sz][op & 15] : NULL;
        }
        /* SETcc r8; registers 4-7 without REX are AH-BH: generic */
        if (op >= 0x90 && op <= 0x9f && reg && (d->rex || d->rm < 4 || d->rm >= 8))
            return setcc_tab[op & 15];
        return NULL;
    }
    if (op >= 0x70 && op <= 0x7f)
        goto jcc;
    if (op == 0xe9 || op == 0xeb) {
        e->target = icache_branch_target(e, rip, mode);
        return jmp_fast;
    }
    if (mode == X86_MODE_64 && d->osize == 8) {
        if (op == 0xe8) {
            e->target = icache_branch_target(e, rip, mode);
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
            if (icache_prepare_ea(e, rip, mode, false))
                return call ? call_ind_m64 : jmp_ind_m64;
            return NULL;
        }
        if (op == 0xff && ((d->modrm >> 3) & 7) == 6)
            return reg ? push64_rm : icache_prepare_ea(e, rip, mode, false) ? push64_m : NULL;
        if (op == 0x68 || op == 0x6a) {
            e->target = (uint64_t)(op == 0x6a ? (int64_t)(int8_t)d->imm : sext(d->imm, d->imm_size));
            return push64_i;
        }
    }
    if (mode == X86_MODE_32 && d->osize == 4) {
        if (op == 0xe8) {
            e->target = icache_branch_target(e, rip, mode);
            return call32;
        }
        if (op == 0xc3)
            return ret32;
        if (op >= 0x50 && op <= 0x57)
            return push32_r;
        if (op >= 0x58 && op <= 0x5f)
            return pop32_r;
        if (op == 0x68 || op == 0x6a) {
            e->target = (uint64_t)(op == 0x6a ? (int64_t)(int8_t)d->imm : sext(d->imm, d->imm_size));
            return push32_i;
        }
        unsigned r = (d->modrm >> 3) & 7;
        if (op == 0xff && (r == 2 || r == 4 || r == 6)) {
            if (reg)
                return r == 2 ? call_ind_r32 : r == 4 ? jmp_ind_r32 : NULL;
            if (!icache_prepare_ea(e, rip, mode, false))
                return NULL;
            return r == 2 ? call_ind_m32 : r == 4 ? jmp_ind_m32 : push32_m;
        }
    }
    return NULL;
jcc:
    e->target = icache_branch_target(e, rip, mode);
    return jcc_tab[op & 15];
}
