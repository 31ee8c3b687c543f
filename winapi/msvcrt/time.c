/*
 * msvcrt/time.c - <time.h>: the clock, time zones, conversions between
 * time_t and struct tm, asctime/ctime, _ftime, _strdate/_strtime.
 *
 * Time zone, as msvcrt does it: when the CRT environment has TZ (format
 * "tzn[+|-]hh[:mm[:ss]][dzn]", e.g. PST8PDT), _tzset takes the offset and
 * names from it and daylight time follows the US rules (from 2007: second
 * Sunday of March to first Sunday of November, 2:00; before: first Sunday
 * of April to last Sunday of October). Without TZ the host's zone is used
 * (what GetTimeZoneInformation reports on Windows). Local time is computed
 * as Windows does: UTC minus _timezone gives local standard time, and if
 * that falls in daylight time, _dstbias (-3600) is subtracted too.
 *
 * Valid time_t values are 0 .. 3000-12-31 23:59:59 (_MAX__TIME64_T);
 * outside that the functions fail with EINVAL, as msvcrt's do. msvcrt and
 * ucrtbase differ in a few formats (asctime's day of month, strftime), so
 * those come in two forms; timefmt.c has strftime.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/unicode.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TIME64 32535215999LL        /* 3000-12-31 23:59:59 */

/* struct tm as the guest sees it (nine ints, as the host's first nine). */
struct crt_tm { int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst; };
_Static_assert(sizeof(struct crt_tm) == 36, "struct tm");

struct crt_timeb64 { int64_t time; unsigned short millitm; short timezone, dstflag; };
struct crt_timeb32 { int32_t time; unsigned short millitm; short timezone, dstflag; };
_Static_assert(sizeof(struct crt_timeb64) == 16, "struct __timeb64");
_Static_assert(sizeof(struct crt_timeb32) == 12, "struct __timeb32");

/* ---- calendar arithmetic ------------------------------------------- */

static const int month_days[2][12] = {
    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 },
    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 },
};

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Seconds since 1970 (may be negative) -> broken-down time, no zone. */
static void break_down(int64_t t, struct crt_tm *tm)
{
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    tm->tm_hour = (int)(secs / 3600);
    tm->tm_min = (int)(secs / 60 % 60);
    tm->tm_sec = (int)(secs % 60);
    tm->tm_wday = (int)(((days % 7) + 11) % 7);     /* 1970-01-01 was a Thursday */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2;
    tm->tm_year = (int)(y - 1900);
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    int yday = d - 1;
    for (int i = 0; i < m - 1; i++)
        yday += month_days[leap(y)][i];
    tm->tm_yday = yday;
    tm->tm_isdst = 0;
}

/* Day of month of the n-th (1-4, 5 = last) Sunday of a month. */
static int nth_sunday(int year, int month, int n)
{
    int64_t first = days_from_civil(year, month, 1);
    int wday = (int)(((first % 7) + 11) % 7);
    int day = 1 + (7 - wday) % 7 + (n - 1) * 7;
    int len = month_days[leap(year)][month - 1];
    while (day > len)
        day -= 7;
    return day;
}

/* ---- time zone state ----------------------------------------------- */

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static bool tz_initialised;
static bool tz_from_env;       /* TZ was set: US rules; else the host's zone */

/* Data exports. Windows' long is 32 bits. Defaults are msvcrt's. */
LONG msvcrt__timezone = 28800;
int msvcrt__daylight = 1;
LONG msvcrt__dstbias = -3600;
static char tzname_std[64] = "PST";
static char tzname_dst[64] = "PDT";
char *msvcrt__tzname[2] = { tzname_std, tzname_dst };

CDECL char *msvcrt_getenv(const char *name);

static void copy_name(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    dst[i] = 0;
}

CDECL void msvcrt__tzset(void)
{
    const char *tz = msvcrt_getenv("TZ");
    pthread_mutex_lock(&tz_lock);
    if (tz && *tz) {
        tz_from_env = true;
        copy_name(tzname_std, tz, 3);
        tz += strnlen(tz, 3);
        bool neg = false;
        if (*tz == '-' || *tz == '+') {
            neg = *tz == '-';
            tz++;
        }
        char *end;
        long v = strtol(tz, &end, 10) * 3600;
        if (*end == ':') {
            v += strtol(end + 1, &end, 10) * 60;
            if (*end == ':')
                v += strtol(end + 1, &end, 10);
        }
        msvcrt__timezone = (LONG)(neg ? -v : v);
        msvcrt__daylight = *end != 0;
        msvcrt__dstbias = -3600;
        copy_name(tzname_dst, end, 3);
    } else {
        tz_from_env = false;
        tzset();
        msvcrt__timezone = (LONG)timezone;
        msvcrt__daylight = daylight != 0;
        msvcrt__dstbias = daylight ? -3600 : 0;
        copy_name(tzname_std, tzname[0] ? tzname[0] : "", sizeof tzname_std - 1);
        copy_name(tzname_dst, tzname[1] ? tzname[1] : "", sizeof tzname_dst - 1);
    }
    tz_initialised = true;
    pthread_mutex_unlock(&tz_lock);
}

static void tz_ready(void)
{
    if (!__atomic_load_n(&tz_initialised, __ATOMIC_ACQUIRE))
        msvcrt__tzset();
}

/* Is daylight time in effect at this local standard time (seconds)? */
static bool is_dst(int64_t local_std)
{
    if (!msvcrt__daylight)
        return false;
    if (!tz_from_env) {
        time_t utc = (time_t)(local_std + msvcrt__timezone);
        struct tm h;
        return localtime_r(&utc, &h) && h.tm_isdst > 0;
    }
    struct crt_tm tm;
    break_down(local_std, &tm);
    int year = tm.tm_year + 1900;
    int sm, sd, em, ed;
    if (year >= 2007) {
        sm = 3; sd = nth_sunday(year, 3, 2);
        em = 11; ed = nth_sunday(year, 11, 1);
    } else {
        sm = 4; sd = nth_sunday(year, 4, 1);
        em = 10; ed = nth_sunday(year, 10, 5);
    }
    /* Starts at 2:00 standard time; ends at 2:00 daylight time, which is
     * 2:00 + _dstbias in standard time. */
    int64_t start = days_from_civil(year, sm, sd) * 86400 + 2 * 3600;
    int64_t end = days_from_civil(year, em, ed) * 86400 + 2 * 3600 + msvcrt__dstbias;
    return local_std >= start && local_std < end;
}

CDECL int *msvcrt___p__daylight(void) { tz_ready(); return &msvcrt__daylight; }
CDECL LONG *msvcrt___p__timezone(void) { tz_ready(); return &msvcrt__timezone; }
CDECL LONG *msvcrt___p__dstbias(void) { tz_ready(); return &msvcrt__dstbias; }
CDECL char **msvcrt___p__tzname(void) { tz_ready(); return msvcrt__tzname; }

CDECL errno_t msvcrt__get_daylight(int *v)
{
    if (!v)
        return crt_invalid(CRT_EINVAL);
    tz_ready();
    *v = msvcrt__daylight;
    return 0;
}

CDECL errno_t msvcrt__get_timezone(LONG *v)
{
    if (!v)
        return crt_invalid(CRT_EINVAL);
    tz_ready();
    *v = msvcrt__timezone;
    return 0;
}

CDECL errno_t msvcrt__get_dstbias(LONG *v)
{
    if (!v)
        return crt_invalid(CRT_EINVAL);
    tz_ready();
    *v = msvcrt__dstbias;
    return 0;
}

CDECL errno_t msvcrt__get_tzname(size_t *ret, char *buf, size_t size, int index)
{
    if ((index != 0 && index != 1) || !ret || (!buf && size) || (buf && !size))
        return crt_invalid(CRT_EINVAL);
    tz_ready();
    const char *name = msvcrt__tzname[index];
    *ret = strlen(name) + 1;
    if (!buf)
        return 0;
    if (*ret > size) {
        buf[0] = 0;
        return CRT_ERANGE;
    }
    memcpy(buf, name, *ret);
    return 0;
}

/* ---- current time ---------------------------------------------------- */

static struct timespec clock_start;

static __attribute__((constructor)) void init_clock(void)
{
    clock_gettime(CLOCK_MONOTONIC, &clock_start);
}

CDECL LONG msvcrt_clock(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ms = (int64_t)(now.tv_sec - clock_start.tv_sec) * 1000 +
                 (now.tv_nsec - clock_start.tv_nsec) / 1000000;
    return (LONG)ms;
}

CDECL int64_t msvcrt__time64(int64_t *out)
{
    int64_t t = (int64_t)time(NULL);
    if (out)
        *out = t;
    return t;
}

CDECL int32_t msvcrt__time32(int32_t *out)
{
    int32_t t = (int32_t)time(NULL);
    if (out)
        *out = t;
    return t;
}

CDECL double msvcrt__difftime64(int64_t a, int64_t b) { return (double)(a - b); }
CDECL double msvcrt__difftime32(int32_t a, int32_t b) { return (double)((int64_t)a - b); }

CDECL void msvcrt__ftime64(struct crt_timeb64 *tb)
{
    if (!tb) {
        crt_set_errno(CRT_EINVAL);
        return;
    }
    tz_ready();
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    tb->time = now.tv_sec;
    tb->millitm = (unsigned short)(now.tv_nsec / 1000000);
    tb->timezone = (short)(msvcrt__timezone / 60);
    tb->dstflag = is_dst(now.tv_sec - msvcrt__timezone);
}

CDECL void msvcrt__ftime32(struct crt_timeb32 *tb)
{
    struct crt_timeb64 t;
    if (!tb) {
        crt_set_errno(CRT_EINVAL);
        return;
    }
    msvcrt__ftime64(&t);
    tb->time = (int32_t)t.time;
    tb->millitm = t.millitm;
    tb->timezone = t.timezone;
    tb->dstflag = t.dstflag;
}

CDECL errno_t msvcrt__ftime64_s(struct crt_timeb64 *tb)
{
    if (!tb)
        return crt_invalid(CRT_EINVAL);
    msvcrt__ftime64(tb);
    return 0;
}

CDECL errno_t msvcrt__ftime32_s(struct crt_timeb32 *tb)
{
    if (!tb)
        return crt_invalid(CRT_EINVAL);
    msvcrt__ftime32(tb);
    return 0;
}

/* ---- time_t -> struct tm ------------------------------------------- */

static void invalid_tm(struct crt_tm *tm)
{
    tm->tm_sec = tm->tm_min = tm->tm_hour = tm->tm_mday = tm->tm_mon = -1;
    tm->tm_year = tm->tm_wday = tm->tm_yday = tm->tm_isdst = -1;
}

CDECL errno_t msvcrt__gmtime64_s(struct crt_tm *tm, const int64_t *t)
{
    if (!tm || !t || *t < 0 || *t > MAX_TIME64) {
        if (tm)
            invalid_tm(tm);
        return crt_invalid(CRT_EINVAL);
    }
    break_down(*t, tm);
    return 0;
}

/* Local time may lie up to 12 hours before 1970 and 13 hours after the
 * last UTC second, as in the CRT (_MIN_LOCAL_TIME / _MAX_LOCAL_TIME). */
#define MIN_LOCAL_TIME (-12 * 3600)
#define MAX_LOCAL_TIME (13 * 3600)

CDECL errno_t msvcrt__localtime64_s(struct crt_tm *tm, const int64_t *t)
{
    if (!tm || !t || *t < MIN_LOCAL_TIME || *t > MAX_TIME64 + MAX_LOCAL_TIME) {
        if (tm)
            invalid_tm(tm);
        return crt_invalid(CRT_EINVAL);
    }
    tz_ready();
    int64_t local = *t - msvcrt__timezone;
    bool dst = is_dst(local);
    if (dst)
        local -= msvcrt__dstbias;
    break_down(local, tm);
    tm->tm_isdst = dst;
    return 0;
}

CDECL errno_t msvcrt__gmtime32_s(struct crt_tm *tm, const int32_t *t)
{
    int64_t t64 = t ? *t : -1;
    return msvcrt__gmtime64_s(tm, t ? &t64 : NULL);
}

CDECL errno_t msvcrt__localtime32_s(struct crt_tm *tm, const int32_t *t)
{
    int64_t t64 = t ? *t : -1;
    return msvcrt__localtime64_s(tm, t ? &t64 : NULL);
}

/* gmtime and localtime share one per-thread result, as in msvcrt. */
static __thread struct crt_tm tm_buf;

CDECL struct crt_tm *msvcrt__gmtime64(const int64_t *t) { return msvcrt__gmtime64_s(&tm_buf, t) ? NULL : &tm_buf; }
CDECL struct crt_tm *msvcrt__localtime64(const int64_t *t) { return msvcrt__localtime64_s(&tm_buf, t) ? NULL : &tm_buf; }
CDECL struct crt_tm *msvcrt__gmtime32(const int32_t *t) { return msvcrt__gmtime32_s(&tm_buf, t) ? NULL : &tm_buf; }
CDECL struct crt_tm *msvcrt__localtime32(const int32_t *t) { return msvcrt__localtime32_s(&tm_buf, t) ? NULL : &tm_buf; }

/* ---- struct tm -> time_t ------------------------------------------- */

/* Normalise tm's fields and return local (or UTC) seconds; -1 and EINVAL
 * for years outside 1970-3000. Follows msvcrt: the year and month are
 * normalised first, the rest is added as a number of seconds. */
static int64_t make_time(struct crt_tm *tm, bool local)
{
    int64_t year = (int64_t)tm->tm_year + tm->tm_mon / 12;
    int mon = tm->tm_mon % 12;
    if (mon < 0) {
        mon += 12;
        year--;
    }
    if (year < 70 || year > 1100) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    int64_t t = days_from_civil(year + 1900, mon + 1, 1) * 86400;
    t += (int64_t)tm->tm_sec + (int64_t)tm->tm_min * 60 + (int64_t)tm->tm_hour * 3600 +
         ((int64_t)tm->tm_mday - 1) * 86400;
    struct crt_tm out;
    break_down(t, &out);
    bool dst = false;
    if (local) {
        tz_ready();
        dst = is_dst(t);
        if ((tm->tm_isdst < 0 && dst) || tm->tm_isdst > 0) {
            /* The fields are daylight time: go back to standard time. */
            int64_t std_t = t + msvcrt__dstbias;
            if (!is_dst(std_t)) {
                break_down(std_t, &out);
                dst = false;
            } else {
                dst = true;
            }
            t = std_t;
        } else if (tm->tm_isdst == 0 && dst) {
            /* Standard time given inside daylight time: shown as daylight. */
            break_down(t - msvcrt__dstbias, &out);
        }
        t += msvcrt__timezone;
    }
    out.tm_isdst = dst;
    *tm = out;
    if (t < 0) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    return t;
}

CDECL int64_t msvcrt__mktime64(struct crt_tm *tm)
{
    if (!tm)
        return crt_invalid(CRT_EINVAL), -1;
    return make_time(tm, true);
}

CDECL int64_t msvcrt__mkgmtime64(struct crt_tm *tm)
{
    if (!tm)
        return crt_invalid(CRT_EINVAL), -1;
    return make_time(tm, false);
}

CDECL int32_t msvcrt__mktime32(struct crt_tm *tm)
{
    int64_t t = msvcrt__mktime64(tm);
    return t == (int32_t)t ? (int32_t)t : -1;
}

CDECL int32_t msvcrt__mkgmtime32(struct crt_tm *tm)
{
    int64_t t = msvcrt__mkgmtime64(tm);
    return t == (int32_t)t ? (int32_t)t : -1;
}

/* ---- asctime / ctime ----------------------------------------------- */

static const char wday_abbr[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char mon_abbr[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static bool tm_valid(const struct crt_tm *tm)
{
    return tm && tm->tm_sec >= 0 && tm->tm_sec <= 59 && tm->tm_min >= 0 && tm->tm_min <= 59 &&
           tm->tm_hour >= 0 && tm->tm_hour <= 23 && tm->tm_mon >= 0 && tm->tm_mon <= 11 &&
           tm->tm_wday >= 0 && tm->tm_wday <= 6 && tm->tm_year >= 0 && tm->tm_mday >= 0 &&
           tm->tm_mday <= month_days[leap(tm->tm_year + 1900LL)][tm->tm_mon];
}

/* "Wed Jan 02 02:03:55 1980\n" (msvcrt: day as %02d; ucrt: %2d as C says). */
static void format_asctime(char out[26], const struct crt_tm *tm, bool ucrt)
{
    snprintf(out, 26, ucrt ? "%s %s %2d %02d:%02d:%02d %04d\n" : "%s %s %02d %02d:%02d:%02d %04d\n",
             wday_abbr[tm->tm_wday], mon_abbr[tm->tm_mon], tm->tm_mday,
             tm->tm_hour, tm->tm_min, tm->tm_sec, (tm->tm_year + 1900) % 10000);
}

static __thread char asctime_buf[26];
static __thread WCHAR wasctime_buf[26];

static char *do_asctime(const struct crt_tm *tm, bool ucrt)
{
    if (!tm_valid(tm)) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    format_asctime(asctime_buf, tm, ucrt);
    return asctime_buf;
}

static WCHAR *widen26(const char *s)
{
    if (!s)
        return NULL;
    for (int i = 0; i < 26; i++)
        wasctime_buf[i] = (unsigned char)s[i];
    return wasctime_buf;
}

CDECL char *msvcrt_asctime(const struct crt_tm *tm) { return do_asctime(tm, false); }
CDECL char *msvcrt_ucrt_asctime(const struct crt_tm *tm) { return do_asctime(tm, true); }
CDECL WCHAR *msvcrt__wasctime(const struct crt_tm *tm) { return widen26(do_asctime(tm, false)); }
CDECL WCHAR *msvcrt_ucrt__wasctime(const struct crt_tm *tm) { return widen26(do_asctime(tm, true)); }

static errno_t asctime_s_impl(char *buf, size_t size, const struct crt_tm *tm, bool ucrt)
{
    if (!buf)
        return crt_invalid(CRT_EINVAL);
    if (size)
        buf[0] = 0;
    if (size < 26 || !tm_valid(tm))
        return crt_invalid(CRT_EINVAL);
    format_asctime(buf, tm, ucrt);
    return 0;
}

CDECL errno_t msvcrt_asctime_s(char *buf, size_t size, const struct crt_tm *tm) { return asctime_s_impl(buf, size, tm, false); }
CDECL errno_t msvcrt_ucrt_asctime_s(char *buf, size_t size, const struct crt_tm *tm) { return asctime_s_impl(buf, size, tm, true); }

static errno_t wasctime_s_impl(WCHAR *buf, size_t size, const struct crt_tm *tm, bool ucrt)
{
    char tmp[26];
    if (!buf)
        return crt_invalid(CRT_EINVAL);
    if (size)
        buf[0] = 0;
    if (size < 26 || !tm_valid(tm))
        return crt_invalid(CRT_EINVAL);
    format_asctime(tmp, tm, ucrt);
    for (int i = 0; i < 26; i++)
        buf[i] = (unsigned char)tmp[i];
    return 0;
}

CDECL errno_t msvcrt__wasctime_s(WCHAR *buf, size_t size, const struct crt_tm *tm) { return wasctime_s_impl(buf, size, tm, false); }
CDECL errno_t msvcrt_ucrt__wasctime_s(WCHAR *buf, size_t size, const struct crt_tm *tm) { return wasctime_s_impl(buf, size, tm, true); }

static char *do_ctime(const int64_t *t, bool ucrt)
{
    struct crt_tm tm;
    if (msvcrt__localtime64_s(&tm, t))
        return NULL;
    format_asctime(asctime_buf, &tm, ucrt);
    return asctime_buf;
}

CDECL char *msvcrt__ctime64(const int64_t *t) { return do_ctime(t, false); }
CDECL char *msvcrt_ucrt__ctime64(const int64_t *t) { return do_ctime(t, true); }
CDECL char *msvcrt__ctime32(const int32_t *t) { int64_t v = t ? *t : -1; return do_ctime(t ? &v : NULL, false); }
CDECL char *msvcrt_ucrt__ctime32(const int32_t *t) { int64_t v = t ? *t : -1; return do_ctime(t ? &v : NULL, true); }
CDECL WCHAR *msvcrt__wctime64(const int64_t *t) { return widen26(do_ctime(t, false)); }
CDECL WCHAR *msvcrt_ucrt__wctime64(const int64_t *t) { return widen26(do_ctime(t, true)); }
CDECL WCHAR *msvcrt__wctime32(const int32_t *t) { int64_t v = t ? *t : -1; return widen26(do_ctime(t ? &v : NULL, false)); }
CDECL WCHAR *msvcrt_ucrt__wctime32(const int32_t *t) { int64_t v = t ? *t : -1; return widen26(do_ctime(t ? &v : NULL, true)); }

static errno_t ctime_s_impl(char *buf, size_t size, const int64_t *t, bool ucrt)
{
    struct crt_tm tm;
    if (!buf || !size)
        return crt_invalid(CRT_EINVAL);
    buf[0] = 0;
    if (size < 26 || !t)
        return crt_invalid(size < 26 ? CRT_ERANGE : CRT_EINVAL);
    errno_t e = msvcrt__localtime64_s(&tm, t);
    if (e)
        return e;
    format_asctime(buf, &tm, ucrt);
    return 0;
}

CDECL errno_t msvcrt__ctime64_s(char *buf, size_t size, const int64_t *t) { return ctime_s_impl(buf, size, t, false); }
CDECL errno_t msvcrt_ucrt__ctime64_s(char *buf, size_t size, const int64_t *t) { return ctime_s_impl(buf, size, t, true); }

CDECL errno_t msvcrt__ctime32_s(char *buf, size_t size, const int32_t *t)
{
    int64_t v = t ? *t : -1;
    return ctime_s_impl(buf, size, t ? &v : NULL, false);
}

CDECL errno_t msvcrt_ucrt__ctime32_s(char *buf, size_t size, const int32_t *t)
{
    int64_t v = t ? *t : -1;
    return ctime_s_impl(buf, size, t ? &v : NULL, true);
}

static errno_t wctime_s_impl(WCHAR *buf, size_t size, const int64_t *t, bool ucrt)
{
    char tmp[26];
    if (!buf || !size)
        return crt_invalid(CRT_EINVAL);
    buf[0] = 0;
    errno_t e = ctime_s_impl(tmp, sizeof tmp, t, ucrt);
    if (e)
        return e;
    if (size < 26)
        return crt_invalid(CRT_ERANGE);
    for (int i = 0; i < 26; i++)
        buf[i] = (unsigned char)tmp[i];
    return 0;
}

CDECL errno_t msvcrt__wctime64_s(WCHAR *buf, size_t size, const int64_t *t) { return wctime_s_impl(buf, size, t, false); }
CDECL errno_t msvcrt_ucrt__wctime64_s(WCHAR *buf, size_t size, const int64_t *t) { return wctime_s_impl(buf, size, t, true); }

CDECL errno_t msvcrt__wctime32_s(WCHAR *buf, size_t size, const int32_t *t)
{
    int64_t v = t ? *t : -1;
    return wctime_s_impl(buf, size, t ? &v : NULL, false);
}

/* ---- _strdate / _strtime -------------------------------------------- */
/* The system's local time (GetLocalTime), not the CRT's TZ. */

static void now_local(struct tm *h)
{
    time_t t = time(NULL);
    localtime_r(&t, h);
}

/* Two digits and a separator (or the terminator). */
static void put2(char *p, int v, char sep)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
    p[2] = sep;
}

CDECL char *msvcrt__strdate(char *buf)
{
    struct tm h;
    now_local(&h);
    put2(buf, h.tm_mon + 1, '/');
    put2(buf + 3, h.tm_mday, '/');
    put2(buf + 6, h.tm_year % 100, 0);
    return buf;
}

CDECL char *msvcrt__strtime(char *buf)
{
    struct tm h;
    now_local(&h);
    put2(buf, h.tm_hour, ':');
    put2(buf + 3, h.tm_min, ':');
    put2(buf + 6, h.tm_sec % 60, 0);
    return buf;
}

CDECL WCHAR *msvcrt__wstrdate(WCHAR *buf)
{
    char tmp[9];
    msvcrt__strdate(tmp);
    for (int i = 0; i < 9; i++)
        buf[i] = (unsigned char)tmp[i];
    return buf;
}

CDECL WCHAR *msvcrt__wstrtime(WCHAR *buf)
{
    char tmp[9];
    msvcrt__strtime(tmp);
    for (int i = 0; i < 9; i++)
        buf[i] = (unsigned char)tmp[i];
    return buf;
}

static errno_t check9(void *buf, size_t size, bool wide)
{
    if (buf && size) {
        if (wide) ((WCHAR *)buf)[0] = 0; else ((char *)buf)[0] = 0;
    }
    if (!buf)
        return crt_invalid(CRT_EINVAL);
    if (size < 9)
        return crt_invalid(CRT_ERANGE);
    return 0;
}

CDECL errno_t msvcrt__strdate_s(char *buf, size_t size) { errno_t e = check9(buf, size, false); if (!e) msvcrt__strdate(buf); return e; }
CDECL errno_t msvcrt__strtime_s(char *buf, size_t size) { errno_t e = check9(buf, size, false); if (!e) msvcrt__strtime(buf); return e; }
CDECL errno_t msvcrt__wstrdate_s(WCHAR *buf, size_t size) { errno_t e = check9(buf, size, true); if (!e) msvcrt__wstrdate(buf); return e; }
CDECL errno_t msvcrt__wstrtime_s(WCHAR *buf, size_t size) { errno_t e = check9(buf, size, true); if (!e) msvcrt__wstrtime(buf); return e; }

/* ucrt's timespec_get: TIME_UTC (1) only. */
struct crt_timespec64 { int64_t tv_sec; LONG tv_nsec; };
struct crt_timespec32 { int32_t tv_sec; LONG tv_nsec; };

CDECL int msvcrt__timespec64_get(struct crt_timespec64 *ts, int base)
{
    struct timespec now;
    if (!ts || base != 1)
        return crt_invalid(CRT_EINVAL), 0;
    clock_gettime(CLOCK_REALTIME, &now);
    ts->tv_sec = now.tv_sec;
    ts->tv_nsec = (LONG)(now.tv_nsec / 100 * 100);   /* Windows' clock ticks are 100 ns */
    return base;
}

CDECL int msvcrt__timespec32_get(struct crt_timespec32 *ts, int base)
{
    struct crt_timespec64 t;
    if (!ts || base != 1)
        return crt_invalid(CRT_EINVAL), 0;
    msvcrt__timespec64_get(&t, base);
    ts->tv_sec = (int32_t)t.tv_sec;
    ts->tv_nsec = t.tv_nsec;
    return base;
}
