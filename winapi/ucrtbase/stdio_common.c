/*
 * ucrtbase/stdio_common.c - the Universal CRT's formatted I/O entry points.
 * ucrt's headers inline printf/sprintf/scanf ... over these few functions,
 * which take an options word first (_CRT_INTERNAL_PRINTF_* or _SCANF_*)
 * and a locale (ignored: one process locale, see msvcrt/locale.c). They
 * run msvcrt's engine (msvcrt/format.c, msvcrt/scanf.c) with those options:
 *
 *   LEGACY_VSPRINTF_NULL_TERMINATION  _vsnprintf's rules (-1, no terminator)
 *   STANDARD_SNPRINTF_BEHAVIOR        C99 snprintf: the full length, cut and terminated
 *   neither                           cut and terminated, -2 (or -1 with no room)
 *   LEGACY_WIDE_SPECIFIERS            %s in wprintf is wide
 *   LEGACY_MSVCRT_COMPATIBILITY       1.#INF, F/N prefixes
 *   LEGACY_THREE_DIGIT_EXPONENTS      e+000
 *   STANDARD_ROUNDING                 round half to even
 */
#include "winapi/msvcrt/msvcrt.h"

#include <string.h>

#define OPT_LEGACY_NULL   FMT_LEGACY_VSPRINTF_NULL
#define OPT_STD_SNPRINTF  FMT_STANDARD_SNPRINTF
#define FORMAT_MASK (FMT_LEGACY_WIDE_SPECIFIERS | FMT_LEGACY_MSVCRT_COMPAT | FMT_LEGACY_3DIGIT_EXPONENT | FMT_STANDARD_ROUNDING)


static void put_nul(void *buf, bool wide, size_t at)
{
    if (wide)
        ((WCHAR *)buf)[at] = 0;
    else
        ((char *)buf)[at] = 0;
}

static int common_vsprintf(ULONGLONG options, void *buf, size_t len, const void *fmt, bool wide,
                           __builtin_ms_va_list ap)
{
    struct fmt_args args;
    size_t total;
    if (!fmt || (!buf && len)) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    fmt_args_from_ms_va(&args, ap);
    int r = msvcrt_format_to_buffer(buf, len, fmt, wide, options & FORMAT_MASK, &args, &total);
    if (r < 0)
        return r;
    if (!buf)
        return (int)total;
    if (options & OPT_LEGACY_NULL) {
        if (total > len)
            return -1;
        if (total < len)
            put_nul(buf, wide, total);
        return (int)total;
    }
    if (total >= len) {
        if (len)
            put_nul(buf, wide, len - 1);
        if (options & OPT_STD_SNPRINTF)
            return (int)total;
        return len ? -2 : -1;
    }
    put_nul(buf, wide, total);
    return (int)total;
}

/* The _s forms: a result that does not fit empties the buffer (ERANGE). */
static int common_vsnprintf_s(ULONGLONG options, void *buf, size_t size, size_t count, const void *fmt,
                              bool wide, __builtin_ms_va_list ap)
{
    struct fmt_args args;
    size_t total;
    if (!buf || !fmt || !size) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    fmt_args_from_ms_va(&args, ap);
    size_t limit = count == (size_t)-1 || count >= size ? size - 1 : count;
    int r = msvcrt_format_to_buffer(buf, limit, fmt, wide, options & FORMAT_MASK, &args, &total);
    if (r < 0) {
        put_nul(buf, wide, 0);
        return -1;
    }
    if (total <= limit) {
        put_nul(buf, wide, total);
        return (int)total;
    }
    if (count == (size_t)-1 || count < size) {
        put_nul(buf, wide, limit);
        return -1;
    }
    put_nul(buf, wide, 0);
    msvcrt_invalid_parameter(MSVCRT_ERANGE);
    return -1;
}

CDECL int ucrtbase___stdio_common_vsprintf(ULONGLONG options, char *buf, SIZE_T len, const char *fmt,
                                           void *locale, __builtin_ms_va_list ap)
{
    return common_vsprintf(options, buf, len, fmt, false, ap);
}

CDECL int ucrtbase___stdio_common_vswprintf(ULONGLONG options, WCHAR *buf, SIZE_T len, const WCHAR *fmt,
                                            void *locale, __builtin_ms_va_list ap)
{
    return common_vsprintf(options, buf, len, fmt, true, ap);
}

CDECL int ucrtbase___stdio_common_vsprintf_s(ULONGLONG options, char *buf, SIZE_T size, const char *fmt,
                                             void *locale, __builtin_ms_va_list ap)
{
    return common_vsnprintf_s(options, buf, size, size, fmt, false, ap);
}

CDECL int ucrtbase___stdio_common_vswprintf_s(ULONGLONG options, WCHAR *buf, SIZE_T size, const WCHAR *fmt,
                                              void *locale, __builtin_ms_va_list ap)
{
    return common_vsnprintf_s(options, buf, size, size, fmt, true, ap);
}

CDECL int ucrtbase___stdio_common_vsnprintf_s(ULONGLONG options, char *buf, SIZE_T size, SIZE_T count,
                                              const char *fmt, void *locale, __builtin_ms_va_list ap)
{
    return common_vsnprintf_s(options, buf, size, count, fmt, false, ap);
}

CDECL int ucrtbase___stdio_common_vsnwprintf_s(ULONGLONG options, WCHAR *buf, SIZE_T size, SIZE_T count,
                                               const WCHAR *fmt, void *locale, __builtin_ms_va_list ap)
{
    return common_vsnprintf_s(options, buf, size, count, fmt, true, ap);
}

CDECL int ucrtbase___stdio_common_vfprintf(ULONGLONG options, MSVCRT_FILE *f, const char *fmt,
                                           void *locale, __builtin_ms_va_list ap)
{
    struct fmt_args args;
    fmt_args_from_ms_va(&args, ap);
    return msvcrt_vfprintf_opts(f, fmt, false, options & FORMAT_MASK, &args);
}

CDECL int ucrtbase___stdio_common_vfwprintf(ULONGLONG options, MSVCRT_FILE *f, const WCHAR *fmt,
                                            void *locale, __builtin_ms_va_list ap)
{
    struct fmt_args args;
    fmt_args_from_ms_va(&args, ap);
    return msvcrt_vfprintf_opts(f, fmt, true, options & FORMAT_MASK, &args);
}

CDECL int ucrtbase___stdio_common_vfprintf_s(ULONGLONG options, MSVCRT_FILE *f, const char *fmt,
                                             void *locale, __builtin_ms_va_list ap)
{
    return ucrtbase___stdio_common_vfprintf(options, f, fmt, locale, ap);
}

CDECL int ucrtbase___stdio_common_vfwprintf_s(ULONGLONG options, MSVCRT_FILE *f, const WCHAR *fmt,
                                              void *locale, __builtin_ms_va_list ap)
{
    return ucrtbase___stdio_common_vfwprintf(options, f, fmt, locale, ap);
}

/* scanf: bit 0 _CRT_INTERNAL_SCANF_SECURECRT, bit 1 legacy wide specifiers. */
#define SCAN_OPTS(o) ((o) & 0x3)

CDECL int ucrtbase___stdio_common_vsscanf(ULONGLONG options, const char *str, SIZE_T len, const char *fmt,
                                          void *locale, __builtin_ms_va_list ap)
{
    struct fmt_args args;
    fmt_args_from_ms_va(&args, ap);
    return msvcrt_scan_string(str, len, false, fmt, SCAN_OPTS(options), &args);
}

CDECL int ucrtbase___stdio_common_vswscanf(ULONGLONG options, const WCHAR *str, SIZE_T len, const WCHAR *fmt,
                                           void *locale, __builtin_ms_va_list ap)
{
    struct fmt_args args;
    fmt_args_from_ms_va(&args, ap);
    return msvcrt_scan_string(str, len, true, fmt, SCAN_OPTS(options), &args);
}

CDECL int ucrtbase___stdio_common_vfscanf(ULONGLONG options, MSVCRT_FILE *f, const char *fmt,
                                          void *locale, __builtin_ms_va_list ap)
{
    struct fmt_args args;
    fmt_args_from_ms_va(&args, ap);
    return msvcrt_scan_file(f, false, fmt, SCAN_OPTS(options), &args);
}

CDECL int ucrtbase___stdio_common_vfwscanf(ULONGLONG options, MSVCRT_FILE *f, const WCHAR *fmt,
                                           void *locale, __builtin_ms_va_list ap)
{
    struct fmt_args args;
    fmt_args_from_ms_va(&args, ap);
    return msvcrt_scan_file(f, true, fmt, SCAN_OPTS(options), &args);
}

/* _get_stream_buffer_pointers: where the stream's _base, _ptr and _cnt live. */
CDECL int ucrtbase__get_stream_buffer_pointers(MSVCRT_FILE *f, char ***base, char ***ptr, int **cnt)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    if (base) *base = &f->_base;
    if (ptr) *ptr = &f->_ptr;
    if (cnt) *cnt = &f->_cnt;
    return 0;
}
