/*
 * decode.c - table-driven x86 decoder for 16/32/64-bit code (see decode.h).
 *
 * Each opcode of each map has a 16-bit attribute word: whether a ModRM byte
 * follows, which immediate, and the mode quirks (invalid in 64-bit mode,
 * default 64-bit operand size, forced 64-bit for near branches). Prefixes,
 * REX, VEX and EVEX are consumed first; the rest is common.
 */
#include "xlate/decode.h"

#include <string.h>

#define A_MODRM   0x0001
#define A_IMM(k)  ((k) << 1)          /* bits 1-4: enum x86_imm */
#define A_IMMOF(a) (((a) >> 1) & 15)
#define A_INV64   0x0020              /* invalid in 64-bit mode */
#define A_D64     0x0040              /* default operand size 64 in 64-bit mode */
#define A_F64     0x0080              /* operand size forced to 64 in 64-bit mode (near branches) */
#define A_GRP3    0x0100              /* F6/F7: immediate only for /0 and /1 */
#define A_UD      0x0200              /* undefined */
#define A_PFX     0x0400              /* a prefix byte (never reaches the table lookup) */
#define A_UDX     0x1000              /* decodable (Capstone knows it) but #UD here */
#define A_CTRL    0x0800              /* MOV to/from CR/DR: ModRM is always a register form */

#define M   A_MODRM
#define I8  A_IMM(IMM_8)
#define I16 A_IMM(IMM_16)
#define IZ  A_IMM(IMM_Z)
#define IV  A_IMM(IMM_V)
#define IE  A_IMM(IMM_16_8)
#define AP  A_IMM(IMM_FAR)
#define MO  A_IMM(IMM_MOFFS)
#define J8  (A_IMM(IMM_REL8) | A_F64)
#define JZ  (A_IMM(IMM_RELZ) | A_F64)
#define N64 A_INV64
#define D64 A_D64
#define UD  A_UD
#define PF  A_PFX

static const uint16_t one_byte[256] = {
    /* 00 */ M, M, M, M, I8, IZ, N64, N64, M, M, M, M, I8, IZ, N64, 0 /* 0F escape */,
    /* 10 */ M, M, M, M, I8, IZ, N64, N64, M, M, M, M, I8, IZ, N64, N64,
    /* 20 */ M, M, M, M, I8, IZ, PF, N64, M, M, M, M, I8, IZ, PF, N64,
    /* 30 */ M, M, M, M, I8, IZ, PF, N64, M, M, M, M, I8, IZ, PF, N64,
    /* 40 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 50 */ D64, D64, D64, D64, D64, D64, D64, D64, D64, D64, D64, D64, D64, D64, D64, D64,
    /* 60 */ N64, N64, M | N64, M, PF, PF, PF, PF, IZ | D64, M | IZ, I8 | D64, M | I8, 0, 0, 0, 0,
    /* 70 */ J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8,
    /* 80 */ M | I8, M | IZ, M | I8 | N64, M | I8, M, M, M, M, M, M, M, M, M, M, M, M | D64,
    /* 90 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, AP | N64, 0, D64, D64, 0, 0,
    /* A0 */ MO, MO, MO, MO, 0, 0, 0, 0, I8, IZ, 0, 0, 0, 0, 0, 0,
    /* B0 */ I8, I8, I8, I8, I8, I8, I8, I8, IV, IV, IV, IV, IV, IV, IV, IV,
    /* C0 */ M | I8, M | I8, I16 | A_F64, A_F64, M | N64, M | N64, M | I8, M | IZ,
             IE | D64, D64, I16, 0, 0, I8, N64, 0,
    /* D0 */ M, M, M, M, I8 | N64, I8 | N64, N64, 0, M, M, M, M, M, M, M, M,
    /* E0 */ J8, J8, J8, J8, I8, I8, I8, I8, JZ, JZ, AP | N64, J8, 0, 0, 0, 0,
    /* F0 */ PF, 0, PF, PF, 0, 0, M | A_GRP3, M | A_GRP3, 0, 0, 0, 0, 0, 0, M, M,
};

static const uint16_t two_byte[256] = {
    /* 00 */ M, M, M, M, UD, 0, 0, 0, 0, 0, UD, 0, UD, M, 0, M | I8 /* 3DNow! suffix */,
    /* 10 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 20 */ A_CTRL, A_CTRL, A_CTRL, A_CTRL, UD, UD, UD, UD, M, M, M, M, M, M, M, M,
    /* 30 */ 0, 0, 0, 0, 0, 0, UD, 0, 0 /* 0F38 */, UD, 0 /* 0F3A */, UD, UD, UD, UD, UD,
    /* 40 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 50 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 60 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* 70 */ M | I8, M | I8, M | I8, M | I8, M, M, M, 0, M, M, UD, UD, M, M, M, M,
    /* 80 */ JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ,
    /* 90 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* A0 */ D64, D64, 0, M, M | I8, M, M | A_UDX /* VIA PadLock */, M | A_UDX, D64, D64, 0, M, M | I8, M, M, M,
    /* B0 */ M, M, M, M, M, M, M, M, M, 0 /* UD1: Capstone reads no ModRM */, M | I8, M, M, M, M, M,
    /* C0 */ M, M, M | I8, M, M | I8, M | I8, M | I8, M, 0, 0, 0, 0, 0, 0, 0, 0,
    /* D0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* E0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M,
    /* F0 */ M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, 0 /* UD0 */,
};

/* VEX/EVEX map 1 (0F): which opcodes take an imm8. */
static bool vex_map1_imm8(uint8_t op)
{
    return (op >= 0x70 && op <= 0x73) || op == 0xc2 || op == 0xc4 || op == 0xc5 || op == 0xc6;
}

const char *x86_decode_error_name(enum x86_decode_error err)
{
    switch (err) {
    case DECODE_OK: return "ok";
    case DECODE_TRUNCATED: return "truncated";
    case DECODE_TOO_LONG: return "longer than 15 bytes";
    case DECODE_INVALID: return "invalid opcode";
    case DECODE_LOCK: return "invalid LOCK prefix";
    }
    return "?";
}

struct cursor {
    const uint8_t *buf;
    size_t avail, pos;
};

static bool need(struct cursor *c, size_t n) { return c->pos + n <= c->avail && c->pos + n <= 15; }

static enum x86_decode_error short_of(struct cursor *c, size_t n)
{
    return c->pos + n > 15 ? DECODE_TOO_LONG : DECODE_TRUNCATED;
}

static uint64_t read_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* ModRM + SIB + displacement. */
static enum x86_decode_error decode_modrm(struct cursor *c, struct x86_inst *d, uint8_t rex_b, uint8_t rex_x,
                                          bool is64)
{
    if (!need(c, 1))
        return short_of(c, 1);
    uint8_t m = c->buf[c->pos++];
    d->has_modrm = true;
    d->modrm = m;
    d->mod = m >> 6;
    d->reg |= (m >> 3) & 7;
    uint8_t rm = m & 7;
    d->base = d->index = -1;
    if (d->mod == 3) {
        d->rm = rm | rex_b;
        return DECODE_OK;
    }
    int disp = 0;
    if (d->asize == 2) {
        static const int8_t base16[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };  /* bx bx bp bp si di bp bx */
        static const int8_t index16[8] = { 6, 7, 6, 7, -1, -1, -1, -1 };
        d->base = base16[rm];
        d->index = index16[rm];
        if (d->mod == 0 && rm == 6) {
            d->base = -1;
            disp = 2;
        } else {
            disp = d->mod == 1 ? 1 : d->mod == 2 ? 2 : 0;
        }
    } else {
        if (rm == 4) {
            if (!need(c, 1))
                return short_of(c, 1);
            uint8_t s = c->buf[c->pos++];
            d->has_sib = true;
            d->sib = s;
            d->scale = s >> 6;
            uint8_t idx = ((s >> 3) & 7) | rex_x;
            d->index = idx == 4 ? -1 : idx;
            uint8_t b = s & 7;
            if (b == 5 && d->mod == 0) {
                d->base = -1;
                disp = 4;
            } else {
                d->base = b | rex_b;
            }
        } else if (rm == 5 && d->mod == 0) {
            d->rip_relative = is64; /* 32-bit mode: an absolute disp32 */
            d->base = -1;
            disp = 4;
        } else {
            d->base = rm | rex_b;
        }
        if (d->mod == 1)
            disp = 1;
        else if (d->mod == 2)
            disp = 4;
    }
    if (disp) {
        if (!need(c, disp))
            return short_of(c, disp);
        uint64_t v = read_le(c->buf + c->pos, disp);
        d->disp = disp == 1 ? (int8_t)v : disp == 2 ? (int16_t)v : (int32_t)v;
        c->pos += disp;
    }
    return DECODE_OK;
}

static enum x86_decode_error decode_imm(struct cursor *c, struct x86_inst *d, enum x86_imm kind, enum x86_mode mode)
{
    int n = 0;
    d->imm_kind = kind;
    switch (kind) {
    case IMM_NONE: return DECODE_OK;
    case IMM_8: case IMM_REL8: n = 1; break;
    case IMM_16: n = 2; break;
    case IMM_Z: n = d->osize == 2 ? 2 : 4; break;
    case IMM_RELZ:
        /* 64-bit mode with 66: Intel ignores the prefix (rel32); AMD and Capstone
         * take rel16. We follow AMD/Capstone; compilers never emit it. */
        n = mode == X86_MODE_64 ? ((d->prefixes & PFX_OPSIZE) && !(d->rex & 8) ? 2 : 4) : (d->osize == 2 ? 2 : 4);
        break;
    case IMM_V: n = d->osize; break;
    case IMM_16_8: n = 3; break;
    case IMM_FAR: n = (d->osize == 2 ? 2 : 4) + 2; break;
    case IMM_MOFFS: n = d->asize; break;
    }
    if (!need(c, n))
        return short_of(c, n);
    const uint8_t *p = c->buf + c->pos;
    if (kind == IMM_16_8) {
        d->imm = read_le(p, 2);
        d->imm2 = p[2];
    } else if (kind == IMM_FAR) {
        d->imm = read_le(p, n - 2);
        d->imm2 = (uint16_t)read_le(p + n - 2, 2);
    } else {
        d->imm = read_le(p, n);
    }
    d->imm_size = (uint8_t)n;
    c->pos += n;
    return DECODE_OK;
}

enum x86_decode_error x86_decode(const uint8_t *buf, size_t avail, enum x86_mode mode, struct x86_inst *d)
{
    struct cursor c = { buf, avail, 0 };
    memset(d, 0, sizeof *d);
    d->seg = SEG_NONE;
    d->base = d->index = -1;
    uint8_t last_rep = 0;
    bool is64 = mode == X86_MODE_64;

    /* Legacy prefixes and REX (REX counts only when it is last). */
    for (;;) {
        if (!need(&c, 1))
            return short_of(&c, 1);
        uint8_t b = buf[c.pos];
        if (is64 && (b & 0xf0) == 0x40) {
            d->rex = b;
            c.pos++;
            continue;
        }
        uint8_t pf = 0;
        switch (b) {
        case 0xf0: pf = PFX_LOCK; break;
        case 0xf2: pf = PFX_REPNE; last_rep = 0xf2; break;
        case 0xf3: pf = PFX_REP; last_rep = 0xf3; break;
        case 0x66: pf = PFX_OPSIZE; break;
        case 0x67: pf = PFX_ADSIZE; break;
        case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
            pf = PFX_SEG;
            /* In 64-bit mode only FS and GS overrides take effect. */
            if (!is64 || b == 0x64 || b == 0x65)
                d->seg = b == 0x26 ? SEG_ES : b == 0x2e ? SEG_CS : b == 0x36 ? SEG_SS
                       : b == 0x3e ? SEG_DS : b == 0x64 ? SEG_FS : SEG_GS;
            break;
        }
        if (!pf)
            break;
        d->prefixes |= pf;
        d->rex = 0; /* a REX followed by a legacy prefix is ignored */
        c.pos++;
    }
    if (d->rex)
        d->prefixes |= PFX_REX;
    uint8_t rex_w = d->rex & 8, rex_r = (d->rex & 4) << 1, rex_x = (d->rex & 2) << 2, rex_b = (d->rex & 1) << 3;

    /* Address and operand size. */
    if (mode == X86_MODE_64)
        d->asize = (d->prefixes & PFX_ADSIZE) ? 4 : 8;
    else if (mode == X86_MODE_32)
        d->asize = (d->prefixes & PFX_ADSIZE) ? 2 : 4;
    else
        d->asize = (d->prefixes & PFX_ADSIZE) ? 4 : 2;
    uint8_t osize = mode == X86_MODE_16 ? 2 : 4;
    if (d->prefixes & PFX_OPSIZE)
        osize = mode == X86_MODE_16 ? 4 : 2;
    if (rex_w)
        osize = 8;

    uint8_t b = buf[c.pos++];
    uint16_t attr;
    int map = MAP_ONE;
    bool vex = false, evex = false;

    if ((b == 0xc4 || b == 0xc5 || b == 0x62) && !is64) {
        /* In 16/32-bit mode these are LES/LDS/BOUND unless the next byte has mod == 3. */
        if (!need(&c, 1))
            return short_of(&c, 1);
        if ((buf[c.pos] & 0xc0) == 0xc0)
            vex = b != 0x62, evex = b == 0x62;
    } else if (b == 0xc4 || b == 0xc5) {
        vex = true;
    } else if (b == 0x62) {
        evex = true;
    }

    /* AMD XOP: 8F with a map number >= 8 where POP Ev would need ModRM.reg == 0. */
    if (b == 0x8f && need(&c, 1) && (buf[c.pos] & 0x1f) >= 8) {
        if (d->rex || (d->prefixes & (PFX_OPSIZE | PFX_REP | PFX_REPNE | PFX_LOCK)))
            d->ud = true;
        if (!need(&c, 3))
            return short_of(&c, 3);
        uint8_t p0 = buf[c.pos], p1 = buf[c.pos + 1];
        uint8_t mm = p0 & 0x1f;
        if (mm > 10)
            return DECODE_INVALID;
        c.pos += 2;
        if (is64) {
            rex_r = (p0 & 0x80) ? 0 : 8;
            rex_x = (p0 & 0x40) ? 0 : 8;
            rex_b = (p0 & 0x20) ? 0 : 8;
        }
        d->vex_w = p1 >> 7;
        d->vex_vvvv = (~p1 >> 3) & (is64 ? 15 : 7);
        d->vex_l = (p1 >> 2) & 1;
        d->mandatory = p1 & 3;
        d->prefixes |= PFX_VEX;
        d->map = mm;           /* 8, 9 or 10: the XOP maps */
        d->opcode = buf[c.pos++];
        d->osize = osize;
        d->reg = rex_r;
        enum x86_decode_error e = decode_modrm(&c, d, rex_b, rex_x, is64);
        if (!e && mm != 9) {
            d->osize = 4;      /* map 10 takes an imm32 */
            e = decode_imm(&c, d, mm == 8 ? IMM_8 : IMM_Z, mode);
            d->osize = osize;
        }
        if (e)
            return e;
        d->len = (uint8_t)c.pos;
        return DECODE_OK;
    }

    if (vex || evex) {
        /* 66/F2/F3/LOCK/REX before VEX is #UD; the length is still well defined. */
        if (d->rex || (d->prefixes & (PFX_OPSIZE | PFX_REP | PFX_REPNE | PFX_LOCK)))
            d->ud = true;
        uint8_t pp, mm;
        if (b == 0xc5) {
            if (!need(&c, 1))
                return short_of(&c, 1);
            uint8_t p0 = buf[c.pos++];
            rex_r = (p0 & 0x80) ? 0 : 8;
            d->vex_vvvv = (~p0 >> 3) & 15;
            d->vex_l = (p0 >> 2) & 1;
            pp = p0 & 3;
            mm = 1;
        } else if (b == 0xc4) {
            if (!need(&c, 2))
                return short_of(&c, 2);
            uint8_t p0 = buf[c.pos], p1 = buf[c.pos + 1];
            c.pos += 2;
            rex_r = (p0 & 0x80) ? 0 : 8;
            rex_x = (p0 & 0x40) ? 0 : 8;
            rex_b = (p0 & 0x20) ? 0 : 8;
            mm = p0 & 0x1f;
            d->vex_w = p1 >> 7;
            d->vex_vvvv = (~p1 >> 3) & 15;
            d->vex_l = (p1 >> 2) & 1;
            pp = p1 & 3;
        } else {
            if (!need(&c, 3))
                return short_of(&c, 3);
            uint8_t p0 = buf[c.pos], p1 = buf[c.pos + 1], p2 = buf[c.pos + 2];
            c.pos += 3;
            if ((p0 & 0x0c) || !(p1 & 0x04))
                return DECODE_INVALID;
            rex_r = (p0 & 0x80) ? 0 : 8;
            rex_x = (p0 & 0x40) ? 0 : 8;
            rex_b = (p0 & 0x20) ? 0 : 8;
            mm = p0 & 3;
            d->vex_w = p1 >> 7;
            d->vex_vvvv = (~p1 >> 3) & 15;
            d->vex_l = (p2 >> 5) & 3;
            pp = p1 & 3;
        }
        if (mm < 1 || mm > 3)
            return DECODE_INVALID;
        if (!is64) {
            rex_r = rex_x = rex_b = 0;
            d->vex_vvvv &= 7;
        }
        if (d->vex_w && is64)
            osize = 8;
        d->prefixes |= PFX_VEX;
        d->mandatory = pp; /* VEX pp: 0 none, 1 66, 2 F3, 3 F2 */
        map = mm;
        if (!need(&c, 1))
            return short_of(&c, 1);
        b = buf[c.pos++];
        d->map = (uint8_t)map;
        d->opcode = b;
        d->osize = osize;
        d->reg = rex_r;
        bool has_modrm = !(map == 1 && b == 0x77 && !evex); /* VZEROUPPER/VZEROALL */
        if (has_modrm) {
            enum x86_decode_error e = decode_modrm(&c, d, rex_b, rex_x, is64);
            if (e)
                return e;
        }
        bool imm8 = map == 3 || (map == 1 && vex_map1_imm8(b));
        if (imm8) {
            enum x86_decode_error e = decode_imm(&c, d, IMM_8, mode);
            if (e)
                return e;
        }
        d->len = (uint8_t)c.pos;
        return DECODE_OK;
    }

    if (b == 0x0f) {
        if (!need(&c, 1))
            return short_of(&c, 1);
        b = buf[c.pos++];
        if (b == 0x38 || b == 0x3a) {
            map = b == 0x38 ? MAP_0F38 : MAP_0F3A;
            if (!need(&c, 1))
                return short_of(&c, 1);
            b = buf[c.pos++];
            attr = map == MAP_0F38 ? M : M | I8;
        } else {
            map = MAP_0F;
            attr = two_byte[b];
        }
    } else {
        attr = one_byte[b];
    }
    d->map = (uint8_t)map;
    d->opcode = b;

    /* Mandatory prefix column for the 0F maps: F2/F3 (the last one) win over 66. */
    if (map != MAP_ONE)
        d->mandatory = last_rep == 0xf2 ? MAND_F2 : last_rep == 0xf3 ? MAND_F3
                     : (d->prefixes & PFX_OPSIZE) ? MAND_66 : MAND_NONE;

    if (attr & A_UD)
        return DECODE_INVALID;
    if (attr & A_UDX)
        d->ud = true;
    if (is64 && (attr & A_INV64))
        return DECODE_INVALID;
    if (is64 && (attr & A_F64))
        osize = 8;
    else if (is64 && (attr & A_D64) && osize == 4)
        osize = 8;
    d->osize = osize;
    d->reg = rex_r;

    enum x86_imm imm = A_IMMOF(attr);
    if (attr & A_CTRL) {
        if (!need(&c, 1))
            return short_of(&c, 1);
        uint8_t m = buf[c.pos++];
        d->has_modrm = true;
        d->modrm = m;
        d->mod = 3;
        d->reg |= (m >> 3) & 7;
        d->rm = (m & 7) | rex_b;
    } else if (attr & A_MODRM) {
        enum x86_decode_error e = decode_modrm(&c, d, rex_b, rex_x, is64);
        if (e)
            return e;
        if (map == MAP_ONE) {
            uint8_t r = (d->modrm >> 3) & 7;
            if ((attr & A_GRP3) && r < 2)
                imm = b == 0xf6 ? IMM_8 : IMM_Z;
            /* FF /2 /4 (near call/jmp) are 64-bit; /6 (push) defaults to 64-bit. */
            if (b == 0xff && is64 && (r == 2 || r == 4))
                d->osize = 8;
            else if (b == 0xff && is64 && r == 6 && d->osize == 4)
                d->osize = 8;
        } else if (map == MAP_0F && b == 0x78 && d->mod == 3 && (d->mandatory == MAND_66 || d->mandatory == MAND_F2)) {
            imm = IMM_16; /* EXTRQ/INSERTQ: two imm8 */
        }
    }
    enum x86_decode_error e = decode_imm(&c, d, imm, mode);
    if (e)
        return e;
    d->len = (uint8_t)c.pos;
    return DECODE_OK;
}
