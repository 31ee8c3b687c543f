/*
 * dll.c - lookup in the built-in DLLs' generated export tables, API-set
 * names, forwards, and the thunks that unimplemented imports are bound to.
 */
#include "winapi/dll.h"
#include "winapi/process.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

/* "KERNEL32.dll", "kernel32", "C:\\windows\\system32\\kernel32.dll" -> "kernel32" in buf. */
static void dll_stem(const char *name, char *buf, size_t n)
{
    const char *b = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/')
            b = p + 1;
    size_t len = strlen(b);
    if (len > 4 && !strcasecmp(b + len - 4, ".dll"))
        len -= 4;
    if (len >= n)
        len = n - 1;
    for (size_t i = 0; i < len; i++)
        buf[i] = (b[i] >= 'A' && b[i] <= 'Z') ? b[i] + 32 : b[i];
    buf[len] = 0;
}

/* API sets: umbrella names that Windows resolves to a host DLL. The
 * api-ms-win-crt-* family is ucrtbase; the core families are kernel32
 * (which forwards to ntdll where Windows does) or advapi32. */
static const struct { const char *prefix; const char *dll; } apisets[] = {
    { "api-ms-win-crt-", "ucrtbase" },
    { "api-ms-win-core-synch-", "kernel32" },
    { "api-ms-win-core-", "kernel32" },
    { "api-ms-win-security-", "advapi32" },
    { "api-ms-win-eventing-", "advapi32" },
    { "api-ms-win-service-", "advapi32" },
    { "api-ms-win-downlevel-advapi32-", "advapi32" },
    { "api-ms-win-downlevel-kernel32-", "kernel32" },
    { "ext-ms-win-", "kernel32" },
};

const char *apiset_resolve(const char *name)
{
    for (size_t i = 0; i < sizeof apisets / sizeof apisets[0]; i++)
        if (!strncasecmp(name, apisets[i].prefix, strlen(apisets[i].prefix)))
            return apisets[i].dll;
    return name;
}

struct builtin_dll *builtin_find(const char *name)
{
    char stem[64], want[64];
    dll_stem(apiset_resolve(name), want, sizeof want);
    for (struct builtin_dll *const *d = builtin_dlls; *d; d++) {
        dll_stem((*d)->name, stem, sizeof stem);
        if (!strcmp(stem, want))
            return *d;
    }
    return NULL;
}

/* Generated tables are in name order: a binary search over them as they
 * are, with nothing built at start-up. */
const struct dll_export *builtin_export_by_name(struct builtin_dll *dll, const char *name)
{
    int lo = 0, hi = dll->count - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(name, export_name(dll, &dll->exports[mid]));
        if (!c)
            return &dll->exports[mid];
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return NULL;
}

const struct dll_export *builtin_export_by_ordinal(struct builtin_dll *dll, int ordinal)
{
    for (int i = 0; i < dll->count; i++)
        if (dll->exports[i].ordinal == ordinal)
            return &dll->exports[i];
    return NULL;
}

static void *resolve_depth(struct builtin_dll *dll, const char *name, int ordinal, bool allow_missing, int depth)
{
    const struct dll_export *e = name ? builtin_export_by_name(dll, name) : builtin_export_by_ordinal(dll, ordinal);
    char ordname[16];
    if (!name) {
        snprintf(ordname, sizeof ordname, "#%d", ordinal);
        name = ordname;
    }
    if (!e)
        return allow_missing ? NULL : unimplemented_thunk(dll->name, name);
    switch (e->kind) {
    case EXPORT_FUNC:
    case EXPORT_DATA:
        return export_addr(dll, e);
    case EXPORT_STUB:
        return unimplemented_thunk(dll->name, export_name(dll, e));
    case EXPORT_FORWARD: {
        const char *fwd = export_forward(dll, e);
        const char *dot = fwd ? strrchr(fwd, '.') : NULL;
        char target[64];
        if (!dot || (size_t)(dot - fwd) >= sizeof target || depth > 8)
            return unimplemented_thunk(dll->name, export_name(dll, e));
        size_t len = (size_t)(dot - fwd);
        memcpy(target, fwd, len);
        target[len] = 0;
        struct builtin_dll *t = builtin_find(target);
        if (!t)
            return unimplemented_thunk(dll->name, export_name(dll, e));
        return resolve_depth(t, dot + 1, 0, false, depth + 1);
    }
    }
    return NULL;
}

void *builtin_resolve(struct builtin_dll *dll, const char *name, int ordinal, bool allow_missing)
{
    return resolve_depth(dll, name, ordinal, allow_missing, 0);
}

bool builtin_implements(const char *dllname, const char *name, int ordinal)
{
    struct builtin_dll *dll = builtin_find(dllname);
    for (int depth = 0; dll && depth < 8; depth++) {
        const struct dll_export *e = name ? builtin_export_by_name(dll, name) : builtin_export_by_ordinal(dll, ordinal);
        if (!e || e->kind == EXPORT_STUB)
            return false;
        if (e->kind != EXPORT_FORWARD)
            return true;
        const char *fwd = export_forward(dll, e);
        const char *dot = fwd ? strrchr(fwd, '.') : NULL;
        char target[64];
        if (!dot || (size_t)(dot - fwd) >= sizeof target)
            return false;
        size_t len = (size_t)(dot - fwd);
        memcpy(target, fwd, len);
        target[len] = 0;
        dll = builtin_find(target);
        name = dot + 1;
    }
    return false;
}

/* ---- unimplemented thunks ------------------------------------------------
 * Each is a few bytes of host code: load the "DLL!Name" string into the first
 * argument register and jump to unimplemented_called. They are made once per
 * name, on demand, and never freed (there are few, and their addresses may be
 * held by the program). Native engine only: the xlate engine binds imports to
 * guest stubs that exit to the dispatcher instead.
 */
static __attribute__((noreturn, used)) void unimplemented_called(const char *what)
{
    process_flush_all();
    fprintf(stderr, "unimplemented: %s\n", what);
    _exit(3);
}

static pthread_mutex_t thunk_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *thunk_page;
static size_t thunk_used, thunk_page_size;

void *unimplemented_thunk(const char *dll, const char *name)
{
#if defined(__x86_64__)
    size_t len = strlen(dll) + strlen(name) + 2;
    char *what = malloc(len);
    if (!what)
        abort();
    snprintf(what, len, "%s!%s", dll, name);
    pthread_mutex_lock(&thunk_lock);
    if (!thunk_page_size)
        thunk_page_size = (size_t)sysconf(_SC_PAGESIZE);
    if (!thunk_page || thunk_used + 32 > thunk_page_size) {
        thunk_page = mmap(NULL, thunk_page_size, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (thunk_page == MAP_FAILED)
            abort();
        thunk_used = 0;
    }
    uint8_t *t = thunk_page + thunk_used;
    thunk_used += 32;
    mprotect(thunk_page, thunk_page_size, PROT_READ | PROT_WRITE);
    uint64_t a = (uint64_t)(uintptr_t)what, h = (uint64_t)(uintptr_t)unimplemented_called;
    t[0] = 0x48; t[1] = 0xbf; memcpy(t + 2, &a, 8);    /* mov rdi, what */
    t[10] = 0x48; t[11] = 0xb8; memcpy(t + 12, &h, 8); /* mov rax, handler */
    t[20] = 0xff; t[21] = 0xe0;                         /* jmp rax */
    mprotect(thunk_page, thunk_page_size, PROT_READ | PROT_EXEC);
    pthread_mutex_unlock(&thunk_lock);
    return t;
#else
    (void)dll; (void)name;
    return NULL; /* the xlate engine binds guest stubs instead */
#endif
}
