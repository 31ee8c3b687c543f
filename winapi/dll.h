/*
 * dll.h - built-in DLLs: their generated export tables (from .spec files via
 * tools/specgen.awk), lookup by name or ordinal, API-set names, and the
 * "unimplemented" thunks that every unknown import is bound to.
 */
#ifndef MIMIC_WINAPI_DLL_H
#define MIMIC_WINAPI_DLL_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum export_kind { EXPORT_FUNC, EXPORT_DATA, EXPORT_STUB, EXPORT_FORWARD };
enum export_conv { CONV_CDECL, CONV_STDCALL, CONV_VARARGS, CONV_THISCALL };

/* One export of a built-in DLL. No pointers: the strings are offsets into
 * the DLL's pool and the implementation is in its addrs[] (see
 * tools/specgen.awk for why), so read them through the accessors below. */
struct dll_export {
    uint32_t name;               /* pool offset of the name */
    uint32_t forward;            /* pool offset of "dll.Name" for forwards; 0: none */
    uint32_t args;               /* pool offset of the argument kinds, one letter each: l p s w q d f */
    uint16_t ordinal;            /* 0: none fixed */
    uint8_t kind;                /* enum export_kind */
    uint8_t conv;                /* enum export_conv */
};

struct builtin_dll {
    const char *name;            /* "kernel32.dll" */
    const struct dll_export *exports;   /* in name order (bytewise), as generated */
    void *const *addrs;          /* exports[i]'s implementation or variable; NULL for stubs and forwards */
    const char *strings;         /* the pool; offset 0 is "" */
    int count;
};

static inline const char *export_name(const struct builtin_dll *dll, const struct dll_export *e)
{
    return dll->strings + e->name;
}

static inline const char *export_args(const struct builtin_dll *dll, const struct dll_export *e)
{
    return dll->strings + e->args;
}

/* "dll.Name" for a forward, NULL otherwise. */
static inline const char *export_forward(const struct builtin_dll *dll, const struct dll_export *e)
{
    return e->forward ? dll->strings + e->forward : NULL;
}

static inline void *export_addr(const struct builtin_dll *dll, const struct dll_export *e)
{
    return dll->addrs[e - dll->exports];
}

extern struct builtin_dll *const builtin_dlls[];  /* generated, NULL-terminated */

/* Find a built-in DLL by file name ("KERNEL32.dll", "kernel32", API-set names ...). */
struct builtin_dll *builtin_find(const char *name);
/* Map an API-set name (api-ms-win-crt-*, api-ms-win-core-*) to the DLL that implements it;
 * returns the name unchanged when it is not an API set. */
const char *apiset_resolve(const char *name);

const struct dll_export *builtin_export_by_name(struct builtin_dll *dll, const char *name);
const struct dll_export *builtin_export_by_ordinal(struct builtin_dll *dll, int ordinal);

/* The address an import binds to: the implementation, the variable, forwards
 * followed, or an "unimplemented" thunk that names DLL!NAME. Never NULL unless
 * allow_missing is true and the name is unknown (GetProcAddress semantics). */
void *builtin_resolve(struct builtin_dll *dll, const char *name, int ordinal, bool allow_missing);

/* A callable address that prints "unimplemented: DLL!NAME" and exits 3. */
void *unimplemented_thunk(const char *dll, const char *name);
/* True when builtin_resolve would give an unimplemented thunk (for `mimic info --imports`). */
bool builtin_implements(const char *dll, const char *name, int ordinal);

#endif
