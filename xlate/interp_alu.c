/*
 * interp_alu.c - integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP
 * in all encodings, TEST, INC/DEC, NOT/NEG, MUL/IMUL/DIV/IDIV, the shifts and
 * rotates, and LOCK-prefixed read-modify-write done with host atomics so that
 * multi-threaded guests stay correct.
 */
#include "xlate/interp.h"

enum alu_op { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

/* Compute a op b at size and record the flags. */
static uint64_t alu(struct x86_cpu *cpu, unsigned op, unsigned size, uint64_t a, uint64_t b)
{
    uint64_t r, m = mask_of(size);
    switch (op) {
    case ALU_ADD: r = a + b; set_lazy(cpu, LAZY_ADD, size, a, b, r); break;
    case ALU_ADC: {
        uint64_t c = get_cf(cpu);
        r = a + b + c;
        set_lazy(cpu, LAZY_ADC, size, a, b, r);
        cpu->lazy_cf = c;
        break;
    }
    case ALU_SBB: {
        uint64_t c = get_cf(cpu);
        r = a - b - c;
        set_lazy(cpu, LAZY_SBB, size, a, b, r);
        cpu->lazy_cf = c;
        break;
    }
    case ALU_SUB: case ALU_CMP: r = a - b; set_lazy(cpu, LAZY_SUB, size, a, b, r); break;
    case ALU_OR: r = a | b; set_lazy(cpu, LAZY_LOGIC, size, a, b, r); break;
    case ALU_AND: r = a & b; set_lazy(cpu, LAZY_LOGIC, size, a, b, r); break;
    default: r = a ^ b; set_lazy(cpu, LAZY_LOGIC, size, a, b, r); break;
    }
    return r & m;
}

/* Atomic compare-and-swap on guest memory of the given size. */
bool x86_cas(void *p, unsigned size, uint64_t *old, uint64_t new);
bool x86_cas(void *p, unsigned size, uint64_t *old, uint64_t new)
{
    switch (size) {
    case 1: { uint8_t o = (uint8_t)*old; bool ok = __atomic_compare_exchange_n((uint8_t *)p, &o, (uint8_t)new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); *old = o; return ok; }
    case 2: { uint16_t o = (uint16_t)*old; bool ok = __atomic_compare_exchange_n((uint16_t *)p, &o, (uint16_t)new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); *old = o; return ok; }
    case 4: { uint32_t o = (uint32_t)*old; bool ok = __atomic_compare_exchange_n((uint32_t *)p, &o, (uint32_t)new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); *old = o; return ok; }
    default: return __atomic_compare_exchange_n((uint64_t *)p, old, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
}

/* The first read of a LOCKed read-modify-write: a fault on it is a write. */
uint64_t x86_atomic_load(void *p, unsigned size)
{
    uint64_t v;
    x86_rmw = true;
    switch (size) {
    case 1: v = __atomic_load_n((uint8_t *)p, __ATOMIC_SEQ_CST); break;
    case 2: v = __atomic_load_n((uint16_t *)p, __ATOMIC_SEQ_CST); break;
    case 4: v = __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST); break;
    default: v = __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST); break;
    }
    x86_rmw = false;
    return v;
}

/* r/m = r/m op b, honouring LOCK on memory. CMP only reads. */
static void alu_rm(struct x86_cpu *cpu, const struct x86_inst *d, unsigned op, unsigned size, uint64_t b)
{
    if (d->mod == 3) {
        uint64_t r = alu(cpu, op, size, reg_get(cpu, d, d->rm, size), b);
        if (op != ALU_CMP)
            reg_set(cpu, d, d->rm, size, r);
        return;
    }
    uint64_t la = modrm_addr(cpu, d);
    if ((d->prefixes & PFX_LOCK) && op != ALU_CMP) {
        void *p = mem_ptr(cpu, la, size);
        uint64_t old = x86_atomic_load(p, size), r;
        do {
            r = alu(cpu, op, size, old, b);
        } while (!x86_cas(p, size, &old, r));
        return;
    }
    x86_rmw = op != ALU_CMP;
    uint64_t r = alu(cpu, op, size, mem_read(cpu, la, size), b);
    if (op != ALU_CMP)
        mem_write(cpu, la, size, r);
    x86_rmw = false;
}

/* 00-3F: the eight ALU ops in six encodings each. */
HANDLER(op_alu)
{
    unsigned op = (d->opcode >> 3) & 7, form = d->opcode & 7;
    unsigned size = (form & 1) ? d->osize : 1;
    switch (form) {
    case 0: case 1:
        alu_rm(cpu, d, op, size, reg_get(cpu, d, d->reg, size));
        break;
    case 2: case 3: {
        uint64_t r = alu(cpu, op, size, reg_get(cpu, d, d->reg, size), rm_read(cpu, d, size));
        if (op != ALU_CMP)
            reg_set(cpu, d, d->reg, size, r);
        break;
    }
    case 4: case 5: {
        uint64_t imm = size == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm;
        uint64_t r = alu(cpu, op, size, cpu->r[RAX] & mask_of(size), imm);
        if (op != ALU_CMP)
            reg_set(cpu, d, RAX, size, r);
        break;
    }
    }
    return EXIT_NONE;
}

/* 80/81/82/83: group 1 with an immediate. */
HANDLER(op_grp1)
{
    unsigned size = (d->opcode & 1) ? d->osize : 1;
    uint64_t imm = d->opcode == 0x83 ? (uint64_t)(int64_t)(int8_t)d->imm
                 : size == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm;
    alu_rm(cpu, d, (d->modrm >> 3) & 7, size, imm & mask_of(size));
    return EXIT_NONE;
}

/* 84/85 TEST r/m, r; A8/A9 TEST acc, imm */
HANDLER(op_test)
{
    unsigned size = opsize_bw(d);
    uint64_t a, b;
    if (d->opcode >= 0xa8) {
        a = cpu->r[RAX] & mask_of(size);
        b = size == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm;
    } else {
        a = rm_read(cpu, d, size);
        b = reg_get(cpu, d, d->reg, size);
    }
    alu(cpu, ALU_AND, size, a, b);
    return EXIT_NONE;
}

/* INC/DEC keep CF: record it with the result. */
static uint64_t incdec(struct x86_cpu *cpu, bool dec, unsigned size, uint64_t a)
{
    uint64_t cf = get_cf(cpu);
    uint64_t r = dec ? a - 1 : a + 1;
    set_lazy(cpu, dec ? LAZY_DEC : LAZY_INC, size, a, 1, r);
    cpu->lazy_cf = cf;
    return r & mask_of(size);
}

static void incdec_rm(struct x86_cpu *cpu, const struct x86_inst *d, bool dec, unsigned size)
{
    if (d->mod != 3 && (d->prefixes & PFX_LOCK)) {
        void *p = mem_ptr(cpu, modrm_addr(cpu, d), size);
        uint64_t old = x86_atomic_load(p, size), r;
        do {
            r = incdec(cpu, dec, size, old);
        } while (!x86_cas(p, size, &old, r));
        return;
    }
    x86_rmw = d->mod != 3;
    rm_write(cpu, d, size, incdec(cpu, dec, size, rm_read(cpu, d, size)));
    x86_rmw = false;
}

/* 40-4F in 16/32-bit mode */
HANDLER(op_incdec_reg)
{
    unsigned reg = d->opcode & 7;
    reg_set(cpu, d, reg, d->osize, incdec(cpu, d->opcode >= 0x48, d->osize, cpu->r[reg] & mask_of(d->osize)));
    return EXIT_NONE;
}

/* FE: INC/DEC r/m8 (other /r are #UD) */
HANDLER(op_grp4)
{
    unsigned r = (d->modrm >> 3) & 7;
    if (r > 1)
        x86_undefined(cpu, d);
    incdec_rm(cpu, d, r == 1, 1);
    return EXIT_NONE;
}

/* FF /0 /1: INC/DEC r/m (the rest of group 5 is in interp_ctl.c) */
enum x86_exit x86_grp5_incdec(struct x86_cpu *cpu, const struct x86_inst *d)
{
    incdec_rm(cpu, d, ((d->modrm >> 3) & 7) == 1, d->osize);
    return EXIT_NONE;
}

/* F6/F7: TEST imm, NOT, NEG, MUL, IMUL, DIV, IDIV */
HANDLER(op_grp3)
{
    unsigned size = opsize_bw(d), r = (d->modrm >> 3) & 7;
    uint64_t m = mask_of(size);
    switch (r) {
    case 0: case 1: {
        uint64_t imm = size == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm;
        alu(cpu, ALU_AND, size, rm_read(cpu, d, size), imm);
        return EXIT_NONE;
    }
    case 2: /* NOT: no flags */
        if (d->mod != 3 && (d->prefixes & PFX_LOCK)) {
            void *p = mem_ptr(cpu, modrm_addr(cpu, d), size);
            uint64_t old = x86_atomic_load(p, size);
            while (!x86_cas(p, size, &old, ~old & m)) {
            }
        } else {
            x86_rmw = d->mod != 3;
            rm_write(cpu, d, size, ~rm_read(cpu, d, size) & m);
            x86_rmw = false;
        }
        return EXIT_NONE;
    case 3: /* NEG = 0 - x */
        if (d->mod != 3 && (d->prefixes & PFX_LOCK)) {
            void *p = mem_ptr(cpu, modrm_addr(cpu, d), size);
            uint64_t old = x86_atomic_load(p, size), res;
            do {
                res = alu(cpu, ALU_SUB, size, 0, old);
            } while (!x86_cas(p, size, &old, res));
        } else {
            x86_rmw = d->mod != 3;
            rm_write(cpu, d, size, alu(cpu, ALU_SUB, size, 0, rm_read(cpu, d, size)));
            x86_rmw = false;
        }
        return EXIT_NONE;
    }
    uint64_t src = rm_read(cpu, d, size);
    uint64_t a = cpu->r[RAX] & m;
    unsigned bits = size * 8;
    if (r == 4 || r == 5) { /* MUL / IMUL: rDX:rAX = rAX * src */
        uint64_t lo, hi;
        bool sig;
        if (r == 4) {
            unsigned __int128 p = (unsigned __int128)a * src;
            lo = (uint64_t)p & m;
            hi = size == 8 ? (uint64_t)(p >> 64) : (uint64_t)(p >> bits) & m;
            sig = hi != 0;
        } else {
            __int128 p = (__int128)sext(a, size) * sext(src, size);
            lo = (uint64_t)p & m;
            hi = size == 8 ? (uint64_t)((unsigned __int128)p >> 64) : (uint64_t)(p >> bits) & m;
            sig = p != (__int128)sext(lo, size);
        }
        if (size == 1) {
            reg_set(cpu, d, RAX, 2, lo | (hi << 8));
        } else {
            reg_set(cpu, d, RAX, size, lo);
            reg_set(cpu, d, RDX, size, hi);
        }
        set_lazy(cpu, r == 4 ? LAZY_MUL : LAZY_IMUL, size, a, src, lo);
        cpu->lazy_cf = sig;
        return EXIT_NONE;
    }
    /* DIV / IDIV: rDX:rAX / src */
    if ((src & m) == 0)
        x86_fault(cpu, VEC_DE, 0, 0);
    unsigned __int128 dividend;
    if (size == 1)
        dividend = cpu->r[RAX] & 0xffff;
    else
        dividend = ((unsigned __int128)(cpu->r[RDX] & m) << bits) | a;
    uint64_t q, rem;
    if (r == 6) {
        unsigned __int128 qq = dividend / src;
        if (qq > m)
            x86_fault(cpu, VEC_DE, 0, 0);
        q = (uint64_t)qq;
        rem = (uint64_t)(dividend % src);
    } else {
        __int128 sd;
        if (size == 1)
            sd = (int16_t)dividend;
        else if (size == 8)
            sd = (__int128)dividend;
        else
            sd = (__int128)(int64_t)(dividend << (64 - 2 * bits)) >> (64 - 2 * bits);
        __int128 ss = sext(src, size);
        if (ss == -1 && sd == (__int128)((unsigned __int128)1 << 127)) /* the host would trap */
            x86_fault(cpu, VEC_DE, 0, 0);
        __int128 qq = sd / ss;
        __int128 lim = (__int128)1 << (bits - 1);
        if (qq >= lim || qq < -lim)
            x86_fault(cpu, VEC_DE, 0, 0);
        q = (uint64_t)qq & m;
        rem = (uint64_t)(sd % ss) & m;
    }
    if (size == 1) {
        reg_set(cpu, d, RAX, 2, (q & 0xff) | ((rem & 0xff) << 8));
    } else {
        reg_set(cpu, d, RAX, size, q);
        reg_set(cpu, d, RDX, size, rem);
    }
    return EXIT_NONE;
}

/* IMUL r, r/m (0F AF) and IMUL r, r/m, imm (69, 6B) */
HANDLER(op_imul)
{
    unsigned size = d->osize;
    int64_t a = sext(rm_read(cpu, d, size), size), b;
    if (d->map == MAP_0F)
        b = sext(reg_get(cpu, d, d->reg, size), size);
    else
        b = d->opcode == 0x6b ? (int8_t)d->imm : sext(d->imm, size == 2 ? 2 : 4);
    __int128 p = (__int128)a * b;
    uint64_t lo = (uint64_t)p & mask_of(size);
    reg_set(cpu, d, d->reg, size, lo);
    set_lazy(cpu, LAZY_IMUL, size, (uint64_t)a, (uint64_t)b, lo);
    cpu->lazy_cf = p != (__int128)sext(lo, size);
    return EXIT_NONE;
}

/* Shifts and rotates: C0/C1 (imm8), D0/D1 (1), D2/D3 (CL). */
HANDLER(op_grp2)
{
    unsigned size = opsize_bw(d), bits = size * 8, r = (d->modrm >> 3) & 7;
    unsigned count = d->opcode <= 0xc1 ? (unsigned)d->imm : d->opcode <= 0xd1 ? 1 : (unsigned)cpu->r[RCX];
    count &= size == 8 ? 63 : 31;
    if (!count) {
        /* Flags untouched, but the operand is still read (and may fault),
         * and a 32-bit register destination is still zero-extended. */
        if (d->mod == 3) {
            if (size == 4)
                reg_set(cpu, d, d->rm, 4, reg_get(cpu, d, d->rm, 4));
        } else {
            x86_rmw = true;
            mem_probe(cpu, modrm_addr(cpu, d), size);
            x86_rmw = false;
        }
        return EXIT_NONE;
    }
    uint64_t m = mask_of(size);
    x86_rmw = d->mod != 3;
    uint64_t a = rm_read(cpu, d, size), res;
    switch (r) {
    case 0: case 1: case 2: case 3: { /* ROL ROR RCL RCR: only CF and OF change */
        uint64_t f = x86_get_flags(cpu);
        unsigned cf = f & F_CF ? 1 : 0, of;
        if (r == 0) {
            unsigned c = count % bits;
            res = c ? ((a << c) | (a >> (bits - c))) & m : a;
            cf = res & 1;
            of = ((res >> (bits - 1)) & 1) ^ cf;
        } else if (r == 1) {
            unsigned c = count % bits;
            res = c ? ((a >> c) | (a << (bits - c))) & m : a;
            cf = (res >> (bits - 1)) & 1;
            of = cf ^ ((res >> (bits - 2)) & 1);
        } else {
            /* RCL/RCR rotate through CF: a (bits+1)-bit rotation. */
            unsigned c = count % (bits + 1);
            res = a;
            for (unsigned i = 0; i < c; i++) {
                if (r == 2) {
                    unsigned out = (res >> (bits - 1)) & 1;
                    res = ((res << 1) | cf) & m;
                    cf = out;
                } else {
                    unsigned out = res & 1;
                    res = (res >> 1) | ((uint64_t)cf << (bits - 1));
                    cf = out;
                }
            }
            if (r == 2)
                of = ((res >> (bits - 1)) & 1) ^ cf;
            else
                of = ((res >> (bits - 1)) ^ (res >> (bits - 2))) & 1;
        }
        f &= ~(uint64_t)(F_CF | F_OF);
        f |= (cf ? F_CF : 0) | (of ? F_OF : 0);
        x86_set_flags(cpu, f);
        break;
    }
    case 4: case 6: /* SHL/SAL */
        res = count < bits ? (a << count) & m : 0;
        set_lazy(cpu, LAZY_SHL, size, a, count, res);
        cpu->lazy_cf = count <= bits ? (a >> (bits - count)) & 1 : 0;
        break;
    case 5: /* SHR */
        res = count < bits ? a >> count : 0;
        set_lazy(cpu, LAZY_SHR, size, a, count, res);
        cpu->lazy_cf = count <= bits ? (a >> (count - 1)) & 1 : 0;
        break;
    default: { /* SAR */
        int64_t s = sext(a, size);
        res = (uint64_t)(s >> (count < bits ? count : bits - 1)) & m;
        set_lazy(cpu, LAZY_SAR, size, a, count, res);
        cpu->lazy_cf = (uint64_t)(s >> (count - 1 < bits ? count - 1 : bits - 1)) & 1;
        break;
    }
    }
    rm_write(cpu, d, size, res);
    x86_rmw = false;
    return EXIT_NONE;
}

/* SHLD/SHRD (0F A4/A5/AC/AD) */
HANDLER(op_shxd)
{
    unsigned size = d->osize, bits = size * 8;
    unsigned count = (d->opcode & 1) ? (unsigned)cpu->r[RCX] : (unsigned)d->imm;
    count &= size == 8 ? 63 : 31;
    x86_rmw = d->mod != 3;
    uint64_t m = mask_of(size), a = rm_read(cpu, d, size), b = reg_get(cpu, d, d->reg, size), res;
    bool left = d->opcode < 0xa8;
    if (count > bits) /* 16-bit forms with count > 16: undefined; keep it deterministic */
        count %= bits;
    if (!count) {
        x86_rmw = false;
        if (d->mod == 3 && size == 4)
            reg_set(cpu, d, d->rm, 4, a);   /* 32-bit destinations are zero-extended even so */
        return EXIT_NONE;
    }
    unsigned __int128 wide;
    if (left) {
        wide = ((unsigned __int128)a << bits) | b;
        res = (uint64_t)(wide >> (bits - count)) & m;
        set_lazy(cpu, LAZY_SHL, size, a, count, res);
        cpu->lazy_cf = (a >> (bits - count)) & 1;
    } else {
        wide = ((unsigned __int128)b << bits) | a;
        res = (uint64_t)(wide >> count) & m;
        set_lazy(cpu, LAZY_SHR, size, a, count, res);
        cpu->lazy_cf = (a >> (count - 1)) & 1;
        /* OF: sign change, which LAZY_SHR computes from a's MSB alone; fix up. */
        x86_get_flags(cpu);
        uint64_t f = cpu->flags & ~(uint64_t)F_OF;
        if (((res ^ a) >> (bits - 1)) & 1)
            f |= F_OF;
        cpu->flags = f;
    }
    rm_write(cpu, d, size, res);
    x86_rmw = false;
    return EXIT_NONE;
}
