/*
 * x87.c - the x87 FPU (D8-DF), FXSAVE/FXRSTOR and the FPU half of MMX.
 *
 * The state (struct x87, x87.h) keeps the eight physical registers in the
 * 80-bit format and the full control/status/tag words. Instructions come
 * in two kinds:
 *  - control ones that only move state (FNINIT, FLDCW, FNSTENV, FNSAVE,
 *    FXSAVE...) are done here in software;
 *  - the computing ones have two back ends with the same semantics:
 *    on x86-64 hosts the guest instruction itself runs on the host's x87,
 *    between an FRSTOR of the guest state and an FNSAVE of the result
 *    (with the guest's control word, so rounding, precision control, C1,
 *    the exception flags, stack faults, unmasked-exception responses and
 *    the transcendentals are the hardware's own); elsewhere, or with
 *    x87_soft_backend set (-DX87_FORCE_SOFT, or a test), x87_soft.c.
 * An unmasked exception sets ES and B; #MF is raised by the next waiting
 * x87 instruction, as on the hardware.
 */
#include "xlate/interp.h"
#include "xlate/x87.h"


#if defined(__x86_64__)
#define X87_HW 1
#else
#define X87_HW 0
#endif

#if X87_HW && !defined(X87_FORCE_SOFT)
bool x87_soft_backend = false;
#else
bool x87_soft_backend = true;
#endif


void x87_init(struct x86_cpu *cpu)
{
    struct x87 *f = x87_of(cpu);
    memset(f, 0, sizeof *f);
    f->cw = 0x037f;
    f->tag = 0xffff;
}

/* FNINIT (and the end of FNSAVE): the registers keep their contents, only
 * the tags go empty. */
static void fninit(struct x87 *f)
{
    f->cw = 0x037f;
    f->sw = 0;
    f->tag = 0xffff;
    f->fop = 0;
    f->fip = f->fdp = 0;
}

/* What the hardware keeps of a loaded control word: bit 6 reads as one,
 * bits 7 and 13-15 as zero (bit 12, the 287's infinity control, is kept). */
static uint16_t fix_cw(uint16_t cw) { return (uint16_t)((cw & 0x1f3f) | 0x40); }

/* ES and B follow the unmasked exception flags. */
static void update_es(struct x87 *f)
{
    if (f->sw & ~f->cw & 0x3f) f->sw |= SW_ES | SW_B;
    else f->sw &= (uint16_t)~(SW_ES | SW_B);
}


/* The full tag word recomputed from the contents (only "empty" is state). */
static uint16_t full_tag(const struct x87 *f)
{
    uint16_t t = 0;
    for (unsigned p = 0; p < 8; p++)
        t |= (uint16_t)((((f->tag >> (2 * p)) & 3) == 3 ? 3 : tag_of(f->st[p])) << (2 * p));
    return t;
}

/* Pending unmasked exception: a waiting x87 instruction raises #MF. */
static void check_pending(struct x86_cpu *cpu)
{
    struct x87 *f = x87_of(cpu);
    if ((f->sw & SW_ES) || (f->sw & ~f->cw & 0x3f))
        x86_fault(cpu, VEC_MF, 0, 0);
}

static void store_env(struct x86_cpu *cpu, uint64_t la, unsigned osize)
{
    struct x87 *f = x87_of(cpu);
    uint16_t tag = full_tag(f);
    /* 32-bit protected-mode layout (28 bytes); 16-bit form is 14 bytes. */
    if (osize == 2) {
        mem_write(cpu, la, 2, f->cw);
        mem_write(cpu, la + 2, 2, f->sw);
        mem_write(cpu, la + 4, 2, tag);
        mem_write(cpu, la + 6, 2, f->fip);
        mem_write(cpu, la + 8, 2, 0);
        mem_write(cpu, la + 10, 2, f->fdp);
        mem_write(cpu, la + 12, 2, 0);
        return;
    }
    mem_write(cpu, la, 4, 0xffff0000u | f->cw);
    mem_write(cpu, la + 4, 4, 0xffff0000u | f->sw);
    mem_write(cpu, la + 8, 4, 0xffff0000u | tag);
    mem_write(cpu, la + 12, 4, (uint32_t)f->fip);
    mem_write(cpu, la + 16, 4, (uint32_t)(f->fop & 0x7ff) << 16);
    mem_write(cpu, la + 20, 4, (uint32_t)f->fdp);
    mem_write(cpu, la + 24, 4, 0xffff0000u);
}

static void load_env(struct x86_cpu *cpu, uint64_t la, unsigned osize)
{
    struct x87 *f = x87_of(cpu);
    unsigned step = osize == 2 ? 2 : 4;
    uint16_t cw = (uint16_t)mem_read(cpu, la, 2);
    uint16_t sw = (uint16_t)mem_read(cpu, la + step, 2);
    uint16_t tag = (uint16_t)mem_read(cpu, la + 2 * step, 2);
    uint64_t fip = mem_read(cpu, la + 3 * step, step);
    uint64_t fdp = mem_read(cpu, la + 5 * step, step);
    f->cw = fix_cw(cw);
    f->sw = sw;
    f->tag = 0;
    for (unsigned p = 0; p < 8; p++)      /* only "empty" is taken from the image */
        set_tag(f, p, ((tag >> (2 * p)) & 3) == 3 ? 3 : tag_of(f->st[p]));
    f->fip = fip;
    f->fdp = fdp;
    update_es(f);
}

/* Two-bit tag word -> FXSAVE's abridged one-bit form. */
static uint8_t abridged_tag(uint16_t tag)
{
    uint8_t t = 0;
    for (int i = 0; i < 8; i++)
        if (((tag >> (2 * i)) & 3) != 3)
            t |= (uint8_t)(1u << i);
    return t;
}

void x87_fxsave(struct x86_cpu *cpu, uint8_t *a)
{
    struct x87 *f = x87_of(cpu);
    memset(a, 0, 512);
    memcpy(a + 0, &f->cw, 2);
    memcpy(a + 2, &f->sw, 2);
    a[4] = abridged_tag(f->tag);
    memcpy(a + 6, &f->fop, 2);
    memcpy(a + 8, &f->fip, 8);
    memcpy(a + 16, &f->fdp, 8);
    memcpy(a + 24, &cpu->mxcsr, 4);
    uint32_t mask = 0xffff;
    memcpy(a + 28, &mask, 4);
    for (int i = 0; i < 8; i++) {          /* ST(i) order, not physical order */
        struct f80 v = f->st[phys(f, (unsigned)i)];
        memcpy(a + 32 + 16 * i, &v.mant, 8);
        memcpy(a + 40 + 16 * i, &v.sexp, 2);
    }
    unsigned nx = cpu->mode == X86_MODE_64 ? 16 : 8;
    memcpy(a + 160, cpu->xmm, 16 * nx);
}

void x87_fxrstor(struct x86_cpu *cpu, const uint8_t *a)
{
    struct x87 *f = x87_of(cpu);
    uint32_t mxcsr;
    memcpy(&mxcsr, a + 24, 4);
    if (mxcsr & 0xffff0000u)
        x86_fault(cpu, VEC_GP, 0, 0);
    memcpy(&f->cw, a + 0, 2);
    memcpy(&f->sw, a + 2, 2);
    memcpy(&f->fop, a + 6, 2);
    memcpy(&f->fip, a + 8, 8);
    memcpy(&f->fdp, a + 16, 8);
    cpu->mxcsr = mxcsr;
    for (int i = 0; i < 8; i++) {
        struct f80 v;
        memcpy(&v.mant, a + 32 + 16 * i, 8);
        memcpy(&v.sexp, a + 40 + 16 * i, 2);
        f->st[phys(f, (unsigned)i)] = v;
    }
    f->tag = 0;
    for (unsigned p = 0; p < 8; p++)       /* abridged tags are by physical register */
        set_tag(f, p, (a[4] >> p) & 1 ? tag_of(f->st[p]) : 3);
    unsigned nx = cpu->mode == X86_MODE_64 ? 16 : 8;
    memcpy(cpu->xmm, a + 160, 16 * nx);
}

/* Memory forms: what each (opcode, reg) does with its operand. */
static const uint8_t mem_kind[8][8] = {
    { 1, 1, 1, 1, 1, 1, 1, 1 },            /* D8: m32 real */
    { 1, 0, 2, 2, 3, 3, 3, 3 },            /* D9: fld, -, fst, fstp, fldenv, fldcw, fnstenv, fnstcw */
    { 1, 1, 1, 1, 1, 1, 1, 1 },            /* DA: m32 int */
    { 1, 2, 2, 2, 0, 1, 0, 2 },            /* DB: fild, fisttp, fist, fistp, -, fld m80, -, fstp m80 */
    { 1, 1, 1, 1, 1, 1, 1, 1 },            /* DC: m64 real */
    { 1, 2, 2, 2, 3, 0, 3, 3 },            /* DD: fld, fisttp, fst, fstp, frstor, -, fnsave, fnstsw */
    { 1, 1, 1, 1, 1, 1, 1, 1 },            /* DE: m16 int */
    { 1, 2, 2, 2, 1, 1, 2, 2 },            /* DF: fild, fisttp, fist, fistp, fbld, fild m64, fbstp, fistp m64 */
};
static const uint8_t mem_size[8][8] = {
    { 4, 4, 4, 4, 4, 4, 4, 4 }, { 4, 0, 4, 4, 0, 2, 0, 2 },
    { 4, 4, 4, 4, 4, 4, 4, 4 }, { 4, 4, 4, 4, 0, 10, 0, 10 },
    { 8, 8, 8, 8, 8, 8, 8, 8 }, { 8, 8, 8, 8, 0, 0, 0, 2 },
    { 2, 2, 2, 2, 2, 2, 2, 2 }, { 2, 2, 2, 2, 10, 8, 10, 8 },
};

/* Register forms (modrm C0-FF) that are #UD on current processors. The
 * reserved aliases (FCOM2, FXCH4, FSTP1, FFREEP...) are valid. */
static bool reg_form_valid(unsigned op, unsigned modrm)
{
    switch (op) {
    case 0xd9:
        if (modrm >= 0xd1 && modrm <= 0xd7) return false;
        return modrm != 0xe2 && modrm != 0xe3 && modrm != 0xe6 && modrm != 0xe7 && modrm != 0xef;
    case 0xda: return modrm < 0xe0 || modrm == 0xe9;
    case 0xdb: return !(modrm >= 0xe5 && modrm <= 0xe7) && modrm < 0xf8;
    case 0xdd: return modrm < 0xf0;
    case 0xde: return modrm < 0xd8 || modrm == 0xd9 || modrm >= 0xe0;
    case 0xdf: return modrm < 0xe1 || (modrm >= 0xe8 && modrm < 0xf8);
    default: return true;
    }
}

void x87_mem_read_bytes(struct x86_cpu *cpu, uint64_t la, uint8_t *b, unsigned n)
{
    if (n == 10) {
        mem_probe(cpu, la, 10);
        uint64_t lo = mem_read(cpu, la, 8);
        uint16_t hi = (uint16_t)mem_read(cpu, la + 8, 2);
        memcpy(b, &lo, 8);
        memcpy(b + 8, &hi, 2);
    } else {
        uint64_t v = mem_read(cpu, la, n);
        memcpy(b, &v, n);
    }
}

void x87_mem_write_bytes(struct x86_cpu *cpu, uint64_t la, const uint8_t *b, unsigned n)
{
    if (n == 10) {
        uint64_t lo;
        uint16_t hi;
        memcpy(&lo, b, 8);
        memcpy(&hi, b + 8, 2);
        if ((la & 4095) + 10 > 4096) {
            /* Fault on the page the hardware names (the lower one first)
             * before anything is written. */
            mem_probe_write(cpu, la, 10);
        }
        mem_write(cpu, la, 8, lo);
        mem_write(cpu, la + 8, 2, hi);
    } else {
        uint64_t v = 0;
        memcpy(&v, b, n);
        mem_write(cpu, la, n, v);
    }
}

#if X87_HW
/* ---- back end 1: the host's own x87 ------------------------------------
 * One 16-byte stub per register form (8 opcodes x 64 ModRM bytes) and per
 * memory form (8 x 8, operand at [rsi]):
 *   push rdx; popfq          guest arithmetic flags (FCMOVcc reads them)
 *   frstor [rdi]             the guest state, with the guest control word
 *   <the guest instruction>
 *   fnsave [rdi]             the result; FNSAVE also reinitialises the FPU,
 *                            so a pending unmasked exception never reaches
 *                            the host (FNSAVE does not wait)
 *   pushfq; pop rax; ret     FCOMI's flags
 */
__asm__(
    ".pushsection .text\n"
    ".balign 16\n"
    "x87_hw_reg_stubs:\n"
    ".irp op,0xd8,0xd9,0xda,0xdb,0xdc,0xdd,0xde,0xdf\n"
    ".set x87_m, 0xc0\n"
    ".rept 64\n"
    ".byte 0x52,0x9d,0xdd,0x27,\\op,x87_m,0xdd,0x37,0x9c,0x58,0xc3,0x90,0x90,0x90,0x90,0x90\n"
    ".set x87_m, x87_m+1\n"
    ".endr\n"
    ".endr\n"
    "x87_hw_mem_stubs:\n"
    ".irp op,0xd8,0xd9,0xda,0xdb,0xdc,0xdd,0xde,0xdf\n"
    ".set x87_m, 0x06\n"
    ".rept 8\n"
    ".byte 0x52,0x9d,0xdd,0x27,\\op,x87_m,0xdd,0x37,0x9c,0x58,0xc3,0x90,0x90,0x90,0x90,0x90\n"
    ".set x87_m, x87_m+8\n"
    ".endr\n"
    ".endr\n"
    ".popsection\n");
extern const uint8_t x87_hw_reg_stubs[], x87_hw_mem_stubs[];
typedef uint64_t (*hw_stub)(uint8_t *img, void *mem, uint64_t flags);

/* The guest state as a 32-bit FSAVE image (108 bytes), and back. */
static void to_img(const struct x87 *f, uint8_t *img)
{
    memset(img, 0, 108);
    memcpy(img + 0, &f->cw, 2);
    memcpy(img + 4, &f->sw, 2);
    memcpy(img + 8, &f->tag, 2);
    for (unsigned k = 0; k < 8; k++) {
        memcpy(img + 28 + 10 * k, &f->st[phys(f, k)].mant, 8);
        memcpy(img + 36 + 10 * k, &f->st[phys(f, k)].sexp, 2);
    }
}

static void from_img(struct x87 *f, const uint8_t *img)
{
    memcpy(&f->sw, img + 4, 2);
    memcpy(&f->tag, img + 8, 2);
    for (unsigned k = 0; k < 8; k++) {
        memcpy(&f->st[phys(f, k)].mant, img + 28 + 10 * k, 8);
        memcpy(&f->st[phys(f, k)].sexp, img + 36 + 10 * k, 2);
    }
}

static uint64_t hw_run(const uint8_t *stub, uint8_t *img, void *mem, uint64_t flags)
{
    uint16_t hcw;
    __asm__ volatile("fnstcw %0" : "=m"(hcw));
    uint64_t r = ((hw_stub)(uintptr_t)stub)(img, mem, (flags & F_ARITH) | 2);
    __asm__ volatile("fldcw %0" : : "m"(hcw));
    return r;
}

static void hw_compute(struct x86_cpu *cpu, const struct x86_inst *d, uint64_t la, unsigned kind, unsigned size)
{
    struct x87 *f = x87_of(cpu);
    unsigned op = d->opcode & 7, r = (d->modrm >> 3) & 7;
    uint8_t img[108];
    to_img(f, img);
    uint64_t gfl = x86_get_flags(cpu);
    if (kind == M_UD) {                     /* register form */
        uint64_t hf = hw_run(x87_hw_reg_stubs + 16 * ((op << 6) | (d->modrm & 63)), img, NULL, gfl);
        from_img(f, img);
        if ((op == 3 || op == 7) && d->modrm >= 0xe8 && d->modrm < 0xf8)      /* F(U)COMI(P) */
            x86_set_flags(cpu, (gfl & ~(uint64_t)F_ARITH) | (hf & F_ARITH));
        return;
    }
    const uint8_t *stub = x87_hw_mem_stubs + 16 * (op * 8 + r);
    uint8_t buf[16] = { 0 };
    if (kind == M_LOAD) {
        x87_mem_read_bytes(cpu, la, buf, size);
        hw_run(stub, img, buf, gfl);
        from_img(f, img);
        return;
    }
    /* A store that an unmasked exception suppresses leaves the operand
     * alone: then run again over a different filling to see whether it
     * wrote. */
    uint8_t img2[108], buf2[16];
    memcpy(img2, img, sizeof img);
    hw_run(stub, img, buf, gfl);
    uint16_t sw;
    memcpy(&sw, img + 4, 2);
    bool stored = true;
    if (sw & ~f->cw & 0x3f) {
        memset(buf2, 0xff, sizeof buf2);
        hw_run(stub, img2, buf2, gfl);
        stored = !memcmp(buf, buf2, size);
    }
    if (stored)
        x87_mem_write_bytes(cpu, la, buf, size);
    from_img(f, img);
}
#endif

HANDLER(op_x87)
{
    if (d->opcode == 0x9b) {             /* FWAIT: raises a pending unmasked exception */
        check_pending(cpu);
        return EXIT_NONE;
    }
    struct x87 *f = x87_of(cpu);
    unsigned op = d->opcode & 7, r = (d->modrm >> 3) & 7;
    bool mem = d->mod != 3;
    uint64_t la = mem ? modrm_addr(cpu, d) : 0;

    /* The no-wait control instructions: no check for pending exceptions. */
    if (!mem) {
        if (d->opcode == 0xdb && d->modrm == 0xe2) { f->sw &= 0x7f00; return EXIT_NONE; }        /* FNCLEX */
        if (d->opcode == 0xdb && d->modrm == 0xe3) { fninit(f); return EXIT_NONE; }              /* FNINIT */
        if (d->opcode == 0xdb && (d->modrm == 0xe0 || d->modrm == 0xe1 || d->modrm == 0xe4))
            return EXIT_NONE;                                     /* FNENI/FNDISI/FNSETPM: no-ops since the 387 */
        if (d->opcode == 0xdf && d->modrm == 0xe0) { reg_set(cpu, d, RAX, 2, f->sw); return EXIT_NONE; } /* FNSTSW AX */
        if (!reg_form_valid(d->opcode, d->modrm))
            x86_undefined(cpu, d);
    } else {
        if (mem_kind[op][r] == M_UD)
            x86_undefined(cpu, d);
        if (d->opcode == 0xd9 && r == 7) { mem_write(cpu, la, 2, f->cw); return EXIT_NONE; }    /* FNSTCW */
        if (d->opcode == 0xdd && r == 7) { mem_write(cpu, la, 2, f->sw); return EXIT_NONE; }    /* FNSTSW m16 */
        if (d->opcode == 0xd9 && r == 6) {                                                      /* FNSTENV */
            store_env(cpu, la, d->osize);
            f->cw |= 0x3f;
            update_es(f);
            return EXIT_NONE;
        }
        if (d->opcode == 0xdd && r == 6) {                                                      /* FNSAVE */
            unsigned env = d->osize == 2 ? 14 : 28;
            store_env(cpu, la, d->osize);
            for (unsigned k = 0; k < 8; k++) {
                mem_write(cpu, la + env + 10 * k, 8, f->st[phys(f, k)].mant);
                mem_write(cpu, la + env + 10 * k + 8, 2, f->st[phys(f, k)].sexp);
            }
            fninit(f);
            return EXIT_NONE;
        }
    }
    check_pending(cpu);
    if (mem && mem_kind[op][r] == M_CTL) {
        if (d->opcode == 0xd9 && r == 5) {                                                      /* FLDCW */
            f->cw = fix_cw((uint16_t)mem_read(cpu, la, 2));
            update_es(f);
        } else if (d->opcode == 0xd9 && r == 4) {                                               /* FLDENV */
            load_env(cpu, la, d->osize);
        } else {                                                                                /* FRSTOR */
            unsigned env = d->osize == 2 ? 14 : 28;
            struct f80 regs[8];
            for (unsigned k = 0; k < 8; k++) {
                regs[k].mant = mem_read(cpu, la + env + 10 * k, 8);
                regs[k].sexp = (uint16_t)mem_read(cpu, la + env + 10 * k + 8, 2);
            }
            load_env(cpu, la, d->osize);
            for (unsigned k = 0; k < 8; k++)
                f->st[phys(f, k)] = regs[k];
            for (unsigned p = 0; p < 8; p++)
                if (((f->tag >> (2 * p)) & 3) != 3)
                    set_tag(f, p, tag_of(f->st[p]));
        }
        return EXIT_NONE;
    }
    f->fip = x86_insn_rip;
    f->fop = (uint16_t)((op << 8) | d->modrm);
    if (mem)
        f->fdp = la;
    unsigned kind = mem ? mem_kind[op][r] : M_UD, size = mem ? mem_size[op][r] : 0;
#if X87_HW
    if (!x87_soft_backend) {
        hw_compute(cpu, d, la, kind, size);
        return EXIT_NONE;
    }
#endif
    x87_soft_compute(cpu, d, la, kind, size);
    return EXIT_NONE;
}

/* Every MMX instruction sets TOP to 0 and all tags valid; a register it
 * writes gets an all-ones exponent (what an FP instruction then sees). */
uint64_t *x87_mmx_get(struct x86_cpu *cpu, unsigned n)
{
    struct x87 *f = x87_of(cpu);
    set_top(f, 0);
    f->tag = 0;
    return &f->st[n & 7].mant;
}

/* An MMX register's value without the transition (stores do the memory
 * access first: a fault must leave the x87 state untouched). */
uint64_t x87_mmx_peek(struct x86_cpu *cpu, unsigned n)
{
    return x87_of(cpu)->st[n & 7].mant;
}

uint64_t *x87_mmx_reg(struct x86_cpu *cpu, unsigned n)
{
    struct x87 *f = x87_of(cpu);
    f->st[n & 7].sexp = 0xffff;
    return x87_mmx_get(cpu, n);
}

void x87_emms(struct x86_cpu *cpu)
{
    struct x87 *f = x87_of(cpu);
    f->tag = 0xffff;
    set_top(f, 0);
}
