/*
 * heap.c - Windows heaps on malloc (see heap.h). A heap handle is the
 * address of a struct heap, as on Windows. Blocks are malloc'd with a
 * 16-byte header (owning heap, requested size), keeping 16-byte alignment.
 */
#include "winapi/heap.h"
#include "winapi/teb.h"

#include <stdlib.h>
#include <string.h>

#define HEAP_MAGIC 0x70616568u  /* "heap" */

struct heap { uint32_t magic; DWORD flags; };
struct block { struct heap *heap; SIZE_T size; };
_Static_assert(sizeof(struct block) == 16, "block header keeps 16-byte alignment");

static struct heap process_heap = { HEAP_MAGIC, 0 };

HANDLE heap_process(void) { return &process_heap; }

HANDLE heap_create(DWORD flags)
{
    struct heap *h = malloc(sizeof *h);
    if (!h) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    h->magic = HEAP_MAGIC;
    h->flags = flags;
    return h;
}

BOOL heap_destroy(HANDLE heap)
{
    struct heap *h = heap;
    if (!h || h == &process_heap || h->magic != HEAP_MAGIC) {
        set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    /* Blocks still allocated from it are leaked, not freed: they may be in use. */
    h->magic = 0;
    free(h);
    return TRUE;
}

static bool valid_heap(HANDLE heap)
{
    const struct heap *h = heap;
    return h && h->magic == HEAP_MAGIC;
}

void *heap_alloc(HANDLE heap, DWORD flags, SIZE_T size)
{
    if (!valid_heap(heap) || size > ((SIZE_T)1 << 47)) {
        set_last_error(valid_heap(heap) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_HANDLE);
        return NULL;
    }
    struct block *b = (flags & HEAP_ZERO_MEMORY) ? calloc(1, sizeof *b + size) : malloc(sizeof *b + size);
    if (!b) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    b->heap = heap;
    b->size = size;
    return b + 1;
}

static struct block *block_of(HANDLE heap, const void *p)
{
    struct block *b = (struct block *)p - 1;
    return valid_heap(heap) && b->heap == heap ? b : NULL;
}

void *heap_realloc(HANDLE heap, DWORD flags, void *p, SIZE_T size)
{
    if (!p)
        return heap_alloc(heap, flags, size);
    struct block *b = block_of(heap, p);
    if (!b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    SIZE_T old = b->size;
    if (flags & HEAP_REALLOC_IN_PLACE_ONLY) {
        if (size > old) {
            set_last_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        b->size = size;
        return p;
    }
    struct block *nb = realloc(b, sizeof *b + size);
    if (!nb) {
        set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    nb->size = size;
    if ((flags & HEAP_ZERO_MEMORY) && size > old)
        memset((char *)(nb + 1) + old, 0, size - old);
    return nb + 1;
}

BOOL heap_free(HANDLE heap, DWORD flags, void *p)
{
    if (!p)
        return TRUE;
    struct block *b = block_of(heap, p);
    if (!b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    b->heap = NULL;
    free(b);
    return TRUE;
}

SIZE_T heap_size(HANDLE heap, DWORD flags, const void *p)
{
    struct block *b = p ? block_of(heap, p) : NULL;
    if (!b) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return (SIZE_T)-1;
    }
    return b->size;
}
