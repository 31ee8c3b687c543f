/*
 * interp_mov.c - data movement: MOV in its forms, MOVZX/MOVSX/MOVSXD, LEA,
 * XCHG, CBW/CWD families, PUSH/POP, PUSHF/POPF, LAHF/SAHF, CMOVcc, SETcc,
 * BSWAP, CMPXCHG, XADD, CMPXCHG8B/16B.
 */
#include "xlate/interp.h"

uint64_t x86_atomic_load(void *p, unsigned size);

HANDLER(op_mov_rm_r)   /* 88/89 */
{
    unsigned size = opsize_bw(d);
    rm_write(cpu, d, size, reg_get(cpu, d, d->reg, size));
    return EXIT_NONE;
}

HANDLER(op_mov_r_rm)   /* 8A/8B */
{
    unsigned size = opsize_bw(d);
    reg_set(cpu, d, d->reg, size, rm_read(cpu, d, size));
    return EXIT_NONE;
}

HANDLER(op_mov_rm_imm) /* C6/C7 /0 */
{
    if ((d->modrm >> 3) & 7)
        x86_undefined(cpu, d);
    unsigned size = opsize_bw(d);
    uint64_t imm = size == 8 ? (uint64_t)(int64_t)(int32_t)d->imm : d->imm;
    rm_write(cpu, d, size, imm);
    return EXIT_NONE;
}

HANDLER(op_mov_r_imm)  /* B0-BF */
{
    unsigned reg = (d->opcode & 7) | ((d->rex & 1) << 3);
    reg_set(cpu, d, reg, d->opcode < 0xb8 ? 1 : d->osize, d->imm);
    return EXIT_NONE;
}

HANDLER(op_mov_moffs)  /* A0-A3 */
{
    unsigned size = opsize_bw(d);
    unsigned seg = d->seg != SEG_NONE ? d->seg : cpu->mode == X86_MODE_64 ? SEG_NONE : SEG_DS;
    uint64_t a = seg_linear(cpu, seg, d->imm & mask_of(d->asize));
    if (d->opcode < 0xa2)
        reg_set(cpu, d, RAX, size, mem_read(cpu, a, size));
    else
        mem_write(cpu, a, size, cpu->r[RAX] & mask_of(size));
    return EXIT_NONE;
}

HANDLER(op_lea)
{
    if (d->mod == 3)
        x86_undefined(cpu, d);
    /* The offset only: no segment base. */
    uint64_t a = (uint64_t)d->disp;
    if (d->base >= 0)
        a += cpu->r[d->base];
    if (d->index >= 0)
        a += cpu->r[d->index] << d->scale;
    if (d->rip_relative)
        a += cpu->rip;
    reg_set(cpu, d, d->reg, d->osize, a & mask_of(d->asize));
    return EXIT_NONE;
}

HANDLER(op_movzx)      /* 0F B6/B7 */
{
    unsigned src = d->opcode == 0xb6 ? 1 : 2;
    reg_set(cpu, d, d->reg, d->osize, rm_read(cpu, d, src));
    return EXIT_NONE;
}

HANDLER(op_movsx)      /* 0F BE/BF */
{
    unsigned src = d->opcode == 0xbe ? 1 : 2;
    reg_set(cpu, d, d->reg, d->osize, (uint64_t)sext(rm_read(cpu, d, src), src));
    return EXIT_NONE;
}

HANDLER(op_movsxd)     /* 63 in 64-bit mode */
{
    uint64_t v = rm_read(cpu, d, 4);
    reg_set(cpu, d, d->reg, d->osize, d->osize == 8 ? (uint64_t)(int64_t)(int32_t)v : v);
    return EXIT_NONE;
}

HANDLER(op_xchg_rm)    /* 86/87: with memory, always locked */
{
    unsigned size = opsize_bw(d);
    uint64_t r = reg_get(cpu, d, d->reg, size);
    if (d->mod == 3) {
        uint64_t o = reg_get(cpu, d, d->rm, size);
        reg_set(cpu, d, d->rm, size, r);
        reg_set(cpu, d, d->reg, size, o);
        return EXIT_NONE;
    }
    void *p = mem_ptr(cpu, modrm_addr(cpu, d), size);
    uint64_t o;
    switch (size) {
    case 1: o = __atomic_exchange_n((uint8_t *)p, (uint8_t)r, __ATOMIC_SEQ_CST); break;
    case 2: o = __atomic_exchange_n((uint16_t *)p, (uint16_t)r, __ATOMIC_SEQ_CST); break;
    case 4: o = __atomic_exchange_n((uint32_t *)p, (uint32_t)r, __ATOMIC_SEQ_CST); break;
    default: o = __atomic_exchange_n((uint64_t *)p, r, __ATOMIC_SEQ_CST); break;
    }
    reg_set(cpu, d, d->reg, size, o);
    return EXIT_NONE;
}

HANDLER(op_xchg_ax)    /* 90-97 (90 without REX.B is NOP/PAUSE) */
{
    unsigned reg = (d->opcode & 7) | ((d->rex & 1) << 3);
    if (reg == RAX)
        return EXIT_NONE;
    unsigned size = d->osize;
    uint64_t a = cpu->r[RAX] & mask_of(size), b = cpu->r[reg] & mask_of(size);
    reg_set(cpu, d, RAX, size, b);
    reg_set(cpu, d, reg, size, a);
    return EXIT_NONE;
}

HANDLER(op_cbw)        /* 98: CBW/CWDE/CDQE */
{
    unsigned size = d->osize;
    reg_set(cpu, d, RAX, size, (uint64_t)sext(cpu->r[RAX], size / 2));
    return EXIT_NONE;
}

HANDLER(op_cwd)        /* 99: CWD/CDQ/CQO */
{
    unsigned size = d->osize;
    reg_set(cpu, d, RDX, size, sext(cpu->r[RAX], size) < 0 ? ~0ull : 0);
    return EXIT_NONE;
}

/* PUSH/POP: 64-bit mode pushes 8 bytes (2 with 66); 32-bit mode 4 (2 with 66). */
static unsigned push_size(const struct x86_cpu *cpu, const struct x86_inst *d)
{
    return d->osize;
}

HANDLER(op_push_r)     /* 50-57 */
{
    unsigned reg = (d->opcode & 7) | ((d->rex & 1) << 3);
    push(cpu, push_size(cpu, d), cpu->r[reg]);
    return EXIT_NONE;
}

HANDLER(op_pop_r)      /* 58-5F */
{
    unsigned reg = (d->opcode & 7) | ((d->rex & 1) << 3);
    unsigned size = push_size(cpu, d);
    uint64_t v = pop(cpu, size);
    reg_set(cpu, d, reg, size, v);
    return EXIT_NONE;
}

HANDLER(op_push_imm)   /* 68, 6A */
{
    uint64_t v = d->opcode == 0x6a ? (uint64_t)(int64_t)(int8_t)d->imm : (uint64_t)sext(d->imm, d->imm_size);
    push(cpu, push_size(cpu, d), v);
    return EXIT_NONE;
}

HANDLER(op_pop_rm)     /* 8F /0 */
{
    if ((d->modrm >> 3) & 7)
        x86_undefined(cpu, d);
    unsigned size = push_size(cpu, d);
    uint64_t old = cpu->r[RSP];
    uint64_t v = pop(cpu, size);
    /* An RSP-based address is computed after the pop, as the hardware does;
     * but RSP is only committed once the store has not faulted. */
    if (d->mod == 3) {
        rm_write(cpu, d, size, v);
        return EXIT_NONE;
    }
    uint64_t la = modrm_addr(cpu, d), popped = cpu->r[RSP];
    cpu->r[RSP] = old;
    __asm__ volatile("" ::: "memory");   /* the store may fault: RSP must hold its old value then */
    mem_write(cpu, la, size, v);
    __asm__ volatile("" ::: "memory");
    cpu->r[RSP] = popped;
    return EXIT_NONE;
}

#define FLAGS_USER (F_ARITH | F_TF | F_DF | F_AC | F_ID | 0x4000 /* NT */)

HANDLER(op_pushf)
{
    uint64_t f = x86_get_flags(cpu) & ~(uint64_t)(F_TF | 0x30000); /* RF, VM read as 0 */
    push(cpu, d->osize, f | 2);
    return EXIT_NONE;
}

HANDLER(op_popf)
{
    uint64_t v = pop(cpu, d->osize);
    uint64_t f = x86_get_flags(cpu);
    uint64_t settable = F_ARITH | F_DF | F_AC | F_ID | 0x4000;
    if (d->osize == 2)
        settable &= 0xffff;
    x86_set_flags(cpu, (f & ~settable) | (v & settable));
    return EXIT_NONE;
}

HANDLER(op_lahf)
{
    uint64_t f = x86_get_flags(cpu);
    cpu->r[RAX] = (cpu->r[RAX] & ~0xff00ull) | ((f & 0xd5) << 8) | 0x200;
    return EXIT_NONE;
}

HANDLER(op_sahf)
{
    uint64_t f = x86_get_flags(cpu);
    f = (f & ~0xd5ull) | ((cpu->r[RAX] >> 8) & 0xd5);
    x86_set_flags(cpu, f);
    return EXIT_NONE;
}

HANDLER(op_cmov)       /* 0F 40-4F */
{
    unsigned size = d->osize;
    uint64_t v = rm_read(cpu, d, size);   /* the source is read (and may fault) either way */
    if (cond(cpu, d->opcode & 15))
        reg_set(cpu, d, d->reg, size, v);
    else if (size == 4)
        cpu->r[d->reg] &= 0xffffffffull; /* a 32-bit CMOV zero-extends even when false */
    return EXIT_NONE;
}

HANDLER(op_setcc)      /* 0F 90-9F */
{
    rm_write(cpu, d, 1, cond(cpu, d->opcode & 15));
    return EXIT_NONE;
}

HANDLER(op_bswap)      /* 0F C8-CF */
{
    unsigned reg = (d->opcode & 7) | ((d->rex & 1) << 3);
    if (d->osize == 8)
        cpu->r[reg] = __builtin_bswap64(cpu->r[reg]);
    else if (d->osize == 4)
        cpu->r[reg] = __builtin_bswap32((uint32_t)cpu->r[reg]);
    else
        cpu->r[reg] &= ~0xffffull; /* BSWAP r16 is undefined; hardware gives 0 */
    return EXIT_NONE;
}

HANDLER(op_cmpxchg)    /* 0F B0/B1 */
{
    unsigned size = opsize_bw(d);
    uint64_t m = mask_of(size), acc = cpu->r[RAX] & m, src = reg_get(cpu, d, d->reg, size), old;
    if (d->mod == 3) {
        old = reg_get(cpu, d, d->rm, size);
        if (old == acc)
            reg_set(cpu, d, d->rm, size, src);
    } else {
        void *p = mem_ptr(cpu, modrm_addr(cpu, d), size);
        old = acc;
        bool ok;
        switch (size) {
        case 1: { uint8_t o = (uint8_t)acc; ok = __atomic_compare_exchange_n((uint8_t *)p, &o, (uint8_t)src, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = o; break; }
        case 2: { uint16_t o = (uint16_t)acc; ok = __atomic_compare_exchange_n((uint16_t *)p, &o, (uint16_t)src, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = o; break; }
        case 4: { uint32_t o = (uint32_t)acc; ok = __atomic_compare_exchange_n((uint32_t *)p, &o, (uint32_t)src, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = o; break; }
        default: { uint64_t o = acc; ok = __atomic_compare_exchange_n((uint64_t *)p, &o, src, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = o; break; }
        }
        (void)ok;
    }
    set_lazy(cpu, LAZY_SUB, size, acc, old, acc - old);
    if (old != acc)
        reg_set(cpu, d, RAX, size, old);
    return EXIT_NONE;
}

HANDLER(op_xadd)       /* 0F C0/C1 */
{
    unsigned size = opsize_bw(d);
    uint64_t src = reg_get(cpu, d, d->reg, size), old;
    if (d->mod == 3) {
        old = reg_get(cpu, d, d->rm, size);
        reg_set(cpu, d, d->reg, size, old);
        reg_set(cpu, d, d->rm, size, old + src);
    } else {
        void *p = mem_ptr(cpu, modrm_addr(cpu, d), size);
        switch (size) {
        case 1: old = __atomic_fetch_add((uint8_t *)p, (uint8_t)src, __ATOMIC_SEQ_CST); break;
        case 2: old = __atomic_fetch_add((uint16_t *)p, (uint16_t)src, __ATOMIC_SEQ_CST); break;
        case 4: old = __atomic_fetch_add((uint32_t *)p, (uint32_t)src, __ATOMIC_SEQ_CST); break;
        default: old = __atomic_fetch_add((uint64_t *)p, src, __ATOMIC_SEQ_CST); break;
        }
        reg_set(cpu, d, d->reg, size, old);
    }
    set_lazy(cpu, LAZY_ADD, size, old, src, old + src);
    return EXIT_NONE;
}

/* 0F C7 /1: CMPXCHG8B / CMPXCHG16B (REX.W) */
enum x86_exit x86_cmpxchg8b16b(struct x86_cpu *cpu, const struct x86_inst *d)
{
    if (d->mod == 3)
        x86_undefined(cpu, d);
    uint64_t la = modrm_addr(cpu, d);
    uint64_t f = x86_get_flags(cpu) & ~(uint64_t)F_ZF;
    if (d->rex & 8) {
        if (la & 15)
            x86_fault(cpu, VEC_GP, 0, 0);
        unsigned __int128 *p = mem_ptr(cpu, la, 16);
#if defined(__x86_64__)
        /* The host's own instruction: a 16-byte __atomic_compare_exchange_n
         * is a call into libatomic, whose constructor runs CPUID at every
         * mimic start-up (a VM exit each when mimic itself is virtualised). */
        uint64_t lo = cpu->r[RAX], hi = cpu->r[RDX];
        bool ok;
        __asm__ __volatile__("lock cmpxchg16b %1"
                             : "=@ccz"(ok), "+m"(*p), "+a"(lo), "+d"(hi)
                             : "b"(cpu->r[RBX]), "c"(cpu->r[RCX])
                             : "memory");
        if (ok) {
            f |= F_ZF;
        } else {
            cpu->r[RAX] = lo;
            cpu->r[RDX] = hi;
        }
#else
        unsigned __int128 expect = ((unsigned __int128)cpu->r[RDX] << 64) | cpu->r[RAX];
        unsigned __int128 desired = ((unsigned __int128)cpu->r[RCX] << 64) | cpu->r[RBX];
        if (__atomic_compare_exchange_n(p, &expect, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            f |= F_ZF;
        } else {
            cpu->r[RAX] = (uint64_t)expect;
            cpu->r[RDX] = (uint64_t)(expect >> 64);
        }
#endif
    } else {
        uint64_t *p = mem_ptr(cpu, la, 8);
        uint64_t expect = ((cpu->r[RDX] & 0xffffffffull) << 32) | (uint32_t)cpu->r[RAX];
        uint64_t desired = ((cpu->r[RCX] & 0xffffffffull) << 32) | (uint32_t)cpu->r[RBX];
        if (__atomic_compare_exchange_n(p, &expect, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            f |= F_ZF;
        } else {
            cpu->r[RAX] = (uint32_t)expect;
            cpu->r[RDX] = (uint32_t)(expect >> 32);
        }
    }
    x86_set_flags(cpu, f);
    return EXIT_NONE;
}
