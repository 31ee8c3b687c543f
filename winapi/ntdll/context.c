/*
 * context.c - capturing and restoring x64 CONTEXTs, and the trampoline that
 * calls language handlers (see exception.h for how it is recognised while
 * unwinding). The register work is assembly (top-level __asm__ blocks); the
 * C around it validates what the guest handed us.
 *
 * RtlRestoreContext leaves through iretq, which loads RIP, RSP and RFLAGS in
 * one step, so no scratch slot is needed on the target stack (Windows code
 * keeps nothing below RSP, but a context may target any stack).
 */
#include "winapi/ntdll/exception.h"
#include "winapi/debug.h"

#include <string.h>

DEBUG_CHANNEL(seh)

/* seh_capture_regs(rcx = CONTEXT*): the registers at the call, Rip/Rsp of
 * the caller of the function that called it are fixed by the callers.
 * Clobbers nothing but the CONTEXT (rax is reloaded). The FXSAVE image needs
 * a 16-byte aligned CONTEXT, as Windows requires; an unaligned one gets the
 * XMM registers and MXCSR stored one by one. */
__asm__(".text\n\t.globl seh_capture_regs\n\t.type seh_capture_regs,@function\n"
        "seh_capture_regs:\n\t"
        "movq %rax,0x78(%rcx)\n\t"
        "movq %rcx,0x80(%rcx)\n\t"
        "movq %rdx,0x88(%rcx)\n\t"
        "movq %rbx,0x90(%rcx)\n\t"
        "movq %rbp,0xa0(%rcx)\n\t"
        "movq %rsi,0xa8(%rcx)\n\t"
        "movq %rdi,0xb0(%rcx)\n\t"
        "movq %r8,0xb8(%rcx)\n\t"
        "movq %r9,0xc0(%rcx)\n\t"
        "movq %r10,0xc8(%rcx)\n\t"
        "movq %r11,0xd0(%rcx)\n\t"
        "movq %r12,0xd8(%rcx)\n\t"
        "movq %r13,0xe0(%rcx)\n\t"
        "movq %r14,0xe8(%rcx)\n\t"
        "movq %r15,0xf0(%rcx)\n\t"
        "pushfq\n\t"
        "popq %rax\n\t"
        "movl %eax,0x44(%rcx)\n\t"
        "leaq 8(%rsp),%rax\n\t"
        "movq %rax,0x98(%rcx)\n\t"
        "movq (%rsp),%rax\n\t"
        "movq %rax,0xf8(%rcx)\n\t"
        "movw %cs,0x38(%rcx)\n\t"
        "movw %ds,0x3a(%rcx)\n\t"
        "movw %es,0x3c(%rcx)\n\t"
        "movw %fs,0x3e(%rcx)\n\t"
        "movw %gs,0x40(%rcx)\n\t"
        "movw %ss,0x42(%rcx)\n\t"
        "movl $0x10000f,0x30(%rcx)\n\t"      /* CONTEXT_FULL | CONTEXT_SEGMENTS */
        "stmxcsr 0x34(%rcx)\n\t"
        "testb $15,%cl\n\t"
        "jnz 1f\n\t"
        "fxsaveq 0x100(%rcx)\n\t"
        "jmp 2f\n"
        "1:\tmovdqu %xmm0,0x1a0(%rcx)\n\t"
        "movdqu %xmm1,0x1b0(%rcx)\n\t"
        "movdqu %xmm2,0x1c0(%rcx)\n\t"
        "movdqu %xmm3,0x1d0(%rcx)\n\t"
        "movdqu %xmm4,0x1e0(%rcx)\n\t"
        "movdqu %xmm5,0x1f0(%rcx)\n\t"
        "movdqu %xmm6,0x200(%rcx)\n\t"
        "movdqu %xmm7,0x210(%rcx)\n\t"
        "movdqu %xmm8,0x220(%rcx)\n\t"
        "movdqu %xmm9,0x230(%rcx)\n\t"
        "movdqu %xmm10,0x240(%rcx)\n\t"
        "movdqu %xmm11,0x250(%rcx)\n\t"
        "movdqu %xmm12,0x260(%rcx)\n\t"
        "movdqu %xmm13,0x270(%rcx)\n\t"
        "movdqu %xmm14,0x280(%rcx)\n\t"
        "movdqu %xmm15,0x290(%rcx)\n\t"
        "stmxcsr 0x118(%rcx)\n"               /* FltSave.MxCsr */
        "2:\tmovq 0x78(%rcx),%rax\n\t"
        "ret\n\t"
        ".size seh_capture_regs,.-seh_capture_regs\n\t.previous");

/* RtlCaptureContext: the caller's context, as if at the instruction after
 * the call (Microsoft ABI: the argument is in rcx already). */
__asm__(".text\n\t.globl ntdll_RtlCaptureContext\n\t.type ntdll_RtlCaptureContext,@function\n"
        "ntdll_RtlCaptureContext:\n\t"
        "jmp seh_capture_regs\n\t"
        ".size ntdll_RtlCaptureContext,.-ntdll_RtlCaptureContext\n\t.previous");

/* seh_restore_asm(rdi = aligned, sanitised CONTEXT*): load every register and
 * leave through iretq with the current CS/SS (a guest-edited SegCs could not
 * be valid on Linux anyway). */
void seh_restore_asm(const CONTEXT *ctx) __attribute__((noreturn));
__asm__(".text\n\t.globl seh_restore_asm\n\t.type seh_restore_asm,@function\n"
        "seh_restore_asm:\n\t"
        "movq %rdi,%rcx\n\t"
        "testl $8,0x30(%rcx)\n\t"             /* CONTEXT_FLOATING_POINT */
        "jz 1f\n\t"
        "fxrstorq 0x100(%rcx)\n\t"
        "1:\tldmxcsr 0x34(%rcx)\n\t"
        "movq %ss,%rax\n\t"
        "pushq %rax\n\t"
        "pushq 0x98(%rcx)\n\t"
        "movl 0x44(%rcx),%eax\n\t"
        "pushq %rax\n\t"
        "movq %cs,%rax\n\t"
        "pushq %rax\n\t"
        "pushq 0xf8(%rcx)\n\t"
        "movdqa 0x1a0(%rcx),%xmm0\n\t"
        "movdqa 0x1b0(%rcx),%xmm1\n\t"
        "movdqa 0x1c0(%rcx),%xmm2\n\t"
        "movdqa 0x1d0(%rcx),%xmm3\n\t"
        "movdqa 0x1e0(%rcx),%xmm4\n\t"
        "movdqa 0x1f0(%rcx),%xmm5\n\t"
        "movdqa 0x200(%rcx),%xmm6\n\t"
        "movdqa 0x210(%rcx),%xmm7\n\t"
        "movdqa 0x220(%rcx),%xmm8\n\t"
        "movdqa 0x230(%rcx),%xmm9\n\t"
        "movdqa 0x240(%rcx),%xmm10\n\t"
        "movdqa 0x250(%rcx),%xmm11\n\t"
        "movdqa 0x260(%rcx),%xmm12\n\t"
        "movdqa 0x270(%rcx),%xmm13\n\t"
        "movdqa 0x280(%rcx),%xmm14\n\t"
        "movdqa 0x290(%rcx),%xmm15\n\t"
        "movq 0x78(%rcx),%rax\n\t"
        "movq 0x88(%rcx),%rdx\n\t"
        "movq 0x90(%rcx),%rbx\n\t"
        "movq 0xa0(%rcx),%rbp\n\t"
        "movq 0xa8(%rcx),%rsi\n\t"
        "movq 0xb0(%rcx),%rdi\n\t"
        "movq 0xb8(%rcx),%r8\n\t"
        "movq 0xc0(%rcx),%r9\n\t"
        "movq 0xc8(%rcx),%r10\n\t"
        "movq 0xd0(%rcx),%r11\n\t"
        "movq 0xd8(%rcx),%r12\n\t"
        "movq 0xe0(%rcx),%r13\n\t"
        "movq 0xe8(%rcx),%r14\n\t"
        "movq 0xf0(%rcx),%r15\n\t"
        "movq 0x80(%rcx),%rcx\n\t"
        "iretq\n\t"
        ".size seh_restore_asm,.-seh_restore_asm\n\t.previous");

/* seh_call_handler (host ABI: rdi rec, rsi frame, rdx ctx, rcx disp,
 * r8 handler, r9 record): records its stack pointer in record->call_rsp and
 * calls handler(rec, frame, ctx, disp) with the Microsoft ABI. A virtual
 * unwind of the handler's frames ends at seh_call_handler_ret with
 * Rsp == call_rsp. */
__asm__(".text\n\t.globl seh_call_handler\n\t.type seh_call_handler,@function\n"
        ".globl seh_call_handler64\n"
        "seh_call_handler:\n"
        "seh_call_handler64:\n\t"
        "pushq %rbp\n\t"
        "movq %rsp,%rbp\n\t"
        "pushq %rbx\n\t"
        "subq $0x28,%rsp\n\t"
        "movq %rsp,16(%r9)\n\t"            /* record->call_rsp */
        
        "movq %r8,%r10\n\t"
        "movq %rdx,%r8\n\t"
        "movq %rcx,%r9\n\t"
        "movq %rsi,%rdx\n\t"
        "movq %rdi,%rcx\n\t"
        "cld\n\t"
        "call *%r10\n"
        ".globl seh_call_handler_ret\n"
        "seh_call_handler_ret:\n\t"
        "addq $0x28,%rsp\n\t"
        "popq %rbx\n\t"
        "popq %rbp\n\t"
        "ret\n\t"
        ".size seh_call_handler,.-seh_call_handler\n\t.previous");
_Static_assert(offsetof(struct seh_frame, call_rsp) == 16, "seh_call_handler stores call_rsp at 16");

void seh_restore_context(const CONTEXT *ctx)
{
    /* A copy: aligned for fxrstor/movdqa whatever the guest passed, and with
     * MXCSR's reserved bits cleared so that ldmxcsr/fxrstor cannot fault. */
    CONTEXT copy;
    memcpy(&copy, ctx, sizeof copy);
    copy.MxCsr &= 0xffff;
    copy.u.FltSave.MxCsr &= 0xffff;
    seh_prune_frames(copy.Rsp);
    TRACE("rip=%#llx rsp=%#llx rax=%#llx\n", (unsigned long long)copy.Rip, (unsigned long long)copy.Rsp,
          (unsigned long long)copy.Rax);
    seh_restore_asm(&copy);
}

typedef ULONG64 (WINAPI *consolidate_fn)(EXCEPTION_RECORD *rec);

/* RtlRestoreContext: with STATUS_UNWIND_CONSOLIDATE the first parameter is a
 * callback (MSVC's C++ runtime runs catch blocks in it) that returns where to
 * resume. It is called through the handler trampoline with a record that
 * leads a virtual unwind from its frames straight to the target context, so
 * that an exception thrown inside it sees the target frame's callers. */
void WINAPI ntdll_RtlRestoreContext(CONTEXT *ctx, EXCEPTION_RECORD *rec)
{
    if (rec && rec->ExceptionCode == STATUS_UNWIND_CONSOLIDATE && rec->NumberParameters >= 1) {
        consolidate_fn fn = (consolidate_fn)rec->ExceptionInformation[0];
        DISPATCHER_CONTEXT disp = { .ContextRecord = ctx, .EstablisherFrame = ctx->Rsp };
        struct seh_frame f = { .kind = SEH_FRAME_DISPATCH, .context = ctx, .dispatch = &disp };
        seh_push_frame(&f);
        ULONG64 ip = seh_call_handler64(rec, 0, NULL, NULL, (void *)fn, &f);
        seh_pop_frame(&f);
        ctx->Rip = ip;
    }
    seh_restore_context(ctx);
}
