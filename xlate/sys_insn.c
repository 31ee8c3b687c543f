/*
 * sys_insn.c - the instructions system mode adds or changes, and which
 * handler runs for what: x86_sys_handler_for() overrides some opcodes of
 * the user-mode tables (interp.c) and falls back to them for the rest.
 *
 * Here: MOV to/from CR0/2/3/4/8 and DR0-7, LMSW/SMSW, CLTS, INVLPG,
 * WBINVD/INVD, RDMSR/WRMSR, SWAPGS, SYSCALL/SYSRET, SYSENTER/SYSEXIT,
 * INT n/INT3/INTO/INT1, CLI/STI, PUSHF/POPF with IOPL, IN/OUT/INS/OUTS to
 * the bus, HLT, RDTSC/RDTSCP from the bus clock, CPUID as advertised to a
 * kernel. The segment and IRET handlers are in sys_seg.c and sys_exc.c.
 */
#include "xlate/sys.h"

#include <stdio.h>

HANDLER(op_grp5);
HANDLER(op_flagop);
HANDLER(op_sys_far_imm);
HANDLER(op_sys_retf);
HANDLER(op_sys_mov_to_sreg);
HANDLER(op_sys_pop_sreg);
HANDLER(op_sys_lxs);
HANDLER(op_sys_grp6);
HANDLER(op_sys_lar_lsl);
HANDLER(op_sys_iret);
enum x86_exit sys_far_indirect(struct x86_cpu *cpu, const struct x86_inst *d);
enum x86_exit sys_dtr(struct x86_cpu *cpu, const struct x86_inst *d, unsigned r);

static void need_cpl0(struct x86_cpu *cpu)
{
    if (cpu->sys->cpl != 0)
        x86_fault(cpu, VEC_GP, 0, 0);
}

static bool canonical(uint64_t v)
{
    return (uint64_t)((int64_t)(v << 16) >> 16) == v;
}

static unsigned iopl(struct x86_cpu *cpu)
{
    return (cpu->flags >> 12) & 3;   /* IOPL is never lazy */
}

/* ---- control and debug registers ---- */

void sys_write_cr(struct x86_cpu *cpu, unsigned cr, uint64_t v)
{
    struct x86_sys *s = cpu->sys;
    switch (cr) {
    case 0: {
        uint64_t old = s->cr0;
        v = (v & 0xe005003full) | CR0_ET;
        if (v >> 32)
            x86_fault(cpu, VEC_GP, 0, 0);
        if (((v & CR0_PG) && !(v & CR0_PE)) || ((v & CR0_NW) && !(v & CR0_CD)))
            x86_fault(cpu, VEC_GP, 0, 0);
        if ((v & CR0_PG) && !(old & CR0_PG) && (s->efer & EFER_LME)) {
            if (!(s->cr4 & CR4_PAE))
                x86_fault(cpu, VEC_GP, 0, 0);
            s->efer |= EFER_LMA;
        }
        if (!(v & CR0_PG) && (old & CR0_PG)) {
            if (cpu->mode == X86_MODE_64)
                x86_fault(cpu, VEC_GP, 0, 0);
            s->efer &= ~(uint64_t)EFER_LMA;
        }
        s->cr0 = v;
        if ((old ^ v) & (CR0_PG | CR0_WP | CR0_PE))
            mmu_flush_all(cpu, false);
        sys_update_mode(cpu);
        return;
    }
    case 2:
        s->cr2 = v;
        return;
    case 3:
        s->cr3 = v & 0x000ffffffffff000ull;
        if (!(s->efer & EFER_LMA))
            s->cr3 = v & 0xffffffe0ull;
        mmu_flush_all(cpu, true);
        return;
    case 4: {
        uint64_t allowed = CR4_VME | CR4_PVI | CR4_TSD | CR4_DE | CR4_PSE | CR4_PAE | CR4_MCE | CR4_PGE | CR4_PCE
                         | CR4_OSFXSR | CR4_OSXMMEXCPT;
        if (v & ~allowed) {
            sys_trace(cpu, "MOV CR4 with unsupported bits %#llx", (unsigned long long)(v & ~allowed));
            x86_fault(cpu, VEC_GP, 0, 0);
        }
        if ((s->efer & EFER_LMA) && !(v & CR4_PAE))
            x86_fault(cpu, VEC_GP, 0, 0);
        uint64_t old = s->cr4;
        s->cr4 = v;
        if ((old ^ v) & (CR4_PAE | CR4_PGE | CR4_PSE))
            mmu_flush_all(cpu, false);
        return;
    }
    case 8:
        if (v & ~15ull)
            x86_fault(cpu, VEC_GP, 0, 0);
        s->cr8 = v;
        return;
    }
    x86_fault(cpu, VEC_UD, 0, 0);
}

HANDLER(op_sys_mov_cr)         /* 0F 20 (from), 0F 22 (to) */
{
    struct x86_sys *s = cpu->sys;
    need_cpl0(cpu);
    unsigned cr = d->reg;
    bool wide = cpu->mode == X86_MODE_64;
    if (d->opcode == 0x22) {
        uint64_t v = cpu->r[d->rm];
        if (!wide)
            v = (uint32_t)v;
        sys_write_cr(cpu, cr, v);
        return EXIT_NONE;
    }
    uint64_t v;
    switch (cr) {
    case 0: v = s->cr0; break;
    case 2: v = s->cr2; break;
    case 3: v = s->cr3; break;
    case 4: v = s->cr4; break;
    case 8: v = s->cr8; break;
    default: x86_undefined(cpu, d);
    }
    cpu->r[d->rm] = wide ? v : (uint32_t)v;
    return EXIT_NONE;
}

HANDLER(op_sys_mov_dr)         /* 0F 21 (from), 0F 23 (to) */
{
    struct x86_sys *s = cpu->sys;
    need_cpl0(cpu);
    unsigned dr = d->reg;
    if (dr > 7 || ((dr == 4 || dr == 5) && (s->cr4 & CR4_DE)))
        x86_undefined(cpu, d);
    if (dr == 4 || dr == 5)
        dr += 2;
    bool wide = cpu->mode == X86_MODE_64;
    if (d->opcode == 0x23) {
        uint64_t v = wide ? cpu->r[d->rm] : (uint32_t)cpu->r[d->rm];
        if ((dr == 6 || dr == 7) && (v >> 32))
            x86_fault(cpu, VEC_GP, 0, 0);
        /* Stored, not acted on: hardware breakpoints are not implemented. */
        if (dr == 7 && (v & 0xff))
            sys_trace(cpu, "DR7 = %#llx: hardware breakpoints are not implemented", (unsigned long long)v);
        s->dr[dr] = v;
        return EXIT_NONE;
    }
    uint64_t v = s->dr[dr];
    if (dr == 6)
        v = (v & 0xf00f) | 0xffff0ff0ull;
    if (dr == 7)
        v = (v & ~0xd000ull) | 0x400;
    cpu->r[d->rm] = wide ? v : (uint32_t)v;
    return EXIT_NONE;
}

HANDLER(op_sys_clts)           /* 0F 06 */
{
    need_cpl0(cpu);
    cpu->sys->cr0 &= ~(uint64_t)CR0_TS;
    return EXIT_NONE;
}

HANDLER(op_sys_wbinvd)         /* 0F 08 INVD, 0F 09 WBINVD: caches are coherent */
{
    need_cpl0(cpu);
    return EXIT_NONE;
}

/* ---- MSRs ---- */

#define MSR_TSC 0x10
#define MSR_APIC_BASE 0x1b
#define MSR_TSC_ADJUST 0x3b
#define MSR_PLATFORM_ID 0x17
#define MSR_UCODE_REV 0x8b
#define MSR_ARCH_CAPABILITIES 0x10a
#define MSR_MTRRCAP 0xfe
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define MSR_MISC_ENABLE 0x1a0
#define MSR_PAT 0x277
#define MSR_MTRR_DEF_TYPE 0x2ff
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103

static bool msr_read(struct x86_cpu *cpu, uint32_t msr, uint64_t *v)
{
    struct x86_sys *s = cpu->sys;
    switch (msr) {
    case MSR_TSC: *v = sys_tsc(cpu); return true;
    case MSR_TSC_ADJUST: *v = s->tsc_offset; return true;   /* what writes to the TSC added */
    case MSR_APIC_BASE: *v = s->apic_base; return true;
    case MSR_UCODE_REV: *v = 0; return true;
    case MSR_PLATFORM_ID: *v = 0; return true;
    /* An interpreter does not speculate: not vulnerable to Meltdown (RDCL_NO,
     * so no page-table isolation and its CR3 switch on every kernel entry),
     * L1TF (SKIP_L1DFL), SSB, MDS, TAA, page-size change #MC. */
    case MSR_ARCH_CAPABILITIES: *v = 1 | 8 | 16 | 32 | 64 | 256; return true;
    case MSR_MTRRCAP: *v = 0; return true;        /* no MTRRs (not advertised either) */
    case MSR_SYSENTER_CS: *v = s->sysenter_cs; return true;
    case MSR_SYSENTER_ESP: *v = s->sysenter_esp; return true;
    case MSR_SYSENTER_EIP: *v = s->sysenter_eip; return true;
    case MSR_MISC_ENABLE: *v = s->misc_enable; return true;
    case MSR_PAT: *v = s->pat; return true;
    case MSR_MTRR_DEF_TYPE: *v = s->mtrr_def_type; return true;
    case MSR_EFER: *v = s->efer; return true;
    case MSR_STAR: *v = s->star; return true;
    case MSR_LSTAR: *v = s->lstar; return true;
    case MSR_CSTAR: *v = s->cstar; return true;
    case MSR_SFMASK: *v = s->sfmask; return true;
    case MSR_FS_BASE: *v = cpu->seg_base[SEG_REG_FS]; return true;
    case MSR_GS_BASE: *v = cpu->seg_base[SEG_REG_GS]; return true;
    case MSR_KERNEL_GS_BASE: *v = s->kernel_gs_base; return true;
    case MSR_TSC_AUX: *v = s->tsc_aux; return true;
    }
    return false;
}

static bool msr_write(struct x86_cpu *cpu, uint32_t msr, uint64_t v)
{
    struct x86_sys *s = cpu->sys;
    switch (msr) {
    case MSR_TSC: s->tsc_offset += v - sys_tsc(cpu); return true;
    case MSR_TSC_ADJUST: s->tsc_offset = v; return true;
    case MSR_APIC_BASE: s->apic_base = v; return true;
    case MSR_UCODE_REV: return true;
    case MSR_SYSENTER_CS: s->sysenter_cs = v & 0xffff; return true;
    case MSR_SYSENTER_ESP: if (!canonical(v)) return false; s->sysenter_esp = v; return true;
    case MSR_SYSENTER_EIP: if (!canonical(v)) return false; s->sysenter_eip = v; return true;
    case MSR_MISC_ENABLE: s->misc_enable = v; return true;
    case MSR_PAT:
        for (int i = 0; i < 8; i++) {
            unsigned t = (v >> (i * 8)) & 0xff;
            if (t == 2 || t == 3 || t > 7)
                return false;
        }
        s->pat = v;
        return true;
    case MSR_MTRR_DEF_TYPE: s->mtrr_def_type = v; return true;
    case MSR_EFER: {
        uint64_t allowed = EFER_SCE | EFER_LME | EFER_NXE | EFER_LMA;
        if (v & ~allowed)
            return false;
        /* LMA is the CPU's; LME may not change while paging is on. */
        v = (v & ~(uint64_t)EFER_LMA) | (s->efer & EFER_LMA);
        if ((s->cr0 & CR0_PG) && ((v ^ s->efer) & EFER_LME))
            return false;
        s->efer = v;
        mmu_flush_all(cpu, false);
        return true;
    }
    case MSR_STAR: s->star = v; return true;
    case MSR_LSTAR: if (!canonical(v)) return false; s->lstar = v; return true;
    case MSR_CSTAR: if (!canonical(v)) return false; s->cstar = v; return true;
    case MSR_SFMASK: s->sfmask = v & 0xffffffffull; return true;
    case MSR_FS_BASE: if (!canonical(v)) return false; cpu->seg_base[SEG_REG_FS] = v; return true;
    case MSR_GS_BASE: if (!canonical(v)) return false; cpu->seg_base[SEG_REG_GS] = v; return true;
    case MSR_KERNEL_GS_BASE: if (!canonical(v)) return false; s->kernel_gs_base = v; return true;
    case MSR_TSC_AUX: s->tsc_aux = v & 0xffffffffull; return true;
    }
    return false;
}

HANDLER(op_sys_msr)            /* 0F 30 WRMSR, 0F 32 RDMSR */
{
    need_cpl0(cpu);
    uint32_t msr = (uint32_t)cpu->r[RCX];
    if (d->opcode == 0x32) {
        uint64_t v;
        if (!msr_read(cpu, msr, &v)) {
            sys_trace(cpu, "RDMSR %#x: unknown MSR, #GP", msr);
            x86_fault(cpu, VEC_GP, 0, 0);
        }
        cpu->r[RAX] = (uint32_t)v;
        cpu->r[RDX] = v >> 32;
        return EXIT_NONE;
    }
    uint64_t v = ((cpu->r[RDX] & 0xffffffffull) << 32) | (uint32_t)cpu->r[RAX];
    if (!msr_write(cpu, msr, v)) {
        sys_trace(cpu, "WRMSR %#x = %#llx: unknown MSR or bad value, #GP", msr, (unsigned long long)v);
        x86_fault(cpu, VEC_GP, 0, 0);
    }
    return EXIT_NONE;
}

HANDLER(op_sys_rdpmc)          /* 0F 33: no performance counters */
{
    x86_fault(cpu, VEC_GP, 0, 0);
}

/* ---- time ---- */

HANDLER(op_sys_rdtsc)          /* 0F 31 */
{
    if ((cpu->sys->cr4 & CR4_TSD) && cpu->sys->cpl != 0)
        x86_fault(cpu, VEC_GP, 0, 0);
    uint64_t t = sys_tsc(cpu);
    cpu->r[RAX] = (uint32_t)t;
    cpu->r[RDX] = t >> 32;
    return EXIT_NONE;
}

/* ---- fast system calls ---- */

/* Flat descriptors for the segments SYSCALL/SYSRET/SYSENTER load. */
#define DESC_CODE64(dpl) (0x00af9b000000ffffull | ((uint64_t)(dpl) << 45))
#define DESC_CODE32(dpl) (0x00cf9b000000ffffull | ((uint64_t)(dpl) << 45))
#define DESC_DATA(dpl) (0x00cf93000000ffffull | ((uint64_t)(dpl) << 45))

HANDLER(op_sys_syscall)        /* 0F 05 */
{
    struct x86_sys *s = cpu->sys;
    if (!(s->efer & EFER_SCE) || !(s->efer & EFER_LMA))
        x86_undefined(cpu, d);
    uint64_t f = x86_get_flags(cpu);
    bool from64 = cpu->mode == X86_MODE_64;
    cpu->r[RCX] = cpu->rip;
    cpu->r[R11] = f & ~(uint64_t)F_RF;
    uint16_t sel = (uint16_t)(s->star >> 32) & 0xfffc;
    sys_load_cs(cpu, sel, DESC_CODE64(0), 0);
    sys_set_seg_flat(cpu, SEG_REG_SS, (uint16_t)(sel + 8), DESC_DATA(0));
    x86_set_flags(cpu, (f & ~s->sfmask & ~(uint64_t)(F_RF | F_VM)) | 2);
    cpu->rip = from64 ? s->lstar : s->cstar;
    return EXIT_NONE;
}

HANDLER(op_sys_sysret)         /* 0F 07 */
{
    struct x86_sys *s = cpu->sys;
    if (!(s->efer & EFER_SCE))
        x86_undefined(cpu, d);
    if (s->cpl != 0 || !(s->efer & EFER_LMA) || cpu->mode != X86_MODE_64)
        x86_fault(cpu, VEC_GP, 0, 0);
    uint16_t sel = (uint16_t)(s->star >> 48);
    uint64_t target;
    if (d->rex & 8) {
        if (!canonical(cpu->r[RCX]))
            x86_fault(cpu, VEC_GP, 0, 0);
        target = cpu->r[RCX];
        sys_load_cs(cpu, (uint16_t)(sel + 16), DESC_CODE64(3), 3);
    } else {
        target = (uint32_t)cpu->r[RCX];
        sys_load_cs(cpu, sel, DESC_CODE32(3), 3);
    }
    sys_set_seg_flat(cpu, SEG_REG_SS, (uint16_t)((sel + 8) | 3), DESC_DATA(3));
    uint64_t old = x86_get_flags(cpu);
    uint64_t nf = (cpu->r[R11] & 0x3c7fd7ull) | 2;
    x86_set_flags(cpu, nf);
    if ((nf & F_IF) && !(old & F_IF))
        sys_event(s, EV_IRQ);
    cpu->rip = target;
    return EXIT_NONE;
}

HANDLER(op_sys_sysenter)       /* 0F 34 */
{
    struct x86_sys *s = cpu->sys;
    if (!(s->cr0 & CR0_PE) || (s->sysenter_cs & 0xfffc) == 0)
        x86_fault(cpu, VEC_GP, 0, 0);
    uint16_t sel = (uint16_t)(s->sysenter_cs & 0xfffc);
    bool lm = s->efer & EFER_LMA;
    sys_load_cs(cpu, sel, lm ? DESC_CODE64(0) : DESC_CODE32(0), 0);
    sys_set_seg_flat(cpu, SEG_REG_SS, (uint16_t)(sel + 8), DESC_DATA(0));
    x86_set_flags(cpu, x86_get_flags(cpu) & ~(uint64_t)(F_IF | F_VM | F_RF));
    cpu->r[RSP] = lm ? s->sysenter_esp : (uint32_t)s->sysenter_esp;
    cpu->rip = lm ? s->sysenter_eip : (uint32_t)s->sysenter_eip;
    return EXIT_NONE;
}

HANDLER(op_sys_sysexit)        /* 0F 35 */
{
    struct x86_sys *s = cpu->sys;
    if (!(s->cr0 & CR0_PE) || s->cpl != 0 || (s->sysenter_cs & 0xfffc) == 0)
        x86_fault(cpu, VEC_GP, 0, 0);
    uint16_t sel = (uint16_t)s->sysenter_cs;
    if (d->rex & 8) {
        sys_load_cs(cpu, (uint16_t)((sel + 32) | 3), DESC_CODE64(3), 3);
        sys_set_seg_flat(cpu, SEG_REG_SS, (uint16_t)((sel + 40) | 3), DESC_DATA(3));
        cpu->rip = cpu->r[RDX];
        cpu->r[RSP] = cpu->r[RCX];
    } else {
        sys_load_cs(cpu, (uint16_t)((sel + 16) | 3), DESC_CODE32(3), 3);
        sys_set_seg_flat(cpu, SEG_REG_SS, (uint16_t)((sel + 24) | 3), DESC_DATA(3));
        cpu->rip = (uint32_t)cpu->r[RDX];
        cpu->r[RSP] = (uint32_t)cpu->r[RCX];
    }
    return EXIT_NONE;
}

/* ---- interrupts, flags, HLT ---- */

HANDLER(op_sys_int)            /* CD ib, CC INT3, CE INTO, F1 INT1 */
{
    switch (d->opcode) {
    case 0xcc: sys_deliver(cpu, VEC_BP, EVT_SOFT, false, 0); break;
    case 0xce:
        if (x86_get_flags(cpu) & F_OF)
            sys_deliver(cpu, VEC_OF, EVT_SOFT, false, 0);
        break;
    case 0xf1: sys_deliver(cpu, VEC_DB, EVT_EXC, false, 0); break;
    default: sys_deliver(cpu, (unsigned)(d->imm & 0xff), EVT_SOFT, false, 0); break;
    }
    return EXIT_NONE;
}

HANDLER(op_sys_cli_sti)        /* FA CLI, FB STI */
{
    struct x86_sys *s = cpu->sys;
    if ((s->cr0 & CR0_PE) && s->cpl > iopl(cpu))
        x86_fault(cpu, VEC_GP, 0, 0);
    if (d->opcode == 0xfa) {
        cpu->flags &= ~(uint64_t)F_IF;   /* IF is never lazy */
    } else if (!(cpu->flags & F_IF)) {
        cpu->flags |= F_IF;
        sys_event(s, EV_SHADOW | EV_IRQ);   /* interrupts after the next instruction */
    }
    return EXIT_NONE;
}

HANDLER(op_sys_pushf)          /* 9C */
{
    push(cpu, d->osize, (x86_get_flags(cpu) & ~(uint64_t)(F_RF | F_VM)) | 2);
    return EXIT_NONE;
}

HANDLER(op_sys_popf)           /* 9D */
{
    uint64_t v = pop(cpu, d->osize);
    sys_set_flags_checked(cpu, v, d->osize, false);
    return EXIT_NONE;
}

HANDLER(op_sys_hlt)            /* F4 */
{
    need_cpl0(cpu);
    cpu->sys->halted = true;
    return EXIT_HLT;
}

/* ---- port I/O ---- */

static void io_check(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    /* No I/O permission bitmap: above IOPL every port is refused. */
    if ((s->cr0 & CR0_PE) && s->cpl > iopl(cpu))
        x86_fault(cpu, VEC_GP, 0, 0);
}

static uint64_t pio_in(struct x86_cpu *cpu, uint16_t port, unsigned size)
{
    struct x86_sys *s = cpu->sys;
    sys_event(s, EV_IRQ);
    if (!s->bus.pio_read)
        return mask_of(size);
    return s->bus.pio_read(s->bus.opaque, port, size) & mask_of(size);
}

static void pio_out(struct x86_cpu *cpu, uint16_t port, unsigned size, uint64_t v)
{
    struct x86_sys *s = cpu->sys;
    sys_event(s, EV_IRQ);
    if (s->bus.pio_write)
        s->bus.pio_write(s->bus.opaque, port, size, v & mask_of(size));
}

HANDLER(op_sys_io)             /* E4-E7, EC-EF IN/OUT; 6C-6F INS/OUTS */
{
    io_check(cpu);
    unsigned size = (d->opcode & 1) ? (d->osize == 2 ? 2 : 4) : 1;
    if (d->opcode >= 0xe4) {
        uint16_t port = d->opcode < 0xec ? (uint16_t)d->imm : (uint16_t)cpu->r[RDX];
        bool out = d->opcode & 2;
        if (out)
            pio_out(cpu, port, size, cpu->r[RAX]);
        else
            reg_set(cpu, d, RAX, size, pio_in(cpu, port, size));
        return EXIT_NONE;
    }
    /* INS / OUTS, with REP: RCX/RSI/RDI exact after each element. */
    uint16_t port = (uint16_t)cpu->r[RDX];
    uint64_t am = mask_of(d->asize);
    bool rep = d->prefixes & (PFX_REP | PFX_REPNE);
    int64_t step = (cpu->flags & F_DF) ? -(int64_t)size : (int64_t)size;
    bool outs = d->opcode >= 0x6e;
    unsigned iseg = d->seg != SEG_NONE ? d->seg : cpu->mode == X86_MODE_64 ? SEG_NONE : SEG_DS;
    unsigned oseg = cpu->mode == X86_MODE_64 ? SEG_NONE : SEG_ES;
    while (!rep || (cpu->r[RCX] & am)) {
        unsigned reg = outs ? RSI : RDI;
        uint64_t la = seg_linear(cpu, outs ? iseg : oseg, cpu->r[reg] & am);
        if (outs) {
            pio_out(cpu, port, size, mem_read(cpu, la, size));
        } else {
            mem_probe_write(cpu, la, size);
            mem_write(cpu, la, size, pio_in(cpu, port, size));
        }
        uint64_t nv = (cpu->r[reg] + (uint64_t)step) & am;
        cpu->r[reg] = d->asize == 2 ? (cpu->r[reg] & ~0xffffull) | nv : nv;
        if (!rep)
            break;
        reg_set(cpu, d, RCX, d->asize, (cpu->r[RCX] - 1) & am);
    }
    return EXIT_NONE;
}

/* ---- 0F 01 ---- */

HANDLER(op_sys_0f01)
{
    struct x86_sys *s = cpu->sys;
    unsigned r = (d->modrm >> 3) & 7;
    if (d->mod != 3) {
        switch (r) {
        case 0: case 1: case 2: case 3:
            return sys_dtr(cpu, d, r);
        case 4:                                  /* SMSW m16 */
            mem_write(cpu, modrm_addr(cpu, d), 2, s->cr0 & 0xffff);
            return EXIT_NONE;
        case 6: {                                /* LMSW m16 */
            need_cpl0(cpu);
            uint64_t v = mem_read(cpu, modrm_addr(cpu, d), 2);
            sys_write_cr(cpu, 0, (s->cr0 & ~0xeull) | (v & 0xf) | (s->cr0 & CR0_PE));
            return EXIT_NONE;
        }
        case 7:                                  /* INVLPG */
            need_cpl0(cpu);
            mmu_invlpg(cpu, modrm_addr(cpu, d));
            return EXIT_NONE;
        }
        x86_undefined(cpu, d);
    }
    if (r == 4) {                                /* SMSW r */
        reg_set(cpu, d, d->rm, d->osize, s->cr0 & (d->osize == 2 ? 0xffff : 0xffffffffull));
        return EXIT_NONE;
    }
    if (r == 6) {                                /* LMSW r */
        need_cpl0(cpu);
        uint64_t v = cpu->r[d->rm] & 0xf;
        sys_write_cr(cpu, 0, (s->cr0 & ~0xeull) | v | (s->cr0 & CR0_PE));
        return EXIT_NONE;
    }
    switch (d->modrm) {
    case 0xf8:                                   /* SWAPGS */
        if (cpu->mode != X86_MODE_64)
            x86_undefined(cpu, d);
        need_cpl0(cpu);
        {
            uint64_t t = cpu->seg_base[SEG_REG_GS];
            cpu->seg_base[SEG_REG_GS] = s->kernel_gs_base;
            s->kernel_gs_base = t;
        }
        return EXIT_NONE;
    case 0xf9: {                                 /* RDTSCP */
        if ((s->cr4 & CR4_TSD) && s->cpl != 0)
            x86_fault(cpu, VEC_GP, 0, 0);
        uint64_t t = sys_tsc(cpu);
        cpu->r[RAX] = (uint32_t)t;
        cpu->r[RDX] = t >> 32;
        cpu->r[RCX] = (uint32_t)s->tsc_aux;
        return EXIT_NONE;
    }
    }
    /* MONITOR/MWAIT, CLAC/STAC, XGETBV/XSETBV, VMX/SVM: not advertised. */
    x86_undefined(cpu, d);
}

HANDLER(op_sys_grp5)           /* FF: far CALL/JMP here, the rest as in user mode */
{
    unsigned r = (d->modrm >> 3) & 7;
    if (r == 3 || r == 5)
        return sys_far_indirect(cpu, d);
    return op_grp5(cpu, d);
}

/* ---- CPUID ---- */

/* What a kernel sees: the user-mode leaves (interp_sys.c) plus the system
 * features implemented here, and nothing else (no APIC, x2APIC, MTRR, MCE,
 * XSAVE, PCID/INVPCID, SMEP/SMAP, FSGSBASE). Leaf 0x15 gives the TSC rate,
 * so that Linux needs no calibration against the PIT. */
void sys_cpuid(struct x86_cpu *cpu, uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    struct x86_sys *s = cpu->sys;
    if (leaf >= 8 && leaf < 0x80000000u && leaf != 0x15 && leaf != 0x16) {
        out[0] = out[1] = out[2] = out[3] = 0;
        return;
    }
    x86_cpuid(leaf, sub, out);
    switch (leaf) {
    case 0:
        out[0] = 0x16;
        break;
    case 1:
        out[3] = (1u << 0) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 8)   /* FPU PSE TSC MSR PAE CX8 */
               | (1u << 11) | (1u << 13) | (1u << 15) | (1u << 16) | (1u << 19)          /* SEP PGE CMOV PAT CLFSH */
               | (1u << 23) | (1u << 24) | (1u << 25) | (1u << 26);                      /* MMX FXSR SSE SSE2 */
        out[1] = 0x00010800;         /* APIC ID 0, one logical processor, CLFLUSH 64 bytes */
        break;
    case 7:
        if (sub == 0) {
            /* TSC_ADJUST: with constant, non-stop TSC and a known rate, it
             * lets Linux trust the TSC without the clocksource watchdog,
             * which would otherwise compare it with PIT ticks that a busy
             * host delivers late, and fall back to jiffies. */
            out[1] = 1u << 1;
            out[3] = 1u << 29;       /* IA32_ARCH_CAPABILITIES */
        }
        break;
    case 0x15:                       /* TSC = crystal * 1 / 1 */
        out[0] = 1;
        out[1] = 1;
        out[2] = (uint32_t)(s->bus.tsc_hz ? s->bus.tsc_hz : 1000000000u);
        out[3] = 0;
        break;
    case 0x16:
        out[0] = (uint32_t)((s->bus.tsc_hz ? s->bus.tsc_hz : 1000000000u) / 1000000u);
        out[1] = out[0];
        out[2] = 100;
        out[3] = 0;
        break;
    case 0x80000000:
        out[0] = 0x80000008;
        break;
    case 0x80000001:
        out[3] |= 1u << 26;          /* 1 GiB pages */
        break;
    case 0x80000007:
        out[3] = 1u << 8;            /* invariant TSC */
        break;
    case 0x80000008:
        out[0] = 0x3028;             /* 40 physical, 48 linear address bits */
        break;
    }
}

HANDLER(op_sys_cpuid)          /* 0F A2 */
{
    uint32_t out[4];
    sys_cpuid(cpu, (uint32_t)cpu->r[RAX], (uint32_t)cpu->r[RCX], out);
    cpu->r[RAX] = out[0];
    cpu->r[RBX] = out[1];
    cpu->r[RCX] = out[2];
    cpu->r[RDX] = out[3];
    return EXIT_NONE;
}

/* ---- dispatch ---- */

x86_handler x86_sys_handler_for(const struct x86_inst *d)
{
    if (d->prefixes & PFX_VEX)
        return x86_handler_for(d);
    if (d->map == MAP_ONE) {
        switch (d->opcode) {
        case 0x07: case 0x17: case 0x1f: return op_sys_pop_sreg;
        case 0x6c: case 0x6d: case 0x6e: case 0x6f:
        case 0xe4: case 0xe5: case 0xe6: case 0xe7:
        case 0xec: case 0xed: case 0xee: case 0xef: return op_sys_io;
        case 0x8e: return op_sys_mov_to_sreg;
        case 0x9a: case 0xea: return op_sys_far_imm;
        case 0x9c: return op_sys_pushf;
        case 0x9d: return op_sys_popf;
        case 0xca: case 0xcb: return op_sys_retf;
        case 0xcc: case 0xcd: case 0xce: case 0xf1: return op_sys_int;
        case 0xcf: return op_sys_iret;
        case 0xf4: return op_sys_hlt;
        case 0xfa: case 0xfb: return op_sys_cli_sti;
        case 0xff: return op_sys_grp5;
        }
    } else if (d->map == MAP_0F) {
        switch (d->opcode) {
        case 0x00: return op_sys_grp6;
        case 0x01: return op_sys_0f01;
        case 0x02: case 0x03: return op_sys_lar_lsl;
        case 0x05: return op_sys_syscall;
        case 0x06: return op_sys_clts;
        case 0x07: return op_sys_sysret;
        case 0x08: case 0x09: return op_sys_wbinvd;
        case 0x20: case 0x22: return op_sys_mov_cr;
        case 0x21: case 0x23: return op_sys_mov_dr;
        case 0x30: case 0x32: return op_sys_msr;
        case 0x31: return op_sys_rdtsc;
        case 0x33: return op_sys_rdpmc;
        case 0x34: return op_sys_sysenter;
        case 0x35: return op_sys_sysexit;
        case 0xa1: case 0xa9: return op_sys_pop_sreg;
        case 0xa2: return op_sys_cpuid;
        case 0xb2: case 0xb4: case 0xb5: return op_sys_lxs;
        }
    }
    return x86_handler_for(d);
}
