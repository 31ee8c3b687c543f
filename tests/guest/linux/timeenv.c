/* timeenv.c - time conversions with a fixed TZ, clocks that move, the environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

int main(int argc, char **argv, char **envp)
{
    time_t t = 1700000000;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A %j", &tm);
    printf("%s\n", buf);
    setenv("TZ", "UTC0", 1);
    tzset();
    printf("mktime %ld\n", (long)mktime(&tm));
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (volatile int i = 0; i < 100000; i++) {
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("monotonic moves: %d\n", b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec > a.tv_nsec));
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("realtime sane: %d\n", tv.tv_sec > 1600000000);
    setenv("MIMIC_X", "value one", 1);
    printf("getenv %s %s\n", getenv("MIMIC_X"), getenv("MIMIC_NONE") ? "set" : "unset");
    unsetenv("MIMIC_X");
    printf("after unset %s\n", getenv("MIMIC_X") ? "set" : "unset");
    printf("argc %d\n", argc);
    return 0;
}
