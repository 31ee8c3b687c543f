/*
 * mmu.c - the soft MMU of system mode (see mmu.h for the TLB layout): the
 * guest page walk (32-bit, PAE and 4-level paging; 4 KiB, 2/4 MiB and
 * 1 GiB pages; U/S, R/W, NX with CR0.WP and EFER.NXE; Accessed and Dirty
 * set in the guest's entries), the shadow TLB it fills, and the accessors.
 *
 * Faults the guest's tables explain are raised as #PF with CR2's address
 * and the hardware's error code; a miss that only needs a fill is invisible.
 * Physical addresses outside RAM are MMIO and reach bus->mmio_read/write,
 * never a host pointer.
 *
 * Page-table pages: every frame a walk reads is marked (pt_upper for
 * PML4/PDPT/PD, pt_leaf for PTs). A TLB entry of a marked frame is never
 * fast-writable, so guest writes to page tables come through the slow path,
 * which invalidates what they may have made stale: the one slot whose PTE
 * was written (pt_leaf), or everything (pt_upper: rare, when a table is
 * linked in or out). Marking a frame that some entry maps fast-writable
 * demotes that entry first (wmapped says which frames to look for). Marks
 * are dropped with a full flush, when no entry depends on them any more.
 * Performance policy: all of this is off the fast path; the fast path is
 * one compare per access (mmu.h). The slow path walks only when the entry
 * does not already allow the access (perm): MMIO, writes to page tables,
 * accesses across pages and instructions decoded again find their entry.
 */
#include "xlate/sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_A (1ull << 5)
#define PTE_D (1ull << 6)
#define PTE_PS (1ull << 7)
#define PTE_G (1ull << 8)
#define PTE_NX (1ull << 63)
#define MAXPHY 40                     /* CPUID 0x80000008 says so */
#define ADDR_MASK (((1ull << MAXPHY) - 1) & ~0xfffull)
#define RSVD_HI ((((1ull << 52) - 1)) & ~((1ull << MAXPHY) - 1))

#define PF_P 1u
#define PF_W 2u
#define PF_U 4u
#define PF_RSVD 8u
#define PF_I 16u

/* ---- physical memory ---- */

static inline bool in_ram(const struct x86_sys *s, uint64_t pa, uint64_t n)
{
    return pa < s->bus.ram_size && s->bus.ram_size - pa >= n;
}

uint64_t phys_read(struct x86_cpu *cpu, uint64_t pa, unsigned size)
{
    struct x86_sys *s = cpu->sys;
    if (in_ram(s, pa, size)) {
        uint64_t v = 0;
        memcpy(&v, s->bus.ram + pa, size);
        return v;
    }
    if (!s->bus.mmio_read)
        return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
    return s->bus.mmio_read(s->bus.opaque, pa, size);
}

void phys_write(struct x86_cpu *cpu, uint64_t pa, unsigned size, uint64_t v)
{
    struct x86_sys *s = cpu->sys;
    if (in_ram(s, pa, size)) {
        memcpy(s->bus.ram + pa, &v, size);
        return;
    }
    if (s->bus.mmio_write) {
        s->bus.mmio_write(s->bus.opaque, pa, size, v);
        sys_event(s, EV_IRQ);         /* a device may have raised a line */
    }
}

/* ---- page-table frame tracking ---- */

static inline bool bit_get(const uint8_t *bm, uint64_t f) { return bm[f >> 3] & (1u << (f & 7)); }
static inline void bit_set(uint8_t *bm, uint64_t f) { bm[f >> 3] |= (uint8_t)(1u << (f & 7)); }

static void remember(struct x86_sys *s, uint64_t frame)
{
    if (s->n_marked < s->cap_marked)
        s->marked[s->n_marked++] = (uint32_t)frame;
    else
        s->marked_overflow = true;
}

static inline bool frame_is_pt(const struct x86_sys *s, uint64_t pa)
{
    uint64_t f = pa >> 12;
    return f < s->n_frames && (bit_get(s->pt_upper, f) || bit_get(s->pt_leaf, f));
}

static void mark_table(struct x86_sys *s, uint64_t table_pa, bool upper)
{
    uint64_t f = table_pa >> 12;
    if (f >= s->n_frames)
        return;
    uint8_t *bm = upper ? s->pt_upper : s->pt_leaf;
    if (bit_get(bm, f))
        return;
    bool was = bit_get(s->pt_upper, f) || bit_get(s->pt_leaf, f);
    bit_set(bm, f);
    remember(s, f);
    if (!was && bit_get(s->wmapped, f)) {
        /* Some entry writes this frame on the fast path: not any more. */
        for (int p = 0; p < 2; p++)
            for (unsigned i = 0; i < TLB_SIZE; i++)
                if (s->tlb[p][i].pa == (f << 12))
                    s->tlb[p][i].tag_w = TLB_NONE;
    }
}

static void clear_marks(struct x86_sys *s)
{
    size_t bytes = (s->n_frames + 7) / 8;
    if (s->marked_overflow) {
        memset(s->pt_upper, 0, bytes);
        memset(s->pt_leaf, 0, bytes);
        memset(s->wmapped, 0, bytes);
    } else {
        for (unsigned i = 0; i < s->n_marked; i++) {
            uint32_t f = s->marked[i];
            s->pt_upper[f >> 3] = s->pt_leaf[f >> 3] = s->wmapped[f >> 3] = 0;
        }
    }
    s->n_marked = 0;
    s->marked_overflow = false;
}

/* ---- flushes ---- */

static inline void tlb_clear(struct tlb_entry *e)
{
    e->tag_r = e->tag_w = e->tag_x = TLB_NONE;
    e->vpage = TLB_NONE;
    e->pa = ~0ull;
    e->global = false;
    e->perm = 0;
}

void mmu_flush_all(struct x86_cpu *cpu, bool keep_global)
{
    struct x86_sys *s = cpu->sys;
    bool kept = false;
    for (int p = 0; p < 2; p++)
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            struct tlb_entry *e = &s->tlb[p][i];
            if (keep_global && e->global)
                kept = true;
            else if (e->vpage != TLB_NONE)
                tlb_clear(e);
        }
    if (!kept) {
        clear_marks(s);
        s->has_large = false;
    }
    s->stats.tlb_flushes++;
}

void mmu_invlpg(struct x86_cpu *cpu, uint64_t la)
{
    struct x86_sys *s = cpu->sys;
    uint64_t page = la & ~0xfffull;
    for (int p = 0; p < 2; p++) {
        struct tlb_entry *e = &s->tlb[p][(la >> 12) & (TLB_SIZE - 1)];
        if (e->vpage == page)
            tlb_clear(e);
    }
    if (s->has_large) {
        /* Every 4 KiB entry cut from the large page that holds la. */
        for (int p = 0; p < 2; p++)
            for (unsigned i = 0; i < TLB_SIZE; i++) {
                struct tlb_entry *e = &s->tlb[p][i];
                if (e->vpage == TLB_NONE || e->level < 2)
                    continue;
                uint64_t span = e->level == 3 ? 1ull << 30 : (s->cr4 & CR4_PAE) ? 1ull << 21 : 1ull << 22;
                if ((e->vpage & ~(span - 1)) == (la & ~(span - 1)))
                    tlb_clear(e);
            }
    }
    s->stats.tlb_invlpg++;
}

/* A guest write hit a page-table frame: drop what it may have made stale. */
static void pt_written(struct x86_cpu *cpu, uint64_t pa, unsigned size)
{
    struct x86_sys *s = cpu->sys;
    uint64_t f = pa >> 12;
    if (bit_get(s->pt_upper, f)) {
        mmu_flush_all(cpu, false);
        return;
    }
    for (uint64_t q = pa & ~7ull; q < pa + size; q += 8) {
        unsigned i = (unsigned)((q & 4095) >> 3) & (TLB_SIZE - 1);
        for (int p = 0; p < 2; p++) {
            struct tlb_entry *e = &s->tlb[p][i];
            if (e->vpage != TLB_NONE && e->pte_pa == q) {
                tlb_clear(e);
                s->stats.tlb_invlpg++;
            }
        }
    }
}

/* ---- the walk ---- */

struct walk {
    uint64_t pa;                 /* physical address of the 4 KiB page holding la */
    uint64_t pte_pa;
    int level;
    bool user, write, nx, global, dirty;
};

/* Walk for la; on success fill *w, set A (and D for a write) and return
 * WALK_OK; else return the #PF error code (0 is one: a supervisor read of
 * a page that is not present). */
#define WALK_OK 0xffffffffu

static uint32_t walk(struct x86_cpu *cpu, uint64_t la, int acc, int priv, struct walk *w)
{
    struct x86_sys *s = cpu->sys;
    uint32_t errbits = (acc == ACC_W ? PF_W : 0) | (priv == PRIV_USER ? PF_U : 0)
                     | (acc == ACC_X && (s->efer & EFER_NXE) && (s->cr4 & CR4_PAE) ? PF_I : 0);
    uint64_t ent_pa[5];
    uint64_t ent[5];
    int n = 0;
    bool user = true, write = true, nx = false;
    uint64_t nxmask = (s->efer & EFER_NXE) ? 0 : PTE_NX;
    int leaf_level;
    uint64_t pa;

    if (s->cr4 & CR4_PAE) {
        uint64_t table;
        int level;
        if (s->efer & EFER_LMA) {
            table = s->cr3 & ADDR_MASK;
            level = 4;
        } else {
            /* PAE in 32-bit mode: four PDPTEs (P and the address only). */
            uint64_t pp = (s->cr3 & 0xffffffe0ull) + ((la >> 30) & 3) * 8;
            uint64_t e = phys_read(cpu, pp, 8);
            if (!(e & PTE_P))
                return errbits;
            if (e & (RSVD_HI | 0x1e6 | PTE_NX))
                return errbits | PF_P | PF_RSVD;
            table = e & ADDR_MASK;
            level = 2;
        }
        for (;; level--) {
            unsigned shift = 12 + 9 * (level - 1);
            uint64_t ep = table + ((la >> shift) & 511) * 8;
            mark_table(s, table, level > 1);
            uint64_t e = phys_read(cpu, ep, 8);
            ent_pa[n] = ep;
            ent[n++] = e;
            if (!(e & PTE_P))
                return errbits;
            uint64_t rsvd = RSVD_HI | nxmask;
            bool large = level > 1 && (e & PTE_PS);
            if (level == 4 && (e & PTE_PS))
                rsvd |= PTE_PS;
            if (large && level == 3)
                rsvd |= 0x3fffe000ull;
            if (large && level == 2)
                rsvd |= 0x1fe000ull;
            if (e & rsvd)
                return errbits | PF_P | PF_RSVD;
            user &= !!(e & PTE_U);
            write &= !!(e & PTE_W);
            nx |= !!(e & PTE_NX) && !nxmask;
            if (level == 1 || large) {
                uint64_t span = 1ull << shift;
                pa = ((e & ADDR_MASK & ~(span - 1)) | (la & (span - 1))) & ~0xfffull;
                leaf_level = level;
                break;
            }
            table = e & ADDR_MASK;
        }
    } else {
        /* 32-bit paging: PD and PT of 1024 4-byte entries, 4 MiB pages with CR4.PSE. */
        uint64_t table = s->cr3 & 0xfffff000ull;
        int level = 2;
        for (;; level--) {
            unsigned shift = level == 2 ? 22 : 12;
            uint64_t ep = table + ((la >> shift) & 1023) * 4;
            mark_table(s, table, level > 1);
            uint64_t e = phys_read(cpu, ep, 4);
            ent_pa[n] = ep;
            ent[n++] = e;
            if (!(e & PTE_P))
                return errbits;
            user &= !!(e & PTE_U);
            write &= !!(e & PTE_W);
            if (level == 2 && (e & PTE_PS) && (s->cr4 & CR4_PSE)) {
                pa = (e & 0xffc00000ull) | (la & 0x3ff000ull);
                leaf_level = 2;
                break;
            }
            if (level == 1) {
                pa = e & 0xfffff000ull;
                leaf_level = 1;
                break;
            }
            table = e & 0xfffff000ull;
        }
    }

    /* Permissions (no SMEP/SMAP: supervisor may read and run user pages). */
    if (priv == PRIV_USER && !user)
        return errbits | PF_P;
    if (acc == ACC_W && !write && (priv == PRIV_USER || (s->cr0 & CR0_WP)))
        return errbits | PF_P;
    if (acc == ACC_X && nx)
        return errbits | PF_P;

    /* Accessed on every entry used, Dirty on the leaf for a write. */
    unsigned esize = (s->cr4 & CR4_PAE) ? 8 : 4;
    for (int i = 0; i < n; i++) {
        uint64_t want = PTE_A | (i == n - 1 && acc == ACC_W ? PTE_D : 0);
        if ((ent[i] & want) != want) {
            ent[i] |= want;
            phys_write(cpu, ent_pa[i], esize, ent[i]);
        }
    }
    uint64_t leaf = ent[n - 1];
    w->pa = pa;
    w->pte_pa = ent_pa[n - 1];
    w->level = leaf_level;
    w->user = user;
    w->write = write;
    w->nx = nx;
    w->global = (leaf & PTE_G) && (s->cr4 & CR4_PGE);
    w->dirty = leaf & PTE_D;
    return WALK_OK;
}

struct tlb_entry *mmu_translate(struct x86_cpu *cpu, uint64_t la, int acc, int priv, bool probe)
{
    struct x86_sys *s = cpu->sys;
    if (s->efer & EFER_LMA) {
        if ((uint64_t)((int64_t)(la << 16) >> 16) != la) {
            if (probe)
                return NULL;
            x86_fault(cpu, VEC_GP, 0, 0);
        }
    } else {
        la &= 0xffffffffull;
    }
    uint64_t page = la & ~0xfffull;
    struct tlb_entry *e = &s->tlb[priv][(la >> 12) & (TLB_SIZE - 1)];
    /* Already there for this access (MMIO, a page-table frame, a fetch
     * decoded again, a crossing access): no walk. */
    if (e->vpage == page && (e->perm & (acc == ACC_W ? TLB_PW : acc == ACC_X ? TLB_PX : TLB_PR)))
        return e;
    struct walk w;
    s->stats.tlb_fills++;
    if (!(s->cr0 & CR0_PG)) {
        w.pa = page;
        w.pte_pa = ~0ull;
        w.level = 0;
        w.user = w.write = w.dirty = true;
        w.nx = w.global = false;
    } else {
        uint32_t err = walk(cpu, la, acc, priv, &w);
        if (err != WALK_OK) {
            if (probe)
                return NULL;
            s->stats.guest_pf++;
            x86_fault(cpu, VEC_PF, err, la);
        }
        s->stats.hidden_misses++;
    }
    bool ram = in_ram(s, w.pa, 4096);
    bool can_r = priv == PRIV_SUP || w.user;
    bool can_w = priv == PRIV_SUP ? (w.write || !(s->cr0 & CR0_WP)) : (w.user && w.write);
    bool can_x = can_r && !w.nx;
    tlb_clear(e);
    e->vpage = page;
    e->pa = w.pa;
    e->pte_pa = w.pte_pa;
    e->level = (uint8_t)w.level;
    e->global = w.global;
    e->mmio = !ram;
    if (w.level >= 2)
        s->has_large = true;
    e->perm = (uint8_t)((can_r ? TLB_PR : 0) | (can_x ? TLB_PX : 0)
                        | (can_w && (w.dirty || acc == ACC_W) ? TLB_PW : 0));
    if (ram) {
        e->addend = (uintptr_t)(s->bus.ram + w.pa) - (uintptr_t)page;
        if (can_r)
            e->tag_r = page;
        if (can_x)
            e->tag_x = page;
        bool dirty = w.dirty || acc == ACC_W;
        if (can_w && dirty && !frame_is_pt(s, w.pa)) {
            e->tag_w = page;
            uint64_t f = w.pa >> 12;
            if (!bit_get(s->wmapped, f)) {
                bit_set(s->wmapped, f);
                remember(s, f);
            }
        }
    }
    return e;
}

/* ---- accessors ---- */

static void read_bytes(struct x86_cpu *cpu, uint64_t la, uint8_t *out, unsigned n, int priv)
{
    while (n) {
        unsigned chunk = 4096 - (unsigned)(la & 4095);
        if (chunk > n)
            chunk = n;
        struct tlb_entry *e = mmu_translate(cpu, la, ACC_R, priv, false);
        uint64_t pa = e->pa | (la & 4095);
        if (!e->mmio)
            memcpy(out, cpu->sys->bus.ram + pa, chunk);
        else
            for (unsigned i = 0; i < chunk; i++)
                out[i] = (uint8_t)phys_read(cpu, pa + i, 1);
        la += chunk;
        out += chunk;
        n -= chunk;
    }
}

static void write_bytes(struct x86_cpu *cpu, uint64_t la, const uint8_t *in, unsigned n, int priv)
{
    struct x86_sys *s = cpu->sys;
    while (n) {
        unsigned chunk = 4096 - (unsigned)(la & 4095);
        if (chunk > n)
            chunk = n;
        struct tlb_entry *e = mmu_translate(cpu, la, ACC_W, priv, false);
        uint64_t pa = e->pa | (la & 4095);
        if (!e->mmio) {
            memcpy(s->bus.ram + pa, in, chunk);
            if (frame_is_pt(s, pa))
                pt_written(cpu, pa, chunk);
        } else {
            for (unsigned i = 0; i < chunk; i++)
                phys_write(cpu, pa + i, 1, in[i]);
        }
        la += chunk;
        in += chunk;
        n -= chunk;
    }
}

uint64_t mmu_read(struct x86_cpu *cpu, uint64_t la, unsigned size, int priv)
{
    if ((la & 4095) + size <= 4096) {
        struct tlb_entry *e = mmu_translate(cpu, la, ACC_R, priv, false);
        uint64_t pa = e->pa | (la & 4095);
        if (!e->mmio) {
            uint64_t v = 0;
            memcpy(&v, cpu->sys->bus.ram + pa, size);
            return v;
        }
        return phys_read(cpu, pa, size);
    }
    /* Crossing: both pages must translate before anything is read (MMIO
     * reads have side effects). */
    mmu_translate(cpu, la, ACC_R, priv, false);
    mmu_translate(cpu, (la | 4095) + 1, ACC_R, priv, false);
    uint64_t v = 0;
    read_bytes(cpu, la, (uint8_t *)&v, size, priv);
    return v;
}

void mmu_write(struct x86_cpu *cpu, uint64_t la, unsigned size, uint64_t v, int priv)
{
    if ((la & 4095) + size <= 4096) {
        struct tlb_entry *e = mmu_translate(cpu, la, ACC_W, priv, false);
        uint64_t pa = e->pa | (la & 4095);
        if (!e->mmio) {
            memcpy(cpu->sys->bus.ram + pa, &v, size);
            if (frame_is_pt(cpu->sys, pa))
                pt_written(cpu, pa, size);
            return;
        }
        phys_write(cpu, pa, size, v);
        return;
    }
    /* Crossing: nothing is written unless both pages are writable. */
    mmu_translate(cpu, la, ACC_W, priv, false);
    mmu_translate(cpu, (la | 4095) + 1, ACC_W, priv, false);
    write_bytes(cpu, la, (const uint8_t *)&v, size, priv);
}

uint64_t x86_sys_read(struct x86_cpu *cpu, uint64_t la, unsigned size)
{
    struct x86_sys *s = cpu->sys;
    struct tlb_entry *e = &s->tlb[s->priv][(la >> 12) & (TLB_SIZE - 1)];
    if (__builtin_expect(e->tag_r == (la & ~0xfffull) && (la & 4095) <= 4096 - size, 1)) {
        const void *p = (const void *)(uintptr_t)(la + e->addend);
        switch (size) {
        case 1: return *(const uint8_t *)p;
        case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
        case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
        default: { uint64_t v; memcpy(&v, p, 8); return v; }
        }
    }
    return mmu_read(cpu, la, size, s->priv);
}

void x86_sys_write(struct x86_cpu *cpu, uint64_t la, unsigned size, uint64_t v)
{
    struct x86_sys *s = cpu->sys;
    struct tlb_entry *e = &s->tlb[s->priv][(la >> 12) & (TLB_SIZE - 1)];
    if (__builtin_expect(e->tag_w == (la & ~0xfffull) && (la & 4095) <= 4096 - size, 1)) {
        void *p = (void *)(uintptr_t)(la + e->addend);
        switch (size) {
        case 1: *(uint8_t *)p = (uint8_t)v; break;
        case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
        case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
        default: memcpy(p, &v, 8); break;
        }
        return;
    }
    mmu_write(cpu, la, size, v, s->priv);
}

void *x86_sys_ptr(struct x86_cpu *cpu, uint64_t la, unsigned size, bool write)
{
    struct x86_sys *s = cpu->sys;
    int acc = write ? ACC_W : ACC_R, priv = s->priv;
    if (!(s->efer & EFER_LMA))
        la &= 0xffffffffull;
    unsigned off = (unsigned)(la & 4095);
    if (off + size <= 4096) {
        struct tlb_entry *e = &s->tlb[priv][(la >> 12) & (TLB_SIZE - 1)];
        if ((write ? e->tag_w : e->tag_r) == (la & ~0xfffull))
            return (void *)(uintptr_t)(la + e->addend);
        e = mmu_translate(cpu, la, acc, priv, false);
        if (!e->mmio && !(write && frame_is_pt(s, e->pa)))
            return (void *)(uintptr_t)(la + e->addend);
    } else {
        uint64_t la2 = (la | 4095) + 1;
        struct tlb_entry *e0 = mmu_translate(cpu, la, acc, priv, false);
        struct tlb_entry *e1 = mmu_translate(cpu, la2, acc, priv, false);
        if (!e0->mmio && !e1->mmio && la + e0->addend + (4096 - off) == la2 + e1->addend
            && !(write && (frame_is_pt(s, e0->pa) || frame_is_pt(s, e1->pa))))
            return (void *)(uintptr_t)(la + e0->addend);
    }
    if (s->n_bounce >= 2 || size > sizeof s->bounce[0].buf) {
        fprintf(stderr, "mimic: system mode: more than two bounced memory operands in one instruction at 0x%llx\n",
                (unsigned long long)x86_insn_rip);
        abort();
    }
    struct bounce *b = &s->bounce[s->n_bounce++];
    b->la = la;
    b->size = size;
    b->write = write;
    b->priv = priv;
    read_bytes(cpu, la, b->buf, size, priv);
    return b->buf;
}

void mmu_bounce_finish(struct x86_cpu *cpu, bool commit)
{
    struct x86_sys *s = cpu->sys;
    unsigned n = s->n_bounce;
    s->n_bounce = 0;
    if (!commit)
        return;
    for (unsigned i = 0; i < n; i++) {
        struct bounce *b = &s->bounce[i];
        if (b->write)
            write_bytes(cpu, b->la, b->buf, b->size, b->priv);
    }
}

void x86_sys_probe(struct x86_cpu *cpu, uint64_t la, unsigned n, bool write)
{
    struct x86_sys *s = cpu->sys;
    int acc = write ? ACC_W : ACC_R;
    mmu_translate(cpu, la, acc, s->priv, false);
    if ((la & 4095) + n > 4096)
        mmu_translate(cpu, (la | 4095) + 1, acc, s->priv, false);
}

/* ---- life cycle ---- */

int mmu_init(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    s->n_frames = (s->bus.ram_size + 4095) / 4096;
    size_t bytes = (s->n_frames + 7) / 8 + 1;
    s->pt_upper = calloc(1, bytes);
    s->pt_leaf = calloc(1, bytes);
    s->wmapped = calloc(1, bytes);
    s->cap_marked = 8192;
    s->marked = calloc(s->cap_marked, sizeof *s->marked);
    if (!s->pt_upper || !s->pt_leaf || !s->wmapped || !s->marked)
        return -1;
    for (int p = 0; p < 2; p++)
        for (unsigned i = 0; i < TLB_SIZE; i++)
            tlb_clear(&s->tlb[p][i]);
    return 0;
}

void mmu_free(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    free(s->pt_upper);
    free(s->pt_leaf);
    free(s->wmapped);
    free(s->marked);
}
