/*
 * flags.c - lazy EFLAGS. Flag-setting instructions record what they did
 * (struct x86_cpu: lazy_op, lazy_size, lazy_a, lazy_b, lazy_res, lazy_cf);
 * the six arithmetic flags are derived here only when something reads them
 * (Jcc, SETcc, PUSHF, ADC ...). Most results are never read: a compare is
 * usually followed by one branch, and an ADD's flags by nothing at all.
 *
 * Conventions per op: ADD/SUB: res = a op b; ADC/SBB: lazy_cf is the carry
 * in; INC/DEC: lazy_cf is the CF that INC/DEC preserve; shifts: lazy_cf is
 * the last bit shifted out, a the unshifted value; MUL/IMUL: lazy_cf is 1
 * when the high half is significant (CF = OF = it).
 */
#include "xlate/cpu.h"

static inline unsigned parity(uint64_t v)
{
    return !__builtin_parity((unsigned)(v & 0xff)); /* PF is set for an even number of ones */
}

/* Performance: called for every flag read the inlined conditions of
 * icache_ops.h do not answer (PUSHF, BT, ROL, LAHF, SETcc after ADC ...).
 * The recorded values are shifted left by 64 - 8 * size: that drops the
 * bits above the operand size, puts its sign at bit 63 and keeps the
 * unsigned order, so no per-size masks or shifts by the top bit remain. */
uint64_t x86_get_flags(struct x86_cpu *cpu)
{
    unsigned op = cpu->lazy_op;
    if (op == LAZY_NONE)
        return cpu->flags;
    unsigned sh = (64 - 8u * cpu->lazy_size) & 63;
    uint64_t a = cpu->lazy_a << sh, b = cpu->lazy_b << sh, r = cpu->lazy_res << sh;
    uint64_t carry = (uint32_t)cpu->lazy_cf != 0;   /* as a bool, like the unsigned it was stored from */
    uint64_t half = ((cpu->lazy_a ^ cpu->lazy_b ^ cpu->lazy_res) >> 4) & 1;   /* AF of ADD/SUB/ADC/SBB */
    uint64_t cf = 0, of = 0, af = 0;
    switch (op) {
    case LAZY_ADD:
        cf = r < a;
        of = ((a ^ r) & (b ^ r)) >> 63;
        af = half;
        break;
    case LAZY_ADC:
        cf = cpu->lazy_cf ? r <= a : r < a;
        of = ((a ^ r) & (b ^ r)) >> 63;
        af = half;
        break;
    case LAZY_SUB:
        cf = a < b;
        of = ((a ^ b) & (a ^ r)) >> 63;
        af = half;
        break;
    case LAZY_SBB:
        cf = cpu->lazy_cf ? a <= b : a < b;
        of = ((a ^ b) & (a ^ r)) >> 63;
        af = half;
        break;
    case LAZY_LOGIC:
        break;
    case LAZY_INC:
        cf = carry;
        of = r == 1ull << 63;                              /* the result is the most negative value */
        af = (cpu->lazy_res & 0xf) == 0;
        break;
    case LAZY_DEC:
        cf = carry;
        of = r == ((~0ull >> 1) & (~0ull << sh));          /* ... the most positive */
        af = (cpu->lazy_res & 0xf) == 0xf;
        break;
    case LAZY_SHL:
        cf = carry;
        of = (r >> 63) ^ cf;
        break;
    case LAZY_SHR:
        cf = carry;
        of = a >> 63;
        break;
    case LAZY_SAR:
        cf = carry;
        break;
    case LAZY_MUL:
    case LAZY_IMUL:
        cf = of = carry;
        break;
    }
    uint64_t f = (cpu->flags & ~(uint64_t)F_ARITH) | cf | (uint64_t)parity(cpu->lazy_res) << 2 | af << 4 |
                 (uint64_t)(r == 0) << 6 | (r >> 63) << 7 | of << 11;
    cpu->flags = f;
    cpu->lazy_op = LAZY_NONE;
    return f;
}

void x86_set_flags(struct x86_cpu *cpu, uint64_t flags)
{
    cpu->flags = flags | 2; /* bit 1 always reads as 1 */
    cpu->lazy_op = LAZY_NONE;
}
