/*
 * safe_syscall_aarch64.S - safe_syscall_base for aarch64 hosts (see
 * syscalls/safe_syscall.h for the race it closes and the contract).
 *
 *   long safe_syscall_base(const volatile uint64_t *pending,   x0
 *                          uint64_t wake,                       x1
 *                          long nr,                             x2
 *                          long a1 ... a5,                      x3 ... x7
 *                          long a6);                            [sp]
 *
 * The kernel takes nr in x8, the arguments in x0-x5, and returns in x0.
 * The pending pointer and the wake mask wait in x9 and x10 (caller-saved
 * scratch, untouched by `svc`). Inside the window
 * [safe_syscall_start, safe_syscall_insn] only x11 and the flags are
 * written, and the window starts by loading x11 afresh, so the host signal
 * handler can send the PC back to its start from anywhere inside it.
 * Assembled on every host; empty on the others.
 */
#if defined(__aarch64__)
        .text
        .globl  safe_syscall_base
        .hidden safe_syscall_base
        .globl  safe_syscall_start
        .hidden safe_syscall_start
        .globl  safe_syscall_insn
        .hidden safe_syscall_insn
        .type   safe_syscall_base, %function
        .p2align 4
safe_syscall_base:
        .cfi_startproc
        mov     x9, x0                  /* pending */
        mov     x10, x1                 /* wake */
        mov     x8, x2                  /* number */
        mov     x0, x3                  /* a1 */
        mov     x1, x4                  /* a2 */
        mov     x2, x5                  /* a3 */
        mov     x3, x6                  /* a4 */
        mov     x4, x7                  /* a5 */
        ldr     x5, [sp]                /* a6 */
safe_syscall_start:
        ldr     x11, [x9]
        tst     x11, x10                /* a signal that should wake the call? */
        b.ne    1f
safe_syscall_insn:
        svc     #0
        ret                             /* the kernel's result: -errno on failure */
1:      mov     x0, #-512               /* SAFE_SYSCALL_RESTART: the call not made */
        ret
        .cfi_endproc
        .size   safe_syscall_base, . - safe_syscall_base
#endif
        .section .note.GNU-stack, "", %progbits
