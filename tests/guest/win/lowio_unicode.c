/* lowio_unicode.c - the Unicode text modes: after _setmode(fd, _O_U16TEXT)
 * wide output reaches the file as UTF-16LE with L"\r\n" line ends, after
 * _O_U8TEXT as UTF-8; reading a file back in those modes gives UTF-16
 * characters with CRLF folded; _setmode reports the previous mode
 * (_O_TEXT, _O_BINARY, or _O_WTEXT for any Unicode mode). The stream's
 * buffer is translated when it is written out, under the mode of that
 * moment: changing the mode with output pending re-encodes it. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <io.h>
#include <fcntl.h>
#include <wchar.h>

static void dump(const char *name)
{
    FILE *f = fopen(name, "rb");
    int c, n = 0;
    printf("%s:", name);
    while ((c = fgetc(f)) != EOF) {
        printf(" %02x", c);
        n++;
    }
    printf(" (%d)\n", n);
    fclose(f);
}

int main(void)
{
    FILE *f = fopen("u16.txt", "w");
    int old = _setmode(_fileno(f), _O_U16TEXT);
    printf("_setmode(_O_U16TEXT) was %#x\n", old);
    fwprintf(f, L"h\x00e9 \x20ac\n%d\n", 42);
    fputws(L"\xd83d\xde00!\n", f);
    fflush(f);
    fputws(L"pending\n", f);
    old = _setmode(_fileno(f), _O_U8TEXT);
    printf("_setmode(_O_U8TEXT) was %#x\n", old);
    fclose(f);
    dump("u16.txt");

    f = fopen("u8.txt", "w");
    _setmode(_fileno(f), _O_U8TEXT);
    fwprintf(f, L"h\x00e9 \x20ac\n");
    fputws(L"\xd83d\xde00!\n", f);
    fflush(f);
    old = _setmode(_fileno(f), _O_BINARY);
    printf("_setmode(_O_BINARY) was %#x\n", old);
    old = _setmode(_fileno(f), _O_TEXT);
    printf("_setmode(_O_TEXT) was %#x\n", old);
    fclose(f);
    dump("u8.txt");

    wchar_t line[32];
    const char *names[2] = { "u16.txt", "u8.txt" };
    int modes[2] = { _O_U16TEXT, _O_U8TEXT };
    for (int k = 0; k < 2; k++) {
        f = fopen(names[k], "r");
        _setmode(_fileno(f), modes[k]);
        while (fgetws(line, 32, f)) {
            printf("%s line:", names[k]);
            for (wchar_t *p = line; *p; p++)
                printf(" %04x", *p);
            printf("\n");
        }
        fclose(f);
    }

    fflush(stdout);
    old = _setmode(_fileno(stdout), _O_U16TEXT);
    wprintf(L"stdout in UTF-16: \x00fc\n");
    fflush(stdout);
    _setmode(_fileno(stdout), old);
    printf("back to text, old mode %#x\n", old);
    return 0;
}
