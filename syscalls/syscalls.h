/*
 * syscalls.h - guest Linux system calls onto the host. One table per guest
 * ABI (syscalls/x86_64.tbl, generated into C by tools/syscallgen.awk) says,
 * for each call number, its name, the host's number for the same call, the
 * handler, and its argument kinds (for --strace). Handlers either pass the
 * call through (same meaning, same layouts, identity-mapped memory) or
 * emulate it (memory map, threads, signals, exec, CPU state).
 */
#ifndef MIMIC_SYSCALLS_SYSCALLS_H
#define MIMIC_SYSCALLS_SYSCALLS_H

#include "xlate/cpu.h"

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

struct guest_thread;

struct syscall_desc {
    const char *name;            /* NULL: no such call in this ABI */
    int host_nr;                 /* the host's number for the call of this name, -1 if none */
    int64_t (*handler)(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);
    const char *args;            /* kinds for --strace, comma-separated */
};

extern const struct syscall_desc syscalls_x86_64[];
extern const unsigned syscalls_x86_64_count;
extern const struct syscall_desc syscalls_i386[];
extern const unsigned syscalls_i386_count;

/* Guest signal disposition, kept by mimic (the host's handlers are mimic's). */
struct guest_sigaction {
    uint64_t handler, flags, restorer, mask;
};

/* Process-wide guest state. */
struct guest_process {
    const char *exe_path;        /* host path of the guest program (for /proc/self/exe) */
    uint64_t brk_start, brk_cur, brk_max;
    struct guest_sigaction sigactions[65];
    bool strace;
    bool trace_unimpl;
};

/* One guest thread: its CPU and what the kernel keeps per thread. */
struct guest_thread {
    struct x86_cpu cpu;
    struct guest_process *proc;
    uint64_t sigmask;            /* guest blocked signals */
    uint64_t altstack_sp, altstack_size;
    uint32_t altstack_flags;
    uint64_t clear_child_tid;
    volatile uint64_t pending;   /* signals received by the host handler, not yet delivered */
    siginfo_t std_info[32];      /* the siginfo of each pending standard signal (1-31) */
    siginfo_t rt_queue[32];      /* pending real-time signals (32-64), oldest first: they queue */
    int rt_count;
    uint64_t saved_mask;         /* rt_sigsuspend: the mask to restore after the handler */
    bool restore_mask;
    volatile pid_t *tid_out;     /* clone: where the new thread reports its tid */
    uint64_t settid_parent;      /* clone: CLONE_PARENT_SETTID / CLONE_CHILD_SETTID addresses, */
    uint64_t settid_child;       /* written by the new thread before it runs (0: none) */
};

extern struct guest_process guest_proc;

/* Dispatch the system call in the CPU's registers (x86-64: RAX = number,
 * RDI RSI RDX R10 R8 R9 = arguments); the result goes to RAX. */
void syscall_dispatch(struct guest_thread *t);
/* The same for i386 guests (int 0x80: EAX = number, EBX ECX EDX ESI EDI EBP). */
void syscall_dispatch32(struct guest_thread *t);

/* Guest memory from a handler, fault-safe: false if [addr, addr+n) is not
 * all accessible. (A handler's direct accesses are caught too: the call then
 * fails with EFAULT as a whole; these are for a handler that must know.) */
bool guest_copy_in(void *dst, uint64_t src, size_t n);
bool guest_copy_out(uint64_t dst, const void *src, size_t n);
/* Run fn(arg) with faults in guest memory caught: false if one happened
 * (fn was cut short there). */
bool guest_guarded(void (*fn)(void *), void *arg);
/* From the host fault handler: a fault inside a handler or a guest_copy_*
 * resumes there as EFAULT; returns if none is in progress. */
void syscall_fault_recover(void);

int64_t sys_pass(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a);

/* Run an ELF program under the interpreter (mimic run --engine=xlate). */
int xlate_run_elf(const char *path, int argc, char **argv, bool strace, bool trace_unimpl);

#endif
