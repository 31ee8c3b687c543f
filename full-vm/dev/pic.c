/*
 * pic.c - the 8259A programmable interrupt controller pair of a PC: the
 * master at 0x20-0x21 takes IRQ 0-7, the slave at 0xa0-0xa1 takes IRQ 8-15
 * and is cascaded into the master's IR2. The ELCR pair (0x4d0-0x4d1, as on
 * PIIX chipsets) makes a line level-triggered; everything else is edge.
 *
 * The pair is the bus's irq_chip: devices raise and lower lines through
 * bus_irq(), the CPU asks pending() before each instruction boundary where
 * it may take an interrupt and ack() for the vector (the INTA cycle).
 *
 * Programming model (Intel 8259A datasheet):
 *   command port (even): ICW1 (bit 4 set), OCW2 (bits 4:3 = 00),
 *                        OCW3 (bits 4:3 = 01); reads IRR or ISR (OCW3 RR/RIS)
 *                        or the poll byte after OCW3 P;
 *   data port (odd):     ICW2 (vector base), ICW3, ICW4 during the
 *                        initialisation sequence, then OCW1 (IMR); reads IMR.
 * Priorities rotate: IR n has priority (n - lowest - 1) mod 8, 0 highest.
 */
#include "full-vm/dev/dev.h"

#include <stdlib.h>

struct pic_chip {
    uint8_t irr, isr, imr;
    uint8_t lines;               /* input levels, for edge detection */
    uint8_t elcr;                /* 1: level-triggered */
    uint8_t elcr_mask;           /* ELCR bits that exist (IRQ 0-2, 8, 13 are edge only) */
    uint8_t base;                /* ICW2 & 0xf8 */
    uint8_t init_step;           /* 0: operational; 2, 3, 4: expecting ICW2/3/4 */
    uint8_t icw4_needed;
    uint8_t single;              /* ICW1 SNGL: no cascade (ICW3 skipped) */
    uint8_t auto_eoi, rotate_on_aeoi;
    uint8_t lowest;              /* the IR with the lowest priority (rotation) */
    uint8_t read_isr;            /* OCW3 RIS: command port reads ISR, else IRR */
    uint8_t poll;                /* OCW3 P: the next command port read is a poll */
    uint8_t special_mask;        /* OCW3 SMM */
    uint8_t sfnm;                /* ICW4 special fully nested mode */
    uint8_t icw3;
};

struct pic_state {
    struct pic_chip chip[2];     /* 0: master, 1: slave */
};

struct pic {
    struct device dev;
    struct irq_chip irq;
    struct pic_state s;
};

#define PIC_MAGIC DEV_MAGIC('P', 'I', 'C', '2')
#define PIC_VERSION 1

/* Priority of IR n: 0 is the highest. */
static unsigned prio(const struct pic_chip *c, unsigned n)
{
    return (n - c->lowest - 1) & 7;
}

/* The highest-priority IR set in mask, or -1. */
static int highest(const struct pic_chip *c, uint8_t mask)
{
    int best = -1;
    for (unsigned n = 0; n < 8; n++)
        if ((mask >> n & 1) && (best < 0 || prio(c, n) < prio(c, (unsigned)best)))
            best = (int)n;
    return best;
}

/* The IR the chip would interrupt for now, or -1: the highest pending
 * unmasked request, if it beats everything in service (in special mask mode
 * masked in-service levels do not block; in special fully nested mode the
 * master lets the slave interrupt over its own in-service cascade). */
static int chip_irq(const struct pic_chip *c, bool is_master)
{
    int req = highest(c, c->irr & ~c->imr);
    if (req < 0)
        return -1;
    uint8_t in_service = c->isr;
    if (c->special_mask)
        in_service &= ~c->imr;
    if (is_master && c->sfnm)
        in_service &= ~(1u << 2);
    int svc = highest(c, in_service);
    if (svc >= 0 && prio(c, (unsigned)svc) <= prio(c, (unsigned)req))
        return -1;
    return req;
}

static void chip_set_line(struct pic_chip *c, unsigned n, bool level)
{
    uint8_t m = (uint8_t)(1u << n);
    if (c->elcr & m) {
        if (level)
            c->irr |= m;
        else
            c->irr &= ~m;
    } else if (level && !(c->lines & m)) {
        c->irr |= m;
    }
    if (level)
        c->lines |= m;
    else
        c->lines &= ~m;
}

/* The slave's INT output feeds the master's IR2. The master sees it as a
 * level: a slave request that goes away (masked, or its line dropped in
 * level mode) takes the cascade request with it, instead of leaving a
 * latched IR2 that would end in a spurious IRQ15. */
static void update(struct pic *p)
{
    struct pic_chip *m = &p->s.chip[0];
    if (chip_irq(&p->s.chip[1], false) >= 0) {
        m->irr |= 0x04;
        m->lines |= 0x04;
    } else {
        m->irr &= ~0x04;
        m->lines &= ~0x04;
    }
}

/* INTA on one chip for IR n: in service unless auto-EOI, request cleared
 * for edge-triggered lines. */
static void chip_ack(struct pic_chip *c, unsigned n)
{
    uint8_t m = (uint8_t)(1u << n);
    if (c->auto_eoi) {
        if (c->rotate_on_aeoi)
            c->lowest = (uint8_t)n;
    } else {
        c->isr |= m;
    }
    if (!(c->elcr & m))
        c->irr &= ~m;
}

static void pic_set_line(void *opaque, unsigned irq, bool level)
{
    struct pic *p = opaque;
    if (irq >= 16 || irq == 2)   /* IR2 of the master is the cascade, not a device line */
        return;
    chip_set_line(&p->s.chip[irq >> 3], irq & 7, level);
    update(p);
}

static bool pic_pending(void *opaque)
{
    struct pic *p = opaque;
    return chip_irq(&p->s.chip[0], true) >= 0;
}

static uint8_t pic_ack(void *opaque)
{
    struct pic *p = opaque;
    struct pic_chip *m = &p->s.chip[0], *s = &p->s.chip[1];
    uint8_t vector;
    int n = chip_irq(m, true);
    if (n < 0) {
        vector = m->base | 7;    /* spurious IRQ7 */
    } else if (n == 2 && !m->single) {
        int sn = chip_irq(s, false);
        if (sn < 0) {
            vector = s->base | 7;   /* spurious IRQ15 */
        } else {
            chip_ack(s, (unsigned)sn);
            vector = s->base | (uint8_t)sn;
        }
        chip_ack(m, 2);
    } else {
        chip_ack(m, (unsigned)n);
        vector = m->base | (uint8_t)n;
    }
    update(p);
    return vector;
}

/* Poll command: the byte is 0x80 | IR when something is pending, and the
 * read acknowledges it as INTA would. */
static uint8_t chip_poll(struct pic *p, unsigned which)
{
    struct pic_chip *c = &p->s.chip[which];
    int n = chip_irq(c, which == 0);
    if (n < 0)
        return 0;
    chip_ack(c, (unsigned)n);   /* a master poll that finds IR2 leaves the slave to its own poll */
    update(p);
    return (uint8_t)(0x80 | n);
}

static void chip_reset(struct pic_chip *c, uint8_t elcr_mask)
{
    memset(c, 0, sizeof *c);
    c->elcr_mask = elcr_mask;
    c->lowest = 7;
}

/* ICW1: the start of initialisation. IMR and ISR clear, IR7 lowest, status
 * read selects IRR, special mask off, and the edge detectors forget the
 * lines' levels (a line already high must go low and high again). */
static void icw1(struct pic_chip *c, uint8_t v)
{
    c->irr = c->isr = c->imr = 0;
    c->lines = 0;
    c->lowest = 7;
    c->read_isr = c->poll = c->special_mask = 0;
    c->auto_eoi = c->rotate_on_aeoi = c->sfnm = 0;
    c->single = v >> 1 & 1;
    c->icw4_needed = v & 1;
    c->init_step = 2;
}

static void ocw2(struct pic_chip *c, uint8_t v)
{
    unsigned op = v >> 5, level = v & 7;
    int n;
    switch (op) {
    case 1:                      /* non-specific EOI */
    case 5:                      /* rotate on non-specific EOI */
        n = highest(c, c->isr);
        if (n >= 0) {
            c->isr &= ~(1u << n);
            if (op == 5)
                c->lowest = (uint8_t)n;
        }
        break;
    case 3:                      /* specific EOI */
        c->isr &= ~(1u << level);
        break;
    case 7:                      /* rotate on specific EOI */
        c->isr &= ~(1u << level);
        c->lowest = (uint8_t)level;
        break;
    case 6:                      /* set priority */
        c->lowest = (uint8_t)level;
        break;
    case 4:
        c->rotate_on_aeoi = 1;
        break;
    case 0:
        c->rotate_on_aeoi = 0;
        break;
    default:                     /* 2: no operation */
        break;
    }
}

static void ocw3(struct pic_chip *c, uint8_t v)
{
    if (v & 0x04)
        c->poll = 1;
    if (v & 0x02)
        c->read_isr = v & 1;
    if (v & 0x40)
        c->special_mask = v >> 5 & 1;
}

static void write_byte(struct pic *p, unsigned which, unsigned reg, uint8_t v)
{
    struct pic_chip *c = &p->s.chip[which];
    if (reg == 0) {
        if (v & 0x10)
            icw1(c, v);
        else if (v & 0x08)
            ocw3(c, v);
        else
            ocw2(c, v);
    } else {
        switch (c->init_step) {
        case 2:
            c->base = v & 0xf8;
            c->init_step = c->single ? (c->icw4_needed ? 4 : 0) : 3;
            break;
        case 3:
            c->icw3 = v;
            c->init_step = c->icw4_needed ? 4 : 0;
            break;
        case 4:
            c->auto_eoi = v >> 1 & 1;
            c->sfnm = v >> 4 & 1;
            c->init_step = 0;
            break;
        default:
            c->imr = v;
            break;
        }
    }
    update(p);
}

static uint8_t read_byte(struct pic *p, unsigned which, unsigned reg)
{
    struct pic_chip *c = &p->s.chip[which];
    if (reg == 1)
        return c->imr;
    if (c->poll) {
        c->poll = 0;
        return chip_poll(p, which);
    }
    return c->read_isr ? c->isr : c->irr;
}

/* Port -> (chip, register), or -1 for the ELCR pair (chip in *which). */
static int decode(uint64_t port, unsigned *which, unsigned *reg)
{
    if (port == 0x20 || port == 0x21) {
        *which = 0;
        *reg = port & 1;
        return 0;
    }
    if (port == 0xa0 || port == 0xa1) {
        *which = 1;
        *reg = port & 1;
        return 0;
    }
    if (port == 0x4d0 || port == 0x4d1) {
        *which = port & 1;
        return 1;
    }
    return -1;
}

/* Every byte of a wider access goes to its own port: an `outw` to 0x20 is
 * 0x20 then 0x21, as the ISA bus splits it. Bytes past the device's ports
 * read as all ones. */
static uint64_t pic_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    struct pic *p = (struct pic *)dev;
    uint64_t v = 0;
    if (space != IO_PORT || size > 8)
        return dev_all_ones(size);
    for (unsigned i = 0; i < size; i++) {
        unsigned which, reg;
        uint8_t b = 0xff;
        int k = decode(addr + i, &which, &reg);
        if (k == 0)
            b = read_byte(p, which, reg);
        else if (k == 1)
            b = p->s.chip[which].elcr;
        v |= (uint64_t)b << (8 * i);
    }
    return v;
}

static void pic_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    struct pic *p = (struct pic *)dev;
    if (space != IO_PORT || size > 8)
        return;
    for (unsigned i = 0; i < size; i++) {
        unsigned which, reg;
        uint8_t b = (uint8_t)(val >> (8 * i));
        int k = decode(addr + i, &which, &reg);
        if (k == 0) {
            write_byte(p, which, reg, b);
        } else if (k == 1) {
            struct pic_chip *c = &p->s.chip[which];
            c->elcr = b & c->elcr_mask;
            update(p);
        }
    }
}

static void pic_reset(struct device *dev)
{
    struct pic *p = (struct pic *)dev;
    chip_reset(&p->s.chip[0], 0xf8);
    chip_reset(&p->s.chip[1], 0xde);
}

static size_t pic_save(const struct device *dev, void *buf, size_t cap)
{
    const struct pic *p = (const struct pic *)dev;
    return dev_snap_save(buf, cap, PIC_MAGIC, PIC_VERSION, &p->s, sizeof p->s);
}

static int pic_load(struct device *dev, const void *buf, size_t len)
{
    struct pic *p = (struct pic *)dev;
    struct pic_state s;
    static const uint8_t elcr_mask[2] = { 0xf8, 0xde };
    if (dev_snap_load(buf, len, PIC_MAGIC, PIC_VERSION, &s, sizeof s) < 0)
        return -1;
    for (unsigned i = 0; i < 2; i++) {
        const struct pic_chip *c = &s.chip[i];
        if (c->elcr_mask != elcr_mask[i] || (c->elcr & ~c->elcr_mask) || (c->base & 7) || c->lowest > 7 ||
            (c->init_step != 0 && (c->init_step < 2 || c->init_step > 4)) || c->icw4_needed > 1 || c->single > 1 ||
            c->auto_eoi > 1 || c->rotate_on_aeoi > 1 || c->read_isr > 1 || c->poll > 1 || c->special_mask > 1 ||
            c->sfnm > 1)
            return -1;
        /* A level-triggered line's request is its level. */
        if ((c->irr ^ c->lines) & c->elcr)
            return -1;
    }
    p->s = s;
    update(p);
    return 0;
}

static void pic_destroy(struct device *dev)
{
    struct pic *p = (struct pic *)dev;
    if (dev->bus && dev->bus->irq == &p->irq)
        dev->bus->irq = NULL;
    free(p);
}

struct device *pic_new(struct bus *bus)
{
    struct pic *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->dev.name = "pic";
    p->dev.ranges[0] = (struct io_range){ IO_PORT, 0x20, 2 };
    p->dev.ranges[1] = (struct io_range){ IO_PORT, 0xa0, 2 };
    p->dev.ranges[2] = (struct io_range){ IO_PORT, 0x4d0, 2 };
    p->dev.n_ranges = 3;
    p->dev.read = pic_read;
    p->dev.write = pic_write;
    p->dev.reset = pic_reset;
    p->dev.save = pic_save;
    p->dev.load = pic_load;
    p->dev.destroy = pic_destroy;
    p->irq.opaque = p;
    p->irq.set_line = pic_set_line;
    p->irq.pending = pic_pending;
    p->irq.ack = pic_ack;
    p->dev.bus = bus;            /* so that destroy before bus_add still detaches */
    pic_reset(&p->dev);
    if (bus)
        bus->irq = &p->irq;
    return &p->dev;
}
