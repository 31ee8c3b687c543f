/*
 * dev.h - the PC devices of full-vm: their constructors and the few hooks
 * the machine (vm.c) needs beyond struct device (console in and out, the
 * PCI slots, the disk image). Every device is a struct device on the bus
 * (full-vm/device.h); the machine creates them, bus_add()s them and from
 * then on talks to them only through the bus, except for the hooks below.
 *
 * Threading: every device function, hooks included, is called from the one
 * thread that runs the vCPU and the machine's poll loop. Nothing locks.
 *
 * Snapshots: each device saves a small versioned record (struct dev_snap
 * header + a plain state struct) and load() checks the header and every
 * field of the state before it takes any of it.
 */
#ifndef MIMIC_FULLVM_DEV_DEV_H
#define MIMIC_FULLVM_DEV_DEV_H

#include "full-vm/bus.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- legacy ISA devices ------------------------------------------------- */

/* The 8259A master/slave pair at 0x20 and 0xa0 (+ ELCR at 0x4d0). It makes
 * itself bus->irq, so bus_irq() and the CPU's pending/ack reach it. */
struct device *pic_new(struct bus *bus);

/* The 8254 PIT at 0x40-0x43 and system control port B (0x61, channel 2's
 * gate and output). Channel 0 drives IRQ0 from poll(). */
struct device *pit_new(struct bus *bus);

/* The MC146818 RTC and CMOS RAM at 0x70-0x71 (IRQ8); the time is the host's
 * UTC clock plus whatever offset the guest sets. */
struct device *rtc_new(struct bus *bus);

/* A 16550A UART. COM1 is base 0x3f8, irq 4. */
struct device *uart_new(struct bus *bus, uint16_t base, unsigned irq);
/* Where transmitted bytes go (the console); NULL drops them. */
void uart_set_output(struct device *dev, void (*out)(void *opaque, uint8_t byte), void *opaque);
/* Bytes from the terminal into the receive FIFO. Returns how many it took
 * (0 when the FIFO is full): the caller keeps the rest and offers them
 * again later, so nothing is dropped. */
size_t uart_receive(struct device *dev, const uint8_t *buf, size_t len);
/* How many bytes uart_receive() would take now. */
size_t uart_rx_space(const struct device *dev);

/* The i8042 keyboard controller at 0x60/0x64 with a keyboard that answers
 * commands (no mouse). Command 0xfe (and an output-port write that drops
 * bit 0) sets bus->stop_request = BUS_STOP_RESET. */
struct device *i8042_new(struct bus *bus);

/* Sinks for ports the kernel pokes at boot: 0x80 (POST code), 0xed
 * (io_delay), 0x92 (system control port A: fast A20, bit 0 resets). */
struct device *misc_ports_new(struct bus *bus);

/* ---- PCI ---------------------------------------------------------------- */

/* One function on PCI bus 0 (function 0 of its slot). The owner fills
 * config[] (ids, class, BARs, interrupt pin/line) and bar_size[] (0: BAR
 * unused; a power of two), and is told after every guest write to the
 * configuration space (to move its BARs, or follow the command register). */
struct pci_function {
    uint8_t config[256];
    uint32_t bar_size[6];
    void *opaque;
    void (*config_written)(struct pci_function *fn, unsigned offset, unsigned size);
    struct device *host;         /* set by pci_register, cleared when the host goes */
};

#define PCI_MAX_SLOTS 32

/* The host bridge (00:00.0, 8086:1237) and configuration mechanism #1 at
 * 0xcf8/0xcfc; 0xcf9 is the reset control register. */
struct device *pci_host_new(struct bus *bus);
/* Put fn in slot 1..31. Returns 0, or -1 (slot taken or out of range). */
int pci_register(struct device *host, unsigned slot, struct pci_function *fn);
/* The owner is going away: its slot empties (no-op once the host is gone). */
void pci_unregister(struct pci_function *fn);
/* An I/O port range of size bytes (a power of two >= 4) for a BAR, handed
 * out the way firmware does before the kernel runs (from 0xc000 up). 0 when
 * the window is exhausted. */
uint16_t pci_alloc_io(struct device *host, uint32_t size);
/* Helpers for owners of a pci_function: the address a BAR holds now, and
 * (for load()) whether config could be fn's after guest writes: -1 when a
 * read-only bit differs. */
uint32_t pci_bar_address(const struct pci_function *fn, unsigned bar);
int pci_config_check(const struct pci_function *fn, const uint8_t *config);

/* virtio-blk over PCI, legacy (0.9.5 / "transitional") interface in an I/O
 * BAR: 1af4:1001, subsystem 2, INTx on irq (the interrupt line register
 * says so; the machine's irq routing is the identity onto the 8259A).
 * The image is a raw file, opened read-write, or read-only when the file
 * or read_only says so. NULL with a message on stderr when it cannot be. */
struct device *virtio_blk_new(struct bus *bus, struct device *pci_host, unsigned slot, unsigned irq,
                              const char *image_path, bool read_only);

/* Counters for --stats (not guest state: not saved). */
struct virtio_blk_stats {
    uint64_t requests;           /* chains completed */
    uint64_t errors;             /* IOERR, UNSUPP, or malformed without a status byte */
    uint64_t bytes_read, bytes_written, flushes;
};
void virtio_blk_get_stats(const struct device *dev, struct virtio_blk_stats *st);

/* ---- snapshots ---------------------------------------------------------- */

struct dev_snap {
    uint32_t magic;              /* one per device kind, four characters */
    uint16_t version;
    uint16_t zero;
    uint32_t size;               /* of the state that follows */
};

static inline size_t dev_snap_save(void *buf, size_t cap, uint32_t magic, uint16_t version, const void *state,
                                   size_t size)
{
    struct dev_snap h = { magic, version, 0, (uint32_t)size };
    if (cap < sizeof h + size)
        return 0;
    memcpy(buf, &h, sizeof h);
    memcpy((uint8_t *)buf + sizeof h, state, size);
    return sizeof h + size;
}

/* Copies the state into out when the header is exactly what save wrote;
 * the caller still checks the fields. Returns 0 or -1. */
static inline int dev_snap_load(const void *buf, size_t len, uint32_t magic, uint16_t version, void *out,
                                size_t size)
{
    struct dev_snap h;
    if (!buf || len != sizeof h + size)
        return -1;
    memcpy(&h, buf, sizeof h);
    if (h.magic != magic || h.version != version || h.zero || h.size != size)
        return -1;
    memcpy(out, (const uint8_t *)buf + sizeof h, size);
    return 0;
}

#define DEV_MAGIC(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

/* The value an access of size bytes reads when nothing answers. */
static inline uint64_t dev_all_ones(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

#endif
