/*
 * interp_sys.c - 0F 01 (RDTSCP, XGETBV), group 9 (CMPXCHG8B/16B, RDRAND,
 * RDSEED), group 15 (fences, FXSAVE/FXRSTOR, LDMXCSR/STMXCSR, CLFLUSH) and
 * CPUID: what the CPU advertises is exactly what the interpreter implements.
 */
#include "xlate/interp.h"

#include <sys/random.h>

enum x86_exit x86_rdtscp(struct x86_cpu *cpu, const struct x86_inst *d);
enum x86_exit x86_cmpxchg8b16b(struct x86_cpu *cpu, const struct x86_inst *d);
void x87_fxsave(struct x86_cpu *cpu, uint8_t *area);
void x87_fxrstor(struct x86_cpu *cpu, const uint8_t *area);

HANDLER(op_0f01)
{
    if (d->mod == 3) {
        switch (d->modrm) {
        case 0xf9: return x86_rdtscp(cpu, d);
        case 0xd0:     /* XGETBV: XCR0 = x87 | SSE (no AVX state) */
            if ((uint32_t)cpu->r[RCX] != 0)
                x86_fault(cpu, VEC_GP, 0, 0);
            cpu->r[RAX] = 3;
            cpu->r[RDX] = 0;
            return EXIT_NONE;
        }
    }
    /* SGDT/SIDT/LGDT/... are system mode; SMSW etc.: not for user programs. */
    x86_undefined(cpu, d);
}

HANDLER(op_grp9)
{
    unsigned r = (d->modrm >> 3) & 7;
    if (r == 1 && d->mod != 3)
        return x86_cmpxchg8b16b(cpu, d);
    if ((r == 6 || r == 7) && d->mod == 3 && d->mandatory == MAND_NONE) {
        /* RDRAND / RDSEED: CF=1 and a random value. */
        uint64_t v = 0;
        if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v) {
            reg_set(cpu, d, d->rm, d->osize, 0);
            x86_set_flags(cpu, x86_get_flags(cpu) & ~(uint64_t)F_ARITH);
            return EXIT_NONE;
        }
        reg_set(cpu, d, d->rm, d->osize, v);
        x86_set_flags(cpu, (x86_get_flags(cpu) & ~(uint64_t)F_ARITH) | F_CF);
        return EXIT_NONE;
    }
    x86_undefined(cpu, d);
}

HANDLER(op_grp15)
{
    unsigned r = (d->modrm >> 3) & 7;
    if (d->mod == 3) {
        if (d->mandatory == MAND_NONE && r >= 5) {   /* LFENCE, MFENCE, SFENCE */
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            return EXIT_NONE;
        }
        x86_undefined(cpu, d);   /* RD/WRFSBASE: not enabled for user mode by Linux' CPUID view */
    }
    if (d->mandatory != MAND_NONE)
        x86_undefined(cpu, d);
    uint64_t la = modrm_addr(cpu, d);
    switch (r) {
    case 0:                      /* FXSAVE */
        if (la & 15)
            x86_fault(cpu, VEC_GP, 0, 0);
        x87_fxsave(cpu, mem_ptr(cpu, la, 512));
        return EXIT_NONE;
    case 1:                      /* FXRSTOR */
        if (la & 15)
            x86_fault(cpu, VEC_GP, 0, 0);
        x87_fxrstor(cpu, mem_ptr_ro(cpu, la, 512));
        return EXIT_NONE;
    case 2: {                    /* LDMXCSR */
        uint32_t v = (uint32_t)mem_read(cpu, la, 4);
        if (v & 0xffff0000u)
            x86_fault(cpu, VEC_GP, 0, 0);
        cpu->mxcsr = v;
        return EXIT_NONE;
    }
    case 3:                      /* STMXCSR */
        mem_write(cpu, la, 4, cpu->mxcsr);
        return EXIT_NONE;
    case 7:                      /* CLFLUSH: a fence is enough for a coherent host */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        return EXIT_NONE;
    }
    x86_undefined(cpu, d);       /* XSAVE family: not advertised */
}

/* CPUID. Advertised: the x86-64 baseline (FPU, TSC, CX8, CMOV, MMX, FXSR,
 * SSE, SSE2), SSE3, SSSE3, SSE4.1, SSE4.2 (each form checked against the
 * hardware by tests/cpu), POPCNT, CX16, LAHF-LM, LZCNT (ABM), RDTSCP, RDRAND. Every bit
 * set here is implemented; glibc picks its string functions from these
 * bits, so a bit set too early breaks programs in ways hard to trace. */
void x86_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    out[0] = out[1] = out[2] = out[3] = 0;
    switch (leaf) {
    case 0:
        /* The vendor is Intel's: glibc (2.36) reads no feature bits at all
         * for a vendor it does not know, and then refuses its own x86-64
         * baseline libraries. The brand string says what we are. */
        out[0] = 7;
        memcpy(&out[1], "Genu", 4);  /* EBX, EDX, ECX spell the vendor */
        memcpy(&out[3], "ineI", 4);
        memcpy(&out[2], "ntel", 4);
        break;
    case 2:
        out[0] = 0x0000ff01;         /* one round; descriptor 0xff: "see leaf 4" */
        break;
    case 4: {
        /* Deterministic cache parameters: L1d/L1i 32 KiB 8-way, L2 256 KiB
         * 4-way, L3 8 MiB 16-way, 64-byte lines (glibc sizes its memcpy
         * strategies from these). */
        static const uint32_t caches[4][3] = {
            { 1 | (1 << 5), (7u << 22) | 63, 63 },
            { 2 | (1 << 5), (7u << 22) | 63, 63 },
            { 3 | (2 << 5), (3u << 22) | 63, 1023 },
            { 3 | (3 << 5), (15u << 22) | 63, 8191 },
        };
        if (sub < 4) {
            out[0] = caches[sub][0];
            out[1] = caches[sub][1];
            out[2] = caches[sub][2];
        }
        break;
    }
    case 1:
        out[0] = 0x000306c3;         /* family 6, model 0x3c, stepping 3 */
        out[1] = 0x00010800;         /* CLFLUSH line 8*8 bytes, 1 logical processor */
        out[2] = (1u << 0)           /* SSE3 */
               | (1u << 9)           /* SSSE3 */
               | (1u << 13)          /* CMPXCHG16B */
               | (1u << 19)          /* SSE4.1 */
               | (1u << 20)          /* SSE4.2 */
               | (1u << 23)          /* POPCNT */
               | (1u << 30);         /* RDRAND */
        out[3] = (1u << 0) | (1u << 4) | (1u << 5) | (1u << 8) | (1u << 15) | (1u << 19)  /* FPU TSC MSR CX8 CMOV CLFSH */
               | (1u << 23) | (1u << 24) | (1u << 25) | (1u << 26);                      /* MMX FXSR SSE SSE2 */
        break;
    case 7:
        out[0] = 0;
        break;
    case 0x80000000:
        out[0] = 0x80000004;
        break;
    case 0x80000001:
        out[2] = (1u << 0) | (1u << 5);          /* LAHF-LM, ABM (LZCNT) */
        out[3] = (1u << 11) | (1u << 20) | (1u << 27) | (1u << 29); /* SYSCALL NX RDTSCP LM */
        break;
    case 0x80000002: case 0x80000003: case 0x80000004: {
        static const char brand[48] = "Mimic virtual CPU";
        memcpy(out, brand + 16 * (leaf - 0x80000002), 16);
        break;
    }
    }
    (void)sub;
}
