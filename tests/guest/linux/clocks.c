/* clocks.c - time: clock_gettime monotonicity across clocks, clock_getres,
 * nanosleep and clock_nanosleep (relative and absolute) lower bounds,
 * gettimeofday vs CLOCK_REALTIME, time zones from POSIX TZ strings with
 * DST rules, mktime normalisation, strftime and strptime, timegm. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
    static const clockid_t ids[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
                                     CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, CLOCK_REALTIME_COARSE,
                                     CLOCK_MONOTONIC_COARSE };
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        struct timespec a, b, res;
        int ok = 1;
        clock_gettime(ids[i], &a);
        for (int k = 0; k < 1000; k++) {
            clock_gettime(ids[i], &b);
            if (ns(b) < ns(a)) ok = 0;
            a = b;
        }
        int rr = clock_getres(ids[i], &res);
        printf("clock %d: nondecreasing %d nsec<1e9 %d res ok %d positive %d\n", (int)ids[i], ok, a.tv_nsec < 1000000000L,
               rr == 0 && ns(res) > 0 && ns(res) <= 10000000, a.tv_sec > 0 || a.tv_nsec > 0);
    }
    errno = 0;
    struct timespec t;
    {
        __typeof__(clock_gettime((clockid_t)123, &t)) r0_ = clock_gettime((clockid_t)123, &t);
        printf("bad clock %d %s\n", r0_, errno == EINVAL ? "EINVAL" : "?");
    }
    struct timespec s0, s1, req = { 0, 20000000 }, rem;
    clock_gettime(CLOCK_MONOTONIC, &s0);
    int r = nanosleep(&req, &rem);
    clock_gettime(CLOCK_MONOTONIC, &s1);
    printf("nanosleep %d slept>=20ms %d <2s %d\n", r, ns(s1) - ns(s0) >= 20000000, ns(s1) - ns(s0) < 2000000000LL);
    clock_gettime(CLOCK_MONOTONIC, &s0);
    struct timespec until = s0;
    until.tv_nsec += 15000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    clock_gettime(CLOCK_MONOTONIC, &s1);
    printf("clock_nanosleep abs %d reached %d\n", r, ns(s1) >= ns(until));
    req.tv_nsec = 2000000000;
    errno = 0;
    {
        __typeof__(nanosleep(&req, NULL)) r0_ = nanosleep(&req, NULL);
        printf("nanosleep bad nsec %d %s\n", r0_, errno == EINVAL ? "EINVAL" : "?");
    }
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &s0);
    gettimeofday(&tv, NULL);
    time_t now = time(NULL);
    printf("gettimeofday close to realtime %d, time() close %d, after 2020 %d\n",
           llabs(tv.tv_sec * 1000000LL + tv.tv_usec - ns(s0) / 1000) < 2000000, llabs((long long)now - s0.tv_sec) <= 2,
           now > 1577836800);
    struct tms tm0;
    clock_t c = times(&tm0);
    printf("times nonneg %d clock() nonneg %d CLK_TCK %ld\n", c != (clock_t)-1, clock() >= 0, sysconf(_SC_CLK_TCK));
    /* time zones */
    char buf[128];
    time_t fixed = 1700000000; /* 2023-11-14 22:13:20 UTC */
    static const char *zones[] = { "UTC0", "EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3", "NZST-12NZDT,M9.5.0,M4.1.0/3",
                                   "IST-5:30", "<+0545>-5:45" };
    time_t summer = 1688000000; /* 2023-06-29 */
    for (unsigned i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        setenv("TZ", zones[i], 1);
        tzset();
        struct tm lt;
        localtime_r(&fixed, &lt);
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z %z", &lt);
        printf("%-28s %s dst %d", zones[i], buf, lt.tm_isdst);
        localtime_r(&summer, &lt);
        strftime(buf, sizeof buf, "%H:%M %Z", &lt);
        printf(" | summer %s dst %d", buf, lt.tm_isdst);
        printf(" | mktime round trip %d\n", mktime(&lt) == summer);
    }
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    tzset();
    struct tm gap = { .tm_year = 123, .tm_mon = 2, .tm_mday = 12, .tm_hour = 2, .tm_min = 30, .tm_isdst = -1 };
    time_t g = mktime(&gap);
    printf("spring-forward gap mktime: %lld hour %d isdst %d\n", (long long)g, gap.tm_hour, gap.tm_isdst);
    struct tm norm = { .tm_year = 123, .tm_mon = 11, .tm_mday = 32, .tm_hour = 25, .tm_min = -30, .tm_isdst = 0 };
    mktime(&norm);
    strftime(buf, sizeof buf, "%F %T wday %w yday %j", &norm);
    printf("normalised: %s\n", buf);
    setenv("TZ", "UTC0", 1);
    tzset();
    struct tm gm;
    gmtime_r(&fixed, &gm);
    strftime(buf, sizeof buf, "%a %A %b %B %c | %D %e %I %p %y %G-W%V-%u %U %C %s", &gm);
    printf("strftime: %s\n", buf);
    printf("asctime: %s", asctime(&gm));
    printf("timegm %lld\n", (long long)timegm(&gm));
    struct tm parsed;
    memset(&parsed, 0, sizeof parsed);
    char *end = strptime("2024-02-29 23:59:60 rest", "%Y-%m-%d %H:%M:%S", &parsed);
    printf("strptime rest '%s' year %d mon %d mday %d sec %d\n", end, parsed.tm_year, parsed.tm_mon, parsed.tm_mday, parsed.tm_sec);
    time_t big = (time_t)0x7fffffff;
    gmtime_r(&big, &gm);
    strftime(buf, sizeof buf, "%F %T", &gm);
    printf("2^31-1: %s difftime %.1f\n", buf, difftime(fixed, summer));
    return 0;
}
