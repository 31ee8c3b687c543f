/*
 * msvcrt/stdlib.c - the arithmetic and utility part of <stdlib.h>: abs and
 * div, rand (msvcrt's own generator, so that seeded sequences match
 * Windows), bit rotations and byte swaps, and the path-name helpers
 * (_splitpath, _makepath, _fullpath, _searchenv) with wide and _s forms.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/path.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* ---- arithmetic ----------------------------------------------------- */

CDECL int msvcrt_abs(int v) { return v < 0 ? -(unsigned)v : (unsigned)v; }
CDECL LONG msvcrt_labs(LONG v) { return v < 0 ? -(ULONG)v : (ULONG)v; }
CDECL int64_t msvcrt__abs64(int64_t v) { return v < 0 ? -(uint64_t)v : (uint64_t)v; }
CDECL int64_t msvcrt_llabs(int64_t v) { return msvcrt__abs64(v); }

/* div_t and ldiv_t are 8 bytes (Windows' long is 32 bits) and come back in
 * RAX; lldiv_t is 16 bytes and comes back through the hidden pointer. */
struct crt_div { int quot, rem; };
struct crt_ldiv { LONG quot, rem; };
struct crt_lldiv { int64_t quot, rem; };

CDECL struct crt_div msvcrt_div(int n, int d) { return (struct crt_div){ n / d, n % d }; }
CDECL struct crt_ldiv msvcrt_ldiv(LONG n, LONG d) { return (struct crt_ldiv){ n / d, n % d }; }
CDECL struct crt_lldiv msvcrt_lldiv(int64_t n, int64_t d) { return (struct crt_lldiv){ n / d, n % d }; }

/* ---- random numbers ------------------------------------------------- */

/* msvcrt's linear congruential generator, its state per thread, seed 1. */
static __thread uint32_t rand_state = 1;
static __thread bool rand_seeded;

CDECL void msvcrt_srand(unsigned seed)
{
    rand_state = seed;
    rand_seeded = true;
}

CDECL int msvcrt_rand(void)
{
    if (!rand_seeded) {
        rand_state = 1;
        rand_seeded = true;
    }
    rand_state = rand_state * 214013u + 2531011u;
    return (int)((rand_state >> 16) & 0x7fff);
}

CDECL errno_t msvcrt_rand_s(unsigned *out)
{
    if (!out)
        return crt_invalid(CRT_EINVAL);
    unsigned v;
    if (getrandom(&v, sizeof v, 0) != sizeof v)
        return crt_invalid(CRT_ENOMEM);
    *out = v;
    return 0;
}

/* ---- bits ----------------------------------------------------------- */

CDECL unsigned msvcrt__rotl(unsigned v, int s) { s &= 31; return s ? (v << s) | (v >> (32 - s)) : v; }
CDECL unsigned msvcrt__rotr(unsigned v, int s) { s &= 31; return s ? (v >> s) | (v << (32 - s)) : v; }
CDECL ULONG msvcrt__lrotl(ULONG v, int s) { return msvcrt__rotl(v, s); }
CDECL ULONG msvcrt__lrotr(ULONG v, int s) { return msvcrt__rotr(v, s); }
CDECL uint64_t msvcrt__rotl64(uint64_t v, int s) { s &= 63; return s ? (v << s) | (v >> (64 - s)) : v; }
CDECL uint64_t msvcrt__rotr64(uint64_t v, int s) { s &= 63; return s ? (v >> s) | (v << (64 - s)) : v; }
CDECL unsigned short msvcrt__byteswap_ushort(unsigned short v) { return __builtin_bswap16(v); }
CDECL ULONG msvcrt__byteswap_ulong(ULONG v) { return __builtin_bswap32(v); }
CDECL uint64_t msvcrt__byteswap_uint64(uint64_t v) { return __builtin_bswap64(v); }

/* Swap adjacent bytes; an odd last byte stays. */
CDECL void msvcrt__swab(char *src, char *dst, int n)
{
    if (!src || !dst || n < 0) {
        crt_set_errno(CRT_EINVAL);
        return;
    }
    for (int i = 0; i + 1 < n; i += 2) {
        char a = src[i], b = src[i + 1];
        dst[i] = b;
        dst[i + 1] = a;
    }
}

/* ---- process -------------------------------------------------------- */

/* The same number as GetCurrentProcessId. */
extern WINAPI DWORD kernel32_GetCurrentProcessId(void);
CDECL int msvcrt__getpid(void) { return (int)kernel32_GetCurrentProcessId(); }

CDECL void msvcrt__sleep(ULONG ms)
{
    usleep((useconds_t)ms * 1000);
}

/* ---- path names ----------------------------------------------------- */

#define MAX_DRIVE 3
#define MAX_DIR 256
#define MAX_FNAME 256
#define MAX_EXT 256

/* Components of a path as [start, end) index pairs, shared by both widths. */
struct split { size_t drive_end, dir_end, fname_end, len; };

static struct split split_path(const void *p, bool wide)
{
    struct split s;
    size_t n = 0;
#define AT(i) (wide ? ((const WCHAR *)p)[i] : ((const unsigned char *)p)[i])
    while (AT(n))
        n++;
    s.len = n;
    s.drive_end = (n >= 2 && AT(1) == ':') ? 2 : 0;
    size_t last_sep = s.drive_end, last_dot = n;
    for (size_t i = s.drive_end; i < n; i++) {
        if (AT(i) == '\\' || AT(i) == '/') {
            last_sep = i + 1;
            last_dot = n;
        } else if (AT(i) == '.') {
            last_dot = i;
        }
    }
#undef AT
    s.dir_end = last_sep;
    s.fname_end = last_dot;
    return s;
}

static bool put_part(void *out, size_t size, const void *p, bool wide, size_t a, size_t b, bool checked)
{
    if (!out)
        return true;
    size_t n = b - a;
    if (n >= size) {
        if (checked)
            return false;
        n = size - 1;     /* the unchecked form truncates at the _MAX_* size */
    }
    if (wide) {
        memcpy(out, (const WCHAR *)p + a, n * sizeof(WCHAR));
        ((WCHAR *)out)[n] = 0;
    } else {
        memcpy(out, (const char *)p + a, n);
        ((char *)out)[n] = 0;
    }
    return true;
}

static void clear(void *p, size_t size, bool wide)
{
    if (p && size) {
        if (wide) ((WCHAR *)p)[0] = 0; else ((char *)p)[0] = 0;
    }
}

static errno_t do_split(const void *path, bool wide, bool checked,
                        void *drive, size_t dsz, void *dir, size_t dirsz,
                        void *fname, size_t fsz, void *ext, size_t esz)
{
    if (!path || (checked && ((!drive && dsz) || (drive && !dsz) || (!dir && dirsz) || (dir && !dirsz) ||
                              (!fname && fsz) || (fname && !fsz) || (!ext && esz) || (ext && !esz)))) {
        clear(drive, dsz, wide); clear(dir, dirsz, wide); clear(fname, fsz, wide); clear(ext, esz, wide);
        return crt_invalid(CRT_EINVAL);
    }
    struct split s = split_path(path, wide);
    if (!put_part(drive, dsz, path, wide, 0, s.drive_end, checked) ||
        !put_part(dir, dirsz, path, wide, s.drive_end, s.dir_end, checked) ||
        !put_part(fname, fsz, path, wide, s.dir_end, s.fname_end, checked) ||
        !put_part(ext, esz, path, wide, s.fname_end, s.len, checked)) {
        clear(drive, dsz, wide); clear(dir, dirsz, wide); clear(fname, fsz, wide); clear(ext, esz, wide);
        return crt_invalid(CRT_ERANGE);
    }
    return 0;
}

CDECL void msvcrt__splitpath(const char *path, char *drive, char *dir, char *fname, char *ext)
{
    do_split(path, false, false, drive, MAX_DRIVE, dir, MAX_DIR, fname, MAX_FNAME, ext, MAX_EXT);
}

CDECL void msvcrt__wsplitpath(const WCHAR *path, WCHAR *drive, WCHAR *dir, WCHAR *fname, WCHAR *ext)
{
    do_split(path, true, false, drive, MAX_DRIVE, dir, MAX_DIR, fname, MAX_FNAME, ext, MAX_EXT);
}

CDECL errno_t msvcrt__splitpath_s(const char *path, char *drive, size_t dsz, char *dir, size_t dirsz,
                                  char *fname, size_t fsz, char *ext, size_t esz)
{
    return do_split(path, false, true, drive, dsz, dir, dirsz, fname, fsz, ext, esz);
}

CDECL errno_t msvcrt__wsplitpath_s(const WCHAR *path, WCHAR *drive, size_t dsz, WCHAR *dir, size_t dirsz,
                                   WCHAR *fname, size_t fsz, WCHAR *ext, size_t esz)
{
    return do_split(path, true, true, drive, dsz, dir, dirsz, fname, fsz, ext, esz);
}

/* _makepath over WCHARs; the narrow form converts through UTF-8/UTF-16. */
static size_t wlen(const WCHAR *s) { size_t n = 0; while (s && s[n]) n++; return n; }

static errno_t make_path_w(WCHAR *out, size_t size, const WCHAR *drive, const WCHAR *dir,
                           const WCHAR *fname, const WCHAR *ext)
{
    size_t o = 0;
#define PUT(c) do { if (o + 1 >= size) goto too_long; out[o++] = (c); } while (0)
    if (drive && drive[0]) {
        PUT(drive[0]);
        PUT(':');
    }
    if (dir && dir[0]) {
        for (size_t i = 0; dir[i]; i++)
            PUT(dir[i]);
        WCHAR last = dir[wlen(dir) - 1];
        if (last != '\\' && last != '/')
            PUT('\\');
    }
    if (fname)
        for (size_t i = 0; fname[i]; i++)
            PUT(fname[i]);
    if (ext && ext[0]) {
        if (ext[0] != '.')
            PUT('.');
        for (size_t i = 0; ext[i]; i++)
            PUT(ext[i]);
    }
#undef PUT
    out[o] = 0;
    return 0;
too_long:
    out[0] = 0;
    return CRT_ERANGE;
}

CDECL errno_t msvcrt__wmakepath_s(WCHAR *out, size_t size, const WCHAR *drive, const WCHAR *dir,
                                  const WCHAR *fname, const WCHAR *ext)
{
    if (!out || !size)
        return crt_invalid(CRT_EINVAL);
    errno_t e = make_path_w(out, size, drive, dir, fname, ext);
    return e ? crt_invalid(e) : 0;
}

CDECL void msvcrt__wmakepath(WCHAR *out, const WCHAR *drive, const WCHAR *dir, const WCHAR *fname, const WCHAR *ext)
{
    if (out)
        make_path_w(out, MAX_PATH, drive, dir, fname, ext);
}

static errno_t make_path_a(char *out, size_t size, const char *drive, const char *dir,
                           const char *fname, const char *ext)
{
    WCHAR *d = drive ? utf8_to_utf16_alloc(drive) : NULL, *di = dir ? utf8_to_utf16_alloc(dir) : NULL;
    WCHAR *f = fname ? utf8_to_utf16_alloc(fname) : NULL, *e = ext ? utf8_to_utf16_alloc(ext) : NULL;
    WCHAR w[1024];
    errno_t r = make_path_w(w, sizeof w / sizeof w[0], d, di, f, e);
    free(d); free(di); free(f); free(e);
    if (!r) {
        size_t n = utf16_to_utf8(w, -1, NULL, 0);
        if (n > size)
            r = CRT_ERANGE;
        else
            utf16_to_utf8(w, -1, out, size);
    }
    if (r)
        out[0] = 0;
    return r;
}

CDECL errno_t msvcrt__makepath_s(char *out, size_t size, const char *drive, const char *dir,
                                 const char *fname, const char *ext)
{
    if (!out || !size)
        return crt_invalid(CRT_EINVAL);
    errno_t e = make_path_a(out, size, drive, dir, fname, ext);
    return e ? crt_invalid(e) : 0;
}

CDECL void msvcrt__makepath(char *out, const char *drive, const char *dir, const char *fname, const char *ext)
{
    if (out)
        make_path_a(out, MAX_PATH, drive, dir, fname, ext);
}

/* _fullpath: GetFullPathName's rules; a NULL buffer is allocated from the
 * guest heap (at least MAX_PATH bytes, as msvcrt does). */
CDECL char *msvcrt__fullpath(char *buf, const char *rel, size_t size)
{
    char *full = path_full_win(rel && *rel ? rel : ".");
    if (!full) {
        crt_set_errno(CRT_ENOENT);
        return NULL;
    }
    /* GetFullPathName keeps the case of a drive letter the caller gave. */
    if (rel && ((rel[0] | 0x20) >= 'a' && (rel[0] | 0x20) <= 'z') && rel[1] == ':')
        full[0] = rel[0];
    size_t n = strlen(full) + 1;
    if (!buf) {
        size_t want = n > MAX_PATH ? n : MAX_PATH;
        buf = crt_malloc(want);
        if (!buf) {
            free(full);
            crt_set_errno(CRT_ENOMEM);
            return NULL;
        }
    } else if (n > size) {
        free(full);
        crt_set_errno(CRT_ERANGE);
        return NULL;
    }
    memcpy(buf, full, n);
    free(full);
    return buf;
}

CDECL WCHAR *msvcrt__wfullpath(WCHAR *buf, const WCHAR *rel, size_t size)
{
    char *arel = rel && *rel ? utf16_to_utf8_alloc(rel) : NULL;
    char *full = path_full_win(arel ? arel : ".");
    free(arel);
    if (!full) {
        crt_set_errno(CRT_ENOENT);
        return NULL;
    }
    if (rel && ((rel[0] | 0x20) >= 'a' && (rel[0] | 0x20) <= 'z') && rel[1] == ':')
        full[0] = (char)rel[0];
    WCHAR *w = utf8_to_utf16_alloc(full);
    free(full);
    if (!w) {
        crt_set_errno(CRT_ENOMEM);
        return NULL;
    }
    size_t n = wlen(w) + 1;
    if (!buf) {
        size_t want = n > MAX_PATH ? n : MAX_PATH;
        buf = crt_malloc(want * sizeof(WCHAR));
        if (!buf) {
            free(w);
            crt_set_errno(CRT_ENOMEM);
            return NULL;
        }
    } else if (n > size) {
        free(w);
        crt_set_errno(CRT_ERANGE);
        return NULL;
    }
    memcpy(buf, w, n * sizeof(WCHAR));
    free(w);
    return buf;
}

/* ---- _searchenv ----------------------------------------------------- */

CDECL char *msvcrt_getenv(const char *name);

static bool win_file_exists(const char *win)
{
    char *host = path_to_host(win);
    bool ok = host && access(host, F_OK) == 0;
    free(host);
    return ok;
}

/* Look for `file` in the current directory, then in each directory of the
 * ';'-separated variable `var`; the full path goes to out. */
static errno_t search_env(const char *file, const char *var, char *out, size_t size)
{
    if (!file || !var || !out || !size)
        return CRT_EINVAL;
    out[0] = 0;
    if (win_file_exists(file)) {
        char *full = path_full_win(file);
        if (!full)
            return CRT_ENOENT;
        size_t n = strlen(full) + 1;
        errno_t e = n > size ? CRT_ERANGE : 0;
        if (!e)
            memcpy(out, full, n);
        free(full);
        return e;
    }
    const char *list = msvcrt_getenv(var);
    while (list && *list) {
        const char *semi = strchr(list, ';');
        size_t dl = semi ? (size_t)(semi - list) : strlen(list);
        if (dl) {
            size_t fl = strlen(file);
            char *cand = malloc(dl + fl + 2);
            if (!cand)
                return CRT_ENOMEM;
            memcpy(cand, list, dl);
            size_t o = dl;
            if (cand[o - 1] != '\\' && cand[o - 1] != '/')
                cand[o++] = '\\';
            memcpy(cand + o, file, fl + 1);
            bool found = win_file_exists(cand);
            char *full = found ? path_full_win(cand) : NULL;
            free(cand);
            if (full) {
                size_t n = strlen(full) + 1;
                errno_t e = n > size ? CRT_ERANGE : 0;
                if (!e)
                    memcpy(out, full, n);
                free(full);
                return e;
            }
        }
        list += dl + (semi ? 1 : 0);
    }
    return CRT_ENOENT;
}

CDECL void msvcrt__searchenv(const char *file, const char *var, char *out)
{
    errno_t e = search_env(file, var, out, MAX_PATH);
    if (e)
        crt_set_errno(e);
}

CDECL errno_t msvcrt__searchenv_s(const char *file, const char *var, char *out, size_t size)
{
    if (!file || !var || !out || !size)
        return crt_invalid(CRT_EINVAL);
    errno_t e = search_env(file, var, out, size);
    return e ? crt_invalid(e) : 0;
}

static errno_t wsearch_env(const WCHAR *file, const WCHAR *var, WCHAR *out, size_t size)
{
    if (!file || !var || !out || !size)
        return CRT_EINVAL;
    char *f = utf16_to_utf8_alloc(file), *v = utf16_to_utf8_alloc(var);
    char res[4 * MAX_PATH];
    errno_t e = (f && v) ? search_env(f, v, res, sizeof res) : CRT_ENOMEM;
    free(f);
    free(v);
    out[0] = 0;
    if (!e) {
        if (utf8_to_utf16(res, -1, NULL, 0) > size)
            e = CRT_ERANGE;
        else
            utf8_to_utf16(res, -1, out, size);
    }
    return e;
}

CDECL void msvcrt__wsearchenv(const WCHAR *file, const WCHAR *var, WCHAR *out)
{
    errno_t e = wsearch_env(file, var, out, MAX_PATH);
    if (e)
        crt_set_errno(e);
}

CDECL errno_t msvcrt__wsearchenv_s(const WCHAR *file, const WCHAR *var, WCHAR *out, size_t size)
{
    if (!file || !var || !out || !size)
        return crt_invalid(CRT_EINVAL);
    errno_t e = wsearch_env(file, var, out, size);
    return e ? crt_invalid(e) : 0;
}
