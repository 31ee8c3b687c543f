/*
 * handle.c - the handle table (see handle.h). A flat array grown on demand;
 * handle value = (index + 1) * 4. Guarded by one mutex: handle operations are
 * short and rare next to the work done on the objects themselves.
 */
#include "winapi/handle.h"
#include "winapi/teb.h"

#include <stdlib.h>
#include <errno.h>
#include <time.h>

pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wait_cond;
static pthread_once_t wait_once = PTHREAD_ONCE_INIT;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct object **table;
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

void object_unref(struct object *obj)
{
    if (obj && __atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        if (obj->ops->destroy)
            obj->ops->destroy(obj);
        else
            free(obj);
    }
}

HANDLE handle_alloc(struct object *obj)
{
    pthread_mutex_lock(&table_lock);
    size_t i;
    for (i = 0; i < table_size; i++)
        if (!table[i])
            break;
    if (i == table_size) {
        size_t n = table_size ? table_size * 2 : 256;
        struct object **t = n <= MAX_HANDLES ? realloc(table, n * sizeof *t) : NULL;
        if (!t) {
            pthread_mutex_unlock(&table_lock);
            set_last_error(ERROR_TOO_MANY_OPEN_FILES);
            return NULL;
        }
        for (size_t j = table_size; j < n; j++)
            t[j] = NULL;
        table = t;
        table_size = n;
    }
    table[i] = object_ref(obj);
    pthread_mutex_unlock(&table_lock);
    return (HANDLE)(uintptr_t)((i + 1) * 4);
}

static struct object **slot(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;
    if (v == 0 || (v & 3) || v / 4 > table_size)
        return NULL;
    return &table[v / 4 - 1];
}

struct object *handle_get(HANDLE h, const struct object_ops *ops)
{
    pthread_mutex_lock(&table_lock);
    struct object **s = slot(h);
    struct object *obj = s ? *s : NULL;
    if (obj && ops && obj->ops != ops)
        obj = NULL;
    if (obj)
        object_ref(obj);
    pthread_mutex_unlock(&table_lock);
    if (!obj)
        set_last_error(ERROR_INVALID_HANDLE);
    return obj;
}

bool handle_close(HANDLE h)
{
    pthread_mutex_lock(&table_lock);
    struct object **s = slot(h);
    struct object *obj = s ? *s : NULL;
    if (obj)
        *s = NULL;
    pthread_mutex_unlock(&table_lock);
    if (!obj) {
        set_last_error(ERROR_INVALID_HANDLE);
        return false;
    }
    object_unref(obj);
    return true;
}

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
