/*
 * heap.h - Windows heaps (HeapCreate/HeapAlloc ...) on the host allocator.
 * Every block carries a small header with its heap, its requested size and a
 * tag, and sits on its heap's list: HeapSize is exact, a block freed twice or
 * to the wrong heap is refused, HeapDestroy frees what is left, HeapValidate
 * can check a block or the whole heap. kernel32 (Heap*, Local*, Global*),
 * ntdll (Rtl*Heap) and msvcrt (malloc) all allocate here.
 */
#ifndef MIMIC_WINAPI_HEAP_H
#define MIMIC_WINAPI_HEAP_H

#include "winapi/wintypes.h"

HANDLE heap_process(void);          /* GetProcessHeap() */
/* These set the last error on failure, and raise STATUS_NO_MEMORY instead when
 * HEAP_GENERATE_EXCEPTIONS is in flags or in the heap's creation flags. */
void *heap_alloc(HANDLE heap, DWORD flags, SIZE_T size);
void *heap_realloc(HANDLE heap, DWORD flags, void *p, SIZE_T size);
BOOL heap_free(HANDLE heap, DWORD flags, void *p);
SIZE_T heap_size(HANDLE heap, DWORD flags, const void *p);   /* (SIZE_T)-1 on a bad block */
/* max_size 0: growable; otherwise the heap refuses to hold more than that. */
HANDLE heap_create(DWORD flags, SIZE_T initial_size, SIZE_T max_size);
BOOL heap_destroy(HANDLE heap);
/* p NULL: the whole heap. Never faults on a pointer that is not a block. */
BOOL heap_validate(HANDLE heap, DWORD flags, const void *p);
bool heap_is_valid(HANDLE heap);
SIZE_T heap_compact(HANDLE heap, DWORD flags);
BOOL heap_lock(HANDLE heap);
BOOL heap_unlock(HANDLE heap);
/* Fill up to max handles, return how many heaps exist (GetProcessHeaps). */
DWORD heap_list(DWORD max, HANDLE *out);

#define HEAP_NO_SERIALIZE           0x00000001
#define HEAP_GROWABLE               0x00000002
#define HEAP_GENERATE_EXCEPTIONS    0x00000004
#define HEAP_ZERO_MEMORY            0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY  0x00000010
#define HEAP_CREATE_ENABLE_EXECUTE  0x00040000

#endif
