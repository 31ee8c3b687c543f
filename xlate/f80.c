/*
 * f80.c - soft-float x87 extended precision (see f80.h), for hosts whose
 * long double is not the x87 format. Written from the Intel SDM's rules:
 *  - values are unpacked to a sign, a biased exponent and a 128-bit
 *    significand (bit 127 the integer bit), computed exactly or with a
 *    sticky bit, and rounded once by round_core();
 *  - precision control shortens the significand but keeps the 15-bit
 *    exponent range; tininess is detected after rounding; a masked
 *    underflow sets UE only when the result is also inexact;
 *  - C1 is set when rounding increased the magnitude;
 *  - unnormals and pseudo-NaNs/infinities are invalid operands (IE, the
 *    QNaN indefinite); pseudo-denormals are read as denormals;
 *  - NaN operands propagate as the x87 does: an SNaN is quieted (IE), of two
 *    NaNs the QNaN wins over the SNaN, else the larger significand.
 * tests/unit/test_f80.c checks every operation against the host's x87.
 */
#include "xlate/f80.h"

#include <math.h>
#include <string.h>

typedef unsigned __int128 u128;

#define BIAS 16383
#define QUIET (1ull << 62)
#define INT_BIT (1ull << 63)

enum kind { K_ZERO, K_DENORM, K_NORMAL, K_INF, K_QNAN, K_SNAN, K_INVALID };

static enum kind kind_of(struct f80 a)
{
    unsigned e = a.sexp & 0x7fff;
    if (e == 0)
        return a.mant ? K_DENORM : K_ZERO;           /* pseudo-denormals (bit 63 set) too */
    if (!(a.mant & INT_BIT))
        return K_INVALID;                             /* unnormal, pseudo-infinity, pseudo-NaN */
    if (e == 0x7fff) {
        if (!(a.mant << 1)) return K_INF;
        return (a.mant & QUIET) ? K_QNAN : K_SNAN;
    }
    return K_NORMAL;
}

bool f80_is_nan(struct f80 a) { enum kind k = kind_of(a); return k == K_QNAN || k == K_SNAN; }
bool f80_is_snan(struct f80 a) { return kind_of(a) == K_SNAN; }
bool f80_is_unsupported(struct f80 a) { return kind_of(a) == K_INVALID; }

static struct f80 mk(bool sign, unsigned exp, uint64_t mant)
{
    struct f80 r = { mant, (uint16_t)((sign ? 0x8000 : 0) | exp) };
    return r;
}

static bool sign_of(struct f80 a) { return a.sexp >> 15; }

/* A finite nonzero value as sign, biased exponent and a normalised
 * 128-bit significand: value = sig * 2^(exp - BIAS - 127). */
struct unp { bool sign; int32_t exp; u128 sig; };

static struct unp unpack(struct f80 a)
{
    struct unp u = { sign_of(a), a.sexp & 0x7fff, (u128)a.mant << 64 };
    if (u.exp == 0)
        u.exp = 1;
    while (!(u.sig >> 127)) {
        u.sig <<= 1;
        u.exp--;
    }
    return u;
}

static u128 shift_right_sticky(u128 v, int32_t n)
{
    if (n <= 0) return v;
    if (n >= 128) return v != 0;
    return (v >> n) | ((v & (((u128)1 << n) - 1)) != 0);
}

/* The format a result is rounded to. */
struct fmt { int32_t bias, emax; int p; };   /* emax: the largest finite exponent field */

static int pc_bits(unsigned cw)
{
    switch ((cw >> 8) & 3) {
    case 0: return 24;
    case 2: return 53;
    default: return 64;       /* 1 is reserved: the hardware rounds to 64 bits */
    }
}

/* Round sign * sig * 2^(exp - f.bias - 127) (sig normalised, bit 127 set) to
 * f: returns the exponent field (0: denormal or zero, emax + 1: infinity)
 * and the p-bit significand (integer bit included) in *mant. */
static int32_t round_core(bool sign, int32_t exp, u128 sig, struct fmt f, unsigned rc, uint64_t *mant, unsigned *sw)
{
    bool tiny = false;
    int sh = 128 - f.p;
    u128 half = (u128)1 << (sh - 1), lowmask = ((u128)1 << sh) - 1;
    if (exp < 1) {
        /* Tiny after rounding: would the value rounded to p bits with an
         * unbounded exponent still be below the smallest normal? */
        u128 rem = sig & lowmask;
        u128 keep = sig >> sh;
        bool inc = rc == 0 ? (rem > half || (rem == half && (keep & 1))) : rc == 1 ? (sign && rem) : rc == 2 ? (!sign && rem) : false;
        bool carries = inc && keep + 1 == (u128)1 << f.p;
        tiny = exp < 0 || !carries;
        sig = shift_right_sticky(sig, 1 - exp);
        exp = 1;
    }
    u128 rem = sig & lowmask;
    u128 keep = sig >> sh;
    bool inc;
    switch (rc) {
    case 0: inc = rem > half || (rem == half && (keep & 1)); break;
    case 1: inc = sign && rem; break;
    case 2: inc = !sign && rem; break;
    default: inc = false; break;
    }
    if (rem) {
        *sw |= F80_PE;
        if (tiny) *sw |= F80_UE;
    }
    if (inc) {
        *sw |= F80_C1;
        keep++;
        if (keep == (u128)1 << f.p) {
            keep >>= 1;
            exp++;
        }
    }
    if (!(keep >> (f.p - 1)))
        exp = 0;                          /* stayed denormal (or zero) */
    if (exp > f.emax) {
        *sw |= F80_OE | F80_PE;
        bool to_inf = rc == 0 || (rc == 1 && sign) || (rc == 2 && !sign);
        if (to_inf) {
            *sw |= F80_C1;
            *mant = 0;
            return f.emax + 1;
        }
        *sw &= ~(unsigned)F80_C1;
        *mant = (uint64_t)(((u128)1 << f.p) - 1);
        return f.emax;
    }
    *mant = (uint64_t)keep;
    return exp;
}

static struct f80 round_pack(bool sign, int32_t exp, u128 sig, unsigned cw, unsigned *sw)
{
    if (!sig)
        return mk(sign, 0, 0);
    while (!(sig >> 127)) {
        sig <<= 1;
        exp--;
    }
    struct fmt f = { BIAS, 0x7ffe, pc_bits(cw) };
    unsigned rc = (cw >> 10) & 3;
    uint64_t m;
    if (!(cw & F80_OE) || !(cw & F80_UE)) {
        /* Unmasked overflow/underflow: the result rounded with an unbounded
         * exponent, then wrapped by 24576 into range (UE even when exact). */
        const int32_t wrap = 24576;
        int32_t shift = exp > BIAS ? -wrap : wrap;
        unsigned t = 0;
        int32_t e = round_core(sign, exp + shift, sig, f, rc, &m, &t);
        int32_t unbounded = e - shift;
        if ((!(cw & F80_OE) && unbounded > 0x7ffe) || (!(cw & F80_UE) && unbounded < 1)) {
            *sw |= t | (unbounded > 0x7ffe ? F80_OE : F80_UE);
            return mk(sign, (unsigned)e, m << (64 - f.p));
        }
    }
    int32_t e = round_core(sign, exp, sig, f, rc, &m, sw);
    if (e == 0x7fff)
        return mk(sign, 0x7fff, INT_BIT);
    return mk(sign, (unsigned)e, m << (64 - f.p));
}

struct f80 f80_round_pack(bool sign, int32_t exp, uint64_t hi, uint64_t lo, unsigned cw, unsigned *sw)
{
    return round_pack(sign, exp + BIAS, ((u128)hi << 64) | lo, cw, sw);
}

/* ---- NaNs and invalid operands ---- */

static struct f80 quiet(struct f80 a) { a.mant |= QUIET; return a; }

/* The result when a or b is a NaN or not a supported encoding; NULL-like
 * (returns false) when neither is. */
static bool special_nan(struct f80 a, struct f80 b, bool two, struct f80 *r, unsigned *sw)
{
    enum kind ka = kind_of(a), kb = two ? kind_of(b) : K_ZERO;
    if (ka == K_INVALID || kb == K_INVALID) {
        *sw |= F80_IE;
        *r = f80_indefinite;
        return true;
    }
    bool na = ka == K_QNAN || ka == K_SNAN, nb = kb == K_QNAN || kb == K_SNAN;
    if (!na && !nb)
        return false;
    if (ka == K_SNAN || kb == K_SNAN)
        *sw |= F80_IE;
    if (na && nb) {
        if (ka != kb) *r = ka == K_QNAN ? a : b;       /* the QNaN over the SNaN */
        else if (a.mant != b.mant) *r = a.mant > b.mant ? a : b;
        else *r = (a.sexp < b.sexp) ? a : b;
    } else {
        *r = na ? a : b;
    }
    *r = quiet(*r);
    return true;
}

static void denormal_check(struct f80 a, unsigned *sw)
{
    if (kind_of(a) == K_DENORM) *sw |= F80_DE;
}

/* ---- arithmetic ---- */

static struct f80 zero_sum(bool sa, bool sb, unsigned cw)
{
    if (sa == sb) return mk(sa, 0, 0);
    return mk(((cw >> 10) & 3) == 1, 0, 0);
}

static struct f80 addsub(struct f80 a, struct f80 b, bool negate_b, unsigned cw, unsigned *sw)
{
    struct f80 r;
    if (special_nan(a, b, true, &r, sw))
        return r;
    denormal_check(a, sw);
    denormal_check(b, sw);
    bool sa = sign_of(a), sb = sign_of(b) ^ negate_b;
    enum kind ka = kind_of(a), kb = kind_of(b);
    if (ka == K_INF || kb == K_INF) {
        if (ka == K_INF && kb == K_INF && sa != sb) {
            *sw |= F80_IE;
            return f80_indefinite;
        }
        return mk(ka == K_INF ? sa : sb, 0x7fff, INT_BIT);
    }
    if (ka == K_ZERO && kb == K_ZERO)
        return zero_sum(sa, sb, cw);
    if (kb == K_ZERO)
        return round_pack(sa, unpack(a).exp, unpack(a).sig, cw, sw);
    if (ka == K_ZERO)
        return round_pack(sb, unpack(b).exp, unpack(b).sig, cw, sw);
    struct unp x = unpack(a), y = unpack(b);
    y.sign = sb;
    if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) {
        struct unp t = x; x = y; y = t;
    }
    /* One guard bit above: shift both right by one first. */
    u128 xs = x.sig >> 1, ys = shift_right_sticky(y.sig, x.exp - y.exp + 1);
    u128 s;
    if (x.sign == y.sign) {
        s = xs + ys;
    } else {
        s = xs - ys;
        if (!s)
            return zero_sum(false, true, cw);
    }
    return round_pack(x.sign, x.exp + 1, s, cw, sw);
}

struct f80 f80_add(struct f80 a, struct f80 b, unsigned cw, unsigned *sw) { return addsub(a, b, false, cw, sw); }
struct f80 f80_sub(struct f80 a, struct f80 b, unsigned cw, unsigned *sw) { return addsub(a, b, true, cw, sw); }

struct f80 f80_mul(struct f80 a, struct f80 b, unsigned cw, unsigned *sw)
{
    struct f80 r;
    if (special_nan(a, b, true, &r, sw))
        return r;
    bool s = sign_of(a) ^ sign_of(b);
    enum kind ka = kind_of(a), kb = kind_of(b);
    if ((ka == K_INF && kb == K_ZERO) || (ka == K_ZERO && kb == K_INF)) {
        *sw |= F80_IE;
        return f80_indefinite;
    }
    denormal_check(a, sw);
    denormal_check(b, sw);
    if (ka == K_INF || kb == K_INF)
        return mk(s, 0x7fff, INT_BIT);
    if (ka == K_ZERO || kb == K_ZERO)
        return mk(s, 0, 0);
    struct unp x = unpack(a), y = unpack(b);
    u128 p = (x.sig >> 64) * (y.sig >> 64);
    return round_pack(s, x.exp + y.exp - BIAS + 1, p, cw, sw);
}

struct f80 f80_div(struct f80 a, struct f80 b, unsigned cw, unsigned *sw)
{
    struct f80 r;
    if (special_nan(a, b, true, &r, sw))
        return r;
    bool s = sign_of(a) ^ sign_of(b);
    enum kind ka = kind_of(a), kb = kind_of(b);
    if ((ka == K_INF && kb == K_INF) || (ka == K_ZERO && kb == K_ZERO)) {
        *sw |= F80_IE;
        return f80_indefinite;
    }
    if (kb == K_ZERO && ka != K_INF) {          /* ZE alone, even for a denormal dividend */
        *sw |= F80_ZE;
        return mk(s, 0x7fff, INT_BIT);
    }
    denormal_check(a, sw);
    denormal_check(b, sw);
    if (ka == K_INF)
        return mk(s, 0x7fff, INT_BIT);
    if (kb == K_INF || ka == K_ZERO)
        return mk(s, 0, 0);
    struct unp x = unpack(a), y = unpack(b);
    uint64_t ma = (uint64_t)(x.sig >> 64), mb = (uint64_t)(y.sig >> 64);
    u128 num = (u128)ma << 63;
    uint64_t q1 = (uint64_t)(num / mb), r1 = (uint64_t)(num % mb);
    u128 num2 = (u128)r1 << 64;
    uint64_t q2 = (uint64_t)(num2 / mb), r2 = (uint64_t)(num2 % mb);
    /* sig = ma * 2^127 / mb, with a sticky bit for the remainder. */
    u128 q = ((u128)q1 << 64) | q2 | (r2 != 0);
    return round_pack(s, x.exp - y.exp + BIAS, q, cw, sw);
}

struct f80 f80_sqrt(struct f80 a, unsigned cw, unsigned *sw)
{
    struct f80 r;
    if (special_nan(a, a, false, &r, sw))
        return r;
    enum kind k = kind_of(a);
    if (k == K_ZERO)
        return a;
    if (sign_of(a)) {
        *sw |= F80_IE;
        return f80_indefinite;
    }
    if (k == K_INF)
        return a;
    denormal_check(a, sw);
    struct unp x = unpack(a);
    uint64_t m = (uint64_t)(x.sig >> 64);
    int32_t kexp = x.exp - BIAS - 63;          /* value = m * 2^kexp */
    u128 mm = m;
    if (kexp & 1) {
        mm <<= 1;
        kexp--;
    }
    u128 rad = mm << 62;                       /* < 2^127: 64 bit pairs */
    u128 root = 0, rem = 0;
    for (int i = 0; i < 66; i++) {
        unsigned two = i < 64 ? (unsigned)(rad >> 126) & 3 : 0;
        rad <<= 2;
        rem = (rem << 2) | two;
        u128 trial = (root << 2) | 1;
        if (rem >= trial) {
            rem -= trial;
            root = (root << 1) | 1;
        } else {
            root <<= 1;
        }
    }
    /* root = sqrt(mm * 2^62) * 2^2 = sqrt(mm) * 2^33 */
    u128 sig = (root << 62) | (rem != 0);
    return round_pack(false, kexp / 2 + 32 + BIAS, sig, cw, sw);
}

struct f80 f80_rndint(struct f80 a, unsigned cw, unsigned *sw)
{
    struct f80 r;
    if (special_nan(a, a, false, &r, sw))
        return r;
    enum kind k = kind_of(a);
    if (k == K_ZERO || k == K_INF)
        return a;
    denormal_check(a, sw);
    int32_t e = k == K_DENORM ? 1 : (a.sexp & 0x7fff);
    if (e >= BIAS + 63)
        return a;                              /* already an integer */
    bool s = sign_of(a);
    unsigned rc = (cw >> 10) & 3;
    /* The integer part, and the fraction scaled so that 1.0 = 2^128 (sticky below). */
    int32_t fracbits = BIAS + 63 - e;          /* bits of mant below the binary point, > 0 */
    u128 ip, frac;
    if (fracbits >= 64) {
        ip = 0;
        frac = shift_right_sticky((u128)a.mant << 64, fracbits - 64);
    } else {
        ip = a.mant >> fracbits;
        frac = (u128)(a.mant & ((1ull << fracbits) - 1)) << (128 - fracbits);
    }
    if (!frac)
        return a;
    u128 half = (u128)1 << 127;
    bool inc;
    switch (rc) {
    case 0: inc = frac > half || (frac == half && (ip & 1)); break;
    case 1: inc = s; break;
    case 2: inc = !s; break;
    default: inc = false; break;
    }
    *sw |= F80_PE;
    if (inc) {
        *sw |= F80_C1;
        ip++;
    }
    if (!ip)
        return mk(s, 0, 0);
    struct f80 out = f80_from_i64((int64_t)ip);    /* ip <= 2^63 */
    if (ip == (u128)1 << 63) out = mk(false, BIAS + 63, INT_BIT);
    out.sexp |= s ? 0x8000 : 0;
    return out;
}

int f80_compare(struct f80 a, struct f80 b, bool quiet_cmp, unsigned *sw)
{
    enum kind ka = kind_of(a), kb = kind_of(b);
    if (ka == K_INVALID || kb == K_INVALID || ka == K_SNAN || kb == K_SNAN) {
        *sw |= F80_IE;
        return 3;
    }
    if (ka == K_QNAN || kb == K_QNAN) {
        if (!quiet_cmp) *sw |= F80_IE;
        return 3;
    }
    denormal_check(a, sw);
    denormal_check(b, sw);
    if (ka == K_ZERO && kb == K_ZERO)
        return 1;
    bool sa = sign_of(a), sb = sign_of(b);
    if (ka == K_ZERO) return sb ? 2 : 0;
    if (kb == K_ZERO) return sa ? 0 : 2;
    if (sa != sb) return sa ? 0 : 2;
    int c;
    if (ka == K_INF || kb == K_INF) {
        c = ka == kb ? 0 : ka == K_INF ? 1 : -1;
    } else {
        struct unp x = unpack(a), y = unpack(b);
        c = x.exp != y.exp ? (x.exp > y.exp ? 1 : -1) : x.sig != y.sig ? (x.sig > y.sig ? 1 : -1) : 0;
    }
    if (sa) c = -c;
    return c < 0 ? 0 : c == 0 ? 1 : 2;
}

/* ---- conversions ---- */

struct f80 f80_from_i64(int64_t v)
{
    if (!v)
        return mk(false, 0, 0);
    bool s = v < 0;
    uint64_t m = s ? -(uint64_t)v : (uint64_t)v;
    int sh = __builtin_clzll(m);
    return mk(s, (unsigned)(BIAS + 63 - sh), m << sh);
}

static struct f80 from_ieee(uint64_t v, int mbits, int ebits, unsigned *sw)
{
    bool s = (v >> (mbits + ebits)) & 1;
    unsigned e = (unsigned)(v >> mbits) & ((1u << ebits) - 1);
    uint64_t m = v & ((1ull << mbits) - 1);
    int bias = (1 << (ebits - 1)) - 1;
    if (e == (1u << ebits) - 1)                        /* infinity, NaN: the payload at the top */
        return mk(s, 0x7fff, INT_BIT | (m << (63 - mbits)));
    if (e == 0) {
        if (!m) return mk(s, 0, 0);
        *sw |= F80_DE;
        int sh = __builtin_clzll(m) - (63 - mbits);    /* normalise the denormal */
        return mk(s, (unsigned)(BIAS - bias + 1 - sh), (m << sh) << (63 - mbits));
    }
    return mk(s, (unsigned)(e - bias + BIAS), INT_BIT | (m << (63 - mbits)));
}

struct f80 f80_from_f32(uint32_t v, unsigned *sw) { return from_ieee(v, 23, 8, sw); }
struct f80 f80_from_f64(uint64_t v, unsigned *sw) { return from_ieee(v, 52, 11, sw); }

static uint64_t to_ieee(struct f80 a, int mbits, int ebits, unsigned cw, unsigned *sw)
{
    bool s = sign_of(a);
    uint64_t sbit = (uint64_t)s << (mbits + ebits);
    uint64_t einf = ((1ull << ebits) - 1) << mbits;
    switch (kind_of(a)) {
    case K_INVALID:
        *sw |= F80_IE;
        return (1ull << (mbits + ebits)) | einf | (1ull << (mbits - 1));     /* the indefinite */
    case K_SNAN:
        *sw |= F80_IE;
        /* fall through */
    case K_QNAN:
        return sbit | einf | ((a.mant | QUIET) & ~INT_BIT) >> (63 - mbits);
    case K_INF:
        return sbit | einf;
    case K_ZERO:
        return sbit;
    default:
        break;
    }
    /* (no DE: the hardware does not flag a denormal source of FST) */
    struct unp x = unpack(a);
    int bias = (1 << (ebits - 1)) - 1;
    struct fmt f = { bias, (1 << ebits) - 2, mbits + 1 };
    uint64_t m;
    int32_t e = round_core(s, x.exp - BIAS + bias, x.sig, f, (cw >> 10) & 3, &m, sw);
    return sbit | ((uint64_t)e << mbits) | (m & ((1ull << mbits) - 1));
}

uint32_t f80_to_f32(struct f80 a, unsigned cw, unsigned *sw) { return (uint32_t)to_ieee(a, 23, 8, cw, sw); }
uint64_t f80_to_f64(struct f80 a, unsigned cw, unsigned *sw) { return to_ieee(a, 52, 11, cw, sw); }

int64_t f80_to_int(struct f80 a, unsigned bits, bool truncate, unsigned cw, unsigned *sw)
{
    int64_t indefinite = (int64_t)((uint64_t)-1 << (bits - 1));
    enum kind k = kind_of(a);
    if (k == K_INVALID || k == K_SNAN || k == K_QNAN || k == K_INF) {
        *sw |= F80_IE;
        return indefinite;
    }
    if (k == K_ZERO)
        return 0;
    unsigned c = (cw & ~0xc00u) | (truncate ? 0xc00u : (cw & 0xc00u));
    unsigned fl = 0;
    struct f80 r = f80_rndint(a, c, &fl);
    int32_t e = r.sexp & 0x7fff;
    bool s = sign_of(r);
    uint64_t mag;
    if (!r.mant) {
        mag = 0;
    } else if (e - BIAS >= 64) {
        *sw |= F80_IE;
        return indefinite;
    } else {
        mag = r.mant >> (63 - (e - BIAS));
    }
    uint64_t lim = 1ull << (bits - 1);
    if (s ? mag > lim : mag >= lim) {
        *sw |= F80_IE;
        return indefinite;
    }
    *sw |= fl & (F80_PE | F80_C1);
    return s ? (int64_t)(0 - mag) : (int64_t)mag;
}

/* FPREM (ieee false: the quotient truncated) and FPREM1 (rounded to
 * nearest). The remainder is exact. When the exponents differ by 64 or
 * more, only a partial remainder: the dividend reduced by 32 to 63 bits
 * (as the hardware: 32 + the difference's low five bits), C2 set. Else C2
 * clear and the quotient's low bits in C0 (q2), C3 (q1), C1 (q0). */
struct f80 f80_prem(struct f80 a, struct f80 b, bool ieee, unsigned cw, unsigned *sw, unsigned *cc)
{
    struct f80 r;
    *cc = F80_CC_KEEP;                    /* a NaN result leaves C0-C3 */
    if (special_nan(a, b, true, &r, sw))
        return r;
    enum kind ka = kind_of(a), kb = kind_of(b);
    if (ka == K_INF || kb == K_ZERO) {
        *sw |= F80_IE;
        return f80_indefinite;
    }
    *cc = 0;
    denormal_check(a, sw);
    denormal_check(b, sw);
    if (ka == K_DENORM && (a.mant & INT_BIT))
        a.sexp |= 1;                          /* a pseudo-denormal comes back normalised */
    if (ka == K_ZERO || kb == K_INF)
        return a;
    struct unp x = unpack(a), y = unpack(b);
    uint64_t ma = (uint64_t)(x.sig >> 64), mb = (uint64_t)(y.sig >> 64);
    int32_t d = x.exp - y.exp, rexp;
    bool s = x.sign;
    u128 rem = ma;
    uint64_t q = 0;
    if (d >= 64) {
        int n = (d & 31) | 32;
        if (rem >= mb) rem -= mb;
        for (int k = 0; k < n; k++) {
            rem <<= 1;
            if (rem >= mb) rem -= mb;
        }
        rexp = x.exp - n;
        *cc = 0x400;
    } else if (d < -1 || (d == -1 && !ieee)) {
        return a;
    } else {
        if (d == -1) {                        /* |a| in [|b|/2, |b|) */
            rexp = x.exp;
            if (ma > mb) {                    /* nearer to b */
                rem = ((u128)mb << 1) - ma;
                s = !s;
                q = 1;
            }
        } else {
            if (rem >= mb) { rem -= mb; q = 1; }
            for (int k = 0; k < d; k++) {
                rem <<= 1;
                q <<= 1;
                if (rem >= mb) { rem -= mb; q |= 1; }
            }
            rexp = y.exp;
            if (ieee && (rem * 2 > mb || (rem * 2 == mb && (q & 1)))) {
                rem = mb - rem;
                s = !s;
                q++;
            }
        }
        *cc = (q & 4 ? 0x100 : 0) | (q & 2 ? 0x4000 : 0) | (q & 1 ? 0x200 : 0);
    }
    if (!rem)
        return mk(s, 0, 0);
    /* rem is in units of 2^(rexp - BIAS - 63): exact, possibly denormal */
    return round_pack(s, rexp + 64, rem, cw | 0x300, sw);
}

/* ---- transcendentals through the host's long double ----
 * Exact conversions both ways when long double is the x87 format or IEEE
 * quad (113 bits: the result is then rounded here per RC, with C1 and PE
 * from the bits beyond 64); through double where long double is double. */
static long double ld_of(struct f80 v)
{
    unsigned e = v.sexp & 0x7fff;
    long double s = (v.sexp & 0x8000) ? -1.0L : 1.0L;
    if (e == 0x7fff)
        return (v.mant << 1) ? s * NAN : s * INFINITY;
    return s * ldexpl((long double)v.mant, (int)(e ? e : 1) - BIAS - 63);
}

static struct f80 of_ld(long double x, unsigned cw, unsigned *sw)
{
    if (isnan(x)) return f80_indefinite;
    bool s = signbit(x);
    if (isinf(x)) return mk(s, 0x7fff, INT_BIT);
    if (x == 0) return mk(s, 0, 0);
    int e;
    long double m = frexpl(fabsl(x), &e);           /* [0.5, 1) */
    long double t = ldexpl(m, 64);
    uint64_t hi = (uint64_t)t;
    uint64_t lo = (uint64_t)ldexpl(t - (long double)hi, 64);
    /* transcendental results are rounded to 64 bits whatever PC says */
    return f80_round_pack(s, e - 1, hi, lo, cw | 0x300, sw);
}

/* FSIN FCOS FPTAN reduce their argument modulo pi/2 with the x87's 66-bit
 * pi (so that results for large arguments follow the hardware's, not the
 * true sine): x = k * pi66/2 + r, exactly, |r| <= pi66/4; r in *r. */
static unsigned reduce_pi66(struct f80 x, long double *r)
{
    static const u128 p66 = ((u128)0x3 << 64) | 0x243f6a8885a308d3ull;   /* pi66 = p66 * 2^-64 */
    struct unp u = unpack(x);
    int32_t d = u.exp - BIAS + 2;             /* |x| / (pi66/2) = m * 2^d / p66 */
    if (d < 1) {                              /* |x| < 0.5: no reduction */
        *r = ld_of(x);
        return 0;
    }
    u128 rem = u.sig >> 64;
    uint64_t q = 0;
    for (int32_t i = 0; i < d; i++) {
        rem <<= 1;
        q <<= 1;
        if (rem >= p66) {
            rem -= p66;
            q |= 1;
        }
    }
    bool neg = false;                         /* rem in units of 2^-65: to the nearest multiple */
    if (rem * 2 > p66) {
        rem = p66 - rem;
        q++;
        neg = true;
    }
    long double v = ldexpl((long double)(uint64_t)(rem >> 64), 64 - 65) + ldexpl((long double)(uint64_t)rem, -65);
    *r = neg ? -v : v;
    return (unsigned)(q & 3);
}

struct f80 f80_trans(enum f80_trans op, struct f80 x, struct f80 y, unsigned cw, unsigned *sw)
{
    const long double ln2 = 0.693147180559945309417232121458176568L;
    long double a = ld_of(x), b = ld_of(y), r;
    if (op == F80_SIN || op == F80_COS || op == F80_TAN) {
        bool xneg = x.sexp >> 15;
        x.sexp &= 0x7fff;
        long double t;
        unsigned q = reduce_pi66(x, &t);
        switch (op) {
        case F80_SIN: r = (q & 1) ? cosl(t) : sinl(t); if (q & 2) r = -r; if (xneg) r = -r; break;
        case F80_COS: r = (q & 1) ? sinl(t) : cosl(t); if (q == 1 || q == 2) r = -r; break;
        default: r = (q & 1) ? -1 / tanl(t) : tanl(t); if (xneg) r = -r; break;
        }
        return of_ld(r, cw, sw);
    }
    switch (op) {
    case F80_ATAN2: r = atan2l(b, a); break;
    case F80_2XM1: r = expm1l(a * ln2); break;
    case F80_YL2X: r = b * log2l(a); break;
    default: r = b * log1pl(a) / ln2; break;
    }
    return of_ld(r, cw, sw);
}
