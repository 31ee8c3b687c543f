/*
 * msvcrt/timefmt.c - strftime and wcsftime in the "C" locale.
 *
 * msvcrt knows %a %A %b %B %c %d %H %I %j %m %M %p %S %U %w %W %x %X %y
 * %Y %z %Z %% and the '#' flag (no leading zeros; long date for %#c and
 * %#x); %c is the short date and the time ("MM/dd/yy HH:mm:ss"). ucrtbase
 * adds C99's %C %D %e %F %g %G %h %n %r %R %t %T %u %V, a numeric %z and
 * makes %c "%a %b %e %T %Y". A field out of its range or an unknown
 * conversion is EINVAL and an empty result, a result that does not fit is
 * ERANGE; both return 0, as msvcrt does.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/unicode.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct crt_tm { int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst; };

extern LONG msvcrt__timezone, msvcrt__dstbias;
extern char *msvcrt__tzname[2];
CDECL void msvcrt__tzset(void);

static const char *const wday_short[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const wday_long[7] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const mon_short[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const mon_long[12] = { "January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December" };

/* The "C" locale's date and time pictures (GetDateFormat syntax). */
#define SHORT_DATE "MM/dd/yy"
#define LONG_DATE  "dddd, MMMM dd, yyyy"
#define TIME_FMT   "HH:mm:ss"

struct out {
    char *buf;
    size_t pos, max;
    int err;        /* 0, CRT_EINVAL or CRT_ERANGE */
};

static void put_str(struct out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i] && !o->err; i++) {
        if (o->pos >= o->max) {
            o->err = CRT_ERANGE;
            return;
        }
        o->buf[o->pos++] = s[i];
    }
}

static void put_c(struct out *o, char c) { put_str(o, &c, 1); }

/* An integer that must lie in [lo, hi], zero-padded to `width`. */
static void put_int(struct out *o, int v, int width, int lo, int hi)
{
    char tmp[16];
    if (o->err)
        return;
    if (v < lo || v > hi) {
        o->err = CRT_EINVAL;
        return;
    }
    int n = snprintf(tmp, sizeof tmp, "%0*d", width, v);
    put_str(o, tmp, (size_t)n);
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* A GetDateFormat/GetTimeFormat picture: runs of d, M, y, h, H, m, s, t
 * and quoted text. */
static void put_picture(struct out *o, const struct crt_tm *tm, const char *f)
{
    while (*f && !o->err) {
        size_t n = 1;
        while (f[n] == f[0])
            n++;
        switch (f[0]) {
        case 'd':
            if (n <= 2)
                put_int(o, tm->tm_mday, n == 1 ? 0 : 2, 1, 31);
            else if (tm->tm_wday < 0 || tm->tm_wday > 6)
                o->err = CRT_EINVAL;
            else
                put_str(o, n == 3 ? wday_short[tm->tm_wday] : wday_long[tm->tm_wday], (size_t)-1);
            break;
        case 'M':
            if (n <= 2)
                put_int(o, tm->tm_mon + 1, n == 1 ? 0 : 2, 1, 12);
            else if (tm->tm_mon < 0 || tm->tm_mon > 11)
                o->err = CRT_EINVAL;
            else
                put_str(o, n == 3 ? mon_short[tm->tm_mon] : mon_long[tm->tm_mon], (size_t)-1);
            break;
        case 'y':
            if (n == 1)
                put_c(o, 'y');
            else if (n <= 3)
                put_int(o, (tm->tm_year + 1900) % 100, 2, 0, 99);
            else
                put_int(o, tm->tm_year + 1900, 4, 0, 9999);
            break;
        case 'h':
            if (tm->tm_hour < 0 || tm->tm_hour > 23)
                o->err = CRT_EINVAL;
            else
                put_int(o, (tm->tm_hour + 11) % 12 + 1, n == 1 ? 0 : 2, 1, 12);
            break;
        case 'H':
            put_int(o, tm->tm_hour, n == 1 ? 0 : 2, 0, 23);
            break;
        case 'm':
            put_int(o, tm->tm_min, n == 1 ? 0 : 2, 0, 59);
            break;
        case 's':
            put_int(o, tm->tm_sec, n == 1 ? 0 : 2, 0, 59);
            break;
        case 't':
            put_str(o, tm->tm_hour < 12 ? "AM" : "PM", n == 1 ? 1 : 2);
            break;
        case '\'': {
            const char *q = f + 1;
            while (*q && *q != '\'')
                q++;
            put_str(o, f + 1, (size_t)(q - f - 1));
            n = (size_t)(q - f) + (*q ? 1 : 0);
            break;
        }
        default:
            put_str(o, f, n);
            break;
        }
        f += n;
    }
}

static void format(struct out *o, const char *f, const struct crt_tm *tm, bool ucrt)
{
    int year = tm ? tm->tm_year + 1900 : 0;
    for (; *f && !o->err; f++) {
        if (*f != '%') {
            put_c(o, *f);
            continue;
        }
        f++;
        bool alt = false;
        if (*f == '#') {
            alt = true;
            f++;
        }
        if (!tm) {
            o->err = CRT_EINVAL;
            return;
        }
        int w2 = alt ? 0 : 2;
        switch (*f) {
        case 'a':
        case 'A':
            if (tm->tm_wday < 0 || tm->tm_wday > 6) { o->err = CRT_EINVAL; break; }
            put_str(o, (*f == 'a' ? wday_short : wday_long)[tm->tm_wday], (size_t)-1);
            break;
        case 'h':
            if (!ucrt) goto unknown;
            /* fall through */
        case 'b':
        case 'B':
            if (tm->tm_mon < 0 || tm->tm_mon > 11) { o->err = CRT_EINVAL; break; }
            put_str(o, (*f == 'B' ? mon_long : mon_short)[tm->tm_mon], (size_t)-1);
            break;
        case 'c':
            if (ucrt && !alt) {
                format(o, "%a %b %e %T %Y", tm, ucrt);
                break;
            }
            put_picture(o, tm, alt ? LONG_DATE : SHORT_DATE);
            put_c(o, ' ');
            put_picture(o, tm, TIME_FMT);
            break;
        case 'x':
            put_picture(o, tm, alt ? LONG_DATE : SHORT_DATE);
            break;
        case 'X':
            put_picture(o, tm, TIME_FMT);
            break;
        case 'd': put_int(o, tm->tm_mday, w2, 1, 31); break;
        case 'H': put_int(o, tm->tm_hour, w2, 0, 23); break;
        case 'I':
            if (tm->tm_hour < 0 || tm->tm_hour > 23) { o->err = CRT_EINVAL; break; }
            put_int(o, (tm->tm_hour + 11) % 12 + 1, w2, 1, 12);
            break;
        case 'j': put_int(o, tm->tm_yday + 1, alt ? 0 : 3, 1, 366); break;
        case 'm': put_int(o, tm->tm_mon + 1, w2, 1, 12); break;
        case 'M': put_int(o, tm->tm_min, w2, 0, 59); break;
        case 'S': put_int(o, tm->tm_sec, w2, 0, ucrt ? 60 : 59); break;
        case 'p':
            if (tm->tm_hour < 0 || tm->tm_hour > 23) { o->err = CRT_EINVAL; break; }
            put_str(o, tm->tm_hour < 12 ? "AM" : "PM", 2);
            break;
        case 'w': put_int(o, tm->tm_wday, 0, 0, 6); break;
        case 'y':
            if (ucrt ? (year < 0 || year > 9999) : year < 1900) { o->err = CRT_EINVAL; break; }
            put_int(o, year % 100, w2, 0, 99);
            break;
        case 'Y': put_int(o, year, alt ? 0 : 4, 0, 9999); break;
        case 'U':
        case 'W': {
            if (tm->tm_wday < 0 || tm->tm_wday > 6 || tm->tm_yday < 0 || tm->tm_yday > 365) {
                o->err = CRT_EINVAL;
                break;
            }
            /* Weeks start on Sunday (%U) or Monday (%W); days before the
             * first such day are week 0. */
            int wd = *f == 'U' ? tm->tm_wday : (tm->tm_wday + 6) % 7;
            put_int(o, tm->tm_yday / 7 + (wd <= tm->tm_yday % 7), w2, 0, 53);
            break;
        }
        case 'z':
            if (ucrt) {
                msvcrt__tzset();
                LONG tz = msvcrt__timezone + (tm->tm_isdst > 0 ? msvcrt__dstbias : 0);
                put_c(o, tz <= 0 ? '+' : '-');
                if (tz < 0)
                    tz = -tz;
                put_int(o, (int)(tz / 3600), 2, 0, 99);
                put_int(o, (int)(tz / 60 % 60), 2, 0, 59);
                break;
            }
            /* msvcrt prints the zone's name for %z */
            __attribute__((fallthrough));
        case 'Z':
            msvcrt__tzset();
            put_str(o, msvcrt__tzname[tm->tm_isdst > 0 ? 1 : 0], (size_t)-1);
            break;
        case '%':
            put_c(o, '%');
            break;
        default:
            if (!ucrt)
                goto unknown;
            switch (*f) {
            case 'C':
                if (year < 0 || year > 9999) { o->err = CRT_EINVAL; break; }
                put_int(o, year / 100, w2, 0, 99);
                break;
            case 'D':
                if (year < 0 || year > 9999) { o->err = CRT_EINVAL; break; }
                put_int(o, tm->tm_mon + 1, w2, 1, 12);
                put_c(o, '/');
                put_int(o, tm->tm_mday, w2, 1, 31);
                put_c(o, '/');
                put_int(o, year % 100, w2, 0, 99);
                break;
            case 'e': {
                size_t at = o->pos;
                put_int(o, tm->tm_mday, w2, 1, 31);
                if (!alt && !o->err && o->buf[at] == '0')
                    o->buf[at] = ' ';
                break;
            }
            case 'F':
                put_int(o, year, alt ? 0 : 4, 0, 9999);
                put_c(o, '-');
                put_int(o, tm->tm_mon + 1, w2, 1, 12);
                put_c(o, '-');
                put_int(o, tm->tm_mday, w2, 1, 31);
                break;
            case 'g':
            case 'G':
            case 'V': {
                if (year < 0 || year > 9999) { o->err = CRT_EINVAL; break; }
                /* ISO 8601 week: weeks start on Monday; week 1 holds January 4th. */
                int iso_year = year;
                int days = tm->tm_yday - (tm->tm_wday ? tm->tm_wday : 7) + 4;
                if (days < 0) {
                    iso_year--;
                    days += 365 + is_leap(iso_year);
                } else if (days >= 365 + is_leap(iso_year)) {
                    days -= 365 + is_leap(iso_year);
                    iso_year++;
                }
                if (*f == 'G')
                    put_int(o, iso_year, 4, 0, 9999);
                else if (*f == 'g')
                    put_int(o, iso_year % 100, 2, 0, 99);
                else
                    put_int(o, days / 7 + 1, w2, 0, 53);
                break;
            }
            case 'n': put_c(o, '\n'); break;
            case 't': put_c(o, '\t'); break;
            case 'r':
                if (tm->tm_hour < 0 || tm->tm_hour > 23) { o->err = CRT_EINVAL; break; }
                put_int(o, (tm->tm_hour + 11) % 12 + 1, w2, 1, 12);
                put_c(o, ':');
                put_int(o, tm->tm_min, w2, 0, 59);
                put_c(o, ':');
                put_int(o, tm->tm_sec, w2, 0, 60);
                put_c(o, ' ');
                put_str(o, tm->tm_hour < 12 ? "AM" : "PM", 2);
                break;
            case 'R':
                put_int(o, tm->tm_hour, w2, 0, 23);
                put_c(o, ':');
                put_int(o, tm->tm_min, w2, 0, 59);
                break;
            case 'T':
                put_int(o, tm->tm_hour, w2, 0, 23);
                put_c(o, ':');
                put_int(o, tm->tm_min, w2, 0, 59);
                put_c(o, ':');
                put_int(o, tm->tm_sec, w2, 0, 60);
                break;
            case 'u':
                if (tm->tm_wday < 0 || tm->tm_wday > 6) { o->err = CRT_EINVAL; break; }
                put_int(o, tm->tm_wday ? tm->tm_wday : 7, 0, 1, 7);
                break;
            default:
                goto unknown;
            }
            break;
        }
        continue;
unknown:
        o->err = CRT_EINVAL;
        return;
    }
}

static size_t do_strftime(char *str, size_t max, const char *fmt, const struct crt_tm *tm, bool ucrt)
{
    if (!str || !fmt || !max) {
        if (str && max)
            str[0] = 0;
        crt_set_errno(CRT_EINVAL);
        return 0;
    }
    struct out o = { str, 0, max, 0 };
    format(&o, fmt, tm, ucrt);
    if (!o.err && o.pos >= max)
        o.err = CRT_ERANGE;
    if (o.err) {
        str[0] = 0;
        crt_set_errno(o.err);
        return 0;
    }
    str[o.pos] = 0;
    return o.pos;
}

/* The wide forms run the narrow formatter over UTF-8. */
static size_t do_wcsftime(WCHAR *str, size_t max, const WCHAR *fmt, const struct crt_tm *tm, bool ucrt)
{
    if (!str || !fmt || !max) {
        if (str && max)
            str[0] = 0;
        crt_set_errno(CRT_EINVAL);
        return 0;
    }
    char *f = utf16_to_utf8_alloc(fmt);
    size_t cap = max * 4 + 1;
    char *tmp = malloc(cap);
    size_t r = 0;
    if (f && tmp && do_strftime(tmp, cap, f, tm, ucrt)) {
        size_t n = utf8_to_utf16(tmp, -1, NULL, 0);
        if (n > max) {
            str[0] = 0;
            crt_set_errno(CRT_ERANGE);
        } else {
            utf8_to_utf16(tmp, -1, str, max);
            r = n - 1;
        }
    } else {
        str[0] = 0;
    }
    free(f);
    free(tmp);
    return r;
}

CDECL size_t msvcrt_strftime(char *s, size_t max, const char *f, const struct crt_tm *tm) { return do_strftime(s, max, f, tm, false); }
CDECL size_t msvcrt__Strftime(char *s, size_t max, const char *f, const struct crt_tm *tm, void *data) { return do_strftime(s, max, f, tm, false); }
CDECL size_t msvcrt_wcsftime(WCHAR *s, size_t max, const WCHAR *f, const struct crt_tm *tm) { return do_wcsftime(s, max, f, tm, false); }
CDECL size_t msvcrt__wcsftime_l(WCHAR *s, size_t max, const WCHAR *f, const struct crt_tm *tm, void *loc) { return do_wcsftime(s, max, f, tm, false); }

CDECL size_t msvcrt_ucrt_strftime(char *s, size_t max, const char *f, const struct crt_tm *tm) { return do_strftime(s, max, f, tm, true); }
CDECL size_t msvcrt_ucrt__Strftime(char *s, size_t max, const char *f, const struct crt_tm *tm, void *data) { return do_strftime(s, max, f, tm, true); }
CDECL size_t msvcrt_ucrt__strftime_l(char *s, size_t max, const char *f, const struct crt_tm *tm, void *loc) { return do_strftime(s, max, f, tm, true); }
CDECL size_t msvcrt_ucrt_wcsftime(WCHAR *s, size_t max, const WCHAR *f, const struct crt_tm *tm) { return do_wcsftime(s, max, f, tm, true); }
CDECL size_t msvcrt_ucrt__Wcsftime(WCHAR *s, size_t max, const WCHAR *f, const struct crt_tm *tm, void *data) { return do_wcsftime(s, max, f, tm, true); }
CDECL size_t msvcrt_ucrt__wcsftime_l(WCHAR *s, size_t max, const WCHAR *f, const struct crt_tm *tm, void *loc) { return do_wcsftime(s, max, f, tm, true); }
