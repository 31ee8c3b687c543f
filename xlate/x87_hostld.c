/*
 * x87_hostld.c - TEMPORARY x87 path for hosts without the 80-bit long
 * double (aarch64): a copy of x87.c that computes in the host's 128-bit
 * IEEE long double (binary128, 113-bit significand) and rounds to the
 * 80-bit format's 64-bit significand under the guest's rounding control
 * when a register is written (PE set when that loses bits; the host's
 * default NaN becomes the x87 indefinite).
 * NOT BIT-EXACT with the hardware in general: round-to-nearest results are
 * rounded twice (113 then 64 bits: a tie at 64 bits can come out wrong),
 * the precision-control field is ignored (everything is extended), the
 * transcendentals are libm's binary128 ones rounded (not the x87's own),
 * NaN operands propagate by the host's rule, DE and C1 (rounded up) are
 * never set, and pseudo-denormals/unnormals read as their value.
 * (tests/guest/linux/x87bits.c shows it agreeing on common cases.)
 * x87.c itself refuses to build on such hosts; the soft-float xlate/f80.c
 * being written for x87.c replaces this file: delete it when that lands.
 * The Makefile builds this file instead of x87.c only for non-x86 hosts.
 */
#include "xlate/interp.h"
#include "xlate/x87.h"

#include <fenv.h>
#include <float.h>
#include <math.h>

#if !defined(__x86_64__) && !defined(__i386__)
#if LDBL_MANT_DIG != 113
#error "x87_hostld.c needs a binary128 long double host"
#endif

/* Status word bits */
#define SW_IE 0x0001
#define SW_ZE 0x0004
#define SW_SF 0x0040
#define SW_ES 0x0080
#define SW_C0 0x0100
#define SW_C1 0x0200
#define SW_C2 0x0400
#define SW_C3 0x4000
#define SW_TOP_SHIFT 11

/* binary128 bits: sign, 15-bit exponent (the 80-bit format's bias), 112 fraction bits. */
static inline long double f80_to_ld(struct f80 v)
{
    unsigned e = v.sexp & 0x7fff;
    uint64_t m = v.mant, hi, lo;
    if (e == 0x7fff) {
        /* infinity (fraction 0) or NaN: the 63 fraction bits move up */
        hi = (m & 0x7fffffffffffffffull) >> 15;
        lo = m << 49;
    } else if (e == 0 || !(m >> 63)) {
        /* denormal (or unnormal/pseudo-denormal): compute its value */
        long double r = ldexpl((long double)m, (e ? (int)e : 1) - 16383 - 63);
        return (v.sexp & 0x8000) ? -r : r;
    } else {
        hi = (m & 0x7fffffffffffffffull) >> 15;
        lo = m << 49;
    }
    hi |= (uint64_t)v.sexp << 48;
    long double r;
    uint64_t w[2] = { lo, hi };    /* little-endian host */
    memcpy(&r, w, 16);
    return r;
}

/* Round the 113-bit significand to 64 bits under the guest's rounding
 * control rc (0 nearest-even, 1 down, 2 up, 3 toward zero); *inexact says
 * whether bits were lost. The host's default NaN (positive, all fraction
 * bits set: an invalid operation) becomes the x87 indefinite. */
static struct f80 ld_to_f80_rc(long double x, unsigned rc, bool *inexact)
{
    uint64_t w[2];
    memcpy(w, &x, 16);
    struct f80 v;
    uint16_t sign = (uint16_t)((w[1] >> 48) & 0x8000);
    unsigned e = (unsigned)(w[1] >> 48) & 0x7fff;
    uint64_t fhi = w[1] & 0xffffffffffffull, flo = w[0];
    *inexact = false;
    if (e == 0x7fff) {
        if (!sign && fhi == 0xffffffffffffull && flo == ~0ull) {
            v.sexp = 0xffff;
            v.mant = 0xc000000000000000ull;
            return v;
        }
        v.sexp = (uint16_t)(sign | 0x7fff);
        v.mant = 0x8000000000000000ull | (fhi << 15) | (flo >> 49);
        if ((fhi | flo) && !(v.mant & 0x7fffffffffffffffull))
            v.mant |= 0x4000000000000000ull;    /* keep a NaN a NaN */
        return v;
    }
    if (e == 0 && !(fhi | flo)) {
        v.sexp = sign;
        v.mant = 0;
        return v;
    }
    /* Both formats have the same bias and minimum exponent: binary128
     * denormals (e == 0) are 80-bit denormals (no integer bit). */
    uint64_t m = (e ? 0x8000000000000000ull : 0) | (fhi << 15) | (flo >> 49);
    uint64_t rest = flo << 15;                  /* the 49 bits below, left-aligned */
    bool up;
    switch (rc & 3) {
    case 0: up = rest > 0x8000000000000000ull || (rest == 0x8000000000000000ull && (m & 1)); break;
    case 1: up = rest && sign; break;
    case 2: up = rest && !sign; break;
    default: up = false; break;
    }
    *inexact = rest != 0;
    if (up) {
        m++;
        if (m == 0) {                           /* carry out of a normal: next binade */
            m = 0x8000000000000000ull;
            e++;
        } else if (e == 0 && (m >> 63)) {
            e = 1;                              /* a denormal rounded up to the smallest normal */
        }
    }
    if (e >= 0x7fff) {
        v.sexp = (uint16_t)(sign | 0x7fff);
        v.mant = 0x8000000000000000ull;
        return v;
    }
    v.sexp = (uint16_t)(sign | e);
    v.mant = m;
    return v;
}

static inline struct f80 ld_to_f80(long double x)
{
    bool inexact;
    return ld_to_f80_rc(x, 0, &inexact);
}

/* A computed value into the 80-bit format under the guest's RC; PE when rounded. */
static struct f80 ld_to_f80_guest(struct x86_cpu *cpu, long double x)
{
    struct x87 *f = x87_of(cpu);
    bool inexact;
    struct f80 v = ld_to_f80_rc(x, (f->cw >> 10) & 3, &inexact);
    if (inexact)
        f->sw |= 0x20;
    return v;
}

void x87_init(struct x86_cpu *cpu)
{
    struct x87 *f = x87_of(cpu);
    memset(f, 0, sizeof *f);
    f->cw = 0x037f;
    f->tag = 0xffff;
}

static inline unsigned top(const struct x87 *f) { return (f->sw >> SW_TOP_SHIFT) & 7; }
static inline void set_top(struct x87 *f, unsigned t) { f->sw = (uint16_t)((f->sw & ~(7u << SW_TOP_SHIFT)) | ((t & 7) << SW_TOP_SHIFT)); }
static inline unsigned phys(const struct x87 *f, unsigned i) { return (top(f) + i) & 7; }
static inline bool empty(const struct x87 *f, unsigned i) { return ((f->tag >> (2 * phys(f, i))) & 3) == 3; }

static unsigned tag_of(struct f80 v)
{
    unsigned e = v.sexp & 0x7fff;
    if (e == 0x7fff)
        return 2;                       /* special */
    if (e == 0)
        return v.mant ? 2 : 1;          /* denormal: special; zero */
    return (v.mant >> 63) ? 0 : 2;      /* valid, or unnormal: special */
}

static void set_tag(struct x87 *f, unsigned p, unsigned t)
{
    f->tag = (uint16_t)((f->tag & ~(3u << (2 * p))) | (t << (2 * p)));
}

/* Stack underflow/overflow: invalid operation with SF; with IE masked the
 * result is the default NaN (the "indefinite"). */
static void stack_fault(struct x86_cpu *cpu, bool overflow)
{
    struct x87 *f = x87_of(cpu);
    f->sw |= SW_IE | SW_SF | (overflow ? SW_C1 : 0);
    if (!(f->cw & 1)) {
        f->sw |= SW_ES | 0x8000;
        x86_fault(cpu, VEC_MF, 0, 0);
    }
}

static long double st_get(struct x86_cpu *cpu, unsigned i)
{
    struct x87 *f = x87_of(cpu);
    if (empty(f, i)) {
        stack_fault(cpu, false);
        return -NAN;
    }
    return f80_to_ld(f->st[phys(f, i)]);
}

static void st_set(struct x86_cpu *cpu, unsigned i, long double v)
{
    struct x87 *f = x87_of(cpu);
    unsigned p = phys(f, i);
    f->st[p] = ld_to_f80_guest(cpu, v);
    set_tag(f, p, tag_of(f->st[p]));
}

static void st_push(struct x86_cpu *cpu, long double v)
{
    struct x87 *f = x87_of(cpu);
    unsigned t = (top(f) - 1) & 7;
    if (((f->tag >> (2 * t)) & 3) != 3) {
        stack_fault(cpu, true);
        v = -NAN;
    }
    set_top(f, t);
    f->st[t] = ld_to_f80_guest(cpu, v);
    set_tag(f, t, tag_of(f->st[t]));
}

static void st_push_raw(struct x86_cpu *cpu, struct f80 v)
{
    struct x87 *f = x87_of(cpu);
    unsigned t = (top(f) - 1) & 7;
    if (((f->tag >> (2 * t)) & 3) != 3) {
        stack_fault(cpu, true);
        v = ld_to_f80(-NAN);
    }
    set_top(f, t);
    f->st[t] = v;
    set_tag(f, t, tag_of(v));
}

static void st_pop(struct x86_cpu *cpu)
{
    struct x87 *f = x87_of(cpu);
    set_tag(f, top(f), 3);
    set_top(f, top(f) + 1);
}

/* Run host long double math under the guest's rounding and precision control,
 * and fold the host's exception flags into the guest status word. */
static unsigned saved_host_cw(struct x86_cpu *cpu)
{
    static const int modes[4] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
    unsigned host = (unsigned)fegetround();
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(modes[(x87_of(cpu)->cw >> 10) & 3]);
    return host;
}

static void restore_host_cw(struct x86_cpu *cpu, unsigned host)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    uint16_t hsw = (uint16_t)(((e & FE_INVALID) ? 0x01 : 0) | ((e & FE_DIVBYZERO) ? 0x04 : 0) |
                              ((e & FE_OVERFLOW) ? 0x08 : 0) | ((e & FE_UNDERFLOW) ? 0x10 : 0) |
                              ((e & FE_INEXACT) ? 0x20 : 0));
    struct x87 *f = x87_of(cpu);
    f->sw |= hsw;
    feclearexcept(FE_ALL_EXCEPT);
    fesetround((int)host);
    if (hsw & 0x3f & ~f->cw) {
        f->sw |= SW_ES | 0x8000;
        x86_fault(cpu, VEC_MF, 0, 0);
    }
}

/* Pending unmasked exception: the next waiting FP instruction raises #MF. */
static void check_pending(struct x86_cpu *cpu)
{
    struct x87 *f = x87_of(cpu);
    if (f->sw & SW_ES)
        x86_fault(cpu, VEC_MF, 0, 0);
}

static long double arith(unsigned op, long double a, long double b)
{
    switch (op) {
    case 0: return a + b;
    case 1: return a * b;
    case 4: return a - b;
    case 5: return b - a;
    case 6: return a / b;
    default: return b / a;
    }
}

/* FCOM family: C3 C2 C0 from a comparison. */
static void compare(struct x86_cpu *cpu, long double a, long double b, bool unordered_ok)
{
    struct x87 *f = x87_of(cpu);
    f->sw &= ~(SW_C0 | SW_C1 | SW_C2 | SW_C3);
    if (isnan(a) || isnan(b)) {
        f->sw |= SW_C0 | SW_C2 | SW_C3;
        if (!unordered_ok || issignaling(a) || issignaling(b)) {
            f->sw |= SW_IE;
            if (!(f->cw & 1)) {
                f->sw |= SW_ES | 0x8000;
                x86_fault(cpu, VEC_MF, 0, 0);
            }
        }
    } else if (a < b) {
        f->sw |= SW_C0;
    } else if (a == b) {
        f->sw |= SW_C3;
    }
}

/* FCOMI family: ZF PF CF */
static void compare_eflags(struct x86_cpu *cpu, long double a, long double b, bool unordered_ok)
{
    uint64_t fl = x86_get_flags(cpu) & ~(uint64_t)F_ARITH;
    struct x87 *f = x87_of(cpu);
    f->sw &= ~SW_C1;
    if (isnan(a) || isnan(b)) {
        fl |= F_ZF | F_PF | F_CF;
        if (!unordered_ok || issignaling(a) || issignaling(b))
            f->sw |= SW_IE;
    } else if (a < b) {
        fl |= F_CF;
    } else if (a == b) {
        fl |= F_ZF;
    }
    x86_set_flags(cpu, fl);
}

static void fxam(struct x86_cpu *cpu)
{
    struct x87 *f = x87_of(cpu);
    f->sw &= ~(SW_C0 | SW_C1 | SW_C2 | SW_C3);
    unsigned p = phys(f, 0);
    struct f80 v = f->st[p];
    if (v.sexp & 0x8000)
        f->sw |= SW_C1;
    if (empty(f, 0)) {
        f->sw |= SW_C3 | SW_C0;
        return;
    }
    unsigned e = v.sexp & 0x7fff;
    if (e == 0x7fff)
        f->sw |= (v.mant << 1) ? SW_C0 : (SW_C2 | SW_C0);      /* NaN : infinity */
    else if (e == 0)
        f->sw |= v.mant ? (SW_C3 | SW_C2) : SW_C3;             /* denormal : zero */
    else
        f->sw |= (v.mant >> 63) ? SW_C2 : 0;                   /* normal : unsupported */
}

/* Integer conversions with the x87's rounding and its "integer indefinite". */
static int64_t to_int(struct x86_cpu *cpu, long double v, unsigned bits, bool truncate)
{
    long double r = truncate ? truncl(v) : nearbyintl(v);
    long double lim = ldexpl(1.0L, (int)bits - 1);
    if (isnan(r) || r >= lim || r < -lim) {
        struct x87 *f = x87_of(cpu);
        f->sw |= SW_IE;
        if (!(f->cw & 1)) {
            f->sw |= SW_ES | 0x8000;
            x86_fault(cpu, VEC_MF, 0, 0);
        }
        return bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1));
    }
    if (r != v)
        x87_of(cpu)->sw |= 0x20; /* PE */
    return (int64_t)r;
}

static long double load_mem_float(struct x86_cpu *cpu, uint64_t la, unsigned size)
{
    if (size == 4) {
        uint32_t b = (uint32_t)mem_read(cpu, la, 4);
        float x;
        memcpy(&x, &b, 4);
        return x;
    }
    uint64_t b = mem_read(cpu, la, 8);
    double x;
    memcpy(&x, &b, 8);
    return x;
}

static void store_mem_float(struct x86_cpu *cpu, uint64_t la, unsigned size, long double v)
{
    if (size == 4) {
        float x = (float)v;
        uint32_t b;
        memcpy(&b, &x, 4);
        mem_write(cpu, la, 4, b);
    } else {
        double x = (double)v;
        uint64_t b;
        memcpy(&b, &x, 8);
        mem_write(cpu, la, 8, b);
    }
}

static void store_env(struct x86_cpu *cpu, uint64_t la, unsigned osize)
{
    struct x87 *f = x87_of(cpu);
    /* 32-bit protected-mode layout (28 bytes); 16-bit form is 14 bytes. */
    if (osize == 2) {
        mem_write(cpu, la, 2, f->cw);
        mem_write(cpu, la + 2, 2, f->sw);
        mem_write(cpu, la + 4, 2, f->tag);
        mem_write(cpu, la + 6, 2, f->fip);
        mem_write(cpu, la + 8, 2, 0);
        mem_write(cpu, la + 10, 2, f->fdp);
        mem_write(cpu, la + 12, 2, 0);
        return;
    }
    mem_write(cpu, la, 4, 0xffff0000u | f->cw);
    mem_write(cpu, la + 4, 4, 0xffff0000u | f->sw);
    mem_write(cpu, la + 8, 4, 0xffff0000u | f->tag);
    mem_write(cpu, la + 12, 4, (uint32_t)f->fip);
    mem_write(cpu, la + 16, 4, f->fop & 0x7ff);
    mem_write(cpu, la + 20, 4, (uint32_t)f->fdp);
    mem_write(cpu, la + 24, 4, 0xffff0000u);
}

static void load_env(struct x86_cpu *cpu, uint64_t la, unsigned osize)
{
    struct x87 *f = x87_of(cpu);
    unsigned step = osize == 2 ? 2 : 4;
    f->cw = (uint16_t)mem_read(cpu, la, 2);
    f->sw = (uint16_t)mem_read(cpu, la + step, 2);
    f->tag = (uint16_t)mem_read(cpu, la + 2 * step, 2);
    f->fip = mem_read(cpu, la + 3 * step, step);
    f->fdp = mem_read(cpu, la + 5 * step, step);
}

/* Two-bit tag word -> FXSAVE's abridged one-bit form, and back. */
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
    for (unsigned p = 0; p < 8; p++) {
        unsigned i = (p - top(f)) & 7;    /* abridged tags are by physical register */
        set_tag(f, p, (a[4] >> p) & 1 ? tag_of(f->st[p]) : 3);
        (void)i;
    }
    unsigned nx = cpu->mode == X86_MODE_64 ? 16 : 8;
    memcpy(cpu->xmm, a + 160, 16 * nx);
}

/* Constants loaded by D9 E8-EE, rounded per the control word as the hardware does. */
static long double constant(unsigned which)
{
    switch (which) {
    case 0: return 1.0L;
    case 1: return 3.321928094887362347870319429489390175864831393L;  /* log2(10) */
    case 2: return 1.442695040888963407359924681001892137426645954L;  /* log2(e) */
    case 3: return 3.141592653589793238462643383279502884197169399L;  /* pi */
    case 4: return 0.301029995663981195213738894724493026768189881L;  /* log10(2) */
    case 5: return 0.693147180559945309417232121458176568075500134L;  /* ln(2) */
    default: return 0.0L;
    }
}

HANDLER(op_x87)
{
    struct x87 *f = x87_of(cpu);
    unsigned r = (d->modrm >> 3) & 7, i = d->modrm & 7;
    bool mem = d->mod != 3;
    uint64_t la = mem ? modrm_addr(cpu, d) : 0;
    /* Control instructions that do not wait for pending exceptions. */
    if (!mem && d->opcode == 0xdb && d->modrm == 0xe2) { f->sw &= 0x7f00; return EXIT_NONE; }   /* FNCLEX */
    if (!mem && d->opcode == 0xdb && d->modrm == 0xe3) { x87_init(cpu); return EXIT_NONE; }      /* FNINIT */
    if (!mem && d->opcode == 0xdf && d->modrm == 0xe0) { reg_set(cpu, d, RAX, 2, f->sw); return EXIT_NONE; } /* FNSTSW AX */
    if (mem && d->opcode == 0xd9 && r == 7) { mem_write(cpu, la, 2, f->cw); return EXIT_NONE; }  /* FNSTCW */
    if (mem && d->opcode == 0xdd && r == 7) { mem_write(cpu, la, 2, f->sw); return EXIT_NONE; }  /* FNSTSW m16 */
    if (mem && d->opcode == 0xd9 && r == 6) { store_env(cpu, la, d->osize); f->cw |= 0x3f; return EXIT_NONE; } /* FNSTENV */
    if (mem && d->opcode == 0xd9 && r == 5) { f->cw = (uint16_t)mem_read(cpu, la, 2); return EXIT_NONE; } /* FLDCW */
    if (mem && d->opcode == 0xd9 && r == 4) { load_env(cpu, la, d->osize); return EXIT_NONE; }   /* FLDENV */
    check_pending(cpu);
    f->fip = x86_insn_rip;
    f->fop = (uint16_t)(((d->opcode & 7) << 8) | d->modrm);
    if (mem)
        f->fdp = la;

    unsigned host = saved_host_cw(cpu);
    switch (d->opcode) {
    case 0xd8: case 0xdc: case 0xda: case 0xde: {
        long double a = st_get(cpu, 0), b;
        if (mem) {
            if (d->opcode == 0xd8) b = load_mem_float(cpu, la, 4);
            else if (d->opcode == 0xdc) b = load_mem_float(cpu, la, 8);
            else if (d->opcode == 0xda) b = (int32_t)mem_read(cpu, la, 4);
            else b = (int16_t)mem_read(cpu, la, 2);
            if (r == 2 || r == 3) {
                compare(cpu, a, b, false);
                if (r == 3) st_pop(cpu);
            } else {
                st_set(cpu, 0, arith(r, a, b));
            }
            break;
        }
        if (d->opcode == 0xda) {         /* FCMOVcc, FUCOMPP */
            if (d->modrm == 0xe9) {
                compare(cpu, a, st_get(cpu, 1), true);
                st_pop(cpu);
                st_pop(cpu);
                break;
            }
            uint64_t fl = x86_get_flags(cpu);
            bool c = r == 0 ? (fl & F_CF) : r == 1 ? (fl & F_ZF) : r == 2 ? (fl & (F_CF | F_ZF)) : (fl & F_PF);
            if (r > 3) { restore_host_cw(cpu, host); x86_undefined(cpu, d); }
            if (c) st_set(cpu, 0, st_get(cpu, i));
            break;
        }
        b = st_get(cpu, i);
        if (d->opcode == 0xd8) {
            if (r == 2 || r == 3) {
                compare(cpu, a, b, false);
                if (r == 3) st_pop(cpu);
            } else {
                st_set(cpu, 0, arith(r, a, b));
            }
        } else {                          /* DC/DE: ST(i) = ST(i) op ST(0), reversed sub/div */
            if (d->opcode == 0xde && d->modrm == 0xd9) {     /* FCOMPP */
                compare(cpu, a, b, false);
                st_pop(cpu);
                st_pop(cpu);
                break;
            }
            if (r == 2 || r == 3) {       /* aliases of FCOM/FCOMP */
                compare(cpu, a, b, false);
                if (r == 3 || d->opcode == 0xde) st_pop(cpu);
                break;
            }
            static const unsigned rev[8] = { 0, 1, 2, 3, 5, 4, 7, 6 };
            st_set(cpu, i, arith(rev[r], b, a));
            if (d->opcode == 0xde)
                st_pop(cpu);
        }
        break;
    }
    case 0xd9:
        if (mem) {
            if (r == 0) st_push(cpu, load_mem_float(cpu, la, 4));
            else if (r == 2 || r == 3) { store_mem_float(cpu, la, 4, st_get(cpu, 0)); if (r == 3) st_pop(cpu); }
            else { restore_host_cw(cpu, host); x86_undefined(cpu, d); }
            break;
        }
        switch (r) {
        case 0: st_push(cpu, st_get(cpu, i)); break;                        /* FLD ST(i) */
        case 1: {                                                            /* FXCH */
            long double a = st_get(cpu, 0), b = st_get(cpu, i);
            st_set(cpu, 0, b);
            st_set(cpu, i, a);
            break;
        }
        case 2: if (i != 0) { restore_host_cw(cpu, host); x86_undefined(cpu, d); } break; /* FNOP */
        case 3: st_set(cpu, i, st_get(cpu, 0)); st_pop(cpu); break;          /* FSTP1 alias */
        case 4:
            switch (i) {
            case 0: st_set(cpu, 0, -st_get(cpu, 0)); break;                  /* FCHS */
            case 1: st_set(cpu, 0, fabsl(st_get(cpu, 0))); break;            /* FABS */
            case 4: compare(cpu, st_get(cpu, 0), 0.0L, false); break;        /* FTST */
            case 5: fxam(cpu); break;                                         /* FXAM */
            default: restore_host_cw(cpu, host); x86_undefined(cpu, d);
            }
            break;
        case 5:
            if (i == 7) { restore_host_cw(cpu, host); x86_undefined(cpu, d); }
            st_push(cpu, constant(i));
            break;
        case 6:
            switch (i) {
            case 0: st_set(cpu, 0, exp2l(st_get(cpu, 0)) - 1.0L); break;     /* F2XM1 */
            case 1: {                                                         /* FYL2X */
                long double x = st_get(cpu, 0), y = st_get(cpu, 1);
                st_set(cpu, 1, y * log2l(x));
                st_pop(cpu);
                break;
            }
            case 2: {                                                         /* FPTAN */
                long double x = st_get(cpu, 0);
                f->sw &= ~SW_C2;
                if (fabsl(x) >= 0x1p63L) { f->sw |= SW_C2; break; }
                st_set(cpu, 0, tanl(x));
                st_push(cpu, 1.0L);
                break;
            }
            case 3: {                                                         /* FPATAN */
                long double x = st_get(cpu, 0), y = st_get(cpu, 1);
                st_set(cpu, 1, atan2l(y, x));
                st_pop(cpu);
                break;
            }
            case 4: {                                                         /* FXTRACT */
                long double x = st_get(cpu, 0);
                int e;
                long double m = frexpl(x, &e);
                st_set(cpu, 0, x == 0 ? -INFINITY : (long double)(e - 1));
                st_push(cpu, x == 0 ? x : m * 2);
                break;
            }
            case 5: case 0xff: {                                              /* FPREM1 */
                long double x = st_get(cpu, 0), y = st_get(cpu, 1);
                long double q = nearbyintl(x / y);
                st_set(cpu, 0, remainderl(x, y));
                f->sw &= ~(SW_C0 | SW_C1 | SW_C2 | SW_C3);
                uint64_t qi = (uint64_t)fabsl(q);
                f->sw |= (qi & 1 ? SW_C1 : 0) | (qi & 2 ? SW_C3 : 0) | (qi & 4 ? SW_C0 : 0);
                break;
            }
            case 6: set_top(f, top(f) - 1); break;                            /* FDECSTP */
            default: set_top(f, top(f) + 1); break;                           /* FINCSTP */
            }
            break;
        default:
            switch (i) {
            case 0: {                                                         /* FPREM */
                long double x = st_get(cpu, 0), y = st_get(cpu, 1);
                long double q = truncl(x / y);
                st_set(cpu, 0, fmodl(x, y));
                f->sw &= ~(SW_C0 | SW_C1 | SW_C2 | SW_C3);
                uint64_t qi = (uint64_t)fabsl(q);
                f->sw |= (qi & 1 ? SW_C1 : 0) | (qi & 2 ? SW_C3 : 0) | (qi & 4 ? SW_C0 : 0);
                break;
            }
            case 1: {                                                         /* FYL2XP1 */
                long double x = st_get(cpu, 0), y = st_get(cpu, 1);
                st_set(cpu, 1, y * log1pl(x) / 0.693147180559945309417232121458176568L);
                st_pop(cpu);
                break;
            }
            case 2: st_set(cpu, 0, sqrtl(st_get(cpu, 0))); break;             /* FSQRT */
            case 3: {                                                         /* FSINCOS */
                long double x = st_get(cpu, 0);
                f->sw &= ~SW_C2;
                if (fabsl(x) >= 0x1p63L) { f->sw |= SW_C2; break; }
                st_set(cpu, 0, sinl(x));
                st_push(cpu, cosl(x));
                break;
            }
            case 4: st_set(cpu, 0, nearbyintl(st_get(cpu, 0))); break;        /* FRNDINT */
            case 5: {                                                         /* FSCALE */
                long double x = st_get(cpu, 0), y = st_get(cpu, 1);
                st_set(cpu, 0, scalbnl(x, (int)fmaxl(fminl(truncl(y), 65536.0L), -65536.0L)));
                break;
            }
            case 6: case 7: {                                                 /* FSIN, FCOS */
                long double x = st_get(cpu, 0);
                f->sw &= ~SW_C2;
                if (fabsl(x) >= 0x1p63L) { f->sw |= SW_C2; break; }
                st_set(cpu, 0, i == 6 ? sinl(x) : cosl(x));
                break;
            }
            }
        }
        break;
    case 0xdb:
        if (mem) {
            switch (r) {
            case 0: st_push(cpu, (int32_t)mem_read(cpu, la, 4)); break;                   /* FILD m32 */
            case 1: mem_write(cpu, la, 4, (uint64_t)to_int(cpu, st_get(cpu, 0), 32, true)); st_pop(cpu); break; /* FISTTP */
            case 2: case 3:
                mem_write(cpu, la, 4, (uint64_t)to_int(cpu, st_get(cpu, 0), 32, false));
                if (r == 3) st_pop(cpu);
                break;
            case 5: {                                                                     /* FLD m80 */
                struct f80 v;
                v.mant = mem_read(cpu, la, 8);
                v.sexp = (uint16_t)mem_read(cpu, la + 8, 2);
                st_push_raw(cpu, v);
                break;
            }
            case 7: {                                                                     /* FSTP m80 */
                if (empty(f, 0)) stack_fault(cpu, false);
                struct f80 v = empty(f, 0) ? ld_to_f80(-NAN) : f->st[phys(f, 0)];
                mem_write(cpu, la, 8, v.mant);
                mem_write(cpu, la + 8, 2, v.sexp);
                st_pop(cpu);
                break;
            }
            default: restore_host_cw(cpu, host); x86_undefined(cpu, d);
            }
            break;
        }
        if (r <= 3) {                                                     /* FCMOVNcc */
            uint64_t fl = x86_get_flags(cpu);
            bool c = r == 0 ? (fl & F_CF) : r == 1 ? (fl & F_ZF) : r == 2 ? (fl & (F_CF | F_ZF)) : (fl & F_PF);
            if (!c) st_set(cpu, 0, st_get(cpu, i));
        } else if (r == 5 || r == 6) {                                    /* FUCOMI, FCOMI */
            compare_eflags(cpu, st_get(cpu, 0), st_get(cpu, i), r == 5);
        } else if (r == 4 && (i == 0 || i == 1 || i == 4)) {              /* FENI/FDISI/FSETPM: no-ops */
        } else {
            restore_host_cw(cpu, host);
            x86_undefined(cpu, d);
        }
        break;
    case 0xdd:
        if (mem) {
            switch (r) {
            case 0: st_push(cpu, load_mem_float(cpu, la, 8)); break;                      /* FLD m64 */
            case 1: mem_write(cpu, la, 8, (uint64_t)to_int(cpu, st_get(cpu, 0), 64, true)); st_pop(cpu); break; /* FISTTP m64 */
            case 2: case 3: store_mem_float(cpu, la, 8, st_get(cpu, 0)); if (r == 3) st_pop(cpu); break;
            case 4: {                                                                     /* FRSTOR */
                unsigned env = d->osize == 2 ? 14 : 28;
                load_env(cpu, la, d->osize);
                for (unsigned k = 0; k < 8; k++) {
                    f->st[phys(f, k)].mant = mem_read(cpu, la + env + 10 * k, 8);
                    f->st[phys(f, k)].sexp = (uint16_t)mem_read(cpu, la + env + 10 * k + 8, 2);
                }
                break;
            }
            case 6: {                                                                     /* FNSAVE */
                unsigned env = d->osize == 2 ? 14 : 28;
                store_env(cpu, la, d->osize);
                for (unsigned k = 0; k < 8; k++) {
                    mem_write(cpu, la + env + 10 * k, 8, f->st[phys(f, k)].mant);
                    mem_write(cpu, la + env + 10 * k + 8, 2, f->st[phys(f, k)].sexp);
                }
                x87_init(cpu);
                break;
            }
            default: restore_host_cw(cpu, host); x86_undefined(cpu, d);
            }
            break;
        }
        switch (r) {
        case 0: set_tag(f, phys(f, i), 3); break;                         /* FFREE */
        case 2: st_set(cpu, i, st_get(cpu, 0)); break;                    /* FST ST(i) */
        case 3: st_set(cpu, i, st_get(cpu, 0)); st_pop(cpu); break;       /* FSTP ST(i) */
        case 4: compare(cpu, st_get(cpu, 0), st_get(cpu, i), true); break; /* FUCOM */
        case 5: compare(cpu, st_get(cpu, 0), st_get(cpu, i), true); st_pop(cpu); break; /* FUCOMP */
        default: restore_host_cw(cpu, host); x86_undefined(cpu, d);
        }
        break;
    case 0xdf:
        if (mem) {
            switch (r) {
            case 0: st_push(cpu, (int16_t)mem_read(cpu, la, 2)); break;                   /* FILD m16 */
            case 1: mem_write(cpu, la, 2, (uint64_t)to_int(cpu, st_get(cpu, 0), 16, true)); st_pop(cpu); break;
            case 2: case 3:
                mem_write(cpu, la, 2, (uint64_t)to_int(cpu, st_get(cpu, 0), 16, false));
                if (r == 3) st_pop(cpu);
                break;
            case 5: st_push(cpu, (long double)(int64_t)mem_read(cpu, la, 8)); break;      /* FILD m64 */
            case 7: mem_write(cpu, la, 8, (uint64_t)to_int(cpu, st_get(cpu, 0), 64, false)); st_pop(cpu); break;
            case 4: {                                                                      /* FBLD */
                long double v = 0;
                for (int k = 8; k >= 0; k--) {
                    unsigned b = (unsigned)mem_read(cpu, la + (uint64_t)k, 1);
                    v = v * 100 + (b >> 4) * 10 + (b & 15);
                }
                if (mem_read(cpu, la + 9, 1) & 0x80) v = -v;
                st_push(cpu, v);
                break;
            }
            case 6: {                                                                      /* FBSTP */
                long double v = nearbyintl(st_get(cpu, 0));
                bool neg = signbit(v);
                unsigned long long u = (unsigned long long)fabsl(v);
                for (int k = 0; k < 9; k++) {
                    unsigned lo = u % 10; u /= 10;
                    unsigned hi = u % 10; u /= 10;
                    mem_write(cpu, la + (uint64_t)k, 1, (hi << 4) | lo);
                }
                mem_write(cpu, la + 9, 1, neg ? 0x80 : 0);
                st_pop(cpu);
                break;
            }
            }
            break;
        }
        if (r == 5 || r == 6) {                                           /* FUCOMIP, FCOMIP */
            compare_eflags(cpu, st_get(cpu, 0), st_get(cpu, i), r == 5);
            st_pop(cpu);
        } else if (r == 0) {                                              /* FFREEP */
            set_tag(f, phys(f, i), 3);
            st_pop(cpu);
        } else {
            restore_host_cw(cpu, host);
            x86_undefined(cpu, d);
        }
        break;
    }
    restore_host_cw(cpu, host);
    return EXIT_NONE;
}

/* MMX registers alias the mantissas of the physical x87 registers; any MMX
 * instruction empties nothing but sets TOP=0 and marks all tags valid. */
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

#endif
