/* rlimits.c - resource limits: getrlimit/setrlimit/prlimit round trips,
 * RLIMIT_NOFILE enforced by open and dup (EMFILE), RLIMIT_FSIZE turning a
 * write into EFBIG once SIGXFSZ is ignored, RLIMIT_CORE, limits inherited
 * by a fork child, raising a hard limit refused, getrusage fields. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *lim(rlim_t v)
{
    static char b[4][32];
    static int i;
    i = (i + 1) % 4;
    if (v == RLIM_INFINITY) return "inf";
    snprintf(b[i], sizeof b[i], "%llu", (unsigned long long)v);
    return b[i];
}

int main(void)
{
    struct rlimit rl, old;
    getrlimit(RLIMIT_NOFILE, &old);
    printf("nofile soft<=hard %d soft>=64 %d\n", old.rlim_cur <= old.rlim_max, old.rlim_cur >= 64);
    rl.rlim_cur = 16;
    rl.rlim_max = old.rlim_max;
    printf("setrlimit nofile 16: %d\n", setrlimit(RLIMIT_NOFILE, &rl));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("now %s\n", lim(rl.rlim_cur));
    int fds[32], n = 0;
    while (n < 32 && (fds[n] = open("/dev/null", O_RDONLY)) >= 0) n++;
    printf("opened until fd limit: %d more, errno %s, sysconf %ld\n", n, errno == EMFILE ? "EMFILE" : "?", sysconf(_SC_OPEN_MAX));
    errno = 0;
    int dr = dup(0);
    printf("dup at limit %d %s; ", dr, errno == EMFILE ? "EMFILE" : "?");
    errno = 0;
    dr = dup2(0, 20);
    printf("dup2 to 20 %d %s\n", dr, errno == EBADF ? "EBADF" : "?");
    while (n > 0) close(fds[--n]);
    setrlimit(RLIMIT_NOFILE, &old);
    rl.rlim_cur = rl.rlim_max = 1000;
    struct rlimit pold;
    printf("prlimit core set %d", prlimit(0, RLIMIT_CORE, &rl, &pold));
    struct rlimit cur;
    prlimit(0, RLIMIT_CORE, NULL, &cur);
    printf(" now %s/%s\n", lim(cur.rlim_cur), lim(cur.rlim_max));
    rl.rlim_max = 2000;
    errno = 0;
    int r = setrlimit(RLIMIT_CORE, &rl);
    printf("raise hard as root or not: %d\n", r == 0 ? geteuid() == 0 : errno == EPERM);
    rl.rlim_cur = 3000;
    rl.rlim_max = 2000;
    errno = 0;
    {
        __typeof__(setrlimit(RLIMIT_CORE, &rl)) r0_ = setrlimit(RLIMIT_CORE, &rl);
        printf("soft > hard %d %s\n", r0_, errno == EINVAL ? "EINVAL" : "?");
    }
    errno = 0;
    {
        __typeof__(getrlimit(99, &rl)) r0_ = getrlimit(99, &rl);
        printf("bad resource %d %s\n", r0_, errno == EINVAL ? "EINVAL" : "?");
    }
    /* RLIMIT_FSIZE */
    signal(SIGXFSZ, SIG_IGN);
    char name[] = "rlim-XXXXXX";
    int fd = mkstemp(name);
    rl.rlim_cur = 1000;
    rl.rlim_max = RLIM_INFINITY;
    getrlimit(RLIMIT_FSIZE, &old);
    setrlimit(RLIMIT_FSIZE, &rl);
    char buf[1500];
    memset(buf, 'f', sizeof buf);
    ssize_t w1 = write(fd, buf, 1500);
    errno = 0;
    ssize_t w2 = write(fd, buf, 10);
    printf("fsize: first write %zd, then %zd %s\n", w1, w2, errno == EFBIG ? "EFBIG" : "?");
    pid_t p = fork();
    if (p == 0) {
        struct rlimit c;
        getrlimit(RLIMIT_FSIZE, &c);
        _exit(c.rlim_cur == 1000);
    }
    int st;
    waitpid(p, &st, 0);
    printf("child inherits fsize %d\n", WEXITSTATUS(st));
    p = fork();
    if (p == 0) {
        signal(SIGXFSZ, SIG_DFL);
        write(fd, buf, 10);
        _exit(0);
    }
    waitpid(p, &st, 0);
    printf("SIGXFSZ default kills %d sig %d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    setrlimit(RLIMIT_FSIZE, &old);
    close(fd);
    unlink(name);
    getrlimit(RLIMIT_STACK, &rl);
    printf("stack soft %s\n", rl.rlim_cur >= 1024 * 1024 ? ">=1M" : "small");
    getrlimit(RLIMIT_AS, &rl);
    printf("as %s\n", lim(rl.rlim_cur));
    struct rusage ru;
    volatile double x = 0;
    for (int i = 0; i < 2000000; i++) x += i;
    printf("getrusage self %d utime+stime>0 %d maxrss>0 %d\n", getrusage(RUSAGE_SELF, &ru),
           ru.ru_utime.tv_sec + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec > 0, ru.ru_maxrss > 0);
    printf("getrusage children %d, bad who %d\n", getrusage(RUSAGE_CHILDREN, &ru), getrusage(99, &ru));
    printf("nice %d getpriority %d\n", nice(0) >= 0, getpriority(PRIO_PROCESS, 0) >= -20);
    return 0;
}
