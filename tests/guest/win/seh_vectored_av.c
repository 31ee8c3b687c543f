/* Vectored exception handlers and access violations: the handler sees the
 * code, read/write/execute kind and address, the registers (general and
 * XMM) of the faulting instruction, fixes them and continues. Also the
 * order of first/last handlers and RemoveVectoredExceptionHandler. */
#include <windows.h>
#include <stdio.h>

static int valid = 1234;
static int calls, want_xmm;
static void *page;
static unsigned char data_page[4096] __attribute__((aligned(4096))) = { 0xc3 };   /* ret, in .data: not executable */

static LONG WINAPI fixer(EXCEPTION_POINTERS *p)
{
    EXCEPTION_RECORD *r = p->ExceptionRecord;
    CONTEXT *c = p->ContextRecord;
    calls++;
    printf("fixer: code %08lx flags %lu params %lu kind %llu", r->ExceptionCode, r->ExceptionFlags,
           r->NumberParameters, (unsigned long long)r->ExceptionInformation[0]);
    if (page && r->ExceptionInformation[1] == (ULONG_PTR)page)
        printf(" addr = the page\n");
    else
        printf(" addr %#llx\n", (unsigned long long)r->ExceptionInformation[1]);
    printf("fixer: address matches rip: %d\n", r->ExceptionAddress == (void *)c->Rip);
    if (r->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
        return EXCEPTION_CONTINUE_SEARCH;
    if (r->ExceptionInformation[0] == 0) {          /* read: point rax at something valid, retry */
        printf("fixer: rax %#llx\n", (unsigned long long)c->Rax);
        c->Rax = (DWORD64)&valid;
        if (want_xmm) {
            printf("fixer: xmm7 low %#llx\n", (unsigned long long)c->Xmm7.Low);
            c->Xmm7.Low = 0x1122334455667788ull;
        }
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    if (r->ExceptionInformation[0] == 1) {          /* write: skip the 6-byte movl $7,(%rax) */
        printf("fixer: rax %#llx\n", (unsigned long long)c->Rax);
        c->Rip += 6;
        c->Rbx = 99;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    if (r->ExceptionInformation[0] == 8) {          /* execute: return to the caller */
        c->Rip = *(DWORD64 *)c->Rsp;
        c->Rsp += 8;
        c->Rax = 42;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI first(EXCEPTION_POINTERS *p) { printf("first handler\n"); return EXCEPTION_CONTINUE_SEARCH; }
static LONG WINAPI last(EXCEPTION_POINTERS *p) { printf("last handler\n"); return EXCEPTION_CONTINUE_SEARCH; }

int main(void)
{
    void *h = AddVectoredExceptionHandler(0, fixer);
    printf("added: %d\n", h != NULL);

    /* read through NULL; the handler redirects rax and changes xmm7 */
    int v;
    unsigned long long x7;
    want_xmm = 1;
    __asm__ volatile("movq $0xabcdef, %%rdx\n\t"
                     "movq %%rdx, %%xmm7\n\t"
                     "xorl %%eax, %%eax\n\t"
                     "movl (%%rax), %%eax\n\t"
                     "movq %%xmm7, %%rdx\n\t"
                     : "=a"(v), "=d"(x7) : : "xmm7", "memory");
    want_xmm = 0;
    printf("read: %d, xmm7 after %#llx\n", v, x7);

    /* write to address 0x10 */
    long long b;
    __asm__ volatile("movq $0x10, %%rax\n\t"
                     "xorl %%ebx, %%ebx\n\t"
                     "movl $7, (%%rax)\n\t"
                     : "=b"(b) : : "rax", "memory");
    printf("write skipped, rbx %lld\n", b);

    /* execute a non-executable page */
    page = data_page;
    int (*fn)(void) = (int (*)(void))page;
    printf("exec returned %d\n", fn());

    /* first/last order: all three see the next fault; the fixer handles it */
    void *h1 = AddVectoredExceptionHandler(1, first);
    void *h2 = AddVectoredExceptionHandler(0, last);
    __asm__ volatile("xorl %%eax, %%eax\n\tmovl (%%rax), %%eax" : "=a"(v) : : "memory");
    printf("read again: %d\n", v);
    ULONG r1 = RemoveVectoredExceptionHandler(h1);
    ULONG r2 = RemoveVectoredExceptionHandler(h2);
    ULONG r3 = RemoveVectoredExceptionHandler(h1);
    printf("remove: %lu %lu %lu\n", r1, r2, r3);
    printf("remove fixer: %lu, calls %d\n", RemoveVectoredExceptionHandler(h), calls);
    return 0;
}
