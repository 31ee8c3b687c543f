/* jumps.c - non-local jumps: setjmp/longjmp return values (0 becomes 1),
 * volatile locals preserved, longjmp out of nested calls and out of a
 * signal handler, sigsetjmp with and without saving the mask, and
 * makecontext/swapcontext coroutines. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static jmp_buf jb;
static sigjmp_buf sjb;
static int depth_reached;

static void dive(int depth)
{
    char pad[256];
    memset(pad, depth, sizeof pad);
    if (depth == 50) { depth_reached = depth + pad[10] - depth; longjmp(jb, depth); }
    dive(depth + 1);
}

static void on_usr1(int sig) { siglongjmp(sjb, 7); }

static ucontext_t main_ctx, co_ctx;
static int co_values[8], nco;
static void coroutine(int start, int step)
{
    for (int i = 0; i < 4; i++) {
        co_values[nco++] = start + i * step;
        swapcontext(&co_ctx, &main_ctx);
    }
}

static double fp_across(jmp_buf env)
{
    volatile double d = 1.5;
    if (setjmp(env) == 0) { d = 2.75; longjmp(env, 1); }
    return d;
}

int main(void)
{
    volatile int counter = 0;
    int r = setjmp(jb);
    counter++;
    if (r < 3) longjmp(jb, r + 1);
    printf("setjmp loop: r %d counter %d\n", r, counter);
    if ((r = setjmp(jb)) == 0) longjmp(jb, 0);
    printf("longjmp(0) returns %d\n", r);
    if ((r = setjmp(jb)) == 0) dive(0);
    printf("from depth %d reached %d\n", r, depth_reached);
    jmp_buf local;
    printf("double across setjmp %g\n", fp_across(local));
    signal(SIGUSR1, on_usr1);
    sigset_t m;
    for (int save = 0; save < 2; save++) {
        if ((r = sigsetjmp(sjb, save)) == 0)
            raise(SIGUSR1);
        sigprocmask(SIG_SETMASK, NULL, &m);
        printf("sigsetjmp(save=%d) returned %d, SIGUSR1 blocked after jump %d\n", save, r, sigismember(&m, SIGUSR1));
        sigemptyset(&m);
        sigprocmask(SIG_SETMASK, &m, NULL);
    }
    sigemptyset(&m);
    sigaddset(&m, SIGUSR2);
    if ((r = sigsetjmp(sjb, 1)) == 0) {
        sigprocmask(SIG_BLOCK, &m, NULL);
        siglongjmp(sjb, 2);
    }
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf("mask restored by siglongjmp: usr2 blocked %d\n", sigismember(&m, SIGUSR2));
    static char stack[64 * 1024];
    getcontext(&co_ctx);
    co_ctx.uc_stack.ss_sp = stack;
    co_ctx.uc_stack.ss_size = sizeof stack;
    co_ctx.uc_link = &main_ctx;
    makecontext(&co_ctx, (void (*)(void))coroutine, 2, 100, 7);
    int switches = 0;
    while (nco < 4) {
        swapcontext(&main_ctx, &co_ctx);
        switches++;
    }
    swapcontext(&main_ctx, &co_ctx);
    printf("coroutine values %d %d %d %d switches %d\n", co_values[0], co_values[1], co_values[2], co_values[3], switches);
    volatile double acc = 0;
    if (setjmp(jb) == 0) {
        for (int i = 1; i <= 10; i++) acc += 1.0 / i;
        longjmp(jb, 1);
    }
    printf("volatile double after longjmp %.12f\n", acc);
    return 0;
}
