/*
 * wsprintf.c - user32's own small printf: wsprintfA/W and wvsprintfA/W.
 * Not the C runtime's: no floating point, no '*' widths, output capped at
 * 1024 characters, and its own letters for string widths:
 *   %s %c    the function's own width (wide in the W form, ANSI in the A form)
 *   %S %C    the other width;   %hs %hc ANSI, %ls %lc %ws %wc wide, always
 *   %d %i %u %x %X (+ I64; l and h change nothing), %p, flags - # 0, width, .precision
 * The A forms format through the W one: ANSI (1252) maps one to one onto
 * UTF-16 and back, so nothing is lost.
 */
#include "winapi/wintypes.h"
#include "winapi/advapi32/advapi32.h"

#include <stdlib.h>
#include <string.h>

#define WSPRINTF_MAX 1024

struct outbuf {
    WCHAR *buf;
    size_t len;                 /* characters written, at most WSPRINTF_MAX - 1 */
    bool full;
};

static void out(struct outbuf *o, WCHAR c)
{
    if (o->len + 1 < WSPRINTF_MAX)
        o->buf[o->len++] = c;
    else
        o->full = true;
}

static void pad(struct outbuf *o, WCHAR c, int n)
{
    while (n-- > 0)
        out(o, c);
}

/* fmt is UTF-16; ansi_form selects the A form's meaning of %s/%c/%S/%C. */
static int format(WCHAR *buf, const WCHAR *fmt, bool ansi_form, __builtin_ms_va_list ap)
{
    struct outbuf o = { buf, 0, false };
    while (*fmt) {
        if (*fmt != '%') {
            out(&o, *fmt++);
            continue;
        }
        fmt++;
        if (*fmt == '%') {
            out(&o, *fmt++);
            continue;
        }
        bool left = false, alt = false, zero = false;
        for (;; fmt++) {
            if (*fmt == '-') left = true;
            else if (*fmt == '#') alt = true;
            else if (*fmt == '0') zero = true;
            else break;
        }
        int width = 0, prec = -1;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            prec = 0;
            for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
                prec = prec * 10 + (*fmt - '0');
        }
        enum { SZ_DEFAULT, SZ_SHORT, SZ_LONG, SZ_64 } size = SZ_DEFAULT;
        if (*fmt == 'h') { size = SZ_SHORT; fmt++; }
        else if (*fmt == 'l' || *fmt == 'w') { size = SZ_LONG; fmt++; }
        else if (fmt[0] == 'I' && fmt[1] == '6' && fmt[2] == '4') { size = SZ_64; fmt += 3; }
        WCHAR type = *fmt;
        if (!type)
            break;
        fmt++;

        WCHAR num[72];
        int nlen = 0;
        const char *prefix = "";
        switch (type) {
        case 'c': case 'C': {
            bool wide = (type == 'c') != ansi_form;
            if (size == SZ_SHORT) wide = false;
            if (size == SZ_LONG) wide = true;
            int v = __builtin_va_arg(ap, int);
            WCHAR c;
            if (wide)
                c = (WCHAR)v;
            else {
                char a = (char)v;
                ansi_to_wide(&a, 1, &c);
            }
            if (!left) pad(&o, ' ', width - 1);
            out(&o, c);
            if (left) pad(&o, ' ', width - 1);
            continue;
        }
        case 's': case 'S': {
            bool wide = (type == 's') != ansi_form;
            if (size == SZ_SHORT) wide = false;
            if (size == SZ_LONG) wide = true;
            const void *p = __builtin_va_arg(ap, const void *);
            static const char null_str[] = "(null)";
            if (!p) {
                p = null_str;
                wide = false;
            }
            int n = 0;
            if (wide)
                while (((const WCHAR *)p)[n] && (prec < 0 || n < prec)) n++;
            else
                while (((const char *)p)[n] && (prec < 0 || n < prec)) n++;
            if (!left) pad(&o, ' ', width - n);
            for (int i = 0; i < n; i++) {
                WCHAR c;
                if (wide)
                    c = ((const WCHAR *)p)[i];
                else
                    ansi_to_wide((const char *)p + i, 1, &c);
                out(&o, c);
            }
            if (left) pad(&o, ' ', width - n);
            continue;
        }
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'p': {
            uint64_t v;
            bool neg = false;
            if (type == 'p') {
                v = (uint64_t)(uintptr_t)__builtin_va_arg(ap, void *);
                if (prec < 0) prec = 16;
                type = 'X';
            } else if (size == SZ_64) {
                v = __builtin_va_arg(ap, uint64_t);
                if ((type == 'd' || type == 'i') && (int64_t)v < 0) {
                    neg = true;
                    v = (uint64_t)-(int64_t)v;
                }
            } else {
                /* 'h' does not narrow numbers in wsprintf (Windows and Wine print 70000 for %hd). */
                uint32_t u = __builtin_va_arg(ap, uint32_t);
                if ((type == 'd' || type == 'i') && (int32_t)u < 0) {
                    neg = true;
                    v = (uint64_t)-(int64_t)(int32_t)u;
                } else {
                    v = u;
                }
            }
            unsigned base = (type == 'x' || type == 'X') ? 16 : 10;
            const char *digits = type == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
            WCHAR rev[24];
            int r = 0;
            do {
                rev[r++] = (WCHAR)digits[v % base];
                v /= base;
            } while (v);
            for (int i = r; i < prec && nlen < 64; i++)
                num[nlen++] = '0';
            while (r)
                num[nlen++] = rev[--r];
            if (neg)
                prefix = "-";
            else if (alt && base == 16 && nlen)
                prefix = type == 'x' ? "0x" : "0X";
            break;
        }
        default:
            /* An unknown conversion prints its letter, as Windows does. */
            out(&o, type);
            continue;
        }
        int plen = (int)strlen(prefix);
        int fill = width - nlen - plen;
        if (!left && !(zero && prec < 0))
            pad(&o, ' ', fill);
        for (int i = 0; i < plen; i++)
            out(&o, (WCHAR)prefix[i]);
        if (!left && zero && prec < 0)
            pad(&o, '0', fill);
        for (int i = 0; i < nlen; i++)
            out(&o, num[i]);
        if (left)
            pad(&o, ' ', fill);
    }
    buf[o.len] = 0;
    /* Cut at the cap: the buffer holds 1023 characters, the count says 1024. */
    return o.full ? WSPRINTF_MAX : (int)o.len;
}

int WINAPI user32_wvsprintfW(LPWSTR buf, LPCWSTR fmt, __builtin_ms_va_list ap)
{
    if (!buf || !fmt)
        return 0;
    WCHAR tmp[WSPRINTF_MAX];
    int n = format(tmp, fmt, false, ap);
    memcpy(buf, tmp, (reg_wlen(tmp) + 1) * sizeof *tmp);
    return n;
}

int WINAPI user32_wvsprintfA(LPSTR buf, LPCSTR fmt, __builtin_ms_va_list ap)
{
    if (!buf || !fmt)
        return 0;
    size_t flen = strlen(fmt);
    WCHAR *wfmt = malloc((flen + 1) * sizeof *wfmt);
    if (!wfmt)
        return 0;
    ansi_to_wide(fmt, flen + 1, wfmt);
    WCHAR tmp[WSPRINTF_MAX];
    int n = format(tmp, wfmt, true, ap);
    free(wfmt);
    wide_to_ansi(tmp, reg_wlen(tmp) + 1, buf);
    return n;
}

int CDECL user32_wsprintfW(LPWSTR buf, LPCWSTR fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = user32_wvsprintfW(buf, fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int CDECL user32_wsprintfA(LPSTR buf, LPCSTR fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = user32_wvsprintfA(buf, fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}
