/*
 * sys.c - the CPU in system mode (sysmode.h): life cycle, mode entry, and
 * the run loop that replaces interp.c's when cpu->sys != NULL.
 *
 * The loop differs from user mode's in three ways:
 *  - instruction fetch goes through the MMU (exec permission, NX): the
 *    decoded-instruction cache is keyed by linear RIP and mode, and a hit
 *    compares the entry's bytes with the bytes at the translated host
 *    address, so it stays right across CR3 switches and self-modifying
 *    code (a kernel patches itself: alternatives, jump labels);
 *  - at instruction boundaries, one load of sys->events covers the kick,
 *    pending external interrupts (looked at only when something may have
 *    changed: IF rising, a device access, entry to x86_run) and the STI /
 *    MOV SS interrupt shadow;
 *  - a fault (x86_fault's longjmp) is delivered to the guest through its
 *    IDT and the loop goes on; only a triple fault leaves (EXIT_SHUTDOWN).
 * Handlers are the generic ones (never icache_specialise's user-mode fast
 * paths, which address host memory directly).
 */
#include "xlate/sys.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

void x87_init(struct x86_cpu *cpu);

static void reset(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    memset(cpu->r, 0, sizeof cpu->r);
    cpu->r[RDX] = 0x000306c3;        /* the CPUID signature, as after RESET */
    cpu->flags = 2;
    cpu->lazy_op = LAZY_NONE;
    cpu->mxcsr = 0x1f80;
    x87_init(cpu);
    s->cr0 = CR0_ET | CR0_CD | CR0_NW;
    s->cr2 = s->cr3 = s->cr4 = s->cr8 = 0;
    s->efer = 0;
    s->xcr0 = 1;
    memset(s->dr, 0, sizeof s->dr);
    s->dr[6] = 0xffff0ff0;
    s->dr[7] = 0x400;
    s->gdtr = (struct sys_table_reg){ .limit = 0xffff };
    s->idtr = (struct sys_table_reg){ .limit = 0x3ff };
    s->ldtr = (struct sys_table_reg){ .limit = 0xffff, .attr = 0x82 };
    s->tr = (struct sys_table_reg){ .limit = 0xffff, .attr = 0x8b };
    for (int i = 0; i < 6; i++) {
        cpu->seg_sel[i] = 0;
        cpu->seg_base[i] = 0;
        s->seg[i].limit = 0xffff;
        s->seg[i].attr = 0x93;
    }
    cpu->seg_sel[SEG_REG_CS] = 0xf000;
    cpu->seg_base[SEG_REG_CS] = 0xffff0000;
    s->seg[SEG_REG_CS].attr = 0x9b;
    cpu->rip = 0xfff0;
    s->cpl = 0;
    s->apic_base = 0xfee00100;       /* BSP; the APIC itself is not there (not advertised) */
    s->pat = 0x0007040600070406ull;
    s->misc_enable = 0x1 | 0x800 | 0x1000;   /* fast strings; no BTS, no PEBS */
    s->star = s->lstar = s->cstar = s->sfmask = s->kernel_gs_base = s->tsc_aux = 0;
    s->sysenter_cs = s->sysenter_esp = s->sysenter_eip = s->mtrr_def_type = 0;
    s->halted = false;
    s->delivering = -1;
    s->events = EV_IRQ;
    s->n_bounce = 0;
    sys_update_mode(cpu);
    mmu_flush_all(cpu, false);
}

/* The decoded-instruction table of a vCPU: 2 MiB, which a kernel's code
 * footprint spreads over; asked for as one huge page (2 MiB aligned, THP)
 * so that each lookup does not also miss the host's TLB. */
static void *icache_map(void)
{
    size_t size = ICACHE_SIZE * sizeof(struct icache_entry), huge = 2u << 20;
    uint8_t *p = mmap(NULL, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    uint8_t *a = (uint8_t *)(((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1));
    if (a > p)
        munmap(p, (size_t)(a - p));
    if (a + size < p + size + huge)
        munmap(a + size, (size_t)(p + size + huge - (a + size)));
#ifdef MADV_HUGEPAGE
    madvise(a, size, MADV_HUGEPAGE);
#endif
    return a;
}

int x86_sys_init(struct x86_cpu *cpu, const struct x86_sys_bus *bus)
{
    if (cpu->sys)
        x86_sys_free(cpu);           /* a second RESET */
    void *embedder = cpu->embedder;
    bool trace_unimpl = cpu->trace_unimpl;
    x86_cpu_init(cpu, X86_MODE_16);
    cpu->embedder = embedder;
    cpu->trace_unimpl = trace_unimpl;
    struct x86_sys *s;
    if (posix_memalign((void **)&s, 64, sizeof *s))
        return -1;
    memset(s, 0, sizeof *s);
    s->bus = *bus;
    cpu->sys = s;
    const char *t = getenv("MIMIC_VM_TRACE");
    s->trace = t && *t ? atoi(t) > 0 ? atoi(t) : 1 : 0;
    void *ic = icache_map();
    if (!ic || mmu_init(cpu) < 0) {
        if (ic)
            munmap(ic, ICACHE_SIZE * sizeof(struct icache_entry));
        mmu_free(cpu);
        free(s);
        cpu->sys = NULL;
        return -1;
    }
    s->icache = ic;
    reset(cpu);
    return 0;
}

void x86_sys_free(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    if (!s)
        return;
    munmap(s->icache, ICACHE_SIZE * sizeof(struct icache_entry));
    mmu_free(cpu);
    free(s);
    cpu->sys = NULL;
}

void sys_update_mode(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    uint16_t a = s->seg[SEG_REG_CS].attr;
    if (!(s->cr0 & CR0_PE)) {
        cpu->mode = X86_MODE_16;
        s->cpl = 0;
    } else if ((s->efer & EFER_LMA) && (a & ATTR_L)) {
        cpu->mode = X86_MODE_64;
    } else {
        cpu->mode = (a & ATTR_DB) ? X86_MODE_32 : X86_MODE_16;
    }
    s->priv = s->cpl == 3 ? PRIV_USER : PRIV_SUP;
}

static void flat(struct x86_cpu *cpu, unsigned sr, uint16_t sel, uint16_t attr)
{
    struct x86_sys *s = cpu->sys;
    cpu->seg_sel[sr] = sel;
    cpu->seg_base[sr] = 0;
    s->seg[sr].limit = 0xffffffff;
    s->seg[sr].attr = attr;
}

void x86_sys_enter_long_mode(struct x86_cpu *cpu, uint64_t cr3, uint64_t gdt_base, uint16_t gdt_limit, uint16_t cs,
                             uint16_t ds)
{
    struct x86_sys *s = cpu->sys;
    s->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
    s->cr4 = CR4_PAE;
    s->cr3 = cr3 & 0x000ffffffffff000ull;
    s->efer = EFER_LME | EFER_LMA;
    s->gdtr.base = gdt_base;
    s->gdtr.limit = gdt_limit;
    flat(cpu, SEG_REG_CS, cs, 0xa09b);
    for (unsigned sr = 0; sr < 6; sr++)
        if (sr != SEG_REG_CS)
            flat(cpu, sr, ds, 0xc093);
    s->cpl = 0;
    cpu->flags = 2;
    cpu->lazy_op = LAZY_NONE;
    s->halted = false;
    sys_update_mode(cpu);
    mmu_flush_all(cpu, false);
}

void x86_sys_enter_protected_mode(struct x86_cpu *cpu, uint64_t gdt_base, uint16_t gdt_limit, uint16_t cs,
                                  uint16_t ds)
{
    struct x86_sys *s = cpu->sys;
    s->cr0 = CR0_PE | CR0_ET;
    s->cr4 = 0;
    s->efer = 0;
    s->gdtr.base = gdt_base;
    s->gdtr.limit = gdt_limit;
    flat(cpu, SEG_REG_CS, cs, 0xc09b);
    for (unsigned sr = 0; sr < 6; sr++)
        if (sr != SEG_REG_CS)
            flat(cpu, sr, ds, 0xc093);
    s->cpl = 0;
    cpu->flags = 2;
    cpu->lazy_op = LAZY_NONE;
    s->halted = false;
    sys_update_mode(cpu);
    mmu_flush_all(cpu, false);
}

const struct x86_sys_stats *x86_sys_stats(const struct x86_cpu *cpu)
{
    return &cpu->sys->stats;
}

bool x86_sys_halted(const struct x86_cpu *cpu)
{
    return cpu->sys->halted;
}

void x86_sys_kick(struct x86_cpu *cpu)
{
    __atomic_fetch_or(&cpu->sys->events, EV_KICK, __ATOMIC_SEQ_CST);
}

uint64_t sys_tsc(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    uint64_t ns = s->bus.now_ns ? s->bus.now_ns(s->bus.opaque) : 0;
    uint64_t hz = s->bus.tsc_hz ? s->bus.tsc_hz : 1000000000ull;
    return (uint64_t)((unsigned __int128)ns * hz / 1000000000u) + s->tsc_offset;
}

void sys_trace(struct x86_cpu *cpu, const char *fmt, ...)
{
    if (!cpu->sys->trace && !cpu->trace_unimpl)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "mimic vm: [%04x:%#llx] ", cpu->seg_sel[SEG_REG_CS], (unsigned long long)x86_insn_rip);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ---- instruction fetch ---- */

/* Linear address of RIP. */
static inline uint64_t fetch_linear(const struct x86_cpu *cpu, uint64_t rip)
{
    return cpu->mode == X86_MODE_64 ? rip : (uint32_t)(rip + cpu->seg_base[SEG_REG_CS]);
}

/* Up to 15 bytes at lin into buf; returns how many could be fetched (at
 * least the rest of the first page, which must translate). *ram: all of
 * them came from RAM (cacheable). */
static unsigned fetch_bytes(struct x86_cpu *cpu, uint64_t lin, uint8_t *buf, bool *ram, bool fault_second)
{
    struct x86_sys *s = cpu->sys;
    unsigned off = (unsigned)(lin & 4095), n0 = 4096 - off < 15 ? 4096 - off : 15;
    struct tlb_entry *e = mmu_translate(cpu, lin, ACC_X, s->priv, false);
    *ram = !e->mmio;
    if (!e->mmio)
        memcpy(buf, s->bus.ram + e->pa + off, n0);
    else
        for (unsigned i = 0; i < n0; i++)
            buf[i] = (uint8_t)phys_read(cpu, e->pa + off + i, 1);
    if (n0 == 15)
        return 15;
    uint64_t lin2 = (lin | 4095) + 1;
    if (!(s->efer & EFER_LMA))
        lin2 &= 0xffffffffull;
    struct tlb_entry *e2 = mmu_translate(cpu, lin2, ACC_X, s->priv, !fault_second);
    if (!e2)
        return n0;
    if (!e2->mmio)
        memcpy(buf + n0, s->bus.ram + e2->pa, 15 - n0);
    else
        for (unsigned i = n0; i < 15; i++)
            buf[i] = (uint8_t)phys_read(cpu, e2->pa + (i - n0), 1);
    *ram = *ram && !e2->mmio;
    return 15;
}

static __attribute__((noinline)) const struct icache_entry *fetch_slow(struct x86_cpu *cpu, uint64_t lin,
                                                                     struct icache_entry *slot)
{
    struct x86_sys *s = cpu->sys;
    uint8_t buf[16] = {0};
    bool ram;
    unsigned avail = fetch_bytes(cpu, lin, buf, &ram, false);
    uint64_t tag = icache_tag(lin, cpu->mode);
    if (ram && slot->tag == tag && (lin & 4095) + slot->d.len <= 4096 + (avail == 15 ? 15u : 0u)
        && icache_match16(slot, buf))
        return slot;                 /* near a page end: the same instruction */
    struct x86_inst d;
    enum x86_decode_error err = x86_decode(buf, avail, cpu->mode, &d);
    if (err == DECODE_TRUNCATED && avail < 15) {
        avail = fetch_bytes(cpu, lin, buf, &ram, true);   /* raises the second page's #PF */
        err = x86_decode(buf, avail, cpu->mode, &d);
    }
    if (err != DECODE_OK || d.ud)
        x86_undefined(cpu, err == DECODE_OK ? &d : NULL);
    x86_handler h = x86_sys_handler_for(&d);
    if (!h)
        x86_undefined(cpu, &d);
    struct icache_entry *e = ram ? slot : &s->tmp;
    icache_fill_bytes(e, lin, cpu->mode, &d, h, buf);
    if (!ram)
        e->tag = 0;
    return e;
}

static inline const struct icache_entry *fetch(struct x86_cpu *cpu, uint64_t lin)
{
    struct x86_sys *s = cpu->sys;
    struct tlb_entry *t = &s->tlb[s->priv][(lin >> 12) & (TLB_SIZE - 1)];
    struct icache_entry *slot = icache_slot(s->icache, lin);
    if (__builtin_expect(t->tag_x == (lin & ~0xfffull), 1) && slot->tag == icache_tag(lin, cpu->mode)
        && (lin & 4095) <= 4096 - 16 && icache_match16(slot, (const uint8_t *)(uintptr_t)(lin + t->addend)))
        return slot;
    return fetch_slow(cpu, lin, slot);
}

void x86_sys_trace_ud(struct x86_cpu *cpu, const struct x86_inst *d)
{
    struct x86_sys *s = cpu->sys;
    if (!s->trace && !cpu->trace_unimpl)
        return;
    uint64_t lin = fetch_linear(cpu, x86_insn_rip);
    fprintf(stderr, "mimic vm: #UD at %04x:%#llx:", cpu->seg_sel[SEG_REG_CS], (unsigned long long)x86_insn_rip);
    for (unsigned i = 0; i < (d && d->len ? d->len : 8u); i++) {
        struct tlb_entry *e = mmu_translate(cpu, lin + i, ACC_X, s->priv, true);
        if (!e)
            break;
        fprintf(stderr, " %02x", (unsigned)phys_read(cpu, e->pa | ((lin + i) & 4095), 1));
    }
    fputc('\n', stderr);
}

/* ---- events at instruction boundaries ---- */

/* EXIT_NONE: go on with the next instruction. */
static enum x86_exit boundary(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    uint32_t ev = __atomic_load_n(&s->events, __ATOMIC_RELAXED);
    if (ev & EV_KICK) {
        __atomic_fetch_and(&s->events, ~EV_KICK, __ATOMIC_SEQ_CST);
        return EXIT_BUDGET;
    }
    if (ev & EV_SHADOW) {
        __atomic_fetch_and(&s->events, ~EV_SHADOW, __ATOMIC_RELAXED);
        if (!s->halted)
            return EXIT_NONE;        /* no interrupt before this instruction; EV_IRQ waits */
    }
    if (ev & EV_IRQ) {
        __atomic_fetch_and(&s->events, ~EV_IRQ, __ATOMIC_RELAXED);
        if ((cpu->flags & F_IF) && s->bus.irq_pending && s->bus.irq_pending(s->bus.opaque)) {
            uint8_t vec = s->bus.irq_ack(s->bus.opaque);
            x86_insn_rip = cpu->rip;
            sys_deliver(cpu, vec, EVT_EXT, false, 0);
        }
    }
    if (s->halted)
        return EXIT_HLT;
    return EXIT_NONE;
}

static __attribute__((noinline)) enum x86_exit sys_loop(struct x86_cpu *cpu, uint64_t end)
{
    struct x86_sys *s = cpu->sys;
    while (cpu->insns < end) {
        if (__builtin_expect(s->events != 0, 0)) {   /* halted: x86_sys_run set EV_IRQ */
            enum x86_exit ex = boundary(cpu);
            if (ex != EXIT_NONE)
                return ex;
        }
        uint64_t rip = cpu->rip;
        x86_insn_rip = rip;
        const struct icache_entry *e = fetch(cpu, fetch_linear(cpu, rip));
        uint64_t next = rip + e->d.len;
        cpu->rip = cpu->mode == X86_MODE_64 ? next : cpu->mode == X86_MODE_32 ? (uint32_t)next : next & 0xffff;
        cpu->insns++;
        enum x86_exit ex = e->h(cpu, &e->d);
        if (__builtin_expect(s->n_bounce != 0, 0))
            mmu_bounce_finish(cpu, true);
        if (ex != EXIT_NONE)
            return ex;
    }
    return EXIT_BUDGET;
}

static bool contributory(unsigned v)
{
    return v == VEC_DE || (v >= VEC_TS && v <= VEC_GP);
}

/* A fault unwound to the loop: deliver it (or escalate it). */
static enum x86_exit fault_landed(struct x86_cpu *cpu)
{
    struct x86_sys *s = cpu->sys;
    unsigned vec = cpu->fault_vector;
    uint32_t code = (uint32_t)cpu->fault_code;
    mmu_bounce_finish(cpu, false);
    if (s->delivering >= 0) {
        int first = s->delivering;
        s->delivering = -1;
        if (first == VEC_DF) {
            if (s->trace)
                fprintf(stderr, "mimic vm: triple fault (%u during #DF) at %04x:%#llx\n", vec,
                        cpu->seg_sel[SEG_REG_CS], (unsigned long long)cpu->rip);
            return EXIT_SHUTDOWN;
        }
        if (first < 32 && ((contributory((unsigned)first) && contributory(vec))
                           || (first == VEC_PF && (vec == VEC_PF || contributory(vec))))) {
            vec = VEC_DF;
            code = 0;
        }
    }
    if (vec == VEC_PF)
        s->cr2 = cpu->fault_addr;
    /* A delivery counts against the budget like an instruction: a gate
     * whose handler faults at once (on an IST stack, so no #DF ever comes)
     * must not keep x86_run from returning. */
    cpu->insns++;
    sys_deliver(cpu, vec, EVT_EXC, sys_exc_has_error(vec), code);
    return EXIT_NONE;
}

enum x86_exit x86_sys_run(struct x86_cpu *cpu, uint64_t budget)
{
    struct x86_sys *s = cpu->sys;
    sigjmp_buf jb;
    sigjmp_buf *saved = cpu->fault_jmp;
    uint64_t end = budget ? cpu->insns + budget : ~0ull;
    volatile enum x86_exit ex = EXIT_NONE;
    sys_event(s, EV_IRQ);
    cpu->fault_jmp = &jb;
    if (sigsetjmp(jb, 0)) {
        ex = fault_landed(cpu);      /* a fault while delivering comes back here */
        if (ex != EXIT_NONE)
            goto out;
    }
    ex = sys_loop(cpu, end);
out:
    cpu->fault_jmp = saved;
    return ex;
}
