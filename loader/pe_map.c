/*
 * pe_map.c - place a PE image in memory (see pe_map.h). Reads only what
 * pe_parse checked: section ranges inside SizeOfImage and raw data inside
 * the file; relocation targets come from pe_read_relocs, also checked.
 *
 * Performance policy: the image is mapped from a file whenever one with the
 * image's layout exists, so that start-up touches only the pages the program
 * uses and copies only those it writes (a fresh anonymous page costs a fault,
 * a page allocation and zeroing; an untouched file page costs nothing). The
 * PE file itself has that layout when every section's raw data sits at its
 * RVA's offset within a host page (FileAlignment of a page or more); other
 * files are laid out once into the image cache (pe_cache.c). Copying every
 * section into anonymous memory remains the way when neither applies.
 * Mapping the PE file itself is what Wine does too; like Wine's, a file
 * overwritten in place while its program runs shows through in pages not yet
 * touched (Windows refuses to open a running image for writing). Replacing
 * the file (a new inode, as linkers and package managers do) is harmless, and
 * cache entries are only ever replaced.
 */
#include "loader/pe_map.h"
#include "loader/bytes.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void pe_fail(const struct pe_file *pe, struct pe_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static size_t host_page(void)
{
    static size_t ps;
    if (!ps)
        ps = (size_t)sysconf(_SC_PAGESIZE);
    return ps;
}

static void *try_map(uint64_t at, size_t size, bool low)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    if (at)
        flags |= MAP_FIXED_NOREPLACE;
#ifdef MAP_32BIT
    else if (low)
        flags |= MAP_32BIT;
#endif
    void *p = mmap((void *)(uintptr_t)at, size, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (at && (uintptr_t)p != at) { /* kernels without MAP_FIXED_NOREPLACE treat it as a hint */
        munmap(p, size);
        return NULL;
    }
    if (low && (uint64_t)(uintptr_t)p + size > 0x100000000ull) {
        munmap(p, size);
        return NULL;
    }
    return p;
}

/* The file's own layout is the image's: sections start on their own host
 * pages, and each one's raw data is at a page-aligned file offset. */
static bool congruent(const struct pe_file *pe, size_t ps)
{
    for (uint32_t i = 0; i < pe->nsections; i++) {
        const struct pe_section *s = &pe->sections[i];
        if (!s->vsize)
            continue;
        if (s->vaddr % ps || (s->raw_size && s->raw_off % ps))
            return false;
    }
    return true;
}

/* File bytes [off, off + n) of the parsed file are all zero (the padding
 * after raw data that a page mapped from the file shows past its end). */
static bool file_zero(const struct pe_file *pe, size_t off, size_t n)
{
    for (size_t i = off; i < off + n && i < pe->len; i++)
        if (pe->buf[i])
            return false;
    return true;
}

/* Map file bytes [off, off + n) at base + rva (page-aligned both), leaving
 * zeros after the n bytes up to the page end. */
static int map_part(const struct pe_file *pe, int fd, uint8_t *at, size_t off, size_t n, size_t ps)
{
    size_t len = (n + ps - 1) & ~(ps - 1);
    if (!len)
        return 0;
    if (mmap(at, len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, (off_t)off) == MAP_FAILED)
        return -1;
    /* The rest of the last page shows whatever follows in the file (the next
     * section's data): zeroed unless it already is (a copy of that page). */
    if (len > n && !file_zero(pe, off + n, len - n))
        memset(at + n, 0, len - n);
    return 0;
}

/* Back the reserved image at base with file pages; false to copy instead.
 * PROT_EXEC is asked for now so that a file system mounted noexec fails
 * here, where copying is still possible, not in pe_protect. */
static bool map_from_file(const struct pe_file *pe, int fd, const struct stat *st, uint8_t *base, size_t size, size_t ps)
{
    if (congruent(pe, ps)) {
        if (map_part(pe, fd, base, 0, pe->size_of_headers, ps))
            return false;
        for (uint32_t i = 0; i < pe->nsections; i++) {
            const struct pe_section *s = &pe->sections[i];
            if (s->vsize && s->raw_size && map_part(pe, fd, base + s->vaddr, s->raw_off, s->raw_size, ps))
                return false;
        }
        return true;
    }
    int cfd = pe_cache_image(pe, st, size);
    if (cfd < 0)
        return false;
    void *p = mmap(base, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, cfd, 0);
    close(cfd);
    return p != MAP_FAILED;
}

int pe_map(const struct pe_file *pe, struct pe_image *img, struct pe_error *err)
{
    return pe_map_file(pe, -1, NULL, img, err);
}

int pe_map_file(const struct pe_file *pe, int fd, const struct stat *st, struct pe_image *img, struct pe_error *err)
{
    size_t ps = host_page();
    size_t size = ((size_t)pe->size_of_image + ps - 1) & ~(ps - 1);
    memset(img, 0, sizeof *img);
    uint8_t *base = try_map(pe->image_base, size, !pe->is64);
    struct pe_relocs rel = { 0 };
    if (!base) {
        /* Movable: relocations to apply, or none needed and the linker said the
         * image may move (DYNAMIC_BASE, relocations not stripped). */
        bool movable = !(pe->characteristics & PE_FILE_RELOCS_STRIPPED) &&
                       (pe->dirs[PE_DIR_BASERELOC].size || (pe->dll_characteristics & 0x0040));
        if (!movable) {
            pe_fail(pe, err, "ImageBase 0x%llx is not available and the file has no relocations",
                    (unsigned long long)pe->image_base);
            return -1;
        }
        base = try_map(0, size, !pe->is64);
        if (!base) {
            pe_fail(pe, err, "cannot reserve 0x%zx bytes for the image: %s", size, strerror(errno));
            return -1;
        }
    }
    img->base = base;
    img->size = size;
    img->delta = (int64_t)((uintptr_t)base - pe->image_base);

    if (fd < 0 || !map_from_file(pe, fd, st, base, size, ps)) {
        /* A partly made file mapping is replaced by fresh zero pages. */
        if (fd >= 0 && mmap(base, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                            -1, 0) == MAP_FAILED) {
            pe_fail(pe, err, "cannot remap the image: %s", strerror(errno));
            goto fail;
        }
        memcpy(base, pe->buf, pe->size_of_headers);
        for (uint32_t i = 0; i < pe->nsections; i++) {
            const struct pe_section *s = &pe->sections[i];
            if (s->raw_size)
                memcpy(base + s->vaddr, pe->buf + s->raw_off, s->raw_size);
        }
    }
    if (img->delta) {
        if (pe_read_relocs(pe, &rel, err))
            goto fail;
        for (uint32_t i = 0; i < rel.count; i++) {
            uint8_t *p = base + rel.relocs[i].rva;
            switch (rel.relocs[i].type) {
            case PE_REL_DIR64: { uint64_t v = rd64(p) + (uint64_t)img->delta; memcpy(p, &v, 8); break; }
            case PE_REL_HIGHLOW: { uint32_t v = rd32(p) + (uint32_t)img->delta; memcpy(p, &v, 4); break; }
            case PE_REL_HIGH: { uint16_t v = rd16(p) + (uint16_t)((uint32_t)img->delta >> 16); memcpy(p, &v, 2); break; }
            case PE_REL_LOW: { uint16_t v = rd16(p) + (uint16_t)img->delta; memcpy(p, &v, 2); break; }
            }
        }
        pe_free_relocs(&rel);
        /* The mapped header's ImageBase is what programs read back. */
        uint32_t lfanew = rd32(base + 0x3c);
        uint64_t nb = (uintptr_t)base;
        if (pe->is64)
            memcpy(base + lfanew + 24 + 24, &nb, 8);
        else {
            uint32_t nb32 = (uint32_t)nb;
            memcpy(base + lfanew + 24 + 28, &nb32, 4);
        }
    }
    return 0;
fail:
    munmap(base, size);
    memset(img, 0, sizeof *img);
    return -1;
}

int pe_protect(const struct pe_file *pe, const struct pe_image *img, struct pe_error *err)
{
    size_t ps = host_page();
    size_t npages = img->size / ps;
    /* Per host page: union of the rights of everything on it; headers read-only. */
    uint8_t prot_small[1024];
    uint8_t *prot = npages <= sizeof prot_small ? prot_small : mmap(NULL, npages, PROT_READ | PROT_WRITE,
                                                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (prot == MAP_FAILED) {
        pe_fail(pe, err, "out of memory");
        return -1;
    }
    memset(prot, 0, npages);
    for (size_t p = 0; p * ps < pe->size_of_headers; p++)
        prot[p] |= PROT_READ;
    for (uint32_t i = 0; i < pe->nsections; i++) {
        const struct pe_section *s = &pe->sections[i];
        if (!s->vsize)
            continue;
        int r = 0;
        if (s->flags & PE_SCN_MEM_READ) r |= PROT_READ;
        if (s->flags & PE_SCN_MEM_WRITE) r |= PROT_READ | PROT_WRITE;
        if (s->flags & PE_SCN_MEM_EXECUTE) r |= PROT_READ | PROT_EXEC;
        for (size_t p = s->vaddr / ps; p * ps < (size_t)s->vaddr + s->vsize && p < npages; p++)
            prot[p] |= r;
    }
    int rc = 0;
    for (size_t p = 0; p < npages;) {
        size_t q = p;
        while (q < npages && prot[q] == prot[p])
            q++;
        if (mprotect(img->base + p * ps, (q - p) * ps, prot[p])) {
            pe_fail(pe, err, "mprotect of the image failed: %s", strerror(errno));
            rc = -1;
            break;
        }
        p = q;
    }
    if (prot != prot_small)
        munmap(prot, npages);
    return rc;
}

void pe_unmap(struct pe_image *img)
{
    if (img->base)
        munmap(img->base, img->size);
    memset(img, 0, sizeof *img);
}
