/*
 * kernel32/fileapi.h - what the file, directory, path, find, volume and
 * console parts of kernel32 share: A/W string helpers and Win32 structures.
 *
 * Each function has one core that works in UTF-8 (the paths of path.h):
 * the W entry points convert their UTF-16 strings to it, the A entry points
 * their ANSI code page strings (codepage.c's CP_ACP, 1252) with a_arg.
 * Returned strings follow the Win32 buffer rule of ret_string_a/w, the A
 * form in the ANSI code page.
 */
#ifndef MIMIC_KERNEL32_FILEAPI_H
#define MIMIC_KERNEL32_FILEAPI_H

#include "winapi/wintypes.h"
#include "winapi/unicode.h"
#include "winapi/teb.h"
#include "winapi/file.h"
#include "winapi/kernel32/k32sys.h"

#include <stdlib.h>
#include <string.h>

#define ERROR_NEGATIVE_SEEK     131
#define ERROR_NOT_LOCKED        158
#define ERROR_BAD_PATHNAME      161
#define ERROR_INVALID_USER_BUFFER 1784
#define ERROR_UNABLE_TO_REMOVE_REPLACED 1175
#define ERROR_UNABLE_TO_MOVE_REPLACEMENT 1176
#define ERROR_BAD_NETPATH       53
#define ERROR_NOT_READY         21
#define ERROR_NO_UNICODE_TRANSLATION 1113

/* Creation dispositions */
#define CREATE_NEW        1
#define CREATE_ALWAYS     2
#define OPEN_EXISTING     3
#define OPEN_ALWAYS       4
#define TRUNCATE_EXISTING 5

#define FILE_FLAG_WRITE_THROUGH      0x80000000u
#define FILE_FLAG_OVERLAPPED         0x40000000u
#define FILE_FLAG_NO_BUFFERING       0x20000000u
#define FILE_FLAG_RANDOM_ACCESS      0x10000000u
#define FILE_FLAG_SEQUENTIAL_SCAN    0x08000000u
#define FILE_FLAG_DELETE_ON_CLOSE    0x04000000u
#define FILE_FLAG_BACKUP_SEMANTICS   0x02000000u
#define FILE_FLAG_POSIX_SEMANTICS    0x01000000u
#define FILE_FLAG_OPEN_REPARSE_POINT 0x00200000u

#define FILE_TYPE_UNKNOWN 0
#define FILE_TYPE_DISK    1
#define FILE_TYPE_CHAR    2
#define FILE_TYPE_PIPE    3

typedef struct {
    ULONG_PTR Internal;
    ULONG_PTR InternalHigh;
    DWORD Offset;
    DWORD OffsetHigh;
    HANDLE hEvent;
} OVERLAPPED;
_Static_assert(sizeof(OVERLAPPED) == 32, "OVERLAPPED");

/* A W string argument in UTF-8 (malloc'd). NULL in, NULL out; on a failed
 * allocation *oom is set. */
static inline char *w_arg(LPCWSTR w, bool *oom)
{
    if (!w)
        return NULL;
    char *s = utf16_to_utf8_alloc(w);
    if (!s && oom)
        *oom = true;
    return s;
}

/* An A string argument in UTF-8 (malloc'd). NULL in, NULL out; on a failed
 * conversion *oom is set. */
static inline char *a_arg(LPCSTR s, bool *oom)
{
    if (!s)
        return NULL;
    char *u = acp_to_utf8(s);
    if (!u && oom)
        *oom = true;
    return u;
}

/* UTF-8 -> malloc'd ANSI code page string (unmappable characters become
 * the code page's default character, as WideCharToMultiByte does). */
static inline char *utf8_to_acp(const char *s)
{
    WCHAR *w = utf8_to_utf16_alloc(s);
    char *a = w ? wide_to_acp(w) : NULL;
    free(w);
    return a;
}

/* The length in the ANSI code page of the first off bytes of UTF-8 s. */
static inline size_t acp_offset(const char *s, size_t off)
{
    char *p = strndup(s, off);
    char *a = p ? utf8_to_acp(p) : NULL;
    size_t r = a ? strlen(a) : off;
    free(p);
    free(a);
    return r;
}

/* Return a string the Win32 way (GetCurrentDirectory, GetTempPath,
 * GetFullPathName ...): when it fits (with its NUL) copy it and return its
 * length; else return the size needed, NUL included, and leave buf alone.
 * s is UTF-8; the A form returns it in the ANSI code page. */
static inline DWORD ret_string_a(const char *s, LPSTR buf, DWORD size)
{
    char *a = utf8_to_acp(s);
    if (!a) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    size_t n = strlen(a);
    DWORD r = (DWORD)n + 1;
    if (n < size && buf) {
        memcpy(buf, a, n + 1);
        r = (DWORD)n;
    }
    free(a);
    return r;
}

static inline DWORD ret_string_w(const char *s, LPWSTR buf, DWORD size)
{
    size_t n = utf8_to_utf16(s, -1, NULL, 0);   /* with the NUL */
    if (n > size || !buf)
        return (DWORD)n;
    utf8_to_utf16(s, -1, buf, size);
    return (DWORD)n - 1;
}

/* Console: the part ReadFile/WriteFile need (console.c). */
BOOL console_read_bytes(struct file_object *f, void *buf, DWORD n, DWORD *got);
BOOL console_write_bytes(struct file_object *f, const void *buf, DWORD n, DWORD *done);
void console_input_flush_events(void);           /* coninput.c */
WINAPI UINT kernel32_GetConsoleCP(void);

/* CreateFile's core (file.c), for CopyFile, ReplaceFile ... */
HANDLE file_create(const char *name, DWORD access, DWORD share, DWORD disposition, DWORD flags_attrs);

/* The volume serial number shown for a host device (volume.c). */
DWORD volume_serial_of(dev_t dev);

/* Creation (birth time when the file system keeps it, else the last
 * change), last access and last write times of a file, by fd (>= 0) or by
 * host path (fileinfo.c). Any pointer may be NULL. */
void file_times(int fd, const char *path, const struct stat *st, FILETIME *c, FILETIME *a, FILETIME *w);

/* The Windows environment's value of name (UTF-8, malloc'd), read from the
 * PEB's environment block; NULL when unset (pathapi.c). */
char *env_get(const char *name);

#endif
