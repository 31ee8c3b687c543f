/*
 * heap.h - Windows heaps (HeapCreate/HeapAlloc ...) on the host allocator.
 * Every block carries a small header with its heap and requested size, so
 * HeapSize is exact and a block freed to the wrong heap is caught.
 */
#ifndef MIMIC_WINAPI_HEAP_H
#define MIMIC_WINAPI_HEAP_H

#include "winapi/wintypes.h"

HANDLE heap_process(void);          /* GetProcessHeap() */
void *heap_alloc(HANDLE heap, DWORD flags, SIZE_T size);
void *heap_realloc(HANDLE heap, DWORD flags, void *p, SIZE_T size);
BOOL heap_free(HANDLE heap, DWORD flags, void *p);
SIZE_T heap_size(HANDLE heap, DWORD flags, const void *p);
HANDLE heap_create(DWORD flags);
BOOL heap_destroy(HANDLE heap);

#define HEAP_NO_SERIALIZE           0x00000001
#define HEAP_GENERATE_EXCEPTIONS    0x00000004
#define HEAP_ZERO_MEMORY            0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY  0x00000010

#endif
