/* stdio.c - stdio on files and memory: full/line/unbuffered streams and
 * what reaches the file when, ungetc, fseek/ftell/fgetpos, append mode,
 * fmemopen, open_memstream, tmpfile, getline/getdelim, freopen, fdopen. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long on_disk(const char *name)
{
    struct stat st;
    return stat(name, &st) ? -1 : (long)st.st_size;
}

int main(void)
{
    char name[] = "stdio-XXXXXX";
    int fd = mkstemp(name);
    close(fd);
    FILE *f = fopen(name, "w");
    static char big[8192];
    setvbuf(f, big, _IOFBF, sizeof big);
    fputs("hello\n", f);
    printf("full buffered: after fputs %ld", on_disk(name));
    fflush(f);
    printf(", after fflush %ld\n", on_disk(name));
    setvbuf(f, NULL, _IONBF, 0);
    fputs("x", f);
    printf("unbuffered: %ld\n", on_disk(name));
    fclose(f);
    f = fopen(name, "a");
    setvbuf(f, NULL, _IOLBF, 64);
    fputs("line", f);
    long before = on_disk(name);
    fputs(" end\n", f);
    printf("line buffered: %ld then %ld\n", before, on_disk(name));
    fclose(f);
    f = fopen(name, "r+");
    char buf[128];
    int c = fgetc(f);
    ungetc('J', f);
    printf("ungetc: first %c, then %c, tell %ld\n", c, fgetc(f), ftell(f));
    ungetc('1', f);
    ungetc('2', f);
    fgets(buf, sizeof buf, f);
    printf("double ungetc: %s", buf);
    fseek(f, -5, SEEK_END);
    printf("seek end-5: tell %ld read '%c'\n", ftell(f), fgetc(f));
    fseek(f, 1, SEEK_SET);
    fputs("EL", f);
    fseek(f, 0, SEEK_CUR);
    printf("after write tell %ld\n", ftell(f));
    fpos_t pos;
    fgetpos(f, &pos);
    fgets(buf, sizeof buf, f);
    fsetpos(f, &pos);
    printf("fgetpos reread equal: %d\n", fgets(buf + 64, 64, f) && !strcmp(buf, buf + 64));
    rewind(f);
    size_t got = fread(buf, 1, sizeof buf, f);
    buf[got] = 0;
    printf("content %zu: %s", got, buf);
    printf("eof %d error %d\n", feof(f) != 0, ferror(f) != 0);
    clearerr(f);
    fseek(f, 100, SEEK_SET);
    fputc('Z', f);
    fclose(f);
    printf("size after seek past end + write %ld\n", on_disk(name));
    f = fopen(name, "rb");
    fseek(f, 20, SEEK_SET);
    got = fread(buf, 1, 10, f);
    printf("hole bytes: %zu first %d\n", got, buf[0]);
    fclose(f);
    /* fmemopen */
    char mem[32] = "10 20 thirty";
    f = fmemopen(mem, strlen(mem), "r");
    int a, b;
    fscanf(f, "%d %d %s", &a, &b, buf);
    printf("fmemopen read %d %d %s eof %d\n", a, b, buf, fgetc(f) == EOF);
    fclose(f);
    memset(mem, 0, sizeof mem);
    f = fmemopen(mem, sizeof mem, "w");
    fprintf(f, "%d-%s", 99, "bottles");
    fflush(f);
    printf("fmemopen write '%s' tell %ld\n", mem, ftell(f));
    fseek(f, 3, SEEK_SET);
    fputs("B", f);
    fclose(f);
    printf("after seek write '%s'\n", mem);
    /* open_memstream */
    char *ms = NULL;
    size_t mslen = 0;
    f = open_memstream(&ms, &mslen);
    for (int i = 0; i < 1000; i++)
        fprintf(f, "%d,", i);
    fflush(f);
    printf("memstream len %zu tail %s\n", mslen, ms + mslen - 8);
    fseek(f, 4, SEEK_SET);
    fputs("!", f);
    fclose(f);
    printf("memstream after seek len %zu head %.8s\n", mslen, ms);
    free(ms);
    /* getline / getdelim */
    f = tmpfile();
    fputs("short\na much longer line that needs the buffer to grow past its first size......\n\nlast", f);
    rewind(f);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0)
        printf("getline %zd\n", len);
    rewind(f);
    len = getdelim(&line, &cap, ' ', f);
    printf("getdelim %zd '%s'\n", len, line);
    free(line);
    fclose(f);
    /* fdopen and fileno round trip, freopen */
    fd = open(name, O_RDONLY);
    f = fdopen(fd, "r");
    printf("fdopen fileno same %d first '%c'\n", fileno(f) == fd, fgetc(f));
    fclose(f);
    printf("fd closed by fclose: %d\n", fcntl(fd, F_GETFD) == -1);
    f = fopen(name, "r");
    f = freopen(name, "w", f);
    fputs("reopened", f);
    fclose(f);
    printf("freopen truncated: %ld\n", on_disk(name));
    f = fopen("does/not/exist", "r");
    printf("fopen missing: %p\n", (void *)f);
    unlink(name);
    fflush(stdout);
    /* stdout is a pipe or file: fully buffered; writes via write() jump ahead */
    printf("buffered-");
    write(1, "direct\n", 7);
    printf("end\n");
    return 0;
}
