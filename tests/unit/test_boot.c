/*
 * test_boot.c - the Linux boot protocol of full-vm (full-vm/boot.c): the
 * bzImage setup header, host-side XZ decompression, the vmlinux ELF checks
 * and what boot_load writes into guest RAM (segments, zero page, e820,
 * command line, initrd, GDT, page tables, entry registers).
 *
 * Two kinds of kernel:
 *  - a synthetic bzImage built here: a real setup header around a real XZ
 *    stream (liblzma) of a small ELF64 "vmlinux", so that every field can
 *    be mutated and every outcome predicted, on any machine;
 *  - Debian's stock kernel when it is present ($MIMIC_VM_KERNEL, the
 *    tests/vm/fetch-kernel.sh cache build/deps/vm/vmlinuz, or
 *    /tmp/vmk/boot/vmlinuz-*): parsed, decompressed (the time is logged),
 *    loaded into 256 MiB, and truncated/mutated copies of it must give
 *    errors, never crashes.
 */
#include "tests/unit/unit_util.h"
#include "full-vm/boot.h"
#include "full-vm/layout.h"
#include "loader/bytes.h"

#include <glob.h>
#include <lzma.h>
#include <sys/mman.h>
#include <time.h>

static const char *const boot_structures[] = {
    "setup header", "payload", "ELF header", "program header", "program headers", NULL,
};

/* ---- a synthetic kernel ----------------------------------------------------- */

#define K_TEXT_PA   0x1000000ull
#define K_TEXT_VA   0xffffffff81000000ull
#define K_TEXT_SZ   0x3000u
#define K_DATA_PA   0x1400000ull
#define K_DATA_FILE 0x200u
#define K_DATA_MEM  0x5000u
#define K_ENTRY_OFF 0x40u

static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* An ELF64 EXEC with two LOAD segments (text, data + bss); e_entry is the
 * physical address of the text + K_ENTRY_OFF, as vmlinux's phys_startup_64. */
static struct blob make_vmlinux(uint64_t entry)
{
    size_t text_off = 0x1000, data_off = text_off + K_TEXT_SZ;
    struct blob b = { .len = data_off + K_DATA_FILE };
    b.buf = calloc(1, b.len);
    cr_assert(b.buf);
    uint8_t *h = b.buf;
    memcpy(h, "\177ELF", 4);
    h[4] = 2, h[5] = 1, h[6] = 1;
    w16(h + 16, 2);                    /* ET_EXEC */
    w16(h + 18, 62);                   /* EM_X86_64 */
    w32(h + 20, 1);
    w64(h + 24, entry);
    w64(h + 32, 64);                   /* e_phoff */
    w64(h + 40, 0);                    /* no sections */
    w16(h + 52, 64);
    w16(h + 54, 56);
    w16(h + 56, 2);
    uint8_t *ph = h + 64;
    w32(ph, 1), w32(ph + 4, 5);
    w64(ph + 8, text_off), w64(ph + 16, K_TEXT_VA), w64(ph + 24, K_TEXT_PA);
    w64(ph + 32, K_TEXT_SZ), w64(ph + 40, K_TEXT_SZ), w64(ph + 48, 0x1000);
    ph += 56;
    w32(ph, 1), w32(ph + 4, 6);
    w64(ph + 8, data_off), w64(ph + 16, K_TEXT_VA + (K_DATA_PA - K_TEXT_PA)), w64(ph + 24, K_DATA_PA);
    w64(ph + 32, K_DATA_FILE), w64(ph + 40, K_DATA_MEM), w64(ph + 48, 0x1000);
    for (size_t i = 0; i < K_TEXT_SZ; i++)
        b.buf[text_off + i] = (uint8_t)(i * 7 + 1);
    for (size_t i = 0; i < K_DATA_FILE; i++)
        b.buf[data_off + i] = (uint8_t)(0xa0 ^ i);
    return b;
}

static uint8_t *xz_compress(const uint8_t *in, size_t len, size_t *out_len)
{
    size_t cap = len + len / 2 + 4096, pos = 0;
    uint8_t *out = malloc(cap);
    cr_assert(out);
    cr_assert_eq(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC32, NULL, in, len, out, &pos, cap), LZMA_OK);
    *out_len = pos;
    return out;
}

/* Layout of the synthetic bzImage (the offsets the mutation tests poke). */
#define S_SETUP_SECTS 3
#define S_PM          ((S_SETUP_SECTS + 1) * 512)
#define S_PAYLOAD_OFF 0x80
#define S_HDR_END     0x26c                 /* as protocol 2.15 */

/* A bzImage around payload (the compressed bytes + the 4-byte size). */
static struct blob make_bzimage_with(const uint8_t *payload, size_t payload_len)
{
    struct blob b = { .len = S_PM + S_PAYLOAD_OFF + payload_len + 0x40 };
    b.buf = calloc(1, b.len);
    cr_assert(b.buf);
    uint8_t *f = b.buf;
    f[0x1f1] = S_SETUP_SECTS;
    w16(f + 0x1fe, 0xaa55);
    f[0x200] = 0xeb;
    f[0x201] = S_HDR_END - 0x202;
    memcpy(f + 0x202, "HdrS", 4);
    w16(f + 0x206, 0x020f);
    f[0x211] = BOOT_LOADED_HIGH;
    w32(f + 0x214, 0x100000);
    w32(f + 0x22c, 0x7fffffff);
    w32(f + 0x230, 0x200000);
    f[0x234] = 1;
    w16(f + 0x236, 0x7f);
    w32(f + 0x238, 0x7ff);
    w32(f + 0x248, S_PAYLOAD_OFF);
    w32(f + 0x24c, (uint32_t)payload_len);
    w64(f + 0x258, K_TEXT_PA);
    w32(f + 0x260, 0x800000);
    memcpy(f + S_PM + S_PAYLOAD_OFF, payload, payload_len);
    return b;
}

static struct blob make_bzimage(void)
{
    struct blob elf = make_vmlinux(K_TEXT_PA + K_ENTRY_OFF);
    size_t xz_len;
    uint8_t *xz = xz_compress(elf.buf, elf.len, &xz_len);
    uint8_t *payload = malloc(xz_len + 4);
    cr_assert(payload);
    memcpy(payload, xz, xz_len);
    w32(payload + xz_len, (uint32_t)elf.len);
    struct blob b = make_bzimage_with(payload, xz_len + 4);
    free(payload);
    free(xz);
    free(elf.buf);
    return b;
}

/* ---- guest RAM and a page walk over it -------------------------------------- */

#define RAM_SIZE (64ull << 20)

static uint8_t *ram_new(uint64_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert(p != MAP_FAILED);
    memset(p, 0x5a, 0x100000);          /* poison the low MiB: boot_load must write what it uses */
    return p;
}

/* 4-level walk as the CPU does it (P bit, PS at the PDPT and PD levels);
 * returns the physical address or ~0 when not present. */
static uint64_t walk(const uint8_t *ram, uint64_t size, uint64_t cr3, uint64_t va)
{
    uint64_t table = cr3 & ~0xfffull;
    for (int level = 3; level >= 0; level--) {
        unsigned idx = (va >> (12 + 9 * level)) & 511;
        cr_assert(table + 8 * idx + 8 <= size, "page table at 0x%llx outside RAM", (unsigned long long)table);
        uint64_t e = rd64(ram + table + 8 * idx);
        if (!(e & 1))
            return ~0ull;
        uint64_t addr = e & 0x000ffffffffff000ull;
        if (level == 0)
            return addr | (va & 0xfff);
        if ((level == 1 || level == 2) && (e & 0x80)) {
            uint64_t page = 1ull << (12 + 9 * level);
            return (addr & ~(page - 1)) | (va & (page - 1));
        }
        table = addr;
    }
    return ~0ull;
}

struct e820 { uint64_t addr, size; uint32_t type; };

static unsigned read_e820(const uint8_t *bp, struct e820 *out)
{
    unsigned n = bp[BP_E820_ENTRIES];
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *e = bp + BP_E820_TABLE + 20 * i;
        out[i] = (struct e820){ rd64(e), rd64(e + 8), rd32(e + 16) };
    }
    return n;
}

/* What every successful boot_load must have built, whatever the kernel. */
static void check_boot_structures(const uint8_t *ram, uint64_t ram_size, const struct boot_kernel *k,
                                  const struct vm_entry *en, const char *cmdline)
{
    cr_assert_eq(en->mode, 64);
    cr_assert_eq(en->rip, k->entry_pa);
    cr_assert_eq(en->rsi, LAYOUT_ZERO_PAGE);
    cr_assert_eq(en->cs, 0x10);
    cr_assert_eq(en->ds, 0x18);
    cr_assert_eq(en->gdt_base, LAYOUT_GDT);
    cr_assert_eq(en->gdt_limit, 31);
    cr_assert_eq(en->cr3, LAYOUT_PML4);

    /* GDT: 0x10 is 64-bit code (L=1, D=0, P, S, type execute), 0x18 flat
     * writable data (P, S, type write, D/B=1, G=1, limit 0xfffff). */
    uint64_t cs = rd64(ram + en->gdt_base + 0x10), ds = rd64(ram + en->gdt_base + 0x18);
    cr_assert_eq(rd64(ram + en->gdt_base), 0);
    cr_assert(cs & (1ull << 53), "code descriptor without L");
    cr_assert(!(cs & (1ull << 54)), "code descriptor with D set alongside L");
    cr_assert(cs & (1ull << 47) && cs & (1ull << 44) && cs & (1ull << 43), "code descriptor not present code");
    cr_assert_eq((ds >> 40) & 0x9a, 0x92, "data descriptor type 0x%llx", (unsigned long long)(ds >> 40) & 0xff);
    cr_assert_eq((ds & 0xffff) | ((ds >> 32) & 0xf0000), 0xfffff);

    /* Paging: identity over the low 4 GiB, the kernel map at -2 GiB. */
    uint64_t probes[] = { 0, LAYOUT_ZERO_PAGE, LAYOUT_CMDLINE + 5, k->entry_pa, ram_size - 1,
                          0x7fffffffull, 0xc0000123ull, 0xfffff000ull };
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
        cr_assert_eq(walk(ram, ram_size, en->cr3, probes[i]), probes[i], "va 0x%llx not identity-mapped",
                     (unsigned long long)probes[i]);
    cr_assert_eq(walk(ram, ram_size, en->cr3, 0x100000000ull), ~0ull, "4 GiB and above must not be mapped");
    cr_assert_eq(walk(ram, ram_size, en->cr3, 0xffffffff81000000ull + 0x1234), 0x1001234);

    /* Zero page. */
    const uint8_t *bp = ram + LAYOUT_ZERO_PAGE;
    cr_assert_eq(rd16(bp + BP_BOOT_FLAG), 0xaa55);
    cr_assert(!memcmp(bp + BP_HEADER, "HdrS", 4));
    cr_assert_eq(bp[BP_TYPE_OF_LOADER], 0xff);
    cr_assert_eq(rd32(bp + BP_CMD_LINE_PTR), LAYOUT_CMDLINE);
    cr_assert_str_eq((const char *)ram + rd32(bp + BP_CMD_LINE_PTR), cmdline);
    cr_assert(bp[BP_XLOADFLAGS] & BOOT_XLF_KERNEL_64);
    /* Nothing set beyond the header but the fields the protocol names. */
    for (unsigned off = 0x290; off < BP_E820_TABLE; off++)
        cr_assert_eq(bp[off], 0, "zero page byte 0x%x is 0x%02x", off, bp[off]);

    /* e820: sorted, no overlap, RAM below 640K and from 1 MiB to the end of
     * RAM, nothing RAM beyond it; the boot structures lie in RAM that the
     * kernel keeps (it reserves the first MiB). */
    struct e820 m[BP_E820_MAX];
    unsigned n = read_e820(bp, m);
    cr_assert(n >= 2 && n <= BP_E820_MAX);
    uint64_t ram_total = 0;
    for (unsigned i = 0; i < n; i++) {
        cr_assert(m[i].size > 0);
        if (i)
            cr_assert(m[i].addr >= m[i - 1].addr + m[i - 1].size, "e820 entries %u and %u overlap", i - 1, i);
        if (m[i].type == E820_RAM) {
            cr_assert(m[i].addr + m[i].size <= ram_size, "e820 RAM past the end of RAM");
            ram_total += m[i].size;
        }
    }
    cr_assert_eq(m[0].addr, 0);
    cr_assert_eq(m[0].type, E820_RAM);
    cr_assert_eq(m[0].size, LAYOUT_LOW_RAM_END);
    cr_assert_eq(m[n - 1].type, E820_RAM);
    cr_assert_eq(m[n - 1].addr, LAYOUT_HIGH_RAM);
    cr_assert_eq(m[n - 1].addr + m[n - 1].size, ram_size);
    cr_assert_eq(ram_total, ram_size - (LAYOUT_HIGH_RAM - LAYOUT_LOW_RAM_END));

    /* Every segment in place. */
    for (uint32_t i = 0; i < k->elf.nphdrs; i++) {
        const struct elf_phdr *ph = &k->elf.phdrs[i];
        if (ph->type != ELF_PT_LOAD)
            continue;
        cr_assert(!memcmp(ram + ph->paddr, k->vmlinux + ph->offset, ph->filesz), "segment %u not loaded", i);
        for (uint64_t b = ph->filesz; b < ph->memsz; b += 97)
            cr_assert_eq(ram[ph->paddr + b], 0, "segment %u: bss byte 0x%llx not zero", i, (unsigned long long)b);
    }
}

/* ---- synthetic kernel: good cases ------------------------------------------- */

Test(boot_synthetic, bzimage_loads)
{
    struct blob bz = make_bzimage();
    struct boot_kernel k;
    struct boot_error err;
    cr_assert_eq(boot_open_kernel(bz.buf, bz.len, "synth", &k, &err), 0, "%s", err.msg);
    cr_assert(k.is_bzimage);
    cr_assert_str_eq(k.compression, "XZ");
    cr_assert_eq(k.setup.version, 0x020f);
    cr_assert_eq(k.setup.pm_offset, S_PM);
    cr_assert_eq(k.entry_pa, K_TEXT_PA + K_ENTRY_OFF);
    cr_assert_eq(k.load_lo, K_TEXT_PA);
    cr_assert_eq(k.load_hi, K_DATA_PA + K_DATA_MEM);

    uint8_t *ram = ram_new(RAM_SIZE);
    uint8_t initrd[10000];
    for (size_t i = 0; i < sizeof initrd; i++)
        initrd[i] = (uint8_t)(i * 13);
    const char *cl = "console=ttyS0 root=/dev/vda";
    struct vm_entry en;
    struct boot_info info;
    cr_assert_eq(boot_load(&k, ram, RAM_SIZE, initrd, sizeof initrd, "initrd", cl, &en, &info, &err), 0, "%s",
                 err.msg);
    check_boot_structures(ram, RAM_SIZE, &k, &en, cl);

    /* The setup header is the file's, byte for byte, but for the loader's fields. */
    const uint8_t *bp = ram + LAYOUT_ZERO_PAGE;
    cr_assert(!memcmp(bp + 0x1f1, bz.buf + 0x1f1, BP_TYPE_OF_LOADER - 0x1f1));
    cr_assert(!memcmp(bp + 0x22c, bz.buf + 0x22c, S_HDR_END - 0x22c));

    /* The initrd: page-aligned, as high as RAM allows, whole. */
    uint32_t rd = rd32(bp + BP_RAMDISK_IMAGE);
    cr_assert_eq(rd32(bp + BP_RAMDISK_SIZE), sizeof initrd);
    cr_assert_eq(rd % 4096, 0);
    cr_assert_eq(rd, (RAM_SIZE - sizeof initrd) & ~0xfffull);
    cr_assert_eq(info.initrd_addr, rd);
    cr_assert(!memcmp(ram + rd, initrd, sizeof initrd));
    cr_assert_eq(rd32(bp + BP_EXT_RAMDISK_IMAGE), 0);
    munmap(ram, RAM_SIZE);
    boot_close_kernel(&k);
    free(bz.buf);
}

Test(boot_synthetic, initrd_below_initrd_addr_max)
{
    struct blob bz = make_bzimage();
    w32(bz.buf + 0x22c, 0x02ffffff);    /* initrd must end by 48 MiB, RAM is 64 */
    struct boot_kernel k;
    struct boot_error err;
    cr_assert_eq(boot_open_kernel(bz.buf, bz.len, "synth", &k, &err), 0, "%s", err.msg);
    uint8_t *ram = ram_new(RAM_SIZE);
    uint8_t initrd[5000] = { 1, 2, 3 };
    struct vm_entry en;
    struct boot_info info;
    cr_assert_eq(boot_load(&k, ram, RAM_SIZE, initrd, sizeof initrd, "initrd", "", &en, &info, &err), 0, "%s",
                 err.msg);
    cr_assert_eq(info.initrd_addr, (0x3000000 - sizeof initrd) & ~0xfffull);
    cr_assert(info.initrd_addr + info.initrd_size <= 0x3000000);

    /* Too large for the room between the kernel (and init_size) and the cap. */
    static uint8_t big[40 << 20];
    cr_assert_neq(boot_load(&k, ram, RAM_SIZE, big, sizeof big, "big.cpio", "", &en, &info, &err), 0);
    cr_log_info("%s", err.msg);
    cr_assert(strstr(err.msg, "big.cpio: ") == err.msg && strstr(err.msg, "--mem"), "%s", err.msg);
    munmap(ram, RAM_SIZE);
    boot_close_kernel(&k);
    free(bz.buf);
}

Test(boot_synthetic, vmlinux_direct)
{
    /* A vmlinux given directly, its entry a virtual address: translated
     * through its segment; the zero page gets a header written for it. */
    struct blob elf = make_vmlinux(K_TEXT_VA + K_ENTRY_OFF);
    struct boot_kernel k;
    struct boot_error err;
    cr_assert_eq(boot_open_kernel(elf.buf, elf.len, "vmlinux", &k, &err), 0, "%s", err.msg);
    cr_assert(!k.is_bzimage);
    cr_assert_eq(k.decompress_ns, 0);
    cr_assert_eq(k.entry_pa, K_TEXT_PA + K_ENTRY_OFF);
    uint8_t *ram = ram_new(RAM_SIZE);
    struct vm_entry en;
    struct boot_info info;
    cr_assert_eq(boot_load(&k, ram, RAM_SIZE, NULL, 0, NULL, "quiet", &en, &info, &err), 0, "%s", err.msg);
    check_boot_structures(ram, RAM_SIZE, &k, &en, "quiet");
    cr_assert_eq(rd32(ram + LAYOUT_ZERO_PAGE + BP_RAMDISK_IMAGE), 0);
    cr_assert_eq(rd32(ram + LAYOUT_ZERO_PAGE + BP_RAMDISK_SIZE), 0);
    munmap(ram, RAM_SIZE);
    boot_close_kernel(&k);
    free(elf.buf);
}

/* A legacy LZMA payload (CONFIG_KERNEL_LZMA) decompresses the same way;
 * one whose header asks for a 2 GiB dictionary is refused by the decoder's
 * memory limit, not allocated. */
Test(boot_synthetic, lzma_payload)
{
    struct blob elf = make_vmlinux(K_TEXT_PA + K_ENTRY_OFF);
    lzma_options_lzma opt;
    cr_assert(!lzma_lzma_preset(&opt, 1));
    lzma_stream strm = LZMA_STREAM_INIT;
    cr_assert_eq(lzma_alone_encoder(&strm, &opt), LZMA_OK);
    size_t cap = elf.len * 2 + 4096;
    uint8_t *payload = malloc(cap + 4);
    cr_assert(payload);
    strm.next_in = elf.buf;
    strm.avail_in = elf.len;
    strm.next_out = payload;
    strm.avail_out = cap;
    cr_assert_eq(lzma_code(&strm, LZMA_FINISH), LZMA_STREAM_END);
    size_t n = strm.total_out;
    lzma_end(&strm);
    w32(payload + n, (uint32_t)elf.len);

    struct blob bz = make_bzimage_with(payload, n + 4);
    struct boot_kernel k;
    struct boot_error err;
    cr_assert_eq(boot_open_kernel(bz.buf, bz.len, "lzma", &k, &err), 0, "%s", err.msg);
    cr_assert_str_eq(k.compression, "LZMA");
    cr_assert_eq(k.vmlinux_len, elf.len);
    cr_assert(!memcmp(k.vmlinux, elf.buf, elf.len));
    boot_close_kernel(&k);
    free(bz.buf);

    /* Header: properties, dictionary size (LE32), uncompressed size (LE64). */
    w32(payload + 1, 0x80000000u);       /* 2 GiB (bytes 00 00 00 80: still sniffed as LZMA) */
    bz = make_bzimage_with(payload, n + 4);
    cr_assert_neq(boot_open_kernel(bz.buf, bz.len, "lzma", &k, &err), 0);
    cr_log_info("%s", err.msg);
    cr_assert(strstr(err.msg, "lzma: payload: LZMA dictionary larger than the 512 MiB allowed"), "%s", err.msg);
    free(bz.buf);
    free(payload);
    free(elf.buf);
}

/* ---- synthetic kernel: every field wrong, one at a time --------------------- */

struct mutation {
    const char *what;
    void (*apply)(struct blob *b);
    const char *expect;          /* substring of the error */
};

static void m_flag(struct blob *b) { w16(b->buf + 0x1fe, 0x55aa); }
static void m_magic(struct blob *b) { memcpy(b->buf + 0x202, "HdrT", 4); }
static void m_version(struct blob *b) { w16(b->buf + 0x206, 0x0205); }
static void m_version_noxlf(struct blob *b) { w16(b->buf + 0x206, 0x020a); }
static void m_jump_short(struct blob *b) { b->buf[0x201] = 0x10; }
static void m_jump_long(struct blob *b) { b->buf[0x201] = 0xff; }
static void m_sects(struct blob *b) { b->buf[0x1f1] = 0xff; }
static void m_loadflags(struct blob *b) { b->buf[0x211] = 0; }
static void m_xlf(struct blob *b) { w16(b->buf + 0x236, 0x7e); }
static void m_pl_off(struct blob *b) { w32(b->buf + 0x248, 0xfffffff0u); }
static void m_pl_len(struct blob *b) { w32(b->buf + 0x24c, 0xffffffffu); }
static void m_pl_tiny(struct blob *b) { w32(b->buf + 0x24c, 3); }
static void m_gzip(struct blob *b) { b->buf[S_PM + S_PAYLOAD_OFF] = 0x1f, b->buf[S_PM + S_PAYLOAD_OFF + 1] = 0x8b; }
static void m_zstd(struct blob *b) { memcpy(b->buf + S_PM + S_PAYLOAD_OFF, "\x28\xb5\x2f\xfd", 4); }
static void m_unknown(struct blob *b) { memcpy(b->buf + S_PM + S_PAYLOAD_OFF, "ABCDEFGH", 8); }
static uint8_t *size_field(struct blob *b) { return b->buf + S_PM + S_PAYLOAD_OFF + rd32(b->buf + 0x24c) - 4; }
static void m_size_small(struct blob *b) { w32(size_field(b), rd32(size_field(b)) - 1); }
static void m_size_big(struct blob *b) { w32(size_field(b), rd32(size_field(b)) + 1); }
static void m_size_huge(struct blob *b) { w32(size_field(b), 0xfffffff0u); }
static void m_xz_body(struct blob *b) { b->buf[S_PM + S_PAYLOAD_OFF + 0x40] ^= 0x55; }
static void m_xz_cut(struct blob *b)
{
    /* The stream loses its last 30 bytes (index and footer); the size field moves along. */
    uint32_t size = rd32(size_field(b));
    w32(b->buf + 0x24c, rd32(b->buf + 0x24c) - 30);
    w32(size_field(b), size);
}

static const struct mutation mutations[] = {
    { "boot flag", m_flag, "neither a bzImage" },         /* no longer sniffs as one */
    { "HdrS", m_magic, "neither a bzImage" },
    { "version", m_version, "synth: setup header: version 0x0205 < 2.06" },
    { "version without xloadflags", m_version_noxlf, "setup header: version 0x020a has no xloadflags" },
    { "jump byte (short)", m_jump_short, "setup header: jump byte 0x10" },
    { "jump byte (long)", m_jump_long, "setup header: jump byte 0xff" },
    { "setup_sects", m_sects, "setup header: setup_sects 255" },
    { "loadflags", m_loadflags, "setup header: loadflags 0x00: LOADED_HIGH clear" },
    { "xloadflags", m_xlf, "setup header: xloadflags 0x007e: XLF_KERNEL_64 clear" },
    { "payload_offset", m_pl_off, "setup header: payload_offset 0xfffffff0" },
    { "payload_length", m_pl_len, "setup header: payload_offset 0x80 + payload_length 0xffffffff" },
    { "payload_length tiny", m_pl_tiny, "setup header: payload_length 3" },
    { "gzip payload", m_gzip, "payload: compressed with gzip" },
    { "zstd payload", m_zstd, "payload: compressed with zstd" },
    { "unknown payload", m_unknown, "payload: unknown compression" },
    { "size field small", m_size_small, "payload: decompresses to more than" },
    { "size field big", m_size_big, "payload: decompressed to" },
    { "size field huge", m_size_huge, "payload: uncompressed size field 4294967280" },
    { "corrupt XZ", m_xz_body, "payload: XZ" },
    { "truncated XZ", m_xz_cut, "payload: XZ" },
};

Test(boot_synthetic, each_field_wrong)
{
    for (size_t i = 0; i < sizeof mutations / sizeof mutations[0]; i++) {
        struct blob b = make_bzimage();
        mutations[i].apply(&b);
        uint8_t *exact = dup_prefix(b.buf, b.len);   /* ASan sees a read past the end */
        struct boot_kernel k;
        struct boot_error err = { "" };
        int r = boot_open_kernel(exact, b.len, "synth", &k, &err);
        cr_assert_neq(r, 0, "%s: accepted", mutations[i].what);
        cr_log_info("%-26s %s", mutations[i].what, err.msg);
        cr_assert(strstr(err.msg, mutations[i].expect), "%s: error \"%s\" lacks \"%s\"", mutations[i].what, err.msg,
                  mutations[i].expect);
        cr_assert(!strncmp(err.msg, "synth: ", 7), "%s: error does not name the file: %s", mutations[i].what,
                  err.msg);
        free(exact);
        free(b.buf);
    }
}

/* The vmlinux ELF's own checks, on the bare ELF (boot_open_kernel) and at load. */
Test(boot_synthetic, vmlinux_wrong)
{
    struct { const char *what; size_t off; uint64_t val; unsigned width; const char *expect; } cases[] = {
        { "ELF32", 4, 1, 1, "vmlinux: ELF header: " },
        { "machine", 18, 3, 2, "not an x86-64 kernel" },
        { "type", 16, 3, 2, "e_type" },
        { "entry", 24, 0x12345678, 8, "e_entry 0x12345678 is in no LOAD segment" },
        { "memsz < filesz", 64 + 56 + 40, 0x10, 8, "program header 1 (LOAD): p_filesz 0x200 larger than p_memsz 0x10" },
        { "paddr low", 64 + 24, 0x8000, 8, "program header 0 (LOAD): p_paddr 0x8000 below" },
        { "paddr wraps", 64 + 56 + 24, 0xfffffffffffff000ull, 8, "past the largest RAM" },
        { "offset past end", 64 + 56 + 8, 0x100000, 8, "program header 1" },
        { "text not LOAD", 64, 0, 4, NULL },   /* only the data segment is left */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct blob b = make_vmlinux(K_TEXT_PA + K_ENTRY_OFF);
        memcpy(b.buf + cases[i].off, &cases[i].val, cases[i].width);
        struct boot_kernel k;
        struct boot_error err = { "" };
        int r = boot_open_kernel(b.buf, b.len, "vmlinux", &k, &err);
        if (!cases[i].expect) {
            /* Only the data segment is left: the entry (in text) is in no segment. */
            cr_assert_neq(r, 0);
            cr_assert(strstr(err.msg, "e_entry"), "%s", err.msg);
        } else {
            cr_assert_neq(r, 0, "%s: accepted", cases[i].what);
            cr_assert(strstr(err.msg, cases[i].expect), "%s: \"%s\" lacks \"%s\"", cases[i].what, err.msg,
                      cases[i].expect);
        }
        check_error_text("vmlinux", err.msg, boot_structures);
        free(b.buf);
    }
}

Test(boot_synthetic, load_limits)
{
    struct blob elf = make_vmlinux(K_TEXT_PA + K_ENTRY_OFF);
    struct boot_kernel k;
    struct boot_error err;
    cr_assert_eq(boot_open_kernel(elf.buf, elf.len, "vmlinux", &k, &err), 0, "%s", err.msg);
    uint8_t *ram = ram_new(RAM_SIZE);
    struct vm_entry en;
    struct boot_info info;

    /* A kernel that does not fit the RAM: named, and nothing written. */
    memset(ram + K_TEXT_PA, 0xcc, 16);
    cr_assert_neq(boot_load(&k, ram, K_DATA_PA + 0x1000, NULL, 0, NULL, "", &en, &info, &err), 0);
    cr_assert(strstr(err.msg, "vmlinux: program header 1 (LOAD): p_paddr 0x1400000 + p_memsz 0x5000 past the end "
                              "of RAM (0x1401000): use a larger --mem"), "%s", err.msg);
    cr_assert_eq(ram[K_TEXT_PA], 0xcc, "a refused load wrote the kernel");

    /* Command line: 2047 bytes fit (no header: COMMAND_LINE_SIZE - 1), 2048 do not. */
    char *cl = malloc(2049);
    memset(cl, 'a', 2048);
    cl[2048] = 0;
    cr_assert_neq(boot_load(&k, ram, RAM_SIZE, NULL, 0, NULL, cl, &en, &info, &err), 0);
    cr_assert(strstr(err.msg, "--append: the command line is 2048 bytes, vmlinux takes at most 2047"), "%s", err.msg);
    cl[2047] = 0;
    cr_assert_eq(boot_load(&k, ram, RAM_SIZE, NULL, 0, NULL, cl, &en, &info, &err), 0, "%s", err.msg);
    cr_assert_eq(strlen((char *)ram + LAYOUT_CMDLINE), 2047);
    free(cl);

    /* RAM sizes outside what the layout allows. */
    cr_assert_neq(boot_load(&k, ram, LAYOUT_RAM_MAX + 4096, NULL, 0, NULL, "", &en, &info, &err), 0);
    cr_assert(strstr(err.msg, "RAM size"), "%s", err.msg);
    munmap(ram, RAM_SIZE);
    boot_close_kernel(&k);
    free(elf.buf);
}

/* Every prefix of the synthetic bzImage (in a buffer of exactly that size)
 * and random byte changes with a fixed seed: an error or a kernel that then
 * loads or is refused cleanly, never a crash (run it under SAN=1). */
Test(boot_synthetic, truncations_and_flips, .timeout = 120)
{
    struct blob bz = make_bzimage();
    uint8_t *ram = ram_new(RAM_SIZE);
    size_t end = S_PM + S_PAYLOAD_OFF + rd32(bz.buf + 0x24c);   /* the padding after it is not needed */
    for (size_t len = 0; len < end; len += (len < 0x300 || len > end - 64 ? 1 : 7)) {
        uint8_t *p = dup_prefix(bz.buf, len);
        struct boot_kernel k;
        struct boot_error err = { "" };
        cr_assert_neq(boot_open_kernel(p, len, "cut", &k, &err), 0, "prefix of %zu bytes accepted", len);
        cr_assert(err.msg[0]);
        free(p);
    }
    struct rng r = { 0x600d5eed };
    unsigned accepted = 0;
    for (int it = 0; it < 3000; it++) {
        uint8_t *p = dup_prefix(bz.buf, bz.len);
        int nflip = 1 + (int)rng_below(&r, 4);
        for (int f = 0; f < nflip; f++) {
            /* Mostly the header and the start of the payload, where the fields are. */
            size_t at = rng_below(&r, 4) ? 0x1f0 + rng_below(&r, 0x80) : rng_below(&r, (uint32_t)bz.len);
            p[at] = (uint8_t)rng_next(&r);
        }
        struct boot_kernel k;
        struct boot_error err = { "" };
        if (boot_open_kernel(p, bz.len, "flip", &k, &err) == 0) {
            accepted++;
            struct vm_entry en;
            struct boot_info info;
            if (boot_load(&k, ram, RAM_SIZE, (const uint8_t *)"x", 1, "initrd", "c", &en, &info, &err) == 0)
                cr_assert(en.rip >= LAYOUT_KERNEL_MIN && en.rip < RAM_SIZE);
            boot_close_kernel(&k);
        } else {
            cr_assert(!strncmp(err.msg, "flip: ", 6), "error without the file name: %s", err.msg);
        }
        free(p);
    }
    cr_log_info("flips: %u of 3000 still a loadable kernel", accepted);
    munmap(ram, RAM_SIZE);
    free(bz.buf);
}

/* The same for a vmlinux given directly: its program headers are where the
 * flips go, and every kernel that passes the checks is loaded into a RAM
 * that may be too small for it (refused by name) or not. */
Test(boot_synthetic, vmlinux_flips, .timeout = 120)
{
    struct blob elf = make_vmlinux(K_TEXT_PA + K_ENTRY_OFF);
    uint64_t sizes[] = { RAM_SIZE, K_DATA_PA + 0x1000, 2ull << 20 };
    uint8_t *ram = ram_new(RAM_SIZE);
    struct rng r = { 0xe1f5eed };
    unsigned loaded = 0, refused = 0;
    for (int it = 0; it < 4000; it++) {
        uint8_t *p = dup_prefix(elf.buf, elf.len);
        int nflip = 1 + (int)rng_below(&r, 3);
        for (int f = 0; f < nflip; f++) {
            size_t at = rng_below(&r, 8) ? 16 + rng_below(&r, 64 + 2 * 56 - 16) : rng_below(&r, (uint32_t)elf.len);
            p[at] = rng_below(&r, 2) ? (uint8_t)rng_next(&r) : p[at] ^ (uint8_t)(1u << rng_below(&r, 8));
        }
        struct boot_kernel k;
        struct boot_error err = { "" };
        if (boot_open_kernel(p, elf.len, "vmlinux", &k, &err) == 0) {
            struct vm_entry en;
            struct boot_info info;
            uint64_t size = sizes[rng_below(&r, 3)];
            if (boot_load(&k, ram, size, NULL, 0, NULL, "console=ttyS0", &en, &info, &err) == 0) {
                loaded++;
                cr_assert(info.kernel_hi <= size && info.kernel_lo >= LAYOUT_KERNEL_MIN);
                cr_assert(en.rip >= info.kernel_lo && en.rip < info.kernel_hi);
            } else {
                refused++;
                cr_assert(strstr(err.msg, "use a larger --mem") || strstr(err.msg, "RAM size"), "%s", err.msg);
            }
            boot_close_kernel(&k);
        } else {
            check_error_text("vmlinux", err.msg, boot_structures);
        }
        free(p);
    }
    cr_log_info("vmlinux flips: %u loaded, %u refused at load, %u refused by the checks", loaded, refused,
                4000 - loaded - refused);
    munmap(ram, RAM_SIZE);
    free(elf.buf);
}

/* ---- Debian's kernel ---------------------------------------------------------- */

static char real_path[1024];

static const char *find_real_kernel(void)
{
    const char *env = getenv("MIMIC_VM_KERNEL");
    if (env && file_exists(env))
        return env;
    if (file_exists("build/deps/vm/vmlinuz"))
        return "build/deps/vm/vmlinuz";
    glob_t g;
    if (glob("/tmp/vmk/boot/vmlinuz-*", 0, NULL, &g) == 0 && g.gl_pathc) {
        snprintf(real_path, sizeof real_path, "%s", g.gl_pathv[0]);
        globfree(&g);
        return real_path;
    }
    return NULL;
}

static const char *need_real_kernel(void)
{
    const char *p = find_real_kernel();
    if (!p) {
        fprintf(stderr, "test_boot: SKIP: no Debian kernel (run tests/vm/fetch-kernel.sh, or set MIMIC_VM_KERNEL)\n");
        cr_skip_test("no Debian kernel");
    }
    return p;
}

Test(boot_debian, parse_decompress_load, .timeout = 120)
{
    const char *path = need_real_kernel();
    struct blob f = load_file(path);
    cr_assert(f.buf, "%s: cannot read", path);
    struct boot_setup s;
    struct boot_error err;
    cr_assert_eq(boot_parse_setup(f.buf, f.len, path, &s, &err), 0, "%s", err.msg);
    cr_assert(s.version >= 0x020c);
    cr_assert(s.xloadflags & BOOT_XLF_KERNEL_64);
    cr_assert(s.cmdline_size >= 255);

    struct boot_kernel k;
    cr_assert_eq(boot_open_kernel(f.buf, f.len, path, &k, &err), 0, "%s", err.msg);
    cr_assert_str_eq(k.compression, "XZ");
    cr_log_info("%s: protocol %u.%02u, payload %zu bytes XZ -> vmlinux %zu bytes in %.0f ms; entry 0x%llx, "
                "segments 0x%llx-0x%llx", path, s.version >> 8, s.version & 0xff, k.payload_len, k.vmlinux_len,
                k.decompress_ns / 1e6, (unsigned long long)k.entry_pa, (unsigned long long)k.load_lo,
                (unsigned long long)k.load_hi);
    /* startup_64 at the kernel's physical start, as Debian builds it. */
    cr_assert_eq(k.entry_pa, s.pref_address);
    cr_assert_eq(k.load_lo, s.pref_address);
    cr_assert(k.load_hi > k.load_lo && k.load_hi < (256ull << 20));

    uint64_t size = 256ull << 20;
    uint8_t *ram = ram_new(size);
    static const uint8_t cpio[512] = "070701";
    const char *cl = "console=ttyS0 noapic nolapic acpi=off reboot=t earlyprintk=ttyS0";
    struct vm_entry en;
    struct boot_info info;
    cr_assert_eq(boot_load(&k, ram, size, cpio, sizeof cpio, "initrd", cl, &en, &info, &err), 0, "%s", err.msg);
    check_boot_structures(ram, size, &k, &en, cl);
    cr_assert_eq(info.initrd_addr, size - 4096);
    /* The first instruction of 6.1's startup_64: lea (__end_init_task - FRAME_SIZE)(%rip), %rsp. */
    cr_assert(!memcmp(ram + en.rip, "\x48\x8d\x25", 3), "entry bytes %02x %02x %02x", ram[en.rip], ram[en.rip + 1],
              ram[en.rip + 2]);
    munmap(ram, size);
    boot_close_kernel(&k);
    free(f.buf);
}

Test(boot_debian, truncated_and_mutated)
{
    const char *path = need_real_kernel();
    struct blob f = load_file(path);
    cr_assert(f.buf);
    struct boot_setup s;
    struct boot_error err;
    cr_assert_eq(boot_parse_setup(f.buf, f.len, "vmlinuz", &s, &err), 0);
    size_t payload = s.pm_offset + s.payload_offset, payload_end = payload + s.payload_length;
    /* Cuts: inside the header, inside the setup code, inside the payload
     * and one byte short of its end; each must be refused before any
     * decompression. */
    size_t cuts[] = { 0, 1, 0x1f1, 0x205, 0x240, 0x26b, 0x1000, s.pm_offset - 1, payload + 100, f.len / 2,
                      payload_end - 1 };
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        uint8_t *p = dup_prefix(f.buf, cuts[i]);
        struct boot_kernel k;
        struct boot_error err = { "" };
        int r = boot_open_kernel(p, cuts[i], "vmlinuz", &k, &err);
        if (r == 0)
            boot_close_kernel(&k);
        cr_assert_neq(r, 0, "cut at %zu accepted", cuts[i]);
        cr_log_info("cut at 0x%zx: %s", cuts[i], err.msg);
        free(p);
    }
    struct { size_t off; uint8_t val; const char *expect; } muts[] = {
        { 0x206, 0x05, "vmlinuz: setup header: version 0x0205 < 2.06" },
        { 0x207, 0x01, "version 0x010f < 2.06" },
        { 0x211, 0x00, "LOADED_HIGH clear" },
        { 0x236, 0x00, "XLF_KERNEL_64 clear" },
        { 0x24f, 0x7f, "payload_length" },
        { payload + 0, 0x1f, "unknown compression" },
        { payload + 8, 0xff, "payload: XZ" },             /* stream flags: header CRC fails */
        { payload + 0x30, 0x00, "payload: XZ" },          /* early LZMA2 data */
    };
    for (size_t i = 0; i < sizeof muts / sizeof muts[0]; i++) {
        uint8_t *p = dup_prefix(f.buf, f.len);
        p[muts[i].off] = muts[i].val;
        if (p[muts[i].off] == f.buf[muts[i].off])
            p[muts[i].off] ^= 0x40;
        struct boot_kernel k;
        struct boot_error e2 = { "" };
        int r = boot_open_kernel(p, f.len, "vmlinuz", &k, &e2);
        if (r == 0)
            boot_close_kernel(&k);
        cr_assert_neq(r, 0, "mutation at 0x%zx accepted", muts[i].off);
        cr_log_info("byte 0x%zx: %s", muts[i].off, e2.msg);
        cr_assert(strstr(e2.msg, muts[i].expect), "\"%s\" lacks \"%s\"", e2.msg, muts[i].expect);
        free(p);
    }
    free(f.buf);
}
