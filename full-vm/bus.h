/*
 * bus.h - the machine's bus: guest RAM, and the devices that answer port
 * I/O and MMIO, found by address. Both accelerators (soft CPU callbacks,
 * KVM exits) come here for every access that is not RAM.
 */
#ifndef MIMIC_FULLVM_BUS_H
#define MIMIC_FULLVM_BUS_H

#include "full-vm/device.h"

#define BUS_MAX_DEVICES 32

struct bus {
    uint8_t *ram;
    uint64_t ram_size;
    struct device *devices[BUS_MAX_DEVICES];
    unsigned n_devices;
    struct irq_chip *irq;        /* NULL until the PIC registers itself */
    uint64_t (*now_ns)(struct bus *bus);   /* guest time (the machine's clock) */
    void *machine;               /* struct vm *, for devices that need it (reset line) */
    /* Set by a device that wants the machine to stop: reset or power off. */
    volatile int stop_request;
    uint64_t unclaimed;          /* accesses no device answered (counted, not fatal) */
};

enum { BUS_STOP_NONE, BUS_STOP_RESET, BUS_STOP_POWEROFF };

void bus_init(struct bus *bus, uint8_t *ram, uint64_t ram_size);
/* Add a device; its ranges must not overlap a device already there.
 * Returns 0, or -1 (with a message naming both devices). */
int bus_add(struct bus *bus, struct device *dev);
void bus_remove_all(struct bus *bus);     /* destroys the devices */

uint64_t bus_read(struct bus *bus, enum io_space space, uint64_t addr, unsigned size);
void bus_write(struct bus *bus, enum io_space space, uint64_t addr, unsigned size, uint64_t val);

/* Guest-physical [gpa, gpa+len) as a host pointer, or NULL when any of it
 * is outside RAM (devices turn NULL into an I/O error for the guest). */
void *bus_dma(struct bus *bus, uint64_t gpa, uint64_t len);

void bus_irq(struct bus *bus, unsigned irq, bool level);
uint64_t bus_now(struct bus *bus);
void bus_reset(struct bus *bus);
/* Poll every device; returns the earliest next deadline. */
uint64_t bus_poll(struct bus *bus, uint64_t now_ns);

#endif
