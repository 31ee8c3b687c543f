/* pe_tls.c - the loader's implicit TLS: IMAGE_TLS_DIRECTORY raw data copied
 * per thread (read through gs:[0x58][_tls_index]), and TLS callbacks called
 * with DLL_PROCESS_ATTACH before main and DLL_THREAD_ATTACH/DETACH per thread. */
#include <windows.h>
#include <stdio.h>

extern ULONG _tls_index;
/* Variables placed in the .tls section are the template every thread copies. */
__attribute__((section(".tls$AAB"))) int tls_counter = 42;
__attribute__((section(".tls$AAB"))) char tls_name[16] = "template";

static volatile LONG calls[4];

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    if (reason < 4)
        InterlockedIncrement(&calls[reason]);
}
__attribute__((section(".CRT$XLB"), used)) PIMAGE_TLS_CALLBACK p_tls_callback = tls_callback;

/* The thread's copy of a .tls variable: its offset in the template applied
 * to this thread's block. */
static void *tls_addr(void *var)
{
    extern char _tls_start;
    char **blocks = (char **)__readgsqword(0x58);
    return blocks[_tls_index] + ((char *)var - &_tls_start);
}

static DWORD WINAPI worker(void *arg)
{
    int *c = tls_addr(&tls_counter);
    char *n = tls_addr(tls_name);
    printf("thread start: counter=%d name=%s\n", *c, n);
    *c += (int)(INT_PTR)arg;
    lstrcpyA(n, "worker");
    printf("thread end: counter=%d name=%s\n", *c, n);
    return 0;
}

int main(void)
{
    int *c = tls_addr(&tls_counter);
    char *n = tls_addr(tls_name);
    printf("process attach callbacks before main: %ld\n", calls[DLL_PROCESS_ATTACH]);
    printf("main: counter=%d name=%s\n", *c, n);
    *c = 7;
    lstrcpyA(n, "main");
    HANDLE t = CreateThread(NULL, 0, worker, (void *)100, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    printf("main again: counter=%d name=%s\n", *c, n);
    printf("thread attach callbacks: %ld, detach: %ld\n", calls[DLL_THREAD_ATTACH], calls[DLL_THREAD_DETACH]);
    return 0;
}
