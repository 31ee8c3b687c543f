/*
 * msvcrt/float.c - <float.h> control and status of the floating-point
 * units (_control87, _controlfp, _clearfp, _statusfp, _fpreset) and
 * ucrtbase's <fenv.h>. The hardware registers are really read and written:
 * MXCSR for SSE (what x64 code computes with) and the x87 control and
 * status words (mingw's long double uses the x87).
 *
 * msvcrt's abstract control word and the hardware:
 *
 *   abstract          MXCSR              x87 CW
 *   _EM_INVALID 0x10  IM  bit 7          IM bit 0
 *   _EM_DENORMAL 0x80000 DM bit 8        DM bit 1
 *   _EM_ZERODIVIDE 0x8 ZM bit 9          ZM bit 2
 *   _EM_OVERFLOW 0x4  OM  bit 10         OM bit 3
 *   _EM_UNDERFLOW 0x2 UM  bit 11         UM bit 4
 *   _EM_INEXACT 0x1   PM  bit 12         PM bit 5
 *   _RC_DOWN 0x100, _RC_UP 0x200, _RC_CHOP 0x300: RC bits 13-14 / 10-11
 *   _PC_24 0x20000, _PC_53 0x10000, _PC_64 0: x87 PC bits 8-9 only
 *   _DN_FLUSH 0x1000000: MXCSR FZ (bit 15) and DAZ (bit 6)
 *
 * As on Windows x64, the value reported is the SSE unit's (its precision
 * field reads as 0); a change is applied to both units.
 */
#include "winapi/msvcrt/crt.h"

#define EM_INVALID    0x00000010u
#define EM_DENORMAL   0x00080000u
#define EM_ZERODIVIDE 0x00000008u
#define EM_OVERFLOW   0x00000004u
#define EM_UNDERFLOW  0x00000002u
#define EM_INEXACT    0x00000001u
#define MCW_EM        0x0008001fu
#define MCW_RC        0x00000300u
#define MCW_PC        0x00030000u
#define MCW_IC        0x00040000u
#define MCW_DN        0x03000000u
#define DN_FLUSH      0x01000000u
#define DN_FLUSH_OPERANDS_SAVE_RESULTS 0x02000000u
#define DN_SAVE_OPERANDS_FLUSH_RESULTS 0x03000000u

#define SW_INEXACT    0x00000001u
#define SW_UNDERFLOW  0x00000002u
#define SW_OVERFLOW   0x00000004u
#define SW_ZERODIVIDE 0x00000008u
#define SW_INVALID    0x00000010u
#define SW_DENORMAL   0x00080000u

static inline unsigned read_mxcsr(void) { unsigned v; __asm__ volatile("stmxcsr %0" : "=m"(v)); return v; }
static inline void write_mxcsr(unsigned v) { __asm__ volatile("ldmxcsr %0" : : "m"(v)); }
static inline unsigned short read_x87_cw(void) { unsigned short v; __asm__ volatile("fnstcw %0" : "=m"(v)); return v; }
static inline void write_x87_cw(unsigned short v) { __asm__ volatile("fldcw %0" : : "m"(v)); }
static inline unsigned short read_x87_sw(void) { unsigned short v; __asm__ volatile("fnstsw %0" : "=m"(v)); return v; }

/* Exception bits in hardware order (invalid, denormal, zero-divide,
 * overflow, underflow, inexact) and their abstract values. */
static const unsigned em_bits[6] = { EM_INVALID, EM_DENORMAL, EM_ZERODIVIDE, EM_OVERFLOW, EM_UNDERFLOW, EM_INEXACT };
static const unsigned sw_bits[6] = { SW_INVALID, SW_DENORMAL, SW_ZERODIVIDE, SW_OVERFLOW, SW_UNDERFLOW, SW_INEXACT };

static unsigned abstract_from_mxcsr(unsigned m)
{
    unsigned r = 0;
    for (int i = 0; i < 6; i++)
        if (m & (0x80u << i))
            r |= em_bits[i];
    r |= ((m >> 13) & 3) << 8;            /* RC: same encoding, different place */
    switch (m & 0x8040) {
    case 0x8040: r |= DN_FLUSH; break;
    case 0x0040: r |= DN_FLUSH_OPERANDS_SAVE_RESULTS; break;
    case 0x8000: r |= DN_SAVE_OPERANDS_FLUSH_RESULTS; break;
    }
    return r;
}

static unsigned mxcsr_from_abstract(unsigned m, unsigned v, unsigned mask)
{
    for (int i = 0; i < 6; i++) {
        if (mask & em_bits[i]) {
            if (v & em_bits[i])
                m |= 0x80u << i;
            else
                m &= ~(0x80u << i);
        }
    }
    if (mask & MCW_RC)
        m = (m & ~0x6000u) | (((v >> 8) & 3) << 13);
    if (mask & MCW_DN) {
        m &= ~0x8040u;
        switch (v & MCW_DN) {
        case DN_FLUSH: m |= 0x8040; break;
        case DN_FLUSH_OPERANDS_SAVE_RESULTS: m |= 0x0040; break;
        case DN_SAVE_OPERANDS_FLUSH_RESULTS: m |= 0x8000; break;
        }
    }
    return m;
}

static unsigned short x87_from_abstract(unsigned short cw, unsigned v, unsigned mask)
{
    for (int i = 0; i < 6; i++) {
        if (mask & em_bits[i]) {
            if (v & em_bits[i])
                cw |= (unsigned short)(1u << i);
            else
                cw &= (unsigned short)~(1u << i);
        }
    }
    if (mask & MCW_RC)
        cw = (unsigned short)((cw & ~0x0c00u) | (((v >> 8) & 3) << 10));
    if (mask & MCW_PC) {
        unsigned pc = (v & MCW_PC) == 0x20000 ? 0 : (v & MCW_PC) == 0x10000 ? 2 : 3;
        cw = (unsigned short)((cw & ~0x0300u) | (pc << 8));
    }
    return cw;
}

CDECL unsigned msvcrt__control87(unsigned value, unsigned mask)
{
    mask &= MCW_EM | MCW_RC | MCW_PC | MCW_IC | MCW_DN;
    if (mask) {
        write_mxcsr(mxcsr_from_abstract(read_mxcsr(), value, mask));
        write_x87_cw(x87_from_abstract(read_x87_cw(), value, mask));
    }
    return abstract_from_mxcsr(read_mxcsr());
}

/* _controlfp leaves the denormal-exception mask alone. */
CDECL unsigned msvcrt__controlfp(unsigned value, unsigned mask)
{
    return msvcrt__control87(value, mask & ~EM_DENORMAL);
}

CDECL errno_t msvcrt__controlfp_s(unsigned *cur, unsigned value, unsigned mask)
{
    if (mask & ~(MCW_EM | MCW_RC | MCW_PC | MCW_IC | MCW_DN)) {
        if (cur)
            *cur = msvcrt__controlfp(0, 0);
        return crt_invalid(CRT_EINVAL);
    }
    unsigned r = msvcrt__controlfp(value, mask);
    if (cur)
        *cur = r;
    return 0;
}

CDECL void msvcrt__set_controlfp(unsigned value, unsigned mask)
{
    msvcrt__controlfp(value, mask);
}

static unsigned status_bits(void)
{
    unsigned m = read_mxcsr() | read_x87_sw();   /* flags: bits 0-5 in both */
    unsigned r = 0;
    for (int i = 0; i < 6; i++)
        if (m & (1u << i))
            r |= sw_bits[i];
    return r;
}

CDECL unsigned msvcrt__statusfp(void) { return status_bits(); }

CDECL unsigned msvcrt__clearfp(void)
{
    unsigned r = status_bits();
    write_mxcsr(read_mxcsr() & ~0x3fu);
    __asm__ volatile("fnclex");
    return r;
}

/* The state a Windows x64 thread starts with: all exceptions masked, round
 * to nearest; x87 at 53-bit precision (0x27f). */
CDECL void msvcrt__fpreset(void)
{
    __asm__ volatile("fninit");
    write_x87_cw(0x27f);
    write_mxcsr(0x1f80);
}

/* ---- <fenv.h> (ucrtbase) ------------------------------------------- */
/* FE_* values are the _SW_* / _RC_* ones; fenv_t is { _Fe_ctl, _Fe_stat }. */

struct crt_fenv { ULONG ctl, stat; };

#define FE_ALL_EXCEPT (SW_INEXACT | SW_UNDERFLOW | SW_OVERFLOW | SW_ZERODIVIDE | SW_INVALID)

static void set_flags(unsigned flags, unsigned which)
{
    unsigned m = read_mxcsr();
    for (int i = 0; i < 6; i++) {
        if (which & sw_bits[i]) {
            if (flags & sw_bits[i])
                m |= 1u << i;
            else
                m &= ~(1u << i);
        }
    }
    write_mxcsr(m);
    if (which & ~flags & FE_ALL_EXCEPT)
        __asm__ volatile("fnclex");      /* x87 flags can only be cleared as a whole */
}

CDECL int msvcrt_fegetround(void) { return (int)(msvcrt__control87(0, 0) & MCW_RC); }

CDECL int msvcrt_fesetround(int r)
{
    if ((unsigned)r & ~MCW_RC)
        return 1;
    msvcrt__control87((unsigned)r, MCW_RC);
    return 0;
}

CDECL int msvcrt_fetestexcept(int e) { return (int)(status_bits() & (unsigned)e & FE_ALL_EXCEPT); }

CDECL int msvcrt_feclearexcept(int e)
{
    set_flags(0, (unsigned)e & FE_ALL_EXCEPT);
    return 0;
}

CDECL int msvcrt_fegetexceptflag(ULONG *flags, int e)
{
    *flags = status_bits() & (unsigned)e & FE_ALL_EXCEPT;
    return 0;
}

CDECL int msvcrt_fesetexceptflag(const ULONG *flags, int e)
{
    set_flags(*flags, (unsigned)e & FE_ALL_EXCEPT);
    return 0;
}

CDECL int msvcrt_fegetenv(struct crt_fenv *env)
{
    env->ctl = msvcrt__control87(0, 0) & (MCW_EM | MCW_RC | MCW_DN);
    env->stat = status_bits() & FE_ALL_EXCEPT;
    return 0;
}

CDECL int msvcrt_fesetenv(const struct crt_fenv *env)
{
    msvcrt__control87(env->ctl, MCW_EM | MCW_RC | MCW_DN);
    set_flags(env->stat, FE_ALL_EXCEPT);
    return 0;
}

CDECL int msvcrt_feholdexcept(struct crt_fenv *env)
{
    msvcrt_fegetenv(env);
    msvcrt__clearfp();
    msvcrt__control87(MCW_EM & ~EM_DENORMAL, MCW_EM & ~EM_DENORMAL);
    return 0;
}

CDECL int msvcrt_feupdateenv(const struct crt_fenv *env)
{
    unsigned raised = status_bits() & FE_ALL_EXCEPT;
    msvcrt_fesetenv(env);
    set_flags(raised | (env->stat & FE_ALL_EXCEPT), FE_ALL_EXCEPT);
    return 0;
}
