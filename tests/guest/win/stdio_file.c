/* stdio_file.c - msvcrt FILE streams against a real file: text mode writes
 * CRLF and reads it back as LF (a lone CR stays, ^Z ends the text), binary
 * mode keeps bytes; ftell/fseek in both modes, ungetc, append mode, "r+"
 * switching between reading and writing, big fread/fwrite, setvbuf,
 * fgets/feof/ferror/clearerr, tmpfile, remove/rename and their errno, and
 * the FILE fields mingw-w64's macros read (_cnt, _ptr, _bufsiz, _file). */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdlib.h>

static void hexdump(const char *name)
{
    FILE *f = fopen(name, "rb");
    int c, n = 0;
    printf("%s:", name);
    while ((c = fgetc(f)) != EOF) {
        printf(" %02x", c);
        n++;
    }
    printf(" (%d bytes)\n", n);
    fclose(f);
}

int main(void)
{
    char line[64];
    FILE *f;
    int r;

    /* text mode write: "\n" becomes CRLF on disk */
    f = fopen("t.txt", "w");
    printf("fopen w: %s, index %d, fd %d\n", f ? "ok" : "NULL", (int)(f - __iob_func()), _fileno(f));
    fputs("one\ntwo\r\nthree", f);
    printf("ftell after write: %ld\n", ftell(f));
    fclose(f);
    hexdump("t.txt");

    /* text mode read: CRLF -> LF, the lone CR of "two\r\r\n" survives */
    f = fopen("t.txt", "r");
    while (fgets(line, sizeof line, f)) {
        printf("line len %d:", (int)strlen(line));
        for (char *p = line; *p; p++)
            printf(" %02x", (unsigned char)*p);
        printf(" ftell=%ld\n", ftell(f));
    }
    printf("feof=%d ferror=%d\n", feof(f) != 0, ferror(f) != 0);
    clearerr(f);
    printf("after clearerr feof=%d\n", feof(f) != 0);
    fseek(f, 5, SEEK_SET);
    r = getc(f);
    printf("fseek 5 -> getc '%c' ftell %ld\n", r, ftell(f));
    r = ungetc('Z', f);
    printf("ungetc 'Z' -> %c, ftell %ld,", r, ftell(f));
    r = getc(f);
    printf(" getc %c,", r);
    r = getc(f);
    printf(" getc %c\n", r);
    fclose(f);

    /* binary read of the same file */
    f = fopen("t.txt", "rb");
    r = (int)fread(line, 1, sizeof line, f);
    printf("binary fread %d, feof=%d\n", r, feof(f) != 0);
    fseek(f, -3, SEEK_END);
    printf("fseek -3 end, ftell %ld,", ftell(f));
    printf(" getc %c\n", getc(f));
    fclose(f);

    /* ^Z ends a text file */
    f = fopen("z.txt", "wb");
    fwrite("ab\x1a" "cd", 1, 5, f);
    fclose(f);
    f = fopen("z.txt", "r");
    r = (int)fread(line, 1, sizeof line, f);
    printf("text read with ^Z: %d bytes, feof=%d\n", r, feof(f) != 0);
    fclose(f);
    f = fopen("z.txt", "rb");
    r = (int)fread(line, 1, sizeof line, f);
    printf("binary read with ^Z: %d bytes\n", r);
    fclose(f);

    /* append */
    f = fopen("t.txt", "a");
    fputs("\nfour", f);
    fclose(f);
    hexdump("t.txt");

    /* r+: read, seek, write, seek, read */
    f = fopen("t.txt", "r+b");
    printf("r+ getc %c\n", getc(f));
    fseek(f, 0, SEEK_CUR);
    fputs("XY", f);
    fseek(f, 0, SEEK_SET);
    r = (int)fread(line, 1, 6, f);
    line[r] = 0;
    printf("r+ reread [%s]\n", line);
    fclose(f);

    /* big binary round trip through the buffer and past it */
    static unsigned char big[10000], back[10000];
    for (int i = 0; i < 10000; i++)
        big[i] = (unsigned char)(i * 7 + 3);
    f = fopen("big.bin", "wb");
    r = (int)fwrite(big, 1, 100, f);
    printf("fwrite 100: %d, _bufsiz %d, _cnt %d\n", r, f->_bufsiz, f->_cnt);
    printf("fwrite 9900: %d\n", (int)fwrite(big + 100, 1, 9900, f));
    printf("ftell %ld\n", ftell(f));
    fclose(f);
    f = fopen("big.bin", "rb");
    r = (int)fread(back, 1, 3, f);
    printf("fread 3: %d, _cnt %d\n", r, f->_cnt);
    printf("fread rest: %d\n", (int)fread(back + 3, 1, 20000, f));
    printf("same: %d, feof %d\n", memcmp(big, back, 10000) == 0, feof(f) != 0);
    fclose(f);

    /* setvbuf with a user buffer: nothing reaches the file before fflush */
    static char ubuf[64];
    f = fopen("vb.txt", "wb");
    printf("setvbuf: %d\n", setvbuf(f, ubuf, _IOFBF, sizeof ubuf));
    fputs("buffered", f);
    FILE *g = fopen("vb.txt", "rb");
    printf("before fflush: %d bytes\n", (int)fread(line, 1, sizeof line, g));
    fflush(f);
    printf("after fflush: %d bytes, ubuf starts [%.8s]\n", (int)fread(line, 1, sizeof line, g), ubuf);
    fclose(g);
    fclose(f);
    printf("setvbuf bad mode: %d\n", setvbuf(stdout, NULL, 123, 10));

    /* tmpfile */
    f = tmpfile();
    fputs("temp", f);
    rewind(f);
    r = (int)fread(line, 1, 10, f);
    printf("tmpfile: %d bytes\n", r);
    fclose(f);

    /* errors (each result kept before errno is read) */
    void *p;
    errno = 0; p = fopen("nope.txt", "r");
    printf("fopen missing: %p errno=%d\n", p, errno);
    errno = 0; p = fopen("t.txt", "q");
    printf("fopen bad mode: %p errno=%d\n", p, errno);
    errno = 0; r = remove("nope.txt");
    printf("remove missing: %d errno=%d\n", r, errno);
    errno = 0; r = rename("t.txt", "big.bin");
    printf("rename onto existing: %d errno=%d\n", r, errno);
    errno = 0; r = rename("nope.txt", "x.txt");
    printf("rename missing: %d errno=%d\n", r, errno);
    errno = 0; r = rename("t.txt", "t2.txt");
    printf("rename: %d errno=%d\n", r, errno);
    r = remove("t2.txt");
    printf("remove: %d\n", r);
    f = fopen("t2.txt", "r");
    printf("reopen removed: %s\n", f ? "opened" : "NULL");
    f = fopen("big.bin", "r");
    errno = 0; r = fputc('x', f);
    printf("fputc on read stream: %d ferror=%d errno=%d\n", r, ferror(f) != 0, errno);
    fclose(f);
    f = fopen("ro.txt", "w");
    r = fgetc(f);
    printf("fgetc on write stream: %d ferror=%d\n", r, ferror(f) != 0);
    fclose(f);
    return 0;
}
