/* startup_locale.c - the locale msvcrt starts in ("C") and what
 * setlocale(LC_ALL, "") switches to on an English system, the code page
 * and MB_CUR_MAX queries mingw-w64's runtime imports, localeconv's fields
 * in both, composite LC_ALL names and unknown locale names. (mingw-w64
 * links its own _configthreadlocale for msvcrt.dll, so it is not tested.) */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <string.h>

__declspec(dllimport) unsigned int __cdecl ___lc_codepage_func(void);
__declspec(dllimport) int __cdecl ___mb_cur_max_func(void);

static void conv(const char *when)
{
    struct lconv *l = localeconv();
    printf("%s: dp=[%s] ts=[%s] grouping=%d cur=[%s] int=[%s] frac=%d p_cs=%d\n", when, l->decimal_point,
           l->thousands_sep, l->grouping[0], l->currency_symbol, l->int_curr_symbol, l->frac_digits, l->p_cs_precedes);
}

int main(void)
{
    printf("start: [%s] cp=%u mbmax=%d\n", setlocale(LC_ALL, NULL), ___lc_codepage_func(), ___mb_cur_max_func());
    conv("C");
    const char *r = setlocale(LC_ALL, "");
    printf("setlocale(LC_ALL, \"\") = [%s] cp=%u mbmax=%d\n", r ? r : "(null)", ___lc_codepage_func(), ___mb_cur_max_func());
    conv("user");
    printf("%.2f %d\n", 1234.5, 1234);
    r = setlocale(LC_NUMERIC, "C");
    printf("LC_NUMERIC C: [%s]\n", r ? r : "(null)");
    r = setlocale(LC_ALL, NULL);
    printf("LC_ALL now: [%s]\n", r ? r : "(null)");
    r = setlocale(LC_ALL, "no-such-locale");
    printf("unknown: [%s]\n", r ? r : "(null)");
    r = setlocale(LC_ALL, "C");
    printf("back to C: [%s] cp=%u\n", r ? r : "(null)", ___lc_codepage_func());
    r = setlocale(99, "C");
    printf("bad category: [%s]\n", r ? r : "(null)");
    return 0;
}
