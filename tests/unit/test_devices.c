/*
 * test_devices.c - the PC devices of full-vm/dev/ driven through the bus
 * the way a kernel drives them: port by port, with a fake guest clock and
 * guest RAM in a buffer fenced by PROT_NONE guard pages (a device that
 * reaches outside RAM crashes the test instead of passing it).
 *
 * Per device: behaviour (PIC init/mask/EOI priority/cascade, PIT mode 0/2
 * and channel 2 through port 0x61, RTC against time(), UART loopback and
 * IIR, i8042 self test and reset line, PCI config reads and BAR sizing,
 * a full virtio-blk request cycle on a temp image), save/load round trips
 * and rejection of states save would never write, and a million random
 * port and MMIO accesses with a fixed seed.
 */
#include "full-vm/bus.h"
#include "full-vm/dev/dev.h"
#include "unit_util.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>

#define RAM_SIZE (1u << 20)
#define BLK_IRQ 11
#define BLK_SLOT 1
#define IMAGE_SECTORS 256

struct machine {
    struct bus bus;
    uint8_t *map;                /* guard page, RAM, guard page */
    size_t map_size, page;
    uint8_t *ram;
    struct device *pic, *pit, *rtc, *uart, *kbd, *misc, *pci, *blk;
    char image[64];
    uint8_t out[4096];           /* what the UART sent */
    size_t n_out;
};

static struct machine M;
static uint64_t fake_ns;

static uint64_t fake_now(struct bus *bus)
{
    (void)bus;
    return fake_ns;
}

static void uart_out(void *opaque, uint8_t byte)
{
    struct machine *m = opaque;
    if (m->n_out < sizeof m->out)
        m->out[m->n_out++] = byte;
}

static void make_image(const char *dir)
{
    snprintf(M.image, sizeof M.image, "%s/mimic-vblk.XXXXXX", dir);
    int fd = mkstemp(M.image);
    cr_assert(fd >= 0);
    uint8_t sec[512];
    for (unsigned s = 0; s < IMAGE_SECTORS; s++) {
        memset(sec, (int)(s & 0xff), sizeof sec);
        cr_assert_eq(write(fd, sec, sizeof sec), (ssize_t)sizeof sec);
    }
    close(fd);
}

static void add(struct device *d)
{
    cr_assert_not_null(d);
    cr_assert_eq(bus_add(&M.bus, d), 0, "bus_add(%s)", d->name);
}

static void setup(void)
{
    memset(&M, 0, sizeof M);
    fake_ns = 1000;
    M.page = (size_t)sysconf(_SC_PAGESIZE);
    M.map_size = RAM_SIZE + 2 * M.page;
    M.map = mmap(NULL, M.map_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(M.map != MAP_FAILED);
    M.ram = M.map + M.page;
    cr_assert_eq(mprotect(M.ram, RAM_SIZE, PROT_READ | PROT_WRITE), 0);
    bus_init(&M.bus, M.ram, RAM_SIZE);
    M.bus.now_ns = fake_now;
    make_image(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    add(M.pic = pic_new(&M.bus));
    cr_assert_eq(M.bus.irq != NULL, true);
    add(M.pit = pit_new(&M.bus));
    add(M.rtc = rtc_new(&M.bus));
    add(M.uart = uart_new(&M.bus, 0x3f8, 4));
    uart_set_output(M.uart, uart_out, &M);
    add(M.kbd = i8042_new(&M.bus));
    add(M.misc = misc_ports_new(&M.bus));
    add(M.pci = pci_host_new(&M.bus));
    add(M.blk = virtio_blk_new(&M.bus, M.pci, BLK_SLOT, BLK_IRQ, M.image, false));
}

static void teardown(void)
{
    bus_remove_all(&M.bus);
    munmap(M.map, M.map_size);
    unlink(M.image);
}

/* ---- port helpers --------------------------------------------------------- */

static void outb(uint16_t port, uint8_t v) { bus_write(&M.bus, IO_PORT, port, 1, v); }
static void outw(uint16_t port, uint16_t v) { bus_write(&M.bus, IO_PORT, port, 2, v); }
static void outl(uint16_t port, uint32_t v) { bus_write(&M.bus, IO_PORT, port, 4, v); }
static uint8_t inb(uint16_t port) { return (uint8_t)bus_read(&M.bus, IO_PORT, port, 1); }
static uint16_t inw(uint16_t port) { return (uint16_t)bus_read(&M.bus, IO_PORT, port, 2); }
static uint32_t inl(uint16_t port) { return (uint32_t)bus_read(&M.bus, IO_PORT, port, 4); }

/* Linux's init_8259A: vectors 0x30 (master) and 0x38 (slave), cascade on
 * IR2, normal EOI; then everything unmasked but what the test masks. */
static void pic_init(bool auto_eoi, uint8_t master_mask, uint8_t slave_mask)
{
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    outb(0x20, 0x11);
    outb(0x21, 0x30);
    outb(0x21, 0x04);
    outb(0x21, auto_eoi ? 0x03 : 0x01);
    outb(0xa0, 0x11);
    outb(0xa1, 0x38);
    outb(0xa1, 0x02);
    outb(0xa1, auto_eoi ? 0x03 : 0x01);
    outb(0x21, master_mask);
    outb(0xa1, slave_mask);
}

static bool irq_pending(void) { return M.bus.irq->pending(M.bus.irq->opaque); }
static uint8_t irq_ack(void) { return M.bus.irq->ack(M.bus.irq->opaque); }
static void pulse(unsigned irq)
{
    bus_irq(&M.bus, irq, true);
    bus_irq(&M.bus, irq, false);
}

/* Drain everything pending, returning the vectors in order (EOIs included). */
static unsigned drain(uint8_t *vec, unsigned max)
{
    unsigned n = 0;
    while (irq_pending() && n < max) {
        vec[n] = irq_ack();
        if (vec[n] >= 0x38)
            outb(0xa0, 0x20);
        outb(0x20, 0x20);
        n++;
    }
    return n;
}

/* ---- PIC ------------------------------------------------------------------ */

Test(pic, init_mask_and_priority, .init = setup, .fini = teardown)
{
    pic_init(false, 0x10, 0x00);     /* IRQ4 masked */
    cr_assert_eq(inb(0x21), 0x10, "IMR reads back");
    cr_assert_not(irq_pending());
    pulse(4);
    cr_assert_not(irq_pending(), "a masked line does not interrupt");
    outb(0x20, 0x0a);                /* OCW3: read IRR */
    cr_assert_eq(inb(0x20), 0x10, "but its request is latched in IRR");
    outb(0x21, 0x00);
    cr_assert(irq_pending(), "unmasking delivers it");
    cr_assert_eq(irq_ack(), 0x34);
    outb(0x20, 0x0b);                /* OCW3: read ISR */
    cr_assert_eq(inb(0x20), 0x10);
    /* While IR4 is in service: IR5 (lower) waits, IR1 (higher) nests. */
    pulse(5);
    cr_assert_not(irq_pending());
    pulse(1);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x31);
    cr_assert_eq(inb(0x20), 0x12, "ISR: 1 and 4 in service");
    outb(0x20, 0x20);                /* non-specific EOI ends the highest: IR1 */
    cr_assert_eq(inb(0x20), 0x10);
    cr_assert_not(irq_pending(), "IR5 still blocked by IR4");
    outb(0x20, 0x64);                /* specific EOI for IR4 */
    cr_assert_eq(inb(0x20), 0x00);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x35);
    outb(0x20, 0x20);
    cr_assert_not(irq_pending());
    /* Nothing pending: the INTA cycle yields the spurious IR7 vector. */
    cr_assert_eq(irq_ack(), 0x37);
}

Test(pic, edge_trigger_and_cascade, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    bus_irq(&M.bus, 3, true);
    cr_assert_eq(irq_ack(), 0x33);
    outb(0x20, 0x20);
    cr_assert_not(irq_pending(), "a line held high is one edge, one interrupt");
    bus_irq(&M.bus, 3, false);
    /* IRQ10 through the slave: vector from the slave's base, both ISRs set. */
    pulse(10);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x3a);
    outb(0x20, 0x0b);
    outb(0xa0, 0x0b);
    cr_assert_eq(inb(0x20), 0x04, "master: cascade in service");
    cr_assert_eq(inb(0xa0), 0x04, "slave: IR2 (IRQ10) in service");
    outb(0xa0, 0x62);                /* Linux: specific EOI to slave, then master's IR2 */
    outb(0x20, 0x62);
    cr_assert_eq(inb(0x20), 0x00);
    cr_assert_eq(inb(0xa0), 0x00);
    /* Priority across the pair: IRQ8-15 rank where IR2 does, above IRQ3. */
    pulse(3);
    pulse(9);
    pulse(0);
    uint8_t vec[8];
    cr_assert_eq(drain(vec, 8), 3);
    cr_assert_eq(vec[0], 0x30);
    cr_assert_eq(vec[1], 0x39);
    cr_assert_eq(vec[2], 0x33);
    /* Masking the slave's line on the slave. */
    outb(0xa1, 0x02);
    pulse(9);
    cr_assert_not(irq_pending());
    outb(0xa1, 0x00);
    cr_assert_eq(irq_ack(), 0x39);
}

Test(pic, auto_eoi_poll_and_elcr, .init = setup, .fini = teardown)
{
    pic_init(true, 0x00, 0x00);
    pulse(6);
    cr_assert_eq(irq_ack(), 0x36);
    outb(0x20, 0x0b);
    cr_assert_eq(inb(0x20), 0x00, "auto-EOI leaves nothing in service");
    pulse(5);
    cr_assert(irq_pending());
    /* Poll command: 0x80 | level, and it acknowledges. */
    outb(0x20, 0x0c);
    cr_assert_eq(inb(0x20), 0x85);
    cr_assert_not(irq_pending());
    outb(0x20, 0x0c);
    cr_assert_eq(inb(0x20), 0x00);
    /* ELCR: IRQ11 level-triggered re-requests while the line stays high. */
    pic_init(false, 0x00, 0x00);
    outb(0x4d1, 0x08);
    cr_assert_eq(inb(0x4d1), 0x08);
    outb(0x4d0, 0xff);
    cr_assert_eq(inb(0x4d0), 0xf8, "IRQ0-2 cannot be level-triggered");
    outb(0x4d0, 0x00);
    bus_irq(&M.bus, 11, true);
    cr_assert_eq(irq_ack(), 0x3b);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    cr_assert(irq_pending(), "level line still high");
    bus_irq(&M.bus, 11, false);
    cr_assert_not(irq_pending(), "and gone when it drops");
}

/* ---- PIT ------------------------------------------------------------------ */

static uint16_t pit_latch(unsigned ch)
{
    outb(0x43, (uint8_t)(ch << 6));  /* counter latch */
    uint8_t lo = inb((uint16_t)(0x40 + ch));
    return (uint16_t)(lo | inb((uint16_t)(0x40 + ch)) << 8);
}

/* Guest ns for n PIT ticks (rounded up). */
static uint64_t ticks_ns(uint64_t n)
{
    return (n * 1000000000ull + 1193181) / 1193182;
}

Test(pit, mode0_countdown_and_irq0, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x43, 0x30);                /* ch0, lobyte/hibyte, mode 0 */
    outb(0x40, 1000 & 0xff);
    outb(0x40, 1000 >> 8);
    uint64_t t0 = fake_ns;
    cr_assert_eq(pit_latch(0), 1000);
    fake_ns = t0 + ticks_ns(400);
    cr_assert_eq(pit_latch(0), 600);
    uint64_t deadline = bus_poll(&M.bus, fake_ns);
    cr_assert(deadline >= t0 + ticks_ns(1000) - 1 && deadline <= t0 + ticks_ns(1000) + 1,
              "deadline %llu, want about %llu", (unsigned long long)deadline,
              (unsigned long long)(t0 + ticks_ns(1000)));
    cr_assert_not(irq_pending());
    fake_ns = deadline;
    bus_poll(&M.bus, fake_ns);
    cr_assert(irq_pending(), "terminal count raises IRQ0");
    cr_assert_eq(irq_ack(), 0x30);
    outb(0x20, 0x20);
    fake_ns += 10000000;
    bus_poll(&M.bus, fake_ns);
    cr_assert_not(irq_pending(), "mode 0 fires once");
    /* Read-back: status of ch0 shows OUT high, mode 0, lobyte/hibyte. */
    outb(0x43, 0xe2);
    cr_assert_eq(inb(0x40), 0x80 | 0x30);
}

Test(pit, mode2_periodic, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x43, 0x34);                /* Linux's periodic tick: mode 2 */
    outb(0x40, 11932 & 0xff);        /* 100 Hz */
    outb(0x40, 11932 >> 8);
    uint64_t t0 = fake_ns;
    unsigned irqs = 0;
    for (unsigned i = 1; i <= 5; i++) {
        fake_ns = t0 + ticks_ns(11932ull * i) + 10;
        uint64_t next = bus_poll(&M.bus, fake_ns);
        cr_assert(next > fake_ns && next <= fake_ns + ticks_ns(11932));
        if (irq_pending()) {
            irq_ack();
            outb(0x20, 0x20);
            irqs++;
        }
    }
    cr_assert_eq(irqs, 5);
    /* Unlatched lobyte/hibyte reads track the counter. */
    fake_ns = t0 + ticks_ns(11932ull * 7 + 100);
    uint8_t lo = inb(0x40), hi = inb(0x40);
    uint16_t v = (uint16_t)(lo | hi << 8);
    cr_assert(v <= 11932 - 99 && v >= 11932 - 101, "counter %u", v);
}

/* Linux's pit_calibrate_tsc: channel 2 in mode 0, gate on through 0x61,
 * poll 0x61 bit 5 until OUT2 rises. */
Test(pit, channel2_through_port61, .init = setup, .fini = teardown)
{
    outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));
    outb(0x43, 0xb0);
    outb(0x42, 0x9c);                /* 0x2e9c = 11932: 10 ms */
    outb(0x42, 0x2e9c >> 8);
    uint64_t t0 = fake_ns;
    cr_assert_eq(inb(0x61) & 0x20, 0, "OUT2 low while counting");
    fake_ns = t0 + ticks_ns(0x2e9c) - 2000;
    cr_assert_eq(inb(0x61) & 0x20, 0);
    fake_ns = t0 + ticks_ns(0x2e9c);
    cr_assert_eq(inb(0x61) & 0x20, 0x20, "OUT2 high at terminal count");
    cr_assert_eq(inb(0x61) & 0x01, 0x01, "gate reads back");
    /* Gate low pauses a mode 0 count. */
    outb(0x43, 0xb0);
    outb(0x42, 0xe8);
    outb(0x42, 0x03);                /* 1000 */
    fake_ns += ticks_ns(300);
    outb(0x61, 0x00);
    uint16_t paused = pit_latch(2);
    cr_assert(paused >= 699 && paused <= 701, "%u", paused);
    fake_ns += ticks_ns(5000);
    cr_assert_eq(pit_latch(2), paused, "no counting with the gate low");
    outb(0x61, 0x01);
    fake_ns += ticks_ns(100);
    uint16_t later = pit_latch(2);
    cr_assert(later >= paused - 101 && later <= paused - 99, "%u", later);
    cr_assert_eq(inb(0x61) & 0x20, 0);
}

/* ---- RTC ------------------------------------------------------------------ */

static uint8_t cmos(uint8_t idx)
{
    outb(0x70, idx);
    return inb(0x71);
}

static void cmos_set(uint8_t idx, uint8_t v)
{
    outb(0x70, idx);
    outb(0x71, v);
}

static int bcd(uint8_t v) { return (v >> 4) * 10 + (v & 15); }

static time_t rtc_time(bool binary)
{
    struct tm tm = { 0 };
    int (*f)(uint8_t) = binary ? NULL : bcd;
    uint8_t r[10];
    while (cmos(0x0a) & 0x80)
        ;
    for (unsigned i = 0; i < 10; i++)
        r[i] = cmos((uint8_t)i);
    tm.tm_sec = f ? f(r[0]) : r[0];
    tm.tm_min = f ? f(r[2]) : r[2];
    tm.tm_hour = f ? f(r[4]) : r[4];
    tm.tm_mday = f ? f(r[7]) : r[7];
    tm.tm_mon = (f ? f(r[8]) : r[8]) - 1;
    tm.tm_year = (f ? f(r[9]) : r[9]) + 100;
    return timegm(&tm);
}

Test(rtc, host_time_bcd_binary_12h, .init = setup, .fini = teardown)
{
    cr_assert_eq(cmos(0x0d), 0x80, "battery good");
    cr_assert_eq(cmos(0x0b) & 0x06, 0x02, "BCD, 24 h at power-on");
    time_t now = time(NULL), t = rtc_time(false);
    cr_assert(labs((long)(t - now)) <= 2, "rtc %ld host %ld", (long)t, (long)now);
    cmos_set(0x0b, 0x06);            /* binary, 24 h */
    t = rtc_time(true);
    cr_assert(labs((long)(t - time(NULL))) <= 2);
    /* 12-hour mode: bit 7 is PM, hours 1-12. */
    cmos_set(0x0b, 0x04);
    struct tm tm;
    time_t h = time(NULL);
    gmtime_r(&h, &tm);
    uint8_t hr = cmos(4);
    int want = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
    if (cmos(2) == tm.tm_min) {      /* not across an hour boundary */
        cr_assert_eq(hr & 0x7f, want);
        cr_assert_eq(!!(hr & 0x80), tm.tm_hour >= 12);
    }
    /* CMOS RAM keeps bytes; the NMI bit in the index is ignored. */
    cmos_set(0x40, 0x5a);
    outb(0x70, 0x80 | 0x40);
    cr_assert_eq(inb(0x71), 0x5a);
}

Test(rtc, set_time_and_periodic_irq8, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    /* hwclock's way: SET, write 2009-02-13 23:31:30 in BCD, clear SET. */
    cmos_set(0x0b, 0x82);
    cmos_set(0, 0x30);
    cmos_set(2, 0x31);
    cmos_set(4, 0x23);
    cmos_set(7, 0x13);
    cmos_set(8, 0x02);
    cmos_set(9, 0x09);
    cmos_set(0x0b, 0x02);
    time_t t = rtc_time(false);
    cr_assert(t >= 1234567890 && t <= 1234567892, "read back %ld", (long)t);
    /* Periodic interrupt at 1024 Hz (rate 6) on guest time. */
    cr_assert_eq(cmos(0x0a) & 0x0f, 6);
    cmos(0x0c);
    cmos_set(0x0b, 0x42);            /* PIE */
    uint64_t next = bus_poll(&M.bus, fake_ns);
    cr_assert(next > fake_ns && next <= fake_ns + 1000000);
    fake_ns = next;
    bus_poll(&M.bus, fake_ns);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x38);
    uint8_t c = cmos(0x0c);
    cr_assert_eq(c & 0xc0, 0xc0, "IRQF and PF, got 0x%02x", c);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    cmos_set(0x0b, 0x02);
    cmos(0x0c);
    cr_assert_eq(cmos(0x0c) & 0x80, 0, "reading C cleared it");
}

/* ---- UART ----------------------------------------------------------------- */

Test(uart, transmit_loopback_and_iir, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    /* Divisor latch. */
    outb(0x3fb, 0x80);
    outb(0x3f8, 0x01);
    outb(0x3f9, 0x00);
    cr_assert_eq(inb(0x3f8), 0x01);
    outb(0x3fb, 0x03);               /* 8N1 */
    cr_assert_eq(inb(0x3f9), 0x00, "IER, not DLM, once DLAB is clear");
    /* Transmit goes to the callback; THR and the transmitter stay empty. */
    outb(0x3f8, 'h');
    outb(0x3f8, 'i');
    cr_assert_eq(M.n_out, 2);
    cr_assert_eq(memcmp(M.out, "hi", 2), 0);
    cr_assert_eq(inb(0x3fd) & 0x60, 0x60);
    /* FIFOs on: IIR bits 7-6 set, nothing pending. */
    outb(0x3fa, 0xc7);
    cr_assert_eq(inb(0x3fa), 0xc1);
    /* THRE interrupt: raised by enabling it, cleared by reading IIR. */
    outb(0x3fc, 0x0b);               /* DTR RTS OUT2 */
    outb(0x3f9, 0x02);
    cr_assert_eq(inb(0x3fa), 0xc2);
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x34);
    outb(0x20, 0x20);
    cr_assert_eq(inb(0x3fa), 0xc1, "reading IIR cleared THRE");
    /* Loopback: THR -> RBR, MSR mirrors MCR. */
    outb(0x3f9, 0x01);
    outb(0x3fc, 0x1a);               /* LOOP OUT2 RTS: Linux's 8250 probe */
    cr_assert_eq(inb(0x3fe) & 0xf0, 0x90);
    outb(0x3f8, 'x');
    cr_assert_eq(M.n_out, 2, "loopback does not reach the console");
    cr_assert_eq(inb(0x3fd) & 0x01, 0x01);
    cr_assert_eq(inb(0x3fa), 0xcc, "one byte below the trigger: character timeout");
    cr_assert_eq(inb(0x3f8), 'x');
    cr_assert_eq(inb(0x3fd) & 0x01, 0x00);
    cr_assert_eq(inb(0x3fa), 0xc1);
}

Test(uart, receive_fifo_backpressure, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x3fa, 0xc7);               /* FIFO, trigger 14 */
    outb(0x3fc, 0x0b);
    outb(0x3f9, 0x01);
    uint8_t in[40];
    for (unsigned i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)('a' + i % 26);
    cr_assert_eq(uart_rx_space(M.uart), 16);
    size_t took = uart_receive(M.uart, in, sizeof in);
    cr_assert_eq(took, 16, "takes what fits, says so");
    cr_assert_eq(uart_receive(M.uart, in + took, sizeof in - took), 0);
    cr_assert_eq(inb(0x3fa), 0xc4, "trigger level reached");
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x34);
    outb(0x20, 0x20);
    size_t got = 0;
    uint8_t buf[40];
    while (got < sizeof in) {
        while (inb(0x3fd) & 1)
            buf[got++] = inb(0x3f8);
        took += uart_receive(M.uart, in + took, sizeof in - took);
    }
    cr_assert_eq(memcmp(buf, in, sizeof in), 0, "nothing dropped, nothing reordered");
    uint8_t vec[8];
    drain(vec, 8);
    /* OUT2 low: no IRQ to the PIC although IIR shows the request. */
    outb(0x3fc, 0x03);
    uart_receive(M.uart, in, 1);
    cr_assert_eq(inb(0x3fa) & 0x0f, 0x0c);
    cr_assert_not(irq_pending());
}

/* ---- i8042 ---------------------------------------------------------------- */

static uint8_t kbc_read(void)
{
    for (unsigned i = 0; i < 100; i++)
        if (inb(0x64) & 1)
            return inb(0x60);
    cr_assert_fail("i8042: no output byte");
    return 0;
}

Test(i8042, self_test_command_byte_and_reset, .init = setup, .fini = teardown)
{
    cr_assert_neq(inb(0x64), 0xff, "a controller is there");
    outb(0x64, 0xaa);
    cr_assert_eq(kbc_read(), 0x55);
    cr_assert_eq(inb(0x64) & 0x01, 0, "output buffer empty again");
    outb(0x64, 0x20);
    uint8_t ctr = kbc_read();
    cr_assert_eq(ctr & 0x20, 0x20, "no AUX port");
    outb(0x64, 0x60);
    outb(0x60, (uint8_t)(ctr & ~0x40));
    outb(0x64, 0x20);
    cr_assert_eq(kbc_read(), ctr & ~0x40);
    outb(0x64, 0xab);
    cr_assert_eq(kbc_read(), 0x00, "keyboard interface test");
    /* AUX loopback answers without AUXDATA; AUX test: clock stuck high. */
    outb(0x64, 0xd3);
    outb(0x60, 0x5a);
    cr_assert_eq(inb(0x64) & 0x21, 0x01);
    cr_assert_eq(inb(0x60), 0x5a);
    outb(0x64, 0xa9);
    cr_assert_eq(kbc_read(), 0x02);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_NONE);
    outb(0x64, 0xfe);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_RESET, "pulsing the reset line resets the machine");
}

Test(i8042, keyboard_answers_with_irq1, .init = setup, .fini = teardown)
{
    pic_init(false, 0x00, 0x00);
    outb(0x64, 0x60);
    outb(0x60, 0x05);                /* KBDINT, SYS, no translation */
    outb(0x60, 0xf2);                /* identify */
    cr_assert(irq_pending());
    cr_assert_eq(irq_ack(), 0x31);
    outb(0x20, 0x20);
    cr_assert_eq(inb(0x60), 0xfa);
    cr_assert(irq_pending(), "the next byte is a new interrupt");
    cr_assert_eq(irq_ack(), 0x31);
    outb(0x20, 0x20);
    cr_assert_eq(inb(0x60), 0xab);
    cr_assert_eq(kbc_read(), 0x83);
    outb(0x60, 0xed);                /* LEDs + argument: two ACKs */
    cr_assert_eq(kbc_read(), 0xfa);
    outb(0x60, 0x07);
    cr_assert_eq(kbc_read(), 0xfa);
    outb(0x60, 0xff);
    cr_assert_eq(kbc_read(), 0xfa);
    cr_assert_eq(kbc_read(), 0xaa, "BAT passed");
    /* Output port write dropping bit 0 is also the reset line. */
    outb(0x64, 0xd1);
    outb(0x60, 0xfe);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_RESET);
}

/* ---- PCI ------------------------------------------------------------------ */

static uint32_t cfg_addr(unsigned slot, unsigned reg)
{
    return 0x80000000u | slot << 11 | (reg & 0xfc);
}

static uint32_t cfg_read32(unsigned slot, unsigned reg)
{
    outl(0xcf8, cfg_addr(slot, reg));
    return inl(0xcfc);
}

static void cfg_write32(unsigned slot, unsigned reg, uint32_t v)
{
    outl(0xcf8, cfg_addr(slot, reg));
    outl(0xcfc, v);
}

Test(pci, bridge_probe_and_bar_sizing, .init = setup, .fini = teardown)
{
    /* Linux's pci_check_type1. */
    outb(0xcfb, 0x01);
    uint32_t saved = inl(0xcf8);
    outl(0xcf8, 0x80000000);
    cr_assert_eq(inl(0xcf8), 0x80000000);
    outl(0xcf8, saved);
    cr_assert_eq(cfg_read32(0, 0x00), 0x12378086);
    outl(0xcf8, cfg_addr(0, 0x08));
    cr_assert_eq(inw(0xcfe), 0x0600, "host bridge class");
    cr_assert_eq(cfg_read32(5, 0x00), 0xffffffff, "empty slot");
    outl(0xcf8, cfg_addr(0, 0) | 1u << 8);
    cr_assert_eq(inl(0xcfc), 0xffffffff, "function 1 absent");
    outl(0xcf8, cfg_addr(0, 0) | 1u << 16);
    cr_assert_eq(inl(0xcfc), 0xffffffff, "bus 1 absent");
    /* The virtio-blk function. */
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x00), 0x10011af4);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x2c), 0x00021af4, "subsystem: virtio block");
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x08) >> 8, 0x010000);
    uint32_t bar = cfg_read32(BLK_SLOT, 0x10);
    cr_assert_eq(bar & 1, 1, "I/O BAR");
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x3c) & 0xffff, 0x0100 | BLK_IRQ, "INTA#, line");
    /* Sizing: all ones reads the mask, the value comes back after. */
    cfg_write32(BLK_SLOT, 0x10, 0xffffffff);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x10), 0xffffffc1);
    cfg_write32(BLK_SLOT, 0x10, bar);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x10), bar);
    cfg_write32(BLK_SLOT, 0x14, 0xffffffff);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x14), 0, "unused BAR");
    cfg_write32(BLK_SLOT, 0x00, 0);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x00), 0x10011af4, "ids are read-only");
    /* The BAR decodes only while I/O is enabled, and moves with the BAR. */
    uint16_t io = (uint16_t)(bar & ~3u);
    cr_assert_eq(inl(io + 0) & (1u << 9), 1u << 9, "host features: FLUSH");
    cfg_write32(BLK_SLOT, 0x04, 0);
    cr_assert_eq(inl(io), 0xffffffff);
    cfg_write32(BLK_SLOT, 0x10, 0xd001);
    cfg_write32(BLK_SLOT, 0x04, 1);
    cr_assert_eq(inw(0xd000 + 12), 128, "queue size at the new place");
    cr_assert_eq(inl(io), 0xffffffff);
    /* 0xcf9: reset control. */
    outb(0xcf9, 0x02);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_NONE);
    outb(0xcf9, 0x06);
    cr_assert_eq(M.bus.stop_request, BUS_STOP_RESET);
}

/* ---- virtio-blk ------------------------------------------------------------ */

#define RING 0x10000u
#define HDR 0x20000u
#define DATA 0x30000u
#define STATUS 0x2f000u

static uint16_t vio;
static uint16_t avail_idx;

static void vblk_setup(void)
{
    pic_init(false, 0x00, 0x00);
    vio = (uint16_t)(cfg_read32(BLK_SLOT, 0x10) & ~3u);
    outb(vio + 18, 0);
    outb(vio + 18, 1);               /* ACKNOWLEDGE */
    outb(vio + 18, 3);               /* DRIVER */
    uint32_t host = inl(vio + 0);
    cr_assert_eq(host & (1u << 9), 1u << 9);
    outl(vio + 4, host);
    outw(vio + 14, 0);
    cr_assert_eq(inw(vio + 12), 128);
    outl(vio + 8, RING >> 12);
    outb(vio + 18, 7);               /* DRIVER_OK */
    avail_idx = 0;
}

struct d {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
};

static void put_desc(unsigned i, const struct d *d, bool more)
{
    uint8_t *p = M.ram + RING + 16 * i;
    uint16_t flags = (uint16_t)(d->flags | (more ? 1 : 0)), next = (uint16_t)(i + 1);
    memcpy(p, &d->addr, 8);
    memcpy(p + 8, &d->len, 4);
    memcpy(p + 12, &flags, 2);
    memcpy(p + 14, &next, 2);
}

static uint16_t used_idx(void)
{
    uint16_t v;
    memcpy(&v, M.ram + RING + 0x1000 + 2, 2);
    return v;
}

/* Queue one chain at descriptor `first`, notify, check it completed;
 * returns the used element's length. */
static uint32_t submit(unsigned first, const struct d *chain, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        put_desc(first + i, &chain[i], i + 1 < n);
    uint16_t head = (uint16_t)first, before = used_idx();
    memcpy(M.ram + RING + 128 * 16 + 4 + 2 * (avail_idx % 128), &head, 2);
    avail_idx++;
    memcpy(M.ram + RING + 128 * 16 + 2, &avail_idx, 2);
    outw(vio + 16, 0);
    cr_assert_eq(used_idx(), (uint16_t)(before + 1), "request completed");
    uint32_t id, len;
    uint8_t *e = M.ram + RING + 0x1000 + 4 + 8 * (before % 128);
    memcpy(&id, e, 4);
    memcpy(&len, e + 4, 4);
    cr_assert_eq(id, first);
    return len;
}

static uint32_t request(uint32_t type, uint64_t sector, uint64_t data, uint32_t len, bool to_guest)
{
    memcpy(M.ram + HDR, &type, 4);
    memset(M.ram + HDR + 4, 0, 4);
    memcpy(M.ram + HDR + 8, &sector, 8);
    M.ram[STATUS] = 0xee;
    struct d chain[3] = {
        { HDR, 16, 0 },
        { data, len, to_guest ? 2 : 0 },
        { STATUS, 1, 2 },
    };
    return submit(0, chain, 3);
}

Test(virtio_blk, write_read_flush_get_id, .init = setup, .fini = teardown)
{
    vblk_setup();
    for (unsigned i = 0; i < 4096; i++)
        M.ram[DATA + i] = (uint8_t)(i * 7 + 3);
    cr_assert_eq(request(1, 10, DATA, 4096, false), 1);
    cr_assert_eq(M.ram[STATUS], 0, "write OK");
    cr_assert(irq_pending(), "completion interrupt");
    cr_assert_eq(irq_ack(), 0x38 + BLK_IRQ - 8);
    cr_assert_eq(inb(vio + 19), 1, "ISR: queue interrupt");
    cr_assert_eq(inb(vio + 19), 0, "read clears it");
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    /* The image holds the bytes. */
    int fd = open(M.image, O_RDONLY);
    uint8_t file[4096];
    cr_assert_eq(pread(fd, file, sizeof file, 10 * 512), (ssize_t)sizeof file);
    close(fd);
    cr_assert_eq(memcmp(file, M.ram + DATA, sizeof file), 0);
    /* Read back into another buffer, split over two descriptors. */
    memset(M.ram + DATA + 0x2000, 0, 8192);
    uint32_t type = 0;
    uint64_t sector = 9;
    memcpy(M.ram + HDR, &type, 4);
    memcpy(M.ram + HDR + 8, &sector, 8);
    struct d chain[4] = {
        { HDR, 16, 0 },
        { DATA + 0x2000, 512, 2 },
        { DATA + 0x3000, 4096, 2 },
        { STATUS, 1, 2 },
    };
    cr_assert_eq(submit(4, chain, 4), 512 + 4096 + 1);
    cr_assert_eq(M.ram[STATUS], 0);
    uint8_t sector9[512];
    memset(sector9, 9, sizeof sector9);
    cr_assert_eq(memcmp(M.ram + DATA + 0x2000, sector9, 512), 0, "sector 9 untouched by the write");
    cr_assert_eq(memcmp(M.ram + DATA + 0x3000, M.ram + DATA, 4096), 0, "sectors 10-17 read back");
    /* Flush. */
    cr_assert_eq(request(4, 0, 0, 0, false) >= 1, true);
    cr_assert_eq(M.ram[STATUS], 0);
    /* GET_ID: the image's name, 20 bytes at most. */
    memset(M.ram + DATA, 0xcc, 64);
    cr_assert_eq(request(8, 0, DATA, 20, true), 21);
    cr_assert_eq(M.ram[STATUS], 0);
    const char *base = strrchr(M.image, '/') + 1;
    cr_assert_eq(strncmp((char *)M.ram + DATA, base, 20), 0);
    cr_assert_eq(M.ram[DATA + 20], 0xcc, "nothing past the buffer");
    /* Unknown request type. */
    request(99, 0, DATA, 512, true);
    cr_assert_eq(M.ram[STATUS], 2, "UNSUPP");
    /* Capacity in the device config. */
    uint32_t cap_lo = inl(vio + 20), cap_hi = inl(vio + 24);
    cr_assert_eq(cap_lo, IMAGE_SECTORS);
    cr_assert_eq(cap_hi, 0);
}

Test(virtio_blk, bad_requests_get_ioerr, .init = setup, .fini = teardown)
{
    vblk_setup();
    /* Past the end of the image. */
    request(0, IMAGE_SECTORS - 1, DATA, 1024, true);
    cr_assert_eq(M.ram[STATUS], 1, "read past the end: IOERR");
    request(0, UINT64_MAX / 256, DATA, 512, true);
    cr_assert_eq(M.ram[STATUS], 1, "sector overflow: IOERR");
    request(0, 0, DATA, 100, true);
    cr_assert_eq(M.ram[STATUS], 1, "not whole sectors: IOERR");
    /* A data descriptor outside RAM: IOERR, and RAM outside the request's
     * own buffers (header, status, rings) is exactly as it was. */
    for (unsigned i = 0; i < RAM_SIZE; i++)
        if (i < RING || i >= RING + 0x2000)
            M.ram[i] = (uint8_t)(i * 13 + 1);
    uint8_t *copy = malloc(RAM_SIZE);
    memcpy(copy, M.ram, RAM_SIZE);
    request(0, 0, RAM_SIZE - 512, 1024, true);   /* straddles the end of RAM */
    cr_assert_eq(M.ram[STATUS], 1);
    request(0, 0, 0xfffffffffffff000ull, 4096, true);
    cr_assert_eq(M.ram[STATUS], 1);
    request(1, 0, 1ull << 40, 512, false);
    cr_assert_eq(M.ram[STATUS], 1);
    copy[STATUS] = M.ram[STATUS];
    memcpy(copy + HDR, M.ram + HDR, 16);
    for (unsigned i = 0; i < RAM_SIZE; i++)
        if (i < RING || i >= RING + 0x2000)
            cr_assert_eq(M.ram[i], copy[i], "RAM byte 0x%x changed", i);
    free(copy);
    int fd = open(M.image, O_RDONLY);
    uint8_t s0[512], want[512];
    memset(want, 0, sizeof want);
    cr_assert_eq(pread(fd, s0, 512, 0), 512);
    close(fd);
    cr_assert_eq(memcmp(s0, want, 512), 0, "the image did not receive the failed write");
    /* A descriptor chain that loops: completed without a status, no hang. */
    M.ram[STATUS] = 0xee;
    uint32_t type = 0;
    memcpy(M.ram + HDR, &type, 4);
    struct d loop[2] = { { HDR, 16, 0 }, { DATA, 512, 2 } };
    put_desc(10, &loop[0], true);
    put_desc(11, &loop[1], true);
    uint16_t back = 10;
    memcpy(M.ram + RING + 16 * 11 + 14, &back, 2);
    uint16_t head = 10, before = used_idx();
    memcpy(M.ram + RING + 128 * 16 + 4 + 2 * (avail_idx % 128), &head, 2);
    avail_idx++;
    memcpy(M.ram + RING + 128 * 16 + 2, &avail_idx, 2);
    outw(vio + 16, 0);
    cr_assert_eq(used_idx(), (uint16_t)(before + 1));
    cr_assert_eq(M.ram[STATUS], 0xee);
    /* The queue still works after all that. */
    request(0, 3, DATA, 512, true);
    cr_assert_eq(M.ram[STATUS], 0);
    cr_assert_eq(M.ram[DATA + 100], 3);
    /* A ring index beyond the queue stops the queue until reset. */
    avail_idx = (uint16_t)(avail_idx + 1000);
    memcpy(M.ram + RING + 128 * 16 + 2, &avail_idx, 2);
    before = used_idx();
    outw(vio + 16, 0);
    cr_assert_eq(used_idx(), before, "nothing taken from a broken ring");
    vblk_setup();
    memset(M.ram + RING, 0, 0x2000);
    request(0, 4, DATA, 512, true);
    cr_assert_eq(M.ram[STATUS], 0, "reset and set up again: works");
}

Test(virtio_blk, read_only_image, .init = setup, .fini = teardown)
{
    bus_remove_all(&M.bus);
    bus_init(&M.bus, M.ram, RAM_SIZE);
    M.bus.now_ns = fake_now;
    add(M.pic = pic_new(&M.bus));
    add(M.pci = pci_host_new(&M.bus));
    add(M.blk = virtio_blk_new(&M.bus, M.pci, BLK_SLOT, BLK_IRQ, M.image, true));
    vblk_setup();
    cr_assert_eq(inl(vio) & (1u << 5), 1u << 5, "F_RO offered");
    request(1, 0, DATA, 512, false);
    cr_assert_eq(M.ram[STATUS], 1, "write to a read-only image: IOERR");
    request(0, 5, DATA, 512, true);
    cr_assert_eq(M.ram[STATUS], 0);
    cr_assert_eq(M.ram[DATA], 5);
    cr_assert_null(virtio_blk_new(&M.bus, M.pci, 2, BLK_IRQ, "/nonexistent/disk.img", false));
}

/* ---- save / load ------------------------------------------------------------ */

static struct device *all_devices(unsigned i)
{
    struct device *d[] = { M.pic, M.pit, M.rtc, M.uart, M.kbd, M.misc, M.pci, M.blk };
    return i < 8 ? d[i] : NULL;
}

/* Put every device in a state that is not its reset state. */
static void busy_state(void)
{
    vblk_setup();
    request(0, 2, DATA, 512, true);
    pic_init(false, 0x08, 0x40);
    pulse(1);
    irq_ack();
    pulse(5);
    outb(0x43, 0x34);
    outb(0x40, 0x34);
    outb(0x40, 0x12);
    outb(0x43, 0xb0);
    outb(0x42, 0x10);
    outb(0x61, 0x03);
    fake_ns += 12345;
    outb(0x43, 0x00);                /* a latch left half read */
    inb(0x40);
    cmos_set(0x50, 0xa5);
    cmos_set(0x0b, 0x06);
    outb(0x70, 0x33);
    outb(0x3fa, 0x87);
    outb(0x3fb, 0x1b);
    outb(0x3fc, 0x0b);
    outb(0x3f9, 0x05);
    outb(0x3ff, 0x77);
    uart_receive(M.uart, (const uint8_t *)"abc", 3);
    outb(0x64, 0x20);
    outb(0x64, 0xd1);
    outb(0x80, 0x42);
    outl(0xcf8, cfg_addr(BLK_SLOT, 0x3c));
    outb(0xcfc, 9);
}

Test(snapshot, round_trip_every_device, .init = setup, .fini = teardown)
{
    busy_state();
    static uint8_t a[8][4096], b[4096];
    size_t n[8];
    for (unsigned i = 0; i < 8; i++) {
        struct device *d = all_devices(i);
        n[i] = d->save(d, a[i], sizeof a[i]);
        cr_assert(n[i] > 0, "%s saved", d->name);
        cr_assert_eq(d->save(d, b, n[i] - 1), 0, "%s: too small a buffer is refused", d->name);
    }
    uint8_t imr = inb(0x21), lcr = inb(0x3fb), post = inb(0x80);
    bus_reset(&M.bus);
    cr_assert_neq(inb(0x21), imr);
    for (unsigned i = 0; i < 8; i++) {
        struct device *d = all_devices(i);
        cr_assert_eq(d->load(d, a[i], n[i]), 0, "%s loads its own state", d->name);
        size_t m = d->save(d, b, sizeof b);
        cr_assert_eq(m, n[i]);
        cr_assert_eq(memcmp(a[i], b, m), 0, "%s: save after load is the same state", d->name);
    }
    cr_assert_eq(inb(0x21), imr);
    cr_assert_eq(inb(0x3fb), lcr);
    cr_assert_eq(inb(0x80), post);
    cr_assert_eq(inb(0x40), 0x12, "the half-read latch survives: its high byte");
    outb(0x70, 0x50);
    cr_assert_eq(inb(0x71), 0xa5);
    cr_assert_eq(inb(0x3f8), 'a', "the receive FIFO survives");
    cr_assert_eq(kbc_read(), 0x65, "the command byte queued before the save");
    outb(0x60, 0xcd);                /* completes the 0xd1 pending at the save */
    cr_assert_eq(M.bus.stop_request, BUS_STOP_NONE);
    outb(0x64, 0xd0);
    cr_assert_eq(kbc_read(), 0xcd);
    cr_assert_eq(cfg_read32(BLK_SLOT, 0x3c) & 0xff, 9);
    request(0, 7, DATA, 512, true);
    cr_assert_eq(M.ram[STATUS], 0, "the queue continues after load");
    cr_assert_eq(M.ram[DATA + 5], 7);
}

Test(snapshot, load_rejects_what_save_never_writes, .init = setup, .fini = teardown)
{
    busy_state();
    static uint8_t a[4096], c[4096];
    struct rng r = { 0x5eed5eedull };
    for (unsigned i = 0; i < 8; i++) {
        struct device *d = all_devices(i);
        size_t n = d->save(d, a, sizeof a);
        cr_assert_eq(d->load(d, a, n - 1), -1, "%s: truncated", d->name);
        memcpy(c, a, n);
        c[n] = 0;
        cr_assert_eq(d->load(d, c, n + 1), -1, "%s: too long", d->name);
        memcpy(c, a, n);
        c[0] ^= 1;
        cr_assert_eq(d->load(d, c, n), -1, "%s: wrong magic", d->name);
        memcpy(c, a, n);
        c[4]++;
        cr_assert_eq(d->load(d, c, n), -1, "%s: wrong version", d->name);
        cr_assert_eq(d->load(d, NULL, 0), -1);
        /* Random corruption: either refused or a state the device can run
         * with; then hammer it. */
        for (unsigned k = 0; k < 2000; k++) {
            memcpy(c, a, n);
            unsigned flips = 1 + rng_below(&r, 4);
            for (unsigned f = 0; f < flips; f++)
                c[12 + rng_below(&r, (uint32_t)(n - 12))] = (uint8_t)rng_next(&r);
            if (d->load(d, c, n) == 0) {
                for (unsigned j = 0; j < 20; j++) {
                    const struct io_range *g = &d->ranges[rng_below(&r, d->n_ranges)];
                    uint64_t addr = g->base + rng_below(&r, (uint32_t)(g->len ? g->len : 1));
                    unsigned size = 1u << rng_below(&r, 4);
                    if (rng_below(&r, 2))
                        bus_write(&M.bus, IO_PORT, addr, size, rng_next(&r));
                    else
                        bus_read(&M.bus, IO_PORT, addr, size);
                }
                if (d->poll)
                    d->poll(d, fake_ns += 1000);
            }
        }
        cr_assert_eq(d->load(d, a, n), 0, "%s: its own state again", d->name);
    }
    /* Specific fields out of range. */
    size_t n = M.uart->save(M.uart, a, sizeof a);
    memcpy(c, a, n);
    c[12 + 17] = 17;                 /* rx_count > 16 */
    cr_assert_eq(M.uart->load(M.uart, c, n), -1);
    n = M.pit->save(M.pit, a, sizeof a);
    memcpy(c, a, n);
    c[12 + 2] = 6;                   /* channel 0 mode 6 */
    cr_assert_eq(M.pit->load(M.pit, c, n), -1);
    n = M.blk->save(M.blk, a, sizeof a);
    memcpy(c, a, n);
    c[12 + 0] ^= 0xff;               /* vendor id is read-only */
    cr_assert_eq(M.blk->load(M.blk, c, n), -1);
}

/* ---- robustness --------------------------------------------------------------- */

/* Ports of every device, plus the neighbourhood, plus what BAR0 points at. */
static uint64_t random_port(struct rng *r)
{
    static const uint16_t hot[] = { 0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1, 0x40, 0x41, 0x42, 0x43, 0x61,
                                    0x70, 0x71, 0x3f8, 0x3fc, 0x3fd, 0x60, 0x64, 0x80, 0xed, 0x92,
                                    0xcf8, 0xcf9, 0xcfc, 0xcfe };
    switch (rng_below(r, 4)) {
    case 0:
        return hot[rng_below(r, sizeof hot / sizeof hot[0])] + rng_below(r, 3) - 1;
    case 1:
        return (M.blk->ranges[0].base ? M.blk->ranges[0].base : 0xc000) + rng_below(r, 0x48);
    case 2:
        return rng_below(r, 0x10000);
    default:
        return hot[rng_below(r, sizeof hot / sizeof hot[0])];
    }
}

/* Where the guest can reach the device now, and its ring (0: none). */
static uint16_t fuzz_io(void)
{
    return M.blk->ranges[0].len ? (uint16_t)M.blk->ranges[0].base : 0;
}

/* Write a chain of random but plausible descriptors (addresses mostly in
 * RAM, sometimes not; lengths, flags, next indices and the request header
 * mostly sane) into the queue the device has, publish it and notify. */
static void fuzz_request(struct rng *r)
{
    uint16_t io = fuzz_io();
    if (!io)
        return;
    uint64_t ring = (uint64_t)inl(io + 8) << 12;
    if (!ring || ring + 0x2000 > RAM_SIZE)
        return;
    uint8_t *q = M.ram + ring;
    unsigned n = 1 + rng_below(r, 5), head = rng_below(r, 128);
    uint64_t hdr_at = rng_below(r, RAM_SIZE - 64);
    uint32_t types[] = { 0, 1, 4, 8, rng_below(r, 16) };
    uint32_t type = types[rng_below(r, 5)];
    uint64_t sector = rng_below(r, 4) ? rng_below(r, IMAGE_SECTORS + 4) : rng_next(r);
    memcpy(M.ram + hdr_at, &type, 4);
    memcpy(M.ram + hdr_at + 8, &sector, 8);
    for (unsigned k = 0, i = head; k < n; k++) {
        uint64_t addr = k == 0 ? hdr_at : rng_below(r, 8) ? rng_below(r, RAM_SIZE) : rng_next(r) >> rng_below(r, 64);
        uint32_t len = k == 0 ? 16 : rng_below(r, 4) ? 512u << rng_below(r, 4) : (uint32_t)rng_next(r) >> rng_below(r, 32);
        if (k + 1 == n)
            len = rng_below(r, 4) ? 1 : len;
        if (addr + len > RAM_SIZE && rng_below(r, 2))
            addr = RAM_SIZE - (len < RAM_SIZE ? len : RAM_SIZE);
        uint16_t flags = (uint16_t)((k + 1 < n ? 1 : 0) | (k == 0 ? 0 : k + 1 == n || type == 0 ? 2 : 0));
        if (rng_below(r, 16) == 0)
            flags = (uint16_t)rng_below(r, 8);
        uint16_t next = rng_below(r, 16) ? (uint16_t)((i + 1) % 128) : (uint16_t)rng_next(r);
        uint8_t *d = q + 16 * i;
        memcpy(d, &addr, 8);
        memcpy(d + 8, &len, 4);
        memcpy(d + 12, &flags, 2);
        memcpy(d + 14, &next, 2);
        i = next % 128;
    }
    uint16_t idx;
    memcpy(&idx, q + 128 * 16 + 2, 2);
    uint16_t h = rng_below(r, 32) ? (uint16_t)head : (uint16_t)rng_next(r);
    memcpy(q + 128 * 16 + 4 + 2 * (idx % 128), &h, 2);
    idx = rng_below(r, 32) ? (uint16_t)(idx + 1) : (uint16_t)rng_next(r);
    memcpy(q + 128 * 16 + 2, &idx, 2);
    outw(io + 16, 0);
    if (rng_below(r, 64) == 0) {     /* a driver that resets and starts over */
        outb(io + 18, 0);
        outl(io + 8, (uint32_t)(ring >> 12));
        memset(q + 128 * 16, 0, 0x1000 + 4);
    }
}

Test(robustness, million_random_accesses, .init = setup, .fini = teardown, .timeout = 120)
{
    struct rng r = { 0xdecafbadull };
    /* Rings somewhere in RAM with plausible-looking random content, so that
     * notifies walk descriptors instead of stopping at the first check. */
    vblk_setup();
    for (unsigned i = 0; i < 1000000; i++) {
        unsigned size = 1u << rng_below(&r, 4);
        uint64_t v = rng_next(&r);
        if (rng_below(&r, 8) == 0)
            v &= 0xff;
        switch (rng_below(&r, 64)) {
        case 0: {                    /* MMIO: nobody there, counted */
            uint64_t a = rng_next(&r) >> rng_below(&r, 64);
            if (rng_below(&r, 2))
                bus_write(&M.bus, IO_MMIO, a, size, v);
            else
                bus_read(&M.bus, IO_MMIO, a, size);
            break;
        }
        case 1:                      /* a driver with bugs: a half-sane request */
            fuzz_request(&r);
            break;
        case 2:                      /* notify with a sensible PFN now and then */
            if (rng_below(&r, 4) == 0)
                outl(vio + 8, rng_below(&r, RAM_SIZE >> 12) + rng_below(&r, 2));
            outw(vio + 16, (uint16_t)rng_below(&r, 2));
            break;
        case 3:
            fake_ns += rng_below(&r, 2000000);
            bus_poll(&M.bus, fake_ns);
            break;
        case 4:
            if (irq_pending())
                irq_ack();
            break;
        case 5:
            if (M.bus.devices[rng_below(&r, M.bus.n_devices)] == M.blk)
                bus_reset(&M.bus);
            break;
        default:
            if (rng_below(&r, 2))
                bus_write(&M.bus, IO_PORT, random_port(&r), size, v);
            else
                bus_read(&M.bus, IO_PORT, random_port(&r), size);
            break;
        }
        if (M.n_out > 2048)
            M.n_out = 0;
        uint8_t junk[8] = { (uint8_t)i, 'x', '\r' };
        uart_receive(M.uart, junk, rng_below(&r, 3));
    }
    struct virtio_blk_stats st;
    virtio_blk_get_stats(M.blk, &st);
    cr_log_info("robustness: %llu unclaimed accesses; virtio-blk: %llu requests, %llu errors, %llu bytes read, "
                "%llu written, %llu flushes",
                (unsigned long long)M.bus.unclaimed, (unsigned long long)st.requests, (unsigned long long)st.errors,
                (unsigned long long)st.bytes_read, (unsigned long long)st.bytes_written,
                (unsigned long long)st.flushes);
    cr_assert(st.requests - st.errors > 500, "the fuzzer reached the request path");
    cr_assert(st.bytes_read > 0 && st.bytes_written > 0);
    cr_assert(M.bus.unclaimed > 0);
}
