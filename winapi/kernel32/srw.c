/*
 * kernel32/srw.c - slim reader/writer locks and condition variables. Both
 * are one pointer-sized word in the program's memory, zero when free
 * (SRWLOCK_INIT, CONDITION_VARIABLE_INIT), so that static and embedded ones
 * need no call; the low 32 bits are a futex word (x86-64 is little-endian:
 * they are the word's first bytes).
 *
 * SRW lock word:
 *
 *    31       30       29      28 ............ 0
 *   +--------+--------+-------+-----------------+
 *   |waiters | writer | writer|  shared owners  |
 *   |asleep  | owns it| waits |                 |
 *   +--------+--------+-------+-----------------+
 *
 * A waiting writer keeps new readers out, so that a stream of readers cannot
 * starve it. Whoever sleeps sets bit 31 first; a release that clears it
 * wakes every sleeper, and they compete again (simple; these locks are
 * rarely contended by more than a few threads).
 *
 * Condition variable word: a wake counter. A sleeper reads it, lets go of
 * its lock, and sleeps unless the counter moved; Wake* bump it and wake
 * sleepers. Spurious wake-ups are allowed by the Windows contract.
 */
#include "winapi/thread.h"
#include "winapi/kernel32/futex.h"
#include "winapi/kernel32/sync.h"

#include <errno.h>

#define SRW_READERS        0x1fffffffu
#define SRW_WRITER_WAITING 0x20000000u
#define SRW_WRITER         0x40000000u
#define SRW_SLEEPERS       0x80000000u

static inline uint32_t *srw_word(SRWLOCK *l) { return (uint32_t *)&l->Ptr; }

static inline bool cas(uint32_t *w, uint32_t *expect, uint32_t want)
{
    return __atomic_compare_exchange_n(w, expect, want, true, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

WINAPI void kernel32_InitializeSRWLock(SRWLOCK *l)
{
    l->Ptr = NULL;
}

WINAPI void kernel32_AcquireSRWLockExclusive(SRWLOCK *l)
{
    uint32_t *w = srw_word(l);
    uint32_t v = __atomic_load_n(w, __ATOMIC_RELAXED);
    for (;;) {
        if (!(v & (SRW_WRITER | SRW_READERS))) {
            if (cas(w, &v, (v | SRW_WRITER) & ~SRW_WRITER_WAITING))
                return;
            continue;
        }
        uint32_t want = v | SRW_SLEEPERS | SRW_WRITER_WAITING;
        if (want != v && !cas(w, &v, want))
            continue;
        futex_wait(w, (int32_t)want);
        v = __atomic_load_n(w, __ATOMIC_RELAXED);
    }
}

WINAPI void kernel32_AcquireSRWLockShared(SRWLOCK *l)
{
    uint32_t *w = srw_word(l);
    uint32_t v = __atomic_load_n(w, __ATOMIC_RELAXED);
    for (;;) {
        if (!(v & (SRW_WRITER | SRW_WRITER_WAITING))) {
            if (cas(w, &v, v + 1))
                return;
            continue;
        }
        uint32_t want = v | SRW_SLEEPERS;
        if (want != v && !cas(w, &v, want))
            continue;
        futex_wait(w, (int32_t)want);
        v = __atomic_load_n(w, __ATOMIC_RELAXED);
    }
}

WINAPI void kernel32_ReleaseSRWLockExclusive(SRWLOCK *l)
{
    uint32_t *w = srw_word(l);
    /* No shared owner can exist while a writer owns it: the word becomes 0. */
    uint32_t old = __atomic_exchange_n(w, 0, __ATOMIC_RELEASE);
    if (old & SRW_SLEEPERS)
        futex_wake_all(w);
}

WINAPI void kernel32_ReleaseSRWLockShared(SRWLOCK *l)
{
    uint32_t *w = srw_word(l);
    uint32_t v = __atomic_load_n(w, __ATOMIC_RELAXED), want;
    do {
        want = v - 1;
        if (!(want & SRW_READERS))
            want &= ~(SRW_SLEEPERS | SRW_WRITER_WAITING);   /* last one out wakes them */
    } while (!cas(w, &v, want));
    if (!(want & SRW_READERS) && (v & SRW_SLEEPERS))
        futex_wake_all(w);
}

WINAPI BOOLEAN kernel32_TryAcquireSRWLockExclusive(SRWLOCK *l)
{
    uint32_t *w = srw_word(l);
    uint32_t v = __atomic_load_n(w, __ATOMIC_RELAXED);
    while (!(v & (SRW_WRITER | SRW_READERS)))
        if (cas(w, &v, v | SRW_WRITER))
            return TRUE;
    return FALSE;
}

WINAPI BOOLEAN kernel32_TryAcquireSRWLockShared(SRWLOCK *l)
{
    uint32_t *w = srw_word(l);
    uint32_t v = __atomic_load_n(w, __ATOMIC_RELAXED);
    while (!(v & (SRW_WRITER | SRW_WRITER_WAITING)))
        if (cas(w, &v, v + 1))
            return TRUE;
    return FALSE;
}

/* ---- condition variables -------------------------------------------------- */

#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1

static inline uint32_t *cv_word(CONDITION_VARIABLE *cv) { return (uint32_t *)&cv->Ptr; }

WINAPI void kernel32_InitializeConditionVariable(CONDITION_VARIABLE *cv)
{
    cv->Ptr = NULL;
}

WINAPI void kernel32_WakeConditionVariable(CONDITION_VARIABLE *cv)
{
    __atomic_add_fetch(cv_word(cv), 1, __ATOMIC_SEQ_CST);
    futex_wake(cv_word(cv), 1);
}

WINAPI void kernel32_WakeAllConditionVariable(CONDITION_VARIABLE *cv)
{
    __atomic_add_fetch(cv_word(cv), 1, __ATOMIC_SEQ_CST);
    futex_wake_all(cv_word(cv));
}

/* Sleep on cv (the lock already released by the caller after reading seq):
 * 0, or ETIMEDOUT. A signal (thread suspension) counts as a spurious wake. */
int condvar_sleep(CONDITION_VARIABLE *cv, uint32_t seq, const struct timespec *deadline)
{
    int r = futex_wait_until(cv_word(cv), (int32_t)seq, deadline);
    return r == ETIMEDOUT ? ETIMEDOUT : 0;
}

uint32_t condvar_seq(CONDITION_VARIABLE *cv)
{
    return __atomic_load_n(cv_word(cv), __ATOMIC_SEQ_CST);
}

WINAPI BOOL kernel32_SleepConditionVariableCS(CONDITION_VARIABLE *cv, CRITICAL_SECTION *cs, DWORD ms)
{
    struct timespec dl;
    const struct timespec *d = deadline_after_ms(&dl, ms);
    uint32_t seq = condvar_seq(cv);
    kernel32_LeaveCriticalSection(cs);
    int r = condvar_sleep(cv, seq, d);
    kernel32_EnterCriticalSection(cs);
    if (r == ETIMEDOUT) {
        set_last_error(ERROR_TIMEOUT);
        return FALSE;
    }
    return TRUE;
}

WINAPI BOOL kernel32_SleepConditionVariableSRW(CONDITION_VARIABLE *cv, SRWLOCK *l, DWORD ms, ULONG flags)
{
    struct timespec dl;
    const struct timespec *d = deadline_after_ms(&dl, ms);
    bool shared = flags & CONDITION_VARIABLE_LOCKMODE_SHARED;
    uint32_t seq = condvar_seq(cv);
    if (shared)
        kernel32_ReleaseSRWLockShared(l);
    else
        kernel32_ReleaseSRWLockExclusive(l);
    int r = condvar_sleep(cv, seq, d);
    if (shared)
        kernel32_AcquireSRWLockShared(l);
    else
        kernel32_AcquireSRWLockExclusive(l);
    if (r == ETIMEDOUT) {
        set_last_error(ERROR_TIMEOUT);
        return FALSE;
    }
    return TRUE;
}
