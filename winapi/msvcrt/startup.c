/*
 * startup.c - what a program's CRT start-up code (mingw-w64's crtexe.c,
 * MSVC's mainCRTStartup) imports from msvcrt: the argument vectors split
 * from the command line, the environment snapshots, the data exports
 * (_acmdln, __argc, _fmode ...) and their __p_* accessors, _initterm, the
 * app type, and msvcrt's numbered _lock/_unlock.
 *
 * Built-in DLLs have no DllMain, so msvcrt initialises itself on first use
 * (msvcrt_init, called by every start-up entry point); the start-up code
 * always calls one of them before it reads a data export.
 */
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/msvcrt/crt.h"
#include "winapi/path.h"
#include "winapi/process.h"
#include "winapi/teb.h"
#include "winapi/unicode.h"
#include "winapi/debug.h"

#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

DEBUG_CHANNEL(msvcrt);

int msvcrt___argc;
char **msvcrt___argv;
WCHAR **msvcrt___wargv;
char *msvcrt__acmdln;
WCHAR *msvcrt__wcmdln;
/* _environ and _wenviron belong to env.c (getenv/_putenv keep them current). */
char **msvcrt___initenv;
WCHAR **msvcrt___winitenv;
int msvcrt__fmode = MSVCRT_O_TEXT;
int msvcrt__commode;
char *msvcrt__pgmptr;
WCHAR *msvcrt__wpgmptr;
unsigned int msvcrt__osver, msvcrt__winver, msvcrt__winmajor, msvcrt__winminor, msvcrt__osplatform;
static int app_type;

/* ---- command line -> argv (the rules of Wine's msvcrt, CommandLineToArgvW's) ----
 * Blanks split arguments outside quotes; 2n backslashes + '"' give n
 * backslashes and toggle quoting; 2n+1 backslashes + '"' give n backslashes
 * and a literal '"'; inside quotes '""' is a literal '"'; other backslashes
 * are literal. argv[0] follows the same rules. */
static WCHAR **split_command_line(const WCHAR *src, int *pargc)
{
    size_t len = wstrlen(src) + 1;
    size_t slots = 2 + len / 2;
    WCHAR **argv = malloc(slots * sizeof *argv + len * sizeof(WCHAR));
    WCHAR *arg = (WCHAR *)(argv + slots), *dst = arg;
    int argc = 0, in_quotes = 0, bcount = 0;
    while (*src) {
        if ((*src == ' ' || *src == '\t') && !in_quotes) {
            while (*src == ' ' || *src == '\t')
                src++;
            if (!*src)
                break;
            *dst++ = 0;
            argv[argc++] = arg;
            arg = dst;
            bcount = 0;
        } else if (*src == '\\') {
            *dst++ = *src++;
            bcount++;
        } else if (*src == '"') {
            if (!(bcount & 1)) {
                dst -= bcount / 2;
                src++;
                if (in_quotes && *src == '"')
                    *dst++ = *src++;
                else
                    in_quotes = !in_quotes;
            } else {
                dst -= bcount / 2 + 1;
                *dst++ = *src++;
            }
            bcount = 0;
        } else {
            *dst++ = *src++;
            bcount = 0;
        }
    }
    *dst = 0;
    argv[argc++] = arg;
    argv[argc] = NULL;
    *pargc = argc;
    return argv;
}

/* Narrow copies of wide strings, one block (pointers then characters). */
static char **narrow_vector(WCHAR **w)
{
    size_t n = 0, total = 0;
    for (; w[n]; n++)
        total += utf16_to_utf8(w[n], -1, NULL, 0);
    char **v = malloc((n + 1) * sizeof *v + total);
    char *p = (char *)(v + n + 1);
    for (size_t i = 0; i < n; i++) {
        size_t k = utf16_to_utf8(w[i], -1, p, total);
        v[i] = p;
        p += k;
        total -= k;
    }
    v[n] = NULL;
    return v;
}


static WCHAR **initial_wargv;
static int initial_argc;

/* ---- wildcard expansion (__getmainargs with _dowildcard set) --------------
 * An argument with '*' or '?' in its last component is replaced by the
 * names in that directory that match (case-insensitively, "." and ".."
 * left out, sorted as NTFS lists them); one that matches nothing stays. */

static bool wild_match(const char *pat, const char *name)
{
    for (; *pat; pat++, name++) {
        if (*pat == '*') {
            while (pat[1] == '*')
                pat++;
            for (const char *n = name;; n++) {
                if (wild_match(pat + 1, n))
                    return true;
                if (!*n)
                    return false;
            }
        }
        if (!*name)
            return false;
        if (*pat != '?' && tolower((unsigned char)*pat) != tolower((unsigned char)*name))
            return false;
    }
    return !*name;
}

static int cmp_names(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Append arg's expansion (or arg itself) to *v; returns false on no memory. */
static bool expand_one(const char *arg, char ***v, size_t *n, size_t *cap)
{
    const char *last = arg;
    for (const char *p = arg; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            last = p + 1;
    size_t nbefore = *n;
    if (strpbrk(last, "*?")) {
        char *dir = strndup(arg, (size_t)(last - arg));
        char *host = path_to_host(*dir ? dir : ".");
        DIR *d = host ? opendir(host) : NULL;
        struct dirent *de;
        while (d && (de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !wild_match(last, de->d_name))
                continue;
            if (*n + 1 >= *cap) {
                *cap = *cap * 2 + 16;
                char **nv = realloc(*v, *cap * sizeof *nv);
                if (!nv)
                    break;
                *v = nv;
            }
            size_t len = strlen(dir) + strlen(de->d_name) + 1;
            char *full = malloc(len);
            if (!full)
                break;
            snprintf(full, len, "%s%s", dir, de->d_name);
            (*v)[(*n)++] = full;
        }
        if (d)
            closedir(d);
        free(host);
        free(dir);
        qsort(*v + nbefore, *n - nbefore, sizeof **v, cmp_names);
    }
    if (*n == nbefore) {
        if (*n + 1 >= *cap) {
            *cap = *cap * 2 + 16;
            char **nv = realloc(*v, *cap * sizeof *nv);
            if (!nv)
                return false;
            *v = nv;
        }
        (*v)[(*n)++] = strdup(arg);
    }
    return true;
}

static char **expanded_argv;
static WCHAR **expanded_wargv;
static int expanded_argc;

static void expand_once(void)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    char **narrow = narrow_vector(initial_wargv);
    for (int i = 0; i < initial_argc; i++)
        if (!(i ? expand_one(narrow[i], &v, &n, &cap) : expand_one("", &v, &n, &cap)))
            break;
    if (v && n) {
        /* argv[0] is never expanded */
        free(v[0]);
        v[0] = strdup(narrow[0]);
    }
    char **nv = realloc(v, (n + 1) * sizeof *nv);
    if (nv)
        v = nv;
    if (v)
        v[n] = NULL;
    WCHAR **w = v ? malloc((n + 1) * sizeof *w) : NULL;
    for (size_t i = 0; w && i < n; i++)
        w[i] = utf8_to_utf16_alloc(v[i]);
    if (w)
        w[n] = NULL;
    free(narrow);
    if (v && w) {
        expanded_argv = v;
        expanded_wargv = w;
        expanded_argc = (int)n;
    }
}

static void expand_arguments(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, expand_once);
}

static void init_once(void)
{
    const char *a = process_command_line_a();
    const WCHAR *w = process_command_line_w();
    static const WCHAR empty[1];
    if (!w)
        w = empty;
    msvcrt__acmdln = strdup(a ? a : "");
    msvcrt__wcmdln = wstrdup(w);
    initial_wargv = split_command_line(w, &initial_argc);
    msvcrt___argc = initial_argc;
    msvcrt___wargv = initial_wargv;
    msvcrt___argv = narrow_vector(initial_wargv);

    struct peb *peb = peb_get();
    if (peb) {
        msvcrt__winmajor = peb->os_major_version;
        msvcrt__winminor = peb->os_minor_version;
        msvcrt__winver = (peb->os_major_version << 8) | peb->os_minor_version;
        msvcrt__osver = peb->os_build_number;
        msvcrt__osplatform = peb->os_platform_id;
        if (peb->process_parameters && peb->process_parameters->image_path_name.Buffer) {
            msvcrt__wpgmptr = wstrdup(peb->process_parameters->image_path_name.Buffer);
            msvcrt__pgmptr = utf16_to_utf8_alloc(msvcrt__wpgmptr);
        }
    }
    msvcrt___initenv = crt_environ_a();    /* as on Windows: the initial _environ itself */
    msvcrt___winitenv = crt_environ_w();
    msvcrt_lowio_init();
    msvcrt_stdio_init();
}

void msvcrt_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_once);
}

CDECL int msvcrt___getmainargs(int *argc, char ***argv, char ***envp, int expand_wildcards, int *new_mode)
{
    msvcrt_init();
    if (expand_wildcards) {
        expand_arguments();
        if (expanded_argv) {
            msvcrt___argc = expanded_argc;
            msvcrt___argv = expanded_argv;
            msvcrt___wargv = expanded_wargv;
        }
    }
    if (argc) *argc = msvcrt___argc;
    if (argv) *argv = msvcrt___argv;
    if (envp) *envp = msvcrt___initenv;
    if (new_mode) {
        extern CDECL int msvcrt__set_new_mode(int);
        msvcrt__set_new_mode(*new_mode);
    }
    return 0;
}

CDECL int msvcrt___wgetmainargs(int *argc, WCHAR ***wargv, WCHAR ***wenvp, int expand_wildcards, int *new_mode)
{
    msvcrt_init();
    if (expand_wildcards) {
        expand_arguments();
        if (expanded_wargv) {
            msvcrt___argc = expanded_argc;
            msvcrt___argv = expanded_argv;
            msvcrt___wargv = expanded_wargv;
        }
    }
    if (argc) *argc = msvcrt___argc;
    if (wargv) *wargv = msvcrt___wargv;
    if (wenvp) *wenvp = msvcrt___winitenv;
    if (new_mode) {
        extern CDECL int msvcrt__set_new_mode(int);
        msvcrt__set_new_mode(*new_mode);
    }
    return 0;
}

#define ACCESSOR(type, name) CDECL type *msvcrt___p_##name(void) { msvcrt_init(); return &msvcrt_##name; }
ACCESSOR(int, __argc)
ACCESSOR(char **, __argv)
ACCESSOR(WCHAR **, __wargv)
ACCESSOR(char *, _acmdln)
ACCESSOR(WCHAR *, _wcmdln)
ACCESSOR(char **, __initenv)
ACCESSOR(WCHAR **, __winitenv)
ACCESSOR(int, _fmode)
ACCESSOR(int, _commode)
ACCESSOR(char *, _pgmptr)
ACCESSOR(WCHAR *, _wpgmptr)
ACCESSOR(unsigned int, _osver)
ACCESSOR(unsigned int, _winver)
ACCESSOR(unsigned int, _winmajor)
ACCESSOR(unsigned int, _winminor)

CDECL int msvcrt__get_pgmptr(char **p)
{
    if (!p) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    msvcrt_init();
    *p = msvcrt__pgmptr;
    return 0;
}

CDECL int msvcrt__get_wpgmptr(WCHAR **p)
{
    if (!p) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    msvcrt_init();
    *p = msvcrt__wpgmptr;
    return 0;
}

CDECL int msvcrt__set_fmode(int mode)
{
    if (mode != MSVCRT_O_TEXT && mode != MSVCRT_O_BINARY) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    msvcrt__fmode = mode;
    return 0;
}

CDECL int msvcrt__get_fmode(int *mode)
{
    if (!mode) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    *mode = msvcrt__fmode;
    return 0;
}

CDECL int msvcrt__get_osplatform(int *v)
{
    if (!v) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return MSVCRT_EINVAL;
    }
    msvcrt_init();
    *v = (int)msvcrt__osplatform;
    return 0;
}

/* ---- initialisers -------------------------------------------------------- */

typedef void (CDECL *initterm_fn)(void);
typedef int (CDECL *initterm_e_fn)(void);

CDECL void msvcrt__initterm(initterm_fn *start, initterm_fn *end)
{
    msvcrt_init();
    for (; start < end; start++)
        if (*start)
            (*start)();
}

CDECL int msvcrt__initterm_e(initterm_e_fn *start, initterm_e_fn *end)
{
    msvcrt_init();
    for (; start < end; start++) {
        if (!*start)
            continue;
        int r = (*start)();
        if (r)
            return r;
    }
    return 0;
}

CDECL void msvcrt___set_app_type(int type)
{
    msvcrt_init();
    app_type = type;
}

int msvcrt_app_type(void) { return app_type; }

/* __setusermatherr lives with the math functions (math.c), which call the hook. */

/* ---- _lock/_unlock: msvcrt's numbered, recursive locks ------------------- */

static pthread_mutex_t locks[MSVCRT_LOCK_MAX] = {
    [0 ... MSVCRT_LOCK_MAX - 1] = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
};

CDECL void msvcrt__lock(int n)
{
    if (n < 0 || n >= MSVCRT_LOCK_MAX) {
        FIXME("bad lock number %d\n", n);
        return;
    }
    pthread_mutex_lock(&locks[n]);
}

CDECL void msvcrt__unlock(int n)
{
    if (n < 0 || n >= MSVCRT_LOCK_MAX)
        return;
    pthread_mutex_unlock(&locks[n]);
}

/* ---- error mode ----------------------------------------------------------- */

static int error_mode;   /* _OUT_TO_DEFAULT */

CDECL int msvcrt__set_error_mode(int mode)
{
    /* Any other value is stored as given (msvcrt.dll, as Wine has it; the
     * later CRTs' range check came with msvcr80). */
    int old = error_mode;
    if (mode != 3)          /* _REPORT_ERRMODE: query */
        error_mode = mode;
    return old;
}
