/* sync_ntdll.c - ntdll's side of threads and synchronisation, called the
 * way programs that skip kernel32 do (through GetProcAddress): NTSTATUS
 * results and LARGE_INTEGER timeouts (negative = relative, in 100 ns) for
 * NtWaitForSingleObject/NtWaitForMultipleObjects/NtDelayExecution,
 * RtlSleepConditionVariableCS/SRW, RtlRunOnce*, RtlWaitOnAddress; the
 * critical-section queries; the SList and SRW entry points. (NtCurrentTeb
 * is an inline function on x64, not an export.) */
#include <windows.h>
#include <stdio.h>

typedef LONG NTSTATUS;
#define FN(ret, name, args) typedef ret (WINAPI *name##_t) args; static name##_t p##name;
FN(NTSTATUS, NtWaitForSingleObject, (HANDLE, BOOLEAN, const LARGE_INTEGER *))
FN(NTSTATUS, NtWaitForMultipleObjects, (ULONG, const HANDLE *, int, BOOLEAN, const LARGE_INTEGER *))
FN(NTSTATUS, NtDelayExecution, (BOOLEAN, const LARGE_INTEGER *))
FN(NTSTATUS, NtYieldExecution, (void))
FN(NTSTATUS, RtlSleepConditionVariableCS, (CONDITION_VARIABLE *, CRITICAL_SECTION *, const LARGE_INTEGER *))
FN(NTSTATUS, RtlSleepConditionVariableSRW, (CONDITION_VARIABLE *, SRWLOCK *, const LARGE_INTEGER *, ULONG))
FN(void, RtlRunOnceInitialize, (INIT_ONCE *))
FN(NTSTATUS, RtlRunOnceBeginInitialize, (INIT_ONCE *, ULONG, void **))
FN(NTSTATUS, RtlRunOnceComplete, (INIT_ONCE *, ULONG, void *))
FN(NTSTATUS, RtlRunOnceExecuteOnce, (INIT_ONCE *, PINIT_ONCE_FN, void *, void **))
FN(NTSTATUS, RtlWaitOnAddress, (const void *, const void *, SIZE_T, const LARGE_INTEGER *))
FN(void, RtlWakeAddressAll, (const void *))
FN(BOOL, RtlIsCriticalSectionLocked, (CRITICAL_SECTION *))
FN(BOOL, RtlIsCriticalSectionLockedByThread, (CRITICAL_SECTION *))
FN(void, RtlEnterCriticalSection, (CRITICAL_SECTION *))
FN(void, RtlLeaveCriticalSection, (CRITICAL_SECTION *))
FN(void, RtlInitializeSRWLock, (SRWLOCK *))
FN(void, RtlAcquireSRWLockExclusive, (SRWLOCK *))
FN(void, RtlReleaseSRWLockExclusive, (SRWLOCK *))
FN(BOOLEAN, RtlTryAcquireSRWLockShared, (SRWLOCK *))
FN(void, RtlInitializeSListHead, (SLIST_HEADER *))
FN(PSLIST_ENTRY, RtlInterlockedPushEntrySList, (SLIST_HEADER *, PSLIST_ENTRY))
FN(PSLIST_ENTRY, RtlFirstEntrySList, (const SLIST_HEADER *))
FN(WORD, RtlQueryDepthSList, (SLIST_HEADER *))

#define GET(name) p##name = (name##_t)GetProcAddress(nt, #name); if (!p##name) printf("missing %s\n", #name)

static BOOL CALLBACK once_cb(INIT_ONCE *o, void *param, void **ctx)
{
    *ctx = (void *)0x1230;
    return param != NULL;
}

int main(void)
{
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    GET(NtWaitForSingleObject); GET(NtWaitForMultipleObjects); GET(NtDelayExecution); GET(NtYieldExecution);
    GET(RtlSleepConditionVariableCS); GET(RtlSleepConditionVariableSRW); GET(RtlRunOnceInitialize);
    GET(RtlRunOnceBeginInitialize); GET(RtlRunOnceComplete); GET(RtlRunOnceExecuteOnce); GET(RtlWaitOnAddress);
    GET(RtlWakeAddressAll); GET(RtlIsCriticalSectionLocked); GET(RtlIsCriticalSectionLockedByThread);
    GET(RtlEnterCriticalSection); GET(RtlLeaveCriticalSection); GET(RtlInitializeSRWLock);
    GET(RtlAcquireSRWLockExclusive); GET(RtlReleaseSRWLockExclusive); GET(RtlTryAcquireSRWLockShared);
    GET(RtlInitializeSListHead); GET(RtlInterlockedPushEntrySList); GET(RtlFirstEntrySList);
    GET(RtlQueryDepthSList);

    NTSTATUS st;
    LARGE_INTEGER t10ms, zero;
    t10ms.QuadPart = -100000;
    zero.QuadPart = 0;
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL), ev2 = CreateEventA(NULL, TRUE, TRUE, NULL);
    printf("NtWaitForSingleObject unset, 10ms: %#lx\n", pNtWaitForSingleObject(ev, FALSE, &t10ms));
    printf("  zero timeout: %#lx\n", pNtWaitForSingleObject(ev, FALSE, &zero));
    SetEvent(ev);
    printf("  set, no timeout: %#lx\n", pNtWaitForSingleObject(ev, FALSE, NULL));
    printf("  bad handle: %#lx\n", pNtWaitForSingleObject((HANDLE)0xbad0, FALSE, &zero));
    HANDLE hs[2] = { ev, ev2 };
    printf("NtWaitForMultipleObjects any: %#lx\n", pNtWaitForMultipleObjects(2, hs, 1, FALSE, &zero));
    printf("  all: %#lx\n", pNtWaitForMultipleObjects(2, hs, 0, FALSE, &zero));
    SetEvent(ev);
    printf("  all, both set: %#lx\n", pNtWaitForMultipleObjects(2, hs, 0, FALSE, &zero));
    printf("NtDelayExecution 10ms: %#lx\n", pNtDelayExecution(FALSE, &t10ms));
    st = pNtYieldExecution();
    printf("NtYieldExecution ok: %d\n", st == 0 || st == 0x40000024);   /* or STATUS_NO_YIELD_PERFORMED */

    CRITICAL_SECTION cs;
    InitializeCriticalSection(&cs);
    printf("locked free: %d %d\n", pRtlIsCriticalSectionLocked(&cs), pRtlIsCriticalSectionLockedByThread(&cs));
    pRtlEnterCriticalSection(&cs);
    printf("locked held: %d %d\n", pRtlIsCriticalSectionLocked(&cs), pRtlIsCriticalSectionLockedByThread(&cs));
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    printf("RtlSleepConditionVariableCS timeout: %#lx\n", pRtlSleepConditionVariableCS(&cv, &cs, &t10ms));
    printf("  still held: %d\n", pRtlIsCriticalSectionLockedByThread(&cs));
    pRtlLeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    SRWLOCK srw;
    pRtlInitializeSRWLock(&srw);
    pRtlAcquireSRWLockExclusive(&srw);
    printf("RtlSleepConditionVariableSRW timeout: %#lx\n", pRtlSleepConditionVariableSRW(&cv, &srw, &t10ms, 0));
    printf("  shared try while held: %d\n", pRtlTryAcquireSRWLockShared(&srw));
    pRtlReleaseSRWLockExclusive(&srw);

    INIT_ONCE once;
    void *ctx = NULL;
    pRtlRunOnceInitialize(&once);
    printf("RtlRunOnceBeginInitialize: %#lx\n", pRtlRunOnceBeginInitialize(&once, 0, &ctx));
    printf("  check only while pending: %#lx\n", pRtlRunOnceBeginInitialize(&once, 1, &ctx));
    printf("  complete: %#lx\n", pRtlRunOnceComplete(&once, 0, (void *)0x100));
    st = pRtlRunOnceBeginInitialize(&once, 0, &ctx);
    printf("  begin again: %#lx ctx=%p\n", st, ctx);
    printf("  complete twice: %#lx\n", pRtlRunOnceComplete(&once, 0, NULL));
    pRtlRunOnceInitialize(&once);
    printf("RtlRunOnceExecuteOnce failing: %#lx\n", pRtlRunOnceExecuteOnce(&once, once_cb, NULL, &ctx));
    st = pRtlRunOnceExecuteOnce(&once, once_cb, (void *)1, &ctx);
    printf("  succeeding: %#lx ctx=%p\n", st, ctx);

    LONG word = 5, cmp = 5;
    printf("RtlWaitOnAddress timeout: %#lx\n", pRtlWaitOnAddress(&word, &cmp, 4, &t10ms));
    cmp = 6;
    printf("  value differs: %#lx\n", pRtlWaitOnAddress(&word, &cmp, 4, &t10ms));
    printf("  size 5: %#lx\n", pRtlWaitOnAddress(&word, &cmp, 5, &t10ms));
    pRtlWakeAddressAll(&word);

    SLIST_HEADER head;
    SLIST_ENTRY *e = _aligned_malloc(sizeof *e, 16);
    pRtlInitializeSListHead(&head);
    printf("SList: first %p depth %u\n", pRtlFirstEntrySList(&head), pRtlQueryDepthSList(&head));
    pRtlInterlockedPushEntrySList(&head, e);
    printf("  pushed: first is it %d depth %u\n", pRtlFirstEntrySList(&head) == e, pRtlQueryDepthSList(&head));
    _aligned_free(e);

    CloseHandle(ev);
    CloseHandle(ev2);
    return 0;
}
