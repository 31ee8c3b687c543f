/*
 * mimic_info.c - `mimic info [--imports] FILE`: what a PE or ELF file is and
 * what it needs, read with the loader's pure parsers (loader/pe.h,
 * loader/elf.h).
 *
 * PE: format, machine, subsystem, entry, image base, sections, imports per
 * DLL (by name or ordinal; with --imports each function mimic does not
 * implement is marked "[unimplemented]", from builtin_implements()), delay
 * imports, exports with forwarders, TLS callbacks, relocations, .pdata and a
 * resource summary. ELF: class, machine, type (EXEC / DYN / PIE), entry,
 * interpreter, program headers, needed libraries, sections, symbol counts.
 *
 * A malformed file prints the parser's message (file: structure: field) on
 * stderr and exits 1; whatever could be read before is still printed.
 */
#include "tools/mimic.h"
#include "loader/elf.h"
#include "loader/pe.h"
#include "winapi/dll.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

/* ---- PE ------------------------------------------------------------------- */

static const char *subsystem_name(uint16_t s)
{
    switch (s) {
    case 1: return "native";
    case 2: return "windows (GUI)";
    case 3: return "console";
    case 5: return "OS/2 console";
    case 7: return "POSIX console";
    case 9: return "Windows CE GUI";
    case 10: return "EFI application";
    case 11: return "EFI boot service driver";
    case 12: return "EFI runtime driver";
    case 13: return "EFI ROM";
    case 14: return "Xbox";
    case 16: return "boot application";
    default: return "unknown";
    }
}

static const char *resource_type_name(uint32_t id)
{
    static const char *const names[] = {
        NULL, "CURSOR", "BITMAP", "ICON", "MENU", "DIALOG", "STRING", "FONTDIR", "FONT", "ACCELERATOR",
        "RCDATA", "MESSAGETABLE", "GROUP_CURSOR", NULL, "GROUP_ICON", NULL, "VERSION", "DLGINCLUDE", NULL,
        "PLUGPLAY", "VXD", "ANICURSOR", "ANIICON", "HTML", "MANIFEST",
    };
    return id < sizeof names / sizeof names[0] ? names[id] : NULL;
}

/* A counted UTF-16 resource name, as ASCII ('?' for anything else). */
static void print_res_name(const uint16_t *name)
{
    for (uint32_t i = 1; i <= name[0] && i <= 64; i++)
        putchar(name[i] >= 0x20 && name[i] < 0x7f ? (char)name[i] : '?');
}

static void section_flags(uint32_t f, char *buf, size_t n)
{
    snprintf(buf, n, "%c%c%c%s%s%s", f & PE_SCN_MEM_READ ? 'r' : '-', f & PE_SCN_MEM_WRITE ? 'w' : '-',
             f & PE_SCN_MEM_EXECUTE ? 'x' : '-', f & PE_SCN_CNT_CODE ? " code" : "",
             f & 0x40 ? " data" : "", f & PE_SCN_CNT_UNINIT ? " bss" : "");
}

static void print_imports(const struct pe_imports *imp, bool delayed, bool mark)
{
    uint32_t ndlls = 0, nfuncs = 0, nmissing = 0, nbuiltin = 0;
    for (uint32_t i = 0; i < imp->ndlls; i++) {
        if (imp->dlls[i].delayed == delayed) {
            ndlls++;
            nfuncs += imp->dlls[i].nimports;
        }
    }
    if (!ndlls) {
        printf("\n%s: none\n", delayed ? "Delay imports" : "Imports");
        return;
    }
    printf("\n%s: %u DLLs, %u functions\n", delayed ? "Delay imports" : "Imports", ndlls, nfuncs);
    for (uint32_t i = 0; i < imp->ndlls; i++) {
        const struct pe_import_dll *d = &imp->dlls[i];
        if (d->delayed != delayed)
            continue;
        bool builtin = builtin_find(d->dll) != NULL;
        printf("  %s (%u)%s\n", d->dll, d->nimports,
               mark && !builtin ? "  [not built in: needs the DLL file next to the program]" : "");
        for (uint32_t j = 0; j < d->nimports; j++) {
            const struct pe_import *x = &d->imports[j];
            char what[300];
            if (x->name)
                snprintf(what, sizeof what, "%s", x->name);
            else
                snprintf(what, sizeof what, "#%u", x->ordinal);
            bool missing = mark && builtin && !builtin_implements(d->dll, x->name, x->ordinal);
            nmissing += missing;
            nbuiltin += builtin;
            if (x->name)
                printf("    %-40s hint %-5u IAT 0x%x%s\n", what, x->hint, x->iat_rva, missing ? "  [unimplemented]" : "");
            else
                printf("    %-40s ordinal   IAT 0x%x%s\n", what, x->iat_rva, missing ? "  [unimplemented]" : "");
        }
    }
    if (mark)
        printf("  %u of the %u functions from built-in DLLs are unimplemented; %u come from other DLLs\n", nmissing,
               nbuiltin, nfuncs - nbuiltin);
}

static int info_pe(const char *path, const uint8_t *buf, size_t len, bool mark)
{
    struct pe_file pe;
    struct pe_error err;
    if (pe_parse(buf, len, path, &pe, &err)) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        return 1;
    }
    int rc = 0;
    printf("File:         %s\n", path);
    printf("Format:       %s (Windows %s)\n", pe.is64 ? "PE32+" : "PE32",
           pe.characteristics & PE_FILE_DLL ? "DLL" : "executable");
    printf("Machine:      %s (0x%04x), %d-bit\n", pe_machine_name(pe.machine), pe.machine, pe.is64 ? 64 : 32);
    printf("Subsystem:    %s (%u)\n", subsystem_name(pe.subsystem), pe.subsystem);
    if (pe.entry_rva)
        printf("Entry point:  RVA 0x%x (VA 0x%llx)\n", pe.entry_rva,
               (unsigned long long)(pe.image_base + pe.entry_rva));
    else
        printf("Entry point:  none\n");
    printf("Image base:   0x%llx\n", (unsigned long long)pe.image_base);
    printf("Image size:   0x%x (headers 0x%x, section alignment 0x%x, file alignment 0x%x)\n", pe.size_of_image,
           pe.size_of_headers, pe.section_align, pe.file_align);
    printf("Stack:        reserve 0x%llx, commit 0x%llx\n", (unsigned long long)pe.stack_reserve,
           (unsigned long long)pe.stack_commit);
    printf("Flags:        characteristics 0x%04x, DLL characteristics 0x%04x%s%s%s\n", pe.characteristics,
           pe.dll_characteristics, pe.dll_characteristics & 0x40 ? " DYNAMIC_BASE" : "",
           pe.dll_characteristics & 0x100 ? " NX_COMPAT" : "", pe.dll_characteristics & 0x20 ? " HIGH_ENTROPY_VA" : "");

    printf("\nSections: %u\n", pe.nsections);
    printf("  %-16s %-10s %-10s %-10s %-10s %s\n", "Name", "RVA", "VirtSize", "RawOffset", "RawSize", "Flags");
    for (uint32_t i = 0; i < pe.nsections; i++) {
        const struct pe_section *s = &pe.sections[i];
        char fl[32];
        section_flags(s->flags, fl, sizeof fl);
        printf("  %-16s 0x%08x 0x%08x 0x%08x 0x%08x %s (0x%08x)\n", s->long_name ? s->long_name : s->name, s->vaddr,
               s->vsize, s->raw_off, s->raw_size, fl, s->flags);
    }

    struct pe_imports imp;
    if (pe_read_imports(&pe, &imp, &err)) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        rc = 1;
    } else {
        print_imports(&imp, false, mark);
        print_imports(&imp, true, mark);
        pe_free_imports(&imp);
    }

    struct pe_exports exp;
    if (pe_read_exports(&pe, &exp, &err)) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        rc = 1;
    } else if (!exp.count) {
        printf("\nExports: none\n");
    } else {
        uint32_t used = 0, fwd = 0;
        for (uint32_t i = 0; i < exp.count; i++) {
            used += exp.exports[i].rva || exp.exports[i].forward;
            fwd += exp.exports[i].forward != NULL;
        }
        printf("\nExports: %u (%u forwarded), DLL name %s, ordinal base %u\n", used, fwd,
               exp.dll_name ? exp.dll_name : "(none)", exp.base);
        for (uint32_t i = 0; i < exp.count; i++) {
            const struct pe_export *e = &exp.exports[i];
            if (!e->rva && !e->forward)
                continue;
            if (e->forward)
                printf("  %5u %-40s -> %s\n", e->ordinal, e->name ? e->name : "(no name)", e->forward);
            else
                printf("  %5u %-40s RVA 0x%x\n", e->ordinal, e->name ? e->name : "(no name)", e->rva);
        }
        pe_free_exports(&exp);
    }

    struct pe_tls tls;
    if (pe_read_tls(&pe, &tls, &err)) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        rc = 1;
    } else if (tls.present) {
        printf("\nTLS:          %u callbacks, data 0x%llx-0x%llx, zero fill 0x%x\n", tls.ncallbacks,
               (unsigned long long)tls.raw_start, (unsigned long long)tls.raw_end, tls.zero_fill);
    } else {
        printf("\nTLS:          none\n");
    }

    struct pe_relocs rel;
    if (pe_read_relocs(&pe, &rel, &err)) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        rc = 1;
    } else {
        printf("Relocations:  %u%s\n", rel.count,
               pe.characteristics & PE_FILE_RELOCS_STRIPPED ? " (relocations stripped: fixed base)" : "");
        pe_free_relocs(&rel);
    }

    const struct pe_runtime_function *pd;
    int npd = pe_read_pdata(&pe, &pd, &err);
    if (npd < 0) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        rc = 1;
    } else if (pe.is64) {
        printf("Unwind info:  %d functions in the exception directory (.pdata)\n", npd);
    }

    struct pe_resources res;
    if (pe_read_resources(&pe, &res, &err)) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        rc = 1;
    } else {
        printf("Resources:    %u", res.count);
        /* Per type, in directory order (the tree is sorted by type already). */
        for (uint32_t i = 0; i < res.count;) {
            const struct pe_resource *r = &res.res[i];
            uint32_t j = i + 1;
            while (j < res.count && res.res[j].type_id == r->type_id && res.res[j].type_name == r->type_name)
                j++;
            printf("%s", i ? ", " : ": ");
            if (r->type_name)
                print_res_name(r->type_name);
            else if (resource_type_name(r->type_id))
                printf("%s", resource_type_name(r->type_id));
            else
                printf("type %u", r->type_id);
            printf(" %u", j - i);
            i = j;
        }
        printf("\n");
        pe_free_resources(&res);
    }
    pe_free(&pe);
    return rc;
}

/* ---- ELF ------------------------------------------------------------------- */

static void phdr_flags(uint32_t f, char *buf)
{
    buf[0] = f & ELF_PF_R ? 'r' : '-';
    buf[1] = f & ELF_PF_W ? 'w' : '-';
    buf[2] = f & ELF_PF_X ? 'x' : '-';
    buf[3] = 0;
}

static int info_elf(const char *path, const uint8_t *buf, size_t len)
{
    struct elf_file elf;
    struct elf_error err;
    if (elf_parse(buf, len, path, &elf, &err)) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        return 1;
    }
    int rc = 0;
    struct elf_dynamic dyn;
    bool have_dyn = true;
    if (elf_read_dynamic(&elf, &dyn, &err)) {
        fprintf(stderr, "mimic info: %s\n", err.msg);
        rc = 1;
        have_dyn = false;
        memset(&dyn, 0, sizeof dyn);
    }
    const char *kind = elf_type_name(elf.type);
    if (elf.type == ELF_ET_DYN)
        kind = elf.interp || (dyn.flags_1 & ELF_DF_1_PIE) ? "DYN (PIE executable)" : "DYN (shared object)";
    else if (elf.type == ELF_ET_EXEC)
        kind = "EXEC (fixed-address executable)";
    else if (elf.type == ELF_ET_REL)
        kind = "REL (object file)";
    printf("File:         %s\n", path);
    printf("Format:       ELF%d (little-endian, OS/ABI %u)\n", elf.is64 ? 64 : 32, elf.osabi);
    printf("Machine:      %s (%u), %d-bit\n", elf_machine_name(elf.machine), elf.machine, elf.is64 ? 64 : 32);
    printf("Type:         %s\n", kind);
    printf("Entry point:  0x%llx\n", (unsigned long long)elf.entry);
    printf("Interpreter:  %s\n", elf.interp ? elf.interp : "none (static)");

    printf("\nProgram headers: %u\n", elf.nphdrs);
    printf("  %-14s %-10s %-18s %-10s %-10s %-5s %s\n", "Type", "Offset", "VirtAddr", "FileSize", "MemSize", "Flags",
           "Align");
    for (uint32_t i = 0; i < elf.nphdrs; i++) {
        const struct elf_phdr *ph = &elf.phdrs[i];
        char fl[4], tn[16];
        phdr_flags(ph->flags, fl);
        if (strcmp(elf_ptype_name(ph->type), "?"))
            snprintf(tn, sizeof tn, "%s", elf_ptype_name(ph->type));
        else
            snprintf(tn, sizeof tn, "0x%x", ph->type);
        printf("  %-14s 0x%08llx 0x%016llx 0x%08llx 0x%08llx %-5s 0x%llx\n", tn, (unsigned long long)ph->offset,
               (unsigned long long)ph->vaddr, (unsigned long long)ph->filesz, (unsigned long long)ph->memsz, fl,
               (unsigned long long)ph->align);
    }

    if (have_dyn) {
        printf("\nNeeded libraries: %u\n", dyn.nneeded);
        for (uint32_t i = 0; i < dyn.nneeded; i++)
            printf("  %s\n", dyn.needed[i]);
        if (dyn.soname)
            printf("Soname:       %s\n", dyn.soname);
        if (dyn.runpath)
            printf("Runpath:      %s\n", dyn.runpath);
        if (dyn.rpath)
            printf("Rpath:        %s\n", dyn.rpath);
    }

    printf("\nSections: %u\n", elf.nshdrs);
    if (elf.nshdrs)
        printf("  %-4s %-24s %-12s %-18s %-10s %-10s %s\n", "Nr", "Name", "Type", "Addr", "Offset", "Size", "Flags");
    for (uint32_t i = 0; i < elf.nshdrs; i++) {
        const struct elf_shdr *sh = &elf.shdrs[i];
        char tn[16];
        if (strcmp(elf_shtype_name(sh->type), "?"))
            snprintf(tn, sizeof tn, "%s", elf_shtype_name(sh->type));
        else
            snprintf(tn, sizeof tn, "0x%x", sh->type);
        printf("  %-4u %-24s %-12s 0x%016llx 0x%08llx 0x%08llx %s%s%s\n", i, sh->name, tn, (unsigned long long)sh->addr,
               (unsigned long long)sh->offset, (unsigned long long)sh->size, sh->flags & ELF_SHF_ALLOC ? "a" : "",
               sh->flags & ELF_SHF_WRITE ? "w" : "", sh->flags & ELF_SHF_EXECINSTR ? "x" : "");
    }

    uint32_t types[2] = { ELF_SHT_SYMTAB, ELF_SHT_DYNSYM };
    printf("\nSymbols:     ");
    for (int t = 0; t < 2; t++) {
        struct elf_symtab syms;
        if (elf_read_symbols(&elf, types[t], &syms, &err)) {
            fprintf(stderr, "mimic info: %s\n", err.msg);
            rc = 1;
            continue;
        }
        /* Index 0 is the null symbol: not counted. */
        printf(" %s %u%s", syms.section, syms.count ? syms.count - 1 : 0, t ? "\n" : ",");
        elf_free_symbols(&syms);
    }
    if (have_dyn)
        elf_free_dynamic(&dyn);
    elf_free(&elf);
    return rc;
}

int cmd_info(int argc, char **argv)
{
    bool mark = false;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--imports")) {
            mark = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "mimic info: unknown option %s\nusage: mimic info [--imports] FILE\n", argv[i]);
            return 2;
        } else if (path) {
            fprintf(stderr, "mimic info: one file at a time\nusage: mimic info [--imports] FILE\n");
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "usage: mimic info [--imports] FILE\n");
        return 2;
    }
    size_t len;
    const uint8_t *buf = map_file(path, &len);
    if (!buf)
        return 1;
    int rc;
    if (len >= 2 && buf[0] == 'M' && buf[1] == 'Z') {
        rc = info_pe(path, buf, len, mark);
    } else if (elf_sniff(buf, len) || (len >= 4 && !memcmp(buf, "\177ELF", 4))) {
        rc = info_elf(path, buf, len);
    } else {
        fprintf(stderr, "mimic info: %s: not a PE or ELF file\n", path);
        rc = 1;
    }
    munmap((void *)buf, len);
    return rc;
}
