/* ssefp.c - SSE/SSE2 floating point where hosts differ: NaN propagation
 * and the sign of the default NaN, MIN/MAX with NaN and zeros, the integer
 * indefinite of out-of-range conversions, MXCSR rounding modes and
 * exception flags, compare masks and COMIS flags, DAZ+FTZ. Printed as bits
 * so that any difference from the hardware shows (the aarch64 build of
 * mimic computes these in C rather than on the host's SSE unit).
 * i386 reference: x86-64 (qemu-i386's soft-float is not the reference). */
// i386 reference: x86-64
#pragma GCC target("sse2")
#include <emmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile uint32_t fbits[] = {
    0x7fc00001, /* QNaN +payload */
    0xff800002, /* SNaN - */
    0x3f800000, /* 1 */
    0x00000000, /* +0 */
    0x80000000, /* -0 */
    0x7f800000, /* +inf */
    0x4f000000, /* 2^31 */
    0xc0200000, /* -2.5 */
    0x40200000, /* 2.5 */
    0x5f000000, /* 2^63 */
    0x7f7fffff, /* FLT_MAX */
};
#define NF (sizeof fbits / sizeof fbits[0])

static float F(unsigned i) { float f; uint32_t b = fbits[i]; memcpy(&f, &b, 4); return f; }
static uint32_t B(__m128 v) { uint32_t b; float f = _mm_cvtss_f32(v); memcpy(&b, &f, 4); return b; }
static uint64_t BD(__m128d v) { uint64_t b; double f = _mm_cvtsd_f64(v); memcpy(&b, &f, 8); return b; }

static unsigned flags_after(void) { return _mm_getcsr() & 0x3d; }   /* DE aside: no such flag on some hosts */
static void clear(unsigned rc) { _mm_setcsr(0x1f80 | (rc << 13)); }

int main(void)
{
    /* binary ops on every pair: result bits and flags */
    static const char *names[] = { "add", "sub", "mul", "div", "min", "max" };
    for (int op = 0; op < 6; op++) {
        printf("%s:", names[op]);
        for (unsigned i = 0; i < NF; i++)
            for (unsigned j = 0; j < NF; j++) {
                __m128 a = _mm_set_ss(F(i)), b = _mm_set_ss(F(j)), r;
                clear(0);
                switch (op) {
                case 0: r = _mm_add_ss(a, b); break;
                case 1: r = _mm_sub_ss(a, b); break;
                case 2: r = _mm_mul_ss(a, b); break;
                case 3: r = _mm_div_ss(a, b); break;
                case 4: r = _mm_min_ss(a, b); break;
                default: r = _mm_max_ss(a, b); break;
                }
                printf(" %08x/%02x", B(r), flags_after());
            }
        printf("\n");
    }
    /* double: 0/0, inf-inf, sqrt(-1), NaN order */
    volatile double z = 0, inf = __builtin_inf(), m1 = -1, qn = __builtin_nan("5");
    clear(0);
    printf("d: %016llx", (unsigned long long)BD(_mm_div_sd(_mm_set_sd(z), _mm_set_sd(z))));
    printf(" %016llx", (unsigned long long)BD(_mm_sub_sd(_mm_set_sd(inf), _mm_set_sd(inf))));
    printf(" %016llx", (unsigned long long)BD(_mm_sqrt_sd(_mm_set_sd(0), _mm_set_sd(m1))));
    printf(" %016llx", (unsigned long long)BD(_mm_add_sd(_mm_set_sd(1), _mm_set_sd(qn))));
    printf(" %016llx flags %02x\n", (unsigned long long)BD(_mm_mul_sd(_mm_set_sd(-qn), _mm_set_sd(qn))), flags_after());
    /* sqrt of floats */
    printf("sqrt:");
    for (unsigned i = 0; i < NF; i++) {
        clear(0);
        uint32_t r = B(_mm_sqrt_ss(_mm_set_ss(F(i))));
        printf(" %08x/%02x", r, flags_after());
    }
    printf("\n");
    /* conversions in every rounding mode */
    for (unsigned rc = 0; rc < 4; rc++) {
        printf("cvt rc%u:", rc);
        for (unsigned i = 0; i < NF; i++) {
            clear(rc);
            int32_t a = _mm_cvtss_si32(_mm_set_ss(F(i)));
            unsigned fa = flags_after();
            clear(rc);
            int32_t b = _mm_cvttss_si32(_mm_set_ss(F(i)));
            unsigned fb = flags_after();
            clear(rc);
            int32_t c = _mm_cvtsd_si32(_mm_set_sd((double)F(i) * 0.5));
            unsigned fc = flags_after();
            printf(" %d/%02x,%d/%02x,%d/%02x", a, fa, b, fb, c, fc);
        }
        clear(rc);
        volatile int big = 16777217;
        float s = _mm_cvtss_f32(_mm_cvtsi32_ss(_mm_setzero_ps(), big));
        volatile float one = 1, tiny = 1.0f / (1 << 30);
        float t = _mm_cvtss_f32(_mm_add_ss(_mm_set_ss(one), _mm_set_ss(tiny)));
        double dd = 1e300;
        float ov = _mm_cvtss_f32(_mm_cvtsd_ss(_mm_setzero_ps(), _mm_set_sd(dd)));
        uint32_t sb, tb, ob;
        memcpy(&sb, &s, 4); memcpy(&tb, &t, 4); memcpy(&ob, &ov, 4);
        printf(" int2f %08x add %08x narrow %08x flags %02x\n", sb, tb, ob, flags_after());
    }
    /* packed compares: the 8 predicates against NaN, equal and ordered values */
    __m128 x = _mm_setr_ps(F(0), F(2), F(2), F(3)), y = _mm_setr_ps(F(2), F(2), F(8), F(4));
    __m128 rs[8];
    clear(0); rs[0] = _mm_cmpeq_ps(x, y); rs[1] = _mm_cmplt_ps(x, y); rs[2] = _mm_cmple_ps(x, y);
    rs[3] = _mm_cmpunord_ps(x, y); rs[4] = _mm_cmpneq_ps(x, y); rs[5] = _mm_cmpnlt_ps(x, y);
    rs[6] = _mm_cmpnle_ps(x, y); rs[7] = _mm_cmpord_ps(x, y);
    printf("cmp:");
    for (int p = 0; p < 8; p++) {
        uint32_t m[4];
        memcpy(m, &rs[p], 16);
        printf(" %x%x%x%x", m[0] & 1, m[1] & 1, m[2] & 1, m[3] & 1);
    }
    printf(" flags %02x\n", flags_after());
    clear(0);
    __m128 q = _mm_set_ss(F(0)), one = _mm_set_ss(F(2));
    int u = _mm_ucomieq_ss(q, one);
    unsigned fu = flags_after();
    clear(0);
    int c = _mm_comilt_ss(q, one);
    unsigned fc = flags_after();
    clear(0);
    int c2 = _mm_comilt_ss(_mm_set_ss(F(4)), _mm_set_ss(F(3))) + 2 * _mm_comieq_ss(_mm_set_ss(F(4)), _mm_set_ss(F(3)));
    printf("comi: %d/%02x %d/%02x %d/%02x\n", u, fu, c, fc, c2, flags_after());
    /* DAZ+FTZ: a denormal input reads as 0, a tiny result becomes 0 */
    _mm_setcsr(0x1f80 | 0x8040);
    volatile uint32_t denb = 0x00000010;
    float den;
    uint32_t db = denb;
    memcpy(&den, &db, 4);
    volatile float small = 1e-30f;
    uint32_t r1 = B(_mm_add_ss(_mm_set_ss(den), _mm_set_ss(0)));
    uint32_t r2 = B(_mm_mul_ss(_mm_set_ss(small), _mm_set_ss(small)));
    printf("dazftz: %08x %08x flags %02x\n", r1, r2, flags_after() & 0x05);
    return 0;
}
