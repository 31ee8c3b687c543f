/*
 * kernel32/except.c - the kernel32 side of exceptions: RaiseException, the
 * process's unhandled exception filter, and the error mode. Dispatching
 * itself is ntdll's (winapi/ntdll/exception.c), which calls
 * UnhandledExceptionFilter below when no handler took an exception.
 */
#include "winapi/ntdll/exception.h"
#include "winapi/debug.h"

#include <string.h>

DEBUG_CHANNEL(seh)

static PTOP_LEVEL_EXCEPTION_FILTER top_filter;
static UINT error_mode;

/* RaiseException(code, flags, nargs, args): entered through the capture stub,
 * so the exception is raised in the caller's context at its return address. */
ULONG64 seh_raise_exception_k32(ULONG64 code, ULONG64 flags, ULONG64 nargs, ULONG64 args, CONTEXT *ctx,
                                ULONG64 *stack)
{
    EXCEPTION_RECORD rec;
    memset(&rec, 0, sizeof rec);
    rec.ExceptionCode = (DWORD)code;
    rec.ExceptionFlags = (DWORD)flags & EXCEPTION_NONCONTINUABLE;
    rec.ExceptionAddress = (void *)ctx->Rip;
    if (args) {
        /* more than EXCEPTION_MAXIMUM_PARAMETERS are cut, as Windows does */
        DWORD n = (DWORD)nargs > EXCEPTION_MAXIMUM_PARAMETERS ? EXCEPTION_MAXIMUM_PARAMETERS : (DWORD)nargs;
        memcpy(rec.ExceptionInformation, (const void *)args, n * sizeof(ULONG_PTR));
        rec.NumberParameters = n;
    }
    TRACE("code %#x flags %#x nargs %u\n", rec.ExceptionCode, rec.ExceptionFlags, rec.NumberParameters);
    seh_raise(&rec, ctx);
}
SEH_CAPTURE_STUB(kernel32_RaiseException, seh_raise_exception_k32);

WINAPI PTOP_LEVEL_EXCEPTION_FILTER kernel32_SetUnhandledExceptionFilter(PTOP_LEVEL_EXCEPTION_FILTER filter)
{
    return __atomic_exchange_n(&top_filter, filter, __ATOMIC_ACQ_REL);
}

/* The program's filter decides first; without one (or when it says
 * "continue search") the exception is reported and the process must end:
 * EXCEPTION_EXECUTE_HANDLER, with which the caller exits with the code. */
WINAPI LONG kernel32_UnhandledExceptionFilter(EXCEPTION_POINTERS *ptrs)
{
    PTOP_LEVEL_EXCEPTION_FILTER filter = __atomic_load_n(&top_filter, __ATOMIC_ACQUIRE);
    if (!ptrs || !ptrs->ExceptionRecord)
        return EXCEPTION_CONTINUE_SEARCH;
    if (filter) {
        LONG r = seh_call_filter((void *)filter, ptrs);
        TRACE("filter %p returned %d\n", (void *)filter, r);
        if (r != EXCEPTION_CONTINUE_SEARCH)
            return r;
    }
    seh_report(ptrs->ExceptionRecord);
    return EXCEPTION_EXECUTE_HANDLER;
}

/* The error mode only changes dialog boxes on Windows; mimic shows none,
 * but programs read back what they set. */
WINAPI UINT kernel32_SetErrorMode(UINT mode)
{
    return __atomic_exchange_n(&error_mode, mode, __ATOMIC_ACQ_REL);
}

WINAPI UINT kernel32_GetErrorMode(void)
{
    return __atomic_load_n(&error_mode, __ATOMIC_ACQUIRE);
}
