/*
 * msvcrt/conv.c - number <-> text conversions of <stdlib.h>: ato*, strto*,
 * their wcs twins, _itoa and friends, _ecvt/_fcvt/_gcvt.
 *
 * Windows' long is 32 bits: strtol/strtoul clamp to the 32-bit range. One
 * integer parser serves the narrow and the wide forms; wide strings may use
 * Unicode decimal digits (fullwidth, Arabic-Indic ...), which msvcrt's
 * wcstol accepts. Floating-point text is checked against msvcrt's grammar
 * here (msvcrt: no inf/nan/hex, 'd' accepted as exponent letter; ucrt: the
 * C99 grammar) and the digits are handed to the host's correctly-rounded
 * strtod.
 */
#include "winapi/msvcrt/crt.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- characters of either width ------------------------------------ */

static inline unsigned getc_at(const void *s, bool wide, size_t i)
{
    return wide ? ((const WCHAR *)s)[i] : ((const unsigned char *)s)[i];
}

static bool is_space(unsigned c)
{
    return c == ' ' || (c >= 9 && c <= 13);
}

/* First code point of each run of ten decimal digits in the BMP that
 * Windows' wide conversions accept. */
static const WCHAR digit_zeros[] = {
    0x0660, 0x06f0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0c66, 0x0ce6,
    0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810, 0xff10,
};

/* Value of c as a digit (0-35), or -1. */
static int digit_value(unsigned c, bool wide)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    if (wide && c >= 0x660) {
        for (size_t i = 0; i < sizeof digit_zeros / sizeof digit_zeros[0]; i++)
            if (c >= digit_zeros[i] && c < digit_zeros[i] + 10u)
                return (int)(c - digit_zeros[i]);
        if (c >= 0xff21 && c <= 0xff3a)       /* fullwidth A-Z */
            return (int)(c - 0xff21 + 10);
        if (c >= 0xff41 && c <= 0xff5a)       /* fullwidth a-z */
            return (int)(c - 0xff41 + 10);
    }
    return -1;
}

/* ---- integers ------------------------------------------------------- */

/* Parse an integer as strtol does. `max_pos` is the largest magnitude for
 * a non-negative result, `max_neg` for a negative one (signed forms); for
 * unsigned forms both are the type's maximum and a leading '-' negates
 * the result modulo 2^bits. *end gets the index just past the number, or
 * 0 when there is none. */
static uint64_t parse_int(const void *s, bool wide, int base, bool is_unsigned,
                          uint64_t max, size_t *end, bool *ok)
{
    size_t i = 0;
    bool neg = false;
    *ok = true;
    *end = 0;
    if (base < 0 || base == 1 || base > 36) {
        crt_set_errno(CRT_EINVAL);
        *ok = false;
        return 0;
    }
    while (getc_at(s, wide, i) && is_space(getc_at(s, wide, i)))
        i++;
    unsigned c = getc_at(s, wide, i);
    if (c == '-' || c == '+') {
        neg = c == '-';
        i++;
    }
    /* "0x" is taken as a prefix whether or not a hex digit follows ("0x"
     * alone is then no number at all), as msvcrt does. */
    if ((base == 0 || base == 16) && getc_at(s, wide, i) == '0' &&
        (getc_at(s, wide, i + 1) | 0x20) == 'x') {
        i += 2;
        base = 16;
    }
    if (base == 0)
        base = getc_at(s, wide, i) == '0' ? 8 : 10;

    uint64_t limit = is_unsigned ? max : (neg ? max + 1 : max);
    uint64_t v = 0;
    bool overflow = false, any = false;
    for (;; i++) {
        int d = digit_value(getc_at(s, wide, i), wide);
        if (d < 0 || d >= base)
            break;
        any = true;
        if (!overflow) {
            if (v > (limit - (uint64_t)d) / (uint64_t)base)
                overflow = true;
            else
                v = v * (uint64_t)base + (uint64_t)d;
        }
    }
    if (!any)
        return 0;
    *end = i;
    if (overflow) {
        crt_set_errno(CRT_ERANGE);
        if (is_unsigned)
            return max;
        return neg ? (uint64_t)0 - (max + 1) : max;
    }
    return neg ? (uint64_t)0 - v : v;
}

static uint64_t conv_int(const void *s, void *endp, bool wide, int base, bool is_unsigned, uint64_t max)
{
    size_t end;
    bool ok;
    if (!s) {
        crt_set_errno(CRT_EINVAL);
        if (endp)
            *(const void **)endp = NULL;
        return 0;
    }
    uint64_t v = parse_int(s, wide, base, is_unsigned, max, &end, &ok);
    if (ok && endp)
        *(const void **)endp = (const char *)s + end * (wide ? 2 : 1);
    return v;
}

#define MAX_I32 0x7fffffffull
#define MAX_U32 0xffffffffull
#define MAX_I64 0x7fffffffffffffffull
#define MAX_U64 0xffffffffffffffffull

CDECL LONG msvcrt_strtol(const char *s, char **end, int base) { return (LONG)conv_int(s, end, false, base, false, MAX_I32); }
CDECL ULONG msvcrt_strtoul(const char *s, char **end, int base) { return (ULONG)conv_int(s, end, false, base, true, MAX_U32); }
CDECL int64_t msvcrt__strtoi64(const char *s, char **end, int base) { return (int64_t)conv_int(s, end, false, base, false, MAX_I64); }
CDECL uint64_t msvcrt__strtoui64(const char *s, char **end, int base) { return conv_int(s, end, false, base, true, MAX_U64); }
CDECL LONG msvcrt_wcstol(const WCHAR *s, WCHAR **end, int base) { return (LONG)conv_int(s, end, true, base, false, MAX_I32); }
CDECL ULONG msvcrt_wcstoul(const WCHAR *s, WCHAR **end, int base) { return (ULONG)conv_int(s, end, true, base, true, MAX_U32); }
CDECL int64_t msvcrt__wcstoi64(const WCHAR *s, WCHAR **end, int base) { return (int64_t)conv_int(s, end, true, base, false, MAX_I64); }
CDECL uint64_t msvcrt__wcstoui64(const WCHAR *s, WCHAR **end, int base) { return conv_int(s, end, true, base, true, MAX_U64); }
/* The _l forms: only the "C" locale exists here, so the locale is unused. */
CDECL LONG msvcrt__strtol_l(const char *s, char **end, int base, void *loc) { return msvcrt_strtol(s, end, base); }
CDECL ULONG msvcrt__strtoul_l(const char *s, char **end, int base, void *loc) { return msvcrt_strtoul(s, end, base); }
CDECL int64_t msvcrt__strtoi64_l(const char *s, char **end, int base, void *loc) { return msvcrt__strtoi64(s, end, base); }
CDECL uint64_t msvcrt__strtoui64_l(const char *s, char **end, int base, void *loc) { return msvcrt__strtoui64(s, end, base); }
CDECL LONG msvcrt__wcstol_l(const WCHAR *s, WCHAR **end, int base, void *loc) { return msvcrt_wcstol(s, end, base); }
CDECL ULONG msvcrt__wcstoul_l(const WCHAR *s, WCHAR **end, int base, void *loc) { return msvcrt_wcstoul(s, end, base); }

CDECL int msvcrt_atoi(const char *s) { return s ? (int)msvcrt_strtol(s, NULL, 10) : 0; }
CDECL LONG msvcrt_atol(const char *s) { return s ? msvcrt_strtol(s, NULL, 10) : 0; }
CDECL int64_t msvcrt__atoi64(const char *s) { return s ? msvcrt__strtoi64(s, NULL, 10) : 0; }
CDECL int msvcrt__wtoi(const WCHAR *s) { return s ? (int)msvcrt_wcstol(s, NULL, 10) : 0; }
CDECL LONG msvcrt__wtol(const WCHAR *s) { return s ? msvcrt_wcstol(s, NULL, 10) : 0; }
CDECL int64_t msvcrt__wtoi64(const WCHAR *s) { return s ? msvcrt__wcstoi64(s, NULL, 10) : 0; }

/* ---- floating point ------------------------------------------------- */

/* Copy the number at s (msvcrt grammar, or C99's when `c99`) into buf as
 * plain ASCII the host strtod reads, with sign. Returns the length of the
 * number in s (0 if none). Only ASCII digits count (msvcrt's wcstod, unlike
 * wcstol, takes no other Unicode digits). */
static size_t scan_float(const void *s, bool wide, bool c99, char *buf, size_t bufsize)
{
    size_t i = 0, o = 0;
#define PUT(ch) do { if (o + 1 < bufsize) buf[o++] = (char)(ch); } while (0)
    while (getc_at(s, wide, i) && is_space(getc_at(s, wide, i)))
        i++;
    unsigned c = getc_at(s, wide, i);
    if (c == '-' || c == '+') {
        PUT(c);
        i++;
    }
    if (c99) {
        /* inf, infinity, nan, nan(chars), hex: take the longest prefix the
         * host accepts, over an ASCII copy. */
        char tmp[512];
        size_t n = 0, j = i;
        for (; n + 1 < sizeof tmp; j++) {
            unsigned ch = getc_at(s, wide, j);
            if (!ch || ch > 0x7f)
                break;
            tmp[n++] = (char)ch;
        }
        tmp[n] = 0;
        if ((tmp[0] | 0x20) == 'i' || (tmp[0] | 0x20) == 'n' ||
            (tmp[0] == '0' && (tmp[1] | 0x20) == 'x')) {
            char *e;
            strtod(tmp, &e);
            if (e == tmp)
                return 0;
            for (char *p = tmp; p < e; p++)
                PUT(*p);
            buf[o] = 0;
            return i + (size_t)(e - tmp);
        }
    }
    bool digits = false;
    int d;
    while ((d = digit_value(getc_at(s, wide, i), false)) >= 0 && d < 10) {
        PUT('0' + d);
        i++;
        digits = true;
    }
    if (getc_at(s, wide, i) == '.') {
        PUT('.');
        i++;
        while ((d = digit_value(getc_at(s, wide, i), false)) >= 0 && d < 10) {
            PUT('0' + d);
            i++;
            digits = true;
        }
    }
    if (!digits)
        return 0;
    c = getc_at(s, wide, i) | 0x20;
    if (c == 'e' || (!c99 && c == 'd')) {
        size_t j = i + 1;
        unsigned sc = getc_at(s, wide, j);
        size_t mark = o;
        PUT('e');
        if (sc == '+' || sc == '-') {
            PUT(sc);
            j++;
        }
        if ((d = digit_value(getc_at(s, wide, j), false)) >= 0 && d < 10) {
            while ((d = digit_value(getc_at(s, wide, j), false)) >= 0 && d < 10) {
                PUT('0' + d);
                j++;
            }
            i = j;
        } else {
            o = mark;       /* "1e" or "1e+": the exponent is not part of it */
        }
    }
    buf[o] = 0;
#undef PUT
    return i;
}

static double conv_double(const void *s, void *endp, bool wide, bool c99)
{
    char buf[1024];
    if (!s) {
        crt_set_errno(CRT_EINVAL);
        if (endp)
            *(const void **)endp = NULL;
        return 0;
    }
    size_t n = scan_float(s, wide, c99, buf, sizeof buf);
    if (endp)
        *(const void **)endp = (const char *)s + n * (wide ? 2 : 1);
    if (!n)
        return 0;
    int saved = errno;
    errno = 0;
    double v = strtod(buf, NULL);
    /* ERANGE for overflow and for underflow to zero; a subnormal result is
     * not an error for msvcrt. */
    if (errno == ERANGE && (v == 0 || isinf(v)))
        crt_set_errno(CRT_ERANGE);
    errno = saved;
    return v;
}

static float conv_float(const void *s, void *endp, bool wide)
{
    char buf[1024];
    if (!s) {
        crt_set_errno(CRT_EINVAL);
        if (endp)
            *(const void **)endp = NULL;
        return 0;
    }
    size_t n = scan_float(s, wide, true, buf, sizeof buf);
    if (endp)
        *(const void **)endp = (const char *)s + n * (wide ? 2 : 1);
    if (!n)
        return 0;
    int saved = errno;
    errno = 0;
    float v = strtof(buf, NULL);
    if (errno == ERANGE && (v == 0 || isinf(v)))
        crt_set_errno(CRT_ERANGE);
    errno = saved;
    return v;
}

CDECL double msvcrt_strtod(const char *s, char **end) { return conv_double(s, end, false, false); }
CDECL double msvcrt_wcstod(const WCHAR *s, WCHAR **end) { return conv_double(s, end, true, false); }
CDECL double msvcrt__strtod_l(const char *s, char **end, void *loc) { return msvcrt_strtod(s, end); }
CDECL double msvcrt__wcstod_l(const WCHAR *s, WCHAR **end, void *loc) { return msvcrt_wcstod(s, end); }
CDECL double msvcrt_atof(const char *s) { return conv_double(s, NULL, false, false); }
CDECL double msvcrt__wtof(const WCHAR *s) { return conv_double(s, NULL, true, false); }
CDECL double msvcrt__atof_l(const char *s, void *loc) { return msvcrt_atof(s); }

/* ucrtbase: C99 grammar (inf, nan, hex floats), float forms. */
CDECL double msvcrt_ucrt_strtod(const char *s, char **end) { return conv_double(s, end, false, true); }
CDECL double msvcrt_ucrt_wcstod(const WCHAR *s, WCHAR **end) { return conv_double(s, end, true, true); }
CDECL double msvcrt_ucrt_atof(const char *s) { return conv_double(s, NULL, false, true); }
CDECL double msvcrt_ucrt__wtof(const WCHAR *s) { return conv_double(s, NULL, true, true); }
CDECL float msvcrt_strtof(const char *s, char **end) { return conv_float(s, end, false); }
CDECL float msvcrt_wcstof(const WCHAR *s, WCHAR **end) { return conv_float(s, end, true); }

/* _atodbl/_atoflt fill a struct; return 0, or _UNDERFLOW (4) / _OVERFLOW (3). */
CDECL int msvcrt__atodbl(double *out, char *s)
{
    int saved = crt_get_errno();
    double v = conv_double(s, NULL, false, false);
    int e = crt_get_errno();
    crt_set_errno(saved);
    *out = v;
    if (e == CRT_ERANGE && e != saved)
        return fabs(v) > 1 ? 3 : 4;
    return 0;
}

CDECL int msvcrt__atoflt(float *out, const char *s)
{
    int saved = crt_get_errno();
    float v = conv_float(s, NULL, false);
    int e = crt_get_errno();
    crt_set_errno(saved);
    *out = v;
    if (e == CRT_ERANGE && e != saved)
        return fabsf(v) > 1 ? 3 : 4;
    return 0;
}

/* ---- integers to text ----------------------------------------------- */

/* Digits of v in radix into a scratch buffer, most significant first;
 * returns the length including a '-' when neg. */
static size_t format_int(uint64_t v, bool neg, int radix, char out[72])
{
    char tmp[72];
    size_t n = 0, o = 0;
    do {
        unsigned d = (unsigned)(v % (unsigned)radix);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= (unsigned)radix;
    } while (v);
    if (neg)
        out[o++] = '-';
    while (n)
        out[o++] = tmp[--n];
    out[o] = 0;
    return o;
}

/* value is the bit pattern; `is_signed` (and radix 10) makes negatives print
 * with '-', as msvcrt does for _itoa/_ltoa/_i64toa only in radix 10. */
static errno_t int_to_text(uint64_t value, bool is_signed, unsigned bits, void *buf, size_t size,
                           int radix, bool wide, bool checked)
{
    char tmp[72];
    if (!buf || !size || radix < 2 || radix > 36) {
        if (buf && size) {
            if (wide) ((WCHAR *)buf)[0] = 0; else ((char *)buf)[0] = 0;
        }
        return crt_invalid(CRT_EINVAL);
    }
    if (bits == 32)
        value &= 0xffffffffu;
    bool neg = false;
    if (is_signed && radix == 10) {
        int64_t sv = bits == 32 ? (int64_t)(int32_t)(uint32_t)value : (int64_t)value;
        if (sv < 0) {
            neg = true;
            value = (uint64_t)0 - (uint64_t)sv;
        }
    }
    size_t n = format_int(value, neg, radix, tmp);
    if (n >= size) {
        if (wide) ((WCHAR *)buf)[0] = 0; else ((char *)buf)[0] = 0;
        return checked ? crt_invalid(CRT_ERANGE) : CRT_ERANGE;
    }
    for (size_t i = 0; i <= n; i++) {
        if (wide)
            ((WCHAR *)buf)[i] = (unsigned char)tmp[i];
        else
            ((char *)buf)[i] = tmp[i];
    }
    return 0;
}

/* The unchecked forms trust the caller's buffer (up to 65 chars + NUL). */
#define UNCHECKED 66
CDECL char *msvcrt__itoa(int v, char *b, int r) { int_to_text((uint32_t)v, true, 32, b, UNCHECKED, r, false, false); return b; }
CDECL char *msvcrt__ltoa(LONG v, char *b, int r) { int_to_text((uint32_t)v, true, 32, b, UNCHECKED, r, false, false); return b; }
CDECL char *msvcrt__ultoa(ULONG v, char *b, int r) { int_to_text(v, false, 32, b, UNCHECKED, r, false, false); return b; }
CDECL char *msvcrt__i64toa(int64_t v, char *b, int r) { int_to_text((uint64_t)v, true, 64, b, UNCHECKED, r, false, false); return b; }
CDECL char *msvcrt__ui64toa(uint64_t v, char *b, int r) { int_to_text(v, false, 64, b, UNCHECKED, r, false, false); return b; }
CDECL WCHAR *msvcrt__itow(int v, WCHAR *b, int r) { int_to_text((uint32_t)v, true, 32, b, UNCHECKED, r, true, false); return b; }
CDECL WCHAR *msvcrt__ltow(LONG v, WCHAR *b, int r) { int_to_text((uint32_t)v, true, 32, b, UNCHECKED, r, true, false); return b; }
CDECL WCHAR *msvcrt__ultow(ULONG v, WCHAR *b, int r) { int_to_text(v, false, 32, b, UNCHECKED, r, true, false); return b; }
CDECL WCHAR *msvcrt__i64tow(int64_t v, WCHAR *b, int r) { int_to_text((uint64_t)v, true, 64, b, UNCHECKED, r, true, false); return b; }
CDECL WCHAR *msvcrt__ui64tow(uint64_t v, WCHAR *b, int r) { int_to_text(v, false, 64, b, UNCHECKED, r, true, false); return b; }

CDECL errno_t msvcrt__itoa_s(int v, char *b, size_t n, int r) { return int_to_text((uint32_t)v, true, 32, b, n, r, false, true); }
CDECL errno_t msvcrt__ltoa_s(LONG v, char *b, size_t n, int r) { return int_to_text((uint32_t)v, true, 32, b, n, r, false, true); }
CDECL errno_t msvcrt__ultoa_s(ULONG v, char *b, size_t n, int r) { return int_to_text(v, false, 32, b, n, r, false, true); }
CDECL errno_t msvcrt__i64toa_s(int64_t v, char *b, size_t n, int r) { return int_to_text((uint64_t)v, true, 64, b, n, r, false, true); }
CDECL errno_t msvcrt__ui64toa_s(uint64_t v, char *b, size_t n, int r) { return int_to_text(v, false, 64, b, n, r, false, true); }
CDECL errno_t msvcrt__itow_s(int v, WCHAR *b, size_t n, int r) { return int_to_text((uint32_t)v, true, 32, b, n, r, true, true); }
CDECL errno_t msvcrt__ltow_s(LONG v, WCHAR *b, size_t n, int r) { return int_to_text((uint32_t)v, true, 32, b, n, r, true, true); }
CDECL errno_t msvcrt__ultow_s(ULONG v, WCHAR *b, size_t n, int r) { return int_to_text(v, false, 32, b, n, r, true, true); }
CDECL errno_t msvcrt__i64tow_s(int64_t v, WCHAR *b, size_t n, int r) { return int_to_text((uint64_t)v, true, 64, b, n, r, true, true); }
CDECL errno_t msvcrt__ui64tow_s(uint64_t v, WCHAR *b, size_t n, int r) { return int_to_text(v, false, 64, b, n, r, true, true); }

/* ---- _ecvt, _fcvt, _gcvt -------------------------------------------- */

/* The digits come from the exact decimal expansion of the double (at most
 * 767 significant digits; the host's printf prints it exactly) rounded
 * half away from zero, as msvcrt rounds. CVT_MAX bounds what we produce. */
#define CVT_MAX 350
static __thread char cvt_buf[CVT_MAX + 2];

/* v > 0, finite: v = 0.DIGITS x 10^*e10, DIGITS without trailing zeros. */
static void exact_digits(double v, char *digits, size_t size, int *e10)
{
    char tmp[900];
    snprintf(tmp, sizeof tmp, "%.780e", v);
    char *e = strchr(tmp, 'e');
    *e10 = atoi(e + 1) + 1;
    size_t o = 0;
    for (char *p = tmp; p < e && o + 1 < size; p++)
        if (*p != '.')
            digits[o++] = *p;
    while (o > 1 && digits[o - 1] == '0')
        o--;
    digits[o] = 0;
}

/* ndigits significant digits (ecvt) or ndigits digits after the point
 * (fcvt, which may be negative: rounding left of the point). */
static errno_t do_cvt(double v, int ndigits, bool fixed, int *decpt, int *sign, char *out, size_t size)
{
    char digits[800], res[CVT_MAX + 2];
    int e10;
    *sign = v < 0;
    v = fabs(v);
    if (!isfinite(v)) {
        /* msvcrt prints the class name in the digits ("1#INF", "1#QNAN"). */
        snprintf(out, size, "%s", isinf(v) ? "1#INF" : "1#QNAN");
        *decpt = 1;
        return 0;
    }
    if (v == 0) {
        int n = ndigits < 0 ? 0 : ndigits > CVT_MAX ? CVT_MAX : ndigits;
        if ((size_t)n >= size)
            return CRT_ERANGE;
        memset(out, '0', (size_t)n);
        out[n] = 0;
        *decpt = 0;
        return 0;
    }
    exact_digits(v, digits, sizeof digits, &e10);
    size_t nd = strlen(digits);
    long keep = fixed ? (long)e10 + ndigits : ndigits;
    if (keep > CVT_MAX)
        keep = CVT_MAX;
    if (keep <= 0) {
        /* Every digit is rounded away; only a carry into a new digit is left. */
        bool up = keep == 0 && digits[0] >= '5';
        res[0] = 0;
        *decpt = e10 + up;
        if (fixed) {
            if (up) {
                res[0] = '1';
                res[1] = 0;
            } else {
                int d = (int)log10(v + 1e-10);
                *decpt = -d > ndigits ? d : -ndigits;
            }
        }
    } else {
        for (long i = 0; i < keep; i++)
            res[i] = (size_t)i < nd ? digits[i] : '0';
        res[keep] = 0;
        *decpt = e10;
        if ((size_t)keep < nd && digits[keep] >= '5') {
            long i = keep - 1;
            while (i >= 0 && res[i] == '9')
                res[i--] = '0';
            if (i >= 0) {
                res[i]++;
            } else {
                /* 99.9 -> 100: one more integer digit */
                res[0] = '1';
                (*decpt)++;
                if (fixed && keep < CVT_MAX) {
                    res[keep] = '0';
                    res[keep + 1] = 0;
                }
            }
        }
    }
    size_t len = strlen(res);
    if (len >= size)
        return CRT_ERANGE;
    memcpy(out, res, len + 1);
    return 0;
}

CDECL char *msvcrt__ecvt(double v, int ndigits, int *decpt, int *sign)
{
    do_cvt(v, ndigits, false, decpt, sign, cvt_buf, sizeof cvt_buf);
    return cvt_buf;
}

CDECL char *msvcrt__fcvt(double v, int ndigits, int *decpt, int *sign)
{
    if (do_cvt(v, ndigits, true, decpt, sign, cvt_buf, sizeof cvt_buf))
        cvt_buf[0] = 0;
    return cvt_buf;
}

CDECL errno_t msvcrt__ecvt_s(char *buf, size_t size, double v, int ndigits, int *decpt, int *sign)
{
    if (!buf || !size || !decpt || !sign) {
        if (buf && size)
            buf[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    if (ndigits > 0 && (size_t)ndigits >= size) {
        buf[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    errno_t e = do_cvt(v, ndigits, false, decpt, sign, buf, size);
    if (e) {
        buf[0] = 0;
        return crt_invalid(e);
    }
    return 0;
}

CDECL errno_t msvcrt__fcvt_s(char *buf, size_t size, double v, int ndigits, int *decpt, int *sign)
{
    if (!buf || !size || !decpt || !sign) {
        if (buf && size)
            buf[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    errno_t e = do_cvt(v, ndigits, true, decpt, sign, buf, size);
    if (e) {
        buf[0] = 0;
        return crt_invalid(e);
    }
    return 0;
}

/* msvcrt's printf prints at least three exponent digits ("1e+010"). */
static void widen_exponent(char *s, size_t size)
{
    char *e = strchr(s, 'e');
    if (!e || (e[1] != '+' && e[1] != '-'))
        return;
    size_t nd = strlen(e + 2);
    if (nd >= 3 || strlen(s) + (3 - nd) + 1 > size)
        return;
    memmove(e + 2 + (3 - nd), e + 2, nd + 1);
    memset(e + 2, '0', 3 - nd);
}

CDECL char *msvcrt__gcvt(double v, int ndigits, char *buf)
{
    if (!buf) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    if (ndigits < 0) {
        crt_set_errno(CRT_ERANGE);
        return NULL;
    }
    /* The unchecked form: the caller's buffer holds ndigits + 8 chars. */
    size_t size = (size_t)ndigits + 8 > CVT_MAX ? CVT_MAX : (size_t)ndigits + 8;
    snprintf(buf, size, "%.*g", ndigits, v);
    widen_exponent(buf, size);
    return buf;
}

CDECL errno_t msvcrt__gcvt_s(char *buf, size_t size, double v, int ndigits)
{
    char tmp[CVT_MAX + 16];
    if (!buf || !size) {
        return crt_invalid(CRT_EINVAL);
    }
    if (ndigits < 0 || ndigits > CVT_MAX) {
        buf[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    snprintf(tmp, sizeof tmp, "%.*g", ndigits, v);
    widen_exponent(tmp, sizeof tmp);
    size_t n = strlen(tmp);
    if (n >= size) {
        buf[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(buf, tmp, n + 1);
    return 0;
}

CDECL double msvcrt_ucrt__strtod_l(const char *s, char **end, void *loc) { return conv_double(s, end, false, true); }
CDECL double msvcrt_ucrt__wcstod_l(const WCHAR *s, WCHAR **end, void *loc) { return conv_double(s, end, true, true); }
CDECL double msvcrt_ucrt__atof_l(const char *s, void *loc) { return conv_double(s, NULL, false, true); }
