/*
 * shell32.c - the few shell32 functions console programs use, cmd.exe
 * first of all:
 *   FindExecutableW        the program that opens a file: itself for
 *                          programs (exe com pif bat cmd), else the
 *                          HKEY_CLASSES_ROOT association's open command
 *   SHGetFileInfoW         SHGFI_EXETYPE only: is it a console or a GUI
 *                          program (cmd waits for console ones)
 *   SHFileOperationW       FO_DELETE only (cmd's `rd /s`): files and whole
 *                          directory trees
 * Everything else these functions can do says FIXME and fails: icons,
 * display names, copy/move with progress dialogs have no console use.
 */
#include "winapi/wintypes.h"
#include "winapi/advapi32/advapi32.h"
#include "winapi/dll.h"
#include "winapi/error.h"
#include "winapi/path.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/debug.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

DEBUG_CHANNEL(shell);

#define SE_ERR_FNF          2
#define SE_ERR_NOASSOC      31
#define FOUND               33      /* any value above 32 means success */

/* kernel32 functions, through its export table (they say so if missing). */
static void *kernel32_fn(const char *name)
{
    struct builtin_dll *k32 = builtin_find("kernel32");
    return k32 ? builtin_resolve(k32, name, 0, false) : unimplemented_thunk("kernel32.dll", name);
}

typedef DWORD (WINAPI *search_path_fn)(LPCWSTR, LPCWSTR, LPCWSTR, DWORD, LPWSTR, LPWSTR *);

static bool ext_is(const WCHAR *ext, const char *want)
{
    size_t i = 0;
    for (; ext[i] && want[i]; i++) {
        WCHAR c = ext[i] >= 'A' && ext[i] <= 'Z' ? ext[i] + 32 : ext[i];
        if (c != (WCHAR)want[i])
            return false;
    }
    return !ext[i] && !want[i];
}

/* The extension of a path's last component (after the dot), or NULL. */
static const WCHAR *extension(const WCHAR *p)
{
    const WCHAR *dot = NULL;
    for (; *p; p++) {
        if (*p == '\\' || *p == '/')
            dot = NULL;
        else if (*p == '.')
            dot = p;
    }
    return dot ? dot + 1 : NULL;
}

/* The program in a shell command line: its first word, quoted or not. */
static void command_program(const WCHAR *cmd, WCHAR *out, size_t room)
{
    size_t o = 0;
    while (*cmd == ' ' || *cmd == '\t')
        cmd++;
    if (*cmd == '"') {
        for (cmd++; *cmd && *cmd != '"' && o + 1 < room; cmd++)
            out[o++] = *cmd;
    } else {
        for (; *cmd && *cmd != ' ' && *cmd != '\t' && o + 1 < room; cmd++)
            out[o++] = *cmd;
    }
    out[o] = 0;
}

/* HKCR\<.ext> -> class -> HKCR\<class>\shell\open\command -> its program. */
static bool association(const WCHAR *ext, WCHAR *out, size_t room)
{
    WCHAR key[300], cls[256], cmd[1024];
    size_t n = reg_wlen(ext);
    if (n + 2 > 300)
        return false;
    key[0] = '.';
    memcpy(key + 1, ext, (n + 1) * sizeof *key);
    DWORD size = sizeof cls, type;
    HKEY h;
    if (advapi32_RegOpenKeyExW(HKEY_CLASSES_ROOT, key, 0, KEY_QUERY_VALUE, &h))
        return false;
    LONG err = advapi32_RegQueryValueExW(h, NULL, NULL, &type, (BYTE *)cls, &size);
    advapi32_RegCloseKey(h);
    if (err || type != REG_SZ || size < 4)
        return false;
    cls[sizeof cls / sizeof *cls - 1] = 0;
    static const char tail[] = "\\shell\\open\\command";
    n = reg_wlen(cls);
    if (n + sizeof tail > 300)
        return false;
    memcpy(key, cls, n * sizeof *key);
    for (size_t i = 0; i < sizeof tail; i++)
        key[n + i] = (WCHAR)tail[i];
    if (advapi32_RegOpenKeyExW(HKEY_CLASSES_ROOT, key, 0, KEY_QUERY_VALUE, &h))
        return false;
    size = sizeof cmd - sizeof *cmd;
    err = advapi32_RegQueryValueExW(h, NULL, NULL, &type, (BYTE *)cmd, &size);
    advapi32_RegCloseKey(h);
    if (err || (type != REG_SZ && type != REG_EXPAND_SZ))
        return false;
    cmd[size / sizeof *cmd] = 0;
    command_program(cmd, out, room);
    return out[0] != 0;
}

HINSTANCE WINAPI shell32_FindExecutableW(LPCWSTR file, LPCWSTR dir, LPWSTR result)
{
    TRACE("(%p, %p, %p)\n", file, dir, result);
    if (!result)
        return (HINSTANCE)(INT_PTR)SE_ERR_NOASSOC;
    *result = 0;
    if (!file || !*file)
        return (HINSTANCE)(INT_PTR)SE_ERR_FNF;
    /* Found in dir, then where a program would be searched for. */
    WCHAR found[MAX_PATH];
    search_path_fn search = (search_path_fn)kernel32_fn("SearchPathW");
    static const WCHAR exe[] = { '.', 'e', 'x', 'e', 0 };
    DWORD n = 0;
    if (dir && *dir)
        n = search(dir, file, exe, MAX_PATH, found, NULL);
    if (!n || n >= MAX_PATH)
        n = search(NULL, file, exe, MAX_PATH, found, NULL);
    if (!n || n >= MAX_PATH)
        return (HINSTANCE)(INT_PTR)SE_ERR_FNF;
    const WCHAR *ext = extension(found);
    if (!ext)
        return (HINSTANCE)(INT_PTR)SE_ERR_NOASSOC;
    static const char *const programs[] = { "exe", "com", "pif", "bat", "cmd" };
    for (size_t i = 0; i < sizeof programs / sizeof *programs; i++)
        if (ext_is(ext, programs[i])) {
            memcpy(result, found, (n + 1) * sizeof *found);
            return (HINSTANCE)(INT_PTR)FOUND;
        }
    if (!association(ext, result, MAX_PATH))
        return (HINSTANCE)(INT_PTR)SE_ERR_NOASSOC;
    return (HINSTANCE)(INT_PTR)FOUND;
}

/* ---- SHGetFileInfoW -------------------------------------------------------- */

#define SHGFI_EXETYPE           0x2000
#define IMAGE_NT_SIGNATURE      0x00004550
#define IMAGE_FILE_DLL          0x2000
#define IMAGE_SUBSYSTEM_WINDOWS_GUI 2

static bool read_at(int fd, off_t off, void *buf, size_t n)
{
    return pread(fd, buf, n, off) == (ssize_t)n;
}

static uint16_t le16(const BYTE *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const BYTE *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* What SHGFI_EXETYPE answers: 'PE' (+ subsystem version for GUI programs),
 * 'MZ' for DOS programs, 0 for anything that is not a program. */
static DWORD_PTR exe_type(const WCHAR *path)
{
    const WCHAR *ext = extension(path);
    char *u = utf16_to_utf8_alloc(path);
    char *host = u ? path_to_host(u) : NULL;
    free(u);
    int fd = host ? open(host, O_RDONLY | O_CLOEXEC) : -1;
    free(host);
    if (fd < 0)
        return 0;
    DWORD_PTR ret = 0;
    BYTE mz[64], pe[24 + 72];
    if (read_at(fd, 0, mz, sizeof mz) && mz[0] == 'M' && mz[1] == 'Z') {
        uint32_t lfanew = le32(mz + 60);
        if (read_at(fd, lfanew, pe, sizeof pe) && le32(pe) == IMAGE_NT_SIGNATURE) {
            /* file header: Characteristics at 22; optional header at 24:
             * MajorSubsystemVersion +48, Minor +50, Subsystem +68 (PE32 and PE32+) */
            uint16_t chars = le16(pe + 22), major = le16(pe + 24 + 48), minor = le16(pe + 24 + 50);
            if (!(chars & IMAGE_FILE_DLL)) {
                ret = IMAGE_NT_SIGNATURE;
                if (le16(pe + 24 + 68) == IMAGE_SUBSYSTEM_WINDOWS_GUI)
                    ret |= (DWORD)(major & 0xff) << 24 | (DWORD)(minor & 0xff) << 16;
            }
        } else if (ext && (ext_is(ext, "exe") || ext_is(ext, "com"))) {
            ret = 0x4d5a;       /* a DOS program, as Wine answers */
        }
    } else if (ext && ext_is(ext, "com")) {
        ret = 0x4d5a;
    }
    close(fd);
    return ret;
}

DWORD_PTR WINAPI shell32_SHGetFileInfoW(LPCWSTR path, DWORD attrs, void *info, UINT size, UINT flags)
{
    TRACE("(%p, %#x, %p, %u, %#x)\n", path, attrs, info, size, flags);
    if (flags & SHGFI_EXETYPE) {
        /* The exe type cannot be combined with anything else. */
        if (flags != SHGFI_EXETYPE || !path)
            return 0;
        return exe_type(path);
    }
    FIXME("flags %#x: only SHGFI_EXETYPE is supported\n", flags);
    return 0;
}

/* ---- SHFileOperationW ------------------------------------------------------ */

struct shfileop {
    HANDLE hwnd;                /* 0 */
    UINT func;                  /* 8 */
    const WCHAR *from;          /* 16: double-NUL-terminated list */
    const WCHAR *to;            /* 24 */
    WORD flags;                 /* 32 */
    BOOL aborted;               /* 36 */
    void *name_mappings;        /* 40 */
    const WCHAR *progress_title;/* 48 */
};
_Static_assert(offsetof(struct shfileop, flags) == 32, "SHFILEOPSTRUCTW");
_Static_assert(sizeof(struct shfileop) == 56, "SHFILEOPSTRUCTW");

#define FO_DELETE           3
#define FOF_FILESONLY       0x0080
#define DE_INVALIDFILES     0x7c

static int remove_one(const char *p, const struct stat *st, int kind, struct FTW *ftw)
{
    return (kind == FTW_DP ? rmdir(p) : unlink(p)) ? -1 : 0;
}

static DWORD delete_path(const WCHAR *wpath, WORD flags)
{
    char *u = utf16_to_utf8_alloc(wpath);
    if (!u)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (strpbrk(u, "*?")) {
        FIXME("wildcards in SHFileOperation are not supported\n");
        free(u);
        return DE_INVALIDFILES;
    }
    struct host_path hp;
    bool ok = path_resolve(u, &hp);
    free(u);
    if (!ok)
        return ERROR_PATH_NOT_FOUND;
    DWORD err = ERROR_SUCCESS;
    if (hp.device != PATH_FILE || !hp.path || !hp.exists)
        err = hp.exists ? ERROR_ACCESS_DENIED : ERROR_FILE_NOT_FOUND;
    else if (!hp.is_dir)
        err = unlink(hp.path) ? win32_error_from_errno(errno) : ERROR_SUCCESS;
    else if (flags & FOF_FILESONLY)
        err = ERROR_SUCCESS;        /* a directory is left alone */
    else if (nftw(hp.path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
        err = win32_error_from_errno(errno);
    host_path_free(&hp);
    return err;
}

int WINAPI shell32_SHFileOperationW(struct shfileop *op)
{
    if (!op)
        return ERROR_INVALID_PARAMETER;
    TRACE("func %u flags %#x\n", op->func, op->flags);
    if (op->func != FO_DELETE) {
        FIXME("only FO_DELETE is supported, not operation %u\n", op->func);
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
    op->aborted = FALSE;
    if (!op->from || !*op->from)
        return ERROR_INVALID_PARAMETER;
    for (const WCHAR *p = op->from; *p; p += reg_wlen(p) + 1) {
        DWORD err = delete_path(p, op->flags);
        if (err)
            return (int)err;
    }
    return 0;
}
