/* __C_specific_handler with hand-built scope tables (mingw gcc emits no
 * __try, MSVC and clang do): an __except whose filter sees the access
 * violation and returns EXCEPTION_EXECUTE_HANDLER, so the handler unwinds to
 * the except block (rax = the code); a __finally in a frame between fault
 * and __except, run during that unwind (after the filter); and a filter
 * that returns EXCEPTION_CONTINUE_SEARCH so an outer one decides.
 *
 *   guarded(p):  __try { finally_frame(p) } __except (filter()) { return -code }
 *   finally_frame(p): __try { return *p } __finally { fin() }
 *
 * The last call's filter declines and nothing else handles the fault: exit 5.
 * Wine 8 differs from Windows in one value: Windows' __C_specific_handler
 * enters the __except block with the exception code in rax (it is
 * RtlUnwindEx's return value), Wine 8 passes 0; the expected output
 * follows Windows (guarded(NULL) = -0xc0000005 = 0x3ffffffb).
 */
// exit: 5
// stderr: mimic: unhandled exception 0xc0000005 (access violation)
#include <windows.h>
#include <stdio.h>

int guarded(int *p);
int finally_frame(int *p);
int declined(int *p);

static int decline;

LONG filter(EXCEPTION_POINTERS *ptrs, void *frame)
{
    printf("filter: code %08lx, decline %d\n", ptrs->ExceptionRecord->ExceptionCode, decline);
    return decline ? EXCEPTION_CONTINUE_SEARCH : EXCEPTION_EXECUTE_HANDLER;
}

void fin(BOOLEAN abnormal, void *frame)
{
    printf("finally: abnormal %d\n", abnormal);
}

__asm__(
    ".text\n"
    ".globl guarded\n.def guarded; .scl 2; .type 32; .endef\n"
    ".seh_proc guarded\n"
    "guarded:\n\t"
    "subq $40, %rsp\n\t"
    ".seh_stackalloc 40\n\t"
    ".seh_endprologue\n"
    "1:\n\t"
    "call finally_frame\n\t"
    "nop\n"
    "2:\n\t"
    "addq $40, %rsp\n\t"
    "ret\n"
    "3:\n\t"                        /* __except block: eax = exception code */
    "negl %eax\n\t"
    "addq $40, %rsp\n\t"
    "ret\n\t"
    ".seh_handler __C_specific_handler, @except\n\t"
    ".seh_handlerdata\n\t"
    ".long 1\n\t"
    ".rva 1b, 2b, filter, 3b\n\t"
    ".text\n\t"
    ".seh_endproc\n"

    ".globl finally_frame\n.def finally_frame; .scl 2; .type 32; .endef\n"
    ".seh_proc finally_frame\n"
    "finally_frame:\n\t"
    "pushq %rbx\n\t"
    ".seh_pushreg %rbx\n\t"
    "subq $32, %rsp\n\t"
    ".seh_stackalloc 32\n\t"
    ".seh_endprologue\n"
    "4:\n\t"
    "movl (%rcx), %eax\n\t"
    "nop\n"
    "5:\n\t"
    "movl %eax, %ebx\n\t"           /* normal exit: run the finally too */
    "movl $0, %ecx\n\t"
    "movq %rsp, %rdx\n\t"
    "call fin\n\t"
    "movl %ebx, %eax\n\t"
    "addq $32, %rsp\n\t"
    "popq %rbx\n\t"
    "ret\n\t"
    ".seh_handler __C_specific_handler, @unwind, @except\n\t"
    ".seh_handlerdata\n\t"
    ".long 1\n\t"
    ".rva 4b, 5b, fin\n\t"
    ".long 0\n\t"
    ".text\n\t"
    ".seh_endproc\n"
);

int main(void)
{
    int v = 5;
    printf("guarded(&v) = %d\n", guarded(&v));
    printf("guarded(NULL) = %#x\n", guarded(NULL));
    fflush(stdout);
    decline = 1;
    printf("declined: ");
    fflush(stdout);
    return guarded(NULL);
}
