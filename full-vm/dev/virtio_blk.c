/*
 * virtio_blk.c - a virtio block device on PCI, legacy interface (virtio
 * 0.9.5, the "transitional" device of virtio 1.x section 4.1.4.8), backed
 * by a raw image file. Linux's virtio_pci finds no modern capabilities,
 * "leaves for the legacy driver", and virtio_blk drives it.
 *
 * PCI: 1af4:1001 rev 0, class 0x010000, subsystem 1af4:0002 (virtio device
 * type 2 = block), BAR0 = 64 I/O ports, INTA# on a fixed ISA line (the
 * interrupt line register says which; nothing re-routes it).
 *
 * BAR0:  +0  host features (32, RO)   +14 queue select (16)
 *        +4  guest features (32)      +16 queue notify (16, WO)
 *        +8  queue PFN (32)           +18 device status (8; 0 resets)
 *        +12 queue size (16, RO)      +19 ISR (8, read clears, lowers INTx)
 *        +20 struct virtio_blk_config: capacity (64, sectors), size_max,
 *            seg_max, geometry, blk_size, topology
 *
 * One queue of QSIZE entries, laid out from PFN * 4096 as legacy rings are:
 * descriptors (16 bytes each), the available ring, then at the next 4 KiB
 * boundary the used ring. Requests are served synchronously when the
 * guest writes QUEUE_NOTIFY: header (type, sector), data, status byte.
 *
 * Nothing the guest gives is trusted: the rings and every descriptor are
 * reached through bus_dma() (NULL outside RAM), head and next indices are
 * checked against the queue size, a chain longer than the queue is a loop,
 * the sector range is checked against the image. A bad request completes
 * with VIRTIO_BLK_S_IOERR in its status byte when it has a usable one,
 * without touching anything else; a bad ring (avail index running more
 * than a queue ahead, head out of range, rings outside RAM) stops the
 * queue until the driver resets the device, like NEEDS_RESET in 1.x.
 */
#include "full-vm/dev/dev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#define QSIZE 128
#define BAR_SIZE 0x40
#define SECTOR 512

/* Feature bits (virtio-blk) offered. */
#define F_SEG_MAX (1u << 2)
#define F_RO (1u << 5)
#define F_BLK_SIZE (1u << 6)
#define F_FLUSH (1u << 9)

#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define DESC_F_INDIRECT 4

enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

#define ID_BYTES 20

/* Ring geometry inside the guest pages that start at PFN * 4096. */
#define DESC_OFF 0u
#define AVAIL_OFF (16u * QSIZE)
#define USED_OFF ((AVAIL_OFF + 4u + 2u * QSIZE + 2u + 4095u) & ~4095u)
#define RING_BYTES (USED_OFF + 4u + 8u * QSIZE + 2u)

struct vblk_state {
    uint8_t config[256];         /* PCI configuration space (live in pci.config; here in snapshots) */
    uint64_t capacity;           /* sectors: must match the image on load */
    uint32_t guest_features;
    uint32_t queue_pfn;
    uint16_t queue_sel;
    uint16_t last_avail;         /* next available-ring entry to take */
    uint16_t used_idx;           /* the device's copy of used->idx */
    uint8_t status;
    uint8_t isr;
    uint8_t irq_level;
    uint8_t broken;              /* queue stopped after a bad ring */
    uint8_t pad[6];
};

struct seg {
    uint8_t *p;                  /* NULL: outside guest RAM */
    uint32_t len;
    bool write;
};

struct vblk {
    struct device dev;
    struct pci_function pci;
    int fd;
    bool read_only;
    unsigned irq;
    uint16_t io_base;            /* where "firmware" put BAR0 */
    uint64_t capacity;
    char id[ID_BYTES];
    unsigned complaints;
    struct virtio_blk_stats stats;
    struct seg segs[QSIZE];
    struct vblk_state s;
};

#define VBLK_MAGIC DEV_MAGIC('V', 'B', 'L', 'K')
#define VBLK_VERSION 1

static uint16_t ld16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

static uint32_t ld32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t ld64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static void st16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
}

static void st32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static uint32_t host_features(const struct vblk *b)
{
    return F_SEG_MAX | F_BLK_SIZE | F_FLUSH | (b->read_only ? F_RO : 0);
}

static void update_irq(struct vblk *b)
{
    uint8_t *cfg = b->pci.config;
    bool pending = b->s.isr != 0;
    /* PCI status bit 3 is the INTx status; command bit 10 masks the pin. */
    cfg[0x06] = (uint8_t)((cfg[0x06] & ~0x08) | (pending ? 0x08 : 0));
    bool level = pending && !(cfg[0x05] & 0x04);
    if (level != b->s.irq_level) {
        b->s.irq_level = level;
        bus_irq(b->dev.bus, b->irq, level);
    }
}

/* BAR0 answers where the guest put it, while I/O decoding is on. */
static void update_mapping(struct vblk *b)
{
    uint32_t base = pci_bar_address(&b->pci, 0);
    bool on = (b->pci.config[0x04] & 1) && base && base + BAR_SIZE <= 0x10000;
    b->dev.ranges[0] = (struct io_range){ IO_PORT, on ? base : 0, on ? BAR_SIZE : 0 };
}

static void device_reset(struct vblk *b)
{
    b->s.guest_features = 0;
    b->s.queue_pfn = 0;
    b->s.queue_sel = 0;
    b->s.last_avail = 0;
    b->s.used_idx = 0;
    b->s.status = 0;
    b->s.isr = 0;
    b->s.broken = 0;
    update_irq(b);
}

/* The 64 bytes of BAR0 as the guest sees them now. */
static void registers(const struct vblk *b, uint8_t r[BAR_SIZE])
{
    memset(r, 0, BAR_SIZE);
    st32(r + 0, host_features(b));
    st32(r + 4, b->s.guest_features);
    st32(r + 8, b->s.queue_sel == 0 ? b->s.queue_pfn : 0);
    st16(r + 12, b->s.queue_sel == 0 ? QSIZE : 0);
    st16(r + 14, b->s.queue_sel);
    r[18] = b->s.status;
    r[19] = b->s.isr;
    uint8_t *c = r + 20;
    uint64_t cap = b->capacity;
    memcpy(c + 0, &cap, 8);
    st32(c + 8, 0);              /* size_max: not offered */
    st32(c + 12, QSIZE - 2);     /* seg_max: the header and the status take two */
    st16(c + 16, 0);             /* geometry: not offered */
    st32(c + 20, SECTOR);        /* blk_size */
}

/* A broken ring is the guest driver's bug: said a few times, not per
 * notify (a misbehaving guest must not flood the console). */
static void vblk_stop_queue(struct vblk *b, const char *what)
{
    if (!b->s.broken && b->complaints < 3) {
        b->complaints++;
        fprintf(stderr, "mimic vm: virtio-blk: %s; queue stopped until the driver resets the device\n", what);
    }
    b->s.broken = 1;
}

/* Walk a descriptor chain into b->segs. Returns the number of segments,
 * or -1 when the chain is malformed (an index out of range, a loop, an
 * indirect descriptor, which was not offered). */
static int gather(struct vblk *b, const uint8_t *desc, uint16_t head)
{
    unsigned n = 0, idx = head;
    for (;;) {
        if (idx >= QSIZE || n == QSIZE)
            return -1;
        const uint8_t *d = desc + 16 * idx;
        uint64_t addr = ld64(d);
        uint32_t len = ld32(d + 8);
        uint16_t flags = ld16(d + 12), next = ld16(d + 14);
        if (flags & DESC_F_INDIRECT)
            return -1;
        b->segs[n].p = bus_dma(b->dev.bus, addr, len);
        b->segs[n].len = len;
        b->segs[n].write = flags & DESC_F_WRITE;
        n++;
        if (!(flags & DESC_F_NEXT))
            return (int)n;
        idx = next;
    }
}

/* Copy the first len device-readable bytes into out; false if there are
 * fewer or one of them is outside RAM. Advances *seg / *off past them. */
static bool read_header(struct vblk *b, unsigned n, unsigned *seg, uint32_t *off, uint8_t *out, uint32_t len)
{
    while (len) {
        if (*seg >= n || b->segs[*seg].write || !b->segs[*seg].p)
            return false;
        struct seg *s = &b->segs[*seg];
        uint32_t k = s->len - *off < len ? s->len - *off : len;
        memcpy(out, s->p + *off, k);
        out += k;
        len -= k;
        *off += k;
        if (*off == s->len) {
            (*seg)++;
            *off = 0;
        }
    }
    return true;
}

/* Data transfer between the image and segments [first, last) (the first
 * one from offset off). Checks everything before moving a byte. */
static uint8_t transfer(struct vblk *b, unsigned first, uint32_t off, unsigned last, uint32_t last_len, bool to_guest,
                        uint64_t sector, uint32_t *moved)
{
    uint64_t total = 0;
    for (unsigned i = first; i < last; i++) {
        const struct seg *s = &b->segs[i];
        uint32_t full = i + 1 == last ? last_len : s->len, start = i == first ? off : 0;
        if (start > full || s->write != to_guest || (!s->p && full - start))
            return S_IOERR;
        total += full - start;
    }
    /* Whole sectors inside the image, and no more than a used element's
     * 32-bit length can report. */
    if (total % SECTOR || total > UINT32_MAX || sector > b->capacity || total / SECTOR > b->capacity - sector)
        return S_IOERR;
    if (!to_guest && b->read_only)
        return S_IOERR;
    uint64_t pos = sector * SECTOR;
    for (unsigned i = first; i < last; i++) {
        const struct seg *s = &b->segs[i];
        uint32_t start = i == first ? off : 0;
        uint32_t len = (i + 1 == last ? last_len : s->len) - start;
        while (len) {
            ssize_t r = to_guest ? pread(b->fd, s->p + start, len, (off_t)pos)
                                 : pwrite(b->fd, s->p + start, len, (off_t)pos);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                return S_IOERR;
            start += (uint32_t)r;
            len -= (uint32_t)r;
            pos += (uint64_t)r;
            *moved += (uint32_t)r;
        }
    }
    return S_OK;
}

/* Serve one request; returns the bytes written into device-writable
 * buffers (the used element's len). */
static uint32_t serve(struct vblk *b, const uint8_t *desc, uint16_t head)
{
    int n = gather(b, desc, head);
    b->stats.requests++;
    if (n <= 0) {
        b->stats.errors++;
        return 0;                /* no status byte we can trust: complete it empty */
    }
    struct seg *last = &b->segs[n - 1];
    if (!last->write || !last->len || !last->p) {
        b->stats.errors++;
        return 0;
    }
    uint8_t *status = last->p + last->len - 1;
    uint32_t last_len = last->len - 1;   /* data bytes of the last segment, before the status */

    uint8_t hdr[16];
    unsigned seg = 0;
    uint32_t off = 0, written = 0;
    uint8_t st;
    /* Device-readable segments come first, then device-writable ones. */
    for (int i = 1; i < n; i++)
        if (!b->segs[i].write && b->segs[i - 1].write) {
            *status = S_IOERR;
            return 1;
        }
    if (!read_header(b, (unsigned)n, &seg, &off, hdr, sizeof hdr)) {
        *status = S_IOERR;
        return 1;
    }
    uint32_t type = ld32(hdr);
    uint64_t sector = ld64(hdr + 8);
    unsigned end = (unsigned)n;
    if (seg == end) {            /* the header ate the status segment: malformed */
        *status = S_IOERR;
        return 1;
    }
    switch (type) {
    case T_IN:
    case T_OUT: {
        /* IN: the data is every writable byte before the status; OUT: the
         * readable bytes after the header. */
        unsigned first = seg, stop;
        uint32_t stop_len;
        if (type == T_IN) {
            while (first < end && !b->segs[first].write)
                first++;
            off = 0;
            stop = end;
            stop_len = last_len;
        } else {
            stop = first;
            while (stop < end && !b->segs[stop].write)
                stop++;
            stop_len = stop > first ? b->segs[stop - 1].len : 0;
        }
        uint32_t moved = 0;
        st = first < stop ? transfer(b, first, off, stop, stop_len, type == T_IN, sector, &moved) : S_OK;
        if (type == T_IN) {
            written = moved;     /* what reached the guest, even when a read failed half way */
            b->stats.bytes_read += moved;
        } else {
            b->stats.bytes_written += moved;
        }
        break;
    }
    case T_FLUSH:
        st = fdatasync(b->fd) == 0 ? S_OK : S_IOERR;   /* the data and the size; not timestamps */
        b->stats.flushes++;
        break;
    case T_GET_ID: {
        /* The writable bytes before the status receive the id, zero padded. */
        uint32_t left = ID_BYTES;
        st = S_OK;
        for (unsigned i = seg; i < end && left; i++) {
            struct seg *s = &b->segs[i];
            uint32_t len = i + 1 == end ? last_len : s->len;
            if (!s->write)
                continue;
            if (!s->p && len) {
                st = S_IOERR;
                break;
            }
            uint32_t k = len < left ? len : left;
            memcpy(s->p, b->id + (ID_BYTES - left), k);
            left -= k;
            written += k;
        }
        break;
    }
    default:
        st = S_UNSUPP;
        break;
    }
    *status = st;
    if (st != S_OK)
        b->stats.errors++;
    return written + 1;
}

static void process_queue(struct vblk *b)
{
    if (!b->s.queue_pfn || b->s.broken)
        return;
    uint8_t *ring = bus_dma(b->dev.bus, (uint64_t)b->s.queue_pfn << 12, RING_BYTES);
    if (!ring) {
        vblk_stop_queue(b, "the rings are outside guest RAM");
        return;
    }
    const uint8_t *desc = ring + DESC_OFF, *avail = ring + AVAIL_OFF;
    uint8_t *used = ring + USED_OFF;
    uint16_t avail_idx = __atomic_load_n((const uint16_t *)(avail + 2), __ATOMIC_ACQUIRE);
    if ((uint16_t)(avail_idx - b->s.last_avail) > QSIZE) {
        vblk_stop_queue(b, "available index runs more than a queue ahead");
        return;
    }
    bool any = false;
    while (b->s.last_avail != avail_idx) {
        uint16_t head = ld16(avail + 4 + 2 * (b->s.last_avail % QSIZE));
        if (head >= QSIZE) {
            vblk_stop_queue(b, "available ring entry out of range");
            break;
        }
        b->s.last_avail++;
        uint32_t len = serve(b, desc, head);
        uint8_t *e = used + 4 + 8 * (b->s.used_idx % QSIZE);
        st32(e, head);
        st32(e + 4, len);
        b->s.used_idx++;
        __atomic_store_n((uint16_t *)(used + 2), b->s.used_idx, __ATOMIC_RELEASE);
        any = true;
    }
    if (any) {
        b->s.isr |= 1;
        update_irq(b);
    }
}

static uint64_t vblk_read(struct device *dev, enum io_space space, uint64_t addr, unsigned size)
{
    struct vblk *b = (struct vblk *)dev;
    uint64_t base = dev->ranges[0].base, v = 0;
    if (space != IO_PORT || size > 8 || addr < base)
        return dev_all_ones(size);
    uint8_t r[BAR_SIZE];
    registers(b, r);
    bool isr_read = false;
    for (unsigned i = 0; i < size; i++) {
        uint64_t off = addr - base + i;
        v |= (uint64_t)(off < BAR_SIZE ? r[off] : 0xff) << (8 * i);
        if (off == 19)
            isr_read = true;
    }
    if (isr_read) {
        b->s.isr = 0;
        update_irq(b);
    }
    return v;
}

static void vblk_write(struct device *dev, enum io_space space, uint64_t addr, unsigned size, uint64_t val)
{
    struct vblk *b = (struct vblk *)dev;
    uint64_t base = dev->ranges[0].base;
    if (space != IO_PORT || addr < base)
        return;
    uint64_t off = addr - base;
    /* Only whole registers at their own size: anything else is ignored. */
    if (off == 4 && size == 4) {
        b->s.guest_features = (uint32_t)val & host_features(b);
    } else if (off == 8 && size == 4) {
        if (b->s.queue_sel != 0)
            return;
        b->s.queue_pfn = (uint32_t)val;
        b->s.last_avail = b->s.used_idx = 0;
        b->s.broken = 0;
    } else if (off == 14 && size == 2) {
        b->s.queue_sel = (uint16_t)val;
    } else if (off == 16 && size == 2) {
        if ((uint16_t)val == 0)
            process_queue(b);
    } else if (off == 18 && size == 1) {
        if ((uint8_t)val == 0)
            device_reset(b);
        else
            b->s.status = (uint8_t)val;
    }
}

void virtio_blk_get_stats(const struct device *dev, struct virtio_blk_stats *st)
{
    *st = ((const struct vblk *)dev)->stats;
}

static void config_written(struct pci_function *fn, unsigned offset, unsigned size)
{
    struct vblk *b = fn->opaque;
    (void)offset;
    (void)size;
    update_mapping(b);
    update_irq(b);
}

/* The configuration space "firmware" leaves: BAR0 at io_base, I/O on. */
static void config_init(struct vblk *b)
{
    uint8_t *c = b->pci.config;
    memset(c, 0, 256);
    st16(c + 0x00, 0x1af4);
    st16(c + 0x02, 0x1001);
    st16(c + 0x04, 0x0001);
    c[0x08] = 0;                 /* revision 0: legacy ABI */
    c[0x0b] = 0x01;              /* mass storage, */
    c[0x0a] = 0x00;              /*   SCSI (what QEMU reports for virtio-blk) */
    st32(c + 0x10, (uint32_t)b->io_base | 1);
    st16(c + 0x2c, 0x1af4);
    st16(c + 0x2e, 2);           /* virtio device type: block */
    c[0x3c] = (uint8_t)b->irq;
    c[0x3d] = 1;                 /* INTA# */
}

static void vblk_reset(struct device *dev)
{
    struct vblk *b = (struct vblk *)dev;
    device_reset(b);
    config_init(b);
    update_mapping(b);
    update_irq(b);
}

static size_t vblk_save(const struct device *dev, void *buf, size_t cap)
{
    const struct vblk *b = (const struct vblk *)dev;
    struct vblk_state s = b->s;
    memcpy(s.config, b->pci.config, 256);
    s.capacity = b->capacity;
    return dev_snap_save(buf, cap, VBLK_MAGIC, VBLK_VERSION, &s, sizeof s);
}

static int vblk_load(struct device *dev, const void *buf, size_t len)
{
    struct vblk *b = (struct vblk *)dev;
    struct vblk_state s;
    if (dev_snap_load(buf, len, VBLK_MAGIC, VBLK_VERSION, &s, sizeof s) < 0)
        return -1;
    uint8_t cfg[256];
    memcpy(cfg, s.config, 256);
    cfg[0x06] = (uint8_t)((cfg[0x06] & ~0x08) | (b->pci.config[0x06] & 0x08));   /* INTx status is derived */
    if (pci_config_check(&b->pci, cfg) < 0 || s.capacity != b->capacity || (s.guest_features & ~host_features(b)) ||
        s.isr > 3 || s.irq_level > 1 || s.broken > 1)
        return -1;
    bool level = b->s.irq_level;
    b->s = s;
    memcpy(b->pci.config, cfg, 256);
    b->s.irq_level = level;
    update_mapping(b);
    update_irq(b);
    return 0;
}

static void vblk_destroy(struct device *dev)
{
    struct vblk *b = (struct vblk *)dev;
    pci_unregister(&b->pci);
    if (b->fd >= 0)
        close(b->fd);
    free(b);
}

struct device *virtio_blk_new(struct bus *bus, struct device *pci_host, unsigned slot, unsigned irq,
                              const char *image_path, bool read_only)
{
    if (irq >= 16) {
        fprintf(stderr, "mimic vm: virtio-blk: irq %u is not an ISA line\n", irq);
        return NULL;
    }
    struct vblk *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->fd = -1;
    b->read_only = read_only;
    if (!read_only) {
        b->fd = open(image_path, O_RDWR | O_CLOEXEC);
        if (b->fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
            b->read_only = true;
    }
    if (b->fd < 0 && b->read_only)
        b->fd = open(image_path, O_RDONLY | O_CLOEXEC);
    if (b->fd < 0) {
        fprintf(stderr, "mimic vm: %s: %s\n", image_path, strerror(errno));
        free(b);
        return NULL;
    }
    /* Two machines writing one image corrupt it: take the file for
     * ourselves (shared when read-only), as QEMU does. */
    if (flock(b->fd, (b->read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0) {
        fprintf(stderr, "mimic vm: %s: %s\n", image_path,
                errno == EWOULDBLOCK ? "in use by another process (locked)" : strerror(errno));
        close(b->fd);
        free(b);
        return NULL;
    }
    off_t end = lseek(b->fd, 0, SEEK_END);   /* regular files and block devices alike */
    if (end < 0) {
        fprintf(stderr, "mimic vm: %s: cannot find its size: %s\n", image_path, strerror(errno));
        close(b->fd);
        free(b);
        return NULL;
    }
    if (end % SECTOR)
        fprintf(stderr, "mimic vm: %s: size is not a multiple of 512; the last %lld bytes are not visible\n",
                image_path, (long long)(end % SECTOR));
    b->capacity = (uint64_t)end / SECTOR;
    const char *base = strrchr(image_path, '/');
    base = base ? base + 1 : image_path;
    memset(b->id, 0, ID_BYTES);
    memcpy(b->id, base, strlen(base) < ID_BYTES ? strlen(base) : ID_BYTES);
    b->irq = irq;
    b->io_base = pci_alloc_io(pci_host, BAR_SIZE);
    if (!b->io_base) {
        fprintf(stderr, "mimic vm: virtio-blk: no I/O ports left for %s\n", image_path);
        close(b->fd);
        free(b);
        return NULL;
    }
    b->dev.name = "virtio-blk";
    b->dev.n_ranges = 1;
    b->dev.bus = bus;
    b->dev.read = vblk_read;
    b->dev.write = vblk_write;
    b->dev.reset = vblk_reset;
    b->dev.save = vblk_save;
    b->dev.load = vblk_load;
    b->dev.destroy = vblk_destroy;
    b->pci.opaque = b;
    b->pci.config_written = config_written;
    b->pci.bar_size[0] = BAR_SIZE;
    config_init(b);
    update_mapping(b);
    if (pci_register(pci_host, slot, &b->pci) < 0) {
        close(b->fd);
        free(b);
        return NULL;
    }
    return &b->dev;
}
