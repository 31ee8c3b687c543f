/*
 * pe_parse.c - headers and sections of PE32/PE32+ files.
 *
 * Pure: reads only the buffer it is given. All multi-byte reads go through
 * rd16/rd32/rd64 on offsets already checked against the buffer length, so a
 * truncated or hostile file produces an error message, never an overread.
 * The data directories are read in pe_dirs.c.
 */
#include "pe.h"
#include "bytes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pe_fail(const struct pe_file *pe, struct pe_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    int n = snprintf(err->msg, sizeof err->msg, "%s: ", pe->name ? pe->name : "(buffer)");
    if (n < 0 || (size_t)n >= sizeof err->msg)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + n, sizeof err->msg - n, fmt, ap);
    va_end(ap);
}

bool pe_sniff(const uint8_t *buf, size_t len)
{
    if (len < 0x40 || buf[0] != 'M' || buf[1] != 'Z')
        return false;
    uint32_t lfanew = rd32(buf + 0x3c);
    return lfanew <= len - 4 && memcmp(buf + lfanew, "PE\0\0", 4) == 0;
}

const char *pe_machine_name(uint16_t machine)
{
    switch (machine) {
    case PE_MACHINE_I386: return "i386";
    case PE_MACHINE_AMD64: return "x86-64";
    case PE_MACHINE_ARM64: return "arm64";
    default: return "unknown";
    }
}

const char *pe_dir_name(enum pe_dir dir)
{
    static const char *const names[PE_DIR_COUNT] = {
        "export", "import", "resource", "exception", "security", "basereloc", "debug",
        "architecture", "globalptr", "tls", "load config", "bound import", "IAT",
        "delay import", "CLR", "reserved",
    };
    return (unsigned)dir < PE_DIR_COUNT ? names[dir] : "?";
}

/* "/N": offset N (decimal) into the COFF string table that follows the symbol
 * table. Only object files and GNU-linked images (debug sections) use it.
 * Purely cosmetic, so an unresolvable name is NULL, not an error. */
static const char *long_section_name(const uint8_t *buf, size_t len, uint32_t symtab, uint32_t nsyms,
                                     const char *digits)
{
    uint64_t off = 0;
    if (!*digits)
        return NULL;
    for (const char *d = digits; *d; d++) {
        if (*d < '0' || *d > '9')
            return NULL;
        off = off * 10 + (uint64_t)(*d - '0');
    }
    uint64_t strtab = symtab + (uint64_t)nsyms * 18;
    if (!symtab || strtab > len || len - strtab < 4)
        return NULL;
    uint32_t strsize = rd32(buf + strtab);
    if (strsize > len - strtab)
        strsize = (uint32_t)(len - strtab);
    if (off < 4 || off >= strsize)
        return NULL;
    const char *s = (const char *)buf + strtab + off;
    return memchr(s, 0, strsize - off) ? s : NULL;
}

int pe_parse(const uint8_t *buf, size_t len, const char *name, struct pe_file *pe, struct pe_error *err)
{
    memset(pe, 0, sizeof *pe);
    pe->name = name;
    pe->buf = buf;
    pe->len = len;

    if (len < 0x40) {
        pe_fail(pe, err, "DOS header: file is %zu bytes, too short for a DOS header (64)", len);
        return -1;
    }
    if (buf[0] != 'M' || buf[1] != 'Z') {
        pe_fail(pe, err, "DOS header: e_magic is not \"MZ\"");
        return -1;
    }
    uint32_t lfanew = rd32(buf + 0x3c);
    if (lfanew > len || len - lfanew < 24) {
        pe_fail(pe, err, "DOS header: e_lfanew 0x%x past end of file (size 0x%zx)", lfanew, len);
        return -1;
    }
    const uint8_t *nt = buf + lfanew;
    if (memcmp(nt, "PE\0\0", 4) != 0) {
        pe_fail(pe, err, "NT headers: Signature at 0x%x is not \"PE\\0\\0\"", lfanew);
        return -1;
    }
    const uint8_t *fh = nt + 4;
    pe->machine = rd16(fh + 0);
    pe->nsections = rd16(fh + 2);
    uint16_t opt_size = rd16(fh + 16);
    pe->characteristics = rd16(fh + 18);

    size_t opt_off = lfanew + 24;
    if (opt_size > len - opt_off) {
        pe_fail(pe, err, "file header: SizeOfOptionalHeader 0x%x past end of file", opt_size);
        return -1;
    }
    if (opt_size < 2) {
        pe_fail(pe, err, "file header: SizeOfOptionalHeader %u is too small for an optional header", opt_size);
        return -1;
    }
    const uint8_t *opt = buf + opt_off;
    uint16_t magic = rd16(opt);
    size_t fixed;
    if (magic == 0x10b) {
        pe->is64 = false;
        fixed = 96;
    } else if (magic == 0x20b) {
        pe->is64 = true;
        fixed = 112;
    } else {
        pe_fail(pe, err, "optional header: Magic 0x%x is neither PE32 (0x10b) nor PE32+ (0x20b)", magic);
        return -1;
    }
    if (opt_size < fixed) {
        pe_fail(pe, err, "optional header: SizeOfOptionalHeader %u too small for %s (needs %zu)",
                opt_size, pe->is64 ? "PE32+" : "PE32", fixed);
        return -1;
    }
    pe->entry_rva = rd32(opt + 16);
    if (pe->is64) {
        pe->image_base = rd64(opt + 24);
    } else {
        pe->image_base = rd32(opt + 28);
    }
    pe->section_align = rd32(opt + 32);
    pe->file_align = rd32(opt + 36);
    pe->size_of_image = rd32(opt + 56);
    pe->size_of_headers = rd32(opt + 60);
    pe->subsystem = rd16(opt + 68);
    pe->dll_characteristics = rd16(opt + 70);
    uint32_t ndirs_raw;
    const uint8_t *dirs;
    if (pe->is64) {
        pe->stack_reserve = rd64(opt + 72);
        pe->stack_commit = rd64(opt + 80);
        pe->heap_reserve = rd64(opt + 88);
        pe->heap_commit = rd64(opt + 96);
        ndirs_raw = rd32(opt + 108);
        dirs = opt + 112;
    } else {
        pe->stack_reserve = rd32(opt + 72);
        pe->stack_commit = rd32(opt + 76);
        pe->heap_reserve = rd32(opt + 80);
        pe->heap_commit = rd32(opt + 84);
        ndirs_raw = rd32(opt + 92);
        dirs = opt + 96;
    }
    pe->ndirs = ndirs_raw > PE_DIR_COUNT ? PE_DIR_COUNT : ndirs_raw;
    if ((size_t)pe->ndirs * 8 > opt_size - fixed) {
        pe_fail(pe, err, "optional header: NumberOfRvaAndSizes %u does not fit in SizeOfOptionalHeader %u",
                ndirs_raw, opt_size);
        return -1;
    }
    for (uint32_t i = 0; i < pe->ndirs; i++) {
        pe->dirs[i].rva = rd32(dirs + 8 * i);
        pe->dirs[i].size = rd32(dirs + 8 * i + 4);
    }

    if (pe->section_align == 0 || (pe->section_align & (pe->section_align - 1))) {
        pe_fail(pe, err, "optional header: SectionAlignment 0x%x is not a power of two", pe->section_align);
        return -1;
    }
    if (pe->size_of_image == 0 || pe->size_of_image > (1u << 31)) {
        pe_fail(pe, err, "optional header: SizeOfImage 0x%x is out of range", pe->size_of_image);
        return -1;
    }
    if (pe->size_of_headers > len) {
        pe_fail(pe, err, "optional header: SizeOfHeaders 0x%x past end of file (size 0x%zx)",
                pe->size_of_headers, len);
        return -1;
    }
    if (pe->size_of_headers > pe->size_of_image) {
        pe_fail(pe, err, "optional header: SizeOfHeaders 0x%x larger than SizeOfImage 0x%x",
                pe->size_of_headers, pe->size_of_image);
        return -1;
    }
    if (!pe->is64 && pe->image_base + pe->size_of_image > 0x100000000ull) {
        pe_fail(pe, err, "optional header: ImageBase 0x%llx + SizeOfImage passes 4 GiB",
                (unsigned long long)pe->image_base);
        return -1;
    }
    if (pe->image_base + pe->size_of_image < pe->image_base) {
        pe_fail(pe, err, "optional header: ImageBase 0x%llx + SizeOfImage 0x%x wraps around",
                (unsigned long long)pe->image_base, pe->size_of_image);
        return -1;
    }
    if (pe->image_base & 0xffff) {
        pe_fail(pe, err, "optional header: ImageBase 0x%llx is not 64 KiB aligned",
                (unsigned long long)pe->image_base);
        return -1;
    }

    size_t sec_off = opt_off + opt_size;
    if (pe->nsections > 96 || (size_t)pe->nsections * 40 > len - sec_off) {
        pe_fail(pe, err, "file header: NumberOfSections %u: section table past end of file", pe->nsections);
        return -1;
    }
    pe->sections = calloc(pe->nsections ? pe->nsections : 1, sizeof *pe->sections);
    if (!pe->sections) {
        pe_fail(pe, err, "section table: out of memory");
        return -1;
    }
    uint32_t symtab = rd32(fh + 8), nsyms = rd32(fh + 12);
    pe->coff_symtab = symtab;
    pe->coff_nsyms = nsyms;
    for (uint32_t i = 0; i < pe->nsections; i++) {
        const uint8_t *s = buf + sec_off + 40 * i;
        struct pe_section *sec = &pe->sections[i];
        memcpy(sec->name, s, 8);
        sec->name[8] = 0;
        sec->vsize = rd32(s + 8);
        sec->vaddr = rd32(s + 12);
        uint32_t raw_size = rd32(s + 16);
        sec->raw_off = rd32(s + 20);
        sec->flags = rd32(s + 36);
        if (sec->name[0] == '/')
            sec->long_name = long_section_name(buf, len, symtab, nsyms, sec->name + 1);
        if (sec->vsize == 0)
            sec->vsize = raw_size;
        if (sec->vaddr < pe->size_of_headers && sec->vsize) {
            pe_fail(pe, err, "section %u (%s): VirtualAddress 0x%x overlaps the headers (SizeOfHeaders 0x%x)",
                    i, sec->name, sec->vaddr, pe->size_of_headers);
            goto fail;
        }
        if ((uint64_t)sec->vaddr + sec->vsize > pe->size_of_image) {
            pe_fail(pe, err, "section %u (%s): VirtualAddress 0x%x + VirtualSize 0x%x past SizeOfImage 0x%x",
                    i, sec->name, sec->vaddr, sec->vsize, pe->size_of_image);
            goto fail;
        }
        if (raw_size && !(sec->flags & PE_SCN_CNT_UNINIT)) {
            if (sec->raw_off > len) {
                pe_fail(pe, err, "section %u (%s): PointerToRawData 0x%x past end of file (size 0x%zx)",
                        i, sec->name, sec->raw_off, len);
                goto fail;
            }
            /* A last section whose raw data runs past the file's end is
             * common in packed files: keep what is there. */
            if (raw_size > len - sec->raw_off)
                raw_size = (uint32_t)(len - sec->raw_off);
        } else {
            raw_size = 0;
        }
        /* Raw data beyond the virtual size is file padding and is not mapped. */
        sec->raw_size = raw_size < sec->vsize ? raw_size : sec->vsize;
        for (uint32_t j = 0; j < i; j++) {
            const struct pe_section *o = &pe->sections[j];
            if (sec->vsize && o->vsize && sec->vaddr < o->vaddr + o->vsize && o->vaddr < sec->vaddr + sec->vsize) {
                pe_fail(pe, err, "section %u (%s): VirtualAddress range 0x%x-0x%x overlaps section %u (%s)",
                        i, sec->name, sec->vaddr, sec->vaddr + sec->vsize, j, o->name);
                goto fail;
            }
        }
    }
    if (pe->entry_rva >= pe->size_of_image) {
        pe_fail(pe, err, "optional header: AddressOfEntryPoint 0x%x past SizeOfImage 0x%x",
                pe->entry_rva, pe->size_of_image);
        goto fail;
    }
    return 0;
fail:
    free(pe->sections);
    pe->sections = NULL;
    return -1;
}

void pe_free(struct pe_file *pe)
{
    free(pe->sections);
    pe->sections = NULL;
}

const void *pe_rva_ptr(const struct pe_file *pe, uint32_t rva, uint32_t size)
{
    uint64_t end = (uint64_t)rva + size;
    if (end < rva)
        return NULL;
    if (end <= pe->size_of_headers)
        return end <= pe->len ? pe->buf + rva : NULL;
    for (uint32_t i = 0; i < pe->nsections; i++) {
        const struct pe_section *s = &pe->sections[i];
        if (rva >= s->vaddr && end <= (uint64_t)s->vaddr + s->raw_size)
            return pe->buf + s->raw_off + (rva - s->vaddr);
    }
    return NULL;
}

/* Bytes of file data backing [rva, ...) contiguously; 0 if rva is not backed. */
static size_t pe_rva_avail(const struct pe_file *pe, uint32_t rva)
{
    if (rva < pe->size_of_headers)
        return rva < pe->len ? (pe->size_of_headers < pe->len ? pe->size_of_headers : pe->len) - rva : 0;
    for (uint32_t i = 0; i < pe->nsections; i++) {
        const struct pe_section *s = &pe->sections[i];
        if (rva >= s->vaddr && rva < (uint64_t)s->vaddr + s->raw_size)
            return s->raw_size - (rva - s->vaddr);
    }
    return 0;
}

const char *pe_rva_str(const struct pe_file *pe, uint32_t rva, uint32_t max)
{
    size_t avail = pe_rva_avail(pe, rva);
    if (!avail)
        return NULL;
    const char *p = pe_rva_ptr(pe, rva, 1);
    return memchr(p, 0, avail < max ? avail : max) ? p : NULL;
}

int pe_coff_symbol(const struct pe_file *pe, const char *name, uint32_t *rva)
{
    uint64_t tab = pe->coff_symtab, end = tab + (uint64_t)pe->coff_nsyms * 18;
    if (!tab || end > pe->len)
        return -1;
    /* The string table follows the symbols: a 4-byte size (itself included), then strings. */
    uint32_t strsize = end + 4 <= pe->len ? rd32(pe->buf + end) : 0;
    if (strsize > pe->len - end)
        strsize = (uint32_t)(pe->len - end);
    const char *strs = (const char *)pe->buf + end;
    size_t nlen = strlen(name);
    for (uint32_t i = 0; i < pe->coff_nsyms; i += 1 + pe->buf[tab + 18 * i + 17]) {
        const uint8_t *s = pe->buf + tab + 18 * i;
        bool match;
        if (rd32(s) == 0) {
            uint32_t off = rd32(s + 4);
            match = off >= 4 && off < strsize && strsize - off > nlen && !memcmp(strs + off, name, nlen + 1);
        } else {
            match = nlen <= 8 && !memcmp(s, name, nlen) && (nlen == 8 || s[nlen] == 0);
        }
        int16_t sec = (int16_t)rd16(s + 12);
        if (!match || sec <= 0 || (uint32_t)sec > pe->nsections)
            continue;
        uint64_t r = (uint64_t)pe->sections[sec - 1].vaddr + rd32(s + 8);
        if (r >= pe->size_of_image)
            continue;
        *rva = (uint32_t)r;
        return 0;
    }
    return -1;
}
