/*
 * msvcrt/dir.c - directories: the current directory and drive (_getcwd,
 * _getdcwd, _chdir, _getdrive, _chdrive, _getdrives), _mkdir/_rmdir and
 * directory listing (_findfirst/_findnext/_findclose in their 32/64-bit
 * time and size variants, narrow and wide).
 *
 * The current directory is the process's (winapi/path.c keeps it as a
 * Windows path). Listing works as FindFirstFile does on NTFS: "." and ".."
 * first (except at a drive root), then the names in case-insensitive
 * order; the pattern's '*' and '?' match case-insensitively, and "*.*"
 * matches names without a dot too. A listing is read completely by
 * _findfirst (as a snapshot); _findnext walks it.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/path.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Set errno (and _doserrno) from the thread's last Windows error. */
static void errno_from_last_error(void)
{
    DWORD e = get_last_error();
    crt_set_doserrno(e);
    crt_set_errno(crt_errno_from_win32(e));
}

static void errno_from_host(int e)
{
    crt_set_errno(crt_errno_from_host(e));
}

/* ---- current directory --------------------------------------------- */

/* A copy of the current directory (the shared one may change under us). */
static char *cwd_copy(void)
{
    return strdup(path_get_cwd());
}

static void *return_path_a(const char *path, char *buf, int size)
{
    size_t n = strlen(path) + 1;
    if (!buf) {
        size_t want = (size > 0 && (size_t)size > n) ? (size_t)size : n;
        buf = crt_malloc(want);
        if (!buf) {
            crt_set_errno(CRT_ENOMEM);
            return NULL;
        }
    } else if (size <= 0 || n > (size_t)size) {
        crt_set_errno(CRT_ERANGE);
        return NULL;
    }
    memcpy(buf, path, n);
    return buf;
}

static void *return_path_w(const char *path, WCHAR *buf, int size)
{
    size_t n = utf8_to_utf16(path, -1, NULL, 0);
    if (!buf) {
        size_t want = (size > 0 && (size_t)size > n) ? (size_t)size : n;
        buf = crt_malloc(want * sizeof(WCHAR));
        if (!buf) {
            crt_set_errno(CRT_ENOMEM);
            return NULL;
        }
    } else if (size <= 0 || n > (size_t)size) {
        crt_set_errno(CRT_ERANGE);
        return NULL;
    }
    utf8_to_utf16(path, -1, buf, n);
    return buf;
}

CDECL char *msvcrt__getcwd(char *buf, int size)
{
    char *cwd = cwd_copy();
    char *r = cwd ? return_path_a(cwd, buf, size) : NULL;
    free(cwd);
    return r;
}

CDECL WCHAR *msvcrt__wgetcwd(WCHAR *buf, int size)
{
    char *cwd = cwd_copy();
    WCHAR *r = cwd ? return_path_w(cwd, buf, size) : NULL;
    free(cwd);
    return r;
}

/* Drives mimic has: C: (the prefix) and Z: (the host's root). */
static bool drive_exists(int letter) { return letter == 'C' || letter == 'Z'; }

CDECL int msvcrt__getdrive(void)
{
    char *cwd = cwd_copy();
    int d = cwd ? (cwd[0] & ~0x20) - 'A' + 1 : 3;
    free(cwd);
    return d;
}

CDECL ULONG msvcrt__getdrives(void)
{
    return (1u << ('C' - 'A')) | (1u << ('Z' - 'A'));
}

/* The current directory of drive n (1 = A:, 0 = current): the process's
 * own for its drive, the root for another drive. */
static char *drive_cwd(int drive)
{
    char *cwd = cwd_copy();
    if (!cwd)
        return NULL;
    if (drive == 0 || drive == (cwd[0] & ~0x20) - 'A' + 1)
        return cwd;
    free(cwd);
    if (drive < 1 || drive > 26 || !drive_exists('A' + drive - 1)) {
        crt_set_doserrno(ERROR_INVALID_DRIVE);
        crt_set_errno(CRT_EACCES);
        return NULL;
    }
    char *r = malloc(4);
    if (r) {
        r[0] = (char)('A' + drive - 1);
        r[1] = ':';
        r[2] = '\\';
        r[3] = 0;
    }
    return r;
}

CDECL char *msvcrt__getdcwd(int drive, char *buf, int size)
{
    char *d = drive_cwd(drive);
    char *r = d ? return_path_a(d, buf, size) : NULL;
    free(d);
    return r;
}

CDECL WCHAR *msvcrt__wgetdcwd(int drive, WCHAR *buf, int size)
{
    char *d = drive_cwd(drive);
    WCHAR *r = d ? return_path_w(d, buf, size) : NULL;
    free(d);
    return r;
}

CDECL int msvcrt__chdir(const char *dir)
{
    if (!dir) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    if (!path_set_cwd(dir)) {
        /* A file named as a directory is ERROR_DIRECTORY: EINVAL. */
        errno_from_last_error();
        return -1;
    }
    return 0;
}

CDECL int msvcrt__wchdir(const WCHAR *dir)
{
    if (!dir) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    char *a = utf16_to_utf8_alloc(dir);
    int r = a ? msvcrt__chdir(a) : (crt_set_errno(CRT_ENOMEM), -1);
    free(a);
    return r;
}

CDECL int msvcrt__chdrive(int drive)
{
    if (drive < 1 || drive > 26 || !drive_exists('A' + drive - 1)) {
        crt_set_doserrno(ERROR_INVALID_DRIVE);
        crt_set_errno(CRT_EACCES);
        return -1;
    }
    if (drive == msvcrt__getdrive())
        return 0;
    char root[4] = { (char)('A' + drive - 1), ':', '\\', 0 };
    return msvcrt__chdir(root);
}

/* ---- _mkdir / _rmdir ----------------------------------------------- */

static char *host_of(const char *win)
{
    if (!win) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    char *h = path_to_host(win);
    if (!h)
        errno_from_last_error();
    return h;
}

CDECL int msvcrt__mkdir(const char *dir)
{
    char *h = host_of(dir);
    if (!h)
        return -1;
    int r = mkdir(h, 0777);
    if (r)
        errno_from_host(errno);
    free(h);
    return r ? -1 : 0;
}

CDECL int msvcrt__rmdir(const char *dir)
{
    char *h = host_of(dir);
    if (!h)
        return -1;
    struct stat st;
    int r = -1;
    if (stat(h, &st) == 0 && !S_ISDIR(st.st_mode))
        crt_set_errno(CRT_EINVAL);     /* Windows: ERROR_DIRECTORY, which msvcrt maps to EINVAL */
    else if ((r = rmdir(h)) != 0)
        errno_from_host(errno == EEXIST ? ENOTEMPTY : errno);
    free(h);
    return r ? -1 : 0;
}

#define WIDE_WRAPPER(name)                                              \
    CDECL int msvcrt__w##name(const WCHAR *p)                           \
    {                                                                   \
        if (!p) {                                                       \
            crt_set_errno(CRT_EINVAL);                                  \
            return -1;                                                  \
        }                                                               \
        char *a = utf16_to_utf8_alloc(p);                               \
        int r = a ? msvcrt__##name(a) : (crt_set_errno(CRT_ENOMEM), -1); \
        free(a);                                                        \
        return r;                                                       \
    }

WIDE_WRAPPER(mkdir)
WIDE_WRAPPER(rmdir)

/* struct _diskfree_t */
struct crt_diskfree { unsigned total_clusters, avail_clusters, sectors_per_cluster, bytes_per_sector; };

CDECL unsigned msvcrt__getdiskfree(unsigned drive, struct crt_diskfree *df)
{
    if (!df)
        return ERROR_INVALID_PARAMETER;
    int letter = drive ? 'A' + (int)drive - 1 : 'A' + msvcrt__getdrive() - 1;
    if (drive > 26 || !drive_exists(letter)) {
        crt_set_errno(CRT_EACCES);
        return ERROR_INVALID_DRIVE;
    }
    char root[4] = { (char)letter, ':', '\\', 0 };
    char *h = path_to_host(root);
    struct statvfs vfs;
    if (!h || statvfs(h, &vfs) != 0) {
        free(h);
        return ERROR_INVALID_DRIVE;
    }
    free(h);
    /* Clusters of 8 sectors of 512 bytes; counts saturate at 32 bits. */
    uint64_t unit = vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize;
    uint64_t total = (uint64_t)vfs.f_blocks * unit / 4096, avail = (uint64_t)vfs.f_bavail * unit / 4096;
    df->sectors_per_cluster = 8;
    df->bytes_per_sector = 512;
    df->total_clusters = total > 0xffffffffu ? 0xffffffffu : (unsigned)total;
    df->avail_clusters = avail > 0xffffffffu ? 0xffffffffu : (unsigned)avail;
    return 0;
}

/* ---- _findfirst / _findnext ---------------------------------------- */

#define A_RDONLY 0x01
#define A_SUBDIR 0x10
#define A_ARCH   0x20

struct find_entry {
    char *name;           /* UTF-8 */
    WCHAR *wname;
    unsigned attrib;
    int64_t ctime, atime, mtime;
    uint64_t size;
};

struct find_state {
    struct find_entry *e;
    size_t n, next;
};

/* Live searches, by handle value (index + 1 scaled, never 0 or -1). */
#define MAX_FINDS 1024
static struct find_state *finds[MAX_FINDS];
static pthread_mutex_t finds_lock = PTHREAD_MUTEX_INITIALIZER;

static WCHAR fold(WCHAR c) { return crt_towupper_unicode(c); }

/* Windows wildcard match over UTF-16, case-insensitive. */
static bool wild_match(const WCHAR *p, const WCHAR *s)
{
    const WCHAR *star = NULL, *resume = NULL;
    while (*s) {
        if (*p == '*') {
            star = p++;
            resume = s;
        } else if (*p == '?' || (*p && fold(*p) == fold(*s))) {
            p++;
            s++;
        } else if (star) {
            p = star + 1;
            s = ++resume;
        } else {
            return false;
        }
    }
    /* At the end of the name, '*' and '.' can match nothing ("name."
     * matches "name"); '?' always needs a character. */
    while (*p == '.' || *p == '*')
        p++;
    return !*p;
}

static bool name_matches(const WCHAR *pattern, const WCHAR *name)
{
    if (wild_match(pattern, name))
        return true;
    /* "*.*" and "x.*": the ".*" part also matches a name with no dot. */
    size_t pl = 0;
    while (pattern[pl])
        pl++;
    if (pl >= 2 && pattern[pl - 2] == '.' && pattern[pl - 1] == '*') {
        for (const WCHAR *q = name; *q; q++)
            if (*q == '.')
                return false;
        WCHAR *cut = malloc(pl * sizeof(WCHAR));
        if (!cut)
            return false;
        memcpy(cut, pattern, (pl - 2) * sizeof(WCHAR));
        cut[pl - 2] = 0;
        bool m = wild_match(cut, name);
        free(cut);
        return m;
    }
    return false;
}

static int cmp_entries(const void *a, const void *b)
{
    const WCHAR *x = ((const struct find_entry *)a)->wname, *y = ((const struct find_entry *)b)->wname;
    for (;; x++, y++) {
        WCHAR cx = fold(*x), cy = fold(*y);
        if (cx != cy || !cx)
            return (int)cx - (int)cy;
    }
}

static bool fill_entry(struct find_entry *fe, const char *name, const struct stat *st)
{
    fe->name = strdup(name);
    fe->wname = utf8_to_utf16_alloc(name);
    if (!fe->name || !fe->wname) {
        free(fe->name);
        free(fe->wname);
        return false;
    }
    fe->attrib = S_ISDIR(st->st_mode) ? A_SUBDIR : A_ARCH;
    if (!(st->st_mode & S_IWUSR))
        fe->attrib |= A_RDONLY;
    fe->ctime = st->st_ctime;
    fe->atime = st->st_atime;
    fe->mtime = st->st_mtime;
    fe->size = S_ISDIR(st->st_mode) ? 0 : (uint64_t)st->st_size;
    return true;
}

static void free_state(struct find_state *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->e[i].name);
        free(fs->e[i].wname);
    }
    free(fs->e);
    free(fs);
}

/* Run the search; a new state with at least one entry, or NULL with errno. */
static struct find_state *find_run(const char *spec)
{
    size_t len = strlen(spec);
    if (!len) {
        crt_set_errno(CRT_ENOENT);
        return NULL;
    }
    /* Split into directory and pattern at the last separator. */
    const char *slash = NULL;
    for (const char *p = spec; *p; p++)
        if (*p == '\\' || *p == '/' || (*p == ':' && p == spec + 1))
            slash = p;
    char *dir = slash ? strndup(spec, (size_t)(slash - spec + 1)) : strdup(".");
    const char *pat = slash ? slash + 1 : spec;
    if (!dir) {
        crt_set_errno(CRT_ENOMEM);
        return NULL;
    }
    char *full = path_full_win(dir);
    char *host = path_to_host(dir);
    free(dir);
    DIR *d = host ? opendir(host) : NULL;
    if (!d || !*pat) {
        if (d)
            closedir(d);
        free(host);
        free(full);
        crt_set_errno(CRT_ENOENT);
        return NULL;
    }
    bool at_root = full && strlen(full) <= 3;
    free(full);
    WCHAR *wpat = utf8_to_utf16_alloc(pat);
    struct find_state *fs = calloc(1, sizeof *fs);
    size_t cap = 0;
    struct dirent *de;
    while (fs && wpat && (de = readdir(d))) {
        bool dot = !strcmp(de->d_name, "."), dotdot = !strcmp(de->d_name, "..");
        if ((dot || dotdot) && at_root)
            continue;
        WCHAR *wn = utf8_to_utf16_alloc(de->d_name);
        bool m = wn && name_matches(wpat, wn);
        free(wn);
        if (!m)
            continue;
        size_t hl = strlen(host) + strlen(de->d_name) + 2;
        char *hp = malloc(hl);
        struct stat st;
        if (!hp)
            continue;
        snprintf(hp, hl, "%s/%s", host, de->d_name);
        int sr = stat(hp, &st);
        free(hp);
        if (sr != 0)
            continue;
        if (fs->n == cap) {
            cap = cap ? cap * 2 : 32;
            struct find_entry *ne = realloc(fs->e, cap * sizeof *ne);
            if (!ne)
                break;
            fs->e = ne;
        }
        if (fill_entry(&fs->e[fs->n], de->d_name, &st))
            fs->n++;
    }
    closedir(d);
    free(host);
    free(wpat);
    if (!fs || !fs->n) {
        if (fs)
            free_state(fs);
        crt_set_errno(CRT_ENOENT);
        return NULL;
    }
    /* "." and ".." sort first on their own: '.' is below every letter. */
    qsort(fs->e, fs->n, sizeof fs->e[0], cmp_entries);
    return fs;
}

static intptr_t find_register(struct find_state *fs)
{
    pthread_mutex_lock(&finds_lock);
    for (int i = 0; i < MAX_FINDS; i++) {
        if (!finds[i]) {
            finds[i] = fs;
            pthread_mutex_unlock(&finds_lock);
            return (intptr_t)(i + 1) * 4 + 0x10000;
        }
    }
    pthread_mutex_unlock(&finds_lock);
    free_state(fs);
    crt_set_errno(CRT_EMFILE);
    return -1;
}

/* The state behind a handle, locked (finds_lock held) on success. */
static struct find_state *find_lookup(intptr_t h)
{
    intptr_t i = (h - 0x10000) / 4 - 1;
    if (h < 0x10000 || (h & 3) || i < 0 || i >= MAX_FINDS)
        return NULL;
    pthread_mutex_lock(&finds_lock);
    if (!finds[i]) {
        pthread_mutex_unlock(&finds_lock);
        return NULL;
    }
    return finds[i];
}

CDECL int msvcrt__findclose(intptr_t h)
{
    struct find_state *fs = find_lookup(h);
    if (!fs) {
        crt_set_errno(CRT_EBADF);     /* FindClose: ERROR_INVALID_HANDLE */
        return -1;
    }
    finds[(h - 0x10000) / 4 - 1] = NULL;
    pthread_mutex_unlock(&finds_lock);
    free_state(fs);
    return 0;
}

/* The guest's finddata layouts (x64, 8-byte packing). */
struct fd32 { unsigned attrib; int32_t tc, ta, tw; ULONG size; char name[260]; };
struct fd32i64 { unsigned attrib; int32_t tc, ta, tw; int64_t size; char name[260]; };
struct fd64i32 { unsigned attrib; int64_t tc, ta, tw; ULONG size; char name[260]; };
struct fd64 { unsigned attrib; int64_t tc, ta, tw; int64_t size; char name[260]; };
struct wfd32 { unsigned attrib; int32_t tc, ta, tw; ULONG size; WCHAR name[260]; };
struct wfd32i64 { unsigned attrib; int32_t tc, ta, tw; int64_t size; WCHAR name[260]; };
struct wfd64i32 { unsigned attrib; int64_t tc, ta, tw; ULONG size; WCHAR name[260]; };
struct wfd64 { unsigned attrib; int64_t tc, ta, tw; int64_t size; WCHAR name[260]; };
_Static_assert(sizeof(struct fd32) == 280, "_finddata32_t");
_Static_assert(sizeof(struct fd32i64) == 288, "_finddata32i64_t");
_Static_assert(sizeof(struct fd64i32) == 296, "_finddata64i32_t");
_Static_assert(sizeof(struct fd64) == 304, "__finddata64_t");
_Static_assert(sizeof(struct wfd32) == 540, "_wfinddata32_t");
_Static_assert(sizeof(struct wfd64) == 560, "_wfinddata64_t");

enum fd_kind { FD32, FD32I64, FD64I32, FD64, WFD32, WFD32I64, WFD64I32, WFD64 };

static void put_name_a(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n > 259)
        n = 259;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static void put_name_w(WCHAR *dst, const WCHAR *src)
{
    size_t n = 0;
    for (; src[n] && n < 259; n++)
        dst[n] = src[n];
    dst[n] = 0;
}

#define FILL(T, namefn, nm)                                             \
    do {                                                                \
        T *o = out;                                                     \
        o->attrib = e->attrib;                                          \
        o->tc = e->ctime; o->ta = e->atime; o->tw = e->mtime;           \
        o->size = e->size;                                              \
        namefn(o->name, e->nm);                                         \
    } while (0)

static void fill_out(enum fd_kind k, void *out, const struct find_entry *e)
{
    switch (k) {
    case FD32: FILL(struct fd32, put_name_a, name); break;
    case FD32I64: FILL(struct fd32i64, put_name_a, name); break;
    case FD64I32: FILL(struct fd64i32, put_name_a, name); break;
    case FD64: FILL(struct fd64, put_name_a, name); break;
    case WFD32: FILL(struct wfd32, put_name_w, wname); break;
    case WFD32I64: FILL(struct wfd32i64, put_name_w, wname); break;
    case WFD64I32: FILL(struct wfd64i32, put_name_w, wname); break;
    case WFD64: FILL(struct wfd64, put_name_w, wname); break;
    }
}

static intptr_t find_first(const char *spec, void *out, enum fd_kind k)
{
    if (!spec || !out) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    struct find_state *fs = find_run(spec);
    if (!fs)
        return -1;
    fill_out(k, out, &fs->e[0]);
    fs->next = 1;
    return find_register(fs);
}

static intptr_t find_first_w(const WCHAR *spec, void *out, enum fd_kind k)
{
    if (!spec || !out) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    char *a = utf16_to_utf8_alloc(spec);
    intptr_t r = a ? find_first(a, out, k) : (crt_set_errno(CRT_ENOMEM), -1);
    free(a);
    return r;
}

static int find_next(intptr_t h, void *out, enum fd_kind k)
{
    if (!out) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    struct find_state *fs = find_lookup(h);
    if (!fs) {
        crt_set_errno(CRT_ENOENT);
        return -1;
    }
    if (fs->next >= fs->n) {
        pthread_mutex_unlock(&finds_lock);
        crt_set_errno(CRT_ENOENT);
        return -1;
    }
    fill_out(k, out, &fs->e[fs->next++]);
    pthread_mutex_unlock(&finds_lock);
    return 0;
}

CDECL intptr_t msvcrt__findfirst32(const char *s, void *o) { return find_first(s, o, FD32); }
CDECL intptr_t msvcrt__findfirst32i64(const char *s, void *o) { return find_first(s, o, FD32I64); }
CDECL intptr_t msvcrt__findfirst64i32(const char *s, void *o) { return find_first(s, o, FD64I32); }
CDECL intptr_t msvcrt__findfirst64(const char *s, void *o) { return find_first(s, o, FD64); }
CDECL intptr_t msvcrt__wfindfirst32(const WCHAR *s, void *o) { return find_first_w(s, o, WFD32); }
CDECL intptr_t msvcrt__wfindfirst32i64(const WCHAR *s, void *o) { return find_first_w(s, o, WFD32I64); }
CDECL intptr_t msvcrt__wfindfirst64i32(const WCHAR *s, void *o) { return find_first_w(s, o, WFD64I32); }
CDECL intptr_t msvcrt__wfindfirst64(const WCHAR *s, void *o) { return find_first_w(s, o, WFD64); }
CDECL int msvcrt__findnext32(intptr_t h, void *o) { return find_next(h, o, FD32); }
CDECL int msvcrt__findnext32i64(intptr_t h, void *o) { return find_next(h, o, FD32I64); }
CDECL int msvcrt__findnext64i32(intptr_t h, void *o) { return find_next(h, o, FD64I32); }
CDECL int msvcrt__findnext64(intptr_t h, void *o) { return find_next(h, o, FD64); }
CDECL int msvcrt__wfindnext32(intptr_t h, void *o) { return find_next(h, o, WFD32); }
CDECL int msvcrt__wfindnext32i64(intptr_t h, void *o) { return find_next(h, o, WFD32I64); }
CDECL int msvcrt__wfindnext64i32(intptr_t h, void *o) { return find_next(h, o, WFD64I32); }
CDECL int msvcrt__wfindnext64(intptr_t h, void *o) { return find_next(h, o, WFD64); }
