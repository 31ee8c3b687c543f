/*
 * msvcrt/signal.c - <signal.h>: signal() and raise() with msvcrt's
 * signal numbers and semantics. Handlers are guest functions (Microsoft
 * x64 ABI). As in msvcrt, a handler is reset to SIG_DFL before it runs;
 * SIGFPE handlers get the floating-point code (_FPE_EXPLICITGEN for raise)
 * as a second argument, also readable through __fpecode(). The default
 * action of every signal ends the process with exit code 3.
 *
 * Only raise() delivers signals here. Delivery of Ctrl-C (SIGINT) and of
 * faults (SIGSEGV, SIGILL, SIGFPE) belongs to the console and exception
 * code: they can call crt_signal_deliver() (crt.h) to run the program's
 * handler.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/process.h"
#include <pthread.h>

#define SIGINT_   2
#define SIGILL_   4
#define SIGABRT_COMPAT_ 6
#define SIGFPE_   8
#define SIGSEGV_  11
#define SIGTERM_  15
#define SIGBREAK_ 21
#define SIGABRT_  22

#define FPE_EXPLICITGEN 0x8c

typedef void (CDECL *sig_handler)(int);
typedef void (CDECL *fpe_handler)(int, int);
#define SIG_DFL_ ((sig_handler)0)
#define SIG_IGN_ ((sig_handler)1)
#define SIG_ERR_ ((sig_handler)-1)

static pthread_mutex_t sig_lock = PTHREAD_MUTEX_INITIALIZER;
static sig_handler handlers[23];
static __thread int fpecode;

static bool valid_signal(int sig)
{
    switch (sig) {
    case SIGINT_: case SIGILL_: case SIGABRT_COMPAT_: case SIGFPE_: case SIGSEGV_:
    case SIGTERM_: case SIGBREAK_: case SIGABRT_:
        return true;
    default:
        return false;
    }
}

/* SIGABRT_COMPAT and SIGABRT share one slot. */
static int slot(int sig) { return sig == SIGABRT_COMPAT_ ? SIGABRT_ : sig; }

CDECL sig_handler msvcrt_signal(int sig, sig_handler fn)
{
    /* SIG_ERR and SIG_DFL/IGN are the only non-function values. */
    if (!valid_signal(sig) || fn == SIG_ERR_) {
        crt_set_errno(CRT_EINVAL);
        return SIG_ERR_;
    }
    pthread_mutex_lock(&sig_lock);
    sig_handler old = handlers[slot(sig)];
    handlers[slot(sig)] = fn;
    pthread_mutex_unlock(&sig_lock);
    return old;
}

CDECL int *msvcrt___fpecode(void) { return &fpecode; }

/* Run the program's action for sig; returns false when the signal is not
 * one msvcrt knows. Does not return when the action ends the process. */
bool crt_signal_deliver(int sig, int code)
{
    if (!valid_signal(sig))
        return false;
    pthread_mutex_lock(&sig_lock);
    sig_handler fn = handlers[slot(sig)];
    if (fn != SIG_IGN_)
        handlers[slot(sig)] = SIG_DFL_;
    pthread_mutex_unlock(&sig_lock);
    if (fn == SIG_IGN_)
        return true;
    if (fn == SIG_DFL_)
        process_exit(3);
    if (sig == SIGFPE_) {
        int saved = fpecode;
        fpecode = code;
        ((fpe_handler)(void *)fn)(sig, code);
        fpecode = saved;
    } else {
        fn(sig);
    }
    return true;
}

CDECL int msvcrt_raise(int sig)
{
    if (!crt_signal_deliver(sig, FPE_EXPLICITGEN)) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    return 0;
}
