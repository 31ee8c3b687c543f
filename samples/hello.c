/* hello.c - the smallest demo: a greeting and the arguments it was given. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello from a Windows program, running under mimic!\n");
    for (int i = 1; i < argc; i++)
        printf("  argument %d: %s\n", i, argv[i]);
    return 0;
}
