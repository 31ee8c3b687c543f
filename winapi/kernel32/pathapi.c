/*
 * kernel32/pathapi.c - path names: GetFullPathName, GetLongPathName and
 * GetShortPathName (identity on existing files: the host has no 8.3 names),
 * SearchPath, and the environment lookup they need.
 */
#include "winapi/kernel32/fileapi.h"
#include "winapi/path.h"
#include "winapi/process.h"
#include "winapi/error.h"
#include "winapi/debug.h"

#include <stdio.h>

DEBUG_CHANNEL(file);

char *env_get(const char *name)
{
    struct peb *peb = peb_get();
    const WCHAR *e = peb && peb->process_parameters ? peb->process_parameters->environment : NULL;
    size_t nl = strlen(name);
    while (e && *e) {
        size_t len = wstrlen(e);
        char *entry = utf16_to_utf8_alloc(e);
        /* "=C:=C:\dir" entries start with '=': the name is after it */
        const char *eq = entry ? strchr(entry + 1, '=') : NULL;
        if (eq && (size_t)(eq - entry) == nl && path_name_equal(entry, nl, name, nl)) {
            char *v = strdup(eq + 1);
            free(entry);
            return v;
        }
        free(entry);
        e += len + 1;
    }
    return NULL;
}

/* ---- GetFullPathName ------------------------------------------------------------ */

/* Offset of the file part in a full path, or -1 when it ends with '\'
 * or names a device (\\.\NUL has no file part). */
static ptrdiff_t file_part(const char *full)
{
    if (!strncmp(full, "\\\\.\\", 4) && !strchr(full + 4, '\\') && path_dos_device(full + 4, NULL))
        return -1;
    const char *s = strrchr(full, '\\');
    if (!s)
        return 0;
    return s[1] ? s + 1 - full : -1;
}

static WINAPI DWORD  u8_GetFullPathName(LPCSTR name, DWORD size, LPSTR buf, LPSTR *part)
{
    if (!name || !*name) {
        set_last_error(ERROR_INVALID_NAME);
        return 0;
    }
    char *full = path_full_win(name);
    if (!full)
        return 0;
    DWORD r = ret_string_a(full, buf, size);
    if (part && r < size && buf) {
        ptrdiff_t p = file_part(full);
        *part = p < 0 ? NULL : buf + acp_offset(full, (size_t)p);
    }
    free(full);
    return r;
}

WINAPI DWORD kernel32_GetFullPathNameW(LPCWSTR name, DWORD size, LPWSTR buf, LPWSTR *part)
{
    if (!name || !*name) {
        set_last_error(ERROR_INVALID_NAME);
        return 0;
    }
    char *u = utf16_to_utf8_alloc(name);
    char *full = u ? path_full_win(u) : NULL;
    free(u);
    if (!full)
        return 0;
    DWORD r = ret_string_w(full, buf, size);
    if (part && r < size && buf) {
        ptrdiff_t p = file_part(full);
        *part = p < 0 ? NULL : buf + utf8_to_utf16(full, p, NULL, 0);
    }
    free(full);
    return r;
}

/* ---- long and short names ----------------------------------------------------------- */

/* name with each component spelt as on the disk (GetLongPathName looks
 * every component up). Prefixes, ".", ".." and a drive are kept. */
static char *disk_case(const char *name)
{
    char *out = strdup(name);
    if (!out)
        return NULL;
    size_t n = strlen(out);
    for (size_t i = 0; i < n;) {
        while (i < n && (out[i] == '\\' || out[i] == '/'))
            i++;
        size_t e = i;
        while (e < n && out[e] != '\\' && out[e] != '/')
            e++;
        bool special = (e - i == 1 && out[i] == '.') || (e - i == 2 && out[i] == '.' && out[i + 1] == '.') ||
                       (e - i == 2 && out[i + 1] == ':') || (i < 4 && (out[i] == '?' || out[i] == '.'));
        if (e > i && !special) {
            char save = out[e];
            out[e] = 0;
            struct host_path hp;
            if (path_resolve(out, &hp)) {
                const char *slash = hp.path ? strrchr(hp.path, '/') : NULL;
                /* the host name replaces the component when it is the same length */
                if (slash && hp.exists && strlen(slash + 1) == e - i)
                    memcpy(out + i, slash + 1, e - i);
                host_path_free(&hp);
            }
            out[e] = save;
        }
        i = e;
    }
    return out;
}

/* The name itself, with the disk's case, when it exists (there are no 8.3
 * aliases to expand or make). */
static char *existing_name(const char *name)
{
    if (!name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!*name) {
        set_last_error(ERROR_PATH_NOT_FOUND);
        return NULL;
    }
    struct host_path hp;
    if (!path_resolve(name, &hp))
        return NULL;
    bool ok = hp.exists;
    if (!ok)
        set_last_error(host_path_missing_error(&hp));
    host_path_free(&hp);
    return ok ? disk_case(name) : NULL;
}

static WINAPI DWORD  u8_GetLongPathName(LPCSTR name, LPSTR buf, DWORD size)
{
    char *n = existing_name(name);
    if (!n)
        return 0;
    DWORD r = ret_string_a(n, buf, size);
    free(n);
    return r;
}

WINAPI DWORD kernel32_GetLongPathNameW(LPCWSTR name, LPWSTR buf, DWORD size)
{
    char *u = name ? utf16_to_utf8_alloc(name) : NULL;
    char *n = existing_name(name ? (u ? u : "") : NULL);
    free(u);
    if (!n)
        return 0;
    DWORD r = ret_string_w(n, buf, size);
    free(n);
    return r;
}

WINAPI DWORD kernel32_GetLongPathNameA(LPCSTR name, LPSTR buf, DWORD size);

WINAPI DWORD kernel32_GetShortPathNameA(LPCSTR name, LPSTR buf, DWORD size)
{
    return kernel32_GetLongPathNameA(name, buf, size);
}

WINAPI DWORD kernel32_GetShortPathNameW(LPCWSTR name, LPWSTR buf, DWORD size)
{
    return kernel32_GetLongPathNameW(name, buf, size);
}

/* ---- SearchPath ------------------------------------------------------------------------ */

/* dir\file(+ext) when it exists: the full path, malloc'd. */
static char *try_file(const char *dir, const char *file, const char *ext)
{
    size_t n = (dir ? strlen(dir) : 0) + strlen(file) + (ext ? strlen(ext) : 0) + 3;
    char *cand = malloc(n);
    if (!cand)
        return NULL;
    if (dir && *dir) {
        size_t dl = strlen(dir);
        snprintf(cand, n, "%s%s%s%s", dir, dir[dl - 1] == '\\' || dir[dl - 1] == '/' ? "" : "\\", file, ext ? ext : "");
    } else {
        snprintf(cand, n, "%s%s", file, ext ? ext : "");
    }
    struct host_path hp;
    char *full = NULL;
    if (path_resolve(cand, &hp)) {
        if (hp.exists && hp.device == PATH_FILE)
            full = path_full_win(cand);
        host_path_free(&hp);
    }
    free(cand);
    return full;
}

static char *search_path(const char *path, const char *file, const char *ext)
{
    /* the extension is added only to a name that has none */
    const char *base = file;
    for (const char *p = file; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    if (ext && (strchr(base, '.') || !*ext))
        ext = NULL;
    bool has_path = base != file || (file[0] == '.' && (file[1] == '\\' || file[1] == '/' ||
                                                        (file[1] == '.' && (file[2] == '\\' || file[2] == '/'))));
    if (has_path)
        return try_file(NULL, file, ext);
    char *list;
    if (path) {
        list = strdup(path);
    } else {
        /* the program's directory, the current one, system32, windows, then PATH */
        char *exe = process_image_host_path() ? path_to_win(process_image_host_path()) : NULL;
        if (exe) {
            char *s = strrchr(exe, '\\');
            if (s)
                *(s == exe + 2 ? s + 1 : s) = 0;
        }
        char *env = env_get("PATH");
        size_t n = (exe ? strlen(exe) : 0) + (env ? strlen(env) : 0) + 64;
        list = malloc(n);
        if (list)
            snprintf(list, n, "%s;.;C:\\windows\\system32;C:\\windows;%s", exe ? exe : ".", env ? env : "");
        free(exe);
        free(env);
    }
    if (!list)
        return NULL;
    char *found = NULL, *save = NULL;
    for (char *dir = strtok_r(list, ";", &save); dir && !found; dir = strtok_r(NULL, ";", &save)) {
        /* skip what is not a Windows directory (a host PATH's /usr/bin:/bin, say) */
        if (dir[0] == '/')
            continue;
        found = try_file(dir, file, ext);
    }
    free(list);
    return found;
}

static WINAPI DWORD  u8_SearchPath(LPCSTR path, LPCSTR file, LPCSTR ext, DWORD size, LPSTR buf, LPSTR *part)
{
    if (!file || !*file) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    char *found = search_path(path, file, ext);
    if (!found) {
        set_last_error(ERROR_FILE_NOT_FOUND);
        return 0;
    }
    DWORD r = ret_string_a(found, buf, size);
    if (part && r < size && buf) {
        ptrdiff_t p = file_part(found);
        *part = p < 0 ? NULL : buf + acp_offset(found, (size_t)p);
    }
    free(found);
    return r;
}

WINAPI DWORD kernel32_SearchPathW(LPCWSTR path, LPCWSTR file, LPCWSTR ext, DWORD size, LPWSTR buf, LPWSTR *part)
{
    if (!file || !*file) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    bool oom = false;
    char *p = w_arg(path, &oom), *f = w_arg(file, &oom), *e = w_arg(ext, &oom);
    char *found = oom ? NULL : search_path(p, f, e);
    free(p);
    free(f);
    free(e);
    if (!found) {
        set_last_error(oom ? ERROR_NOT_ENOUGH_MEMORY : ERROR_FILE_NOT_FOUND);
        return 0;
    }
    DWORD r = ret_string_w(found, buf, size);
    if (part && r < size && buf) {
        ptrdiff_t fp = file_part(found);
        *part = fp < 0 ? NULL : buf + utf8_to_utf16(found, fp, NULL, 0);
    }
    free(found);
    return r;
}

/* ---- A forms: ANSI code page arguments ---------------------------------------- */

WINAPI DWORD kernel32_GetFullPathNameA(LPCSTR name, DWORD size, LPSTR buf, LPSTR *part)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    DWORD r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), 0) : u8_GetFullPathName(u_name, size, buf, part);
    free(u_name);
    return r;
}

WINAPI DWORD kernel32_GetLongPathNameA(LPCSTR name, LPSTR buf, DWORD size)
{
    bool oom = false;
    char *u_name = a_arg(name, &oom);
    DWORD r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), 0) : u8_GetLongPathName(u_name, buf, size);
    free(u_name);
    return r;
}

WINAPI DWORD kernel32_SearchPathA(LPCSTR path, LPCSTR file, LPCSTR ext, DWORD size, LPSTR buf, LPSTR *part)
{
    bool oom = false;
    char *u_path = a_arg(path, &oom);
    char *u_file = a_arg(file, &oom);
    char *u_ext = a_arg(ext, &oom);
    DWORD r = oom ? (set_last_error(ERROR_NOT_ENOUGH_MEMORY), 0) : u8_SearchPath(u_path, u_file, u_ext, size, buf, part);
    free(u_path);
    free(u_file);
    free(u_ext);
    return r;
}
