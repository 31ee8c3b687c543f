/* hello.c - the first program: printf through mingw-w64's runtime into
 * msvcrt's stdout, and argc/argv split from the command line with the
 * Windows quoting rules (spaces, quotes, backslashes before quotes, empty
 * arguments). */
// portable
// args: "a b" c\"d "" 'x y' 'e\\f' 'g\"h' 'tab	in' 'end\'
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello, world\n");
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    return 0;
}
