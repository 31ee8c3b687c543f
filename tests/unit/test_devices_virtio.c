/*
 * test_devices_virtio.c - virtio-blk (full-vm/dev/virtio_blk.c) driven like
 * Linux's legacy virtio-pci driver: a full request cycle on a temp image
 * (write sectors, read back over split buffers, flush, GET_ID), then
 * requests a buggy or hostile driver makes: past the end of the image,
 * buffers outside guest RAM (IOERR, and RAM outside the request untouched),
 * looping chains, a runaway ring index; and a read-only image.
 */
#include "vm_devices.h"

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
    struct vdesc chain[4] = {
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
    struct vdesc loop[2] = { { HDR, 16, 0 }, { DATA, 512, 2 } };
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
    cr_assert_null(virtio_blk_new(&M.bus, M.pci, 2, BLK_IRQ, M.image, false), "a second writer is refused");
    struct device *again = virtio_blk_new(&M.bus, M.pci, 2, BLK_IRQ, M.image, true);
    cr_assert_not_null(again, "a second reader is fine");
    again->destroy(again);
    cr_assert_eq(cfg_read32(2, 0), 0xffffffff, "and its slot is empty again");
}
