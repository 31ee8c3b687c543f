/*
 * kernel32/tls.c - thread local storage (TlsAlloc ...) and fiber local
 * storage (FlsAlloc ...; without fibers it is TLS with destructors).
 *
 * TLS: indices 0-63 are the TEB's TlsSlots (gs:[0x1480], read directly by
 * some compiled code), 64-1087 the expansion slots the TEB points at,
 * allocated on a thread's first use. TlsFree clears the slot in every
 * thread, as Windows does, so a new TlsAlloc starts from NULL everywhere.
 *
 * FLS: per thread, chunks of 128 values that never move once allocated,
 * reached from TEB.FlsData, so that FlsGetValue (the UCRT calls it for every
 * errno access) takes no lock. Callbacks run at thread exit for the values
 * that are set, and on every thread's value at FlsFree.
 */
#include "winapi/thread.h"
#include "winapi/kernel32/sync.h"

#include <stdlib.h>
#include <string.h>

#define TLS_MINIMUM_AVAILABLE 64
#define TLS_EXPANSION_SLOTS   1024
#define TLS_OUT_OF_INDEXES    0xffffffffu
#define FLS_MAXIMUM_AVAILABLE 4080
#define FLS_OUT_OF_INDEXES    0xffffffffu
#define FLS_CHUNK             128
#define FLS_CHUNKS            ((FLS_MAXIMUM_AVAILABLE + FLS_CHUNK - 1) / FLS_CHUNK)

typedef void (WINAPI *fls_callback)(void *);

static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t tls_used[TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS];
static uint8_t fls_used[FLS_MAXIMUM_AVAILABLE];
static fls_callback fls_callbacks[FLS_MAXIMUM_AVAILABLE];

struct fls_data {
    void **chunks[FLS_CHUNKS];
};

/* ---- TLS ------------------------------------------------------------------ */

WINAPI DWORD kernel32_TlsAlloc(void)
{
    pthread_mutex_lock(&tls_lock);
    DWORD i;
    for (i = 0; i < TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS; i++)
        if (!tls_used[i])
            break;
    if (i < TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS)
        tls_used[i] = 1;
    pthread_mutex_unlock(&tls_lock);
    if (i == TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS) {
        set_last_error(ERROR_NO_MORE_ITEMS);
        return TLS_OUT_OF_INDEXES;
    }
    return i;
}

static void clear_tls_slot(struct thread_object *t, void *ctx)
{
    DWORD i = (DWORD)(uintptr_t)ctx;
    if (!t->teb)
        return;
    if (i < TLS_MINIMUM_AVAILABLE)
        t->teb->tls_slots[i] = NULL;
    else if (t->teb->tls_expansion_slots)
        t->teb->tls_expansion_slots[i - TLS_MINIMUM_AVAILABLE] = NULL;
}

WINAPI BOOL kernel32_TlsFree(DWORD i)
{
    pthread_mutex_lock(&tls_lock);
    bool ok = i < TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS && tls_used[i];
    if (ok) {
        thread_for_each(clear_tls_slot, (void *)(uintptr_t)i);
        struct thread_object *self = thread_current();
        if (self)
            clear_tls_slot(self, (void *)(uintptr_t)i);
        tls_used[i] = 0;
    }
    pthread_mutex_unlock(&tls_lock);
    if (!ok)
        set_last_error(ERROR_INVALID_PARAMETER);
    return ok;
}

WINAPI void *kernel32_TlsGetValue(DWORD i)
{
    struct teb *teb = teb_current();
    void *v;
    if (i < TLS_MINIMUM_AVAILABLE) {
        v = teb->tls_slots[i];
    } else if (i < TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS) {
        void **x = teb->tls_expansion_slots;
        v = x ? x[i - TLS_MINIMUM_AVAILABLE] : NULL;
    } else {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* Windows clears the last error on success: NULL is a valid value and
     * programs tell it from failure that way. */
    set_last_error(ERROR_SUCCESS);
    return v;
}

WINAPI BOOL kernel32_TlsSetValue(DWORD i, void *v)
{
    struct teb *teb = teb_current();
    if (i < TLS_MINIMUM_AVAILABLE) {
        teb->tls_slots[i] = v;
        return TRUE;
    }
    if (i >= TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!teb->tls_expansion_slots) {
        void **x = calloc(TLS_EXPANSION_SLOTS, sizeof *x);
        if (!x) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
        /* TlsFree on another thread may read this pointer: publish it whole. */
        __atomic_store_n(&teb->tls_expansion_slots, x, __ATOMIC_RELEASE);
    }
    teb->tls_expansion_slots[i - TLS_MINIMUM_AVAILABLE] = v;
    return TRUE;
}

/* ---- FLS ------------------------------------------------------------------ */

WINAPI DWORD kernel32_FlsAlloc(fls_callback cb)
{
    pthread_mutex_lock(&tls_lock);
    DWORD i;
    /* Index 0 is never handed out, as on Windows (where it is reserved). */
    for (i = 1; i < FLS_MAXIMUM_AVAILABLE; i++)
        if (!fls_used[i])
            break;
    if (i < FLS_MAXIMUM_AVAILABLE) {
        fls_used[i] = 1;
        fls_callbacks[i] = cb;
    }
    pthread_mutex_unlock(&tls_lock);
    if (i == FLS_MAXIMUM_AVAILABLE) {
        set_last_error(ERROR_NO_MORE_ITEMS);
        return FLS_OUT_OF_INDEXES;
    }
    return i;
}

static void **fls_slot(struct teb *teb, DWORD i, bool create)
{
    struct fls_data *d = __atomic_load_n((struct fls_data **)&teb->fls_data, __ATOMIC_ACQUIRE);
    if (!d) {
        if (!create)
            return NULL;
        d = calloc(1, sizeof *d);
        if (!d)
            return NULL;
        __atomic_store_n((struct fls_data **)&teb->fls_data, d, __ATOMIC_RELEASE);
    }
    void **chunk = __atomic_load_n(&d->chunks[i / FLS_CHUNK], __ATOMIC_ACQUIRE);
    if (!chunk) {
        if (!create)
            return NULL;
        chunk = calloc(FLS_CHUNK, sizeof *chunk);
        if (!chunk)
            return NULL;
        __atomic_store_n(&d->chunks[i / FLS_CHUNK], chunk, __ATOMIC_RELEASE);
    }
    return &chunk[i % FLS_CHUNK];
}

/* Get/Set check the range only, as Wine does: a freed index reads NULL
 * (FlsFree cleared it everywhere). */
static bool fls_in_range(DWORD i)
{
    return i && i < FLS_MAXIMUM_AVAILABLE;
}

static bool fls_valid(DWORD i)
{
    return fls_in_range(i) && __atomic_load_n(&fls_used[i], __ATOMIC_RELAXED);
}

WINAPI void *kernel32_FlsGetValue(DWORD i)
{
    if (!fls_in_range(i)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    void **s = fls_slot(teb_current(), i, false);
    set_last_error(ERROR_SUCCESS);
    return s ? *s : NULL;
}

WINAPI BOOL kernel32_FlsSetValue(DWORD i, void *v)
{
    if (!fls_in_range(i)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    void **s = fls_slot(teb_current(), i, true);
    if (!s) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    *s = v;
    return TRUE;
}

struct fls_free_ctx {
    DWORD index;
    void **values;
    size_t n, cap;
};

/* Take each thread's value for the index being freed (registry lock held:
 * the callbacks run after, outside it). */
static void collect_fls(struct thread_object *t, void *p)
{
    struct fls_free_ctx *c = p;
    void **s = t->teb ? fls_slot(t->teb, c->index, false) : NULL;
    if (!s || !*s)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        void **v = realloc(c->values, cap * sizeof *v);
        if (!v)
            return;
        c->values = v;
        c->cap = cap;
    }
    c->values[c->n++] = *s;
    *s = NULL;
}

WINAPI BOOL kernel32_FlsFree(DWORD i)
{
    pthread_mutex_lock(&tls_lock);
    if (!fls_valid(i)) {
        pthread_mutex_unlock(&tls_lock);
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    fls_callback cb = fls_callbacks[i];
    struct fls_free_ctx c = { .index = i };
    thread_for_each(collect_fls, &c);
    fls_used[i] = 0;
    fls_callbacks[i] = NULL;
    pthread_mutex_unlock(&tls_lock);
    if (cb)
        for (size_t k = 0; k < c.n; k++)
            cb(c.values[k]);
    free(c.values);
    return TRUE;
}

void tls_thread_exit(struct thread_object *t)
{
    struct teb *teb = t->teb;
    if (!teb)
        return;
    struct fls_data *d = teb->fls_data;
    if (d) {
        /* A callback may set or read other values of this thread: walk
         * the slots one by one, reading the callback table each time. */
        for (DWORD i = 1; i < FLS_MAXIMUM_AVAILABLE; i++) {
            void **chunk = d->chunks[i / FLS_CHUNK];
            if (!chunk) {
                i = (i / FLS_CHUNK + 1) * FLS_CHUNK - 1;
                continue;
            }
            void *v = chunk[i % FLS_CHUNK];
            if (!v)
                continue;
            pthread_mutex_lock(&tls_lock);
            fls_callback cb = fls_used[i] ? fls_callbacks[i] : NULL;
            pthread_mutex_unlock(&tls_lock);
            chunk[i % FLS_CHUNK] = NULL;
            if (cb)
                cb(v);
        }
    }
}

/* After DLL_THREAD_DETACH (which may still use TLS and FLS): free the storage. */
void tls_thread_free(struct thread_object *t)
{
    struct teb *teb = t->teb;
    if (!teb)
        return;
    thread_registry_lock();   /* TlsFree/FlsFree of another thread may be walking them */
    struct fls_data *d = teb->fls_data;
    void **x = teb->tls_expansion_slots;
    teb->fls_data = NULL;
    teb->tls_expansion_slots = NULL;
    thread_registry_unlock();
    if (d)
        for (int c = 0; c < FLS_CHUNKS; c++)
            free(d->chunks[c]);
    free(d);
    free(x);
}

WINAPI BOOL kernel32_IsThreadAFiber(void)
{
    return FALSE;
}
