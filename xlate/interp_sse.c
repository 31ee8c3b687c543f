/*
 * interp_sse.c - SSE and SSE2 (and the MMX integer forms of the same
 * opcodes): moves, integer SIMD, packed and scalar float arithmetic,
 * compares, conversions and shuffles of the 0F map.
 *
 * Floating point runs on the host's SSE unit with the guest's MXCSR loaded
 * (rounding, DAZ, FTZ; all exceptions masked on the host), and the sticky
 * exception flags it raised are folded back into the guest MXCSR. Unmasked
 * guest exceptions become #XM.
 */
#include "xlate/interp.h"

#include "xlate/host_sse.h"

#include <math.h>

uint64_t *x87_mmx_reg(struct x86_cpu *cpu, unsigned n);   /* for writing: marks the register MMX */
uint64_t *x87_mmx_get(struct x86_cpu *cpu, unsigned n);   /* for reading */
uint64_t x87_mmx_peek(struct x86_cpu *cpu, unsigned n);   /* no MMX transition (before a store) */
void x87_emms(struct x86_cpu *cpu);
enum x86_exit x86_sse3(struct x86_cpu *cpu, const struct x86_inst *d);

typedef union x86_xmm xmm_t;

/* ---- operands ---- */

/* Legacy SSE memory operands of 16 bytes must be aligned, except for the
 * explicitly unaligned moves (MOVUPS/MOVUPD/MOVDQU). */
static uint64_t m128_addr(struct x86_cpu *cpu, const struct x86_inst *d, bool aligned)
{
    uint64_t la = modrm_addr(cpu, d);
    if (aligned && (la & 15))
        x86_fault(cpu, VEC_GP, 0, 0);
    return la;
}

static xmm_t xmm_src(struct x86_cpu *cpu, const struct x86_inst *d, bool aligned)
{
    xmm_t v;
    if (d->mod == 3)
        return cpu->xmm[d->rm];
    uint64_t la = m128_addr(cpu, d, aligned);
    mem_probe(cpu, la, 16);
    memcpy(&v, mem_ptr_ro(cpu, la, 16), 16);
    return v;
}

static void xmm_dst_rm(struct x86_cpu *cpu, const struct x86_inst *d, const xmm_t *v, bool aligned)
{
    if (d->mod == 3)
        cpu->xmm[d->rm] = *v;
    else
        memcpy(mem_ptr(cpu, m128_addr(cpu, d, aligned), 16), v, 16);
}

/* A scalar source: low size bytes of an xmm register, or memory. */
static uint64_t scalar_src(struct x86_cpu *cpu, const struct x86_inst *d, unsigned size)
{
    if (d->mod == 3)
        return size == 4 ? cpu->xmm[d->rm].d[0] : cpu->xmm[d->rm].q[0];
    return mem_read(cpu, modrm_addr(cpu, d), size);
}

/* MMX register or m64 */
static uint64_t mm_src(struct x86_cpu *cpu, const struct x86_inst *d)
{
    if (d->mod == 3)
        return *x87_mmx_get(cpu, d->rm & 7);
    /* PUNPCKLBW/WD/DQ mm, m32 read only 4 bytes */
    bool m32 = d->map == MAP_0F && d->opcode >= 0x60 && d->opcode <= 0x62;
    return mem_read(cpu, modrm_addr(cpu, d), m32 ? 4 : 8);
}

/* ---- host FP environment around guest float math ---- */

static unsigned fp_enter(struct x86_cpu *cpu)
{
    unsigned host = _mm_getcsr();
    _mm_setcsr((cpu->mxcsr & ~0x3fu) | 0x1f80);   /* guest RC/DAZ/FTZ, all exceptions masked, flags clear */
    return host;
}

static void fp_leave(struct x86_cpu *cpu, unsigned host)
{
    unsigned raised = _mm_getcsr() & 0x3f;
    _mm_setcsr(host);
    cpu->mxcsr |= raised;
    if (raised & ~(cpu->mxcsr >> 7) & 0x3f)
        x86_fault(cpu, VEC_XM, 0, 0);
}

static float f32(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static double f64(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }
static uint32_t b32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static uint64_t b64(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }

/* The SSE MIN/MAX rule: if either is NaN or both are zero, the second operand. */
static float minf_sse(float a, float b) { sse_minmax_signal_f(a, b); return a < b ? a : b; }
static float maxf_sse(float a, float b) { sse_minmax_signal_f(a, b); return a > b ? a : b; }
static double mind_sse(double a, double b) { sse_minmax_signal_d(a, b); return a < b ? a : b; }
static double maxd_sse(double a, double b) { sse_minmax_signal_d(a, b); return a > b ? a : b; }

/* The SQRTSS/SD instruction itself: libm's sqrt also compares its argument
 * (for errno), which raises DE on denormals. */
static float sqrt_f(float a) { return _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(a))); }
static double sqrt_d(double a) { return _mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(a))); }

static float arith_f(unsigned op, float a, float b)
{
    switch (op) {
    case 0x58: return SSE_FIX_NAN_F(a + b, a, b);
    case 0x59: return SSE_FIX_NAN_F(a * b, a, b);
    case 0x5c: return SSE_FIX_NAN_F(a - b, a, b);
    case 0x5d: return minf_sse(a, b);
    case 0x5e: return SSE_FIX_NAN_F(a / b, a, b);
    default: return maxf_sse(a, b);
    }
}

static double arith_d(unsigned op, double a, double b)
{
    switch (op) {
    case 0x58: return SSE_FIX_NAN_D(a + b, a, b);
    case 0x59: return SSE_FIX_NAN_D(a * b, a, b);
    case 0x5c: return SSE_FIX_NAN_D(a - b, a, b);
    case 0x5d: return mind_sse(a, b);
    case 0x5e: return SSE_FIX_NAN_D(a / b, a, b);
    default: return maxd_sse(a, b);
    }
}

/* CMPPS/PD/SS/SD predicates 0-7 on the host, so that IE (QNaN for the
 * ordered-signalling ones) and DAZ come out as the hardware's. */
static __m128 cmp_ps(unsigned pred, __m128 a, __m128 b, bool scalar)
{
    switch (pred) {
    case 0: return scalar ? _mm_cmpeq_ss(a, b) : _mm_cmpeq_ps(a, b);
    case 1: return scalar ? _mm_cmplt_ss(a, b) : _mm_cmplt_ps(a, b);
    case 2: return scalar ? _mm_cmple_ss(a, b) : _mm_cmple_ps(a, b);
    case 3: return scalar ? _mm_cmpunord_ss(a, b) : _mm_cmpunord_ps(a, b);
    case 4: return scalar ? _mm_cmpneq_ss(a, b) : _mm_cmpneq_ps(a, b);
    case 5: return scalar ? _mm_cmpnlt_ss(a, b) : _mm_cmpnlt_ps(a, b);
    case 6: return scalar ? _mm_cmpnle_ss(a, b) : _mm_cmpnle_ps(a, b);
    default: return scalar ? _mm_cmpord_ss(a, b) : _mm_cmpord_ps(a, b);
    }
}

static __m128d cmp_pd(unsigned pred, __m128d a, __m128d b, bool scalar)
{
    switch (pred) {
    case 0: return scalar ? _mm_cmpeq_sd(a, b) : _mm_cmpeq_pd(a, b);
    case 1: return scalar ? _mm_cmplt_sd(a, b) : _mm_cmplt_pd(a, b);
    case 2: return scalar ? _mm_cmple_sd(a, b) : _mm_cmple_pd(a, b);
    case 3: return scalar ? _mm_cmpunord_sd(a, b) : _mm_cmpunord_pd(a, b);
    case 4: return scalar ? _mm_cmpneq_sd(a, b) : _mm_cmpneq_pd(a, b);
    case 5: return scalar ? _mm_cmpnlt_sd(a, b) : _mm_cmpnlt_pd(a, b);
    case 6: return scalar ? _mm_cmpnle_sd(a, b) : _mm_cmpnle_pd(a, b);
    default: return scalar ? _mm_cmpord_sd(a, b) : _mm_cmpord_pd(a, b);
    }
}

/* Float -> integer conversions run on the host's own instructions under
 * the guest MXCSR: "integer indefinite", IE/PE and DAZ come out exact. */
static __m128 ps_of(uint32_t b) { return _mm_castsi128_ps(_mm_cvtsi32_si128((int)b)); }
static __m128d pd_of(uint64_t b) { return _mm_castsi128_pd(_mm_cvtsi64_si128((long long)b)); }

static int64_t cvt_ss(struct x86_cpu *cpu, uint32_t v, unsigned bits, bool truncate)
{
    unsigned host = fp_enter(cpu);
    int64_t r = bits == 64 ? (truncate ? _mm_cvttss_si64(ps_of(v)) : _mm_cvtss_si64(ps_of(v)))
                           : (truncate ? _mm_cvttss_si32(ps_of(v)) : _mm_cvtss_si32(ps_of(v)));
    fp_leave(cpu, host);
    return r;
}

static int64_t cvt_sd(struct x86_cpu *cpu, uint64_t v, unsigned bits, bool truncate)
{
    unsigned host = fp_enter(cpu);
    int64_t r = bits == 64 ? (truncate ? _mm_cvttsd_si64(pd_of(v)) : _mm_cvtsd_si64(pd_of(v)))
                           : (truncate ? _mm_cvttsd_si32(pd_of(v)) : _mm_cvtsd_si32(pd_of(v)));
    fp_leave(cpu, host);
    return r;
}

/* (U)COMISS/SD on the host: EFLAGS ZF PF CF and the MXCSR flags exact. */
static unsigned host_comi(struct x86_cpu *cpu, unsigned kind, uint64_t a, uint64_t b)
{
    uint8_t z, p, c;
    unsigned host = fp_enter(cpu);
#if defined(HOST_SSE)
    __m128i va = _mm_cvtsi64_si128((long long)a), vb = _mm_cvtsi64_si128((long long)b);
    switch (kind) {
    case 0: __asm__ volatile("ucomiss %4, %3; setz %0; setp %1; setc %2" : "=r"(z), "=r"(p), "=r"(c) : "x"(va), "x"(vb) : "cc"); break;
    case 1: __asm__ volatile("comiss %4, %3; setz %0; setp %1; setc %2" : "=r"(z), "=r"(p), "=r"(c) : "x"(va), "x"(vb) : "cc"); break;
    case 2: __asm__ volatile("ucomisd %4, %3; setz %0; setp %1; setc %2" : "=r"(z), "=r"(p), "=r"(c) : "x"(va), "x"(vb) : "cc"); break;
    default: __asm__ volatile("comisd %4, %3; setz %0; setp %1; setc %2" : "=r"(z), "=r"(p), "=r"(c) : "x"(va), "x"(vb) : "cc"); break;
    }
#else
    sse_comi(kind, a, b, &z, &p, &c);
#endif
    fp_leave(cpu, host);
    return (z ? F_ZF : 0) | (p ? F_PF : 0) | (c ? F_CF : 0);
}

/* ---- integer SIMD on 8 (MMX) or 16 (XMM) bytes ---- */

static inline int64_t sat(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Apply a lane-wise integer op; returns false when op is not lane-wise. */
static bool int_simd(unsigned op, uint8_t *dst, const uint8_t *src, unsigned n)
{
    xmm_t a, b, r;
    memcpy(&a, dst, n);
    memcpy(&b, src, n);
    memset(&r, 0, sizeof r);
    r = a;
    switch (op) {
    case 0x60: for (unsigned i = 0; i < n / 2; i++) { r.b[2 * i] = a.b[i]; r.b[2 * i + 1] = b.b[i]; } break;
    case 0x61: for (unsigned i = 0; i < n / 4; i++) { r.w[2 * i] = a.w[i]; r.w[2 * i + 1] = b.w[i]; } break;
    case 0x62: for (unsigned i = 0; i < n / 8; i++) { r.d[2 * i] = a.d[i]; r.d[2 * i + 1] = b.d[i]; } break;
    case 0x68: for (unsigned i = 0; i < n / 2; i++) { r.b[2 * i] = a.b[n / 2 + i]; r.b[2 * i + 1] = b.b[n / 2 + i]; } break;
    case 0x69: for (unsigned i = 0; i < n / 4; i++) { r.w[2 * i] = a.w[n / 4 + i]; r.w[2 * i + 1] = b.w[n / 4 + i]; } break;
    case 0x6a: for (unsigned i = 0; i < n / 8; i++) { r.d[2 * i] = a.d[n / 8 + i]; r.d[2 * i + 1] = b.d[n / 8 + i]; } break;
    case 0x6c: r.q[0] = a.q[0]; r.q[1] = b.q[0]; break;                 /* PUNPCKLQDQ */
    case 0x6d: r.q[0] = a.q[1]; r.q[1] = b.q[1]; break;                 /* PUNPCKHQDQ */
    case 0x63:                                                           /* PACKSSWB */
        for (unsigned i = 0; i < n / 2; i++) {
            r.sb[i] = (int8_t)sat(a.sw[i], -128, 127);
            r.sb[n / 2 + i] = (int8_t)sat(b.sw[i], -128, 127);
        }
        break;
    case 0x67:                                                           /* PACKUSWB */
        for (unsigned i = 0; i < n / 2; i++) {
            r.b[i] = (uint8_t)sat(a.sw[i], 0, 255);
            r.b[n / 2 + i] = (uint8_t)sat(b.sw[i], 0, 255);
        }
        break;
    case 0x6b:                                                           /* PACKSSDW */
        for (unsigned i = 0; i < n / 4; i++) {
            r.sw[i] = (int16_t)sat(a.sd[i], -32768, 32767);
            r.sw[n / 4 + i] = (int16_t)sat(b.sd[i], -32768, 32767);
        }
        break;
    case 0x64: for (unsigned i = 0; i < n; i++) r.b[i] = a.sb[i] > b.sb[i] ? 0xff : 0; break;
    case 0x65: for (unsigned i = 0; i < n / 2; i++) r.w[i] = a.sw[i] > b.sw[i] ? 0xffff : 0; break;
    case 0x66: for (unsigned i = 0; i < n / 4; i++) r.d[i] = a.sd[i] > b.sd[i] ? ~0u : 0; break;
    case 0x74: for (unsigned i = 0; i < n; i++) r.b[i] = a.b[i] == b.b[i] ? 0xff : 0; break;
    case 0x75: for (unsigned i = 0; i < n / 2; i++) r.w[i] = a.w[i] == b.w[i] ? 0xffff : 0; break;
    case 0x76: for (unsigned i = 0; i < n / 4; i++) r.d[i] = a.d[i] == b.d[i] ? ~0u : 0; break;
    case 0xd4: for (unsigned i = 0; i < n / 8; i++) r.q[i] = a.q[i] + b.q[i]; break;
    case 0xd5: for (unsigned i = 0; i < n / 2; i++) r.w[i] = (uint16_t)(a.sw[i] * b.sw[i]); break;
    case 0xd8: for (unsigned i = 0; i < n; i++) r.b[i] = (uint8_t)sat((int)a.b[i] - b.b[i], 0, 255); break;
    case 0xd9: for (unsigned i = 0; i < n / 2; i++) r.w[i] = (uint16_t)sat((int)a.w[i] - b.w[i], 0, 65535); break;
    case 0xda: for (unsigned i = 0; i < n; i++) r.b[i] = a.b[i] < b.b[i] ? a.b[i] : b.b[i]; break;
    case 0xdb: for (unsigned i = 0; i < n / 8; i++) r.q[i] = a.q[i] & b.q[i]; break;
    case 0xdc: for (unsigned i = 0; i < n; i++) r.b[i] = (uint8_t)sat((int)a.b[i] + b.b[i], 0, 255); break;
    case 0xdd: for (unsigned i = 0; i < n / 2; i++) r.w[i] = (uint16_t)sat((int)a.w[i] + b.w[i], 0, 65535); break;
    case 0xde: for (unsigned i = 0; i < n; i++) r.b[i] = a.b[i] > b.b[i] ? a.b[i] : b.b[i]; break;
    case 0xdf: for (unsigned i = 0; i < n / 8; i++) r.q[i] = ~a.q[i] & b.q[i]; break;
    case 0xe0: for (unsigned i = 0; i < n; i++) r.b[i] = (uint8_t)((a.b[i] + b.b[i] + 1) >> 1); break;
    case 0xe3: for (unsigned i = 0; i < n / 2; i++) r.w[i] = (uint16_t)((a.w[i] + b.w[i] + 1) >> 1); break;
    case 0xe4: for (unsigned i = 0; i < n / 2; i++) r.w[i] = (uint16_t)(((uint32_t)a.w[i] * b.w[i]) >> 16); break;
    case 0xe5: for (unsigned i = 0; i < n / 2; i++) r.w[i] = (uint16_t)(((int32_t)a.sw[i] * b.sw[i]) >> 16); break;
    case 0xe8: for (unsigned i = 0; i < n; i++) r.sb[i] = (int8_t)sat(a.sb[i] - b.sb[i], -128, 127); break;
    case 0xe9: for (unsigned i = 0; i < n / 2; i++) r.sw[i] = (int16_t)sat(a.sw[i] - b.sw[i], -32768, 32767); break;
    case 0xea: for (unsigned i = 0; i < n / 2; i++) r.sw[i] = a.sw[i] < b.sw[i] ? a.sw[i] : b.sw[i]; break;
    case 0xeb: for (unsigned i = 0; i < n / 8; i++) r.q[i] = a.q[i] | b.q[i]; break;
    case 0xec: for (unsigned i = 0; i < n; i++) r.sb[i] = (int8_t)sat(a.sb[i] + b.sb[i], -128, 127); break;
    case 0xed: for (unsigned i = 0; i < n / 2; i++) r.sw[i] = (int16_t)sat(a.sw[i] + b.sw[i], -32768, 32767); break;
    case 0xee: for (unsigned i = 0; i < n / 2; i++) r.sw[i] = a.sw[i] > b.sw[i] ? a.sw[i] : b.sw[i]; break;
    case 0xef: for (unsigned i = 0; i < n / 8; i++) r.q[i] = a.q[i] ^ b.q[i]; break;
    case 0xf4: for (unsigned i = 0; i < n / 8; i++) r.q[i] = (uint64_t)a.d[2 * i] * b.d[2 * i]; break;
    case 0xf5:
        for (unsigned i = 0; i < n / 4; i++)
            r.d[i] = (uint32_t)((int32_t)a.sw[2 * i] * b.sw[2 * i] + (int32_t)a.sw[2 * i + 1] * b.sw[2 * i + 1]);
        break;
    case 0xf6:                                                           /* PSADBW */
        for (unsigned q = 0; q < n / 8; q++) {
            unsigned s = 0;
            for (unsigned i = 0; i < 8; i++)
                s += (unsigned)abs((int)a.b[8 * q + i] - (int)b.b[8 * q + i]);
            r.q[q] = s;
        }
        break;
    case 0xf8: for (unsigned i = 0; i < n; i++) r.b[i] = (uint8_t)(a.b[i] - b.b[i]); break;
    case 0xf9: for (unsigned i = 0; i < n / 2; i++) r.w[i] = (uint16_t)(a.w[i] - b.w[i]); break;
    case 0xfa: for (unsigned i = 0; i < n / 4; i++) r.d[i] = a.d[i] - b.d[i]; break;
    case 0xfb: for (unsigned i = 0; i < n / 8; i++) r.q[i] = a.q[i] - b.q[i]; break;
    case 0xfc: for (unsigned i = 0; i < n; i++) r.b[i] = (uint8_t)(a.b[i] + b.b[i]); break;
    case 0xfd: for (unsigned i = 0; i < n / 2; i++) r.w[i] = (uint16_t)(a.w[i] + b.w[i]); break;
    case 0xfe: for (unsigned i = 0; i < n / 4; i++) r.d[i] = a.d[i] + b.d[i]; break;
    default: return false;
    }
    memcpy(dst, &r, n);
    return true;
}

/* Shifts by a count (from an operand or an immediate): PSRLW/D/Q, PSRAW/D, PSLLW/D/Q. */
static void shift_simd(uint8_t *dst, unsigned n, unsigned lane, unsigned kind, uint64_t count)
{
    xmm_t a;
    memcpy(&a, dst, n);
    unsigned bits = lane * 8;
    for (unsigned i = 0; i < n / lane; i++) {
        uint64_t v = lane == 2 ? a.w[i] : lane == 4 ? a.d[i] : a.q[i];
        if (kind == 0)
            v = count >= bits ? 0 : v >> count;
        else if (kind == 1)
            v = (uint64_t)(sext(v, lane) >> (count >= bits ? bits - 1 : count));
        else
            v = count >= bits ? 0 : v << count;
        if (lane == 2) a.w[i] = (uint16_t)v;
        else if (lane == 4) a.d[i] = (uint32_t)v;
        else a.q[i] = v;
    }
    memcpy(dst, &a, n);
}

static void byte_shift(xmm_t *x, unsigned count, bool left)
{
    xmm_t r;
    memset(&r, 0, sizeof r);
    if (count < 16)
        for (unsigned i = 0; i < 16; i++) {
            int s = left ? (int)i - (int)count : (int)(i + count);
            if (s >= 0 && s < 16)
                r.b[i] = x->b[s];
        }
    *x = r;
}

static void shuffle_ps(xmm_t *dst, const xmm_t *src, unsigned imm)
{
    xmm_t a = *dst, r;
    r.d[0] = a.d[imm & 3];
    r.d[1] = a.d[(imm >> 2) & 3];
    r.d[2] = src->d[(imm >> 4) & 3];
    r.d[3] = src->d[(imm >> 6) & 3];
    *dst = r;
}

HANDLER(op_sse)
{
    unsigned op = d->opcode, mand = d->mandatory;
    xmm_t *x = &cpu->xmm[d->reg];
    bool mmx = mand == MAND_NONE;

    /* Integer SIMD shared by MMX (no prefix) and SSE2 (66). */
    if ((op >= 0x60 && op <= 0x6d) || (op >= 0x74 && op <= 0x76) || (op >= 0xd4 && op <= 0xfe &&
        op != 0xd6 && op != 0xd7 && op != 0xe6 && op != 0xe7 && op != 0xf7 && op != 0xf0 &&
        !(op >= 0xd1 && op <= 0xd3) && !(op >= 0xe1 && op <= 0xe2) && !(op >= 0xf1 && op <= 0xf3))) {
        if (mand == MAND_66) {
            xmm_t s = xmm_src(cpu, d, true);
            if (int_simd(op, x->b, s.b, 16))
                return EXIT_NONE;
        } else if (mmx && op != 0x6c && op != 0x6d && op != 0xd4 && op != 0xfb && op != 0xf4) {
            uint64_t s = mm_src(cpu, d);
            uint64_t *m = x87_mmx_reg(cpu, d->reg & 7);
            if (int_simd(op, (uint8_t *)m, (const uint8_t *)&s, 8))
                return EXIT_NONE;
        } else if (mmx && (op == 0xd4 || op == 0xfb || op == 0xf4)) {
            uint64_t s = mm_src(cpu, d);
            uint64_t *m = x87_mmx_reg(cpu, d->reg & 7);
            if (int_simd(op, (uint8_t *)m, (const uint8_t *)&s, 8))
                return EXIT_NONE;
        }
        x86_undefined(cpu, d);
    }

    switch (op) {
    case 0x7c: case 0x7d: case 0xd0: case 0xf0:
        return x86_sse3(cpu, d);
    case 0x10: case 0x11: {             /* MOVUPS/MOVUPD/MOVSS/MOVSD */
        if (mand == MAND_F3 || mand == MAND_F2) {
            unsigned size = mand == MAND_F3 ? 4 : 8;
            if (op == 0x10) {
                if (d->mod == 3) {
                    memcpy(x->b, cpu->xmm[d->rm].b, size);
                } else {
                    xmm_t v;
                    memset(&v, 0, sizeof v);
                    uint64_t q = mem_read(cpu, modrm_addr(cpu, d), size);
                    memcpy(v.b, &q, size);
                    *x = v;
                }
            } else {
                if (d->mod == 3)
                    memcpy(cpu->xmm[d->rm].b, x->b, size);
                else
                    mem_write(cpu, modrm_addr(cpu, d), size, size == 4 ? x->d[0] : x->q[0]);
            }
            return EXIT_NONE;
        }
        if (op == 0x10) { xmm_t v = xmm_src(cpu, d, false); *x = v; }
        else xmm_dst_rm(cpu, d, x, false);
        return EXIT_NONE;
    }
    case 0x12: case 0x13: case 0x16: case 0x17: { /* MOVLPS/PD, MOVHLPS, MOVHPS/PD, MOVLHPS */
        if (mand == MAND_F3 || mand == MAND_F2)
            return x86_sse3(cpu, d);            /* MOVSLDUP, MOVSHDUP, MOVDDUP */
        bool high = op >= 0x16;
        if (op == 0x12 || op == 0x16) {
            uint64_t v;
            if (d->mod == 3) {
                if (mand == MAND_66) x86_undefined(cpu, d);
                v = high ? cpu->xmm[d->rm].q[0] : cpu->xmm[d->rm].q[1];   /* MOVLHPS / MOVHLPS */
            } else {
                v = mem_read(cpu, modrm_addr(cpu, d), 8);
            }
            x->q[high] = v;
        } else {
            if (d->mod == 3) x86_undefined(cpu, d);
            mem_write(cpu, modrm_addr(cpu, d), 8, x->q[high]);
        }
        return EXIT_NONE;
    }
    case 0x14: case 0x15: {             /* UNPCKL/HPS, UNPCKL/HPD */
        xmm_t s = xmm_src(cpu, d, true), a = *x;
        if (mand == MAND_66) {
            x->q[0] = op == 0x14 ? a.q[0] : a.q[1];
            x->q[1] = op == 0x14 ? s.q[0] : s.q[1];
        } else {
            unsigned o = op == 0x14 ? 0 : 2;
            x->d[0] = a.d[o]; x->d[1] = s.d[o]; x->d[2] = a.d[o + 1]; x->d[3] = s.d[o + 1];
        }
        return EXIT_NONE;
    }
    case 0x28: { xmm_t v = xmm_src(cpu, d, true); *x = v; return EXIT_NONE; }     /* MOVAPS/PD */
    case 0x29: xmm_dst_rm(cpu, d, x, true); return EXIT_NONE;
    case 0x2b: if (d->mod == 3) x86_undefined(cpu, d); xmm_dst_rm(cpu, d, x, true); return EXIT_NONE; /* MOVNTPS/PD */
    case 0x52: case 0x53: {              /* RSQRTPS/SS, RCPPS/SS: the host's approximation */
        if (mand != MAND_NONE && mand != MAND_F3)
            x86_undefined(cpu, d);
        xmm_t src;
        if (mand == MAND_F3) { memset(&src, 0, sizeof src); src.d[0] = (uint32_t)scalar_src(cpu, d, 4); }
        else src = xmm_src(cpu, d, true);
        __m128 a = _mm_loadu_ps(x->f), b = _mm_loadu_ps(src.f);
        __m128 r = op == 0x52 ? (mand == MAND_F3 ? _mm_move_ss(a, _mm_rsqrt_ss(b)) : _mm_rsqrt_ps(b))
                              : (mand == MAND_F3 ? _mm_move_ss(a, _mm_rcp_ss(b)) : _mm_rcp_ps(b));
        _mm_storeu_ps(x->f, r);
        return EXIT_NONE;
    }
    case 0x2a: {                         /* CVTSI2SS/SD; CVTPI2PS/PD (MMX source) */
        if (mand == MAND_NONE || mand == MAND_66) {
            uint64_t v = d->mod == 3 ? *x87_mmx_get(cpu, d->rm & 7) : mem_read(cpu, modrm_addr(cpu, d), 8);
            if (mand == MAND_66) {       /* exact */
                x->df[0] = (double)(int32_t)v;
                x->df[1] = (double)(int32_t)(v >> 32);
            } else {
                unsigned host = fp_enter(cpu);
                volatile float f0 = (float)(int32_t)v, f1 = (float)(int32_t)(v >> 32);
                x->f[0] = f0;
                x->f[1] = f1;
                fp_leave(cpu, host);
            }
            return EXIT_NONE;
        }
        unsigned isz = (d->rex & 8) ? 8 : 4;
        int64_t v = sext(rm_read(cpu, d, isz), isz);
        unsigned host = fp_enter(cpu);
        if (mand == MAND_F3) x->d[0] = b32((float)v);
        else x->q[0] = b64((double)v);
        fp_leave(cpu, host);
        return EXIT_NONE;
    }
    case 0x2c: case 0x2d: {              /* CVTT/CVT SS/SD 2SI; CVT(T)PS2PI, CVT(T)PD2PI */
        if (mand == MAND_NONE || mand == MAND_66) {
            uint32_t lo, hi;
            if (mand == MAND_NONE) {
                uint64_t v = d->mod == 3 ? cpu->xmm[d->rm].q[0] : mem_read(cpu, modrm_addr(cpu, d), 8);
                lo = (uint32_t)cvt_ss(cpu, (uint32_t)v, 32, op == 0x2c);
                hi = (uint32_t)cvt_ss(cpu, (uint32_t)(v >> 32), 32, op == 0x2c);
            } else {
                xmm_t v = xmm_src(cpu, d, true);
                lo = (uint32_t)cvt_sd(cpu, v.q[0], 32, op == 0x2c);
                hi = (uint32_t)cvt_sd(cpu, v.q[1], 32, op == 0x2c);
            }
            *x87_mmx_reg(cpu, d->reg & 7) = lo | (uint64_t)hi << 32;
            return EXIT_NONE;
        }
        unsigned isz = (d->rex & 8) ? 8 : 4;
        int64_t r = mand == MAND_F3 ? cvt_ss(cpu, (uint32_t)scalar_src(cpu, d, 4), isz * 8, op == 0x2c)
                                    : cvt_sd(cpu, scalar_src(cpu, d, 8), isz * 8, op == 0x2c);
        reg_set(cpu, d, d->reg, isz, (uint64_t)r);
        return EXIT_NONE;
    }
    case 0x2e: case 0x2f: {              /* UCOMISS/COMISS/UCOMISD/COMISD */
        if (mand != MAND_NONE && mand != MAND_66)
            x86_undefined(cpu, d);
        uint64_t a = mand == MAND_NONE ? x->d[0] : x->q[0];
        uint64_t b = scalar_src(cpu, d, mand == MAND_NONE ? 4 : 8);
        unsigned z = host_comi(cpu, (mand == MAND_66 ? 2 : 0) + (op == 0x2f), a, b);
        uint64_t fl = (x86_get_flags(cpu) & ~(uint64_t)F_ARITH) | z;
        x86_set_flags(cpu, fl);
        return EXIT_NONE;
    }
    case 0x50: {                         /* MOVMSKPS/PD */
        if (d->mod != 3) x86_undefined(cpu, d);
        const xmm_t *s = &cpu->xmm[d->rm];
        unsigned m = 0;
        if (mand == MAND_66) m = (unsigned)(s->q[0] >> 63) | (unsigned)(s->q[1] >> 63) << 1;
        else for (int i = 0; i < 4; i++) m |= (s->d[i] >> 31) << i;
        reg_set(cpu, d, d->reg, 4, m);
        return EXIT_NONE;
    }
    case 0x54: case 0x55: case 0x56: case 0x57: { /* AND/ANDN/OR/XOR PS/PD */
        xmm_t s = xmm_src(cpu, d, true);
        for (int i = 0; i < 2; i++)
            x->q[i] = op == 0x54 ? x->q[i] & s.q[i] : op == 0x55 ? ~x->q[i] & s.q[i]
                    : op == 0x56 ? x->q[i] | s.q[i] : x->q[i] ^ s.q[i];
        return EXIT_NONE;
    }
    case 0x51: case 0x58: case 0x59: case 0x5c: case 0x5d: case 0x5e: case 0x5f: {
        unsigned host;
        if (mand == MAND_F3 || mand == MAND_F2) {
            unsigned size = mand == MAND_F3 ? 4 : 8;
            uint64_t s = scalar_src(cpu, d, size);
            host = fp_enter(cpu);
            if (size == 4)
                x->d[0] = b32(op == 0x51 ? sqrt_f(f32((uint32_t)s)) : arith_f(op, f32(x->d[0]), f32((uint32_t)s)));
            else
                x->q[0] = b64(op == 0x51 ? sqrt_d(f64(s)) : arith_d(op, f64(x->q[0]), f64(s)));
        } else {
            xmm_t s = xmm_src(cpu, d, true);
            host = fp_enter(cpu);
            if (mand == MAND_66)
                for (int i = 0; i < 2; i++)
                    x->q[i] = b64(op == 0x51 ? sqrt_d(f64(s.q[i])) : arith_d(op, f64(x->q[i]), f64(s.q[i])));
            else
                for (int i = 0; i < 4; i++)
                    x->d[i] = b32(op == 0x51 ? sqrt_f(f32(s.d[i])) : arith_f(op, f32(x->d[i]), f32(s.d[i])));
        }
        fp_leave(cpu, host);
        return EXIT_NONE;
    }
    case 0x5a: {                          /* CVTPS2PD, CVTPD2PS, CVTSS2SD, CVTSD2SS */
        unsigned host;
        if (mand == MAND_F3) {
            uint32_t s = (uint32_t)scalar_src(cpu, d, 4);
            host = fp_enter(cpu);
            x->q[0] = b64((double)f32(s));
        } else if (mand == MAND_F2) {
            uint64_t s = scalar_src(cpu, d, 8);
            host = fp_enter(cpu);
            x->d[0] = b32((float)f64(s));
        } else if (mand == MAND_66) {
            xmm_t s = xmm_src(cpu, d, true);
            host = fp_enter(cpu);
            x->d[0] = b32((float)f64(s.q[0]));
            x->d[1] = b32((float)f64(s.q[1]));
            x->q[1] = 0;
        } else {
            uint64_t lo = d->mod == 3 ? cpu->xmm[d->rm].q[0] : mem_read(cpu, modrm_addr(cpu, d), 8);
            host = fp_enter(cpu);
            x->q[0] = b64((double)f32((uint32_t)lo));
            x->q[1] = b64((double)f32((uint32_t)(lo >> 32)));
        }
        fp_leave(cpu, host);
        return EXIT_NONE;
    }
    case 0x5b: {                          /* CVTDQ2PS, CVTPS2DQ (66), CVTTPS2DQ (F3) */
        xmm_t s = xmm_src(cpu, d, true);
        if (mand == MAND_NONE) {
            unsigned host = fp_enter(cpu);
            for (int i = 0; i < 4; i++) x->d[i] = b32((float)s.sd[i]);
            fp_leave(cpu, host);
        } else if (mand == MAND_66 || mand == MAND_F3) {
            unsigned host = fp_enter(cpu);
            __m128i r = mand == MAND_F3 ? _mm_cvttps_epi32(_mm_loadu_ps(s.f)) : _mm_cvtps_epi32(_mm_loadu_ps(s.f));
            fp_leave(cpu, host);
            _mm_storeu_si128((__m128i *)x->b, r);
        } else {
            x86_undefined(cpu, d);
        }
        return EXIT_NONE;
    }
    case 0xe6: {                          /* CVTTPD2DQ (66), CVTDQ2PD (F3), CVTPD2DQ (F2) */
        if (mand == MAND_F3) {
            uint64_t lo = d->mod == 3 ? cpu->xmm[d->rm].q[0] : mem_read(cpu, modrm_addr(cpu, d), 8);
            x->q[0] = b64((double)(int32_t)lo);
            x->q[1] = b64((double)(int32_t)(lo >> 32));
        } else if (mand == MAND_66 || mand == MAND_F2) {
            xmm_t s = xmm_src(cpu, d, true);
            unsigned host = fp_enter(cpu);
            __m128i r = mand == MAND_66 ? _mm_cvttpd_epi32(_mm_loadu_pd(s.df)) : _mm_cvtpd_epi32(_mm_loadu_pd(s.df));
            fp_leave(cpu, host);
            _mm_storeu_si128((__m128i *)x->b, r);
        } else {
            x86_undefined(cpu, d);
        }
        return EXIT_NONE;
    }
    case 0x6e: {                          /* MOVD/MOVQ xmm|mm, r/m */
        unsigned size = (d->rex & 8) ? 8 : 4;
        uint64_t v = rm_read(cpu, d, size);
        if (mand == MAND_66) { memset(x, 0, sizeof *x); x->q[0] = v; }
        else if (mmx) *x87_mmx_reg(cpu, d->reg & 7) = v;
        else x86_undefined(cpu, d);
        return EXIT_NONE;
    }
    case 0x7e: {                          /* MOVD/MOVQ r/m, xmm|mm; MOVQ xmm, xmm/m64 (F3) */
        if (mand == MAND_F3) {
            uint64_t v = d->mod == 3 ? cpu->xmm[d->rm].q[0] : mem_read(cpu, modrm_addr(cpu, d), 8);
            x->q[0] = v;
            x->q[1] = 0;
            return EXIT_NONE;
        }
        unsigned size = (d->rex & 8) ? 8 : 4;
        uint64_t v = mand == MAND_66 ? x->q[0] : mmx ? x87_mmx_peek(cpu, d->reg & 7) : (x86_undefined(cpu, d), 0);
        rm_write(cpu, d, size, v & mask_of(size));
        if (mmx)
            x87_mmx_get(cpu, d->reg & 7);
        return EXIT_NONE;
    }
    case 0x6f: case 0x7f: {               /* MOVQ mm / MOVDQA (66) / MOVDQU (F3) */
        if (mmx) {
            if (op == 0x6f) { uint64_t v = mm_src(cpu, d); *x87_mmx_reg(cpu, d->reg & 7) = v; }
            else {
                uint64_t v = x87_mmx_peek(cpu, d->reg & 7);
                if (d->mod == 3) *x87_mmx_reg(cpu, d->rm & 7) = v;
                else { mem_write(cpu, modrm_addr(cpu, d), 8, v); x87_mmx_get(cpu, d->reg & 7); }
            }
            return EXIT_NONE;
        }
        if (mand == MAND_F2)
            x86_undefined(cpu, d);
        bool aligned = mand == MAND_66;
        if (op == 0x6f) { xmm_t v = xmm_src(cpu, d, aligned); *x = v; }
        else xmm_dst_rm(cpu, d, x, aligned);
        return EXIT_NONE;
    }
    case 0x70: {                          /* PSHUFD (66), PSHUFHW (F3), PSHUFLW (F2), PSHUFW (mm) */
        unsigned imm = (unsigned)d->imm;
        if (mmx) {
            uint64_t s = mm_src(cpu, d), r = 0;
            for (int i = 0; i < 4; i++)
                r |= ((s >> (16 * ((imm >> (2 * i)) & 3))) & 0xffff) << (16 * i);
            *x87_mmx_reg(cpu, d->reg & 7) = r;
            return EXIT_NONE;
        }
        xmm_t s = xmm_src(cpu, d, true), r = s;
        if (mand == MAND_66)
            for (int i = 0; i < 4; i++) r.d[i] = s.d[(imm >> (2 * i)) & 3];
        else if (mand == MAND_F3)
            for (int i = 0; i < 4; i++) r.w[4 + i] = s.w[4 + ((imm >> (2 * i)) & 3)];
        else
            for (int i = 0; i < 4; i++) r.w[i] = s.w[(imm >> (2 * i)) & 3];
        *x = r;
        return EXIT_NONE;
    }
    case 0x71: case 0x72: case 0x73: {    /* shift groups with imm8 */
        if (d->mod != 3)
            x86_undefined(cpu, d);
        unsigned r = (d->modrm >> 3) & 7, count = (unsigned)d->imm;
        unsigned lane = op == 0x71 ? 2 : op == 0x72 ? 4 : 8;
        if (mand == MAND_66) {
            xmm_t *t = &cpu->xmm[d->rm];
            if (op == 0x73 && (r == 3 || r == 7)) { byte_shift(t, count, r == 7); return EXIT_NONE; }
            if (r == 2 || (r == 4 && op != 0x73) || r == 6)
                shift_simd(t->b, 16, lane, r == 2 ? 0 : r == 4 ? 1 : 2, count);
            else
                x86_undefined(cpu, d);
        } else if (mmx) {
            uint64_t *m = x87_mmx_reg(cpu, d->rm & 7);
            if (r == 2 || (r == 4 && op != 0x73) || r == 6)
                shift_simd((uint8_t *)m, 8, lane, r == 2 ? 0 : r == 4 ? 1 : 2, count);
            else
                x86_undefined(cpu, d);
        } else {
            x86_undefined(cpu, d);
        }
        return EXIT_NONE;
    }
    case 0xd1: case 0xd2: case 0xd3: case 0xe1: case 0xe2: case 0xf1: case 0xf2: case 0xf3: {
        unsigned kind = op < 0xe0 ? 0 : op < 0xf0 ? 1 : 2;
        unsigned lane = (op & 3) == 1 ? 2 : (op & 3) == 2 ? 4 : 8;
        if (mand == MAND_66) {
            xmm_t s = xmm_src(cpu, d, true);
            shift_simd(x->b, 16, lane, kind, s.q[0]);
        } else if (mmx) {
            uint64_t s = mm_src(cpu, d);
            shift_simd((uint8_t *)x87_mmx_reg(cpu, d->reg & 7), 8, lane, kind, s);
        } else {
            x86_undefined(cpu, d);
        }
        return EXIT_NONE;
    }
    case 0x77:                            /* EMMS */
        if (!mmx) x86_undefined(cpu, d);
        x87_emms(cpu);
        return EXIT_NONE;
    case 0xc2: {                          /* CMPPS/PD/SS/SD */
        unsigned pred = (unsigned)d->imm & 7;   /* legacy SSE ignores imm8[7:3] */
        xmm_t src;
        if (mand == MAND_F3 || mand == MAND_F2) {
            memset(&src, 0, sizeof src);
            src.q[0] = scalar_src(cpu, d, mand == MAND_F3 ? 4 : 8);
        } else {
            src = xmm_src(cpu, d, true);
        }
        unsigned host = fp_enter(cpu);
        if (mand == MAND_NONE || mand == MAND_F3)
            _mm_storeu_ps(x->f, cmp_ps(pred, _mm_loadu_ps(x->f), _mm_loadu_ps(src.f), mand == MAND_F3));
        else
            _mm_storeu_pd(x->df, cmp_pd(pred, _mm_loadu_pd(x->df), _mm_loadu_pd(src.df), mand == MAND_F2));
        fp_leave(cpu, host);
        return EXIT_NONE;
    }
    case 0xc3:                            /* MOVNTI */
        if (d->mod == 3 || mand != MAND_NONE) x86_undefined(cpu, d);
        mem_write(cpu, modrm_addr(cpu, d), d->osize == 8 ? 8 : 4, reg_get(cpu, d, d->reg, d->osize == 8 ? 8 : 4));
        return EXIT_NONE;
    case 0xc4: {                          /* PINSRW */
        uint16_t v = (uint16_t)rm_read(cpu, d, 2);
        if (mand == MAND_66) x->w[d->imm & 7] = v;
        else if (mmx) { uint64_t *m = x87_mmx_reg(cpu, d->reg & 7); unsigned sh = 16 * (d->imm & 3); *m = (*m & ~(0xffffull << sh)) | ((uint64_t)v << sh); }
        else x86_undefined(cpu, d);
        return EXIT_NONE;
    }
    case 0xc5: {                          /* PEXTRW r, xmm/mm, imm */
        if (d->mod != 3) x86_undefined(cpu, d);
        uint64_t v;
        if (mand == MAND_66) v = cpu->xmm[d->rm].w[d->imm & 7];
        else if (mmx) v = (*x87_mmx_get(cpu, d->rm & 7) >> (16 * (d->imm & 3))) & 0xffff;
        else x86_undefined(cpu, d);
        reg_set(cpu, d, d->reg, 4, v);
        return EXIT_NONE;
    }
    case 0xc6: {                          /* SHUFPS / SHUFPD */
        xmm_t s = xmm_src(cpu, d, true);
        if (mand == MAND_66) {
            xmm_t a = *x;
            x->q[0] = a.q[d->imm & 1];
            x->q[1] = s.q[(d->imm >> 1) & 1];
        } else if (mmx) {
            shuffle_ps(x, &s, (unsigned)d->imm);
        } else {
            x86_undefined(cpu, d);
        }
        return EXIT_NONE;
    }
    case 0xd6:                            /* MOVQ xmm/m64, xmm (66); MOVQ2DQ (F3); MOVDQ2Q (F2) */
        if (mand == MAND_F3 && d->mod == 3) {
            x->q[0] = *x87_mmx_get(cpu, d->rm & 7);
            x->q[1] = 0;
            return EXIT_NONE;
        }
        if (mand == MAND_F2 && d->mod == 3) {
            *x87_mmx_reg(cpu, d->reg & 7) = cpu->xmm[d->rm].q[0];
            return EXIT_NONE;
        }
        if (mand != MAND_66) x86_undefined(cpu, d);
        if (d->mod == 3) { cpu->xmm[d->rm].q[0] = x->q[0]; cpu->xmm[d->rm].q[1] = 0; }
        else mem_write(cpu, modrm_addr(cpu, d), 8, x->q[0]);
        return EXIT_NONE;
    case 0xd7: {                          /* PMOVMSKB */
        if (d->mod != 3) x86_undefined(cpu, d);
        unsigned m = 0;
        if (mand == MAND_66) {
            for (int i = 0; i < 16; i++) m |= (unsigned)(cpu->xmm[d->rm].b[i] >> 7) << i;
        } else if (mmx) {
            uint64_t v = *x87_mmx_get(cpu, d->rm & 7);
            for (int i = 0; i < 8; i++) m |= (unsigned)((v >> (8 * i + 7)) & 1) << i;
        } else {
            x86_undefined(cpu, d);
        }
        reg_set(cpu, d, d->reg, 4, m);
        return EXIT_NONE;
    }
    case 0xe7:                            /* MOVNTDQ (66), MOVNTQ */
        if (d->mod == 3) x86_undefined(cpu, d);
        if (mand == MAND_66) xmm_dst_rm(cpu, d, x, true);
        else if (mmx) { mem_write(cpu, modrm_addr(cpu, d), 8, x87_mmx_peek(cpu, d->reg & 7)); x87_mmx_get(cpu, d->reg & 7); }
        else x86_undefined(cpu, d);
        return EXIT_NONE;
    case 0xf7: {                          /* MASKMOVDQU / MASKMOVQ: store bytes selected by the mask to [rDI] */
        if (d->mod != 3) x86_undefined(cpu, d);
        uint64_t la = (cpu->r[RDI] & mask_of(d->asize)) + (d->seg != SEG_NONE ? cpu->seg_base[d->seg] : 0);
        unsigned n = mand == MAND_66 ? 16 : 8;
        const uint8_t *src = mand == MAND_66 ? x->b : (const uint8_t *)x87_mmx_get(cpu, d->reg & 7);
        const uint8_t *msk = mand == MAND_66 ? cpu->xmm[d->rm].b : (const uint8_t *)x87_mmx_get(cpu, d->rm & 7);
        x86_rmw = true;                   /* a fault is a write, at the hardware's address */
        mem_probe(cpu, la, n);
        x86_rmw = false;
        for (unsigned i = 0; i < n; i++)
            if (msk[i] & 0x80) mem_write(cpu, la + i, 1, src[i]);
        return EXIT_NONE;
    }
    }
    x86_undefined(cpu, d);
}

/* 0F 38 and 0F 3A: interp_sse4.c */
