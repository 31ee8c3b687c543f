/* startup_heap.c - msvcrt's heap as a program sees it: _msize is the size
 * asked for, malloc(0) gives a block, realloc keeps contents and frees on
 * size 0, calloc zeroes and refuses overflowing sizes (ENOMEM), _expand shrinks in place, _aligned_malloc and
 * _aligned_offset_malloc alignment, and errno on the failures. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>

int main(void)
{
    char *p = malloc(10);
    printf("_msize(malloc(10)) = %u\n", (unsigned)_msize(p));
    memcpy(p, "0123456789", 10);
    p = realloc(p, 100);
    printf("realloc keeps: %.10s, _msize %u\n", p, (unsigned)_msize(p));
    p = realloc(p, 3);
    printf("shrunk: %.3s, _msize %u\n", p, (unsigned)_msize(p));
    char *q = _expand(p, 2);
    printf("_expand same block: %d, _msize %u\n", q == p, (unsigned)_msize(p));
    free(p);
    p = malloc(0);
    printf("malloc(0) non-NULL: %d, _msize %u\n", p != NULL, (unsigned)_msize(p));
    free(p);
    p = malloc(16);
    errno = 0;
    p = realloc(p, 0);
    printf("realloc(p, 0) = %p\n", (void *)p);

    int *z = calloc(8, sizeof(int));
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += z[i];
    printf("calloc zeroed: %d, _msize %u\n", sum == 0, (unsigned)_msize(z));
    free(z);
    errno = 0;
    volatile size_t huge_n = (size_t)1 << 62, huge = (size_t)-64;
    void *big = calloc(huge_n, 16);
    printf("calloc overflow: %p errno=%d\n", big, errno);
    errno = 0;
    big = malloc(huge);
    printf("malloc huge: %p errno=%d\n", big, errno);

    for (size_t al = 1; al <= 4096; al *= 8) {
        void *a = _aligned_malloc(100, al);
        printf("_aligned_malloc(100, %u) aligned: %d\n", (unsigned)al, ((uintptr_t)a % (al < 8 ? 8 : al)) == 0);
        _aligned_free(a);
    }
    char *o = _aligned_offset_malloc(64, 32, 8);
    printf("_aligned_offset_malloc: (p+8) aligned to 32: %d\n", ((uintptr_t)(o + 8) % 32) == 0);
    o = _aligned_offset_realloc(o, 200, 32, 8);
    printf("_aligned_offset_realloc: still aligned: %d\n", ((uintptr_t)(o + 8) % 32) == 0);
    _aligned_free(o);
    errno = 0;
    void *bad = _aligned_malloc(10, 3);
    printf("_aligned_malloc(10, 3): %p errno=%d\n", bad, errno);
    _aligned_free(NULL);
    free(NULL);
    printf("done\n");
    return 0;
}
