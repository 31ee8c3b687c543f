/* RegSetValueExW with string data that ends at the end of readable memory:
 * a count that includes the terminator must not make the registry look
 * past the buffer (what it does, as NT, only to see whether an
 * unterminated string happens to be followed by one). The string sits at
 * the very end of a page whose next page is PAGE_NOACCESS. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    BYTE *mem = VirtualAlloc(NULL, 8192, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    DWORD old;
    if (!mem || !VirtualProtect(mem + 4096, 4096, PAGE_NOACCESS, &old)) {
        printf("setup failed %lu\n", GetLastError());
        return 1;
    }
    static const WCHAR text[] = L"edge";
    WCHAR *s = (WCHAR *)(mem + 4096 - sizeof text);
    memcpy(s, text, sizeof text);
    /* a REG_MULTI_SZ with its two terminators, also at the end */
    static const WCHAR multi[] = L"a\0bc\0";
    WCHAR *m = (WCHAR *)(mem + 4096 - sizeof multi);

    HKEY key;
    LONG r = RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\MimicStrEnd", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL);
    printf("create: %ld\n", r);
    r = RegSetValueExW(key, L"sz", 0, REG_SZ, (const BYTE *)s, sizeof text);
    printf("set sz: %ld\n", r);
    r = RegSetValueExW(key, L"expand", 0, REG_EXPAND_SZ, (const BYTE *)s, sizeof text);
    printf("set expand: %ld\n", r);
    memcpy(m, multi, sizeof multi);
    r = RegSetValueExW(key, L"multi", 0, REG_MULTI_SZ, (const BYTE *)m, sizeof multi);
    printf("set multi: %ld\n", r);

    WCHAR back[32];
    DWORD type, size = sizeof back;
    r = RegQueryValueExW(key, L"sz", NULL, &type, (BYTE *)back, &size);
    printf("query sz: %ld type %lu size %lu [%ls]\n", r, type, size, back);
    size = sizeof back;
    r = RegQueryValueExW(key, L"multi", NULL, &type, (BYTE *)back, &size);
    printf("query multi: %ld type %lu size %lu [%ls|%ls]\n", r, type, size, back, back + 2);
    RegCloseKey(key);
    r = RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\MimicStrEnd");
    printf("delete: %ld\n", r);
    return 0;
}
