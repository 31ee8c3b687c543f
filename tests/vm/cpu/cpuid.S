/*
 * cpuid.S - the CPUID bits a 64-bit Linux kernel requires
 * (arch/x86/include/asm/required-features.h: FPU PSE-less 64-bit set MSR
 * PAE CX8 PGE CMOV FXSR SSE SSE2 LM) and those it takes on every PC CPU it
 * meets (TSC, PSE for its 2 MiB direct map, SYSCALL, NX), the leaf ranges,
 * and a brand string. Expected: every answer "yes".
 */
#include "cpu.h"

    .section .rodata
    .globl test_name
test_name: .asciz "cpuid"

    .text
.macro BIT label, reg, bit
    PRINT "\label: "
    btl $\bit, \reg
    setc %dil
    movzbl %dil, %edi
    call put_yesno
.endm

    .globl test_main
test_main:
    pushq %rbx
    xorl %eax, %eax
    cpuid
    cmpl $1, %eax
    setae %al
    PRINT "basic leaves reach 1: "
    movzbl %al, %edi
    call put_yesno

    movl $1, %eax
    cpuid
    movl %edx, %r8d
    movl %ecx, %r9d
    BIT "leaf 1 edx fpu", %r8d, 0
    BIT "leaf 1 edx pse", %r8d, 3
    BIT "leaf 1 edx tsc", %r8d, 4
    BIT "leaf 1 edx msr", %r8d, 5
    BIT "leaf 1 edx pae", %r8d, 6
    BIT "leaf 1 edx cx8", %r8d, 8
    BIT "leaf 1 edx pge", %r8d, 13
    BIT "leaf 1 edx cmov", %r8d, 15
    BIT "leaf 1 edx fxsr", %r8d, 24
    BIT "leaf 1 edx sse", %r8d, 25
    BIT "leaf 1 edx sse2", %r8d, 26

    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000004, %eax
    setae %al
    PRINT "extended leaves reach 0x80000004: "
    movzbl %al, %edi
    call put_yesno

    movl $0x80000001, %eax
    cpuid
    movl %edx, %r8d
    BIT "leaf 0x80000001 edx syscall", %r8d, 11
    BIT "leaf 0x80000001 edx nx", %r8d, 20
    BIT "leaf 0x80000001 edx lm", %r8d, 29

    movl $0x80000002, %eax
    cpuid
    testb %al, %al
    setnz %al
    PRINT "brand string present: "
    movzbl %al, %edi
    call put_yesno
    popq %rbx
    ret
