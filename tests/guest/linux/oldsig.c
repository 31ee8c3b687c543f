/* oldsig.c - the i386 kernel's old signal calls, by number (glibc uses the
 * rt_ ones): signal (one-shot, not masking itself, returns the old
 * handler; its frame returns without SA_RESTORER), sigaction with struct
 * old_sigaction, sgetmask/ssetmask, sigpending and the three-argument
 * sigsuspend. x86-64 has none of them: it does the same through the
 * rt_ calls and prints the same, which is the reference for both.
 * i386 reference: x86-64 */
// i386 reference: x86-64
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BIT(s) (1u << ((s) - 1))
static volatile int hits, seen_mask_usr2;

static unsigned get_mask(void);

static void handler(int sig)
{
    hits++;
    seen_mask_usr2 = (get_mask() & BIT(SIGUSR2)) != 0;
}

#ifdef __i386__
struct old_sigaction { uintptr_t handler; uint32_t mask, flags; uintptr_t restorer; };
static long old_signal(int sig, void (*h)(int)) { return syscall(48, sig, h); }
static int old_sigaction(int sig, const struct old_sigaction *a, struct old_sigaction *o) { return (int)syscall(67, sig, a, o); }
static unsigned get_mask(void) { return (unsigned)syscall(68); }
static unsigned set_mask(unsigned m) { return (unsigned)syscall(69, m); }
static int old_sigpending(unsigned *p) { return (int)syscall(73, p); }
static int old_sigsuspend(unsigned m) { return (int)syscall(72, 0, 0, m); }
#else
/* The same meanings through the rt_ calls. */
struct old_sigaction { uintptr_t handler; uint32_t mask, flags; uintptr_t restorer; };
static long old_signal(int sig, void (*h)(int))
{
    struct sigaction a, o;
    memset(&a, 0, sizeof a);
    a.sa_handler = h;
    a.sa_flags = SA_RESETHAND | SA_NODEFER;
    if (sigaction(sig, &a, &o))
        return -1;
    return (long)(uintptr_t)o.sa_handler;
}
static int old_sigaction(int sig, const struct old_sigaction *a, struct old_sigaction *o)
{
    struct sigaction n, p;
    if (a) {
        memset(&n, 0, sizeof n);
        n.sa_handler = (void (*)(int))a->handler;
        n.sa_flags = (int)a->flags;
        for (int s = 1; s <= 32; s++)
            if (a->mask & BIT(s))
                sigaddset(&n.sa_mask, s);
    }
    int r = sigaction(sig, a ? &n : NULL, &p);
    if (r == 0 && o) {
        o->handler = (uintptr_t)p.sa_handler;
        o->flags = (uint32_t)p.sa_flags & ~0x04000000u;   /* SA_RESTORER, glibc's */
        o->mask = 0;
        for (int s = 1; s <= 31; s++)
            if (sigismember(&p.sa_mask, s) == 1)
                o->mask |= BIT(s);
    }
    return r;
}
static unsigned get_mask(void)
{
    sigset_t s;
    sigprocmask(SIG_SETMASK, NULL, &s);
    unsigned m = 0;
    for (int i = 1; i <= 31; i++)
        if (sigismember(&s, i) == 1)
            m |= BIT(i);
    return m;
}
static unsigned set_mask(unsigned m)
{
    unsigned old = get_mask();
    sigset_t s;
    sigemptyset(&s);
    for (int i = 1; i <= 31; i++)
        if (m & BIT(i))
            sigaddset(&s, i);
    sigprocmask(SIG_SETMASK, &s, NULL);
    return old;
}
static int old_sigpending(unsigned *p)
{
    sigset_t s;
    int r = sigpending(&s);
    *p = 0;
    for (int i = 1; i <= 31; i++)
        if (sigismember(&s, i) == 1)
            *p |= BIT(i);
    return r;
}
static int old_sigsuspend(unsigned m)
{
    sigset_t s;
    sigemptyset(&s);
    for (int i = 1; i <= 31; i++)
        if (m & BIT(i))
            sigaddset(&s, i);
    return sigsuspend(&s);
}
#endif

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* signal(): the old handler back, one delivery, then SIG_DFL again */
    printf("signal first: %ld\n", old_signal(SIGUSR1, handler));
    printf("signal again: old is handler %d\n", old_signal(SIGUSR1, handler) == (long)(uintptr_t)handler);
    kill(getpid(), SIGUSR1);
    struct old_sigaction o;
    memset(&o, 0xff, sizeof o);
    old_sigaction(SIGUSR1, NULL, &o);
    printf("after one: hits %d, handler now default %d, flags %#x\n", hits, o.handler == 0, o.flags);
    /* sigaction with a mask: SIGUSR2 blocked while the handler runs */
    struct old_sigaction a = { (uintptr_t)handler, BIT(SIGUSR2), SA_RESTART, 0 };
    printf("sigaction: %d\n", old_sigaction(SIGUSR1, &a, NULL));
    memset(&o, 0, sizeof o);
    old_sigaction(SIGUSR1, NULL, &o);
    printf("read back: handler ok %d mask %#x flags %#x\n", o.handler == (uintptr_t)handler, o.mask, o.flags);
    kill(getpid(), SIGUSR1);
    printf("hits %d, usr2 blocked in handler %d, blocked after %d\n", hits, seen_mask_usr2, (get_mask() & BIT(SIGUSR2)) != 0);
    /* sgetmask/ssetmask, sigpending, sigsuspend */
    unsigned prev = set_mask(BIT(SIGUSR1) | BIT(SIGHUP));
    printf("ssetmask: old %#x, now %#x\n", prev, get_mask());
    kill(getpid(), SIGUSR1);
    unsigned pend = 0;
    int r = old_sigpending(&pend);
    printf("sigpending %d: %#x, hits still %d\n", r, pend, hits);
    r = old_sigsuspend(BIT(SIGHUP));
    printf("sigsuspend %d %s, hits %d, mask back %#x\n", r, strerror(errno), hits, get_mask());
    old_sigpending(&pend);
    printf("pending after %#x\n", pend);
    set_mask(0);
    printf("invalid signal: %ld\n", old_signal(65, handler));
    return 0;
}
