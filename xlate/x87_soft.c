/*
 * x87_soft.c - the x87's computing instructions in software, over the
 * soft-float f80.c: the back end for hosts without an x87 (x87.c runs the
 * instructions on the host's own x87 on x86-64, unless x87_soft_backend).
 *
 * The masked responses are exact, tested instruction by instruction against
 * the hardware (test_cpu_x87.c, with x87_soft_backend set) and operation by
 * operation (test_f80.c): stack underflow/overflow, C0-C3, the flags and
 * their priorities (an operand's DE yields to a NaN or a zero divide...).
 * Unmasked IE/DE/ZE leave the destination and the stack alone, as the
 * hardware does; unmasked OE/UE deliver the masked result (the hardware's
 * exponent-wrapped one is not modelled).
 * The transcendentals (FSIN FCOS FSINCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1)
 * go through the host's long double: with IEEE quad (aarch64) the result is
 * rounded here with RC, C1 and PE from 113 bits; with an x87 long double
 * (this build on x86, for testing) it is libm's, within an ulp or two, C1
 * unknown.
 */
#include "xlate/interp.h"
#include "xlate/x87.h"

#include <math.h>
#include <float.h>

struct sctx { struct x86_cpu *cpu; struct x87 *f; unsigned ex; };

static bool sget(struct sctx *c, unsigned i, struct f80 *v)
{
    if (empty(c->f, i)) {
        c->ex = (c->ex | SW_IE | SW_SF) & ~(unsigned)SW_C1;     /* stack underflow */
        *v = f80_indefinite;
        return false;
    }
    *v = c->f->st[phys(c->f, i)];
    return true;
}

/* ST(0) and ST(i), both read (an underflow of either is flagged). */
static bool sget2(struct sctx *c, unsigned i, struct f80 *a, struct f80 *b)
{
    bool ok = sget(c, 0, a);
    return sget(c, i, b) && ok;
}

static void sset(struct x87 *f, unsigned i, struct f80 v)
{
    unsigned p = phys(f, i);
    f->st[p] = v;
    set_tag(f, p, tag_of(v));
}

/* An unmasked invalid, denormal or zero-divide exception: no result. */
static bool blocked(const struct sctx *c) { return c->ex & ~c->f->cw & (SW_IE | SW_DE | SW_ZE); }

static void spop(struct x87 *f)
{
    set_tag(f, top(f), 3);
    set_top(f, top(f) + 1);
}

/* Push v; onto a full register: stack overflow, the indefinite. */
static void spush(struct sctx *c, struct f80 v)
{
    struct x87 *f = c->f;
    unsigned t = (top(f) - 1) & 7;
    if (((f->tag >> (2 * t)) & 3) != 3) {
        /* overflow: replaces the exceptions of the value being pushed; after
         * an underflow of the source, C1 stays 0 */
        c->ex = (c->ex & SW_SF) ? c->ex : (SW_IE | SW_SF | SW_C1);
        v = f80_indefinite;
    }
    if (blocked(c))
        return;
    set_top(f, t);
    f->st[t] = v;
    set_tag(f, t, tag_of(v));
}

/* Fold the exceptions into the status word: sticky flags, C1 as computed. */
static void sfinish(struct sctx *c)
{
    struct x87 *f = c->f;
    if (blocked(c))        /* aborted before computing: no PE/UE/OE, no rounding C1 */
        c->ex &= SW_IE | SW_DE | SW_ZE | SW_SF | ((c->ex & SW_SF) ? SW_C1 : 0);
    f->sw = (uint16_t)((f->sw & ~SW_C1) | (c->ex & (0x7f | SW_C1)));
    if (c->ex & ~f->cw & 0x3f)
        f->sw |= SW_ES | SW_B;
}

static void set_cc(struct x87 *f, unsigned cc) { f->sw = (uint16_t)((f->sw & ~(SW_C0 | SW_C2 | SW_C3)) | cc); }

static struct f80 arith(unsigned r, struct f80 a, struct f80 b, unsigned cw, unsigned *ex)
{
    switch (r) {
    case 0: return f80_add(a, b, cw, ex);
    case 1: return f80_mul(a, b, cw, ex);
    case 4: return f80_sub(a, b, cw, ex);
    case 5: return f80_sub(b, a, cw, ex);
    case 6: return f80_div(a, b, cw, ex);
    default: return f80_div(b, a, cw, ex);
    }
}

static const unsigned cc_of_compare[4] = { SW_C0, SW_C3, 0, SW_C0 | SW_C2 | SW_C3 };

/* FCOM family: C3 C2 C0 from comparing ST(0) with b (ok: both present). */
static void scompare(struct sctx *c, struct f80 a, struct f80 b, bool ok, bool quiet)
{
    int res = ok ? f80_compare(a, b, quiet, &c->ex) : 3;
    c->ex &= ~(unsigned)SW_C1;
    set_cc(c->f, cc_of_compare[res]);        /* even when an unmasked exception stops the pop */
}

static void scompare_eflags(struct sctx *c, struct f80 a, struct f80 b, bool ok, bool quiet)
{
    int res = ok ? f80_compare(a, b, quiet, &c->ex) : 3;
    if (ok) c->ex |= c->f->sw & SW_C1;        /* C1 kept unless the stack underflowed */
    static const uint64_t fl[4] = { F_CF, F_ZF, 0, F_ZF | F_PF | F_CF };
    x86_set_flags(c->cpu, (x86_get_flags(c->cpu) & ~(uint64_t)F_ARITH) | fl[res]);
}

static unsigned fxam(struct x87 *f)
{
    struct f80 v = f->st[phys(f, 0)];
    unsigned cc = (v.sexp & 0x8000) ? SW_C1 : 0;
    if (empty(f, 0))
        return cc | SW_C3 | SW_C0;
    unsigned e = v.sexp & 0x7fff;
    if (e == 0)
        return cc | (v.mant ? SW_C3 | SW_C2 : SW_C3);          /* denormal : zero */
    if (!(v.mant >> 63))
        return cc;                                             /* unsupported */
    if (e == 0x7fff)
        return cc | ((v.mant << 1) ? SW_C0 : SW_C2 | SW_C0);   /* NaN : infinity */
    return cc | SW_C2;                                         /* normal */
}

/* Constants to 128 bits (value = m * 2^(e - 127)), rounded per RC to 64. */
static struct f80 constant(unsigned which, unsigned cw, unsigned *ex)
{
    static const struct { uint64_t hi, lo; int e; } k[6] = {
        { 0x8000000000000000ull, 0, 0 },                                        /* 1 */
        { 0xd49a784bcd1b8afeull, 0x492bf6ff4dafdb4dull, 1 },                    /* log2(10) */
        { 0xb8aa3b295c17f0bbull, 0xbe87fed0691d3e89ull, 0 },                    /* log2(e) */
        { 0xc90fdaa22168c234ull, 0xc4c6628b80dc1cd1ull, 1 },                    /* pi */
        { 0x9a209a84fbcff798ull, 0x8f8959ac0b7c9178ull, -2 },                   /* log10(2) */
        { 0xb17217f7d1cf79abull, 0xc9e3b39803f2f6afull, -1 },                   /* ln(2) */
    };
    if (which == 6)
        return (struct f80){ 0, 0 };
    unsigned fl = 0;
    struct f80 r = f80_round_pack(false, k[which].e, k[which].hi, k[which].lo, cw | 0x300, &fl);
    return r;                   /* the hardware flags neither PE nor C1 for these */
}

/* NaN operands and unsupported encodings: the x87's propagation (f80_add
 * applies the same rules). */
static bool nan_in(struct f80 a, struct f80 b, unsigned cw, unsigned *ex, struct f80 *r)
{
    if (!f80_is_nan(a) && !f80_is_nan(b) && !f80_is_unsupported(a) && !f80_is_unsupported(b))
        return false;
    *r = f80_add(a, b, cw, ex);
    return true;
}

static bool is_inf(struct f80 v) { return (v.sexp & 0x7fff) == 0x7fff && !(v.mant << 1); }
static bool is_zero(struct f80 v) { return !(v.sexp & 0x7fff) && !v.mant; }
static bool is_neg(struct f80 v) { return v.sexp >> 15; }
static void denormal(struct f80 v, unsigned *ex) { if (!(v.sexp & 0x7fff) && v.mant) *ex |= SW_DE; }

/* FPREM (ieee false: truncated quotient) and FPREM1 (nearest): f80_prem. */
static void sprem(struct sctx *c, bool ieee)
{
    struct x87 *f = c->f;
    struct f80 a, b, r = f80_indefinite;
    bool ok = sget2(c, 1, &a, &b);
    unsigned cc = 0;
    if (ok)
        r = f80_prem(a, b, ieee, f->cw, &c->ex, &cc);
    if (blocked(c))
        return;
    sset(f, 0, r);
    if (ok && cc == F80_CC_KEEP) {
        f->sw &= (uint16_t)~SW_C2;          /* a NaN: C0 C3 left, C1 C2 cleared */
    } else if (ok) {
        set_cc(f, cc & (SW_C0 | SW_C2 | SW_C3));
        c->ex = (c->ex & ~(unsigned)SW_C1) | (cc & SW_C1);
    } else {
        f->sw &= (uint16_t)~SW_C2;          /* an underflow leaves C0 C3, clears C2 */
    }
}

/* FSIN FCOS FSINCOS FPTAN: out of range (|x| >= 2^63) sets C2 and leaves x. */
static void strig(struct sctx *c, unsigned which)
{
    struct x87 *f = c->f;
    struct f80 x, r1 = f80_indefinite, r2 = f80_indefinite;
    bool ok = sget(c, 0, &x);
    bool two = which == 2 || which == 3;      /* FPTAN, FSINCOS push */
    set_cc(f, f->sw & (SW_C0 | SW_C3));
    if (two && ok && !empty(f, 7)) {          /* no room for the second result */
        c->ex = SW_IE | SW_SF | SW_C1;
        if (blocked(c)) return;
        sset(f, 0, f80_indefinite);
        spush(c, f80_indefinite);
        c->ex = SW_IE | SW_SF | SW_C1;
        return;
    }
    if (ok && nan_in(x, x, f->cw, &c->ex, &r1)) {
        r2 = r1;
    } else if (ok && is_inf(x)) {
        c->ex |= SW_IE;
    } else if (ok && (x.sexp & 0x7fff) >= 16383 + 63) {
        f->sw |= SW_C2;
        return;
    } else if (ok) {
        denormal(x, &c->ex);
        unsigned cw = f->cw;
        if (is_zero(x)) {
            r1 = x;
            r2 = (struct f80){ 1ull << 63, 16383 };
            if (which == 1) r1 = r2;
        } else {
            switch (which) {
            case 0: r1 = f80_trans(F80_SIN, x, x, cw, &c->ex); break;
            case 1: r1 = f80_trans(F80_COS, x, x, cw, &c->ex); break;
            case 2: r1 = f80_trans(F80_TAN, x, x, cw, &c->ex); r2 = (struct f80){ 1ull << 63, 16383 }; break;
            default: r1 = f80_trans(F80_SIN, x, x, cw, &c->ex); r2 = f80_trans(F80_COS, x, x, cw, &c->ex); break;
            }
            c->ex |= SW_PE;                   /* the hardware flags PE for every finite nonzero x */
        }
    }
    if (blocked(c))
        return;
    sset(f, 0, r1);
    if (two)
        spush(c, r2);
}

void x87_soft_compute(struct x86_cpu *cpu, const struct x86_inst *d, uint64_t la, unsigned kind, unsigned size)
{
    struct x87 *f = x87_of(cpu);
    struct sctx c = { cpu, f, 0 };
    unsigned op = d->opcode & 7, r = (d->modrm >> 3) & 7, i = d->modrm & 7, cw = f->cw;
    struct f80 a, b, v;
    (void)size;
    if (kind != M_UD) {
        /* ---- memory forms ---- */
        if (op == 0 || op == 2 || op == 4 || op == 6) {      /* arithmetic and compare with m32/m64/m32int/m16int */
            uint64_t m = mem_read(cpu, la, op == 4 ? 8 : op == 6 ? 2 : 4);
            bool ok = sget(&c, 0, &a);
            unsigned cx = 0;
            if (op == 0) b = f80_from_f32((uint32_t)m, &cx);
            else if (op == 4) b = f80_from_f64(m, &cx);
            else if (op == 2) b = f80_from_i64((int32_t)m);
            else b = f80_from_i64((int16_t)m);
            /* the operand's DE counts unless a NaN decides or it is divided by zero */
            bool de = ok && !f80_is_nan(a) && !f80_is_unsupported(a) && !f80_is_nan(b);
            if (r == 2 || r == 3) {
                c.ex |= de ? cx : 0;
                scompare(&c, a, b, ok, false);
                if (r == 3 && !blocked(&c)) spop(f);
            } else {
                unsigned t = 0;
                v = ok ? arith(r, a, b, cw, &t) : f80_indefinite;
                c.ex |= t | (de && !(t & SW_ZE) ? cx : 0);
                if (!blocked(&c)) sset(f, 0, v);
            }
            sfinish(&c);
            return;
        }
        if (kind == M_LOAD) {
            uint64_t m = mem_read(cpu, la, size == 10 ? 8 : size);
            switch (op * 8 + r) {
            case 1 * 8 + 0: v = f80_from_f32((uint32_t)m, &c.ex); goto quiet;        /* FLD m32 */
            case 5 * 8 + 0: v = f80_from_f64(m, &c.ex);                               /* FLD m64 */
            quiet:
                if (f80_is_snan(v)) { c.ex |= SW_IE; v.mant |= 1ull << 62; }
                break;
            case 3 * 8 + 0: v = f80_from_i64((int32_t)m); break;                      /* FILD m32 */
            case 7 * 8 + 0: v = f80_from_i64((int16_t)m); break;                      /* FILD m16 */
            case 7 * 8 + 5: v = f80_from_i64((int64_t)m); break;                      /* FILD m64 */
            case 3 * 8 + 5:                                                           /* FLD m80 */
                v.mant = m;
                v.sexp = (uint16_t)mem_read(cpu, la + 8, 2);
                break;
            default: {                                                                /* FBLD */
                uint8_t bcd[10];
                x87_mem_read_bytes(cpu, la, bcd, 10);
                int64_t n = 0;
                for (int k = 8; k >= 0; k--)
                    n = n * 100 + (bcd[k] >> 4) * 10 + (bcd[k] & 15);
                v = f80_from_i64(n);
                if (bcd[9] & 0x80) v.sexp |= 0x8000;
                break;
            }
            }
            spush(&c, v);
            sfinish(&c);
            return;
        }
        /* stores */
        bool ok = sget(&c, 0, &a);
        bool pop = r != 2;                                     /* FST, FIST keep ST(0) */
        uint8_t buf[10];
        memset(buf, 0, sizeof buf);
        unsigned fl = 0;
        if (op == 3 && r == 7) {                                                     /* FSTP m80 */
            memcpy(buf, &a.mant, 8);
            memcpy(buf + 8, &a.sexp, 2);
        } else if (op == 1 || (op == 5 && r >= 2)) {                                 /* FST(P) m32/m64 */
            if (op == 1) {
                uint32_t x = ok ? f80_to_f32(a, cw, &fl) : 0xffc00000u;
                memcpy(buf, &x, 4);
            } else {
                uint64_t x = ok ? f80_to_f64(a, cw, &fl) : 0xfff8000000000000ull;
                memcpy(buf, &x, 8);
            }
        } else if (op == 7 && r == 6) {                                              /* FBSTP */
            struct f80 t = ok ? f80_rndint(a, cw, &fl) : a;
            int64_t n = 0;
            bool bad = !ok || f80_is_nan(t) || f80_is_unsupported(t) || is_inf(t);
            if (!bad) {
                unsigned fl2 = 0;
                n = f80_to_int(t, 64, false, cw, &fl2);
                bad = (fl2 & SW_IE) || n > 999999999999999999ll || n < -999999999999999999ll;
            }
            fl &= ~(unsigned)SW_DE;                         /* FBSTP flags no denormal */
            if (bad) {
                if (ok) fl |= SW_IE;
                fl &= ~(unsigned)(SW_PE | SW_C1);
                buf[7] = 0xc0; buf[8] = 0xff; buf[9] = 0xff;
            } else {
                uint64_t u = n < 0 ? (uint64_t)-n : (uint64_t)n;
                for (int k = 0; k < 9; k++) {
                    unsigned lo = (unsigned)(u % 10); u /= 10;
                    unsigned hi = (unsigned)(u % 10); u /= 10;
                    buf[k] = (uint8_t)((hi << 4) | lo);
                }
                buf[9] = is_neg(a) ? 0x80 : 0;
            }
        } else {                                                                     /* FIST(P), FISTTP */
            unsigned bits = size * 8;
            int64_t x = ok ? f80_to_int(a, bits, r == 1, cw, &fl) : (int64_t)((uint64_t)-1 << (bits - 1));
            memcpy(buf, &x, size);
        }
        c.ex |= fl;
        /* an unmasked overflow/underflow of a memory store stores nothing
         * and pops nothing either (nor flags PE) */
        if (c.ex & ~cw & (SW_OE | SW_UE)) {
            c.ex &= SW_OE | SW_UE | SW_DE;
        } else if (!blocked(&c)) {
            x87_mem_write_bytes(cpu, la, buf, size);
            if (pop)
                spop(f);
        }
        sfinish(&c);
        return;
    }

    /* ---- register forms ---- */
    unsigned m = d->modrm;
    switch (op) {
    case 0: case 4: case 6: {
        bool ok = sget2(&c, i, &a, &b);
        if (op == 6 && m == 0xd9) {                                     /* FCOMPP */
            scompare(&c, a, b, ok, false);
            if (!blocked(&c)) { spop(f); spop(f); }
            break;
        }
        if (r == 2 || r == 3) {                                         /* FCOM, FCOMP (and aliases) */
            scompare(&c, a, b, ok, false);
            if ((r == 3 || op == 6) && !blocked(&c)) spop(f);
            break;
        }
        if (op == 0) {
            v = ok ? arith(r, a, b, cw, &c.ex) : f80_indefinite;
            if (!blocked(&c)) sset(f, 0, v);
        } else {
            static const unsigned rev[8] = { 0, 1, 2, 3, 5, 4, 7, 6 };
            v = ok ? arith(rev[r], b, a, cw, &c.ex) : f80_indefinite;
            if (!blocked(&c)) {
                sset(f, i, v);
                if (op == 6) spop(f);
            }
        }
        break;
    }
    case 1:
        switch (r) {
        case 0: { bool ok = sget(&c, i, &a); (void)ok; spush(&c, a); break; }   /* FLD ST(i) */
        case 1: case 5 + 8: {                                                   /* FXCH */
            sget(&c, 0, &a);
            sget(&c, i, &b);
            if (!blocked(&c)) { sset(f, 0, b); sset(f, i, a); }
            break;
        }
        case 2: return;                                                         /* FNOP: C1 kept */
        case 3: {                                                               /* FSTP1 */
            sget(&c, 0, &a);
            if (!blocked(&c)) { sset(f, i, a); spop(f); }
            break;
        }
        case 4:
            if (i == 5) { f->sw = (uint16_t)((f->sw & ~SW_CC) | fxam(f)); return; }
            if (sget(&c, 0, &a)) {
                if (i == 0) a.sexp ^= 0x8000;                                   /* FCHS */
                else if (i == 1) a.sexp &= 0x7fff;                              /* FABS */
            }
            if (i == 4) { scompare(&c, a, (struct f80){ 0, 0 }, !empty(f, 0), false); break; }  /* FTST */
            if (!blocked(&c)) sset(f, 0, a);
            break;
        case 5:                                                                 /* constants */
            v = constant(i, cw, &c.ex);
            spush(&c, v);
            break;
        default: {
            unsigned k = (r - 6) * 8 + i;                                       /* 0..15: F0..FF */
            switch (k) {
            case 6: set_top(f, top(f) - 1); break;                              /* FDECSTP */
            case 7: set_top(f, top(f) + 1); break;                              /* FINCSTP */
            case 5: sprem(&c, true); break;                                     /* FPREM1 */
            case 8: sprem(&c, false); break;                                    /* FPREM */
            case 10: case 12: {                                                 /* FSQRT, FRNDINT */
                bool ok = sget(&c, 0, &a);
                v = !ok ? a : k == 10 ? f80_sqrt(a, cw, &c.ex) : f80_rndint(a, cw, &c.ex);
                if (!blocked(&c)) sset(f, 0, v);
                break;
            }
            case 14: strig(&c, 0); break;
            case 15: strig(&c, 1); break;
            case 2: strig(&c, 2); break;
            case 11: strig(&c, 3); break;
            case 4: {                                                           /* FXTRACT */
                struct f80 e, s;
                bool ok = sget(&c, 0, &a);
                if (ok && !empty(f, 7)) {           /* no room for the second result */
                    c.ex = SW_IE | SW_SF | SW_C1;
                    if (blocked(&c)) break;
                    sset(f, 0, f80_indefinite);
                    spush(&c, f80_indefinite);
                    c.ex = SW_IE | SW_SF | SW_C1;
                    break;
                }
                if (!ok) { e = s = a; }
                else if (nan_in(a, a, cw, &c.ex, &e)) { s = e; }
                else if (is_zero(a)) {
                    c.ex |= SW_ZE;
                    e = (struct f80){ 1ull << 63, 0xffff };
                    s = a;
                } else if (is_inf(a)) {
                    e = (struct f80){ 1ull << 63, 0x7fff };
                    s = a;
                } else {
                    denormal(a, &c.ex);
                    int32_t ex = a.sexp & 0x7fff;
                    uint64_t mm = a.mant;
                    if (!ex) ex = 1;
                    while (!(mm >> 63)) { mm <<= 1; ex--; }
                    e = f80_from_i64(ex - 16383);
                    s = (struct f80){ mm, (uint16_t)((a.sexp & 0x8000) | 16383) };
                }
                if (blocked(&c)) break;
                sset(f, 0, e);
                spush(&c, s);
                break;
            }
            case 13: {                                                          /* FSCALE */
                bool ok = sget2(&c, 1, &a, &b);
                if (!ok) v = f80_indefinite;
                else if (nan_in(a, b, cw, &c.ex, &v)) {}
                else if (is_inf(b)) {
                    denormal(a, &c.ex);
                    if ((is_zero(a) && !is_neg(b)) || (is_inf(a) && is_neg(b))) { c.ex |= SW_IE; v = f80_indefinite; }
                    else if (is_zero(a) || is_inf(a)) v = a;
                    else v = is_neg(b) ? (struct f80){ 0, (uint16_t)(a.sexp & 0x8000) }
                                       : (struct f80){ 1ull << 63, (uint16_t)((a.sexp & 0x8000) | 0x7fff) };
                } else if (is_zero(a) || is_inf(a)) {
                    denormal(b, &c.ex);
                    v = a;
                } else {
                    denormal(a, &c.ex);
                    denormal(b, &c.ex);
                    unsigned fl = 0;
                    struct f80 t = f80_rndint(b, cw | 0xc00, &fl);
                    int64_t n = 0;
                    int32_t te = t.sexp & 0x7fff;
                    if (t.mant) n = te - 16383 >= 20 ? (1 << 20) : (int64_t)(t.mant >> (63 - (te - 16383)));
                    if (is_neg(t)) n = -n;
                    int32_t ex = a.sexp & 0x7fff;
                    uint64_t mm = a.mant;
                    if (!ex) ex = 1;
                    while (!(mm >> 63)) { mm <<= 1; ex--; }
                    v = f80_round_pack(is_neg(a), (int32_t)(ex - 16383 + n), mm, 0, cw | 0x300, &c.ex);
                }
                if (!blocked(&c)) sset(f, 0, v);
                break;
            }
            default: {                                                          /* F2XM1 FYL2X FPATAN FYL2XP1 */
                bool two = k != 0;
                bool ok = two ? sget2(&c, 1, &a, &b) : sget(&c, 0, &a);
                if (!ok) v = f80_indefinite;
                else if (nan_in(a, two ? b : a, cw, &c.ex, &v)) {}
                else {
                    denormal(a, &c.ex);
                    if (two) denormal(b, &c.ex);
                    bool one = (a.sexp & 0x7fff) == 16383 && a.mant == 1ull << 63;    /* |x| = 1 */
                    switch (k) {
                    case 0:                               /* outside [-1, 1]: x itself */
                        if (is_zero(a)) v = a;
                        else if (is_inf(a)) v = is_neg(a) ? (struct f80){ 1ull << 63, 0xbfff } : a;
                        else if ((a.sexp & 0x7fff) >= 16383 && !one) v = a;
                        else v = f80_trans(F80_2XM1, a, a, cw, &c.ex);
                        break;
                    case 1:                               /* FYL2X: ST(1) * log2(ST(0)) */
                        if ((is_neg(a) && !is_zero(a)) || (is_zero(a) && is_zero(b)) || (is_inf(a) && is_zero(b)) ||
                            (one && !is_neg(a) && is_inf(b))) {
                            c.ex |= SW_IE;
                            v = f80_indefinite;
                        } else if (is_zero(a)) {
                            c.ex |= SW_ZE;
                            v = (struct f80){ 1ull << 63, (uint16_t)(is_neg(b) ? 0x7fff : 0xffff) };
                        } else {
                            v = f80_trans(F80_YL2X, a, b, cw, &c.ex);
                        }
                        break;
                    case 3: v = f80_trans(F80_ATAN2, a, b, cw, &c.ex); break;
                    default: v = f80_trans(F80_YL2XP1, a, b, cw, &c.ex); break;
                    }
                    if (!f80_is_nan(v) && !is_inf(v) && !is_zero(a)) c.ex |= SW_PE;
                    if (c.ex & SW_IE) c.ex &= ~(unsigned)(SW_DE | SW_PE);
                }
                if (blocked(&c)) break;
                if (two) { sset(f, 1, v); spop(f); }
                else sset(f, 0, v);
                break;
            }
            }
        }
        }
        break;
    case 2: case 3:
        if (op == 2 && m == 0xe9) {                                           /* FUCOMPP */
            bool ok = sget2(&c, 1, &a, &b);
            scompare(&c, a, b, ok, true);
            if (!blocked(&c)) { spop(f); spop(f); }
            break;
        }
        if (m >= 0xe8) {                                                      /* FUCOMI, FCOMI */
            bool ok = sget2(&c, i, &a, &b);
            scompare_eflags(&c, a, b, ok, r == 5);
            break;
        }
        {                                                                     /* FCMOVcc */
            uint64_t fl = x86_get_flags(cpu);
            unsigned cr = r & 3;
            bool cond = cr == 0 ? (fl & F_CF) : cr == 1 ? (fl & F_ZF) : cr == 2 ? (fl & (F_CF | F_ZF)) : (fl & F_PF);
            if (op == 3) cond = !cond;
            bool ok = sget2(&c, i, &a, &b);
            if (ok) c.ex |= f->sw & SW_C1;                /* C1 kept */
            if (!blocked(&c)) {
                if (!ok) sset(f, 0, f80_indefinite);      /* whatever the condition */
                else if (cond) sset(f, 0, b);
            }
        }
        break;
    case 5:
        switch (r) {
        case 0: set_tag(f, phys(f, i), 3); break;                             /* FFREE */
        case 1: sget(&c, 0, &a); sget(&c, i, &b);                              /* FXCH4 */
            if (!blocked(&c)) { sset(f, 0, b); sset(f, i, a); }
            break;
        case 2: case 3:                                                       /* FST, FSTP ST(i) */
            sget(&c, 0, &a);
            if (!blocked(&c)) { sset(f, i, a); if (r == 3) spop(f); }
            break;
        default: {                                                            /* FUCOM, FUCOMP */
            bool ok = sget2(&c, i, &a, &b);
            scompare(&c, a, b, ok, true);
            if (r == 5 && !blocked(&c)) spop(f);
        }
        }
        break;
    default:                                                                  /* DF */
        if (r == 0) { set_tag(f, phys(f, i), 3); spop(f); break; }          /* FFREEP */
        if (r == 1) { sget(&c, 0, &a); sget(&c, i, &b);                       /* FXCH7 */
            if (!blocked(&c)) { sset(f, 0, b); sset(f, i, a); }
            break;
        }
        if (r == 2 || r == 3) { sget(&c, 0, &a); if (!blocked(&c)) { sset(f, i, a); spop(f); } break; }
        {                                                                     /* FUCOMIP, FCOMIP */
            bool ok = sget2(&c, i, &a, &b);
            scompare_eflags(&c, a, b, ok, r == 5);
            if (!blocked(&c)) spop(f);
        }
        break;
    }
    sfinish(&c);
}
