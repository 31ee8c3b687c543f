/* stdlib_conv: text <-> number conversions of msvcrt: strtol family with
 * bases, end pointers and ERANGE clamping (long is 32 bits), the wide
 * forms (Unicode digits), strtod (msvcrt's grammar: no inf/nan/hex, 'd'
 * exponent), _itoa family, _ecvt/_fcvt/_gcvt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static const char *V(const char *s) { __asm__("" : "+r"(s)); return s; }

/* mingw replaces strtod and wcstod with its own; call msvcrt's through
 * the import table. */
extern double (*__imp_strtod)(const char *, char **);
extern double (*__imp_wcstod)(const wchar_t *, wchar_t **);

static void tl(const char *s, int base)
{
    char *end;
    errno = 0;
    long v = strtol(V(s), &end, base);
    printf("strtol(\"%s\",%d) = %ld end=%d errno=%d\n", s, base, v, (int)(end - s), errno);
}

static void tul(const char *s, int base)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(V(s), &end, base);
    printf("strtoul(\"%s\",%d) = %lu end=%d errno=%d\n", s, base, v, (int)(end - s), errno);
}

static void ti64(const char *s, int base)
{
    char *end;
    errno = 0;
    long long v = _strtoi64(V(s), &end, base);
    unsigned long long u = _strtoui64(V(s), NULL, base);
    printf("_strtoi64(\"%s\",%d) = %lld end=%d errno=%d; ui64=%llu\n", s, base, v, (int)(end - s), errno, u);
}

static void td(const char *s)
{
    char *end;
    errno = 0;
    double v = __imp_strtod(V(s), &end);
    printf("strtod(\"%s\") = %.17g end=%d errno=%d\n", s, v, (int)(end - s), errno);
}

int main(void)
{
    tl("123", 10); tl("  -42xyz", 10); tl("+7", 10); tl("0x1A", 0); tl("0x1A", 16); tl("1A", 16);
    tl("017", 0); tl("08", 0); tl("z", 36); tl("Zz", 36); tl("101", 2); tl("2", 2);
    tl("2147483647", 10); tl("2147483648", 10); tl("-2147483648", 10); tl("-2147483649", 10);
    tl("99999999999999999999", 10); tl("", 10); tl("   ", 10); tl("-", 10); tl("0x", 16); tl("0xg", 0);
    errno = 0;
    printf("strtol base 1: %ld errno=%d; ", strtol(V("12"), NULL, 1), errno);
    errno = 0;
    printf("base 37: %ld errno=%d\n", strtol(V("12"), NULL, 37), errno);
    tul("4294967295", 10); tul("4294967296", 10); tul("-1", 10); tul("0xffffffff", 0); tul("-0x10", 16);
    ti64("9223372036854775807", 10); ti64("9223372036854775808", 10); ti64("-9223372036854775808", 10);
    ti64("-9223372036854775809", 10); ti64("18446744073709551615", 10); ti64("0x7fffffffffffffff", 0);
    ti64("777", 8);

    printf("atoi: %d %d %d %d\n", atoi(V("  12abc")), atoi(V("-0")), atoi(V("x1")), atoi(V("2147483647")));
    printf("atol: %ld _atoi64: %lld\n", atol(V("-123456")), _atoi64(V("-12345678901234")));

    /* wide forms, with Unicode digits (Arabic-Indic, fullwidth) */
    wchar_t *wend;
    errno = 0;
    long wv = wcstol(L"  -\x0661\x0662\x0663x", &wend, 10);
    printf("wcstol arabic: %ld consumed=%d\n", wv, (int)(wend - L"  -\x0661\x0662\x0663x"));
    printf("wcstol fullwidth: %ld\n", wcstol(L"\xff14\xff12", NULL, 10));
    printf("wcstoul: %lu _wcstoi64: %lld _wcstoui64: %llu\n", wcstoul(L"0x10", NULL, 0),
           _wcstoi64(L"-77", NULL, 8), _wcstoui64(L"ffffffffffffffff", NULL, 16));
    printf("_wtoi: %d _wtol: %ld _wtoi64: %lld\n", _wtoi(L"  99 bottles"), _wtol(L"-5"), _wtoi64(L"123456789012"));

    /* floating point */
    td("3.14159"); td("  -1.5e3xyz"); td(".5"); td("5."); td("1e"); td("1e+"); td("1.5d2"); td("1E-2");
    td("0.1"); td("123456789012345678901234567890"); td("1e308"); td("1e309"); td("-1e309"); td("1e-400");
    td("inf"); td("nan"); td("0x10"); td(""); td("-"); td("+.e1"); td("1.5D-1"); td("-0");
    td("2.2250738585072014e-308"); td("4.9406564584124654e-324");
    printf("atof: %.17g %.17g\n", atof(V("  2.5abc")), atof(V("x")));
    wchar_t *wend2;
    double wd = __imp_wcstod(L"  6.25e-1z", &wend2);
    printf("wcstod: %.17g end=%d\n", wd, (int)(wend2 - L"  6.25e-1z"));
    printf("wcstod fullwidth: %.17g\n", __imp_wcstod(L"\xff11.\xff15", NULL));
    printf("_wtof: %.17g\n", _wtof(L"-0.125"));

    /* integers to text */
    char b[80];
    wchar_t w[80];
    printf("_itoa: %s %s %s %s %s\n", _itoa(-255, b, 10), _itoa(-255, b + 16, 16), _itoa(255, b + 32, 2),
           _itoa(0, b + 48, 10), _itoa(35, b + 64, 36));
    printf("_ltoa: %s %s\n", _ltoa(-2147483647 - 1, b, 10), _ltoa(-1, b + 20, 16));
    printf("_ultoa: %s %s\n", _ultoa(4294967295u, b, 10), _ultoa(8, b + 20, 8));
    printf("_i64toa: %s %s\n", _i64toa(-9223372036854775807LL - 1, b, 10), _i64toa(-1, b + 30, 16));
    printf("_ui64toa: %s\n", _ui64toa(18446744073709551615ULL, b, 10));
    _itow(-1234, w, 10);
    printf("_itow: %d chars, %c%c%c%c%c\n", (int)wcslen(w), (char)w[0], (char)w[1], (char)w[2], (char)w[3], (char)w[4]);
    _ui64tow(0xabcULL, w, 16);
    printf("_ui64tow: %c%c%c\n", (char)w[0], (char)w[1], (char)w[2]);
    errno = 0;
    int r = _itoa_s(12345, b, 5, 10);
    printf("_itoa_s small: %d errno=%d b0=%d\n", r, errno, b[0]);
    r = _itoa_s(-12345, b, 7, 10);
    printf("_itoa_s: %d %s\n", r, b);
    errno = 0;
    r = _itoa_s(1, b, 10, 1);
    printf("_itoa_s radix 1: %d errno=%d\n", r, errno);
    r = _i64toa_s(-1, b, sizeof b, 2);
    printf("_i64toa_s: %d len=%d\n", r, (int)strlen(b));

    /* _ecvt / _fcvt / _gcvt */
    int dec, sign;
    char *e = _ecvt(3.14159, 5, &dec, &sign);
    printf("_ecvt(3.14159,5): %s dec=%d sign=%d\n", e, dec, sign);
    e = _ecvt(-0.00012345, 3, &dec, &sign);
    printf("_ecvt(-0.00012345,3): %s dec=%d sign=%d\n", e, dec, sign);
    e = _ecvt(9.9999, 3, &dec, &sign);
    printf("_ecvt(9.9999,3): %s dec=%d sign=%d\n", e, dec, sign);
    e = _ecvt(12345.0, 8, &dec, &sign);
    printf("_ecvt(12345,8): %s dec=%d sign=%d\n", e, dec, sign);
    e = _fcvt(3.14159, 3, &dec, &sign);
    printf("_fcvt(3.14159,3): %s dec=%d sign=%d\n", e, dec, sign);
    e = _fcvt(-1234.5, 0, &dec, &sign);
    printf("_fcvt(-1234.5,0): %s dec=%d sign=%d\n", e, dec, sign);
    e = _fcvt(0.0125, 3, &dec, &sign);
    printf("_fcvt(0.0125,3): %s dec=%d sign=%d\n", e, dec, sign);
    e = _fcvt(1e20, 2, &dec, &sign);
    printf("_fcvt(1e20,2): %s dec=%d sign=%d\n", e, dec, sign);
    static const struct { double v; int n; } fc[] = {
        { 0.125, 2 }, { 2.5, 0 }, { 0.001, 2 }, { 0.0, 3 }, { 0.5, 0 }, { 0.05, 1 }, { 1e-10, 3 },
        { 123.456, -1 }, { 99.96, 1 }, { 0.4, 0 }, { 0.6, 0 },
    };
    for (int i = 0; i < (int)(sizeof fc / sizeof fc[0]); i++) {
        e = _fcvt(fc[i].v, fc[i].n, &dec, &sign);
        printf("_fcvt(%g,%d): \"%s\" dec=%d\n", fc[i].v, fc[i].n, e, dec);
    }
    static const struct { double v; int n; } ec[] = {
        { 0.1, 25 }, { 0.125, 2 }, { 2.5, 1 }, { 0.0, 3 }, { 1.0, 0 }, { 6.0, 0 }, { 999.96, 4 }, { -7e-300, 2 },
    };
    for (int i = 0; i < (int)(sizeof ec / sizeof ec[0]); i++) {
        e = _ecvt(ec[i].v, ec[i].n, &dec, &sign);
        printf("_ecvt(%g,%d): \"%s\" dec=%d sign=%d\n", ec[i].v, ec[i].n, e, dec, sign);
    }
    printf("_gcvt: %s | ", _gcvt(3.14159, 4, b));
    printf("%s | ", _gcvt(-0.000012345, 3, b));
    printf("%s | ", _gcvt(1e10, 5, b));
    printf("%s\n", _gcvt(100.0, 6, b));
    return 0;
}
