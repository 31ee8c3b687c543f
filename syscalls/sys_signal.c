/*
 * sys_signal.c - guest signals. mimic keeps the guest's dispositions, mask
 * and alternate stack; the host handlers are mimic's own: an asynchronous
 * signal is recorded as pending for the receiving guest thread and
 * delivered between instructions by building the kernel's x86-64
 * rt_sigframe on the guest stack; a fault in guest code (an exit from the
 * CPU) is delivered the same way at the faulting instruction.
 */
#include "syscalls/syscalls.h"
#include "syscalls/guest_ucontext.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void x86_host_fault(void *addr, bool write);
void x87_fxsave(struct x86_cpu *cpu, uint8_t *area);
void x87_fxrstor(struct x86_cpu *cpu, const uint8_t *area);

__thread struct guest_thread *current_guest;

#define SIGBIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* Kernel's struct sigaction for rt_sigaction (x86-64). */
struct k_sigaction { uint64_t handler, flags, restorer, mask; };

static void host_async_handler(int sig, siginfo_t *si, void *uc)
{
    struct guest_thread *t = current_guest;
    if (t)
        __atomic_or_fetch(&t->pending, SIGBIT(sig), __ATOMIC_SEQ_CST);
}

static void host_fault_handler(int sig, siginfo_t *si, void *ucv)
{
    bool is_write;
    void *pc;
    host_fault_details(ucv, &is_write, &pc);
    if (sig == SIGSEGV || sig == SIGBUS)
        x86_host_fault(si->si_addr, is_write);   /* returns only if not a guest access */
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
    if (act->handler == (uint64_t)(uintptr_t)SIG_DFL || act->handler == (uint64_t)(uintptr_t)SIG_IGN) {
        h.sa_handler = (void (*)(int))(uintptr_t)act->handler;
    } else {
        h.sa_sigaction = host_async_handler;
        h.sa_flags = SA_SIGINFO | (act->flags & SA_RESTART);
    }
    if (sigaction(sig, &h, NULL) && sig != SIGILL && sig != SIGFPE && sig != SIGTRAP)
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
    while (!(t->pending & ~t->sigmask))
        pause();
    /* Deliver with the temporary mask; sigreturn restores the saved one. */
    t->saved_mask = saved;
    t->restore_mask = true;
    return -EINTR;
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

/* Deliver pending asynchronous signals that are not blocked. */
void signals_deliver_pending(struct guest_thread *t)
{
    uint64_t ready = __atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & ~t->sigmask;
    while (ready) {
        int sig = __builtin_ctzll(ready) + 1;
        __atomic_and_fetch(&t->pending, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
        struct guest_sigaction *g = &t->proc->sigactions[sig];
        siginfo_t info;
        memset(&info, 0, sizeof info);
        info.si_signo = sig;
        info.si_code = SI_USER;
        if (g->handler == (uint64_t)(uintptr_t)SIG_IGN) {
        } else if (g->handler == (uint64_t)(uintptr_t)SIG_DFL) {
            default_action(sig);
        } else {
            deliver(t, sig, &info);
        }
        ready = __atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & ~t->sigmask;
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
        info.si_code = SEGV_MAPERR;
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
    deliver(t, sig, &info);
}
