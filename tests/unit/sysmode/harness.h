/*
 * harness.h - test_sysmode.c's machine: guest programs assembled by the
 * host into .rodata (GUEST), a fake bus with 4 MiB of RAM whose port, MMIO
 * and interrupt callbacks log what reaches them, and the long-mode setup
 * (page tables, GDT, TSS, IDT gates) described in test_sysmode.c's header.
 * Included once, by test_sysmode.c.
 */
#ifndef MIMIC_TESTS_UNIT_SYSMODE_HARNESS_H
#define MIMIC_TESTS_UNIT_SYSMODE_HARNESS_H

#define RAM_SIZE (4u << 20)
#define PML4 0x1000
#define PDPT 0x2000
#define PD 0x3000
#define PT 0x4000
#define GDT 0x5000
#define IDT 0x6000
#define TSS 0x7000
#define CODE 0x10000
#define IDTR_IMG 0x1ff00
#define DATA 0x20000

#define P 1ull
#define W 2ull
#define U 4ull
#define A 0x20ull
#define D 0x40ull
#define PS 0x80ull
#define NX (1ull << 63)

/* The guest programs. Labels are blob-relative in use (code is copied). */
#define GUEST(name, text)                                                                                         \
    __asm__(".pushsection .rodata\n.balign 16\n.globl " #name "\n.hidden " #name "\n" #name ":\n" text          \
            "\n.globl " #name "_end\n.hidden " #name "_end\n" #name "_end:\n.popsection\n");                      \
    extern const uint8_t name[], name##_end[]
#define LABEL(l) ".globl " #l "\n.hidden " #l "\n" #l ":\n"
#define PROLOGUE "lidt 0x1ff00\n mov $0x30, %ax\n ltr %ax\n mov $0x8000, %rsp\n"

struct fake {
    uint8_t *ram;
    bool irq;
    uint8_t irq_vec;
    unsigned acks;
    unsigned n_mmio_w, n_mmio_r, n_pio_w;
    uint64_t mmio_w_pa, mmio_w_val, mmio_r_pa;
    unsigned mmio_w_size;
    uint16_t pio_w_port;
    struct x86_cpu *cpu;
};

static uint64_t f_pio_read(void *o, uint16_t port, unsigned size) { (void)o; (void)port; (void)size; return 0xff; }
static void f_pio_write(void *o, uint16_t port, unsigned size, uint64_t v)
{
    struct fake *f = o;
    (void)size; (void)v;
    f->n_pio_w++;
    f->pio_w_port = port;
    if (port == 0x80)
        f->irq = true;           /* the test programs raise their own interrupt */
    if (port == 0x81)
        x86_sys_kick(f->cpu);    /* ... and come back to the test (EXIT_BUDGET) */
}
static uint64_t f_mmio_read(void *o, uint64_t pa, unsigned size)
{
    struct fake *f = o;
    f->n_mmio_r++;
    f->mmio_r_pa = pa;
    return 0x5a5a5a5a5a5a5a5aull & (size == 8 ? ~0ull : (1ull << (8 * size)) - 1);
}
static void f_mmio_write(void *o, uint64_t pa, unsigned size, uint64_t v)
{
    struct fake *f = o;
    f->n_mmio_w++;
    f->mmio_w_pa = pa;
    f->mmio_w_size = size;
    f->mmio_w_val = v;
}
static bool f_irq_pending(void *o) { return ((struct fake *)o)->irq; }
static uint8_t f_irq_ack(void *o)
{
    struct fake *f = o;
    f->irq = false;
    f->acks++;
    return f->irq_vec;
}
static uint64_t f_now(void *o) { (void)o; return 1000; }

struct vmt {
    struct fake f;
    struct x86_cpu cpu;
    uint8_t *ram;
    const uint8_t *blob;
};

static uint64_t rd64(struct vmt *t, uint64_t pa) { uint64_t v; memcpy(&v, t->ram + pa, 8); return v; }
static void wr64(struct vmt *t, uint64_t pa, uint64_t v) { memcpy(t->ram + pa, &v, 8); }
static uint64_t va_of(struct vmt *t, const uint8_t *label) { return CODE + (uint64_t)(label - t->blob); }
static void map4k(struct vmt *t, uint64_t va, uint64_t pte) { wr64(t, PT + (va >> 12) * 8, pte); }

static void set_gate(struct vmt *t, unsigned vec, uint64_t target, unsigned dpl, unsigned ist)
{
    uint64_t lo = (target & 0xffff) | (0x08ull << 16) | ((uint64_t)ist << 32) | (0x8eull << 40)
                | ((uint64_t)dpl << 45) | ((target & 0xffff0000ull) << 32);
    wr64(t, IDT + vec * 16, lo);
    wr64(t, IDT + vec * 16 + 8, target >> 32);
}

static void setup(struct vmt *t, const uint8_t *start, const uint8_t *end)
{
    memset(t, 0, sizeof *t);
    t->ram = calloc(1, RAM_SIZE);
    cr_assert(t->ram);
    t->f.ram = t->ram;
    t->f.irq_vec = 0x20;
    t->f.cpu = &t->cpu;
    t->blob = start;
    wr64(t, PML4, PDPT | P | W | U);
    wr64(t, PDPT, PD | P | W | U);
    wr64(t, PDPT + 8, 0 | P | W | PS);                   /* va 1 GiB: a 1 GiB page at pa 0 */
    wr64(t, PD, PT | P | W | U);
    wr64(t, PD + 16, 0x200000 | P | W | PS);             /* va 4 MiB: a 2 MiB page at pa 2 MiB */
    for (uint64_t i = 0; i < 512; i++)
        map4k(t, i << 12, (i << 12) | P | W);
    static const uint64_t gdt[] = { 0, 0x00af9b000000ffffull, 0x00cf93000000ffffull, 0x00cffb000000ffffull,
                                    0x00cff3000000ffffull, 0x00affb000000ffffull };
    memcpy(t->ram + GDT, gdt, sizeof gdt);
    wr64(t, GDT + 0x30, 0x67 | ((uint64_t)TSS << 16) | (0x89ull << 40));
    wr64(t, GDT + 0x38, 0);
    wr64(t, TSS + 4, 0x8000);                            /* RSP0 */
    wr64(t, TSS + 0x24, 0xa000);                         /* IST1 */
    uint16_t lim = 256 * 16 - 1;
    memcpy(t->ram + IDTR_IMG, &lim, 2);
    uint64_t base = IDT;
    memcpy(t->ram + IDTR_IMG + 2, &base, 8);
    cr_assert(end - start < 0x8000);
    memcpy(t->ram + CODE, start, (size_t)(end - start));
    struct x86_sys_bus bus = {
        .opaque = &t->f, .ram = t->ram, .ram_size = RAM_SIZE,
        .pio_read = f_pio_read, .pio_write = f_pio_write, .mmio_read = f_mmio_read, .mmio_write = f_mmio_write,
        .irq_pending = f_irq_pending, .irq_ack = f_irq_ack, .now_ns = f_now, .tsc_hz = 1000000000,
    };
    cr_assert_eq(x86_sys_init(&t->cpu, &bus), 0);
    x86_sys_enter_long_mode(&t->cpu, PML4, GDT, 0x3f, 0x08, 0x10);
    t->cpu.rip = CODE;
    t->cpu.r[4] = 0x8000;
}

static void teardown_vm(struct vmt *t)
{
    x86_sys_free(&t->cpu);
    free(t->ram);
}

static enum x86_exit run(struct vmt *t)
{
    return x86_run(&t->cpu, 100000);
}

#endif
