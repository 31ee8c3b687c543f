/* sync_mutex.c - mutexes: initial ownership, recursion, ReleaseMutex by a
 * thread that does not own it (ERROR_NOT_OWNER), hand-over to a waiting
 * thread, abandonment when the owner ends (WAIT_ABANDONED, then normal),
 * named mutexes, CreateMutexEx, and a mutex guarding a shared counter. */
#include <windows.h>
#include <stdio.h>

static HANDLE mtx, ready;
static volatile LONG shared, bad;

static DWORD WINAPI try_other(void *p)
{
    DWORD r = WaitForSingleObject(mtx, 0);
    SetLastError(0xdeadbeef);
    BOOL ok = ReleaseMutex(mtx);
    DWORD err = GetLastError();
    printf("  other thread: wait=%lu release=%d err=%lu\n", r, ok, err);
    return 0;
}

static DWORD WINAPI take_and_die(void *p)
{
    DWORD r = WaitForSingleObject(mtx, 5000);
    printf("  dying owner took it: %lu\n", r);
    WaitForSingleObject(mtx, 0);   /* twice: a recursion count to abandon too */
    return 0;                       /* ends without ReleaseMutex */
}

static DWORD WINAPI waiter(void *p)
{
    SetEvent(ready);
    DWORD r = WaitForSingleObject(mtx, 5000);
    InterlockedIncrement(&shared);
    Sleep(50);
    ReleaseMutex(mtx);
    return r;
}

static DWORD WINAPI worker(void *p)
{
    for (int i = 0; i < 2000; i++) {
        WaitForSingleObject(mtx, INFINITE);
        LONG v = shared;
        if (v != shared)
            InterlockedIncrement(&bad);
        shared = v + 1;
        ReleaseMutex(mtx);
    }
    return 0;
}

int main(void)
{
    DWORD r, err;
    BOOL ok;
    HANDLE th[4];
    ready = CreateEventA(NULL, FALSE, FALSE, NULL);

    /* Owned at creation, recursively. */
    mtx = CreateMutexA(NULL, TRUE, NULL);
    r = WaitForSingleObject(mtx, 0);
    printf("owner waits again: %lu\n", r);
    th[0] = CreateThread(NULL, 0, try_other, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    CloseHandle(th[0]);
    ok = ReleaseMutex(mtx);
    printf("release 1: %d\n", ok);
    ok = ReleaseMutex(mtx);
    printf("release 2: %d\n", ok);
    SetLastError(0xdeadbeef);
    ok = ReleaseMutex(mtx);
    err = GetLastError();
    printf("release 3 (not owned): %d err=%lu\n", ok, err);
    th[0] = CreateThread(NULL, 0, try_other, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    CloseHandle(th[0]);
    CloseHandle(mtx);

    /* Released mutex goes to the thread that waited for it. */
    mtx = CreateMutexA(NULL, TRUE, NULL);
    shared = 0;
    th[0] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
    WaitForSingleObject(ready, INFINITE);
    Sleep(100);
    ReleaseMutex(mtx);
    r = WaitForSingleObject(mtx, 5000);
    printf("after hand-over: wait=%lu waiter ran first=%ld\n", r, shared);
    ReleaseMutex(mtx);
    WaitForSingleObject(th[0], 5000);
    GetExitCodeThread(th[0], &r);
    printf("waiter got: %lu\n", r);
    CloseHandle(th[0]);
    CloseHandle(mtx);

    /* Abandonment. */
    mtx = CreateMutexA(NULL, FALSE, NULL);
    th[0] = CreateThread(NULL, 0, take_and_die, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    CloseHandle(th[0]);
    r = WaitForSingleObject(mtx, 0);
    printf("abandoned: %lu (WAIT_ABANDONED=%u)\n", r, WAIT_ABANDONED);
    ok = ReleaseMutex(mtx);
    printf("release abandoned-then-taken: %d\n", ok);
    SetLastError(0xdeadbeef);
    ok = ReleaseMutex(mtx);
    err = GetLastError();
    printf("release again: %d err=%lu\n", ok, err);
    r = WaitForSingleObject(mtx, 0);
    printf("next wait normal: %lu\n", r);
    ReleaseMutex(mtx);
    /* Abandoned while another thread waits for it. */
    HANDLE m2 = CreateMutexA(NULL, FALSE, NULL);
    HANDLE old = mtx;
    mtx = m2;
    th[0] = CreateThread(NULL, 0, take_and_die, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    CloseHandle(th[0]);
    HANDLE unset = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE pair[2] = { unset, m2 };
    r = WaitForMultipleObjects(2, pair, FALSE, 0);
    printf("any of (unset event, abandoned): %lu\n", r);
    r = WaitForMultipleObjects(2, pair, FALSE, 0);
    printf("again (the owner re-enters): %lu\n", r);
    ReleaseMutex(m2);
    ReleaseMutex(m2);
    pair[0] = old;
    CloseHandle(m2);
    /* Wait-all with an abandoned one among them. */
    m2 = CreateMutexA(NULL, FALSE, NULL);
    mtx = m2;
    th[0] = CreateThread(NULL, 0, take_and_die, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    CloseHandle(th[0]);
    pair[1] = m2;
    r = WaitForMultipleObjects(2, pair, TRUE, 0);
    printf("all of (free, abandoned): %lu\n", r);
    ReleaseMutex(old);
    ReleaseMutex(m2);
    CloseHandle(m2);
    CloseHandle(old);
    CloseHandle(unset);

    /* A counter guarded by a mutex, four threads. */
    mtx = CreateMutexW(NULL, FALSE, NULL);
    shared = 0;
    for (int i = 0; i < 4; i++)
        th[i] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
    r = WaitForMultipleObjects(4, th, TRUE, 30000);
    printf("workers: wait=%lu total=%ld races=%ld\n", r, shared, bad);
    for (int i = 0; i < 4; i++)
        CloseHandle(th[i]);
    CloseHandle(mtx);

    /* Named mutexes: an existing one is opened, ownership is not taken. */
    SetLastError(0xdeadbeef);
    HANDLE a = CreateMutexA(NULL, TRUE, "mimic_test_mutex");
    err = GetLastError();
    printf("named create: %d err=%lu\n", a != NULL, err);
    mtx = a;
    th[0] = CreateThread(NULL, 0, try_other, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    CloseHandle(th[0]);
    SetLastError(0xdeadbeef);
    HANDLE b = CreateMutexW(NULL, TRUE, L"mimic_test_mutex");
    err = GetLastError();
    printf("named again: %d err=%lu\n", b != NULL, err);
    ok = ReleaseMutex(b);
    printf("release via b: %d\n", ok);
    SetLastError(0xdeadbeef);
    ok = ReleaseMutex(a);
    err = GetLastError();
    printf("release via a (second init-owner ignored): %d err=%lu\n", ok, err);
    HANDLE c = OpenMutexA(MUTEX_ALL_ACCESS, FALSE, "mimic_test_mutex");
    printf("OpenMutex: %d\n", c != NULL);
    SetLastError(0xdeadbeef);
    HANDLE d = CreateEventA(NULL, FALSE, FALSE, "mimic_test_mutex");
    err = GetLastError();
    printf("event with the mutex's name: %p err=%lu\n", d, err);
    SetLastError(0xdeadbeef);
    d = CreateSemaphoreA(NULL, 0, 1, "mimic_test_mutex");
    err = GetLastError();
    printf("semaphore with the mutex's name: %p err=%lu\n", d, err);
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(c);

    /* CreateMutexEx */
    a = CreateMutexExA(NULL, NULL, CREATE_MUTEX_INITIAL_OWNER, MUTEX_ALL_ACCESS);
    mtx = a;
    th[0] = CreateThread(NULL, 0, try_other, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    CloseHandle(th[0]);
    ok = ReleaseMutex(a);
    printf("Ex owned release: %d\n", ok);
    CloseHandle(a);
    a = CreateMutexExW(NULL, NULL, 0, MUTEX_ALL_ACCESS);
    SetLastError(0xdeadbeef);
    ok = ReleaseMutex(a);
    err = GetLastError();
    printf("Ex unowned release: %d err=%lu\n", ok, err);
    CloseHandle(a);

    /* Errors. */
    SetLastError(0xdeadbeef);
    ok = ReleaseMutex(NULL);
    err = GetLastError();
    printf("ReleaseMutex(NULL): %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = ReleaseMutex(ready);
    err = GetLastError();
    printf("ReleaseMutex(event): %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    a = OpenMutexA(MUTEX_ALL_ACCESS, FALSE, NULL);
    err = GetLastError();
    printf("OpenMutex(NULL): %p err=%lu\n", a, err);
    CloseHandle(ready);
    return 0;
}
