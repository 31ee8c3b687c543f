/*
 * sys_seg.c - segmentation in system mode: descriptors read from the GDT
 * and LDT, segment register loads with the checks the hardware makes (null
 * selector, present, type, DPL/RPL/CPL; #GP/#NP/#SS/#TS with the selector
 * as error code), far JMP/CALL/RET to code segments of the same privilege
 * (RET also to an outer one), LGDT/LIDT/SGDT/SIDT, LLDT/LTR/SLDT/STR,
 * LAR/LSL/VERR/VERW, LSS/LFS/LGS, and the MOV/POP Sreg that user mode
 * handles with its small table (seg.c).
 *
 * Call gates and task switches are not implemented: a far transfer through
 * a system descriptor raises #GP (Linux uses neither).
 *
 * Descriptor (8 bytes):
 *   limit 15:0 | base 23:0 | type:4 S DPL:2 P | limit 19:16 AVL L D/B G | base 31:24
 */
#include "xlate/sys.h"

uint64_t desc_base(uint64_t d)
{
    return ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000ull);
}

uint32_t desc_limit(uint64_t d)
{
    uint32_t l = (uint32_t)((d & 0xffff) | ((d >> 32) & 0xf0000));
    if (d & (1ull << 55))
        l = (l << 12) | 0xfff;
    return l;
}

uint16_t desc_attr(uint64_t d)
{
    return (uint16_t)(((d >> 40) & 0xff) | ((d >> 40) & 0xf000));
}

/* The descriptor sel names; *ok false when it lies outside its table. */
uint64_t sys_read_desc(struct x86_cpu *cpu, uint16_t sel, unsigned unused, bool *ok)
{
    struct x86_sys *s = cpu->sys;
    (void)unused;
    uint64_t base = (sel & 4) ? s->ldtr.base : s->gdtr.base;
    uint32_t limit = (sel & 4) ? s->ldtr.limit : s->gdtr.limit;
    uint32_t off = sel & ~7u;
    if ((sel & 4) && (s->ldtr.sel & ~3u) == 0) {
        *ok = false;
        return 0;
    }
    if (off + 7 > limit) {
        *ok = false;
        return 0;
    }
    *ok = true;
    return mmu_read(cpu, base + off, 8, PRIV_SUP);
}

static void set_accessed(struct x86_cpu *cpu, uint16_t sel, uint64_t desc)
{
    struct x86_sys *s = cpu->sys;
    if (desc & (1ull << 40))
        return;
    uint64_t base = (sel & 4) ? s->ldtr.base : s->gdtr.base;
    mmu_write(cpu, base + (sel & ~7u) + 5, 1, ((desc >> 40) & 0xff) | 1, PRIV_SUP);
}

void sys_set_seg_flat(struct x86_cpu *cpu, unsigned sr, uint16_t sel, uint64_t desc)
{
    struct x86_sys *s = cpu->sys;
    cpu->seg_sel[sr] = sel;
    cpu->seg_base[sr] = desc_base(desc);
    s->seg[sr].limit = desc_limit(desc);
    s->seg[sr].attr = desc_attr(desc);
}

static void load_null(struct x86_cpu *cpu, unsigned sr, uint16_t sel)
{
    struct x86_sys *s = cpu->sys;
    cpu->seg_sel[sr] = sel;
    cpu->seg_base[sr] = 0;
    s->seg[sr].limit = 0;
    s->seg[sr].attr = 0;             /* unusable */
}

static bool real_or_v86(const struct x86_sys *s)
{
    return !(s->cr0 & CR0_PE);
}

/* MOV/POP to DS, ES, FS, GS, SS (CS is never loaded this way). */
void sys_load_seg(struct x86_cpu *cpu, unsigned sr, uint16_t sel)
{
    struct x86_sys *s = cpu->sys;
    if (real_or_v86(s)) {
        cpu->seg_sel[sr] = sel;
        cpu->seg_base[sr] = (uint64_t)sel << 4;
        return;
    }
    unsigned cpl = s->cpl, rpl = sel & 3;
    if ((sel & ~3u) == 0) {
        if (sr == SEG_REG_SS && !(cpu->mode == X86_MODE_64 && cpl < 3 && rpl == cpl))
            x86_fault(cpu, VEC_GP, 0, 0);
        load_null(cpu, sr, sel);
        return;
    }
    bool ok;
    uint64_t d = sys_read_desc(cpu, sel, VEC_GP, &ok);
    if (!ok)
        x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    uint16_t a = desc_attr(d);
    unsigned dpl = ATTR_DPL(a), type = a & 15;
    bool code = type & 8;
    if (!(a & ATTR_S))
        x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    if (sr == SEG_REG_SS) {
        if (rpl != cpl || dpl != cpl || code || !(type & 2))
            x86_fault(cpu, VEC_GP, sel & ~3u, 0);
        if (!(a & ATTR_P))
            x86_fault(cpu, VEC_SS, sel & ~3u, 0);
    } else {
        if (code && !(type & 2))     /* execute-only code */
            x86_fault(cpu, VEC_GP, sel & ~3u, 0);
        bool conforming_code = code && (type & 4);
        if (!conforming_code && (dpl < cpl || dpl < rpl))
            x86_fault(cpu, VEC_GP, sel & ~3u, 0);
        if (!(a & ATTR_P))
            x86_fault(cpu, VEC_NP, sel & ~3u, 0);
    }
    set_accessed(cpu, sel, d);
    sys_set_seg_flat(cpu, sr, sel, d);
    if (sr == SEG_REG_SS)
        sys_event(s, EV_SHADOW);
}

/* CS := sel (descriptor desc) at privilege cpl; the mode follows. */
void sys_load_cs(struct x86_cpu *cpu, uint16_t sel, uint64_t desc, unsigned cpl)
{
    struct x86_sys *s = cpu->sys;
    sys_set_seg_flat(cpu, SEG_REG_CS, (uint16_t)((sel & ~3u) | cpl), desc);
    s->cpl = cpl;
    sys_update_mode(cpu);
}

/* Checks for a far JMP/CALL/RET target code segment; returns the descriptor. */
static uint64_t code_target(struct x86_cpu *cpu, uint16_t sel, unsigned new_cpl, bool ret)
{
    struct x86_sys *s = cpu->sys;
    if ((sel & ~3u) == 0)
        x86_fault(cpu, VEC_GP, 0, 0);
    bool ok;
    uint64_t d = sys_read_desc(cpu, sel, VEC_GP, &ok);
    if (!ok)
        x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    uint16_t a = desc_attr(d);
    if (!(a & ATTR_S) || !(a & 8)) {
        /* Call gates, TSS and task gates: not implemented. */
        sys_trace(cpu, "far transfer through system descriptor %#x (type %u): not implemented", sel, a & 15);
        x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    }
    unsigned dpl = ATTR_DPL(a);
    bool conforming = a & 4;
    if (ret) {
        if (conforming ? dpl > new_cpl : dpl != new_cpl)
            x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    } else if (conforming ? dpl > s->cpl : ((sel & 3) > s->cpl || dpl != s->cpl)) {
        x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    }
    if ((a & ATTR_L) && (a & ATTR_DB))
        x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    if (!(a & ATTR_P))
        x86_fault(cpu, VEC_NP, sel & ~3u, 0);
    set_accessed(cpu, sel, d);
    return d;
}

static void far_jump(struct x86_cpu *cpu, uint16_t sel, uint64_t off, bool call, unsigned osize)
{
    struct x86_sys *s = cpu->sys;
    if (real_or_v86(s)) {
        if (call) {
            push(cpu, osize, cpu->seg_sel[SEG_REG_CS]);
            push(cpu, osize, cpu->rip);
        }
        cpu->seg_sel[SEG_REG_CS] = sel;
        cpu->seg_base[SEG_REG_CS] = (uint64_t)sel << 4;
        cpu->rip = off & (osize == 2 ? 0xffff : 0xffffffffull);
        return;
    }
    uint64_t d = code_target(cpu, sel, s->cpl, false);
    if (call) {
        push(cpu, osize, cpu->seg_sel[SEG_REG_CS]);
        push(cpu, osize, cpu->rip);
    }
    sys_load_cs(cpu, sel, d, s->cpl);
    cpu->rip = cpu->mode == X86_MODE_64 ? off : off & (osize == 2 ? 0xffff : 0xffffffffull);
}

HANDLER(op_sys_far_imm)        /* 9A CALL ptr16:16/32, EA JMP ptr16:16/32 */
{
    far_jump(cpu, d->imm2, d->imm, d->opcode == 0x9a, d->osize);
    return EXIT_NONE;
}

/* FF /3 CALL m16:xx, FF /5 JMP m16:xx */
enum x86_exit sys_far_indirect(struct x86_cpu *cpu, const struct x86_inst *d)
{
    if (d->mod == 3)
        x86_undefined(cpu, d);
    uint64_t la = modrm_addr(cpu, d);
    uint64_t off = mem_read(cpu, la, d->osize);
    uint16_t sel = (uint16_t)mem_read(cpu, la + d->osize, 2);
    far_jump(cpu, sel, off, ((d->modrm >> 3) & 7) == 3, d->osize);
    return EXIT_NONE;
}

HANDLER(op_sys_retf)           /* CA iw, CB */
{
    struct x86_sys *s = cpu->sys;
    unsigned os = d->osize;
    uint64_t sp = cpu->r[RSP];
    uint64_t ssb = cpu->mode == X86_MODE_64 ? 0 : cpu->seg_base[SEG_REG_SS];
    uint64_t spm = cpu->mode == X86_MODE_64 ? ~0ull : 0xffffffffull;
    uint64_t off = mem_read(cpu, ssb + (sp & spm), os);
    uint16_t sel = (uint16_t)mem_read(cpu, ssb + ((sp + os) & spm), 2);
    uint64_t imm = d->opcode == 0xca ? d->imm : 0;
    if (real_or_v86(s)) {
        cpu->r[RSP] = (cpu->r[RSP] & ~0xffffull) | ((sp + 2 * os + imm) & 0xffff);
        cpu->seg_sel[SEG_REG_CS] = sel;
        cpu->seg_base[SEG_REG_CS] = (uint64_t)sel << 4;
        cpu->rip = off & 0xffff;
        return EXIT_NONE;
    }
    unsigned rpl = sel & 3;
    if (rpl < s->cpl)
        x86_fault(cpu, VEC_GP, sel & ~3u, 0);
    uint64_t desc = code_target(cpu, sel, rpl, true);
    uint64_t nsp = sp + 2 * os + imm;
    if (rpl > s->cpl) {
        /* To an outer level: SS:RSP follow on the stack. */
        uint64_t nrsp = mem_read(cpu, ssb + (nsp & spm), os);
        uint16_t nss = (uint16_t)mem_read(cpu, ssb + ((nsp + os) & spm), 2);
        sys_load_cs(cpu, sel, desc, rpl);
        sys_load_seg(cpu, SEG_REG_SS, nss);
        cpu->r[RSP] = nrsp + imm;
    } else {
        sys_load_cs(cpu, sel, desc, rpl);
        if (cpu->mode == X86_MODE_64 || stack_size(cpu) == 8)
            cpu->r[RSP] = nsp;
        else
            cpu->r[RSP] = (cpu->r[RSP] & ~0xffffffffull) | (nsp & 0xffffffffull);
    }
    cpu->rip = cpu->mode == X86_MODE_64 ? off : off & (os == 2 ? 0xffff : 0xffffffffull);
    return EXIT_NONE;
}

HANDLER(op_sys_mov_to_sreg)    /* 8E */
{
    unsigned sr = (d->modrm >> 3) & 7;
    if (sr == SEG_REG_CS || sr > SEG_REG_GS)
        x86_undefined(cpu, d);
    sys_load_seg(cpu, sr, (uint16_t)rm_read(cpu, d, 2));
    return EXIT_NONE;
}

HANDLER(op_sys_pop_sreg)       /* 07 17 1F, 0F A1 A9 */
{
    unsigned sr = d->map == MAP_0F ? (d->opcode < 0xa8 ? SEG_REG_FS : SEG_REG_GS) : (d->opcode >> 3) & 3;
    uint64_t sp = cpu->r[RSP];
    uint64_t la = cpu->mode == X86_MODE_64 ? sp : (uint32_t)((uint32_t)sp + cpu->seg_base[SEG_REG_SS]);
    sys_load_seg(cpu, sr, (uint16_t)mem_read(cpu, la, 2));
    pop(cpu, d->osize);
    return EXIT_NONE;
}

HANDLER(op_sys_lxs)            /* 0F B2 LSS, 0F B4 LFS, 0F B5 LGS */
{
    if (d->mod == 3)
        x86_undefined(cpu, d);
    unsigned sr = d->opcode == 0xb2 ? SEG_REG_SS : d->opcode == 0xb4 ? SEG_REG_FS : SEG_REG_GS;
    uint64_t la = modrm_addr(cpu, d);
    uint64_t off = mem_read(cpu, la, d->osize);
    uint16_t sel = (uint16_t)mem_read(cpu, la + d->osize, 2);
    sys_load_seg(cpu, sr, sel);
    reg_set(cpu, d, d->reg, d->osize, off);
    return EXIT_NONE;
}

/* ---- descriptor-table registers ---- */

static void need_cpl0(struct x86_cpu *cpu)
{
    if (cpu->sys->cpl != 0)
        x86_fault(cpu, VEC_GP, 0, 0);
}

/* 0F 01 /0 SGDT, /1 SIDT, /2 LGDT, /3 LIDT (memory forms) */
enum x86_exit sys_dtr(struct x86_cpu *cpu, const struct x86_inst *d, unsigned r)
{
    struct x86_sys *s = cpu->sys;
    struct sys_table_reg *t = (r & 1) ? &s->idtr : &s->gdtr;
    uint64_t la = modrm_addr(cpu, d);
    unsigned bsize = cpu->mode == X86_MODE_64 ? 8 : 4;
    if (r < 2) {
        mem_write(cpu, la, 2, t->limit);
        mem_write(cpu, la + 2, bsize, bsize == 4 ? (uint32_t)t->base : t->base);
        return EXIT_NONE;
    }
    need_cpl0(cpu);
    uint16_t limit = (uint16_t)mem_read(cpu, la, 2);
    uint64_t base = mem_read(cpu, la + 2, bsize);
    if (bsize == 4 && d->osize == 2)
        base &= 0xffffff;
    t->limit = limit;
    t->base = base;
    return EXIT_NONE;
}

/* 0F 00: /0 SLDT, /1 STR, /2 LLDT, /3 LTR, /4 VERR, /5 VERW */
HANDLER(op_sys_grp6)
{
    struct x86_sys *s = cpu->sys;
    unsigned r = (d->modrm >> 3) & 7;
    if (real_or_v86(s) && r < 6)
        x86_undefined(cpu, d);
    switch (r) {
    case 0: case 1: {
        uint16_t v = r == 0 ? s->ldtr.sel : s->tr.sel;
        if (d->mod == 3)
            reg_set(cpu, d, d->rm, d->osize, v);
        else
            mem_write(cpu, modrm_addr(cpu, d), 2, v);
        return EXIT_NONE;
    }
    case 2: case 3: {
        need_cpl0(cpu);
        uint16_t sel = (uint16_t)rm_read(cpu, d, 2);
        struct sys_table_reg *t = r == 2 ? &s->ldtr : &s->tr;
        if ((sel & ~3u) == 0) {
            if (r == 3)
                x86_fault(cpu, VEC_GP, 0, 0);
            memset(t, 0, sizeof *t);
            t->sel = sel;
            return EXIT_NONE;
        }
        if (sel & 4)
            x86_fault(cpu, VEC_GP, sel & ~3u, 0);
        unsigned need = (s->efer & EFER_LMA) ? 16 : 8;
        if ((sel & ~7u) + need - 1 > s->gdtr.limit)
            x86_fault(cpu, VEC_GP, sel & ~3u, 0);
        uint64_t da = s->gdtr.base + (sel & ~7u);
        uint64_t desc = mmu_read(cpu, da, 8, PRIV_SUP);
        uint64_t hi = need == 16 ? mmu_read(cpu, da + 8, 8, PRIV_SUP) : 0;
        uint16_t a = desc_attr(desc);
        unsigned type = a & 15;
        bool good = !(a & ATTR_S) && (r == 2 ? type == 2 : (type == 9 || type == 1));
        if (!good)
            x86_fault(cpu, VEC_GP, sel & ~3u, 0);
        if (!(a & ATTR_P))
            x86_fault(cpu, VEC_NP, sel & ~3u, 0);
        t->sel = sel;
        t->base = desc_base(desc) | (need == 16 ? (hi & 0xffffffffull) << 32 : 0);
        t->limit = desc_limit(desc);
        t->attr = a;
        if (r == 3) {                /* the TSS becomes busy */
            mmu_write(cpu, da + 5, 1, ((desc >> 40) & 0xff) | 2, PRIV_SUP);
            t->attr |= 2;
        }
        return EXIT_NONE;
    }
    case 4: case 5: {
        uint16_t sel = (uint16_t)rm_read(cpu, d, 2);
        bool ok = false;
        uint64_t desc = (sel & ~3u) ? sys_read_desc(cpu, sel, VEC_GP, &ok) : 0;
        uint16_t a = desc_attr(desc);
        bool code = a & 8, conforming = code && (a & 4);
        bool yes = ok && (a & ATTR_S) && (conforming || (ATTR_DPL(a) >= s->cpl && ATTR_DPL(a) >= (sel & 3u)))
                && (r == 4 ? (!code || (a & 2)) : (!code && (a & 2)));
        uint64_t f = x86_get_flags(cpu) & ~(uint64_t)F_ZF;
        x86_set_flags(cpu, f | (yes ? F_ZF : 0));
        return EXIT_NONE;
    }
    }
    x86_undefined(cpu, d);
}

/* 0F 02 LAR, 0F 03 LSL */
HANDLER(op_sys_lar_lsl)
{
    struct x86_sys *s = cpu->sys;
    if (real_or_v86(s))
        x86_undefined(cpu, d);
    uint16_t sel = (uint16_t)rm_read(cpu, d, 2);
    bool ok = false;
    uint64_t desc = (sel & ~3u) ? sys_read_desc(cpu, sel, VEC_GP, &ok) : 0;
    uint16_t a = desc_attr(desc);
    bool valid = ok;
    if (valid && !(a & ATTR_S)) {
        unsigned t = a & 15;
        /* System types LAR/LSL accept: TSS, LDT (and call gates for LAR). */
        valid = t == 1 || t == 2 || t == 3 || t == 9 || t == 11 || (d->opcode == 0x02 && (t == 4 || t == 12));
        if (s->efer & EFER_LMA)
            valid = valid && (t == 2 || t == 9 || t == 11 || (d->opcode == 0x02 && t == 12));
    }
    if (valid && !((a & ATTR_S) && (a & 8) && (a & 4)))   /* not conforming code: privilege check */
        valid = ATTR_DPL(a) >= s->cpl && ATTR_DPL(a) >= (sel & 3u);
    uint64_t f = x86_get_flags(cpu) & ~(uint64_t)F_ZF;
    if (valid) {
        f |= F_ZF;
        uint64_t v = d->opcode == 0x02 ? (desc >> 32) & 0x00f0ff00ull : desc_limit(desc);
        reg_set(cpu, d, d->reg, d->osize, v);
    }
    x86_set_flags(cpu, f);
    return EXIT_NONE;
}
