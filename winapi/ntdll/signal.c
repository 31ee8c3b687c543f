/*
 * signal.c - hardware exceptions in guest code: the host signal (SIGSEGV,
 * SIGBUS, SIGILL, SIGFPE, SIGTRAP) becomes an EXCEPTION_RECORD and a CONTEXT
 * (general registers from the signal context, x87/SSE state from its FXSAVE
 * image), written to the guest's own stack below the faulting RSP. The
 * handler then returns into seh_fault_entry on that stack, which runs the
 * dispatcher in normal (non-signal) context, as Windows' kernel hands a
 * fault to KiUserExceptionDispatcher in user mode. The signal mask and the
 * alternate stack are released by the ordinary sigreturn.
 *
 * A fault whose RIP is inside an ELF object (mimic itself, libc, ...) is a
 * bug in mimic, not a guest exception: it is reported with its address and
 * the process dies of the signal.
 *
 * Stack overflows are detected (a fault at the bottom of the thread's
 * stack) but cannot be handled: there is no room left to run handlers, and
 * Linux has no guard-page-with-reserve mechanism. They are reported as
 * unhandled STATUS_STACK_OVERFLOW.
 */
#include "winapi/ntdll/exception.h"
#include "winapi/module.h"
#include "winapi/process.h"
#include "winapi/teb.h"
#include "winapi/debug.h"

#include <asm/prctl.h>
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

/* Code bytes and unwind-code slots are not 4-byte aligned: read them bytewise. */
static inline LONG unaligned_long(const void *p)
{
    LONG v;
    memcpy(&v, p, sizeof v);
    return v;
}

DEBUG_CHANNEL(seh)

#define STATUS_ASSERTION_FAILURE    0xC0000420u
#define STATUS_STACK_BUFFER_OVERRUN 0xC0000409u

/* What the fault handler leaves on the guest stack. */
struct fault_frame {
    CONTEXT ctx;
    EXCEPTION_RECORD rec;
};

void seh_fault_entry(void);
__asm__(".text\n\t.globl seh_fault_entry\n\t.type seh_fault_entry,@function\n"
        "seh_fault_entry:\n\t"
        "call seh_dispatch_and_continue\n\t"
        "ud2\n\t"
        ".size seh_fault_entry,.-seh_fault_entry\n\t.previous");

bool seh_is_host_code(ULONG64 pc)
{
    Dl_info info;
    return dladdr((void *)pc, &info) != 0;
}

/* The general registers in CONTEXT order (rax rcx rdx rbx rsp rbp rsi rdi r8-r15). */
static const int greg_index[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

static void save_context(CONTEXT *ctx, const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    memset(ctx, 0, sizeof *ctx);
    ctx->ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    for (int i = 0; i < 16; i++)
        (&ctx->Rax)[i] = (DWORD64)g[greg_index[i]];
    ctx->Rip = (DWORD64)g[REG_RIP];
    ctx->EFlags = (DWORD)g[REG_EFL];
    ULONG64 segs = (ULONG64)g[REG_CSGSFS];
    ctx->SegCs = (WORD)segs;
    ctx->SegGs = (WORD)(segs >> 16);
    ctx->SegFs = (WORD)(segs >> 32);
    __asm__("movw %%ss,%0" : "=m"(ctx->SegSs));
    __asm__("movw %%ds,%0" : "=m"(ctx->SegDs));
    __asm__("movw %%es,%0" : "=m"(ctx->SegEs));
    if (uc->uc_mcontext.fpregs) {
        memcpy(&ctx->u.FltSave, uc->uc_mcontext.fpregs, sizeof ctx->u.FltSave);
        ctx->MxCsr = ctx->u.FltSave.MxCsr;
    }
}

/* Instructions that fault with #GP (error code 0) in user mode because they
 * are privileged: Windows reports STATUS_PRIVILEGED_INSTRUCTION for them. */
static bool is_privileged(const BYTE *ip)
{
    for (int i = 0; i < 15; i++) {
        BYTE b = ip[i];
        if (b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65 || b == 0x66 ||
            b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3 || (b & 0xf0) == 0x40)
            continue;
        switch (b) {
        case 0x0f:
            switch (ip[i + 1]) {
            case 0x01: return (ip[i + 2] & 0xc0) != 0xc0 || ip[i + 2] >= 0xd8;  /* lgdt... */
            case 0x06: case 0x08: case 0x09: case 0x20: case 0x21: case 0x22: case 0x23:
            case 0x30: case 0x32: case 0x35:  /* clts invd wbinvd mov cr/dr wrmsr rdmsr sysexit */
                return true;
            }
            return false;
        case 0x6c: case 0x6d: case 0x6e: case 0x6f:   /* ins/outs */
        case 0xe4: case 0xe5: case 0xe6: case 0xe7:   /* in/out imm8 */
        case 0xec: case 0xed: case 0xee: case 0xef:   /* in/out dx */
        case 0xf4: case 0xfa: case 0xfb:              /* hlt cli sti */
            return true;
        default:
            return false;
        }
    }
    return false;
}

/* #DE is both "divide by zero" and "quotient too large"; Linux calls both
 * FPE_INTDIV. Windows reports the second as STATUS_INTEGER_OVERFLOW, so
 * decode the div/idiv and look at its divisor. */
static bool divide_overflow(const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    const BYTE *p = (const BYTE *)g[REG_RIP];
    int rex = 0, opsize16 = 0, addr32 = 0, seg = 0;
    for (int n = 0; n < 14; n++, p++) {
        if (*p == 0x66) opsize16 = 1;
        else if (*p == 0x67) addr32 = 1;
        else if (*p == 0x64 || *p == 0x65) seg = *p;
        else if (*p == 0xf0 || *p == 0xf2 || *p == 0xf3 || *p == 0x2e || *p == 0x36 || *p == 0x3e || *p == 0x26) ;
        else break;
    }
    if ((*p & 0xf0) == 0x40)
        rex = *p++;
    if (*p != 0xf6 && *p != 0xf7)
        return false;
    int size = *p == 0xf6 ? 1 : (rex & 8) ? 8 : opsize16 ? 2 : 4;
    BYTE modrm = *++p;
    p++;
    if (((modrm >> 3) & 7) < 6)
        return false;
    int mod = modrm >> 6, rm = modrm & 7;
    ULONG64 value;
    if (mod == 3) {
        int r = rm | ((rex & 1) << 3);
        if (size == 1 && !rex && rm >= 4)
            value = (ULONG64)g[greg_index[rm - 4]] >> 8;    /* ah ch dh bh */
        else
            value = (ULONG64)g[greg_index[r]];
    } else {
        ULONG64 ea = 0;
        if (rm == 4) {
            BYTE sib = *p++;
            int index = ((sib >> 3) & 7) | ((rex & 2) << 2), base = (sib & 7) | ((rex & 1) << 3);
            if (index != 4)
                ea = (ULONG64)g[greg_index[index]] << (sib >> 6);
            if ((sib & 7) == 5 && mod == 0) {
                ea += (ULONG64)(LONG64)unaligned_long(p);
                p += 4;
            } else
                ea += (ULONG64)g[greg_index[base]];
        } else if (rm == 5 && mod == 0) {
            ea = (ULONG64)(p + 4) + (ULONG64)(LONG64)unaligned_long(p);   /* rip-relative */
            p += 4;
        } else
            ea = (ULONG64)g[greg_index[rm | ((rex & 1) << 3)]];
        if (mod == 1)
            ea += (ULONG64)(LONG64)(signed char)*p;
        else if (mod == 2)
            ea += (ULONG64)(LONG64)unaligned_long(p);
        if (addr32)
            ea &= 0xffffffffu;
        if (seg) {
            unsigned long b = 0;
            syscall(SYS_arch_prctl, seg == 0x65 ? ARCH_GET_GS : ARCH_GET_FS, &b);
            ea += b;
        }
        value = 0;
        memcpy(&value, (const void *)ea, (size_t)size);   /* the CPU just read it */
    }
    if (size < 8)
        value &= (1ull << (size * 8)) - 1;
    return value != 0;
}

static bool is_stack_overflow(const ucontext_t *uc, ULONG64 addr)
{
    struct teb *teb = teb_current();
    ULONG64 limit = (ULONG64)teb->stack_limit;
    ULONG64 rsp = (ULONG64)uc->uc_mcontext.gregs[REG_RSP];
    /* the fault is at (or just past) the bottom of this thread's stack, near RSP */
    return limit && addr < limit + 0x1000 && addr + 0x100000 >= limit && addr + 0x10000 >= rsp - 0x10000
           && rsp < limit + 0x10000;
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGTRAP: return "SIGTRAP";
    default: return "signal";
    }
}

/* A fault in mimic's own code: say where, then die of the signal. */
static void host_crash(int sig, siginfo_t *si, ucontext_t *uc)
{
    ULONG64 rip = (ULONG64)uc->uc_mcontext.gregs[REG_RIP];
    Dl_info info;
    char where[512] = "";
    if (dladdr((void *)rip, &info) && info.dli_fname) {
        const char *obj = strrchr(info.dli_fname, '/') ? strrchr(info.dli_fname, '/') + 1 : info.dli_fname;
        if (info.dli_sname)
            snprintf(where, sizeof where, " (%s, %s+%#llx)", obj, info.dli_sname,
                     (unsigned long long)(rip - (ULONG64)info.dli_saddr));
        else
            snprintf(where, sizeof where, " (%s+%#llx)", obj, (unsigned long long)(rip - (ULONG64)info.dli_fbase));
    }
    fprintf(stderr, "mimic: internal error: %s in mimic's own code at %#llx%s, address %p\n",
            signal_name(sig), (unsigned long long)rip, where, si->si_addr);
    signal(sig, SIG_DFL);   /* returning re-executes the fault, which now kills */
    if (sig == SIGTRAP || si->si_code <= 0)
        raise(sig);
}

/* Print and end the process from the signal handler itself (no room or no
 * way to run handlers: stack overflow, fast fail). */
static void die_now(EXCEPTION_RECORD *rec)
{
    char where[300];
    struct module *m = module_from_address(rec->ExceptionAddress);
    if (m)
        snprintf(where, sizeof where, " in %s+%#llx", m->name,
                 (unsigned long long)((ULONG64)rec->ExceptionAddress - (ULONG64)m->base));
    else
        where[0] = 0;
    fprintf(stderr, "mimic: unhandled exception %#x (%s) at %p%s\n", rec->ExceptionCode,
            seh_status_name(rec->ExceptionCode), rec->ExceptionAddress, where);
    _exit((int)(rec->ExceptionCode & 0xff));
}

static void fault_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    ULONG64 rip = (ULONG64)g[REG_RIP];

    if (!teb_current() || seh_is_host_code(rip) || si->si_code <= 0) {
        host_crash(sig, si, uc);
        return;
    }

    EXCEPTION_RECORD rec;
    memset(&rec, 0, sizeof rec);
    rec.ExceptionAddress = (void *)rip;
    int rip_adjust = 0;
    long trap = g[REG_TRAPNO], err = g[REG_ERR];

    switch (sig) {
    case SIGSEGV:
    case SIGBUS:
        if (sig == SIGBUS && si->si_code == BUS_ADRALN) {
            rec.ExceptionCode = STATUS_DATATYPE_MISALIGNMENT;
            break;
        }
        if (trap == 13 || trap == 11) {          /* #GP, #NP */
            if (!err && is_privileged((const BYTE *)rip)) {
                rec.ExceptionCode = STATUS_PRIVILEGED_INSTRUCTION;
                break;
            }
            if ((err & 7) == 2) {                /* int n without the privilege */
                switch (err >> 3) {
                case 0x29:                       /* __fastfail: no handlers, ever */
                    rec.ExceptionCode = STATUS_STACK_BUFFER_OVERRUN;
                    rec.NumberParameters = 1;
                    rec.ExceptionInformation[0] = (ULONG_PTR)g[REG_RCX];
                    die_now(&rec);
                    return;
                case 0x2c:
                    rec.ExceptionCode = STATUS_ASSERTION_FAILURE;
                    break;
                case 0x2d:                       /* debug service: a breakpoint after it */
                    rec.ExceptionCode = STATUS_BREAKPOINT;
                    rec.NumberParameters = 1;
                    rec.ExceptionInformation[0] = (ULONG_PTR)g[REG_RAX];
                    rip_adjust = 3;
                    rec.ExceptionAddress = (void *)(rip + 3);
                    break;
                }
                if (rec.ExceptionCode)
                    break;
            }
            rec.ExceptionCode = STATUS_ACCESS_VIOLATION;
            rec.NumberParameters = 2;
            rec.ExceptionInformation[0] = 0;
            rec.ExceptionInformation[1] = ~(ULONG_PTR)0;
            break;
        }
        if (trap == 17) {
            rec.ExceptionCode = STATUS_DATATYPE_MISALIGNMENT;
            break;
        }
        if (trap == 12) {
            rec.ExceptionCode = STATUS_STACK_OVERFLOW;
            break;
        }
        rec.ExceptionCode = STATUS_ACCESS_VIOLATION;
        rec.NumberParameters = 2;
        /* page-fault error code: bit 1 write, bit 4 instruction fetch -> 1 / 8 */
        rec.ExceptionInformation[0] = trap == 14 ? (ULONG_PTR)((err >> 1) & 9) : 0;
        rec.ExceptionInformation[1] = (ULONG_PTR)si->si_addr;
        if (is_stack_overflow(uc, (ULONG64)si->si_addr)) {
            rec.ExceptionCode = STATUS_STACK_OVERFLOW;
            die_now(&rec);
            return;
        }
        break;
    case SIGILL:
        rec.ExceptionCode = si->si_code == ILL_PRVOPC ? STATUS_PRIVILEGED_INSTRUCTION : STATUS_ILLEGAL_INSTRUCTION;
        break;
    case SIGFPE:
        switch (si->si_code) {
        case FPE_INTDIV: rec.ExceptionCode = divide_overflow(uc) ? STATUS_INTEGER_OVERFLOW
                                                                 : STATUS_INTEGER_DIVIDE_BY_ZERO; break;
        case FPE_INTOVF: rec.ExceptionCode = STATUS_INTEGER_OVERFLOW; break;
        case FPE_FLTDIV: rec.ExceptionCode = STATUS_FLOAT_DIVIDE_BY_ZERO; break;
        case FPE_FLTOVF: rec.ExceptionCode = STATUS_FLOAT_OVERFLOW; break;
        case FPE_FLTUND: rec.ExceptionCode = STATUS_FLOAT_UNDERFLOW; break;
        case FPE_FLTRES: rec.ExceptionCode = STATUS_FLOAT_INEXACT_RESULT; break;
        case FPE_FLTSUB: rec.ExceptionCode = STATUS_ARRAY_BOUNDS_EXCEEDED; break;
        default: rec.ExceptionCode = STATUS_FLOAT_INVALID_OPERATION; break;
        }
        if (trap == 19) {
            /* SSE (#XM): Windows reports multiple traps with the MXCSR */
            rec.ExceptionCode = STATUS_FLOAT_MULTIPLE_TRAPS;
            rec.NumberParameters = 2;
            rec.ExceptionInformation[0] = 0;
            rec.ExceptionInformation[1] = uc->uc_mcontext.fpregs ? uc->uc_mcontext.fpregs->mxcsr : 0;
        }
        break;
    case SIGTRAP:
        if (si->si_code == TRAP_TRACE || si->si_code == 4 /* TRAP_HWBKPT */) {
            rec.ExceptionCode = STATUS_SINGLE_STEP;
        } else if (rip && ((const BYTE *)rip)[-1] == 0xf1) {     /* icebp */
            rec.ExceptionCode = STATUS_SINGLE_STEP;
        } else {
            /* int3: Windows points both the record and the context at it */
            rec.ExceptionCode = STATUS_BREAKPOINT;
            rec.NumberParameters = 1;
            rec.ExceptionAddress = (void *)(rip - 1);
            rip_adjust = -1;
        }
        break;
    default:
        return;
    }

    ULONG64 rsp = (ULONG64)g[REG_RSP];
    ULONG64 sp = (rsp - 0x20 - sizeof(struct fault_frame)) & ~15ull;
    if (!seh_valid_stack(sp) || !seh_valid_stack(sp - 0x4000)) {
        /* nowhere to run handlers: a stack overflow, or a wild RSP */
        if (rec.ExceptionCode == STATUS_ACCESS_VIOLATION)
            rec.ExceptionCode = STATUS_STACK_OVERFLOW;
        die_now(&rec);
        return;
    }
    struct fault_frame *f = (struct fault_frame *)sp;
    save_context(&f->ctx, uc);
    f->ctx.Rip += (DWORD64)(LONG64)rip_adjust;
    if (rec.ExceptionCode == STATUS_SINGLE_STEP)
        f->ctx.EFlags &= ~0x100u;
    f->rec = rec;

    g[REG_RSP] = (greg_t)sp;
    g[REG_RIP] = (greg_t)seh_fault_entry;
    g[REG_RDI] = (greg_t)&f->rec;
    g[REG_RSI] = (greg_t)&f->ctx;
    g[REG_EFL] &= ~(greg_t)(0x100 | 0x400 | 0x40000);     /* TF DF AC */
    if (uc->uc_mcontext.fpregs) {
        /* the dispatcher is host code: default FPU state, no pending x87 exception */
        uc->uc_mcontext.fpregs->cwd = 0x27f;
        uc->uc_mcontext.fpregs->swd = 0;
        uc->uc_mcontext.fpregs->mxcsr = 0x1f80;
    }
}

void seh_thread_init(void)
{
    size_t size = 64 * 1024;
    long min = sysconf(_SC_SIGSTKSZ);
    if (min > 0 && (size_t)min * 4 > size)
        size = (size_t)min * 4;
    stack_t ss = { 0 };
    if (sigaltstack(NULL, &ss) == 0 && !(ss.ss_flags & SS_DISABLE))
        return;     /* this thread has one already */
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (p == MAP_FAILED)
        return;
    ss.ss_sp = p;
    ss.ss_size = size;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0)
        munmap(p, size);
}

void seh_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    seh_thread_init();
}
