/*
 * seg.c - segment registers in user mode: MOV to/from Sreg and PUSH/POP of
 * segment registers. A selector names a descriptor in the CPU's small GDT
 * (filled by the embedder: Linux's flat user segments and the i386 TLS
 * entries); loading it caches the descriptor's base, which every memory
 * access through that register then adds. LDT selectors are not offered.
 */
#include "xlate/interp.h"

static void load_seg(struct x86_cpu *cpu, unsigned sr, uint16_t sel)
{
    unsigned idx = sel >> 3;
    if (sr == SEG_REG_CS || sr > SEG_REG_GS)
        x86_fault(cpu, VEC_UD, 0, 0);
    if ((sel & ~3u) == 0) {                 /* the null selector */
        if (sr == SEG_REG_SS)
            x86_fault(cpu, VEC_GP, 0, 0);
        cpu->seg_sel[sr] = sel;
        cpu->seg_base[sr] = 0;
        return;
    }
    if ((sel & 4) || idx >= 16 || !cpu->gdt[idx].present || (sel & 3) != 3)
        x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    cpu->seg_sel[sr] = sel;
    cpu->seg_base[sr] = cpu->gdt[idx].base;
}

HANDLER(op_mov_from_sreg)   /* 8C */
{
    unsigned sr = (d->modrm >> 3) & 7;
    if (sr > 5)
        x86_undefined(cpu, d);
    /* To a register: zero-extended to the operand size; to memory: 16 bits. */
    if (d->mod == 3)
        reg_set(cpu, d, d->rm, d->osize, cpu->seg_sel[sr]);
    else
        mem_write(cpu, modrm_addr(cpu, d), 2, cpu->seg_sel[sr]);
    return EXIT_NONE;
}

HANDLER(op_mov_to_sreg)     /* 8E */
{
    unsigned sr = (d->modrm >> 3) & 7;
    load_seg(cpu, sr, (uint16_t)rm_read(cpu, d, 2));
    return EXIT_NONE;
}

static unsigned sreg_of(const struct x86_inst *d)
{
    if (d->map == MAP_0F)
        return d->opcode < 0xa8 ? SEG_REG_FS : SEG_REG_GS;
    return (d->opcode >> 3) & 3;            /* 06 ES, 0E CS, 16 SS, 1E DS */
}

HANDLER(op_push_sreg)       /* 06 0E 16 1E, 0F A0 A8 */
{
    push(cpu, d->osize, cpu->seg_sel[sreg_of(d)]);
    return EXIT_NONE;
}

HANDLER(op_pop_sreg)        /* 07 17 1F, 0F A1 A9 */
{
    unsigned sr = sreg_of(d);
    uint64_t sp = cpu->r[RSP];
    uint16_t sel = (uint16_t)mem_read(cpu, (cpu->mode == X86_MODE_64 ? sp : (uint32_t)sp + cpu->seg_base[SEG_REG_SS]), 2);
    load_seg(cpu, sr, sel);
    pop(cpu, d->osize);
    return EXIT_NONE;
}
