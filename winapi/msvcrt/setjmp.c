/*
 * msvcrt/setjmp.c - setjmp/longjmp as msvcrt does them on x64, which is what
 * mingw-w64 programs call: setjmp(buf) is _setjmp(buf, frame) with the
 * frame from __builtin_frame_address(0) (mingw's setjmp.h). longjmp with a
 * non-zero frame unwinds to it with RtlUnwind (STATUS_LONGJUMP), so
 * termination handlers and C++ destructors on the way run; with no frame it
 * just loads the registers.
 *
 * The jump buffer (x64, 256 bytes): Frame Rbx Rsp Rbp Rsi Rdi R12-R15 Rip,
 * MxCsr (4), x87 control word (2), spare (2), Xmm6-Xmm15.
 */
#include "winapi/ntdll/exception.h"
#include "winapi/debug.h"

#include <string.h>

DEBUG_CHANNEL(seh)

/* _setjmp(rcx = buf, rdx = frame) and _setjmpex (the same on x64). */
__asm__(".text\n\t"
        ".globl msvcrt__setjmp\n\t.type msvcrt__setjmp,@function\n\t"
        ".globl msvcrt__setjmpex\n\t.type msvcrt__setjmpex,@function\n"
        "msvcrt__setjmp:\n"
        "msvcrt__setjmpex:\n\t"
        "movq %rdx,0x00(%rcx)\n\t"
        "movq %rbx,0x08(%rcx)\n\t"
        "leaq 8(%rsp),%rax\n\t"
        "movq %rax,0x10(%rcx)\n\t"
        "movq %rbp,0x18(%rcx)\n\t"
        "movq %rsi,0x20(%rcx)\n\t"
        "movq %rdi,0x28(%rcx)\n\t"
        "movq %r12,0x30(%rcx)\n\t"
        "movq %r13,0x38(%rcx)\n\t"
        "movq %r14,0x40(%rcx)\n\t"
        "movq %r15,0x48(%rcx)\n\t"
        "movq (%rsp),%rax\n\t"
        "movq %rax,0x50(%rcx)\n\t"
        "stmxcsr 0x58(%rcx)\n\t"
        "fnstcw 0x5c(%rcx)\n\t"
        "movw $0,0x5e(%rcx)\n\t"
        "movdqu %xmm6,0x60(%rcx)\n\t"
        "movdqu %xmm7,0x70(%rcx)\n\t"
        "movdqu %xmm8,0x80(%rcx)\n\t"
        "movdqu %xmm9,0x90(%rcx)\n\t"
        "movdqu %xmm10,0xa0(%rcx)\n\t"
        "movdqu %xmm11,0xb0(%rcx)\n\t"
        "movdqu %xmm12,0xc0(%rcx)\n\t"
        "movdqu %xmm13,0xd0(%rcx)\n\t"
        "movdqu %xmm14,0xe0(%rcx)\n\t"
        "movdqu %xmm15,0xf0(%rcx)\n\t"
        "xorl %eax,%eax\n\t"
        "ret\n\t"
        ".size msvcrt__setjmp,.-msvcrt__setjmp\n\t.previous");

struct jump_buffer {
    ULONG64 Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12, R13, R14, R15, Rip;
    ULONG MxCsr;
    USHORT FpCsr, Spare;
    M128A Xmm[10];
};
_Static_assert(sizeof(struct jump_buffer) == 256, "jump buffer");

/* longjmp(buf, value), entered through the capture stub. */
ULONG64 seh_longjmp_entry(ULONG64 bufp, ULONG64 value, ULONG64 a3, ULONG64 a4, CONTEXT *caller, ULONG64 *stack)
{
    struct jump_buffer jb;
    memcpy(&jb, (const void *)bufp, sizeof jb);
    int v = (int)value ? (int)value : 1;    /* longjmp(buf, 0) returns 1 */
    TRACE("frame %#llx rip %#llx value %d\n", (unsigned long long)jb.Frame, (unsigned long long)jb.Rip, v);
    if (jb.Frame) {
        EXCEPTION_RECORD rec;
        memset(&rec, 0, sizeof rec);
        rec.ExceptionCode = STATUS_LONGJUMP;
        rec.ExceptionAddress = (void *)caller->Rip;
        rec.NumberParameters = 1;
        rec.ExceptionInformation[0] = bufp;
        seh_unwind_from(jb.Frame, jb.Rip, &rec, (ULONG64)(LONG64)v, caller);
    }
    CONTEXT ctx = *caller;
    ctx.Rbx = jb.Rbx; ctx.Rsp = jb.Rsp; ctx.Rbp = jb.Rbp; ctx.Rsi = jb.Rsi; ctx.Rdi = jb.Rdi;
    ctx.R12 = jb.R12; ctx.R13 = jb.R13; ctx.R14 = jb.R14; ctx.R15 = jb.R15;
    ctx.Rip = jb.Rip;
    ctx.MxCsr = jb.MxCsr;
    ctx.u.FltSave.MxCsr = jb.MxCsr;
    ctx.u.FltSave.ControlWord = jb.FpCsr;
    memcpy(&ctx.u.s.Xmm[6], jb.Xmm, sizeof jb.Xmm);
    ctx.Rax = (ULONG64)(LONG64)v;
    seh_restore_context(&ctx);
}
SEH_CAPTURE_STUB(msvcrt_longjmp, seh_longjmp_entry);
