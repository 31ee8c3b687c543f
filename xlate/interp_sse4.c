/*
 * interp_sse4.c - SSE3, SSSE3, SSE4.1 and SSE4.2: the 0F 38 and 0F 3A maps
 * (op_sse38, op_sse3a) and the SSE3 opcodes of the 0F map (x86_sse3, called
 * from op_sse for F3/F2 0F 12/16, 0F 7C/7D, 0F D0 and F2 0F F0).
 *
 * Integer operations are portable C on byte arrays (8 bytes for the MMX
 * forms of SSSE3, 16 for XMM). Float ones (HADD, ADDSUB, DPPS) run on the
 * host's SSE unit under the guest MXCSR like interp_sse.c; ROUND* is plain C
 * with the flags computed by hand. Everything here is covered by the
 * differential test in tests/cpu/.
 */
#include "xlate/interp.h"

#include "xlate/host_sse.h"

#include <math.h>

typedef union x86_xmm xmm_t;

uint64_t *x87_mmx_reg(struct x86_cpu *cpu, unsigned n);
uint64_t *x87_mmx_get(struct x86_cpu *cpu, unsigned n);

/* ---- operands ---- */

static xmm_t src128(struct x86_cpu *cpu, const struct x86_inst *d, bool aligned)
{
    xmm_t v;
    if (d->mod == 3)
        return cpu->xmm[d->rm];
    uint64_t la = modrm_addr(cpu, d);
    if (aligned && (la & 15))
        x86_fault(cpu, VEC_GP, 0, 0);
    mem_probe(cpu, la, 16);
    memcpy(&v, mem_ptr_ro(cpu, la, 16), 16);
    return v;
}

/* The low n bytes of an xmm register or n bytes of memory (PMOVSX/ZX, scalars). */
static xmm_t src_low(struct x86_cpu *cpu, const struct x86_inst *d, unsigned n)
{
    xmm_t v;
    memset(&v, 0, sizeof v);
    if (d->mod == 3)
        return cpu->xmm[d->rm];
    uint64_t la = modrm_addr(cpu, d);
    uint64_t lo = mem_read(cpu, la, n <= 8 ? n : 8);
    v.q[0] = lo;
    return v;
}

static unsigned fp_enter(struct x86_cpu *cpu)
{
    unsigned host = _mm_getcsr();
    _mm_setcsr((cpu->mxcsr & ~0x3fu) | 0x1f80);
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

/* x86 NaN propagation for a binary op whose host result r may have taken
 * its NaN from either operand (the compiler may swap commutative operands):
 * the first source's NaN wins, quieted. */
static bool nan_d(double v) { uint64_t x; memcpy(&x, &v, 8); return (x & 0x7fffffffffffffffull) > 0x7ff0000000000000ull; }
static bool nan_f(float v) { uint32_t x; memcpy(&x, &v, 4); return (x & 0x7fffffff) > 0x7f800000; }

/* Bit tests only: a float compare would raise DE on a denormal. */
static double nan2d(double r, double a, double b)
{
    if (nan_d(a) || nan_d(b)) {
        uint64_t x;
        double s = nan_d(a) ? a : b;
        memcpy(&x, &s, 8);
        x |= 0x8000000000000ull;
        memcpy(&r, &x, 8);
    }
    return r;
}

static float nan2f(float r, float a, float b)
{
    if (nan_f(a) || nan_f(b)) {
        uint32_t x;
        float s = nan_f(a) ? a : b;
        memcpy(&x, &s, 4);
        x |= 0x400000;
        memcpy(&r, &x, 4);
    }
    return r;
}

static inline int64_t sat(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* ---- SSE3 ---- */

enum x86_exit x86_sse3(struct x86_cpu *cpu, const struct x86_inst *d);
enum x86_exit x86_sse3(struct x86_cpu *cpu, const struct x86_inst *d)
{
    xmm_t *x = &cpu->xmm[d->reg], a = *x, s, r;
    unsigned op = d->opcode, mand = d->mandatory;
    switch (op) {
    case 0x12: case 0x16:
        if (mand == MAND_F3) {                  /* MOVSLDUP / MOVSHDUP */
            s = src128(cpu, d, true);
            unsigned o = op == 0x16;
            r.d[0] = r.d[1] = s.d[o];
            r.d[2] = r.d[3] = s.d[2 + o];
            *x = r;
            return EXIT_NONE;
        }
        if (mand == MAND_F2 && op == 0x12) {    /* MOVDDUP xmm, xmm/m64 */
            s = src_low(cpu, d, 8);
            x->q[0] = x->q[1] = s.q[0];
            return EXIT_NONE;
        }
        break;
    case 0x7c: case 0x7d: {                     /* HADDPD/PS, HSUBPD/PS */
        if (mand != MAND_66 && mand != MAND_F2)
            break;
        s = src128(cpu, d, true);
        bool sub = op == 0x7d;
        unsigned host = fp_enter(cpu);
        if (mand == MAND_66) {
            volatile double r0 = sub ? a.df[0] - a.df[1] : a.df[0] + a.df[1];
            volatile double r1 = sub ? s.df[0] - s.df[1] : s.df[0] + s.df[1];
            r.df[0] = nan2d(r0, a.df[0], a.df[1]);
            r.df[1] = nan2d(r1, s.df[0], s.df[1]);
        } else {
            for (int i = 0; i < 2; i++) {
                volatile float lo = sub ? a.f[2 * i] - a.f[2 * i + 1] : a.f[2 * i] + a.f[2 * i + 1];
                volatile float hi = sub ? s.f[2 * i] - s.f[2 * i + 1] : s.f[2 * i] + s.f[2 * i + 1];
                r.f[i] = nan2f(lo, a.f[2 * i], a.f[2 * i + 1]);
                r.f[2 + i] = nan2f(hi, s.f[2 * i], s.f[2 * i + 1]);
            }
        }
        fp_leave(cpu, host);
        *x = r;
        return EXIT_NONE;
    }
    case 0xd0: {                                /* ADDSUBPD / ADDSUBPS */
        if (mand != MAND_66 && mand != MAND_F2)
            break;
        s = src128(cpu, d, true);
        unsigned host = fp_enter(cpu);
        if (mand == MAND_66) {
            volatile double r0 = a.df[0] - s.df[0], r1 = a.df[1] + s.df[1];
            r.df[0] = nan2d(r0, a.df[0], s.df[0]);
            r.df[1] = nan2d(r1, a.df[1], s.df[1]);
        } else {
            for (int i = 0; i < 4; i++) {
                volatile float v = (i & 1) ? a.f[i] + s.f[i] : a.f[i] - s.f[i];
                r.f[i] = nan2f(v, a.f[i], s.f[i]);
            }
        }
        fp_leave(cpu, host);
        *x = r;
        return EXIT_NONE;
    }
    case 0xf0:                                  /* LDDQU */
        if (mand != MAND_F2 || d->mod == 3)
            break;
        *x = src128(cpu, d, false);
        return EXIT_NONE;
    }
    x86_undefined(cpu, d);
}

/* ---- SSSE3 on n = 8 (MMX) or 16 (XMM) bytes ---- */

static void ssse3(unsigned op, xmm_t *r, const xmm_t *a, const xmm_t *b, unsigned n)
{
    xmm_t t;
    memset(&t, 0, sizeof t);
    switch (op) {
    case 0x00:                                  /* PSHUFB */
        for (unsigned i = 0; i < n; i++)
            t.b[i] = (b->b[i] & 0x80) ? 0 : a->b[b->b[i] & (n - 1)];
        break;
    case 0x01: case 0x03: case 0x05: case 0x07: /* PHADDW PHADDSW PHSUBW PHSUBSW */
        for (unsigned i = 0; i < n / 4; i++) {
            int32_t x0 = a->sw[2 * i], x1 = a->sw[2 * i + 1], y0 = b->sw[2 * i], y1 = b->sw[2 * i + 1];
            int32_t u = op >= 0x05 ? x0 - x1 : x0 + x1, v = op >= 0x05 ? y0 - y1 : y0 + y1;
            if (op == 0x03 || op == 0x07) {
                u = (int32_t)sat(u, -32768, 32767);
                v = (int32_t)sat(v, -32768, 32767);
            }
            t.w[i] = (uint16_t)u;
            t.w[n / 4 + i] = (uint16_t)v;
        }
        break;
    case 0x02: case 0x06:                       /* PHADDD PHSUBD */
        for (unsigned i = 0; i < n / 8; i++) {
            t.d[i] = op == 0x02 ? a->d[2 * i] + a->d[2 * i + 1] : a->d[2 * i] - a->d[2 * i + 1];
            t.d[n / 8 + i] = op == 0x02 ? b->d[2 * i] + b->d[2 * i + 1] : b->d[2 * i] - b->d[2 * i + 1];
        }
        break;
    case 0x04:                                  /* PMADDUBSW: unsigned bytes of a times signed bytes of b */
        for (unsigned i = 0; i < n / 2; i++)
            t.sw[i] = (int16_t)sat((int32_t)a->b[2 * i] * b->sb[2 * i] + (int32_t)a->b[2 * i + 1] * b->sb[2 * i + 1],
                                   -32768, 32767);
        break;
    case 0x08:
        for (unsigned i = 0; i < n; i++)
            t.sb[i] = (int8_t)(b->sb[i] < 0 ? -a->sb[i] : b->sb[i] ? a->sb[i] : 0);
        break;
    case 0x09:
        for (unsigned i = 0; i < n / 2; i++)
            t.sw[i] = (int16_t)(b->sw[i] < 0 ? -a->sw[i] : b->sw[i] ? a->sw[i] : 0);
        break;
    case 0x0a:
        for (unsigned i = 0; i < n / 4; i++)
            t.d[i] = b->sd[i] < 0 ? 0u - a->d[i] : b->sd[i] ? a->d[i] : 0;
        break;
    case 0x0b:                                  /* PMULHRSW */
        for (unsigned i = 0; i < n / 2; i++)
            t.w[i] = (uint16_t)((((int32_t)a->sw[i] * b->sw[i] >> 14) + 1) >> 1);
        break;
    case 0x1c:
        for (unsigned i = 0; i < n; i++)
            t.b[i] = (uint8_t)(b->sb[i] < 0 ? -b->sb[i] : b->sb[i]);
        break;
    case 0x1d:
        for (unsigned i = 0; i < n / 2; i++)
            t.w[i] = (uint16_t)(b->sw[i] < 0 ? -b->sw[i] : b->sw[i]);
        break;
    case 0x1e:
        for (unsigned i = 0; i < n / 4; i++)
            t.d[i] = b->sd[i] < 0 ? 0u - b->d[i] : b->d[i];
        break;
    }
    memcpy(r, &t, n);
}

static bool is_ssse3(unsigned op) { return op <= 0x0b || (op >= 0x1c && op <= 0x1e); }

/* ---- CRC32 (Castagnoli, reflected, as the instruction: no inversions) ---- */

static uint32_t crc_table[256];

static uint32_t crc32c(uint32_t crc, uint64_t v, unsigned n)
{
    if (!crc_table[1]) {
        for (unsigned i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1)));
            crc_table[i] = c;
        }
    }
    for (unsigned i = 0; i < n; i++)
        crc = (crc >> 8) ^ crc_table[(crc ^ (uint8_t)(v >> (8 * i))) & 0xff];
    return crc;
}

/* ---- 0F 38 ---- */

HANDLER(op_sse38)
{
    unsigned op = d->opcode, mand = d->mandatory;
    if (op == 0xf0 || op == 0xf1) {             /* CRC32 (F2); MOVBE (no prefix) is not advertised */
        if (mand != MAND_F2)
            x86_undefined(cpu, d);
        unsigned ssz = op == 0xf0 ? 1 : d->osize;
        unsigned dsz = (d->rex & 8) ? 8 : 4;
        uint64_t v = rm_read(cpu, d, ssz);
        uint32_t c = crc32c((uint32_t)cpu->r[d->reg], v, ssz);
        reg_set(cpu, d, d->reg, dsz, c);
        return EXIT_NONE;
    }
    if (is_ssse3(op) && mand == MAND_NONE) {    /* MMX forms */
        xmm_t a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        b.q[0] = d->mod == 3 ? *x87_mmx_get(cpu, d->rm & 7) : mem_read(cpu, modrm_addr(cpu, d), 8);
        a.q[0] = *x87_mmx_get(cpu, d->reg & 7);
        xmm_t r;
        ssse3(op, &r, &a, &b, 8);
        *x87_mmx_reg(cpu, d->reg & 7) = r.q[0];
        return EXIT_NONE;
    }
    if (mand != MAND_66)
        x86_undefined(cpu, d);
    xmm_t *x = &cpu->xmm[d->reg], a = *x, s, r;
    if (is_ssse3(op)) {
        s = src128(cpu, d, true);
        ssse3(op, &r, &a, &s, 16);
        *x = r;
        return EXIT_NONE;
    }
    if (op >= 0x20 && op <= 0x35 && (op & 0xf) <= 5 && op != 0x2a && op != 0x2b) {   /* PMOVSX / PMOVZX */
        static const uint8_t from[6] = { 1, 1, 1, 2, 2, 4 }, to[6] = { 2, 4, 8, 4, 8, 8 };
        unsigned k = op & 0xf, fs = from[k], ts = to[k], cnt = 16 / ts;
        bool sx = op < 0x30;
        s = src_low(cpu, d, fs * cnt);
        memset(&r, 0, sizeof r);
        for (unsigned i = 0; i < cnt; i++) {
            uint64_t v = 0;
            memcpy(&v, s.b + i * fs, fs);
            if (sx)
                v = (uint64_t)sext(v, fs);
            memcpy(r.b + i * ts, &v, ts);
        }
        *x = r;
        return EXIT_NONE;
    }
    if (op == 0x2a) {                           /* MOVNTDQA */
        if (d->mod == 3)
            x86_undefined(cpu, d);
        *x = src128(cpu, d, true);
        return EXIT_NONE;
    }
    s = src128(cpu, d, true);
    r = a;
    switch (op) {
    case 0x10:
        for (int i = 0; i < 16; i++) r.b[i] = (cpu->xmm[0].b[i] & 0x80) ? s.b[i] : a.b[i];
        break;
    case 0x14:
        for (int i = 0; i < 4; i++) r.d[i] = (cpu->xmm[0].d[i] >> 31) ? s.d[i] : a.d[i];
        break;
    case 0x15:
        for (int i = 0; i < 2; i++) r.q[i] = (cpu->xmm[0].q[i] >> 63) ? s.q[i] : a.q[i];
        break;
    case 0x17: {                                /* PTEST */
        uint64_t f = x86_get_flags(cpu) & ~(uint64_t)F_ARITH;
        if (!((a.q[0] & s.q[0]) | (a.q[1] & s.q[1]))) f |= F_ZF;
        if (!((~a.q[0] & s.q[0]) | (~a.q[1] & s.q[1]))) f |= F_CF;
        x86_set_flags(cpu, f);
        return EXIT_NONE;
    }
    case 0x28: for (int i = 0; i < 2; i++) r.sq[i] = (int64_t)a.sd[2 * i] * s.sd[2 * i]; break;
    case 0x29: for (int i = 0; i < 2; i++) r.q[i] = a.q[i] == s.q[i] ? ~0ull : 0; break;
    case 0x2b:
        for (int i = 0; i < 4; i++) {
            r.w[i] = (uint16_t)sat(a.sd[i], 0, 65535);
            r.w[4 + i] = (uint16_t)sat(s.sd[i], 0, 65535);
        }
        break;
    case 0x37: for (int i = 0; i < 2; i++) r.q[i] = a.sq[i] > s.sq[i] ? ~0ull : 0; break;
    case 0x38: for (int i = 0; i < 16; i++) r.sb[i] = a.sb[i] < s.sb[i] ? a.sb[i] : s.sb[i]; break;
    case 0x39: for (int i = 0; i < 4; i++) r.sd[i] = a.sd[i] < s.sd[i] ? a.sd[i] : s.sd[i]; break;
    case 0x3a: for (int i = 0; i < 8; i++) r.w[i] = a.w[i] < s.w[i] ? a.w[i] : s.w[i]; break;
    case 0x3b: for (int i = 0; i < 4; i++) r.d[i] = a.d[i] < s.d[i] ? a.d[i] : s.d[i]; break;
    case 0x3c: for (int i = 0; i < 16; i++) r.sb[i] = a.sb[i] > s.sb[i] ? a.sb[i] : s.sb[i]; break;
    case 0x3d: for (int i = 0; i < 4; i++) r.sd[i] = a.sd[i] > s.sd[i] ? a.sd[i] : s.sd[i]; break;
    case 0x3e: for (int i = 0; i < 8; i++) r.w[i] = a.w[i] > s.w[i] ? a.w[i] : s.w[i]; break;
    case 0x3f: for (int i = 0; i < 4; i++) r.d[i] = a.d[i] > s.d[i] ? a.d[i] : s.d[i]; break;
    case 0x40: for (int i = 0; i < 4; i++) r.d[i] = a.d[i] * s.d[i]; break;
    case 0x41: {                                /* PHMINPOSUW */
        unsigned m = 0;
        for (unsigned i = 1; i < 8; i++)
            if (s.w[i] < s.w[m]) m = i;
        memset(&r, 0, sizeof r);
        r.w[0] = s.w[m];
        r.w[1] = (uint16_t)m;
        break;
    }
    default:
        x86_undefined(cpu, d);
    }
    *x = r;
    return EXIT_NONE;
}

/* ---- ROUNDPS/PD/SS/SD ---- */

/* Round one value; flags collects IE (SNaN) and PE (inexact, unless imm bit 3). */
static double round_one(const struct x86_cpu *cpu, double v, bool snan, unsigned imm, unsigned *flags, bool sngl)
{
    if (isnan(v)) {
        if (snan)
            *flags |= 1;
        return v;   /* the caller quiets it */
    }
    unsigned mode = (imm & 4) ? (cpu->mxcsr >> 13) & 3 : imm & 3;
    double r;
    switch (mode) {
    case 0: r = sngl ? (double)roundevenf((float)v) : roundeven(v); break;
    case 1: r = floor(v); break;
    case 2: r = ceil(v); break;
    default: r = trunc(v); break;
    }
    if (!(imm & 8) && r != v)
        *flags |= 0x20;
    return r;
}

static uint32_t quiet32(uint32_t b) { return ((b & 0x7f800000) == 0x7f800000 && (b & 0x7fffff)) ? b | 0x400000 : b; }
static uint64_t quiet64(uint64_t b)
{
    return ((b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0xfffffffffffffull)) ? b | 0x8000000000000ull : b;
}

static void do_round(struct x86_cpu *cpu, const struct x86_inst *d, xmm_t *x)
{
    unsigned op = d->opcode, imm = (unsigned)d->imm, flags = 0;
    bool daz = cpu->mxcsr & 0x40;
    xmm_t s = op <= 0x09 ? src128(cpu, d, true) : src_low(cpu, d, op == 0x0a ? 4 : 8), r = *x;
    unsigned n = op == 0x08 ? 4 : op == 0x09 ? 2 : 1;
    for (unsigned i = 0; i < n; i++) {
        if (op == 0x08 || op == 0x0a) {
            uint32_t b = s.d[i];
            if (daz && !(b & 0x7f800000)) b &= 0x80000000;
            float f;
            memcpy(&f, &b, 4);
            bool sn = (b & 0x7f800000) == 0x7f800000 && (b & 0x7fffff) && !(b & 0x400000);
            float o = (float)round_one(cpu, f, sn, imm, &flags, true);
            uint32_t ob;
            memcpy(&ob, &o, 4);
            if (isnan(f)) ob = quiet32(b);
            r.d[i] = ob;
        } else {
            uint64_t b = s.q[i];
            if (daz && !(b & 0x7ff0000000000000ull)) b &= 0x8000000000000000ull;
            double f;
            memcpy(&f, &b, 8);
            bool sn = (b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0xfffffffffffffull) && !(b & 0x8000000000000ull);
            double o = round_one(cpu, f, sn, imm, &flags, false);
            uint64_t ob;
            memcpy(&ob, &o, 8);
            if (isnan(f)) ob = quiet64(b);
            r.q[i] = ob;
        }
    }
    if (flags & ~(cpu->mxcsr >> 7) & 0x3f) {
        cpu->mxcsr |= flags;
        x86_fault(cpu, VEC_XM, 0, 0);
    }
    cpu->mxcsr |= flags;
    *x = r;
}

/* ---- PCMPESTRI/M, PCMPISTRI/M ---- */

static void pcmpstr(struct x86_cpu *cpu, const struct x86_inst *d)
{
    unsigned imm = (unsigned)d->imm, op = d->opcode;
    xmm_t a = cpu->xmm[d->reg], b = src128(cpu, d, false);
    bool words = imm & 1, sgn = imm & 2;
    unsigned n = words ? 8 : 16, agg = (imm >> 2) & 3, pol = (imm >> 4) & 3;
    int64_t ev[16], ea[16];
    for (unsigned i = 0; i < n; i++) {
        ea[i] = words ? (sgn ? a.sw[i] : a.w[i]) : (sgn ? a.sb[i] : a.b[i]);
        ev[i] = words ? (sgn ? b.sw[i] : b.w[i]) : (sgn ? b.sb[i] : b.b[i]);
    }
    unsigned la = n, lb = n;
    if (op <= 0x61) {                           /* explicit lengths in rAX, rDX */
        int64_t x = (d->rex & 8) ? (int64_t)cpu->r[RAX] : (int32_t)cpu->r[RAX];
        int64_t y = (d->rex & 8) ? (int64_t)cpu->r[RDX] : (int32_t)cpu->r[RDX];
        uint64_t ax = x < 0 ? 0 - (uint64_t)x : (uint64_t)x, ay = y < 0 ? 0 - (uint64_t)y : (uint64_t)y;
        la = ax > n ? n : (unsigned)ax;
        lb = ay > n ? n : (unsigned)ay;
    } else {
        for (la = 0; la < n && ea[la]; la++) {}
        for (lb = 0; lb < n && ev[lb]; lb++) {}
    }
    unsigned res = 0;
    for (unsigned j = 0; j < n; j++) {
        bool bit = false;
        switch (agg) {
        case 0:                                 /* equal any */
            if (j < lb)
                for (unsigned i = 0; i < la; i++)
                    if (ea[i] == ev[j]) { bit = true; break; }
            break;
        case 1:                                 /* ranges */
            if (j < lb)
                for (unsigned i = 0; i + 1 < la; i += 2)    /* a pair with an invalid bound never matches */
                    if (ea[i] <= ev[j] && ev[j] <= ea[i + 1]) { bit = true; break; }
            break;
        case 2:                                 /* equal each */
            bit = (j < la && j < lb) ? ea[j] == ev[j] : (j >= la && j >= lb);
            break;
        default:                                /* equal ordered */
            bit = true;
            for (unsigned k = 0; j + k < n; k++) {
                if (k >= la) break;             /* needle ended: match */
                if (j + k >= lb) { bit = false; break; }
                if (ea[k] != ev[j + k]) { bit = false; break; }
            }
            break;
        }
        if (bit)
            res |= 1u << j;
    }
    unsigned all = (1u << n) - 1;
    if (pol == 1)
        res ^= all;
    else if (pol == 3)
        res ^= (1u << lb) - 1;
    if (op & 1) {                               /* index into ECX */
        unsigned idx = n;
        if (res)
            idx = (imm & 0x40) ? 31 - (unsigned)__builtin_clz(res) : (unsigned)__builtin_ctz(res);
        cpu->r[RCX] = idx;
    } else {                                    /* mask into XMM0 */
        xmm_t m;
        memset(&m, 0, sizeof m);
        if (imm & 0x40) {
            for (unsigned i = 0; i < n; i++)
                if (res >> i & 1) {
                    if (words) m.w[i] = 0xffff;
                    else m.b[i] = 0xff;
                }
        } else {
            m.q[0] = res;
        }
        cpu->xmm[0] = m;
    }
    uint64_t f = x86_get_flags(cpu) & ~(uint64_t)F_ARITH;
    if (res) f |= F_CF;
    if (lb < n) f |= F_ZF;
    if (la < n) f |= F_SF;
    if (res & 1) f |= F_OF;
    x86_set_flags(cpu, f);
}

/* ---- 0F 3A ---- */

HANDLER(op_sse3a)
{
    unsigned op = d->opcode, mand = d->mandatory, imm = (unsigned)d->imm;
    if (op == 0x0f && mand == MAND_NONE) {      /* PALIGNR mm */
        uint64_t b = d->mod == 3 ? *x87_mmx_get(cpu, d->rm & 7) : mem_read(cpu, modrm_addr(cpu, d), 8);
        uint64_t a = *x87_mmx_get(cpu, d->reg & 7);
        uint8_t t[16];
        memcpy(t, &b, 8);
        memcpy(t + 8, &a, 8);
        uint64_t r = 0;
        for (unsigned i = 0; i < 8; i++)
            if (i + imm < 16)
                r |= (uint64_t)t[i + imm] << (8 * i);
        *x87_mmx_reg(cpu, d->reg & 7) = r;
        return EXIT_NONE;
    }
    if (mand != MAND_66)
        x86_undefined(cpu, d);
    xmm_t *x = &cpu->xmm[d->reg], a = *x, s, r = *x;
    switch (op) {
    case 0x08: case 0x09: case 0x0a: case 0x0b:
        do_round(cpu, d, x);
        return EXIT_NONE;
    case 0x0c:
        s = src128(cpu, d, true);
        for (int i = 0; i < 4; i++) if (imm >> i & 1) r.d[i] = s.d[i];
        break;
    case 0x0d:
        s = src128(cpu, d, true);
        for (int i = 0; i < 2; i++) if (imm >> i & 1) r.q[i] = s.q[i];
        break;
    case 0x0e:
        s = src128(cpu, d, true);
        for (int i = 0; i < 8; i++) if (imm >> i & 1) r.w[i] = s.w[i];
        break;
    case 0x0f: {                                /* PALIGNR xmm */
        s = src128(cpu, d, true);
        uint8_t t[32];
        memcpy(t, s.b, 16);
        memcpy(t + 16, a.b, 16);
        for (unsigned i = 0; i < 16; i++)
            r.b[i] = i + imm < 32 ? t[i + imm] : 0;
        break;
    }
    case 0x14: case 0x15: case 0x16: case 0x17: { /* PEXTRB/W/D/Q, EXTRACTPS: xmm is the source */
        unsigned sz = op == 0x14 ? 1 : op == 0x15 ? 2 : (op == 0x16 && (d->rex & 8)) ? 8 : 4;
        uint64_t v = 0;
        memcpy(&v, a.b + (imm & (16 / sz - 1)) * sz, sz);
        if (d->mod == 3)
            reg_set(cpu, d, d->rm, (d->rex & 8) ? 8 : 4, v);
        else
            mem_write(cpu, modrm_addr(cpu, d), sz, v);
        return EXIT_NONE;
    }
    case 0x20: {                                /* PINSRB xmm, r32/m8 */
        r.b[imm & 15] = (uint8_t)(d->mod == 3 ? cpu->r[d->rm] : mem_read(cpu, modrm_addr(cpu, d), 1));
        break;
    }
    case 0x21: {                                /* INSERTPS */
        uint32_t v = d->mod == 3 ? cpu->xmm[d->rm].d[(imm >> 6) & 3] : (uint32_t)mem_read(cpu, modrm_addr(cpu, d), 4);
        r.d[(imm >> 4) & 3] = v;
        for (int i = 0; i < 4; i++) if (imm >> i & 1) r.d[i] = 0;
        break;
    }
    case 0x22: {                                /* PINSRD/Q */
        if (d->rex & 8) r.q[imm & 1] = rm_read(cpu, d, 8);
        else r.d[imm & 3] = (uint32_t)rm_read(cpu, d, 4);
        break;
    }
    case 0x40: {                                /* DPPS */
        s = src128(cpu, d, true);
        unsigned host = fp_enter(cpu);
        volatile float p[4], t4, t5, t6;
        /* volatile: every operation happens (its MXCSR flags count) even
         * where a NaN operand decides the result */
        volatile float m;
        for (int i = 0; i < 4; i++) {
            p[i] = 0.0f;
            if (imm >> (4 + i) & 1) {    /* a masked product is not computed (no flags) */
                m = a.f[i] * s.f[i];
                p[i] = nan2f(m, a.f[i], s.f[i]);
            }
        }
        m = p[0] + p[1];
        t4 = nan2f(m, p[0], p[1]);
        m = p[2] + p[3];
        t5 = nan2f(m, p[2], p[3]);
        m = t4 + t5;
        t6 = nan2f(m, t4, t5);
        for (int i = 0; i < 4; i++) r.f[i] = (imm >> i & 1) ? t6 : 0.0f;
        fp_leave(cpu, host);
        break;
    }
    case 0x41: {                                /* DPPD */
        s = src128(cpu, d, true);
        unsigned host = fp_enter(cpu);
        volatile double m, p0 = 0.0, p1 = 0.0, t;
        if (imm & 0x10) { m = a.df[0] * s.df[0]; p0 = nan2d(m, a.df[0], s.df[0]); }
        if (imm & 0x20) { m = a.df[1] * s.df[1]; p1 = nan2d(m, a.df[1], s.df[1]); }
        volatile double sum = p0 + p1;
        t = nan2d(sum, p0, p1);
        for (int i = 0; i < 2; i++) r.df[i] = (imm >> i & 1) ? t : 0.0;
        fp_leave(cpu, host);
        break;
    }
    case 0x42: {                                /* MPSADBW */
        s = src128(cpu, d, true);
        unsigned ao = (imm & 4) ? 4 : 0, so = (imm & 3) * 4;
        for (unsigned i = 0; i < 8; i++) {
            unsigned sum = 0;
            for (unsigned j = 0; j < 4; j++)
                sum += (unsigned)abs((int)a.b[ao + i + j] - (int)s.b[so + j]);
            r.w[i] = (uint16_t)sum;
        }
        break;
    }
    case 0x60: case 0x61: case 0x62: case 0x63:
        pcmpstr(cpu, d);
        return EXIT_NONE;
    default:
        x86_undefined(cpu, d);
    }
    *x = r;
    return EXIT_NONE;
}
