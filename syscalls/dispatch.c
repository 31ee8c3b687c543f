/*
 * dispatch.c - system call dispatch through the ABI table, --strace output,
 * and the pass-through handler. An unknown or unsupported call returns
 * -ENOSYS and is logged once by number and name.
 */
#include "syscalls/syscalls.h"

#include <ctype.h>
#include <errno.h>
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

/* Print a guest string for --strace: quoted, escaped, cut at 32 bytes. */
static void strace_str(FILE *f, const char *p, size_t max, bool nul_terminated)
{
    if (!p) {
        fputs("NULL", f);
        return;
    }
    fputc('"', f);
    size_t i;
    for (i = 0; i < max && (nul_terminated ? p[i] != 0 : true); i++) {
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

/* A host call interrupted by a signal the guest should not see as EINTR. */
#define RESTART_SYSCALL INT64_MIN
bool signals_should_restart(struct guest_thread *t, const char *name);

static int64_t dispatch(struct guest_thread *t, const struct syscall_desc *table, unsigned count, unsigned nr,
                        uint64_t *a)
{
    const struct syscall_desc *s = nr < count ? &table[nr] : NULL;
    if (s && !s->name)
        s = NULL;
    bool strace = t->proc->strace;
    if (strace)
        strace_call(s, nr, a);
    if (!s) {
        if (strace)
            fputs(" = -1 ENOSYS\n", stderr);
        log_unsupported(nr, NULL);
        return -ENOSYS;
    }
    int64_t r = s->handler(t, s, a);
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
