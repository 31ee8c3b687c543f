/* interlocked_counters.c - four threads hammering counters with the
 * Interlocked intrinsics (exact totals), a plain counter under a critical
 * section for comparison, and kernel32's interlocked singly linked lists
 * (SList): push/pop/flush from several threads with every entry accounted
 * for, QueryDepthSList, and the header's documented 16-byte layout. */
#include <windows.h>
#include <stdio.h>
#include <malloc.h>

#define THREADS 4
#define ROUNDS 100000

static volatile LONG inc, dec_, add;
static volatile LONG64 add64;
static volatile LONG cas_counter;
static volatile LONG xchg_token;
static long plain;
static CRITICAL_SECTION cs;
static HANDLE start;

static DWORD WINAPI hammer(void *p)
{
    WaitForSingleObject(start, INFINITE);
    for (int i = 0; i < ROUNDS; i++) {
        InterlockedIncrement(&inc);
        InterlockedDecrement(&dec_);
        InterlockedExchangeAdd(&add, 3);
        InterlockedExchangeAdd64(&add64, 0x100000000LL);
        LONG old;
        do
            old = cas_counter;
        while (InterlockedCompareExchange(&cas_counter, old + 2, old) != old);
        if (i % 8 == 0) {
            EnterCriticalSection(&cs);
            plain++;
            LeaveCriticalSection(&cs);
        }
    }
    return 0;
}

typedef struct item {
    SLIST_ENTRY entry;   /* first, 16-aligned */
    int value;
} ITEM;

static SLIST_HEADER list;
static volatile LONG popped_sum, popped_n;

static DWORD WINAPI slist_worker(void *p)
{
    int base = (int)(INT_PTR)p;
    WaitForSingleObject(start, INFINITE);
    for (int i = 0; i < 2000; i++) {
        ITEM *it = _aligned_malloc(sizeof *it, MEMORY_ALLOCATION_ALIGNMENT);
        it->value = base + i;
        InterlockedPushEntrySList(&list, &it->entry);
        if (i % 2) {
            ITEM *got = (ITEM *)InterlockedPopEntrySList(&list);
            if (got) {
                InterlockedExchangeAdd(&popped_sum, got->value);
                InterlockedIncrement(&popped_n);
                _aligned_free(got);
            }
        }
    }
    return 0;
}

int main(void)
{
    HANDLE th[THREADS];
    InitializeCriticalSection(&cs);
    start = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (int i = 0; i < THREADS; i++)
        th[i] = CreateThread(NULL, 0, hammer, NULL, 0, NULL);
    SetEvent(start);
    DWORD r = WaitForMultipleObjects(THREADS, th, TRUE, 60000);
    printf("wait=%lu\n", r);
    printf("inc=%ld dec=%ld add=%ld add64=%lld cas=%ld plain=%ld\n", inc, dec_, add, add64 >> 32, cas_counter,
           plain);
    for (int i = 0; i < THREADS; i++)
        CloseHandle(th[i]);
    LONG prev = InterlockedExchange(&xchg_token, 5);
    LONG prev2 = InterlockedCompareExchange(&xchg_token, 9, 4);
    LONG prev3 = InterlockedCompareExchange(&xchg_token, 9, 5);
    printf("exchange: %ld, failed cas saw %ld, cas saw %ld, now %ld\n", prev, prev2, prev3, xchg_token);

    /* SList. */
    printf("sizeof(SLIST_HEADER)=%u\n", (unsigned)sizeof(SLIST_HEADER));
    InitializeSListHead(&list);
    printf("empty: depth=%u pop=%p flush=%p\n", QueryDepthSList(&list), InterlockedPopEntrySList(&list),
           InterlockedFlushSList(&list));
    ITEM *a = _aligned_malloc(sizeof *a, 16), *b = _aligned_malloc(sizeof *b, 16);
    a->value = 1;
    b->value = 2;
    PSLIST_ENTRY prevfirst = InterlockedPushEntrySList(&list, &a->entry);
    printf("push a: previous first %p depth %u\n", prevfirst, QueryDepthSList(&list));
    prevfirst = InterlockedPushEntrySList(&list, &b->entry);
    printf("push b: previous first is a %d depth %u\n", prevfirst == &a->entry, QueryDepthSList(&list));
    ITEM *got = (ITEM *)InterlockedPopEntrySList(&list);
    printf("pop: %d depth %u\n", got->value, QueryDepthSList(&list));
    InterlockedPushEntrySList(&list, &b->entry);
    PSLIST_ENTRY all = InterlockedFlushSList(&list);
    int n = 0, sum = 0;
    for (PSLIST_ENTRY e = all; e; e = e->Next) {
        n++;
        sum += ((ITEM *)e)->value;
    }
    printf("flush: %d entries sum %d, depth now %u\n", n, sum, QueryDepthSList(&list));
    _aligned_free(a);
    _aligned_free(b);

    ResetEvent(start);
    for (int i = 0; i < THREADS; i++)
        th[i] = CreateThread(NULL, 0, slist_worker, (void *)(INT_PTR)(i * 100000), 0, NULL);
    SetEvent(start);
    r = WaitForMultipleObjects(THREADS, th, TRUE, 60000);
    int left = QueryDepthSList(&list);
    long long left_sum = 0;
    int counted = 0;
    for (PSLIST_ENTRY e = InterlockedFlushSList(&list); e;) {
        PSLIST_ENTRY next = e->Next;
        left_sum += ((ITEM *)e)->value;
        counted++;
        _aligned_free(e);
        e = next;
    }
    long long expected = 0;
    for (int t = 0; t < THREADS; t++)
        for (int i = 0; i < 2000; i++)
            expected += t * 100000 + i;
    printf("slist threads: wait=%lu popped=%ld left=%d (walked %d) total ok %d\n", r, popped_n, left, counted,
           popped_sum + left_sum == expected);
    for (int i = 0; i < THREADS; i++)
        CloseHandle(th[i]);
    return 0;
}
