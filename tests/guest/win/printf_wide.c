/* printf_wide.c - wide printf in msvcrt: in wprintf %s is wide and %S
 * narrow (the reverse of printf), %hs/%ls/%ws force a width, %c/%C
 * likewise; wide output to a text stream goes through the "C" locale
 * (characters past U+00FF fail), to a binary stream as raw UTF-16; a wide
 * string that cannot be converted makes printf return -1; _putws, fputws,
 * fputwc/fgetwc and ungetwc round trips. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <wchar.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>

static void dump(const wchar_t *w)
{
    printf("[");
    for (; *w; w++)
        printf(*w < 0x80 ? "%c" : "<%04x>", *w);
    printf("]\n");
}

int main(void)
{
    wchar_t wb[64];
    int r;

    r = swprintf(wb, 64, L"%s|%S|%hs|%ls|%ws", L"wide", "narrow", "h", L"l", L"w");
    printf("swprintf %d ", r); dump(wb);
    r = swprintf(wb, 64, L"%c%C%hc%lc|%5s|%-5S|", L'a', 'b', 'c', L'd', L"xy", "zw");
    printf("swprintf %d ", r); dump(wb);
    r = swprintf(wb, 64, L"%d %5.2f %x %e", -12, 3.14159, 0xbeef, 12345.678);
    printf("swprintf %d ", r); dump(wb);
    r = swprintf(wb, 64, L"%s", L"caf\x00e9 \x20ac");
    printf("swprintf %d ", r); dump(wb);
    r = swprintf(wb, 64, L"%S", "caf\xe9");
    printf("swprintf %%S %d ", r); dump(wb);

    fflush(stdout);
    r = wprintf(L"wprintf: %s %d %S\n", L"abc", 42, "def");
    printf("-> %d\n", r);
    r = wprintf(L"latin1: caf\x00e9\n");
    printf("-> %d\n", r);
    errno = 0;
    r = printf("%ls|", L"euro \x20ac");
    printf(" -> %d errno=%d\n", r, errno);
    r = printf("%ls|\n", L"ok \x00fc");
    printf("-> %d\n", r);
    r = _putws(L"putws line");
    printf("-> %d\n", r);
    r = fputws(L"fputws text\n", stdout);
    printf("-> %d\n", r);
    fflush(stdout);
    errno = 0;
    r = fputwc(0x20ac, stdout);
    printf(" fputwc(U+20AC) -> %#x errno=%d\n", r, errno);

    /* a binary stream: raw UTF-16 */
    FILE *f = fopen("wide.bin", "wb");
    r = fwprintf(f, L"A\x20ac\n");
    printf("fwprintf binary -> %d\n", r);
    fclose(f);
    f = fopen("wide.bin", "rb");
    unsigned char raw[16];
    size_t n = fread(raw, 1, sizeof raw, f);
    printf("bytes %u:", (unsigned)n);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", raw[i]);
    printf("\n");
    rewind(f);
    wint_t c1 = fgetwc(f), c2 = fgetwc(f);
    printf("fgetwc %#x %#x\n", c1, c2);
    printf("ungetwc %#x\n", ungetwc(0x1234, f));
    printf("fgetwc %#x %#x %#x\n", fgetwc(f), fgetwc(f), fgetwc(f));
    fclose(f);

    /* a text stream: one byte per character, CRLF on disk */
    f = fopen("wide.txt", "w");
    fputws(L"x\x00e9y\n", f);
    fclose(f);
    f = fopen("wide.txt", "rb");
    n = fread(raw, 1, sizeof raw, f);
    printf("text bytes %u:", (unsigned)n);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", raw[i]);
    printf("\n");
    fclose(f);
    f = fopen("wide.txt", "r");
    wchar_t line[16];
    fgetws(line, 16, f);
    printf("fgetws "); dump(line);
    fclose(f);
    return 0;
}
