/* seh_thread_overflow.c - a stack overflow on a second thread is reported as
 * an unhandled STATUS_STACK_OVERFLOW and ends the process with that code
 * (its low byte, 0xfd, as Linux keeps it), instead of killing it silently. */
// exit: 253
// stderr: 0xc00000fd
#include <windows.h>
#include <stdio.h>

#pragma GCC diagnostic ignored "-Winfinite-recursion"

static volatile int depth;

static int recurse(int n)
{
    volatile char pad[4096];
    pad[0] = (char)n;
    depth = n;
    return recurse(n + 1) + pad[0];
}

static DWORD WINAPI worker(void *arg)
{
    return (DWORD)recurse(0);
}

int main(void)
{
    printf("starting\n");
    fflush(stdout);
    HANDLE t = CreateThread(NULL, 256 * 1024, worker, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    printf("not reached\n");
    return 0;
}
