/*
 * icache.h - the interpreter's decoded-instruction cache: a per-thread,
 * direct-mapped table from (RIP, mode) to the decoded x86_inst and its
 * handler, so that a loop decodes each instruction once.
 *
 * Correctness without invalidation hooks: an entry also keeps the 16 bytes
 * at RIP (the instruction and what follows it in the page), and every hit
 * compares them with guest memory: two 8-byte loads, no masks. The decoder
 * is a pure function of (bytes, mode), so a matching entry is exactly what
 * decoding again would give: self-modifying code, code written by another
 * thread, munmap/mmap/mprotect/mremap of code pages all stay correct, and a
 * fetch from an unmapped page still faults on that load. Comparing bytes
 * past the instruction costs only a redecode when they change.
 *
 * An instruction within 16 bytes of the end of its page must not read past
 * its own bytes (the next page may be unmapped): its tag has ICACHE_NEAR_END
 * flipped, so the fast compare misses and icache_near_valid() compares only
 * its own bytes.
 *
 * Threaded dispatch: the specialised handlers (icache_ops.h: next()) end
 * by looking up and jumping to the next instruction's handler themselves,
 * up to icache_run.chain instructions, set by the loop of interp.c from the
 * budget; a miss returns to that loop. A CMP/TEST followed by a Jcc runs
 * as one handler (icache_fuse.c).
 *
 * System mode (xlate/sys.c) keeps its own table of these entries, filled by
 * icache_fill_bytes with generic handlers, and compares only the
 * instruction's own bytes (icache_match16).
 */
#ifndef MIMIC_XLATE_ICACHE_H
#define MIMIC_XLATE_ICACHE_H

#include "xlate/interp.h"

struct icache_entry {
    uint64_t tag;            /* rip | mode << 56 (^ ICACHE_NEAR_END); 0: empty (mode is never 0) */
    uint64_t b0, b1;         /* the 16 bytes at rip (near a page end: the instruction's, zero-padded) */
    uint64_t next;           /* rip + len, wrapped as the mode wraps RIP */
    x86_handler h;
    struct x86_inst d;
    /* Precomputed for the specialised handlers of icache_ops.c (valid when
     * they are the handler): the memory operand's linear address is
     *   ea_disp + (ea_has_base ? r[ea_base] : 0) + (ea_has_index ? r[ea_index] << scale : 0)
     *   + (ea_seg != SEG_NONE ? seg_base[ea_seg] : 0), truncated to ea_asize bytes
     * (RIP-relative: the next RIP is folded into ea_disp; icache_ops.h's
     * ea_k has shorter forms), and a direct branch's target is in target.
     * Kept small: an entry is 128 bytes. */
    uint64_t ea_disp;
    uint64_t target;         /* branch target; sign-extended immediate for ALU/MOV forms */
    uint64_t target2;        /* a fused CMP/TEST + Jcc: the Jcc's target (icache_fuse.c) */
    uint8_t ea_base, ea_index, ea_seg, ea_has_base, ea_has_index, ea_asize;
    uint8_t fuse_len;        /* ... and the Jcc's length */
} __attribute__((aligned(64)));

_Static_assert(sizeof(struct icache_entry) <= 128, "two cache lines per entry");

/* 64 Ki entries (8 MiB of address space per thread, touched only where code
 * runs): the slot is picked by RIP's low bits, and instructions average ~4
 * bytes, so 16 Ki entries held only ~16 KiB of code and a libc string
 * benchmark (printf, str*, mem*) spent a tenth of its time redecoding. */
#define ICACHE_BITS 16
#define ICACHE_SIZE (1u << ICACHE_BITS)
#define ICACHE_NEAR_END (1ull << 62)

/* This thread's table (allocated on first use; NULL when that failed). */
struct icache_entry *icache_table(void);

/* What the threaded dispatch of icache_ops.c needs, per thread: set by the
 * loop before it calls a handler. chain: how many more instructions the
 * handlers may run before returning to the loop (0: none, e.g. no table). */
struct icache_run {
    struct icache_entry *table;
    uint64_t mode_tag;       /* icache_tag(0, mode) */
    uint64_t chain;
};
extern __thread struct icache_run icache_run;

static inline uint64_t icache_tag(uint64_t rip, enum x86_mode mode)
{
    return rip | ((uint64_t)mode << 56);
}

/* The address of the instruction after the one at rip (RIP wraps at 4 GiB
 * outside 64-bit mode, as the loop always did). */
static inline uint64_t icache_next_rip(uint64_t rip, unsigned len, enum x86_mode mode)
{
    return (rip + len) & (mode == X86_MODE_64 ? ~0ull : 0xffffffffull);
}

static inline struct icache_entry *icache_slot(struct icache_entry *t, uint64_t rip)
{
    return &t[(rip ^ (rip >> ICACHE_BITS)) & (ICACHE_SIZE - 1)];
}

/* Do the 16 bytes at rip still match the entry (whose tag matched
 * icache_tag(rip, mode), so they lie in one page)? */
static inline bool icache_valid(const struct icache_entry *e, uint64_t rip)
{
    const uint8_t *p = (const uint8_t *)(uintptr_t)rip;
    uint64_t w0, w1;
    memcpy(&w0, p, 8);
    memcpy(&w1, p + 8, 8);
    return ((w0 ^ e->b0) | (w1 ^ e->b1)) == 0;
}

/* The same for an entry near the end of a page (tag with ICACHE_NEAR_END
 * flipped): read only the instruction's own bytes (the next page may be
 * unmapped). */
static inline bool icache_near_valid(const struct icache_entry *e, uint64_t rip)
{
    const uint8_t *p = (const uint8_t *)(uintptr_t)rip;
    uint8_t buf[16] = {0};
    memcpy(buf, p, e->d.len);
    uint64_t w0, w1;
    memcpy(&w0, buf, 8);
    memcpy(&w1, buf + 8, 8);
    return ((w0 ^ e->b0) | (w1 ^ e->b1)) == 0;
}

/* Fill e for the instruction just decoded at rip. */
void icache_fill(struct icache_entry *e, uint64_t rip, enum x86_mode mode, const struct x86_inst *d, x86_handler h);

/* System mode: fill e from the instruction's bytes (fetched through the
 * MMU) with the generic handler h; tag is the linear RIP. */
void icache_fill_bytes(struct icache_entry *e, uint64_t rip, enum x86_mode mode, const struct x86_inst *d,
                       x86_handler h, const uint8_t *bytes);

/* Do the entry's instruction bytes (icache_fill_bytes) match the 16 at p
 * (all readable)? Only the instruction's own bytes count. */
static inline bool icache_match16(const struct icache_entry *e, const uint8_t *p)
{
    unsigned len = e->d.len;   /* 1-15 */
    uint64_t m0 = len >= 8 ? ~0ull : (1ull << (len * 8)) - 1;
    uint64_t m1 = len <= 8 ? 0 : (1ull << ((len - 8) * 8)) - 1;
    uint64_t w0, w1;
    memcpy(&w0, p, 8);
    memcpy(&w1, p + 8, 8);
    return (((w0 & m0) ^ e->b0) | ((w1 & m1) ^ e->b1)) == 0;
}

/* A handler specialised for this instruction (operand size, register or
 * memory form) if icache_ops.c has one, else generic; fills e's
 * precomputed fields. e->d must hold the instruction. */
x86_handler icache_specialise(struct icache_entry *e, uint64_t rip, enum x86_mode mode, x86_handler generic);

#endif
