/*
 * test_pe_map.c - loader/pe_map.c and loader/pe_cache.c: an image mapped from
 * a file (the PE file itself when its layout allows, else the image cache's
 * laid-out copy) has exactly the bytes of the image pe_map copies, the cache
 * is made once and reused, a changed file is never served a stale entry,
 * and a file changed too recently to trust its timestamps is not cached.
 *
 * Files: the fixtures built by the Makefile (fixdll_x86_64.dll: FileAlignment
 * 0x200, mapped through the cache; fixdll_aligned.dll: FileAlignment 0x1000,
 * mapped from itself), copied into a private directory so that their
 * timestamps and the cache (MIMIC_IMAGE_CACHE) are the test's own.
 */
#include "tests/unit/unit_util.h"
#include "loader/pe_map.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>

#define FIX "build/tests/fixtures/"

static char workdir[64], cachedir[96];

/* The copy's timestamps are older than pe_cache's racy window (2 s). */
static void wait_not_racy(const char *path)
{
    struct stat st;
    cr_assert(!stat(path, &st));
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        if (now.tv_sec > st.st_ctim.tv_sec + 2 && now.tv_sec > st.st_mtim.tv_sec + 2)
            return;
        usleep(200 * 1000);
    }
}

static void copy_fixture(const char *from, const char *to)
{
    struct blob b = load_file(from);
    cr_assert(b.buf, "%s is missing (built by make check-unit)", from);
    FILE *f = fopen(to, "wb");
    cr_assert(f && fwrite(b.buf, 1, b.len, f) == b.len && !fclose(f));
    free(b.buf);
}

static void setup(void)
{
    strcpy(workdir, "/tmp/mimic-pemap.XXXXXX");
    cr_assert(mkdtemp(workdir));
    snprintf(cachedir, sizeof cachedir, "%s/cache", workdir);
    setenv("MIMIC_IMAGE_CACHE", cachedir, 1);
}

static void teardown(void)
{
    char *s = run_capture("rm -rf '%s'", workdir);
    free(s);
}

static int cache_entries(void)
{
    DIR *d = opendir(cachedir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        n += strstr(de->d_name, ".img") != NULL;
    closedir(d);
    return n;
}

/* The file behind the mapping at p in /proc/self/maps ("" for anonymous). */
static void mapping_file(const void *p, char *out, size_t n)
{
    FILE *f = fopen("/proc/self/maps", "r");
    cr_assert(f);
    char line[512];
    out[0] = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        int off = 0;
        if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &lo, &hi, &off) < 2 || !off)
            continue;
        if ((uintptr_t)p >= lo && (uintptr_t)p < hi) {
            snprintf(out, n, "%s", line + off);
            out[strcspn(out, "\n")] = 0;
            break;
        }
    }
    fclose(f);
}

struct loaded {
    struct blob file;
    struct pe_file pe;
    int fd;
    struct stat st;
};

static void load(const char *path, struct loaded *l)
{
    l->file = load_file(path);
    cr_assert(l->file.buf);
    struct pe_error err;
    cr_assert(!pe_parse(l->file.buf, l->file.len, path, &l->pe, &err), "%s", err.msg);
    l->fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert(l->fd >= 0 && !fstat(l->fd, &l->st));
}

static void unload(struct loaded *l)
{
    close(l->fd);
    pe_free(&l->pe);
    free(l->file.buf);
}

/* pe_map's copy of the image (the reference), in a malloc'd buffer, with
 * the delta it was relocated by (the preferred base may be taken: under
 * ASan its shadow covers the fixtures' bases). */
static uint8_t *copied_image(struct loaded *l, size_t *size, int64_t *delta)
{
    struct pe_image img;
    struct pe_error err;
    cr_assert(!pe_map(&l->pe, &img, &err), "%s", err.msg);
    uint8_t *ref = malloc(img.size);
    cr_assert(ref);
    memcpy(ref, img.base, img.size);
    *size = img.size;
    *delta = img.delta;
    pe_unmap(&img);
    return ref;
}

static uint64_t rd64_at(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* pe_map_file's image equals the copy: byte for byte, except that
 * relocated quadwords and the header's ImageBase may differ by the
 * difference of the two deltas. *backing gets the mapping's file. */
static void check_mapped(struct loaded *l, const uint8_t *ref, size_t size, int64_t ref_delta, char *backing,
                         size_t n)
{
    struct pe_image img;
    struct pe_error err;
    cr_assert(!pe_map_file(&l->pe, l->fd, &l->st, &img, &err), "%s", err.msg);
    cr_assert_eq(img.size, size);
    uint8_t *skip = calloc(size, 1);
    cr_assert(skip);
    struct pe_relocs rel;
    cr_assert(!pe_read_relocs(&l->pe, &rel, &err), "%s", err.msg);
    for (uint32_t i = 0; i < rel.count; i++) {
        cr_assert_eq(rel.relocs[i].type, PE_REL_DIR64, "x86-64 fixtures have DIR64 relocations only");
        uint32_t r = rel.relocs[i].rva;
        cr_expect_eq(rd64_at(img.base + r) - (uint64_t)img.delta, rd64_at(ref + r) - (uint64_t)ref_delta,
                     "relocated quadword at 0x%x differs", r);
        memset(skip + r, 1, 8);
    }
    pe_free_relocs(&rel);
    uint32_t lfanew;
    memcpy(&lfanew, ref + 0x3c, 4);
    memset(skip + lfanew + 24 + 24, 1, 8);   /* ImageBase: where each was put */
    cr_expect_eq(rd64_at(img.base + lfanew + 48), l->pe.image_base + (uint64_t)img.delta);
    for (size_t i = 0; i < size; i++)
        if (!skip[i] && img.base[i] != ref[i])
            cr_assert_fail("image byte 0x%zx differs: mapped 0x%02x, copied 0x%02x", i, img.base[i], ref[i]);
    free(skip);
    mapping_file(img.base + l->pe.sections[0].vaddr, backing, n);
    pe_unmap(&img);
}

TestSuite(pe_map, .init = setup, .fini = teardown, .timeout = 60);

Test(pe_map, unaligned_file_goes_through_the_cache)
{
    char path[160], backing[512];
    snprintf(path, sizeof path, "%s/fixdll.dll", workdir);
    copy_fixture(FIX "fixdll_x86_64.dll", path);

    /* Fresh file: timestamps not trusted yet, so copied and not cached. */
    struct loaded l;
    load(path, &l);
    cr_assert_neq(l.pe.file_align % (uint32_t)sysconf(_SC_PAGESIZE), 0, "fixture must not be page-aligned");
    size_t size;
    int64_t delta;
    uint8_t *ref = copied_image(&l, &size, &delta);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_expect_eq(cache_entries(), 0, "a file changed within 2 s was cached");
    cr_expect_str_empty(backing, "racy file mapped from %s", backing);
    unload(&l);

    /* Settled: the entry is made, then reused (same entry file). */
    wait_not_racy(path);
    load(path, &l);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_assert_eq(cache_entries(), 1);
    cr_expect(strstr(backing, cachedir) && strstr(backing, ".img"), "mapped from '%s', not the cache", backing);
    struct stat e1, e2;
    cr_assert(!stat(backing, &e1));
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_assert(!stat(backing, &e2));
    cr_expect_eq(e1.st_ino, e2.st_ino, "the entry was made again instead of reused");
    cr_expect_eq(cache_entries(), 1);
    free(ref);

    /* ImageBase taken: both relocate (relocations written over the
     * privately mapped entry must not reach it). */
    void *block = mmap((void *)(uintptr_t)l.pe.image_base, 4096, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    ref = copied_image(&l, &size, &delta);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_expect(strstr(backing, ".img"), "relocated image mapped from '%s', not the cache", backing);
    if (block != MAP_FAILED)
        munmap(block, 4096);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);   /* the entry is unchanged */
    unload(&l);
    free(ref);

    /* Rewritten in place (same inode, same size, one byte of .text
     * changed): never the old entry, first copied, then a new entry. */
    struct blob b = load_file(path);
    struct loaded tmp;
    load(path, &tmp);
    uint32_t off = tmp.pe.sections[0].raw_off + 16;
    unload(&tmp);
    b.buf[off] ^= 0xff;
    int fd = open(path, O_WRONLY);
    cr_assert(fd >= 0 && pwrite(fd, b.buf, b.len, 0) == (ssize_t)b.len && !close(fd));
    free(b.buf);
    load(path, &l);
    ref = copied_image(&l, &size, &delta);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_expect_str_empty(backing, "racy rewritten file mapped from %s", backing);
    unload(&l);
    wait_not_racy(path);
    load(path, &l);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_expect(strstr(backing, ".img"), "mapped from '%s', not the cache", backing);
    cr_assert(!stat(backing, &e2));
    cr_expect_neq(e1.st_ino, e2.st_ino, "the stale entry was used");
    cr_expect_eq(cache_entries(), 1);
    unload(&l);
    free(ref);
}

Test(pe_map, page_aligned_file_is_mapped_from_itself)
{
    char path[160], backing[512];
    snprintf(path, sizeof path, "%s/aligned.dll", workdir);
    copy_fixture(FIX "fixdll_aligned.dll", path);
    struct loaded l;
    load(path, &l);
    cr_assert_eq(l.pe.file_align % (uint32_t)sysconf(_SC_PAGESIZE), 0, "fixture must be page-aligned");
    size_t size;
    int64_t delta;
    uint8_t *ref = copied_image(&l, &size, &delta);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_expect_str_eq(backing, path, "mapped from '%s'", backing);
    cr_expect_eq(cache_entries(), 0, "a page-aligned file needs no cache entry");
    unload(&l);
    free(ref);
}

Test(pe_map, cache_off)
{
    char path[160], backing[512];
    snprintf(path, sizeof path, "%s/fixdll.dll", workdir);
    copy_fixture(FIX "fixdll_x86_64.dll", path);
    setenv("MIMIC_IMAGE_CACHE", "off", 1);
    wait_not_racy(path);
    struct loaded l;
    load(path, &l);
    size_t size;
    int64_t delta;
    uint8_t *ref = copied_image(&l, &size, &delta);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_expect_str_empty(backing, "MIMIC_IMAGE_CACHE=off, yet mapped from %s", backing);
    unload(&l);
    free(ref);
}

Test(pe_map, unusable_cache_dir_copies)
{
    char path[160], backing[512], bad[200];
    snprintf(path, sizeof path, "%s/fixdll.dll", workdir);
    copy_fixture(FIX "fixdll_x86_64.dll", path);
    /* A cache directory that cannot be made (its parent is a file). */
    snprintf(bad, sizeof bad, "%s/fixdll.dll/cache", workdir);
    setenv("MIMIC_IMAGE_CACHE", bad, 1);
    wait_not_racy(path);
    struct loaded l;
    load(path, &l);
    size_t size;
    int64_t delta;
    uint8_t *ref = copied_image(&l, &size, &delta);
    check_mapped(&l, ref, size, delta, backing, sizeof backing);
    cr_expect_str_empty(backing, "no cache could be made, yet mapped from %s", backing);
    unload(&l);
    free(ref);
}
