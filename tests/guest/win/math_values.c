/* math_values: <math.h> results printed with %.17g, msvcrt's errno and
 * matherr reporting for domain and range errors, classification
 * (_fpclass, _isnan, _finite), and the floating-point control word
 * (_controlfp really switching SSE rounding, _clearfp/_statusfp flags).
 *
 * Expected output: Wine 8.0, except cosh(1000): Windows documents errno
 * ERANGE and a matherr call for cosh/sinh overflow; Wine 8 reports none. */
#include <stdio.h>
#include <math.h>
#include <float.h>
#include <errno.h>
#include <string.h>

static volatile double zero = 0.0, one = 1.0, two = 2.0, half = 0.5, big = 1e308, minus1 = -1.0;

/* mingw links its own sin, pow, exp ... (libmingwex); call msvcrt's
 * through the import table. */
#define IMP2(f) extern double (*__imp_##f)(double, double)
IMP2(atan2); IMP2(pow); IMP2(fmod);
extern double (*__imp_sin)(double), (*__imp_cos)(double), (*__imp_exp)(double), (*__imp_log)(double),
              (*__imp_sqrt)(double), (*__imp_floor)(double), (*__imp_ceil)(double), (*__imp_fabs)(double),
              (*__imp_modf)(double, double *), (*__imp_frexp)(double, int *), (*__imp_ldexp)(double, int);
extern float (*__imp_sinf)(float), (*__imp_sqrtf)(float), (*__imp_powf)(float, float);
extern void (*__imp__fpreset)(void);
#define sin __imp_sin
#define cos __imp_cos
#define exp __imp_exp
#define log __imp_log
#define sqrt __imp_sqrt
#define floor __imp_floor
#define ceil __imp_ceil
#define fabs __imp_fabs
#define modf __imp_modf
#define frexp __imp_frexp
#define ldexp __imp_ldexp
#define atan2 __imp_atan2
#define pow __imp_pow
#define fmod __imp_fmod
#define sinf __imp_sinf
#define sqrtf __imp_sqrtf
#define powf __imp_powf

static int matherr_calls, matherr_type;
static char matherr_name[16];
static double matherr_a1;

/* msvcrt calls the handler registered with __setusermatherr on domain and
 * range errors; returning 0 lets it set errno as usual. */
static int __cdecl my_matherr(struct _exception *e)
{
    matherr_calls++;
    matherr_type = e->type;
    strncpy(matherr_name, e->name, sizeof matherr_name - 1);
    matherr_a1 = e->arg1;
    return 0;     /* not handled: errno is set as usual */
}

static void err(const char *what, double v)
{
    printf("%-14s = %.17g errno=%d", what, v, errno);
    if (matherr_calls)
        printf(" matherr(type=%d name=%s arg1=%g)", matherr_type, matherr_name, matherr_a1);
    printf("\n");
    errno = 0;
    matherr_calls = 0;
}

int main(void)
{
    printf("sin(0.5)=%.17g cos(0.5)=%.17g tan(0.5)=%.17g\n", sin(half), cos(half), tan(half));
    printf("asin(0.5)=%.17g acos(0.5)=%.17g atan(1)=%.17g\n", asin(half), acos(half), atan(one));
    printf("atan2(1,-1)=%.17g atan2(-0,-1)=%.17g\n", atan2(one, minus1), atan2(-zero, minus1));
    printf("sinh(1)=%.17g cosh(1)=%.17g tanh(0.5)=%.17g\n", sinh(one), cosh(one), tanh(half));
    printf("exp(1)=%.17g log(2)=%.17g log10(2)=%.17g\n", exp(one), log(two), log10(two));
    printf("pow(2,0.5)=%.17g pow(-8,3)=%.17g sqrt(2)=%.17g\n", pow(two, half), pow(-8.0 * one, 3.0), sqrt(two));
    printf("floor(-2.5)=%.17g ceil(-2.5)=%.17g fabs(-3)=%.17g\n", floor(-2.5 * one), ceil(-2.5 * one), fabs(-3.0 * one));
    printf("fmod(7.5,2)=%.17g fmod(-7.5,2)=%.17g\n", fmod(7.5 * one, two), fmod(-7.5 * one, two));
    double ip;
    double fp = modf(-3.75 * one, &ip);
    int ex;
    double mant = frexp(48.0 * one, &ex);
    printf("modf(-3.75)=%.17g,%.17g frexp(48)=%.17g,%d ldexp(0.75,4)=%.17g\n", fp, ip, mant, ex, ldexp(0.75 * one, 4));
    printf("_hypot(3,4)=%.17g _copysign(2,-0)=%.17g _chgsign(5)=%.17g\n", _hypot(3.0 * one, 4.0 * one),
           _copysign(two, -zero), _chgsign(5.0 * one));
    printf("_logb(10)=%.17g _scalb(3,4)=%.17g _nextafter(1,2)=%.17g\n", _logb(10.0 * one), _scalb(3.0 * one, 4),
           _nextafter(one, two));
    printf("_j0(1)=%.15g _j1(1)=%.15g _y0(1)=%.15g\n", _j0(one), _j1(one), _y0(one));
    printf("float: sinf=%.9g sqrtf=%.9g powf=%.9g\n", (double)sinf((float)half), (double)sqrtf(2.0f * (float)one),
           (double)powf(2.0f, (float)half));

    /* errors, first without a matherr handler, then with one */
    errno = 0;
    err("log(0)", log(zero));
    __setusermatherr(my_matherr);
    err("sqrt(-1)", sqrt(minus1));
    err("log(0)", log(zero));
    err("log(-1)", log(minus1));
    err("log10(0)", log10(zero));
    err("acos(2)", acos(two));
    err("asin(-2)", asin(-two));
    err("exp(1000)", exp(1000.0 * one));
    err("exp(-1000)", exp(-1000.0 * one));
    err("pow(0,-1)", pow(zero, minus1));
    err("pow(-2,0.5)", pow(-two, half));
    err("pow(10,400)", pow(10.0 * one, 400.0));
    err("fmod(1,0)", fmod(one, zero));
    err("cosh(1000)", cosh(1000.0 * one));
    err("ldexp(1,2000)", ldexp(one, 2000));
    err("sin(inf)", sin(big * 10.0));
    err("sqrt(4)", sqrt(4.0 * one));

    /* classification */
    double vals[] = { 0.0, -0.0, 1.0, -1.0, 1e-310, -1e-310, big * 10.0, -big * 10.0, sqrt(minus1) };
    for (int i = 0; i < 9; i++)
        printf("_fpclass=%03x _isnan=%d _finite=%d\n", _fpclass(vals[i]), _isnan(vals[i]), _finite(vals[i]));
    errno = 0;

    /* the control word */
    unsigned cw = _controlfp(0, 0);
    printf("_controlfp default: %#x\n", cw);
    printf("_control87 default: %#x\n", _control87(0, 0));
    /* 1/3 and 2/3 round in opposite directions to nearest. */
    volatile double a = 1.0, b = 3.0, c = 2.0;
    volatile union { double d; unsigned long long u; } t1, t2;
    unsigned modes[] = { _RC_NEAR, _RC_UP, _RC_DOWN, _RC_CHOP };
    for (int i = 0; i < 4; i++) {
        _controlfp(modes[i], _MCW_RC);
        t1.d = a / b;
        t2.d = -c / b;
        unsigned now = _controlfp(0, 0);
        _controlfp(_RC_NEAR, _MCW_RC);
        printf("rc %#05x: 1/3=%016llx -2/3=%016llx cw=%#x\n", modes[i], t1.u, t2.u, now);
    }
    _clearfp();
    volatile double r = one / zero;
    unsigned st = _statusfp();
    printf("after 1/0: status=%#x (r=%g)\n", st, r);
    r = one / b;
    st = _statusfp();
    printf("after 1/3: status=%#x\n", st);
    st = _clearfp();
    printf("_clearfp returned %#x, now %#x\n", st, _statusfp());
    _controlfp(_EM_INEXACT, _MCW_EM);
    printf("masks changed: %#x\n", _controlfp(0, 0));
    __imp__fpreset();
    printf("after _fpreset: %#x\n", _controlfp(0, 0));
    return 0;
}
