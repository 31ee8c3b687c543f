/*
 * test_devices_state.c - what every device of full-vm/dev/ must survive:
 * save/load round trips (a busy machine saved, reset, loaded, and still
 * the same machine), load() refusing what save() never writes (and living
 * with whatever random corruption it accepts), and a million random port,
 * MMIO and direct device accesses with a fixed seed, guest RAM fenced by
 * guard pages, a buggy driver feeding virtio-blk half-sane requests.
 */
#include "vm_devices.h"

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
        case 6: {                    /* straight to a device, at addresses the bus would not send it */
            struct device *d = M.bus.devices[rng_below(&r, M.bus.n_devices)];
            uint64_t a = rng_below(&r, 2) ? rng_below(&r, 0x10000) : rng_next(&r);
            enum io_space sp = rng_below(&r, 8) ? IO_PORT : IO_MMIO;
            unsigned sz = rng_below(&r, 9);
            if (rng_below(&r, 2))
                d->write(d, sp, a, sz, v);
            else
                d->read(d, sp, a, sz);
            break;
        }
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
