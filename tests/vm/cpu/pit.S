/*
 * pit.S - timer interrupts the way a PC without a local APIC delivers them
 * (Linux with noapic nolapic): the 8254 PIT's channel 0 on IRQ 0 through
 * the 8259A pair, remapped to vector 0x20, taken through a 64-bit
 * interrupt gate and acknowledged with an EOI; and the TSC read at the
 * first and the eleventh tick (10 ms apart at 1 kHz) must advance by a
 * plausible amount for a clock of 100 MHz to 20 GHz. Then: an interrupt
 * held back by IF=0 is taken right after STI, and none arrives while
 * IRQ 0 is masked at the PIC.
 * needs: pit (tests/vm/kvm_harness.c has none: run in the full machine only)
 */
#include "cpu.h"

    .section .rodata
    .globl test_name
test_name: .asciz "pit"

    .text
irq0_handler:
    pushq %rax
    pushq %rdx
    incq ticks(%rip)
    pushfq
    popq %rax
    movq %rax, flags_inside(%rip)
    movq 32(%rsp), %rax          /* the frame's RFLAGS (above RIP, CS) */
    movq %rax, flags_frame(%rip)
    cmpq $1, ticks(%rip)
    jne 1f
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    movq %rax, tsc_first(%rip)
1:  cmpq $11, ticks(%rip)
    jne 2f
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    movq %rax, tsc_last(%rip)
2:  movb $0x20, %al              /* non-specific EOI */
    outb %al, $0x20
    popq %rdx
    popq %rax
    iretq

/* The 8259A pair: ICW1-4, master at 0x20, slave at 0x28 on IR2, all masked. */
pic_init:
    movb $0x11, %al
    outb %al, $0x20
    outb %al, $0xa0
    movb $0x20, %al
    outb %al, $0x21
    movb $0x28, %al
    outb %al, $0xa1
    movb $0x04, %al
    outb %al, $0x21
    movb $0x02, %al
    outb %al, $0xa1
    movb $0x01, %al
    outb %al, $0x21
    outb %al, $0xa1
    movb $0xff, %al
    outb %al, $0x21
    outb %al, $0xa1
    ret

rdtsc64:
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    ret

    .globl test_main
test_main:
    pushq %rbx
    SET_GATE 0x20, irq0_handler, GATE_INT
    call pic_init
    inb $0x21, %al
    PRINT "pic mask reads back 0xff: "
    cmpb $0xff, %al
    YESNO
    /* PIT channel 0, lobyte/hibyte, mode 2 (rate generator), 1193 = 1 kHz */
    movb $0x34, %al
    outb %al, $0x43
    movw $1193, %ax
    outb %al, $0x40
    movb %ah, %al
    outb %al, $0x40
    /* the counter counts down: two latched reads */
    movb $0x00, %al
    outb %al, $0x43
    inb $0x40, %al
    movb %al, %bl
    inb $0x40, %al
    movb %al, %bh
    movl $20000, %ecx
3:  pause
    loop 3b
    movb $0x00, %al
    outb %al, $0x43
    inb $0x40, %al
    movb %al, %dl
    inb $0x40, %al
    movb %al, %dh
    PRINT "latched counter within the divisor: "
    cmpw $1193, %bx
    setbe %al
    cmpw $1193, %dx
    setbe %cl
    andb %cl, %al
    movzbl %al, %edi
    call put_yesno
    PRINT "counter moved between two latches: "
    cmpw %bx, %dx
    setne %al
    movzbl %al, %edi
    call put_yesno

    movb $0xfe, %al              /* unmask IRQ 0 */
    outb %al, $0x21
    sti
4:  hlt
    cmpq $11, ticks(%rip)
    jb 4b
    cli
    PRINT "11 ticks of IRQ 0 at vector 0x20: yes\n"
    PRINT "IF clear inside the interrupt gate: "
    testq $0x200, flags_inside(%rip)
    YESNO
    PRINT "IF set in the interrupted frame: "
    testq $0x200, flags_frame(%rip)
    setnz %al
    movzbl %al, %edi
    call put_yesno
    movq tsc_last(%rip), %rax
    subq tsc_first(%rip), %rax
    movq %rax, tsc_delta(%rip)
    PRINT "TSC advanced over 10 ticks: "
    testq %rax, %rax
    setg %al
    movzbl %al, %edi
    call put_yesno
    /* 10 ms at 100 MHz .. 20 GHz: 1e6 .. 2e8 TSC counts */
    PRINT "TSC rate plausible (100 MHz - 20 GHz): "
    movq tsc_delta(%rip), %rax
    cmpq $1000000, %rax
    setae %cl
    cmpq $200000000, %rax
    setbe %al
    andb %cl, %al
    movzbl %al, %edi
    call put_yesno

    /* IF=0 holds a tick back; STI lets it in after the next instruction.
     * Wait about 5 ms of TSC with interrupts off. */
    movq ticks(%rip), %r8
    movq tsc_delta(%rip), %r9
    shrq $1, %r9
    call rdtsc64
    movq %rax, %r10
5:  call rdtsc64
    subq %r10, %rax
    cmpq %r9, %rax
    jb 5b
    PRINT "no tick taken with IF=0: "
    cmpq ticks(%rip), %r8
    YESNO
    sti
    nop
    cli
    PRINT "the held tick arrives right after STI: "
    cmpq ticks(%rip), %r8
    setb %al
    movzbl %al, %edi
    call put_yesno

    /* Masked at the PIC: nothing arrives with IF=1. */
    movb $0xff, %al
    outb %al, $0x21
    movq ticks(%rip), %r8
    sti
    call rdtsc64
    movq %rax, %r10
6:  call rdtsc64
    subq %r10, %rax
    cmpq %r9, %rax
    jb 6b
    cli
    PRINT "no tick while IRQ 0 is masked: "
    cmpq ticks(%rip), %r8
    YESNO
    popq %rbx
    ret

    .data
    .p2align 3
ticks: .quad 0
flags_inside: .quad 0
flags_frame: .quad 0
tsc_first: .quad 0
tsc_last: .quad 0
tsc_delta: .quad 0
