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

static inline uint64_t ea_of(const struct x86_cpu *cpu, const struct icache_entry *e)
{
    uint64_t a = e->ea_disp + (cpu->r[e->ea_base] & -(uint64_t)e->ea_has_base) +
                 ((cpu->r[e->ea_index] & -(uint64_t)e->ea_has_index) << e->d.scale);
    if (e->ea_seg != SEG_NONE)
        a += cpu->seg_base[e->ea_seg];
    return e->ea_asize == 8 ? a : a & mask_of(e->ea_asize);
}

static inline uint64_t ld(uint64_t la, unsigned size)
{
    if (size == 4) {
        uint32_t v;
        memcpy(&v, (const void *)(uintptr_t)la, 4);
        return v;
    }
    uint64_t v;
    memcpy(&v, (const void *)(uintptr_t)la, 8);
    return v;
}

static inline void st(uint64_t la, unsigned size, uint64_t v)
{
    if (size == 4) {
        uint32_t x = (uint32_t)v;
        memcpy((void *)(uintptr_t)la, &x, 4);
    } else {
        memcpy((void *)(uintptr_t)la, &v, 8);
    }
}

static inline uint64_t rd(const struct x86_cpu *cpu, unsigned reg, unsigned size)
{
    return size == 4 ? (uint32_t)cpu->r[reg] : cpu->r[reg];
}

static inline void wr(struct x86_cpu *cpu, unsigned reg, unsigned size, uint64_t v)
{
    cpu->r[reg] = size == 4 ? (uint32_t)v : v;   /* 32-bit writes zero the upper half */
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
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(name##_rrl##S)                                                         \
    {                                                                                     \
        uint64_t r = OP(rd(cpu, d->reg, S), rd(cpu, d->rm, S), S);                        \
        if (W) wr(cpu, d->reg, S, r);                                                     \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(name##_mr##S)                                                          \
    {                                                                                     \
        uint64_t la = ea_of(cpu, ENTRY(d));                                               \
        rmw_begin(W);                                                                     \
        uint64_t r = OP(ld(la, S), rd(cpu, d->reg, S), S);                                \
        if (W) st(la, S, r);                                                              \
        rmw_end();                                                                        \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(name##_rm##S)                                                          \
    {                                                                                     \
        uint64_t v = ld(ea_of(cpu, ENTRY(d)), S);                                         \
        uint64_t r = OP(rd(cpu, d->reg, S), v, S);                                        \
        if (W) wr(cpu, d->reg, S, r);                                                     \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(name##_ri##S)                                                          \
    {                                                                                     \
        uint64_t r = OP(rd(cpu, d->rm, S), ENTRY(d)->target, S);                          \
        if (W) wr(cpu, d->rm, S, r);                                                      \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(name##_mi##S)                                                          \
    {                                                                                     \
        const struct icache_entry *e = ENTRY(d);                                          \
        uint64_t la = ea_of(cpu, e);                                                      \
        rmw_begin(W);                                                                     \
        uint64_t r = OP(ld(la, S), e->target, S);                                         \
        if (W) st(la, S, r);                                                              \
        rmw_end();                                                                        \
        return EXIT_NONE;                                                                 \
    }

#define ALU_BOTH(name, OP, W) ALU_FORMS(name, OP, W, 4) ALU_FORMS(name, OP, W, 8)
ALU_BOTH(add, OP_ADD, true)
ALU_BOTH(or, OP_OR, true)
ALU_BOTH(and, OP_AND, true)
ALU_BOTH(sub, OP_SUB, true)
ALU_BOTH(xor, OP_XOR, true)
ALU_BOTH(cmp, OP_SUB, false)
ALU_BOTH(test, OP_AND, false)

#define ALU_TABLE(name, S) { name##_rr##S, name##_rrl##S, name##_mr##S, name##_rm##S, name##_ri##S, name##_mi##S }
enum { F_RR, F_RRL, F_MR, F_RM, F_RI, F_MI };
/* [alu op (ModRM.reg numbering: ADD OR ADC SBB AND SUB XOR CMP), size 4/8][form]; NULL: generic */
static const x86_handler alu_tab[8][2][6] = {
    { ALU_TABLE(add, 4), ALU_TABLE(add, 8) },
    { ALU_TABLE(or, 4), ALU_TABLE(or, 8) },
    { { 0 }, { 0 } },   /* ADC */
    { { 0 }, { 0 } },   /* SBB */
    { ALU_TABLE(and, 4), ALU_TABLE(and, 8) },
    { ALU_TABLE(sub, 4), ALU_TABLE(sub, 8) },
    { ALU_TABLE(xor, 4), ALU_TABLE(xor, 8) },
    { ALU_TABLE(cmp, 4), ALU_TABLE(cmp, 8) },
};
static const x86_handler test_tab[2][6] = { ALU_TABLE(test, 4), ALU_TABLE(test, 8) };

/* ---- moves ---- */

#define MOV_FORMS(S)                                                                      \
    static HANDLER(mov_rr##S) { wr(cpu, d->rm, S, rd(cpu, d->reg, S)); return EXIT_NONE; }   \
    static HANDLER(mov_rrl##S) { wr(cpu, d->reg, S, rd(cpu, d->rm, S)); return EXIT_NONE; }  \
    static HANDLER(mov_st##S) { st(ea_of(cpu, ENTRY(d)), S, rd(cpu, d->reg, S)); return EXIT_NONE; } \
    static HANDLER(mov_ld##S) { wr(cpu, d->reg, S, ld(ea_of(cpu, ENTRY(d)), S)); return EXIT_NONE; } \
    static HANDLER(mov_sti##S)                                                            \
    {                                                                                     \
        const struct icache_entry *e = ENTRY(d);                                          \
        st(ea_of(cpu, e), S, e->target);                                                  \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(lea##S) { wr(cpu, d->reg, S, ea_of(cpu, ENTRY(d))); return EXIT_NONE; }
MOV_FORMS(4)
MOV_FORMS(8)

static HANDLER(movsxd_r) { cpu->r[d->reg] = (uint64_t)(int64_t)(int32_t)cpu->r[d->rm]; return EXIT_NONE; }
static HANDLER(movsxd_m)
{
    cpu->r[d->reg] = (uint64_t)(int64_t)(int32_t)ld(ea_of(cpu, ENTRY(d)), 4);
    return EXIT_NONE;
}

/* MOVZX r32/r64, m8/m16 (the destination's upper half is zeroed either way) */
static HANDLER(movzx_m8) { cpu->r[d->reg] = *(const uint8_t *)(uintptr_t)ea_of(cpu, ENTRY(d)); return EXIT_NONE; }
static HANDLER(movzx_m16)
{
    uint16_t v;
    memcpy(&v, (const void *)(uintptr_t)ea_of(cpu, ENTRY(d)), 2);
    cpu->r[d->reg] = v;
    return EXIT_NONE;
}

/* MOVZX/MOVSX r32/r64, r8/r16 (no AH-CH-DH-BH source: the caller checks) */
static HANDLER(movzx_r8) { cpu->r[d->reg] = (uint8_t)cpu->r[d->rm]; return EXIT_NONE; }
static HANDLER(movzx_r16) { cpu->r[d->reg] = (uint16_t)cpu->r[d->rm]; return EXIT_NONE; }
#define MOVSX_FORMS(S)                                                                    \
    static HANDLER(movsx_r8_##S) { wr(cpu, d->reg, S, (uint64_t)(int64_t)(int8_t)cpu->r[d->rm]); return EXIT_NONE; } \
    static HANDLER(movsx_r16_##S) { wr(cpu, d->reg, S, (uint64_t)(int64_t)(int16_t)cpu->r[d->rm]); return EXIT_NONE; } \
    static HANDLER(movsx_m8_##S)                                                          \
    {                                                                                     \
        wr(cpu, d->reg, S, (uint64_t)(int64_t)*(const int8_t *)(uintptr_t)ea_of(cpu, ENTRY(d))); \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(movsx_m16_##S)                                                         \
    {                                                                                     \
        int16_t v;                                                                        \
        memcpy(&v, (const void *)(uintptr_t)ea_of(cpu, ENTRY(d)), 2);                     \
        wr(cpu, d->reg, S, (uint64_t)(int64_t)v);                                         \
        return EXIT_NONE;                                                                 \
    }
MOVSX_FORMS(4)
MOVSX_FORMS(8)

/* MOV r, imm (B8-BF): the immediate is precomputed (zero-extended for 32 bits). */
static HANDLER(mov_ri)
{
    cpu->r[(d->opcode & 7) | (d->rex & 1 ? 8 : 0)] = ENTRY(d)->target;
    return EXIT_NONE;
}

/* CMOVcc: the source is read either way; a 32-bit destination is
 * zero-extended even when the condition is false. */
#define CMOV_FORMS(S)                                                                     \
    static HANDLER(cmov_r##S)                                                             \
    {                                                                                     \
        uint64_t v = cpu->r[d->rm];                                                       \
        wr(cpu, d->reg, S, cond(cpu, d->opcode & 15) ? v : cpu->r[d->reg]);               \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(cmov_m##S)                                                             \
    {                                                                                     \
        uint64_t v = ld(ea_of(cpu, ENTRY(d)), S);                                         \
        wr(cpu, d->reg, S, cond(cpu, d->opcode & 15) ? v : cpu->r[d->reg]);               \
        return EXIT_NONE;                                                                 \
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
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(shr_ri##S)                                                             \
    {                                                                                     \
        unsigned c = (unsigned)ENTRY(d)->target;                                          \
        uint64_t a = rd(cpu, d->rm, S), r = a >> c;                                       \
        set_lazy(cpu, LAZY_SHR, S, a, c, r);                                              \
        cpu->lazy_cf = (a >> (c - 1)) & 1;                                                \
        wr(cpu, d->rm, S, r);                                                             \
        return EXIT_NONE;                                                                 \
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
        return EXIT_NONE;                                                                 \
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
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(imul_rm##S)                                                            \
    {                                                                                     \
        uint64_t v = ld(ea_of(cpu, ENTRY(d)), S);                                         \
        imul_done(cpu, d, S, sext(v, S), sext(rd(cpu, d->reg, S), S));                    \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(imul_rri##S)                                                           \
    {                                                                                     \
        imul_done(cpu, d, S, sext(rd(cpu, d->rm, S), S), (int64_t)ENTRY(d)->target);      \
        return EXIT_NONE;                                                                 \
    }                                                                                     \
    static HANDLER(imul_rmi##S)                                                           \
    {                                                                                     \
        const struct icache_entry *e = ENTRY(d);                                          \
        imul_done(cpu, d, S, sext(ld(ea_of(cpu, e), S), S), (int64_t)e->target);          \
        return EXIT_NONE;                                                                 \
    }
IMUL_FORMS(4)
IMUL_FORMS(8)

/* ---- control flow ---- */

static HANDLER(jcc_fast)
{
    if (cond(cpu, d->opcode & 15))
        cpu->rip = ENTRY(d)->target;
    return EXIT_NONE;
}

static HANDLER(jmp_fast)
{
    cpu->rip = ENTRY(d)->target;
    return EXIT_NONE;
}

/* 64-bit mode only: 8-byte stack slots, no SS base. */
static HANDLER(call64)
{
    uint64_t sp = cpu->r[RSP] - 8;
    st(sp, 8, cpu->rip);
    cpu->r[RSP] = sp;
    cpu->rip = ENTRY(d)->target;
    return EXIT_NONE;
}

static HANDLER(ret64)
{
    uint64_t sp = cpu->r[RSP];
    cpu->rip = ld(sp, 8);
    cpu->r[RSP] = sp + 8;
    return EXIT_NONE;
}

static HANDLER(push64)
{
    uint64_t v = cpu->r[(d->opcode & 7) | (d->rex & 1 ? 8 : 0)];
    uint64_t sp = cpu->r[RSP] - 8;
    st(sp, 8, v);
    cpu->r[RSP] = sp;
    return EXIT_NONE;
}

static HANDLER(pop64)
{
    uint64_t sp = cpu->r[RSP];
    uint64_t v = ld(sp, 8);
    cpu->r[RSP] = sp + 8;
    cpu->r[(d->opcode & 7) | (d->rex & 1 ? 8 : 0)] = v;   /* after the RSP update: POP RSP loads the value */
    return EXIT_NONE;
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
    if (op < 0x40 && (op & 7) <= 3 && (op & 1) && full) {
        const x86_handler *t = alu_tab[op >> 3][sz];
        if (!t[0])
            return generic;
        if (reg)
            return t[(op & 2) ? F_RRL : F_RR];
        return prepare_ea(e, rip, mode, false) ? t[(op & 2) ? F_RM : F_MR] : generic;
    }
    if ((op == 0x81 || op == 0x83) && full) {
        const x86_handler *t = alu_tab[(d->modrm >> 3) & 7][sz];
        if (!t[0])
            return generic;
        uint64_t imm = op == 0x83 ? (uint64_t)(int64_t)(int8_t)d->imm : (uint64_t)(int64_t)(int32_t)d->imm;
        e->target = imm & mask_of(d->osize);
        if (reg)
            return t[F_RI];
        return prepare_ea(e, rip, mode, false) ? t[F_MI] : generic;
    }
    if (op == 0x85 && full) {
        if (reg)
            return test_tab[sz][F_RR];
        return prepare_ea(e, rip, mode, false) ? test_tab[sz][F_MR] : generic;
    }
    if ((op == 0x89 || op == 0x8b) && full) {
        if (reg)
            return op == 0x89 ? (sz ? mov_rr8 : mov_rr4) : (sz ? mov_rrl8 : mov_rrl4);
        if (!prepare_ea(e, rip, mode, false))
            return generic;
        return op == 0x89 ? (sz ? mov_st8 : mov_st4) : (sz ? mov_ld8 : mov_ld4);
    }
    if (op == 0xc7 && full && !reg && ((d->modrm >> 3) & 7) == 0 && prepare_ea(e, rip, mode, false)) {
        e->target = d->osize == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : (uint32_t)d->imm;
        return sz ? mov_sti8 : mov_sti4;
    }
    if (op == 0x8d && full && !reg && prepare_ea(e, rip, mode, true))
        return sz ? lea8 : lea4;
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
    }
    return generic;
jcc:
    e->target = branch_target(e, rip, mode);
    return jcc_fast;
}
