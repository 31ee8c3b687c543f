/* The registry survives between runs of a program in one prefix: the first
 * run writes keys and values of every type in HKCU and HKLM, the second (a
 * separate process) finds them, reads them back, and cleans up. */
// runs: 2
#include <windows.h>
#include <stdio.h>
#include <string.h>

#define TESTKEY "Software\\MimicPersistTest"

static void dump(const BYTE *b, DWORD n)
{
    for (DWORD i = 0; i < n; i++)
        printf(" %02x", b[i]);
    printf("\n");
}

int main(void)
{
    HKEY k, sub;
    DWORD dw = 0xcafef00d, type, size, i, n;
    ULONGLONG qw = 0x1122334455667788ULL;
    BYTE buf[256];
    char name[64];
    LONG r;

    r = RegOpenKeyExA(HKEY_CURRENT_USER, TESTKEY, 0, KEY_ALL_ACCESS, &k);
    if (r == ERROR_FILE_NOT_FOUND) {
        printf("run 1: no key yet\n");
        r = RegCreateKeyExA(HKEY_CURRENT_USER, TESTKEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
        printf("create: %ld\n", r);
        /* default value first: Wine enumerates values sorted, Windows in creation order */
        printf("set: %ld", RegSetValueExA(k, NULL, 0, REG_SZ, (const BYTE *)"default", 8));
        printf(" %ld", RegSetValueExA(k, "1 sz", 0, REG_SZ, (const BYTE *)"text \"quoted\" \\ back", 21));
        printf(" %ld", RegSetValueExW(k, L"2 expand", 0, REG_EXPAND_SZ, (const BYTE *)L"%TEMP%\\\x20ac", 18));
        printf(" %ld", RegSetValueExA(k, "3 multi", 0, REG_MULTI_SZ, (const BYTE *)"a\0bb\0\0", 6));
        printf(" %ld", RegSetValueExA(k, "4 dword", 0, REG_DWORD, (const BYTE *)&dw, 4));
        printf(" %ld", RegSetValueExA(k, "5 qword", 0, REG_QWORD, (const BYTE *)&qw, 8));
        printf(" %ld", RegSetValueExA(k, "6 binary", 0, REG_BINARY, (const BYTE *)"\x00\x01\xff", 3));
        printf(" %ld\n", RegSetValueExA(k, "7 none", 0, REG_NONE, NULL, 0));
        printf("subkey: %ld\n", RegCreateKeyExA(k, "Sub Key", 0, "cls", 0, KEY_ALL_ACCESS, NULL, &sub, NULL));
        RegCloseKey(sub);
        printf("volatile: %ld\n", RegCreateKeyExA(k, "Volatile", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &sub, NULL));
        RegCloseKey(sub);
        RegCloseKey(k);
        r = RegCreateKeyExA(HKEY_LOCAL_MACHINE, TESTKEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
        printf("HKLM create: %ld\n", r);
        printf("HKLM set: %ld\n", RegSetValueExA(k, "machine", 0, REG_DWORD, (const BYTE *)&dw, 4));
        RegCloseKey(k);
        return 0;
    }
    printf("run 2: open %ld\n", r);
    for (i = 0;; i++) {
        n = sizeof name;
        size = sizeof buf;
        r = RegEnumValueA(k, i, name, &n, NULL, &type, buf, &size);
        if (r)
            break;
        printf("  '%s' type %lu:", name, type);
        dump(buf, size);
    }
    printf("values end: %ld\n", r);
    size = sizeof buf;
    r = RegQueryValueExW(k, L"2 expand", NULL, &type, buf, &size);
    printf("W expand: %ld type %lu:", r, type);
    dump(buf, size);
    n = sizeof name;
    r = RegEnumKeyExA(k, 0, name, &n, NULL, (char *)buf, &size, NULL);
    printf("subkey 0: %ld '%s' class '%s'\n", r, name, (char *)buf);
    n = sizeof name;
    printf("subkey 1: %ld\n", RegEnumKeyExA(k, 1, name, &n, NULL, NULL, NULL, NULL));
    RegCloseKey(k);
    r = RegOpenKeyExA(HKEY_LOCAL_MACHINE, TESTKEY, 0, KEY_READ, &k);
    size = sizeof dw;
    dw = 0;
    printf("HKLM: %ld", r);
    r = RegQueryValueExA(k, "machine", NULL, NULL, (BYTE *)&dw, &size);
    printf(" %ld %08lx\n", r, dw);
    RegCloseKey(k);
    printf("cleanup: %ld %ld\n", RegDeleteTreeA(HKEY_CURRENT_USER, TESTKEY), RegDeleteTreeA(HKEY_LOCAL_MACHINE, TESTKEY));
    return 0;
}
