/* lstr* helpers and CompareString/lstrcmp orders (word sort), LCMapString,
 * GetStringType. */
#include <windows.h>
#include <stdio.h>

static const char *words[] = {
    "apple", "Apple", "APPLE", "apples", "app-le", "apple's", "coop", "co-op", "Co-op", "a", "A", "b", "B",
    "10", "9", "1", "_x", "x", "-x", " x", "!x", "#x", "~x", "x1", "xa", "Zebra", "zebra", "\xe9t\xe9", "ete", "\xc9t\xe9",
    "resume", "r\xe9sum\xe9", "a b", "ab", "a_b", "a.b",
};

int main(void)
{
    int n = sizeof words / sizeof words[0];
    /* Insertion sort with lstrcmpA, then print the order. */
    const char *s[64];
    for (int i = 0; i < n; i++) s[i] = words[i];
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && lstrcmpA(s[j - 1], s[j]) > 0; j--) {
            const char *t = s[j]; s[j] = s[j - 1]; s[j - 1] = t;
        }
    printf("lstrcmp order:");
    for (int i = 0; i < n; i++) printf(" [%s]", s[i]);
    printf("\n");
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && lstrcmpiA(s[j - 1], s[j]) > 0; j--) {
            const char *t = s[j]; s[j] = s[j - 1]; s[j - 1] = t;
        }
    printf("lstrcmpi order:");
    for (int i = 0; i < n; i++) printf(" [%s]", s[i]);
    printf("\n");

    printf("cmp %d %d %d\n", lstrcmpA("abc", "abd"), lstrcmpA("abc", "abc"), lstrcmpA("b", "a"));
    printf("cmpi %d %d\n", lstrcmpiA("ABC", "abc"), lstrcmpiW(L"Stra\xdf" L"e", L"STRASSE"));
    printf("null %d %d %d\n", lstrcmpA(NULL, NULL), lstrcmpA(NULL, "a"), lstrcmpA("a", NULL));
    printf("CompareString %d %d %d\n", CompareStringA(LOCALE_USER_DEFAULT, 0, "a", -1, "B", -1),
           CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORECASE, "ABC", 3, "abcdef", 3),
           CompareStringW(LOCALE_USER_DEFAULT, 0, L"b", 1, L"a", 1));
    printf("ignore symbols %d\n", CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORESYMBOLS, "a.b-c", -1, "abc", -1));
    printf("stringsort %d %d\n", CompareStringA(LOCALE_USER_DEFAULT, 0, "co-op", -1, "coop", -1),
           CompareStringA(LOCALE_USER_DEFAULT, SORT_STRINGSORT, "co-op", -1, "coop", -1));
    printf("nonspace %d\n", CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORENONSPACE, L"r\xe9sum\xe9", -1, L"resume", -1));
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(CompareStringA(LOCALE_USER_DEFAULT, 0, NULL, -1, "b", -1)); DWORD e_ = GetLastError(); printf("null arg %d err %lu\n", r_, e_); }
    printf("ordinal %d %d %d\n", CompareStringOrdinal(L"a", -1, L"B", -1, FALSE),
           CompareStringOrdinal(L"a", -1, L"B", -1, TRUE), CompareStringOrdinal(L"abc", 2, L"ab", -1, FALSE));

    char buf[32];
    printf("lstrlen %d %d %d\n", lstrlenA("hello"), lstrlenW(L"hi"), lstrlenA(NULL));
    lstrcpyA(buf, "abc");
    lstrcatA(buf, "def");
    printf("cpy+cat %s\n", buf);
    memset(buf, 'x', sizeof buf);
    lstrcpynA(buf, "abcdef", 4);
    printf("cpyn %s\n", buf);
    buf[0] = 'q';
    lstrcpynA(buf, "abcdef", 0);
    printf("cpyn 0 untouched %d\n", buf[0] == 'q');

    WCHAR wb[32];
    int r = LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, L"hello \xe9\xdf\xff", -1, wb, 32);
    printf("upper %d:", r);
    for (int i = 0; i < r; i++) printf(" %04x", wb[i]);
    printf("\n");
    r = LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_LOWERCASE, "HeLLo", 5, buf, 32);
    buf[r] = 0;
    printf("lower %d %s\n", r, buf);
    SetLastError(0xdeadbeef);
    { LONG_PTR r_ = (LONG_PTR)(LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_LOWERCASE | LCMAP_UPPERCASE, "a", 1, buf, 32)); DWORD e_ = GetLastError(); printf("both cases %d err %lu\n", r_, e_); }
    printf("size query %d\n", LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, L"abc", 3, NULL, 0));

    WORD t[8];
    GetStringTypeW(CT_CTYPE1, L"A z0 !\t\n", 8, t);
    printf("ctype1:");
    for (int i = 0; i < 8; i++) printf(" %03x", t[i]);
    printf("\n");
    GetStringTypeW(CT_CTYPE1, L"\xe9\xc9\xa0\x3b1", 4, t);
    printf("ctype1 non-ascii: %03x %03x %03x %03x\n", t[0], t[1], t[2], t[3]);
    return 0;
}
