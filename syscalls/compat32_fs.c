/*
 * compat32_fs.c - i386 file, time and resource calls whose structures
 * differ from the host's: the stat and statfs families, 64-bit offsets
 * split over two registers, fcntl locks, old getdents, iovecs, 32-bit
 * timespec/timeval, rlimits, rusage, sysinfo, times.
 */
#include "syscalls/syscalls.h"
#include "syscalls/host_generic.h"
#include "syscalls/compat32.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define R(x) ((x) < 0 ? -errno : (x))

/* Both i386 stat layouts end their times with the same six 32-bit fields:
 * atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec. */
static void stat_times(const struct stat *s, void *dst)
{
    uint32_t t[6] = { (uint32_t)s->st_atim.tv_sec, (uint32_t)s->st_atim.tv_nsec, (uint32_t)s->st_mtim.tv_sec,
                      (uint32_t)s->st_mtim.tv_nsec, (uint32_t)s->st_ctim.tv_sec, (uint32_t)s->st_ctim.tv_nsec };
    memcpy(dst, t, sizeof t);
}

static int64_t to_stat64(const struct stat *s, uint64_t dst)
{
    struct stat64_32 *d = gptr(dst);
    memset(d, 0, sizeof *d);
    d->st_dev = s->st_dev;
    d->st_ino32 = (uint32_t)s->st_ino;
    d->st_ino = s->st_ino;
    d->st_mode = s->st_mode;
    d->st_nlink = (uint32_t)s->st_nlink;
    d->st_uid = s->st_uid;
    d->st_gid = s->st_gid;
    d->st_rdev = s->st_rdev;
    d->st_size = s->st_size;
    d->st_blksize = (uint32_t)s->st_blksize;
    d->st_blocks = (uint64_t)s->st_blocks;
    stat_times(s, (char *)d + offsetof(struct stat64_32, st_atime_));
    return 0;
}

static int64_t to_stat32(const struct stat *s, uint64_t dst)
{
    struct stat32 *d = gptr(dst);
    if (s->st_ino > 0xffffffffu || s->st_size > 0x7fffffff || s->st_nlink > 0xffff)
        return -EOVERFLOW;
    memset(d, 0, sizeof *d);
    d->st_dev = (uint32_t)s->st_dev;
    d->st_ino = (uint32_t)s->st_ino;
    d->st_mode = (uint16_t)s->st_mode;
    d->st_nlink = (uint16_t)s->st_nlink;
    d->st_uid = (uint16_t)s->st_uid;
    d->st_gid = (uint16_t)s->st_gid;
    d->st_rdev = (uint32_t)s->st_rdev;
    d->st_size = (uint32_t)s->st_size;
    d->st_blksize = (uint32_t)s->st_blksize;
    d->st_blocks = (uint32_t)s->st_blocks;
    stat_times(s, (char *)d + offsetof(struct stat32, st_atime_));
    return 0;
}

int64_t sys32_stat64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct stat s;
    return stat(gptr(a[0]), &s) ? -errno : to_stat64(&s, a[1]);
}

int64_t sys32_lstat64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct stat s;
    return lstat(gptr(a[0]), &s) ? -errno : to_stat64(&s, a[1]);
}

int64_t sys32_fstat64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct stat s;
    return fstat((int)a[0], &s) ? -errno : to_stat64(&s, a[1]);
}

int64_t sys32_fstatat64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct stat s;
    return fstatat((int)a[0], gptr(a[1]), &s, (int)a[3]) ? -errno : to_stat64(&s, a[2]);
}

int64_t sys32_stat(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct stat s;
    return stat(gptr(a[0]), &s) ? -errno : to_stat32(&s, a[1]);
}

int64_t sys32_lstat(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct stat s;
    return lstat(gptr(a[0]), &s) ? -errno : to_stat32(&s, a[1]);
}

int64_t sys32_fstat(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct stat s;
    return fstat((int)a[0], &s) ? -errno : to_stat32(&s, a[1]);
}

static void to_statfs64(const struct statfs *s, struct statfs64_32 *d)
{
    memset(d, 0, sizeof *d);
    d->f_type = (uint32_t)s->f_type;
    d->f_bsize = (uint32_t)s->f_bsize;
    d->f_blocks = s->f_blocks;
    d->f_bfree = s->f_bfree;
    d->f_bavail = s->f_bavail;
    d->f_files = s->f_files;
    d->f_ffree = s->f_ffree;
    memcpy(d->f_fsid, &s->f_fsid, 8);
    d->f_namelen = (uint32_t)s->f_namelen;
    d->f_frsize = (uint32_t)s->f_frsize;
    d->f_flags = (uint32_t)s->f_flags;
}

static int64_t statfs64_out(int rc, const struct statfs *s, uint64_t size, uint64_t dst)
{
    if (rc)
        return -errno;
    if (size != sizeof(struct statfs64_32))
        return -EINVAL;
    to_statfs64(s, gptr(dst));
    return 0;
}

int64_t sys32_statfs64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct statfs s;
    return statfs64_out(statfs(gptr(a[0]), &s), &s, a[1], a[2]);
}

int64_t sys32_fstatfs64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct statfs s;
    return statfs64_out(fstatfs((int)a[0], &s), &s, a[1], a[2]);
}

static int64_t statfs32_out(int rc, const struct statfs *s, uint64_t dst)
{
    if (rc)
        return -errno;
    struct statfs32 *d = gptr(dst);
    if (s->f_blocks > 0xffffffffu || s->f_files > 0xffffffffu)
        return -EOVERFLOW;
    memset(d, 0, sizeof *d);
    d->f_type = (uint32_t)s->f_type;
    d->f_bsize = (uint32_t)s->f_bsize;
    d->f_blocks = (uint32_t)s->f_blocks;
    d->f_bfree = (uint32_t)s->f_bfree;
    d->f_bavail = (uint32_t)s->f_bavail;
    d->f_files = (uint32_t)s->f_files;
    d->f_ffree = (uint32_t)s->f_ffree;
    memcpy(d->f_fsid, &s->f_fsid, 8);
    d->f_namelen = (uint32_t)s->f_namelen;
    d->f_frsize = (uint32_t)s->f_frsize;
    d->f_flags = (uint32_t)s->f_flags;
    return 0;
}

int64_t sys32_statfs(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct statfs s;
    return statfs32_out(statfs(gptr(a[0]), &s), &s, a[1]);
}

int64_t sys32_fstatfs(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct statfs s;
    return statfs32_out(fstatfs((int)a[0], &s), &s, a[1]);
}

static inline int64_t off64(uint64_t lo, uint64_t hi) { return (int64_t)(((hi & 0xffffffffu) << 32) | (lo & 0xffffffffu)); }

/* Directory offsets for i386 callers. The host's are 64-bit hashes; an
 * i386 program needs values below 2^31 (glibc's readdir fails with
 * EOVERFLOW otherwise) that still work for seekdir. getdents64 hands out
 * small cookies, each remembered with the real offset, and a seek on a
 * directory turns a cookie back into it. The table is a ring: a cookie from
 * very long ago (more than DIR_COOKIES entries read since) is forgotten.
 * Directories whose host offsets are small already (tmpfs) get none; a
 * small real offset equal to a live cookie of another directory would be
 * misread, a risk taken for the common case. */
#define DIR_COOKIES 65536
static struct { uint32_t cookie; int64_t off; } dir_cookies[DIR_COOKIES];
static uint32_t dir_next_cookie = 1;
static pthread_mutex_t dir_cookie_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t dir_cookie_for(int64_t off)
{
    pthread_mutex_lock(&dir_cookie_lock);
    uint32_t c = dir_next_cookie;
    dir_next_cookie = dir_next_cookie >= 0x7ffffffe ? 1 : dir_next_cookie + 1;
    dir_cookies[c % DIR_COOKIES].cookie = c;
    dir_cookies[c % DIR_COOKIES].off = off;
    pthread_mutex_unlock(&dir_cookie_lock);
    return c;
}

/* A SEEK_SET on a directory to a cookie: the host offset it stands for. */
static int64_t dir_seek_offset(int fd, int64_t off, int whence)
{
    struct stat st;
    if (whence != SEEK_SET || off <= 0 || off > 0x7fffffff || fstat(fd, &st) || !S_ISDIR(st.st_mode))
        return off;
    pthread_mutex_lock(&dir_cookie_lock);
    if (dir_cookies[off % DIR_COOKIES].cookie == (uint32_t)off)
        off = dir_cookies[off % DIR_COOKIES].off;
    pthread_mutex_unlock(&dir_cookie_lock);
    return off;
}

int64_t sys32_llseek(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    off_t r = lseek((int)a[0], dir_seek_offset((int)a[0], off64(a[2], a[1]), (int)a[4]), (int)a[4]);
    if (r < 0)
        return -errno;
    memcpy(gptr(a[3]), &r, 8);
    return 0;
}

int64_t sys32_lseek(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    off_t r = lseek((int)a[0], dir_seek_offset((int)a[0], (int32_t)a[1], (int)a[2]), (int)a[2]);
    if (r < 0)
        return -errno;
    return r > 0x7fffffff ? -EOVERFLOW : r;
}

int64_t sys32_pread64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    ssize_t r = pread((int)a[0], gptr(a[1]), (uint32_t)a[2], off64(a[3], a[4]));
    return R(r);
}

int64_t sys32_pwrite64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    ssize_t r = pwrite((int)a[0], gptr(a[1]), (uint32_t)a[2], off64(a[3], a[4]));
    return R(r);
}

int64_t sys32_truncate64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    return truncate(gptr(a[0]), off64(a[1], a[2])) ? -errno : 0;
}

int64_t sys32_ftruncate64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    return ftruncate((int)a[0], off64(a[1], a[2])) ? -errno : 0;
}

int64_t sys32_fadvise64_64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    return -posix_fadvise((int)a[0], off64(a[1], a[2]), off64(a[3], a[4]), (int)a[5]);
}

int64_t sys32_fadvise64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    return -posix_fadvise((int)a[0], off64(a[1], a[2]), (uint32_t)a[3], (int)a[4]);
}

int64_t sys32_fallocate(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    return fallocate((int)a[0], (int)a[1], off64(a[2], a[3]), off64(a[4], a[5])) ? -errno : 0;
}

/* fcntl/fcntl64: i386 F_GETLK64/F_SETLK64/F_SETLKW64 are 12/13/14 with
 * struct flock64 (packed); F_GETLK..F_SETLKW (5-7) take the 32-bit struct flock. */
int64_t sys32_fcntl64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    int fd = (int)a[0], cmd = (int)a[1];
    struct flock fl;
    switch (cmd) {
    case 12: case 13: case 14: case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW: {
        struct flock64_32 *g = gptr(a[2]);
        fl.l_type = g->l_type;
        fl.l_whence = g->l_whence;
        fl.l_start = g->l_start;
        fl.l_len = g->l_len;
        fl.l_pid = g->l_pid;
        int hc = cmd == 12 ? F_GETLK : cmd == 13 ? F_SETLK : cmd == 14 ? F_SETLKW : cmd;
        if (fcntl(fd, hc, &fl))
            return -errno;
        if (hc == F_GETLK || hc == F_OFD_GETLK) {
            g->l_type = fl.l_type;
            g->l_whence = fl.l_whence;
            g->l_start = fl.l_start;
            g->l_len = fl.l_len;
            g->l_pid = fl.l_pid;
        }
        return 0;
    }
    case F_GETLK: case F_SETLK: case F_SETLKW: {
        struct flock32 *g = gptr(a[2]);
        fl.l_type = g->l_type;
        fl.l_whence = g->l_whence;
        fl.l_start = g->l_start;
        fl.l_len = g->l_len;
        fl.l_pid = g->l_pid;
        if (fcntl(fd, cmd, &fl))
            return -errno;
        if (cmd == F_GETLK) {
            if (fl.l_start > 0x7fffffff || fl.l_len > 0x7fffffff)
                return -EOVERFLOW;
            g->l_type = fl.l_type;
            g->l_whence = fl.l_whence;
            g->l_start = (int32_t)fl.l_start;
            g->l_len = (int32_t)fl.l_len;
            g->l_pid = fl.l_pid;
        }
        return 0;
    }
    case F_GETOWN_EX: case F_SETOWN_EX: case F_GET_RW_HINT: case F_SET_RW_HINT:
        break;   /* same layouts */
    case F_GETFL: {   /* the status flags' values differ on some hosts */
        long r = fcntl(fd, F_GETFL);
        return r < 0 ? -errno : guest_open_flags((int)r);
    }
    case F_SETFL:
        return fcntl(fd, F_SETFL, host_open_flags((int)(uint32_t)a[2])) < 0 ? -errno : 0;
    }
    long r = syscall(SYS_fcntl, fd, cmd, (unsigned long)(uint32_t)a[2]);
    return r < 0 ? -errno : r;
}

/* Old getdents: 32-bit d_ino/d_off; the type byte after the name. */
int64_t sys32_getdents(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    size_t cap = (uint32_t)a[2];
    char *buf = malloc(cap);
    if (!buf)
        return -ENOMEM;
    /* A 64-bit record is at most 8 bytes longer than its 32-bit twin: ask for
     * less so the converted records always fit. */
    long n = syscall(SYS_getdents64, (int)a[0], buf, cap / 2 > 64 ? cap / 2 : cap);
    if (n < 0) {
        free(buf);
        return -errno;
    }
    char *out = gptr(a[1]);
    size_t o = 0;
    for (long i = 0; i < n;) {
        struct dirent64 { uint64_t ino; int64_t off; uint16_t reclen; uint8_t type; char name[]; } *e = (void *)(buf + i);
        size_t nl = strlen(e->name);
        size_t rl = (offsetof(struct dirent32, d_name) + nl + 2 + 3) & ~(size_t)3;
        if (o + rl > cap)
            break;
        struct dirent32 *d = (void *)(out + o);
        d->d_ino = (uint32_t)e->ino;
        d->d_off = e->off >= 0 && e->off <= 0x7fffffff ? (uint32_t)e->off : dir_cookie_for(e->off);
        d->d_reclen = (uint16_t)rl;
        memcpy(d->d_name, e->name, nl + 1);
        out[o + rl - 1] = (char)e->type;
        o += rl;
        i += e->reclen;
    }
    free(buf);
    return (int64_t)o;
}

/* getdents64 has one layout everywhere, but a 64-bit kernel gives 32-bit
 * callers directory offsets that fit in 32 bits: cookies (dir_cookie_for). */
int64_t sys32_getdents64(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    long n = syscall(SYS_getdents64, (int)a[0], gptr(a[1]), (uint32_t)a[2]);
    if (n < 0)
        return -errno;
    char *p = gptr(a[1]);
    for (long i = 0; i < n;) {
        uint16_t reclen;
        memcpy(&reclen, p + i + 16, 2);
        int64_t off;
        memcpy(&off, p + i + 8, 8);
        if (off < 0 || off > 0x7fffffff)
            off = dir_cookie_for(off);
        memcpy(p + i + 8, &off, 8);
        if (!reclen)
            break;
        i += reclen;
    }
    return n;
}

struct iovec *compat32_iov_in(uint64_t p, uint64_t n)
{
    if (n > 1024)
        return NULL;
    struct iovec *v = calloc(n ? n : 1, sizeof *v);
    const struct iovec32 *g = gptr(p);
    for (uint64_t i = 0; v && i < n; i++) {
        v[i].iov_base = gptr(g[i].base);
        v[i].iov_len = g[i].len;
    }
    return v;
}

int64_t sys32_readv(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct iovec *v = compat32_iov_in(a[1], (uint32_t)a[2]);
    if (!v)
        return -EINVAL;
    ssize_t r = readv((int)a[0], v, (int)(uint32_t)a[2]);
    free(v);
    return R(r);
}

int64_t sys32_writev(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct iovec *v = compat32_iov_in(a[1], (uint32_t)a[2]);
    if (!v)
        return -EINVAL;
    ssize_t r = writev((int)a[0], v, (int)(uint32_t)a[2]);
    free(v);
    return R(r);
}

int64_t sys32_preadv(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct iovec *v = compat32_iov_in(a[1], (uint32_t)a[2]);
    if (!v)
        return -EINVAL;
    ssize_t r = preadv((int)a[0], v, (int)(uint32_t)a[2], off64(a[3], a[4]));
    free(v);
    return R(r);
}

int64_t sys32_pwritev(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct iovec *v = compat32_iov_in(a[1], (uint32_t)a[2]);
    if (!v)
        return -EINVAL;
    ssize_t r = pwritev((int)a[0], v, (int)(uint32_t)a[2], off64(a[3], a[4]));
    free(v);
    return R(r);
}

/* ---- time ---- */

static bool ts_in(uint64_t p, struct timespec *ts)
{
    if (!(uint32_t)p)
        return false;
    const struct timespec32 *g = gptr(p);
    ts->tv_sec = g->tv_sec;
    ts->tv_nsec = g->tv_nsec;
    return true;
}

static int64_t ts_out(const struct timespec *ts, uint64_t p)
{
    if (!(uint32_t)p)
        return 0;
    if (ts->tv_sec > INT32_MAX)
        return -EOVERFLOW;
    struct timespec32 *g = gptr(p);
    g->tv_sec = (int32_t)ts->tv_sec;
    g->tv_nsec = (int32_t)ts->tv_nsec;
    return 0;
}

int64_t sys32_clock_gettime(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct timespec ts;
    return clock_gettime((clockid_t)a[0], &ts) ? -errno : ts_out(&ts, a[1]);
}

int64_t sys32_clock_getres(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct timespec ts;
    return clock_getres((clockid_t)a[0], &ts) ? -errno : ts_out(&ts, a[1]);
}

int64_t sys32_nanosleep(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct timespec req, rem = { 0, 0 };
    if (!ts_in(a[0], &req))
        return -EFAULT;
    if (nanosleep(&req, &rem)) {
        int e = errno;
        ts_out(&rem, a[1]);
        return -e;
    }
    return 0;
}

int64_t sys32_clock_nanosleep(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct timespec req, rem = { 0, 0 };
    if (!ts_in(a[2], &req))
        return -EFAULT;
    int e = clock_nanosleep((clockid_t)a[0], (int)a[1], &req, &rem);
    if (e == EINTR)
        ts_out(&rem, a[3]);
    return -e;
}

int64_t sys32_gettimeofday(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct timeval tv;
    struct timezone tz;
    if (gettimeofday(&tv, &tz))
        return -errno;
    if ((uint32_t)a[0]) {
        struct timeval32 *g = gptr(a[0]);
        g->tv_sec = (int32_t)tv.tv_sec;
        g->tv_usec = (int32_t)tv.tv_usec;
    }
    if ((uint32_t)a[1])
        memcpy(gptr(a[1]), &tz, sizeof tz);
    return 0;
}

int64_t sys32_time(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    time_t now = time(NULL);
    if ((uint32_t)a[0])
        *(int32_t *)gptr(a[0]) = (int32_t)now;
    return (int32_t)now;
}

int64_t sys32_utimensat(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct timespec ts[2], *tp = NULL;
    if ((uint32_t)a[2]) {
        const struct timespec32 *g = gptr(a[2]);
        for (int i = 0; i < 2; i++) {
            ts[i].tv_sec = g[i].tv_sec;
            ts[i].tv_nsec = g[i].tv_nsec;   /* UTIME_NOW/UTIME_OMIT pass as they are */
        }
        tp = ts;
    }
    long r = syscall(SYS_utimensat, (int)a[0], (uint32_t)a[1] ? gptr(a[1]) : NULL, tp, (int)a[3]);
    return R(r);
}

int64_t sys32_utime(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct utimbuf u, *up = NULL;
    if ((uint32_t)a[1]) {
        const struct utimbuf32 *g = gptr(a[1]);
        u.actime = g->actime;
        u.modtime = g->modtime;
        up = &u;
    }
    return utime(gptr(a[0]), up) ? -errno : 0;
}

int64_t sys32_utimes(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct timeval tv[2], *tp = NULL;
    if ((uint32_t)a[1]) {
        const struct timeval32 *g = gptr(a[1]);
        for (int i = 0; i < 2; i++) {
            tv[i].tv_sec = g[i].tv_sec;
            tv[i].tv_usec = g[i].tv_usec;
        }
        tp = tv;
    }
    return utimes(gptr(a[0]), tp) ? -errno : 0;
}

int64_t sys32_times(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct tms tm;
    clock_t r = times(&tm);
    if (r == (clock_t)-1)
        return -errno;
    if ((uint32_t)a[0]) {
        struct tms32 *g = gptr(a[0]);
        g->utime = (int32_t)tm.tms_utime;
        g->stime = (int32_t)tm.tms_stime;
        g->cutime = (int32_t)tm.tms_cutime;
        g->cstime = (int32_t)tm.tms_cstime;
    }
    return (int32_t)r;
}

/* futex: the timeout of the waiting operations is a 32-bit timespec; for
 * the requeue/wake-op operations the same slot carries a plain number. */
int64_t sys32_futex(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    int op = (int)a[1] & FUTEX_CMD_MASK;
    struct timespec ts, *tp = NULL;
    bool timed = op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET || op == FUTEX_LOCK_PI || op == FUTEX_LOCK_PI2 ||
                 op == FUTEX_WAIT_REQUEUE_PI;
    if (timed && ts_in(a[3], &ts))
        tp = &ts;
    long r = syscall(SYS_futex, gptr(a[0]), (int)a[1], (uint32_t)a[2], timed ? (void *)tp : gptr(a[3]),
                     gptr(a[4]), (uint32_t)a[5]);
    return R(r);
}

/* select and old select: 32-bit timeval, and fd_sets copied through host-sized sets. */
static int64_t do_select(int n, uint64_t r, uint64_t w, uint64_t e, struct timeval *tv)
{
    if (n < 0 || n > FD_SETSIZE)
        return -EINVAL;
    size_t bytes = ((size_t)n + 31) / 32 * 4;
    fd_set sets[3];
    uint64_t ptrs[3] = { r, w, e };
    for (int i = 0; i < 3; i++) {
        FD_ZERO(&sets[i]);
        if ((uint32_t)ptrs[i])
            memcpy(&sets[i], gptr(ptrs[i]), bytes);
    }
    int rc = select(n, (uint32_t)r ? &sets[0] : NULL, (uint32_t)w ? &sets[1] : NULL, (uint32_t)e ? &sets[2] : NULL, tv);
    if (rc < 0)
        return -errno;
    for (int i = 0; i < 3; i++)
        if ((uint32_t)ptrs[i])
            memcpy(gptr(ptrs[i]), &sets[i], bytes);
    return rc;
}

int64_t sys32_select(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct timeval tv, *tp = NULL;
    struct timeval32 *g = gptr(a[4]);
    if ((uint32_t)a[4]) {
        tv.tv_sec = g->tv_sec;
        tv.tv_usec = g->tv_usec;
        tp = &tv;
    }
    int64_t r = do_select((int)a[0], a[1], a[2], a[3], tp);
    if (tp && r >= 0) {
        g->tv_sec = (int32_t)tv.tv_sec;
        g->tv_usec = (int32_t)tv.tv_usec;
    }
    return r;
}

int64_t sys32_old_select(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    const uint32_t *args = gptr(a[0]);
    uint64_t b[6] = { (uint64_t)(int64_t)(int32_t)args[0], args[1], args[2], args[3], args[4], 0 };
    return sys32_select(t, sd, b);
}

/* ---- resources and process status ---- */

static uint32_t rlim32(rlim_t v) { return v >= 0xffffffffu ? 0xffffffffu : (uint32_t)v; }

int64_t sys32_getrlimit(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct rlimit rl;
    if (getrlimit((int)a[0], &rl))
        return -errno;
    struct rlimit32 *g = gptr(a[1]);
    g->cur = rlim32(rl.rlim_cur);
    g->max = rlim32(rl.rlim_max);
    return 0;
}

int64_t sys32_setrlimit(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    const struct rlimit32 *g = gptr(a[1]);
    struct rlimit rl = { g->cur == 0xffffffffu ? RLIM_INFINITY : g->cur, g->max == 0xffffffffu ? RLIM_INFINITY : g->max };
    return setrlimit((int)a[0], &rl) ? -errno : 0;
}

void rusage_out(const struct rusage *r, uint64_t p)
{
    if (!(uint32_t)p)
        return;
    struct rusage32 *g = gptr(p);
    g->ru_utime.tv_sec = (int32_t)r->ru_utime.tv_sec;
    g->ru_utime.tv_usec = (int32_t)r->ru_utime.tv_usec;
    g->ru_stime.tv_sec = (int32_t)r->ru_stime.tv_sec;
    g->ru_stime.tv_usec = (int32_t)r->ru_stime.tv_usec;
    const long *rest = &r->ru_maxrss;
    for (int i = 0; i < 14; i++)
        g->rest[i] = (int32_t)rest[i];
}

int64_t sys32_getrusage(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct rusage r;
    if (getrusage((int)a[0], &r))
        return -errno;
    rusage_out(&r, a[1]);
    return 0;
}

int64_t sys32_wait4(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct rusage r;
    pid_t p = wait4((pid_t)a[0], gptr(a[1]), (int)a[2], (uint32_t)a[3] ? &r : NULL);
    if (p < 0)
        return -errno;
    if ((uint32_t)a[3])
        rusage_out(&r, a[3]);
    return p;
}

int64_t sys32_waitpid(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    pid_t p = waitpid((pid_t)a[0], gptr(a[1]), (int)a[2]);
    return R(p);
}

int64_t sys32_sysinfo(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    struct sysinfo s;
    if (sysinfo(&s))
        return -errno;
    struct sysinfo32 *g = gptr(a[0]);
    memset(g, 0, sizeof *g);
    /* Scale memory to fit 32 bits, as the compat kernel does with mem_unit. */
    unsigned long unit = s.mem_unit;
    while (unit < (1ul << 20) && (s.totalram > 0xffffffffu || s.totalswap > 0xffffffffu)) {
        s.totalram >>= 1; s.freeram >>= 1; s.sharedram >>= 1; s.bufferram >>= 1;
        s.totalswap >>= 1; s.freeswap >>= 1; s.totalhigh >>= 1; s.freehigh >>= 1;
        unit <<= 1;
    }
    g->uptime = (int32_t)s.uptime;
    for (int i = 0; i < 3; i++)
        g->loads[i] = (uint32_t)s.loads[i];
    g->totalram = (uint32_t)s.totalram;
    g->freeram = (uint32_t)s.freeram;
    g->sharedram = (uint32_t)s.sharedram;
    g->bufferram = (uint32_t)s.bufferram;
    g->totalswap = (uint32_t)s.totalswap;
    g->freeswap = (uint32_t)s.freeswap;
    g->procs = s.procs;
    g->totalhigh = (uint32_t)s.totalhigh;
    g->freehigh = (uint32_t)s.freehigh;
    g->mem_unit = (uint32_t)unit;
    return 0;
}

/* ioctl: the terminal and file ioctls programs use have the same layouts on
 * i386 and x86-64 (ints, shorts, char arrays). */
int64_t sys32_ioctl(struct guest_thread *t, const struct syscall_desc *sd, uint64_t *a)
{
    long r = syscall(SYS_ioctl, (int)a[0], (unsigned long)(uint32_t)a[1], (unsigned long)(uint32_t)a[2]);
    return R(r);
}
