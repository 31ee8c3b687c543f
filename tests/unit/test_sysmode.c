/*
 * test_sysmode.c - the x86 CPU in system mode (xlate/sysmode.h) on a fake
 * bus: 4 MiB of RAM, port and MMIO callbacks that log, an interrupt line
 * the test raises. Each test runs a small guest program (assembled here by
 * the host assembler into .rodata, copied to guest-physical CODE) in long
 * mode with page tables the harness builds, and checks what it left in
 * registers and memory. Expected values are next to the code.
 *
 * Guest-physical layout (identity-mapped by 4 KiB pages below 2 MiB unless
 * a test remaps a page; PD[2]: va 4 MiB -> pa 2 MiB as one 2 MiB page;
 * PDPT[1]: va 1 GiB -> pa 0 as one 1 GiB page):
 *   0x1000 PML4  0x2000 PDPT  0x3000 PD  0x4000 PT (va 0-2 MiB)
 *   0x5000 GDT   0x6000 IDT   0x7000 TSS  0x8000 kernel stack top (RSP0)
 *   0xa000 IST1 stack top     0x10000 code   0x1ff00 IDTR image
 *   0x20000 results (DATA)    0x30000 user stack top
 * GDT: 08 kernel code64, 10 kernel data, 18 user code32, 20 user data,
 *      28 user code64, 30 TSS (16 bytes).
 */
#include "tests/unit/unit_util.h"
#include "xlate/sysmode.h"

#if !defined(__x86_64__)
/* The guest programs are assembled by the host's assembler. */
Test(sysmode, needs_an_x86_64_host) { cr_log_info("sysmode: guest programs need an x86-64 assembler"); }
#else

#include "tests/unit/sysmode/harness.h"

/* ---- paging: translation through 4 KiB, 2 MiB and 1 GiB pages, A/D ---- */

GUEST(g_paging,
      PROLOGUE
      "movabs $0x1122334455667788, %rax\n"
      "mov %rax, 0x1ff008\n"            /* va 0x1ff000 -> pa 0x150000 */
      "mov 0x1ff008, %rbx\n"
      "mov 0x1fe000, %rcx\n"            /* read only: A, not D */
      "mov 0x400010, %rdx\n"            /* 2 MiB page: pa 0x200010 */
      "mov 0x40150008, %rsi\n"          /* 1 GiB page: pa 0x150008 */
      "hlt\n");

Test(sysmode, paging_translates_and_sets_accessed_dirty)
{
    struct vmt t;
    setup(&t, g_paging, g_paging_end);
    map4k(&t, 0x1ff000, 0x150000 | P | W);
    wr64(&t, 0x200010, 0xdead);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, 0x150008), 0x1122334455667788ull);
    cr_assert_eq(t.cpu.r[3], 0x1122334455667788ull);
    cr_assert_eq(t.cpu.r[2], 0xdead);
    cr_assert_eq(t.cpu.r[6], 0x1122334455667788ull);
    cr_assert_eq(rd64(&t, PT + 0x1ff * 8) & (A | D), A | D);
    cr_assert_eq(rd64(&t, PT + 0x1fe * 8) & (A | D), A);
    cr_assert_eq(rd64(&t, PD + 16) & (A | D), A);
    cr_assert(rd64(&t, PML4) & A);
    cr_assert(x86_sys_stats(&t.cpu)->tlb_fills > 0);
    cr_assert_eq(x86_sys_stats(&t.cpu)->guest_pf, 0);
    teardown_vm(&t);
}

/* ---- #PF delivered with CR2 and error code; the handler maps the page ---- */

GUEST(g_pf,
      PROLOGUE
      "movl $0x77, 0x1fe010\n"          /* not present: #PF, fixed, re-executed */
      "hlt\n"
      LABEL(g_pf_handler)
      "mov %cr2, %rax\n"
      "mov %rax, 0x20000\n"
      "pop %rax\n"
      "mov %rax, 0x20008\n"
      "mov %cr2, %rbx\n"
      "shr $12, %rbx\n"
      "orq $1, 0x4000(,%rbx,8)\n"
      "mov %cr2, %rbx\n"
      "invlpg (%rbx)\n"
      "incq 0x20010\n"
      "iretq\n");

Test(sysmode, page_fault_with_cr2_error_code_and_retry)
{
    struct vmt t;
    setup(&t, g_pf, g_pf_end);
    extern const uint8_t g_pf_handler[];
    set_gate(&t, 14, va_of(&t, g_pf_handler), 0, 0);
    map4k(&t, 0x1fe000, 0x1fe000 | W);                   /* not present */
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 0x1fe010);              /* CR2 */
    cr_assert_eq(rd64(&t, DATA + 8), 2);                 /* W, not present, supervisor */
    cr_assert_eq(rd64(&t, DATA + 16), 1);
    cr_assert_eq(rd64(&t, 0x1fe010) & 0xffffffff, 0x77);
    cr_assert_eq(x86_sys_stats(&t.cpu)->guest_pf, 1);
    teardown_vm(&t);
}

/* ---- ring 3: a user read of a supervisor page; RSP0 from the TSS ---- */

GUEST(g_user,
      PROLOGUE
      "push $0x23\n push $0x30000\n push $0x2\n push $0x2b\n"
      "lea g_user_code(%rip), %rax\n push %rax\n"
      "iretq\n"
      LABEL(g_user_code)
      "mov $0x1234, %r12\n"
      "mov 0x21000, %rax\n"             /* supervisor page: #PF P|U */
      "hlt\n"
      LABEL(g_user_pf)
      "mov %cr2, %rax\n mov %rax, 0x20000\n"
      "pop %rax\n mov %rax, 0x20008\n"
      "mov 8(%rsp), %rax\n mov %rax, 0x20010\n"      /* the interrupted CS */
      "mov 32(%rsp), %rax\n mov %rax, 0x20018\n"     /* the interrupted SS */
      "mov %rsp, 0x20020\n"
      "mov %cs, %eax\n mov %rax, 0x20028\n"
      "hlt\n");

Test(sysmode, user_access_to_supervisor_page_faults)
{
    struct vmt t;
    setup(&t, g_user, g_user_end);
    extern const uint8_t g_user_pf[];
    set_gate(&t, 14, va_of(&t, g_user_pf), 0, 0);
    for (uint64_t va = CODE; va < CODE + 0x2000; va += 0x1000)
        map4k(&t, va, va | P | U);
    map4k(&t, 0x2f000, 0x2f000 | P | W | U);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(t.cpu.r[12], 0x1234);
    cr_assert_eq(rd64(&t, DATA), 0x21000);
    cr_assert_eq(rd64(&t, DATA + 8), 5);                 /* P | U, read */
    cr_assert_eq(rd64(&t, DATA + 16), 0x2b);
    cr_assert_eq(rd64(&t, DATA + 24), 0x23);
    cr_assert_eq(rd64(&t, DATA + 32), 0x8000 - 40);      /* RSP0, frame of five */
    cr_assert_eq(rd64(&t, DATA + 40), 0x08);
    teardown_vm(&t);
}

/* ---- INT n / IRETQ, and INT n from ring 3 through a DPL 0 gate ---- */

GUEST(g_int,
      PROLOGUE
      "mov $5, %rax\n"
      "int $0x80\n"
      "mov %rax, 0x20000\n"
      "pushfq\n pop %rax\n mov %rax, 0x20008\n"
      "hlt\n"
      LABEL(g_int_handler)
      "add $10, %rax\n"
      "pushfq\n pop %rbx\n mov %rbx, 0x20010\n"
      "iretq\n");

Test(sysmode, int_iretq_round_trip)
{
    struct vmt t;
    setup(&t, g_int, g_int_end);
    extern const uint8_t g_int_handler[];
    set_gate(&t, 0x80, va_of(&t, g_int_handler), 0, 1);  /* on IST1 */
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 15);
    cr_assert_eq(rd64(&t, DATA + 16) & 0x200, 0);        /* interrupt gate: IF clear inside */
    cr_assert_eq(t.cpu.r[4], 0x8000);                    /* IRETQ restored the stack */
    cr_assert_eq(x86_sys_stats(&t.cpu)->exceptions, 1);
    teardown_vm(&t);
}

/* ---- SYSCALL / SYSRET from ring 3, then #UD back to the kernel ---- */

GUEST(g_sysc,
      PROLOGUE
      "mov $0xc0000081, %ecx\n xor %eax, %eax\n mov $0x00180008, %edx\n wrmsr\n"
      "mov $0xc0000082, %ecx\n lea g_sysc_entry(%rip), %rax\n mov %rax, %rdx\n shr $32, %rdx\n wrmsr\n"
      "mov $0xc0000084, %ecx\n mov $0x200, %eax\n xor %edx, %edx\n wrmsr\n"
      "mov $0xc0000080, %ecx\n rdmsr\n or $1, %eax\n wrmsr\n"
      "push $0x23\n push $0x30000\n push $0x202\n push $0x2b\n"
      "lea g_sysc_user(%rip), %rax\n push %rax\n"
      "iretq\n"
      LABEL(g_sysc_user)
      "mov $7, %rdi\n"
      "syscall\n"
      "mov %cs, %ebx\n"
      "mov %ss, %ebp\n"
      "int $0x80\n"                     /* DPL 0 gate: #GP(0x80 * 8 + 2) */
      LABEL(g_sysc_entry)
      "mov %cs, %eax\n mov %rax, 0x20000\n"
      "mov %ss, %eax\n mov %rax, 0x20008\n"
      "mov %rcx, 0x20010\n"
      "mov %r11, 0x20018\n"
      "pushfq\n pop %rax\n mov %rax, 0x20020\n"
      "add $1, %rdi\n"
      "sysretq\n"
      LABEL(g_sysc_gp)
      "pop %rax\n mov %rax, 0x20028\n"
      "mov 8(%rsp), %rax\n mov %rax, 0x20030\n"
      "hlt\n");

Test(sysmode, syscall_sysret_round_trip)
{
    struct vmt t;
    setup(&t, g_sysc, g_sysc_end);
    extern const uint8_t g_sysc_gp[], g_sysc_user[];
    set_gate(&t, 13, va_of(&t, g_sysc_gp), 0, 0);
    set_gate(&t, 0x80, va_of(&t, g_sysc_gp), 0, 0);
    for (uint64_t va = CODE; va < CODE + 0x2000; va += 0x1000)
        map4k(&t, va, va | P | U);
    map4k(&t, 0x2f000, 0x2f000 | P | W | U);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 0x08);                  /* kernel CS from STAR */
    cr_assert_eq(rd64(&t, DATA + 8), 0x10);
    cr_assert_eq(rd64(&t, DATA + 16), va_of(&t, g_sysc_user) + 7 + 2);   /* after the syscall */
    cr_assert_eq(rd64(&t, DATA + 24) & 0x200, 0x200);    /* R11: the user's RFLAGS */
    cr_assert_eq(rd64(&t, DATA + 32) & 0x200, 0);        /* SFMASK cleared IF */
    cr_assert_eq(t.cpu.r[7], 8);
    cr_assert_eq(t.cpu.r[3], 0x2b);                      /* back in ring 3, 64-bit */
    cr_assert_eq(t.cpu.r[5], 0x23);
    cr_assert_eq(rd64(&t, DATA + 40), 0x80 * 8 + 2);     /* #GP error code: IDT, vector 0x80 */
    cr_assert_eq(rd64(&t, DATA + 48), 0x2b);
    teardown_vm(&t);
}

/* ---- external interrupts: only with IF=1, after the STI shadow ---- */

GUEST(g_irq,
      PROLOGUE
      "cli\n"
      "out %al, $0x80\n"                /* the fake bus raises the line */
      "xor %ecx, %ecx\n"
      "1: inc %ecx\n cmp $100, %ecx\n jne 1b\n"
      "mov %rcx, 0x20000\n"
      "mov $0, %edx\n"
      "sti\n"
      "mov $1, %edx\n"                  /* runs before the interrupt */
      "mov $2, %edx\n"
      "hlt\n"
      LABEL(g_irq_handler)
      "mov %rdx, 0x20008\n"
      "incq 0x20010\n"
      "iretq\n");

Test(sysmode, external_interrupt_only_when_if_set)
{
    struct vmt t;
    setup(&t, g_irq, g_irq_end);
    extern const uint8_t g_irq_handler[];
    set_gate(&t, 0x20, va_of(&t, g_irq_handler), 0, 0);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 100);
    cr_assert_eq(rd64(&t, DATA + 8), 1);
    cr_assert_eq(rd64(&t, DATA + 16), 1);
    cr_assert_eq(t.f.acks, 1);
    cr_assert_eq(t.cpu.r[2], 2);
    cr_assert_eq(x86_sys_stats(&t.cpu)->interrupts, 1);
    teardown_vm(&t);
}

/* ---- HLT: halted until an interrupt is taken ---- */

GUEST(g_hlt,
      PROLOGUE
      "sti\n"
      "hlt\n"
      "movq $1, 0x20000\n"
      "hlt\n"
      LABEL(g_hlt_handler)
      "incq 0x20008\n"
      "iretq\n");

Test(sysmode, hlt_wakes_on_interrupt)
{
    struct vmt t;
    setup(&t, g_hlt, g_hlt_end);
    extern const uint8_t g_hlt_handler[];
    set_gate(&t, 0x20, va_of(&t, g_hlt_handler), 0, 0);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert(x86_sys_halted(&t.cpu));
    uint64_t n = t.cpu.insns;
    cr_assert_eq(run(&t), EXIT_HLT);                     /* nothing pending: stays halted */
    cr_assert_eq(t.cpu.insns, n);
    cr_assert_eq(rd64(&t, DATA), 0);
    t.f.irq = true;
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA + 8), 1);
    cr_assert_eq(rd64(&t, DATA), 1);
    teardown_vm(&t);
}

/* ---- MMIO: physical addresses outside RAM reach the bus ---- */

GUEST(g_mmio,
      PROLOGUE
      "movl $0xabcd, 0x1fd010\n"
      "mov 0x1fd020, %ebx\n"
      "mov $0x3f8, %dx\n mov $0x41, %al\n out %al, %dx\n"
      "hlt\n");

Test(sysmode, mmio_and_pio_reach_the_bus)
{
    struct vmt t;
    setup(&t, g_mmio, g_mmio_end);
    map4k(&t, 0x1fd000, 0xfec00000ull | P | W);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(t.f.n_mmio_w, 1);
    cr_assert_eq(t.f.mmio_w_pa, 0xfec00010ull);
    cr_assert_eq(t.f.mmio_w_size, 4);
    cr_assert_eq(t.f.mmio_w_val, 0xabcd);
    cr_assert_eq(t.f.mmio_r_pa, 0xfec00020ull);
    cr_assert_eq(t.cpu.r[3], 0x5a5a5a5a);
    cr_assert_eq(t.f.pio_w_port, 0x3f8);
    teardown_vm(&t);
}

/* ---- TLB: cached until INVLPG / CR3; guest writes to page tables seen ---- */

GUEST(g_tlb,
      PROLOGUE
      "mov 0x1fc000, %rax\n mov %rax, 0x20000\n"
      "out %al, $0x81\n"
      "mov 0x1fc000, %rax\n mov %rax, 0x20008\n"      /* stale: the host changed the PTE */
      "invlpg 0x1fc000\n"
      "mov 0x1fc000, %rax\n mov %rax, 0x20010\n"
      "out %al, $0x81\n"
      "mov %cr3, %rbx\n mov %rbx, %cr3\n"
      "mov 0x1fc000, %rax\n mov %rax, 0x20018\n"
      "movq $0x160003, 0x4fe0\n"                       /* the guest rewrites the PTE itself */
      "mov 0x1fc000, %rax\n mov %rax, 0x20020\n"
      "hlt\n");

Test(sysmode, tlb_flush_on_invlpg_cr3_and_page_table_writes)
{
    struct vmt t;
    setup(&t, g_tlb, g_tlb_end);
    wr64(&t, 0x160000, 1);
    wr64(&t, 0x161000, 2);
    wr64(&t, 0x162000, 3);
    map4k(&t, 0x1fc000, 0x160000 | P | W);
    cr_assert_eq(run(&t), EXIT_BUDGET);                  /* kicked by the port write */
    map4k(&t, 0x1fc000, 0x161000 | P | W);
    cr_assert_eq(run(&t), EXIT_BUDGET);
    map4k(&t, 0x1fc000, 0x162000 | P | W);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 1);
    cr_assert_eq(rd64(&t, DATA + 8), 1);
    cr_assert_eq(rd64(&t, DATA + 16), 2);
    cr_assert_eq(rd64(&t, DATA + 24), 3);
    cr_assert_eq(rd64(&t, DATA + 32), 1);
    cr_assert(x86_sys_stats(&t.cpu)->tlb_invlpg >= 2);  /* INVLPG, and the page-table write */
    teardown_vm(&t);
}

/* ---- accesses across a page boundary into pages far apart in RAM ---- */

GUEST(g_split,
      PROLOGUE
      "movabs $0x8877665544332211, %rax\n"
      "mov %rax, 0x1f9ffc\n"            /* halves in pa 0x172ffc and pa 0x170000 */
      "mov 0x1f9ffc, %rbx\n"
      "mov $0x11111111, %eax\n"
      "mov $0x99, %ecx\n"
      "lock xadd %rcx, 0x1f9ffc\n"      /* read-modify-write through a bounce buffer */
      "movabs $0x0102030405060708, %rdx\n"
      "movq %rdx, %xmm0\n movq %rdx, %xmm1\n punpcklqdq %xmm1, %xmm0\n"
      "movdqu %xmm0, 0x1f9ff8\n"
      "movdqu 0x1f9ff8, %xmm2\n movq %xmm2, %rsi\n"
      "movq $0x1234, 0x1f6ffc\n"        /* second page missing: #PF before anything is written */
      "hlt\n"
      LABEL(g_split_pf)
      "mov %cr2, %rax\n mov %rax, 0x20000\n"
      "pop %rax\n mov %rax, 0x20008\n"
      "mov 0x1f6ffc, %eax\n mov %rax, 0x20010\n"
      "orq $1, 0x4fb8\n"                /* PT entry of 0x1f7000 */
      "invlpg 0x1f7000\n"
      "iretq\n");

Test(sysmode, page_crossing_accesses)
{
    struct vmt t;
    setup(&t, g_split, g_split_end);
    extern const uint8_t g_split_pf[];
    set_gate(&t, 14, va_of(&t, g_split_pf), 0, 0);
    map4k(&t, 0x1f9000, 0x172000 | P | W);
    map4k(&t, 0x1fa000, 0x170000 | P | W);
    map4k(&t, 0x1f7000, 0x1f7000 | W);                   /* not present */
    wr64(&t, 0x1f6ff8, 0xaaaaaaaaaaaaaaaaull);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(t.cpu.r[3], 0x8877665544332211ull);
    cr_assert_eq(t.cpu.r[1], 0x8877665544332211ull);     /* XADD's old value */
    cr_assert_eq(t.cpu.r[6], 0x0102030405060708ull);
    uint32_t lo, hi;
    memcpy(&lo, t.ram + 0x172ff8, 4);
    memcpy(&hi, t.ram + 0x172ffc, 4);
    cr_assert_eq(lo, 0x05060708);
    cr_assert_eq(hi, 0x01020304);
    memcpy(&lo, t.ram + 0x170000, 4);
    cr_assert_eq(lo, 0x05060708);
    cr_assert_eq(rd64(&t, DATA), 0x1f7000);              /* CR2: the missing page */
    cr_assert_eq(rd64(&t, DATA + 8), 2);
    cr_assert_eq(rd64(&t, DATA + 16), 0xaaaaaaaa);       /* nothing written before the fault */
    cr_assert_eq(rd64(&t, 0x1f6ffc) & 0xffffffff, 0x1234);
    teardown_vm(&t);
}

/* ---- NX: fetching from a no-execute page ---- */

GUEST(g_nx,
      PROLOGUE
      "mov $0xc0000080, %ecx\n rdmsr\n or $0x800, %eax\n wrmsr\n"
      "mov $0x1f5000, %rax\n"
      "call *%rax\n"
      "hlt\n"
      LABEL(g_nx_pf)
      "mov %cr2, %rax\n mov %rax, 0x20000\n"
      "pop %rax\n mov %rax, 0x20008\n"
      "hlt\n");

Test(sysmode, fetch_from_nx_page_faults)
{
    struct vmt t;
    setup(&t, g_nx, g_nx_end);
    extern const uint8_t g_nx_pf[];
    set_gate(&t, 14, va_of(&t, g_nx_pf), 0, 0);
    t.ram[0x1f5000] = 0xc3;                              /* RET, never run */
    map4k(&t, 0x1f5000, 0x1f5000 | P | W | NX);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 0x1f5000);
    cr_assert_eq(rd64(&t, DATA + 8), 0x11);              /* P | I/D */
    teardown_vm(&t);
}

/* ---- triple fault: no usable IDT ---- */

GUEST(g_triple,
      PROLOGUE
      "lidt 0x1ff80\n"                  /* limit 0 */
      "ud2\n");

Test(sysmode, triple_fault_is_shutdown)
{
    struct vmt t;
    setup(&t, g_triple, g_triple_end);
    cr_assert_eq(run(&t), EXIT_SHUTDOWN);
    teardown_vm(&t);
}

/* ---- segments and descriptor tables: LRETQ reloads CS, SGDT, #GP(sel) ---- */

GUEST(g_seg,
      PROLOGUE
      "sgdt 0x20000\n"
      "push $0x08\n lea 1f(%rip), %rax\n push %rax\n lretq\n"
      "1: mov $0x10, %eax\n mov %eax, %ds\n mov %eax, %ss\n"
      "mov %cs, %ebx\n"
      "mov $0x2b, %eax\n mov %eax, %ds\n"           /* code segment: #GP(0x28) */
      "hlt\n"
      LABEL(g_seg_gp)
      "pop %rax\n mov %rax, 0x20010\n"
      "hlt\n");

Test(sysmode, segment_loads_and_far_return)
{
    struct vmt t;
    setup(&t, g_seg, g_seg_end);
    extern const uint8_t g_seg_gp[];
    set_gate(&t, 13, va_of(&t, g_seg_gp), 0, 0);
    /* Make user code64 non-readable so that loading it into DS faults. */
    wr64(&t, GDT + 0x28, 0x00aff9000000ffffull);
    cr_assert_eq(run(&t), EXIT_HLT);
    uint16_t lim;
    memcpy(&lim, t.ram + DATA, 2);
    cr_assert_eq(lim, 0x3f);
    cr_assert_eq(rd64(&t, DATA + 2), GDT);
    cr_assert_eq(t.cpu.r[3], 0x08);
    cr_assert_eq(rd64(&t, DATA + 16), 0x28);
    teardown_vm(&t);
}

/* ---- 32-bit protected mode: 2-level paging with a 4 MiB page, a 32-bit
 * interrupt gate and IRETD ---- */

#define PD32 0x28000
#define PT32 0x29000

GUEST(g_prot,
      ".code32\n"
      "lidt 0x1ff00\n"
      "mov $0x28000, %eax\n mov %eax, %cr3\n"
      "mov %cr4, %eax\n or $0x10, %eax\n mov %eax, %cr4\n"          /* PSE */
      "mov %cr0, %eax\n or $0x80000000, %eax\n mov %eax, %cr0\n"
      "movl $0x55, 0x521000\n"          /* 4 MiB page: pa 0x121000 */
      "mov 0x520000, %ebx\n"
      "int $0x30\n"
      "mov %eax, 0x20000\n"
      "mov %esp, 0x20004\n"
      "hlt\n"
      LABEL(g_prot_handler)
      "mov $0x99, %eax\n"
      "mov 8(%esp), %ecx\n"             /* EFLAGS pushed by the gate */
      "iret\n"
      ".code64\n");

Test(sysmode, protected_mode_paging_and_32bit_gate)
{
    struct vmt t;
    setup(&t, g_prot, g_prot_end);
    extern const uint8_t g_prot_handler[];
    wr64(&t, GDT + 8, 0x00cf9b000000ffffull);            /* 32-bit code at 0x08 */
    uint32_t e;
    e = PT32 | P | W;
    memcpy(t.ram + PD32, &e, 4);
    e = 0x000000 | P | W | PS;                           /* va 4 MiB -> pa 0 */
    memcpy(t.ram + PD32 + 4, &e, 4);
    for (uint32_t i = 0; i < 1024; i++) {
        e = (i << 12) | P | W;
        memcpy(t.ram + PT32 + i * 4, &e, 4);
    }
    uint64_t target = va_of(&t, g_prot_handler);
    uint64_t gate = (target & 0xffff) | (0x08ull << 16) | (0x8eull << 40) | ((target & 0xffff0000ull) << 32);
    wr64(&t, IDT + 0x30 * 8, gate);
    uint16_t lim = 0x7ff;
    uint32_t base = IDT;
    memcpy(t.ram + IDTR_IMG, &lim, 2);
    memcpy(t.ram + IDTR_IMG + 2, &base, 4);
    wr64(&t, 0x120000, 0x77);
    x86_sys_enter_protected_mode(&t.cpu, GDT, 0x3f, 0x08, 0x10);
    t.cpu.rip = CODE;
    t.cpu.r[4] = 0x8000;
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(t.cpu.mode, X86_MODE_32);
    cr_assert_eq(t.cpu.r[3], 0x77);
    cr_assert_eq(rd64(&t, 0x121000) & 0xff, 0x55);
    uint32_t v;
    memcpy(&v, t.ram + DATA, 4);
    cr_assert_eq(v, 0x99);
    memcpy(&v, t.ram + DATA + 4, 4);
    cr_assert_eq(v, 0x8000);                             /* IRETD popped EIP, CS, EFLAGS */
    cr_assert_eq(t.cpu.r[1] & 0xfffff202, 2);            /* EFLAGS at 8(%esp): bit 1 set, IF clear */
    memcpy(&v, t.ram + PD32 + 4, 4);
    cr_assert_eq(v & (A | D), A | D);                    /* the 4 MiB page was written */
    teardown_vm(&t);
}

/* ---- real mode from RESET: the reset vector in ROM (MMIO), a far jump,
 * real-mode segments, INT through the IVT and IRET ---- */

GUEST(g_real,
      ".code16\n"
      "mov $0x2000, %ax\n mov %ax, %ds\n"
      "movw $0x1234, 0x10\n"            /* pa 0x20010 */
      "mov $0x7000, %ax\n mov %ax, %ss\n mov $0x1000, %sp\n"
      "int $0x10\n"
      "mov %bx, 0x12\n"
      "hlt\n"
      LABEL(g_real_handler)
      "mov $0x4321, %bx\n"
      "iret\n"
      ".code64\n");

static const uint8_t reset_rom[16] = { 0xea, 0x00, 0x00, 0x00, 0x10 };   /* ljmp $0x1000, $0 */

static uint64_t rom_read(void *o, uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        if (pa + i >= 0xfffffff0ull)
            v |= (uint64_t)reset_rom[pa + i - 0xfffffff0ull] << (8 * i);
    (void)o;
    return v;
}

Test(sysmode, real_mode_from_reset)
{
    struct vmt t;
    setup(&t, g_real, g_real_end);
    extern const uint8_t g_real_handler[];
    x86_sys_free(&t.cpu);
    struct x86_sys_bus bus = {
        .opaque = &t.f, .ram = t.ram, .ram_size = RAM_SIZE,
        .pio_read = f_pio_read, .pio_write = f_pio_write, .mmio_read = rom_read, .mmio_write = f_mmio_write,
        .irq_pending = f_irq_pending, .irq_ack = f_irq_ack, .now_ns = f_now, .tsc_hz = 1000000000,
    };
    cr_assert_eq(x86_sys_init(&t.cpu, &bus), 0);         /* RESET: f000:fff0, real mode */
    cr_assert_eq(t.cpu.mode, X86_MODE_16);
    uint16_t iv[2] = { (uint16_t)(g_real_handler - g_real), 0x1000 };
    memcpy(t.ram + 0x10 * 4, iv, 4);
    cr_assert_eq(run(&t), EXIT_HLT);
    uint16_t v;
    memcpy(&v, t.ram + 0x20010, 2);
    cr_assert_eq(v, 0x1234);
    memcpy(&v, t.ram + 0x20012, 2);
    cr_assert_eq(v, 0x4321);
    cr_assert_eq(t.cpu.seg_sel[1], 0x1000);
    cr_assert_eq(t.cpu.r[4] & 0xffff, 0x1000);
    teardown_vm(&t);
}

/* ---- a fault storm (the #PF handler itself is not mapped, on an IST
 * stack so no #DF ever comes) still ends x86_run at the budget ---- */

GUEST(g_storm,
      PROLOGUE
      "mov 0x1fe000, %rax\n"
      "hlt\n");

Test(sysmode, fault_storm_respects_budget)
{
    struct vmt t;
    setup(&t, g_storm, g_storm_end);
    set_gate(&t, 14, 0x1fd000, 0, 1);
    map4k(&t, 0x1fe000, 0x1fe000 | W);                   /* not present */
    map4k(&t, 0x1fd000, 0x1fd000 | W);                   /* the handler: not present either */
    cr_assert_eq(x86_run(&t.cpu, 1000), EXIT_BUDGET);
    cr_assert(x86_sys_stats(&t.cpu)->guest_pf >= 900);
    teardown_vm(&t);
}

/* ---- CR0.WP: a supervisor write to a read-only page faults (P|W), with
 * WP clear it does not; a user write to a read-only page is P|W|U ---- */

GUEST(g_wp,
      PROLOGUE
      "movl $1, 0x1fe000\n"             /* read-only, WP=1: #PF, the handler clears WP */
      "movl $2, 0x1fd000\n"             /* read-only, WP=0: allowed */
      "push $0x23\n push $0x30000\n push $0x2\n push $0x2b\n"
      "lea g_wp_user(%rip), %rax\n push %rax\n"
      "iretq\n"
      LABEL(g_wp_user)
      "movl $3, 0x2e000\n"              /* user, read-only: #PF P|W|U */
      LABEL(g_wp_pf)
      "incq 0x20000\n"
      "mov 0x20000, %rbx\n"
      "pop %rax\n mov %rax, 0x20000(,%rbx,8)\n"
      "mov %cr2, %rax\n mov %rax, 0x20040(,%rbx,8)\n"
      "cmp $1, %rbx\n jne 1f\n"
      "mov %cr0, %rax\n and $0xfffffffffffeffff, %rax\n mov %rax, %cr0\n"
      "iretq\n"
      "1: hlt\n");

Test(sysmode, write_protect_and_user_write_error_codes)
{
    struct vmt t;
    setup(&t, g_wp, g_wp_end);
    extern const uint8_t g_wp_pf[];
    set_gate(&t, 14, va_of(&t, g_wp_pf), 0, 0);
    for (uint64_t va = CODE; va < CODE + 0x2000; va += 0x1000)
        map4k(&t, va, va | P | U);
    map4k(&t, 0x2f000, 0x2f000 | P | W | U);
    map4k(&t, 0x2e000, 0x2e000 | P | U);
    map4k(&t, 0x1fe000, 0x1fe000 | P);
    map4k(&t, 0x1fd000, 0x1fd000 | P);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 2);                     /* two faults */
    cr_assert_eq(rd64(&t, DATA + 8), 3);                 /* P | W, supervisor */
    cr_assert_eq(rd64(&t, DATA + 0x48), 0x1fe000);
    cr_assert_eq(rd64(&t, DATA + 16), 7);                /* P | W | U */
    cr_assert_eq(rd64(&t, DATA + 0x50), 0x2e000);
    cr_assert_eq(t.ram[0x1fe000], 1);
    cr_assert_eq(t.ram[0x1fd000], 2);
    cr_assert_eq(t.ram[0x2e000], 0);
    teardown_vm(&t);
}

/* ---- an external interrupt taken in ring 3: RSP0, the ring 3 frame ---- */

GUEST(g_uirq,
      PROLOGUE
      "push $0x23\n push $0x30000\n push $0x202\n push $0x2b\n"
      "lea g_uirq_user(%rip), %rax\n push %rax\n"
      "iretq\n"
      LABEL(g_uirq_user)
      "1: jmp 1b\n"
      LABEL(g_uirq_handler)
      "mov 8(%rsp), %rax\n mov %rax, 0x20000\n"       /* CS */
      "mov 24(%rsp), %rax\n mov %rax, 0x20008\n"      /* RSP */
      "mov 32(%rsp), %rax\n mov %rax, 0x20010\n"      /* SS */
      "mov %rsp, 0x20018\n"
      "hlt\n");

Test(sysmode, interrupt_in_ring3_switches_to_rsp0)
{
    struct vmt t;
    setup(&t, g_uirq, g_uirq_end);
    extern const uint8_t g_uirq_handler[];
    set_gate(&t, 0x20, va_of(&t, g_uirq_handler), 0, 0);
    for (uint64_t va = CODE; va < CODE + 0x2000; va += 0x1000)
        map4k(&t, va, va | P | U);
    map4k(&t, 0x2f000, 0x2f000 | P | W | U);
    t.f.irq = true;                                      /* pending from the start; IF=0 until ring 3 */
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 0x2b);
    cr_assert_eq(rd64(&t, DATA + 8), 0x30000);
    cr_assert_eq(rd64(&t, DATA + 16), 0x23);
    cr_assert_eq(rd64(&t, DATA + 24), 0x8000 - 40);
    teardown_vm(&t);
}

/* ---- an instruction across a page boundary whose second page is missing:
 * #PF for the next page at fetch, then it runs whole ---- */

GUEST(g_xfetch,
      PROLOGUE
      "mov $0xc0000080, %ecx\n rdmsr\n or $0x800, %eax\n wrmsr\n"
      "mov $0x1f4ffd, %rax\n"
      "jmp *%rax\n"
      LABEL(g_xfetch_pf)
      "mov %cr2, %rax\n mov %rax, 0x20000\n"
      "pop %rax\n mov %rax, 0x20008\n"
      "orq $1, 0x4fa8\n"                /* PT entry of 0x1f5000 */
      "invlpg 0x1f5000\n"
      "iretq\n");

Test(sysmode, instruction_fetch_across_pages)
{
    struct vmt t;
    setup(&t, g_xfetch, g_xfetch_end);
    extern const uint8_t g_xfetch_pf[];
    set_gate(&t, 14, va_of(&t, g_xfetch_pf), 0, 0);
    static const uint8_t insn[] = { 0xb8, 0x44, 0x33, 0x22, 0x11 };   /* mov $0x11223344, %eax */
    memcpy(t.ram + 0x1f4ffd, insn, 5);
    t.ram[0x1f5002] = 0xf4;                              /* hlt */
    map4k(&t, 0x1f5000, 0x1f5000 | W);                   /* not present */
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, DATA), 0x1f5000);
    cr_assert_eq(rd64(&t, DATA + 8), 0x10);              /* I/D, not present */
    cr_assert_eq(t.cpu.r[0], 0x11223344);
    cr_assert_eq(t.cpu.rip, 0x1f5003);
    teardown_vm(&t);
}

/* ---- FXSAVE across two pages far apart in RAM (bounce buffer written
 * back), CMPXCHG16B ---- */

GUEST(g_fx,
      PROLOGUE
      "movabs $0x1111111111111111, %rax\n movq %rax, %xmm3\n"
      "movabs $0x7777777777777777, %rax\n movq %rax, %xmm7\n"
      "fxsave 0x1f9f00\n"
      "pxor %xmm3, %xmm3\n pxor %xmm7, %xmm7\n"
      "fxrstor 0x1f9f00\n"
      "movq %xmm3, %r8\n movq %xmm7, %r9\n"
      "mov 0x1fa020, %rax\n mov 0x1fa028, %rdx\n"
      "mov $0xaa, %ebx\n mov $0xbb, %ecx\n"
      "lock cmpxchg16b 0x1fa020\n"
      "setz %sil\n"
      "hlt\n");

Test(sysmode, fxsave_across_pages_and_cmpxchg16b)
{
    struct vmt t;
    setup(&t, g_fx, g_fx_end);
    map4k(&t, 0x1f9000, 0x172000 | P | W);
    map4k(&t, 0x1fa000, 0x170000 | P | W);
    wr64(&t, 0x170020, 5);
    wr64(&t, 0x170028, 6);
    cr_assert_eq(run(&t), EXIT_HLT);
    cr_assert_eq(rd64(&t, 0x172000 + 0xf00 + 160 + 3 * 16), 0x1111111111111111ull);   /* XMM3: first page */
    cr_assert_eq(rd64(&t, 0x170000 + 0x10), 0x7777777777777777ull);                    /* XMM7: second page */
    cr_assert_eq(t.cpu.r[8], 0x1111111111111111ull);
    cr_assert_eq(t.cpu.r[9], 0x7777777777777777ull);
    cr_assert_eq(t.cpu.r[6] & 0xff, 1);
    cr_assert_eq(rd64(&t, 0x170020), 0xaa);
    cr_assert_eq(rd64(&t, 0x170028), 0xbb);
    teardown_vm(&t);
}

#endif
