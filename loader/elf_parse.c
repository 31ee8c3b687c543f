/*
 * elf_parse.c - ELF32/ELF64 headers, program headers, section headers,
 * symbol tables and the dynamic segment.
 *
 * Pure: reads only the buffer it is given. Every offset is checked against
 * the buffer length (with 64-bit arithmetic that cannot wrap) before a read;
 * errors name the file, the structure and the field. The two classes differ
 * only in field widths and positions, so each structure is decoded by one
 * function that picks the layout, and everything after works on the decoded
 * form.
 */
#include "elf.h"
#include "bytes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sanity caps: real files stay far below these; hostile ones do not. */
#define MAX_PHDRS   4096
#define MAX_SHDRS   65536
#define MAX_SYMS    (1u << 22)
#define MAX_DYN     65536
#define MAX_NEEDED  1024

static void elf_fail(const struct elf_file *elf, struct elf_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void elf_fail(const struct elf_file *elf, struct elf_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    int n = snprintf(err->msg, sizeof err->msg, "%s: ", elf->name ? elf->name : "(buffer)");
    if (n < 0 || (size_t)n >= sizeof err->msg)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + n, sizeof err->msg - n, fmt, ap);
    va_end(ap);
}

/* Does [off, off+size) lie inside the file? No wrap-around possible. */
static bool in_file(const struct elf_file *elf, uint64_t off, uint64_t size)
{
    return off <= elf->len && size <= elf->len - off;
}

/* A word of the file's class: 4 bytes (ELF32) or 8 (ELF64). */
static uint64_t rdw(const struct elf_file *elf, const uint8_t *p)
{
    return elf->is64 ? rd64(p) : rd32(p);
}

bool elf_sniff(const uint8_t *buf, size_t len)
{
    return len >= 16 && !memcmp(buf, "\177ELF", 4);
}

const char *elf_machine_name(uint16_t machine)
{
    switch (machine) {
    case ELF_EM_386: return "i386";
    case ELF_EM_X86_64: return "x86-64";
    case ELF_EM_AARCH64: return "aarch64";
    case 40: return "arm";
    case 8: return "mips";
    case 20: return "ppc";
    case 21: return "ppc64";
    case 243: return "riscv";
    default: return "unknown";
    }
}

const char *elf_type_name(uint16_t type)
{
    switch (type) {
    case ELF_ET_REL: return "REL";
    case ELF_ET_EXEC: return "EXEC";
    case ELF_ET_DYN: return "DYN";
    case ELF_ET_CORE: return "CORE";
    default: return "unknown";
    }
}

const char *elf_ptype_name(uint32_t type)
{
    switch (type) {
    case ELF_PT_NULL: return "NULL";
    case ELF_PT_LOAD: return "LOAD";
    case ELF_PT_DYNAMIC: return "DYNAMIC";
    case ELF_PT_INTERP: return "INTERP";
    case ELF_PT_NOTE: return "NOTE";
    case 5: return "SHLIB";
    case ELF_PT_PHDR: return "PHDR";
    case ELF_PT_TLS: return "TLS";
    case 0x6474e550u: return "GNU_EH_FRAME";
    case ELF_PT_GNU_STACK: return "GNU_STACK";
    case 0x6474e552u: return "GNU_RELRO";
    case 0x6474e553u: return "GNU_PROPERTY";
    default: return "?";
    }
}

const char *elf_shtype_name(uint32_t type)
{
    static const char *const names[] = {
        "NULL", "PROGBITS", "SYMTAB", "STRTAB", "RELA", "HASH", "DYNAMIC", "NOTE", "NOBITS", "REL",
        "SHLIB", "DYNSYM", "?", "?", "INIT_ARRAY", "FINI_ARRAY", "PREINIT_ARRAY", "GROUP", "SYMTAB_SHNDX",
    };
    if (type < sizeof names / sizeof names[0])
        return names[type];
    switch (type) {
    case 0x6ffffff6u: return "GNU_HASH";
    case 0x6ffffffdu: return "VERDEF";
    case 0x6ffffffeu: return "VERNEED";
    case 0x6fffffffu: return "VERSYM";
    default: return "?";
    }
}

static void decode_phdr(const struct elf_file *elf, const uint8_t *p, struct elf_phdr *ph)
{
    ph->type = rd32(p);
    if (elf->is64) {
        ph->flags = rd32(p + 4);
        ph->offset = rd64(p + 8);
        ph->vaddr = rd64(p + 16);
        ph->paddr = rd64(p + 24);
        ph->filesz = rd64(p + 32);
        ph->memsz = rd64(p + 40);
        ph->align = rd64(p + 48);
    } else {
        ph->offset = rd32(p + 4);
        ph->vaddr = rd32(p + 8);
        ph->paddr = rd32(p + 12);
        ph->filesz = rd32(p + 16);
        ph->memsz = rd32(p + 20);
        ph->flags = rd32(p + 24);
        ph->align = rd32(p + 28);
    }
}

static void decode_shdr(const struct elf_file *elf, const uint8_t *p, struct elf_shdr *sh, uint32_t *name_off)
{
    *name_off = rd32(p);
    sh->type = rd32(p + 4);
    if (elf->is64) {
        sh->flags = rd64(p + 8);
        sh->addr = rd64(p + 16);
        sh->offset = rd64(p + 24);
        sh->size = rd64(p + 32);
        sh->link = rd32(p + 40);
        sh->info = rd32(p + 44);
        sh->addralign = rd64(p + 48);
        sh->entsize = rd64(p + 56);
    } else {
        sh->flags = rd32(p + 8);
        sh->addr = rd32(p + 12);
        sh->offset = rd32(p + 16);
        sh->size = rd32(p + 20);
        sh->link = rd32(p + 24);
        sh->info = rd32(p + 28);
        sh->addralign = rd32(p + 32);
        sh->entsize = rd32(p + 36);
    }
}

static int parse_phdrs(struct elf_file *elf, uint64_t phoff, uint32_t phnum, uint16_t phentsize,
                       struct elf_error *err)
{
    if (phnum == 0)
        return 0;
    uint16_t want = elf->is64 ? 56 : 32;
    if (phentsize != want) {
        elf_fail(elf, err, "ELF header: e_phentsize %u is not %u", phentsize, want);
        return -1;
    }
    if (phnum > MAX_PHDRS) {
        elf_fail(elf, err, "ELF header: e_phnum %u is more than %u", phnum, MAX_PHDRS);
        return -1;
    }
    if (!in_file(elf, phoff, (uint64_t)phnum * phentsize)) {
        elf_fail(elf, err, "ELF header: e_phoff 0x%llx + %u program headers past end of file (size 0x%zx)",
                 (unsigned long long)phoff, phnum, elf->len);
        return -1;
    }
    elf->phdrs = calloc(phnum, sizeof *elf->phdrs);
    if (!elf->phdrs) {
        elf_fail(elf, err, "program headers: out of memory");
        return -1;
    }
    elf->nphdrs = phnum;
    uint64_t addr_limit = elf->is64 ? UINT64_MAX : UINT32_MAX;
    for (uint32_t i = 0; i < phnum; i++) {
        struct elf_phdr *ph = &elf->phdrs[i];
        decode_phdr(elf, elf->buf + phoff + (uint64_t)i * phentsize, ph);
        const char *tn = elf_ptype_name(ph->type);
        if (ph->type == ELF_PT_NULL)
            continue;
        /* Segments the loader reads from the file must lie inside it. */
        bool file_backed = ph->type == ELF_PT_LOAD || ph->type == ELF_PT_INTERP || ph->type == ELF_PT_DYNAMIC ||
                           ph->type == ELF_PT_TLS;
        if (file_backed && ph->filesz && !in_file(elf, ph->offset, ph->filesz)) {
            elf_fail(elf, err, "program header %u (%s): p_offset 0x%llx + p_filesz 0x%llx past end of file "
                     "(size 0x%zx)", i, tn, (unsigned long long)ph->offset, (unsigned long long)ph->filesz, elf->len);
            return -1;
        }
        if (ph->type == ELF_PT_LOAD || ph->type == ELF_PT_TLS) {
            if (ph->filesz > ph->memsz) {
                elf_fail(elf, err, "program header %u (%s): p_filesz 0x%llx larger than p_memsz 0x%llx", i, tn,
                         (unsigned long long)ph->filesz, (unsigned long long)ph->memsz);
                return -1;
            }
            if (ph->memsz > addr_limit - ph->vaddr) {
                elf_fail(elf, err, "program header %u (%s): p_vaddr 0x%llx + p_memsz 0x%llx wraps around", i, tn,
                         (unsigned long long)ph->vaddr, (unsigned long long)ph->memsz);
                return -1;
            }
        }
        if (ph->type == ELF_PT_LOAD && ph->align > 1) {
            /* The kernel maps file pages at virtual pages: both must agree modulo the alignment. */
            if (ph->align & (ph->align - 1)) {
                elf_fail(elf, err, "program header %u (LOAD): p_align 0x%llx is not a power of two", i,
                         (unsigned long long)ph->align);
                return -1;
            }
            if ((ph->vaddr - ph->offset) & (ph->align - 1)) {
                elf_fail(elf, err, "program header %u (LOAD): p_vaddr 0x%llx and p_offset 0x%llx differ modulo "
                         "p_align 0x%llx", i, (unsigned long long)ph->vaddr, (unsigned long long)ph->offset,
                         (unsigned long long)ph->align);
                return -1;
            }
        }
        if (ph->type == ELF_PT_INTERP) {
            if (elf->interp) {
                elf_fail(elf, err, "program header %u (INTERP): a second PT_INTERP", i);
                return -1;
            }
            const char *s = (const char *)elf->buf + ph->offset;
            if (ph->filesz < 2 || !memchr(s, 0, ph->filesz) || !s[0]) {
                elf_fail(elf, err, "program header %u (INTERP): the path (p_filesz 0x%llx) is empty or not "
                         "NUL-terminated", i, (unsigned long long)ph->filesz);
                return -1;
            }
            elf->interp = s;
        }
    }
    return 0;
}

static int parse_shdrs(struct elf_file *elf, uint64_t shoff, uint32_t shnum, uint16_t shentsize, uint32_t shstrndx,
                       struct elf_error *err)
{
    if (shnum > MAX_SHDRS) {
        elf_fail(elf, err, "ELF header: e_shnum %u is more than %u", shnum, MAX_SHDRS);
        return -1;
    }
    if (!in_file(elf, shoff, (uint64_t)shnum * shentsize)) {
        elf_fail(elf, err, "ELF header: e_shoff 0x%llx + %u section headers past end of file (size 0x%zx)",
                 (unsigned long long)shoff, shnum, elf->len);
        return -1;
    }
    elf->shdrs = calloc(shnum, sizeof *elf->shdrs);
    uint32_t *name_offs = calloc(shnum, sizeof *name_offs);
    if (!elf->shdrs || !name_offs) {
        free(name_offs);
        elf_fail(elf, err, "section headers: out of memory");
        return -1;
    }
    elf->nshdrs = shnum;
    for (uint32_t i = 0; i < shnum; i++) {
        struct elf_shdr *sh = &elf->shdrs[i];
        decode_shdr(elf, elf->buf + shoff + (uint64_t)i * shentsize, sh, &name_offs[i]);
        sh->name = "";
    }
    /* Names first, so that later messages can use them. */
    if (shstrndx != ELF_SHN_UNDEF) {
        if (shstrndx >= shnum) {
            elf_fail(elf, err, "ELF header: e_shstrndx %u is not below the section count %u", shstrndx, shnum);
            goto fail;
        }
        const struct elf_shdr *st = &elf->shdrs[shstrndx];
        if (st->type != ELF_SHT_STRTAB || !in_file(elf, st->offset, st->size)) {
            elf_fail(elf, err, "section %u (section names): sh_type %u / sh_offset 0x%llx + sh_size 0x%llx is not "
                     "a string table inside the file", shstrndx, st->type, (unsigned long long)st->offset,
                     (unsigned long long)st->size);
            goto fail;
        }
        const char *strs = (const char *)elf->buf + st->offset;
        for (uint32_t i = 0; i < shnum; i++) {
            uint32_t o = name_offs[i];
            if (o >= st->size || !memchr(strs + o, 0, st->size - o)) {
                elf_fail(elf, err, "section %u: sh_name 0x%x outside the section-name table (size 0x%llx) or "
                         "unterminated", i, o, (unsigned long long)st->size);
                goto fail;
            }
            elf->shdrs[i].name = strs + o;
        }
    }
    for (uint32_t i = 1; i < shnum; i++) {
        const struct elf_shdr *sh = &elf->shdrs[i];
        if (sh->type != ELF_SHT_NOBITS && sh->type != ELF_SHT_NULL && !in_file(elf, sh->offset, sh->size)) {
            elf_fail(elf, err, "section %u (%s): sh_offset 0x%llx + sh_size 0x%llx past end of file (size 0x%zx)", i,
                     sh->name, (unsigned long long)sh->offset, (unsigned long long)sh->size, elf->len);
            goto fail;
        }
    }
    free(name_offs);
    return 0;
fail:
    free(name_offs);
    return -1;
}

int elf_parse(const uint8_t *buf, size_t len, const char *name, struct elf_file *elf, struct elf_error *err)
{
    memset(elf, 0, sizeof *elf);
    elf->name = name;
    elf->buf = buf;
    elf->len = len;
    if (len < 16 || memcmp(buf, "\177ELF", 4)) {
        elf_fail(elf, err, "ELF header: e_ident does not start with \"\\177ELF\"");
        return -1;
    }
    if (buf[4] != 1 && buf[4] != 2) {
        elf_fail(elf, err, "ELF header: EI_CLASS %u is neither ELFCLASS32 (1) nor ELFCLASS64 (2)", buf[4]);
        return -1;
    }
    elf->is64 = buf[4] == 2;
    if (buf[5] != 1) {
        elf_fail(elf, err, "ELF header: EI_DATA %u: only little-endian (1) files are supported", buf[5]);
        return -1;
    }
    if (buf[6] != 1) {
        elf_fail(elf, err, "ELF header: EI_VERSION %u is not 1", buf[6]);
        return -1;
    }
    size_t ehsize = elf->is64 ? 64 : 52;
    if (len < ehsize) {
        elf_fail(elf, err, "ELF header: file is %zu bytes, too short for an ELF%d header (%zu)", len,
                 elf->is64 ? 64 : 32, ehsize);
        return -1;
    }
    elf->osabi = buf[7];
    elf->type = rd16(buf + 16);
    elf->machine = rd16(buf + 18);
    if (rd32(buf + 20) != 1) {
        elf_fail(elf, err, "ELF header: e_version %u is not 1", rd32(buf + 20));
        return -1;
    }
    const uint8_t *p = buf + 24;
    size_t w = elf->is64 ? 8 : 4;
    elf->entry = rdw(elf, p);
    uint64_t phoff = rdw(elf, p + w), shoff = rdw(elf, p + 2 * w);
    p += 3 * w;
    elf->flags = rd32(p);
    uint16_t e_ehsize = rd16(p + 4), phentsize = rd16(p + 6), phnum = rd16(p + 8);
    uint16_t shentsize = rd16(p + 10), shnum16 = rd16(p + 12), shstrndx16 = rd16(p + 14);
    if (e_ehsize < ehsize) {
        elf_fail(elf, err, "ELF header: e_ehsize %u is smaller than the ELF%d header (%zu)", e_ehsize,
                 elf->is64 ? 64 : 32, ehsize);
        return -1;
    }

    /* Section header 0 holds the real counts when they overflow 16 bits. */
    uint32_t shnum = shnum16, shstrndx = shstrndx16, phnum32 = phnum;
    if (shoff) {
        uint16_t want = elf->is64 ? 64 : 40;
        if (shentsize != want) {
            elf_fail(elf, err, "ELF header: e_shentsize %u is not %u", shentsize, want);
            return -1;
        }
        if (!in_file(elf, shoff, want)) {
            elf_fail(elf, err, "ELF header: e_shoff 0x%llx past end of file (size 0x%zx)", (unsigned long long)shoff,
                     len);
            return -1;
        }
        struct elf_shdr sh0;
        uint32_t n0;
        decode_shdr(elf, buf + shoff, &sh0, &n0);
        if (shnum16 == 0) {
            if (sh0.size > MAX_SHDRS) {
                elf_fail(elf, err, "section 0: sh_size %llu (the section count, e_shnum being 0) is more than %u",
                         (unsigned long long)sh0.size, MAX_SHDRS);
                return -1;
            }
            shnum = (uint32_t)sh0.size;
        }
        if (shstrndx16 == ELF_SHN_XINDEX)
            shstrndx = sh0.link;
        if (phnum == 0xffff)
            phnum32 = sh0.info;
    } else {
        shnum = 0;
        shstrndx = 0;
    }
    if (parse_phdrs(elf, phoff, phnum32, phentsize, err))
        goto fail;
    if (shnum && parse_shdrs(elf, shoff, shnum, shentsize, shstrndx, err))
        goto fail;
    return 0;
fail:
    elf_free(elf);
    return -1;
}

void elf_free(struct elf_file *elf)
{
    free(elf->phdrs);
    free(elf->shdrs);
    elf->phdrs = NULL;
    elf->shdrs = NULL;
    elf->nphdrs = elf->nshdrs = 0;
}

const void *elf_vaddr_ptr(const struct elf_file *elf, uint64_t vaddr, uint64_t size)
{
    for (uint32_t i = 0; i < elf->nphdrs; i++) {
        const struct elf_phdr *ph = &elf->phdrs[i];
        if (ph->type != ELF_PT_LOAD || vaddr < ph->vaddr)
            continue;
        uint64_t rel = vaddr - ph->vaddr;
        if (rel < ph->filesz && size <= ph->filesz - rel)
            return elf->buf + ph->offset + rel;   /* parse checked offset + filesz against the file */
    }
    return NULL;
}

/* ---- symbols ----------------------------------------------------------------- */

int elf_read_symbols(const struct elf_file *elf, uint32_t sh_type, struct elf_symtab *out, struct elf_error *err)
{
    memset(out, 0, sizeof *out);
    const struct elf_shdr *sh = NULL;
    uint32_t idx = 0;
    for (uint32_t i = 1; i < elf->nshdrs && !sh; i++) {
        if (elf->shdrs[i].type == sh_type) {
            sh = &elf->shdrs[i];
            idx = i;
        }
    }
    out->section = sh_type == ELF_SHT_DYNSYM ? ".dynsym" : ".symtab";
    if (!sh)
        return 0;
    uint64_t entsize = elf->is64 ? 24 : 16;
    if (sh->entsize != entsize) {
        elf_fail(elf, err, "section %u (%s): sh_entsize %llu is not %llu", idx, sh->name,
                 (unsigned long long)sh->entsize, (unsigned long long)entsize);
        return -1;
    }
    if (sh->size % entsize || sh->size / entsize > MAX_SYMS) {
        elf_fail(elf, err, "section %u (%s): sh_size 0x%llx is not a multiple of %llu or too large", idx, sh->name,
                 (unsigned long long)sh->size, (unsigned long long)entsize);
        return -1;
    }
    if (sh->link == 0 || sh->link >= elf->nshdrs || elf->shdrs[sh->link].type != ELF_SHT_STRTAB) {
        elf_fail(elf, err, "section %u (%s): sh_link %u is not a string table section", idx, sh->name, sh->link);
        return -1;
    }
    const struct elf_shdr *st = &elf->shdrs[sh->link];   /* inside the file: checked by elf_parse */
    const char *strs = (const char *)elf->buf + st->offset;
    uint32_t n = (uint32_t)(sh->size / entsize);
    out->syms = calloc(n ? n : 1, sizeof *out->syms);
    if (!out->syms) {
        elf_fail(elf, err, "section %u (%s): out of memory", idx, sh->name);
        return -1;
    }
    out->count = n;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = elf->buf + sh->offset + (uint64_t)i * entsize;
        struct elf_sym *s = &out->syms[i];
        uint32_t name;
        uint8_t info;
        if (elf->is64) {
            name = rd32(p);
            info = p[4];
            s->other = p[5];
            s->shndx = rd16(p + 6);
            s->value = rd64(p + 8);
            s->size = rd64(p + 16);
        } else {
            name = rd32(p);
            s->value = rd32(p + 4);
            s->size = rd32(p + 8);
            info = p[12];
            s->other = p[13];
            s->shndx = rd16(p + 14);
        }
        s->type = info & 0xf;
        s->bind = info >> 4;
        if (name >= st->size || !memchr(strs + name, 0, st->size - name)) {
            elf_fail(elf, err, "section %u (%s): symbol %u: st_name 0x%x outside %s (size 0x%llx) or unterminated",
                     idx, sh->name, i, name, st->name, (unsigned long long)st->size);
            elf_free_symbols(out);
            return -1;
        }
        s->name = strs + name;
    }
    return 0;
}

void elf_free_symbols(struct elf_symtab *tab)
{
    free(tab->syms);
    tab->syms = NULL;
    tab->count = 0;
}

/* ---- the dynamic segment ------------------------------------------------------ */

int elf_read_dynamic(const struct elf_file *elf, struct elf_dynamic *out, struct elf_error *err)
{
    memset(out, 0, sizeof *out);
    const struct elf_phdr *dp = NULL;
    uint32_t di = 0;
    for (uint32_t i = 0; i < elf->nphdrs && !dp; i++) {
        if (elf->phdrs[i].type == ELF_PT_DYNAMIC) {
            dp = &elf->phdrs[i];
            di = i;
        }
    }
    if (!dp || !dp->filesz)
        return 0;
    size_t esize = elf->is64 ? 16 : 8, w = esize / 2;
    uint64_t n = dp->filesz / esize;
    if (n > MAX_DYN)
        n = MAX_DYN;
    const uint8_t *base = elf->buf + dp->offset;   /* checked by elf_parse */
    /* First pass: the string table and the count; strings are resolved after. */
    uint64_t strtab = 0, strsz = 0;
    bool have_strtab = false;
    uint32_t count = 0, nneeded = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t tag = rdw(elf, base + i * esize), val = rdw(elf, base + i * esize + w);
        if (tag == ELF_DT_NULL)
            break;
        count++;
        if (tag == ELF_DT_STRTAB) {
            strtab = val;
            have_strtab = true;
        } else if (tag == ELF_DT_STRSZ) {
            strsz = val;
        } else if (tag == ELF_DT_NEEDED) {
            nneeded++;
        } else if (tag == ELF_DT_FLAGS_1) {
            out->flags_1 = val;
        }
    }
    out->count = count;
    if (nneeded > MAX_NEEDED) {
        elf_fail(elf, err, "program header %u (DYNAMIC): %u DT_NEEDED entries, more than %u", di, nneeded,
                 MAX_NEEDED);
        return -1;
    }
    bool wants_strings = false;
    for (uint32_t i = 0; i < count && !wants_strings; i++) {
        uint64_t tag = rdw(elf, base + i * esize);
        wants_strings = tag == ELF_DT_NEEDED || tag == ELF_DT_SONAME || tag == ELF_DT_RPATH || tag == ELF_DT_RUNPATH;
    }
    if (!wants_strings)
        return 0;
    const char *strs = have_strtab ? elf_vaddr_ptr(elf, strtab, strsz) : NULL;
    if (!strs || !strsz) {
        elf_fail(elf, err, "program header %u (DYNAMIC): DT_STRTAB 0x%llx / DT_STRSZ 0x%llx is not inside a "
                 "loaded segment of the file", di, (unsigned long long)strtab, (unsigned long long)strsz);
        return -1;
    }
    out->needed = calloc(nneeded ? nneeded : 1, sizeof *out->needed);
    if (!out->needed) {
        elf_fail(elf, err, "program header %u (DYNAMIC): out of memory", di);
        return -1;
    }
    for (uint32_t i = 0; i < count; i++) {
        uint64_t tag = rdw(elf, base + i * esize), val = rdw(elf, base + i * esize + w);
        const char **slot;
        const char *tname;
        switch (tag) {
        case ELF_DT_NEEDED: slot = &out->needed[out->nneeded++]; tname = "DT_NEEDED"; break;
        case ELF_DT_SONAME: slot = &out->soname; tname = "DT_SONAME"; break;
        case ELF_DT_RPATH: slot = &out->rpath; tname = "DT_RPATH"; break;
        case ELF_DT_RUNPATH: slot = &out->runpath; tname = "DT_RUNPATH"; break;
        default: continue;
        }
        if (val >= strsz || !memchr(strs + val, 0, strsz - val)) {
            elf_fail(elf, err, "program header %u (DYNAMIC): entry %u: %s 0x%llx outside DT_STRSZ 0x%llx or "
                     "unterminated", di, i, tname, (unsigned long long)val, (unsigned long long)strsz);
            elf_free_dynamic(out);
            return -1;
        }
        *slot = strs + val;
    }
    return 0;
}

void elf_free_dynamic(struct elf_dynamic *dyn)
{
    free(dyn->needed);
    memset(dyn, 0, sizeof *dyn);
}
