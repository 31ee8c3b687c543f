/* smc.c - self-modifying code: a function in an RWX page is rewritten
 * between calls (a new immediate; a different instruction length at the
 * same address), then the page is unmapped and new code mapped at the same
 * address. An interpreter caching decoded instructions must see every
 * change: the checksum differs otherwise. Same machine code for -m64/-m32. */
#include "bench.h"
#include <string.h>
#include <sys/mman.h>

typedef int (*fn)(void);

static void *map_code(void *at)
{
    void *p = mmap(at, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | (at ? MAP_FIXED : 0), -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(1); }
    return p;
}

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    unsigned char *code = map_code(NULL);
    volatile fn f = (fn)(void *)code;
    long long sum = 0;
    for (int i = 0; i < 20000 * scale; i++) {
        if (i % 3 == 0) {
            static const unsigned char zero[] = { 0x31, 0xc0, 0xc3 };          /* xor eax,eax; ret */
            memcpy(code, zero, sizeof zero);
        } else {
            unsigned char mov[] = { 0xb8, 0, 0, 0, 0, 0xc3 };                  /* mov eax, i; ret */
            memcpy(mov + 1, &i, 4);
            memcpy(code, mov, sizeof mov);
        }
        __builtin___clear_cache((char *)code, (char *)code + 16);
        sum += f();
    }
    /* The same address, unmapped and mapped again with other code. */
    for (int k = 0; k < 50; k++) {
        munmap(code, 4096);
        code = map_code(code);
        unsigned char mov[] = { 0xb8, 0, 0, 0, 0, 0xc3 };
        int v = k * 1000;
        memcpy(mov + 1, &v, 4);
        memcpy(code, mov, sizeof mov);
        __builtin___clear_cache((char *)code, (char *)code + 16);
        sum += f();
        /* and made read-only + executable, then writable again */
        mprotect(code, 4096, PROT_READ | PROT_EXEC);
        sum += f();
        mprotect(code, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
        code[1] ^= 1;
        sum += f();
    }
    printf("smc %lld\n", sum);
    return 0;
}
