/* stdio_freopen.c - freopen(name, "w", stdout), the usual way to send a
 * program's output to a file: the stream keeps its FILE, takes the lowest
 * free fd (1 again, once the old one is closed), and printf follows it;
 * GetStdHandle(STD_OUTPUT_HANDLE) tracks fd 1 as msvcrt keeps it in step.
 * Then fd 1 is restored with _dup2 and the file is shown. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <io.h>
#include <fcntl.h>
#include <windows.h>

int main(void)
{
    char buf[128];
    printf("before freopen\n");
    fflush(stdout);
    int saved = _dup(1);
    HANDLE before = GetStdHandle(STD_OUTPUT_HANDLE);
    FILE *f = freopen("log.txt", "w", stdout);
    HANDLE after = GetStdHandle(STD_OUTPUT_HANDLE);
    int same = f == stdout, fd = _fileno(stdout);
    intptr_t osf = _get_osfhandle(1);
    printf("into the log: %d\n", 42);
    fputs("second line\n", stdout);
    fflush(stdout);
    _dup2(saved, 1);
    _close(saved);
    printf("freopen gave stdout back: %d, fd %d, std handle changed: %d, matches fd 1: %d\n",
           same, fd, before != after, (intptr_t)after == osf);
    FILE *g = fopen("log.txt", "rb");
    int n = (int)fread(buf, 1, sizeof buf - 1, g);
    buf[n] = 0;
    fclose(g);
    printf("log.txt (%d bytes):\n%s", n, buf);
    return 0;
}
