/* Registry keys: create, open, close, delete, enumerate, query information,
 * predefined roots, access rights, volatile keys, keys deleted behind an open
 * handle, and the error codes of each, through the A and W forms. The last
 * error must stay untouched: Reg* functions report by return value. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static const char *w2a(const WCHAR *w)
{
    static char buf[4][300];
    static int n;
    char *b = buf[n++ & 3];
    int i;
    for (i = 0; w[i] && i < 299; i++)
        b[i] = w[i] < 128 ? (char)w[i] : '?';
    b[i] = 0;
    return b;
}

static void show(const char *what, LONG r)
{
    DWORD le = GetLastError();
    printf("%s: %ld%s\n", what, r, le == 0xdeadbeef ? "" : " (last error changed)");
    SetLastError(0xdeadbeef);
}

#define TESTKEY "Software\\MimicRegKeysTest"

int main(void)
{
    HKEY root = NULL, k = NULL, k2 = NULL;
    DWORD disp = 0, n, i;
    LONG r;
    char name[300];
    WCHAR wname[300];

    RegDeleteTreeA(HKEY_CURRENT_USER, TESTKEY);
    RegDeleteKeyA(HKEY_CURRENT_USER, TESTKEY);
    SetLastError(0xdeadbeef);

    /* open and create */
    k = (HKEY)0x1234;
    r = RegOpenKeyExA(HKEY_CURRENT_USER, TESTKEY, 0, KEY_READ, &k);
    show("open missing", r);
    printf("  handle after failure: %s\n", k ? "set" : "NULL");
    r = RegCreateKeyExA(HKEY_CURRENT_USER, TESTKEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &root, &disp);
    show("create", r);
    printf("  disposition %lu\n", disp);
    r = RegCreateKeyExA(HKEY_CURRENT_USER, TESTKEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    show("create again", r);
    printf("  disposition %lu\n", disp);
    RegCloseKey(k);
    /* RegCreateKeyEx with no result pointer is ERROR_BADKEY on Windows (and in
     * mimic) but crashes the Wine 8 that makes the expected output: not tested.
     * Same for RegOpenKeyExA with no result pointer (ERROR_INVALID_PARAMETER). */
    show("create reserved", RegCreateKeyExA(root, "x", 1, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL));
    show("create leading backslash", RegCreateKeyExA(root, "\\x", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL));
    show("open leading backslash", RegOpenKeyExA(HKEY_LOCAL_MACHINE, "\\Software", 0, KEY_READ, &k));
    r = RegCreateKeyExA(root, "a\\b\\c", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    show("create a\\b\\c", r);
    printf("  disposition %lu\n", disp);
    RegCloseKey(k);
    r = RegOpenKeyExA(root, "A\\B", 0, KEY_READ, &k);
    show("open A\\B (case)", r);
    RegCloseKey(k);
    r = RegOpenKeyExA(root, "a\\b\\c\\", 0, KEY_READ, &k);
    show("open trailing backslash", r);
    RegCloseKey(k);
    r = RegOpenKeyExA(root, "a\\x\\c", 0, KEY_READ, &k);
    show("open missing middle", r);
    r = RegCreateKeyExW(root, L"wide\\Key", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    show("create W", r);
    printf("  disposition %lu\n", disp);
    RegCloseKey(k);
    r = RegOpenKeyExW(root, L"WIDE\\key", 0, KEY_READ, &k);
    show("open W", r);
    RegCloseKey(k);
    memset(name, 'n', 255);
    name[255] = 0;
    r = RegCreateKeyExA(root, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    show("create 255-char name", r);
    RegCloseKey(k);
    r = RegDeleteKeyA(root, name);
    show("delete 255-char name", r);

    /* predefined keys */
    r = RegOpenKeyExA(HKEY_CURRENT_USER, "", 0, KEY_READ, &k);
    show("open HKCU \"\"", r);
    printf("  same handle: %d\n", k == HKEY_CURRENT_USER);
    r = RegOpenKeyExA(HKEY_LOCAL_MACHINE, NULL, 0, KEY_READ, &k);
    show("open HKLM NULL", r);
    printf("  same handle: %d\n", k == HKEY_LOCAL_MACHINE);
    r = RegOpenKeyA(root, NULL, &k);
    show("RegOpenKey NULL", r);
    printf("  same handle: %d\n", k == root);
    r = RegOpenKeyExA(root, "", 0, KEY_READ, &k);
    show("open own key \"\"", r);
    printf("  new handle: %d\n", k != root && k != NULL);
    RegCloseKey(k);
    r = RegOpenKeyExA(HKEY_USERS, ".Default", 0, KEY_READ, &k);
    show("open HKU\\.Default", r);
    RegCloseKey(k);
    r = RegOpenKeyExA(HKEY_CURRENT_CONFIG, NULL, 0, KEY_READ, &k);
    show("open HKCC", r);
    r = RegCreateKeyExA(HKEY_CLASSES_ROOT, "MimicRegKeysTest.ext", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    show("create in HKCR", r);
    printf("  disposition %lu\n", disp);
    RegCloseKey(k);
    r = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software\\Classes\\MimicRegKeysTest.ext", 0, KEY_READ, &k);
    show("HKCR key seen in HKLM\\Software\\Classes", r);
    RegCloseKey(k);
    show("HKCR leading backslash", RegOpenKeyExA(HKEY_CLASSES_ROOT, "\\MimicRegKeysTest.ext", 0, KEY_READ, &k));
    RegCloseKey(k);
    show("delete from HKCR", RegDeleteKeyA(HKEY_CLASSES_ROOT, "MimicRegKeysTest.ext"));
    show("deleted from HKLM too", RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software\\Classes\\MimicRegKeysTest.ext", 0, KEY_READ, &k));
    show("close HKCU", RegCloseKey(HKEY_CURRENT_USER));

    /* handles */
    show("close NULL", RegCloseKey(NULL));
    show("query bad handle", RegQueryValueExA((HKEY)(ULONG_PTR)0xdeadbee0, "x", NULL, NULL, NULL, NULL));
    show("create under bad handle", RegCreateKeyExA((HKEY)(ULONG_PTR)0xdeadbee0, "x", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL));
    r = RegOpenKeyExA(root, "a", 0, KEY_READ, &k);
    show("open a", r);
    show("close a", RegCloseKey(k));
    show("close a again", RegCloseKey(k));
    show("flush", RegFlushKey(root));
    show("flush HKLM", RegFlushKey(HKEY_LOCAL_MACHINE));

    /* enumerate subkeys: sorted without regard to case */
    RegCreateKeyA(root, "beta", &k); RegCloseKey(k);
    RegCreateKeyA(root, "Alpha", &k); RegCloseKey(k);
    RegCreateKeyA(root, "gamma", &k); RegCloseKey(k);
    RegCreateKeyA(root, "Delta", &k); RegCloseKey(k);
    SetLastError(0xdeadbeef);
    for (i = 0;; i++) {
        FILETIME ft;
        n = sizeof name;
        r = RegEnumKeyExA(root, i, name, &n, NULL, NULL, NULL, &ft);
        if (r) {
            show("enum end", r);
            break;
        }
        printf("  key %lu: %s (%lu)\n", i, name, n);
    }
    n = 3;
    strcpy(name, "xxxxxxx");
    show("enum small buffer", RegEnumKeyExA(root, 1, name, &n, NULL, NULL, NULL, NULL));
    printf("  n=%lu name=%s\n", n, name);
    n = 4;
    show("enum name exactly fits without NUL", RegEnumKeyExA(root, 1, name, &n, NULL, NULL, NULL, NULL));
    n = 5;
    show("enum name fits", RegEnumKeyExA(root, 1, name, &n, NULL, NULL, NULL, NULL));
    printf("  n=%lu name=%s\n", n, name);
    n = 300;
    show("enum W", RegEnumKeyExW(root, 3, wname, &n, NULL, NULL, NULL, NULL));
    printf("  n=%lu name=%s\n", n, w2a(wname));
    show("RegEnumKeyA", RegEnumKeyA(root, 0, name, sizeof name));
    printf("  name=%s\n", name);
    show("RegEnumKeyW past end", RegEnumKeyW(root, 99, wname, 300));
    show("enum reserved", RegEnumKeyExA(root, 0, name, &n, &n, NULL, NULL, NULL));

    /* classes and RegQueryInfoKey */
    r = RegCreateKeyExA(root, "classy", 0, "myclass", 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    show("create with class", r);
    {
        char cls[32];
        DWORD cl = sizeof cls, subkeys = 99, maxsub = 99, maxcls = 99, values = 99, maxval = 99, maxdata = 99;
        r = RegQueryInfoKeyA(k, cls, &cl, NULL, &subkeys, &maxsub, &maxcls, &values, &maxval, &maxdata, NULL, NULL);
        show("info classy", r);
        printf("  class=%s len=%lu subkeys=%lu values=%lu\n", cls, cl, subkeys, values);
        cl = 3;
        strcpy(cls, "zzzzzzzz");
        r = RegQueryInfoKeyA(k, cls, &cl, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        show("info class small A", r);
        printf("  class=%s len=%lu\n", cls, cl);
        {
            WCHAR wc[32];
            DWORD wl = 3;
            r = RegQueryInfoKeyW(k, wc, &wl, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            show("info class small W", r);
            printf("  len=%lu\n", wl);
            wl = 32;
            r = RegQueryInfoKeyW(k, wc, &wl, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            show("info class W", r);
            printf("  class=%s len=%lu\n", w2a(wc), wl);
        }
        show("info class without length", RegQueryInfoKeyA(k, cls, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
        RegCloseKey(k);
        RegSetValueExA(root, "v1", 0, REG_SZ, (const BYTE *)"12345", 6);
        RegSetValueExA(root, "longer name", 0, REG_BINARY, (const BYTE *)"0123456789", 10);
        SetLastError(0xdeadbeef);
        r = RegQueryInfoKeyA(root, NULL, NULL, NULL, &subkeys, &maxsub, &maxcls, &values, &maxval, &maxdata, NULL, NULL);
        show("info root", r);
        printf("  subkeys=%lu maxsub=%lu maxcls=%lu values=%lu maxval=%lu maxdata=%lu\n",
               subkeys, maxsub, maxcls, values, maxval, maxdata);
        n = 300;
        r = RegEnumKeyExA(root, 2, name, &n, NULL, cls, &cl, NULL);
        show("enum with class", r);
        cl = sizeof cls;
        n = 300;
        r = RegEnumKeyExA(root, 3, name, &n, NULL, cls, &cl, NULL);
        show("enum classy with class", r);
        printf("  name=%s class=%s len=%lu\n", name, cls, cl);
        cl = 3;
        n = 300;
        show("enum class too small", RegEnumKeyExA(root, 3, name, &n, NULL, cls, &cl, NULL));
    }

    /* deleting */
    show("delete with subkeys", RegDeleteKeyA(root, "a"));
    show("delete missing", RegDeleteKeyA(root, "nothere"));
    show("delete NULL name", RegDeleteKeyA(root, NULL));
    show("delete W leaf", RegDeleteKeyW(root, L"a\\b\\c"));
    show("delete Ex", RegDeleteKeyExA(root, "a\\b", KEY_WOW64_64KEY, 0));
    show("delete a", RegDeleteKeyA(root, "a"));
    show("open deleted", RegOpenKeyExA(root, "a", 0, KEY_READ, &k));
    show("delete HKCU itself", RegDeleteKeyA(HKEY_CURRENT_USER, ""));

    /* a key deleted behind an open handle */
    RegCreateKeyA(root, "victim", &k);
    RegSetValueExA(k, "v", 0, REG_DWORD, (const BYTE *)&disp, 4);
    SetLastError(0xdeadbeef);
    show("delete victim", RegDeleteKeyA(root, "victim"));
    show("  set value", RegSetValueExA(k, "w", 0, REG_DWORD, (const BYTE *)&disp, 4));
    show("  query value", RegQueryValueExA(k, "v", NULL, NULL, NULL, NULL));
    n = sizeof name;
    show("  enum keys", RegEnumKeyExA(k, 0, name, &n, NULL, NULL, NULL, NULL));
    show("  create subkey", RegCreateKeyExA(k, "sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k2, NULL));
    show("  open \"\"", RegOpenKeyExA(k, "", 0, KEY_READ, &k2));
    show("  delete itself again", RegDeleteKeyA(k, ""));
    show("  close", RegCloseKey(k));

    /* deleting a key through its own handle */
    RegCreateKeyA(root, "self", &k);
    SetLastError(0xdeadbeef);
    show("delete self \"\"", RegDeleteKeyA(k, ""));
    RegCloseKey(k);
    show("self gone", RegOpenKeyExA(root, "self", 0, KEY_READ, &k));

    /* access rights */
    RegCreateKeyA(root, "acl", &k);
    RegCloseKey(k);
    SetLastError(0xdeadbeef);
    RegOpenKeyExA(root, "acl", 0, KEY_READ, &k);
    show("KEY_READ: set value", RegSetValueExA(k, "v", 0, REG_SZ, (const BYTE *)"x", 2));
    show("KEY_READ: query value", RegQueryValueExA(k, "v", NULL, NULL, NULL, NULL));
    n = sizeof name;
    show("KEY_READ: enum", RegEnumKeyExA(k, 0, name, &n, NULL, NULL, NULL, NULL));
    show("KEY_READ: create subkey", RegCreateKeyExA(k, "sub", 0, NULL, 0, KEY_READ, NULL, &k2, NULL));
    RegCloseKey(k2);
    show("KEY_READ: delete subkey", RegDeleteKeyA(k, "sub"));
    RegCloseKey(k);
    RegOpenKeyExA(root, "acl", 0, KEY_SET_VALUE, &k);
    show("KEY_SET_VALUE: set value", RegSetValueExA(k, "v", 0, REG_SZ, (const BYTE *)"x", 2));
    show("KEY_SET_VALUE: query value", RegQueryValueExA(k, "v", NULL, NULL, NULL, NULL));
    n = sizeof name;
    show("KEY_SET_VALUE: enum", RegEnumKeyExA(k, 0, name, &n, NULL, NULL, NULL, NULL));
    show("KEY_SET_VALUE: info", RegQueryInfoKeyA(k, NULL, NULL, NULL, &n, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
    show("KEY_SET_VALUE: delete value", RegDeleteValueA(k, "v"));
    RegCloseKey(k);
    RegOpenKeyExA(root, "acl", 0, 0, &k);
    show("no access: query value", RegQueryValueExA(k, "v", NULL, NULL, NULL, NULL));
    RegCloseKey(k);
    RegOpenKeyExA(root, "acl", 0, GENERIC_READ, &k);
    show("GENERIC_READ: query value", RegQueryValueExA(k, "nothere", NULL, NULL, NULL, NULL));
    show("GENERIC_READ: set value", RegSetValueExA(k, "v", 0, REG_SZ, (const BYTE *)"x", 2));
    RegCloseKey(k);
    RegOpenKeyExA(root, "acl", 0, MAXIMUM_ALLOWED, &k);
    show("MAXIMUM_ALLOWED: set value", RegSetValueExA(k, "v", 0, REG_SZ, (const BYTE *)"x", 2));
    RegCloseKey(k);

    /* volatile keys */
    r = RegCreateKeyExA(root, "vol", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &k, &disp);
    show("create volatile", r);
    show("non-volatile under volatile", RegCreateKeyExA(k, "sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k2, NULL));
    r = RegCreateKeyExA(k, "sub", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &k2, NULL);
    show("volatile under volatile", r);
    RegCloseKey(k2);
    RegCloseKey(k);

    /* RegDeleteTree */
    RegCreateKeyA(root, "tree\\x\\y", &k); RegCloseKey(k);
    RegCreateKeyA(root, "tree\\z", &k);
    RegSetValueExA(k, "v", 0, REG_SZ, (const BYTE *)"x", 2);
    RegCloseKey(k);
    SetLastError(0xdeadbeef);
    show("delete tree missing", RegDeleteTreeA(root, "nothere"));
    show("delete tree", RegDeleteTreeA(root, "tree"));
    show("tree gone", RegOpenKeyExA(root, "tree", 0, KEY_READ, &k));
    RegCreateKeyA(root, "tree2\\x", &k); RegCloseKey(k);
    RegOpenKeyExA(root, "tree2", 0, KEY_ALL_ACCESS, &k);
    RegSetValueExA(k, "v", 0, REG_SZ, (const BYTE *)"x", 2);
    SetLastError(0xdeadbeef);
    show("delete tree NULL subkey", RegDeleteTreeW(k, NULL));
    {
        DWORD subkeys = 99, values = 99;
        show("  info", RegQueryInfoKeyA(k, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL));
        printf("  subkeys=%lu values=%lu\n", subkeys, values);
    }
    RegCloseKey(k);
    show("tree2 still there", RegOpenKeyExA(root, "tree2", 0, KEY_READ, &k));
    RegCloseKey(k);

    /* clean up */
    show("delete whole test tree", RegDeleteTreeA(HKEY_CURRENT_USER, TESTKEY));
    show("close root", RegCloseKey(root));
    show("delete test key", RegDeleteKeyA(HKEY_CURRENT_USER, TESTKEY));
    show("open after cleanup", RegOpenKeyExA(HKEY_CURRENT_USER, TESTKEY, 0, KEY_READ, &k));
    return 0;
}
