/*
 * compat32_io.c - more i386 calls that pass 64-bit values in two registers,
 * arrays of i386 iovecs or 32-bit times: readahead, sync_file_range,
 * preadv2/pwritev2, vmsplice, process_vm_readv/writev, process_madvise,
 * fanotify_mark
 * (a 64-bit mask in two words), sched_rr_get_interval, clock_settime and
 * futimesat. The common ones of each kind are in compat32_fs.c.
 */
#include "syscalls/syscalls.h"
#include "syscalls/compat32.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static inline int64_t res(long r) { return r < 0 ? -errno : (int64_t)r; }
static inline int64_t off64(uint64_t lo, uint64_t hi) { return (int64_t)(((hi & 0xffffffffu) << 32) | (lo & 0xffffffffu)); }

/* readahead(fd, offset lo, offset hi, count) */
int64_t sys32_readahead(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return res(syscall(SYS_readahead, (int)a[0], (off_t)off64(a[1], a[2]), (size_t)(uint32_t)a[3]));
}

/* sync_file_range(fd, offset lo, hi, nbytes lo, hi, flags) */
int64_t sys32_sync_file_range(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return res(syscall(SYS_sync_file_range, (int)a[0], (off_t)off64(a[1], a[2]), (off_t)off64(a[3], a[4]),
                       (unsigned)a[5]));
}

/* preadv2/pwritev2(fd, iov, count, pos lo, pos hi, flags): pos -1 is the
 * current position. */
static int64_t rwv2(long nr, uint64_t *a)
{
    struct iovec *v = compat32_iov_in(a[1], (uint32_t)a[2]);
    if (!v)
        return -EINVAL;
    int64_t pos = off64(a[3], a[4]);
    /* the host's argument order: fd, iov, count, pos lo, pos hi (64-bit: hi unused), flags */
    int64_t r = res(syscall(nr, (int)a[0], v, (unsigned long)(uint32_t)a[2], (unsigned long)pos,
                            (unsigned long)((uint64_t)pos >> 32), (int)a[5]));
    free(v);
    return r;
}

int64_t sys32_preadv2(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return rwv2(SYS_preadv2, a); }
int64_t sys32_pwritev2(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return rwv2(SYS_pwritev2, a); }

/* vmsplice(fd, iov, count, flags) */
int64_t sys32_vmsplice(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct iovec *v = compat32_iov_in(a[1], (uint32_t)a[2]);
    if (!v)
        return -EINVAL;
    int64_t r = res(syscall(SYS_vmsplice, (int)a[0], v, (unsigned long)(uint32_t)a[2], (unsigned)a[3]));
    free(v);
    return r;
}

/* process_vm_readv/writev(pid, local iov, n, remote iov, n, flags): both
 * vectors in the i386 layout (the other process's addresses are its own). */
static int64_t pvm(long nr, uint64_t *a)
{
    struct iovec *l = compat32_iov_in(a[1], (uint32_t)a[2]);
    struct iovec *r = compat32_iov_in(a[3], (uint32_t)a[4]);
    int64_t ret = -EINVAL;
    if (l && r)
        ret = res(syscall(nr, (pid_t)a[0], l, (unsigned long)(uint32_t)a[2], r, (unsigned long)(uint32_t)a[4],
                          (unsigned long)(uint32_t)a[5]));
    free(l);
    free(r);
    return ret;
}

int64_t sys32_process_vm_readv(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return pvm(SYS_process_vm_readv, a); }
int64_t sys32_process_vm_writev(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return pvm(SYS_process_vm_writev, a); }

/* process_madvise(pidfd, iov, n, advice, flags) */
int64_t sys32_process_madvise(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct iovec *v = compat32_iov_in(a[1], (uint32_t)a[2]);
    if (!v)
        return -EINVAL;
    int64_t r = res(syscall(SYS_process_madvise, (int)a[0], v, (size_t)(uint32_t)a[2], (int)a[3], (unsigned)a[4]));
    free(v);
    return r;
}

/* fanotify_mark(fd, flags, mask lo, mask hi, dirfd, path) */
int64_t sys32_fanotify_mark(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return res(syscall(SYS_fanotify_mark, (int)a[0], (unsigned)a[1], (uint64_t)off64(a[2], a[3]), (int)a[4],
                       (uint32_t)a[5] ? gptr(a[5]) : NULL));
}

/* sched_rr_get_interval(pid, timespec32 *) */
int64_t sys32_sched_rr_get_interval(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec ts;
    if (syscall(SYS_sched_rr_get_interval, (pid_t)a[0], &ts) < 0)
        return -errno;
    struct timespec32 g = { (int32_t)ts.tv_sec, (int32_t)ts.tv_nsec };
    memcpy(gptr(a[1]), &g, sizeof g);
    return 0;
}

/* clock_settime(clock, timespec32 *) */
int64_t sys32_clock_settime(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec32 g;
    memcpy(&g, gptr(a[1]), sizeof g);
    struct timespec ts = { g.tv_sec, g.tv_nsec };
    return res(syscall(SYS_clock_settime, (clockid_t)a[0], &ts));
}

/* futimesat(dirfd, path, timeval32[2]): utimensat with microseconds. */
int64_t sys32_futimesat(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    struct timespec ts[2];
    if ((uint32_t)a[2]) {
        struct timeval32 g[2];
        memcpy(g, gptr(a[2]), sizeof g);
        for (int i = 0; i < 2; i++) {
            if (g[i].tv_usec < 0 || g[i].tv_usec >= 1000000)
                return -EINVAL;
            ts[i].tv_sec = g[i].tv_sec;
            ts[i].tv_nsec = (long)g[i].tv_usec * 1000;
        }
    }
    return res(syscall(SYS_utimensat, (int)a[0], (uint32_t)a[1] ? gptr(a[1]) : NULL, (uint32_t)a[2] ? ts : NULL, 0));
}
