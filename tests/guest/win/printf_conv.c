/* printf_conv.c - msvcrt's printf conversions, one table: integers with
 * every size prefix (I64, I32, I, ll, h, l, z), flags and widths, strings
 * narrow and wide (%s %S %ls %hs %ws), characters (%c %C %lc), %p, %n,
 * floating point (%f %e %g %a with msvcrt's three-digit exponents and its
 * rounding), infinities and NaNs in msvcrt's 1.#INF style, '*' widths and
 * precisions, and unknown conversions. The calls go to msvcrt.dll itself,
 * not to mingw-w64's own printf. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>
#include <math.h>

static int line;
#define T(...) do { printf("%02d: [", ++line); int r_ = printf(__VA_ARGS__); printf("] %d\n", r_); } while (0)

int main(void)
{
    long long big = 0x123456789abcdef0LL;
    double inf = HUGE_VAL, nan_neg = -(inf - inf), nan_pos = -nan_neg;
    int n1 = -1, n2 = -1;

    /* integers */
    T("%d %i %u", 42, -42, -1);
    T("%5d|%-5d|%05d|%+d|% d", 7, 7, 7, 7, 7);
    T("%+05d|%-+5d|% 05d", -7, 7, 7);
    T("%.3d|%.0d|%5.3d|%-8.4d|%05.2d", 7, 0, -7, 42, 3);
    T("%x %X %#x %#X %#o %o", 255, 255, 255, 255, 8, 8);
    T("%#08x|%#-8x|%08.3x|%#x", 255, 255, 255, 0);
    T("%I64d %I64u %I64x", big, -1LL, big);
    T("%lld %llu %llx", -big, (unsigned long long)big, big);
    T("%I32d %I32x %Id %Ix", -5, 0xdeadbeef, (ptrdiff_t)-3, (size_t)0x1234);
    T("%hd %hu %hx %ld %lu", 70000, 70000, 0x12345, -5L, 4000000000UL);
    T("%zd %zu", (size_t)123, (size_t)-1);
    T("%d %d", 2147483647, (int)0x80000000);
    T("%I64d", (long long)0x8000000000000000ULL);

    /* strings and characters */
    T("%s|%10s|%-10s|%.2s|%10.3s", "abc", "abc", "abc", "abc", "abcdef");
    T("%S|%ls|%ws|%hs", L"wide", L"wide", L"w2", "narrow");
    T("%s|%S", NULL, NULL);
    T("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
    T("%C|%lc|%hc", L'W', L'V', 'n');
    T("%05s|%-05s|", "ab", "ab");

    /* pointers */
    T("%p|%20p|%-20p|", (void *)0x1234, (void *)0xabcdef, (void *)0x10);
    T("%p", NULL);

    /* %n */
    T("abc%n%d%n", &n1, 12345, &n2);
    printf("n1=%d n2=%d\n", n1, n2);

    /* floating point */
    T("%f %e %g", 3.14159265, 3.14159265, 3.14159265);
    T("%E %G %g %g", 123456789.0, 0.000012345, 1e-5, 1e15);
    T("%.0f %.1f %.2f %.3f", 2.5, 0.25, 1.005, 2.0005);
    T("%.0f %.0f %.0f %.0f", 0.5, 1.5, 3.5, -0.5);
    T("%10.4f|%-10.2f|%010.3f|%+.2f|% .1f", 3.14159, 2.5, -1.5, 1.0, 1.0);
    T("%#.0f %#.0e %#g %#x", 3.0, 3.0, 1.5, 0);
    T("%e %e %e", 0.0, 1e100, 1e-300);
    T("%g %g %g %g", 100000.0, 1000000.0, 0.0001, 0.00001);
    T("%.3g %.10g %.0g %#.3g", 1234.5678, 1.0/3, 123.0, 1.0);
    T("%f", 1e20);
    T("%.15f", 0.1);
    T("%.20e", 1.0/3);
    T("%a %A %.2a", 1.0, 255.5, 1.999);
    T("%Lf %lf", 1.25, 2.5);
    T("%.30f", 1e-10);

    /* infinities and NaNs, msvcrt style */
    T("%f|%e|%g", inf, inf, inf);
    T("%f|%e|%g", -inf, -inf, -inf);
    T("%f|%e|%g", nan_neg, nan_neg, nan_neg);
    T("%f|%e|%g", nan_pos, nan_pos, nan_pos);
    T("%.0f|%.1f|%.2f|%.3f|%.10f", inf, inf, inf, inf, inf);
    T("%10f|%-12f|%012f|%+f", inf, inf, inf, inf);
    T("%10.2e|%E|%G", nan_neg, inf, nan_pos);

    /* widths and precisions from arguments */
    T("%*d|%-*d|%*d", 5, 42, 5, 42, -5, 42);
    T("%.*f|%*.*f|%.*s", 2, 3.14159, 8, 3, 2.71828, 3, "abcdef");
    T("%.*d", -1, 5);

    /* unknown conversions and odd formats */
    T("%y|%k");
    T("100%%|%5%|");
    T("trailing %");
    T("%hhd %jd", 300, (long long)-9);
    return 0;
}
