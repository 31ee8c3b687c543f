/*
 * msvcrt/seh.c - __C_specific_handler, the language handler that MSVC and
 * clang emit for __try/__except/__finally on x64, and _local_unwind.
 * (mingw gcc emits no __try; its C++ uses libgcc's own _GCC_specific_handler.)
 *
 * The handler data of such a function is a scope table of RVAs:
 *     ULONG Count;
 *     struct { ULONG BeginAddress, EndAddress, HandlerAddress, JumpTarget; } ScopeRecord[Count];
 * JumpTarget != 0: an __except, HandlerAddress is its filter (or 1 for a
 * constant EXCEPTION_EXECUTE_HANDLER); JumpTarget == 0: a __finally,
 * HandlerAddress is the termination handler.
 */
#include "winapi/ntdll/exception.h"
#include "winapi/debug.h"

DEBUG_CHANNEL(seh)

typedef struct {
    ULONG Count;
    struct { ULONG BeginAddress, EndAddress, HandlerAddress, JumpTarget; } ScopeRecord[];
} SCOPE_TABLE;

/* Call a filter (ptrs, frame) or a termination handler (abnormal, frame):
 * guest code, called through the trampoline with a record like the one of
 * the handler call we are in, so that exceptions and unwinds starting inside
 * them see the dispatch or unwind that is running. */
static LONG call_scope(ULONG64 fn, ULONG64 arg, ULONG64 frame, DISPATCHER_CONTEXT *disp, CONTEXT *ctx)
{
    struct seh_frame *outer = seh_frame_for(disp);
    struct seh_frame r = { .kind = outer ? outer->kind : SEH_FRAME_DISPATCH,
                           .context = outer ? outer->context : ctx, .dispatch = disp };
    seh_push_frame(&r);
    LONG ret = (LONG)(DWORD)seh_call_handler64((EXCEPTION_RECORD *)arg, frame, NULL, NULL, (void *)fn, &r);
    seh_pop_frame(&r);
    return ret;
}

CDECL EXCEPTION_DISPOSITION msvcrt___C_specific_handler(EXCEPTION_RECORD *rec, ULONG64 frame, CONTEXT *ctx,
                                                          DISPATCHER_CONTEXT *disp)
{
    const SCOPE_TABLE *table = disp->HandlerData;
    ULONG64 base = disp->ImageBase, pc = disp->ControlPc - base;

    TRACE("code %#x flags %#x frame %#llx pc %#llx scopes %u from %u\n", rec->ExceptionCode, rec->ExceptionFlags,
          (unsigned long long)frame, (unsigned long long)pc, table->Count, disp->ScopeIndex);
    if (rec->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)) {
        ULONG64 target = disp->TargetIp - base;
        for (DWORD i = disp->ScopeIndex; i < table->Count; i++) {
            if (pc < table->ScopeRecord[i].BeginAddress || pc >= table->ScopeRecord[i].EndAddress)
                continue;
            /* unwinding to this frame's own __except: the scopes inside it are done */
            if ((rec->ExceptionFlags & EXCEPTION_TARGET_UNWIND) && table->ScopeRecord[i].JumpTarget == target)
                break;
            if (table->ScopeRecord[i].JumpTarget)
                continue;
            /* a collided unwind resumes after the handler that was running */
            disp->ScopeIndex = i + 1;
            call_scope(base + table->ScopeRecord[i].HandlerAddress, TRUE, frame, disp, ctx);
        }
        return ExceptionContinueSearch;
    }

    for (DWORD i = disp->ScopeIndex; i < table->Count; i++) {
        if (pc < table->ScopeRecord[i].BeginAddress || pc >= table->ScopeRecord[i].EndAddress)
            continue;
        if (!table->ScopeRecord[i].JumpTarget)
            continue;
        LONG filter;
        if (table->ScopeRecord[i].HandlerAddress == EXCEPTION_EXECUTE_HANDLER) {
            filter = EXCEPTION_EXECUTE_HANDLER;
        } else {
            EXCEPTION_POINTERS ptrs = { rec, ctx };
            filter = call_scope(base + table->ScopeRecord[i].HandlerAddress, (ULONG64)&ptrs, frame, disp, ctx);
        }
        if (filter < 0)
            return ExceptionContinueExecution;
        if (filter > 0) {
            /* Unwind to this frame and enter the __except block with the
             * code in rax; the walk starts where the exception happened. */
            TRACE("executing handler at %#llx\n", (unsigned long long)(base + table->ScopeRecord[i].JumpTarget));
            seh_unwind_from(frame, base + table->ScopeRecord[i].JumpTarget, rec, rec->ExceptionCode, ctx);
        }
    }
    return ExceptionContinueSearch;
}

/* _local_unwind(frame, target_ip): run the termination handlers up to frame. */
ULONG64 seh_local_unwind_entry(ULONG64 frame, ULONG64 ip, ULONG64 a3, ULONG64 a4, CONTEXT *caller, ULONG64 *stack)
{
    seh_unwind_from(frame, ip, NULL, 0, caller);
}
SEH_CAPTURE_STUB(msvcrt__local_unwind, seh_local_unwind_entry);
