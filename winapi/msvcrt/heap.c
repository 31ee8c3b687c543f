/*
 * heap.c - msvcrt's malloc family on the process heap (as msvcrt.dll on
 * Windows 10 does: a block from malloc can be HeapFree'd from
 * GetProcessHeap()). Block sizes are exact (_msize returns what was asked),
 * _aligned_* keep the original pointer just below the aligned block.
 */
#include "winapi/msvcrt/msvcrt.h"
#include "winapi/heap.h"

#include <string.h>

#define HEAP_OK (-2)          /* _HEAPOK */

static int new_mode;
typedef int (CDECL *new_handler_fn)(SIZE_T);
static new_handler_fn new_handler;

/* With _set_new_mode(1), malloc retries through the new handler as operator new does. */
static void *alloc_retry(SIZE_T n, DWORD flags)
{
    for (;;) {
        void *p = heap_alloc(heap_process(), flags, n);
        if (p)
            return p;
        new_handler_fn h = __atomic_load_n(&new_handler, __ATOMIC_ACQUIRE);
        if (!new_mode || !h || !h(n))
            return NULL;
    }
}

CDECL void *msvcrt_malloc(SIZE_T n)
{
    void *p = alloc_retry(n, 0);
    if (!p)
        msvcrt_set_errno(MSVCRT_ENOMEM);
    return p;
}

CDECL void *msvcrt_calloc(SIZE_T n, SIZE_T size)
{
    SIZE_T total;
    if (__builtin_mul_overflow(n, size, &total)) {
        msvcrt_set_errno(MSVCRT_ENOMEM);
        return NULL;
    }
    void *p = alloc_retry(total, HEAP_ZERO_MEMORY);
    if (!p)
        msvcrt_set_errno(MSVCRT_ENOMEM);
    return p;
}

CDECL void msvcrt_free(void *p)
{
    heap_free(heap_process(), 0, p);
}

CDECL void *msvcrt_realloc(void *p, SIZE_T n)
{
    if (!p)
        return msvcrt_malloc(n);
    if (!n) {
        msvcrt_free(p);
        return NULL;
    }
    void *q = heap_realloc(heap_process(), 0, p, n);
    if (!q)
        msvcrt_set_errno(MSVCRT_ENOMEM);
    return q;
}

CDECL SIZE_T msvcrt__msize(void *p)
{
    if (!p) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return (SIZE_T)-1;
    }
    return heap_size(heap_process(), 0, p);
}

CDECL void *msvcrt__recalloc(void *p, SIZE_T n, SIZE_T size)
{
    SIZE_T total, old = p ? msvcrt__msize(p) : 0;
    if (__builtin_mul_overflow(n, size, &total)) {
        msvcrt_set_errno(MSVCRT_ENOMEM);
        return NULL;
    }
    if (old == (SIZE_T)-1)
        return NULL;
    char *q = msvcrt_realloc(p, total);
    if (q && total > old)
        memset(q + old, 0, total - old);
    return q;
}

/* Resize without moving: shrinking always works; growing fails with ENOMEM. */
CDECL void *msvcrt__expand(void *p, SIZE_T n)
{
    if (!p) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    void *q = heap_realloc(heap_process(), HEAP_REALLOC_IN_PLACE_ONLY, p, n);
    if (!q)
        msvcrt_set_errno(MSVCRT_ENOMEM);
    return q;
}

CDECL int msvcrt__heapchk(void) { return HEAP_OK; }
CDECL int msvcrt__heapmin(void) { return 0; }
CDECL int msvcrt__set_new_mode(int mode)
{
    return __atomic_exchange_n(&new_mode, mode, __ATOMIC_ACQ_REL);
}
CDECL int msvcrt__query_new_mode(void) { return new_mode; }
CDECL new_handler_fn msvcrt__set_new_handler(new_handler_fn h)
{
    return __atomic_exchange_n(&new_handler, h, __ATOMIC_ACQ_REL);
}
CDECL new_handler_fn msvcrt__query_new_handler(void) { return new_handler; }

/* ---- aligned blocks ----------------------------------------------------
 *
 *   base (from malloc)         aligned block (returned)
 *   |                          |
 *   [ ...padding... | base ptr ][ size bytes ... ]
 *                   ^ the word just below, pointer-aligned
 *
 * offset: the returned pointer + offset is aligned (_aligned_offset_malloc).
 */
#define SAVED_PTR(p) ((void **)(((ULONG_PTR)(p) & ~(sizeof(void *) - 1)) - sizeof(void *)))

CDECL void *msvcrt__aligned_offset_malloc(SIZE_T size, SIZE_T align, SIZE_T offset)
{
    if (!align || (align & (align - 1)) || (offset && offset >= size)) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    if (align < sizeof(void *))
        align = sizeof(void *);
    SIZE_T total;
    if (__builtin_add_overflow(size, align + sizeof(void *), &total)) {
        msvcrt_set_errno(MSVCRT_ENOMEM);
        return NULL;
    }
    char *base = msvcrt_malloc(total);
    if (!base)
        return NULL;
    ULONG_PTR p = ((ULONG_PTR)base + sizeof(void *) + offset + align - 1) & ~(align - 1);
    p -= offset;
    *SAVED_PTR(p) = base;
    return (void *)p;
}

CDECL void *msvcrt__aligned_malloc(SIZE_T size, SIZE_T align)
{
    return msvcrt__aligned_offset_malloc(size, align, 0);
}

CDECL void msvcrt__aligned_free(void *p)
{
    if (p)
        msvcrt_free(*SAVED_PTR(p));
}

CDECL SIZE_T msvcrt__aligned_msize(void *p, SIZE_T align, SIZE_T offset)
{
    if (!p) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return (SIZE_T)-1;
    }
    char *base = *SAVED_PTR(p);
    return msvcrt__msize(base) - (SIZE_T)((char *)p - base);
}

CDECL void *msvcrt__aligned_offset_realloc(void *p, SIZE_T size, SIZE_T align, SIZE_T offset)
{
    if (!p)
        return msvcrt__aligned_offset_malloc(size, align, offset);
    if (!size) {
        msvcrt__aligned_free(p);
        return NULL;
    }
    if (!align || (align & (align - 1)) || (offset && offset >= size)) {
        msvcrt_invalid_parameter(MSVCRT_EINVAL);
        return NULL;
    }
    /* The old usable size: what lies between p and the end of its base block. */
    char *base = *SAVED_PTR(p);
    SIZE_T old = msvcrt__msize(base) - (SIZE_T)((char *)p - base);
    void *q = msvcrt__aligned_offset_malloc(size, align, offset);
    if (!q)
        return NULL;
    memcpy(q, p, old < size ? old : size);
    msvcrt__aligned_free(p);
    return q;
}

CDECL void *msvcrt__aligned_realloc(void *p, SIZE_T size, SIZE_T align)
{
    return msvcrt__aligned_offset_realloc(p, size, align, 0);
}
