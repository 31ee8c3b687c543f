/*
 * pci.c - the PCI host bridge: configuration mechanism #1 and bus 0.
 *
 *   0xcf8 (dword only)  CONFIG_ADDRESS: enable(31) bus(23-16) dev(15-11)
 *                       fn(10-8) register(7-2)
 *   0xcf9 (byte)        reset control (PIIX): a 0->1 edge of bit 2 resets
 *   0xcfc-0xcff         CONFIG_DATA: the dword CONFIG_ADDRESS selects, any
 *                       size at any offset inside it
 *
 * Slot 0 is the host bridge itself (8086:1237, an i440FX, class 0x0600:
 * what Linux's pci_sanity_check looks for). Other devices register a
 * struct pci_function in a slot; bus 0 function 0 only, everything else
 * reads as all ones (no device).
 *
 * Writes go through one rule for every function's type-0 header: command
 * (I/O, memory, bus master, INTx disable), cache line size, latency timer,
 * interrupt line and the BARs are writable; a BAR keeps only the address
 * bits its size allows, so writing all ones and reading back gives the
 * size mask (BAR sizing). The rest is read-only. The owner hears about
 * every write (config_written) to move its BARs.
 *
 * There is no firmware: pci_alloc_io() hands out I/O ranges from 0xc000
 * up, as SeaBIOS would, so the kernel finds BARs already assigned and
 * enabled and only claims them.
 */
#include "full-vm/dev/dev.h"

#include <stdio.h>
#include <stdlib.h>

#define IO_WINDOW_START 0xc000u
#define IO_WINDOW_END 0x10000u

struct pci_host_state {
    uint32_t address;
    uint8_t cf9;
    uint8_t pad[3];
    uint32_t next_io;
    uint8_t bridge_config[256];
};

struct pci_host {
    struct device dev;
    struct pci_function bridge;
    struct pci_function *slots[PCI_MAX_SLOTS];
    struct pci_host_state s;
};

#define PCI_MAGIC DEV_MAGIC('P', 'C', 'I', 'H')
#define PCI_VERSION 1

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Which bits of config byte off the guest may change. */
static uint8_t wmask(const struct pci_function *fn, unsigned off)
{
    switch (off) {
    case 0x04:
        return 0x47;             /* I/O, memory, bus master, parity error response */
    case 0x05:
        return 0x05;             /* SERR enable, INTx disable */
    case 0x0c:
    case 0x0d:
    case 0x3c:
        return 0xff;
    default:
        break;
    }
    if (off >= 0x10 && off < 0x28) {
        unsigned bar = (off - 0x10) / 4;
        uint32_t size = fn->bar_size[bar];
        if (!size)
            return 0;
        uint32_t type_bits = fn->config[0x10 + bar * 4] & 1 ? 0x3 : 0xf;
        uint32_t m = ~(size - 1) & ~type_bits;
        return (uint8_t)(m >> (8 * ((off - 0x10) % 4)));
    }
    return 0;
}

uint32_t pci_bar_address(const struct pci_function *fn, unsigned bar)
{
    if (bar >= 6 || !fn->bar_size[bar])
        return 0;
    uint32_t v = get32(&fn->config[0x10 + bar * 4]);
    return v & (v & 1 ? ~3u : ~0xfu);
}

static struct pci_function *selected(struct pci_host *h)
{
    uint32_t a = h->s.address;
    if (!(a & 0x80000000u) || (a >> 16 & 0xff) || (a >> 8 & 7))
        return NULL;
    return h->slots[a >> 11 & 31];
}

static uint32_t config_read(struct pci_host *h, unsigned off, unsigned n)
{
    struct pci_function *fn = selected(h);
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint32_t)(fn ? fn->config[(h->s.address & 0xfc) + off + i] : 0xff) << (8 * i);
    return v;
}

static void config_write(struct pci_host *h, unsigned off, unsigned n, uint32_t v)
{
    struct pci_function *fn = selected(h);
    if (!fn)
        return;
    unsigned reg = (h->s.address & 0xfc) + off;
    for (unsigned i = 0; i < n; i++) {
        uint8_t m = wmask(fn, reg + i), b = (uint8_t)(v >> (8 * i));
        fn->config[reg + i] = (uint8_t)((fn->config[reg + i] & ~m) | (b & m));
    }
    if (fn->config_written)
        fn->config_written(fn, reg, n);
}

/* One access split at the boundary between CONFIG_ADDRESS's dword and
 * CONFIG_DATA's: bytes 0xcf8-0xcfb one by one (only a whole dword at 0xcf8
 * is the address register), bytes 0xcfc-0xcff as one config access. */
static uint64_t pci_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    struct pci_host *h = (struct pci_host *)dev;
    if (space != IO_PORT || size > 8)
        return dev_all_ones(size);
    if (addr == 0xcf8 && size == 4)
        return h->s.address;
    uint64_t v = 0;
    unsigned i = 0;
    while (i < size) {
        uint64_t port = addr + i;
        if (port >= 0xcfc && port < 0xd00) {
            unsigned n = (unsigned)(0xd00 - port) < size - i ? (unsigned)(0xd00 - port) : size - i;
            v |= (uint64_t)config_read(h, (unsigned)(port - 0xcfc), n) << (8 * i);
            i += n;
        } else {
            v |= (uint64_t)(port == 0xcf9 ? h->s.cf9 : 0xff) << (8 * i);
            i++;
        }
    }
    return v;
}

static void pci_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    struct pci_host *h = (struct pci_host *)dev;
    if (space != IO_PORT || size > 8)
        return;
    if (addr == 0xcf8 && size == 4) {
        h->s.address = (uint32_t)val & 0x80fffffcu;
        return;
    }
    unsigned i = 0;
    while (i < size) {
        uint64_t port = addr + i;
        if (port >= 0xcfc && port < 0xd00) {
            unsigned n = (unsigned)(0xd00 - port) < size - i ? (unsigned)(0xd00 - port) : size - i;
            config_write(h, (unsigned)(port - 0xcfc), n, (uint32_t)(val >> (8 * i)));
            i += n;
        } else {
            if (port == 0xcf9) {
                uint8_t b = (uint8_t)(val >> (8 * i));
                if ((b & 0x04) && !(h->s.cf9 & 0x04) && dev->bus)
                    dev->bus->stop_request = BUS_STOP_RESET;
                h->s.cf9 = b & 0x0a;   /* the reset bit itself reads back 0 */
            }
            i++;
        }
    }
}

int pci_register(struct device *host, unsigned slot, struct pci_function *fn)
{
    struct pci_host *h = (struct pci_host *)host;
    if (slot == 0 || slot >= PCI_MAX_SLOTS || h->slots[slot]) {
        fprintf(stderr, "mimic vm: PCI slot %u is taken or out of range\n", slot);
        return -1;
    }
    h->slots[slot] = fn;
    fn->host = host;
    return 0;
}

void pci_unregister(struct pci_function *fn)
{
    struct pci_host *h = (struct pci_host *)fn->host;
    if (!h)
        return;
    for (unsigned i = 1; i < PCI_MAX_SLOTS; i++)
        if (h->slots[i] == fn)
            h->slots[i] = NULL;
    fn->host = NULL;
}

uint16_t pci_alloc_io(struct device *host, uint32_t size)
{
    struct pci_host *h = (struct pci_host *)host;
    if (size < 4 || (size & (size - 1)))
        return 0;
    uint32_t base = (h->s.next_io + size - 1) & ~(size - 1);
    if (base + size > IO_WINDOW_END)
        return 0;
    h->s.next_io = base + size;
    return (uint16_t)base;
}

static void bridge_init(struct pci_host *h)
{
    uint8_t *c = h->bridge.config;
    memset(c, 0, 256);
    put16(c + 0x00, 0x8086);
    put16(c + 0x02, 0x1237);
    put16(c + 0x04, 0x0006);     /* memory and bus master on */
    c[0x08] = 0x02;              /* revision */
    c[0x0b] = 0x06;              /* class: bridge, */
    c[0x0a] = 0x00;              /*   host bridge */
}

static void pci_reset(struct device *dev)
{
    struct pci_host *h = (struct pci_host *)dev;
    h->s.address = 0;
    h->s.cf9 = 0;
    bridge_init(h);
    memcpy(h->s.bridge_config, h->bridge.config, 256);
    /* next_io survives: it is where BARs were put at power-on, which a
     * reset does not move (their owners reset them to the same place). */
}

static size_t pci_save(const struct device *dev, void *buf, size_t cap)
{
    const struct pci_host *h = (const struct pci_host *)dev;
    struct pci_host_state s = h->s;
    memcpy(s.bridge_config, h->bridge.config, 256);
    return dev_snap_save(buf, cap, PCI_MAGIC, PCI_VERSION, &s, sizeof s);
}

int pci_config_check(const struct pci_function *fn, const uint8_t *config)
{
    for (unsigned i = 0; i < 256; i++)
        if ((config[i] ^ fn->config[i]) & ~wmask(fn, i))
            return -1;
    return 0;
}

static int pci_load(struct device *dev, const void *buf, size_t len)
{
    struct pci_host *h = (struct pci_host *)dev;
    struct pci_host_state s;
    if (dev_snap_load(buf, len, PCI_MAGIC, PCI_VERSION, &s, sizeof s) < 0)
        return -1;
    if ((s.address & ~0x80fffffcu) || (s.cf9 & ~0x0a) || s.next_io < IO_WINDOW_START || s.next_io > IO_WINDOW_END ||
        pci_config_check(&h->bridge, s.bridge_config) < 0)
        return -1;
    h->s = s;
    memcpy(h->bridge.config, s.bridge_config, 256);
    return 0;
}

/* The functions outlive their host when the bus destroys devices in the
 * order they were added: tell them the host is gone. */
static void pci_destroy(struct device *dev)
{
    struct pci_host *h = (struct pci_host *)dev;
    for (unsigned i = 1; i < PCI_MAX_SLOTS; i++)
        if (h->slots[i])
            h->slots[i]->host = NULL;
    free(dev);
}

struct device *pci_host_new(struct bus *bus)
{
    struct pci_host *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->dev.name = "pci-host";
    h->dev.ranges[0] = (struct io_range){ IO_PORT, 0xcf8, 8 };
    h->dev.n_ranges = 1;
    h->dev.bus = bus;
    h->dev.read = pci_read;
    h->dev.write = pci_write;
    h->dev.reset = pci_reset;
    h->dev.save = pci_save;
    h->dev.load = pci_load;
    h->dev.destroy = pci_destroy;
    h->slots[0] = &h->bridge;
    h->s.next_io = IO_WINDOW_START;
    pci_reset(&h->dev);
    return &h->dev;
}
