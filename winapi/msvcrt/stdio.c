/*
 * stdio.c - msvcrt's FILE streams: the _iob array and the stream table,
 * locks, buffers, _filbuf/_flsbuf, fread/fwrite, flushing, closing,
 * positioning, setvbuf. Opening (fopen and friends), temporary files and
 * remove/rename are in stdio_open.c.
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

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INTERNAL_BUFSIZ 4096
#define STREAM_RESERVED 0x8000   /* _flag of a slot handed out, not yet set up */
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
MSVCRT_FILE *msvcrt_stream_alloc(void)
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
            f->_flag = STREAM_RESERVED;   /* reserved while being set up */
            pthread_mutex_unlock(&streams_lock);
            return f;
        }
    }
    pthread_mutex_unlock(&streams_lock);
    msvcrt_set_errno(MSVCRT_EMFILE);
    return NULL;
}

void msvcrt_stream_init(MSVCRT_FILE *f, int fd, int flags)
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

void msvcrt_stream_free(MSVCRT_FILE *f)
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
        if (!f || !f->_flag || f->_flag == STREAM_RESERVED)
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
        if (!f || !f->_flag || f->_flag == STREAM_RESERVED)
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

/* ---- closing ---------------------------------------------------------------------- */

/* Close the stream's fd and free its buffer; the slot stays allocated. */
int msvcrt_stream_close(MSVCRT_FILE *f)
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
    int r = msvcrt_stream_close(f);
    msvcrt_stream_free(f);
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
        if (!f || !f->_flag || f->_flag == STREAM_RESERVED)
            continue;
        msvcrt_lock_file(f);
        if (!msvcrt__fclose_nolock(f))
            n++;
        msvcrt_unlock_file(f);
    }
    pthread_mutex_unlock(&streams_lock);
    return n;
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
