/* sync_initonce.c - one-time initialisation: InitOnceExecuteOnce run by
 * four threads at once calls the callback exactly once and hands everyone
 * its context; a failing callback leaves it to be retried; the
 * Begin/Complete protocol (pending, CHECK_ONLY before and after, ASYNC,
 * INIT_FAILED, contexts with low bits set); WaitOnAddress/WakeByAddress. */
#include <windows.h>
#include <stdio.h>

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static volatile LONG calls;
static HANDLE start;

static BOOL CALLBACK init_cb(INIT_ONCE *o, void *param, void **ctx)
{
    InterlockedIncrement(&calls);
    Sleep(50);   /* let the other threads pile up behind */
    *ctx = (void *)(INT_PTR)((INT_PTR)param * 4);
    return TRUE;
}

static BOOL CALLBACK fail_cb(INIT_ONCE *o, void *param, void **ctx)
{
    InterlockedIncrement(&calls);
    SetLastError(1234);
    return FALSE;
}

static DWORD WINAPI racer(void *p)
{
    void *ctx = NULL;
    WaitForSingleObject(start, INFINITE);
    BOOL ok = InitOnceExecuteOnce(&once, init_cb, (void *)(INT_PTR)25, &ctx);
    return ok ? (DWORD)(INT_PTR)ctx : 0xffffffff;
}

static volatile LONG word;
static volatile LONG woke;

static DWORD WINAPI addr_waiter(void *p)
{
    LONG undesired = 0;
    while (word == undesired)
        WaitOnAddress(&word, &undesired, sizeof word, INFINITE);
    InterlockedIncrement(&woke);
    return word;
}

int main(void)
{
    BOOL ok, pending;
    void *ctx;
    DWORD err;

    start = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE th[4];
    for (int i = 0; i < 4; i++)
        th[i] = CreateThread(NULL, 0, racer, NULL, 0, NULL);
    Sleep(50);
    SetEvent(start);
    WaitForMultipleObjects(4, th, TRUE, 10000);
    for (int i = 0; i < 4; i++) {
        DWORD r;
        GetExitCodeThread(th[i], &r);
        printf("racer %d got %lu\n", i, r);
        CloseHandle(th[i]);
    }
    printf("callback calls: %ld\n", calls);
    ctx = NULL;
    ok = InitOnceExecuteOnce(&once, init_cb, (void *)1, &ctx);
    printf("again: %d ctx=%d calls=%ld\n", ok, (int)(INT_PTR)ctx, calls);
    ok = InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &ctx);
    printf("check only when done: %d pending=%d ctx=%d\n", ok, pending, (int)(INT_PTR)ctx);

    /* A failing callback: FALSE, and the next call tries again. */
    INIT_ONCE f;
    InitOnceInitialize(&f);
    calls = 0;
    SetLastError(0xdeadbeef);
    ok = InitOnceExecuteOnce(&f, fail_cb, NULL, NULL);
    err = GetLastError();
    printf("failing callback: %d err=%lu\n", ok, err);
    ok = InitOnceExecuteOnce(&f, fail_cb, NULL, NULL);
    printf("retried: %d calls=%ld\n", ok, calls);
    ok = InitOnceExecuteOnce(&f, init_cb, (void *)2, &ctx);
    printf("then succeeds: %d ctx=%d\n", ok, (int)(INT_PTR)ctx);

    /* Begin/Complete by hand. */
    INIT_ONCE b = INIT_ONCE_STATIC_INIT;
    SetLastError(0xdeadbeef);
    pending = 99;
    ok = InitOnceBeginInitialize(&b, INIT_ONCE_CHECK_ONLY, &pending, &ctx);
    err = GetLastError();
    printf("check only before: %d err=%lu pending=%d\n", ok, err, pending);
    ok = InitOnceBeginInitialize(&b, 0, &pending, &ctx);
    printf("begin: %d pending=%d\n", ok, pending);
    SetLastError(0xdeadbeef);
    ok = InitOnceBeginInitialize(&b, INIT_ONCE_ASYNC, &pending, &ctx);
    err = GetLastError();
    printf("async while sync pending: %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = InitOnceComplete(&b, 0, (void *)3);
    err = GetLastError();
    printf("complete with low bits: %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = InitOnceComplete(&b, INIT_ONCE_INIT_FAILED, (void *)8);
    err = GetLastError();
    printf("failed with a context: %d err=%lu\n", ok, err);
    ok = InitOnceComplete(&b, 0, (void *)0x40);
    printf("complete: %d\n", ok);
    ok = InitOnceBeginInitialize(&b, 0, &pending, &ctx);
    printf("begin after: %d pending=%d ctx=%p\n", ok, pending, ctx);
    SetLastError(0xdeadbeef);
    ok = InitOnceComplete(&b, 0, (void *)0x80);
    err = GetLastError();
    printf("complete twice: %d err=%lu\n", ok, err);
    /* INIT_FAILED resets it. */
    INIT_ONCE c = INIT_ONCE_STATIC_INIT;
    InitOnceBeginInitialize(&c, 0, &pending, &ctx);
    ok = InitOnceComplete(&c, INIT_ONCE_INIT_FAILED, NULL);
    printf("init failed: %d word=%p\n", ok, c.Ptr);
    ok = InitOnceBeginInitialize(&c, 0, &pending, &ctx);
    printf("begin again: %d pending=%d\n", ok, pending);
    InitOnceComplete(&c, 0, NULL);
    /* ASYNC: several may run, the first Complete wins. */
    INIT_ONCE a = INIT_ONCE_STATIC_INIT;
    BOOL p1, p2;
    ok = InitOnceBeginInitialize(&a, INIT_ONCE_ASYNC, &p1, &ctx);
    BOOL ok2 = InitOnceBeginInitialize(&a, INIT_ONCE_ASYNC, &p2, &ctx);
    printf("async begins: %d %d pending %d %d\n", ok, ok2, p1, p2);
    SetLastError(0xdeadbeef);
    ok = InitOnceBeginInitialize(&a, 0, &pending, &ctx);
    err = GetLastError();
    printf("sync begin during async: %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = InitOnceComplete(&a, 0, (void *)0x100);
    err = GetLastError();
    printf("sync complete during async: %d err=%lu\n", ok, err);
    ok = InitOnceComplete(&a, INIT_ONCE_ASYNC, (void *)0x100);
    SetLastError(0xdeadbeef);
    ok2 = InitOnceComplete(&a, INIT_ONCE_ASYNC, (void *)0x200);
    err = GetLastError();
    printf("async completes: %d, loser %d err=%lu\n", ok, ok2, err);
    ok = InitOnceBeginInitialize(&a, INIT_ONCE_CHECK_ONLY, &pending, &ctx);
    printf("winner's context: %d %p\n", ok, ctx);
    SetLastError(0xdeadbeef);
    ok = InitOnceBeginInitialize(&a, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, &pending, &ctx);
    err = GetLastError();
    printf("check only + async: %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = InitOnceBeginInitialize(&a, 0x80, &pending, &ctx);
    err = GetLastError();
    printf("unknown flag: %d err=%lu\n", ok, err);

    /* WaitOnAddress: sleepers wake when the value changes and a wake comes. */
    HANDLE w[3];
    for (int i = 0; i < 3; i++)
        w[i] = CreateThread(NULL, 0, addr_waiter, NULL, 0, NULL);
    Sleep(100);
    printf("woke before change: %ld\n", woke);
    word = 42;
    WakeByAddressAll((void *)&word);
    DWORD r = WaitForMultipleObjects(3, w, TRUE, 5000);
    printf("after WakeByAddressAll: wait=%lu woke=%ld\n", r, woke);
    for (int i = 0; i < 3; i++)
        CloseHandle(w[i]);
    LONG cmp = 42;
    SetLastError(0xdeadbeef);
    ok = WaitOnAddress(&word, &cmp, sizeof word, 50);
    err = GetLastError();
    printf("WaitOnAddress timeout: %d err=%lu\n", ok, err);
    cmp = 7;
    ok = WaitOnAddress(&word, &cmp, sizeof word, 50);
    printf("value differs: %d\n", ok);
    short s = 5, scmp = 5;
    SetLastError(0xdeadbeef);
    ok = WaitOnAddress(&s, &scmp, 2, 10);
    err = GetLastError();
    printf("2-byte timeout: %d err=%lu\n", ok, err);
    SetLastError(0xdeadbeef);
    ok = WaitOnAddress(&word, &cmp, 3, 10);
    err = GetLastError();
    printf("size 3: %d err=%lu\n", ok, err);
    WakeByAddressSingle((void *)&word);
    printf("done\n");
    return 0;
}
// link: -lsynchronization
