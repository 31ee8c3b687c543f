/*
 * kernel32/environ.c - the process environment block and start-up data:
 * Get/SetEnvironmentVariable, ExpandEnvironmentStrings, GetEnvironmentStrings,
 * GetCommandLine, GetStartupInfo.
 *
 * The environment is the UTF-16 block in the PEB's process parameters
 * ("NAME=value\0...\0\0", built by process.c from the host environment);
 * programs may read it there directly, so every change builds a new block
 * and swaps the pointer. Like Windows, the block is kept sorted by name
 * (case-insensitively) and names compare case-insensitively. Entries whose
 * name starts with '=' (per-drive directories) are hidden from plain lookups
 * only in that their name includes the '='.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/heap.h"
#include "winapi/process.h"
#include "winapi/kernel32/k32sys.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t env_lock = PTHREAD_MUTEX_INITIALIZER;
static bool env_sorted;

static struct rtl_user_process_parameters *params(void) { return peb_get()->process_parameters; }

static size_t block_len(const WCHAR *b)   /* in WCHARs, including the final NUL */
{
    const WCHAR *p = b;
    while (*p)
        p += wstrlen(p) + 1;
    return (size_t)(p - b) + 1;
}

/* Case-insensitive compare of two names, each ending at '=' (not counting
 * a leading '=') or at n characters. */
static int name_cmp(const WCHAR *a, size_t an, const WCHAR *b, size_t bn)
{
    for (size_t i = 0;; i++) {
        WCHAR x = i < an ? k32_toupper(a[i]) : 0, y = i < bn ? k32_toupper(b[i]) : 0;
        if (x != y || !x)
            return (int)x - (int)y;
    }
}

static size_t name_len(const WCHAR *entry)
{
    const WCHAR *eq = entry[0] ? entry + 1 : entry;   /* "=C:=C:\x": the name is "=C:" */
    while (*eq && *eq != '=')
        eq++;
    return (size_t)(eq - entry);
}

/* The entry whose name is name[0..n), or NULL. Call with env_lock held. */
static const WCHAR *find(const WCHAR *name, size_t n)
{
    const WCHAR *b = params() ? params()->environment : NULL;
    for (const WCHAR *p = b; p && *p; p += wstrlen(p) + 1)
        if (!name_cmp(p, name_len(p), name, n))
            return p;
    return NULL;
}

static int entry_cmp(const void *a, const void *b)
{
    const WCHAR *x = *(const WCHAR *const *)a, *y = *(const WCHAR *const *)b;
    return name_cmp(x, name_len(x), y, name_len(y));
}

/* Build a new sorted block from the old one without `skip` and plus `add`
 * (either may be NULL). Call with env_lock held. */
static bool rebuild(const WCHAR *skip, const WCHAR *add)
{
    WCHAR *old = params()->environment;
    size_t count = 0, total = 1;
    for (const WCHAR *p = old; p && *p; p += wstrlen(p) + 1)
        count++;
    const WCHAR **list = malloc((count + 1) * sizeof *list);
    if (!list)
        return false;
    size_t n = 0;
    for (const WCHAR *p = old; p && *p; p += wstrlen(p) + 1)
        if (p != skip) {
            list[n++] = p;
            total += wstrlen(p) + 1;
        }
    if (add) {
        list[n++] = add;
        total += wstrlen(add) + 1;
    }
    qsort(list, n, sizeof *list, entry_cmp);
    WCHAR *blk = malloc(total * sizeof *blk), *o = blk;
    if (!blk) {
        free(list);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        size_t l = wstrlen(list[i]) + 1;
        memcpy(o, list[i], l * sizeof *o);
        o += l;
    }
    *o = 0;
    free(list);
    /* The old block is left allocated: another thread or the program may
     * still hold a pointer into it (GetEnvironmentStrings copies, but PEB
     * readers do not). Changes are rare, so the leak is bounded. */
    params()->environment = blk;
    return true;
}

static void ensure_sorted(void)
{
    if (!env_sorted && params() && params()->environment) {
        env_sorted = true;
        rebuild(NULL, NULL);
    }
}

WINAPI DWORD kernel32_GetEnvironmentVariableW(const WCHAR *name, WCHAR *buf, DWORD size)
{
    if (!name || !*name) {
        set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    pthread_mutex_lock(&env_lock);
    size_t n = wstrlen(name);
    const WCHAR *e = find(name, n);
    if (!e) {
        pthread_mutex_unlock(&env_lock);
        set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    const WCHAR *val = e + name_len(e) + 1;
    DWORD len = (DWORD)wstrlen(val), ret;
    if (len < size && buf) {
        memcpy(buf, val, (len + 1) * sizeof *buf);
        ret = len;
    } else {
        ret = len + 1;           /* the size needed, terminator included */
    }
    pthread_mutex_unlock(&env_lock);
    return ret;
}

WINAPI DWORD kernel32_GetEnvironmentVariableA(const char *name, char *buf, DWORD size)
{
    WCHAR *wname = acp_to_wide(name);
    if (!wname || !*wname) {
        free(wname);
        set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    DWORD wlen = kernel32_GetEnvironmentVariableW(wname, NULL, 0);
    if (!wlen) {
        free(wname);
        return 0;
    }
    WCHAR *w = malloc((wlen + 1) * sizeof *w);
    DWORD got = w ? kernel32_GetEnvironmentVariableW(wname, w, wlen + 1) : 0;
    free(wname);
    if (!w) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    w[got < wlen + 1 ? got : wlen] = 0;
    char *a = wide_to_acp(w);
    free(w);
    DWORD len = a ? (DWORD)strlen(a) : 0, ret;
    if (len < size && buf) {
        memcpy(buf, a, len + 1);
        ret = len;
    } else {
        ret = len + 1;
    }
    free(a);
    return ret;
}

WINAPI BOOL kernel32_SetEnvironmentVariableW(const WCHAR *name, const WCHAR *value)
{
    if (!name) {
        set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return FALSE;
    }
    size_t n = wstrlen(name);
    /* '=' may only start a name. */
    bool bad = !n;
    for (size_t i = 1; i < n; i++)
        bad |= name[i] == '=';
    if (bad) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&env_lock);
    ensure_sorted();
    const WCHAR *old = find(name, n);
    bool ok = true;
    if (!value) {
        if (old)
            ok = rebuild(old, NULL);
        else {
            /* Deleting what does not exist fails, as on Windows. */
            pthread_mutex_unlock(&env_lock);
            set_last_error(ERROR_ENVVAR_NOT_FOUND);
            return FALSE;
        }
    } else {
        size_t vn = wstrlen(value);
        WCHAR *entry = malloc((n + vn + 2) * sizeof *entry);
        if (!entry)
            ok = false;
        else {
            memcpy(entry, name, n * sizeof *entry);
            entry[n] = '=';
            memcpy(entry + n + 1, value, (vn + 1) * sizeof *entry);
            ok = rebuild(old, entry);
            free(entry);
        }
    }
    pthread_mutex_unlock(&env_lock);
    if (!ok)
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return ok;
}

WINAPI BOOL kernel32_SetEnvironmentVariableA(const char *name, const char *value)
{
    if (!name) {
        set_last_error(ERROR_ENVVAR_NOT_FOUND);
        return FALSE;
    }
    WCHAR *wn = acp_to_wide(name), *wv = acp_to_wide(value);
    BOOL r = wn && (!value || wv) ? kernel32_SetEnvironmentVariableW(wn, wv) : FALSE;
    free(wn);
    free(wv);
    return r;
}

/* %NAME% -> value for defined names; anything else is copied as is.
 * Returns the characters needed including the terminator. */
static DWORD expand(const WCHAR *src, WCHAR *dst, DWORD size)
{
    DWORD o = 0;
#define PUT(c) do { if (o < size) dst[o] = (c); o++; } while (0)
    pthread_mutex_lock(&env_lock);
    while (*src) {
        if (*src == '%') {
            const WCHAR *end = src + 1;
            while (*end && *end != '%')
                end++;
            const WCHAR *e = *end && end > src + 1 ? find(src + 1, (size_t)(end - src - 1)) : NULL;
            if (e) {
                for (const WCHAR *v = e + name_len(e) + 1; *v; v++)
                    PUT(*v);
                src = end + 1;
                continue;
            }
            if (*end == '%' && end > src + 1) {
                /* Undefined: keep the leading '%NAME' and rescan from the second '%'. */
                for (; src < end; src++)
                    PUT(*src);
                continue;
            }
        }
        PUT(*src);
        src++;
    }
    PUT(0);
#undef PUT
    pthread_mutex_unlock(&env_lock);
    return o;
}

WINAPI DWORD kernel32_ExpandEnvironmentStringsW(const WCHAR *src, WCHAR *dst, DWORD size)
{
    if (!src) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!dst)
        size = 0;
    DWORD need = expand(src, dst, size);
    if (need > size && size)
        dst[size - 1] = 0;
    return need;
}

WINAPI DWORD kernel32_ExpandEnvironmentStringsA(const char *src, char *dst, DWORD size)
{
    if (!src) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WCHAR *w = acp_to_wide(src);
    DWORD wn = w ? expand(w, NULL, 0) : 0;
    WCHAR *out = wn ? malloc(wn * sizeof *out) : NULL;
    if (!out) {
        free(w);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    expand(w, out, wn);
    free(w);
    char *a = wide_to_acp(out);
    free(out);
    DWORD need = a ? (DWORD)strlen(a) + 1 : 0;
    if (dst && size) {
        DWORD n = need <= size ? need : size;
        memcpy(dst, a, n);
        dst[n - 1] = 0;
    }
    free(a);
    return need;
}

WINAPI WCHAR *kernel32_GetEnvironmentStringsW(void)
{
    pthread_mutex_lock(&env_lock);
    ensure_sorted();
    const WCHAR *b = params()->environment;
    size_t n = block_len(b);
    WCHAR *copy = heap_alloc(heap_process(), 0, n * sizeof *copy);
    if (copy)
        memcpy(copy, b, n * sizeof *copy);
    pthread_mutex_unlock(&env_lock);
    return copy;
}

WINAPI char *kernel32_GetEnvironmentStringsA(void)
{
    WCHAR *w = kernel32_GetEnvironmentStringsW();
    if (!w)
        return NULL;
    int n = (int)block_len(w);
    int need = cp_from_wide(CP_ACP, w, n, NULL, 0);
    char *a = heap_alloc(heap_process(), 0, (size_t)need);
    if (a)
        cp_from_wide(CP_ACP, w, n, a, need);
    heap_free(heap_process(), 0, w);
    return a;
}

WINAPI BOOL kernel32_FreeEnvironmentStringsW(WCHAR *p)
{
    return heap_free(heap_process(), 0, p);
}

WINAPI BOOL kernel32_FreeEnvironmentStringsA(char *p)
{
    return heap_free(heap_process(), 0, p);
}

WINAPI BOOL kernel32_SetEnvironmentStringsW(const WCHAR *block)
{
    if (!block) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* Every entry must be NAME=value. */
    for (const WCHAR *p = block; *p; p += wstrlen(p) + 1) {
        const WCHAR *eq = p + 1;
        while (*eq && *eq != '=')
            eq++;
        if (!*eq) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return FALSE;
        }
    }
    size_t n = block_len(block);
    WCHAR *copy = malloc(n * sizeof *copy);
    if (!copy) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(copy, block, n * sizeof *copy);
    pthread_mutex_lock(&env_lock);
    params()->environment = copy;
    env_sorted = false;
    ensure_sorted();
    pthread_mutex_unlock(&env_lock);
    return TRUE;
}

/* ---- command line and start-up information ------------------------------ */

WINAPI const WCHAR *kernel32_GetCommandLineW(void) { return process_command_line_w(); }

static char *cmdline_acp;
static void cmdline_init(void) { cmdline_acp = wide_to_acp(process_command_line_w()); }

WINAPI const char *kernel32_GetCommandLineA(void)
{
    /* In the ANSI code page, made once: programs keep the pointer. */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, cmdline_init);
    return cmdline_acp ? cmdline_acp : "";
}

typedef struct {
    DWORD cb;
    void *lpReserved;
    void *lpDesktop;
    void *lpTitle;
    DWORD dwX, dwY, dwXSize, dwYSize, dwXCountChars, dwYCountChars, dwFillAttribute;
    DWORD dwFlags;
    WORD wShowWindow;
    WORD cbReserved2;
    BYTE *lpReserved2;
    HANDLE hStdInput, hStdOutput, hStdError;
} STARTUPINFO;
_Static_assert(sizeof(STARTUPINFO) == 104, "STARTUPINFO is 104 bytes on x64");
_Static_assert(offsetof(STARTUPINFO, dwFlags) == 60, "layout");
_Static_assert(offsetof(STARTUPINFO, hStdInput) == 80, "layout");

#define STARTF_USESTDHANDLES 0x100

static void startup_common(STARTUPINFO *si)
{
    struct rtl_user_process_parameters *pp = params();
    memset(si, 0, sizeof *si);
    si->cb = sizeof *si;
    si->dwX = pp->starting_x;
    si->dwY = pp->starting_y;
    si->dwXSize = pp->count_x;
    si->dwYSize = pp->count_y;
    si->dwXCountChars = pp->count_chars_x;
    si->dwYCountChars = pp->count_chars_y;
    si->dwFillAttribute = pp->fill_attribute;
    si->dwFlags = pp->window_flags;
    si->wShowWindow = (WORD)pp->show_window_flags;
    if (si->dwFlags & STARTF_USESTDHANDLES) {
        si->hStdInput = pp->std_input;
        si->hStdOutput = pp->std_output;
        si->hStdError = pp->std_error;
    }
}

static const WCHAR empty_w[1];

WINAPI void kernel32_GetStartupInfoW(STARTUPINFO *si)
{
    struct rtl_user_process_parameters *pp = params();
    startup_common(si);
    si->lpDesktop = pp->desktop_info.Buffer ? pp->desktop_info.Buffer : (WCHAR *)empty_w;
    si->lpTitle = pp->window_title.Buffer ? pp->window_title.Buffer : pp->image_path_name.Buffer;
}

static char *desktop_acp, *title_acp;
static void startup_a_init(void)
{
    struct rtl_user_process_parameters *pp = params();
    desktop_acp = pp->desktop_info.Buffer ? wide_to_acp(pp->desktop_info.Buffer) : NULL;
    title_acp = wide_to_acp(pp->window_title.Buffer ? pp->window_title.Buffer : pp->image_path_name.Buffer);
}

WINAPI void kernel32_GetStartupInfoA(STARTUPINFO *si)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, startup_a_init);
    startup_common(si);
    si->lpDesktop = desktop_acp ? desktop_acp : (char *)"";
    si->lpTitle = title_acp;
}
