/*
 * dispatch.c - system call dispatch through the ABI table, --strace output,
 * and the pass-through handler. An unknown or unsupported call returns
 * -ENOSYS and is logged once by number and name. Every handler runs with
 * guest faults caught: guest memory is the host's (identity mapping), so
 * handlers use guest pointers directly, and a bad one makes the call fail
 * with EFAULT, as the kernel's copy_from_user would, instead of crashing
 * mimic (syscall_fault_recover, called by the host fault handler).
 */
#include "syscalls/syscalls.h"

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct guest_process guest_proc;

int64_t sys_pass(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    if (s->host_nr < 0)
        return -ENOSYS;
    long r = syscall(s->host_nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    return r == -1 ? -errno : r;
}

int64_t sys_enosys(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return -ENOSYS;
}

/* Deliberately absent: glibc probes these and falls back (rseq registration
 * would let the host kernel redirect the interpreter's host thread). */
int64_t sys_refuse(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return -ENOSYS;
}

/* Where a fault in guest memory during a handler goes (this thread's
 * innermost guarded access), NULL outside of one. */
static __thread sigjmp_buf *fault_guard;

void syscall_fault_recover(void)
{
    sigjmp_buf *g = fault_guard;
    if (g)
        siglongjmp(*g, 1);   /* the fault handler is SA_NODEFER: no mask to restore */
}

bool guest_copy_in(void *dst, uint64_t src, size_t n)
{
    sigjmp_buf jb, *outer = fault_guard;
    if (sigsetjmp(jb, 0)) {
        fault_guard = outer;
        return false;
    }
    fault_guard = &jb;
    __asm__ volatile("" ::: "memory");   /* the access stays inside the guard */
    memcpy(dst, (const void *)(uintptr_t)src, n);
    __asm__ volatile("" ::: "memory");
    fault_guard = outer;
    return true;
}

bool guest_copy_out(uint64_t dst, const void *src, size_t n)
{
    sigjmp_buf jb, *outer = fault_guard;
    if (sigsetjmp(jb, 0)) {
        fault_guard = outer;
        return false;
    }
    fault_guard = &jb;
    __asm__ volatile("" ::: "memory");   /* the access stays inside the guard */
    memcpy((void *)(uintptr_t)dst, src, n);
    __asm__ volatile("" ::: "memory");
    fault_guard = outer;
    return true;
}

bool guest_guarded(void (*fn)(void *), void *arg)
{
    sigjmp_buf jb, *outer = fault_guard;
    if (sigsetjmp(jb, 0)) {
        fault_guard = outer;
        return false;
    }
    fault_guard = &jb;
    fn(arg);
    fault_guard = outer;
    return true;
}

/* Print a guest string for --strace: quoted, escaped, cut at 32 bytes; an
 * unreadable one as its address. */
static void strace_str(FILE *f, const char *p, size_t max, bool nul_terminated)
{
    if (!p) {
        fputs("NULL", f);
        return;
    }
    char buf[33];
    size_t have = 0;
    while (have < sizeof buf && have < max) {
        if (!guest_copy_in(&buf[have], (uint64_t)(uintptr_t)(p + have), 1)) {
            fprintf(f, "%p", (const void *)p);   /* unreadable: the call fails with EFAULT */
            return;
        }
        if (nul_terminated && buf[have] == 0)
            break;
        have++;
    }
    p = buf;
    max = have;
    fputc('"', f);
    size_t i;
    for (i = 0; i < max; i++) {
        unsigned char c = (unsigned char)p[i];
        if (i == 32) {
            fputs("\"...", f);
            return;
        }
        if (c == '\n') fputs("\\n", f);
        else if (c == '\t') fputs("\\t", f);
        else if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (isprint(c)) fputc(c, f);
        else fprintf(f, "\\%o", c);
    }
    fputc('"', f);
}

static void strace_call(const struct syscall_desc *s, unsigned nr, const uint64_t *a)
{
    FILE *f = stderr;
    fprintf(f, "%s(", s && s->name ? s->name : "syscall");
    if (!s || !s->name) {
        fprintf(f, "%u, ...", nr);
    } else {
        const char *k = s->args;
        for (int i = 0; *k && i < 6; i++) {
            if (i)
                fputs(", ", f);
            switch (*k) {
            case 'i': fprintf(f, "%lld", (long long)a[i]); break;
            case 'f': fprintf(f, "%d", (int)a[i]); break;
            case 'u': fprintf(f, "%llu", (unsigned long long)a[i]); break;
            case 'm': fprintf(f, "0%llo", (unsigned long long)a[i]); break;
            case 's': strace_str(f, (const char *)(uintptr_t)a[i], 4096, true); break;
            case 'b': strace_str(f, (const char *)(uintptr_t)a[i], a[i + 1], false); break;
            case 'p': if (a[i]) fprintf(f, "0x%llx", (unsigned long long)a[i]); else fputs("NULL", f); break;
            default: fprintf(f, "0x%llx", (unsigned long long)a[i]); break;
            }
            k = strchr(k, ',');
            if (!k)
                break;
            k++;
        }
    }
    fputs(")", f);
}

static void strace_result(int64_t r)
{
    if (r < 0 && r > -4096)
        fprintf(stderr, " = -1 %s (%s)\n", strerrorname_np((int)-r) ? strerrorname_np((int)-r) : "?", strerror((int)-r));
    else if (r > 0xffff)
        fprintf(stderr, " = 0x%llx\n", (unsigned long long)r);
    else
        fprintf(stderr, " = %lld\n", (long long)r);
}

static void log_unsupported(unsigned nr, const char *name)
{
    static uint64_t seen[16];
    if (nr < 1024) {
        uint64_t bit = 1ull << (nr & 63);
        if (__atomic_fetch_or(&seen[nr >> 6], bit, __ATOMIC_RELAXED) & bit)
            return;
    }
    fprintf(stderr, "mimic: unsupported syscall %u (%s)\n", nr, name ? name : "unknown");
}

/* The handler, with a fault in guest memory turned into EFAULT. */
static int64_t call_guarded(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    sigjmp_buf jb, *outer = fault_guard;
    if (sigsetjmp(jb, 0)) {
        fault_guard = outer;
        return -EFAULT;
    }
    fault_guard = &jb;
    int64_t r = s->handler(t, s, a);
    fault_guard = outer;
    return r;
}

/* A host call interrupted by a signal the guest should not see as EINTR. */
#define RESTART_SYSCALL INT64_MIN
bool signals_should_restart(struct guest_thread *t, const char *name);

static bool is_sigreturn(const char *name)
{
    return !strcmp(name, "rt_sigreturn") || !strcmp(name, "sigreturn");
}

static int64_t dispatch(struct guest_thread *t, const struct syscall_desc *table, unsigned count, unsigned nr,
                        uint64_t *a)
{
    const struct syscall_desc *s = nr < count ? &table[nr] : NULL;
    if (s && !s->name)
        s = NULL;
    /* A signal that arrived while the guest ran up to this call (the CPU
     * looks only between slices) is delivered first, as the kernel would
     * have: the call runs after the handler returns. Without this, a call
     * that blocks (read, a futex wait) would sleep on a signal meant to end
     * the wait (pthread_cancel). sigreturn restores the mask first. */
    if ((__atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & ~t->sigmask) && !(s && is_sigreturn(s->name)))
        return RESTART_SYSCALL;
    bool strace = t->proc->strace;
    if (strace)
        strace_call(s, nr, a);
    if (!s) {
        if (strace)
            fputs(" = -1 ENOSYS\n", stderr);
        log_unsupported(nr, NULL);
        return -ENOSYS;
    }
    int64_t r = call_guarded(t, s, a);
    if (r == -EINTR && signals_should_restart(t, s->name)) {
        if (strace)
            fputs(" = ? (restarted)\n", stderr);
        return RESTART_SYSCALL;
    }
    if (r == -ENOSYS && (s->handler == sys_enosys || s->host_nr < 0))
        log_unsupported(nr, s->name);
    if (strace)
        strace_result(r);
    return r;
}

void syscall_dispatch(struct guest_thread *t)
{
    struct x86_cpu *cpu = &t->cpu;
    uint64_t a[6] = { cpu->r[RDI], cpu->r[RSI], cpu->r[RDX], cpu->r[R10], cpu->r[R8], cpu->r[R9] };
    int64_t r = dispatch(t, syscalls_x86_64, syscalls_x86_64_count, (unsigned)cpu->r[RAX], a);
    if (r == RESTART_SYSCALL)
        cpu->rip -= 2;      /* back onto the syscall instruction; RAX still holds the number */
    else
        cpu->r[RAX] = (uint64_t)r;
}

/* i386: 32-bit arguments widened by their kind: ints and fds are signed
 * (AT_FDCWD is -100), everything else (pointers, sizes, flags) unsigned. */
void syscall_dispatch32(struct guest_thread *t)
{
    struct x86_cpu *cpu = &t->cpu;
    unsigned nr = (unsigned)cpu->r[RAX];
    uint32_t raw[6] = { (uint32_t)cpu->r[RBX], (uint32_t)cpu->r[RCX], (uint32_t)cpu->r[RDX],
                        (uint32_t)cpu->r[RSI], (uint32_t)cpu->r[RDI], (uint32_t)cpu->r[RBP] };
    uint64_t a[6];
    const char *k = nr < syscalls_i386_count && syscalls_i386[nr].name ? syscalls_i386[nr].args : "";
    for (int i = 0; i < 6; i++) {
        bool sign = *k == 'i' || *k == 'f';
        a[i] = sign ? (uint64_t)(int64_t)(int32_t)raw[i] : raw[i];
        if (*k) {
            k = strchr(k, ',');
            k = k ? k + 1 : "";
        }
    }
    int64_t r = dispatch(t, syscalls_i386, syscalls_i386_count, nr, a);
    if (r == RESTART_SYSCALL)
        cpu->rip -= 2;      /* back onto int $0x80 */
    else
        cpu->r[RAX] = (uint32_t)r;
}
