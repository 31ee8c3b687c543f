/*
 * mimic_libm.c - the C math library, loaded on first use. Most runs never
 * compute a sine (a console program printing text, a Linux guest without
 * x87 transcendental instructions), yet linking libm made every start-up
 * map and relocate it: about half a millisecond of a Windows program's
 * start-up, a tenth of mimic's whole cost over a native program. Each
 * function mimic calls is defined here with <math.h>'s own prototype (the
 * compiler checks it) and forwards to libm's, looked up once; mimic is
 * linked without -lm, so a math function missing here is a link error,
 * never a silent fallback. A libm that cannot be loaded is fatal by name.
 * (The same pattern as winapi/gdi32/xdyn.c for X11 and FreeType.)
 *
 * Only build/mimic links this file: the unit tests link libm itself, the
 * static aarch64 build (no dlopen) too.
 */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void *libm_sym(const char *name)
{
    static void *handle;
    void *h = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (!h) {
        h = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            fprintf(stderr, "mimic: cannot load libm.so.6: %s\n", dlerror());
            exit(3);
        }
        __atomic_store_n(&handle, h, __ATOMIC_RELEASE);
    }
    void *p = dlsym(h, name);
    if (!p) {
        fprintf(stderr, "mimic: libm.so.6 lacks %s\n", name);
        exit(3);
    }
    return p;
}

/* The pointer is looked up once per function; racing first calls store the
 * same value. */
#define FWD(ret, name, params, args)                                                  \
    ret name params                                                                   \
    {                                                                                 \
        static ret (*real_) params;                                                   \
        ret (*f_) params = __atomic_load_n(&real_, __ATOMIC_RELAXED);                 \
        if (!f_) {                                                                    \
            f_ = (ret (*) params)libm_sym(#name);                                     \
            __atomic_store_n(&real_, f_, __ATOMIC_RELAXED);                           \
        }                                                                             \
        return f_ args;                                                               \
    }
#define FWDV(name, params, args)                                                      \
    void name params                                                                  \
    {                                                                                 \
        static void (*real_) params;                                                  \
        void (*f_) params = __atomic_load_n(&real_, __ATOMIC_RELAXED);                \
        if (!f_) {                                                                    \
            f_ = (void (*) params)libm_sym(#name);                                    \
            __atomic_store_n(&real_, f_, __ATOMIC_RELAXED);                           \
        }                                                                             \
        f_ args;                                                                      \
    }

FWD(double, acos, (double a0), (a0))
FWD(float, acosf, (float a0), (a0))
FWD(double, acosh, (double a0), (a0))
FWD(float, acoshf, (float a0), (a0))
FWD(double, asin, (double a0), (a0))
FWD(float, asinf, (float a0), (a0))
FWD(double, asinh, (double a0), (a0))
FWD(float, asinhf, (float a0), (a0))
FWD(double, atan, (double a0), (a0))
FWD(double, atan2, (double a0, double a1), (a0, a1))
FWD(float, atan2f, (float a0, float a1), (a0, a1))
FWD(long double, atan2l, (long double a0, long double a1), (a0, a1))
FWD(float, atanf, (float a0), (a0))
FWD(double, atanh, (double a0), (a0))
FWD(float, atanhf, (float a0), (a0))
FWD(double, cbrt, (double a0), (a0))
FWD(float, cbrtf, (float a0), (a0))
FWD(double, cos, (double a0), (a0))
FWD(float, cosf, (float a0), (a0))
FWD(double, cosh, (double a0), (a0))
FWD(float, coshf, (float a0), (a0))
FWD(long double, cosl, (long double a0), (a0))
FWD(double, erf, (double a0), (a0))
FWD(double, erfc, (double a0), (a0))
FWD(float, erfcf, (float a0), (a0))
FWD(float, erff, (float a0), (a0))
FWD(double, exp, (double a0), (a0))
FWD(double, exp2, (double a0), (a0))
FWD(float, exp2f, (float a0), (a0))
FWD(float, expf, (float a0), (a0))
FWD(double, expm1, (double a0), (a0))
FWD(float, expm1f, (float a0), (a0))
FWD(long double, expm1l, (long double a0), (a0))
FWD(double, fdim, (double a0, double a1), (a0, a1))
FWD(float, fdimf, (float a0, float a1), (a0, a1))
FWD(double, fma, (double a0, double a1, double a2), (a0, a1, a2))
FWD(float, fmaf, (float a0, float a1, float a2), (a0, a1, a2))
FWD(double, fmax, (double a0, double a1), (a0, a1))
FWD(float, fmaxf, (float a0, float a1), (a0, a1))
FWD(double, fmin, (double a0, double a1), (a0, a1))
FWD(float, fminf, (float a0, float a1), (a0, a1))
FWD(double, fmod, (double a0, double a1), (a0, a1))
FWD(float, fmodf, (float a0, float a1), (a0, a1))
FWD(double, frexp, (double a0, int *a1), (a0, a1))
FWD(float, frexpf, (float a0, int *a1), (a0, a1))
FWD(long double, frexpl, (long double a0, int *a1), (a0, a1))
FWD(double, hypot, (double a0, double a1), (a0, a1))
FWD(float, hypotf, (float a0, float a1), (a0, a1))
FWD(int, ilogb, (double a0), (a0))
FWD(int, ilogbf, (float a0), (a0))
FWD(double, j0, (double a0), (a0))
FWD(double, j1, (double a0), (a0))
FWD(double, jn, (int a0, double a1), (a0, a1))
FWD(double, ldexp, (double a0, int a1), (a0, a1))
FWD(float, ldexpf, (float a0, int a1), (a0, a1))
FWD(long double, ldexpl, (long double a0, int a1), (a0, a1))
FWD(double, lgamma, (double a0), (a0))
FWD(float, lgammaf, (float a0), (a0))
FWD(long long int, llrint, (double a0), (a0))
FWD(long long int, llrintf, (float a0), (a0))
FWD(long long int, llround, (double a0), (a0))
FWD(long long int, llroundf, (float a0), (a0))
FWD(double, log, (double a0), (a0))
FWD(double, log10, (double a0), (a0))
FWD(float, log10f, (float a0), (a0))
FWD(double, log1p, (double a0), (a0))
FWD(float, log1pf, (float a0), (a0))
FWD(long double, log1pl, (long double a0), (a0))
FWD(double, log2, (double a0), (a0))
FWD(float, log2f, (float a0), (a0))
FWD(long double, log2l, (long double a0), (a0))
FWD(double, logb, (double a0), (a0))
FWD(float, logbf, (float a0), (a0))
FWD(float, logf, (float a0), (a0))
FWD(long int, lround, (double a0), (a0))
FWD(double, modf, (double a0, double *a1), (a0, a1))
FWD(float, modff, (float a0, float *a1), (a0, a1))
FWD(double, nan, (const char *a0), (a0))
FWD(float, nanf, (const char *a0), (a0))
FWD(double, nearbyint, (double a0), (a0))
FWD(float, nearbyintf, (float a0), (a0))
FWD(double, nextafter, (double a0, double a1), (a0, a1))
FWD(float, nextafterf, (float a0, float a1), (a0, a1))
FWD(double, pow, (double a0, double a1), (a0, a1))
FWD(float, powf, (float a0, float a1), (a0, a1))
FWD(double, remainder, (double a0, double a1), (a0, a1))
FWD(float, remainderf, (float a0, float a1), (a0, a1))
FWD(double, remquo, (double a0, double a1, int *a2), (a0, a1, a2))
FWD(float, remquof, (float a0, float a1, int *a2), (a0, a1, a2))
FWD(double, round, (double a0), (a0))
FWD(double, roundeven, (double a0), (a0))
FWD(float, roundevenf, (float a0), (a0))
FWD(float, roundf, (float a0), (a0))
FWD(double, scalbln, (double a0, long int a1), (a0, a1))
FWD(float, scalblnf, (float a0, long int a1), (a0, a1))
FWD(double, scalbn, (double a0, int a1), (a0, a1))
FWD(float, scalbnf, (float a0, int a1), (a0, a1))
FWD(double, sin, (double a0), (a0))
FWDV(sincos, (double a0, double *a1, double *a2), (a0, a1, a2))
FWDV(sincosf, (float a0, float *a1, float *a2), (a0, a1, a2))
FWD(float, sinf, (float a0), (a0))
FWD(double, sinh, (double a0), (a0))
FWD(float, sinhf, (float a0), (a0))
FWD(long double, sinl, (long double a0), (a0))
FWD(double, sqrt, (double a0), (a0))
FWD(float, sqrtf, (float a0), (a0))
FWD(double, tan, (double a0), (a0))
FWD(float, tanf, (float a0), (a0))
FWD(double, tanh, (double a0), (a0))
FWD(float, tanhf, (float a0), (a0))
FWD(long double, tanl, (long double a0), (a0))
FWD(double, tgamma, (double a0), (a0))
FWD(float, tgammaf, (float a0), (a0))
FWD(double, y0, (double a0), (a0))
FWD(double, y1, (double a0), (a0))
FWD(double, yn, (int a0, double a1), (a0, a1))
