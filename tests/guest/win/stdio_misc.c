/* stdio_misc.c - less common stream calls: the _fputc_nolock/_fgetc_nolock
 * macros of mingw-w64's stdio.h (they work on _ptr/_cnt and call
 * _flsbuf/_filbuf), freopen, _fdopen over an _open'd fd, fgetpos/fsetpos,
 * _getw/_putw, _flushall/_fcloseall counts, setbuf(NULL) making a stream
 * unbuffered, tmpnam's form, and _dup2 of a file onto stdout's fd while
 * the stdout stream has output pending. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>
#include <io.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <errno.h>

int main(void)
{
    char buf[64];
    int r;

    /* the nolock macros */
    FILE *f = fopen("m.txt", "wb");
    for (const char *p = "macro"; *p; p++)
        _fputc_nolock(*p, f);
    printf("after macros: _cnt=%d pending=%d\n", f->_cnt, (int)(f->_ptr - f->_base));
    fclose(f);
    f = fopen("m.txt", "rb");
    printf("read with macro:");
    while ((r = _fgetc_nolock(f)) != EOF)
        printf(" %c", r);
    printf(" eof=%d\n", feof(f) != 0);
    fclose(f);

    /* freopen on an open stream */
    f = fopen("m.txt", "r");
    FILE *g = freopen("m2.txt", "w", f);
    printf("freopen same FILE: %d\n", g == f);
    fputs("reopened", g);
    fclose(g);
    f = fopen("m2.txt", "r");
    fgets(buf, sizeof buf, f);
    printf("m2: [%s]\n", buf);
    fclose(f);

    /* _fdopen */
    int fd = _open("m3.txt", _O_CREAT | _O_RDWR | _O_TRUNC, _S_IREAD | _S_IWRITE);
    f = _fdopen(fd, "w+");
    printf("_fdopen: %s fileno ok %d\n", f ? "ok" : "NULL", _fileno(f) == fd);
    fprintf(f, "line1\nline2\n");
    fflush(f);
    printf("file length %ld\n", _filelength(fd));
    rewind(f);
    fpos_t pos;
    fgets(buf, sizeof buf, f);
    fgetpos(f, &pos);
    printf("fgetpos after first line: %lld\n", (long long)pos);
    fgets(buf, sizeof buf, f);
    printf("second: %s", buf);
    fsetpos(f, &pos);
    fgets(buf, sizeof buf, f);
    printf("again: %s", buf);
    fclose(f);
    errno = 0;
    r = _close(fd);
    printf("fd closed with the stream: %d errno=%d\n", r, errno);

    /* _putw/_getw */
    f = fopen("w.bin", "w+b");
    _putw(0x12345678, f);
    _putw(-2, f);
    rewind(f);
    r = _getw(f);
    printf("_getw %#x", r);
    r = _getw(f);
    printf(" %d", r);
    r = _getw(f);
    printf(" %d eof=%d\n", r, feof(f) != 0);
    fclose(f);

    /* counts */
    FILE *a = fopen("c1.txt", "w"), *b = fopen("c2.txt", "w");
    fputs("x", a);
    r = _flushall();
    printf("_flushall: %d\n", r);
    r = _fcloseall();
    printf("_fcloseall: %d\n", r);
    (void)b;

    /* setbuf(NULL): every character goes out at once */
    f = fopen("nb.txt", "w");
    setbuf(f, NULL);
    fputs("now", f);
    printf("unbuffered: _bufsiz=%d flag has _IONBF=%d size=%ld\n", f->_bufsiz, (f->_flag & _IONBF) != 0,
           _filelength(_fileno(f)));
    fclose(f);

    /* tmpnam */
    char *t = tmpnam(buf);
    printf("tmpnam: starts with \\s: %d, ends with '.'... %d\n", t && !strncmp(t, "\\s", 2), t && strchr(t, '.') != NULL);

    /* stdout's fd redirected while the stream holds text */
    fflush(stdout);
    printf("pending in stdout buffer, ");
    int saved = _dup(1);
    int out = _open("redir.txt", _O_CREAT | _O_WRONLY | _O_TRUNC, _S_IREAD | _S_IWRITE);
    _dup2(out, 1);
    printf("goes to redir.txt\n");
    fflush(stdout);
    _dup2(saved, 1);
    _close(out);
    _close(saved);
    f = fopen("redir.txt", "rb");
    r = (int)fread(buf, 1, sizeof buf - 1, f);
    buf[r] = 0;
    fclose(f);
    printf("back on stdout; redir.txt has %d bytes: %s", r, buf);
    return 0;
}
