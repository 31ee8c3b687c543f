/*
 * kernel32/futex.h - the Linux futex calls behind the user-space locks that
 * live in the program's memory (critical sections, SRW locks, condition
 * variables, InitOnce, WaitOnAddress) and behind thread suspension. Private
 * futexes: these words are never shared with another process.
 */
#ifndef MIMIC_KERNEL32_FUTEX_H
#define MIMIC_KERNEL32_FUTEX_H

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Sleep while *addr == val, until woken or the absolute CLOCK_MONOTONIC
 * deadline (NULL: none). Returns 0 when woken (or the value had changed),
 * ETIMEDOUT, or EINTR. */
static inline int futex_wait_until(const volatile void *addr, int32_t val, const struct timespec *deadline)
{
    /* FUTEX_WAIT_BITSET takes an absolute time; CLOCK_MONOTONIC is its default clock. */
    long r = syscall(SYS_futex, addr, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, val, deadline, NULL,
                     FUTEX_BITSET_MATCH_ANY);
    if (r == 0)
        return 0;
    return errno == EAGAIN ? 0 : errno;
}

static inline void futex_wait(const volatile void *addr, int32_t val)
{
    futex_wait_until(addr, val, NULL);
}

static inline void futex_wake(const volatile void *addr, int n)
{
    syscall(SYS_futex, addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, NULL, NULL, 0);
}

#define futex_wake_all(addr) futex_wake((addr), INT_MAX)

#endif
