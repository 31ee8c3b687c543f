/*
 * kernel32/interlocked.c - the Interlocked functions kernel32 exports and
 * the interlocked singly linked lists (SList).
 *
 * The plain Interlocked* (Increment, CompareExchange ...) are compiler
 * intrinsics for 64-bit programs; only 32-bit Windows exports them from
 * kernel32. They are here for the 32-bit programs the xlate engine runs.
 *
 * SLIST_HEADER, x64 layout (16 bytes, 16-aligned), changed as a whole with
 * CMPXCHG16B; the sequence number changes on every push and pop so that a
 * pop that raced with pop-push of the same entry (ABA) fails and retries:
 *
 *   qword 0:  bits 0-15 Depth | bits 16-63 Sequence
 *   qword 1:  bit 0 HeaderType (1: this 16-byte format) | bits 1-3 0 |
 *             bits 4-63 NextEntry >> 4 (entries are 16-aligned)
 */
#include "winapi/wintypes.h"

typedef struct slist_entry { struct slist_entry *Next; } SLIST_ENTRY;
typedef struct { uint64_t lo, hi; } __attribute__((aligned(16))) SLIST_HEADER;

_Static_assert(sizeof(SLIST_HEADER) == 16, "SLIST_HEADER is 16 bytes on x64");

/* ---- Interlocked --------------------------------------------------------- */

WINAPI LONG kernel32_InterlockedIncrement(volatile LONG *p) { return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST); }
WINAPI LONG kernel32_InterlockedDecrement(volatile LONG *p) { return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST); }
WINAPI LONG kernel32_InterlockedExchange(volatile LONG *p, LONG v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
WINAPI LONG kernel32_InterlockedExchangeAdd(volatile LONG *p, LONG v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }

WINAPI LONG kernel32_InterlockedCompareExchange(volatile LONG *p, LONG xchg, LONG cmp)
{
    __atomic_compare_exchange_n(p, &cmp, xchg, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return cmp;
}

WINAPI LONGLONG kernel32_InterlockedCompareExchange64(volatile LONGLONG *p, LONGLONG xchg, LONGLONG cmp)
{
    __atomic_compare_exchange_n(p, &cmp, xchg, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return cmp;
}

/* ---- SList ----------------------------------------------------------------- */

static inline bool cas16(SLIST_HEADER *h, SLIST_HEADER *expect, SLIST_HEADER want)
{
#if defined(__x86_64__)
    bool ok;
    __asm__ __volatile__("lock cmpxchg16b %1"
                         : "=@ccz"(ok), "+m"(*h), "+a"(expect->lo), "+d"(expect->hi)
                         : "b"(want.lo), "c"(want.hi)
                         : "memory");
    return ok;
#else
    unsigned __int128 e = ((unsigned __int128)expect->hi << 64) | expect->lo;
    unsigned __int128 w = ((unsigned __int128)want.hi << 64) | want.lo;
    bool ok = __atomic_compare_exchange_n((unsigned __int128 *)h, &e, w, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST);
    expect->lo = (uint64_t)e;
    expect->hi = (uint64_t)(e >> 64);
    return ok;
#endif
}

/* A snapshot to start a compare-and-swap from: the halves may be torn; the
 * CAS then fails and returns the real value. */
static inline SLIST_HEADER snapshot(SLIST_HEADER *h)
{
    SLIST_HEADER s;
    s.lo = __atomic_load_n(&h->lo, __ATOMIC_ACQUIRE);
    s.hi = __atomic_load_n(&h->hi, __ATOMIC_ACQUIRE);
    return s;
}

static inline SLIST_ENTRY *first_of(SLIST_HEADER s) { return (SLIST_ENTRY *)(uintptr_t)(s.hi & ~(uint64_t)15); }
static inline uint64_t depth_of(SLIST_HEADER s) { return s.lo & 0xffff; }
static inline uint64_t seq_of(SLIST_HEADER s) { return s.lo >> 16; }

static inline SLIST_HEADER make(SLIST_ENTRY *first, uint64_t depth, uint64_t seq)
{
    SLIST_HEADER s;
    s.lo = (depth & 0xffff) | (seq << 16);
    s.hi = (uint64_t)(uintptr_t)first | 1;   /* HeaderType 1 */
    return s;
}

WINAPI void kernel32_InitializeSListHead(SLIST_HEADER *h)
{
    h->lo = 0;
    h->hi = 1;
}

WINAPI USHORT kernel32_QueryDepthSList(SLIST_HEADER *h)
{
    return (USHORT)(__atomic_load_n(&h->lo, __ATOMIC_ACQUIRE) & 0xffff);
}

WINAPI SLIST_ENTRY *kernel32_RtlFirstEntrySList(SLIST_HEADER *h)
{
    return first_of(snapshot(h));
}

WINAPI SLIST_ENTRY *kernel32_InterlockedPushEntrySList(SLIST_HEADER *h, SLIST_ENTRY *e)
{
    SLIST_HEADER old = snapshot(h);
    do {
        e->Next = first_of(old);
    } while (!cas16(h, &old, make(e, depth_of(old) + 1, seq_of(old) + 1)));
    return first_of(old);
}

WINAPI SLIST_ENTRY *kernel32_InterlockedPushListSListEx(SLIST_HEADER *h, SLIST_ENTRY *first, SLIST_ENTRY *last,
                                                        ULONG count)
{
    SLIST_HEADER old = snapshot(h);
    do {
        last->Next = first_of(old);
    } while (!cas16(h, &old, make(first, depth_of(old) + count, seq_of(old) + 1)));
    return first_of(old);
}

WINAPI SLIST_ENTRY *kernel32_InterlockedPopEntrySList(SLIST_HEADER *h)
{
    SLIST_HEADER old = snapshot(h);
    SLIST_ENTRY *e;
    do {
        e = first_of(old);
        if (!e)
            return NULL;
        /* e may be popped and freed by another thread meanwhile; then this
         * read sees garbage and the CAS fails on the sequence number. */
    } while (!cas16(h, &old, make(__atomic_load_n(&e->Next, __ATOMIC_RELAXED), depth_of(old) - 1,
                                  seq_of(old) + 1)));
    return e;
}

WINAPI SLIST_ENTRY *kernel32_InterlockedFlushSList(SLIST_HEADER *h)
{
    SLIST_HEADER old = snapshot(h);
    do {
        if (!first_of(old))
            return NULL;
    } while (!cas16(h, &old, make(NULL, 0, seq_of(old) + 1)));
    return first_of(old);
}
