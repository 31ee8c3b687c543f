/* scanf_edge.c - the corners of msvcrt's scanf: floats written as "1e",
 * "1.e5", ".5", "-.5e-1", "inf", "0x1p3" (msvcrt reads no inf/nan/hex
 * floats), %i with signs and prefixes, widths cutting numbers and
 * prefixes, %[ with ranges, '-' and ']' literals, negated sets, %n after
 * suppressed fields, %c reading blanks, literal blanks and newlines in the
 * format, and what stays unread (shown by a final %n). */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>

static void f1(const char *in, const char *fmt)
{
    double d = -99;
    int n = -1;
    char rest[32] = "";
    int r = sscanf(in, fmt, &d, &n, rest);
    printf("%-12s %-10s r=%d d=%g n=%d rest=[%s]\n", in, fmt, r, d, n, rest);
}

static void i1(const char *in, const char *fmt)
{
    int a = -99, n = -1;
    int r = sscanf(in, fmt, &a, &n);
    printf("%-12s %-8s r=%d a=%d n=%d\n", in, fmt, r, a, n);
}

int main(void)
{
    f1("1e", "%lf%n%s");
    f1("1.e5x", "%lf%n%s");
    f1(".5", "%lf%n%s");
    f1("-.5e-1!", "%lf%n%s");
    f1("+inf", "%lf%n%s");
    f1("nan", "%lf%n%s");
    f1("0x1p3", "%lf%n%s");
    f1("1e+", "%lf%n%s");
    f1("12345.678", "%4lf%n");
    f1("-", "%lf%n%s");

    i1("-0x1f", "%i%n");
    i1("+017", "%i%n");
    i1("0x", "%i%n");
    i1("0xg", "%x%n");
    i1("123456", "%3d%n");
    i1("0x1234", "%3i%n");
    i1("-", "%1d%n");
    i1("  +5", "%d%n");
    i1("08", "%i%n");

    char a[16], b[16], c[16];
    int n = -1, r;
    r = sscanf("a-b]c^d", "%[a-]%[]b]%[^d]%n", a, b, c, &n);
    printf("sets: r=%d [%s] [%s] [%s] n=%d\n", r, a, b, c, n);
    r = sscanf("zyx-abc", "%[z-x]%n", a, &n);
    printf("reversed range: r=%d [%s] n=%d\n", r, a, n);
    r = sscanf("AbC", "%[a-z]", a);
    printf("case: r=%d\n", r);
    n = -1;
    r = sscanf("12 34 56", "%*d %*d%n %d", &n, &r);
    printf("suppressed then %%n: n=%d\n", n);
    char ch[4] = "";
    r = sscanf("x  y", "x%c%c%c", ch, ch + 1, ch + 2);
    printf("%%c reads blanks: r=%d [%c%c%c]\n", r, ch[0], ch[1], ch[2]);
    r = sscanf("a\n\n  b", "a\nb%n", &n);
    printf("newline in format: r=%d n=%d\n", r, n);
    r = sscanf("abc", "%2s%n", a, &n);
    printf("width on %%s: r=%d [%s] n=%d\n", r, a, n);
    r = sscanf("abc", "%*2c%c", ch);
    printf("suppressed %%2c: r=%d [%c]\n", r, ch[0]);
    r = sscanf("   ", "%s", a);
    printf("%%s on blanks: r=%d\n", r);
    r = sscanf("7 y", "%d %y", &n);
    printf("unknown conversion matches text: r=%d\n", r);
    r = sscanf("1.5", "%a", (float *)&n);
    printf("%%a in msvcrt scanf: r=%d\n", r);
    return 0;
}
