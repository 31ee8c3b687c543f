/*
 * user32/string.c - user32's string helpers, which console programs (cmd.exe
 * among them) import: CharUpper/CharLower(Buff), CharNext/CharPrev,
 * IsCharAlpha & co, wsprintf/wvsprintf, and LoadString from a module's
 * string table resources. Case and classification share kernel32's tables
 * (kernel32/string.c); ANSI goes through the ANSI code page (1252).
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IS_INTRESOURCE(p) (((uintptr_t)(p) >> 16) == 0)
#define C1_UPPER 0x0001
#define C1_LOWER 0x0002
#define C1_DIGIT 0x0004
#define C1_ALPHA 0x0100

/* One ANSI character through Unicode and back. */
static char map_a(char c, WCHAR (*fn)(WCHAR))
{
    WCHAR w;
    if (cp_to_wide(CP_ACP, &c, 1, &w, 1) != 1)
        return c;
    w = fn(w);
    char out;
    BOOL used = FALSE;
    extern WINAPI int kernel32_WideCharToMultiByte(UINT, DWORD, const WCHAR *, int, char *, int, const char *, BOOL *);
    if (kernel32_WideCharToMultiByte(CP_ACP, 0x400 /* WC_NO_BEST_FIT_CHARS */, &w, 1, &out, 1, NULL, &used) != 1 || used)
        return c;                /* no single-byte twin (e.g. the upper case of \xff in 1252 is \x9f: kept) */
    return out;
}

static WORD ctype_a(char c)
{
    WCHAR w;
    return cp_to_wide(CP_ACP, &c, 1, &w, 1) == 1 ? k32_ctype1(w) : 0;
}

WINAPI DWORD user32_CharUpperBuffA(char *s, DWORD n)
{
    if (!s)
        return 0;
    for (DWORD i = 0; i < n; i++)
        s[i] = map_a(s[i], k32_toupper);
    return n;
}

WINAPI DWORD user32_CharLowerBuffA(char *s, DWORD n)
{
    if (!s)
        return 0;
    for (DWORD i = 0; i < n; i++)
        s[i] = map_a(s[i], k32_tolower);
    return n;
}

WINAPI DWORD user32_CharUpperBuffW(WCHAR *s, DWORD n)
{
    if (!s)
        return 0;
    for (DWORD i = 0; i < n; i++)
        s[i] = k32_toupper(s[i]);
    return n;
}

WINAPI DWORD user32_CharLowerBuffW(WCHAR *s, DWORD n)
{
    if (!s)
        return 0;
    for (DWORD i = 0; i < n; i++)
        s[i] = k32_tolower(s[i]);
    return n;
}

/* A pointer whose high bits are zero is a single character to convert. */
WINAPI char *user32_CharUpperA(char *s)
{
    if (IS_INTRESOURCE(s))
        return (char *)(uintptr_t)(unsigned char)map_a((char)(uintptr_t)s, k32_toupper);
    if (kernel32_IsBadStringPtrA(s, ~(UINT_PTR)0)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    user32_CharUpperBuffA(s, (DWORD)strlen(s));
    return s;
}

WINAPI char *user32_CharLowerA(char *s)
{
    if (IS_INTRESOURCE(s))
        return (char *)(uintptr_t)(unsigned char)map_a((char)(uintptr_t)s, k32_tolower);
    if (kernel32_IsBadStringPtrA(s, ~(UINT_PTR)0)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    user32_CharLowerBuffA(s, (DWORD)strlen(s));
    return s;
}

WINAPI WCHAR *user32_CharUpperW(WCHAR *s)
{
    if (IS_INTRESOURCE(s))
        return (WCHAR *)(uintptr_t)k32_toupper((WCHAR)(uintptr_t)s);
    if (kernel32_IsBadStringPtrW(s, ~(UINT_PTR)0)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    user32_CharUpperBuffW(s, (DWORD)wstrlen(s));
    return s;
}

WINAPI WCHAR *user32_CharLowerW(WCHAR *s)
{
    if (IS_INTRESOURCE(s))
        return (WCHAR *)(uintptr_t)k32_tolower((WCHAR)(uintptr_t)s);
    if (kernel32_IsBadStringPtrW(s, ~(UINT_PTR)0)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    user32_CharLowerBuffW(s, (DWORD)wstrlen(s));
    return s;
}

/* The supported ANSI page is single-byte: one byte, one character. */
WINAPI char *user32_CharNextA(const char *p) { return (char *)(p && *p ? p + 1 : p); }
WINAPI WCHAR *user32_CharNextW(const WCHAR *p) { return (WCHAR *)(p && *p ? p + 1 : p); }
WINAPI char *user32_CharNextExA(WORD cp, const char *p, DWORD flags) { return user32_CharNextA(p); }
WINAPI char *user32_CharPrevA(const char *start, const char *p) { return (char *)(p > start ? p - 1 : start); }
WINAPI WCHAR *user32_CharPrevW(const WCHAR *start, const WCHAR *p) { return (WCHAR *)(p > start ? p - 1 : start); }
WINAPI char *user32_CharPrevExA(WORD cp, const char *start, const char *p, DWORD flags) { return user32_CharPrevA(start, p); }

WINAPI BOOL user32_IsCharAlphaA(char c) { return !!(ctype_a(c) & C1_ALPHA); }
WINAPI BOOL user32_IsCharAlphaW(WCHAR c) { return !!(k32_ctype1(c) & C1_ALPHA); }
WINAPI BOOL user32_IsCharAlphaNumericA(char c) { return !!(ctype_a(c) & (C1_ALPHA | C1_DIGIT)); }
WINAPI BOOL user32_IsCharAlphaNumericW(WCHAR c) { return !!(k32_ctype1(c) & (C1_ALPHA | C1_DIGIT)); }
WINAPI BOOL user32_IsCharUpperA(char c) { return !!(ctype_a(c) & C1_UPPER); }
WINAPI BOOL user32_IsCharUpperW(WCHAR c) { return !!(k32_ctype1(c) & C1_UPPER); }
WINAPI BOOL user32_IsCharLowerA(char c) { return !!(ctype_a(c) & C1_LOWER); }
WINAPI BOOL user32_IsCharLowerW(WCHAR c) { return !!(k32_ctype1(c) & C1_LOWER); }

/* wsprintf/wvsprintf: see wsprintf.c. */

/* ---- LoadString ----------------------------------------------------------- */

/* String id -> its counted string in the RT_STRING block id/16 + 1. */
static const WCHAR *find_string(HMODULE h, UINT id, int *len)
{
    const void *entry = res_find(h, (const WCHAR *)(uintptr_t)6, (const WCHAR *)(uintptr_t)((id >> 4) + 1), 0xffff);
    DWORD size;
    const uint8_t *d = entry ? res_data(h, entry, &size) : NULL;
    if (!d)
        return NULL;
    const uint8_t *end = d + size;
    for (UINT i = 0; i < (id & 15); i++) {
        if (d + 2 > end)
            return NULL;
        uint16_t n;
        memcpy(&n, d, 2);
        d += 2 + 2 * (size_t)n;
    }
    if (d + 2 > end)
        return NULL;
    uint16_t n;
    memcpy(&n, d, 2);
    if (d + 2 + 2 * (size_t)n > end)
        return NULL;
    *len = n;
    return (const WCHAR *)(d + 2);
}

WINAPI int user32_LoadStringW(HMODULE h, UINT id, WCHAR *buf, int max)
{
    if (!buf) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    int len = 0;
    const WCHAR *s = find_string(h, id, &len);
    if (!max) {
        /* A read-only pointer to the resource itself. */
        *(const WCHAR **)buf = s;
        return s ? len : 0;
    }
    if (!s || !len) {
        buf[0] = 0;
        return 0;
    }
    if (len > max - 1)
        len = max - 1;
    memcpy(buf, s, (size_t)len * sizeof *buf);
    buf[len] = 0;
    return len;
}

WINAPI int user32_LoadStringA(HMODULE h, UINT id, char *buf, int max)
{
    if (!buf || max <= 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    int len = 0;
    const WCHAR *s = find_string(h, id, &len);
    if (!s || !len) {
        buf[0] = 0;
        return 0;
    }
    int n = cp_from_wide(CP_ACP, s, len, NULL, 0);
    char *a = malloc((size_t)n + 1);
    if (!a) {
        buf[0] = 0;
        return 0;
    }
    cp_from_wide(CP_ACP, s, len, a, n);
    if (n > max - 1)
        n = max - 1;
    memcpy(buf, a, (size_t)n);
    buf[n] = 0;
    free(a);
    return n;
}
