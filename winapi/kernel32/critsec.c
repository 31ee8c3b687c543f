/*
 * kernel32/critsec.c - critical sections, in the caller's RTL_CRITICAL_SECTION
 * (40 bytes on x64, layout in sync.h) so that statically initialised and
 * embedded ones work. LockCount is the futex word:
 *   -1 free, 0 held, 1 held with (possible) waiters.
 * OwningThread is the owner's Windows thread id; RecursionCount its depth.
 * Programs read these fields directly (asserting ownership through
 * OwningThread == GetCurrentThreadId(), RecursionCount), so they keep their
 * Windows meaning.
 *
 * DebugInfo: Windows 8 and later set it to (void *)-1 ("no debug info")
 * rather than allocating a debug block, and DeleteCriticalSection leaves it
 * NULL; programs test it to see whether a section was initialised.
 */
#include "winapi/teb.h"
#include "winapi/thread.h"
#include "winapi/kernel32/futex.h"
#include "winapi/kernel32/sync.h"

#include <unistd.h>

#define NO_DEBUG_INFO ((void *)(intptr_t)-1)
/* High bits of the spin count that are flags, not spins. */
#define CS_FLAG_BITS 0xff000000u

static HANDLE self_id(void)
{
    return (HANDLE)(uintptr_t)thread_current_id();
}

static ULONG_PTR spin_for(DWORD spin)
{
    static long ncpu;
    if (!ncpu) {
        /* The count start-up put in the PEB: sysconf would read sysfs again. */
        struct peb *peb = peb_get();
        ncpu = peb && peb->number_of_processors ? (long)peb->number_of_processors : sysconf(_SC_NPROCESSORS_ONLN);
    }
    /* Spinning on one CPU only delays the owner. */
    return ncpu > 1 ? (spin & ~CS_FLAG_BITS) : 0;
}

WINAPI BOOL kernel32_InitializeCriticalSectionEx(CRITICAL_SECTION *cs, DWORD spin, DWORD flags)
{
    cs->DebugInfo = NO_DEBUG_INFO;
    cs->LockCount = -1;
    cs->RecursionCount = 0;
    cs->OwningThread = NULL;
    cs->LockSemaphore = NULL;
    cs->SpinCount = spin_for(spin);
    return TRUE;
}

WINAPI void kernel32_InitializeCriticalSection(CRITICAL_SECTION *cs)
{
    kernel32_InitializeCriticalSectionEx(cs, 0, 0);
}

WINAPI BOOL kernel32_InitializeCriticalSectionAndSpinCount(CRITICAL_SECTION *cs, DWORD spin)
{
    return kernel32_InitializeCriticalSectionEx(cs, spin, 0);
}

WINAPI DWORD kernel32_SetCriticalSectionSpinCount(CRITICAL_SECTION *cs, DWORD spin)
{
    DWORD old = (DWORD)cs->SpinCount;
    cs->SpinCount = spin_for(spin);
    return old;
}

WINAPI void kernel32_DeleteCriticalSection(CRITICAL_SECTION *cs)
{
    cs->DebugInfo = NULL;
    cs->LockCount = -1;
    cs->OwningThread = NULL;
    cs->RecursionCount = 0;
    cs->LockSemaphore = NULL;
}

static bool try_take(CRITICAL_SECTION *cs)
{
    LONG c = -1;
    return __atomic_compare_exchange_n(&cs->LockCount, &c, 0, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

WINAPI BOOL kernel32_TryEnterCriticalSection(CRITICAL_SECTION *cs)
{
    HANDLE me = self_id();
    if (__atomic_load_n(&cs->OwningThread, __ATOMIC_RELAXED) == me) {
        cs->RecursionCount++;
        return TRUE;
    }
    if (!try_take(cs))
        return FALSE;
    __atomic_store_n(&cs->OwningThread, me, __ATOMIC_RELAXED);
    cs->RecursionCount = 1;
    return TRUE;
}

WINAPI void kernel32_EnterCriticalSection(CRITICAL_SECTION *cs)
{
    HANDLE me = self_id();
    /* Only this thread ever stores its own id here, so a stale read can
     * never match it by mistake. */
    if (__atomic_load_n(&cs->OwningThread, __ATOMIC_RELAXED) == me) {
        cs->RecursionCount++;
        return;
    }
    if (!try_take(cs)) {
        bool owned = false;
        for (ULONG_PTR spin = cs->SpinCount; spin && !owned; spin--) {
            __builtin_ia32_pause();
            owned = __atomic_load_n(&cs->LockCount, __ATOMIC_RELAXED) == -1 && try_take(cs);
        }
        /* Mark it contended and sleep until the word is released. */
        if (!owned)
            while (__atomic_exchange_n(&cs->LockCount, 1, __ATOMIC_ACQUIRE) != -1)
                futex_wait(&cs->LockCount, 1);
    }
    __atomic_store_n(&cs->OwningThread, me, __ATOMIC_RELAXED);
    cs->RecursionCount = 1;
}

WINAPI void kernel32_LeaveCriticalSection(CRITICAL_SECTION *cs)
{
    if (__atomic_load_n(&cs->OwningThread, __ATOMIC_RELAXED) != self_id())
        return; /* Windows leaves the section corrupt here; refusing is safer. */
    if (--cs->RecursionCount > 0)
        return;
    __atomic_store_n(&cs->OwningThread, NULL, __ATOMIC_RELAXED);
    if (__atomic_exchange_n(&cs->LockCount, -1, __ATOMIC_RELEASE) == 1)
        futex_wake(&cs->LockCount, 1);
}

/* ntdll only */
WINAPI BOOL ntdll_RtlIsCriticalSectionLocked(CRITICAL_SECTION *cs)
{
    return __atomic_load_n(&cs->LockCount, __ATOMIC_RELAXED) != -1;
}

WINAPI BOOL ntdll_RtlIsCriticalSectionLockedByThread(CRITICAL_SECTION *cs)
{
    return __atomic_load_n(&cs->OwningThread, __ATOMIC_RELAXED) == self_id();
}
