/*
 * host_ucontext.c - what mimic's own SIGSEGV/SIGBUS handler needs from the
 * host's ucontext: whether the faulting access was a write and the host PC.
 * x86-64 keeps the page-fault error code in REG_ERR (bit 1 = write);
 * aarch64 keeps the exception syndrome (ESR) in an esr_context record of
 * the signal frame's __reserved area (bit 6, WnR, for data aborts).
 * Also the PC rewind of safe_syscall (syscalls/safe_syscall.h), which the
 * asynchronous signal handler applies.
 */
#include "syscalls/guest_ucontext.h"
#include "syscalls/safe_syscall.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ucontext.h>

#if defined(__x86_64__)
_Static_assert(sizeof(ucontext_t) == sizeof(struct guest_ucontext64), "host and guest ucontext agree");
_Static_assert(offsetof(ucontext_t, uc_mcontext) == offsetof(struct guest_ucontext64, uc_mcontext), "mcontext");
_Static_assert(offsetof(ucontext_t, uc_sigmask) == offsetof(struct guest_ucontext64, uc_sigmask), "sigmask");
_Static_assert((int)REG_CR2 == (int)GREG_CR2 && (int)REG_RIP == (int)GREG_RIP && (int)REG_EFL == (int)GREG_EFL,
               "register indexes");

void host_fault_details(const void *host_uc, bool *is_write, void **pc)
{
    const ucontext_t *uc = host_uc;
    *is_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
    *pc = (void *)uc->uc_mcontext.gregs[REG_RIP];
}

void safe_syscall_rewind(void *host_uc)
{
    ucontext_t *uc = host_uc;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)safe_syscall_start && pc <= (uintptr_t)safe_syscall_insn)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_start;
}

#elif defined(__aarch64__)
#include <asm/sigcontext.h>

void safe_syscall_rewind(void *host_uc)
{
    ucontext_t *uc = host_uc;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.pc;
    if (pc >= (uintptr_t)safe_syscall_start && pc <= (uintptr_t)safe_syscall_insn)
        uc->uc_mcontext.pc = (uintptr_t)safe_syscall_start;
}

void host_fault_details(const void *host_uc, bool *is_write, void **pc)
{
    const ucontext_t *uc = host_uc;
    *pc = (void *)uc->uc_mcontext.pc;
    *is_write = false;
    /* Walk the records (magic, size) in __reserved up to the terminating 0. */
    const uint8_t *p = (const uint8_t *)uc->uc_mcontext.__reserved;
    const uint8_t *end = p + sizeof uc->uc_mcontext.__reserved;
    while (p + sizeof(struct _aarch64_ctx) <= end) {
        struct _aarch64_ctx h;
        memcpy(&h, p, sizeof h);
        if (h.magic == 0 || h.size < sizeof h || h.size > (size_t)(end - p))
            break;
        if (h.magic == ESR_MAGIC && h.size >= sizeof(struct esr_context)) {
            uint64_t esr;
            memcpy(&esr, p + offsetof(struct esr_context, esr), 8);
            unsigned ec = (unsigned)(esr >> 26) & 0x3f;
            if (ec == 0x24 || ec == 0x25)           /* data abort from a lower / the same level */
                *is_write = (esr >> 6) & 1;         /* WnR */
            break;
        }
        p += h.size;
    }
}

#else
#error "syscalls/: no safe_syscall for this host (write syscalls/safe_syscall_<host>.S and its rewind here)"
/* Unknown host: a fault is reported as a read; the PC is not known. */
void host_fault_details(const void *host_uc, bool *is_write, void **pc)
{
    *is_write = false;
    *pc = NULL;
}
#endif
