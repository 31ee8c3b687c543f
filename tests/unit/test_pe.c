/*
 * test_pe.c - the PE parser (loader/pe_parse.c, loader/pe_dirs.c) on real
 * files, checked against `x86_64-w64-mingw32-objdump -p` and known facts.
 *
 * Files: the fixtures built by the Makefile from tests/unit/fixtures/
 * (x86-64 and i386 EXE + DLL with named, NONAME, data and forwarded exports,
 * a delay import, TLS callbacks, resources) and Wine's own PE DLLs when Wine
 * is installed. The malformed-file corpus is in test_pe_corpus.c.
 */
#include "tests/unit/unit_util.h"
#include "loader/pe.h"

#include <dirent.h>
#include <inttypes.h>

#define FIX "build/tests/fixtures/"
#define WINE64 "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/"
#define WINE32 "/usr/lib/x86_64-linux-gnu/wine/i386-windows/"
#define OBJDUMP "x86_64-w64-mingw32-objdump"

/* ---- objdump -p, parsed --------------------------------------------------- */

struct od_import { char name[160]; long ord; long hint; };
struct od_dll { char name[128]; uint32_t first_thunk; int n; struct od_import *imp; };
struct od_export { long index; uint32_t rva; char forward[160]; };
struct od_name { long index; char name[160]; };
struct od_reloc { uint32_t rva; char type[16]; };
struct od_leaf { uint32_t addr, size; };
struct od_func { uint64_t begin, end, unwind; };

struct od {
    unsigned characteristics, magic, subsystem, dllchar, ndirs, size_of_image, size_of_headers;
    uint64_t entry, image_base;
    uint64_t dir_rva[16], dir_size[16];
    int ndlls; struct od_dll *dlls;
    long exp_base; int nexp; struct od_export *exp; int nnames; struct od_name *names;
    int nrel; struct od_reloc *rel;
    int nleaf; struct od_leaf *leaf;
    int nfunc; struct od_func *func;
};

static void *grow_or_die(void *p, size_t size)
{
    p = realloc(p, size);
    cr_assert(p, "out of memory");
    return p;
}
#define PUSH(arr, n) (arr = grow_or_die(arr, sizeof *arr * (size_t)((n) + 1)), &arr[(n)++])

static void od_load(const char *path, struct od *o)
{
    memset(o, 0, sizeof *o);
    char *text = run_capture(OBJDUMP " -p '%s' 2>/dev/null", path);
    cr_assert(text, "objdump -p %s failed", path);
    enum { NONE, IMPORTS, EXPORTS, NAMES, RELOCS, RSRC, PDATA } mode = NONE;
    bool seen_chars = false;
    struct od_dll *dll = NULL;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        unsigned u;
        uint64_t a, b, c;
        long idx;
        char word[160], word2[160];
        if (!seen_chars && sscanf(line, "Characteristics 0x%x", &u) == 1) {
            o->characteristics = u;
            seen_chars = true;
        } else if (sscanf(line, "Magic %x", &u) == 1) {
            o->magic = u;
        } else if (sscanf(line, "AddressOfEntryPoint %" SCNx64, &a) == 1) {
            o->entry = a;
        } else if (sscanf(line, "ImageBase %" SCNx64, &a) == 1) {
            o->image_base = a;
        } else if (sscanf(line, "SizeOfImage %x", &u) == 1) {
            o->size_of_image = u;
        } else if (sscanf(line, "SizeOfHeaders %x", &u) == 1) {
            o->size_of_headers = u;
        } else if (sscanf(line, "Subsystem %x", &u) == 1) {
            o->subsystem = u;
        } else if (sscanf(line, "DllCharacteristics %x", &u) == 1) {
            o->dllchar = u;
        } else if (sscanf(line, "NumberOfRvaAndSizes %x", &u) == 1) {
            o->ndirs = u;
        } else if (sscanf(line, "Entry %x %" SCNx64 " %" SCNx64, &u, &a, &b) == 3 && u < 16) {
            o->dir_rva[u] = a;
            o->dir_size[u] = b;
        } else if (!strncmp(line, "The Import Tables", 17)) {
            mode = IMPORTS;
        } else if (!strncmp(line, "Export Address Table -- Ordinal Base", 36)) {
            mode = EXPORTS;
            o->exp_base = strtol(line + 36, NULL, 10);
        } else if (!strncmp(line, "[Ordinal/Name Pointer] Table", 28)) {
            mode = NAMES;
        } else if (!strncmp(line, "PE File Base Relocations", 24)) {
            mode = RELOCS;
        } else if (!strncmp(line, "The .rsrc Resource Directory", 28)) {
            mode = RSRC;
        } else if (!strncmp(line, "The Function Table", 18)) {
            mode = PDATA;
        } else if (!strncmp(line, "The ", 4) || !strncmp(line, "There is", 8) || !strncmp(line, "Dump of", 7)) {
            mode = NONE;
        } else if (mode == IMPORTS) {
            uint32_t f[6];
            if (sscanf(line, " %x %x %x %x %x %x", &f[0], &f[1], &f[2], &f[3], &f[4], &f[5]) == 6 && line[0] == ' ') {
                dll = NULL;
                if (f[4] || f[5]) {
                    dll = PUSH(o->dlls, o->ndlls);
                    memset(dll, 0, sizeof *dll);
                    dll->first_thunk = f[5];
                }
            } else if (dll && sscanf(line, "\tDLL Name: %127s", dll->name) == 1) {
            } else if (dll && sscanf(line, "\t%" SCNx64 " %159s %159s", &a, word2, word) == 3) {
                struct od_import *imp = PUSH(dll->imp, dll->n);
                bool byord = !strcmp(word, "<none>");
                /* Ordinals print in hex for PE32+ ("00000019a"), in decimal for PE32. */
                idx = strtol(word2, NULL, byord && o->magic == 0x20b ? 16 : 10);
                imp->ord = byord ? idx : -1;
                imp->hint = byord ? -1 : idx;
                snprintf(imp->name, sizeof imp->name, "%s", byord ? "" : word);
            }
        } else if (mode == EXPORTS) {
            struct od_export e = { 0 };
            int n = 0;
            if (sscanf(line, "\t[%ld] +base[%*d] %" SCNx64 " %159s RVA%n", &idx, &a, word, &n) == 3) {
                e.index = idx;
                e.rva = (uint32_t)a;
                if (!strcmp(word, "Forwarder")) {
                    const char *arrow = strstr(line, "-- ");
                    cr_assert(arrow);
                    snprintf(e.forward, sizeof e.forward, "%s", arrow + 3);
                }
                *PUSH(o->exp, o->nexp) = e;
            }
        } else if (mode == NAMES) {
            if (sscanf(line, "\t[%ld] %159s", &idx, word) == 2) {
                struct od_name *nm = PUSH(o->names, o->nnames);
                nm->index = idx;
                snprintf(nm->name, sizeof nm->name, "%s", word);
            }
        } else if (mode == RELOCS) {
            if (sscanf(line, "\treloc %*d offset %*x [%" SCNx64 "] %15s", &a, word2) == 2 && strcmp(word2, "ABSOLUTE")) {
                struct od_reloc *r = PUSH(o->rel, o->nrel);
                r->rva = (uint32_t)a;
                snprintf(r->type, sizeof r->type, "%.15s", word2);
            }
        } else if (mode == RSRC) {
            const char *leaf = strstr(line, "Leaf: Addr: ");
            if (leaf && sscanf(leaf, "Leaf: Addr: %" SCNx64 ", Size: %" SCNx64, &a, &b) == 2)
                *PUSH(o->leaf, o->nleaf) = (struct od_leaf){ (uint32_t)a, (uint32_t)b };
        } else if (mode == PDATA) {
            if (sscanf(line, " %*x:\t%" SCNx64 " %" SCNx64 " %" SCNx64, &a, &b, &c) == 3)
                *PUSH(o->func, o->nfunc) = (struct od_func){ a, b, c };
        }
    }
    free(text);
}

static void od_free(struct od *o)
{
    for (int i = 0; i < o->ndlls; i++)
        free(o->dlls[i].imp);
    free(o->dlls);
    free(o->exp);
    free(o->names);
    free(o->rel);
    free(o->leaf);
    free(o->func);
}

/* ---- the comparison ------------------------------------------------------- */

struct parsed {
    struct blob file;
    struct pe_file pe;
    struct pe_imports imp;
    struct pe_exports exp;
    struct pe_relocs rel;
    struct pe_tls tls;
    struct pe_resources res;
    const struct pe_runtime_function *pdata;
    int npdata;
};

static void parse_all(const char *path, struct parsed *p)
{
    struct pe_error err = { "" };
    memset(p, 0, sizeof *p);
    p->file = load_file(path);
    cr_assert(p->file.buf, "cannot read %s", path);
    cr_assert_eq(pe_parse(p->file.buf, p->file.len, path, &p->pe, &err), 0, "%s", err.msg);
    cr_assert_eq(pe_read_imports(&p->pe, &p->imp, &err), 0, "%s", err.msg);
    cr_assert_eq(pe_read_exports(&p->pe, &p->exp, &err), 0, "%s", err.msg);
    cr_assert_eq(pe_read_relocs(&p->pe, &p->rel, &err), 0, "%s", err.msg);
    cr_assert_eq(pe_read_tls(&p->pe, &p->tls, &err), 0, "%s", err.msg);
    cr_assert_eq(pe_read_resources(&p->pe, &p->res, &err), 0, "%s", err.msg);
    p->npdata = pe_read_pdata(&p->pe, &p->pdata, &err);
    cr_assert_geq(p->npdata, 0, "%s", err.msg);
}

static void free_all(struct parsed *p)
{
    pe_free_imports(&p->imp);
    pe_free_exports(&p->exp);
    pe_free_relocs(&p->rel);
    pe_free_resources(&p->res);
    pe_free(&p->pe);
    free(p->file.buf);
}

static const char *reloc_type_name(uint8_t t)
{
    switch (t) {
    case PE_REL_HIGH: return "HIGH";
    case PE_REL_LOW: return "LOW";
    case PE_REL_HIGHLOW: return "HIGHLOW";
    case PE_REL_DIR64: return "DIR64";
    default: return "?";
    }
}

/* Everything objdump shows must match what the parser read. */
static void compare_with_objdump(const char *path)
{
    struct parsed p;
    struct od o;
    parse_all(path, &p);
    od_load(path, &o);
    const struct pe_file *pe = &p.pe;

    cr_expect_eq(o.magic, pe->is64 ? 0x20bu : 0x10bu, "%s: Magic", path);
    cr_expect_eq(o.characteristics, pe->characteristics, "%s: Characteristics", path);
    cr_expect_eq(o.entry, pe->entry_rva, "%s: AddressOfEntryPoint", path);
    cr_expect_eq(o.image_base, pe->image_base, "%s: ImageBase", path);
    cr_expect_eq(o.size_of_image, pe->size_of_image, "%s: SizeOfImage", path);
    cr_expect_eq(o.size_of_headers, pe->size_of_headers, "%s: SizeOfHeaders", path);
    cr_expect_eq(o.subsystem, pe->subsystem, "%s: Subsystem", path);
    cr_expect_eq(o.dllchar, pe->dll_characteristics, "%s: DllCharacteristics", path);
    cr_expect_eq(o.ndirs, pe->ndirs, "%s: NumberOfRvaAndSizes", path);
    for (int i = 0; i < 16; i++) {
        cr_expect_eq(o.dir_rva[i], pe->dirs[i].rva, "%s: data directory %d RVA", path, i);
        cr_expect_eq(o.dir_size[i], pe->dirs[i].size, "%s: data directory %d Size", path, i);
    }

    /* Imports: objdump lists only the ordinary (not delay-load) ones. */
    int n = 0;
    for (uint32_t i = 0; i < p.imp.ndlls; i++) {
        const struct pe_import_dll *d = &p.imp.dlls[i];
        if (d->delayed)
            continue;
        cr_assert_lt(n, o.ndlls, "%s: more import DLLs than objdump shows", path);
        const struct od_dll *od = &o.dlls[n++];
        cr_expect_str_eq(d->dll, od->name, "%s: import DLL name", path);
        cr_assert_eq((int)d->nimports, od->n, "%s: %s: import count", path, d->dll);
        for (uint32_t j = 0; j < d->nimports; j++) {
            const struct pe_import *x = &d->imports[j];
            const struct od_import *y = &od->imp[j];
            cr_expect_eq(x->iat_rva, od->first_thunk + j * (pe->is64 ? 8 : 4), "%s: %s import %u IAT RVA", path,
                         d->dll, j);
            if (y->ord >= 0) {
                cr_expect_null(x->name, "%s: %s import %u should be by ordinal", path, d->dll, j);
                cr_expect_eq(x->ordinal, y->ord, "%s: %s import %u ordinal", path, d->dll, j);
            } else {
                cr_assert_not_null(x->name, "%s: %s import %u should be by name (%s)", path, d->dll, j, y->name);
                cr_expect_str_eq(x->name, y->name, "%s: %s import %u name", path, d->dll, j);
                cr_expect_eq(x->hint, y->hint, "%s: %s!%s hint", path, d->dll, x->name);
            }
        }
    }
    cr_expect_eq(n, o.ndlls, "%s: import DLL count", path);

    /* Exports: every non-empty address-table slot, and every name. */
    int k = 0;
    for (uint32_t i = 0; i < p.exp.count; i++) {
        const struct pe_export *e = &p.exp.exports[i];
        if (e->ordinal != p.exp.base + i)   /* alias entries come after the table */
            break;
        if (!e->rva && !e->forward)
            continue;
        cr_assert_lt(k, o.nexp, "%s: more exports than objdump shows", path);
        const struct od_export *y = &o.exp[k++];
        cr_expect_eq((long)i, y->index, "%s: export slot", path);
        if (y->forward[0]) {
            cr_assert_not_null(e->forward, "%s: ordinal %u should be forwarded to %s", path, e->ordinal, y->forward);
            cr_expect_str_eq(e->forward, y->forward, "%s: ordinal %u forwarder", path, e->ordinal);
        } else {
            cr_expect_null(e->forward, "%s: ordinal %u is not a forwarder", path, e->ordinal);
            cr_expect_eq(e->rva, y->rva, "%s: ordinal %u RVA", path, e->ordinal);
        }
    }
    cr_expect_eq(k, o.nexp, "%s: export count", path);
    cr_expect_eq((long)p.exp.base, o.nexp ? o.exp_base : (long)p.exp.base, "%s: ordinal base", path);
    for (int i = 0; i < o.nnames; i++) {
        const struct od_name *y = &o.names[i];
        bool found = false;
        for (uint32_t j = 0; j < p.exp.count && !found; j++) {
            const struct pe_export *e = &p.exp.exports[j];
            found = e->name && !strcmp(e->name, y->name) && e->ordinal == p.exp.base + (uint32_t)y->index;
        }
        cr_expect(found, "%s: export name %s (slot %ld) not read", path, y->name, y->index);
    }

    /* Relocations, in file order, skipping ABSOLUTE padding as objdump does. */
    cr_assert_eq((int)p.rel.count, o.nrel, "%s: relocation count", path);
    for (uint32_t i = 0; i < p.rel.count; i++) {
        cr_expect_eq(p.rel.relocs[i].rva, o.rel[i].rva, "%s: relocation %u RVA", path, i);
        cr_expect_str_eq(reloc_type_name(p.rel.relocs[i].type), o.rel[i].type, "%s: relocation %u type", path, i);
    }

    /* Resources: the leaves, depth first, in directory order. */
    cr_assert_eq((int)p.res.count, o.nleaf, "%s: resource count", path);
    for (uint32_t i = 0; i < p.res.count; i++) {
        cr_expect_eq(p.res.res[i].data_rva, o.leaf[i].addr, "%s: resource %u OffsetToData", path, i);
        cr_expect_eq(p.res.res[i].size, o.leaf[i].size, "%s: resource %u Size", path, i);
    }

    /* .pdata (x64 only): objdump prints VAs. */
    if (pe->is64 && o.nfunc) {
        cr_assert_eq(p.npdata, o.nfunc, "%s: .pdata count", path);
        for (int i = 0; i < p.npdata; i++) {
            cr_expect_eq(p.pdata[i].begin + pe->image_base, o.func[i].begin, "%s: .pdata %d BeginAddress", path, i);
            cr_expect_eq(p.pdata[i].end + pe->image_base, o.func[i].end, "%s: .pdata %d EndAddress", path, i);
            cr_expect_eq(p.pdata[i].unwind + pe->image_base, o.func[i].unwind, "%s: .pdata %d UnwindData", path, i);
        }
    }
    od_free(&o);
    free_all(&p);
}

/* Sections against objdump -h: names (long ones through the string table), VMAs, file offsets. */
static void compare_sections(const char *path)
{
    struct parsed p;
    parse_all(path, &p);
    char *text = run_capture(OBJDUMP " -h '%s' 2>/dev/null", path);
    cr_assert(text);
    char *save = NULL;
    uint32_t i = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        unsigned idx;
        char name[64];
        uint64_t size, vma, lma, off;
        if (sscanf(line, " %u %63s %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64, &idx, name, &size, &vma, &lma,
                   &off) != 6)
            continue;
        cr_assert_lt(i, p.pe.nsections, "%s: objdump shows more sections", path);
        const struct pe_section *s = &p.pe.sections[i++];
        cr_expect_str_eq(s->long_name ? s->long_name : s->name, name, "%s: section %u name", path, i - 1);
        cr_expect_eq(s->vaddr + p.pe.image_base, vma, "%s: section %s VirtualAddress", path, name);
        if (s->raw_size)
            cr_expect_eq(s->raw_off, off, "%s: section %s PointerToRawData", path, name);
    }
    cr_expect_eq(i, p.pe.nsections, "%s: section count", path);
    free(text);
    free_all(&p);
}

static bool need(const char *path)
{
    if (file_exists(path))
        return true;
    return false;
}

#define OBJDUMP_TEST(tname, path)                                          \
    Test(pe_objdump, tname, .timeout = 60)                                 \
    {                                                                      \
        if (!have_tool(OBJDUMP))                                           \
            cr_skip_test(OBJDUMP " is not installed");                     \
        if (!need(path))                                                   \
            cr_skip_test("%s is missing", path);                           \
        compare_with_objdump(path);                                        \
        compare_sections(path);                                            \
    }

OBJDUMP_TEST(fixexe64, FIX "fixexe_x86_64.exe")
OBJDUMP_TEST(fixexe32, FIX "fixexe_i686.exe")
OBJDUMP_TEST(fixdll64, FIX "fixdll_x86_64.dll")
OBJDUMP_TEST(fixdll32, FIX "fixdll_i686.dll")
OBJDUMP_TEST(wine_kernel32, WINE64 "kernel32.dll")
OBJDUMP_TEST(wine_ntdll, WINE64 "ntdll.dll")
OBJDUMP_TEST(wine_kernelbase, WINE64 "kernelbase.dll")
OBJDUMP_TEST(wine_msvcrt, WINE64 "msvcrt.dll")
OBJDUMP_TEST(wine_ucrtbase, WINE64 "ucrtbase.dll")
OBJDUMP_TEST(wine_user32, WINE64 "user32.dll")
OBJDUMP_TEST(wine_shell32, WINE64 "shell32.dll")
OBJDUMP_TEST(wine_notepad, WINE64 "notepad.exe")
OBJDUMP_TEST(wine_zlib_i386, WINE32 "zlib1.dll")

/* ---- known facts about the fixtures --------------------------------------- */

static const struct pe_import_dll *find_dll(const struct pe_imports *imp, const char *name, bool delayed)
{
    for (uint32_t i = 0; i < imp->ndlls; i++)
        if (!strcasecmp(imp->dlls[i].dll, name) && imp->dlls[i].delayed == delayed)
            return &imp->dlls[i];
    return NULL;
}

static const struct pe_export *find_export(const struct pe_exports *exp, const char *name)
{
    for (uint32_t i = 0; i < exp->count; i++)
        if (exp->exports[i].name && !strcmp(exp->exports[i].name, name))
            return &exp->exports[i];
    return NULL;
}

/* The address nm gives a symbol of the file, minus the image base; 0 when absent. */
static uint64_t nm_rva(const char *nm, const char *path, const char *sym, uint64_t base)
{
    char *text = run_capture("%s '%s' 2>/dev/null", nm, path);
    cr_assert(text, "%s %s failed", nm, path);
    uint64_t va = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        uint64_t a;
        char kind, name[256];
        if (sscanf(line, "%" SCNx64 " %c %255s", &a, &kind, name) == 3 && !strcmp(name, sym))
            va = a;
    }
    free(text);
    return va ? va - base : 0;
}

static void check_fixexe(const char *path, bool is64)
{
    struct parsed p;
    parse_all(path, &p);
    cr_expect_eq(p.pe.is64, is64);
    cr_expect_eq(p.pe.machine, is64 ? PE_MACHINE_AMD64 : PE_MACHINE_I386);
    cr_expect_eq(p.pe.subsystem, 3, "console subsystem");
    cr_expect_eq(p.pe.characteristics & PE_FILE_DLL, 0);

    /* fixdll by name, by name (data) and by ordinal 7 (NONAME in fixdll.def). */
    const struct pe_import_dll *fd = find_dll(&p.imp, "fixdll.dll", false);
    cr_assert_not_null(fd);
    cr_assert_eq(fd->nimports, 3);
    cr_expect_str_eq(fd->imports[0].name, "fix_add");
    cr_expect_str_eq(fd->imports[1].name, "fix_data");
    cr_expect_null(fd->imports[2].name);
    cr_expect_eq(fd->imports[2].ordinal, 7);

    /* The delay import that setdelay pointed the directory at. */
    const struct pe_import_dll *u = find_dll(&p.imp, "user32.dll", true);
    cr_assert_not_null(u, "delay-loaded user32.dll not found");
    cr_assert_eq(u->nimports, 1);
    cr_expect_str_eq(u->imports[0].name, "MessageBeep");
    const char *nm = is64 ? "x86_64-w64-mingw32-nm" : "i686-w64-mingw32-nm";
    uint64_t iat = nm_rva(nm, path, is64 ? "__imp_MessageBeep" : "__imp__MessageBeep@4", p.pe.image_base);
    cr_expect_eq(u->imports[0].iat_rva, iat, "delay IAT slot of MessageBeep");
    cr_expect_neq(u->delay_module_handle_rva, 0);
    cr_expect_null(find_dll(&p.imp, "user32.dll", false), "user32 must only be delay-loaded");

    /* TLS: mingw's own callback plus tls_cb1 and tls_cb2. */
    cr_expect(p.tls.present);
    cr_expect_geq(p.tls.ncallbacks, 2, "TLS callbacks: %u", p.tls.ncallbacks);
    cr_expect_neq(p.tls.index_va, 0);
    cr_expect_gt(p.tls.raw_end, p.tls.raw_start);

    /* Resources: 2 strings in one STRINGTABLE block (type 6, block 1), RCDATA 7, RCDATA "BLOB". */
    cr_assert_eq(p.res.count, 3);
    int strings = 0, rc7 = 0, blob = 0;
    for (uint32_t i = 0; i < p.res.count; i++) {
        const struct pe_resource *r = &p.res.res[i];
        if (r->type_id == 6 && r->name_id == 1)
            strings++;
        if (r->type_id == 10 && r->name_id == 7 && r->size == 9)
            rc7++;
        if (r->type_id == 10 && r->name_name) {
            cr_assert_eq(r->name_name[0], 4);
            cr_expect(r->name_name[1] == 'B' && r->name_name[2] == 'L' && r->name_name[3] == 'O' &&
                      r->name_name[4] == 'B');
            blob++;
        }
        cr_expect_eq(r->lang, 0x409);
    }
    cr_expect(strings == 1 && rc7 == 1 && blob == 1);

    /* Relocations exist (dynamic base) and are of the machine's kind. */
    cr_expect_gt(p.rel.count, 0);
    for (uint32_t i = 0; i < p.rel.count; i++)
        cr_expect_eq(p.rel.relocs[i].type, is64 ? PE_REL_DIR64 : PE_REL_HIGHLOW);
    if (is64)
        cr_expect_gt(p.npdata, 10);
    else
        cr_expect_eq(p.npdata, 0);
    free_all(&p);
}

/* COFF symbols of the unstripped fixtures, against nm. */
static void check_coff(const char *path, const char *nm, const char *sym)
{
    struct parsed p;
    parse_all(path, &p);
    uint32_t rva = 0;
    cr_assert_eq(pe_coff_symbol(&p.pe, sym, &rva), 0, "%s: COFF symbol %s not found", path, sym);
    cr_expect_eq(rva, nm_rva(nm, path, sym, p.pe.image_base), "%s: %s", path, sym);
    cr_expect_eq(pe_coff_symbol(&p.pe, "no_such_symbol_here", &rva), -1);
    free_all(&p);
}

Test(pe_facts, coff_symbols)
{
    check_coff(FIX "fixexe_x86_64.exe", "x86_64-w64-mingw32-nm", "main");
    check_coff(FIX "fixexe_x86_64.exe", "x86_64-w64-mingw32-nm", "mainCRTStartup");
    check_coff(FIX "fixexe_i686.exe", "i686-w64-mingw32-nm", "_main");
    check_coff(FIX "fixdll_x86_64.dll", "x86_64-w64-mingw32-nm", "fix_mul");
}

Test(pe_facts, fixexe64) { check_fixexe(FIX "fixexe_x86_64.exe", true); }
Test(pe_facts, fixexe32) { check_fixexe(FIX "fixexe_i686.exe", false); }

static void check_fixdll(const char *path)
{
    struct parsed p;
    parse_all(path, &p);
    cr_expect(p.pe.characteristics & PE_FILE_DLL);
    cr_expect_str_eq(p.exp.dll_name, "fixdll.dll");
    cr_expect_eq(p.exp.base, 1);
    const struct pe_export *e = find_export(&p.exp, "fix_add");
    cr_assert_not_null(e);
    cr_expect_eq(e->ordinal, 1);
    cr_expect_neq(e->rva, 0);
    e = find_export(&p.exp, "fix_tick");
    cr_assert_not_null(e);
    cr_expect_eq(e->ordinal, 4);
    cr_expect_str_eq(e->forward, "KERNEL32.GetTickCount");
    cr_expect_eq(e->rva, 0);
    cr_expect_null(find_export(&p.exp, "fix_ord"), "fix_ord is NONAME");
    cr_assert_geq(p.exp.count, 7);
    e = &p.exp.exports[7 - p.exp.base];
    cr_expect_eq(e->ordinal, 7);
    cr_expect_null(e->name);
    cr_expect_neq(e->rva, 0);
    /* Slots 5 and 6 are unused. */
    cr_expect(!p.exp.exports[4].rva && !p.exp.exports[4].forward && !p.exp.exports[4].name);
    free_all(&p);
}

Test(pe_facts, fixdll64) { check_fixdll(FIX "fixdll_x86_64.dll"); }
Test(pe_facts, fixdll32) { check_fixdll(FIX "fixdll_i686.dll"); }

/* Wine's kernel32 forwards much of its API to ntdll and kernelbase. */
Test(pe_facts, wine_kernel32_forwarders)
{
    if (!need(WINE64 "kernel32.dll"))
        cr_skip_test("Wine is not installed");
    struct parsed p;
    parse_all(WINE64 "kernel32.dll", &p);
    cr_expect_str_eq(p.exp.dll_name, "KERNEL32.dll");
    int to_ntdll = 0, to_kernelbase = 0;
    for (uint32_t i = 0; i < p.exp.count; i++) {
        const char *f = p.exp.exports[i].forward;
        if (f && !strncasecmp(f, "ntdll.", 6))
            to_ntdll++;
        if (f && !strncasecmp(f, "kernelbase.", 11))
            to_kernelbase++;
    }
    cr_expect_gt(to_ntdll, 50, "forwards to ntdll: %d", to_ntdll);
    cr_expect_gt(to_kernelbase, 10, "forwards to kernelbase: %d", to_kernelbase);
    const struct pe_export *e = find_export(&p.exp, "AcquireSRWLockExclusive");
    cr_assert_not_null(e);
    cr_expect_str_eq(e->forward, "NTDLL.RtlAcquireSRWLockExclusive");
    cr_expect_eq(e->rva, 0);
    e = find_export(&p.exp, "CreateFileMappingFromApp");
    cr_assert_not_null(e);
    cr_expect_str_eq(e->forward, "kernelbase.CreateFileMappingFromApp");
    e = find_export(&p.exp, "CreateFileW");   /* Wine implements this one in kernel32 itself */
    cr_assert_not_null(e);
    cr_expect_null(e->forward);
    cr_expect_neq(e->rva, 0);
    cr_expect_not_null(find_dll(&p.imp, "kernelbase.dll", false));
    cr_expect_not_null(find_dll(&p.imp, "ntdll.dll", false));
    free_all(&p);
}

/* Every PE file Wine ships parses, and every directory reader accepts it. */
static void parse_every_pe_in(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        cr_skip_test("%s is missing", dir);
    int files = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        char path[1024];
        snprintf(path, sizeof path, "%s%s", dir, de->d_name);
        if (!file_exists(path))
            continue;
        struct blob b = load_file(path);
        if (!b.buf || !pe_sniff(b.buf, b.len)) {
            free(b.buf);
            continue;
        }
        free(b.buf);
        struct parsed p;
        parse_all(path, &p);
        free_all(&p);
        files++;
    }
    closedir(d);
    cr_log_info("%s: %d PE files parsed", dir, files);
    cr_expect_gt(files, 0);
}

Test(pe_wine, every_x86_64_file, .timeout = 120) { parse_every_pe_in(WINE64); }
Test(pe_wine, every_i386_file, .timeout = 60) { parse_every_pe_in(WINE32); }

/* ---- small API facts ------------------------------------------------------ */

Test(pe_api, sniff_and_names)
{
    uint8_t buf[0x80] = { 'M', 'Z' };
    cr_expect(!pe_sniff(buf, sizeof buf));
    buf[0x3c] = 0x40;
    memcpy(buf + 0x40, "PE\0\0", 4);
    cr_expect(pe_sniff(buf, sizeof buf));
    buf[0x3c] = 0x7d;   /* signature would run past the end */
    cr_expect(!pe_sniff(buf, sizeof buf));
    cr_expect(!pe_sniff(buf, 0x3f));
    cr_expect_str_eq(pe_machine_name(PE_MACHINE_AMD64), "x86-64");
    cr_expect_str_eq(pe_machine_name(PE_MACHINE_I386), "i386");
    cr_expect_str_eq(pe_machine_name(0x1234), "unknown");
    cr_expect_str_eq(pe_dir_name(PE_DIR_DELAY_IMPORT), "delay import");
    cr_expect_str_eq(pe_dir_name((enum pe_dir)99), "?");
}

Test(pe_api, rva_ptr_bounds)
{
    struct parsed p;
    if (!need(FIX "fixdll_x86_64.dll"))
        cr_skip_test("fixture missing");
    parse_all(FIX "fixdll_x86_64.dll", &p);
    const struct pe_section *s = &p.pe.sections[0];
    cr_expect_eq(pe_rva_ptr(&p.pe, s->vaddr, s->raw_size), p.file.buf + s->raw_off);
    cr_expect_null(pe_rva_ptr(&p.pe, s->vaddr, s->raw_size + 1));
    cr_expect_null(pe_rva_ptr(&p.pe, 0xfffffff0u, 0x20), "wrapping range");
    cr_expect_eq(pe_rva_ptr(&p.pe, 0, 2), p.file.buf, "headers are addressable");
    cr_expect_null(pe_rva_ptr(&p.pe, p.pe.size_of_image, 1));
    cr_expect_null(pe_rva_str(&p.pe, p.pe.size_of_image + 100, 16));
    free_all(&p);
}
