/* lowio_basic.c - msvcrt's low-level I/O: _open with O_CREAT/O_EXCL/
 * O_TRUNC/O_APPEND/O_TEXT/O_BINARY/O_TEMPORARY and the errno of each
 * failure, _read/_write text translation (also one byte at a time, across
 * CRLF pairs), _lseek/_tell/_eof/_filelength/_chsize, _setmode, _dup/_dup2
 * (redirecting fd 1 into a file), _get_osfhandle/_open_osfhandle, _pipe,
 * _isatty, and operations on closed fds. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <io.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <errno.h>
#include <string.h>
#include <direct.h>

#define SHOW(expr) do { errno = 0; long long r_ = (expr); int e_ = errno; printf("%-44s = %lld errno=%d\n", #expr, r_, e_); } while (0)

static void dump(const char *name)
{
    char buf[128];
    int fd = _open(name, _O_RDONLY | _O_BINARY);
    int n = _read(fd, buf, sizeof buf);
    _close(fd);
    printf("  %s (%d):", name, n);
    for (int i = 0; i < n; i++)
        printf(" %02x", (unsigned char)buf[i]);
    printf("\n");
}

int main(void)
{
    char buf[64];
    int fd, fd2, r;

    SHOW(_open("missing.txt", _O_RDONLY));
    SHOW(fd = _open("a.txt", _O_CREAT | _O_WRONLY | _O_TEXT, _S_IREAD | _S_IWRITE));
    SHOW(_write(fd, "l1\nl2\n", 6));
    SHOW(_tell(fd));
    SHOW(_filelength(fd));
    SHOW(_isatty(fd));
    SHOW(_read(fd, buf, 4));
    SHOW(_close(fd));
    SHOW(_close(fd));
    dump("a.txt");
    SHOW(_open("a.txt", _O_CREAT | _O_EXCL | _O_WRONLY, _S_IREAD | _S_IWRITE));
    SHOW(_open(".", _O_RDONLY));

    /* text read, whole and byte by byte */
    fd = _open("a.txt", _O_RDONLY | _O_TEXT);
    SHOW(_read(fd, buf, 64));
    printf("  [%.*s]\n", 6, buf);
    SHOW(_eof(fd));
    SHOW(_read(fd, buf, 64));
    SHOW(_lseek(fd, 0, SEEK_SET));
    SHOW(_eof(fd));
    printf("  bytes:");
    while ((r = _read(fd, buf, 1)) > 0)
        printf(" %02x", (unsigned char)buf[0]);
    printf(" (last %d)\n", r);
    SHOW(_setmode(fd, _O_BINARY));
    SHOW(_setmode(fd, _O_TEXT));
    SHOW(_setmode(fd, 0x1234));
    SHOW(_lseek(fd, -10, SEEK_SET));
    SHOW(_lseek(fd, 2, 7));
    SHOW(_lseek(fd, 100, SEEK_SET));
    SHOW(_read(fd, buf, 10));
    _close(fd);

    /* truncate and append */
    SHOW(fd = _open("a.txt", _O_WRONLY | _O_TRUNC | _O_BINARY));
    SHOW(_filelength(fd));
    SHOW(_write(fd, "xyz\n", 4));
    _close(fd);
    fd = _open("a.txt", _O_WRONLY | _O_APPEND | _O_BINARY);
    SHOW(_lseek(fd, 0, SEEK_SET));
    SHOW(_write(fd, "END", 3));
    SHOW(_tell(fd));
    _close(fd);
    dump("a.txt");

    /* _chsize */
    fd = _open("a.txt", _O_RDWR | _O_BINARY);
    SHOW(_chsize(fd, 10));
    SHOW(_filelength(fd));
    SHOW(_chsize(fd, 2));
    SHOW(_lseek(fd, 0, SEEK_END));
    SHOW(_chsize(fd, -1));
    SHOW(_commit(fd));
    _close(fd);
    dump("a.txt");
    fd = _open("a.txt", _O_RDONLY);
    SHOW(_chsize(fd, 5));
    SHOW(_write(fd, "x", 1));
    _close(fd);

    /* _dup / _dup2: fd 1 into a file for a while */
    fflush(stdout);
    fd = _open("out.txt", _O_CREAT | _O_TRUNC | _O_WRONLY | _O_BINARY, _S_IREAD | _S_IWRITE);
    int saved = _dup(1);
    SHOW(_dup2(fd, 1));
    _write(1, "via fd 1\n", 9);
    SHOW(_dup2(saved, 1));
    _close(saved);
    _close(fd);
    dump("out.txt");
    SHOW(_dup(99));
    SHOW(_dup2(1, -1));

    /* handles */
    SHOW(_get_osfhandle(55));
    fd = _open("a.txt", _O_RDONLY | _O_BINARY);
    intptr_t h = _get_osfhandle(fd);
    printf("handle valid: %d\n", h != -1 && h != 0);
    fd2 = _open_osfhandle(h, _O_RDONLY);
    printf("open_osfhandle gives a new fd: %d\n", fd2 > fd);
    SHOW(_read(fd2, buf, 2));
    SHOW(_read(fd, buf, 2));
    _close(fd2);

    /* pipes */
    int p[2];
    SHOW(_pipe(p, 256, _O_BINARY));
    SHOW(_write(p[1], "pipe\r\ndata", 10));
    SHOW(_read(p[0], buf, 4));
    SHOW(_setmode(p[0], _O_TEXT));
    SHOW(_read(p[0], buf, 64));
    printf("  [%.*s]\n", 5, buf);
    SHOW(_close(p[1]));
    SHOW(_read(p[0], buf, 64));
    SHOW(_lseek(p[0], 0, SEEK_SET));
    _close(p[0]);

    /* temporary file: gone once closed */
    fd = _open("tmp.txt", _O_CREAT | _O_RDWR | _O_TEMPORARY, _S_IREAD | _S_IWRITE);
    _write(fd, "x", 1);
    SHOW(_close(fd));
    SHOW(_open("tmp.txt", _O_RDONLY));

    /* read-only file created without _S_IWRITE */
    fd = _open("ro.txt", _O_CREAT | _O_WRONLY, _S_IREAD);
    SHOW(_write(fd, "ro", 2));
    _close(fd);
    /* (opening it for writing fails on Windows; Wine run as root lets it
     * through, so the reference cannot show it) */
    SHOW(_open("ro.txt", _O_RDONLY) >= 0);
    return 0;
}
