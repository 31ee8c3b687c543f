/*
 * pit.c - the 8254 programmable interval timer (0x40-0x43) and system
 * control port B (0x61), which gates channel 2 and shows its output.
 *
 *   channel 0: the system timer, OUT -> IRQ0 (Linux: mode 2 periodic,
 *              mode 4 one-shot clockevents);
 *   channel 1: DRAM refresh on old PCs, counts but drives nothing;
 *   channel 2: the speaker, gated by port 0x61 bit 0, OUT read back in
 *              0x61 bit 5 (Linux calibrates the TSC with it).
 *
 * Nothing ticks: a counting channel remembers the guest time it started
 * (t0, ns from bus_now()) and the ticks it had already counted (d0), and
 * the counter and OUT are computed from the elapsed 1.193182 MHz ticks
 * whenever the guest looks. poll() turns OUT's rising edges on channel 0
 * into IRQ0 pulses and says when the next one is due.
 *
 * Lost ticks: a periodic timer (modes 2, 3) whose periods pass between two
 * polls (a slow emulated CPU, a preempted host thread) would make one
 * interrupt for several, and a kernel counting jiffies by interrupts falls
 * behind the TSC until its clocksource watchdog calls the TSC unstable. So
 * the missed periods are owed and paid back, one interrupt every quarter
 * period, up to a second's worth (QEMU's lost_tick_policy=delay); beyond
 * that they are dropped as hardware would.
 *
 * Port 0x43 (control word):  SC1 SC0 | RW1 RW0 | M2 M1 M0 | BCD
 *   SC = 3: read-back: bit 5 clear latches counts, bit 4 clear latches
 *   status, bits 3-1 select channels 2-0. RW = 0: counter latch command.
 */
#include "full-vm/dev/dev.h"

#include <stdlib.h>

#define PIT_HZ 1193182ull
#define NS 1000000000ull

enum { RW_LATCH, RW_LSB, RW_MSB, RW_BOTH };

struct pit_channel {
    uint16_t count;              /* the count register as written (0 means 0x10000 / 10000 in BCD) */
    uint8_t mode;                /* 0-5 */
    uint8_t rw;                  /* RW_LSB, RW_MSB, RW_BOTH */
    uint8_t bcd;
    uint8_t gate;
    uint8_t counting;            /* count loaded and (for modes 0/4) gate high */
    uint8_t armed;               /* mode 0/1/4/5: the terminal event has not passed yet */
    uint8_t null_count;          /* control word written, count not loaded yet */
    uint8_t write_msb_next;      /* RW_BOTH: the LSB was written */
    uint8_t read_msb_next;       /* RW_BOTH: the LSB was read */
    uint8_t latched;             /* bytes of latched count still to read: 0, 1 or 2 */
    uint8_t status_latched;
    uint8_t status;
    uint8_t pad;
    uint16_t latch;
    uint16_t write_lsb;
    uint64_t t0;                 /* guest ns when counting (re)started */
    uint64_t d0;                 /* ticks counted before t0 (a gate pause in mode 0/4) */
    uint64_t irq_mark;           /* channel 0: periods already signalled (modes 2/3) */
};

struct pit_state {
    struct pit_channel ch[3];
    uint8_t port61;              /* bits 0-3 as written */
    uint8_t pad[3];
    uint32_t owed;               /* channel 0: missed periodic interrupts still to deliver */
    uint64_t repay_at;           /* guest ns of the next owed interrupt */
};

struct pit {
    struct device dev;
    struct pit_state s;
};

#define PIT_MAGIC DEV_MAGIC('P', 'I', 'T', '4')
#define PIT_VERSION 1

static uint64_t ns_to_ticks(uint64_t ns)
{
    return (uint64_t)((unsigned __int128)ns * PIT_HZ / NS);
}

/* The first guest ns at which ticks have elapsed. */
static uint64_t ticks_to_ns(uint64_t ticks)
{
    unsigned __int128 n = ((unsigned __int128)ticks * NS + PIT_HZ - 1) / PIT_HZ;
    return n > UINT64_MAX ? UINT64_MAX : (uint64_t)n;
}

static unsigned bcd_to_bin(uint16_t v)
{
    return (v & 15) + (v >> 4 & 15) * 10 + (v >> 8 & 15) * 100 + (v >> 12 & 15) * 1000;
}

static uint16_t bin_to_bcd(unsigned v)
{
    v %= 10000;
    return (uint16_t)(v % 10 | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000) << 12);
}

/* The period in ticks the count register stands for. BCD digits above 9
 * count as the hardware's decoder would: we just clamp through the binary
 * value, which is never 0 for a non-zero register. */
static uint64_t period(const struct pit_channel *c)
{
    if (c->bcd) {
        unsigned v = bcd_to_bin(c->count);
        return v ? v : 10000;
    }
    return c->count ? c->count : 0x10000;
}

static uint64_t elapsed(const struct pit_channel *c, uint64_t now)
{
    if (!c->counting)
        return c->d0;
    return c->d0 + (now > c->t0 ? ns_to_ticks(now - c->t0) : 0);
}

/* The counter's current value (what a latch or a plain read sees). */
static uint16_t counter(const struct pit_channel *c, uint64_t now)
{
    uint64_t p = period(c), d = elapsed(c, now), v;
    if (c->null_count && !c->counting)
        return c->count;
    switch (c->mode) {
    case 2:
        v = p - d % p;
        break;
    case 3:                      /* decrements by two, reloading each half period */
        v = p - (2 * d) % p;
        v &= ~1ull;
        if (v == 0)
            v = p & ~1ull;
        break;
    default: {                   /* 0, 1, 4, 5: count down from p, then wrap */
        uint64_t mod = c->bcd ? 10000 : 0x10000;
        v = (p % mod + mod - d % mod) % mod;
        break;
    }
    }
    if (c->bcd)
        return bin_to_bcd((unsigned)v);
    return (uint16_t)v;
}

static bool out_level(const struct pit_channel *c, uint64_t now)
{
    uint64_t p = period(c), d = elapsed(c, now);
    switch (c->mode) {
    case 0:                      /* low from the control word (or a count's first byte) to terminal count */
        return !c->null_count && !c->write_msb_next && d >= p;
    case 1:
        return !c->armed || d >= p;
    case 2:
        if (!c->counting)
            return true;
        return d % p != p - 1;
    case 3:
        if (!c->counting)
            return true;
        return d % p < (p + 1) / 2;
    default:                     /* 4, 5: a one-tick low strobe at terminal count */
        if (!c->counting || !c->armed)
            return true;
        return d != p;
    }
}

/* At most a second's worth of periods is owed. */
static uint32_t owed_cap(const struct pit_channel *c)
{
    uint64_t n = PIT_HZ / period(c);
    return n ? (uint32_t)n : 1;
}

static void start(struct pit_channel *c, uint64_t now)
{
    c->t0 = now;
    c->d0 = 0;
    c->irq_mark = 0;
    c->armed = 1;
}

/* A count register write has completed. */
static void load_count(struct pit *t, unsigned n, uint16_t v, uint64_t now)
{
    struct pit_channel *c = &t->s.ch[n];
    if (n == 0)
        t->s.owed = 0;           /* a new count forgives the old period's debts */
    c->count = v;
    c->null_count = 0;
    switch (c->mode) {
    case 1:
    case 5:                      /* hardware triggered: waits for a gate rising edge */
        c->counting = 0;
        c->armed = 0;
        c->d0 = 0;
        break;
    default:
        start(c, now);
        c->counting = c->gate || n == 0;   /* channel 0's gate is tied high */
        break;
    }
}

static void set_gate(struct pit *t, unsigned n, bool gate, uint64_t now)
{
    struct pit_channel *c = &t->s.ch[n];
    bool rising = gate && !c->gate;
    c->gate = gate;
    if (c->null_count)
        return;
    switch (c->mode) {
    case 0:
    case 4:                      /* the gate pauses and resumes counting */
        if (!gate && c->counting) {
            c->d0 = elapsed(c, now);
            c->counting = 0;
        } else if (rising) {
            c->t0 = now;
            c->counting = 1;
        }
        break;
    case 2:
    case 3:                      /* low stops (OUT high), rising reloads */
        if (!gate)
            c->counting = 0, c->d0 = 0;
        else if (rising)
            start(c, now), c->counting = 1;
        break;
    default:                     /* 1, 5: rising edge (re)triggers */
        if (rising)
            start(c, now), c->counting = 1;
        break;
    }
}

static void control_word(struct pit *t, uint8_t v, uint64_t now)
{
    unsigned sc = v >> 6;
    if (sc == 3) {               /* read-back */
        for (unsigned n = 0; n < 3; n++) {
            struct pit_channel *c = &t->s.ch[n];
            if (!(v & (2u << n)))
                continue;
            if (!(v & 0x10) && !c->status_latched) {
                c->status = (uint8_t)((out_level(c, now) ? 0x80 : 0) | (c->null_count ? 0x40 : 0) | c->rw << 4 |
                                      c->mode << 1 | c->bcd);
                c->status_latched = 1;
            }
            if (!(v & 0x20) && !c->latched) {
                c->latch = counter(c, now);
                c->latched = c->rw == RW_BOTH ? 2 : 1;
            }
        }
        return;
    }
    struct pit_channel *c = &t->s.ch[sc];
    unsigned rw = v >> 4 & 3;
    if (rw == RW_LATCH) {
        if (!c->latched) {
            c->latch = counter(c, now);
            c->latched = c->rw == RW_BOTH ? 2 : 1;
        }
        return;
    }
    unsigned mode = v >> 1 & 7;
    if (mode > 5)
        mode -= 4;               /* 6 and 7 are aliases of 2 and 3 */
    if (sc == 0)
        t->s.owed = 0;
    c->rw = (uint8_t)rw;
    c->mode = (uint8_t)mode;
    c->bcd = v & 1;
    c->null_count = 1;
    c->counting = 0;
    c->armed = 0;
    c->d0 = 0;
    c->write_msb_next = c->read_msb_next = 0;
    c->latched = 0;
    c->status_latched = 0;
}

static void write_counter(struct pit *t, unsigned n, uint8_t v, uint64_t now)
{
    struct pit_channel *c = &t->s.ch[n];
    switch (c->rw) {
    case RW_LSB:
        load_count(t, n, v, now);
        break;
    case RW_MSB:
        load_count(t, n, (uint16_t)(v << 8), now);
        break;
    default:
        if (!c->write_msb_next) {
            c->write_lsb = v;
            c->write_msb_next = 1;
            if (c->mode == 0) {  /* mode 0 stops counting on the first byte */
                c->d0 = elapsed(c, now);
                c->counting = 0;
                c->armed = 0;
            }
        } else {
            c->write_msb_next = 0;
            load_count(t, n, (uint16_t)(c->write_lsb | v << 8), now);
        }
        break;
    }
}

static uint8_t read_counter(struct pit *t, unsigned n, uint64_t now)
{
    struct pit_channel *c = &t->s.ch[n];
    if (c->status_latched) {
        c->status_latched = 0;
        return c->status;
    }
    if (c->latched) {
        uint8_t b;
        if (c->rw == RW_MSB)
            b = (uint8_t)(c->latch >> 8);
        else if (c->rw == RW_LSB || c->latched == 2)
            b = (uint8_t)c->latch;
        else
            b = (uint8_t)(c->latch >> 8);
        c->latched--;
        return b;
    }
    if (c->rw == RW_LATCH)       /* never programmed */
        return 0;
    uint16_t v = counter(c, now);
    switch (c->rw) {
    case RW_LSB:
        return (uint8_t)v;
    case RW_MSB:
        return (uint8_t)(v >> 8);
    default:
        c->read_msb_next ^= 1;
        return c->read_msb_next ? (uint8_t)v : (uint8_t)(v >> 8);
    }
}

/* Bit 4 of port 0x61 toggles with every DRAM refresh (15.085 us); some
 * delay loops watch it. */
static uint8_t read_port61(struct pit *t, uint64_t now)
{
    uint8_t v = t->s.port61 & 0x0f;
    if ((now / 15085) & 1)
        v |= 0x10;
    if (out_level(&t->s.ch[2], now))
        v |= 0x20;
    return v;
}

static uint64_t pit_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    struct pit *t = (struct pit *)dev;
    uint64_t now = bus_now(dev->bus), v = 0;
    if (space != IO_PORT || size > 8)
        return dev_all_ones(size);
    for (unsigned i = 0; i < size; i++) {
        uint64_t port = addr + i;
        uint8_t b = 0xff;
        if (port >= 0x40 && port <= 0x42)
            b = read_counter(t, (unsigned)(port - 0x40), now);
        else if (port == 0x61)
            b = read_port61(t, now);
        /* 0x43 is write-only */
        v |= (uint64_t)b << (8 * i);
    }
    return v;
}

static void pit_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    struct pit *t = (struct pit *)dev;
    uint64_t now = bus_now(dev->bus);
    if (space != IO_PORT || size > 8)
        return;
    for (unsigned i = 0; i < size; i++) {
        uint64_t port = addr + i;
        uint8_t b = (uint8_t)(val >> (8 * i));
        if (port >= 0x40 && port <= 0x42) {
            write_counter(t, (unsigned)(port - 0x40), b, now);
        } else if (port == 0x43) {
            control_word(t, b, now);
        } else if (port == 0x61) {
            t->s.port61 = b & 0x0f;
            set_gate(t, 2, b & 1, now);
        }
    }
}

/* Channel 0's next rising OUT edge in guest ns (UINT64_MAX: none coming),
 * and raising IRQ0 for an edge that has passed. */
static uint64_t pit_poll(struct device *dev, uint64_t now)
{
    struct pit *t = (struct pit *)dev;
    struct pit_channel *c = &t->s.ch[0];
    if (!c->counting || c->null_count)
        return UINT64_MAX;
    uint64_t p = period(c), d = elapsed(c, now), edge;
    bool fire = false;
    switch (c->mode) {
    case 2:
    case 3:                      /* OUT rises at every reload: ticks p, 2p, ... */
        if (d / p > c->irq_mark) {
            uint64_t missed = d / p - c->irq_mark - 1, cap = owed_cap(c);
            t->s.owed = t->s.owed + missed > cap ? (uint32_t)cap : (uint32_t)(t->s.owed + missed);
            c->irq_mark = d / p;
            fire = true;
        } else if (t->s.owed && now >= t->s.repay_at) {
            t->s.owed--;
            fire = true;
        }
        if (fire)
            t->s.repay_at = now + ticks_to_ns(p) / 4;
        edge = (c->irq_mark + 1) * p;
        break;
    case 0:
    case 4:                      /* once, at terminal count */
        if (!c->armed)
            return UINT64_MAX;
        if (d >= p) {
            c->armed = 0;
            fire = true;
            edge = UINT64_MAX;
        } else {
            edge = p;
        }
        break;
    default:                     /* 1, 5: channel 0's gate never rises */
        return UINT64_MAX;
    }
    if (fire) {
        bus_irq(dev->bus, 0, true);
        bus_irq(dev->bus, 0, false);
    }
    if (edge == UINT64_MAX)
        return UINT64_MAX;
    if (edge <= c->d0)
        return now;
    uint64_t ns = ticks_to_ns(edge - c->d0);
    uint64_t next = c->t0 + ns < c->t0 ? UINT64_MAX : c->t0 + ns;
    if (t->s.owed && (c->mode == 2 || c->mode == 3) && t->s.repay_at < next)
        next = t->s.repay_at;
    return next;
}

static void pit_reset(struct device *dev)
{
    struct pit *t = (struct pit *)dev;
    memset(&t->s, 0, sizeof t->s);
    for (unsigned n = 0; n < 3; n++) {
        t->s.ch[n].rw = RW_LATCH;
        t->s.ch[n].null_count = 1;
        t->s.ch[n].gate = n != 2;
    }
}

static size_t pit_save(const struct device *dev, void *buf, size_t cap)
{
    const struct pit *t = (const struct pit *)dev;
    return dev_snap_save(buf, cap, PIT_MAGIC, PIT_VERSION, &t->s, sizeof t->s);
}

static int pit_load(struct device *dev, const void *buf, size_t len)
{
    struct pit *t = (struct pit *)dev;
    struct pit_state s;
    if (dev_snap_load(buf, len, PIT_MAGIC, PIT_VERSION, &s, sizeof s) < 0)
        return -1;
    if (s.port61 > 0x0f)
        return -1;
    for (unsigned n = 0; n < 3; n++) {
        const struct pit_channel *c = &s.ch[n];
        if (n == 0 && s.owed > owed_cap(c))
        return -1;
    if (c->mode > 5 || c->rw > 3 || c->bcd > 1 || c->gate > 1 || c->counting > 1 || c->armed > 1 ||
            c->null_count > 1 || c->write_msb_next > 1 || c->read_msb_next > 1 || c->latched > 2 ||
            c->status_latched > 1 || c->write_lsb > 0xff)
            return -1;
        if ((n != 2 && !c->gate) || (n == 2 && c->gate != (s.port61 & 1)))
            return -1;
        if (c->latched == 2 && c->rw != RW_BOTH)
            return -1;
    }
    t->s = s;
    return 0;
}

static void pit_destroy(struct device *dev)
{
    free(dev);
}

struct device *pit_new(struct bus *bus)
{
    struct pit *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->dev.name = "pit";
    t->dev.ranges[0] = (struct io_range){ IO_PORT, 0x40, 4 };
    t->dev.ranges[1] = (struct io_range){ IO_PORT, 0x61, 1 };
    t->dev.n_ranges = 2;
    t->dev.bus = bus;
    t->dev.read = pit_read;
    t->dev.write = pit_write;
    t->dev.reset = pit_reset;
    t->dev.save = pit_save;
    t->dev.load = pit_load;
    t->dev.poll = pit_poll;
    t->dev.destroy = pit_destroy;
    pit_reset(&t->dev);
    return &t->dev;
}
