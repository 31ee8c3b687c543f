/*
 * host_sse.h - the few SSE intrinsics that interp_sse.c and interp_sse4.c
 * use, for any host. On x86 hosts they are the compiler's own (the host's
 * SSE unit computes with the guest MXCSR loaded: bit-exact). Elsewhere this
 * header gives the same names in portable C on float/double, with the
 * guest MXCSR mapped onto the C floating-point environment:
 *   - RC -> fesetround; the sticky flags <- fetestexcept (IE ZE OE UE PE);
 *   - DAZ+FTZ -> the host's flush-to-zero mode where the host has one
 *     (aarch64 FPCR.FZ flushes inputs and outputs alike, so only DAZ and
 *     FTZ set together are exact); DE (denormal operand) is never raised;
 *   - what the x86 defines and C leaves to the host is done by hand: the
 *     integer-indefinite result of out-of-range conversions, NaN
 *     propagation (the first source's NaN, quieted) and the negative
 *     default NaN of an invalid operation (SSE_FIX_NAN), compare results as
 *     all-ones masks with IE from signalling (<, <=) or quiet (==, unord)
 *     host compares;
 *   - RCP/RSQRT return the exact quotient where the hardware returns a
 *     12-bit approximation (x86 CPUs differ among themselves there too).
 */
#ifndef MIMIC_XLATE_HOST_SSE_H
#define MIMIC_XLATE_HOST_SSE_H

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#include <emmintrin.h>
#define HOST_SSE 1
#define SSE_FIX_NAN_F(r, a, b) (r)
#define SSE_FIX_NAN_D(r, a, b) (r)
static inline void sse_minmax_signal_f(float a, float b) { }   /* the host's MINSS does it */
static inline void sse_minmax_signal_d(double a, double b) { }
#else
#include <fenv.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { float f[4]; } __m128;
typedef struct { double d[2]; } __m128d;
typedef struct { uint32_t w[4]; } __m128i;

/* ---- MXCSR <-> the host environment ---- */

/* The MXCSR bits the host has no register for (masks, DAZ/FTZ as set). */
static __thread unsigned soft_mxcsr = 0x1f80;

static inline unsigned sse_host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    return ((e & FE_INVALID) ? 0x01 : 0) | ((e & FE_DIVBYZERO) ? 0x04 : 0) | ((e & FE_OVERFLOW) ? 0x08 : 0) |
           ((e & FE_UNDERFLOW) ? 0x10 : 0) | ((e & FE_INEXACT) ? 0x20 : 0);
}

static inline unsigned _mm_getcsr(void)
{
    return (soft_mxcsr & ~0x3fu) | sse_host_flags();
}

static inline void _mm_setcsr(unsigned v)
{
    static const int modes[4] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
    soft_mxcsr = v;
    fesetround(modes[(v >> 13) & 3]);
    feclearexcept(FE_ALL_EXCEPT);
    int raise = ((v & 0x01) ? FE_INVALID : 0) | ((v & 0x04) ? FE_DIVBYZERO : 0) | ((v & 0x08) ? FE_OVERFLOW : 0) |
                ((v & 0x10) ? FE_UNDERFLOW : 0) | ((v & 0x20) ? FE_INEXACT : 0);
    if (raise)
        feraiseexcept(raise);
#if defined(__aarch64__)
    uint64_t fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    bool fz = (v & 0x8040) == 0x8040;   /* DAZ and FTZ: FPCR.FZ (bit 24) */
    fpcr = fz ? (fpcr | (1ull << 24)) : (fpcr & ~(1ull << 24));
    __asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
#endif
}

/* ---- NaN rules ---- */

static inline bool sse_isnan_f(float v) { uint32_t x; memcpy(&x, &v, 4); return (x & 0x7fffffff) > 0x7f800000; }
static inline bool sse_isnan_d(double v) { uint64_t x; memcpy(&x, &v, 8); return (x & 0x7fffffffffffffffull) > 0x7ff0000000000000ull; }

static inline float sse_nan_f(float r, float a, float b)
{
    uint32_t x;
    if (sse_isnan_f(a)) memcpy(&x, &a, 4);
    else if (sse_isnan_f(b)) memcpy(&x, &b, 4);
    else x = 0xffc00000u;                       /* invalid: the x86 default NaN is negative */
    x |= 0x00400000u;
    memcpy(&r, &x, 4);
    return r;
}

static inline double sse_nan_d(double r, double a, double b)
{
    uint64_t x;
    if (sse_isnan_d(a)) memcpy(&x, &a, 8);
    else if (sse_isnan_d(b)) memcpy(&x, &b, 8);
    else x = 0xfff8000000000000ull;
    x |= 0x0008000000000000ull;
    memcpy(&r, &x, 8);
    return r;
}

/* The x86 result of a binary op with sources a, b whose host result is r. */
#define SSE_FIX_NAN_F(r, a, b) (sse_isnan_f(r) ? sse_nan_f((r), (a), (b)) : (r))
#define SSE_FIX_NAN_D(r, a, b) (sse_isnan_d(r) ? sse_nan_d((r), (a), (b)) : (r))

/* ---- moves ---- */

static inline __m128 _mm_loadu_ps(const float *p) { __m128 v; memcpy(&v, p, 16); return v; }
static inline __m128d _mm_loadu_pd(const double *p) { __m128d v; memcpy(&v, p, 16); return v; }
static inline void _mm_storeu_ps(float *p, __m128 v) { memcpy(p, &v, 16); }
static inline void _mm_storeu_pd(double *p, __m128d v) { memcpy(p, &v, 16); }
static inline void _mm_storeu_si128(__m128i *p, __m128i v) { memcpy(p, &v, 16); }
static inline __m128 _mm_set_ss(float a) { __m128 v = { { a, 0, 0, 0 } }; return v; }
static inline __m128d _mm_set_sd(double a) { __m128d v = { { a, 0 } }; return v; }
static inline __m128d _mm_setzero_pd(void) { __m128d v = { { 0, 0 } }; return v; }
static inline float _mm_cvtss_f32(__m128 v) { return v.f[0]; }
static inline double _mm_cvtsd_f64(__m128d v) { return v.d[0]; }
static inline __m128 _mm_move_ss(__m128 a, __m128 b) { a.f[0] = b.f[0]; return a; }
static inline __m128i _mm_cvtsi32_si128(int a) { __m128i v = { { (uint32_t)a, 0, 0, 0 } }; return v; }
static inline __m128i _mm_cvtsi64_si128(long long a)
{
    __m128i v = { { (uint32_t)a, (uint32_t)((uint64_t)a >> 32), 0, 0 } };
    return v;
}
static inline __m128 _mm_castsi128_ps(__m128i a) { __m128 v; memcpy(&v, &a, 16); return v; }
static inline __m128d _mm_castsi128_pd(__m128i a) { __m128d v; memcpy(&v, &a, 16); return v; }

/* ---- arithmetic ---- */

static inline float sse_sqrt_f(float a)
{
    volatile float r = __builtin_sqrtf(a);   /* the host instruction: IE for negatives, exact rounding */
    return a < 0 || sse_isnan_f(a) ? SSE_FIX_NAN_F((float)r, a, a) : r;
}
static inline double sse_sqrt_d(double a)
{
    volatile double r = __builtin_sqrt(a);
    return a < 0 || sse_isnan_d(a) ? SSE_FIX_NAN_D((double)r, a, a) : r;
}
static inline __m128 _mm_sqrt_ss(__m128 a) { a.f[0] = sse_sqrt_f(a.f[0]); return a; }
static inline __m128d _mm_sqrt_sd(__m128d a, __m128d b) { a.d[0] = sse_sqrt_d(b.d[0]); return a; }

static inline float sse_rcp(float b) { volatile float r = 1.0f / b; return sse_isnan_f(b) ? SSE_FIX_NAN_F((float)r, b, b) : r; }
static inline float sse_rsqrt(float b)
{
    if (sse_isnan_f(b) || b < 0)
        return sse_nan_f(b, sse_isnan_f(b) ? b : 0, 0);
    volatile float r = 1.0f / __builtin_sqrtf(b);
    return r;
}
static inline __m128 _mm_rcp_ps(__m128 b) { for (int i = 0; i < 4; i++) b.f[i] = sse_rcp(b.f[i]); return b; }
static inline __m128 _mm_rsqrt_ps(__m128 b) { for (int i = 0; i < 4; i++) b.f[i] = sse_rsqrt(b.f[i]); return b; }
static inline __m128 _mm_rcp_ss(__m128 b) { b.f[0] = sse_rcp(b.f[0]); return b; }
static inline __m128 _mm_rsqrt_ss(__m128 b) { b.f[0] = sse_rsqrt(b.f[0]); return b; }

/* ---- compares: predicates 0-7 of CMPPS; <, <= (and their negations)
 * signal IE on any NaN, the rest only on an SNaN. The signalling part is
 * raised by hand: compilers need not emit a signalling host compare. ---- */

static inline bool sse_pred(unsigned pred, double a, double b)
{
    bool un = __builtin_isunordered(a, b);   /* quiet: IE for SNaN only */
    if (un && (pred & 3) && pred != 3 && pred != 7) {
        feraiseexcept(FE_INVALID);
        return pred >= 5;
    }
    switch (pred) {
    case 0: return a == b;
    case 1: return a < b;
    case 2: return a <= b;
    case 3: return un;
    case 4: return !(a == b);
    case 5: return !(a < b);
    case 6: return !(a <= b);
    default: return !un;
    }
}

/* float lanes compare as floats (widening would quiet an SNaN's signal) */
static inline bool sse_pred_f(unsigned pred, float a, float b)
{
    bool un = __builtin_isunordered(a, b);
    if (un && (pred & 3) && pred != 3 && pred != 7) {
        feraiseexcept(FE_INVALID);
        return pred >= 5;
    }
    switch (pred) {
    case 0: return a == b;
    case 1: return a < b;
    case 2: return a <= b;
    case 3: return un;
    case 4: return !(a == b);
    case 5: return !(a < b);
    case 6: return !(a <= b);
    default: return !un;
    }
}

/* MINSS/MAXSS and friends signal IE on any NaN operand (QNaN too). */
static inline void sse_minmax_signal_f(float a, float b) { if (__builtin_isunordered(a, b)) feraiseexcept(FE_INVALID); }
static inline void sse_minmax_signal_d(double a, double b) { if (__builtin_isunordered(a, b)) feraiseexcept(FE_INVALID); }

static inline __m128 sse_cmp_ps(unsigned pred, __m128 a, __m128 b, int lanes)
{
    for (int i = 0; i < lanes; i++) {
        uint32_t m = sse_pred_f(pred, a.f[i], b.f[i]) ? 0xffffffffu : 0;
        memcpy(&a.f[i], &m, 4);
    }
    return a;
}

static inline __m128d sse_cmp_pd(unsigned pred, __m128d a, __m128d b, int lanes)
{
    for (int i = 0; i < lanes; i++) {
        uint64_t m = sse_pred(pred, a.d[i], b.d[i]) ? ~0ull : 0;
        memcpy(&a.d[i], &m, 8);
    }
    return a;
}

#define SSE_CMP_FORMS(name, pred) \
    static inline __m128 _mm_##name##_ss(__m128 a, __m128 b) { return sse_cmp_ps(pred, a, b, 1); } \
    static inline __m128 _mm_##name##_ps(__m128 a, __m128 b) { return sse_cmp_ps(pred, a, b, 4); } \
    static inline __m128d _mm_##name##_sd(__m128d a, __m128d b) { return sse_cmp_pd(pred, a, b, 1); } \
    static inline __m128d _mm_##name##_pd(__m128d a, __m128d b) { return sse_cmp_pd(pred, a, b, 2); }
SSE_CMP_FORMS(cmpeq, 0)
SSE_CMP_FORMS(cmplt, 1)
SSE_CMP_FORMS(cmple, 2)
SSE_CMP_FORMS(cmpunord, 3)
SSE_CMP_FORMS(cmpneq, 4)
SSE_CMP_FORMS(cmpnlt, 5)
SSE_CMP_FORMS(cmpnle, 6)
SSE_CMP_FORMS(cmpord, 7)
#undef SSE_CMP_FORMS

/* (U)COMISS/SD: kind 0 UCOMISS, 1 COMISS, 2 UCOMISD, 3 COMISD. ZF PF CF as
 * the x86 sets them (unordered: all three); COMIS* signals IE on any NaN. */
static inline void sse_comi(unsigned kind, uint64_t ab, uint64_t bb, uint8_t *z, uint8_t *p, uint8_t *c)
{
    double a, b;
    if (kind < 2) {
        float fa, fb;
        uint32_t x = (uint32_t)ab, y = (uint32_t)bb;
        memcpy(&fa, &x, 4);
        memcpy(&fb, &y, 4);
        if (__builtin_isunordered(fa, fb)) {
            if (kind == 1)
                feraiseexcept(FE_INVALID);
            *z = *p = *c = 1;
            return;
        }
        *z = fa == fb; *p = 0; *c = fa < fb;
        return;
    }
    memcpy(&a, &ab, 8);
    memcpy(&b, &bb, 8);
    if (__builtin_isunordered(a, b)) {
        if (kind == 3)
            feraiseexcept(FE_INVALID);
        *z = *p = *c = 1;
        return;
    }
    *z = a == b; *p = 0; *c = a < b;
}

/* ---- float -> integer: the integer indefinite (minimum) with IE when out of range ---- */

static inline int64_t sse_cvt(double v, unsigned bits, bool truncate)
{
    if (sse_isnan_d(v)) {
        feraiseexcept(FE_INVALID);
        return bits == 64 ? INT64_MIN : INT32_MIN;
    }
    double r = truncate ? __builtin_trunc(v) : __builtin_nearbyint(v);
    double lim = bits == 64 ? 9223372036854775808.0 : 2147483648.0;
    if (r >= lim || r < -lim) {
        feraiseexcept(FE_INVALID);
        return bits == 64 ? INT64_MIN : INT32_MIN;
    }
    if (r != v)
        feraiseexcept(FE_INEXACT);
    return (int64_t)r;
}

static inline int32_t _mm_cvtss_si32(__m128 a) { return (int32_t)sse_cvt(a.f[0], 32, false); }
static inline int32_t _mm_cvttss_si32(__m128 a) { return (int32_t)sse_cvt(a.f[0], 32, true); }
static inline int64_t _mm_cvtss_si64(__m128 a) { return sse_cvt(a.f[0], 64, false); }
static inline int64_t _mm_cvttss_si64(__m128 a) { return sse_cvt(a.f[0], 64, true); }
static inline int32_t _mm_cvtsd_si32(__m128d a) { return (int32_t)sse_cvt(a.d[0], 32, false); }
static inline int32_t _mm_cvttsd_si32(__m128d a) { return (int32_t)sse_cvt(a.d[0], 32, true); }
static inline int64_t _mm_cvtsd_si64(__m128d a) { return sse_cvt(a.d[0], 64, false); }
static inline int64_t _mm_cvttsd_si64(__m128d a) { return sse_cvt(a.d[0], 64, true); }

static inline __m128i _mm_cvtps_epi32(__m128 a)
{
    __m128i r;
    for (int i = 0; i < 4; i++) r.w[i] = (uint32_t)sse_cvt(a.f[i], 32, false);
    return r;
}
static inline __m128i _mm_cvttps_epi32(__m128 a)
{
    __m128i r;
    for (int i = 0; i < 4; i++) r.w[i] = (uint32_t)sse_cvt(a.f[i], 32, true);
    return r;
}
static inline __m128i _mm_cvtpd_epi32(__m128d a)
{
    __m128i r = { { (uint32_t)sse_cvt(a.d[0], 32, false), (uint32_t)sse_cvt(a.d[1], 32, false), 0, 0 } };
    return r;
}
static inline __m128i _mm_cvttpd_epi32(__m128d a)
{
    __m128i r = { { (uint32_t)sse_cvt(a.d[0], 32, true), (uint32_t)sse_cvt(a.d[1], 32, true), 0, 0 } };
    return r;
}
#endif

#endif
