/*
 * sysmode.h - the x86 CPU in system mode: the contract between xlate/ (the
 * one CPU core) and full-vm/'s soft accelerator. User mode (cpu->sys ==
 * NULL) is untouched by any of this: guest linear addresses stay host
 * addresses and the hot paths pay at most one predictable branch.
 *
 * In system mode the CPU owns everything architectural: CPL 0/3, real,
 * protected and long mode, control registers, EFER and MSRs, descriptor
 * tables, delivery of exceptions and external interrupts through the IDT
 * (double and triple faults included), IRET, SYSCALL/SYSRET, SWAPGS.
 * Memory goes through the soft MMU (shadow TLB: guest-virtual page ->
 * host pointer + permissions, filled by walking the guest's page tables).
 *
 * The embedder (the machine) supplies the guest-physical world through
 * struct x86_sys_bus: RAM as one host block, port I/O and MMIO callbacks
 * (called in the middle of an instruction, which is why they are calls and
 * not exits), and the interrupt controller's pending/ack pair. The CPU
 * never calls the OS itself.
 */
#ifndef MIMIC_XLATE_SYSMODE_H
#define MIMIC_XLATE_SYSMODE_H

#include "xlate/cpu.h"

struct x86_sys_bus {
    void *opaque;
    uint8_t *ram;                /* guest-physical [0, ram_size) */
    uint64_t ram_size;
    /* Anything outside RAM is MMIO (reads of nothing return all ones). */
    uint64_t (*pio_read)(void *opaque, uint16_t port, unsigned size);
    void (*pio_write)(void *opaque, uint16_t port, unsigned size, uint64_t val);
    uint64_t (*mmio_read)(void *opaque, uint64_t pa, unsigned size);
    void (*mmio_write)(void *opaque, uint64_t pa, unsigned size, uint64_t val);
    /* External interrupts (the 8259A pair): is one waiting, and take it
     * (returns its vector; called only when the CPU accepts it: IF=1 and
     * not in an interrupt shadow). */
    bool (*irq_pending)(void *opaque);
    uint8_t (*irq_ack)(void *opaque);
    /* Guest time for RDTSC: the TSC runs at tsc_hz from the embedder's clock. */
    uint64_t (*now_ns)(void *opaque);
    uint64_t tsc_hz;
};

struct x86_sys_stats {
    uint64_t tlb_fills;          /* shadow entries filled by a guest page walk */
    uint64_t tlb_flushes;        /* whole flushes (CR3 writes, CR0/CR4 changes) */
    uint64_t tlb_invlpg;         /* single-page invalidations (INVLPG, writes to page tables) */
    uint64_t guest_pf;           /* #PF injected: the guest's own tables explain the fault */
    uint64_t hidden_misses;      /* shadow misses refilled without the guest seeing them */
    uint64_t exceptions, interrupts;
};

/* Exits added by system mode (returned by x86_run; EXIT_BUDGET and EXIT_HLT
 * keep their meaning: HLT returns with the CPU halted until an interrupt). */
#define EXIT_SHUTDOWN 100        /* triple fault: the machine resets or ends */

struct x86_sys;                  /* xlate/-private: control registers, MSRs, TLB ... */

/* Put cpu into system mode on bus, in the state after RESET (real mode,
 * CS:IP = f000:fff0). Returns 0, or -1 without memory. */
int x86_sys_init(struct x86_cpu *cpu, const struct x86_sys_bus *bus);
void x86_sys_free(struct x86_cpu *cpu);

/* The state the Linux 64-bit boot protocol asks for: long mode, paging on
 * with the tables at cr3 (built by the embedder in guest RAM), the GDT at
 * gdt_base with flat 64-bit code at cs and flat data at ds, interrupts off,
 * CPL 0. The caller then sets RIP and RSI. */
void x86_sys_enter_long_mode(struct x86_cpu *cpu, uint64_t cr3, uint64_t gdt_base, uint16_t gdt_limit,
                             uint16_t cs, uint16_t ds);
/* The same for a 32-bit protected-mode entry (paging off). */
void x86_sys_enter_protected_mode(struct x86_cpu *cpu, uint64_t gdt_base, uint16_t gdt_limit,
                                  uint16_t cs, uint16_t ds);

const struct x86_sys_stats *x86_sys_stats(const struct x86_cpu *cpu);
bool x86_sys_halted(const struct x86_cpu *cpu);
/* Ask a running x86_run to return (EXIT_BUDGET) at the next instruction
 * boundary; safe from another thread or a callback. */
void x86_sys_kick(struct x86_cpu *cpu);

#endif
