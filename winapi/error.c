/*
 * error.c - errno -> Windows error code, the one mapping every DLL uses.
 */
#include "winapi/error.h"
#include "winapi/teb.h"

#include <errno.h>

DWORD win32_error_from_errno(int err)
{
    switch (err) {
    case 0: return ERROR_SUCCESS;
    case ENOENT: return ERROR_FILE_NOT_FOUND;
    case ENOTDIR: return ERROR_PATH_NOT_FOUND;
    case EACCES: case EPERM: case EROFS: case EISDIR: return ERROR_ACCESS_DENIED;
    case EBADF: return ERROR_INVALID_HANDLE;
    case ENOMEM: return ERROR_NOT_ENOUGH_MEMORY;
    case EEXIST: return ERROR_ALREADY_EXISTS;
    case ENOTEMPTY: return ERROR_DIR_NOT_EMPTY;
    case EMFILE: case ENFILE: return ERROR_TOO_MANY_OPEN_FILES;
    case ENOSPC: case EDQUOT: return ERROR_DISK_FULL;
    case EINVAL: return ERROR_INVALID_PARAMETER;
    case ENAMETOOLONG: return ERROR_FILENAME_EXCED_RANGE;
    case EXDEV: return ERROR_NOT_SAME_DEVICE;
    case EPIPE: return ERROR_BROKEN_PIPE;
    case EBUSY: return ERROR_BUSY;
    case ETIMEDOUT: return ERROR_TIMEOUT;
    case EAGAIN: return ERROR_NO_DATA;
    case ENOSYS: case EOPNOTSUPP: return ERROR_NOT_SUPPORTED;
    case ELOOP: return ERROR_CANTOPEN;
    case EIO: return ERROR_CANTREAD;
    case EFAULT: return ERROR_NOACCESS;
    case ECHILD: return ERROR_WAIT_NO_CHILDREN;
    case ESPIPE: return ERROR_INVALID_FUNCTION;
    default: return ERROR_INVALID_FUNCTION;
    }
}

void set_last_error_from_errno(void)
{
    set_last_error(win32_error_from_errno(errno));
}
