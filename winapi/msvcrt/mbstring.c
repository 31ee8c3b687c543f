/*
 * msvcrt/mbstring.c - multibyte <-> wide conversions of <stdlib.h> and
 * <wchar.h> (mbstowcs, wctomb, mbrtowc ...) and the <mbstring.h> _mbs*
 * functions, for the "C" locale that msvcrt starts in and keeps here
 * (setlocale is not offered).
 *
 * In that locale the code page is 0 and a byte is a character: byte b is
 * wide character U+00bb and back; a wide character above U+00FF has no
 * multibyte form (EILSEQ). The multibyte code page of the _mbs* functions
 * (_getmbcp) is 0 too, i.e. single-byte: they behave as their str*
 * counterparts with ASCII case folding, and no byte is a lead byte.
 * _setmbcp accepts only single-byte code pages, since DBCS tables are not
 * provided; a DBCS code page fails with EINVAL rather than mis-handle text.
 */
#include "winapi/msvcrt/crt.h"
#include <string.h>

#define WEOF_ 0xffff

/* ---- locale facts ---------------------------------------------------- */

static int mb_codepage;     /* _getmbcp(): 0 = single-byte "C" */

CDECL int msvcrt__getmbcp(void) { return mb_codepage; }

CDECL int msvcrt__setmbcp(int cp)
{
    switch (cp) {
    case 0: case -2: case -3: case -4:     /* _MB_CP_SBCS, _MB_CP_OEM, _MB_CP_ANSI, _MB_CP_LOCALE */
        mb_codepage = 0;
        return 0;
    case 437: case 850: case 1250: case 1251: case 1252: case 1253: case 1254:
    case 1255: case 1256: case 1257: case 1258: case 20127: case 28591:
        mb_codepage = cp;
        return 0;
    default:
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
}

/* _mbctype: 257 bytes of lead/trail flags (none in a single-byte code
 * page); _mbcasemap: 256 bytes. */
unsigned char msvcrt__mbctype[257];
unsigned char msvcrt__mbcasemap[256];
CDECL unsigned char *msvcrt___p__mbctype(void) { return msvcrt__mbctype; }
CDECL unsigned char *msvcrt___p__mbcasemap(void) { return msvcrt__mbcasemap; }

/* ---- single characters ---------------------------------------------- */

CDECL int msvcrt_mblen(const char *s, size_t n)
{
    if (!s || !n || !*s)
        return 0;
    return 1;
}

CDECL int msvcrt_mbtowc(WCHAR *wc, const char *s, size_t n)
{
    if (!s || !n)
        return 0;
    if (wc)
        *wc = (unsigned char)*s;
    return *s ? 1 : 0;
}

CDECL int msvcrt_wctomb(char *s, WCHAR wc)
{
    if (!s)
        return 0;
    if (wc > 0xff) {
        *s = 0;             /* msvcrt zero-fills its MB_CUR_MAX bytes */
        crt_set_errno(CRT_EILSEQ);
        return -1;
    }
    *s = (char)wc;
    return 1;
}

CDECL errno_t msvcrt_wctomb_s(int *len, char *s, size_t size, WCHAR wc)
{
    if (!s && size)
        return crt_invalid(CRT_EINVAL);
    if (!s) {
        if (len)
            *len = 0;
        return 0;
    }
    if (!size)
        return crt_invalid(CRT_ERANGE);
    if (wc > 0xff) {
        memset(s, 0, size);
        if (len)
            *len = -1;
        return crt_invalid(CRT_EILSEQ);
    }
    *s = (char)wc;
    if (len)
        *len = 1;
    return 0;
}

CDECL WCHAR msvcrt_btowc(int c)
{
    if (c == -1)
        return WEOF_;
    return (unsigned char)c;
}

CDECL int msvcrt_wctob(WCHAR wc)
{
    return wc <= 0xff ? (int)wc : -1;
}

/* mbstate_t is an int on Windows; the "C" locale never needs it. */
CDECL size_t msvcrt_mbrtowc(WCHAR *wc, const char *s, size_t n, int *state)
{
    if (!s)
        return 0;
    if (!n)
        return (size_t)-2;
    if (wc)
        *wc = (unsigned char)*s;
    if (state)
        *state = 0;
    return *s ? 1 : 0;
}

CDECL size_t msvcrt_mbrlen(const char *s, size_t n, int *state)
{
    return msvcrt_mbrtowc(NULL, s, n, state);
}

CDECL int msvcrt_mbsinit(const int *state) { return !state || !*state; }

CDECL size_t msvcrt_wcrtomb(char *s, WCHAR wc, int *state)
{
    if (state)
        *state = 0;
    if (!s)
        return 1;
    if (wc > 0xff) {
        crt_set_errno(CRT_EILSEQ);
        return (size_t)-1;
    }
    *s = (char)wc;
    return 1;
}

/* ---- strings ----------------------------------------------------------- */

CDECL size_t msvcrt_mbstowcs(WCHAR *dst, const char *src, size_t n)
{
    if (!src) {
        crt_set_errno(CRT_EINVAL);
        return (size_t)-1;
    }
    size_t len = strlen(src);
    if (!dst)
        return len;
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = (unsigned char)src[i];
    if (i < n)
        dst[i] = 0;
    return i;
}

CDECL size_t msvcrt_wcstombs(char *dst, const WCHAR *src, size_t n)
{
    if (!src) {
        crt_set_errno(CRT_EINVAL);
        return (size_t)-1;
    }
    size_t i = 0;
    for (; dst ? i < n : true; i++) {
        WCHAR c = src[i];
        if (!c)
            break;
        if (c > 0xff) {
            crt_set_errno(CRT_EILSEQ);
            return (size_t)-1;
        }
        if (dst)
            dst[i] = (char)c;
    }
    if (dst && i < n)
        dst[i] = 0;
    return i;
}

CDECL size_t msvcrt_mbsrtowcs(WCHAR *dst, const char **src, size_t n, int *state)
{
    if (!src || !*src) {
        crt_set_errno(CRT_EINVAL);
        return (size_t)-1;
    }
    const char *s = *src;
    if (!dst)
        return strlen(s);
    size_t i = 0;
    for (; i < n; i++) {
        dst[i] = (unsigned char)s[i];
        if (!s[i]) {
            *src = NULL;
            return i;
        }
    }
    *src = s + i;
    return i;
}

CDECL size_t msvcrt_wcsrtombs(char *dst, const WCHAR **src, size_t n, int *state)
{
    if (!src || !*src) {
        crt_set_errno(CRT_EINVAL);
        return (size_t)-1;
    }
    const WCHAR *s = *src;
    size_t i = 0;
    for (; !dst || i < n; i++) {
        if (s[i] > 0xff) {
            crt_set_errno(CRT_EILSEQ);
            if (dst)
                *src = s + i;
            return (size_t)-1;
        }
        if (dst)
            dst[i] = (char)s[i];
        if (!s[i]) {
            if (dst)
                *src = NULL;
            return i;
        }
    }
    *src = s + i;
    return i;
}

#define CRT_TRUNCATE ((size_t)-1)

/* mbstowcs_s: *ret counts the terminator. */
CDECL errno_t msvcrt_mbstowcs_s(size_t *ret, WCHAR *dst, size_t size, const char *src, size_t count)
{
    if ((!dst && size) || (dst && !size) || !src) {
        if (dst && size)
            dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t len = strlen(src);
    if (count != CRT_TRUNCATE && count < len)
        len = count;
    if (!dst) {
        if (ret)
            *ret = len + 1;
        return 0;
    }
    errno_t e = 0;
    if (len >= size) {
        if (count != CRT_TRUNCATE) {
            dst[0] = 0;
            if (ret)
                *ret = 0;
            return crt_invalid(CRT_ERANGE);
        }
        len = size - 1;
        e = CRT_STRUNCATE;
    }
    for (size_t i = 0; i < len; i++)
        dst[i] = (unsigned char)src[i];
    dst[len] = 0;
    if (ret)
        *ret = len + 1;
    return e;
}

CDECL errno_t msvcrt_wcstombs_s(size_t *ret, char *dst, size_t size, const WCHAR *src, size_t count)
{
    if ((!dst && size) || (dst && !size) || !src) {
        if (dst && size)
            dst[0] = 0;
        return crt_invalid(CRT_EINVAL);
    }
    size_t len = 0;
    while (src[len] && (count == CRT_TRUNCATE || len < count)) {
        if (src[len] > 0xff) {
            if (dst)
                dst[0] = 0;
            if (ret)
                *ret = 0;
            return crt_invalid(CRT_EILSEQ);
        }
        len++;
    }
    if (!dst) {
        if (ret)
            *ret = len + 1;
        return 0;
    }
    errno_t e = 0;
    if (len >= size) {
        if (count != CRT_TRUNCATE) {
            dst[0] = 0;
            if (ret)
                *ret = 0;
            return crt_invalid(CRT_ERANGE);
        }
        len = size - 1;
        e = CRT_STRUNCATE;
    }
    for (size_t i = 0; i < len; i++)
        dst[i] = (char)src[i];
    dst[len] = 0;
    if (ret)
        *ret = len + 1;
    return e;
}

/* ---- <mbstring.h> in a single-byte code page ------------------------ */

CDECL int msvcrt_strcmp(const char *a, const char *b);
CDECL int msvcrt_strncmp(const char *a, const char *b, size_t n);
CDECL int msvcrt__stricmp(const char *a, const char *b);
CDECL int msvcrt__strnicmp(const char *a, const char *b, size_t n);
CDECL char *msvcrt__strdup(const char *s);
CDECL char *msvcrt__strlwr(char *s);
CDECL char *msvcrt__strupr(char *s);
CDECL char *msvcrt__strrev(char *s);
CDECL char *msvcrt_strtok(char *s, const char *delim);
CDECL char *msvcrt_strtok_s(char *s, const char *delim, char **ctx);

CDECL size_t msvcrt__mbslen(const unsigned char *s) { return strlen((const char *)s); }
CDECL size_t msvcrt__mbsnlen(const unsigned char *s, size_t max) { return strnlen((const char *)s, max); }
CDECL size_t msvcrt__mbstrlen(const char *s) { return strlen(s); }
CDECL size_t msvcrt__mbstrnlen(const char *s, size_t max) { return strnlen(s, max); }
CDECL int msvcrt__mbscmp(const unsigned char *a, const unsigned char *b) { return msvcrt_strcmp((const char *)a, (const char *)b); }
CDECL int msvcrt__mbsncmp(const unsigned char *a, const unsigned char *b, size_t n) { return msvcrt_strncmp((const char *)a, (const char *)b, n); }
CDECL int msvcrt__mbsicmp(const unsigned char *a, const unsigned char *b) { return msvcrt__stricmp((const char *)a, (const char *)b); }
CDECL int msvcrt__mbsnicmp(const unsigned char *a, const unsigned char *b, size_t n) { return msvcrt__strnicmp((const char *)a, (const char *)b, n); }
CDECL unsigned char *msvcrt__mbschr(const unsigned char *s, unsigned c) { return (unsigned char *)strchr((const char *)s, (int)(c & 0xff)); }
CDECL unsigned char *msvcrt__mbsrchr(const unsigned char *s, unsigned c) { return (unsigned char *)strrchr((const char *)s, (int)(c & 0xff)); }
CDECL unsigned char *msvcrt__mbsstr(const unsigned char *h, const unsigned char *n) { return (unsigned char *)strstr((const char *)h, (const char *)n); }
CDECL unsigned char *msvcrt__mbspbrk(const unsigned char *s, const unsigned char *set) { return (unsigned char *)strpbrk((const char *)s, (const char *)set); }
CDECL size_t msvcrt__mbsspn(const unsigned char *s, const unsigned char *set) { return strspn((const char *)s, (const char *)set); }
CDECL size_t msvcrt__mbscspn(const unsigned char *s, const unsigned char *set) { return strcspn((const char *)s, (const char *)set); }
CDECL unsigned char *msvcrt__mbstok(unsigned char *s, const unsigned char *d) { return (unsigned char *)msvcrt_strtok((char *)s, (const char *)d); }
CDECL unsigned char *msvcrt__mbstok_s(unsigned char *s, const unsigned char *d, unsigned char **ctx) { return (unsigned char *)msvcrt_strtok_s((char *)s, (const char *)d, (char **)ctx); }
CDECL unsigned char *msvcrt__mbscat(unsigned char *d, const unsigned char *s) { return (unsigned char *)strcat((char *)d, (const char *)s); }
CDECL unsigned char *msvcrt__mbscpy(unsigned char *d, const unsigned char *s) { return (unsigned char *)strcpy((char *)d, (const char *)s); }
CDECL unsigned char *msvcrt__mbsdup(const unsigned char *s) { return (unsigned char *)msvcrt__strdup((const char *)s); }
CDECL unsigned char *msvcrt__mbslwr(unsigned char *s) { return (unsigned char *)msvcrt__strlwr((char *)s); }
CDECL unsigned char *msvcrt__mbsupr(unsigned char *s) { return (unsigned char *)msvcrt__strupr((char *)s); }
CDECL unsigned char *msvcrt__mbsrev(unsigned char *s) { return (unsigned char *)msvcrt__strrev((char *)s); }
CDECL unsigned char *msvcrt__mbsinc(const unsigned char *p) { return (unsigned char *)p + 1; }
CDECL unsigned char *msvcrt__mbsdec(const unsigned char *start, const unsigned char *cur) { return cur > start ? (unsigned char *)cur - 1 : NULL; }
CDECL unsigned msvcrt__mbsnextc(const unsigned char *p) { return *p; }
CDECL size_t msvcrt__mbclen(const unsigned char *p) { return 1; }
CDECL int msvcrt__ismbblead(unsigned c) { return 0; }
CDECL int msvcrt__ismbbtrail(unsigned c) { return 0; }
CDECL int msvcrt__ismbslead(const unsigned char *start, const unsigned char *p) { return 0; }
CDECL int msvcrt__ismbstrail(const unsigned char *start, const unsigned char *p) { return 0; }
CDECL size_t msvcrt__mbsnbcnt(const unsigned char *s, size_t n) { return strnlen((const char *)s, n); }
CDECL size_t msvcrt__mbsnccnt(const unsigned char *s, size_t n) { return strnlen((const char *)s, n); }
CDECL unsigned char *msvcrt__mbsncpy(unsigned char *d, const unsigned char *s, size_t n) { return (unsigned char *)strncpy((char *)d, (const char *)s, n); }
CDECL unsigned char *msvcrt__mbsnbcpy(unsigned char *d, const unsigned char *s, size_t n) { return (unsigned char *)strncpy((char *)d, (const char *)s, n); }
CDECL unsigned char *msvcrt__mbsncat(unsigned char *d, const unsigned char *s, size_t n) { return (unsigned char *)strncat((char *)d, (const char *)s, n); }
CDECL unsigned char *msvcrt__mbsnbcat(unsigned char *d, const unsigned char *s, size_t n) { return (unsigned char *)strncat((char *)d, (const char *)s, n); }
CDECL int msvcrt__mbsnbcmp(const unsigned char *a, const unsigned char *b, size_t n) { return msvcrt_strncmp((const char *)a, (const char *)b, n); }
CDECL int msvcrt__mbsnbicmp(const unsigned char *a, const unsigned char *b, size_t n) { return msvcrt__strnicmp((const char *)a, (const char *)b, n); }
CDECL int msvcrt__mbscoll(const unsigned char *a, const unsigned char *b) { return msvcrt_strcmp((const char *)a, (const char *)b); }
CDECL int msvcrt__mbsicoll(const unsigned char *a, const unsigned char *b) { return msvcrt__stricmp((const char *)a, (const char *)b); }
CDECL unsigned msvcrt__mbctolower(unsigned c) { return (unsigned)crt_tolower_c((int)c); }
CDECL unsigned msvcrt__mbctoupper(unsigned c) { return (unsigned)crt_toupper_c((int)c); }
CDECL int msvcrt__ismbcdigit(unsigned c) { return c >= '0' && c <= '9'; }
CDECL int msvcrt__ismbcalpha(unsigned c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
CDECL int msvcrt__ismbclower(unsigned c) { return c >= 'a' && c <= 'z'; }
CDECL int msvcrt__ismbcupper(unsigned c) { return c >= 'A' && c <= 'Z'; }
CDECL int msvcrt__ismbcspace(unsigned c) { return c == ' ' || (c >= 9 && c <= 13); }
CDECL void msvcrt__mbccpy(unsigned char *d, const unsigned char *s) { *d = *s; }

CDECL unsigned char *msvcrt__mbsset(unsigned char *s, unsigned c)
{
    for (unsigned char *p = s; *p; p++)
        *p = (unsigned char)c;
    return s;
}

CDECL unsigned char *msvcrt__mbsnset(unsigned char *s, unsigned c, size_t n)
{
    for (unsigned char *p = s; n && *p; p++, n--)
        *p = (unsigned char)c;
    return s;
}

/* _mbbtype / _mbsbtype: _MBC_SINGLE (0) for every byte but NUL's
 * _MBC_ILLEGAL (-1) in _mbsbtype, as in a single-byte code page. */
CDECL int msvcrt__mbbtype(unsigned char c, int type) { return 0; }

CDECL int msvcrt__mbsbtype(const unsigned char *s, size_t i)
{
    for (size_t k = 0; k <= i; k++)
        if (!s[k])
            return -1;
    return 0;
}
