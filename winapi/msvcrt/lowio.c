/*
 * lowio.c - msvcrt's low-level I/O: the fd table (small integers mapping to
 * HANDLEs, as on Windows), _read/_write/_lseek/_close and friends. The
 * _open family is in lowio_open.c.
 *
 * An fd owns one handle (a winapi/file.h file object); I/O goes to the host
 * fd inside that object. Text mode is done here, as msvcrt does it: _write
 * turns "\n" into "\r\n"; _read turns "\r\n" into "\n" and stops at ^Z
 * (0x1a), which marks the end of a text file. fds 0-2 wrap the process's
 * std handles from the PEB process parameters.
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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(msvcrt);

struct fd_entry {
    HANDLE handle;            /* INVALID_HANDLE_VALUE when free */
    unsigned char flags;      /* FD_* */
    unsigned char textmode;   /* TEXTMODE_*: what a text-mode fd's bytes are */
    int lookahead;            /* a byte read ahead from a pipe (CR handling), or -1 */
    pthread_mutex_t lock;     /* serialises I/O on this fd */
};

static struct fd_entry fds[MSVCRT_MAX_FILES] = {
    [0 ... MSVCRT_MAX_FILES - 1] = { .handle = INVALID_HANDLE_VALUE, .lookahead = -1, .lock = PTHREAD_MUTEX_INITIALIZER }
};
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

/* An open fd's entry, locked; NULL with errno EBADF otherwise. */
static struct fd_entry *fd_lock(int fd)
{
    /* A DLL's DllMain or a TLS callback may print before the program's CRT
     * start-up ran: the std fds (and the exit flush) must be there already. */
    msvcrt_init();
    if (fd < 0 || fd >= MSVCRT_MAX_FILES) {
        msvcrt_set_errno(MSVCRT_EBADF);
        return NULL;
    }
    struct fd_entry *e = &fds[fd];
    pthread_mutex_lock(&e->lock);
    if (!(e->flags & FD_OPEN)) {
        pthread_mutex_unlock(&e->lock);
        msvcrt_set_errno(MSVCRT_EBADF);   /* _doserrno is left alone */
        return NULL;
    }
    return e;
}

static void fd_unlock(struct fd_entry *e) { pthread_mutex_unlock(&e->lock); }

static int host_fd_of(HANDLE h)
{
    struct file_object *f = file_get(h);
    if (!f)
        return -1;
    int fd = f->fd;
    object_unref(&f->obj);
    return fd;
}

/* Flags for an fd wrapping handle h: pipe or character device. */
int msvcrt_fd_kind_flags(HANDLE h)
{
    struct file_object *f = file_get(h);
    if (!f)
        return 0;
    int fl = 0;
    if (f->kind == FILE_KIND_PIPE)
        fl = FD_PIPE;
    else if (f->kind == FILE_KIND_CONSOLE || f->kind == FILE_KIND_CHAR)
        fl = FD_TTY;
    object_unref(&f->obj);
    return fl;
}

/* The std handle slot of the PEB for fds 0-2 (msvcrt keeps them in step). */
static void set_std_handle(int fd, HANDLE h)
{
    struct peb *peb = peb_get();
    struct rtl_user_process_parameters *pp = peb ? peb->process_parameters : NULL;
    if (!pp)
        return;
    if (fd == 0) pp->std_input = h;
    else if (fd == 1) pp->std_output = h;
    else if (fd == 2) pp->std_error = h;
}

static void fd_bind(int fd, HANDLE h, int flags)
{
    fds[fd].handle = h;
    fds[fd].textmode = TEXTMODE_ANSI;
    fds[fd].flags = (unsigned char)(FD_OPEN | (flags & (FD_NOINHERIT | FD_APPEND | FD_TEXT | FD_PIPE | FD_TTY)));
    fds[fd].lookahead = -1;
    if (fd < 3)
        set_std_handle(fd, h);
}

int msvcrt_fd_alloc(HANDLE h, int flags)
{
    pthread_mutex_lock(&table_lock);
    for (int fd = 0; fd < MSVCRT_MAX_FILES; fd++) {
        pthread_mutex_lock(&fds[fd].lock);
        if (!(fds[fd].flags & FD_OPEN)) {
            fd_bind(fd, h, flags);
            pthread_mutex_unlock(&fds[fd].lock);
            pthread_mutex_unlock(&table_lock);
            return fd;
        }
        pthread_mutex_unlock(&fds[fd].lock);
    }
    pthread_mutex_unlock(&table_lock);
    msvcrt_set_errno(MSVCRT_EMFILE);
    return -1;
}

int msvcrt_fd_textmode(int fd)
{
    if (fd < 0 || fd >= MSVCRT_MAX_FILES || !(msvcrt_fd_flags(fd) & FD_TEXT))
        return TEXTMODE_ANSI;
    return __atomic_load_n(&fds[fd].textmode, __ATOMIC_ACQUIRE);
}

HANDLE msvcrt_fd_handle(int fd)
{
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return INVALID_HANDLE_VALUE;
    HANDLE h = e->handle;
    fd_unlock(e);
    return h;
}

int msvcrt_fd_flags(int fd)
{
    if (fd < 0 || fd >= MSVCRT_MAX_FILES)
        return 0;
    return __atomic_load_n(&fds[fd].flags, __ATOMIC_ACQUIRE);
}

int msvcrt_fd_host(int fd)
{
    HANDLE h = msvcrt_fd_handle(fd);
    return h == INVALID_HANDLE_VALUE ? -1 : host_fd_of(h);
}

static void lowio_init_once(void)
{
    {
        struct peb *peb = peb_get();
        struct rtl_user_process_parameters *pp = peb ? peb->process_parameters : NULL;
        HANDLE std[3] = { pp ? pp->std_input : NULL, pp ? pp->std_output : NULL, pp ? pp->std_error : NULL };
        for (int fd = 0; fd < 3; fd++) {
            /* msvcrt leaves fds 0-2 unopened when there is no std handle. */
            if (!std[fd] || std[fd] == INVALID_HANDLE_VALUE)
                continue;
            fds[fd].handle = std[fd];
            fds[fd].flags = (unsigned char)(FD_OPEN | FD_TEXT | msvcrt_fd_kind_flags(std[fd]));
        }
    }
}

void msvcrt_lowio_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, lowio_init_once);
}

/* ---- close ------------------------------------------------------------ */

CDECL int msvcrt__close(int fd)
{
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    HANDLE h = e->handle;
    e->handle = INVALID_HANDLE_VALUE;
    e->flags = 0;
    e->lookahead = -1;
    if (fd < 3)
        set_std_handle(fd, NULL);
    fd_unlock(e);
    if (!handle_close(h)) {
        msvcrt_set_errno_from_win32(ERROR_INVALID_HANDLE);
        return -1;
    }
    return 0;
}

/* ---- read / write -------------------------------------------------------- */

static ssize_t host_read(int hfd, void *buf, size_t n)
{
    ssize_t r;
    do
        r = read(hfd, buf, n);
    while (r < 0 && errno == EINTR);
    return r;
}

static bool host_write_all(int hfd, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(hfd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        buf += w;
        n -= (size_t)w;
    }
    return true;
}

/* One read of raw bytes, honouring a pipe's look-ahead byte. 0 at the end. */
static ssize_t raw_read(struct fd_entry *e, int hfd, char *buf, size_t n)
{
    size_t got = 0;
    if (e->lookahead >= 0 && n) {
        buf[0] = (char)e->lookahead;
        e->lookahead = -1;
        got = 1;
        /* Do not block for more once a byte is in hand from a pipe or a console. */
        if (e->flags & (FD_PIPE | FD_TTY))
            return 1;
    }
    ssize_t r = host_read(hfd, buf + got, n - got);
    if (r < 0)
        return got ? (ssize_t)got : -1;
    return (ssize_t)got + r;
}

/* Unicode text modes: the caller gets UTF-16 characters (count/2 of them
 * at most), L"\r\n" becomes L"\n". A UTF-16 file is read as is; a UTF-8
 * file, or a console, is converted (a sequence cut by the read is
 * completed byte by byte). */
static int read_unicode(struct fd_entry *e, int hfd, char *buf, unsigned int count)
{
    WCHAR *out = (WCHAR *)(void *)buf;
    unsigned int max = count / 2;
    if (!max) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    bool utf8 = e->textmode == TEXTMODE_UTF8 || (e->flags & FD_TTY);
    for (;;) {
        WCHAR w[512];
        size_t nw = 0;
        if (utf8) {
            char b[512];
            size_t want = max < sizeof b - 4 ? max : sizeof b - 4;
            ssize_t r = raw_read(e, hfd, b, want);
            if (r <= 0) {
                if (r < 0 && errno != EPIPE) {
                    msvcrt_set_errno_from_host(errno);
                    return -1;
                }
                e->flags |= FD_ATEOF;
                return 0;
            }
            /* Complete a multi-byte sequence cut at the end. */
            size_t n = (size_t)r, lead = n;
            while (lead > 0 && ((unsigned char)b[lead - 1] & 0xc0) == 0x80)
                lead--;
            if (lead > 0) {
                unsigned char c = (unsigned char)b[lead - 1];
                size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
                while (n - (lead - 1) < need && n < sizeof b && raw_read(e, hfd, b + n, 1) == 1)
                    n++;
            }
            nw = utf8_to_utf16(b, (ptrdiff_t)n, w, 512);
        } else {
            char b[1024];
            size_t want = max * 2 < sizeof b ? max * 2 : sizeof b;
            ssize_t r = raw_read(e, hfd, b, want);
            if (r <= 0) {
                if (r < 0 && errno != EPIPE) {
                    msvcrt_set_errno_from_host(errno);
                    return -1;
                }
                e->flags |= FD_ATEOF;
                return 0;
            }
            if (r & 1) {
                /* an odd byte: take its partner */
                if (raw_read(e, hfd, b + r, 1) == 1)
                    r++;
                else
                    r--;
            }
            for (ssize_t i = 0; i + 1 < r; i += 2)
                w[nw++] = (WCHAR)((unsigned char)b[i] | ((unsigned char)b[i + 1] << 8));
        }
        unsigned int o = 0;
        for (size_t i = 0; i < nw && o < max; i++) {
            if (w[i] == '\r' && i + 1 < nw && w[i + 1] == '\n')
                continue;
            out[o++] = w[i];
        }
        if (o)
            return (int)(o * 2);
    }
}

static int read_locked(struct fd_entry *e, char *buf, unsigned int count)
{
    int hfd = host_fd_of(e->handle);
    if (hfd < 0) {
        msvcrt_set_errno(MSVCRT_EBADF);
        return -1;
    }
    if (!count)
        return 0;
    /* Once a read found the end, msvcrt (as Wine has it) returns 0 until a seek. */
    if (e->flags & FD_ATEOF)
        return 0;
    if ((e->flags & FD_TEXT) && e->textmode != TEXTMODE_ANSI)
        return read_unicode(e, hfd, buf, count);
    if (!(e->flags & FD_TEXT)) {
        ssize_t r = raw_read(e, hfd, buf, count);
        if (r < 0) {
            int err = errno;
            /* A broken pipe is the end of the data, not an error. */
            if (err == EPIPE) {
                e->flags |= FD_ATEOF;
                return 0;
            }
            msvcrt_set_errno_from_host(err);
            return -1;
        }
        if (!r)
            e->flags |= FD_ATEOF;
        return (int)r;
    }
    for (;;) {
        ssize_t r = raw_read(e, hfd, buf, count);
        if (r < 0) {
            if (errno == EPIPE) {
                e->flags |= FD_ATEOF;
                return 0;
            }
            msvcrt_set_errno_from_host(errno);
            return -1;
        }
        if (r == 0) {
            e->flags |= FD_ATEOF;
            return 0;
        }
        size_t o = 0;
        bool eof = false;
        for (ssize_t i = 0; i < r; i++) {
            char c = buf[i];
            if (c == 0x1a) {
                /* ^Z ends a text file; a disk file is left positioned on it. */
                e->flags |= FD_ATEOF;
                if (!(e->flags & (FD_PIPE | FD_TTY)) && i + 1 < r)
                    lseek(hfd, (off_t)(i - r), SEEK_CUR);
                eof = true;
                break;
            }
            if (c != '\r') {
                buf[o++] = c;
                continue;
            }
            if (i + 1 < r) {
                if (buf[i + 1] == '\n') {
                    buf[o++] = '\n';
                    i++;
                } else {
                    buf[o++] = '\r';
                }
                continue;
            }
            /* CR last in the buffer: look at the next byte. */
            char next;
            ssize_t n = raw_read(e, hfd, &next, 1);
            if (n == 1 && next == '\n') {
                buf[o++] = '\n';
            } else {
                buf[o++] = '\r';
                if (n == 1) {
                    if (e->flags & (FD_PIPE | FD_TTY))
                        e->lookahead = (unsigned char)next;
                    else
                        lseek(hfd, -1, SEEK_CUR);
                }
            }
        }
        if (o || eof)
            return (int)o;
        /* Only a lone CR pair vanished? Nothing was produced but data remains: read on. */
    }
}

CDECL int msvcrt__read(int fd, void *buf, unsigned int count)
{
    if (!buf && count) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    int r = read_locked(e, buf, count);
    fd_unlock(e);
    return r;
}

/* _O_U16TEXT/_O_WTEXT and _O_U8TEXT: the buffer holds UTF-16 characters.
 * L"\n" becomes L"\r\n"; the file gets UTF-16LE or UTF-8; a console gets
 * UTF-8 either way (what WriteConsoleW shows on the host's terminal). */
static int write_unicode(struct fd_entry *e, int hfd, const char *buf, unsigned int count)
{
    if (count & 1) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    bool utf8 = e->textmode == TEXTMODE_UTF8 || (e->flags & FD_TTY);
    char tmp[1024];
    size_t t = 0;
    for (unsigned int i = 0; i + 1 < count; i += 2) {
        WCHAR w = (WCHAR)((unsigned char)buf[i] | ((unsigned char)buf[i + 1] << 8));
        WCHAR pair[3];
        size_t np = 0;
        if (w == '\n')
            pair[np++] = '\r';
        pair[np++] = w;
        /* A surrogate pair converts as one character. */
        if (utf8 && w >= 0xd800 && w < 0xdc00 && i + 3 < count) {
            WCHAR lo = (WCHAR)((unsigned char)buf[i + 2] | ((unsigned char)buf[i + 3] << 8));
            if (lo >= 0xdc00 && lo < 0xe000) {
                pair[np++] = lo;
                i += 2;
            }
        }
        if (utf8) {
            t += utf16_to_utf8(pair, (ptrdiff_t)np, tmp + t, sizeof tmp - t);
        } else {
            for (size_t k = 0; k < np; k++) {
                tmp[t++] = (char)(pair[k] & 0xff);
                tmp[t++] = (char)(pair[k] >> 8);
            }
        }
        if (t >= sizeof tmp - 16) {
            if (!host_write_all(hfd, tmp, t)) {
                msvcrt_set_errno_from_host(errno);
                return -1;
            }
            t = 0;
        }
    }
    if (t && !host_write_all(hfd, tmp, t)) {
        msvcrt_set_errno_from_host(errno);
        return -1;
    }
    return (int)count;
}

static int write_locked(struct fd_entry *e, const char *buf, unsigned int count)
{
    int hfd = host_fd_of(e->handle);
    if (hfd < 0) {
        msvcrt_set_errno(MSVCRT_EBADF);
        return -1;
    }
    if (e->flags & FD_APPEND)
        lseek(hfd, 0, SEEK_END);
    if (!(e->flags & FD_TEXT)) {
        if (!host_write_all(hfd, buf, count)) {
            msvcrt_set_errno_from_host(errno);
            return -1;
        }
        return (int)count;
    }
    if (e->textmode != TEXTMODE_ANSI)
        return write_unicode(e, hfd, buf, count);
    /* Text mode: "\n" goes out as "\r\n", in chunks through a small buffer. */
    char tmp[1024];
    size_t t = 0;
    for (unsigned int i = 0; i < count; i++) {
        if (buf[i] == '\n')
            tmp[t++] = '\r';
        tmp[t++] = buf[i];
        if (t >= sizeof tmp - 1) {
            if (!host_write_all(hfd, tmp, t)) {
                msvcrt_set_errno_from_host(errno);
                return -1;
            }
            t = 0;
        }
    }
    if (t && !host_write_all(hfd, tmp, t)) {
        msvcrt_set_errno_from_host(errno);
        return -1;
    }
    return (int)count;
}

CDECL int msvcrt__write(int fd, const void *buf, unsigned int count)
{
    if (!buf && count) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    int r = write_locked(e, buf, count);
    fd_unlock(e);
    return r;
}

/* ---- positioning ---------------------------------------------------------- */

CDECL LONGLONG msvcrt__lseeki64(int fd, LONGLONG off, int whence)
{
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    LONGLONG r = -1;
    int hfd = host_fd_of(e->handle);
    if (whence < 0 || whence > 2) {
        msvcrt_set_errno(MSVCRT_EINVAL);
    } else if (hfd < 0) {
        msvcrt_set_errno(MSVCRT_EBADF);
    } else if (e->flags & (FD_PIPE | FD_TTY)) {
        /* Windows' SetFilePointer on a pipe or console fails; msvcrt says EINVAL. */
        msvcrt_set_errno_from_win32(ERROR_INVALID_FUNCTION);
    } else {
        off_t p = lseek(hfd, (off_t)off, whence);
        if (p < 0) {
            msvcrt_set_errno_from_win32(errno == EINVAL ? 131 /* ERROR_NEGATIVE_SEEK */ : win32_error_from_errno(errno));
        } else {
            r = p;
            e->flags &= (unsigned char)~FD_ATEOF;
            e->lookahead = -1;
        }
    }
    fd_unlock(e);
    return r;
}

CDECL LONG msvcrt__lseek(int fd, LONG off, int whence)
{
    LONGLONG r = msvcrt__lseeki64(fd, off, whence);
    if (r > 0x7fffffff) {
        msvcrt_set_errno(MSVCRT_EINVAL);
        return -1;
    }
    return (LONG)r;
}

CDECL LONGLONG msvcrt__telli64(int fd) { return msvcrt__lseeki64(fd, 0, SEEK_CUR); }
CDECL LONG msvcrt__tell(int fd) { return msvcrt__lseek(fd, 0, SEEK_CUR); }

CDECL int msvcrt__eof(int fd)
{
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    int r;
    if (e->flags & FD_ATEOF) {
        r = 1;
    } else {
        int hfd = host_fd_of(e->handle);
        off_t cur = hfd < 0 ? -1 : lseek(hfd, 0, SEEK_CUR);
        struct stat st;
        /* A pipe or a console is not known to be at its end until a read says so. */
        if (cur < 0 || fstat(hfd, &st) != 0 || (e->flags & (FD_PIPE | FD_TTY)))
            r = 0;
        else
            r = cur >= st.st_size;
    }
    fd_unlock(e);
    return r;
}

CDECL LONGLONG msvcrt__filelengthi64(int fd)
{
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    int hfd = host_fd_of(e->handle);
    struct stat st;
    LONGLONG r = -1;
    if (hfd >= 0 && fstat(hfd, &st) == 0)
        r = st.st_size;
    else
        msvcrt_set_errno(MSVCRT_EBADF);
    fd_unlock(e);
    return r;
}

CDECL LONG msvcrt__filelength(int fd)
{
    LONGLONG r = msvcrt__filelengthi64(fd);
    return r > 0x7fffffff ? -1 : (LONG)r;
}

CDECL int msvcrt__chsize_s(int fd, LONGLONG size)
{
    if (size < 0) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return MSVCRT_EBADF;
    int hfd = host_fd_of(e->handle);
    int r = 0;
    if (hfd < 0 || ftruncate(hfd, (off_t)size) != 0) {
        /* An fd opened read-only: msvcrt reports EBADF. */
        if (errno == EBADF || errno == EINVAL)
            msvcrt_set_errno_from_win32(ERROR_INVALID_HANDLE);
        else
            msvcrt_set_errno_from_host(errno);
        r = *msvcrt_errno_location();
    }
    fd_unlock(e);
    return r;
}

CDECL int msvcrt__chsize(int fd, LONG size)
{
    return msvcrt__chsize_s(fd, size) ? -1 : 0;
}

CDECL int msvcrt__commit(int fd)
{
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    int hfd = host_fd_of(e->handle);
    int r = 0;
    /* FlushFileBuffers on a console or pipe fails with ERROR_INVALID_HANDLE:
     * msvcrt treats that as success. */
    if (hfd >= 0 && !(e->flags & (FD_PIPE | FD_TTY)) && fsync(hfd) != 0 && errno != EINVAL) {
        msvcrt_set_errno_from_host(errno);
        r = -1;
    }
    fd_unlock(e);
    return r;
}

/* ---- modes, handles, duplication ---------------------------------------- */

CDECL int msvcrt__setmode(int fd, int mode)
{
    int m = mode & ~(MSVCRT_O_TEXT | MSVCRT_O_BINARY | MSVCRT_O_WTEXT | MSVCRT_O_U16TEXT | MSVCRT_O_U8TEXT);
    if (m || !mode || (mode & (mode - 1))) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    /* Both Unicode modes report themselves as _O_WTEXT, as the CRT does. */
    int old = !(e->flags & FD_TEXT) ? MSVCRT_O_BINARY
            : e->textmode == TEXTMODE_ANSI ? MSVCRT_O_TEXT : MSVCRT_O_WTEXT;
    if (mode == MSVCRT_O_BINARY) {
        e->flags &= (unsigned char)~FD_TEXT;
    } else {
        e->flags |= FD_TEXT;
        e->textmode = mode == MSVCRT_O_TEXT ? TEXTMODE_ANSI : mode == MSVCRT_O_U8TEXT ? TEXTMODE_UTF8 : TEXTMODE_UTF16;
    }
    fd_unlock(e);
    return old;
}

CDECL int msvcrt__isatty(int fd)
{
    if (fd < 0 || fd >= MSVCRT_MAX_FILES)
        return 0;
    return (msvcrt_fd_flags(fd) & (FD_OPEN | FD_TTY)) == (FD_OPEN | FD_TTY) ? 0x40 : 0;
}

CDECL INT_PTR msvcrt__get_osfhandle(int fd)
{
    HANDLE h = msvcrt_fd_handle(fd);
    return (INT_PTR)h;
}

#define MSVCRT_O_RAW MSVCRT_O_BINARY

CDECL int msvcrt__open_osfhandle(INT_PTR handle, int flags)
{
    HANDLE h = (HANDLE)handle;
    struct file_object *f = file_get(h);
    if (!f) {
        msvcrt_set_errno(MSVCRT_EBADF);
        return -1;
    }
    object_unref(&f->obj);
    int fl = msvcrt_fd_kind_flags(h);
    if (flags & MSVCRT_O_APPEND) fl |= FD_APPEND;
    if (flags & MSVCRT_O_TEXT) fl |= FD_TEXT;
    if (flags & MSVCRT_O_NOINHERIT) fl |= FD_NOINHERIT;
    return msvcrt_fd_alloc(h, fl);
}

/* A second handle to the same object (what DuplicateHandle gives). */
static HANDLE dup_handle(HANDLE h)
{
    struct object *obj = handle_get(h, NULL);
    if (!obj)
        return NULL;
    HANDLE n = handle_alloc(obj);
    object_unref(obj);
    return n;
}

CDECL int msvcrt__dup(int fd)
{
    struct fd_entry *e = fd_lock(fd);
    if (!e)
        return -1;
    HANDLE h = dup_handle(e->handle);
    int flags = e->flags;
    fd_unlock(e);
    if (!h) {
        msvcrt_set_errno(MSVCRT_EBADF);
        return -1;
    }
    int n = msvcrt_fd_alloc(h, flags & ~FD_NOINHERIT);
    if (n < 0)
        handle_close(h);
    return n;
}

CDECL int msvcrt__dup2(int from, int to)
{
    if (to < 0 || to >= MSVCRT_MAX_FILES) {
        msvcrt_set_errno(MSVCRT_EBADF);
        return -1;
    }
    struct fd_entry *e = fd_lock(from);
    if (!e)
        return -1;
    HANDLE h = dup_handle(e->handle);
    int flags = e->flags;
    fd_unlock(e);
    if (!h) {
        msvcrt_set_errno(MSVCRT_EBADF);
        return -1;
    }
    if (from == to) {
        handle_close(h);
        return 0;
    }
    pthread_mutex_lock(&table_lock);
    if (msvcrt_fd_flags(to) & FD_OPEN)
        msvcrt__close(to);
    pthread_mutex_lock(&fds[to].lock);
    fd_bind(to, h, flags & ~FD_NOINHERIT);
    pthread_mutex_unlock(&fds[to].lock);
    pthread_mutex_unlock(&table_lock);
    return 0;
}

CDECL int msvcrt__pipe(int *pfds, unsigned int size, int mode)
{
    if (!pfds) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        msvcrt_set_errno_from_host(errno);
        return -1;
    }
    if (size)
        fcntl(p[1], F_SETPIPE_SZ, (int)size);   /* a hint, as on Windows */
    HANDLE r = file_handle_new(p[0], FILE_KIND_PIPE, GENERIC_READ, NULL);
    HANDLE w = file_handle_new(p[1], FILE_KIND_PIPE, GENERIC_WRITE, NULL);
    int fl = FD_PIPE;
    if ((mode & MSVCRT_O_TEXT) || (!(mode & MSVCRT_O_BINARY) && !(msvcrt__fmode & MSVCRT_O_BINARY)))
        fl |= FD_TEXT;
    if (mode & MSVCRT_O_NOINHERIT)
        fl |= FD_NOINHERIT;
    int a = r ? msvcrt_fd_alloc(r, fl) : -1;
    int b = (a >= 0 && w) ? msvcrt_fd_alloc(w, fl) : -1;
    if (a < 0 || b < 0) {
        if (a >= 0) msvcrt__close(a); else if (r) handle_close(r);
        if (w) handle_close(w);
        msvcrt_set_errno(MSVCRT_EMFILE);
        return -1;
    }
    pfds[0] = a;
    pfds[1] = b;
    return 0;
}

/* ioinfo data exports that some programs poke: we do not expose our table. */
