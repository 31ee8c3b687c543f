/* Registry values: every type set and read back through the A and W forms,
 * buffer sizes (ERROR_MORE_DATA with the size needed, buffers untouched),
 * the terminator Windows adds on write and on read, the default value,
 * enumeration order and its buffer rules, deletion, RegGetValue's type
 * filters, and ANSI code page conversion of names and string data. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static void show(const char *what, LONG r)
{
    DWORD le = GetLastError();
    printf("%s: %ld%s\n", what, r, le == 0xdeadbeef ? "" : " (last error changed)");
    SetLastError(0xdeadbeef);
}

static void dump(const char *label, const void *p, DWORD n)
{
    const BYTE *b = p;
    printf("  %s [%lu]", label, n);
    for (DWORD i = 0; i < n && i < 40; i++)
        printf(" %02x", b[i]);
    printf("\n");
}

#define TESTKEY "Software\\MimicRegValuesTest"

int main(void)
{
    HKEY k;
    DWORD type, size, n, i;
    BYTE buf[256];
    WCHAR wbuf[128];
    char name[64];
    LONG r;
    DWORD dw = 0x12345678;
    ULONGLONG qw = 0x0123456789abcdefULL;
    static const BYTE bin[5] = { 1, 2, 0, 0xfe, 0xff };
    static const char multi[] = "one\0two\0\0";
    static const WCHAR wmulti[] = L"uno\0dos\0";

    RegDeleteTreeA(HKEY_CURRENT_USER, TESTKEY);
    if (RegCreateKeyExA(HKEY_CURRENT_USER, TESTKEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL)) {
        printf("cannot create the test key\n");
        return 1;
    }
    SetLastError(0xdeadbeef);

    /* set every type; created in alphabetical order, so that Windows' creation
     * order and Wine's sorted order of RegEnumValue agree */
    show("set default", RegSetValueExA(k, NULL, 0, REG_SZ, (const BYTE *)"def", 4));
    show("set sz A", RegSetValueExA(k, "aStr", 0, REG_SZ, (const BYTE *)"hello", 6));
    show("set sz A, count without NUL", RegSetValueExA(k, "bNoNul", 0, REG_SZ, (const BYTE *)"abc", 3));
    show("set sz W, count without NUL", RegSetValueExW(k, L"cWNoNul", 0, REG_SZ, (const BYTE *)L"wide", 8));
    show("set expand_sz", RegSetValueExA(k, "dExp", 0, REG_EXPAND_SZ, (const BYTE *)"%SystemRoot%\\x", 15));
    show("set multi_sz A", RegSetValueExA(k, "eMulti", 0, REG_MULTI_SZ, (const BYTE *)multi, sizeof multi - 1));
    show("set multi_sz W", RegSetValueExW(k, L"fWMulti", 0, REG_MULTI_SZ, (const BYTE *)wmulti, sizeof wmulti));
    show("set dword", RegSetValueExA(k, "gDword", 0, REG_DWORD, (const BYTE *)&dw, 4));
    show("set qword", RegSetValueExA(k, "hQword", 0, REG_QWORD, (const BYTE *)&qw, 8));
    show("set binary", RegSetValueExA(k, "iBin", 0, REG_BINARY, bin, 5));
    show("set none empty", RegSetValueExA(k, "jNone", 0, REG_NONE, NULL, 0));
    show("set none 3 bytes", RegSetValueExA(k, "kNone3", 0, REG_NONE, bin, 3));
    show("set odd-length sz W", RegSetValueExW(k, L"lOdd", 0, REG_SZ, (const BYTE *)L"xy", 3));
    show("set empty sz", RegSetValueExA(k, "mEmpty", 0, REG_SZ, (const BYTE *)"", 0));
    show("set NULL data with count", RegSetValueExA(k, "Bad", 0, REG_BINARY, NULL, 4));
    show("set low pointer", RegSetValueExA(k, "Bad", 0, REG_BINARY, (const BYTE *)(ULONG_PTR)0x1000, 4));
    show("set bad handle", RegSetValueExA((HKEY)(ULONG_PTR)0xdeadbee0, "x", 0, REG_DWORD, (const BYTE *)&dw, 4));
    show("set dword big endian", RegSetValueExA(k, "nBE", 0, REG_DWORD_BIG_ENDIAN, (const BYTE *)&dw, 4));

    /* read back with the W form: raw bytes */
    {
        static const char *names[] = { "", "aStr", "bNoNul", "cWNoNul", "dExp", "eMulti", "fWMulti", "gDword",
                                       "hQword", "iBin", "jNone", "kNone3", "lOdd", "mEmpty", "nBE" };
        for (i = 0; i < sizeof names / sizeof *names; i++) {
            WCHAR wn[32];
            MultiByteToWideChar(CP_ACP, 0, names[i], -1, wn, 32);
            memset(buf, 0xcc, sizeof buf);
            size = sizeof buf;
            type = 99;
            r = RegQueryValueExW(k, names[i][0] ? wn : NULL, NULL, &type, buf, &size);
            printf("W %s: %ld type %lu\n", names[i][0] ? names[i] : "(default)", r, type);
            dump("data", buf, size + 2);
        }
        for (i = 0; i < sizeof names / sizeof *names; i++) {
            memset(buf, 0xcc, sizeof buf);
            size = sizeof buf;
            type = 99;
            r = RegQueryValueExA(k, names[i], NULL, &type, buf, &size);
            printf("A %s: %ld type %lu\n", names[i][0] ? names[i] : "(default)", r, type);
            dump("data", buf, size + 1);
        }
    }
    SetLastError(0xdeadbeef);

    /* sizes and buffers */
    size = 0;
    type = 99;
    show("size only W", RegQueryValueExW(k, L"aStr", NULL, &type, NULL, &size));
    printf("  size %lu type %lu\n", size, type);
    size = 0;
    show("size only A", RegQueryValueExA(k, "aStr", NULL, &type, NULL, &size));
    printf("  size %lu\n", size);
    memset(buf, 0xcc, sizeof buf);
    size = 4;
    type = 99;
    show("small buffer W", RegQueryValueExW(k, L"aStr", NULL, &type, buf, &size));
    printf("  size %lu type %lu\n", size, type);
    dump("buffer", buf, 6);
    memset(buf, 0xcc, sizeof buf);
    size = 4;
    show("small buffer A", RegQueryValueExA(k, "aStr", NULL, &type, buf, &size));
    printf("  size %lu\n", size);
    dump("buffer", buf, 6);
    size = 3;
    show("small buffer binary", RegQueryValueExA(k, "iBin", NULL, &type, buf, &size));
    printf("  size %lu\n", size);
    memset(buf, 0xcc, sizeof buf);
    size = 12;
    show("exact buffer W", RegQueryValueExW(k, L"aStr", NULL, NULL, buf, &size));
    dump("buffer", buf, 14);
    memset(buf, 0xcc, sizeof buf);
    size = 6;
    show("exact buffer A", RegQueryValueExA(k, "aStr", NULL, NULL, buf, &size));
    dump("buffer", buf, 8);
    memset(buf, 0xcc, sizeof buf);
    size = 3;
    show("odd value, room for NUL", RegQueryValueExW(k, L"lOdd", NULL, NULL, buf, &size));
    size = 77;
    type = 77;
    show("missing W", RegQueryValueExW(k, L"nothere", NULL, &type, NULL, &size));
    printf("  size %lu type %lu\n", size, type);
    size = 77;
    type = 77;
    show("missing W with buffer", RegQueryValueExW(k, L"nothere", NULL, &type, buf, &size));
    printf("  size %lu type %lu\n", size, type);
    size = 77;
    type = 77;
    show("missing A", RegQueryValueExA(k, "nothere", NULL, &type, buf, &size));
    printf("  size %lu type %lu\n", size, type);
    show("data without size", RegQueryValueExA(k, "aStr", NULL, NULL, buf, NULL));
    show("reserved", RegQueryValueExA(k, "aStr", &size, NULL, NULL, NULL));
    show("case-insensitive name", RegQueryValueExA(k, "AsTR", NULL, NULL, NULL, NULL));
    show("empty name = default", RegQueryValueExW(k, L"", NULL, NULL, NULL, NULL));

    /* replace keeps the position; change type */
    show("replace Dword with sz", RegSetValueExA(k, "GDWORD", 0, REG_SZ, (const BYTE *)"now text", 9));

    /* enumerate */
    for (i = 0;; i++) {
        n = sizeof name;
        size = sizeof buf;
        r = RegEnumValueA(k, i, name, &n, NULL, &type, buf, &size);
        if (r) {
            show("enum end", r);
            break;
        }
        printf("  %lu: '%s' (%lu) type %lu size %lu\n", i, name, n, type, size);
    }
    n = 3;
    size = sizeof buf;
    strcpy(name, "xxxxxxxx");
    show("enum A name too small", RegEnumValueA(k, 1, name, &n, NULL, &type, buf, &size));
    printf("  n=%lu name=%s size=%lu\n", n, name, size);
    n = sizeof name;
    size = 2;
    strcpy(name, "xxxxxxxx");
    show("enum A data too small", RegEnumValueA(k, 1, name, &n, NULL, &type, buf, &size));
    printf("  n=%lu name=%s size=%lu\n", n, name, size);
    n = 3;
    size = sizeof buf;
    wbuf[0] = 'x';
    wbuf[1] = 0;
    show("enum W name too small", RegEnumValueW(k, 1, wbuf, &n, NULL, &type, buf, &size));
    printf("  n=%lu first=%c size=%lu\n", n, (char)wbuf[0], size);
    n = 128;
    size = 2;
    show("enum W data too small", RegEnumValueW(k, 1, wbuf, &n, NULL, &type, buf, &size));
    printf("  n=%lu size=%lu type=%lu\n", n, size, type);
    n = 128;
    show("enum W no data", RegEnumValueW(k, 2, wbuf, &n, NULL, NULL, NULL, NULL));
    printf("  n=%lu\n", n);
    show("enum NULL name", RegEnumValueA(k, 0, NULL, &n, NULL, NULL, NULL, NULL));
    show("enum past end", RegEnumValueA(k, 100, name, &n, NULL, NULL, NULL, NULL));

    /* delete */
    show("delete value", RegDeleteValueA(k, "jNone"));
    show("delete again", RegDeleteValueA(k, "jNone"));
    show("delete W, other case", RegDeleteValueW(k, L"KNONE3"));
    show("delete default", RegDeleteValueA(k, NULL));
    show("default gone", RegQueryValueExA(k, "", NULL, NULL, NULL, NULL));
    show("RegQueryValue of no default", RegQueryValueA(k, NULL, name, (LONG *)&n));
    printf("  n=%lu name='%s'\n", n, name);
    {
        DWORD values = 0;
        RegQueryInfoKeyA(k, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
        printf("  values left %lu\n", values);
    }
    show("RegDeleteKeyValue", RegDeleteKeyValueA(HKEY_CURRENT_USER, TESTKEY, "hQword"));
    show("RegSetKeyValue", RegSetKeyValueA(HKEY_CURRENT_USER, TESTKEY "\\sub", "kv", REG_DWORD, &dw, 4));
    size = sizeof buf;
    show("RegQueryValue subkey (no default)", RegQueryValueA(k, "sub", (char *)buf, (LONG *)&size));
    printf("  size %lu\n", size);
    show("RegSetValue subkey", RegSetValueA(k, "sub", REG_SZ, "subdef", 0));
    size = sizeof buf;
    show("RegQueryValue subkey", RegQueryValueA(k, "sub", (char *)buf, (LONG *)&size));
    printf("  '%s' size %lu\n", buf, size);

    /* RegGetValue filters */
    size = sizeof buf;
    show("get dword as REG_DWORD", RegGetValueA(k, NULL, "iBin", RRF_RT_REG_DWORD, &type, buf, &size));
    printf("  type %lu size %lu\n", type, size);
    RegSetValueExA(k, "Bin4", 0, REG_BINARY, bin, 4);
    SetLastError(0xdeadbeef);
    size = sizeof buf;
    show("get 4-byte binary as RRF_RT_DWORD", RegGetValueA(k, NULL, "Bin4", RRF_RT_DWORD, &type, buf, &size));
    printf("  type %lu size %lu\n", type, size);
    size = sizeof buf;
    show("get 5-byte binary as RRF_RT_DWORD", RegGetValueA(k, NULL, "iBin", RRF_RT_DWORD, &type, buf, &size));
    printf("  type %lu size %lu\n", type, size);
    size = sizeof buf;
    show("get sz as RRF_RT_REG_SZ", RegGetValueA(k, NULL, "aStr", RRF_RT_REG_SZ, &type, buf, &size));
    printf("  '%s' type %lu size %lu\n", buf, type, size);
    /* RegGetValue guarantees a terminated string (Windows documents it, newer
     * Wine does it); Wine 8, which made this file's expected output, does not:
     * the two lines for "Unterminated" were written by hand. */
    RegSetValueExW(k, L"Unterminated", 0, REG_SZ, (const BYTE *)L"abc", 4);
    SetLastError(0xdeadbeef);
    size = sizeof buf;
    show("get unterminated sz", RegGetValueW(k, NULL, L"Unterminated", RRF_RT_REG_SZ, &type, buf, &size));
    dump("data", buf, size);
    size = 4;
    show("get unterminated sz, no room for NUL", RegGetValueW(k, NULL, L"Unterminated", RRF_RT_REG_SZ, &type, buf, &size));
    printf("  size %lu\n", size);
    size = 0;
    show("get size only", RegGetValueW(k, NULL, L"aStr", RRF_RT_ANY, &type, NULL, &size));
    printf("  type %lu size %lu\n", type, size);
    size = 4;
    memset(buf, 0xcc, 8);
    show("get small buffer, zero on failure", RegGetValueA(k, NULL, "aStr", RRF_RT_ANY | RRF_ZEROONFAILURE, &type, buf, &size));
    dump("buffer", buf, 6);
    size = sizeof buf;
    show("get expand_sz without expansion", RegGetValueA(k, NULL, "dExp", RRF_RT_ANY | RRF_NOEXPAND, &type, buf, &size));
    printf("  '%s' type %lu size %lu\n", buf, type, size);
    size = sizeof buf;
    show("get REG_EXPAND_SZ filter without NOEXPAND", RegGetValueA(k, NULL, "dExp", RRF_RT_REG_EXPAND_SZ, &type, buf, &size));
    size = sizeof buf;
    show("get with subkey", RegGetValueA(HKEY_CURRENT_USER, TESTKEY "\\sub", "kv", RRF_RT_REG_DWORD, &type, buf, &size));
    printf("  %08lx\n", *(DWORD *)buf);
    size = sizeof buf;
    show("get missing", RegGetValueA(k, NULL, "nothere", RRF_RT_ANY, &type, buf, &size));
    show("get missing subkey", RegGetValueA(k, "nosub", "x", RRF_RT_ANY, &type, buf, &size));
    show("get data without size", RegGetValueA(k, NULL, "aStr", RRF_RT_ANY, &type, buf, NULL));

    /* ANSI code page: 1252 both ways */
    show("set A e-acute", RegSetValueExA(k, "caf\xe9", 0, REG_SZ, (const BYTE *)"\x80\xe9", 3));
    size = sizeof buf;
    show("read it W", RegQueryValueExW(k, L"caf\x00e9", NULL, &type, buf, &size));
    dump("data", buf, size);
    /* (characters outside 1252 are left out: Windows and Wine map some to a
     * look-alike, "best fit", mimic to '?') */
    show("set W euro", RegSetValueExW(k, L"w\x20ac", 0, REG_SZ, (const BYTE *)L"\x20ac\x00ff", 6));
    size = sizeof buf;
    show("read it A", RegQueryValueExA(k, "w\x80", NULL, &type, buf, &size));
    dump("data", buf, size);
    n = sizeof name;
    for (i = 0; RegEnumValueA(k, i, name, &n, NULL, NULL, NULL, NULL) == 0; i++, n = sizeof name)
        if ((unsigned char)name[0] >= 0x80 || (unsigned char)name[1] >= 0x80 || (unsigned char)name[3] >= 0x80)
            dump("enum A name", name, n);

    RegCloseKey(k);
    show("cleanup", RegDeleteTreeA(HKEY_CURRENT_USER, TESTKEY));
    return 0;
}
