/* startup_atexit.c - how a program ends: exit() runs the atexit/_onexit
 * handlers last-in first-out (whether a handler registered during exit
 * runs differs between msvcrt versions and Wine: not checked), stdout is fully buffered to a file or pipe and still flushed at
 * the end, and the status reaches the parent. Also the start-up data
 * msvcrt hands out: __argc/__argv through their accessors, _pgmptr,
 * _environ, _fmode, _osplatform, _winmajor and _set_error_mode. */
// exit: 7
// args: one "two words"
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void h1(void) { printf("h1\n"); }
static void h2(void) { printf("h2\n"); }
static int o1(void) { printf("onexit o1\n"); return 0; }

int main(int argc, char **argv)
{
    printf("argc=%d __argc=%d same argv=%d\n", argc, __argc, *__p___argv() == argv && __argv == argv);
    for (int i = 1; i < __argc; i++)
        printf("__argv[%d]=%s\n", i, __argv[i]);
    const char *pg = _pgmptr;
    size_t n = pg ? strlen(pg) : 0;
    printf("_pgmptr ends with .exe: %d\n", n > 4 && !strcmp(pg + n - 4, ".exe"));
    int envs = 0;
    for (char **e = _environ; e && *e; e++)
        envs++;
    printf("_environ has entries: %d\n", envs > 0);
    printf("_fmode=%#x\n", _fmode);
    printf("_osplatform=%u _winmajor>=6: %d\n", _osplatform, _winmajor >= 6);
    printf("_set_error_mode(3)=%d\n", _set_error_mode(3));
    printf("_set_error_mode(1)=%d\n", _set_error_mode(1));
    printf("_set_error_mode(3)=%d\n", _set_error_mode(3));
    printf("_set_error_mode(9)=%d\n", _set_error_mode(9));

    atexit(h1);
    _onexit(o1);
    atexit(h2);
    printf("calling exit(7); this line sits in the stdout buffer\n");
    exit(7);
}
