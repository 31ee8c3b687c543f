/* GetModuleHandle, GetProcAddress, LoadLibrary/FreeLibrary of a built-in
 * DLL and of a PE DLL (build/tests/win/modtest.dll), GetModuleFileName. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    HMODULE exe = GetModuleHandleA(NULL);
    printf("exe is image %d\n", exe == (HMODULE)GetModuleHandleW(NULL) && *(WORD *)exe == 0x5a4d);
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    printf("kernel32 %d same as KERNEL32 %d, no ext %d, W %d\n", k32 != NULL, GetModuleHandleA("KERNEL32.DLL") == k32,
           GetModuleHandleA("kernel32") == k32, GetModuleHandleW(L"Kernel32.dll") == k32);
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(GetModuleHandleA("nosuchmodule.dll")); DWORD e_ = GetLastError(); printf("missing %p err %lu\n", r_, e_); }

    FARPROC gp = GetProcAddress(k32, "GetProcAddress");
    printf("GetProcAddress found %d\n", gp != NULL);
    DWORD (WINAPI *gle)(void) = (void *)GetProcAddress(k32, "GetLastError");
    SetLastError(77);
    printf("call through GetProcAddress %lu\n", gle());
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(GetProcAddress(k32, "NoSuchFunction")); DWORD e_ = GetLastError(); printf("missing proc %p err %lu\n", r_, e_); }

    HMODULE hm = NULL;
    printf("ExA from address %d same %d\n", GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
           GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, (LPCSTR)main, &hm), hm == exe);
    SetLastError(0xdeadbeef);
    printf("ExA bad flags %d err %lu\n", GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN |
           GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, "kernel32", &hm), GetLastError());
    SetLastError(0xdeadbeef);
    { BOOL r_ = GetModuleHandleExA(0, "nosuch.dll", &hm); DWORD e_ = GetLastError(); printf("ExA missing %d err %lu null %d\n", r_, e_, hm == NULL); }

    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(LoadLibraryA("nosuchlib.dll")); DWORD e_ = GetLastError(); printf("load missing %p err %lu\n", r_, e_); }
    HMODULE lk = LoadLibraryA("kernel32.dll");
    printf("load builtin same %d free %d\n", lk == k32, FreeLibrary(lk));

    HMODULE d = LoadLibraryA("modtest.dll");
    printf("load PE dll %d\n", d != NULL);
    int (*add)(int, int) = (void *)GetProcAddress(d, "modtest_add");
    int (*attaches)(void) = (void *)GetProcAddress(d, "modtest_attaches");
    int *value = (int *)GetProcAddress(d, "modtest_value");
    printf("add %d attaches %d value %d\n", add(2, 3), attaches(), *value);
    printf("handle by name %d\n", GetModuleHandleA("MODTEST") == d);
    HMODULE d2 = LoadLibraryA("modtest.dll");
    printf("second load same %d attaches %d\n", d2 == d, attaches());
    /* Ordinal 1 is the first export in name order (modtest_add). */
    printf("by ordinal %d\n", (void *)GetProcAddress(d, (LPCSTR)1) == (void *)add);
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(GetProcAddress(d, (LPCSTR)99)); DWORD e_ = GetLastError(); printf("bad ordinal %p err %lu\n", r_, e_); }
    printf("free %d free %d\n", FreeLibrary(d2), FreeLibrary(d));

    char path[MAX_PATH];
    DWORD n = GetModuleFileNameA(NULL, path, MAX_PATH);
    const char *slash = strrchr(path, '\\');
    printf("exe name %s len ok %d drive %d\n", slash ? slash + 1 : path, n == strlen(path), path[1] == ':');
    /* Windows (Vista and later) terminates a truncated name: last is 0.
     * Wine's A version leaves the 6th character there; expected by hand. */
    char small[6];
    SetLastError(0xdeadbeef);
    n = GetModuleFileNameA(NULL, small, sizeof small);
    printf("truncated n %lu err %lu last %d\n", n, GetLastError(), small[5]);
    WCHAR wpath[MAX_PATH];
    SetLastError(0xdeadbeef);
    n = GetModuleFileNameW(k32, wpath, MAX_PATH);
    { LONG_PTR r_ = (LONG_PTR)(n > 12 && !lstrcmpiW(wpath + n - 12, L"kernel32.dll")); DWORD e_ = GetLastError(); printf("kernel32 path ends %d err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(GetModuleFileNameA((HMODULE)0x1000, path, MAX_PATH)); DWORD e_ = GetLastError(); printf("bad module %lu err %lu\n", r_, e_); }
    return 0;
}
