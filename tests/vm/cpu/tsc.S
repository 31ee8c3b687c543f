/*
 * tsc.S - the TSC across a PIT interval, measured the way Linux calibrates
 * it (arch/x86/kernel/tsc.c, pit_calibrate_tsc): PIT channel 2 gated on by
 * port 0x61 bit 0 (speaker off), mode 0 (interrupt on terminal count) with
 * 11932 counts = 10 ms; OUT2, read back in port 0x61 bit 5, is low while
 * counting and rises at terminal count. The TSC read before and after must
 * advance by what a 100 MHz - 20 GHz clock gives in 10 ms, and of three
 * such intervals the shortest and the middle must agree within 25%.
 * needs: pit (tests/vm/kvm_harness.c has none: run in the full machine only)
 */
#include "cpu.h"

    .section .rodata
    .globl test_name
test_name: .asciz "tsc"

    .text
rdtsc64:
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    ret

/* one_shot: 10 ms on channel 2; returns the TSC delta in %rax, or 0 when
 * OUT2 did not rise within 2^28 polls; %r8 = 1 if OUT2 was low right
 * after the count was loaded. */
one_shot:
    pushq %rbx
    pushq %rcx
    inb $0x61, %al
    andb $~0x02, %al             /* speaker data off */
    orb $0x01, %al               /* gate 2 on */
    outb %al, $0x61
    movb $0xb0, %al              /* channel 2, lobyte/hibyte, mode 0, binary */
    outb %al, $0x43
    movb $(11932 & 0xff), %al
    outb %al, $0x42
    movb $(11932 >> 8), %al
    outb %al, $0x42
    call rdtsc64
    movq %rax, %rbx
    inb $0x61, %al
    xorl %r8d, %r8d
    testb $0x20, %al
    setz %r8b
    movl $(1 << 28), %ecx
1:  inb $0x61, %al
    testb $0x20, %al
    jnz 2f
    decl %ecx
    jnz 1b
    xorl %eax, %eax
    jmp 3f
2:  call rdtsc64
    subq %rbx, %rax
3:  popq %rcx
    popq %rbx
    ret

    .globl test_main
test_main:
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    call one_shot
    movq %rax, %rbx
    PRINT "OUT2 low after the count is loaded: "
    movl %r8d, %edi
    call put_yesno
    PRINT "OUT2 rises at terminal count: "
    testq %rbx, %rbx
    setnz %al
    movzbl %al, %edi
    call put_yesno
    PRINT "TSC over 10 ms plausible (100 MHz - 20 GHz): "
    cmpq $1000000, %rbx
    setae %cl
    cmpq $200000000, %rbx
    setbe %al
    andb %cl, %al
    movzbl %al, %edi
    call put_yesno
    /* Two more intervals: a host that deschedules us can only lengthen
     * one, so the shortest and the middle of the three must agree. */
    movq %rbx, %r12
    call one_shot
    movq %rax, %r13
    call one_shot
    movq %rax, %r14
    /* sort r12 <= r13 <= r14 */
    cmpq %r13, %r12
    jbe 1f
    xchgq %r12, %r13
1:  cmpq %r14, %r13
    jbe 2f
    xchgq %r13, %r14
2:  cmpq %r13, %r12
    jbe 3f
    xchgq %r12, %r13
3:  movq %r13, %rdx              /* (middle - shortest) * 4 <= middle */
    subq %r12, %rdx
    shlq $2, %rdx
    PRINT "the shortest and the middle of three intervals agree within 25%: "
    cmpq %r13, %rdx
    setbe %al
    movzbl %al, %edi
    call put_yesno
    inb $0x61, %al
    andb $~0x03, %al             /* gate off again */
    outb %al, $0x61
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    ret
