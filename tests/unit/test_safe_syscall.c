/*
 * test_safe_syscall.c - syscalls/safe_syscall_<host>.S and its rewind: a
 * pending signal the call should wake for makes it return
 * SAFE_SYSCALL_RESTART without
 * entering the kernel (a read of an empty pipe would sleep); one outside the
 * wake set lets the call run; the kernel's own -errno comes back as is; a
 * host signal ends the sleep with -EINTR (or comes before it); the handler's
 * rewind moves a PC inside [safe_syscall_start, safe_syscall_insn] back to
 * the test and leaves every other PC alone. The race itself (a signal landing
 * inside the window) is exercised end to end by tests/guest/linux/sigrace.c.
 */
#include <criterion/criterion.h>

#include "syscalls/safe_syscall.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

TestSuite(safe_syscall, .timeout = 10);

static volatile uint64_t pending;

Test(safe_syscall, pending_signal_returns_restart_before_the_call)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    char b;
    pending = 1ull << (SIGUSR1 - 1);
    /* Entered, this read would sleep forever: the test would time out. */
    long r = safe_syscall_base(&pending, ~0ull, SYS_read, p[0], (long)&b, 1, 0, 0, 0);
    cr_expect_eq(r, SAFE_SYSCALL_RESTART);
    close(p[0]);
    close(p[1]);
}

Test(safe_syscall, signal_outside_the_wake_set_lets_the_call_run)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    pending = 1ull << (SIGUSR1 - 1);
    uint64_t wake = ~pending;   /* a wait whose mask blocks SIGUSR1 */
    long r = safe_syscall_base(&pending, wake, SYS_write, p[1], (long)"xy", 2, 0, 0, 0);
    cr_expect_eq(r, 2);
    char b[4] = { 0 };
    r = safe_syscall_base(&pending, wake, SYS_read, p[0], (long)b, sizeof b, 0, 0, 0);
    cr_expect_eq(r, 2);
    cr_expect_str_eq(b, "xy");
    /* The kernel's error, as -errno; errno untouched. */
    errno = 0;
    r = safe_syscall_base(&pending, 0, SYS_read, -1, (long)b, 1, 0, 0, 0);
    cr_expect_eq(r, -EBADF);
    cr_expect_eq(errno, 0);
    close(p[0]);
    close(p[1]);
}

Test(safe_syscall, six_arguments_reach_the_kernel)
{
    /* ppoll(fds, 1, timeout, mask, 8): five arguments, an immediate timeout. */
    int p[2];
    cr_assert_eq(pipe(p), 0);
    pending = 0;
    cr_assert_eq(write(p[1], "z", 1), 1);
    struct { int fd; short events, revents; } pfd = { p[0], 1 /* POLLIN */, 0 };
    struct timespec ts = { 0, 0 };
    uint64_t mask = 0;
    long r = safe_syscall_base(&pending, ~0ull, SYS_ppoll, (long)&pfd, 1, (long)&ts, (long)&mask, 8, 0);
    cr_expect_eq(r, 1);
    cr_expect_eq(pfd.revents & 1, 1);
    /* pselect6 with its sixth argument: a bad mask size is EINVAL. */
    struct { void *set; size_t size; } sm = { &mask, 7 };
    r = safe_syscall_base(&pending, ~0ull, SYS_pselect6, 0, 0, 0, 0, (long)&ts, (long)&sm);
    cr_expect_eq(r, -EINVAL);
    close(p[0]);
    close(p[1]);
}

/* A host signal while the call sleeps: as mimic's handler does, record it
 * and rewind (a no-op here: the PC is past the instruction). */
static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    pending |= 1ull << (sig - 1);
    safe_syscall_rewind(uc);
}

static int sleeper_pipe[2];
static volatile int sleeper_started;

static void *sleeper(void *arg)
{
    char b;
    sleeper_started = 1;
    return (void *)safe_syscall_base(&pending, ~0ull, SYS_read, sleeper_pipe[0], (long)&b, 1, 0, 0, 0);
}

Test(safe_syscall, host_signal_ends_the_sleep_with_eintr)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;   /* not SA_RESTART, as mimic's */
    sigaction(SIGUSR1, &sa, NULL);
    cr_assert_eq(pipe(sleeper_pipe), 0);
    pending = 0;
    pthread_t th;
    pthread_create(&th, NULL, sleeper, NULL);
    while (!sleeper_started)
        usleep(1000);
    /* Until it ends: a signal that landed before the read started is seen
     * by the test (pending is set), one during the sleep interrupts it. */
    void *ret = NULL;
    for (;;) {
        pthread_kill(th, SIGUSR1);
        struct timespec dl;
        clock_gettime(CLOCK_REALTIME, &dl);
        dl.tv_nsec += 50000000;
        if (dl.tv_nsec >= 1000000000) { dl.tv_sec++; dl.tv_nsec -= 1000000000; }
        if (pthread_timedjoin_np(th, &ret, &dl) == 0)
            break;
    }
    cr_expect((long)ret == -EINTR || (long)ret == SAFE_SYSCALL_RESTART, "ret %ld", (long)ret);
    signal(SIGUSR1, SIG_DFL);
    close(sleeper_pipe[0]);
    close(sleeper_pipe[1]);
}

#if defined(__x86_64__)
#define PC(uc) ((uc)->uc_mcontext.gregs[REG_RIP])
#elif defined(__aarch64__)
#define PC(uc) ((uc)->uc_mcontext.pc)
#endif

static uintptr_t rewound(uintptr_t pc)
{
    ucontext_t uc;
    memset(&uc, 0, sizeof uc);
    PC(&uc) = pc;
    safe_syscall_rewind(&uc);
    return (uintptr_t)PC(&uc);
}

Test(safe_syscall, rewind_covers_exactly_the_window)
{
    uintptr_t start = (uintptr_t)safe_syscall_start, insn = (uintptr_t)safe_syscall_insn;
    cr_assert_lt(start, insn);
    for (uintptr_t pc = start; pc <= insn; pc++)
        cr_expect_eq(rewound(pc), start, "pc start+%lu", (unsigned long)(pc - start));
    cr_expect_eq(rewound(start - 1), start - 1);           /* the argument moves before it */
    cr_expect_eq(rewound(insn + 1), insn + 1);             /* past the instruction: the kernel's */
    cr_expect_eq(rewound((uintptr_t)&rewound), (uintptr_t)&rewound);
}
