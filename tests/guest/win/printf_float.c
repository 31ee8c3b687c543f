/* printf_float.c - floating-point digits as msvcrt rounds them: half away
 * from zero on the exact binary value (0.125 -> 0.13, but 0.15 -> 0.1
 * because 0.15 is slightly less), carries that add a digit (9.9999 ->
 * 10.000, 9.9999e9 -> 1.000e+010), negative zero, denormals, huge values
 * with all their digits, %g's choice between %e and %f and its trailing
 * zeros, and %a. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <float.h>

int main(void)
{
    static const double v[] = {
        0.125, 0.375, 0.15, 0.35, 2.5, 3.5, -2.5, 1.005, 2.675, 1e-7, 123.456,
        9.9999, 99.995, 9.99999999e9, 0.9999999, -0.0, 4.9e-324, 2.2250738585072014e-308,
        1e22, 1e23, 1.7976931348623157e308, 5e-5, 123456789012345678.0, 0.1 + 0.2,
    };
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
        double x = v[i];
        printf("%2u: %.0f|%.1f|%.2f|%.3e|%.0e|%g|%.3g|%#.3g|%.10g\n", i, x, x, x, x, x, x, x, x, x);
    }
    printf("%f\n", 1e300);
    printf("%.40f\n", 4.9e-324);
    printf("%.17g %.17g %.17g\n", 0.1, 1.0 / 3, 2.0 / 3);
    printf("%20.10e|%-20.3g|%+020.5f|% e\n", 3.0, 0.5, -3.25, 1.0);
    printf("%a %a %a %.3a %A\n", 0.5, -3.75, 4.9e-324, 3.14159, 1e10);
    printf("%g %g %g %g %g\n", 1e5, 1e6, 1e-4, 1e-5, 123456.5);
    printf("%G %E\n", 1e-20, 6.02214076e23);
    printf("%.0f %.0f %.0f %.0f\n", 0.49999999999999994, 1.4999999999999998, 1e15 + 0.5, 4503599627370497.5);
    return 0;
}
