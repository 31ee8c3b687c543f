/*
 * locale.c - the CRT locale as far as start-up and stdio need it:
 * setlocale/_wsetlocale, localeconv, the code page and MB_CUR_MAX queries
 * that mingw-w64's runtime imports, _configthreadlocale, and the narrow <->
 * wide conversion of one character in the current code page (the "C"
 * locale maps bytes to U+0000-U+00FF one to one, as msvcrt does).
 *
 * Locales offered: "C" and the user default, which on Wine (and a US
 * Windows) is "English_United States.1252". Other names fail (NULL), which
 * programs handle.
 */
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/unicode.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LC_ALL      0
#define LC_COLLATE  1
#define LC_CTYPE    2
#define LC_MONETARY 3
#define LC_NUMERIC  4
#define LC_TIME     5
#define LC_MAX      LC_TIME

static const char user_locale[] = "English_United States.1252";
static const char *category_names[LC_MAX + 1] = { NULL, "C", "C", "C", "C", "C" };
static char all_name[256];
static UINT codepage;              /* 0: "C" */
UINT msvcrt___lc_codepage;
UINT msvcrt___lc_collate_cp;
LONG msvcrt___lc_handle[LC_MAX + 1];

/* Windows-1252's 0x80-0x9f (the rest is Latin-1); 0 = undefined. */
static const WCHAR cp1252_high[32] = {
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
    0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

UINT msvcrt_codepage(void) { return codepage; }

int msvcrt_mbtowc_cp(WCHAR *out, const char *s, size_t n)
{
    if (!n)
        return -1;
    unsigned char c = (unsigned char)s[0];
    WCHAR w = c;
    if (codepage == 1252 && c >= 0x80 && c < 0xa0)
        w = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : c;
    if (out)
        *out = w;
    return c ? 1 : 0;
}

int msvcrt_wctomb_cp(char *out, WCHAR wc)
{
    if (codepage == 1252) {
        for (int i = 0; i < 32; i++)
            if (cp1252_high[i] && cp1252_high[i] == wc) {
                *out = (char)(0x80 + i);
                return 1;
            }
        if (wc >= 0x80 && wc < 0xa0)
            return -1;
    }
    if (wc > 0xff)
        return -1;
    *out = (char)wc;
    return 1;
}

/* A locale name we can honour -> its canonical form; NULL otherwise. */
static const char *canonical(const char *name)
{
    if (!strcmp(name, "C"))
        return "C";
    if (!*name || !strcasecmp(name, user_locale) || !strcasecmp(name, "English_United States") ||
        !strcasecmp(name, "English") || !strcasecmp(name, "en-US") || !strcasecmp(name, "en_US") ||
        !strcasecmp(name, ".1252") || !strcasecmp(name, ".ACP") || !strcasecmp(name, "American") ||
        !strcasecmp(name, "English_United States.1252"))
        return user_locale;
    return NULL;
}

static const char *query_all(void)
{
    bool same = true;
    for (int i = 2; i <= LC_MAX; i++)
        if (strcmp(category_names[i], category_names[1]))
            same = false;
    if (same)
        return category_names[1];
    static const char *labels[] = { NULL, "LC_COLLATE", "LC_CTYPE", "LC_MONETARY", "LC_NUMERIC", "LC_TIME" };
    all_name[0] = 0;
    for (int i = 1; i <= LC_MAX; i++) {
        if (i > 1)
            strcat(all_name, ";");
        strcat(all_name, labels[i]);
        strcat(all_name, "=");
        strcat(all_name, category_names[i]);
    }
    return all_name;
}

static void update_codepage(void)
{
    codepage = strcmp(category_names[LC_CTYPE], "C") ? 1252 : 0;
    msvcrt___lc_codepage = codepage;
    msvcrt___lc_collate_cp = strcmp(category_names[LC_COLLATE], "C") ? 1252 : 0;
    msvcrt___lc_handle[LC_CTYPE] = codepage ? 0x409 : 0;
    msvcrt___lc_handle[LC_COLLATE] = msvcrt___lc_collate_cp ? 0x409 : 0;
}

CDECL char *msvcrt_setlocale(int category, const char *locale)
{
    if (category < LC_ALL || category > LC_MAX) {
        msvcrt_set_errno(MSVCRT_EINVAL);
        return NULL;
    }
    msvcrt__lock(MSVCRT_LOCK_LOCALE);
    const char *ret;
    if (!locale) {
        ret = category == LC_ALL ? query_all() : category_names[category];
    } else {
        const char *canon = canonical(locale);
        if (!canon) {
            ret = NULL;
        } else if (category == LC_ALL) {
            for (int i = 1; i <= LC_MAX; i++)
                category_names[i] = canon;
            update_codepage();
            ret = query_all();
        } else {
            category_names[category] = canon;
            update_codepage();
            ret = canon;
        }
    }
    msvcrt__unlock(MSVCRT_LOCK_LOCALE);
    return (char *)ret;
}

static __thread WCHAR wlocale_buffer[300];

CDECL WCHAR *msvcrt__wsetlocale(int category, const WCHAR *locale)
{
    char *n = locale ? utf16_to_utf8_alloc(locale) : NULL;
    char *r = msvcrt_setlocale(category, n);
    free(n);
    if (!r)
        return NULL;
    utf8_to_utf16(r, -1, wlocale_buffer, 300);
    return wlocale_buffer;
}

/* struct lconv as msvcrt/ucrt lay it out (ucrt appends the wide strings). */
struct ms_lconv {
    char *decimal_point, *thousands_sep, *grouping, *int_curr_symbol, *currency_symbol;
    char *mon_decimal_point, *mon_thousands_sep, *mon_grouping, *positive_sign, *negative_sign;
    char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space, n_cs_precedes, n_sep_by_space;
    char p_sign_posn, n_sign_posn;
    WCHAR *w_decimal_point, *w_thousands_sep, *w_int_curr_symbol, *w_currency_symbol;
    WCHAR *w_mon_decimal_point, *w_mon_thousands_sep, *w_positive_sign, *w_negative_sign;
};

static char dot[] = ".", empty[] = "";
static WCHAR wdot[] = { '.', 0 }, wempty[] = { 0 };
static char c_grouping[] = "", us_grouping[] = "\3", us_curr[] = "$", us_intl[] = "USD", us_comma[] = ",", us_minus[] = "-";
static WCHAR w_us_curr[] = { '$', 0 }, w_us_intl[] = { 'U', 'S', 'D', 0 }, w_us_comma[] = { ',', 0 }, w_us_minus[] = { '-', 0 };

static struct ms_lconv lconv_c = {
    dot, empty, c_grouping, empty, empty, empty, empty, empty, empty, empty,
    127, 127, 127, 127, 127, 127, 127, 127,
    wdot, wempty, wempty, wempty, wempty, wempty, wempty, wempty,
};
static struct ms_lconv lconv_result;

CDECL struct ms_lconv *msvcrt_localeconv(void)
{
    lconv_result = lconv_c;
    if (strcmp(category_names[LC_NUMERIC], "C")) {
        lconv_result.thousands_sep = us_comma;
        lconv_result.grouping = us_grouping;
        lconv_result.w_thousands_sep = w_us_comma;
    }
    if (strcmp(category_names[LC_MONETARY], "C")) {
        lconv_result.int_curr_symbol = us_intl;
        lconv_result.currency_symbol = us_curr;
        lconv_result.mon_decimal_point = dot;
        lconv_result.mon_thousands_sep = us_comma;
        lconv_result.mon_grouping = us_grouping;
        lconv_result.negative_sign = us_minus;
        lconv_result.int_frac_digits = 2;
        lconv_result.frac_digits = 2;
        lconv_result.p_cs_precedes = 1;
        lconv_result.p_sep_by_space = 0;
        lconv_result.n_cs_precedes = 1;
        lconv_result.n_sep_by_space = 0;
        lconv_result.p_sign_posn = 3;
        lconv_result.n_sign_posn = 0;
        lconv_result.w_int_curr_symbol = w_us_intl;
        lconv_result.w_currency_symbol = w_us_curr;
        lconv_result.w_mon_decimal_point = wdot;
        lconv_result.w_mon_thousands_sep = w_us_comma;
        lconv_result.w_negative_sign = w_us_minus;
    }
    return &lconv_result;
}

CDECL UINT msvcrt____lc_codepage_func(void) { return codepage; }
CDECL UINT msvcrt____lc_collate_cp_func(void) { return msvcrt___lc_collate_cp; }
CDECL LONG *msvcrt____lc_handle_func(void) { return msvcrt___lc_handle; }

/* Per-thread locales are not separate here: the setting is remembered and
 * reported, all threads share the one locale. */
static int thread_locale_mode = 2;   /* _DISABLE_PER_THREAD_LOCALE */

CDECL int msvcrt__configthreadlocale(int type)
{
    int old = thread_locale_mode;
    if (type == 1 || type == 2)
        thread_locale_mode = type;
    else if (type != 0 && type != -1) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    return old;
}
