/*
 * msvcrt/crt.c - glue between the non-stdio half of msvcrt (strings, stdlib,
 * math, time, files) and the half that owns errno, the guest heap and
 * start-up (msvcrt.h): the crt_* helpers of crt.h, and errno mapping for
 * host errors.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/msvcrt/msvcrt.h"
#include <errno.h>

void crt_set_errno(int e) { msvcrt_set_errno(e); }
int crt_get_errno(void) { return *msvcrt_errno_location(); }
void crt_set_doserrno(DWORD e) { *msvcrt_doserrno_location() = e; }
void *crt_malloc(size_t n) { return msvcrt_malloc(n); }
void crt_free(void *p) { msvcrt_free(p); }

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

/* _dosmaperr's table lives with errno (errno.c). */
int crt_errno_from_win32(DWORD err) { return msvcrt_errno_from_win32(err); }
