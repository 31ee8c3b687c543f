/*
 * kernel32/wait.c - WaitForSingleObject(Ex), WaitForMultipleObjects(Ex),
 * SignalObjectAndWait, Sleep(Ex), SwitchToThread and user APCs.
 *
 * The waiting itself is handle.c's wait_objects(); this file checks the
 * arguments the Windows way and turns handles into object references.
 * APCs queued with QueueUserAPC run when their thread enters an alertable
 * wait (SleepEx, Wait*Ex with bAlertable), which then returns
 * WAIT_IO_COMPLETION.
 */
#include "winapi/thread.h"
#include "winapi/debug.h"
#include "winapi/kernel32/sync.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

DEBUG_CHANNEL(wait)

#define MAXIMUM_WAIT_OBJECTS 64

DWORD wait_handles_until(DWORD count, const HANDLE *handles, bool all, const struct timespec *deadline,
                         bool alertable)
{
    if (count == 0 || count > MAXIMUM_WAIT_OBJECTS) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    if (!handles) {
        set_last_error(ERROR_NOACCESS);
        return WAIT_FAILED;
    }
    struct object *objs[MAXIMUM_WAIT_OBJECTS];
    DWORD n;
    for (n = 0; n < count; n++) {
        objs[n] = handle_get(handles[n], NULL);
        if (!objs[n])
            break;
    }
    DWORD ret;
    if (n < count) {
        ret = WAIT_FAILED;           /* handle_get set ERROR_INVALID_HANDLE */
    } else {
        ret = WAIT_TIMEOUT;
        /* Waiting for all of a set that holds one object twice is refused
         * (STATUS_INVALID_PARAMETER_MIX on Windows). */
        if (all)
            for (DWORD i = 0; i < count && ret != WAIT_FAILED; i++)
                for (DWORD j = i + 1; j < count; j++)
                    if (objs[i] == objs[j]) {
                        set_last_error(ERROR_INVALID_PARAMETER);
                        ret = WAIT_FAILED;
                        break;
                    }
        if (ret != WAIT_FAILED)
            ret = wait_objects(count, objs, all, deadline, alertable);
    }
    for (DWORD i = 0; i < n; i++)
        object_unref(objs[i]);
    return ret;
}

static DWORD wait_handles(DWORD count, const HANDLE *handles, bool all, DWORD ms, bool alertable)
{
    struct timespec dl;
    return wait_handles_until(count, handles, all, deadline_after_ms(&dl, ms), alertable);
}

WINAPI DWORD kernel32_WaitForSingleObject(HANDLE h, DWORD ms)
{
    return wait_handles(1, &h, false, ms, false);
}

WINAPI DWORD kernel32_WaitForSingleObjectEx(HANDLE h, DWORD ms, BOOL alertable)
{
    return wait_handles(1, &h, false, ms, alertable);
}

WINAPI DWORD kernel32_WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL all, DWORD ms)
{
    return wait_handles(count, handles, all, ms, false);
}

WINAPI DWORD kernel32_WaitForMultipleObjectsEx(DWORD count, const HANDLE *handles, BOOL all, DWORD ms,
                                               BOOL alertable)
{
    return wait_handles(count, handles, all, ms, alertable);
}

WINAPI DWORD kernel32_SignalObjectAndWait(HANDLE signal, HANDLE wait, DWORD ms, BOOL alertable)
{
    struct object *s = handle_get(signal, NULL);
    if (!s)
        return WAIT_FAILED;
    struct object *w = handle_get(wait, NULL);
    if (!w) {
        object_unref(s);
        return WAIT_FAILED;
    }
    /* Signal, then wait. Windows does both in one kernel call; here another
     * thread may run in between, which a correct program cannot tell from
     * being preempted just after the wait began. */
    DWORD ret = WAIT_FAILED;
    if (sync_signal_object(s)) {
        struct timespec dl;
        ret = wait_objects(1, &w, false, deadline_after_ms(&dl, ms), alertable);
    }
    object_unref(w);
    object_unref(s);
    return ret;
}

/* ---- sleeping ------------------------------------------------------------ */

WINAPI void kernel32_Sleep(DWORD ms)
{
    if (ms == 0) {
        sched_yield();
        return;
    }
    struct timespec dl;
    if (!deadline_after_ms(&dl, ms)) {
        for (;;)
            pause();
    }
    /* Absolute deadline: a suspension (signal) in the middle does not
     * restart the whole sleep. */
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL) == EINTR)
        ;
}

WINAPI DWORD kernel32_SleepEx(DWORD ms, BOOL alertable)
{
    if (!alertable) {
        kernel32_Sleep(ms);
        return 0;
    }
    struct timespec dl;
    if (ms == 0) {
        /* Run what is queued (or due: timer routines), else just yield. */
        DWORD r = wait_objects(0, NULL, false, deadline_after_ms(&dl, 0), true);
        if (r == WAIT_IO_COMPLETION)
            return r;
        sched_yield();
        return 0;
    }
    DWORD r = wait_objects(0, NULL, false, deadline_after_ms(&dl, ms), true);
    return r == WAIT_IO_COMPLETION ? r : 0;
}

WINAPI BOOL kernel32_SwitchToThread(void)
{
    sched_yield();
    return TRUE;
}

/* ---- APCs ---------------------------------------------------------------- */

bool thread_apc_pending(struct thread_object *t)
{
    return t->apc_head != NULL;
}

void thread_run_apcs(struct thread_object *t)
{
    wait_lock_enter();
    struct apc *a = t->apc_head;
    t->apc_head = t->apc_tail = NULL;
    wait_lock_leave();
    while (a) {
        struct apc *next = a->next;
        TRACE("apc %p(%#lx)\n", (void *)a->fn, (unsigned long)a->data);
        if (a->fn)
            a->fn(a->data);
        else
            a->timer_fn(a->timer_arg, (DWORD)a->fired_at, (DWORD)(a->fired_at >> 32));
        free(a);
        a = next;
    }
}

WINAPI DWORD kernel32_QueueUserAPC(apc_fn fn, HANDLE h, ULONG_PTR data)
{
    struct thread_object *t = thread_from_handle(h);
    if (!t)
        return 0;
    struct apc *a = malloc(sizeof *a);
    if (!a) {
        object_unref(&t->obj);
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    a->next = NULL;
    a->fn = fn;
    a->data = data;
    a->timer_fn = NULL;
    wait_lock_enter();
    bool ok = !t->remote && !t->exited;
    if (ok) {
        if (t->apc_tail)
            t->apc_tail->next = a;
        else
            t->apc_head = a;
        t->apc_tail = a;
        wait_broadcast();
    }
    wait_lock_leave();
    object_unref(&t->obj);
    if (!ok) {
        free(a);
        set_last_error(ERROR_GEN_FAILURE);
        return 0;
    }
    return 1;
}
