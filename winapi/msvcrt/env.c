/*
 * msvcrt/env.c - the C runtime's copy of the environment (_environ,
 * _wenviron) and getenv/_putenv and their _s/wide/_dupenv forms.
 *
 * As in msvcrt, the CRT keeps its own arrays, built from the process
 * environment block (PEB process parameters) on first use, and _putenv
 * updates both the CRT copy and the process environment (through
 * kernel32's SetEnvironmentVariableW, when kernel32 has it) so that child
 * processes inherit it. Narrow strings are UTF-8, the code page mimic's
 * "A" functions use. Names compare case-insensitively, as on Windows.
 *
 * Entry points for the rest of msvcrt (crt.h): crt_environ_a/w() give the
 * arrays (__getmainargs hands them to main), crt_environ_copy() a host
 * environment for child processes.
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern WINAPI BOOL kernel32_SetEnvironmentVariableW(const WCHAR *name, const WCHAR *value) __attribute__((weak));

/* Both arrays are NULL-terminated and hold the same entries in the same order. */
char **msvcrt__environ;
WCHAR **msvcrt__wenviron;
static size_t env_count, env_cap;
static pthread_mutex_t env_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

static bool env_grow(size_t need)
{
    if (need + 1 <= env_cap)
        return true;
    size_t cap = env_cap ? env_cap * 2 : 64;
    while (cap < need + 1)
        cap *= 2;
    char **a = realloc(msvcrt__environ, cap * sizeof *a);
    if (!a)
        return false;
    msvcrt__environ = a;
    WCHAR **w = realloc(msvcrt__wenviron, cap * sizeof *w);
    if (!w)
        return false;
    msvcrt__wenviron = w;
    env_cap = cap;
    return true;
}

static void env_init(void)
{
    struct peb *peb = peb_get();
    const WCHAR *blk = peb && peb->process_parameters ? peb->process_parameters->environment : NULL;
    env_grow(16);
    for (const WCHAR *p = blk; p && *p; p += wstrlen(p) + 1) {
        if (!env_grow(env_count + 1))
            break;
        WCHAR *w = wstrdup(p);
        char *a = utf16_to_utf8_alloc(p);
        if (!w || !a) {
            free(w);
            free(a);
            break;
        }
        msvcrt__wenviron[env_count] = w;
        msvcrt__environ[env_count] = a;
        env_count++;
    }
    if (msvcrt__environ) {
        msvcrt__environ[env_count] = NULL;
        msvcrt__wenviron[env_count] = NULL;
    }
}

static void env_ready(void) { pthread_once(&env_once, env_init); }

char **crt_environ_a(void) { env_ready(); return msvcrt__environ; }
WCHAR **crt_environ_w(void) { env_ready(); return msvcrt__wenviron; }

CDECL char ***msvcrt___p__environ(void) { env_ready(); return &msvcrt__environ; }
CDECL WCHAR ***msvcrt___p__wenviron(void) { env_ready(); return &msvcrt__wenviron; }

/* Index of the entry named `name` (len chars), or -1. Locked by caller. */
static ptrdiff_t find_w(const WCHAR *name, size_t len)
{
    for (size_t i = 0; i < env_count; i++) {
        const WCHAR *e = msvcrt__wenviron[i];
        /* Entries like "=C:=C:\x" keep their leading '=' as part of the name. */
        const WCHAR *eq = e[0] == '=' ? e + 1 : e;
        while (*eq && *eq != '=')
            eq++;
        if ((size_t)(eq - e) != len)
            continue;
        size_t k = 0;
        while (k < len && crt_towupper_unicode(e[k]) == crt_towupper_unicode(name[k]))
            k++;
        if (k == len)
            return (ptrdiff_t)i;
    }
    return -1;
}

/* Set (value non-empty) or remove (value NULL or empty) a variable, both in
 * our arrays and in the process environment. Returns 0 or an errno. */
static int env_set(const WCHAR *name, size_t name_len, const WCHAR *value)
{
    env_ready();
    if (!name_len)
        return CRT_EINVAL;
    bool remove = !value || !*value;
    WCHAR *entry = NULL;
    char *aentry = NULL;
    if (!remove) {
        size_t vl = wstrlen(value);
        entry = malloc((name_len + vl + 2) * sizeof(WCHAR));
        if (!entry)
            return CRT_ENOMEM;
        memcpy(entry, name, name_len * sizeof(WCHAR));
        entry[name_len] = '=';
        memcpy(entry + name_len + 1, value, (vl + 1) * sizeof(WCHAR));
        aentry = utf16_to_utf8_alloc(entry);
        if (!aentry) {
            free(entry);
            return CRT_ENOMEM;
        }
    }
    pthread_mutex_lock(&env_lock);
    ptrdiff_t i = find_w(name, name_len);
    if (i >= 0) {
        free(msvcrt__wenviron[i]);
        free(msvcrt__environ[i]);
        if (remove) {
            memmove(&msvcrt__wenviron[i], &msvcrt__wenviron[i + 1], (env_count - (size_t)i) * sizeof(WCHAR *));
            memmove(&msvcrt__environ[i], &msvcrt__environ[i + 1], (env_count - (size_t)i) * sizeof(char *));
            env_count--;
        } else {
            msvcrt__wenviron[i] = entry;
            msvcrt__environ[i] = aentry;
        }
    } else if (!remove) {
        if (!env_grow(env_count + 1)) {
            pthread_mutex_unlock(&env_lock);
            free(entry);
            free(aentry);
            return CRT_ENOMEM;
        }
        msvcrt__wenviron[env_count] = entry;
        msvcrt__environ[env_count] = aentry;
        env_count++;
        msvcrt__wenviron[env_count] = NULL;
        msvcrt__environ[env_count] = NULL;
    }
    pthread_mutex_unlock(&env_lock);

    if (kernel32_SetEnvironmentVariableW) {
        WCHAR *n = malloc((name_len + 1) * sizeof(WCHAR));
        if (n) {
            memcpy(n, name, name_len * sizeof(WCHAR));
            n[name_len] = 0;
            kernel32_SetEnvironmentVariableW(n, remove ? NULL : value);
            free(n);
        }
    }
    return 0;
}

/* ---- reading -------------------------------------------------------- */

/* Pointer to the value of `name` in the narrow array, or NULL. */
static char *get_a(const char *name)
{
    env_ready();
    if (!name)
        return NULL;
    WCHAR *w = utf8_to_utf16_alloc(name);
    if (!w)
        return NULL;
    char *r = NULL;
    pthread_mutex_lock(&env_lock);
    ptrdiff_t i = find_w(w, wstrlen(w));
    if (i >= 0) {
        char *e = msvcrt__environ[i];
        char *eq = strchr(e[0] == '=' ? e + 1 : e, '=');
        r = eq ? eq + 1 : NULL;
    }
    pthread_mutex_unlock(&env_lock);
    free(w);
    return r;
}

static WCHAR *get_w(const WCHAR *name)
{
    env_ready();
    if (!name)
        return NULL;
    WCHAR *r = NULL;
    pthread_mutex_lock(&env_lock);
    ptrdiff_t i = find_w(name, wstrlen(name));
    if (i >= 0) {
        WCHAR *e = msvcrt__wenviron[i] + (msvcrt__wenviron[i][0] == '=');
        while (*e && *e != '=')
            e++;
        r = *e ? e + 1 : NULL;
    }
    pthread_mutex_unlock(&env_lock);
    return r;
}

CDECL char *msvcrt_getenv(const char *name)
{
    if (!name) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    return get_a(name);
}

CDECL WCHAR *msvcrt__wgetenv(const WCHAR *name)
{
    if (!name) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    return get_w(name);
}

/* getenv_s as the CRT source has it: *ret is 0 for a missing variable
 * (not an error), the size with the terminator otherwise; a NULL buffer
 * with size 0 asks for the size. Too small a buffer is ERANGE. */
CDECL errno_t msvcrt_getenv_s(size_t *ret, char *buf, size_t size, const char *name)
{
    if (!ret)
        return crt_invalid(CRT_EINVAL);
    *ret = 0;
    if ((!buf && size) || (buf && !size) || !name)
        return crt_invalid(CRT_EINVAL);
    if (buf)
        buf[0] = 0;
    const char *v = get_a(name);
    if (!v)
        return 0;
    size_t n = strlen(v) + 1;
    *ret = n;
    if (!size)
        return 0;
    if (n > size)
        return CRT_ERANGE;
    memcpy(buf, v, n);
    return 0;
}

CDECL errno_t msvcrt__wgetenv_s(size_t *ret, WCHAR *buf, size_t size, const WCHAR *name)
{
    if (!ret)
        return crt_invalid(CRT_EINVAL);
    *ret = 0;
    if ((!buf && size) || (buf && !size) || !name)
        return crt_invalid(CRT_EINVAL);
    if (buf)
        buf[0] = 0;
    const WCHAR *v = get_w(name);
    if (!v)
        return 0;
    size_t n = wstrlen(v) + 1;
    *ret = n;
    if (!size)
        return 0;
    if (n > size)
        return CRT_ERANGE;
    memcpy(buf, v, n * sizeof(WCHAR));
    return 0;
}

CDECL errno_t msvcrt__dupenv_s(char **buf, size_t *len, const char *name)
{
    if (!buf || !name)
        return crt_invalid(CRT_EINVAL);
    const char *v = get_a(name);
    if (!v) {
        *buf = NULL;
        if (len)
            *len = 0;
        return 0;
    }
    size_t n = strlen(v) + 1;
    char *d = crt_malloc(n);
    if (!d) {
        *buf = NULL;
        return crt_invalid(CRT_ENOMEM);
    }
    memcpy(d, v, n);
    *buf = d;
    if (len)
        *len = n;
    return 0;
}

CDECL errno_t msvcrt__wdupenv_s(WCHAR **buf, size_t *len, const WCHAR *name)
{
    if (!buf || !name)
        return crt_invalid(CRT_EINVAL);
    const WCHAR *v = get_w(name);
    if (!v) {
        *buf = NULL;
        if (len)
            *len = 0;
        return 0;
    }
    size_t n = wstrlen(v) + 1;
    WCHAR *d = crt_malloc(n * sizeof(WCHAR));
    if (!d) {
        *buf = NULL;
        return crt_invalid(CRT_ENOMEM);
    }
    memcpy(d, v, n * sizeof(WCHAR));
    *buf = d;
    if (len)
        *len = n;
    return 0;
}

/* ---- writing -------------------------------------------------------- */

/* "NAME=value" (value empty: remove). */
static int putenv_w(const WCHAR *s)
{
    if (!s)
        return CRT_EINVAL;
    const WCHAR *eq = s + (s[0] == '=');
    while (*eq && *eq != '=')
        eq++;
    if (!*eq || eq == s)
        return CRT_EINVAL;
    return env_set(s, (size_t)(eq - s), eq + 1);
}

/* A string without '=' fails without touching errno, as in msvcrt. */
CDECL int msvcrt__wputenv(const WCHAR *s)
{
    if (!s) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    int e = putenv_w(s);
    if (e) {
        if (e != CRT_EINVAL)
            crt_set_errno(e);
        return -1;
    }
    return 0;
}

CDECL int msvcrt__putenv(const char *s)
{
    if (!s) {
        crt_set_errno(CRT_EINVAL);
        return -1;
    }
    WCHAR *w = utf8_to_utf16_alloc(s);
    int r = w ? msvcrt__wputenv(w) : (crt_set_errno(CRT_ENOMEM), -1);
    free(w);
    return r;
}

CDECL errno_t msvcrt__wputenv_s(const WCHAR *name, const WCHAR *value)
{
    if (!name || !value)
        return crt_invalid(CRT_EINVAL);
    for (const WCHAR *p = name; *p; p++)
        if (*p == '=')
            return crt_invalid(CRT_EINVAL);
    int e = env_set(name, wstrlen(name), value);
    return e ? crt_invalid(e) : 0;
}

CDECL errno_t msvcrt__putenv_s(const char *name, const char *value)
{
    if (!name || !value)
        return crt_invalid(CRT_EINVAL);
    WCHAR *n = utf8_to_utf16_alloc(name), *v = utf8_to_utf16_alloc(value);
    errno_t e = (n && v) ? msvcrt__wputenv_s(n, v) : crt_invalid(CRT_ENOMEM);
    free(n);
    free(v);
    return e;
}

/* A malloc'd (host heap) NULL-terminated copy of the narrow environment,
 * for a child process; entries whose names start with '=' are left out. */
char **crt_environ_copy(void)
{
    env_ready();
    pthread_mutex_lock(&env_lock);
    char **v = calloc(env_count + 1, sizeof *v);
    size_t o = 0;
    for (size_t i = 0; v && i < env_count; i++)
        if (msvcrt__environ[i][0] != '=')
            v[o++] = strdup(msvcrt__environ[i]);
    pthread_mutex_unlock(&env_lock);
    return v;
}
