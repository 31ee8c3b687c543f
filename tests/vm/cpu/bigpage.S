/*
 * bigpage.S - large and global translations, as Linux's direct map and
 * kernel mappings use them: a 1 GiB page (PDPTE.PS, CPUID pdpe1gb) maps
 * physical 0 at virtual 0x8000000000 and reads this kernel's data; a
 * global 4 KiB page (PTE.G with CR4.PGE) moved to another frame becomes
 * visible after CR4.PGE is toggled (what __flush_tlb_all does; a CR3
 * write alone need not flush it, so that is not checked), and INVLPG
 * flushes a global page too.
 */
#include "cpu.h"

#define BIG  0x8000000000
#define GWIN 0x40000000
#define PTE_G 0x100

    .section .rodata
    .globl test_name
test_name: .asciz "bigpage"

    .text
    .globl test_main
test_main:
    pushq %rbx
    movl $0x80000001, %eax
    cpuid
    PRINT "CPUID advertises 1 GiB pages: "
    btl $26, %edx
    setc %al
    movzbl %al, %edi
    call put_yesno

    /* PML4[0] as booted; PML4[1] -> pdpt_big whose entry 0 is a 1 GiB page
     * at 0; PDPT[1] (0x40000000) -> pd -> pt for the global window */
    movq boot_pml4(%rip), %rax
    movq %rax, pml4(%rip)
    leaq pdpt_big(%rip), %rax
    orq $(PTE_P | PTE_W), %rax
    movq %rax, pml4 + 8(%rip)
    movq $(PTE_P | PTE_W | PTE_PS), pdpt_big(%rip)
    /* the boot PDPT is shared: give it entry 1 for the window (and take it back at the end) */
    leaq pd(%rip), %rax
    orq $(PTE_P | PTE_W), %rax
    movq %rax, boot_pdpt + 8(%rip)
    leaq pt(%rip), %rax
    orq $(PTE_P | PTE_W), %rax
    movq %rax, pd(%rip)
    leaq frame_a(%rip), %rax
    orq $(PTE_P | PTE_W | PTE_G), %rax
    movq %rax, pt(%rip)
    movq $0xaaaa, frame_a(%rip)
    movq $0xbbbb, frame_b(%rip)

    movq %cr4, %rax
    orq $0x80, %rax              /* PGE */
    movq %rax, %cr4
    leaq pml4(%rip), %rax
    movq %rax, %cr3

    /* the 1 GiB page: this kernel's data seen at BIG + its physical address */
    leaq magic(%rip), %rbx
    movabsq $BIG, %rax
    addq %rax, %rbx
    movq (%rbx), %rax
    PRINT "1 GiB page at 0x8000000000 reads physical memory: "
    cmpq magic(%rip), %rax
    YESNO
    movabsq $0x1e1e1e1e, %rax
    movq %rax, 8(%rbx)
    PRINT "and writes it: "
    cmpq magic + 8(%rip), %rax
    YESNO
    movq pdpt_big(%rip), %rax
    PRINT "the 1 GiB PDPTE gets A and D: "
    andq $(PTE_A | PTE_D), %rax
    cmpq $(PTE_A | PTE_D), %rax
    YESNO

    /* a global page, moved: CR4.PGE off and on flushes it */
    movq $GWIN, %rbx
    movq (%rbx), %rax            /* cached, global */
    PRINT "global page reads frame A: "
    cmpq $0xaaaa, %rax
    YESNO
    leaq frame_b(%rip), %rax
    orq $(PTE_P | PTE_W | PTE_G), %rax
    movq %rax, pt(%rip)
    movq %cr4, %rax
    movq %rax, %rcx
    andq $~0x80, %rax
    movq %rax, %cr4
    movq %rcx, %cr4
    movq (%rbx), %rax
    PRINT "after toggling CR4.PGE it reads frame B: "
    cmpq $0xbbbb, %rax
    YESNO
    leaq frame_a(%rip), %rax
    orq $(PTE_P | PTE_W | PTE_G), %rax
    movq %rax, pt(%rip)
    invlpg (%rbx)
    movq (%rbx), %rax
    PRINT "INVLPG flushes a global page: reads frame A: "
    cmpq $0xaaaa, %rax
    YESNO

    leaq boot_pml4(%rip), %rax
    movq %rax, %cr3
    movq $0, boot_pdpt + 8(%rip)
    movq %cr4, %rax
    andq $~0x80, %rax            /* PGE off flushes the global entry too */
    movq %rax, %cr4
    popq %rbx
    ret

    .data
    .p2align 3
magic: .quad 0x6d6167696331, 0

    .bss
    .p2align 12
pml4: .skip 4096
pdpt_big: .skip 4096
pd: .skip 4096
pt: .skip 4096
frame_a: .skip 4096
frame_b: .skip 4096
