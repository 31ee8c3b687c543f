/* time_tz: <time.h> with fixed time zones set through TZ (msvcrt parses
 * "PST8PDT" itself and applies the US daylight rules, the 2007 ones and
 * the older ones), fixed timestamps through gmtime/localtime/mktime/
 * _mkgmtime, asctime/ctime in msvcrt's format, strftime's and wcsftime's
 * conversions, the error cases, and the clock.
 *
 * Expected output: Wine 8.0, except the zone names: msvcrt takes three
 * letters from TZ ("PST"), Wine 8 two ("PS"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <sys/timeb.h>

static void show(const char *label, const struct tm *t)
{
    if (!t) {
        printf("%s: NULL errno=%d\n", label, errno);
        errno = 0;
        return;
    }
    printf("%s: %04d-%02d-%02d %02d:%02d:%02d wday=%d yday=%d isdst=%d\n", label, t->tm_year + 1900,
           t->tm_mon + 1, t->tm_mday, t->tm_hour, t->tm_min, t->tm_sec, t->tm_wday, t->tm_yday, t->tm_isdst);
}

static void zone(const char *tz)
{
    char env[64];
    snprintf(env, sizeof env, "TZ=%s", tz);
    _putenv(env);
    _tzset();
    printf("[%s] _timezone=%ld _daylight=%d _tzname=%s/%s\n", tz, _timezone, _daylight != 0, _tzname[0], _tzname[1]);
}

int main(void)
{
    static const __time64_t stamps[] = {
        0, 86399, 951782400 /* 2000-02-29 */, 1000000000, 1142758800 /* 2006-03-19 */,
        1144058400 /* 2006-04-03 10:00Z */, 1173607200 /* 2007-03-11 10:00Z */, 1194166800 /* 2007-11-04 09:00Z */,
        1194170400 /* 2007-11-04 10:00Z */, 1700000000, 2147483647, 4102444800 /* 2100-01-01 */,
    };
    zone("PST8PDT");
    for (int i = 0; i < (int)(sizeof stamps / sizeof stamps[0]); i++) {
        struct tm g, l;
        _gmtime64_s(&g, &stamps[i]);
        _localtime64_s(&l, &stamps[i]);
        printf("%lld\n", (long long)stamps[i]);
        show("  gmt", &g);
        show("  pst", &l);
        struct tm copy = l;
        __time64_t back = _mktime64(&copy);
        printf("  mktime back: %lld\n", (long long)back);
    }

    /* DST transitions in local time: 2007-03-11 02:30 does not exist,
     * 2007-11-04 01:30 happens twice. */
    struct tm t = { 0, 30, 2, 11, 2, 107, 0, 0, -1 };
    __time64_t v = _mktime64(&t);
    printf("2007-03-11 02:30 isdst=-1 -> %lld ", (long long)v);
    show("normalised", &t);
    struct tm t2 = { 0, 30, 1, 4, 10, 107, 0, 0, 0 };
    v = _mktime64(&t2);
    printf("2007-11-04 01:30 isdst=0 -> %lld ", (long long)v);
    show("normalised", &t2);
    struct tm t3 = { 0, 30, 1, 4, 10, 107, 0, 0, 1 };
    v = _mktime64(&t3);
    printf("2007-11-04 01:30 isdst=1 -> %lld ", (long long)v);
    show("normalised", &t3);
    /* Normalisation of out-of-range fields. */
    struct tm t4 = { 75, 70, 25, 32, 13, 99, 0, 0, 0 };
    v = _mktime64(&t4);
    printf("overflowing fields -> %lld ", (long long)v);
    show("normalised", &t4);
    struct tm t5 = { 0, 0, 0, 0, -1, 100, 0, 0, 0 };
    v = _mktime64(&t5);
    printf("day 0 of month -1 -> %lld ", (long long)v);
    show("normalised", &t5);
    struct tm t6 = { 0, 0, 0, 1, 0, 60, 0, 0, 0 };
    errno = 0;
    v = _mktime64(&t6);
    printf("1960: %lld errno=%d\n", (long long)v, errno);
    struct tm t7 = { 0, 0, 12, 15, 5, 120, 0, 0, 0 };
    printf("_mkgmtime 2020-06-15 12:00: %lld\n", (long long)_mkgmtime64(&t7));

    zone("EST5EDT");
    __time64_t s = 1183000000;
    show("EST5EDT 1183000000", _localtime64(&s));
    zone("GMT0");
    show("GMT0 1183000000", _localtime64(&s));
    zone("XYZ-5:30");
    show("XYZ-5:30 1183000000", _localtime64(&s));
    zone("PST8PDT");

    /* Errors. */
    __time64_t neg = -1, huge = 32535216000LL;
    errno = 0;
    show("gmtime(-1)", _gmtime64(&neg));
    show("localtime(3001)", _localtime64(&huge));
    struct tm bad;
    int r = _gmtime64_s(&bad, &neg);
    printf("_gmtime64_s(-1): %d year=%d\n", r, bad.tm_year);

    /* asctime / ctime (msvcrt pads the day with a zero). */
    __time64_t when = 315626635;   /* 1980-01-02 02:03:55 UTC */
    printf("asctime: %s", asctime(_gmtime64(&when)));
    printf("ctime:   %s", _ctime64(&when));
    char buf[128];
    r = asctime_s(buf, 20, _gmtime64(&when));
    printf("asctime_s small: %d\n", r);
    struct tm badtm = *_gmtime64(&when);
    badtm.tm_mon = 12;
    errno = 0;
    printf("asctime bad month: %s errno=%d\n", asctime(&badtm) ? "text" : "NULL", errno);

    /* strftime */
    struct tm f = *_localtime64(&stamps[9]);    /* 2023-11-14 14:13:20 PST */
    const char *fmts[] = { "%a %A %b %B", "%c", "%x %X", "%#c", "%#x", "%d %H %I %j %m %M %p %S",
                           "%U %W %w", "%y %Y", "%Z|%z", "%#d %#H %#j %#m", "100%%", "[%Q]", "%" };
    for (int i = 0; i < (int)(sizeof fmts / sizeof fmts[0]); i++) {
        errno = 0;
        size_t n = strftime(buf, sizeof buf, fmts[i], &f);
        printf("strftime(\"%s\") = %d \"%s\" errno=%d\n", fmts[i], (int)n, buf, errno);
    }
    errno = 0;
    size_t n = strftime(buf, 5, "%Y-%m-%d", &f);
    printf("strftime small: %d \"%s\" errno=%d\n", (int)n, buf, errno);
    struct tm weird = f;
    weird.tm_hour = 25;
    errno = 0;
    n = strftime(buf, sizeof buf, "%H", &weird);
    printf("strftime hour 25: %d errno=%d\n", (int)n, errno);
    wchar_t wbuf[64];
    n = wcsftime(wbuf, 64, L"%A %d %B %Y", &f);
    printf("wcsftime: %d %ls\n", (int)n, wbuf);

    /* The clock and the current time. */
    __time64_t now = _time64(NULL), now2;
    _time64(&now2);
    printf("time: plausible=%d same=%d\n", now > 1600000000, now2 - now <= 1);
    struct __timeb64 tb;
    _ftime64(&tb);
    printf("_ftime: plausible=%d millitm<1000=%d timezone=%d\n", tb.time >= now, tb.millitm < 1000, tb.timezone);
    clock_t c = clock();
    printf("clock: %d, CLOCKS_PER_SEC=%d\n", c >= 0 && c < 10000, (int)CLOCKS_PER_SEC);
    printf("difftime: %g\n", _difftime64(100, 40));
    char d[16], tm_[16];
    _strdate(d);
    _strtime(tm_);
    printf("_strdate: %d %c%c _strtime: %d %c%c\n", (int)strlen(d), d[2], d[5], (int)strlen(tm_), tm_[2], tm_[5]);
    return 0;
}
