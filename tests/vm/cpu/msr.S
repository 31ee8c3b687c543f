/*
 * msr.S - the model-specific registers a kernel reads and writes, and what
 * it expects of the ones a CPU lacks: RDMSR and WRMSR of an MSR that does
 * not exist raise #GP(0) (Linux probes with rdmsr_safe and relies on it);
 * EFER reads back what was written; FS and GS bases written through their
 * MSRs are what %fs:/%gs: addressing uses, and SWAPGS exchanges GS base
 * with KERNEL_GS_BASE; the TSC MSR (0x10) and RDTSC count the same clock;
 * TSC_AUX comes back in ECX from RDTSCP. The expected output is the SDM's
 * (and the hardware's).
 * qemu-differs: qemu's TCG reads a missing MSR as 0 and ignores writes to it instead of raising #GP
 */
#include "cpu.h"

#define MSR_TSC     0x10
#define MSR_TSC_AUX 0xc0000103
#define MSR_FSBASE  0xc0000100

    .section .rodata
    .globl test_name
test_name: .asciz "msr"

    .text
/* #GP: record the error code, resume at gp_resume_to */
gp_handler:
    pushq %rax
    movq 8(%rsp), %rax
    movq %rax, gp_err(%rip)
    incq gp_count(%rip)
    movq gp_resume_to(%rip), %rax
    movq %rax, 16(%rsp)
    popq %rax
    addq $8, %rsp
    iretq

    .globl test_main
test_main:
    pushq %rbx
    SET_GATE 13, gp_handler, GATE_INT

    /* RDMSR of an MSR no CPU has */
    leaq 1f(%rip), %rax
    movq %rax, gp_resume_to(%rip)
    movl $0x4b564d99, %ecx
    rdmsr
    PRINT "RDMSR 0x4b564d99 returned instead of faulting\n"
1:  PRINT "RDMSR of a missing MSR: #GP error "
    PRINTHEX gp_err(%rip)
    PRINT ", #GPs "
    PRINTDEC gp_count(%rip)
    PRINT "\n"
    leaq 2f(%rip), %rax
    movq %rax, gp_resume_to(%rip)
    movq $-1, gp_err(%rip)
    movl $0x4b564d99, %ecx
    xorl %eax, %eax
    xorl %edx, %edx
    wrmsr
    PRINT "WRMSR 0x4b564d99 returned instead of faulting\n"
2:  PRINT "WRMSR of a missing MSR: #GP error "
    PRINTHEX gp_err(%rip)
    PRINT ", #GPs "
    PRINTDEC gp_count(%rip)
    PRINT "\n"

    /* EFER: LME and LMA are set (long mode), NXE and SCE as written */
    movl $MSR_EFER, %ecx
    rdmsr
    movl %eax, %ebx
    orl $0x801, %eax             /* SCE | NXE */
    wrmsr
    rdmsr
    PRINT "EFER has LME and LMA: "
    movl %eax, %edx
    andl $0x500, %edx
    cmpl $0x500, %edx
    YESNO
    PRINT "EFER keeps SCE and NXE once written: "
    andl $0x801, %eax
    cmpl $0x801, %eax
    YESNO

    /* FS base through its MSR, read through %fs: */
    movl $MSR_FSBASE, %ecx
    leaq fs_area(%rip), %rax
    movq %rax, %rdx
    shrq $32, %rdx
    wrmsr
    movq %fs:8, %rax
    PRINT "FS base MSR: %fs:8 reads fs_area[1]: "
    cmpq fs_area + 8(%rip), %rax
    YESNO
    movl $MSR_FSBASE, %ecx
    rdmsr
    shlq $32, %rdx
    orq %rdx, %rax
    leaq fs_area(%rip), %rdx
    PRINT "FS base MSR reads back: "
    cmpq %rdx, %rax
    YESNO

    /* GS base and KERNEL_GS_BASE, swapped by SWAPGS */
    movl $MSR_GSBASE, %ecx
    leaq gs_user(%rip), %rax
    movq %rax, %rdx
    shrq $32, %rdx
    wrmsr
    movl $MSR_KGSBASE, %ecx
    leaq gs_kernel(%rip), %rax
    movq %rax, %rdx
    shrq $32, %rdx
    wrmsr
    movq %gs:0, %rbx
    PRINT "GS base: %gs:0 is the user word: "
    cmpq gs_user(%rip), %rbx
    YESNO
    swapgs
    movq %gs:0, %rbx
    PRINT "after SWAPGS: %gs:0 is the kernel word: "
    cmpq gs_kernel(%rip), %rbx
    YESNO
    movl $MSR_KGSBASE, %ecx
    rdmsr
    shlq $32, %rdx
    orq %rdx, %rax
    leaq gs_user(%rip), %rdx
    PRINT "and KERNEL_GS_BASE now holds the user base: "
    cmpq %rdx, %rax
    YESNO
    swapgs

    /* TSC MSR and RDTSC: the same clock, read in order */
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    movq %rax, %rbx
    movl $MSR_TSC, %ecx
    rdmsr
    shlq $32, %rdx
    orq %rdx, %rax
    movq %rax, %r8
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    PRINT "RDTSC <= RDMSR(TSC) <= RDTSC: "
    cmpq %rbx, %r8
    setae %cl
    cmpq %r8, %rax
    setae %dl
    andb %dl, %cl
    movzbl %cl, %edi
    call put_yesno

    /* TSC_AUX through RDTSCP */
    movl $MSR_TSC_AUX, %ecx
    movl $0x2a, %eax
    xorl %edx, %edx
    wrmsr
    xorl %ecx, %ecx
    rdtscp
    PRINT "RDTSCP returns TSC_AUX in ECX: "
    cmpl $0x2a, %ecx
    YESNO
    popq %rbx
    ret

    .data
    .p2align 3
gp_err: .quad -1
gp_count: .quad 0
gp_resume_to: .quad 0
fs_area: .quad 0x1111, 0xf5f5f5f5
gs_user: .quad 0x05e4
gs_kernel: .quad 0x6e41
