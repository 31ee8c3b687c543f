/*
 * harness.h - the instruction-level differential test of the interpreter.
 *
 * Every implemented instruction form (tests/cpu/forms.c) is encoded with
 * random registers and a random memory operand, then run twice from the
 * same random machine state (GPRs, EFLAGS, XMM, MXCSR, x87, 4 KiB of memory):
 * natively, copied into an executable page between a prologue that loads the
 * state and an epilogue that saves it, and in the interpreter with a budget
 * of one instruction. Registers, flags (less the form's undefined ones),
 * XMM, x87, RIP, the memory and any exception (vector, error code, address)
 * must agree.
 *
 * Used by tests/unit/test_cpu.c (fixed seed, `make check`) and
 * tests/cpu/fuzz.c (`make fuzz-cpu SEED=n N=n`). Both include the .c files.
 */
#ifndef MIMIC_TESTS_CPU_HARNESS_H
#define MIMIC_TESTS_CPU_HARNESS_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

/* Operand sizes a form is tested at (bit set per size). */
#define OS_B 1
#define OS_W 2
#define OS_D 4
#define OS_Q 8
#define OS_V (OS_W | OS_D | OS_Q)

/* Where the r/m operand may be. */
#define W_REG 1
#define W_MEM 2
#define W_RM (W_REG | W_MEM)

/* Register kinds of the ModRM reg and rm fields. */
enum { K_GPR, K_XMM, K_MMX, K_X87 };

/* ModRM forms. */
#define X_R   (-1)   /* /r */
#define X_NONE (-2)  /* no ModRM */
#define X_PLUSR (-3) /* register in the opcode's low three bits (+ REX.B) */
#define X_FIXED (-4) /* ModRM byte fixed: modrm field */
#define X_STI (-5)   /* ModRM = modrm + i (x87 register forms, i random 0-7) */

/* Immediate kinds. */
#define I_Z 5        /* 2 or 4 bytes by operand size */
#define I_V 6        /* 2, 4 or 8 by operand size */

/* Special set-ups and checks. */
#define SP_STR    0x0001  /* string op: RSI/RDI in the area, RCX small */
#define SP_LOCK   0x0002  /* also with a LOCK prefix on the memory form */
#define SP_SHIFT  0x0004  /* OF undefined unless the masked count is 1; count via imm or CL */
#define SP_SHXD   0x0008  /* SHLD/SHRD: also 16-bit counts kept <= 16 */
#define SP_BR     0x0010  /* branch: the immediate is the distance to the taken path */
#define SP_RET    0x0020  /* [RSP] holds the taken path's address */
#define SP_DIV    0x0040  /* keep the high half of the dividend small or a sign extension */
#define SP_EQ     0x0080  /* half the time make RAX (EDX:EAX) equal the operand (CMPXCHG) */
#define SP_BTOFF  0x0100  /* bit offset register kept within the area */
#define SP_X87    0x0200  /* random x87 state matters */
#define SP_RBP    0x0400  /* RBP points into the area (LEAVE) */
#define SP_RBX    0x0800  /* RBX points into the area (XLAT) */
#define SP_MOFFS  0x1000  /* 64-bit absolute address immediate in the area */
#define SP_A16    0x2000  /* 16-byte memory operand that must be aligned: mostly aligned */
#define SP_BSX    0x4000  /* BSF/BSR: destination undefined when the source is zero */
#define SP_CL     0x8000  /* count in CL */

struct form {
    const char *name;
    uint8_t map;          /* 0: one byte, 1: 0F, 2: 0F38, 3: 0F3A */
    uint8_t pfx;          /* mandatory/REP prefix byte or 0 */
    uint8_t op;
    int8_t ext;           /* X_* or a /digit 0-7 */
    uint8_t modrm;        /* for X_FIXED and X_STI */
    uint8_t imm;          /* bytes 0,1,2,4 or I_Z, I_V */
    uint8_t sizes;        /* OS_* */
    uint8_t where;        /* W_* */
    uint8_t regk, rmk;    /* K_* */
    uint16_t undef;       /* undefined EFLAGS bits */
    uint16_t fsw_undef;   /* undefined x87 status bits (C0-C3) */
    uint32_t special;     /* SP_* */
};

struct cpu_state {
    uint64_t r[16];
    uint64_t rflags;
    uint64_t rip;
    uint8_t fx[512] __attribute__((aligned(16)));
};

struct diff_result {
    unsigned long states, native_faults, mismatches;
};

/* Run n random states of every form whose name contains filter (NULL: all)
 * and, with x87 0 or 1, that is not / is an x87 form (-1: either).
 * Mismatches are printed (at most max_print, two per form). */
struct diff_result cpu_diff_run(uint64_t seed, unsigned n, const char *filter, int x87, unsigned max_print, bool verbose);
unsigned cpu_diff_form_count(void);

#endif
