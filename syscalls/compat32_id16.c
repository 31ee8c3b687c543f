/*
 * compat32_id16.c - the i386 kernel's 16-bit user and group id calls, the
 * original ones (getuid 24, setuid 23, chown 182, getgroups 80 ...; glibc
 * uses the *32 calls, older libcs these). Ids travel as 16 bits: 0xffff
 * means -1 ("unchanged") going in, and an id that does not fit comes back
 * as the overflow id 65534, as the kernel's high2lowuid has it; arrays and
 * the getres*id results are 16-bit words. The host calls are the 32-bit
 * ones, made for this thread only as the guest's libc expects.
 */
#include "syscalls/syscalls.h"
#include "syscalls/compat32.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OVERFLOW_ID 65534

static inline int64_t res(long r) { return r < 0 ? -errno : (int64_t)r; }
static long in16(uint64_t id) { return (id & 0xffff) == 0xffff ? -1L : (long)(id & 0xffff); }
static uint16_t out16(long id) { return (unsigned long)id > 0xffff ? OVERFLOW_ID : (uint16_t)id; }

int64_t sys32_getuid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return out16(syscall(SYS_getuid)); }
int64_t sys32_geteuid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return out16(syscall(SYS_geteuid)); }
int64_t sys32_getgid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return out16(syscall(SYS_getgid)); }
int64_t sys32_getegid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return out16(syscall(SYS_getegid)); }

int64_t sys32_setuid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return res(syscall(SYS_setuid, in16(a[0]))); }
int64_t sys32_setgid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return res(syscall(SYS_setgid, in16(a[0]))); }
int64_t sys32_setreuid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return res(syscall(SYS_setreuid, in16(a[0]), in16(a[1]))); }
int64_t sys32_setregid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return res(syscall(SYS_setregid, in16(a[0]), in16(a[1]))); }
int64_t sys32_setresuid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return res(syscall(SYS_setresuid, in16(a[0]), in16(a[1]), in16(a[2]))); }
int64_t sys32_setresgid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return res(syscall(SYS_setresgid, in16(a[0]), in16(a[1]), in16(a[2]))); }

/* setfsuid/setfsgid return the previous id (never an error). */
int64_t sys32_setfsuid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return out16(syscall(SYS_setfsuid, in16(a[0]))); }
int64_t sys32_setfsgid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return out16(syscall(SYS_setfsgid, in16(a[0]))); }

static int64_t getres16(long nr, uint64_t *a)
{
    unsigned ids[3];
    if (syscall(nr, &ids[0], &ids[1], &ids[2]) < 0)
        return -errno;
    for (int i = 0; i < 3; i++) {
        uint16_t v = out16((long)ids[i]);
        memcpy(gptr(a[i]), &v, 2);
    }
    return 0;
}

int64_t sys32_getresuid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return getres16(SYS_getresuid, a); }
int64_t sys32_getresgid16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a) { return getres16(SYS_getresgid, a); }

/* chown family: path (or fd), owner, group; through the *at call the
 * generic ABI has too. */
int64_t sys32_chown16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return res(syscall(SYS_fchownat, AT_FDCWD, gptr(a[0]), in16(a[1]), in16(a[2]), 0));
}

int64_t sys32_lchown16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return res(syscall(SYS_fchownat, AT_FDCWD, gptr(a[0]), in16(a[1]), in16(a[2]), AT_SYMLINK_NOFOLLOW));
}

int64_t sys32_fchown16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    return res(syscall(SYS_fchown, (int)a[0], in16(a[1]), in16(a[2])));
}

/* getgroups(size, list) and setgroups(size, list) with 16-bit gids. */
int64_t sys32_getgroups16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    int size = (int)a[0];
    if (size < 0)
        return -EINVAL;
    unsigned *g = malloc(((size_t)size + 1) * sizeof *g);
    if (!g)
        return -ENOMEM;
    long n = syscall(SYS_getgroups, size, g);
    if (n < 0) {
        n = -errno;
    } else if (size) {
        uint16_t *out = gptr(a[1]);
        for (long i = 0; i < n; i++) {
            uint16_t v = out16((long)g[i]);
            memcpy(&out[i], &v, 2);
        }
    }
    free(g);
    return n;
}

int64_t sys32_setgroups16(struct guest_thread *t, const struct syscall_desc *s, uint64_t *a)
{
    int size = (int)a[0];
    if (size < 0 || size > 65536)
        return -EINVAL;
    unsigned *g = malloc(((size_t)size + 1) * sizeof *g);
    if (!g)
        return -ENOMEM;
    const uint16_t *in = gptr(a[1]);
    for (int i = 0; i < size; i++) {
        uint16_t v;
        memcpy(&v, &in[i], 2);
        g[i] = (unsigned)in16(v);
    }
    int64_t r = res(syscall(SYS_setgroups, size, g));
    free(g);
    return r;
}
