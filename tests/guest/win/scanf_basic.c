/* scanf_basic.c - msvcrt's scanf family: sscanf with %d %i %u %x %o %p
 * %I64d %hd %lld, %f %e %g %lf, %s %c %[...] %[^...] with widths, %n,
 * assignment suppression, literal matching, the returned count and EOF;
 * swscanf with %s/%S; fscanf over a file; _snscanf with a length. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int main(void)
{
    int a = -1, b = -1, c = -1, n = -1, r;
    unsigned u = 0;
    short h = 0;
    long long ll = 0;
    float f = 0;
    double d = 0, d2 = 0;
    char s1[32], s2[32], s3[32];
    void *p = 0;

    r = sscanf("12 -34 +56", "%d %d %d", &a, &b, &c);
    printf("1: r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("0x1A 017 42 -0x10", "%i %i %i %i", &a, &b, &c, &n);
    printf("2: r=%d %d %d %d %d\n", r, a, b, c, n);
    r = sscanf("ff 777 4294967295 -1", "%x %o %u %d", &a, &b, &u, &c);
    printf("3: r=%d %x %o %u %d\n", r, a, b, u, c);
    r = sscanf("123456789012345 70000 -9000000000", "%I64d %hd %lld", &ll, &h, (long long *)s3);
    printf("4: r=%d %I64d %hd %I64d\n", r, ll, h, *(long long *)s3);
    r = sscanf("12345", "%2d%3d", &a, &b);
    printf("5: r=%d %d %d\n", r, a, b);
    r = sscanf("3.25 -1e3 .5 7", "%f %lf %lf %lf", &f, &d, &d2, (double *)s3);
    printf("6: r=%d %g %g %g %g\n", r, f, d, d2, *(double *)s3);
    r = sscanf("1.5e+2x", "%lf%s", &d, s1);
    printf("7: r=%d %g [%s]\n", r, d, s1);
    r = sscanf("hello world  again", "%s %5s%n", s1, s2, &n);
    printf("8: r=%d [%s] [%s] n=%d\n", r, s1, s2, n);
    memset(s3, 'X', sizeof s3);
    r = sscanf("abcdef", "%3c", s3);
    printf("9: r=%d [%.5s]\n", r, s3);
    r = sscanf("key=value;rest", "%[a-z]=%[^;];%s", s1, s2, s3);
    printf("10: r=%d [%s] [%s] [%s]\n", r, s1, s2, s3);
    r = sscanf("]x]y", "%[]x]", s1);
    printf("11: r=%d [%s]\n", r, s1);
    r = sscanf("10 20 30", "%*d %d %*d", &a);
    printf("12: r=%d %d\n", r, a);
    r = sscanf("abc", "%d", &a);
    printf("13: r=%d\n", r);
    r = sscanf("", "%d", &a);
    printf("14: r=%d\n", r);
    r = sscanf("   ", "%d", &a);
    printf("15: r=%d\n", r);
    r = sscanf("5 apples", "%d pears", &a);
    printf("16: r=%d %d\n", r, a);
    r = sscanf("date: 2024-01-31", "date: %d-%d-%d", &a, &b, &c);
    printf("17: r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("100%", "%d%%", &a);
    printf("18: r=%d %d\n", r, a);
    r = sscanf("0000000000ABCDEF", "%p", &p);
    printf("19: r=%d %p\n", r, p);
    r = sscanf("x", "%c%c", s1, s2);
    printf("20: r=%d\n", r);
    r = sscanf("4294967296 99999999999", "%d %d", &a, &b);
    printf("21: r=%d %d %d\n", r, a, b);
    r = sscanf("-", "%d", &a);
    printf("22: r=%d\n", r);
    r = sscanf("12abc", "%d%n", &a, &n);
    printf("23: r=%d %d n=%d\n", r, a, n);
    r = sscanf("  tab\tsep\nnl", "%s%s%s", s1, s2, s3);
    printf("24: r=%d [%s] [%s] [%s]\n", r, s1, s2, s3);

    wchar_t w1[16];
    char n1[16];
    r = swscanf(L"wide narrow 77", L"%s %S %d", w1, n1, &a);
    printf("25: r=%d [%ls] [%s] %d\n", r, w1, n1, a);
    r = _snscanf("12345", 3, "%d", &a);
    printf("26: r=%d %d\n", r, a);

    FILE *fp = fopen("in.txt", "w");
    fputs("3\n1.5 two\n  x:9\n", fp);
    fclose(fp);
    fp = fopen("in.txt", "r");
    r = fscanf(fp, "%d", &a);
    printf("27: r=%d %d\n", r, a);
    r = fscanf(fp, "%lf %s", &d, s1);
    printf("28: r=%d %g [%s]\n", r, d, s1);
    r = fscanf(fp, " %c:%d", s2, &b);
    printf("29: r=%d %c %d\n", r, s2[0], b);
    r = fscanf(fp, "%d", &a);
    printf("30: r=%d feof=%d\n", r, feof(fp) != 0);
    fclose(fp);
    return 0;
}
