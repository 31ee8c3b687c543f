/* sync_condvar.c - condition variables with critical sections and SRW
 * locks: a producer/consumer queue with counted results, WakeAll releasing
 * every sleeper, timeouts (FALSE + ERROR_TIMEOUT, the lock held again), and
 * critical-section details programs look at (recursion, TryEnter from
 * another thread, OwningThread, DebugInfo after Delete). */
#include <windows.h>
#include <stdio.h>

#define QN 16
static CRITICAL_SECTION cs;
static CONDITION_VARIABLE not_empty = CONDITION_VARIABLE_INIT, not_full;
static int q[QN], qh, qt, qn;
static int done_producers;
static long long total;
static int count;

static DWORD WINAPI producer(void *p)
{
    int base = (int)(INT_PTR)p;
    for (int i = 1; i <= 1000; i++) {
        EnterCriticalSection(&cs);
        while (qn == QN)
            SleepConditionVariableCS(&not_full, &cs, INFINITE);
        q[qt] = base + i;
        qt = (qt + 1) % QN;
        qn++;
        WakeConditionVariable(&not_empty);
        LeaveCriticalSection(&cs);
    }
    EnterCriticalSection(&cs);
    done_producers++;
    WakeAllConditionVariable(&not_empty);
    LeaveCriticalSection(&cs);
    return 0;
}

static DWORD WINAPI consumer(void *p)
{
    int mine = 0;
    for (;;) {
        EnterCriticalSection(&cs);
        while (qn == 0 && done_producers < 3)
            SleepConditionVariableCS(&not_empty, &cs, INFINITE);
        if (qn == 0) {
            LeaveCriticalSection(&cs);
            break;
        }
        int v = q[qh];
        qh = (qh + 1) % QN;
        qn--;
        total += v;
        count++;
        mine++;
        WakeConditionVariable(&not_full);
        LeaveCriticalSection(&cs);
    }
    return mine;
}

static SRWLOCK srw = SRWLOCK_INIT;
static CONDITION_VARIABLE gate = CONDITION_VARIABLE_INIT;
static int open_gate, through;

static DWORD WINAPI gate_waiter(void *p)
{
    AcquireSRWLockExclusive(&srw);
    while (!open_gate)
        SleepConditionVariableSRW(&gate, &srw, INFINITE, 0);
    through++;
    ReleaseSRWLockExclusive(&srw);
    return 0;
}

static DWORD WINAPI shared_gate_waiter(void *p)
{
    AcquireSRWLockShared(&srw);
    while (!open_gate)
        SleepConditionVariableSRW(&gate, &srw, INFINITE, CONDITION_VARIABLE_LOCKMODE_SHARED);
    InterlockedIncrement((LONG *)&through);
    ReleaseSRWLockShared(&srw);
    return 0;
}

static DWORD WINAPI try_enter(void *p)
{
    BOOL ok = TryEnterCriticalSection(&cs);
    if (ok)
        LeaveCriticalSection(&cs);
    return ok;
}

int main(void)
{
    HANDLE th[6];
    DWORD r, err;
    BOOL ok;

    InitializeCriticalSection(&cs);
    InitializeConditionVariable(&not_full);
    for (int i = 0; i < 3; i++)
        th[i] = CreateThread(NULL, 0, producer, (void *)(INT_PTR)(i * 10000), 0, NULL);
    for (int i = 3; i < 6; i++)
        th[i] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    r = WaitForMultipleObjects(6, th, TRUE, 60000);
    int sum_mine = 0;
    for (int i = 3; i < 6; i++) {
        GetExitCodeThread(th[i], &err);
        sum_mine += (int)err;
    }
    printf("queue: wait=%lu items=%d by consumers=%d total=%lld (expected %lld)\n", r, count, sum_mine, total,
           3LL * 500500 + 1000LL * (0 + 10000 + 20000));
    for (int i = 0; i < 6; i++)
        CloseHandle(th[i]);

    /* Timeouts: FALSE, ERROR_TIMEOUT, and the lock is ours again. */
    EnterCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    DWORD t0 = GetTickCount();
    ok = SleepConditionVariableCS(&not_empty, &cs, 100);
    err = GetLastError();
    DWORD dt = GetTickCount() - t0;
    printf("CS timeout: %d err=%lu waited>=50 %d\n", ok, err, dt >= 50);
    th[0] = CreateThread(NULL, 0, try_enter, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    GetExitCodeThread(th[0], &r);
    printf("held again after timeout (other thread's TryEnter): %lu\n", r);
    CloseHandle(th[0]);
    SetLastError(0xdeadbeef);
    ok = SleepConditionVariableCS(&not_empty, &cs, 0);
    err = GetLastError();
    printf("CS timeout 0: %d err=%lu\n", ok, err);
    /* Recursion and the fields programs read. */
    EnterCriticalSection(&cs);
    printf("recursion %ld owner is me %d\n", cs.RecursionCount,
           (DWORD)(ULONG_PTR)cs.OwningThread == GetCurrentThreadId());
    ok = TryEnterCriticalSection(&cs);
    printf("TryEnter by owner: %d recursion %ld\n", ok, cs.RecursionCount);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    printf("released: owner %p recursion %ld\n", cs.OwningThread, cs.RecursionCount);
    th[0] = CreateThread(NULL, 0, try_enter, NULL, 0, NULL);
    WaitForSingleObject(th[0], 5000);
    GetExitCodeThread(th[0], &r);
    printf("other thread's TryEnter when free: %lu\n", r);
    CloseHandle(th[0]);
    printf("DebugInfo set: %d\n", cs.DebugInfo != NULL);
    DeleteCriticalSection(&cs);
    printf("after Delete: DebugInfo %p\n", cs.DebugInfo);
    ok = InitializeCriticalSectionAndSpinCount(&cs, 4000);
    printf("with spin count: %d\n", ok);
    EnterCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    InitializeCriticalSectionEx(&cs, 100, CRITICAL_SECTION_NO_DEBUG_INFO);
    EnterCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);

    /* SRW: WakeAll opens the gate for every sleeper, exclusive and shared. */
    for (int i = 0; i < 3; i++)
        th[i] = CreateThread(NULL, 0, gate_waiter, NULL, 0, NULL);
    for (int i = 3; i < 5; i++)
        th[i] = CreateThread(NULL, 0, shared_gate_waiter, NULL, 0, NULL);
    Sleep(100);
    AcquireSRWLockExclusive(&srw);
    printf("before: through=%d\n", through);
    open_gate = 1;
    WakeAllConditionVariable(&gate);
    ReleaseSRWLockExclusive(&srw);
    r = WaitForMultipleObjects(5, th, TRUE, 10000);
    printf("after WakeAll: wait=%lu through=%d\n", r, through);
    for (int i = 0; i < 5; i++)
        CloseHandle(th[i]);

    AcquireSRWLockExclusive(&srw);
    SetLastError(0xdeadbeef);
    ok = SleepConditionVariableSRW(&gate, &srw, 50, 0);
    err = GetLastError();
    printf("SRW timeout: %d err=%lu\n", ok, err);
    printf("held again: TryAcquire from owner fails %d\n", TryAcquireSRWLockExclusive(&srw) == 0);
    ReleaseSRWLockExclusive(&srw);
    AcquireSRWLockShared(&srw);
    SetLastError(0xdeadbeef);
    ok = SleepConditionVariableSRW(&gate, &srw, 20, CONDITION_VARIABLE_LOCKMODE_SHARED);
    err = GetLastError();
    printf("SRW shared timeout: %d err=%lu, shared again %d\n", ok, err, TryAcquireSRWLockShared(&srw));
    ReleaseSRWLockShared(&srw);
    ReleaseSRWLockShared(&srw);
    printf("free at the end: %d\n", TryAcquireSRWLockExclusive(&srw));
    ReleaseSRWLockExclusive(&srw);
    /* Waking with nobody asleep is harmless. */
    WakeConditionVariable(&gate);
    WakeAllConditionVariable(&gate);
    printf("done\n");
    return 0;
}
