/*
 * icache_simd.c - specialised handlers (see icache_ops.h) for the SSE2
 * forms that C libraries' string and memory functions run in their inner
 * loops: 16-byte moves (MOVDQA/MOVDQU/MOVAPS/MOVUPS and stores), byte,
 * word and dword compares, the bitwise ops, PMINUB/PMAXUB, byte add and
 * subtract, the low unpacks and PSHUFD (broadcasting a byte), PMOVMSKB,
 * MOVD/MOVQ xmm from a general register; and BT with a register bit offset
 * (string search bitmaps).
 *
 * Semantics are op_sse's (interp_sse.c): an aligned form (MOVDQA, MOVAPS,
 * every legacy-SSE arithmetic source in memory) raises #GP(0) on a
 * misaligned address before any access; a 16-byte load probes its first
 * byte and the next page first (so a fault names the address the hardware
 * would); stores are plain 16-byte copies. The vector types are GCC's
 * generic vectors: no host intrinsics, any host.
 */
#include "xlate/icache_ops.h"

typedef uint8_t v16u8 __attribute__((vector_size(16)));
typedef int8_t v16i8 __attribute__((vector_size(16)));
typedef uint16_t v8u16 __attribute__((vector_size(16)));
typedef uint32_t v4u32 __attribute__((vector_size(16)));
typedef uint64_t v2u64 __attribute__((vector_size(16)));

static inline v2u64 xget(const struct x86_cpu *cpu, unsigned n)
{
    v2u64 v;
    memcpy(&v, &cpu->xmm[n], 16);
    return v;
}

static inline void xset(struct x86_cpu *cpu, unsigned n, v2u64 v)
{
    memcpy(&cpu->xmm[n], &v, 16);
}

/* The 16-byte memory operand's address; #GP(0) when it must be aligned and is not. */
static inline uint64_t m128_ea(struct x86_cpu *cpu, const struct x86_inst *d, bool aligned)
{
    uint64_t la = ea_of(cpu, ENTRY(d));
    if (aligned && (la & 15))
        x86_fault(cpu, VEC_GP, 0, 0);
    return la;
}

static inline v2u64 m128_load(struct x86_cpu *cpu, uint64_t la)
{
    v2u64 v;
    mem_probe(cpu, la, 16);
    memcpy(&v, mem_ptr_ro(cpu, la, 16), 16);
    return v;
}

/* A store across a page boundary is probed first: a fault on the second
 * page then leaves the first untouched, as on the hardware, whatever order
 * the host's copy writes in. */
static inline void m128_store(struct x86_cpu *cpu, uint64_t la, v2u64 v)
{
    if (__builtin_expect((la & 4095) > 4096 - 16, 0))
        mem_probe_write(cpu, la, 16);
    memcpy(mem_ptr(cpu, la, 16), &v, 16);
}

/* ---- moves ---- */

static HANDLER(movx_rr) { xset(cpu, d->reg, xget(cpu, d->rm)); return next(cpu); }
static HANDLER(movx_rr_st) { xset(cpu, d->rm, xget(cpu, d->reg)); return next(cpu); }
static HANDLER(movx_ld_a) { xset(cpu, d->reg, m128_load(cpu, m128_ea(cpu, d, true))); return next(cpu); }
static HANDLER(movx_ld_u) { xset(cpu, d->reg, m128_load(cpu, m128_ea(cpu, d, false))); return next(cpu); }
static HANDLER(movx_st_a) { m128_store(cpu, m128_ea(cpu, d, true), xget(cpu, d->reg)); return next(cpu); }
static HANDLER(movx_st_u) { m128_store(cpu, m128_ea(cpu, d, false), xget(cpu, d->reg)); return next(cpu); }

/* MOVD/MOVQ xmm, r32/r64 (66 [REX.W] 0F 6E): the rest of the register is zeroed. */
static HANDLER(movd_xr)
{
    uint64_t v = (d->rex & 8) ? cpu->r[d->rm] : (uint32_t)cpu->r[d->rm];
    xset(cpu, d->reg, (v2u64){ v, 0 });
    return next(cpu);
}

static HANDLER(movd_xm)
{
    uint64_t la = ea_of(cpu, ENTRY(d));
    uint64_t v = (d->rex & 8) ? ld(cpu, la, 8) : ld(cpu, la, 4);
    xset(cpu, d->reg, (v2u64){ v, 0 });
    return next(cpu);
}

/* The top bits of the 8 bytes of q, as an 8-bit number (byte i -> bit i):
 * the multiply adds each masked bit, shifted into place, into the top byte
 * without carries. */
static inline uint64_t byte_msbs(uint64_t q)
{
    return ((q & 0x8080808080808080ull) * 0x0002040810204081ull) >> 56;
}

/* PMOVMSKB r32, xmm (66 0F D7, register source only) */
static HANDLER(pmovmskb)
{
    v2u64 v = xget(cpu, d->rm);
    cpu->r[d->reg] = byte_msbs(v[0]) | byte_msbs(v[1]) << 8;   /* 32-bit destination: upper half zeroed */
    return next(cpu);
}

/* ---- integer SIMD: xmm = xmm op xmm/m128 (aligned) ---- */

static inline __attribute__((always_inline)) v2u64 simd_op(unsigned op, v2u64 a, v2u64 b)
{
    switch (op) {
    case 0x74: return (v2u64)((v16u8)a == (v16u8)b);
    case 0x75: return (v2u64)((v8u16)a == (v8u16)b);
    case 0x76: return (v2u64)((v4u32)a == (v4u32)b);
    case 0xdb: return a & b;
    case 0xdf: return ~a & b;
    case 0xeb: return a | b;
    case 0xef: return a ^ b;
    case 0xda: { v2u64 m = (v2u64)((v16u8)a < (v16u8)b); return (a & m) | (b & ~m); }   /* PMINUB */
    case 0xde: { v2u64 m = (v2u64)((v16u8)a > (v16u8)b); return (a & m) | (b & ~m); }   /* PMAXUB */
    case 0x60: return (v2u64)__builtin_shuffle((v16u8)a, (v16u8)b,   /* PUNPCKLBW */
                                               (v16u8){ 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23 });
    case 0x61: return (v2u64)__builtin_shuffle((v8u16)a, (v8u16)b, (v8u16){ 0, 8, 1, 9, 2, 10, 3, 11 });
    case 0x62: return (v2u64)__builtin_shuffle((v4u32)a, (v4u32)b, (v4u32){ 0, 4, 1, 5 });
    case 0x6c: return (v2u64){ a[0], b[0] };                           /* PUNPCKLQDQ */
    case 0xf8: return (v2u64)((v16u8)a - (v16u8)b);
    case 0xfc: return (v2u64)((v16u8)a + (v16u8)b);
    case 0xfe: return (v2u64)((v4u32)a + (v4u32)b);
    default: return (v2u64)((v4u32)a - (v4u32)b);   /* 0xfa PSUBD */
    }
}

#define SIMD_FORMS(name, op)                                                              \
    static HANDLER(name##_rr)                                                             \
    {                                                                                     \
        xset(cpu, d->reg, simd_op(op, xget(cpu, d->reg), xget(cpu, d->rm)));              \
        return next(cpu);                                                                 \
    }                                                                                     \
    static HANDLER(name##_rm)                                                             \
    {                                                                                     \
        v2u64 s = m128_load(cpu, m128_ea(cpu, d, true));                                  \
        xset(cpu, d->reg, simd_op(op, xget(cpu, d->reg), s));                             \
        return next(cpu);                                                                 \
    }
SIMD_FORMS(pcmpeqb, 0x74)
SIMD_FORMS(pcmpeqw, 0x75)
SIMD_FORMS(pcmpeqd, 0x76)
SIMD_FORMS(pand, 0xdb)
SIMD_FORMS(pandn, 0xdf)
SIMD_FORMS(por, 0xeb)
SIMD_FORMS(pxor, 0xef)
SIMD_FORMS(pminub, 0xda)
SIMD_FORMS(pmaxub, 0xde)
SIMD_FORMS(psubb, 0xf8)
SIMD_FORMS(paddb, 0xfc)
SIMD_FORMS(paddd, 0xfe)
SIMD_FORMS(psubd, 0xfa)
SIMD_FORMS(punpcklbw, 0x60)
SIMD_FORMS(punpcklwd, 0x61)
SIMD_FORMS(punpckldq, 0x62)
SIMD_FORMS(punpcklqdq, 0x6c)

/* PSHUFD xmm, xmm/m128 (aligned), imm8 (in target) */
static inline v2u64 pshufd(v2u64 s, unsigned imm)
{
    v4u32 v = (v4u32)s, r;
    for (int i = 0; i < 4; i++)
        r[i] = v[(imm >> (2 * i)) & 3];
    return (v2u64)r;
}
static HANDLER(pshufd_rr) { xset(cpu, d->reg, pshufd(xget(cpu, d->rm), (unsigned)ENTRY(d)->target)); return next(cpu); }
static HANDLER(pshufd_rm)
{
    v2u64 s = m128_load(cpu, m128_ea(cpu, d, true));
    xset(cpu, d->reg, pshufd(s, (unsigned)ENTRY(d)->target));
    return next(cpu);
}

/* ---- BT r/m, r (0F A3) at 32/64 bits ---- */

/* CF is the bit; the other flags are kept (materialised), as bit_op does. */
static inline void bt_done(struct x86_cpu *cpu, uint64_t bit)
{
    uint64_t f = cpu->lazy_op == LAZY_NONE ? cpu->flags : x86_get_flags(cpu);
    x86_set_flags(cpu, (f & ~(uint64_t)F_CF) | (bit & 1));
}

#define BT_FORMS(S)                                                                       \
    static HANDLER(bt_rr##S)                                                              \
    {                                                                                     \
        bt_done(cpu, rd(cpu, d->rm, S) >> (cpu->r[d->reg] & (S * 8 - 1)));                \
        return next(cpu);                                                                 \
    }                                                                                     \
    /* the offset is signed and may reach outside the operand, in words */               \
    static HANDLER(bt_mr##S)                                                              \
    {                                                                                     \
        int64_t off = sext(rd(cpu, d->reg, S), S);                                        \
        uint64_t la = ea_of(cpu, ENTRY(d)) + (uint64_t)((off >> (S == 4 ? 5 : 6)) * S);  \
        bt_done(cpu, ld(cpu, la, S) >> (off & (S * 8 - 1)));                              \
        return next(cpu);                                                                 \
    }
BT_FORMS(4)
BT_FORMS(8)

/* ---- selection ---- */

x86_handler icache_select_simd(struct icache_entry *e, uint64_t rip, enum x86_mode mode)
{
    const struct x86_inst *d = &e->d;
    unsigned op = d->opcode, mand = d->mandatory;
    bool reg = d->has_modrm && d->mod == 3;
    if (d->map != MAP_0F)
        return NULL;
    if (op == 0xa3 && (d->osize == 4 || d->osize == 8)) {
        bool q = d->osize == 8;
        if (reg)
            return q ? bt_rr8 : bt_rr4;
        /* the word is addressed from the operand; 64-bit mode or flat 32-bit only */
        return icache_prepare_ea(e, rip, mode, false) ? (q ? bt_mr8 : bt_mr4) : NULL;
    }
    /* 16-byte moves: 0F 10/11 (MOVUPS, 66: MOVUPD), 0F 28/29 (MOVAPS, 66:
     * MOVAPD), 66 0F 6F/7F (MOVDQA), F3 0F 6F/7F (MOVDQU) */
    bool move = ((op == 0x10 || op == 0x11 || op == 0x28 || op == 0x29) && (mand == MAND_NONE || mand == MAND_66)) ||
                ((op == 0x6f || op == 0x7f) && (mand == MAND_66 || mand == MAND_F3));
    if (move) {
        bool load = op == 0x10 || op == 0x28 || op == 0x6f;
        bool aligned = op == 0x28 || op == 0x29 || ((op == 0x6f || op == 0x7f) && mand == MAND_66);
        if (reg)
            return load ? movx_rr : movx_rr_st;
        if (!icache_prepare_ea(e, rip, mode, false))
            return NULL;
        return load ? (aligned ? movx_ld_a : movx_ld_u) : (aligned ? movx_st_a : movx_st_u);
    }
    if (mand != MAND_66)
        return NULL;
    if (op == 0x6e) {
        if (reg)
            return movd_xr;
        return icache_prepare_ea(e, rip, mode, false) ? movd_xm : NULL;
    }
    if (op == 0xd7)
        return reg ? pmovmskb : NULL;
    static const struct { uint8_t op; x86_handler rr, rm; } ops[] = {
        { 0x74, pcmpeqb_rr, pcmpeqb_rm }, { 0x75, pcmpeqw_rr, pcmpeqw_rm }, { 0x76, pcmpeqd_rr, pcmpeqd_rm },
        { 0xdb, pand_rr, pand_rm }, { 0xdf, pandn_rr, pandn_rm }, { 0xeb, por_rr, por_rm },
        { 0xef, pxor_rr, pxor_rm }, { 0xda, pminub_rr, pminub_rm }, { 0xde, pmaxub_rr, pmaxub_rm },
        { 0xf8, psubb_rr, psubb_rm }, { 0xfc, paddb_rr, paddb_rm }, { 0xfe, paddd_rr, paddd_rm },
        { 0xfa, psubd_rr, psubd_rm }, { 0x60, punpcklbw_rr, punpcklbw_rm }, { 0x61, punpcklwd_rr, punpcklwd_rm },
        { 0x62, punpckldq_rr, punpckldq_rm }, { 0x6c, punpcklqdq_rr, punpcklqdq_rm }, { 0x70, pshufd_rr, pshufd_rm },
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (ops[i].op != op)
            continue;
        e->target = d->imm & 0xff;   /* PSHUFD's order */
        if (reg)
            return ops[i].rr;
        return icache_prepare_ea(e, rip, mode, false) ? ops[i].rm : NULL;
    }
    return NULL;
}
