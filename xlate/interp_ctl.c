/*
 * interp_ctl.c - control flow and the instructions that talk to the
 * embedder: Jcc, JMP, CALL, RET, LOOP/JrCXZ, ENTER/LEAVE, group 5, INT/INT3/
 * SYSCALL/SYSENTER/HLT exits, flag bit instructions, CPUID, RDTSC(P).
 */
#include "xlate/interp.h"

#include <time.h>

enum x86_exit x86_grp5_incdec(struct x86_cpu *cpu, const struct x86_inst *d);

static void jump(struct x86_cpu *cpu, const struct x86_inst *d, uint64_t target)
{
    /* Near branches with a 16-bit operand size wrap IP to 16 bits. */
    if (cpu->mode == X86_MODE_64)
        cpu->rip = target;
    else if (d->osize == 2)
        cpu->rip = target & 0xffff;
    else
        cpu->rip = target & 0xffffffffull;
}

static uint64_t rel(const struct x86_inst *d)
{
    return (uint64_t)sext(d->imm, d->imm_size);
}

HANDLER(op_jcc)        /* 70-7F, 0F 80-8F */
{
    if (cond(cpu, d->opcode & 15))
        jump(cpu, d, cpu->rip + rel(d));
    return EXIT_NONE;
}

HANDLER(op_jmp_rel)    /* E9, EB */
{
    jump(cpu, d, cpu->rip + rel(d));
    return EXIT_NONE;
}

HANDLER(op_call_rel)   /* E8 */
{
    push(cpu, d->osize, cpu->rip);
    jump(cpu, d, cpu->rip + rel(d));
    return EXIT_NONE;
}

HANDLER(op_ret)        /* C3, C2 imm16 */
{
    uint64_t target = pop(cpu, d->osize);
    if (d->opcode == 0xc2) {
        if (cpu->mode == X86_MODE_64)
            cpu->r[RSP] += d->imm;
        else
            cpu->r[RSP] = (cpu->r[RSP] & ~0xffffffffull) | ((cpu->r[RSP] + d->imm) & 0xffffffffull);
    }
    jump(cpu, d, target);
    return EXIT_NONE;
}

HANDLER(op_loop)       /* E0 LOOPNE, E1 LOOPE, E2 LOOP, E3 JrCXZ */
{
    uint64_t m = mask_of(d->asize);
    uint64_t c = cpu->r[RCX] & m;
    bool take;
    if (d->opcode == 0xe3) {
        take = c == 0;
    } else {
        c = (c - 1) & m;
        reg_set(cpu, d, RCX, d->asize, c);
        take = c != 0;
        if (d->opcode == 0xe0)
            take = take && !(x86_get_flags(cpu) & F_ZF);
        else if (d->opcode == 0xe1)
            take = take && (x86_get_flags(cpu) & F_ZF);
    }
    if (take)
        jump(cpu, d, cpu->rip + rel(d));
    return EXIT_NONE;
}

HANDLER(op_leave)
{
    unsigned ss = stack_size(cpu);
    if (ss == 8)
        cpu->r[RSP] = cpu->r[RBP];
    else
        reg_set(cpu, d, RSP, ss, cpu->r[RBP]);
    reg_set(cpu, d, RBP, d->osize, pop(cpu, d->osize));
    return EXIT_NONE;
}

HANDLER(op_enter)
{
    unsigned size = d->osize, level = d->imm2 & 31;
    push(cpu, size, cpu->r[RBP]);
    uint64_t frame = cpu->r[RSP];
    for (unsigned i = 1; i < level; i++) {
        uint64_t bp = (cpu->r[RBP] - i * size) & mask_of(stack_size(cpu));
        push(cpu, size, mem_read(cpu, bp, size));
    }
    if (level)
        push(cpu, size, frame);
    reg_set(cpu, d, RBP, size, frame);
    if (stack_size(cpu) == 8)
        cpu->r[RSP] -= d->imm & 0xffff;
    else
        reg_set(cpu, d, RSP, stack_size(cpu), cpu->r[RSP] - (d->imm & 0xffff));
    return EXIT_NONE;
}

HANDLER(op_grp5)       /* FF */
{
    unsigned r = (d->modrm >> 3) & 7;
    switch (r) {
    case 0: case 1:
        return x86_grp5_incdec(cpu, d);
    case 2: {          /* CALL r/m */
        uint64_t target = rm_read(cpu, d, d->osize);
        push(cpu, d->osize, cpu->rip);
        jump(cpu, d, target);
        return EXIT_NONE;
    }
    case 4:            /* JMP r/m */
        jump(cpu, d, rm_read(cpu, d, d->osize));
        return EXIT_NONE;
    case 6:            /* PUSH r/m */
        push(cpu, d->osize, rm_read(cpu, d, d->osize));
        return EXIT_NONE;
    default:           /* far CALL/JMP: not in user mode programs */
        x86_undefined(cpu, d);
    }
}

HANDLER(op_int)        /* CD ib */
{
    if (d->imm == 0x80 && cpu->mode != X86_MODE_64)
        return EXIT_INT80;
    /* Any other software interrupt from user mode is a #GP (the IDT gate has DPL 0). */
    x86_fault(cpu, VEC_GP, (d->imm << 3) | 2, 0);
}

HANDLER(op_int3)
{
    cpu->fault_vector = VEC_BP;
    cpu->fault_code = 0;
    cpu->fault_addr = 0;
    return EXIT_FAULT;   /* rip is after the INT3, as the trap reports it */
}

HANDLER(op_syscall)
{
    if (cpu->mode != X86_MODE_64)
        x86_undefined(cpu, d);
    /* The kernel's view: RCX = return address, R11 = RFLAGS. */
    cpu->r[RCX] = cpu->rip;
    cpu->r[R11] = x86_get_flags(cpu) & ~(uint64_t)0x10000;
    return EXIT_SYSCALL;
}

HANDLER(op_sysenter)
{
    return EXIT_SYSENTER;
}

HANDLER(op_hlt)
{
    /* HLT is privileged: #GP(0) in user mode. System mode handles it before here. */
    x86_fault(cpu, VEC_GP, 0, 0);
}

HANDLER(op_flagop)     /* F5 CMC, F8 CLC, F9 STC, FC CLD, FD STD */
{
    uint64_t f = x86_get_flags(cpu);
    switch (d->opcode) {
    case 0xf5: f ^= F_CF; break;
    case 0xf8: f &= ~(uint64_t)F_CF; break;
    case 0xf9: f |= F_CF; break;
    case 0xfc: f &= ~(uint64_t)F_DF; break;
    case 0xfd: f |= F_DF; break;
    case 0xfa: case 0xfb: x86_fault(cpu, VEC_GP, 0, 0);  /* CLI/STI at CPL 3 with IOPL 0 */
    }
    x86_set_flags(cpu, f);
    return EXIT_NONE;
}

HANDLER(op_nop)
{
    return EXIT_NONE;
}

HANDLER(op_cpuid)
{
    uint32_t out[4];
    x86_cpuid((uint32_t)cpu->r[RAX], (uint32_t)cpu->r[RCX], out);
    cpu->r[RAX] = out[0];
    cpu->r[RBX] = out[1];
    cpu->r[RCX] = out[2];
    cpu->r[RDX] = out[3];
    return EXIT_NONE;
}

/* The guest TSC: nanoseconds of the host's monotonic clock (a 1 GHz TSC). */
static uint64_t tsc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

HANDLER(op_rdtsc)
{
    uint64_t t = tsc_now();
    cpu->r[RAX] = (uint32_t)t;
    cpu->r[RDX] = t >> 32;
    return EXIT_NONE;
}

enum x86_exit x86_rdtscp(struct x86_cpu *cpu, const struct x86_inst *d)
{
    uint64_t t = tsc_now();
    cpu->r[RAX] = (uint32_t)t;
    cpu->r[RDX] = t >> 32;
    cpu->r[RCX] = 0;   /* TSC_AUX: processor 0 */
    return EXIT_NONE;
}

HANDLER(op_xlat)       /* D7 */
{
    unsigned seg = d->seg != SEG_NONE ? d->seg : cpu->mode == X86_MODE_64 ? SEG_NONE : SEG_DS;
    uint64_t a = seg_linear(cpu, seg, (cpu->r[RBX] + (cpu->r[RAX] & 0xff)) & mask_of(d->asize));
    reg_set(cpu, d, RAX, 1, mem_read(cpu, a, 1));
    return EXIT_NONE;
}

HANDLER(op_ud)
{
    x86_undefined(cpu, d);
}
