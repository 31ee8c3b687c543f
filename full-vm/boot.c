/*
 * boot.c - the Linux x86 boot protocol for a 64-bit direct boot (see
 * boot.h): bzImage setup header, host-side decompression of the payload
 * (liblzma), the vmlinux ELF's segments at their physical addresses, the
 * zero page, command line, initrd, e820 map, GDT and page tables.
 *
 * Why decompress on the host: a bzImage's own decompressor would run on
 * the soft CPU (tens of millions of instructions of LZMA decoding before
 * the first line of the kernel), and the 64-bit entry of the uncompressed
 * kernel (startup_64) takes the same zero page. Entered at its physical
 * load address, the kernel needs no relocation (load delta 0), so the
 * relocation table a relocatable kernel appends to vmlinux is not used.
 *
 * Protocol facts used (Documentation/x86/boot.rst, zero-page.rst): the
 * setup header lives at 0x1f1 and ends at 0x202 + the byte at 0x201; the
 * protected-mode part starts at (setup_sects + 1) * 512 (setup_sects 0
 * meaning 4); payload_offset/payload_length (2.08+) locate the compressed
 * vmlinux inside it, whose last 4 bytes are its uncompressed size; the
 * 64-bit entry wants RSI = zero page, paging on with the kernel, zero page
 * and command line identity-mapped, __BOOT_CS = 0x10 and __BOOT_DS = 0x18
 * flat, interrupts off.
 */
#include "full-vm/boot.h"
#include "full-vm/layout.h"
#include "loader/bytes.h"

#include <lzma.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A decompressed kernel larger than this is not a kernel mimic can boot
 * in the RAM it allows; the cap keeps a forged size field from asking for
 * absurd amounts of host memory. */
#define MAX_VMLINUX (1ull << 30)
/* The decoder's memory: a kernel's XZ stream has a 32 MiB dictionary
 * (scripts/xz_wrap.sh); a forged one asking for gigabytes is refused. */
#define XZ_MEMLIMIT (512ull << 20)

/* Protocol versions that added the fields read here. */
#define V_CMDLINE_SIZE 0x0206
#define V_PAYLOAD      0x0208
#define V_PREF_ADDRESS 0x020a
#define V_XLOADFLAGS   0x020c
#define HDR_MIN_END    0x23c     /* a 2.06 header: through cmdline_size */
#define HDR_MAX_END    0x290     /* boot_params: the setup header ends before the EDD area */

/* Command-line length when the kernel does not say (COMMAND_LINE_SIZE - 1). */
#define DEFAULT_CMDLINE_SIZE 2047

static void fail(struct boot_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct boot_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- setup header --------------------------------------------------------- */

bool boot_is_bzimage(const uint8_t *buf, size_t len)
{
    return len >= BP_HEADER + 4 && rd16(buf + BP_BOOT_FLAG) == 0xaa55 && !memcmp(buf + BP_HEADER, "HdrS", 4);
}

int boot_parse_setup(const uint8_t *buf, size_t len, const char *name, struct boot_setup *s,
                     struct boot_error *err)
{
    memset(s, 0, sizeof *s);
    if (len < BP_HEADER + 6) {
        fail(err, "%s: setup header: file is %zu bytes, too short for a setup header (0x%x)", name, len,
             BP_HEADER + 6);
        return -1;
    }
    if (rd16(buf + BP_BOOT_FLAG) != 0xaa55) {
        fail(err, "%s: setup header: boot_flag 0x%04x is not 0xaa55 (not a bzImage)", name, rd16(buf + BP_BOOT_FLAG));
        return -1;
    }
    if (memcmp(buf + BP_HEADER, "HdrS", 4)) {
        fail(err, "%s: setup header: header magic is not \"HdrS\" (not a Linux kernel, or older than protocol 2.00)",
             name);
        return -1;
    }
    s->version = rd16(buf + BP_VERSION);
    if (s->version < V_CMDLINE_SIZE) {
        fail(err, "%s: setup header: version 0x%04x < 2.06", name, s->version);
        return -1;
    }
    s->hdr_end = 0x202 + (size_t)buf[0x201];
    if (s->hdr_end < HDR_MIN_END || s->hdr_end > HDR_MAX_END) {
        fail(err, "%s: setup header: jump byte 0x%02x puts the header's end at 0x%zx, outside [0x%x, 0x%x]", name,
             buf[0x201], s->hdr_end, HDR_MIN_END, HDR_MAX_END);
        return -1;
    }
    if (s->hdr_end > len) {
        fail(err, "%s: setup header: ends at 0x%zx, past end of file (size 0x%zx)", name, s->hdr_end, len);
        return -1;
    }
    s->setup_sects = buf[0x1f1];
    s->pm_offset = ((size_t)(s->setup_sects ? s->setup_sects : 4) + 1) * 512;
    if (s->pm_offset >= len) {
        fail(err, "%s: setup header: setup_sects %u puts the protected-mode code at 0x%zx, past end of file (size 0x%zx)",
             name, s->setup_sects, s->pm_offset, len);
        return -1;
    }
    s->loadflags = buf[BP_LOADFLAGS];
    if (!(s->loadflags & BOOT_LOADED_HIGH)) {
        fail(err, "%s: setup header: loadflags 0x%02x: LOADED_HIGH clear (a zImage, not a bzImage)", name,
             s->loadflags);
        return -1;
    }
    s->initrd_addr_max = rd32(buf + BP_INITRD_ADDR_MAX);
    s->kernel_alignment = rd32(buf + BP_KERNEL_ALIGNMENT);
    s->cmdline_size = rd32(buf + BP_CMDLINE_SIZE);
    if (s->version < V_XLOADFLAGS || s->hdr_end < BP_XLOADFLAGS + 2) {
        fail(err, "%s: setup header: version 0x%04x has no xloadflags (2.12): cannot tell whether the kernel "
                  "has a 64-bit entry", name, s->version);
        return -1;
    }
    s->xloadflags = rd16(buf + BP_XLOADFLAGS);
    if (!(s->xloadflags & BOOT_XLF_KERNEL_64)) {
        fail(err, "%s: setup header: xloadflags 0x%04x: XLF_KERNEL_64 clear (no 64-bit entry: a 32-bit kernel)",
             name, s->xloadflags);
        return -1;
    }
    /* 2.12 > 2.08: the payload fields are there (0x248-0x24f < the header end checked above). */
    if (s->hdr_end < 0x250) {
        fail(err, "%s: setup header: ends at 0x%zx, before payload_offset/payload_length (0x248-0x24f)", name,
             s->hdr_end);
        return -1;
    }
    s->payload_offset = rd32(buf + 0x248);
    s->payload_length = rd32(buf + 0x24c);
    size_t pm_len = len - s->pm_offset;
    if (s->payload_offset > pm_len || s->payload_length > pm_len - s->payload_offset) {
        fail(err, "%s: setup header: payload_offset 0x%x + payload_length 0x%x past end of the protected-mode "
                  "code (0x%zx bytes)", name, s->payload_offset, s->payload_length, pm_len);
        return -1;
    }
    if (s->payload_length < 16) {
        fail(err, "%s: setup header: payload_length %u is too small for a compressed kernel", name,
             s->payload_length);
        return -1;
    }
    if (s->version >= V_PREF_ADDRESS && s->hdr_end >= 0x264) {
        s->pref_address = rd64(buf + 0x258);
        s->init_size = rd32(buf + 0x260);
    }
    return 0;
}

/* ---- payload -------------------------------------------------------------- */

static const char *lzma_ret_name(lzma_ret r)
{
    switch (r) {
    case LZMA_MEM_ERROR: return "out of memory";
    case LZMA_MEMLIMIT_ERROR: return "dictionary larger than the 512 MiB allowed";
    case LZMA_FORMAT_ERROR: return "not in the XZ/LZMA format";
    case LZMA_OPTIONS_ERROR: return "unsupported compression options";
    case LZMA_DATA_ERROR: return "corrupt data";
    case LZMA_BUF_ERROR: return "truncated: the input ends inside the stream";
    case LZMA_UNSUPPORTED_CHECK: return "unsupported integrity check";
    default: return "decoder error";
    }
}

uint8_t *boot_unxz(const uint8_t *in, size_t in_len, size_t out_len, const char *what, struct boot_error *err)
{
    bool xz = in_len >= 6 && !memcmp(in, "\xfd" "7zXZ\0", 6);
    lzma_stream strm = LZMA_STREAM_INIT;
    lzma_ret r = xz ? lzma_stream_decoder(&strm, XZ_MEMLIMIT, 0) : lzma_alone_decoder(&strm, XZ_MEMLIMIT);
    if (r != LZMA_OK) {
        fail(err, "%s: cannot start the %s decoder: %s", what, xz ? "XZ" : "LZMA", lzma_ret_name(r));
        return NULL;
    }
    uint8_t *out = malloc(out_len ? out_len : 1);
    if (!out) {
        fail(err, "%s: out of memory for %zu decompressed bytes", what, out_len);
        lzma_end(&strm);
        return NULL;
    }
    strm.next_in = in;
    strm.avail_in = in_len;
    strm.next_out = out;
    strm.avail_out = out_len;
    /* Without LZMA_CONCATENATED the decoder stops at the end of the first
     * stream and leaves the 4-byte size field after it unread. */
    r = lzma_code(&strm, LZMA_FINISH);
    bool more = false;
    if (r == LZMA_OK && strm.avail_out == 0) {
        /* Output full but the stream not ended: is there more data, or
         * only the stream's index and footer (or nothing: truncated)? */
        uint8_t extra;
        strm.next_out = &extra;
        strm.avail_out = 1;
        r = lzma_code(&strm, LZMA_FINISH);
        more = strm.avail_out == 0;
    }
    if (r == LZMA_STREAM_END && !more && strm.total_out == out_len) {
        lzma_end(&strm);
        return out;
    }
    if (more)
        fail(err, "%s: decompresses to more than the %zu bytes its size field says", what, out_len);
    else if (r == LZMA_STREAM_END)
        fail(err, "%s: decompressed to %llu bytes, the size field says %zu", what,
             (unsigned long long)strm.total_out, out_len);
    else
        fail(err, "%s: %s %s at compressed byte %llu of %zu", what, xz ? "XZ" : "LZMA",
             (r == LZMA_OK || r == LZMA_BUF_ERROR) && strm.avail_in == 0 ? lzma_ret_name(LZMA_BUF_ERROR)
                                                                         : lzma_ret_name(r),
             (unsigned long long)strm.total_in, in_len);
    lzma_end(&strm);
    free(out);
    return NULL;
}

/* Name the compression of a payload from its magic (the kernel's
 * CONFIG_KERNEL_* choices). */
static const char *payload_format(const uint8_t *p, size_t n)
{
    if (n >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6)) return "XZ";
    if (n >= 3 && p[0] == 0x5d && p[1] == 0 && p[2] == 0) return "LZMA";
    if (n >= 2 && p[0] == 0x1f && (p[1] == 0x8b || p[1] == 0x9e)) return "gzip";
    if (n >= 3 && !memcmp(p, "BZh", 3)) return "bzip2";
    if (n >= 4 && !memcmp(p, "\x89LZO", 4)) return "LZO";
    if (n >= 4 && !memcmp(p, "\x02\x21\x4c\x18", 4)) return "LZ4";
    if (n >= 4 && !memcmp(p, "\x28\xb5\x2f\xfd", 4)) return "zstd";
    if (n >= 4 && !memcmp(p, "\177ELF", 4)) return "none";
    return NULL;
}

/* ---- vmlinux -------------------------------------------------------------- */

static int check_vmlinux(struct boot_kernel *k, struct boot_error *err)
{
    const char *nm = k->elf_name;
    struct elf_error ee;
    if (elf_parse(k->vmlinux, k->vmlinux_len, nm, &k->elf, &ee)) {
        fail(err, "%s", ee.msg);
        return -1;
    }
    const struct elf_file *e = &k->elf;
    if (!e->is64 || e->machine != ELF_EM_X86_64) {
        fail(err, "%s: ELF header: %s %s, not an x86-64 kernel (ELF64, EM_X86_64)", nm,
             e->is64 ? "ELF64" : "ELF32", elf_machine_name(e->machine));
        return -1;
    }
    if (e->type != ELF_ET_EXEC) {
        fail(err, "%s: ELF header: e_type %s, not EXEC (a vmlinux is linked at fixed addresses)", nm,
             elf_type_name(e->type));
        return -1;
    }
    k->load_lo = UINT64_MAX;
    k->load_hi = 0;
    unsigned nload = 0;
    for (uint32_t i = 0; i < e->nphdrs; i++) {
        const struct elf_phdr *ph = &e->phdrs[i];
        if (ph->type != ELF_PT_LOAD)
            continue;
        nload++;
        if (ph->memsz < ph->filesz) {
            fail(err, "%s: program header %u (LOAD): p_memsz 0x%llx < p_filesz 0x%llx", nm, i,
                 (unsigned long long)ph->memsz, (unsigned long long)ph->filesz);
            return -1;
        }
        if (ph->paddr < LAYOUT_KERNEL_MIN) {
            fail(err, "%s: program header %u (LOAD): p_paddr 0x%llx below 0x%llx, where the boot structures live",
                 nm, i, (unsigned long long)ph->paddr, LAYOUT_KERNEL_MIN);
            return -1;
        }
        if (ph->paddr + ph->memsz < ph->paddr || ph->paddr + ph->memsz > LAYOUT_RAM_MAX) {
            fail(err, "%s: program header %u (LOAD): p_paddr 0x%llx + p_memsz 0x%llx past the largest RAM (0x%llx)",
                 nm, i, (unsigned long long)ph->paddr, (unsigned long long)ph->memsz, LAYOUT_RAM_MAX);
            return -1;
        }
        if (ph->paddr < k->load_lo)
            k->load_lo = ph->paddr;
        if (ph->paddr + ph->memsz > k->load_hi)
            k->load_hi = ph->paddr + ph->memsz;
    }
    if (!nload) {
        fail(err, "%s: program headers: no LOAD segment", nm);
        return -1;
    }
    /* vmlinux's e_entry is phys_startup_64 (physical); accept a virtual one too. */
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < e->nphdrs; i++) {
            const struct elf_phdr *ph = &e->phdrs[i];
            if (ph->type != ELF_PT_LOAD)
                continue;
            uint64_t base = pass ? ph->vaddr : ph->paddr;
            if (e->entry >= base && e->entry - base < ph->filesz) {
                k->entry_pa = ph->paddr + (e->entry - base);
                return 0;
            }
        }
    fail(err, "%s: ELF header: e_entry 0x%llx is in no LOAD segment's file data", nm,
         (unsigned long long)e->entry);
    return -1;
}

int boot_open_kernel(const uint8_t *buf, size_t len, const char *name, struct boot_kernel *k,
                     struct boot_error *err)
{
    memset(k, 0, sizeof *k);
    snprintf(k->name, sizeof k->name, "%s", name);
    k->file = buf;
    k->file_len = len;
    if (!boot_is_bzimage(buf, len)) {
        if (!elf_sniff(buf, len)) {
            fail(err, "%s: neither a bzImage (no 0xaa55 boot flag and \"HdrS\" at 0x1fe) nor an ELF vmlinux", name);
            return -1;
        }
        snprintf(k->elf_name, sizeof k->elf_name, "%s", name);
        k->vmlinux = (uint8_t *)buf;
        k->vmlinux_len = len;
        if (check_vmlinux(k, err)) {
            boot_close_kernel(k);
            return -1;
        }
        return 0;
    }

    k->is_bzimage = true;
    if (boot_parse_setup(buf, len, name, &k->setup, err))
        return -1;
    const uint8_t *pl = buf + k->setup.pm_offset + k->setup.payload_offset;
    size_t pl_len = k->setup.payload_length;
    k->payload_len = pl_len;
    const char *fmt = payload_format(pl, pl_len);
    snprintf(k->elf_name, sizeof k->elf_name, "%s (decompressed vmlinux)", name);
    char what[300];
    snprintf(what, sizeof what, "%s: payload", name);
    if (fmt && !strcmp(fmt, "none")) {
        /* An uncompressed payload: the ELF is right there. */
        k->compression = "none";
        k->vmlinux = (uint8_t *)pl;
        k->vmlinux_len = pl_len;
    } else if (fmt && (!strcmp(fmt, "XZ") || !strcmp(fmt, "LZMA"))) {
        k->compression = fmt;
        uint32_t out_len = rd32(pl + pl_len - 4);
        if (out_len < 64 || out_len > MAX_VMLINUX) {
            fail(err, "%s: payload: uncompressed size field %u (its last 4 bytes) outside [64, %llu]", name, out_len,
                 MAX_VMLINUX);
            return -1;
        }
        uint64_t t0 = mono_ns();
        k->vmlinux = boot_unxz(pl, pl_len - 4, out_len, what, err);
        if (!k->vmlinux)
            return -1;
        k->decompress_ns = mono_ns() - t0;
        k->vmlinux_len = out_len;
        k->vmlinux_owned = true;
    } else if (fmt) {
        fail(err, "%s: payload: compressed with %s; mimic decompresses XZ and LZMA kernels (Debian's are XZ): "
                  "pass the vmlinux ELF instead", name, fmt);
        return -1;
    } else {
        fail(err, "%s: payload: unknown compression (first bytes %02x %02x %02x %02x at file offset 0x%zx)", name,
             pl[0], pl[1], pl[2], pl[3], k->setup.pm_offset + k->setup.payload_offset);
        return -1;
    }
    if (check_vmlinux(k, err)) {
        boot_close_kernel(k);
        return -1;
    }
    return 0;
}

void boot_close_kernel(struct boot_kernel *k)
{
    elf_free(&k->elf);
    if (k->vmlinux_owned)
        free(k->vmlinux);
    k->vmlinux = NULL;
    k->vmlinux_owned = false;
}

/* ---- guest RAM ------------------------------------------------------------ */

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static unsigned e820_add(uint8_t *bp, unsigned n, uint64_t addr, uint64_t size, uint32_t type)
{
    if (n >= BP_E820_MAX || !size)
        return n;
    uint8_t *e = bp + BP_E820_TABLE + 20 * n;
    put64(e, addr);
    put64(e + 8, size);
    put32(e + 16, type);
    return n + 1;
}

/* Flat descriptors: base 0, limit 4 GiB, present, DPL 0. */
#define GDT_CODE64 0x00af9b000000ffffull   /* L=1, D=0, G=1, type 0xb: execute/read, accessed */
#define GDT_DATA   0x00cf93000000ffffull   /* D/B=1, G=1, type 0x3: read/write, accessed */
#define BOOT_CS    0x10
#define BOOT_DS    0x18

#define PTE_P  0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull

static void build_page_tables(uint8_t *ram)
{
    memset(ram + LAYOUT_PML4, 0, LAYOUT_PAGE_TABLES_END - LAYOUT_PML4);
    put64(ram + LAYOUT_PML4, LAYOUT_PDPT_LOW | PTE_P | PTE_RW);
    put64(ram + LAYOUT_PML4 + 8 * 511, LAYOUT_PDPT_HIGH | PTE_P | PTE_RW);
    for (unsigned i = 0; i < 4; i++)
        put64(ram + LAYOUT_PDPT_LOW + 8 * i, (LAYOUT_PD + 0x1000 * i) | PTE_P | PTE_RW);
    /* 0xffffffff80000000 = PML4 511, PDPT 510: the first 2 GiB again. */
    put64(ram + LAYOUT_PDPT_HIGH + 8 * 510, LAYOUT_PD | PTE_P | PTE_RW);
    put64(ram + LAYOUT_PDPT_HIGH + 8 * 511, (LAYOUT_PD + 0x1000) | PTE_P | PTE_RW);
    for (uint64_t j = 0; j < 4 * 512; j++)
        put64(ram + LAYOUT_PD + 8 * j, (j << 21) | PTE_P | PTE_RW | PTE_PS);
}

int boot_load(const struct boot_kernel *k, uint8_t *ram, uint64_t ram_size, const uint8_t *initrd,
              size_t initrd_len, const char *initrd_name, const char *cmdline, struct vm_entry *entry,
              struct boot_info *info, struct boot_error *err)
{
    memset(info, 0, sizeof *info);
    if (ram_size < LAYOUT_HIGH_RAM || ram_size > LAYOUT_RAM_MAX) {
        fail(err, "RAM size 0x%llx outside [0x%llx, 0x%llx]", (unsigned long long)ram_size, LAYOUT_HIGH_RAM,
             LAYOUT_RAM_MAX);
        return -1;
    }
    const struct elf_file *e = &k->elf;

    /* The kernel's segments, all checked before anything is written. */
    for (uint32_t i = 0; i < e->nphdrs; i++) {
        const struct elf_phdr *ph = &e->phdrs[i];
        if (ph->type == ELF_PT_LOAD && ph->paddr + ph->memsz > ram_size) {
            fail(err, "%s: program header %u (LOAD): p_paddr 0x%llx + p_memsz 0x%llx past the end of RAM "
                      "(0x%llx): use a larger --mem", k->elf_name, i, (unsigned long long)ph->paddr,
                 (unsigned long long)ph->memsz, (unsigned long long)ram_size);
            return -1;
        }
    }

    /* Command line. */
    const char *cl = cmdline ? cmdline : "";
    size_t cl_len = strlen(cl);
    uint32_t cl_max = k->is_bzimage ? k->setup.cmdline_size : DEFAULT_CMDLINE_SIZE;
    if (cl_max > LAYOUT_CMDLINE_MAX - 1)
        cl_max = LAYOUT_CMDLINE_MAX - 1;
    if (cl_len > cl_max) {
        fail(err, "--append: the command line is %zu bytes, %s takes at most %u (setup header cmdline_size)", cl_len,
             k->name, cl_max);
        return -1;
    }

    /* Initrd: as high as the kernel allows, page-aligned, above the kernel
     * (and above the room a bzImage says its kernel needs, init_size). */
    uint64_t initrd_addr = 0;
    if (initrd) {
        uint64_t top = ram_size;
        uint64_t max = k->is_bzimage ? (uint64_t)k->setup.initrd_addr_max + 1 : 0x80000000ull;
        if (top > max)
            top = max;
        uint64_t floor = k->load_hi;
        if (k->is_bzimage && k->setup.pref_address && k->setup.init_size &&
            k->setup.pref_address + k->setup.init_size > floor)
            floor = k->setup.pref_address + k->setup.init_size;
        floor = (floor + LAYOUT_INITRD_ALIGN - 1) & ~(LAYOUT_INITRD_ALIGN - 1);
        if (initrd_len > top || ((top - initrd_len) & ~(LAYOUT_INITRD_ALIGN - 1)) < floor) {
            fail(err, "%s: %zu bytes do not fit between the kernel's end (0x%llx) and 0x%llx (end of RAM or "
                      "initrd_addr_max): use a larger --mem", initrd_name ? initrd_name : "initrd", initrd_len,
                 (unsigned long long)floor, (unsigned long long)top);
            return -1;
        }
        initrd_addr = (top - initrd_len) & ~(LAYOUT_INITRD_ALIGN - 1);
    }

    /* Everything checked: write. */
    for (uint32_t i = 0; i < e->nphdrs; i++) {
        const struct elf_phdr *ph = &e->phdrs[i];
        if (ph->type != ELF_PT_LOAD)
            continue;
        memcpy(ram + ph->paddr, k->vmlinux + ph->offset, ph->filesz);
        memset(ram + ph->paddr + ph->filesz, 0, ph->memsz - ph->filesz);
    }
    if (initrd)
        memcpy(ram + initrd_addr, initrd, initrd_len);
    memset(ram + LAYOUT_CMDLINE, 0, LAYOUT_CMDLINE_MAX);
    memcpy(ram + LAYOUT_CMDLINE, cl, cl_len);

    /* The zero page: the setup header as the file has it, then what the
     * loader fills in. */
    uint8_t *bp = ram + LAYOUT_ZERO_PAGE;
    memset(bp, 0, BP_SIZE);
    if (k->is_bzimage) {
        memcpy(bp + BP_SETUP_HEADER, k->file + BP_SETUP_HEADER, k->setup.hdr_end - BP_SETUP_HEADER);
    } else {
        /* A bare vmlinux has no header: write the fields a kernel reads. */
        put16(bp + BP_BOOT_FLAG, 0xaa55);
        memcpy(bp + BP_HEADER, "HdrS", 4);
        put16(bp + BP_VERSION, V_XLOADFLAGS);
        bp[BP_LOADFLAGS] = BOOT_LOADED_HIGH;
        put32(bp + BP_INITRD_ADDR_MAX, 0x7fffffff);
        put32(bp + BP_KERNEL_ALIGNMENT, 0x200000);
        put16(bp + BP_XLOADFLAGS, BOOT_XLF_KERNEL_64);
        put32(bp + BP_CMDLINE_SIZE, DEFAULT_CMDLINE_SIZE);
    }
    bp[BP_TYPE_OF_LOADER] = 0xff;                 /* "undefined" loader: no ID assigned to us */
    put32(bp + BP_CMD_LINE_PTR, (uint32_t)LAYOUT_CMDLINE);
    put32(bp + BP_EXT_CMD_LINE_PTR, 0);
    put32(bp + BP_RAMDISK_IMAGE, (uint32_t)initrd_addr);
    put32(bp + BP_RAMDISK_SIZE, (uint32_t)initrd_len);
    put32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(initrd_addr >> 32));
    put32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)((uint64_t)initrd_len >> 32));

    unsigned n = 0;
    n = e820_add(bp, n, 0, LAYOUT_LOW_RAM_END, E820_RAM);
    n = e820_add(bp, n, LAYOUT_EBDA, LAYOUT_VGA_HOLE - LAYOUT_EBDA, E820_RESERVED);
    n = e820_add(bp, n, LAYOUT_BIOS_ROM, LAYOUT_HIGH_RAM - LAYOUT_BIOS_ROM, E820_RESERVED);
    n = e820_add(bp, n, LAYOUT_HIGH_RAM, ram_size - LAYOUT_HIGH_RAM, E820_RAM);
    bp[BP_E820_ENTRIES] = (uint8_t)n;

    /* GDT: null, null, __BOOT_CS, __BOOT_DS. */
    memset(ram + LAYOUT_GDT, 0, 32);
    put64(ram + LAYOUT_GDT + BOOT_CS, GDT_CODE64);
    put64(ram + LAYOUT_GDT + BOOT_DS, GDT_DATA);
    build_page_tables(ram);

    memset(entry, 0, sizeof *entry);
    entry->mode = 64;
    entry->rip = k->entry_pa;
    entry->rsi = LAYOUT_ZERO_PAGE;
    entry->rsp = LAYOUT_BOOT_STACK_TOP;
    entry->cr3 = LAYOUT_PML4;
    entry->gdt_base = LAYOUT_GDT;
    entry->gdt_limit = 4 * 8 - 1;
    entry->cs = BOOT_CS;
    entry->ds = BOOT_DS;

    info->kernel_lo = k->load_lo;
    info->kernel_hi = k->load_hi;
    info->initrd_addr = initrd_addr;
    info->initrd_size = initrd_len;
    info->cmdline_addr = LAYOUT_CMDLINE;
    info->e820_entries = n;
    return 0;
}
