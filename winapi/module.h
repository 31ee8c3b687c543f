/*
 * module.h - the modules of the process: the .exe, the PE DLLs it brought,
 * and the built-in DLLs (which get a small fake PE header so that an HMODULE
 * is always a real address). Loading maps through loader/pe_map.c and binds
 * imports to built-in exports or to other loaded PE modules.
 */
#ifndef MIMIC_WINAPI_MODULE_H
#define MIMIC_WINAPI_MODULE_H

#include "winapi/wintypes.h"
#include "winapi/dll.h"
#include "loader/pe.h"

struct module {
    struct module *next;
    char *host_path;             /* NULL for built-ins */
    char *name;                  /* base name, as Windows spells it: "foo.dll" */
    WCHAR *win_path;             /* C:\windows\system32\kernel32.dll or the .exe's Windows path */
    uint8_t *base;
    size_t size;
    struct builtin_dll *builtin; /* non-NULL for built-in DLLs */
    struct pe_file pe;           /* PE modules: parsed headers (buffer kept mapped) */
    struct pe_exports exports;
    const struct pe_runtime_function *pdata;  /* in the mapped image */
    int npdata;
    int tls_index;               /* -1: no TLS directory */
    int refs;
    bool initialized;            /* DllMain(PROCESS_ATTACH) done */
};

/* Load the program (is_exe) or a DLL by name/path with its dependencies.
 * On failure returns NULL and prints why on stderr (naming file and field). */
struct module *module_load_exe(const char *host_path);
struct module *module_load_dll(const char *name, const char *requested_by);
/* Run DllMain/TLS callbacks of loaded modules not yet initialized, dependencies first. */
void module_init_all(void);
void module_detach_all(void);               /* DLL_PROCESS_DETACH in reverse order */
void module_thread_event(DWORD reason);     /* DLL_THREAD_ATTACH/DETACH to PE DLLs, TLS callbacks */

struct module *module_main(void);
struct module *module_find_name(const char *name);      /* case-insensitive, API sets resolved */
struct module *module_from_handle(HMODULE h);
struct module *module_from_address(const void *addr);
void *module_get_proc(struct module *m, const char *name, int ordinal);  /* NULL if missing */

/* Allocate this thread's implicit TLS blocks (teb->thread_local_storage_pointer). */
int module_tls_alloc_thread(void);
void module_tls_free_thread(void);

/* Iterate modules (for ToolHelp-like lookups and unwinding). */
struct module *module_first(void);

/* Guest code pointers: call them with the Microsoft ABI. */
typedef BOOL (WINAPI *dllmain_fn)(HMODULE, DWORD, void *);
typedef void (WINAPI *tls_callback_fn)(void *, DWORD, void *);

#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH  2
#define DLL_THREAD_DETACH  3

#endif
