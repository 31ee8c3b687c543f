/* CPU traps seen by a vectored handler: integer division by zero (the
 * handler skips the idiv and supplies a result), quotient overflow, int3,
 * ud2 and a privileged instruction (hlt). Each instruction's length is
 * known (inline asm), so the handler can step over it.
 *
 * Wine differs from Windows on one line: INT_MIN / -1 is reported by Windows
 * as EXCEPTION_INT_OVERFLOW (c0000095), by Wine as c0000094 (Linux says
 * "divide error" for both). The expected output follows Windows there. */
#include <windows.h>
#include <stdio.h>

static int skip;

static LONG WINAPI handler(EXCEPTION_POINTERS *p)
{
    EXCEPTION_RECORD *r = p->ExceptionRecord;
    CONTEXT *c = p->ContextRecord;
    long long off = (char *)r->ExceptionAddress - (char *)c->Rip;
    printf("code %08lx params %lu", r->ExceptionCode, r->NumberParameters);
    if (r->NumberParameters)
        printf(" info0 %llu", (unsigned long long)r->ExceptionInformation[0]);
    printf(" address-rip %lld\n", off);
    c->Rip += skip;
    if (r->ExceptionCode == EXCEPTION_INT_DIVIDE_BY_ZERO || r->ExceptionCode == EXCEPTION_INT_OVERFLOW)
        c->Rax = 77;
    return EXCEPTION_CONTINUE_EXECUTION;
}

int main(void)
{
    AddVectoredExceptionHandler(1, handler);
    int q;

    skip = 2;   /* idiv %ecx = f7 f9 */
    __asm__ volatile("movl $100, %%eax\n\tcltd\n\txorl %%ecx, %%ecx\n\tidivl %%ecx" : "=a"(q) : : "rcx", "rdx");
    printf("100 / 0 -> %d\n", q);

    skip = 3;   /* idiv %rcx = 48 f7 f9 */
    __asm__ volatile("movabsq $0x8000000000000000, %%rax\n\tcqto\n\tmovq $-1, %%rcx\n\tidivq %%rcx"
                     : "=a"(q) : : "rcx", "rdx");
    printf("INT64_MIN / -1 -> %d\n", q);

    skip = 2;   /* div with memory operand: divl (%rsi) = f7 36 */
    static unsigned zero = 0;
    __asm__ volatile("movl $5, %%eax\n\txorl %%edx, %%edx\n\tdivl (%%rsi)" : "=a"(q) : "S"(&zero) : "rdx");
    printf("5 / [0] -> %d\n", q);

    skip = 1;   /* int3: the context points at it; resume after it */
    __asm__ volatile("int3\n\tnop");
    printf("after int3\n");

    skip = 2;   /* ud2 = 0f 0b */
    __asm__ volatile("ud2");
    printf("after ud2\n");

    skip = 1;   /* hlt = f4 */
    __asm__ volatile("hlt");
    printf("after hlt\n");
    return 0;
}
