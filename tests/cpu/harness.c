/*
 * harness.c - the differential runner described in harness.h: random state,
 * instruction encoding from a form, native execution between a generated
 * prologue and epilogue, interpreter execution, comparison.
 *
 * Memory layout (one mapping, host pages):
 *
 *   code (RWX, 1 page) | area (RW, 2 pages) | guard (PROT_NONE, 1 page)
 *
 * The area holds every memory operand, the guest stack and string buffers;
 * an operand placed across its end into the guard page gives #PF on both
 * sides. Only x86-64 hosts can run this (native execution).
 */
#include "tests/cpu/harness.h"
#include "xlate/interp.h"

#include <inttypes.h>
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

void x86_host_fault(void *addr, bool write);
void x87_fxsave(struct x86_cpu *cpu, uint8_t *area);
void x87_fxrstor(struct x86_cpu *cpu, const uint8_t *area);

/* ---- random numbers (xorshift64*; fixed seeds make every run repeatable) ---- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}
static unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }

static uint64_t rand_int(void)
{
    static const uint64_t edge[] = {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
        0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, ~1ull, 0x100, 0x10000, 0x100000000ull,
    };
    switch (rn(8)) {
    case 0: return edge[rn(sizeof edge / sizeof edge[0])];
    case 1: return rn(64);
    case 2: return (uint64_t)-(int64_t)rn(64);
    case 3: return 1ull << rn(64);
    case 4: return (1ull << rn(64)) - 1;
    case 5: return rnd() & 0xff;
    default: return rnd();
    }
}

static uint32_t rand_f32(void)
{
    static const uint32_t sp[] = {
        0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
        0x7fa00000, 0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0x3f000000, 0x3fc00000,
        0x40200000, 0xc0200000, 0x4f000000, 0xcf000000, 0x5f000000, 0xdf000000, 0x4effffff,
    };
    switch (rn(4)) {
    case 0: return sp[rn(sizeof sp / sizeof sp[0])];
    case 1: { float f = (float)((int)rn(2001) - 1000) / (float)(1 + rn(4)); uint32_t b; memcpy(&b, &f, 4); return b; }
    case 2: return (uint32_t)((rn(2) << 31) | ((uint64_t)(100 + rn(60)) << 23) | (rnd() & 0x7fffff));
    default: return (uint32_t)rnd();
    }
}

static uint64_t rand_f64(void)
{
    static const uint64_t sp[] = {
        0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull, 0x7ff0000000000000ull,
        0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff4000000000000ull,
        1, 0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull, 0x3fe0000000000000ull,
        0x41e0000000000000ull, 0xc1e0000000000000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
        0x41dfffffffffffffull, 0x3ff8000000000000ull, 0x4004000000000000ull, 0x36a0000000000000ull,
    };
    switch (rn(4)) {
    case 0: return sp[rn(sizeof sp / sizeof sp[0])];
    case 1: { double f = (double)((int)rn(2001) - 1000) / (double)(1 + rn(4)); uint64_t b; memcpy(&b, &f, 8); return b; }
    case 2: return ((uint64_t)rn(2) << 63) | ((uint64_t)(900 + rn(250)) << 52) | (rnd() & 0xfffffffffffffull);
    default: return rnd();
    }
}

static void rand_xmm(uint8_t *x)
{
    switch (rn(5)) {
    case 0: for (int i = 0; i < 4; i++) { uint32_t v = rand_f32(); memcpy(x + 4 * i, &v, 4); } break;
    case 1: for (int i = 0; i < 2; i++) { uint64_t v = rand_f64(); memcpy(x + 8 * i, &v, 8); } break;
    case 2: for (int i = 0; i < 16; i++) x[i] = (uint8_t)(rn(3) ? 0x20 + rn(96) : rn(3) ? 0 : rnd()); break;  /* text-like */
    case 3: for (int i = 0; i < 8; i++) { uint16_t v = (uint16_t)rand_int(); memcpy(x + 2 * i, &v, 2); } break;
    default: for (int i = 0; i < 2; i++) { uint64_t v = rnd(); memcpy(x + 8 * i, &v, 8); } break;
    }
}

/* An 80-bit value: mantissa (explicit integer bit) and sign+exponent. */
static void rand_f80(uint8_t *p)
{
    uint64_t m;
    uint16_t se;
    switch (rn(6)) {
    case 0: {
        static const struct { uint64_t m; uint16_t se; } sp[] = {
            { 0, 0 }, { 0, 0x8000 }, { 1ull << 63, 0x3fff }, { 1ull << 63, 0xbfff }, { 1ull << 63, 0x7fff },
            { 1ull << 63, 0xffff }, { 3ull << 62, 0x7fff }, { 5ull << 61, 0x7fff }, { 1, 0 }, { 1ull << 62, 0 },
            { 0xc90fdaa22168c235ull, 0x4000 }, { 1ull << 63, 0x403e }, { 1ull << 63, 0xc03e }, { ~0ull, 0x403d },
            { 1ull << 63, 0x401e }, { 3ull << 62, 0x3ffe }, { 1ull << 63, 0x3ffe },
        };
        unsigned k = rn(sizeof sp / sizeof sp[0]);
        m = sp[k].m;
        se = sp[k].se;
        break;
    }
    case 1: { long double v = (long double)((int)rn(20001) - 10000) / (long double)(1 + rn(8)); memcpy(&m, &v, 8); memcpy(&se, (char *)&v + 8, 2); break; }
    case 2: m = rnd() | (1ull << 63); se = (uint16_t)((rn(2) << 15) | (0x3fff - 70 + rn(140))); break;
    case 3: m = rnd() | (1ull << 63); se = (uint16_t)((rn(2) << 15) | (0x3fff + 20 + rn(50))); break;
    default: m = rnd() | (1ull << 63); se = (uint16_t)((rn(2) << 15) | (0x3fff - 8 + rn(16))); break;
    }
    memcpy(p, &m, 8);
    memcpy(p + 8, &se, 2);
}

/* ---- memory ---- */

static size_t page;
static uint8_t *code, *area, *guard;
static size_t area_size;

static uint64_t host_rsp;
static uint8_t host_fx[512] __attribute__((aligned(16)));
static struct cpu_state in_st, out_st;
static uint64_t out_path;

/* ---- prologue and epilogue ---- */

static uint8_t *emit(uint8_t *p, const void *b, size_t n) { memcpy(p, b, n); return p + n; }
static uint8_t *emit8(uint8_t *p, uint8_t b) { *p = b; return p + 1; }
static uint8_t *emit32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); return p + 4; }
static uint8_t *emit64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); return p + 8; }
static uint8_t *movabs(uint8_t *p, unsigned reg, uint64_t v)   /* mov reg, imm64 */
{
    p = emit8(p, (uint8_t)(0x48 | (reg >> 3)));
    p = emit8(p, (uint8_t)(0xb8 | (reg & 7)));
    return emit64(p, v);
}
/* mov [base+disp32], reg (store) or mov reg, [base+disp32] (load); base is rax or rcx */
static uint8_t *mov_mem(uint8_t *p, bool store, unsigned reg, unsigned base, uint32_t disp)
{
    p = emit8(p, (uint8_t)(0x48 | ((reg >> 3) << 2)));
    p = emit8(p, store ? 0x89 : 0x8b);
    p = emit8(p, (uint8_t)(0x80 | ((reg & 7) << 3) | base));
    return emit32(p, disp);
}

#define OFF_R(i) ((uint32_t)(offsetof(struct cpu_state, r) + 8 * (i)))
#define OFF_FL ((uint32_t)offsetof(struct cpu_state, rflags))
#define OFF_FX ((uint32_t)offsetof(struct cpu_state, fx))

static size_t gen_prologue(uint8_t *p0)
{
    uint8_t *p = p0;
    static const uint8_t saves[] = { 0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57 };
    p = emit(p, saves, sizeof saves);
    p = movabs(p, RAX, (uint64_t)(uintptr_t)&host_rsp);
    p = emit(p, "\x48\x89\x20", 3);                          /* mov [rax], rsp */
    p = movabs(p, RAX, (uint64_t)(uintptr_t)host_fx);
    p = emit(p, "\x48\x0f\xae\x00", 4);                      /* fxsave64 [rax] */
    p = movabs(p, RAX, (uint64_t)(uintptr_t)&in_st);
    p = emit(p, "\x48\x0f\xae\x88", 4); p = emit32(p, OFF_FX); /* fxrstor64 [rax+fx] */
    p = emit(p, "\xff\xb0", 2); p = emit32(p, OFF_FL);       /* push qword [rax+flags] */
    p = emit8(p, 0x9d);                                      /* popfq */
    for (unsigned r = 1; r < 16; r++)
        p = mov_mem(p, false, r, RAX, OFF_R(r));
    p = emit(p, "\x48\x8b\x00", 3);                          /* mov rax, [rax] */
    return (size_t)(p - p0);
}

static size_t gen_epilogue(uint8_t *p0, uint64_t path)
{
    uint8_t *p = p0;
    p = emit(p, "\x48\xa3", 2); p = emit64(p, (uint64_t)(uintptr_t)&out_st.r[0]); /* mov [abs], rax */
    p = movabs(p, RAX, path);
    p = emit(p, "\x48\xa3", 2); p = emit64(p, (uint64_t)(uintptr_t)&out_path);
    p = movabs(p, RAX, (uint64_t)(uintptr_t)&out_st);
    for (unsigned r = 1; r < 16; r++)
        p = mov_mem(p, true, r, RAX, OFF_R(r));
    p = movabs(p, RCX, (uint64_t)(uintptr_t)&host_rsp);
    p = emit(p, "\x48\x8b\x21", 3);                          /* mov rsp, [rcx] */
    p = emit(p, "\x9c\x59", 2);                              /* pushfq; pop rcx */
    p = mov_mem(p, true, RCX, RAX, OFF_FL);
    p = emit(p, "\x48\x0f\xae\x80", 4); p = emit32(p, OFF_FX); /* fxsave64 [rax+fx] */
    p = movabs(p, RCX, (uint64_t)(uintptr_t)host_fx);
    p = emit(p, "\x48\x0f\xae\x09", 4);                      /* fxrstor64 [rcx] */
    p = emit8(p, 0xfc);                                      /* cld */
    static const uint8_t restores[] = { 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3 };
    p = emit(p, restores, sizeof restores);
    return (size_t)(p - p0);
}

/* ---- faults ---- */

struct fault { bool hit; unsigned vector; uint64_t err, addr; };

static volatile int run_mode;            /* 1: native, 2: interpreter */
static sigjmp_buf native_jb;
static struct fault native_fault;

static const int greg_of[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

static void on_signal(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    if (run_mode == 1) {
        run_mode = 0;
        native_fault.hit = true;
        native_fault.vector = (unsigned)g[REG_TRAPNO];
        native_fault.err = (uint64_t)g[REG_ERR];
        native_fault.addr = (uint64_t)(uintptr_t)si->si_addr;
        for (int i = 0; i < 16; i++)
            out_st.r[i] = (uint64_t)g[greg_of[i]];
        out_st.rflags = (uint64_t)g[REG_EFL];
        out_st.rip = (uint64_t)g[REG_RIP];
        if (uc->uc_mcontext.fpregs)
            memcpy(out_st.fx, uc->uc_mcontext.fpregs, 512);
        siglongjmp(native_jb, 1);
    }
    if (run_mode == 2 && (sig == SIGSEGV || sig == SIGBUS))
        x86_host_fault(si->si_addr, (g[REG_ERR] & 2) != 0);   /* returns only if not a guest access */
    fprintf(stderr, "harness: unexpected signal %d at %p (rip %llx)\n", sig, si->si_addr, (unsigned long long)g[REG_RIP]);
    signal(sig, SIG_DFL);
}

static void setup(void)
{
    if (code)
        return;
    page = (size_t)sysconf(_SC_PAGESIZE);
    area_size = 2 * page < 8192 ? 8192 : 2 * page;
    size_t total = page + area_size + page;
    uint8_t *m = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) { perror("mmap"); exit(2); }
    code = m;
    area = m + page;
    guard = area + area_size;
    mprotect(code, page, PROT_READ | PROT_WRITE | PROT_EXEC);
    mprotect(guard, page, PROT_NONE);

    static uint8_t altstack[65536] __attribute__((aligned(16)));
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
}

/* ---- encoding ---- */

struct enc {
    uint8_t bytes[32];
    size_t len;
    uint64_t imm;
    unsigned osz;
    bool mem;
    uint64_t target;       /* memory operand address */
    int reg, rm;           /* register numbers (-1: none) */
};

#include "tests/cpu/forms.c"

static bool is_byte_reg_form(const struct form *f, unsigned osz) { return osz == 1 && f->regk == K_GPR; }

/* Encode f at osz for a test at code address at, choosing registers and
 * the memory operand and setting the state that addressing needs. */
static void encode(const struct form *f, unsigned osz, struct cpu_state *st, struct enc *e, uint64_t at, size_t epi_len)
{
    uint8_t *p = e->bytes;
    memset(e, 0, sizeof *e);
    e->osz = osz;
    e->reg = e->rm = -1;
    bool x87 = f->regk == K_X87;
    bool mmx_reg = f->regk == K_MMX, mmx_rm = f->rmk == K_MMX;
    unsigned rex = 0;
    bool want_rex = false;

    /* which registers */
    unsigned reg = 0, rm = 0, base = 0, index = 4, scale = 0, mod = 3;
    bool sib = false, riprel = false;
    int32_t disp = 0;
    bool has_modrm = f->ext >= 0 || f->ext == X_R;
    uint32_t avoid = 1u << RSP | 1u << R12;
    if (f->special & (SP_DIV | SP_EQ)) avoid |= 1u << RAX | 1u << RDX;
    if (f->special & SP_CL) avoid |= 1u << RCX;
    if (f->ext == X_R) {
        reg = mmx_reg || x87 ? rn(8) : rn(16);
        e->reg = (int)reg;
        if (f->special & SP_BTOFF) avoid |= 1u << reg;
    } else if (f->ext >= 0) {
        reg = (unsigned)f->ext;
    }
    if (has_modrm) {
        bool mem = (f->where & W_MEM) && (!(f->where & W_REG) || rn(2));
        if (!mem) {
            rm = mmx_rm || x87 ? rn(8) : rn(16);
            e->rm = (int)rm;
        } else {
            e->mem = true;
            uint64_t t;
            unsigned k = rn(100);
            if (k < 4)
                t = (uint64_t)(uintptr_t)(area + area_size) - 1 - rn(16);          /* into the guard page */
            else {
                t = (uint64_t)(uintptr_t)area + area_size / 4 + rn((unsigned)area_size / 2);
                if ((f->special & SP_A16) ? rn(100) < 85 : rn(2))
                    t &= ~15ull;
            }
            e->target = t;
            if (rn(10) == 0) {
                riprel = true;
                mod = 0;
                rm = 5;
            } else {
                do base = rn(16); while (avoid & (1u << base));
                sib = rn(3) == 0;
                if (sib) {
                    do index = rn(16); while (index == 4 || index == base || (avoid & (1u << index)));
                    scale = rn(4);
                }
                unsigned mk = rn(3);
                if (mk == 0 && (base & 7) != 5) { mod = 0; disp = 0; }
                else if (mk == 1) { mod = 1; disp = (int8_t)rnd(); }
                else { mod = 2; disp = (int32_t)(rnd() % 2000000) - 1000000; }
                uint64_t iv = sib ? st->r[index] << scale : 0;
                st->r[base] = t - (uint64_t)(int64_t)disp - iv;
                rm = sib ? 4 : (base & 7);
            }
        }
    }

    /* prefixes */
    if ((f->special & SP_LOCK) && e->mem && rn(2))
        p = emit8(p, 0xf0);
    if (osz == 2 && !x87)
        p = emit8(p, 0x66);
    if (f->pfx)
        p = emit8(p, f->pfx);
    if (osz == 8) rex |= 8;
    if (f->ext == X_R && (reg & 8)) rex |= 4;
    if (sib && (index & 8)) rex |= 2;
    if (e->mem && !riprel && (base & 8)) rex |= 1;
    if (!e->mem && has_modrm && (rm & 8)) rex |= 1;
    if (f->ext == X_PLUSR) {
        unsigned r = rn(16);
        e->reg = (int)r;
        if (r & 8) rex |= 1;
        reg = r;
    }
    if (is_byte_reg_form(f, osz) && rn(2))
        want_rex = true;
    if (mmx_reg && mmx_rm && !e->mem && rn(4) == 0)
        rex |= (unsigned)rn(16) & 7;             /* REX.R/X/B are ignored for MMX registers */
    if (rex || want_rex)
        p = emit8(p, (uint8_t)(0x40 | rex));
    if (f->map >= 1) p = emit8(p, 0x0f);
    if (f->map == 2) p = emit8(p, 0x38);
    if (f->map == 3) p = emit8(p, 0x3a);
    p = emit8(p, f->ext == X_PLUSR ? (uint8_t)(f->op | (reg & 7)) : f->op);
    uint8_t *disp_at = NULL;
    if (f->ext == X_FIXED) {
        p = emit8(p, f->modrm);
    } else if (f->ext == X_STI) {
        p = emit8(p, (uint8_t)(f->modrm + rn(8)));
    } else if (has_modrm) {
        p = emit8(p, (uint8_t)((mod << 6) | ((reg & 7) << 3) | (rm & 7)));
        if (sib)
            p = emit8(p, (uint8_t)((scale << 6) | ((index & 7) << 3) | (base & 7)));
        if (riprel) { disp_at = p; p = emit32(p, 0); }
        else if (mod == 1) p = emit8(p, (uint8_t)disp);
        else if (mod == 2) p = emit32(p, (uint32_t)disp);
    }
    /* immediate */
    unsigned isz = f->imm == I_Z ? (osz == 2 ? 2 : 4) : f->imm == I_V ? osz : f->imm;
    uint64_t imm;
    if (f->special & SP_BR)
        imm = epi_len;
    else if (f->special & SP_MOFFS) {
        isz = 8;
        e->target = (uint64_t)(uintptr_t)area + area_size / 4 + rn((unsigned)area_size / 2);
        imm = e->target;
        e->mem = true;
    } else if (f->special & (SP_SHIFT | SP_SHXD)) {
        imm = rn(4) ? rn(9) : rn(4) ? rn(70) : rnd() & 0xff;
        if ((f->special & SP_SHXD) && osz == 2 && (imm & 31) > 16)
            imm = (imm & 31) % 17;
    } else
        imm = rn(4) ? rand_int() : rnd();
    if (isz < 8) imm &= (1ull << (8 * isz)) - 1;
    e->imm = imm;
    for (unsigned i = 0; i < isz; i++)
        p = emit8(p, (uint8_t)(imm >> (8 * i)));
    e->len = (size_t)(p - e->bytes);
    if (disp_at) {
        int64_t dd = (int64_t)(e->target - (at + e->len));
        int32_t d32 = (int32_t)dd;
        memcpy(disp_at, &d32, 4);
    }
}

/* ---- one state ---- */

static void rand_state(struct cpu_state *st, const struct form *f)
{
    for (int i = 0; i < 16; i++)
        st->r[i] = rand_int();
    st->r[RSP] = (uint64_t)(uintptr_t)area + area_size / 2 + 8 * rn(64);
    uint64_t fl = 0x202;
    static const uint16_t bits[] = { F_CF, F_PF, F_AF, F_ZF, F_SF, F_OF, F_DF };
    for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
        if (rn(2)) fl |= bits[i];
    if (!(f->special & SP_STR) && rn(4)) fl &= ~(uint64_t)F_DF;
    st->rflags = fl;

    uint8_t *fx = st->fx;
    memset(fx, 0, 512);
    uint16_t cw = 0x037f, sw = 0;
    uint8_t tag = 0;
    if ((f->special & SP_X87) || f->regk == K_MMX || f->rmk == K_MMX) {
        cw = (uint16_t)(0x3f | 0x40 | (rn(4) << 8) | (rn(4) << 10));
        if (rn(2)) cw = (uint16_t)((cw & ~0x300) | 0x300);      /* mostly extended precision */
        if (rn(2)) cw = (uint16_t)((cw & ~0xc00));              /* and round-to-nearest */
        sw = (uint16_t)((rn(8) << 11) | (rnd() & 0x4700) | (rn(4) == 0 ? (rnd() & 0x3f) : 0));
        tag = (uint8_t)(rn(3) == 0 ? rnd() : rn(2) ? 0xff : 0);
        for (int i = 0; i < 8; i++)
            rand_f80(fx + 32 + 16 * i);
    }
    memcpy(fx + 0, &cw, 2);
    memcpy(fx + 2, &sw, 2);
    fx[4] = tag;
    uint32_t mxcsr = 0x1f80;
    if (rn(4) == 0) mxcsr |= (uint32_t)rn(4) << 13;   /* rounding */
    if (rn(8) == 0) mxcsr |= 0x8040;                   /* FTZ + DAZ */
    if (rn(4) == 0) mxcsr |= (uint32_t)(rnd() & 0x3f); /* sticky flags */
    memcpy(fx + 24, &mxcsr, 4);
    for (int i = 0; i < 16; i++)
        rand_xmm(fx + 160 + 16 * i);

    for (size_t i = 0; i < area_size; i += 8) {
        uint64_t v;
        switch (rn(4)) {
        case 0: v = rand_int(); break;
        case 1: v = rand_f64(); break;
        case 2: v = (uint64_t)rand_f32() | (uint64_t)rand_f32() << 32; break;
        default: v = rnd(); break;
        }
        memcpy(area + i, &v, 8);
    }
    if (rn(3) == 0) {            /* strings: runs of equal text */
        size_t o = rn((unsigned)area_size - 64);
        for (int i = 0; i < 64; i++) area[o + i] = (uint8_t)(0x41 + rn(3));
    }
}

/* Special register set-ups after encoding (which may have claimed registers). */
static void fix_state(const struct form *f, struct cpu_state *st, struct enc *e, uint64_t taken)
{
    uint64_t a = (uint64_t)(uintptr_t)area;
    if (f->special & SP_STR) {
        st->r[RSI] = a + area_size / 4 + rn((unsigned)area_size / 2);
        st->r[RDI] = a + area_size / 4 + rn((unsigned)area_size / 2);
        if (rn(2)) { st->r[RSI] &= ~7ull; st->r[RDI] &= ~7ull; }
        st->r[RCX] = rn(4) ? rn(24) : rn(200);
        if (rn(4) == 0) {        /* make the compared runs equal for a while */
            size_t n = rn(64);
            memmove((void *)(uintptr_t)st->r[RDI], (void *)(uintptr_t)st->r[RSI], n);   /* may overlap */
        }
        if (rn(8) == 0)          /* run into the guard page */
            st->r[RDI] = a + area_size - rn(64);
    }
    if (f->special & SP_RBP) st->r[RBP] = a + area_size / 2 + 8 * rn(32) + (rn(8) == 0 ? rn(8) : 0);
    if (f->special & SP_RBX) st->r[RBX] = a + area_size / 4 + rn((unsigned)area_size / 2);
    if (f->special & SP_RET) memcpy((void *)(uintptr_t)st->r[RSP], &taken, 8);
    if (f->special & SP_CL) st->r[RCX] = (st->r[RCX] & ~0xffull) | (rn(2) ? rn(9) : rn(4) ? rn(70) : rnd() & 0xff);
    if ((f->special & SP_SHXD) && (f->special & SP_CL) && e->osz == 2 && (st->r[RCX] & 31) > 16)
        st->r[RCX] = (st->r[RCX] & ~0xffull) | ((st->r[RCX] & 31) % 17);
    if (f->special & SP_BTOFF) {
        int64_t off = (int64_t)rn(4096 * 8) - 2048 * 8;
        if (e->osz == 2) off = (int16_t)off;
        st->r[e->reg] = (uint64_t)off;
    }
    if (f->special & SP_DIV) {
        unsigned k = rn(4);
        uint64_t m = e->osz == 1 ? 0xff : e->osz == 8 ? ~0ull : (1ull << (8 * e->osz)) - 1;
        if (e->osz == 1) {
            if (k == 0) st->r[RAX] &= ~0xff00ull;
            else if (k == 1) st->r[RAX] = (st->r[RAX] & ~0xff00ull) | ((st->r[RAX] & 0x80) ? 0xff00 : 0);
        } else {
            if (k == 0) st->r[RDX] &= ~m;
            else if (k == 1) st->r[RDX] = (st->r[RDX] & ~m) | (((st->r[RAX] >> (8 * e->osz - 1)) & 1) ? m : 0);
        }
    }
    if ((f->special & SP_EQ) && rn(2)) {
        if (f->op == 0xc7) {     /* CMPXCHG8B/16B: rDX:rAX = memory */
            unsigned n = e->osz == 8 ? 8 : 4;
            uint64_t lo = 0, hi = 0;
            if (e->target + 2 * n <= (uint64_t)(uintptr_t)guard) {
                memcpy(&lo, (void *)(uintptr_t)e->target, n);
                memcpy(&hi, (void *)(uintptr_t)(e->target + n), n);
            }
            st->r[RAX] = lo;
            st->r[RDX] = hi;
        } else if (e->mem) {
            unsigned n = e->osz;
            if (e->target + n <= (uint64_t)(uintptr_t)guard)
                memcpy((void *)(uintptr_t)e->target, &st->r[RAX], n);
        } else {
            st->r[e->rm] = st->r[RAX];
        }
    }
}

/* ---- running ---- */

static void run_native(const struct cpu_state *st, size_t insn_off)
{
    (void)insn_off;
    in_st = *st;
    memset(&out_st, 0, sizeof out_st);
    native_fault.hit = false;
    out_path = ~0ull;
    void (*fn)(void) = (void (*)(void))(void *)code;
    if (sigsetjmp(native_jb, 1) == 0) {
        run_mode = 1;
        fn();
        run_mode = 0;
    }
}

static struct fault interp_fault;
static void run_interp(const struct cpu_state *st, uint64_t rip, struct cpu_state *out)
{
    static struct x86_cpu cpu;
    x86_cpu_init(&cpu, X86_MODE_64);
    memcpy(cpu.r, st->r, sizeof cpu.r);
    cpu.rip = rip;
    x86_set_flags(&cpu, st->rflags);
    x87_fxrstor(&cpu, st->fx);
    run_mode = 2;
    enum x86_exit ex = x86_run(&cpu, 1);
    run_mode = 0;
    interp_fault.hit = ex == EXIT_FAULT;
    interp_fault.vector = cpu.fault_vector;
    interp_fault.err = cpu.fault_code;
    interp_fault.addr = cpu.fault_addr;
    if (ex != EXIT_FAULT && ex != EXIT_BUDGET) {
        interp_fault.hit = true;
        interp_fault.vector = 100 + ex;
    }
    memcpy(out->r, cpu.r, sizeof cpu.r);
    out->rip = cpu.rip;
    out->rflags = x86_get_flags(&cpu);
    x87_fxsave(&cpu, out->fx);
}

/* ---- comparing ---- */

static unsigned shift_count(const struct form *f, const struct enc *e, const struct cpu_state *st)
{
    unsigned raw = (f->special & SP_CL) ? (unsigned)(st->r[RCX] & 0xff) : f->imm ? (unsigned)e->imm : 1;
    return raw & (e->osz == 8 ? 63 : 31);
}

static const char *const reg_names[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static unsigned printed, form_printed;
static unsigned print_limit;

static void dump_bytes(const struct enc *e)
{
    for (size_t i = 0; i < e->len; i++)
        fprintf(stderr, " %02x", e->bytes[i]);
}

static bool report(const struct form *f, const struct enc *e, const char *what, uint64_t in, uint64_t nat, uint64_t emu)
{
    if (printed < print_limit && form_printed < 2) {
        form_printed++;
        fprintf(stderr, "DIFF %s/%u [", f->name, e->osz * 8);
        dump_bytes(e);
        fprintf(stderr, " ] %s: in %016" PRIx64 " native %016" PRIx64 " interp %016" PRIx64 "\n", what, in, nat, emu);
    }
    printed++;
    return false;
}

static uint8_t mem_before[65536], mem_native[65536];

/* Run one random state of form f at size osz; true when both sides agree. */
static bool one_state(const struct form *f, unsigned osz, bool *native_faulted)
{
    struct cpu_state st, emu;
    memset(&st, 0, sizeof st);
    rand_state(&st, f);

    /* code: prologue | insn | jmp E0 | E1 (taken path, next+5) | E0 */
    size_t pro = gen_prologue(code);
    struct enc e;
    uint64_t at = (uint64_t)(uintptr_t)code + pro;
    const size_t epi = 5;
    encode(f, osz, &st, &e, at, epi);
    memcpy(code + pro, e.bytes, e.len);
    uint64_t next = at + e.len;
    uint8_t *j = code + pro + e.len;
    size_t e1 = gen_epilogue(j + 5, 1);
    j[0] = 0xe9;
    uint32_t rel = (uint32_t)e1;
    memcpy(j + 1, &rel, 4);
    gen_epilogue(j + 5 + e1, 0);
    fix_state(f, &st, &e, next + epi);
    if ((f->special & SP_EQ) && !e.mem && e.rm >= 0 && e.rm != RAX && st.r[e.rm] != st.r[RAX] && rn(2))
        st.r[e.rm] = st.r[RAX];

    memcpy(mem_before, area, area_size);
    run_native(&st, pro);
    struct cpu_state nat = out_st;
    struct fault nf = native_fault;
    uint64_t npath = out_path;
    memcpy(mem_native, area, area_size);
    if (!nf.hit)
        nat.rip = npath == 1 ? next + epi : next;

    memcpy(area, mem_before, area_size);
    run_interp(&st, at, &emu);
    *native_faulted = nf.hit;

    bool ok = true;
    if (nf.hit != interp_fault.hit || (nf.hit && nf.vector != interp_fault.vector)) {
        return report(f, &e, "exception (vector, or 0xff none)", 0, nf.hit ? nf.vector : 0xff,
                      interp_fault.hit ? interp_fault.vector : 0xff);
    }
    if (nf.hit && nf.vector == VEC_PF) {
        if (nf.addr != interp_fault.addr)
            ok = report(f, &e, "#PF address", 0, nf.addr, interp_fault.addr);
        if ((nf.err & 2) != (interp_fault.err & 2))
            ok = report(f, &e, "#PF error code (write)", 0, nf.err, interp_fault.err);
    }
    if (nf.hit && nf.vector == VEC_GP && nf.err != interp_fault.err)
        ok = report(f, &e, "#GP error code", 0, nf.err, interp_fault.err);
    if (nat.rip != emu.rip)
        ok = report(f, &e, "rip", at, nat.rip, emu.rip);

    bool zf_set = nat.rflags & F_ZF;
    for (int i = 0; i < 16; i++) {
        if ((f->special & SP_BSX) && zf_set && i == e.reg)
            continue;            /* BSF/BSR of zero: destination undefined */
        if (nat.r[i] != emu.r[i])
            ok = report(f, &e, reg_names[i], st.r[i], nat.r[i], emu.r[i]);
    }
    uint64_t fm = F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF | F_DF;
    fm &= ~(uint64_t)f->undef;
    if (f->special & SP_SHIFT) {
        unsigned c = shift_count(f, &e, &st);
        if (c != 1) fm &= ~(uint64_t)F_OF;
        if (c != 0 && f->ext >= 4) fm &= ~(uint64_t)F_AF;
    }
    if (f->special & SP_SHXD) {
        unsigned c = shift_count(f, &e, &st);
        if (c != 1) fm &= ~(uint64_t)F_OF;
        if (c != 0) fm &= ~(uint64_t)F_AF;
    }
    if (nf.hit)
        fm = F_ARITH | F_DF;     /* at a fault nothing may have changed */
    if ((nat.rflags ^ emu.rflags) & fm)
        ok = report(f, &e, "rflags", st.rflags, nat.rflags & fm, emu.rflags & fm);

    /* x87/SSE state: FCW FSW FTW, MXCSR, ST0-7 (10 bytes each), XMM0-15 */
    uint16_t ncw, ecw, nsw, esw;
    memcpy(&ncw, nat.fx, 2); memcpy(&ecw, emu.fx, 2);
    memcpy(&nsw, nat.fx + 2, 2); memcpy(&esw, emu.fx + 2, 2);
    if (ncw != ecw) ok = report(f, &e, "x87 FCW", 0, ncw, ecw);
    uint16_t swm = (uint16_t)~f->fsw_undef;
    if ((nsw ^ esw) & swm) ok = report(f, &e, "x87 FSW", 0, nsw & swm, esw & swm);
    if (nat.fx[4] != emu.fx[4]) ok = report(f, &e, "x87 FTW", st.fx[4], nat.fx[4], emu.fx[4]);
    uint32_t nmx, emx, imx;
    memcpy(&nmx, nat.fx + 24, 4); memcpy(&emx, emu.fx + 24, 4); memcpy(&imx, st.fx + 24, 4);
    if (nmx != emx) ok = report(f, &e, "MXCSR", imx, nmx, emx);
    for (int i = 0; i < 8; i++) {
        if (memcmp(nat.fx + 32 + 16 * i, emu.fx + 32 + 16 * i, 10)) {
            char what[32];
            uint64_t nm, em, im;
            uint16_t ne, ee;
            memcpy(&nm, nat.fx + 32 + 16 * i, 8); memcpy(&em, emu.fx + 32 + 16 * i, 8); memcpy(&im, st.fx + 32 + 16 * i, 8);
            memcpy(&ne, nat.fx + 40 + 16 * i, 2); memcpy(&ee, emu.fx + 40 + 16 * i, 2);
            snprintf(what, sizeof what, "st%d(e%04x/%04x)", i, ne, ee);
            ok = report(f, &e, what, im, nm, em);
        }
    }
    for (int i = 0; i < 16; i++) {
        for (int h = 0; h < 2; h++) {
            uint64_t nq, eq, iq;
            memcpy(&nq, nat.fx + 160 + 16 * i + 8 * h, 8);
            memcpy(&eq, emu.fx + 160 + 16 * i + 8 * h, 8);
            memcpy(&iq, st.fx + 160 + 16 * i + 8 * h, 8);
            if (nq != eq) {
                char what[32];
                snprintf(what, sizeof what, "xmm%d.q%d", i, h);
                ok = report(f, &e, what, iq, nq, eq);
            }
        }
    }
    for (size_t i = 0; i < area_size; i += 8) {
        if (memcmp(mem_native + i, area + i, 8)) {
            uint64_t nq, eq, iq;
            memcpy(&nq, mem_native + i, 8); memcpy(&eq, area + i, 8); memcpy(&iq, mem_before + i, 8);
            char what[32];
            snprintf(what, sizeof what, "mem[+%zu]", i);
            ok = report(f, &e, what, iq, nq, eq);
            break;
        }
    }
    return ok;
}

unsigned cpu_diff_form_count(void)
{
    build_forms();
    return nforms;
}

struct diff_result cpu_diff_run(uint64_t seed, unsigned n, const char *filter, int x87, unsigned max_print, bool verbose)
{
    struct diff_result res = { 0, 0, 0 };
    setup();
    build_forms();
    print_limit = max_print;
    printed = 0;
    for (unsigned fi = 0; fi < nforms; fi++) {
        const struct form *f = &forms[fi];
        if (filter && !strstr(f->name, filter))
            continue;
        if (x87 >= 0 && (f->regk == K_X87) != (x87 == 1))
            continue;
        static const unsigned sizes[] = { 1, 2, 4, 8 };
        for (unsigned si = 0; si < 4; si++) {
            unsigned osz = sizes[si];
            if (f->sizes ? !(f->sizes & (1u << si)) : osz != 4)
                continue;
            rng_state = (seed ^ (0x9e3779b97f4a7c15ull * (fi + 1))) * 31 + osz;
            if (!rng_state) rng_state = 1;
            unsigned bad = 0, faults = 0;
            form_printed = 0;
            for (unsigned k = 0; k < n; k++) {
                bool nf = false;
                if (!one_state(f, osz, &nf))
                    bad++;
                faults += nf;
                res.states++;
            }
            res.native_faults += faults;
            res.mismatches += bad;
            if (verbose || bad)
                fprintf(stderr, "%-16s %2u-bit: %u states, %u native faults, %u mismatches\n",
                        f->name, osz * 8, n, faults, bad);
        }
    }
    return res;
}
