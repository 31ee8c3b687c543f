/*
 * ntdll/loader.c - the Ldr* calls that DLLs make on themselves from their
 * DllMain (Wine's own PE DLLs, e.g. rpcrt4, call LdrDisableThreadCalloutsForDll
 * where others call kernel32's DisableThreadLibraryCalls).
 */
#include "winapi/wintypes.h"
#include "winapi/module.h"

#define STATUS_DLL_NOT_FOUND 0xC0000135u

/* The thread notifications it would switch off are an optimisation: the
 * loader keeps sending them, which a DLL must tolerate anyway (as with
 * DisableThreadLibraryCalls). What is checked is the handle. */
WINAPI NTSTATUS ntdll_LdrDisableThreadCalloutsForDll(HMODULE h)
{
    if (!h || !module_from_handle(h))
        return STATUS_DLL_NOT_FOUND;
    return STATUS_SUCCESS;
}
