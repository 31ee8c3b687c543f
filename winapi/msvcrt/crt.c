/*
 * msvcrt/crt.c - glue between the non-stdio half of msvcrt (strings, stdlib,
 * math, time, files) and the half that owns errno, the guest heap and
 * start-up (stdio side). That half exports `_errno`, `__doserrno`, `malloc`
 * and `free` as msvcrt__errno ... ; we reach them through weak references
 * so that either half builds alone. Until errno lands, a per-thread
 * variable of ours stands in (programs then cannot read it, but nothing
 * breaks); without the heap, allocating functions fail loudly by name.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/process.h"
#include <errno.h>
#include <stdio.h>

extern CDECL int *msvcrt__errno(void) __attribute__((weak));
extern CDECL DWORD *msvcrt___doserrno(void) __attribute__((weak));
extern CDECL void *msvcrt_malloc(size_t n) __attribute__((weak));
extern CDECL void msvcrt_free(void *p) __attribute__((weak));

static __thread int fallback_errno;
static __thread DWORD fallback_doserrno;

void crt_set_errno(int e)
{
    if (msvcrt__errno)
        *msvcrt__errno() = e;
    else
        fallback_errno = e;
}

int crt_get_errno(void)
{
    return msvcrt__errno ? *msvcrt__errno() : fallback_errno;
}

void crt_set_doserrno(DWORD e)
{
    if (msvcrt___doserrno)
        *msvcrt___doserrno() = e;
    else
        fallback_doserrno = e;
}

void *crt_malloc(size_t n)
{
    if (!msvcrt_malloc) {
        fprintf(stderr, "unimplemented: msvcrt.dll!malloc (needed by the string/stdlib functions)\n");
        process_exit(3);
    }
    return msvcrt_malloc(n);
}

void crt_free(void *p)
{
    if (!msvcrt_free) {
        fprintf(stderr, "unimplemented: msvcrt.dll!free (needed by the string/stdlib functions)\n");
        process_exit(3);
    }
    msvcrt_free(p);
}

int crt_errno_from_host(int e)
{
    switch (e) {
    case 0: return 0;
    case EPERM: return CRT_EPERM;
    case ENOENT: return CRT_ENOENT;
    case ESRCH: return CRT_ESRCH;
    case EINTR: return CRT_EINTR;
    case EIO: return CRT_EIO;
    case ENXIO: return CRT_ENXIO;
    case E2BIG: return CRT_E2BIG;
    case ENOEXEC: return CRT_ENOEXEC;
    case EBADF: return CRT_EBADF;
    case ECHILD: return CRT_ECHILD;
    case EAGAIN: return CRT_EAGAIN;
    case ENOMEM: return CRT_ENOMEM;
    case EACCES: return CRT_EACCES;
    case EFAULT: return CRT_EFAULT;
    case EBUSY: return CRT_EBUSY;
    case EEXIST: return CRT_EEXIST;
    case EXDEV: return CRT_EXDEV;
    case ENODEV: return CRT_ENODEV;
    case ENOTDIR: return CRT_ENOTDIR;
    case EISDIR: return CRT_EISDIR;
    case EINVAL: return CRT_EINVAL;
    case ENFILE: return CRT_ENFILE;
    case EMFILE: return CRT_EMFILE;
    case ENOTTY: return CRT_ENOTTY;
    case EFBIG: return CRT_EFBIG;
    case ENOSPC: return CRT_ENOSPC;
    case ESPIPE: return CRT_ESPIPE;
    case EROFS: return CRT_EROFS;
    case EMLINK: return CRT_EMLINK;
    case EPIPE: return CRT_EPIPE;
    case EDOM: return CRT_EDOM;
    case ERANGE: return CRT_ERANGE;
    case EDEADLK: return CRT_EDEADLK;
    case ENAMETOOLONG: return CRT_ENAMETOOLONG;
    case ENOLCK: return CRT_ENOLCK;
    case ENOSYS: return CRT_ENOSYS;
    case ENOTEMPTY: return CRT_ENOTEMPTY;
    case EILSEQ: return CRT_EILSEQ;
    case ELOOP: return CRT_ENOENT;
    default: return CRT_EINVAL;
    }
}

/* The table msvcrt's _dosmaperr uses: Windows error -> errno. */
int crt_errno_from_win32(DWORD err)
{
    switch (err) {
    case ERROR_FILE_NOT_FOUND: case ERROR_PATH_NOT_FOUND: case ERROR_INVALID_DRIVE:
    case ERROR_NO_MORE_FILES: case ERROR_INVALID_NAME: case ERROR_MOD_NOT_FOUND:
    case 53: /* ERROR_BAD_NETPATH */ case 67: /* ERROR_BAD_NET_NAME */
    case ERROR_FILENAME_EXCED_RANGE:
        return CRT_ENOENT;
    case ERROR_TOO_MANY_OPEN_FILES: return CRT_EMFILE;
    case ERROR_ACCESS_DENIED: case ERROR_CURRENT_DIRECTORY: case ERROR_WRITE_PROTECT:
    case ERROR_SHARING_VIOLATION: case ERROR_LOCK_VIOLATION: case ERROR_NOT_SUPPORTED:
    case 82: /* ERROR_CANNOT_MAKE */ case 83: /* ERROR_FAIL_I24 */
        return CRT_EACCES;
    case ERROR_INVALID_HANDLE: return CRT_EBADF;
    case ERROR_NOT_ENOUGH_MEMORY: case ERROR_OUTOFMEMORY: case 7: /* ERROR_ARENA_TRASHED */
    case 9: /* ERROR_INVALID_BLOCK */
        return CRT_ENOMEM;
    case ERROR_NOT_SAME_DEVICE: return CRT_EXDEV;
    case ERROR_FILE_EXISTS: case ERROR_ALREADY_EXISTS: return CRT_EEXIST;
    case ERROR_BROKEN_PIPE: return CRT_EPIPE;
    case ERROR_DISK_FULL: return CRT_ENOSPC;
    case ERROR_DIR_NOT_EMPTY: return CRT_ENOTEMPTY;
    case ERROR_WAIT_NO_CHILDREN: return CRT_ECHILD;
    case ERROR_NOT_OWNER: return CRT_EPERM;
    default: return CRT_EINVAL;
    }
}
