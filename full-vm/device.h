/*
 * device.h - what every emulated device is to the machine: a name, the
 * port and MMIO ranges it answers, read/write on them, reset, and
 * save/load of its whole state (snapshots are built on save/load, so every
 * device has them from its first version).
 *
 * Rules for devices (the files in full-vm/dev/):
 *  - every index, length and DMA address the guest gives is checked: guest
 *    memory is reached only through bus_dma(), which refuses ranges outside
 *    RAM; a bad request is a device error the guest sees, never host memory;
 *  - read/write get the absolute port or physical address and any size
 *    1/2/4/8 at any alignment, including sizes and offsets the device does
 *    not expect (answer all ones / ignore, never crash);
 *  - load() validates what it is given (version, sizes, ranges) and
 *    returns -1 on anything it would not have produced.
 */
#ifndef MIMIC_FULLVM_DEVICE_H
#define MIMIC_FULLVM_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bus;

enum io_space { IO_PORT, IO_MMIO };

struct io_range {
    enum io_space space;
    uint64_t base, len;
};

#define DEVICE_MAX_RANGES 4

struct device {
    const char *name;
    struct io_range ranges[DEVICE_MAX_RANGES];
    unsigned n_ranges;
    struct bus *bus;             /* set by bus_add() */

    uint64_t (*read)(struct device *dev, enum io_space space, uint64_t addr, unsigned size);
    void (*write)(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val);
    void (*reset)(struct device *dev);
    /* Serialise the state into buf (at most cap bytes); returns the size
     * used, or 0 if cap is too small. */
    size_t (*save)(const struct device *dev, void *buf, size_t cap);
    int (*load)(struct device *dev, const void *buf, size_t len);
    /* Optional: time passes. Called by the machine's loop with the current
     * guest time; returns when it next wants to be called (UINT64_MAX:
     * only on I/O). Timers fire their interrupts from here. */
    uint64_t (*poll)(struct device *dev, uint64_t now_ns);
    void (*destroy)(struct device *dev);
};

/* The interrupt controller the bus routes IRQ lines to (the 8259A pair). */
struct irq_chip {
    void *opaque;
    void (*set_line)(void *opaque, unsigned irq, bool level);
    bool (*pending)(void *opaque);
    uint8_t (*ack)(void *opaque);        /* the vector of the interrupt the CPU takes */
};

#endif
