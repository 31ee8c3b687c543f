/*
 * kernel32/fileinfo.c - what a file is: attributes (by name and by handle),
 * times, sizes, identity. GetFileAttributes(Ex), SetFileAttributes,
 * GetFileInformationByHandle(Ex), SetFileInformationByHandle, GetFileTime,
 * SetFileTime.
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/path.h"
#include "winapi/filetime.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(file);

#define ERROR_BAD_LENGTH 24

void file_times(int fd, const char *path, const struct stat *st, FILETIME *c, FILETIME *a, FILETIME *w)
{
    struct statx sx;
    bool have_btime = false;
    if ((fd >= 0 ? statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &sx) : path ? statx(AT_FDCWD, path, 0, STATX_BTIME, &sx) : -1) == 0 &&
        (sx.stx_mask & STATX_BTIME))
        have_btime = true;
    if (c) {
        if (have_btime) {
            struct timespec ts = { sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec };
            filetime_from_timespec(&ts, c);
        } else {
            filetime_from_timespec(&st->st_ctim, c);
        }
    }
    if (a)
        filetime_from_timespec(&st->st_atim, a);
    if (w)
        filetime_from_timespec(&st->st_mtim, w);
}

/* ---- by name ----------------------------------------------------------------- */

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow;
} WIN32_FILE_ATTRIBUTE_DATA;
_Static_assert(sizeof(WIN32_FILE_ATTRIBUTE_DATA) == 36, "WIN32_FILE_ATTRIBUTE_DATA");

/* Resolve name to an existing file and stat it; false with the error set. */
static bool stat_name(const char *name, struct host_path *hp, struct stat *st)
{
    if (!path_resolve(name, hp))
        return false;
    if (hp->device != PATH_FILE || !hp->path) {
        if (hp->device == PATH_DEV_NULL && stat("/dev/null", st) == 0)
            return true;
        host_path_free(hp);
        set_last_error(ERROR_FILE_NOT_FOUND);
        return false;
    }
    if (!hp->exists) {
        set_last_error(host_path_missing_error(hp));
        host_path_free(hp);
        return false;
    }
    if (stat(hp->path, st) != 0 && lstat(hp->path, st) != 0) {
        set_last_error_from_errno();
        host_path_free(hp);
        return false;
    }
    if (hp->trailing_sep && !S_ISDIR(st->st_mode)) {
        set_last_error(ERROR_INVALID_NAME);
        host_path_free(hp);
        return false;
    }
    return true;
}

static const char *last_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bool get_attr_data(const char *name, WIN32_FILE_ATTRIBUTE_DATA *d)
{
    struct host_path hp;
    struct stat st;
    if (!stat_name(name, &hp, &st))
        return false;
    d->dwFileAttributes = hp.path ? file_attributes_of(hp.path, -1, &st, last_name(hp.path)) : FILE_ATTRIBUTE_ARCHIVE;
    file_times(-1, hp.path, &st, &d->ftCreationTime, &d->ftLastAccessTime, &d->ftLastWriteTime);
    ULONGLONG size = S_ISREG(st.st_mode) ? (ULONGLONG)st.st_size : 0;
    d->nFileSizeHigh = (DWORD)(size >> 32);
    d->nFileSizeLow = (DWORD)size;
    host_path_free(&hp);
    return true;
}

static WINAPI DWORD  u8_GetFileAttributes(LPCSTR name)
{
    WIN32_FILE_ATTRIBUTE_DATA d;
    if (!get_attr_data(name, &d))
        return INVALID_FILE_ATTRIBUTES;
    return d.dwFileAttributes;
}

WINAPI DWORD kernel32_GetFileAttributesW(LPCWSTR name)
{
    bool oom = false;
    char *u = w_arg(name, &oom);
    DWORD r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), INVALID_FILE_ATTRIBUTES) : u8_GetFileAttributes(u);
    free(u);
    return r;
}

static WINAPI BOOL  u8_GetFileAttributesEx(LPCSTR name, int level, void *info)
{
    if (level != 0 /* GetFileExInfoStandard */ || !info) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return get_attr_data(name, info);
}

WINAPI BOOL kernel32_GetFileAttributesExW(LPCWSTR name, int level, void *info)
{
    bool oom = false;
    char *u = w_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_GetFileAttributesEx(u, level, info);
    free(u);
    return r;
}

static WINAPI BOOL  u8_SetFileAttributes(LPCSTR name, DWORD attrs)
{
    struct host_path hp;
    struct stat st;
    if (!stat_name(name, &hp, &st))
        return FALSE;
    if (!hp.path || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
        host_path_free(&hp);
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    /* NORMAL alone means none; DIRECTORY and the like cannot be set and are ignored. */
    BOOL ok = file_set_attributes(hp.path, -1, attrs & FILE_ATTRIBUTE_SETTABLE);
    host_path_free(&hp);
    return ok;
}

WINAPI BOOL kernel32_SetFileAttributesW(LPCWSTR name, DWORD attrs)
{
    bool oom = false;
    char *u = w_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_SetFileAttributes(u, attrs);
    free(u);
    return r;
}

/* ---- by handle ----------------------------------------------------------------- */

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD dwVolumeSerialNumber;
    DWORD nFileSizeHigh, nFileSizeLow;
    DWORD nNumberOfLinks;
    DWORD nFileIndexHigh, nFileIndexLow;
} BY_HANDLE_FILE_INFORMATION;
_Static_assert(sizeof(BY_HANDLE_FILE_INFORMATION) == 52, "BY_HANDLE_FILE_INFORMATION");

static DWORD handle_attributes(struct file_object *f, const struct stat *st)
{
    if (f->kind == FILE_KIND_DISK || f->kind == FILE_KIND_DIR)
        return file_attributes_of(f->host_path, f->fd, st, f->host_path ? last_name(f->host_path) : NULL);
    return FILE_ATTRIBUTE_NORMAL;   /* pipes and consoles */
}

WINAPI BOOL kernel32_GetFileInformationByHandle(HANDLE h, BY_HANDLE_FILE_INFORMATION *info)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    struct stat st;
    BOOL ok = FALSE;
    if (!info) {
        set_last_error(ERROR_INVALID_PARAMETER);
    } else if (fstat(f->fd, &st) != 0) {
        set_last_error_from_errno();
    } else {
        info->dwFileAttributes = handle_attributes(f, &st);
        file_times(f->fd, NULL, &st, &info->ftCreationTime, &info->ftLastAccessTime, &info->ftLastWriteTime);
        info->dwVolumeSerialNumber = volume_serial_of(st.st_dev);
        ULONGLONG size = f->kind == FILE_KIND_DISK ? (ULONGLONG)st.st_size : 0;
        info->nFileSizeHigh = (DWORD)(size >> 32);
        info->nFileSizeLow = (DWORD)size;
        info->nNumberOfLinks = (DWORD)st.st_nlink;
        info->nFileIndexHigh = (DWORD)((ULONGLONG)st.st_ino >> 32);
        info->nFileIndexLow = (DWORD)st.st_ino;
        ok = TRUE;
    }
    object_unref(&f->obj);
    return ok;
}

enum {
    FileBasicInfo = 0, FileStandardInfo = 1, FileNameInfo = 2, FileRenameInfo = 3, FileDispositionInfo = 4,
    FileAllocationInfo = 5, FileEndOfFileInfo = 6, FileAttributeTagInfo = 9, FileIdInfo = 18,
};

typedef struct {
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    DWORD FileAttributes;
} FILE_BASIC_INFO;
_Static_assert(sizeof(FILE_BASIC_INFO) == 40, "FILE_BASIC_INFO");

typedef struct {
    LARGE_INTEGER AllocationSize, EndOfFile;
    DWORD NumberOfLinks;
    BOOLEAN DeletePending, Directory;
} FILE_STANDARD_INFO;
_Static_assert(sizeof(FILE_STANDARD_INFO) == 24, "FILE_STANDARD_INFO");

typedef struct { DWORD FileAttributes, ReparseTag; } FILE_ATTRIBUTE_TAG_INFO;
typedef struct { ULONGLONG VolumeSerialNumber; BYTE FileId[16]; } FILE_ID_INFO;
_Static_assert(sizeof(FILE_ID_INFO) == 24, "FILE_ID_INFO");

static LONGLONG ticks_of(const FILETIME *ft) { return (LONGLONG)filetime_to_ticks(ft); }

WINAPI BOOL kernel32_GetFileInformationByHandleEx(HANDLE h, int cls, void *buf, DWORD size)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    struct stat st;
    BOOL ok = FALSE;
    if (fstat(f->fd, &st) != 0) {
        set_last_error_from_errno();
        goto out;
    }
    switch (cls) {
    case FileBasicInfo: {
        if (size < sizeof(FILE_BASIC_INFO)) {
            set_last_error(ERROR_BAD_LENGTH);
            goto out;
        }
        FILE_BASIC_INFO *b = buf;
        FILETIME c, a, w, ch;
        file_times(f->fd, NULL, &st, &c, &a, &w);
        filetime_from_timespec(&st.st_ctim, &ch);
        b->CreationTime.QuadPart = ticks_of(&c);
        b->LastAccessTime.QuadPart = ticks_of(&a);
        b->LastWriteTime.QuadPart = ticks_of(&w);
        b->ChangeTime.QuadPart = ticks_of(&ch);
        b->FileAttributes = handle_attributes(f, &st);
        break;
    }
    case FileStandardInfo: {
        if (size < sizeof(FILE_STANDARD_INFO)) {
            set_last_error(ERROR_BAD_LENGTH);
            goto out;
        }
        FILE_STANDARD_INFO *s = buf;
        bool dir = S_ISDIR(st.st_mode);
        s->AllocationSize.QuadPart = dir ? 0 : (LONGLONG)st.st_blocks * 512;
        s->EndOfFile.QuadPart = f->kind == FILE_KIND_DISK ? st.st_size : 0;
        s->NumberOfLinks = (DWORD)st.st_nlink;
        s->DeletePending = f->delete_on_close;
        s->Directory = dir;
        break;
    }
    case FileNameInfo: {
        /* The path on its volume, without the drive: \dir\file */
        if (size < sizeof(DWORD)) {
            set_last_error(ERROR_BAD_LENGTH);
            goto out;
        }
        if (!f->host_path) {
            set_last_error(ERROR_INVALID_PARAMETER);
            goto out;
        }
        char *win = path_to_win(f->host_path);
        if (!win) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            goto out;
        }
        WCHAR *w = utf8_to_utf16_alloc(win + 2);
        free(win);
        if (!w) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            goto out;
        }
        DWORD bytes = (DWORD)wstrlen(w) * 2;
        *(DWORD *)buf = bytes;
        DWORD room = size - sizeof(DWORD);
        memcpy((char *)buf + sizeof(DWORD), w, bytes < room ? bytes : room);
        free(w);
        if (bytes > room) {
            set_last_error(ERROR_MORE_DATA);
            goto out;
        }
        break;
    }
    case FileAttributeTagInfo: {
        if (size < sizeof(FILE_ATTRIBUTE_TAG_INFO)) {
            set_last_error(ERROR_BAD_LENGTH);
            goto out;
        }
        FILE_ATTRIBUTE_TAG_INFO *t = buf;
        t->FileAttributes = handle_attributes(f, &st);
        t->ReparseTag = 0;
        break;
    }
    case FileIdInfo: {
        if (size < sizeof(FILE_ID_INFO)) {
            set_last_error(ERROR_BAD_LENGTH);
            goto out;
        }
        FILE_ID_INFO *i = buf;
        i->VolumeSerialNumber = volume_serial_of(st.st_dev);
        memset(i->FileId, 0, sizeof i->FileId);
        ULONGLONG ino = st.st_ino;
        memcpy(i->FileId, &ino, sizeof ino);
        break;
    }
    default:
        FIXME("information class %d\n", cls);
        set_last_error(ERROR_INVALID_PARAMETER);
        goto out;
    }
    ok = TRUE;
out:
    object_unref(&f->obj);
    return ok;
}

/* Set times on f: a NULL or zero FILETIME leaves that time alone (and -1,
 * "stop updating it", is taken the same way). Creation time cannot be set
 * on a host file system. */
static BOOL set_times(struct file_object *f, const FILETIME *c, const FILETIME *a, const FILETIME *w)
{
    if (!(f->rights & FILE_WRITE_ATTRIBUTES)) {
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    const FILETIME *in[2] = { a, w };
    for (int i = 0; i < 2; i++) {
        if (in[i] && filetime_to_ticks(in[i]) && filetime_to_ticks(in[i]) != ~0ull)
            ts[i] = filetime_to_timespec(in[i]);
    }
    if (c && filetime_to_ticks(c) && filetime_to_ticks(c) != ~0ull)
        FIXME("creation times are kept by the host file system, not set\n");
    if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
        return TRUE;
    int r = futimens(f->fd, ts);
    if (r != 0 && errno == EBADF) {   /* an O_PATH descriptor (opened for attributes only) */
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
        r = utimensat(AT_FDCWD, proc, ts, 0);
    }
    if (r != 0) {
        set_last_error_from_errno();
        return FALSE;
    }
    return TRUE;
}

WINAPI BOOL kernel32_GetFileTime(HANDLE h, FILETIME *c, FILETIME *a, FILETIME *w)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    struct stat st;
    BOOL ok = fstat(f->fd, &st) == 0;
    if (ok)
        file_times(f->fd, NULL, &st, c, a, w);
    else
        set_last_error_from_errno();
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_SetFileTime(HANDLE h, const FILETIME *c, const FILETIME *a, const FILETIME *w)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    BOOL ok = set_times(f, c, a, w);
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_SetFileInformationByHandle(HANDLE h, int cls, void *buf, DWORD size)
{
    struct file_object *f = file_get(h);
    if (!f)
        return FALSE;
    BOOL ok = FALSE;
    switch (cls) {
    case FileBasicInfo: {
        if (size < sizeof(FILE_BASIC_INFO)) {
            set_last_error(ERROR_BAD_LENGTH);
            break;
        }
        FILE_BASIC_INFO *b = buf;
        FILETIME c, a, w;
        filetime_from_ticks((ULONGLONG)b->CreationTime.QuadPart, &c);
        filetime_from_ticks((ULONGLONG)b->LastAccessTime.QuadPart, &a);
        filetime_from_ticks((ULONGLONG)b->LastWriteTime.QuadPart, &w);
        ok = set_times(f, &c, &a, &w);
        if (ok && b->FileAttributes)
            ok = file_set_attributes(f->host_path, f->fd, b->FileAttributes & FILE_ATTRIBUTE_SETTABLE);
        break;
    }
    case FileDispositionInfo:
        if (size < 1) {
            set_last_error(ERROR_BAD_LENGTH);
        } else if (!(f->rights & DELETE_ACCESS) || !f->shared) {
            set_last_error(ERROR_ACCESS_DENIED);
        } else {
            struct stat st;
            if (*(BOOLEAN *)buf && fstat(f->fd, &st) == 0 &&
                (file_attributes_of(f->host_path, f->fd, &st, NULL) & FILE_ATTRIBUTE_READONLY)) {
                set_last_error(ERROR_ACCESS_DENIED);
                break;
            }
            f->delete_on_close = *(BOOLEAN *)buf != 0;
            ok = TRUE;
        }
        break;
    case FileAllocationInfo:
        ok = TRUE;   /* a size hint: the host allocates as it writes */
        break;
    case FileEndOfFileInfo:
        if (size < sizeof(LARGE_INTEGER)) {
            set_last_error(ERROR_BAD_LENGTH);
        } else if (!(f->rights & FILE_WRITE_DATA) || f->kind != FILE_KIND_DISK) {
            set_last_error(ERROR_ACCESS_DENIED);
        } else if (ftruncate(f->fd, (off_t)((LARGE_INTEGER *)buf)->QuadPart) != 0) {
            set_last_error_from_errno();
        } else {
            ok = TRUE;
        }
        break;
    default:
        FIXME("information class %d\n", cls);
        set_last_error(ERROR_INVALID_PARAMETER);
        break;
    }
    object_unref(&f->obj);
    return ok;
}

/* ---- A forms: ANSI code page arguments ---------------------------------------- */

WINAPI DWORD kernel32_GetFileAttributesA(LPCSTR name)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    DWORD r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), INVALID_FILE_ATTRIBUTES) : u8_GetFileAttributes(u_name);
    free(u_name);
    return r;
}

WINAPI BOOL kernel32_GetFileAttributesExA(LPCSTR name, int level, void *info)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_GetFileAttributesEx(u_name, level, info);
    free(u_name);
    return r;
}

WINAPI BOOL kernel32_SetFileAttributesA(LPCSTR name, DWORD attrs)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_SetFileAttributes(u_name, attrs);
    free(u_name);
    return r;
}

/* ---- GetFinalPathNameByHandle ------------------------------------------------------- */

#define FILE_NAME_OPENED  0x8
#define VOLUME_NAME_DOS   0x0
#define VOLUME_NAME_GUID  0x1
#define VOLUME_NAME_NT    0x2
#define VOLUME_NAME_NONE  0x4

/* The handle's path as Windows names it: \\?\C:\dir\file (DOS), \Device\...
 * (NT), \dir\file (none). UTF-8, malloc'd; NULL with the error set. */
static char *final_path(HANDLE h, DWORD flags)
{
    struct file_object *f = file_get(h);
    if (!f)
        return NULL;
    char *win = f->host_path ? path_to_win(f->host_path) : NULL;
    object_unref(&f->obj);
    if (!win) {
        set_last_error(ERROR_INVALID_HANDLE);   /* pipes, consoles: no name */
        return NULL;
    }
    const char *rest = win + 2;   /* after the drive */
    size_t n = strlen(win) + 40;
    char *out = malloc(n);
    if (out) {
        switch (flags & 7) {
        case VOLUME_NAME_DOS: snprintf(out, n, "\\\\?\\%s", win); break;
        case VOLUME_NAME_NT: snprintf(out, n, "\\Device\\HarddiskVolume%d%s", win[0] == 'C' ? 1 : 2, rest); break;
        case VOLUME_NAME_NONE: snprintf(out, n, "%s", rest); break;
        default:
            FIXME("volume name kind %#x\n", flags & 7);
            free(out);
            out = NULL;
            set_last_error(ERROR_INVALID_PARAMETER);
            break;
        }
    } else {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    }
    free(win);
    return out;
}

/* Returns the length without the NUL, or the size needed with it when buf is
 * too small (the same rule as GetFullPathName). */
WINAPI DWORD kernel32_GetFinalPathNameByHandleW(HANDLE h, LPWSTR buf, DWORD size, DWORD flags)
{
    char *p = final_path(h, flags);
    if (!p)
        return 0;
    DWORD r = ret_string_w(p, buf, size);
    free(p);
    return r;
}

WINAPI DWORD kernel32_GetFinalPathNameByHandleA(HANDLE h, LPSTR buf, DWORD size, DWORD flags)
{
    char *p = final_path(h, flags);
    if (!p)
        return 0;
    DWORD r = ret_string_a(p, buf, size);
    free(p);
    return r;
}
