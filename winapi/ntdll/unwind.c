/*
 * unwind.c - x64 table-based unwinding, as Windows does it: function tables
 * (each PE module's .pdata, plus the dynamic tables JITs register), the
 * unwind codes of .xdata (RtlVirtualUnwind, with the epilog detection that
 * lets Windows unwind from the middle of an epilog), and RtlUnwindEx, which
 * walks the stack calling termination handlers up to a target frame and then
 * resumes there.
 *
 *   UNWIND_INFO  byte 0: version (bits 0-2), flags (bits 3-7)
 *                byte 1: size of prolog     byte 2: count of codes
 *                byte 3: frame register (bits 0-3), scaled offset (bits 4-7)
 *                codes[count rounded up to even], then the handler RVA and
 *                its data (E/UHANDLER) or a chained RUNTIME_FUNCTION.
 *   UNWIND_CODE  byte 0: prolog offset after the instruction
 *                byte 1: operation (bits 0-3), info (bits 4-7)
 */
#include "winapi/ntdll/exception.h"
#include "winapi/module.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Code bytes and unwind-code slots are not 4-byte aligned: read them bytewise. */
static inline LONG unaligned_long(const void *p)
{
    LONG v;
    memcpy(&v, p, sizeof v);
    return v;
}

DEBUG_CHANNEL(unwind)

enum {
    UWOP_PUSH_NONVOL = 0, UWOP_ALLOC_LARGE, UWOP_ALLOC_SMALL, UWOP_SET_FPREG, UWOP_SAVE_NONVOL,
    UWOP_SAVE_NONVOL_FAR, UWOP_EPILOG /* v2; v1: SAVE_XMM */, UWOP_SPARE /* v1: SAVE_XMM_FAR */,
    UWOP_SAVE_XMM128, UWOP_SAVE_XMM128_FAR, UWOP_PUSH_MACHFRAME,
};

struct unwind_info {
    BYTE version_flags;
    BYTE prolog;
    BYTE count;
    BYTE frame;
    struct { BYTE offset, op; } codes[];   /* op: operation | info << 4 */
};

static inline int info_version(const struct unwind_info *i) { return i->version_flags & 7; }
static inline int info_flags(const struct unwind_info *i) { return i->version_flags >> 3; }
static inline int frame_reg(const struct unwind_info *i) { return i->frame & 15; }
static inline int frame_off(const struct unwind_info *i) { return (i->frame >> 4) * 16; }

/* ---- dynamic function tables ------------------------------------------- */

typedef RUNTIME_FUNCTION *(WINAPI *function_table_callback)(ULONG64 pc, void *context);

struct dynamic_table {
    struct dynamic_table *next;
    ULONG64 id;                   /* the table pointer, or the callback's TableIdentifier */
    ULONG64 base, begin, end;     /* image base; [begin, end) addresses covered */
    RUNTIME_FUNCTION *table;
    DWORD count;
    function_table_callback callback;
    void *context;
};

static pthread_rwlock_t dyn_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct dynamic_table *dyn_tables;

BOOLEAN WINAPI ntdll_RtlAddFunctionTable(RUNTIME_FUNCTION *table, DWORD count, ULONG64 base)
{
    if (!table)
        return FALSE;
    struct dynamic_table *t = calloc(1, sizeof *t);
    if (!t)
        return FALSE;
    t->id = (ULONG64)table;
    t->table = table;
    t->count = count;
    t->base = base;
    t->begin = ~0ull;
    for (DWORD i = 0; i < count; i++) {
        if (base + table[i].BeginAddress < t->begin) t->begin = base + table[i].BeginAddress;
        if (base + table[i].EndAddress > t->end) t->end = base + table[i].EndAddress;
    }
    pthread_rwlock_wrlock(&dyn_lock);
    t->next = dyn_tables;
    dyn_tables = t;
    pthread_rwlock_unlock(&dyn_lock);
    TRACE("%p count %u base %#llx\n", (void *)table, count, (unsigned long long)base);
    return TRUE;
}

/* The identifier's low two bits must be 3: that is how Windows tells a
 * callback registration from a table pointer in RtlDeleteFunctionTable. */
BOOLEAN WINAPI ntdll_RtlInstallFunctionTableCallback(ULONG64 id, ULONG64 base, DWORD length,
                                                     function_table_callback cb, void *context,
                                                     const WCHAR *out_of_process_dll)
{
    if ((id & 3) != 3 || !cb)
        return FALSE;
    struct dynamic_table *t = calloc(1, sizeof *t);
    if (!t)
        return FALSE;
    t->id = id;
    t->base = base;
    t->begin = base;
    t->end = base + length;
    t->callback = cb;
    t->context = context;
    pthread_rwlock_wrlock(&dyn_lock);
    t->next = dyn_tables;
    dyn_tables = t;
    pthread_rwlock_unlock(&dyn_lock);
    return TRUE;
}

BOOLEAN WINAPI ntdll_RtlDeleteFunctionTable(RUNTIME_FUNCTION *table)
{
    pthread_rwlock_wrlock(&dyn_lock);
    for (struct dynamic_table **p = &dyn_tables; *p; p = &(*p)->next) {
        if ((*p)->id == (ULONG64)table) {
            struct dynamic_table *t = *p;
            *p = t->next;
            pthread_rwlock_unlock(&dyn_lock);
            free(t);
            return TRUE;
        }
    }
    pthread_rwlock_unlock(&dyn_lock);
    return FALSE;
}

/* Binary search of a table sorted by BeginAddress. */
static RUNTIME_FUNCTION *search_table(RUNTIME_FUNCTION *table, DWORD count, ULONG64 base, ULONG64 pc)
{
    if (pc < base)
        return NULL;
    ULONG64 rva = pc - base;
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rva < table[mid].BeginAddress)
            hi = mid;
        else if (rva >= table[mid].EndAddress)
            lo = mid + 1;
        else {
            RUNTIME_FUNCTION *f = &table[mid];
            /* RUNTIME_FUNCTION_INDIRECT: the unwind data is another entry. */
            if (f->UnwindData & 1)
                f = (RUNTIME_FUNCTION *)(base + (f->UnwindData & ~1u));
            return f;
        }
    }
    return NULL;
}

RUNTIME_FUNCTION *WINAPI ntdll_RtlLookupFunctionEntry(ULONG64 pc, ULONG64 *base, UNWIND_HISTORY_TABLE *history)
{
    RUNTIME_FUNCTION *f = NULL;
    struct module *m = module_from_address((const void *)pc);
    if (m && m->npdata) {
        f = search_table((RUNTIME_FUNCTION *)m->pdata, (DWORD)m->npdata, (ULONG64)m->base, pc);
        if (f) {
            if (base) *base = (ULONG64)m->base;
            return f;
        }
    }
    pthread_rwlock_rdlock(&dyn_lock);
    for (struct dynamic_table *t = dyn_tables; t && !f; t = t->next) {
        if (pc < t->begin || pc >= t->end)
            continue;
        if (t->callback) {
            function_table_callback cb = t->callback;
            void *cx = t->context;
            ULONG64 b = t->base;
            pthread_rwlock_unlock(&dyn_lock);
            f = cb(pc, cx);
            if (f && base) *base = b;
            return f;
        }
        f = search_table(t->table, t->count, t->base, pc);
        if (f && base) *base = t->base;
    }
    pthread_rwlock_unlock(&dyn_lock);
    if (!f && base)
        *base = 0;
    return f;
}

/* RtlPcToFileHeader: the base of the module holding pc (PE or built-in). */
void *WINAPI ntdll_RtlPcToFileHeader(void *pc, void **base)
{
    struct module *m = module_from_address(pc);
    void *b = m ? m->base : NULL;
    if (base)
        *base = b;
    return b;
}

/* ---- RtlVirtualUnwind --------------------------------------------------- */

static DWORD64 *int_reg(CONTEXT *ctx, int reg) { return &ctx->Rax + reg; }

static void pop_int(CONTEXT *ctx, KNONVOLATILE_CONTEXT_POINTERS *ptrs, int reg, DWORD64 *where)
{
    *int_reg(ctx, reg) = *where;
    if (ptrs)
        ptrs->IntegerContext[reg] = where;
}

static void load_xmm(CONTEXT *ctx, KNONVOLATILE_CONTEXT_POINTERS *ptrs, int reg, M128A *where)
{
    memcpy(&ctx->u.s.Xmm[reg], where, sizeof(M128A));
    if (ptrs)
        ptrs->FloatingContext[reg] = where;
}

static int code_slots(const struct unwind_info *info, int i)
{
    int op = info->codes[i].op & 15, opinfo = info->codes[i].op >> 4;
    switch (op) {
    case UWOP_ALLOC_LARGE: return opinfo ? 3 : 2;
    case UWOP_SAVE_NONVOL: case UWOP_SAVE_XMM128: return 2;
    case UWOP_SAVE_NONVOL_FAR: case UWOP_SAVE_XMM128_FAR: return 3;
    case UWOP_EPILOG: return info_version(info) >= 2 ? 1 : 2;
    case UWOP_SPARE: return 3;
    default: return 1;
    }
}

static bool in_function(ULONG64 base, const RUNTIME_FUNCTION *f, ULONG64 pc)
{
    return pc >= base + f->BeginAddress && pc < base + f->EndAddress;
}

/* Is pc at the start of an epilog, or inside one? An epilog, as Windows
 * recognises it: [add rsp,imm | lea rsp,[frame+disp]] pop...  then ret,
 * ret imm16, rep ret, or a jmp that leaves the function (tail call). */
static bool is_epilog(ULONG64 base, const RUNTIME_FUNCTION *f, const struct unwind_info *info, const BYTE *pc)
{
    const BYTE *p = pc;
    if ((p[0] & 0xf8) == 0x48 && p[1] == 0x83 && p[2] == 0xc4)            /* add rsp, imm8 */
        p += 4;
    else if ((p[0] & 0xf8) == 0x48 && p[1] == 0x81 && p[2] == 0xc4)       /* add rsp, imm32 */
        p += 7;
    else if ((p[0] & 0xf8) == 0x48 && p[1] == 0x8d && frame_reg(info)) {  /* lea rsp, [reg+disp] */
        int rm = (p[2] & 7) + ((p[0] & 1) << 3), mod = p[2] >> 6;
        if ((p[2] & 0x38) != 0x20 || rm != frame_reg(info) || (p[2] & 7) == 4)
            return false;
        if (mod == 1) p += 4;
        else if (mod == 2) p += 7;
        else return false;
    }
    for (;;) {
        if ((p[0] & 0xf8) == 0x58) { p++; continue; }                       /* pop r */
        if ((p[0] & 0xf0) == 0x40 && (p[1] & 0xf8) == 0x58) { p += 2; continue; }
        break;
    }
    if (p[0] == 0xc3 || p[0] == 0xc2 || (p[0] == 0xf3 && p[1] == 0xc3))
        return true;
    if (p[0] == 0xe9 || p[0] == 0xeb) {                                      /* jmp rel: a tail call leaves */
        LONG rel = p[0] == 0xe9 ? unaligned_long(p + 1) : (signed char)p[1];
        ULONG64 target = (ULONG64)(p + (p[0] == 0xe9 ? 5 : 2)) + rel;
        return !in_function(base, f, target);
    }
    if (p[0] == 0xff && p[1] == 0x25)                                        /* jmp [rip+disp] */
        return true;
    if ((p[0] & 0xf0) == 0x40 && p[1] == 0xff && (p[2] & 0x38) == 0x20)      /* rex jmp r/m */
        return true;
    return false;
}

/* Execute the rest of the epilog on ctx (the instructions is_epilog accepted). */
static void run_epilog(CONTEXT *ctx, KNONVOLATILE_CONTEXT_POINTERS *ptrs, const struct unwind_info *info, const BYTE *p)
{
    if ((p[0] & 0xf8) == 0x48 && p[1] == 0x83 && p[2] == 0xc4) {
        ctx->Rsp += (signed char)p[3];
        p += 4;
    } else if ((p[0] & 0xf8) == 0x48 && p[1] == 0x81 && p[2] == 0xc4) {
        ctx->Rsp += unaligned_long(p + 3);
        p += 7;
    } else if ((p[0] & 0xf8) == 0x48 && p[1] == 0x8d) {
        int mod = p[2] >> 6;
        LONG disp = mod == 1 ? (signed char)p[3] : unaligned_long(p + 3);
        ctx->Rsp = *int_reg(ctx, frame_reg(info)) + disp;
        p += mod == 1 ? 4 : 7;
    }
    for (;;) {
        if ((p[0] & 0xf8) == 0x58) {
            pop_int(ctx, ptrs, p[0] & 7, (DWORD64 *)ctx->Rsp);
            ctx->Rsp += 8;
            p++;
        } else if ((p[0] & 0xf0) == 0x40 && (p[1] & 0xf8) == 0x58) {
            pop_int(ctx, ptrs, (p[1] & 7) + ((p[0] & 1) << 3), (DWORD64 *)ctx->Rsp);
            ctx->Rsp += 8;
            p += 2;
        } else
            break;
    }
    /* ret or the tail jump: the return address is on top either way */
    ctx->Rip = *(DWORD64 *)ctx->Rsp;
    ctx->Rsp += 8;
}

PEXCEPTION_ROUTINE WINAPI ntdll_RtlVirtualUnwind(ULONG type, ULONG64 base, ULONG64 pc, RUNTIME_FUNCTION *func,
                                                 CONTEXT *ctx, void **data, ULONG64 *frame_ret,
                                                 KNONVOLATILE_CONTEXT_POINTERS *ptrs)
{
    const struct unwind_info *info = (const struct unwind_info *)(base + func->UnwindData);
    ULONG64 offset = pc - base - func->BeginAddress;
    ULONG64 frame = ctx->Rsp;
    bool mach_frame = false, in_prolog = offset < info->prolog;

    if (data)
        *data = NULL;
    if (info_version(info) > 2)
        WARN("unknown unwind info version %d at %#llx\n", info_version(info), (unsigned long long)pc);

    /* An epilog cannot be in the prolog; its state is simply executed forward. */
    if (!in_prolog && is_epilog(base, func, info, (const BYTE *)pc)) {
        if (frame_reg(info))
            frame = *int_reg(ctx, frame_reg(info)) - frame_off(info);
        run_epilog(ctx, ptrs, info, (const BYTE *)pc);
        if (frame_ret)
            *frame_ret = frame;
        return NULL;
    }

    for (;;) {
        for (int i = 0; i < info->count; i += code_slots(info, i)) {
            int op = info->codes[i].op & 15, opinfo = info->codes[i].op >> 4;
            const USHORT *next = (const USHORT *)&info->codes[i + 1];
            if (offset < info->codes[i].offset)
                continue;   /* that prolog instruction has not run yet */
            switch (op) {
            case UWOP_PUSH_NONVOL:
                pop_int(ctx, ptrs, opinfo, (DWORD64 *)ctx->Rsp);
                ctx->Rsp += 8;
                break;
            case UWOP_ALLOC_LARGE:
                ctx->Rsp += opinfo ? (DWORD)unaligned_long(next) : (DWORD)next[0] * 8;
                break;
            case UWOP_ALLOC_SMALL:
                ctx->Rsp += opinfo * 8 + 8;
                break;
            case UWOP_SET_FPREG:
                ctx->Rsp = *int_reg(ctx, frame_reg(info)) - frame_off(info);
                frame = ctx->Rsp;
                break;
            case UWOP_SAVE_NONVOL:
                pop_int(ctx, ptrs, opinfo, (DWORD64 *)(frame + (DWORD)next[0] * 8));
                break;
            case UWOP_SAVE_NONVOL_FAR:
                pop_int(ctx, ptrs, opinfo, (DWORD64 *)(frame + (DWORD)unaligned_long(next)));
                break;
            case UWOP_SAVE_XMM128:
                load_xmm(ctx, ptrs, opinfo, (M128A *)(frame + (DWORD)next[0] * 16));
                break;
            case UWOP_SAVE_XMM128_FAR:
                load_xmm(ctx, ptrs, opinfo, (M128A *)(frame + (DWORD)unaligned_long(next)));
                break;
            case UWOP_PUSH_MACHFRAME:
                if (opinfo)
                    ctx->Rsp += 8;  /* error code */
                ctx->Rip = ((DWORD64 *)ctx->Rsp)[0];
                ctx->EFlags = (DWORD)((DWORD64 *)ctx->Rsp)[2];
                ctx->Rsp = ((DWORD64 *)ctx->Rsp)[3];
                mach_frame = true;
                break;
            case UWOP_EPILOG:
            case UWOP_SPARE:
                break;      /* v2 epilog descriptions / obsolete XMM64 saves: nothing to undo */
            default:
                WARN("bad unwind code %d at %#llx\n", op, (unsigned long long)pc);
                break;
            }
        }
        if (!(info_flags(info) & UNW_FLAG_CHAININFO))
            break;
        func = (RUNTIME_FUNCTION *)&info->codes[(info->count + 1) & ~1];
        info = (const struct unwind_info *)(base + func->UnwindData);
        offset = ~0ull;     /* the parent's prolog ran completely */
    }

    if (!mach_frame) {
        ctx->Rip = *(DWORD64 *)ctx->Rsp;
        ctx->Rsp += 8;
    }
    if (frame_ret)
        *frame_ret = frame;

    if (in_prolog || !(info_flags(info) & type))
        return NULL;
    const DWORD *handler = (const DWORD *)&info->codes[(info->count + 1) & ~1];
    if (data)
        *data = (void *)(handler + 1);
    return (PEXCEPTION_ROUTINE)(base + *handler);
}

/* ---- one frame at a time ------------------------------------------------ */

bool seh_valid_stack(ULONG64 sp)
{
    struct teb *teb = teb_current();
    if (!teb || !teb->stack_base || !teb->stack_limit)
        return sp != 0 && !(sp & 7);
    return !(sp & 7) && sp >= (ULONG64)teb->stack_limit && sp <= (ULONG64)teb->stack_base;
}

int seh_unwind_frame(ULONG type, DISPATCHER_CONTEXT *disp, CONTEXT *ctx, struct seh_frame **hit)
{
    ULONG64 base = 0, frame;
    void *data = NULL;
    *hit = NULL;
    if (ctx->Rip == (ULONG64)seh_call_handler_ret) {
        *hit = seh_find_frame(ctx->Rip, ctx->Rsp);
        return *hit ? 1 : -1;
    }
    if (!seh_valid_stack(ctx->Rsp))
        return -1;
    disp->ControlPc = ctx->Rip;
    RUNTIME_FUNCTION *f = ntdll_RtlLookupFunctionEntry(ctx->Rip, &base, NULL);
    PEXCEPTION_ROUTINE handler = NULL;
    if (f) {
        handler = ntdll_RtlVirtualUnwind(type, base, ctx->Rip, f, ctx, &data, &frame, NULL);
    } else {
        /* No unwind data: a leaf function (or host code, the bottom of the
         * guest's stack: mimic called the entry point or a callback). */
        if (seh_is_host_code(ctx->Rip))
            return -1;
        frame = ctx->Rsp;
        ctx->Rip = *(DWORD64 *)ctx->Rsp;
        ctx->Rsp += 8;
    }
    disp->ImageBase = base;
    disp->FunctionEntry = f;
    disp->EstablisherFrame = frame;
    disp->LanguageHandler = handler;
    disp->HandlerData = data;
    return 0;
}

/* ---- RtlUnwindEx -------------------------------------------------------- */

/* The msvcrt jump buffer (x64) that STATUS_LONGJUMP unwinds restore. */
struct jump_buffer {
    ULONG64 Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12, R13, R14, R15, Rip;
    ULONG MxCsr;
    USHORT FpCsr, Spare;
    M128A Xmm[10];   /* xmm6-15 */
};
_Static_assert(offsetof(struct jump_buffer, Xmm) == 0x60, "jump buffer");
_Static_assert(sizeof(struct jump_buffer) == 256, "jump buffer");

static void __attribute__((noreturn)) unwind_ex(ULONG64 target_frame, ULONG64 target_ip, EXCEPTION_RECORD *rec,
                                                 ULONG64 retval, CONTEXT *caller, UNWIND_HISTORY_TABLE *history)
{
    EXCEPTION_RECORD local_rec;
    if (!rec) {
        memset(&local_rec, 0, sizeof local_rec);
        local_rec.ExceptionCode = STATUS_UNWIND;
        local_rec.ExceptionAddress = (void *)caller->Rip;
        rec = &local_rec;
    }
    rec->ExceptionFlags |= EXCEPTION_UNWINDING;
    if (!target_frame)
        rec->ExceptionFlags |= EXCEPTION_EXIT_UNWIND;
    TRACE("code %#x frame %#llx ip %#llx from %#llx\n", rec->ExceptionCode, (unsigned long long)target_frame,
          (unsigned long long)target_ip, (unsigned long long)caller->Rip);

    CONTEXT ctx = *caller, new_ctx;
    DISPATCHER_CONTEXT disp;
    for (;;) {
        struct seh_frame *hit;
        new_ctx = ctx;
        memset(&disp, 0, sizeof disp);
        int r = seh_unwind_frame(UNW_FLAG_UHANDLER, &disp, &new_ctx, &hit);
        if (r < 0) {
            if (!target_frame)
                break;      /* an exit unwind ends with the stack */
            seh_raise_status(STATUS_BAD_STACK, rec, &ctx);
        }
        if (r > 0) {
            if (hit->kind == SEH_FRAME_DISPATCH) {
                /* the dispatcher's frames: continue where the exception was raised */
                ctx = *hit->context;
                continue;
            }
            /* A collided unwind: this unwind started inside a handler that
             * an older unwind is running. Take over that unwind's state and
             * run its frame's handler again (ScopeIndex tells where it was). */
            disp = *hit->dispatch;
            ctx = *hit->dispatch->ContextRecord;
            new_ctx = ctx;
            if (disp.FunctionEntry) {
                ULONG64 f;
                void *d;
                ntdll_RtlVirtualUnwind(UNW_FLAG_UHANDLER, disp.ImageBase, disp.ControlPc, disp.FunctionEntry,
                                       &new_ctx, &d, &f, NULL);
            }
            rec->ExceptionFlags |= EXCEPTION_COLLIDED_UNWIND;
        }
        if (target_frame && disp.EstablisherFrame > target_frame) {
            /* Past the target without meeting it (a frame address that is no
             * establisher frame): stop here rather than unwind the caller's callers. */
            WARN("unwind target %#llx not found, stopping at %#llx\n", (unsigned long long)target_frame,
                 (unsigned long long)disp.EstablisherFrame);
            break;
        }
        if (disp.LanguageHandler) {
            if (disp.EstablisherFrame == target_frame)
                rec->ExceptionFlags |= EXCEPTION_TARGET_UNWIND;
            disp.ContextRecord = &ctx;
            disp.TargetIp = target_ip;
            disp.HistoryTable = history;
            struct seh_frame u = { .kind = SEH_FRAME_UNWIND, .context = caller, .dispatch = &disp };
            seh_push_frame(&u);
            EXCEPTION_DISPOSITION res = seh_call_handler(rec, disp.EstablisherFrame, &ctx, &disp,
                                                         disp.LanguageHandler, &u);
            seh_pop_frame(&u);
            rec->ExceptionFlags &= ~(EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND);
            if (res != ExceptionContinueSearch)
                seh_raise_status(STATUS_INVALID_DISPOSITION, rec, &ctx);
        }
        if (disp.EstablisherFrame == target_frame)
            break;
        ctx = new_ctx;
    }

    if (rec->ExceptionCode == STATUS_LONGJUMP && rec->NumberParameters >= 1) {
        const struct jump_buffer *jb = (const struct jump_buffer *)rec->ExceptionInformation[0];
        ctx.Rbx = jb->Rbx; ctx.Rsp = jb->Rsp; ctx.Rbp = jb->Rbp; ctx.Rsi = jb->Rsi; ctx.Rdi = jb->Rdi;
        ctx.R12 = jb->R12; ctx.R13 = jb->R13; ctx.R14 = jb->R14; ctx.R15 = jb->R15;
        ctx.MxCsr = jb->MxCsr;
        ctx.u.FltSave.MxCsr = jb->MxCsr;
        ctx.u.FltSave.ControlWord = jb->FpCsr;
        memcpy(&ctx.u.s.Xmm[6], jb->Xmm, sizeof jb->Xmm);
    }
    ctx.Rax = retval;
    if (rec->ExceptionCode != STATUS_UNWIND_CONSOLIDATE)
        ctx.Rip = target_ip;
    ntdll_RtlRestoreContext(&ctx, rec);
}

/* Entered through SEH_CAPTURE_STUB: caller is the guest's context at the call. */
ULONG64 seh_unwind_ex_entry(ULONG64 frame, ULONG64 ip, ULONG64 rec, ULONG64 retval, CONTEXT *caller, ULONG64 *stack)
{
    unwind_ex(frame, ip, (EXCEPTION_RECORD *)rec, retval, caller, (UNWIND_HISTORY_TABLE *)stack[1]);
}
ULONG64 seh_unwind_entry(ULONG64 frame, ULONG64 ip, ULONG64 rec, ULONG64 retval, CONTEXT *caller, ULONG64 *stack)
{
    unwind_ex(frame, ip, (EXCEPTION_RECORD *)rec, retval, caller, NULL);
}
/* For msvcrt's longjmp, which has captured its own caller. */
void seh_unwind_from(ULONG64 frame, ULONG64 ip, EXCEPTION_RECORD *rec, ULONG64 retval, CONTEXT *caller)
{
    unwind_ex(frame, ip, rec, retval, caller, NULL);
}

/* RtlUnwindEx(frame, ip, rec, retval, context, history) and RtlUnwind(frame, ip, rec, retval) */
SEH_CAPTURE_STUB(ntdll_RtlUnwindEx, seh_unwind_ex_entry);
SEH_CAPTURE_STUB(ntdll_RtlUnwind, seh_unwind_entry);
