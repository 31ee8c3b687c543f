/*
 * pe_cache.c - the laid-out image cache (see pe_map.h).
 *
 * A PE file whose sections cannot be mapped from the file itself (raw data
 * at another offset within a host page than its RVA: the usual FileAlignment
 * of 0x200) is laid out once as its image - headers at 0, each section's raw
 * data at its RVA, zeros elsewhere - in a file of the cache directory. Later
 * loads map that file privately instead of copying every section into fresh
 * anonymous memory: pages come from the page cache when first touched and
 * only the written ones are copied. Start-up no longer pays a fault and a
 * fresh page for every page of the image, most of which a program never
 * reads (a mingw program's DWARF sections are three quarters of its image).
 * Windows shares image pages between processes the same way (image section
 * objects).
 *
 * An entry, DIR/<dev>-<ino>.img, is the image (SizeOfImage rounded up to the
 * host page) followed by a trailer naming the file it was made from: device,
 * inode, size, mtime and ctime to the nanosecond (the fields git's index
 * trusts), SizeOfImage, the host page size and the format version; the
 * headers are compared too. An entry whose trailer does not match is made
 * again. A file changed within the last RACY_SECONDS is not cached at all: a
 * rewrite within the file system's timestamp granularity would go unseen
 * (git's "racy" case); it is copied as before.
 *
 * Making an entry: a temporary file in DIR, written with pwrite in the order
 * pe_map copies (so the bytes are the same), fdatasync'ed (a crash must not
 * leave an entry whose trailer is on disk and its data not), renamed over the
 * entry: concurrent runs see the old entry, the new one or none, never half
 * of one. DIR keeps at most CACHE_MAX entries using at most CACHE_BYTES of
 * disk; making one removes the oldest beyond that (and temporary files an
 * hour old, left by killed runs). Images larger than a quarter of
 * CACHE_BYTES are not cached.
 *
 * DIR: $MIMIC_IMAGE_CACHE, else $XDG_CACHE_HOME/mimic/images, else
 * $HOME/.cache/mimic/images. MIMIC_IMAGE_CACHE=off turns the cache off.
 * Every failure (no HOME, read-only or full disk) means "not cached": the
 * caller copies the sections as it always did.
 */
#include "loader/pe_map.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_VERSION 1
#define CACHE_MAX     256
#define CACHE_BYTES   (512ull << 20)     /* disk space of all entries */
#define RACY_SECONDS  2

struct cache_trailer {
    char magic[8];               /* "MIMICIMG" */
    uint32_t version;
    uint32_t page_size;
    uint64_t dev, ino, size;
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
    uint64_t size_of_image;
    uint64_t image_size;         /* bytes of image before the trailer */
};

static void make_trailer(struct cache_trailer *t, const struct pe_file *pe, const struct stat *st, size_t image_size,
                         size_t ps)
{
    memset(t, 0, sizeof *t);
    memcpy(t->magic, "MIMICIMG", 8);
    t->version = CACHE_VERSION;
    t->page_size = (uint32_t)ps;
    t->dev = (uint64_t)st->st_dev;
    t->ino = (uint64_t)st->st_ino;
    t->size = (uint64_t)st->st_size;
    t->mtime_sec = st->st_mtim.tv_sec;
    t->mtime_nsec = st->st_mtim.tv_nsec;
    t->ctime_sec = st->st_ctim.tv_sec;
    t->ctime_nsec = st->st_ctim.tv_nsec;
    t->size_of_image = pe->size_of_image;
    t->image_size = image_size;
}

/* The cache directory in buf; false when off or there is none. */
static bool cache_dir(char *buf, size_t n)
{
    const char *e = getenv("MIMIC_IMAGE_CACHE");
    int len;
    if (e && *e) {
        if (!strcmp(e, "off") || !strcmp(e, "0"))
            return false;
        len = snprintf(buf, n, "%s", e);
    } else if ((e = getenv("XDG_CACHE_HOME")) && *e == '/') {
        len = snprintf(buf, n, "%s/mimic/images", e);
    } else if ((e = getenv("HOME")) && *e == '/') {
        len = snprintf(buf, n, "%s/.cache/mimic/images", e);
    } else {
        return false;
    }
    return len > 0 && (size_t)len < n;
}

/* mkdir -p */
static bool make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        int rc = mkdir(path, 0755);
        *p = '/';
        if (rc && errno != EEXIST)
            return false;
    }
    return !mkdir(path, 0755) || errno == EEXIST;
}

/* The entry at fd is the laid-out image of this file. */
static bool entry_valid(int fd, const struct pe_file *pe, const struct cache_trailer *want)
{
    struct cache_trailer t;
    if (pread(fd, &t, sizeof t, (off_t)want->image_size) != (ssize_t)sizeof t || memcmp(&t, want, sizeof t))
        return false;
    uint8_t hdr[1024];
    size_t n = pe->size_of_headers < sizeof hdr ? pe->size_of_headers : sizeof hdr;
    return pread(fd, hdr, n, 0) == (ssize_t)n && !memcmp(hdr, pe->buf, n);
}

static bool write_all(int fd, const void *p, size_t n, off_t at)
{
    const uint8_t *b = p;
    while (n) {
        ssize_t w = pwrite(fd, b, n, at);
        if (w <= 0) {
            if (w < 0 && errno == EINTR)
                continue;
            return false;
        }
        b += w;
        n -= (size_t)w;
        at += w;
    }
    return true;
}

struct aged { time_t t; uint64_t bytes; char name[64]; };

static int by_age(const void *a, const void *b)
{
    time_t x = ((const struct aged *)a)->t, y = ((const struct aged *)b)->t;
    return x < y ? -1 : x > y;
}

/* Keep at most CACHE_MAX entries and CACHE_BYTES (the oldest go first).
 * Runs only when an entry is made, so lookups never scan the directory. */
static void evict(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct aged *v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    time_t now = time(NULL);
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        struct stat st;
        if (!strncmp(de->d_name, ".tmp-", 5)) {
            /* Left by a run killed while making an entry. */
            if (!fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) && st.st_mtim.tv_sec + 3600 < now)
                unlinkat(dirfd(d), de->d_name, 0);
            continue;
        }
        if (len < 5 || len >= sizeof v->name || strcmp(de->d_name + len - 4, ".img"))
            continue;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
            continue;
        if (n == cap) {
            struct aged *nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        v[n].t = st.st_mtim.tv_sec;
        v[n].bytes = (uint64_t)st.st_blocks * 512;
        memcpy(v[n].name, de->d_name, len + 1);
        n++;
    }
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += v[i].bytes;
    if (n)
        qsort(v, n, sizeof *v, by_age);
    for (size_t i = 0; i < n && (n - i > CACHE_MAX || total > CACHE_BYTES); i++) {
        unlinkat(dirfd(d), v[i].name, 0);
        total -= v[i].bytes;
    }
    free(v);
    closedir(d);
}

/* Lay the image out into a new entry; its fd, or -1. */
static int make_entry(const char *dir, const char *path, const struct pe_file *pe, const struct cache_trailer *t)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dir) >= (int)sizeof tmp)
        return -1;
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* Sparse: holes read as the zeros between and after sections. The same
     * copies as pe_map's, in the same order. */
    bool ok = !ftruncate(fd, (off_t)t->image_size) && write_all(fd, pe->buf, pe->size_of_headers, 0);
    for (uint32_t i = 0; ok && i < pe->nsections; i++) {
        const struct pe_section *s = &pe->sections[i];
        if (s->raw_size)
            ok = write_all(fd, pe->buf + s->raw_off, s->raw_size, (off_t)s->vaddr);
    }
    ok = ok && write_all(fd, t, sizeof *t, (off_t)t->image_size) && !fdatasync(fd) && !rename(tmp, path);
    if (!ok) {
        unlink(tmp);
        close(fd);
        return -1;
    }
    evict(dir);
    return fd;
}

int pe_cache_image(const struct pe_file *pe, const struct stat *st, size_t image_size)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    struct timespec now;
    if (!S_ISREG(st->st_mode) || image_size > CACHE_BYTES / 4 || clock_gettime(CLOCK_REALTIME, &now))
        return -1;
    if (st->st_mtim.tv_sec + RACY_SECONDS >= now.tv_sec || st->st_ctim.tv_sec + RACY_SECONDS >= now.tv_sec)
        return -1;
    char dir[PATH_MAX - 64], path[PATH_MAX];
    if (!cache_dir(dir, sizeof dir))
        return -1;
    snprintf(path, sizeof path, "%s/%llx-%llx.img", dir, (unsigned long long)st->st_dev,
             (unsigned long long)st->st_ino);
    struct cache_trailer t;
    make_trailer(&t, pe, st, image_size, ps);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (entry_valid(fd, pe, &t))
            return fd;
        close(fd);
    } else if (errno == ENOENT && !make_dirs(dir)) {
        return -1;
    }
    return make_entry(dir, path, pe, &t);
}
