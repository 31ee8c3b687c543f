/*
 * decode.h - the x86 instruction decoder: one table-driven decoder for 16-,
 * 32- and 64-bit code (legacy prefixes, REX, VEX2/VEX3, ModRM/SIB/disp/imm,
 * the one-byte, 0F, 0F38 and 0F3A maps). It only decodes: it knows lengths,
 * operand encodings and sizes, not semantics. The interpreter and the JIT
 * dispatch on (map, opcode, mandatory prefix) and read operands from here.
 *
 *   legacy prefixes | REX | opcode (map) | ModRM | SIB | disp | imm
 *        0-4          0-1     1-3          0-1    0-1   0-8    0-8
 *
 * Capstone is the oracle in tests (tests/unit/test_decode.c); it is not used here.
 */
#ifndef MIMIC_XLATE_DECODE_H
#define MIMIC_XLATE_DECODE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

enum x86_mode { X86_MODE_16 = 2, X86_MODE_32 = 4, X86_MODE_64 = 8 };

enum x86_map { MAP_ONE = 0, MAP_0F = 1, MAP_0F38 = 2, MAP_0F3A = 3, MAP_XOP8 = 8, MAP_XOP9 = 9, MAP_XOPA = 10 };

/* Legacy prefixes seen (bit set). */
#define PFX_LOCK   0x01
#define PFX_REP    0x02   /* F3 */
#define PFX_REPNE  0x04   /* F2 */
#define PFX_OPSIZE 0x08   /* 66 */
#define PFX_ADSIZE 0x10   /* 67 */
#define PFX_SEG    0x20   /* a segment override is in x86_insn.seg */
#define PFX_VEX    0x40
#define PFX_REX    0x80

/* Mandatory-prefix column of SSE/VEX opcodes: the last of 66/F3/F2 that selects. */
enum x86_mandatory { MAND_NONE = 0, MAND_66 = 1, MAND_F3 = 2, MAND_F2 = 3 };

enum x86_seg { SEG_ES = 0, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_NONE = 7 };

/* Immediate kinds (from the opcode tables). */
enum x86_imm {
    IMM_NONE, IMM_8, IMM_16, IMM_Z /* 16 or 32 by operand size */, IMM_V /* 16/32/64 */,
    IMM_16_8 /* ENTER */, IMM_FAR /* ptr16:16/32 */, IMM_MOFFS /* address-size offset */,
    IMM_REL8, IMM_RELZ /* rel16/32 */
};

enum x86_decode_error {
    DECODE_OK = 0,
    DECODE_TRUNCATED,     /* ran out of bytes (more may follow: not necessarily invalid) */
    DECODE_TOO_LONG,      /* over 15 bytes */
    DECODE_INVALID,       /* undefined opcode or form in this mode (#UD) */
    DECODE_LOCK,          /* LOCK on an instruction that cannot take it (#UD) */
};

struct x86_inst {
    uint8_t len;
    uint8_t map;              /* enum x86_map */
    uint8_t opcode;
    uint8_t mandatory;        /* enum x86_mandatory */
    uint8_t prefixes;         /* PFX_* */
    uint8_t seg;              /* enum x86_seg (SEG_NONE without override) */
    uint8_t rex;              /* 0x40-0x4f when present, else 0 */
    uint8_t osize;            /* operand size in bytes: 2, 4 or 8 (1 for byte forms is the handler's business) */
    uint8_t asize;            /* address size: 2, 4 or 8 */
    uint8_t imm_kind;         /* enum x86_imm */
    uint8_t imm_size;         /* bytes of immediate/offset in the encoding */

    /* ModRM, decoded and REX/VEX-extended. */
    bool has_modrm;
    uint8_t modrm;
    uint8_t mod;              /* 0-3 */
    uint8_t reg;              /* ModRM.reg | REX.R<<3 (| EVEX R' later) */
    uint8_t rm;               /* ModRM.rm | REX.B<<3 when mod == 3 */
    /* memory operand (mod != 3) */
    bool has_sib;
    uint8_t sib;
    int8_t base;              /* register number, -1 none */
    int8_t index;             /* register number, -1 none */
    uint8_t scale;            /* 0-3 */
    bool rip_relative;
    int64_t disp;

    /* VEX */
    uint8_t vex_vvvv;         /* inverted back: the register number */
    uint8_t vex_l;            /* 0: 128, 1: 256 */
    bool vex_w;

    bool ud;                  /* decodable, but #UD when executed (e.g. a prefix before VEX) */

    uint64_t imm;             /* zero-extended raw immediate (sign-extend per use) */
    uint16_t imm2;            /* ENTER's second operand; far pointer's selector */
};

/* Decode one instruction from buf (avail bytes readable) in mode. */
enum x86_decode_error x86_decode(const uint8_t *buf, size_t avail, enum x86_mode mode, struct x86_inst *out);

const char *x86_decode_error_name(enum x86_decode_error err);

#endif
