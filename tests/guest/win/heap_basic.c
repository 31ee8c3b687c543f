/* Heaps: sizes, zeroing, reallocation, validation, errors, destruction. */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    HANDLE ph = GetProcessHeap();
    HANDLE h = HeapCreate(0, 0, 0);
    printf("create %d\n", h != NULL);
    unsigned char *p = HeapAlloc(h, HEAP_ZERO_MEMORY, 100);
    int zero = 1;
    for (int i = 0; i < 100; i++) zero &= p[i] == 0;
    printf("alloc zeroed %d size %d aligned %d\n", zero, (int)HeapSize(h, 0, p), ((ULONG_PTR)p & 15) == 0);
    memset(p, 0xab, 100);
    p = HeapReAlloc(h, HEAP_ZERO_MEMORY, p, 300);
    int kept = 1, grown = 1;
    for (int i = 0; i < 100; i++) kept &= p[i] == 0xab;
    for (int i = 100; i < 300; i++) grown &= p[i] == 0;
    printf("realloc size %d kept %d zero-grown %d\n", (int)HeapSize(h, 0, p), kept, grown);
    void *q = HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY, p, 50);
    printf("shrink in place same %d size %d\n", q == p, (int)HeapSize(h, 0, p));
    printf("validate block %d heap %d\n", HeapValidate(h, 0, p), HeapValidate(h, 0, NULL));
    void *z = HeapAlloc(h, 0, 0);
    printf("zero-size alloc %d size %d\n", z != NULL, (int)HeapSize(h, 0, z));
    HANDLE heaps[64];
    DWORD n = GetProcessHeaps(64, heaps);
    int found = 0, found_proc = 0;
    for (DWORD i = 0; i < n && i < 64; i++) { found |= heaps[i] == h; found_proc |= heaps[i] == ph; }
    printf("process heaps >= 2: %d, ours listed %d, process heap listed %d\n", n >= 2, found, found_proc);
    printf("free %d\n", HeapFree(h, 0, p));
    printf("free NULL %d\n", HeapFree(h, 0, NULL));
    printf("destroy %d\n", HeapDestroy(h));
    SetLastError(0xdeadbeef);
    printf("destroy process heap %d\n", HeapDestroy(ph) != 0);
    /* The process heap still works afterwards. */
    char *s = HeapAlloc(ph, 0, 16);
    strcpy(s, "still fine");
    printf("%s\n", s);
    HeapFree(ph, 0, s);
    /* A heap with a maximum refuses to grow past it. */
    HANDLE small = HeapCreate(0, 0x10000, 0x10000);
    SetLastError(0xdeadbeef);
    void *big = HeapAlloc(small, 0, 0x100000);
    printf("over max %d\n", big == NULL);
    HeapDestroy(small);
    return 0;
}
