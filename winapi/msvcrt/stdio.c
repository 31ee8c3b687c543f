/*
 * stdio.c - msvcrt's FILE streams: the _iob array, opening and closing,
 * buffers, _filbuf/_flsbuf, fread/fwrite, flushing, positioning, setvbuf,
 * temporary files, remove/rename.
 *
 * The FILE layout and the meaning of _ptr/_cnt are msvcrt's (msvcrt.h),
 * because mingw-w64's headers expand getc/putc-style macros against them.
 * Buffers hold the program's view of the data; text-mode CRLF translation
 * happens below, in _read/_write (lowio.c). Buffering follows msvcrt:
 * a 4096-byte buffer on first use, except stdout/stderr on a console, which
 * stay unbuffered (a temporary buffer collects one printf/fwrite call);
 * _IOLBF is full buffering, as in msvcrt.
 */
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/process.h"
#include "winapi/path.h"
#include "winapi/unicode.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(msvcrt);

#define INTERNAL_BUFSIZ 4096
#define MAX_STREAMS 512

MSVCRT_FILE msvcrt__iob[MSVCRT_STREAM_MIN] = {
    { ._file = 0, ._flag = MSVCRT_IOREAD },
    { ._file = 1, ._flag = MSVCRT_IOWRT },
    { ._file = 2, ._flag = MSVCRT_IOWRT },
};
static pthread_mutex_t iob_locks[MSVCRT_STREAM_MIN] = {
    [0 ... MSVCRT_STREAM_MIN - 1] = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
};

/* Streams past _iob[] carry their lock behind the FILE. */
struct file_ext {
    MSVCRT_FILE file;
    pthread_mutex_t lock;
};
static struct file_ext *ext_streams[MAX_STREAMS];
static int max_streams = MAX_STREAMS;
static pthread_mutex_t streams_lock = PTHREAD_MUTEX_INITIALIZER;

CDECL MSVCRT_FILE *msvcrt___iob_func(void)
{
    msvcrt_init();
    return msvcrt__iob;
}

/* ucrt's stdin/stdout/stderr accessor. */
CDECL MSVCRT_FILE *msvcrt___acrt_iob_func(unsigned int index)
{
    msvcrt_init();
    return index < 3 ? &msvcrt__iob[index] : NULL;
}

static bool is_iob(const MSVCRT_FILE *f)
{
    return f >= msvcrt__iob && f < msvcrt__iob + MSVCRT_STREAM_MIN;
}

void msvcrt_lock_file(MSVCRT_FILE *f)
{
    if (is_iob(f))
        pthread_mutex_lock(&iob_locks[f - msvcrt__iob]);
    else
        pthread_mutex_lock(&((struct file_ext *)f)->lock);
}

void msvcrt_unlock_file(MSVCRT_FILE *f)
{
    if (is_iob(f))
        pthread_mutex_unlock(&iob_locks[f - msvcrt__iob]);
    else
        pthread_mutex_unlock(&((struct file_ext *)f)->lock);
}

CDECL void msvcrt__lock_file(MSVCRT_FILE *f) { if (f) msvcrt_lock_file(f); }
CDECL void msvcrt__unlock_file(MSVCRT_FILE *f) { if (f) msvcrt_unlock_file(f); }

/* The stream with index i (0..max_streams-1), or NULL; caller holds streams_lock. */
static MSVCRT_FILE *stream_at(int i)
{
    if (i < MSVCRT_STREAM_MIN)
        return &msvcrt__iob[i];
    struct file_ext *e = ext_streams[i];
    return e ? &e->file : NULL;
}

/* A free stream slot (msvcrt hands out _iob[3..19] first). */
static MSVCRT_FILE *alloc_stream(void)
{
    pthread_mutex_lock(&streams_lock);
    for (int i = 3; i < max_streams; i++) {
        MSVCRT_FILE *f = stream_at(i);
        if (!f) {
            struct file_ext *e = calloc(1, sizeof *e);
            if (!e)
                break;
            pthread_mutexattr_t a;
            pthread_mutexattr_init(&a);
            pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
            pthread_mutex_init(&e->lock, &a);
            pthread_mutexattr_destroy(&a);
            ext_streams[i] = e;
            f = &e->file;
        }
        if (!f->_flag) {
            f->_flag = 0x8000;   /* reserved while being set up */
            pthread_mutex_unlock(&streams_lock);
            return f;
        }
    }
    pthread_mutex_unlock(&streams_lock);
    msvcrt_set_errno(MSVCRT_EMFILE);
    return NULL;
}

static void init_stream(MSVCRT_FILE *f, int fd, int flags)
{
    extern int msvcrt__commode;
    /* _bufsiz keeps its old value until a buffer is set up, as in msvcrt. */
    f->_ptr = f->_base = NULL;
    f->_cnt = 0;
    f->_file = fd;
    f->_flag = flags | (msvcrt__commode & 0x4000 /* _IOCOMMIT */);
    f->_charbuf = 0;
    f->_tmpfname = NULL;
}

static void free_stream(MSVCRT_FILE *f)
{
    f->_flag = 0;
    f->_file = -1;
}

/* ---- buffers --------------------------------------------------------------------- */

static void set_unbuffered(MSVCRT_FILE *f)
{
    f->_base = f->_ptr = (char *)&f->_charbuf;
    f->_bufsiz = 2;
    f->_flag |= MSVCRT_IONBF;
}

/* Give f a buffer, unless it is stdout/stderr on a console (msvcrt leaves
 * those without one). Returns false when f stays unbuffered. */
static bool alloc_buffer(MSVCRT_FILE *f)
{
    if ((f->_file == 1 || f->_file == 2) && msvcrt__isatty(f->_file))
        return false;
    if (msvcrt_ucrt_mode && f->_file == 2)
        return false;   /* ucrt: stderr is never buffered */
    f->_base = msvcrt_calloc(1, INTERNAL_BUFSIZ);
    if (f->_base) {
        f->_bufsiz = INTERNAL_BUFSIZ;
        f->_flag |= MSVCRT_IOMYBUF;
    } else {
        set_unbuffered(f);
    }
    f->_ptr = f->_base;
    f->_cnt = 0;
    return true;
}

static bool has_buffer(const MSVCRT_FILE *f)
{
    return f->_flag & (MSVCRT_IOMYBUF | MSVCRT_USERBUF);
}

/* A temporary buffer for one output call on an unbuffered console
 * stdout/stderr, so that a printf reaches the console in one write
 * (msvcrt's _stbuf/_ftbuf). Returns true when one was attached. */
static __thread char tmp_buffer[INTERNAL_BUFSIZ];

static bool add_tmp_buffer(MSVCRT_FILE *f)
{
    if ((f != MSVCRT_stdout && f != MSVCRT_stderr) || has_buffer(f) || (f->_flag & (MSVCRT_IONBF | MSVCRT_IOTMPBUF)))
        return false;
    if (!msvcrt__isatty(f->_file) && !(msvcrt_ucrt_mode && f->_file == 2))
        return false;   /* a file or a pipe gets a real buffer on first use */
    if (!(f->_flag & MSVCRT_IOWRT) && !(f->_flag & MSVCRT_IORW))
        return false;
    f->_base = f->_ptr = tmp_buffer;
    f->_bufsiz = INTERNAL_BUFSIZ;
    f->_cnt = INTERNAL_BUFSIZ;
    f->_flag |= MSVCRT_USERBUF | MSVCRT_IOTMPBUF | MSVCRT_IOWRT;
    return true;
}

static int flush_buffer(MSVCRT_FILE *f);

static void remove_tmp_buffer(MSVCRT_FILE *f)
{
    flush_buffer(f);
    f->_flag &= ~(MSVCRT_USERBUF | MSVCRT_IOTMPBUF);
    f->_base = f->_ptr = NULL;
    f->_bufsiz = 0;
    f->_cnt = 0;
}

bool msvcrt_stream_begin_output(MSVCRT_FILE *f) { return add_tmp_buffer(f); }
bool msvcrt_stream_alloc_buffer(MSVCRT_FILE *f) { return alloc_buffer(f); }
void msvcrt_stream_end_output(MSVCRT_FILE *f, bool tmp) { if (tmp) remove_tmp_buffer(f); }

/* Write out what the buffer holds (write mode only); resets the buffer. */
static int flush_buffer(MSVCRT_FILE *f)
{
    int ret = 0;
    if ((f->_flag & (MSVCRT_IOREAD | MSVCRT_IOWRT)) == MSVCRT_IOWRT && has_buffer(f)) {
        int cnt = (int)(f->_ptr - f->_base);
        if (cnt > 0 && msvcrt__write(f->_file, f->_base, (unsigned)cnt) != cnt) {
            f->_flag |= MSVCRT_IOERR;
            ret = MSVCRT_EOF;
        } else if (f->_flag & MSVCRT_IORW) {
            f->_flag &= ~MSVCRT_IOWRT;
        }
    }
    f->_ptr = f->_base;
    f->_cnt = 0;
    return ret;
}

CDECL int msvcrt__fflush_nolock(MSVCRT_FILE *f)
{
    if (!f)
        return msvcrt__flushall() >= 0 ? 0 : MSVCRT_EOF;
    if (f->_flag & MSVCRT_IOWRT) {
        int r = flush_buffer(f);
        if (!r && (f->_flag & 0x4000 /* _IOCOMMIT */))
            r = msvcrt__commit(f->_file) ? MSVCRT_EOF : 0;
        return r;
    }
    return 0;
}

CDECL int msvcrt_fflush(MSVCRT_FILE *f)
{
    if (!f)
        return msvcrt__flushall() >= 0 ? 0 : MSVCRT_EOF;
    msvcrt_lock_file(f);
    int r = msvcrt__fflush_nolock(f);
    msvcrt_unlock_file(f);
    return r;
}

/* Flush every stream open for writing; returns the number of open streams. */
CDECL int msvcrt__flushall(void)
{
    int n = 0;
    pthread_mutex_lock(&streams_lock);
    for (int i = 0; i < max_streams; i++) {
        MSVCRT_FILE *f = stream_at(i);
        if (!f || !f->_flag || f->_flag == 0x8000)
            continue;
        msvcrt_lock_file(f);
        if (f->_flag & MSVCRT_IOWRT)
            flush_buffer(f);
        msvcrt_unlock_file(f);
        n++;
    }
    pthread_mutex_unlock(&streams_lock);
    return n;
}

static void flush_hook(void)
{
    /* Called at any process end: never block on a stream another thread holds. */
    for (int i = 0; i < max_streams; i++) {
        MSVCRT_FILE *f = stream_at(i);
        if (!f || !f->_flag || f->_flag == 0x8000)
            continue;
        if (is_iob(f) ? pthread_mutex_trylock(&iob_locks[i]) : pthread_mutex_trylock(&((struct file_ext *)f)->lock))
            continue;
        if (f->_flag & MSVCRT_IOWRT)
            flush_buffer(f);
        msvcrt_unlock_file(f);
    }
}

void msvcrt_stdio_init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    for (int i = 0; i < 3; i++) {
        /* No std handle: msvcrt marks the stream's fd as -2 (unusable). */
        if (!(msvcrt_fd_flags(i) & FD_OPEN))
            msvcrt__iob[i]._file = -2;
    }
    process_add_flush_hook(flush_hook);
}

/* ---- _filbuf / _flsbuf ------------------------------------------------------------ */

CDECL int msvcrt__filbuf(MSVCRT_FILE *f)
{
    unsigned char c;
    if (f->_flag & MSVCRT_IOSTRG)
        return MSVCRT_EOF;
    if (!(f->_flag & (MSVCRT_IONBF | MSVCRT_IOMYBUF | MSVCRT_USERBUF)))
        alloc_buffer(f);
    if (!(f->_flag & MSVCRT_IOREAD)) {
        if (!(f->_flag & MSVCRT_IORW))
            return MSVCRT_EOF;   /* a write-only stream: EOF, no error flag (msvcrt) */
        if (f->_flag & MSVCRT_IOWRT) {
            /* Switching from writing without a flush/seek: msvcrt flushes. */
            flush_buffer(f);
            f->_flag &= ~MSVCRT_IOWRT;
        }
        f->_flag |= MSVCRT_IOREAD;
    }
    if (!has_buffer(f)) {
        int r = msvcrt__read(f->_file, &c, 1);
        if (r != 1) {
            f->_flag |= r == 0 ? MSVCRT_IOEOF : MSVCRT_IOERR;
            return MSVCRT_EOF;
        }
        return c;
    }
    f->_cnt = msvcrt__read(f->_file, f->_base, (unsigned)f->_bufsiz);
    if (f->_cnt <= 0) {
        f->_flag |= f->_cnt == 0 ? MSVCRT_IOEOF : MSVCRT_IOERR;
        f->_cnt = 0;
        return MSVCRT_EOF;
    }
    f->_cnt--;
    f->_ptr = f->_base + 1;
    return *(unsigned char *)f->_base;
}

CDECL int msvcrt__flsbuf(int c, MSVCRT_FILE *f)
{
    if (!(f->_flag & (MSVCRT_IONBF | MSVCRT_IOMYBUF | MSVCRT_USERBUF)))
        alloc_buffer(f);
    if (!(f->_flag & MSVCRT_IOWRT)) {
        if (!(f->_flag & MSVCRT_IORW)) {
            f->_flag |= MSVCRT_IOERR;
            msvcrt_set_errno(MSVCRT_EBADF);
            return MSVCRT_EOF;
        }
        f->_flag |= MSVCRT_IOWRT;
    }
    if (f->_flag & MSVCRT_IOREAD) {
        if (!(f->_flag & MSVCRT_IOEOF)) {
            f->_flag |= MSVCRT_IOERR;
            return MSVCRT_EOF;
        }
        f->_cnt = 0;
        f->_ptr = f->_base;
        f->_flag &= ~(MSVCRT_IOREAD | MSVCRT_IOEOF);
    }
    if (has_buffer(f)) {
        if (f->_cnt <= 0) {
            int r = flush_buffer(f);
            if (r)
                return r;
            f->_flag |= MSVCRT_IOWRT;
            f->_cnt = f->_bufsiz;
        }
        *f->_ptr++ = (char)c;
        f->_cnt--;
        return c & 0xff;
    }
    unsigned char cc = (unsigned char)c;
    f->_cnt = 0;
    if (msvcrt__write(f->_file, &cc, 1) == 1)
        return c & 0xff;
    f->_flag |= MSVCRT_IOERR;
    return MSVCRT_EOF;
}

/* ---- fread / fwrite ------------------------------------------------------------------ */

CDECL SIZE_T msvcrt__fwrite_nolock(const void *ptr, SIZE_T size, SIZE_T nmemb, MSVCRT_FILE *f)
{
    SIZE_T total, written = 0;
    if (!size || !nmemb)
        return 0;
    if (!f || !ptr || __builtin_mul_overflow(size, nmemb, &total)) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return 0;
    }
    const char *p = ptr;
    SIZE_T left = total;
    while (left) {
        if (f->_cnt < 0) {
            f->_flag |= MSVCRT_IOERR;
            break;
        } else if (f->_cnt && (f->_flag & MSVCRT_IOWRT)) {
            SIZE_T n = (SIZE_T)f->_cnt < left ? (SIZE_T)f->_cnt : left;
            memcpy(f->_ptr, p, n);
            f->_cnt -= (int)n;
            f->_ptr += n;
            written += n;
            left -= n;
            p += n;
        } else if ((f->_flag & MSVCRT_IONBF) ||
                   (has_buffer(f) && left >= (SIZE_T)f->_bufsiz) ||
                   (!has_buffer(f) && left >= INTERNAL_BUFSIZ)) {
            /* Big writes go straight to the fd, whole buffers at a time. */
            SIZE_T n;
            if (f->_flag & MSVCRT_IONBF)
                n = left;
            else if (f->_bufsiz)
                n = left - left % (SIZE_T)f->_bufsiz;
            else
                n = left - left % INTERNAL_BUFSIZ;
            if (n > 0x7fffffff)
                n = 0x7fffffff - 0x7fffffff % INTERNAL_BUFSIZ;
            if (!(f->_flag & MSVCRT_IOWRT)) {
                if (!(f->_flag & MSVCRT_IORW)) {
                    f->_flag |= MSVCRT_IOERR;
                    msvcrt_set_errno(MSVCRT_EBADF);
                    break;
                }
                f->_flag |= MSVCRT_IOWRT;
            }
            if (flush_buffer(f) == MSVCRT_EOF)
                break;
            if (msvcrt__write(f->_file, p, (unsigned)n) <= 0) {
                f->_flag |= MSVCRT_IOERR;
                break;
            }
            written += n;
            left -= n;
            p += n;
        } else {
            if (msvcrt__flsbuf(*(const unsigned char *)p, f) == MSVCRT_EOF)
                break;
            written++;
            left--;
            p++;
        }
    }
    return written / size;
}

CDECL SIZE_T msvcrt_fwrite(const void *ptr, SIZE_T size, SIZE_T nmemb, MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return 0;
    }
    msvcrt_lock_file(f);
    bool tmp = add_tmp_buffer(f);
    SIZE_T r = msvcrt__fwrite_nolock(ptr, size, nmemb, f);
    if (tmp)
        remove_tmp_buffer(f);
    msvcrt_unlock_file(f);
    return r;
}

CDECL SIZE_T msvcrt__fread_nolock(void *ptr, SIZE_T size, SIZE_T nmemb, MSVCRT_FILE *f)
{
    SIZE_T total, got = 0;
    if (!size || !nmemb)
        return 0;
    if (!f || !ptr || __builtin_mul_overflow(size, nmemb, &total)) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return 0;
    }
    char *p = ptr;
    SIZE_T left = total;
    if (f->_cnt > 0 && (f->_flag & MSVCRT_IOREAD)) {
        SIZE_T n = (SIZE_T)f->_cnt < left ? (SIZE_T)f->_cnt : left;
        memcpy(p, f->_ptr, n);
        f->_cnt -= (int)n;
        f->_ptr += n;
        got += n;
        left -= n;
        p += n;
    } else if (!(f->_flag & MSVCRT_IOREAD)) {
        if (!(f->_flag & MSVCRT_IORW))
            return 0;
        if (f->_flag & MSVCRT_IOWRT) {
            flush_buffer(f);
            f->_flag &= ~MSVCRT_IOWRT;
        }
        f->_flag |= MSVCRT_IOREAD;
    }
    if (left && !(f->_flag & (MSVCRT_IONBF | MSVCRT_IOMYBUF | MSVCRT_USERBUF)))
        alloc_buffer(f);
    while (left) {
        int i;
        SIZE_T bs = f->_bufsiz ? (SIZE_T)f->_bufsiz : INTERNAL_BUFSIZ;
        if (!f->_cnt && left < (SIZE_T)f->_bufsiz && has_buffer(f)) {
            i = msvcrt__read(f->_file, f->_base, (unsigned)f->_bufsiz);
            f->_ptr = f->_base;
            if (i > 0) {
                f->_cnt = i;
                int n = (SIZE_T)i > left ? (int)left : i;
                memcpy(p, f->_ptr, (size_t)n);
                f->_cnt -= n;
                f->_ptr += n;
                i = n;
            }
        } else if (left > 0x7fffffff) {
            i = msvcrt__read(f->_file, p, 0x7fffffff);
        } else if (left < bs) {
            i = msvcrt__read(f->_file, p, (unsigned)left);
        } else {
            i = msvcrt__read(f->_file, p, (unsigned)(left - left % bs));
        }
        if (i == 0) {
            f->_flag |= MSVCRT_IOEOF;
            break;
        }
        if (i < 0) {
            f->_flag |= MSVCRT_IOERR;
            break;
        }
        got += (SIZE_T)i;
        left -= (SIZE_T)i;
        p += i;
    }
    return got / size;
}

CDECL SIZE_T msvcrt_fread(void *ptr, SIZE_T size, SIZE_T nmemb, MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return 0;
    }
    msvcrt_lock_file(f);
    SIZE_T r = msvcrt__fread_nolock(ptr, size, nmemb, f);
    msvcrt_unlock_file(f);
    return r;
}

/* ---- opening and closing ------------------------------------------------------------- */

/* Parse an fopen mode: open flags for _open and stream flags. */
static bool parse_mode(const char *mode, bool ucrt, int *oflags, int *sflags)
{
    extern int msvcrt__commode;
    if (!mode) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return false;
    }
    while (*mode == ' ')
        mode++;
    bool plus = strchr(mode, '+') != NULL;
    switch (*mode++) {
    case 'R': case 'r':
        *oflags = plus ? MSVCRT_O_RDWR : MSVCRT_O_RDONLY;
        *sflags = plus ? MSVCRT_IORW : MSVCRT_IOREAD;
        break;
    case 'w':
        *oflags = MSVCRT_O_CREAT | MSVCRT_O_TRUNC | (plus ? MSVCRT_O_RDWR : MSVCRT_O_WRONLY);
        *sflags = plus ? MSVCRT_IORW : MSVCRT_IOWRT;
        break;
    case 'a':
        *oflags = MSVCRT_O_CREAT | MSVCRT_O_APPEND | (plus ? MSVCRT_O_RDWR : MSVCRT_O_WRONLY);
        *sflags = plus ? MSVCRT_IORW : MSVCRT_IOWRT;
        break;
    default:
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return false;
    }
    *sflags |= msvcrt__commode & 0x4000;
    while (*mode && *mode != ',') {
        switch (*mode++) {
        case 'B': case 'b': *oflags = (*oflags | MSVCRT_O_BINARY) & ~MSVCRT_O_TEXT; break;
        case 't': *oflags = (*oflags | MSVCRT_O_TEXT) & ~MSVCRT_O_BINARY; break;
        case 'D': *oflags |= MSVCRT_O_TEMPORARY; break;
        case 'T': *oflags |= MSVCRT_O_SHORT_LIVED; break;
        case 'c': *sflags |= 0x4000; break;
        case 'n': *sflags &= ~0x4000; break;
        case 'N': *oflags |= MSVCRT_O_NOINHERIT; break;
        case 'S': *oflags |= MSVCRT_O_SEQUENTIAL; break;
        case 'R': *oflags |= MSVCRT_O_RANDOM; break;
        case 'x':
            if (ucrt) {
                *oflags |= MSVCRT_O_EXCL;
                break;
            }
            break;
        case '+': case ' ': case 'a': case 'w':
            break;
        default:
            FIXME("unknown fopen mode character '%c'\n", mode[-1]);
            break;
        }
    }
    if (*mode == ',') {
        /* ",ccs=UTF-8/UTF-16LE/UNICODE": wide text modes (FIXME: treated as text). */
        FIXME("fopen ccs= mode (%s) treated as text\n", mode);
    }
    return true;
}

bool msvcrt_ucrt_mode;   /* set by ucrtbase's start-up: 'x' in fopen modes etc. */

static MSVCRT_FILE *fopen_utf8(const char *path, const char *mode, int share)
{
    int oflags, sflags;
    msvcrt_init();
    if (!path) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    if (!parse_mode(mode, msvcrt_ucrt_mode, &oflags, &sflags))
        return NULL;
    int fd = msvcrt_open_utf8(path, oflags, share, 0x0180 /* _S_IREAD|_S_IWRITE */);
    if (fd < 0)
        return NULL;
    MSVCRT_FILE *f = alloc_stream();
    if (!f) {
        msvcrt__close(fd);
        return NULL;
    }
    init_stream(f, fd, sflags);
    TRACE("%s %s -> %p fd %d\n", path, mode, (void *)f, fd);
    return f;
}

CDECL MSVCRT_FILE *msvcrt_fopen(const char *path, const char *mode)
{
    return fopen_utf8(path, mode, 0x40);
}

CDECL MSVCRT_FILE *msvcrt__fsopen(const char *path, const char *mode, int share)
{
    return fopen_utf8(path, mode, share);
}

static char *mode_to_utf8(const WCHAR *m)
{
    return m ? utf16_to_utf8_alloc(m) : NULL;
}

CDECL MSVCRT_FILE *msvcrt__wfsopen(const WCHAR *path, const WCHAR *mode, int share)
{
    if (!path || !mode) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    char *p = utf16_to_utf8_alloc(path), *m = mode_to_utf8(mode);
    MSVCRT_FILE *f = fopen_utf8(p, m, share);
    free(p);
    free(m);
    return f;
}

CDECL MSVCRT_FILE *msvcrt__wfopen(const WCHAR *path, const WCHAR *mode)
{
    return msvcrt__wfsopen(path, mode, 0x40);
}

CDECL int msvcrt_fopen_s(MSVCRT_FILE **pf, const char *path, const char *mode)
{
    if (!pf || !path || !mode) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    *pf = msvcrt_fopen(path, mode);
    return *pf ? 0 : *msvcrt_errno_location();
}

CDECL int msvcrt__wfopen_s(MSVCRT_FILE **pf, const WCHAR *path, const WCHAR *mode)
{
    if (!pf || !path || !mode) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    *pf = msvcrt__wfopen(path, mode);
    return *pf ? 0 : *msvcrt_errno_location();
}

CDECL MSVCRT_FILE *msvcrt__fdopen(int fd, const char *mode)
{
    int oflags, sflags;
    msvcrt_init();
    if (!parse_mode(mode, msvcrt_ucrt_mode, &oflags, &sflags))
        return NULL;
    if (!(msvcrt_fd_flags(fd) & FD_OPEN)) {
        msvcrt_set_errno(MSVCRT_EBADF);
        return NULL;
    }
    MSVCRT_FILE *f = alloc_stream();
    if (!f)
        return NULL;
    /* A mode with 't' or 'b' switches the fd's translation, as msvcrt does. */
    if (oflags & MSVCRT_O_BINARY)
        msvcrt__setmode(fd, MSVCRT_O_BINARY);
    else if (oflags & MSVCRT_O_TEXT)
        msvcrt__setmode(fd, MSVCRT_O_TEXT);
    init_stream(f, fd, sflags);
    return f;
}

CDECL MSVCRT_FILE *msvcrt__wfdopen(int fd, const WCHAR *mode)
{
    char *m = mode_to_utf8(mode);
    MSVCRT_FILE *f = msvcrt__fdopen(fd, m);
    free(m);
    return f;
}

/* Close the stream's fd and free its buffer; the slot stays allocated. */
static int close_stream(MSVCRT_FILE *f)
{
    int r = 0;
    if (f->_flag & MSVCRT_IOWRT)
        r = flush_buffer(f);
    if (f->_flag & MSVCRT_IOMYBUF)
        msvcrt_free(f->_base);
    if (f->_file >= 0 && msvcrt__close(f->_file) < 0)
        r = MSVCRT_EOF;
    if (f->_tmpfname) {
        /* tmpfile(): the name was kept to delete the file once closed. */
        char *host = path_to_host(f->_tmpfname);
        if (host)
            unlink(host);
        free(host);
        msvcrt_free(f->_tmpfname);
        f->_tmpfname = NULL;
    }
    f->_base = f->_ptr = NULL;
    f->_cnt = 0;
    return r;
}

CDECL int msvcrt__fclose_nolock(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    if (!f->_flag) {
        /* Already closed: msvcrt reports it like a bad stream. */
        return MSVCRT_EOF;
    }
    int was_err = f->_flag & MSVCRT_IOERR;
    int r = close_stream(f);
    free_stream(f);
    return (r || was_err) ? MSVCRT_EOF : 0;
}

CDECL int msvcrt_fclose(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EOF;
    }
    msvcrt_lock_file(f);
    int r = msvcrt__fclose_nolock(f);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt__fcloseall(void)
{
    int n = 0;
    pthread_mutex_lock(&streams_lock);
    for (int i = 3; i < max_streams; i++) {
        MSVCRT_FILE *f = stream_at(i);
        if (!f || !f->_flag || f->_flag == 0x8000)
            continue;
        msvcrt_lock_file(f);
        if (!msvcrt__fclose_nolock(f))
            n++;
        msvcrt_unlock_file(f);
    }
    pthread_mutex_unlock(&streams_lock);
    return n;
}

static MSVCRT_FILE *reopen(const char *path, const char *mode, MSVCRT_FILE *f, int share)
{
    int oflags, sflags;
    if (!f || !mode) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    msvcrt_lock_file(f);
    if (f->_flag)
        close_stream(f);
    if (!path) {
        /* freopen(NULL, ...) changing only the mode: msvcrt does not support it. */
        free_stream(f);
        msvcrt_unlock_file(f);
        msvcrt_set_errno(MSVCRT_EINVAL);
        return NULL;
    }
    int fd = -1;
    if (parse_mode(mode, msvcrt_ucrt_mode, &oflags, &sflags))
        fd = msvcrt_open_utf8(path, oflags, share, 0x0180);
    if (fd < 0) {
        free_stream(f);
        msvcrt_unlock_file(f);
        return NULL;
    }
    init_stream(f, fd, sflags);
    msvcrt_unlock_file(f);
    return f;
}

CDECL MSVCRT_FILE *msvcrt_freopen(const char *path, const char *mode, MSVCRT_FILE *f)
{
    return reopen(path, mode, f, 0x40);
}

CDECL MSVCRT_FILE *msvcrt__wfreopen(const WCHAR *path, const WCHAR *mode, MSVCRT_FILE *f)
{
    char *p = path ? utf16_to_utf8_alloc(path) : NULL, *m = mode_to_utf8(mode);
    MSVCRT_FILE *r = reopen(p, m, f, 0x40);
    free(p);
    free(m);
    return r;
}

CDECL int msvcrt_freopen_s(MSVCRT_FILE **pf, const char *path, const char *mode, MSVCRT_FILE *f)
{
    if (!pf) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    *pf = msvcrt_freopen(path, mode, f);
    return *pf ? 0 : *msvcrt_errno_location();
}

CDECL int msvcrt__wfreopen_s(MSVCRT_FILE **pf, const WCHAR *path, const WCHAR *mode, MSVCRT_FILE *f)
{
    if (!pf) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    *pf = msvcrt__wfreopen(path, mode, f);
    return *pf ? 0 : *msvcrt_errno_location();
}

CDECL int msvcrt__fileno(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    return f->_file;
}

CDECL int msvcrt__getmaxstdio(void) { return max_streams; }

CDECL int msvcrt__setmaxstdio(int n)
{
    if (n < MSVCRT_STREAM_MIN || n > MAX_STREAMS) {
        msvcrt_set_errno(MSVCRT_EINVAL);
        return -1;
    }
    pthread_mutex_lock(&streams_lock);
    max_streams = n;
    pthread_mutex_unlock(&streams_lock);
    return n;
}

/* ---- status ------------------------------------------------------------------------ */

CDECL int msvcrt_feof(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return 0;
    }
    return f->_flag & MSVCRT_IOEOF;
}

CDECL int msvcrt_ferror(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return 0;
    }
    return f->_flag & MSVCRT_IOERR;
}

CDECL void msvcrt_clearerr(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return;
    }
    msvcrt_lock_file(f);
    f->_flag &= ~(MSVCRT_IOERR | MSVCRT_IOEOF);
    msvcrt_unlock_file(f);
}

CDECL int msvcrt_clearerr_s(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    msvcrt_clearerr(f);
    return 0;
}

/* ---- positioning ----------------------------------------------------------------------- */

static int count_newlines(const char *p, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (p[i] == '\n')
            k++;
    return k;
}

CDECL LONGLONG msvcrt__ftelli64_nolock(MSVCRT_FILE *f)
{
    LONGLONG pos = msvcrt__telli64(f->_file);
    if (pos == -1)
        return -1;
    bool text = msvcrt_fd_flags(f->_file) & FD_TEXT;
    if (has_buffer(f)) {
        if (f->_flag & MSVCRT_IOWRT) {
            int n = (int)(f->_ptr - f->_base);
            pos += n;
            if (text)
                pos += count_newlines(f->_base, n);
        } else if (!f->_cnt) {
            /* nothing buffered */
        } else if (f->_flag & MSVCRT_IOREAD) {
            pos -= f->_cnt;
            if (text)
                pos -= count_newlines(f->_ptr, f->_cnt);
        }
    }
    return pos;
}

CDECL LONGLONG msvcrt__ftelli64(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    msvcrt_lock_file(f);
    LONGLONG r = msvcrt__ftelli64_nolock(f);
    msvcrt_unlock_file(f);
    return r;
}

CDECL LONG msvcrt_ftell(MSVCRT_FILE *f)
{
    LONGLONG r = msvcrt__ftelli64(f);
    if (r > 0x7fffffff) {
        msvcrt_set_errno(MSVCRT_EINVAL);
        return -1;
    }
    return (LONG)r;
}

CDECL LONG msvcrt__ftell_nolock(MSVCRT_FILE *f)
{
    LONGLONG r = msvcrt__ftelli64_nolock(f);
    return r > 0x7fffffff ? -1 : (LONG)r;
}

CDECL int msvcrt__fseeki64_nolock(MSVCRT_FILE *f, LONGLONG off, int whence)
{
    if (whence < 0 || whence > 2) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    if (whence == 1 && (f->_flag & MSVCRT_IOREAD)) {
        /* Relative to the logical position, not the fd's. */
        LONGLONG cur = msvcrt__ftelli64_nolock(f);
        if (cur < 0)
            return -1;
        off += cur;
        whence = 0;
    }
    if (f->_flag & MSVCRT_IOWRT)
        flush_buffer(f);
    f->_ptr = f->_base;
    f->_cnt = 0;
    /* "r+"/"w+" streams may change direction after a seek. */
    if (f->_flag & MSVCRT_IORW)
        f->_flag &= ~(MSVCRT_IOREAD | MSVCRT_IOWRT);
    f->_flag &= ~MSVCRT_IOEOF;
    return msvcrt__lseeki64(f->_file, off, whence) == -1 ? -1 : 0;
}

CDECL int msvcrt__fseeki64(MSVCRT_FILE *f, LONGLONG off, int whence)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    msvcrt_lock_file(f);
    int r = msvcrt__fseeki64_nolock(f, off, whence);
    msvcrt_unlock_file(f);
    return r;
}

CDECL int msvcrt_fseek(MSVCRT_FILE *f, LONG off, int whence)
{
    return msvcrt__fseeki64(f, off, whence);
}

CDECL int msvcrt__fseek_nolock(MSVCRT_FILE *f, LONG off, int whence)
{
    return msvcrt__fseeki64_nolock(f, off, whence);
}

CDECL void msvcrt_rewind(MSVCRT_FILE *f)
{
    if (!f) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return;
    }
    msvcrt_lock_file(f);
    msvcrt__fseeki64_nolock(f, 0, 0);
    f->_flag &= ~(MSVCRT_IOERR | MSVCRT_IOEOF);
    msvcrt_unlock_file(f);
}

CDECL int msvcrt_fgetpos(MSVCRT_FILE *f, LONGLONG *pos)
{
    if (!f || !pos) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    *pos = msvcrt__ftelli64(f);
    return *pos == -1 ? -1 : 0;
}

CDECL int msvcrt_fsetpos(MSVCRT_FILE *f, const LONGLONG *pos)
{
    if (!f || !pos) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    return msvcrt__fseeki64(f, *pos, 0);
}

/* ---- buffering control ----------------------------------------------------------------- */

CDECL int msvcrt_setvbuf(MSVCRT_FILE *f, char *buf, int mode, SIZE_T size)
{
    if (!f || (mode != MSVCRT_IONBF && mode != MSVCRT_IOFBF && mode != MSVCRT_IOLBF) ||
        (mode != MSVCRT_IONBF && (size < 2 || size > 0x7fffffff))) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    msvcrt_lock_file(f);
    msvcrt__fflush_nolock(f);
    if (f->_flag & MSVCRT_IOMYBUF)
        msvcrt_free(f->_base);
    f->_flag &= ~(MSVCRT_IONBF | MSVCRT_IOMYBUF | MSVCRT_USERBUF);
    f->_cnt = 0;
    int r = 0;
    if (mode == MSVCRT_IONBF) {
        set_unbuffered(f);
    } else if (buf) {
        f->_base = f->_ptr = buf;
        f->_flag |= MSVCRT_USERBUF;
        f->_bufsiz = (int)size;
    } else {
        f->_base = f->_ptr = msvcrt_malloc(size);
        if (!f->_base) {
            f->_bufsiz = 0;
            r = -1;
        } else {
            f->_flag |= MSVCRT_IOMYBUF;
            f->_bufsiz = (int)size;
        }
    }
    msvcrt_unlock_file(f);
    return r;
}

CDECL void msvcrt_setbuf(MSVCRT_FILE *f, char *buf)
{
    msvcrt_setvbuf(f, buf, buf ? MSVCRT_IOFBF : MSVCRT_IONBF, MSVCRT_BUFSIZ);
}

/* ---- temporary files, remove, rename ------------------------------------------------------- */

static char *base32(unsigned long v, char *out)
{
    char tmp[16];
    int n = 0;
    do {
        unsigned d = v & 31;
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v >>= 5;
    } while (v);
    while (n)
        *out++ = tmp[--n];
    *out = 0;
    return out;
}

static bool win_path_exists(const char *win)
{
    char *host = path_to_host(win);
    struct stat st;
    bool r = host && lstat(host, &st) == 0;
    free(host);
    return r;
}

static unsigned long tmpnam_counter;

/* "\s<pid>.<n>" in the current drive's root, as msvcrt names them. */
static bool make_tmpnam(char *buf)
{
    for (int tries = 0; tries < 32767; tries++) {
        char *p = buf;
        *p++ = '\\';
        *p++ = 's';
        p = base32((unsigned long)getpid(), p);
        *p++ = '.';
        base32(__atomic_fetch_add(&tmpnam_counter, 1, __ATOMIC_RELAXED), p);
        if (!win_path_exists(buf))
            return true;
    }
    return false;
}

static __thread char tmpnam_buffer[MAX_PATH];

CDECL char *msvcrt_tmpnam(char *s)
{
    if (!s)
        s = tmpnam_buffer;
    return make_tmpnam(s) ? s : NULL;
}

CDECL char *msvcrt__tmpnam(char *s) { return msvcrt_tmpnam(s); }

CDECL int msvcrt_tmpnam_s(char *s, SIZE_T size)
{
    char tmp[MAX_PATH];
    if (!s || !make_tmpnam(tmp)) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    if (strlen(tmp) + 1 > size) {
        msvcrt_set_errno(MSVCRT_ERANGE);
        return MSVCRT_ERANGE;
    }
    strcpy(s, tmp);
    return 0;
}

static __thread WCHAR wtmpnam_buffer[MAX_PATH];

CDECL WCHAR *msvcrt__wtmpnam(WCHAR *s)
{
    char tmp[MAX_PATH];
    if (!make_tmpnam(tmp))
        return NULL;
    if (!s)
        s = wtmpnam_buffer;
    utf8_to_utf16(tmp, -1, s, MAX_PATH);
    return s;
}

CDECL MSVCRT_FILE *msvcrt_tmpfile(void)
{
    char name[MAX_PATH];
    msvcrt_init();
    if (!make_tmpnam(name))
        return NULL;
    int fd = msvcrt_open_utf8(name, MSVCRT_O_CREAT | MSVCRT_O_BINARY | MSVCRT_O_RDWR | MSVCRT_O_TEMPORARY,
                              0x40, 0x0180);
    if (fd < 0)
        return NULL;
    MSVCRT_FILE *f = alloc_stream();
    if (!f) {
        msvcrt__close(fd);
        return NULL;
    }
    init_stream(f, fd, MSVCRT_IORW);
    /* _O_TEMPORARY deletes it at close already; the name is kept as msvcrt does. */
    size_t n = strlen(name) + 1;
    f->_tmpfname = msvcrt_malloc(n);
    if (f->_tmpfname)
        memcpy(f->_tmpfname, name, n);
    return f;
}

CDECL int msvcrt_tmpfile_s(MSVCRT_FILE **pf)
{
    if (!pf) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    *pf = msvcrt_tmpfile();
    return *pf ? 0 : *msvcrt_errno_location();
}

/* DeleteFile's rules: a directory or a read-only file cannot be removed. */
static int remove_utf8(const char *path)
{
    if (!path) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    char *host = path_to_host(path);
    if (!host) {
        msvcrt_set_errno_from_win32(get_last_error());
        return -1;
    }
    struct stat st;
    int r = 0;
    if (lstat(host, &st) != 0) {
        msvcrt_set_errno_from_win32(msvcrt_path_error(errno, host));
        r = -1;
    } else if (S_ISDIR(st.st_mode) || !(st.st_mode & S_IWUSR)) {
        msvcrt_set_errno_from_win32(ERROR_ACCESS_DENIED);
        r = -1;
    } else if (unlink(host) != 0) {
        msvcrt_set_errno_from_host(errno);
        r = -1;
    }
    free(host);
    return r;
}

CDECL int msvcrt_remove(const char *path) { return remove_utf8(path); }

CDECL int msvcrt__wremove(const WCHAR *path)
{
    if (!path) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    char *p = utf16_to_utf8_alloc(path);
    int r = remove_utf8(p);
    free(p);
    return r;
}


/* MoveFileEx without REPLACE_EXISTING: an existing target is an error. */
static int rename_utf8(const char *from, const char *to)
{
    if (!from || !to) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    char *hf = path_to_host(from);
    if (!hf) {
        msvcrt_set_errno_from_win32(get_last_error());
        return -1;
    }
    char *ht = path_to_host(to);
    if (!ht) {
        msvcrt_set_errno_from_win32(get_last_error());
        free(hf);
        return -1;
    }
    struct stat st;
    int r = 0;
    if (lstat(hf, &st) != 0) {
        msvcrt_set_errno_from_win32(msvcrt_path_error(errno, hf));
        r = -1;
    } else if (lstat(ht, &st) == 0 && strcasecmp(hf, ht) != 0) {
        msvcrt_set_errno_from_win32(ERROR_ALREADY_EXISTS);
        r = -1;
    } else if (rename(hf, ht) != 0) {
        msvcrt_set_errno_from_win32(msvcrt_path_error(errno, ht));
        r = -1;
    }
    free(hf);
    free(ht);
    return r;
}

CDECL int msvcrt_rename(const char *from, const char *to) { return rename_utf8(from, to); }

CDECL int msvcrt__wrename(const WCHAR *from, const WCHAR *to)
{
    if (!from || !to) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return -1;
    }
    char *f = utf16_to_utf8_alloc(from), *t = utf16_to_utf8_alloc(to);
    int r = rename_utf8(f, t);
    free(f);
    free(t);
    return r;
}
