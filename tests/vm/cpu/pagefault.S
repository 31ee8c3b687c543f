/*
 * pagefault.S - page faults taken through the IDT and fixed by the
 * handler, the way a kernel demand-pages: each access faults once, the
 * handler reads CR2 and the error code, repairs the PTE, INVLPGs and
 * IRETQs to the faulting instruction, which then completes.
 *   read of a not-present page        error 0x0
 *   write to a not-present page       error 0x2
 *   write to a read-only page, WP=1   error 0x3
 *   the same with WP=0: no fault (supervisor writes ignore R/W)
 *   fetch from an NX page (EFER.NXE)  error 0x11
 * and a non-canonical address raising #GP(0) instead of #PF.
 * Test pages: virtual 0x40000000 + n * 0x1000 through the test's own PT.
 */
#include "cpu.h"

#define VBASE 0x40000000

    .section .rodata
    .globl test_name
test_name: .asciz "pagefault"

    .text
/* The #PF handler: record CR2, the error code and the faulting RIP; fix
 * the PTE at pf_fix_pte (or in pf_fix_bits, and out pf_clear_bits). */
pf_handler:
    pushq %rax
    pushq %rdx
    movq %cr2, %rax
    movq %rax, pf_cr2(%rip)
    movq 16(%rsp), %rax
    movq %rax, pf_err(%rip)
    movq 24(%rsp), %rax
    movq %rax, pf_rip(%rip)
    incq pf_count(%rip)
    movq pf_fix_pte(%rip), %rdx
    testq %rdx, %rdx
    jz 1f
    movq (%rdx), %rax
    orq pf_fix_bits(%rip), %rax
    movq pf_clear_bits(%rip), %rdx
    notq %rdx
    andq %rdx, %rax
    movq pf_fix_pte(%rip), %rdx
    movq %rax, (%rdx)
    movq pf_cr2(%rip), %rax
    invlpg (%rax)
    jmp 2f
1:  PRINT "page fault with nothing to fix: cr2 "
    PRINTHEX pf_cr2(%rip)
    PRINT " error "
    PRINTHEX pf_err(%rip)
    PRINT "\n"
    jmp reset_i8042
2:  popq %rdx
    popq %rax
    addq $8, %rsp                /* the error code */
    iretq

/* #GP: record the error code, skip to gp_resume. */
gp_handler:
    pushq %rax
    movq 8(%rsp), %rax
    movq %rax, gp_err(%rip)
    incq gp_count(%rip)
    leaq gp_resume(%rip), %rax
    movq %rax, 16(%rsp)          /* the frame's RIP */
    popq %rax
    addq $8, %rsp
    iretq

/* report: prints "cr2 X error Y, count N" of the last fault */
report:
    PRINT "cr2 "
    PRINTHEX pf_cr2(%rip)
    PRINT " error "
    PRINTHEX pf_err(%rip)
    PRINT " faults "
    PRINTDEC pf_count(%rip)
    PRINT "\n"
    ret

/* arm: the next fault sets %rsi bits and clears %rdx bits in PTE n=%edi */
arm:
    leaq pt(%rip), %rax
    leaq (%rax,%rdi,8), %rax
    movq %rax, pf_fix_pte(%rip)
    movq %rsi, pf_fix_bits(%rip)
    movq %rdx, pf_clear_bits(%rip)
    ret

    .globl test_main
test_main:
    pushq %rbx
    SET_GATE 14, pf_handler, GATE_INT
    SET_GATE 13, gp_handler, GATE_INT
    /* Our tables: the boot tables' 1 GiB identity plus PML4[0] -> PDPT[1]
     * -> PD entry 0 -> PT for 0x40000000-0x401fffff. */
    leaq pml4(%rip), %rdi
    /* a copy of the boot PDPT, whose entry 1 is ours */
    leaq pdpt(%rip), %rdx
    orq $(PTE_P | PTE_W | PTE_U), %rdx
    movq %rdx, (%rdi)
    movq boot_pdpt(%rip), %rax
    movq %rax, pdpt(%rip)
    leaq pd(%rip), %rax
    orq $(PTE_P | PTE_W), %rax
    movq %rax, pdpt + 8(%rip)
    leaq pt(%rip), %rax
    orq $(PTE_P | PTE_W), %rax
    movq %rax, pd(%rip)
    /* PT entries 0-7 -> frames[0..7]; 0 and 1 not present, 2 read-only,
     * 3 read-only (for WP=0), 4 NX */
    leaq frames(%rip), %rdx
    xorl %ecx, %ecx
1:  movq %rdx, %rax
    orq $(PTE_P | PTE_W), %rax
    leaq pt(%rip), %rbx
    movq %rax, (%rbx,%rcx,8)
    addq $4096, %rdx
    incl %ecx
    cmpl $8, %ecx
    jb 1b
    andq $~PTE_P, pt + 0 * 8(%rip)
    andq $~PTE_P, pt + 1 * 8(%rip)
    andq $~PTE_W, pt + 2 * 8(%rip)
    andq $~PTE_W, pt + 3 * 8(%rip)
    movabsq $PTE_NX, %rax
    orq %rax, pt + 4 * 8(%rip)
    movq $0x4242, frames(%rip)   /* frame 0's first word */

    movl $MSR_EFER, %ecx
    rdmsr
    orl $0x800, %eax             /* NXE */
    wrmsr
    movq %cr0, %rax
    orq $0x10000, %rax           /* WP */
    movq %rax, %cr0
    leaq pml4(%rip), %rax
    movq %rax, %cr3

    /* 1: read, not present */
    movl $0, %edi
    movl $PTE_P, %esi
    xorl %edx, %edx
    call arm
    movq $VBASE, %rbx
    movq (%rbx), %rax
    PRINT "read of a not-present page: "
    call report
    PRINT "  the read completes after the fix: "
    cmpq $0x4242, %rax
    YESNO

    /* 2: write, not present */
    movl $1, %edi
    movl $PTE_P, %esi
    xorl %edx, %edx
    call arm
    movq $VBASE + 0x1000 + 0x18, %rbx
    movq $0x77, (%rbx)
    PRINT "write to a not-present page: "
    call report
    PRINT "  the write lands: "
    cmpq $0x77, frames + 0x1000 + 0x18(%rip)
    YESNO

    /* 3: write, read-only, WP=1 */
    movl $2, %edi
    movl $PTE_W, %esi
    xorl %edx, %edx
    call arm
    movq $VBASE + 0x2000 + 0x20, %rbx
    movq $0x88, (%rbx)
    PRINT "write to a read-only page with CR0.WP=1: "
    call report
    PRINT "  the write lands: "
    cmpq $0x88, frames + 0x2000 + 0x20(%rip)
    YESNO

    /* 4: WP=0: a supervisor write to a read-only page does not fault */
    movq pf_count(%rip), %r8
    movq %cr0, %rax
    andq $~0x10000, %rax
    movq %rax, %cr0
    movq $VBASE + 0x3000, %rbx
    movq $0x99, (%rbx)
    movq %cr0, %rax
    orq $0x10000, %rax
    movq %rax, %cr0
    PRINT "CR0.WP=0: supervisor write to a read-only page does not fault: "
    cmpq pf_count(%rip), %r8
    YESNO
    PRINT "  the write lands: "
    cmpq $0x99, frames + 0x3000(%rip)
    YESNO

    /* 5: instruction fetch from an NX page: put a `ret` there, call it */
    movb $0xc3, frames + 0x4000 + 0x100(%rip)
    movl $4, %edi
    xorl %esi, %esi
    movabsq $PTE_NX, %rdx
    call arm
    movq $VBASE + 0x4000 + 0x100, %rbx
    call *%rbx
    PRINT "fetch from an NX page: "
    call report
    PRINT "  fault rip is the page: "
    cmpq %rbx, pf_rip(%rip)
    YESNO

    /* 6: a non-canonical address is #GP(0), not #PF */
    movq pf_count(%rip), %r8
    movabsq $0x8000000000000000, %rbx
    movq (%rbx), %rax
    PRINT "non-canonical address: no return here\n"
gp_resume:
    PRINT "non-canonical address: #GP error "
    PRINTHEX gp_err(%rip)
    PRINT ", #GPs "
    PRINTDEC gp_count(%rip)
    PRINT ", no page fault: "
    cmpq pf_count(%rip), %r8
    YESNO

    leaq boot_pml4(%rip), %rax
    movq %rax, %cr3
    popq %rbx
    ret

    .data
    .p2align 3
pf_cr2: .quad 0
pf_err: .quad 0
pf_rip: .quad 0
pf_count: .quad 0
pf_fix_pte: .quad 0
pf_fix_bits: .quad 0
pf_clear_bits: .quad 0
gp_err: .quad -1
gp_count: .quad 0

    .bss
    .p2align 12
pml4: .skip 4096
pdpt: .skip 4096
pd: .skip 4096
pt: .skip 4096
frames: .skip 8 * 4096
