/*
 * msvcrt/ctype.c - <ctype.h> and <wctype.h>: the classification tables that
 * programs (and mingw's ctype.h macros) index directly, the is* / isw*
 * functions, and case mapping.
 *
 * Bits (msvcrt's, equal to GetStringTypeW's C1_* types):
 *
 *   0x0001 _UPPER   0x0002 _LOWER   0x0004 _DIGIT   0x0008 _SPACE
 *   0x0010 _PUNCT   0x0020 _CONTROL 0x0040 _BLANK   0x0080 _HEX
 *   0x0100 _ALPHA (C1_ALPHA; the macro _ALPHA is 0x0103)  0x8000 _LEADBYTE
 *
 * The narrow table is the "C" locale's (msvcrt starts in it and setlocale
 * is not offered): bytes 0x80-0xff have no class. `_ctype` has 257 entries,
 * the first one for EOF (-1); `_pctype` points one past it so that
 * _pctype[-1] works. The wide table `_pwctype` covers U+0000-U+00FF; wide
 * characters beyond it are classified from the host's Unicode tables
 * (glibc's C.UTF-8 locale), mapped onto these bits.
 */
#include "winapi/msvcrt/crt.h"
#include <locale.h>
#include <wctype.h>
#include <pthread.h>

#define C_UP 0x001
#define C_LO 0x002
#define C_DI 0x004
#define C_SP 0x008
#define C_PU 0x010
#define C_CT 0x020
#define C_BL 0x040
#define C_HX 0x080
#define C_AL 0x100

/* [0] is EOF; [1 + c] is byte c. Filled once by init_tables. */
unsigned short msvcrt__ctype[257];
unsigned short *msvcrt__pctype = msvcrt__ctype + 1;
static unsigned short wctype_table[256];
unsigned short *msvcrt__pwctype = wctype_table;
/* The "C" locale is single-byte. */
int msvcrt___mb_cur_max = 1;

static unsigned short ascii_class(int c)
{
    if (c < 0x20 || c == 0x7f)
        return C_CT | (c >= 9 && c <= 13 ? C_SP : 0) | (c == 9 ? C_BL : 0);
    if (c == ' ')
        return C_SP | C_BL;
    if (c >= '0' && c <= '9')
        return C_DI | C_HX;
    if (c >= 'A' && c <= 'Z')
        return C_UP | C_AL | (c <= 'F' ? C_HX : 0);
    if (c >= 'a' && c <= 'z')
        return C_LO | C_AL | (c <= 'f' ? C_HX : 0);
    if (c < 0x7f)
        return C_PU;
    return 0;
}

/* Latin-1 as Windows classifies it for wide characters. */
static unsigned short latin1_class(int c)
{
    if (c < 0x80)
        return ascii_class(c);
    if (c < 0xa0)
        return C_CT;
    if (c == 0xa0)
        return C_SP | C_BL;
    if (c == 0xaa || c == 0xb5 || c == 0xba)
        return C_LO | C_AL;
    if (c == 0xb2 || c == 0xb3 || c == 0xb9)
        return C_DI | C_PU;
    if (c < 0xc0 || c == 0xd7 || c == 0xf7)
        return C_PU;
    if (c < 0xdf)
        return C_UP | C_AL;
    return C_LO | C_AL;
}

static locale_t unicode_locale;

static __attribute__((constructor)) void init_tables(void)
{
    msvcrt__ctype[0] = 0;
    for (int c = 0; c < 256; c++) {
        msvcrt__ctype[1 + c] = ascii_class(c);
        wctype_table[c] = latin1_class(c);
    }
    unicode_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* Classification of any BMP character. */
static unsigned short wide_class(WCHAR c)
{
    if (c < 256)
        return wctype_table[c];
    if (!unicode_locale)
        return 0;
    wint_t w = c;
    if (c >= 0xd800 && c <= 0xdfff)
        return 0;
    unsigned short r = 0;
    if (iswupper_l(w, unicode_locale))
        r |= C_UP | C_AL;
    else if (iswlower_l(w, unicode_locale))
        r |= C_LO | C_AL;
    else if (iswalpha_l(w, unicode_locale))
        r |= C_AL;
    if (iswdigit_l(w, unicode_locale))
        r |= C_DI;
    if (iswspace_l(w, unicode_locale))
        r |= C_SP;
    if (iswblank_l(w, unicode_locale))
        r |= C_BL;
    if (iswcntrl_l(w, unicode_locale))
        r |= C_CT;
    if (iswpunct_l(w, unicode_locale) && !(r & C_AL))
        r |= C_PU;
    if (c >= 0xff10 && c <= 0xff19)      /* fullwidth digits count as digits on Windows */
        r |= C_DI;
    return r;
}

WCHAR crt_towlower(WCHAR c)
{
    if (c < 0x80)
        return (WCHAR)crt_tolower_c(c);
    if (!unicode_locale || (c >= 0xd800 && c <= 0xdfff))
        return c;
    wint_t r = towlower_l(c, unicode_locale);
    return r <= 0xffff ? (WCHAR)r : c;
}

WCHAR crt_towupper(WCHAR c)
{
    if (c < 0x80)
        return (WCHAR)crt_toupper_c(c);
    if (!unicode_locale || (c >= 0xd800 && c <= 0xdfff))
        return c;
    wint_t r = towupper_l(c, unicode_locale);
    return r <= 0xffff ? (WCHAR)r : c;
}

/* ---- narrow ---------------------------------------------------------- */

CDECL unsigned short *msvcrt___pctype_func(void) { return msvcrt__pctype; }
CDECL unsigned short *msvcrt___pwctype_func(void) { return msvcrt__pwctype; }
CDECL int msvcrt____mb_cur_max_func(void) { return msvcrt___mb_cur_max; }
CDECL int *msvcrt___p___mb_cur_max(void) { return &msvcrt___mb_cur_max; }

/* Narrow functions take an int in [-1, 255]; msvcrt asserts on other
 * values in debug builds and reads the table anyway in release builds; we
 * answer 0 rather than read outside the table. */
static unsigned short narrow_class(int c)
{
    if (c < -1 || c > 255)
        return 0;
    return msvcrt__ctype[c + 1];
}

CDECL int msvcrt__isctype(int c, int mask) { return narrow_class(c) & mask; }
CDECL int msvcrt_isalpha(int c) { return narrow_class(c) & (C_AL | C_UP | C_LO); }
CDECL int msvcrt_isupper(int c) { return narrow_class(c) & C_UP; }
CDECL int msvcrt_islower(int c) { return narrow_class(c) & C_LO; }
CDECL int msvcrt_isdigit(int c) { return narrow_class(c) & C_DI; }
CDECL int msvcrt_isxdigit(int c) { return narrow_class(c) & C_HX; }
CDECL int msvcrt_isspace(int c) { return narrow_class(c) & C_SP; }
CDECL int msvcrt_ispunct(int c) { return narrow_class(c) & C_PU; }
CDECL int msvcrt_iscntrl(int c) { return narrow_class(c) & C_CT; }
CDECL int msvcrt_isblank(int c) { return c == '\t' ? C_BL : narrow_class(c) & C_BL; }
CDECL int msvcrt_isalnum(int c) { return narrow_class(c) & (C_AL | C_UP | C_LO | C_DI); }
CDECL int msvcrt_isprint(int c) { return narrow_class(c) & (C_AL | C_UP | C_LO | C_DI | C_PU | C_BL); }
CDECL int msvcrt_isgraph(int c) { return narrow_class(c) & (C_AL | C_UP | C_LO | C_DI | C_PU); }
CDECL int msvcrt___isascii(int c) { return (unsigned)c < 0x80; }
CDECL int msvcrt___toascii(int c) { return c & 0x7f; }
CDECL int msvcrt___iscsym(int c) { return c == '_' || msvcrt_isalnum(c); }
CDECL int msvcrt___iscsymf(int c) { return c == '_' || msvcrt_isalpha(c); }

CDECL int msvcrt_tolower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
CDECL int msvcrt_toupper(int c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }
/* _tolower/_toupper convert unconditionally (the caller promises a letter). */
CDECL int msvcrt__tolower(int c) { return c - 'A' + 'a'; }
CDECL int msvcrt__toupper(int c) { return c - 'a' + 'A'; }

/* ---- wide ------------------------------------------------------------ */

CDECL int msvcrt_iswctype(WCHAR c, WORD mask) { return wide_class(c) & mask; }
CDECL int msvcrt_is_wctype(WCHAR c, WORD mask) { return wide_class(c) & mask; }
CDECL int msvcrt_iswalpha(WCHAR c) { return wide_class(c) & (C_AL | C_UP | C_LO); }
CDECL int msvcrt_iswupper(WCHAR c) { return wide_class(c) & C_UP; }
CDECL int msvcrt_iswlower(WCHAR c) { return wide_class(c) & C_LO; }
CDECL int msvcrt_iswdigit(WCHAR c) { return wide_class(c) & C_DI; }
CDECL int msvcrt_iswxdigit(WCHAR c) { return wide_class(c) & C_HX; }
CDECL int msvcrt_iswspace(WCHAR c) { return wide_class(c) & C_SP; }
CDECL int msvcrt_iswpunct(WCHAR c) { return wide_class(c) & C_PU; }
CDECL int msvcrt_iswcntrl(WCHAR c) { return wide_class(c) & C_CT; }
CDECL int msvcrt_iswblank(WCHAR c) { return c == '\t' ? C_BL : wide_class(c) & C_BL; }
CDECL int msvcrt_iswalnum(WCHAR c) { return wide_class(c) & (C_AL | C_UP | C_LO | C_DI); }
CDECL int msvcrt_iswprint(WCHAR c) { return wide_class(c) & (C_AL | C_UP | C_LO | C_DI | C_PU | C_BL); }
CDECL int msvcrt_iswgraph(WCHAR c) { return wide_class(c) & (C_AL | C_UP | C_LO | C_DI | C_PU); }
CDECL int msvcrt_iswascii(WCHAR c) { return c < 0x80; }
CDECL int msvcrt___iswcsym(WCHAR c) { return c == '_' || msvcrt_iswalnum(c); }
CDECL int msvcrt___iswcsymf(WCHAR c) { return c == '_' || msvcrt_iswalpha(c); }
CDECL WCHAR msvcrt_towlower(WCHAR c) { return crt_towlower(c); }
CDECL WCHAR msvcrt_towupper(WCHAR c) { return crt_towupper(c); }

/* wctype("alpha") -> mask for iswctype. */
CDECL WORD msvcrt_wctype(const char *name)
{
    static const struct { const char *name; WORD mask; } classes[] = {
        { "alnum", C_AL | C_UP | C_LO | C_DI }, { "alpha", C_AL | C_UP | C_LO },
        { "cntrl", C_CT }, { "digit", C_DI }, { "graph", C_AL | C_UP | C_LO | C_DI | C_PU },
        { "lower", C_LO }, { "print", C_AL | C_UP | C_LO | C_DI | C_PU | C_BL },
        { "punct", C_PU }, { "space", C_SP }, { "upper", C_UP }, { "xdigit", C_HX },
        { "blank", C_BL },
    };
    for (size_t i = 0; name && i < sizeof classes / sizeof classes[0]; i++) {
        const char *a = name, *b = classes[i].name;
        while (*a && *a == *b)
            a++, b++;
        if (!*a && !*b)
            return classes[i].mask;
    }
    return 0;
}
