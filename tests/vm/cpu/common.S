/*
 * common.S - start-up and helpers of the CPU system-mode test kernels
 * (see cpu.h). Two ways in, one state after them:
 *   _start         the ELF entry, 64-bit: mimic vm enters here as it
 *                  enters a vmlinux (long mode, paging on with its own
 *                  identity map, RSI = boot_params, interrupts off);
 *   pvh_start32    the PVH note's 32-bit entry (paging off), which
 *                  qemu-system-x86_64 -kernel uses: it turns on PAE, long
 *                  mode and paging itself.
 * Both load this file's GDT (flat kernel and user segments, a TSS slot),
 * its page tables (0-1 GiB identity in 2 MiB pages, supervisor only), a
 * stack, an IDT whose every exception reports itself and ends the run,
 * then call test_main. When it returns the machine is reset through the
 * i8042 (out 0xfe to port 0x64); were that ignored, the run says so and
 * ends in a triple fault.
 */
#include "cpu.h"

    .section .note.pvh, "a", @note
    .p2align 2
    .long 4                      /* namesz: "Xen" and its NUL */
    .long 4                      /* descsz */
    .long 18                     /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long pvh_start32

    .section .text.entry, "ax"
    .code32
pvh_start32:
    cli
    lgdt gdt_ptr
    movl %cr4, %eax
    orl $0x20, %eax              /* PAE */
    movl %eax, %cr4
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl $MSR_EFER, %ecx
    rdmsr
    orl $0x100, %eax             /* LME */
    wrmsr
    movl %cr0, %eax
    orl $0x80000001, %eax        /* PG, PE */
    movl %eax, %cr0
    ljmp $KCODE, $start64

    .code64
    .globl _start
_start:
    cli
    lgdt gdt_ptr(%rip)
    leaq boot_pml4(%rip), %rax
    movq %rax, %cr3
    pushq $KCODE
    leaq start64(%rip), %rax
    pushq %rax
    lretq

start64:
    movl $KDATA, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    xorl %eax, %eax
    movl %eax, %fs
    movl %eax, %gs
    leaq stack_top(%rip), %rsp
    call uart_init
    call idt_init
    PRINT "== cpu test: "
    pushq %rdi
    leaq test_name(%rip), %rdi
    call puts
    popq %rdi
    PRINT " ==\n"
    call test_main
    PRINT "== end ==\n"
    jmp reset_i8042

/* The i8042 pulses the reset line on command 0xfe. */
    .globl reset_i8042
reset_i8042:
    movl $100000, %ecx
1:  inb $0x64, %al               /* wait while its input buffer is full */
    testb $2, %al
    jz 2f
    loop 1b
2:  movb $0xfe, %al
    outb %al, $0x64
    movl $1000000, %ecx          /* the reset may take a moment to land */
3:  pause
    loop 3b
    PRINT "i8042 reset ignored: ending with a triple fault\n"
    .globl triple_fault
triple_fault:
    lidt null_idt(%rip)
    int3
4:  hlt
    jmp 4b

/* ---- UART ------------------------------------------------------------- */

uart_init:
    pushq %rax
    pushq %rdx
    movw $COM1 + 1, %dx          /* no UART interrupts */
    xorl %eax, %eax
    outb %al, %dx
    movw $COM1 + 3, %dx          /* 8N1 */
    movb $3, %al
    outb %al, %dx
    popq %rdx
    popq %rax
    ret

/* putc: %dil */
    .globl putc
putc:
    pushq %rax
    pushq %rdx
    pushq %rcx
    movw $COM1 + 5, %dx
    movl $1000000, %ecx
1:  inb %dx, %al                 /* wait for THR empty (bounded) */
    testb $0x20, %al
    jnz 2f
    loop 1b
2:  movw $COM1, %dx
    movl %edi, %eax
    outb %al, %dx
    popq %rcx
    popq %rdx
    popq %rax
    ret

/* puts: NUL-terminated string at %rdi */
    .globl puts
puts:
    pushq %rsi
    pushq %rdi
    movq %rdi, %rsi
1:  movzbl (%rsi), %edi
    testl %edi, %edi
    jz 2f
    call putc
    incq %rsi
    jmp 1b
2:  popq %rdi
    popq %rsi
    ret

/* puthex: "0x" and %rdi in hex, without leading zeros */
    .globl puthex
puthex:
    pushq %rax
    pushq %rcx
    pushq %rdx
    pushq %rdi
    movq %rdi, %rdx
    movl $'0', %edi
    call putc
    movl $'x', %edi
    call putc
    movl $60, %ecx
    xorl %eax, %eax              /* set once a digit has been printed */
1:  movq %rdx, %rdi
    shrq %cl, %rdi
    andl $15, %edi
    orl %edi, %eax
    testl %ecx, %ecx
    jz 2f
    testl %eax, %eax
    jz 3f
2:  leaq hexdigits(%rip), %rax
    movzbl (%rax,%rdi), %edi
    call putc
    movl $1, %eax
3:  subl $4, %ecx
    jns 1b
    popq %rdi
    popq %rdx
    popq %rcx
    popq %rax
    ret

/* putdec: %rdi as unsigned decimal */
    .globl putdec
putdec:
    pushq %rax
    pushq %rcx
    pushq %rdx
    pushq %rdi
    pushq %rsi
    subq $32, %rsp
    movq %rdi, %rax
    leaq 31(%rsp), %rsi
    movb $0, (%rsi)
    movl $10, %ecx
1:  xorl %edx, %edx
    divq %rcx
    addb $'0', %dl
    decq %rsi
    movb %dl, (%rsi)
    testq %rax, %rax
    jnz 1b
    movq %rsi, %rdi
    call puts
    addq $32, %rsp
    popq %rsi
    popq %rdi
    popq %rdx
    popq %rcx
    popq %rax
    ret

/* put_yesno: "yes\n" if %edi != 0, else "no\n" */
    .globl put_yesno
put_yesno:
    testl %edi, %edi
    jz 1f
    PRINT "yes\n"
    ret
1:  PRINT "no\n"
    ret

/* ---- IDT ---------------------------------------------------------------- */

/* set_gate: vector %edi, handler %rsi, type/attributes %dl (selector KCODE) */
    .globl set_gate
set_gate:
    pushq %rax
    pushq %rdi
    shlq $4, %rdi
    leaq idt(%rip), %rax
    addq %rax, %rdi
    movw %si, 0(%rdi)            /* offset 15:0 */
    movw $KCODE, 2(%rdi)
    movb $0, 4(%rdi)             /* IST 0 */
    movb %dl, 5(%rdi)
    movq %rsi, %rax
    shrq $16, %rax
    movw %ax, 6(%rdi)            /* offset 31:16 */
    shrq $16, %rax
    movl %eax, 8(%rdi)           /* offset 63:32 */
    movl $0, 12(%rdi)
    popq %rdi
    popq %rax
    ret

/* Every exception vector first reports itself as unexpected; tests set
 * their own gates for what they expect. */
idt_init:
    pushq %rdi
    pushq %rsi
    pushq %rdx
    xorl %edi, %edi
    leaq exc_stubs(%rip), %rsi
    movl $GATE_INT, %edx
1:  call set_gate
    addq $16, %rsi
    incl %edi
    cmpl $32, %edi
    jb 1b
    lidt idt_ptr(%rip)
    popq %rdx
    popq %rsi
    popq %rdi
    ret

/* 32 stubs of 16 bytes: push a zero error code where the CPU pushes none,
 * then the vector. */
    .p2align 4
exc_stubs:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .p2align 4
    .if (\v == 8) || (\v == 10) || (\v == 11) || (\v == 12) || (\v == 13) || (\v == 14) || (\v == 17) || (\v == 21) || (\v == 29) || (\v == 30)
    pushq $\v
    .else
    pushq $0
    pushq $\v
    .endif
    jmp exc_unexpected
    .endr

/* (The PRINT macros push: frame fields are taken into registers first.) */
exc_unexpected:
    popq %r8                     /* vector */
    popq %r9                     /* error code */
    movq 0(%rsp), %r10           /* RIP */
    movq 8(%rsp), %r11           /* CS */
    PRINT "UNEXPECTED exception "
    PRINTDEC %r8
    PRINT " error "
    PRINTHEX %r9
    PRINT " at rip "
    PRINTHEX %r10
    PRINT " cs "
    PRINTHEX %r11
    PRINT " cr2 "
    movq %cr2, %rax
    PRINTHEX %rax
    PRINT "\n"
    jmp reset_i8042

/* ---- data --------------------------------------------------------------- */

    .section .rodata
hexdigits: .ascii "0123456789abcdef"

    .data
    .p2align 3
    .globl gdt, tss_desc
gdt:
    .quad 0
    .quad 0x00af9a000000ffff     /* 0x08 kernel code, 64-bit */
    .quad 0x00cf92000000ffff     /* 0x10 kernel data */
    .quad 0x00cffa000000ffff     /* 0x18 user code, 32-bit (SYSRET's base) */
    .quad 0x00cff2000000ffff     /* 0x20 user data */
    .quad 0x00affa000000ffff     /* 0x28 user code, 64-bit */
tss_desc:
    .quad 0, 0                   /* 0x30 TSS, filled by the test that needs it */
gdt_end:
    .p2align 3
    .word 0, 0, 0
gdt_ptr:
    .word gdt_end - gdt - 1
    .quad gdt
    .word 0, 0, 0
idt_ptr:
    .word 256 * 16 - 1
    .quad idt
    .word 0, 0, 0
null_idt:
    .word 0
    .quad 0

/* 0-1 GiB identity in 2 MiB pages, supervisor only; the upper levels allow
 * user access so that a test may open single entries to ring 3. */
    .p2align 12
    .globl boot_pml4, boot_pdpt, boot_pd
boot_pml4:
    .quad boot_pdpt + (PTE_P | PTE_W | PTE_U)
    .fill 511, 8, 0
boot_pdpt:
    .quad boot_pd + (PTE_P | PTE_W | PTE_U)
    .fill 511, 8, 0
boot_pd:
    .set i, 0
    .rept 512
    .quad (i << 21) | (PTE_P | PTE_W | PTE_PS)
    .set i, i + 1
    .endr

    .bss
    .p2align 12
    .globl idt
idt: .skip 256 * 16
    .p2align 4
    .skip 16384
    .globl stack_top
stack_top:
