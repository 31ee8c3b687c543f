/*
 * kernel32/find.c - FindFirstFile(Ex)/FindNextFile/FindClose.
 *
 * FindFirstFile reads the whole directory at once, keeps the names that
 * match the pattern (path_wildcard_match: Windows' DOS wildcard rules,
 * case-insensitive) with their attributes, times and sizes, and sorts them
 * as NTFS returns them: "." and ".." first, then by upper-cased name. The
 * handle then walks that list. There are no 8.3 names: cAlternateFileName
 * is empty, and patterns do not match short names.
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/path.h"
#include "winapi/filetime.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

DEBUG_CHANNEL(file);

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow;
    DWORD dwReserved0, dwReserved1;
    char cFileName[MAX_PATH];
    char cAlternateFileName[14];
} WIN32_FIND_DATAA;
_Static_assert(sizeof(WIN32_FIND_DATAA) == 320, "WIN32_FIND_DATAA");
_Static_assert(offsetof(WIN32_FIND_DATAA, cFileName) == 44, "WIN32_FIND_DATAA");

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow;
    DWORD dwReserved0, dwReserved1;
    WCHAR cFileName[MAX_PATH];
    WCHAR cAlternateFileName[14];
} WIN32_FIND_DATAW;
_Static_assert(sizeof(WIN32_FIND_DATAW) == 592, "WIN32_FIND_DATAW");
_Static_assert(offsetof(WIN32_FIND_DATAW, cAlternateFileName) == 564, "WIN32_FIND_DATAW");

#define FIND_FIRST_EX_CASE_SENSITIVE 1
#define FIND_FIRST_EX_LARGE_FETCH    2
#define FIND_FIRST_EX_ON_DISK_ENTRIES_ONLY 4

struct find_entry {
    char *name;
    DWORD attrs;
    FILETIME c, a, w;
    ULONGLONG size;
};

struct find_object {
    struct object obj;
    struct find_entry *entries;
    size_t count, next;
};

static void find_destroy(struct object *obj)
{
    struct find_object *f = (struct find_object *)obj;
    for (size_t i = 0; i < f->count; i++)
        free(f->entries[i].name);
    free(f->entries);
    free(f);
}

static const struct object_ops find_ops = { .type = "find", .destroy = find_destroy };

/* NTFS order: "." and ".." first, then by upper-cased name (code point order). */
static int entry_cmp(const void *pa, const void *pb)
{
    const struct find_entry *a = pa, *b = pb;
    int da = !strcmp(a->name, ".") ? 0 : !strcmp(a->name, "..") ? 1 : 2;
    int db = !strcmp(b->name, ".") ? 0 : !strcmp(b->name, "..") ? 1 : 2;
    if (da != db || da < 2)
        return da - db;
    WCHAR *wa = utf8_to_utf16_alloc(a->name), *wb = utf8_to_utf16_alloc(b->name);
    int r = 0;
    if (wa && wb) {
        size_t i = 0;
        while (wa[i] && path_upcase(wa[i]) == path_upcase(wb[i]))
            i++;
        r = (int)path_upcase(wa[i]) - (int)path_upcase(wb[i]);
    }
    free(wa);
    free(wb);
    return r ? r : strcmp(a->name, b->name);
}

static void fill_a(WIN32_FIND_DATAA *d, const struct find_entry *e)
{
    d->dwFileAttributes = e->attrs;
    d->ftCreationTime = e->c;
    d->ftLastAccessTime = e->a;
    d->ftLastWriteTime = e->w;
    d->nFileSizeHigh = (DWORD)(e->size >> 32);
    d->nFileSizeLow = (DWORD)e->size;
    d->dwReserved0 = d->dwReserved1 = 0;
    char *a = utf8_to_acp(e->name);
    size_t n = a ? strlen(a) : 0;
    if (n >= MAX_PATH)
        n = MAX_PATH - 1;
    memcpy(d->cFileName, a ? a : "", n);
    d->cFileName[n] = 0;
    free(a);
    d->cAlternateFileName[0] = 0;
}

static void fill_w(WIN32_FIND_DATAW *d, const struct find_entry *e)
{
    d->dwFileAttributes = e->attrs;
    d->ftCreationTime = e->c;
    d->ftLastAccessTime = e->a;
    d->ftLastWriteTime = e->w;
    d->nFileSizeHigh = (DWORD)(e->size >> 32);
    d->nFileSizeLow = (DWORD)e->size;
    d->dwReserved0 = d->dwReserved1 = 0;
    size_t n = utf8_to_utf16(e->name, -1, d->cFileName, MAX_PATH);
    if (n > MAX_PATH)
        d->cFileName[MAX_PATH - 1] = 0;
    d->cAlternateFileName[0] = 0;
}

static bool add_entry(struct find_object *f, size_t *cap, const char *dir, const char *name)
{
    if (f->count == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        struct find_entry *ne = realloc(f->entries, nc * sizeof *ne);
        if (!ne)
            return false;
        f->entries = ne;
        *cap = nc;
    }
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    char *copy = strdup(name);
    if (!path || !copy) {
        free(path);
        free(copy);
        return false;
    }
    snprintf(path, n, "%s/%s", dir, name);
    struct stat st;
    struct find_entry *e = &f->entries[f->count];
    memset(e, 0, sizeof *e);
    e->name = copy;
    if (stat(path, &st) == 0 || lstat(path, &st) == 0) {
        e->attrs = file_attributes_of(path, -1, &st, name);
        file_times(-1, path, &st, &e->c, &e->a, &e->w);
        e->size = S_ISREG(st.st_mode) ? (ULONGLONG)st.st_size : 0;
    } else {
        e->attrs = FILE_ATTRIBUTE_NORMAL;   /* vanished meanwhile: still listed, as a snapshot */
    }
    free(path);
    f->count++;
    return true;
}

/* The core: returns the find object (a reference) or NULL with the error set. */
static struct find_object *find_first(const char *name, int level, int op, void *filter, DWORD flags)
{
    if (level != 0 && level != 1) {   /* FindExInfoStandard, FindExInfoBasic */
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if ((op != 0 && op != 1) || filter) {   /* NameMatch, LimitToDirectories (advisory) */
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!name || !*name) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return NULL;
    }
    size_t n = strlen(name);
    if (name[n - 1] == '\\' || name[n - 1] == '/') {
        set_last_error(ERROR_FILE_NOT_FOUND);   /* a directory with no pattern */
        return NULL;
    }
    /* split into directory and pattern */
    size_t cut = n;
    while (cut > 0 && name[cut - 1] != '\\' && name[cut - 1] != '/' && !(cut == 2 && name[1] == ':'))
        cut--;
    char *dir = malloc(cut + 3);
    char *pattern = strdup(name + cut);
    if (!dir || !pattern) {
        free(dir);
        free(pattern);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (cut == 0)
        strcpy(dir, ".");
    else if (cut == 2 && name[1] == ':')
        snprintf(dir, cut + 3, "%.2s.", name);       /* "C:pat": that drive's current directory */
    else if (cut == 1 || (cut == 3 && name[1] == ':'))
        snprintf(dir, cut + 3, "%.*s", (int)cut, name);   /* a root keeps its separator */
    else
        snprintf(dir, cut + 3, "%.*s", (int)(cut - 1), name);
    /* trailing spaces of the pattern go, as in any Win32 path */
    size_t pl = strlen(pattern);
    while (pl && pattern[pl - 1] == ' ')
        pattern[--pl] = 0;
    struct host_path hp;
    struct find_object *f = NULL;
    if (!path_resolve(dir, &hp))
        goto out;
    if (hp.device != PATH_FILE || !hp.exists || !hp.is_dir) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        goto out;
    }
    if (!*pattern) {
        set_last_error(ERROR_FILE_NOT_FOUND);
        goto out;
    }
    size_t doff, dlen = path_dos_device(pattern, &doff);
    if (dlen) {
        /* "dir\nul": a device is found, as one entry with no size, in any existing directory */
        f = calloc(1, sizeof *f);
        size_t cap = 0;
        if (f)
            object_init(&f->obj, &find_ops);
        pattern[dlen] = 0;
        if (!f || !add_entry(f, &cap, "/dev", "null")) {
            if (f)
                object_unref(&f->obj);
            f = NULL;
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            goto out;
        }
        free(f->entries[0].name);
        f->entries[0].name = strdup(pattern);
        f->entries[0].attrs = FILE_ATTRIBUTE_ARCHIVE;
        f->entries[0].size = 0;
        if (!f->entries[0].name) {
            object_unref(&f->obj);
            f = NULL;
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        }
        goto out;
    }
    DIR *d = opendir(hp.path);
    if (!d) {
        set_last_error(errno == ENOENT || errno == ENOTDIR ? ERROR_PATH_NOT_FOUND : win32_error_from_errno(errno));
        goto out;
    }
    f = calloc(1, sizeof *f);
    if (!f) {
        closedir(d);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        goto out;
    }
    object_init(&f->obj, &find_ops);
    /* a drive's root has no "." or ".." entries on Windows */
    char *full = path_full_win(dir);
    bool is_root = full && strlen(full) == 3 && full[1] == ':';
    free(full);
    size_t cap = 0;
    struct dirent *de;
    bool case_sensitive = flags & FIND_FIRST_EX_CASE_SENSITIVE;
    while ((de = readdir(d))) {
        bool dots = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
        if (dots && is_root)
            continue;
        if (!path_wildcard_match(pattern, de->d_name, case_sensitive))
            continue;
        if (!add_entry(f, &cap, hp.path, de->d_name)) {
            closedir(d);
            object_unref(&f->obj);
            f = NULL;
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            goto out;
        }
    }
    closedir(d);
    if (!f->count) {
        object_unref(&f->obj);
        f = NULL;
        set_last_error(ERROR_FILE_NOT_FOUND);
        goto out;
    }
    qsort(f->entries, f->count, sizeof *f->entries, entry_cmp);
out:
    host_path_free(&hp);
    free(dir);
    free(pattern);
    return f;
}

static HANDLE find_handle(struct find_object *f)
{
    HANDLE h = handle_alloc(&f->obj);
    object_unref(&f->obj);
    if (!h)
        return INVALID_HANDLE_VALUE;
    set_last_error(0);
    return h;
}

WINAPI HANDLE kernel32_FindFirstFileExA(LPCSTR name, int level, void *data, int op, void *filter, DWORD flags)
{
    TRACE("%s %d %d %#x\n", name ? name : "(null)", level, op, flags);
    if (!data) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    bool oom = false;
    char *u = a_arg(name, &oom);
    if (oom) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    struct find_object *f = find_first(u, level, op, filter, flags);
    free(u);
    if (!f)
        return INVALID_HANDLE_VALUE;
    fill_a(data, &f->entries[f->next++]);
    return find_handle(f);
}

WINAPI HANDLE kernel32_FindFirstFileExW(LPCWSTR name, int level, void *data, int op, void *filter, DWORD flags)
{
    if (!data) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    bool oom = false;
    char *u = w_arg(name, &oom);
    if (oom) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    struct find_object *f = find_first(u, level, op, filter, flags);
    free(u);
    if (!f)
        return INVALID_HANDLE_VALUE;
    fill_w(data, &f->entries[f->next++]);
    return find_handle(f);
}

WINAPI HANDLE kernel32_FindFirstFileA(LPCSTR name, WIN32_FIND_DATAA *data)
{
    return kernel32_FindFirstFileExA(name, 0, data, 0, NULL, 0);
}

WINAPI HANDLE kernel32_FindFirstFileW(LPCWSTR name, WIN32_FIND_DATAW *data)
{
    return kernel32_FindFirstFileExW(name, 0, data, 0, NULL, 0);
}

static struct find_object *find_get(HANDLE h)
{
    return (struct find_object *)handle_get(h, &find_ops);
}

WINAPI BOOL kernel32_FindNextFileA(HANDLE h, WIN32_FIND_DATAA *data)
{
    struct find_object *f = find_get(h);
    if (!f)
        return FALSE;
    BOOL ok = FALSE;
    if (!data)
        set_last_error(ERROR_INVALID_PARAMETER);
    else if (f->next >= f->count)
        set_last_error(ERROR_NO_MORE_FILES);
    else {
        fill_a(data, &f->entries[f->next++]);
        ok = TRUE;
    }
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_FindNextFileW(HANDLE h, WIN32_FIND_DATAW *data)
{
    struct find_object *f = find_get(h);
    if (!f)
        return FALSE;
    BOOL ok = FALSE;
    if (!data)
        set_last_error(ERROR_INVALID_PARAMETER);
    else if (f->next >= f->count)
        set_last_error(ERROR_NO_MORE_FILES);
    else {
        fill_w(data, &f->entries[f->next++]);
        ok = TRUE;
    }
    object_unref(&f->obj);
    return ok;
}

WINAPI BOOL kernel32_FindClose(HANDLE h)
{
    struct find_object *f = find_get(h);
    if (!f)
        return FALSE;
    object_unref(&f->obj);
    return handle_close(h);
}
