/*
 * lowio_open.c - the _open family (_open, _wopen, _sopen(_s), _wsopen(_s),
 * _creat, _wcreat, _umask): Windows paths through winapi/path.h, the
 * _O_* flags mapped onto the host's open(2), and the errors CreateFile
 * would give (ERROR_FILE_EXISTS for _O_EXCL, ERROR_PATH_NOT_FOUND for a
 * missing directory, access denied for directories and read-only files
 * opened for writing), in _doserrno and, translated, in errno.
 */
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/file.h"
#include "winapi/path.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(msvcrt);

static int umask_value;

/* The Windows error for a failed host call on a path: a missing directory
 * on the way is ERROR_PATH_NOT_FOUND, a missing last component
 * ERROR_FILE_NOT_FOUND, as CreateFile and DeleteFile report them. */
DWORD msvcrt_path_error(int host_errno, const char *host_path)
{
    if (host_errno == ENOENT && host_path) {
        char *dir = strdup(host_path);
        char *slash = dir ? strrchr(dir, '/') : NULL;
        struct stat st;
        DWORD r = ERROR_FILE_NOT_FOUND;
        if (slash && slash != dir) {
            *slash = 0;
            if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
                r = ERROR_PATH_NOT_FOUND;
        }
        free(dir);
        return r;
    }
    if (host_errno == ENOTDIR)
        return ERROR_PATH_NOT_FOUND;
    return win32_error_from_errno(host_errno);
}

#define S_IWRITE_MS 0x0080
#define S_IREAD_MS  0x0100

/* The Unicode text modes at open time (_O_WTEXT, _O_U16TEXT, _O_U8TEXT,
 * and fopen's ccs=): an empty file opened for writing gets a byte-order
 * mark (EF BB BF for UTF-8, FF FE for UTF-16LE); a file opened for
 * reading is told by its mark, which is skipped; without one, _O_WTEXT
 * means ANSI text and the others their own encoding. */
static int unicode_textmode(int hfd, int oflags, bool can_read, bool can_write)
{
    if (!(oflags & (MSVCRT_O_WTEXT | MSVCRT_O_U16TEXT | MSVCRT_O_U8TEXT)) || (oflags & MSVCRT_O_BINARY))
        return TEXTMODE_ANSI;
    int asked = (oflags & MSVCRT_O_U8TEXT) ? TEXTMODE_UTF8 : TEXTMODE_UTF16;
    struct stat st;
    bool empty = fstat(hfd, &st) == 0 && st.st_size == 0;
    if (can_write && empty) {
        static const unsigned char bom8[3] = { 0xef, 0xbb, 0xbf }, bom16[2] = { 0xff, 0xfe };
        ssize_t w = asked == TEXTMODE_UTF8 ? write(hfd, bom8, 3) : write(hfd, bom16, 2);
        (void)w;
        return asked;
    }
    if (can_read) {
        unsigned char b[3];
        off_t at = lseek(hfd, 0, SEEK_CUR);
        ssize_t n = read(hfd, b, 3);
        if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
            return TEXTMODE_UTF8;
        if (n >= 2 && b[0] == 0xff && b[1] == 0xfe) {
            lseek(hfd, at + 2, SEEK_SET);
            return TEXTMODE_UTF16;
        }
        lseek(hfd, at, SEEK_SET);
        return (oflags & MSVCRT_O_WTEXT) ? TEXTMODE_ANSI : asked;
    }
    return asked;
}

int msvcrt_open_utf8(const char *path, int oflags, int shflags, int pmode)
{
    (void)shflags;   /* sharing modes: not enforced between opens (FIXME in kernel32 too) */
    if (!path) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    int host_flags = O_CLOEXEC;
    DWORD access;
    switch (oflags & MSVCRT_O_ACCMODE) {
    case MSVCRT_O_RDONLY: host_flags |= O_RDONLY; access = GENERIC_READ; break;
    case MSVCRT_O_WRONLY: host_flags |= O_WRONLY; access = GENERIC_WRITE; break;
    case MSVCRT_O_RDWR:   host_flags |= O_RDWR;   access = GENERIC_READ | GENERIC_WRITE; break;
    default:
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    if (oflags & MSVCRT_O_CREAT)
        host_flags |= O_CREAT;
    if ((oflags & (MSVCRT_O_CREAT | MSVCRT_O_EXCL)) == (MSVCRT_O_CREAT | MSVCRT_O_EXCL))
        host_flags |= O_EXCL;
    if (oflags & MSVCRT_O_TRUNC)
        host_flags |= O_TRUNC;
    if (oflags & MSVCRT_O_APPEND)
        host_flags |= O_APPEND;

    char *host = path_to_host(path);
    if (!host) {
        msvcrt_set_errno_from_win32(get_last_error());
        return -1;
    }
    /* A read-only file (created without _S_IWRITE) still opens for writing
     * through the call that creates it, as with CreateFile. */
    mode_t mode = 0666;
    if ((oflags & MSVCRT_O_CREAT) && !((pmode & ~umask_value) & S_IWRITE_MS))
        mode = 0444;
    /* Windows refuses to open a read-only file for writing, whoever asks
     * (the host would let root do it). */
    struct stat pre;
    if ((oflags & MSVCRT_O_ACCMODE) != MSVCRT_O_RDONLY && stat(host, &pre) == 0 &&
        S_ISREG(pre.st_mode) && !(pre.st_mode & S_IWUSR)) {
        free(host);
        msvcrt_set_errno_from_win32(ERROR_ACCESS_DENIED);
        return -1;
    }
    int hfd = open(host, host_flags, mode);
    if (hfd < 0) {
        int err = errno;
        /* CREATE_NEW on an existing file is ERROR_FILE_EXISTS; a directory, access denied. */
        DWORD werr = err == EEXIST ? ERROR_FILE_EXISTS : err == EISDIR ? ERROR_ACCESS_DENIED
                   : msvcrt_path_error(err, host);
        free(host);
        msvcrt_set_errno_from_win32(werr);
        return -1;
    }
    struct stat st;
    if (fstat(hfd, &st) == 0 && S_ISDIR(st.st_mode)) {
        /* Windows cannot open a directory as a file. */
        close(hfd);
        free(host);
        msvcrt_set_errno_from_win32(ERROR_ACCESS_DENIED);
        return -1;
    }
    HANDLE h = file_handle_new(hfd, file_kind_of_fd(hfd), access, host);
    free(host);
    if (!h) {
        msvcrt_set_errno(MSVCRT_EMFILE);
        return -1;
    }
    if (oflags & MSVCRT_O_TEMPORARY) {
        struct file_object *f = file_get(h);
        if (f) {
            f->delete_on_close = true;
            object_unref(&f->obj);
        }
    }
    int fl = msvcrt_fd_kind_flags(h);
    if (oflags & MSVCRT_O_APPEND) fl |= FD_APPEND;
    if (oflags & MSVCRT_O_NOINHERIT) fl |= FD_NOINHERIT;
    if (!(oflags & MSVCRT_O_BINARY) &&
        ((oflags & (MSVCRT_O_TEXT | MSVCRT_O_WTEXT | MSVCRT_O_U16TEXT | MSVCRT_O_U8TEXT)) ||
         !(msvcrt__fmode & MSVCRT_O_BINARY)))
        fl |= FD_TEXT;
    int textmode = unicode_textmode(hfd, oflags, (access & GENERIC_READ) != 0, (access & GENERIC_WRITE) != 0);
    if (textmode != TEXTMODE_ANSI)
        fl |= FD_TEXT;
    int fd = msvcrt_fd_alloc(h, fl);
    if (fd < 0)
        handle_close(h);
    else if (textmode != TEXTMODE_ANSI)
        msvcrt__setmode(fd, textmode == TEXTMODE_UTF8 ? MSVCRT_O_U8TEXT : MSVCRT_O_U16TEXT);
    TRACE("%s %#x -> %d\n", path, oflags, fd);
    return fd;
}

CDECL int msvcrt__open(const char *path, int flags, ...)
{
    int pmode = 0;
    if (flags & MSVCRT_O_CREAT) {
        __builtin_ms_va_list ap;
        __builtin_ms_va_start(ap, flags);
        pmode = __builtin_va_arg(ap, int);
        __builtin_ms_va_end(ap);
    }
    return msvcrt_open_utf8(path, flags, 0x40 /* _SH_DENYNO */, pmode);
}

CDECL int msvcrt__sopen(const char *path, int flags, int share, ...)
{
    int pmode = 0;
    if (flags & MSVCRT_O_CREAT) {
        __builtin_ms_va_list ap;
        __builtin_ms_va_start(ap, share);
        pmode = __builtin_va_arg(ap, int);
        __builtin_ms_va_end(ap);
    }
    return msvcrt_open_utf8(path, flags, share, pmode);
}

CDECL int msvcrt__sopen_s(int *fd, const char *path, int flags, int share, int pmode)
{
    if (!fd) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    *fd = msvcrt_open_utf8(path, flags, share, pmode);
    return *fd < 0 ? *msvcrt_errno_location() : 0;
}

static int wopen(const WCHAR *path, int flags, int share, int pmode)
{
    if (!path) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    char *u = utf16_to_utf8_alloc(path);
    int fd = msvcrt_open_utf8(u, flags, share, pmode);
    free(u);
    return fd;
}

CDECL int msvcrt__wopen(const WCHAR *path, int flags, ...)
{
    int pmode = 0;
    if (flags & MSVCRT_O_CREAT) {
        __builtin_ms_va_list ap;
        __builtin_ms_va_start(ap, flags);
        pmode = __builtin_va_arg(ap, int);
        __builtin_ms_va_end(ap);
    }
    return wopen(path, flags, 0x40, pmode);
}

CDECL int msvcrt__wsopen(const WCHAR *path, int flags, int share, ...)
{
    int pmode = 0;
    if (flags & MSVCRT_O_CREAT) {
        __builtin_ms_va_list ap;
        __builtin_ms_va_start(ap, share);
        pmode = __builtin_va_arg(ap, int);
        __builtin_ms_va_end(ap);
    }
    return wopen(path, flags, share, pmode);
}

CDECL int msvcrt__wsopen_s(int *fd, const WCHAR *path, int flags, int share, int pmode)
{
    if (!fd) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    *fd = wopen(path, flags, share, pmode);
    return *fd < 0 ? *msvcrt_errno_location() : 0;
}

CDECL int msvcrt__creat(const char *path, int pmode)
{
    return msvcrt_open_utf8(path, MSVCRT_O_CREAT | MSVCRT_O_TRUNC | MSVCRT_O_RDWR, 0x40, pmode);
}

CDECL int msvcrt__wcreat(const WCHAR *path, int pmode)
{
    return wopen(path, MSVCRT_O_CREAT | MSVCRT_O_TRUNC | MSVCRT_O_RDWR, 0x40, pmode);
}

CDECL int msvcrt__umask(int mask)
{
    int old = umask_value;
    umask_value = mask;
    return old;
}

