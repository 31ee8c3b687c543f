/* wait_multiple.c - WaitForMultipleObjects(Ex): wait-any picks the lowest
 * signalled index, wait-all takes all or nothing, timeouts, argument errors
 * (count 0 and > 64, bad handles, one object twice in a wait-all), threads
 * and events mixed; SignalObjectAndWait; waitable timers (one-shot,
 * periodic, manual, cancel); APCs with QueueUserAPC and alertable waits
 * (SleepEx, WaitForSingleObjectEx).
 *
 * Two expected lines follow Windows where Wine differs: a wait-all on one
 * object twice fails with ERROR_INVALID_PARAMETER (STATUS_INVALID_PARAMETER_MIX
 * from the object manager; Wine waits), and SetWaitableTimer refuses a
 * negative period ("If lPeriod is less than zero, the function fails";
 * Wine accepts it). */
#include <windows.h>
#include <stdio.h>

static HANDLE e1, e2, ready;
static volatile LONG apc_sum, apc_calls;

static DWORD WINAPI set_later(void *p)
{
    Sleep(100);
    SetEvent((HANDLE)p);
    return 0;
}

static void CALLBACK apc(ULONG_PTR data)
{
    InterlockedExchangeAdd(&apc_sum, (LONG)data);
    InterlockedIncrement(&apc_calls);
}

static volatile LONG timer_calls;
static volatile LONG timer_arg_ok, timer_time_ok;

static void CALLBACK timer_routine(void *arg, DWORD low, DWORD high)
{
    InterlockedIncrement(&timer_calls);
    timer_arg_ok = arg == (void *)&timer_calls;
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    ULONGLONG t = ((ULONGLONG)high << 32) | low, n = ((ULONGLONG)now.dwHighDateTime << 32) | now.dwLowDateTime;
    timer_time_ok = t <= n && n - t < 50000000;   /* the time it fired: within 5 s */
}

static DWORD WINAPI alertable_sleeper(void *p)
{
    SetEvent(ready);
    DWORD r = SleepEx(5000, TRUE);
    return r;
}

static DWORD WINAPI signal_and_wait_peer(void *p)
{
    /* Wait for the main thread's signal, answer on e2. */
    DWORD r = WaitForSingleObject(e1, 5000);
    SetEvent(e2);
    return r;
}

int main(void)
{
    DWORD r, err;
    HANDLE h[65];
    e1 = CreateEventA(NULL, FALSE, FALSE, NULL);
    e2 = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE m = CreateEventA(NULL, TRUE, FALSE, NULL);
    ready = CreateEventA(NULL, FALSE, FALSE, NULL);

    /* wait-any */
    h[0] = e1; h[1] = e2; h[2] = m;
    r = WaitForMultipleObjects(3, h, FALSE, 0);
    printf("none set: %lu\n", r);
    SetEvent(e2);
    SetEvent(m);
    r = WaitForMultipleObjects(3, h, FALSE, 0);
    printf("e2 and m set: %lu\n", r);
    r = WaitForMultipleObjects(3, h, FALSE, 0);
    printf("then: %lu\n", r);
    ResetEvent(m);
    HANDLE th = CreateThread(NULL, 0, set_later, e1, 0, NULL);
    DWORD t0 = GetTickCount();
    r = WaitForMultipleObjects(3, h, FALSE, 5000);
    printf("woken by a thread: %lu in time %d\n", r, GetTickCount() - t0 < 4000);
    WaitForSingleObject(th, INFINITE);
    CloseHandle(th);

    /* wait-all: nothing is taken unless everything is signalled. */
    SetEvent(e1);
    r = WaitForMultipleObjects(3, h, TRUE, 50);
    printf("all, two missing: %lu\n", r);
    r = WaitForSingleObject(e1, 0);
    printf("e1 still set: %lu\n", r);
    SetEvent(e1);
    SetEvent(e2);
    SetEvent(m);
    r = WaitForMultipleObjects(3, h, TRUE, 0);
    printf("all set: %lu\n", r);
    r = WaitForSingleObject(e1, 0);
    printf("auto ones taken: %lu", r);
    r = WaitForSingleObject(e2, 0);
    printf(" %lu", r);
    r = WaitForSingleObject(m, 0);
    printf(", manual one stays: %lu\n", r);
    ResetEvent(m);
    th = CreateThread(NULL, 0, set_later, m, 0, NULL);
    SetEvent(e1);
    SetEvent(e2);
    r = WaitForMultipleObjects(3, h, TRUE, 5000);
    printf("all, last one from a thread: %lu\n", r);
    WaitForSingleObject(th, INFINITE);
    CloseHandle(th);
    ResetEvent(m);

    /* Thread handles among them. */
    h[3] = CreateThread(NULL, 0, set_later, e2, 0, NULL);
    r = WaitForMultipleObjects(1, &h[3], TRUE, 5000);
    printf("thread handle, all: %lu\n", r);
    r = WaitForMultipleObjects(4, h, FALSE, 0);
    printf("any with ended thread and e2: %lu\n", r);
    CloseHandle(h[3]);

    /* Argument errors. */
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(0, h, FALSE, 0);
    err = GetLastError();
    printf("count 0: %lx err=%lu\n", r, err);
    for (int i = 0; i < 65; i++)
        h[i] = m;
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(65, h, FALSE, 0);
    err = GetLastError();
    printf("count 65: %lx err=%lu\n", r, err);
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(64, h, FALSE, 0);
    err = GetLastError();
    printf("count 64 (same unset event): %lx err=%lx\n", r, err);
    h[0] = e1; h[1] = (HANDLE)0xbad0; h[2] = e2;
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(3, h, FALSE, 0);
    err = GetLastError();
    printf("bad handle in the middle: %lx err=%lu\n", r, err);
    h[1] = e1;
    SetEvent(e1);
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(2, h, TRUE, 0);
    err = GetLastError();
    printf("same object twice, all: %lx err=%lu\n", r, err);
    SetEvent(e1);
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(2, h, FALSE, 0);
    err = GetLastError();
    printf("same object twice, any: %lx err=%lx\n", r, err);

    /* The current process and thread never signal while we run. */
    h[0] = GetCurrentProcess();
    h[1] = GetCurrentThread();
    r = WaitForMultipleObjects(2, h, FALSE, 10);
    printf("own process/thread: %lu\n", r);

    /* SignalObjectAndWait: signal e1 (the peer waits for it), wait for e2. */
    ResetEvent(e1);
    ResetEvent(e2);
    th = CreateThread(NULL, 0, signal_and_wait_peer, NULL, 0, NULL);
    r = SignalObjectAndWait(e1, e2, 5000, FALSE);
    printf("SignalObjectAndWait: %lu\n", r);
    WaitForSingleObject(th, INFINITE);
    GetExitCodeThread(th, &r);
    printf("peer saw: %lu\n", r);
    CloseHandle(th);
    HANDLE mx = CreateMutexA(NULL, TRUE, NULL);
    r = SignalObjectAndWait(mx, e2, 0, FALSE);
    printf("release mutex and wait: %lu\n", r);
    SetLastError(0xdeadbeef);
    r = SignalObjectAndWait(mx, e2, 0, FALSE);
    err = GetLastError();
    printf("mutex not owned: %lx err=%lu\n", r, err);
    HANDLE sm = CreateSemaphoreA(NULL, 1, 1, NULL);
    SetLastError(0xdeadbeef);
    r = SignalObjectAndWait(sm, e2, 0, FALSE);
    err = GetLastError();
    printf("semaphore full: %lx err=%lu\n", r, err);
    SetLastError(0xdeadbeef);
    r = SignalObjectAndWait(e1, (HANDLE)0xbad0, 0, FALSE);
    err = GetLastError();
    printf("bad wait handle: %lx err=%lu\n", r, err);
    CloseHandle(mx);
    CloseHandle(sm);

    /* Waitable timers. */
    HANDLE t = CreateWaitableTimerA(NULL, FALSE, NULL);
    r = WaitForSingleObject(t, 0);
    printf("timer unset: %lu\n", r);
    LARGE_INTEGER due;
    due.QuadPart = -1000000;   /* 100 ms, relative */
    BOOL ok = SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
    r = WaitForSingleObject(t, 0);
    printf("set: %d, at once: %lu\n", ok, r);
    t0 = GetTickCount();
    r = WaitForSingleObject(t, 2000);
    DWORD dt = GetTickCount() - t0;
    printf("fired: %lu after >=50ms %d\n", r, dt >= 50);
    r = WaitForSingleObject(t, 200);
    printf("one-shot, auto: %lu\n", r);
    due.QuadPart = -200000;    /* 20 ms, then every 30 ms */
    SetWaitableTimer(t, &due, 30, NULL, NULL, FALSE);
    int fired = 0;
    for (int i = 0; i < 4; i++)
        if (WaitForSingleObject(t, 2000) == WAIT_OBJECT_0)
            fired++;
    printf("periodic fired %d times\n", fired);
    ok = CancelWaitableTimer(t);
    Sleep(100);
    r = WaitForSingleObject(t, 0);
    printf("cancelled: %d, %lu\n", ok, r);
    CloseHandle(t);
    t = CreateWaitableTimerW(NULL, TRUE, NULL);
    due.QuadPart = -1;
    SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
    Sleep(10);
    r = WaitForSingleObject(t, 0);
    printf("manual timer: %lu", r);
    r = WaitForSingleObject(t, 0);
    printf(" %lu\n", r);
    SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
    CancelWaitableTimer(t);
    r = WaitForSingleObject(t, 0);
    printf("reset by SetWaitableTimer: %lu\n", r);
    /* Absolute due time in the past: fires at once. */
    due.QuadPart = 1;
    SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
    r = WaitForSingleObject(t, 1000);
    printf("absolute, past: %lu\n", r);
    h[0] = e1;
    h[1] = t;
    ResetEvent(e1);
    due.QuadPart = -500000;
    SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
    r = WaitForMultipleObjects(2, h, FALSE, 3000);
    printf("timer among events: %lu\n", r);
    SetLastError(0xdeadbeef);
    ok = SetWaitableTimer(t, &due, -1, NULL, NULL, FALSE);
    err = GetLastError();
    printf("negative period: %d err=%lu\n", ok, err);
    CloseHandle(t);

    /* Completion routines run as APCs of the thread that set the timer. */
    t = CreateWaitableTimerA(NULL, FALSE, NULL);
    due.QuadPart = -200000;
    ok = SetWaitableTimer(t, &due, 0, timer_routine, (void *)&timer_calls, FALSE);
    Sleep(100);
    printf("routine set: %d, not alertable yet: calls=%ld\n", ok, timer_calls);
    r = SleepEx(1000, TRUE);
    /* (The time passed is not checked: Wine passes another value than the
     * UTC time of the expiry that Windows documents.) */
    printf("SleepEx: %lu calls=%ld arg ok %ld\n", r, timer_calls, timer_arg_ok);
    r = WaitForSingleObject(t, 0);
    printf("the timer is signalled too: %lu\n", r);
    timer_calls = 0;
    SetWaitableTimer(t, &due, 20, timer_routine, (void *)&timer_calls, FALSE);
    int apcs = 0;
    for (int i = 0; i < 3; i++)
        if (SleepEx(2000, TRUE) == WAIT_IO_COMPLETION)
            apcs++;
    CancelWaitableTimer(t);
    LONG after3 = timer_calls;
    SleepEx(0, TRUE);   /* one may have been queued meanwhile */
    timer_calls = 0;
    r = SleepEx(100, TRUE);
    printf("periodic: 3 alertable sleeps ended by it %d (calls %d), after cancel: %lu calls=%ld\n", apcs,
           after3 >= 3, r, timer_calls);
    CloseHandle(t);

    /* APCs. */
    r = SleepEx(0, TRUE);
    printf("SleepEx nothing queued: %lu\n", r);
    QueueUserAPC(apc, GetCurrentThread(), 5);
    QueueUserAPC(apc, GetCurrentThread(), 7);
    r = WaitForSingleObject(e1, 0);
    printf("not alertable: %lu calls=%ld\n", r, apc_calls);
    r = SleepEx(1000, TRUE);
    printf("SleepEx: %lu calls=%ld sum=%ld\n", r, apc_calls, apc_sum);
    QueueUserAPC(apc, GetCurrentThread(), 100);
    r = WaitForSingleObjectEx(e1, 1000, TRUE);
    printf("WaitForSingleObjectEx: %lu calls=%ld sum=%ld\n", r, apc_calls, apc_sum);
    SetEvent(e1);
    QueueUserAPC(apc, GetCurrentThread(), 1000);
    r = WaitForSingleObjectEx(e1, 1000, TRUE);
    printf("signalled object first: %lu calls=%ld\n", r, apc_calls);
    r = SleepEx(0, TRUE);
    printf("then the APC: %lu calls=%ld sum=%ld\n", r, apc_calls, apc_sum);
    th = CreateThread(NULL, 0, alertable_sleeper, NULL, 0, NULL);
    WaitForSingleObject(ready, INFINITE);
    Sleep(50);
    DWORD qr = QueueUserAPC(apc, th, 10000);
    WaitForSingleObject(th, 5000);
    GetExitCodeThread(th, &r);
    printf("APC to a sleeping thread: queued %d, SleepEx returned %lu, sum=%ld\n", qr != 0, r, apc_sum);
    CloseHandle(th);
    SetLastError(0xdeadbeef);
    qr = QueueUserAPC(apc, (HANDLE)0xbad0, 1);
    err = GetLastError();
    printf("QueueUserAPC(bad): %lu err=%lu\n", qr, err);
    return 0;
}
