/*
 * msvcrt/math.c - <math.h>: the double and float functions msvcrt and
 * ucrtbase export, computed by the host's libm, with msvcrt's error
 * reporting layered on top: a domain or range error calls the program's
 * matherr hook (__setusermatherr) with a struct _exception and, unless the
 * hook says it handled it, sets errno (EDOM for _DOMAIN, ERANGE for _SING
 * and _OVERFLOW; _UNDERFLOW leaves errno alone), as msvcrt does.
 * Windows' long double is double, so the *l forms take doubles.
 */
#include "winapi/msvcrt/crt.h"
#include <float.h>
#include <math.h>

#define M_DOMAIN    1
#define M_SING      2
#define M_OVERFLOW  3
#define M_UNDERFLOW 4
#define M_TLOSS     5

/* struct _exception, as the guest sees it. */
struct crt_exception {
    int type;
    char *name;
    double arg1, arg2, retval;
};
_Static_assert(sizeof(struct crt_exception) == 40, "struct _exception");

typedef int (CDECL *matherr_fn)(struct crt_exception *);
static matherr_fn user_matherr;

CDECL void msvcrt___setusermatherr(matherr_fn fn) { user_matherr = fn; }

static double math_error(int type, const char *name, double a1, double a2, double ret)
{
    if (user_matherr) {
        struct crt_exception e = { type, (char *)name, a1, a2, ret };
        if (user_matherr(&e))
            return e.retval;
        ret = e.retval;
    }
    switch (type) {
    case M_DOMAIN: crt_set_errno(CRT_EDOM); break;
    case M_SING: case M_OVERFLOW: crt_set_errno(CRT_ERANGE); break;
    default: break;
    }
    return ret;
}

/* ---- double --------------------------------------------------------- */

CDECL double msvcrt_acos(double x)
{
    if (fabs(x) > 1)
        return math_error(M_DOMAIN, "acos", x, 0, acos(x));
    return acos(x);
}

CDECL double msvcrt_asin(double x)
{
    if (fabs(x) > 1)
        return math_error(M_DOMAIN, "asin", x, 0, asin(x));
    return asin(x);
}

CDECL double msvcrt_atan(double x) { return atan(x); }
CDECL double msvcrt_atan2(double y, double x) { return atan2(y, x); }

CDECL double msvcrt_cos(double x)
{
    if (isinf(x))
        return math_error(M_DOMAIN, "cos", x, 0, cos(x));
    return cos(x);
}

CDECL double msvcrt_sin(double x)
{
    if (isinf(x))
        return math_error(M_DOMAIN, "sin", x, 0, sin(x));
    return sin(x);
}

CDECL double msvcrt_tan(double x)
{
    if (isinf(x))
        return math_error(M_DOMAIN, "tan", x, 0, tan(x));
    return tan(x);
}

CDECL double msvcrt_cosh(double x)
{
    double r = cosh(x);
    if (isinf(r) && isfinite(x))
        return math_error(M_OVERFLOW, "cosh", x, 0, r);
    return r;
}

CDECL double msvcrt_sinh(double x)
{
    double r = sinh(x);
    if (isinf(r) && isfinite(x))
        return math_error(M_OVERFLOW, "sinh", x, 0, r);
    return r;
}

CDECL double msvcrt_tanh(double x) { return tanh(x); }

CDECL double msvcrt_exp(double x)
{
    double r = exp(x);
    if (isinf(r) && isfinite(x))
        return math_error(M_OVERFLOW, "exp", x, 0, r);
    if (r == 0 && isfinite(x))
        return math_error(M_UNDERFLOW, "exp", x, 0, r);
    return r;
}

CDECL double msvcrt_log(double x)
{
    if (x < 0)
        return math_error(M_DOMAIN, "log", x, 0, log(x));
    if (x == 0)
        return math_error(M_SING, "log", x, 0, -INFINITY);
    return log(x);
}

CDECL double msvcrt_log10(double x)
{
    if (x < 0)
        return math_error(M_DOMAIN, "log10", x, 0, log10(x));
    if (x == 0)
        return math_error(M_SING, "log10", x, 0, -INFINITY);
    return log10(x);
}

CDECL double msvcrt_pow(double x, double y)
{
    double r = pow(x, y);
    if (x == 0 && y < 0 && isfinite(y))
        return math_error(M_SING, "pow", x, y, r);
    if (x < 0 && isfinite(x) && isfinite(y) && y != nearbyint(y))
        return math_error(M_DOMAIN, "pow", x, y, r);
    if (isinf(r) && isfinite(x) && isfinite(y))
        return math_error(M_OVERFLOW, "pow", x, y, r);
    if (r == 0 && x != 0 && isfinite(x) && isfinite(y))
        return math_error(M_UNDERFLOW, "pow", x, y, r);
    return r;
}

CDECL double msvcrt_sqrt(double x)
{
    if (x < 0)
        return math_error(M_DOMAIN, "sqrt", x, 0, sqrt(x));
    return sqrt(x);
}

/* fmod(x, 0) is a quiet NaN without an error report in msvcrt. */
CDECL double msvcrt_fmod(double x, double y) { return fmod(x, y); }

CDECL double msvcrt_ceil(double x) { return ceil(x); }
CDECL double msvcrt_floor(double x) { return floor(x); }
CDECL double msvcrt_fabs(double x) { return fabs(x); }
CDECL double msvcrt_modf(double x, double *ip) { return modf(x, ip); }
CDECL double msvcrt_frexp(double x, int *e) { return frexp(x, e); }

CDECL double msvcrt_ldexp(double x, int e)
{
    double r = ldexp(x, e);
    if (isfinite(x) && isinf(r))
        return math_error(M_OVERFLOW, "ldexp", x, e, r);
    if (isfinite(x) && r == 0 && x != 0)
        return math_error(M_UNDERFLOW, "ldexp", x, e, r);
    return r;
}

CDECL double msvcrt__hypot(double x, double y)
{
    double r = hypot(x, y);
    if (isinf(r) && isfinite(x) && isfinite(y))
        return math_error(M_OVERFLOW, "_hypot", x, y, r);
    return r;
}

/* struct _complex { double x, y; } is passed by reference (16 bytes, MS ABI). */
struct crt_complex { double x, y; };
CDECL double msvcrt__cabs(struct crt_complex c) { return msvcrt__hypot(c.x, c.y); }

CDECL double msvcrt__copysign(double x, double y) { return copysign(x, y); }
CDECL double msvcrt__chgsign(double x) { return -x; }
CDECL int msvcrt__finite(double x) { return isfinite(x); }
CDECL int msvcrt__isnan(double x) { return isnan(x); }

CDECL double msvcrt__logb(double x)
{
    if (x == 0)
        return math_error(M_SING, "_logb", x, 0, -INFINITY);
    return logb(x);
}

CDECL double msvcrt__nextafter(double x, double y)
{
    double r = nextafter(x, y);
    if (isfinite(x) && (isinf(r) || r == 0 || fpclassify(r) == FP_SUBNORMAL))
        crt_set_errno(CRT_ERANGE);
    return r;
}

CDECL double msvcrt__scalb(double x, LONG e)
{
    double r = scalbn(x, (int)(e > 100000 ? 100000 : e < -100000 ? -100000 : e));
    if (isfinite(x) && (isinf(r) || (r == 0 && x != 0)))
        crt_set_errno(CRT_ERANGE);
    return r;
}

/* Bessel functions: domain errors for y* at x <= 0. */
CDECL double msvcrt__j0(double x) { return j0(x); }
CDECL double msvcrt__j1(double x) { return j1(x); }
CDECL double msvcrt__jn(int n, double x) { return jn(n, x); }

static double bessel_y(double r, double x, const char *name)
{
    if (x < 0 || isnan(x))
        return math_error(M_DOMAIN, name, x, 0, NAN);
    if (x == 0)
        return math_error(M_SING, name, x, 0, -HUGE_VAL);
    return r;
}

CDECL double msvcrt__y0(double x) { return bessel_y(y0(x), x, "_y0"); }
CDECL double msvcrt__y1(double x) { return bessel_y(y1(x), x, "_y1"); }
CDECL double msvcrt__yn(int n, double x) { return bessel_y(yn(n, x), x, "_yn"); }

/* _fpclass bits. */
#define FPC_SNAN 0x0001
#define FPC_QNAN 0x0002
#define FPC_NINF 0x0004
#define FPC_NN   0x0008
#define FPC_ND   0x0010
#define FPC_NZ   0x0020
#define FPC_PZ   0x0040
#define FPC_PD   0x0080
#define FPC_PN   0x0100
#define FPC_PINF 0x0200

CDECL int msvcrt__fpclass(double x)
{
    union { double d; uint64_t u; } v = { x };
    bool neg = v.u >> 63;
    switch (fpclassify(x)) {
    case FP_NAN: return (v.u & 0x0008000000000000ull) ? FPC_QNAN : FPC_SNAN;
    case FP_INFINITE: return neg ? FPC_NINF : FPC_PINF;
    case FP_SUBNORMAL: return neg ? FPC_ND : FPC_PD;
    case FP_ZERO: return neg ? FPC_NZ : FPC_PZ;
    default: return neg ? FPC_NN : FPC_PN;
    }
}

CDECL int msvcrt__fpclassf(float x)
{
    union { float f; uint32_t u; } v = { x };
    bool neg = v.u >> 31;
    switch (fpclassify(x)) {
    case FP_NAN: return (v.u & 0x00400000u) ? FPC_QNAN : FPC_SNAN;
    case FP_INFINITE: return neg ? FPC_NINF : FPC_PINF;
    case FP_SUBNORMAL: return neg ? FPC_ND : FPC_PD;
    case FP_ZERO: return neg ? FPC_NZ : FPC_PZ;
    default: return neg ? FPC_NN : FPC_PN;
    }
}

/* ---- float ---------------------------------------------------------- */

CDECL float msvcrt_acosf(float x) { return fabsf(x) > 1 ? (float)math_error(M_DOMAIN, "acosf", x, 0, acosf(x)) : acosf(x); }
CDECL float msvcrt_asinf(float x) { return fabsf(x) > 1 ? (float)math_error(M_DOMAIN, "asinf", x, 0, asinf(x)) : asinf(x); }
CDECL float msvcrt_atanf(float x) { return atanf(x); }
CDECL float msvcrt_atan2f(float y, float x) { return atan2f(y, x); }
CDECL float msvcrt_cosf(float x) { return isinf(x) ? (float)math_error(M_DOMAIN, "cosf", x, 0, cosf(x)) : cosf(x); }
CDECL float msvcrt_sinf(float x) { return isinf(x) ? (float)math_error(M_DOMAIN, "sinf", x, 0, sinf(x)) : sinf(x); }
CDECL float msvcrt_tanf(float x) { return isinf(x) ? (float)math_error(M_DOMAIN, "tanf", x, 0, tanf(x)) : tanf(x); }
CDECL float msvcrt_coshf(float x) { float r = coshf(x); return isinf(r) && isfinite(x) ? (float)math_error(M_OVERFLOW, "coshf", x, 0, r) : r; }
CDECL float msvcrt_sinhf(float x) { float r = sinhf(x); return isinf(r) && isfinite(x) ? (float)math_error(M_OVERFLOW, "sinhf", x, 0, r) : r; }
CDECL float msvcrt_tanhf(float x) { return tanhf(x); }

CDECL float msvcrt_expf(float x)
{
    float r = expf(x);
    if (isinf(r) && isfinite(x))
        return (float)math_error(M_OVERFLOW, "expf", x, 0, r);
    if (r == 0 && isfinite(x))
        return (float)math_error(M_UNDERFLOW, "expf", x, 0, r);
    return r;
}

CDECL float msvcrt_logf(float x)
{
    if (x < 0)
        return (float)math_error(M_DOMAIN, "logf", x, 0, logf(x));
    if (x == 0)
        return (float)math_error(M_SING, "logf", x, 0, -INFINITY);
    return logf(x);
}

CDECL float msvcrt_log10f(float x)
{
    if (x < 0)
        return (float)math_error(M_DOMAIN, "log10f", x, 0, log10f(x));
    if (x == 0)
        return (float)math_error(M_SING, "log10f", x, 0, -INFINITY);
    return log10f(x);
}

CDECL float msvcrt_powf(float x, float y)
{
    float r = powf(x, y);
    if (x == 0 && y < 0 && isfinite(y))
        return (float)math_error(M_SING, "powf", x, y, r);
    if (x < 0 && isfinite(x) && isfinite(y) && y != nearbyintf(y))
        return (float)math_error(M_DOMAIN, "powf", x, y, r);
    if (isinf(r) && isfinite(x) && isfinite(y))
        return (float)math_error(M_OVERFLOW, "powf", x, y, r);
    return r;
}

CDECL float msvcrt_sqrtf(float x) { return x < 0 ? (float)math_error(M_DOMAIN, "sqrtf", x, 0, sqrtf(x)) : sqrtf(x); }
CDECL float msvcrt_fmodf(float x, float y) { return fmodf(x, y); }
CDECL float msvcrt_ceilf(float x) { return ceilf(x); }
CDECL float msvcrt_floorf(float x) { return floorf(x); }
CDECL float msvcrt_fabsf(float x) { return fabsf(x); }
CDECL float msvcrt_modff(float x, float *ip) { return modff(x, ip); }
CDECL float msvcrt_frexpf(float x, int *e) { return frexpf(x, e); }
CDECL float msvcrt_ldexpf(float x, int e) { return ldexpf(x, e); }
CDECL float msvcrt__hypotf(float x, float y) { return hypotf(x, y); }
CDECL float msvcrt__copysignf(float x, float y) { return copysignf(x, y); }
CDECL float msvcrt__chgsignf(float x) { return -x; }
CDECL int msvcrt__finitef(float x) { return isfinite(x); }
CDECL int msvcrt__isnanf(float x) { return isnan(x); }
CDECL float msvcrt__logbf(float x) { return x == 0 ? (float)math_error(M_SING, "_logbf", x, 0, -INFINITY) : logbf(x); }
CDECL float msvcrt__nextafterf(float x, float y) { return nextafterf(x, y); }
CDECL float msvcrt__scalbf(float x, LONG e) { return scalbnf(x, (int)(e > 100000 ? 100000 : e < -100000 ? -100000 : e)); }

/* ---- C99 (ucrtbase) ------------------------------------------------- */
/* Errors follow C99 (errno, with math_errhandling == MATH_ERRNO). */

static double c99_result(double r, double x, bool domain_if_nan)
{
    if (isnan(r) && !isnan(x) && domain_if_nan)
        crt_set_errno(CRT_EDOM);
    else if (isinf(r) && isfinite(x))
        crt_set_errno(CRT_ERANGE);
    return r;
}

CDECL double msvcrt_acosh(double x) { return c99_result(acosh(x), x, true); }
CDECL double msvcrt_asinh(double x) { return asinh(x); }
CDECL double msvcrt_atanh(double x) { return c99_result(atanh(x), x, true); }
CDECL double msvcrt_cbrt(double x) { return cbrt(x); }
CDECL double msvcrt_copysign(double x, double y) { return copysign(x, y); }
CDECL double msvcrt_erf(double x) { return erf(x); }
CDECL double msvcrt_erfc(double x) { return erfc(x); }
CDECL double msvcrt_exp2(double x) { return c99_result(exp2(x), x, false); }
CDECL double msvcrt_expm1(double x) { return c99_result(expm1(x), x, false); }
CDECL double msvcrt_fdim(double x, double y) { return fdim(x, y); }
CDECL double msvcrt_fma(double x, double y, double z) { return fma(x, y, z); }
CDECL double msvcrt_fmax(double x, double y) { return fmax(x, y); }
CDECL double msvcrt_fmin(double x, double y) { return fmin(x, y); }
CDECL double msvcrt_hypot(double x, double y) { return c99_result(hypot(x, y), x, false); }
CDECL int msvcrt_ilogb(double x) { return ilogb(x); }
CDECL double msvcrt_lgamma(double x) { return c99_result(lgamma(x), x, false); }
CDECL double msvcrt_log1p(double x) { return c99_result(log1p(x), x, true); }
CDECL double msvcrt_log2(double x) { return c99_result(log2(x), x, true); }
CDECL double msvcrt_logb(double x) { return logb(x); }
CDECL int64_t msvcrt_llrint(double x) { return llrint(x); }
CDECL int64_t msvcrt_llround(double x) { return llround(x); }
CDECL LONG msvcrt_lrint(double x) { double r = rint(x); return (r >= -2147483648.0 && r < 2147483648.0) ? (LONG)r : (LONG)0x80000000; }
CDECL LONG msvcrt_lround(double x) { double r = round(x); return (r >= -2147483648.0 && r < 2147483648.0) ? (LONG)r : (LONG)0x80000000; }
CDECL double msvcrt_nan(const char *tag) { return nan(tag ? tag : ""); }
CDECL double msvcrt_nearbyint(double x) { return nearbyint(x); }
CDECL double msvcrt_nextafter(double x, double y) { return nextafter(x, y); }
CDECL double msvcrt_remainder(double x, double y) { return c99_result(remainder(x, y), x, true); }
CDECL double msvcrt_remquo(double x, double y, int *q) { return remquo(x, y, q); }
CDECL double msvcrt_rint(double x) { return rint(x); }
CDECL double msvcrt_round(double x) { return round(x); }
CDECL double msvcrt_scalbn(double x, int e) { return c99_result(scalbn(x, e), x, false); }
CDECL double msvcrt_scalbln(double x, LONG e) { return c99_result(scalbln(x, e), x, false); }
CDECL double msvcrt_tgamma(double x) { return c99_result(tgamma(x), x, true); }
CDECL double msvcrt_trunc(double x) { return trunc(x); }

CDECL float msvcrt_acoshf(float x) { return (float)c99_result(acoshf(x), x, true); }
CDECL float msvcrt_asinhf(float x) { return asinhf(x); }
CDECL float msvcrt_atanhf(float x) { return (float)c99_result(atanhf(x), x, true); }
CDECL float msvcrt_cbrtf(float x) { return cbrtf(x); }
CDECL float msvcrt_copysignf(float x, float y) { return copysignf(x, y); }
CDECL float msvcrt_erff(float x) { return erff(x); }
CDECL float msvcrt_erfcf(float x) { return erfcf(x); }
CDECL float msvcrt_exp2f(float x) { return (float)c99_result(exp2f(x), x, false); }
CDECL float msvcrt_expm1f(float x) { return (float)c99_result(expm1f(x), x, false); }
CDECL float msvcrt_fdimf(float x, float y) { return fdimf(x, y); }
CDECL float msvcrt_fmaf(float x, float y, float z) { return fmaf(x, y, z); }
CDECL float msvcrt_fmaxf(float x, float y) { return fmaxf(x, y); }
CDECL float msvcrt_fminf(float x, float y) { return fminf(x, y); }
CDECL float msvcrt_hypotf(float x, float y) { return (float)c99_result(hypotf(x, y), x, false); }
CDECL int msvcrt_ilogbf(float x) { return ilogbf(x); }
CDECL float msvcrt_lgammaf(float x) { return (float)c99_result(lgammaf(x), x, false); }
CDECL float msvcrt_log1pf(float x) { return (float)c99_result(log1pf(x), x, true); }
CDECL float msvcrt_log2f(float x) { return (float)c99_result(log2f(x), x, true); }
CDECL float msvcrt_logbf(float x) { return logbf(x); }
CDECL int64_t msvcrt_llrintf(float x) { return llrintf(x); }
CDECL int64_t msvcrt_llroundf(float x) { return llroundf(x); }
CDECL LONG msvcrt_lrintf(float x) { return msvcrt_lrint(x); }
CDECL LONG msvcrt_lroundf(float x) { return msvcrt_lround(x); }
CDECL float msvcrt_nanf(const char *tag) { return nanf(tag ? tag : ""); }
CDECL float msvcrt_nearbyintf(float x) { return nearbyintf(x); }
CDECL float msvcrt_nextafterf(float x, float y) { return nextafterf(x, y); }
CDECL float msvcrt_nexttowardf(float x, double y) { return nextafterf(x, (float)y == y ? (float)y : (y > x ? INFINITY : -INFINITY)); }
CDECL float msvcrt_remainderf(float x, float y) { return (float)c99_result(remainderf(x, y), x, true); }
CDECL float msvcrt_remquof(float x, float y, int *q) { return remquof(x, y, q); }
CDECL float msvcrt_rintf(float x) { return rintf(x); }
CDECL float msvcrt_roundf(float x) { return roundf(x); }
CDECL float msvcrt_scalbnf(float x, int e) { return (float)c99_result(scalbnf(x, e), x, false); }
CDECL float msvcrt_scalblnf(float x, LONG e) { return (float)c99_result(scalblnf(x, e), x, false); }
CDECL float msvcrt_tgammaf(float x) { return (float)c99_result(tgammaf(x), x, true); }
CDECL float msvcrt_truncf(float x) { return truncf(x); }

/* _dclass/_dsign/_dtest (ucrt's fpclassify/signbit helpers): FP_* values
 * of Windows' math.h: FP_INFINITE 1, FP_NAN 2, FP_NORMAL -1,
 * FP_SUBNORMAL -2, FP_ZERO 0. */
static short win_fpclass(int c)
{
    switch (c) {
    case FP_INFINITE: return 1;
    case FP_NAN: return 2;
    case FP_NORMAL: return -1;
    case FP_SUBNORMAL: return -2;
    default: return 0;
    }
}

CDECL short msvcrt__dclass(double x) { return win_fpclass(fpclassify(x)); }
CDECL short msvcrt__fdclass(float x) { return win_fpclass(fpclassify(x)); }
CDECL int msvcrt__dsign(double x) { return signbit(x) ? 0x8000 : 0; }
CDECL int msvcrt__fdsign(float x) { return signbit(x) ? 0x8000 : 0; }
CDECL short msvcrt__dtest(double *x) { return win_fpclass(fpclassify(*x)); }
CDECL short msvcrt__fdtest(float *x) { return win_fpclass(fpclassify(*x)); }

/* _dpcomp: _FP_LT 1, _FP_EQ 2, _FP_GT 4; 0 when unordered. */
CDECL int msvcrt__dpcomp(double x, double y) { return isnan(x) || isnan(y) ? 0 : x < y ? 1 : x == y ? 2 : 4; }
CDECL int msvcrt__fdpcomp(float x, float y) { return isnan(x) || isnan(y) ? 0 : x < y ? 1 : x == y ? 2 : 4; }
