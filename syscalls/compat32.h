/*
 * compat32.h - i386 structure layouts, as the i386 kernel ABI has them, with
 * their sizes checked: the one place these layouts live. Handlers in
 * compat32_*.c convert between them and the host's.
 */
#ifndef MIMIC_SYSCALLS_COMPAT32_H
#define MIMIC_SYSCALLS_COMPAT32_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define PACKED __attribute__((packed, aligned(4)))

struct timespec32 { int32_t tv_sec, tv_nsec; };
struct timeval32 { int32_t tv_sec, tv_usec; };
struct iovec32 { uint32_t base, len; };
struct rlimit32 { uint32_t cur, max; };
struct stack32 { uint32_t ss_sp; int32_t ss_flags; uint32_t ss_size; };
struct sigaction32 { uint32_t handler, flags, restorer; uint32_t mask[2]; };
struct tms32 { int32_t utime, stime, cutime, cstime; };
struct utimbuf32 { int32_t actime, modtime; };

struct stat64_32 {
    uint64_t st_dev;
    uint8_t pad0[4];
    uint32_t st_ino32;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev;
    uint8_t pad3[4];
    int64_t st_size;
    uint32_t st_blksize;
    uint64_t st_blocks;
    uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
    uint64_t st_ino;
} PACKED;

struct stat32 {
    uint32_t st_dev, st_ino;
    uint16_t st_mode, st_nlink, st_uid, st_gid;
    uint32_t st_rdev, st_size, st_blksize, st_blocks;
    uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
    uint32_t unused4, unused5;
};

struct statfs64_32 {
    uint32_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} PACKED;

struct statfs32 {
    uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};

struct flock64_32 { int16_t l_type, l_whence; int64_t l_start, l_len; int32_t l_pid; } PACKED;
struct flock32 { int16_t l_type, l_whence; int32_t l_start, l_len, l_pid; };

struct rusage32 {
    struct timeval32 ru_utime, ru_stime;
    int32_t rest[14];
};

struct sysinfo32 {
    int32_t uptime;
    uint32_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t totalhigh, freehigh, mem_unit;
    char f[8];
};

struct msghdr32 { uint32_t name, namelen, iov, iovlen, control, controllen; int32_t flags; };
struct cmsghdr32 { uint32_t len; int32_t level, type; };

struct user_desc32 { uint32_t entry_number, base_addr, limit, flags; };

struct dirent32 { uint32_t d_ino, d_off; uint16_t d_reclen; char d_name[]; } PACKED;

_Static_assert(sizeof(struct stat64_32) == 96, "i386 stat64");
_Static_assert(sizeof(struct stat32) == 64, "i386 stat");
_Static_assert(sizeof(struct statfs64_32) == 84, "i386 statfs64");
_Static_assert(sizeof(struct statfs32) == 64, "i386 statfs");
_Static_assert(sizeof(struct flock64_32) == 24, "i386 flock64");
_Static_assert(sizeof(struct rusage32) == 72, "i386 rusage");
_Static_assert(sizeof(struct sysinfo32) == 64, "i386 sysinfo");
_Static_assert(sizeof(struct sigaction32) == 20, "i386 sigaction");
_Static_assert(offsetof(struct stat64_32, st_size) == 44, "i386 stat64 size field");
_Static_assert(offsetof(struct stat64_32, st_ino) == 88, "i386 stat64 ino field");
_Static_assert(offsetof(struct stat64_32, st_ctime_nsec) - offsetof(struct stat64_32, st_atime_) == 20, "i386 stat64 times");
_Static_assert(offsetof(struct stat32, st_ctime_nsec) - offsetof(struct stat32, st_atime_) == 20, "i386 stat times");

/* n i386 iovecs at p as host ones (malloc'ed), NULL if n > 1024 (EINVAL)
 * or out of memory (compat32_fs.c). */
struct iovec *compat32_iov_in(uint64_t p, uint64_t n);
/* An anonymous mapping below 4 GiB anywhere free (compat32_proc.c):
 * its address, or -errno. */
int64_t compat32_map_low(uint64_t len, int prot, int flags);
/* The return address of an i386 signal frame whose handler has no
 * SA_RESTORER (compat32_signal.c). */
uint32_t compat32_sigreturn_tramp(bool rt);

static inline void *gptr(uint64_t a) { return (void *)(uintptr_t)(uint32_t)a; }

#endif
