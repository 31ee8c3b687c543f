/* stdio_threads.c - streams and errno under threads: four threads write
 * lines into one FILE with fprintf while also using their own errno;
 * every line must come out whole (each call holds the stream's lock) and
 * each thread must see only its own errno. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <windows.h>

#define THREADS 4
#define LINES 300

static FILE *out;
static int errno_ok[THREADS];

static DWORD WINAPI worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    errno = 100 + id;
    for (int i = 0; i < LINES; i++) {
        fprintf(out, "thread %d line %03d %s\n", id, i, "payload-payload-payload");
        if (i % 50 == 0)
            Sleep(0);
    }
    errno_ok[id] = errno == 100 + id;
    return 0;
}

int main(void)
{
    HANDLE h[THREADS];
    out = fopen("threads.txt", "w");
    for (int i = 0; i < THREADS; i++)
        h[i] = CreateThread(NULL, 0, worker, (void *)(intptr_t)i, 0, NULL);
    WaitForMultipleObjects(THREADS, h, TRUE, INFINITE);
    for (int i = 0; i < THREADS; i++)
        CloseHandle(h[i]);
    fclose(out);

    int count[THREADS] = { 0 }, bad = 0, next[THREADS] = { 0 };
    char line[128];
    FILE *in = fopen("threads.txt", "r");
    while (fgets(line, sizeof line, in)) {
        int id, n;
        char tail[64];
        if (sscanf(line, "thread %d line %d %63s", &id, &n, tail) != 3 || id < 0 || id >= THREADS ||
            strcmp(tail, "payload-payload-payload") || n != next[id]) {
            bad++;
            continue;
        }
        next[id]++;
        count[id]++;
    }
    fclose(in);
    for (int i = 0; i < THREADS; i++)
        printf("thread %d: %d lines in order, own errno kept: %d\n", i, count[i], errno_ok[i]);
    printf("damaged lines: %d\n", bad);
    return 0;
}
