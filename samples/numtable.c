/* numtable.c - prints a table of numbers in several notations: decimal,
 * hexadecimal, octal, squares, square roots, powers of two, and a
 * Fahrenheit/Celsius column: the printf conversions most programs use. */
#include <stdio.h>
#include <math.h>

int main(void)
{
    printf("%4s %6s %5s %8s %10s %12s %9s\n", "n", "hex", "oct", "n^2", "sqrt(n)", "2^n", "F->C");
    printf("%.*s\n", 60, "------------------------------------------------------------");
    for (int n = 1; n <= 16; n++) {
        double f = 32 + n * 10;
        printf("%4d %#6x %5o %8d %10.5f %12.0f %8.2fC\n",
               n, n * 15, n * 9, n * n, sqrt(n), pow(2, n * 2), (f - 32) * 5 / 9);
    }
    printf("%.*s\n", 60, "------------------------------------------------------------");
    printf("pi=%.10f e=%.6e sqrt(2)=%g\n", acos(-1.0), exp(1.0), sqrt(2.0));
    return 0;
}
