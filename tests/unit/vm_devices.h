/*
 * vm_devices.h - the test bench shared by the full-vm device tests
 * (test_devices.c: the ISA devices and PCI; test_devices_virtio.c:
 * virtio-blk; test_devices_state.c: snapshots and the random-access
 * robustness run). Header-only, like unit_util.h: each test file is its
 * own program.
 *
 * The bench is a bus with every device of the PC on it, a fake guest
 * clock (fake_ns), guest RAM in a buffer fenced by PROT_NONE guard pages
 * (a device that reaches outside RAM crashes the test instead of passing
 * it), a temp disk image, and port-level helpers that do what the Linux
 * drivers do (init_8259A, pci_check_type1, the legacy virtio driver).
 */
#ifndef MIMIC_TESTS_UNIT_VM_DEVICES_H
#define MIMIC_TESTS_UNIT_VM_DEVICES_H

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

static inline uint64_t fake_now(struct bus *bus)
{
    (void)bus;
    return fake_ns;
}

static inline void uart_out(void *opaque, uint8_t byte)
{
    struct machine *m = opaque;
    if (m->n_out < sizeof m->out)
        m->out[m->n_out++] = byte;
}

static inline void make_image(const char *dir)
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

static inline void add(struct device *d)
{
    cr_assert_not_null(d);
    cr_assert_eq(bus_add(&M.bus, d), 0, "bus_add(%s)", d->name);
}

static inline void setup(void)
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

static inline void teardown(void)
{
    bus_remove_all(&M.bus);
    munmap(M.map, M.map_size);
    unlink(M.image);
}

/* ---- port helpers --------------------------------------------------------- */

static inline void outb(uint16_t port, uint8_t v) { bus_write(&M.bus, IO_PORT, port, 1, v); }
static inline void outw(uint16_t port, uint16_t v) { bus_write(&M.bus, IO_PORT, port, 2, v); }
static inline void outl(uint16_t port, uint32_t v) { bus_write(&M.bus, IO_PORT, port, 4, v); }
static inline uint8_t inb(uint16_t port) { return (uint8_t)bus_read(&M.bus, IO_PORT, port, 1); }
static inline uint16_t inw(uint16_t port) { return (uint16_t)bus_read(&M.bus, IO_PORT, port, 2); }
static inline uint32_t inl(uint16_t port) { return (uint32_t)bus_read(&M.bus, IO_PORT, port, 4); }

/* Linux's init_8259A: vectors 0x30 (master) and 0x38 (slave), cascade on
 * IR2, normal EOI; then everything unmasked but what the test masks. */
static inline void pic_init(bool auto_eoi, uint8_t master_mask, uint8_t slave_mask)
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

static inline bool irq_pending(void) { return M.bus.irq->pending(M.bus.irq->opaque); }
static inline uint8_t irq_ack(void) { return M.bus.irq->ack(M.bus.irq->opaque); }
static inline void pulse(unsigned irq)
{
    bus_irq(&M.bus, irq, true);
    bus_irq(&M.bus, irq, false);
}

/* Drain everything pending, returning the vectors in order (EOIs included). */
static inline unsigned drain(uint8_t *vec, unsigned max)
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

/* ---- PIT ------------------------------------------------------------------ */

static inline uint16_t pit_latch(unsigned ch)
{
    outb(0x43, (uint8_t)(ch << 6));  /* counter latch */
    uint8_t lo = inb((uint16_t)(0x40 + ch));
    return (uint16_t)(lo | inb((uint16_t)(0x40 + ch)) << 8);
}

/* Guest ns for n PIT ticks (rounded up). */
static inline uint64_t ticks_ns(uint64_t n)
{
    return (n * 1000000000ull + 1193181) / 1193182;
}

/* ---- RTC ------------------------------------------------------------------ */

static inline uint8_t cmos(uint8_t idx)
{
    outb(0x70, idx);
    return inb(0x71);
}

static inline void cmos_set(uint8_t idx, uint8_t v)
{
    outb(0x70, idx);
    outb(0x71, v);
}

static inline int bcd(uint8_t v) { return (v >> 4) * 10 + (v & 15); }

static inline time_t rtc_time(bool binary)
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

/* ---- i8042 ---------------------------------------------------------------- */

static inline uint8_t kbc_read(void)
{
    for (unsigned i = 0; i < 100; i++)
        if (inb(0x64) & 1)
            return inb(0x60);
    cr_assert_fail("i8042: no output byte");
    return 0;
}

/* ---- PCI ------------------------------------------------------------------ */

static inline uint32_t cfg_addr(unsigned slot, unsigned reg)
{
    return 0x80000000u | slot << 11 | (reg & 0xfc);
}

static inline uint32_t cfg_read32(unsigned slot, unsigned reg)
{
    outl(0xcf8, cfg_addr(slot, reg));
    return inl(0xcfc);
}

static inline void cfg_write32(unsigned slot, unsigned reg, uint32_t v)
{
    outl(0xcf8, cfg_addr(slot, reg));
    outl(0xcfc, v);
}

/* ---- virtio-blk ------------------------------------------------------------ */

#define RING 0x10000u
#define HDR 0x20000u
#define DATA 0x30000u
#define STATUS 0x2f000u

static uint16_t vio;
static uint16_t avail_idx;

static inline void vblk_setup(void)
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

struct vdesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
};

static inline void put_desc(unsigned i, const struct vdesc *d, bool more)
{
    uint8_t *p = M.ram + RING + 16 * i;
    uint16_t flags = (uint16_t)(d->flags | (more ? 1 : 0)), next = (uint16_t)(i + 1);
    memcpy(p, &d->addr, 8);
    memcpy(p + 8, &d->len, 4);
    memcpy(p + 12, &flags, 2);
    memcpy(p + 14, &next, 2);
}

static inline uint16_t used_idx(void)
{
    uint16_t v;
    memcpy(&v, M.ram + RING + 0x1000 + 2, 2);
    return v;
}

/* Queue one chain at descriptor `first`, notify, check it completed;
 * returns the used element's length. */
static inline uint32_t submit(unsigned first, const struct vdesc *chain, unsigned n)
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

static inline uint32_t request(uint32_t type, uint64_t sector, uint64_t data, uint32_t len, bool to_guest)
{
    memcpy(M.ram + HDR, &type, 4);
    memset(M.ram + HDR + 4, 0, 4);
    memcpy(M.ram + HDR + 8, &sector, 8);
    M.ram[STATUS] = 0xee;
    struct vdesc chain[3] = {
        { HDR, 16, 0 },
        { data, len, to_guest ? 2 : 0 },
        { STATUS, 1, 2 },
    };
    return submit(0, chain, 3);
}


#endif
