/*
 * kernel32/module.c - the module API over winapi/module.c: GetModuleHandle*,
 * GetProcAddress, LoadLibrary*, FreeLibrary, GetModuleFileName*,
 * DisableThreadLibraryCalls, and the delay-load helper ResolveDelayLoadedAPI
 * (with DelayLoadFailureHook) that binds a delayed import on its first call.
 *
 * Reference counts: every module starts at 1 when loaded; LoadLibrary of a
 * loaded module and GetModuleHandleEx without UNCHANGED_REFCOUNT add one;
 * FreeLibrary takes one and, at zero, sends DllMain(DLL_PROCESS_DETACH). The
 * image stays mapped (code of the module may still be on some stack), and a
 * later LoadLibrary attaches it again. Built-in DLLs and pinned modules are
 * never detached.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"
#include "winapi/module.h"
#include "winapi/unicode.h"
#include "winapi/path.h"
#include "winapi/debug.h"
#include "winapi/kernel32/k32sys.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

DEBUG_CHANNEL(module)

#define GET_MODULE_HANDLE_EX_FLAG_PIN                0x1
#define GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT 0x2
#define GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS       0x4

#define DONT_RESOLVE_DLL_REFERENCES   0x00000001
#define LOAD_LIBRARY_AS_DATAFILE      0x00000002
#define LOAD_WITH_ALTERED_SEARCH_PATH 0x00000008
#define LOAD_IGNORE_CODE_AUTHZ_LEVEL  0x00000010
#define LOAD_LIBRARY_AS_IMAGE_RESOURCE 0x00000020
#define LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE 0x00000040
#define LOAD_LIBRARY_SEARCH_MASK      0x00001f00

#define ERROR_BAD_EXE_FORMAT 193

static pthread_mutex_t pin_lock = PTHREAD_MUTEX_INITIALIZER;
static struct module *pinned[64];
static int npinned;

static bool is_pinned(struct module *m)
{
    bool r = false;
    pthread_mutex_lock(&pin_lock);
    for (int i = 0; i < npinned && !r; i++)
        r = pinned[i] == m;
    pthread_mutex_unlock(&pin_lock);
    return r;
}

static void pin(struct module *m)
{
    pthread_mutex_lock(&pin_lock);
    bool have = false;
    for (int i = 0; i < npinned; i++)
        have |= pinned[i] == m;
    if (!have && npinned < 64)
        pinned[npinned++] = m;
    pthread_mutex_unlock(&pin_lock);
}

/* kernel32 and ntdll are in every Windows process, imported or not. */
static struct module *find_loaded(const char *name)
{
    struct module *m = module_find_name(name);
    if (m)
        return m;
    char stem[16];
    size_t n = strlen(name);
    const char *b = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/')
            b = p + 1;
    n = strlen(b);
    if (n > 4 && !strcasecmp(b + n - 4, ".dll"))
        n -= 4;
    if (n < sizeof stem) {
        memcpy(stem, b, n);
        stem[n] = 0;
        if (!strcasecmp(stem, "kernel32") || !strcasecmp(stem, "ntdll") || !strcasecmp(stem, "kernelbase"))
            return module_load_dll(!strcasecmp(stem, "ntdll") ? "ntdll.dll" : "kernel32.dll", NULL);
    }
    return NULL;
}

/* name in UTF-8 */
static HMODULE get_handle(const char *name)
{
    if (!name)
        return module_main() ? module_main()->base : NULL;
    struct module *m = find_loaded(name);
    if (!m) {
        set_last_error(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    return m->base;
}

WINAPI HMODULE kernel32_GetModuleHandleA(const char *name)
{
    char *u = acp_to_utf8(name);
    HMODULE h = (!name || u) ? get_handle(u) : NULL;
    free(u);
    return h;
}

WINAPI HMODULE kernel32_GetModuleHandleW(const WCHAR *name)
{
    char *u = utf16_to_utf8_alloc(name);
    HMODULE h = (!name || u) ? get_handle(u) : NULL;
    free(u);
    return h;
}

static BOOL handle_ex(DWORD flags, const char *name, const void *addr, HMODULE *out)
{
    if (!out) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *out = NULL;
    if ((flags & ~7u) || (flags & (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) ==
                             (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct module *m;
    if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS)
        m = module_from_address(addr);
    else
        m = name ? find_loaded(name) : module_main();
    if (!m) {
        set_last_error(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    if (flags & GET_MODULE_HANDLE_EX_FLAG_PIN)
        pin(m);
    else if (!(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT))
        __atomic_add_fetch(&m->refs, 1, __ATOMIC_ACQ_REL);
    *out = m->base;
    return TRUE;
}

WINAPI BOOL kernel32_GetModuleHandleExA(DWORD flags, const char *name, HMODULE *out)
{
    if ((flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) || !name)
        return handle_ex(flags, NULL, name, out);
    char *u = acp_to_utf8(name);
    BOOL r = handle_ex(flags, u, NULL, out);
    free(u);
    return r;
}

WINAPI BOOL kernel32_GetModuleHandleExW(DWORD flags, const WCHAR *name, HMODULE *out)
{
    if ((flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) || !name)
        return handle_ex(flags, NULL, name, out);
    char *a = utf16_to_utf8_alloc(name);
    BOOL r = handle_ex(flags, a, NULL, out);
    free(a);
    return r;
}

WINAPI FARPROC kernel32_GetProcAddress(HMODULE h, const char *name)
{
    struct module *m = module_from_handle(h);
    if (!m) {
        set_last_error(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    void *p;
    if ((uintptr_t)name >> 16)
        p = module_get_proc(m, name, 0);
    else
        p = module_get_proc(m, NULL, (int)(uintptr_t)name);
    if (!p) {
        set_last_error(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    TRACE("%s!%s -> %p\n", m->name, (uintptr_t)name >> 16 ? name : "(ordinal)", p);
    return (FARPROC)p;
}

/* ---- LoadLibrary / FreeLibrary ------------------------------------------- */

static HMODULE load(const char *name, DWORD flags)
{
    if (!name || !*name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (flags & (LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE | LOAD_LIBRARY_AS_IMAGE_RESOURCE))
        FIXME("%s: loading as a data file runs it as a DLL\n", name);
    struct module *m = find_loaded(name);
    if (m) {
        __atomic_add_fetch(&m->refs, 1, __ATOMIC_ACQ_REL);
    } else {
        m = module_load_dll(name, NULL);
        if (!m) {
            /* A file that exists but does not load is a bad image, not a missing one. */
            char *host = (strchr(name, '\\') || strchr(name, '/')) ? path_to_host(name) : NULL;
            set_last_error(host && access(host, R_OK) == 0 ? ERROR_BAD_EXE_FORMAT : ERROR_MOD_NOT_FOUND);
            free(host);
            return NULL;
        }
    }
    if (!(flags & DONT_RESOLVE_DLL_REFERENCES))
        module_init_all();
    return m->base;
}

WINAPI HMODULE kernel32_LoadLibraryExA(const char *name, HANDLE file, DWORD flags)
{
    if (file || !name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    char *u = acp_to_utf8(name);
    HMODULE h = load(u, flags);
    free(u);
    return h;
}

WINAPI HMODULE kernel32_LoadLibraryExW(const WCHAR *name, HANDLE file, DWORD flags)
{
    if (file || !name) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    char *u = utf16_to_utf8_alloc(name);
    HMODULE h = load(u, flags);
    free(u);
    return h;
}

WINAPI HMODULE kernel32_LoadLibraryA(const char *name) { return kernel32_LoadLibraryExA(name, NULL, 0); }
WINAPI HMODULE kernel32_LoadLibraryW(const WCHAR *name) { return kernel32_LoadLibraryExW(name, NULL, 0); }

WINAPI BOOL kernel32_FreeLibrary(HMODULE h)
{
    if (!h) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    struct module *m = module_from_handle(h);
    if (!m) {
        set_last_error(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    if (m->builtin || m == module_main() || is_pinned(m))
        return TRUE;
    int left = __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL);
    if (left <= 0) {
        m->refs = 0;
        if (m->initialized && m->pe.entry_rva) {
            TRACE("detaching %s\n", m->name);
            m->initialized = false;
            ((dllmain_fn)(void *)(m->base + m->pe.entry_rva))(m->base, DLL_PROCESS_DETACH, NULL);
        }
        m->initialized = false;
    }
    return TRUE;
}

WINAPI BOOL kernel32_DisableThreadLibraryCalls(HMODULE h)
{
    struct module *m = module_from_handle(h);
    if (!m || !h) {
        /* ntdll's STATUS_DLL_NOT_FOUND, as Windows (LdrDisableThreadCalloutsForDll). */
        set_last_error(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    /* Thread attach/detach notifications are an optimisation to skip; the
     * loader still sends them, which a DLL must tolerate anyway. */
    return TRUE;
}

/* ---- GetModuleFileName --------------------------------------------------- */

/* The module's Windows path, malloc'd UTF-8. */
static char *module_path(struct module *m)
{
    if (m->builtin || !m->host_path) {
        size_t n = strlen(m->name) + 32;
        char *s = malloc(n);
        if (s)
            snprintf(s, n, "C:\\windows\\system32\\%s", m->name);
        return s;
    }
    return path_to_win(m->host_path);
}

WINAPI DWORD kernel32_GetModuleFileNameW(HMODULE h, WCHAR *buf, DWORD size)
{
    struct module *m = module_from_handle(h);
    if (!m) {
        set_last_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    char *path = module_path(m);
    WCHAR *w = utf8_to_utf16_alloc(path);
    free(path);
    if (!w) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    DWORD len = (DWORD)wstrlen(w);
    if (len < size) {
        memcpy(buf, w, (len + 1) * sizeof(WCHAR));
        set_last_error(ERROR_SUCCESS);
    } else {
        /* Truncated to size-1 characters and terminated, returning size. */
        if (size) {
            memcpy(buf, w, (size - 1) * sizeof(WCHAR));
            buf[size - 1] = 0;
        }
        len = size;
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
    }
    free(w);
    return len;
}

WINAPI DWORD kernel32_GetModuleFileNameA(HMODULE h, char *buf, DWORD size)
{
    struct module *m = module_from_handle(h);
    if (!m) {
        set_last_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    char *path = module_path(m);
    WCHAR *w = utf8_to_utf16_alloc(path);
    free(path);
    /* In the ANSI code page, like every A function. */
    int need = w ? cp_from_wide(CP_ACP, w, -1, NULL, 0) : 0;
    char *a = need > 0 ? malloc((size_t)need) : NULL;
    if (!a) {
        free(w);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    cp_from_wide(CP_ACP, w, -1, a, need);
    free(w);
    DWORD len = (DWORD)need - 1;
    if (len < size) {
        memcpy(buf, a, len + 1);
        set_last_error(ERROR_SUCCESS);
    } else {
        if (size) {
            memcpy(buf, a, size - 1);
            buf[size - 1] = 0;
        }
        len = size;
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
    }
    free(a);
    return len;
}

/* ---- delay loading ------------------------------------------------------- */

typedef struct {
    DWORD Attributes;
    DWORD DllNameRVA;
    DWORD ModuleHandleRVA;
    DWORD ImportAddressTableRVA;
    DWORD ImportNameTableRVA;
    DWORD BoundImportAddressTableRVA;
    DWORD UnloadInformationTableRVA;
    DWORD TimeDateStamp;
} IMAGE_DELAYLOAD_DESCRIPTOR;

typedef struct {
    ULONG Size;
    const IMAGE_DELAYLOAD_DESCRIPTOR *DelayloadDescriptor;
    ULONG_PTR *ThunkAddress;
    const char *TargetDllName;
    struct { ULONG ImportDescribedByName; union { const char *Name; ULONG Ordinal; } Description; } TargetApiDescriptor;
    void *TargetModuleBase;
    void *Unused;
    ULONG LastError;
} DELAYLOAD_INFO;
_Static_assert(sizeof(DELAYLOAD_INFO) == 72, "DELAYLOAD_INFO is 72 bytes on x64");

typedef void *(WINAPI *delay_dll_hook)(ULONG reason, DELAYLOAD_INFO *info);
typedef void *(WINAPI *delay_sys_hook)(const char *dll, const char *proc);

#define DLI_FAIL_LOAD_LIB 3
#define DLI_FAIL_GET_PROC 4

/* What a failed delay import binds to: a thunk that names DLL!NAME and exits
 * 3 when called, the same as any import mimic cannot supply. */
WINAPI FARPROC kernel32_DelayLoadFailureHook(const char *dll, const char *proc)
{
    char ord[16];
    if (!((uintptr_t)proc >> 16)) {
        snprintf(ord, sizeof ord, "#%u", (unsigned)(uintptr_t)proc);
        proc = ord;
    }
    fprintf(stderr, "mimic: delay load of %s!%s failed\n", dll, proc);
    return (FARPROC)unimplemented_thunk(dll, proc);
}

static bool in_image(struct module *m, uint32_t rva, size_t len)
{
    return rva < m->size && len <= m->size - rva;
}

WINAPI void *kernel32_ResolveDelayLoadedAPI(void *parent, const IMAGE_DELAYLOAD_DESCRIPTOR *desc,
                                            delay_dll_hook dll_hook, delay_sys_hook sys_hook,
                                            ULONG_PTR *thunk, ULONG flags)
{
    struct module *m = module_from_handle(parent);
    if (!m || !parent || m->builtin || !desc || !in_image(m, desc->DllNameRVA, 1) ||
        !in_image(m, desc->ModuleHandleRVA, sizeof(HMODULE)) ||
        !in_image(m, desc->ImportAddressTableRVA, 8) || !in_image(m, desc->ImportNameTableRVA, 8)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    uint8_t *base = m->base;
    const char *dll = (const char *)base + desc->DllNameRVA;
    if (!memchr(dll, 0, m->size - desc->DllNameRVA)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    ULONG_PTR *iat = (ULONG_PTR *)(base + desc->ImportAddressTableRVA);
    size_t index = (size_t)(thunk - iat);
    if (thunk < iat || !in_image(m, desc->ImportNameTableRVA + (uint32_t)(index * 8), 8)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    uint64_t entry = ((const uint64_t *)(base + desc->ImportNameTableRVA))[index];
    DELAYLOAD_INFO info = { sizeof info, desc, thunk, dll, { 0, { NULL } }, NULL, NULL, 0 };
    const char *proc;
    if (entry >> 63) {
        info.TargetApiDescriptor.Description.Ordinal = (ULONG)(entry & 0xffff);
        proc = (const char *)(uintptr_t)(entry & 0xffff);
    } else {
        uint32_t rva = (uint32_t)entry;
        if (!in_image(m, rva, 3) || !memchr(base + rva + 2, 0, m->size - rva - 2)) {
            set_last_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        info.TargetApiDescriptor.ImportDescribedByName = 1;
        proc = (const char *)base + rva + 2;   /* IMAGE_IMPORT_BY_NAME: hint, name */
        info.TargetApiDescriptor.Description.Name = proc;
    }

    HMODULE *slot = (HMODULE *)(base + desc->ModuleHandleRVA);
    HMODULE target = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!target) {
        target = kernel32_LoadLibraryA(dll);
        if (!target) {
            info.LastError = get_last_error();
            if (dll_hook)
                target = dll_hook(DLI_FAIL_LOAD_LIB, &info);
            if (!target) {
                void *p = sys_hook ? sys_hook(dll, proc) : (void *)kernel32_DelayLoadFailureHook(dll, proc);
                *thunk = (ULONG_PTR)p;
                return p;
            }
        }
        HMODULE prev = NULL;
        if (!__atomic_compare_exchange_n(slot, &prev, target, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            if (prev != target)
                kernel32_FreeLibrary(target);   /* another thread won the race */
            target = prev;
        }
    }
    info.TargetModuleBase = target;
    void *p = (void *)kernel32_GetProcAddress(target, proc);
    if (!p) {
        info.LastError = get_last_error();
        if (dll_hook)
            p = dll_hook(DLI_FAIL_GET_PROC, &info);
        if (!p)
            p = sys_hook ? sys_hook(dll, proc) : (void *)kernel32_DelayLoadFailureHook(dll, proc);
    }
    TRACE("%s!%s -> %p\n", dll, (uintptr_t)proc >> 16 ? proc : "(ordinal)", p);
    __atomic_store_n(thunk, (ULONG_PTR)p, __ATOMIC_RELEASE);
    return p;
}
