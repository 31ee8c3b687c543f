/* sigfork.c - signal state across fork and exec: the blocked mask and
 * ignored dispositions survive both, caught handlers reset to default on
 * exec, pending signals are not inherited by a fork child but survive exec. */
// i386 reference: x86-64 (the program re-executes itself through /proc/self/exe)
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void handler(int sig) {}

static void report(const char *who)
{
    sigset_t mask, pend;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    sigpending(&pend);
    struct sigaction a;
    printf("%s: blocked usr1 %d usr2 %d term %d; pending usr1 %d;", who, sigismember(&mask, SIGUSR1),
           sigismember(&mask, SIGUSR2), sigismember(&mask, SIGTERM), sigismember(&pend, SIGUSR1));
    sigaction(SIGINT, NULL, &a);
    printf(" INT %s", a.sa_handler == SIG_IGN ? "ign" : a.sa_handler == SIG_DFL ? "dfl" : "handler");
    sigaction(SIGHUP, NULL, &a);
    printf(" HUP %s\n", a.sa_handler == SIG_IGN ? "ign" : a.sa_handler == SIG_DFL ? "dfl" : "handler");
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        report("after exec");
        /* the pending SIGUSR1 is delivered with default action when unblocked */
        sigset_t m;
        sigemptyset(&m);
        sigaddset(&m, SIGUSR1);
        sigprocmask(SIG_UNBLOCK, &m, NULL);
        printf("still alive?\n");
        return 0;
    }
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGTERM);
    sigprocmask(SIG_BLOCK, &m, NULL);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, handler);
    raise(SIGUSR1);
    report("parent");
    pid_t pid = fork();
    if (pid == 0) {
        report("fork child");
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    pid = fork();
    if (pid == 0) {
        raise(SIGUSR1);
        execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
        _exit(99);
    }
    waitpid(pid, &st, 0);
    printf("exec child: signaled %d sig %d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    /* a blocked SIGTERM kept pending across exec kills the exec'd shell when unblocked? the
     * shell leaves its mask alone: it just reports. */
    pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", "trap '' INT; kill -INT $$; echo shell ignored INT", (char *)NULL);
        _exit(99);
    }
    waitpid(pid, &st, 0);
    printf("shell exit %d\n", WEXITSTATUS(st));
    return 0;
}
