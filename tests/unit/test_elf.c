/*
 * test_elf.c - the ELF parser (loader/elf_parse.c) on real files, checked
 * against `readelf -W`, and the malformed-file corpus (truncations at every
 * field, segment and section boundary; field mutations; random flips with
 * fixed seeds) that must never crash, hang or read outside the buffer.
 *
 * Files: /bin/ls (PIE, dynamic), /bin/busybox (busybox-static), an ELF32
 * program built with `gcc -m32` when gcc-multilib is installed (skipped with
 * a message otherwise), a freestanding `gcc -m32 -nostdlib` program (needs no
 * multilib), and clang's i386 runtime .so and an aarch64 program built with
 * clang when those exist.
 */
#include "tests/unit/unit_util.h"
#include "loader/elf.h"
#include "loader/bytes.h"

#include <inttypes.h>

static const char *const elf_structures[] = {
    "ELF header", "program header", "program headers", "section ", "section headers", NULL,
};

/* ---- files built on demand -------------------------------------------------- */

static char tmpdir[256];

static const char *tmp_path(const char *leaf)
{
    static char path[512];
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp/mimic-test-elf-XXXXXX");
        cr_assert(mkdtemp(tmpdir));
    }
    snprintf(path, sizeof path, "%s/%s", tmpdir, leaf);
    return path;
}

static void cleanup_tmp(void)
{
    if (tmpdir[0]) {
        char *s = run_capture("rm -rf '%s'", tmpdir);
        free(s);
        tmpdir[0] = 0;
    }
}

/* Compile a C snippet with the given command prefix; the output path or NULL. */
static const char *build(const char *leaf, const char *cmd, const char *code)
{
    const char *src = tmp_path("src.c");
    FILE *f = fopen(src, "w");
    cr_assert(f);
    fputs(code, f);
    fclose(f);
    char out[512];
    snprintf(out, sizeof out, "%s", tmp_path(leaf));
    char *s = run_capture("%s -o '%s' '%s/src.c' >/dev/null 2>&1 && echo ok", cmd, out, tmpdir);
    bool ok = s && !strncmp(s, "ok", 2);
    free(s);
    return ok ? tmp_path(leaf) : NULL;
}

static const char *hello_c = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";
static const char *freestanding_c =
    "int counter = 3;\nvoid _start(void) { for (;;) counter++; }\n";

/* ---- readelf -W, parsed ---------------------------------------------------- */

struct re_ph { char type[120]; uint64_t off, vaddr, filesz, memsz, align; char flags[8]; };
struct re_sh { char name[128]; char type[32]; uint64_t addr, off, size; };
struct re {
    char type[16];
    uint64_t entry;
    int nph, nsh;
    struct re_ph ph[64];
    struct re_sh *sh;
    char interp[256];
    int nneeded;
    char needed[64][128];
    char soname[128];
    long nsyms_dyn, nsyms_tab;
};

static void re_load(const char *path, struct re *r)
{
    memset(r, 0, sizeof *r);
    r->nsyms_dyn = r->nsyms_tab = -1;
    char *text = run_capture("readelf -W -h -l -S -d --dyn-syms -s '%s' 2>/dev/null", path);
    cr_assert(text, "readelf %s failed", path);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        struct re_ph ph;
        uint64_t a;
        long n;
        char word[120];
        if (sscanf(line, "  Type: %15s", r->type) == 1) {
        } else if (sscanf(line, "  Entry point address: %" SCNx64, &a) == 1) {
            r->entry = a;
        } else if (sscanf(line, "  %119s 0x%" SCNx64 " 0x%" SCNx64 " 0x%*x 0x%" SCNx64 " 0x%" SCNx64, ph.type, &ph.off,
                          &ph.vaddr, &ph.filesz, &ph.memsz) == 5) {
            cr_assert_lt(r->nph, 64);
            /* flags are one to three letters separated by spaces, then the alignment */
            const char *p = line;
            for (int k = 0; k < 6; k++) {
                p += strspn(p, " ");
                p += strcspn(p, " ");
            }
            char *end;
            ph.align = 0;
            int fl = 0;
            while (*p) {
                p += strspn(p, " ");
                if (*p >= '0' && *p <= '9') {   /* "0x1000", or "0" */
                    ph.align = strtoull(p, &end, 0);
                    break;
                }
                while (*p && *p != ' ') {
                    if (fl < 7)
                        ph.flags[fl++] = *p;
                    p++;
                }
            }
            ph.flags[fl] = 0;
            r->ph[r->nph++] = ph;
        } else if (sscanf(line, "      [Requesting program interpreter: %119[^]]", word) == 1) {
            snprintf(r->interp, sizeof r->interp, "%s", word);
        } else if (line[0] == ' ' && line[1] == ' ' && line[2] == '[' && strchr(line, ']')) {
            /* "  [ 1] .interp PROGBITS 0000000000000318 000318 00001c 00 A 0 0 1" (name may be empty) */
            char *p = strchr(line, ']') + 1;
            struct re_sh sh = { 0 };
            char name[128] = "", type[32];
            if (sscanf(p, " %127s %31s %" SCNx64 " %" SCNx64 " %" SCNx64, name, type, &sh.addr, &sh.off, &sh.size) != 5 ||
                (type[0] >= '0' && type[0] <= '9')) {
                /* the null section: no name */
                if (sscanf(p, " %31s %" SCNx64 " %" SCNx64 " %" SCNx64, type, &sh.addr, &sh.off, &sh.size) != 4)
                    continue;
                name[0] = 0;
            }
            snprintf(sh.name, sizeof sh.name, "%s", name);
            snprintf(sh.type, sizeof sh.type, "%s", type);
            r->sh = realloc(r->sh, sizeof *r->sh * (size_t)(r->nsh + 1));
            cr_assert(r->sh);
            r->sh[r->nsh++] = sh;
        } else if (strstr(line, "(NEEDED)") && sscanf(strstr(line, "Shared library: ["), "Shared library: [%119[^]]",
                                                      word) == 1) {
            cr_assert_lt(r->nneeded, 64);
            snprintf(r->needed[r->nneeded++], 128, "%s", word);
        } else if (strstr(line, "(SONAME)") && sscanf(strstr(line, "Library soname: ["), "Library soname: [%119[^]]",
                                                      word) == 1) {
            snprintf(r->soname, sizeof r->soname, "%s", word);
        } else if (sscanf(line, "Symbol table '.dynsym' contains %ld entries", &n) == 1) {
            r->nsyms_dyn = n;
        } else if (sscanf(line, "Symbol table '.symtab' contains %ld entries", &n) == 1) {
            r->nsyms_tab = n;
        }
    }
    free(text);
}

static const char *flags_str(uint32_t f, char *buf)
{
    int n = 0;
    if (f & ELF_PF_R) buf[n++] = 'R';
    if (f & ELF_PF_W) buf[n++] = 'W';
    if (f & ELF_PF_X) buf[n++] = 'E';
    buf[n] = 0;
    return buf;
}

static void compare_with_readelf(const char *path)
{
    struct blob b = load_file(path);
    cr_assert(b.buf, "cannot read %s", path);
    struct elf_file elf;
    struct elf_error err = { "" };
    cr_assert_eq(elf_parse(b.buf, b.len, path, &elf, &err), 0, "%s", err.msg);
    struct re r;
    re_load(path, &r);
    cr_expect_str_eq(elf_type_name(elf.type), r.type, "%s: e_type", path);
    cr_expect_eq(elf.entry, r.entry, "%s: e_entry", path);
    cr_assert_eq((int)elf.nphdrs, r.nph, "%s: program header count", path);
    for (uint32_t i = 0; i < elf.nphdrs; i++) {
        const struct elf_phdr *ph = &elf.phdrs[i];
        char fl[8];
        if (strcmp(elf_ptype_name(ph->type), "?"))
            cr_expect_str_eq(elf_ptype_name(ph->type), r.ph[i].type, "%s: phdr %u type", path, i);
        cr_expect_eq(ph->offset, r.ph[i].off, "%s: phdr %u p_offset", path, i);
        cr_expect_eq(ph->vaddr, r.ph[i].vaddr, "%s: phdr %u p_vaddr", path, i);
        cr_expect_eq(ph->filesz, r.ph[i].filesz, "%s: phdr %u p_filesz", path, i);
        cr_expect_eq(ph->memsz, r.ph[i].memsz, "%s: phdr %u p_memsz", path, i);
        cr_expect_eq(ph->align, r.ph[i].align, "%s: phdr %u p_align", path, i);
        cr_expect_str_eq(flags_str(ph->flags, fl), r.ph[i].flags, "%s: phdr %u p_flags", path, i);
    }
    if (r.interp[0]) {
        cr_assert_not_null(elf.interp, "%s: PT_INTERP not found", path);
        cr_expect_str_eq(elf.interp, r.interp, "%s: PT_INTERP", path);
    } else {
        cr_expect_null(elf.interp, "%s: no PT_INTERP expected", path);
    }
    cr_assert_eq((int)elf.nshdrs, r.nsh, "%s: section count", path);
    for (uint32_t i = 0; i < elf.nshdrs; i++) {
        const struct elf_shdr *sh = &elf.shdrs[i];
        cr_expect_str_eq(sh->name, r.sh[i].name, "%s: section %u name", path, i);
        if (strcmp(elf_shtype_name(sh->type), "?"))
            cr_expect_str_eq(elf_shtype_name(sh->type), r.sh[i].type, "%s: section %u type", path, i);
        cr_expect_eq(sh->addr, r.sh[i].addr, "%s: section %u sh_addr", path, i);
        cr_expect_eq(sh->offset, r.sh[i].off, "%s: section %u sh_offset", path, i);
        cr_expect_eq(sh->size, r.sh[i].size, "%s: section %u sh_size", path, i);
    }
    struct elf_dynamic dyn;
    cr_assert_eq(elf_read_dynamic(&elf, &dyn, &err), 0, "%s", err.msg);
    cr_assert_eq((int)dyn.nneeded, r.nneeded, "%s: DT_NEEDED count", path);
    for (uint32_t i = 0; i < dyn.nneeded; i++)
        cr_expect_str_eq(dyn.needed[i], r.needed[i], "%s: DT_NEEDED %u", path, i);
    if (r.soname[0])
        cr_expect_str_eq(dyn.soname, r.soname, "%s: DT_SONAME", path);
    else
        cr_expect_null(dyn.soname);
    struct elf_symtab syms;
    cr_assert_eq(elf_read_symbols(&elf, ELF_SHT_DYNSYM, &syms, &err), 0, "%s", err.msg);
    cr_expect_eq((long)syms.count, r.nsyms_dyn < 0 ? 0 : r.nsyms_dyn, "%s: .dynsym count", path);
    elf_free_symbols(&syms);
    cr_assert_eq(elf_read_symbols(&elf, ELF_SHT_SYMTAB, &syms, &err), 0, "%s", err.msg);
    cr_expect_eq((long)syms.count, r.nsyms_tab < 0 ? 0 : r.nsyms_tab, "%s: .symtab count", path);
    elf_free_symbols(&syms);
    elf_free_dynamic(&dyn);
    elf_free(&elf);
    free(r.sh);
    free(b.buf);
}

/* Individual symbols against readelf: value, size and name (version suffix dropped). */
static void compare_symbols(const char *path, uint32_t type, const char *table)
{
    struct blob b = load_file(path);
    cr_assert(b.buf);
    struct elf_file elf;
    struct elf_error err;
    cr_assert_eq(elf_parse(b.buf, b.len, path, &elf, &err), 0, "%s", err.msg);
    struct elf_symtab syms;
    cr_assert_eq(elf_read_symbols(&elf, type, &syms, &err), 0, "%s", err.msg);
    char *text = run_capture("readelf -W %s '%s' 2>/dev/null", type == ELF_SHT_DYNSYM ? "--dyn-syms" : "-s", path);
    cr_assert(text);
    char *save = NULL;
    bool in = false;
    int checked = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "Symbol table '", 14)) {
            in = !strncmp(line + 14, table, strlen(table));
            continue;
        }
        unsigned idx;
        uint64_t value, size;
        char stype[16], name[256] = "";
        if (!in || sscanf(line, " %u: %" SCNx64 " %" SCNu64 " %15s %*s %*s %*s %255s", &idx, &value, &size, stype,
                          name) < 4)
            continue;
        cr_assert_lt(idx, syms.count, "%s: symbol %u", path, idx);
        const struct elf_sym *s = &syms.syms[idx];
        cr_expect_eq(s->value, value, "%s: %s symbol %u st_value", path, table, idx);
        cr_expect_eq(s->size, size, "%s: %s symbol %u st_size", path, table, idx);
        char *at = strchr(name, '@');
        if (at)
            *at = 0;
        if (strlen(name) < 200 && strcmp(name, "") && s->name[0])
            cr_expect(!strncmp(s->name, name, strlen(name)), "%s: %s symbol %u name %s vs %s", path, table, idx,
                      s->name, name);
        checked++;
    }
    cr_expect_eq(checked, (int)syms.count, "%s: %s symbols compared", path, table);
    free(text);
    elf_free_symbols(&syms);
    elf_free(&elf);
    free(b.buf);
}

static bool need(const char *path)
{
    if (path && file_exists(path))
        return true;
    return false;
}

#define CLANG_I386_SO "/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.ubsan_minimal-i386.so"

Test(elf_readelf, bin_ls, .timeout = 60)
{
    if (!have_tool("readelf"))
        cr_skip_test("readelf is not installed");
    compare_with_readelf("/bin/ls");
    compare_symbols("/bin/ls", ELF_SHT_DYNSYM, ".dynsym");
}

Test(elf_readelf, busybox_static, .timeout = 60)
{
    if (!need("/bin/busybox"))
        cr_skip_test("/bin/busybox (busybox-static) is missing");
    compare_with_readelf("/bin/busybox");
}

Test(elf_readelf, clang_rt_i386_so, .timeout = 60)
{
    if (!need(CLANG_I386_SO))
        cr_skip_test("no ELF32 shared object from clang's runtime");
    compare_with_readelf(CLANG_I386_SO);
    compare_symbols(CLANG_I386_SO, ELF_SHT_DYNSYM, ".dynsym");
}

Test(elf_readelf, m32_program, .timeout = 60, .fini = cleanup_tmp)
{
    const char *p = build("hello32", "gcc -m32 -O1", hello_c);
    if (!p) {
        /* Criterion shows [SKIP] only with --verbose (and a cr_log_warn before
         * a skip makes it exit 1): say it on stderr so that it is seen. */
        fprintf(stderr, "test_elf: SKIP: gcc -m32 cannot build a program (gcc-multilib is not installed): "
                "ELF32 hello not tested\n");
        cr_skip_test("gcc -m32 cannot build a program (gcc-multilib is not installed): ELF32 hello not tested");
    }
    compare_with_readelf(p);
    compare_symbols(p, ELF_SHT_SYMTAB, ".symtab");
}

Test(elf_readelf, m32_freestanding, .timeout = 60, .fini = cleanup_tmp)
{
    const char *p = build("free32", "gcc -m32 -nostdlib -static -O1", freestanding_c);
    if (!p)
        cr_skip_test("gcc -m32 -nostdlib cannot build");
    compare_with_readelf(p);
    compare_symbols(p, ELF_SHT_SYMTAB, ".symtab");
    struct blob b = load_file(p);
    struct elf_file elf;
    struct elf_error err;
    cr_assert_eq(elf_parse(b.buf, b.len, "free32", &elf, &err), 0, "%s", err.msg);
    cr_expect(!elf.is64);
    cr_expect_eq(elf.machine, ELF_EM_386);
    cr_expect_eq(elf.type, ELF_ET_EXEC);
    elf_free(&elf);
    free(b.buf);
}

Test(elf_readelf, aarch64_program, .timeout = 60, .fini = cleanup_tmp)
{
    const char *p = build("a64", "clang --target=aarch64-linux-gnu -nostdlib -static -fuse-ld=lld -O1", freestanding_c);
    if (!p)
        cr_skip_test("clang cannot build for aarch64 here");
    compare_with_readelf(p);
    struct blob b = load_file(p);
    struct elf_file elf;
    struct elf_error err;
    cr_assert_eq(elf_parse(b.buf, b.len, "a64", &elf, &err), 0, "%s", err.msg);
    cr_expect(elf.is64);
    cr_expect_eq(elf.machine, ELF_EM_AARCH64);
    cr_expect_str_eq(elf_machine_name(elf.machine), "aarch64");
    elf_free(&elf);
    free(b.buf);
}

/* Known facts about /bin/ls: a PIE asking for the x86-64 dynamic loader, needing libc. */
Test(elf_facts, bin_ls)
{
    struct blob b = load_file("/bin/ls");
    cr_assert(b.buf);
    struct elf_file elf;
    struct elf_error err;
    cr_assert_eq(elf_parse(b.buf, b.len, "ls", &elf, &err), 0, "%s", err.msg);
    cr_expect(elf.is64);
    cr_expect_eq(elf.machine, ELF_EM_X86_64);
    cr_expect_eq(elf.type, ELF_ET_DYN);
    cr_expect_str_eq(elf.interp, "/lib64/ld-linux-x86-64.so.2");
    struct elf_dynamic dyn;
    cr_assert_eq(elf_read_dynamic(&elf, &dyn, &err), 0, "%s", err.msg);
    bool libc = false;
    for (uint32_t i = 0; i < dyn.nneeded; i++)
        libc |= !strcmp(dyn.needed[i], "libc.so.6");
    cr_expect(libc);
    cr_expect(dyn.flags_1 & ELF_DF_1_PIE);
    /* The entry point is inside an executable PT_LOAD segment. */
    const uint8_t *code = elf_vaddr_ptr(&elf, elf.entry, 16);
    cr_assert_not_null(code);
    cr_expect_null(elf_vaddr_ptr(&elf, UINT64_MAX - 4, 16));
    elf_free_dynamic(&dyn);
    elf_free(&elf);
    free(b.buf);
}

Test(elf_facts, busybox_static)
{
    if (!need("/bin/busybox"))
        cr_skip_test("busybox-static missing");
    struct blob b = load_file("/bin/busybox");
    struct elf_file elf;
    struct elf_error err;
    cr_assert_eq(elf_parse(b.buf, b.len, "busybox", &elf, &err), 0, "%s", err.msg);
    cr_expect_null(elf.interp, "static: no PT_INTERP");
    struct elf_dynamic dyn;
    cr_assert_eq(elf_read_dynamic(&elf, &dyn, &err), 0, "%s", err.msg);
    cr_expect_eq(dyn.nneeded, 0);
    elf_free_dynamic(&dyn);
    elf_free(&elf);
    free(b.buf);
}

/* ---- the corpus ------------------------------------------------------------- */

static size_t sink;

static void run_all(const uint8_t *buf, size_t len, const char *name, bool *parsed)
{
    struct elf_file elf;
    struct elf_error err = { "" };
    *parsed = false;
    if (elf_parse(buf, len, name, &elf, &err)) {
        check_error_text(name, err.msg, elf_structures);
        return;
    }
    *parsed = true;
    for (uint32_t i = 0; i < elf.nshdrs; i++)
        sink += strlen(elf.shdrs[i].name);
    if (elf.interp)
        sink += strlen(elf.interp);
    uint32_t types[2] = { ELF_SHT_SYMTAB, ELF_SHT_DYNSYM };
    for (int t = 0; t < 2; t++) {
        struct elf_symtab syms;
        if (elf_read_symbols(&elf, types[t], &syms, &err)) {
            check_error_text(name, err.msg, elf_structures);
            continue;
        }
        for (uint32_t i = 0; i < syms.count; i++)
            sink += strlen(syms.syms[i].name);
        elf_free_symbols(&syms);
    }
    struct elf_dynamic dyn;
    if (elf_read_dynamic(&elf, &dyn, &err)) {
        check_error_text(name, err.msg, elf_structures);
    } else {
        for (uint32_t i = 0; i < dyn.nneeded; i++)
            sink += strlen(dyn.needed[i]);
        if (dyn.soname)
            sink += strlen(dyn.soname);
        if (dyn.runpath)
            sink += strlen(dyn.runpath);
        elf_free_dynamic(&dyn);
    }
    const uint8_t *e = elf_vaddr_ptr(&elf, elf.entry, 4);
    if (e)
        sink += e[3];
    elf_free(&elf);
}

struct field { uint64_t off; uint32_t width; };
struct fields { uint32_t n, cap; struct field *f; uint64_t headers_end; };

static void add(struct fields *fs, uint64_t off, uint32_t width, size_t len)
{
    if (off + width > len)
        return;
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? 2 * fs->cap : 256;
        fs->f = realloc(fs->f, fs->cap * sizeof *fs->f);
        cr_assert(fs->f);
    }
    fs->f[fs->n++] = (struct field){ off, width };
}

static uint64_t add_run(struct fields *fs, uint64_t off, const uint8_t *widths, size_t len)
{
    for (; *widths; widths++) {
        add(fs, off, *widths, len);
        off += *widths;
    }
    return off;
}

static void collect_fields(const uint8_t *buf, size_t len, struct fields *fs)
{
    struct elf_file elf;
    struct elf_error err;
    memset(fs, 0, sizeof *fs);
    cr_assert_eq(elf_parse(buf, len, "orig", &elf, &err), 0, "%s", err.msg);
    static const uint8_t ident[] = { 4, 1, 1, 1, 1, 0 };
    static const uint8_t eh64[] = { 2, 2, 4, 8, 8, 8, 4, 2, 2, 2, 2, 2, 2, 0 };
    static const uint8_t eh32[] = { 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2, 2, 0 };
    static const uint8_t ph64[] = { 4, 4, 8, 8, 8, 8, 8, 8, 0 };
    static const uint8_t ph32[] = { 4, 4, 4, 4, 4, 4, 4, 4, 0 };
    static const uint8_t sh64[] = { 4, 4, 8, 8, 8, 8, 4, 4, 8, 8, 0 };
    static const uint8_t sh32[] = { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0 };
    add_run(fs, 0, ident, len);
    add_run(fs, 16, elf.is64 ? eh64 : eh32, len);
    uint64_t phoff = elf.is64 ? rd64(buf + 32) : rd32(buf + 28);
    uint64_t shoff = elf.is64 ? rd64(buf + 40) : rd32(buf + 32);
    uint32_t phsz = elf.is64 ? 56 : 32, shsz = elf.is64 ? 64 : 40;
    for (uint32_t i = 0; i < elf.nphdrs; i++)
        add_run(fs, phoff + (uint64_t)i * phsz, elf.is64 ? ph64 : ph32, len);
    for (uint32_t i = 0; i < elf.nshdrs && i < 64; i++)
        add_run(fs, shoff + (uint64_t)i * shsz, elf.is64 ? sh64 : sh32, len);
    /* The dynamic entries and the first symbols of each table. */
    for (uint32_t i = 0; i < elf.nphdrs; i++) {
        const struct elf_phdr *ph = &elf.phdrs[i];
        if (ph->type != ELF_PT_DYNAMIC)
            continue;
        uint32_t w = elf.is64 ? 8 : 4;
        for (uint64_t k = 0; k < 64 && (k + 1) * w <= ph->filesz; k++)
            add(fs, ph->offset + k * w, w, len);
    }
    for (uint32_t i = 0; i < elf.nshdrs; i++) {
        const struct elf_shdr *sh = &elf.shdrs[i];
        if (sh->type != ELF_SHT_SYMTAB && sh->type != ELF_SHT_DYNSYM)
            continue;
        for (uint64_t k = 0; k < 24 && (k + 1) * 4 <= sh->size; k++)
            add(fs, sh->offset + k * 4, 4, len);
    }
    fs->headers_end = elf.is64 ? 64 : 52;
    elf_free(&elf);
}

static void truncation_corpus(const char *path, const char *label)
{
    struct blob b = load_file(path);
    if (!b.buf)
        cr_skip_test("%s is missing", path);
    struct fields fs;
    collect_fields(b.buf, b.len, &fs);
    struct elf_file elf;
    struct elf_error err;
    cr_assert_eq(elf_parse(b.buf, b.len, label, &elf, &err), 0);
    uint32_t cap = 32 + 4 * fs.n + 6 * (elf.nphdrs + elf.nshdrs), ncuts = 0;
    uint64_t *cuts = calloc(cap, sizeof *cuts);
    cr_assert(cuts);
#define CUT(x) do { uint64_t c_ = (x); if (c_ < b.len && ncuts < cap) cuts[ncuts++] = c_; } while (0)
    for (uint32_t i = 0; i < 20; i++)
        CUT(i);
    CUT(b.len - 1);
    for (uint32_t i = 0; i < fs.n; i++) {
        CUT(fs.f[i].off);
        CUT(fs.f[i].off + 1);
        CUT(fs.f[i].off + fs.f[i].width - 1);
        CUT(fs.f[i].off + fs.f[i].width);
    }
    for (uint32_t i = 0; i < elf.nphdrs; i++) {
        CUT(elf.phdrs[i].offset - 1);
        CUT(elf.phdrs[i].offset);
        CUT(elf.phdrs[i].offset + elf.phdrs[i].filesz - 1);
        CUT(elf.phdrs[i].offset + elf.phdrs[i].filesz);
    }
    for (uint32_t i = 0; i < elf.nshdrs; i++) {
        if (elf.shdrs[i].type == ELF_SHT_NOBITS)
            continue;
        CUT(elf.shdrs[i].offset);
        CUT(elf.shdrs[i].offset + elf.shdrs[i].size - 1);
        CUT(elf.shdrs[i].offset + elf.shdrs[i].size);
    }
#undef CUT
    uint32_t tested = 0;
    for (uint32_t i = 0; i < ncuts; i++) {
        bool dup = false;
        for (uint32_t j = 0; j < i && !dup; j++)
            dup = cuts[j] == cuts[i];
        if (dup)
            continue;
        char name[128];
        snprintf(name, sizeof name, "%s[cut 0x%llx]", label, (unsigned long long)cuts[i]);
        uint8_t *copy = dup_prefix(b.buf, cuts[i]);
        bool parsed;
        run_all(copy, cuts[i], name, &parsed);
        if (cuts[i] < fs.headers_end)
            cr_assert(!parsed, "%s: parsed without a whole ELF header", name);
        free(copy);
        tested++;
    }
    cr_log_info("%s: %u truncated copies", label, tested);
    cr_expect_gt(tested, 50);
    free(cuts);
    free(fs.f);
    elf_free(&elf);
    free(b.buf);
}

static void put(uint8_t *p, uint32_t width, uint64_t v)
{
    for (uint32_t i = 0; i < width; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void field_corpus(const char *path, const char *label)
{
    struct blob b = load_file(path);
    if (!b.buf)
        cr_skip_test("%s is missing", path);
    struct fields fs;
    collect_fields(b.buf, b.len, &fs);
    uint64_t values[] = {
        0, ~0ull, 1, 2, 0x7f, 0x80, 0xffff, 0x7fffffff, 0x80000000u, 0xfffffff0u, b.len, b.len - 1, b.len + 1,
        0x1000, 0x8000000000000000ull, 0x7fffffffffffffffull, 0xffffffffffff0000ull,
    };
    uint32_t nvalues = sizeof values / sizeof values[0], tested = 0, parsed_count = 0;
    uint8_t save[8];
    for (uint32_t i = 0; i < fs.n; i++) {
        struct field f = fs.f[i];
        memcpy(save, b.buf + f.off, f.width);
        for (uint32_t v = 0; v < nvalues; v++) {
            put(b.buf + f.off, f.width, values[v]);
            char name[128];
            snprintf(name, sizeof name, "%s[0x%llx:%u=0x%llx]", label, (unsigned long long)f.off, f.width,
                     (unsigned long long)values[v]);
            bool parsed;
            run_all(b.buf, b.len, name, &parsed);
            parsed_count += parsed;
            tested++;
        }
        memcpy(b.buf + f.off, save, f.width);
    }
    cr_log_info("%s: %u field mutants over %u fields (%u parsed)", label, tested, fs.n, parsed_count);
    cr_expect_gt(tested, 1000);
    free(fs.f);
    free(b.buf);
}

static void flip_corpus(const char *path, const char *label, uint64_t seed, uint32_t count)
{
    struct blob b = load_file(path);
    if (!b.buf)
        cr_skip_test("%s is missing", path);
    struct fields fs;
    collect_fields(b.buf, b.len, &fs);
    uint8_t *orig = dup_prefix(b.buf, b.len);
    struct rng r = { seed };
    uint32_t parsed_count = 0;
    for (uint32_t m = 0; m < count; m++) {
        uint32_t nflips = 1 + rng_below(&r, 6);
        uint64_t where[6];
        for (uint32_t k = 0; k < nflips; k++) {
            uint64_t pos;
            if (rng_below(&r, 4)) {
                struct field f = fs.f[rng_below(&r, fs.n)];
                pos = f.off + rng_below(&r, f.width);
            } else {
                pos = rng_next(&r) % b.len;
            }
            where[k] = pos;
            uint32_t how = rng_below(&r, 4);
            b.buf[pos] = how == 0 ? 0 : how == 1 ? 0xff : (uint8_t)(b.buf[pos] ^ (1u << rng_below(&r, 8)));
        }
        char name[128];
        snprintf(name, sizeof name, "%s[seed 0x%llx mutant %u]", label, (unsigned long long)seed, m);
        bool parsed;
        run_all(b.buf, b.len, name, &parsed);
        parsed_count += parsed;
        for (uint32_t k = 0; k < nflips; k++)
            b.buf[where[k]] = orig[where[k]];
    }
    cr_log_info("%s: %u random mutants (%u parsed)", label, count, parsed_count);
    free(orig);
    free(fs.f);
    free(b.buf);
}

Test(elf_corpus, truncated_ls, .timeout = 120) { truncation_corpus("/bin/ls", "ls"); }
Test(elf_corpus, truncated_busybox, .timeout = 120)
{
    if (!need("/bin/busybox"))
        cr_skip_test("busybox-static missing");
    truncation_corpus("/bin/busybox", "busybox");
}
Test(elf_corpus, fields_ls, .timeout = 120) { field_corpus("/bin/ls", "ls"); }
Test(elf_corpus, fields_busybox, .timeout = 120)
{
    if (!need("/bin/busybox"))
        cr_skip_test("busybox-static missing");
    field_corpus("/bin/busybox", "busybox");
}
Test(elf_corpus, flips_ls, .timeout = 120) { flip_corpus("/bin/ls", "ls", 0xe1f1, 10000); }
Test(elf_corpus, flips_busybox, .timeout = 120)
{
    if (!need("/bin/busybox"))
        cr_skip_test("busybox-static missing");
    flip_corpus("/bin/busybox", "busybox", 0xe1f2, 5000);
}
Test(elf_corpus, elf32_so, .timeout = 120)
{
    if (!need(CLANG_I386_SO))
        cr_skip_test("no ELF32 file");
    truncation_corpus(CLANG_I386_SO, "rt32.so");
    field_corpus(CLANG_I386_SO, "rt32.so");
    flip_corpus(CLANG_I386_SO, "rt32.so", 0xe1f3, 5000);
}
Test(elf_corpus, elf32_freestanding, .timeout = 120, .fini = cleanup_tmp)
{
    const char *p = build("free32", "gcc -m32 -nostdlib -static -O1", freestanding_c);
    if (!p)
        cr_skip_test("gcc -m32 -nostdlib cannot build");
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    truncation_corpus(path, "free32");
    field_corpus(path, "free32");
    flip_corpus(path, "free32", 0xe1f4, 5000);
}

/* ---- exact messages --------------------------------------------------------- */

Test(elf_errors, messages)
{
    struct blob b = load_file("/bin/ls");
    cr_assert(b.buf);
    struct elf_file elf;
    struct elf_error err;
    cr_assert_neq(elf_parse(b.buf, 10, "ls", &elf, &err), 0);
    cr_expect_str_eq(err.msg, "ls: ELF header: e_ident does not start with \"\\177ELF\"");
    b.buf[5] = 2;
    cr_assert_neq(elf_parse(b.buf, b.len, "ls", &elf, &err), 0);
    cr_expect_str_eq(err.msg, "ls: ELF header: EI_DATA 2: only little-endian (1) files are supported");
    b.buf[5] = 1;
    uint8_t save[8];
    memcpy(save, b.buf + 32, 8);
    put(b.buf + 32, 8, b.len - 8);
    cr_assert_neq(elf_parse(b.buf, b.len, "ls", &elf, &err), 0);
    cr_expect(strstr(err.msg, "ls: ELF header: e_phoff 0x") && strstr(err.msg, "program headers past end of file"),
              "%s", err.msg);
    memcpy(b.buf + 32, save, 8);
    cr_assert_eq(elf_parse(b.buf, b.len - 1, "ls", &elf, &err), -1, "section headers sit at the end of the file");
    cr_expect(strstr(err.msg, "ls: ELF header: e_shoff") || strstr(err.msg, "ls: section "), "%s", err.msg);
    free(b.buf);
}

/* ELF32 dynamic program (gcc-multilib): facts and the corpus. */
Test(elf_corpus, elf32_program, .timeout = 120, .fini = cleanup_tmp)
{
    const char *p = build("hello32", "gcc -m32 -O1", hello_c);
    if (!p) {
        fprintf(stderr, "test_elf: SKIP: gcc -m32 cannot build a program (gcc-multilib is not installed): "
                "ELF32 corpus not run\n");
        cr_skip_test("gcc -m32 unavailable (gcc-multilib not installed)");
    }
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    struct blob b = load_file(path);
    struct elf_file elf;
    struct elf_error err;
    cr_assert_eq(elf_parse(b.buf, b.len, "hello32", &elf, &err), 0, "%s", err.msg);
    cr_expect(!elf.is64);
    cr_expect_eq(elf.machine, ELF_EM_386);
    cr_expect_str_eq(elf.interp, "/lib/ld-linux.so.2");
    struct elf_dynamic dyn;
    cr_assert_eq(elf_read_dynamic(&elf, &dyn, &err), 0, "%s", err.msg);
    cr_assert_geq(dyn.nneeded, 1);
    cr_expect_str_eq(dyn.needed[dyn.nneeded - 1], "libc.so.6");
    elf_free_dynamic(&dyn);
    elf_free(&elf);
    free(b.buf);
    truncation_corpus(path, "hello32");
    field_corpus(path, "hello32");
    flip_corpus(path, "hello32", 0xe1f5, 5000);
}
