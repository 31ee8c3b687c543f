/* badstack.c - a signal arriving while the stack pointer points at memory
 * that is not there. With an alternate signal stack (SA_ONSTACK) the
 * handler runs there and the program goes on; without one no frame can be
 * written, so the process dies of SIGSEGV (the kernel's force_sigsegv) and
 * mimic's own code must not fault on the way. The stack pointer is moved
 * only around the kill system call. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static char altstack[65536];

static void handler(int sig)
{
    char here;
    write(1, &here >= altstack && &here < altstack + sizeof altstack ? "handler ran on the altstack\n" : "handler ran\n",
          &here >= altstack && &here < altstack + sizeof altstack ? 28 : 12);
}

static void kill_with_bad_sp(int pid)
{
#ifdef __x86_64__
    __asm__ volatile("mov %%rsp, %%rbx\n\tmov $0x10000, %%rsp\n\tmov $62, %%eax\n\tmov %0, %%edi\n\tmov $10, %%esi\n\t"
                     "syscall\n\tmov %%rbx, %%rsp"
                     :: "r"(pid) : "rax", "rbx", "rdi", "rsi", "rcx", "r11", "memory");
#else
    __asm__ volatile("push %%ebx\n\tmov %%esp, %%edi\n\tmov %0, %%ebx\n\tmov $0x10000, %%esp\n\tmov $37, %%eax\n\t"
                     "mov $10, %%ecx\n\tint $0x80\n\tmov %%edi, %%esp\n\tpop %%ebx"
                     :: "r"(pid) : "eax", "ecx", "edi", "memory");
#endif
}

int main(void)
{
    stack_t ss = { altstack, 0, sizeof altstack };
    sigaltstack(&ss, NULL);
    struct sigaction sa = { 0 };
    sa.sa_handler = handler;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    int pid = getpid();
    kill_with_bad_sp(pid);
    printf("back from the altstack handler\n");
    fflush(stdout);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    kill_with_bad_sp(pid);
    printf("not reached\n");
    return 0;
}
