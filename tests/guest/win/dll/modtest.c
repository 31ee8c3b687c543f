/* A PE DLL for module_basic: exports by name and by ordinal, counts its
 * DllMain calls, and owns a resource-free data export. */
#include <windows.h>

static int attach_count, detach_count;

__declspec(dllexport) int modtest_add(int a, int b) { return a + b; }
__declspec(dllexport) int modtest_attaches(void) { return attach_count; }
__declspec(dllexport) int modtest_value = 1234;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        attach_count++;
    if (reason == DLL_PROCESS_DETACH)
        detach_count++;
    return TRUE;
}
