/*
 * sys_signal.c - guest signals. mimic keeps the guest's dispositions, mask
 * and alternate stack; the host handlers are mimic's own: an asynchronous
 * signal is recorded as pending for the receiving guest thread and
 * delivered between instructions by building the kernel's x86-64
 * rt_sigframe on the guest stack; a fault in guest code (an exit from the
 * CPU) is delivered the same way at the faulting instruction.
 * Pending signals keep their siginfo (real-time ones queue). The host mask
 * follows the guest's (signals_sync_mask), so blocked signals wait in the
 * kernel (sigpending and sigtimedwait ask it too) and a signal sent to the
 * process goes to a thread that takes it. Host calls interrupted by a
 * signal are restarted or not as the kernel would for the guest
 * (signals_should_restart). Terminating signals at their default get
 * mimic's handler too, which ends the process as the kernel would.
 */
#include "syscalls/syscalls.h"
#include "syscalls/guest_ucontext.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void x86_host_fault(void *addr, bool write);
void x87_fxsave(struct x86_cpu *cpu, uint8_t *area);
void x87_fxrstor(struct x86_cpu *cpu, const uint8_t *area);

__thread struct guest_thread *current_guest;

#define SIGBIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

static bool default_kills(int sig);

/* The host mask follows the guest's: the kernel then routes a signal sent
 * to the process to a thread whose guest does not block it (one in
 * sigwait, say), and keeps blocked signals pending itself, across fork and
 * exec too. Faults are never blocked on the host: mimic's fault handler
 * must see them (a blocked fault would kill). The raw call, because glibc
 * would not block 32 and 33. */
#define HOST_NEVER_BLOCKED (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGFPE) | SIGBIT(SIGTRAP))
static uint64_t host_mask_of(uint64_t guest) { return guest & ~(UNBLOCKABLE | HOST_NEVER_BLOCKED); }

void signals_sync_mask(struct guest_thread *t)
{
    uint64_t m = host_mask_of(t->sigmask);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

/* Kernel's struct sigaction for rt_sigaction (x86-64). */
struct k_sigaction { uint64_t handler, flags, restorer, mask; };

/* Record a signal for the guest thread with its siginfo: a standard signal
 * once (a second one while pending merges, as in the kernel), real-time
 * signals queued. Runs in the host handler of the receiving thread, or with
 * host signals blocked (signals_take), so the queue needs no lock. */
static void record(struct guest_thread *t, int sig, const siginfo_t *si)
{
    if (sig < 32) {
        if (!(t->pending & SIGBIT(sig)))
            t->std_info[sig] = *si;
    } else if (t->rt_count < 32) {
        t->rt_queue[t->rt_count++] = *si;
    } else {
        return;   /* the kernel's queue limit: further ones are dropped */
    }
    __atomic_or_fetch(&t->pending, SIGBIT(sig), __ATOMIC_SEQ_CST);
}

static void host_async_handler(int sig, siginfo_t *si, void *uc)
{
    struct guest_thread *t = current_guest;
    if (!t)
        return;
    /* An unblocked default-action signal ends the process now, as in the
     * kernel: recorded, it could wait forever if the thread is about to
     * block in a host call. */
    if (t->proc->sigactions[sig].handler == (uint64_t)(uintptr_t)SIG_DFL && default_kills(sig) &&
        !(t->sigmask & SIGBIT(sig))) {
        signal(sig, SIG_DFL);
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, sig);
        pthread_sigmask(SIG_UNBLOCK, &one, NULL);
        syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
        _exit(128 + sig);
    }
    record(t, sig, si);
}

/* Take pending signal sig off t's queue into *info. Host signals are blocked
 * meanwhile so the handler cannot change the queue under us. */
static void signals_take(struct guest_thread *t, int sig, siginfo_t *info)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    memset(info, 0, sizeof *info);
    info->si_signo = sig;
    info->si_code = SI_USER;
    if (sig < 32) {
        *info = t->std_info[sig];
        __atomic_and_fetch(&t->pending, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
    } else {
        int i, more = 0;
        for (i = 0; i < t->rt_count && t->rt_queue[i].si_signo != sig; i++)
            ;
        if (i < t->rt_count) {
            *info = t->rt_queue[i];
            memmove(&t->rt_queue[i], &t->rt_queue[i + 1], (size_t)(t->rt_count - i - 1) * sizeof t->rt_queue[0]);
            t->rt_count--;
        }
        for (i = 0; i < t->rt_count; i++)
            more |= t->rt_queue[i].si_signo == sig;
        if (!more)
            __atomic_and_fetch(&t->pending, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Host sigaction for any signal number: glibc refuses 32 and 33 (its own
 * cancellation and set*id signals), which guest glibc uses the same way, so
 * those go to the kernel directly (with mimic's own restorer on x86-64
 * hosts). mimic itself neither cancels host threads nor calls set*id from
 * several threads. */
#if defined(__x86_64__)
void mimic_sig_restorer(void);
__asm__(".text\n.globl mimic_sig_restorer\n.type mimic_sig_restorer,@function\n"
        "mimic_sig_restorer:\n\tmov $15, %eax\n\tsyscall\n\thlt\n");
#define HOST_SA_RESTORER 0x04000000
#define HOST_RESTORER ((uint64_t)(uintptr_t)mimic_sig_restorer)
#else
/* Other hosts (aarch64): no restorer of our own; without SA_RESTORER the
 * kernel returns through its vDSO sigreturn trampoline. The kernel's struct
 * is { handler, flags, restorer, mask } there too (arm64 keeps the field);
 * restorer and mask are both zero, so a layout without the restorer field
 * would read the same empty mask. */
#define HOST_SA_RESTORER 0
#define HOST_RESTORER 0
#endif

static int host_sigaction(int sig, const struct sigaction *h)
{
    if (sig != 32 && sig != 33)
        return sigaction(sig, h, NULL);
    struct { uint64_t handler, flags, restorer, mask; } k = {
        (uint64_t)(uintptr_t)h->sa_sigaction, (uint64_t)h->sa_flags | HOST_SA_RESTORER, HOST_RESTORER, 0 };
    if (h->sa_handler == SIG_DFL || h->sa_handler == SIG_IGN)
        k.flags &= ~(uint64_t)SA_SIGINFO;
    return syscall(SYS_rt_sigaction, sig, &k, NULL, 8) ? -1 : 0;
}

static void host_fault_handler(int sig, siginfo_t *si, void *ucv)
{
    bool is_write;
    void *pc;
    host_fault_details(ucv, &is_write, &pc);
    if (sig == SIGSEGV || sig == SIGBUS)
        x86_host_fault(si->si_addr, is_write);   /* returns only if not a guest access */
    if (sig == SIGSEGV || sig == SIGBUS)
        syscall_fault_recover();   /* a bad guest pointer given to a system call: EFAULT */
    /* A fault in mimic itself: report it, die with the signal. */
    char msg[128];
    int n = snprintf(msg, sizeof msg, "mimic: internal fault: signal %d at %p (address %p)\n", sig,
                     pc, si->si_addr);
    write(2, msg, (size_t)n);
    signal(sig, SIG_DFL);
    raise(sig);
}

void signals_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = host_fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    /* Terminating signals left at their default: mimic records them so the
     * guest's mask applies (see guest_sigaction); ignored ones inherited
     * through exec stay ignored, for the guest too. */
    for (int sig = 1; sig <= 64; sig++) {
        struct sigaction cur;
        if (!default_kills(sig) || sig == SIGKILL || sig == SIGSTOP)
            continue;
        if (sig != 32 && sig != 33 && sigaction(sig, NULL, &cur) == 0 && cur.sa_handler == SIG_IGN) {
            guest_proc.sigactions[sig].handler = (uint64_t)(uintptr_t)SIG_IGN;
            continue;
        }
        if (sig == 32 || sig == 33)
            continue;   /* the host's glibc owns them until the guest asks */
        struct sigaction h;
        memset(&h, 0, sizeof h);
        h.sa_sigaction = host_async_handler;
        h.sa_flags = SA_SIGINFO;
        sigaction(sig, &h, NULL);
    }
}

/* Signals whose default action ends the process (not ignore, not stop). */
static bool default_kills(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT: case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
    case SIGKILL: case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
        return false;
    }
    return sig >= 1 && sig <= 64;
}

/* Set (act) and/or read (old) the guest action of sig; shared by both ABIs. */
int64_t guest_sigaction(struct guest_thread *t, int sig, const struct guest_sigaction *act, struct guest_sigaction *old)
{
    if (sig < 1 || sig > 64)
        return -EINVAL;
    struct guest_sigaction *g = &t->proc->sigactions[sig];
    if (old)
        *old = *g;
    if (!act)
        return 0;
    if (sig == SIGKILL || sig == SIGSTOP)
        return -EINVAL;
    *g = *act;
    /* Faults stay with mimic's fault handler (it forwards guest faults). */
    if (sig == SIGSEGV || sig == SIGBUS)
        return 0;
    struct sigaction h;
    memset(&h, 0, sizeof h);
    if (act->handler == (uint64_t)(uintptr_t)SIG_DFL && default_kills(sig)) {
        /* Recorded like a handled signal: the guest may block it, and a blocked
         * default-action signal waits pending instead of killing at once. */
        h.sa_sigaction = host_async_handler;
        h.sa_flags = SA_SIGINFO;
    } else if (act->handler == (uint64_t)(uintptr_t)SIG_DFL || act->handler == (uint64_t)(uintptr_t)SIG_IGN) {
        h.sa_handler = (void (*)(int))(uintptr_t)act->handler;
    } else {
        h.sa_sigaction = host_async_handler;
        h.sa_flags = SA_SIGINFO;   /* restarts are decided per call (signals_should_restart) */
    }
    if (host_sigaction(sig, &h) && sig != SIGILL && sig != SIGFPE && sig != SIGTRAP)
        return -errno;
    return 0;
}

int64_t sys_rt_sigaction(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if (a[3] != 8)
        return -EINVAL;
    struct k_sigaction *act = (struct k_sigaction *)(uintptr_t)a[1], *old = (struct k_sigaction *)(uintptr_t)a[2];
    struct guest_sigaction n, o;
    if (act) {
        n.handler = act->handler;
        n.flags = act->flags;
        n.restorer = act->restorer;
        n.mask = act->mask;
    }
    int64_t r = guest_sigaction(t, (int)a[0], act ? &n : NULL, &o);
    if (r == 0 && old) {
        old->handler = o.handler;
        old->flags = o.flags;
        old->restorer = o.restorer;
        old->mask = o.mask;
    }
    return r;
}

int64_t sys_rt_sigprocmask(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t *set = (uint64_t *)(uintptr_t)a[1], *old = (uint64_t *)(uintptr_t)a[2];
    if (a[3] != 8)
        return -EINVAL;
    uint64_t cur = t->sigmask;
    if (set) {
        switch (a[0]) {
        case SIG_BLOCK: cur |= *set; break;
        case SIG_UNBLOCK: cur &= ~*set; break;
        case SIG_SETMASK: cur = *set; break;
        default: return -EINVAL;
        }
    }
    if (old)
        *old = t->sigmask;
    t->sigmask = cur & ~UNBLOCKABLE;
    signals_sync_mask(t);   /* an unblocked signal pending on the host arrives here, recorded */
    return 0;
}

int64_t sys_sigaltstack(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    stack_t *ss = (stack_t *)(uintptr_t)a[0], *old = (stack_t *)(uintptr_t)a[1];
    if (old) {
        old->ss_sp = (void *)(uintptr_t)t->altstack_sp;
        old->ss_size = t->altstack_size;
        old->ss_flags = t->altstack_size ? (int)t->altstack_flags : SS_DISABLE;
        uint64_t rsp = t->cpu.r[RSP];
        if (t->altstack_size && rsp > t->altstack_sp && rsp <= t->altstack_sp + t->altstack_size)
            old->ss_flags = SS_ONSTACK;
    }
    if (ss) {
        if (ss->ss_flags & SS_DISABLE) {
            t->altstack_sp = t->altstack_size = 0;
        } else {
            if (ss->ss_size < (size_t)MINSIGSTKSZ)
                return -ENOMEM;
            t->altstack_sp = (uint64_t)(uintptr_t)ss->ss_sp;
            t->altstack_size = ss->ss_size;
            t->altstack_flags = (uint32_t)ss->ss_flags;
        }
    }
    return 0;
}

int64_t sys_rt_sigsuspend(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t saved = t->sigmask;
    t->sigmask = *(uint64_t *)(uintptr_t)a[0] & ~UNBLOCKABLE;
    uint64_t all = ~0ull, wait_mask = host_mask_of(t->sigmask);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
    while (!(t->pending & ~t->sigmask))
        syscall(SYS_rt_sigsuspend, &wait_mask, 8);   /* atomic: no signal slips in before the sleep */
    signals_sync_mask(t);
    /* Deliver with the temporary mask; sigreturn restores the saved one. */
    t->saved_mask = saved;
    t->restore_mask = true;
    return -EINTR;
}

/* Calls that wait with a temporary guest mask (ppoll, pselect6): the host
 * mask to wait with (the host call sets it atomically for the wait), and
 * whether a signal the temporary mask lets through is pending already. */
uint64_t signals_temp_host_mask(uint64_t temp)
{
    return host_mask_of(temp & ~UNBLOCKABLE);
}

bool signals_temp_ready(struct guest_thread *t, uint64_t temp)
{
    return (__atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & ~(temp & ~UNBLOCKABLE)) != 0;
}

/* After such a wait ended with EINTR: the signal that interrupted it (one
 * the temporary mask lets through) is delivered with the temporary mask
 * still in place, and the handler's sigreturn restores the caller's, as the
 * kernel does (rt_sigsuspend works the same way). */
void signals_keep_temp_mask(struct guest_thread *t, uint64_t temp)
{
    if (!signals_temp_ready(t, temp) || t->restore_mask)
        return;
    t->saved_mask = t->sigmask;
    t->restore_mask = true;
    t->sigmask = temp & ~UNBLOCKABLE;
    signals_sync_mask(t);
}

/* A host call returned EINTR: mimic's host handlers never ask the host to
 * restart, so decide as the kernel would for the guest. Interrupted only by
 * signals the guest blocks (they are recorded anyway): the guest must not
 * notice, so the call runs again. Interrupted for a guest handler with
 * SA_RESTART: it runs again after the handler (the frame is built at the
 * rewound instruction), except for the calls the kernel never restarts
 * after a handler (waits with timeouts, pause, sigsuspend). */
bool signals_should_restart(struct guest_thread *t, const char *name)
{
    uint64_t ready = __atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & ~t->sigmask;
    if (!strcmp(name, "rt_sigsuspend") || !strcmp(name, "sigsuspend") || !strncmp(name, "rt_sigtimedwait", 15) ||
        !strcmp(name, "rt_sigreturn") || !strcmp(name, "sigreturn"))
        return false;   /* their EINTR is mimic's own answer */
    if (!ready)
        return true;
    int sig = __builtin_ctzll(ready) + 1;
    const struct guest_sigaction *g = &t->proc->sigactions[sig];
    if (g->handler == (uint64_t)(uintptr_t)SIG_DFL || g->handler == (uint64_t)(uintptr_t)SIG_IGN ||
        !(g->flags & SA_RESTART))
        return false;
    static const char *const never[] = { "pause", "nanosleep", "clock_nanosleep", "select", "_newselect", "pselect6",
                                         "poll", "ppoll", "epoll_wait", "epoll_pwait", "io_getevents", "semtimedop",
                                         "semop", "msgrcv", "msgsnd", "ipc", NULL };
    for (int i = 0; never[i]; i++)
        if (!strncmp(name, never[i], strlen(never[i])) && (name[strlen(never[i])] == 0 || name[strlen(never[i])] == '_'))
            return false;
    return true;
}

/* rt_sigpending: what arrived for this thread and waits (blocked). */
int64_t sys_rt_sigpending(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if (a[1] > 8)
        return -EINVAL;
    uint64_t host = 0;
    syscall(SYS_rt_sigpending, &host, 8);   /* blocked ones the kernel holds (thread and process) */
    uint64_t p = ((__atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) | host) & t->sigmask);
    memcpy((void *)(uintptr_t)a[0], &p, a[1]);
    return 0;
}

/* sigtimedwait for both ABIs: wait until a signal of set is pending, take it
 * (info filled in host layout); ts NULL waits forever. The host handler
 * records signals, so the wait is a ppoll that unblocks host signals
 * atomically: none is lost between the check and the sleep. */
int64_t guest_sigtimedwait(struct guest_thread *t, uint64_t set, siginfo_t *info, const struct timespec *ts)
{
    set &= ~UNBLOCKABLE;
    struct timespec deadline, now, left;
    if (ts) {
        if (ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000 || ts->tv_sec < 0)
            return -EINVAL;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += ts->tv_sec;
        deadline.tv_nsec += ts->tv_nsec;
        if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    }
    for (;;) {
        uint64_t ready = __atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & set;
        if (ready) {
            int sig = __builtin_ctzll(ready) + 1;
            signals_take(t, sig, info);
            return sig;
        }
        /* Other unblocked guest signals interrupt the wait (EINTR). */
        if (__atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & ~t->sigmask)
            return -EINTR;
        struct timespec *tp = NULL;
        if (ts) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            left.tv_sec = deadline.tv_sec - now.tv_sec;
            left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
            if (left.tv_nsec < 0) { left.tv_sec--; left.tv_nsec += 1000000000; }
            if (left.tv_sec < 0)
                return -EAGAIN;
            tp = &left;
        }
        /* The waited signals are blocked on the host (the mask follows the
         * guest's): the kernel's own wait takes them, sent to this thread or
         * to the process, siginfo and all (the x86-64 layout is the host's).
         * A signal mimic's handler records interrupts it: look again. */
        uint64_t hs = host_mask_of(set);
        long r = syscall(SYS_rt_sigtimedwait, &hs, info, tp, 8);
        if (r > 0)
            return r;
        if (errno == EAGAIN)
            return -EAGAIN;
        if (errno != EINTR)
            return -errno;
    }
}

int64_t sys_rt_sigtimedwait(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if (a[3] != 8)
        return -EINVAL;
    siginfo_t info;
    int64_t r = guest_sigtimedwait(t, *(uint64_t *)(uintptr_t)a[0], &info, (const struct timespec *)(uintptr_t)a[2]);
    if (r > 0 && a[1])
        memcpy((void *)(uintptr_t)a[1], &info, sizeof info);
    return r;
}

/* The frame: [pretcode][ucontext][siginfo] ... fxsave area (64-aligned) above. */
struct rt_frame {
    uint64_t pretcode;
    struct guest_ucontext64 uc;
    siginfo_t info;
};

bool deliver32(struct guest_thread *t, int sig, const siginfo_t *info, uint64_t oldmask);

static bool deliver(struct guest_thread *t, int sig, const siginfo_t *info)
{
    struct guest_sigaction *g = &t->proc->sigactions[sig];
    if (t->cpu.mode != X86_MODE_64) {
        uint64_t oldmask = t->restore_mask ? t->saved_mask : t->sigmask;
        t->restore_mask = false;
        deliver32(t, sig, info, oldmask);
        t->sigmask |= g->mask | ((g->flags & SA_NODEFER) ? 0 : SIGBIT(sig));
        t->sigmask &= ~UNBLOCKABLE;
        signals_sync_mask(t);
        if (g->flags & SA_RESETHAND)
            g->handler = (uint64_t)(uintptr_t)SIG_DFL;
        return true;
    }
    struct x86_cpu *cpu = &t->cpu;
    uint64_t rsp = cpu->r[RSP];
    if ((g->flags & SA_ONSTACK) && t->altstack_size &&
        !(rsp > t->altstack_sp && rsp <= t->altstack_sp + t->altstack_size))
        rsp = t->altstack_sp + t->altstack_size;
    else
        rsp -= 128;   /* the red zone */
    rsp = (rsp - 512) & ~63ull;
    uint8_t *fx = (uint8_t *)(uintptr_t)rsp;
    rsp -= sizeof(struct rt_frame);
    rsp = ((rsp + 8) & ~15ull) - 8;       /* handler entry: (rsp + 8) % 16 == 0 */
    struct rt_frame *f = (struct rt_frame *)(uintptr_t)rsp;
    memset(f, 0, sizeof *f);
    x87_fxsave(cpu, fx);
    f->pretcode = g->restorer;
    f->info = *info;
    f->uc.uc_stack.ss_sp = t->altstack_sp;
    f->uc.uc_stack.ss_size = t->altstack_size;
    int64_t *gr = f->uc.uc_mcontext.gregs;
    static const int order[16] = { GREG_RAX, GREG_RCX, GREG_RDX, GREG_RBX, GREG_RSP, GREG_RBP, GREG_RSI, GREG_RDI,
                                   GREG_R8, GREG_R9, GREG_R10, GREG_R11, GREG_R12, GREG_R13, GREG_R14, GREG_R15 };
    for (int i = 0; i < 16; i++)
        gr[order[i]] = (int64_t)cpu->r[i];
    gr[GREG_RIP] = (int64_t)cpu->rip;
    gr[GREG_EFL] = (int64_t)x86_get_flags(cpu);
    gr[GREG_CSGSFS] = 0x33;
    gr[GREG_ERR] = (int64_t)cpu->fault_code;
    gr[GREG_TRAPNO] = cpu->fault_vector;
    gr[GREG_CR2] = (int64_t)cpu->fault_addr;
    f->uc.uc_mcontext.fpregs = (uint64_t)(uintptr_t)fx;
    uint64_t oldmask = t->restore_mask ? t->saved_mask : t->sigmask;
    t->restore_mask = false;
    memcpy(&f->uc.uc_sigmask, &oldmask, 8);
    cpu->r[RSP] = rsp;
    cpu->r[RDI] = (uint64_t)sig;
    cpu->r[RSI] = (uint64_t)(uintptr_t)&f->info;
    cpu->r[RDX] = (uint64_t)(uintptr_t)&f->uc;
    cpu->r[RAX] = 0;
    cpu->rip = g->handler;
    x86_set_flags(cpu, x86_get_flags(cpu) & ~(uint64_t)(F_DF | F_TF));
    t->sigmask |= g->mask | ((g->flags & SA_NODEFER) ? 0 : SIGBIT(sig));
    t->sigmask &= ~UNBLOCKABLE;
    signals_sync_mask(t);
    if (g->flags & SA_RESETHAND)
        g->handler = (uint64_t)(uintptr_t)SIG_DFL;
    return true;
}

int64_t sys_rt_sigreturn(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct x86_cpu *cpu = &t->cpu;
    /* The restorer's syscall runs with RSP just past the popped pretcode. */
    struct rt_frame *f = (struct rt_frame *)(uintptr_t)(cpu->r[RSP] - 8);
    const int64_t *gr = f->uc.uc_mcontext.gregs;
    static const int order[16] = { GREG_RAX, GREG_RCX, GREG_RDX, GREG_RBX, GREG_RSP, GREG_RBP, GREG_RSI, GREG_RDI,
                                   GREG_R8, GREG_R9, GREG_R10, GREG_R11, GREG_R12, GREG_R13, GREG_R14, GREG_R15 };
    for (int i = 0; i < 16; i++)
        cpu->r[i] = (uint64_t)gr[order[i]];
    cpu->rip = (uint64_t)gr[GREG_RIP];
    uint64_t settable = F_ARITH | F_DF | F_AC | F_TF | 0x4000;
    x86_set_flags(cpu, (x86_get_flags(cpu) & ~settable) | ((uint64_t)gr[GREG_EFL] & settable));
    if (f->uc.uc_mcontext.fpregs)
        x87_fxrstor(cpu, (const uint8_t *)(uintptr_t)f->uc.uc_mcontext.fpregs);
    uint64_t mask;
    memcpy(&mask, &f->uc.uc_sigmask, 8);
    t->sigmask = mask & ~UNBLOCKABLE;
    signals_sync_mask(t);
    return (int64_t)cpu->r[RAX];   /* the dispatcher stores this back into RAX unchanged */
}

/* Default action of a signal nobody handles: end the process the way the
 * kernel would, so the parent sees the right status. */
static void default_action(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
        return;   /* ignored by default */
    }
    fflush(NULL);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) {
        /* Don't let our own fault handler catch the re-raise. */
        signal(SIGSEGV, SIG_DFL);
        signal(SIGBUS, SIG_DFL);
    }
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
    _exit(128 + sig);
}

/* Build a handler's frame on the guest stack. A stack the frame cannot be
 * written to (a wild stack pointer, an overflow) ends the process with
 * SIGSEGV, as the kernel's force_sigsegv does when no frame fits, instead
 * of faulting inside mimic. */
struct deliver_args { struct guest_thread *t; int sig; const siginfo_t *info; };

static void deliver_cb(void *p)
{
    struct deliver_args *d = p;
    deliver(d->t, d->sig, d->info);
}

static void deliver_checked(struct guest_thread *t, int sig, const siginfo_t *info)
{
    struct deliver_args d = { t, sig, info };
    if (guest_guarded(deliver_cb, &d))
        return;
    if (t->proc->trace_unimpl)
        fprintf(stderr, "mimic: signal %d: no room for its frame on the guest stack (sp 0x%llx)\n", sig,
                (unsigned long long)t->cpu.r[RSP]);
    default_action(SIGSEGV);
}

/* Deliver pending asynchronous signals that are not blocked. */
void signals_deliver_pending(struct guest_thread *t)
{
    uint64_t ready = __atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & ~t->sigmask;
    while (ready) {
        int sig = __builtin_ctzll(ready) + 1;
        struct guest_sigaction *g = &t->proc->sigactions[sig];
        siginfo_t info;
        signals_take(t, sig, &info);
        if (g->handler == (uint64_t)(uintptr_t)SIG_IGN) {
        } else if (g->handler == (uint64_t)(uintptr_t)SIG_DFL) {
            default_action(sig);
        } else {
            deliver_checked(t, sig, &info);
        }
        ready = __atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & ~t->sigmask;
    }
    /* A temporary mask (sigsuspend, pselect6, ppoll) whose signal ran no
     * handler (ignored): the caller's mask comes back now. */
    if (t->restore_mask) {
        t->sigmask = t->saved_mask;
        t->restore_mask = false;
        signals_sync_mask(t);
    }
}

/* A fault exit from the CPU: the matching synchronous signal. */
void signals_deliver_fault(struct guest_thread *t)
{
    struct x86_cpu *cpu = &t->cpu;
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int sig;
    switch (cpu->fault_vector) {
    case VEC_PF:
        sig = SIGSEGV;
        /* A mapped page refused the access (mprotect) or no mapping at all:
         * mincore fails with ENOMEM only for unmapped addresses. */
        {
            unsigned char v;
            uint64_t page = cpu->fault_addr & ~(uint64_t)4095;
            info.si_code = mincore((void *)(uintptr_t)page, 1, &v) == 0 ? SEGV_ACCERR : SEGV_MAPERR;
        }
        info.si_addr = (void *)(uintptr_t)cpu->fault_addr;
        break;
    case VEC_GP:
        sig = SIGSEGV;
        info.si_code = SI_KERNEL;
        break;
    case VEC_UD:
        sig = SIGILL;
        info.si_code = ILL_ILLOPN;
        info.si_addr = (void *)(uintptr_t)cpu->rip;
        break;
    case VEC_DE:
        sig = SIGFPE;
        info.si_code = FPE_INTDIV;
        info.si_addr = (void *)(uintptr_t)cpu->rip;
        break;
    case VEC_MF: case VEC_XM:
        sig = SIGFPE;
        info.si_code = FPE_FLTINV;
        info.si_addr = (void *)(uintptr_t)cpu->rip;
        break;
    case VEC_BP:
        sig = SIGTRAP;
        info.si_code = SI_KERNEL;
        break;
    default:
        sig = SIGSEGV;
        info.si_code = SI_KERNEL;
        break;
    }
    info.si_signo = sig;
    struct guest_sigaction *g = &t->proc->sigactions[sig];
    bool blocked = t->sigmask & SIGBIT(sig);
    if (g->handler == (uint64_t)(uintptr_t)SIG_DFL || g->handler == (uint64_t)(uintptr_t)SIG_IGN || blocked) {
        if (t->proc->trace_unimpl || sig != SIGSEGV)
            fprintf(stderr, "mimic: guest %s at 0x%llx\n", strsignal(sig), (unsigned long long)cpu->rip);
        default_action(sig);
        return;
    }
    deliver_checked(t, sig, &info);
}

/* fork: the child starts with no pending signals (the kernel's rule). */
void signals_forget_pending(struct guest_thread *t)
{
    t->pending = 0;
    t->rt_count = 0;
}

/* execve: the new mimic learns the guest's mask from the host mask it
 * inherits (signals_adopt_host_mask), and signals still pending because the
 * guest blocks them are raised again on the host, blocked there, so that
 * they stay pending across the exec as in the kernel. Called right before
 * the host execve; signals_exec_failed undoes it. */
void signals_before_exec(struct guest_thread *t, sigset_t *saved)
{
    sigset_t m;
    sigemptyset(&m);
    for (int sig = 1; sig <= 64; sig++)
        if ((t->sigmask & SIGBIT(sig)) && sig != 32 && sig != 33)
            sigaddset(&m, sig);
    pthread_sigmask(SIG_SETMASK, &m, saved);
    uint64_t p = __atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & t->sigmask;
    for (int sig = 1; sig <= 64; sig++)
        if ((p & SIGBIT(sig)) && sigismember(&m, sig) == 1)
            syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
}

void signals_exec_failed(struct guest_thread *t, const sigset_t *saved)
{
    /* The re-raised signals were recorded already: drop the host copies. */
    sigset_t pend;
    sigpending(&pend);
    for (int sig = 1; sig <= 64; sig++)
        if (sigismember(&pend, sig) == 1 && (t->pending & SIGBIT(sig))) {
            sigset_t one;
            sigemptyset(&one);
            sigaddset(&one, sig);
            int got;
            sigwait(&one, &got);
        }
    pthread_sigmask(SIG_SETMASK, saved, NULL);
}

/* Program start: the inherited host mask is the guest's, and stays (it
 * follows the guest's from now on); signals pending across exec stay with
 * the kernel until the guest unblocks them. */
void signals_adopt_host_mask(struct guest_thread *t)
{
    sigset_t m, none;
    pthread_sigmask(SIG_SETMASK, NULL, &m);
    t->sigmask = 0;
    for (int sig = 1; sig <= 64; sig++)
        if (sigismember(&m, sig) == 1)
            t->sigmask |= SIGBIT(sig);
    t->sigmask &= ~UNBLOCKABLE;
    current_guest = t;
    (void)none;
    signals_sync_mask(t);
}
