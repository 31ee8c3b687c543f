/*
 * exception.h - Windows x64 structured exception handling inside mimic:
 * the CONTEXT, EXCEPTION_RECORD and unwind structures laid out exactly as
 * Windows has them (programs and their runtimes read them directly), and the
 * interfaces between the pieces:
 *
 *   signal.c     host signals in guest code -> EXCEPTION_RECORD + CONTEXT,
 *                then the thread is redirected to the dispatcher on its own
 *                stack (what KiUserExceptionDispatcher is on Windows)
 *   exception.c  dispatch: vectored handlers, frame handlers found by
 *                unwinding, continue handlers, the unhandled filter, report
 *   unwind.c     function tables, RtlVirtualUnwind, RtlUnwindEx
 *   context.c    RtlCaptureContext, RtlRestoreContext, the context-capturing
 *                entry stubs and the handler-call trampoline (assembly)
 *
 * Host frames in the middle of a guest stack (the dispatcher calling a
 * language handler, an unwind calling a termination handler) have no unwind
 * tables. Instead each call goes through seh_call_handler, which records the
 * stack pointer it calls from in a struct seh_frame; a virtual unwind that
 * returns into that trampoline is recognised by the recorded stack pointer
 * and continues from the state the record describes, as Windows' unwind data
 * for RtlpExecuteHandlerForException/ForUnwind makes it do.
 */
#ifndef MIMIC_WINAPI_NTDLL_EXCEPTION_H
#define MIMIC_WINAPI_NTDLL_EXCEPTION_H

#include "winapi/wintypes.h"
#include <stddef.h>

typedef uint64_t ULONG64;
typedef int64_t LONG64;

typedef struct { ULONGLONG Low; LONGLONG High; } __attribute__((aligned(16))) M128A;

typedef struct {
    WORD ControlWord, StatusWord;
    BYTE TagWord, Reserved1;
    WORD ErrorOpcode;
    DWORD ErrorOffset;
    WORD ErrorSelector, Reserved2;
    DWORD DataOffset;
    WORD DataSelector, Reserved3;
    DWORD MxCsr, MxCsr_Mask;
    M128A FloatRegisters[8];
    M128A XmmRegisters[16];
    BYTE Reserved4[96];
} XMM_SAVE_AREA32;   /* the FXSAVE image, 512 bytes */

typedef struct __attribute__((aligned(16))) {
    DWORD64 P1Home, P2Home, P3Home, P4Home, P5Home, P6Home;   /* 0x00 */
    DWORD ContextFlags;                                       /* 0x30 */
    DWORD MxCsr;                                              /* 0x34 */
    WORD SegCs, SegDs, SegEs, SegFs, SegGs, SegSs;            /* 0x38 */
    DWORD EFlags;                                             /* 0x44 */
    DWORD64 Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;                     /* 0x48 */
    DWORD64 Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi;           /* 0x78 */
    DWORD64 R8, R9, R10, R11, R12, R13, R14, R15;             /* 0xb8 */
    DWORD64 Rip;                                              /* 0xf8 */
    union {
        XMM_SAVE_AREA32 FltSave;                              /* 0x100 */
        struct {
            M128A Header[2];
            M128A Legacy[8];
            M128A Xmm[16];                                    /* 0x1a0 */
        } s;
    } u;
    M128A VectorRegister[26];                                 /* 0x300 */
    DWORD64 VectorControl;                                    /* 0x4a0 */
    DWORD64 DebugControl, LastBranchToRip, LastBranchFromRip;
    DWORD64 LastExceptionToRip, LastExceptionFromRip;         /* 0x4c0 */
} CONTEXT;

_Static_assert(sizeof(XMM_SAVE_AREA32) == 512, "XMM_SAVE_AREA32");
_Static_assert(offsetof(CONTEXT, ContextFlags) == 0x30, "CONTEXT");
_Static_assert(offsetof(CONTEXT, MxCsr) == 0x34, "CONTEXT");
_Static_assert(offsetof(CONTEXT, SegCs) == 0x38, "CONTEXT");
_Static_assert(offsetof(CONTEXT, SegSs) == 0x42, "CONTEXT");
_Static_assert(offsetof(CONTEXT, EFlags) == 0x44, "CONTEXT");
_Static_assert(offsetof(CONTEXT, Dr0) == 0x48, "CONTEXT");
_Static_assert(offsetof(CONTEXT, Dr7) == 0x70, "CONTEXT");
_Static_assert(offsetof(CONTEXT, Rax) == 0x78, "CONTEXT");
_Static_assert(offsetof(CONTEXT, Rsp) == 0x98, "CONTEXT");
_Static_assert(offsetof(CONTEXT, Rbp) == 0xa0, "CONTEXT");
_Static_assert(offsetof(CONTEXT, R8) == 0xb8, "CONTEXT");
_Static_assert(offsetof(CONTEXT, R15) == 0xf0, "CONTEXT");
_Static_assert(offsetof(CONTEXT, Rip) == 0xf8, "CONTEXT");
_Static_assert(offsetof(CONTEXT, u.FltSave) == 0x100, "CONTEXT");
_Static_assert(offsetof(CONTEXT, u.s.Xmm) == 0x1a0, "CONTEXT");
_Static_assert(offsetof(CONTEXT, VectorRegister) == 0x300, "CONTEXT");
_Static_assert(offsetof(CONTEXT, VectorControl) == 0x4a0, "CONTEXT");
_Static_assert(offsetof(CONTEXT, LastExceptionFromRip) == 0x4c8, "CONTEXT");
_Static_assert(sizeof(CONTEXT) == 0x4d0, "CONTEXT");

#define CONTEXT_AMD64              0x00100000u
#define CONTEXT_CONTROL            (CONTEXT_AMD64 | 0x01)
#define CONTEXT_INTEGER            (CONTEXT_AMD64 | 0x02)
#define CONTEXT_SEGMENTS           (CONTEXT_AMD64 | 0x04)
#define CONTEXT_FLOATING_POINT     (CONTEXT_AMD64 | 0x08)
#define CONTEXT_DEBUG_REGISTERS    (CONTEXT_AMD64 | 0x10)
#define CONTEXT_FULL               (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_FLOATING_POINT)
#define CONTEXT_ALL                (CONTEXT_FULL | CONTEXT_SEGMENTS | CONTEXT_DEBUG_REGISTERS)

#define EXCEPTION_MAXIMUM_PARAMETERS 15

typedef struct EXCEPTION_RECORD {
    DWORD ExceptionCode;
    DWORD ExceptionFlags;
    struct EXCEPTION_RECORD *ExceptionRecord;
    void *ExceptionAddress;
    DWORD NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD;

_Static_assert(offsetof(EXCEPTION_RECORD, ExceptionAddress) == 0x10, "EXCEPTION_RECORD");
_Static_assert(offsetof(EXCEPTION_RECORD, ExceptionInformation) == 0x20, "EXCEPTION_RECORD");
_Static_assert(sizeof(EXCEPTION_RECORD) == 0x98, "EXCEPTION_RECORD");

typedef struct { EXCEPTION_RECORD *ExceptionRecord; CONTEXT *ContextRecord; } EXCEPTION_POINTERS;

/* ExceptionFlags */
#define EXCEPTION_NONCONTINUABLE   0x01
#define EXCEPTION_UNWINDING        0x02
#define EXCEPTION_EXIT_UNWIND      0x04
#define EXCEPTION_STACK_INVALID    0x08
#define EXCEPTION_NESTED_CALL      0x10
#define EXCEPTION_TARGET_UNWIND    0x20
#define EXCEPTION_COLLIDED_UNWIND  0x40
#define EXCEPTION_UNWIND           (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND | \
                                    EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND)

/* Filter results (vectored handlers, unhandled filters, __except filters) */
#define EXCEPTION_EXECUTE_HANDLER      1
#define EXCEPTION_CONTINUE_SEARCH      0
#define EXCEPTION_CONTINUE_EXECUTION   (-1)

typedef enum {
    ExceptionContinueExecution = 0,
    ExceptionContinueSearch = 1,
    ExceptionNestedException = 2,
    ExceptionCollidedUnwind = 3,
} EXCEPTION_DISPOSITION;

/* Status codes not in wintypes.h */
#define STATUS_UNWIND              0xC0000027u
#define STATUS_BAD_STACK           0xC0000028u
#define STATUS_INVALID_UNWIND_TARGET 0xC0000029u
#define STATUS_UNWIND_CONSOLIDATE  0x80000029u
#define STATUS_LONGJUMP            0x80000026u
#define STATUS_DATATYPE_MISALIGNMENT 0x80000002u
#define STATUS_FLOAT_DENORMAL_OPERAND 0xC000008Du
#define STATUS_FLOAT_INEXACT_RESULT 0xC000008Fu
#define STATUS_FLOAT_STACK_CHECK   0xC0000092u
#define STATUS_FLOAT_UNDERFLOW     0xC0000093u
#define STATUS_FLOAT_MULTIPLE_FAULTS 0xC00002B4u
#define STATUS_FLOAT_MULTIPLE_TRAPS 0xC00002B5u
#define STATUS_INVALID_PARAMETER   0xC000000Du

typedef struct {
    DWORD BeginAddress;
    DWORD EndAddress;
    DWORD UnwindData;
} RUNTIME_FUNCTION;

#define UNWIND_HISTORY_TABLE_SIZE 12
typedef struct {
    DWORD64 ImageBase;
    RUNTIME_FUNCTION *FunctionEntry;
} UNWIND_HISTORY_TABLE_ENTRY;
typedef struct {
    DWORD Count;
    BYTE LocalHint, GlobalHint, Search, Once;
    DWORD64 LowAddress, HighAddress;
    UNWIND_HISTORY_TABLE_ENTRY Entry[UNWIND_HISTORY_TABLE_SIZE];
} UNWIND_HISTORY_TABLE;

struct DISPATCHER_CONTEXT;
typedef EXCEPTION_DISPOSITION (WINAPI *PEXCEPTION_ROUTINE)(EXCEPTION_RECORD *rec, ULONG64 frame,
                                                           CONTEXT *ctx, struct DISPATCHER_CONTEXT *disp);

typedef struct DISPATCHER_CONTEXT {
    DWORD64 ControlPc;                  /* 0x00 */
    DWORD64 ImageBase;                  /* 0x08 */
    RUNTIME_FUNCTION *FunctionEntry;    /* 0x10 */
    DWORD64 EstablisherFrame;           /* 0x18 */
    DWORD64 TargetIp;                   /* 0x20 */
    CONTEXT *ContextRecord;             /* 0x28 */
    PEXCEPTION_ROUTINE LanguageHandler; /* 0x30 */
    void *HandlerData;                  /* 0x38 */
    UNWIND_HISTORY_TABLE *HistoryTable; /* 0x40 */
    DWORD ScopeIndex;                   /* 0x48 */
    DWORD Fill0;
} DISPATCHER_CONTEXT;
_Static_assert(offsetof(DISPATCHER_CONTEXT, HistoryTable) == 0x40, "DISPATCHER_CONTEXT");
_Static_assert(sizeof(DISPATCHER_CONTEXT) == 0x50, "DISPATCHER_CONTEXT");

typedef struct {
    union { M128A *FloatingContext[16]; };
    union { DWORD64 *IntegerContext[16]; };
} KNONVOLATILE_CONTEXT_POINTERS;
_Static_assert(sizeof(KNONVOLATILE_CONTEXT_POINTERS) == 256, "KNONVOLATILE_CONTEXT_POINTERS");

#define UNW_FLAG_NHANDLER  0
#define UNW_FLAG_EHANDLER  1
#define UNW_FLAG_UHANDLER  2
#define UNW_FLAG_CHAININFO 4

typedef LONG (WINAPI *PVECTORED_EXCEPTION_HANDLER)(EXCEPTION_POINTERS *);
typedef LONG (WINAPI *PTOP_LEVEL_EXCEPTION_FILTER)(EXCEPTION_POINTERS *);

/* ---- seh_frame: host frames on the guest stack (see the top comment) ---- */
enum seh_frame_kind {
    SEH_FRAME_DISPATCH,   /* an exception handler called while dispatching */
    SEH_FRAME_UNWIND,     /* a termination/unwind handler called by RtlUnwindEx */
};
struct seh_frame {
    struct seh_frame *prev;
    enum seh_frame_kind kind;
    ULONG64 call_rsp;             /* RSP after the handler returns into seh_call_handler */
    CONTEXT *context;             /* DISPATCH: the context the exception was raised in */
    DISPATCHER_CONTEXT *dispatch; /* the dispatcher context of the handler being called */
};

/* SEH_CAPTURE_STUB(export, impl): an export (Microsoft ABI, up to 4 register
 * arguments plus stack ones) that captures its caller's CONTEXT - Rip = the
 * return address, Rsp = the stack pointer after the return, every other
 * register as the caller left it - and calls
 *     ULONG64 impl(a1, a2, a3, a4, CONTEXT *ctx, ULONG64 *stack_args)
 * (host ABI). If impl returns, the caller's non-volatile registers that the
 * host ABI does not preserve (rsi, rdi, xmm6-15) are reloaded from ctx.
 * Used for RaiseException, RtlUnwindEx, longjmp ...: functions whose
 * context is the guest's caller, as if they were part of the caller. */
#define SEH_CAPTURE_STUB(export, impl) \
    __asm__(".text\n\t.globl " #export "\n\t.type " #export ",@function\n" #export ":\n\t" \
            "subq $0x4f8,%rsp\n\t" \
            "movq %rcx,0x4f0(%rsp)\n\t" \
            "leaq 0x20(%rsp),%rcx\n\t" \
            "call seh_capture_regs\n\t" \
            "leaq 0x20(%rsp),%rax\n\t" \
            "movq 0x4f0(%rsp),%rcx\n\t" \
            "movq %rcx,0x80(%rax)\n\t" \
            "leaq 0x500(%rsp),%r10\n\t" \
            "movq %r10,0x98(%rax)\n\t" \
            "movq 0x4f8(%rsp),%r10\n\t" \
            "movq %r10,0xf8(%rax)\n\t" \
            "movq %rcx,%rdi\n\t" \
            "movq %rdx,%rsi\n\t" \
            "movq %r8,%rdx\n\t" \
            "movq %r9,%rcx\n\t" \
            "movq %rax,%r8\n\t" \
            "leaq 0x520(%rsp),%r9\n\t" \
            "call " #impl "\n\t" \
            "leaq 0x20(%rsp),%r10\n\t" \
            "movq 0xa8(%r10),%rsi\n\t" \
            "movq 0xb0(%r10),%rdi\n\t" \
            "movdqa 0x200(%r10),%xmm6\n\t" \
            "movdqa 0x210(%r10),%xmm7\n\t" \
            "movdqa 0x220(%r10),%xmm8\n\t" \
            "movdqa 0x230(%r10),%xmm9\n\t" \
            "movdqa 0x240(%r10),%xmm10\n\t" \
            "movdqa 0x250(%r10),%xmm11\n\t" \
            "movdqa 0x260(%r10),%xmm12\n\t" \
            "movdqa 0x270(%r10),%xmm13\n\t" \
            "movdqa 0x280(%r10),%xmm14\n\t" \
            "movdqa 0x290(%r10),%xmm15\n\t" \
            "addq $0x4f8,%rsp\n\t" \
            "ret\n\t" \
            ".size " #export ",.-" #export "\n\t.previous")

/* context.c */
void WINAPI ntdll_RtlCaptureContext(CONTEXT *ctx);
__attribute__((noreturn)) void WINAPI ntdll_RtlRestoreContext(CONTEXT *ctx, EXCEPTION_RECORD *rec);
/* Restore a context without the consolidation callback (after pruning seh frames). */
__attribute__((noreturn)) void seh_restore_context(const CONTEXT *ctx);
/* Call a language handler (Microsoft ABI) through the recorded trampoline. */
EXCEPTION_DISPOSITION seh_call_handler(EXCEPTION_RECORD *rec, ULONG64 frame, CONTEXT *ctx,
                                       DISPATCHER_CONTEXT *disp, PEXCEPTION_ROUTINE handler,
                                       struct seh_frame *record);
/* The same, returning the callee's whole rax (filters' LONG, consolidation callbacks' addresses). */
ULONG64 seh_call_handler64(EXCEPTION_RECORD *rec, ULONG64 frame, CONTEXT *ctx, DISPATCHER_CONTEXT *disp,
                           void *fn, struct seh_frame *record);
extern const char seh_call_handler_ret[];   /* the return address inside the trampoline */

/* seh frame bookkeeping (exception.c) */
void seh_push_frame(struct seh_frame *f);
void seh_pop_frame(struct seh_frame *f);
void seh_prune_frames(ULONG64 rsp);           /* drop records below rsp: their frames are gone */
struct seh_frame *seh_find_frame(ULONG64 rip, ULONG64 rsp);
/* The record of the handler call that received disp (NULL if none). */
struct seh_frame *seh_frame_for(const DISPATCHER_CONTEXT *disp);

/* unwind.c */
RUNTIME_FUNCTION *WINAPI ntdll_RtlLookupFunctionEntry(ULONG64 pc, ULONG64 *base, UNWIND_HISTORY_TABLE *table);
PEXCEPTION_ROUTINE WINAPI ntdll_RtlVirtualUnwind(ULONG type, ULONG64 base, ULONG64 pc, RUNTIME_FUNCTION *func,
                                                 CONTEXT *ctx, void **data, ULONG64 *frame,
                                                 KNONVOLATILE_CONTEXT_POINTERS *ptrs);
/* One step up the guest stack from ctx (a frame with unwind data, or a leaf).
 * Fills disp (handler, frame ...) and returns 0, or -1 when ctx is not in
 * code that can be unwound (host code: the bottom of the guest's stack), or
 * 1 when ctx returns into seh_call_handler: *hit is the record, ctx unchanged. */
int seh_unwind_frame(ULONG type, DISPATCHER_CONTEXT *disp, CONTEXT *ctx, struct seh_frame **hit);
/* RtlUnwindEx for a caller that has captured its own context (longjmp). */
__attribute__((noreturn)) void seh_unwind_from(ULONG64 frame, ULONG64 ip, EXCEPTION_RECORD *rec, ULONG64 retval,
                                               CONTEXT *caller);
/* Is the stack pointer inside this thread's stack (TEB limits)? */
bool seh_valid_stack(ULONG64 sp);

/* exception.c */
/* Dispatch a first-chance exception; returns when it was handled (the
 * context may then be resumed), otherwise ends the process. */
void seh_dispatch(EXCEPTION_RECORD *rec, CONTEXT *ctx);
__attribute__((noreturn)) void seh_dispatch_and_continue(EXCEPTION_RECORD *rec, CONTEXT *ctx);
/* Raise rec in ctx (the caller's context) and continue ctx if handled. */
__attribute__((noreturn)) void seh_raise(EXCEPTION_RECORD *rec, CONTEXT *ctx);
/* Raise a noncontinuable status (STATUS_INVALID_DISPOSITION ...) about
 * nested, searching handlers from ctx. */
__attribute__((noreturn)) void seh_raise_status(DWORD status, EXCEPTION_RECORD *nested, CONTEXT *ctx);
const char *seh_status_name(DWORD code);
/* Print "mimic: unhandled exception 0x... (name) at ADDR in MODULE+OFF, ..." on stderr. */
void seh_report(const EXCEPTION_RECORD *rec);
/* Call a guest filter (LONG WINAPI fn(EXCEPTION_POINTERS *)) so that exceptions inside it nest. */
LONG seh_call_filter(void *fn, EXCEPTION_POINTERS *ptrs);
/* The default end of an unhandled exception: report on stderr, exit with the code. */
__attribute__((noreturn)) void seh_unhandled(EXCEPTION_RECORD *rec, CONTEXT *ctx);
/* Where kernel32 keeps the filter; the unhandled path calls kernel32's UnhandledExceptionFilter. */
LONG WINAPI kernel32_UnhandledExceptionFilter(EXCEPTION_POINTERS *ptrs);

/* signal.c */
void seh_init(void);              /* process start-up: signal handlers, main thread */
void seh_thread_init(void);       /* every thread that runs guest code: alternate signal stack */
bool seh_is_host_code(ULONG64 pc);

#endif
