/*
 * exceptions.S - what the CPU pushes and where it resumes: #DE and #UD
 * are faults (the frame's RIP is the faulting instruction), #BP from INT3
 * is a trap (RIP after it); a trap gate leaves IF as it was while an
 * interrupt gate clears it; a gate with an IST index switches to that
 * stack of the TSS whatever the current one is; and in 64-bit mode the
 * CPU aligns RSP to 16 bytes before it pushes the frame.
 */
#include "cpu.h"

#define GATE_TRAP 0x8f           /* present, DPL 0, 64-bit trap gate */

    .section .rodata
    .globl test_name
test_name: .asciz "exceptions"

    .text
/* Each handler records the frame's RIP (and its RSP and RFLAGS), then
 * resumes at resume_to. */
de_handler:
ud_handler:
    movq (%rsp), %rax
    movq %rax, seen_rip(%rip)
    movq resume_to(%rip), %rax
    movq %rax, (%rsp)
    iretq

bp_handler:
    movq %rsp, seen_rsp(%rip)
    movq (%rsp), %rax
    movq %rax, seen_rip(%rip)
    pushfq
    popq %rax
    movq %rax, seen_flags(%rip)
    iretq

    .globl test_main
test_main:
    pushq %rbx
    SET_GATE 0, de_handler, GATE_INT
    SET_GATE 6, ud_handler, GATE_INT
    SET_GATE 3, bp_handler, GATE_INT
    /* IF is set below: no device interrupt (the firmware's timer under
     * qemu) may come in meanwhile */
    movb $0xff, %al
    outb %al, $0x21
    outb %al, $0xa1

    /* #DE: a fault */
    leaq 1f(%rip), %rax
    movq %rax, resume_to(%rip)
    xorl %ecx, %ecx
    movl $1, %eax
    xorl %edx, %edx
de_at:
    divl %ecx
1:  leaq de_at(%rip), %rax
    PRINT "#DE: the frame's RIP is the DIV: "
    cmpq %rax, seen_rip(%rip)
    YESNO

    /* #UD: a fault */
    leaq 2f(%rip), %rax
    movq %rax, resume_to(%rip)
ud_at:
    ud2
2:  leaq ud_at(%rip), %rax
    PRINT "#UD: the frame's RIP is the UD2: "
    cmpq %rax, seen_rip(%rip)
    YESNO

    /* #BP: a trap, through an interrupt gate: IF cleared in the handler */
    sti
    int3
bp_after:
    cli
    leaq bp_after(%rip), %rax
    PRINT "#BP: the frame's RIP follows the INT3: "
    cmpq %rax, seen_rip(%rip)
    YESNO
    PRINT "interrupt gate: IF clear in the handler: "
    testq $0x200, seen_flags(%rip)
    YESNO

    /* the same through a trap gate: IF stays set */
    SET_GATE 3, bp_handler, GATE_TRAP
    sti
    int3
    cli
    PRINT "trap gate: IF still set in the handler: "
    testq $0x200, seen_flags(%rip)
    setnz %al
    movzbl %al, %edi
    call put_yesno

    /* RSP aligned to 16 before the frame: misalign by 8, INT3 */
    SET_GATE 3, bp_handler, GATE_INT
    movq %rsp, %rbx
    andq $~15, %rsp
    subq $8, %rsp
    int3
    movq %rbx, %rsp
    movq seen_rsp(%rip), %rax
    addq $40, %rax               /* above the 5-quadword frame */
    PRINT "the CPU aligns RSP to 16 before pushing the frame: "
    testq $15, %rax
    YESNO

    /* IST: gate 3 with IST 1 switches to ist_top (TSS at 0x30) */
    leaq ist_top(%rip), %rax
    movq %rax, tss + 36(%rip)    /* IST1 */
    leaq tss(%rip), %rax
    movq $103, %rdx
    movq %rax, %rcx
    andq $0xffffff, %rcx
    shlq $16, %rcx
    orq %rcx, %rdx
    movq $0x89, %rcx
    shlq $40, %rcx
    orq %rcx, %rdx
    movq %rax, %rcx
    shrq $24, %rcx
    andq $0xff, %rcx
    shlq $56, %rcx
    orq %rcx, %rdx
    movq %rdx, tss_desc(%rip)
    shrq $32, %rax
    movq %rax, tss_desc + 8(%rip)
    movw $TSS_SEL, %ax
    ltr %ax
    movb $1, idt + 3 * 16 + 4(%rip)      /* IST index 1 */
    int3
    leaq ist_top(%rip), %rax
    subq $40, %rax
    PRINT "IST 1: the handler runs on the TSS's IST stack: "
    cmpq %rax, seen_rsp(%rip)
    YESNO
    movb $0, idt + 3 * 16 + 4(%rip)
    popq %rbx
    ret

    .data
    .p2align 3
seen_rip: .quad 0
seen_rsp: .quad 0
seen_flags: .quad 0
resume_to: .quad 0
    .p2align 4
tss: .fill 104, 1, 0

    .bss
    .p2align 4
    .skip 4096
ist_top:
