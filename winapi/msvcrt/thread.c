/*
 * msvcrt/thread.c - _beginthread/_beginthreadex/_endthread/_endthreadex on
 * kernel32's threads. _beginthreadex hands the guest's start routine (a
 * __stdcall function, the Microsoft ABI on x64) straight to CreateThread;
 * its handle belongs to the caller. _beginthread's routine is __cdecl and
 * returns nothing: a small host entry runs it, and the thread's handle is
 * closed when the thread ends, as msvcrt does (the caller must not wait
 * on it after that).
 */
#include "winapi/msvcrt/crt.h"
#include "winapi/teb.h"
#include <stdlib.h>

#define CREATE_SUSPENDED_ 0x4

typedef DWORD (WINAPI *thread_start)(void *);
typedef unsigned (WINAPI *crt_start_ex)(void *);
typedef void (CDECL *crt_start)(void *);

extern WINAPI HANDLE kernel32_CreateThread(SECURITY_ATTRIBUTES *sa, SIZE_T stack, thread_start start, void *param,
                                           DWORD flags, DWORD *tid);
extern WINAPI void kernel32_ExitThread(DWORD code);
extern WINAPI DWORD kernel32_ResumeThread(HANDLE h);
extern WINAPI BOOL kernel32_CloseHandle(HANDLE h);
extern WINAPI BOOL kernel32_TerminateThread(HANDLE h, DWORD code);

/* The handle _endthread closes (threads started by _beginthread). */
static __thread HANDLE own_handle;

struct begin_ctx {
    crt_start start;
    void *arg;
    HANDLE handle;
};

static void close_own_handle(void)
{
    if (own_handle) {
        kernel32_CloseHandle(own_handle);
        own_handle = NULL;
    }
}

static WINAPI DWORD begin_entry(void *p)
{
    struct begin_ctx c = *(struct begin_ctx *)p;
    free(p);
    own_handle = c.handle;
    c.start(c.arg);
    close_own_handle();
    return 0;
}

static int errno_for_thread_failure(void)
{
    DWORD e = get_last_error();
    return e == ERROR_NOT_ENOUGH_MEMORY || e == ERROR_OUTOFMEMORY ? CRT_EAGAIN :
           e == ERROR_INVALID_PARAMETER ? CRT_EINVAL : CRT_EAGAIN;
}

CDECL uintptr_t msvcrt__beginthread(crt_start start, unsigned stack, void *arg)
{
    if (!start) {
        crt_set_errno(CRT_EINVAL);
        return (uintptr_t)-1;
    }
    struct begin_ctx *c = malloc(sizeof *c);
    if (!c) {
        crt_set_errno(CRT_EAGAIN);
        return (uintptr_t)-1;
    }
    c->start = start;
    c->arg = arg;
    /* Suspended until the handle is known, so the thread can close it. */
    HANDLE h = kernel32_CreateThread(NULL, stack, begin_entry, c, CREATE_SUSPENDED_, NULL);
    if (!h) {
        free(c);
        crt_set_errno(errno_for_thread_failure());
        return (uintptr_t)-1;
    }
    c->handle = h;
    if (kernel32_ResumeThread(h) == (DWORD)-1) {
        kernel32_TerminateThread(h, 0);
        kernel32_CloseHandle(h);
        free(c);
        crt_set_errno(CRT_EAGAIN);
        return (uintptr_t)-1;
    }
    return (uintptr_t)h;
}

CDECL uintptr_t msvcrt__beginthreadex(SECURITY_ATTRIBUTES *sa, unsigned stack, crt_start_ex start, void *arg,
                                      unsigned flags, unsigned *tid)
{
    if (!start) {
        crt_set_errno(CRT_EINVAL);
        return 0;
    }
    DWORD id = 0;
    HANDLE h = kernel32_CreateThread(sa, stack, (thread_start)(void *)start, arg, flags, &id);
    if (!h) {
        crt_set_errno(errno_for_thread_failure());
        return 0;
    }
    if (tid)
        *tid = id;
    return (uintptr_t)h;
}

CDECL void msvcrt__endthread(void)
{
    close_own_handle();
    kernel32_ExitThread(0);
}

CDECL void msvcrt__endthreadex(unsigned code)
{
    kernel32_ExitThread(code);
}
