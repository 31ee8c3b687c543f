/*
 * host_generic.h - what the guest's x86 Linux ABI needs from a host whose
 * own ABI differs (aarch64): open-flag translation and mappings below
 * 4 GiB. The call emulations themselves are table handlers
 * (syscalls/host_generic.tbl, syscalls/host_generic.c).
 */
#ifndef MIMIC_SYSCALLS_HOST_GENERIC_H
#define MIMIC_SYSCALLS_HOST_GENERIC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* x86 open/fcntl status flags <-> the host's (O_DIRECTORY, O_NOFOLLOW,
 * O_DIRECT and O_LARGEFILE have other values on arm64); identity on x86. */
int host_open_flags(int guest_flags);
int guest_open_flags(int host_flags);

/* mmap, placed below 4 GiB when addr is 0 and MAP_FIXED is not set
 * (MAP_32BIT where the host has it, a free range found in
 * /proc/self/maps elsewhere). Returns MAP_FAILED with errno on failure. */
void *host_mmap_low4g(void *addr, size_t len, int prot, int flags, int fd, off_t off);

/* A 64-bit guest's mmap: its flags are the host's except MAP_32BIT (x86
 * only), done by host_mmap_low4g where the host lacks it. */
void *host_mmap_guest(void *addr, size_t len, int prot, int guest_flags, int fd, off_t off);

/* epoll_wait (kind 0), epoll_pwait (1), epoll_pwait2 (2) with the guest's
 * arguments a[0..3], events written in the x86 layout (packed; the host's
 * own on x86-64 hosts), host_mask the host form of the wait's signal mask
 * or NULL. Returns the count or -errno. */
int64_t host_epoll_wait_guest(uint64_t *a, int kind, const uint64_t *host_mask);

/* execve mimic itself (argv[0] aside, nargv is its command line). When
 * MIMIC_EXEC_PREFIX names a program (an emulator such as qemu-aarch64-static,
 * for a host kernel that cannot run mimic's own binary: tests of a cross
 * build), that program runs mimic. Returns only on failure, with errno. */
void host_exec_self(char **nargv, char **envp);

#endif
