/*
 * sys.h - xlate/-private state of the CPU in system mode (struct x86_sys,
 * hung off struct x86_cpu.sys) and what the sys*.c / mmu.c files share.
 *
 *   sys.c       init, reset, mode entry, the system-mode run loop (fetch
 *               through the MMU, interrupts at instruction boundaries,
 *               exceptions delivered instead of returned)
 *   sys_exc.c   delivery through the IDT (64-bit, 32-bit, real mode), IRET,
 *               double and triple faults
 *   sys_seg.c   descriptor tables and segment loads, far transfers, LGDT...
 *   sys_insn.c  the privileged instructions (MOV CR/DR, MSRs, I/O, HLT, CLI/
 *               STI, SYSCALL/SYSRET, SWAPGS ...), CPUID, and which handler
 *               runs for what in system mode
 *   mmu.c       the shadow TLB and the page walk (mmu.h)
 *
 * Segment registers keep their selector and base in struct x86_cpu (so
 * modrm_addr() stays as it is); the rest of the descriptor cache is here.
 */
#ifndef MIMIC_XLATE_SYS_H
#define MIMIC_XLATE_SYS_H

#include "xlate/interp.h"
#include "xlate/icache.h"
#include "xlate/mmu.h"
#include "xlate/sysmode.h"

/* CR0 */
#define CR0_PE (1u << 0)
#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_ET (1u << 4)
#define CR0_NE (1u << 5)
#define CR0_WP (1u << 16)
#define CR0_AM (1u << 18)
#define CR0_NW (1u << 29)
#define CR0_CD (1u << 30)
#define CR0_PG (1u << 31)
/* CR4 */
#define CR4_VME (1u << 0)
#define CR4_PVI (1u << 1)
#define CR4_TSD (1u << 2)
#define CR4_DE (1u << 3)
#define CR4_PSE (1u << 4)
#define CR4_PAE (1u << 5)
#define CR4_MCE (1u << 6)
#define CR4_PGE (1u << 7)
#define CR4_PCE (1u << 8)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
/* EFER */
#define EFER_SCE (1u << 0)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)

#define F_IOPL 0x3000
#define F_NT 0x4000
#define F_RF 0x10000
#define F_VM 0x20000

/* Descriptor attributes as kept in the cache (VMX access-rights layout):
 *   bits 0-3 type, 4 S, 5-6 DPL, 7 P, 12 AVL, 13 L, 14 D/B, 15 G */
#define ATTR_S 0x10
#define ATTR_P 0x80
#define ATTR_L 0x2000
#define ATTR_DB 0x4000
#define ATTR_G 0x8000
#define ATTR_DPL(a) (((a) >> 5) & 3)

enum { VEC_NMI = 2, VEC_BR = 5, VEC_DF = 8, VEC_TS = 10, VEC_NP = 11, VEC_SS = 12, VEC_MC = 18 };

/* sys->events: checked once per instruction boundary (one load). */
#define EV_KICK 1u               /* return EXIT_BUDGET */
#define EV_IRQ 2u                /* look at the interrupt controller */
#define EV_SHADOW 4u             /* the instruction after STI / MOV SS: no interrupt before it */

struct seg_cache {
    uint32_t limit;
    uint16_t attr;
};

struct sys_table_reg {
    uint16_t sel;
    uint64_t base;
    uint32_t limit;
    uint16_t attr;
};

struct bounce {
    uint64_t la;
    unsigned size;
    bool write;
    int priv;
    uint8_t buf[512] __attribute__((aligned(64)));
};

struct x86_sys {
    struct x86_sys_bus bus;
    struct x86_sys_stats stats;

    uint64_t cr0, cr2, cr3, cr4, cr8, xcr0, efer;
    uint64_t dr[8];
    struct sys_table_reg gdtr, idtr, ldtr, tr;   /* gdtr/idtr: base and limit only */
    struct seg_cache seg[6];
    unsigned cpl;
    int priv;                    /* PRIV_USER at CPL 3, else PRIV_SUP: the TLB the instruction uses */

    /* MSRs */
    uint64_t star, lstar, cstar, sfmask, kernel_gs_base, tsc_aux, apic_base, pat, misc_enable;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip, mtrr_def_type, tsc_offset;

    volatile uint32_t events;
    bool halted;
    int delivering;              /* vector being delivered, -1 none (double-fault rules) */
    int trace;                   /* MIMIC_VM_TRACE: exceptions and interrupts on stderr */

    /* The soft MMU (mmu.c). */
    struct tlb_entry tlb[2][TLB_SIZE];
    bool has_large;              /* some entry came from a 2M/4M/1G page (INVLPG scans) */
    uint64_t n_frames;           /* RAM frames */
    uint8_t *pt_upper;           /* bitmap: frames walked as PML4/PDPT/PD */
    uint8_t *pt_leaf;            /* bitmap: frames walked as PT (4 KiB leaves) */
    uint8_t *wmapped;            /* bitmap: frames some TLB entry maps fast-writable */
    uint32_t *marked;            /* frames marked since the last full flush */
    unsigned n_marked, cap_marked;
    bool marked_overflow;
    struct bounce bounce[2];
    unsigned n_bounce;

    /* Decoded instructions (own table: generic handlers only, no icache_specialise). */
    struct icache_entry *icache;
    struct icache_entry tmp;     /* code fetched from MMIO: decoded, never cached */
};

/* Raise an event for the next boundary. Atomic: x86_sys_kick() sets
 * EV_KICK from other threads, and a plain |= here could lose it. */
static inline void sys_event(struct x86_sys *s, uint32_t ev)
{
    __atomic_fetch_or(&s->events, ev, __ATOMIC_RELAXED);
}

/* sys.c */
void sys_update_mode(struct x86_cpu *cpu);
uint64_t sys_tsc(struct x86_cpu *cpu);
enum x86_exit x86_sys_run(struct x86_cpu *cpu, uint64_t budget);
void sys_trace(struct x86_cpu *cpu, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* sys_exc.c */
/* kind: how the event arose (error-code and DPL rules differ). */
enum { EVT_EXC, EVT_SOFT, EVT_EXT };
void sys_deliver(struct x86_cpu *cpu, unsigned vec, int kind, bool has_err, uint32_t err);
bool sys_exc_has_error(unsigned vec);
__attribute__((noreturn)) void sys_raise(struct x86_cpu *cpu, unsigned vec, uint32_t err);

/* sys_seg.c */
uint64_t sys_read_desc(struct x86_cpu *cpu, uint16_t sel, unsigned vec_on_fault, bool *ok);
void sys_load_seg(struct x86_cpu *cpu, unsigned sr, uint16_t sel);
void sys_load_cs(struct x86_cpu *cpu, uint16_t sel, uint64_t desc, unsigned cpl);
void sys_set_seg_flat(struct x86_cpu *cpu, unsigned sr, uint16_t sel, uint64_t desc);
uint64_t desc_base(uint64_t desc);
uint32_t desc_limit(uint64_t desc);
uint16_t desc_attr(uint64_t desc);
void sys_set_flags_checked(struct x86_cpu *cpu, uint64_t v, unsigned osize, bool iret);

/* sys_insn.c */
x86_handler x86_sys_handler_for(const struct x86_inst *d);
x86_handler x86_handler_for(const struct x86_inst *d);   /* interp.c: the user-mode tables */
void sys_cpuid(struct x86_cpu *cpu, uint32_t leaf, uint32_t sub, uint32_t out[4]);
void sys_write_cr(struct x86_cpu *cpu, unsigned cr, uint64_t v);

#endif
