/* stdlib_threads: _beginthreadex and _beginthread running guest routines,
 * exit codes through _endthreadex, and the per-thread state of the CRT:
 * rand's seed and strtok's position belong to each thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <process.h>
#include <errno.h>
#include <windows.h>

static volatile LONG started;

static unsigned __stdcall worker(void *arg)
{
    int n = (int)(intptr_t)arg;
    /* A fresh thread's rand starts from seed 1, whatever main did. */
    int first = rand();
    srand(n);
    int seeded = rand();
    char text[32], *ctx;
    snprintf(text, sizeof text, "t%d,a,b", n);
    char *tok = strtok(text, ",");
    (void)ctx;
    InterlockedIncrement(&started);
    if (n == 3)
        _endthreadex(300 + first % 7);     /* leaves here */
    return (unsigned)(n * 1000 + (seeded % 1000)) + (tok && tok[0] == 't' ? 0 : 1);
}

static HANDLE done_event;

static void plain(void *arg)
{
    printf("_beginthread routine got %s\n", (const char *)arg);
    fflush(stdout);
    SetEvent(done_event);
    _endthread();
    printf("not reached\n");
}

int main(void)
{
    srand(12345);
    char main_text[] = "m1 m2 m3";
    printf("main strtok: %s\n", strtok(main_text, " "));

    HANDLE h[4];
    unsigned ids[4];
    for (int i = 0; i < 4; i++) {
        h[i] = (HANDLE)_beginthreadex(NULL, 0, worker, (void *)(intptr_t)(i + 1), 0, &ids[i]);
        printf("thread %d: handle %s, id %s\n", i + 1, h[i] ? "ok" : "NULL", ids[i] ? "nonzero" : "0");
    }
    WaitForMultipleObjects(4, h, TRUE, INFINITE);
    for (int i = 0; i < 4; i++) {
        DWORD code = 0;
        GetExitCodeThread(h[i], &code);
        printf("thread %d exit code %lu\n", i + 1, code);
        CloseHandle(h[i]);
    }
    printf("started: %ld\n", started);
    /* main's strtok position and rand sequence are untouched */
    printf("main strtok again: %s\n", strtok(NULL, " "));
    srand(12345);
    int a = rand();
    printf("main rand reseeded: %d (expected %u)\n", a, ((12345u * 214013u + 2531011u) >> 16) & 0x7fff);

    HANDLE s = (HANDLE)_beginthreadex(NULL, 0, worker, (void *)5, CREATE_SUSPENDED, NULL);
    Sleep(50);
    printf("suspended thread has not run: %d\n", started == 4);
    ResumeThread(s);
    WaitForSingleObject(s, INFINITE);
    printf("after resume: %ld\n", started);
    CloseHandle(s);

    done_event = CreateEventA(NULL, TRUE, FALSE, NULL);
    fflush(stdout);
    uintptr_t p = _beginthread(plain, 0, "hello");
    WaitForSingleObject(done_event, INFINITE);
    printf("_beginthread: %s\n", p != (uintptr_t)-1 ? "ok" : "failed");
    errno = 0;
    int r = (int)_beginthread(NULL, 0, NULL);
    printf("_beginthread NULL routine: %d errno=%d\n", r, errno);
    return 0;
}
