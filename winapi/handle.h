/*
 * handle.h - the one handle table behind every kernel object a Windows
 * program can hold: files, pipes, consoles, events, mutexes, semaphores,
 * threads, processes, registry keys, find handles, heaps (...).
 *
 * Handles are small multiples of 4, as on Windows. Each object starts with a
 * struct object whose ops name its type and free it. Each handle also has
 * its HANDLE_FLAG_* bits (inheritance, protection from close).
 *
 * Waitable objects implement ops->signaled/ops->acquire; all their state
 * changes happen under wait_lock and end with wait_signal(obj) when the
 * object may have become signalled (it hands the object to the waits asleep
 * on it, oldest first, then wakes them), or wait_broadcast() otherwise. One
 * lock and one condition variable: simple and correct; waits are not a hot
 * path in console programs, and the user-space locks - critical sections,
 * SRW locks, condition variables, WaitOnAddress - are futexes that never
 * come here.
 */
#ifndef MIMIC_WINAPI_HANDLE_H
#define MIMIC_WINAPI_HANDLE_H

#include "winapi/wintypes.h"
#include <pthread.h>
#include <time.h>

struct object;

struct object_ops {
    const char *type;                        /* "file", "event", ... */
    void (*destroy)(struct object *obj);     /* last reference gone */
    /* Waitable objects: is it signalled for thread tid; take it for tid
     * (auto-reset, mutex ownership, semaphore count). Called with wait_lock
     * held, maybe by another thread than tid (wait_signal). An object
     * without signaled() is always signalled (files). */
    bool (*signaled)(struct object *obj, DWORD tid);
    void (*acquire)(struct object *obj, DWORD tid);
    /* Optional: would acquire() take an abandoned mutex (acquire clears it). */
    bool (*abandoned)(struct object *obj);
    /* Optional: when the object becomes signalled by itself (waitable
     * timers), on CLOCK_MONOTONIC; false if not scheduled. */
    bool (*wake_time)(struct object *obj, struct timespec *when);
};

struct object {
    const struct object_ops *ops;
    int refs;                                /* atomic */
};

/* Pseudo handles */
#define CURRENT_PROCESS_HANDLE ((HANDLE)(intptr_t)-1)
#define CURRENT_THREAD_HANDLE  ((HANDLE)(intptr_t)-2)

#define HANDLE_FLAG_INHERIT            0x00000001
#define HANDLE_FLAG_PROTECT_FROM_CLOSE 0x00000002

void object_init(struct object *obj, const struct object_ops *ops);
struct object *object_ref(struct object *obj);
/* A reference if the object is still alive (refs > 0), else NULL: for
 * tables that point at objects without owning them (named objects). */
struct object *object_try_ref(struct object *obj);
void object_unref(struct object *obj);

/* New handle for obj (takes a reference). NULL when the table is full. */
HANDLE handle_alloc(struct object *obj);
HANDLE handle_alloc_flags(struct object *obj, DWORD flags);
/* Install obj at a given handle value (inherited handles at start-up). */
bool handle_alloc_at(HANDLE h, struct object *obj, DWORD flags);
/* The object behind h with a new reference, if its type is ops (or any type
 * when ops is NULL); NULL otherwise, with ERROR_INVALID_HANDLE set. The
 * pseudo handles GetCurrentProcess()/GetCurrentThread() resolve to the
 * current process and thread objects. */
struct object *handle_get(HANDLE h, const struct object_ops *ops);
/* Close: drop the table's reference. false if h is not open (or protected),
 * with ERROR_INVALID_HANDLE. Closing a pseudo handle succeeds. */
bool handle_close(HANDLE h);
/* HANDLE_FLAG_* of a handle; false if h is not open. */
bool handle_get_flags(HANDLE h, DWORD *flags);
bool handle_set_flags(HANDLE h, DWORD mask, DWORD flags);
/* Call fn for every open handle (table lock held: fn must not call handle_*). */
void handle_for_each(void (*fn)(HANDLE h, struct object *obj, DWORD flags, void *ctx), void *ctx);

/* ---- waits ---------------------------------------------------------- */

extern pthread_mutex_t wait_lock;
/* Take/let go of wait_lock; a TerminateThread/SuspendThread aimed at this
 * thread meanwhile waits until wait_lock_leave. Prefer these to locking
 * wait_lock directly. */
void wait_lock_enter(void);
void wait_lock_leave(void);
/* The same protection for other host locks that a thread must not be
 * suspended or terminated while holding. */
void guarded_lock(pthread_mutex_t *m);
void guarded_unlock(pthread_mutex_t *m);
void wait_broadcast(void);   /* call with wait_lock held, after a state change */
/* obj may be signalled now: satisfy the waits asleep on it that it can,
 * oldest first, then wake everyone. wait_lock held. (PulseEvent: signal,
 * wait_signal, unsignal.) */
void wait_signal(struct object *obj);
/* Sleep on the wait condition until woken or the absolute deadline (NULL: forever).
 * Returns false on timeout. Call with wait_lock held. */
bool wait_sleep(const struct timespec *deadline);

/* Absolute CLOCK_MONOTONIC deadline ms milliseconds from now. Returns dl, or
 * NULL for INFINITE. */
struct timespec *deadline_after_ms(struct timespec *dl, DWORD ms);
/* The same from an NT timeout: 100 ns units, negative = relative, positive =
 * absolute system time (FILETIME); NULL pointer = forever. */
struct timespec *deadline_from_nt(struct timespec *dl, const LARGE_INTEGER *timeout);

/* Wait for objects (count 1..64), references held by the caller. Returns
 * WAIT_OBJECT_0+i, WAIT_ABANDONED_0+i, WAIT_TIMEOUT or WAIT_IO_COMPLETION
 * (alertable, after running the thread's APCs). */
DWORD wait_objects(DWORD count, struct object *const *objs, bool wait_all,
                   const struct timespec *deadline, bool alertable);

#endif
