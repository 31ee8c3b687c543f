/* MultiByteToWideChar / WideCharToMultiByte: 1252, 437, UTF-8, UTF-7, the
 * size-query and buffer rules, invalid input, default characters. */
#include <windows.h>
#include <stdio.h>

static void hexw(const WCHAR *w, int n)
{
    for (int i = 0; i < n; i++) printf(" %04x", w[i]);
    printf("\n");
}

static void hexa(const char *a, int n)
{
    for (int i = 0; i < n; i++) printf(" %02x", (unsigned char)a[i]);
    printf("\n");
}

int main(void)
{
    WCHAR w[64];
    char a[64];
    int n;
    printf("ACP %u OEMCP %u\n", GetACP(), GetOEMCP());
    n = MultiByteToWideChar(1252, 0, "\x80\x81\x8a\x9f\xa0\xe9", 6, w, 64);
    printf("1252 ->"); hexw(w, n);
    n = MultiByteToWideChar(437, 0, "\x80\x9b\xb0\xe1\xfe\xff", 6, w, 64);
    printf("437 ->"); hexw(w, n);
    n = MultiByteToWideChar(CP_UTF8, 0, "h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", -1, w, 64);
    printf("utf8 %d ->", n); hexw(w, n);
    printf("size query %d\n", MultiByteToWideChar(CP_UTF8, 0, "h\xc3\xa9", 3, NULL, 0));
    SetLastError(0xdeadbeef);
    n = MultiByteToWideChar(CP_UTF8, 0, "abcdef", 6, w, 3);
    { LONG_PTR r_ = (LONG_PTR)(n); DWORD e_ = GetLastError(); printf("too small %d err %lu\n", r_, e_); }
    n = MultiByteToWideChar(CP_UTF8, 0, "a\xff" "b\xc3" "c\xe2\x82" "d\xf5", 10, w, 64);
    printf("invalid utf8 %d ->", n); hexw(w, n);
    SetLastError(0xdeadbeef);
    n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xff", 2, w, 64);
    { LONG_PTR r_ = (LONG_PTR)(n); DWORD e_ = GetLastError(); printf("strict %d err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    n = MultiByteToWideChar(1252, 0, "a", 0, w, 64);
    { LONG_PTR r_ = (LONG_PTR)(n); DWORD e_ = GetLastError(); printf("zero length %d err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    n = MultiByteToWideChar(12345, 0, "a", 1, w, 64);
    { LONG_PTR r_ = (LONG_PTR)(n); DWORD e_ = GetLastError(); printf("bad codepage %d err %lu\n", r_, e_); }

    BOOL used = 7;
    n = WideCharToMultiByte(1252, 0, L"\x20ac\x00e9\x0153x", 4, a, 64, NULL, &used);
    printf("to 1252 %d used %d ->", n, used); hexa(a, n);
    used = 7;
    n = WideCharToMultiByte(1252, 0, L"\x0100\x4e2d", 2, a, 64, NULL, &used);
    printf("best fit %d used %d ->", n, used); hexa(a, n);
    used = 7;
    n = WideCharToMultiByte(1252, WC_NO_BEST_FIT_CHARS, L"\x0100\x4e2d", 2, a, 64, "*", &used);
    printf("no best fit %d used %d ->", n, used); hexa(a, n);
    n = WideCharToMultiByte(437, 0, L"\x00c7\x2591\x00e9", 3, a, 64, NULL, NULL);
    printf("to 437 %d ->", n); hexa(a, n);
    n = WideCharToMultiByte(CP_UTF8, 0, L"h\x00e9\x20ac\xd83d\xde00", -1, a, 64, NULL, NULL);
    printf("to utf8 %d ->", n); hexa(a, n);
    n = WideCharToMultiByte(CP_UTF8, 0, L"a\xd800" L"b", 3, a, 64, NULL, NULL);
    printf("lone surrogate %d ->", n); hexa(a, n);
    SetLastError(0xdeadbeef);
    n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, L"a\xd800", 2, a, 64, NULL, NULL);
    { LONG_PTR r_ = (LONG_PTR)(n); DWORD e_ = GetLastError(); printf("strict surrogate %d err %lu\n", r_, e_); }
    SetLastError(0xdeadbeef);
    n = WideCharToMultiByte(1252, 0, L"abcdef", 6, a, 2, NULL, NULL);
    { LONG_PTR r_ = (LONG_PTR)(n); DWORD e_ = GetLastError(); printf("too small %d err %lu\n", r_, e_); }
    printf("size query %d\n", WideCharToMultiByte(CP_UTF8, 0, L"\x20ac", 1, NULL, 0, NULL, NULL));

    n = WideCharToMultiByte(CP_UTF7, 0, L"Hi Mom -\x263a-!", -1, a, 64, NULL, NULL);
    printf("utf7 %d %s\n", n, a);
    n = MultiByteToWideChar(CP_UTF7, 0, "A+ImIDkQ.", -1, w, 64);
    printf("from utf7 %d ->", n); hexw(w, n);
    n = WideCharToMultiByte(CP_UTF7, 0, L"1+1", -1, a, 64, NULL, NULL);
    printf("utf7 plus %d %s\n", n, a);

    CPINFO ci;
    BOOL ok = GetCPInfo(1252, &ci);
    printf("cpinfo 1252 %d max %u def %02x lead %d\n", ok, ci.MaxCharSize, ci.DefaultChar[0], ci.LeadByte[0]);
    ok = GetCPInfo(CP_UTF8, &ci);
    printf("cpinfo utf8 %d max %u\n", ok, ci.MaxCharSize);
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(GetCPInfo(12345, &ci)); DWORD e_ = GetLastError(); printf("cpinfo bad %d err %lu\n", r_, e_); }
    CPINFOEXA cx;
    /* CodePageName: Windows's wording (Wine says "ANSI Latin 1"). */
    ok = GetCPInfoExA(CP_ACP, 0, &cx);
    printf("cpinfoex %d cp %u name [%s]\n", ok, cx.CodePage, cx.CodePageName);
    printf("valid 1252 %d 437 %d 65001 %d 0 %d 12345 %d\n", IsValidCodePage(1252), IsValidCodePage(437),
           IsValidCodePage(65001), IsValidCodePage(0), IsValidCodePage(12345));
    printf("lead byte %d %d\n", IsDBCSLeadByte(0x81), IsDBCSLeadByteEx(1252, 0x81));
    return 0;
}
