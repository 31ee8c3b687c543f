/*
 * ntdll/sync.c - the ntdll side of threads and synchronisation: the Rtl*
 * and Nt* forms that differ from kernel32's (NTSTATUS results, timeouts as
 * LARGE_INTEGER in 100 ns units: negative relative, positive absolute).
 * Where the two are the same function the spec names kernel32's
 * implementation directly (ntdll/critsec.spec, ntdll/sync.spec).
 */
#include "winapi/thread.h"
#include "winapi/process.h"
#include "winapi/kernel32/sync.h"

#include <errno.h>
#include <sched.h>

WINAPI struct teb *ntdll_NtCurrentTeb(void)
{
    return teb_current();
}

WINAPI NTSTATUS ntdll_RtlSleepConditionVariableCS(CONDITION_VARIABLE *cv, CRITICAL_SECTION *cs,
                                                   const LARGE_INTEGER *timeout)
{
    struct timespec dl;
    const struct timespec *d = deadline_from_nt(&dl, timeout);
    uint32_t seq = condvar_seq(cv);
    kernel32_LeaveCriticalSection(cs);
    int r = condvar_sleep(cv, seq, d);
    kernel32_EnterCriticalSection(cs);
    return r == ETIMEDOUT ? STATUS_TIMEOUT : STATUS_SUCCESS;
}

#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1

WINAPI NTSTATUS ntdll_RtlSleepConditionVariableSRW(CONDITION_VARIABLE *cv, SRWLOCK *l,
                                                    const LARGE_INTEGER *timeout, ULONG flags)
{
    struct timespec dl;
    const struct timespec *d = deadline_from_nt(&dl, timeout);
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
    return r == ETIMEDOUT ? STATUS_TIMEOUT : STATUS_SUCCESS;
}

WINAPI void ntdll_RtlRunOnceInitialize(INIT_ONCE *once)
{
    once->Ptr = NULL;
}

WINAPI NTSTATUS ntdll_RtlRunOnceBeginInitialize(INIT_ONCE *once, ULONG flags, void **ctx)
{
    return run_once_begin(once, flags, ctx);
}

WINAPI NTSTATUS ntdll_RtlRunOnceComplete(INIT_ONCE *once, ULONG flags, void *ctx)
{
    return run_once_complete(once, flags, ctx);
}

WINAPI NTSTATUS ntdll_RtlRunOnceExecuteOnce(INIT_ONCE *once, init_once_fn fn, void *param, void **ctx)
{
    return run_once_execute(once, fn, param, ctx);
}

WINAPI NTSTATUS ntdll_RtlWaitOnAddress(const volatile void *addr, const void *cmp, SIZE_T size,
                                       const LARGE_INTEGER *timeout)
{
    struct timespec dl;
    return wait_on_address(addr, cmp, size, deadline_from_nt(&dl, timeout));
}

WINAPI void ntdll_RtlWakeAddressAll(const void *addr)
{
    wake_by_address(addr);
}

WINAPI void ntdll_RtlWakeAddressSingle(const void *addr)
{
    wake_by_address(addr);
}

/* WAIT_* of the kernel32 layer to the NTSTATUS the Nt* calls return. */
static NTSTATUS wait_status(DWORD r)
{
    if (r == WAIT_TIMEOUT)
        return STATUS_TIMEOUT;
    if (r == WAIT_IO_COMPLETION)
        return STATUS_USER_APC;
    if (r == WAIT_FAILED)
        return get_last_error() == ERROR_INVALID_HANDLE ? STATUS_INVALID_HANDLE_S : STATUS_INVALID_PARAMETER;
    return (NTSTATUS)r;   /* STATUS_WAIT_0 + i, STATUS_ABANDONED_WAIT_0 + i: the same numbers */
}

WINAPI NTSTATUS ntdll_NtWaitForSingleObject(HANDLE h, BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    struct timespec dl;
    return wait_status(wait_handles_until(1, &h, false, deadline_from_nt(&dl, timeout), alertable));
}

/* WAIT_TYPE: WaitAll = 0, WaitAny = 1 */
WINAPI NTSTATUS ntdll_NtWaitForMultipleObjects(ULONG count, const HANDLE *handles, int type, BOOLEAN alertable,
                                               const LARGE_INTEGER *timeout)
{
    if (type != 0 && type != 1)
        return STATUS_INVALID_PARAMETER;
    struct timespec dl;
    return wait_status(wait_handles_until(count, handles, type == 0, deadline_from_nt(&dl, timeout), alertable));
}

WINAPI NTSTATUS ntdll_NtDelayExecution(BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    struct timespec dl;
    const struct timespec *d = deadline_from_nt(&dl, timeout);
    if (d && timeout->QuadPart == 0 && !alertable) {
        sched_yield();
        return STATUS_SUCCESS;
    }
    DWORD r = wait_objects(0, NULL, false, d, alertable);
    return r == WAIT_IO_COMPLETION ? STATUS_USER_APC : STATUS_SUCCESS;
}

WINAPI NTSTATUS ntdll_NtYieldExecution(void)
{
    sched_yield();
    return STATUS_SUCCESS;
}

WINAPI void ntdll_RtlExitUserThread(DWORD code)
{
    thread_exit(code);
}

WINAPI void ntdll_RtlExitUserProcess(DWORD code)
{
    process_exit(code);
}
