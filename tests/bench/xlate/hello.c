/* hello.c - start-up and exit: the cost of loading a static program. */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
