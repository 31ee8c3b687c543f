/*
 * cpu.h - macros and constants shared by the CPU system-mode test kernels
 * (tests/vm/cpu/NAME.S, with common.S). Each test is a tiny ELF64 "kernel"
 * that `mimic vm --kernel X.elf` loads at its p_paddr (1 MiB) and enters in
 * 64-bit mode (as boot.c enters a vmlinux); qemu-system-x86_64 enters the
 * same file through its PVH note in 32-bit mode (common.S switches to long
 * mode), so every test runs on the reference too. A test defines
 * test_main and test_name; it prints through the UART and returns, and
 * common.S ends the machine through the i8042 reset line.
 *
 * Printing helpers preserve every register but RFLAGS. The macros push
 * %rdi first: an %rsp-relative operand would be off by 8 (copy it to a
 * register first).
 */
#define COM1      0x3f8
#define KCODE     0x08
#define KDATA     0x10
#define UCODE32   0x18     /* SYSRET's base: SS = base + 8, 64-bit CS = base + 16 */
#define UDATA     0x20
#define UCODE     0x28
#define TSS_SEL   0x30

#define PTE_P     0x001
#define PTE_W     0x002
#define PTE_U     0x004
#define PTE_A     0x020
#define PTE_D     0x040
#define PTE_PS    0x080
#define PTE_NX    (1 << 63)

#define GATE_INT  0x8e     /* present, DPL 0, 64-bit interrupt gate */
#define GATE_INT3 0xee     /* the same, callable from ring 3 */

#define MSR_EFER   0xc0000080
#define MSR_STAR   0xc0000081
#define MSR_LSTAR  0xc0000082
#define MSR_FMASK  0xc0000084
#define MSR_GSBASE 0xc0000101
#define MSR_KGSBASE 0xc0000102

/* PRINT "text": a literal string (escapes allowed). */
.macro PRINT str
    .pushsection .rodata
.Lstr\@: .asciz "\str"
    .popsection
    pushq %rdi
    leaq .Lstr\@(%rip), %rdi
    call puts
    popq %rdi
.endm

/* PRINTHEX src: "0x..." of a register or memory operand (64-bit). */
.macro PRINTHEX src
    pushq %rdi
    movq \src, %rdi
    call puthex
    popq %rdi
.endm

.macro PRINTDEC src
    pushq %rdi
    movq \src, %rdi
    call putdec
    popq %rdi
.endm

/* YESNO: prints "yes\n" when ZF is set (after a cmp that should be equal),
 * else "no\n". */
.macro YESNO
    pushq %rdi
    setz %dil
    movzbl %dil, %edi
    call put_yesno
    popq %rdi
.endm

/* SET_GATE vector, handler, type */
.macro SET_GATE vec, handler, type
    pushq %rdi
    pushq %rsi
    pushq %rdx
    movl $\vec, %edi
    leaq \handler(%rip), %rsi
    movl $\type, %edx
    call set_gate
    popq %rdx
    popq %rsi
    popq %rdi
.endm
