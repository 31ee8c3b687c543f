/*
 * format.c - the one printf engine behind every msvcrt, ucrtbase and ntdll
 * printf-style export, with msvcrt's semantics:
 *
 *   sizes   h l ll L w I I32 I64 z t j (F N skipped as msvcrt does)
 *   %s/%S   narrow/wide string, swapped in wide printf (legacy wide rules);
 *           %hs always narrow, %ls/%ws always wide; NULL prints "(null)"
 *   %p      16 upper-case hex digits
 *   %e      three exponent digits (1.000000e+000) unless ucrt asks otherwise
 *   inf/nan 1.#INF00, -1.#IND00, 1.#QNAN0 (msvcrt), inf/nan (ucrt standard)
 *   rounding half away from zero on the exact binary value (msvcrt), or
 *           to nearest even (ucrt's standard rounding)
 *   unknown conversions print the character after '%' (msvcrt) or fail (ucrt)
 *
 * Arguments come from a struct fmt_args (see msvcrt.h); output goes to a
 * struct fmt_sink, in char or WCHAR units. Floating-point digits come from
 * the host's snprintf, asked for enough digits to round the msvcrt way.
 */
#include "winapi/msvcrt/msvcrt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- argument sources ------------------------------------------------------ */

static ULONGLONG ms_next_int(struct fmt_args *a, int size)
{
    /* Every integer occupies an 8-byte slot; narrow ones are in the low bytes. */
    ULONGLONG v = __builtin_va_arg(a->va, ULONGLONG);
    return size == 8 ? v : (ULONGLONG)(uint32_t)v;
}

static double ms_next_double(struct fmt_args *a)
{
    /* The Microsoft x64 ABI passes variadic doubles as their bits in a slot. */
    ULONGLONG bits = __builtin_va_arg(a->va, ULONGLONG);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static void *ms_next_ptr(struct fmt_args *a)
{
    return __builtin_va_arg(a->va, void *);
}

void fmt_args_from_ms_va(struct fmt_args *a, __builtin_ms_va_list va)
{
    a->next_int = ms_next_int;
    a->next_double = ms_next_double;
    a->next_ptr = ms_next_ptr;
    __builtin_ms_va_copy(a->va, va);
    a->ctx = NULL;
    a->ptr_size = 8;
}

/* ---- output helpers ----------------------------------------------------------- */

struct out {
    struct fmt_sink *sink;
    bool failed;
};

static bool put_units(struct out *o, const void *p, size_t n)
{
    if (o->failed || !n)
        return !o->failed;
    if (!o->sink->put(o->sink, p, n)) {
        o->failed = true;
        return false;
    }
    o->sink->total += n;
    return true;
}

/* Narrow characters into the sink (widened one to one for a wide sink:
 * everything the engine generates itself is ASCII). */
static void put_ascii(struct out *o, const char *s, size_t n)
{
    if (!o->sink->wide) {
        put_units(o, s, n);
        return;
    }
    WCHAR tmp[64];
    while (n) {
        size_t k = n < 64 ? n : 64;
        for (size_t i = 0; i < k; i++)
            tmp[i] = (unsigned char)s[i];
        if (!put_units(o, tmp, k))
            return;
        s += k;
        n -= k;
    }
}

static void put_repeat(struct out *o, char c, int n)
{
    char buf[64];
    memset(buf, c, sizeof buf);
    while (n > 0) {
        int k = n < 64 ? n : 64;
        put_ascii(o, buf, (size_t)k);
        n -= k;
    }
}

struct spec {
    bool left, zero, alt;
    char sign;            /* 0, '+' or ' ' (or '-' once known) */
    int width;
    int prec;             /* -1: none */
    char conv;
    int size;             /* 0 default, 'h', 'l', 'q' (64-bit), 'n' (native) */
    bool wide_flag;       /* w prefix */
};

/* Pad and place a body of len units: the sign goes before zeros, after
 * spaces. The body is ASCII text (body), WCHARs (body_w) or units of the
 * sink's own width (raw). */
static void emit_padded(struct out *o, struct spec *sp, const char *body, const WCHAR *body_w,
                        const void *raw, int len, bool numeric)
{
    char sign = numeric ? sp->sign : 0;
    int width = sp->width - (sign ? 1 : 0);
    int pad = width > len ? width - len : 0;
    if (!sp->left && !sp->zero)
        put_repeat(o, ' ', pad);
    if (sign)
        put_ascii(o, &sign, 1);
    if (!sp->left && sp->zero)
        put_repeat(o, '0', pad);
    if (body)
        put_ascii(o, body, (size_t)len);
    else if (body_w)
        put_units(o, body_w, (size_t)len);
    else if (raw)
        put_units(o, raw, (size_t)len);
    if (sp->left)
        put_repeat(o, ' ', pad);
}

/* A number laid out as head + a run of zeros + tail (ASCII), padded as
 * emit_padded does. The zero run is never materialised, so a precision
 * of millions costs no memory. */
static void emit_number(struct out *o, struct spec *sp, const char *head, size_t nhead, size_t zeros,
                        const char *tail, size_t ntail)
{
    char sign = sp->sign;
    size_t len = nhead + zeros + ntail;
    size_t width = (size_t)(sp->width > 0 ? sp->width : 0) - (sign && sp->width > 0 ? 1 : 0);
    size_t pad = width > len ? width - len : 0;
    if (pad > 0x7fffffff)
        pad = 0x7fffffff;
    if (!sp->left && !sp->zero)
        put_repeat(o, ' ', (int)pad);
    if (sign)
        put_ascii(o, &sign, 1);
    if (!sp->left && sp->zero)
        put_repeat(o, '0', (int)pad);
    put_ascii(o, head, nhead);
    while (zeros && !o->failed) {
        int k = zeros > 0x40000000 ? 0x40000000 : (int)zeros;
        put_repeat(o, '0', k);
        zeros -= (size_t)k;
    }
    put_ascii(o, tail, ntail);
    if (sp->left)
        put_repeat(o, ' ', (int)pad);
}

/* ---- strings -------------------------------------------------------------------- */

static size_t wlen_n(const WCHAR *s, int max)
{
    size_t n = 0;
    while ((max < 0 || n < (size_t)max) && s[n])
        n++;
    return n;
}

/* A narrow string (in the CRT code page) into the sink. */
static int out_narrow_string(struct out *o, struct spec *sp, const char *s, int len)
{
    if (len < 0)
        len = (int)(sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s));
    if (sp->prec >= 0 && sp->prec < len)
        len = sp->prec;
    sp->sign = 0;
    if (!o->sink->wide) {
        emit_padded(o, sp, NULL, NULL, s, len, false);
        return 0;
    }
    /* Wide sink: each multibyte character becomes one WCHAR. */
    WCHAR *w = malloc(((size_t)len + 1) * sizeof *w);
    if (!w)
        return -1;
    int wl = 0;
    for (int i = 0; i < len;) {
        int k = msvcrt_mbtowc_cp(&w[wl], s + i, (size_t)(len - i));
        if (k < 0) {
            free(w);
            return -1;
        }
        i += k ? k : 1;
        wl++;
    }
    emit_padded(o, sp, NULL, w, NULL, wl, false);
    free(w);
    return 0;
}

static int out_wide_string(struct out *o, struct spec *sp, const WCHAR *s, int len)
{
    if (len < 0)
        len = (int)wlen_n(s, sp->prec);
    if (sp->prec >= 0 && sp->prec < len)
        len = sp->prec;
    sp->sign = 0;
    if (o->sink->wide) {
        emit_padded(o, sp, NULL, s, NULL, len, false);
        return 0;
    }
    /* Narrow sink: convert in the CRT code page; an unconvertible character fails the call. */
    char *n = malloc((size_t)len * 4 + 1);
    if (!n)
        return -1;
    int nl = 0;
    for (int i = 0; i < len; i++) {
        int k = msvcrt_wctomb_cp(n + nl, s[i]);
        if (k < 0) {
            free(n);
            msvcrt_set_errno(MSVCRT_EILSEQ);
            return -1;
        }
        nl += k;
    }
    emit_padded(o, sp, NULL, NULL, n, nl, false);
    free(n);
    return 0;
}

/* Which string kind a %s/%S/%c/%C means (legacy wide rules: the plain form
 * follows the API, the capital form is the other one). */
static bool string_is_wide(const struct spec *sp, bool api_wide, bool legacy_wide)
{
    if (sp->wide_flag || sp->size == 'l')
        return true;
    if (sp->size == 'h')
        return false;
    bool capital = sp->conv == 'S' || sp->conv == 'C';
    bool plain_wide = legacy_wide ? api_wide : false;
    return capital ? !plain_wide : plain_wide;
}

/* ---- integers --------------------------------------------------------------------- */

/* x in the conversion's base: the "0x" prefix (if any), how many zeros
 * the precision (or '#' for octal) asks for, and the digits. No sign. */
struct int_parts {
    char prefix[2];
    int nprefix;
    size_t zeros;
    char digits[72];
    int ndigits;
};

static void integer_parts(struct int_parts *ip, struct spec *sp, ULONGLONG x, bool negative)
{
    unsigned base = sp->conv == 'o' ? 8 : (sp->conv == 'x' || sp->conv == 'X') ? 16 : 10;
    const char *digits = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char rev[72];
    int n = 0;
    if (negative)
        sp->sign = '-';
    if (!x) {
        sp->alt = false;
        if (sp->prec)
            rev[n++] = '0';
    } else {
        while (x) {
            rev[n++] = digits[x % base];
            x /= base;
        }
    }
    ip->nprefix = 0;
    if (sp->alt && base == 16) {
        ip->prefix[0] = '0';
        ip->prefix[1] = sp->conv == 'X' ? 'X' : 'x';
        ip->nprefix = 2;
    }
    ip->zeros = sp->prec > n ? (size_t)(sp->prec - n) : 0;
    if (sp->alt && base == 8 && !ip->zeros && (n == 0 || rev[n - 1] != '0'))
        ip->zeros = 1;
    for (int i = 0; i < n; i++)
        ip->digits[i] = rev[n - 1 - i];
    ip->ndigits = n;
}

static void out_integer(struct out *o, struct spec *sp, ULONGLONG raw, bool is_signed_conv, int bits)
{
    bool negative = false;
    ULONGLONG x = raw;
    if (bits == 16)
        x = is_signed_conv ? (ULONGLONG)(LONGLONG)(int16_t)x : (uint16_t)x;
    else if (bits == 32)
        x = is_signed_conv ? (ULONGLONG)(LONGLONG)(int32_t)x : (uint32_t)x;
    if (is_signed_conv && (LONGLONG)x < 0) {
        negative = true;
        x = (ULONGLONG)0 - x;
    }
    if (!is_signed_conv)
        sp->sign = 0;
    /* msvcrt: with '#' and '0', zeros go after "0x" up to the width. */
    if ((sp->conv == 'x' || sp->conv == 'X') && sp->zero && sp->alt && !sp->left && sp->prec < sp->width - 2)
        sp->prec = sp->width - 2;
    /* With an explicit precision, msvcrt still zero-pads to the width when '0' is given. */
    struct int_parts ip;
    integer_parts(&ip, sp, x, negative);
    emit_number(o, sp, ip.prefix, (size_t)ip.nprefix, ip.zeros, ip.digits, (size_t)ip.ndigits);
}

/* ---- floating point --------------------------------------------------------------- */

/* Significant digits of v > 0 rounded to nsig digits, half away from zero
 * on the exact value (msvcrt), or to nearest even (standard). digits gets
 * nsig characters (at least 1); *exp10 is the exponent of the first digit.
 * nsig may be 0 or negative for %f of small numbers: then the result is 0
 * or one unit in the last place (digits "1" at exponent -(prec)), handled
 * by the caller through *exp10 and the return value (number of digits). */
static int fp_digits(double v, int nsig, bool standard, char *digits, int *exp10)
{
    char tmp[900];
    if (nsig > 780)
        nsig = 780;
    if (standard && nsig > 0) {
        snprintf(tmp, sizeof tmp, "%.*e", nsig - 1, v);
        int n = 0;
        for (char *p = tmp; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9')
                digits[n++] = *p;
        *exp10 = atoi(strchr(tmp, 'e') + 1);
        return n;
    }
    /* Ask for K digits more than needed; they are exact unless the host's
     * own rounding carried through them (a tail of all 9s or all 0s), in
     * which case ask for every digit of the exact expansion. */
    int want = (nsig > 0 ? nsig : 1) + 20;
    for (int pass = 0; pass < 2; pass++) {
        snprintf(tmp, sizeof tmp, "%.*e", want - 1, v);
        int n = 0;
        char all[800];
        for (char *p = tmp; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9')
                all[n++] = *p;
        int e = atoi(strchr(tmp, 'e') + 1);
        int keep = nsig;
        bool tail_ok = true;
        if (pass == 0) {
            int from = (keep > 0 ? keep : 0) + 1;
            bool nines = true, zeros = true;
            for (int i = from; i < n; i++) {
                if (all[i] != '9') nines = false;
                if (all[i] != '0') zeros = false;
            }
            tail_ok = !(nines || zeros);
        }
        if (!tail_ok) {
            want = 780;
            continue;
        }
        if (keep < 0) {
            digits[0] = '0';
            *exp10 = e + 1 - keep;   /* zero: the caller prints zeros */
            return 0;
        }
        int first_dropped = keep < n ? all[keep] : '0';
        bool up = first_dropped >= '5';
        if (keep == 0) {
            if (up) {
                digits[0] = '1';
                *exp10 = e + 1;
                return 1;
            }
            *exp10 = e;
            return 0;
        }
        memcpy(digits, all, (size_t)keep);
        if (up) {
            int i = keep - 1;
            while (i >= 0 && digits[i] == '9')
                digits[i--] = '0';
            if (i >= 0) {
                digits[i]++;
            } else {
                /* 999 -> 1000: one more digit in front, the exponent grows. */
                memmove(digits + 1, digits, (size_t)keep);
                digits[0] = '1';
                e++;
                keep++;
            }
        }
        *exp10 = e;
        return keep;
    }
    return 0;
}

static void out_special_fp(struct out *o, struct spec *sp, double v, bool msvcrt_compat, bool three_digit)
{
    char conv = sp->conv;
    if (!msvcrt_compat) {
        bool upper = strchr("AEFG", conv) != NULL;
        const char *s = isinf(v) ? (upper ? "INF" : "inf")
                      : (sp->sign == '-' ? (upper ? "NAN(IND)" : "nan(ind)") : (upper ? "NAN" : "nan"));
        sp->prec = -1;
        sp->zero = false;
        char body[16];
        int n = snprintf(body, sizeof body, "%s", s);
        emit_padded(o, sp, body, NULL, NULL, n, true);
        return;
    }
    /* msvcrt: "1.#INF", "1.#IND" (negative NaN), "1.#QNAN", then the fraction
     * padded with zeros to the precision as if they were digits, and a
     * rounding that bumps the character at the precision ("1.#J" for %.2f). */
    int prec = sp->prec;
    if (conv == 'g' || conv == 'G')
        prec--;
    const char *tag = isinf(v) ? "#INF" : sp->sign == '-' ? "#IND" : "#QNAN";
    char pfx[16];
    int frac_len = (int)strlen(tag);
    int pfx_len = snprintf(pfx, sizeof pfx, "1.%s", tag);
    if (prec >= 0 && prec < frac_len)
        pfx[pfx_len + prec - frac_len - 1]++;
    char sfx[8];
    int s = 0;
    if (strchr("eE", conv)) {
        sfx[s++] = conv;
        sfx[s++] = '+';
        sfx[s++] = '0';
        sfx[s++] = '0';
        if (three_digit)
            sfx[s++] = '0';
    }
    sfx[s] = 0;
    int sfx_len;
    if (!sp->alt && (conv == 'g' || conv == 'G'))
        sfx_len = frac_len;
    else
        sfx_len = prec;
    if (sfx_len == -1 && strchr("fFeE", conv))
        sfx_len = 6;
    sfx_len += s - frac_len;
    int body_len = pfx_len;
    if (prec >= 0) {
        int p2 = prec ? prec : -1;
        p2 += pfx_len - frac_len;
        if (p2 >= 0 && p2 < body_len)
            body_len = p2;
    }
    /* The prefix is padded to the width less the suffix; the suffix is zero-filled. */
    struct spec ps = *sp;
    ps.width = sp->width - (sfx_len > 0 ? sfx_len : 0);
    emit_padded(o, &ps, pfx, NULL, NULL, body_len, true);
    /* Wine's and msvcrt's quirk: left-aligned, the zero fill turns into blanks after the suffix. */
    if (sfx_len > s && !sp->left)
        put_repeat(o, '0', sfx_len - s);
    put_ascii(o, sfx, (size_t)s);
    if (sfx_len > s && sp->left)
        put_repeat(o, ' ', sfx_len - s);
}

static void out_hex_fp(struct out *o, struct spec *sp, double v, bool standard)
{
    ULONGLONG bits;
    memcpy(&bits, &v, sizeof bits);
    int e = (int)((bits >> 52) & 0x7ff);
    ULONGLONG mant = bits & ((1ull << 52) - 1);
    char lead = '1';
    if (e == 0) {
        lead = '0';
        e = mant ? -1022 : 0;
    } else {
        e -= 1023;
    }
    const char *dig = sp->conv == 'A' ? "0123456789ABCDEF" : "0123456789abcdef";
    char frac[14];
    for (int i = 12; i >= 0; i--) {
        frac[i] = dig[mant & 15];
        mant >>= 4;
    }
    int nfrac = 13, extra = 0;
    if (sp->prec == 0) {
        if (frac[0] >= '8')
            lead++;
        nfrac = 0;
    } else if (sp->prec > 0 && sp->prec < 13) {
        bool up;
        char d = frac[sp->prec];
        if (!standard) {
            up = d >= '8';
        } else {
            up = d > '8' && d != '8';
            if (d == '8') {
                up = false;
                for (int i = sp->prec + 1; i < 13; i++)
                    if (frac[i] != '0')
                        up = true;
                if (!up) {
                    char l = frac[sp->prec - 1];
                    int val = l <= '9' ? l - '0' : (l | 0x20) - 'a' + 10;
                    up = val & 1;
                }
            } else if (d > '8') {
                up = true;
            }
        }
        for (int i = sp->prec - 1; i >= 0 && up; i--) {
            up = false;
            if (frac[i] == 'f' || frac[i] == 'F') {
                frac[i] = '0';
                up = true;
            } else if (frac[i] == '9') {
                frac[i] = sp->conv == 'A' ? 'A' : 'a';
            } else {
                frac[i]++;
            }
        }
        if (up)
            lead++;
        nfrac = sp->prec;
    } else if (sp->prec > 13) {
        extra = sp->prec - 13;
    }
    char body[64];
    int n = 0;
    body[n++] = '0';
    body[n++] = sp->conv == 'A' ? 'X' : 'x';
    body[n++] = lead;
    if (nfrac || extra || sp->alt)
        body[n++] = '.';
    memcpy(body + n, frac, (size_t)nfrac);
    n += nfrac;
    char sfx[16];
    int s = snprintf(sfx, sizeof sfx, "%c%c%d", sp->conv == 'A' ? 'P' : 'p', e < 0 ? '-' : '+', e < 0 ? -e : e);
    /* Zero padding goes after "0x". */
    struct spec ps = *sp;
    ps.width = sp->width - s - extra;
    if (ps.zero && !ps.left) {
        char sign = ps.sign;
        int pad = ps.width - n - (sign ? 1 : 0);
        if (sign)
            put_ascii(o, &sign, 1);
        put_ascii(o, body, 2);
        put_repeat(o, '0', pad);
        put_ascii(o, body + 2, (size_t)(n - 2));
    } else {
        emit_padded(o, &ps, body, NULL, NULL, n, true);
    }
    put_repeat(o, '0', extra);
    put_ascii(o, sfx, (size_t)s);
}

static void out_fp(struct out *o, struct spec *sp, double v, bool three_digit, bool standard)
{
    int prec = sp->prec < 0 ? 6 : sp->prec;
    char conv = sp->conv;
    char lower = conv | 0x20;
    char digits[800];
    int nd, e10;
    bool trim = false;
    bool zero = v == 0;

    if (lower == 'g') {
        trim = !sp->alt;
        int p = prec ? prec : 1;
        if (zero) {
            nd = 1; digits[0] = '0'; e10 = 0;
        } else {
            nd = fp_digits(v, p, standard, digits, &e10);
        }
        if (e10 >= -4 && e10 < p) {
            conv = conv == 'g' ? 'f' : 'F';
            prec = p - 1 - e10;
        } else {
            conv = conv == 'g' ? 'e' : 'E';
            prec = p - 1;
        }
        lower = conv | 0x20;
    } else if (lower == 'e') {
        if (zero) {
            nd = 1; digits[0] = '0'; e10 = 0;
        } else {
            nd = fp_digits(v, prec + 1, standard, digits, &e10);
        }
    } else {
        if (zero) {
            nd = 0; e10 = 0;
        } else {
            if (standard) {
                /* The host's %f rounds to nearest even on the exact value. */
                const char *f = sp->alt ? "%#.*f" : "%.*f";
                int len = snprintf(NULL, 0, f, prec, v);
                char *buf = len < 0 ? NULL : malloc((size_t)len + 1);
                if (!buf) {
                    o->failed = true;
                    return;
                }
                snprintf(buf, (size_t)len + 1, f, prec, v);
                emit_padded(o, sp, buf, NULL, NULL, len, true);
                free(buf);
                return;
            }
            /* Significant digits up to the precision-th decimal; %.17e names
             * the decimal exponent exactly (18 digits never round a double
             * up to the next power of ten). */
            char tmp[40];
            snprintf(tmp, sizeof tmp, "%.17e", v);
            int e0 = atoi(strchr(tmp, 'e') + 1);
            int nsig = e0 + 1 + prec;
            nd = fp_digits(v, nsig, false, digits, &e10);
        }
    }

    /* Lay the digits out: a head with every significant digit, then the
     * zeros the precision still asks for (a run, never materialised), then
     * the exponent. Trimming (%g) only ever removes zeros, so the run goes
     * first and then the head's own trailing zeros. */
    size_t cap = (size_t)(e10 > 0 ? e10 : 0) + 64 + (size_t)nd;
    char *body = malloc(cap);
    if (!body) {
        o->failed = true;
        return;
    }
    int n = 0;
    size_t run = 0;
    if (lower == 'f') {
        /* digit i has weight 10^(e10 - i) */
        if (e10 < 0 || nd == 0) {
            body[n++] = '0';
        } else {
            for (int w = e10; w >= 0; w--) {
                int i = e10 - w;
                body[n++] = i < nd ? digits[i] : '0';
            }
        }
        if (prec || sp->alt)
            body[n++] = '.';
        /* fraction digit k (weight 10^-k) is digits[e10 + k] while that exists */
        int kdig = nd ? nd - e10 - 1 : 0;
        if (kdig < 0)
            kdig = 0;
        if (kdig > prec)
            kdig = prec;
        for (int k = 1; k <= kdig; k++) {
            int i = e10 + k;
            body[n++] = i >= 0 ? digits[i] : '0';
        }
        run = (size_t)(prec - kdig);
        if (trim) {
            run = 0;
            while (n > 0 && body[n - 1] == '0' && memchr(body, '.', (size_t)n))
                n--;
            if (n > 0 && body[n - 1] == '.')
                n--;
        }
    } else {
        body[n++] = digits[0];
        if (prec || sp->alt)
            body[n++] = '.';
        int kdig = nd - 1 < prec ? nd - 1 : prec;
        if (kdig < 0)
            kdig = 0;
        for (int k = 1; k <= kdig; k++)
            body[n++] = digits[k];
        run = (size_t)(prec - kdig);
        if (trim) {
            run = 0;
            while (n > 1 && body[n - 1] == '0' && memchr(body, '.', (size_t)n))
                n--;
            if (body[n - 1] == '.')
                n--;
        }
    }
    char tail[16];
    int nt = 0;
    if (lower == 'e') {
        int x = zero ? 0 : e10;
        tail[nt++] = conv;
        tail[nt++] = x < 0 ? '-' : '+';
        if (x < 0)
            x = -x;
        int mind = three_digit ? 3 : 2;
        char ed[8];
        int ne = 0;
        do {
            ed[ne++] = (char)('0' + x % 10);
            x /= 10;
        } while (x);
        while (ne < mind)
            ed[ne++] = '0';
        while (ne)
            tail[nt++] = ed[--ne];
    }
    emit_number(o, sp, body, (size_t)n, run, tail, (size_t)nt);
    free(body);
}

/* ---- the engine ----------------------------------------------------------------- */

/* v * 10 + digit, saturating at INT_MAX: a width past it cannot be printed anyway. */
static inline int sat_digit(int v, unsigned c)
{
    if (v > (0x7fffffff - 9) / 10)
        return 0x7fffffff;
    return v * 10 + (int)(c - '0');
}

static inline unsigned fmt_char(const void *fmt, bool wide, size_t i)
{
    return wide ? ((const WCHAR *)fmt)[i] : ((const unsigned char *)fmt)[i];
}

int fmt_printf(struct fmt_sink *sink, const void *format, bool wide_fmt, ULONGLONG options,
               struct fmt_args *args)
{
    struct out o = { sink, false };
    bool msvcrt = options & FMT_MSVCRT;
    bool legacy_wide = msvcrt || (options & FMT_LEGACY_WIDE_SPECIFIERS);
    bool compat = msvcrt || (options & FMT_LEGACY_MSVCRT_COMPAT);
    bool three_digit = msvcrt ? msvcrt_output_format != 1 : (options & FMT_LEGACY_3DIGIT_EXPONENT) != 0;
    bool standard = !msvcrt && (options & FMT_STANDARD_ROUNDING);
    bool strict = !msvcrt;   /* ucrt: a bad conversion is an invalid parameter */
    size_t start_total = sink->total;

    if (!format) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    size_t i = 0;
    for (;;) {
        unsigned c = fmt_char(format, wide_fmt, i);
        if (!c)
            break;
        if (c != '%') {
            size_t j = i;
            while (fmt_char(format, wide_fmt, j) && fmt_char(format, wide_fmt, j) != '%')
                j++;
            if (wide_fmt == sink->wide) {
                put_units(&o, wide_fmt ? (const void *)((const WCHAR *)format + i)
                                       : (const void *)((const char *)format + i), j - i);
            } else if (wide_fmt) {
                /* Wide format into a narrow sink (not used by the exports). */
                for (size_t k = i; k < j; k++) {
                    char mb[8];
                    int n = msvcrt_wctomb_cp(mb, ((const WCHAR *)format)[k]);
                    if (n > 0)
                        put_units(&o, mb, (size_t)n);
                }
            } else {
                for (size_t k = i; k < j; k++) {
                    WCHAR w = (unsigned char)((const char *)format)[k];
                    put_units(&o, &w, 1);
                }
            }
            if (o.failed)
                return -1;
            i = j;
            continue;
        }
        i++;
        c = fmt_char(format, wide_fmt, i);
        if (c == '%') {
            put_ascii(&o, "%", 1);
            if (o.failed)
                return -1;
            i++;
            continue;
        }
        struct spec sp = { .prec = -1 };
        for (;; i++) {
            c = fmt_char(format, wide_fmt, i);
            if (c == '+' || c == ' ') {
                if (sp.sign != '+')
                    sp.sign = (char)c;
            } else if (c == '-') {
                sp.left = true;
            } else if (c == '0') {
                sp.zero = true;
            } else if (c == '#') {
                sp.alt = true;
            } else {
                break;
            }
        }
        if (c == '*') {
            i++;
            int w = (int)(LONG)args->next_int(args, 4);
            if (w < 0) {
                sp.left = true;
                w = w == (int)0x80000000 ? 0x7fffffff : -w;
            }
            sp.width = w;
            if (!msvcrt && fmt_char(format, wide_fmt, i) >= '0' && fmt_char(format, wide_fmt, i) <= '9')
                sp.width = 0;
        }
        while ((c = fmt_char(format, wide_fmt, i)) >= '0' && c <= '9') {
            sp.width = sat_digit(sp.width, c);
            i++;
        }
        if (fmt_char(format, wide_fmt, i) == '.') {
            i++;
            sp.prec = 0;
            if (fmt_char(format, wide_fmt, i) == '*') {
                i++;
                sp.prec = (int)(LONG)args->next_int(args, 4);
                if (sp.prec < 0)
                    sp.prec = -1;
            } else {
                while ((c = fmt_char(format, wide_fmt, i)) >= '0' && c <= '9') {
                    sp.prec = sat_digit(sp.prec, c);
                    i++;
                }
            }
        }
        for (;; i++) {
            c = fmt_char(format, wide_fmt, i);
            unsigned n1 = c ? fmt_char(format, wide_fmt, i + 1) : 0;
            unsigned n2 = n1 ? fmt_char(format, wide_fmt, i + 2) : 0;
            if (c == 'l' && n1 == 'l') {
                sp.size = 'q';
                i++;
            } else if (c == 'l') {
                sp.size = 'l';
            } else if (c == 'h') {
                sp.size = 'h';
            } else if (c == 'I') {
                if (n1 == '6' && n2 == '4') {
                    sp.size = 'q';
                    i += 2;
                } else if (n1 == '3' && n2 == '2') {
                    i += 2;
                } else if (n1 && strchr("diouxX", (int)n1)) {
                    sp.size = 'n';
                } else {
                    break;
                }
            } else if (c == 'w') {
                sp.wide_flag = true;
            } else if ((c == 'z' || c == 't') && n1 && strchr("diouxX", (int)n1)) {
                sp.size = 'n';
            } else if (c == 'j') {
                sp.size = 'q';
            } else if (c == 'T' && !msvcrt) {
                /* ucrt's natural-width string: same as the API's width. */
                sp.size = wide_fmt ? 'l' : 'h';
            } else if (c != 'L' && ((c != 'F' && c != 'N') || !compat)) {
                break;
            }
        }
        c = fmt_char(format, wide_fmt, i);
        sp.conv = (char)(c < 0x80 ? c : 0);
        if (c == 's' || c == 'S') {
            const void *s = args->next_ptr(args);
            bool w = string_is_wide(&sp, wide_fmt, legacy_wide);
            int r;
            if (!s)
                r = w ? out_wide_string(&o, &sp, (const WCHAR[]){ '(', 'n', 'u', 'l', 'l', ')', 0 }, 6)
                      : out_narrow_string(&o, &sp, "(null)", 6);
            else
                r = w ? out_wide_string(&o, &sp, s, -1) : out_narrow_string(&o, &sp, s, -1);
            if (r < 0)
                return -1;
        } else if (c == 'c' || c == 'C') {
            ULONGLONG ch = args->next_int(args, 4);
            bool w = string_is_wide(&sp, wide_fmt, legacy_wide);
            /* A character that does not convert, or does not fit in a
             * _snprintf buffer, is dropped: msvcrt ignores %c's errors. */
            if (w) {
                WCHAR wc = (WCHAR)ch;
                out_wide_string(&o, &sp, &wc, 1);
            } else {
                char nc = (char)ch;
                out_narrow_string(&o, &sp, &nc, 1);
            }
            o.failed = false;
        } else if (c == 'p') {
            void *p = args->next_ptr(args);
            char buf[24];
            int user_prec = sp.prec;
            sp.conv = 'X';
            sp.prec = 2 * args->ptr_size;   /* 16 digits on x64, 8 for a 32-bit guest */
            struct spec tmp = sp;
            struct int_parts ip;
            integer_parts(&ip, &tmp, (ULONGLONG)(ULONG_PTR)p, false);
            int n = 0;
            for (int k = 0; k < ip.nprefix; k++)
                buf[n++] = ip.prefix[k];
            for (size_t k = 0; k < ip.zeros; k++)
                buf[n++] = '0';
            memcpy(buf + n, ip.digits, (size_t)ip.ndigits);
            n += ip.ndigits;
            /* msvcrt pads %p with spaces only, and a precision truncates it. */
            sp.zero = false;
            if (user_prec >= 0 && user_prec < n)
                n = user_prec;
            sp.sign = 0;
            emit_padded(&o, &sp, buf, NULL, NULL, n, false);
        } else if (c == 'n') {
            if (!msvcrt && !msvcrt_printf_count_output) {
                msvcrt_invalid_parameter(MSVCRT_EINVAL);
                return -1;
            }
            int *used = args->next_ptr(args);
            if (used)
                *used = (int)(sink->total - start_total);
        } else if (c && c < 0x80 && strchr("diouxX", (int)c)) {
            bool is_signed = c == 'd' || c == 'i';
            if (sp.size == 'q' || (sp.size == 'n' && args->ptr_size == 8))
                out_integer(&o, &sp, args->next_int(args, 8), is_signed, 64);
            else
                out_integer(&o, &sp, args->next_int(args, 4), is_signed, sp.size == 'h' ? 16 : 32);
        } else if (c && c < 0x80 && strchr("aAeEfFgG", (int)c)) {
            double v = args->next_double(args);
            if (signbit(v)) {
                sp.sign = '-';
                v = -v;
            }
            if (isinf(v) || isnan(v))
                out_special_fp(&o, &sp, v, compat, three_digit);
            else if (c == 'a' || c == 'A')
                out_hex_fp(&o, &sp, v, standard);
            else
                out_fp(&o, &sp, v, three_digit, standard);
        } else {
            if (strict) {
                msvcrt_invalid_parameter(MSVCRT_EINVAL);
                return -1;
            }
            /* msvcrt prints the unknown conversion character as text. */
            if (o.failed)
                return -1;
            continue;
        }
        if (o.failed)
            return -1;
        i++;
    }
    if (o.failed)
        return -1;
    size_t total = sink->total - start_total;
    return total > 0x7fffffff ? -1 : (int)total;
}
