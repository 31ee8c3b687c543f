/* floats.c - floating point: printf of doubles and long doubles in all
 * conversions, libm results, rounding modes with fesetround, float/double/
 * long double conversions, strtod/strtof/strtold corner cases and errno. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double vd[] = { 0.0, -0.0, 1.0 / 3, 2.5, -2.5, 1e300, 5e-324, 123456789.125, 0.1 };

int main(void)
{
    for (unsigned i = 0; i < sizeof vd / sizeof vd[0]; i++)
        printf("%g|%.17g|%e|%.3f|%a|%10.4G\n", vd[i], vd[i], vd[i], vd[i], vd[i], vd[i]);
    volatile long double ld = 1.0L / 3;
    printf("ld %.20Lg %La %Le\n", ld, ld, ld * 1e4000L);
    printf("ld max %Lg min %Lg eps %Lg\n", LDBL_MAX, LDBL_MIN, LDBL_EPSILON);
    printf("inf %f %F nan %f %e\n", INFINITY, -INFINITY, NAN, -NAN);
    printf("%.0f %.0f %.0f %.0f (round half even)\n", 0.5, 1.5, 2.5, -0.5);
    printf("%.60f\n", 0.1);
    volatile double x = 0.7;
    printf("libm sin %.15g cos %.15g tan %.15g\n", sin(x), cos(x), tan(x));
    printf("exp %.15g log %.15g log10 %.15g log2 %.15g\n", exp(x), log(x), log10(x), log2(x));
    printf("pow %.15g sqrt %.15g cbrt %.15g hypot %.15g\n", pow(x, 3.5), sqrt(2.0), cbrt(-27.0), hypot(3, 4));
    printf("atan2 %.15g asin %.15g acosh %.15g erf %.15g\n", atan2(1, -1), asin(x), acosh(2.0), erf(x));
    printf("fmod %.15g remainder %.15g lgamma %.15g tgamma %.15g\n", fmod(-7.5, 2), remainder(7.5, 2), lgamma(10.5), tgamma(5));
    int ex;
    double fr = frexp(1234.5, &ex);
    printf("frexp %.15g %d ldexp %g modf ", fr, ex, ldexp(0.75, 10));
    double ip, fp = modf(-3.75, &ip);
    printf("%g %g\n", ip, fp);
    printf("floor %g ceil %g trunc %g round %g lround %ld nextafter %a\n", floor(-2.5), ceil(-2.5), trunc(-2.5), round(-2.5),
           lround(2.5), nextafter(1.0, 2.0));
    printf("isnan %d isinf %d signbit %d fpclassify %d %d %d\n", isnan(NAN), isinf(-INFINITY), signbit(-0.0) != 0,
           fpclassify(5e-324) == FP_SUBNORMAL, fpclassify(0.0) == FP_ZERO, fpclassify(1.0) == FP_NORMAL);
    static const int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
    static const char *names[] = { "nearest", "upward", "downward", "towardzero" };
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        volatile double a = 2.5, b = -2.5, one = 1.0, three = 3.0;
        volatile float f = 1.0f / 3.0f;
        printf("%-10s rint %g %g nearbyint %g lrint %ld 1/3 %.17g (float)(1/3) %.9g get %d\n", names[m], rint(a), rint(b),
               nearbyint(-3.5), lrint(3.5), one / three, (double)(float)(one / three), f, fegetround() == modes[m]);
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double z = 0.0, o = 1.0;
    volatile double dz = o / z;
    printf("div by zero flag %d inexact %d, result %g\n", fetestexcept(FE_DIVBYZERO) != 0, fetestexcept(FE_INEXACT) != 0, dz);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double inv = sqrt(-o);
    printf("invalid flag %d nan %d\n", fetestexcept(FE_INVALID) != 0, isnan(inv));
    volatile double big = 1e39, small = 1e-46, third = 1.0 / 3;
    printf("d->f %g %g %.9g, f->d %.17g\n", (float)big, (float)small, (float)third, (double)0.1f);
    volatile double dd = 3.99, nd = -3.99, huge = 3e9;
    printf("d->i %d %d d->u %u d->ll %lld ll->d %.17g ull->d %.17g\n", (int)dd, (int)nd, (unsigned)huge, (long long)-huge,
           (double)9007199254740993LL, (double)18446744073709551615ULL);
    volatile long double l1 = 0.1L;
    printf("ld->d %.17g d->ld %.21Lg ld->ll %lld\n", (double)l1, (long double)0.1, (long long)(l1 * 1e19L));
    const char *strs[] = { "1e-400", "1e400", "0x1.8p3", "-inf", "nan(123)", "  +12.5e-1xyz", "4.9406564584124654e-324",
                           "2.2250738585072011e-308", ".", "1e", "0x" };
    for (unsigned i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        char *end;
        errno = 0;
        double v = strtod(strs[i], &end);
        printf("strtod(\"%s\") = %.17g errno %d used %d\n", strs[i], v, errno, (int)(end - strs[i]));
    }
    errno = 0;
    float fv = strtof("3.4028236e38", NULL);
    printf("strtof overflow %g errno %d, strtold %.21Lg\n", fv, errno, strtold("1.000000000000000000001", NULL));
    printf("atof %g sscanf ", atof("6.02e23"));
    double s1; float s2; long double s3;
    int n = sscanf("1.5 -2.25e3 3.125", "%lf %f %Lf", &s1, &s2, &s3);
    printf("%d %g %g %Lg\n", n, s1, s2, s3);
    return 0;
}
