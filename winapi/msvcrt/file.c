/*
 * msvcrt/file.c - file-name operations of the C runtime: _stat and
 * _fstat in all their layouts, _access, _chmod, _utime/_futime, _umask_s,
 * _mktemp and _tempnam, narrow and wide. (_unlink and _umask are in the
 * stdio half: stdio.c and lowio.c.)
 *
 * What a Windows program sees of a host file (as msvcrt derives it from
 * the Windows attributes): st_mode has _S_IFDIR or _S_IFREG, _S_IREAD
 * always, _S_IWRITE unless read-only (no owner write permission on the
 * host), _S_IEXEC for directories and .exe/.com/.bat/.cmd files, copied
 * to the group and other bits; st_dev and st_rdev are the drive number
 * (0 = A:); st_ino, st_uid, st_gid are 0; st_nlink is 1.
 *
 * The stdio half of msvcrt owns file descriptors: _fstat and _futime reach
 * the host descriptor through its fd table (msvcrt.h).
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/file.h"
#include "winapi/path.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


#define S_IFDIR_ 0x4000
#define S_IFCHR_ 0x2000
#define S_IFIFO_ 0x1000
#define S_IFREG_ 0x8000
#define S_IREAD_ 0x0100
#define S_IWRITE_ 0x0080
#define S_IEXEC_ 0x0040

/* The guest's stat layouts (x64, 8-byte packing). */
struct st32 { ULONG dev; USHORT ino, mode; short nlink, uid, gid; ULONG rdev; LONG size; int32_t at, mt, ct; };
struct st32i64 { ULONG dev; USHORT ino, mode; short nlink, uid, gid; ULONG rdev; int64_t size; int32_t at, mt, ct; };
struct st64i32 { ULONG dev; USHORT ino, mode; short nlink, uid, gid; ULONG rdev; LONG size; int64_t at, mt, ct; };
struct st64 { ULONG dev; USHORT ino, mode; short nlink, uid, gid; ULONG rdev; int64_t size; int64_t at, mt, ct; };
_Static_assert(sizeof(struct st32) == 36, "_stat32");
_Static_assert(sizeof(struct st32i64) == 48, "_stat32i64");
_Static_assert(sizeof(struct st64i32) == 48, "_stat64i32");
_Static_assert(sizeof(struct st64) == 56, "_stat64");
_Static_assert(__builtin_offsetof(struct st64, size) == 24, "_stat64.st_size");
_Static_assert(__builtin_offsetof(struct st64i32, at) == 24, "_stat64i32.st_atime");

enum st_kind { ST32, ST32I64, ST64I32, ST64 };

/* What the program sees, before it is written in one of the layouts. */
struct crt_stat {
    ULONG dev;
    USHORT mode;
    int64_t size, at, mt, ct;
};

static void errno_from_last_error(void)
{
    DWORD e = get_last_error();
    crt_set_doserrno(e);
    crt_set_errno(crt_errno_from_win32(e));
}

static bool is_exec_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcasecmp(dot, ".exe") || !strcasecmp(dot, ".com") || !strcasecmp(dot, ".bat") ||
                   !strcasecmp(dot, ".cmd"));
}

static USHORT mode_of(const struct stat *st, const char *name)
{
    USHORT m;
    if (S_ISDIR(st->st_mode))
        m = S_IFDIR_ | S_IEXEC_;
    else if (S_ISCHR(st->st_mode))
        m = S_IFCHR_;
    else if (S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode))
        m = S_IFIFO_;
    else
        m = S_IFREG_ | (name && is_exec_name(name) ? S_IEXEC_ : 0);
    m |= S_IREAD_;
    if ((st->st_mode & S_IWUSR) || S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode))
        m |= S_IWRITE_;
    return (USHORT)(m | ((m & 0x1c0) >> 3) | ((m & 0x1c0) >> 6));
}

static void write_stat(enum st_kind k, void *out, const struct crt_stat *s)
{
    switch (k) {
#define PUT(T, SZ, TT)                                                          \
    { T *o = out; memset(o, 0, sizeof *o); o->dev = o->rdev = s->dev;           \
      o->mode = s->mode; o->nlink = 1; o->size = (SZ)s->size;                   \
      o->at = (TT)s->at; o->mt = (TT)s->mt; o->ct = (TT)s->ct; break; }
    case ST32: PUT(struct st32, LONG, int32_t)
    case ST32I64: PUT(struct st32i64, int64_t, int32_t)
    case ST64I32: PUT(struct st64i32, LONG, int64_t)
    case ST64: PUT(struct st64, int64_t, int64_t)
#undef PUT
    }
}

/* Does the 32-bit layout hold this (msvcrt fails with EOVERFLOW-like
 * behaviour otherwise; we clamp silently like the 64i32 forms do)? */

static int stat_path(const char *path, void *out, enum st_kind k)
{
    if (!path || !out) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    size_t n = strlen(path);
    /* msvcrt rejects wildcards, and a trailing separator except on a root
     * ("c:\" or "\"), with ENOENT. */
    if (!n || strpbrk(path, "*?") ||
        (n > 1 && (path[n - 1] == '\\' || path[n - 1] == '/') && !(n == 3 && path[1] == ':'))) {
        crt_set_errno(CRT_ENOENT);
        return -1;
    }
    char *full = path_full_win(path);
    char *host = path_to_host(path);
    struct stat st;
    if (!full || !host) {
        free(full);
        free(host);
        errno_from_last_error();
        return -1;
    }
    if (stat(host, &st) != 0) {
        int e = errno;
        free(full);
        free(host);
        crt_set_errno(e == ENOTDIR ? CRT_ENOENT : crt_errno_from_host(e));
        return -1;
    }
    struct crt_stat s = {
        .dev = (ULONG)((full[0] & ~0x20) - 'A'),
        .mode = mode_of(&st, path),
        .size = S_ISDIR(st.st_mode) ? 0 : st.st_size,
        .at = st.st_atime, .mt = st.st_mtime, .ct = st.st_ctime,
    };
    free(full);
    free(host);
    write_stat(k, out, &s);
    return 0;
}

static int stat_path_w(const WCHAR *path, void *out, enum st_kind k)
{
    if (!path || !out) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    char *a = utf16_to_utf8_alloc(path);
    int r = a ? stat_path(a, out, k) : (crt_set_errno(CRT_ENOMEM), -1);
    free(a);
    return r;
}

/* The host descriptor behind a CRT descriptor, or -1 with EBADF; *kind
 * says what the descriptor is (from the fd table's flags). */
static int host_fd_of(int fd, enum file_kind *kind)
{
    int flags = msvcrt_fd_flags(fd);
    int hfd = flags ? msvcrt_fd_host(fd) : -1;
    if (hfd < 0) {
        crt_set_errno(CRT_EBADF);
        return -1;
    }
    if (kind)
        *kind = (flags & FD_TTY) ? FILE_KIND_CHAR : (flags & FD_PIPE) ? FILE_KIND_PIPE : FILE_KIND_DISK;
    return hfd;
}

static int stat_fd(int fd, void *out, enum st_kind k)
{
    if (!out) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    enum file_kind kind;
    int hfd = host_fd_of(fd, &kind);
    struct stat st;
    if (hfd < 0)
        return -1;
    if (fstat(hfd, &st) != 0) {
        crt_set_errno(crt_errno_from_host(errno));
        return -1;
    }
    struct crt_stat s = { 0 };
    if (kind == FILE_KIND_CONSOLE || kind == FILE_KIND_CHAR) {
        s.mode = S_IFCHR_ | S_IREAD_ | S_IWRITE_;
        s.mode |= (s.mode & 0x1c0) >> 3 | (s.mode & 0x1c0) >> 6;
        s.dev = (ULONG)fd;     /* msvcrt puts the descriptor in st_dev for devices */
    } else if (kind == FILE_KIND_PIPE) {
        s.mode = S_IFIFO_ | S_IREAD_ | S_IWRITE_;
        s.mode |= (s.mode & 0x1c0) >> 3 | (s.mode & 0x1c0) >> 6;
        s.dev = (ULONG)fd;
    } else {
        s.mode = mode_of(&st, NULL);
        s.size = st.st_size;
        s.at = st.st_atime;
        s.mt = st.st_mtime;
        s.ct = st.st_ctime;
        s.dev = 2;
    }
    write_stat(k, out, &s);
    return 0;
}

CDECL int msvcrt__stat32(const char *p, void *o) { return stat_path(p, o, ST32); }
CDECL int msvcrt__stat32i64(const char *p, void *o) { return stat_path(p, o, ST32I64); }
CDECL int msvcrt__stat64i32(const char *p, void *o) { return stat_path(p, o, ST64I32); }
CDECL int msvcrt__stat64(const char *p, void *o) { return stat_path(p, o, ST64); }
CDECL int msvcrt__wstat32(const WCHAR *p, void *o) { return stat_path_w(p, o, ST32); }
CDECL int msvcrt__wstat32i64(const WCHAR *p, void *o) { return stat_path_w(p, o, ST32I64); }
CDECL int msvcrt__wstat64i32(const WCHAR *p, void *o) { return stat_path_w(p, o, ST64I32); }
CDECL int msvcrt__wstat64(const WCHAR *p, void *o) { return stat_path_w(p, o, ST64); }
CDECL int msvcrt__fstat32(int fd, void *o) { return stat_fd(fd, o, ST32); }
CDECL int msvcrt__fstat32i64(int fd, void *o) { return stat_fd(fd, o, ST32I64); }
CDECL int msvcrt__fstat64i32(int fd, void *o) { return stat_fd(fd, o, ST64I32); }
CDECL int msvcrt__fstat64(int fd, void *o) { return stat_fd(fd, o, ST64); }

/* ---- _access / _chmod / _unlink ----------------------------------- */

static char *host_of(const char *win)
{
    char *h = path_to_host(win);
    if (!h)
        errno_from_last_error();
    return h;
}

static errno_t access_impl(const char *path, int mode)
{
    if (!path || (mode & ~6))
        return CRT_EINVAL;
    char *h = host_of(path);
    struct stat st;
    if (!h)
        return crt_get_errno();
    int r = stat(h, &st);
    free(h);
    if (r != 0)
        return crt_errno_from_host(errno);
    /* Only the read-only attribute can deny access (directories never). */
    if ((mode & 2) && !S_ISDIR(st.st_mode) && !(st.st_mode & S_IWUSR))
        return CRT_EACCES;
    return 0;
}

CDECL int msvcrt__access(const char *path, int mode)
{
    errno_t e = access_impl(path, mode);
    if (e) {
        crt_set_errno(e);
        return -1;
    }
    return 0;
}

CDECL errno_t msvcrt__access_s(const char *path, int mode)
{
    errno_t e = access_impl(path, mode);
    return e ? crt_invalid(e) : 0;
}

CDECL int msvcrt__chmod(const char *path, int mode)
{
    if (!path) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    char *h = host_of(path);
    struct stat st;
    if (!h)
        return -1;
    int r = stat(h, &st);
    if (r == 0) {
        mode_t m = st.st_mode & 07777;
        /* _S_IWRITE clear = read-only; the host's write bits follow. */
        m = (mode & S_IWRITE_) ? (m | S_IWUSR) : (m & ~(mode_t)(S_IWUSR | S_IWGRP | S_IWOTH));
        r = chmod(h, m);
    }
    if (r != 0)
        crt_set_errno(crt_errno_from_host(errno));
    free(h);
    return r ? -1 : 0;
}

#define WIDE_PATH_CALL(expr_a)                                          \
    if (!path) {                                                        \
        crt_set_errno(CRT_EINVAL);                                      \
        return -1;                                                      \
    }                                                                   \
    char *a = utf16_to_utf8_alloc(path);                                \
    int r = a ? (expr_a) : (crt_set_errno(CRT_ENOMEM), -1);             \
    free(a);                                                            \
    return r;

CDECL int msvcrt__waccess(const WCHAR *path, int mode) { WIDE_PATH_CALL(msvcrt__access(a, mode)) }
CDECL int msvcrt__wchmod(const WCHAR *path, int mode) { WIDE_PATH_CALL(msvcrt__chmod(a, mode)) }

CDECL errno_t msvcrt__waccess_s(const WCHAR *path, int mode)
{
    if (!path)
        return crt_invalid(CRT_EINVAL);
    char *a = utf16_to_utf8_alloc(path);
    errno_t e = a ? msvcrt__access_s(a, mode) : crt_invalid(CRT_ENOMEM);
    free(a);
    return e;
}

/* ---- _utime / _futime ---------------------------------------------- */

struct utimbuf64 { int64_t actime, modtime; };
struct utimbuf32 { int32_t actime, modtime; };

static void to_timespecs(const int64_t *t, struct timespec ts[2])
{
    if (!t) {
        ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
        ts[0].tv_sec = ts[1].tv_sec = 0;
        return;
    }
    ts[0].tv_sec = (time_t)t[0];
    ts[1].tv_sec = (time_t)t[1];
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
}

static int utime_impl(const char *path, const int64_t *t)
{
    if (!path) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    if (t && (t[0] < 0 || t[1] < 0)) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    char *h = host_of(path);
    struct timespec ts[2];
    if (!h)
        return -1;
    to_timespecs(t, ts);
    struct stat st;
    int r = -1;
    if (stat(h, &st) != 0)
        crt_set_errno(crt_errno_from_host(errno));
    else if (S_ISDIR(st.st_mode))
        crt_set_errno(CRT_EACCES);       /* msvcrt opens the file: directories fail */
    else if ((r = utimensat(AT_FDCWD, h, ts, 0)) != 0)
        crt_set_errno(crt_errno_from_host(errno));
    free(h);
    return r ? -1 : 0;
}

CDECL int msvcrt__utime64(const char *path, const struct utimbuf64 *t)
{
    int64_t v[2];
    if (t) { v[0] = t->actime; v[1] = t->modtime; }
    return utime_impl(path, t ? v : NULL);
}

CDECL int msvcrt__utime32(const char *path, const struct utimbuf32 *t)
{
    int64_t v[2];
    if (t) { v[0] = t->actime; v[1] = t->modtime; }
    return utime_impl(path, t ? v : NULL);
}

CDECL int msvcrt__wutime64(const WCHAR *path, const struct utimbuf64 *t) { WIDE_PATH_CALL(msvcrt__utime64(a, t)) }
CDECL int msvcrt__wutime32(const WCHAR *path, const struct utimbuf32 *t) { WIDE_PATH_CALL(msvcrt__utime32(a, t)) }

static int futime_impl(int fd, const int64_t *t)
{
    int hfd = host_fd_of(fd, NULL);
    struct timespec ts[2];
    if (hfd < 0)
        return -1;
    if (t && (t[0] < 0 || t[1] < 0)) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    to_timespecs(t, ts);
    if (futimens(hfd, ts) != 0) {
        crt_set_errno(crt_errno_from_host(errno));
        return -1;
    }
    return 0;
}

CDECL int msvcrt__futime64(int fd, const struct utimbuf64 *t)
{
    int64_t v[2];
    if (t) { v[0] = t->actime; v[1] = t->modtime; }
    return futime_impl(fd, t ? v : NULL);
}

CDECL int msvcrt__futime32(int fd, const struct utimbuf32 *t)
{
    int64_t v[2];
    if (t) { v[0] = t->actime; v[1] = t->modtime; }
    return futime_impl(fd, t ? v : NULL);
}

/* ---- _umask_s ----------------------------------------------------- */

/* _umask itself belongs to the low-level I/O (lowio.c), which applies it. */
CDECL int msvcrt__umask(int mask);
CDECL errno_t msvcrt__umask_s(int mask, int *old)
{
    if (!old || (mask & ~(S_IREAD_ | S_IWRITE_)))
        return crt_invalid(CRT_EINVAL);
    *old = msvcrt__umask(mask);
    return 0;
}

/* ---- _mktemp / _tempnam -------------------------------------------- */

static bool win_exists(const char *win)
{
    char *h = path_to_host(win);
    struct stat st;
    bool e = h && lstat(h, &st) == 0;
    free(h);
    return e;
}

extern WINAPI DWORD kernel32_GetCurrentProcessId(void);

/* "nameXXXXXX": the X's become a letter ('a' first, the next one while
 * the name is taken) and five digits of the process id, as msvcrt does. */
static errno_t mktemp_impl(char *t, size_t size)
{
    size_t n = strnlen(t, size);
    if (n == size || n < 6 || strcmp(t + n - 6, "XXXXXX"))
        return CRT_EINVAL;
    unsigned id = (unsigned)kernel32_GetCurrentProcessId();
    char *x = t + n - 6;
    for (int i = 5; i >= 1; i--) {
        x[i] = (char)('0' + id % 10);
        id /= 10;
    }
    for (char c = 'a'; c <= 'z'; c++) {
        x[0] = c;
        if (!win_exists(t))
            return 0;
    }
    return CRT_EEXIST;
}

/* A template without its six X's fails without touching errno, as in msvcrt. */
CDECL char *msvcrt__mktemp(char *t)
{
    if (!t) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    errno_t e = mktemp_impl(t, strlen(t) + 1);
    if (e) {
        if (e != CRT_EINVAL)
            crt_set_errno(e);
        return NULL;
    }
    return t;
}

CDECL errno_t msvcrt__mktemp_s(char *t, size_t size)
{
    if (!t || !size)
        return crt_invalid(CRT_EINVAL);
    errno_t e = mktemp_impl(t, size);
    if (e) {
        t[0] = 0;
        return crt_invalid(e);
    }
    return 0;
}

CDECL char *msvcrt_getenv(const char *name);

static bool is_dir(const char *win)
{
    char *h = win ? path_to_host(win) : NULL;
    struct stat st;
    bool d = h && stat(h, &st) == 0 && S_ISDIR(st.st_mode);
    free(h);
    return d;
}

/* _tempnam: a name that does not exist yet, in %TMP% if that is a
 * directory, else in dir, else in the temporary directory, spelled as the
 * directory was given; the file is not created. The result comes from the
 * guest heap. */
CDECL char *msvcrt__tempnam(const char *dir, const char *prefix)
{
    const char *tmp = msvcrt_getenv("TMP");
    const char *use = is_dir(tmp) ? tmp : is_dir(dir) ? dir : "C:\\windows\\temp";
    char *base = strdup(use);
    if (!base || !*base) {
        free(base);
        crt_set_errno(CRT_ENOENT);
        return NULL;
    }
    size_t bl = strlen(base);
    const char *pre = prefix ? prefix : "";
    size_t need = bl + strlen(pre) + 16;
    char *out = crt_malloc(need);
    if (!out) {
        free(base);
        crt_set_errno(CRT_ENOMEM);
        return NULL;
    }
    static unsigned counter;
    unsigned start = (unsigned)time(NULL) ^ ((unsigned)getpid() << 8);
    for (unsigned i = 0; i < 0x10000; i++) {
        unsigned v = (start + __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED)) & 0xffff;
        snprintf(out, need, "%s%s%s%x.tmp", base, (base[bl - 1] == '\\' || base[bl - 1] == '/') ? "" : "\\",
                 pre, v ? v : 1);
        if (!win_exists(out)) {
            free(base);
            return out;
        }
    }
    free(base);
    crt_free(out);
    crt_set_errno(CRT_EEXIST);
    return NULL;
}

CDECL WCHAR *msvcrt__wtempnam(const WCHAR *dir, const WCHAR *prefix)
{
    char *d = dir ? utf16_to_utf8_alloc(dir) : NULL, *p = prefix ? utf16_to_utf8_alloc(prefix) : NULL;
    char *r = msvcrt__tempnam(d, p);
    free(d);
    free(p);
    if (!r)
        return NULL;
    size_t n = utf8_to_utf16(r, -1, NULL, 0);
    WCHAR *w = crt_malloc(n * sizeof(WCHAR));
    if (w)
        utf8_to_utf16(r, -1, w, n);
    else
        crt_set_errno(CRT_ENOMEM);
    crt_free(r);
    return w;
}
