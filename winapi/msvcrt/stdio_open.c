/*
 * stdio_open.c - where msvcrt streams come from and files go: fopen and
 * its wide/_s/_fsopen forms (mode strings parsed as msvcrt does), _fdopen,
 * freopen, _fileno, tmpfile/tmpnam, remove/_unlink and rename with
 * DeleteFile's and MoveFile's rules (directories and read-only files
 * cannot be removed, an existing target is not replaced).
 */
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/path.h"
#include "winapi/unicode.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(msvcrt);

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
        /* ",ccs=UTF-8|UTF-16LE|UNICODE": a Unicode text mode (lowio_open.c
         * writes or reads the byte-order mark). */
        mode++;
        while (*mode == ' ')
            mode++;
        if (strncmp(mode, "ccs=", 4)) {
            msvcrt_invalid_parameter(MSVCRT_EINVAL);
            return false;
        }
        mode += 4;
        if (!strcasecmp(mode, "UTF-8"))
            *oflags |= MSVCRT_O_U8TEXT;
        else if (!strcasecmp(mode, "UTF-16LE"))
            *oflags |= MSVCRT_O_U16TEXT;
        else if (!strcasecmp(mode, "UNICODE"))
            *oflags |= MSVCRT_O_WTEXT;
        else {
            msvcrt_invalid_parameter(MSVCRT_EINVAL);
            return false;
        }
        *oflags &= ~MSVCRT_O_BINARY;
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
    MSVCRT_FILE *f = msvcrt_stream_alloc();
    if (!f) {
        msvcrt__close(fd);
        return NULL;
    }
    msvcrt_stream_init(f, fd, sflags);
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
    MSVCRT_FILE *f = msvcrt_stream_alloc();
    if (!f)
        return NULL;
    /* A mode with 't' or 'b' switches the fd's translation, as msvcrt does. */
    if (oflags & MSVCRT_O_BINARY)
        msvcrt__setmode(fd, MSVCRT_O_BINARY);
    else if (oflags & MSVCRT_O_TEXT)
        msvcrt__setmode(fd, MSVCRT_O_TEXT);
    msvcrt_stream_init(f, fd, sflags);
    return f;
}

CDECL MSVCRT_FILE *msvcrt__wfdopen(int fd, const WCHAR *mode)
{
    char *m = mode_to_utf8(mode);
    MSVCRT_FILE *f = msvcrt__fdopen(fd, m);
    free(m);
    return f;
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
        msvcrt_stream_close(f);
    if (!path) {
        /* freopen(NULL, ...) changing only the mode: msvcrt does not support it. */
        msvcrt_stream_free(f);
        msvcrt_unlock_file(f);
        msvcrt_set_errno(MSVCRT_EINVAL);
        return NULL;
    }
    int fd = -1;
    if (parse_mode(mode, msvcrt_ucrt_mode, &oflags, &sflags))
        fd = msvcrt_open_utf8(path, oflags, share, 0x0180);
    if (fd < 0) {
        msvcrt_stream_free(f);
        msvcrt_unlock_file(f);
        return NULL;
    }
    msvcrt_stream_init(f, fd, sflags);
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
    MSVCRT_FILE *f = msvcrt_stream_alloc();
    if (!f) {
        msvcrt__close(fd);
        return NULL;
    }
    msvcrt_stream_init(f, fd, MSVCRT_IORW);
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
CDECL int msvcrt__unlink(const char *path) { return remove_utf8(path); }

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

CDECL int msvcrt__wunlink(const WCHAR *path) { return msvcrt__wremove(path); }

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
