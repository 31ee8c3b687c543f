/*
 * paging.S - the test's own 4-level page tables: build them, switch CR3,
 * and check what the MMU does with them: two virtual pages aliasing one
 * physical page, a PTE changed and made visible with INVLPG, a CR3 reload
 * flushing a stale translation, the accessed and dirty bits set by reads
 * and writes, and a 2 MiB page next to 4 KiB ones.
 *
 * Tables: PML4[0] -> PDPT -> PD, whose entry 0 points to a page table of
 * 4 KiB pages identity-mapping 0-2 MiB (where this kernel lives) and whose
 * other entries are 2 MiB identity pages up to 1 GiB. PML4[1] (virtual
 * 512 GiB = 0x8000000000) -> PDPT2 -> PD2 -> PT2 maps the test window:
 * WIN+0 and WIN+0x1000 to physical page A, WIN+0x2000 to page B.
 */
#include "cpu.h"

#define WIN 0x8000000000

    .section .rodata
    .globl test_name
test_name: .asciz "paging"

    .text
    .globl test_main
test_main:
    pushq %rbx
    /* PT: 0-2 MiB in 4 KiB pages */
    leaq pt(%rip), %rdi
    xorl %eax, %eax
1:  movq %rax, %rdx
    shlq $12, %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, (%rdi,%rax,8)
    incl %eax
    cmpl $512, %eax
    jb 1b
    /* PD: entry 0 -> PT, 1..511 2 MiB pages */
    leaq pd(%rip), %rdi
    leaq pt(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, (%rdi)
    movl $1, %eax
2:  movq %rax, %rdx
    shlq $21, %rdx
    orq $(PTE_P | PTE_W | PTE_PS), %rdx
    movq %rdx, (%rdi,%rax,8)
    incl %eax
    cmpl $512, %eax
    jb 2b
    leaq pd(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pdpt(%rip)
    leaq pdpt(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pml4(%rip)
    /* the window */
    leaq pt2(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pd2(%rip)
    leaq pd2(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pdpt2(%rip)
    leaq pdpt2(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pml4 + 8(%rip)
    leaq page_a(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pt2(%rip)
    movq %rdx, pt2 + 8(%rip)
    leaq page_b(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pt2 + 16(%rip)

    leaq pml4(%rip), %rax
    movq %rax, %cr3
    movq %cr3, %rbx
    PRINT "cr3 switched to the test's tables: "
    cmpq %rax, %rbx
    YESNO

    movabsq $0x1111222233334444, %rax
    movq %rax, page_a(%rip)
    movabsq $WIN, %rsi
    movq (%rsi), %rbx
    PRINT "window page 0 reads page A: "
    cmpq %rax, %rbx
    YESNO
    movabsq $0x5555666677778888, %rax
    movq %rax, 0x1008(%rsi)
    movq page_a + 8(%rip), %rbx
    PRINT "write through window page 1 lands in page A: "
    cmpq %rax, %rbx
    YESNO
    movq 8(%rsi), %rbx
    PRINT "and reads back through window page 0: "
    cmpq %rax, %rbx
    YESNO

    movabsq $0x9999aaaabbbbcccc, %rax
    movq %rax, page_b(%rip)
    movabsq $WIN + 0x2000, %rdi
    movq (%rdi), %rbx
    PRINT "window page 2 reads page B: "
    cmpq %rax, %rbx
    YESNO

    /* Point window page 0 at B; INVLPG makes it seen. */
    movq (%rsi), %rbx            /* the old translation is cached now */
    leaq page_b(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pt2(%rip)
    invlpg (%rsi)
    movq (%rsi), %rbx
    PRINT "invlpg: window page 0 now reads page B: "
    cmpq %rax, %rbx
    YESNO

    /* Back to A; a CR3 reload flushes the non-global translation. */
    leaq page_a(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pt2(%rip)
    movq %cr3, %rdx
    movq %rdx, %cr3
    movq (%rsi), %rbx
    movabsq $0x1111222233334444, %rax
    PRINT "cr3 reload: window page 0 reads page A again: "
    cmpq %rax, %rbx
    YESNO

    /* Accessed and dirty bits of window page 2's PTE. */
    leaq page_b(%rip), %rdx
    orq $(PTE_P | PTE_W), %rdx
    movq %rdx, pt2 + 16(%rip)
    movabsq $WIN + 0x2000, %rdi
    invlpg (%rdi)
    movq (%rdi), %rax
    movq pt2 + 16(%rip), %rbx
    PRINT "read sets A: "
    testq $PTE_A, %rbx
    setnz %al
    movzbl %al, %eax
    movl %eax, %edi
    call put_yesno
    PRINT "read leaves D clear: "
    testq $PTE_D, %rbx
    YESNO
    movabsq $WIN + 0x2000, %rdi
    movq %rax, 16(%rdi)
    movq pt2 + 16(%rip), %rbx
    PRINT "write sets D: "
    testq $PTE_D, %rbx
    setnz %al
    movzbl %al, %edi
    call put_yesno
    PRINT "directory entries get A too: "
    movq pd2(%rip), %rbx
    testq $PTE_A, %rbx
    setnz %al
    movzbl %al, %edi
    call put_yesno

    /* A 2 MiB page at 0x400000 and a 4 KiB one below 2 MiB, same tables. */
    movq $0x400000, %rdi
    movabsq $0x0123456789abcdef, %rax
    movq %rax, (%rdi)
    movq (%rdi), %rbx
    PRINT "2 MiB page maps 0x400000 to itself: "
    cmpq %rax, %rbx
    YESNO

    /* Back to the boot tables. */
    leaq boot_pml4(%rip), %rax
    movq %rax, %cr3
    PRINT "back on the boot tables\n"
    popq %rbx
    ret

    .bss
    .p2align 12
pml4: .skip 4096
pdpt: .skip 4096
pd: .skip 4096
pt: .skip 4096
pdpt2: .skip 4096
pd2: .skip 4096
pt2: .skip 4096
page_a: .skip 4096
page_b: .skip 4096
