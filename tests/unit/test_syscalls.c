/*
 * test_syscalls.c - the system call layer's own rules, checked without a
 * guest program: guest memory a handler cannot reach makes the call fail
 * with EFAULT (guest_copy_in/out, and a handler's direct access through
 * the dispatcher's guard) instead of crashing; a signal pending when a call
 * is made is delivered before it (the call is rewound, RAX kept); the old
 * i386 signal calls act on the guest mask as the kernel's do.
 */
#include <criterion/criterion.h>

#include "syscalls/syscalls.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* As mimic's own fault handler does (sys_signal.c) for faults outside guest code. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
    syscall_fault_recover();
    signal(sig, SIG_DFL);   /* not inside a guarded access: a real crash */
}

static void setup(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

TestSuite(syscalls, .init = setup);

/* Two pages: the first readable and writable, the second inaccessible. */
static char *two_pages(int flags)
{
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
    cr_assert(p != MAP_FAILED);
    cr_assert_eq(mprotect(p + 4096, 4096, PROT_NONE), 0);
    return p;
}

Test(syscalls, guest_copy_reports_faults)
{
    char *p = two_pages(0), buf[16];
    memcpy(p, "0123456789abcdef", 16);
    cr_assert(guest_copy_in(buf, (uint64_t)(uintptr_t)p, 16));
    cr_assert_eq(memcmp(buf, "0123456789abcdef", 16), 0);
    cr_assert_not(guest_copy_in(buf, (uint64_t)(uintptr_t)(p + 4090), 16), "a range running into PROT_NONE");
    cr_assert_not(guest_copy_out((uint64_t)(uintptr_t)(p + 4096), buf, 1));
    cr_assert(guest_copy_out((uint64_t)(uintptr_t)(p + 100), "x", 1));
    cr_assert_eq(mprotect(p, 4096, PROT_READ), 0);
    cr_assert_not(guest_copy_out((uint64_t)(uintptr_t)p, buf, 1), "a read-only page");
    cr_assert(guest_copy_in(buf, (uint64_t)(uintptr_t)p, 1));
    munmap(p, 8192);
}

static struct guest_thread *thread32(void)
{
    struct guest_thread *t = calloc(1, sizeof *t);
    cr_assert_not_null(t);
    t->proc = &guest_proc;
    x86_cpu_init(&t->cpu, X86_MODE_32);
    t->cpu.rip = 0x1000;
    return t;
}

static int32_t call32(struct guest_thread *t, unsigned nr, uint32_t b, uint32_t c, uint32_t d)
{
    t->cpu.r[RAX] = nr;
    t->cpu.r[RBX] = b;
    t->cpu.r[RCX] = c;
    t->cpu.r[RDX] = d;
    syscall_dispatch32(t);
    return (int32_t)t->cpu.r[RAX];
}

#ifdef MAP_32BIT
Test(syscalls, bad_i386_pointer_is_efault)
{
    struct guest_thread *t = thread32();
    char *p = two_pages(MAP_32BIT);
    uint32_t bad = (uint32_t)(uintptr_t)(p + 4096);
    /* sigaction(SIGUSR1, act, NULL): the handler reads the old_sigaction itself */
    cr_assert_eq(call32(t, 67, SIGUSR1, bad, 0), -EFAULT);
    /* sigaction(SIGUSR1, NULL, oact): and writes the old one itself */
    cr_assert_eq(call32(t, 67, SIGUSR1, 0, bad), -EFAULT);
    /* ipc(SEMCTL, ..., ptr): the union semun read through ptr */
    t->cpu.r[RSI] = 0;
    t->cpu.r[RDI] = bad;
    t->cpu.r[RBP] = 0;
    cr_assert_eq(call32(t, 117, 3, 0, 0), -EFAULT);
    /* a good pointer works: sigaction(SIGUSR1, NULL, oact) */
    cr_assert_eq(call32(t, 67, SIGUSR1, 0, (uint32_t)(uintptr_t)p), 0);
    munmap(p, 8192);
    free(t);
}
#endif

Test(syscalls, old_i386_mask_calls)
{
    struct guest_thread *t = thread32();
    t->sigmask = 0x201ull | (1ull << 40);
    cr_assert_eq(call32(t, 68, 0, 0, 0), 0x201, "sgetmask: the low word");
    /* ssetmask: the old low word back; the whole mask replaced (real-time
     * signals unblocked, as the kernel's siginitset leaves them) */
    cr_assert_eq(call32(t, 69, 0x200, 0, 0), 0x201);
    cr_assert_eq(t->sigmask, 0x200ull);
    cr_assert_eq(call32(t, 69, 0, 0, 0), 0x200);
    free(t);
}

Test(syscalls, pending_signal_goes_first)
{
    struct guest_thread *t = thread32();
    t->pending = 1ull << (SIGUSR2 - 1);   /* recorded, not blocked */
    t->cpu.rip = 0x2002;                  /* just past the int $0x80 */
    cr_assert_eq(call32(t, 20, 0, 0, 0), 20, "getpid not made: RAX still the number");
    cr_assert_eq(t->cpu.rip, 0x2000, "rewound onto the instruction, to run after the handler");
    t->sigmask = 1ull << (SIGUSR2 - 1);   /* blocked: the call runs */
    cr_assert_eq(call32(t, 20, 0, 0, 0), getpid());
    free(t);
}
