/*
 * msvcrt/string.c - <string.h> for guest programs: the mem* and str*
 * functions, msvcrt's extensions (_stricmp, _strdup, _strrev ...) and the
 * bounds-checked _s forms. msvcrt runs in the "C" locale here (setlocale is
 * not offered), so case folding and collation are ASCII/byte order, which
 * is what msvcrt does in that locale.
 *
 * The host's optimised mem/str routines do the work where the semantics are
 * identical; the rest is written out. strtok's position is per thread, as in
 * msvcrt (its per-thread data block).
 */
#include "winapi/msvcrt/crt.h"
#include <stdio.h>
#include <string.h>

/* ---- memory -------------------------------------------------------- */

CDECL void *msvcrt_memcpy(void *dst, const void *src, size_t n)
{
    /* msvcrt's memcpy is memmove (programs rely on overlapping copies working). */
    return memmove(dst, src, n);
}

CDECL void *msvcrt_memmove(void *dst, const void *src, size_t n) { return memmove(dst, src, n); }
CDECL void *msvcrt_memset(void *dst, int c, size_t n) { return memset(dst, c, n); }
CDECL int msvcrt_memcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }
CDECL void *msvcrt_memchr(const void *s, int c, size_t n) { return memchr(s, c, n); }

CDECL void *msvcrt__memccpy(void *dst, const void *src, int c, size_t n)
{
    return memccpy(dst, src, c, n);
}

CDECL int msvcrt__memicmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (size_t i = 0; i < n; i++) {
        int d = crt_tolower_c(p[i]) - crt_tolower_c(q[i]);
        if (d)
            return d;
    }
    return 0;
}

CDECL errno_t msvcrt_memcpy_s(void *dst, size_t size, const void *src, size_t n)
{
    if (!n)
        return 0;
    if (!dst)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        memset(dst, 0, size);
        return crt_invalid(CRT_EINVAL);
    }
    if (n > size) {
        memset(dst, 0, size);
        return crt_invalid(CRT_ERANGE);
    }
    memmove(dst, src, n);
    return 0;
}

CDECL errno_t msvcrt_memmove_s(void *dst, size_t size, const void *src, size_t n)
{
    if (!n)
        return 0;
    if (!dst || !src)
        return crt_invalid(CRT_EINVAL);
    if (n > size)
        return crt_invalid(CRT_ERANGE);
    memmove(dst, src, n);
    return 0;
}

/* ---- length, copy, concatenation ------------------------------------ */

CDECL size_t msvcrt_strlen(const char *s) { return strlen(s); }
CDECL size_t msvcrt_strnlen(const char *s, size_t max) { return strnlen(s, max); }
CDECL char *msvcrt_strcpy(char *dst, const char *src) { return strcpy(dst, src); }
CDECL char *msvcrt_strncpy(char *dst, const char *src, size_t n) { return strncpy(dst, src, n); }
CDECL char *msvcrt_strcat(char *dst, const char *src) { return strcat(dst, src); }
CDECL char *msvcrt_strncat(char *dst, const char *src, size_t n) { return strncat(dst, src, n); }

CDECL errno_t msvcrt_strcpy_s(char *dst, size_t size, const char *src)
{
    if (!dst || !size)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t n = strlen(src);
    if (n >= size) {
        dst[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(dst, src, n + 1);
    return 0;
}

CDECL errno_t msvcrt_strcat_s(char *dst, size_t size, const char *src)
{
    if (!dst || !size)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t have = strnlen(dst, size);
    if (have == size) {          /* dst was not terminated within size */
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t n = strlen(src);
    if (have + n >= size) {
        dst[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(dst + have, src, n + 1);
    return 0;
}

#define CRT_TRUNCATE ((size_t)-1)

CDECL errno_t msvcrt_strncpy_s(char *dst, size_t size, const char *src, size_t count)
{
    if (!count) {
        if (dst && size)
            dst[0] = 0;
        return 0;
    }
    if (!dst || !size)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t n = strnlen(src, count == CRT_TRUNCATE ? size : count);
    if (n >= size) {
        if (count == CRT_TRUNCATE) {
            memcpy(dst, src, size - 1);
            dst[size - 1] = 0;
            return CRT_STRUNCATE;
        }
        dst[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(dst, src, n);
    dst[n] = 0;
    return 0;
}

CDECL errno_t msvcrt_strncat_s(char *dst, size_t size, const char *src, size_t count)
{
    if (!count)
        return 0;
    if (!dst || !size)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t have = strnlen(dst, size);
    if (have == size) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t room = size - have;   /* including the terminator */
    size_t n = strnlen(src, count == CRT_TRUNCATE ? room : count);
    if (n >= room) {
        if (count == CRT_TRUNCATE) {
            memcpy(dst + have, src, room - 1);
            dst[size - 1] = 0;
            return CRT_STRUNCATE;
        }
        dst[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(dst + have, src, n);
    dst[have + n] = 0;
    return 0;
}

CDECL char *msvcrt__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = crt_malloc(n);
    if (d)
        memcpy(d, s, n);
    else
        crt_set_errno(CRT_ENOMEM);
    return d;
}

/* ---- comparison ----------------------------------------------------- */

CDECL int msvcrt_strcmp(const char *a, const char *b)
{
    /* msvcrt returns -1/0/1, and some programs compare against them. */
    int d = strcmp(a, b);
    return (d > 0) - (d < 0);
}

CDECL int msvcrt_strncmp(const char *a, const char *b, size_t n)
{
    int d = strncmp(a, b, n);
    return (d > 0) - (d < 0);
}

CDECL int msvcrt__strnicmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ca = crt_tolower_c((unsigned char)a[i]), cb = crt_tolower_c((unsigned char)b[i]);
        if (ca != cb)
            return ca - cb;
        if (!ca)
            break;
    }
    return 0;
}

CDECL int msvcrt__stricmp(const char *a, const char *b) { return msvcrt__strnicmp(a, b, (size_t)-1); }
CDECL int msvcrt__strcmpi(const char *a, const char *b) { return msvcrt__strnicmp(a, b, (size_t)-1); }

/* Collation in the "C" locale is byte order. */
CDECL int msvcrt_strcoll(const char *a, const char *b) { return msvcrt_strcmp(a, b); }
CDECL int msvcrt__strncoll(const char *a, const char *b, size_t n) { return msvcrt_strncmp(a, b, n); }
CDECL int msvcrt__stricoll(const char *a, const char *b) { return msvcrt__stricmp(a, b); }
CDECL int msvcrt__strnicoll(const char *a, const char *b, size_t n) { return msvcrt__strnicmp(a, b, n); }

CDECL size_t msvcrt_strxfrm(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    if (dst && n) {
        size_t c = len < n ? len + 1 : n;
        memcpy(dst, src, c);
    }
    return len;
}

/* ---- searching ------------------------------------------------------ */

CDECL char *msvcrt_strchr(const char *s, int c) { return strchr(s, c); }
CDECL char *msvcrt_strrchr(const char *s, int c) { return strrchr(s, c); }
CDECL char *msvcrt_strstr(const char *h, const char *n) { return strstr(h, n); }
CDECL char *msvcrt_strpbrk(const char *s, const char *set) { return strpbrk(s, set); }
CDECL size_t msvcrt_strspn(const char *s, const char *set) { return strspn(s, set); }
CDECL size_t msvcrt_strcspn(const char *s, const char *set) { return strcspn(s, set); }

static __thread char *strtok_next;

CDECL char *msvcrt_strtok_s(char *s, const char *delim, char **ctx)
{
    if (!delim || !ctx || (!s && !*ctx)) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    if (!s)
        s = *ctx;
    s += strspn(s, delim);
    if (!*s) {
        *ctx = s;
        return NULL;
    }
    char *end = s + strcspn(s, delim);
    if (*end)
        *end++ = 0;
    *ctx = end;
    return s;
}

CDECL char *msvcrt_strtok(char *s, const char *delim)
{
    if (!s && !strtok_next)
        return NULL;
    return msvcrt_strtok_s(s, delim, &strtok_next);
}

/* ---- in-place transformations --------------------------------------- */

CDECL char *msvcrt__strlwr(char *s)
{
    for (char *p = s; p && *p; p++)
        *p = (char)crt_tolower_c((unsigned char)*p);
    return s;
}

CDECL char *msvcrt__strupr(char *s)
{
    for (char *p = s; p && *p; p++)
        *p = (char)crt_toupper_c((unsigned char)*p);
    return s;
}

CDECL errno_t msvcrt__strlwr_s(char *s, size_t size)
{
    if (!s)
        return crt_invalid(CRT_EINVAL);
    if (strnlen(s, size) == size) {
        if (size)
            s[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    msvcrt__strlwr(s);
    return 0;
}

CDECL errno_t msvcrt__strupr_s(char *s, size_t size)
{
    if (!s)
        return crt_invalid(CRT_EINVAL);
    if (strnlen(s, size) == size) {
        if (size)
            s[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    msvcrt__strupr(s);
    return 0;
}

CDECL char *msvcrt__strrev(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; n && i < n - 1 - i; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    return s;
}

CDECL char *msvcrt__strset(char *s, int c)
{
    for (char *p = s; *p; p++)
        *p = (char)c;
    return s;
}

CDECL char *msvcrt__strnset(char *s, int c, size_t n)
{
    for (char *p = s; n && *p; p++, n--)
        *p = (char)c;
    return s;
}

/* ---- error strings -------------------------------------------------- */

/* msvcrt's _sys_errlist text, indexed by its own errno numbers. */
static const char *const crt_errlist[] = {
    "No error", "Operation not permitted", "No such file or directory", "No such process",
    "Interrupted function call", "Input/output error", "No such device or address",
    "Arg list too long", "Exec format error", "Bad file descriptor", "No child processes",
    "Resource temporarily unavailable", "Not enough space", "Permission denied", "Bad address",
    "Unknown error", "Resource device", "File exists", "Improper link", "No such device",
    "Not a directory", "Is a directory", "Invalid argument", "Too many open files in system",
    "Too many open files", "Inappropriate I/O control operation", "Unknown error",
    "File too large", "No space left on device", "Invalid seek", "Read-only file system",
    "Too many links", "Broken pipe", "Domain error", "Result too large", "Unknown error",
    "Resource deadlock avoided", "Unknown error", "Filename too long", "No locks available",
    "Function not implemented", "Directory not empty", "Illegal byte sequence", "Unknown error",
};

const char *crt_strerror_text(int e)
{
    if (e < 0 || (size_t)e >= sizeof crt_errlist / sizeof crt_errlist[0])
        return "Unknown error";
    return crt_errlist[e];
}

/* _sys_nerr and _sys_errlist are data exports that old programs read. */
int msvcrt__sys_nerr = sizeof crt_errlist / sizeof crt_errlist[0];
const char *msvcrt__sys_errlist[sizeof crt_errlist / sizeof crt_errlist[0]];

static __attribute__((constructor)) void init_errlist(void)
{
    for (size_t i = 0; i < sizeof crt_errlist / sizeof crt_errlist[0]; i++)
        msvcrt__sys_errlist[i] = crt_errlist[i];
}

/* msvcrt returns a per-thread buffer that the program may write into. */
static __thread char strerror_buf[128];

CDECL char *msvcrt_strerror(int e)
{
    const char *t = crt_strerror_text(e);
    size_t n = strlen(t);
    memcpy(strerror_buf, t, n + 1);
    return strerror_buf;
}

CDECL errno_t msvcrt_strerror_s(char *buf, size_t size, int e)
{
    if (!buf || !size)
        return crt_invalid(CRT_EINVAL);
    const char *t = crt_strerror_text(e);
    size_t n = strlen(t);
    if (n >= size)
        n = size - 1;      /* strerror_s truncates silently */
    memcpy(buf, t, n);
    buf[n] = 0;
    return 0;
}

/* _strerror(prefix): "prefix: <text of errno>\n", or just the text and
 * newline for a NULL prefix. */
static __thread char _strerror_buf[256];

CDECL char *msvcrt__strerror(const char *prefix)
{
    const char *t = crt_strerror_text(crt_get_errno());
    if (prefix && *prefix)
        snprintf(_strerror_buf, sizeof _strerror_buf, "%.*s: %s\n", 94, prefix, t);
    else
        snprintf(_strerror_buf, sizeof _strerror_buf, "%s\n", t);
    return _strerror_buf;
}
