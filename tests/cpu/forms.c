/*
 * forms.c - every instruction form the differential test runs: one entry per
 * (map, mandatory prefix, opcode, ModRM /digit) with the operand sizes it is
 * tested at, where its r/m operand may be, and the EFLAGS (and x87 C0-C3)
 * bits the Intel manual leaves undefined for it. Regular families (the eight
 * ALU ops, Jcc/SETcc/CMOVcc, shifts) are expanded by loops.
 *
 * Included by harness.c.
 */

#define MAXFORMS 1200
static struct form forms[MAXFORMS];
static unsigned nforms;

#define U_LOGIC F_AF
#define U_MUL (F_SF | F_ZF | F_AF | F_PF)
#define U_ALL (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define U_BT (F_OF | F_SF | F_AF | F_PF)
#define U_BS (F_CF | F_OF | F_SF | F_AF | F_PF)
#define C_ALL 0x4700      /* C0 C1 C2 C3 */
#define C_023 0x4500      /* C0 C2 C3: undefined after arithmetic; C1 is defined */

static struct form *add(const char *name, uint8_t map, uint8_t pfx, uint8_t op, int8_t ext, uint8_t imm,
                        uint8_t sizes, uint8_t where, uint16_t undef, uint32_t special)
{
    struct form *f = &forms[nforms++];
    *f = (struct form){ name, map, pfx, op, ext, 0, imm, sizes, where, K_GPR, K_GPR, undef, 0, special };
    return f;
}

/* SSE: xmm, xmm/mem (pfx 0/66/F3/F2) */
static struct form *sse(const char *name, uint8_t map, uint8_t pfx, uint8_t op, uint8_t imm, uint8_t where, uint32_t sp)
{
    struct form *f = add(name, map, pfx, op, X_R, imm, 0, where, 0, sp);
    f->regk = f->rmk = K_XMM;
    return f;
}
static struct form *mmx(const char *name, uint8_t map, uint8_t op, uint8_t imm, uint8_t where)
{
    struct form *f = add(name, map, 0, op, X_R, imm, 0, where, 0, 0);
    f->regk = f->rmk = K_MMX;
    return f;
}
static struct form *x87m(const char *name, uint8_t op, int8_t ext, uint16_t cu)
{
    struct form *f = add(name, 0, 0, op, ext, 0, 0, W_MEM, 0, SP_X87);
    f->regk = f->rmk = K_X87;
    f->fsw_undef = cu;
    return f;
}
static struct form *x87r(const char *name, uint8_t op, uint8_t modrm, bool sti, uint16_t cu, uint16_t undef)
{
    struct form *f = add(name, 0, 0, op, sti ? X_STI : X_FIXED, 0, 0, W_REG, undef, SP_X87);
    f->modrm = modrm;
    f->regk = f->rmk = K_X87;
    f->fsw_undef = cu;
    return f;
}

static void build_forms(void)
{
    if (nforms)
        return;
    /* ---- one-byte map ---- */
    static const char *const alu_names[8][6] = {
        { "add Eb,Gb", "add Ev,Gv", "add Gb,Eb", "add Gv,Ev", "add AL,Ib", "add eAX,Iz" },
        { "or Eb,Gb", "or Ev,Gv", "or Gb,Eb", "or Gv,Ev", "or AL,Ib", "or eAX,Iz" },
        { "adc Eb,Gb", "adc Ev,Gv", "adc Gb,Eb", "adc Gv,Ev", "adc AL,Ib", "adc eAX,Iz" },
        { "sbb Eb,Gb", "sbb Ev,Gv", "sbb Gb,Eb", "sbb Gv,Ev", "sbb AL,Ib", "sbb eAX,Iz" },
        { "and Eb,Gb", "and Ev,Gv", "and Gb,Eb", "and Gv,Ev", "and AL,Ib", "and eAX,Iz" },
        { "sub Eb,Gb", "sub Ev,Gv", "sub Gb,Eb", "sub Gv,Ev", "sub AL,Ib", "sub eAX,Iz" },
        { "xor Eb,Gb", "xor Ev,Gv", "xor Gb,Eb", "xor Gv,Ev", "xor AL,Ib", "xor eAX,Iz" },
        { "cmp Eb,Gb", "cmp Ev,Gv", "cmp Gb,Eb", "cmp Gv,Ev", "cmp AL,Ib", "cmp eAX,Iz" },
    };
    static const char *const grp1_names[8] = { "add Ev,I", "or Ev,I", "adc Ev,I", "sbb Ev,I", "and Ev,I", "sub Ev,I", "xor Ev,I", "cmp Ev,I" };
    for (unsigned o = 0; o < 8; o++) {
        uint16_t u = (o == 1 || o == 4 || o == 6) ? U_LOGIC : 0;
        uint32_t lk = o == 7 ? 0 : SP_LOCK;
        add(alu_names[o][0], 0, 0, (uint8_t)(8 * o + 0), X_R, 0, OS_B, W_RM, u, lk);
        add(alu_names[o][1], 0, 0, (uint8_t)(8 * o + 1), X_R, 0, OS_V, W_RM, u, lk);
        add(alu_names[o][2], 0, 0, (uint8_t)(8 * o + 2), X_R, 0, OS_B, W_RM, u, 0);
        add(alu_names[o][3], 0, 0, (uint8_t)(8 * o + 3), X_R, 0, OS_V, W_RM, u, 0);
        add(alu_names[o][4], 0, 0, (uint8_t)(8 * o + 4), X_NONE, 1, OS_B, 0, u, 0);
        add(alu_names[o][5], 0, 0, (uint8_t)(8 * o + 5), X_NONE, I_Z, OS_V, 0, u, 0);
        add(grp1_names[o], 0, 0, 0x80, (int8_t)o, 1, OS_B, W_RM, u, lk);
        add(grp1_names[o], 0, 0, 0x81, (int8_t)o, I_Z, OS_V, W_RM, u, lk);
        add(grp1_names[o], 0, 0, 0x83, (int8_t)o, 1, OS_V, W_RM, u, lk);
    }
    add("push r", 0, 0, 0x50, X_PLUSR, 0, OS_W | OS_D, 0, 0, 0)->sizes = OS_W | OS_D;
    add("pop r", 0, 0, 0x58, X_PLUSR, 0, OS_W | OS_D, 0, 0, 0);
    add("movsxd", 0, 0, 0x63, X_R, 0, OS_V, W_RM, 0, 0);
    add("push Iz", 0, 0, 0x68, X_NONE, I_Z, OS_W | OS_D, 0, 0, 0);
    add("imul Gv,Ev,Iz", 0, 0, 0x69, X_R, I_Z, OS_V, W_RM, U_MUL, 0);
    add("push Ib", 0, 0, 0x6a, X_NONE, 1, OS_W | OS_D, 0, 0, 0);
    add("imul Gv,Ev,Ib", 0, 0, 0x6b, X_R, 1, OS_V, W_RM, U_MUL, 0);
    static const char *const jcc_names[16] = { "jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja", "js", "jns", "jp", "jnp", "jl", "jge", "jle", "jg" };
    static const char *const set_names[16] = { "seto", "setno", "setb", "setae", "sete", "setne", "setbe", "seta", "sets", "setns", "setp", "setnp", "setl", "setge", "setle", "setg" };
    static const char *const cmov_names[16] = { "cmovo", "cmovno", "cmovb", "cmovae", "cmove", "cmovne", "cmovbe", "cmova", "cmovs", "cmovns", "cmovp", "cmovnp", "cmovl", "cmovge", "cmovle", "cmovg" };
    for (unsigned c = 0; c < 16; c++) {
        add(jcc_names[c], 0, 0, (uint8_t)(0x70 + c), X_NONE, 1, OS_D, 0, 0, SP_BR);
        add(jcc_names[c], 1, 0, (uint8_t)(0x80 + c), X_NONE, 4, OS_D, 0, 0, SP_BR);
        add(set_names[c], 1, 0, (uint8_t)(0x90 + c), 0, 0, OS_B, W_RM, 0, 0);
        add(cmov_names[c], 1, 0, (uint8_t)(0x40 + c), X_R, 0, OS_V, W_RM, 0, 0);
    }
    add("test Eb,Gb", 0, 0, 0x84, X_R, 0, OS_B, W_RM, U_LOGIC, 0);
    add("test Ev,Gv", 0, 0, 0x85, X_R, 0, OS_V, W_RM, U_LOGIC, 0);
    add("xchg Eb,Gb", 0, 0, 0x86, X_R, 0, OS_B, W_RM, 0, 0);
    add("xchg Ev,Gv", 0, 0, 0x87, X_R, 0, OS_V, W_RM, 0, 0);
    add("mov Eb,Gb", 0, 0, 0x88, X_R, 0, OS_B, W_RM, 0, 0);
    add("mov Ev,Gv", 0, 0, 0x89, X_R, 0, OS_V, W_RM, 0, 0);
    add("mov Gb,Eb", 0, 0, 0x8a, X_R, 0, OS_B, W_RM, 0, 0);
    add("mov Gv,Ev", 0, 0, 0x8b, X_R, 0, OS_V, W_RM, 0, 0);
    add("lea", 0, 0, 0x8d, X_R, 0, OS_V, W_MEM, 0, 0);
    add("pop Ev", 0, 0, 0x8f, 0, 0, OS_W | OS_D, W_RM, 0, 0);
    add("xchg eAX,r", 0, 0, 0x90, X_PLUSR, 0, OS_V, 0, 0, 0);
    add("cbw/cwde/cdqe", 0, 0, 0x98, X_NONE, 0, OS_V, 0, 0, 0);
    add("cwd/cdq/cqo", 0, 0, 0x99, X_NONE, 0, OS_V, 0, 0, 0);
    add("pushf", 0, 0, 0x9c, X_NONE, 0, OS_W | OS_D, 0, 0, 0);
    add("sahf", 0, 0, 0x9e, X_NONE, 0, OS_D, 0, 0, 0);
    add("lahf", 0, 0, 0x9f, X_NONE, 0, OS_D, 0, 0, 0);
    add("mov AL,Ob", 0, 0, 0xa0, X_NONE, 0, OS_B, 0, 0, SP_MOFFS);
    add("mov eAX,Ov", 0, 0, 0xa1, X_NONE, 0, OS_V, 0, 0, SP_MOFFS);
    add("mov Ob,AL", 0, 0, 0xa2, X_NONE, 0, OS_B, 0, 0, SP_MOFFS);
    add("mov Ov,eAX", 0, 0, 0xa3, X_NONE, 0, OS_V, 0, 0, SP_MOFFS);
    static const struct { const char *name; uint8_t op; } strs[] = {
        { "movs", 0xa4 }, { "cmps", 0xa6 }, { "stos", 0xaa }, { "lods", 0xac }, { "scas", 0xae },
    };
    for (unsigned i = 0; i < 5; i++) {
        static const uint8_t reps[3] = { 0, 0xf3, 0xf2 };
        for (unsigned r = 0; r < 3; r++) {
            if (r == 2 && strs[i].op != 0xa6 && strs[i].op != 0xae)
                continue;
            add(strs[i].name, 0, reps[r], strs[i].op, X_NONE, 0, OS_B, 0, 0, SP_STR);
            add(strs[i].name, 0, reps[r], (uint8_t)(strs[i].op + 1), X_NONE, 0, OS_V, 0, 0, SP_STR);
        }
    }
    add("test AL,Ib", 0, 0, 0xa8, X_NONE, 1, OS_B, 0, U_LOGIC, 0);
    add("test eAX,Iz", 0, 0, 0xa9, X_NONE, I_Z, OS_V, 0, U_LOGIC, 0);
    add("mov r8,Ib", 0, 0, 0xb0, X_PLUSR, 1, OS_B, 0, 0, 0);
    add("mov r,Iv", 0, 0, 0xb8, X_PLUSR, I_V, OS_V, 0, 0, 0);
    static const char *const sh_names[8] = { "rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar" };
    for (unsigned r = 0; r < 8; r++) {
        add(sh_names[r], 0, 0, 0xc0, (int8_t)r, 1, OS_B, W_RM, 0, SP_SHIFT);
        add(sh_names[r], 0, 0, 0xc1, (int8_t)r, 1, OS_V, W_RM, 0, SP_SHIFT);
        add(sh_names[r], 0, 0, 0xd0, (int8_t)r, 0, OS_B, W_RM, 0, SP_SHIFT);
        add(sh_names[r], 0, 0, 0xd1, (int8_t)r, 0, OS_V, W_RM, 0, SP_SHIFT);
        add(sh_names[r], 0, 0, 0xd2, (int8_t)r, 0, OS_B, W_RM, 0, SP_SHIFT | SP_CL);
        add(sh_names[r], 0, 0, 0xd3, (int8_t)r, 0, OS_V, W_RM, 0, SP_SHIFT | SP_CL);
    }
    add("ret", 0, 0, 0xc3, X_NONE, 0, OS_D, 0, 0, SP_RET);
    add("ret Iw", 0, 0, 0xc2, X_NONE, 2, OS_D, 0, 0, SP_RET);
    add("mov Eb,Ib", 0, 0, 0xc6, 0, 1, OS_B, W_RM, 0, 0);
    add("mov Ev,Iz", 0, 0, 0xc7, 0, I_Z, OS_V, W_RM, 0, 0);
    add("leave", 0, 0, 0xc9, X_NONE, 0, OS_W | OS_D, 0, 0, SP_RBP);
    add("xlat", 0, 0, 0xd7, X_NONE, 0, OS_D, 0, 0, SP_RBX);
    add("loopne", 0, 0, 0xe0, X_NONE, 1, OS_D, 0, 0, SP_BR);
    add("loope", 0, 0, 0xe1, X_NONE, 1, OS_D, 0, 0, SP_BR);
    add("loop", 0, 0, 0xe2, X_NONE, 1, OS_D, 0, 0, SP_BR);
    add("jrcxz", 0, 0, 0xe3, X_NONE, 1, OS_D, 0, 0, SP_BR);
    add("call rel32", 0, 0, 0xe8, X_NONE, 4, OS_D, 0, 0, SP_BR);
    add("jmp rel32", 0, 0, 0xe9, X_NONE, 4, OS_D, 0, 0, SP_BR);
    add("jmp rel8", 0, 0, 0xeb, X_NONE, 1, OS_D, 0, 0, SP_BR);
    add("cmc", 0, 0, 0xf5, X_NONE, 0, OS_D, 0, 0, 0);
    add("test Eb,Ib", 0, 0, 0xf6, 0, 1, OS_B, W_RM, U_LOGIC, 0);
    add("test Ev,Iz", 0, 0, 0xf7, 0, I_Z, OS_V, W_RM, U_LOGIC, 0);
    static const char *const g3[8] = { "test", "test/1", "not", "neg", "mul", "imul", "div", "idiv" };
    for (unsigned r = 2; r < 8; r++) {
        uint16_t u = r == 4 || r == 5 ? U_MUL : r >= 6 ? U_ALL : 0;
        uint32_t sp = r >= 6 ? SP_DIV : r < 4 ? SP_LOCK : 0;
        add(g3[r], 0, 0, 0xf6, (int8_t)r, 0, OS_B, W_RM, u, sp);
        add(g3[r], 0, 0, 0xf7, (int8_t)r, 0, OS_V, W_RM, u, sp);
    }
    add("clc", 0, 0, 0xf8, X_NONE, 0, OS_D, 0, 0, 0);
    add("stc", 0, 0, 0xf9, X_NONE, 0, OS_D, 0, 0, 0);
    add("cld", 0, 0, 0xfc, X_NONE, 0, OS_D, 0, 0, 0);
    add("std", 0, 0, 0xfd, X_NONE, 0, OS_D, 0, 0, 0);
    add("inc Eb", 0, 0, 0xfe, 0, 0, OS_B, W_RM, 0, SP_LOCK);
    add("dec Eb", 0, 0, 0xfe, 1, 0, OS_B, W_RM, 0, SP_LOCK);
    add("inc Ev", 0, 0, 0xff, 0, 0, OS_V, W_RM, 0, SP_LOCK);
    add("dec Ev", 0, 0, 0xff, 1, 0, OS_V, W_RM, 0, SP_LOCK);
    add("push Ev", 0, 0, 0xff, 6, 0, OS_W | OS_D, W_RM, 0, 0);

    /* ---- 0F map, integer ---- */
    add("bt Ev,Gv", 1, 0, 0xa3, X_R, 0, OS_V, W_RM, U_BT, SP_BTOFF);
    add("bts Ev,Gv", 1, 0, 0xab, X_R, 0, OS_V, W_RM, U_BT, SP_BTOFF | SP_LOCK);
    add("btr Ev,Gv", 1, 0, 0xb3, X_R, 0, OS_V, W_RM, U_BT, SP_BTOFF | SP_LOCK);
    add("btc Ev,Gv", 1, 0, 0xbb, X_R, 0, OS_V, W_RM, U_BT, SP_BTOFF | SP_LOCK);
    add("bt Ev,Ib", 1, 0, 0xba, 4, 1, OS_V, W_RM, U_BT, 0);
    add("bts Ev,Ib", 1, 0, 0xba, 5, 1, OS_V, W_RM, U_BT, SP_LOCK);
    add("btr Ev,Ib", 1, 0, 0xba, 6, 1, OS_V, W_RM, U_BT, SP_LOCK);
    add("btc Ev,Ib", 1, 0, 0xba, 7, 1, OS_V, W_RM, U_BT, SP_LOCK);
    add("shld Ib", 1, 0, 0xa4, X_R, 1, OS_V, W_RM, 0, SP_SHXD);
    add("shld CL", 1, 0, 0xa5, X_R, 0, OS_V, W_RM, 0, SP_SHXD | SP_CL);
    add("shrd Ib", 1, 0, 0xac, X_R, 1, OS_V, W_RM, 0, SP_SHXD);
    add("shrd CL", 1, 0, 0xad, X_R, 0, OS_V, W_RM, 0, SP_SHXD | SP_CL);
    add("imul Gv,Ev", 1, 0, 0xaf, X_R, 0, OS_V, W_RM, U_MUL, 0);
    add("cmpxchg Eb,Gb", 1, 0, 0xb0, X_R, 0, OS_B, W_RM, 0, SP_EQ | SP_LOCK);
    add("cmpxchg Ev,Gv", 1, 0, 0xb1, X_R, 0, OS_V, W_RM, 0, SP_EQ | SP_LOCK);
    add("movzx Gv,Eb", 1, 0, 0xb6, X_R, 0, OS_V, W_RM, 0, 0);
    add("movzx Gv,Ew", 1, 0, 0xb7, X_R, 0, OS_V, W_RM, 0, 0);
    add("movsx Gv,Eb", 1, 0, 0xbe, X_R, 0, OS_V, W_RM, 0, 0);
    add("movsx Gv,Ew", 1, 0, 0xbf, X_R, 0, OS_V, W_RM, 0, 0);
    add("popcnt", 1, 0xf3, 0xb8, X_R, 0, OS_V, W_RM, 0, 0);
    add("bsf", 1, 0, 0xbc, X_R, 0, OS_V, W_RM, U_BS, SP_BSX);
    add("bsr", 1, 0, 0xbd, X_R, 0, OS_V, W_RM, U_BS, SP_BSX);
    add("tzcnt", 1, 0xf3, 0xbc, X_R, 0, OS_V, W_RM, F_OF | F_SF | F_PF | F_AF, 0);
    add("lzcnt", 1, 0xf3, 0xbd, X_R, 0, OS_V, W_RM, F_OF | F_SF | F_PF | F_AF, 0);
    add("xadd Eb,Gb", 1, 0, 0xc0, X_R, 0, OS_B, W_RM, 0, SP_LOCK);
    add("xadd Ev,Gv", 1, 0, 0xc1, X_R, 0, OS_V, W_RM, 0, SP_LOCK);
    add("bswap", 1, 0, 0xc8, X_PLUSR, 0, OS_D | OS_Q, 0, 0, 0);
    add("cmpxchg8b", 1, 0, 0xc7, 1, 0, OS_D, W_MEM, 0, SP_EQ | SP_LOCK);
    add("cmpxchg16b", 1, 0, 0xc7, 1, 0, OS_Q, W_MEM, 0, SP_EQ | SP_LOCK | SP_A16);

    /* ---- SSE/SSE2 ---- */
    static const struct { const char *name; uint8_t pfx, op; uint32_t sp; uint8_t where; } s2[] = {
        { "movups", 0, 0x10, 0, W_RM }, { "movupd", 0x66, 0x10, 0, W_RM }, { "movss", 0xf3, 0x10, 0, W_RM }, { "movsd", 0xf2, 0x10, 0, W_RM },
        { "movups st", 0, 0x11, 0, W_RM }, { "movupd st", 0x66, 0x11, 0, W_RM }, { "movss st", 0xf3, 0x11, 0, W_RM }, { "movsd st", 0xf2, 0x11, 0, W_RM },
        { "movlps/hlps", 0, 0x12, 0, W_RM }, { "movlpd", 0x66, 0x12, 0, W_MEM }, { "movlps st", 0, 0x13, 0, W_MEM }, { "movlpd st", 0x66, 0x13, 0, W_MEM },
        { "unpcklps", 0, 0x14, SP_A16, W_RM }, { "unpcklpd", 0x66, 0x14, SP_A16, W_RM }, { "unpckhps", 0, 0x15, SP_A16, W_RM }, { "unpckhpd", 0x66, 0x15, SP_A16, W_RM },
        { "movhps/lhps", 0, 0x16, 0, W_RM }, { "movhpd", 0x66, 0x16, 0, W_MEM }, { "movhps st", 0, 0x17, 0, W_MEM }, { "movhpd st", 0x66, 0x17, 0, W_MEM },
        { "movaps", 0, 0x28, SP_A16, W_RM }, { "movapd", 0x66, 0x28, SP_A16, W_RM }, { "movaps st", 0, 0x29, SP_A16, W_RM }, { "movapd st", 0x66, 0x29, SP_A16, W_RM },
        { "movntps", 0, 0x2b, SP_A16, W_MEM }, { "movntpd", 0x66, 0x2b, SP_A16, W_MEM },
        { "ucomiss", 0, 0x2e, 0, W_RM }, { "ucomisd", 0x66, 0x2e, 0, W_RM }, { "comiss", 0, 0x2f, 0, W_RM }, { "comisd", 0x66, 0x2f, 0, W_RM },
        { "sqrtps", 0, 0x51, SP_A16, W_RM }, { "sqrtpd", 0x66, 0x51, SP_A16, W_RM }, { "sqrtss", 0xf3, 0x51, 0, W_RM }, { "sqrtsd", 0xf2, 0x51, 0, W_RM },
        { "rsqrtps", 0, 0x52, SP_A16, W_RM }, { "rsqrtss", 0xf3, 0x52, 0, W_RM }, { "rcpps", 0, 0x53, SP_A16, W_RM }, { "rcpss", 0xf3, 0x53, 0, W_RM },
        { "andps", 0, 0x54, SP_A16, W_RM }, { "andpd", 0x66, 0x54, SP_A16, W_RM }, { "andnps", 0, 0x55, SP_A16, W_RM }, { "andnpd", 0x66, 0x55, SP_A16, W_RM },
        { "orps", 0, 0x56, SP_A16, W_RM }, { "orpd", 0x66, 0x56, SP_A16, W_RM }, { "xorps", 0, 0x57, SP_A16, W_RM }, { "xorpd", 0x66, 0x57, SP_A16, W_RM },
        { "cvtps2pd", 0, 0x5a, 0, W_RM }, { "cvtpd2ps", 0x66, 0x5a, SP_A16, W_RM }, { "cvtss2sd", 0xf3, 0x5a, 0, W_RM }, { "cvtsd2ss", 0xf2, 0x5a, 0, W_RM },
        { "cvtdq2ps", 0, 0x5b, SP_A16, W_RM }, { "cvtps2dq", 0x66, 0x5b, SP_A16, W_RM }, { "cvttps2dq", 0xf3, 0x5b, SP_A16, W_RM },
        { "cvttpd2dq", 0x66, 0xe6, SP_A16, W_RM }, { "cvtdq2pd", 0xf3, 0xe6, 0, W_RM }, { "cvtpd2dq", 0xf2, 0xe6, SP_A16, W_RM },
        { "movdqa", 0x66, 0x6f, SP_A16, W_RM }, { "movdqu", 0xf3, 0x6f, 0, W_RM }, { "movdqa st", 0x66, 0x7f, SP_A16, W_RM }, { "movdqu st", 0xf3, 0x7f, 0, W_RM },
        { "movq xmm,xmm/m64", 0xf3, 0x7e, 0, W_RM }, { "movq xmm/m64,xmm", 0x66, 0xd6, 0, W_RM },
        { "movntdq", 0x66, 0xe7, SP_A16, W_MEM },
        /* SSE3 */
        { "movsldup", 0xf3, 0x12, SP_A16, W_RM }, { "movddup", 0xf2, 0x12, 0, W_RM }, { "movshdup", 0xf3, 0x16, SP_A16, W_RM },
        { "haddpd", 0x66, 0x7c, SP_A16, W_RM }, { "haddps", 0xf2, 0x7c, SP_A16, W_RM }, { "hsubpd", 0x66, 0x7d, SP_A16, W_RM },
        { "hsubps", 0xf2, 0x7d, SP_A16, W_RM }, { "addsubpd", 0x66, 0xd0, SP_A16, W_RM }, { "addsubps", 0xf2, 0xd0, SP_A16, W_RM },
        { "lddqu", 0xf2, 0xf0, 0, W_MEM },
    };
    for (unsigned i = 0; i < sizeof s2 / sizeof s2[0]; i++)
        sse(s2[i].name, 1, s2[i].pfx, s2[i].op, 0, s2[i].where, s2[i].sp);
    static const char *const arith[] = { "add", "mul", NULL, NULL, "sub", "min", "div", "max" };
    for (unsigned o = 0; o < 8; o++) {
        if (!arith[o]) continue;
        static const char *const sfx[4] = { "ps", "pd", "ss", "sd" };
        static const uint8_t pf[4] = { 0, 0x66, 0xf3, 0xf2 };
        for (unsigned k = 0; k < 4; k++) {
            char *n = malloc(16);
            snprintf(n, 16, "%s%s", arith[o], sfx[k]);
            sse(n, 1, pf[k], (uint8_t)(0x58 + o), 0, W_RM, k < 2 ? SP_A16 : 0);
        }
    }
    sse("cmpps", 1, 0, 0xc2, 1, W_RM, SP_A16);
    sse("cmppd", 1, 0x66, 0xc2, 1, W_RM, SP_A16);
    sse("cmpss", 1, 0xf3, 0xc2, 1, W_RM, 0);
    sse("cmpsd", 1, 0xf2, 0xc2, 1, W_RM, 0);
    sse("shufps", 1, 0, 0xc6, 1, W_RM, SP_A16);
    sse("shufpd", 1, 0x66, 0xc6, 1, W_RM, SP_A16);
    sse("pshufd", 1, 0x66, 0x70, 1, W_RM, SP_A16);
    sse("pshufhw", 1, 0xf3, 0x70, 1, W_RM, SP_A16);
    sse("pshuflw", 1, 0xf2, 0x70, 1, W_RM, SP_A16);
    { struct form *f;
      f = sse("cvtsi2ss", 1, 0xf3, 0x2a, 0, W_RM, 0); f->rmk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("cvtsi2sd", 1, 0xf2, 0x2a, 0, W_RM, 0); f->rmk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("cvttss2si", 1, 0xf3, 0x2c, 0, W_RM, 0); f->regk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("cvttsd2si", 1, 0xf2, 0x2c, 0, W_RM, 0); f->regk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("cvtss2si", 1, 0xf3, 0x2d, 0, W_RM, 0); f->regk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("cvtsd2si", 1, 0xf2, 0x2d, 0, W_RM, 0); f->regk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("movmskps", 1, 0, 0x50, 0, W_REG, 0); f->regk = K_GPR;
      f = sse("movmskpd", 1, 0x66, 0x50, 0, W_REG, 0); f->regk = K_GPR;
      f = sse("movd/q xmm,Ey", 1, 0x66, 0x6e, 0, W_RM, 0); f->rmk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("movd/q Ey,xmm", 1, 0x66, 0x7e, 0, W_RM, 0); f->rmk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("pinsrw xmm", 1, 0x66, 0xc4, 1, W_RM, 0); f->rmk = K_GPR;
      f = sse("pextrw xmm", 1, 0x66, 0xc5, 1, W_REG, 0); f->regk = K_GPR;
      f = sse("pmovmskb xmm", 1, 0x66, 0xd7, 0, W_REG, 0); f->regk = K_GPR;
      f = sse("maskmovdqu", 1, 0x66, 0xf7, 0, W_REG, SP_STR);
      f = add("movnti", 1, 0, 0xc3, X_R, 0, OS_D | OS_Q, W_MEM, 0, 0);
      add("ldmxcsr", 1, 0, 0xae, 2, 0, 0, W_MEM, 0, 0);
      add("stmxcsr", 1, 0, 0xae, 3, 0, 0, W_MEM, 0, 0);
    }
    /* shifts by immediate: 66 0F 71/72/73 /2 /4 /6 (and /3 /7 for 73) */
    static const struct { const char *name; uint8_t op; int8_t ext; } shi[] = {
        { "psrlw i", 0x71, 2 }, { "psraw i", 0x71, 4 }, { "psllw i", 0x71, 6 }, { "psrld i", 0x72, 2 }, { "psrad i", 0x72, 4 },
        { "pslld i", 0x72, 6 }, { "psrlq i", 0x73, 2 }, { "psrldq i", 0x73, 3 }, { "psllq i", 0x73, 6 }, { "pslldq i", 0x73, 7 },
    };
    for (unsigned i = 0; i < sizeof shi / sizeof shi[0]; i++) {
        struct form *f = add(shi[i].name, 1, 0x66, shi[i].op, shi[i].ext, 1, 0, W_REG, 0, 0);
        f->regk = f->rmk = K_XMM;
        if (shi[i].ext != 3 && shi[i].ext != 7) {
            f = add(shi[i].name, 1, 0, shi[i].op, shi[i].ext, 1, 0, W_REG, 0, 0);
            f->regk = f->rmk = K_MMX;
        }
    }
    /* integer SIMD 0F 60-6D, 74-76, D1-FE (66 xmm and MMX) */
    static const struct { const char *name; uint8_t op; } ints[] = {
        { "punpcklbw", 0x60 }, { "punpcklwd", 0x61 }, { "punpckldq", 0x62 }, { "packsswb", 0x63 }, { "pcmpgtb", 0x64 },
        { "pcmpgtw", 0x65 }, { "pcmpgtd", 0x66 }, { "packuswb", 0x67 }, { "punpckhbw", 0x68 }, { "punpckhwd", 0x69 },
        { "punpckhdq", 0x6a }, { "packssdw", 0x6b }, { "punpcklqdq", 0x6c }, { "punpckhqdq", 0x6d }, { "pcmpeqb", 0x74 },
        { "pcmpeqw", 0x75 }, { "pcmpeqd", 0x76 }, { "psrlw", 0xd1 }, { "psrld", 0xd2 }, { "psrlq", 0xd3 }, { "paddq", 0xd4 },
        { "pmullw", 0xd5 }, { "psubusb", 0xd8 }, { "psubusw", 0xd9 }, { "pminub", 0xda }, { "pand", 0xdb }, { "paddusb", 0xdc },
        { "paddusw", 0xdd }, { "pmaxub", 0xde }, { "pandn", 0xdf }, { "pavgb", 0xe0 }, { "psraw", 0xe1 }, { "psrad", 0xe2 },
        { "pavgw", 0xe3 }, { "pmulhuw", 0xe4 }, { "pmulhw", 0xe5 }, { "psubsb", 0xe8 }, { "psubsw", 0xe9 }, { "pminsw", 0xea },
        { "por", 0xeb }, { "paddsb", 0xec }, { "paddsw", 0xed }, { "pmaxsw", 0xee }, { "pxor", 0xef }, { "psllw", 0xf1 },
        { "pslld", 0xf2 }, { "psllq", 0xf3 }, { "pmuludq", 0xf4 }, { "pmaddwd", 0xf5 }, { "psadbw", 0xf6 }, { "psubb", 0xf8 },
        { "psubw", 0xf9 }, { "psubd", 0xfa }, { "psubq", 0xfb }, { "paddb", 0xfc }, { "paddw", 0xfd }, { "paddd", 0xfe },
    };
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        sse(ints[i].name, 1, 0x66, ints[i].op, 0, W_RM, SP_A16);
        if (ints[i].op != 0x6c && ints[i].op != 0x6d)
            mmx(ints[i].name, 1, ints[i].op, 0, W_RM);
    }
    { struct form *f;
      f = mmx("movd/q mm,Ey", 1, 0x6e, 0, W_RM); f->rmk = K_GPR; f->sizes = OS_D | OS_Q;
      f = mmx("movd/q Ey,mm", 1, 0x7e, 0, W_RM); f->rmk = K_GPR; f->sizes = OS_D | OS_Q;
      mmx("movq mm,mm/m64", 1, 0x6f, 0, W_RM);
      mmx("movq mm/m64,mm", 1, 0x7f, 0, W_RM);
      mmx("pshufw", 1, 0x70, 1, W_RM);
      mmx("emms", 1, 0x77, 0, 0)->ext = X_NONE;
      f = mmx("pinsrw mm", 1, 0xc4, 1, W_RM); f->rmk = K_GPR;
      f = mmx("pextrw mm", 1, 0xc5, 1, W_REG); f->regk = K_GPR;
      f = mmx("pmovmskb mm", 1, 0xd7, 0, W_REG); f->regk = K_GPR;
      mmx("movntq", 1, 0xe7, 0, W_MEM);
      f = mmx("maskmovq", 1, 0xf7, 0, W_REG); f->special |= SP_STR;
      f = sse("cvtpi2ps", 1, 0, 0x2a, 0, W_RM, 0); f->rmk = K_MMX;
      f = sse("cvtpi2pd", 1, 0x66, 0x2a, 0, W_RM, 0); f->rmk = K_MMX;
      f = sse("cvttps2pi", 1, 0, 0x2c, 0, W_RM, 0); f->regk = K_MMX;
      f = sse("cvttpd2pi", 1, 0x66, 0x2c, 0, W_RM, SP_A16); f->regk = K_MMX;
      f = sse("cvtps2pi", 1, 0, 0x2d, 0, W_RM, 0); f->regk = K_MMX;
      f = sse("cvtpd2pi", 1, 0x66, 0x2d, 0, W_RM, SP_A16); f->regk = K_MMX;
      f = sse("movq2dq", 1, 0xf3, 0xd6, 0, W_REG, 0); f->rmk = K_MMX;
      f = sse("movdq2q", 1, 0xf2, 0xd6, 0, W_REG, 0); f->regk = K_MMX;
    }

    /* ---- SSSE3 (0F 38 00-1E, 0F 3A 0F), MMX and XMM ---- */
    static const struct { const char *name; uint8_t op; } ss3[] = {
        { "pshufb", 0x00 }, { "phaddw", 0x01 }, { "phaddd", 0x02 }, { "phaddsw", 0x03 }, { "pmaddubsw", 0x04 },
        { "phsubw", 0x05 }, { "phsubd", 0x06 }, { "phsubsw", 0x07 }, { "psignb", 0x08 }, { "psignw", 0x09 },
        { "psignd", 0x0a }, { "pmulhrsw", 0x0b }, { "pabsb", 0x1c }, { "pabsw", 0x1d }, { "pabsd", 0x1e },
    };
    for (unsigned i = 0; i < sizeof ss3 / sizeof ss3[0]; i++) {
        sse(ss3[i].name, 2, 0x66, ss3[i].op, 0, W_RM, SP_A16);
        mmx(ss3[i].name, 2, ss3[i].op, 0, W_RM);
    }
    sse("palignr", 3, 0x66, 0x0f, 1, W_RM, SP_A16);
    mmx("palignr", 3, 0x0f, 1, W_RM);

    /* ---- SSE4.1 / 4.2 ---- */
    static const struct { const char *name; uint8_t op; uint8_t a16; } s41[] = {
        { "pblendvb", 0x10, 1 }, { "blendvps", 0x14, 1 }, { "blendvpd", 0x15, 1 }, { "ptest", 0x17, 1 },
        { "pmovsxbw", 0x20, 0 }, { "pmovsxbd", 0x21, 0 }, { "pmovsxbq", 0x22, 0 }, { "pmovsxwd", 0x23, 0 },
        { "pmovsxwq", 0x24, 0 }, { "pmovsxdq", 0x25, 0 }, { "pmuldq", 0x28, 1 }, { "pcmpeqq", 0x29, 1 },
        { "packusdw", 0x2b, 1 }, { "pmovzxbw", 0x30, 0 }, { "pmovzxbd", 0x31, 0 }, { "pmovzxbq", 0x32, 0 },
        { "pmovzxwd", 0x33, 0 }, { "pmovzxwq", 0x34, 0 }, { "pmovzxdq", 0x35, 0 }, { "pcmpgtq", 0x37, 1 },
        { "pminsb", 0x38, 1 }, { "pminsd", 0x39, 1 }, { "pminuw", 0x3a, 1 }, { "pminud", 0x3b, 1 },
        { "pmaxsb", 0x3c, 1 }, { "pmaxsd", 0x3d, 1 }, { "pmaxuw", 0x3e, 1 }, { "pmaxud", 0x3f, 1 },
        { "pmulld", 0x40, 1 }, { "phminposuw", 0x41, 1 },
    };
    for (unsigned i = 0; i < sizeof s41 / sizeof s41[0]; i++)
        sse(s41[i].name, 2, 0x66, s41[i].op, 0, W_RM, s41[i].a16 ? SP_A16 : 0);
    sse("movntdqa", 2, 0x66, 0x2a, 0, W_MEM, SP_A16);
    { struct form *f;
      f = sse("crc32 Gd,Eb", 2, 0xf2, 0xf0, 0, W_RM, 0); f->regk = f->rmk = K_GPR; f->sizes = OS_B | OS_Q;
      f = sse("crc32 Gd,Ev", 2, 0xf2, 0xf1, 0, W_RM, 0); f->regk = f->rmk = K_GPR; f->sizes = OS_V;
    }
    static const struct { const char *name; uint8_t op; uint8_t a16; } s41i[] = {
        { "roundps", 0x08, 1 }, { "roundpd", 0x09, 1 }, { "roundss", 0x0a, 0 }, { "roundsd", 0x0b, 0 },
        { "blendps", 0x0c, 1 }, { "blendpd", 0x0d, 1 }, { "pblendw", 0x0e, 1 }, { "insertps", 0x21, 0 },
        { "dpps", 0x40, 1 }, { "dppd", 0x41, 1 }, { "mpsadbw", 0x42, 1 },
        { "pcmpestrm", 0x60, 0 }, { "pcmpestri", 0x61, 0 }, { "pcmpistrm", 0x62, 0 }, { "pcmpistri", 0x63, 0 },
    };
    for (unsigned i = 0; i < sizeof s41i / sizeof s41i[0]; i++) {
        struct form *f = sse(s41i[i].name, 3, 0x66, s41i[i].op, 1, W_RM, s41i[i].a16 ? SP_A16 : 0);
        if (s41i[i].op >= 0x60) f->sizes = OS_D | OS_Q;   /* REX.W: 64-bit lengths in rAX/rDX */
    }
    { struct form *f;
      f = sse("pextrb", 3, 0x66, 0x14, 1, W_RM, 0); f->rmk = K_GPR;
      f = sse("pextrw Ew", 3, 0x66, 0x15, 1, W_RM, 0); f->rmk = K_GPR;
      f = sse("pextrd/q", 3, 0x66, 0x16, 1, W_RM, 0); f->rmk = K_GPR; f->sizes = OS_D | OS_Q;
      f = sse("extractps", 3, 0x66, 0x17, 1, W_RM, 0); f->rmk = K_GPR;
      f = sse("pinsrb", 3, 0x66, 0x20, 1, W_RM, 0); f->rmk = K_GPR;
      f = sse("pinsrd/q", 3, 0x66, 0x22, 1, W_RM, 0); f->rmk = K_GPR; f->sizes = OS_D | OS_Q;
    }

    /* ---- x87 ---- */
    static const char *const fa[8] = { "fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr" };
    for (unsigned r = 0; r < 8; r++) {
        char *n;
        uint16_t cu = r == 2 || r == 3 ? (uint16_t)0 : (uint16_t)C_023;
        n = malloc(24); snprintf(n, 24, "%s m32", fa[r]); x87m(n, 0xd8, (int8_t)r, cu);
        n = malloc(24); snprintf(n, 24, "%s m64", fa[r]); x87m(n, 0xdc, (int8_t)r, cu);
        n = malloc(24); snprintf(n, 24, "fi%s m32", fa[r] + 1); x87m(n, 0xda, (int8_t)r, cu);
        n = malloc(24); snprintf(n, 24, "fi%s m16", fa[r] + 1); x87m(n, 0xde, (int8_t)r, cu);
        n = malloc(24); snprintf(n, 24, "%s st,sti", fa[r]); x87r(n, 0xd8, (uint8_t)(0xc0 + 8 * r), true, cu, 0);
        if (r != 2 && r != 3) {
            n = malloc(24); snprintf(n, 24, "%s sti,st", fa[r]); x87r(n, 0xdc, (uint8_t)(0xc0 + 8 * r), true, cu, 0);
            n = malloc(24); snprintf(n, 24, "%sp sti,st", fa[r]); x87r(n, 0xde, (uint8_t)(0xc0 + 8 * r), true, cu, 0);
        }
    }
    x87m("fld m32", 0xd9, 0, C_023); x87m("fst m32", 0xd9, 2, C_023); x87m("fstp m32", 0xd9, 3, C_023);
    x87m("fldcw", 0xd9, 5, C_ALL); x87m("fnstcw", 0xd9, 7, C_ALL);
    x87m("fild m32", 0xdb, 0, C_023); x87m("fisttp m32", 0xdb, 1, C_023); x87m("fist m32", 0xdb, 2, C_023);
    x87m("fistp m32", 0xdb, 3, C_023); x87m("fld m80", 0xdb, 5, C_023); x87m("fstp m80", 0xdb, 7, C_023);
    x87m("fld m64", 0xdd, 0, C_023); x87m("fisttp m64", 0xdd, 1, C_023); x87m("fst m64", 0xdd, 2, C_023);
    x87m("fstp m64", 0xdd, 3, C_023); x87m("fnstsw m16", 0xdd, 7, 0);
    x87m("fild m16", 0xdf, 0, C_023); x87m("fisttp m16", 0xdf, 1, C_023); x87m("fist m16", 0xdf, 2, C_023);
    x87m("fistp m16", 0xdf, 3, C_023); x87m("fild m64", 0xdf, 5, C_023); x87m("fistp m64", 0xdf, 7, C_023);
    x87m("fbld", 0xdf, 4, C_023); x87m("fbstp", 0xdf, 6, C_023);
    x87r("fld sti", 0xd9, 0xc0, true, C_023, 0);
    x87r("fxch", 0xd9, 0xc8, true, C_023, 0);
    x87r("fnop", 0xd9, 0xd0, false, 0, 0);
    x87r("fchs", 0xd9, 0xe0, false, C_023, 0);
    x87r("fabs", 0xd9, 0xe1, false, C_023, 0);
    x87r("ftst", 0xd9, 0xe4, false, 0, 0);
    x87r("fxam", 0xd9, 0xe5, false, 0, 0);
    static const char *const consts[7] = { "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz" };
    for (unsigned i = 0; i < 7; i++)
        x87r(consts[i], 0xd9, (uint8_t)(0xe8 + i), false, C_023, 0);
    static const char *const d9f[16] = { "f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp", "fincstp",
                                         "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin", "fcos" };
    for (unsigned i = 0; i < 16; i++) {
        uint16_t cu = (i == 5 || i == 8) ? 0 : (i == 2 || i == 11 || i == 14 || i == 15) ? 0x4100 : C_023;
        x87r(d9f[i], 0xd9, (uint8_t)(0xf0 + i), false, cu, 0);
    }
    static const char *const fcmov[8] = { "fcmovb", "fcmove", "fcmovbe", "fcmovu", "fcmovnb", "fcmovne", "fcmovnbe", "fcmovnu" };
    for (unsigned i = 0; i < 8; i++)
        x87r(fcmov[i], i < 4 ? 0xda : 0xdb, (uint8_t)(0xc0 + 8 * (i & 3)), true, C_023, 0);
    x87r("fucompp", 0xda, 0xe9, false, 0, 0);
    x87r("fnclex", 0xdb, 0xe2, false, 0, 0);
    x87r("fninit", 0xdb, 0xe3, false, 0, 0);
    x87r("fucomi", 0xdb, 0xe8, true, C_023, 0);
    x87r("fcomi", 0xdb, 0xf0, true, C_023, 0);
    x87r("ffree", 0xdd, 0xc0, true, C_ALL, 0);
    x87r("fst sti", 0xdd, 0xd0, true, C_023, 0);
    x87r("fstp sti", 0xdd, 0xd8, true, C_023, 0);
    x87r("fucom", 0xdd, 0xe0, true, 0, 0);
    x87r("fucomp", 0xdd, 0xe8, true, 0, 0);
    x87r("fcompp", 0xde, 0xd9, false, 0, 0);
    x87r("fnstsw ax", 0xdf, 0xe0, false, 0, 0);
    x87r("fucomip", 0xdf, 0xe8, true, C_023, 0);
    x87r("fcomip", 0xdf, 0xf0, true, C_023, 0);
}
