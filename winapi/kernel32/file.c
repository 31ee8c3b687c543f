/*
 * kernel32/file.c - opening files and doing I/O on them: CreateFile,
 * ReadFile/WriteFile, the file pointer, sizes, SetEndOfFile, locks,
 * CreatePipe, GetFileType, GetOverlappedResult.
 *
 * I/O is synchronous: an OVERLAPPED gives the offset and receives the
 * result, and the call completes before it returns (as Windows may do on
 * any handle), its event signalled. Nothing is ever pending.
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/path.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(file);

#define STATUS_PENDING 0x103
#define ERROR_IO_INCOMPLETE 996

/* Open a console device: the std handle's terminal when there is one. */
static HANDLE open_console(bool input, DWORD access)
{
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        set_last_error(ERROR_INVALID_HANDLE);   /* no console: as Windows without one */
        return INVALID_HANDLE_VALUE;
    }
    struct file_object *f = calloc(1, sizeof *f);
    if (!f) {
        close(fd);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    f->fd = fd;
    f->kind = FILE_KIND_CONSOLE;
    f->access = access;
    f->share = FILE_SHARE_READ | FILE_SHARE_WRITE;
    f->console_input = input;
    HANDLE h = file_handle_from_object(f);
    if (!h)
        return INVALID_HANDLE_VALUE;
    set_last_error(0);
    return h;
}

static HANDLE open_null(DWORD access)
{
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        set_last_error_from_errno();
        return INVALID_HANDLE_VALUE;
    }
    HANDLE h = file_handle_new(fd, FILE_KIND_CHAR, access, NULL);
    if (!h)
        return INVALID_HANDLE_VALUE;
    set_last_error(0);
    return h;
}

/* The last component of a host path (for the dot-file rule). */
static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

HANDLE file_create(const char *name, DWORD access, DWORD share, DWORD disp, DWORD flags_attrs)
{
    TRACE("%s %#x %#x %u %#x\n", name ? name : "(null)", access, share, disp, flags_attrs);
    if (!name || !*name) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if (disp < CREATE_NEW || disp > TRUNCATE_EXISTING || (share & ~7u)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    DWORD rights = file_map_access(access);
    if (flags_attrs & FILE_FLAG_DELETE_ON_CLOSE)
        rights |= DELETE_ACCESS;   /* as kernelbase asks for it */
    struct host_path hp;
    if (!path_resolve(name, &hp))
        return INVALID_HANDLE_VALUE;
    switch (hp.device) {
    case PATH_FILE:
        break;
    case PATH_DEV_NULL:
        host_path_free(&hp);
        return open_null(access);
    case PATH_DEV_CONIN:
        return open_console(true, access);
    case PATH_DEV_CONOUT:
        return open_console(false, access);
    case PATH_DEV_CON:
        /* CON is the input with read access only, else the output */
        return open_console((access & (GENERIC_READ | GENERIC_WRITE)) == GENERIC_READ, access);
    }
    DWORD err = 0;
    bool existed = hp.exists;
    int fd = -1;
    struct stat st;
    if (hp.exists) {
        if (disp == CREATE_NEW) {
            err = ERROR_FILE_EXISTS;
            goto fail;
        }
        if (stat(hp.path, &st) != 0) {
            err = win32_error_from_errno(errno);   /* a dangling symlink, say */
            goto fail;
        }
        if (S_ISDIR(st.st_mode)) {
            if (!(flags_attrs & FILE_FLAG_BACKUP_SEMANTICS) || disp == CREATE_ALWAYS || disp == TRUNCATE_EXISTING) {
                err = ERROR_ACCESS_DENIED;
                goto fail;
            }
        } else if (hp.trailing_sep) {
            err = ERROR_INVALID_NAME;
            goto fail;
        }
        DWORD attrs = file_attributes_of(hp.path, -1, &st, base_name(hp.path));
        bool truncating = disp == CREATE_ALWAYS || disp == TRUNCATE_EXISTING;
        if ((attrs & FILE_ATTRIBUTE_READONLY) && !S_ISDIR(st.st_mode) &&
            ((rights & (FILE_WRITE_DATA | FILE_APPEND_DATA)) || truncating || (flags_attrs & FILE_FLAG_DELETE_ON_CLOSE))) {
            err = ERROR_ACCESS_DENIED;
            goto fail;
        }
        /* CREATE_ALWAYS over a hidden or system file must say so (documented);
         * a dot file's implied HIDDEN does not count. */
        DWORD stored = file_attributes_of(hp.path, -1, &st, NULL);
        if (disp == CREATE_ALWAYS &&
            (stored & (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM) & ~flags_attrs)) {
            err = ERROR_ACCESS_DENIED;
            goto fail;
        }
    } else {
        if (disp == OPEN_EXISTING || disp == TRUNCATE_EXISTING || !hp.parent_exists) {
            err = host_path_missing_error(&hp);
            goto fail;
        }
        if (hp.trailing_sep) {
            err = ERROR_INVALID_NAME;
            goto fail;
        }
    }
    bool want_write = (rights & (FILE_WRITE_DATA | FILE_APPEND_DATA)) || disp == CREATE_ALWAYS || disp == TRUNCATE_EXISTING;
    bool want_read = rights & (FILE_READ_DATA | FILE_EXECUTE);
    int oflags = O_CLOEXEC | O_NOCTTY;
    if (existed && S_ISDIR(st.st_mode))
        oflags |= O_RDONLY | O_DIRECTORY;
    else
        oflags |= want_write ? O_RDWR : O_RDONLY;
    if ((rights & FILE_APPEND_DATA) && !(rights & FILE_WRITE_DATA))
        oflags |= O_APPEND;
    if (!existed)
        oflags |= O_CREAT | O_EXCL;
    fd = open(hp.path, oflags, 0666);
    if (fd < 0 && errno == EACCES && want_write && !want_read)
        fd = open(hp.path, (oflags & ~O_RDWR) | O_WRONLY, 0666);
    if (fd < 0 && errno == EACCES && !want_write && !want_read)
        fd = open(hp.path, O_PATH | O_CLOEXEC);
    if (fd < 0 && errno == EEXIST && !existed && disp != CREATE_NEW) {
        /* created by someone else meanwhile: open what is there */
        host_path_free(&hp);
        return file_create(name, access, share, disp, flags_attrs);
    }
    if (fd < 0) {
        err = errno == EEXIST ? ERROR_FILE_EXISTS : win32_error_from_errno(errno);
        goto fail;
    }
    if (fstat(fd, &st) != 0) {
        err = win32_error_from_errno(errno);
        goto fail;
    }
    struct file_object *f = calloc(1, sizeof *f);
    if (!f) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto fail;
    }
    f->fd = fd;
    f->kind = S_ISDIR(st.st_mode) ? FILE_KIND_DIR : S_ISREG(st.st_mode) ? FILE_KIND_DISK : file_kind_of_fd(fd);
    f->access = access;
    f->rights = rights;
    f->share = share;
    f->flags = flags_attrs;
    f->host_path = hp.path;
    hp.path = NULL;
    f->delete_on_close = flags_attrs & FILE_FLAG_DELETE_ON_CLOSE;
    f->append = (rights & FILE_APPEND_DATA) && !(rights & FILE_WRITE_DATA);
    if (!file_share_open(f, &st)) {
        err = get_last_error();
        if (!existed)
            unlink(f->host_path);
        f->delete_on_close = false;
        close(fd);
        free(f->host_path);
        free(f);
        return set_last_error(err), INVALID_HANDLE_VALUE;
    }
    if (existed && (disp == CREATE_ALWAYS || disp == TRUNCATE_EXISTING) && f->kind == FILE_KIND_DISK &&
        ftruncate(fd, 0) != 0)
        FIXME("truncating %s: %m\n", f->host_path);
    /* Attributes given at creation (or when overwriting), ARCHIVE added as Windows does. */
    DWORD given = flags_attrs & FILE_ATTRIBUTE_SETTABLE;
    if (!existed || disp == CREATE_ALWAYS) {
        if (given & ~FILE_ATTRIBUTE_ARCHIVE || (existed && disp == CREATE_ALWAYS))
            file_set_attributes(f->host_path, fd, given | FILE_ATTRIBUTE_ARCHIVE);
    }
    HANDLE h = file_handle_from_object(f);
    if (!h)
        return INVALID_HANDLE_VALUE;
    set_last_error(existed && (disp == CREATE_ALWAYS || disp == OPEN_ALWAYS) ? ERROR_ALREADY_EXISTS : 0);
    return h;

fail:
    if (fd >= 0)
        close(fd);
    host_path_free(&hp);
    set_last_error(err);
    return INVALID_HANDLE_VALUE;
}

WINAPI HANDLE kernel32_CreateFileA(LPCSTR name, DWORD access, DWORD share, SECURITY_ATTRIBUTES *sa, DWORD disp,
                                   DWORD flags, HANDLE template)
{
    bool oom = false;
    char *u = a_arg(name, &oom);
    if (oom) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    HANDLE h = file_create(u, access, share, disp, flags);
    free(u);
    return h;
}

WINAPI HANDLE kernel32_CreateFileW(LPCWSTR name, DWORD access, DWORD share, SECURITY_ATTRIBUTES *sa, DWORD disp,
                                   DWORD flags, HANDLE template)
{
    bool oom = false;
    char *u = w_arg(name, &oom);
    if (oom) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    HANDLE h = file_create(u, access, share, disp, flags);
    free(u);
    return h;
}

/* ---- reading and writing ---------------------------------------------------- */

static bool overlapped_offset(const OVERLAPPED *ov, off_t *off)
{
    if (!ov)
        return false;
    *off = (off_t)(((ULONGLONG)ov->OffsetHigh << 32) | ov->Offset);
    return true;
}

WINAPI BOOL kernel32_SetEvent(HANDLE h);   /* sync.c */

/* Record the result in the OVERLAPPED and signal its event (the low bit of
 * hEvent only says "no completion port": it is not part of the handle). */
static void overlapped_done(OVERLAPPED *ov, DWORD status, DWORD n)
{
    if (ov) {
        ov->Internal = status;
        ov->InternalHigh = n;
        if (ov->hEvent)
            kernel32_SetEvent((HANDLE)((ULONG_PTR)ov->hEvent & ~(ULONG_PTR)1));
    }
}

WINAPI BOOL kernel32_ReadFile(HANDLE h, LPVOID buf, DWORD n, LPDWORD got, OVERLAPPED *ov)
{
    if (got)
        *got = 0;
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    BOOL ok = FALSE;
    ssize_t r = 0;
    if (!got && !ov) {
        set_last_error(ERROR_INVALID_USER_BUFFER);
        goto out;
    }
    if (f->kind == FILE_KIND_DIR) {
        set_last_error(ERROR_INVALID_FUNCTION);
        goto out;
    }
    if (!(f->rights & (FILE_READ_DATA | FILE_EXECUTE))) {
        set_last_error(ERROR_ACCESS_DENIED);
        goto out;
    }
    if (!buf && n) {
        set_last_error(ERROR_NOACCESS);
        goto out;
    }
    if (f->kind == FILE_KIND_CONSOLE) {
        DWORD k = 0;
        ok = console_read_bytes(f, buf, n, &k);
        if (got)
            *got = k;
        overlapped_done(ov, 0, k);
        goto out;
    }
    if (n == 0) {
        ok = TRUE;
        overlapped_done(ov, 0, 0);
        goto out;
    }
    off_t off = 0;
    bool at = f->kind == FILE_KIND_DISK && overlapped_offset(ov, &off);
    if (f->kind == FILE_KIND_DISK) {
        off_t pos = at ? off : lseek(f->fd, 0, SEEK_CUR);
        if (!file_lock_check(f, (ULONGLONG)pos, n, false))
            goto out;
    }
    do
        r = at ? pread(f->fd, buf, n, off) : read(f->fd, buf, n);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        set_last_error(errno == EAGAIN ? ERROR_NO_DATA : win32_error_from_errno(errno));
        goto out;
    }
    if (at && r > 0)
        lseek(f->fd, off + r, SEEK_SET);   /* a synchronous handle's pointer follows the I/O */
    if (got)
        *got = (DWORD)r;
    if (r == 0 && f->kind == FILE_KIND_PIPE) {
        set_last_error(ERROR_BROKEN_PIPE);   /* the writer is gone */
        goto out;
    }
    if (r == 0 && ov && f->kind == FILE_KIND_DISK) {
        overlapped_done(ov, 0xc0000011u /* STATUS_END_OF_FILE */, 0);
        set_last_error(ERROR_HANDLE_EOF);
        goto out;
    }
    overlapped_done(ov, 0, (DWORD)r);
    ok = TRUE;
out:
    object_unref(&f->obj);
    return ok;
}

/* Write all of buf (pipes and terminals may take it in pieces). */
static bool write_all(int fd, const void *buf, size_t n, off_t at, bool positioned, size_t *done)
{
    size_t d = 0;
    while (d < n) {
        ssize_t w = positioned ? pwrite(fd, (const char *)buf + d, n - d, at + (off_t)d)
                               : write(fd, (const char *)buf + d, n - d);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            *done = d;
            return false;
        }
        d += (size_t)w;
    }
    *done = d;
    return true;
}

WINAPI BOOL kernel32_WriteFile(HANDLE h, LPCVOID buf, DWORD n, LPDWORD done, OVERLAPPED *ov)
{
    if (done)
        *done = 0;
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    BOOL ok = FALSE;
    if (!done && !ov) {
        set_last_error(ERROR_INVALID_USER_BUFFER);
        goto out;
    }
    if (f->kind == FILE_KIND_DIR) {
        set_last_error(ERROR_INVALID_FUNCTION);
        goto out;
    }
    if (!(f->rights & (FILE_WRITE_DATA | FILE_APPEND_DATA))) {
        set_last_error(ERROR_ACCESS_DENIED);
        goto out;
    }
    if (!buf && n) {
        set_last_error(ERROR_INVALID_USER_BUFFER);
        goto out;
    }
    if (f->kind == FILE_KIND_CONSOLE) {
        DWORD k = 0;
        ok = console_write_bytes(f, buf, n, &k);
        if (done)
            *done = k;
        overlapped_done(ov, 0, k);
        goto out;
    }
    if (n == 0) {
        ok = TRUE;
        overlapped_done(ov, 0, 0);
        goto out;
    }
    off_t off = 0;
    bool at = f->kind == FILE_KIND_DISK && !f->append && overlapped_offset(ov, &off);
    if (at && ov->Offset == 0xffffffffu && ov->OffsetHigh == 0xffffffffu) {
        at = false;            /* "write at the end of the file" */
        lseek(f->fd, 0, SEEK_END);
    }
    if (f->kind == FILE_KIND_DISK) {
        off_t pos = at ? off : f->append ? lseek(f->fd, 0, SEEK_END) : lseek(f->fd, 0, SEEK_CUR);
        if (!file_lock_check(f, (ULONGLONG)pos, n, true))
            goto out;
    }
    size_t d;
    bool w = write_all(f->fd, buf, n, off, at, &d);
    if (done)
        *done = (DWORD)d;
    if (!w) {
        /* A pipe with no reader left: "the pipe is being closed" */
        set_last_error(errno == EPIPE ? ERROR_NO_DATA : win32_error_from_errno(errno));
        goto out;
    }
    if (at)
        lseek(f->fd, off + (off_t)d, SEEK_SET);
    if (f->flags & FILE_FLAG_WRITE_THROUGH && f->kind == FILE_KIND_DISK)
        fdatasync(f->fd);
    overlapped_done(ov, 0, (DWORD)d);
    ok = TRUE;
out:
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_GetOverlappedResult(HANDLE h, OVERLAPPED *ov, LPDWORD n, BOOL wait)
{
    if (!ov) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (ov->Internal == STATUS_PENDING) {
        /* Nothing here is ever pending: I/O completes before ReadFile/WriteFile return. */
        set_last_error(ERROR_IO_INCOMPLETE);
        return FALSE;
    }
    if (n)
        *n = (DWORD)ov->InternalHigh;
    if (ov->Internal == 0xc0000011u) {
        set_last_error(ERROR_HANDLE_EOF);
        return FALSE;
    }
    if (ov->Internal) {
        set_last_error(ERROR_INVALID_FUNCTION);
        return FALSE;
    }
    return TRUE;
}

/* ---- file pointer and size ------------------------------------------------ */

WINAPI BOOL kernel32_SetFilePointerEx(HANDLE h, LARGE_INTEGER dist, LARGE_INTEGER *newpos, DWORD method)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    BOOL ok = FALSE;
    if (method > 2) {
        set_last_error(ERROR_INVALID_PARAMETER);
        goto out;
    }
    LONGLONG base = 0;
    if (method == 1) {
        base = lseek(f->fd, 0, SEEK_CUR);
    } else if (method == 2) {
        struct stat st;
        base = fstat(f->fd, &st) == 0 ? st.st_size : -1;
    }
    if (base < 0) {
        set_last_error(errno == ESPIPE ? ERROR_INVALID_FUNCTION : win32_error_from_errno(errno));
        goto out;
    }
    LONGLONG target = base + dist.QuadPart;
    if (target < 0 || (dist.QuadPart > 0 && target < base)) {
        set_last_error(ERROR_NEGATIVE_SEEK);
        goto out;
    }
    off_t r = lseek(f->fd, (off_t)target, SEEK_SET);
    if (r < 0) {
        set_last_error(errno == ESPIPE ? ERROR_INVALID_FUNCTION : errno == EINVAL ? ERROR_INVALID_PARAMETER
                                                                                  : win32_error_from_errno(errno));
        goto out;
    }
    if (newpos)
        newpos->QuadPart = r;
    ok = TRUE;
out:
    object_unref(&f->obj);
    return ok;
}

WINAPI DWORD kernel32_SetFilePointer(HANDLE h, LONG lo, LONG *hi, DWORD method)
{
    LARGE_INTEGER d, np;
    /* Without a high part the distance is the signed 32-bit low part. */
    d.QuadPart = hi ? (LONGLONG)(((ULONGLONG)(DWORD)*hi << 32) | (DWORD)lo) : (LONGLONG)lo;
    if (!kernel32_SetFilePointerEx(h, d, &np, method))
        return 0xffffffffu;   /* INVALID_SET_FILE_POINTER */
    if (hi)
        *hi = np.u.HighPart;
    else if (np.u.HighPart) {
        /* The position is set, but cannot be returned in 32 bits. */
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0xffffffffu;
    }
    if (np.u.LowPart == 0xffffffffu)
        set_last_error(0);   /* so that the caller can tell it from a failure */
    return np.u.LowPart;
}

WINAPI BOOL kernel32_GetFileSizeEx(HANDLE h, LARGE_INTEGER *size)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    struct stat st;
    BOOL ok = fstat(f->fd, &st) == 0;
    if (!ok)
        set_last_error_from_errno();
    else if (!size) {
        ok = FALSE;
        set_last_error(ERROR_INVALID_PARAMETER);
    } else
        size->QuadPart = f->kind == FILE_KIND_DISK ? st.st_size : 0;
    object_unref(&f->obj);
    return ok;
}

WINAPI DWORD kernel32_GetFileSize(HANDLE h, LPDWORD hi)
{
    LARGE_INTEGER s;
    if (!kernel32_GetFileSizeEx(h, &s))
        return 0xffffffffu;   /* INVALID_FILE_SIZE */
    if (hi)
        *hi = (DWORD)s.u.HighPart;
    if (s.u.LowPart == 0xffffffffu)
        set_last_error(0);
    return s.u.LowPart;
}

WINAPI BOOL kernel32_SetEndOfFile(HANDLE h)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    BOOL ok = FALSE;
    if (!(f->rights & FILE_WRITE_DATA)) {
        set_last_error(ERROR_ACCESS_DENIED);
    } else if (f->kind != FILE_KIND_DISK) {
        set_last_error(ERROR_INVALID_PARAMETER);
    } else {
        off_t pos = lseek(f->fd, 0, SEEK_CUR);
        if (pos < 0 || ftruncate(f->fd, pos) != 0)
            set_last_error_from_errno();
        else
            ok = TRUE;
    }
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_FlushFileBuffers(HANDLE h)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    BOOL ok = TRUE;
    if (f->kind == FILE_KIND_DISK) {
        if (!(f->rights & (FILE_WRITE_DATA | FILE_APPEND_DATA))) {
            set_last_error(ERROR_ACCESS_DENIED);
            ok = FALSE;
        } else if (fsync(f->fd) != 0 && errno != EINVAL) {
            set_last_error_from_errno();
            ok = FALSE;
        }
    }
    object_unref(&f->obj);
    return ok;
}

WINAPI DWORD kernel32_GetFileType(HANDLE h)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FILE_TYPE_UNKNOWN;
    DWORD t;
    switch (f->kind) {
    case FILE_KIND_DISK: case FILE_KIND_DIR: t = FILE_TYPE_DISK; break;
    case FILE_KIND_PIPE: t = FILE_TYPE_PIPE; break;
    default: t = FILE_TYPE_CHAR; break;
    }
    object_unref(&f->obj);
    set_last_error(0);
    return t;
}

/* ---- locks ------------------------------------------------------------------ */

#define LOCKFILE_FAIL_IMMEDIATELY 1
#define LOCKFILE_EXCLUSIVE_LOCK   2

static struct file_object *lockable(HANDLE h)
{
    struct file_object *f = file_get(h);
    if (f && f->kind != FILE_KIND_DISK) {
        object_unref(&f->obj);
        set_last_error(ERROR_INVALID_FUNCTION);
        return NULL;
    }
    return f;
}

WINAPI BOOL kernel32_LockFile(HANDLE h, DWORD off_lo, DWORD off_hi, DWORD len_lo, DWORD len_hi)
{
    struct file_object *f = lockable(h);
    if (!f)
        return FALSE;
    BOOL ok = file_lock(f, ((ULONGLONG)off_hi << 32) | off_lo, ((ULONGLONG)len_hi << 32) | len_lo, true, false);
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_LockFileEx(HANDLE h, DWORD flags, DWORD reserved, DWORD len_lo, DWORD len_hi, OVERLAPPED *ov)
{
    if (reserved || !ov) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct file_object *f = lockable(h);
    if (!f)
        return FALSE;
    BOOL ok = file_lock(f, ((ULONGLONG)ov->OffsetHigh << 32) | ov->Offset, ((ULONGLONG)len_hi << 32) | len_lo,
                        flags & LOCKFILE_EXCLUSIVE_LOCK, !(flags & LOCKFILE_FAIL_IMMEDIATELY));
    overlapped_done(ov, ok ? 0 : 0xc0000054u /* STATUS_FILE_LOCK_CONFLICT */, 0);
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_UnlockFile(HANDLE h, DWORD off_lo, DWORD off_hi, DWORD len_lo, DWORD len_hi)
{
    struct file_object *f = lockable(h);
    if (!f)
        return FALSE;
    BOOL ok = file_unlock(f, ((ULONGLONG)off_hi << 32) | off_lo, ((ULONGLONG)len_hi << 32) | len_lo);
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_UnlockFileEx(HANDLE h, DWORD reserved, DWORD len_lo, DWORD len_hi, OVERLAPPED *ov)
{
    if (reserved || !ov) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return kernel32_UnlockFile(h, ov->Offset, ov->OffsetHigh, len_lo, len_hi);
}

/* ---- pipes -------------------------------------------------------------- */

WINAPI BOOL kernel32_CreatePipe(HANDLE *rd, HANDLE *wr, SECURITY_ATTRIBUTES *sa, DWORD size)
{
    if (!rd || !wr) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        set_last_error_from_errno();
        return FALSE;
    }
    if (size > 65536)
        fcntl(fds[1], F_SETPIPE_SZ, (int)(size > (1u << 20) ? 1u << 20 : size));
    HANDLE r = file_handle_new(fds[0], FILE_KIND_PIPE, GENERIC_READ | FILE_WRITE_ATTRIBUTES, NULL);
    if (!r) {
        close(fds[1]);
        return FALSE;
    }
    HANDLE w = file_handle_new(fds[1], FILE_KIND_PIPE, GENERIC_WRITE | FILE_READ_ATTRIBUTES, NULL);
    if (!w) {
        handle_close(r);
        return FALSE;
    }
    /* bInheritHandle: both ends go to CreateProcess children (handle.h). */
    if (sa && sa->bInheritHandle) {
        handle_set_flags(r, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
        handle_set_flags(w, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    }
    *rd = r;
    *wr = w;
    return TRUE;
}

WINAPI BOOL kernel32_PeekNamedPipe(HANDLE h, LPVOID buf, DWORD size, LPDWORD read, LPDWORD avail, LPDWORD left)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    BOOL ok = FALSE;
    int n = 0;
    if (f->kind != FILE_KIND_PIPE) {
        set_last_error(ERROR_INVALID_FUNCTION);
    } else if (ioctl(f->fd, FIONREAD, &n) != 0) {
        set_last_error_from_errno();
    } else if (buf && size && n > 0) {
        /* A host pipe cannot be read without consuming it. */
        FIXME("peeking at pipe data is not supported, only at its size\n");
        set_last_error(ERROR_NOT_SUPPORTED);
    } else {
        if (read)
            *read = 0;
        if (avail)
            *avail = (DWORD)n;
        if (left)
            *left = 0;
        ok = TRUE;
        /* The writer gone and nothing left: as Windows, a broken pipe. */
        if (n == 0) {
            struct pollfd p = { .fd = f->fd, .events = POLLIN };
            if (poll(&p, 1, 0) == 1 && (p.revents & POLLHUP)) {
                set_last_error(ERROR_BROKEN_PIPE);
                ok = FALSE;
            }
        }
    }
    object_unref(&f->obj);
    return ok;
}

/* ---- the rest of the family ------------------------------------------------------ */

typedef struct {
    DWORD dwSize;
    DWORD dwFileAttributes;
    DWORD dwFileFlags;
    DWORD dwSecurityQosFlags;
    SECURITY_ATTRIBUTES *lpSecurityAttributes;
    HANDLE hTemplateFile;
} CREATEFILE2_EXTENDED_PARAMETERS;

/* CreateFile2 (Windows 8): CreateFileW with attributes and flags in a structure. */
WINAPI HANDLE kernel32_CreateFile2(LPCWSTR name, DWORD access, DWORD share, DWORD disp,
                                   CREATEFILE2_EXTENDED_PARAMETERS *params)
{
    DWORD flags = 0;
    if (params) {
        if (params->dwSize < sizeof *params) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return INVALID_HANDLE_VALUE;
        }
        flags = params->dwFileAttributes | params->dwFileFlags | params->dwSecurityQosFlags;
    }
    return kernel32_CreateFileW(name, access, share, params ? params->lpSecurityAttributes : NULL, disp, flags,
                                NULL);
}

/* File names are always taken in the ANSI code page (no SetFileApisToOEM switch). */
WINAPI BOOL kernel32_AreFileApisANSI(void)
{
    return TRUE;
}

WINAPI void kernel32_SetFileApisToANSI(void)
{
}

/* Nothing is ever pending (see the top of this file): nothing to cancel. */
WINAPI BOOL kernel32_CancelIo(HANDLE h)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    object_unref(&f->obj);
    return TRUE;
}

WINAPI BOOL kernel32_CancelIoEx(HANDLE h, OVERLAPPED *ov)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    object_unref(&f->obj);
    set_last_error(1168 /* ERROR_NOT_FOUND */);
    return FALSE;
}
