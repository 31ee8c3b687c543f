/* hello.c - the first program: printf, argc/argv split from the command
 * line with the Windows quoting rules. */
// args: "a b" c\"d "" 'x y' e\\\\f "g\\"h"
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello, world\n");
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    return 0;
}
