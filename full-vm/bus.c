/*
 * bus.c - dispatch of port I/O and MMIO to devices, guest RAM for DMA, and
 * IRQ lines to the interrupt controller. A handful of devices: a linear
 * search is as fast as anything cleverer and obviously correct.
 */
#include "full-vm/bus.h"

#include <stdio.h>
#include <string.h>

void bus_init(struct bus *bus, uint8_t *ram, uint64_t ram_size)
{
    memset(bus, 0, sizeof *bus);
    bus->ram = ram;
    bus->ram_size = ram_size;
}

static bool overlaps(const struct io_range *a, const struct io_range *b)
{
    return a->space == b->space && a->base < b->base + b->len && b->base < a->base + a->len;
}

int bus_add(struct bus *bus, struct device *dev)
{
    if (bus->n_devices == BUS_MAX_DEVICES) {
        fprintf(stderr, "mimic vm: too many devices (adding %s)\n", dev->name);
        return -1;
    }
    for (unsigned i = 0; i < bus->n_devices; i++) {
        const struct device *o = bus->devices[i];
        for (unsigned a = 0; a < dev->n_ranges; a++)
            for (unsigned b = 0; b < o->n_ranges; b++)
                if (overlaps(&dev->ranges[a], &o->ranges[b])) {
                    fprintf(stderr, "mimic vm: %s and %s claim the same %s range 0x%llx\n", dev->name, o->name,
                            dev->ranges[a].space == IO_PORT ? "port" : "MMIO",
                            (unsigned long long)dev->ranges[a].base);
                    return -1;
                }
    }
    dev->bus = bus;
    bus->devices[bus->n_devices++] = dev;
    return 0;
}

void bus_remove_all(struct bus *bus)
{
    for (unsigned i = 0; i < bus->n_devices; i++)
        if (bus->devices[i]->destroy)
            bus->devices[i]->destroy(bus->devices[i]);
    bus->n_devices = 0;
    bus->irq = NULL;
}

static struct device *find(struct bus *bus, enum io_space space, uint64_t addr)
{
    for (unsigned i = 0; i < bus->n_devices; i++) {
        struct device *d = bus->devices[i];
        for (unsigned r = 0; r < d->n_ranges; r++) {
            const struct io_range *g = &d->ranges[r];
            if (g->space == space && addr >= g->base && addr - g->base < g->len)
                return d;
        }
    }
    return NULL;
}

uint64_t bus_read(struct bus *bus, enum io_space space, uint64_t addr, unsigned size)
{
    struct device *d = find(bus, space, addr);
    if (!d || !d->read) {
        bus->unclaimed++;
        return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;   /* an empty bus floats high */
    }
    return d->read(d, space, addr, size);
}

void bus_write(struct bus *bus, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    struct device *d = find(bus, space, addr);
    if (!d || !d->write) {
        bus->unclaimed++;
        return;
    }
    d->write(d, space, addr, size, val);
}

void *bus_dma(struct bus *bus, uint64_t gpa, uint64_t len)
{
    if (gpa > bus->ram_size || len > bus->ram_size - gpa)
        return NULL;
    return bus->ram + gpa;
}

void bus_irq(struct bus *bus, unsigned irq, bool level)
{
    if (bus->irq)
        bus->irq->set_line(bus->irq->opaque, irq, level);
}

uint64_t bus_now(struct bus *bus)
{
    return bus->now_ns ? bus->now_ns(bus) : 0;
}

void bus_reset(struct bus *bus)
{
    for (unsigned i = 0; i < bus->n_devices; i++)
        if (bus->devices[i]->reset)
            bus->devices[i]->reset(bus->devices[i]);
    bus->stop_request = BUS_STOP_NONE;
}

uint64_t bus_poll(struct bus *bus, uint64_t now_ns)
{
    uint64_t next = UINT64_MAX;
    for (unsigned i = 0; i < bus->n_devices; i++) {
        struct device *d = bus->devices[i];
        if (d->poll) {
            uint64_t t = d->poll(d, now_ns);
            if (t < next)
                next = t;
        }
    }
    return next;
}
