/* string.c - string work: building lines with snprintf, strlen, strchr,
 * strstr, memcpy/memcmp and a hand-written byte loop (tolower + count). */
#include "bench.h"
#include <string.h>
#include <ctype.h>

static char text[96 * 1024];

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    size_t n = 0;
    for (int i = 0; n + 64 < sizeof text; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "Line %d: The Quick Brown Fox %x\n", i, i * 2654435761u);
    unsigned long long acc = 0;
    static char copy[sizeof text];
    for (int rep = 0; rep < 4 * scale; rep++) {
        memcpy(copy, text, n + 1);
        acc += (unsigned long long)memcmp(copy, text, n + 1);
        for (const char *p = copy; (p = strstr(p, "Fox")) != NULL; p += 3)
            acc++;
        for (char *p = copy; (p = strchr(p, '\n')) != NULL; p++)
            acc += (size_t)(p - copy) & 7;
        acc += strlen(copy);
        unsigned vowels = 0;
        for (size_t i = 0; i < n; i++) {
            char c = (char)tolower((unsigned char)copy[i]);
            vowels += c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
        }
        acc += vowels;
    }
    printf("string %zu %llu\n", n, acc);
    return 0;
}
