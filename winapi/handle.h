/*
 * handle.h - the one handle table behind every kernel object a Windows
 * program can hold: files, pipes, consoles, events, mutexes, semaphores,
 * threads, processes, registry keys, find handles, heaps (...).
 *
 * Handles are small multiples of 4, as on Windows. Each object starts with a
 * struct object whose ops name its type and free it. Waitable objects also
 * implement ops->signaled/ops->acquire; all their state changes happen under
 * wait_lock and end with wait_broadcast(), which is what WaitFor*Object(s)
 * sleeps on (one lock and one condition variable: simple and correct; waits
 * are not a hot path in console programs).
 */
#ifndef MIMIC_WINAPI_HANDLE_H
#define MIMIC_WINAPI_HANDLE_H

#include "winapi/wintypes.h"
#include <pthread.h>

struct object;

struct object_ops {
    const char *type;                        /* "file", "event", ... */
    void (*destroy)(struct object *obj);     /* last reference gone */
    /* waitable objects: is it signalled for this thread; take it (auto-reset,
     * mutex ownership, semaphore count). Called with wait_lock held. */
    bool (*signaled)(struct object *obj);
    void (*acquire)(struct object *obj);
};

struct object {
    const struct object_ops *ops;
    int refs;                                /* atomic */
};

/* Pseudo handles */
#define CURRENT_PROCESS_HANDLE ((HANDLE)(intptr_t)-1)
#define CURRENT_THREAD_HANDLE  ((HANDLE)(intptr_t)-2)

void object_init(struct object *obj, const struct object_ops *ops);
struct object *object_ref(struct object *obj);
void object_unref(struct object *obj);

/* New handle for obj (takes a reference). NULL when the table is full. */
HANDLE handle_alloc(struct object *obj);
/* The object behind h with a new reference, if its type is ops (or any type
 * when ops is NULL); NULL otherwise, with ERROR_INVALID_HANDLE set. */
struct object *handle_get(HANDLE h, const struct object_ops *ops);
/* Close: drop the table's reference. false if h is not open. */
bool handle_close(HANDLE h);

extern pthread_mutex_t wait_lock;
void wait_broadcast(void);   /* call with wait_lock held, after a state change */
/* Sleep on the wait condition until woken or the absolute deadline (NULL: forever).
 * Returns false on timeout. Call with wait_lock held. */
bool wait_sleep(const struct timespec *deadline);

#endif
