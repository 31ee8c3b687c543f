/*
 * kernel32/fileapi.h - what the file, directory, path, find, volume and
 * console parts of kernel32 share: A/W string helpers and Win32 structures.
 *
 * The W entry points convert their strings to UTF-8 and call one core that
 * the A entry points call directly: mimic's ANSI code page is UTF-8, so an A
 * string is already in the core's encoding. Returned strings follow the
 * Win32 buffer rule implemented by ret_string_a/w.
 */
#ifndef MIMIC_KERNEL32_FILEAPI_H
#define MIMIC_KERNEL32_FILEAPI_H

#include "winapi/wintypes.h"
#include "winapi/unicode.h"
#include "winapi/teb.h"
#include "winapi/file.h"

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

/* Return a string the Win32 way (GetCurrentDirectory, GetTempPath,
 * GetFullPathName ...): when it fits (with its NUL) copy it and return its
 * length; else return the size needed, NUL included, and leave buf alone. */
static inline DWORD ret_string_a(const char *s, LPSTR buf, DWORD size)
{
    size_t n = strlen(s);
    if (n >= size || !buf)
        return (DWORD)n + 1;
    memcpy(buf, s, n + 1);
    return (DWORD)n;
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
