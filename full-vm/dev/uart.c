/*
 * uart.c - a 16550A UART (COM1 at 0x3f8, IRQ4): the guest's console with
 * console=ttyS0. Transmitted bytes leave at once through the machine's
 * output callback, so THR and the transmitter are always empty again by the
 * time the guest looks; received bytes come from uart_receive(), which
 * takes only what fits in the 16-byte FIFO (1 byte with FIFOs off) and
 * tells the caller, who keeps the rest: nothing is dropped.
 *
 *   +0 RBR/THR (DLL when LCR.DLAB)   +4 MCR: LOOP(4) OUT2(3) OUT1(2) RTS(1) DTR(0)
 *   +1 IER (DLM when LCR.DLAB)       +5 LSR: ERR(7) TEMT(6) THRE(5) BI FE PE OE DR(0)
 *   +2 IIR (read) / FCR (write)      +6 MSR: DCD RI DSR CTS | their deltas
 *   +3 LCR: DLAB(7) ...              +7 SCR
 *
 * IIR priorities: line status (6) > received data (4) / character timeout
 * (0xc) > THR empty (2) > modem status (0); bits 7-6 set while FIFOs are on.
 * The character timeout is reported at once when the FIFO holds data below
 * its trigger level (the guest has no way to tell four character times
 * from zero when the bytes arrive as a burst).
 *
 * The IRQ line is gated by MCR.OUT2, as on every PC (Linux sets OUT2 when
 * it opens the port). In loopback mode THR feeds RBR and MSR mirrors MCR.
 */
#include "full-vm/dev/dev.h"

#include <stdlib.h>

#define FIFO_SIZE 16

#define IER_RDI 0x01
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define IER_MSI 0x08
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_BI 0x10
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define LCR_DLAB 0x80

struct uart_state {
    uint8_t rx[FIFO_SIZE];
    uint8_t rx_head, rx_count;
    uint8_t ier, lcr, mcr, lsr_err, msr, scr, fcr;
    uint8_t dll, dlm;
    uint8_t thr_ipending;        /* THR-empty interrupt latched (cleared by IIR read or THR write) */
    uint8_t irq_level;
    uint8_t pad[3];
};

struct uart {
    struct device dev;
    unsigned irq;
    uint16_t base;
    void (*out)(void *opaque, uint8_t byte);
    void *out_opaque;
    struct uart_state s;
};

#define UART_MAGIC DEV_MAGIC('U', '5', '5', '0')
#define UART_VERSION 1

static unsigned fifo_cap(const struct uart *u)
{
    return u->s.fcr & 1 ? FIFO_SIZE : 1;
}

static unsigned trigger_level(const struct uart *u)
{
    static const uint8_t lv[4] = { 1, 4, 8, 14 };
    return u->s.fcr & 1 ? lv[u->s.fcr >> 6] : 1;
}

/* The interrupt the IIR would show now (its low 4 bits; 1 = none). */
static uint8_t pending_id(const struct uart *u)
{
    uint8_t ier = u->s.ier;
    if ((ier & IER_RLSI) && (u->s.lsr_err & (LSR_OE | LSR_BI | 0x0c)))
        return 0x06;
    if ((ier & IER_RDI) && u->s.rx_count)
        return u->s.rx_count >= trigger_level(u) ? 0x04 : 0x0c;
    if ((ier & IER_THRI) && u->s.thr_ipending)
        return 0x02;
    if ((ier & IER_MSI) && (u->s.msr & 0x0f))
        return 0x00;
    return 0x01;
}

static void update_irq(struct uart *u)
{
    bool level = pending_id(u) != 0x01 && (u->s.mcr & MCR_OUT2);
    if (level != u->s.irq_level) {
        u->s.irq_level = level;
        bus_irq(u->dev.bus, u->irq, level);
    }
}

/* MSR's upper nibble: in loopback DSR<-DTR, CTS<-RTS, RI<-OUT1, DCD<-OUT2;
 * otherwise a terminal that is always there (DCD, DSR, CTS). Changes set
 * the delta bits (RI: trailing edge only). */
static void update_msr(struct uart *u)
{
    uint8_t m = u->s.mcr, now;
    if (m & MCR_LOOP)
        now = (uint8_t)((m & 1) << 5 | (m & 2) << 3 | (m & 4) << 4 | (m & 8) << 4);
    else
        now = 0xb0;
    uint8_t old = u->s.msr & 0xf0, delta = 0;
    if ((old ^ now) & 0x10)
        delta |= 0x01;
    if ((old ^ now) & 0x20)
        delta |= 0x02;
    if ((old & 0x40) && !(now & 0x40))
        delta |= 0x04;
    if ((old ^ now) & 0x80)
        delta |= 0x08;
    u->s.msr = (uint8_t)(now | ((u->s.msr | delta) & 0x0f));
}

static bool rx_push(struct uart *u, uint8_t b)
{
    if (u->s.rx_count >= fifo_cap(u))
        return false;
    u->s.rx[(u->s.rx_head + u->s.rx_count) % FIFO_SIZE] = b;
    u->s.rx_count++;
    return true;
}

static void transmit(struct uart *u, uint8_t b)
{
    if (u->s.mcr & MCR_LOOP) {
        if (!rx_push(u, b))
            u->s.lsr_err |= LSR_OE;   /* the guest overran its own loopback */
    } else if (u->out) {
        u->out(u->out_opaque, b);
    }
    /* Sent at once: THR is empty again, which is an interrupt event. */
    u->s.thr_ipending = 1;
}

static uint8_t read_reg(struct uart *u, unsigned reg)
{
    uint8_t v;
    switch (reg) {
    case 0:
        if (u->s.lcr & LCR_DLAB)
            return u->s.dll;
        if (!u->s.rx_count)
            return 0;
        v = u->s.rx[u->s.rx_head];
        u->s.rx_head = (uint8_t)((u->s.rx_head + 1) % FIFO_SIZE);
        u->s.rx_count--;
        update_irq(u);
        return v;
    case 1:
        return u->s.lcr & LCR_DLAB ? u->s.dlm : u->s.ier;
    case 2:
        v = pending_id(u);
        if (v == 0x02)
            u->s.thr_ipending = 0;   /* reading IIR with THRE showing clears it */
        if (u->s.fcr & 1)
            v |= 0xc0;
        update_irq(u);
        return v;
    case 3:
        return u->s.lcr;
    case 4:
        return u->s.mcr;
    case 5:
        v = LSR_THRE | LSR_TEMT | u->s.lsr_err;
        if (u->s.rx_count)
            v |= LSR_DR;
        if (u->s.lsr_err & (LSR_BI | 0x0c))
            v |= 0x80;
        u->s.lsr_err = 0;
        update_irq(u);
        return v;
    case 6:
        v = u->s.msr;
        u->s.msr &= 0xf0;
        update_irq(u);
        return v;
    default:
        return u->s.scr;
    }
}

static void write_reg(struct uart *u, unsigned reg, uint8_t v)
{
    switch (reg) {
    case 0:
        if (u->s.lcr & LCR_DLAB) {
            u->s.dll = v;
            return;
        }
        transmit(u, v);
        break;
    case 1:
        if (u->s.lcr & LCR_DLAB) {
            u->s.dlm = v;
            return;
        }
        /* Enabling the THR interrupt while THR is empty raises it: 16550s
         * do, and Linux's 8250 driver checks (UART_BUG_THRE). */
        if ((v & IER_THRI) && !(u->s.ier & IER_THRI))
            u->s.thr_ipending = 1;
        u->s.ier = v & 0x0f;
        break;
    case 2:
        if ((v ^ u->s.fcr) & 1)  /* FIFO enable toggled: both FIFOs clear */
            u->s.rx_count = u->s.rx_head = 0;
        if (v & 0x02)
            u->s.rx_count = u->s.rx_head = 0;
        u->s.fcr = v & 0xc9;     /* FIFO enable, DMA mode, trigger; the reset bits self-clear */
        break;
    case 3:
        u->s.lcr = v;
        break;
    case 4:
        u->s.mcr = v & 0x1f;
        update_msr(u);
        break;
    case 5:
    case 6:
        break;                   /* LSR and MSR are read-only (writes are factory test) */
    default:
        u->s.scr = v;
        break;
    }
    update_irq(u);
}

static uint64_t uart_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    struct uart *u = (struct uart *)dev;
    uint64_t v = 0;
    if (space != IO_PORT || size > 8)
        return dev_all_ones(size);
    for (unsigned i = 0; i < size; i++) {
        uint64_t off = addr + i - u->base;
        uint8_t b = off < 8 ? read_reg(u, (unsigned)off) : 0xff;
        v |= (uint64_t)b << (8 * i);
    }
    return v;
}

static void uart_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    struct uart *u = (struct uart *)dev;
    if (space != IO_PORT || size > 8)
        return;
    for (unsigned i = 0; i < size; i++) {
        uint64_t off = addr + i - u->base;
        if (off < 8)
            write_reg(u, (unsigned)off, (uint8_t)(val >> (8 * i)));
    }
}

size_t uart_rx_space(const struct device *dev)
{
    const struct uart *u = (const struct uart *)dev;
    if (u->s.mcr & MCR_LOOP)
        return 0;                /* the receiver listens to the transmitter only */
    return fifo_cap(u) > u->s.rx_count ? fifo_cap(u) - u->s.rx_count : 0;
}

size_t uart_receive(struct device *dev, const uint8_t *buf, size_t len)
{
    struct uart *u = (struct uart *)dev;
    size_t n = 0;
    if (u->s.mcr & MCR_LOOP)
        return 0;
    while (n < len && rx_push(u, buf[n]))
        n++;
    if (n)
        update_irq(u);
    return n;
}

void uart_set_output(struct device *dev, void (*out)(void *opaque, uint8_t byte), void *opaque)
{
    struct uart *u = (struct uart *)dev;
    u->out = out;
    u->out_opaque = opaque;
}

static void uart_reset(struct device *dev)
{
    struct uart *u = (struct uart *)dev;
    if (u->s.irq_level)
        bus_irq(dev->bus, u->irq, false);
    memset(&u->s, 0, sizeof u->s);
    u->s.dll = 0x0c;             /* 9600 baud, as a BIOS would leave it */
    update_msr(u);
    u->s.msr &= 0xf0;
}

static size_t uart_save(const struct device *dev, void *buf, size_t cap)
{
    const struct uart *u = (const struct uart *)dev;
    return dev_snap_save(buf, cap, UART_MAGIC, UART_VERSION, &u->s, sizeof u->s);
}

static int uart_load(struct device *dev, const void *buf, size_t len)
{
    struct uart *u = (struct uart *)dev;
    struct uart_state s;
    if (dev_snap_load(buf, len, UART_MAGIC, UART_VERSION, &s, sizeof s) < 0)
        return -1;
    unsigned cap = s.fcr & 1 ? FIFO_SIZE : 1;
    if (s.rx_head >= FIFO_SIZE || s.rx_count > cap || (s.ier & 0xf0) || (s.mcr & 0xe0) || (s.fcr & ~0xc9) ||
        (s.lsr_err & ~0x1e) || s.thr_ipending > 1 || s.irq_level > 1)
        return -1;
    bool level = u->s.irq_level;
    u->s = s;
    u->s.irq_level = level;
    update_irq(u);
    return 0;
}

static void uart_destroy(struct device *dev)
{
    free(dev);
}

struct device *uart_new(struct bus *bus, uint16_t base, unsigned irq)
{
    struct uart *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->dev.name = "uart";
    u->dev.ranges[0] = (struct io_range){ IO_PORT, base, 8 };
    u->dev.n_ranges = 1;
    u->dev.bus = bus;
    u->dev.read = uart_read;
    u->dev.write = uart_write;
    u->dev.reset = uart_reset;
    u->dev.save = uart_save;
    u->dev.load = uart_load;
    u->dev.destroy = uart_destroy;
    u->base = base;
    u->irq = irq;
    uart_reset(&u->dev);
    return &u->dev;
}
