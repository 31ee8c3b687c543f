/* startup_glob.c - wildcard arguments, as __getmainargs expands them when
 * asked (mingw-w64's _dowildcard): "*.txt" and "d?ta*" become the matching
 * names, sorted and case-insensitive, a pattern that matches nothing stays
 * as typed, argv[0] is never expanded. The program creates the files and
 * then asks __getmainargs itself, since its start-up ran before they
 * existed (without expansion: _dowildcard is 0 by default). */
// args: *.txt d?ta* *.none plain
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

typedef struct { int newmode; } startinfo;
__declspec(dllimport) int __cdecl __getmainargs(int *, char ***, char ***, int, startinfo *);

int main(int argc, char **argv)
{
    printf("at start-up: argc=%d argv[1]=%s\n", argc, argv[1]);
    const char *names[] = { "b.txt", "A.TXT", "c.dat", "data1", "Data22", "dx" };
    for (int i = 0; i < 6; i++)
        fclose(fopen(names[i], "w"));
    int c;
    char **v, **e;
    startinfo si = { 0 };
    __getmainargs(&c, &v, &e, 1, &si);
    printf("expanded: argc=%d\n", c);
    for (int i = 1; i < c; i++)
        printf("argv[%d]=%s\n", i, v[i]);
    return 0;
}
