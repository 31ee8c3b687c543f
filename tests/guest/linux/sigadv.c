/* sigadv.c - signals in depth: SA_SIGINFO fields for kill/sigqueue/
 * children, real-time signals queued in order while blocked, sigaltstack
 * and a SIGSEGV from unbounded recursion, sigsuspend, sigwaitinfo and
 * sigtimedwait, setitimer/getitimer, SA_RESTART vs EINTR, SA_RESETHAND,
 * SA_NODEFER, sigpending. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got, code, value, uid_ok, pid_ok;
static volatile int order[16], norder;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    got = sig;
    code = si->si_code;
    value = si->si_value.sival_int;
    pid_ok = si->si_pid == getpid();
    uid_ok = si->si_uid == getuid();
    if (norder < 16)
        order[norder++] = sig * 1000 + si->si_value.sival_int;
}

static sigjmp_buf jb;
static char *alt_base;
static size_t alt_size;
static void on_overflow(int sig, siginfo_t *si, void *uc)
{
    char here;
    int on_alt = &here >= alt_base && &here < alt_base + alt_size;
    stack_t cur;
    sigaltstack(NULL, &cur);
    siglongjmp(jb, on_alt ? (cur.ss_flags & SS_ONSTACK ? 3 : 2) : 1);
}

static int recurse(volatile char *p)
{
    volatile char pad[1024];
    pad[0] = p ? p[0] + 1 : 0;
    return recurse(pad) + pad[1];
}

static volatile int chld_status, chld_code, chld_pid_ok;
static pid_t child;
static void on_chld(int sig, siginfo_t *si, void *uc)
{
    chld_status = si->si_status;
    chld_code = si->si_code;
    chld_pid_ok = si->si_pid == child;
}

static volatile int ticks;
static void on_alarm(int sig) { ticks++; }
static int feed_fd;
/* the data arrives only from the handler: a restarted read gets it, an
 * interrupted one fails with EINTR first */
static void feed_pipe(int sig) { write(feed_fd, "x", 1); }
static volatile int depth, maxdepth, raises;
static void nodefer(int sig)
{
    depth++;
    if (depth > maxdepth) maxdepth = depth;
    if (raises++ < 2) raise(SIGUSR2);
    depth--;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    kill(getpid(), SIGUSR1);
    printf("kill: sig %d code %s pid %d uid %d\n", got, code == SI_USER ? "SI_USER" : "?", pid_ok, uid_ok);
    union sigval sv = { .sival_int = 1234 };
    sigqueue(getpid(), SIGUSR1, sv);
    printf("sigqueue: code %s value %d pid %d\n", code == SI_QUEUE ? "SI_QUEUE" : "?", value, pid_ok);
    raise(SIGUSR1);
    printf("raise: code %s\n", code == SI_TKILL ? "SI_TKILL" : code == SI_USER ? "SI_USER" : "?");
    /* real-time signals: queued, lower number first, FIFO within a number */
    int r1 = SIGRTMIN + 1, r2 = SIGRTMIN + 2;
    sigaction(r1, &sa, NULL);
    sigaction(r2, &sa, NULL);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, r1);
    sigaddset(&set, r2);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    for (int i = 1; i <= 3; i++) {
        sv.sival_int = i;
        sigqueue(getpid(), r2, sv);
        sv.sival_int = 10 + i;
        sigqueue(getpid(), r1, sv);
        sv.sival_int = 20 + i;
        sigqueue(getpid(), SIGUSR1, sv);
    }
    sigset_t pend;
    sigpending(&pend);
    printf("pending: usr1 %d rt1 %d rt2 %d usr2 %d\n", sigismember(&pend, SIGUSR1), sigismember(&pend, r1), sigismember(&pend, r2),
           sigismember(&pend, SIGUSR2));
    norder = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("delivered %d:", norder);
    for (int i = 0; i < norder; i++) {
        int s = order[i] / 1000;
        printf(" %s/%d", s == SIGUSR1 ? "usr1" : s == r1 ? "rt1" : s == r2 ? "rt2" : "?", order[i] % 1000);
    }
    printf("\n");
    /* sigwaitinfo / sigtimedwait */
    sigprocmask(SIG_BLOCK, &set, &old);
    sv.sival_int = 99;
    sigqueue(getpid(), r1, sv);
    siginfo_t si;
    int s = sigwaitinfo(&set, &si);
    printf("sigwaitinfo %s value %d code %s\n", s == r1 ? "rt1" : "?", si.si_value.sival_int, si.si_code == SI_QUEUE ? "SI_QUEUE" : "?");
    struct timespec ts = { 0, 20000000 };
    errno = 0;
    s = sigtimedwait(&set, &si, &ts);
    printf("sigtimedwait empty %d errno %s\n", s, errno == EAGAIN ? "EAGAIN" : "?");
    sigprocmask(SIG_SETMASK, &old, NULL);
    /* sigaltstack + stack overflow */
    alt_size = 64 * 1024;
    alt_base = malloc(alt_size);
    stack_t ss = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0 };
    printf("sigaltstack %d\n", sigaltstack(&ss, NULL));
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("altstack query: same %d flags %d\n", cur.ss_sp == alt_base && cur.ss_size == alt_size, cur.ss_flags);
    sa.sa_sigaction = on_overflow;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    int path = sigsetjmp(jb, 1);
    if (!path)
        recurse(NULL);
    printf("stack overflow caught on the alternate stack: path %d\n", path);
    errno = 0;
    ss.ss_size = 100;
    {
        __typeof__(sigaltstack(&ss, NULL)) r0_ = sigaltstack(&ss, NULL);
        printf("sigaltstack too small %d errno %s\n", r0_, errno == ENOMEM ? "ENOMEM" : "?");
    }
    /* SIGCHLD with siginfo */
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t chldset;
    sigemptyset(&chldset);
    sigaddset(&chldset, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chldset, &old);
    child = fork();
    if (child == 0)
        _exit(42);
    sigset_t wait_mask = old;
    sigdelset(&wait_mask, SIGCHLD);
    s = sigsuspend(&wait_mask);
    printf("sigsuspend %d errno %s; SIGCHLD status %d code %s pid %d\n", s, errno == EINTR ? "EINTR" : "?", chld_status,
           chld_code == CLD_EXITED ? "CLD_EXITED" : "?", chld_pid_ok);
    sigprocmask(SIG_SETMASK, &old, NULL);
    int st;
    waitpid(child, &st, 0);
    child = fork();
    if (child == 0) { pause(); _exit(1); }
    kill(child, SIGTERM);
    waitpid(child, &st, 0);
    printf("killed child: signaled %d sig %d, handler code %s status %d\n", WIFSIGNALED(st), WTERMSIG(st),
           chld_code == CLD_KILLED ? "CLD_KILLED" : "?", chld_status);
    signal(SIGCHLD, SIG_DFL);
    /* setitimer */
    signal(SIGALRM, on_alarm);
    struct itimerval it = { { 0, 10000 }, { 0, 10000 } }, oit;
    setitimer(ITIMER_REAL, &it, NULL);
    while (ticks < 3)
        pause();
    getitimer(ITIMER_REAL, &oit);
    printf("itimer ticks>=3 %d interval %ld.%06ld\n", ticks >= 3, (long)oit.it_interval.tv_sec, (long)oit.it_interval.tv_usec);
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, &oit);
    printf("itimer stopped, old interval %ld\n", (long)oit.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &oit);
    printf("itimer now %ld %ld\n", (long)oit.it_value.tv_sec, (long)oit.it_value.tv_usec);
    /* EINTR vs SA_RESTART on a pipe read */
    int p[2];
    pipe(p);
    for (int restart = 0; restart < 2; restart++) {
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = feed_pipe;
        sa.sa_flags = restart ? SA_RESTART : 0;
        sigaction(SIGALRM, &sa, NULL);
        feed_fd = p[1];
        struct itimerval once = { { 0, 0 }, { 0, 30000 } };
        setitimer(ITIMER_REAL, &once, NULL);
        char c;
        errno = 0;
        ssize_t n = read(p[0], &c, 1);
        printf("read with %s: %zd %s\n", restart ? "SA_RESTART" : "no restart", n, n < 0 && errno == EINTR ? "EINTR" : "data");
        if (n < 0) read(p[0], &c, 1);
    }
    /* SA_RESETHAND and SA_NODEFER */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    struct sigaction now;
    sigaction(SIGUSR2, NULL, &now);
    printf("resethand: now default %d\n", now.sa_handler == SIG_DFL);
    sa.sa_handler = nodefer;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("nodefer nesting %d\n", maxdepth);
    maxdepth = depth = raises = 0;
    sa.sa_flags = 0;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("deferred nesting %d\n", maxdepth);
    errno = 0;
    {
        __typeof__(sigaction(SIGKILL, &sa, NULL)) r0_ = sigaction(SIGKILL, &sa, NULL);
        printf("sigaction SIGKILL %d errno %s\n", r0_, errno == EINVAL ? "EINVAL" : "?");
    }
    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    errno = 0;
    {
        __typeof__(write(p[1], "x", 1)) r0_ = write(p[1], "x", 1);
        printf("write to closed pipe %zd %s\n", r0_, errno == EPIPE ? "EPIPE" : "?");
    }
    return 0;
}
