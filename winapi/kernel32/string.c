/*
 * kernel32/string.c - strings by locale rules: case mapping and character
 * types (LCMapString, GetStringType), collation (CompareString(Ex),
 * CompareStringOrdinal, lstrcmp(i)), the lstr* helpers, and ntdll's Rtl
 * memory moves.
 *
 * Case and classification come from the host's Unicode tables (the C.UTF-8
 * locale, through towupper_l & co) so that they cover all of the BMP.
 *
 * Collation follows the shape of Windows's "word sort" for en-US: each
 * character gets a primary weight (symbols < digits < letters, letters by
 * their base letter), a secondary one (diacritics) and a tertiary one (case,
 * lower before upper). Strings compare by all primaries first, then
 * secondaries, then tertiaries; '-' and '\'' are ignored until everything
 * else is equal (SORT_STRINGSORT makes them ordinary symbols). This is not
 * Windows's full sort-key table, but it orders what programs compare
 * (names, words, paths) as Windows does.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"
#include "winapi/debug.h"

#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

DEBUG_CHANNEL(string)

/* ---- case and classification -------------------------------------------- */

static locale_t uloc;
static pthread_once_t uloc_once = PTHREAD_ONCE_INIT;
static void uloc_init(void)
{
    uloc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!uloc)
        uloc = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
}
static locale_t uni(void)
{
    pthread_once(&uloc_once, uloc_init);
    return uloc;
}

WCHAR k32_toupper(WCHAR c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c >= 0xd800 && c < 0xe000)
        return c;
    if (!uni())
        return (c >= 0xe0 && c <= 0xfe && c != 0xf7) ? c - 32 : c;
    wint_t u = towupper_l(c, uni());
    return u > 0xffff ? c : (WCHAR)u;
}

WCHAR k32_tolower(WCHAR c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xd800 && c < 0xe000)
        return c;
    if (!uni())
        return (c >= 0xc0 && c <= 0xde && c != 0xd7) ? c + 32 : c;
    wint_t u = towlower_l(c, uni());
    return u > 0xffff ? c : (WCHAR)u;
}

#define C1_UPPER   0x0001
#define C1_LOWER   0x0002
#define C1_DIGIT   0x0004
#define C1_SPACE   0x0008
#define C1_PUNCT   0x0010
#define C1_CNTRL   0x0020
#define C1_BLANK   0x0040
#define C1_XDIGIT  0x0080
#define C1_ALPHA   0x0100
#define C1_DEFINED 0x0200

WORD k32_ctype1(WCHAR c)
{
    WORD r = 0;
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') r |= C1_UPPER | C1_ALPHA;
        if (c >= 'a' && c <= 'z') r |= C1_LOWER | C1_ALPHA;
        if (c >= '0' && c <= '9') r |= C1_DIGIT;
        if ((c >= 9 && c <= 13) || c == ' ') r |= C1_SPACE;
        if (c == 9 || c == ' ') r |= C1_BLANK;
        if (c < 32 || c == 127) r |= C1_CNTRL;
        if (c > 32 && c < 127 && !(r & (C1_ALPHA | C1_DIGIT))) r |= C1_PUNCT;
        if ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f')) r |= C1_XDIGIT;
        return r | C1_DEFINED;
    }
    if (c >= 0xd800 && c < 0xe000)
        return C1_DEFINED;       /* surrogates are defined code units of no class */
    locale_t l = uni();
    if (!l)
        return c < 0xa0 ? C1_CNTRL | C1_DEFINED : C1_DEFINED;
    if (iswupper_l(c, l)) r |= C1_UPPER;
    if (iswlower_l(c, l)) r |= C1_LOWER;
    if (iswalpha_l(c, l)) r |= C1_ALPHA;
    if (iswdigit_l(c, l)) r |= C1_DIGIT;
    if (iswspace_l(c, l) || c == 0xa0) r |= C1_SPACE;
    if (iswblank_l(c, l) || c == 0xa0) r |= C1_BLANK;
    if (iswcntrl_l(c, l)) r |= C1_CNTRL;
    if (iswpunct_l(c, l) && !(r & (C1_ALPHA | C1_DIGIT | C1_SPACE))) r |= C1_PUNCT;
    if (r || iswprint_l(c, l) || iswgraph_l(c, l))
        r |= C1_DEFINED;
    return r;
}

/* ---- lstr* ---------------------------------------------------------------- */

/* The lstr functions survive bad pointers on Windows (they catch the fault);
 * here the memory is probed before it is touched. */
static bool str_ok(const char *s) { return s && !kernel32_IsBadStringPtrA(s, ~(UINT_PTR)0); }
static bool wstr_ok(const WCHAR *s) { return s && !kernel32_IsBadStringPtrW(s, ~(UINT_PTR)0); }

WINAPI int kernel32_lstrlenA(const char *s)
{
    return str_ok(s) ? (int)strlen(s) : 0;
}

WINAPI int kernel32_lstrlenW(const WCHAR *s)
{
    return wstr_ok(s) ? (int)wstrlen(s) : 0;
}

WINAPI char *kernel32_lstrcpyA(char *dst, const char *src)
{
    if (!str_ok(src) || !mem_writable(dst, strlen(src) + 1)) {
        set_last_error(ERROR_NOACCESS);
        return NULL;
    }
    memmove(dst, src, strlen(src) + 1);
    return dst;
}

WINAPI WCHAR *kernel32_lstrcpyW(WCHAR *dst, const WCHAR *src)
{
    if (!wstr_ok(src) || !mem_writable(dst, (wstrlen(src) + 1) * sizeof(WCHAR))) {
        set_last_error(ERROR_NOACCESS);
        return NULL;
    }
    memmove(dst, src, (wstrlen(src) + 1) * sizeof(WCHAR));
    return dst;
}

/* At most n-1 characters and a terminator; n 0 writes nothing. */
WINAPI char *kernel32_lstrcpynA(char *dst, const char *src, int n)
{
    if (n > 0 && !mem_writable(dst, 1)) {
        set_last_error(ERROR_NOACCESS);
        return NULL;
    }
    char *d = dst;
    int count = n;
    if (src && !kernel32_IsBadStringPtrA(src, (UINT_PTR)(n > 0 ? n : 0)))
        while (count > 1 && *src) {
            count--;
            *d++ = *src++;
        }
    if (count)
        *d = 0;
    return dst;
}

WINAPI WCHAR *kernel32_lstrcpynW(WCHAR *dst, const WCHAR *src, int n)
{
    if (n > 0 && !mem_writable(dst, sizeof(WCHAR))) {
        set_last_error(ERROR_NOACCESS);
        return NULL;
    }
    WCHAR *d = dst;
    int count = n;
    if (src && !kernel32_IsBadStringPtrW(src, (UINT_PTR)(n > 0 ? n : 0)))
        while (count > 1 && *src) {
            count--;
            *d++ = *src++;
        }
    if (count)
        *d = 0;
    return dst;
}

WINAPI char *kernel32_lstrcatA(char *dst, const char *src)
{
    if (!str_ok(dst) || !str_ok(src) || !mem_writable(dst, strlen(dst) + strlen(src) + 1)) {
        set_last_error(ERROR_NOACCESS);
        return NULL;
    }
    memmove(dst + strlen(dst), src, strlen(src) + 1);
    return dst;
}

WINAPI WCHAR *kernel32_lstrcatW(WCHAR *dst, const WCHAR *src)
{
    if (!wstr_ok(dst) || !wstr_ok(src) || !mem_writable(dst, (wstrlen(dst) + wstrlen(src) + 1) * sizeof(WCHAR))) {
        set_last_error(ERROR_NOACCESS);
        return NULL;
    }
    memmove(dst + wstrlen(dst), src, (wstrlen(src) + 1) * sizeof(WCHAR));
    return dst;
}

/* ---- collation ------------------------------------------------------------ */

#define NORM_IGNORECASE      0x00000001
#define NORM_IGNORENONSPACE  0x00000002
#define NORM_IGNORESYMBOLS   0x00000004
#define SORT_DIGITSASNUMBERS 0x00000008
#define LINGUISTIC_IGNORECASE 0x00000010
#define LINGUISTIC_IGNOREDIACRITIC 0x00000020
#define NORM_IGNOREKANATYPE  0x00010000
#define NORM_IGNOREWIDTH     0x00020000
#define NORM_LINGUISTIC_CASING 0x08000000
#define SORT_STRINGSORT      0x00001000
#define CSTR_LESS_THAN    1
#define CSTR_EQUAL        2
#define CSTR_GREATER_THAN 3

/* Symbols in Windows's order (the en-US table's, for ASCII and Latin-1). */
static const WCHAR symbol_order[] = {
    '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, '\'', '-', 0xad, '!', '"', '#', '$', '%', '&', '(', ')', '*', ',', '.', '/',
    ':', ';', '?', '@', '[', '\\', ']', '^', '_', '`', '{', '|', '}', '~', 0xa1, 0xa6, 0xa8, 0xaf, 0xb4, 0xb8, 0xbf,
    0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2039, 0x203a, 0x2013, 0x2014, 0x2026, 0x2020, 0x2021, 0x2022,
    0x2030, 0xa2, 0xa3, 0xa4, 0xa5, 0x20ac, '+', 0xb1, 0xab, '<', '=', '>', 0xbb, 0xd7, 0xf7, 0xa7, 0xa9, 0xac,
    0xae, 0xb0, 0xb5, 0xb6, 0xb7, 0x2122, 0
};

enum { G_IGNORE, G_SPECIAL, G_SYMBOL, G_DIGIT, G_LETTER, G_OTHER };

struct weight {
    uint8_t group;
    uint32_t primary;
    uint16_t secondary;          /* diacritic, 0 for none */
    uint8_t tertiary;            /* 0 lower/none, 1 upper, 2 width/other variants */
};

/* Base letter and diacritic for Latin-1 and Latin Extended-A letters. */
static const char latin_base[] =
    "AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKk?LlLlLlLlLl"
    "NnNnNn???OoOoOo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz?";

/* Up to 2 weights for c (ß, æ, œ expand). Returns the count. */
static int weigh(WCHAR c, DWORD flags, struct weight *w)
{
    memset(w, 0, 2 * sizeof *w);
    if (c == 0 || (c < 0x20 && !(c >= 9 && c <= 13)) || c == 0x7f || (c >= 0x80 && c < 0xa0 && c != 0x85)) {
        w->group = G_IGNORE;
        return 1;
    }
    if (!(flags & SORT_STRINGSORT) && (c == '\'' || c == '-' || c == 0xad || c == 0x2010 || c == 0x2011)) {
        w->group = G_SPECIAL;
        w->primary = c;
        return 1;
    }
    for (int i = 0; symbol_order[i]; i++)
        if (symbol_order[i] == c) {
            w->group = G_SYMBOL;
            w->primary = (uint32_t)i + 1;
            return 1;
        }
    if (c >= '0' && c <= '9') {
        w->group = G_DIGIT;
        w->primary = c - '0';
        return 1;
    }
    if (c == 0xb9 || c == 0xb2 || c == 0xb3) {   /* superscript digits: digits, another form */
        w->group = G_DIGIT;
        w->primary = c == 0xb9 ? 1 : c - 0xb0;
        w->tertiary = 2;
        return 1;
    }
    /* Ligatures and sharp s sort as their letter pairs. */
    static const struct { WCHAR c; char a, b; bool upper; } pairs[] = {
        { 0xdf, 's', 's', false }, { 0xe6, 'a', 'e', false }, { 0xc6, 'a', 'e', true },
        { 0x153, 'o', 'e', false }, { 0x152, 'o', 'e', true }, { 0xfe, 't', 'h', false }, { 0xde, 't', 'h', true },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i].c == c) {
            w[0].group = w[1].group = G_LETTER;
            w[0].primary = (uint32_t)(pairs[i].a - 'a');
            w[1].primary = (uint32_t)(pairs[i].b - 'a');
            /* Equal to the plain pair but for a variant (tertiary) mark,
             * so that case-insensitive compares find "Stra\xdfe" == "STRASSE". */
            w[0].tertiary = w[1].tertiary = pairs[i].upper ? 3 : 2;
            return 2;
        }
    WCHAR lower = k32_tolower(c);
    bool upper = lower != c;
    WCHAR base = lower;
    uint16_t diacritic = 0;
    if (lower >= 0xc0 && lower < 0x180 && latin_base[lower - 0xc0] != '?') {
        base = (WCHAR)(latin_base[lower - 0xc0] | 0x20);
        diacritic = (uint16_t)lower;
    }
    if (base >= 'a' && base <= 'z') {
        w->group = G_LETTER;
        w->primary = base - 'a';
    } else {
        WORD t = k32_ctype1(c);
        w->group = (t & C1_ALPHA) ? G_LETTER : (t & C1_DIGIT) ? G_DIGIT : (t & (C1_PUNCT | C1_SPACE)) ? G_SYMBOL : G_OTHER;
        w->primary = 0x10000 + base;   /* after every listed symbol and Latin letter */
    }
    w->secondary = diacritic;
    w->tertiary = upper;
    return 1;
}

struct weights { struct weight *w; int *pos; int n; };

static bool weigh_all(const WCHAR *s, int n, DWORD flags, struct weights *out)
{
    out->w = malloc((size_t)(2 * n + 1) * sizeof *out->w);
    out->pos = malloc((size_t)(2 * n + 1) * sizeof *out->pos);
    out->n = 0;
    if (!out->w || !out->pos)
        return false;
    for (int i = 0; i < n; i++) {
        struct weight w[2];
        int k = weigh(s[i], flags, w);
        for (int j = 0; j < k; j++) {
            if (w[j].group == G_IGNORE)
                continue;
            if ((flags & NORM_IGNORESYMBOLS) && (w[j].group == G_SYMBOL || w[j].group == G_SPECIAL))
                continue;
            out->pos[out->n] = i;
            out->w[out->n++] = w[j];
        }
    }
    return true;
}

static int sign(long long v) { return v < 0 ? -1 : v > 0; }

/* -1, 0, 1 */
static int collate(const WCHAR *a, int an, const WCHAR *b, int bn, DWORD flags)
{
    struct weights x = { 0 }, y = { 0 };
    int r = 0;
    if (!weigh_all(a, an, flags, &x) || !weigh_all(b, bn, flags, &y)) {
        r = 2;
        goto out;
    }
    /* Level 1: primaries of everything but the word-sort specials. */
    for (int level = 1; level <= 3 && !r; level++) {
        if (level == 2 && (flags & (NORM_IGNORENONSPACE | LINGUISTIC_IGNOREDIACRITIC)))
            continue;
        if (level == 3 && (flags & (NORM_IGNORECASE | LINGUISTIC_IGNORECASE)))
            continue;
        int i = 0, j = 0;
        for (;;) {
            while (i < x.n && x.w[i].group == G_SPECIAL) i++;
            while (j < y.n && y.w[j].group == G_SPECIAL) j++;
            if (i >= x.n || j >= y.n) {
                r = (i < x.n) - (j < y.n);
                break;
            }
            const struct weight *p = &x.w[i], *q = &y.w[j];
            long long d;
            if (level == 1)
                d = p->group != q->group ? (long long)p->group - q->group : (long long)p->primary - q->primary;
            else if (level == 2)
                d = (long long)p->secondary - q->secondary;
            else
                d = (long long)p->tertiary - q->tertiary;
            if (d) {
                /* Windows puts lower case first: tertiary 0 sorts first as well. */
                r = sign(d);
                break;
            }
            i++, j++;
        }
    }
    /* Last: the specials, by position then by character; having none sorts first. */
    if (!r) {
        int i = 0, j = 0;
        for (;;) {
            while (i < x.n && x.w[i].group != G_SPECIAL) i++;
            while (j < y.n && y.w[j].group != G_SPECIAL) j++;
            if (i >= x.n || j >= y.n) {
                r = (i < x.n) - (j < y.n);
                break;
            }
            if (x.pos[i] != y.pos[j]) {
                r = x.pos[i] < y.pos[j] ? 1 : -1;   /* an earlier special weighs more */
                break;
            }
            if (x.w[i].primary != y.w[j].primary) {
                r = x.w[i].primary < y.w[j].primary ? -1 : 1;
                break;
            }
            i++, j++;
        }
    }
out:
    free(x.w); free(x.pos); free(y.w); free(y.pos);
    return r;
}

#define VALID_COMPARE_FLAGS (NORM_IGNORECASE | NORM_IGNORENONSPACE | NORM_IGNORESYMBOLS | SORT_DIGITSASNUMBERS | \
    LINGUISTIC_IGNORECASE | LINGUISTIC_IGNOREDIACRITIC | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH | \
    NORM_LINGUISTIC_CASING | SORT_STRINGSORT)

static int compare_w(DWORD flags, const WCHAR *a, int an, const WCHAR *b, int bn)
{
    if (!a || !b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (flags & ~(DWORD)VALID_COMPARE_FLAGS) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (flags & SORT_DIGITSASNUMBERS)
        FIXME("SORT_DIGITSASNUMBERS: digits compare one by one\n");
    if (an < 0)
        an = (int)wstrlen(a);
    if (bn < 0)
        bn = (int)wstrlen(b);
    int r = collate(a, an, b, bn, flags);
    if (r == 2) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    return CSTR_EQUAL + r;
}

WINAPI int kernel32_CompareStringW(DWORD lcid, DWORD flags, const WCHAR *a, int an, const WCHAR *b, int bn)
{
    return compare_w(flags, a, an, b, bn);
}

WINAPI int kernel32_CompareStringEx(const WCHAR *locale, DWORD flags, const WCHAR *a, int an, const WCHAR *b, int bn,
                                    void *version, void *reserved, LPARAM_T lparam)
{
    if (reserved || lparam) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return compare_w(flags, a, an, b, bn);
}

/* The A form converts in the ANSI page; a count stops at a NUL as Windows does. */
static WCHAR *a_to_w_n(const char *s, int n, int *wn)
{
    if (n < 0)
        n = (int)strlen(s);
    else {
        const char *z = memchr(s, 0, (size_t)n);
        if (z)
            n = (int)(z - s);
    }
    if (!n) {
        *wn = 0;
        return calloc(1, sizeof(WCHAR));
    }
    int k = cp_to_wide(CP_ACP, s, n, NULL, 0);
    WCHAR *w = malloc((size_t)(k + 1) * sizeof *w);
    if (w)
        cp_to_wide(CP_ACP, s, n, w, k);
    *wn = k;
    return w;
}

WINAPI int kernel32_CompareStringA(DWORD lcid, DWORD flags, const char *a, int an, const char *b, int bn)
{
    if (!a || !b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    int wan, wbn;
    WCHAR *wa = a_to_w_n(a, an, &wan), *wb = a_to_w_n(b, bn, &wbn);
    int r = wa && wb ? compare_w(flags, wa, wan, wb, wbn) : 0;
    free(wa);
    free(wb);
    return r;
}

WINAPI int kernel32_CompareStringOrdinal(const WCHAR *a, int an, const WCHAR *b, int bn, BOOL ignore_case)
{
    if (!a || !b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (an < 0)
        an = (int)wstrlen(a);
    if (bn < 0)
        bn = (int)wstrlen(b);
    int n = an < bn ? an : bn;
    for (int i = 0; i < n; i++) {
        WCHAR x = a[i], y = b[i];
        if (ignore_case) {
            x = k32_toupper(x);
            y = k32_toupper(y);
        }
        if (x != y)
            return x < y ? CSTR_LESS_THAN : CSTR_GREATER_THAN;
    }
    return an < bn ? CSTR_LESS_THAN : an > bn ? CSTR_GREATER_THAN : CSTR_EQUAL;
}

static int lstrcmp_common(const WCHAR *a, const WCHAR *b, DWORD flags)
{
    if (!a && !b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return compare_w(flags, a, -1, b, -1) - CSTR_EQUAL;
}

WINAPI int kernel32_lstrcmpW(const WCHAR *a, const WCHAR *b) { return lstrcmp_common(a, b, 0); }
WINAPI int kernel32_lstrcmpiW(const WCHAR *a, const WCHAR *b) { return lstrcmp_common(a, b, NORM_IGNORECASE); }

static int lstrcmp_a(const char *a, const char *b, DWORD flags)
{
    if (!a && !b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return kernel32_CompareStringA(0x400, flags, a, -1, b, -1) - CSTR_EQUAL;
}

WINAPI int kernel32_lstrcmpA(const char *a, const char *b) { return lstrcmp_a(a, b, 0); }
WINAPI int kernel32_lstrcmpiA(const char *a, const char *b) { return lstrcmp_a(a, b, NORM_IGNORECASE); }

/* ---- LCMapString ---------------------------------------------------------- */

#define LCMAP_LOWERCASE  0x00000100
#define LCMAP_UPPERCASE  0x00000200
#define LCMAP_SORTKEY    0x00000400
#define LCMAP_BYTEREV    0x00000800
#define LCMAP_HIRAGANA   0x00100000
#define LCMAP_KATAKANA   0x00200000
#define LCMAP_HALFWIDTH  0x00400000
#define LCMAP_FULLWIDTH  0x00800000
#define LCMAP_LINGUISTIC_CASING 0x01000000
#define LCMAP_SIMPLIFIED_CHINESE  0x02000000
#define LCMAP_TRADITIONAL_CHINESE 0x04000000

/* A sort key: primaries, 01, secondaries, 01, tertiaries, 01, specials, 00.
 * Keys compare with memcmp in the same order as CompareString. */
static int sort_key(const WCHAR *s, int n, DWORD flags, BYTE *out, int outlen)
{
    struct weights x;
    if (!weigh_all(s, n, flags, &x)) {
        free(x.w); free(x.pos);
        return -1;
    }
    int o = 0;
#define PUTB(v) do { if (out && o < outlen) out[o] = (BYTE)(v); o++; } while (0)
    for (int i = 0; i < x.n; i++)
        if (x.w[i].group != G_SPECIAL) {
            uint32_t p = x.w[i].primary;
            PUTB(x.w[i].group + 1);
            PUTB(p >> 16 ? 0xff : 0);
            PUTB((p >> 8) & 0xff);
            PUTB(p & 0xff);
        }
    PUTB(1);
    if (!(flags & NORM_IGNORENONSPACE))
        for (int i = 0; i < x.n; i++)
            if (x.w[i].group != G_SPECIAL) {
                PUTB((x.w[i].secondary >> 8) + 2);
                PUTB(x.w[i].secondary & 0xff);
            }
    PUTB(1);
    if (!(flags & NORM_IGNORECASE))
        for (int i = 0; i < x.n; i++)
            if (x.w[i].group != G_SPECIAL)
                PUTB(x.w[i].tertiary + 2);
    PUTB(1);
    for (int i = 0; i < x.n; i++)
        if (x.w[i].group == G_SPECIAL) {
            PUTB(0xff - (x.pos[i] & 0xff));
            PUTB(x.w[i].primary & 0xff);
        }
    PUTB(0);
#undef PUTB
    free(x.w); free(x.pos);
    return o;
}

static int lcmap_w(DWORD flags, const WCHAR *src, int srclen, WCHAR *dst, int dstlen)
{
    if (!src || !srclen || dstlen < 0 || (dstlen && !dst) || srclen < -1) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((flags & LCMAP_LOWERCASE) && (flags & LCMAP_UPPERCASE)) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (srclen < 0)
        srclen = (int)wstrlen(src) + 1;
    if (flags & LCMAP_SORTKEY) {
        if (flags & (LCMAP_LOWERCASE | LCMAP_UPPERCASE | LCMAP_BYTEREV | LCMAP_HIRAGANA | LCMAP_KATAKANA |
                     LCMAP_HALFWIDTH | LCMAP_FULLWIDTH)) {
            set_last_error(ERROR_INVALID_FLAGS);
            return 0;
        }
        /* A sort key ignores the terminator; dstlen counts bytes. */
        int n = srclen;
        while (n && !src[n - 1])
            n--;
        int k = sort_key(src, n, flags, (BYTE *)dst, dstlen);
        if (k < 0) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        if (dstlen && k > dstlen) {
            set_last_error(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        return k;
    }
    DWORD known = LCMAP_LOWERCASE | LCMAP_UPPERCASE | LCMAP_BYTEREV | LCMAP_LINGUISTIC_CASING | NORM_IGNORECASE |
                  NORM_IGNORENONSPACE | NORM_IGNORESYMBOLS | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH;
    if (flags & ~known) {
        FIXME("flags %#x (kana, width, Chinese) not supported\n", flags & ~known);
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    int o = 0;
    for (int i = 0; i < srclen; i++) {
        WCHAR c = src[i];
        if ((flags & NORM_IGNORESYMBOLS) && c && (k32_ctype1(c) & (C1_PUNCT | C1_SPACE)))
            continue;
        if (flags & LCMAP_UPPERCASE)
            c = k32_toupper(c);
        else if (flags & LCMAP_LOWERCASE)
            c = k32_tolower(c);
        if (flags & LCMAP_BYTEREV)
            c = (WCHAR)((c >> 8) | (c << 8));
        if (dstlen) {
            if (o >= dstlen) {
                set_last_error(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
            dst[o] = c;
        }
        o++;
    }
    return o;
}

WINAPI int kernel32_LCMapStringW(DWORD lcid, DWORD flags, const WCHAR *src, int srclen, WCHAR *dst, int dstlen)
{
    return lcmap_w(flags, src, srclen, dst, dstlen);
}

WINAPI int kernel32_LCMapStringEx(const WCHAR *locale, DWORD flags, const WCHAR *src, int srclen, WCHAR *dst,
                                  int dstlen, void *version, void *reserved, LPARAM_T handle)
{
    if (version || reserved || handle) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return lcmap_w(flags, src, srclen, dst, dstlen);
}

WINAPI int kernel32_LCMapStringA(DWORD lcid, DWORD flags, const char *src, int srclen, char *dst, int dstlen)
{
    if (!src || !srclen || dstlen < 0 || (dstlen && !dst) || srclen < -1) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    int n = srclen < 0 ? (int)strlen(src) + 1 : srclen;
    int wn = cp_to_wide(CP_ACP, src, n, NULL, 0);
    WCHAR *w = malloc((size_t)wn * sizeof *w);
    if (!w) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    cp_to_wide(CP_ACP, src, n, w, wn);
    int r;
    if (flags & LCMAP_SORTKEY) {
        r = lcmap_w(flags, w, wn, (WCHAR *)dst, dstlen);
    } else {
        int mn = lcmap_w(flags, w, wn, NULL, 0);
        WCHAR *m = mn ? malloc((size_t)mn * sizeof *m) : NULL;
        r = 0;
        if (m) {
            lcmap_w(flags, w, wn, m, mn);
            r = cp_from_wide(CP_ACP, m, mn, NULL, 0);
            if (dstlen) {
                if (r > dstlen) {
                    set_last_error(ERROR_INSUFFICIENT_BUFFER);
                    r = 0;
                } else {
                    cp_from_wide(CP_ACP, m, mn, dst, dstlen);
                }
            }
            free(m);
        }
    }
    free(w);
    return r;
}

/* ---- GetStringType ------------------------------------------------------- */

#define CT_CTYPE1 1
#define CT_CTYPE2 2
#define CT_CTYPE3 4

static WORD ctype2(WCHAR c)
{
    /* Bidirectional categories, for the characters programs meet. */
    if ((c >= '0' && c <= '9') || c == 0xb2 || c == 0xb3 || c == 0xb9) return 3;        /* C2_EUROPENUMBER */
    if (c == '+' || c == '-') return 4;                                                   /* C2_EUROPESEPARATOR */
    if (c == '#' || c == '$' || c == '%' || (c >= 0xa2 && c <= 0xa5) || c == 0xb0 || c == 0xb1) return 5; /* TERMINATOR */
    if (c == ',' || c == '.' || c == '/' || c == ':' || c == 0xa0) return 7;             /* C2_COMMONSEPARATOR */
    if (c == '\n' || c == '\r' || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x85) return 8; /* BLOCKSEPARATOR */
    if (c == '\t' || c == 0x0b || c == 0x1f) return 9;                                   /* SEGMENTSEPARATOR */
    if (c == ' ' || c == '\f') return 10;                                                 /* C2_WHITESPACE */
    if (c >= 0x590 && c < 0x900) return 2;                                                /* C2_RIGHTTOLEFT */
    WORD t = k32_ctype1(c);
    if (t & C1_ALPHA) return 1;                                                           /* C2_LEFTTORIGHT */
    if (t & C1_CNTRL) return 0;                                                           /* C2_NOTAPPLICABLE */
    return 11;                                                                            /* C2_OTHERNEUTRAL */
}

static WORD ctype3(WCHAR c)
{
    WORD t = k32_ctype1(c), r = 0;
    if (c >= 0x300 && c < 0x370) r |= 0x0001 | 0x0002;                 /* C3_NONSPACING | C3_DIACRITIC */
    if (t & C1_ALPHA) r |= 0x8000;                                     /* C3_ALPHA */
    if ((t & C1_PUNCT) && !(t & C1_ALPHA)) r |= 0x0008;                /* C3_SYMBOL */
    if (c >= 0xd800 && c < 0xdc00) r |= 0x0800;                        /* C3_HIGHSURROGATE */
    if (c >= 0xdc00 && c < 0xe000) r |= 0x1000;                        /* C3_LOWSURROGATE */
    if (c >= 0x4e00 && c < 0xa000) r |= 0x0100;                        /* C3_IDEOGRAPH */
    if (c >= 0xff01 && c <= 0xff5e) r |= 0x0080;                       /* C3_FULLWIDTH */
    if (c >= 0xff61 && c <= 0xff9f) r |= 0x0040;                       /* C3_HALFWIDTH */
    if (c >= 0x3041 && c <= 0x309f) r |= 0x0020;                       /* C3_HIRAGANA */
    if (c >= 0x30a0 && c <= 0x30ff) r |= 0x0010;                       /* C3_KATAKANA */
    return r;
}

WINAPI BOOL kernel32_GetStringTypeW(DWORD type, const WCHAR *src, int count, WORD *out)
{
    if (!src || !out) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (type != CT_CTYPE1 && type != CT_CTYPE2 && type != CT_CTYPE3) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (count < 0)
        count = (int)wstrlen(src) + 1;
    for (int i = 0; i < count; i++)
        out[i] = type == CT_CTYPE1 ? k32_ctype1(src[i]) : type == CT_CTYPE2 ? ctype2(src[i]) : ctype3(src[i]);
    return TRUE;
}

WINAPI BOOL kernel32_GetStringTypeExW(DWORD lcid, DWORD type, const WCHAR *src, int count, WORD *out)
{
    return kernel32_GetStringTypeW(type, src, count, out);
}

WINAPI BOOL kernel32_GetStringTypeA(DWORD lcid, DWORD type, const char *src, int count, WORD *out)
{
    if (!src || !out) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (count < 0)
        count = (int)strlen(src) + 1;
    if (!count)
        return TRUE;
    WCHAR *w = malloc((size_t)count * sizeof *w);
    if (!w) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    /* Single-byte pages: one WCHAR per byte, so out[] lines up with src[]. */
    cp_to_wide(CP_ACP, src, count, w, count);
    BOOL r = kernel32_GetStringTypeW(type, w, count, out);
    free(w);
    return r;
}

WINAPI BOOL kernel32_GetStringTypeExA(DWORD lcid, DWORD type, const char *src, int count, WORD *out)
{
    return kernel32_GetStringTypeA(lcid, type, src, count, out);
}

/* ---- ntdll memory moves --------------------------------------------------- */

WINAPI void ntdll_RtlMoveMemory(void *dst, const void *src, SIZE_T n) { memmove(dst, src, n); }
WINAPI void ntdll_RtlZeroMemory(void *dst, SIZE_T n) { memset(dst, 0, n); }
WINAPI void ntdll_RtlFillMemory(void *dst, SIZE_T n, BYTE fill) { memset(dst, fill, n); }

WINAPI SIZE_T ntdll_RtlCompareMemory(const void *a, const void *b, SIZE_T n)
{
    const BYTE *x = a, *y = b;
    SIZE_T i = 0;
    while (i < n && x[i] == y[i])
        i++;
    return i;
}
