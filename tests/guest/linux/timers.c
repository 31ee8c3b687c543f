/* timers.c - POSIX per-process timers: timer_create with SIGEV_SIGNAL and a
 * value, one-shot and periodic expirations taken with sigwaitinfo (SI_TIMER
 * siginfo: timer id, value, overrun), timer_gettime/timer_getoverrun,
 * SIGEV_THREAD_ID-free SIGEV_NONE polling, timer_delete and its errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    int sig = SIGRTMIN + 3;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_BLOCK, &set, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = sig;
    ev.sigev_value.sival_int = 77;
    timer_t tm;
    printf("timer_create %d\n", timer_create(CLOCK_MONOTONIC, &ev, &tm));
    struct itimerspec its = { { 0, 0 }, { 0, 10000000 } }, cur;
    printf("one-shot settime %d\n", timer_settime(tm, 0, &its, NULL));
    timer_gettime(tm, &cur);
    printf("armed: value left <= 10ms %d interval %ld\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 10000000,
           cur.it_interval.tv_nsec);
    siginfo_t si;
    int got = sigwaitinfo(&set, &si);
    printf("expired: sig ok %d code %s value %d overrun %d\n", got == sig, si.si_code == SI_TIMER ? "SI_TIMER" : "?",
           si.si_value.sival_int, si.si_overrun);
    timer_gettime(tm, &cur);
    printf("disarmed after one-shot: %ld %ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    its.it_interval.tv_nsec = 2000000;
    its.it_value.tv_nsec = 2000000;
    timer_settime(tm, 0, &its, NULL);
    usleep(30000);
    got = sigwaitinfo(&set, &si);
    printf("periodic: one signal queued, overrun counts the rest: %d\n", got == sig && si.si_overrun >= 3);
    struct itimerspec old;
    memset(&its, 0, sizeof its);
    timer_settime(tm, 0, &its, &old);
    printf("stopped, old interval %ld\n", old.it_interval.tv_nsec);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    its.it_value = now;
    its.it_value.tv_nsec += 5000000;
    if (its.it_value.tv_nsec >= 1000000000) { its.it_value.tv_sec++; its.it_value.tv_nsec -= 1000000000; }
    timer_settime(tm, TIMER_ABSTIME, &its, NULL);
    got = sigwaitinfo(&set, &si);
    printf("absolute expiry: %d value %d\n", got == sig, si.si_value.sival_int);
    printf("timer_delete %d\n", timer_delete(tm));
    errno = 0;
    int r = timer_settime(tm, 0, &its, NULL);
    printf("settime deleted %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    timer_t quiet;
    timer_create(CLOCK_REALTIME, &ev, &quiet);
    its.it_interval.tv_sec = 0;
    its.it_interval.tv_nsec = 0;
    its.it_value.tv_sec = 100;
    its.it_value.tv_nsec = 0;
    timer_settime(quiet, 0, &its, NULL);
    timer_gettime(quiet, &cur);
    printf("SIGEV_NONE timer counts down: %d\n", cur.it_value.tv_sec >= 98 && cur.it_value.tv_sec <= 100);
    timer_delete(quiet);
    struct timespec bad = { 0, 1000000000 };
    its.it_value = bad;
    timer_create(CLOCK_MONOTONIC, NULL, &quiet);
    errno = 0;
    r = timer_settime(quiet, 0, &its, NULL);
    printf("bad nsec %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    return 0;
}
