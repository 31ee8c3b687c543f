/*
 * exception.c - dispatching an exception, in Windows x64 order:
 *
 *   1. vectored exception handlers (AddVectoredExceptionHandler), first to last
 *   2. frame-based handlers, found by unwinding the stack from the faulting
 *      context with the modules' unwind tables (RtlDispatchException)
 *   3. when one says "continue execution": vectored continue handlers, then
 *      the context is resumed
 *   4. nothing handled it: the unhandled exception filter
 *      (kernel32!UnhandledExceptionFilter, which calls the program's
 *      SetUnhandledExceptionFilter filter); EXCEPTION_EXECUTE_HANDLER or
 *      nothing at all ends the process with the exception code as its exit
 *      status. Linux keeps the low 8 bits only: an unhandled access
 *      violation (0xC0000005) exits with 5.
 *
 * Handlers are guest code called with the Microsoft ABI through the
 * recorded trampoline (context.c), so that an exception inside a handler is
 * a nested exception (EXCEPTION_NESTED_CALL) and an unwind started inside a
 * termination handler collides with the one that called it, as on Windows.
 */
#include "winapi/ntdll/exception.h"
#include "winapi/module.h"
#include "winapi/process.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

DEBUG_CHANNEL(seh)

/* ---- records of host frames on the guest stack -------------------------- */

static __thread struct seh_frame *seh_frames;

void seh_push_frame(struct seh_frame *f)
{
    seh_prune_frames((ULONG64)__builtin_frame_address(0));
    f->call_rsp = 0;
    f->prev = seh_frames;
    seh_frames = f;
}

void seh_pop_frame(struct seh_frame *f)
{
    /* Normally f is on top; anything above it was left by a restore. */
    for (struct seh_frame *p = seh_frames; p; p = p->prev) {
        if (p == f) {
            seh_frames = f->prev;
            return;
        }
    }
}

void seh_prune_frames(ULONG64 rsp)
{
    /* Records live in host frames on the stack: once a context is resumed
     * above them (a restore to an outer frame), they are gone. */
    while (seh_frames && (ULONG64)seh_frames < rsp)
        seh_frames = seh_frames->prev;
}

struct seh_frame *seh_find_frame(ULONG64 rip, ULONG64 rsp)
{
    for (struct seh_frame *p = seh_frames; p; p = p->prev)
        if (p->call_rsp == rsp)
            return p;
    return NULL;
}

struct seh_frame *seh_frame_for(const DISPATCHER_CONTEXT *disp)
{
    for (struct seh_frame *p = seh_frames; p; p = p->prev)
        if (p->dispatch == disp)
            return p;
    return NULL;
}

/* ---- vectored handlers -------------------------------------------------- */

struct vectored {
    struct vectored *next;
    PVECTORED_EXCEPTION_HANDLER fn;
    int refs;            /* 1 while listed, +1 per running call */
    bool removed;
};

static pthread_mutex_t vectored_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vectored *vectored_handlers, *continue_handlers;

static void *add_vectored(struct vectored **list, ULONG first, PVECTORED_EXCEPTION_HANDLER fn)
{
    struct vectored *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->fn = fn;
    v->refs = 1;
    pthread_mutex_lock(&vectored_lock);
    if (first || !*list) {
        v->next = *list;
        *list = v;
    } else {
        struct vectored *p = *list;
        while (p->next)
            p = p->next;
        p->next = v;
    }
    pthread_mutex_unlock(&vectored_lock);
    return v;
}

static ULONG remove_vectored(struct vectored **list, void *handle)
{
    ULONG found = 0;
    pthread_mutex_lock(&vectored_lock);
    for (struct vectored **p = list; *p; p = &(*p)->next) {
        if (*p == handle) {
            struct vectored *v = *p;
            *p = v->next;
            v->removed = true;
            if (--v->refs == 0)
                free(v);
            found = 1;
            break;
        }
    }
    pthread_mutex_unlock(&vectored_lock);
    return found;
}

void *WINAPI ntdll_RtlAddVectoredExceptionHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER fn)
{
    return add_vectored(&vectored_handlers, first, fn);
}
ULONG WINAPI ntdll_RtlRemoveVectoredExceptionHandler(void *handle)
{
    return remove_vectored(&vectored_handlers, handle);
}
void *WINAPI ntdll_RtlAddVectoredContinueHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER fn)
{
    return add_vectored(&continue_handlers, first, fn);
}
ULONG WINAPI ntdll_RtlRemoveVectoredContinueHandler(void *handle)
{
    return remove_vectored(&continue_handlers, handle);
}

/* A guest filter-style callback (one EXCEPTION_POINTERS argument), called
 * through the trampoline so that exceptions inside it are nested ones. */
static LONG call_filter(void *fn, EXCEPTION_POINTERS *ptrs, CONTEXT *ctx)
{
    DISPATCHER_CONTEXT disp = { .ContextRecord = ctx };
    struct seh_frame f = { .kind = SEH_FRAME_DISPATCH, .context = ctx, .dispatch = &disp };
    seh_push_frame(&f);
    LONG r = (LONG)(DWORD)seh_call_handler64((EXCEPTION_RECORD *)ptrs, 0, NULL, NULL, fn, &f);
    seh_pop_frame(&f);
    return r;
}

/* Call the handlers of a list in order; the lock is not held during a call
 * (a handler may add or remove handlers), a reference keeps the entry alive. */
static LONG call_vectored(struct vectored **list, EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    pthread_mutex_lock(&vectored_lock);
    struct vectored *v = *list;
    if (v)
        v->refs++;
    while (v) {
        pthread_mutex_unlock(&vectored_lock);
        LONG r = v->removed ? EXCEPTION_CONTINUE_SEARCH : call_filter((void *)v->fn, &ptrs, ctx);
        pthread_mutex_lock(&vectored_lock);
        struct vectored *next = v->removed ? NULL : v->next;
        if (next)
            next->refs++;
        if (--v->refs == 0)
            free(v);
        if (r == EXCEPTION_CONTINUE_EXECUTION) {
            if (next && --next->refs == 0)
                free(next);
            pthread_mutex_unlock(&vectored_lock);
            return r;
        }
        v = next;
    }
    pthread_mutex_unlock(&vectored_lock);
    return EXCEPTION_CONTINUE_SEARCH;
}

/* ---- names and the report ----------------------------------------------- */

const char *seh_status_name(DWORD code)
{
    switch (code) {
    case STATUS_ACCESS_VIOLATION: return "access violation";
    case STATUS_IN_PAGE_ERROR: return "in-page error";
    case STATUS_INVALID_HANDLE: return "invalid handle";
    case STATUS_NO_MEMORY: return "out of memory";
    case STATUS_ILLEGAL_INSTRUCTION: return "illegal instruction";
    case STATUS_PRIVILEGED_INSTRUCTION: return "privileged instruction";
    case STATUS_NONCONTINUABLE_EXCEPTION: return "noncontinuable exception";
    case STATUS_INVALID_DISPOSITION: return "invalid disposition";
    case STATUS_ARRAY_BOUNDS_EXCEEDED: return "array bounds exceeded";
    case STATUS_FLOAT_DENORMAL_OPERAND: return "floating-point denormal operand";
    case STATUS_FLOAT_DIVIDE_BY_ZERO: return "floating-point division by zero";
    case STATUS_FLOAT_INEXACT_RESULT: return "floating-point inexact result";
    case STATUS_FLOAT_INVALID_OPERATION: return "floating-point invalid operation";
    case STATUS_FLOAT_OVERFLOW: return "floating-point overflow";
    case STATUS_FLOAT_STACK_CHECK: return "floating-point stack check";
    case STATUS_FLOAT_UNDERFLOW: return "floating-point underflow";
    case STATUS_FLOAT_MULTIPLE_TRAPS: return "floating-point multiple traps";
    case STATUS_INTEGER_DIVIDE_BY_ZERO: return "integer division by zero";
    case STATUS_INTEGER_OVERFLOW: return "integer overflow";
    case STATUS_STACK_OVERFLOW: return "stack overflow";
    case STATUS_BAD_STACK: return "bad stack";
    case STATUS_INVALID_UNWIND_TARGET: return "invalid unwind target";
    case STATUS_DATATYPE_MISALIGNMENT: return "datatype misalignment";
    case STATUS_BREAKPOINT: return "breakpoint";
    case STATUS_SINGLE_STEP: return "single step";
    case STATUS_CONTROL_C_EXIT: return "control-C exit";
    case 0xC0000409u: return "stack buffer overrun / fast fail";
    case 0x20474343u: return "uncaught C++ exception (GCC)";
    case 0xE06D7363u: return "uncaught C++ exception (MSVC)";
    default: return NULL;
    }
}

static void describe_address(char *buf, size_t n, ULONG64 addr)
{
    struct module *m = module_from_address((const void *)addr);
    if (m)
        snprintf(buf, n, "%#llx in %s+%#llx", (unsigned long long)addr, m->name,
                 (unsigned long long)(addr - (ULONG64)m->base));
    else
        snprintf(buf, n, "%#llx", (unsigned long long)addr);
}

void seh_report(const EXCEPTION_RECORD *rec)
{
    char where[300], extra[160] = "";
    const char *name = seh_status_name(rec->ExceptionCode);
    describe_address(where, sizeof where, (ULONG64)rec->ExceptionAddress);
    if (rec->ExceptionCode == STATUS_ACCESS_VIOLATION && rec->NumberParameters >= 2) {
        ULONG_PTR kind = rec->ExceptionInformation[0], addr = rec->ExceptionInformation[1];
        if (addr == ~(ULONG_PTR)0)
            snprintf(extra, sizeof extra, ", general protection fault");
        else
            snprintf(extra, sizeof extra, ", %s address %#llx",
                     kind == 1 ? "writing" : kind == 8 ? "executing" : "reading", (unsigned long long)addr);
    } else if (rec->NumberParameters) {
        int o = snprintf(extra, sizeof extra, ", parameters");
        for (DWORD i = 0; i < rec->NumberParameters && i < 4 && o < (int)sizeof extra; i++)
            o += snprintf(extra + o, sizeof extra - (size_t)o, " %#llx",
                          (unsigned long long)rec->ExceptionInformation[i]);
    }
    fprintf(stderr, "mimic: unhandled exception %#x%s%s%s at %s%s\n", rec->ExceptionCode,
            name ? " (" : "", name ? name : "", name ? ")" : "", where, extra);
}

void seh_unhandled(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    seh_report(rec);
    process_exit(rec->ExceptionCode);
}

/* ---- dispatch ------------------------------------------------------------ */

void seh_raise_status(DWORD status, EXCEPTION_RECORD *nested, CONTEXT *ctx)
{
    EXCEPTION_RECORD rec = { .ExceptionCode = status, .ExceptionFlags = EXCEPTION_NONCONTINUABLE,
                             .ExceptionRecord = nested, .ExceptionAddress = (void *)ctx->Rip };
    CONTEXT copy = *ctx;
    seh_raise(&rec, &copy);
}

/* Frame-based handlers. Returns true when one of them continued execution. */
static bool dispatch_frames(EXCEPTION_RECORD *rec, CONTEXT *orig)
{
    CONTEXT ctx = *orig;
    DISPATCHER_CONTEXT disp;
    UNWIND_HISTORY_TABLE history;
    ULONG64 nested_frame = 0;

    memset(&history, 0, sizeof history);
    for (;;) {
        struct seh_frame *hit;
        memset(&disp, 0, sizeof disp);
        int r = seh_unwind_frame(UNW_FLAG_EHANDLER, &disp, &ctx, &hit);
        if (r < 0)
            return false;
        if (r > 0) {
            if (hit->kind == SEH_FRAME_DISPATCH) {
                /* An exception raised inside a handler (or filter) of an
                 * older dispatch: it is nested up to that handler's frame,
                 * and the search goes on where the older one was raised. */
                if (hit->dispatch && nested_frame < hit->dispatch->EstablisherFrame)
                    nested_frame = hit->dispatch->EstablisherFrame;
                if (nested_frame)
                    rec->ExceptionFlags |= EXCEPTION_NESTED_CALL;
            }
            /* inside a termination handler: go on with RtlUnwindEx's caller */
            ctx = *hit->context;
            continue;
        }
        if (!disp.LanguageHandler)
            continue;
        disp.ContextRecord = &ctx;
        disp.HistoryTable = &history;
        struct seh_frame f = { .kind = SEH_FRAME_DISPATCH, .context = orig, .dispatch = &disp };
        TRACE("calling handler %p frame %#llx pc %#llx\n", (void *)disp.LanguageHandler,
              (unsigned long long)disp.EstablisherFrame, (unsigned long long)disp.ControlPc);
        seh_push_frame(&f);
        EXCEPTION_DISPOSITION res = seh_call_handler(rec, disp.EstablisherFrame, orig, &disp,
                                                     disp.LanguageHandler, &f);
        seh_pop_frame(&f);
        TRACE("handler %p returned %d\n", (void *)disp.LanguageHandler, res);
        if (nested_frame && disp.EstablisherFrame == nested_frame) {
            nested_frame = 0;
            rec->ExceptionFlags &= ~EXCEPTION_NESTED_CALL;
        }
        switch (res) {
        case ExceptionContinueExecution:
            if (rec->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
                seh_raise_status(STATUS_NONCONTINUABLE_EXCEPTION, rec, orig);
            return true;
        case ExceptionContinueSearch:
            break;
        default:
            seh_raise_status(STATUS_INVALID_DISPOSITION, rec, orig);
        }
    }
}

void seh_dispatch(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    TRACE("code %#x flags %#x addr %p rip %#llx rsp %#llx\n", rec->ExceptionCode, rec->ExceptionFlags,
          rec->ExceptionAddress, (unsigned long long)ctx->Rip, (unsigned long long)ctx->Rsp);
    /* Handlers that keep raising inside handlers would recurse forever. */
    int depth = 0;
    seh_prune_frames((ULONG64)__builtin_frame_address(0));
    for (struct seh_frame *p = seh_frames; p; p = p->prev)
        depth++;
    if (depth > 64) {
        fprintf(stderr, "mimic: exceptions nested too deeply while dispatching\n");
        seh_unhandled(rec, ctx);
    }
    if (call_vectored(&vectored_handlers, rec, ctx) == EXCEPTION_CONTINUE_EXECUTION)
        goto handled;
    if (dispatch_frames(rec, ctx))
        goto handled;

    /* Unhandled: the top-level filter, as the __except around a thread's
     * start routine calls it on Windows. */
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    LONG r = call_filter((void *)kernel32_UnhandledExceptionFilter, &ptrs, ctx);
    if (r == EXCEPTION_CONTINUE_EXECUTION) {
        if (rec->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
            seh_raise_status(STATUS_NONCONTINUABLE_EXCEPTION, rec, ctx);
        goto handled;
    }
    if (r != EXCEPTION_EXECUTE_HANDLER)   /* the filter reported nothing: say it here */
        seh_report(rec);
    process_exit(rec->ExceptionCode);

handled:
    call_vectored(&continue_handlers, rec, ctx);
}

void seh_dispatch_and_continue(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    seh_dispatch(rec, ctx);
    seh_restore_context(ctx);
}

void seh_raise(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    seh_dispatch_and_continue(rec, ctx);
}

/* RtlRaiseException(rec): raised in the caller's context (the stub captured
 * it), at the caller's return address. */
ULONG64 seh_raise_exception_entry(ULONG64 rec, ULONG64 a2, ULONG64 a3, ULONG64 a4, CONTEXT *ctx, ULONG64 *stack)
{
    EXCEPTION_RECORD *r = (EXCEPTION_RECORD *)rec;
    r->ExceptionAddress = (void *)ctx->Rip;
    seh_raise(r, ctx);
}
SEH_CAPTURE_STUB(ntdll_RtlRaiseException, seh_raise_exception_entry);

/* RtlRaiseStatus(status): a noncontinuable exception with that code. */
ULONG64 seh_raise_status_entry(ULONG64 status, ULONG64 a2, ULONG64 a3, ULONG64 a4, CONTEXT *ctx, ULONG64 *stack)
{
    EXCEPTION_RECORD r = { .ExceptionCode = (DWORD)status, .ExceptionFlags = EXCEPTION_NONCONTINUABLE,
                           .ExceptionAddress = (void *)ctx->Rip };
    seh_raise(&r, ctx);
}
SEH_CAPTURE_STUB(ntdll_RtlRaiseStatus, seh_raise_status_entry);

LONG seh_call_filter(void *fn, EXCEPTION_POINTERS *ptrs)
{
    return call_filter(fn, ptrs, ptrs->ContextRecord);
}
