/*
 * kernel32/time.c - clocks and calendar: system and local time, FILETIME <->
 * SYSTEMTIME, time zones (from the host's TZ), performance counters, ticks.
 *
 * FILETIME counts 100 ns intervals since 1601-01-01 UTC. The performance
 * counter runs at 10 MHz, as on Windows 10, from CLOCK_MONOTONIC; ticks come
 * from CLOCK_BOOTTIME (time since boot, like Windows's).
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/kernel32/k32sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TICKS_PER_SEC 10000000ll
#define EPOCH_DIFF 11644473600ll         /* seconds from 1601 to 1970 */
#define MAX_FILETIME 0x7fffffffffffffffll

static LONGLONG ft_get(const FILETIME *ft) { return (LONGLONG)(((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime); }
static void ft_set(FILETIME *ft, LONGLONG v)
{
    ft->dwLowDateTime = (DWORD)v;
    ft->dwHighDateTime = (DWORD)((ULONGLONG)v >> 32);
}

static LONGLONG now_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (ts.tv_sec + EPOCH_DIFF) * TICKS_PER_SEC + ts.tv_nsec / 100;
}

/* Seconds east of UTC at unix time t, per the host's TZ. */
static long utc_offset_at(time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    return tm.tm_gmtoff;
}

/* ---- calendar ------------------------------------------------------------- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int month_days(int y, int m)
{
    static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days since 1601-01-01 for a civil date. */
static LONGLONG days_from_civil(int y, int m, int d)
{
    LONGLONG days = 0;
    int y0 = y - 1601;
    days = (LONGLONG)y0 * 365 + y0 / 4 - y0 / 100 + y0 / 400;
    for (int i = 1; i < m; i++)
        days += month_days(y, i);
    return days + d - 1;
}

static void ticks_to_st(LONGLONG t, SYSTEMTIME *st)
{
    LONGLONG days = t / (TICKS_PER_SEC * 86400);
    LONGLONG rem = t % (TICKS_PER_SEC * 86400);
    st->wDayOfWeek = (WORD)((days + 1) % 7);     /* 1601-01-01 was a Monday */
    /* 400-year cycles of 146097 days keep the loop short. */
    int y = 1601 + (int)(days / 146097) * 400;
    days %= 146097;
    for (;;) {
        int n = leap(y) ? 366 : 365;
        if (days < n)
            break;
        days -= n;
        y++;
    }
    int m = 1;
    while (days >= month_days(y, m)) {
        days -= month_days(y, m);
        m++;
    }
    st->wYear = (WORD)y;
    st->wMonth = (WORD)m;
    st->wDay = (WORD)(days + 1);
    st->wHour = (WORD)(rem / (TICKS_PER_SEC * 3600));
    st->wMinute = (WORD)(rem / (TICKS_PER_SEC * 60) % 60);
    st->wSecond = (WORD)(rem / TICKS_PER_SEC % 60);
    st->wMilliseconds = (WORD)(rem / 10000 % 1000);
}

static bool st_valid(const SYSTEMTIME *st)
{
    return st->wYear >= 1601 && st->wYear <= 30827 && st->wMonth >= 1 && st->wMonth <= 12 && st->wDay >= 1 &&
           st->wDay <= month_days(st->wYear, st->wMonth) && st->wHour < 24 && st->wMinute < 60 &&
           st->wSecond < 60 && st->wMilliseconds < 1000;
}

static LONGLONG st_to_ticks(const SYSTEMTIME *st)
{
    LONGLONG days = days_from_civil(st->wYear, st->wMonth, st->wDay);
    return ((days * 86400 + st->wHour * 3600 + st->wMinute * 60 + st->wSecond) * 1000 + st->wMilliseconds) * 10000;
}

WINAPI BOOL kernel32_FileTimeToSystemTime(const FILETIME *ft, SYSTEMTIME *st)
{
    LONGLONG t = ft_get(ft);
    if (t < 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ticks_to_st(t, st);
    return TRUE;
}

WINAPI BOOL kernel32_SystemTimeToFileTime(const SYSTEMTIME *st, FILETIME *ft)
{
    if (!st_valid(st)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ft_set(ft, st_to_ticks(st));
    return TRUE;
}

WINAPI void kernel32_GetSystemTimeAsFileTime(FILETIME *ft) { ft_set(ft, now_ticks()); }
WINAPI void kernel32_GetSystemTimePreciseAsFileTime(FILETIME *ft) { ft_set(ft, now_ticks()); }

WINAPI void kernel32_GetSystemTime(SYSTEMTIME *st) { ticks_to_st(now_ticks(), st); }

WINAPI void kernel32_GetLocalTime(SYSTEMTIME *st)
{
    LONGLONG t = now_ticks();
    ticks_to_st(t + (LONGLONG)utc_offset_at(t / TICKS_PER_SEC - EPOCH_DIFF) * TICKS_PER_SEC, st);
}

/* Windows converts with the bias in force now, not the one at that date. */
WINAPI BOOL kernel32_FileTimeToLocalFileTime(const FILETIME *utc, FILETIME *local)
{
    LONGLONG off = (LONGLONG)utc_offset_at(time(NULL)) * TICKS_PER_SEC;
    ft_set(local, ft_get(utc) + off);
    return TRUE;
}

WINAPI BOOL kernel32_LocalFileTimeToFileTime(const FILETIME *local, FILETIME *utc)
{
    LONGLONG off = (LONGLONG)utc_offset_at(time(NULL)) * TICKS_PER_SEC;
    ft_set(utc, ft_get(local) - off);
    return TRUE;
}

WINAPI LONG kernel32_CompareFileTime(const FILETIME *a, const FILETIME *b)
{
    if (!a || !b)
        return -1;
    ULONGLONG x = (ULONGLONG)ft_get(a), y = (ULONGLONG)ft_get(b);
    return x < y ? -1 : x > y;
}

/* ---- time zones ------------------------------------------------------------ */

typedef struct {
    LONG Bias;
    WCHAR StandardName[32];
    SYSTEMTIME StandardDate;
    LONG StandardBias;
    WCHAR DaylightName[32];
    SYSTEMTIME DaylightDate;
    LONG DaylightBias;
} TIME_ZONE_INFORMATION;
_Static_assert(sizeof(TIME_ZONE_INFORMATION) == 172, "TIME_ZONE_INFORMATION");

#define TIME_ZONE_ID_UNKNOWN  0
#define TIME_ZONE_ID_STANDARD 1
#define TIME_ZONE_ID_DAYLIGHT 2
#define TIME_ZONE_ID_INVALID  0xffffffffu

/* The instant (unix seconds) in [lo, hi) where the UTC offset changes. */
static time_t find_change(time_t lo, time_t hi)
{
    long off = utc_offset_at(lo);
    while (hi - lo > 1) {
        time_t mid = lo + (hi - lo) / 2;
        if (utc_offset_at(mid) == off)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* A transition as Windows's yearly rule: month, weekday, week of month
 * (5 = last), local wall-clock time before the change. */
static void rule_from(time_t when, long off_before, SYSTEMTIME *r)
{
    time_t local = when + off_before;
    struct tm tm;
    gmtime_r(&local, &tm);
    memset(r, 0, sizeof *r);
    r->wMonth = (WORD)(tm.tm_mon + 1);
    r->wDayOfWeek = (WORD)tm.tm_wday;
    int week = (tm.tm_mday - 1) / 7 + 1;
    if (tm.tm_mday + 7 > month_days(tm.tm_year + 1900, tm.tm_mon + 1))
        week = 5;
    r->wDay = (WORD)week;
    r->wHour = (WORD)tm.tm_hour;
    r->wMinute = (WORD)tm.tm_min;
}

static DWORD current_zone(TIME_ZONE_INFORMATION *tz)
{
    memset(tz, 0, sizeof *tz);
    tzset();
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    /* Scan this year in 2-week steps for offset changes. */
    struct tm jan = { 0 };
    jan.tm_year = tm.tm_year;
    jan.tm_mday = 1;
    time_t start = timegm(&jan), end = start + 366 * 86400;
    long std_off = utc_offset_at(start), dst_off = std_off;
    time_t to_dst = 0, to_std = 0;
    long prev = std_off;
    for (time_t t = start; t < end; t += 14 * 86400) {
        long o = utc_offset_at(t + 14 * 86400);
        if (o != prev) {
            time_t c = find_change(t, t + 14 * 86400);
            if (o > prev) {
                to_dst = c;
                dst_off = o;
                std_off = prev;
            } else {
                to_std = c;
                std_off = o;
                dst_off = prev;
            }
            prev = o;
        }
    }
    tz->Bias = (LONG)(-std_off / 60);
    tz->StandardBias = 0;
    const char *sname = tzname[0], *dname = tzname[1];
    if (to_dst && to_std) {
        tz->DaylightBias = (LONG)(-(dst_off - std_off) / 60);
        rule_from(to_std, dst_off, &tz->StandardDate);
        rule_from(to_dst, std_off, &tz->DaylightDate);
    }
    /* Windows names zones in words; the host gives abbreviations, except for
     * UTC whose Windows name is well known. */
    if (!std_off && !to_dst)
        sname = dname = "Coordinated Universal Time";
    utf8_to_utf16(sname ? sname : "", -1, tz->StandardName, 32);
    utf8_to_utf16(dname ? dname : "", -1, tz->DaylightName, 32);
    tz->StandardName[31] = tz->DaylightName[31] = 0;
    if (!to_dst || !to_std)
        return TIME_ZONE_ID_UNKNOWN;
    return utc_offset_at(now) == dst_off ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD;
}

WINAPI DWORD kernel32_GetTimeZoneInformation(TIME_ZONE_INFORMATION *tz)
{
    if (!tz) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return TIME_ZONE_ID_INVALID;
    }
    return current_zone(tz);
}

/* The date a yearly rule names in a given year (ticks, local wall clock). */
static LONGLONG rule_date(const SYSTEMTIME *r, int year)
{
    if (r->wYear) {          /* an absolute date, for that year only */
        SYSTEMTIME s = *r;
        s.wYear = (WORD)year;
        return st_valid(&s) ? st_to_ticks(&s) : 0;
    }
    LONGLONG first = days_from_civil(year, r->wMonth, 1);
    int dow = (int)((first + 1) % 7);
    int day = 1 + (r->wDayOfWeek - dow + 7) % 7 + (r->wDay - 1) * 7;
    while (day > month_days(year, r->wMonth))
        day -= 7;
    SYSTEMTIME s = { (WORD)year, r->wMonth, 0, (WORD)day, r->wHour, r->wMinute, r->wSecond, r->wMilliseconds };
    return st_to_ticks(&s);
}

/* Is the UTC instant in daylight time under tz? */
static bool in_daylight(const TIME_ZONE_INFORMATION *tz, LONGLONG utc)
{
    if (!tz->DaylightDate.wMonth || !tz->StandardDate.wMonth)
        return false;
    SYSTEMTIME st;
    ticks_to_st(utc, &st);
    LONGLONG min = 600000000ll;
    /* Compare in local standard time: the DST start is given in standard
     * time, its end in daylight time. */
    LONGLONG local_std = utc - tz->Bias * min - tz->StandardBias * min;
    LONGLONG dst_start = rule_date(&tz->DaylightDate, st.wYear);
    LONGLONG dst_end = rule_date(&tz->StandardDate, st.wYear) + (tz->DaylightBias - tz->StandardBias) * min;
    if (dst_start < dst_end)     /* northern hemisphere */
        return local_std >= dst_start && local_std < dst_end;
    return local_std >= dst_start || local_std < dst_end;
}

WINAPI BOOL kernel32_SystemTimeToTzSpecificLocalTime(const TIME_ZONE_INFORMATION *tzi, const SYSTEMTIME *utc,
                                                     SYSTEMTIME *local)
{
    TIME_ZONE_INFORMATION cur;
    if (!tzi) {
        current_zone(&cur);
        tzi = &cur;
    }
    if (!st_valid(utc)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    LONGLONG t = st_to_ticks(utc), min = 600000000ll;
    LONG bias = tzi->Bias + (in_daylight(tzi, t) ? tzi->DaylightBias : tzi->StandardBias);
    ticks_to_st(t - bias * min, local);
    return TRUE;
}

WINAPI BOOL kernel32_TzSpecificLocalTimeToSystemTime(const TIME_ZONE_INFORMATION *tzi, const SYSTEMTIME *local,
                                                     SYSTEMTIME *utc)
{
    TIME_ZONE_INFORMATION cur;
    if (!tzi) {
        current_zone(&cur);
        tzi = &cur;
    }
    if (!st_valid(local)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    LONGLONG t = st_to_ticks(local), min = 600000000ll;
    /* Guess with standard time, then check whether that instant is daylight. */
    LONGLONG u = t + (tzi->Bias + tzi->StandardBias) * min;
    if (in_daylight(tzi, u))
        u = t + (tzi->Bias + tzi->DaylightBias) * min;
    ticks_to_st(u, utc);
    return TRUE;
}

/* ---- counters -------------------------------------------------------------- */

WINAPI BOOL kernel32_QueryPerformanceCounter(LARGE_INTEGER *c)
{
    if (!c) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    c->QuadPart = ts.tv_sec * TICKS_PER_SEC + ts.tv_nsec / 100;
    return TRUE;
}

WINAPI BOOL kernel32_QueryPerformanceFrequency(LARGE_INTEGER *f)
{
    if (!f) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    f->QuadPart = TICKS_PER_SEC;
    return TRUE;
}

WINAPI ULONGLONG kernel32_GetTickCount64(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (ULONGLONG)ts.tv_sec * 1000 + (ULONGLONG)ts.tv_nsec / 1000000;
}

WINAPI DWORD kernel32_GetTickCount(void) { return (DWORD)kernel32_GetTickCount64(); }

/* Idle, kernel (including idle, as Windows counts it) and user time of all
 * processors, from /proc/stat. */
WINAPI BOOL kernel32_GetSystemTimes(FILETIME *idle, FILETIME *kernel, FILETIME *user)
{
    FILE *f = fopen("/proc/stat", "re");
    unsigned long long us = 0, ni = 0, sy = 0, id = 0, io = 0, irq = 0, sirq = 0;
    int n = f ? fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &us, &ni, &sy, &id, &io, &irq, &sirq) : 0;
    if (f)
        fclose(f);
    if (n < 4) {
        set_last_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    LONGLONG hz = 100, unit = TICKS_PER_SEC / hz;
    if (idle) ft_set(idle, (LONGLONG)(id + io) * unit);
    if (kernel) ft_set(kernel, (LONGLONG)(sy + irq + sirq + id + io) * unit);
    if (user) ft_set(user, (LONGLONG)(us + ni) * unit);
    return TRUE;
}

WINAPI BOOL kernel32_GetSystemTimeAdjustment(DWORD *adj, DWORD *incr, BOOL *disabled)
{
    if (adj) *adj = 156250;
    if (incr) *incr = 156250;
    if (disabled) *disabled = TRUE;
    return TRUE;
}

WINAPI NTSTATUS ntdll_NtQuerySystemTime(LARGE_INTEGER *t)
{
    t->QuadPart = now_ticks();
    return STATUS_SUCCESS;
}
