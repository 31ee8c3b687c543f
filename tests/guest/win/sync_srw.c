/* sync_srw.c - SRW locks: readers share, writers exclude everyone (checked
 * with counters of who is inside), totals exact under contention, the
 * try-acquire forms in every state, and the lock being one pointer in the
 * program's memory (zero when free). */
#include <windows.h>
#include <stdio.h>

static SRWLOCK lock = SRWLOCK_INIT;
static volatile LONG readers_in, writers_in, max_readers, violations;
static long long data[4];
static volatile LONG reads_done;

static DWORD WINAPI reader(void *p)
{
    for (int i = 0; i < 3000; i++) {
        AcquireSRWLockShared(&lock);
        LONG n = InterlockedIncrement(&readers_in);
        LONG m;
        while ((m = max_readers) < n && InterlockedCompareExchange(&max_readers, n, m) != m)
            ;
        if (writers_in)
            InterlockedIncrement(&violations);
        /* A consistent snapshot: writers keep all four equal. */
        if (data[0] != data[1] || data[1] != data[2] || data[2] != data[3])
            InterlockedIncrement(&violations);
        if (i % 256 == 0)
            Sleep(0);
        InterlockedDecrement(&readers_in);
        ReleaseSRWLockShared(&lock);
        InterlockedIncrement(&reads_done);
    }
    return 0;
}

static DWORD WINAPI writer(void *p)
{
    for (int i = 0; i < 2000; i++) {
        AcquireSRWLockExclusive(&lock);
        if (InterlockedIncrement(&writers_in) != 1 || readers_in)
            InterlockedIncrement(&violations);
        for (int k = 0; k < 4; k++)
            data[k]++;
        InterlockedDecrement(&writers_in);
        ReleaseSRWLockExclusive(&lock);
    }
    return 0;
}

static DWORD WINAPI try_both(void *p)
{
    DWORD r = 0;
    if (TryAcquireSRWLockShared(&lock)) {
        r |= 1;
        ReleaseSRWLockShared(&lock);
    }
    if (TryAcquireSRWLockExclusive(&lock)) {
        r |= 2;
        ReleaseSRWLockExclusive(&lock);
    }
    return r;
}

static DWORD run_try(void)
{
    DWORD r;
    HANDLE h = CreateThread(NULL, 0, try_both, NULL, 0, NULL);
    WaitForSingleObject(h, 5000);
    GetExitCodeThread(h, &r);
    CloseHandle(h);
    return r;
}

static SRWLOCK slow = SRWLOCK_INIT;
static volatile LONG order[8], order_n;

static DWORD WINAPI blocked_writer(void *p)
{
    AcquireSRWLockExclusive(&slow);
    order[InterlockedIncrement(&order_n) - 1] = (LONG)(INT_PTR)p;
    ReleaseSRWLockExclusive(&slow);
    return 0;
}

int main(void)
{
    HANDLE th[6];
    printf("sizeof(SRWLOCK)=%u initial=%p\n", (unsigned)sizeof(SRWLOCK), lock.Ptr);
    for (int i = 0; i < 4; i++)
        th[i] = CreateThread(NULL, 0, reader, NULL, 0, NULL);
    for (int i = 4; i < 6; i++)
        th[i] = CreateThread(NULL, 0, writer, NULL, 0, NULL);
    DWORD r = WaitForMultipleObjects(6, th, TRUE, 60000);
    printf("wait=%lu data=%lld,%lld,%lld,%lld reads=%ld violations=%ld\n", r, data[0], data[1], data[2], data[3],
           reads_done, violations);
    printf("readers overlapped: %d\n", max_readers >= 1);
    for (int i = 0; i < 6; i++)
        CloseHandle(th[i]);
    printf("free again: %p\n", lock.Ptr);

    /* Try-acquire from another thread in each state (1 shared ok, 2 exclusive ok). */
    printf("free: %lu\n", run_try());
    AcquireSRWLockShared(&lock);
    printf("shared held: %lu\n", run_try());
    AcquireSRWLockShared(&lock);   /* a second shared owner (this thread) */
    ReleaseSRWLockShared(&lock);
    ReleaseSRWLockShared(&lock);
    AcquireSRWLockExclusive(&lock);
    printf("exclusive held: %lu nonzero word %d\n", run_try(), lock.Ptr != NULL);
    BOOLEAN t1 = TryAcquireSRWLockExclusive(&lock), t2 = TryAcquireSRWLockShared(&lock);
    printf("owner tries again: %d %d\n", t1, t2);
    ReleaseSRWLockExclusive(&lock);
    printf("released: %lu\n", run_try());
    t1 = TryAcquireSRWLockShared(&lock);
    t2 = TryAcquireSRWLockShared(&lock);
    printf("two shared tries: %d %d, exclusive try: %d\n", t1, t2, TryAcquireSRWLockExclusive(&lock));
    ReleaseSRWLockShared(&lock);
    ReleaseSRWLockShared(&lock);
    t1 = TryAcquireSRWLockExclusive(&lock);
    printf("exclusive try when free: %d\n", t1);
    ReleaseSRWLockExclusive(&lock);

    /* Writers blocked behind a shared owner all get through once it leaves. */
    InitializeSRWLock(&slow);
    AcquireSRWLockShared(&slow);
    for (int i = 0; i < 3; i++)
        th[i] = CreateThread(NULL, 0, blocked_writer, (void *)(INT_PTR)(i + 1), 0, NULL);
    Sleep(100);
    printf("writers while shared-held: %ld\n", order_n);
    ReleaseSRWLockShared(&slow);
    r = WaitForMultipleObjects(3, th, TRUE, 10000);
    printf("after release: wait=%lu writers=%ld sum=%ld\n", r, order_n, order[0] + order[1] + order[2]);
    for (int i = 0; i < 3; i++)
        CloseHandle(th[i]);
    return 0;
}
