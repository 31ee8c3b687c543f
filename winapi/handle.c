/*
 * handle.c - the handle table and the wait machinery (see handle.h).
 *
 * The table is a flat array grown on demand; handle value = (index + 1) * 4.
 * It is guarded by one mutex: handle operations are short and rare next to
 * the work done on the objects themselves.
 *
 * Waits: one lock (wait_lock) and one condition variable for every waitable
 * object. A waiter that cannot be satisfied at once links a wait block on a
 * list and sleeps until a state change, its deadline, or the next time a
 * waitable timer in its set fires; whoever signals an object satisfies the
 * waits on the list that it can, oldest first (wait_signal).
 */
#include "winapi/handle.h"
#include "winapi/teb.h"
#include "winapi/thread.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wait_cond;
static pthread_once_t wait_once = PTHREAD_ONCE_INIT;

struct handle_entry {
    struct object *obj;
    DWORD flags;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct handle_entry *table;
static size_t table_size;
#define MAX_HANDLES (1u << 24)

void object_init(struct object *obj, const struct object_ops *ops)
{
    obj->ops = ops;
    obj->refs = 1;
}

struct object *object_ref(struct object *obj)
{
    __atomic_add_fetch(&obj->refs, 1, __ATOMIC_RELAXED);
    return obj;
}

struct object *object_try_ref(struct object *obj)
{
    int r = __atomic_load_n(&obj->refs, __ATOMIC_RELAXED);
    while (r > 0)
        if (__atomic_compare_exchange_n(&obj->refs, &r, r + 1, true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return obj;
    return NULL;
}

void object_unref(struct object *obj)
{
    if (obj && __atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        if (obj->ops->destroy)
            obj->ops->destroy(obj);
        else
            free(obj);
    }
}

/* Make room for index i. Table lock held. */
static bool grow(size_t need)
{
    if (need <= table_size)
        return true;
    size_t n = table_size ? table_size : 256;
    while (n < need)
        n *= 2;
    struct handle_entry *t = n <= MAX_HANDLES ? realloc(table, n * sizeof *t) : NULL;
    if (!t)
        return false;
    for (size_t j = table_size; j < n; j++)
        t[j] = (struct handle_entry){ 0 };
    table = t;
    table_size = n;
    return true;
}

HANDLE handle_alloc_flags(struct object *obj, DWORD flags)
{
    pthread_mutex_lock(&table_lock);
    size_t i;
    for (i = 0; i < table_size; i++)
        if (!table[i].obj)
            break;
    if (!grow(i + 1)) {
        pthread_mutex_unlock(&table_lock);
        set_last_error(ERROR_TOO_MANY_OPEN_FILES);
        return NULL;
    }
    table[i].obj = object_ref(obj);
    table[i].flags = flags & (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE);
    pthread_mutex_unlock(&table_lock);
    return (HANDLE)(uintptr_t)((i + 1) * 4);
}

HANDLE handle_alloc(struct object *obj)
{
    return handle_alloc_flags(obj, 0);
}

bool handle_alloc_at(HANDLE h, struct object *obj, DWORD flags)
{
    uintptr_t v = (uintptr_t)h;
    if (v == 0 || (v & 3) || v / 4 > MAX_HANDLES)
        return false;
    pthread_mutex_lock(&table_lock);
    bool ok = grow(v / 4) && !table[v / 4 - 1].obj;
    if (ok) {
        table[v / 4 - 1].obj = object_ref(obj);
        table[v / 4 - 1].flags = flags & (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE);
    }
    pthread_mutex_unlock(&table_lock);
    return ok;
}

static struct handle_entry *slot(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;
    if (v == 0 || (v & 3) || v / 4 > table_size || !table[v / 4 - 1].obj)
        return NULL;
    return &table[v / 4 - 1];
}

static struct object *pseudo_object(HANDLE h)
{
    if (h == CURRENT_PROCESS_HANDLE)
        return object_ref(process_current_object());
    if (h == CURRENT_THREAD_HANDLE) {
        struct thread_object *t = thread_current();
        return t ? object_ref(&t->obj) : NULL;
    }
    return NULL;
}

struct object *handle_get(HANDLE h, const struct object_ops *ops)
{
    struct object *obj;
    if (h == CURRENT_PROCESS_HANDLE || h == CURRENT_THREAD_HANDLE) {
        obj = pseudo_object(h);
    } else {
        pthread_mutex_lock(&table_lock);
        struct handle_entry *s = slot(h);
        obj = s ? object_ref(s->obj) : NULL;
        pthread_mutex_unlock(&table_lock);
    }
    if (obj && ops && obj->ops != ops) {
        object_unref(obj);
        obj = NULL;
    }
    if (!obj)
        set_last_error(ERROR_INVALID_HANDLE);
    return obj;
}

bool handle_close(HANDLE h)
{
    if (h == CURRENT_PROCESS_HANDLE || h == CURRENT_THREAD_HANDLE)
        return true;
    pthread_mutex_lock(&table_lock);
    struct handle_entry *s = slot(h);
    struct object *obj = NULL;
    if (s && !(s->flags & HANDLE_FLAG_PROTECT_FROM_CLOSE)) {
        obj = s->obj;
        *s = (struct handle_entry){ 0 };
    }
    pthread_mutex_unlock(&table_lock);
    if (!obj) {
        set_last_error(ERROR_INVALID_HANDLE);
        return false;
    }
    object_unref(obj);
    return true;
}

bool handle_get_flags(HANDLE h, DWORD *flags)
{
    pthread_mutex_lock(&table_lock);
    struct handle_entry *s = slot(h);
    if (s)
        *flags = s->flags;
    pthread_mutex_unlock(&table_lock);
    if (!s)
        set_last_error(ERROR_INVALID_HANDLE);
    return s != NULL;
}

bool handle_set_flags(HANDLE h, DWORD mask, DWORD flags)
{
    mask &= HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE;
    pthread_mutex_lock(&table_lock);
    struct handle_entry *s = slot(h);
    if (s)
        s->flags = (s->flags & ~mask) | (flags & mask);
    pthread_mutex_unlock(&table_lock);
    if (!s)
        set_last_error(ERROR_INVALID_HANDLE);
    return s != NULL;
}

void handle_for_each(void (*fn)(HANDLE h, struct object *obj, DWORD flags, void *ctx), void *ctx)
{
    pthread_mutex_lock(&table_lock);
    for (size_t i = 0; i < table_size; i++)
        if (table[i].obj)
            fn((HANDLE)(uintptr_t)((i + 1) * 4), table[i].obj, table[i].flags, ctx);
    pthread_mutex_unlock(&table_lock);
}

/* ---- the wait lock ---------------------------------------------------- */

/* How deep this thread is in wait_lock, and whether a suspend/terminate
 * signal arrived meanwhile (read by thread.c's signal handler). */
static __thread int lock_depth;
static __thread volatile sig_atomic_t control_deferred;

int wait_lock_depth(void) { return lock_depth; }
void wait_defer_control(void) { control_deferred = 1; }

void guarded_lock(pthread_mutex_t *m)
{
    lock_depth++;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    pthread_mutex_lock(m);
}

void guarded_unlock(pthread_mutex_t *m)
{
    pthread_mutex_unlock(m);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (--lock_depth == 0 && control_deferred) {
        control_deferred = 0;
        thread_control_point();
    }
}

void wait_lock_enter(void) { guarded_lock(&wait_lock); }
void wait_lock_leave(void) { guarded_unlock(&wait_lock); }

static void wait_init(void)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&wait_cond, &a);
    pthread_condattr_destroy(&a);
}

void wait_broadcast(void)
{
    pthread_once(&wait_once, wait_init);
    pthread_cond_broadcast(&wait_cond);
}

bool wait_sleep(const struct timespec *deadline)
{
    pthread_once(&wait_once, wait_init);
    if (!deadline) {
        pthread_cond_wait(&wait_cond, &wait_lock);
        return true;
    }
    return pthread_cond_timedwait(&wait_cond, &wait_lock, deadline) != ETIMEDOUT;
}

/* ---- deadlines -------------------------------------------------------- */

static bool ts_before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void ts_add_ns(struct timespec *t, uint64_t ns)
{
    t->tv_sec += (time_t)(ns / 1000000000u);
    t->tv_nsec += (long)(ns % 1000000000u);
    if (t->tv_nsec >= 1000000000L) {
        t->tv_nsec -= 1000000000L;
        t->tv_sec++;
    }
}

struct timespec *deadline_after_ms(struct timespec *dl, DWORD ms)
{
    if (ms == INFINITE)
        return NULL;
    clock_gettime(CLOCK_MONOTONIC, dl);
    ts_add_ns(dl, (uint64_t)ms * 1000000u);
    return dl;
}

/* 100 ns intervals between 1601-01-01 and 1970-01-01 */
#define EPOCH_DIFF_100NS 116444736000000000LL

struct timespec *deadline_from_nt(struct timespec *dl, const LARGE_INTEGER *timeout)
{
    if (!timeout)
        return NULL;
    LONGLONG t = timeout->QuadPart;
    if (t == INT64_MIN)   /* as good as forever, and -t would overflow */
        return NULL;
    uint64_t rel_100ns;
    if (t <= 0) {
        rel_100ns = (uint64_t)-t;
    } else {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        LONGLONG now_100ns = (LONGLONG)now.tv_sec * 10000000 + now.tv_nsec / 100 + EPOCH_DIFF_100NS;
        rel_100ns = t > now_100ns ? (uint64_t)(t - now_100ns) : 0;
    }
    clock_gettime(CLOCK_MONOTONIC, dl);
    /* Keep far-away deadlines representable: cap at ~100 years. */
    if (rel_100ns > 31536000000000000ull)
        rel_100ns = 31536000000000000ull;
    ts_add_ns(dl, rel_100ns * 100);
    return dl;
}

/* ---- waiting for objects ---------------------------------------------- */

/* A thread asleep in wait_objects. Signalling an object hands it over to
 * the waits asleep on it, oldest first (wait_signal), as the NT kernel does:
 * setting an auto-reset event twice wakes two waiters, a released mutex
 * goes to the thread that waited for it. */
struct wait_block {
    struct wait_block *next, *prev;
    struct object *const *objs;
    DWORD count;
    bool all;
    DWORD tid;              /* the waiting thread */
    DWORD result;           /* WAIT_TIMEOUT until wait_signal satisfied it */
};

static struct wait_block waiters = { &waiters, &waiters, NULL, 0, false, 0, 0 };

static void wb_link(struct wait_block *wb)
{
    wb->next = &waiters;
    wb->prev = waiters.prev;
    waiters.prev->next = wb;
    waiters.prev = wb;
}

static void wb_unlink(struct wait_block *wb)
{
    wb->prev->next = wb->next;
    wb->next->prev = wb->prev;
}

static bool is_signaled(struct object *obj, DWORD tid)
{
    return !obj->ops->signaled || obj->ops->signaled(obj, tid);
}

/* Take obj for thread tid; WAIT_ABANDONED_0 or WAIT_OBJECT_0. */
static DWORD take(struct object *obj, DWORD tid)
{
    DWORD r = obj->ops->abandoned && obj->ops->abandoned(obj) ? WAIT_ABANDONED_0 : WAIT_OBJECT_0;
    if (obj->ops->acquire)
        obj->ops->acquire(obj, tid);
    return r;
}

/* wait_lock held. WAIT_TIMEOUT: not satisfiable now. */
static DWORD try_satisfy(const struct wait_block *wb)
{
    if (wb->all) {
        for (DWORD i = 0; i < wb->count; i++)
            if (!is_signaled(wb->objs[i], wb->tid))
                return WAIT_TIMEOUT;
        /* Windows reports an abandoned mutex among them as WAIT_ABANDONED_0. */
        DWORD r = WAIT_OBJECT_0;
        for (DWORD i = 0; i < wb->count; i++)
            if (take(wb->objs[i], wb->tid) == WAIT_ABANDONED_0)
                r = WAIT_ABANDONED_0;
        return r;
    }
    for (DWORD i = 0; i < wb->count; i++)
        if (is_signaled(wb->objs[i], wb->tid))
            return take(wb->objs[i], wb->tid) + i;
    return WAIT_TIMEOUT;
}

void wait_signal(struct object *obj)
{
    for (struct wait_block *wb = waiters.next; wb != &waiters; wb = wb->next) {
        if (wb->result != WAIT_TIMEOUT)
            continue;
        bool mine = false;
        for (DWORD i = 0; i < wb->count && !mine; i++)
            mine = wb->objs[i] == obj;
        if (mine)
            wb->result = try_satisfy(wb);
    }
    wait_broadcast();
}

static bool control_requested(struct thread_object *self)
{
    return control_deferred || (self && (__atomic_load_n(&self->suspend_count, __ATOMIC_ACQUIRE) > 0
                                         || __atomic_load_n(&self->terminate, __ATOMIC_ACQUIRE)));
}

DWORD wait_objects(DWORD count, struct object *const *objs, bool wait_all,
                   const struct timespec *deadline, bool alertable)
{
    struct thread_object *self = thread_current();
    struct wait_block wb = { .objs = objs, .count = count, .all = wait_all, .tid = thread_current_id(),
                             .result = WAIT_TIMEOUT };
    DWORD ret;
    wait_lock_enter();
    ret = try_satisfy(&wb);
    if (ret == WAIT_TIMEOUT) {
        wb_link(&wb);
        for (;;) {
            if (wb.result != WAIT_TIMEOUT) {
                ret = wb.result;
                break;
            }
            /* Objects nobody signals (timers, ...) are checked here. */
            ret = try_satisfy(&wb);
            if (ret != WAIT_TIMEOUT)
                break;
            struct timespec timer_due, *apc_due = NULL;
            if (alertable && self) {
                timer_queue_apcs(self, &apc_due, &timer_due);
                if (thread_apc_pending(self)) {
                    ret = WAIT_IO_COMPLETION;
                    break;
                }
            }
            if (control_requested(self)) {
                /* Suspended or terminated while waiting: let it happen
                 * outside the lock and out of the waiters' list (a
                 * suspended thread takes nothing; a terminated one never
                 * comes back). */
                wb_unlink(&wb);
                wait_lock_leave();
                thread_control_point();
                wait_lock_enter();
                wb_link(&wb);
                continue;
            }
            struct timespec now, wake, earliest;
            const struct timespec *until = deadline;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (deadline && !ts_before(&now, deadline))
                break;
            if (apc_due && (!until || ts_before(apc_due, until)))
                until = apc_due;
            for (DWORD i = 0; i < count; i++)
                if (objs[i]->ops->wake_time && objs[i]->ops->wake_time(objs[i], &wake)
                    && (!until || ts_before(&wake, until))) {
                    earliest = wake;
                    until = &earliest;
                }
            wait_sleep(until);
        }
        wb_unlink(&wb);
    }
    wait_lock_leave();
    if (ret == WAIT_IO_COMPLETION)
        thread_run_apcs(self);
    return ret;
}
