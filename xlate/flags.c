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

static inline uint64_t size_mask(unsigned size)
{
    return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

static inline unsigned parity(uint64_t v)
{
    return !__builtin_parity((unsigned)(v & 0xff)); /* PF is set for an even number of ones */
}

uint64_t x86_get_flags(struct x86_cpu *cpu)
{
    if (cpu->lazy_op == LAZY_NONE)
        return cpu->flags;
    unsigned size = cpu->lazy_size, top = size * 8 - 1;
    uint64_t m = size_mask(size);
    uint64_t a = cpu->lazy_a & m, b = cpu->lazy_b & m, r = cpu->lazy_res & m;
    unsigned cf = 0, of = 0, af = 0;
    switch (cpu->lazy_op) {
    case LAZY_ADD:
        cf = r < a;
        of = (((a ^ r) & (b ^ r)) >> top) & 1;
        af = ((a ^ b ^ r) >> 4) & 1;
        break;
    case LAZY_ADC:
        cf = cpu->lazy_cf ? r <= a : r < a;
        of = (((a ^ r) & (b ^ r)) >> top) & 1;
        af = ((a ^ b ^ r) >> 4) & 1;
        break;
    case LAZY_SUB:
        cf = a < b;
        of = (((a ^ b) & (a ^ r)) >> top) & 1;
        af = ((a ^ b ^ r) >> 4) & 1;
        break;
    case LAZY_SBB:
        cf = cpu->lazy_cf ? a <= b : a < b;
        of = (((a ^ b) & (a ^ r)) >> top) & 1;
        af = ((a ^ b ^ r) >> 4) & 1;
        break;
    case LAZY_LOGIC:
        break;
    case LAZY_INC:
        cf = (unsigned)cpu->lazy_cf;
        of = r == (1ull << top);
        af = (r & 0xf) == 0;
        break;
    case LAZY_DEC:
        cf = (unsigned)cpu->lazy_cf;
        of = r == (1ull << top) - 1;
        af = (r & 0xf) == 0xf;
        break;
    case LAZY_SHL:
        cf = (unsigned)cpu->lazy_cf;
        of = ((r >> top) & 1) ^ cf;
        break;
    case LAZY_SHR:
        cf = (unsigned)cpu->lazy_cf;
        of = (a >> top) & 1;
        break;
    case LAZY_SAR:
        cf = (unsigned)cpu->lazy_cf;
        of = 0;
        break;
    case LAZY_MUL:
    case LAZY_IMUL:
        cf = of = (unsigned)cpu->lazy_cf;
        break;
    }
    uint64_t f = cpu->flags & ~(uint64_t)F_ARITH;
    f |= cf ? F_CF : 0;
    f |= parity(r) ? F_PF : 0;
    f |= af ? F_AF : 0;
    f |= r == 0 ? F_ZF : 0;
    f |= ((r >> top) & 1) ? F_SF : 0;
    f |= of ? F_OF : 0;
    cpu->flags = f;
    cpu->lazy_op = LAZY_NONE;
    return f;
}

void x86_set_flags(struct x86_cpu *cpu, uint64_t flags)
{
    cpu->flags = flags | 2; /* bit 1 always reads as 1 */
    cpu->lazy_op = LAZY_NONE;
}
