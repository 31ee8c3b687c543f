/* lowio_ccs.c - Unicode files by their byte-order mark: fopen's ccs=UTF-8,
 * ccs=UTF-16LE and ccs=UNICODE, _open with _O_U8TEXT/_O_U16TEXT/_O_WTEXT:
 * a new file starts with the mark, reading skips it and takes the
 * encoding it names, no mark means the mode asked for (ANSI for
 * ccs=UNICODE), and a bad ccs= is refused with EINVAL. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <io.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <wchar.h>
#include <errno.h>

static void dump(const char *name)
{
    FILE *f = fopen(name, "rb");
    int c, n = 0;
    printf("  %s:", name);
    while ((c = fgetc(f)) != EOF) {
        printf(" %02x", c);
        n++;
    }
    printf(" (%d)\n", n);
    fclose(f);
}

static void readback(const char *name, const wchar_t *mode)
{
    wchar_t wname[32], line[32];
    swprintf(wname, 32, L"%hs", name);
    FILE *f = _wfopen(wname, mode);
    printf("  read %s as %ls:", name, mode);
    if (!f) {
        printf(" NULL\n");
        return;
    }
    while (fgetws(line, 32, f))
        for (wchar_t *p = line; *p; p++)
            printf(" %04x", *p);
    printf("\n");
    fclose(f);
}

int main(void)
{
    const wchar_t *modes[] = { L"w, ccs=UTF-8", L"w, ccs=UTF-16LE", L"w, ccs=UNICODE" };
    const char *names[] = { "u8.txt", "u16.txt", "uni.txt" };
    for (int i = 0; i < 3; i++) {
        wchar_t wname[32];
        swprintf(wname, 32, L"%hs", names[i]);
        FILE *f = _wfopen(wname, modes[i]);
        fputws(L"\x00e9\x20ac\n", f);
        fclose(f);
        printf("%ls:\n", modes[i]);
        dump(names[i]);
        readback(names[i], L"r, ccs=UNICODE");
        readback(names[i], L"r, ccs=UTF-8");
    }
    FILE *f = fopen("plain.txt", "w");
    fputs("ab\n", f);
    fclose(f);
    readback("plain.txt", L"r, ccs=UNICODE");
    readback("plain.txt", L"r, ccs=UTF-8");
    readback("plain.txt", L"r, ccs=UTF-16LE");

    int fd = _open("o8.txt", _O_CREAT | _O_WRONLY | _O_U8TEXT, _S_IREAD | _S_IWRITE);
    _write(fd, L"x\n", 4);
    _close(fd);
    printf("_open _O_U8TEXT:\n");
    dump("o8.txt");

    errno = 0;
    f = _wfopen(L"bad.txt", L"w, ccs=LATIN1");
    int e = errno;
    printf("bad ccs: %s errno=%d\n", f ? "opened" : "NULL", e);
    return 0;
}
