/* user32's string helpers: CharUpper/Lower (strings, single characters,
 * buffers), CharNext/Prev, IsChar*, wsprintf.
 */
// link: -luser32
#include <windows.h>
#include <stdio.h>

int main(void)
{
    char s[32] = "Hello, W\xf6rld \xe9\xff";
    CharUpperA(s);
    printf("upper [%s]\n", s);
    CharLowerA(s);
    printf("lower [%s]\n", s);
    printf("single %c %c\n", (char)(ULONG_PTR)CharUpperA((char *)(ULONG_PTR)'q'), (char)(ULONG_PTR)CharLowerA((char *)(ULONG_PTR)'Q'));
    WCHAR w[16] = L"abc\x3b1\x3c9";
    CharUpperW(w);
    printf("upperW %04x %04x %04x %04x %04x\n", w[0], w[1], w[2], w[3], w[4]);
    char b[8] = "abcdef";
    printf("buff %lu [%s]\n", CharUpperBuffA(b, 3), b);
    printf("next %d %d prev %d %d\n", (int)(CharNextA(b) - b), (int)(CharNextA(b + 6) - b), (int)(CharPrevA(b, b + 3) - b),
           (int)(CharPrevA(b, b) - b));
    printf("alpha %d %d %d alnum %d %d upper %d %d lower %d %d\n", IsCharAlphaA('a'), IsCharAlphaA('1'), IsCharAlphaW(0x3b1),
           IsCharAlphaNumericA('1'), IsCharAlphaNumericA('-'), IsCharUpperA('A'), IsCharUpperA('a'), IsCharLowerW(L'z'),
           IsCharLowerW(L'Z'));

    char out[1100];
    int n = wsprintfA(out, "[%d] [%5d] [%-5d] [%05d] [%u] [%x] [%X] [%#x] [%08lX] [%I64d]", -42, 7, 7, -7, 4000000000u,
                      255, 255, 255, 0xbeefL, -5000000000LL);
    printf("%d %s\n", n, out);
    n = wsprintfA(out, "[%s] [%10s] [%-10s] [%.2s] [%c] [%%] [%ls] [%S]", "str", "right", "left", "trunc", 'Z', L"wide", L"WIDE");
    printf("%d %s\n", n, out);
    n = wsprintfA(out, "[%s] [%p]", NULL, (void *)0x1234);
    printf("%d %s\n", n, out);
    WCHAR wout[64];
    n = wsprintfW(wout, L"%s=%d %S", L"x", 5, "narrow");
    printf("W %d %d\n", n, !lstrcmpW(wout, L"x=5 narrow"));
    char longfmt[1200];
    memset(longfmt, 'a', 1100);
    longfmt[1100] = 0;
    wsprintfA(out, "%s", longfmt);
    printf("capped %d\n", strlen(out) < 1100);
    return 0;
}
