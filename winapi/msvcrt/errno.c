/*
 * errno.c - msvcrt's errno and _doserrno (one of each per thread), the
 * Windows-error -> errno mapping that _dosmaperr does, and the
 * invalid-parameter handler. The strerror texts live with the rest of the
 * C library (crt.c); perror reaches them through msvcrt_strerror.
 */
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <string.h>

DEBUG_CHANNEL(msvcrt);

/* Host threads carry guest threads one to one, so host TLS is per guest thread. */
static __thread int thread_errno;
static __thread ULONG thread_doserrno;

int *msvcrt_errno_location(void) { return &thread_errno; }
ULONG *msvcrt_doserrno_location(void) { return &thread_doserrno; }

CDECL int *msvcrt__errno(void) { return &thread_errno; }
CDECL ULONG *msvcrt___doserrno(void) { return &thread_doserrno; }

CDECL int msvcrt__get_errno(int *value)
{
    if (!value)
        return MSVCRT_EINVAL;
    *value = thread_errno;
    return 0;
}

CDECL int msvcrt__set_errno(int value)
{
    thread_errno = value;
    return 0;
}

CDECL int msvcrt__get_doserrno(int *value)
{
    if (!value)
        return MSVCRT_EINVAL;
    *value = (int)thread_doserrno;
    return 0;
}

CDECL int msvcrt__set_doserrno(int value)
{
    thread_doserrno = (ULONG)value;
    return 0;
}

/* Windows error codes missing from wintypes.h that the mapping needs. */
enum {
    W_ERROR_ARENA_TRASHED = 7, W_ERROR_INVALID_BLOCK = 9, W_ERROR_BAD_ENVIRONMENT = 10,
    W_ERROR_BAD_FORMAT = 11, W_ERROR_INVALID_ACCESS = 12, W_ERROR_SEEK_ON_DEVICE = 132,
    W_ERROR_NOT_LOCKED = 158, W_ERROR_BAD_NETPATH = 53, W_ERROR_NETWORK_ACCESS_DENIED = 65,
    W_ERROR_BAD_NET_NAME = 67, W_ERROR_CANNOT_MAKE = 82, W_ERROR_FAIL_I24 = 83,
    W_ERROR_DRIVE_LOCKED = 108, W_ERROR_BAD_PATHNAME = 161, W_ERROR_LOCK_FAILED = 167,
    W_ERROR_NOT_ENOUGH_QUOTA = 1816, W_ERROR_IO_DEVICE = 1117, W_ERROR_BAD_DEVICE = 1200,
    W_ERROR_POSSIBLE_DEADLOCK = 1131, W_ERROR_CHILD_NOT_COMPLETE = 129,
    W_ERROR_NO_PROC_SLOTS = 89, W_ERROR_MAX_THRDS_REACHED = 164, W_ERROR_NESTING_NOT_ALLOWED = 215,
};

int msvcrt_errno_from_win32(DWORD err)
{
    switch (err) {
    case ERROR_ACCESS_DENIED: case W_ERROR_NETWORK_ACCESS_DENIED: case W_ERROR_CANNOT_MAKE:
    case W_ERROR_SEEK_ON_DEVICE: case W_ERROR_LOCK_FAILED: case W_ERROR_FAIL_I24:
    case ERROR_CURRENT_DIRECTORY: case W_ERROR_DRIVE_LOCKED: case W_ERROR_NOT_LOCKED:
    case W_ERROR_INVALID_ACCESS: case ERROR_SHARING_VIOLATION: case ERROR_LOCK_VIOLATION:
        return MSVCRT_EACCES;
    case ERROR_FILE_NOT_FOUND: case ERROR_NO_MORE_FILES: case W_ERROR_BAD_PATHNAME:
    case W_ERROR_BAD_NETPATH: case ERROR_INVALID_DRIVE: case W_ERROR_BAD_NET_NAME:
    case ERROR_FILENAME_EXCED_RANGE: case ERROR_PATH_NOT_FOUND:
        return MSVCRT_ENOENT;
    case W_ERROR_IO_DEVICE: return MSVCRT_EIO;
    case W_ERROR_BAD_FORMAT: return MSVCRT_ENOEXEC;
    case ERROR_INVALID_HANDLE: return MSVCRT_EBADF;
    case ERROR_OUTOFMEMORY: case W_ERROR_INVALID_BLOCK: case W_ERROR_NOT_ENOUGH_QUOTA:
    case W_ERROR_ARENA_TRASHED: case ERROR_NOT_ENOUGH_MEMORY:
        return MSVCRT_ENOMEM;
    case ERROR_BUSY: return MSVCRT_EBUSY;
    case ERROR_ALREADY_EXISTS: case ERROR_FILE_EXISTS: return MSVCRT_EEXIST;
    case W_ERROR_BAD_DEVICE: return MSVCRT_ENODEV;
    case ERROR_TOO_MANY_OPEN_FILES: return MSVCRT_EMFILE;
    case ERROR_DISK_FULL: return MSVCRT_ENOSPC;
    case ERROR_BROKEN_PIPE: return MSVCRT_EPIPE;
    case W_ERROR_POSSIBLE_DEADLOCK: return MSVCRT_EDEADLK;
    case ERROR_DIR_NOT_EMPTY: return MSVCRT_ENOTEMPTY;
    case W_ERROR_BAD_ENVIRONMENT: return MSVCRT_E2BIG;
    case ERROR_WAIT_NO_CHILDREN: case W_ERROR_CHILD_NOT_COMPLETE: return MSVCRT_ECHILD;
    case W_ERROR_NO_PROC_SLOTS: case W_ERROR_MAX_THRDS_REACHED: case W_ERROR_NESTING_NOT_ALLOWED:
        return MSVCRT_EAGAIN;
    default:
        return MSVCRT_EINVAL;
    }
}

void msvcrt_set_errno_from_win32(DWORD err)
{
    thread_doserrno = err;
    thread_errno = msvcrt_errno_from_win32(err);
}

void msvcrt_set_errno_from_host(int host_errno)
{
    msvcrt_set_errno_from_win32(win32_error_from_errno(host_errno));
}

CDECL void msvcrt__dosmaperr(ULONG err) { msvcrt_set_errno_from_win32(err); }

/* ---- invalid parameters ------------------------------------------------ */

typedef void (CDECL *invalid_parameter_handler)(const WCHAR *expr, const WCHAR *func,
                                                const WCHAR *file, unsigned line, ULONG_PTR arg);
static invalid_parameter_handler ip_handler;

CDECL invalid_parameter_handler msvcrt__set_invalid_parameter_handler(invalid_parameter_handler h)
{
    return __atomic_exchange_n(&ip_handler, h, __ATOMIC_ACQ_REL);
}

CDECL invalid_parameter_handler msvcrt__get_invalid_parameter_handler(void)
{
    return __atomic_load_n(&ip_handler, __ATOMIC_ACQUIRE);
}

CDECL void msvcrt__invalid_parameter(const WCHAR *expr, const WCHAR *func, const WCHAR *file,
                                     unsigned line, ULONG_PTR arg)
{
    invalid_parameter_handler h = __atomic_load_n(&ip_handler, __ATOMIC_ACQUIRE);
    if (h)
        h(expr, func, file, line, arg);
    else
        TRACE("invalid parameter, no handler\n");
}

CDECL void msvcrt__invalid_parameter_noinfo(void) { msvcrt__invalid_parameter(NULL, NULL, NULL, 0, 0); }

void msvcrt_invalid_parameter(int err)
{
    msvcrt__invalid_parameter(NULL, NULL, NULL, 0, 0);
    thread_errno = err;
}

/* ---- perror ------------------------------------------------------------ */

/* The message texts belong to strerror (crt.c); bound weakly so that this
 * half links alone too. */
extern CDECL char *msvcrt_strerror(int err) __attribute__((weak));

CDECL void msvcrt_perror(const char *str)
{
    int err = thread_errno;
    const char *msg = msvcrt_strerror ? msvcrt_strerror(err) : NULL;
    char unknown[32];
    if (!msg) {
        snprintf(unknown, sizeof unknown, "Unknown error");
        msg = unknown;
    }
    /* msvcrt flushes nothing and writes unbuffered to fd 2. */
    if (str && *str) {
        msvcrt__write(2, str, (unsigned)strlen(str));
        msvcrt__write(2, ": ", 2);
    }
    msvcrt__write(2, msg, (unsigned)strlen(msg));
    msvcrt__write(2, "\n", 1);
    thread_errno = err;
}

CDECL void msvcrt__wperror(const WCHAR *str)
{
    int err = thread_errno;
    if (str && *str) {
        for (; *str; str++) {
            char c[4];
            int n = msvcrt_wctomb_cp(c, *str);
            if (n > 0)
                msvcrt__write(2, c, (unsigned)n);
        }
        msvcrt__write(2, ": ", 2);
    }
    thread_errno = err;
    msvcrt_perror(NULL);
}
