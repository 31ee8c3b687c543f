/*
 * exit.c - how a msvcrt program ends: exit (atexit/_onexit handlers in
 * reverse order of registration, then every stream flushed), _exit,
 * _cexit/_c_exit, abort, _amsg_exit, and the handler tables DLLs keep with
 * __dllonexit.
 *
 * Every stream is also flushed by a process flush hook (stdio.c), as
 * msvcrt's DLL_PROCESS_DETACH does on Windows, so ExitProcess and _exit
 * lose no buffered output either.
 */
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/process.h"
#include "winapi/debug.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

DEBUG_CHANNEL(msvcrt);

typedef int (CDECL *onexit_fn)(void);

/* The process's handlers, on the host heap (the program never sees this table). */
static onexit_fn *handlers;
static int nhandlers, cap_handlers;

static bool add_handler(onexit_fn fn)
{
    msvcrt__lock(MSVCRT_LOCK_EXIT);
    if (nhandlers == cap_handlers) {
        int cap = cap_handlers ? cap_handlers * 2 : 32;
        onexit_fn *n = realloc(handlers, (size_t)cap * sizeof *n);
        if (!n) {
            msvcrt__unlock(MSVCRT_LOCK_EXIT);
            return false;
        }
        handlers = n;
        cap_handlers = cap;
    }
    handlers[nhandlers++] = fn;
    msvcrt__unlock(MSVCRT_LOCK_EXIT);
    return true;
}

CDECL onexit_fn msvcrt__onexit(onexit_fn fn)
{
    if (!fn)
        return NULL;
    return add_handler(fn) ? fn : NULL;
}

CDECL int msvcrt_atexit(void (CDECL *fn)(void))
{
    return msvcrt__onexit((onexit_fn)(void *)fn) ? 0 : -1;
}

/* ucrt's _crt_atexit and _crt_at_quick_exit share the table. */
CDECL int msvcrt__crt_atexit(void (CDECL *fn)(void))
{
    return msvcrt_atexit(fn);
}

/* __dllonexit(fn, &begin, &end): append fn to a table the caller owns,
 * allocated on the guest heap as msvcrt does (DLLs free it themselves). */
CDECL onexit_fn msvcrt___dllonexit(onexit_fn fn, onexit_fn **begin, onexit_fn **end)
{
    if (!begin || !end)
        return NULL;
    size_t len = (size_t)(*end - *begin);
    if (*end < *begin)
        return NULL;
    onexit_fn *tab = msvcrt_realloc(*begin, (len + 1) * sizeof *tab);
    if (!tab)
        return NULL;
    tab[len] = fn;
    *begin = tab;
    *end = tab + len + 1;
    return fn;
}

/* Run the handlers last-in first-out; a handler may register more, which
 * then run next (the table is re-read after each call). */
void msvcrt_run_exit_handlers(void)
{
    msvcrt__lock(MSVCRT_LOCK_EXIT);
    while (nhandlers > 0) {
        onexit_fn fn = handlers[--nhandlers];
        msvcrt__unlock(MSVCRT_LOCK_EXIT);
        if (fn)
            fn();
        msvcrt__lock(MSVCRT_LOCK_EXIT);
    }
    msvcrt__unlock(MSVCRT_LOCK_EXIT);
}

CDECL void msvcrt__cexit(void)
{
    msvcrt_run_exit_handlers();
    msvcrt__flushall();
}

/* _c_exit: the quick variant, no handlers, no exit. */
CDECL void msvcrt__c_exit(void) { }

CDECL void msvcrt_exit(int code)
{
    msvcrt__cexit();
    process_exit((UINT)code);
}

CDECL void msvcrt__exit(int code)
{
    process_exit((UINT)code);
}

/* at_quick_exit handlers: run by quick_exit only, last in first out. */
static void (CDECL *quick_handlers[32])(void);
static int nquick;

CDECL int msvcrt_at_quick_exit(void (CDECL *fn)(void))
{
    int r = -1;
    msvcrt__lock(MSVCRT_LOCK_EXIT);
    if (fn && nquick < 32) {
        quick_handlers[nquick++] = fn;
        r = 0;
    }
    msvcrt__unlock(MSVCRT_LOCK_EXIT);
    return r;
}

CDECL void msvcrt_quick_exit(int code)
{
    for (;;) {
        msvcrt__lock(MSVCRT_LOCK_EXIT);
        void (CDECL *fn)(void) = nquick ? quick_handlers[--nquick] : NULL;
        msvcrt__unlock(MSVCRT_LOCK_EXIT);
        if (!fn)
            break;
        fn();
    }
    process_exit((UINT)code);
}

/* Weak: signal()/raise() belong to the signal handling code. */
extern CDECL int msvcrt_raise(int sig) __attribute__((weak));

static void write_stderr(const char *s)
{
    /* Straight to the host's stderr as a console app's messages go to the console. */
    size_t n = strlen(s);
    while (n) {
        ssize_t w = write(2, s, n);
        if (w <= 0)
            break;
        s += w;
        n -= (size_t)w;
    }
}

CDECL void msvcrt_abort(void)
{
    write_stderr("\nabnormal program termination\n");
    if (msvcrt_raise)
        msvcrt_raise(22 /* SIGABRT */);
    process_exit(3);
}

CDECL void msvcrt__amsg_exit(int err)
{
    char msg[64];
    snprintf(msg, sizeof msg, "\nruntime error R60%02d\n", err);
    write_stderr(msg);
    process_exit(255);
}

/* _set_abort_behavior (msvcr80+, present in ucrt): remembered, abort always reports. */
static unsigned int abort_behavior = 1;
CDECL unsigned int msvcrt__set_abort_behavior(unsigned int flags, unsigned int mask)
{
    unsigned int old = abort_behavior;
    abort_behavior = (abort_behavior & ~mask) | (flags & mask);
    return old;
}
