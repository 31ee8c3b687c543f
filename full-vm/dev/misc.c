/*
 * misc.c - the odd ports a PC kernel touches at boot that need an answer
 * but no device model:
 *   0x80  POST code / Linux's default io_delay (outb to 0x80): writes
 *         are kept (the last code is state), reads return it;
 *   0xed  io_delay=0xed: a sink;
 *   0x92  system control port A: bit 1 is A20 (always on here), writing
 *         bit 0 = 1 is the fast reset some firmware and boot loaders use.
 * Everything else unclaimed is left to the bus, which counts it.
 */
#include "full-vm/dev/dev.h"

#include <stdlib.h>

struct misc_state {
    uint8_t post_code;
    uint8_t port92;
    uint8_t pad[6];
};

struct misc {
    struct device dev;
    struct misc_state s;
};

#define MISC_MAGIC DEV_MAGIC('M', 'I', 'S', 'C')
#define MISC_VERSION 1

static uint8_t read_byte(struct misc *m, uint64_t port)
{
    switch (port) {
    case 0x80:
        return m->s.post_code;
    case 0x92:
        return m->s.port92 | 0x02;
    default:
        return 0xff;
    }
}

static void write_byte(struct misc *m, uint64_t port, uint8_t v)
{
    switch (port) {
    case 0x80:
        m->s.post_code = v;
        break;
    case 0x92:
        m->s.port92 = v & 0x02;
        if ((v & 1) && m->dev.bus)
            m->dev.bus->stop_request = BUS_STOP_RESET;
        break;
    default:
        break;
    }
}

static uint64_t misc_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    uint64_t v = 0;
    if (space != IO_PORT || size > 8)
        return dev_all_ones(size);
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)read_byte((struct misc *)dev, addr + i) << (8 * i);
    return v;
}

static void misc_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    if (space != IO_PORT || size > 8)
        return;
    for (unsigned i = 0; i < size; i++)
        write_byte((struct misc *)dev, addr + i, (uint8_t)(val >> (8 * i)));
}

static void misc_reset(struct device *dev)
{
    memset(&((struct misc *)dev)->s, 0, sizeof(struct misc_state));
}

static size_t misc_save(const struct device *dev, void *buf, size_t cap)
{
    const struct misc *m = (const struct misc *)dev;
    return dev_snap_save(buf, cap, MISC_MAGIC, MISC_VERSION, &m->s, sizeof m->s);
}

static int misc_load(struct device *dev, const void *buf, size_t len)
{
    struct misc_state s;
    if (dev_snap_load(buf, len, MISC_MAGIC, MISC_VERSION, &s, sizeof s) < 0 || (s.port92 & ~0x02))
        return -1;
    ((struct misc *)dev)->s = s;
    return 0;
}

static void misc_destroy(struct device *dev)
{
    free(dev);
}

struct device *misc_ports_new(struct bus *bus)
{
    struct misc *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->dev.name = "misc-ports";
    m->dev.ranges[0] = (struct io_range){ IO_PORT, 0x80, 1 };
    m->dev.ranges[1] = (struct io_range){ IO_PORT, 0xed, 1 };
    m->dev.ranges[2] = (struct io_range){ IO_PORT, 0x92, 1 };
    m->dev.n_ranges = 3;
    m->dev.bus = bus;
    m->dev.read = misc_read;
    m->dev.write = misc_write;
    m->dev.reset = misc_reset;
    m->dev.save = misc_save;
    m->dev.load = misc_load;
    m->dev.destroy = misc_destroy;
    misc_reset(&m->dev);
    return &m->dev;
}
