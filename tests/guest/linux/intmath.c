/* intmath.c - integer corner cases: overflow builtins, signed/unsigned
 * division and remainder signs, INT_MIN / -1 trapping with SIGFPE, shifts
 * of 64-bit values by variable counts, bit-count builtins, byte swaps, and
 * 128-bit products (computed in 32-bit halves so i386 checks the same). */
#define _GNU_SOURCE
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sigjmp_buf env;
static void on_fpe(int sig) { siglongjmp(env, sig); }

static volatile long long vll[] = { 7, -7, 3, -3, LLONG_MIN, -1, LLONG_MAX, 1 };
static volatile unsigned vsh[] = { 0, 1, 31, 32, 33, 63 };

/* 64x64->128 multiply from 32-bit pieces: hi:lo */
static void mul128(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    *lo = (mid << 32) | (uint32_t)p00;
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

int main(void)
{
    int r;
    long long ll;
    unsigned u;
    printf("add ovf %d ", __builtin_add_overflow(INT_MAX, 1, &r)); printf("%d\n", r);
    printf("sub ovf %d ", __builtin_sub_overflow(INT_MIN, 1, &r)); printf("%d\n", r);
    printf("mul ovf %d ", __builtin_mul_overflow(65536, 65536, &r)); printf("%d\n", r);
    printf("mul ll ovf %d ", __builtin_mul_overflow(LLONG_MAX / 3, 4LL, &ll)); printf("%lld\n", ll);
    printf("uadd ovf %d ", __builtin_add_overflow(UINT_MAX, 2u, &u)); printf("%u\n", u);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            long long a = vll[i], b = vll[j];
            printf("%lld/%lld=%lld %%=%lld  ", a, b, a / b, a % b);
            if (j == 3) putchar('\n');
        }
    volatile unsigned long long ua = 0xfedcba9876543210ULL, ub = 0x12345;
    printf("udiv %llu umod %llu\n", ua / ub, ua % ub);
    volatile int i32a = -17, i32b = 5;
    printf("int -17/5=%d %%=%d unsigned %u\n", i32a / i32b, i32a % i32b, (unsigned)i32a / (unsigned)i32b);
    printf("LLONG_MIN%%-1=%lld\n", vll[4] % (vll[5] == -1 ? 1 : vll[5]));
    signal(SIGFPE, on_fpe);
    volatile int imin = INT_MIN, m1 = -1;
    if (!(r = sigsetjmp(env, 1)))
        printf("INT_MIN/-1 = %d (no trap)\n", imin / m1);
    else
        printf("INT_MIN/-1 trapped sig %d\n", r);
    volatile int zero = 0;
    if (!(r = sigsetjmp(env, 1)))
        printf("1/0 = %d (no trap)\n", 1 / zero);
    else
        printf("1/0 trapped sig %d\n", r);
    for (unsigned k = 0; k < 6; k++) {
        unsigned s = vsh[k];
        unsigned long long x = 0x8123456789abcdefULL;
        long long sx = (long long)x;
        printf("shift %2u: shl %016llx shr %016llx sar %016llx", s, x << s, x >> s, (unsigned long long)(sx >> s));
        if (s < 32) {
            uint32_t w = 0x80f0f00f;
            printf(" w %08x %08x %08x", w << s, w >> s, (uint32_t)((int32_t)w >> s));
        }
        putchar('\n');
    }
    volatile unsigned long long bits = 0x00f0000000001000ULL;
    printf("clz %d ctz %d pop %d parity %d ffs %d\n", __builtin_clzll(bits), __builtin_ctzll(bits),
           __builtin_popcountll(bits), __builtin_parityll(bits), __builtin_ffsll(bits));
    printf("bswap %08x %016llx %04x\n", __builtin_bswap32(0x11223344), (unsigned long long)__builtin_bswap64(0x0102030405060708ULL),
           __builtin_bswap16(0xabcd));
    uint64_t hi, lo;
    mul128(0xffffffffffffffffULL, 0xffffffffffffffffULL, &hi, &lo);
    printf("mul128 max: %016llx%016llx\n", (unsigned long long)hi, (unsigned long long)lo);
    mul128(0x123456789abcdef0ULL, 0x0fedcba987654321ULL, &hi, &lo);
    printf("mul128: %016llx%016llx\n", (unsigned long long)hi, (unsigned long long)lo);
#ifdef __SIZEOF_INT128__
    {
        volatile unsigned __int128 a = 0x123456789abcdef0ULL, b = 0x0fedcba987654321ULL;
        unsigned __int128 p = a * b;
        if ((uint64_t)(p >> 64) != hi || (uint64_t)p != lo) puts("int128 mismatch");
        unsigned __int128 q = p / 1000000007u, m = p % 1000000007u;
        if (q * 1000000007u + m != p) puts("int128 div mismatch");
    }
#endif
    /* checked 64-bit products of the form used by hash tables and rationals */
    unsigned long long h = 14695981039346656037ULL;
    for (const char *s = "mimic translator"; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
    printf("fnv1a %016llx\n", h);
    long long acc = 1;
    int ov = 0;
    for (int k = 1; k <= 25 && !ov; k++) {
        ov = __builtin_mul_overflow(acc, k, &acc);
        if (ov) printf("factorial overflows at %d\n", k);
    }
    printf("abs %d %lld, char sign %d, (signed char)200=%d, (unsigned short)-1=%u\n", -5 < 0 ? 5 : -5, llabs(-9LL),
           (char)-1 < 0, (signed char)200, (unsigned short)-1);
    return 0;
}
