/* sync_semaphore.c - semaphores: counts taken by waits, ReleaseSemaphore's
 * previous count, ERROR_TOO_MANY_POSTS leaving the count alone, invalid
 * arguments, named semaphores, a release handing counts to waiting threads,
 * and a bounded buffer (producer/consumer) with counted results.
 *
 * Wine differs from Windows on releases of 0 and -1: Windows refuses any
 * count <= 0 with ERROR_INVALID_PARAMETER ("The value must be greater than
 * zero", and NtReleaseSemaphore checks it), Wine accepts 0 and reports -1
 * as ERROR_TOO_MANY_POSTS; the expected lines follow Windows. */
#include <windows.h>
#include <stdio.h>

#define N 8
static HANDLE empty_slots, full_slots, sem, ready;
static CRITICAL_SECTION cs;
static int buf[N], head, tail;
static volatile LONG consumed_sum, consumed_n, woken;

static DWORD WINAPI producer(void *p)
{
    int base = (int)(INT_PTR)p;
    for (int i = 1; i <= 500; i++) {
        WaitForSingleObject(empty_slots, INFINITE);
        EnterCriticalSection(&cs);
        buf[tail] = base + i;
        tail = (tail + 1) % N;
        LeaveCriticalSection(&cs);
        ReleaseSemaphore(full_slots, 1, NULL);
    }
    return 0;
}

static DWORD WINAPI consumer(void *p)
{
    for (int i = 0; i < 500; i++) {
        WaitForSingleObject(full_slots, INFINITE);
        EnterCriticalSection(&cs);
        int v = buf[head];
        head = (head + 1) % N;
        LeaveCriticalSection(&cs);
        ReleaseSemaphore(empty_slots, 1, NULL);
        InterlockedExchangeAdd(&consumed_sum, v);
        InterlockedIncrement(&consumed_n);
    }
    return 0;
}

static DWORD WINAPI waiter(void *p)
{
    SetEvent(ready);
    DWORD r = WaitForSingleObject(sem, 3000);
    if (r == WAIT_OBJECT_0)
        InterlockedIncrement(&woken);
    return r;
}

int main(void)
{
    LONG prev;
    BOOL ok;
    DWORD r, err;

    sem = CreateSemaphoreA(NULL, 2, 3, NULL);
    r = WaitForSingleObject(sem, 0);
    printf("take 1: %lu", r);
    r = WaitForSingleObject(sem, 0);
    printf(", take 2: %lu", r);
    r = WaitForSingleObject(sem, 0);
    printf(", take 3: %lu\n", r);
    prev = -1;
    ok = ReleaseSemaphore(sem, 3, &prev);
    printf("release 3: %d prev=%ld\n", ok, prev);
    prev = -1;
    SetLastError(0xdeadbeef);
    ok = ReleaseSemaphore(sem, 1, &prev);
    err = GetLastError();
    printf("release past max: %d err=%lu prev=%ld\n", ok, err, prev);
    prev = -1;
    SetLastError(0xdeadbeef);
    ok = ReleaseSemaphore(sem, 0, &prev);
    err = GetLastError();
    printf("release 0: %d err=%lu prev=%ld\n", ok, err, prev);
    SetLastError(0xdeadbeef);
    ok = ReleaseSemaphore(sem, -1, &prev);
    err = GetLastError();
    printf("release -1: %d err=%lu\n", ok, err);
    int n = 0;
    while (WaitForSingleObject(sem, 0) == WAIT_OBJECT_0)
        n++;
    printf("count was %d\n", n);
    ok = ReleaseSemaphore(sem, 1, NULL);
    printf("release without prev: %d\n", ok);
    CloseHandle(sem);

    /* Creation errors. */
    SetLastError(0xdeadbeef);
    sem = CreateSemaphoreA(NULL, 2, 1, NULL);
    err = GetLastError();
    printf("initial > max: %p err=%lu\n", sem, err);
    SetLastError(0xdeadbeef);
    sem = CreateSemaphoreA(NULL, 0, 0, NULL);
    err = GetLastError();
    printf("max 0: %p err=%lu\n", sem, err);
    SetLastError(0xdeadbeef);
    sem = CreateSemaphoreA(NULL, -1, 1, NULL);
    err = GetLastError();
    printf("initial -1: %p err=%lu\n", sem, err);
    sem = CreateSemaphoreW(NULL, 0x7fffffff, 0x7fffffff, NULL);
    printf("max LONG: %d\n", sem != NULL);
    SetLastError(0xdeadbeef);
    ok = ReleaseSemaphore(sem, 1, &prev);
    err = GetLastError();
    printf("release at LONG max: %d err=%lu\n", ok, err);
    CloseHandle(sem);

    /* A release of 2 wakes two of three waiters. */
    ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    sem = CreateSemaphoreA(NULL, 0, 10, NULL);
    HANDLE th[3];
    for (int i = 0; i < 3; i++) {
        th[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
        WaitForSingleObject(ready, INFINITE);
    }
    Sleep(100);
    ReleaseSemaphore(sem, 2, &prev);
    Sleep(200);
    printf("released 2 to 3 waiters: prev=%ld woken=%ld\n", prev, woken);
    ReleaseSemaphore(sem, 1, &prev);
    WaitForMultipleObjects(3, th, TRUE, 5000);
    printf("then 1 more: prev=%ld woken=%ld\n", prev, woken);
    for (int i = 0; i < 3; i++)
        CloseHandle(th[i]);
    CloseHandle(sem);

    /* Named. */
    SetLastError(0xdeadbeef);
    HANDLE a = CreateSemaphoreA(NULL, 1, 5, "mimic_test_sem");
    err = GetLastError();
    printf("named: %d err=%lu\n", a != NULL, err);
    SetLastError(0xdeadbeef);
    HANDLE b = CreateSemaphoreA(NULL, 4, 4, "mimic_test_sem");
    err = GetLastError();
    printf("named again: %d err=%lu\n", b != NULL, err);
    ReleaseSemaphore(b, 1, &prev);
    printf("count seen through b: %ld\n", prev);
    HANDLE c = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, "mimic_test_sem");
    ok = ReleaseSemaphore(c, 3, &prev);
    printf("OpenSemaphore: %d release 3: %d prev=%ld\n", c != NULL, ok, prev);
    SetLastError(0xdeadbeef);
    ok = ReleaseSemaphore(a, 1, &prev);
    err = GetLastError();
    printf("max 5 kept: %d err=%lu\n", ok, err);
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(c);
    SetLastError(0xdeadbeef);
    a = OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, L"mimic_test_sem");
    err = GetLastError();
    printf("gone: %p err=%lu\n", a, err);
    a = CreateSemaphoreExA(NULL, 1, 2, NULL, 0, SEMAPHORE_ALL_ACCESS);
    r = WaitForSingleObject(a, 0);
    printf("Ex: %lu", r);
    r = WaitForSingleObject(a, 0);
    printf(" %lu\n", r);
    CloseHandle(a);

    /* Errors. */
    SetLastError(0xdeadbeef);
    ok = ReleaseSemaphore(NULL, 1, NULL);
    err = GetLastError();
    printf("ReleaseSemaphore(NULL): %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = ReleaseSemaphore(ready, 1, NULL);
    err = GetLastError();
    printf("ReleaseSemaphore(event): %d err=%lu\n", ok, err);

    /* Bounded buffer: 2 producers, 2 consumers, 1000 items. */
    InitializeCriticalSection(&cs);
    empty_slots = CreateSemaphoreA(NULL, N, N, NULL);
    full_slots = CreateSemaphoreA(NULL, 0, N, NULL);
    HANDLE pc[4];
    pc[0] = CreateThread(NULL, 0, producer, (void *)0, 0, NULL);
    pc[1] = CreateThread(NULL, 0, producer, (void *)(INT_PTR)1000, 0, NULL);
    pc[2] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    pc[3] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    r = WaitForMultipleObjects(4, pc, TRUE, 30000);
    printf("buffer: wait=%lu items=%ld sum=%ld (expected %d)\n", r, consumed_n, consumed_sum,
           2 * (500 * 501 / 2) + 500 * 1000);
    ReleaseSemaphore(empty_slots, 1, &prev);
    printf("empty slots at the end: %ld\n", prev);
    for (int i = 0; i < 4; i++)
        CloseHandle(pc[i]);
    DeleteCriticalSection(&cs);
    return 0;
}
