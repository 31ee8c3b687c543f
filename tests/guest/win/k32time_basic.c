/* FILETIME <-> SYSTEMTIME with fixed dates, comparisons, time zone rules,
 * counters. */
#include <windows.h>
#include <stdio.h>

static void pst(const char *what, const SYSTEMTIME *s)
{
    printf("%s %04u-%02u-%02u %02u:%02u:%02u.%03u dow %u\n", what, s->wYear, s->wMonth, s->wDay, s->wHour, s->wMinute,
           s->wSecond, s->wMilliseconds, s->wDayOfWeek);
}

int main(void)
{
    FILETIME ft;
    SYSTEMTIME st = { 2024, 2, 0, 29, 13, 45, 30, 123 };
    printf("to ft %d", SystemTimeToFileTime(&st, &ft));
    printf(" %08lx%08lx\n", ft.dwHighDateTime, ft.dwLowDateTime);
    SYSTEMTIME back;
    FileTimeToSystemTime(&ft, &back);
    pst("back", &back);
    ULARGE_INTEGER u = { 0 };
    FILETIME zero = { 0, 0 };
    FileTimeToSystemTime(&zero, &back);
    pst("epoch", &back);
    u.QuadPart = 116444736000000000ull;
    ft.dwLowDateTime = u.LowPart; ft.dwHighDateTime = u.HighPart;
    FileTimeToSystemTime(&ft, &back);
    pst("unix", &back);
    u.QuadPart = 0x7fffffffffffffffull;
    ft.dwLowDateTime = u.LowPart; ft.dwHighDateTime = u.HighPart;
    printf("max ok %d", FileTimeToSystemTime(&ft, &back));
    pst("", &back);
    ft.dwHighDateTime = 0x80000000;
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(FileTimeToSystemTime(&ft, &back)); DWORD e_ = GetLastError(); printf("too big %d err %lu\n", r_, e_); }

    SYSTEMTIME bad = { 2023, 13, 0, 1, 0, 0, 0, 0 };
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(SystemTimeToFileTime(&bad, &ft)); DWORD e_ = GetLastError(); printf("month 13 %d err %lu\n", r_, e_); }
    SYSTEMTIME bad2 = { 1600, 12, 0, 31, 0, 0, 0, 0 };
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(SystemTimeToFileTime(&bad2, &ft)); DWORD e_ = GetLastError(); printf("1600 %d err %lu\n", r_, e_); }
    SYSTEMTIME y2k = { 2000, 1, 5, 1, 0, 0, 0, 0 };   /* day of week is ignored */
    SystemTimeToFileTime(&y2k, &ft);
    FileTimeToSystemTime(&ft, &back);
    pst("y2k", &back);

    FILETIME a = { 1, 0 }, b = { 2, 0 }, c = { 0, 1 };
    printf("compare %ld %ld %ld %ld\n", CompareFileTime(&a, &b), CompareFileTime(&b, &a), CompareFileTime(&a, &a), CompareFileTime(&c, &b));

    /* Local <-> UTC round trip. */
    SystemTimeToFileTime(&st, &ft);
    FILETIME lft, uft;
    FileTimeToLocalFileTime(&ft, &lft);
    LocalFileTimeToFileTime(&lft, &uft);
    printf("local round trip %d\n", CompareFileTime(&ft, &uft) == 0);

    /* A zone given as rules: US Eastern. */
    TIME_ZONE_INFORMATION tz = { 0 };
    tz.Bias = 300;
    tz.DaylightBias = -60;
    tz.StandardDate = (SYSTEMTIME){ 0, 11, 0, 1, 2, 0, 0, 0 };
    tz.DaylightDate = (SYSTEMTIME){ 0, 3, 0, 2, 2, 0, 0, 0 };
    SYSTEMTIME winter = { 2024, 1, 0, 15, 12, 0, 0, 0 }, summer = { 2024, 7, 0, 4, 12, 0, 0, 0 }, loc;
    SystemTimeToTzSpecificLocalTime(&tz, &winter, &loc);
    pst("eastern winter", &loc);
    SystemTimeToTzSpecificLocalTime(&tz, &summer, &loc);
    pst("eastern summer", &loc);
    SYSTEMTIME edge = { 2024, 3, 0, 10, 6, 59, 0, 0 };
    SystemTimeToTzSpecificLocalTime(&tz, &edge, &loc);
    pst("before switch", &loc);
    edge.wHour = 7;
    edge.wMinute = 0;
    SystemTimeToTzSpecificLocalTime(&tz, &edge, &loc);
    pst("after switch", &loc);
    SYSTEMTIME lt = { 2024, 7, 0, 4, 8, 0, 0, 0 }, ut;
    TzSpecificLocalTimeToSystemTime(&tz, &lt, &ut);
    pst("to utc", &ut);

    TIME_ZONE_INFORMATION cur;
    DWORD id = GetTimeZoneInformation(&cur);
    printf("tz id valid %d\n", id <= 2);

    LARGE_INTEGER f, c1, c2;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c1);
    QueryPerformanceCounter(&c2);
    printf("qpf %lld monotonic %d\n", f.QuadPart, c2.QuadPart >= c1.QuadPart);
    ULONGLONG t64 = GetTickCount64();
    DWORD t32 = GetTickCount();
    printf("ticks agree %d\n", (DWORD)t64 - t32 < 1000 || t32 - (DWORD)t64 < 1000);
    SYSTEMTIME now;
    GetSystemTime(&now);
    FILETIME fnow;
    GetSystemTimeAsFileTime(&fnow);
    SYSTEMTIME now2;
    FileTimeToSystemTime(&fnow, &now2);
    printf("now sane %d\n", now.wYear >= 2024 && now.wYear == now2.wYear);
    return 0;
}
