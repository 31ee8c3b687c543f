/*
 * icache_ops.c - handlers specialised when an instruction enters the
 * decoded-instruction cache (icache.h), and the selection that picks them
 * (icache_specialise, which also asks icache_ctl.c and icache_simd.c).
 * This file has the most frequent integer forms (MOV, the ALU ops, TEST,
 * LEA, MOVSXD, MOVZX/MOVSX, IMUL, shifts and rotates by an immediate) with
 * their operand size and register/memory form fixed and the memory
 * operand's address computed without branches from precomputed fields.
 * Everything else, and every unusual variant (AH-BH, LOCK, 16-bit
 * addressing, address-size overrides in 64-bit mode), keeps its generic
 * handler from interp.c.
 *
 * A specialised handler finds its cache entry from the x86_inst it is given
 * (the x86_inst is always the one inside an entry, see x86_run), and must
 * behave exactly as the generic handler: the differential CPU test
 * (tests/unit/test_cpu) runs through them.
 */
#include "xlate/icache_ops.h"

/* Defined here, where the handlers use it on every instruction, so that
 * access is one %fs-relative load (local-exec TLS). */
__thread struct icache_run icache_run;

/* ---- ALU ops (OP_ADD ... in icache_ops.h) ---- */

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
        uint64_t r = OP(ld(cpu, la, S), rd(cpu, d->reg, S), S);                                \
        if (W) st(cpu, la, S, r);                                                              \
        rmw_end();                                                                        \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_rm##S)                                                          \
    {                                                                                     \
        uint64_t v = ld(cpu, ea_of(cpu, ENTRY(d)), S);                                         \
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
        uint64_t r = OP(ld(cpu, la, S), e->target, S);                                         \
        if (W) st(cpu, la, S, r);                                                              \
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
ALU_BOTH(adc, OP_ADC, true)
ALU_BOTH(sbb, OP_SBB, true)
ALU_BOTH(cmp, OP_SUB, false)
ALU_BOTH(test, OP_AND, false)

#define ALU_FORM_ROW(name, S) \
    { name##_rr##S, name##_rrl##S, name##_mr##S, name##_rm##S, name##_ri##S, name##_mi##S, name##_ai##S }
#define ALU_TABLE(name) { ALU_FORM_ROW(name, 1), ALU_FORM_ROW(name, 2), ALU_FORM_ROW(name, 4), ALU_FORM_ROW(name, 8) }
enum { F_RR, F_RRL, F_MR, F_RM, F_RI, F_MI, F_AI };
/* [alu op (ModRM.reg numbering: ADD OR ADC SBB AND SUB XOR CMP)][size 1/2/4/8][form]; NULL: generic */
static const x86_handler alu_tab[8][4][7] = {
    ALU_TABLE(add), ALU_TABLE(or), ALU_TABLE(adc), ALU_TABLE(sbb),
    ALU_TABLE(and), ALU_TABLE(sub), ALU_TABLE(xor), ALU_TABLE(cmp),
};
static const x86_handler test_tab[4][7] = ALU_TABLE(test);

/* ---- INC/DEC (FE/FF /0 /1, 40-4F outside 64-bit mode): CF is kept ---- */

#define INCDEC_FORMS(name, LOP, DELTA, S)                                                 \
    static HANDLER(name##_r##S)                                                           \
    {                                                                                     \
        unsigned reg = d->has_modrm ? d->rm : d->opcode & 7;                              \
        uint64_t cf = get_cf(cpu), a = rd(cpu, reg, S), r = a + (DELTA);                  \
        set_lazy(cpu, LOP, S, a, 1, r);                                                   \
        cpu->lazy_cf = cf;                                                                \
        wr(cpu, reg, S, r);                                                               \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_m##S)                                                           \
    {                                                                                     \
        uint64_t la = ea_of(cpu, ENTRY(d));                                               \
        rmw_begin(true);                                                                  \
        uint64_t cf = get_cf(cpu), a = ld(cpu, la, S), r = a + (DELTA);                   \
        set_lazy(cpu, LOP, S, a, 1, r);                                                   \
        cpu->lazy_cf = cf;                                                                \
        st(cpu, la, S, r);                                                                \
        rmw_end();                                                                        \
        return next(cpu);                                                                 \
    }
#define INCDEC_ALL(S) INCDEC_FORMS(inc, LAZY_INC, 1, S) INCDEC_FORMS(dec, LAZY_DEC, (uint64_t)-1, S)
INCDEC_ALL(1)
INCDEC_ALL(2)
INCDEC_ALL(4)
INCDEC_ALL(8)
/* [dec][size 1/2/4/8][register/memory] */
static const x86_handler incdec_tab[2][4][2] = {
    { { inc_r1, inc_m1 }, { inc_r2, inc_m2 }, { inc_r4, inc_m4 }, { inc_r8, inc_m8 } },
    { { dec_r1, dec_m1 }, { dec_r2, dec_m2 }, { dec_r4, dec_m4 }, { dec_r8, dec_m8 } },
};

/* ---- group 3 at 32/64 bits: TEST r/m, imm (in target), NOT, NEG, MUL, IMUL ---- */

#define GRP3_FORMS(S)                                                                     \
    static HANDLER(test_ri_##S) { OP_AND(rd(cpu, d->rm, S), ENTRY(d)->target, S); return next(cpu); } \
    static HANDLER(test_mi_##S)                                                           \
    {                                                                                     \
        const struct icache_entry *e = ENTRY(d);                                          \
        OP_AND(ld(cpu, ea_of(cpu, e), S), e->target, S);                                  \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(not_r##S) { wr(cpu, d->rm, S, ~cpu->r[d->rm]); return next(cpu); }     \
    static HANDLER(neg_r##S) { wr(cpu, d->rm, S, OP_SUB(0, rd(cpu, d->rm, S), S)); return next(cpu); } \
    static HANDLER(mul_r##S) { mul_done(cpu, S, false, rd(cpu, d->rm, S)); return next(cpu); } \
    static HANDLER(imul1_r##S) { mul_done(cpu, S, true, rd(cpu, d->rm, S)); return next(cpu); } \
    static HANDLER(mul_m##S) { mul_done(cpu, S, false, ld(cpu, ea_of(cpu, ENTRY(d)), S)); return next(cpu); } \
    static HANDLER(imul1_m##S) { mul_done(cpu, S, true, ld(cpu, ea_of(cpu, ENTRY(d)), S)); return next(cpu); }

/* MUL/IMUL r/m (F7 /4 /5): rDX:rAX = rAX * src, flags as op_grp3 records them */
static inline __attribute__((always_inline)) void mul_done(struct x86_cpu *cpu, unsigned S, bool sig, uint64_t src)
{
    uint64_t a = rd(cpu, RAX, S), lo, hi;
    bool big;
    if (!sig) {
        unsigned __int128 p = (unsigned __int128)a * src;
        lo = (uint64_t)p & mask_of(S);
        hi = S == 8 ? (uint64_t)(p >> 64) : (uint64_t)(p >> (S * 8)) & mask_of(S);
        big = hi != 0;
    } else {
        __int128 p = (__int128)sext(a, S) * sext(src, S);
        lo = (uint64_t)p & mask_of(S);
        hi = S == 8 ? (uint64_t)((unsigned __int128)p >> 64) : (uint64_t)(p >> (S * 8)) & mask_of(S);
        big = p != (__int128)sext(lo, S);
    }
    wr(cpu, RAX, S, lo);
    wr(cpu, RDX, S, hi);
    set_lazy(cpu, sig ? LAZY_IMUL : LAZY_MUL, S, a, src, lo);
    cpu->lazy_cf = big;
}
GRP3_FORMS(4)
GRP3_FORMS(8)

/* ---- moves ---- */

/* The memory forms once per address kind (EA_ANY, EA_BASE, EA_ABS: icache_ops.h) */
#define MOV_MEM_FORMS(S, K, k)                                                            \
    static HANDLER(mov_st##S##k) { st(cpu, ea_k(cpu, ENTRY(d), K), S, rd(cpu, d->reg, S)); return next(cpu); } \
    static HANDLER(mov_ld##S##k) { wr(cpu, d->reg, S, ld(cpu, ea_k(cpu, ENTRY(d), K), S)); return next(cpu); } \
    static HANDLER(mov_sti##S##k)                                                         \
    {                                                                                     \
        const struct icache_entry *e = ENTRY(d);                                          \
        st(cpu, ea_k(cpu, e, K), S, e->target);                                           \
        return next(cpu);                                                                 \
    }
#define MOV_FORMS(S)                                                                      \
    static HANDLER(mov_rr##S) { wr(cpu, d->rm, S, rd(cpu, d->reg, S)); return next(cpu); }   \
    static HANDLER(mov_rrl##S) { wr(cpu, d->reg, S, rd(cpu, d->rm, S)); return next(cpu); }  \
    MOV_MEM_FORMS(S, EA_ANY, ) MOV_MEM_FORMS(S, EA_BASE, _b) MOV_MEM_FORMS(S, EA_ABS, _a)          \
    MOV_MEM_FORMS(S, EA_BIS, _x) MOV_MEM_FORMS(S, EA_BASE32, _b32) MOV_MEM_FORMS(S, EA_ABS32, _a32) \
    MOV_MEM_FORMS(S, EA_BIS32, _x32)
MOV_FORMS(1)
MOV_FORMS(2)
MOV_FORMS(4)
MOV_FORMS(8)
#define LEA_FORMS(K, k)                                                                   \
    static HANDLER(lea2##k) { wr(cpu, d->reg, 2, ea_k(cpu, ENTRY(d), K)); return next(cpu); } \
    static HANDLER(lea4##k) { wr(cpu, d->reg, 4, ea_k(cpu, ENTRY(d), K)); return next(cpu); } \
    static HANDLER(lea8##k) { wr(cpu, d->reg, 8, ea_k(cpu, ENTRY(d), K)); return next(cpu); }
LEA_FORMS(EA_ANY, )
LEA_FORMS(EA_BASE, _b)
LEA_FORMS(EA_ABS, _a)
LEA_FORMS(EA_BASE32, _b32)
LEA_FORMS(EA_ABS32, _a32)
LEA_FORMS(EA_BIS, _x)
LEA_FORMS(EA_BIS32, _x32)

#define MOV_ROW(S) { mov_rr##S, mov_rrl##S, mov_st##S, mov_ld##S, mov_sti##S }
#define MOV_ROW_K(S, k) { NULL, NULL, mov_st##S##k, mov_ld##S##k, mov_sti##S##k }
/* [address kind][size 1/2/4/8][form: rr, rrl, st, ld, sti] */
static const x86_handler mov_tab[EA_KINDS][4][5] = {
    { MOV_ROW(1), MOV_ROW(2), MOV_ROW(4), MOV_ROW(8) },
    { MOV_ROW_K(1, _b), MOV_ROW_K(2, _b), MOV_ROW_K(4, _b), MOV_ROW_K(8, _b) },
    { MOV_ROW_K(1, _a), MOV_ROW_K(2, _a), MOV_ROW_K(4, _a), MOV_ROW_K(8, _a) },
    { MOV_ROW_K(1, _x), MOV_ROW_K(2, _x), MOV_ROW_K(4, _x), MOV_ROW_K(8, _x) },
    { MOV_ROW_K(1, _b32), MOV_ROW_K(2, _b32), MOV_ROW_K(4, _b32), MOV_ROW_K(8, _b32) },
    { MOV_ROW_K(1, _a32), MOV_ROW_K(2, _a32), MOV_ROW_K(4, _a32), MOV_ROW_K(8, _a32) },
    { MOV_ROW_K(1, _x32), MOV_ROW_K(2, _x32), MOV_ROW_K(4, _x32), MOV_ROW_K(8, _x32) },
};
/* [address kind][size 2/4/8] */
static const x86_handler lea_tab[EA_KINDS][3] = {
    { lea2, lea4, lea8 }, { lea2_b, lea4_b, lea8_b }, { lea2_a, lea4_a, lea8_a }, { lea2_x, lea4_x, lea8_x },
    { lea2_b32, lea4_b32, lea8_b32 }, { lea2_a32, lea4_a32, lea8_a32 }, { lea2_x32, lea4_x32, lea8_x32 },
};

static HANDLER(movsxd_r) { cpu->r[d->reg] = (uint64_t)(int64_t)(int32_t)cpu->r[d->rm]; return next(cpu); }
static HANDLER(movsxd_m)
{
    cpu->r[d->reg] = (uint64_t)(int64_t)(int32_t)ld(cpu, ea_of(cpu, ENTRY(d)), 4);
    return next(cpu);
}

/* MOVZX r32/r64, m8/m16 (the destination's upper half is zeroed either way) */
#define MOVZX_FORMS(K, k)                                                                 \
    static HANDLER(movzx_m8##k) { cpu->r[d->reg] = ld(cpu, ea_k(cpu, ENTRY(d), K), 1); return next(cpu); } \
    static HANDLER(movzx_m16##k) { cpu->r[d->reg] = ld(cpu, ea_k(cpu, ENTRY(d), K), 2); return next(cpu); }
MOVZX_FORMS(EA_ANY, )
MOVZX_FORMS(EA_BASE, _b)
MOVZX_FORMS(EA_ABS, _a)
MOVZX_FORMS(EA_BASE32, _b32)
MOVZX_FORMS(EA_ABS32, _a32)
MOVZX_FORMS(EA_BIS, _x)
MOVZX_FORMS(EA_BIS32, _x32)
/* [address kind][8/16] */
static const x86_handler movzx_tab[EA_KINDS][2] = {
    { movzx_m8, movzx_m16 }, { movzx_m8_b, movzx_m16_b }, { movzx_m8_a, movzx_m16_a }, { movzx_m8_x, movzx_m16_x },
    { movzx_m8_b32, movzx_m16_b32 }, { movzx_m8_a32, movzx_m16_a32 }, { movzx_m8_x32, movzx_m16_x32 },
};

/* MOVZX/MOVSX r32/r64, r8/r16 (no AH-CH-DH-BH source: the caller checks) */
static HANDLER(movzx_r8) { cpu->r[d->reg] = (uint8_t)cpu->r[d->rm]; return next(cpu); }
static HANDLER(movzx_r16) { cpu->r[d->reg] = (uint16_t)cpu->r[d->rm]; return next(cpu); }
#define MOVSX_FORMS(S)                                                                    \
    static HANDLER(movsx_r8_##S) { wr(cpu, d->reg, S, (uint64_t)(int64_t)(int8_t)cpu->r[d->rm]); return next(cpu); } \
    static HANDLER(movsx_r16_##S) { wr(cpu, d->reg, S, (uint64_t)(int64_t)(int16_t)cpu->r[d->rm]); return next(cpu); } \
    static HANDLER(movsx_m8_##S)                                                          \
    {                                                                                     \
        wr(cpu, d->reg, S, (uint64_t)(int64_t)(int8_t)ld(cpu, ea_of(cpu, ENTRY(d)), 1));   \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(movsx_m16_##S)                                                         \
    {                                                                                     \
        int16_t v = (int16_t)ld(cpu, ea_of(cpu, ENTRY(d)), 2);                            \
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

/* Shifts and rotates of a 32/64-bit register (group 2: ROL=0 ROR=1 SHL=4
 * SHR=5 SAR=7) by c, 0 < c < S * 8 (the masked count is below the width
 * at these sizes): results and flags as op_grp2 computes them. ROL/ROR
 * change only CF and OF, so they materialise the other flags. */
static inline __attribute__((always_inline)) void shift_reg(struct x86_cpu *cpu, const struct x86_inst *d,
                                                            unsigned kind, unsigned S, unsigned c)
{
    unsigned bits = S * 8;
    uint64_t a = rd(cpu, d->rm, S), r;
    switch (kind) {
    case 0: case 1: {
        unsigned cf, of;
        if (kind == 0) {
            r = ((a << c) | (a >> (bits - c))) & mask_of(S);
            cf = r & 1;
            of = ((r >> (bits - 1)) & 1) ^ cf;
        } else {
            r = ((a >> c) | (a << (bits - c))) & mask_of(S);
            cf = (r >> (bits - 1)) & 1;
            of = cf ^ ((r >> (bits - 2)) & 1);
        }
        uint64_t f = cpu->lazy_op == LAZY_NONE ? cpu->flags : x86_get_flags(cpu);
        f &= ~(uint64_t)(F_CF | F_OF);
        x86_set_flags(cpu, f | (cf ? F_CF : 0) | (of ? F_OF : 0));
        break;
    }
    case 4:
        r = (a << c) & mask_of(S);
        set_lazy(cpu, LAZY_SHL, S, a, c, r);
        cpu->lazy_cf = (a >> (bits - c)) & 1;
        break;
    case 5:
        r = a >> c;
        set_lazy(cpu, LAZY_SHR, S, a, c, r);
        cpu->lazy_cf = (a >> (c - 1)) & 1;
        break;
    default: {
        int64_t sa = sext(a, S);
        r = (uint64_t)(sa >> c) & mask_of(S);
        set_lazy(cpu, LAZY_SAR, S, a, c, r);
        cpu->lazy_cf = (uint64_t)(sa >> (c - 1)) & 1;
        break;
    }
    }
    wr(cpu, d->rm, S, r);
}

/* By an immediate or 1 (non-zero masked count in target), or by CL (a zero
 * count leaves the flags, but a 32-bit destination is still zero-extended). */
#define SHIFT_FORMS(name, kind, S)                                                        \
    static HANDLER(name##_ri##S)                                                          \
    {                                                                                     \
        shift_reg(cpu, d, kind, S, (unsigned)ENTRY(d)->target);                           \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_rc##S)                                                          \
    {                                                                                     \
        unsigned c = (unsigned)cpu->r[RCX] & (S == 8 ? 63 : 31);                          \
        if (c)                                                                            \
            shift_reg(cpu, d, kind, S, c);                                                \
        else if (S == 4)                                                                  \
            wr(cpu, d->rm, 4, rd(cpu, d->rm, 4));                                         \
        return next(cpu);                                                                 \
    }
#define SHIFT_BOTH(name, kind) SHIFT_FORMS(name, kind, 4) SHIFT_FORMS(name, kind, 8)
SHIFT_BOTH(rol, 0)
SHIFT_BOTH(ror, 1)
SHIFT_BOTH(shl, 4)
SHIFT_BOTH(shr, 5)
SHIFT_BOTH(sar, 7)
#define SHIFT_ROW(name) { { name##_ri4, name##_rc4 }, { name##_ri8, name##_rc8 } }
/* [group 2 operation][size 4/8][immediate/CL]; NULL: generic (RCL, RCR) */
static const x86_handler shift_tab[8][2][2] = {
    SHIFT_ROW(rol), SHIFT_ROW(ror), { { 0 } }, { { 0 } }, SHIFT_ROW(shl), SHIFT_ROW(shr), SHIFT_ROW(shl), SHIFT_ROW(sar),
};

/* CBW/CWDE/CDQE (98) and CWD/CDQ/CQO (99) at 32/64 bits */
static HANDLER(cwde) { cpu->r[RAX] = (uint32_t)(int32_t)(int16_t)cpu->r[RAX]; return next(cpu); }
static HANDLER(cdqe) { cpu->r[RAX] = (uint64_t)(int64_t)(int32_t)cpu->r[RAX]; return next(cpu); }
static HANDLER(cdq) { cpu->r[RDX] = (int32_t)cpu->r[RAX] < 0 ? 0xffffffffull : 0; return next(cpu); }
static HANDLER(cqo) { cpu->r[RDX] = (int64_t)cpu->r[RAX] < 0 ? ~0ull : 0; return next(cpu); }

/* NOP, the hint NOPs (0F 0D, 0F 18-1F: no memory access) and 90 without REX.B */
static HANDLER(nop) { return next(cpu); }

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
        uint64_t v = ld(cpu, ea_of(cpu, ENTRY(d)), S);                                         \
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
        imul_done(cpu, d, S, sext(ld(cpu, ea_of(cpu, e), S), S), (int64_t)e->target);          \
        return next(cpu);                                                                 \
    }
IMUL_FORMS(4)
IMUL_FORMS(8)

/* ---- selection ---- */

/* A direct branch's target, wrapped as the generic jump() does. */
uint64_t icache_branch_target(const struct icache_entry *e, uint64_t rip, enum x86_mode mode)
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
bool icache_prepare_ea(struct icache_entry *e, uint64_t rip, enum x86_mode mode, bool lea)
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

/* The integer forms of this file, or NULL. */
static x86_handler select_int(struct icache_entry *e, uint64_t rip, enum x86_mode mode)
{
    const struct x86_inst *d = &e->d;
    x86_handler generic = NULL;
    unsigned op = d->opcode;
    bool reg = d->has_modrm && d->mod == 3;
    unsigned sz = d->osize == 8 ? 1 : 0;
    bool full = d->osize == 4 || d->osize == 8;

    if (d->map == MAP_0F) {
        /* byte registers 4-7 without REX are AH-BH: generic */
        bool hi8 = reg && !d->rex && d->rm >= 4 && d->rm < 8;
        if ((op == 0xb6 || op == 0xb7) && full) {
            if (reg)
                return op == 0xb7 ? movzx_r16 : hi8 ? generic : movzx_r8;
            if (icache_prepare_ea(e, rip, mode, false))
                return movzx_tab[ea_kind(e, mode)][op == 0xb7];
            return generic;
        }
        if ((op == 0xbe || op == 0xbf) && full) {
            if (reg) {
                if (op == 0xbf)
                    return sz ? movsx_r16_8 : movsx_r16_4;
                return hi8 ? generic : sz ? movsx_r8_8 : movsx_r8_4;
            }
            if (!icache_prepare_ea(e, rip, mode, false))
                return generic;
            return op == 0xbe ? (sz ? movsx_m8_8 : movsx_m8_4) : (sz ? movsx_m16_8 : movsx_m16_4);
        }
        if (op == 0x0d || (op >= 0x18 && op <= 0x1f))
            return nop;
        if (op == 0xaf && full) {
            if (reg)
                return sz ? imul_rr8 : imul_rr4;
            return icache_prepare_ea(e, rip, mode, false) ? (sz ? imul_rm8 : imul_rm4) : generic;
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
        return icache_prepare_ea(e, rip, mode, false) ? t[(op & 2) ? F_RM : F_MR] : generic;
    }
    if (op == 0x80 || op == 0x81 || op == 0x83) {
        const x86_handler *t = alu_tab[(d->modrm >> 3) & 7][si];
        if (!t[0] || rm_hi8)
            return generic;
        uint64_t imm = op == 0x83 ? (uint64_t)(int64_t)(int8_t)d->imm : (uint64_t)(int64_t)(int32_t)d->imm;
        e->target = imm & mask_of(bsize);
        if (reg)
            return t[F_RI];
        return icache_prepare_ea(e, rip, mode, false) ? t[F_MI] : generic;
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
        return icache_prepare_ea(e, rip, mode, false) ? test_tab[si][F_MR] : generic;
    }
    if (op >= 0x88 && op <= 0x8b) {
        if (reg_hi8 || rm_hi8)
            return generic;
        if (reg)
            return mov_tab[EA_ANY][si][op & 2 ? 1 : 0];
        return icache_prepare_ea(e, rip, mode, false) ? mov_tab[ea_kind(e, mode)][si][op & 2 ? 3 : 2] : generic;
    }
    if ((op == 0xc6 || op == 0xc7) && !reg && ((d->modrm >> 3) & 7) == 0 && icache_prepare_ea(e, rip, mode, false)) {
        e->target = bsize == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm & mask_of(bsize);
        return mov_tab[ea_kind(e, mode)][si][4];
    }
    if (op == 0x8d && !reg && icache_prepare_ea(e, rip, mode, true))
        return lea_tab[ea_kind(e, mode)][d->osize == 8 ? 2 : d->osize == 4 ? 1 : 0];
    if (op == 0x63 && mode == X86_MODE_64 && d->osize == 8) {
        if (reg)
            return movsxd_r;
        return icache_prepare_ea(e, rip, mode, false) ? movsxd_m : generic;
    }
    if ((op == 0x69 || op == 0x6b) && full) {
        e->target = (uint64_t)(op == 0x6b ? (int64_t)(int8_t)d->imm : (int64_t)(int32_t)d->imm);
        if (reg)
            return sz ? imul_rri8 : imul_rri4;
        return icache_prepare_ea(e, rip, mode, false) ? (sz ? imul_rmi8 : imul_rmi4) : generic;
    }
    if ((op == 0xc1 || op == 0xd1 || op == 0xd3) && full && reg) {
        const x86_handler *t = shift_tab[(d->modrm >> 3) & 7][sz];
        if (!t[0])
            return generic;
        if (op == 0xd3)
            return t[1];
        unsigned count = (op == 0xc1 ? (unsigned)d->imm : 1u) & (sz ? 63u : 31u);
        if (!count)
            return generic;
        e->target = count;
        return t[0];
    }
    if ((op == 0xfe || op == 0xff) && ((d->modrm >> 3) & 7) <= 1) {
        if (rm_hi8)
            return generic;
        const x86_handler *t = incdec_tab[(d->modrm >> 3) & 1][si];
        if (reg)
            return t[0];
        return icache_prepare_ea(e, rip, mode, false) ? t[1] : generic;
    }
    if (op >= 0x40 && op <= 0x4f && mode != X86_MODE_64 && d->osize == 4)
        return incdec_tab[op >= 0x48][2][0];
    if (op == 0xf7 && full) {
        unsigned r = (d->modrm >> 3) & 7;
        if (r <= 1) {   /* /1 is an alias of TEST */
            e->target = sz ? (uint64_t)(int64_t)(int32_t)d->imm : (uint32_t)d->imm;
            if (reg)
                return sz ? test_ri_8 : test_ri_4;
            return icache_prepare_ea(e, rip, mode, false) ? (sz ? test_mi_8 : test_mi_4) : generic;
        }
        if (reg) {
            static const x86_handler g3[2][4] = { { not_r4, neg_r4, mul_r4, imul1_r4 },
                                                  { not_r8, neg_r8, mul_r8, imul1_r8 } };
            return r <= 5 ? g3[sz][r - 2] : generic;
        }
        if (r == 4 || r == 5)
            return icache_prepare_ea(e, rip, mode, false) ? (r == 4 ? (sz ? mul_m8 : mul_m4) : (sz ? imul1_m8 : imul1_m4)) : generic;
        return generic;
    }
    if (op == 0x98 && full)
        return sz ? cdqe : cwde;
    if (op == 0x99 && full)
        return sz ? cqo : cdq;
    if (op == 0x90 && !(d->rex & 1))
        return nop;
    if (op >= 0xb8 && op <= 0xbf && full) {
        e->target = d->osize == 8 ? d->imm : (uint32_t)d->imm;
        return mov_ri;
    }
    return generic;
}

x86_handler icache_specialise(struct icache_entry *e, uint64_t rip, enum x86_mode mode, x86_handler generic)
{
    const struct x86_inst *d = &e->d;
    if (d->prefixes & (PFX_LOCK | PFX_VEX))
        return generic;
    x86_handler h = NULL;
    if (d->map <= MAP_0F && (h = select_int(e, rip, mode)) != NULL)
        return icache_fuse(e, rip, mode, h);
    if (d->map <= MAP_0F)
        h = icache_select_ctl(e, rip, mode);
    if (!h && d->map == MAP_0F)
        h = icache_select_simd(e, rip, mode);
    return h ? h : generic;
}
