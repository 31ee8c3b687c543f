/*
 * test_decode.c - the x86 decoder against Capstone, the oracle.
 *
 * 1. Every instruction Capstone finds in a linear sweep of the executable
 *    sections of real binaries (Debian's busybox, libc.so.6, python3, and the
 *    i386 libc.so.6 when gcc-multilib brought it) must get the same length.
 * 2. A million random byte strings per mode (fixed seed) never crash the
 *    decoder, and lengths agree wherever Capstone decodes, except for the
 *    documented Capstone quirks below.
 *
 * Capstone quirks (Capstone is wrong or takes the AMD reading; compilers
 * never emit these): (a) near branches, RET imm16 and PUSH imm with an
 * operand- or address-size prefix among several prefixes: Capstone's
 * immediate size there depends on prefix order; we follow the manuals: 66
 * selects rel16/imm16 in 16/32-bit mode and, like AMD, in 64-bit mode; 67
 * does not change an immediate. (b) EVEX register forms where Capstone reads
 * an embedded-rounding operand and one byte too many. (c) 16-bit mode
 * 66/F2 0F 78 register forms, which Capstone reads as VMREAD.
 */
#include "xlate/decode.h"

#include <capstone/capstone.h>
#include <criterion/criterion.h>
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static long sweep(const char *path, long *checked)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    struct stat st;
    fstat(fd, &st);
    const uint8_t *f = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    cr_assert(f != MAP_FAILED);
    cr_assert(!memcmp(f, ELFMAG, SELFMAG), "%s is not ELF", path);
    bool is64 = f[EI_CLASS] == ELFCLASS64;
    csh h;
    cr_assert(cs_open(CS_ARCH_X86, is64 ? CS_MODE_64 : CS_MODE_32, &h) == CS_ERR_OK);
    cs_insn *insn = cs_malloc(h);
    uint64_t shoff, shnum, shentsize;
    if (is64) {
        const Elf64_Ehdr *e = (const void *)f;
        shoff = e->e_shoff, shnum = e->e_shnum, shentsize = e->e_shentsize;
    } else {
        const Elf32_Ehdr *e = (const void *)f;
        shoff = e->e_shoff, shnum = e->e_shnum, shentsize = e->e_shentsize;
    }
    cr_assert(shoff + shnum * shentsize <= (uint64_t)st.st_size);
    long bad = 0;
    for (uint64_t i = 0; i < shnum; i++) {
        const uint8_t *sh = f + shoff + i * shentsize;
        uint64_t off, size, flags;
        uint32_t type;
        if (is64) {
            const Elf64_Shdr *s = (const void *)sh;
            off = s->sh_offset, size = s->sh_size, flags = s->sh_flags, type = s->sh_type;
        } else {
            const Elf32_Shdr *s = (const void *)sh;
            off = s->sh_offset, size = s->sh_size, flags = s->sh_flags, type = s->sh_type;
        }
        if (type != SHT_PROGBITS || !(flags & SHF_EXECINSTR))
            continue;
        cr_assert(off + size <= (uint64_t)st.st_size);
        const uint8_t *p = f + off;
        size_t n = size;
        uint64_t addr = 0;
        while (n) {
            const uint8_t *q = p;
            size_t m = n;
            uint64_t a = addr;
            if (!cs_disasm_iter(h, &q, &m, &a, insn)) {
                p++, n--, addr++;
                continue;
            }
            struct x86_inst d;
            enum x86_decode_error e = x86_decode(p, n, is64 ? X86_MODE_64 : X86_MODE_32, &d);
            (*checked)++;
            if (e || d.len != insn->size) {
                if (bad++ < 10) {
                    char hex[64] = "";
                    for (int k = 0; k < insn->size && k < 15; k++)
                        sprintf(hex + 3 * k, "%02x ", p[k]);
                    cr_log_error("%s+0x%lx: %s %s: capstone %u bytes, ours %d (%s): %s", path, (long)(p - f),
                                 insn->mnemonic, insn->op_str, insn->size, e ? -1 : d.len, x86_decode_error_name(e), hex);
                }
            }
            p += insn->size, n -= insn->size, addr += insn->size;
        }
    }
    cs_free(insn, 1);
    cs_close(&h);
    munmap((void *)f, (size_t)st.st_size);
    return bad;
}

static void corpus(const char *path)
{
    if (access(path, R_OK) != 0) {
        cr_skip_test("%s is not installed", path);
        return;
    }
    long checked = 0;
    long bad = sweep(path, &checked);
    cr_log_info("%s: %ld instructions compared with Capstone", path, checked);
    cr_expect(checked > 10000, "%s: only %ld instructions found", path, checked);
    cr_expect(bad == 0, "%s: %ld of %ld instruction lengths differ from Capstone", path, bad, checked);
}

Test(decode_corpus, busybox, .timeout = 120) { corpus("/bin/busybox"); }
Test(decode_corpus, libc64, .timeout = 120) { corpus("/lib/x86_64-linux-gnu/libc.so.6"); }
Test(decode_corpus, python3, .timeout = 120) { corpus("/usr/bin/python3.11"); }
Test(decode_corpus, libc32, .timeout = 120) { corpus("/usr/lib32/libc.so.6"); }

/* The documented Capstone quirk: operand/address-size prefix among several
 * prefixes on an instruction whose immediate size depends on it. */
static bool capstone_quirk(const uint8_t *b, const struct x86_inst *d, unsigned cs_len, enum x86_mode mode)
{
    /* EVEX register forms: Capstone sometimes reads a rounding operand and one
     * byte more than the encoding has. */
    if ((d->prefixes & PFX_VEX) && b[0] == 0x62 && d->mod == 3 && cs_len == d->len + 1u)
        return true;
    /* 16-bit mode: Capstone reads 66/F2 0F 78 /r as VMREAD, not EXTRQ/INSERTQ. */
    if (mode == X86_MODE_16 && d->map == MAP_0F && d->opcode == 0x78)
        return true;
    int np = 0;
    bool size_pfx = false;
    for (int i = 0; i < d->len; i++) {
        uint8_t c = b[i];
        bool pfx = c == 0x66 || c == 0x67 || c == 0xf2 || c == 0xf3 || c == 0xf0 || c == 0x2e || c == 0x36 ||
                   c == 0x3e || c == 0x26 || c == 0x64 || c == 0x65 || (c & 0xf0) == 0x40;
        if (!pfx)
            break;
        np++;
        size_pfx |= c == 0x66 || c == 0x67;
    }
    bool imm_depends = d->imm_kind == IMM_RELZ || d->imm_kind == IMM_Z || d->imm_kind == IMM_16;
    return size_pfx && np >= 2 && imm_depends && d->map == MAP_ONE;
}

static void random_bytes(enum x86_mode mode, cs_mode csm)
{
    csh h;
    cr_assert(cs_open(CS_ARCH_X86, csm, &h) == CS_ERR_OK);
    cs_insn *insn = cs_malloc(h);
    uint64_t state = 0x9e3779b97f4a7c15ull ^ (uint64_t)mode;
    static const uint8_t firsts[] = { 0x0f, 0x66, 0xf2, 0xf3, 0x48, 0xc4, 0xc5, 0x62, 0x67, 0xf0, 0x41, 0x8f, 0xd9 };
    long decoded = 0, bad = 0, quirks = 0;
    for (long i = 0; i < 1000000; i++) {
        uint8_t b[16];
        for (int k = 0; k < 16; k += 8) {
            state ^= state << 13, state ^= state >> 7, state ^= state << 17;
            memcpy(b + k, &state, 8);
        }
        if (i & 1)
            b[0] = firsts[b[15] % sizeof firsts];
        struct x86_inst d;
        enum x86_decode_error e = x86_decode(b, 15, mode, &d);
        cr_assert(e != DECODE_OK || (d.len >= 1 && d.len <= 15));
        const uint8_t *q = b;
        size_t m = 15;
        uint64_t a = 0x1000;
        if (!cs_disasm_iter(h, &q, &m, &a, insn))
            continue;
        decoded++;
        if (e || d.len != insn->size) {
            if (!e && capstone_quirk(b, &d, insn->size, mode)) {
                quirks++;
                continue;
            }
            if (bad++ < 10)
                cr_log_error("mode %d: %s %s: capstone %u bytes, ours %d (%s), bytes %02x %02x %02x %02x %02x %02x %02x %02x",
                             mode * 8, insn->mnemonic, insn->op_str, insn->size, e ? -1 : d.len,
                             x86_decode_error_name(e), b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
        }
    }
    cr_log_info("mode %d: %ld random strings decoded by Capstone, %ld documented quirks", mode * 8, decoded, quirks);
    cr_expect(bad == 0, "mode %d: %ld of %ld lengths differ from Capstone", mode * 8, bad, decoded);
    cs_free(insn, 1);
    cs_close(&h);
}

Test(decode_random, mode64, .timeout = 120) { random_bytes(X86_MODE_64, CS_MODE_64); }
Test(decode_random, mode32, .timeout = 120) { random_bytes(X86_MODE_32, CS_MODE_32); }
Test(decode_random, mode16, .timeout = 120) { random_bytes(X86_MODE_16, CS_MODE_16); }

/* Spot checks of decoded fields, not just lengths. */
Test(decode_fields, modrm_sib_disp_imm)
{
    struct x86_inst d;
    /* mov dword [rax+rcx*4+0x10], 0x12345678 */
    static const uint8_t a[] = { 0xc7, 0x44, 0x88, 0x10, 0x78, 0x56, 0x34, 0x12 };
    cr_assert_eq(x86_decode(a, sizeof a, X86_MODE_64, &d), DECODE_OK);
    cr_expect_eq(d.len, 8);
    cr_expect_eq(d.base, 0);
    cr_expect_eq(d.index, 1);
    cr_expect_eq(d.scale, 2);
    cr_expect_eq(d.disp, 0x10);
    cr_expect_eq(d.imm, 0x12345678);
    cr_expect_eq(d.osize, 4);
    /* REX.W + r8: mov r8, imm64 */
    static const uint8_t b[] = { 0x49, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8 };
    cr_assert_eq(x86_decode(b, sizeof b, X86_MODE_64, &d), DECODE_OK);
    cr_expect_eq(d.len, 10);
    cr_expect_eq(d.osize, 8);
    cr_expect_eq(d.imm, 0x0807060504030201ull);
    /* rip-relative lea rax, [rip-8] */
    static const uint8_t c[] = { 0x48, 0x8d, 0x05, 0xf8, 0xff, 0xff, 0xff };
    cr_assert_eq(x86_decode(c, sizeof c, X86_MODE_64, &d), DECODE_OK);
    cr_expect(d.rip_relative);
    cr_expect_eq(d.disp, -8);
    /* push in 64-bit mode defaults to 64-bit operands; 40-4F are INC/DEC in 32-bit mode */
    static const uint8_t e[] = { 0x50 };
    cr_assert_eq(x86_decode(e, 1, X86_MODE_64, &d), DECODE_OK);
    cr_expect_eq(d.osize, 8);
    static const uint8_t f[] = { 0x48 };
    cr_assert_eq(x86_decode(f, 1, X86_MODE_32, &d), DECODE_OK);
    cr_expect_eq(d.len, 1);
    cr_expect_eq(x86_decode(f, 1, X86_MODE_64, &d), DECODE_TRUNCATED);
    /* 16-bit addressing: mov ax, [bp+si+0x1234] */
    static const uint8_t g[] = { 0x8b, 0x82, 0x34, 0x12 };
    cr_assert_eq(x86_decode(g, sizeof g, X86_MODE_16, &d), DECODE_OK);
    cr_expect_eq(d.len, 4);
    cr_expect_eq(d.base, 5);
    cr_expect_eq(d.index, 6);
    cr_expect_eq(d.disp, 0x1234);
    /* VEX3: vpermq ymm0, ymm1, 0x4e (C4 E3 FD 00 C1 4E) */
    static const uint8_t v[] = { 0xc4, 0xe3, 0xfd, 0x00, 0xc1, 0x4e };
    cr_assert_eq(x86_decode(v, sizeof v, X86_MODE_64, &d), DECODE_OK);
    cr_expect_eq(d.map, MAP_0F3A);
    cr_expect_eq(d.vex_l, 1);
    cr_expect(d.vex_w);
    cr_expect_eq(d.imm, 0x4e);
    /* 16 prefixes: too long; invalid in 64-bit mode: PUSH ES */
    uint8_t longi[16];
    memset(longi, 0x66, sizeof longi);
    cr_expect_eq(x86_decode(longi, sizeof longi, X86_MODE_64, &d), DECODE_TOO_LONG);
    static const uint8_t es[] = { 0x06 };
    cr_expect_eq(x86_decode(es, 1, X86_MODE_64, &d), DECODE_INVALID);
    cr_expect_eq(x86_decode(es, 1, X86_MODE_32, &d), DECODE_OK);
}
