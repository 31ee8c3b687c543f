/* math.c - integer and floating-point arithmetic, printed with printf
 * (doubles, long doubles through x87, SSE conversions). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double vd = 0.1;
static volatile long double vl = 1.0L / 3;

int main(void)
{
    int64_t a = 0x123456789abcdefLL, b = -98765;
    printf("%lld %lld %lld %lld\n", (long long)(a * b), (long long)(a / b), (long long)(a % b), (long long)(a >> 7));
    uint64_t u = 0xfedcba9876543210ULL;
    printf("%llx %llx %llu\n", (unsigned long long)(u * 3), (unsigned long long)(u / 7), (unsigned long long)(u % 1000003));
    /* u * u in 128 bits from 32-bit halves: the same on i386 and x86-64 */
    uint64_t lo32 = u & 0xffffffffu, hi32 = u >> 32;
    uint64_t ll = lo32 * lo32, lh = lo32 * hi32, hh = hi32 * hi32;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) * 2;
    uint64_t low = (ll & 0xffffffffu) | (mid << 32);
    uint64_t high = hh + (lh >> 32) * 2 + (mid >> 32);
    printf("%llx%016llx\n", (unsigned long long)high, (unsigned long long)low);
    printf("%d %d %d\n", __builtin_popcountll(u), __builtin_clzll(u >> 3), __builtin_ctzll(u));
    double x = 0;
    for (int i = 1; i <= 1000; i++)
        x += 1.0 / (i * (double)i);
    printf("%.17g %.17g\n", x, sqrt(x * 6));
    printf("%.17g %.17g %.17g %.17g\n", sin(1.0), cos(2.0), exp(1.5), log(10.0));
    printf("%.17g %.17g %.17g\n", pow(2.5, 3.7), atan2(1, -2), fmod(10.7, 3.1));
    printf("%g %e %f %a\n", vd * 3, 123456.789, -0.000123, 1.0 / 3);
    long double l = vl;
    for (int i = 0; i < 20; i++)
        l = l * 1.5L + 0.25L;
    printf("%.21Lg %.21Lg\n", l, sqrtl(l));
    printf("%.21Lg %.21Lg %.21Lg\n", sinl(0.5L), expl(2.0L), logl(3.0L));
    printf("%Lf %Le\n", (long double)1e20 / 7, (long double)2 / 3);
    float f = 1.1f;
    for (int i = 0; i < 10; i++)
        f = f * f - 0.5f;
    printf("%.9g %d %ld\n", f, (int)(x * 1000), lround(-2.5));
    printf("%.17g %.17g\n", floor(-2.5), ceil(2.5));
    printf("%d %d\n", (int)(-7.9), (int)(unsigned)(3e9));
    return 0;
}
