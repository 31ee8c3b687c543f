/*
 * kernel32/critsec.c - critical sections, in the caller's RTL_CRITICAL_SECTION
 * (40 bytes on x64, layout below) so that statically initialised and
 * embedded ones work. LockCount is the futex word:
 *   -1 free, 0 held, 1 held with waiters.
 * OwningThread is the owner's Windows thread id; RecursionCount its depth.
 */
#include "winapi/wintypes.h"
#include "winapi/teb.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct {
    void *DebugInfo;         /* 0x00 */
    LONG LockCount;          /* 0x08 */
    LONG RecursionCount;     /* 0x0c */
    HANDLE OwningThread;     /* 0x10 */
    HANDLE LockSemaphore;    /* 0x18 */
    ULONG_PTR SpinCount;     /* 0x20 */
} CRITICAL_SECTION;
_Static_assert(sizeof(CRITICAL_SECTION) == 40, "RTL_CRITICAL_SECTION is 40 bytes on x64");

static HANDLE self_id(void)
{
    static __thread HANDLE tid;
    if (!tid)
        tid = (HANDLE)(uintptr_t)syscall(SYS_gettid);
    return tid;
}

static void futex(LONG *addr, int op, int val)
{
    syscall(SYS_futex, addr, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

WINAPI void kernel32_InitializeCriticalSection(CRITICAL_SECTION *cs)
{
    cs->DebugInfo = NULL;
    cs->LockCount = -1;
    cs->RecursionCount = 0;
    cs->OwningThread = NULL;
    cs->LockSemaphore = NULL;
    cs->SpinCount = 0;
}

WINAPI BOOL kernel32_InitializeCriticalSectionAndSpinCount(CRITICAL_SECTION *cs, DWORD spin)
{
    kernel32_InitializeCriticalSection(cs);
    cs->SpinCount = spin;
    return TRUE;
}

WINAPI BOOL kernel32_InitializeCriticalSectionEx(CRITICAL_SECTION *cs, DWORD spin, DWORD flags)
{
    return kernel32_InitializeCriticalSectionAndSpinCount(cs, spin);
}

WINAPI void kernel32_DeleteCriticalSection(CRITICAL_SECTION *cs)
{
    cs->LockCount = -1;
    cs->OwningThread = NULL;
    cs->RecursionCount = 0;
}

WINAPI BOOL kernel32_TryEnterCriticalSection(CRITICAL_SECTION *cs)
{
    HANDLE me = self_id();
    if (cs->OwningThread == me) {
        cs->RecursionCount++;
        return TRUE;
    }
    LONG expect = -1;
    if (!__atomic_compare_exchange_n(&cs->LockCount, &expect, 0, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return FALSE;
    cs->OwningThread = me;
    cs->RecursionCount = 1;
    return TRUE;
}

WINAPI void kernel32_EnterCriticalSection(CRITICAL_SECTION *cs)
{
    HANDLE me = self_id();
    if (cs->OwningThread == me) {
        cs->RecursionCount++;
        return;
    }
    LONG c = -1;
    if (!__atomic_compare_exchange_n(&cs->LockCount, &c, 0, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        for (ULONG_PTR spin = cs->SpinCount; spin; spin--) {
            c = -1;
            if (__atomic_compare_exchange_n(&cs->LockCount, &c, 0, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                goto owned;
            __asm__ volatile("" ::: "memory");
        }
        /* Mark contended and sleep until the word is released. */
        while (__atomic_exchange_n(&cs->LockCount, 1, __ATOMIC_ACQUIRE) != -1)
            futex(&cs->LockCount, FUTEX_WAIT, 1);
    }
owned:
    cs->OwningThread = me;
    cs->RecursionCount = 1;
}

WINAPI void kernel32_LeaveCriticalSection(CRITICAL_SECTION *cs)
{
    if (cs->OwningThread != self_id())
        return; /* Windows leaves the section corrupt here; refusing is safer. */
    if (--cs->RecursionCount > 0)
        return;
    cs->OwningThread = NULL;
    if (__atomic_exchange_n(&cs->LockCount, -1, __ATOMIC_RELEASE) == 1)
        futex(&cs->LockCount, FUTEX_WAKE, 1);
}
