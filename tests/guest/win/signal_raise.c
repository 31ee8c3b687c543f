/* signal_raise: signal() and raise() with msvcrt's numbers: handlers run
 * in the program (and are reset to SIG_DFL first), SIG_IGN, SIGFPE's
 * second argument, errors for unknown signals, and the default action of
 * raise (the process ends with code 3).
 *
 * Expected output: Wine 8.0, except errno after signal(5) and raise(99):
 * Windows' CRT reports invalid signals through the invalid-parameter path,
 * which sets errno to EINVAL (documented for both); Wine 8 leaves it 0. */
// exit: 3
#include <stdio.h>
#include <signal.h>
#include <float.h>
#include <errno.h>

static volatile int got;

static void on_signal(int sig)
{
    got = sig;
    printf("  handler: signal %d\n", sig);
}

static void on_fpe(int sig, int code)
{
    got = sig;
    printf("  fpe handler: signal %d code 0x%x\n", sig, code);
}

static void reinstall(int sig)
{
    printf("  handler reinstalls itself for %d\n", sig);
    signal(sig, reinstall);
}

int main(void)
{
    printf("SIGINT=%d SIGILL=%d SIGFPE=%d SIGSEGV=%d SIGTERM=%d SIGBREAK=%d SIGABRT=%d\n",
           SIGINT, SIGILL, SIGFPE, SIGSEGV, SIGTERM, SIGBREAK, SIGABRT);

    void (*old)(int) = signal(SIGINT, on_signal);
    printf("first signal(SIGINT): %s\n", old == SIG_DFL ? "SIG_DFL" : "other");
    printf("raise(SIGINT):\n");
    int r = raise(SIGINT);
    printf("  returned %d, got %d\n", r, got);
    old = signal(SIGINT, SIG_IGN);
    printf("after the handler ran, SIGINT was %s\n", old == SIG_DFL ? "SIG_DFL" : old == on_signal ? "on_signal" : "other");
    got = 0;
    r = raise(SIGINT);
    printf("raise ignored SIGINT: %d got=%d\n", r, got);
    old = signal(SIGINT, SIG_DFL);
    printf("SIGINT was %s\n", old == SIG_IGN ? "SIG_IGN" : "other");

    signal(SIGTERM, reinstall);
    raise(SIGTERM);
    raise(SIGTERM);
    old = signal(SIGTERM, on_signal);
    printf("SIGTERM handler kept: %d\n", old == reinstall);

    signal(SIGFPE, (void (*)(int))on_fpe);
    printf("raise(SIGFPE):\n");
    raise(SIGFPE);

    signal(SIGTERM, SIG_DFL);
    signal(SIGABRT, on_signal);
    printf("raise(SIGABRT) = %d\n", raise(SIGABRT));
    signal(SIGSEGV, on_signal);
    printf("raise(SIGSEGV) = %d\n", raise(SIGSEGV));
    signal(SIGILL, on_signal);
    printf("raise(SIGILL) = %d\n", raise(SIGILL));

    errno = 0;
    old = signal(5, on_signal);
    printf("signal(5): %s errno=%d\n", old == SIG_ERR ? "SIG_ERR" : "other", errno);
    errno = 0;
    r = raise(99);
    printf("raise(99): %d errno=%d\n", r, errno);

    printf("raise(SIGTERM) with SIG_DFL ends the process with code 3\n");
    fflush(stdout);
    raise(SIGTERM);    /* the handler was reset to SIG_DFL when it ran */
    printf("not reached\n");
    return 0;
}
