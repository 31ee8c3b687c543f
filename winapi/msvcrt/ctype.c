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
 * is not offered): bytes 0x80-0xff have no class, letters have no 0x0100. `_ctype` has 257 entries,
 * the first one for EOF (-1); `_pctype` points one past it so that
 * _pctype[-1] works. The wide table `_pwctype` covers U+0000-U+00FF; wide
 * characters beyond it are classified from Unicode's general categories
 * (wctype_data.c) and the host's case tables (glibc's C.UTF-8 locale). Case mapping in the
 * "C" locale is ASCII-only, as in msvcrt; the Unicode simple mappings
 * (crt_tow*_unicode) serve where Windows folds case itself (environment
 * variable names).
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/msvcrt/wctype_data.h"
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

/* The narrow "C" table: letters carry only _UPPER/_LOWER (and _HEX), tab
 * is not _BLANK (isblank special-cases it), as in msvcrt's static table. */
static unsigned short ascii_class(int c)
{
    if (c < 0x20 || c == 0x7f)
        return C_CT | (c >= 9 && c <= 13 ? C_SP : 0);
    if (c == ' ')
        return C_SP | C_BL;
    if (c >= '0' && c <= '9')
        return C_DI | C_HX;
    if (c >= 'A' && c <= 'Z')
        return C_UP | (c <= 'F' ? C_HX : 0);
    if (c >= 'a' && c <= 'z')
        return C_LO | (c <= 'f' ? C_HX : 0);
    if (c < 0x7f)
        return C_PU;
    return 0;
}

/* U+0000-U+00FF as Windows classifies wide characters: letters have
 * C1_ALPHA, tab is blank; ª µ º count as punctuation. */
static unsigned short latin1_class(int c)
{
    if (c == 9)
        return C_CT | C_SP | C_BL;
    if (c < 0x80) {
        unsigned short r = ascii_class(c);
        return (r & (C_UP | C_LO)) ? r | C_AL : r;
    }
    if (c < 0xa0)
        return C_CT;
    if (c == 0xa0)
        return C_SP | C_BL;
    if (c == 0xb2 || c == 0xb3 || c == 0xb9)
        return C_DI | C_PU;
    if (c < 0xc0 || c == 0xd7 || c == 0xf7)
        return C_PU;
    if (c < 0xdf)
        return C_UP | C_AL;
    return C_LO | C_AL;
}

static __attribute__((constructor)) void init_tables(void)
{
    msvcrt__ctype[0] = 0;
    for (int c = 0; c < 256; c++) {
        msvcrt__ctype[1 + c] = ascii_class(c);
        wctype_table[c] = latin1_class(c);
    }
}

/* glibc's C.UTF-8 case tables, loaded on the first character beyond U+00FF:
 * newlocale reads locale.alias and maps LC_CTYPE (about a millisecond), a
 * cost every mimic start-up paid in a constructor before. */
static locale_t unicode_locale_v;
static pthread_once_t unicode_once = PTHREAD_ONCE_INIT;

static void unicode_locale_init(void)
{
    unicode_locale_v = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static locale_t unicode_locale_get(void)
{
    pthread_once(&unicode_once, unicode_locale_init);
    return unicode_locale_v;
}

static bool in_table(int which, WCHAR c)
{
    const struct range_table *t = &wctype_tables[which];
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < t->r[mid].first)
            hi = mid;
        else if (c > t->r[mid].last)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

#define C1_DEFINED 0x200

/* Classification of any BMP character: GetStringTypeW's C1 bits (with
 * C1_DEFINED above U+00FF, as Windows reports). */
static unsigned short wide_class(WCHAR c)
{
    if (c < 256)
        return wctype_table[c];
    if (!in_table(WCT_DEFINED, c))
        return 0;
    unsigned short r = C1_DEFINED;
    if (in_table(WCT_ALPHA, c)) {
        locale_t u = unicode_locale_get();
        r |= C_AL;
        if (in_table(WCT_TITLE, c))
            r |= C_UP | C_LO;
        else if (in_table(WCT_CASELESS, c))
            ;
        else if (u && iswupper_l(c, u))
            r |= C_UP;
        else if (u && iswlower_l(c, u))
            r |= C_LO;
    }
    if (in_table(WCT_DIGIT, c))
        r |= C_DI;
    if (in_table(WCT_SPACE, c))
        r |= C_SP;
    if (in_table(WCT_PUNCT, c))
        r |= C_PU;
    if (in_table(WCT_CNTRL, c))
        r |= C_CT;
    if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff26) || (c >= 0xff41 && c <= 0xff46))
        r |= C_HX;         /* fullwidth hex digits */
    if (c == 0x3000 || c == 0xfeff)
        r |= C_BL;         /* Windows counts these two as blanks */
    return r;
}

WCHAR crt_towlower_unicode(WCHAR c)
{
    if (c < 0x80)
        return (WCHAR)crt_tolower_c(c);
    if (c >= 0xd800 && c <= 0xdfff)
        return c;
    locale_t u = unicode_locale_get();
    if (!u)
        return c;
    wint_t r = towlower_l(c, u);
    return r <= 0xffff ? (WCHAR)r : c;
}

WCHAR crt_towupper_unicode(WCHAR c)
{
    if (c < 0x80)
        return (WCHAR)crt_toupper_c(c);
    if (c >= 0xd800 && c <= 0xdfff)
        return c;
    locale_t u = unicode_locale_get();
    if (!u)
        return c;
    wint_t r = towupper_l(c, u);
    return r <= 0xffff ? (WCHAR)r : c;
}

/* In the "C" locale msvcrt's towupper, _wcsupr, _wcsicmp ... map only
 * ASCII letters (as Windows does); classification stays Unicode-aware. */
WCHAR crt_towlower(WCHAR c) { return (WCHAR)crt_tolower_c(c); }
WCHAR crt_towupper(WCHAR c) { return (WCHAR)crt_toupper_c(c); }

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
