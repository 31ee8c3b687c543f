/*
 * ring3.S - the ring transitions a kernel lives on: into ring 3 with IRETQ,
 * back with SYSCALL (LSTAR, STAR, FMASK; RCX/R11 hold the return RIP and
 * RFLAGS; SWAPGS reaches the kernel's GS base) and SYSRETQ, and through an
 * INT gate of DPL 3 (the CPU switches to the TSS's RSP0 and pushes the user
 * SS:RSP). From ring 3 a privileged instruction raises #GP(0) and a read of
 * a supervisor page raises #PF with the U bit in its error code.
 *
 * The user's code, data and stack live in the 2 MiB page at 0 (this kernel
 * is at 1 MiB), opened to ring 3 in the boot tables' PD entry 0; the PD
 * entry at 0x400000 stays supervisor only.
 */
#include "cpu.h"

    .section .rodata
    .globl test_name
test_name: .asciz "ring3"

    .text
/* SYSCALL lands here at CPL 0 with the user's RSP still loaded. */
syscall_entry:
    swapgs
    movq %gs:0, %rax             /* the kernel's per-CPU word */
    movq %rax, sc_gsword(%rip)
    swapgs
    movq %rcx, sc_rcx(%rip)
    movq %r11, sc_r11(%rip)
    movw %cs, %ax
    movzwl %ax, %eax
    movq %rax, sc_cs(%rip)
    pushfq                       /* on the user stack: fine for a test */
    popq %rax
    movq %rax, sc_flags(%rip)
    incq sc_count(%rip)
    movq $0x5c, %rax             /* the "system call's" result */
    sysretq

/* INT 0x80 from ring 3: record the frame the CPU pushed on RSP0's stack. */
int80_handler:
    movq %rsp, int_rsp(%rip)
    movq 8(%rsp), %rax
    movq %rax, int_cs(%rip)
    movq 32(%rsp), %rax
    movq %rax, int_ss(%rip)
    movw %cs, %ax
    movzwl %ax, %eax
    movq %rax, int_mycs(%rip)
    incq int_count(%rip)
    movq $0x80, %rax
    iretq

/* #GP and #PF from ring 3 end the user part: record, then continue in the
 * kernel at user_done on the kernel stack. */
gp_handler:
    movq (%rsp), %rax
    movq %rax, gp_err(%rip)
    movq 16(%rsp), %rax
    movq %rax, gp_cs(%rip)
    incq gp_count(%rip)
    /* resume ring 3 after the 1-byte HLT */
    incq 8(%rsp)
    addq $8, %rsp
    iretq

pf_handler:
    movq (%rsp), %rax
    movq %rax, pf_err(%rip)
    movq %cr2, %rax
    movq %rax, pf_cr2(%rip)
    incq pf_count(%rip)
    movq kernel_rsp(%rip), %rsp
    jmp user_done

    .globl test_main
test_main:
    pushq %rbx
    pushq %rbp
    movq %rsp, kernel_rsp(%rip)
    SET_GATE 0x80, int80_handler, GATE_INT3
    SET_GATE 13, gp_handler, GATE_INT
    SET_GATE 14, pf_handler, GATE_INT

    /* TSS: RSP0 = int_stack_top; descriptor at 0x30 (type 9, present) */
    leaq int_stack_top(%rip), %rax
    movq %rax, tss + 4(%rip)
    leaq tss(%rip), %rax
    movq $103, %rdx              /* limit 15:0 */
    movq %rax, %rcx
    andq $0xffffff, %rcx
    shlq $16, %rcx
    orq %rcx, %rdx               /* base 23:0 */
    movq $0x89, %rcx
    shlq $40, %rcx
    orq %rcx, %rdx               /* type: 64-bit TSS, available; present */
    movq %rax, %rcx
    shrq $24, %rcx
    andq $0xff, %rcx
    shlq $56, %rcx
    orq %rcx, %rdx               /* base 31:24 */
    movq %rdx, tss_desc(%rip)
    shrq $32, %rax
    movq %rax, tss_desc + 8(%rip)   /* base 63:32 */
    movw $TSS_SEL, %ax
    ltr %ax

    /* SYSCALL: EFER.SCE, STAR (kernel CS 0x08, user base 0x18), LSTAR, FMASK (IF, TF, DF) */
    movl $MSR_EFER, %ecx
    rdmsr
    orl $1, %eax
    wrmsr
    movl $MSR_STAR, %ecx
    xorl %eax, %eax
    movl $((UCODE32 << 16) | KCODE), %edx
    wrmsr
    movl $MSR_LSTAR, %ecx
    leaq syscall_entry(%rip), %rax
    movq %rax, %rdx
    shrq $32, %rdx
    wrmsr
    movl $MSR_FMASK, %ecx
    movl $0x47700, %eax          /* Linux's: TF DF IF IOPL AC NT */
    xorl %edx, %edx
    wrmsr
    /* GS: 0 for the user, percpu for the kernel after SWAPGS */
    movl $MSR_GSBASE, %ecx
    xorl %eax, %eax
    xorl %edx, %edx
    wrmsr
    movl $MSR_KGSBASE, %ecx
    leaq percpu(%rip), %rax
    movq %rax, %rdx
    shrq $32, %rdx
    wrmsr

    /* open the 2 MiB page at 0 to ring 3 */
    orq $PTE_U, boot_pd(%rip)
    movq %cr3, %rax
    movq %rax, %cr3

    /* No device interrupt may reach ring 3's IF=1: mask both PICs. */
    movb $0xff, %al
    outb %al, $0x21
    outb %al, $0xa1
    /* IRETQ to ring 3: SS, RSP, RFLAGS (IF=1: ring 3 cannot set it), CS, RIP */
    pushq $(UDATA | 3)
    leaq user_stack_top(%rip), %rax
    pushq %rax
    pushq $0x202
    pushq $(UCODE | 3)
    leaq user_code(%rip), %rax
    pushq %rax
    iretq

user_done:
    movq kernel_rsp(%rip), %rsp
    movl $KDATA, %eax
    movl %eax, %ds
    movl %eax, %es
    andq $~PTE_U, boot_pd(%rip)
    movq %cr3, %rax
    movq %rax, %cr3

    PRINT "ring 3 entered by IRETQ, CS.RPL = 3: "
    cmpq $3, u_cpl(%rip)
    YESNO
    PRINT "SYSCALL: kernel CS 0x08: "
    cmpq $KCODE, sc_cs(%rip)
    YESNO
    PRINT "SYSCALL: RCX = the user's next RIP: "
    leaq after_syscall(%rip), %rax
    cmpq %rax, sc_rcx(%rip)
    YESNO
    PRINT "SYSCALL: R11 = the user's RFLAGS (IF from IRETQ, AC from POPF): "
    movq sc_r11(%rip), %rax
    andq $0x40200, %rax
    cmpq $0x40200, %rax
    YESNO
    PRINT "SYSCALL: FMASK cleared IF and AC in the kernel: "
    testq $0x40200, sc_flags(%rip)
    YESNO
    PRINT "SWAPGS: the kernel's GS word: "
    PRINTHEX sc_gsword(%rip)
    PRINT "\n"
    PRINT "SYSRETQ: back in ring 3 with the result 0x5c, CS "
    PRINTHEX u_cs_after_sysret(%rip)
    PRINT ", SS "
    PRINTHEX u_ss_after_sysret(%rip)
    PRINT ": "
    cmpq $0x5c, u_sysret_rax(%rip)
    YESNO
    PRINT "INT 0x80: handler at CPL 0: "
    cmpq $KCODE, int_mycs(%rip)
    YESNO
    PRINT "INT 0x80: on the TSS's RSP0 stack: "
    leaq int_stack_top(%rip), %rax
    subq $40, %rax
    cmpq %rax, int_rsp(%rip)
    YESNO
    PRINT "INT 0x80: frame CS "
    PRINTHEX int_cs(%rip)
    PRINT " SS "
    PRINTHEX int_ss(%rip)
    PRINT ", result back in ring 3: "
    cmpq $0x80, u_int_rax(%rip)
    YESNO
    PRINT "HLT in ring 3: #GP error "
    PRINTHEX gp_err(%rip)
    PRINT " from CS "
    PRINTHEX gp_cs(%rip)
    PRINT ", ring 3 resumed after it: "
    cmpq $1, u_after_gp(%rip)
    YESNO
    PRINT "ring 3 reads a supervisor page: #PF error "
    PRINTHEX pf_err(%rip)
    PRINT " cr2 "
    PRINTHEX pf_cr2(%rip)
    PRINT "\n"
    PRINT "system calls 1, INTs 1, #GPs 1, #PFs 1: "
    movq sc_count(%rip), %rax
    addq int_count(%rip), %rax
    addq gp_count(%rip), %rax
    addq pf_count(%rip), %rax
    cmpq $4, %rax
    YESNO
    popq %rbp
    popq %rbx
    ret

/* ---- ring 3 ----------------------------------------------------------- */
user_code:
    movw %cs, %ax
    andq $3, %rax
    movq %rax, u_cpl(%rip)
    pushq $0x40202               /* AC on (ring 3 may; IF it may not change) */
    popfq
    movq $1, %rax
    syscall
after_syscall:
    movq %rax, u_sysret_rax(%rip)
    movw %cs, %ax
    movzwl %ax, %eax
    movq %rax, u_cs_after_sysret(%rip)
    movw %ss, %ax
    movzwl %ax, %eax
    movq %rax, u_ss_after_sysret(%rip)
    int $0x80
    movq %rax, u_int_rax(%rip)
    hlt                          /* #GP(0): privileged */
    movq $1, u_after_gp(%rip)
    movq $0x400000, %rax
    movq (%rax), %rax            /* #PF: supervisor page */
    movq $2, u_after_gp(%rip)    /* never */
1:  jmp 1b

    .data
    .p2align 3
percpu: .quad 0xfeedc0de
kernel_rsp: .quad 0
sc_rcx: .quad 0
sc_r11: .quad 0
sc_cs: .quad 0
sc_flags: .quad 0
sc_gsword: .quad 0
sc_count: .quad 0
int_rsp: .quad 0
int_cs: .quad 0
int_ss: .quad 0
int_mycs: .quad 0
int_count: .quad 0
gp_err: .quad -1
gp_cs: .quad 0
gp_count: .quad 0
pf_err: .quad -1
pf_cr2: .quad 0
pf_count: .quad 0
u_cpl: .quad -1
u_sysret_rax: .quad 0
u_cs_after_sysret: .quad 0
u_ss_after_sysret: .quad 0
u_int_rax: .quad 0
u_after_gp: .quad 0
    .p2align 4
tss: .fill 104, 1, 0

    .bss
    .p2align 4
    .skip 4096
int_stack_top:
    .skip 4096
user_stack_top:
