/*
 * heap.c - Windows heaps on malloc (see heap.h). A heap handle is the
 * address of a struct heap, as on Windows. Each block is malloc'd with a
 * 32-byte header that keeps the caller's data 16-byte aligned:
 *
 *   +0  prev  \  the heap's doubly linked block list (for HeapDestroy,
 *   +8  next  /  whole-heap HeapValidate and HeapWalk-like uses)
 *   +16 heap     owning heap
 *   +24 size     bits 0-47 the requested size, bits 48-63 the tag BLOCK_TAG
 *   +32 data...
 *
 * A freed block's tag is cleared before free(), so a second HeapFree of the
 * same pointer is refused rather than corrupting malloc. One recursive mutex
 * per heap serialises its list (HeapLock takes the same one).
 */
#include "winapi/heap.h"
#include "winapi/teb.h"
#include "winapi/dll.h"
#include "winapi/debug.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

DEBUG_CHANNEL(heap)

#define HEAP_MAGIC 0x70616568u  /* "heap" */
#define BLOCK_TAG  0xb10cull
#define SIZE_MASK  ((1ull << 48) - 1)
#define MAX_BLOCK  ((SIZE_T)1 << 47)

struct block {
    struct block *prev, *next;
    struct heap *heap;
    uint64_t size_tag;
};
_Static_assert(sizeof(struct block) == 32, "block header keeps 16-byte alignment");

struct heap {
    uint32_t magic;
    DWORD flags;
    SIZE_T max_size;             /* 0: growable */
    SIZE_T used;                 /* bytes requested by live blocks */
    pthread_mutex_t lock;        /* recursive */
    struct block list;           /* sentinel */
    struct heap *next_heap;
};

static struct heap process_heap = {
    HEAP_MAGIC, HEAP_GROWABLE, 0, 0, PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP,
    { &process_heap.list, &process_heap.list, NULL, 0 }, NULL,
};
static pthread_mutex_t heaps_lock = PTHREAD_MUTEX_INITIALIZER;
static struct heap *heaps = &process_heap;

HANDLE heap_process(void) { return &process_heap; }

/* Is [p, p+len) readable? Asks the kernel (process_vm_readv fails with
 * EFAULT instead of faulting), so checking a wild pointer is safe. */
static bool readable(const void *p, size_t len)
{
    char buf[64];
    while (len) {
        size_t n = len < sizeof buf ? len : sizeof buf;
        struct iovec local = { buf, n }, remote = { (void *)p, n };
        if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != (ssize_t)n)
            return errno == ENOSYS || errno == EPERM; /* cannot tell: trust the pointer */
        p = (const char *)p + n;
        len -= n;
    }
    return true;
}

bool heap_is_valid(HANDLE heap)
{
    struct heap *h = heap;
    if (!h || ((uintptr_t)h & 7))
        return false;
    if (h == &process_heap)
        return true;
    pthread_mutex_lock(&heaps_lock);
    struct heap *x = heaps;
    while (x && x != h)
        x = x->next_heap;
    pthread_mutex_unlock(&heaps_lock);
    return x && x->magic == HEAP_MAGIC;
}

/* HEAP_GENERATE_EXCEPTIONS: raise STATUS_NO_MEMORY through kernel32's
 * RaiseException (the SEH code owns dispatch). Looked up at run time so the
 * heap does not depend on it being linked; without it, fall back to the
 * plain failure return and say so. */
static void fail_no_memory(struct heap *h, DWORD flags)
{
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    if (!((flags | (h ? h->flags : 0)) & HEAP_GENERATE_EXCEPTIONS))
        return;
    struct builtin_dll *k32 = builtin_find("kernel32");
    const struct dll_export *e = k32 ? builtin_export_by_name(k32, "RaiseException") : NULL;
    if (e && e->kind == EXPORT_FUNC && export_addr(k32, e)) {
        void (WINAPI *raise)(DWORD, DWORD, DWORD, const ULONG_PTR *) = (void (WINAPI *)(DWORD, DWORD, DWORD, const ULONG_PTR *))export_addr(k32, e);
        raise(STATUS_NO_MEMORY, 1 /* EXCEPTION_NONCONTINUABLE */, 0, NULL);
        return;
    }
    FIXME("HEAP_GENERATE_EXCEPTIONS: no RaiseException yet, returning NULL\n");
}

HANDLE heap_create(DWORD flags, SIZE_T initial_size, SIZE_T max_size)
{
    struct heap *h = calloc(1, sizeof *h);
    if (!h) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    h->magic = HEAP_MAGIC;
    h->flags = flags | (max_size ? 0 : HEAP_GROWABLE);
    h->max_size = max_size && max_size < initial_size ? initial_size : max_size;
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&h->lock, &a);
    pthread_mutexattr_destroy(&a);
    h->list.prev = h->list.next = &h->list;
    pthread_mutex_lock(&heaps_lock);
    h->next_heap = heaps->next_heap;   /* the process heap stays first */
    heaps->next_heap = h;
    pthread_mutex_unlock(&heaps_lock);
    TRACE("flags %#x max %#zx -> %p\n", flags, (size_t)max_size, (void *)h);
    return h;
}

BOOL heap_destroy(HANDLE heap)
{
    struct heap *h = heap;
    if (!heap_is_valid(heap) || h == &process_heap) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&heaps_lock);
    for (struct heap **pp = &heaps; *pp; pp = &(*pp)->next_heap)
        if (*pp == h) {
            *pp = h->next_heap;
            break;
        }
    pthread_mutex_unlock(&heaps_lock);
    /* Everything still allocated from it goes with it, as on Windows. */
    pthread_mutex_lock(&h->lock);
    for (struct block *b = h->list.next, *n; b != &h->list; b = n) {
        n = b->next;
        b->size_tag = 0;
        free(b);
    }
    h->magic = 0;
    pthread_mutex_unlock(&h->lock);
    pthread_mutex_destroy(&h->lock);
    free(h);
    return TRUE;
}

static void link_block(struct heap *h, struct block *b, SIZE_T size)
{
    b->heap = h;
    b->size_tag = size | (BLOCK_TAG << 48);
    b->prev = &h->list;
    b->next = h->list.next;
    h->list.next->prev = b;
    h->list.next = b;
    h->used += size;
}

static void unlink_block(struct heap *h, struct block *b)
{
    b->prev->next = b->next;
    b->next->prev = b->prev;
    h->used -= b->size_tag & SIZE_MASK;
}

static bool over_limit(const struct heap *h, SIZE_T old, SIZE_T size)
{
    return h->max_size && h->used - old + size > h->max_size;
}

void *heap_alloc(HANDLE heap, DWORD flags, SIZE_T size)
{
    struct heap *h = heap;
    if (!heap_is_valid(heap)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (size > MAX_BLOCK) {
        fail_no_memory(h, flags);
        return NULL;
    }
    pthread_mutex_lock(&h->lock);
    struct block *b = NULL;
    if (!over_limit(h, 0, size))
        b = ((flags | h->flags) & HEAP_ZERO_MEMORY) ? calloc(1, sizeof *b + size) : malloc(sizeof *b + size);
    if (b)
        link_block(h, b, size);
    pthread_mutex_unlock(&h->lock);
    if (!b) {
        fail_no_memory(h, flags);
        return NULL;
    }
    return b + 1;
}

/* The block behind p if p is a live block of heap h. Call with h->lock held.
 * Cheap checks only (alignment, tag, owner): the Heap* calls trust the
 * pointer as Windows does; heap_validate checks readability first. */
static struct block *block_of(struct heap *h, const void *p)
{
    if (!p || ((uintptr_t)p & 15))
        return NULL;
    struct block *b = (struct block *)p - 1;
    if ((b->size_tag >> 48) != BLOCK_TAG || b->heap != h)
        return NULL;
    return b;
}

void *heap_realloc(HANDLE heap, DWORD flags, void *p, SIZE_T size)
{
    struct heap *h = heap;
    if (!heap_is_valid(heap)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (!p) {
        /* RtlReAllocateHeap does not allocate for a NULL block. */
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    pthread_mutex_lock(&h->lock);
    struct block *b = block_of(h, p);
    if (!b) {
        pthread_mutex_unlock(&h->lock);
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    SIZE_T old = b->size_tag & SIZE_MASK;
    struct block *nb = NULL;
    if (size <= MAX_BLOCK && !over_limit(h, old, size)) {
        if (flags & HEAP_REALLOC_IN_PLACE_ONLY) {
            /* Growing in place works only within what malloc already gave. */
            if (size <= old || sizeof *b + size <= malloc_usable_size(b)) {
                nb = b;
                h->used += size - old;
                nb->size_tag = size | (BLOCK_TAG << 48);
            }
        } else {
            unlink_block(h, b);
            nb = realloc(b, sizeof *b + size);
            if (nb)
                link_block(h, nb, size);
            else
                link_block(h, b, old);
        }
    }
    if (nb && ((flags | h->flags) & HEAP_ZERO_MEMORY) && size > old)
        memset((char *)(nb + 1) + old, 0, size - old);
    pthread_mutex_unlock(&h->lock);
    if (!nb) {
        fail_no_memory(h, flags);
        return NULL;
    }
    return nb + 1;
}

BOOL heap_free(HANDLE heap, DWORD flags, void *p)
{
    struct heap *h = heap;
    if (!p)
        return TRUE;
    if (!heap_is_valid(heap)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&h->lock);
    struct block *b = block_of(h, p);
    if (b) {
        unlink_block(h, b);
        b->size_tag = 0;
        b->heap = NULL;
    }
    pthread_mutex_unlock(&h->lock);
    if (!b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    free(b);
    return TRUE;
}

SIZE_T heap_size(HANDLE heap, DWORD flags, const void *p)
{
    struct heap *h = heap;
    if (!heap_is_valid(heap)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return (SIZE_T)-1;
    }
    pthread_mutex_lock(&h->lock);
    struct block *b = block_of(h, p);
    SIZE_T size = b ? b->size_tag & SIZE_MASK : (SIZE_T)-1;
    pthread_mutex_unlock(&h->lock);
    if (!b)
        set_last_error(ERROR_INVALID_PARAMETER);
    return size;
}

BOOL heap_validate(HANDLE heap, DWORD flags, const void *p)
{
    struct heap *h = heap;
    if (!heap_is_valid(heap))
        return FALSE;
    BOOL ok = TRUE;
    pthread_mutex_lock(&h->lock);
    if (p) {
        ok = !((uintptr_t)p & 15) && (uintptr_t)p > sizeof(struct block) &&
             readable((const struct block *)p - 1, sizeof(struct block)) && block_of(h, p);
    } else {
        SIZE_T total = 0;
        for (struct block *b = h->list.next; b != &h->list; b = b->next) {
            if ((b->size_tag >> 48) != BLOCK_TAG || b->heap != h || b->next->prev != b) {
                ok = FALSE;
                break;
            }
            total += b->size_tag & SIZE_MASK;
        }
        if (ok && total != h->used)
            ok = FALSE;
    }
    pthread_mutex_unlock(&h->lock);
    return ok;
}

SIZE_T heap_compact(HANDLE heap, DWORD flags)
{
    if (!heap_is_valid(heap)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    /* The blocks live in the one host allocator: give its free memory back
     * and report what it still holds free (an honest "largest free" bound). */
    malloc_trim(0);
    struct mallinfo2 mi = mallinfo2();
    return mi.fordblks ? mi.fordblks : 4096;
}

BOOL heap_lock(HANDLE heap)
{
    if (!heap_is_valid(heap)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&((struct heap *)heap)->lock);
    return TRUE;
}

BOOL heap_unlock(HANDLE heap)
{
    if (!heap_is_valid(heap)) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_unlock(&((struct heap *)heap)->lock);
    return TRUE;
}

DWORD heap_list(DWORD max, HANDLE *out)
{
    DWORD n = 0;
    pthread_mutex_lock(&heaps_lock);
    for (struct heap *h = heaps; h; h = h->next_heap, n++)
        if (out && n < max)
            out[n] = h;
    pthread_mutex_unlock(&heaps_lock);
    return n;
}
