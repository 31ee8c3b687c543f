/* startup_abort.c - abort(): no atexit handlers run, the status is 3, and
 * msvcrt reports "abnormal program termination" on stderr (msvcrt.dll does;
 * Wine's builtin msvcrt stays silent, so only mimic's stderr is checked).
 * Output already printed with printf still reaches stdout, since the
 * process end flushes the streams as msvcrt's DLL detach does. */
// exit: 3
// stderr: abnormal program termination
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <stdlib.h>

static void handler(void) { printf("atexit handler: must not run\n"); }

int main(void)
{
    atexit(handler);
    printf("before abort\n");
    fflush(stdout);
    printf("buffered, then abort\n");
    abort();
    printf("after abort: unreachable\n");
    return 0;
}
