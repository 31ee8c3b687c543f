/* user32's wsprintfA/W (its own printf: string widths, flags, sizes, the
 * 1024-character cap) and character functions (CharUpperBuffW, IsCharAlphaW
 * ...), which cmd.exe uses. */
#include <windows.h>
#include <stdio.h>

static void showw(const char *what, int n, const WCHAR *w)
{
    printf("%s: %d [", what, n);
    for (int i = 0; w[i]; i++)
        printf(w[i] < 128 && w[i] >= 32 ? "%c" : "\\u%04x", w[i]);
    printf("]\n");
}

int main(void)
{
    WCHAR w[1100];
    char a[1100];
    int n;

    n = wsprintfW(w, L"%s|%S|%hs|%ls|%c|%C|%hc|%lc", L"wide", "narrow", "h", L"l", L'x', 'y', 'z', L'\x20ac');
    showw("W strings", n, w);
    n = wsprintfA(a, "%s|%S|%hs|%ls|%c|%C|%hc|%lc", "narrow", L"wide", "h", L"l", 'x', L'y', 'z', L'w');
    printf("A strings: %d [%s]\n", n, a);
    n = wsprintfW(w, L"[%5s][%-5s][%.2s][%5.1s][%s]", L"ab", L"ab", L"abcdef", L"xyz", (WCHAR *)NULL);
    showw("W widths", n, w);
    n = wsprintfA(a, "[%d][%i][%u][%x][%X][%#x][%#X][%05d][%-5d][%5d][%.3d][%d]", -42, 7, 4000000000u, 255, 255, 255, 255, 42, 42, -42, 5, 0);
    printf("A numbers: %d [%s]\n", n, a);
    n = wsprintfA(a, "[%I64d][%I64u][%I64x][%hd][%hu][%ld][%lx]", -1234567890123LL, 18446744073709551615ULL, 0xabcdef0123ULL, 70000, 70000, -5, 0xdeadbeefu);
    printf("A sizes: %d [%s]\n", n, a);
    n = wsprintfA(a, "[%%][%q][%.0d][%#x]", 0, 0);
    printf("A odd: %d [%s]\n", n, a);
    n = wsprintfW(w, L"%08x-%-8x-%8.4x", 0x1234, 0x1234, 0x12);
    showw("W hex", n, w);
    {
        static WCHAR big[2000];
        for (int i = 0; i < 1999; i++)
            big[i] = 'a' + i % 26;
        n = wsprintfW(w, L"%s", big);
        printf("W capped: %d, last %c, w[1023] %d\n", n, (char)w[n - 1], w[1023]);
    }

    lstrcpyW(w, L"abc\x00e9xyz\x0432-1");
    n = CharUpperBuffW(w, 6);
    showw("CharUpperBuffW 6", n, w);
    printf("IsCharAlphaW: %d %d %d %d %d\n", IsCharAlphaW('a'), IsCharAlphaW('1'), IsCharAlphaW(0xe9), IsCharAlphaW('_'), IsCharAlphaW(0x432));
    printf("IsCharAlphaNumericW: %d %d %d %d\n", IsCharAlphaNumericW('a'), IsCharAlphaNumericW('7'), IsCharAlphaNumericW('-'), IsCharAlphaNumericW(' '));
    printf("IsCharUpperW/LowerW: %d %d %d %d\n", IsCharUpperW('A'), IsCharUpperW('a'), IsCharLowerW('a'), IsCharLowerW('1'));
    printf("CharUpperW char: %04x %04x\n", (unsigned)(ULONG_PTR)CharUpperW((WCHAR *)(ULONG_PTR)'q'), (unsigned)(ULONG_PTR)CharUpperW((WCHAR *)(ULONG_PTR)0xe9));
    lstrcpyW(w, L"MiXeD");
    CharLowerW(w);
    showw("CharLowerW", 0, w);
    {
        const char *s = "ab";
        printf("CharNextExA: %d %d\n", (int)(CharNextExA(0, s, 0) - s), (int)(CharNextExA(0, s + 2, 0) - s));
        printf("CharNextA/PrevA: %d %d\n", (int)(CharNextA(s) - s), (int)(CharPrevA(s, s + 1) - s));
    }
    return 0;
}
