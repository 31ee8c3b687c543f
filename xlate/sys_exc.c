/*
 * sys_exc.c - events in system mode: exceptions, software interrupts and
 * external interrupts delivered through the IDT, and IRET back.
 *
 *  - long mode: 16-byte gates (interrupt/trap), IST stacks and RSP0..2
 *    from the 64-bit TSS, the stack aligned to 16, SS:RSP always pushed;
 *  - protected mode: 8-byte 32-bit gates, SS0:ESP0 from the 32-bit TSS;
 *  - real mode: the IVT, FLAGS:CS:IP.
 *
 * A fault while delivering unwinds (x86_fault) to the run loop (sys.c),
 * which applies the double-fault rules with sys->delivering: contributory
 * after contributory, or #PF/contributory after #PF, becomes #DF; a fault
 * while delivering #DF is a triple fault (EXIT_SHUTDOWN). Nothing of the
 * CPU's state changes before all the frame's memory accesses succeeded.
 *
 * Gate (long mode, 16 bytes):
 *   offset 15:0 | selector | IST:3 . type:4 0 DPL:2 P | offset 31:16 | offset 63:32 | 0
 */
#include "xlate/sys.h"

#include <stdio.h>

bool sys_exc_has_error(unsigned vec)
{
    return vec == VEC_DF || (vec >= VEC_TS && vec <= VEC_PF) || vec == VEC_AC;
}

static const char *const vec_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "?9", "#TS", "#NP", "#SS", "#GP",
    "#PF", "?15", "#MF", "#AC", "#MC", "#XM",
};

/* Raise an exception whose error code is not a selector's (for handlers). */
void sys_raise(struct x86_cpu *cpu, unsigned vec, uint32_t err)
{
    x86_fault(cpu, (int)vec, err, 0);
}

static void push_at(struct x86_cpu *cpu, uint64_t *sp, unsigned size, uint64_t v, int priv, uint64_t ss_base,
                    uint64_t spmask)
{
    *sp = (*sp - size) & spmask;
    mmu_write(cpu, ss_base + *sp, size, v, priv);
}

static uint64_t tss_read(struct x86_cpu *cpu, uint32_t off, unsigned size)
{
    struct x86_sys *s = cpu->sys;
    if ((s->tr.sel & ~3u) == 0 || off + size - 1 > s->tr.limit)
        x86_fault(cpu, VEC_TS, s->tr.sel & ~3u, 0);
    return mmu_read(cpu, s->tr.base + off, size, PRIV_SUP);
}

/* The code segment of a gate: checks, and the new CPL. */
static uint64_t gate_cs(struct x86_cpu *cpu, uint16_t sel, uint32_t ext, bool want64, unsigned *new_cpl)
{
    struct x86_sys *s = cpu->sys;
    if ((sel & ~3u) == 0)
        x86_fault(cpu, VEC_GP, ext, 0);
    bool ok;
    uint64_t d = sys_read_desc(cpu, sel, VEC_GP, &ok);
    if (!ok)
        x86_fault(cpu, VEC_GP, (sel & ~3u) | ext, 0);
    uint16_t a = desc_attr(d);
    if (!(a & ATTR_S) || !(a & 8) || ATTR_DPL(a) > s->cpl)
        x86_fault(cpu, VEC_GP, (sel & ~3u) | ext, 0);
    if (want64 && (!(a & ATTR_L) || (a & ATTR_DB)))
        x86_fault(cpu, VEC_GP, (sel & ~3u) | ext, 0);
    if (!(a & ATTR_P))
        x86_fault(cpu, VEC_NP, (sel & ~3u) | ext, 0);
    *new_cpl = (a & 4) ? s->cpl : ATTR_DPL(a);   /* conforming code keeps CPL */
    return d;
}

static void deliver_real(struct x86_cpu *cpu, unsigned vec)
{
    struct x86_sys *s = cpu->sys;
    if (vec * 4 + 3 > s->idtr.limit)
        x86_fault(cpu, VEC_GP, 0, 0);
    uint32_t iv = (uint32_t)mmu_read(cpu, s->idtr.base + vec * 4, 4, PRIV_SUP);
    uint64_t sp = cpu->r[RSP] & 0xffff, ssb = cpu->seg_base[SEG_REG_SS];
    push_at(cpu, &sp, 2, x86_get_flags(cpu), PRIV_SUP, ssb, 0xffff);
    push_at(cpu, &sp, 2, cpu->seg_sel[SEG_REG_CS], PRIV_SUP, ssb, 0xffff);
    push_at(cpu, &sp, 2, cpu->rip, PRIV_SUP, ssb, 0xffff);
    cpu->r[RSP] = (cpu->r[RSP] & ~0xffffull) | sp;
    x86_set_flags(cpu, x86_get_flags(cpu) & ~(uint64_t)(F_IF | F_TF | F_AC));
    cpu->seg_sel[SEG_REG_CS] = (uint16_t)(iv >> 16);
    cpu->seg_base[SEG_REG_CS] = (uint64_t)(iv >> 16) << 4;
    cpu->rip = iv & 0xffff;
}

static void deliver_long(struct x86_cpu *cpu, unsigned vec, int kind, bool has_err, uint32_t err, uint32_t ext)
{
    struct x86_sys *s = cpu->sys;
    uint32_t gate_err = vec * 8 + 2 + ext;
    if (vec * 16 + 15 > s->idtr.limit)
        x86_fault(cpu, VEC_GP, gate_err, 0);
    uint64_t lo = mmu_read(cpu, s->idtr.base + vec * 16, 8, PRIV_SUP);
    uint64_t hi = mmu_read(cpu, s->idtr.base + vec * 16 + 8, 8, PRIV_SUP);
    unsigned type = (lo >> 40) & 0x1f, dpl = (lo >> 45) & 3;
    if (type != 0x0e && type != 0x0f)
        x86_fault(cpu, VEC_GP, gate_err, 0);
    if (kind == EVT_SOFT && dpl < s->cpl)
        x86_fault(cpu, VEC_GP, vec * 8 + 2, 0);
    if (!(lo & (1ull << 47)))
        x86_fault(cpu, VEC_NP, gate_err, 0);
    uint16_t sel = (uint16_t)(lo >> 16);
    uint64_t target = (lo & 0xffff) | ((lo >> 32) & 0xffff0000ull) | (hi << 32);
    unsigned ist = (lo >> 32) & 7, new_cpl;
    uint64_t csd = gate_cs(cpu, sel, ext, true, &new_cpl);
    uint64_t rsp = cpu->r[RSP];
    uint16_t ss = cpu->seg_sel[SEG_REG_SS];
    if (ist)
        rsp = tss_read(cpu, 0x24 + (ist - 1) * 8, 8);
    else if (new_cpl < s->cpl)
        rsp = tss_read(cpu, 4 + new_cpl * 8, 8);
    if (new_cpl < s->cpl)
        ss = (uint16_t)new_cpl;      /* a null SS with RPL = CPL */
    rsp &= ~15ull;
    int priv = new_cpl == 3 ? PRIV_USER : PRIV_SUP;
    uint64_t sp = rsp;
    push_at(cpu, &sp, 8, cpu->seg_sel[SEG_REG_SS], priv, 0, ~0ull);
    push_at(cpu, &sp, 8, cpu->r[RSP], priv, 0, ~0ull);
    push_at(cpu, &sp, 8, x86_get_flags(cpu) & ~(uint64_t)F_RF, priv, 0, ~0ull);
    push_at(cpu, &sp, 8, cpu->seg_sel[SEG_REG_CS], priv, 0, ~0ull);
    push_at(cpu, &sp, 8, cpu->rip, priv, 0, ~0ull);
    if (has_err)
        push_at(cpu, &sp, 8, err, priv, 0, ~0ull);
    /* Commit. */
    if (new_cpl != s->cpl) {
        cpu->seg_sel[SEG_REG_SS] = ss;
        cpu->seg_base[SEG_REG_SS] = 0;
        s->seg[SEG_REG_SS].attr = 0;
        s->seg[SEG_REG_SS].limit = 0;
    }
    sys_load_cs(cpu, sel, csd, new_cpl);
    cpu->r[RSP] = sp;
    uint64_t f = x86_get_flags(cpu) & ~(uint64_t)(F_TF | F_NT | F_RF | F_VM);
    if (type == 0x0e)
        f &= ~(uint64_t)F_IF;
    x86_set_flags(cpu, f);
    cpu->rip = target;
}

static void deliver_prot(struct x86_cpu *cpu, unsigned vec, int kind, bool has_err, uint32_t err, uint32_t ext)
{
    struct x86_sys *s = cpu->sys;
    uint32_t gate_err = vec * 8 + 2 + ext;
    if (vec * 8 + 7 > s->idtr.limit)
        x86_fault(cpu, VEC_GP, gate_err, 0);
    uint64_t g = mmu_read(cpu, s->idtr.base + vec * 8, 8, PRIV_SUP);
    unsigned type = (g >> 40) & 0x1f, dpl = (g >> 45) & 3;
    bool gate32 = type == 0x0e || type == 0x0f;
    if (!gate32 && type != 0x06 && type != 0x07) {
        if (type == 0x05)
            sys_trace(cpu, "task gate for vector %u: not implemented", vec);
        x86_fault(cpu, VEC_GP, gate_err, 0);
    }
    if (kind == EVT_SOFT && dpl < s->cpl)
        x86_fault(cpu, VEC_GP, vec * 8 + 2, 0);
    if (!(g & (1ull << 47)))
        x86_fault(cpu, VEC_NP, gate_err, 0);
    uint16_t sel = (uint16_t)(g >> 16);
    uint64_t target = (g & 0xffff) | (gate32 ? (g >> 32) & 0xffff0000ull : 0);
    unsigned new_cpl;
    uint64_t csd = gate_cs(cpu, sel, ext, false, &new_cpl);
    unsigned size = gate32 ? 4 : 2;
    uint64_t sp, ssb, spmask;
    uint16_t nss = cpu->seg_sel[SEG_REG_SS];
    uint64_t nssd = 0;
    bool outer = new_cpl < s->cpl;
    if (outer) {
        uint32_t off = (s->tr.attr & 8) ? 4 + new_cpl * 8 : 2 + new_cpl * 4;   /* 32- or 16-bit TSS */
        bool t32 = s->tr.attr & 8;
        sp = tss_read(cpu, off, t32 ? 4 : 2);
        nss = (uint16_t)tss_read(cpu, off + (t32 ? 4 : 2), 2);
        if ((nss & ~3u) == 0)
            x86_fault(cpu, VEC_TS, ext, 0);
        bool ok;
        nssd = sys_read_desc(cpu, nss, VEC_TS, &ok);
        uint16_t a = desc_attr(nssd);
        if (!ok || (nss & 3) != new_cpl || ATTR_DPL(a) != new_cpl || !(a & ATTR_S) || (a & 8) || !(a & 2))
            x86_fault(cpu, VEC_TS, (nss & ~3u) | ext, 0);
        if (!(a & ATTR_P))
            x86_fault(cpu, VEC_SS, (nss & ~3u) | ext, 0);
        ssb = desc_base(nssd);
        spmask = (a & ATTR_DB) ? 0xffffffffull : 0xffff;
    } else {
        sp = cpu->r[RSP];
        ssb = cpu->seg_base[SEG_REG_SS];
        spmask = (s->seg[SEG_REG_SS].attr & ATTR_DB) ? 0xffffffffull : 0xffff;
    }
    int priv = new_cpl == 3 ? PRIV_USER : PRIV_SUP;
    sp &= spmask;
    if (outer) {
        push_at(cpu, &sp, size, cpu->seg_sel[SEG_REG_SS], priv, ssb, spmask);
        push_at(cpu, &sp, size, cpu->r[RSP], priv, ssb, spmask);
    }
    push_at(cpu, &sp, size, x86_get_flags(cpu), priv, ssb, spmask);
    push_at(cpu, &sp, size, cpu->seg_sel[SEG_REG_CS], priv, ssb, spmask);
    push_at(cpu, &sp, size, cpu->rip, priv, ssb, spmask);
    if (has_err)
        push_at(cpu, &sp, size, err, priv, ssb, spmask);
    if (outer)
        sys_set_seg_flat(cpu, SEG_REG_SS, nss, nssd);
    sys_load_cs(cpu, sel, csd, new_cpl);
    if (spmask == 0xffff)
        cpu->r[RSP] = (cpu->r[RSP] & ~0xffffull) | sp;
    else
        cpu->r[RSP] = sp;
    uint64_t f = x86_get_flags(cpu) & ~(uint64_t)(F_TF | F_NT | F_RF | F_VM);
    if ((type & 1) == 0)
        f &= ~(uint64_t)F_IF;
    x86_set_flags(cpu, f);
    cpu->rip = target;
}

void sys_deliver(struct x86_cpu *cpu, unsigned vec, int kind, bool has_err, uint32_t err)
{
    struct x86_sys *s = cpu->sys;
    uint32_t ext = kind == EVT_SOFT ? 0 : 1;
    if (kind == EVT_EXT)
        s->stats.interrupts++;
    else
        s->stats.exceptions++;
    if (s->trace && (kind != EVT_EXT || s->trace > 1))
        fprintf(stderr, "mimic vm: %s %u (%s) err=%#x at %04x:%#llx cpl=%u rsp=%#llx cr2=%#llx\n",
                kind == EVT_EXT ? "interrupt" : kind == EVT_SOFT ? "int" : "exception", vec,
                vec < 32 && vec_names[vec] ? vec_names[vec] : "", has_err ? err : 0, cpu->seg_sel[SEG_REG_CS],
                (unsigned long long)cpu->rip, s->cpl, (unsigned long long)cpu->r[RSP],
                (unsigned long long)s->cr2);
    s->halted = false;
    /* Double-fault bookkeeping: software and external events are benign. */
    s->delivering = kind == EVT_EXC ? (int)vec : 0x100;
    if (!(s->cr0 & CR0_PE))
        deliver_real(cpu, vec);
    else if (s->efer & EFER_LMA)
        deliver_long(cpu, vec, kind, has_err, err, ext);
    else
        deliver_prot(cpu, vec, kind, has_err, err, ext);
    s->delivering = -1;
    sys_event(s, EV_IRQ);
}

/* ---- flags with privilege rules ---- */

void sys_set_flags_checked(struct x86_cpu *cpu, uint64_t v, unsigned osize, bool iret)
{
    struct x86_sys *s = cpu->sys;
    uint64_t old = x86_get_flags(cpu);
    uint64_t mask = F_ARITH | F_TF | F_DF | F_NT | F_AC | F_ID | (iret ? F_RF : 0);
    unsigned iopl = (old >> 12) & 3;
    if (s->cpl == 0)
        mask |= F_IOPL;
    if (s->cpl <= iopl || !(s->cr0 & CR0_PE))
        mask |= F_IF;
    if (osize == 2)
        mask &= 0xffff;
    uint64_t nf = (old & ~mask) | (v & mask) | 2;
    x86_set_flags(cpu, nf);
    if ((nf & F_IF) && !(old & F_IF))
        sys_event(s, EV_IRQ);
}

/* ---- IRET ---- */

HANDLER(op_sys_iret)           /* CF */
{
    struct x86_sys *s = cpu->sys;
    unsigned os = d->osize;
    if (!(s->cr0 & CR0_PE)) {
        uint64_t ip = pop(cpu, os), cs = pop(cpu, os), fl = pop(cpu, os);
        cpu->seg_sel[SEG_REG_CS] = (uint16_t)cs;
        cpu->seg_base[SEG_REG_CS] = (cs & 0xffff) << 4;
        cpu->rip = ip & (os == 2 ? 0xffff : 0xffffffffull);
        sys_set_flags_checked(cpu, fl, os, true);
        return EXIT_NONE;
    }
    bool lm = s->efer & EFER_LMA;
    uint64_t sp = cpu->r[RSP];
    uint64_t ssb = cpu->mode == X86_MODE_64 ? 0 : cpu->seg_base[SEG_REG_SS];
    uint64_t spm = cpu->mode == X86_MODE_64 ? ~0ull : (s->seg[SEG_REG_SS].attr & ATTR_DB) ? 0xffffffffull : 0xffff;
    uint64_t rip = mem_read(cpu, ssb + (sp & spm), os);
    uint16_t cs = (uint16_t)mem_read(cpu, ssb + ((sp + os) & spm), 2);
    uint64_t fl = mem_read(cpu, ssb + ((sp + 2 * os) & spm), os);
    if (!lm && (fl & F_VM) && s->cpl == 0) {
        sys_trace(cpu, "IRET to virtual-8086 mode: not implemented");
        x86_fault(cpu, VEC_GP, 0, 0);
    }
    if (x86_get_flags(cpu) & F_NT) {
        sys_trace(cpu, "IRET with NT (task return): not implemented");
        x86_fault(cpu, VEC_GP, 0, 0);
    }
    unsigned rpl = cs & 3;
    if ((cs & ~3u) == 0 || rpl < s->cpl)
        x86_fault(cpu, VEC_GP, cs & ~3u, 0);
    bool ok;
    uint64_t csd = sys_read_desc(cpu, cs, VEC_GP, &ok);
    uint16_t a = desc_attr(csd);
    if (!ok || !(a & ATTR_S) || !(a & 8))
        x86_fault(cpu, VEC_GP, cs & ~3u, 0);
    if ((a & 4) ? ATTR_DPL(a) > rpl : ATTR_DPL(a) != rpl)
        x86_fault(cpu, VEC_GP, cs & ~3u, 0);
    if (!(a & ATTR_P))
        x86_fault(cpu, VEC_NP, cs & ~3u, 0);
    bool to64 = lm && (a & ATTR_L);
    bool pop_ss = cpu->mode == X86_MODE_64 || rpl > s->cpl;
    uint64_t nrsp = 0;
    uint16_t nss = 0;
    uint64_t nssd = 0;
    if (pop_ss) {
        nrsp = mem_read(cpu, ssb + ((sp + 3 * os) & spm), os);
        nss = (uint16_t)mem_read(cpu, ssb + ((sp + 4 * os) & spm), 2);
        if ((nss & ~3u) == 0) {
            if (!(to64 && rpl < 3))
                x86_fault(cpu, VEC_GP, 0, 0);
        } else {
            nssd = sys_read_desc(cpu, nss, VEC_GP, &ok);
            uint16_t sa = desc_attr(nssd);
            if (!ok || (nss & 3) != rpl || ATTR_DPL(sa) != rpl || !(sa & ATTR_S) || (sa & 8) || !(sa & 2))
                x86_fault(cpu, VEC_GP, nss & ~3u, 0);
            if (!(sa & ATTR_P))
                x86_fault(cpu, VEC_SS, nss & ~3u, 0);
        }
    }
    if (to64 && (uint64_t)((int64_t)(rip << 16) >> 16) != rip)
        x86_fault(cpu, VEC_GP, 0, 0);
    /* Commit: flags with the old CPL's rules, then CS and the stack. */
    unsigned old_cpl = s->cpl;
    sys_set_flags_checked(cpu, fl, os, true);
    sys_load_cs(cpu, cs, csd, rpl);
    if (pop_ss) {
        if ((nss & ~3u) == 0) {
            cpu->seg_sel[SEG_REG_SS] = nss;
            cpu->seg_base[SEG_REG_SS] = 0;
            s->seg[SEG_REG_SS].attr = 0;
        } else {
            sys_set_seg_flat(cpu, SEG_REG_SS, nss, nssd);
        }
        cpu->r[RSP] = cpu->mode == X86_MODE_64 ? nrsp : nrsp & 0xffffffffull;
    } else {
        uint64_t nsp = (sp + 3 * os) & spm;
        cpu->r[RSP] = spm == 0xffff ? (cpu->r[RSP] & ~0xffffull) | nsp : nsp;
    }
    cpu->rip = to64 ? rip : rip & (os == 2 ? 0xffff : 0xffffffffull);
    if (rpl > old_cpl) {
        /* Data segments the outer level may not use become null. */
        static const unsigned sr[4] = { SEG_REG_ES, SEG_REG_DS, SEG_REG_FS, SEG_REG_GS };
        for (int i = 0; i < 4; i++) {
            uint16_t sa = s->seg[sr[i]].attr;
            bool conforming_code = (sa & 8) && (sa & 4);
            if ((cpu->seg_sel[sr[i]] & ~3u) && !conforming_code && ATTR_DPL(sa) < rpl) {
                cpu->seg_sel[sr[i]] = 0;
                s->seg[sr[i]].attr = 0;
                if (sr[i] < SEG_REG_FS || !lm)
                    cpu->seg_base[sr[i]] = 0;
            }
        }
    }
    return EXIT_NONE;
}
