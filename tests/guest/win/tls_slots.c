/* tls_slots.c - TLS and FLS: per-thread values in the TEB's 64 slots and
 * the expansion slots beyond, TlsGetValue clearing the last error, invalid
 * indices, TlsFree clearing the slot everywhere, the TEB slot array read
 * directly, FLS values per thread with callbacks at thread exit and at
 * FlsFree, and FLS/TLS exhaustion errors. A freed FLS index is only
 * checked for range by FlsGetValue/FlsSetValue (as Wine does). */
#include <windows.h>
#include <stdio.h>

static DWORD idx[100];
static DWORD fidx, fidx2;
static volatile LONG cb_sum, cb_calls;

static void WINAPI fls_cb(void *v)
{
    InterlockedExchangeAdd(&cb_sum, (LONG)(INT_PTR)v);
    InterlockedIncrement(&cb_calls);
}

static DWORD WINAPI worker(void *p)
{
    int id = (int)(INT_PTR)p;
    int bad = 0;
    for (int i = 0; i < 100; i++)
        if (TlsGetValue(idx[i]) != NULL)
            bad++;   /* a new thread starts with every slot NULL */
    for (int i = 0; i < 100; i++)
        TlsSetValue(idx[i], (void *)(INT_PTR)(id * 1000 + i));
    Sleep(50);       /* let the other threads write theirs */
    for (int i = 0; i < 100; i++)
        if (TlsGetValue(idx[i]) != (void *)(INT_PTR)(id * 1000 + i))
            bad++;
    if (FlsGetValue(fidx) != NULL)
        bad++;
    FlsSetValue(fidx, (void *)(INT_PTR)(id * 10));
    FlsSetValue(fidx2, (void *)(INT_PTR)1);   /* no callback for this index */
    Sleep(20);
    if (FlsGetValue(fidx) != (void *)(INT_PTR)(id * 10))
        bad++;
    return bad;
}

static DWORD WINAPI keep_fls(void *p)
{
    FlsSetValue(fidx, (void *)(INT_PTR)500);
    WaitForSingleObject((HANDLE)p, INFINITE);
    return 0;
}

int main(void)
{
    DWORD err;
    BOOL ok;
    void *v;

    for (int i = 0; i < 100; i++)
        idx[i] = TlsAlloc();
    int distinct = 1, beyond64 = 0;
    for (int i = 0; i < 100; i++) {
        if (idx[i] == TLS_OUT_OF_INDEXES)
            distinct = 0;
        if (idx[i] >= 64)
            beyond64++;
        for (int j = 0; j < i; j++)
            if (idx[i] == idx[j])
                distinct = 0;
    }
    printf("100 indices distinct: %d, some in the expansion range: %d\n", distinct, beyond64 >= 36);

    SetLastError(0xdeadbeef);
    v = TlsGetValue(idx[0]);
    err = GetLastError();
    printf("fresh slot: %p err=%lu\n", v, err);
    ok = TlsSetValue(idx[0], (void *)0x1234);
    SetLastError(0xdeadbeef);
    v = TlsGetValue(idx[0]);
    err = GetLastError();
    printf("set: %d get: %p err=%lu\n", ok, v, err);
    if (idx[0] < 64)
        printf("TEB TlsSlots[idx] direct: %p\n", ((void **)((char *)NtCurrentTeb() + 0x1480))[idx[0]]);
    ok = TlsSetValue(idx[99], (void *)0x5678);
    SetLastError(0xdeadbeef);
    v = TlsGetValue(idx[99]);
    err = GetLastError();
    printf("expansion slot: %d %p err=%lu\n", ok, v, err);

    SetLastError(0xdeadbeef);
    v = TlsGetValue(1088);
    err = GetLastError();
    printf("TlsGetValue(1088): %p err=%lu\n", v, err);
    SetLastError(0xdeadbeef);
    ok = TlsSetValue(5000, v);
    err = GetLastError();
    printf("TlsSetValue(5000): %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = TlsFree(5000);
    err = GetLastError();
    printf("TlsFree(5000): %d err=%lu\n", ok, err);

    fidx = FlsAlloc(fls_cb);
    fidx2 = FlsAlloc(NULL);
    printf("FlsAlloc: %d %d\n", fidx != FLS_OUT_OF_INDEXES, fidx2 != FLS_OUT_OF_INDEXES && fidx2 != fidx);

    HANDLE th[4];
    for (int i = 0; i < 4; i++)
        th[i] = CreateThread(NULL, 0, worker, (void *)(INT_PTR)(i + 1), 0, NULL);
    WaitForMultipleObjects(4, th, TRUE, 10000);
    for (int i = 0; i < 4; i++) {
        DWORD bad;
        GetExitCodeThread(th[i], &bad);
        printf("thread %d: %lu mismatches\n", i + 1, bad);
        CloseHandle(th[i]);
    }
    printf("main's slots untouched: %p %p\n", TlsGetValue(idx[0]), TlsGetValue(idx[99]));
    printf("FLS callbacks at thread exit: calls=%ld sum=%ld\n", cb_calls, cb_sum);

    /* FlsFree runs the callback on every thread's value. */
    cb_calls = cb_sum = 0;
    FlsSetValue(fidx, (void *)(INT_PTR)7);
    HANDLE stop = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE keeper = CreateThread(NULL, 0, keep_fls, stop, 0, NULL);
    Sleep(100);
    ok = FlsFree(fidx);
    printf("FlsFree: %d calls=%ld sum=%ld\n", ok, cb_calls, cb_sum);
    SetEvent(stop);
    WaitForSingleObject(keeper, 5000);
    CloseHandle(keeper);
    CloseHandle(stop);
    printf("no callback after FlsFree at thread exit: calls=%ld\n", cb_calls);
    SetLastError(0xdeadbeef);
    v = FlsGetValue(fidx);
    err = GetLastError();
    printf("FlsGetValue(freed): %p err=%lu\n", v, err);
    SetLastError(0xdeadbeef);
    ok = FlsSetValue(fidx, (void *)1);
    err = GetLastError();
    printf("FlsSetValue(freed): %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = FlsFree(fidx);
    err = GetLastError();
    printf("FlsFree twice: %d err=%lu\n", ok, err);
    FlsSetValue(fidx2, (void *)(INT_PTR)3);
    SetLastError(0xdeadbeef);
    v = FlsGetValue(fidx2);
    err = GetLastError();
    printf("FlsGetValue: %p err=%lu\n", v, err);
    FlsFree(fidx2);

    /* TlsFree clears the slot: a reallocation starts from NULL. */
    TlsSetValue(idx[5], (void *)0x99);
    DWORD old5 = idx[5];
    ok = TlsFree(idx[5]);
    DWORD again = TlsAlloc();
    v = TlsGetValue(again);
    printf("TlsFree: %d, realloc same index %d, value %p\n", ok, again == old5, v);
    SetLastError(0xdeadbeef);
    ok = TlsFree(idx[6]);
    ok = TlsFree(idx[6]);
    err = GetLastError();
    printf("TlsFree twice: %d err=%lu\n", ok, err);

    /* Exhaustion. */
    int n = 0;
    DWORD last;
    while ((last = TlsAlloc()) != TLS_OUT_OF_INDEXES && n < 5000)
        n++;
    err = GetLastError();
    /* Windows (and Wine) use a few indices themselves: no exact count. */
    printf("TLS exhausted after more than 900: %d err=%lu\n", n > 900, err);
    return 0;
}
