/*
 * chars.c - user32's character functions (CharUpper*, CharLower*, CharNext*,
 * IsChar*), on kernel32's Unicode tables: LCMapStringW for case and
 * GetStringTypeW for classes, reached through its export table. The A forms
 * use the ANSI code page (1252: one byte per character, so CharNextA is +1).
 */
#include "winapi/wintypes.h"
#include "winapi/dll.h"
#include "winapi/debug.h"

#include <string.h>

DEBUG_CHANNEL(user);

#define LCMAP_LOWERCASE 0x00000100
#define LCMAP_UPPERCASE 0x00000200
#define CT_CTYPE1       1
#define C1_UPPER        0x0001
#define C1_LOWER        0x0002
#define C1_DIGIT        0x0004
#define C1_ALPHA        0x0100
#define LOCALE_USER_DEFAULT 0x0400

typedef int (WINAPI *lcmap_fn)(DWORD, DWORD, const WCHAR *, int, WCHAR *, int);
typedef BOOL (WINAPI *stringtype_fn)(DWORD, const WCHAR *, int, WORD *);

static void *kernel32_fn(const char *name)
{
    struct builtin_dll *k32 = builtin_find("kernel32");
    return k32 ? builtin_resolve(k32, name, 0, false) : unimplemented_thunk("kernel32.dll", name);
}

static void map_case(WCHAR *s, DWORD n, DWORD how)
{
    static lcmap_fn lcmap;
    if (!lcmap)
        lcmap = (lcmap_fn)kernel32_fn("LCMapStringW");
    /* One character at a time: case mapping never changes a UTF-16 length
     * for LCMapString, and in place is what these functions promise. */
    for (DWORD i = 0; i < n; i++) {
        WCHAR out;
        if (lcmap(LOCALE_USER_DEFAULT, how, &s[i], 1, &out, 1) == 1)
            s[i] = out;
    }
}

static WORD ctype(WCHAR c)
{
    static stringtype_fn get;
    WORD t = 0;
    if (!get)
        get = (stringtype_fn)kernel32_fn("GetStringTypeW");
    return get(CT_CTYPE1, &c, 1, &t) ? t : 0;
}

DWORD WINAPI user32_CharUpperBuffW(LPWSTR s, DWORD n)
{
    if (!s)
        return 0;
    map_case(s, n, LCMAP_UPPERCASE);
    return n;
}

DWORD WINAPI user32_CharLowerBuffW(LPWSTR s, DWORD n)
{
    if (!s)
        return 0;
    map_case(s, n, LCMAP_LOWERCASE);
    return n;
}

/* CharUpperW/CharLowerW: a pointer whose high bits are zero is one
 * character, returned mapped; anything else is a string mapped in place. */
static LPWSTR case_wstr(LPWSTR s, DWORD how)
{
    if (!((ULONG_PTR)s >> 16)) {
        WCHAR c = (WCHAR)(ULONG_PTR)s;
        map_case(&c, 1, how);
        return (LPWSTR)(ULONG_PTR)c;
    }
    DWORD n = 0;
    while (s[n])
        n++;
    map_case(s, n, how);
    return s;
}

LPWSTR WINAPI user32_CharUpperW(LPWSTR s) { return case_wstr(s, LCMAP_UPPERCASE); }
LPWSTR WINAPI user32_CharLowerW(LPWSTR s) { return case_wstr(s, LCMAP_LOWERCASE); }

LPWSTR WINAPI user32_CharNextW(LPCWSTR s)
{
    return (LPWSTR)(*s ? s + 1 : s);
}

LPWSTR WINAPI user32_CharPrevW(LPCWSTR start, LPCWSTR s)
{
    return (LPWSTR)(s > start ? s - 1 : s);
}

/* Single-byte ANSI code page: the next character is the next byte. */
LPSTR WINAPI user32_CharNextA(LPCSTR s)
{
    return (LPSTR)(*s ? s + 1 : s);
}

LPSTR WINAPI user32_CharNextExA(WORD cp, LPCSTR s, DWORD flags)
{
    return (LPSTR)(*s ? s + 1 : s);
}

LPSTR WINAPI user32_CharPrevA(LPCSTR start, LPCSTR s)
{
    return (LPSTR)(s > start ? s - 1 : s);
}

BOOL WINAPI user32_IsCharAlphaW(WCHAR c) { return (ctype(c) & C1_ALPHA) != 0; }
BOOL WINAPI user32_IsCharAlphaNumericW(WCHAR c) { return (ctype(c) & (C1_ALPHA | C1_DIGIT)) != 0; }
BOOL WINAPI user32_IsCharUpperW(WCHAR c) { return (ctype(c) & C1_UPPER) != 0; }
BOOL WINAPI user32_IsCharLowerW(WCHAR c) { return (ctype(c) & C1_LOWER) != 0; }
