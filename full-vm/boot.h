/*
 * boot.h - direct boot of a Linux x86-64 kernel (the way qemu -kernel,
 * Firecracker and kvmtool do it, no firmware): read a bzImage's setup
 * header, decompress its payload on the host into the vmlinux ELF (or take
 * a vmlinux directly), load the ELF's segments into guest RAM, and build
 * what the 64-bit boot protocol (Documentation/x86/boot.rst) asks for:
 * the zero page, the command line, the initrd, a GDT and identity-mapped
 * page tables. The result is the register state of the first instruction
 * (struct vm_entry), which the machine hands to its accelerator.
 *
 * Parsing is pure over a byte buffer: every field read from the file is
 * checked before use, and an error names the file, the structure and the
 * field ("vmlinuz: setup header: version 0x0205 < 2.06"). Addresses come
 * from layout.h.
 */
#ifndef MIMIC_FULLVM_BOOT_H
#define MIMIC_FULLVM_BOOT_H

#include "full-vm/accel.h"
#include "loader/elf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_error { char msg[400]; };

/* A bzImage's setup header, as far as a 64-bit loader needs it. */
struct boot_setup {
    uint8_t setup_sects;         /* as read (0 means 4) */
    uint16_t version;            /* 0x020f = 2.15 */
    uint8_t loadflags;
    uint16_t xloadflags;
    uint32_t initrd_addr_max;    /* last byte an initrd may occupy */
    uint32_t kernel_alignment;
    uint32_t cmdline_size;       /* longest command line, without its NUL */
    uint32_t payload_offset, payload_length;   /* in the protected-mode part */
    uint64_t pref_address;
    uint32_t init_size;
    size_t pm_offset;            /* file offset of the protected-mode part */
    size_t hdr_end;              /* file offset just past the setup header (0x202 + byte 0x201) */
};

#define BOOT_LOADED_HIGH     0x01   /* loadflags: protected-mode code at 0x100000 */
#define BOOT_XLF_KERNEL_64   0x01   /* xloadflags: has the 64-bit entry at +0x200 */
#define BOOT_XLF_CAN_BE_LOADED_ABOVE_4G 0x02

/* A kernel ready to load: the vmlinux ELF, and the bzImage header it came
 * from (if any). */
struct boot_kernel {
    char name[256];              /* file name, for messages */
    char elf_name[300];          /* "FILE (decompressed vmlinux)" or FILE */
    bool is_bzimage;
    struct boot_setup setup;     /* valid when is_bzimage */
    const uint8_t *file;         /* the whole bzImage (borrowed; for the header copy) */
    size_t file_len;
    const char *compression;     /* "XZ", "LZMA" (bzImage) or NULL */
    size_t payload_len;          /* compressed bytes */
    uint64_t decompress_ns;      /* host time spent decompressing */
    uint8_t *vmlinux;            /* the ELF: malloc'd when decompressed, else borrowed */
    size_t vmlinux_len;
    bool vmlinux_owned;
    struct elf_file elf;
    uint64_t entry_pa;           /* physical address of the 64-bit entry (startup_64) */
    uint64_t load_lo, load_hi;   /* physical extent of the PT_LOAD segments */
};

/* What boot_load placed where (for --stats and tests). */
struct boot_info {
    uint64_t kernel_lo, kernel_hi;
    uint64_t initrd_addr, initrd_size;
    uint64_t cmdline_addr;
    unsigned e820_entries;
};

/* Parse and check the setup header of a bzImage (pure). */
int boot_parse_setup(const uint8_t *buf, size_t len, const char *name, struct boot_setup *s,
                     struct boot_error *err);
/* Is this a bzImage (0xaa55 boot flag and "HdrS")? Cheap sniff. */
bool boot_is_bzimage(const uint8_t *buf, size_t len);

/* buf is a bzImage (decompressed here, the time measured) or a vmlinux
 * ELF64. The buffer must outlive k. */
int boot_open_kernel(const uint8_t *buf, size_t len, const char *name, struct boot_kernel *k,
                     struct boot_error *err);
void boot_close_kernel(struct boot_kernel *k);

/* Decompress an XZ (or legacy LZMA) stream whose uncompressed size is
 * out_len exactly (the bzImage payload's trailing size field). Returns a
 * malloc'd buffer or NULL with err set ("what" names the data). */
uint8_t *boot_unxz(const uint8_t *in, size_t in_len, size_t out_len, const char *what, struct boot_error *err);

/* Load k into ram and build the boot protocol's structures there; fill
 * entry with the first instruction's state. initrd may be NULL. */
int boot_load(const struct boot_kernel *k, uint8_t *ram, uint64_t ram_size, const uint8_t *initrd,
              size_t initrd_len, const char *initrd_name, const char *cmdline, struct vm_entry *entry,
              struct boot_info *info, struct boot_error *err);

/* ---- the zero page (struct boot_params), offsets from the protocol ------ */
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE  0x0c4
#define BP_EXT_CMD_LINE_PTR  0x0c8
#define BP_E820_ENTRIES      0x1e8
#define BP_SETUP_HEADER      0x1f1
#define BP_BOOT_FLAG         0x1fe
#define BP_HEADER            0x202
#define BP_VERSION           0x206
#define BP_TYPE_OF_LOADER    0x210
#define BP_LOADFLAGS         0x211
#define BP_RAMDISK_IMAGE     0x218
#define BP_RAMDISK_SIZE      0x21c
#define BP_CMD_LINE_PTR      0x228
#define BP_INITRD_ADDR_MAX   0x22c
#define BP_KERNEL_ALIGNMENT  0x230
#define BP_XLOADFLAGS        0x236
#define BP_CMDLINE_SIZE      0x238
#define BP_E820_TABLE        0x2d0
#define BP_E820_MAX          128    /* entries of 20 bytes: addr u64, size u64, type u32 */
#define BP_SIZE              0x1000

#define E820_RAM      1
#define E820_RESERVED 2

#endif
