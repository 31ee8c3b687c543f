/*
 * icache_fuse.c - compare-and-branch pairs: a CMP or TEST immediately
 * followed by a Jcc runs as one specialised handler, the way the host CPU
 * macro-fuses them. Loops end this way, so one dispatch (lookup, byte
 * check, indirect jump) in four or five instructions goes away.
 *
 * Exactness:
 *   - the Jcc's bytes lie inside the 16 bytes at the CMP's RIP that every
 *     hit of the CMP's cache entry compares (entries near a page end, which
 *     compare only their own bytes, are not fused), so the pair is still
 *     what memory holds;
 *   - the pair counts as two instructions against the budget: with no
 *     budget left after the CMP, the handler stops there and the Jcc runs
 *     on its own from the loop (as with a one-instruction budget);
 *   - the CMP records its lazy flags as always; the condition, one handler
 *     per condition, is computed from the same operands. A Jcc cannot
 *     fault, so the CMP's RIP as the current instruction for faults stays
 *     right.
 * tests/unit/test_icache.c runs every producer directly followed by every
 * Jcc against the hardware.
 */
#include "xlate/icache_ops.h"

/* Condition cc after CMP a, b of S bytes, and after TEST a, b: shifting
 * left by 64 - 8 * S keeps the operand's bits, the unsigned and the signed
 * order (as fast_cond() in icache_ops.h). cc is a constant per handler, so
 * each folds to a compare or two. */
static inline __attribute__((always_inline)) bool sub_cond(unsigned cc, unsigned S, uint64_t a, uint64_t b)
{
    unsigned sh = 64 - 8 * S;
    uint64_t A = a << sh, B = b << sh, R = A - B;
    bool of = ((A ^ B) & (A ^ R)) >> 63, pf = !__builtin_parity((unsigned)(a - b) & 0xff);
    switch (cc) {
    case 0: return of;
    case 1: return !of;
    case 2: return A < B;
    case 3: return A >= B;
    case 4: return A == B;
    case 5: return A != B;
    case 6: return A <= B;
    case 7: return A > B;
    case 8: return (int64_t)R < 0;
    case 9: return (int64_t)R >= 0;
    case 10: return pf;
    case 11: return !pf;
    case 12: return (int64_t)A < (int64_t)B;
    case 13: return (int64_t)A >= (int64_t)B;
    case 14: return (int64_t)A <= (int64_t)B;
    default: return (int64_t)A > (int64_t)B;
    }
}

static inline __attribute__((always_inline)) bool test_cond(unsigned cc, unsigned S, uint64_t a, uint64_t b)
{
    int64_t R = (int64_t)((a & b) << (64 - 8 * S));   /* CF = OF = 0 */
    bool pf = !__builtin_parity((unsigned)(a & b) & 0xff);
    switch (cc) {
    case 0: case 2: return false;
    case 1: case 3: return true;
    case 4: case 6: return R == 0;
    case 5: case 7: return R != 0;
    case 8: case 12: return R < 0;
    case 9: case 13: return R >= 0;
    case 10: return pf;
    case 11: return !pf;
    case 14: return R <= 0;
    default: return R > 0;
    }
}

/* After the CMP/TEST: the Jcc, if the budget allows one more instruction. */
static inline __attribute__((always_inline)) enum x86_exit fused_jcc(struct x86_cpu *cpu, const struct x86_inst *d,
                                                                     bool taken)
{
    struct icache_run *run = &icache_run;
    if (__builtin_expect(run->chain == 0, 0))
        return EXIT_NONE;   /* the Jcc runs from the loop */
    run->chain--;
    const struct icache_entry *e = ENTRY(d);
    cpu->rip = taken ? e->target2 : cpu->rip + e->fuse_len;
    return next(cpu);
}

#define CMP_J(a, b, S, cc)                                                                \
    {                                                                                     \
        uint64_t x_ = (a), y_ = (b);                                                      \
        OP_SUB(x_, y_, S);                                                                \
        return fused_jcc(cpu, d, sub_cond(cc, S, x_, y_));                                \
    }
#define TEST_J(a, b, S, cc)                                                               \
    {                                                                                     \
        uint64_t x_ = (a), y_ = (b);                                                      \
        OP_AND(x_, y_, S);                                                                \
        return fused_jcc(cpu, d, test_cond(cc, S, x_, y_));                               \
    }

/* The forms of icache_ops.c's cmp_* and test_* handlers, per size and condition */
#define FUSED_FORMS(S, cc)                                                                                    \
    static HANDLER(cmp_rr##S##_j##cc) CMP_J(rd(cpu, d->rm, S), rd(cpu, d->reg, S), S, cc)                     \
    static HANDLER(cmp_rrl##S##_j##cc) CMP_J(rd(cpu, d->reg, S), rd(cpu, d->rm, S), S, cc)                    \
    static HANDLER(cmp_mr##S##_j##cc) CMP_J(ld(cpu, ea_of(cpu, ENTRY(d)), S), rd(cpu, d->reg, S), S, cc)       \
    static HANDLER(cmp_rm##S##_j##cc) CMP_J(rd(cpu, d->reg, S), ld(cpu, ea_of(cpu, ENTRY(d)), S), S, cc)       \
    static HANDLER(cmp_ri##S##_j##cc) CMP_J(rd(cpu, d->rm, S), ENTRY(d)->target, S, cc)                       \
    static HANDLER(cmp_mi##S##_j##cc) CMP_J(ld(cpu, ea_of(cpu, ENTRY(d)), S), ENTRY(d)->target, S, cc)         \
    static HANDLER(cmp_ai##S##_j##cc) CMP_J(rd(cpu, RAX, S), ENTRY(d)->target, S, cc)                         \
    static HANDLER(test_rr##S##_j##cc) TEST_J(rd(cpu, d->rm, S), rd(cpu, d->reg, S), S, cc)                   \
    static HANDLER(test_mr##S##_j##cc) TEST_J(ld(cpu, ea_of(cpu, ENTRY(d)), S), rd(cpu, d->reg, S), S, cc)     \
    static HANDLER(test_ai##S##_j##cc) TEST_J(rd(cpu, RAX, S), ENTRY(d)->target, S, cc)
#define FUSED_CC(cc) FUSED_FORMS(1, cc) FUSED_FORMS(4, cc) FUSED_FORMS(8, cc)
FUSED_CC(0) FUSED_CC(1) FUSED_CC(2) FUSED_CC(3) FUSED_CC(4) FUSED_CC(5) FUSED_CC(6) FUSED_CC(7)
FUSED_CC(8) FUSED_CC(9) FUSED_CC(10) FUSED_CC(11) FUSED_CC(12) FUSED_CC(13) FUSED_CC(14) FUSED_CC(15)

enum { J_CMP_RR, J_CMP_RRL, J_CMP_MR, J_CMP_RM, J_CMP_RI, J_CMP_MI, J_CMP_AI, J_TEST_RR, J_TEST_MR, J_TEST_AI };
#define CC16(name) { name##0, name##1, name##2, name##3, name##4, name##5, name##6, name##7, \
                     name##8, name##9, name##10, name##11, name##12, name##13, name##14, name##15 }
#define FUSED_ROW(S) { CC16(cmp_rr##S##_j), CC16(cmp_rrl##S##_j), CC16(cmp_mr##S##_j), CC16(cmp_rm##S##_j), \
                       CC16(cmp_ri##S##_j), CC16(cmp_mi##S##_j), CC16(cmp_ai##S##_j), CC16(test_rr##S##_j), \
                       CC16(test_mr##S##_j), CC16(test_ai##S##_j) }
/* [size 1/4/8][form][condition] */
static const x86_handler fused_tab[3][10][16] = { FUSED_ROW(1), FUSED_ROW(4), FUSED_ROW(8) };

/* Which of the forms above the CMP/TEST in e is (h is its specialised
 * handler: the operands are ones icache_ops.c handles), or -1. */
static int form_of(const struct x86_inst *d)
{
    unsigned op = d->opcode;
    bool reg = d->mod == 3;
    if (d->map != MAP_ONE)
        return -1;
    if (op >= 0x38 && op <= 0x3b)
        return reg ? ((op & 2) ? J_CMP_RRL : J_CMP_RR) : ((op & 2) ? J_CMP_RM : J_CMP_MR);
    if (op == 0x3c || op == 0x3d)
        return J_CMP_AI;
    if ((op == 0x80 || op == 0x81 || op == 0x83) && ((d->modrm >> 3) & 7) == 7)
        return reg ? J_CMP_RI : J_CMP_MI;
    if (op == 0x84 || op == 0x85)
        return reg ? J_TEST_RR : J_TEST_MR;
    if (op == 0xa8 || op == 0xa9)
        return J_TEST_AI;
    return -1;
}

x86_handler icache_fuse(struct icache_entry *e, uint64_t rip, enum x86_mode mode, x86_handler h)
{
    const struct x86_inst *d = &e->d;
    int form = form_of(d);
    if (form < 0 || (rip & 4095) > 4096 - 16)
        return h;
    unsigned size = (d->opcode & 1) || d->opcode == 0x81 || d->opcode == 0x83 ? d->osize : 1;
    int si = size == 1 ? 0 : size == 4 ? 1 : size == 8 ? 2 : -1;
    if (si < 0)
        return h;
    /* The Jcc, decoded from the rest of the 16 bytes the entry checks. */
    struct icache_entry j;
    if (x86_decode((const uint8_t *)(uintptr_t)(rip + d->len), 16u - d->len, mode, &j.d) != DECODE_OK || j.d.ud ||
        j.d.prefixes != 0)
        return h;
    bool jcc = (j.d.map == MAP_ONE && j.d.opcode >= 0x70 && j.d.opcode <= 0x7f) ||
               (j.d.map == MAP_0F && j.d.opcode >= 0x80 && j.d.opcode <= 0x8f);
    if (!jcc)
        return h;
    uint64_t after = rip + d->len + j.d.len;
    if (mode != X86_MODE_64 && after > 0xffffffffull)
        return h;   /* RIP would wrap between the two: not worth the case */
    e->target2 = icache_branch_target(&j, rip + d->len, mode);
    e->fuse_len = j.d.len;
    return fused_tab[si][form][j.d.opcode & 15];
}
