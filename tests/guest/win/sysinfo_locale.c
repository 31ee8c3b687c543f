/* The en-US locale: identifiers, GetLocaleInfo fields and size rules,
 * GetDateFormat and GetTimeFormat pictures. */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    printf("lcid %#lx langid %#x ui %#x\n", GetUserDefaultLCID(), GetUserDefaultLangID(), GetUserDefaultUILanguage());
    WCHAR wname[LOCALE_NAME_MAX_LENGTH];
    int n = GetUserDefaultLocaleName(wname, LOCALE_NAME_MAX_LENGTH);
    printf("locale name %d %ls\n", n, wname);
    char buf[128];
    static const LCTYPE types[] = { LOCALE_SLANGUAGE, LOCALE_SENGLANGUAGE, LOCALE_SABBREVLANGNAME, LOCALE_SCOUNTRY,
        LOCALE_IDEFAULTANSICODEPAGE, LOCALE_IDEFAULTCODEPAGE, LOCALE_SDECIMAL, LOCALE_STHOUSAND, LOCALE_SGROUPING,
        LOCALE_SCURRENCY, LOCALE_SSHORTDATE, LOCALE_SLONGDATE, LOCALE_STIMEFORMAT, LOCALE_S1159, LOCALE_S2359,
        LOCALE_SDAYNAME1, LOCALE_SABBREVDAYNAME7, LOCALE_SMONTHNAME12, LOCALE_SABBREVMONTHNAME1, LOCALE_SISO639LANGNAME,
        LOCALE_SISO3166CTRYNAME, LOCALE_IFIRSTDAYOFWEEK, LOCALE_SNEGATIVESIGN, LOCALE_SLIST, LOCALE_IMEASURE };
    for (int i = 0; i < (int)(sizeof types / sizeof types[0]); i++) {
        n = GetLocaleInfoA(LOCALE_USER_DEFAULT, types[i], buf, sizeof buf);
        printf("info %#lx: %d [%s]\n", types[i], n, buf);
    }
    printf("size query %d\n", GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SLANGUAGE, NULL, 0));
    SetLastError(0xdeadbeef);
    n = GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SLANGUAGE, buf, 3);
    DWORD e = GetLastError();
    printf("too small %d err %lu\n", n, e);
    DWORD num = 0;
    n = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_IDEFAULTANSICODEPAGE | LOCALE_RETURN_NUMBER, (WCHAR *)&num, 2);
    printf("number %d %lu\n", n, num);
    WCHAR wb[64];
    n = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SNAME, wb, 64);
    printf("W name %d %ls\n", n, wb);

    SYSTEMTIME st = { 2024, 3, 0, 5, 14, 7, 9, 0 };
    n = GetDateFormatA(LOCALE_USER_DEFAULT, DATE_SHORTDATE, &st, NULL, buf, sizeof buf);
    printf("short %d %s\n", n, buf);
    n = GetDateFormatA(LOCALE_USER_DEFAULT, DATE_LONGDATE, &st, NULL, buf, sizeof buf);
    printf("long %d %s\n", n, buf);
    n = GetDateFormatA(LOCALE_USER_DEFAULT, 0, &st, "ddd', 'd MMM yy' ''quoted'''", buf, sizeof buf);
    printf("picture %d %s\n", n, buf);
    n = GetDateFormatA(LOCALE_USER_DEFAULT, DATE_YEARMONTH, &st, NULL, buf, sizeof buf);
    printf("yearmonth %d %s\n", n, buf);
    SetLastError(0xdeadbeef);
    n = GetDateFormatA(LOCALE_USER_DEFAULT, DATE_SHORTDATE, &st, "d", buf, sizeof buf);
    e = GetLastError();
    printf("flags and format %d err %lu\n", n, e);
    SYSTEMTIME bad = { 2024, 13, 0, 5, 0, 0, 0, 0 };
    SetLastError(0xdeadbeef);
    n = GetDateFormatA(LOCALE_USER_DEFAULT, 0, &bad, NULL, buf, sizeof buf);
    e = GetLastError();
    printf("bad date %d err %lu\n", n, e);

    n = GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &st, NULL, buf, sizeof buf);
    printf("time %d %s\n", n, buf);
    n = GetTimeFormatA(LOCALE_USER_DEFAULT, TIME_NOSECONDS, &st, NULL, buf, sizeof buf);
    printf("noseconds %d %s\n", n, buf);
    n = GetTimeFormatA(LOCALE_USER_DEFAULT, TIME_FORCE24HOURFORMAT | TIME_NOTIMEMARKER, &st, NULL, buf, sizeof buf);
    printf("24h %d %s\n", n, buf);
    n = GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &st, "HH'h'mm t", buf, sizeof buf);
    printf("picture %d %s\n", n, buf);
    SYSTEMTIME midnight = { 2024, 1, 0, 1, 0, 5, 0, 0 };
    n = GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &midnight, NULL, buf, sizeof buf);
    printf("midnight %d %s\n", n, buf);
    SetLastError(0xdeadbeef);
    n = GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &st, NULL, buf, 4);
    e = GetLastError();
    printf("small %d err %lu\n", n, e);
    return 0;
}
