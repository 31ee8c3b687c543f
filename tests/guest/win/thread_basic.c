/* thread_basic.c - CreateThread and friends: threads computing sums and
 * returning exit codes, waiting on thread handles, GetExitCodeThread
 * (STILL_ACTIVE), ids matching GetThreadId/GetCurrentThreadId/the TEB,
 * CREATE_SUSPENDED + ResumeThread/SuspendThread counts, ExitThread,
 * TerminateThread, OpenThread, priorities, pseudo handles and the errors
 * of invalid handles. */
// exit: 3
#include <windows.h>
#include <stdio.h>

static volatile LONG ran;
static DWORD seen_tid[8];
static HANDLE go;

static DWORD WINAPI sum_thread(void *p)
{
    int n = (int)(INT_PTR)p;
    long long s = 0;
    for (int i = 1; i <= n; i++)
        s += i;
    InterlockedIncrement(&ran);
    return (DWORD)(s % 100000);
}

static DWORD WINAPI id_thread(void *p)
{
    int slot = (int)(INT_PTR)p;
    seen_tid[slot] = GetCurrentThreadId();
    /* The TEB's ClientId.UniqueThread (gs:[0x48]) holds the same id. */
    DWORD teb_tid = (DWORD)*(ULONG_PTR *)((char *)NtCurrentTeb() + 0x48);
    return teb_tid == seen_tid[slot] ? 1 : 0;
}

static DWORD WINAPI wait_go(void *p)
{
    WaitForSingleObject(go, INFINITE);
    return 77;
}

static DWORD WINAPI exit_early(void *p)
{
    ExitThread(1234);
    return 1;   /* not reached */
}

static DWORD WINAPI spin_forever(void *p)
{
    for (;;)
        Sleep(10);
    return 0;
}

static ULONGLONG ft(FILETIME f)
{
    return ((ULONGLONG)f.dwHighDateTime << 32) | f.dwLowDateTime;
}

/* Burn 50 ms of CPU time, measured by GetThreadTimes on itself. */
static DWORD WINAPI burn(void *p)
{
    FILETIME c, e, k, u;
    DWORD t0 = GetTickCount();
    volatile unsigned x = 0;
    do {
        for (int i = 0; i < 100000; i++)
            x += i;
        GetThreadTimes(GetCurrentThread(), &c, &e, &k, &u);
    } while (ft(u) + ft(k) < 500000 && GetTickCount() - t0 < 5000);
    /* bit 0: a running thread has no exit time; bit 1: its CPU time grew */
    return (ft(e) == 0) | (ft(u) + ft(k) >= 500000) << 1;
}

static DWORD WINAPI wait_ev(void *p)
{
    WaitForSingleObject((HANDLE)p, INFINITE);
    return 1;
}

static volatile LONG counter;
static DWORD WINAPI count_up(void *p)
{
    for (;;) {
        InterlockedIncrement(&counter);
        Sleep(1);
    }
    return 0;
}

int main(void)
{
    HANDLE h[4];
    DWORD tid[4], code, err, w;
    BOOL ok;

    /* Four threads computing, joined one by one. */
    for (int i = 0; i < 4; i++) {
        h[i] = CreateThread(NULL, 0, sum_thread, (void *)(INT_PTR)(1000 * (i + 1)), 0, &tid[i]);
        if (!h[i])
            printf("CreateThread failed %lu\n", GetLastError());
    }
    for (int i = 0; i < 4; i++) {
        DWORD w = WaitForSingleObject(h[i], 5000);
        ok = GetExitCodeThread(h[i], &code);
        printf("thread %d: wait=%lu ok=%d code=%lu id_match=%d\n", i, w, ok, code, GetThreadId(h[i]) == tid[i]);
        CloseHandle(h[i]);
    }
    printf("ran=%ld\n", ran);

    /* Ids: what the thread sees, what CreateThread said, what the TEB says. */
    for (int i = 0; i < 3; i++) {
        h[i] = CreateThread(NULL, 0, id_thread, (void *)(INT_PTR)i, 0, &tid[i]);
    }
    WaitForMultipleObjects(3, h, TRUE, 5000);
    for (int i = 0; i < 3; i++) {
        GetExitCodeThread(h[i], &code);
        printf("ids %d: self==created %d, teb matches %lu, differs from main %d\n", i, seen_tid[i] == tid[i], code,
               tid[i] != GetCurrentThreadId());
        CloseHandle(h[i]);
    }
    printf("distinct ids: %d\n", tid[0] != tid[1] && tid[1] != tid[2] && tid[0] != tid[2]);

    /* STILL_ACTIVE while running, then the code. */
    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    h[0] = CreateThread(NULL, 0, wait_go, NULL, 0, NULL);
    GetExitCodeThread(h[0], &code);
    w = WaitForSingleObject(h[0], 0);
    printf("running: code=%lu (STILL_ACTIVE=%u) wait0=%lu\n", code, STILL_ACTIVE, w);
    SetEvent(go);
    printf("after go: wait=%lu\n", WaitForSingleObject(h[0], 5000));
    GetExitCodeThread(h[0], &code);
    printf("exit code %lu\n", code);
    CloseHandle(h[0]);

    /* CREATE_SUSPENDED: nothing runs until the count drops to 0. */
    ran = 0;
    h[0] = CreateThread(NULL, 0, sum_thread, (void *)(INT_PTR)10, CREATE_SUSPENDED, &tid[0]);
    Sleep(50);
    w = WaitForSingleObject(h[0], 0);
    printf("suspended: ran=%ld wait=%lu\n", ran, w);
    printf("SuspendThread -> %lu\n", SuspendThread(h[0]));
    printf("ResumeThread -> %lu\n", ResumeThread(h[0]));
    Sleep(20);
    printf("still suspended: ran=%ld\n", ran);
    printf("ResumeThread -> %lu\n", ResumeThread(h[0]));
    w = WaitForSingleObject(h[0], 5000);
    printf("wait=%lu ran=%ld\n", w, ran);
    printf("ResumeThread on finished -> %lu\n", ResumeThread(h[0]));
    GetExitCodeThread(h[0], &code);
    printf("code=%lu\n", code);
    CloseHandle(h[0]);

    /* SuspendThread on a running thread stops it. */
    counter = 0;
    h[0] = CreateThread(NULL, 0, count_up, NULL, 0, NULL);
    while (counter < 5)
        Sleep(1);
    printf("suspend running -> %lu\n", SuspendThread(h[0]));
    Sleep(20);   /* let a pending increment land */
    LONG c1 = counter;
    Sleep(100);
    printf("frozen: %d\n", counter == c1);
    printf("resume -> %lu\n", ResumeThread(h[0]));
    Sleep(100);
    printf("moving again: %d\n", counter > c1);
    SetLastError(0xdeadbeef);
    printf("TerminateThread: %d\n", TerminateThread(h[0], 99));
    printf("terminated wait=%lu\n", WaitForSingleObject(h[0], 5000));
    GetExitCodeThread(h[0], &code);
    printf("terminated code=%lu\n", code);
    CloseHandle(h[0]);

    /* ExitThread. */
    h[0] = CreateThread(NULL, 0, exit_early, NULL, 0, NULL);
    WaitForSingleObject(h[0], 5000);
    GetExitCodeThread(h[0], &code);
    printf("ExitThread code=%lu\n", code);
    CloseHandle(h[0]);

    /* TerminateThread of a sleeping thread. */
    h[0] = CreateThread(NULL, 0, spin_forever, NULL, 0, &tid[0]);
    Sleep(30);
    printf("terminate sleeper: %d\n", TerminateThread(h[0], 5));
    printf("wait=%lu\n", WaitForSingleObject(h[0], 5000));
    GetExitCodeThread(h[0], &code);
    printf("code=%lu\n", code);
    CloseHandle(h[0]);

    /* A suspended waiter takes nothing; resumed it waits again; terminated
     * in its wait, it ends with the code given. */
    HANDLE aev = CreateEventA(NULL, FALSE, FALSE, NULL);
    h[0] = CreateThread(NULL, 0, wait_ev, aev, 0, NULL);
    Sleep(50);
    printf("suspend waiter -> %lu\n", SuspendThread(h[0]));
    Sleep(50);
    SetEvent(aev);
    Sleep(50);
    w = WaitForSingleObject(aev, 0);
    printf("event still for us: %lu\n", w);
    printf("resume waiter -> %lu\n", ResumeThread(h[0]));
    Sleep(50);
    w = WaitForSingleObject(h[0], 0);
    printf("still waiting: %lu\n", w);
    ok = TerminateThread(h[0], 9);
    w = WaitForSingleObject(h[0], 5000);
    GetExitCodeThread(h[0], &code);
    printf("terminated in its wait: %d wait=%lu code=%lu\n", ok, w, code);
    CloseHandle(h[0]);
    CloseHandle(aev);

    /* OpenThread by id, and for ids that are not threads. */
    h[0] = CreateThread(NULL, 0, wait_go, NULL, 0, &tid[0]);
    HANDLE o = OpenThread(THREAD_ALL_ACCESS, FALSE, tid[0]);
    printf("OpenThread: %d same id %d\n", o != NULL, GetThreadId(o) == tid[0]);
    printf("wait via opened handle=%lu\n", WaitForSingleObject(o, 5000));
    CloseHandle(o);
    CloseHandle(h[0]);
    SetLastError(0xdeadbeef);
    o = OpenThread(THREAD_ALL_ACCESS, FALSE, 0);
    err = GetLastError();
    printf("OpenThread(0): %p err=%lu\n", o, err);

    /* Pseudo handles and the current thread. */
    printf("GetCurrentThread=%p GetCurrentProcess=%p\n", GetCurrentThread(), GetCurrentProcess());
    printf("GetThreadId(pseudo)==GetCurrentThreadId: %d\n", GetThreadId(GetCurrentThread()) == GetCurrentThreadId());
    ok = GetExitCodeThread(GetCurrentThread(), &code);
    printf("GetExitCodeThread(self): %d %lu\n", ok, code);
    printf("wait on self, 0 ms: %lu\n", WaitForSingleObject(GetCurrentThread(), 0));
    printf("GetCurrentProcessId==GetProcessIdOfThread: %d\n",
           GetCurrentProcessId() == GetProcessIdOfThread(GetCurrentThread()));

    /* Priorities. */
    printf("priority %d\n", GetThreadPriority(GetCurrentThread()));
    ok = SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_HIGHEST);
    printf("set 2: %d -> %d\n", ok, GetThreadPriority(GetCurrentThread()));
    ok = SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_TIME_CRITICAL);
    printf("set 15: %d -> %d\n", ok, GetThreadPriority(GetCurrentThread()));
    SetLastError(0xdeadbeef);
    ok = SetThreadPriority(GetCurrentThread(), 7);
    err = GetLastError();
    printf("set 7: %d err=%lu -> %d\n", ok, err, GetThreadPriority(GetCurrentThread()));
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_NORMAL);

    /* Invalid handles. */
    SetLastError(0xdeadbeef);
    ok = GetExitCodeThread((HANDLE)0x1230, &code);
    printf("GetExitCodeThread(bad): %d err=%lu\n", ok, GetLastError());
    SetLastError(0xdeadbeef);
    DWORD r = ResumeThread((HANDLE)0x1230);
    printf("ResumeThread(bad): %ld err=%lu\n", (long)r, GetLastError());
    SetLastError(0xdeadbeef);
    r = GetThreadId(NULL);
    printf("GetThreadId(NULL): %lu err=%lu\n", r, GetLastError());
    SetLastError(0xdeadbeef);
    int pr = GetThreadPriority((HANDLE)0x1230);
    printf("GetThreadPriority(bad): %d err=%lu\n", pr, GetLastError());
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok = GetExitCodeThread(ev, &code);
    printf("GetExitCodeThread(event): %d err=%lu\n", ok, GetLastError());
    CloseHandle(ev);
    CloseHandle(go);

    /* Thread and process times. */
    FILETIME now_ft, c, e, k, u;
    GetSystemTimeAsFileTime(&now_ft);
    h[0] = CreateThread(NULL, 0, burn, NULL, 0, NULL);
    WaitForSingleObject(h[0], 10000);
    GetExitCodeThread(h[0], &code);
    ok = GetThreadTimes(h[0], &c, &e, &k, &u);
    printf("GetThreadTimes: %d running: no exit time %lu, cpu >= 50ms %lu; created after start %d, "
           "ended after created %d\n", ok, code & 1, code >> 1, ft(c) + 10000000 >= ft(now_ft), ft(e) >= ft(c));
    CloseHandle(h[0]);
    FILETIME pc, pe, pk, pu;
    ok = GetProcessTimes(GetCurrentProcess(), &pc, &pe, &pk, &pu);
    printf("GetProcessTimes: %d created before %d no exit %d cpu >= the thread's %d\n", ok, ft(pc) <= ft(c),
           ft(pe) == 0, ft(pu) + ft(pk) + 200000 >= ft(u) + ft(k));
    ULONG_PTR lo, hi;
    GetCurrentThreadStackLimits(&lo, &hi);
    printf("stack limits hold a local: %d\n", lo < (ULONG_PTR)&lo && (ULONG_PTR)&lo < hi);
    return 3;
}
