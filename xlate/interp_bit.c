/*
 * interp_bit.c - bit instructions: BT/BTS/BTR/BTC (register and immediate
 * forms, LOCK-able), BSF/BSR, TZCNT/LZCNT/POPCNT (F3 forms).
 */
#include "xlate/interp.h"

uint64_t x86_atomic_load(void *p, unsigned size);
bool x86_cas(void *p, unsigned size, uint64_t *old, uint64_t new);

/* 0F A3/AB/B3/BB (bit offset in a register: may address outside the operand
 * in memory) and 0F BA /4-/7 (immediate offset, taken modulo the size). */
static void bit_op(struct x86_cpu *cpu, const struct x86_inst *d, unsigned kind, int64_t offset, bool imm)
{
    unsigned size = d->osize, bits = size * 8;
    uint64_t f = x86_get_flags(cpu) & ~(uint64_t)F_CF;
    if (d->mod == 3 || imm) {
        unsigned bit = (unsigned)((uint64_t)offset & (bits - 1));
        if (d->mod == 3) {
            uint64_t v = reg_get(cpu, d, d->rm, size);
            if ((v >> bit) & 1)
                f |= F_CF;
            if (kind == 1) v |= 1ull << bit;
            else if (kind == 2) v &= ~(1ull << bit);
            else if (kind == 3) v ^= 1ull << bit;
            if (kind)
                reg_set(cpu, d, d->rm, size, v);
            x86_set_flags(cpu, f);
            return;
        }
        offset = bit;
    }
    /* Memory: the operand-sized word holding the bit, at a signed distance
     * (in words) from the operand; the hardware accesses the whole word. */
    unsigned shift = size == 2 ? 4 : size == 4 ? 5 : 6;
    uint64_t la = modrm_addr(cpu, d) + (uint64_t)((offset >> shift) * (int64_t)size);
    uint64_t m = 1ull << (offset & (bits - 1)), old;
    if (kind == 0) {
        old = mem_read(cpu, la, size);
    } else if (d->prefixes & PFX_LOCK) {
        void *p = mem_ptr(cpu, la, size);
        uint64_t nv;
        old = x86_atomic_load(p, size);
        do
            nv = kind == 1 ? old | m : kind == 2 ? old & ~m : old ^ m;
        while (!x86_cas(p, size, &old, nv));
    } else {
        x86_rmw = true;
        old = mem_read(cpu, la, size);
        mem_write(cpu, la, size, kind == 1 ? old | m : kind == 2 ? old & ~m : old ^ m);
        x86_rmw = false;
    }
    if (old & m)
        f |= F_CF;
    x86_set_flags(cpu, f);
}

HANDLER(op_bt_r)       /* 0F A3 BT, AB BTS, B3 BTR, BB BTC */
{
    unsigned kind = d->opcode == 0xa3 ? 0 : d->opcode == 0xab ? 1 : d->opcode == 0xb3 ? 2 : 3;
    int64_t off = sext(reg_get(cpu, d, d->reg, d->osize), d->osize);
    bit_op(cpu, d, kind, off, false);
    return EXIT_NONE;
}

HANDLER(op_grp8)       /* 0F BA /4 BT, /5 BTS, /6 BTR, /7 BTC, imm8 */
{
    unsigned r = (d->modrm >> 3) & 7;
    if (r < 4)
        x86_undefined(cpu, d);
    bit_op(cpu, d, r - 4, (int64_t)(d->imm & (d->osize * 8 - 1)), true);
    return EXIT_NONE;
}

HANDLER(op_bsf_bsr)    /* 0F BC BSF / TZCNT (F3), 0F BD BSR / LZCNT (F3) */
{
    unsigned size = d->osize, bits = size * 8;
    uint64_t v = rm_read(cpu, d, size);
    bool cnt = d->mandatory == MAND_F3;
    uint64_t f = x86_get_flags(cpu);
    if (cnt) {
        unsigned n;
        if (d->opcode == 0xbc)
            n = v ? (unsigned)__builtin_ctzll(v) : bits;
        else
            n = v ? (unsigned)__builtin_clzll(v) - (64 - bits) : bits;
        reg_set(cpu, d, d->reg, size, n);
        f &= ~(uint64_t)(F_CF | F_ZF);
        if (n == bits) f |= F_CF;
        if (n == 0) f |= F_ZF;
        x86_set_flags(cpu, f);
        return EXIT_NONE;
    }
    f &= ~(uint64_t)F_ZF;
    if (!v) {
        f |= F_ZF;      /* destination unchanged (as Intel and AMD implement it) */
    } else {
        unsigned n = d->opcode == 0xbc ? (unsigned)__builtin_ctzll(v) : 63 - (unsigned)__builtin_clzll(v);
        reg_set(cpu, d, d->reg, size, n);
    }
    x86_set_flags(cpu, f);
    return EXIT_NONE;
}

HANDLER(op_popcnt)     /* F3 0F B8 */
{
    if (d->mandatory != MAND_F3)
        x86_undefined(cpu, d);
    uint64_t v = rm_read(cpu, d, d->osize);
    unsigned n = (unsigned)__builtin_popcountll(v);
    reg_set(cpu, d, d->reg, d->osize, n);
    uint64_t f = x86_get_flags(cpu) & ~(uint64_t)F_ARITH;
    if (!v)
        f |= F_ZF;
    x86_set_flags(cpu, f);
    return EXIT_NONE;
}
