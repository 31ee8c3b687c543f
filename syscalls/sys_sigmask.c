/*
 * sys_sigmask.c - the calls that take a guest signal mask as an argument,
 * for both ABIs: ppoll and pselect6 wait with a temporary mask, signalfd
 * reads signals as data. epoll_pwait and epoll_pwait2 wait like ppoll (their
 * events in the x86 layout through host_epoll_wait_guest). mimic keeps the guest's mask itself (the host mask
 * follows it, see sys_signal.c), so the host call gets the host form of the
 * temporary mask, and a signal that interrupts the wait is delivered with
 * that mask still in place (signals_keep_temp_mask), as the kernel does;
 * passed through untouched, the handler of a signal unblocked only for the
 * wait would never run. i386 forms: 32-bit timespec (ppoll, pselect6; the
 * time64 ones have the host's), the pselect6 mask argument with 32-bit
 * fields, fd_sets of 32-bit words.
 */
#include "syscalls/syscalls.h"
#include "syscalls/compat32.h"
#include "syscalls/host_generic.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

uint64_t signals_temp_host_mask(uint64_t temp);
bool signals_temp_ready(struct guest_thread *t, uint64_t temp);
void signals_keep_temp_mask(struct guest_thread *t, uint64_t temp);

#define P(x) ((void *)(uintptr_t)(x))

/* signalfd4's flags: O_NONBLOCK and O_CLOEXEC, the same values on x86 and
 * the generic ABI. */
#define GUEST_SFD_NONBLOCK 04000
#define GUEST_SFD_CLOEXEC 02000000
_Static_assert(SFD_NONBLOCK == GUEST_SFD_NONBLOCK && SFD_CLOEXEC == GUEST_SFD_CLOEXEC, "signalfd flags");

/* The wait itself, with the guest's temporary mask (or none). */
static int64_t ppoll_masked(struct guest_thread *t, void *fds, uint64_t nfds, struct timespec *ts, const uint64_t *mask)
{
    if (mask && signals_temp_ready(t, *mask)) {
        signals_keep_temp_mask(t, *mask);
        return -EINTR;
    }
    uint64_t hm = mask ? signals_temp_host_mask(*mask) : 0;
    long r = syscall(SYS_ppoll, fds, (unsigned long)nfds, ts, mask ? &hm : NULL, 8);
    int64_t res = r < 0 ? -errno : r;
    if (res == -EINTR && mask)
        signals_keep_temp_mask(t, *mask);
    return res;
}

/* The guest's mask argument: NULL (none), or 8 bytes (sigsetsize must be 8). */
static int64_t mask_in(uint64_t p, uint64_t size, uint64_t *mask, const uint64_t **out)
{
    *out = NULL;
    if (!p)
        return 0;
    if (size != 8)
        return -EINVAL;
    memcpy(mask, P(p), 8);
    *out = mask;
    return 0;
}

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize): x86-64, and i386's
 * ppoll_time64 (struct pollfd and the 64-bit timespec are the host's). */
int64_t sys_ppoll(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t m;
    const uint64_t *mp;
    int64_t e = mask_in(a[3], a[4], &m, &mp);
    if (e)
        return e;
    struct timespec ts;
    if (a[2])
        memcpy(&ts, P(a[2]), sizeof ts);
    int64_t r = ppoll_masked(t, P(a[0]), a[1], a[2] ? &ts : NULL, mp);
    if (a[2] && r != -EFAULT)
        memcpy(P(a[2]), &ts, sizeof ts);   /* the time left, as the kernel writes it back */
    return r;
}

/* i386 ppoll: a 32-bit timespec. */
int64_t sys32_ppoll(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t m;
    const uint64_t *mp;
    int64_t e = mask_in((uint32_t)a[3], (uint32_t)a[4], &m, &mp);
    if (e)
        return e;
    struct timespec ts;
    struct timespec32 *g = (uint32_t)a[2] ? gptr(a[2]) : NULL;
    if (g) {
        ts.tv_sec = g->tv_sec;
        ts.tv_nsec = g->tv_nsec;
    }
    int64_t r = ppoll_masked(t, gptr(a[0]), (uint32_t)a[1], g ? &ts : NULL, mp);
    if (g) {
        g->tv_sec = (int32_t)ts.tv_sec;
        g->tv_nsec = (int32_t)ts.tv_nsec;
    }
    return r;
}

/* pselect6's wait, fd_sets already in host form. */
int64_t pselect_masked(struct guest_thread *t, int n, fd_set *r, fd_set *w, fd_set *x, struct timespec *ts,
                       const uint64_t *mask)
{
    if (mask && signals_temp_ready(t, *mask)) {
        signals_keep_temp_mask(t, *mask);
        return -EINTR;
    }
    uint64_t hm = mask ? signals_temp_host_mask(*mask) : 0;
    struct { void *set; size_t size; } sm = { &hm, 8 };
    long rc = syscall(SYS_pselect6, n, r, w, x, ts, mask ? &sm : NULL);
    int64_t res = rc < 0 ? -errno : rc;
    if (res == -EINTR && mask)
        signals_keep_temp_mask(t, *mask);
    return res;
}

/* x86-64 pselect6(n, r, w, x, timeout, {sigmask, size}): fd_sets and
 * timespec are the host's; the sixth argument points to two 8-byte fields. */
int64_t sys_pselect6(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t m;
    const uint64_t *mp = NULL;
    if (a[5]) {
        uint64_t sm[2];
        memcpy(sm, P(a[5]), sizeof sm);
        int64_t e = mask_in(sm[0], sm[1], &m, &mp);
        if (e)
            return e;
    }
    int n = (int)a[0];
    if (n < 0)
        return -EINVAL;
    struct timespec ts;
    if (a[4])
        memcpy(&ts, P(a[4]), sizeof ts);
    int64_t r = pselect_masked(t, n, P(a[1]), P(a[2]), P(a[3]), a[4] ? &ts : NULL, mp);
    if (a[4])
        memcpy(P(a[4]), &ts, sizeof ts);
    return r;
}

/* i386 pselect6 and pselect6_time64: fd_sets of 32-bit words (copied
 * through host-sized sets), the mask argument { u32 sigmask, u32 size }. */
static int64_t pselect32(struct guest_thread *t, uint64_t *a, struct timespec *ts)
{
    int n = (int)a[0];
    if (n < 0 || n > FD_SETSIZE)
        return -EINVAL;
    size_t bytes = ((size_t)n + 31) / 32 * 4;
    uint64_t m;
    const uint64_t *mp = NULL;
    if ((uint32_t)a[5]) {
        const uint32_t *g = gptr(a[5]);
        int64_t e = mask_in(g[0], g[1], &m, &mp);
        if (e)
            return e;
    }
    fd_set sets[3];
    uint32_t ptrs[3] = { (uint32_t)a[1], (uint32_t)a[2], (uint32_t)a[3] };
    for (int i = 0; i < 3; i++) {
        FD_ZERO(&sets[i]);
        if (ptrs[i])
            memcpy(&sets[i], gptr(ptrs[i]), bytes);
    }
    int64_t r = pselect_masked(t, n, ptrs[0] ? &sets[0] : NULL, ptrs[1] ? &sets[1] : NULL, ptrs[2] ? &sets[2] : NULL,
                               ts, mp);
    if (r >= 0)
        for (int i = 0; i < 3; i++)
            if (ptrs[i])
                memcpy(gptr(ptrs[i]), &sets[i], bytes);
    return r;
}

int64_t sys32_pselect6(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec ts;
    struct timespec32 *g = (uint32_t)a[4] ? gptr(a[4]) : NULL;
    if (g) {
        ts.tv_sec = g->tv_sec;
        ts.tv_nsec = g->tv_nsec;
    }
    int64_t r = pselect32(t, a, g ? &ts : NULL);
    if (g) {
        g->tv_sec = (int32_t)ts.tv_sec;
        g->tv_nsec = (int32_t)ts.tv_nsec;
    }
    return r;
}

int64_t sys32_pselect6_time64(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec ts;
    if ((uint32_t)a[4])
        memcpy(&ts, gptr(a[4]), sizeof ts);
    int64_t r = pselect32(t, a, (uint32_t)a[4] ? &ts : NULL);
    if ((uint32_t)a[4])
        memcpy(gptr(a[4]), &ts, sizeof ts);
    return r;
}

/* epoll_pwait(fd, events, max, ms, sigmask, size) and epoll_pwait2 (a
 * timespec instead of ms): the same for both ABIs (x86's epoll_event is
 * packed in both, the timespec of epoll_pwait2 is 64-bit in both). */
static int64_t epoll_masked(struct guest_thread *t, uint64_t *a, int kind)
{
    uint64_t m;
    const uint64_t *mp;
    int64_t e = mask_in(a[4], a[5], &m, &mp);
    if (e)
        return e;
    if (mp && signals_temp_ready(t, m)) {
        signals_keep_temp_mask(t, m);
        return -EINTR;
    }
    uint64_t hm = mp ? signals_temp_host_mask(m) : 0;
    int64_t r = host_epoll_wait_guest(a, kind, mp ? &hm : NULL);
    if (r == -EINTR && mp)
        signals_keep_temp_mask(t, m);
    return r;
}

int64_t sys_epoll_pwait(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return epoll_masked(t, a, 1); }
int64_t sys_epoll_pwait2(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return epoll_masked(t, a, 2); }

/* signalfd4(fd, mask, size, flags) and signalfd(fd, mask, size): the
 * signals a guest reads this way are blocked for it, so (the host mask
 * following the guest's) they wait in the host kernel, which hands them to
 * the host signalfd; struct signalfd_siginfo is the same on every ABI, and
 * so are the flags (O_NONBLOCK, O_CLOEXEC on x86 and the generic ABI).
 * The generic ABI has signalfd4 only. */
int64_t sys_signalfd4(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if (a[2] != 8)
        return -EINVAL;
    if ((int)a[3] & ~(GUEST_SFD_NONBLOCK | GUEST_SFD_CLOEXEC))
        return -EINVAL;
    uint64_t m;
    memcpy(&m, P(a[1]), 8);
    m &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    long r = syscall(SYS_signalfd4, (int)a[0], &m, 8, (int)a[3]);
    return r < 0 ? -errno : r;
}

int64_t sys_signalfd(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t b[4] = { a[0], a[1], a[2], 0 };
    return sys_signalfd4(t, s, b);
}
