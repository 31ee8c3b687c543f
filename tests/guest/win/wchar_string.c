/* wchar_string: the wide-string functions (wchar_t is 16-bit UTF-16 on
 * Windows), Unicode case mapping of the BMP, and the multibyte conversions
 * of the "C" locale (a byte is U+0000-U+00FF; other characters fail with
 * EILSEQ). In that locale msvcrt's case mapping (towupper, _wcsupr,
 * _wcsicmp) is ASCII-only while classification (iswalpha) is Unicode's. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include <stdlib.h>
#include <errno.h>

static const wchar_t *V(const wchar_t *s) { __asm__("" : "+r"(s)); return s; }
static int sign(int v) { return (v > 0) - (v < 0); }

/* Print a wide string: ASCII as is, the rest as <hex>. */
static void pw(const char *label, const wchar_t *s)
{
    printf("%s: ", label);
    if (!s) {
        printf("(null)\n");
        return;
    }
    for (; *s; s++) {
        if (*s >= 0x20 && *s < 0x7f)
            putchar(*s);
        else
            printf("<%04x>", (unsigned)*s);
    }
    printf("\n");
}

int main(void)
{
    wchar_t buf[64], big[64];

    printf("sizeof(wchar_t)=%d\n", (int)sizeof(wchar_t));
    printf("wcslen=%d %d\n", (int)wcslen(V(L"h\u00e9llo")), (int)wcslen(V(L"")));
    wcscpy(buf, V(L"abc"));
    wcscat(buf, L"\u0434\u0435f");
    pw("wcscpy+wcscat", buf);
    wcsncat(buf, L"ghijk", 2);
    pw("wcsncat", buf);
    wmemset(big, L'x', 8);
    wcsncpy(big, V(L"ab"), 5);
    printf("wcsncpy pads: %d %d %d %c\n", big[1], big[2], big[4], (char)big[5]);

    printf("wcscmp: %d %d %d\n", sign(wcscmp(V(L"abc"), L"abd")), sign(wcscmp(V(L"\u00e9"), L"z")), wcscmp(V(L"x"), L"x"));
    printf("wcsncmp: %d %d\n", wcsncmp(V(L"abcX"), L"abcY", 3), sign(wcsncmp(V(L"abcX"), L"abcY", 4)));
    printf("_wcsicmp: %d %d %d\n", _wcsicmp(V(L"HeLLo"), L"hello"), _wcsicmp(V(L"\u00c9t\u00c9"), L"\u00e9t\u00e9"),
           sign(_wcsicmp(V(L"a"), L"B")));
    printf("_wcsicmp cyrillic: %d\n", _wcsicmp(V(L"\u0414\u0415"), L"\u0434\u0435"));
    printf("_wcsnicmp: %d %d\n", _wcsnicmp(V(L"ABCdef"), L"abcXYZ", 3), sign(_wcsnicmp(V(L"ABCdef"), L"abcXYZ", 4)));
    printf("wcscoll: %d\n", sign(wcscoll(V(L"a"), L"b")));

    const wchar_t *s = V(L"one two three");
    pw("wcschr", wcschr(s, L't'));
    pw("wcsrchr", wcsrchr(s, L't'));
    printf("wcschr none: %d, NUL at %d\n", wcschr(s, L'z') == NULL, (int)(wcschr(s, 0) - s));
    pw("wcsstr", wcsstr(s, L"thr"));
    printf("wcsstr none: %d\n", wcsstr(s, L"four") == NULL);
    pw("wcspbrk", wcspbrk(s, L"wx"));
    printf("wcsspn=%d wcscspn=%d\n", (int)wcsspn(s, L"neo"), (int)wcscspn(s, L" "));

    wcscpy(big, V(L"  a b,,c  "));
    for (wchar_t *t = wcstok(big, L" ,"); t; t = wcstok(NULL, L" ,"))
        pw("wcstok", t);

    wcscpy(buf, V(L"Mixed \u00e0\u00ff \u0430\u044f \u03b1\u03c9 Case"));
    pw("_wcsupr", _wcsupr(buf));
    pw("_wcslwr", _wcslwr(buf));
    pw("_wcsrev", _wcsrev(buf));
    wchar_t *d = _wcsdup(V(L"dup\u20ac"));
    pw("_wcsdup", d);
    free(d);
    wcscpy(buf, V(L"abcdef"));
    _wcsnset(buf, L'*', 2);
    pw("_wcsnset", buf);
    _wcsset(buf, L'=');
    pw("_wcsset", buf);

    printf("towupper: %04x %04x %04x %04x %04x %04x\n", towupper(L'a'), towupper(0xe9), towupper(0xff), towupper(0x3b1),
           towupper(0x451), towupper(L'1'));
    printf("towlower: %04x %04x %04x %04x\n", towlower(L'Z'), towlower(0xc0), towlower(0x410), towlower(0x178));
    printf("iswalpha: %d %d %d %d\n", !!iswalpha(0x416), !!iswalpha(0xe9), !!iswalpha(L'1'), !!iswupper(0x416));

    /* bounds-checked */
    int r = wcscpy_s(buf, 3, V(L"abc"));
    printf("wcscpy_s small: %d %d\n", r, buf[0]);
    r = wcscpy_s(buf, 4, V(L"abc"));
    pw("wcscpy_s", buf);
    r = wcscat_s(buf, 6, L"de");
    printf("wcscat_s: %d ", r);
    pw("", buf);
    r = wcsncpy_s(buf, 4, V(L"wxyz"), _TRUNCATE);
    printf("wcsncpy_s truncate: %d ", r);
    pw("", buf);

    /* multibyte conversions in the "C" locale */
    char mb[32];
    size_t n = wcstombs(mb, V(L"plain \u00e9"), sizeof mb);
    printf("wcstombs: %d %02x\n", (int)n, (unsigned char)mb[6]);
    errno = 0;
    n = wcstombs(mb, V(L"euro \u20ac"), sizeof mb);
    printf("wcstombs euro: %d errno=%d\n", (int)n, errno);
    printf("wcstombs NULL: %d\n", (int)wcstombs(NULL, V(L"count me"), 0));
    n = mbstowcs(buf, "abc\xe9", 64);
    printf("mbstowcs: %d %04x\n", (int)n, buf[3]);
    printf("mbstowcs NULL: %d\n", (int)mbstowcs(NULL, "12345", 0));
    wchar_t wc = 0;
    int k = mbtowc(&wc, "\xfc", 1);
    printf("mbtowc: %d %04x\n", k, wc);
    printf("mbtowc NUL: %d\n", mbtowc(&wc, "", 1));
    printf("mblen: %d %d %d\n", mblen("a", 1), mblen("", 1), mblen(NULL, 0));
    k = wctomb(mb, 0xe4);
    printf("wctomb: %d %02x\n", k, (unsigned char)mb[0]);
    errno = 0;
    k = wctomb(mb, 0x20ac);
    printf("wctomb euro: %d errno=%d mb0=%d\n", k, errno, mb[0]);
    printf("MB_CUR_MAX=%d\n", (int)MB_CUR_MAX);
    return 0;
}
