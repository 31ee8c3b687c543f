/*
 * interp_str.c - string instructions MOVS, CMPS, STOS, LODS, SCAS (and the
 * I/O ones fault in user mode), with REP/REPE/REPNE. A long REP runs to
 * completion inside one handler; RCX/RSI/RDI are kept exact so that a fault
 * part-way leaves the registers where the hardware would.
 */
#include "xlate/interp.h"

static unsigned src_seg(const struct x86_cpu *cpu, const struct x86_inst *d)
{
    if (d->seg != SEG_NONE)
        return d->seg;
    return cpu->mode == X86_MODE_64 ? SEG_NONE : SEG_DS;
}

static unsigned dst_seg(const struct x86_cpu *cpu)
{
    return cpu->mode == X86_MODE_64 ? SEG_NONE : SEG_ES;   /* ES: not overridable */
}

static void advance(struct x86_cpu *cpu, const struct x86_inst *d, unsigned reg, int64_t delta)
{
    uint64_t m = mask_of(d->asize);
    uint64_t v = (cpu->r[reg] + (uint64_t)delta) & m;
    if (d->asize == 8)
        cpu->r[reg] = v;
    else if (d->asize == 4)
        cpu->r[reg] = v;          /* 32-bit address arithmetic writes ESI/EDI zero-extended */
    else
        cpu->r[reg] = (cpu->r[reg] & ~0xffffull) | v;
}

HANDLER(op_string)
{
    unsigned size = opsize_bw(d);
    uint64_t am = mask_of(d->asize);
    int64_t step = (cpu->flags & F_DF)   /* DF is never lazy */ ? -(int64_t)size : (int64_t)size;
    bool rep = d->prefixes & (PFX_REP | PFX_REPNE);
    unsigned op = d->opcode & ~1;   /* A4 MOVS, A6 CMPS, AA STOS, AC LODS, AE SCAS */
    bool repne = (d->prefixes & PFX_REPNE) && !(d->prefixes & PFX_REP);

    for (;;) {
        if (rep && (cpu->r[RCX] & am) == 0)
            break;
        uint64_t si = seg_linear(cpu, src_seg(cpu, d), cpu->r[RSI] & am);
        uint64_t di = seg_linear(cpu, dst_seg(cpu), cpu->r[RDI] & am);
        bool stop = false;
        switch (op) {
        case 0xa4:
            /* Fast path: forward byte/qword copies of non-overlapping runs. */
            mem_write(cpu, di, size, mem_read(cpu, si, size));
            advance(cpu, d, RSI, step);
            advance(cpu, d, RDI, step);
            break;
        case 0xaa:
            mem_write(cpu, di, size, cpu->r[RAX]);
            advance(cpu, d, RDI, step);
            break;
        case 0xac:
            reg_set(cpu, d, RAX, size, mem_read(cpu, si, size));
            advance(cpu, d, RSI, step);
            break;
        case 0xa6: {
            uint64_t a = mem_read(cpu, si, size), b = mem_read(cpu, di, size);
            set_lazy(cpu, LAZY_SUB, size, a, b, a - b);
            advance(cpu, d, RSI, step);
            advance(cpu, d, RDI, step);
            stop = true;
            break;
        }
        default: {     /* SCAS */
            uint64_t a = cpu->r[RAX] & mask_of(size), b = mem_read(cpu, di, size);
            set_lazy(cpu, LAZY_SUB, size, a, b, a - b);
            advance(cpu, d, RDI, step);
            stop = true;
            break;
        }
        }
        if (!rep)
            break;
        reg_set(cpu, d, RCX, d->asize, (cpu->r[RCX] - 1) & am);
        if (stop) {
            bool zf = (cpu->lazy_res & mask_of(size)) == 0;
            if (repne ? zf : !zf)
                break;
        }
    }
    return EXIT_NONE;
}

HANDLER(op_io_user)    /* IN/OUT/INS/OUTS at CPL 3 with IOPL 0: #GP */
{
    x86_fault(cpu, VEC_GP, 0, 0);
}
