/*
 * scanf.c - the scanf family on one engine (fmt_scanf) over a character
 * source: strings, counted strings, streams, narrow or wide; and the
 * exports (scanf/fscanf/sscanf/_snscanf, the wide forms and the _s forms,
 * which take a buffer size after each %s, %c and %[ pointer).
 *
 * msvcrt's rules: blanks in the format skip any blanks in the input; the
 * number conversions skip leading blanks and read at most the field width;
 * integers wrap on overflow (no clamping); %[ takes ranges and ^; the count
 * of assigned fields is returned, or EOF when the input is empty from the
 * start (msvcrt checks that once, before the format).
 */
#include "winapi/msvcrt/msvcrt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>


static bool is_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline unsigned fch(const void *fmt, bool wide, size_t i)
{
    return wide ? ((const WCHAR *)fmt)[i] : ((const unsigned char *)fmt)[i];
}

struct scanner {
    struct scan_src *src;
    int consumed;         /* characters taken from the source (for %n) */
};

static int sc_get(struct scanner *s)
{
    int c = s->src->get(s->src);
    if (c >= 0)
        s->consumed++;
    return c;
}

static void sc_unget(struct scanner *s, int c)
{
    if (c >= 0) {
        s->src->unget(s->src, c);
        s->consumed--;
    }
}

static int digit_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* Store a character read from a narrow or wide source into a narrow or
 * wide destination (converting through the CRT code page), and advance. */
static void store_char(void **dst, bool wide_dst, bool wide_src, int c)
{
    if (wide_dst) {
        WCHAR *w = *dst;
        if (wide_src) {
            *w = (WCHAR)c;
        } else {
            char ch = (char)c;
            msvcrt_mbtowc_cp(w, &ch, 1);
        }
        *dst = w + 1;
    } else {
        char *n = *dst;
        if (wide_src) {
            char mb[8];
            int k = msvcrt_wctomb_cp(mb, (WCHAR)c);
            *n = k > 0 ? mb[0] : '?';
        } else {
            *n = (char)c;
        }
        *dst = n + 1;
    }
}

/* Whether %s/%S/%c/%C/%[ store WCHARs: l/w force wide, h narrow; else the
 * plain form follows the API (legacy rules) and the capital is the other. */
static bool string_dst_wide(unsigned conv, int size, bool wide_flag, bool api_wide, bool legacy_wide)
{
    if (wide_flag || size == 'l')
        return true;
    if (size == 'h')
        return false;
    bool plain_wide = legacy_wide ? api_wide : false;
    return (conv == 'S' || conv == 'C') ? !plain_wide : plain_wide;
}

int fmt_scanf(struct scan_src *src, const void *fmt, bool wide_fmt, ULONGLONG options, struct fmt_args *args)
{
    struct scanner s = { src, 0 };
    bool secure = options & SCAN_SECURE;
    bool legacy_wide = (options & SCAN_MSVCRT) || (options & SCAN_LEGACY_WIDE);
    int assigned = 0;
    int c;

    if (!fmt) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    /* msvcrt: EOF only when the input is empty from the start; any later
     * end of input returns the count so far. */
    c = sc_get(&s);
    if (c < 0)
        return MSVCRT_EOF;
    sc_unget(&s, c);
    size_t i = 0;
    for (;;) {
        unsigned f = fch(fmt, wide_fmt, i);
        if (!f)
            break;
        if (is_space((int)f)) {
            while (is_space((int)fch(fmt, wide_fmt, i)))
                i++;
            while ((c = sc_get(&s)) >= 0 && is_space(c))
                ;
            sc_unget(&s, c);
            continue;
        }
        if (f != '%' || fch(fmt, wide_fmt, i + 1) == '%') {
            if (f == '%')
                i++;
            c = sc_get(&s);
            if (f == '%') {
                /* "%%" skips blanks before the '%' it matches */
                while (c >= 0 && is_space(c))
                    c = sc_get(&s);
            }
            if (c < 0)
                return assigned;
            if ((unsigned)c != f) {
                sc_unget(&s, c);
                return assigned;
            }
            i++;
            continue;
        }
        i++;
        bool suppress = false;
        if (fch(fmt, wide_fmt, i) == '*') {
            suppress = true;
            i++;
        }
        int width = 0;
        while ((f = fch(fmt, wide_fmt, i)) >= '0' && f <= '9') {
            width = width * 10 + (int)(f - '0');
            i++;
        }
        int size = 0;          /* 'h', 'l', 'q' (64-bit), 'L' */
        bool wide_flag = false;
        for (;; i++) {
            f = fch(fmt, wide_fmt, i);
            unsigned n1 = f ? fch(fmt, wide_fmt, i + 1) : 0, n2 = n1 ? fch(fmt, wide_fmt, i + 2) : 0;
            if (f == 'h') size = 'h';
            else if (f == 'l' && n1 == 'l') { size = 'q'; i++; }
            else if (f == 'l') size = 'l';
            else if (f == 'L') size = 'L';
            else if (f == 'I' && n1 == '6' && n2 == '4') { size = 'q'; i += 2; }
            else if (f == 'I' && n1 == '3' && n2 == '2') { size = 0; i += 2; }
            else if (f == 'I' || f == 'z' || f == 't') size = args->ptr_size == 8 ? 'q' : 0;
            else if (f == 'j') size = 'q';
            else if (f == 'w') wide_flag = true;
            else if (f == 'F' || f == 'N') ;
            else break;
        }
        unsigned conv = fch(fmt, wide_fmt, i);
        if (!conv)
            break;
        i++;

        if (conv == 'n') {
            if (!suppress) {
                int *p = args->next_ptr(args);
                if (p) {
                    if (size == 'h') *(short *)p = (short)s.consumed;
                    else if (size == 'q') *(LONGLONG *)p = s.consumed;
                    else *p = s.consumed;
                }
            }
            continue;
        }

        if (conv != 'c' && conv != 'C' && conv != '[') {
            while ((c = sc_get(&s)) >= 0 && is_space(c))
                ;
            if (c < 0) {
                /* Blanks up to the end: %s reports EOF when nothing was
                 * assigned (narrow strings only in msvcrt), the others 0. */
                if ((conv == 's' || conv == 'S') && !assigned &&
                    (!string_dst_wide(conv, size, wide_flag, wide_fmt, legacy_wide) || !(options & SCAN_MSVCRT)))
                    return MSVCRT_EOF;
                return assigned;
            }
            sc_unget(&s, c);
        }
        if (!width)
            width = -1;

        switch (conv) {
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
            int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : conv == 'i' ? 0 : 10;
            ULONGLONG v = 0;
            bool neg = false, any = false;
            c = sc_get(&s);
            if (c < 0)
                return assigned;
            if ((c == '-' || c == '+') && width != 0) {
                neg = c == '-';
                if (width > 0) width--;
                c = width ? sc_get(&s) : -1;
            }
            if (c == '0' && width != 0 && (base == 0 || base == 16)) {
                any = true;
                if (width > 0) width--;
                c = width ? sc_get(&s) : -1;
                if ((c == 'x' || c == 'X') && width != 0) {
                    base = 16;
                    any = false;
                    if (width > 0) width--;
                    c = width ? sc_get(&s) : -1;
                } else if (base == 0) {
                    base = 8;
                }
            }
            if (!base)
                base = 10;
            while (c >= 0 && width != 0 && digit_value(c) < base) {
                v = v * (ULONGLONG)base + (ULONGLONG)digit_value(c);
                any = true;
                if (width > 0) width--;
                c = width ? sc_get(&s) : -1;
            }
            sc_unget(&s, c);
            if (!any)
                return assigned;
            if (neg)
                v = (ULONGLONG)0 - v;
            if (!suppress) {
                void *p = args->next_ptr(args);
                if (size == 'q' || (conv == 'p' && args->ptr_size == 8))
                    *(ULONGLONG *)p = v;
                else if (size == 'h')
                    *(USHORT *)p = (USHORT)v;
                else
                    *(DWORD *)p = (DWORD)v;
                assigned++;
            }
            break;
        }
        case 'e': case 'E': case 'f': case 'g': case 'G': case 'a': case 'A': {
            if ((conv == 'a' || conv == 'A') && (options & SCAN_MSVCRT))
                goto unknown;   /* msvcrt has no %a in scanf */
            char buf[512];
            int n = 0;
            c = sc_get(&s);
            if (c < 0)
                return assigned;
            if ((c == '-' || c == '+') && width != 0) {
                buf[n++] = (char)c;
                if (width > 0) width--;
                c = width ? sc_get(&s) : -1;
            }
            bool digits = false;
            while (c >= '0' && c <= '9' && width != 0 && n < 500) {
                buf[n++] = (char)c;
                digits = true;
                if (width > 0) width--;
                c = width ? sc_get(&s) : -1;
            }
            if (c == '.' && width != 0 && n < 500) {
                buf[n++] = '.';
                if (width > 0) width--;
                c = width ? sc_get(&s) : -1;
                while (c >= '0' && c <= '9' && width != 0 && n < 500) {
                    buf[n++] = (char)c;
                    digits = true;
                    if (width > 0) width--;
                    c = width ? sc_get(&s) : -1;
                }
            }
            bool bad = n > 0 && !digits;    /* something taken, no mantissa digit */
            if (digits && (c == 'e' || c == 'E') && width != 0 && n < 500) {
                buf[n++] = 'e';
                if (width > 0) width--;
                c = width ? sc_get(&s) : -1;
                if ((c == '-' || c == '+') && width != 0) {
                    buf[n++] = (char)c;
                    if (width > 0) width--;
                    c = width ? sc_get(&s) : -1;
                }
                bool edigits = false;
                while (c >= '0' && c <= '9' && width != 0 && n < 500) {
                    buf[n++] = (char)c;
                    edigits = true;
                    if (width > 0) width--;
                    c = width ? sc_get(&s) : -1;
                }
                bad = !edigits;   /* "1e", "1e+": the exponent cannot be given back */
            }
            sc_unget(&s, c);
            /* A malformed number ends the call: with EOF when nothing was
             * assigned yet (msvcrt's float parser reports an error). */
            if (bad)
                return assigned ? assigned : MSVCRT_EOF;
            if (!digits)
                return assigned;
            buf[n] = 0;
            double d = strtod(buf, NULL);
            if (!suppress) {
                void *p = args->next_ptr(args);
                if (size == 'l' || size == 'L' || size == 'q')
                    *(double *)p = d;
                else
                    *(float *)p = (float)d;
                assigned++;
            }
            break;
        }
        case 's': case 'S': case 'c': case 'C': case '[': {
            bool dst_wide = string_dst_wide(conv, size, wide_flag, wide_fmt, legacy_wide);
            if (conv == 'c' || conv == 'C') {
                if (width < 0)
                    width = 1;
            }
            /* %[: the set */
            bool set[256] = { false };
            bool negate = false;
            if (conv == '[') {
                if (fch(fmt, wide_fmt, i) == '^') {
                    negate = true;
                    i++;
                }
                unsigned prev = 0;
                bool first = true;
                for (;;) {
                    f = fch(fmt, wide_fmt, i);
                    if (!f)
                        break;
                    if (f == ']' && !first)
                        break;
                    first = false;
                    if (f == '-' && prev && fch(fmt, wide_fmt, i + 1) && fch(fmt, wide_fmt, i + 1) != ']') {
                        unsigned hi = fch(fmt, wide_fmt, i + 1);
                        unsigned lo = prev;
                        if (lo > hi) { unsigned t = lo; lo = hi; hi = t; }
                        for (unsigned k = lo; k <= hi && k < 256; k++)
                            set[k] = true;
                        i += 2;
                        prev = 0;
                        continue;
                    }
                    if (f < 256)
                        set[f] = true;
                    prev = f;
                    i++;
                }
                if (fch(fmt, wide_fmt, i) == ']')
                    i++;
            }
            void *dst = NULL;
            size_t room = (size_t)-1;
            if (!suppress) {
                dst = args->next_ptr(args);
                if (secure) {
                    room = (size_t)(unsigned)args->next_int(args, 4);
                    if (!room) {
                        msvcrt_invalid_parameter(MSVCRT_ENOMEM);
                        return assigned;
                    }
                }
            }
            void *start = dst;
            size_t stored = 0;
            c = sc_get(&s);
            if (c < 0)
                return assigned;
            bool any = false;
            while (c >= 0 && width != 0) {
                if (conv == 's' || conv == 'S') {
                    if (is_space(c))
                        break;
                } else if (conv == '[') {
                    bool in = c < 256 ? set[c] : false;
                    if (in == negate)
                        break;
                }
                if (dst) {
                    bool is_char = conv == 'c' || conv == 'C';
                    if (secure && (is_char ? stored >= room : stored + 1 >= room)) {
                        /* Too small: the field fails and the buffer is emptied. */
                        if (dst_wide) *(WCHAR *)start = 0; else *(char *)start = 0;
                        msvcrt_set_errno(MSVCRT_ENOMEM);
                        return assigned;
                    }
                    store_char(&dst, dst_wide, src->wide, c);
                    stored++;
                }
                any = true;
                if (width > 0) width--;
                c = width ? sc_get(&s) : -1;
            }
            if (width == 0 && c >= 0) {
                /* consumed exactly the width: nothing read ahead */
            } else {
                sc_unget(&s, c);
            }
            if (!any) {
                /* %s at the end of the input: EOF if nothing was assigned
                 * (msvcrt does so for narrow strings only, ucrt for both). */
                if (c < 0 && (conv == 's' || conv == 'S') && !assigned &&
                    (!dst_wide || !(options & SCAN_MSVCRT)))
                    return MSVCRT_EOF;
                return assigned;
            }
            if (dst && conv != 'c' && conv != 'C')
                store_char(&dst, dst_wide, src->wide, 0);
            if (!suppress)
                assigned++;
            break;
        }
        default:
        unknown:
            /* Not a conversion: the character is matched as text, after
             * blanks (msvcrt's reading of the standard). */
            while ((c = sc_get(&s)) >= 0 && is_space(c))
                ;
            if (c < 0 || (unsigned)c != conv) {
                sc_unget(&s, c);
                return assigned;
            }
            break;
        }
    }
    return assigned;
}

/* ---- sources ---------------------------------------------------------------------- */

struct str_src {
    struct scan_src base;
    const void *p;
    size_t pos, len;      /* len (size_t)-1: up to the NUL */
};

static int str_get(struct scan_src *s)
{
    struct str_src *t = (struct str_src *)s;
    if (t->pos >= t->len)
        return -1;
    unsigned c = s->wide ? ((const WCHAR *)t->p)[t->pos] : ((const unsigned char *)t->p)[t->pos];
    if (!c)
        return -1;
    t->pos++;
    return (int)c;
}

static void str_unget(struct scan_src *s, int c)
{
    struct str_src *t = (struct str_src *)s;
    (void)c;
    if (t->pos)
        t->pos--;
}

static int scan_string(const void *str, size_t len, bool wide, const void *fmt, ULONGLONG opts, struct fmt_args *args)
{
    if (!str || !fmt) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    struct str_src src = { { str_get, str_unget, NULL, wide }, str, 0, len };
    return fmt_scanf(&src.base, fmt, wide, opts, args);
}

struct file_src {
    struct scan_src base;
    MSVCRT_FILE *f;
};

static int file_get(struct scan_src *s)
{
    struct file_src *t = (struct file_src *)s;
    if (s->wide) {
        int c = msvcrt__fgetwc_nolock(t->f);
        return c == MSVCRT_WEOF ? -1 : c;
    }
    int c = msvcrt__fgetc_nolock(t->f);
    return c == MSVCRT_EOF ? -1 : c;
}

CDECL int msvcrt__ungetc_nolock(int c, MSVCRT_FILE *f);

static void file_unget(struct scan_src *s, int c)
{
    struct file_src *t = (struct file_src *)s;
    if (s->wide)
        msvcrt_ungetwc(c, t->f);
    else
        msvcrt__ungetc_nolock(c, t->f);
}

static int scan_file(MSVCRT_FILE *f, bool wide, const void *fmt, ULONGLONG opts, struct fmt_args *args)
{
    if (!f || !fmt) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    struct file_src src = { { file_get, file_unget, NULL, wide }, f };
    msvcrt_lock_file(f);
    int r = fmt_scanf(&src.base, fmt, wide, opts, args);
    msvcrt_unlock_file(f);
    return r;
}

int msvcrt_scan_file(MSVCRT_FILE *f, bool wide, const void *fmt, ULONGLONG opts, struct fmt_args *args)
{
    return scan_file(f, wide, fmt, opts, args);
}

int msvcrt_scan_string(const void *str, size_t len, bool wide, const void *fmt, ULONGLONG opts, struct fmt_args *args)
{
    return scan_string(str, len, wide, fmt, opts, args);
}

/* ---- exports ----------------------------------------------------------------------- */

#define M SCAN_MSVCRT
#define S (SCAN_MSVCRT | SCAN_SECURE)
#define VARIADIC(last, call) \
    __builtin_ms_va_list ap; \
    __builtin_ms_va_start(ap, last); \
    struct fmt_args args; \
    fmt_args_from_ms_va(&args, ap); \
    int r = call; \
    __builtin_ms_va_end(ap); \
    return r
#define VFORM(call) \
    struct fmt_args args; \
    fmt_args_from_ms_va(&args, ap); \
    return call

CDECL int msvcrt_sscanf(const char *str, const char *fmt, ...) { VARIADIC(fmt, scan_string(str, (size_t)-1, false, fmt, M, &args)); }
CDECL int msvcrt_sscanf_s(const char *str, const char *fmt, ...) { VARIADIC(fmt, scan_string(str, (size_t)-1, false, fmt, S, &args)); }
CDECL int msvcrt__snscanf(const char *str, SIZE_T len, const char *fmt, ...) { VARIADIC(fmt, scan_string(str, len, false, fmt, M, &args)); }
CDECL int msvcrt__snscanf_s(const char *str, SIZE_T len, const char *fmt, ...) { VARIADIC(fmt, scan_string(str, len, false, fmt, S, &args)); }
CDECL int msvcrt_swscanf(const WCHAR *str, const WCHAR *fmt, ...) { VARIADIC(fmt, scan_string(str, (size_t)-1, true, fmt, M, &args)); }
CDECL int msvcrt_swscanf_s(const WCHAR *str, const WCHAR *fmt, ...) { VARIADIC(fmt, scan_string(str, (size_t)-1, true, fmt, S, &args)); }
CDECL int msvcrt__snwscanf(const WCHAR *str, SIZE_T len, const WCHAR *fmt, ...) { VARIADIC(fmt, scan_string(str, len, true, fmt, M, &args)); }
CDECL int msvcrt__snwscanf_s(const WCHAR *str, SIZE_T len, const WCHAR *fmt, ...) { VARIADIC(fmt, scan_string(str, len, true, fmt, S, &args)); }
CDECL int msvcrt_fscanf(MSVCRT_FILE *f, const char *fmt, ...) { VARIADIC(fmt, scan_file(f, false, fmt, M, &args)); }
CDECL int msvcrt_fscanf_s(MSVCRT_FILE *f, const char *fmt, ...) { VARIADIC(fmt, scan_file(f, false, fmt, S, &args)); }
CDECL int msvcrt_fwscanf(MSVCRT_FILE *f, const WCHAR *fmt, ...) { VARIADIC(fmt, scan_file(f, true, fmt, M, &args)); }
CDECL int msvcrt_fwscanf_s(MSVCRT_FILE *f, const WCHAR *fmt, ...) { VARIADIC(fmt, scan_file(f, true, fmt, S, &args)); }
CDECL int msvcrt_scanf(const char *fmt, ...) { VARIADIC(fmt, scan_file(MSVCRT_stdin, false, fmt, M, &args)); }
CDECL int msvcrt_scanf_s(const char *fmt, ...) { VARIADIC(fmt, scan_file(MSVCRT_stdin, false, fmt, S, &args)); }
CDECL int msvcrt_wscanf(const WCHAR *fmt, ...) { VARIADIC(fmt, scan_file(MSVCRT_stdin, true, fmt, M, &args)); }
CDECL int msvcrt_wscanf_s(const WCHAR *fmt, ...) { VARIADIC(fmt, scan_file(MSVCRT_stdin, true, fmt, S, &args)); }
CDECL int msvcrt_vsscanf(const char *str, const char *fmt, __builtin_ms_va_list ap) { VFORM(scan_string(str, (size_t)-1, false, fmt, M, &args)); }
CDECL int msvcrt_vswscanf(const WCHAR *str, const WCHAR *fmt, __builtin_ms_va_list ap) { VFORM(scan_string(str, (size_t)-1, true, fmt, M, &args)); }
CDECL int msvcrt_vfscanf(MSVCRT_FILE *f, const char *fmt, __builtin_ms_va_list ap) { VFORM(scan_file(f, false, fmt, M, &args)); }
CDECL int msvcrt_vfwscanf(MSVCRT_FILE *f, const WCHAR *fmt, __builtin_ms_va_list ap) { VFORM(scan_file(f, true, fmt, M, &args)); }
CDECL int msvcrt_vscanf(const char *fmt, __builtin_ms_va_list ap) { VFORM(scan_file(MSVCRT_stdin, false, fmt, M, &args)); }
CDECL int msvcrt_vwscanf(const WCHAR *fmt, __builtin_ms_va_list ap) { VFORM(scan_file(MSVCRT_stdin, true, fmt, M, &args)); }
