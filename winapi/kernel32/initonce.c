/*
 * kernel32/initonce.c - one-time initialisation (InitOnce*, ntdll's
 * RtlRunOnce*) and WaitOnAddress/WakeByAddress*.
 *
 * INIT_ONCE is one pointer-sized word in the program's memory:
 *   low 2 bits 0  not started        (INIT_ONCE_STATIC_INIT)
 *              1  one thread is initialising; others sleep on the word
 *              2  done; the upper bits are the context (4-byte aligned)
 *              3  asynchronous initialisation(s) under way
 * Sleepers wait on the word's low 32 bits (a futex) while they read 1.
 *
 * WaitOnAddress: sleepers hash the address to one of 256 buckets and sleep
 * on the bucket's wake counter; WakeByAddress* bump it and wake the whole
 * bucket (wake-ups for a neighbour are spurious, which the contract allows:
 * callers re-check the value).
 */
#include "winapi/thread.h"
#include "winapi/kernel32/futex.h"
#include "winapi/kernel32/sync.h"

#include <string.h>

#define INIT_ONCE_CHECK_ONLY  0x1
#define INIT_ONCE_ASYNC       0x2
#define INIT_ONCE_INIT_FAILED 0x4

static inline uintptr_t once_load(INIT_ONCE *once)
{
    return __atomic_load_n((uintptr_t *)&once->Ptr, __ATOMIC_ACQUIRE);
}

static inline bool once_cas(INIT_ONCE *once, uintptr_t *expect, uintptr_t want)
{
    return __atomic_compare_exchange_n((uintptr_t *)&once->Ptr, expect, want, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* STATUS_SUCCESS (done: *ctx set), STATUS_PENDING (the caller initialises),
 * or an error status. */
NTSTATUS run_once_begin(INIT_ONCE *once, DWORD flags, void **ctx)
{
    /* Unknown flag bits are ignored (as Wine). */
    if (flags & INIT_ONCE_CHECK_ONLY) {
        if (flags & INIT_ONCE_ASYNC)
            return STATUS_INVALID_PARAMETER;
        uintptr_t v = once_load(once);
        if ((v & 3) != 2)
            return STATUS_UNSUCCESSFUL;
        if (ctx)
            *ctx = (void *)(v & ~(uintptr_t)3);
        return STATUS_SUCCESS;
    }
    bool async = flags & INIT_ONCE_ASYNC;
    uintptr_t v = once_load(once);
    for (;;) {
        switch (v & 3) {
        case 0:
            if (once_cas(once, &v, async ? 3 : 1))
                return STATUS_PENDING;
            break;
        case 1:
            /* Another thread initialises synchronously: an asynchronous
             * caller may not join in, a synchronous one waits for it. */
            if (async)
                return STATUS_INVALID_PARAMETER;
            futex_wait(&once->Ptr, 1);
            v = once_load(once);
            break;
        case 2:
            if (ctx)
                *ctx = (void *)(v & ~(uintptr_t)3);
            return STATUS_SUCCESS;
        case 3:
            return async ? STATUS_PENDING : STATUS_INVALID_PARAMETER;
        }
    }
}

NTSTATUS run_once_complete(INIT_ONCE *once, DWORD flags, void *ctx)
{
    if ((uintptr_t)ctx & 3)
        return STATUS_INVALID_PARAMETER;
    uintptr_t want;
    if (flags & INIT_ONCE_INIT_FAILED) {
        if (ctx || (flags & INIT_ONCE_ASYNC))
            return STATUS_INVALID_PARAMETER;
        want = 0;                       /* back to "not started": someone retries */
    } else {
        want = (uintptr_t)ctx | 2;
    }
    uintptr_t v = once_load(once);
    for (;;) {
        switch (v & 3) {
        case 1:
            if (!once_cas(once, &v, want))
                break;
            futex_wake_all(&once->Ptr);
            return STATUS_SUCCESS;
        case 3:
            if (!(flags & INIT_ONCE_ASYNC))
                return STATUS_INVALID_PARAMETER;
            if (!once_cas(once, &v, want))
                break;
            return STATUS_SUCCESS;
        default:
            /* Not under way (or another async initialiser won). */
            return STATUS_UNSUCCESSFUL;
        }
    }
}

NTSTATUS run_once_execute(INIT_ONCE *once, init_once_fn fn, void *param, void **ctx)
{
    NTSTATUS s = run_once_begin(once, 0, ctx);
    if (s != STATUS_PENDING)
        return s;
    if (!fn(once, param, ctx)) {
        run_once_complete(once, INIT_ONCE_INIT_FAILED, NULL);
        return STATUS_UNSUCCESSFUL;
    }
    return run_once_complete(once, 0, ctx ? *ctx : NULL);
}

static DWORD dos_error(NTSTATUS s)
{
    switch (s) {
    case STATUS_INVALID_PARAMETER: return ERROR_INVALID_PARAMETER;
    case STATUS_TIMEOUT: return ERROR_TIMEOUT;
    default: return ERROR_GEN_FAILURE;
    }
}

WINAPI void kernel32_InitOnceInitialize(INIT_ONCE *once)
{
    once->Ptr = NULL;
}

WINAPI BOOL kernel32_InitOnceBeginInitialize(INIT_ONCE *once, DWORD flags, BOOL *pending, void **ctx)
{
    NTSTATUS s = run_once_begin(once, flags, ctx);
    if (s < 0) {
        set_last_error(dos_error(s));
        return FALSE;
    }
    *pending = s == STATUS_PENDING;
    return TRUE;
}

WINAPI BOOL kernel32_InitOnceComplete(INIT_ONCE *once, DWORD flags, void *ctx)
{
    NTSTATUS s = run_once_complete(once, flags, ctx);
    if (s < 0) {
        set_last_error(dos_error(s));
        return FALSE;
    }
    return TRUE;
}

/* Windows sets no last error here: a failed callback sets its own. */
WINAPI BOOL kernel32_InitOnceExecuteOnce(INIT_ONCE *once, init_once_fn fn, void *param, void **ctx)
{
    return run_once_execute(once, fn, param, ctx) == STATUS_SUCCESS;
}

/* ---- WaitOnAddress ---------------------------------------------------------- */

struct address_bucket {
    uint32_t seq;        /* futex word: bumped by every wake */
    uint32_t sleepers;
} __attribute__((aligned(64)));

static struct address_bucket buckets[256];

static struct address_bucket *bucket_of(const volatile void *addr)
{
    uintptr_t a = (uintptr_t)addr;
    a ^= a >> 17;
    a *= 0x9e3779b97f4a7c15ull;
    return &buckets[(a >> 56) & 255];
}

static bool same_value(const volatile void *addr, const void *cmp, SIZE_T size)
{
    switch (size) {
    case 1: return __atomic_load_n((const volatile uint8_t *)addr, __ATOMIC_SEQ_CST) == *(const uint8_t *)cmp;
    case 2: return __atomic_load_n((const volatile uint16_t *)addr, __ATOMIC_SEQ_CST) == *(const uint16_t *)cmp;
    case 4: return __atomic_load_n((const volatile uint32_t *)addr, __ATOMIC_SEQ_CST) == *(const uint32_t *)cmp;
    default: return __atomic_load_n((const volatile uint64_t *)addr, __ATOMIC_SEQ_CST) == *(const uint64_t *)cmp;
    }
}

NTSTATUS wait_on_address(const volatile void *addr, const void *cmp, SIZE_T size, const struct timespec *dl)
{
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return STATUS_INVALID_PARAMETER;
    struct address_bucket *b = bucket_of(addr);
    __atomic_add_fetch(&b->sleepers, 1, __ATOMIC_SEQ_CST);
    uint32_t seq = __atomic_load_n(&b->seq, __ATOMIC_SEQ_CST);
    NTSTATUS s = STATUS_SUCCESS;
    if (same_value(addr, cmp, size) && futex_wait_until(&b->seq, (int32_t)seq, dl) == ETIMEDOUT)
        s = STATUS_TIMEOUT;
    __atomic_sub_fetch(&b->sleepers, 1, __ATOMIC_SEQ_CST);
    return s;
}

void wake_by_address(const void *addr)
{
    struct address_bucket *b = bucket_of(addr);
    __atomic_add_fetch(&b->seq, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&b->sleepers, __ATOMIC_SEQ_CST))
        futex_wake_all(&b->seq);
}

WINAPI BOOL kernel32_WaitOnAddress(volatile void *addr, void *cmp, SIZE_T size, DWORD ms)
{
    struct timespec dl;
    NTSTATUS s = wait_on_address(addr, cmp, size, deadline_after_ms(&dl, ms));
    if (s != STATUS_SUCCESS) {
        set_last_error(dos_error(s));
        return FALSE;
    }
    return TRUE;
}

WINAPI void kernel32_WakeByAddressSingle(void *addr)
{
    wake_by_address(addr);
}

WINAPI void kernel32_WakeByAddressAll(void *addr)
{
    wake_by_address(addr);
}
