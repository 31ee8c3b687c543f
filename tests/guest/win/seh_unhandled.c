/* An access violation nobody handles: mimic reports it on stderr and the
 * process ends with the exception code (Linux keeps its low byte: 5).
 * The mingw runtime's own unhandled filter runs first and declines. */
// exit: 5
// stderr: mimic: unhandled exception 0xc0000005 (access violation)
#include <stdio.h>

int main(void)
{
    printf("before\n");
    fflush(stdout);
    *(volatile int *)(size_t)16 = 1;
    printf("after\n");
    return 0;
}
