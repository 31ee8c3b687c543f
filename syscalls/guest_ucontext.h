/*
 * guest_ucontext.h - the x86-64 guest's ucontext_t and the host's fault
 * details, independent of the host CPU. The guest's signal frame must have
 * the x86-64 layout whatever the host is (on an x86-64 host it is the same
 * as <sys/ucontext.h>'s, checked below); the host's own ucontext (what a
 * SIGSEGV handler of mimic receives) differs per host and is read by
 * host_fault_details().
 */
#ifndef MIMIC_SYSCALLS_GUEST_UCONTEXT_H
#define MIMIC_SYSCALLS_GUEST_UCONTEXT_H

#include <stdbool.h>
#include <stdint.h>

/* Indexes into guest_mcontext.gregs: glibc's REG_* for x86-64. */
enum {
    GREG_R8, GREG_R9, GREG_R10, GREG_R11, GREG_R12, GREG_R13, GREG_R14, GREG_R15,
    GREG_RDI, GREG_RSI, GREG_RBP, GREG_RBX, GREG_RDX, GREG_RAX, GREG_RCX, GREG_RSP,
    GREG_RIP, GREG_EFL, GREG_CSGSFS, GREG_ERR, GREG_TRAPNO, GREG_OLDMASK, GREG_CR2,
    GREG_COUNT
};

struct guest_stack64 { uint64_t ss_sp; int32_t ss_flags; int32_t pad; uint64_t ss_size; };

struct guest_mcontext64 {
    int64_t gregs[GREG_COUNT];
    uint64_t fpregs;              /* guest address of the FXSAVE area */
    uint64_t reserved1[8];
};

/* glibc's x86-64 ucontext_t (968 bytes): the kernel's part, then glibc's
 * 128-byte sigset, its FP register copy and shadow-stack words. */
struct guest_ucontext64 {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct guest_stack64 uc_stack;
    struct guest_mcontext64 uc_mcontext;
    uint64_t uc_sigmask[16];
    uint8_t fpregs_mem[512];
    uint64_t ssp[4];
};
_Static_assert(sizeof(struct guest_ucontext64) == 968, "x86-64 ucontext_t layout");

/* From the host ucontext of a SIGSEGV/SIGBUS: whether the faulting access
 * was a write (when the host tells) and the host PC, for messages. */
void host_fault_details(const void *host_uc, bool *is_write, void **pc);

#endif
