/*
 * msvcrt/wstring.c - the wide-string (<wchar.h> wcs*) functions. A guest
 * wchar_t is a 16-bit UTF-16 unit (WCHAR), never the host's 32-bit
 * wchar_t, so none of the host's wcs* routines can be used: everything is
 * written out over WCHAR. Case folding uses the Unicode simple mappings of
 * the BMP (ctype.c), as msvcrt's towlower does for the basic ranges.
 */
#include "winapi/msvcrt/crt.h"
#include <string.h>

CDECL size_t msvcrt_wcslen(const WCHAR *s)
{
    const WCHAR *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

CDECL size_t msvcrt_wcsnlen(const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

CDECL int msvcrt_wcscmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (*a > *b) - (*a < *b);
}

CDECL int msvcrt_wcsncmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (*a > *b) - (*a < *b);
        if (!*a)
            break;
    }
    return 0;
}

CDECL WCHAR *msvcrt_wcscpy(WCHAR *dst, const WCHAR *src)
{
    WCHAR *d = dst;
    while ((*d++ = *src++))
        ;
    return dst;
}

CDECL WCHAR *msvcrt_wcsncpy(WCHAR *dst, const WCHAR *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

CDECL WCHAR *msvcrt_wcscat(WCHAR *dst, const WCHAR *src)
{
    msvcrt_wcscpy(dst + msvcrt_wcslen(dst), src);
    return dst;
}

CDECL WCHAR *msvcrt_wcsncat(WCHAR *dst, const WCHAR *src, size_t n)
{
    WCHAR *d = dst + msvcrt_wcslen(dst);
    while (n-- && *src)
        *d++ = *src++;
    *d = 0;
    return dst;
}

CDECL WCHAR *msvcrt_wcschr(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c)
            return (WCHAR *)s;
        if (!*s)
            return NULL;
    }
}

CDECL WCHAR *msvcrt_wcsrchr(const WCHAR *s, WCHAR c)
{
    const WCHAR *last = NULL;
    for (;; s++) {
        if (*s == c)
            last = s;
        if (!*s)
            return (WCHAR *)last;
    }
}

CDECL WCHAR *msvcrt_wcsstr(const WCHAR *h, const WCHAR *n)
{
    size_t nl = msvcrt_wcslen(n);
    if (!nl)
        return (WCHAR *)h;
    for (; *h; h++)
        if (*h == *n && !msvcrt_wcsncmp(h, n, nl))
            return (WCHAR *)h;
    return NULL;
}

static bool in_set(WCHAR c, const WCHAR *set)
{
    for (; *set; set++)
        if (*set == c)
            return true;
    return false;
}

CDECL size_t msvcrt_wcsspn(const WCHAR *s, const WCHAR *set)
{
    size_t n = 0;
    while (s[n] && in_set(s[n], set))
        n++;
    return n;
}

CDECL size_t msvcrt_wcscspn(const WCHAR *s, const WCHAR *set)
{
    size_t n = 0;
    while (s[n] && !in_set(s[n], set))
        n++;
    return n;
}

CDECL WCHAR *msvcrt_wcspbrk(const WCHAR *s, const WCHAR *set)
{
    for (; *s; s++)
        if (in_set(*s, set))
            return (WCHAR *)s;
    return NULL;
}

CDECL WCHAR *msvcrt_wcstok_s(WCHAR *s, const WCHAR *delim, WCHAR **ctx)
{
    if (!delim || !ctx || (!s && !*ctx)) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    if (!s)
        s = *ctx;
    s += msvcrt_wcsspn(s, delim);
    if (!*s) {
        *ctx = s;
        return NULL;
    }
    WCHAR *end = s + msvcrt_wcscspn(s, delim);
    if (*end)
        *end++ = 0;
    *ctx = end;
    return s;
}

static __thread WCHAR *wcstok_next;

/* msvcrt's wcstok takes two arguments (the pre-C95 form); ucrt's takes the
 * context as a third; ucrtbase maps wcstok to msvcrt_wcstok_s. */
CDECL WCHAR *msvcrt_wcstok(WCHAR *s, const WCHAR *delim)
{
    if (!s && !wcstok_next)
        return NULL;
    return msvcrt_wcstok_s(s, delim, &wcstok_next);
}

/* ---- case-insensitive and locale forms ------------------------------ */

CDECL int msvcrt__wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (; n; n--, a++, b++) {
        WCHAR ca = crt_towlower(*a), cb = crt_towlower(*b);
        if (ca != cb)
            return ca - cb;
        if (!ca)
            break;
    }
    return 0;
}

CDECL int msvcrt__wcsicmp(const WCHAR *a, const WCHAR *b) { return msvcrt__wcsnicmp(a, b, (size_t)-1); }
CDECL int msvcrt_wcscoll(const WCHAR *a, const WCHAR *b) { return msvcrt_wcscmp(a, b); }
CDECL int msvcrt__wcsncoll(const WCHAR *a, const WCHAR *b, size_t n) { return msvcrt_wcsncmp(a, b, n); }
CDECL int msvcrt__wcsicoll(const WCHAR *a, const WCHAR *b) { return msvcrt__wcsicmp(a, b); }
CDECL int msvcrt__wcsnicoll(const WCHAR *a, const WCHAR *b, size_t n) { return msvcrt__wcsnicmp(a, b, n); }

CDECL size_t msvcrt_wcsxfrm(WCHAR *dst, const WCHAR *src, size_t n)
{
    size_t len = msvcrt_wcslen(src);
    if (dst && n) {
        size_t c = len < n ? len + 1 : n;
        memcpy(dst, src, c * sizeof(WCHAR));
    }
    return len;
}

CDECL WCHAR *msvcrt__wcsdup(const WCHAR *s)
{
    if (!s)
        return NULL;
    size_t n = (msvcrt_wcslen(s) + 1) * sizeof(WCHAR);
    WCHAR *d = crt_malloc(n);
    if (d)
        memcpy(d, s, n);
    else
        crt_set_errno(CRT_ENOMEM);
    return d;
}

CDECL WCHAR *msvcrt__wcslwr(WCHAR *s)
{
    for (WCHAR *p = s; p && *p; p++)
        *p = crt_towlower(*p);
    return s;
}

CDECL WCHAR *msvcrt__wcsupr(WCHAR *s)
{
    for (WCHAR *p = s; p && *p; p++)
        *p = crt_towupper(*p);
    return s;
}

CDECL errno_t msvcrt__wcslwr_s(WCHAR *s, size_t size)
{
    if (!s)
        return crt_invalid(CRT_EINVAL);
    if (msvcrt_wcsnlen(s, size) == size) {
        if (size)
            s[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    msvcrt__wcslwr(s);
    return 0;
}

CDECL errno_t msvcrt__wcsupr_s(WCHAR *s, size_t size)
{
    if (!s)
        return crt_invalid(CRT_EINVAL);
    if (msvcrt_wcsnlen(s, size) == size) {
        if (size)
            s[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    msvcrt__wcsupr(s);
    return 0;
}

CDECL WCHAR *msvcrt__wcsrev(WCHAR *s)
{
    size_t n = msvcrt_wcslen(s);
    for (size_t i = 0; n && i < n - 1 - i; i++) {
        WCHAR t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    return s;
}

CDECL WCHAR *msvcrt__wcsset(WCHAR *s, WCHAR c)
{
    for (WCHAR *p = s; *p; p++)
        *p = c;
    return s;
}

CDECL WCHAR *msvcrt__wcsnset(WCHAR *s, WCHAR c, size_t n)
{
    for (WCHAR *p = s; n && *p; p++, n--)
        *p = c;
    return s;
}

/* ---- bounds-checked forms ------------------------------------------ */

#define CRT_TRUNCATE ((size_t)-1)

CDECL errno_t msvcrt_wcscpy_s(WCHAR *dst, size_t size, const WCHAR *src)
{
    if (!dst || !size)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t n = msvcrt_wcslen(src);
    if (n >= size) {
        dst[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(dst, src, (n + 1) * sizeof(WCHAR));
    return 0;
}

CDECL errno_t msvcrt_wcscat_s(WCHAR *dst, size_t size, const WCHAR *src)
{
    if (!dst || !size)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t have = msvcrt_wcsnlen(dst, size);
    if (have == size) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t n = msvcrt_wcslen(src);
    if (have + n >= size) {
        dst[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(dst + have, src, (n + 1) * sizeof(WCHAR));
    return 0;
}

CDECL errno_t msvcrt_wcsncpy_s(WCHAR *dst, size_t size, const WCHAR *src, size_t count)
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
    size_t n = msvcrt_wcsnlen(src, count == CRT_TRUNCATE ? size : count);
    if (n >= size) {
        if (count == CRT_TRUNCATE) {
            memcpy(dst, src, (size - 1) * sizeof(WCHAR));
            dst[size - 1] = 0;
            return CRT_STRUNCATE;
        }
        dst[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(dst, src, n * sizeof(WCHAR));
    dst[n] = 0;
    return 0;
}

CDECL errno_t msvcrt_wcsncat_s(WCHAR *dst, size_t size, const WCHAR *src, size_t count)
{
    if (!count)
        return 0;
    if (!dst || !size)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t have = msvcrt_wcsnlen(dst, size);
    if (have == size) {
        dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t room = size - have;
    size_t n = msvcrt_wcsnlen(src, count == CRT_TRUNCATE ? room : count);
    if (n >= room) {
        if (count == CRT_TRUNCATE) {
            memcpy(dst + have, src, (room - 1) * sizeof(WCHAR));
            dst[size - 1] = 0;
            return CRT_STRUNCATE;
        }
        dst[0] = 0;
        return crt_invalid(CRT_ERANGE);
    }
    memcpy(dst + have, src, n * sizeof(WCHAR));
    dst[have + n] = 0;
    return 0;
}

/* ---- wmem* (ucrt exports these; msvcrt has them inline in headers) -- */

CDECL WCHAR *msvcrt_wmemcpy(WCHAR *d, const WCHAR *s, size_t n) { return memmove(d, s, n * sizeof(WCHAR)); }
CDECL WCHAR *msvcrt_wmemmove(WCHAR *d, const WCHAR *s, size_t n) { return memmove(d, s, n * sizeof(WCHAR)); }

CDECL WCHAR *msvcrt_wmemset(WCHAR *d, WCHAR c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = c;
    return d;
}

CDECL int msvcrt_wmemcmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

CDECL WCHAR *msvcrt_wmemchr(const WCHAR *s, WCHAR c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return (WCHAR *)&s[i];
    return NULL;
}

CDECL errno_t msvcrt_wmemcpy_s(WCHAR *dst, size_t size, const WCHAR *src, size_t n)
{
    if (!n)
        return 0;
    if (!dst)
        return crt_invalid(CRT_EINVAL);
    if (!src) {
        memset(dst, 0, size * sizeof(WCHAR));
        return crt_invalid(CRT_EINVAL);
    }
    if (n > size) {
        memset(dst, 0, size * sizeof(WCHAR));
        return crt_invalid(CRT_ERANGE);
    }
    memmove(dst, src, n * sizeof(WCHAR));
    return 0;
}

CDECL errno_t msvcrt_wmemmove_s(WCHAR *dst, size_t size, const WCHAR *src, size_t n)
{
    if (!n)
        return 0;
    if (!dst || !src)
        return crt_invalid(CRT_EINVAL);
    if (n > size)
        return crt_invalid(CRT_ERANGE);
    memmove(dst, src, n * sizeof(WCHAR));
    return 0;
}

/* ---- error strings -------------------------------------------------- */

const char *crt_strerror_text(int e);
static __thread WCHAR wcserror_buf[128];

CDECL WCHAR *msvcrt__wcserror(int e)
{
    const char *t = crt_strerror_text(e);
    size_t i = 0;
    for (; t[i] && i < 127; i++)
        wcserror_buf[i] = (unsigned char)t[i];
    wcserror_buf[i] = 0;
    return wcserror_buf;
}

CDECL errno_t msvcrt__wcserror_s(WCHAR *buf, size_t size, int e)
{
    if (!buf || !size)
        return crt_invalid(CRT_EINVAL);
    const char *t = crt_strerror_text(e);
    size_t i = 0;
    for (; t[i] && i < size - 1; i++)
        buf[i] = (unsigned char)t[i];
    buf[i] = 0;
    return 0;
}
