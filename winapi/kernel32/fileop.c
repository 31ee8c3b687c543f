/*
 * kernel32/fileop.c - operations on files by name: DeleteFile, MoveFile(Ex),
 * CopyFile(Ex), CreateHardLink, ReplaceFile.
 *
 * Each checks what Windows checks before touching anything (the source
 * exists, the target may be replaced, read-only files stay, no open handle
 * of this process forbids it through its share mode), then does one host
 * operation, so that a refusal leaves the files as they were.
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/path.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(file);

#define MOVEFILE_REPLACE_EXISTING      0x01
#define MOVEFILE_COPY_ALLOWED          0x02
#define MOVEFILE_DELAY_UNTIL_REBOOT    0x04
#define MOVEFILE_WRITE_THROUGH         0x08
#define COPY_FILE_FAIL_IF_EXISTS       0x01
#define REPLACEFILE_WRITE_THROUGH      0x01
#define REPLACEFILE_IGNORE_MERGE_ERRORS 0x02
#define ERROR_REQUEST_ABORTED 1235

static const char *last_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static DWORD attrs_of_path(const char *path, const struct stat *st)
{
    return file_attributes_of(path, -1, st, last_name(path));
}

/* Resolve name and require it to exist as a file (not a device). */
static bool existing(const char *name, struct host_path *hp, struct stat *st)
{
    if (!path_resolve(name, hp))
        return false;
    if (hp->device != PATH_FILE) {
        host_path_free(hp);
        set_last_error(ERROR_ACCESS_DENIED);
        return false;
    }
    if (!hp->exists || lstat(hp->path, st) != 0) {
        set_last_error(host_path_missing_error(hp));
        host_path_free(hp);
        return false;
    }
    if (S_ISLNK(st->st_mode))
        stat(hp->path, st);   /* a link to a directory is shown as that directory */
    return true;
}

/* ---- DeleteFile ---------------------------------------------------------------- */

static WINAPI BOOL  u8_DeleteFile(LPCSTR name)
{
    TRACE("%s\n", name ? name : "(null)");
    struct host_path hp;
    struct stat st;
    if (!existing(name, &hp, &st))
        return FALSE;
    BOOL ok = FALSE;
    if (hp.trailing_sep && !S_ISDIR(st.st_mode))
        set_last_error(ERROR_INVALID_NAME);
    else if (S_ISDIR(st.st_mode))
        set_last_error(ERROR_ACCESS_DENIED);
    else if (attrs_of_path(hp.path, &st) & FILE_ATTRIBUTE_READONLY)
        set_last_error(ERROR_ACCESS_DENIED);
    else if (!file_share_check_path(hp.path, DELETE_ACCESS, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE))
        ;
    else if (unlink(hp.path) != 0)
        set_last_error_from_errno();
    else
        ok = TRUE;   /* open handles keep the data; the name is gone now (POSIX delete, as Windows 10) */
    host_path_free(&hp);
    return ok;
}

WINAPI BOOL kernel32_DeleteFileW(LPCWSTR name)
{
    bool oom = false;
    char *u = w_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_DeleteFile(u);
    free(u);
    return r;
}

/* ---- copying ------------------------------------------------------------------ */

static bool copy_data(int in, int out)
{
    char buf[65536];
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        if (r == 0)
            return true;
        for (ssize_t d = 0; d < r;) {
            ssize_t w = write(out, buf + d, (size_t)(r - d));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return false;
            d += w;
        }
    }
}

/* May dst be replaced? A directory or a read-only file never; a copy
 * (CreateFile with CREATE_ALWAYS and the source's attributes) also not a
 * hidden or system file unless the source is one too. */
static bool may_replace(const struct host_path *dst, bool replace, DWORD exists_error, DWORD copy_attrs)
{
    struct stat st;
    if (!dst->exists)
        return true;
    if (!replace) {
        set_last_error(exists_error);
        return false;
    }
    if (stat(dst->path, &st) == 0) {
        DWORD a = attrs_of_path(dst->path, &st);
        DWORD deny = FILE_ATTRIBUTE_READONLY;
        if (copy_attrs != (DWORD)-1)
            deny |= (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM) & ~copy_attrs;
        if (S_ISDIR(st.st_mode) || (a & deny)) {
            set_last_error(ERROR_ACCESS_DENIED);
            return false;
        }
    }
    return true;
}

static BOOL copy_file(const char *src, const char *dst, DWORD flags)
{
    struct host_path sp, dp;
    struct stat st;
    if (!src || !dst) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!existing(src, &sp, &st))
        return FALSE;
    if (S_ISDIR(st.st_mode)) {
        host_path_free(&sp);
        set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    if (!path_resolve(dst, &dp)) {
        host_path_free(&sp);
        return FALSE;
    }
    BOOL ok = FALSE;
    int in = -1, out = -1;
    if (dp.device != PATH_FILE) {
        set_last_error(ERROR_ACCESS_DENIED);
        goto done;
    }
    if (!dp.exists && !dp.parent_exists) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        goto done;
    }
    if (!may_replace(&dp, !(flags & COPY_FILE_FAIL_IF_EXISTS), ERROR_FILE_EXISTS, attrs_of_path(sp.path, &st)))
        goto done;
    struct stat dst_st;
    if (dp.exists && stat(dp.path, &dst_st) == 0 && dst_st.st_dev == st.st_dev && dst_st.st_ino == st.st_ino) {
        set_last_error(ERROR_SHARING_VIOLATION);   /* copying a file onto itself */
        goto done;
    }
    /* the source is read with GENERIC_READ sharing everything (a file being
     * written, a log say, can be copied), the destination written with
     * GENERIC_WRITE and no sharing */
    if (!file_share_check_path(sp.path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE) ||
        (dp.exists && !file_share_check_path(dp.path, GENERIC_WRITE, 0)))
        goto done;
    in = open(sp.path, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        set_last_error_from_errno();
        goto done;
    }
    out = open(dp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out < 0) {
        set_last_error_from_errno();
        goto done;
    }
    if (!copy_data(in, out)) {
        set_last_error_from_errno();
        goto done;
    }
    /* Attributes and the last write time go with the copy (Windows adds ARCHIVE). */
    DWORD a = attrs_of_path(sp.path, &st) & FILE_ATTRIBUTE_SETTABLE;
    file_set_attributes(dp.path, out, a | FILE_ATTRIBUTE_ARCHIVE);
    struct timespec ts[2] = { st.st_atim, st.st_mtim };
    futimens(out, ts);
    ok = TRUE;
    set_last_error(0);
done:
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    host_path_free(&sp);
    host_path_free(&dp);
    return ok;
}

static WINAPI BOOL  u8_CopyFile(LPCSTR src, LPCSTR dst, BOOL fail_if_exists)
{
    return copy_file(src, dst, fail_if_exists ? COPY_FILE_FAIL_IF_EXISTS : 0);
}

WINAPI BOOL kernel32_CopyFileW(LPCWSTR src, LPCWSTR dst, BOOL fail_if_exists)
{
    bool oom = false;
    char *s = w_arg(src, &oom), *d = w_arg(dst, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_CopyFile(s, d, fail_if_exists);
    free(s);
    free(d);
    return r;
}

static WINAPI BOOL  u8_CopyFileEx(LPCSTR src, LPCSTR dst, void *progress, void *data, BOOL *cancel, DWORD flags)
{
    if (progress)
        FIXME("progress routine not called\n");
    if (cancel && *cancel) {
        set_last_error(ERROR_REQUEST_ABORTED);
        return FALSE;
    }
    return copy_file(src, dst, flags);
}

WINAPI BOOL kernel32_CopyFileExW(LPCWSTR src, LPCWSTR dst, void *progress, void *data, BOOL *cancel, DWORD flags)
{
    bool oom = false;
    char *s = w_arg(src, &oom), *d = w_arg(dst, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE)
                 : u8_CopyFileEx(s, d, progress, data, cancel, flags);
    free(s);
    free(d);
    return r;
}

/* ---- moving ------------------------------------------------------------------ */

/* The host path to create for Windows name dst: its resolved parent and the
 * last component as the program spelt it (a case-only rename keeps the case asked for). */
static char *spelt_target(const char *dst_win, const struct host_path *dp)
{
    char *full = path_full_win(dst_win);
    if (!full)
        return NULL;
    const char *comp = strrchr(full, '\\');
    comp = comp ? comp + 1 : full;
    const char *slash = strrchr(dp->path, '/');
    size_t plen = slash ? (size_t)(slash - dp->path) : 0;
    size_t n = plen + strlen(comp) + 2;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%.*s/%s", (int)plen, dp->path, comp);
    free(full);
    return r;
}

static BOOL move_file(const char *src, const char *dst, DWORD flags)
{
    TRACE("%s -> %s %#x\n", src ? src : "(null)", dst ? dst : "(null)", flags);
    if (!dst) {
        if (flags & MOVEFILE_DELAY_UNTIL_REBOOT)
            FIXME("deleting at reboot\n");
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (flags & MOVEFILE_DELAY_UNTIL_REBOOT) {
        FIXME("moving at reboot\n");
        set_last_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    struct host_path sp, dp;
    struct stat st, dst_st;
    if (!existing(src, &sp, &st))
        return FALSE;
    if (!path_resolve(dst, &dp)) {
        host_path_free(&sp);
        return FALSE;
    }
    BOOL ok = FALSE;
    char *target = NULL;
    if (dp.device != PATH_FILE) {
        set_last_error(ERROR_ACCESS_DENIED);
        goto done;
    }
    if (!dp.exists && !dp.parent_exists) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        goto done;
    }
    /* the same name, maybe in another case (a hard link's other name is a different file here) */
    bool same = dp.exists && !strcmp(dp.path, sp.path) && stat(dp.path, &dst_st) == 0 &&
                dst_st.st_dev == st.st_dev && dst_st.st_ino == st.st_ino;
    if (!same && !may_replace(&dp, flags & MOVEFILE_REPLACE_EXISTING, ERROR_ALREADY_EXISTS, (DWORD)-1))
        goto done;
    if (!same && dp.exists && S_ISDIR(st.st_mode)) {
        set_last_error(ERROR_ACCESS_DENIED);   /* a directory never replaces anything */
        goto done;
    }
    if (!file_share_check_path(sp.path, DELETE_ACCESS, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE) ||
        (!same && dp.exists &&
         !file_share_check_path(dp.path, DELETE_ACCESS, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)))
        goto done;
    target = dp.exists ? (same ? spelt_target(dst, &dp) : strdup(dp.path)) : strdup(dp.path);
    if (!target) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        goto done;
    }
    if (rename(sp.path, target) == 0) {
        if (flags & MOVEFILE_WRITE_THROUGH) {
            /* make the rename durable: sync the target's directory */
            char *dir = strdup(target);
            char *slash = dir ? strrchr(dir, '/') : NULL;
            if (slash) {
                *slash = 0;
                int fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fd >= 0) {
                    fsync(fd);
                    close(fd);
                }
            }
            free(dir);
        }
        ok = TRUE;
    } else if (errno == EXDEV && (flags & MOVEFILE_COPY_ALLOWED) && !S_ISDIR(st.st_mode)) {
        /* another host file system: copy, then delete the source */
        ok = copy_file(src, dst, 0) && unlink(sp.path) == 0;
        if (!ok && get_last_error() == 0)
            set_last_error_from_errno();
    } else {
        set_last_error(errno == EXDEV ? ERROR_NOT_SAME_DEVICE
                       : errno == ENOTEMPTY || errno == EEXIST ? ERROR_ACCESS_DENIED
                       : errno == EINVAL ? ERROR_SHARING_VIOLATION   /* a directory into itself */
                       : win32_error_from_errno(errno));
    }
done:
    free(target);
    host_path_free(&sp);
    host_path_free(&dp);
    return ok;
}

WINAPI BOOL kernel32_MoveFileExA(LPCSTR src, LPCSTR dst, DWORD flags)
{
    bool oom = false;
    char *s = a_arg(src, &oom), *d = a_arg(dst, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : move_file(s, d, flags);
    free(s);
    free(d);
    return r;
}

WINAPI BOOL kernel32_MoveFileExW(LPCWSTR src, LPCWSTR dst, DWORD flags)
{
    bool oom = false;
    char *s = w_arg(src, &oom), *d = w_arg(dst, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : move_file(s, d, flags);
    free(s);
    free(d);
    return r;
}

WINAPI BOOL kernel32_MoveFileA(LPCSTR src, LPCSTR dst)
{
    return kernel32_MoveFileExA(src, dst, MOVEFILE_COPY_ALLOWED);
}

WINAPI BOOL kernel32_MoveFileW(LPCWSTR src, LPCWSTR dst)
{
    return kernel32_MoveFileExW(src, dst, MOVEFILE_COPY_ALLOWED);
}

/* ---- links and replacement ------------------------------------------------------ */

static WINAPI BOOL  u8_CreateHardLink(LPCSTR name, LPCSTR existing_name, SECURITY_ATTRIBUTES *sa)
{
    struct host_path ep, np;
    struct stat st;
    if (!existing(existing_name, &ep, &st))
        return FALSE;
    if (!path_resolve(name, &np)) {
        host_path_free(&ep);
        return FALSE;
    }
    BOOL ok = FALSE;
    if (S_ISDIR(st.st_mode) || np.device != PATH_FILE)
        set_last_error(ERROR_ACCESS_DENIED);
    else if (np.exists)
        set_last_error(ERROR_ALREADY_EXISTS);
    else if (!np.parent_exists)
        set_last_error(ERROR_PATH_NOT_FOUND);
    else if (link(ep.path, np.path) != 0)
        set_last_error(errno == EXDEV ? ERROR_NOT_SAME_DEVICE : win32_error_from_errno(errno));
    else
        ok = TRUE;
    host_path_free(&ep);
    host_path_free(&np);
    return ok;
}

WINAPI BOOL kernel32_CreateHardLinkW(LPCWSTR name, LPCWSTR existing_name, SECURITY_ATTRIBUTES *sa)
{
    bool oom = false;
    char *n = w_arg(name, &oom), *e = w_arg(existing_name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_CreateHardLink(n, e, sa);
    free(n);
    free(e);
    return r;
}

/* ReplaceFile: the replacement takes the replaced file's name (and its
 * attributes); the replaced file becomes the backup when one is named. */
static WINAPI BOOL  u8_ReplaceFile(LPCSTR replaced, LPCSTR replacement, LPCSTR backup, DWORD flags, void *excl,
                                  void *reserved)
{
    if (!replaced || !replacement || excl || reserved) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct host_path rp, np;
    struct stat rst, nst;
    if (!existing(replaced, &rp, &rst))
        return FALSE;
    if (!existing(replacement, &np, &nst)) {
        host_path_free(&rp);
        return FALSE;
    }
    BOOL ok = FALSE;
    if (!file_share_check_path(rp.path, GENERIC_READ | DELETE_ACCESS, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE) ||
        !file_share_check_path(np.path, GENERIC_READ | DELETE_ACCESS, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)) {
        set_last_error(ERROR_UNABLE_TO_REMOVE_REPLACED);
        goto done;
    }
    DWORD attrs = attrs_of_path(rp.path, &rst) & FILE_ATTRIBUTE_SETTABLE;
    if (backup) {
        struct host_path bp;
        if (!path_resolve(backup, &bp))
            goto done;
        bool linked = bp.device == PATH_FILE && (!bp.exists || unlink(bp.path) == 0) && link(rp.path, bp.path) == 0;
        host_path_free(&bp);
        if (!linked) {
            set_last_error(ERROR_UNABLE_TO_REMOVE_REPLACED);
            goto done;
        }
    }
    if (rename(np.path, rp.path) != 0) {
        set_last_error(ERROR_UNABLE_TO_MOVE_REPLACEMENT);
        goto done;
    }
    file_set_attributes(rp.path, -1, attrs);
    ok = TRUE;
done:
    host_path_free(&rp);
    host_path_free(&np);
    return ok;
}

WINAPI BOOL kernel32_ReplaceFileW(LPCWSTR replaced, LPCWSTR replacement, LPCWSTR backup, DWORD flags, void *excl,
                                  void *reserved)
{
    bool oom = false;
    char *r = w_arg(replaced, &oom), *n = w_arg(replacement, &oom), *b = w_arg(backup, &oom);
    BOOL ok = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE)
                  : u8_ReplaceFile(r, n, b, flags, excl, reserved);
    free(r);
    free(n);
    free(b);
    return ok;
}

/* ---- A forms: ANSI code page arguments ---------------------------------------- */

WINAPI BOOL kernel32_DeleteFileA(LPCSTR name)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_DeleteFile(u_name);
    free(u_name);
    return r;
}

WINAPI BOOL kernel32_CopyFileA(LPCSTR src, LPCSTR dst, BOOL fail_if_exists)
{
    bool oom = false;
    char *u_src = a_arg(src, &oom);
    char *u_dst = a_arg(dst, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_CopyFile(u_src, u_dst, fail_if_exists);
    free(u_src);
    free(u_dst);
    return r;
}

WINAPI BOOL kernel32_CopyFileExA(LPCSTR src, LPCSTR dst, void *progress, void *data, BOOL *cancel, DWORD flags)
{
    bool oom = false;
    char *u_src = a_arg(src, &oom);
    char *u_dst = a_arg(dst, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_CopyFileEx(u_src, u_dst, progress, data, cancel, flags);
    free(u_src);
    free(u_dst);
    return r;
}

WINAPI BOOL kernel32_CreateHardLinkA(LPCSTR name, LPCSTR existing_name, SECURITY_ATTRIBUTES *sa)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    char *u_existing_name = a_arg(existing_name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_CreateHardLink(u_name, u_existing_name, sa);
    free(u_name);
    free(u_existing_name);
    return r;
}

WINAPI BOOL kernel32_ReplaceFileA(LPCSTR replaced, LPCSTR replacement, LPCSTR backup, DWORD flags, void *excl, void *reserved)
{
    bool oom = false;
    char *u_replaced = a_arg(replaced, &oom);
    char *u_replacement = a_arg(replacement, &oom);
    char *u_backup = a_arg(backup, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_ReplaceFile(u_replaced, u_replacement, u_backup, flags, excl, reserved);
    free(u_replaced);
    free(u_replacement);
    free(u_backup);
    return r;
}
