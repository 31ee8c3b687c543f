/* exits.c - process exit: atexit handlers run in reverse order, a handler
 * registering another, on_exit arguments, stdio buffers flushed by exit but
 * not by _exit, exit status from main's return, at_quick_exit/quick_exit,
 * destructors of the constructor attribute, tmpfile removal at exit. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char trail[64];
static void add(char c) { size_t n = strlen(trail); trail[n] = c; trail[n + 1] = 0; }
static void h1(void) { printf("atexit 1 sees trail '%s'\n", trail); }
static void h2(void) { add('2'); printf("atexit 2\n"); }
static void late(void) { add('L'); printf("registered during exit\n"); }
static void h3(void) { add('3'); printf("atexit 3 registers another\n"); atexit(late); }
static void onx(int status, void *arg) { printf("on_exit status %d arg %s\n", status, (char *)arg); }
static void q1(void) { printf("quick 1\n"); fflush(stdout); }
static void q2(void) { printf("quick 2\n"); }

__attribute__((constructor)) static void ctor(void) { add('c'); }
__attribute__((destructor)) static void dtor(void) { printf("destructor, trail '%s'\n", trail); }

static int run(int mode)
{
    fflush(stdout);
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        switch (mode) {
        case 0: printf("buffered then _exit"); _exit(4);
        case 1: printf("buffered then exit\n"); exit(5);
        case 2: at_quick_exit(q1); at_quick_exit(q2); atexit(h1); printf("before quick_exit\n"); quick_exit(6);
        case 3: printf("abort drops buffer"); abort();
        }
    }
    close(p[1]);
    char buf[256];
    size_t n = 0;
    ssize_t r;
    while ((r = read(p[0], buf + n, sizeof buf - 1 - n)) > 0) n += r;
    buf[n] = 0;
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    printf("mode %d: output [%s] status %d/%d\n", mode, buf, WIFEXITED(st) ? WEXITSTATUS(st) : -1, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return 0;
}

int main(void)
{
    for (int i = 0; i < 4; i++) run(i);
    printf("constructor ran: %s\n", trail);
    atexit(h1);
    on_exit(onx, "cookie");
    atexit(h2);
    atexit(h3);
    printf("main returns 3 (buffered)");
    return 3;
}
