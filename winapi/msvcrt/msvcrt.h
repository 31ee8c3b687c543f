/*
 * msvcrt.h - internal header of msvcrt's start-up, exit, errno, heap,
 * low-level I/O (fd table) and stdio half. Other msvcrt (and ucrtbase)
 * files include it for: the errno location, the guest heap, the fd table
 * accessors, the FILE layout and the one printf/scanf engine.
 *
 * Everything a guest program sees is laid out as msvcrt.dll has it; the
 * guest calls with the Microsoft x64 ABI, so every export is CDECL.
 */
#ifndef MIMIC_WINAPI_MSVCRT_MSVCRT_H
#define MIMIC_WINAPI_MSVCRT_MSVCRT_H

#include "winapi/wintypes.h"
#include <stdarg.h>

/* ---- errno (errno.c) -------------------------------------------------- */

/* msvcrt's errno numbers where they differ from or extend Linux's. */
#define MSVCRT_EPERM   1
#define MSVCRT_ENOENT  2
#define MSVCRT_EINTR   4
#define MSVCRT_EIO     5
#define MSVCRT_E2BIG   7
#define MSVCRT_ENOEXEC 8
#define MSVCRT_EBADF   9
#define MSVCRT_ECHILD  10
#define MSVCRT_EAGAIN  11
#define MSVCRT_ENOMEM  12
#define MSVCRT_EACCES  13
#define MSVCRT_EFAULT  14
#define MSVCRT_EBUSY   16
#define MSVCRT_EEXIST  17
#define MSVCRT_EXDEV   18
#define MSVCRT_ENODEV  19
#define MSVCRT_ENOTDIR 20
#define MSVCRT_EISDIR  21
#define MSVCRT_EINVAL  22
#define MSVCRT_ENFILE  23
#define MSVCRT_EMFILE  24
#define MSVCRT_ENOTTY  25
#define MSVCRT_EFBIG   27
#define MSVCRT_ENOSPC  28
#define MSVCRT_ESPIPE  29
#define MSVCRT_EROFS   30
#define MSVCRT_EMLINK  31
#define MSVCRT_EPIPE   32
#define MSVCRT_EDOM    33
#define MSVCRT_ERANGE  34
#define MSVCRT_EDEADLK 36
#define MSVCRT_ENAMETOOLONG 38
#define MSVCRT_ENOLCK  39
#define MSVCRT_ENOSYS  40
#define MSVCRT_ENOTEMPTY 41
#define MSVCRT_EILSEQ  42
#define MSVCRT_STRUNCATE 80

/* The calling thread's errno and _doserrno (what _errno()/__doserrno() return). */
int *msvcrt_errno_location(void);
ULONG *msvcrt_doserrno_location(void);
static inline void msvcrt_set_errno(int e) { *msvcrt_errno_location() = e; }
/* _dosmaperr: set _doserrno to err and errno to its msvcrt equivalent. */
void msvcrt_set_errno_from_win32(DWORD err);
int msvcrt_errno_from_win32(DWORD err);
/* Host errno -> msvcrt errno (through the Windows code, as msvcrt sees it). */
void msvcrt_set_errno_from_host(int host_errno);
/* msvcrt's invalid-parameter path: call the program's handler if it set
 * one (else nothing, as Wine's msvcrt), then set errno. */
void msvcrt_invalid_parameter(int err);

/* ---- guest heap (heap.c) ---------------------------------------------- */

CDECL void *msvcrt_malloc(SIZE_T n);
CDECL void *msvcrt_calloc(SIZE_T n, SIZE_T size);
CDECL void *msvcrt_realloc(void *p, SIZE_T n);
CDECL void msvcrt_free(void *p);

/* ---- locking (startup.c): _lock/_unlock numbers ----------------------- */

#define MSVCRT_LOCK_IOB_SCAN 1
#define MSVCRT_LOCK_TMPNAM   2
#define MSVCRT_LOCK_HEAP     4
#define MSVCRT_LOCK_ENV      7
#define MSVCRT_LOCK_EXIT     8
#define MSVCRT_LOCK_LOCALE   12
#define MSVCRT_LOCK_MAX      36
CDECL void msvcrt__lock(int n);
CDECL void msvcrt__unlock(int n);

/* ---- low-level I/O (lowio.c) ------------------------------------------ */

/* open flags (fcntl.h of the Windows CRT) */
#define MSVCRT_O_RDONLY      0x0000
#define MSVCRT_O_WRONLY      0x0001
#define MSVCRT_O_RDWR        0x0002
#define MSVCRT_O_ACCMODE     0x0003
#define MSVCRT_O_APPEND      0x0008
#define MSVCRT_O_RANDOM      0x0010
#define MSVCRT_O_SEQUENTIAL  0x0020
#define MSVCRT_O_TEMPORARY   0x0040
#define MSVCRT_O_NOINHERIT   0x0080
#define MSVCRT_O_CREAT       0x0100
#define MSVCRT_O_TRUNC       0x0200
#define MSVCRT_O_EXCL        0x0400
#define MSVCRT_O_SHORT_LIVED 0x1000
#define MSVCRT_O_TEXT        0x4000
#define MSVCRT_O_BINARY      0x8000
#define MSVCRT_O_WTEXT       0x10000
#define MSVCRT_O_U16TEXT     0x20000
#define MSVCRT_O_U8TEXT      0x40000

/* fd flags (msvcrt's ioinfo wxflag) */
#define FD_OPEN    0x01
#define FD_ATEOF   0x02   /* a read found the end (or a ^Z in text mode): 0 until a seek */
#define FD_PIPE    0x08
#define FD_NOINHERIT 0x10
#define FD_APPEND  0x20
#define FD_TTY     0x40   /* a character device: console, NUL ... */
#define FD_TEXT    0x80

#define MSVCRT_MAX_FILES 2048

/* The HANDLE behind fd, or INVALID_HANDLE_VALUE (errno EBADF set when unset). */
HANDLE msvcrt_fd_handle(int fd);
int msvcrt_fd_flags(int fd);              /* FD_* or 0 when not open */
/* What a text-mode fd's bytes are: ANSI (the code page), or UTF-16/UTF-8
 * after _setmode(_O_U16TEXT/_O_WTEXT/_O_U8TEXT), where the stream passes
 * UTF-16 characters to _write/_read. ANSI for binary fds. */
enum { TEXTMODE_ANSI, TEXTMODE_UTF8, TEXTMODE_UTF16 };
int msvcrt_fd_textmode(int fd);
/* Bind handle h (owned from now on) to the lowest free fd; -1 with EMFILE. */
int msvcrt_fd_alloc(HANDLE h, int fd_flags);
/* FD_PIPE or FD_TTY for what handle h is (a pipe, a console or device). */
int msvcrt_fd_kind_flags(HANDLE h);
/* The host fd behind an msvcrt fd (for direct host I/O), -1 when closed. */
int msvcrt_fd_host(int fd);
/* Windows error for a failed host call on host_path (ERROR_PATH_NOT_FOUND
 * when a directory on the way is missing). */
DWORD msvcrt_path_error(int host_errno, const char *host_path);
/* Set up fds 0-2 from the std handles (idempotent). */
void msvcrt_lowio_init(void);

CDECL int msvcrt__read(int fd, void *buf, unsigned int count);
CDECL int msvcrt__write(int fd, const void *buf, unsigned int count);
CDECL int msvcrt__close(int fd);
CDECL LONGLONG msvcrt__lseeki64(int fd, LONGLONG off, int whence);
CDECL int msvcrt__isatty(int fd);
CDECL int msvcrt__commit(int fd);
CDECL int msvcrt__setmode(int fd, int mode);
CDECL LONGLONG msvcrt__telli64(int fd);
CDECL int msvcrt__open(const char *path, int flags, ...);
CDECL int msvcrt__wopen(const WCHAR *path, int flags, ...);
/* One open for _open/_wopen/_sopen/fopen: path in UTF-8. */
int msvcrt_open_utf8(const char *path, int oflags, int shflags, int pmode);

/* ---- stdio (stdio.c) -------------------------------------------------- */

/* FILE as msvcrt.dll lays it out (x64: 48 bytes). mingw-w64's headers
 * expand _fgetc_nolock/_fputc_nolock against _ptr/_cnt, so they must be
 * truthful: in read mode _cnt counts unread buffered bytes, in write mode
 * the free room left in the buffer. */
typedef struct msvcrt_file {
    char *_ptr;
    int _cnt;
    char *_base;
    int _flag;
    int _file;
    int _charbuf;
    int _bufsiz;
    char *_tmpfname;
} MSVCRT_FILE;
_Static_assert(sizeof(MSVCRT_FILE) == 48, "msvcrt FILE is 48 bytes on x64");

#define MSVCRT_IOREAD   0x0001
#define MSVCRT_IOWRT    0x0002
#define MSVCRT_IONBF    0x0004
#define MSVCRT_IOMYBUF  0x0008
#define MSVCRT_IOEOF    0x0010
#define MSVCRT_IOERR    0x0020
#define MSVCRT_IOSTRG   0x0040
#define MSVCRT_IORW     0x0080
#define MSVCRT_USERBUF  0x0100
#define MSVCRT_IOLBF    0x0040   /* setvbuf's _IOLBF value (== _IOSTRG: msvcrt treats it as full) */
#define MSVCRT_IOFBF    0x0000
#define MSVCRT_IOTMPBUF 0x1000   /* private: temporary buffer of stdout/stderr */

#define MSVCRT_EOF (-1)
#define MSVCRT_WEOF ((WCHAR)0xffff)
#define MSVCRT_BUFSIZ 512
#define MSVCRT_STREAM_MIN 20     /* _iob[] */

CDECL MSVCRT_FILE *msvcrt___iob_func(void);
#define MSVCRT_stdin  (msvcrt___iob_func() + 0)
#define MSVCRT_stdout (msvcrt___iob_func() + 1)
#define MSVCRT_stderr (msvcrt___iob_func() + 2)

void msvcrt_lock_file(MSVCRT_FILE *f);
void msvcrt_unlock_file(MSVCRT_FILE *f);
CDECL int msvcrt_fflush(MSVCRT_FILE *f);
CDECL int msvcrt__flushall(void);
CDECL int msvcrt__fcloseall(void);
CDECL int msvcrt__filbuf(MSVCRT_FILE *f);
CDECL int msvcrt__flsbuf(int c, MSVCRT_FILE *f);
CDECL SIZE_T msvcrt_fwrite(const void *p, SIZE_T size, SIZE_T n, MSVCRT_FILE *f);
CDECL int msvcrt__fputc_nolock(int c, MSVCRT_FILE *f);
CDECL int msvcrt__fgetc_nolock(MSVCRT_FILE *f);
CDECL int msvcrt_ungetc(int c, MSVCRT_FILE *f);
CDECL int msvcrt__fputwc_nolock(int c, MSVCRT_FILE *f);
CDECL int msvcrt__fgetwc_nolock(MSVCRT_FILE *f);
CDECL int msvcrt_ungetwc(int c, MSVCRT_FILE *f);
/* Flush every stream at any process end (registered as a flush hook). */
void msvcrt_stdio_init(void);
/* Around one output call on stdout/stderr: a temporary buffer when the
 * stream has none (a console), so that the call reaches it in one write. */
bool msvcrt_stream_begin_output(MSVCRT_FILE *f);
void msvcrt_stream_end_output(MSVCRT_FILE *f, bool tmp);
bool msvcrt_stream_alloc_buffer(MSVCRT_FILE *f);
/* The stream table (stdio.c): a free slot (_iob[3..19] first), its set-up
 * for an fd and stream flags, closing its fd and buffer, freeing it. */
MSVCRT_FILE *msvcrt_stream_alloc(void);
void msvcrt_stream_init(MSVCRT_FILE *f, int fd, int flags);
int msvcrt_stream_close(MSVCRT_FILE *f);
void msvcrt_stream_free(MSVCRT_FILE *f);
CDECL SIZE_T msvcrt__fwrite_nolock(const void *ptr, SIZE_T size, SIZE_T nmemb, MSVCRT_FILE *f);
CDECL SIZE_T msvcrt__fread_nolock(void *ptr, SIZE_T size, SIZE_T nmemb, MSVCRT_FILE *f);
extern bool msvcrt_ucrt_mode;      /* ucrtbase's start-up was used */
extern int msvcrt__fmode;
extern int msvcrt__commode;
extern int msvcrt_printf_count_output;   /* %n allowed in ucrt mode */
extern int msvcrt_output_format;         /* _set_output_format: 1 = two-digit exponents */

/* ---- formatted I/O (format.c, scanf.c) -------------------------------- */

/* Where a conversion's arguments come from. The native engine reads them
 * from a Microsoft x64 va_list (8-byte slots, doubles as bits in a slot);
 * a 32-bit engine can feed them from a guest stack with its own source. */
struct fmt_args {
    ULONGLONG (*next_int)(struct fmt_args *a, int size);  /* size 4 or 8 */
    double (*next_double)(struct fmt_args *a);
    void *(*next_ptr)(struct fmt_args *a);
    __builtin_ms_va_list va;                              /* the native source's state */
    void *ctx;                                            /* another engine's state */
    int ptr_size;                                         /* 8, or 4 for a 32-bit guest: %p %Id %zd */
};
void fmt_args_from_ms_va(struct fmt_args *a, __builtin_ms_va_list va);

/* Where formatted output goes: a callback over chunks of narrow or wide
 * characters. put returns false to stop (an error). */
struct fmt_sink {
    bool (*put)(struct fmt_sink *s, const void *chars, size_t n);  /* n units */
    bool wide;                 /* units are WCHAR (else char) */
    void *ctx;
    size_t total;              /* units produced so far */
};

/* Format option bits: ucrt's _CRT_INTERNAL_PRINTF_* plus private ones. */
#define FMT_LEGACY_VSPRINTF_NULL     0x0001   /* _vsnprintf's termination rules */
#define FMT_STANDARD_SNPRINTF        0x0002   /* C99 snprintf's return value */
#define FMT_LEGACY_WIDE_SPECIFIERS   0x0004   /* %s in wprintf is wide (msvcrt: always) */
#define FMT_LEGACY_MSVCRT_COMPAT     0x0008   /* 1.#INF, F/N size prefixes */
#define FMT_LEGACY_3DIGIT_EXPONENT   0x0010   /* %e with 3 exponent digits */
#define FMT_STANDARD_ROUNDING        0x0020   /* round half to even */
#define FMT_MSVCRT                   0x80000000u  /* private: msvcrt.dll's behaviour */

/* Run a printf format (narrow when !wide_fmt, else UTF-16) into sink.
 * Returns the number of units written, -1 on a sink error or bad format. */
int fmt_printf(struct fmt_sink *sink, const void *format, bool wide_fmt, ULONGLONG options,
               struct fmt_args *args);

/* scanf over a source of characters. */
struct scan_src {
    int (*get)(struct scan_src *s);        /* next unit, or -1 at end */
    void (*unget)(struct scan_src *s, int c);
    void *ctx;
    bool wide;
};
int fmt_scanf(struct scan_src *src, const void *format, bool wide_fmt, ULONGLONG options,
              struct fmt_args *args);
/* scanf over a stream (locked for the call) or a string (len units, or
 * (size_t)-1 up to the terminator); options: ucrt's _CRT_INTERNAL_SCANF_*
 * bits, or msvcrt's behaviour with SCAN_MSVCRT (scanf.c). */
#define SCAN_SECURE        0x1
#define SCAN_LEGACY_WIDE   0x2
#define SCAN_MSVCRT        0x80000000u
int msvcrt_scan_file(MSVCRT_FILE *f, bool wide, const void *fmt, ULONGLONG opts, struct fmt_args *args);
int msvcrt_scan_string(const void *str, size_t len, bool wide, const void *fmt, ULONGLONG opts,
                       struct fmt_args *args);

/* printf to a stream / buffers: shared by msvcrt, ucrtbase and ntdll exports. */
int msvcrt_vfprintf_opts(MSVCRT_FILE *f, const void *fmt, bool wide, ULONGLONG options,
                         struct fmt_args *args);
/* Format into buf (size units, buf may be NULL to count). *total gets the
 * full length; returns what fmt_printf returned (-1 on a format error).
 * Writes no terminator: the callers apply their own truncation rules. */
int msvcrt_format_to_buffer(void *buf, size_t size, const void *fmt, bool wide, ULONGLONG options,
                            struct fmt_args *args, size_t *total);

/* ---- start-up / locale (startup.c, locale.c) -------------------------- */

void msvcrt_init(void);                    /* idempotent: args, env, fds, streams */
int msvcrt_app_type(void);                 /* what __set_app_type/_set_app_type said */
UINT msvcrt_codepage(void);                /* 0 in the "C" locale */
/* Narrow <-> wide in the CRT's current code page ("C": bytes are Latin-1). */
int msvcrt_mbtowc_cp(WCHAR *out, const char *s, size_t n);
int msvcrt_wctomb_cp(char *out, WCHAR wc);   /* -1 when unrepresentable */

/* Run atexit/_onexit handlers and flush (exit.c): what exit() does before the end. */
void msvcrt_run_exit_handlers(void);

#endif
