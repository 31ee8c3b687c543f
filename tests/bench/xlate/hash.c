/* hash.c - integer hashing: FNV-1a over a byte buffer, and a 32-bit
 * multiply-rotate mix (murmur-style) over words; loads, XOR, MUL, shifts. */
#include "bench.h"
#include <string.h>

static uint8_t buf[64 * 1024];

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    uint32_t seed = 12345;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)bench_rand(&seed);
    uint32_t fnv = 2166136261u;
    uint64_t mix = 0;
    for (int rep = 0; rep < 10 * scale; rep++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            fnv ^= buf[i];
            fnv *= 16777619u;
        }
        const uint32_t *w = (const uint32_t *)buf;
        uint32_t h = (uint32_t)rep;
        for (size_t i = 0; i < sizeof buf / 4; i++) {
            uint32_t k = w[i] * 0xcc9e2d51u;
            k = (k << 15) | (k >> 17);
            k *= 0x1b873593u;
            h ^= k;
            h = (h << 13) | (h >> 19);
            h = h * 5 + 0xe6546b64u;
        }
        mix += h;
    }
    printf("fnv %08x mix %016llx\n", fnv, (unsigned long long)mix);
    return 0;
}
