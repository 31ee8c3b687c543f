/*
 * mmu.h - system mode's soft MMU: the per-vCPU shadow TLB (guest-virtual
 * page -> host pointer + permissions) filled by walking the guest's page
 * tables, and the memory accessors every instruction uses in system mode
 * (interp.h's mem_read/mem_write/mem_ptr branch here when cpu->sys != NULL).
 *
 * A TLB entry carries one tag per kind of access: tag_r / tag_w / tag_x
 * equal the page's linear address when that access may take the fast path
 * (RAM, permitted at this privilege, Accessed set; for tag_w also Dirty set
 * and the frame not a page-table page), and TLB_NONE otherwise. So one
 * compare decides; everything else (MMIO, faults, A/D updates, writes to
 * page tables, accesses that cross a page) goes through the slow path,
 * which walks again. There are two TLBs: one for supervisor accesses and
 * one for user (CPL 3) accesses, so that changing CPL flushes nothing.
 *
 *   TLB index = (linear >> 12) & (TLB_SIZE - 1): with TLB_SIZE = 512 the
 *   index of a 4 KiB mapping is exactly the index of its PTE in its page
 *   table, which is how a write to a page table finds the one slot it may
 *   have made stale (mmu.c, pt_written).
 */
#ifndef MIMIC_XLATE_MMU_H
#define MIMIC_XLATE_MMU_H

#include <stdint.h>
#include <stdbool.h>

struct x86_cpu;

#define TLB_BITS 9
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_NONE 1ull                /* never equal to a page address */
#define TLB_PR 1u                    /* perm: read, write (and Dirty is set), execute */
#define TLB_PW 2u
#define TLB_PX 4u

enum { ACC_R = 0, ACC_W = 1, ACC_X = 2 };
enum { PRIV_SUP = 0, PRIV_USER = 1 };

struct tlb_entry {
    uint64_t tag_r, tag_w, tag_x;
    uintptr_t addend;                /* host pointer = linear + addend (RAM only) */
    uint64_t vpage;                  /* TLB_NONE: empty */
    uint64_t pa;                     /* physical page */
    uint64_t pte_pa;                 /* the leaf entry's physical address (~0: paging off) */
    uint8_t level;                   /* leaf level: 1 = 4 KiB PTE, 2 = 2/4 MiB, 3 = 1 GiB, 0 = no paging */
    uint8_t perm;                    /* TLB_P*: what the tables allow this privilege (slow path hits) */
    bool global;
    bool mmio;
};

/* Per-access entry points (interp.h inlines call these in system mode). */
uint64_t x86_sys_read(struct x86_cpu *cpu, uint64_t la, unsigned size);
void x86_sys_write(struct x86_cpu *cpu, uint64_t la, unsigned size, uint64_t v);
/* A host pointer for size bytes (write: the instruction will write them):
 * RAM directly when it can be, else a bounce buffer written back at the end
 * of the instruction. */
void *x86_sys_ptr(struct x86_cpu *cpu, uint64_t la, unsigned size, bool write);
/* Fault now if [la, la+n) cannot be read (write: written). */
void x86_sys_probe(struct x86_cpu *cpu, uint64_t la, unsigned n, bool write);

/* Explicit privilege: implicit supervisor accesses (descriptor tables, the
 * TSS, the IDT, the stack of an interrupt going to ring 0). */
uint64_t mmu_read(struct x86_cpu *cpu, uint64_t la, unsigned size, int priv);
void mmu_write(struct x86_cpu *cpu, uint64_t la, unsigned size, uint64_t v, int priv);

/* Translate for an access; raises #PF / #GP like the hardware. Returns the
 * filled entry (host pointer valid when !mmio). probe: return NULL instead
 * of raising. */
struct tlb_entry *mmu_translate(struct x86_cpu *cpu, uint64_t la, int acc, int priv, bool probe);

/* Flushes. */
void mmu_flush_all(struct x86_cpu *cpu, bool keep_global);
void mmu_invlpg(struct x86_cpu *cpu, uint64_t la);
/* Write back bounce buffers at the end of an instruction (or drop them when it faulted). */
void mmu_bounce_finish(struct x86_cpu *cpu, bool commit);

/* Physical memory (the walker, DMA-free device-less paths). */
uint64_t phys_read(struct x86_cpu *cpu, uint64_t pa, unsigned size);
void phys_write(struct x86_cpu *cpu, uint64_t pa, unsigned size, uint64_t v);

int mmu_init(struct x86_cpu *cpu);
void mmu_free(struct x86_cpu *cpu);

#endif
