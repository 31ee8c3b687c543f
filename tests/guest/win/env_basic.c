/* Environment variables: set, get, size rules, delete, expansion, blocks. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char buf[64];
    printf("set %d\n", SetEnvironmentVariableA("MIMIC_TEST_VAR", "hello"));
    printf("get %lu %s\n", GetEnvironmentVariableA("MIMIC_TEST_VAR", buf, sizeof buf), buf);
    printf("case-insensitive %lu\n", GetEnvironmentVariableA("mimic_test_var", buf, sizeof buf));
    memset(buf, 'x', sizeof buf);
    printf("small buffer %lu (untouched %d)\n", GetEnvironmentVariableA("MIMIC_TEST_VAR", buf, 5), buf[0] == 'x');
    printf("exact fit %lu %s\n", GetEnvironmentVariableA("MIMIC_TEST_VAR", buf, 6), buf);
    printf("size query %lu\n", GetEnvironmentVariableA("MIMIC_TEST_VAR", NULL, 0));
    WCHAR w[64];
    printf("W %lu %d\n", GetEnvironmentVariableW(L"MIMIC_TEST_VAR", w, 64), !lstrcmpW(w, L"hello"));
    SetEnvironmentVariableW(L"MIMIC_EMPTY", L"");
    SetLastError(0xdeadbeef);
    buf[0] = 'x';
    { DWORD r_ = GetEnvironmentVariableA("MIMIC_EMPTY", buf, sizeof buf); DWORD e_ = GetLastError(); printf("empty %lu first %d err %lu\n", r_, buf[0], e_); }
    printf("delete %d\n", SetEnvironmentVariableA("MIMIC_TEST_VAR", NULL));
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(GetEnvironmentVariableA("MIMIC_TEST_VAR", buf, sizeof buf)); DWORD e_ = GetLastError(); printf("deleted %lu err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(SetEnvironmentVariableA("A=B", "x")); DWORD e_ = GetLastError(); printf("bad name %d err %lu\n", r_, e_); }

    SetEnvironmentVariableA("MIMIC_X", "ex");
    printf("expand %lu %s\n", ExpandEnvironmentStringsA("[%MIMIC_X%] [%UNDEFINED_V%] [%%] [100%]", buf, sizeof buf), buf);
    printf("expand need %lu\n", ExpandEnvironmentStringsA("%MIMIC_X%%MIMIC_X%", NULL, 0));
    WCHAR wb[64];
    printf("expandW %lu %d\n", ExpandEnvironmentStringsW(L"a%MIMIC_X%b", wb, 64), !lstrcmpW(wb, L"aexb"));

    /* The block is a sorted copy; our variables are in it. */
    char *blk = GetEnvironmentStringsA();
    int found = 0;
    for (char *p = blk; *p; p += strlen(p) + 1)
        if (!strcmp(p, "MIMIC_X=ex")) found = 1;
    printf("block has var %d\n", found);
    printf("free %d\n", FreeEnvironmentStringsA(blk));
    WCHAR *wblk = GetEnvironmentStringsW();
    found = 0;
    for (WCHAR *p = wblk; *p; p += lstrlenW(p) + 1)
        if (!lstrcmpW(p, L"MIMIC_X=ex")) found = 1;
    printf("W block has var %d\n", found);
    FreeEnvironmentStringsW(wblk);
    return 0;
}
