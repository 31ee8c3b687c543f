/*
 * kernel32/sync.c - the waitable synchronisation objects: events, mutexes,
 * semaphores and waitable timers, and the names they may carry.
 *
 * Their state lives under wait_lock (handle.h); a change that may signal one
 * ends with wait_signal(), which hands it to the waits asleep on it. Named objects are shared within the process through one
 * namespace for all four types (as Windows' \BaseNamedObjects): creating a
 * name that exists returns the existing object with ERROR_ALREADY_EXISTS,
 * or fails with ERROR_INVALID_HANDLE if it is of another type. Names are
 * case-sensitive; "Local\" is the default namespace. The namespace does not
 * own its objects: an object leaves it when its last handle closes.
 */
#include "winapi/thread.h"
#include "winapi/unicode.h"
#include "winapi/debug.h"
#include "winapi/kernel32/sync.h"
#include "winapi/filetime.h"

#include <stdlib.h>
#include <string.h>

DEBUG_CHANNEL(sync)

struct named_object {
    struct object obj;
    WCHAR *name;                 /* NULL: unnamed */
    struct named_object *next;   /* in the namespace */
};

static pthread_mutex_t ns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct named_object *namespace_head;

static void named_release(struct named_object *n)
{
    if (n->name) {
        pthread_mutex_lock(&ns_lock);
        for (struct named_object **pp = &namespace_head; *pp; pp = &(*pp)->next)
            if (*pp == n) {
                *pp = n->next;
                break;
            }
        pthread_mutex_unlock(&ns_lock);
        free(n->name);
    }
}

/* The name as the namespace keys it; NULL and ERROR_* set if invalid. An
 * empty name means an unnamed object (*unnamed set). */
static const WCHAR *ns_key(const WCHAR *name, bool *unnamed)
{
    static const WCHAR local[] = { 'L', 'o', 'c', 'a', 'l', '\\' };
    *unnamed = !name || !*name;
    if (*unnamed)
        return name;
    size_t n = wstrlen(name);
    if (n >= 6 && !memcmp(name, local, sizeof local))
        name += 6;
    if (n > 32767) {
        set_last_error(ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    return name;
}

static struct named_object *ns_find(const WCHAR *key)
{
    for (struct named_object *n = namespace_head; n; n = n->next)
        if (!wstrcmp(n->name, key))
            return n;
    return NULL;
}

/* Create (or open, if the name exists) an object. make() allocates a new
 * one with one reference. Returns a handle; last error 0 or ERROR_ALREADY_EXISTS. */
static HANDLE create_named(const WCHAR *name, const SECURITY_ATTRIBUTES *sa, const struct object_ops *ops,
                           struct named_object *(*make)(void *ctx), void *ctx)
{
    bool unnamed;
    const WCHAR *key = ns_key(name, &unnamed);
    if (!unnamed && !key)
        return NULL;
    DWORD hflags = sa && sa->bInheritHandle ? HANDLE_FLAG_INHERIT : 0;
    struct named_object *obj = NULL;
    DWORD err = ERROR_SUCCESS;
    if (!unnamed) {
        pthread_mutex_lock(&ns_lock);
        struct named_object *old = ns_find(key);
        if (old && object_try_ref(&old->obj)) {
            pthread_mutex_unlock(&ns_lock);
            if (old->obj.ops != ops) {
                object_unref(&old->obj);
                set_last_error(ERROR_INVALID_HANDLE);
                return NULL;
            }
            obj = old;
            err = ERROR_ALREADY_EXISTS;
        } else {
            obj = make(ctx);
            WCHAR *copy = obj ? wstrdup(key) : NULL;
            if (!copy) {
                pthread_mutex_unlock(&ns_lock);
                if (obj)
                    object_unref(&obj->obj);
                set_last_error(ERROR_NOT_ENOUGH_MEMORY);
                return NULL;
            }
            obj->name = copy;
            obj->next = namespace_head;
            namespace_head = obj;
            pthread_mutex_unlock(&ns_lock);
        }
    } else {
        obj = make(ctx);
        if (!obj) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
    }
    HANDLE h = handle_alloc_flags(&obj->obj, hflags);
    object_unref(&obj->obj);
    if (h)
        set_last_error(err);
    return h;
}

static HANDLE open_named(const WCHAR *name, BOOL inherit, const struct object_ops *ops)
{
    bool unnamed;
    const WCHAR *key = ns_key(name, &unnamed);
    if (unnamed) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!key)
        return NULL;
    pthread_mutex_lock(&ns_lock);
    struct named_object *n = ns_find(key);
    if (n && !object_try_ref(&n->obj))
        n = NULL;
    pthread_mutex_unlock(&ns_lock);
    if (!n) {
        set_last_error(ERROR_FILE_NOT_FOUND);
        return NULL;
    }
    if (n->obj.ops != ops) {
        object_unref(&n->obj);
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    HANDLE h = handle_alloc_flags(&n->obj, inherit ? HANDLE_FLAG_INHERIT : 0);
    object_unref(&n->obj);
    return h;
}

/* A and W: the A forms convert the name (NULL stays NULL). */
static WCHAR *name_from_a(const char *name, bool *oom)
{
    *oom = false;
    if (!name)
        return NULL;
    WCHAR *w = utf8_to_utf16_alloc(name);
    *oom = !w;
    if (!w)
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return w;
}

static void named_destroy(struct object *obj)
{
    named_release((struct named_object *)obj);
    free(obj);
}

/* ---- events ------------------------------------------------------------ */

struct event {
    struct named_object hdr;
    bool manual;
    bool signaled;
};

static bool event_signaled(struct object *obj, DWORD tid) { return ((struct event *)obj)->signaled; }

static void event_acquire(struct object *obj, DWORD tid)
{
    struct event *e = (struct event *)obj;
    if (!e->manual)
        e->signaled = false;
}

const struct object_ops event_object_ops = {
    .type = "event", .destroy = named_destroy, .signaled = event_signaled, .acquire = event_acquire,
};

struct event_args { bool manual, initial; };

static struct named_object *event_make(void *ctx)
{
    struct event_args *a = ctx;
    struct event *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    object_init(&e->hdr.obj, &event_object_ops);
    e->manual = a->manual;
    e->signaled = a->initial;
    return &e->hdr;
}

#define CREATE_EVENT_MANUAL_RESET 0x1
#define CREATE_EVENT_INITIAL_SET  0x2

WINAPI HANDLE kernel32_CreateEventExW(SECURITY_ATTRIBUTES *sa, const WCHAR *name, DWORD flags, DWORD access)
{
    /* Other flag bits are ignored, as Wine does. */
    struct event_args a = { flags & CREATE_EVENT_MANUAL_RESET, flags & CREATE_EVENT_INITIAL_SET };
    return create_named(name, sa, &event_object_ops, event_make, &a);
}

WINAPI HANDLE kernel32_CreateEventExA(SECURITY_ATTRIBUTES *sa, const char *name, DWORD flags, DWORD access)
{
    bool oom;
    WCHAR *w = name_from_a(name, &oom);
    if (oom)
        return NULL;
    HANDLE h = kernel32_CreateEventExW(sa, w, flags, access);
    free(w);
    return h;
}

WINAPI HANDLE kernel32_CreateEventW(SECURITY_ATTRIBUTES *sa, BOOL manual, BOOL initial, const WCHAR *name)
{
    return kernel32_CreateEventExW(sa, name, (manual ? CREATE_EVENT_MANUAL_RESET : 0)
                                   | (initial ? CREATE_EVENT_INITIAL_SET : 0), 0x1f0003);
}

WINAPI HANDLE kernel32_CreateEventA(SECURITY_ATTRIBUTES *sa, BOOL manual, BOOL initial, const char *name)
{
    return kernel32_CreateEventExA(sa, name, (manual ? CREATE_EVENT_MANUAL_RESET : 0)
                                   | (initial ? CREATE_EVENT_INITIAL_SET : 0), 0x1f0003);
}

WINAPI HANDLE kernel32_OpenEventW(DWORD access, BOOL inherit, const WCHAR *name)
{
    return open_named(name, inherit, &event_object_ops);
}

WINAPI HANDLE kernel32_OpenEventA(DWORD access, BOOL inherit, const char *name)
{
    bool oom;
    WCHAR *w = name_from_a(name, &oom);
    if (oom)
        return NULL;
    HANDLE h = kernel32_OpenEventW(access, inherit, w);
    free(w);
    return h;
}

enum event_op { EV_SET, EV_RESET, EV_PULSE };

static BOOL event_change(HANDLE h, enum event_op op)
{
    struct event *e = (struct event *)handle_get(h, &event_object_ops);
    if (!e)
        return FALSE;
    wait_lock_enter();
    switch (op) {
    case EV_SET:
        e->signaled = true;
        wait_signal(&e->hdr.obj);
        break;
    case EV_RESET:
        e->signaled = false;
        break;
    case EV_PULSE:
        /* Satisfy the waits asleep on it now (one of them if auto-reset),
         * and leave it reset. */
        e->signaled = true;
        wait_signal(&e->hdr.obj);
        e->signaled = false;
        break;
    }
    wait_lock_leave();
    object_unref(&e->hdr.obj);
    return TRUE;
}

WINAPI BOOL kernel32_SetEvent(HANDLE h) { return event_change(h, EV_SET); }
WINAPI BOOL kernel32_ResetEvent(HANDLE h) { return event_change(h, EV_RESET); }
WINAPI BOOL kernel32_PulseEvent(HANDLE h) { return event_change(h, EV_PULSE); }

/* ---- mutexes ----------------------------------------------------------- */

struct mutex {
    struct named_object hdr;
    struct mutex *next, *prev;   /* all mutexes (wait_lock), to abandon them */
    DWORD owner;                 /* thread id, 0 if free */
    DWORD count;                 /* recursion */
    bool abandoned;
};

static struct mutex all_mutexes = { .next = &all_mutexes, .prev = &all_mutexes };

static bool mutex_signaled(struct object *obj, DWORD tid)
{
    struct mutex *m = (struct mutex *)obj;
    return !m->owner || m->owner == tid;
}

static void mutex_acquire(struct object *obj, DWORD tid)
{
    struct mutex *m = (struct mutex *)obj;
    if (m->owner) {
        m->count++;
    } else {
        m->owner = tid;
        m->count = 1;
    }
    m->abandoned = false;
}

static bool mutex_abandoned(struct object *obj)
{
    return ((struct mutex *)obj)->abandoned;
}

static void mutex_destroy(struct object *obj)
{
    struct mutex *m = (struct mutex *)obj;
    wait_lock_enter();
    m->prev->next = m->next;
    m->next->prev = m->prev;
    wait_lock_leave();
    named_destroy(obj);
}

const struct object_ops mutex_object_ops = {
    .type = "mutex", .destroy = mutex_destroy, .signaled = mutex_signaled, .acquire = mutex_acquire,
    .abandoned = mutex_abandoned,
};

void mutex_abandon_thread(DWORD tid)
{
    for (struct mutex *m = all_mutexes.next; m != &all_mutexes; m = m->next)
        if (m->owner == tid) {
            m->owner = 0;
            m->count = 0;
            m->abandoned = true;
            wait_signal(&m->hdr.obj);
        }
}

static struct named_object *mutex_make(void *ctx)
{
    struct mutex *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    object_init(&m->hdr.obj, &mutex_object_ops);
    if (*(bool *)ctx) {
        m->owner = thread_current_id();
        m->count = 1;
    }
    wait_lock_enter();
    m->next = &all_mutexes;
    m->prev = all_mutexes.prev;
    all_mutexes.prev->next = m;
    all_mutexes.prev = m;
    wait_lock_leave();
    return &m->hdr;
}

#define CREATE_MUTEX_INITIAL_OWNER 0x1

WINAPI HANDLE kernel32_CreateMutexExW(SECURITY_ATTRIBUTES *sa, const WCHAR *name, DWORD flags, DWORD access)
{
    /* An existing named mutex is opened as it is: the initial ownership
     * asked for applies only to a mutex this call creates. */
    bool owner = flags & CREATE_MUTEX_INITIAL_OWNER;
    return create_named(name, sa, &mutex_object_ops, mutex_make, &owner);
}

WINAPI HANDLE kernel32_CreateMutexExA(SECURITY_ATTRIBUTES *sa, const char *name, DWORD flags, DWORD access)
{
    bool oom;
    WCHAR *w = name_from_a(name, &oom);
    if (oom)
        return NULL;
    HANDLE h = kernel32_CreateMutexExW(sa, w, flags, access);
    free(w);
    return h;
}

WINAPI HANDLE kernel32_CreateMutexW(SECURITY_ATTRIBUTES *sa, BOOL owner, const WCHAR *name)
{
    return kernel32_CreateMutexExW(sa, name, owner ? CREATE_MUTEX_INITIAL_OWNER : 0, 0x1f0001);
}

WINAPI HANDLE kernel32_CreateMutexA(SECURITY_ATTRIBUTES *sa, BOOL owner, const char *name)
{
    return kernel32_CreateMutexExA(sa, name, owner ? CREATE_MUTEX_INITIAL_OWNER : 0, 0x1f0001);
}

WINAPI HANDLE kernel32_OpenMutexW(DWORD access, BOOL inherit, const WCHAR *name)
{
    return open_named(name, inherit, &mutex_object_ops);
}

WINAPI HANDLE kernel32_OpenMutexA(DWORD access, BOOL inherit, const char *name)
{
    bool oom;
    WCHAR *w = name_from_a(name, &oom);
    if (oom)
        return NULL;
    HANDLE h = kernel32_OpenMutexW(access, inherit, w);
    free(w);
    return h;
}

static BOOL mutex_release(struct mutex *m)
{
    BOOL ok = TRUE;
    wait_lock_enter();
    if (m->owner != thread_current_id()) {
        ok = FALSE;
    } else if (--m->count == 0) {
        m->owner = 0;
        wait_signal(&m->hdr.obj);
    }
    wait_lock_leave();
    if (!ok)
        set_last_error(ERROR_NOT_OWNER);
    return ok;
}

WINAPI BOOL kernel32_ReleaseMutex(HANDLE h)
{
    struct mutex *m = (struct mutex *)handle_get(h, &mutex_object_ops);
    if (!m)
        return FALSE;
    BOOL ok = mutex_release(m);
    object_unref(&m->hdr.obj);
    return ok;
}

/* ---- semaphores -------------------------------------------------------- */

struct semaphore {
    struct named_object hdr;
    LONG count, max;
};

static bool sem_signaled(struct object *obj, DWORD tid) { return ((struct semaphore *)obj)->count > 0; }
static void sem_acquire(struct object *obj, DWORD tid) { ((struct semaphore *)obj)->count--; }

const struct object_ops semaphore_object_ops = {
    .type = "semaphore", .destroy = named_destroy, .signaled = sem_signaled, .acquire = sem_acquire,
};

static struct named_object *sem_make(void *ctx)
{
    LONG *a = ctx;
    struct semaphore *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    object_init(&s->hdr.obj, &semaphore_object_ops);
    s->count = a[0];
    s->max = a[1];
    return &s->hdr;
}

WINAPI HANDLE kernel32_CreateSemaphoreExW(SECURITY_ATTRIBUTES *sa, LONG initial, LONG max, const WCHAR *name,
                                          DWORD flags, DWORD access)
{
    if (max <= 0 || initial < 0 || initial > max || flags) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    LONG a[2] = { initial, max };
    return create_named(name, sa, &semaphore_object_ops, sem_make, a);
}

WINAPI HANDLE kernel32_CreateSemaphoreExA(SECURITY_ATTRIBUTES *sa, LONG initial, LONG max, const char *name,
                                          DWORD flags, DWORD access)
{
    bool oom;
    WCHAR *w = name_from_a(name, &oom);
    if (oom)
        return NULL;
    HANDLE h = kernel32_CreateSemaphoreExW(sa, initial, max, w, flags, access);
    free(w);
    return h;
}

WINAPI HANDLE kernel32_CreateSemaphoreW(SECURITY_ATTRIBUTES *sa, LONG initial, LONG max, const WCHAR *name)
{
    return kernel32_CreateSemaphoreExW(sa, initial, max, name, 0, 0x1f0003);
}

WINAPI HANDLE kernel32_CreateSemaphoreA(SECURITY_ATTRIBUTES *sa, LONG initial, LONG max, const char *name)
{
    return kernel32_CreateSemaphoreExA(sa, initial, max, name, 0, 0x1f0003);
}

WINAPI HANDLE kernel32_OpenSemaphoreW(DWORD access, BOOL inherit, const WCHAR *name)
{
    return open_named(name, inherit, &semaphore_object_ops);
}

WINAPI HANDLE kernel32_OpenSemaphoreA(DWORD access, BOOL inherit, const char *name)
{
    bool oom;
    WCHAR *w = name_from_a(name, &oom);
    if (oom)
        return NULL;
    HANDLE h = kernel32_OpenSemaphoreW(access, inherit, w);
    free(w);
    return h;
}

static BOOL sem_release(struct semaphore *s, LONG n, LONG *prev)
{
    if (n <= 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    BOOL ok;
    wait_lock_enter();
    LONG old = s->count;
    ok = n <= s->max - old;
    if (ok) {
        s->count = old + n;
        wait_signal(&s->hdr.obj);
    }
    wait_lock_leave();
    if (!ok) {
        set_last_error(ERROR_TOO_MANY_POSTS);
        return FALSE;
    }
    if (prev)
        *prev = old;
    return TRUE;
}

WINAPI BOOL kernel32_ReleaseSemaphore(HANDLE h, LONG n, LONG *prev)
{
    struct semaphore *s = (struct semaphore *)handle_get(h, &semaphore_object_ops);
    if (!s)
        return FALSE;
    BOOL ok = sem_release(s, n, prev);
    object_unref(&s->hdr.obj);
    return ok;
}

/* ---- waitable timers ---------------------------------------------------- */

struct timer {
    struct named_object hdr;
    bool manual;
    bool signaled;
    bool active;
    struct timespec due;         /* CLOCK_MONOTONIC */
    LONG period;                 /* ms, 0: one-shot */
    unsigned fires;              /* expiries so far */
    /* A completion routine: run as an APC by the thread that set it. */
    timer_apc_fn routine;
    void *arg;
    struct thread_object *owner; /* referenced while routine is set */
    unsigned fires_seen;
    struct timer *next_apc, *prev_apc;   /* apc_timers (wait_lock) */
};

static struct timer apc_timers = { .next_apc = &apc_timers, .prev_apc = &apc_timers };

static bool ts_le(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec <= b->tv_nsec);
}

/* Fire the timer if its time has come (wait_lock held). */
static void timer_update(struct timer *t)
{
    if (!t->active)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!ts_le(&t->due, &now))
        return;
    t->signaled = true;
    t->fires++;
    if (!t->period) {
        t->active = false;
        return;
    }
    /* Periodic: the next expiry after now, missed ones folded into this one. */
    int64_t p = (int64_t)t->period * 1000000;
    int64_t late = (now.tv_sec - t->due.tv_sec) * 1000000000LL + (now.tv_nsec - t->due.tv_nsec);
    int64_t add = (late / p + 1) * p;
    t->due.tv_sec += add / 1000000000LL;
    t->due.tv_nsec += add % 1000000000LL;
    if (t->due.tv_nsec >= 1000000000L) {
        t->due.tv_nsec -= 1000000000L;
        t->due.tv_sec++;
    }
}

static bool timer_signaled(struct object *obj, DWORD tid)
{
    struct timer *t = (struct timer *)obj;
    timer_update(t);
    return t->signaled;
}

static void timer_acquire(struct object *obj, DWORD tid)
{
    struct timer *t = (struct timer *)obj;
    if (!t->manual)
        t->signaled = false;
}

static bool timer_wake_time(struct object *obj, struct timespec *when)
{
    struct timer *t = (struct timer *)obj;
    if (t->active)
        *when = t->due;
    return t->active;
}

/* wait_lock held. */
static void timer_drop_routine(struct timer *t)
{
    if (t->owner) {
        t->next_apc->prev_apc = t->prev_apc;
        t->prev_apc->next_apc = t->next_apc;
        t->next_apc = t->prev_apc = NULL;
        object_unref(&t->owner->obj);   /* never the last: the thread holds its own */
        t->owner = NULL;
    }
    t->routine = NULL;
}

static void timer_destroy(struct object *obj)
{
    struct timer *t = (struct timer *)obj;
    wait_lock_enter();
    timer_drop_routine(t);
    wait_lock_leave();
    named_destroy(obj);
}

void timer_queue_apcs(struct thread_object *self, struct timespec **earliest, struct timespec *buf)
{
    for (struct timer *t = apc_timers.next_apc; t != &apc_timers; t = t->next_apc) {
        if (t->owner != self)
            continue;
        timer_update(t);
        if (t->fires != t->fires_seen) {
            t->fires_seen = t->fires;
            struct apc *a = calloc(1, sizeof *a);
            if (a) {
                a->timer_fn = t->routine;
                a->timer_arg = t->arg;
                a->fired_at = filetime_now();
                if (self->apc_tail)
                    self->apc_tail->next = a;
                else
                    self->apc_head = a;
                self->apc_tail = a;
            }
        }
        if (t->active && (!*earliest || t->due.tv_sec < (*earliest)->tv_sec
                          || (t->due.tv_sec == (*earliest)->tv_sec && t->due.tv_nsec < (*earliest)->tv_nsec))) {
            *buf = t->due;
            *earliest = buf;
        }
    }
}

const struct object_ops timer_object_ops = {
    .type = "timer", .destroy = timer_destroy, .signaled = timer_signaled, .acquire = timer_acquire,
    .wake_time = timer_wake_time,
};

static struct named_object *timer_make(void *ctx)
{
    struct timer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    object_init(&t->hdr.obj, &timer_object_ops);
    t->manual = *(bool *)ctx;
    return &t->hdr;
}

#define CREATE_WAITABLE_TIMER_MANUAL_RESET    0x1
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x2

WINAPI HANDLE kernel32_CreateWaitableTimerExW(SECURITY_ATTRIBUTES *sa, const WCHAR *name, DWORD flags,
                                              DWORD access)
{
    if (flags & ~(CREATE_WAITABLE_TIMER_MANUAL_RESET | CREATE_WAITABLE_TIMER_HIGH_RESOLUTION)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    bool manual = flags & CREATE_WAITABLE_TIMER_MANUAL_RESET;
    return create_named(name, sa, &timer_object_ops, timer_make, &manual);
}

WINAPI HANDLE kernel32_CreateWaitableTimerExA(SECURITY_ATTRIBUTES *sa, const char *name, DWORD flags,
                                              DWORD access)
{
    bool oom;
    WCHAR *w = name_from_a(name, &oom);
    if (oom)
        return NULL;
    HANDLE h = kernel32_CreateWaitableTimerExW(sa, w, flags, access);
    free(w);
    return h;
}

WINAPI HANDLE kernel32_CreateWaitableTimerW(SECURITY_ATTRIBUTES *sa, BOOL manual, const WCHAR *name)
{
    return kernel32_CreateWaitableTimerExW(sa, name, manual ? CREATE_WAITABLE_TIMER_MANUAL_RESET : 0, 0x1f0003);
}

WINAPI HANDLE kernel32_CreateWaitableTimerA(SECURITY_ATTRIBUTES *sa, BOOL manual, const char *name)
{
    return kernel32_CreateWaitableTimerExA(sa, name, manual ? CREATE_WAITABLE_TIMER_MANUAL_RESET : 0, 0x1f0003);
}

WINAPI HANDLE kernel32_OpenWaitableTimerW(DWORD access, BOOL inherit, const WCHAR *name)
{
    return open_named(name, inherit, &timer_object_ops);
}

WINAPI HANDLE kernel32_OpenWaitableTimerA(DWORD access, BOOL inherit, const char *name)
{
    bool oom;
    WCHAR *w = name_from_a(name, &oom);
    if (oom)
        return NULL;
    HANDLE h = kernel32_OpenWaitableTimerW(access, inherit, w);
    free(w);
    return h;
}

WINAPI BOOL kernel32_SetWaitableTimer(HANDLE h, const LARGE_INTEGER *due, LONG period, void *routine,
                                      void *arg, BOOL resume)
{
    if (!due) {
        set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (period < 0) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    struct timer *t = (struct timer *)handle_get(h, &timer_object_ops);
    if (!t)
        return FALSE;
    struct timespec when;
    deadline_from_nt(&when, due);
    struct thread_object *self = routine ? thread_current() : NULL;
    if (routine && !self) {
        object_unref(&t->hdr.obj);
        set_last_error(ERROR_INVALID_PARAMETER);   /* no thread to run it on */
        return FALSE;
    }
    wait_lock_enter();
    timer_drop_routine(t);
    if (routine) {
        t->routine = (timer_apc_fn)routine;
        t->arg = arg;
        t->owner = (struct thread_object *)object_ref(&self->obj);
        t->next_apc = &apc_timers;
        t->prev_apc = apc_timers.prev_apc;
        apc_timers.prev_apc->next_apc = t;
        apc_timers.prev_apc = t;
    }
    t->due = when;
    t->period = period;
    t->active = true;
    t->signaled = false;
    t->fires_seen = t->fires;
    wait_broadcast();   /* waiters recompute when to wake up */
    wait_lock_leave();
    object_unref(&t->hdr.obj);
    return TRUE;
}

WINAPI BOOL kernel32_SetWaitableTimerEx(HANDLE h, const LARGE_INTEGER *due, LONG period, void *routine,
                                        void *arg, void *context, ULONG delay)
{
    return kernel32_SetWaitableTimer(h, due, period, routine, arg, FALSE);
}

WINAPI BOOL kernel32_CancelWaitableTimer(HANDLE h)
{
    struct timer *t = (struct timer *)handle_get(h, &timer_object_ops);
    if (!t)
        return FALSE;
    wait_lock_enter();
    t->active = false;
    wait_broadcast();
    wait_lock_leave();
    object_unref(&t->hdr.obj);
    return TRUE;
}

/* ---- for SignalObjectAndWait ------------------------------------------- */

bool sync_signal_object(struct object *obj)
{
    if (obj->ops == &event_object_ops) {
        wait_lock_enter();
        ((struct event *)obj)->signaled = true;
        wait_signal(obj);
        wait_lock_leave();
        return true;
    }
    if (obj->ops == &mutex_object_ops)
        return mutex_release((struct mutex *)obj);
    if (obj->ops == &semaphore_object_ops)
        return sem_release((struct semaphore *)obj, 1, NULL);
    set_last_error(ERROR_INVALID_HANDLE);
    return false;
}
