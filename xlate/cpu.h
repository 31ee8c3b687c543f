/*
 * cpu.h - the guest x86 CPU: one struct x86_cpu per guest thread, and the
 * interface the embedder (syscalls/, winapi/, full-vm/) drives it through.
 *
 * The CPU never calls the OS. x86_run() executes until something needs the
 * embedder and returns an exit: a system call, a fault, HLT, I/O (system
 * mode) or the instruction budget running out. Flags are computed lazily:
 * the last flag-setting operation is kept (op, operands, result, size) and
 * EFLAGS bits are materialised only when read (see flags.c).
 *
 * Memory: in user mode a guest linear address is a host address (identity
 * mapping); x86_mem() is the one place that turns (segment, offset) into a
 * host pointer, and where system mode's soft MMU will plug in.
 */
#ifndef MIMIC_XLATE_CPU_H
#define MIMIC_XLATE_CPU_H

#include "xlate/decode.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

/* EFLAGS bits */
#define F_CF 0x0001
#define F_PF 0x0004
#define F_AF 0x0010
#define F_ZF 0x0040
#define F_SF 0x0080
#define F_TF 0x0100
#define F_IF 0x0200
#define F_DF 0x0400
#define F_OF 0x0800
#define F_AC 0x40000
#define F_ID 0x200000
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

enum x86_exit {
    EXIT_NONE = 0,
    EXIT_SYSCALL,            /* `syscall` (64-bit) */
    EXIT_INT80,              /* `int 0x80` (i386 Linux) */
    EXIT_SYSENTER,
    EXIT_FAULT,              /* cpu->fault_vector, fault_code, fault_addr; rip at the faulting instruction */
    EXIT_HLT,
    EXIT_BUDGET,             /* the instruction budget ran out */
    EXIT_HOSTCALL,           /* a winapi thunk (xlate engine), number in fault_code */
};

/* Exception vectors */
enum { VEC_DE = 0, VEC_DB = 1, VEC_BP = 3, VEC_OF = 4, VEC_UD = 6, VEC_NM = 7, VEC_GP = 13, VEC_PF = 14,
       VEC_MF = 16, VEC_AC = 17, VEC_XM = 19 };

/* The operation that last set the arithmetic flags. */
enum lazy_op {
    LAZY_NONE,      /* flags are in cpu->flags as they are */
    LAZY_ADD, LAZY_ADC, LAZY_SUB, LAZY_SBB, LAZY_LOGIC, LAZY_INC, LAZY_DEC,
    LAZY_SHL, LAZY_SHR, LAZY_SAR, LAZY_MUL, LAZY_IMUL,
};

union x86_xmm {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t d[4];
    uint64_t q[2];
    int8_t sb[16];
    int16_t sw[8];
    int32_t sd[4];
    int64_t sq[2];
    float f[4];
    double df[2];
};

enum { SEG_REG_ES, SEG_REG_CS, SEG_REG_SS, SEG_REG_DS, SEG_REG_FS, SEG_REG_GS };

struct x86_cpu {
    uint64_t r[16];
    uint64_t rip;
    uint64_t flags;              /* non-arithmetic bits, and arithmetic ones when lazy_op == LAZY_NONE */
    /* lazy arithmetic flags */
    uint8_t lazy_op;
    uint8_t lazy_size;           /* bytes: 1, 2, 4, 8 */
    uint64_t lazy_a, lazy_b, lazy_res;
    uint64_t lazy_cf;            /* carry-in (ADC/SBB), or the carried-out bit for shifts/mul */

    uint16_t seg_sel[6];
    uint64_t seg_base[6];
    /* Descriptors a user-mode guest can load into segment registers (i386 TLS:
     * set_thread_area fills GDT entries 6-8, per thread as in Linux). */
    struct x86_desc { uint32_t base, limit; bool present; } gdt[16];

    union x86_xmm xmm[16];
    uint32_t mxcsr;

    /* x87: see x87.c (the 80-bit stack lives there) */
    uint8_t fpu_state[192] __attribute__((aligned(16)));

    enum x86_mode mode;          /* code size: 16, 32 or 64-bit */

    /* Exit details */
    uint8_t fault_vector;
    uint64_t fault_code;
    uint64_t fault_addr;
    uint64_t insns;              /* instructions retired (for statistics and benchmarks) */

    /* System mode (xlate/sysmode.h): NULL in user mode, where guest linear
     * addresses are host addresses. */
    struct x86_sys *sys;

    /* Set by the embedder */
    void *embedder;
    bool trace_unimpl;           /* name #UD instructions on stderr (--trace-unimpl) */

    /* Internal: where a memory fault inside an instruction lands. */
    sigjmp_buf *fault_jmp;
};

void x86_cpu_init(struct x86_cpu *cpu, enum x86_mode mode);
/* Run until an exit; at most budget instructions (0: unlimited). */
enum x86_exit x86_run(struct x86_cpu *cpu, uint64_t budget);

uint64_t x86_get_flags(struct x86_cpu *cpu);            /* materialise EFLAGS */
void x86_set_flags(struct x86_cpu *cpu, uint64_t flags);

/* CPUID as advertised (also for the loader's AT_HWCAP). */
void x86_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

#endif
