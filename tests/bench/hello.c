/* hello.c - the bench's fallback hello world, used until samples/hello.c exists. */
#include <stdio.h>

int main(void)
{
    printf("Hello, world!\n");
    return 0;
}
