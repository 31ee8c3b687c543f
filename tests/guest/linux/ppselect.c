/* ppselect.c - ppoll and pselect with a temporary signal mask: a signal
 * blocked outside the call but let through by its mask interrupts it
 * (pending before the call, or sent during it by a child), its handler runs
 * with the call's mask (plus its own), and the caller's mask is back after.
 * The same for epoll_pwait. Also plain readiness and timeouts, with the raw calls too (i386: the
 * 32-bit timespec forms; glibc picks the time64 ones). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int hits, usr2_blocked_inside, usr1_blocked_inside;

static int blocked(int sig)
{
    sigset_t s;
    sigprocmask(SIG_SETMASK, NULL, &s);
    return sigismember(&s, sig);
}

static void handler(int sig)
{
    hits++;
    usr2_blocked_inside = blocked(SIGUSR2);
    usr1_blocked_inside = blocked(SIGUSR1);
}

struct ts32 { long sec, nsec; };   /* the native timespec of each ABI's raw ppoll */

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, during;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigemptyset(&during);
    sigaddset(&during, SIGUSR2);   /* the call's mask: USR1 through, USR2 blocked */

    int p[2];
    pipe(p);
    struct pollfd pf = { p[0], POLLIN, 0 };
    struct timespec ts = { 0, 10000000 };
    int r = ppoll(&pf, 1, &ts, &during);
    printf("ppoll idle: %d\n", r);
    write(p[1], "x", 1);
    r = ppoll(&pf, 1, &ts, &during);
    printf("ppoll ready: %d revents %#x\n", r, pf.revents);
    char c;
    read(p[0], &c, 1);

    /* pending before the call */
    kill(getpid(), SIGUSR1);
    printf("pending, hits %d\n", hits);
    ts.tv_sec = 5;
    r = ppoll(&pf, 1, &ts, &during);
    printf("ppoll: %d %s hits %d usr2 blocked inside %d usr1 inside %d; after: usr1 %d usr2 %d\n", r,
           r < 0 ? strerror(errno) : "", hits, usr2_blocked_inside, usr1_blocked_inside, blocked(SIGUSR1),
           blocked(SIGUSR2));

    /* sent by a child while the parent waits */
    pid_t parent = getpid();
    pid_t ch = fork();
    if (ch == 0) {
        usleep(50000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    ts.tv_sec = 5;
    ts.tv_nsec = 0;
    r = pselect(p[0] + 1, &rs, NULL, NULL, &ts, &during);
    printf("pselect: %d %s hits %d usr2 blocked inside %d; after: usr1 %d usr2 %d\n", r, r < 0 ? strerror(errno) : "",
           hits, usr2_blocked_inside, blocked(SIGUSR1), blocked(SIGUSR2));
    waitpid(ch, NULL, 0);

    /* readiness and timeouts through pselect */
    write(p[1], "y", 1);
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    ts.tv_sec = 0;
    ts.tv_nsec = 1000000;
    r = pselect(p[0] + 1, &rs, NULL, NULL, &ts, NULL);
    printf("pselect ready: %d isset %d\n", r, FD_ISSET(p[0], &rs));
    read(p[0], &c, 1);
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    r = pselect(p[0] + 1, &rs, NULL, NULL, &ts, &during);
    printf("pselect idle: %d isset %d\n", r, FD_ISSET(p[0], &rs));

    /* the raw ppoll of this ABI (i386: the 32-bit timespec one), time left written back */
    struct ts32 t32 = { 0, 30000000 };
    unsigned long long raw_mask = 1ull << (SIGUSR2 - 1);
    kill(getpid(), SIGUSR1);
    long rr = syscall(SYS_ppoll, &pf, 1, &t32, &raw_mask, 8);
    printf("raw ppoll: %ld %s hits %d time left kept %d\n", rr, rr < 0 ? strerror(errno) : "", hits,
           t32.sec == 0 && t32.nsec > 0 && t32.nsec <= 30000000);
    rr = syscall(SYS_ppoll, &pf, 1, &t32, &raw_mask, 4);
    printf("raw ppoll bad sigsetsize: %ld %s\n", rr, strerror(errno));
    printf("usr1 still blocked %d\n", blocked(SIGUSR1));

    /* epoll_pwait: readiness, then a pending signal its mask lets through */
    int ep = epoll_create1(0);
    struct epoll_event ee = { EPOLLIN, { .u64 = 0x1122334455667788ull } }, got_ev[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ee);
    write(p[1], "z", 1);
    r = epoll_pwait(ep, got_ev, 2, 1000, &during);
    printf("epoll_pwait ready: %d data %llx\n", r, (unsigned long long)got_ev[0].data.u64);
    read(p[0], &c, 1);
    usr2_blocked_inside = 0;
    kill(getpid(), SIGUSR1);
    r = epoll_pwait(ep, got_ev, 2, 5000, &during);
    printf("epoll_pwait: %d %s hits %d usr2 blocked inside %d; after: usr1 %d usr2 %d\n", r,
           r < 0 ? strerror(errno) : "", hits, usr2_blocked_inside, blocked(SIGUSR1), blocked(SIGUSR2));
    r = epoll_pwait(ep, got_ev, 2, 10, NULL);
    printf("epoll_pwait idle: %d\n", r);
    return 0;
}
