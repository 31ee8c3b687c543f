/* pe_reloc.c - a DLL that cannot go to its preferred base (the program sits
 * there) is relocated: its absolute pointers must all be fixed up. */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    HMODULE exe = GetModuleHandleA(NULL);
    SetLastError(0xdeadbeef);
    HMODULE dll = LoadLibraryA("relocdll.dll");
    printf("load: %s, error %lu\n", dll ? "ok" : "failed", dll ? 0 : GetLastError());
    if (!dll)
        return 1;
    /* The DLL cannot have its preferred base: the program holds it (or, under
     * ASan, the address is in the sanitizer's shadow gap and nobody can). */
    printf("dll away from its preferred base: %d, apart from the program: %d\n",
           dll != (HMODULE)0x140000000ull, dll != exe);
    int (*sum)(void) = (void *)GetProcAddress(dll, "reloc_sum");
    const char *(*name)(int) = (void *)GetProcAddress(dll, "reloc_name");
    int (*consistent)(void) = (void *)GetProcAddress(dll, "reloc_consistent");
    printf("sum %d, names %s %s, consistent %d\n", sum(), name(0), name(1), consistent());
    printf("free: %d\n", FreeLibrary(dll));
    return 0;
}
