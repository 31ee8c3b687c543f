/*
 * safe_syscall_x86_64.S - safe_syscall_base for x86-64 hosts (see
 * syscalls/safe_syscall.h for the race it closes and the contract).
 *
 *   long safe_syscall_base(const volatile uint64_t *pending,   rdi
 *                          uint64_t wake,                       rsi
 *                          long nr,                             rdx
 *                          long a1, a2, a3,                     rcx, r8, r9
 *                          long a4, a5, a6);                    8/16/24(%rsp)
 *
 * The kernel takes nr in rax and the arguments in rdi rsi rdx r10 r8 r9;
 * `syscall` clobbers rcx and r11, which are free before it: they hold the
 * pending pointer (r11) and the wake mask (rcx). The window
 * [safe_syscall_start, safe_syscall_insn] writes no register but the flags,
 * so the host signal handler can send the PC back to its start at any point
 * inside it and the test sees the same inputs plus the new signal.
 * Assembled on every host; empty on the others.
 */
#if defined(__x86_64__)
        .text
        .globl  safe_syscall_base
        .hidden safe_syscall_base
        .globl  safe_syscall_start
        .hidden safe_syscall_start
        .globl  safe_syscall_insn
        .hidden safe_syscall_insn
        .type   safe_syscall_base, @function
        .p2align 4
safe_syscall_base:
        .cfi_startproc
        movq    %rdx, %rax              /* number */
        movq    %rdi, %r11              /* pending */
        movq    %rcx, %rdi              /* a1 */
        movq    %rsi, %rcx              /* wake */
        movq    %r8, %rsi               /* a2 */
        movq    %r9, %rdx               /* a3 */
        movq    8(%rsp), %r10           /* a4 */
        movq    16(%rsp), %r8           /* a5 */
        movq    24(%rsp), %r9           /* a6 */
safe_syscall_start:
        testq   %rcx, (%r11)            /* a signal that should wake the call? */
        jnz     1f
safe_syscall_insn:
        syscall
        ret                             /* the kernel's result: -errno on failure */
1:      movq    $-512, %rax             /* SAFE_SYSCALL_RESTART: the call not made */
        ret
        .cfi_endproc
        .size   safe_syscall_base, . - safe_syscall_base
#endif
        .section .note.GNU-stack, "", @progbits
