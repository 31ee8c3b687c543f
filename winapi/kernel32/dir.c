/*
 * kernel32/dir.c - directories: CreateDirectory(Ex), RemoveDirectory, the
 * current directory, the temporary directory and file names, and the
 * Windows and system directories (C:\windows, C:\windows\system32, inside
 * the prefix that is drive C:).
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/path.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

DEBUG_CHANNEL(file);

#define ERROR_BUFFER_OVERFLOW 111

/* ---- create and remove ------------------------------------------------------ */

static BOOL create_directory(const char *name, const char *template_dir)
{
    TRACE("%s\n", name ? name : "(null)");
    struct host_path hp;
    if (!path_resolve(name, &hp))
        return FALSE;
    BOOL ok = FALSE;
    if (hp.device != PATH_FILE)
        set_last_error(ERROR_ACCESS_DENIED);
    else if (hp.exists)
        set_last_error(ERROR_ALREADY_EXISTS);
    else if (!hp.parent_exists)
        set_last_error(ERROR_PATH_NOT_FOUND);
    else if (mkdir(hp.path, 0777) != 0)
        set_last_error(errno == EEXIST ? ERROR_ALREADY_EXISTS : win32_error_from_errno(errno));
    else
        ok = TRUE;
    if (ok && template_dir) {
        /* CreateDirectoryEx: the new directory takes the template's attributes */
        struct host_path tp;
        struct stat st;
        if (path_resolve(template_dir, &tp) && tp.device == PATH_FILE && tp.exists && stat(tp.path, &st) == 0) {
            DWORD a = file_attributes_of(tp.path, -1, &st, NULL) & FILE_ATTRIBUTE_SETTABLE;
            if (a)
                file_set_attributes(hp.path, -1, a);
        }
        host_path_free(&tp);
    }
    host_path_free(&hp);
    return ok;
}

WINAPI BOOL kernel32_CreateDirectoryA(LPCSTR name, SECURITY_ATTRIBUTES *sa)
{
    bool oom = false;
    char *u = a_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : create_directory(u, NULL);
    free(u);
    return r;
}

WINAPI BOOL kernel32_CreateDirectoryW(LPCWSTR name, SECURITY_ATTRIBUTES *sa)
{
    bool oom = false;
    char *u = w_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : create_directory(u, NULL);
    free(u);
    return r;
}

WINAPI BOOL kernel32_CreateDirectoryExA(LPCSTR tmpl, LPCSTR name, SECURITY_ATTRIBUTES *sa)
{
    bool oom = false;
    char *t = a_arg(tmpl, &oom), *n = a_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : create_directory(n, t);
    free(t);
    free(n);
    return r;
}

WINAPI BOOL kernel32_CreateDirectoryExW(LPCWSTR tmpl, LPCWSTR name, SECURITY_ATTRIBUTES *sa)
{
    bool oom = false;
    char *t = w_arg(tmpl, &oom), *n = w_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : create_directory(n, t);
    free(t);
    free(n);
    return r;
}

static WINAPI BOOL  u8_RemoveDirectory(LPCSTR name)
{
    TRACE("%s\n", name ? name : "(null)");
    struct host_path hp;
    if (!path_resolve(name, &hp))
        return FALSE;
    BOOL ok = FALSE;
    struct stat st, cwd;
    if (hp.device != PATH_FILE) {
        set_last_error(ERROR_ACCESS_DENIED);
    } else if (!hp.exists || lstat(hp.path, &st) != 0) {
        set_last_error(host_path_missing_error(&hp));
    } else if (!S_ISDIR(st.st_mode)) {
        set_last_error(ERROR_DIRECTORY);
    } else if (stat(".", &cwd) == 0 && cwd.st_dev == st.st_dev && cwd.st_ino == st.st_ino) {
        set_last_error(ERROR_SHARING_VIOLATION);   /* the process holds its current directory open */
    } else if (file_attributes_of(hp.path, -1, &st, NULL) & FILE_ATTRIBUTE_READONLY) {
        set_last_error(ERROR_ACCESS_DENIED);
    } else if (!file_share_check_path(hp.path, DELETE_ACCESS, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)) {
        ;
    } else if (rmdir(hp.path) != 0) {
        set_last_error(errno == ENOTEMPTY || errno == EEXIST ? ERROR_DIR_NOT_EMPTY : win32_error_from_errno(errno));
    } else {
        ok = TRUE;
    }
    host_path_free(&hp);
    return ok;
}

WINAPI BOOL kernel32_RemoveDirectoryW(LPCWSTR name)
{
    bool oom = false;
    char *u = w_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_RemoveDirectory(u);
    free(u);
    return r;
}

/* ---- current directory ---------------------------------------------------------- */

WINAPI DWORD kernel32_GetCurrentDirectoryA(DWORD size, LPSTR buf)
{
    char *cwd = path_cwd_dup();
    if (!cwd) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD r = ret_string_a(cwd, buf, size);
    free(cwd);
    return r;
}

WINAPI DWORD kernel32_GetCurrentDirectoryW(DWORD size, LPWSTR buf)
{
    char *cwd = path_cwd_dup();
    if (!cwd) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD r = ret_string_w(cwd, buf, size);
    free(cwd);
    return r;
}

static WINAPI BOOL  u8_SetCurrentDirectory(LPCSTR name)
{
    TRACE("%s\n", name ? name : "(null)");
    if (!name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return path_set_cwd(name);
}

WINAPI BOOL kernel32_SetCurrentDirectoryW(LPCWSTR name)
{
    bool oom = false;
    char *u = w_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_SetCurrentDirectory(u);
    free(u);
    return r;
}

/* ---- Windows and system directories ---------------------------------------------- */

#define WINDOWS_DIR "C:\\windows"
#define SYSTEM_DIR  "C:\\windows\\system32"

WINAPI UINT kernel32_GetWindowsDirectoryA(LPSTR buf, UINT size) { return ret_string_a(WINDOWS_DIR, buf, size); }
WINAPI UINT kernel32_GetWindowsDirectoryW(LPWSTR buf, UINT size) { return ret_string_w(WINDOWS_DIR, buf, size); }
WINAPI UINT kernel32_GetSystemWindowsDirectoryA(LPSTR buf, UINT size) { return ret_string_a(WINDOWS_DIR, buf, size); }
WINAPI UINT kernel32_GetSystemWindowsDirectoryW(LPWSTR buf, UINT size) { return ret_string_w(WINDOWS_DIR, buf, size); }
WINAPI UINT kernel32_GetSystemDirectoryA(LPSTR buf, UINT size) { return ret_string_a(SYSTEM_DIR, buf, size); }
WINAPI UINT kernel32_GetSystemDirectoryW(LPWSTR buf, UINT size) { return ret_string_w(SYSTEM_DIR, buf, size); }

/* ---- temporary files ------------------------------------------------------------- */

/* TMP, then TEMP, then USERPROFILE, then the Windows directory, made a full
 * path with a trailing '\' (kernelbase's order). Values that are not
 * Windows paths (a host's TMP=/tmp, say) are skipped. */
static char *temp_path(void)
{
    static const char *const vars[] = { "TMP", "TEMP", "USERPROFILE" };
    char *full = NULL;
    for (size_t i = 0; i < 3 && !full; i++) {
        char *v = env_get(vars[i]);
        if (v && ((v[0] && v[1] == ':') || (v[0] == '\\' && v[1] == '\\')))
            full = path_full_win(v);
        free(v);
    }
    if (!full)
        full = strdup(WINDOWS_DIR "\\temp");
    if (!full)
        return NULL;
    size_t n = strlen(full);
    if (n && full[n - 1] != '\\') {
        char *r = realloc(full, n + 2);
        if (!r) {
            free(full);
            return NULL;
        }
        full = r;
        full[n] = '\\';
        full[n + 1] = 0;
    }
    return full;
}

WINAPI DWORD kernel32_GetTempPathA(DWORD size, LPSTR buf)
{
    char *t = temp_path();
    if (!t) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD r = ret_string_a(t, buf, size);
    free(t);
    return r;
}

WINAPI DWORD kernel32_GetTempPathW(DWORD size, LPWSTR buf)
{
    char *t = temp_path();
    if (!t) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD r = ret_string_w(t, buf, size);
    free(t);
    return r;
}

/* GetTempFileName: dir\PPPXXXX.tmp, PPP the prefix's first three characters,
 * XXXX the unique number in hex. With unique 0 a free number is found and
 * the file created (empty); otherwise the name is only made. Returns the
 * number, 0 on failure. out must hold MAX_PATH characters. */
static UINT temp_file_name(const char *dir, const char *prefix, UINT unique, char *out)
{
    if (!dir || !out) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    char pre[16] = "";
    if (prefix) {
        /* three characters, not three bytes */
        size_t i = 0, chars = 0;
        while (prefix[i] && chars < 3) {
            i++;
            while ((prefix[i] & 0xc0) == 0x80)
                i++;
            chars++;
        }
        memcpy(pre, prefix, i);
        pre[i] = 0;
    }
    size_t dl = strlen(dir);
    const char *sep = dl && (dir[dl - 1] == '\\' || dir[dl - 1] == '/') ? "" : "\\";
    if (dl + strlen(sep) + strlen(pre) + 8 >= MAX_PATH) {
        set_last_error(ERROR_BUFFER_OVERFLOW);
        return 0;
    }
    if (unique) {
        unique &= 0xffff;
        if (snprintf(out, MAX_PATH, "%s%s%.12s%X.tmp", dir, sep, pre, unique & 0xffffu) >= MAX_PATH)
            return 0;   /* cannot happen: the length was checked above */
        return unique;
    }
    struct host_path hp;
    if (!path_resolve(dir, &hp))
        return 0;
    bool isdir = hp.device == PATH_FILE && hp.exists && hp.is_dir;
    host_path_free(&hp);
    if (!isdir) {
        set_last_error(ERROR_DIRECTORY);
        return 0;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    UINT start = (UINT)((ts.tv_nsec / 1000 + getpid()) & 0xffff);
    if (!start)
        start = 1;
    UINT n = start;
    do {
        if (snprintf(out, MAX_PATH, "%s%s%.12s%X.tmp", dir, sep, pre, n) >= MAX_PATH)
            return 0;
        HANDLE h = file_create(out, GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_NORMAL);
        if (h != INVALID_HANDLE_VALUE) {
            handle_close(h);
            set_last_error(0);
            return n;
        }
        if (get_last_error() != ERROR_FILE_EXISTS && get_last_error() != ERROR_SHARING_VIOLATION)
            return 0;
        n = (n + 1) & 0xffff;
        if (!n)
            n = 1;
    } while (n != start);
    set_last_error(ERROR_FILE_EXISTS);
    return 0;
}

WINAPI UINT kernel32_GetTempFileNameA(LPCSTR dir, LPCSTR prefix, UINT unique, LPSTR buf)
{
    bool oom = false;
    char *d = a_arg(dir, &oom), *p = a_arg(prefix, &oom);
    char out[MAX_PATH * 4];
    UINT r = 0;
    if (oom) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    } else if (!buf) {
        set_last_error(ERROR_INVALID_PARAMETER);
    } else if ((r = temp_file_name(d, p, unique, out))) {
        char *a = utf8_to_acp(out);
        size_t n = a ? strlen(a) : 0;
        if (n >= MAX_PATH)
            n = MAX_PATH - 1;
        memcpy(buf, a ? a : "", n);
        buf[n] = 0;
        free(a);
    }
    free(d);
    free(p);
    return r;
}

WINAPI UINT kernel32_GetTempFileNameW(LPCWSTR dir, LPCWSTR prefix, UINT unique, LPWSTR buf)
{
    bool oom = false;
    char *d = w_arg(dir, &oom), *p = w_arg(prefix, &oom);
    char out[MAX_PATH * 4];
    UINT r = 0;
    if (oom)
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    else if (!buf)
        set_last_error(ERROR_INVALID_PARAMETER);
    else if ((r = temp_file_name(d, p, unique, out)))
        utf8_to_utf16(out, -1, buf, MAX_PATH);
    free(d);
    free(p);
    return r;
}

/* ---- A forms: ANSI code page arguments ---------------------------------------- */

WINAPI BOOL kernel32_RemoveDirectoryA(LPCSTR name)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_RemoveDirectory(u_name);
    free(u_name);
    return r;
}

WINAPI BOOL kernel32_SetCurrentDirectoryA(LPCSTR name)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    BOOL r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), FALSE) : u8_SetCurrentDirectory(u_name);
    free(u_name);
    return r;
}
