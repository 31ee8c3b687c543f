/*
 * compat32_signal.c - the i386 kernel's old signal calls, from before the
 * rt_ ones: signal, sigaction (struct old_sigaction), sigsuspend,
 * sigpending, sgetmask and ssetmask, all with the old 32-bit sigset
 * (signals 1-32). They act on the same guest state as rt_sigaction and
 * rt_sigprocmask (sys_signal.c). Also the sigreturn trampolines that an
 * i386 handler returns through when it was installed without SA_RESTORER
 * (signal() never sets one): the kernel points such frames at its vDSO;
 * mimic maps no vDSO, so it keeps the two trampolines in a page of their own.
 */
#include "syscalls/syscalls.h"
#include "syscalls/compat32.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int64_t guest_sigaction(struct guest_thread *t, int sig, const struct guest_sigaction *act, struct guest_sigaction *old);
int64_t sys_rt_sigsuspend(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);
int64_t sys_rt_sigpending(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);
void signals_sync_mask(struct guest_thread *t);

#define SIGBIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define GUEST_SA_NODEFER 0x40000000u
#define GUEST_SA_RESETHAND 0x80000000u

/* struct old_sigaction of i386: the mask comes before the flags. */
struct old_sigaction32 { uint32_t handler, mask, flags, restorer; };
_Static_assert(sizeof(struct old_sigaction32) == 16, "i386 old_sigaction");

/* sigaction(sig, act, oact): the new mask is signals 1-32 only (the kernel's
 * siginitset clears the rest); the old one is reported cut to 32 bits. */
int64_t sys32_sigaction(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct guest_sigaction n, o;
    if ((uint32_t)a[1]) {
        struct old_sigaction32 g;
        memcpy(&g, gptr(a[1]), sizeof g);
        n = (struct guest_sigaction){ g.handler, g.flags, g.restorer, g.mask };
    }
    int64_t r = guest_sigaction(t, (int)a[0], (uint32_t)a[1] ? &n : NULL, &o);
    if (r == 0 && (uint32_t)a[2]) {
        struct old_sigaction32 g = { (uint32_t)o.handler, (uint32_t)o.mask, (uint32_t)o.flags, (uint32_t)o.restorer };
        memcpy(gptr(a[2]), &g, sizeof g);
    }
    return r;
}

/* signal(sig, handler): one-shot and not masking itself, as the kernel's
 * sys_signal; returns the previous handler. */
int64_t sys32_signal(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct guest_sigaction n = { (uint32_t)a[1], GUEST_SA_RESETHAND | GUEST_SA_NODEFER, 0, 0 }, o;
    int64_t r = guest_sigaction(t, (int)a[0], &n, &o);
    return r ? r : (int64_t)(uint32_t)o.handler;
}

/* sigsuspend(unused, unused, mask): i386 has the three-argument form. */
int64_t sys32_sigsuspend(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t mask = (uint32_t)a[2];
    uint64_t b[2] = { (uint64_t)(uintptr_t)&mask, 8 };
    return sys_rt_sigsuspend(t, s, b);
}

int64_t sys32_sigpending(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t set = 0;
    uint64_t b[2] = { (uint64_t)(uintptr_t)&set, 8 };
    int64_t r = sys_rt_sigpending(t, s, b);
    if (r == 0) {
        uint32_t low = (uint32_t)set;
        memcpy(gptr(a[0]), &low, 4);
    }
    return r;
}

int64_t sys32_sgetmask(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return (int64_t)(uint32_t)t->sigmask;
}

/* ssetmask(mask): the whole mask becomes mask (real-time signals
 * unblocked, as the kernel's siginitset has it); returns the old low word. */
int64_t sys32_ssetmask(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint32_t old = (uint32_t)t->sigmask;
    t->sigmask = (uint32_t)a[0] & ~UNBLOCKABLE;
    signals_sync_mask(t);
    return (int64_t)old;
}

/* The trampolines, as the i386 vDSO has them:
 *   sigreturn:     pop %eax; mov $119, %eax; int $0x80   (pops the signal number)
 *   rt_sigreturn:  mov $173, %eax; int $0x80
 * Mapped once below 4 GiB, read and execute only; a fork keeps the page. */
static const uint8_t tramp_code[] = {
    0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80,     /* offset 0 */
    0xb8, 173, 0, 0, 0, 0xcd, 0x80,           /* offset 8 */
};
static uint32_t tramp_page;
static pthread_once_t tramp_once = PTHREAD_ONCE_INIT;

static void tramp_map(void)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    int64_t p = compat32_map_low(ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    if (p < 0)
        return;
    memcpy((void *)(uintptr_t)p, tramp_code, sizeof tramp_code);
    if (mprotect((void *)(uintptr_t)p, ps, PROT_READ | PROT_EXEC)) {
        munmap((void *)(uintptr_t)p, ps);
        return;
    }
    tramp_page = (uint32_t)p;
}

/* Where a handler without SA_RESTORER returns: 0 if the page could not be
 * mapped (the guest then faults at address 0, visibly). */
uint32_t compat32_sigreturn_tramp(bool rt)
{
    pthread_once(&tramp_once, tramp_map);
    return tramp_page ? tramp_page + (rt ? 8 : 0) : 0;
}
