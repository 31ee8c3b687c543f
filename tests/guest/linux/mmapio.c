/* mmapio.c - anonymous and file mappings, mprotect, mremap, brk growth. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
    size_t n = 1 << 20;
    unsigned char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 7);
    unsigned long sum = 0;
    for (size_t i = 0; i < n; i += 4096)
        sum += p[i + 5];
    printf("anon sum %lu\n", sum);
    p = mremap(p, n, 2 * n, MREMAP_MAYMOVE);
    p[2 * n - 1] = 42;
    printf("mremap %d %d\n", p[12], p[2 * n - 1]);
    munmap(p, 2 * n);
    char path[] = "/tmp/mimic-mmap-XXXXXX";
    int fd = mkstemp(path);
    ftruncate(fd, 8192);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(m + 4096, "written through a shared mapping");
    msync(m, 8192, MS_SYNC);
    char buf[64] = { 0 };
    pread(fd, buf, 32, 4096);
    printf("file: %s\n", buf);
    munmap(m, 8192);
    close(fd);
    unlink(path);
    void *heap = malloc(10 << 20);
    memset(heap, 1, 10 << 20);
    printf("malloc ok %d\n", ((char *)heap)[(10 << 20) - 1]);
    free(heap);
    char *small[1000];
    for (int i = 0; i < 1000; i++)
        small[i] = malloc(i + 1);
    for (int i = 0; i < 1000; i++)
        free(small[i]);
    printf("done\n");
    return 0;
}
