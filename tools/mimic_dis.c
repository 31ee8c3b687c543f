/*
 * mimic_dis.c - `mimic dis FILE [--at ADDR|--symbol NAME] [-n N]`: Capstone
 * disassembly of a PE or ELF file's code, for looking at what a program does
 * where mimic stops (an unimplemented import, a fault address).
 *
 * The architecture follows the file: x86-64 or i386 (PE and ELF), aarch64
 * (ELF, and ARM64 PE). It starts at the entry point, at the virtual address
 * given with --at, or at an export (PE) / symbol (ELF) named with --symbol,
 * and prints N instructions (default 20), never reading past the end of the
 * section's (segment's) file data. An address outside executable code is an
 * error that says where it is instead. For PE files, indirect calls and jumps
 * through the import address table are annotated with the DLL!function they
 * bind to. Capstone is only the printer here, not an engine.
 */
#include "tools/mimic.h"
#include "loader/elf.h"
#include "loader/pe.h"

#include <capstone/capstone.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define DEFAULT_COUNT 20
#define MAX_COUNT 1000000

/* What to disassemble, found from the file. */
struct code {
    cs_arch arch;
    cs_mode mode;
    uint64_t va;             /* first address */
    const uint8_t *bytes;    /* file bytes at va */
    size_t avail;            /* bytes of code from va to the end of its section's file data */
    const char *where;       /* "entry point", a symbol name, or "address" */
};

/* IAT slots of a PE file, for annotating `call [rip+X]` / `call [X]`. */
struct iat_name { uint64_t va; const char *dll, *name; uint16_t ordinal; };
struct iat_map { uint32_t n; struct iat_name *e; };

/* Capstone is loaded when `mimic dis` runs, not linked into mimic: its 77k
 * relocations would otherwise cost every `mimic run` several milliseconds of
 * start-up. */
static struct {
    cs_err (*open)(cs_arch, cs_mode, csh *);
    cs_err (*option)(csh, cs_opt_type, size_t);
    cs_insn *(*malloc)(csh);
    bool (*disasm_iter)(csh, const uint8_t **, size_t *, uint64_t *, cs_insn *);
    void (*free)(cs_insn *, size_t);
    cs_err (*close)(csh *);
} capstone;

static bool capstone_load(void)
{
    if (capstone.open)
        return true;
    static const char *const names[] = { "libcapstone.so.4", "libcapstone.so.5", "libcapstone.so" };
    void *h = NULL;
    for (size_t i = 0; !h && i < sizeof names / sizeof names[0]; i++)
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "mimic dis: cannot load Capstone (libcapstone.so.4): %s\n", dlerror());
        return false;
    }
    capstone.open = (cs_err (*)(cs_arch, cs_mode, csh *))dlsym(h, "cs_open");
    capstone.option = (cs_err (*)(csh, cs_opt_type, size_t))dlsym(h, "cs_option");
    capstone.malloc = (cs_insn *(*)(csh))dlsym(h, "cs_malloc");
    capstone.disasm_iter = (bool (*)(csh, const uint8_t **, size_t *, uint64_t *, cs_insn *))dlsym(h, "cs_disasm_iter");
    capstone.free = (void (*)(cs_insn *, size_t))dlsym(h, "cs_free");
    capstone.close = (cs_err (*)(csh *))dlsym(h, "cs_close");
    if (!capstone.open || !capstone.option || !capstone.malloc || !capstone.disasm_iter || !capstone.free ||
        !capstone.close) {
        fprintf(stderr, "mimic dis: Capstone library lacks the functions mimic uses\n");
        capstone.open = NULL;
        return false;
    }
    return true;
}

static const char *usage_text = "usage: mimic dis FILE [--at ADDR|--symbol NAME] [-n N]";

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end || s[0] == '-')
        return -1;
    *out = v;
    return 0;
}

/* ---- PE ------------------------------------------------------------------- */

static int pe_arch(const struct pe_file *pe, struct code *c, const char *path)
{
    switch (pe->machine) {
    case PE_MACHINE_AMD64: c->arch = CS_ARCH_X86; c->mode = CS_MODE_64; return 0;
    case PE_MACHINE_I386: c->arch = CS_ARCH_X86; c->mode = CS_MODE_32; return 0;
    case PE_MACHINE_ARM64: c->arch = CS_ARCH_ARM64; c->mode = CS_MODE_ARM; return 0;
    default:
        fprintf(stderr, "mimic dis: %s: machine 0x%04x (%s) cannot be disassembled\n", path, pe->machine,
                pe_machine_name(pe->machine));
        return -1;
    }
}

static int pe_locate(const struct pe_file *pe, const char *path, const uint64_t *at, const char *sym, struct code *c)
{
    uint64_t va;
    if (sym) {
        struct pe_exports exp;
        struct pe_error err;
        if (pe_read_exports(pe, &exp, &err)) {
            fprintf(stderr, "mimic dis: %s\n", err.msg);
            return -1;
        }
        const struct pe_export *e = NULL;
        for (uint32_t i = 0; i < exp.count && !e; i++) {
            const struct pe_export *x = &exp.exports[i];
            bool ord = sym[0] == '#' && x->ordinal == strtoul(sym + 1, NULL, 10) && (x->rva || x->forward);
            if (ord || (x->name && !strcmp(x->name, sym)))
                e = x;
        }
        uint32_t coff_rva;
        if (!e && !pe_coff_symbol(pe, sym, &coff_rva)) {
            /* Not exported, but the unstripped file's COFF symbol table knows it. */
            pe_free_exports(&exp);
            va = pe->image_base + coff_rva;
            c->where = sym;
            goto found;
        }
        if (!e) {
            fprintf(stderr, "mimic dis: %s: no export or COFF symbol named %s\n", path, sym);
            pe_free_exports(&exp);
            return -1;
        }
        if (e->forward) {
            fprintf(stderr, "mimic dis: %s: export %s is forwarded to %s: no code here\n", path, sym, e->forward);
            pe_free_exports(&exp);
            return -1;
        }
        va = pe->image_base + e->rva;
        pe_free_exports(&exp);
        c->where = sym;
    } else if (at) {
        va = *at;
        c->where = NULL;
    } else {
        if (!pe->entry_rva) {
            fprintf(stderr, "mimic dis: %s: no entry point (AddressOfEntryPoint is 0); use --at or --symbol\n", path);
            return -1;
        }
        va = pe->image_base + pe->entry_rva;
        c->where = "entry point";
    }
found:
    c->va = va;
    uint64_t end = pe->image_base + pe->size_of_image;
    if (va < pe->image_base || va >= end) {
        fprintf(stderr, "mimic dis: %s: address 0x%llx is outside the image (0x%llx-0x%llx)\n", path,
                (unsigned long long)va, (unsigned long long)pe->image_base, (unsigned long long)end);
        return -1;
    }
    uint32_t rva = (uint32_t)(va - pe->image_base);
    for (uint32_t i = 0; i < pe->nsections; i++) {
        const struct pe_section *s = &pe->sections[i];
        if (rva < s->vaddr || rva >= (uint64_t)s->vaddr + s->vsize)
            continue;
        const char *sname = s->long_name ? s->long_name : s->name;
        if (!(s->flags & (PE_SCN_MEM_EXECUTE | PE_SCN_CNT_CODE))) {
            fprintf(stderr, "mimic dis: %s: address 0x%llx is in section %s, which is not code (flags 0x%08x)\n",
                    path, (unsigned long long)va, sname, s->flags);
            return -1;
        }
        if (rva >= (uint64_t)s->vaddr + s->raw_size) {
            fprintf(stderr, "mimic dis: %s: address 0x%llx is in the zero-filled tail of section %s (no file data)\n",
                    path, (unsigned long long)va, sname);
            return -1;
        }
        c->bytes = pe_rva_ptr(pe, rva, 1);
        c->avail = s->raw_size - (rva - s->vaddr);
        return c->bytes ? 0 : -1;
    }
    fprintf(stderr, "mimic dis: %s: address 0x%llx is not inside any section (headers or a gap)\n", path,
            (unsigned long long)va);
    return -1;
}

static void iat_load(const struct pe_file *pe, struct pe_imports *imp, struct iat_map *map)
{
    struct pe_error err;
    map->n = 0;
    map->e = NULL;
    if (pe_read_imports(pe, imp, &err)) {
        memset(imp, 0, sizeof *imp);
        return;   /* annotations are a nicety: a bad import table only loses them */
    }
    uint32_t total = 0;
    for (uint32_t i = 0; i < imp->ndlls; i++)
        total += imp->dlls[i].nimports;
    map->e = calloc(total ? total : 1, sizeof *map->e);
    if (!map->e)
        return;
    for (uint32_t i = 0; i < imp->ndlls; i++) {
        for (uint32_t j = 0; j < imp->dlls[i].nimports; j++) {
            const struct pe_import *x = &imp->dlls[i].imports[j];
            map->e[map->n++] = (struct iat_name){ pe->image_base + x->iat_rva, imp->dlls[i].dll, x->name, x->ordinal };
        }
    }
}

static const struct iat_name *iat_find(const struct iat_map *map, uint64_t va)
{
    for (uint32_t i = 0; i < map->n; i++)
        if (map->e[i].va == va)
            return &map->e[i];
    return NULL;
}

/* ---- ELF -------------------------------------------------------------------- */

static int elf_arch(const struct elf_file *elf, struct code *c, const char *path)
{
    switch (elf->machine) {
    case ELF_EM_X86_64: c->arch = CS_ARCH_X86; c->mode = CS_MODE_64; return 0;
    case ELF_EM_386: c->arch = CS_ARCH_X86; c->mode = CS_MODE_32; return 0;
    case ELF_EM_AARCH64: c->arch = CS_ARCH_ARM64; c->mode = CS_MODE_ARM; return 0;
    default:
        fprintf(stderr, "mimic dis: %s: machine %u (%s) cannot be disassembled\n", path, elf->machine,
                elf_machine_name(elf->machine));
        return -1;
    }
}

static int elf_find_symbol(const struct elf_file *elf, const char *path, const char *sym, uint64_t *va,
                           uint16_t *shndx)
{
    uint32_t types[2] = { ELF_SHT_SYMTAB, ELF_SHT_DYNSYM };
    for (int t = 0; t < 2; t++) {
        struct elf_symtab tab;
        struct elf_error err;
        if (elf_read_symbols(elf, types[t], &tab, &err)) {
            fprintf(stderr, "mimic dis: %s\n", err.msg);
            return -1;
        }
        for (uint32_t i = 1; i < tab.count; i++) {
            const struct elf_sym *s = &tab.syms[i];
            /* In an object file (REL) a value is an offset into its section, 0 included. */
            bool placed = s->value || elf->type == ELF_ET_REL;
            if (s->shndx != ELF_SHN_UNDEF && s->shndx < elf->nshdrs && placed && !strcmp(s->name, sym)) {
                *va = s->value;
                *shndx = s->shndx;
                elf_free_symbols(&tab);
                return 0;
            }
        }
        elf_free_symbols(&tab);
    }
    fprintf(stderr, "mimic dis: %s: no defined symbol named %s (stripped file?)\n", path, sym);
    return -1;
}

/* An object file has no segments: code is found by section, addresses are
 * offsets into it (a symbol's own section, else .text). */
static int rel_locate(const struct elf_file *elf, const char *path, const uint64_t *at, const char *sym, struct code *c)
{
    uint64_t off = at ? *at : 0;
    uint16_t shndx = 0;
    if (sym) {
        if (elf_find_symbol(elf, path, sym, &off, &shndx))
            return -1;
        c->where = sym;
    } else {
        for (uint32_t i = 1; i < elf->nshdrs && !shndx; i++)
            if (!strcmp(elf->shdrs[i].name, ".text"))
                shndx = (uint16_t)i;
        if (!shndx) {
            fprintf(stderr, "mimic dis: %s: object file without a .text section; use --symbol\n", path);
            return -1;
        }
        c->where = at ? NULL : ".text";
    }
    const struct elf_shdr *sh = &elf->shdrs[shndx];   /* shndx < nshdrs: elf_find_symbol checks */
    if (!(sh->flags & ELF_SHF_EXECINSTR) || sh->type == ELF_SHT_NOBITS) {
        fprintf(stderr, "mimic dis: %s: offset 0x%llx is in section %s, which is not code\n", path,
                (unsigned long long)off, sh->name);
        return -1;
    }
    if (off >= sh->size) {
        fprintf(stderr, "mimic dis: %s: offset 0x%llx is past the end of section %s (0x%llx bytes)\n", path,
                (unsigned long long)off, sh->name, (unsigned long long)sh->size);
        return -1;
    }
    c->va = off;
    c->bytes = elf->buf + sh->offset + off;
    c->avail = (size_t)(sh->size - off);
    return 0;
}

static int elf_locate(const struct elf_file *elf, const char *path, const uint64_t *at, const char *sym, struct code *c)
{
    uint64_t va;
    uint16_t shndx;
    if (elf->type == ELF_ET_REL)
        return rel_locate(elf, path, at, sym, c);
    if (sym) {
        if (elf_find_symbol(elf, path, sym, &va, &shndx))
            return -1;
        c->where = sym;
    } else if (at) {
        va = *at;
        c->where = NULL;
    } else {
        if (!elf->entry) {
            fprintf(stderr, "mimic dis: %s: no entry point (e_entry is 0); use --at or --symbol\n", path);
            return -1;
        }
        va = elf->entry;
        c->where = "entry point";
    }
    c->va = va;
    /* aarch64 symbols of Thumb-like tagging do not exist; x86 needs no masking either. */
    for (uint32_t i = 0; i < elf->nphdrs; i++) {
        const struct elf_phdr *ph = &elf->phdrs[i];
        if (ph->type != ELF_PT_LOAD || va < ph->vaddr || va - ph->vaddr >= ph->memsz)
            continue;
        if (!(ph->flags & ELF_PF_X)) {
            fprintf(stderr, "mimic dis: %s: address 0x%llx is in program header %u (LOAD), which is not executable\n", path,
                    (unsigned long long)va, i);
            return -1;
        }
        uint64_t rel = va - ph->vaddr;
        if (rel >= ph->filesz) {
            fprintf(stderr, "mimic dis: %s: address 0x%llx is in the zero-filled tail of program header %u (LOAD)\n", path,
                    (unsigned long long)va, i);
            return -1;
        }
        c->bytes = elf->buf + ph->offset + rel;
        c->avail = (size_t)(ph->filesz - rel);
        return 0;
    }
    fprintf(stderr, "mimic dis: %s: address 0x%llx is not inside any LOAD segment\n", path, (unsigned long long)va);
    return -1;
}

/* ---- the printer ------------------------------------------------------------ */

static int disassemble(const char *path, const struct code *c, uint64_t count, const struct iat_map *iat)
{
    csh cs;
    if (!capstone_load())
        return 1;
    if (capstone.open(c->arch, c->mode, &cs) != CS_ERR_OK) {
        fprintf(stderr, "mimic dis: capstone cannot open this architecture\n");
        return 1;
    }
    capstone.option(cs, CS_OPT_DETAIL, c->arch == CS_ARCH_X86 ? CS_OPT_ON : CS_OPT_OFF);
    capstone.option(cs, CS_OPT_SKIPDATA, CS_OPT_OFF);
    if (c->where)
        printf("%s: %s at 0x%llx\n", path, c->where, (unsigned long long)c->va);
    else
        printf("%s: 0x%llx\n", path, (unsigned long long)c->va);
    cs_insn *insn = capstone.malloc(cs);
    const uint8_t *code = c->bytes;
    size_t size = c->avail;
    uint64_t addr = c->va, done = 0;
    while (done < count && size) {
        const uint8_t *before = code;
        if (!capstone.disasm_iter(cs, &code, &size, &addr, insn)) {
            /* Not an instruction: show the byte and go on (data in code, padding). */
            printf("  %016llx:  %02x%*s .byte 0x%02x\n", (unsigned long long)addr, before[0], 28, "", before[0]);
            code++;
            size--;
            addr++;
            done++;
            continue;
        }
        char hex[64] = "";
        int hn = 0;
        for (int i = 0; i < insn->size && hn < 60; i++)
            hn += snprintf(hex + hn, sizeof hex - hn, "%02x ", insn->bytes[i]);
        char note[320] = "";
        if (iat && insn->detail && c->arch == CS_ARCH_X86) {
            const cs_x86 *x = &insn->detail->x86;
            for (int i = 0; i < x->op_count; i++) {
                const cs_x86_op *op = &x->operands[i];
                if (op->type != X86_OP_MEM)
                    continue;
                uint64_t target = 0;
                if (op->mem.base == X86_REG_RIP)
                    target = insn->address + insn->size + (uint64_t)op->mem.disp;
                else if (op->mem.base == X86_REG_INVALID && op->mem.index == X86_REG_INVALID)
                    target = (uint64_t)op->mem.disp & (c->mode == CS_MODE_32 ? 0xffffffffull : ~0ull);
                const struct iat_name *n = target ? iat_find(iat, target) : NULL;
                if (n) {
                    if (n->name)
                        snprintf(note, sizeof note, "    ; %s!%s", n->dll, n->name);
                    else
                        snprintf(note, sizeof note, "    ; %s!#%u", n->dll, n->ordinal);
                }
            }
        }
        printf("  %016llx:  %-30s %s%s%s%s\n", (unsigned long long)insn->address, hex, insn->mnemonic,
               insn->op_str[0] ? " " : "", insn->op_str, note);
        done++;
    }
    if (done < count)
        printf("  (end of the code's file data after %llu instructions)\n", (unsigned long long)done);
    capstone.free(insn, 1);
    capstone.close(&cs);
    return 0;
}

int cmd_dis(int argc, char **argv)
{
    const char *path = NULL, *sym = NULL;
    uint64_t at = 0, count = DEFAULT_COUNT;
    bool have_at = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (!strcmp(a, "--at") || !strcmp(a, "--symbol") || !strcmp(a, "-n")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "mimic dis: %s needs a value\n%s\n", a, usage_text);
                return 2;
            }
            val = argv[++i];
        } else if (!strncmp(a, "--at=", 5) || !strncmp(a, "--symbol=", 9) || !strncmp(a, "-n=", 3)) {
            val = strchr(a, '=') + 1;
        }
        if (!strncmp(a, "--at", 4) && val) {
            if (parse_u64(val, &at)) {
                fprintf(stderr, "mimic dis: --at %s: not an address (decimal or 0x hex)\n", val);
                return 2;
            }
            have_at = true;
        } else if (!strncmp(a, "--symbol", 8) && val) {
            sym = val;
        } else if (!strncmp(a, "-n", 2) && val) {
            if (parse_u64(val, &count) || count == 0 || count > MAX_COUNT) {
                fprintf(stderr, "mimic dis: -n %s: not a count from 1 to %d\n", val, MAX_COUNT);
                return 2;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "mimic dis: unknown option %s\n%s\n", a, usage_text);
            return 2;
        } else if (path) {
            fprintf(stderr, "mimic dis: one file at a time\n%s\n", usage_text);
            return 2;
        } else {
            path = a;
        }
    }
    if (!path) {
        fprintf(stderr, "%s\n", usage_text);
        return 2;
    }
    if (have_at && sym) {
        fprintf(stderr, "mimic dis: --at and --symbol exclude each other\n%s\n", usage_text);
        return 2;
    }
    size_t len;
    const uint8_t *buf = map_file(path, &len);
    if (!buf)
        return 1;
    int rc = 1;
    struct code c = { 0 };
    if (len >= 2 && buf[0] == 'M' && buf[1] == 'Z') {
        struct pe_file pe;
        struct pe_error err;
        if (pe_parse(buf, len, path, &pe, &err)) {
            fprintf(stderr, "mimic dis: %s\n", err.msg);
        } else {
            if (!pe_arch(&pe, &c, path) && !pe_locate(&pe, path, have_at ? &at : NULL, sym, &c)) {
                struct pe_imports imp;
                struct iat_map map;
                iat_load(&pe, &imp, &map);
                rc = disassemble(path, &c, count, &map);
                free(map.e);
                pe_free_imports(&imp);
            }
            pe_free(&pe);
        }
    } else if (elf_sniff(buf, len)) {
        struct elf_file elf;
        struct elf_error err;
        if (elf_parse(buf, len, path, &elf, &err)) {
            fprintf(stderr, "mimic dis: %s\n", err.msg);
        } else {
            if (!elf_arch(&elf, &c, path) && !elf_locate(&elf, path, have_at ? &at : NULL, sym, &c))
                rc = disassemble(path, &c, count, NULL);
            elf_free(&elf);
        }
    } else {
        fprintf(stderr, "mimic dis: %s: not a PE or ELF file\n", path);
    }
    munmap((void *)buf, len);
    return rc;
}
