/*
 * compat32_proc.c - i386 calls about memory, threads, programs, signals and
 * sockets: mmap2 and the old mmap, clone (i386 argument order) and
 * set_thread_area (TLS through %gs), execve with 32-bit vectors,
 * rt_sigaction/sigaltstack with i386 layouts, the i386 signal frames
 * (sigreturn and rt_sigreturn). (Sockets: compat32_net.c.)
 */
#include "syscalls/syscalls.h"
#include "syscalls/host_generic.h"
#include "syscalls/compat32.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int64_t guest_sigaction(struct guest_thread *t, int sig, const struct guest_sigaction *act, struct guest_sigaction *old);
int64_t sys_clone(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);
int64_t sys_execve(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);
void x87_fxsave(struct x86_cpu *cpu, uint8_t *area);
void x87_fxrstor(struct x86_cpu *cpu, const uint8_t *area);

#define R(x) ((x) < 0 ? -errno : (x))

/* An i386 guest's mappings must stay below 4 GiB. */
static int64_t map32(uint64_t addr, uint64_t len, int prot, int flags, int fd, off_t off)
{
    void *r = host_mmap_low4g((void *)(uintptr_t)addr, len, prot, flags, fd, off);
#ifdef MAP_32BIT
    if (r == MAP_FAILED && errno == ENOMEM && !addr && !(flags & MAP_FIXED) && len && len < 0xc0000000ull) {
        /* MAP_32BIT only covers 1 GiB (0x40000000-0x80000000); the rest of
         * the 4 GiB an i386 process has is searched top-down, as the
         * kernel's i386 layout does (a hundred threads' 8 MiB stacks). */
        uint64_t step = 16ull << 20, size = (len + step - 1) & ~(step - 1);
        for (uint64_t at = 0xf0000000ull - size; at >= 0x10000000ull; at -= step) {
            r = mmap((void *)(uintptr_t)at, len, prot, flags | MAP_FIXED_NOREPLACE, fd, off);
            if (r != MAP_FAILED || errno != EEXIST)
                break;
        }
        if (r == MAP_FAILED)
            errno = ENOMEM;
    }
#endif
    if (r == MAP_FAILED)
        return -errno;
    if ((uint64_t)(uintptr_t)r + len > 0x100000000ull) {
        munmap(r, len);
        return -ENOMEM;
    }
    return (int64_t)(uintptr_t)r;
}

int64_t compat32_map_low(uint64_t len, int prot, int flags)
{
    return map32(0, len, prot, flags, -1, 0);
}

int64_t sys32_mmap2(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return map32((uint32_t)a[0], (uint32_t)a[1], (int)a[2], (int)a[3], (int)a[4], (off_t)(uint32_t)a[5] * 4096);
}

int64_t sys32_old_mmap(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    const uint32_t *g = gptr(a[0]);
    return map32(g[0], g[1], (int)g[2], (int)g[3], (int32_t)g[4], (off_t)g[5]);
}

/* mremap for an i386 guest: a moved mapping must land below 4 GiB too, so
 * a move goes into a low placeholder reserved first. */
int64_t sys32_mremap(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    void *old = gptr(a[0]);
    size_t old_size = (uint32_t)a[1], new_size = (uint32_t)a[2];
    int flags = (int)a[3];
    if (flags & MREMAP_FIXED) {
        void *r = mremap(old, old_size, new_size, flags, gptr(a[4]));
        return r == MAP_FAILED ? -errno : (int64_t)(uintptr_t)r;
    }
    void *r = mremap(old, old_size, new_size, 0);
    if (r != MAP_FAILED || !(flags & MREMAP_MAYMOVE))
        return r == MAP_FAILED ? -errno : (int64_t)(uintptr_t)r;
    int64_t dst = map32(0, new_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (dst < 0)
        return dst;
    r = mremap(old, old_size, new_size, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)(uintptr_t)dst);
    if (r == MAP_FAILED) {
        int e = errno;
        munmap((void *)(uintptr_t)dst, new_size);
        return -e;
    }
    return (int64_t)(uintptr_t)r;
}

/* TLS descriptors: entries 6-8 of each thread's GDT, as Linux gives i386. */
#define TLS_FIRST 6
#define TLS_COUNT 3

int64_t sys32_set_thread_area(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct user_desc32 *u = gptr(a[0]);
    uint32_t e = u->entry_number;
    if (e == 0xffffffffu) {
        for (e = TLS_FIRST; e < TLS_FIRST + TLS_COUNT; e++)
            if (!t->cpu.gdt[e].present)
                break;
        if (e == TLS_FIRST + TLS_COUNT)
            return -ESRCH;
        u->entry_number = e;
    }
    if (e < TLS_FIRST || e >= TLS_FIRST + TLS_COUNT)
        return -EINVAL;
    bool empty = (u->flags & (1u << 5)) && u->base_addr == 0 && u->limit == 0;  /* seg_not_present */
    t->cpu.gdt[e].base = u->base_addr;
    t->cpu.gdt[e].limit = (u->flags & (1u << 4)) ? (u->limit << 12) | 0xfff : u->limit;  /* limit_in_pages */
    t->cpu.gdt[e].present = !empty;
    /* A loaded segment register keeps the base it had; reload the ones using this entry. */
    for (int sr = 0; sr < 6; sr++)
        if ((t->cpu.seg_sel[sr] >> 3) == e && (t->cpu.seg_sel[sr] & 4) == 0)
            t->cpu.seg_base[sr] = t->cpu.gdt[e].base;
    return 0;
}

int64_t sys32_get_thread_area(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct user_desc32 *u = gptr(a[0]);
    uint32_t e = u->entry_number;
    if (e < TLS_FIRST || e >= TLS_FIRST + TLS_COUNT)
        return -EINVAL;
    u->base_addr = t->cpu.gdt[e].base;
    u->limit = t->cpu.gdt[e].limit > 0xfffff ? t->cpu.gdt[e].limit >> 12 : t->cpu.gdt[e].limit;
    u->flags = 1 | (t->cpu.gdt[e].limit > 0xfffff ? 1u << 4 : 0) | (t->cpu.gdt[e].present ? 0 : 1u << 5) | (1u << 6);
    return 0;
}

/* i386 clone: flags, stack, parent_tid, tls (a user_desc), child_tid. */
int64_t sys32_clone(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t flags = (uint32_t)a[0];
    uint64_t b[6] = { flags, (uint32_t)a[1], (uint32_t)a[2], (uint32_t)a[4], 0, 0 };
    struct x86_desc saved[TLS_COUNT];
    memcpy(saved, &t->cpu.gdt[TLS_FIRST], sizeof saved);
    if (flags & CLONE_SETTLS) {
        /* The child's descriptor: installed in the parent's CPU copy for the
         * clone, then the parent's own entries are put back. */
        struct guest_thread tmp = *t;
        uint64_t ua[6] = { a[3] };
        int64_t r = sys32_set_thread_area(&tmp, s, ua);
        if (r)
            return r;
        memcpy(&t->cpu.gdt[TLS_FIRST], &tmp.cpu.gdt[TLS_FIRST], sizeof saved);
        flags &= ~(uint64_t)CLONE_SETTLS;
        b[0] = flags;
    }
    int64_t r = sys_clone(t, s, b);
    if (r != 0 || !(flags & CLONE_VM)) {
        /* parent (or error): restore its TLS entries; a fork child keeps the copy */
        if (r != 0)
            memcpy(&t->cpu.gdt[TLS_FIRST], saved, sizeof saved);
    }
    return r;
}

/* execve: argv/envp are vectors of 32-bit pointers. */
static char **vec64(uint64_t p)
{
    const uint32_t *g = gptr(p);
    size_t n = 0;
    while (g && g[n])
        n++;
    char **v = calloc(n + 1, sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = gptr(g[i]);
    return v;
}

int64_t sys32_execve(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    char **argv = vec64(a[1]), **envp = vec64(a[2]);
    uint64_t b[6] = { (uint32_t)a[0], (uint64_t)(uintptr_t)argv, (uint64_t)(uintptr_t)envp };
    int64_t r = sys_execve(t, s, b);
    free(argv);
    free(envp);
    return r;
}

int execveat_path(int dirfd, const char *path, int flags, char *buf, size_t cap);

int64_t sys32_execveat(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    char path[4096];
    int e = execveat_path((int)a[0], gptr(a[1]), (int)a[4], path, sizeof path);
    if (e)
        return e;
    char **argv = vec64(a[2]), **envp = vec64(a[3]);
    uint64_t b[6] = { (uint64_t)(uintptr_t)path, (uint64_t)(uintptr_t)argv, (uint64_t)(uintptr_t)envp };
    int64_t r = sys_execve(t, s, b);
    free(argv);
    free(envp);
    return r;
}

int64_t sys32_rt_sigaction(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if ((uint32_t)a[3] != 8)
        return -EINVAL;
    struct sigaction32 *act = gptr(a[1]), *old = gptr(a[2]);
    struct guest_sigaction n, o;
    if ((uint32_t)a[1]) {
        n.handler = act->handler;
        n.flags = act->flags;
        n.restorer = act->restorer;
        n.mask = act->mask[0] | ((uint64_t)act->mask[1] << 32);
    }
    int64_t r = guest_sigaction(t, (int)a[0], (uint32_t)a[1] ? &n : NULL, &o);
    if (r == 0 && (uint32_t)a[2]) {
        old->handler = (uint32_t)o.handler;
        old->flags = (uint32_t)o.flags;
        old->restorer = (uint32_t)o.restorer;
        old->mask[0] = (uint32_t)o.mask;
        old->mask[1] = (uint32_t)(o.mask >> 32);
    }
    return r;
}

int64_t sys32_sigaltstack(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct stack32 *ss = gptr(a[0]), *old = gptr(a[1]);
    if ((uint32_t)a[1]) {
        uint64_t sp = (uint32_t)t->cpu.r[RSP];
        old->ss_sp = (uint32_t)t->altstack_sp;
        old->ss_size = (uint32_t)t->altstack_size;
        old->ss_flags = t->altstack_size ? (int32_t)t->altstack_flags : SS_DISABLE;
        if (t->altstack_size && sp > t->altstack_sp && sp <= t->altstack_sp + t->altstack_size)
            old->ss_flags = SS_ONSTACK;
    }
    if ((uint32_t)a[0]) {
        if (ss->ss_flags & SS_DISABLE) {
            t->altstack_sp = t->altstack_size = 0;
        } else {
            if (ss->ss_size < 2048)
                return -ENOMEM;
            t->altstack_sp = ss->ss_sp;
            t->altstack_size = ss->ss_size;
            t->altstack_flags = (uint32_t)ss->ss_flags;
        }
    }
    return 0;
}

/* ---- i386 signal frames ----
 *
 *  rt frame (SA_SIGINFO):  [pretcode][sig][&info][&uc] info(128) uc ... fxsave
 *  plain frame:            [pretcode][sig] sigcontext ... [extramask] fxsave
 */
struct sigcontext32 {
    uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
    uint32_t di, si, bp, sp, bx, dx, cx, ax, trapno, err, ip;
    uint16_t cs, csh;
    uint32_t flags, sp_at_signal;
    uint16_t ss, ssh;
    uint32_t fpstate, oldmask, cr2;
};
_Static_assert(sizeof(struct sigcontext32) == 88, "i386 sigcontext");

struct ucontext32 { uint32_t flags, link; struct stack32 stack; struct sigcontext32 mc; uint32_t sigmask[2]; };

struct rt_frame32 { uint32_t pretcode; int32_t sig; uint32_t pinfo, puc; uint8_t info[128]; struct ucontext32 uc; };
struct frame32 { uint32_t pretcode; int32_t sig; struct sigcontext32 sc; uint32_t extramask; };

static void save_sc(struct guest_thread *t, struct sigcontext32 *sc, uint32_t fx, uint64_t mask)
{
    struct x86_cpu *c = &t->cpu;
    memset(sc, 0, sizeof *sc);
    sc->gs = c->seg_sel[SEG_REG_GS];
    sc->fs = c->seg_sel[SEG_REG_FS];
    sc->es = c->seg_sel[SEG_REG_ES];
    sc->ds = c->seg_sel[SEG_REG_DS];
    sc->cs = c->seg_sel[SEG_REG_CS];
    sc->ss = c->seg_sel[SEG_REG_SS];
    sc->di = (uint32_t)c->r[RDI]; sc->si = (uint32_t)c->r[RSI]; sc->bp = (uint32_t)c->r[RBP];
    sc->sp = (uint32_t)c->r[RSP]; sc->bx = (uint32_t)c->r[RBX]; sc->dx = (uint32_t)c->r[RDX];
    sc->cx = (uint32_t)c->r[RCX]; sc->ax = (uint32_t)c->r[RAX];
    sc->trapno = c->fault_vector;
    sc->err = (uint32_t)c->fault_code;
    sc->ip = (uint32_t)c->rip;
    sc->flags = (uint32_t)x86_get_flags(c);
    sc->sp_at_signal = (uint32_t)c->r[RSP];
    sc->fpstate = fx;
    sc->oldmask = (uint32_t)mask;
    sc->cr2 = (uint32_t)c->fault_addr;
}

static void load_sc(struct guest_thread *t, const struct sigcontext32 *sc)
{
    struct x86_cpu *c = &t->cpu;
    c->r[RDI] = sc->di; c->r[RSI] = sc->si; c->r[RBP] = sc->bp; c->r[RSP] = sc->sp;
    c->r[RBX] = sc->bx; c->r[RDX] = sc->dx; c->r[RCX] = sc->cx; c->r[RAX] = sc->ax;
    c->rip = sc->ip;
    uint64_t settable = F_ARITH | F_DF | F_AC | F_TF | 0x4000;
    x86_set_flags(c, (x86_get_flags(c) & ~settable) | (sc->flags & settable));
    uint16_t gs = sc->gs;
    c->seg_sel[SEG_REG_GS] = gs;
    if ((gs >> 3) < 16 && !(gs & 4))
        c->seg_base[SEG_REG_GS] = c->gdt[gs >> 3].base;
    if (sc->fpstate)
        x87_fxrstor(c, gptr(sc->fpstate));
}

/* siginfo between layouts. i386: signo, errno, code, then the union at
 * offset 12 with 4-byte fields; x86-64 puts the union at offset 16 and
 * pointers and sigval are 8 bytes. Which union member is live follows the
 * kernel's rules: faults carry an address, SIGCHLD a child status, timers
 * an id and overrun, everything else a sender pid/uid and a value. */
static void siginfo_to32(int32_t *si, const siginfo_t *info)
{
    memset(si, 0, 128);
    si[0] = info->si_signo;
    si[1] = info->si_errno;
    si[2] = info->si_code;
    int sig = info->si_signo;
    bool fault = info->si_code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP);
    if (fault) {
        si[3] = (int32_t)(uintptr_t)info->si_addr;
    } else if (sig == SIGCHLD && info->si_code > 0) {
        si[3] = info->si_pid;
        si[4] = (int32_t)info->si_uid;
        si[5] = info->si_status;
        si[6] = (int32_t)info->si_utime;
        si[7] = (int32_t)info->si_stime;
    } else if (info->si_code == SI_TIMER) {
        si[3] = info->si_timerid;
        si[4] = info->si_overrun;
        si[5] = info->si_value.sival_int;
    } else {
        si[3] = info->si_pid;
        si[4] = (int32_t)info->si_uid;
        si[5] = info->si_value.sival_int;
    }
}

static void siginfo_from32(siginfo_t *info, const int32_t *si)
{
    memset(info, 0, sizeof *info);
    info->si_signo = si[0];
    info->si_errno = si[1];
    info->si_code = si[2];
    info->si_pid = si[3];
    info->si_uid = (uint32_t)si[4];
    info->si_value.sival_ptr = (void *)(uintptr_t)(uint32_t)si[5];
}

int64_t guest_sigtimedwait(struct guest_thread *t, uint64_t set, siginfo_t *info, const struct timespec *ts);

/* rt_sigtimedwait_time64: 64-bit timespec (the host's), i386 siginfo. */
int64_t sys32_rt_sigtimedwait_time64(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if (a[3] != 8)
        return -EINVAL;
    siginfo_t info;
    int64_t r = guest_sigtimedwait(t, *(uint64_t *)gptr(a[0]), &info, a[2] ? (const struct timespec *)gptr(a[2]) : NULL);
    if (r > 0 && a[1])
        siginfo_to32(gptr(a[1]), &info);
    return r;
}

int64_t sys32_rt_sigtimedwait(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if (a[3] != 8)
        return -EINVAL;
    struct timespec ts;
    if (a[2]) {
        const struct timespec32 *t32 = gptr(a[2]);
        ts.tv_sec = t32->tv_sec;
        ts.tv_nsec = t32->tv_nsec;
    }
    siginfo_t info;
    int64_t r = guest_sigtimedwait(t, *(uint64_t *)gptr(a[0]), &info, a[2] ? &ts : NULL);
    if (r > 0 && a[1])
        siginfo_to32(gptr(a[1]), &info);
    return r;
}

int64_t sys32_rt_sigqueueinfo(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    siginfo_t info;
    siginfo_from32(&info, gptr(a[2]));
    long r = syscall(SYS_rt_sigqueueinfo, (pid_t)a[0], (int)a[1], &info);
    return r < 0 ? -errno : r;
}

int64_t sys32_rt_tgsigqueueinfo(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    siginfo_t info;
    siginfo_from32(&info, gptr(a[3]));
    long r = syscall(SYS_rt_tgsigqueueinfo, (pid_t)a[0], (pid_t)a[1], (int)a[2], &info);
    return r < 0 ? -errno : r;
}

/* pidfd_send_signal(pidfd, sig, info, flags): info, when given, in the
 * i386 layout. */
int64_t sys32_pidfd_send_signal(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    siginfo_t info;
    if ((uint32_t)a[2])
        siginfo_from32(&info, gptr(a[2]));
    long r = syscall(SYS_pidfd_send_signal, (int)a[0], (int)a[1], (uint32_t)a[2] ? &info : NULL, (unsigned)a[3]);
    return r < 0 ? -errno : r;
}

void rusage_out(const struct rusage *r, uint64_t p);

/* waitid: the child's siginfo in the i386 layout (and the rusage). */
int64_t sys32_waitid(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    siginfo_t info;
    struct rusage ru;
    memset(&info, 0, sizeof info);
    long r = syscall(SYS_waitid, (int)a[0], (pid_t)a[1], &info, (int)a[3], a[4] ? &ru : NULL);
    if (r < 0)
        return -errno;
    if (a[2]) {
        if (info.si_signo)
            siginfo_to32(gptr(a[2]), &info);
        else
            memset(gptr(a[2]), 0, 128);   /* WNOHANG with no child ready */
    }
    if (a[4])
        rusage_out(&ru, a[4]);
    return r;
}

/* setitimer/getitimer: struct itimerval of two 32-bit timevals. */
struct itimerval32 { struct timeval32 interval, value; };

static void itv_out(const struct itimerval *h, uint64_t p)
{
    struct itimerval32 *g = gptr(p);
    g->interval.tv_sec = (int32_t)h->it_interval.tv_sec;
    g->interval.tv_usec = (int32_t)h->it_interval.tv_usec;
    g->value.tv_sec = (int32_t)h->it_value.tv_sec;
    g->value.tv_usec = (int32_t)h->it_value.tv_usec;
}

int64_t sys32_setitimer(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct itimerval n, o;
    if (a[1]) {
        const struct itimerval32 *g = gptr(a[1]);
        n.it_interval.tv_sec = g->interval.tv_sec;
        n.it_interval.tv_usec = g->interval.tv_usec;
        n.it_value.tv_sec = g->value.tv_sec;
        n.it_value.tv_usec = g->value.tv_usec;
    }
    long r = syscall(SYS_setitimer, (int)a[0], a[1] ? &n : NULL, &o);
    if (r < 0)
        return -errno;
    if (a[2])
        itv_out(&o, a[2]);
    return 0;
}

int64_t sys32_getitimer(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct itimerval o;
    if (syscall(SYS_getitimer, (int)a[0], &o) < 0)
        return -errno;
    itv_out(&o, a[1]);
    return 0;
}

/* timerfd_settime/gettime and timer_settime/gettime with 32-bit
 * itimerspecs (glibc uses them when a time fits in 32 bits). */
struct itimerspec32 { struct timespec32 interval, value; };

static void its_in(struct itimerspec *h, uint64_t p)
{
    const struct itimerspec32 *g = gptr(p);
    h->it_interval.tv_sec = g->interval.tv_sec;
    h->it_interval.tv_nsec = g->interval.tv_nsec;
    h->it_value.tv_sec = g->value.tv_sec;
    h->it_value.tv_nsec = g->value.tv_nsec;
}

static void its_out(const struct itimerspec *h, uint64_t p)
{
    struct itimerspec32 *g = gptr(p);
    g->interval.tv_sec = (int32_t)h->it_interval.tv_sec;
    g->interval.tv_nsec = (int32_t)h->it_interval.tv_nsec;
    g->value.tv_sec = (int32_t)h->it_value.tv_sec;
    g->value.tv_nsec = (int32_t)h->it_value.tv_nsec;
}

static int64_t settime32(long nr, uint64_t *a)
{
    struct itimerspec n, o;
    if (!a[2])
        return -EFAULT;
    its_in(&n, a[2]);
    long r = syscall(nr, (long)(int32_t)a[0], (int)a[1], &n, a[3] ? &o : NULL);
    if (r < 0)
        return -errno;
    if (a[3])
        its_out(&o, a[3]);
    return 0;
}

static int64_t gettime32(long nr, uint64_t *a)
{
    struct itimerspec o;
    long r = syscall(nr, (long)(int32_t)a[0], &o);
    if (r < 0)
        return -errno;
    its_out(&o, a[1]);
    return 0;
}

int64_t sys32_timerfd_settime(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return settime32(SYS_timerfd_settime, a);
}

int64_t sys32_timerfd_gettime(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return gettime32(SYS_timerfd_gettime, a);
}

int64_t sys32_timer_settime(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return settime32(SYS_timer_settime, a);
}

int64_t sys32_timer_gettime(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return gettime32(SYS_timer_gettime, a);
}

int64_t sys_rt_sigprocmask(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);

/* sigprocmask: the old call with a 32-bit mask (signals 1-32); glibc's
 * i386 swapcontext and setcontext still use it. */
int64_t sys32_sigprocmask(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    uint64_t set = 0, old = 0;
    if (a[1])
        set = *(uint32_t *)gptr(a[1]);
    if (a[1] && a[0] == SIG_SETMASK)
        set |= t->sigmask & ~0xffffffffull;   /* real-time signals above 32 stay as they are */
    uint64_t b[4] = { a[0], a[1] ? (uint64_t)(uintptr_t)&set : 0, (uint64_t)(uintptr_t)&old, 8 };
    int64_t r = sys_rt_sigprocmask(t, s, b);
    if (r == 0 && a[2])
        *(uint32_t *)gptr(a[2]) = (uint32_t)old;
    return r;
}

/* sendfile with a 32-bit offset. */
int64_t sys32_sendfile(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    off_t off = 0;
    if (a[2])
        off = *(int32_t *)gptr(a[2]);
    long r = syscall(SYS_sendfile, (int)a[0], (int)a[1], a[2] ? &off : NULL, (size_t)(uint32_t)a[3]);
    if (r < 0)
        return -errno;
    if (a[2])
        *(int32_t *)gptr(a[2]) = (int32_t)off;
    return r;
}

void signals_sync_mask(struct guest_thread *t);

/* timer_create: the i386 struct sigevent has a 4-byte sigval, so signo,
 * notify and the thread id sit 4 bytes earlier than on x86-64. */
int64_t sys32_timer_create(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct sigevent ev;
    if (a[1]) {
        const int32_t *g = gptr(a[1]);
        memset(&ev, 0, sizeof ev);
        ev.sigev_value.sival_ptr = (void *)(uintptr_t)(uint32_t)g[0];
        ev.sigev_signo = g[1];
        ev.sigev_notify = g[2];
        ev._sigev_un._tid = g[3];   /* SIGEV_THREAD_ID */
    }
    int id;
    long r = syscall(SYS_timer_create, (clockid_t)(int32_t)a[0], a[1] ? &ev : NULL, &id);
    if (r < 0)
        return -errno;
    *(int32_t *)gptr(a[2]) = id;
    return 0;
}

/* Without SA_RESTORER (signal(), hand-made sigactions) a handler returns
 * through mimic's stand-in for the vDSO's trampolines (compat32_signal.c). */
#define GUEST_SA_RESTORER 0x04000000u

bool deliver32(struct guest_thread *t, int sig, const siginfo_t *info, uint64_t oldmask)
{
    struct guest_sigaction *g = &t->proc->sigactions[sig];
    struct x86_cpu *c = &t->cpu;
    uint32_t sp = (uint32_t)c->r[RSP];
    if ((g->flags & SA_ONSTACK) && t->altstack_size && !(sp > t->altstack_sp && sp <= t->altstack_sp + t->altstack_size))
        sp = (uint32_t)(t->altstack_sp + t->altstack_size);
    sp = (sp - 512) & ~63u;
    uint32_t fx = sp;
    x87_fxsave(c, gptr(fx));
    if (g->flags & SA_SIGINFO) {
        sp -= sizeof(struct rt_frame32);
        sp = ((sp + 4) & ~15u) - 4;      /* handler entry: (esp + 4) % 16 == 0 */
        struct rt_frame32 *f = gptr(sp);
        memset(f, 0, sizeof *f);
        f->pretcode = (g->flags & GUEST_SA_RESTORER) ? (uint32_t)g->restorer : compat32_sigreturn_tramp(true);
        f->sig = sig;
        f->pinfo = sp + offsetof(struct rt_frame32, info);
        f->puc = sp + offsetof(struct rt_frame32, uc);
        siginfo_to32((int32_t *)f->info, info);
        f->uc.stack.ss_sp = (uint32_t)t->altstack_sp;
        f->uc.stack.ss_size = (uint32_t)t->altstack_size;
        save_sc(t, &f->uc.mc, fx, oldmask);
        f->uc.sigmask[0] = (uint32_t)oldmask;
        f->uc.sigmask[1] = (uint32_t)(oldmask >> 32);
    } else {
        sp -= sizeof(struct frame32);
        sp = ((sp + 4) & ~15u) - 4;
        struct frame32 *f = gptr(sp);
        memset(f, 0, sizeof *f);
        f->pretcode = (g->flags & GUEST_SA_RESTORER) ? (uint32_t)g->restorer : compat32_sigreturn_tramp(false);
        f->sig = sig;
        save_sc(t, &f->sc, fx, oldmask);
        f->extramask = (uint32_t)(oldmask >> 32);
    }
    c->r[RSP] = sp;
    /* regparm(3) handlers take (sig, info, uc) in EAX, EDX, ECX, as the kernel sets them. */
    c->r[RAX] = (uint32_t)sig;
    c->r[RDX] = (g->flags & SA_SIGINFO) ? sp + offsetof(struct rt_frame32, info) : 0;
    c->r[RCX] = (g->flags & SA_SIGINFO) ? sp + offsetof(struct rt_frame32, uc) : 0;
    c->rip = (uint32_t)g->handler;
    x86_set_flags(c, x86_get_flags(c) & ~(uint64_t)(F_DF | F_TF));
    return true;
}

int64_t sys32_rt_sigreturn(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    /* The restorer runs with ESP just past the popped pretcode. */
    struct rt_frame32 *f = gptr((uint32_t)t->cpu.r[RSP] - 4);
    load_sc(t, &f->uc.mc);
    t->sigmask = ((uint64_t)f->uc.sigmask[1] << 32 | f->uc.sigmask[0]) & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    signals_sync_mask(t);
    return (int64_t)(uint32_t)t->cpu.r[RAX];
}

int64_t sys32_sigreturn(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    /* __restore pops the signal number first: ESP is 8 past the frame start. */
    struct frame32 *f = gptr((uint32_t)t->cpu.r[RSP] - 8);
    load_sc(t, &f->sc);
    t->sigmask = (((uint64_t)f->extramask << 32) | f->sc.oldmask) & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    signals_sync_mask(t);
    return (int64_t)(uint32_t)t->cpu.r[RAX];
}
