/*
 * test_pe_corpus.c - malformed PE files must give an error naming the file,
 * the structure and the field, and never crash, hang or read outside the
 * buffer (run under `make check SAN=1` for ASan+UBSan).
 *
 * The corpus is derived from real files (the unit-test fixtures, Wine's
 * notepad.exe): truncated copies at every header-field boundary, every
 * section boundary and every data-directory boundary; every header field,
 * section-table field and the first words of every data directory's body set
 * to 0, all ones, sign bits, file-size and image-size values; and thousands
 * of random byte flips with fixed seeds. Each mutant goes through pe_parse and
 * every pe_read_*. Buffers are allocated at exactly the file's size so that
 * ASan sees a read of even one byte too far.
 */
#include "tests/unit/unit_util.h"
#include "loader/pe.h"
#include "loader/bytes.h"

#define FIX "build/tests/fixtures/"
#define WINE64 "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/"

static const char *const pe_structures[] = {
    "DOS header", "NT headers", "file header", "optional header", "section table", "section ",
    "import directory", "import table of ", "delay import directory", "delay import table of ",
    "export directory", "base relocation directory", "base relocation block", "TLS directory",
    "exception directory", "resource directory", NULL,
};

/* Touch every string and array the readers hand out, so that ASan and UBSan
 * see any pointer that is not inside the buffer. */
static size_t sink;

static void run_all(const uint8_t *buf, size_t len, const char *name, bool *parsed)
{
    struct pe_file pe;
    struct pe_error err = { "" };
    *parsed = false;
    if (pe_parse(buf, len, name, &pe, &err)) {
        check_error_text(name, err.msg, pe_structures);
        return;
    }
    *parsed = true;
    for (uint32_t i = 0; i < pe.nsections; i++) {
        cr_assert_leq((uint64_t)pe.sections[i].vaddr + pe.sections[i].vsize, pe.size_of_image);
        if (pe.sections[i].raw_size)
            cr_assert_leq((uint64_t)pe.sections[i].raw_off + pe.sections[i].raw_size, len);
        if (pe.sections[i].long_name)
            sink += strlen(pe.sections[i].long_name);
    }

    uint32_t rva;
    if (pe_coff_symbol(&pe, "main", &rva) == 0)
        cr_assert_lt(rva, pe.size_of_image);
    pe_coff_symbol(&pe, "a_name_longer_than_eight", &rva);

    struct pe_imports imp;
    if (pe_read_imports(&pe, &imp, &err)) {
        check_error_text(name, err.msg, pe_structures);
    } else {
        for (uint32_t i = 0; i < imp.ndlls; i++) {
            sink += strlen(imp.dlls[i].dll);
            for (uint32_t j = 0; j < imp.dlls[i].nimports; j++) {
                const struct pe_import *x = &imp.dlls[i].imports[j];
                if (x->name)
                    sink += strlen(x->name);
                cr_assert_leq((uint64_t)x->iat_rva + (pe.is64 ? 8 : 4), pe.size_of_image);
            }
        }
        pe_free_imports(&imp);
    }

    struct pe_exports exp;
    if (pe_read_exports(&pe, &exp, &err)) {
        check_error_text(name, err.msg, pe_structures);
    } else {
        if (exp.dll_name)
            sink += strlen(exp.dll_name);
        for (uint32_t i = 0; i < exp.count; i++) {
            if (exp.exports[i].name)
                sink += strlen(exp.exports[i].name);
            if (exp.exports[i].forward)
                sink += strlen(exp.exports[i].forward);
            cr_assert_lt(exp.exports[i].rva, pe.size_of_image);
        }
        pe_free_exports(&exp);
    }

    struct pe_relocs rel;
    if (pe_read_relocs(&pe, &rel, &err)) {
        check_error_text(name, err.msg, pe_structures);
    } else {
        for (uint32_t i = 0; i < rel.count; i++)
            cr_assert_lt(rel.relocs[i].rva, pe.size_of_image);
        pe_free_relocs(&rel);
    }

    struct pe_tls tls;
    if (pe_read_tls(&pe, &tls, &err))
        check_error_text(name, err.msg, pe_structures);

    const struct pe_runtime_function *pd;
    int n = pe_read_pdata(&pe, &pd, &err);
    if (n < 0)
        check_error_text(name, err.msg, pe_structures);
    for (int i = 0; i < n; i++)
        sink += pd[i].begin + pd[i].end + pd[i].unwind;

    struct pe_resources res;
    if (pe_read_resources(&pe, &res, &err)) {
        check_error_text(name, err.msg, pe_structures);
    } else {
        for (uint32_t i = 0; i < res.count; i++) {
            const uint16_t *nm[2] = { res.res[i].type_name, res.res[i].name_name };
            for (int k = 0; k < 2; k++)
                if (nm[k])
                    for (uint32_t c = 0; c <= nm[k][0]; c++)
                        sink += nm[k][c];
            cr_assert_leq((uint64_t)res.res[i].data_rva + res.res[i].size, pe.size_of_image);
        }
        pe_free_resources(&res);
    }
    pe_free(&pe);
}

/* ---- where the fields are -------------------------------------------------- */

struct field { uint32_t off, width; };
struct fields { uint32_t n, cap; struct field *f; uint32_t headers_end; };

static void add(struct fields *fs, size_t off, uint32_t width, size_t len)
{
    if (off + width > len)
        return;
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? 2 * fs->cap : 256;
        fs->f = realloc(fs->f, fs->cap * sizeof *fs->f);
        cr_assert(fs->f);
    }
    fs->f[fs->n++] = (struct field){ (uint32_t)off, width };
}

/* A run of consecutive fields of the given widths (0 ends the list). */
static size_t add_run(struct fields *fs, size_t off, const uint8_t *widths, size_t len)
{
    for (; *widths; widths++) {
        add(fs, off, *widths, len);
        off += *widths;
    }
    return off;
}

/* The file offset of an RVA, or SIZE_MAX. */
static size_t file_off(const struct pe_file *pe, uint32_t rva, uint32_t size)
{
    const uint8_t *p = pe_rva_ptr(pe, rva, size);
    return p ? (size_t)(p - pe->buf) : SIZE_MAX;
}

/* Every field of the headers and section table, and the leading words of each
 * data directory's body (descriptors, thunks, tables), of a well-formed file. */
static void collect_fields(const uint8_t *buf, size_t len, struct fields *fs)
{
    struct pe_file pe;
    struct pe_error err;
    memset(fs, 0, sizeof *fs);
    cr_assert_eq(pe_parse(buf, len, "orig", &pe, &err), 0, "%s", err.msg);
    static const uint8_t file_hdr[] = { 2, 2, 4, 4, 4, 2, 2, 0 };
    static const uint8_t opt64[] = { 2, 1, 1, 4, 4, 4, 4, 4, 8, 4, 4, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 2, 2,
                                     8, 8, 8, 8, 4, 4, 0 };
    static const uint8_t opt32[] = { 2, 1, 1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 2, 2,
                                     4, 4, 4, 4, 4, 4, 0 };
    static const uint8_t section[] = { 8, 4, 4, 4, 4, 4, 4, 2, 2, 4, 0 };
    add(fs, 0, 2, len);
    add(fs, 0x3c, 4, len);
    size_t nt = rd32(buf + 0x3c);
    add(fs, nt, 4, len);
    size_t opt = add_run(fs, nt + 4, file_hdr, len);
    size_t dirs = add_run(fs, opt, pe.is64 ? opt64 : opt32, len);
    for (uint32_t i = 0; i < pe.ndirs; i++) {
        add(fs, dirs + 8 * i, 4, len);
        add(fs, dirs + 8 * i + 4, 4, len);
    }
    size_t sec = opt + rd16(buf + nt + 20);
    for (uint32_t i = 0; i < pe.nsections; i++)
        add_run(fs, sec + 40 * i, section, len);
    fs->headers_end = (uint32_t)(sec + 40 * pe.nsections);

    /* Directory bodies: up to 64 leading 4-byte words (2-byte ones for relocation
     * entries after each block header would be too many; the words cover them). */
    for (uint32_t d = 0; d < pe.ndirs; d++) {
        if (!pe.dirs[d].rva || d == PE_DIR_SECURITY)
            continue;
        uint32_t words = pe.dirs[d].size / 4 < 64 ? pe.dirs[d].size / 4 : 64;
        for (uint32_t w = 0; w < words; w++) {
            size_t off = file_off(&pe, pe.dirs[d].rva + 4 * w, 4);
            if (off != SIZE_MAX)
                add(fs, off, 4, len);
        }
    }
    /* The thunk arrays the import descriptors point at, and export tables. */
    struct pe_imports imp;
    if (pe_read_imports(&pe, &imp, &err) == 0) {
        for (uint32_t i = 0; i < imp.ndlls; i++) {
            for (uint32_t j = 0; j < imp.dlls[i].nimports && j < 3; j++) {
                size_t off = file_off(&pe, imp.dlls[i].imports[j].iat_rva, 4);
                if (off != SIZE_MAX)
                    add(fs, off, pe.is64 ? 8 : 4, len);
            }
        }
        pe_free_imports(&imp);
    }
    if (pe.dirs[PE_DIR_EXPORT].rva) {
        const uint8_t *ed = pe_rva_ptr(&pe, pe.dirs[PE_DIR_EXPORT].rva, 40);
        if (ed) {
            for (int k = 0; k < 3; k++) {
                uint32_t tab = rd32(ed + 28 + 4 * k);
                for (uint32_t w = 0; w < 4; w++) {
                    size_t off = file_off(&pe, tab + 4 * w, 4);
                    if (off != SIZE_MAX)
                        add(fs, off, k == 2 ? 2 : 4, len);
                }
            }
        }
    }
    /* The resource tree: the root table and a few levels of entries. */
    if (pe.dirs[PE_DIR_RESOURCE].rva) {
        for (uint32_t w = 0; w < 64; w++) {
            size_t off = file_off(&pe, pe.dirs[PE_DIR_RESOURCE].rva + 4 * w, 4);
            if (off != SIZE_MAX)
                add(fs, off, w % 4 == 3 ? 2 : 4, len);
        }
    }
    pe_free(&pe);
}

/* ---- truncation ------------------------------------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void truncation_corpus(const char *path, const char *label)
{
    struct blob b = load_file(path);
    if (!b.buf)
        cr_skip_test("%s is missing", path);
    struct fields fs;
    collect_fields(b.buf, b.len, &fs);
    struct pe_file pe;
    struct pe_error err;
    cr_assert_eq(pe_parse(b.buf, b.len, label, &pe, &err), 0);

    /* Cut points: both ends of every field, every section's raw data and every
     * data directory, one byte either side, and the tiny sizes. */
    uint32_t ncuts = 0, cap = 16 + 4 * fs.n + 6 * pe.nsections + 6 * PE_DIR_COUNT;
    uint32_t *cuts = calloc(cap, sizeof *cuts);
    cr_assert(cuts);
#define CUT(x) do { uint64_t c_ = (x); if (c_ < b.len && ncuts < cap) cuts[ncuts++] = (uint32_t)c_; } while (0)
    for (uint32_t i = 0; i < 8; i++)
        CUT(i);
    CUT(0x3f);
    CUT(0x40);
    CUT(b.len - 1);
    for (uint32_t i = 0; i < fs.n; i++) {
        CUT(fs.f[i].off);
        CUT(fs.f[i].off + 1);
        CUT(fs.f[i].off + fs.f[i].width - 1);
        CUT(fs.f[i].off + fs.f[i].width);
    }
    for (uint32_t i = 0; i < pe.nsections; i++) {
        const struct pe_section *s = &pe.sections[i];
        CUT(s->raw_off - 1);
        CUT(s->raw_off);
        CUT(s->raw_off + 1);
        CUT(s->raw_off + s->raw_size - 1);
        CUT(s->raw_off + s->raw_size);
        CUT(s->raw_off + s->raw_size / 2);
    }
    for (uint32_t d = 0; d < PE_DIR_COUNT; d++) {
        size_t off = file_off(&pe, pe.dirs[d].rva, 1);
        if (!pe.dirs[d].rva || off == SIZE_MAX)
            continue;
        CUT(off - 1);
        CUT(off);
        CUT(off + 1);
        CUT(off + pe.dirs[d].size / 2);
        CUT(off + pe.dirs[d].size - 1);
        CUT(off + pe.dirs[d].size);
    }
#undef CUT
    qsort(cuts, ncuts, sizeof *cuts, cmp_u32);
    uint32_t tested = 0;
    for (uint32_t i = 0; i < ncuts; i++) {
        if (i && cuts[i] == cuts[i - 1])
            continue;
        char name[128];
        snprintf(name, sizeof name, "%s[cut 0x%x]", label, cuts[i]);
        uint8_t *copy = dup_prefix(b.buf, cuts[i]);
        bool parsed;
        run_all(copy, cuts[i], name, &parsed);
        /* Without a complete section table (and SizeOfHeaders) there is no image. */
        if (cuts[i] < fs.headers_end || cuts[i] < pe.size_of_headers)
            cr_assert(!parsed, "%s: parsed although the headers are cut", name);
        free(copy);
        tested++;
    }
    cr_log_info("%s: %u truncated copies", label, tested);
    cr_expect_gt(tested, 100);
    free(cuts);
    free(fs.f);
    pe_free(&pe);
    free(b.buf);
}

Test(pe_corpus, truncated_fixexe64, .timeout = 120) { truncation_corpus(FIX "fixexe_x86_64.exe", "fixexe_x86_64.exe"); }
Test(pe_corpus, truncated_fixexe32, .timeout = 120) { truncation_corpus(FIX "fixexe_i686.exe", "fixexe_i686.exe"); }
Test(pe_corpus, truncated_fixdll64, .timeout = 120) { truncation_corpus(FIX "fixdll_x86_64.dll", "fixdll_x86_64.dll"); }
Test(pe_corpus, truncated_notepad, .timeout = 120)
{
    if (!file_exists(WINE64 "notepad.exe"))
        cr_skip_test("Wine's notepad.exe is missing");
    truncation_corpus(WINE64 "notepad.exe", "notepad.exe");
}

/* ---- field mutations --------------------------------------------------------- */

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
    struct pe_file pe;
    struct pe_error err;
    cr_assert_eq(pe_parse(b.buf, b.len, label, &pe, &err), 0);
    uint64_t values[] = {
        0, ~0ull, 1, 2, 0x7f, 0x80, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000u, 0xfffffff0u,
        b.len, b.len - 1, b.len + 1, pe.size_of_image, pe.size_of_image - 1, pe.size_of_headers, 0x1000,
        0x8000000000000000ull, 0x7fffffffffffffffull,
    };
    uint32_t nvalues = sizeof values / sizeof values[0];
    uint8_t save[8];
    uint32_t tested = 0, parsed_count = 0;
    for (uint32_t i = 0; i < fs.n; i++) {
        struct field f = fs.f[i];
        memcpy(save, b.buf + f.off, f.width);
        uint64_t orig = 0;
        for (uint32_t k = 0; k < f.width; k++)
            orig |= (uint64_t)save[k] << (8 * k);
        for (uint32_t v = 0; v < nvalues + 2; v++) {
            uint64_t val = v < nvalues ? values[v] : v == nvalues ? orig + 1 : orig - 1;
            put(b.buf + f.off, f.width, val);
            char name[128];
            snprintf(name, sizeof name, "%s[0x%x:%u=0x%llx]", label, f.off, f.width, (unsigned long long)val);
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
    pe_free(&pe);
    free(b.buf);
}

Test(pe_corpus, fields_fixexe64, .timeout = 120) { field_corpus(FIX "fixexe_x86_64.exe", "fixexe_x86_64.exe"); }
Test(pe_corpus, fields_fixexe32, .timeout = 120) { field_corpus(FIX "fixexe_i686.exe", "fixexe_i686.exe"); }
Test(pe_corpus, fields_fixdll64, .timeout = 120) { field_corpus(FIX "fixdll_x86_64.dll", "fixdll_x86_64.dll"); }
Test(pe_corpus, fields_fixdll32, .timeout = 120) { field_corpus(FIX "fixdll_i686.dll", "fixdll_i686.dll"); }

/* ---- random byte flips ----------------------------------------------------- */

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
        uint32_t where[6];
        for (uint32_t k = 0; k < nflips; k++) {
            /* Mostly bytes of known fields (where a flip changes meaning), some anywhere. */
            uint32_t pos;
            if (rng_below(&r, 4)) {
                struct field f = fs.f[rng_below(&r, fs.n)];
                pos = f.off + rng_below(&r, f.width);
            } else {
                pos = rng_below(&r, (uint32_t)b.len);
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
    cr_assert(!memcmp(b.buf, orig, b.len));
    cr_log_info("%s: %u random mutants (%u parsed)", label, count, parsed_count);
    free(orig);
    free(fs.f);
    free(b.buf);
}

Test(pe_corpus, flips_fixexe64, .timeout = 120) { flip_corpus(FIX "fixexe_x86_64.exe", "fixexe_x86_64.exe", 0x5eed1, 10000); }
Test(pe_corpus, flips_fixexe32, .timeout = 120) { flip_corpus(FIX "fixexe_i686.exe", "fixexe_i686.exe", 0x5eed2, 10000); }
Test(pe_corpus, flips_fixdll64, .timeout = 120) { flip_corpus(FIX "fixdll_x86_64.dll", "fixdll_x86_64.dll", 0x5eed3, 10000); }
Test(pe_corpus, flips_notepad, .timeout = 120)
{
    if (!file_exists(WINE64 "notepad.exe"))
        cr_skip_test("Wine's notepad.exe is missing");
    flip_corpus(WINE64 "notepad.exe", "notepad.exe", 0x5eed4, 5000);
}

/* ---- hand-made hostile structures ----------------------------------------- */

/* A minimal valid PE32+ image: headers in 0x200 bytes, one section .data at
 * RVA 0x1000 (file 0x200, 0x200 bytes). Tests then point a directory into it. */
static uint8_t *tiny_pe(size_t *len)
{
    *len = 0x400;
    uint8_t *b = calloc(1, *len);
    cr_assert(b);
    b[0] = 'M';
    b[1] = 'Z';
    put(b + 0x3c, 4, 0x40);
    memcpy(b + 0x40, "PE\0\0", 4);
    uint8_t *fh = b + 0x44;
    put(fh, 2, PE_MACHINE_AMD64);
    put(fh + 2, 2, 1);
    put(fh + 16, 2, 240);
    put(fh + 18, 2, 0x22);
    uint8_t *opt = fh + 20;
    put(opt, 2, 0x20b);
    put(opt + 16, 4, 0x1000);
    put(opt + 24, 8, 0x140000000ull);
    put(opt + 32, 4, 0x1000);
    put(opt + 36, 4, 0x200);
    put(opt + 56, 4, 0x2000);
    put(opt + 60, 4, 0x200);
    put(opt + 68, 2, 3);
    put(opt + 108, 4, 16);
    uint8_t *sec = opt + 240;
    memcpy(sec, ".data", 5);
    put(sec + 8, 4, 0x200);
    put(sec + 12, 4, 0x1000);
    put(sec + 16, 4, 0x200);
    put(sec + 20, 4, 0x200);
    put(sec + 36, 4, PE_SCN_MEM_READ | PE_SCN_MEM_WRITE);
    return b;
}

static void set_dir(uint8_t *b, int d, uint32_t rva, uint32_t size)
{
    put(b + 0x44 + 20 + 112 + 8 * d, 4, rva);
    put(b + 0x44 + 20 + 112 + 8 * d + 4, 4, size);
}

Test(pe_hostile, tiny_is_valid)
{
    size_t len;
    uint8_t *b = tiny_pe(&len);
    bool parsed;
    run_all(b, len, "tiny.exe", &parsed);
    cr_expect(parsed);
    free(b);
}

/* Every descriptor points at the same long thunk array: bounded in total. */
Test(pe_hostile, shared_thunk_arrays, .timeout = 30)
{
    size_t len;
    uint8_t *b = tiny_pe(&len);
    uint8_t *d = b + 0x200;
    /* descriptors at 0x1000.. (file 0x200), 10 of them, then thunks at 0x1100 */
    for (int i = 0; i < 10; i++) {
        put(d + 20 * i, 4, 0x1100);
        put(d + 20 * i + 12, 4, 0x11f0);
        put(d + 20 * i + 16, 4, 0x1100);
    }
    for (int i = 0; i < 30; i++)
        put(b + 0x300 + 8 * i, 8, 0x8000000000000001ull + i);   /* ordinals, no terminator */
    memcpy(b + 0x3f0, "x.dll", 6);
    set_dir(b, PE_DIR_IMPORT, 0x1000, 200);
    struct pe_file pe;
    struct pe_error err;
    cr_assert_eq(pe_parse(b, len, "shared.exe", &pe, &err), 0, "%s", err.msg);
    struct pe_imports imp;
    cr_assert_neq(pe_read_imports(&pe, &imp, &err), 0);
    cr_expect(strstr(err.msg, "shared.exe: import table of x.dll: thunk"), "%s", err.msg);
    pe_free(&pe);
    free(b);
}

/* A resource subtable that points at itself or back up the tree is a loop. */
Test(pe_hostile, resource_loop)
{
    size_t len;
    uint8_t *b = tiny_pe(&len);
    uint8_t *r = b + 0x200;
    put(r + 14, 2, 1);                 /* one id entry */
    put(r + 16, 4, 3);
    put(r + 20, 4, 0x80000000u);       /* subdirectory at offset 0: the root itself */
    set_dir(b, PE_DIR_RESOURCE, 0x1000, 0x100);
    struct pe_file pe;
    struct pe_error err;
    cr_assert_eq(pe_parse(b, len, "loop.exe", &pe, &err), 0, "%s", err.msg);
    struct pe_resources res;
    cr_assert_neq(pe_read_resources(&pe, &res, &err), 0);
    cr_expect(strstr(err.msg, "loop.exe: resource directory: table at offset 0x0: OffsetToData points back"),
              "%s", err.msg);
    pe_free(&pe);
    free(b);
}

/* An export name index past NumberOfFunctions, and a name that runs off the file. */
Test(pe_hostile, export_tables)
{
    size_t len;
    uint8_t *b = tiny_pe(&len);
    uint8_t *e = b + 0x200;
    put(e + 16, 4, 1);          /* Base */
    put(e + 20, 4, 1);          /* NumberOfFunctions */
    put(e + 24, 4, 1);          /* NumberOfNames */
    put(e + 28, 4, 0x1040);
    put(e + 32, 4, 0x1050);
    put(e + 36, 4, 0x1060);
    put(b + 0x240, 4, 0x1100);  /* function RVA */
    put(b + 0x250, 4, 0x11fc);  /* name RVA: 4 bytes before the end of the raw data */
    memset(b + 0x3fc, 'A', 4);  /* unterminated */
    set_dir(b, PE_DIR_EXPORT, 0x1000, 0x40);
    struct pe_file pe;
    struct pe_error err;
    cr_assert_eq(pe_parse(b, len, "exp.dll", &pe, &err), 0, "%s", err.msg);
    struct pe_exports exp;
    cr_assert_neq(pe_read_exports(&pe, &exp, &err), 0);
    cr_expect(strstr(err.msg, "exp.dll: export directory: AddressOfNames entry 0"), "%s", err.msg);
    put(b + 0x260, 2, 1);       /* ordinal index 1 >= NumberOfFunctions 1 */
    cr_assert_neq(pe_read_exports(&pe, &exp, &err), 0);
    cr_expect(strstr(err.msg, "exp.dll: export directory: AddressOfNameOrdinals entry 0 is 1"), "%s", err.msg);
    pe_free(&pe);
    free(b);
}

/* Two names for one function: both are found, with the same ordinal. */
Test(pe_hostile, export_alias)
{
    size_t len;
    uint8_t *b = tiny_pe(&len);
    uint8_t *e = b + 0x200;
    put(e + 16, 4, 5);
    put(e + 20, 4, 1);
    put(e + 24, 4, 2);
    put(e + 28, 4, 0x1040);
    put(e + 32, 4, 0x1050);
    put(e + 36, 4, 0x1060);
    put(b + 0x240, 4, 0x1100);
    put(b + 0x250, 4, 0x1080);
    put(b + 0x254, 4, 0x1088);
    memcpy(b + 0x280, "first", 6);
    memcpy(b + 0x288, "second", 7);
    set_dir(b, PE_DIR_EXPORT, 0x1000, 0x40);
    struct pe_file pe;
    struct pe_error err;
    cr_assert_eq(pe_parse(b, len, "alias.dll", &pe, &err), 0, "%s", err.msg);
    struct pe_exports exp;
    cr_assert_eq(pe_read_exports(&pe, &exp, &err), 0, "%s", err.msg);
    cr_assert_eq(exp.count, 2);
    cr_expect_str_eq(exp.exports[0].name, "first");
    cr_expect_str_eq(exp.exports[1].name, "second");
    cr_expect_eq(exp.exports[0].ordinal, 5);
    cr_expect_eq(exp.exports[1].ordinal, 5);
    cr_expect_eq(exp.exports[1].rva, 0x1100);
    pe_free_exports(&exp);
    pe_free(&pe);
    free(b);
}

/* Header checks with exact messages. */
Test(pe_hostile, header_messages)
{
    size_t len;
    uint8_t *b = tiny_pe(&len);
    struct pe_file pe;
    struct pe_error err;
    put(b + 0x3c, 4, 0x3f0);
    cr_assert_neq(pe_parse(b, len, "h.exe", &pe, &err), 0);
    cr_expect_str_eq(err.msg, "h.exe: DOS header: e_lfanew 0x3f0 past end of file (size 0x400)");
    put(b + 0x3c, 4, 0x40);
    put(b + 0x44 + 20 + 60, 4, 0x9000);
    cr_assert_neq(pe_parse(b, len, "h.exe", &pe, &err), 0);
    cr_expect_str_eq(err.msg, "h.exe: optional header: SizeOfHeaders 0x9000 past end of file (size 0x400)");
    put(b + 0x44 + 20 + 60, 4, 0x200);
    put(b + 0x44 + 20 + 24, 8, 0xffffffffffff0000ull);
    put(b + 0x44 + 20 + 56, 4, 0x20000);
    cr_assert_neq(pe_parse(b, len, "h.exe", &pe, &err), 0);
    cr_expect(strstr(err.msg, "h.exe: optional header: ImageBase 0xffffffffffff0000 + SizeOfImage 0x20000 wraps"),
              "%s", err.msg);
    free(b);
}
