/* signals.c - handlers, sigprocmask, SIGSEGV caught and left with siglongjmp,
 * SIGFPE from an integer division, raise/kill, alarm. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile sig_atomic_t got;
static volatile int zero = 0;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    got = sig;
    siglongjmp(env, si->si_addr == (void *)16 ? 1 : 2);
}

static void on_usr1(int sig) { got = sig; }

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    int r = sigsetjmp(env, 1);
    if (r == 0) {
        volatile int *p = (int *)16;
        *p = 1;
        puts("not reached");
    }
    printf("segv caught: sig %d path %d\n", got, r);
    sigaction(SIGFPE, &sa, NULL);
    r = sigsetjmp(env, 1);
    if (r == 0)
        printf("%d\n", 7 / zero);
    printf("fpe caught: sig %d\n", got);
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("usr1: %d\n", got);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    got = 0;
    kill(getpid(), SIGUSR1);
    printf("blocked: %d\n", got);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: %d\n", got);
    signal(SIGALRM, on_usr1);
    alarm(1);
    pause();
    printf("alarm: %d\n", got);
    return 0;
}
