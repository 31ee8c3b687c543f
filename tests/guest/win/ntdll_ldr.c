// link: -nostdlib -nostartfiles -Wl,-e,test_entry -Wl,--dynamicbase -lkernel32 -lgcc
/* ntdll's LdrDisableThreadCalloutsForDll (what Wine's own DLLs call from
 * their DllMain): success for a loaded module, STATUS_DLL_NOT_FOUND for
 * NULL and for an address that is no module; kernel32's
 * DisableThreadLibraryCalls on the same, with its Win32 error. */
#include "file_test.h"

typedef LONG (WINAPI *ldr_fn)(HMODULE);

static char not_a_module[64];

int main(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    out("ntdll=%d kernel32=%d\n", ntdll != NULL, k32 != NULL);
    ldr_fn ldr = (ldr_fn)(void *)GetProcAddress(ntdll, "LdrDisableThreadCalloutsForDll");
    out("found: %d\n", ldr != NULL);
    if (!ldr)
        return 1;
    out("kernel32: %x\n", (unsigned)ldr(k32));
    out("NULL: %x\n", (unsigned)ldr(NULL));
    out("not a module: %x\n", (unsigned)ldr((HMODULE)not_a_module));

    SetLastError(0xdeadbeef);
    BOOL ok = DisableThreadLibraryCalls(k32);
    out("DisableThreadLibraryCalls(kernel32): %d err=%x\n", ok, GLE());
    SetLastError(0xdeadbeef);
    ok = DisableThreadLibraryCalls((HMODULE)not_a_module);
    out("DisableThreadLibraryCalls(not a module): %d err=%u\n", ok, GLE());
    out_flush();
    return 0;
}
