/*
 * printf.c - the printf family's exports (msvcrt's, and what ucrtbase and
 * ntdll share): streams, buffers with msvcrt's truncation rules, counting,
 * the _s variants and the wide forms. All of them run format.c's engine
 * with msvcrt's behaviour (FMT_MSVCRT); ucrtbase's __stdio_common_* pass
 * their own option bits (ucrtbase/stdio.c).
 *
 * msvcrt's wide functions without a count (swprintf, vswprintf, _swprintf)
 * are the pre-C99 forms: msvcrt.dll has no other.
 */
#include "winapi/msvcrt/msvcrt.h"

#include <string.h>

int msvcrt_printf_count_output;
int msvcrt_output_format;

/* ---- sinks ------------------------------------------------------------------------ */

struct buf_ctx {
    void *buf;
    size_t size;      /* units */
    size_t pos;
    bool wide;
    bool strict;      /* msvcrt's _vsnprintf: a chunk that does not fit stops the output */
};

static bool buf_put(struct fmt_sink *s, const void *chars, size_t n)
{
    struct buf_ctx *b = s->ctx;
    size_t room = b->pos < b->size ? b->size - b->pos : 0;
    size_t unit = b->wide ? sizeof(WCHAR) : 1;
    if (b->buf && room)
        memcpy((char *)b->buf + b->pos * unit, chars, (room < n ? room : n) * unit);
    if (b->strict && n > room) {
        /* What fits is kept (msvcrt copies the head of the chunk). */
        b->pos += room;
        return false;
    }
    b->pos += n;
    return true;
}

int msvcrt_format_to_buffer(void *buf, size_t size, const void *fmt, bool wide, ULONGLONG options,
                            struct fmt_args *args, size_t *total)
{
    struct buf_ctx b = { buf, buf ? size : 0, 0, wide, false };
    struct fmt_sink sink = { buf_put, wide, &b, 0 };
    int r = fmt_printf(&sink, fmt, wide, options, args);
    *total = b.pos;
    return r;
}

static void terminate(void *buf, bool wide, size_t at)
{
    if (wide)
        ((WCHAR *)buf)[at] = 0;
    else
        ((char *)buf)[at] = 0;
}

/* _vsnprintf: fits -> terminated, length; exactly fills -> no terminator,
 * length; too long -> buffer filled, no terminator, -1. */
static int vsnprintf_legacy(void *buf, size_t count, const void *fmt, bool wide, struct fmt_args *args)
{
    if (!fmt || (!buf && count)) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    /* The output stops at the first chunk that does not fit, except that a
     * %c that does not fit is skipped (msvcrt ignores its error), so the
     * result can be the full count without a terminator. */
    struct buf_ctx b = { buf, count, 0, wide, true };
    struct fmt_sink sink = { buf_put, wide, &b, 0 };
    int r = fmt_printf(&sink, fmt, wide, FMT_MSVCRT, args);
    if (r < 0)
        return -1;
    if ((size_t)r < count)
        terminate(buf, wide, (size_t)r);
    return r;
}

/* sprintf/swprintf without a size: the program promises the room. */
static int vsprintf_unbounded(void *buf, const void *fmt, bool wide, struct fmt_args *args)
{
    size_t total;
    if (!buf || !fmt) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    int r = msvcrt_format_to_buffer(buf, (size_t)-1 / 4, fmt, wide, FMT_MSVCRT, args, &total);
    if (r < 0)
        return r;
    terminate(buf, wide, total);
    return (int)total;
}

/* The _s forms: the result must fit with its terminator, else the buffer
 * becomes "" and the call fails (ERANGE), or with _TRUNCATE in _snprintf_s
 * it is cut and -1 returned. */
#define TRUNCATE ((size_t)-1)
static int vsnprintf_secure(void *buf, size_t size, size_t count, const void *fmt, bool wide,
                            struct fmt_args *args)
{
    size_t total;
    if (!buf || !fmt || !size) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    size_t limit = count == TRUNCATE || count >= size ? size - 1 : count;
    int r = msvcrt_format_to_buffer(buf, limit, fmt, wide, FMT_MSVCRT, args, &total);
    if (r < 0) {
        terminate(buf, wide, 0);
        return r;
    }
    if (total <= limit) {
        terminate(buf, wide, total);
        return (int)total;
    }
    if (count == TRUNCATE || count < size) {
        /* Asked to truncate (or to stop at count): cut, terminated, -1. */
        terminate(buf, wide, limit);
        return -1;
    }
    /* The buffer is cleared whole, as Wine's msvcrt does. */
    memset(buf, 0, size * (wide ? sizeof(WCHAR) : 1));
    msvcrt_invalid_parameter(MSVCRT_ERANGE);
    return -1;
}

/* ---- stream output ------------------------------------------------------------------- */

struct stream_ctx {
    MSVCRT_FILE *f;
};

static bool stream_put_narrow(struct fmt_sink *s, const void *chars, size_t n)
{
    struct stream_ctx *c = s->ctx;
    return msvcrt__fwrite_nolock(chars, 1, n, c->f) == n;
}

static bool stream_put_wide(struct fmt_sink *s, const void *chars, size_t n)
{
    struct stream_ctx *c = s->ctx;
    const WCHAR *w = chars;
    for (size_t i = 0; i < n; i++)
        if (msvcrt__fputwc_nolock(w[i], c->f) == MSVCRT_WEOF)
            return false;
    return true;
}

int msvcrt_vfprintf_opts(MSVCRT_FILE *f, const void *fmt, bool wide, ULONGLONG options,
                         struct fmt_args *args)
{
    if (!f || !fmt) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    struct stream_ctx c = { f };
    struct fmt_sink sink = { wide ? stream_put_wide : stream_put_narrow, wide, &c, 0 };
    msvcrt_lock_file(f);
    bool tmp = msvcrt_stream_begin_output(f);
    int r = fmt_printf(&sink, fmt, wide, options, args);
    msvcrt_stream_end_output(f, tmp);
    msvcrt_unlock_file(f);
    return r;
}

/* ---- exports ------------------------------------------------------------------------- */

/* va_list (Microsoft ABI) -> argument source */
#define ARGS_FROM(ap) struct fmt_args args; fmt_args_from_ms_va(&args, ap)
/* a variadic export calling a v-form */
#define VARIADIC(last, call) \
    __builtin_ms_va_list ap; \
    __builtin_ms_va_start(ap, last); \
    ARGS_FROM(ap); \
    int r = call; \
    __builtin_ms_va_end(ap); \
    return r

CDECL int msvcrt_vfprintf(MSVCRT_FILE *f, const char *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return msvcrt_vfprintf_opts(f, fmt, false, FMT_MSVCRT, &args);
}
CDECL int msvcrt_fprintf(MSVCRT_FILE *f, const char *fmt, ...)
{
    VARIADIC(fmt, msvcrt_vfprintf_opts(f, fmt, false, FMT_MSVCRT, &args));
}
CDECL int msvcrt_vprintf(const char *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return msvcrt_vfprintf_opts(MSVCRT_stdout, fmt, false, FMT_MSVCRT, &args);
}
CDECL int msvcrt_printf(const char *fmt, ...)
{
    VARIADIC(fmt, msvcrt_vfprintf_opts(MSVCRT_stdout, fmt, false, FMT_MSVCRT, &args));
}
CDECL int msvcrt_vfwprintf(MSVCRT_FILE *f, const WCHAR *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return msvcrt_vfprintf_opts(f, fmt, true, FMT_MSVCRT, &args);
}
CDECL int msvcrt_fwprintf(MSVCRT_FILE *f, const WCHAR *fmt, ...)
{
    VARIADIC(fmt, msvcrt_vfprintf_opts(f, fmt, true, FMT_MSVCRT, &args));
}
CDECL int msvcrt_vwprintf(const WCHAR *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return msvcrt_vfprintf_opts(MSVCRT_stdout, fmt, true, FMT_MSVCRT, &args);
}
CDECL int msvcrt_wprintf(const WCHAR *fmt, ...)
{
    VARIADIC(fmt, msvcrt_vfprintf_opts(MSVCRT_stdout, fmt, true, FMT_MSVCRT, &args));
}

/* sprintf family */
CDECL int msvcrt_vsprintf(char *buf, const char *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return vsprintf_unbounded(buf, fmt, false, &args);
}
CDECL int msvcrt_sprintf(char *buf, const char *fmt, ...)
{
    VARIADIC(fmt, vsprintf_unbounded(buf, fmt, false, &args));
}
CDECL int msvcrt__vsnprintf(char *buf, SIZE_T count, const char *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return vsnprintf_legacy(buf, count, fmt, false, &args);
}
CDECL int msvcrt__snprintf(char *buf, SIZE_T count, const char *fmt, ...)
{
    VARIADIC(fmt, vsnprintf_legacy(buf, count, fmt, false, &args));
}
CDECL int msvcrt__vscprintf(const char *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    size_t total;
    int r = msvcrt_format_to_buffer(NULL, 0, fmt, false, FMT_MSVCRT, &args, &total);
    return r < 0 ? r : (int)total;
}
CDECL int msvcrt__scprintf(const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int r = msvcrt__vscprintf(fmt, ap);
    __builtin_ms_va_end(ap);
    return r;
}
CDECL int msvcrt_vsprintf_s(char *buf, SIZE_T size, const char *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return vsnprintf_secure(buf, size, size, fmt, false, &args);
}
CDECL int msvcrt_sprintf_s(char *buf, SIZE_T size, const char *fmt, ...)
{
    VARIADIC(fmt, vsnprintf_secure(buf, size, size, fmt, false, &args));
}
CDECL int msvcrt__vsnprintf_s(char *buf, SIZE_T size, SIZE_T count, const char *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return vsnprintf_secure(buf, size, count, fmt, false, &args);
}
CDECL int msvcrt__snprintf_s(char *buf, SIZE_T size, SIZE_T count, const char *fmt, ...)
{
    VARIADIC(fmt, vsnprintf_secure(buf, size, count, fmt, false, &args));
}

/* wide buffers */
CDECL int msvcrt_vswprintf(WCHAR *buf, const WCHAR *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return vsprintf_unbounded(buf, fmt, true, &args);
}
CDECL int msvcrt_swprintf(WCHAR *buf, const WCHAR *fmt, ...)
{
    VARIADIC(fmt, vsprintf_unbounded(buf, fmt, true, &args));
}
CDECL int msvcrt__vsnwprintf(WCHAR *buf, SIZE_T count, const WCHAR *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return vsnprintf_legacy(buf, count, fmt, true, &args);
}
CDECL int msvcrt__snwprintf(WCHAR *buf, SIZE_T count, const WCHAR *fmt, ...)
{
    VARIADIC(fmt, vsnprintf_legacy(buf, count, fmt, true, &args));
}
CDECL int msvcrt__vscwprintf(const WCHAR *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    size_t total;
    int r = msvcrt_format_to_buffer(NULL, 0, fmt, true, FMT_MSVCRT, &args, &total);
    return r < 0 ? r : (int)total;
}
CDECL int msvcrt__scwprintf(const WCHAR *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int r = msvcrt__vscwprintf(fmt, ap);
    __builtin_ms_va_end(ap);
    return r;
}
CDECL int msvcrt_vswprintf_s(WCHAR *buf, SIZE_T size, const WCHAR *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return vsnprintf_secure(buf, size, size, fmt, true, &args);
}
CDECL int msvcrt_swprintf_s(WCHAR *buf, SIZE_T size, const WCHAR *fmt, ...)
{
    VARIADIC(fmt, vsnprintf_secure(buf, size, size, fmt, true, &args));
}
CDECL int msvcrt__vsnwprintf_s(WCHAR *buf, SIZE_T size, SIZE_T count, const WCHAR *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    return vsnprintf_secure(buf, size, count, fmt, true, &args);
}
CDECL int msvcrt__snwprintf_s(WCHAR *buf, SIZE_T size, SIZE_T count, const WCHAR *fmt, ...)
{
    VARIADIC(fmt, vsnprintf_secure(buf, size, count, fmt, true, &args));
}
/* _vswprintf_c / _swprintf_c (and the counted vswprintf of msvcr80+): like _snwprintf but always terminated. */
CDECL int msvcrt__vswprintf_c(WCHAR *buf, SIZE_T count, const WCHAR *fmt, __builtin_ms_va_list ap)
{
    ARGS_FROM(ap);
    size_t total;
    if (!buf || !fmt || !count) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    int r = msvcrt_format_to_buffer(buf, count, fmt, true, FMT_MSVCRT, &args, &total);
    if (r < 0 || total >= count) {
        buf[count - 1] = 0;
        return -1;
    }
    buf[total] = 0;
    return (int)total;
}
CDECL int msvcrt__swprintf_c(WCHAR *buf, SIZE_T count, const WCHAR *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int r = msvcrt__vswprintf_c(buf, count, fmt, ap);
    __builtin_ms_va_end(ap);
    return r;
}

/* printf_s & co.: the checks of the secure CRT, same output. */
CDECL int msvcrt_printf_s(const char *fmt, ...)
{
    VARIADIC(fmt, msvcrt_vfprintf_opts(MSVCRT_stdout, fmt, false, FMT_MSVCRT, &args));
}
CDECL int msvcrt_fprintf_s(MSVCRT_FILE *f, const char *fmt, ...)
{
    VARIADIC(fmt, msvcrt_vfprintf_opts(f, fmt, false, FMT_MSVCRT, &args));
}
CDECL int msvcrt_vprintf_s(const char *fmt, __builtin_ms_va_list ap) { return msvcrt_vprintf(fmt, ap); }
CDECL int msvcrt_vfprintf_s(MSVCRT_FILE *f, const char *fmt, __builtin_ms_va_list ap) { return msvcrt_vfprintf(f, fmt, ap); }
CDECL int msvcrt_wprintf_s(const WCHAR *fmt, ...)
{
    VARIADIC(fmt, msvcrt_vfprintf_opts(MSVCRT_stdout, fmt, true, FMT_MSVCRT, &args));
}
CDECL int msvcrt_fwprintf_s(MSVCRT_FILE *f, const WCHAR *fmt, ...)
{
    VARIADIC(fmt, msvcrt_vfprintf_opts(f, fmt, true, FMT_MSVCRT, &args));
}
CDECL int msvcrt_vwprintf_s(const WCHAR *fmt, __builtin_ms_va_list ap) { return msvcrt_vwprintf(fmt, ap); }
CDECL int msvcrt_vfwprintf_s(MSVCRT_FILE *f, const WCHAR *fmt, __builtin_ms_va_list ap) { return msvcrt_vfwprintf(f, fmt, ap); }

/* ---- settings ------------------------------------------------------------------------ */

CDECL int msvcrt__set_printf_count_output(int enable)
{
    int old = msvcrt_printf_count_output;
    msvcrt_printf_count_output = enable != 0;
    return old;
}
CDECL int msvcrt__get_printf_count_output(void) { return msvcrt_printf_count_output; }

CDECL unsigned int msvcrt__set_output_format(unsigned int fmt)
{
    unsigned int old = (unsigned)msvcrt_output_format;
    msvcrt_output_format = (int)(fmt & 1);
    return old;
}
CDECL unsigned int msvcrt__get_output_format(void) { return (unsigned)msvcrt_output_format; }
